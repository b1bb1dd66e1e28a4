"""The spider's side of page requisites: their requests and their callback.

:class:`RequisitesMixin` turns a fetched requisite into a :class:`RequisiteItem`
and follows what a stylesheet names in turn (``@import``, fonts, ``url()``
images). Which requisites a page has is :mod:`crawler.requisites`; when they are
asked for is :mod:`pipelines.requisites`.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone

import scrapy
from scrapy.http import TextResponse

from crawler.guards import failure_outcome
from crawler.items import RequisiteItem
from crawler.requisites import stylesheet_requisites

logger = logging.getLogger(__name__)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class RequisitesMixin:
    """The spider's side of requisites: the callback for their responses.

    Requests are made by :class:`pipelines.requisites.RequisiteFetchPipeline` once a
    page is known to be an article; a stylesheet's own references are requested
    here, under the same rules (site hosts, caps, once per crawl).
    """

    def parse_requisite(self, response):
        meta = response.meta
        fetcher = getattr(self, "requisite_fetcher", None)
        if meta.get("warc_error"):
            self.crawler.stats.inc_value("novadi/requisites/not-captured")
            return
        if response.status == 200 and fetcher is not None and _is_stylesheet(response):
            try:
                css = response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")
            except (UnicodeDecodeError, ValueError):
                css = response.body.decode("latin-1")
            depth = meta.get("requisite_depth", 0)
            for url, kind in stylesheet_requisites(css, response.url):
                fetcher.request(url, kind, page=meta.get("page"), depth=depth + 1)
        capture = meta.get("warc") or {}
        yield RequisiteItem(
            site=self.site_id, page=meta.get("page"), url=meta.get("requisite_url", response.url),
            fetched_url=response.url, status=response.status, fetched_at=now_iso(),
            content_type=response.headers.get("Content-Type", b"").decode("latin-1"),
            size=len(response.body), digest=capture.get("digest"), revisit=bool(capture.get("revisit")),
            warc=capture or None)

    def on_requisite_error(self, failure):
        """A requisite that could not be fetched is counted as such, never as a page error."""
        kind, reason = failure_outcome(failure)
        reason = reason.replace(" ", "-")
        self.crawler.stats.inc_value(f"novadi/requisites/{'skipped' if kind == 'dropped' else 'failed'}/{reason}")
        logger.info("requisite %s not fetched (%s)", failure.request.url[:300], reason)


def _is_stylesheet(response) -> bool:
    content_type = response.headers.get("Content-Type", b"").decode("latin-1").lower()
    if "text/css" in content_type:
        return True
    return response.meta.get("requisite_kind") == "stylesheet" and not content_type.startswith(("image/", "font/"))


def requisite_request(spider, url: str, kind: str, *, page: str | None, depth: int, maxsize: int):
    """The request for one requisite: low priority (pages first), in the site's own slot."""
    return scrapy.Request(
        url, callback=spider.parse_requisite, errback=spider.on_requisite_error, priority=-10,
        meta={"site_id": spider.site_id, "role": "requisite", "requisite": True, "requisite_url": url,
              "requisite_kind": kind, "requisite_depth": depth, "page": page, "download_maxsize": maxsize,
              "handle_httpstatus_list": [404, 410, 403]})
