"""Crawl a generated site as a new user would and compare the archive with its ground truth.

A site is exact when the archive holds every generated article once (under its
URL or one of its variants), nothing else, and each with the generated title,
published and updated dates and body; and the crawl asked for nothing robots.txt
forbids.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from crawler.canonical import canonical_url

FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "LOG_LEVEL": "INFO",
        "NOVADI_RETRY_BACKOFF_BASE": "0.1"}
FIELDS = ("title", "published", "updated", "body")


def crawl_command(base_url: str, db: Path, *extra: str) -> list[str]:
    args = [sys.executable, "-m", "archive", "crawl", "--url", base_url, "--db", str(db), *extra]
    for name, value in FAST.items():
        args += ["-s", f"{name}={value}"]
    return args


def crawl(base_url: str, db: Path, *extra: str, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "NOVADI_CONTACT": "tests@example.org"}
    return subprocess.run(crawl_command(base_url, db, *extra), capture_output=True, text=True,
                          timeout=timeout, env=env)


def stored(db: Path) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT url, title, published, updated, body, gone_at FROM articles")]
    finally:
        conn.close()


def differences(rows: list[dict], expected: list[dict]) -> list[tuple[str, str]]:
    """(problem kind, detail) for every way the archive differs from the ground truth."""
    owner = {}
    for index, article in enumerate(expected):
        for url in [article["url"], *article.get("variants", [])]:
            owner[canonical_url(url)] = index
    found: dict[int, list[dict]] = {}
    problems = []
    for row in rows:
        index = owner.get(canonical_url(row["url"]))
        if index is None:
            problems.append(("extra", row["url"]))
        else:
            found.setdefault(index, []).append(row)
    for index, article in enumerate(expected):
        got = found.get(index, [])
        if not got:
            problems.append(("missing", article["url"]))
            continue
        if len(got) > 1:
            problems.append(("duplicate", f"{article['url']} stored as {[r['url'] for r in got]}"))
        for name in FIELDS:
            if (got[0][name] or None) != (article[name] or None):
                problems.append((name, f"{article['url']}: got {got[0][name]!r}, want {article[name]!r}"))
    return problems


def live(rows: list[dict]) -> list[dict]:
    return [r for r in rows if not r.get("gone_at")]


def judge(world, seed: int, db: Path, *extra: str) -> dict:
    """Crawl one served seed into ``db`` and compare; the result names the seed's traits."""
    result = crawl(world.base_url(seed), db, *extra)
    finished = result.returncode == 0 or (result.returncode == 1 and "FLAGGED" in result.stdout
                                          and "Traceback" not in result.stderr)
    problems = differences(stored(db), world.expected_articles(seed)) if db.exists() else [("crawl", "no archive")]
    if not finished:
        problems.insert(0, ("crawl", f"exit {result.returncode}: {result.stderr[-500:]}"))
    problems += [("robots", path) for path in world.robots_violations(seed)]
    return {"seed": seed, "problems": problems, "stdout": result.stdout, "traits": world.platform(seed).t}


def judge_many(world, seeds, workdir: Path, jobs: int = 4) -> dict[int, dict]:
    """Every seed crawled in its own process, ``jobs`` at a time."""
    from concurrent.futures import ThreadPoolExecutor

    def one(seed):
        folder = workdir / f"zoo-{seed}"
        folder.mkdir(parents=True, exist_ok=True)
        return judge(world, seed, folder / "novadi.db")

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return {r["seed"]: r for r in pool.map(one, seeds)}


def reproduce(seed: int) -> str:
    """The commands that serve a seed and crawl it, for failure messages."""
    return (f"python -m crawler.sample_sites.zoo serve --seed {seed}   # then, with the URL it prints:\n"
            f"novadi crawl --url <URL> --db /tmp/zoo-{seed}.db -s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=False")
