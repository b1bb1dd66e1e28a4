"""trafilatura's measure of a page's whole text, read in one walk of the tree.

When its reading of a page is short, trafilatura compares it with the page's whole text
(``baseline.html2txt``) to decide whether to try again in recall mode. ``html2txt``
copies the tree, deletes asides, footers, scripts, styles and cookie banners (an XPath
whose class and id tests call back into Python for every element), spaces out block
elements and reads the text. :func:`page_text` gives the same string, character for
character, without the copy: it walks the tree once, skipping what would be deleted and
putting the spaces where ``html2txt`` does. That costs about half as much.

It mirrors the rules of the trafilatura releases whose deletion XPath reads exactly as
:data:`_EXPECTED_XPATH`; with any other, :data:`ENABLED` is false and trafilatura's own
function runs. A test compares both on every saved page.
"""
from __future__ import annotations

import re

from lxml import etree

from .prunes import first_of

try:  # internals: when they move, trafilatura's own function simply runs
    from trafilatura.baseline import _BLOCK_ELEMS
    from trafilatura.settings import _COOKIE_CONSENT_RE, BASIC_CLEAN_XPATH
    from trafilatura.utils import remove_control_characters
except ImportError:  # pragma: no cover - depends on the installed release
    _BLOCK_ELEMS = BASIC_CLEAN_XPATH = None
    _COOKIE_CONSENT_RE = ""

_DELETED_TAGS = ("aside", "fencedframe", "footer", "script", "style", "svg", "template")
_EXPECTED_XPATH = (
    ".//aside|.//div[contains(@class|@id, 'footer')]|.//fencedframe|.//footer|.//script|.//style|.//svg|"
    ".//template|.//*[re:test(@class, '{0}', 'i') or re:test(@id, '{0}', 'i')]".format(_COOKIE_CONSENT_RE)
)
ENABLED = BASIC_CLEAN_XPATH is not None and BASIC_CLEAN_XPATH.path == _EXPECTED_XPATH

_GONE = frozenset(_DELETED_TAGS)
_BLOCK = frozenset(_BLOCK_ELEMS or ())
_COOKIE = re.compile(_COOKIE_CONSENT_RE, re.IGNORECASE) if _COOKIE_CONSENT_RE else None


def _deleted(element) -> bool:
    """Whether ``html2txt``'s cleaning deletes the element."""
    tag = element.tag
    if tag in _GONE:
        return True
    attrib = element.attrib
    if not attrib:
        return False
    if tag == "div" and "footer" in first_of(attrib, "class", "id"):
        return True
    for name in ("class", "id"):
        value = attrib.get(name)
        if value is not None and _COOKIE.search(value):
            return True
    return False


def page_text(tree) -> str:
    """What ``trafilatura.baseline.html2txt(tree)`` returns for an element tree."""
    body = tree.find(".//body")
    if body is None:
        body = tree
    out: list[str] = []
    clean = remove_control_characters
    # per open element: deleted, a block itself, and whether the text a deleted child's
    # tail joins (the previous sibling's tail, else this element's text) is a block's
    stack: list[list[bool]] = []
    walker = etree.iterwalk(body, events=("start", "end"))
    for event, element in walker:
        is_element = isinstance(element.tag, str)
        if event == "start":
            if element is not body and is_element and _deleted(element):
                walker.skip_subtree()
                stack.append([True, False, stack[-1][2] if stack else False])
                continue
            block = is_element and element.tag in _BLOCK
            text = element.text if is_element else None
            if block:
                out.append(" " + clean(text) if text else " ")
            elif text:
                out.append(text)
            stack.append([False, block, block])
            continue
        gone, block, joins_block = stack.pop()
        if element is body:
            continue
        tail = element.tail
        if gone:
            # deletion keeps the tail, joined to the text before it
            if tail:
                out.append(clean(tail) if joins_block else tail)
            continue
        if block:
            out.append(" " + clean(tail) if tail else " ")
        elif tail:
            out.append(tail)
        if stack:
            stack[-1][2] = block
    return " ".join("".join(out).split())
