"""Opening the archive database: WAL, sane pragmas, migrations applied."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from archive import migrations

DEFAULT_DB = Path("data") / "novadi.db"


def default_db_path() -> Path:
    return Path(os.environ.get("NOVADI_DB", DEFAULT_DB))


def open_db(path: str | Path, *, migrate: bool = True) -> Database:
    """Open (and create) the archive for writing.

    WAL lets Datasette and exports read while a crawl writes; synchronous=NORMAL
    in WAL mode never corrupts the database on a crash, it can only lose the
    last transactions, which a resumed crawl fetches again.
    """
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=60, isolation_level=None)
    db = Database(conn)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=OFF")
    db.execute("PRAGMA busy_timeout=60000")
    if migrate:
        migrations.apply(db)
    return db


def open_readonly(path: str | Path) -> Database:
    """Open an existing archive read-only (never creates or migrates it)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no archive database at {path}")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
    conn.execute("PRAGMA busy_timeout=60000")
    return Database(conn)
