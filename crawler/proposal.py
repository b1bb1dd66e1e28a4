"""What a probe proposes for the registry: URL patterns for articles and listings
that the samples it found support, and a site's fields as ``sites.toml`` writes them.
"""
from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

from crawler import discovery
from crawler.discovery import LinkClassifier, looks_like_article, path_and_query
from crawler.platform import GENERIC
from crawler.probe_report import ProbeReport
from crawler.registry import Profile, Site, build_site


PAGER_PARAMS = ("page", "paged", "start", "lapa", "pg", "p_page", "limitstart")
PAGER_QUERY = re.compile(r"(^|&)(" + "|".join(PAGER_PARAMS) + r")=(\d+)(&|$)", re.I)
PAGER_PATH = re.compile(r"/(page|lapa)/(\d+)/?$", re.I)
ARTICLE_COVERAGE = 0.8      # defaults are fine when they accept this share of the samples


def relative(url: str, home: str) -> str:
    """A URL on the site as a path ("/lv/rss/articles"), others unchanged."""
    a, b = urlsplit(url), urlsplit(home)
    if (a.scheme, a.netloc) == (b.scheme, b.netloc):
        return path_and_query(url)
    return url


def _accepts(patterns: list[str], url: str) -> bool:
    if patterns:
        return any(re.search(p, path_and_query(url)) for p in patterns)
    return looks_like_article(url)


def propose_article(report: ProbeReport, current: list[str]) -> list[str] | None:
    """Article patterns to write, given ``current`` (the entry's or its profile's; none
    means the generic heuristics): ``[]`` when they do, None when the probe cannot tell.

    Feed entries are articles for sure, so they are the test. Without a feed, the
    listing's links are: only when the rules find no article there while the generic
    heuristics find several are patterns proposed from those.
    """
    log = report.log.append
    rules = "the entry's patterns" if current else "the generic heuristics"
    feed = list(dict.fromkeys(report.article_urls.get("feed", [])))
    if len(feed) >= 2:
        accepted = [u for u in feed if _accepts(current, u)]
        if len(accepted) / len(feed) >= ARTICLE_COVERAGE:
            log(f"articles    {rules} accept {len(accepted)} of the feed's {len(feed)} articles")
            return []
        # Patterns can be added to; the heuristics cannot, so patterns replace them.
        patterns = article_patterns([u for u in feed if u not in accepted] if current else feed)
        log(f"articles    {rules} accept only {len(accepted)} of the feed's {len(feed)} articles; "
            f"proposed from them (review): {', '.join(patterns)}")
        return list(dict.fromkeys([*current, *patterns])) if patterns else None
    if report.article_urls.get("listing"):
        log(f"articles    {rules} find {len(set(report.article_urls['listing']))} articles on the listing")
        return []
    guessed = [u for u in dict.fromkeys(report.article_urls.get("heuristic", [])) if looks_like_article(u)]
    if current and len(guessed) >= 3:
        patterns = article_patterns(guessed)
        log(f"articles    {rules} find no article on the listing, the heuristics {len(guessed)}; "
            f"proposed from those (review): {', '.join(patterns)}")
        return list(dict.fromkeys([*current, *patterns]))
    return None


def article_patterns(urls: list[str], limit: int = 3) -> list[str]:
    """Regular expressions that match article URLs like these, most common shape first."""
    groups: Counter = Counter()
    for url in urls:
        pattern = _article_pattern(url)
        if pattern:
            groups[pattern] += 1
    ranked = [p for p, n in groups.most_common() if n >= 2 or len(groups) == 1]
    return ranked[:limit] or [p for p, _ in groups.most_common(1)]


def _article_pattern(url: str) -> str | None:
    parts = urlsplit(url)
    match = discovery.ID_PARAMS.search(parts.query)
    if match:
        return rf"[?&]{re.escape(match.group(2))}=\d+"
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        return None
    *prefix, last = segments
    if not prefix:
        return r"^/[a-z0-9]+(-[a-z0-9]+){2,}/?$"
    out = []
    for segment in prefix:
        if re.fullmatch(r"(19|20)\d{2}", segment):
            out.append(r"\d{4}")
        elif segment.isdigit():
            out.append(r"\d+")
        else:
            out.append(re.escape(segment))
    if re.match(r"^\d+[-_]", last):
        tail = r"\d+[-_][^/?#]+"
    elif last.isdigit():
        tail = r"\d+"
    else:
        tail = r"[^/?#]+"
    return "^/" + "/".join(out + [tail]) + "/?$"


def propose_listing(report, profile, proposal, profiles) -> list[str] | None:
    """Listing patterns if the next-page link would not count as a listing; [] if fine."""
    if not report.listing:
        return None
    keys = ("name", "url", "profile", "hosts", "start_urls", "listing", "pagination")
    entry = {k: v for k, v in proposal.items() if k in keys}
    entry.setdefault("start_urls", [report.listing])
    site = build_site("probe", {**entry, "name": entry.get("name") or "probe"}, profiles)
    classifier = LinkClassifier(site)
    pages = [report.listing] + ([report.next_page] if report.next_page else [])
    if all(classifier.is_listing(u) for u in pages):
        return []
    patterns = [_listing_pattern(u) for u in pages if not classifier.is_listing(u)]
    report.log.append("listings    the entry's rules miss the listing pages; proposed: " + ", ".join(patterns))
    return list(dict.fromkeys([*(proposal.get("listing") or profile.listing), *patterns]))


def _listing_pattern(url: str) -> str:
    parts = urlsplit(url)
    match = PAGER_QUERY.search(parts.query)
    if match:
        return "^" + re.escape(parts.path) + r"\?(.*&)?" + match.group(2) + r"=\d+"
    path = PAGER_PATH.sub("", parts.path).rstrip("/")
    return "^" + re.escape(path) + r"/?((page|lapa)/\d+/?)?$"


def entry_fields(site: Site, profiles: dict[str, Profile]) -> dict:
    """The registry entry as written: the site's fields minus its profile's defaults."""
    profile = profiles.get(site.profile) or profiles[GENERIC]
    home = site.url

    def own(values, defaults, absolute=False):
        default = [urljoin(home, d.lstrip("/")) for d in defaults] if absolute else list(defaults)
        values = list(values)
        if values == default:
            return None
        return [relative(v, home) for v in values] if absolute else values

    entry: dict = {"name": site.name, "url": site.url.rstrip("/")}
    if site.profile != GENERIC:
        entry["profile"] = site.profile
    if site.kind != "municipality":
        entry["kind"] = site.kind
    for key in ("region", "atvk", "municipality", "successor"):
        if getattr(site, key):
            entry[key] = getattr(site, key)
    if site.hosts:
        entry["hosts"] = list(site.hosts)
    for key, defaults in (("feeds", profile.feeds), ("sitemaps", profile.sitemaps),
                          ("start_urls", profile.listings)):
        value = own(getattr(site, key), defaults, absolute=True)
        if value:
            entry[key] = value
    for key in ("article", "listing", "pagination"):
        value = own(getattr(site, key), getattr(profile, key))
        if value:
            entry[key] = value
    inherited = set(profiles[GENERIC].deny) | set(profile.deny)
    deny = [d for d in site.deny if d not in inherited]
    if deny:
        entry["deny"] = deny
    if site.allow:
        entry["allow"] = list(site.allow)
    drop = [p for p in site.drop_params if p not in profile.drop_params]
    if drop:
        entry["drop_params"] = drop
    if site.frequency != "daily":
        entry["frequency"] = site.frequency
    if site.stopped:
        entry["stopped"] = site.stopped
    if site.lang != "lv":
        entry["lang"] = site.lang
    if site.note:
        entry["note"] = site.note
    if site.former_ids:
        entry["former_ids"] = list(site.former_ids)
    if site.extract != profile.extract:
        entry["extract"] = {k: v for k, v in site.extract.items() if profile.extract.get(k) != v}
    if site.unverified:
        entry["unverified"] = list(site.unverified)
    return entry


# -- output --------------------------------------------------------------------------

ENTRY_ORDER = (
    "name", "url", "profile", "kind", "region", "atvk", "municipality", "successor", "hosts",
    "feeds", "sitemaps", "start_urls", "article", "listing", "pagination", "allow", "deny",
    "drop_params", "frequency", "stopped", "lang", "note", "former_ids", "unverified",
)
