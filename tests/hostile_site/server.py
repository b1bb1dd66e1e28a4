"""Serves Naidīgais novads (tests/hostile_site/content.py) and a tracker host on loopback.

``HostileSite`` serves the site on 127.0.0.70 and the tracker on 127.0.0.71, each on
an ephemeral port. Every request to either is logged as ``(host label, path)``: the
tracker's log must stay empty whoever looks at the archive.
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from tests.hostile_site.content import STORIES, article_page, fill, listing_page

SITE_ID = "naidigais-novads"
HOSTS = {"site": "127.0.0.70", "tracker": "127.0.0.71"}


class HostileSite:
    def __init__(self):
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.servers: dict[str, ThreadingHTTPServer] = {}
        self.base: dict[str, str] = {}

    def __enter__(self) -> "HostileSite":
        for label, host in HOSTS.items():
            server = ThreadingHTTPServer((host, 0), _Handler)
            server.daemon_threads = True
            server.site, server.label = self, label
            self.servers[label] = server
            self.base[label] = f"http://{host}:{server.server_address[1]}"
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        for server in self.servers.values():
            server.shutdown()
            server.server_close()

    @property
    def url(self) -> str:
        return self.base["site"] + "/"

    def tracker_hits(self) -> list[str]:
        with self.lock:
            return [path for label, path in self.requests if label == "tracker"]

    def registry_entries(self) -> dict[str, dict]:
        return {SITE_ID: {
            "name": "Naidīgais novads", "url": self.url, "kind": "municipality", "profile": "generic",
            "start_urls": [self.base["site"] + "/jaunumi"],
            "article": [r"^/zinas/[^/?#]+/?$"], "listing": [r"^/jaunumi/?$"],
        }}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        site = self.server.site
        path = urlsplit(self.path).path
        with site.lock:
            site.requests.append((self.server.label, self.path))
        if self.server.label == "tracker":
            return self.send(200, "<html><script>alert('tracker')</script></html>")
        tracker = site.base["tracker"]
        if path == "/robots.txt":
            return self.send(200, "User-agent: *\nAllow: /\n", "text/plain")
        if path in ("/", "/jaunumi"):
            return self.send(200, listing_page(tracker))
        slug = path.removeprefix("/zinas/").strip("/")
        story = STORIES.get(slug)
        if story is None:
            return self.send(404, "<h1>Nav atrasts</h1>")
        headers = {name: fill(value, tracker) for name, value in story.headers.items()}
        return self.send(200, article_page(story, tracker), headers=headers)

    def send(self, status, body, content_type="text/html; charset=utf-8", headers=None):
        data = body.encode("utf-8", "surrogatepass")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
