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
