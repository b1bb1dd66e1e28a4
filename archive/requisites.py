"""Page requisites in the archive: storing their captures and finding the one to replay.

The crawl's store pipeline calls :func:`ingest_requisite` and :func:`link_page`
inside its transactions; the public site calls :func:`nearest_capture` for
``/arhivs/resurss?url=…&t=…``.
"""
from __future__ import annotations

from datetime import datetime, timezone

# crawl_runs columns and the crawl stats they come from.
RUN_COLUMNS = {
    "requisite_requests": "novadi/requisites/responses",
    "requisite_bytes": "novadi/requisites/bytes",
    "requisite_revisits": "novadi/requisites/revisits",
}


def run_columns(stats: dict) -> dict:
    """The run's requisite figures, for its ``crawl_runs`` row."""
    return {column: stats.get(stat, 0) for column, stat in RUN_COLUMNS.items()}


def ingest_requisite(db, item: dict) -> str:
    """Record one fetched requisite; return ``stored``, ``revisit`` or ``missing``."""
    warc = item.get("warc") or {}
    db.execute(
        """INSERT INTO resources (url, fetched_url, site, captured_at, status, content_type, size, digest, revisit,
                                  warc_date, warc_file, warc_offset, warc_length,
                                  payload_file, payload_offset, payload_length)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [item["url"], item.get("fetched_url") or item["url"], item["site"], item["fetched_at"], item["status"],
         item.get("content_type"), item.get("size"), item.get("digest"), int(bool(item.get("revisit"))),
         warc.get("date"), warc.get("file"), warc.get("offset"), warc.get("length"),
         warc.get("payload_file"), warc.get("payload_offset"), warc.get("payload_length")])
    # Which article needs it is recorded from the page itself (link_page). What a
    # stylesheet names (fonts, backgrounds) is the site's chrome, tied to no article.
    if item["status"] != 200:
        return "missing"
    return "revisit" if item.get("revisit") else "stored"


def link_page(db, item: dict) -> None:
    """Note which requisites a stored page names (also those fetched for another page)."""
    requisites = item.get("requisites")
    if not requisites:
        return
    key = item.get("canonical")
    article = db.execute("SELECT article_id FROM article_urls WHERE url = ?", [key]).fetchone() if key else None
    if article is None:
        return
    db.conn.executemany("INSERT OR IGNORE INTO page_resources (article_id, url, kind) VALUES (?, ?, ?)",
                   [(article[0], url, kind) for url, kind in requisites])


def timestamp_14(value: str) -> str:
    """``YYYYMMDDhhmmss`` (UTC) of an ISO time, as web archives write capture times."""
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S")


def iso_from_14(value: str) -> str | None:
    """The ISO UTC time of a ``YYYYMMDDhhmmss`` stamp (shorter stamps are padded), or None."""
    digits = "".join(c for c in value or "" if c.isdigit())
    if not 4 <= len(digits) <= 14:
        return None
    digits = (digits + "0101000000"[len(digits) - 4:])[:14] if len(digits) < 14 else digits
    try:
        when = datetime.strptime(digits, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    return when.isoformat(timespec="seconds")


NEAREST_SQL = """
    SELECT r.url, r.status, r.content_type, r.payload_file, r.payload_offset, r.payload_length, r.captured_at
    FROM resources r
    WHERE r.url = :url AND r.payload_file IS NOT NULL
      -- a file only redacted articles used goes with them
      AND NOT (EXISTS (SELECT 1 FROM page_resources p JOIN articles a ON a.id = p.article_id
                       WHERE p.url = r.url AND a.redacted = 1)
               AND NOT EXISTS (SELECT 1 FROM page_resources p JOIN articles a ON a.id = p.article_id
                               WHERE p.url = r.url AND a.redacted = 0))
    ORDER BY abs(julianday(r.captured_at) - julianday(:t)), r.id DESC
    LIMIT 1
"""


def hidden_resource_urls(db) -> set[str]:
    """Requisites that only redacted articles used: never replayed, never exported."""
    rows = db.execute(
        """SELECT p.url FROM page_resources p JOIN articles a ON a.id = p.article_id
           GROUP BY p.url HAVING max(a.redacted = 0) = 0""")
    return {r[0] for r in rows}
