"""Files that cannot be the archive, and two crawls on one archive.

Every command that opens an archive refuses a file that is not one (random bytes,
another program's SQLite database, a newer novadi's archive, a directory, a read-only
location) with one line and exit 1, before it writes anything: the file's bytes stay
as they were and no folder is left behind. One crawl writes to an archive at a time.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.db import open_db
from archive.lock import archive_lock
from tests.conftest import crawl, rows, run_novadi

COMMANDS = [
    ["crawl", "--url", "http://127.0.0.1:1/"],
    ["status"],
    ["export", "{out}/dump"],
    ["export-wacz", "{out}/archive.wacz"],
    ["redactions"],
    ["cluster"],
    ["reextract", "--warc-dir", "{out}"],
    ["serve", "--port", "1"],
]


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(20_000))


def another_programs_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customers (name) VALUES ('Jānis')")
    conn.commit()
    conn.close()


def another_programs_application_id(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1196444237")  # a GeoPackage
    conn.execute("CREATE TABLE sites (id TEXT)")
    conn.commit()
    conn.close()


def newer_novadi(path: Path) -> None:
    db = open_db(path)
    db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
               "VALUES ('novadi', '9999_from_the_future', '2030-01-01')")
    db.conn.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def names(folder: Path) -> list[str]:
    # Reading a WAL archive makes SQLite open its -wal and -shm files.
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm")))


FILES = {
    "random-bytes": (random_bytes, "is not an SQLite database"),
    "another-program": (another_programs_sqlite, "another program's SQLite database (tables: customers)"),
    "application-id": (another_programs_application_id, "belongs to another program"),
    "newer-novadi": (newer_novadi, "written by a newer novadi"),
}


@pytest.mark.parametrize("kind", list(FILES))
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_file_that_is_not_an_archive_is_refused_untouched(tmp_path, kind, command):
    make, message = FILES[kind]
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "novadi.db"
    make(db)
    before = db.read_bytes()
    listing = names(folder)
    result = run_novadi(*[a.format(out=tmp_path) for a in command], "--db", str(db), timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.stderr
    assert db.read_bytes() == before
    assert names(folder) == listing  # no warc/, no logs/, no lock file


@pytest.mark.parametrize("command", COMMANDS[:2], ids=lambda c: c[0])
def test_a_directory_is_not_an_archive(tmp_path, command):
    result = run_novadi(*[a.format(out=tmp_path) for a in command], "--db", str(tmp_path), timeout=60)
    # click's own check of --db: a usage error naming the problem.
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].endswith("is a directory.")


@pytest.fixture
def read_only_dir(tmp_path):
    mount_point = tmp_path / "ro"
    mount_point.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(mount_point)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a read-only tmpfs here: {result.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def test_a_read_only_location_is_one_line(read_only_dir):
    result = run_novadi("crawl", "--url", "http://127.0.0.1:1/", "--db", str(read_only_dir / "data" / "novadi.db"),
                        timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Error: cannot write the archive {read_only_dir / 'data' / 'novadi.db'}: {read_only_dir} is read-only"]


def test_an_archive_made_before_its_application_id_is_still_novadis(tmp_path):
    db = open_db(tmp_path / "novadi.db")
    assert db.execute("PRAGMA application_id").fetchone()[0] == 0x4E564449
    db.execute("PRAGMA application_id = 0")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0015_application_id'")
    db.conn.close()
    db = open_db(tmp_path / "novadi.db")
    assert db.execute("PRAGMA application_id").fetchone()[0] == 0x4E564449
    db.conn.close()


def test_a_failed_crawl_prints_its_summary_and_leaves_no_empty_folder(tmp_path):
    db = tmp_path / "data" / "novadi.db"
    result = run_novadi("crawl", "--url", "http://127.0.0.1:1/", "--db", str(db), "-s", "RETRY_TIMES=0", timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        "127-0-0-1: robots-unreachable (incremental); 1 requests; 0 new, 0 changed, 0 unchanged, 0 gone; "
        "0 errors; dropped: robots 1",
        "  coverage: no listing teasers seen"]
    # Scrapy's settings, middlewares and stats go to the log file, not the terminal.
    assert len(result.stderr.splitlines()) <= 4 and "Overridden settings" not in result.stderr
    logs = list((tmp_path / "data" / "logs").iterdir())
    assert len(logs) == 1 and "Overridden settings" in logs[0].read_text(encoding="utf-8")
    assert f"log: {logs[0]}" in result.stderr
    assert not (tmp_path / "data" / "warc").exists()
    verbose = run_novadi("crawl", "--url", "http://127.0.0.1:1/", "--db", str(db), "-s", "RETRY_TIMES=0", "-v",
                         timeout=120)
    assert "Overridden settings" in verbose.stderr


def test_regions_and_site_ids_in_any_case():
    zemgale = run_novadi("sites", "--region", "Zemgale")
    assert zemgale.returncode == 0 and zemgale.stdout.startswith("Zemgale (")
    assert run_novadi("sites", "--region", "ZEMGALE").stdout == zemgale.stdout
    assert run_novadi("sites", "--region", "Rīga").stdout == run_novadi("sites", "--region", "riga").stdout
    assert run_novadi("sites", "--region", "Sēlija").returncode == 2


# -- two crawls, one archive ---------------------------------------------------------------


def test_a_second_crawl_refuses_naming_the_first(world, tmp_path):
    db = tmp_path / "novadi.db"
    with archive_lock(db, wait=False):
        result = crawl(world, db, world.site_ids[:1])
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"Error: another crawl (pid {os.getpid()}) is writing to {db}"
    assert not db.exists()


def test_a_second_crawl_with_wait_runs_after_the_first(world, tmp_path):
    db = tmp_path / "novadi.db"
    lock = archive_lock(db, wait=False)
    lock.__enter__()
    released = None
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "archive", "crawl", world.site_ids[0], "--db", str(db), "--wait",
             "--registry", str(_registry(world, tmp_path)), "-s", "DOWNLOAD_DELAY=0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "NOVADI_CONTACT": "tests@example.org"})
        time.sleep(3)
        assert process.poll() is None  # waiting
        assert not db.exists() or not rows(db, "SELECT name FROM sqlite_master WHERE name = 'crawl_runs'")
    finally:
        released = time.time()
        lock.__exit__(None, None, None)
    out, err = process.communicate(timeout=300)
    assert process.returncode in (0, 1) and "Traceback" not in err, err[-2000:]
    started = rows(db, "SELECT started FROM crawl_runs")
    assert len(started) == 1 and started[0]["started"] >= time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(released - 1))


def _registry(world, tmp_path):
    from crawler.registry import dump_entries

    registry = tmp_path / "sites.toml"
    registry.write_text(dump_entries(world.registry_entries()), encoding="utf-8")
    return registry


def test_two_crawls_at_once_each_report_only_their_own_site(world, tmp_path):
    db = tmp_path / "novadi.db"
    registry = _registry(world, tmp_path)
    first, second = world.site_ids[:2]
    processes = [subprocess.Popen(
        [sys.executable, "-m", "archive", "crawl", site, "--db", str(db), "--wait", "--registry", str(registry),
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "NOVADI_CONTACT": "tests@example.org"}) for site in (first, second)]
    outputs = [p.communicate(timeout=600) for p in processes]
    for process, (out, err), site, other in zip(processes, outputs, (first, second), (second, first)):
        assert "Traceback" not in err and "already exists" not in err and "database is locked" not in err, err
        assert out.startswith(f"{site}: finished"), out
        assert other not in out
    runs = rows(db, "SELECT site, finish_reason FROM crawl_runs ORDER BY id")
    assert sorted(r["site"] for r in runs) == sorted([first, second])
    assert all(r["finish_reason"] == "finished" for r in runs)


def test_schema_creation_never_races(tmp_path):
    code = "import sys; from archive.db import open_db; open_db(sys.argv[1]).conn.close()"
    for attempt in range(5):
        db = tmp_path / f"race-{attempt}.db"
        processes = [subprocess.Popen([sys.executable, "-c", code, str(db)], stderr=subprocess.PIPE, text=True)
                     for _ in range(4)]
        errors = [p.communicate(timeout=60)[1] for p in processes]
        assert all(p.returncode == 0 for p in processes), errors
        names = rows(db, "SELECT name FROM _sqlite_migrations")
        assert len(names) == len({n["name"] for n in names})
