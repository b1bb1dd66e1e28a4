"""Finding articles on a site: classifying links, reading feeds, sitemaps and listings.

Plain functions over strings, so the spider, ``novadi probe`` and the tests share
them. The rules are generic; a site's profile sharpens them with its own patterns.
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml import etree, html as lxml_html

from crawler.canonical import canonical_url
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
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml")


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


def page_links(html: str, base_url: str) -> list[Link]:
    """Every ``<a href>`` of a page as absolute URLs, in document order, without fragments."""
    try:
        doc = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    base = urljoin(base_url, doc.xpath("string(//base/@href)") or base_url)
    links, seen = [], set()
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        url = urljoin(base, href).split("#", 1)[0]
        if url in seen:
            continue
        seen.add(url)
        links.append(Link(url, " ".join(a.text_content().split())[:200]))
    return links


def feed_links(html: str, base_url: str) -> list[str]:
    """Feeds a page advertises with ``<link rel="alternate">``."""
    try:
        doc = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    urls = []
    for link in doc.iter("link"):
        if "alternate" in (link.get("rel") or "").lower() and (link.get("type") or "").lower() in FEED_TYPES:
            href = link.get("href")
            if href and "comments" not in href:
                urls.append(urljoin(base_url, href))
    return urls


@dataclass
class Listing:
    articles: list[Link]
    next_pages: list[str]
    listings: list[str]
    guessed: list[Link] = None   # article links found only by their shared URL shape


def read_listing(html: str, url: str, classifier: LinkClassifier, links: list[Link] | None = None) -> Listing:
    """Article links and further listing pages of a listing (or home) page.

    ``links`` are the page's links when the caller has already read them."""
    links = [l for l in (page_links(html, url) if links is None else links) if classifier.denied(l.url) is None]
    articles, next_pages, listings = [], [], []
    by_shape: dict[str, list[Link]] = defaultdict(list)
    here = urlsplit(url)
    for link in links:
        target = urlsplit(link.url)
        meaningful = {k.lower() for k, _ in parse_qsl(urlsplit(
            canonical_url(link.url, drop_params=classifier.site.drop_params)).query)}
        if target.path == here.path and meaningful and not meaningful <= classifier.pagination:
            # The same listing filtered by a facet (?tema=…, ?year=…): the unfiltered
            # listing and its pages already hold every article.
            continue
        if classifier.is_listing(link.url):
            if _is_pager_link(link, url, classifier):
                next_pages.append(link.url)
            else:
                listings.append(link.url)
        elif classifier.is_article(link.url):
            articles.append(link)
        elif NEWS_SECTION_TEXT.match(link.text or "") and not target.query:
            # "Aktualitātes", "Visas ziņas", "Новости": the way into the news section.
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
    return Listing(articles=articles, next_pages=next_pages, listings=listings, guessed=guessed)


LANGUAGE_ROOT = re.compile(r"^/(lv|en|ru|ltg|lt|de|et)/?$", re.I)


def language_homes(html: str, url: str, classifier: LinkClassifier, links: list[Link] | None = None) -> list[str]:
    """Home pages of the site's other language versions (``/en``, ``/ru``)."""
    return [l.url for l in (page_links(html, url) if links is None else links)
            if classifier.denied(l.url) is None and LANGUAGE_ROOT.match(urlsplit(l.url).path)
            and not urlsplit(l.url).query]


def _is_pager_link(link: Link, page_url: str, classifier: LinkClassifier) -> bool:
    if NEXT_TEXT.match(link.text or ""):
        return True
    keys = {k.lower() for k, _ in parse_qsl(urlsplit(link.url).query)}
    if keys & classifier.pagination or PAGINATION_PATH.search(urlsplit(link.url).path):
        return True
    return False


@dataclass
class FeedEntry:
    url: str
    title: str | None = None
    published: str | None = None


def read_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    """Entries of an RSS 2.0, RSS 1.0 or Atom feed; raises ValueError if it is not one."""
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
        root = etree.fromstring(body.lstrip(), parser=parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise ValueError(f"not a feed: {exc}") from None
    if root is None:
        raise ValueError("not a feed: empty document")
    tag = etree.QName(root).localname.lower()
    if tag not in ("rss", "feed", "rdf"):
        raise ValueError(f"not a feed: root element <{tag}>")
    entries = []
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        name = etree.QName(node).localname
        if name not in ("item", "entry"):
            continue
        link, title, published = None, None, None
        for child in node:
            if not isinstance(child.tag, str):
                continue
            cname = etree.QName(child).localname
            if cname == "link":
                href = child.get("href")
                if href and child.get("rel", "alternate") == "alternate":
                    link = href
                elif not href and child.text:
                    link = child.text.strip()
            elif cname == "guid" and not link and (child.text or "").startswith("http") and child.get("isPermaLink", "true") != "false":
                link = child.text.strip()
            elif cname == "title":
                title = " ".join((child.text or "").split()) or None
            elif cname in ("pubDate", "published", "date", "issued") and child.text:
                published = child.text.strip()
        if link:
            entries.append(FeedEntry(urljoin(base_url, link), title, published))
    return entries


@dataclass
class SitemapDoc:
    kind: str                # "urlset" or "sitemapindex"
    entries: list[tuple[str, str | None]]   # (loc, lastmod)


def read_sitemap(body: bytes) -> SitemapDoc:
    """A sitemap or sitemap index (already un-gzipped); raises ValueError if it is neither."""
    from scrapy.utils.sitemap import Sitemap

    try:
        sitemap = Sitemap(body)
    except Exception as exc:  # lxml raises several types on garbage
        raise ValueError(f"not a sitemap: {exc}") from None
    if sitemap.type not in ("urlset", "sitemapindex"):
        raise ValueError(f"not a sitemap: root element <{sitemap.type}>")
    entries = []
    for entry in sitemap:
        loc = (entry.get("loc") or "").strip()
        if loc:
            entries.append((loc, entry.get("lastmod")))
    return SitemapDoc(sitemap.type, entries)


def robots_sitemaps(robots_txt: str, base_url: str) -> list[str]:
    return [
        urljoin(base_url, line.split(":", 1)[1].strip())
        for line in robots_txt.splitlines()
        if line.lower().startswith("sitemap:") and line.split(":", 1)[1].strip()
    ]


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


def declared_canonical(html: str, url: str, classifier: LinkClassifier) -> str | None:
    """The page's own ``<link rel="canonical">``, when it names another page of the
    same site that could be an article (not its home page, not a listing)."""
    match = re.search(r"<link\b[^>]*\brel=[\"']?canonical\b[^>]*>", html[:200_000], re.I)
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
