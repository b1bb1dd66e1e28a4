"""Page requisites: what an archived article needs to look as it did, asked for once it is an article.

``RequisiteLinksPipeline`` (before extraction, while the page's HTML is still on
the item) notes the page's stylesheets and body images; ``RequisiteFetchPipeline``
(after extraction, so only for pages kept as articles) asks the crawler for each:
on the site's own hosts only, through the same downloader as pages (robots.txt,
one request at a time per site, the delay), each URL once per crawl, within the
caps below. The spider's :class:`crawler.spiders.requisites.RequisitesMixin`
turns their responses into items and follows what stylesheets name.

Off for the whole crawl with ``-s NOVADI_REQUISITES_ENABLED=False`` (``novadi crawl
--no-requisites``), for one site with ``requisites = false`` in the registry. The
crawl cluster (``NOVADI_REDIS_URL``) does not fetch them yet.
"""
from __future__ import annotations

import logging

from scrapy.exceptions import NotConfigured

from crawler.items import PageItem
from crawler.requisites import page_requisites
from crawler.spiders.requisites import requisite_request

logger = logging.getLogger(__name__)


def requisites_enabled(settings) -> bool:
    return settings.getbool("NOVADI_REQUISITES_ENABLED", True) and not settings.get("NOVADI_REDIS_URL")


def site_wants_requisites(spider) -> bool:
    site = getattr(spider, "site", None)
    return bool(getattr(site, "requisites", True))


class RequisiteLinksPipeline:
    def __init__(self, crawler, per_page: int):
        self.crawler = crawler
        self.per_page = per_page

    @classmethod
    def from_crawler(cls, crawler):
        if not requisites_enabled(crawler.settings):
            raise NotConfigured
        return cls(crawler, crawler.settings.getint("NOVADI_REQUISITES_PER_PAGE", 60))

    def process_item(self, item):
        if not isinstance(item, PageItem) or item.status != 200 or not item.html:
            return item
        if not site_wants_requisites(self.crawler.spider):
            return item
        try:
            found = page_requisites(item.html, item.url)
        except Exception:  # a page too broken to read still gets stored, without its requisites
            self.crawler.stats.inc_value("novadi/requisites/unreadable-page")
            logger.warning("requisites of %s could not be read", item.url, exc_info=True)
            return item
        if len(found) > self.per_page:
            self.crawler.stats.inc_value("novadi/requisites/skipped/per-page-limit", len(found) - self.per_page)
        item.requisites = found[: self.per_page]
        return item


class RequisiteFetchPipeline:
    def __init__(self, crawler, *, maxsize: int, max_depth: int, max_per_run: int):
        self.crawler = crawler
        self.maxsize = maxsize
        self.max_depth = max_depth
        self.max_per_run = max_per_run
        self.requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not requisites_enabled(settings):
            raise NotConfigured
        return cls(crawler, maxsize=settings.getint("NOVADI_REQUISITE_MAXSIZE", 5 * 1024 * 1024),
                   max_depth=settings.getint("NOVADI_REQUISITE_DEPTH", 3),
                   max_per_run=settings.getint("NOVADI_REQUISITES_PER_RUN", 20000))

    def open_spider(self, spider=None):
        spider = spider or self.crawler.spider
        # Stylesheets name fonts and images; the spider asks for those through here too.
        spider.requisite_fetcher = self

    def process_item(self, item):
        if not isinstance(item, PageItem) or not item.article or not item.requisites:
            return item
        for url, kind in item.requisites:
            self.request(url, kind, page=item.canonical, depth=0)
        return item

    def request(self, url: str, kind: str, *, page: str | None, depth: int) -> bool:
        """Ask for one requisite unless this crawl has it, it is off the site or over a cap."""
        spider = self.crawler.spider
        stats = self.crawler.stats
        if url in self.requested:
            return False
        self.requested.add(url)
        if not spider.classifier.on_site(url):
            # Another host's files (a CDN, a tracker, a video platform) are not the site's to archive.
            stats.inc_value("novadi/requisites/skipped/offsite")
            return False
        if depth > self.max_depth:
            stats.inc_value("novadi/requisites/skipped/depth")
            return False
        if len(self.requested) > self.max_per_run:
            stats.inc_value("novadi/requisites/skipped/run-limit")
            return False
        self.crawler.engine.crawl(requisite_request(spider, url, kind, page=page, depth=depth, maxsize=self.maxsize))
        stats.inc_value("novadi/requisites/requests")
        return True
