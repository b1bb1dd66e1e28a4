"""Extraction pipeline: turns a fetched page into an article, or drops it with its kind.

The work is done by :func:`crawler.extraction.extract`, a plain function, whose
result says what the page is (:func:`crawler.discovery.pagekind.kind_of`): a page
fetched as a listing that is an article is stored; a page fetched as an article
that lists other pages has its links followed and is not stored; anything else is
dropped with its kind as the counted reason (``hints["dropped"]``, which the
spider's teaser ledger reads).
"""
from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from crawler.items import PageItem
from crawler.discovery.pagekind import best_date, kind_of
from crawler.extraction import EXTRACTOR_VERSION, config_hash, extract
from crawler.extraction import workers as extraction_workers
from crawler.extraction.sitetitles import SiteTitles, page_title

logger = logging.getLogger(__name__)


class ExtractPipeline:
    def __init__(self, stats, crawler=None, *, workers: int = 0, timeout: float = 120.0):
        self.stats = stats
        self.crawler = crawler
        # pages are extracted in worker processes when there are any (settings.py)
        self.workers, self.timeout, self.pool = workers, timeout, None
        self._spider = None
        self._hashes: dict = {}
        # the <title> each site's pages share is its name, never a headline
        self.titles = SiteTitles()

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(crawler.stats, crawler, workers=extraction_workers.worker_count(settings.get("NOVADI_EXTRACT_WORKERS", 0)),
                   timeout=settings.getfloat("NOVADI_EXTRACT_TIMEOUT", 120.0))

    def process_item(self, item):
        if not isinstance(item, PageItem):
            return item
        adapter = ItemAdapter(item)
        if adapter["status"] != 200:
            return item  # 304 and 404/410 carry no page; the store records them
        site = self.site_for(adapter.get("site"))
        site_key = adapter.get("site") or ""
        self.titles.observe(site_key, adapter["url"], page_title(adapter["html"]))
        arguments = {"html": adapter["html"], "url": adapter["url"], "site": site,
                     "fetched_at": datetime.fromisoformat(adapter["fetched_at"]),
                     "hints": adapter.get("hints") or {}, "sitewide_titles": self.titles.sitewide(site_key)}
        if self.pool is None:
            try:
                article = extract(**arguments)
            except Exception as exc:  # one broken page must not stop the crawl
                self._failed(adapter, exc)
            return self._judged(item, adapter, site, article)
        return self._extract_in_worker(item, adapter, site, arguments)  # Scrapy awaits it

    async def _extract_in_worker(self, item, adapter, site, arguments):
        try:
            article = await self.pool.extract(**arguments)
        except Exception as exc:  # a page that hangs or kills its worker costs that page only
            self._failed(adapter, exc)
        return self._judged(item, adapter, site, article)

    def _failed(self, adapter, exc):
        self.stats.inc_value("novadi/dropped/extraction-error")
        logger.error("extraction failed on %s: %s", adapter["url"], exc)
        (adapter.get("hints") or {})["dropped"] = "error:extraction"
        raise DropItem(f"extraction error on {adapter['url']}: {exc}") from exc

    def _judged(self, item, adapter, site, article):
        """Store, follow or drop the page by what its extraction found it to be."""
        hints = adapter.get("hints") or {}
        fetched_as = hints.get("fetched_as", "article")
        kind = kind_of(article, fetched_as)
        if fetched_as == "listing":
            if kind.kind != "article":
                # A listing that is a listing: its links are already followed.
                self.stats.inc_value(f"novadi/pagekind/{kind.detail}")
                raise DropItem(f"a listing page ({kind.detail}): {adapter['url']}", log_level="DEBUG")
            self.stats.inc_value("novadi/pagekind/listing-was-article")
            logger.info("%s was fetched as a listing and is an article: %s", adapter["url"], "; ".join(kind.reasons))
        if kind.kind != "article":
            self.stats.inc_value(f"novadi/dropped/{article.reason or 'not-article'}")
            hints["dropped"] = f"not-article:{kind.detail}"
            if kind.follow_links:
                # Fetched as an article, it lists other pages: follow them, store nothing.
                follow = getattr(self._spider, "follow_as_listing", None)
                if follow is not None:
                    self.stats.inc_value("novadi/pagekind/article-was-listing")
                    follow(adapter["html"], adapter["url"])
            raise DropItem(f"not an article ({kind.detail}): {adapter['url']} ({'; '.join(kind.reasons)})")
        if not article.published:
            if not self._best_date(article, adapter, hints):
                # A page found only by its URL's resemblance to articles, with no date and
                # nothing declaring it an article: a static page (contacts, structure).
                self.stats.inc_value("novadi/dropped/undated-page")
                hints["dropped"] = "not-article:page"
                raise DropItem(f"not an article (undated page found by URL shape): {adapter['url']}")
        adapter["article"] = asdict(article) | {
            "extractor_version": EXTRACTOR_VERSION, "config_hash": self._config_hash(site)}
        adapter["html"] = ""  # the raw page lives in the WARC capture
        self.stats.inc_value("novadi/extracted")
        return item

    def _best_date(self, article, adapter, hints) -> bool:
        """Give an article the page shows no date for the best date the crawl has, counted;
        False when the page is rather a static page (see ``pagekind.best_date``)."""
        day, source = best_date(hints, adapter["html"])
        if source == "static":
            return False
        article.published = day
        self.stats.inc_value("novadi/undated" if source == "undated" else f"novadi/dated-from/{source}")
        if source == "undated":
            logger.info("stored without a date: %s", adapter["url"])
        return True

    def open_spider(self, spider=None):
        # Scrapy ≥ 2.14 calls this without the spider; the crawler knows it.
        spider = spider or (self.crawler.spider if self.crawler else None)
        self._spider = spider
        self._spider_site = getattr(spider, "site", None)
        if self.workers:
            self.pool = extraction_workers.acquire(self.workers, self.timeout)

    def close_spider(self, spider=None):
        if self.pool is not None:
            self.pool = None
            extraction_workers.release()

    def _config_hash(self, site) -> str:
        # The same for every page of a crawl: hashed once per site, not per page.
        key = getattr(site, "id", None)
        if key not in self._hashes:
            self._hashes[key] = config_hash(site)
        return self._hashes[key]

    def site_for(self, site_id):
        site = getattr(self, "_spider_site", None)
        if site is not None and site.id == site_id:
            return site
        return None
