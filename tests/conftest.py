"""Shared fixtures: the offline sample world and crawls of it.

Crawls run ``novadi crawl`` in a child process (Scrapy's reactor starts once per
process) against sample sites served on loopback by the test itself.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.canonical import canonical_url
from crawler.registry import dump_entries

FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "LOG_LEVEL": "INFO",
        "NOVADI_RETRY_BACKOFF_BASE": "0.1"}


def run_novadi(*args, env=None, timeout=600) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "NOVADI_CONTACT": "tests@example.org", **(env or {})}
    return subprocess.run([sys.executable, "-m", "archive", *args], capture_output=True, text=True,
                          timeout=timeout, env=full_env)


def crawl(world, db: Path, site_ids=None, *extra, settings=None, registry: Path | None = None, env=None):
    registry = registry or db.parent / "sites.toml"
    registry.write_text(dump_entries(world.registry_entries()), encoding="utf-8")
    args = ["crawl", *(site_ids or world.site_ids), "--db", str(db), "--registry", str(registry), *extra]
    for name, value in {**FAST, **(settings or {})}.items():
        args += ["-s", f"{name}={value}"]
    return run_novadi(*args, env=env)


def finished(result) -> bool:
    """A crawl that ran to its end: exit 0, or exit 1 only because a site's health is flagged."""
    return result.returncode == 0 or (result.returncode == 1 and "FLAGGED" in result.stdout
                                      and "Traceback" not in result.stderr)


def rows(db: Path, sql: str, params=()) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def canon(url: str) -> str:
    return canonical_url(url)


@pytest.fixture(scope="session")
def world():
    from crawler.sample_sites.server import SampleWorld

    with SampleWorld() as w:
        yield w


@pytest.fixture(scope="session")
def crawled(world, tmp_path_factory):
    """The whole sample world crawled once into a fresh archive."""
    db = tmp_path_factory.mktemp("crawl") / "novadi.db"
    result = crawl(world, db)
    # Exit 1 with FLAGGED is a finished crawl whose health test_crawl_e2e judges.
    assert finished(result), result.stdout + result.stderr[-4000:]
    return db, result
