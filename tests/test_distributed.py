"""Distributed mode with a real Redis: three workers and one writer crawl the sample world."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter, defaultdict

import pytest

from crawler.registry import dump_entries
from tests.conftest import FAST, rows

REDIS = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(REDIS is None, reason="redis-server is not installed (apt-get install redis-server)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    port = free_port()
    proc = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(10)


def novadi(*args, log=None) -> subprocess.Popen:
    env = {**os.environ, "NOVADI_CONTACT": "tests@example.org"}
    # Logs go to a file: a pipe nobody reads would fill up and stall the process.
    out = open(log, "ab") if log else subprocess.DEVNULL
    return subprocess.Popen([sys.executable, "-m", "archive", *args], env=env, start_new_session=True,
                            stdout=out, stderr=out)


def settings_args(settings: dict) -> list[str]:
    out = []
    for name, value in settings.items():
        out += ["-s", f"{name}={value}"]
    return out


def start_cluster(world, tmp_path, redis_url, *, workers=3, settings=None, ttl=3):
    registry = tmp_path / "sites.toml"
    registry.write_text(dump_entries(world.registry_entries()), encoding="utf-8")
    queued = subprocess.run([sys.executable, "-m", "archive", "crawl", *world.site_ids, "--distributed",
                             "--redis", redis_url, "--registry", str(registry)], capture_output=True, text=True)
    assert queued.returncode == 0, queued.stderr
    args = settings_args({**FAST, "LOG_LEVEL": "WARNING", "NOVADI_WARC_DIR": str(tmp_path / "warc"), **(settings or {})})
    procs = [novadi("worker", "--redis", redis_url, "--registry", str(registry), "--exit-when-idle",
                    "--lease-ttl", str(ttl), *args, log=tmp_path / f"worker{i}.log") for i in range(workers)]
    writer = novadi("ingest", "--redis", redis_url, "--db", str(tmp_path / "novadi.db"), "--exit-when-idle",
                    log=tmp_path / "ingest.log")
    return procs, writer


def wait(procs, timeout=300):
    for p in procs:
        p.wait(timeout)


def stored_articles(db):
    return {r["url"]: r for r in rows(db, "SELECT url, site, title, published, body FROM articles")}


def fetches(log, since):
    return Counter((entry[1], entry[3]) for entry in log[since:] if entry[2] == "GET")


def test_three_workers_one_writer_same_articles_as_one_machine(world, crawled, tmp_path, redis_url):
    start = len(world.request_log)
    workers, writer = start_cluster(world, tmp_path, redis_url)
    wait(workers + [writer])
    logs = "".join(p.read_text(errors="replace")[-1500:] for p in tmp_path.glob("*.log"))
    assert all(p.returncode == 0 for p in workers + [writer]), logs
    one_machine_db, _ = crawled
    single = stored_articles(one_machine_db)
    cluster = stored_articles(tmp_path / "novadi.db")
    assert set(cluster) == set(single)
    for url, row in single.items():
        assert (cluster[url]["title"], cluster[url]["published"], cluster[url]["body"]) == (
            row["title"], row["published"], row["body"]), url
    twice = {k: v for k, v in fetches(world.request_log, start).items() if v > 1}
    assert not twice, f"fetched more than once: {list(twice)[:5]}"
    assert rows(tmp_path / "novadi.db", "SELECT count(*) AS n FROM crawl_runs WHERE finish_reason = 'finished'")[0]["n"] == len(world.site_ids)
    assert list((tmp_path / "warc").glob("*.warc.gz"))
    # The same teaser account as one machine's, merged from the workers' shares.
    coverage = ("SELECT site, teasers, teasers_archived, coverage FROM crawl_runs WHERE id IN (SELECT min(id) "
                "FROM crawl_runs WHERE finish_reason = 'finished' GROUP BY site) ORDER BY site")  # each site's first crawl
    one = rows(one_machine_db, coverage)
    assert rows(tmp_path / "novadi.db", coverage) == one
    assert all(r["teasers"] > 0 and r["coverage"] == 1.0 for r in one), one


def test_killed_worker_and_writer_lose_and_duplicate_nothing(world, crawled, tmp_path, redis_url):
    delay = 0.25
    start = len(world.request_log)
    workers, writer = start_cluster(world, tmp_path, redis_url, settings={"DOWNLOAD_DELAY": delay})
    time.sleep(4)
    os.killpg(workers[0].pid, signal.SIGKILL)      # a worker and the crawl it was running
    os.killpg(writer.pid, signal.SIGKILL)          # and the writer
    time.sleep(1)
    writer = novadi("ingest", "--redis", redis_url, "--db", str(tmp_path / "novadi.db"), "--exit-when-idle",
                    log=tmp_path / "ingest2.log")
    wait(workers[1:] + [writer])
    one_machine_db, _ = crawled
    db = tmp_path / "novadi.db"
    assert set(stored_articles(db)) == set(stored_articles(one_machine_db))
    assert rows(db, "SELECT count(*) AS n FROM articles")[0]["n"] == len(stored_articles(one_machine_db))
    assert rows(db, "PRAGMA integrity_check")[0]["integrity_check"] == "ok"
    # Politeness across the cluster: one site's requests never closer than the
    # delay allows (Scrapy randomizes it between 0.5x and 1.5x).
    by_site = defaultdict(list)
    for t, site, method, path, headers in world.request_log[start:]:
        by_site[site].append(t)
    for site, times in by_site.items():
        gaps = [b - a for a, b in zip(times, times[1:])]
        assert min(gaps) >= 0.5 * delay * 0.9, (site, min(gaps))
