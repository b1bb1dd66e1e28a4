"""Archived copies: the archive's page around a capture, the capture, and its files.

``/arhivs/<id>`` is the archive's own page: a banner (site, original URL, capture
time, revisions, the article page) above a sandboxed ``<iframe>``. The capture
itself is ``/arhivs/<id>/kopija`` — rewritten by :mod:`archive.site.rewrite` so that
everything it loads is the archive's, and served with a policy of its own: it runs
no script, reaches no other host, has an opaque origin, and so can never touch,
hide or restyle the banner, which lives in another document.

``/arhivs/resurss?url=<absolute URL>&t=<YYYYMMDDhhmmss>`` serves the capture of a
page requisite (stylesheet, font, image) nearest to ``t``, or an attachment's;
404 when the archive has none. Stylesheets are rewritten the same way as pages.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import quote, urlencode

from datasette.utils.asgi import NotFound, Response

from archive.site.pages import archive_db, config

try:
    from zoneinfo import ZoneInfo

    RIGA = ZoneInfo("Europe/Riga")
except Exception:  # pragma: no cover - no tz database at all
    RIGA = dt.timezone(dt.timedelta(hours=2))

# The frame may open links in a new tab (out of its sandbox, so the live site
# works there) and, when clicked, load another archived copy in the whole window.
FRAME_SANDBOX = "allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
CAPTURE_CSP = "; ".join([
    f"sandbox {FRAME_SANDBOX}",
    "default-src 'none'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "media-src 'self'",
    "script-src 'none'",
    "connect-src 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
])
RESOURCE_CSP = ("sandbox; default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                "font-src 'self' data:; base-uri 'none'; form-action 'none'")
# What a captured file may be served as; anything else is offered as a download.
SERVED_TYPES = ("image/", "font/", "text/css", "application/font-", "application/x-font-", "application/vnd.ms-fontobject",
                "application/pdf", "audio/", "video/")
MAX_URL = 4000


def warc_dir(datasette, db) -> Path:
    configured = config(datasette).get("warc_dir")
    if configured:
        return Path(configured)
    return Path(db.path).parent / "warc"


def capture_time(value: str | None) -> str:
    """A capture time as readers in Latvia write it: ``04.12.2026. 21:37`` (Europe/Riga)."""
    if not value:
        return "nav zināms"
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(RIGA).strftime("%d.%m.%Y. %H:%M")


def stamp(value: str) -> str:
    """``YYYYMMDDhhmmss`` (UTC) of an ISO time."""
    from archive.requisites import timestamp_14

    return timestamp_14(value)


def resource_path(datasette, url: str, t: str) -> str:
    return datasette.urls.path("arhivs/resurss") + "?" + urlencode({"url": url, "t": t}, quote_via=quote)


def _read(directory: Path, file: str, offset: int, length: int | None):
    from archive.warc import read_record

    if not file or "/" in file or "\\" in file or not (directory / file).is_file():
        raise NotFound("Arhivētā kopija nav pieejama / The archived copy is not available")
    return read_record(directory, file, offset, length)


async def _capture(db, article_id: str, rev: str | None) -> tuple[dict, list[dict]]:
    """The article (public fields), its captured revisions, and the one asked for."""
    found = await db.execute(
        "select a.id, a.title, a.url, a.site, s.name as site_name from articles_v1 a "
        "left join sites_v1 s on s.id = a.site where a.id = ?", [article_id])
    if not found.rows:
        raise NotFound("Raksts nav atrasts / Article not found")
    article = dict(found.rows[0])
    revisions = [dict(r) for r in (await db.execute(
        "select rev, captured_at, warc_file, warc_offset, warc_length from revisions "
        "where article_id = ? and warc_file is not null order by rev", [article_id])).rows]
    current = (await db.execute(
        "select warc_file, warc_offset, warc_length, last_changed from articles where id = ?", [article_id])).rows[0]
    if current[0] and not any(r["warc_file"] == current[0] and r["warc_offset"] == current[1] for r in revisions):
        revisions.append({"rev": (revisions[-1]["rev"] + 1) if revisions else 1, "captured_at": current[3],
                          "warc_file": current[0], "warc_offset": current[1], "warc_length": current[2]})
    if not revisions:
        raise NotFound("Šim rakstam nav arhivētas kopijas / No archived copy of this article")
    chosen = revisions[-1]
    if rev is not None:
        if not rev.isdigit() or len(rev) > 9:
            raise NotFound("Šādas versijas nav / No such revision")
        chosen = next((r for r in revisions if r["rev"] == int(rev)), None)
        if chosen is None:
            raise NotFound("Šādas versijas nav / No such revision")
    article["capture"] = chosen
    return article, revisions


async def archived_copy(datasette, request):
    """The archive's page for one archived copy: banner above the sandboxed capture."""
    db = archive_db(datasette)
    article_id = request.url_vars["id"]
    article, revisions = await _capture(db, article_id, request.args.get("rev"))
    chosen = article["capture"]
    frame = datasette.urls.path(f"arhivs/{article_id}/kopija") + f"?rev={chosen['rev']}"
    context = {
        "article": article,
        "captured": capture_time(chosen["captured_at"]),
        "captured_iso": chosen["captured_at"],
        "revisions": [dict(r, label=capture_time(r["captured_at"])) for r in reversed(revisions)],
        "chosen_rev": chosen["rev"],
        "frame_src": frame,
        "sandbox": FRAME_SANDBOX,
        "article_path": datasette.urls.path(f"raksts/{article_id}"),
        "self_path": datasette.urls.path(f"arhivs/{article_id}"),
        "css_path": datasette.urls.path("-/novadi-static/arhivs.css"),
        "home_path": datasette.urls.instance(),
    }
    html = await datasette.render_template("arhivs.html", context, request=request, view_name="arhivs")
    return Response.html(html, headers={"X-Robots-Tag": "noindex", "Cache-Control": "public, max-age=3600"})


async def archived_capture(datasette, request):
    """The capture itself, rewritten, for the frame of :func:`archived_copy`."""
    from crawler.extraction import decode_html

    from archive.site.rewrite import rewrite_capture

    db = archive_db(datasette)
    article_id = request.url_vars["id"]
    article, _ = await _capture(db, article_id, request.args.get("rev"))
    chosen = article["capture"]
    if request.headers.get("sec-fetch-dest") == "document":
        # Opened on its own, the capture would show without the banner saying what it is.
        target = datasette.urls.path(f"arhivs/{article_id}") + f"?rev={chosen['rev']}"
        return Response.redirect(target)
    directory = warc_dir(datasette, db)
    url, status, headers, body, warc_headers = _read(directory, chosen["warc_file"], chosen["warc_offset"],
                                                     chosen["warc_length"])
    content_type = next((v for k, v in headers if k.lower() == "content-type"), None)
    t = stamp(warc_headers.get("WARC-Date") or chosen["captured_at"])

    def rewrite(conn):
        links = PageLinks(conn, datasette, t)
        return rewrite_capture(decode_html(body, content_type), url,
                               resource_url=lambda u: resource_path(datasette, u, t), page_link=links)

    page = await db.execute_fn(rewrite)
    return Response(page, status=200, content_type="text/html; charset=utf-8", headers={
        "Content-Security-Policy": CAPTURE_CSP, "X-Frame-Options": "SAMEORIGIN", "Referrer-Policy": "no-referrer",
        "X-Robots-Tag": "noindex", "Cache-Control": "public, max-age=3600"})


class PageLinks:
    """Where a link in a capture goes in the archive: an archived article's copy, a
    captured file, or nowhere (None: the link leaves the archive)."""

    def __init__(self, conn, datasette, t: str):
        self.conn = conn
        self.datasette = datasette
        self.t = t
        self.cache: dict[str, str | None] = {}

    def __call__(self, url: str) -> str | None:
        if url not in self.cache:
            self.cache[url] = self._find(url)
        return self.cache[url]

    def _find(self, url: str) -> str | None:
        from crawler.canonical import canonical_url

        if len(url) > MAX_URL:
            return None
        try:
            canonical = canonical_url(url)
        except ValueError:
            return None
        row = self.conn.execute(
            "select a.id from article_urls u join articles_v1 a on a.id = u.article_id where u.url in (?, ?) limit 1",
            [canonical, url]).fetchone()
        if row:
            return self.datasette.urls.path(f"arhivs/{row[0]}")
        if self.conn.execute("select 1 from resources where url = ? limit 1", [url]).fetchone():
            return resource_path(self.datasette, url, self.t)
        return None


async def archived_resource(datasette, request):
    """``/arhivs/resurss?url=…&t=…``: the capture of a file nearest to ``t``; 404 when none."""
    from archive.requisites import iso_from_14

    url = request.args.get("url") or ""
    if not url.startswith(("http://", "https://")) or len(url) > MAX_URL:
        raise NotFound("Norādiet arhivētā faila adresi / Give the address of an archived file")
    when = iso_from_14(request.args.get("t") or "") or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    db = archive_db(datasette)
    found = await _nearest(db, url, when)
    if found is None:
        raise NotFound("Šis fails nav arhivēts / This file is not in the archive")
    file, offset, length, kind_hint = found
    _, status, headers, body, warc_headers = _read(warc_dir(datasette, db), file, offset, length)
    if status != 200:
        raise NotFound("Šis fails nav arhivēts / This file is not in the archive")
    content_type = next((v for k, v in headers if k.lower() == "content-type"), "") or kind_hint or ""
    media_type = content_type.split(";")[0].strip().lower()
    extra = {}
    if media_type == "text/css" or (not media_type and url.lower().split("?")[0].endswith(".css")):
        from archive.site.rewrite import rewrite_stylesheet

        t = stamp(warc_headers.get("WARC-Date") or when)
        css = _decode_css(body, content_type)
        body = rewrite_stylesheet(css, url, lambda u: resource_path(datasette, u, t)).encode("utf-8")
        content_type = "text/css; charset=utf-8"
    elif not media_type.startswith(SERVED_TYPES):
        content_type = "application/octet-stream"
        extra["Content-Disposition"] = "attachment"
    return Response(body, status=200, content_type=content_type, headers={
        **extra,
        "Content-Security-Policy": RESOURCE_CSP,
        # Fonts are fetched in CORS mode, and the frame's origin is opaque.
        "Access-Control-Allow-Origin": "*",
        "X-Robots-Tag": "noindex",
        "Cache-Control": "public, max-age=86400",
    })


async def _nearest(db, url: str, when: str):
    """``(file, offset, length, content type)`` of the capture of ``url`` nearest to ``when``."""
    from archive.requisites import NEAREST_SQL

    try:
        rows = (await db.execute(NEAREST_SQL, {"url": url, "t": when})).rows
    except Exception:  # an archive from before requisites (no resources table)
        rows = []
    if rows:
        row = rows[0]
        return row["payload_file"], row["payload_offset"], row["payload_length"], row["content_type"]
    # A document an article links to, captured as its attachment.
    rows = (await db.execute(
        "select t.warc_file, t.warc_offset, t.warc_length, t.content_type from attachments t "
        "join articles_v1 a on a.id = t.article_id where t.url = ? and t.status = 200 and t.warc_file is not null "
        "order by abs(julianday(t.fetched_at) - julianday(?)) limit 1", [url, when])).rows
    return tuple(rows[0]) if rows else None


def _decode_css(body: bytes, content_type: str) -> str:
    charset = None
    if "charset=" in (content_type or "").lower():
        charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip().strip('"')
    if body.startswith(b"\xef\xbb\xbf"):
        charset = "utf-8-sig"
    for candidate in (charset, "utf-8", "windows-1257"):
        if not candidate:
            continue
        try:
            return body.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("latin-1")
