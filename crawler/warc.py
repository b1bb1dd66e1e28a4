"""A Scrapy extension that writes every response the crawler receives to WARC.

It listens to ``response_downloaded``, which fires before any middleware touches
the response, so the capture holds the bytes and headers as the server sent them
(redirects, errors and robots.txt included). The capture's location is put in
``request.meta["warc"]`` for the pipelines to store.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from twisted.web import http as twisted_http

from archive.warc import WarcFileWriter

logger = logging.getLogger(__name__)


def warc_dir_from_settings(settings) -> Path:
    configured = settings.get("NOVADI_WARC_DIR")
    if configured:
        return Path(configured)
    return Path(settings.get("NOVADI_DB") or "data/novadi.db").parent / "warc"


class WarcCapture:
    # Several sites crawl concurrently in one process; they must share one writer,
    # or their records would interleave in files of the same name.
    _writers: dict[Path, list] = {}

    def __init__(self, directory: Path, max_size: int, operator: str, stats):
        self.directory = Path(directory).resolve()
        entry = self._writers.get(self.directory)
        if entry is None:
            entry = self._writers[self.directory] = [WarcFileWriter(directory, max_size=max_size, operator=operator), 0]
        entry[1] += 1
        self.writer = entry[0]
        self.stats = stats
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("NOVADI_WARC_ENABLED", True):
            raise NotConfigured
        ext = cls(warc_dir_from_settings(settings), settings.getint("NOVADI_WARC_MAX_SIZE"),
                  settings.get("NOVADI_CONTACT", ""), crawler.stats)
        ext.crawler = crawler
        crawler.signals.connect(ext.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def response_downloaded(self, response: Response, request, spider=None):
        if request.meta.get("requisite"):
            return  # crawler.requisite_capture writes these, once per payload
        self.write_capture(response, request, spider)

    def write_capture(self, response: Response, request, spider=None, revisit_of: dict | None = None) -> None:
        try:
            headers = [(k.decode("latin-1"), v.decode("latin-1"))
                       for k, values in response.headers.items() for v in values]
            req_headers = [(k.decode("latin-1"), v.decode("latin-1"))
                           for k, values in request.headers.items() for v in values]
            reason = twisted_http.RESPONSES.get(response.status, b"").decode("latin-1")
            extra = {}
            site = request.meta.get("site_id") or getattr(spider, "site_id", None)
            if site:
                extra["WARC-Novadi-Site"] = site
            if request.meta.get("role"):
                extra["WARC-Novadi-Role"] = request.meta["role"]
            if request.meta.get("evidence") == "guess":
                extra["WARC-Novadi-Evidence"] = "guess"
            if request.meta.get("hints"):
                # What the feed or sitemap said of this page, so that re-extraction
                # from the capture sees exactly what the crawl saw.
                extra["WARC-Novadi-Hints"] = json.dumps(request.meta["hints"], ensure_ascii=True,
                                                        sort_keys=True)
            location = self.writer.write(
                url=response.url, status=response.status, reason=reason,
                response_headers=headers, body=response.body,
                request_method=request.method, request_headers=req_headers,
                protocol=getattr(response, "protocol", None) or "HTTP/1.1", extra=extra,
                revisit_of=revisit_of)
        except OSError as exc:
            # A full disk must stop the crawl loudly, not lose captures silently: the
            # page is not stored without its capture, and the next crawl fetches it.
            request.meta["warc_error"] = str(exc)
            self.stats.inc_value("novadi/warc/errors")
            if not self.failed:
                self.failed = True
                logger.error("cannot write raw captures to %s: %s; stopping the crawl (the next crawl "
                             "fetches again what this one could not keep)", self.writer.directory, exc)
                from scrapy.utils.defer import deferred_from_coro

                deferred_from_coro(self.crawler.engine.close_spider_async(reason="warc-error"))
            return
        request.meta["warc"] = location
        self.stats.inc_value("novadi/warc/records")

    def spider_closed(self, spider, reason):
        entry = self._writers.get(self.directory)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] <= 0:
            del self._writers[self.directory]
            self.writer.close()
