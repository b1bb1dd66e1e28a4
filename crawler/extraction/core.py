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
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from trafilatura import bare_extraction
from trafilatura.settings import Extractor
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from .authors import byline, meta_author
from .chunks import merged, split_body
from .clean import clean_body
from .dates import RIGA
from .decode import decode_html
from .euproject import extract_projects
from .fallbacks import needed_only
from .focus import body_only, headline_container, hint_list, other_posts, select, with_programme_links, without_layout_tables, xpath
from .lang import detect_language
from .lead import lead_before
from .media import FILE_PATH, NOT_A_PAGE, container_of, find_attachments, find_images
from .model import Article
from .order import in_page_order
from .page import body_of, chrome_cache, choose_title, fold, is_weak_title, read_page, title_before_body, title_from_text
from .pagedates import find_dates
from .photopost import photo_post
from crawler.discovery import pagekind  # a module, not its names: pagekind reads extraction's page helpers
from .safetext import visible, xml_safe
from .structure import body_html, links_in

EXTRACTOR_VERSION = "2026.4"  # other posts and related teasers left out, layout tables as blocks everywhere, photo posts kept
LOGGER = logging.getLogger(__name__)

_NOT_HTML = re.compile(rb"^\s*(%PDF|PK\x03\x04|\x89PNG|GIF8|\xff\xd8\xff|\{|\[)")
_HTML_MARK = re.compile(r"<\s*(html|body|head|div|p|table|article|h1|!doctype)\b", re.IGNORECASE)


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


@lru_cache(maxsize=2)
def _options(focused: bool) -> Extractor:
    """trafilatura's options. A focused document (the article's own container) needs none
    of the whole-page fallbacks (readability, justext) that ``fast`` skips; comments are
    not the article; links are kept for the structured body (the plain text shows only their
words). Built once: constructing them reads trafilatura's settings file."""
    return Extractor(output_format="python", comments=False, tables=True, links=False, fast=focused)


# schema.org microdata in a hidden block: a copy of the article's facts (headline,
# dates, publisher, logo address) for machines, never shown to readers
_HIDDEN_MICRODATA = ("//*[@itemscope][contains(translate(@style, ' ', ''), 'display:none')]")


def _run_trafilatura(tree, url: str, prune: list[str], focused: bool = False, html: str = "") -> tuple[str, object, bool]:
    """trafilatura's text for ``tree`` (``""`` when it finds none), the element tree it was
    written from and whether that tree's ``&`` are escaped, with the profile's prune XPaths."""
    valid = [p for p in prune if xpath(p) is not None]
    if not html or "itemscope" in html or "ITEMSCOPE" in html:
        valid.append(_HIDDEN_MICRODATA)  # a walk of the whole tree: only where microdata can be
    # trafilatura copies the tree before it drops scripts and styles: their text (often
    # most of a modern page) is set aside meanwhile, and put back for the date search
    saved = [(e, e.text) for e in tree.iter("script", "style") if e.text and not _is_json_ld(e)]
    for element, _ in saved:
        element.text = None
    # trafilatura unescapes its text output once more: "&lt;b&gt;" shown on the page
    # would come out as "<b>". Every "&" of the page's text is escaped meanwhile.
    amps = _escape_amps(tree, html)
    try:
        with needed_only():
            document = bare_extraction(tree, url=url, options=_options(focused), prune_xpath=valid or None)
    except Exception as exc:  # noqa: BLE001 - a page that breaks the extractor is counted, not fatal
        LOGGER.warning("trafilatura failed on %s: %s", url, exc)
        return "", None, False
    finally:
        for element, text in saved:
            element.text = text
        for element, attr, text in amps:
            setattr(element, attr, text)
    if document is None:
        return "", None, False
    text = document.text or ""
    if in_page_order(document.body, tree):
        text = xmltotxt(document.body, False)
    return text, document.body, bool(amps)


# Only a text that, once decoded, reads like a character reference ("&lt;", "&#11;") is
# changed by a second unescaping: its page source holds "&amp;" before a name or number.
_AMP_ENTITY = re.compile(r"&amp;(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)
_ENTITY_TEXT = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)


def _escape_amps(tree, html: str) -> list:
    # a plain substring test first: the pattern's case-insensitive scan of a whole page
    # costs more than parsing a small one
    if "&amp;" not in html and "&AMP;" not in html or not _AMP_ENTITY.search(html):
        return []
    changed = []
    for element in tree.iter():
        if element.tag in ("script", "style"):
            continue
        for attr in ("text", "tail"):
            text = getattr(element, attr)
            if text and "&" in text and _ENTITY_TEXT.search(text):
                changed.append((element, attr, text))
                setattr(element, attr, text.replace("&", "&amp;"))
    return changed


def _is_json_ld(element) -> bool:
    # kept: trafilatura falls back on a JSON-LD articleBody
    return element.tag == "script" and (element.get("type") or "").lower() == "application/ld+json"


class _LinkTexts:
    """The folded texts of the page's links (three words at least), read from the page the
    first time the cleaning asks: most foreign pages never do. ``headlines`` holds those of
    links to other pages: not files, e-mail or telephone links, nor texts that are
    addresses."""

    def __init__(self, tree):
        self._tree, self._texts, self._headlines = tree, None, None

    def _read(self) -> None:
        self._texts, self._headlines = set(), set()
        for link in self._tree.iter("a"):
            raw = link.text_content()
            if len(raw) < 12:
                continue
            text = fold(raw)
            if text.count(" ") < 2:
                continue
            self._texts.add(text)
            href = (link.get("href") or "").strip().lower()
            if href and not href.startswith(_NOT_A_PAGE) and not FILE_PATH.search(href.split("?", 1)[0]) \
                    and not _ADDRESS.search(raw):
                self._headlines.add(text)

    def __contains__(self, folded: str) -> bool:
        if self._texts is None:
            self._read()
        return folded in self._texts

    @property
    def headlines(self) -> set[str]:
        if self._headlines is None:
            self._read()
        return self._headlines


_NOT_A_PAGE = (*NOT_A_PAGE, "data:")
_ADDRESS = re.compile(r"://|www\.|@|\.(lv|com|org|net|eu|gov)\b", re.IGNORECASE)


def _base_url(tree, url: str) -> str:
    base = tree.find("head/base")
    if base is not None and base.get("href"):
        try:
            return urljoin(url, base.get("href").strip())
        except ValueError:
            return url
    return url


def _body_text(tree, url: str, extract_hints: dict, title_el, latvian_hint: bool, html: str) -> tuple[tuple, list]:
    """trafilatura's reading of the article (see :func:`_run_trafilatura`), and the
    containers it was read from.

    In order: the profile's body container; on Latvian sites, the headline's container;
    else the whole page (legacy table layouts turned into blocks first). The first that
    yields some text wins.
    """
    prune = hint_list(extract_hints.get("prune"))
    containers = select(tree, extract_hints.get("body")) if extract_hints.get("body") else []
    found = ("", None, False)
    if containers and sum(len(c.text_content()) for c in containers) >= 80:
        found = _run_trafilatura(body_only(containers), url, prune, focused=True, html=html)
    if len(found[0]) < 80 and latvian_hint:
        container = headline_container(tree, title_el)
        if container is not None:
            containers = [container]
            document = body_only(containers)
            flat = without_layout_tables(document)
            found = _run_trafilatura(flat if flat is not None else document, url, prune, focused=True, html=html)
    if len(found[0]) < 80:
        containers = []
        flat = without_layout_tables(tree)
        found = _run_trafilatura(flat if flat is not None else tree, url, prune + other_posts(tree, title_el, url), html=html)
        chunks = split_body(tree, found[0]) if found[0] else None
        if chunks:
            # the article cut into several containers of one kind: all of them, read together
            whole = _run_trafilatura(merged(chunks), url, prune, focused=True, html=html)
            if len(whole[0]) > len(found[0]):
                found, containers = whole, chunks
    return found, containers


def _headings(postbody) -> frozenset[str]:
    """The subheadings of trafilatura's reading of the body, folded."""
    if postbody is None:
        return frozenset()
    return frozenset(fold(" ".join("".join(h.itertext()).split())) for h in postbody.iter("head"))


def _weak_title(tree, info, names, host, sitewide):
    from .page import strip_site_name

    element = tree.find("head/title")
    if element is None:
        return None, None
    title = strip_site_name(element.text_content(), names + [info.meta.get("og:site_name") or ""], host)
    if title and is_weak_title(title) and fold(title) not in sitewide:
        return title, None
    return None, None


def _headline_in_text(tree, text: str):
    """The headline found from the extracted text: its first line set prominently, else the
    prominent text right before where it starts (``(None, None)`` when neither is there)."""
    found = title_from_text(tree, text)
    return found if found[0] is not None else title_before_body(tree, text)


def _logo_heading(tree, title: str, title_el) -> bool:
    """Whether the chosen ``<h1>`` only repeats a ``<title>`` that reads like a site's name
    ("Ozolkalna novads" in both): an old template's logo, not a headline."""
    if title_el is None or title_el.tag != "h1" or not is_weak_title(title):
        return False
    element = tree.find("head/title")
    return element is not None and fold(element.text_content()) == fold(title)


def _aware(moment: datetime | None) -> datetime:
    if moment is None:
        return datetime.now(RIGA)
    return moment if moment.tzinfo else moment.replace(tzinfo=RIGA)


def extract(html: str | bytes, url: str, site=None, *, fetched_at: datetime | None = None,
            hints: dict | None = None, sitewide_titles: frozenset = frozenset()) -> Article:
    """Extract one article from a fetched page (see :func:`_extract`); never raises.

    A page that breaks the extractor comes back as ``is_article=False`` with reason
    ``"error"`` and is logged, so the caller can count it.
    """
    try:
        with chrome_cache():
            return _extract(html, url, site, fetched_at=fetched_at, hints=hints, sitewide_titles=sitewide_titles)
    except Exception:  # noqa: BLE001 - one bad page must not stop a crawl
        LOGGER.exception("extraction failed on %s", url)
        return Article(url=url, is_article=False, reason="error")


def _extract(html: str | bytes, url: str, site=None, *, fetched_at: datetime | None = None,
             hints: dict | None = None, sitewide_titles: frozenset = frozenset()) -> Article:
    """Extract one article from a fetched page.

    ``site`` (a :class:`crawler.registry.Site`, or None for an ad-hoc URL) brings its
    profile's hints: ``extract.prune`` and ``extract.body`` XPaths, ``extract.title``,
    the site name to strip from titles, its URL patterns and language. ``hints`` may
    carry what a feed or sitemap said (``published``, ``title``, ``content_type``), used
    only when the page itself says nothing. ``fetched_at`` bounds every date: nothing
    after it is accepted. ``sitewide_titles`` are the folded ``<title>`` texts the site's
    pages share (see :mod:`.sitetitles`): never taken for a headline.
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
    # one control character must not empty a paragraph (lxml and trafilatura drop them whole)
    html = xml_safe(html)
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
    title, title_el = choose_title(tree, info, names, host, hints.get("title"), extract_hints.get("title"),
                                   sitewide_titles)
    title = article.title = visible(title) or None

    latvian_hint = site is not None or host.endswith(".lv") or (info.html_lang or "").startswith(("lv", "ltg"))
    (text, postbody, escaped), containers = _body_text(tree, url, extract_hints, title_el, latvian_hint, html)
    text = visible(text)

    if text and not unicodedata.is_normalized("NFC", text) and not unicodedata.is_normalized("NFC", html):
        # decomposed text (ā as a + ◌̄) would slip past every Latvian pattern: start again from NFC
        return _extract(unicodedata.normalize("NFC", html), url, site, fetched_at=fetched_at, hints=hints,
                        sitewide_titles=sitewide_titles)
    if title is not None and text and _logo_heading(tree, title, title_el):
        # the site's name set as the page's <h1>: the headline is the prominent first line
        better, better_el = _headline_in_text(tree, text)
        if better and fold(better) != fold(title):
            # the site's name above the headline is no more the article's than the headline
            logo = fold(title)
            text = "\n".join(line for i, line in enumerate(text.split("\n")) if i >= 4 or fold(line) != logo)
            title, title_el = better, better_el
            title = article.title = visible(title) or None
    if title is None and text:
        title, title_el = _headline_in_text(tree, text)
        if title is None:
            # the <title> that only looked like a site's name, when nothing better is there
            title, title_el = _weak_title(tree, info, names, host, sitewide_titles)
        title = article.title = visible(title) or None
    site_lang = getattr(site, "lang", None)
    lang = detect_language(text or (title or ""), url, info.html_lang, site_lang)
    latvian = site is not None or lang in ("lv", "ltg") or host.endswith(".lv")
    link_texts = _LinkTexts(tree)
    cleaned = clean_body(text, title, latvian=latvian, link_texts=link_texts, headings=_headings(postbody))
    body = cleaned.body
    # a lead in its own element beside the body container is part of the article
    lead = lead_before(tree, title_el, body)
    if lead:
        body = "\n".join([*lead, body])
    article.body = body
    article.lang = lang

    container = container_of(title_el, len(body), containers[0] if containers else None)
    if latvian and container is not None:
        body = article.body = with_programme_links(body, container)
    published, updated, dates_seen = find_dates(tree, body_el, info, title_el, url, fetched, hints, latvian=latvian,
                                                container=container, date_xpath=extract_hints.get("date"))
    article.published, article.updated = published, updated

    base = _base_url(tree, url)
    attachments = find_attachments(container, containers, base) if (container is not None or containers) else []
    # a dated post with no text but pictures of its own ("Fotomirkļi no Līgo svētkiem"):
    # what a reading finds there is its labels and captions run together (see .photopost)
    pictures = []
    if published and (len(body) < 50 or latvian):
        days = frozenset(date.fromisoformat(value[:10]) for value in (published, updated) if value)
        pictures = photo_post(tree, title_el, body, base, days)
    if pictures:
        body = article.body = ""
    reason, signals = pagekind.classify(body_el, url, info, title, body, site, attachments=len(attachments),
                                        dates=dates_seen, dated=published is not None or not latvian,
                                        fetched=fetched, published=published, pictures=len(pictures))
    article.kind_reasons = signals.reasons or []  # not a field: evidence for the caller, never stored
    if reason:
        article.is_article, article.reason = False, reason
        article.body = ""
        return article
    article.attachments = attachments
    if pictures:
        article.images = pictures  # found above, without the teasers' thumbnails
    elif container is not None and container.tag not in ("body", "html"):
        article.images = find_images(container, base)
    link_source = container if container is not None else (containers[0] if containers else None)
    article.body_html = body_html(postbody, article.body, base, article.images, unescape_amp=escaped, lead=lead,
                                  links=links_in(link_source, base, article.body))
    authors = list(dict.fromkeys(cleaned.authors))
    credits = list(dict.fromkeys(cleaned.credits))
    if not authors:
        # a meta tag first on pages from elsewhere; bylines are likelier right on Latvian sites
        found = meta_author(info, names) if not latvian else None
        if not found and container is not None:
            signed = byline(container, names, labelled=latvian)
            if signed:
                found = signed[0]
                if signed[1] not in credits:
                    credits.insert(0, signed[1])
        found = found or meta_author(info, names)
        if found:
            authors = [found]
    article.author = visible("; ".join(authors)) or None
    article.credit = visible("; ".join(credits)) or None
    if latvian:
        article.eu_projects = extract_projects(body)
    return article
