"""Public dumps: one point in time of the archive, as files anyone can check.

:func:`export` copies the database with SQLite's online backup API (one read
transaction, so a crawl can keep writing), removes from the copy what is not
public, and writes every public view as gzip-compressed JSON Lines and CSV next to
the cleaned database and a ``manifest.json`` with the size, SHA-256 and row count of
every file. :func:`verify` checks a dump against its manifest.

A dump holds no redacted article, no redaction record, no raw capture and no
pointer into the captures (WARC files), and no crawl bookkeeping (``pages``).
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import sqlite3
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from archive import views

FORMATS = ("jsonl", "csv")
DB_NAME = "novadi.db"
MANIFEST = "manifest.json"

# What a dump keeps of each table. A table named in neither set is emptied too, so a
# table added by a later migration stays private until someone decides otherwise.
PUBLIC_TABLES = frozenset({
    "sites", "articles", "article_urls", "revisions", "attachments", "images", "eu_projects", "clusters",
    "crawl_runs", "cluster_aliases", "_sqlite_migrations",
})
PRIVATE_TABLES = frozenset({
    "pages", "redactions", "redacted_values", "minhash_signatures", "lsh_buckets", "cluster_index", "cluster_queue",
    "resources", "page_resources",  # where each requisite sits in the raw captures
})
# Tables whose rows belong to one article, by the column naming it.
ARTICLE_CHILDREN = {"article_urls": "article_id", "revisions": "article_id", "attachments": "article_id",
                    "images": "article_id", "eu_projects": "article_id"}
# Pointers into the raw captures, which are never published.
CAPTURE_COLUMNS = ("warc_file", "warc_offset", "warc_length")

# Rows in a stable order, so two dumps of the same data are the same files.
ORDER = {
    "articles_v1": "id",
    "sites_v1": "id",
    "clusters_v1": "id",
    "revisions_v1": "article_id, rev",
    "attachments_v1": "article_id, url",
    "republished_v1": "cluster_id",
    "eu_projects_v1": "article_id, acronym, number, project",
}


class ExportError(Exception):
    """A dump that cannot be written as asked; the message says why, in one line."""


@dataclass
class Manifest:
    schema_version: str
    novadi_version: str
    created: str
    views: dict[str, dict] = field(default_factory=dict)  # name -> {"columns": [...], "rows": n}
    files: dict[str, dict] = field(default_factory=dict)  # name -> {"format", "size", "sha256", "rows", ...}

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def load(cls, path: str | Path) -> Manifest:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(**{k: data[k] for k in ("schema_version", "novadi_version", "created", "views", "files")})


def novadi_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("novadi")
    except PackageNotFoundError:
        return "unknown"


def file_digest(path: str | Path) -> tuple[int, str]:
    """``(size, sha256 hex)`` of a file."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return size, h.hexdigest()


def snapshot(db_path: str | Path, target: str | Path) -> None:
    """Copy the archive at ``db_path`` to ``target`` as it is at one point in time.

    The backup runs as a single step (``pages=-1``), which holds one read
    transaction: in WAL mode writers carry on and none of their later commits
    reach the copy.
    """
    db_path = Path(db_path)
    if not db_path.exists():
        raise ExportError(f"no archive database at {db_path}")
    src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=60)
    dst = sqlite3.connect(str(target))
    try:
        src.execute("PRAGMA busy_timeout=60000")
        src.backup(dst, pages=-1)
    finally:
        dst.close()
        src.close()


def _tables(conn: sqlite3.Connection) -> tuple[list[str], set[str]]:
    """Ordinary tables, and the full-text tables with their shadow tables."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    fts = {name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")}
    shadow = {name for name, _ in rows for f in fts if name.startswith(f + "_")}
    plain = [name for name, _ in rows if name not in fts | shadow and not name.startswith("sqlite_")]
    return plain, fts


def make_public(path: str | Path, *, page_size: int | None = None) -> None:
    """Remove from the database at ``path`` everything a public dump must not hold.

    ``page_size`` changes the database's page size as it is rewritten (each table and
    index takes at least a page, so small pages keep a tiny dump small).
    """
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        tables, fts = _tables(conn)
        conn.execute("BEGIN")
        redacted = "SELECT id FROM articles WHERE redacted != 0"
        for table, col in ARTICLE_CHILDREN.items():
            if table in tables:
                conn.execute(f"DELETE FROM [{table}] WHERE [{col}] IN ({redacted})")
        if "clusters" in tables:
            conn.execute(f"UPDATE clusters SET first_article = NULL WHERE first_article IN ({redacted})")
        conn.execute("DELETE FROM articles WHERE redacted != 0")
        for table in tables:
            if table not in PUBLIC_TABLES:
                conn.execute(f"DELETE FROM [{table}]")
                continue
            cols = {r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")}
            capture = [c for c in CAPTURE_COLUMNS if c in cols]
            if capture:
                conn.execute(f"UPDATE [{table}] SET " + ", ".join(f"[{c}] = NULL" for c in capture))
        for name in fts:
            conn.execute(f"INSERT INTO [{name}]([{name}]) VALUES ('rebuild')")
        conn.execute("COMMIT")
        # VACUUM rewrites every page, so no deleted text survives in free pages; a
        # rollback journal keeps the dump one file that opens read-only anywhere.
        conn.execute("PRAGMA journal_mode=DELETE")
        if page_size:
            conn.execute(f"PRAGMA page_size={int(page_size)}")
        conn.execute("VACUUM")
    finally:
        conn.close()


def _gzip_text(path: Path):
    # mtime=0 and no file name in the header: the same rows make the same bytes.
    raw = open(path, "wb")
    gz = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
    return raw, gz, io.TextIOWrapper(gz, encoding="utf-8", newline="")


def _write_view(conn: sqlite3.Connection, view: str, out: Path, formats) -> tuple[list[str], int]:
    names = [d[0] for d in conn.execute(f"SELECT * FROM [{view}] LIMIT 0").description]
    order = ORDER.get(view) or ", ".join(str(i + 1) for i in range(len(names)))
    cur = conn.execute(f"SELECT * FROM [{view}] ORDER BY {order}")
    opened = {fmt: _gzip_text(out / f"{view}.{fmt}.gz") for fmt in formats}
    writer = csv.writer(opened["csv"][2]) if "csv" in opened else None
    if writer:
        writer.writerow(names)
    rows = 0
    try:
        for row in cur:
            rows += 1
            if "jsonl" in opened:
                opened["jsonl"][2].write(json.dumps(dict(zip(names, row)), ensure_ascii=False) + "\n")
            if writer:
                writer.writerow(["" if v is None else v for v in row])
    finally:
        for raw, _, text in opened.values():
            text.close()
            raw.close()
    return names, rows


def _count_views(path: Path, names) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return {name: conn.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0] for name in names}
    finally:
        conn.close()


def _prepare_dir(out: Path) -> set[str]:
    """Make ``out`` ready for a dump; return the files of the dump it held before."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file, not a directory")
    out.mkdir(parents=True, exist_ok=True)
    entries = {p.name for p in out.iterdir()}
    if not entries:
        return set()
    if MANIFEST not in entries:
        raise ExportError(f"{out} is not empty and holds no dump (no {MANIFEST}); choose an empty directory")
    try:
        return set(Manifest.load(out / MANIFEST).files)
    except (ValueError, KeyError, TypeError):
        raise ExportError(f"{out}/{MANIFEST} is not a manifest; choose an empty directory") from None


def export(db_path: str | Path, out_dir: str | Path, *, formats=FORMATS, page_size: int | None = None) -> Manifest:
    """Write a public dump of the archive at ``db_path`` into ``out_dir``.

    A dump already in ``out_dir`` is replaced; the manifest is written last, so a
    dump cut short fails :func:`verify`. ``page_size``: see :func:`make_public`.
    """
    formats = tuple(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ExportError(f"unknown format {unknown[0]!r} (choose from {', '.join(FORMATS)})")
    out = Path(out_dir)
    previous = _prepare_dir(out)
    created = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with tempfile.TemporaryDirectory(dir=out, prefix=".export-") as tmp:
        work = Path(tmp)
        db_file = work / DB_NAME
        snapshot(db_path, db_file)
        make_public(db_file, page_size=page_size)
        conn = sqlite3.connect(f"file:{db_file}?mode=ro&immutable=1", uri=True)
        try:
            names = views.public_views(Database(conn))
            if "articles_v1" not in names:
                raise ExportError(f"{db_path} has no public views; open it once with the current novadi "
                                  "to bring its schema up to date")
            manifest = Manifest(schema_version=views.SCHEMA_VERSION, novadi_version=novadi_version(),
                                created=created)
            for view in names:
                cols, rows = _write_view(conn, view, work, formats)
                manifest.views[view] = {"columns": cols, "rows": rows}
        finally:
            conn.close()
        for view, info in manifest.views.items():
            for fmt in formats:
                name = f"{view}.{fmt}.gz"
                size, digest = file_digest(work / name)
                manifest.files[name] = {"view": view, "format": fmt, "rows": info["rows"],
                                        "size": size, "sha256": digest}
        size, digest = file_digest(db_file)
        manifest.files[DB_NAME] = {"format": "sqlite", "rows": {v: i["rows"] for v, i in manifest.views.items()},
                                   "size": size, "sha256": digest}
        if (out / MANIFEST).exists():
            (out / MANIFEST).unlink()
        for name in manifest.files:
            os.replace(work / name, out / name)
        for stale in previous - set(manifest.files):
            if Path(stale).name == stale:
                (out / stale).unlink(missing_ok=True)
    tmp_manifest = out / f".{MANIFEST}.tmp"
    tmp_manifest.write_text(manifest.to_json(), encoding="utf-8")
    os.replace(tmp_manifest, out / MANIFEST)
    return manifest


def count_rows(path: Path, entry: dict):
    """Rows in one file of a dump, counted as its format says."""
    fmt = entry.get("format")
    if fmt == "jsonl":
        with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
            n = 0
            for n, line in enumerate(f, 1):
                json.loads(line)
            return n
    if fmt == "csv":
        with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
            return max(sum(1 for _ in csv.reader(f)) - 1, 0)
    if fmt == "sqlite":
        return _count_views(path, entry.get("rows") or {})
    raise ValueError(f"unknown format {fmt!r}")


def verify(out_dir: str | Path) -> list[str]:
    """Check a dump against its manifest; return the problems, one line each (none: it is intact)."""
    out = Path(out_dir)
    if not (out / MANIFEST).is_file():
        return [f"{MANIFEST}: missing"]
    try:
        manifest = Manifest.load(out / MANIFEST)
    except (ValueError, KeyError, TypeError) as exc:
        return [f"{MANIFEST}: not a valid manifest ({exc})"]
    problems = []
    for name, entry in manifest.files.items():
        path = out / name
        if Path(name).name != name or name.startswith("."):
            problems.append(f"{name}: not a plain file name")
            continue
        if not path.is_file():
            problems.append(f"{name}: missing")
            continue
        size, digest = file_digest(path)
        if size != entry.get("size"):
            problems.append(f"{name}: {size} bytes, the manifest says {entry.get('size')}")
        if digest != entry.get("sha256"):
            problems.append(f"{name}: sha256 {digest} does not match the manifest")
        try:
            rows = count_rows(path, entry)
        except (OSError, EOFError, ValueError, UnicodeDecodeError, csv.Error, sqlite3.Error) as exc:
            problems.append(f"{name}: cannot be read ({exc})")
            continue
        if rows != entry.get("rows"):
            problems.append(f"{name}: {rows} rows, the manifest says {entry.get('rows')}")
        listed = entry.get("rows") if isinstance(entry.get("rows"), dict) else {entry.get("view"): entry.get("rows")}
        for view, n in listed.items():
            if view in manifest.views and manifest.views[view].get("rows") != n:
                problems.append(f"{name}: {n} rows of {view}, the manifest's views say {manifest.views[view].get('rows')}")
    for path in sorted(out.iterdir()):
        if path.name != MANIFEST and path.name not in manifest.files:
            problems.append(f"{path.name}: not listed in the manifest")
    return problems
