"""How the public site shows archive values: labels, dates, paragraphs, highlights.

Crawled text is never trusted: everything here escapes first and adds markup after.
"""
from __future__ import annotations

import datetime as dt
import re

from markupsafe import Markup, escape

try:
    from zoneinfo import ZoneInfo

    RIGA = ZoneInfo("Europe/Riga")
except Exception:  # pragma: no cover - no tz database at all
    RIGA = dt.timezone(dt.timedelta(hours=2))

# FTS5 snippet() wraps each hit in these private-use characters (U+E000, U+E001);
# the site turns them into <mark> only after escaping the text around them.
MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"

REGIONS = {
    "riga": "Rīgas reģions",
    "kurzeme": "Kurzeme",
    "zemgale": "Zemgale",
    "vidzeme": "Vidzeme",
    "latgale": "Latgale",
}
KINDS = {
    "state-city": "valstspilsēta",
    "municipality": "novads",
    "planning-region": "plānošanas reģions",
    "legacy": "bijušās pašvaldības vietne",
}
LANGS = {"lv": "latviešu", "en": "angļu", "ru": "krievu", "ltg": "latgaliešu"}


def region_label(code: str | None) -> str:
    return REGIONS.get(code or "", code or "—")


def kind_label(code: str | None) -> str:
    return KINDS.get(code or "", code or "—")


def lang_label(code: str | None) -> str:
    return LANGS.get(code or "", code or "—")


def paragraphs(body: str | None) -> list[str]:
    """The body's non-empty lines: extraction keeps one paragraph per line."""
    return [line.strip() for line in (body or "").split("\n") if line.strip()]


def mark_snippet(text: str | None) -> Markup:
    """Escape a snippet, then turn its hit markers into balanced <mark> elements."""
    out: list[str] = []
    open_ = False
    for char in text or "":
        if char == MARK_OPEN:
            if not open_:
                out.append("<mark>")
                open_ = True
        elif char == MARK_CLOSE:
            if open_:
                out.append("</mark>")
                open_ = False
        else:
            out.append(str(escape(char)))
    if open_:
        out.append("</mark>")
    return Markup("".join(out))


def parse_time(value: str | None) -> dt.datetime | None:
    """An archive date (``2022-02-08`` or ``2022-02-08T10:15:00+02:00``) as an aware datetime."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        if len(text) == 10:
            when = dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
        else:
            when = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=RIGA)
    return when


def atom_time(*values: str | None) -> str:
    """The first parseable value as RFC 3339, which Atom's <updated> needs."""
    for value in values:
        when = parse_time(value)
        if when is not None:
            return when.isoformat()
    return "1970-01-01T00:00:00+00:00"


def lv_date(value: str | None) -> str:
    """A date the Latvian way: ``08.02.2022.``, with ``10:15`` when the time is known."""
    if not value:
        return ""
    when = parse_time(value)
    if when is None:
        return str(value)
    if len(value.strip()) <= 10:
        return when.strftime("%d.%m.%Y.")
    return when.astimezone(RIGA).strftime("%d.%m.%Y. %H:%M")


def lv_number(value) -> str:
    """A number the Latvian way: ``812 000``, ``690 200,5``."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if number.is_integer():
        text = f"{int(number):,}"
    else:
        text = f"{number:,.2f}"
    return text.replace(",", "\u00a0").replace(".", ",")


def lv_plural(count, one: str, many: str) -> str:
    """The Latvian form for ``count``: 1, 21, 101 take the singular ("1 raksts", "21 raksts")."""
    try:
        count = int(count)
    except (TypeError, ValueError):
        return many
    return one if count % 10 == 1 and count % 100 != 11 else many


def lv_money(value) -> str:
    """An amount in euros the Latvian way: ``1 204 300 €``, ``842 560,50 €``.

    Takes what the archive stores: whole euros as INTEGER, euros as REAL, or text.
    """
    text = lv_number(value)
    return f"{text}\u00a0€" if text else ""


def eu_amount(row: dict, name: str):
    """A project amount from an ``eu_projects`` row, in euros, whichever way it is stored:
    ``<name>_eur`` (euros, REAL or INTEGER) or ``<name>_cents`` (INTEGER cents)."""
    if row.get(f"{name}_cents") is not None:
        return row[f"{name}_cents"] / 100
    return row.get(f"{name}_eur")


def lv_bytes(size) -> str:
    """A file size in Latvian: ``663 baiti``, ``180 KB``, ``2,4 MB``."""
    try:
        size = int(size)
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return f"{size} {'baits' if size % 10 == 1 and size % 100 != 11 else 'baiti'}"
    for unit, scale in (("KB", 1024), ("MB", 1024**2), ("GB", 1024**3)):
        if size < scale * 1024 or unit == "GB":
            value = size / scale
            text = lv_number(round(value)) if value >= 10 else f"{value:.1f}".replace(".", ",")
            return f"{text} {unit}"
    return ""  # pragma: no cover - the loop always returns


def summary(text: str | None, limit: int = 300, *, lines: bool = False) -> str:
    """At most ``limit`` characters of ``text``, cut after a whole word with "…".

    On one line by default (an excerpt in a list); ``lines=True`` keeps the paragraph
    breaks (a feed entry's text).
    """
    if lines:
        flat = "\n".join(" ".join(line.split()) for line in (text or "").splitlines() if line.strip())
    else:
        flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:–-\n") + "…"


def feed_summary(text: str | None, limit: int) -> str:
    """The SQL function ``lv_summary(body, limit)``: a feed entry's text, its paragraphs kept."""
    return summary(text, limit, lines=True)


# Datasette's own error messages, for the reader who meets one.
ERRORS = {
    "Database not found": "Datubāze nav atrasta",
    "Table not found": "Tabula nav atrasta",
    "Row not found": "Ieraksts nav atrasts",
    "Record not found": "Ieraksts nav atrasts",
    "You do not have permission to view this table": "Šī tabula nav publiska",
    "You do not have permission to view this database": "Šī datubāze nav publiska",
    "execute-sql": "Patvaļīgi SQL vaicājumi šajā vietnē nav atļauti",
    "Forbidden": "Piekļuve liegta",
    "Query not found": "Vaicājums nav atrasts",
    "Not found": "Nav atrasts",
    "Permission denied": "Piekļuve liegta",
}
STATUS_TEXT = {400: "Nepareizs pieprasījums", 403: "Piekļuve liegta", 404: "Lapa nav atrasta",
               405: "Šāds pieprasījums nav atļauts", 500: "Servera kļūda"}


# Titles Datasette gives its error pages.
ERROR_TITLES = {"Forbidden": "Piekļuve liegta / Forbidden"}


def error_title(title: str | None, status: int | None = None) -> str:
    """An error page's title in Latvian (with the English after it)."""
    if title:
        return ERROR_TITLES.get(title, title)
    if status == 404:
        return "Nav atrasts / Not found"
    return f"Kļūda / Error {status or ''}".strip()


def error_text(message, status: int | None = None) -> Markup:
    """An error message in Latvian with the English beside it.

    The site's own messages are already bilingual ("Raksts nav atrasts / Article not
    found"); Datasette's are English ("Database not found: x"), so they get a Latvian line.
    """
    if isinstance(message, Markup):
        return message
    text = str(message or "")
    if " / " in text:
        return Markup("{}").format(text)
    head = text.split(":", 1)[0].strip()
    latvian = ERRORS.get(head) or STATUS_TEXT.get(status or 0) or "Kļūda"
    return Markup('{} <span class="en" lang="en">/ {}</span>').format(latvian, text or status)


# XML 1.0 allows neither C0 controls (but tab, LF, CR), nor surrogates, nor U+FFFE/U+FFFF;
# lxml refuses such a string, so one stored title would take a whole feed down.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value):
    """``value`` with every character XML 1.0 cannot carry removed (other values as they are)."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    return value


def http_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) link, else None: crawled links never become javascript: hrefs."""
    if url and isinstance(url, str) and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None
