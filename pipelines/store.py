"""Storage pipeline: the crawl's single database writer.

It opens the archive in ``open_spider``, registers the site and a crawl run,
hands every item to :class:`archive.store.ArchiveWriter`, and on close records
the run's figures, its health and clusters the new articles.
"""
from __future__ import annotations

import logging
import sqlite3

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from archive.store import ArchiveWriter, release_writer, shared_writer

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, db_path: str, batch: int, batch_seconds: float, crawler):
        self.db_path = db_path
        self.batch = batch
        self.batch_seconds = batch_seconds
        self.crawler = crawler
        self.writer: ArchiveWriter | None = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("NOVADI_DB")
        if not path:
            raise NotConfigured("NOVADI_DB is not set")
        pipeline = cls(path, crawler.settings.getint("NOVADI_STORE_BATCH", 50),
                       crawler.settings.getfloat("NOVADI_STORE_BATCH_SECONDS", 5.0), crawler)
        # The run is recorded on spider_closed, the first moment its finish reason is known.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self, spider=None):
        spider = spider or self.crawler.spider
        self.writer = shared_writer(self.db_path, batch=self.batch, batch_seconds=self.batch_seconds)
        self.db = self.writer.db
        self.writer.register_sites([spider.site])
        self.run_id = self.writer.start_run(spider.site.id, getattr(spider, "mode", "incremental"))
        spider.run_id = self.run_id

    def process_item(self, item):
        try:
            outcome = self.writer.ingest(ItemAdapter(item).asdict())
        except sqlite3.Error as exc:
            # Disk full, locked beyond the timeout, corrupt: stop rather than lose pages.
            logger.error("cannot write to %s: %s", self.db_path, exc)
            self.crawler.stats.inc_value("novadi/store/errors")
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="store-error"))
            raise
        self.crawler.stats.inc_value(f"novadi/stored/{outcome}")
        return item

    def close_spider(self, spider=None):
        if self.writer is not None:
            self.writer.flush()

    def spider_closed(self, spider, reason):
        if self.writer is None:
            return
        try:
            self.writer.flush()
            self.writer.finish_run(self.run_id, reason=reason, stats=self.crawler.stats.get_stats())
            self._after_run(spider)
        finally:
            self.writer = None
            release_writer(self.db_path)

    def _after_run(self, spider):
        from archive import health

        try:
            health.record(self.db, spider.site.id, self.run_id)
        except Exception:  # health figures must never cost the crawl its data
            logger.exception("health figures for %s failed", spider.site.id)
        try:
            from archive.clusters import cluster_new

            cluster_new(self.db)
        except ImportError:
            pass
        except Exception:
            logger.exception("clustering new articles failed")
