"""What each discovery route of a probed site leads to, and the coverage a crawl can expect.

A route is one feed, one sitemap or one news listing the probe read. Each offers article
candidates; a few of them are fetched and judged by
:func:`crawler.discovery.pagekind.judge_page`, the function the crawl itself judges pages
with, so "leads to articles" means what the crawl will store, not what a URL looks like.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from crawler.discovery.pagekind import judge_page

SAMPLES_PER_ROUTE = 2
SAMPLED_CANDIDATES = 50   # a route's candidates kept for sampling (the count is of all of them)
# Routes that reach every article of a site: a sitemap names them all, a listing with a
# pager or with year archives walks back to the oldest; a feed holds only the newest, a
# listing without either only its first page.
COMPLETE = ("sitemap", "listing+pager", "listing+years")


@dataclass
class Route:
    kind: str                     # feed, sitemap, listing, listing+pager, listing+years
    url: str
    articles: int = 0             # candidates the crawl takes for articles
    candidates: list[str] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)   # judged samples: article, listing, other:<detail>, error

    @property
    def works(self) -> bool:
        """Candidates, and (when some were judged) at least one of them an article."""
        return self.articles > 0 and (not self.kinds or self.kinds.get("article", 0) > 0)

    def problem(self) -> str | None:
        if not self.articles:
            return "no article links"
        if self.kinds and not self.kinds.get("article"):
            return "its pages are not articles (" + ", ".join(f"{k} {n}" for k, n in self.kinds.most_common()) + ")"
        return None

    def summary(self) -> str:
        judged = ", ".join(f"{k} {n}" for k, n in self.kinds.most_common()) or "none judged"
        return f"{self.articles} article links; sampled: {judged}"


def add_route(routes: dict[str, Route], kind: str, url: str, articles: list[str], others: list[str] = ()) -> Route:
    """Record a route with its article candidates (``others``: pages the crawl fetches and
    judges though their URL says nothing, as a sitemap's on a site with no article pattern)."""
    route = routes.get(url)
    if route is None:
        route = routes[url] = Route(kind, url)
    route.articles += len(set(articles))
    route.candidates = list(dict.fromkeys([*route.candidates, *articles, *others]))[:SAMPLED_CANDIDATES]
    return route


def judge_samples(routes: dict[str, Route], samples: dict[str, str], get, site) -> None:
    """Fetch up to ``SAMPLES_PER_ROUTE`` candidates of each route (``get(url)`` answers a
    fetched page or None) and count what they are; a page judged once counts for every
    route that offers it."""
    for route in routes.values():
        taken = 0
        for url in route.candidates:
            if taken >= SAMPLES_PER_ROUTE:
                break
            if url not in samples:
                fetched = get(url)
                if fetched is None or not fetched.ok:
                    samples[url] = "error"
                else:
                    judged = judge_page(fetched.body, fetched.url, site, hints={"fetched_as": "article"})
                    samples[url] = judged.kind if judged.kind != "other" else f"other:{judged.detail}"
            route.kinds[samples[url]] += 1
            taken += 1


def expectation(routes: dict[str, Route]) -> tuple[str, list[str]]:
    """The coverage a crawl can expect, in one line, and a warning per route that leads nowhere."""
    warnings = [f"WARNING     {route.kind} {route.url} leads nowhere: {route.problem()}"
                for route in routes.values() if route.problem()]
    working = [route for route in routes.values() if route.works]
    complete = [route for route in working if route.kind in COMPLETE]
    if complete:
        line = "complete: every article is reachable by " + ", ".join(sorted({r.kind for r in complete}))
    elif working:
        line = ("partial: only the newest articles, by " + ", ".join(sorted({r.kind for r in working}))
                + " (no sitemap and no listing with a pager leads to older ones)")
        warnings.append("WARNING     " + line)
    else:
        line = "none: no route leads to articles"
        warnings.append("WARNING     " + line)
    return line, warnings


def route_names(routes: dict[str, Route]) -> list[str]:
    """The working routes, short: ``feed``, ``sitemap``, ``listing+pager``."""
    return sorted({route.kind for route in routes.values() if route.works})
