"""What a fetched page is, from its content: one news article, a listing, or something
else (a static page, a calendar, search results, a tag or date archive, a login page,
an event, a project's description, an empty or error page).

:func:`judge_page` is the one entry point the crawl, ``novadi reextract`` and
``novadi probe`` share; :func:`classify` is the decision itself, run inside extraction
on the tree extraction has already built.

The decision keeps listings out of the archive on sites never seen before, so it rests
on structure every CMS shares rather than one layout's class names: groups of teasers
(repeated blocks each with a headline link to another page), how much of the extracted
text comes from them, a pager, many dates, and what the page declares about itself
(og:type, JSON-LD, the site's URL patterns). An article with a long "related" list
below it is still an article: the text must be mostly teasers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote_plus, urljoin, urlsplit

from lxml import etree

from crawler.extraction.page import PageInfo, fold, is_chrome, norm

_PAGER_CLASS = re.compile(r"(pager|pagination|page-numbers|nav-links|paginator|lapas-numuri)", re.IGNORECASE)
_PAGE_PARAM = re.compile(r"([?&](page|paged|lapa|start|pg|p_page|p)=\d+|/page/\d+/?$|/lapa/\d+)", re.IGNORECASE)
_TAG_URL = re.compile(r"/(tag|tags|birka|birkas|temats|tēmas|atslegvards|keyword|tema)/|[?&](tag|tags)=", re.IGNORECASE)
_CALENDAR_URL = re.compile(r"(kalendars|kalendārs|calendar|pasakumu-kalendars|events?-calendar)(/|$|\?)|"
                           r"[?&](month|menesis|mēnesis|date|datums)=", re.IGNORECASE)
_ERROR_TITLE = re.compile(r"^(404|lapa nav atrasta|page not found|страница не найдена|kļūda|error|"
                          r"piekļuve liegta|access denied)\b", re.IGNORECASE)
_FILE = re.compile(r"\.(pdf|docx?|xlsx?|odt|ods|rtf|jpe?g|png|gif|zip)(\?|$)|/download", re.IGNORECASE)
_STATIC_CLASS = re.compile(r"(?:^|\s)(type-page|page-template(?:-default)?|page-node-type-page|node--type-page|"
                           r"page-id-\d+)(?:\s|$)")
_DAY_CELL = re.compile(r"^(\d{1,2})(?!\d|[.:/])")
_WEEKDAY_ROW = re.compile(r"^(p|o|t|c|pk|s|sv|pr|ot|tr|ce|pi|se|mo|tu|we|th|fr|sa|su|пн|вт|ср|чт|пт|сб|вс)$",
                          re.IGNORECASE)
_TEASER_MAX = 900  # characters: a headline and an excerpt; a block with more text is content


def _page_key(url: str, base: str = "") -> str | None:
    """Path and query of a URL, for telling a page's own permalink from links elsewhere."""
    try:
        parts = urlsplit(urljoin(base, url) if base else url)
    except ValueError:
        return None
    return parts.path.rstrip("/") + ("?" + parts.query if parts.query else "")


@dataclass
class Signals:
    """What the decision rests on, kept for debugging and tests."""

    headline_links: int = 0
    largest_group: int = 0
    teaser_text: int = 0  # extracted text found inside teaser items
    free_text: int = 0  # extracted text outside them
    headline_share: float = 0.0
    pager: bool = False
    dates: int = 0
    long_paragraphs: int = 0
    calendar_cells: int = 0
    entries: int = 0  # headlines of whole posts (a date archive showing full posts)
    score: int = 0
    reasons: list = None  # what decided, in words, for ``novadi probe`` and the logs

    def say(self, reason: str) -> None:
        if self.reasons is None:
            self.reasons = []
        self.reasons.append(reason)


_LONG_LINKS = etree.XPath(".//a[@href][string-length(normalize-space(.)) >= 20]")


def _on_site_href(href: str, host: str) -> bool:
    """Whether ``href`` leads to another page of the site (not a fragment, a mail or phone
    link, a script or a document)."""
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")) or _FILE.search(href):
        return False
    try:
        link_host = urlsplit(href).hostname
    except ValueError:
        return False
    return not (link_host and host and link_host.removeprefix("www.") != host.removeprefix("www."))


def _headline_links(body, host: str, own_url: str = ""):
    """Links whose text reads like a headline, to other pages of the site, outside menus."""
    own = _page_key(own_url)
    own_tail = own.rstrip("/").rsplit("/", 1)[-1] if own else ""
    links = []
    for link in _LONG_LINKS(body):
        href = link.get("href") or ""
        if not _on_site_href(href, host):
            continue
        text = norm(link.text_content())
        if len(text) < 20 or len(text.split()) < 3:
            continue
        if own_tail and own_tail in href and _page_key(href, own_url) == own:
            continue  # the article's own permalink, not a teaser
        links.append((link, text))
    return [(link, text) for link, text in links if not is_chrome(link, strict=False)]


def _heading_links(body, host: str, own_url: str):
    """Links inside h2–h4 headings to other pages of the site, outside the layout, whatever their length."""
    own = _page_key(own_url)
    found = []
    for heading in body.iter("h2", "h3", "h4"):
        for link in heading.iter("a"):
            href = link.get("href") or ""
            text = norm(link.text_content())
            if _on_site_href(href, host) and len(text.split()) >= 2 and _page_key(href, own_url) != own \
                    and not is_chrome(link, strict=False):
                found.append((link, text))
    return found


def _teaser_groups(links) -> list[dict]:
    """Sibling blocks that each hold one headline link, grouped by parent: teaser lists.

    Each group maps its items to their headline's text."""
    counts: dict = {}
    chains = []
    for link, text in links:
        chain = []
        for ancestor in link.iterancestors():
            counts[ancestor] = counts.get(ancestor, 0) + 1
            chain.append(ancestor)
            if ancestor.tag == "body" or len(chain) > 12:
                break
        chains.append((link, text, chain))
    groups: dict = {}
    for link, text, chain in chains:
        item = link
        for ancestor in chain:
            if counts.get(ancestor, 0) >= 2:
                # a teaser is a headline and a short excerpt; a block with more text is content
                if len(item.text_content()) <= _TEASER_MAX:
                    groups.setdefault(ancestor, {})[item] = text
                break
            item = ancestor
    return sorted(groups.values(), key=len, reverse=True)


def _coverage(body_text: str, groups: list[dict]) -> tuple[int, int]:
    """How much of the extracted text comes from teaser items, and how much from elsewhere.

    A teaser counts as extracted when its headline, or the start of its excerpt, is in
    the text; the text of the teasers found is what the extraction owes to them.
    """
    if not body_text:
        return 0, 0
    folded_body = fold(body_text)
    inside = 0
    for group in groups:
        for item, headline_text in group.items():
            headline = fold(headline_text)
            if headline and headline in folded_body:
                inside += len(" ".join(item.text_content().split()))
                continue
            # else its longest piece of text (the excerpt), wherever it starts
            longest = max((chunk for chunk in item.itertext()), key=len, default="")
            excerpt = fold(longest)[:50]
            if len(excerpt) >= 30 and excerpt in folded_body:
                inside += len(" ".join(item.text_content().split()))
    inside = min(inside, len(body_text))
    return inside, len(body_text) - inside


_READ_MORE = re.compile(r"^\s*(lasīt vairāk|lasīt tālāk|vairāk|lasīt|read more|more|подробнее|читать далее)\s*[›»>→.…]*\s*$",
                        re.IGNORECASE)


def _cut_short(item) -> bool:
    """Whether a teaser's excerpt is cut short: it ends with "…", or a "read more" link follows it."""
    text = " ".join(item.text_content().split())
    if text.endswith(("…", "...", "[…]")):
        return True
    return any(_READ_MORE.match(link.text_content() or "") for link in item.iter("a"))


def _holds_all(group: dict, body_text: str, headings: set[str] = frozenset()) -> bool:
    """Whether every sentence the extraction found (but the page's own headline) is
    teaser text: a short listing is nothing else, while an article's own paragraphs (even ones
    its related teasers quote) are longer than any excerpt cut from them."""
    inside = " | ".join(fold(item.text_content()) for item in group)
    return all(fold(line) in inside or fold(line) in headings for line in body_text.split("\n")
               if fold(line) and _sentence_like(line))


def _sentence_like(line: str) -> bool:
    """Running text rather than a label, a filter ("Gads: 2026 2025") or a date."""
    return len(line) >= 60 or bool(re.search(r"[.!?…]$", line.strip())) and len(line.split()) >= 4


def _single_teaser(links, body_text: str, headings: set[str] = frozenset()) -> list[dict]:
    """A listing's only teaser (a month archive with one post, a last page of one): the
    block around a heading that links to another page, its excerpt cut short, holding
    every line the extraction found (a related story under a short article is not all
    the page has to say)."""
    found = []
    for link, text in links:
        heading = next((a for a in link.iterancestors("h2", "h3", "h4")), None)
        block = heading.getparent() if heading is not None else None
        # up from the heading to the block that holds its excerpt too
        while block is not None and block.tag not in ("body", "main") and \
                len(norm(block.text_content())) < len(text) + 40:
            block = block.getparent()
        if block is None or block.tag in ("body", "main") or len(block.text_content()) > _TEASER_MAX \
                or next(block.iter("h1"), None) is not None:
            continue  # the page itself, or the article's own headline block
        if sum(1 for h in block.iter("h2", "h3", "h4")) == 1 and _cut_short(block) and _holds_all({block: text}, body_text, headings):
            found.append({block: text})
    return found if len(found) == 1 else []


def _long_free_paragraphs(body, items: set) -> int:
    count = 0
    for paragraph in body.iter("p"):
        if len(paragraph.text_content()) < 200 or paragraph in items:
            continue
        if any(a in items for a in paragraph.iterancestors()):
            continue
        if " ".join(paragraph.text_content().split()).endswith(("…", "...", "[…]")):
            continue
        count += 1
    return count


_PAGER_CANDIDATES = etree.XPath(".//*[contains(@class, 'pag') or contains(@id, 'pag') or contains(@class, 'nav-links')"
                                " or contains(@class, 'numuri')][.//a]")


def _pager(body, url: str) -> bool:
    for element in _PAGER_CANDIDATES(body):
        for attr in ("class", "id"):
            if _PAGER_CLASS.search(element.get(attr) or ""):
                return True
    numbered = 0
    for link in body.iter("a"):
        text = norm(link.text_content())
        href = link.get("href") or ""
        if link.get("rel") == "next" and _PAGE_PARAM.search(href):
            return True
        if text.isdigit() and len(text) <= 3 and _PAGE_PARAM.search(href):
            numbered += 1
            if numbered >= 2:
                return True
    return False


def _calendar_cells(body) -> int:
    best = 0
    for table in body.iter("table"):
        if is_chrome(table, strict=False):
            continue
        cells = [norm(td.text_content()) for td in table.iter("td", "th")]
        days = sum(1 for c in cells if _DAY_CELL.match(c) and 1 <= int(_DAY_CELL.match(c).group(1)) <= 31)
        weekdays = sum(1 for c in cells if _WEEKDAY_ROW.match(c))
        if days >= 28 and (weekdays >= 5 or days >= len(cells) * 0.6):
            best = max(best, days)
    return best


def _matches(patterns, url: str) -> bool:
    parts = urlsplit(url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    for pattern in patterns or ():
        try:
            if re.search(pattern, target):
                return True
        except re.error:
            continue
    return False


def _is_listing(body_el, url: str, info: PageInfo, body_text: str, site, dates: int, signals: Signals) -> bool:
    """Whether the page is a list of teasers rather than one article; fills ``signals``.

    The cheap tests come first and end the work as soon as a listing is ruled out.
    """
    article_type = info.og_type == "article" or info.article_ld is not None
    if body_el is None or article_type and len(body_text) >= 1500 and not _PAGE_PARAM.search(url):
        # a page that says it is an article and has an article's worth of text
        return False
    host = urlsplit(url).hostname or ""
    links = _headline_links(body_el, host, url)
    signals.headline_links = len(links)
    all_groups = _teaser_groups(links) if len(links) >= 2 else []
    groups = [g for g in all_groups if len(g) >= 3]
    small = False
    coverage = _coverage(body_text, groups) if groups else None
    if coverage is None or coverage[0] < coverage[1]:
        # A short listing (a month archive with two posts, a listing's last page, beside
        # a "latest news" list): a few teasers whose excerpts are cut short ("…",
        # "Lasīt vairāk"), and nothing else. Their headlines may be short: any heading
        # linking to another page counts.
        more = links + [pair for pair in _heading_links(body_el, host, url) if pair[0] not in {l for l, _ in links}]
        headings = {fold(h.text_content()) for h in body_el.iter("h1")}
        few = [g for g in _teaser_groups(more) if len(g) >= 2 and all(_cut_short(item) for item in g)
               and _holds_all(g, body_text, headings)]
        few = few or _single_teaser(more, body_text, headings)
        if few:
            groups, links, small, coverage = few, more, True, None
    signals.largest_group = len(groups[0]) if groups else 0
    if signals.largest_group < 3 and not small:
        return False
    signals.teaser_text, signals.free_text = coverage or _coverage(body_text, groups)
    if small and (signals.free_text >= 200 or signals.teaser_text < signals.free_text):
        return False
    # the extracted text must be mostly teasers: an article next to a long related list is not a listing
    if signals.teaser_text < signals.free_text and not (signals.free_text < 150 and signals.largest_group >= 5):
        return False
    signals.pager = _pager(body_el, url)
    if signals.teaser_text < signals.free_text and not signals.pager:
        return False
    folded_body = fold(body_text)
    if folded_body:
        covered = sum(len(text) for _, text in links if fold(text) and fold(text) in folded_body)
        signals.headline_share = min(1.0, covered / max(len(body_text), 1))
    items = set().union(*(group.keys() for group in groups))
    signals.long_paragraphs = _long_free_paragraphs(body_el, items)

    score = 1
    if signals.teaser_text > signals.free_text:
        score += 2
    elif signals.teaser_text > 0.5 * signals.free_text:
        score += 1
    if signals.free_text >= 500:
        score -= 1
    if signals.free_text >= 1000:
        score -= 1
    if signals.largest_group >= 6:
        score += 1
    if signals.headline_share >= 0.35:
        score += 1
    if dates >= 4:
        score += 1
    if signals.pager:
        score += 1
    if _PAGE_PARAM.search(url):
        score += 1
    if site is not None:
        if _matches(getattr(site, "listing", ()), url):
            score += 1
        if _matches(getattr(site, "article", ()), url):
            score -= 2
    if article_type:
        score -= 2
    if signals.long_paragraphs >= 2:
        score -= 1
    if signals.long_paragraphs >= 4:
        score -= 1
    signals.score = score
    return score >= 3


def _static_page(body_el) -> bool:
    """Whether the CMS marks this as a static page (WordPress ``type-page``, Drupal ``node--type-page``)."""
    if _STATIC_CLASS.search(body_el.get("class") or ""):
        return True
    for element in body_el.iter("article"):
        if _STATIC_CLASS.search(element.get("class") or ""):
            return True
    return False


_SEARCH_NAMES = {"s", "q", "search", "searchword", "query", "meklet", "meklēt", "keyword", "keywords", "k", "term"}
_SEARCH_HEADING = re.compile(r"^\s*(meklēšanas rezultāti|meklēšanas rezultāts|rezultāti meklējot|search results|"
                             r"результаты поиска)", re.IGNORECASE)
_PERIOD = re.compile(r"(?<!\d)[0-3]?\d\.\s?[01]?\d\.\s?(?:19|20)\d\d\.?\s*(?:[–—-]|līdz)\s*"
                     r"[0-3]?\d\.\s?[01]?\d\.\s?(?:19|20)\d\d(?!\d)", re.IGNORECASE)
_EVENT_LABEL = re.compile(r"\b(norises (laiks|vieta|datums)|pasākuma (norise|laiks|datums|vieta)|datums un laiks|"
                          r"sākums plkst|event date|дата проведения)", re.IGNORECASE)
_HEADING_TAGS = ("h1", "h2", "h3")


def _asked_for(url: str) -> set[str]:
    """What the page's address asks for: its query values and path segments, decoded."""
    parts = urlsplit(url)
    asked = {value for _, value in parse_qsl(parts.query)}
    asked.update(unquote_plus(segment) for segment in parts.path.split("/"))
    return {" ".join(value.split()).casefold() for value in asked if value.strip()}


def _shown_query(field, asked: set[str]) -> bool:
    """Whether a search field shows the query this page answers: its value is what the
    page's address asks for. A prompt set as the value ("Search", "Suche in …", cleared
    by a script on focus) is not, however the site's script clears it."""
    value = " ".join((field.get("value") or "").split()).casefold()
    return bool(value) and value in asked


def _form_kind(body_el, body_text: str, url: str) -> str:
    """``login`` for a password form on a page with little text; ``search`` for a search
    form showing the query it answered, or a results heading; else "". One walk."""
    search = False
    asked = _asked_for(url)
    for element in body_el.iter("input", "h1", "h2"):
        if element.tag == "input":
            kind = (element.get("type") or "text").lower()
            if kind == "password" and len(body_text) < 1000:
                return "login"
            if kind in ("search", "text") and (element.get("name") or "").lower() in _SEARCH_NAMES \
                    and _shown_query(element, asked):
                search = True
        elif not search and _SEARCH_HEADING.match(norm(element.text_content())):
            search = True
    return "search" if search else ""


def _whole_entries(body_el, url: str, body_text: str) -> int:
    """Posts shown whole, each under a headline linking to its own page, whose text the
    extraction took in: a date archive or a blog-style listing, not one article."""
    if not body_text:
        return 0
    own = _page_key(url)
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    headings = {}
    for heading in body_el.iter(*_HEADING_TAGS):
        if heading.find(".//a[@href]") is None:
            continue
        text = norm(heading.text_content())
        if len(text) < 15 or len(text.split()) < 3 or is_chrome(heading, strict=False):
            continue
        for link in heading.iter("a"):
            absolute = urljoin(url, link.get("href") or "")
            key = _page_key(absolute)
            if key and key != own and (urlsplit(absolute).hostname or "").removeprefix("www.") == host:
                headings[heading] = key
                break
    if len(set(headings.values())) < 2:
        return 0
    folded_body = fold(body_text)
    page_text: str | None = None   # the whole page's, folded when a post's text needs it
    whole, taken = set(), False
    for heading, key in headings.items():
        # the post: the heading's largest ancestor holding no other post's heading
        post = heading
        for ancestor in heading.iterancestors():
            if any(other is not heading and other in headings for other in ancestor.iter(*_HEADING_TAGS)):
                break
            post = ancestor
        for paragraph in post.iter("p"):
            words = norm(paragraph.text_content())
            if len(words) >= 120 and not words.endswith(("…", "...")):
                whole.add(key)
                # the extracted "article" is one of them (an article's related list is not,
                # even when a related story ends as the article does: then the words are
                # on the page twice)
                tail = fold(words[-60:])
                if not taken and tail in folded_body:
                    page_text = fold(body_el.text_content()) if page_text is None else page_text
                    taken = page_text.count(tail) == 1
    return len(whole) if taken else 0


def _period_starts(body_text: str, published: str) -> bool:
    """Whether the publication date found is only the first day of a period the page
    gives ("01.01.2023.–31.12.2024."), and the page shows no other date."""
    if published[:4] not in body_text:
        return False
    match = _PERIOD.search(body_text)
    if not match:
        return False
    from crawler.extraction.dates import find_all

    first = find_all(match.group(0))
    if not first or first[0].day.isoformat() != published[:10]:
        return False
    return len({m.day for m in find_all(body_text)}) <= 2


def _other_undated(body_text: str, fetched) -> str:
    """Why an undated page is something other than news: an event ahead, a project's period."""
    head = body_text[:800]
    if fetched is not None:
        from crawler.extraction.dates import find_all

        reference = fetched.date() if hasattr(fetched, "date") else fetched
        if any(m.day > reference for m in find_all(head, reference=reference)) or _EVENT_LABEL.search(head):
            return "event"
    elif _EVENT_LABEL.search(head):
        return "event"
    if _PERIOD.search(body_text):
        return "project"
    return ""


def classify(body_el, url: str, info: PageInfo, title: str | None, body_text: str, site=None,
             attachments: int = 0, dates: int = 0, dated: bool = True, fetched=None,
             published: str | None = None, pictures: int = 0) -> tuple[str, Signals]:
    """``""`` for an article, else the finer kind of page: listing, tag, archive, calendar,
    search, login, event, project, page, empty, no-title, error. ``Signals.reasons`` says why.

    ``dated``: whether the page has a publication date; an undated page its CMS calls
    a static page (contacts, structure), an undated page announcing a date ahead (an
    event) or giving a period (a project's description) is not news, nor is a page whose
    only date (``published``) starts a period. ``fetched``: when the page was fetched,
    the "now" that tells a date ahead. ``pictures``: the pictures of a dated post without
    text (a photo post is news, not an empty page).
    """
    signals = Signals(dates=dates)
    if title and _ERROR_TITLE.match(title):
        signals.say(f"title reads as an error page: {title[:60]!r}")
        return "error", signals
    form = _form_kind(body_el, body_text, url) if body_el is not None else ""
    if form == "login" and not published:
        # A dated story with a password field in it (a stranger's form) is still a story.
        signals.say("a password form, little text and no publication date")
        return "login", signals
    if form == "search":
        signals.say("a search form showing its query, or a results heading")
        return "search", signals
    if not dated and body_el is not None and _static_page(body_el):
        signals.say("undated, and the CMS marks it a static page")
        return "page", signals
    calendar_url = bool(_CALENDAR_URL.search(url))
    if body_el is not None and (calendar_url or len(body_text) < 1500):
        signals.calendar_cells = _calendar_cells(body_el)
    if pictures >= 2 and published and title and len(body_text) < 50:
        signals.say(f"{len(body_text)} characters of text, {pictures} pictures of its own: a photo post")
        return "", signals
    if _is_listing(body_el, url, info, body_text, site, dates, signals):
        signals.say(f"{signals.largest_group} teaser blocks with headline links, teaser text "
                    f"{signals.teaser_text} vs other text {signals.free_text}"
                    + (", a pager" if signals.pager else "") + f", score {signals.score}")
        if _TAG_URL.search(url):
            signals.say("a tag page's address")
            return "tag", signals
        if calendar_url or signals.calendar_cells:
            signals.say(f"a month grid of {signals.calendar_cells} days")
            return "calendar", signals
        return "listing", signals
    if body_el is not None and (dates >= 2 or not dated):
        # whole posts each show their date; one article shows one
        signals.entries = _whole_entries(body_el, url, body_text)
        if signals.entries >= 2:
            signals.say(f"{signals.entries} whole posts, each under a headline linking to its own page")
            return "archive", signals
    if signals.calendar_cells and signals.long_paragraphs == 0 and (calendar_url or len(body_text) < 300):
        signals.say(f"a month grid of {signals.calendar_cells} days and no long paragraph")
        return "calendar", signals
    if _CALENDAR_URL.search(urlsplit(url).path) and signals.long_paragraphs == 0 and dates >= 3:
        signals.say("a calendar's address, many dates and no long paragraph")
        return "calendar", signals
    if not title and len(body_text) < 500:
        signals.say("no title and little text")
        return "no-title", signals
    if len(body_text) < 50 and not attachments:
        signals.say(f"{len(body_text)} characters of text")
        return "empty", signals
    if published and _period_starts(body_text, published):
        signals.say(f"its date {published[:10]} only starts a period (a project's or an offer's term)")
        return "project", signals
    if not dated:
        other = _other_undated(body_text, fetched)
        if other:
            signals.say("undated, announcing a date ahead" if other == "event" else "undated, giving a period")
            return other, signals
    signals.say("one headline and its text" + ("" if dated else ", no publication date found"))
    return "", signals


# The finer kinds, by what the crawl does with them.
LISTING_KINDS = {"listing"}
# Lists of other pages that are not the site's news listing: their links are followed
# as a listing's would be, the page itself is not stored.
FOLLOWED_OTHER = {"tag", "archive"}
OTHER_KINDS = {"tag", "archive", "calendar", "search", "login", "event", "project", "page", "empty",
               "no-title", "error", "not-html"}


@dataclass
class PageKind:
    """What a fetched page is: ``kind`` is ``article``, ``listing`` or ``other``;
    ``detail`` the finer kind (``listing``, ``tag``, ``archive``, ``calendar``,
    ``search``, ``login``, ``event``, ``project``, ``page``, ``empty``, ``no-title``,
    ``error``, ``not-html``; ``article`` for articles); ``reasons`` the evidence in
    words; ``article`` the extracted article when it is one."""

    kind: str
    detail: str
    reasons: list
    article: object = None

    @property
    def follow_links(self) -> bool:
        """Whether the page's links are worth following as a listing's."""
        return self.kind == "listing" or self.detail in FOLLOWED_OTHER


_ARTICLE_DECLARED = re.compile(r"og:type[\"']\s+content=[\"']article|\"@type\"\s*:\s*\"(News|Blog)?Article\"", re.I)


def declares_article(html: str) -> bool:
    """Whether the page calls itself an article (``og:type``, JSON-LD), a quick look at its head."""
    return bool(_ARTICLE_DECLARED.search((html or "")[:50_000]))


_PROSE_LINE = 80      # characters: a line of running text, not a headline or a label
_PROSE_MIN = 200     # characters of such lines a page fetched as a listing needs to be an article


def prose(body: str) -> int:
    """Characters of running text in an extracted body (lines of at least 80 characters)."""
    return sum(len(line) for line in (body or "").split("\n") if len(line) >= _PROSE_LINE)


def best_date(hints: dict, html: str) -> tuple[str | None, str]:
    """For an article whose page shows no date: the best date the crawl has, and where it
    came from: ``teaser`` (its listing teaser's), ``sitemap`` (its ``lastmod``'s day),
    ``undated`` (none). ``static`` instead when the page was found only by its URL's
    shape (``hints["needs_date"]``) and nothing on it declares an article: such a page is
    a static page, not news. The crawl and ``novadi reextract`` share this rule."""
    if hints.get("teaser_date"):
        return hints["teaser_date"], "teaser"
    if hints.get("needs_date") and not declares_article(html):
        return None, "static"
    if hints.get("lastmod"):
        from crawler.extraction.dates import parse_date

        day = parse_date(str(hints["lastmod"])[:10])
        if day:
            return day, "sitemap"
    return None, "undated"


def kind_of(article, fetched_as: str = "article") -> PageKind:
    """The page kind an extraction result stands for. ``fetched_as``: what the crawl
    took the URL for; a page fetched as a listing must also show prose of its own to
    be an article (a listing's last page with two tiles is not one)."""
    reasons = list(getattr(article, "kind_reasons", None) or [])
    # (a post of pictures alone has no running text, and is one)
    photo_post = not article.body and len(getattr(article, "images", None) or ()) >= 2
    if article.is_article and fetched_as == "listing" and prose(article.body) < _PROSE_MIN and not photo_post:
        return PageKind("listing", "listing", reasons + [
            f"fetched as a listing, with {prose(article.body)} characters of running text of its own"])
    if article.is_article:
        return PageKind("article", "article", reasons, article)
    detail = article.reason or "empty"
    return PageKind("listing" if detail in LISTING_KINDS else "other", detail, reasons or [detail], None)


def judge_page(html, url: str, site=None, *, fetched_at=None, hints: dict | None = None) -> PageKind:
    """What the fetched page at ``url`` is, judged by its content alone.

    This is the stable entry point for every part of novadi that must tell an article
    from a listing or another page: the crawl (whatever the URL was fetched as),
    ``novadi reextract`` and ``novadi probe``. ``html`` is the page (str, or bytes
    decoded as the crawl decodes them); ``site`` the registry entry or None for an
    unknown site; ``fetched_at`` when it was fetched (dates after it are not
    publication dates; an event's date ahead is measured from it); ``hints`` what a
    feed, sitemap or listing teaser said (``published``, ``title``), used only when the
    page says nothing; ``hints["fetched_as"] = "listing"`` when the crawl took the URL
    for a listing (the page must then show prose of its own to be an article). URLs play no part beyond what a page's own address says about
    pagination; the profile's patterns only weigh in on close calls.

    Returns a :class:`PageKind`; for an article its ``article`` is the extraction,
    so nothing needs extracting twice.
    """
    from crawler.extraction import extract

    hints = hints or {}
    return kind_of(extract(html, url, site, fetched_at=fetched_at, hints=hints), hints.get("fetched_as", "article"))
