"""The lead (standfirst, summary, intro) that sits in an element of its own between the
headline and the body.

News sites and many CMSs put it in a ``div.lead`` or ``p.summary`` beside the body
container, and an extractor that settles on the body container leaves it out. It is part
of the article: the text blocks between the headline and the body's first paragraph are
taken back when they read as prose — sentences, not links, dates, bylines, captions or
teasers.
"""
from __future__ import annotations

import re

from lxml import etree

from .page import SKIP_TAGS, fold, is_chrome, norm

_BLOCKS = {"p", "div", "section", "header", "span", "strong", "b", "em", "i", "h2", "h3", "summary", "blockquote"}
_INNER_BLOCKS = ("p", "div", "ul", "ol", "table", "section", "h2", "h3", "h4", "figure", "blockquote")
_NOT_LEAD = re.compile(r"(caption|credit|teaser|related|read-?also|lasi|byline|author|meta|date|time|"
                       r"share|tags?|breadcrumb|gallery|photo|image|media|subscribe|newsletter|promo|"
                       r"advert|sponsor|kicker|label|category)", re.IGNORECASE)
_PROSE_END = re.compile(r"[.!?…\"”»)]$")
_LABELLED = re.compile(r"^(autors|autore|autori|teksts|foto|avots|by|photo|source|publicēts|published|updated|"
                       r"lasīt arī|lasi arī|skatīt arī|read also|see also)\b", re.IGNORECASE)
_WALK_LIMIT = 150
# the elements after the headline (not inside it), in document order
_FOLLOWING = etree.XPath(f"following::*[position() <= {_WALK_LIMIT}]")


def _prose(text: str) -> bool:
    return len(text) >= 40 and len(text.split()) >= 7 and bool(_PROSE_END.search(text)) and not _LABELLED.match(text)


def _excluded(element, stop) -> bool:
    node = element
    while node is not None and node is not stop:
        if node.tag in ("figure", "figcaption", "a", "nav", "aside", "footer", "time", "button", "form", "label"):
            return True
        for attr in ("class", "id"):
            if _NOT_LEAD.search(node.get(attr) or ""):
                return True
        node = node.getparent()
    return False


def _link_share(element) -> float:
    text = len(element.text_content())
    linked = sum(len(a.text_content()) for a in element.iter("a"))
    return linked / text if text else 1.0


def lead_before(tree, title_el, body: str) -> list[str]:
    """The lead paragraphs between the headline ``title_el`` and the start of ``body``
    (in order) that ``body`` does not hold yet."""
    if title_el is None or not body:
        return []
    # the body's first line long enough to be recognised where the page prints it (a
    # short subheading may open the body)
    first = next((line for line in body.split("\n")[:4] if len(fold(line)) >= 15), "")
    start = fold(first)[:40]
    if len(start) < 15:
        return []
    known: set[str] | None = None  # the body's lines, folded when a candidate needs them
    found: list[str] = []
    for element in _FOLLOWING(title_el):
        if not isinstance(element.tag, str) or element.tag in SKIP_TAGS:
            continue
        raw = element.text
        if raw and len(raw) >= 15 and not raw.isspace():
            own = fold(norm(raw[:80]))[:40]
            if len(own) >= 15 and own == start[:len(own)]:
                return found  # the body starts here
        if element.tag not in _BLOCKS or any(True for _ in element.iterdescendants(*_INNER_BLOCKS)):
            continue
        text = norm(element.text_content())
        if not _prose(text):
            continue
        if known is None:
            known = {fold(line) for line in body.split("\n")}
        if fold(text) in known or any(fold(text) in fold(f) for f in found):
            continue
        if _excluded(element, None) or _link_share(element) > 0.3 or is_chrome(element):
            continue
        if element.tag in ("span", "strong", "b", "em", "i") and element.getparent() is not None and len(
                norm(element.getparent().text_content())) > len(text) + 5:
            continue  # a phrase inside a longer block, not a block of its own
        found.append(text)
    return []
