"""Feeds and sitemaps: the routes a site itself publishes to its articles."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree, html as lxml_html

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml")


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
class FeedEntry:
    url: str
    title: str | None = None
    published: str | None = None
    updated: str | None = None   # Atom <updated>, dc:modified: when the entry last changed


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
        link, title, published, updated = None, None, None, None
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
            elif cname in ("updated", "modified") and child.text:
                updated = child.text.strip()
        if link:
            entries.append(FeedEntry(urljoin(base_url, link), title, published, updated))
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


