"""Opening the archive database: checked first, then WAL, sane pragmas, migrations applied."""
from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import nullcontext
from functools import lru_cache
from pathlib import Path

from sqlite_utils import Database

from archive import migrations
from archive.lock import ArchiveBusy, archive_lock

DEFAULT_DB = Path("data") / "novadi.db"
SQLITE_HEADER = b"SQLite format 3\x00"
# Less free space than this where the archive lives, and a crawl would only fail
# half-way: it is refused before anything is written ($NOVADI_MIN_FREE_BYTES changes it).
MIN_FREE_BYTES = 1 << 20


class ArchiveError(Exception):
    """The file cannot be used as an archive; the message is one line for the user."""


def default_db_path() -> Path:
    return Path(os.environ.get("NOVADI_DB", DEFAULT_DB))


def _existing_ancestor(path: Path) -> Path:
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_archive(path: str | Path, *, write: bool) -> None:
    """Raise :class:`ArchiveError` unless ``path`` is, or can become, a novadi archive.

    Refused before anything is written, so the file's bytes stay as they were: a
    directory, a file that is not SQLite, another program's SQLite database (its own
    ``application_id``, or tables and no novadi migrations), an archive made by a
    newer novadi (migrations this version does not know); and, to write, a read-only
    location or one without space. A missing or empty file is a new archive.
    """
    path = Path(path)
    if str(path) == ":memory:":
        return
    if path.is_dir():
        raise ArchiveError(f"{path} is a directory, not an archive file")
    if path.exists():
        try:
            with open(path, "rb") as fp:
                header = fp.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise ArchiveError(f"cannot read {path}: {exc.strerror or exc}") from None
        if header and header != SQLITE_HEADER:
            raise ArchiveError(f"{path} is not an SQLite database, so not a novadi archive; it was left as it is")
        if header:
            _check_contents(path)
    if write:
        _check_writable(path)


def _check_contents(path: Path) -> None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot open {path}: {exc}") from None
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        applied = set()
        if "_sqlite_migrations" in tables:
            applied = {r[0] for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [migrations.migrations.name])}
    except sqlite3.Error as exc:
        raise ArchiveError(f"{path} is not a readable SQLite database ({exc}); it was left as it is") from None
    finally:
        conn.close()
    if app_id not in (0, migrations.APPLICATION_ID):
        raise ArchiveError(f"{path} belongs to another program (SQLite application_id {app_id:#x}), "
                           "not novadi; it was left as it is")
    foreign = tables - novadi_tables()
    if app_id == 0 and foreign:
        # An archive made before 0015 (or one whose first migration was cut short) has
        # only novadi's tables; a table novadi never makes is somebody else's database.
        names = ", ".join(sorted(foreign)[:5]) + (", …" if len(foreign) > 5 else "")
        raise ArchiveError(f"{path} is another program's SQLite database (tables: {names}), not a novadi "
                           "archive; it was left as it is")
    unknown = applied - migrations.known_names()
    if unknown:
        raise ArchiveError(f"{path} was written by a newer novadi (schema {max(unknown)}); "
                           "upgrade novadi to use it")


@lru_cache(maxsize=1)
def novadi_tables() -> frozenset[str]:
    """The tables a novadi archive of this version has (its full-text index's included)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrations.apply(Database(conn))
        return frozenset(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
    finally:
        conn.close()


def _check_writable(path: Path) -> None:
    where = _existing_ancestor(path.parent)
    if not os.access(where, os.W_OK | os.X_OK):
        raise ArchiveError(f"cannot write the archive {path}: {where} is read-only")
    if path.exists() and not os.access(path, os.W_OK):
        raise ArchiveError(f"cannot write the archive {path}: the file is read-only")
    free = shutil.disk_usage(where).free
    if free < int(os.environ.get("NOVADI_MIN_FREE_BYTES", MIN_FREE_BYTES)):
        raise ArchiveError(f"cannot write the archive {path}: no space left at {where} ({free} bytes free)")


def open_db(path: str | Path, *, migrate: bool = True) -> Database:
    """Open (and create) the archive for writing, after :func:`check_archive`.

    WAL lets Datasette and exports read while a crawl writes; synchronous=NORMAL
    in WAL mode never corrupts the database on a crash, it can only lose the
    last transactions, which a resumed crawl fetches again.
    """
    path = Path(path)
    check_archive(path, write=True)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    # A new archive is set up under the archive's lock: switching a fresh file to WAL
    # while another process sets it up too can fail at once with "database is locked"
    # (SQLite does not wait for that lock), and two processes never create the schema
    # at once. An existing one is opened without it, so a reader or an export never
    # waits for a crawl that holds it.
    new = str(path) != ":memory:" and (not path.exists() or path.stat().st_size == 0)
    conn = None
    try:
        with archive_lock(path, wait=60, what="process") if new else nullcontext():
            conn = sqlite3.connect(str(path), timeout=60, isolation_level=None)
            db = Database(conn)
            db.execute("PRAGMA busy_timeout=60000")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=OFF")
            if migrate and migrations.migrations.pending(db):
                with archive_lock(path, wait=60, what="process"):
                    migrations.apply(db)
    except (sqlite3.Error, ArchiveBusy) as exc:
        if conn is not None:
            conn.close()
        raise ArchiveError(f"cannot write the archive {path}: {exc}") from None
    return db


def open_readonly(path: str | Path) -> Database:
    """Open an existing archive read-only (never creates or migrates it)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no archive database at {path}")
    check_archive(path, write=False)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
    conn.execute("PRAGMA busy_timeout=60000")
    return Database(conn)
