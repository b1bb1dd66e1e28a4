"""Downloader middlewares: retries that back off and honour Retry-After."""
from __future__ import annotations

import logging
import time
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | str | None) -> float | None:
    """Seconds a Retry-After header asks to wait (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry, but waiting before each retry: exponential backoff, or the
    server's Retry-After (capped by ``NOVADI_RETRY_AFTER_MAX``) on 429 and 503.

    A Retry-After pauses the whole site, not only the page that got it: requests
    not yet sent wait, and the site's download slot sends nothing until then.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("NOVADI_RETRY_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("NOVADI_RETRY_AFTER_MAX", 600.0)
        self.paused_until: dict[str, float] = {}   # download slot → time.monotonic()

    async def _wait(self, seconds: float):
        if seconds > 0:
            await deferred_to_future(deferLater(reactor, seconds, lambda: None))

    def _slot_key(self, request) -> str:
        return self.crawler.engine.downloader.get_slot_key(request)

    def _pause_site(self, request, seconds: float) -> None:
        key = self._slot_key(request)
        until = time.monotonic() + seconds
        self.paused_until[key] = max(self.paused_until.get(key, 0.0), until)
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is not None:
            # Scrapy's slot waits its download delay after `lastseen` (monotonic time).
            slot.lastseen = max(slot.lastseen, until)

    async def process_request(self, request, spider=None):
        until = self.paused_until.get(self._slot_key(request))
        if until is not None:
            await self._wait(until - time.monotonic())
        return None

    async def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, f"{response.status}")
        if retry is None:
            return response
        asked = retry_after_seconds(response.headers.get("Retry-After")) if response.status in (429, 503) else None
        if asked is not None and asked > self.cap:
            logger.warning("%s asks to retry after %.0fs, more than the %.0fs cap: giving up on it", request.url, asked, self.cap)
            self.crawler.stats.inc_value("novadi/retry_after_too_long")
            return response
        wait = asked if asked is not None else self.base * 2 ** (retry.meta.get("retry_times", 1) - 1)
        if asked is not None:
            self.crawler.stats.inc_value("novadi/retry_after_honoured")
            logger.info("%s answered %s with Retry-After: pausing the site for %.0fs", request.url,
                        response.status, asked)
            self._pause_site(request, asked)
        await self._wait(wait)
        return retry

    async def process_exception(self, request, exception, spider=None):
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        retry = self._retry(request, exception)
        if retry is not None:
            await self._wait(self.base * 2 ** (retry.meta.get("retry_times", 1) - 1))
        return retry
