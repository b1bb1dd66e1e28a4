"""Generated sites served on loopback, one address per seed, and crawls of them.

Each seed has its own fixed loopback address (so a failing seed is served again
at the same host) and an ephemeral port unless one is asked for.
"""
from __future__ import annotations

import threading
from datetime import date

from crawler.sample_sites.server import _Handler, _Server
from crawler.sample_sites.zoo.generate import generate, later
from crawler.sample_sites.zoo.site import ZooPlatform


def host_for(seed: int) -> str:
    return f"127.{1 + seed // 62500 % 200}.{seed // 250 % 250}.{seed % 250 + 2}"


class ZooWorld:
    """The sites of ``seeds`` served while the ``with`` block runs."""

    def __init__(self, seeds, port: int = 0, today: date | None = None):
        self.seeds = list(seeds)
        self.port = port
        self.today = today
        self.lock = threading.RLock()
        self.request_log: list[tuple] = []
        self.noise = ""
        self.redesigned: set[str] = set()
        self.validators = True  # ETag and Last-Modified on pages, as on the sample world
        self._servers: dict[str, _Server] = {}
        self._platforms: dict[str, ZooPlatform] = {}

    def __enter__(self) -> "ZooWorld":
        for seed in self.seeds:
            server = _Server((host_for(seed), self.port), _Handler)
            server.world, server.site_id = self, site_id(seed)
            host, port = server.server_address[:2]
            self._platforms[site_id(seed)] = ZooPlatform(generate(seed, self.today), f"http://{host}:{port}/", world=self)
            self._servers[site_id(seed)] = server
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def platform(self, site: str | int) -> ZooPlatform:
        return self._platforms[site if isinstance(site, str) else site_id(site)]

    def base_url(self, seed: int) -> str:
        return self.platform(seed).base

    def expected_articles(self, seed: int) -> list[dict]:
        platform = self.platform(seed)
        with self.lock:
            return [platform.expected(a) for a in platform.articles(lang=None)]

    def advance(self, seed: int) -> list[dict]:
        """Move a site to its later state (new, edited, removed articles); returns what changed."""
        platform = self.platform(seed)
        with self.lock:
            platform.zoo = later(platform.zoo)
            return platform.zoo.edits

    def robots_violations(self, seed: int) -> list[str]:
        platform = self.platform(seed)
        return [path for _, sid, method, path, _ in self.request_log
                if sid == site_id(seed) and path != "/robots.txt" and platform.disallowed(path)]


def site_id(seed: int) -> str:
    return f"zoo-{seed}"
