"""A small polite HTTP client for one-off checks outside a crawl (``novadi probe``).

urllib, one request at a time: a User-Agent naming the project, robots.txt read
first for every host and obeyed (RFC 9309: unreachable means disallowed), its
Crawl-delay honoured, each redirect hop checked again, a budget of requests.
Crawls use Scrapy; this is for the few requests of a probe.
"""
from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from urllib.parse import urljoin, urlsplit

from protego import Protego

from crawler.extraction.decode import decode_html

MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
REDIRECT_CODES = (301, 302, 303, 307, 308)


def default_user_agent() -> str:
    try:
        from crawler import settings
    except Exception:  # settings are optional for the library
        settings = None
    agent = getattr(settings, "USER_AGENT", None)
    if agent:
        return agent
    contact = getattr(settings, "NOVADI_CONTACT", None)
    return "novadi/0.1 (news archive; probe" + (f"; contact: {contact})" if contact else ")")


@dataclass
class Fetched:
    url: str                 # the last URL asked for (after redirects)
    status: int | None       # None: no HTTP answer
    headers: dict
    body: bytes
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def text(self) -> str:
        return decode_html(self.body, self.headers.get("content-type"))

    def outcome(self) -> str:
        if self.error:
            return self.error
        return f"HTTP {self.status}, {len(self.body) // 1024 or '<1'} kB"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to :class:`PoliteFetcher`, which checks each hop against robots.txt."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


class Skipped(Exception):
    """A request the probe must not make (robots.txt, the request budget)."""


class PoliteFetcher:
    """urllib with a User-Agent, robots.txt per host, a delay and a request budget."""

    def __init__(self, user_agent: str, delay: float, max_requests: int, timeout: float, log):
        self.user_agent = user_agent
        self.delay = max(0.0, delay)
        self.max_requests = max_requests
        self.timeout = timeout
        self.log = log
        self.requests = 0
        self.robots: dict[str, Protego | None] = {}
        self.robots_files: dict[str, Fetched] = {}
        self._last = 0.0

    def get(self, url: str, *, robots: bool = True) -> Fetched:
        """Fetch ``url``, following redirects one request at a time, each checked against robots.txt."""
        for _ in range(MAX_REDIRECTS + 1):
            if robots:
                self.check_robots(url)
            fetched = self._request(url)
            location = fetched.headers.get("location")
            if fetched.status not in REDIRECT_CODES or not location:
                return fetched
            url = urljoin(url, location.strip())
        return Fetched(url, None, {}, b"", f"more than {MAX_REDIRECTS} redirects")

    def _request(self, url: str) -> Fetched:
        if self.requests >= self.max_requests:
            raise Skipped(f"request budget ({self.max_requests}) used up")
        wait = self._last + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.requests += 1
        try:
            return self._open(url)
        finally:
            self._last = time.monotonic()

    def _open(self, url: str) -> Fetched:
        request = urllib.request.Request(url, headers={
            "User-Agent": self.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language": "lv,en;q=0.5",
        })
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                body = response.read(MAX_BYTES)
                return Fetched(response.geturl(), response.status, _headers(response.headers), body)
        except urllib.error.HTTPError as exc:
            try:
                body = exc.read(MAX_BYTES)
            except Exception:
                body = b""
            return Fetched(exc.geturl() or url, exc.code, _headers(exc.headers), body, f"HTTP {exc.code}")
        except urllib.error.URLError as exc:
            return Fetched(url, None, {}, b"", f"no answer: {exc.reason}")
        except (TimeoutError, OSError, HTTPException, ValueError) as exc:
            return Fetched(url, None, {}, b"", f"no answer: {type(exc).__name__}: {exc}")

    def check_robots(self, url: str) -> None:
        """Raise :class:`Skipped` unless robots.txt lets us fetch ``url`` (read it first if needed)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.robots:
            self.robots[origin] = self._read_robots(origin)
        rules = self.robots[origin]
        if rules is False:
            raise Skipped("robots.txt could not be read, so everything counts as disallowed (RFC 9309)")
        if rules is not None and not rules.can_fetch(url, self.user_agent):
            raise Skipped("disallowed by robots.txt")

    def _read_robots(self, origin: str):
        url = origin + "/robots.txt"
        fetched = self.get(url, robots=False)
        self.robots_files[origin] = fetched
        if fetched.ok:
            rules = Protego.parse(fetched.body.decode("utf-8", errors="replace"))
            delay = rules.crawl_delay(self.user_agent)
            if delay and delay > self.delay:
                self.delay = float(delay)
                self.log(f"robots.txt  asks for Crawl-delay {delay:g} s: obeyed")
            return rules
        if fetched.status is not None and 400 <= fetched.status < 500:
            return None          # no robots.txt: everything is allowed
        return False             # unreachable: nothing is


def _headers(message) -> dict:
    return {k.lower(): v for k, v in (message.items() if message else [])}
