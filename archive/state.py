"""What the crawler needs to know from the archive before it starts a site.

Read once, read-only, at the start of a crawl: the URLs already archived (for
incremental crawls), their validators (for conditional requests), and the pages
an interrupted run already fetched (for resuming it).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class CrawlState:
    known_articles: set[str] = field(default_factory=set)      # canonical URLs
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    lastmod: dict[str, str] = field(default_factory=dict)       # sitemap lastmod seen last time
    resumed_from: int | None = None                             # run id being resumed
    done_in_interrupted_run: set[str] = field(default_factory=set)

    def is_known(self, canonical: str) -> bool:
        return canonical in self.known_articles


def load_state(db_path: str | Path, site_id: str) -> CrawlState:
    path = Path(db_path)
    if not path.exists():
        return CrawlState()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "pages" not in tables:
            return CrawlState()
        state = CrawlState()
        state.known_articles = {
            r[0] for r in conn.execute(
                "SELECT url FROM article_urls WHERE site = ?", (site_id,))
        }
        for url, etag, last_modified, lastmod in conn.execute(
            "SELECT url, etag, last_modified, lastmod FROM pages WHERE site = ? AND kind = 'article'",
            (site_id,),
        ):
            if etag or last_modified:
                state.validators[url] = (etag, last_modified)
            if lastmod:
                state.lastmod[url] = lastmod
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
