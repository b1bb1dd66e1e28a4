"""Which part of the page trafilatura reads.

Handing trafilatura only the article's container (the profile's ``extract.body`` XPath,
or the headline's nearest ancestor holding most of the page's paragraphs) keeps lists,
tables and headings that its whole-page fallbacks drop on CMSs it does not know, and
leaves menus and footers out; it is also faster. Legacy table layouts are turned into
plain blocks first, since trafilatura reads every table as data.
"""
from __future__ import annotations

import logging
import re
from copy import deepcopy
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from .media import FILE_PATH, NOT_A_PAGE
from .page import body_of, is_chrome, norm

LOGGER = logging.getLogger(__name__)


@lru_cache(maxsize=256)
def xpath(expression: str):
    """A profile's XPath, compiled once; None (and a warning) when it is not valid."""
    try:
        return etree.XPath(expression)
    except etree.XPathError:
        LOGGER.warning("extraction hint is not a valid XPath: %r", expression)
        return None


def hint_list(value) -> list[str]:
    """A hint given as one string or a list of them, as a list."""
    if not value:
        return []
    return [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]


def select(tree, expressions) -> list:
    """The elements the XPaths match: the outermost ones, outside chrome."""
    found = []
    for expression in hint_list(expressions):
        compiled = xpath(expression)
        if compiled is None:
            continue
        try:
            found.extend(e for e in compiled(tree) if isinstance(e, etree._Element))
        except etree.XPathError:
            continue
    outer = [e for e in found if not any(a in found for a in e.iterancestors())]
    return [e for e in outer if not is_chrome(e)]


def body_only(containers) -> HtmlElement:
    """A minimal document holding copies of the body containers, for a focused extraction."""
    html = load_html("<html><body><main></main></body></html>")
    body = html.find(".//main")
    for container in containers:
        copied = deepcopy(container)
        copied.tail = None
        body.append(copied)
    return html


_LAYOUT_CELL_BLOCKS = ("p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "table", "br")


def _is_layout_table(table) -> bool:
    """A table that lays out the page (legacy sites) rather than holding data: it holds
    other tables, or has a single column, or a cell with paragraphs of text."""
    if table.find(".//table") is not None:
        return True
    rows = table.findall(".//tr")
    if rows and all(len(row.findall("td")) + len(row.findall("th")) <= 1 for row in rows):
        return True
    if len(rows) > 12:
        return False
    for cell in table.iter("td"):
        blocks = sum(1 for child in cell.iter(*_LAYOUT_CELL_BLOCKS) if child is not cell)
        if blocks >= 2 and len(cell.text_content()) > 200:
            return True
    return False


def without_layout_tables(tree):
    """A copy of ``tree`` with layout tables turned into plain blocks, or None if it has none.

    trafilatura reads a table as data and flattens its cells into rows of text, which on
    table-layout legacy sites swallows the article into one cell line with the menu.
    """
    if not any(_is_layout_table(t) for t in tree.iter("table")):
        return None
    copied = deepcopy(tree)
    for table in list(copied.iter("table")):
        if _is_layout_table(table):
            table.tag = "div"
            for element in table.iter("tr", "td", "th", "tbody", "thead", "tfoot"):
                if next(element.iterancestors("table"), None) is None or element.tag in ("tbody", "thead", "tfoot"):
                    element.tag = "div"
                    for attr in ("width", "height", "colspan", "rowspan", "valign", "align", "background"):
                        element.attrib.pop(attr, None)
    return copied


def _paragraph_text(element) -> int:
    return sum(len(p.text_content()) for p in element.iter("p"))


def _plain_text(element) -> int:
    """Length of the element's text outside links (menus and teaser lists are links)."""
    linked = sum(len(a.text_content()) for a in element.iter("a"))
    return len(" ".join(element.text_content().split())) - linked


def headline_container(tree, title_el):
    """The headline's nearest ancestor that holds most of the page's text.

    Most of the page's ``<p>`` text; on legacy pages written without paragraphs (text
    and ``<br>`` in table cells), a good share of the page's text outside links.
    """
    if title_el is None:
        return None
    body = body_of(tree)
    if body is None:
        return None
    total = _paragraph_text(body)
    if total >= 300:
        if title_el.tag not in ("h1", "h2"):
            return None
        for ancestor in title_el.iterancestors():
            if ancestor.tag in ("body", "html"):
                return None
            text = _paragraph_text(ancestor)
            if text >= 200 and text >= 0.6 * total:
                return ancestor
        return None
    page = _plain_text(body)
    own = len(" ".join(title_el.text_content().split()))
    for ancestor in title_el.iterancestors():
        if ancestor.tag in ("body", "html"):
            return None
        text = _plain_text(ancestor) - own
        if text >= 120 and text >= 0.3 * page:
            return ancestor
    return None


_ADDRESS = r"(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}(?:/[^\s|]*)?"
_ADDRESS_LINE = re.compile(rf"^{_ADDRESS}(?:\s*[/|,;]\s*{_ADDRESS})+$", re.IGNORECASE)
_EU_FUNDING = re.compile(r"(Eiropas Savienīb|Interreg|ERAF|programm)", re.IGNORECASE)


def with_programme_links(body: str, container) -> str:
    """EU project news ends with the programme's web addresses ("www.latlit.eu /
    www.europa.eu"), part of the required publicity; as a line of links the extractor
    takes it for navigation, so it is put back after the text."""
    if not body or not _EU_FUNDING.search(body):
        return body
    for element in container.iter("p", "div"):
        if len(element) > 4:
            continue
        text = norm(element.text_content())
        if 10 <= len(text) <= 120 and _ADDRESS_LINE.match(text) and text not in body and not is_chrome(element):
            return f"{body}\n{text}"
    return body


def other_posts(tree, title_el, url: str) -> list[str]:
    """Absolute paths of the ``<article>`` elements that are other posts, shown on this
    post's page: related or recent posts after it, which a whole-page reading takes in.

    ``<article>`` marks a self-contained composition, but pages also use it for a
    recipe's sections or a post's header; so an ``<article>`` outside the headline's own
    (not inside it, nor around it) counts as another post only when it says so: it is
    numbered as another item of the same kind ("post-7816" beside the headline's
    "post-1806"), or it is mostly links to other pages (a teaser card)."""
    if title_el is None:
        return []
    own = next(title_el.iterancestors("article"), None)
    if own is None:
        return []
    around = set(own.iterancestors("article"))
    numbers = _item_numbers(own)
    found = []
    for element in tree.iter("article"):
        if element is own or element in around or any(a is own or a in found for a in element.iterancestors("article")):
            continue
        if _is_other_item(element, numbers) or _mostly_links_elsewhere(element, url):
            found.append(element)
    # last first: taking an element out renumbers its later siblings, never earlier ones
    return [_position_path(e) for e in reversed(found)]


def _position_path(element) -> str:
    """An absolute XPath by position alone (``/*[1]/*[2]``): it finds the same element in
    a copy of the tree whose tags were renamed (see :func:`without_layout_tables`)."""
    steps = []
    while element is not None:
        parent = element.getparent()
        if parent is None:
            steps.append("/*")
            break
        position = 1 + sum(1 for sibling in element.itersiblings(preceding=True) if isinstance(sibling.tag, str))
        steps.append(f"/*[{position}]")
        element = parent
    return "".join(reversed(steps))


_ITEM_NUMBER = re.compile(r"^([a-z][a-z_]*)-(\d+)$", re.IGNORECASE)


def _item_numbers(element) -> dict[str, str]:
    """An item's kind and number from its id ("post-42") or a class naming it with three
    digits or more ("post-1806"): a class with fewer is a layout's ("col-8", "mb-3")."""
    numbers = {}
    for token, shortest in ((element.get("id") or "", 1), *((c, 3) for c in (element.get("class") or "").split())):
        match = _ITEM_NUMBER.match(token)
        if match and len(match.group(2)) >= shortest:
            numbers.setdefault(match.group(1).lower(), match.group(2))
    return numbers


def _is_other_item(element, numbers: dict[str, str]) -> bool:
    theirs = _item_numbers(element)
    return any(kind in numbers and numbers[kind] != number for kind, number in theirs.items())


def _mostly_links_elsewhere(element, url: str) -> bool:
    text = len(" ".join(element.text_content().split()))
    if not text:
        return False
    here = url.split("#", 1)[0].rstrip("/")
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    linked = 0
    for link in element.iter("a"):
        href = (link.get("href") or "").strip()
        if not href or href.startswith(NOT_A_PAGE):
            continue
        try:
            target = urljoin(url, href).split("#", 1)[0].rstrip("/")
            parts = urlsplit(target)
        except ValueError:  # a broken address ("http://[::1") links nowhere
            continue
        if target != here and parts.hostname == host and not FILE_PATH.search(parts.path):
            linked += len(" ".join(link.text_content().split()))
    return linked >= 0.5 * text

