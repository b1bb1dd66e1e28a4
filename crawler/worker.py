"""``novadi worker``: take crawl jobs from Redis and crawl each site under its lease.

Each site is crawled in a child process (Scrapy's reactor runs once per process)
with the distributed settings; the worker renews nothing itself: the child's
LeaseKeeper does, so a worker killed with its child loses the lease after the TTL.
Sites whose crawl is under way but whose lease has expired were left by a dead
worker; any worker picks them up and resumes them from the shared queue.
"""
from __future__ import annotations

import json
import logging
import subprocess
import sys
import time

from crawler import distributed as d

logger = logging.getLogger(__name__)


def orphaned_sites(server) -> list[str]:
    """Sites with a crawl under way and nobody holding their lease."""
    out = []
    for member in server.smembers(d.ACTIVE):
        site = member.decode() if isinstance(member, bytes) else member
        if not server.exists(d.lease_key(site)):
            out.append(site)
    return sorted(out)


def next_job(server, timeout: int) -> dict | None:
    for site in orphaned_sites(server):
        return {"site": site, "mode": "incremental", "resume": True}
    popped = server.blpop([d.JOBS], timeout=timeout)
    if popped is None:
        return None
    return json.loads(popped[1])


def crawl_site(job: dict, *, redis_url: str, owner: str, ttl: int, registry: str | None,
               settings: dict) -> int:
    """Run one site's crawl in a child process; return its exit code."""
    cmd = [sys.executable, "-m", "archive", "crawl", job["site"], "--distributed-child",
           "--redis", redis_url]
    if registry:
        cmd += ["--registry", registry]
    if job.get("mode") == "full":
        cmd.append("--full")
    merged = {**settings, "NOVADI_LEASE_OWNER": owner, "NOVADI_LEASE_TTL": str(ttl)}
    for name, value in merged.items():
        cmd += ["-s", f"{name}={value}"]
    return subprocess.call(cmd)


def run_worker(redis_url: str, *, registry: str | None = None, ttl: int = 60, settings: dict | None = None,
               exit_when_idle: bool = False, poll: int = 2, echo=print) -> int:
    server = d.redis_client(redis_url)
    owner = d.worker_id()
    crawled = 0
    while True:
        job = next_job(server, poll)
        if job is None:
            if exit_when_idle and not server.scard(d.ACTIVE) and not server.llen(d.JOBS):
                return crawled
            continue
        site = job["site"]
        if not d.acquire_lease(server, site, owner, ttl):
            # Another worker crawls it now; the job is done when that crawl is.
            time.sleep(0.2)
            continue
        server.sadd(d.ACTIVE, site)
        echo(f"{owner}: crawling {site}" + (" (resuming)" if job.get("resume") else ""))
        try:
            code = crawl_site(job, redis_url=redis_url, owner=owner, ttl=ttl, registry=registry,
                              settings=settings or {})
        finally:
            d.release_lease(server, site, owner)
        crawled += 1
        echo(f"{owner}: {site} done (exit {code})")


def enqueue(redis_url: str, site_ids, mode: str = "incremental") -> int:
    server = d.redis_client(redis_url)
    queued = {json.loads(j)["site"] for j in server.lrange(d.JOBS, 0, -1)}
    count = 0
    for site in site_ids:
        if site in queued:
            continue
        server.rpush(d.JOBS, json.dumps({"site": site, "mode": mode}))
        count += 1
    return count
