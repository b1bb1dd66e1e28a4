"""One writer process per archive: an advisory lock on ``<archive>.lock``.

A crawl holds it from start to end, so a second crawl of the same archive waits or
refuses (naming the first one's pid) instead of racing it: creating the schema twice,
marking the other's live runs as interrupted, or reporting its sites. Opening an
archive for writing takes it briefly while migrations run. The lock is ``flock(2)``:
the kernel drops it when its process dies, even by SIGKILL, so a stale file never
blocks anybody.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path

# Locks this process holds, by lock file: taking one again is a no-op (a crawl
# holds it while its pipelines open the archive).
_held: dict[str, int] = {}


class ArchiveBusy(Exception):
    """Another process is writing to the archive."""


def lock_path(db_path: str | Path) -> Path:
    path = Path(db_path)
    return path.with_name(path.name + ".lock")


def _holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 32).decode("ascii", "replace").strip() or "?"
    except OSError:
        return "?"


@contextmanager
def archive_lock(db_path: str | Path, *, wait: bool | float = True, what: str = "crawl"):
    """Hold the archive's writer lock. ``wait``: True waits for ever, a number of
    seconds waits that long, False refuses at once; a refusal raises :class:`ArchiveBusy`."""
    if str(db_path) == ":memory:":
        yield
        return
    path = lock_path(db_path)
    key = str(path.resolve())
    if key in _held:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = None if wait is True else time.monotonic() + float(wait or 0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    raise ArchiveBusy(f"another {what} (pid {_holder(fd)}) is writing to {db_path}") from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        _held[key] = fd
        try:
            yield
        finally:
            del _held[key]
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing the descriptor releases the flock
