"""Article bodies split into several containers of one kind.

Some publishing systems cut a long article into chunks — the same element with the same
class, repeated, with advertising or embeds between them. trafilatura settles on one
body container and reads only the first chunk. A reading that comes from one member of
such a group while later members, long runs of paragraphs themselves, are missing from
it, is read again from that member and the later ones together, in the page's order. A
member before the one read was passed over by trafilatura, not missed; members with a
headline between them are stories of their own (a blog's front page), never joined.

What marks a group is the page's own structure (elements sharing tag and class, each
holding paragraphs of text, outside navigation and sidebars); the reading itself tells
which group the article is in.
"""
from __future__ import annotations

from collections import defaultdict

from lxml import etree

from .page import is_chrome

_OWN_TEXT = 100    # characters of direct paragraphs a member needs
_MISSING = 300     # a missing member worth reading again
_PROBE = 50        # characters of a member's first paragraph looked for in the reading


def _paragraph_text(element) -> str:
    return " ".join(" ".join(p.text_content().split()) for p in element.iterchildren("p"))


def _probe(element) -> str:
    for paragraph in element.iterchildren("p"):
        text = " ".join(paragraph.text_content().split())
        if len(text) >= 60:
            return text[:_PROBE]
    return ""


def split_body(tree, text: str) -> list | None:
    """The members of the group the reading ``text`` was taken from, in the page's order,
    when other members long enough to be the article's are missing from it; else None."""
    kinds = defaultdict(dict)  # (tag, class) → the elements holding paragraphs, in the page's order
    for paragraph in tree.iter("p"):
        parent = paragraph.getparent()
        if parent is not None and parent.get("class"):
            kinds[(parent.tag, parent.get("class"))].setdefault(parent)
    reading = None
    for elements in kinds.values():
        if len(elements) < 2:
            continue
        elements = list(elements)
        members = [(element, own) for element in elements if len(own := _paragraph_text(element)) >= _OWN_TEXT]
        if len(members) < 2:
            continue
        reading = reading or " ".join(text.split())
        probes = [_probe(element) for element, _ in members]
        found = [bool(probe) and probe in reading for probe in probes]
        if not any(found) or all(found):
            continue
        # from the first member read on: a member before it was passed over, not missed
        first = found.index(True)
        members, found = members[first:], found[first:]
        if all(found):
            continue
        kept = sum(len(own) for (_, own), hit in zip(members, found) if hit)
        missing = [own for (_, own), hit in zip(members, found) if not hit]
        # the reading is mostly this group's, and what it left out is article-length text
        if kept < 0.3 * len(reading) or max(len(own) for own in missing) < _MISSING:
            continue
        elements = [element for element, _ in members]
        if any(is_chrome(element) for element in elements):
            continue
        if _nested(elements):
            continue
        if _headed_apart(tree, elements):
            continue  # stories of their own (a blog's front page), not one story cut up
        return elements
    return None


def _headed_apart(tree, elements) -> bool:
    """Whether a headline stands between two of the members."""
    order = {element: index for index, element in enumerate(tree.iter())}
    headlines = [order[h] for h in tree.iter("h1", "h2", "h3", "h4") if h in order]
    for before, after in zip(elements, elements[1:]):
        end = order[before] + sum(1 for _ in before.iterdescendants())
        if any(end < position < order[after] for position in headlines):
            return True
    return False


def _nested(elements) -> bool:
    """Whether one of the elements holds another (one walk up from each)."""
    members = set(elements)
    return any(ancestor in members for element in elements for ancestor in element.iterancestors())


def merged(members):
    """A minimal document with the members' content in one ``<article>``: read as one body
    (trafilatura would settle on the first member again)."""
    from copy import deepcopy

    from trafilatura.utils import load_html

    document = load_html("<html><body><article></article></body></html>")
    article = document.find(".//article")
    for member in members:
        if member.text and member.text.strip():
            paragraph = etree.SubElement(article, "p")
            paragraph.text = member.text
        for child in member:
            article.append(deepcopy(child))
    return document
