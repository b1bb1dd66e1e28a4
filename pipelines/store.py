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
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from crawler.items import AttachmentItem, RequisiteItem
from archive.db import ArchiveError
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
        self.failure: str | None = None   # why the archive cannot be written, once it cannot

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
        try:
            self.writer = shared_writer(self.db_path, batch=self.batch, batch_seconds=self.batch_seconds)
        except (sqlite3.Error, OSError, ArchiveError) as exc:
            self._fail(exc)
            return
        self.db = self.writer.db
        try:
            self.writer.register_sites([spider.site])
            self.run_id = self.writer.start_run(spider.site.id, getattr(spider, "mode", "incremental"))
        except sqlite3.Error as exc:
            self._fail(exc)
            self._release()
            return
        spider.run_id = self.run_id
        # The command that started the crawl reports this run, and only its own runs.
        self.crawler.stats.set_value("novadi/run_id", self.run_id)

    def process_item(self, item):
        if self.failure is None:
            try:
                data = dict(ItemAdapter(item))  # shallow: the writer only reads it
                if isinstance(item, AttachmentItem):
                    outcome = "attachment-" + self.writer.ingest_attachment(data)
                elif isinstance(item, RequisiteItem):
                    outcome = "requisite-" + self.writer.ingest_requisite(data)
                else:
                    outcome = self.writer.ingest(data)
            except sqlite3.Error as exc:
                self._fail(exc)
            else:
                self.crawler.stats.inc_value(f"novadi/stored/{outcome}")
                return item
        # Not in `pages`, so the next crawl (resuming this one) fetches it again.
        self.crawler.stats.inc_value("novadi/store/not-written")
        raise DropItem(f"not stored, the archive cannot be written: {self.failure}", log_level="DEBUG")

    def _fail(self, exc: Exception) -> None:
        """Disk full, locked beyond the timeout, corrupt: stop the crawl rather than lose pages.

        One clear line, no traceback: the transaction in progress is rolled back
        whole, what was committed before stays, and the next crawl resumes.
        """
        if self.failure is not None:
            return
        self.failure = str(exc) or type(exc).__name__
        self.crawler.stats.set_value("novadi/store/failure", self.failure)
        site = getattr(self.crawler.spider, "site_id", "?")
        logger.error("cannot write to the archive %s: %s; the crawl of %s stops here, and the next crawl "
                     "fetches again what was not stored", self.db_path, self.failure, site)
        self.crawler.stats.inc_value("novadi/store/errors")
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="store-error"))

    def close_spider(self, spider=None):
        if self.writer is not None and self.failure is None:
            try:
                self.writer.flush()
            except sqlite3.Error as exc:
                self._fail(exc)

    def spider_closed(self, spider, reason):
        if self.writer is None:
            return
        try:
            self.writer.flush()
            self.writer.finish_run(self.run_id, reason=reason, stats=self.crawler.stats.get_stats())
        except sqlite3.Error as exc:
            # The run stays unfinished in the archive: the next crawl resumes it.
            logger.error("the crawl run of %s could not be recorded in %s: %s", spider.site.id, self.db_path, exc)
            self._release()
            return
        try:
            self._after_run(spider)
        finally:
            self._release()

    def _release(self) -> None:
        if self.writer is not None:
            self.writer = None
            try:
                release_writer(self.db_path)
            except sqlite3.Error as exc:
                logger.error("closing %s: %s", self.db_path, exc)

    def _after_run(self, spider):
        from archive import coverage, health

        try:
            health.record(self.db, spider.site.id, self.run_id)
        except Exception:  # health figures must never cost the crawl its data
            logger.exception("health figures for %s failed", spider.site.id)
        ledger = getattr(spider, "ledger", None)
        if ledger is not None:
            try:
                figures = coverage.account(self.db, spider.site.id, ledger)
                undated = self.crawler.stats.get_value("novadi/undated", 0)
                coverage.record(self.db, self.run_id, figures, undated=undated)
                logger.info("%s: %s", spider.site.id, coverage.coverage_line(figures.row() | {"undated": undated}))
            except Exception:  # as above: figures never cost the crawl its data
                logger.exception("coverage figures for %s failed", spider.site.id)
        if getattr(spider, "adhoc", False):
            self._name_site(spider)

    def _name_site(self, spider):
        """A site crawled by address alone takes the name its own pages give it."""
        name = spider.names.name()
        if name:
            try:
                self.db["sites"].update(spider.site.id, {"name": name})
            except Exception:
                logger.exception("naming %s failed", spider.site.id)
        try:
            from archive.clusters import ClusterConfig, cluster_new

            cluster_new(self.db, ClusterConfig.from_settings(self.crawler.settings))
        except ImportError:
            pass
        except Exception:
            logger.exception("clustering new articles failed")
