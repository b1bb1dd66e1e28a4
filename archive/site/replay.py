"""The archived copy of an article: its raw capture served back from the WARC file.

The page is shown as it was captured, under a banner saying so. It is crawled
markup, so it is served in a CSP sandbox: no script of it ever runs, and it gets
no access to the site's origin.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from datasette.utils.asgi import NotFound, Response

from archive.site.pages import archive_db, config

SANDBOX_CSP = ("sandbox; default-src 'none'; img-src 'self' data: http: https:; "
               "style-src 'unsafe-inline' http: https:; font-src http: https:")
BODY_OPEN = re.compile(r"<body[^>]*>", re.I)


def warc_dir(datasette, db) -> Path:
    configured = config(datasette).get("warc_dir")
    if configured:
        return Path(configured)
    return Path(db.path).parent / "warc"


def banner(url: str, captured: str) -> str:
    return (
        '<div style="all:initial;display:block;background:#fff3c4;color:#222;border-bottom:2px solid #c9a400;'
        'padding:8px 12px;font:14px/1.4 sans-serif">'
        f"<strong>Arhivēta kopija</strong> / Archived copy — iegūta {html.escape(captured)} no "
        f"<a href=\"{html.escape(url)}\" rel=\"noopener nofollow\">{html.escape(url)}</a>. "
        "Lapa var atšķirties no pašreizējās. / The live page may differ.</div>")


async def archived_copy(datasette, request):
    from archive.warc import read_record
    from crawler.extraction import decode_html

    article_id = request.url_vars["id"]
    db = archive_db(datasette)
    rev = request.args.get("rev")
    visible = await db.execute("select id from articles_v1 where id = ?", [article_id])
    if not visible.rows:
        raise NotFound("Raksts nav atrasts / Article not found")
    if rev and rev.isdigit():
        found = await db.execute(
            "select warc_file, warc_offset, warc_length, captured_at from revisions "
            "where article_id = ? and rev = ?", [article_id, int(rev)])
    else:
        found = await db.execute(
            "select warc_file, warc_offset, warc_length, last_changed from articles where id = ?", [article_id])
    if not found.rows or not found.rows[0][0]:
        raise NotFound("Šim rakstam nav arhivētas kopijas / No archived copy of this article")
    file, offset, length, captured = found.rows[0]
    directory = warc_dir(datasette, db)
    if "/" in file or "\\" in file or not (directory / file).is_file():
        raise NotFound("Arhivētā kopija nav pieejama / The archived copy is not available")
    url, status, headers, body, _ = read_record(directory, file, offset, length)
    content_type = next((v for k, v in headers if k.lower() == "content-type"), None)
    page = decode_html(body, content_type)
    marker = banner(url, captured or "")
    page = BODY_OPEN.sub(lambda m: m.group(0) + marker, page, count=1) if BODY_OPEN.search(page) else marker + page
    return Response(page, status=200, content_type="text/html; charset=utf-8",
                    headers={"Content-Security-Policy": SANDBOX_CSP, "X-Robots-Tag": "noindex",
                             "Cache-Control": "public, max-age=86400"})
