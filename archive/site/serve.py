"""Serving the archive: a read-only Datasette instance for the public site.

The database is always served under the name ``novadi`` whatever its file is
called, so URLs (``/novadi/search``, ``/novadi/site_feed.atom``) and the metadata
stay the same. By default the file is opened read-only (``mode=ro``): a crawl may be
writing to it in WAL mode at the same time. ``immutable=True`` is for a published
dump that nothing writes to: SQLite then skips locking and Datasette counts rows
once at start-up.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import yaml
from datasette.app import Datasette
from datasette.database import Database

from archive import views
from archive.site.pages import DB_NAME
from archive.site.security import NEVER_READ, is_public_table

METADATA = Path(__file__).parent / "metadata.yaml"

SETTINGS = {
    "sql_time_limit_ms": 1500,
    "facet_time_limit_ms": 300,
    "max_returned_rows": 1000,
    "suggest_facets": False,
    "allow_download": False,
    "truncate_cells_html": 300,
    "default_cache_ttl": 60,
}


class ReadOnlyDatabase(Database):
    """A Datasette database that never opens a connection for writing."""

    def connect(self, write=False):
        if write:
            raise PermissionError("the archive is served read-only")
        return super().connect(write=False)

    async def execute_write_fn(self, fn, block=True):
        raise PermissionError("the archive is served read-only")

    async def table_counts(self, limit=10):
        # Counting the never-readable tables would only log "not authorized" errors.
        if not self.is_mutable and self.cached_table_counts is not None:
            return self.cached_table_counts
        counts = {}
        for table in await self.table_names():
            if table in NEVER_READ:
                counts[table] = None
                continue
            try:
                results = await self.execute(
                    f"select count(*) from [{table}]", custom_time_limit=limit, log_sql_errors=False
                )
                counts[table] = results.rows[0][0]
            except Exception:  # timed out or unreadable: Datasette shows no count
                counts[table] = None
        if not self.is_mutable:
            self._cached_table_counts = counts
        return counts


def _bilingual(latvian: str | None, english: str | None) -> str | None:
    if latvian and english:
        return f"{latvian} — {english}"
    return latvian or english


def load_metadata(table_names: list[str] = ()) -> dict:
    """The site's metadata: Latvian from metadata.yaml, English from :mod:`archive.views`.

    Every table in ``table_names`` that is not a public view is marked hidden.
    """
    with METADATA.open(encoding="utf-8") as fp:
        metadata = yaml.safe_load(fp)
    tables = metadata["databases"][DB_NAME].setdefault("tables", {})
    english_tables = getattr(views, "DESCRIPTIONS", {})
    english_columns = getattr(views, "COLUMNS", {})
    for name in set(tables) | set(english_tables) | set(english_columns):
        table = tables.setdefault(name, {})
        table["description"] = _bilingual(table.get("description"), english_tables.get(name))
        latvian = table.get("columns") or {}
        english = english_columns.get(name, {})
        columns = {c: _bilingual(latvian.get(c), english.get(c)) for c in [*latvian, *english]}
        if columns:
            table["columns"] = columns
    for name in table_names:
        if not is_public_table(name):
            tables.setdefault(name, {})["hidden"] = True
    return metadata


def _table_names(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")]
    finally:
        conn.close()


def make_datasette(
    db_path: str | Path,
    *,
    allow_sql: bool = False,
    immutable: bool = False,
    warc_dir: str | Path | None = None,
    public_url: str | None = None,
    settings: dict | None = None,
) -> Datasette:
    """A Datasette instance serving ``db_path`` as the public archive site.

    ``allow_sql`` turns on arbitrary SQL, CSV streaming and browsing of the internal
    tables, for local use (the tables in ``security.NEVER_READ`` stay unreadable).
    ``immutable`` is for a dump nothing writes to. ``warc_dir`` is passed on to the
    plugin configuration for the archived-copy route. ``public_url`` is the absolute
    root used in feed links (default: taken from each request).
    """
    from archive.db import check_archive

    path = Path(db_path)
    if not path.is_file():
        raise FileNotFoundError(f"no archive database at {path}")
    check_archive(path, write=False)
    _ensure_plugin()
    metadata = load_metadata(_table_names(path))
    metadata.setdefault("plugins", {})["novadi"] = {
        "allow_sql": bool(allow_sql),
        "warc_dir": str(warc_dir) if warc_dir else None,
        "public_url": public_url,
    }
    ds = Datasette(
        [],
        metadata=metadata,
        settings={
            **SETTINGS,
            "default_allow_sql": bool(allow_sql),
            "allow_csv_stream": bool(allow_sql),
            **(settings or {}),
        },
    )
    # Datasette adds an in-memory database when given no files; the site has none.
    if "_memory" in ds.databases:
        ds.remove_database("_memory")
    ds.add_database(ReadOnlyDatabase(ds, path=str(path.resolve()), is_mutable=not immutable), name=DB_NAME)
    return ds


def _ensure_plugin() -> None:
    """Register the site's hooks when the package is not installed (no entry point)."""
    from datasette.plugins import pm

    from archive.site import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name="novadi")


def serve(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 8001,
    *,
    allow_sql: bool = False,
    immutable: bool = False,
    warc_dir: str | Path | None = None,
    public_url: str | None = None,
    log_level: str = "info",
) -> None:
    """Serve the archive over HTTP until interrupted (``novadi serve``)."""
    import uvicorn

    ds = make_datasette(
        db_path, allow_sql=allow_sql, immutable=immutable, warc_dir=warc_dir, public_url=public_url
    )
    uvicorn.run(ds.app(), host=host, port=port, log_level=log_level, proxy_headers=True)
