"""The site's own pages: the home page's figures and the article page.

Everything shown comes from the public views; the article page also reads the
article's archived-copy pointer and EU project facts, only for an article the
public view shows (so never for a redacted one).
"""
from __future__ import annotations

import asyncio
import functools
import re
import sqlite3
import time

from datasette.utils import sqlite_timelimit
from datasette.database import QueryInterrupted
from datasette.utils.asgi import NotFound, Response
from datasette.views.base import DatasetteError

from archive.site.formatting import eu_amount, http_url, paragraphs
from archive.site.richtext import capture_stamp, clean_html

DB_NAME = "novadi"
ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")
STATS_TTL = 600  # seconds the home page's figures are kept


def config(datasette) -> dict:
    return datasette.plugin_config("novadi") or {}


def archive_db(datasette):
    """The archive database: the one named ``novadi``, else the only one served."""
    if DB_NAME in datasette.databases:
        return datasette.databases[DB_NAME]
    for name, db in datasette.databases.items():
        if name not in ("_internal", "_memory"):
            return db
    raise NotFound("Arhīva datubāze nav pieejama / No archive database is served")


async def rows(db, sql: str, params=None) -> list[dict]:
    results = await db.execute(sql, params or [])
    return [dict(row) for row in results.rows]


STATS_SQL = {
    "sites": """
        select id, name, kind, region, municipality, successor, articles, earliest, latest
        from sites_v1 where articles > 0
        order by articles desc, name
    """,
    "latest": """
        select id, title, published, site, site_name, region
        from articles_v1 where published is not null
        order by published desc limit 15
    """,
}
STATS_TIME_LIMIT_MS = 30_000  # counting every site's articles is slow on a big archive


def _compute_stats(conn) -> dict:
    with sqlite_timelimit(conn, STATS_TIME_LIMIT_MS):
        found = {}
        for name, sql in STATS_SQL.items():
            cursor = conn.execute(sql)
            columns = [c[0] for c in cursor.description]
            found[name] = [dict(zip(columns, row)) for row in cursor.fetchall()]
    sites = found["sites"]
    regions: dict[str | None, dict] = {}
    for site in sites:
        region = regions.setdefault(site["region"], {"region": site["region"], "articles": 0, "sites": 0})
        region["articles"] += site["articles"]
        region["sites"] += 1
    dates = [d for site in sites for d in (site["earliest"], site["latest"]) if d]
    return {
        "ok": True,
        "total": sum(site["articles"] for site in sites),
        "sites": sites,
        "regions": sorted(regions.values(), key=lambda r: -r["articles"]),
        "earliest": min(dates) if dates else None,
        "latest_date": max(dates) if dates else None,
        "latest": found["latest"],
    }


async def home_stats(datasette) -> dict:
    """Counts by region and site, the date range and the latest articles.

    They take a full pass over the archive, so they are computed outside Datasette's
    per-query time limit, one request at a time, and kept for a few minutes (for
    good when the database is immutable).
    """
    db = archive_db(datasette)
    lock = datasette.__dict__.setdefault("_novadi_stats_lock", asyncio.Lock())
    async with lock:
        cached = getattr(datasette, "_novadi_home_stats", None)
        if cached and (not db.is_mutable or time.monotonic() - cached[0] < STATS_TTL):
            return cached[1]
        try:
            stats = await db.execute_fn(_compute_stats)
        except Exception:  # a busy or huge database must not take the home page down
            return {"ok": False, "sites": [], "regions": [], "latest": [], "total": 0}
        datasette._novadi_home_stats = (time.monotonic(), stats)
        return stats


ARTICLE_SQL = {
    "archived": "select warc_file from articles where id = ? and redacted = 0",
    "revisions": """
        select rev, captured_at, title, published, updated, author, body
        from revisions_v1 where article_id = ? order by rev desc
    """,
    "attachments": "select url, link_text, kind, size from attachments_v1 where article_id = ? order by url",
    "eu_projects": "select * from eu_projects_v1 where article_id = ?",
}
COPIES_SQL = """
    select id, title, published, site, site_name from articles_v1
    where cluster_id = ? and id != ?
    order by published, site
"""


def _dicts(conn, sql: str, params) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def within_time_limit(conn, limit_ms: int, read, *args):
    """``read(conn, *args)`` stopped at ``limit_ms``: a query that runs longer raises
    QueryInterrupted, which :func:`reader_page` answers with a 400."""
    try:
        with sqlite_timelimit(conn, limit_ms):
            return read(conn, *args)
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise QueryInterrupted(exc, getattr(read, "__name__", ""), list(args)) from exc
        raise


def _article_rows(conn, article_id: str) -> dict | None:
    found = _dicts(conn, "select * from articles_v1 where id = ?", [article_id])
    if not found:
        return None
    article = found[0]
    out = {"article": article}
    for key, sql in ARTICLE_SQL.items():
        out[key] = _dicts(conn, sql, [article_id])
    out["copies"] = _dicts(conn, COPIES_SQL, [article["cluster_id"], article_id]) if article.get("cluster_id") else []
    return out


def _read_article(conn, article_id: str, limit_ms: int) -> dict | None:
    """The article page's rows, read in one visit to a SQL thread: a page of seven
    queries would otherwise queue seven times behind other visitors' queries."""
    return within_time_limit(conn, limit_ms, _article_rows, article_id)


async def article_context(datasette, article_id: str) -> dict:
    """Everything the article page shows; NotFound for unknown or redacted ids."""
    if not ARTICLE_ID.match(article_id or ""):
        raise NotFound("Raksts nav atrasts / Article not found")
    db = archive_db(datasette)
    limit = datasette.setting("sql_time_limit_ms")
    found = await db.execute_fn(lambda conn: _read_article(conn, article_id, limit))
    if found is None:
        raise NotFound("Raksts nav atrasts / Article not found")
    article, archived, copies = found["article"], found["archived"], found["copies"]
    revisions, attachments = found["revisions"], found["attachments"]
    eu_projects = [eu_facts(row) for row in found["eu_projects"]]
    for attachment in attachments:
        attachment["href"] = http_url(attachment["url"])
    # Images in the structured body come from the capture nearest the text's own.
    captured = revisions[0]["captured_at"] if revisions else article.get("last_seen")
    body_html = clean_html(article.get("body_html"), base=article.get("url"),
                           captured=capture_stamp(captured), prefix=datasette.urls.path("/"))
    return {
        "database": db.name,
        "article": article,
        "body_html": body_html,
        "paragraphs": [] if body_html else paragraphs(article.get("body")),
        "original_url": http_url(article.get("url")),
        "archived": bool(archived and archived[0]["warc_file"]),
        "copies": copies,
        "revisions": revisions,
        "attachments": attachments,
        "eu_projects": eu_projects,
    }


def eu_facts(row: dict) -> dict:
    """An ``eu_projects`` row as the pages show it: amounts in euros whatever the storage."""
    budget, erdf = eu_amount(row, "budget"), eu_amount(row, "erdf")
    share = round(100 * erdf / budget) if budget and erdf and 0 < erdf <= budget else None
    return {
        "programme": row.get("programme"), "project": row.get("project"), "acronym": row.get("acronym"),
        "budget": budget, "erdf": erdf, "erdf_share": share,
        "period_start": row.get("period_start"), "period_end": row.get("period_end"),
    }


def reader_page(handler):
    """A route for readers: the same permission checks Datasette makes for the archive,
    before the page reads anything."""

    @functools.wraps(handler)
    async def page(datasette, request):
        db = archive_db(datasette)
        await datasette.ensure_permissions(request.actor, ["view-instance", ("view-database", db.name)])
        try:
            return await handler(datasette, request)
        except QueryInterrupted:
            # A busy or huge archive: a clear 400 like Datasette's own, never a 500.
            raise DatasetteError(
                "Pieprasījums prasīja pārāk ilgu laiku; mēģiniet vēlreiz vai sašauriniet to ar filtru."
                " / The request took too long; try again or narrow it with a filter.",
                title="Pārāk ilgi / Too slow",
                status=400,
            )

    return page


async def render(datasette, request, template: str, context: dict, view_name: str) -> Response:
    """A reader page rendered from ``template``."""
    context = {"database": archive_db(datasette).name, **context}
    html = await datasette.render_template(template, context, request=request, view_name=view_name)
    return Response.html(html)


@reader_page
async def article_page(datasette, request):
    context = await article_context(datasette, request.url_vars["id"])
    return await render(datasette, request, "raksts.html", context, "raksts")


async def robots_txt():
    from archive.site.security import ROBOTS_TXT

    return Response.text(ROBOTS_TXT)


async def metadata_json(datasette):
    from archive.site.security import public_metadata

    return Response.json(public_metadata(datasette.metadata() or {}))


async def not_found():
    raise NotFound("Nav atrasts / Not found")
