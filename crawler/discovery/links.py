"""Links: a page's links, and what a URL on a site is worth fetching as (an article,
a listing, nothing) before it is fetched.

The rules are generic; a site's profile sharpens them with its own patterns. What a
fetched page *is* is decided by its content (``pagekind``), not here.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml import etree, html as lxml_html

from crawler.registry import Site

MAX_URL_LENGTH = 2048
MAX_QUERY_PARAMS = 6

# A path segment that reads like a headline: at least three words joined by hyphens
# or underscores, or a numeric id with a slug ("123-domes-sede.html").
SLUG = re.compile(r"^(\d+[-_])?[^/]*?[a-z0-9\u00c0-\u024f%]+([-_][a-z0-9\u00c0-\u024f%]+){2,}(\.s?html?|\.php)?$", re.I)
ID_SLUG = re.compile(r"^\d+[-_][^/]+$")
ID_PARAMS = re.compile(r"(^|&)(news_id|newsid|article_id|articleid|p|id|nid|zinas_id|jaunums)=\d+(&|$)", re.I)
DATE_PATH = re.compile(r"/(19|20)\d{2}/(\d{1,2}/)?(\d{1,2}/)?[^/]+/?$")
NEWS_WORDS = re.compile(
    r"(jaunum|aktualit|zinas|ziņas|news|novost|raksti|articles|preses|pazinojum|paziņojum|notikumi)", re.I)
NEXT_TEXT = re.compile(
    r"^\s*(nākamā|nākošā|nakama|tālāk|vecāki|vecākas|iepriekšējie|vairāk|ielādēt vairāk|next|older|›|»|>|→|\d{1,4})\s*(lapa|ieraksti|ziņas|jaunumi)?\s*[›»>→]?\s*$",
    re.I)
NEWS_SECTION_TEXT = re.compile(
    r"^\s*(visas |visi |vairāk |citas |arhīvs |ziņu arhīvs)?(ziņas|ziņu|jaunumi|jaunumu|aktualitātes|aktuāli|"
    r"novada ziņas|pilsētas ziņas|news|all news|новости|все новости)\s*[›»>→]?\s*$", re.I)
PAGINATION_PATH = re.compile(r"/(page|lapa)/\d+/?$", re.I)


@dataclass(frozen=True)
class Link:
    url: str
    text: str


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


class _AnyOf:
    def __init__(self, patterns):
        self.patterns = [re.compile(p) for p in patterns]

    def search(self, target: str):
        return next((m for m in (p.search(target) for p in self.patterns) if m), None)


def _any_of(patterns):
    """A compiled pattern that matches where any of ``patterns`` would (None for none)."""
    if not patterns:
        return None
    if len(patterns) == 1:
        return re.compile(patterns[0])
    if any(_BACKREFERENCE.search(p) for p in patterns):
        return _AnyOf(patterns)  # joined, a numbered backreference would point elsewhere
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error:  # a global flag such as (?i) at the start of one of them, a repeated group name
        return _AnyOf(patterns)


class LinkClassifier:
    """Decides what a URL on a site is: an article, a listing, or something not to follow.

    A site's pages link to the same URLs over and over (menus, sidebars, pagers), so
    each answer is remembered, within a bound, for the classifier's life: a site and its
    rules do not change during a crawl.
    """

    def __init__(self, site: Site):
        self.site = site
        self.hosts = set(site.all_hosts)
        self.pagination = set(site.pagination) or {"page", "paged", "start", "lapa"}
        self.start_paths = {urlsplit(u).path.rstrip("/") for u in site.start_urls if urlsplit(u).path.rstrip("/")}
        self._allow, self._deny = _any_of(site.allow), _any_of(site.deny)
        self._listing, self._article = _any_of(site.listing), _any_of(site.article)
        self._article_guess = _any_of(getattr(site, "article_guess", ()))
        self.denied = functools.lru_cache(maxsize=32768)(self._denied)
        self.is_listing = functools.lru_cache(maxsize=32768)(self._is_listing)
        self.article_evidence = functools.lru_cache(maxsize=32768)(self._article_evidence)

    # Sent to re-extraction's worker processes: the site travels, the memos are made anew.
    def __getstate__(self):
        return {"site": self.site}

    def __setstate__(self, state):
        self.__init__(state["site"])

    def on_site(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and (parts.hostname or "").lower() in self.hosts

    def _denied(self, url: str) -> str | None:
        """Why ``url`` must not be fetched, or None (``denied``, remembered)."""
        if not self.on_site(url):
            return "offsite"
        if len(url) > MAX_URL_LENGTH:
            return "url-too-long"
        target = path_and_query(url)
        if len(parse_qsl(urlsplit(url).query, keep_blank_values=True)) > MAX_QUERY_PARAMS:
            return "too-many-params"
        if self._allow and not self._allow.search(target):
            return "not-allowed"
        if self._deny and self._deny.search(target):
            return "denied"
        return None

    def _is_listing(self, url: str) -> bool:
        """Whether ``url`` is a news listing or one of its pages (``is_listing``, remembered)."""
        target = path_and_query(url)
        if self._listing and self._listing.search(target):
            return True
        path = urlsplit(url).path.rstrip("/")
        if path and path in self.start_paths:
            return True
        query_keys = {k.lower() for k, _ in parse_qsl(urlsplit(url).query)}
        if query_keys & self.pagination and (not path or path in self.start_paths or NEWS_WORDS.search(path)):
            return True
        return bool(PAGINATION_PATH.search(path))

    def is_article(self, url: str) -> bool:
        """Whether ``url`` looks like a single article (extraction has the last word)."""
        return self.article_evidence(url) is not None

    def _article_evidence(self, url: str) -> str | None:
        """"pattern" when the site's article pattern matches, "guess" when only a weaker
        sign does (such pages must prove themselves with a date), else None
        (``article_evidence``, remembered)."""
        if self.is_listing(url):
            return None
        target = path_and_query(url)
        if self._article and self._article.search(target):
            return "pattern"
        if self._article_guess and self._article_guess.search(target):
            return "guess"
        if not self.site.article and looks_like_article(url):
            return "guess"
        return None


def looks_like_article(url: str) -> bool:
    """Generic guess for sites without a known article pattern."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if parts.query and ID_PARAMS.search(parts.query):
        return True
    if not segments:
        return False
    last = segments[-1]
    if DATE_PATH.search(parts.path) and not PAGINATION_PATH.search(parts.path):
        return True
    if len(segments) >= 2 and NEWS_WORDS.search(segments[-2]) and "-" in last and len(last) >= 8:
        # /novosti/<slug>/, /jaunumi/<slug>/: a slug right under a news section.
        return True
    if ID_SLUG.match(last) and len(last) > 6:
        return True
    return bool(SLUG.match(last)) and len(last) >= 12


def url_shape(url: str) -> str:
    """The URL with its variable parts masked: links to sibling articles share a shape."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if segments:
        segments[-1] = "*"
    shape = "/" + "/".join(re.sub(r"\d+", "N", s) for s in segments)
    keys = sorted(k for k, _ in parse_qsl(parts.query))
    return shape + ("?" + "&".join(keys) if keys else "")


def parse_page(html: str):
    """The page's lxml tree, or None when it cannot be parsed: parsed once, read by
    ``page_links``, ``read_teasers`` and the crawl's quick look at a listing."""
    try:
        return lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def page_links(html: str, base_url: str, doc=None, anchors: list | None = None) -> list[Link]:
    """Every ``<a href>`` of a page as absolute URLs, in document order, without fragments.

    ``doc``: the page already parsed by :func:`parse_page`. ``anchors``, when given,
    receives every ``<a>`` as ``(element, absolute URL or None for a script or
    fragment link, text)``, so teasers are read without resolving links twice."""
    doc = parse_page(html) if doc is None else doc
    if doc is None:
        return []
    base = urljoin(base_url, doc.xpath("string(//base/@href)") or base_url)
    links, seen = [], set()
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            if anchors is not None and not href.startswith(("mailto:", "tel:")):
                anchors.append((a, None, " ".join(a.text_content().split())))
            continue
        url = urljoin(base, href).split("#", 1)[0]
        text = " ".join(a.text_content().split())
        if anchors is not None:
            anchors.append((a, url, text))
        if url in seen:
            continue
        seen.add(url)
        links.append(Link(url, text[:200]))
    return links


LANGUAGE_ROOT = re.compile(r"^/(lv|en|ru|ltg|lt|de|et)/?$", re.I)


def language_homes(html: str, url: str, classifier: LinkClassifier, links: list[Link] | None = None) -> list[str]:
    """Home pages of the site's other language versions (``/en``, ``/ru``)."""
    return [l.url for l in (page_links(html, url) if links is None else links)
            if classifier.denied(l.url) is None and LANGUAGE_ROOT.match(urlsplit(l.url).path)
            and not urlsplit(l.url).query]


_CANONICAL_LINK = re.compile(r"<link\b[^>]*\brel=[\"']?canonical\b[^>]*>", re.I)


def declared_canonical(html: str, url: str, classifier: LinkClassifier) -> str | None:
    """The page's own ``<link rel="canonical">``, when it names another page of the
    same site that could be an article (not its home page, not a listing)."""
    # In the head, where it belongs: searched first, the rest only if it is not there.
    end = html.find("<body", 0, 200_000)
    match = _CANONICAL_LINK.search(html, 0, end if end > 0 else 200_000)
    if match is None and end > 0 and "canonical" in html[end:200_000]:
        match = _CANONICAL_LINK.search(html, end, 200_000)
    if not match:
        return None
    href = re.search(r"\bhref=[\"']?([^\"'\s>]+)", match.group(0), re.I)
    if not href:
        return None
    from html import unescape

    target = urljoin(url, unescape(href.group(1).strip()))
    if classifier.denied(target) or urlsplit(target).path in ("", "/") or classifier.is_listing(target):
        return None
    return target
