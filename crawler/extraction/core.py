"""``extract``: one fetched page in, one :class:`Article` out. No Scrapy, no network.

The page is parsed once; trafilatura extracts the body from a copy of that tree (with
the site profile's prune XPaths and, when it matches, its body container), and
everything else — headline, dates, page kind, attachments, images, language — is read
from the same tree.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from copy import deepcopy
from datetime import datetime
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.settings import Extractor
from trafilatura.utils import load_html

from .clean import clean_body
from .dates import RIGA
from .decode import decode_html
from .euproject import extract_projects
from .lang import detect_language
from .media import container_of, find_attachments, find_images
from .model import Article
from .page import body_of, chrome_cache, choose_title, fold, is_chrome, norm, read_page, title_from_text
from .pagedates import find_dates
from .pagekind import classify

EXTRACTOR_VERSION = "2026.1"
LOGGER = logging.getLogger(__name__)

_NOT_HTML = re.compile(rb"^\s*(%PDF|PK\x03\x04|\x89PNG|GIF8|\xff\xd8\xff|\{|\[)")
_HTML_MARK = re.compile(r"<\s*(html|body|head|div|p|table|article|h1|!doctype)\b", re.IGNORECASE)
_META_AUTHOR_BAD = re.compile(r"(admin|administrator|redakcija|redaktors|webmaster|user|lietotājs|\bnovads\b|"
                              r"pašvaldība|dome|\.lv\b|@)", re.IGNORECASE)


def config_hash(site=None) -> str:
    """A short hash of everything about ``site`` that changes what ``extract`` returns.

    Stored with each article so that a change of profile hints (or of the extractor)
    tells which archived pages to re-extract.
    """
    payload = {
        "version": EXTRACTOR_VERSION,
        "extract": dict(getattr(site, "extract", {}) or {}),
        "name": getattr(site, "name", None),
        "lang": getattr(site, "lang", None),
        "article": list(getattr(site, "article", ()) or ()),
        "listing": list(getattr(site, "listing", ()) or ()),
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=256)
def _xpath(expression: str):
    try:
        return etree.XPath(expression)
    except etree.XPathError:
        LOGGER.warning("extraction hint is not a valid XPath: %r", expression)
        return None


def _hint_list(value) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]


def _select(tree, expressions) -> list:
    found = []
    for expression in _hint_list(expressions):
        compiled = _xpath(expression)
        if compiled is None:
            continue
        try:
            found.extend(e for e in compiled(tree) if isinstance(e, etree._Element))
        except etree.XPathError:
            continue
    # outermost matches only, outside chrome
    outer = [e for e in found if not any(a in found for a in e.iterancestors())]
    return [e for e in outer if not is_chrome(e)]


@lru_cache(maxsize=2)
def _options(focused: bool) -> Extractor:
    """trafilatura's options. A focused document (the article's own container) needs none
    of the whole-page fallbacks (readability, justext) that ``fast`` skips; comments are
    not the article. Built once: constructing them reads trafilatura's settings file."""
    return Extractor(output_format="python", comments=False, tables=True, fast=focused)


def _run_trafilatura(tree, url: str, prune: list[str], focused: bool = False):
    """trafilatura's body (XML tree) and text for ``tree``; ``(None, "")`` when it finds none."""
    valid = [p for p in prune if _xpath(p) is not None]
    try:
        document = bare_extraction(tree, url=url, options=_options(focused), prune_xpath=valid or None)
    except Exception as exc:  # noqa: BLE001 - a page that breaks the extractor is counted, not fatal
        LOGGER.warning("trafilatura failed on %s: %s", url, exc)
        return None, ""
    if document is None:
        return None, ""
    return document.body, document.text or ""


def _body_only(containers) -> HtmlElement:
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


def _without_layout_tables(tree):
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


def _headline_container(tree, title_el):
    """The headline's nearest ancestor that holds most of the page's paragraph text.

    Handing trafilatura only this block keeps lists, tables and headings that its
    whole-page fallbacks drop on CMSs it does not know, and leaves menus and footers out.
    """
    if title_el is None or title_el.tag not in ("h1", "h2"):
        return None
    body = body_of(tree)
    if body is None:
        return None
    total = _paragraph_text(body)
    if total < 300:
        return None
    for ancestor in title_el.iterancestors():
        if ancestor.tag in ("body", "html"):
            return None
        text = _paragraph_text(ancestor)
        if text >= 200 and text >= 0.6 * total:
            return ancestor
    return None


def _link_texts(tree) -> set[str]:
    texts = set()
    for link in tree.iter("a"):
        text = link.text_content()
        if len(text) >= 12:
            folded = fold(text)
            if folded.count(" ") >= 2:
                texts.add(folded)
    return texts


def _base_url(tree, url: str) -> str:
    base = tree.find("head/base")
    if base is not None and base.get("href"):
        try:
            return urljoin(url, base.get("href").strip())
        except ValueError:
            return url
    return url


def _meta_author(info, names: list[str]) -> str | None:
    candidates = []
    ld = info.article_ld
    if ld:
        author = ld.get("author")
        for item in author if isinstance(author, list) else [author]:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                candidates.append(item["name"])
            elif isinstance(item, str):
                candidates.append(item)
    for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"):
        if info.meta.get(key):
            candidates.append(info.meta[key])
    folded_names = {fold(n) for n in names if n}
    for candidate in candidates:
        candidate = norm(candidate)
        if (candidate and not candidate.startswith("http") and not _META_AUTHOR_BAD.search(candidate)
                and fold(candidate) not in folded_names and len(candidate) < 100):
            return candidate
    return None


_BYLINE = etree.XPath(
    ".//*[@rel='author' or @itemprop='author' or contains(@class, 'author') or contains(@class, 'byline')]"
)
_BYLINE_LABEL = re.compile(r"^(autors|autore|teksts|by|от|автор)\s*:?\s*", re.IGNORECASE)


def _byline(root, names: list[str]) -> str | None:
    """The author a byline element names (``rel=author``, ``class="author"``), outside chrome."""
    folded_names = {fold(n) for n in names if n}
    for element in _BYLINE(root):
        if element.tag in ("meta", "link", "body", "html") or is_chrome(element):
            continue
        text = _BYLINE_LABEL.sub("", norm(element.text_content())).split(",", 1)[0].strip().rstrip(".")
        if (2 < len(text) <= 120 and not _META_AUTHOR_BAD.search(text) and fold(text) not in folded_names
                and not any(c.isdigit() for c in text)):
            return text
    return None


_ADDRESS = r"(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}(?:/[^\s|]*)?"
_ADDRESS_LINE = re.compile(rf"^{_ADDRESS}(?:\s*[/|,;]\s*{_ADDRESS})+$", re.IGNORECASE)
_EU_FUNDING = re.compile(r"(Eiropas Savienīb|Interreg|ERAF|programm)", re.IGNORECASE)


def _with_programme_links(body: str, container) -> str:
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


def _aware(moment: datetime | None) -> datetime:
    if moment is None:
        return datetime.now(RIGA)
    return moment if moment.tzinfo else moment.replace(tzinfo=RIGA)


def extract(html: str | bytes, url: str, site=None, *, fetched_at: datetime | None = None,
            hints: dict | None = None) -> Article:
    """Extract one article from a fetched page (see :func:`_extract`); never raises.

    A page that breaks the extractor comes back as ``is_article=False`` with reason
    ``"error"`` and is logged, so the caller can count it.
    """
    try:
        with chrome_cache():
            return _extract(html, url, site, fetched_at=fetched_at, hints=hints)
    except Exception:  # noqa: BLE001 - one bad page must not stop a crawl
        LOGGER.exception("extraction failed on %s", url)
        return Article(url=url, is_article=False, reason="error")


def _extract(html: str | bytes, url: str, site=None, *, fetched_at: datetime | None = None,
             hints: dict | None = None) -> Article:
    """Extract one article from a fetched page.

    ``site`` (a :class:`crawler.registry.Site`, or None for an ad-hoc URL) brings its
    profile's hints: ``extract.prune`` and ``extract.body`` XPaths, ``extract.title``,
    the site name to strip from titles, its URL patterns and language. ``hints`` may
    carry what a feed or sitemap said (``published``, ``title``, ``content_type``), used
    only when the page itself says nothing. ``fetched_at`` bounds every date: nothing
    after it is accepted.
    """
    hints = hints or {}
    fetched = _aware(fetched_at)
    article = Article(url=url)
    if isinstance(html, (bytes, bytearray)):
        if _NOT_HTML.match(bytes(html[:16])):
            article.is_article, article.reason = False, "not-html"
            return article
        html = decode_html(bytes(html), hints.get("content_type"))
    else:
        # text is taken as NFC (checked on the extracted text below, which is much shorter)
        html = html or ""
    if not html.strip():
        article.is_article, article.reason = False, "empty"
        return article
    if not _HTML_MARK.search(html[:200_000]):
        article.is_article, article.reason = False, "not-html"
        return article
    try:
        tree = load_html(html)
    except Exception:  # noqa: BLE001
        tree = None
    if tree is None:
        article.is_article, article.reason = False, "not-html"
        return article

    extract_hints = dict(getattr(site, "extract", {}) or {})
    names = [getattr(site, "name", "")] if site is not None else []
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    info = read_page(tree)
    body_el = body_of(tree)
    title, title_el = choose_title(tree, info, names, host, hints.get("title"), extract_hints.get("title"))
    article.title = title

    # the body: the profile's container when it holds the text, else the whole page
    prune = _hint_list(extract_hints.get("prune"))
    containers = _select(tree, extract_hints.get("body")) if extract_hints.get("body") else []
    xml_body, text = None, ""
    if containers and sum(len(c.text_content()) for c in containers) >= 80:
        xml_body, text = _run_trafilatura(_body_only(containers), url, prune, focused=True)
    latvian_hint = site is not None or host.endswith(".lv") or (info.html_lang or "").startswith(("lv", "ltg"))
    if len(text) < 80 and latvian_hint:
        container = _headline_container(tree, title_el)
        if container is not None:
            containers = [container]
            xml_body, text = _run_trafilatura(_body_only(containers), url, prune, focused=True)
    if len(text) < 80:
        containers = []
        flat = _without_layout_tables(tree) if latvian_hint else None
        xml_body, text = _run_trafilatura(flat if flat is not None else tree, url, prune)

    if text and not unicodedata.is_normalized("NFC", text) and not unicodedata.is_normalized("NFC", html):
        # decomposed text (ā as a + ◌̄) would slip past every Latvian pattern: start again from NFC
        return _extract(unicodedata.normalize("NFC", html), url, site, fetched_at=fetched_at, hints=hints)
    if title is None and text:
        title, title_el = title_from_text(tree, text)
        article.title = title
    site_lang = getattr(site, "lang", None)
    lang = detect_language(text or (title or ""), url, info.html_lang, site_lang)
    latvian = site is not None or lang in ("lv", "ltg") or host.endswith(".lv")
    link_texts = _link_texts(tree) if latvian else set()
    cleaned = clean_body(text, title, latvian=latvian, link_texts=link_texts)
    body = cleaned.body
    article.body = body
    article.lang = lang

    container = container_of(title_el, len(body), containers[0] if containers else None)
    if latvian and container is not None:
        body = article.body = _with_programme_links(body, container)
    published, updated, dates_seen = find_dates(tree, body_el, info, title_el, url, fetched, hints,
                                                latvian=latvian, container=container)
    article.published, article.updated = published, updated

    base = _base_url(tree, url)
    attachments = find_attachments(container, containers, base) if (container is not None or containers) else []
    reason, _signals = classify(body_el, url, info, title, body, site, attachments=len(attachments), dates=dates_seen,
                                dated=published is not None or not latvian)
    if reason:
        article.is_article, article.reason = False, reason
        article.body = ""
        return article
    article.attachments = attachments
    article.images = find_images(container, base) if container is not None and container.tag not in ("body", "html") else []
    authors = list(dict.fromkeys(cleaned.authors))
    if not authors:
        meta_author = _meta_author(info, names) if not latvian else None
        if not meta_author and container is not None:
            meta_author = _byline(container, names)
        meta_author = meta_author or _meta_author(info, names)
        if meta_author:
            authors = [meta_author]
    article.author = "; ".join(authors) or None
    article.credit = "; ".join(dict.fromkeys(cleaned.credits)) or None
    if latvian:
        article.eu_projects = extract_projects(body)
    return article
