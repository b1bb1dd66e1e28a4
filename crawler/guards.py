"""Guards against bad input: what a careful archivist refuses, and why.

Downloader middlewares that stop a response before it can do harm, and the one
place that names the outcome of a failed request:

- :class:`RobotsPolicy` reads robots.txt as RFC 9309 says: a 4xx answer means no
  rules, a 5xx answer or no answer at all means complete disallow. A site whose
  robots.txt cannot be read is not crawled in this run (``robots-unreachable``);
  the next run asks again.
- :class:`RedirectGuard` refuses redirects (``Location``, a ``Refresh`` header, a meta
  refresh) that leave the site, enter a denied area, run in a loop or carry a trap
  URL (too long, too many parameters).
- :class:`ContentGuard` refuses binary files served as web pages.
- :func:`failure_outcome` turns a failed request into a counted outcome: a page
  refused for a reason (``dropped``) or an error worth retrying next run.

Every refusal raises :class:`Refused`, so the request's errback counts it once
under ``novadi/dropped/<reason>`` and logs one line, never a traceback.
"""
from __future__ import annotations

import logging
import re
from urllib.parse import urljoin

from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import HtmlResponse, Request
from scrapy.http.request import NO_CALLBACK
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import get_meta_refresh
from twisted.internet.defer import CancelledError, Deferred
from w3lib.url import safe_url_string

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Magic numbers of files that are not web pages: PDF, ZIP (docx, xlsx, odt), OLE (doc,
# xls), PNG, JPEG, GIF, WebP/RIFF, gzip, RAR, 7-Zip, MP4/ISO-BMFF.
BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8",
                b"RIFF", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"\x00\x00\x00\x18ftyp", b"\x00\x00\x00 ftyp")
# Pages of these roles must be documents; feeds and sitemaps may be gzip files.
DOCUMENT_ROLES = {"article", "listing"}


class Refused(IgnoreRequest):
    """A request or response refused on purpose; ``reason`` names the outcome."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def looks_binary(body: bytes) -> bool:
    """Whether ``body`` is a binary file rather than text: a known magic number, or NUL bytes."""
    head = body[:1024].lstrip()
    if head.startswith(BINARY_MAGIC):
        return True
    # UTF-16 text has NULs too, but web pages in UTF-16 carry a BOM.
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def failure_outcome(failure) -> tuple[str, str]:
    """``("dropped", reason)`` for a request refused on purpose, ``("error", name)`` otherwise.

    Scrapy signals some refusals only by an exception's message (the size limit
    during decompression, robots.txt, the redirect limit); they are named here,
    in one place, so a change in Scrapy shows up in one test.
    """
    exc = failure.value
    message = str(exc)
    if isinstance(exc, Refused):
        return "dropped", exc.reason
    if isinstance(exc, HttpError):  # a subclass of IgnoreRequest
        return "error", f"HTTP {exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        if "DOWNLOAD_MAXSIZE" in message:
            return "dropped", "too-large"
        if "robots.txt" in message:
            return "dropped", "robots"
        if "max redirections" in message:
            return "dropped", "redirect-limit"
        if "offsite" in message.lower():
            return "dropped", "offsite"
        return "dropped", "ignored"
    if isinstance(exc, (DownloadCancelledError, CancelledError)):
        request = getattr(failure, "request", None)
        if "max size" in message or (request is not None and request.meta.get("too_large")):
            return "dropped", "too-large"
    return "error", type(exc).__name__


class RedirectGuard:
    """Refuses redirects that would take the crawl where it must not go.

    It sees a redirect before Scrapy's RedirectMiddleware follows it. Scrapy would
    drop an offsite target silently, and meet a loop only as a duplicate request
    that vanishes; here both are counted (``redirect-offsite``, ``redirect-loop``).
    robots.txt may redirect anywhere (RFC 9309 asks crawlers to follow).
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.max_delay = crawler.settings.getfloat("METAREFRESH_MAXDELAY", 10)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        if response.status not in REDIRECT_STATUSES or b"Location" not in response.headers:
            refresh = _refresh_target(response, self.max_delay) if response.status == 200 else None
            if refresh:
                # A Refresh header or <meta http-equiv="refresh"> is a redirect too: Scrapy
                # follows the meta one and drops an offsite target without a word; the
                # header it ignores, so the page would be stored for a place it left.
                self._check(request, refresh, kind="refresh")
            return response
        if request.meta.get("dont_redirect") or response.status in request.meta.get("handle_httpstatus_list", ()):
            return response
        self._check(request, response.headers[b"Location"].decode("latin-1"), kind="redirect")
        return response

    def _check(self, request, location: str, kind: str) -> None:
        """Raise :class:`Refused` when ``location`` must not be followed from ``request``."""
        spider = self.crawler.spider
        classifier = getattr(spider, "classifier", None)
        if classifier is None or request.meta.get("role") == "robots":
            return
        if location.startswith("//"):
            location = f"{urlparse_cached(request).scheme}:{location}"
        target = urljoin(request.url, safe_url_string(location)).split("#", 1)[0]
        denied = classifier.denied(target)
        if denied == "offsite" or (denied and request.meta.get("role") != "attachment"):
            # Attachments are fetched from paths the site's deny rules keep the
            # crawl out of (download routes); only leaving the site is refused for them.
            raise Refused(f"{kind}-{denied}", f"{request.url} {kind} to {target[:200]}")
        seen = {u.split("#", 1)[0] for u in [*request.meta.get("redirect_urls", []), request.url]}
        if target in seen and kind == "redirect":
            raise Refused("redirect-loop", f"{request.url} redirects to {target[:200]}, already on the way")


_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"\s]+)", re.I)
_REFRESH_DELAY = re.compile(r"^\s*(\d+(?:\.\d*)?)")


def _refresh_target(response, max_delay: float) -> str | None:
    """Where a page's Refresh header or meta refresh sends the reader within ``max_delay``
    seconds, or None (no refresh, or a later one: the page itself is what is read)."""
    header = response.headers.get(b"Refresh")
    if header:
        value = header.decode("latin-1")
        match, delay = _REFRESH_URL.search(value), _REFRESH_DELAY.match(value)
        if match and (delay is None or float(delay.group(1)) < max_delay):
            return match.group(1)
    if isinstance(response, HtmlResponse) and b"refresh" in response.body[:65536].lower():
        try:
            interval, url = get_meta_refresh(response)
        except Exception:  # undecodable bodies have no refresh worth following
            return None
        return url if url and interval is not None and interval < max_delay else None
    return None


class ContentGuard:
    """Refuses binary files (PDF, images, archives) served as HTML pages, and marks
    downloads that outgrow ``DOWNLOAD_MAXSIZE``.

    Scrapy picks the response class from the Content-Type, so a PDF sent as
    ``text/html`` would reach extraction as text. Runs after decompression.
    When a body without Content-Length outgrows the limit, Scrapy cancels the
    download with no word of why; the mark lets :func:`failure_outcome` say it.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.maxsize = crawler.settings.getint("DOWNLOAD_MAXSIZE")

    @classmethod
    def from_crawler(cls, crawler):
        guard = cls(crawler)
        crawler.signals.connect(guard.bytes_received, signal=signals.bytes_received)
        return guard

    def bytes_received(self, data, request, spider=None):
        received = request.meta.get("received_bytes", 0) + len(data)
        request.meta["received_bytes"] = received
        limit = request.meta.get("download_maxsize", self.maxsize)
        if limit and received > limit:
            request.meta["too_large"] = True

    def process_response(self, request, response, spider=None):
        if response.status != 200 or request.meta.get("role") not in DOCUMENT_ROLES:
            return response
        if looks_binary(response.body):
            content_type = response.headers.get("Content-Type", b"").decode("latin-1") or "no Content-Type"
            raise Refused("binary", f"{response.url} is a binary file served as {content_type}")
        return response


class _DisallowAll:
    """The rules of a site whose robots.txt could not be read."""

    def allowed(self, url, user_agent) -> bool:
        return False


class RobotsPolicy(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, reading failures as RFC 9309 does.

    Scrapy parses whatever body a 5xx answer carries (an error page: no rules, so
    everything is allowed) and, when robots.txt cannot be fetched at all, logs the
    error with a traceback and allows everything. Here a 4xx means no rules, a 5xx
    after retries or a network failure means complete disallow; when that happens to
    the site's own host the crawl of the site stops with ``robots-unreachable``.
    ``NOVADI_ROBOTS_UNREACHABLE = "allow"`` restores Scrapy's reading (for a site
    whose robots.txt has been broken for long; RFC 9309 allows that after 30 days).
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        self.unreachable_policy = crawler.settings.get("NOVADI_ROBOTS_UNREACHABLE", "disallow")
        if self.unreachable_policy not in ("disallow", "allow"):
            raise ValueError("NOVADI_ROBOTS_UNREACHABLE must be disallow or allow, "
                             f"not {self.unreachable_policy!r}")

    async def robot_parser(self, request: Request):
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            # RFC 9309 asks crawlers to follow robots.txt redirects, even to other hosts.
            robots_request = Request(f"{url.scheme}://{netloc}/robots.txt", priority=self.DOWNLOAD_PRIORITY,
                                     meta={"dont_obey_robotstxt": True, "role": "robots", "allow_offsite": True},
                                     callback=NO_CALLBACK)
            try:
                response = await self.crawler.engine.download_async(robots_request)
            except IgnoreRequest as exc:
                # Too many redirects, or refused by a middleware: RFC 9309 calls that
                # "unavailable", like a 4xx.
                logger.info("robots.txt of %s unavailable (%s): no rules", netloc, exc)
                self._parsers[netloc], waiting = None, self._parsers[netloc]
                waiting.callback(None)
            except Exception as exc:  # noqa: BLE001 - every other failure to fetch is "unreachable"
                self._unreachable(netloc, url.hostname, f"{type(exc).__name__}: {exc}".rstrip(": "))
            else:
                self._stats.inc_value("robotstxt/response_count")
                self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
                if response.status >= 500 or response.status == 429:
                    self._unreachable(netloc, url.hostname, f"HTTP {response.status}")
                else:
                    # 2xx: the rules; 4xx (and an unresolved 3xx): no rules, everything allowed.
                    body = response.body if 200 <= response.status < 300 else b""
                    await self._parse_robots(response.replace(body=body), netloc, request)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(parser)
        return parser

    def _unreachable(self, netloc: str, host: str | None, why: str) -> None:
        waiting = self._parsers[netloc]
        self._stats.inc_value("novadi/robots/unreachable")
        if self.unreachable_policy == "allow":
            logger.warning("robots.txt of %s unreachable (%s): crawling as if it had no rules", netloc, why)
            self._parsers[netloc] = None
        else:
            self._parsers[netloc] = _DisallowAll()
            spider = self.crawler.spider
            site = getattr(spider, "site", None)
            if site is not None and host == site.host:
                logger.warning("robots.txt of %s unreachable (%s): RFC 9309 says assume complete disallow; "
                               "not crawling %s in this run", netloc, why, site.id)
                deferred_from_coro(self.crawler.engine.close_spider_async(reason="robots-unreachable"))
            else:
                logger.warning("robots.txt of %s unreachable (%s): not fetching from %s in this run",
                               netloc, why, netloc)
        if isinstance(waiting, Deferred):
            waiting.callback(self._parsers[netloc])
