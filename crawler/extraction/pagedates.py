"""Which date on a page is the publication date, and which the last update.

Sources, most trusted first: a visible date labelled "Publicēts" near the headline;
structured data (JSON-LD ``datePublished``, ``article:published_time``, ``<time
datetime>``); a date standing alone right next to the headline; the feed's date; the
URL. Dates in chrome (sidebars, related lists, footers, "today is" widgets) are never
used, nor is any date after the fetch time: no date is better than a wrong one.
"""
from __future__ import annotations

import re
from copy import deepcopy
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlsplit

from lxml import etree

from .dates import RIGA, could_be_relative, could_hold_date, find_all, parse_datetime, to_iso
from .localday import is_utc, local_day, publisher_country
from .page import SKIP_TAGS, PageInfo, is_chrome

_PUBLISHED_LABEL = re.compile(
    r"(publicēts|publicēšanas datums|publicēta|publicēšanas laiks|ievietots|pievienots|izveidots|"
    r"datums|published|posted(?: on)?|date|опубликовано|дата публикации|дата)\s*:?[\s(]*$",
    re.IGNORECASE,
)
_UPDATED_LABEL = re.compile(
    r"(atjaunots|atjaunota|atjaunināts|atjaunināta|pēdējās izmaiņas|pēdējo reizi \w+|labots|labota|"
    r"mainīts|mainīta|rediģēts|rediģēta|updated|last updated|last modified|modified|"
    r"обновлено|изменено|редактировано)\s*:?[\s(]*$",
    re.IGNORECASE,
)
# Labels that put a date on something other than the article: an event, a deadline.
_OTHER_LABEL = re.compile(
    r"(pasākuma|norises|termiņš|termiņā|līdz|sākums|beigas|notiks|deadline|event|"
    r"pieteikšanās|pieteikties|iesniegšanas|iesniegt|sēdes|sēde|спектакль|šodien|today|сегодня)(\s+\w+){0,2}\s*:?\s*$",
    re.IGNORECASE,
)
_BLOCK_TAGS = {"p", "div", "li", "td", "th", "dd", "dt", "header", "footer", "section", "article",
               "h1", "h2", "h3", "h4", "h5", "h6", "time", "span", "small", "em", "i", "b", "strong", "font"}
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|-|$)")

PUBLISHED_KEYS = ("article:published_time", "datepublished", "og:published_time", "published_time",
                  "dc.date.issued", "dc.date", "dcterms.date", "dcterms.created", "dcterms.issued",
                  "date", "pubdate", "publishdate", "publish-date", "publication_date", "sailthru.date",
                  "parsely-pub-date", "article.published", "cxenseparse:recs:publishtime")
UPDATED_KEYS = ("article:modified_time", "datemodified", "og:updated_time", "dcterms.modified",
                "last-modified", "article.updated")


class Candidate:
    __slots__ = ("value", "label", "pos", "owner", "width", "source", "_alone")

    def __init__(self, value, label, pos, owner, width, source):
        self.value, self.label, self.pos, self.owner, self.width, self.source = value, label, pos, owner, width, source
        self._alone = None

    @property
    def standalone(self) -> bool:
        """Whether the date stands alone in its block (a meta line), not inside a sentence."""
        if self._alone is None:
            self._alone = self.owner is None or _block_length(self.owner) <= self.width + 45
        return self._alone

    @property
    def day(self) -> date:
        return self.value.date() if isinstance(self.value, datetime) else self.value

    def __repr__(self):  # pragma: no cover
        return f"Candidate({self.source}, {self.label}, {to_iso(self.value)}, pos={self.pos})"


def _local_day(value) -> date:
    if isinstance(value, datetime):
        return value.astimezone(RIGA).date() if value.tzinfo else value.date()
    return value


def _own_day(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _not_future(value, fetched: datetime) -> bool:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=RIGA)
        return value <= fetched + timedelta(minutes=5)
    return value <= fetched.astimezone(RIGA).date()


def _block_length(element) -> int:
    node = element
    while node is not None and node.tag not in _BLOCK_TAGS:
        node = node.getparent()
    if node is None:
        return 10_000
    if node.tag in ("span", "small", "em", "i", "b", "strong", "font", "time"):
        return len(" ".join(node.text_content().split()))
    return len(" ".join(node.text_content().split()))


def text_stream(body, title_el):
    """The page's visible text in order as (offset, text, owner element), the headline's
    offset and the offsets of ``<time>`` elements."""
    stream = []
    pos = 0
    title_pos = None
    times = {}
    walker = etree.iterwalk(body, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if event == "start":
            if element is title_el:
                title_pos = pos
            elif tag == "time":
                times[element] = pos
            if tag.__class__ is not str or tag in SKIP_TAGS:
                # Nothing inside is visible text: skip the subtree without walking it, but
                # place a headline or <time> inside it where the walk would have.
                if tag.__class__ is str:
                    if title_pos is None and title_el is not None and any(
                            a is element for a in title_el.iterancestors()):
                        title_pos = pos
                    for inner in element.iter("time"):  # not the element: a skipped tag is no <time>
                        if inner is not title_el:
                            times[inner] = pos
                walker.skip_subtree()
                continue
            text = element.text
            if text and text.strip():
                stream.append((pos, text, element))
                pos += len(text) + 1
        else:
            tail = element.tail
            if tail and tail.strip():
                parent = element.getparent()
                if parent is not None:
                    # text after a line break is a line of its own (legacy pages write
                    # "<br>12.05.2015.<br>"): it keeps the <br> as its owner
                    stream.append((pos, tail, element if tag == "br" else parent))
                    pos += len(tail) + 1
    return stream, title_pos, times


# A "today" header (the visitor's date with the name days, on every page of legacy CMSs
# and news sites): "Ceturtdiena, 08. Decembris, 2022. Vārda dienas: Gunārs, Gunis".
_NAME_DAYS = re.compile(r"vārd[au]?\s*dien|vārdadien|имени|именин|name\s*days?|namenstag", re.IGNORECASE)
def _is_today_header(stream, index: int, text: str) -> bool:
    """Whether a date is the visitor's "today", shown with the day's name days, not a
    date of the article. (A weekday alone says nothing: Joomla dates articles with one.)"""
    if not _NAME_DAYS.search(text) and not any(
            _NAME_DAYS.search(t) for _, t, _ in stream[index + 1:index + 3] if len(t) < 300):
        return False
    return True


def visible_candidates(stream, reference: date, year_reference: date | None = None,
                       now: datetime | None = None) -> list[Candidate]:
    """The dates the page shows outside chrome, with their labels; with ``now`` (when the
    page was fetched) also those written relative to it ("vakar, 14:30", "pirms 3 dienām")."""
    found = []
    previous = ""  # the text node before, when it is short enough to be a label
    for index, (pos, text, owner) in enumerate(stream):
        # Dates in chrome (sidebars, footers) are never candidates: not even searched for.
        # The cheap test first: most text nodes hold no date, and is_chrome walks up the tree.
        if (could_hold_date(text) or now is not None and could_be_relative(text)) and not is_chrome(owner):
            matches = find_all(text, reference, year_reference, now=now)
            last_end = 0
            for match in matches:
                before = text[last_end: match.start]
                context = (before if last_end or before.strip() else previous + " " + before).rstrip()[-60:]
                last_end = match.end
                if _is_today_header(stream, index, text):
                    label = "other"
                elif _UPDATED_LABEL.search(context):
                    label = "updated"
                elif _OTHER_LABEL.search(context):
                    label = "other"
                elif _PUBLISHED_LABEL.search(context):
                    label = "published"
                else:
                    label = None
                candidate = Candidate(match.value, label, pos + match.start, owner, match.end - match.start, "text")
                if owner.tag == "br":
                    candidate._alone = len(text.strip()) <= candidate.width + 45
                found.append(candidate)
        stripped = text.strip()
        # a headline is no label ("Ķiršos pieteikties vasaras nometnei" over its date)
        heading = getattr(owner, "tag", None) in ("h1", "h2", "h3", "h4", "h5", "h6")
        previous = stripped if len(stripped) <= 40 and not heading else ""
    return found


def time_candidates(tree, positions: dict) -> list[Candidate]:
    found = []
    for element in tree.iter("time"):
        raw = element.get("datetime") or element.text_content()
        value = parse_datetime(raw or "")
        if value is None or is_chrome(element):
            continue
        hint = " ".join(filter(None, (element.get("itemprop"), element.get("class"), element.getparent().get("class") if element.getparent() is not None else None))).lower()
        label = "updated" if ("modified" in hint or "updated" in hint) else ("published" if ("published" in hint or "datepublished" in hint) else None)
        found.append(Candidate(value, label, positions.get(element), None, 0, "time"))
    return found


def structured(info: PageInfo) -> tuple[object | None, object | None]:
    published = updated = None
    ld = info.article_ld
    candidates = [ld] if ld else []
    candidates += [item for item in info.jsonld if item is not ld]
    for item in candidates:
        if published is None and isinstance(item.get("datePublished"), str):
            published = parse_datetime(item["datePublished"], reference=date(2100, 1, 1))
        if updated is None and isinstance(item.get("dateModified"), str):
            updated = parse_datetime(item["dateModified"], reference=date(2100, 1, 1))
    for key in PUBLISHED_KEYS:
        if published is not None:
            break
        if info.meta.get(key):
            published = parse_datetime(info.meta[key], reference=date(2100, 1, 1))
    for key in UPDATED_KEYS:
        if updated is not None:
            break
        if info.meta.get(key):
            updated = parse_datetime(info.meta[key], reference=date(2100, 1, 1))
    return published, updated


def _in_headline(owner, title_el) -> bool:
    """Whether a date is part of the headline's words ("Izmaiņas no 1. marta"), never its date."""
    if owner is None or title_el is None:
        return False
    return owner is title_el or any(a is title_el for a in owner.iterancestors())


def _closest(candidates, title_pos):
    if not candidates:
        return None
    if title_pos is None:
        return candidates[0] if candidates else None
    # a date after the headline is likelier the article's own than one before it
    return min(candidates, key=lambda c: abs(c.pos - title_pos) * (1 if c.pos >= title_pos else 1.5))


def _more_precise(a, b):
    """Of two readings of the same day, the one with a time of day."""
    if isinstance(a, datetime):
        return a
    if isinstance(b, datetime):
        return b
    return a


_URL_YEAR = re.compile(r"(?:/|[?&](?:year|gads)=)((?:19|20)\d\d)(?:/|$|&|-)")


def _year_context(url: str, meta_published, hints: dict | None, reference: date) -> date | None:
    """The end of the year a page belongs to, for dates written without one (``12.aprīlī``)."""
    match = _URL_YEAR.search(urlsplit(url).path + ("?" + urlsplit(url).query if urlsplit(url).query else ""))
    year = int(match.group(1)) if match else None
    if year is None and meta_published is not None:
        year = meta_published.year
    if year is None and hints and hints.get("published"):
        value = parse_datetime(str(hints["published"]), reference=reference)
        year = value.year if value is not None else None
    if year is None or year > reference.year:
        return None
    return date(year, 12, 31)


def url_date(url: str):
    match = _URL_DATE.search(urlsplit(url).path)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def hinted_date(tree, date_xpath, reference: date, fetched: datetime):
    """The date in the element a site profile points at (``extract.date``)."""
    from .focus import hint_list, xpath

    for expression in hint_list(date_xpath):
        compiled = xpath(expression)
        if compiled is None:
            continue
        try:
            found = compiled(tree)
        except etree.XPathError:
            continue
        for element in found:
            if isinstance(element, etree._Element):
                text = element.get("datetime") or element.get("content") or element.text_content()
            else:
                text = str(element)
            value = parse_datetime(text, reference=reference)
            if value is not None and _not_future(value, fetched):
                return value
    return None


def find_dates(tree, body, info: PageInfo, title_el, url: str, fetched: datetime,
               hints: dict | None = None, latvian: bool = True, container=None, date_xpath=None):
    """``(published, updated, dates_seen)``: ISO strings (or None) and how many dates stand
    alone on the page outside chrome (a listing shows one per teaser). ``date_xpath``
    (the profile's ``extract.date``) points at the publication date when a site has one."""
    reference = fetched.astimezone(RIGA).date()
    meta_published, meta_updated = structured(info)
    pinned = hinted_date(tree, date_xpath, reference, fetched) if date_xpath else None
    if meta_published is not None and not _not_future(meta_published, fetched):
        meta_published = None
    if meta_updated is not None and not _not_future(meta_updated, fetched):
        meta_updated = None
    if pinned is not None and not latvian:
        updated = meta_updated if meta_updated is not None and _as_moment(meta_updated) > _as_moment(pinned) else None
        return to_iso(pinned, riga=False), to_iso(updated, riga=False) if updated is not None else None, 0
    if not latvian:
        return _dates_elsewhere(tree, url, reference, fetched, meta_published, meta_updated, hints, container, info)
    stream, title_pos, positions = text_stream(body, title_el) if body is not None else ([], None, {})
    visible = visible_candidates(stream, reference, _year_context(url, meta_published, hints, reference), now=fetched)
    times = time_candidates(tree, positions)
    visible = [c for c in visible if _not_future(c.value, fetched) and not _in_headline(c.owner, title_el)]
    times = [c for c in times if _not_future(c.value, fetched)]

    near = []
    if title_pos is not None:
        near = [c for c in visible if c.label is None and -400 <= c.pos - title_pos <= 1500 and c.standalone]
    labelled = [c for c in visible if c.label == "published"]
    labelled_updated = [c for c in visible if c.label == "updated"]

    published = None
    choice = _closest(labelled, title_pos)
    time_published = [c for c in times if c.label != "updated"]
    if pinned is not None:
        # the profile knows where the date is: it outranks every guess below
        published = pinned
    elif choice is not None:
        published = choice.value
    elif time_published:
        placed = [c for c in time_published if c.pos is not None]
        published = (_closest(placed, title_pos) if placed else time_published[0]).value
    elif meta_published is not None:
        published = meta_published
    else:
        choice = _closest(near, title_pos)
        if choice is None and title_pos is not None:
            # Far below a long text ("… (2025. gada 22. septembrī)" closing it): taken when it
            # is the one day standing alone after the headline, as a listing has many.
            after = {c.day: c for c in visible if c.label is None and c.standalone and c.pos > title_pos}
            if len(after) == 1:
                choice = next(iter(after.values()))
        if choice is not None:
            published = choice.value
        elif title_pos is None:
            alone = [c for c in visible if c.label is None and c.standalone]
            if len(alone) == 1:
                published = alone[0].value
    if published is not None and meta_published is not None and _local_day(published) == _local_day(meta_published):
        published = _more_precise(meta_published, published)
    if published is not None and time_published:
        same = [c.value for c in time_published if _local_day(c.value) == _local_day(published)]
        if same:
            published = _more_precise(same[0], published)
    if published is None and hints and hints.get("published"):
        value = parse_datetime(str(hints["published"]), reference=reference)
        if value is not None and _not_future(value, fetched):
            published = value
    if published is None:
        published = url_date(url)
        if published is not None and published > reference:
            published = None

    updated = None
    choice = _closest(labelled_updated, title_pos)
    if choice is not None:
        updated = choice.value
    else:
        time_updated = [c for c in times if c.label == "updated"]
        if time_updated:
            updated = time_updated[0].value
        elif meta_updated is not None:
            updated = meta_updated
    if updated is not None and published is not None and (
            _as_moment(updated) <= _as_moment(published)
            or not isinstance(updated, datetime) and to_iso(updated)[:10] == to_iso(published)[:10]):
        updated = None  # "updated" the moment (or the day) it was published is no update
    seen = sum(1 for c in visible if c.label != "other" and c.standalone)
    return (to_iso(published) if published is not None else None,
            to_iso(updated) if updated is not None else None, seen)


def _dates_elsewhere(tree, url, reference, fetched, meta_published, meta_updated, hints, container=None, info=None):
    """Dates of a page that is not Latvian: htmldate's reading, made precise by the meta tags.

    htmldate knows the markup of many CMSs and languages; our own reading is for Latvian
    pages, where htmldate knows no month names and its loose text search picks sidebar dates.
    A page without dated markup is searched in its article's container only (with the
    head's meta tags), which is faster and keeps sidebar dates out.
    """
    if meta_published is None and url_date(url) is None and container is not None and container.tag not in (
            "body", "html"):
        published, searched = _htmldate(_article_only(tree, container), url, reference)
        if published is not None and _year_only(published, searched):
            # all the container gave was a year: the whole page may give the day of that year
            whole, searched = _htmldate(tree, url, reference)
            if whole is not None and whole.year == published.year:
                published = whole
    else:
        published, searched = _htmldate(tree, url, reference)
    if published is not None and _year_only(published, searched):
        published = None  # a year is not a day: no date is better than an invented 1 January
    if published is not None:
        if meta_published is not None and published in (_own_day(meta_published), _utc_day(meta_published)):
            # the markup's moment, read by htmldate in its own zone or in UTC (a page
            # giving the same moment both ways): the publisher's own offset tells the day
            published = meta_published
    elif meta_published is not None:
        published = meta_published
    elif hints and hints.get("published"):
        value = parse_datetime(str(hints["published"]), reference=reference)
        published = value if value is not None and _not_future(value, fetched) else None
    if is_utc(published) and published.time() != time(0) and info is not None:
        # a moment given in UTC came out on the publisher's own day, unless the page
        # itself (its address, a date it shows) says the UTC day; UTC midnight is how
        # many systems write a bare day
        local = local_day(published, publisher_country(info.meta, info.html_lang, url))
        if local is not None and _own_day(local) != published.date() and not _page_shows(tree, url, published.date(),
                                                                                             reference):
            published = local
    updated = meta_updated
    if updated is not None and published is not None and _as_moment(updated) <= _as_moment(published):
        updated = None
    return (to_iso(published, riga=False) if published is not None else None,
            to_iso(updated, riga=False) if updated is not None else None, 0)


def _page_shows(tree, url: str, day: date, reference: date) -> bool:
    """Whether the page's address or the text of one of its ``<time>`` elements gives ``day``."""
    if url_date(url) == day:
        return True
    for element in tree.iter("time"):
        text = " ".join(element.text_content().split())
        if text and could_hold_date(text):
            found = find_all(text[:200], reference)
            if found and found[0].day == day:
                return True
    return False


def _article_only(tree, container):
    """A small document: the head's meta tags and JSON-LD, and a copy of the article container."""
    from trafilatura.utils import load_html

    document = load_html("<html><head></head><body></body></html>")
    head, new_head = tree.find(".//head"), document.find(".//head")
    if head is not None:
        for element in head.iter("meta", "title", "link", "script"):
            if element.tag == "script" and (element.get("type") or "").lower() != "application/ld+json":
                continue
            copied = deepcopy(element)
            copied.tail = None
            new_head.append(copied)
    copied = deepcopy(container)
    copied.tail = None
    document.find(".//body").append(copied)
    return document


def _as_moment(value) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=RIGA)
    return datetime(value.year, value.month, value.day, tzinfo=RIGA)


def _htmldate(tree, url: str, reference: date) -> tuple[date | None, bool]:
    """htmldate's reading, as trafilatura makes it (original date, extensive search), and
    whether it came from the extensive text search.

    The quick pass (markup, URL, loose patterns) first; the extensive text search, which
    can be slow, only when the quick pass finds nothing.
    """
    try:
        from htmldate import find_date

        found = None
        for extensive in (False, True):
            found = find_date(tree, url=url, original_date=True, extensive_search=extensive,
                              max_date=reference.isoformat(), outputformat="%Y-%m-%d")
            if found:
                break
    except Exception:  # noqa: BLE001 - a fallback must not break extraction
        return None, False
    if not found:
        return None, False
    try:
        value = date.fromisoformat(found)
    except ValueError:
        return None, False
    return (value, extensive) if value <= reference else (None, False)


def _year_only(value: date, searched: bool) -> bool:
    """1 January from htmldate's text search is its answer when all it found was a year
    (a copyright line, a year in the text)."""
    return searched and (value.month, value.day) == (1, 1)


def _utc_day(value) -> date:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(timezone.utc).date()
    return _own_day(value)
