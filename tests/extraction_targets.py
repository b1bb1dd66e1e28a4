"""Stand-ins for ``extract`` that misbehave on purpose, run in extraction worker processes
by tests/test_extraction_workers.py (module-level, so a spawned worker can import them)."""
import os
import time

from crawler.extraction import extract


def misbehaving(**kwargs):
    if "HANG" in kwargs["html"]:
        time.sleep(600)
    if "CRASH" in kwargs["html"]:
        os._exit(3)  # a worker killed under the page (a crash in a C extension, the OOM killer)
    return extract(**kwargs)
