"""``novadi probe``: what a site offers, from a handful of polite requests, never a crawl.

:func:`probe` reads robots.txt first (and obeys it), then the home page, a feed or
two, the sitemaps and one news listing, detects the platform, counts the article
URLs it can reach, and proposes the registry fields a crawl needs.
:func:`render_report` says what it found, failures included, one line each;
:func:`render_entry` prints a registry entry ready to paste into ``sites.toml``.

    report = probe("jelgavas-novads")             # an id from the registry
    report = probe("https://www.ogresnovads.lv")  # or any URL
    print(render_report(report)); print(render_entry(report))
"""
from __future__ import annotations

import gzip
import re
import sys
from dataclasses import replace
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml import etree, html as lxml_html

from crawler import discovery
from crawler.discovery import LinkClassifier, path_and_query
from crawler.discovery.listings import YEAR_TEXT
from crawler.fetcher import MAX_BYTES, Fetched, PoliteFetcher, Skipped, default_user_agent
from crawler.proposal import (
    ENTRY_ORDER, PAGER_PATH, PAGER_QUERY, entry_fields, propose_article, propose_listing, relative,
)
from crawler.platform import GENERIC, detect_platform
from crawler.probe_report import ProbeReport
from crawler.probe_routes import add_route, expectation, judge_samples
from crawler.registry import (
    ID_RE, Profile, Registry, RegistryError, Site, build_site, load_profiles, load_registry, toml_value,
)

# At most this many requests go to each kind of check, within ``max_requests``.
FEED_TRIES = 3
SITEMAP_TRIES = 4
LISTING_TRIES = 2
# Fallback feed paths tried when neither the page nor the profile names one.
FALLBACK_FEEDS = ("/feed/", "/lv/rss/articles")
FALLBACK_SITEMAP = "/sitemap.xml"
LISTING_TEXT = re.compile(
    r"^\s*(visi |visas |vairāk )?(jaunumi|aktualitātes|aktuāli|ziņas|novada ziņas|pilsētas ziņas|"
    r"news|новости|jaunumi un aktualitātes|aktualitātes un jaunumi)\s*$", re.I)
PAGE_WORDS = re.compile(
    r"^(sākums|sākumlapa|sākuma lapa|galvenā|galvenā lapa|mājaslapa|mājas lapa|jaunumi|aktualitātes|"
    r"home|homepage|главная|index)$", re.I)
SESSION_PARAM = re.compile(r"^(phpsessid|jsessionid|sid|sessid|sessionid|session_id|oscsid|cfid|cftoken)$", re.I)
# Registry fields that say how to crawl a site (as opposed to who it is).
SITE_RULES = ("feeds", "sitemaps", "start_urls", "article", "listing", "pagination", "allow", "deny",
              "drop_params")
FEED_PATH = re.compile(r"(^|/)(rss|feed|atom)(/|\.xml|$)", re.I)


def probe(
    site_or_url: str,
    *,
    registry: Registry | None = None,
    user_agent: str | None = None,
    delay: float = 1.0,
    max_requests: int = 18,
    timeout: float = 15,
) -> ProbeReport:
    """Probe a registry site (by id) or any URL; never raises for what the site does."""
    lines: list[str] = []
    log = lines.append
    if registry is None:
        try:
            registry = load_registry()
        except RegistryError as exc:
            log(f"registry    could not be loaded ({exc}); probing without it")
    profiles = registry.profiles if registry is not None else load_profiles()
    site, url = _resolve(site_or_url, registry)
    site_id = site.id if site else (_id_for(url) if url else site_or_url)
    report = ProbeReport(target=site_or_url, site_id=site_id, url=url or "", site=site, log=lines,
                         max_requests=max_requests)
    if not url:
        log(f"target      {site_or_url!r} is neither a registry id nor a URL")
        return report
    fetcher = PoliteFetcher(user_agent or default_user_agent(), delay, max_requests, timeout, log)
    try:
        _run(report, fetcher, profiles)
    except Skipped as exc:
        log(f"stopped     {exc}")
    except Exception as exc:  # a page that breaks a parser must not break the report
        log(f"error       {type(exc).__name__}: {exc} (the probe stopped here)")
    report.coverage, report.warnings = expectation(report.routes)
    report.requests = fetcher.requests
    _propose(report, profiles)
    return report


def _resolve(target: str, registry: Registry | None) -> tuple[Site | None, str | None]:
    target = target.strip()
    if registry is not None and target in registry.sites:
        site = registry.sites[target]
        return site, site.url
    if "://" not in target:
        if "." not in target:
            return None, None
        target = "https://" + target
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None, None
    site = registry.for_url(target) if registry is not None else None
    return site, target


def _id_for(url: str) -> str:
    host = (urlsplit(url).hostname or "site").lower().removeprefix("www.")
    host = re.sub(r"(\.gov)?\.lv$", "", host)
    return re.sub(r"[^a-z0-9]+", "-", host).strip("-") or "site"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _run(report: ProbeReport, fetcher: PoliteFetcher, profiles: dict[str, Profile]) -> None:
    log = report.log.append
    home = _origin(report.url) + "/"
    asked_path = path_and_query(report.url) if urlsplit(report.url).path not in ("", "/") else None

    _read_robots(report, fetcher, home)
    if report.robots == "unreachable":
        raise Skipped("robots.txt unreachable: RFC 9309 says to assume everything is disallowed")

    page = _get(report, fetcher, home, "home page")
    if page is None or not page.ok:
        return
    report.reached = True
    if _origin(page.url) != _origin(home):
        report.redirected_from = home
        home = _origin(page.url) + "/"
        report.url = home
        log(f"home page   redirects to {page.url}: the site lives there now")
        _read_robots(report, fetcher, home)
    else:
        report.url = home
    html = page.text()
    report.name = _site_name(html)
    report.profile, report.evidence = detect_platform(html, page.url, page.headers, profiles)
    log(f"platform    {report.profile}" + (f" ({len(report.evidence)} markers)" if report.evidence
                                          else " (no platform markers found)"))
    for line in report.evidence:
        log(f"            {line}")

    profile = profiles[_chosen_profile(report)]
    candidate = _candidate_site(report, profile, profiles)
    classifier = LinkClassifier(candidate)

    _probe_feeds(report, fetcher, html, home, profile, classifier)
    _probe_listings(report, fetcher, html, home, profile, asked_path, candidate, profiles)
    _probe_sitemaps(report, fetcher, home, profile, classifier)
    # what each route's pages are, judged as the crawl judges them
    try:
        judge_samples(report.routes, report.samples, lambda url: _get(report, fetcher, url, "sample"), candidate)
    except Skipped as exc:
        log(f"samples     not all judged: {exc}")


def _read_robots(report: ProbeReport, fetcher: PoliteFetcher, url: str) -> None:
    """Read the host's robots.txt before anything else and say what it allows."""
    try:
        fetcher.check_robots(url)
    except Skipped as exc:
        if "budget" in str(exc):
            raise
    log = report.log.append
    origin = _origin(url)
    fetched = fetcher.robots_files.get(origin)
    rules = fetcher.robots.get(origin)
    if fetched is None:
        return
    if rules is False:
        report.robots = "unreachable"
        log(f"robots.txt  {origin}/robots.txt: {fetched.outcome()}")
    elif rules is None:
        report.robots = "none"
        log(f"robots.txt  none ({fetched.outcome()}): everything is allowed")
    else:
        report.robots = "found"
        report.robots_sitemaps = discovery.robots_sitemaps(
            fetched.body.decode("utf-8", errors="replace"), origin + "/")
        home_ok = rules.can_fetch(origin + "/", fetcher.user_agent)
        log(f"robots.txt  found; {len(report.robots_sitemaps)} Sitemap line(s)"
            + ("" if home_ok else "; the home page is disallowed for us"))


def _get(report: ProbeReport, fetcher: PoliteFetcher, url: str, what: str) -> Fetched | None:
    """Fetch ``url`` and log the outcome; None if it was not fetched at all."""
    log = report.log.append
    try:
        fetched = fetcher.get(url)
    except Skipped as exc:
        if "budget" in str(exc):
            raise
        log(f"{what:<11} {url}: not fetched, {exc}")
        return None
    moved = f" (now {fetched.url})" if fetched.url != url else ""
    log(f"{what:<11} {url}: {fetched.outcome()}{moved}")
    return fetched


def _site_name(html: str) -> str | None:
    try:
        doc = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    site_name = " ".join(doc.xpath("string(//meta[@property='og:site_name']/@content)").split())
    if site_name:
        return site_name
    # "Sākums | Jelgavas novads", "Avotkalnu novada pašvaldība - Sākums": the part that
    # is not a page's name
    parts = re.split(r"\s+[|–—:-]\s+", " ".join(doc.xpath("string(//title)").split()))
    names = [p for p in parts if p and not PAGE_WORDS.match(p)]
    return names[-1] if names else None


def _chosen_profile(report: ProbeReport) -> str:
    if report.profile != GENERIC or report.site is None:
        return report.profile
    return report.site.profile


def _candidate_site(report: ProbeReport, profile: Profile, profiles) -> Site:
    """The site as a crawl would see it with ``profile``: its defaults plus the entry's own rules."""
    entry = {"name": report.name or report.site_id, "url": report.url, "profile": profile.id}
    if report.site is not None:
        own = entry_fields(report.site, profiles)
        entry.update({k: v for k, v in own.items() if k in SITE_RULES})
        hosts = [h for h in report.site.all_hosts if h != (urlsplit(report.url).hostname or "")]
        entry["hosts"] = hosts
    if report.redirected_from:
        entry["hosts"] = list(entry.get("hosts", [])) + [urlsplit(report.redirected_from).hostname or ""]
    return build_site(report.site_id if ID_RE.match(report.site_id) else "probe", entry, profiles)


# -- feeds ---------------------------------------------------------------------------


def _probe_feeds(report, fetcher, html, home, profile, classifier) -> None:
    log = report.log.append
    advertised = discovery.feed_links(html, home)
    if advertised:
        log(f"feeds       the home page advertises {len(advertised)}: " + ", ".join(advertised))
    own = list(report.site.feeds) if report.site else []
    candidates = [*advertised, *own, *(urljoin(home, f.lstrip("/")) for f in profile.feeds)]
    fallbacks = [urljoin(home, f.lstrip("/")) for f in FALLBACK_FEEDS]
    tried = 0
    for url in dict.fromkeys(candidates + fallbacks):
        if tried >= FEED_TRIES or (url in fallbacks and url not in candidates and report.feeds):
            break
        if classifier.on_site(url) is False and url not in advertised:
            continue
        tried += 1
        fetched = _get(report, fetcher, url, "feed")
        if fetched is None or not fetched.ok:
            report.feeds_failed.append(url)
            continue
        try:
            entries = discovery.read_feed(fetched.body, fetched.url)
        except ValueError as exc:
            log(f"            {exc}")
            report.feeds_failed.append(url)
            continue
        report.feeds[url] = len(entries)
        links = [e.url for e in entries if classifier.on_site(e.url)]
        add_route(report.routes, "feed", fetched.url, links)
        report.article_urls.setdefault("feed", []).extend(links)
        dates = [e.published for e in entries if e.published]
        report.feed_dates.extend(dates)
        log(f"            {len(entries)} entries, {len(links)} on the site"
            + (f"; first entry dated {dates[0]}" if dates else ""))
    if not report.feeds:
        log("feeds       none found")


# -- listings ------------------------------------------------------------------------


def _listing_candidates(report, html, home, profile, asked_path, classifier) -> list[str]:
    ranked: list[tuple[int, int, str]] = []
    for order, link in enumerate(discovery.page_links(html, home)):
        if not classifier.on_site(link.url) or classifier.denied(link.url):
            continue
        path = urlsplit(link.url).path
        if FEED_PATH.search(path):
            continue
        words = discovery.NEWS_WORDS.search(path) or discovery.NEWS_WORDS.search(link.text)
        if not words or classifier.is_article(link.url) and not LISTING_TEXT.match(link.text):
            continue
        score = 0
        if LISTING_TEXT.match(link.text):
            score += 4
        if discovery.NEWS_WORDS.search(path.rstrip("/").rsplit("/", 1)[-1]):
            score += 2
        if classifier.is_listing(link.url):
            score += 1
        score -= path.count("/") // 2
        ranked.append((-score, order, link.url))
    found = [url for _, _, url in sorted(ranked)]
    first = [urljoin(home, asked_path)] if asked_path else []
    own = list(report.site.start_urls) if report.site else []
    defaults = [urljoin(home, p.lstrip("/")) for p in profile.listings]
    return list(dict.fromkeys(first + own + found[:5] + defaults))


def _probe_listings(report, fetcher, html, home, profile, asked_path, candidate, profiles) -> None:
    log = report.log.append
    classifier = LinkClassifier(candidate)
    candidates = _listing_candidates(report, html, home, profile, asked_path, classifier)
    report.listing_candidates = candidates
    if not candidates:
        log("listings    no link on the home page reads like a news listing")
        return
    log("listings    candidates: " + ", ".join(relative(u, home) for u in candidates[:6]))
    for url in candidates[:LISTING_TRIES]:
        fetched = _get(report, fetcher, url, "listing")
        if fetched is None or not fetched.ok:
            continue
        page_html = fetched.text()
        # The listing as it would be crawled with it as a start URL.
        as_start = replace(candidate, start_urls=(fetched.url,))
        listing = discovery.read_listing(page_html, fetched.url, LinkClassifier(as_start))
        articles = list(dict.fromkeys(link.url for link in listing.articles + (listing.guessed or [])))
        heuristic = _heuristic_articles(page_html, fetched.url, as_start, profiles)
        next_page = _next_page(page_html, fetched.url, classifier)
        sessions = _session_params(page_html, fetched.url, classifier)
        log(f"            {len(articles)} article links by the entry's rules, "
            f"{len(heuristic)} by generic heuristics; "
            + (f"next page {relative(next_page, home)}" if next_page else "no next-page link")
            + (f"; links carry session ids ({', '.join(sessions)})" if sessions else ""))
        if articles or heuristic:
            years = [l.url for l in discovery.page_links(page_html, fetched.url)
                     if YEAR_TEXT.match(l.text or "") and classifier.on_site(l.url)]
            kind = "listing+pager" if next_page else "listing+years" if years else "listing"
            if years:
                log(f"            year archives: {', '.join(relative(u, home) for u in years[:5])}")
            add_route(report.routes, kind, fetched.url, articles or heuristic)
            report.listing, report.next_page = fetched.url, next_page
            report.article_urls["listing"] = articles
            report.article_urls["heuristic"] = heuristic
            report.session_params = sessions
            return


def _heuristic_articles(html: str, url: str, site: Site, profiles) -> list[str]:
    generic = build_site(site.id, {"name": site.name, "url": site.url, "profile": GENERIC,
                                   "hosts": list(site.hosts), "start_urls": list(site.start_urls)}, profiles)
    listing = discovery.read_listing(html, url, LinkClassifier(generic))
    return list(dict.fromkeys(link.url for link in listing.articles + (listing.guessed or [])))


def _session_params(html: str, url: str, classifier: LinkClassifier) -> list[str]:
    """Session-id query parameters the page's links carry (PHPSESSID and the like)."""
    found = []
    for link in discovery.page_links(html, url):
        if classifier.on_site(link.url):
            found += [k for k, _ in parse_qsl(urlsplit(link.url).query) if SESSION_PARAM.match(k)]
    return list(dict.fromkeys(found))


def _next_page(html: str, url: str, classifier: LinkClassifier) -> str | None:
    """The link to the listing's next page: ?page=/?paged=/?start=/?lapa= or /page/N."""
    current = _page_number(url) or 0
    best: tuple[int, str] | None = None
    base_path = urlsplit(url).path.rstrip("/")
    for link in discovery.page_links(html, url):
        if not classifier.on_site(link.url) or link.url == url:
            continue
        number = _page_number(link.url)
        if number is None:
            continue
        path = PAGER_PATH.sub("", urlsplit(link.url).path).rstrip("/")
        if base_path and path != PAGER_PATH.sub("", base_path).rstrip("/"):
            continue
        if number > current and (best is None or number < best[0]):
            best = (number, link.url)
    return best[1] if best else None


def _page_number(url: str) -> int | None:
    parts = urlsplit(url)
    match = PAGER_QUERY.search(parts.query) or PAGER_PATH.search(parts.path)
    if match is None:
        return None
    return int(match.group(3) if match.re is PAGER_QUERY else match.group(2))


# -- sitemaps ------------------------------------------------------------------------


def _probe_sitemaps(report, fetcher, home, profile, classifier) -> None:
    log = report.log.append
    own = list(report.site.sitemaps) if report.site else []
    declared = list(dict.fromkeys([*report.robots_sitemaps, *own]))
    defaults = [urljoin(home, s.lstrip("/")) for s in profile.sitemaps]
    candidates = list(dict.fromkeys(declared + defaults))
    if not candidates:
        candidates = [urljoin(home, FALLBACK_SITEMAP.lstrip("/"))]
        log("sitemaps    none declared; trying " + FALLBACK_SITEMAP)
    budget = SITEMAP_TRIES
    for url in candidates:
        if url not in declared and report.sitemaps:
            break                # the profile's usual places only matter when nothing else worked
        if budget <= 0:
            log(f"sitemaps    {url}: not read (enough sitemap requests)")
            continue
        budget -= 1
        doc = _read_sitemap(report, fetcher, url, "sitemap")
        if doc is None:
            continue
        if doc.kind == "urlset":
            report.sitemaps[url] = len(doc.entries)
            _sitemap_articles(report, doc, classifier, url)
            log(f"            {len(doc.entries)} URLs")
            continue
        children = [loc for loc, _ in doc.entries]
        counted, read = 0, 0
        for child in children:
            if budget <= 0:
                break
            budget -= 1
            child_doc = _read_sitemap(report, fetcher, child, "  child")
            if child_doc is None or child_doc.kind != "urlset":
                continue
            read += 1
            counted += len(child_doc.entries)
            _sitemap_articles(report, child_doc, classifier, url)
        report.sitemaps[url] = counted
        log(f"            index of {len(children)} sitemaps; {counted} URLs in the {read} read")
    if not report.sitemaps:
        log("sitemaps    none found")


def _read_sitemap(report, fetcher, url, what):
    fetched = _get(report, fetcher, url, what)
    if fetched is None or not fetched.ok:
        return None
    body = fetched.body
    if body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)[:MAX_BYTES * 5]
        except (OSError, EOFError) as exc:
            report.log.append(f"            not gzip after all: {exc}")
            return None
    try:
        return discovery.read_sitemap(body)
    except ValueError as exc:
        report.log.append(f"            {exc}")
        return None


def _sitemap_articles(report, doc, classifier, sitemap_url: str) -> None:
    on_site = [loc for loc, _ in doc.entries if classifier.on_site(loc)]
    urls = [loc for loc in on_site if classifier.is_article(loc)]
    report.article_urls.setdefault("sitemap", []).extend(urls)
    # a site with no article pattern: the crawl fetches every page the sitemap names and
    # judges it, so each counts as a candidate
    others = [] if classifier.site.article else on_site
    add_route(report.routes, "sitemap", sitemap_url, urls or others, others)


# -- what to write in the registry ---------------------------------------------------


def _propose(report: ProbeReport, profiles: dict[str, Profile]) -> None:
    """Fill ``report.proposal`` and ``report.confirmed`` from what the probe found."""
    log = report.log.append
    site, proposal = report.site, {}
    if site is not None:
        proposal.update(entry_fields(site, profiles))
    else:
        proposal["name"] = report.name or report.site_id
        proposal["url"] = report.url.rstrip("/") or report.target
    if not report.reached:
        report.proposal = proposal
        return
    home = report.url
    confirmed = report.confirmed
    confirmed.add("url")
    proposal["url"] = home.rstrip("/")
    old = urlsplit(report.redirected_from or home).hostname or ""
    if old.removeprefix("www.") != (urlsplit(home).hostname or "").removeprefix("www."):
        # A redirect from another domain: keep the old one as an alias host.
        proposal["hosts"] = list(dict.fromkeys([*proposal.get("hosts", []), old]))
    profile_id = _chosen_profile(report)
    profile = profiles[profile_id]
    if site is not None and site.profile != profile_id:
        log(f"proposal    profile {profile_id}, not {site.profile} as the registry says")
    if profile_id != GENERIC or report.profile == GENERIC:
        confirmed.add("profile")
    proposal["profile"] = profile_id

    feeds = [relative(u, home) for u, n in report.feeds.items() if n]
    if feeds:
        confirmed.add("feeds")
        # A working default of the profile is enough: the site inherits it.
        if any(f in feeds for f in profile.feeds):
            proposal.pop("feeds", None)
        else:
            proposal["feeds"] = feeds
    else:
        failed = {relative(u, home) for u in report.feeds_failed}
        if proposal.get("feeds") and set(proposal["feeds"]) <= failed:
            log(f"proposal    the registry's feeds {', '.join(proposal.pop('feeds'))} did not work: dropped")
        if profile.feeds and set(profile.feeds) <= failed:
            log(f"proposal    the profile's feed {', '.join(profile.feeds)} did not work; "
                "the spider will try it and find nothing")

    sitemaps = [relative(u, home) for u, n in report.sitemaps.items() if n]
    extra_sitemaps = [s for s in sitemaps if s not in profile.sitemaps
                      and urljoin(home, s) not in report.robots_sitemaps]
    if sitemaps:
        confirmed.add("sitemaps")
    if extra_sitemaps:
        proposal["sitemaps"] = extra_sitemaps

    if report.listing:
        confirmed.add("start_urls")
        path = relative(report.listing, home)
        if path not in profile.listings:
            proposal["start_urls"] = [path]
        else:
            proposal.pop("start_urls", None)

    sessions = [p for p in report.session_params if p not in profile.drop_params]
    if sessions:
        proposal["drop_params"] = list(dict.fromkeys([*proposal.get("drop_params", []), *sessions]))

    article = propose_article(report, proposal.get("article") or list(profile.article))
    if article is not None:
        confirmed.add("article")
        if article:
            proposal["article"] = article
    listing = propose_listing(report, profile, proposal, profiles)
    if listing is not None:
        confirmed.add("listing")
        if listing:
            proposal["listing"] = listing

    unverified = [f for f in proposal.get("unverified", []) if f not in confirmed]
    if site is None:
        unverified = ["name"] if "name" not in confirmed else []
    if unverified:
        proposal["unverified"] = unverified
    else:
        proposal.pop("unverified", None)
    report.proposal = proposal


def render_entry(report: ProbeReport) -> str:
    """The registry entry the probe proposes, as TOML for ``sites.toml``."""
    proposal = report.proposal or {"name": report.name or report.site_id, "url": report.url or report.target}
    site_id = report.site_id if ID_RE.match(report.site_id) else _id_for(proposal["url"])
    lines = []
    if report.site is None:
        lines.append("# New site: set kind, region and atvk (see docs/registry.md).")
    if not report.reached:
        lines.append("# The probe could not read the home page; nothing below was checked.")
    lines.append(f"[{site_id}]")
    keys = [k for k in ENTRY_ORDER if k in proposal] + [k for k in proposal if k not in ENTRY_ORDER]
    tables = []
    for key in keys:
        value = proposal[key]
        if isinstance(value, dict):
            tables.append((key, value))
            continue
        lines.append(f"{key} = {toml_value(value)}")
    for key, table in tables:
        lines.append(f"[{site_id}.{key}]")
        lines.extend(f"{k} = {toml_value(v)}" for k, v in table.items())
    return "\n".join(lines) + "\n"


def render_report(report: ProbeReport) -> str:
    """What the probe found: a summary, then every check in order, failures included."""
    where = f"{report.site_id} (registry)" if report.site else "not in the registry"
    by_source = {k: len(set(v)) for k, v in report.article_urls.items() if v and k != "heuristic"}
    heuristic = len(set(report.article_urls.get("heuristic", [])))
    summary = [
        f"probe       {report.url or report.target}: {where}",
        f"platform    {report.profile}" + (f", registry says {report.site.profile}"
                                           if report.site and report.site.profile != _chosen_profile(report) else ""),
        "feeds       " + (", ".join(f"{relative(u, report.url)} ({n} entries)" for u, n in report.feeds.items())
                          or "none"),
        "sitemaps    " + (", ".join(f"{relative(u, report.url)} ({n} URLs)" for u, n in report.sitemaps.items())
                          or "none"),
        "listing     " + (f"{relative(report.listing, report.url)}"
                          + (f", paginates ({relative(report.next_page, report.url)})" if report.next_page
                             else ", no next-page link") if report.listing else "none found"),
        f"articles    {len(report.articles)} distinct article URLs"
        + (" (" + ", ".join(f"{k} {n}" for k, n in by_source.items()) + ")" if by_source else "")
        + (f"; generic heuristics find {heuristic} on the listing" if heuristic else ""),
        *[f"route       {route.kind} {relative(route.url, report.url)}: {route.summary()}"
          for route in report.routes.values()],
        f"coverage    {report.coverage}" if report.coverage else "coverage    not known (the home page was not read)",
        *report.warnings,
        f"requests    {report.requests} of {report.max_requests}",
        "",
    ]
    return "\n".join(summary + report.log) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``python -m crawler.probe SITE_OR_URL``: the report, then the entry."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m crawler.probe SITE_OR_URL", file=sys.stderr)
        return 2
    report = probe(args[0])
    print(render_report(report))
    print(render_entry(report))
    return 0 if report.reached else 1


if __name__ == "__main__":
    raise SystemExit(main())
