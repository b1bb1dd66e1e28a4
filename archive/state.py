"""What the crawler needs to know from the archive before it starts a site.

Read once, read-only, at the start of a crawl: the URLs already archived (for
incremental crawls), their validators (for conditional requests), what the
revisit policy plans from (dates, last checks, recorded sitemap lastmods), and the
pages an interrupted run already fetched (for resuming it).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from crawler.revisit import KnownArticle, moved


@dataclass
class CrawlState:
    known_articles: set[str] = field(default_factory=set)      # canonical URLs
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    lastmod: dict[str, str] = field(default_factory=dict)       # sitemap lastmod recorded last time
    checked: dict[str, str] = field(default_factory=dict)       # URL -> its article's last check
    fetch_urls: dict[str, str] = field(default_factory=dict)    # URL -> the form the site answered at
    articles: list[KnownArticle] = field(default_factory=list)  # what the revisit policy plans from
    resumed_from: int | None = None                             # run id being resumed
    done_in_interrupted_run: set[str] = field(default_factory=set)

    def is_known(self, canonical: str) -> bool:
        return canonical in self.known_articles

    @classmethod
    def from_records(cls, records) -> "CrawlState":
        """The state from :func:`article_records` (read from the archive, or from the
        cluster's Redis, where the writer publishes them)."""
        state = cls()
        for record in records:
            state.known_articles.update(record["urls"])
            for url in record["urls"]:
                if record.get("checked"):
                    state.checked[url] = record["checked"]
            state.fetch_urls.update(record.get("fetch_urls") or {})
            for url, (etag, last_modified, lastmod) in (record.get("pages") or {}).items():
                if etag or last_modified:
                    state.validators[url] = (etag, last_modified)
                    if url in state.fetch_urls:
                        state.validators.setdefault(state.fetch_urls[url], (etag, last_modified))
                if lastmod:
                    for alias in record["urls"]:
                        # any URL of the article that a sitemap names compares with its latest
                        if alias not in state.lastmod or moved(lastmod, state.lastmod[alias], None):
                            state.lastmod[alias] = lastmod
            state.articles.append(KnownArticle(
                url=record["url"], published=record.get("published"), first_seen=record.get("first_seen"),
                checked=record.get("checked"), gone=bool(record.get("gone")), aliases=tuple(record["urls"])))
        return state


def article_records(conn: sqlite3.Connection, site_id: str) -> list[dict]:
    """One record per archived article of the site: its URLs, dates, last check and
    its pages' validators and sitemap lastmod, in the shape :meth:`CrawlState.from_records` reads."""
    records: dict[str, dict] = {}
    columns = {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
    checked = "coalesce(last_checked, last_seen)" if "last_checked" in columns else "last_seen"
    for aid, url, published, first_seen, last_check, gone in conn.execute(
            f"SELECT id, url, published, first_seen, {checked}, gone_at FROM articles WHERE site = ?", (site_id,)):
        records[aid] = {"url": url, "published": published, "first_seen": first_seen, "checked": last_check,
                        "gone": gone is not None, "urls": [], "pages": {}, "fetch_urls": {}}
    for url, aid in conn.execute("SELECT url, article_id FROM article_urls WHERE site = ?", (site_id,)):
        if aid in records:
            records[aid]["urls"].append(url)
    latest: dict[str, str] = {}
    page_columns = {r[1] for r in conn.execute("PRAGMA table_info(pages)")}
    fetched = "fetched_url" if "fetched_url" in page_columns else "NULL"
    for url, aid, kind, etag, last_modified, lastmod, fetched_at, fetched_url in conn.execute(
            f"SELECT url, article_id, kind, etag, last_modified, lastmod, fetched_at, {fetched} FROM pages "
            "WHERE site = ? AND article_id IS NOT NULL", (site_id,)):
        record = records.get(aid)
        if record is None:
            continue
        if fetched_url and fetched_url != url:
            record["fetch_urls"][url] = fetched_url
        if kind == "article":
            record["pages"][url] = (etag, last_modified, lastmod)
            # Revisited as the site last answered it (its canonical form may not answer:
            # a trailing slash dropped), with that capture's validators.
            if (fetched_at or "") >= latest.get(aid, ""):
                latest[aid] = fetched_at or ""
                record["url"] = fetched_url or url
        elif lastmod:
            record["pages"][url] = (None, None, lastmod)
    return list(records.values())


def load_state(db_path: str | Path, site_id: str) -> CrawlState:
    path = Path(db_path)
    if not path.exists():
        return CrawlState()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "pages" not in tables:
            return CrawlState()
        state = CrawlState.from_records(article_records(conn, site_id))
        # A run without a finish time was interrupted (killed, power loss): what
        # it fetched is done and need not be fetched again when resuming it.
        row = conn.execute(
            "SELECT id, started FROM crawl_runs WHERE site = ? ORDER BY id DESC LIMIT 1", (site_id,)
        ).fetchone()
        if row and conn.execute("SELECT finished FROM crawl_runs WHERE id = ?", (row[0],)).fetchone()[0] is None:
            state.resumed_from = row[0]
            state.done_in_interrupted_run = {
                r[0] for r in conn.execute(
                    "SELECT url FROM pages WHERE site = ? AND fetched_at >= ?", (site_id, row[1]))
            }
        return state
    finally:
        conn.close()
