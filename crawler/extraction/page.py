"""What a parsed page says about itself: meta tags, JSON-LD, headings, site chrome.

Everything here reads the lxml tree that :func:`crawler.extraction.extract` parsed once;
nothing re-parses the document.
"""
from __future__ import annotations

import contextvars
import functools
import json
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree

SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head", "title", "meta", "link"}
CHROME_TAGS = {"nav", "footer", "aside"}
# Class and id tokens that mark site chrome on most CMSs: whole tokens or their prefixes.
_CHROME_TOKEN = re.compile(
    r"^(?:site-?header|header-(?:top|bottom|main|wrap|inner|menu|nav)|top-?bar|top-?menu|"
    r"footer|site-?footer|page-?footer|nav|navbar|navigation|main-?nav|menu|main-?menu|sub-?menu|"
    r"side-?bar|sidebar-.*|side-?(?:box|col|column|block|nav|menu|news)|aside|widgets?|widget-.*|breadcrumbs?|crumbs|related.*|"
    r"cookies?|cookie-.*|.*-cookies?|gdpr|consent|share.*|social.*|.*-share|comments?|comment-.*|"
    r"calendar|kalendars|pagination|pager|banners?|skip-link|date-today|today|namedays?|vardadienas|"
    r"region-(?:header|footer|sidebar.*)|block-(?:menu|system-menu).*|"
    r"other-news|more-news|latest-news|citi-jaunumi|jaunakie)$",
    re.IGNORECASE,
)
# The part of chrome that is never a page's main content, even on a listing page.
_LAYOUT_TOKEN = re.compile(
    r"^(?:site-?header|footer|site-?footer|page-?footer|nav|navbar|navigation|main-?nav|menu|main-?menu|"
    r"sub-?menu|side-?bar|sidebar-.*|widgets?|widget-.*|breadcrumbs?|cookies?|cookie-.*)$",
    re.IGNORECASE,
)
ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "reportagenewsarticle", "report",
                 "analysisnewsarticle", "pressrelease", "governmentnewsarticle", "webpage"}


def norm(text: str | None) -> str:
    """NFC, no-break spaces and runs of whitespace folded to one space, stripped."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.replace("\u00a0", " ").replace("\u200b", "").split())


_COMBINING = re.compile(r"[\u0300-\u036f]+")
_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """Lowercase, no diacritics, letters and digits only: for loose comparisons."""
    if not text:
        return ""
    # Short texts (link texts, menu items, footers) repeat on every page of a site.
    return _fold_short(text) if len(text) <= 200 else _fold(text)


def _fold(text: str) -> str:
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.lower()))
    return _NON_WORD.sub(" ", text).strip()


_fold_short = functools.lru_cache(maxsize=32768)(_fold)


# Chrome checks walk up the tree; within one extraction the answers are cached per element.
_CHROME_CACHE: contextvars.ContextVar[dict | None] = contextvars.ContextVar("chrome_cache", default=None)


@contextmanager
def chrome_cache():
    """Cache :func:`is_chrome` answers while one page is being extracted."""
    token = _CHROME_CACHE.set({})
    try:
        yield
    finally:
        _CHROME_CACHE.reset(token)


def _own_chrome(node, tokens) -> bool:
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in CHROME_TAGS:
        return True
    if tag == "header" and not _inside(node, ("article", "main")):
        return True
    for attr in ("class", "id"):
        value = node.get(attr)
        if value:
            for token in value.split():
                if tokens.match(token):
                    return True
    role = node.get("role")
    return role in ("navigation", "banner", "contentinfo", "complementary")


def is_chrome(element, strict: bool = True) -> bool:
    """Whether the element sits in site chrome: navigation, header, footer, sidebar, widgets.

    ``strict=False`` counts only the page layout (menus, header, footer, sidebars) and not
    blocks such as related-article lists, which are a listing page's main content.
    """
    tokens = _CHROME_TOKEN if strict else _LAYOUT_TOKEN
    cache = _CHROME_CACHE.get()
    if cache is None:
        node = element
        while node is not None:
            if _own_chrome(node, tokens):
                return True
            node = node.getparent()
        return False
    key = (strict,)
    path = []
    node = element
    result = False
    while node is not None:
        known = cache.get((node, key))
        if known is not None:
            result = known
            break
        path.append(node)
        if _own_chrome(node, tokens):
            result = True
            break
        node = node.getparent()
    for visited in path:
        cache[(visited, key)] = result
    return result


def _inside(element, tags) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag in tags:
            return True
    return False


@dataclass
class PageInfo:
    meta: dict = field(default_factory=dict)
    jsonld: list = field(default_factory=list)
    html_lang: str | None = None
    og_type: str | None = None

    @property
    def article_ld(self) -> dict | None:
        for item in self.jsonld:
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in ARTICLE_TYPES - {"webpage"} for t in types):
                return item
        return None


def _flatten_ld(data, out: list) -> None:
    if isinstance(data, list):
        for item in data:
            _flatten_ld(item, out)
    elif isinstance(data, dict):
        if "@graph" in data:
            _flatten_ld(data["@graph"], out)
        if "@type" in data:
            out.append(data)
        main = data.get("mainEntity")
        if isinstance(main, (dict, list)):
            _flatten_ld(main, out)


def read_page(tree) -> PageInfo:
    info = PageInfo()
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    info.html_lang = (root.get("lang") or root.get("xml:lang") or "").strip().lower() or None
    scripts = []
    for element in tree.iter("meta", "script"):
        if element.tag == "script":
            if element.text and (element.get("type") or "").lower() == "application/ld+json":
                scripts.append(element.text)
            continue
        key = (element.get("property") or element.get("name") or element.get("itemprop") or element.get("http-equiv") or "")
        content = element.get("content")
        key = key.strip().lower()
        if key and content and key not in info.meta:
            info.meta[key] = content.strip()
    if not info.html_lang:
        lang = info.meta.get("content-language") or info.meta.get("og:locale") or info.meta.get("language")
        info.html_lang = lang.lower() if lang else None
    info.og_type = (info.meta.get("og:type") or "").lower() or None
    for text in scripts:
        try:
            _flatten_ld(json.loads(text), info.jsonld)
        except (ValueError, RecursionError):
            continue
    return info


def body_of(tree):
    """The ``<body>`` element (a direct child of the root on any parsed page)."""
    body = tree.find("body")
    return body if body is not None else tree.find(".//body")


def text_of(element) -> str:
    return norm(element.text_content()) if element is not None else ""


# --- title -----------------------------------------------------------------------------

_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|«|»|‹|›|·|•|/)\s+")
# Section names set as a page's <h1> or <title> above every article of the section.
_GENERIC_HEADINGS = re.compile(
    r"^(?:(?:pašvaldības|novada|pilsētas|pagasta|reģiona|skolas|iestādes|mūsu)\s+)?"
    r"(jaunumi|aktualitātes|aktuāli|aktuālā informācija|aktuāla informācija|ziņas|paziņojumi|sludinājumi|"
    r"jaunumi un paziņojumi|ziņas un paziņojumi|aktualitātes un jaunumi|preses relīzes|preses paziņojumi|"
    r"publikācijas|news|новости|raksti|projekti|pasākumi|notikumi|kalendārs|pasākumu kalendārs|afiša|"
    r"sākums|arhīvs|jaunumu arhīvs|meklēšana|search|events|latest news|press releases|"
    r"lapa nav atrasta|page not found)$",
    re.IGNORECASE,
)
_SITE_WORDS = re.compile(
    r"\b(novads|novada|pašvaldība|pašvaldības|pilsēta|pilsētas|dome|domes|reģions|reģiona|"
    r"plānošanas|valstspilsētas?|pagasts|pagasta|portāls|oficiālā|tīmekļvietne|mājaslapa)\b",
    re.IGNORECASE,
)


def _is_site_name(segment: str, names: list[str], host: str, weak: bool = False) -> bool:
    """Whether a title segment is the site's name (``weak``: or merely looks like one)."""
    f = fold(segment)
    if not f:
        return True
    for name in names:
        n = fold(name)
        if not n:
            continue
        if f == n or (f.startswith(n) and len(f.split()) <= len(n.split()) + 2) or (n.startswith(f) and len(f) > 4):
            return True
    host_core = fold(host.removeprefix("www.").split(".")[0]) if host else ""
    if host_core and f.replace(" ", "") in (host_core, fold(host).replace(" ", "")):
        return True
    if _DOMAIN.match(segment.strip()):  # "jelgava.lv"
        return True
    if not weak:
        return False
    words = segment.split()
    return len(words) <= 5 and bool(_SITE_WORDS.search(segment)) and not segment.rstrip().endswith(("?", "!"))


def strip_site_name(title: str, names: list[str], host: str = "") -> str:
    """``"Headline | Site name"`` → ``"Headline"`` (also ``Site – Headline``)."""
    title = norm(title)
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    count = len(parts)
    # drop site-name segments from either end, never the last remaining one
    while len(parts) > 1 and _is_site_name(parts[-1], names, host):
        parts.pop()
    while len(parts) > 1 and _is_site_name(parts[0], names, host):
        parts.pop(0)
    if len(parts) == count and _is_site_name(parts[-1], names, host, weak=True) and len(parts[-1]) < len(" ".join(parts[:-1])):
        parts.pop()
    if len(parts) == count:
        return title
    # join back with the separators the title used
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if start >= 0 and end > start else " ".join(parts)


def headline_candidates(tree) -> tuple[list, list]:
    """``<h1>`` elements outside chrome, in document order, that are not a logo (an
    ``<h1>`` whose text is a link to the site's front page, as old templates print the
    site's name); and the logos, wherever they are."""
    headings, logos = [], []
    for heading in tree.iter("h1"):
        if not text_of(heading):
            continue
        if links_home(heading):
            logos.append(heading)
        elif not is_chrome(heading):
            headings.append(heading)
    return headings, logos


# the front page: "/", "./", "index.php", "/lv/", "https://host/" — a path of at most a
# language code or an index file, with no query
_HOME_PATH = re.compile(r"^/?(?:[a-z]{2}/?)?(?:index\.(?:php|html?|aspx?|jsp))?$", re.IGNORECASE)


def links_home(element) -> bool:
    """Whether all of ``element``'s text is one link to the front page of its site."""
    links = [a for a in element.iter("a") if (a.text_content() or "").strip()]
    if len(links) != 1 or fold(links[0].text_content()) != fold(element.text_content()):
        return False
    href = (links[0].get("href") or "").strip()
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    if parts.scheme not in ("", "http", "https") or parts.query or parts.fragment:
        return False
    return bool(href) and not href.startswith("#") and _HOME_PATH.match(parts.path) is not None


def choose_title(tree, info: PageInfo, site_names: list[str], host: str, hint: str | None,
                 title_xpath: str | None = None, sitewide: frozenset = frozenset()):
    """The headline and the element that holds it (None when it came from meta tags).

    ``sitewide`` holds the folded titles the site's pages share (its name, see
    :mod:`.sitetitles`): never a headline. A ``<title>`` that is a single phrase looking
    like a site's name is kept only as the last resort (see :func:`is_weak_title`).
    """
    names = [n for n in site_names if n]
    og_site = info.meta.get("og:site_name")
    if og_site:
        names.append(og_site)
    candidates, logos = headline_candidates(tree)
    # a logo's text is the site's name, as the <title> may repeat it
    names.extend(text_of(h) for h in logos)
    meta_titles = []
    for key in ("og:title", "twitter:title"):
        if info.meta.get(key):
            meta_titles.append(strip_site_name(info.meta[key], names, host))
    ld = info.article_ld
    if ld and isinstance(ld.get("headline"), str):
        meta_titles.append(norm(ld["headline"]))
    title_el = tree.find("head/title")
    if title_el is None:
        title_el = tree.find(".//title")
    doc_title = strip_site_name(title_el.text_content(), names, host) if title_el is not None else ""
    if doc_title:
        meta_titles.append(doc_title)
    meta_titles = [t for t in meta_titles if t and not _is_site_name(t, names, host) and fold(t) not in sitewide
                   and not _GENERIC_HEADINGS.match(t)]

    element = None
    if title_xpath:
        try:
            found = tree.xpath(title_xpath)
        except etree.XPathError:
            found = []
        for candidate in found:
            if isinstance(candidate, etree._Element) and text_of(candidate):
                element = candidate
                break
    headings = candidates if element is None else [element]
    headings = [h for h in headings if not _GENERIC_HEADINGS.match(text_of(h))
                and not _is_site_name(text_of(h), names, host) and fold(text_of(h)) not in sitewide] or (
        [] if element is None else [element])
    folded_meta = [fold(t) for t in meta_titles]
    if headings:
        # several h1: the one the meta titles agree with, else the first
        best = headings[0]
        for heading in headings:
            f = fold(text_of(heading))
            if any(f and (f == m or f in m or m in f) for m in folded_meta if m):
                best = heading
                break
        text = text_of(best)
        # an h1 that carries a category label before the headline: trust the meta title
        for meta_title, f in zip(meta_titles, folded_meta):
            ft = fold(text)
            if f and f != ft and ft.endswith(f) and len(f) > 10:
                text = meta_title
                break
        return strip_site_name(text, names, host), best
    # no usable h1: a heading in the content that matches a meta title
    for heading in tree.iter("h2", "h3"):
        f = fold(text_of(heading))
        if f and any(f == m for m in folded_meta) and not is_chrome(heading):
            return text_of(heading), heading
    if meta_titles:
        if meta_titles == [doc_title] and is_weak_title(doc_title):
            # only the <title>, and it reads like a site's name: the caller looks for the
            # prominent text before the body first
            return (norm(hint), None) if hint else (None, None)
        return meta_titles[0], _find_title_element(tree, meta_titles[0])
    if hint:
        return norm(hint), None
    return None, None


def _find_title_element(tree, title: str):
    """The element whose whole text is the title (legacy pages put it in a <b> or <td>)."""
    target = fold(title)
    if not target:
        return None
    body = body_of(tree)
    if body is None:
        return None
    low, high = len(title) * 0.8 - 2, len(title) * 1.25 + 2
    for element in body.iter():
        text = element.text
        if not text or not low <= len(text.strip()) <= high:
            continue
        if fold(text) != target or not isinstance(element.tag, str):
            continue
        # the text sits in this element; climb through wrappers that hold nothing else
        while element.getparent() is not None and len(element.getparent()) == 1 and not (
                element.getparent().text or "").strip() and element.getparent().tag not in ("body", "td", "div"):
            element = element.getparent()
        if not is_chrome(element):
            return element
    return None


def is_weak_title(title: str | None) -> bool:
    """A title that may only name the site: a few words with a word such publishers put
    in their names ("Ozolkalna novada pašvaldība", "Priedaines pagasts")."""
    return bool(title) and _is_site_name(title, [], "", weak=True) and len(title.split()) <= 5


_HEADING_LIKE = re.compile(r"(title|virsraksts|heading|headline|caption|nosaukums|contentheading)", re.IGNORECASE)


def title_from_text(tree, text: str):
    """For pages with no usable ``<h1>`` or ``<title>``: the extracted text's first line when
    the page sets it as a heading (``<h2>``, bold, large font, a "title" class)."""
    for line in text.split("\n")[:3]:
        line = norm(line.replace(" | ", " ").strip("| "))
        if not (5 <= len(line) <= 200) or line.endswith((".", ":")) or len(line.split()) < 2:
            continue
        element = _find_title_element(tree, line)
        if element is None:
            continue
        node = element
        for _ in range(3):
            if node is None:
                break
            if _prominent(node):
                return line, element
            node = node.getparent() if len(node) <= 1 else None
        for child in element.iter("b", "strong", "h2", "h3", "h4", "font"):
            if fold(child.text_content()) == fold(line) and _prominent(child):
                return line, element
    return None, None


_LARGE_STYLE = re.compile(r"font-size\s*:\s*(?:(?:1[6-9]|[2-9]\d)px|(?:1\.[2-9]|[2-9](?:\.\d)?)em|(?:1[2-9]|[2-9]\d)pt|"
                          r"large|x-large|xx-large)|font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)


def _prominent(element) -> bool:
    tag = element.tag
    if tag in ("h2", "h3", "h4", "b", "strong"):
        return True
    if tag == "font" and (element.get("size") or "0").lstrip("+")[-1:] in "4567":
        return True
    return bool(_LARGE_STYLE.search(element.get("style") or "") or _HEADING_LIKE.search(element.get("class") or ""))


def title_before_body(tree, text: str):
    """For pages with no usable ``<h1>`` or ``<title>``: the prominent text (a heading, bold
    or large type, a "title" class) nearest before the element where the body starts."""
    lines = [line for line in text.split("\n") if len(line.strip()) >= 20]
    body = body_of(tree)
    if not lines or body is None:
        return None, None
    start = fold(lines[0])[:60]
    last = None
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in SKIP_TAGS:
            continue
        own = norm(element.text)
        if own and start and fold(own)[:60] == start[:len(fold(own)[:60])] and len(own) >= 20:
            break  # the body starts here
        if own and _prominent(element) and 8 <= len(own) <= 200 and len(own.split()) >= 2:
            whole = text_of(element)
            if (whole == own or len(whole) <= len(own) + 5) and not own.endswith(":") and not is_chrome(element):
                last = element
    if last is None:
        return None, None
    return text_of(last), last