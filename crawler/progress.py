"""Per-site progress on an interactive terminal; silence under cron.

Scrapy's own LogStats speaks in pages per minute for the whole process; an
archivist watching a crawl wants each site's pages, articles and errors.
"""
from __future__ import annotations

import sys

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task


class Progress:
    def __init__(self, crawler, interval: float, stream=None):
        self.crawler = crawler
        self.interval = interval
        self.stream = stream or sys.stderr
        self.loop = None

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("NOVADI_PROGRESS_INTERVAL", 10.0)
        forced = crawler.settings.getbool("NOVADI_PROGRESS", False)
        if not interval or not (forced or sys.stderr.isatty()):
            raise NotConfigured
        ext = cls(crawler, interval)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def line(self) -> str:
        stats = self.crawler.stats
        site = getattr(self.crawler.spider, "site_id", "?")
        stored = sum(v for k, v in stats.get_stats().items() if k.startswith("novadi/stored/"))
        return (f"[{site}] {stats.get_value('response_received_count', 0)} pages, "
                f"{stats.get_value('novadi/stored/new', 0)} new / {stored} articles, "
                f"{stats.get_value('novadi/errors', 0)} errors")

    def opened(self, spider):
        self.loop = task.LoopingCall(lambda: print(self.line(), file=self.stream, flush=True))
        self.loop.start(self.interval, now=False)

    def closed(self, spider, reason):
        if self.loop and self.loop.running:
            self.loop.stop()
