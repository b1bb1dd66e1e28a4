"""Rewriting a captured page for replay: everything it loads comes from the archive.

A capture is a stranger's markup. Replayed, it may show itself but nothing else:

- every URL it would load (stylesheets, ``@import``, fonts and images named in CSS,
  images, posters, backgrounds) points at the archive's copy, found by
  ``resource_url(absolute URL)``; none is left pointing at another host;
- a link to a page the archive holds goes to its archived copy (``page_link``),
  in the whole window; any other link is marked as leaving the archive and opens
  the live site in a new tab, without a referrer;
- what would run, navigate or leak is removed: scripts, ``<base>``, meta refresh,
  frames, plug-ins, event handlers, ``javascript:`` URLs, ``ping``, form targets,
  subresource-integrity hashes (the archive's copy of a stylesheet differs from the
  original bytes, since its URLs are rewritten).

Parsing is lxml's HTML parser (libxml2), CSS is tinycss2's (:mod:`crawler.css`);
which file of an ``<img>`` is shown is :func:`crawler.requisites.image_source`, the
rule the crawl fetched by.
"""
from __future__ import annotations

import re
from typing import Callable
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from crawler.css import rewrite_css
from crawler.requisites import LAZY_SOURCES, absolute_http, document_base, image_source, parse_html

REMOVED_TAGS = {"script", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet", "portal",
                "base", "template", "dialog"}
# <link> kinds that are kept (their URL rewritten); preload, prefetch, preconnect,
# dns-prefetch, manifest and the rest would reach out or do nothing here.
KEPT_LINK_RELS = {"stylesheet", "icon", "shortcut"}
# Attributes holding a URL the browser loads by itself.
RESOURCE_ATTRS = {"src", "poster", "background", "data", "href", "xlink:href",
                  "{http://www.w3.org/1999/xlink}href"}
REMOVED_ATTRS = {"srcset", "sizes", "data-srcset", "ping", "integrity", "crossorigin", "action", "formaction",
                 "srcdoc", "http-equiv", "manifest", "nonce"} | set(LAZY_SOURCES)
DOCTYPE = re.compile(r"\ufeff?\s*(?:<!--.*?-->\s*)*<!doctype", re.I | re.S)
LIVE_TITLE = "Atstāj arhīvu: atver dzīvo vietni jaunā cilnē / Leaves the archive: opens the live site in a new tab"
# Marks links that leave the archive without changing the page's layout.
LIVE_LINK_STYLE = ("a[data-novadi-live]{text-decoration-line:underline;text-decoration-style:dashed;"
                   "cursor:alias}")
SAFE_LINK_SCHEMES = ("http", "https", "mailto", "tel")


def rewrite_stylesheet(css: str, css_url: str, resource_url: Callable[[str], str], *, inline: bool = False) -> str:
    """A stylesheet (or a ``style`` attribute) with every URL pointing at the archive."""

    def replace(url: str, is_import: bool) -> str:
        if url.strip().startswith("data:") and not is_import:
            return url
        absolute = absolute_http(url, css_url)
        return resource_url(absolute) if absolute else ""

    return rewrite_css(css, replace, inline=inline)


def rewrite_capture(html: str, page_url: str, *, resource_url: Callable[[str], str],
                    page_link: Callable[[str], str | None]) -> str:
    """The captured page ``html`` (of ``page_url``) made safe and self-contained for replay."""
    doc = parse_html(html) if html else None
    if doc is None:
        doc = lxml.html.document_fromstring("<html><head></head><body></body></html>")
    # libxml2 invents a doctype for a page without one; keeping the page's own (or
    # none) keeps the browser in the rendering mode the original had.
    doctype = doc.getroottree().docinfo.doctype if DOCTYPE.match(html or "") else None
    base = document_base(doc, page_url)

    def resource(url: str | None) -> str:
        absolute = absolute_http(url, base)
        return resource_url(absolute) if absolute else ""

    for el in list(doc.iter(etree.Comment, etree.ProcessingInstruction)):
        _drop(el)  # conditional comments load files too; comments show nothing anyway
    for el in list(doc.iter(etree.Element)):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1]
        if tag in REMOVED_TAGS:
            _drop(el)
            continue
        if tag == "meta" and (el.get("http-equiv") or el.get("charset")):
            _drop(el)  # refresh, CSP, cookies, a charset the archive no longer serves in
            continue
        if tag == "link":
            rels = set((el.get("rel") or "").lower().split())
            if not rels & KEPT_LINK_RELS:
                _drop(el)
                continue
        chosen = image_source(el) if tag == "img" else None
        for name in list(el.attrib):
            lowered = name.lower()
            if lowered.startswith("on") or lowered in REMOVED_ATTRS:
                del el.attrib[name]
        if tag == "img":
            if chosen:
                el.set("src", resource(chosen) if not chosen.startswith("data:") else chosen)
        elif tag in ("source", "track"):
            # <picture>/<video> alternatives: the <img> (or poster) is what was kept.
            # libxml2 does not know these are void elements and may have nested the
            # <img> inside: keep what is in them.
            el.drop_tag()
            continue
        elif tag in ("a", "area"):
            _rewrite_link(el, base, page_link)
        elif tag == "form":
            el.attrib.pop("target", None)
        else:
            for name in list(el.attrib):
                if name in RESOURCE_ATTRS and el.get(name) is not None:
                    value = el.get(name)
                    if value.strip().startswith("data:") and tag in ("img", "image", "input", "video"):
                        continue
                    el.set(name, resource(value))
        if tag == "style" and el.text:
            el.text = rewrite_stylesheet(el.text, base, resource_url)
        if el.get("style"):
            el.set("style", rewrite_stylesheet(el.get("style"), base, resource_url, inline=True))
    head = doc.find("head")
    if head is None:
        head = etree.Element("head")
        doc.insert(0, head)
    charset = etree.Element("meta", charset="utf-8")
    head.insert(0, charset)
    style = etree.SubElement(head, "style")
    style.text = LIVE_LINK_STYLE
    return lxml.html.tostring(doc, encoding="unicode", method="html", doctype=doctype)


def _rewrite_link(el, base: str, page_link: Callable[[str], str | None]) -> None:
    href = (el.get("href") or "").strip()
    el.attrib.pop("target", None)
    for name in ("xlink:href", "{http://www.w3.org/1999/xlink}href"):
        # An SVG link would navigate the frame itself, to the live site, under the banner.
        el.attrib.pop(name, None)
    if not href:
        return
    if href.startswith("#"):
        return  # a place on the same page
    try:
        absolute = urljoin(base, href)
    except ValueError:
        del el.attrib["href"]
        return
    scheme = urlsplit(absolute).scheme.lower()
    if scheme not in SAFE_LINK_SCHEMES:
        del el.attrib["href"]  # javascript:, data:, file: and the like go nowhere
        return
    if scheme in ("mailto", "tel"):
        el.set("href", absolute)
        return
    archived = page_link(absolute)
    if archived:
        el.set("href", archived)
        el.set("target", "_top")
        return
    el.set("href", absolute)
    el.set("target", "_blank")
    el.set("rel", "noopener noreferrer nofollow")
    el.set("data-novadi-live", "")
    el.set("title", LIVE_TITLE)


def _drop(el) -> None:
    """Remove an element or comment, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    previous = el.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)
