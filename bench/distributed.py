"""Distributed crawling: pages per second with 1, 2 and 4 workers on the sample world.

Politeness is off (no delay, no AutoThrottle); a worker crawls one site at a time
under its lease, so the sample world's four sites bound the useful parallelism.
The one-process crawl (`novadi crawl`, all sites concurrently in one reactor) is
measured in the same run as the plain alternative.

    python bench/distributed.py [--workers 1,2,4] [--repeat 1]
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.registry import dump_entries  # noqa: E402
from crawler.sample_sites.server import SampleWorld  # noqa: E402

FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "LOG_LEVEL": "ERROR"}


def settings_args(extra=None):
    out = []
    for name, value in {**FAST, **(extra or {})}.items():
        out += ["-s", f"{name}={value}"]
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def novadi(*args, **kw):
    env = {**os.environ, "NOVADI_CONTACT": "bench@example.org"}
    return subprocess.Popen([sys.executable, "-m", "archive", *args], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def run_cluster(world, tmp: Path, redis_url: str, workers: int) -> tuple[float, int]:
    registry = tmp / "sites.toml"
    registry.write_text(dump_entries(world.registry_entries()), encoding="utf-8")
    start_log = len(world.request_log)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "archive", "crawl", *world.site_ids, "--distributed",
                    "--redis", redis_url, "--registry", str(registry)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    procs = [novadi("worker", "--redis", redis_url, "--registry", str(registry), "--exit-when-idle",
                    *settings_args({"NOVADI_WARC_DIR": str(tmp / "warc")})) for _ in range(workers)]
    writer = novadi("ingest", "--redis", redis_url, "--db", str(tmp / "novadi.db"), "--exit-when-idle")
    for p in procs + [writer]:
        p.wait()
    return time.perf_counter() - started, len(world.request_log) - start_log


def run_single(world, tmp: Path) -> tuple[float, int]:
    registry = tmp / "sites.toml"
    registry.write_text(dump_entries(world.registry_entries()), encoding="utf-8")
    start_log = len(world.request_log)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "archive", "crawl", *world.site_ids, "--db", str(tmp / "novadi.db"),
                    "--registry", str(registry), *settings_args()], cwd=ROOT, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, len(world.request_log) - start_log


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    redis_server = shutil.which("redis-server")
    if not redis_server:
        sys.exit("redis-server is not installed")
    port = free_port()
    redis = subprocess.Popen([redis_server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no"], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    time.sleep(0.5)
    rows = []
    try:
        with SampleWorld() as world:
            for _ in range(args.repeat):
                with tempfile.TemporaryDirectory() as tmp:
                    seconds, pages = run_single(world, Path(tmp))
                    rows.append(("one process (novadi crawl)", seconds, pages))
                for n in [int(x) for x in args.workers.split(",")]:
                    subprocess.run(["redis-cli", "-p", str(port), "flushall"], stdout=subprocess.DEVNULL)
                    with tempfile.TemporaryDirectory() as tmp:
                        seconds, pages = run_cluster(world, Path(tmp), url, n)
                        rows.append((f"{n} worker(s) + 1 writer", seconds, pages))
    finally:
        redis.terminate()
    print(f"{'setup':30} {'seconds':>8} {'pages':>6} {'pages/s':>8}")
    for name, seconds, pages in rows:
        print(f"{name:30} {seconds:8.2f} {pages:6d} {pages / seconds:8.1f}")


if __name__ == "__main__":
    main()
