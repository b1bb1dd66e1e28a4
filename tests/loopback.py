"""Servers the tests start on loopback: a free port, and a child process serving on it."""
from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(args: list[str], port: int, log_path: Path, *, cwd=None, timeout: float = 60):
    """Start ``args`` and wait until it listens on ``port``; its output goes to ``log_path``
    (a pipe nobody reads would fill up and stall it)."""
    log = open(log_path, "wb")
    process = subprocess.Popen(args, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    process.log = log
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log.close()
                pytest.fail(f"{args[0]} did not start: " + Path(log_path).read_text(errors="replace")[-4000:])
            time.sleep(0.1)


def stop_server(process) -> None:
    process.terminate()
    process.wait(timeout=20)
    process.log.close()
