"""The public site served by ``novadi serve``'s function in a child process, for tests that
need a real HTTP server (a browser, concurrent clients)."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(db: Path, log_level: str = "warning", log=subprocess.DEVNULL):
    """Serve ``db`` on loopback; yields the base URL (no trailing slash)."""
    port = free_port()
    code = ("import sys; from archive.site.serve import serve; "
            "serve(sys.argv[1], '127.0.0.1', int(sys.argv[2]), log_level=sys.argv[3])")
    process = subprocess.Popen([sys.executable, "-c", code, str(db), str(port), log_level],
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the site did not start (exit {process.poll()})") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
