"""Crash safety: a crawl killed at any moment, a full disk, readers during a crawl.

- SIGKILL at random moments of crawls of the sample world: after each kill the
  archive opens, passes ``PRAGMA integrity_check`` and FTS5's own check, and holds
  no half-written article; after a last crawl every expected article is there
  exactly once.
- A disk that fills up in the middle of a crawl: one clear error line, no
  traceback, the archive intact with everything committed before, and the next
  crawl (with space again) completes it.
- Readers while a crawl writes: no "database is locked", counts never go back.

NOVADI_CRASH_KILLS sets the number of kills (default 20); NOVADI_CRASH_SEED
replays one sequence of kill times.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.warc import read_record
from crawler.canonical import canonical_url
from crawler.registry import dump_entries
from crawler.sample_sites.server import SampleWorld
from tests.conftest import FAST, crawl, rows

KILLS = int(os.environ.get("NOVADI_CRASH_KILLS", "20"))
# Small batches and a small delay: many commits, and kills that land between and inside them.
CRASH_SETTINGS = {"NOVADI_STORE_BATCH": "3", "NOVADI_STORE_BATCH_SECONDS": "0.5", "DOWNLOAD_DELAY": "0.1"}


@pytest.fixture(scope="module")
def world():
    """The sample world on addresses of its own, so other tests' edits do not reach it."""
    with SampleWorld(first_host=40) as w:
        yield w


def crawl_args(world, db: Path, settings: dict, extra=()) -> list[str]:
    registry = db.parent / "sites.toml"
    registry.write_text(dump_entries(world.registry_entries()), encoding="utf-8")
    args = [sys.executable, "-m", "archive", "crawl", *world.site_ids, "--db", str(db), "--registry", str(registry),
            *extra]
    for name, value in {**FAST, "LOG_LEVEL": "WARNING", **settings}.items():
        args += ["-s", f"{name}={value}"]
    return args


def start_crawl(world, db: Path, settings: dict, log: Path, extra=()) -> subprocess.Popen:
    env = {**os.environ, "NOVADI_CONTACT": "tests@example.org"}
    with open(log, "ab") as out:
        return subprocess.Popen(crawl_args(world, db, settings, extra), stdout=out, stderr=subprocess.STDOUT,
                                env=env)


def consistency_problems(db: Path, warc_dir: Path | None = None) -> list[str]:
    """Everything wrong with the archive at ``db``: an empty list when it is sound."""
    problems = []
    conn = sqlite3.connect(db, timeout=30)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchall()
        if check != [("ok",)]:
            problems.append(f"integrity_check: {check[:3]}")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "articles" not in tables:
            # Killed before the schema's first migration committed: migrations are
            # atomic, so the next crawl creates the schema whole.
            if "sites" in tables or "crawl_runs" in tables:
                problems.append(f"half a schema: {sorted(tables)}")
            return problems
        try:
            conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            problems.append(f"FTS index: {exc}")
        queries = {
            "article without its URL": "SELECT a.url FROM articles a WHERE NOT EXISTS "
                                       "(SELECT 1 FROM article_urls u WHERE u.url = a.url AND u.article_id = a.id)",
            "article without revision 1": "SELECT a.url FROM articles a WHERE NOT EXISTS "
                                          "(SELECT 1 FROM revisions r WHERE r.article_id = a.id AND r.rev = 1)",
            "article whose revision is not its last": "SELECT a.url FROM articles a WHERE a.revision != "
                                                      "(SELECT max(rev) FROM revisions r WHERE r.article_id = a.id)",
            "revision of no article": "SELECT r.article_id FROM revisions r WHERE NOT EXISTS "
                                      "(SELECT 1 FROM articles a WHERE a.id = r.article_id)",
            "article with an empty body": "SELECT url FROM articles WHERE body IS NULL OR trim(body) = ''",
            "article stored twice": "SELECT url FROM articles GROUP BY url HAVING count(*) > 1",
            "page pointing to no article": "SELECT p.url FROM pages p WHERE p.article_id IS NOT NULL AND NOT EXISTS "
                                           "(SELECT 1 FROM articles a WHERE a.id = p.article_id)",
            "article without a page": "SELECT a.url FROM articles a WHERE NOT EXISTS "
                                      "(SELECT 1 FROM pages p WHERE p.url = a.url)",
        }
        for what, sql in queries.items():
            found = [r[0] for r in conn.execute(sql).fetchall()]
            if found:
                problems.append(f"{what}: {found[:3]}")
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        indexed = conn.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
        if articles != indexed:
            problems.append(f"{articles} articles but {indexed} in the full-text index")
        if warc_dir is not None:
            for url, file, offset, length in conn.execute(
                    "SELECT url, warc_file, warc_offset, warc_length FROM articles"):
                if file is None:
                    problems.append(f"article {url} has no raw capture")
                    break
                try:
                    read_record(warc_dir, file, offset, length)
                except Exception as exc:  # noqa: BLE001 - any failure to read is a lost capture
                    problems.append(f"raw capture of {url} unreadable: {exc}")
                    break
    finally:
        conn.close()
    return problems


def unfinished_runs(db: Path) -> list[tuple]:
    """The sites whose last crawl run did not finish (the exit status also reports health flags)."""
    return [(r["site"], r["finish_reason"]) for r in rows(
        db, "SELECT site, finish_reason FROM crawl_runs WHERE id IN (SELECT max(id) FROM crawl_runs GROUP BY site)")
        if r["finish_reason"] != "finished"]


def lost_or_doubled(world, db: Path) -> list[str]:
    """Expected articles missing from the archive, or stored a second time under another URL.

    Pages that extraction takes for articles although the sample world does not
    (extraction quality, tested elsewhere) are not counted against crash safety.
    """
    out = []
    for site in world.site_ids:
        expected = {canonical_url(a["url"]) for a in world.expected_articles(site)}
        stored = {r["url"]: r["body_hash"] for r in rows(db, "SELECT url, body_hash FROM articles WHERE site = ?",
                                                         (site,))}
        missing = sorted(expected - set(stored))
        hashes = {stored[url] for url in expected if url in stored}
        doubled = sorted(url for url, digest in stored.items() if url not in expected and digest in hashes)
        if missing or doubled:
            out.append(f"{site}: lost {missing[:3]}, stored twice {doubled[:3]}")
    return out


# -- SIGKILL ------------------------------------------------------------------------------

def test_sigkill_at_random_moments_loses_and_duplicates_nothing(world, tmp_path):
    seed = int(os.environ.get("NOVADI_CRASH_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    db, log = tmp_path / "novadi.db", tmp_path / "crawls.log"
    outcomes = []
    for number in range(KILLS):
        # Every other crawl is a full one: it fetches and writes every article again,
        # so kills land in writes even once the archive is complete.
        # After the first crawl every crawl is a full one, so that each has work to be
        # killed in the middle of (an incremental crawl of a complete archive is short).
        crawl_process = start_crawl(world, db, CRASH_SETTINGS, log, ["--full"] if number else [])
        delay = rng.uniform(0.5, 5.0)
        try:
            crawl_process.wait(timeout=delay)
            outcome = "finished before the kill"
        except subprocess.TimeoutExpired:
            crawl_process.send_signal(signal.SIGKILL)
            crawl_process.wait()
            outcome = "killed"
        articles = None
        if db.exists():
            problems = consistency_problems(db, tmp_path / "warc")
            assert not problems, f"seed {seed}, kill {number + 1} after {delay:.2f}s: {problems}"
            tables = {r["name"] for r in rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
            # Killed before the schema existed: no articles yet.
            articles = rows(db, "SELECT count(*) AS n FROM articles")[0]["n"] if "articles" in tables else 0
        outcomes.append((round(delay, 2), outcome, articles))
    killed = sum(1 for _, outcome, _ in outcomes if outcome == "killed")
    assert killed >= KILLS // 2, f"too few crawls were still running when killed: {outcomes}"

    result = crawl(world, db, settings={**CRASH_SETTINGS, "DOWNLOAD_DELAY": "0"})
    assert not unfinished_runs(db), result.stdout + result.stderr[-3000:]
    assert not consistency_problems(db, tmp_path / "warc")
    assert not lost_or_doubled(world, db), f"seed {seed}: {lost_or_doubled(world, db)}; kills: {outcomes}"
    interrupted = rows(db, "SELECT count(*) AS n FROM crawl_runs WHERE finish_reason = 'interrupted'")[0]["n"]
    print(f"\nseed {seed}: {killed} kills of {KILLS} crawls, {interrupted} interrupted runs resumed; "
          f"(delay, outcome, articles): {outcomes}; "
          f"final: {rows(db, 'SELECT count(*) AS n FROM articles')[0]['n']} articles, none lost, none twice")


# -- a full disk ----------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A 16 MB tmpfs (root can mount one); the test is skipped where mounting is not allowed."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount_point)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {result.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def fill(disk: Path, leave: int) -> Path:
    """Fill ``disk`` up to ``leave`` bytes of free space."""
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free
    with open(filler, "wb") as out:
        out.write(b"\0" * max(0, free - leave))
    return filler


def test_full_disk_stops_with_a_clear_error_and_keeps_what_was_committed(tmp_path, small_disk):
    with SampleWorld(first_host=48) as world:
        first, rest = world.site_ids[0], world.site_ids[1:]
        db, warc = small_disk / "novadi.db", tmp_path / "warc"
        settings = {**CRASH_SETTINGS, "NOVADI_WARC_DIR": str(warc)}
        registry = tmp_path / "sites.toml"
        result = crawl(world, db, [first], settings=settings, registry=registry)
        assert not unfinished_runs(db), result.stderr[-3000:]
        before = rows(db, "SELECT id, url, revision, body_hash FROM articles ORDER BY id")
        assert before

        filler = fill(small_disk, leave=64 * 1024)
        # Below novadi's free-space floor a crawl is refused before it starts (below);
        # with the floor at zero it starts, and the disk fills up during the crawl.
        result = crawl(world, db, rest, settings=settings, registry=registry, env={"NOVADI_MIN_FREE_BYTES": "0"})
        assert result.returncode != 0
        errors = [line for line in result.stderr.splitlines() if "] ERROR:" in line]
        assert errors and all("database or disk is full" in line for line in errors), errors
        assert any("cannot write to the archive" in line and "next crawl fetches again" in line for line in errors)
        assert "Traceback" not in result.stderr
        assert not consistency_problems(db, warc)
        after = rows(db, "SELECT id, url, revision, body_hash FROM articles WHERE site = ? ORDER BY id", (first,))
        assert after == before       # everything committed before is intact

        filler.unlink()
        result = crawl(world, db, settings=settings, registry=registry)
        assert not unfinished_runs(db), result.stderr[-3000:]
        assert not consistency_problems(db, warc)
        assert not lost_or_doubled(world, db)


def test_full_disk_under_the_raw_captures_stops_the_crawl(tmp_path, small_disk):
    with SampleWorld(first_host=52) as world:
        db, warc = tmp_path / "novadi.db", small_disk / "warc"
        fill(small_disk, leave=64 * 1024)
        result = crawl(world, db, settings={**CRASH_SETTINGS, "NOVADI_WARC_DIR": str(warc)},
                       registry=tmp_path / "sites.toml")
        assert not consistency_problems(db, warc)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr


def test_an_archive_that_cannot_be_created_fails_the_crawl(tmp_path, small_disk):
    with SampleWorld(first_host=52) as world:
        fill(small_disk, leave=0)
        result = crawl(world, small_disk / "novadi.db", settings={"NOVADI_WARC_DIR": str(tmp_path / "warc")},
                       registry=tmp_path / "sites.toml")
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("Error: cannot write the archive") and "no space left" in result.stderr
        assert len(result.stderr.splitlines()) == 1
        assert result.returncode != 0
        assert not (small_disk / "novadi.db").exists() and not (tmp_path / "warc").exists()


def test_an_archive_on_a_nearly_full_disk_is_refused_with_its_bytes_unchanged(tmp_path, small_disk):
    with SampleWorld(first_host=52) as world:
        db = small_disk / "novadi.db"
        crawl(world, db, world.site_ids[:1], settings={"NOVADI_WARC_DIR": str(tmp_path / "warc")},
              registry=tmp_path / "sites.toml")
        before = db.read_bytes()
        fill(small_disk, leave=64 * 1024)
        result = crawl(world, db, world.site_ids[1:], settings={"NOVADI_WARC_DIR": str(tmp_path / "warc")},
                       registry=tmp_path / "sites.toml")
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "no space left" in result.stderr and len(result.stderr.splitlines()) == 1
        assert db.read_bytes() == before


# -- readers during a crawl -------------------------------------------------------------------

def test_readers_never_see_a_locked_or_half_written_archive(world, tmp_path):
    db = tmp_path / "novadi.db"
    crawl_process = start_crawl(world, db, {"NOVADI_STORE_BATCH": "2", "DOWNLOAD_DELAY": "0.01"},
                                tmp_path / "crawl.log")
    reads, locked, counts, slowest = 0, [], [], 0.0
    try:
        deadline = time.monotonic() + 240
        while crawl_process.poll() is None and time.monotonic() < deadline:
            if not db.exists():
                time.sleep(0.05)
                continue
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
            try:
                for _ in range(20):
                    started = time.monotonic()
                    try:
                        with conn:  # one snapshot for the three queries
                            conn.execute("BEGIN")
                            n = conn.execute("SELECT count(*) FROM articles_v1").fetchone()[0]
                            indexed = conn.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
                            conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'novada'"
                                         ).fetchone()
                    except sqlite3.OperationalError as exc:
                        if "locked" in str(exc) or "busy" in str(exc):
                            locked.append(str(exc))
                        elif "no such" in str(exc):   # the schema is still being created
                            break
                        else:
                            raise
                    else:
                        reads += 1
                        counts.append((n, indexed))
                        slowest = max(slowest, time.monotonic() - started)
                    time.sleep(0.01)
            finally:
                conn.close()
    finally:
        if crawl_process.poll() is None:
            crawl_process.kill()
        crawl_process.wait()
    assert not unfinished_runs(db), (tmp_path / "crawl.log").read_text()[-3000:]
    assert not locked, f"{len(locked)} of {reads + len(locked)} reads failed: {locked[:3]}"
    assert reads > 50
    assert all(n == indexed for n, indexed in counts), "a reader saw articles missing from the index"
    assert [n for n, _ in counts] == sorted(n for n, _ in counts), "a reader saw the archive shrink"
    assert counts[-1][0] > counts[0][0], "the reads did not overlap the writes"
    assert slowest < 2.0
