"""What one ``novadi probe`` found: the report that the probe fills in and the proposal reads.

It sits apart from :mod:`crawler.probe` (which makes the requests) and
:mod:`crawler.proposal` (which turns a report into registry fields), so neither of
those two needs the other's module.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from crawler.platform import GENERIC
from crawler.registry import Site


@dataclass
class ProbeReport:
    """What one probe found. ``log`` is every check in order; :meth:`lines` the printed report."""

    target: str
    site_id: str
    url: str = ""
    site: Site | None = None               # the registry entry, when there is one
    name: str | None = None
    reached: bool = False                  # the home page answered
    profile: str = GENERIC                 # the profile detected from the home page
    evidence: list[str] = field(default_factory=list)
    robots: str = "not read"               # found, none, unreachable, not read
    robots_sitemaps: list[str] = field(default_factory=list)
    feeds: dict[str, int] = field(default_factory=dict)       # working feed -> entries
    feed_dates: list[str] = field(default_factory=list)      # the feeds' entry dates, as given
    feeds_failed: list[str] = field(default_factory=list)    # feeds tried that did not work
    sitemaps: dict[str, int] = field(default_factory=dict)    # working sitemap -> URLs
    listing_candidates: list[str] = field(default_factory=list)
    session_params: list[str] = field(default_factory=list)   # on the listing's links
    listing: str | None = None             # the listing page read
    next_page: str | None = None           # its next page, if it paginates
    article_urls: dict[str, list[str]] = field(default_factory=dict)  # source -> URLs
    proposal: dict = field(default_factory=dict)    # registry fields, as written in sites.toml
    confirmed: set = field(default_factory=set)     # fields the probe checked and found right
    routes: dict = field(default_factory=dict)      # route URL -> probe_routes.Route
    samples: dict = field(default_factory=dict)     # article candidate -> what judge_page said
    coverage: str = ""                              # the coverage a crawl can expect, in words
    warnings: list[str] = field(default_factory=list)
    redirected_from: str | None = None
    log: list[str] = field(default_factory=list)   # every check in order, failures included
    requests: int = 0
    max_requests: int = 0

    @property
    def articles(self) -> list[str]:
        """Article URLs found by the proposed profile's rules (not the heuristic guesses)."""
        return sorted({u for key, urls in self.article_urls.items() if key != "heuristic" for u in urls})

