"""Running crawls from Python: the library under ``novadi crawl`` and ``novadi demo``."""
from __future__ import annotations

import os
from dataclasses import dataclass

from crawler.registry import Site


@dataclass
class CrawlTarget:
    site: Site
    adhoc: bool = False   # not in the registry: crawled by URL
    url: str | None = None


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


def run_crawls(targets: list[CrawlTarget], settings_overrides: dict | None = None) -> dict[str, str]:
    """Crawl the targets concurrently (one request at a time per site) and block until done.

    Returns each site's finish reason, as Scrapy reports it.
    """
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.site import SiteSpider

    settings = project_settings(settings_overrides)
    process = CrawlerProcess(settings)
    crawlers = []
    for target in targets:
        crawler = process.create_crawler(SiteSpider)
        crawlers.append((target.site.id, crawler))
        if target.adhoc:
            process.crawl(crawler, url=target.url or target.site.url)
        else:
            process.crawl(crawler, site=target.site.id)
    process.start()
    return {site: crawler.stats.get_value("finish_reason") or "not-started" for site, crawler in crawlers}
