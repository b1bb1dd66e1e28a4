"""Posts of pictures alone: a headline, a date and a gallery, no text.

Municipal sites publish them after every festival ("Fotomirkļi no Līgo svētkiem"). Read
as a page, such a post seems empty, or worse: a reading runs its labels, date line,
captions and tools together into one line, or takes the related posts' teasers below it
for its text. It is a post all the same, stored with its pictures and no body.
"""
from __future__ import annotations

from datetime import date

from .clean import is_date_line, substantial
from .dates import find_all
from .media import find_images


def photo_post(tree, title_el, body: str, base: str, days: frozenset[date] = frozenset()) -> list:
    """The pictures of the post when it is one of pictures alone, else ``[]``.

    It is one when the headline's nearest container of two pictures or more (not the
    thumbnails of teasers) holds no line of running text, and every line of running text
    the reading found (``body``) came from that container or from teasers of other pages.
    ``days``: the post's own dates (published, updated), whose lines are not text.
    """
    owner, pictures = _pictures_of(title_el, base)
    if pictures and not _has_running_text(owner, days) and _read_from(owner, body, tree):
        return pictures
    return []


def _pictures_of(title_el, base: str) -> tuple:
    """The headline's nearest ancestor (three levels up at most, below the page's body)
    that holds two or more pictures, and its pictures; ``(None, [])`` when there is none."""
    if title_el is None:
        return None, []
    for depth, ancestor in enumerate(title_el.iterancestors()):
        if depth >= 3 or ancestor.tag in ("body", "html", "main"):
            break
        found = find_images(ancestor, base, teasers=False)
        if len(found) >= 2:
            return ancestor, found
    return None, []


def _read_from(element, body: str, tree) -> bool:
    """Whether every line of running text in ``body`` was read from ``element`` (spacing
    aside) or from teasers of other pages (a block under a heading that links elsewhere):
    the labels and captions run together were its, not an article's beside it."""
    own = "".join(element.text_content().split())
    teasers = None
    for line in body.split("\n"):
        if not substantial(line):
            continue
        squashed = "".join(line.split())
        if squashed in own:
            continue
        if teasers is None:
            teasers = ["".join(h.getparent().text_content().split())
                       for h in tree.iter("h2", "h3", "h4") if h.find("a") is not None and h.getparent() is not None]
        if not any(squashed in teaser for teaser in teasers):
            return False
    return True


_SOME_TEXT = 50  # letters beside the post's date lines: more than a category, a credit and a label
_NOT_RUNNING = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "a", "time", "script",
                          "style", "noscript", "button", "nav", "select", "template"})
_BLOCK = frozenset({"p", "div", "li", "td", "th", "tr", "section", "article", "blockquote", "br", "dd", "dt",
                    "header", "footer", "aside", "main", "ul", "ol", "table", "form"})


def _has_running_text(element, days: frozenset[date] = frozenset()) -> bool:
    """Whether the element holds running text outside headings, pictures and their
    captions, links, dates and scripts: a line of it (see :func:`clean.substantial`), or
    short lines of some length together. A labelled date ("Publicēts: Otrdiena,
    17. septembris"), a category or a credit line is not one."""
    out = []
    stack = [(element, True)]
    while stack:  # no recursion: a hostile page may nest thousands deep
        node, opening = stack.pop()
        block = node.tag in _BLOCK
        if opening:
            out.append("\n" if block else " ")
            out.append(node.text or "")
            stack.append((node, False))
            for child in reversed(node):
                if isinstance(child.tag, str) and child.tag not in _NOT_RUNNING:
                    stack.append((child, True))
                else:
                    stack.append((child, None))  # its tail only
        elif opening is False:
            out.append("\n" if block else " ")
            if node is not element:
                out.append(node.tail or "")
        else:
            out.append(" " + (node.tail or ""))
    lines = [" ".join(line.split()) for line in "".join(out).split("\n")]
    if any(map(substantial, lines)):
        return True
    # short lines adding up (a list of opening hours) are a text too; the lines giving the
    # post's own date are not
    return sum(sum(map(str.isalpha, line)) for line in lines if not _own_date_line(line, days)) >= _SOME_TEXT


def _own_date_line(line: str, days: frozenset[date]) -> bool:
    return bool(days) and is_date_line(line) and any(match.day in days for match in find_all(line))
