"""Is this page one news article? Listings, tag and calendar pages and empty pages are not.

The decision keeps listings out of the archive on sites never seen before, so it rests
on structure every CMS shares rather than one layout's class names: groups of teasers
(repeated blocks each with a headline link), how much of the extracted text is those
headlines, a pager, many dates, and what the page declares about itself (og:type,
JSON-LD, the site's URL patterns).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .page import PageInfo, fold, is_chrome, norm

_PAGER_CLASS = re.compile(r"(pager|pagination|page-numbers|nav-links|paginator|lapas-numuri)", re.IGNORECASE)
_PAGE_PARAM = re.compile(r"([?&](page|paged|lapa|start|pg|p_page|p)=\d+|/page/\d+/?$|/lapa/\d+)", re.IGNORECASE)
_TAG_URL = re.compile(r"/(tag|tags|birka|birkas|temats|tēmas|atslegvards|keyword|tema)/|[?&](tag|tags)=", re.IGNORECASE)
_CALENDAR_URL = re.compile(r"(kalendars|kalendārs|calendar|pasakumu-kalendars|events?-calendar)(/|$|\?)|"
                           r"[?&](month|menesis|mēnesis|date|datums)=", re.IGNORECASE)
_ERROR_TITLE = re.compile(r"^(404|lapa nav atrasta|page not found|страница не найдена|kļūda|error|"
                          r"piekļuve liegta|access denied)\b", re.IGNORECASE)
_FILE = re.compile(r"\.(pdf|docx?|xlsx?|odt|ods|rtf|jpe?g|png|gif|zip)(\?|$)|/download", re.IGNORECASE)
_DAY_CELL = re.compile(r"^(\d{1,2})(?!\d|[.:/])")
_WEEKDAY_ROW = re.compile(r"^(p|o|t|c|pk|s|sv|pr|ot|tr|ce|pi|se|mo|tu|we|th|fr|sa|su|пн|вт|ср|чт|пт|сб|вс)$",
                          re.IGNORECASE)


@dataclass
class Signals:
    headline_links: int = 0
    largest_group: int = 0
    teaser_text: int = 0
    free_text: int = 0
    headline_share: float = 0.0
    pager: bool = False
    dates: int = 0
    long_paragraphs: int = 0
    calendar_cells: int = 0
    score: int = 0


def _headline_links(body, host: str):
    links = []
    for link in body.iter("a"):
        href = link.get("href") or ""
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")) or _FILE.search(href):
            continue
        link_host = urlsplit(href).hostname
        if link_host and host and link_host.removeprefix("www.") != host.removeprefix("www."):
            continue
        text = norm(link.text_content())
        if len(text) < 20 or len(text.split()) < 3:
            continue
        links.append((link, text))
    return [(link, text) for link, text in links if not is_chrome(link, strict=False)]


def _teaser_groups(links) -> list[set]:
    """Sibling blocks that each hold one headline link, grouped by parent: teaser lists."""
    counts: dict = {}
    chains = []
    for link, _ in links:
        chain = []
        for ancestor in link.iterancestors():
            counts[ancestor] = counts.get(ancestor, 0) + 1
            chain.append(ancestor)
            if ancestor.tag == "body" or len(chain) > 12:
                break
        chains.append((link, chain))
    groups: dict = {}
    for link, chain in chains:
        item = link
        for ancestor in chain:
            if counts.get(ancestor, 0) >= 2:
                groups.setdefault(ancestor, set()).add(item)
                break
            item = ancestor
    return sorted(groups.values(), key=len, reverse=True)


def _text_split(body, items: set) -> tuple[int, int, int]:
    """(text inside teaser items, paragraph text outside them, long paragraphs outside them)."""
    teaser = sum(len(" ".join(item.text_content().split())) for item in items)
    free = long_free = 0
    for paragraph in body.iter("p"):
        if any(a in items for a in paragraph.iterancestors()) or paragraph in items:
            continue
        length = len(" ".join(paragraph.text_content().split()))
        if length < 40 or is_chrome(paragraph, strict=False):
            continue
        free += length
        if length >= 200:
            long_free += 1
    return teaser, free, long_free


def _pager(body, url: str) -> bool:
    for element in body.iter("ul", "div", "nav", "ol", "p", "span"):
        for attr in ("class", "id"):
            if _PAGER_CLASS.search(element.get(attr) or ""):
                if len(element.findall(".//a")) >= 1:
                    return True
    numbered = 0
    for link in body.iter("a"):
        text = norm(link.text_content())
        href = link.get("href") or ""
        if link.get("rel") == "next" and _PAGE_PARAM.search(href):
            return True
        if text.isdigit() and len(text) <= 3 and _PAGE_PARAM.search(href):
            numbered += 1
            if numbered >= 2:
                return True
    return False


def _calendar_cells(body) -> int:
    best = 0
    for table in body.iter("table"):
        cells = [norm(td.text_content()) for td in table.iter("td", "th")]
        days = sum(1 for c in cells if _DAY_CELL.match(c) and 1 <= int(_DAY_CELL.match(c).group(1)) <= 31)
        weekdays = sum(1 for c in cells if _WEEKDAY_ROW.match(c))
        if days >= 28 and (weekdays >= 5 or days >= len(cells) * 0.6):
            best = max(best, days)
    return best


def _matches(patterns, url: str) -> bool:
    parts = urlsplit(url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    for pattern in patterns or ():
        try:
            if re.search(pattern, target):
                return True
        except re.error:
            continue
    return False


def classify(body_el, url: str, info: PageInfo, title: str | None, body_text: str, site=None,
             attachments: int = 0, dates: int = 0) -> tuple[str, Signals]:
    """``""`` for an article, else the reason: listing, tag, calendar, empty, no-title, error."""
    signals = Signals(dates=dates)
    if title and _ERROR_TITLE.match(title):
        return "error", signals
    host = urlsplit(url).hostname or ""
    links = _headline_links(body_el, host) if body_el is not None else []
    signals.headline_links = len(links)
    groups = [g for g in _teaser_groups(links) if len(g) >= 3] if len(links) >= 3 else []
    signals.largest_group = len(groups[0]) if groups else 0
    folded_body = fold(body_text)
    if folded_body:
        covered = sum(len(text) for _, text in links if fold(text) and fold(text) in folded_body)
        signals.headline_share = min(1.0, covered / max(len(body_text), 1))
    signals.pager = _pager(body_el, url) if body_el is not None else False
    items = set().union(*groups) if groups else set()
    if body_el is not None:
        signals.teaser_text, signals.free_text, signals.long_paragraphs = _text_split(body_el, items)
    signals.calendar_cells = _calendar_cells(body_el) if body_el is not None else 0

    score = 0
    if signals.largest_group >= 3:
        score += 1
        if signals.teaser_text > signals.free_text:
            score += 2
        elif signals.teaser_text > 0.5 * signals.free_text:
            score += 1
    if signals.largest_group >= 6:
        score += 1
    if signals.headline_share >= 0.35:
        score += 1
    if dates >= 4:
        score += 1
    if signals.pager:
        score += 1
    if _PAGE_PARAM.search(url):
        score += 1
    article_type = info.og_type == "article" or info.article_ld is not None
    if site is not None:
        if _matches(getattr(site, "listing", ()), url):
            score += 1
        if _matches(getattr(site, "article", ()), url):
            score -= 2
    if article_type:
        score -= 1
    if signals.long_paragraphs >= 2:
        score -= 1
    if signals.long_paragraphs >= 4:
        score -= 1
    signals.score = score
    listing = score >= 3 and (signals.largest_group >= 3 or signals.headline_share >= 0.5)
    if listing:
        if _TAG_URL.search(url):
            return "tag", signals
        if _CALENDAR_URL.search(url) or signals.calendar_cells:
            return "calendar", signals
        return "listing", signals
    if signals.calendar_cells and signals.long_paragraphs == 0 and len(body_text) < 1500:
        return "calendar", signals
    if _CALENDAR_URL.search(urlsplit(url).path) and signals.long_paragraphs == 0 and dates >= 3:
        return "calendar", signals
    if not title:
        return "no-title", signals
    if len(body_text) < 50 and not attachments:
        return "empty", signals
    return "", signals
