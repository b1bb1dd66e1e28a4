"""Running crawls from Python: the library under ``novadi crawl`` and ``novadi demo``."""
from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from crawler.registry import Site


@dataclass
class CrawlTarget:
    site: Site
    adhoc: bool = False   # not in the registry: crawled by URL
    url: str | None = None
    mode: str | None = None   # incremental or full; None: the NOVADI_CRAWL_MODE setting


def parse_settings(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``NAME=VALUE`` strings as a dict; raises ValueError on a malformed one."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"bad setting {pair!r}: expected NAME=VALUE")
        out[name.strip()] = value
    return out


def project_settings(overrides: dict | None = None):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_crawls(targets: list[CrawlTarget], settings_overrides: dict | None = None, *,
               log_file: str | None = None, terminal_level: str | None = None,
               runs: dict | None = None) -> dict[str, str]:
    """Crawl the targets concurrently (one request at a time per site) and block until done.

    Returns each site's finish reason, as Scrapy reports it; ``runs``, when given, gets
    each site's ``run_id`` in ``crawl_runs`` (the runs this process made, and no other's)
    and ``store_failure``, why the archive could not be written, if it could not.
    With ``log_file``, Scrapy's log goes there and the terminal (stderr) shows only
    records from ``terminal_level`` up (default WARNING).
    """
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.site import SiteSpider

    overrides = dict(settings_overrides or {})
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        overrides["LOG_FILE"] = str(log_file)
    settings = project_settings(overrides)
    process = CrawlerProcess(settings)
    terminal = None
    if log_file:
        terminal = _terminal_handler(settings, terminal_level or "WARNING")
    crawlers = []
    for target in targets:
        crawler = process.create_crawler(SiteSpider)
        crawlers.append((target.site.id, crawler))
        mode = {"mode": target.mode} if target.mode else {}
        if target.adhoc:
            process.crawl(crawler, url=target.url or target.site.url, **mode)
        else:
            process.crawl(crawler, site=target.site.id, **mode)
    try:
        process.start()
    finally:
        if terminal is not None:
            logging.getLogger().removeHandler(terminal)
    reasons = {}
    for site, crawler in crawlers:
        stats = getattr(crawler, "_stats", None)  # unset when the crawl never started
        reasons[site] = (stats.get_value("finish_reason") if stats else None) or "not-started"
        if runs is not None and stats:
            runs[site] = {"run_id": stats.get_value("novadi/run_id"),
                          "store_failure": stats.get_value("novadi/store/failure")}
    return reasons


def _terminal_handler(settings, level: str) -> logging.Handler:
    """A stderr handler beside Scrapy's log file, in Scrapy's format."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(settings.get("LOG_FORMAT"), settings.get("LOG_DATEFORMAT")))
    handler.setLevel(level.upper())
    logging.getLogger().addHandler(handler)
    return handler
