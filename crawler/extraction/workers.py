"""Extraction in worker processes, so that a crawl uses more than one core.

Scrapy runs in one thread: fetching, discovery, WARC capture, storage and extraction
share one core, and extraction is more than half of the work per page. Handing each
page to a worker process lets the crawl's own thread go on fetching and storing while
pages are extracted on the other cores. :func:`crawler.extraction.extract` stays a
plain function; a worker just calls it.

One pool serves every crawl of a process (``novadi crawl --all`` runs a crawler per
site in one process): :func:`acquire` starts it with the first crawl, :func:`release`
stops it after the last. A page that hangs a worker or kills it costs that page, never
the crawl (see :class:`ExtractionPool`).
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading

LOGGER = logging.getLogger(__name__)


class ExtractionFailed(RuntimeError):
    """The page's extraction hung or killed its worker process."""


def worker_count(setting) -> int:
    """``NOVADI_EXTRACT_WORKERS``: a number, or ``auto`` (one per core but the crawl's own,
    at most four; none on a single core, where a worker would only add copying)."""
    if setting in (None, "", "auto"):
        return max(0, min(4, (os.cpu_count() or 1) - 1))
    try:
        count = int(setting)
    except (TypeError, ValueError):
        raise ValueError(f"NOVADI_EXTRACT_WORKERS must be a number or 'auto', not {setting!r}") from None
    if count < 0:
        raise ValueError(f"NOVADI_EXTRACT_WORKERS must not be negative, not {count}")
    return count


def _run(target, kwargs: dict):
    if target is None:
        from crawler.extraction import extract as target
    return target(**kwargs)


def _warm_up() -> None:
    # The first page would otherwise pay for importing trafilatura, lxml and the date
    # patterns; a worker does it as it starts.
    import crawler.extraction  # noqa: F401


def _retrieved(future) -> None:
    # a waiter that timed out no longer reads its future's outcome: read it here, so
    # asyncio does not warn about an exception nobody retrieved
    if not future.cancelled():
        future.exception()


class _Job:
    __slots__ = ("kwargs", "future", "retried")

    def __init__(self, kwargs, loop):
        self.kwargs, self.retried = kwargs, False
        self.future = self._new_future(loop)

    def _new_future(self, loop):
        future = loop.create_future()
        future.add_done_callback(_retrieved)
        return future


class _Resubmit(Exception):
    """The pool this page was waiting in was replaced: it waits again in the new one."""


class ExtractionPool:
    """Worker processes that extract pages, replaced when they stop making progress.

    A stall is told from a long queue by progress, not by each page's own wait: the pool
    is stuck when no page has come back for ``timeout`` seconds while pages wait. The
    oldest pages still waiting then are the ones the workers were on; each of them gets one
    more try in the new pool, and fails if it was already on its second try.
    """

    def __init__(self, workers: int, timeout: float = 120.0, target=None):
        # target: a module-level function standing in for ``extract`` (tests)
        self.workers, self.timeout, self.target = workers, timeout, target
        # spawn, not fork: the crawl's process already runs threads (the reactor's
        # resolver, SQLite's writer), and a forked copy of a held lock never unlocks
        self._context = multiprocessing.get_context("spawn")
        self._pool = None
        self._jobs: list[_Job] = []  # in the order they were handed to the pool
        self._progress = 0.0
        self.restarts = 0

    def _start(self, loop):
        if self._pool is None:
            self._pool = self._context.Pool(self.workers, initializer=_warm_up)
            self._progress = loop.time()
            LOGGER.info("extracting pages in %d worker process%s", self.workers, "" if self.workers == 1 else "es")
        return self._pool

    def _submit(self, job: _Job, loop) -> None:
        pool = self._start(loop)

        def done(result, job=job, pool=pool):
            loop.call_soon_threadsafe(self._settle, job, pool, result, None, loop)

        def failed(exc, job=job, pool=pool):
            loop.call_soon_threadsafe(self._settle, job, pool, None, exc, loop)

        pool.apply_async(_run, (self.target, job.kwargs), callback=done, error_callback=failed)

    def _settle(self, job: _Job, pool, result, exc, loop) -> None:
        if pool is not self._pool or job.future.done():
            return  # from a pool that was replaced meanwhile
        self._progress = loop.time()
        if exc is not None:
            job.future.set_exception(exc)
        else:
            job.future.set_result(result)

    async def extract(self, **kwargs):
        """``extract(**kwargs)`` in a worker; raises :class:`ExtractionFailed` when the page
        hangs or kills its worker twice."""
        loop = asyncio.get_running_loop()
        job = _Job(kwargs, loop)
        self._jobs.append(job)
        self._submit(job, loop)
        try:
            while True:
                wait = max(0.05, self._progress + self.timeout - loop.time())
                try:
                    return await asyncio.wait_for(asyncio.shield(job.future), wait)
                except asyncio.TimeoutError:
                    if loop.time() - self._progress >= self.timeout:
                        self._stalled(loop)
                except _Resubmit:
                    pass
        finally:
            self._jobs.remove(job)

    def _stalled(self, loop) -> None:
        old, self._pool = self._pool, None
        self.restarts += 1
        LOGGER.warning("extraction workers gave no answer in %.0f s; starting new ones", self.timeout)
        if old is not None:
            old.terminate()
        waiting = [job for job in self._jobs if not job.future.done()]
        suspects = waiting[:self.workers]
        for job in waiting:
            previous = job.future
            if job in suspects and job.retried:
                previous.set_exception(ExtractionFailed(f"no answer in {self.timeout:.0f} s, twice"))
                continue
            job.retried = job.retried or job in suspects
            job.future = job._new_future(loop)
            previous.set_exception(_Resubmit())
            self._submit(job, loop)

    def close(self) -> None:
        # called when no page is waiting: the workers are idle, and a worker that hangs
        # on an abandoned page must not hold the crawl's exit
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


_shared: ExtractionPool | None = None
_users = 0
_shared_lock = threading.Lock()


def acquire(workers: int, timeout: float) -> ExtractionPool:
    """The process's pool, started on first use."""
    global _shared, _users
    with _shared_lock:
        if _shared is None:
            _shared = ExtractionPool(workers, timeout)
        _users += 1
        return _shared


def release() -> None:
    """Stop the pool when the last crawl that used it is done."""
    global _shared, _users
    with _shared_lock:
        _users -= 1
        if _users <= 0 and _shared is not None:
            _shared.close()
            _shared, _users = None, 0
