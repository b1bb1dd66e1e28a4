"""The sample world: every sample site served on its own loopback address.

Each site gets 127.0.0.N and an ephemeral port, a ThreadingHTTPServer in a
background thread, and answers as its platform would. Tests change the world
while it runs (edit, publish, remove, sidebar noise) and read what crawlers did
from ``request_log``.
"""
from __future__ import annotations

import sys
import threading
import time
import traceback
from datetime import timedelta
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from crawler.sample_sites import dates
from crawler.sample_sites.content import (
    DATA, SiteData, load_site, load_stories, make_article, nfc, parse_body, site_dirs,
)
from crawler.sample_sites.platforms import Platform, Request, Response, platform_class


def load_sites(extra_dirs=()) -> dict[str, SiteData]:
    """Every site's data: the built-in sites, then those in ``extra_dirs``."""
    stories = load_stories()
    sites = {}
    for root in [DATA, *map(Path, extra_dirs)]:
        for directory in site_dirs(root):
            site = load_site(directory, stories)
            if site.id in sites:
                raise ValueError(f"duplicate sample site id {site.id!r} in {directory}")
            sites[site.id] = site
    return sites


def make_platform(site: SiteData, base_url: str, extra_dirs=(), world=None) -> Platform:
    return platform_class(site.platform, extra_dirs)(site, base_url, world=world)


def expected_articles(site_id: str, base_url: str, extra_dirs=()) -> list[dict]:
    """The ground truth for a site served at ``base_url``, without starting a server."""
    site = load_sites(extra_dirs)[site_id]
    platform = make_platform(site, base_url, extra_dirs)
    return [platform.expected(a) for a in platform.articles(lang=None)]


class SampleWorld:
    """The sample sites, served while the ``with`` block runs.

    ``sites`` picks site ids (None: all); ``extra_dirs`` adds folders of sites
    (and the platform modules they name), such as the held-out test sites.
    """

    def __init__(self, sites=None, extra_dirs=(), first_host: int = 2, port: int = 0):
        self.extra_dirs = tuple(Path(d) for d in extra_dirs)
        available = load_sites(self.extra_dirs)
        if sites is not None:
            unknown = [s for s in sites if s not in available]
            if unknown:
                raise KeyError(f"unknown sample site(s): {', '.join(unknown)}")
            available = {s: available[s] for s in sites}
        self._data = available
        self._first_host = first_host
        self._port = port
        self._servers: dict[str, ThreadingHTTPServer] = {}
        self._platforms: dict[str, Platform] = {}
        self.lock = threading.RLock()
        self.noise = ""
        self.redesigned: set[str] = set()
        # False: pages carry no ETag or Last-Modified, as on many legacy sites, so
        # every re-crawl fetches them whole.
        self.validators = True
        self.request_log: list[tuple] = []

    # -- lifecycle -----------------------------------------------------------------

    def __enter__(self) -> "SampleWorld":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        for number, site_id in enumerate(self._data, start=self._first_host):
            server = _Server((f"127.0.0.{number}", self._port), _Handler)
            server.world, server.site_id = self, site_id
            host, port = server.server_address[:2]
            self._platforms[site_id] = make_platform(
                self._data[site_id], f"http://{host}:{port}/", self.extra_dirs, world=self)
            self._servers[site_id] = server
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                             name=f"sample-{site_id}", daemon=True).start()

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        self._servers.clear()

    # -- what tests read -----------------------------------------------------------

    @property
    def site_ids(self) -> list[str]:
        return list(self._data)

    def platform(self, site_id: str) -> Platform:
        if site_id not in self._platforms:
            raise RuntimeError(f"site {site_id!r} is not being served (use `with SampleWorld()`)")
        return self._platforms[site_id]

    def base_url(self, site_id: str) -> str:
        return self.platform(site_id).base

    def expected_articles(self, site_id: str) -> list[dict]:
        platform = self.platform(site_id)
        with self.lock:
            return [platform.expected(a) for a in platform.articles(lang=None)]

    def registry_entries(self) -> dict[str, dict]:
        """Registry entries for crawler/registry.py, with this run's URLs.

        A reference (successor, municipality) to a site outside this world is
        dropped, and a legacy site left without its successor is listed as a
        municipality, so the entries always load.
        """
        entries = {}
        for site_id, site in self._data.items():
            entry = {"name": site.registry.get("name", site_id), "url": self.base_url(site_id), **site.registry}
            entry["url"] = self.base_url(site_id)
            for key in ("feeds", "sitemaps", "start_urls"):
                if key in entry:
                    entry[key] = [self.platform(site_id).absolute(v) for v in entry[key]]
            for key in ("successor", "municipality"):
                if key in entry and entry[key] not in self._data:
                    del entry[key]
            if entry.get("kind") == "legacy" and "successor" not in entry:
                entry["kind"] = "municipality"
            entries[site_id] = entry
        return entries

    def registry_toml(self) -> str:
        return registry_toml(self.registry_entries())

    # -- changing the world --------------------------------------------------------

    def article(self, site_id: str, slug: str, lang: str | None = None):
        found = self.platform(site_id).find(slug, lang)
        if found is None:
            raise KeyError(f"{site_id}: no article {slug!r}")
        return found

    def edit(self, site_id: str, slug: str, body=None, title=None, updated=None, lang=None) -> dict:
        """Change an article; its page then has a new ETag and Last-Modified.

        ``body`` is text in the block syntax or a list of paragraphs; ``updated``
        (``"2022-03-01 09:00"``) also shows as the page's update date.
        """
        with self.lock:
            article = self.article(site_id, slug, lang)
            if body is not None:
                article.blocks = parse_body(body if isinstance(body, str) else "\n\n".join(body))
            if title is not None:
                article.title = nfc(title)
            if updated is not None:
                article.updated = dates.parse(updated)
            article.modified = max(dates.now(), article.modified + timedelta(seconds=1))
            return self.platform(site_id).expected(article)

    def publish(self, site_id: str, article: dict) -> dict:
        """Add an article (same keys as the data files); published defaults to now."""
        with self.lock:
            platform = self.platform(site_id)
            entry = {"published": dates.now().strftime("%Y-%m-%d %H:%M"), **article}
            if isinstance(entry.get("body"), list):
                entry["body"] = "\n\n".join(entry["body"])
            new = make_article(entry, load_stories())
            if platform.find(new.slug, new.lang) is not None:
                raise ValueError(f"{site_id}: article {new.slug!r} exists")
            if not new.id:
                new.id = max((a.id for a in platform.site.articles), default=0) + platform.site.id_step
            new.modified = max(new.modified, dates.now())
            platform.site.articles.append(new)
            return platform.expected(new)

    def remove(self, site_id: str, slug: str, lang: str | None = None) -> None:
        """The article's pages answer 404 (or the platform's 410) and listings drop it."""
        with self.lock:
            self.article(site_id, slug, lang).removed = True

    def redesign(self, site_id: str) -> None:
        """The site moves to a script-rendered front end: article pages stop carrying
        their text (what breaks extraction on real sites after a redesign)."""
        with self.lock:
            self.redesigned.add(site_id)

    def set_sidebar_noise(self, value: str) -> None:
        """Change the 'latest news' sidebar every page carries.

        Page bytes change; articles, their ETag and Last-Modified do not, so a
        conditional request still gets 304 and a full fetch must not count as a change.
        """
        with self.lock:
            self.noise = nfc(value or "")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    world: SampleWorld
    site_id: str


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self):
        self._serve()

    def do_HEAD(self):
        self._serve(head=True)

    def do_POST(self):
        # Comment forms and searches post here; a crawler never should.
        self._log()
        self._send(Response(status=405, body=b"Method Not Allowed", content_type="text/plain"))

    def log_message(self, format, *args):
        pass

    def _log(self) -> None:
        world = self.server.world
        world.request_log.append(
            (time.time(), self.server.site_id, self.command, self.path, dict(self.headers.items())))

    def _serve(self, head: bool = False) -> None:
        self._log()
        world = self.server.world
        platform = world.platform(self.server.site_id)
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        req = Request(method=self.command, path=unquote(parts.path) or "/", query=query,
                      raw_query=parts.query, headers=dict(self.headers.items()),
                      client=self.client_address[0], base=platform.base)
        try:
            with world.lock:
                resp = platform.respond(req)
        except Exception:  # a broken page must show in the test output, not hang the crawl
            traceback.print_exc(file=sys.stderr)
            resp = Response(status=500, body=b"Internal Server Error", content_type="text/plain")
        self._send(resp, head=head)

    def _send(self, resp: Response, head: bool = False) -> None:
        body = resp.body.encode("utf-8") if isinstance(resp.body, str) else resp.body
        headers = dict(resp.headers)
        status = resp.status
        if status == 200 and (resp.etag or resp.last_modified) and self.server.world.validators:
            if resp.etag:
                headers["ETag"] = resp.etag
            if resp.last_modified:
                headers["Last-Modified"] = dates.http_date(resp.last_modified)
            if not_modified(self.headers, resp.etag, resp.last_modified):
                status, body = 304, b""
        self.send_response(status)
        self.send_header("Server", self.server.world.platform(self.server.site_id).server)
        if status != 304:
            self.send_header("Content-Type", resp.content_type)
            self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head and status != 304:
            self.wfile.write(body)

    def version_string(self) -> str:
        return self.server.world.platform(self.server.site_id).server


def not_modified(headers, etag: str | None, modified) -> bool:
    """RFC 9110: If-None-Match (weak comparison) wins over If-Modified-Since when both are sent."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or (etag is not None and etag.removeprefix("W/") in tags)
    since = headers.get("If-Modified-Since")
    if since and modified is not None:
        try:
            since_dt = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if since_dt.tzinfo is None:
            return False
        return modified.replace(microsecond=0) <= since_dt
    return False


def registry_toml(entries: dict[str, dict]) -> str:
    """Registry entries as the TOML crawler/registry.py reads."""
    from crawler.registry import dump_entries

    return dump_entries(entries)



def serve_until_stopped(lines: list[str]) -> None:
    """Print where a started world answers, then keep it up until Ctrl+C or SIGTERM.

    `novadi demo` and service managers stop a world with SIGTERM; turning it into an
    exit lets the world's context manager shut its servers down cleanly.
    """
    import signal
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    for line in lines:
        print(line, flush=True)
    print("Serving; press Ctrl+C to stop.", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
