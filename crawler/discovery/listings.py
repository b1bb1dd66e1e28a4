"""Listing pages: which of their links are articles, further pages of the listing
and other listings, and which pager link to follow next."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from crawler.canonical import canonical_url

from .links import (NEWS_SECTION_TEXT, NEXT_TEXT, PAGINATION_PATH, Link, LinkClassifier, looks_like_article,
                    page_links, url_shape)


YEAR_TEXT = re.compile(r"^\s*(?:arhīvs:?\s*)?(19[89]\d|20\d\d)\.?\s*(?:gads|g\.|год|year)?\s*$", re.IGNORECASE)


@dataclass
class Listing:
    articles: list[Link]
    next_pages: list[str]
    listings: list[str]
    guessed: list[Link] = None   # article links found only by their shared URL shape
    # Headlines whose URL has a listing's shape (/jaunumi/?id=3391 where /jaunumi/ is
    # the news listing): fetched as listings at the same depth, judged by content.
    headlines: list[Link] = None


def read_listing(html: str, url: str, classifier: LinkClassifier, links: list[Link] | None = None,
                 anchors: list | None = None) -> Listing:
    """Article links and further listing pages of a listing (or home) page.

    ``links`` are the page's links when the caller has already read them, ``anchors``
    their elements (see ``page_links``)."""
    if anchors is None:
        anchors = []
        links = page_links(html, url, anchors=anchors)
    links = [l for l in links if classifier.denied(l.url) is None]
    articles, next_pages, listings, headlines = [], [], [], []
    by_shape: dict[str, list[Link]] = defaultdict(list)
    here = urlsplit(url)
    for link in links:
        target = urlsplit(link.url)
        meaningful = {k.lower() for k, _ in parse_qsl(urlsplit(
            canonical_url(link.url, drop_params=classifier.site.drop_params)).query)}
        headline = reads_like_headline(link.text)
        if target.path == here.path and meaningful and not meaningful <= classifier.pagination and not headline:
            # The same listing filtered by a facet (?tema=…, ?year=…): the unfiltered
            # listing and its pages already hold every article. (A headline linking to
            # the listing's own path with an id is an article of a CMS that serves both
            # from one path.)
            continue
        if classifier.is_listing(link.url):
            if _is_pager_link(link, url, classifier):
                next_pages.append(link.url)
            elif headline and (meaningful - classifier.pagination):
                headlines.append(link)
            else:
                listings.append(link.url)
        elif classifier.is_article(link.url):
            articles.append(link)
        elif NEWS_SECTION_TEXT.match(link.text or "") and not target.query:
            # "Aktualitātes", "Visas ziņas", "Новости": the way into the news section.
            listings.append(link.url)
        elif YEAR_TEXT.match(link.text or ""):
            # "2024", "2023. gads": a year's archive, often the only way to older news
            listings.append(link.url)
        else:
            by_shape[url_shape(link.url)].append(link)
    guessed = []
    if not classifier.site.article:
        # Sites with no known article pattern: teasers of one listing share a URL
        # shape, so a group of at least three same-shape links that look like
        # content (not navigation) are candidates too; extraction decides, and
        # the spider asks them for a date (static pages have none).
        for shape, group in by_shape.items():
            if len(group) >= 3 and shape.count("/") >= 1 and any(looks_like_article(l.url) or len(l.text) > 25 for l in group):
                guessed.extend(l for l in group if len(urlsplit(l.url).path.rstrip("/")) > 1)
    taken = {l.url for l in articles} | {l.url for l in guessed} | set(next_pages) | set(listings) \
        | {l.url for l in headlines}
    by_url = {l.url: l for l in links}
    # Beside articles and headlines on the listing's own path ("?id=3039"): a short
    # headline in the same place ("Skujenē talku šogad") is a teaser too.
    guessed += [by_url[u] for u in sibling_headlines(anchors, {l.url for l in articles + guessed + headlines})
                if u in by_url and u not in taken and classifier.on_site(u)]
    taken |= {l.url for l in guessed}
    guessed += [by_url[u] for u in heading_headlines(anchors)
                if u in by_url and u not in taken and classifier.on_site(u)]
    return Listing(articles=articles, next_pages=next_pages, listings=listings, guessed=guessed, headlines=headlines)


_CHROME_TAGS = {"nav", "header", "footer", "aside"}


def heading_headlines(anchors) -> list[str]:
    """Links that are a heading's text (``<h2><a>Headline</a></h2>``) and read like a
    headline, outside menus, headers, footers and sidebars: on a listing, a teaser's
    headline whatever its URL looks like (``/ru/jaunums/2979``). Their content decides."""
    found = []
    for element, target, text in anchors:
        if target is None or not reads_like_headline(text):
            continue
        ancestors = list(element.iterancestors())
        if not any(a.tag in ("h2", "h3", "h4") for a in ancestors[:3]):
            continue
        if any(a.tag in _CHROME_TAGS for a in ancestors):
            continue
        found.append(target)
    return list(dict.fromkeys(found))


_SIBLING_DEPTH = 5
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _step(element) -> tuple:
    return element.tag, (element.get("class") or "").strip()


def sibling_headlines(anchors, article_urls: set[str]) -> list[str]:
    """Links in the same place as article links in the blocks of one list: teasers too,
    however short their headline ("Ķiršos jubilārus") or unlike an article their URL.

    Links are grouped by a common ancestor and the path of tags (and classes) from it
    down to the link; a group in which at least two links, and at least half of them,
    are articles is a list of teasers, and its other links are article candidates
    (their content decides). Menus share no such group with article links. A group of
    teaser headlines (each link inside a heading) needs only one article beside it: the
    last page of a listing may hold two teasers, one with a short slug."""
    groups: dict = {}
    for element, target, _text in anchors:
        if target is None:
            continue
        path = [_step(element)]
        for depth, ancestor in enumerate(element.iterancestors()):
            if depth >= _SIBLING_DEPTH or ancestor.tag in ("body", "html"):
                break
            if depth >= 1:
                groups.setdefault((ancestor, tuple(path)), []).append(target)
            path.insert(0, _step(ancestor))
    found: list[str] = []
    seen = set()
    for (ancestor, path), members in groups.items():
        distinct = list(dict.fromkeys(members))
        articles = sum(1 for u in distinct if u in article_urls)
        needed = 2
        if articles == 1 and any(tag in _HEADINGS for tag, _ in path[:-1]) \
                and not any(a.tag in _CHROME_TAGS for a in (ancestor, *ancestor.iterancestors())):
            needed = 1  # teaser headlines, not a menu's, a header's, a footer's or a sidebar's
        if articles < needed or articles * 2 < len(distinct) or articles == len(distinct):
            continue
        for u in distinct:
            if u not in article_urls and u not in seen:
                seen.add(u)
                found.append(u)
    return found


def reads_like_headline(text: str) -> bool:
    """Link text that reads like a headline (three words or more, 20 characters), not a
    menu entry, a facet chip or a page number."""
    return len(text or "") >= 20 and len((text or "").split()) >= 3


def _is_pager_link(link: Link, page_url: str, classifier: LinkClassifier) -> bool:
    if NEXT_TEXT.match(link.text or ""):
        return True
    keys = {k.lower() for k, _ in parse_qsl(urlsplit(link.url).query)}
    if keys & classifier.pagination or PAGINATION_PATH.search(urlsplit(link.url).path):
        return True
    return False


def page_number(url: str, pagination_keys) -> int | None:
    """The page (or offset) a listing URL shows: ``?page=3``, ``?start=20``, ``/page/3/``."""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in pagination_keys and value.isdigit():
            return int(value)
    match = re.search(r"/(?:page|lapa)/(\d+)/?$", parts.path, re.I)
    return int(match.group(1)) if match else None


def next_pages(pager_links: list[str], current_url: str, classifier: LinkClassifier) -> list[str]:
    """The pager links to follow from a listing page: the nearest later page only.

    Following every numbered link a pager shows would fetch the whole listing from
    its first page, and an incremental crawl could never stop early. Pager links
    without a number (``?before=…``) are all followed.
    """
    keys = classifier.pagination
    current = page_number(current_url, keys) or 0
    numbered, other = [], []
    for url in pager_links:
        number = page_number(url, keys)
        (numbered if number is not None else other).append((number, url))
    later = sorted((n, u) for n, u in numbered if n > current)
    return ([later[0][1]] if later else []) + [u for _, u in other]


