"""Extraction pipeline: turns a fetched article page into an article, or drops it.

The work is done by :func:`crawler.extraction.extract`, a plain function; this
pipeline only feeds it and counts what it refuses.
"""
from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from crawler.items import PageItem
from crawler.extraction import EXTRACTOR_VERSION, config_hash, extract
from crawler.extraction.sitetitles import SiteTitles, page_title

logger = logging.getLogger(__name__)


class ExtractPipeline:
    def __init__(self, stats, crawler=None):
        self.stats = stats
        self.crawler = crawler
        # the <title> each site's pages share is its name, never a headline
        self.titles = SiteTitles()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler)

    def process_item(self, item):
        if not isinstance(item, PageItem):
            return item
        adapter = ItemAdapter(item)
        if adapter["status"] != 200:
            return item  # 304 and 404/410 carry no page; the store records them
        site = self.site_for(adapter.get("site"))
        site_key = adapter.get("site") or ""
        try:
            self.titles.observe(site_key, adapter["url"], page_title(adapter["html"]))
            article = extract(adapter["html"], adapter["url"], site,
                              fetched_at=datetime.fromisoformat(adapter["fetched_at"]),
                              hints=adapter.get("hints") or {}, sitewide_titles=self.titles.sitewide(site_key))
        except Exception as exc:  # one broken page must not stop the crawl
            self.stats.inc_value("novadi/dropped/extraction-error")
            logger.exception("extraction failed on %s", adapter["url"])
            raise DropItem(f"extraction error on {adapter['url']}: {exc}") from exc
        if not article.is_article:
            self.stats.inc_value(f"novadi/dropped/{article.reason or 'not-article'}")
            raise DropItem(f"not an article ({article.reason}): {adapter['url']}")
        if (adapter.get("hints") or {}).get("needs_date") and not article.published:
            # A page found only by its URL's resemblance to articles, with no date:
            # a static page (contacts, a project description), not news.
            self.stats.inc_value("novadi/dropped/undated-page")
            raise DropItem(f"not an article (undated page found by URL shape): {adapter['url']}")
        adapter["article"] = asdict(article) | {
            "extractor_version": EXTRACTOR_VERSION, "config_hash": config_hash(site)}
        adapter["html"] = ""  # the raw page lives in the WARC capture
        self.stats.inc_value("novadi/extracted")
        return item

    def open_spider(self, spider=None):
        # Scrapy ≥ 2.14 calls this without the spider; the crawler knows it.
        spider = spider or (self.crawler.spider if self.crawler else None)
        self._spider_site = getattr(spider, "site", None)

    def site_for(self, site_id):
        site = getattr(self, "_spider_site", None)
        if site is not None and site.id == site_id:
            return site
        return None
