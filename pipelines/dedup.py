"""Dedup pipeline: one item per canonical URL per crawl, and a body hash for the store.

Across crawls and across URLs of one site, the store merges articles by canonical
URL and body hash (an alias is the same body under another URL); this stage makes
sure a crawl hands it each canonical URL once.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from crawler.items import PageItem


def body_hash(title: str | None, body: str) -> str:
    """Hash of the normalized body text: whitespace and case do not make a new version."""
    text = unicodedata.normalize("NFC", body or "")
    text = re.sub(r"\s+", " ", text).strip().casefold()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class DedupPipeline:
    def __init__(self, stats):
        self.stats = stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item):
        if not isinstance(item, PageItem):
            return item
        adapter = ItemAdapter(item)
        # Keyed on the URL as fetched: two URLs declaring one canonical both reach
        # the store, which keeps one article and records the other as its alias.
        key = adapter.get("requested_url") or adapter["canonical"]
        if key in self.seen:
            self.stats.inc_value("novadi/dropped/duplicate-url")
            raise DropItem(f"already stored in this crawl: {key}")
        self.seen.add(key)
        article = adapter.get("article")
        if article:
            adapter["body_hash"] = body_hash(article.get("title"), article.get("body", ""))
        return item
