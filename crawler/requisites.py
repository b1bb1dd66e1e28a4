"""Page requisites: the stylesheets, fonts and images a page needs to look as it did.

:func:`page_requisites` reads a page (plain function, no Scrapy); :func:`image_source`
is the one rule for which file of an ``<img>`` is "the" image, shared with replay so
that the copy shows exactly what the crawl fetched.
"""
from __future__ import annotations

from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
from lxml import etree

from crawler.css import css_urls

# Lazy-loading scripts keep the real image here until the page is scrolled; the
# archive runs no scripts, so it takes the image from where the script would.
LAZY_SOURCES = ("data-src", "data-lazy-src", "data-original", "data-lazy")
# <style> and <link> may use these media without being print-only.
STYLESHEET_RELS = {"stylesheet"}


def absolute_http(url: str | None, base: str) -> str | None:
    """``url`` resolved against ``base``, without its fragment; None unless it is http(s)."""
    if not url:
        return None
    url = url.strip()
    if not url or url.startswith(("data:", "javascript:", "#")):
        return None
    try:
        resolved = urldefrag(urljoin(base, url))[0]
    except ValueError:  # a malformed IPv6 host and the like
        return None
    return resolved if urlsplit(resolved).scheme in ("http", "https") else None


def srcset_candidates(value: str | None) -> list[str]:
    """The URLs of a ``srcset``, in order (descriptors dropped)."""
    out = []
    for part in (value or "").split(","):
        words = part.strip().split()
        if words:
            out.append(words[0])
    return out


def image_source(img) -> str | None:
    """The one file of an ``<img>`` the archive keeps: ``src``, else a lazy loader's
    attribute, else the first ``srcset`` candidate."""
    src = (img.get("src") or "").strip()
    if src and not src.startswith("data:"):
        return src
    for name in LAZY_SOURCES:
        if (img.get(name) or "").strip():
            return img.get(name).strip()
    candidates = srcset_candidates(img.get("srcset") or img.get("data-srcset"))
    return candidates[0] if candidates else (src or None)


def document_base(doc, page_url: str) -> str:
    """The URL relative links of the page resolve against (its ``<base href>`` if any)."""
    for base in doc.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            return urljoin(page_url, href)
        break
    return page_url


def parse_html(html: str):
    """The page as an lxml tree, or None when it holds no markup at all."""
    if not html or not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def page_requisites(html: str, page_url: str) -> list[tuple[str, str]]:
    """``(absolute URL, kind)`` for each stylesheet of the page and each image in its body.

    Kinds: ``stylesheet``, ``image`` (an ``<img>``, a poster, a ``background``
    attribute) and ``css`` (a URL named in a ``<style>`` or ``style=""``: a font or a
    background image). Each URL once, in document order.
    """
    doc = parse_html(html)
    if doc is None:
        return []
    base = document_base(doc, page_url)
    found: dict[str, str] = {}

    def add(url, kind):
        absolute = absolute_http(url, base)
        if absolute and absolute not in found:
            found[absolute] = kind

    # XPath picks the few elements that matter (libxml2 does the walking, in C).
    for el in doc.xpath("//link[@href] | //style | //*[@style]"):
        tag = el.tag
        if tag == "link":
            rels = set((el.get("rel") or "").lower().split())
            if rels & STYLESHEET_RELS:
                add(el.get("href"), "stylesheet")
        elif tag == "style" and _names_files(el.text):
            for url, is_import in css_urls(el.text):
                add(url, "stylesheet" if is_import else "css")
        if _names_files(el.get("style")):
            for url, _ in css_urls(el.get("style"), inline=True):
                add(url, "css")
    for el in doc.xpath("//body//img | //body//input[@src] | //body//video[@poster] | //body//*[@background]"
                        " | //body[@background]"):
        tag = el.tag
        if tag == "img":
            add(image_source(el), "image")
        elif tag == "input" and (el.get("type") or "").lower() == "image":
            add(el.get("src"), "image")
        elif tag == "video":
            add(el.get("poster"), "image")
        if el.get("background") and tag in ("body", "table", "td", "th", "tr"):
            add(el.get("background"), "image")
    return list(found.items())


def _names_files(css: str | None) -> bool:
    """Whether CSS may name a file at all (most style attributes do not): skips the tokenizer."""
    if not css:
        return False
    lowered = css.lower()
    return "url(" in lowered or "@import" in lowered or "image-set(" in lowered or "\\" in lowered


def stylesheet_requisites(css: str, css_url: str) -> list[tuple[str, str]]:
    """``(absolute URL, kind)`` for what a stylesheet names: imported sheets, fonts, images."""
    out = []
    for url, is_import in css_urls(css):
        absolute = absolute_http(url, css_url)
        if absolute:
            out.append((absolute, "stylesheet" if is_import else "css"))
    return out
