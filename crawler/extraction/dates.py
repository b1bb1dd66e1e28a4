"""Dates as Latvian municipal sites write them, turned into ISO 8601 in Europe/Riga.

``parse_date`` reads one date from a piece of text; :func:`find_dates` (in
``metadata``) decides which date on a page is the publication date. Forms handled:
``13.04.2017.``, ``08.02.2022``, ``13.04.2017 10:15``, ``2020. gada 15. janvārī``,
``2021.gada 15.jūnijā``, ``Ceturtdiena, 08. Decembris, 2022.``, ``12.aprīlī`` (year from
the reference date), abbreviated months (``15. janv. 2021``), ISO 8601, RFC 822 (feeds),
English and Russian month names, and, given the moment the page was fetched, dates
written relative to it (``Šodien, 10:15``, ``vakar plkst. 14:30``, ``pirms 3 dienām``,
``вчера в 18:00``, ``2 days ago``). A date only becomes ``2022-02-08``; a date with a
time becomes ``2022-02-08T10:15:00+02:00``.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

RIGA = ZoneInfo("Europe/Riga")
MIN_YEAR = 1995

# Latvian months in the cases dates use (nominative, genitive, locative, and the
# dative of "līdz 31. martam") and their
# abbreviations. Legacy pages sometimes drop the diacritics, so the long vowels
# and soft consonants accept their plain forms too.
_LV_MONTHS = {
    1: r"janv[āa]r(?:is|im|a|[īi])|janv\.?",
    2: r"febru[āa]r(?:is|im|a|[īi])|febr?\.?",
    3: r"mart(?:s|am|a|[āa])",
    4: r"apr[īi](?:lis|lim|[ļl]a|l[īi])|apr\.?",
    5: r"maij(?:s|am|a|[āa])",
    6: r"j[ūu]nij(?:s|am|a|[āa])|j[ūu]n\.?",
    7: r"j[ūu]lij(?:s|am|a|[āa])|j[ūu]l\.?",
    8: r"august(?:s|am|a|[āa])|aug\.?",
    9: r"septembr(?:is|im|a|[īi])|sept?\.?",
    10: r"oktobr(?:is|im|a|[īi])|okt\.?",
    11: r"novembr(?:is|im|a|[īi])|nov\.?",
    12: r"decembr(?:is|im|a|[īi])|dec\.?",
}
_EN_MONTHS = {
    1: r"january|jan\.?", 2: r"february|feb\.?", 3: r"march|mar\.?", 4: r"april|apr\.?",
    5: r"may", 6: r"june|jun\.?", 7: r"july|jul\.?", 8: r"august|aug\.?",
    9: r"september|sept?\.?", 10: r"october|oct\.?", 11: r"november|nov\.?", 12: r"december|dec\.?",
}
_RU_MONTHS = {
    1: r"январ[ья]", 2: r"феврал[ья]", 3: r"марта?", 4: r"апрел[ья]", 5: r"ма[йя]",
    6: r"июн[ья]", 7: r"июл[ья]", 8: r"августа?", 9: r"сентябр[ья]", 10: r"октябр[ья]",
    11: r"ноябр[ья]", 12: r"декабр[ья]",
}


def _month_group(months: dict[int, str]) -> str:
    # one named group per month so the match says which month it was
    return "(?:" + "|".join(f"(?P<m{n}>{pattern})" for n, pattern in months.items()) + ")"


def _month_of(match: re.Match) -> int:
    for n in range(1, 13):
        if match.group(f"m{n}"):
            return n
    raise ValueError("no month")


# What every form below needs: a four-digit year, or a day number followed by a
# Latvian month (the only form without a year). Most text with digits has neither,
# and one search spares it the nine patterns.
_MAYBE_DATE = re.compile(r"\d{4}|\d\.\s*[jfmasond]", re.IGNORECASE)
_B = r"(?<![\w.])"  # not inside a longer word or number
_E = r"(?![\w])"
_TIME = (
    r"(?:\s*,?\s*(?:(?:plkst\.?|kl\.?)\s*(?P<hh2>[01]?\d|2[0-3])[:.](?P<mi2>[0-5]\d)"
    r"|(?:at\s+|в\s+|-\s*)?(?P<hh>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?::(?P<ss>[0-5]\d))?)(?!\d)"
    # a zone written after the time ("Tue, Sep 15 2020 10:01:41 EDT", "15 March 2021 14:00 +0100")
    r"(?:\s*(?P<tz>[+-](?:0\d|1[0-4]):?[0-5]\d(?!\d)|(?:UTC|GMT|WET|WEST|CET|CEST|EET|EEST|MSK|EST|EDT|CST|CDT|MST|MDT|PST|PDT)"
    r"(?![A-Za-z])))?)?"
)
_WEEKDAY = (
    r"(?:(?:pirmdiena|otrdiena|tre[šs]diena|ceturtdiena|piektdiena|sestdiena|sv[ēe]tdiena"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s*)?"
)

_ISO = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<hh>\d{2}):(?P<mi>\d{2})(?::(?P<ss>\d{1,2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2}|(?:UTC|GMT|WET|WEST|CET|CEST|EET|EEST|MSK|EST|EDT|CST|CDT|MST|MDT|PST|PDT)(?![A-Za-z]))?)?"
    r"(?!\d)"
)
# Zone abbreviations that JSON-LD and meta tags write instead of an offset ("…T17:40:00EET").
_ZONES = {"UTC": 0, "GMT": 0, "WET": 0, "WEST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
          "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7}
# 13.04.2017. / 08.02.2022 / 13.04.2017 10:15 / 8.2.2022 / 13/04/2017
_NUMERIC = re.compile(
    _B + r"(?P<d>[0-3]?\d)\s?(?P<sep>[./])\s?(?P<mo>[01]?\d)\s?(?P=sep)\s?(?P<y>(?:19|20)\d\d)\.?(?!\d)" + _TIME,
    re.IGNORECASE,
)
# 2022.02.08 (year first, seen on some legacy pages)
_NUMERIC_YMD = re.compile(
    _B + r"(?P<y>(?:19|20)\d\d)\.\s?(?P<mo>[01]?\d)\.\s?(?P<d>[0-3]?\d)\.?(?!\d)" + _TIME
)
# 2020. gada 15. janvārī / 2021.gada 15.jūnijā / 2021. g. 29. decembris
_LV_YEAR_FIRST = re.compile(
    _B + r"(?P<y>(?:19|20)\d\d)\.?\s*(?:gada|g\.)\s*(?P<d>[0-3]?\d)\.\s*" + _month_group(_LV_MONTHS) + _E + _TIME,
    re.IGNORECASE,
)
# Ceturtdiena, 08. Decembris, 2022. / 15. janv. 2021 / 8. februārī 2022
_LV_DAY_FIRST = re.compile(
    _B + _WEEKDAY + r"(?P<d>[0-3]?\d)\.\s*" + _month_group(_LV_MONTHS) + r"(?:(?<=\.)|" + _E + r")"
    r",?\s*(?P<y>(?:19|20)\d\d)\.?(?:\s*(?:gada|g\.))?(?!\d)" + _TIME,
    re.IGNORECASE,
)
# Ceturtdiena, 12 Aprīlis 2018 10:15: Joomla's Latvian locale (strftime's "%A, %d %B %Y"),
# a day without its dot and the month in the nominative. Only whole month names and
# a year: "12 apr 2018" and a bare "12 maijs" are too loose to read as a date.
_LV_MONTHS_WHOLE = {n: pattern.rsplit("|", 1)[0] if pattern.endswith(r"\.?") else pattern
                    for n, pattern in _LV_MONTHS.items()}
_LV_DAY_SPACE = re.compile(
    _B + _WEEKDAY + r"(?P<d>[0-3]?\d)\s+" + _month_group(_LV_MONTHS_WHOLE)
    + _E + r",?\s+(?P<y>(?:19|20)\d\d)\.?(?!\d)" + _TIME,
    re.IGNORECASE,
)
# 12.aprīlī (no year)
_LV_NO_YEAR = re.compile(
    _B + _WEEKDAY + r"(?P<d>[0-3]?\d)\.\s*" + _month_group(_LV_MONTHS) + r"(?:(?<=\.)|" + _E + r")" + _TIME,
    re.IGNORECASE,
)
# 8 February 2022 / February 8, 2022 / Feb. 8, 2022
_EN_DAY_FIRST = re.compile(
    _B + _WEEKDAY + r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\.?\s+" + _month_group(_EN_MONTHS) + r"(?:(?<=\.)|" + _E + r"),?\s+(?P<y>(?:19|20)\d\d)(?!\d)" + _TIME,
    re.IGNORECASE,
)
_EN_MONTH_FIRST = re.compile(
    _B + _WEEKDAY + _month_group(_EN_MONTHS) + r"(?:(?<=\.)|" + _E + r")\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)" + _TIME,
    re.IGNORECASE,
)
_RU = re.compile(
    _B + r"(?P<d>[0-3]?\d)\s+" + _month_group(_RU_MONTHS) + _E + r"\s+(?P<y>(?:19|20)\d\d)(?:\s*(?:года|г\.))?(?!\d)" + _TIME,
    re.IGNORECASE,
)
_RFC822 = re.compile(
    r"(?:[A-Z][a-z]{2},\s*)?\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}\s+\d{2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|GMT|UT|UTC|Z|[A-Z]{3})"
)

# Order matters: the more specific forms first, so "2021. gada 15. jūnijā" is not
# read as a bare "15. jūnijā".
PATTERNS = (
    ("iso", _ISO),
    ("lv-year-first", _LV_YEAR_FIRST),
    ("numeric", _NUMERIC),
    ("lv-day-first", _LV_DAY_FIRST),
    ("lv-day-space", _LV_DAY_SPACE),
    ("numeric-ymd", _NUMERIC_YMD),
    ("en-day-first", _EN_DAY_FIRST),
    ("en-month-first", _EN_MONTH_FIRST),
    ("ru", _RU),
    ("lv-no-year", _LV_NO_YEAR),
)


# Dates written relative to the moment the page was fetched, as news pages show fresh items:
# "Šodien, 10:15", "vakar plkst. 14:30", "сегодня в 09:00", "yesterday at 18:05" (a day word
# only with its time: "šodien" alone is as often a menu's word), "pirms 3 dienām",
# "pirms 2 stundām", "5 часов назад", "2 days ago".
_DAY_WORD = re.compile(
    _B + r"(?P<word>šodien|sodien|vakar|aizvakar|сегодня|вчера|позавчера|today|yesterday)" + _E + _TIME,
    re.IGNORECASE,
)
_AGO = re.compile(
    _B + r"(?:pirms\s+(?P<n>\d{1,3})\s+(?P<unit>min[ūu]t\w*|stund\w*|dien\w*)"
    r"|(?P<n2>\d{1,3})\s+(?P<unit2>минут\w*|час\w*|дн(?:я|ей|ь)|minutes?|hours?|days?)\s+(?:назад|ago))" + _E,
    re.IGNORECASE,
)
_MAYBE_RELATIVE = re.compile(r"šodien|sodien|vakar|pirms\s+\d|сегодня|вчера|назад|today|yesterday|\bago\b",
                             re.IGNORECASE)
_DAYS_BACK = {"šodien": 0, "sodien": 0, "сегодня": 0, "today": 0, "vakar": 1, "вчера": 1, "yesterday": 1,
              "aizvakar": 2, "позавчера": 2}


def could_be_relative(text: str) -> bool:
    """False when ``text`` certainly holds no relative date (see :func:`relative_dates`)."""
    return _MAYBE_RELATIVE.search(text) is not None


_CLOCK = timedelta(minutes=5)


def _overlaps(match: re.Match, taken: list) -> bool:
    return any(start < match.end() and match.start() < end for start, end in taken)


def relative_dates(text: str, now: datetime, taken: list | None = None) -> list["DateMatch"]:
    """The relative dates in ``text``, read against ``now`` (the moment the page was
    fetched) in Riga: a day word with its time gives that moment, "N days ago" the day,
    "N hours (minutes) ago" the day it was then. Spans in ``taken`` are skipped."""
    local = now.astimezone(RIGA) if now.tzinfo else now.replace(tzinfo=RIGA)
    taken = taken or []
    found = []
    for match in _DAY_WORD.finditer(text):
        hour, minute = match.group("hh") or match.group("hh2"), match.group("mi") or match.group("mi2")
        if hour is None or _overlaps(match, taken):
            continue
        day = local.date() - timedelta(days=_DAYS_BACK[match.group("word").lower()])
        moment = datetime.combine(day, time(int(hour), int(minute), int(match.group("ss") or 0)), tzinfo=RIGA)
        # later than the fetch (a server's clock may run a little ahead) is not a date; within
        # minutes of it on either side is a clock showing the time, not when a post appeared
        if moment < local - _CLOCK:
            found.append(DateMatch(match.start(), match.end(), "relative", moment))
    for match in _AGO.finditer(text):
        if _overlaps(match, taken):
            continue
        count = int(match.group("n") or match.group("n2"))
        unit = (match.group("unit") or match.group("unit2")).lower()
        if unit.startswith(("min", "мин")):
            then = local - timedelta(minutes=count)
        elif unit.startswith(("stund", "час", "hour")):
            then = local - timedelta(hours=count)
        else:
            then = local - timedelta(days=count)
        found.append(DateMatch(match.start(), match.end(), "relative", then.date()))
    return found


class DateMatch:
    """One date found in a text: where, which form, and its value (date or aware datetime)."""

    __slots__ = ("start", "end", "form", "value")

    def __init__(self, start: int, end: int, form: str, value: date | datetime):
        self.start, self.end, self.form, self.value = start, end, form, value

    @property
    def day(self) -> date:
        return self.value.date() if isinstance(self.value, datetime) else self.value

    def iso(self) -> str:
        return to_iso(self.value)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"DateMatch({self.form}, {self.iso()}, {self.start}-{self.end})"


def to_iso(value: date | datetime, riga: bool = True) -> str:
    """``2022-02-08`` for a day, ``2022-02-08T10:15:00+02:00`` (Europe/Riga) for a moment.

    ``riga=False`` keeps a moment's own UTC offset (pages from elsewhere date their
    articles in their own time zone).
    """
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=RIGA)
        return (value.astimezone(RIGA) if riga else value).isoformat(timespec="seconds")
    return value.isoformat()


def _build(match: re.Match, form: str, reference: date) -> date | datetime | None:
    groups = match.groupdict()
    if form in ("iso", "numeric", "numeric-ymd"):
        month = int(groups["mo"])
    else:
        month = _month_of(match)
    day = int(groups["d"])
    if form == "lv-no-year":
        year = reference.year
        try:
            if date(year, month, day) > reference:
                year -= 1
        except ValueError:
            year -= 1
    else:
        year = int(groups["y"])
    if year < MIN_YEAR:
        return None
    try:
        day_value = date(year, month, day)
    except ValueError:
        return None
    hour, minute = groups.get("hh") or groups.get("hh2"), groups.get("mi") or groups.get("mi2")
    if hour is None:
        return day_value
    seconds = int(groups["ss"]) if groups.get("ss") else 0
    moment = datetime.combine(day_value, time(int(hour), int(minute), seconds))
    tz = groups.get("tz")
    if tz:
        if tz == "Z":
            return moment.replace(tzinfo=timezone.utc)
        if tz in _ZONES:
            return moment.replace(tzinfo=timezone(timedelta(hours=_ZONES[tz])))
        sign = 1 if tz[0] == "+" else -1
        digits = tz[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        return moment.replace(tzinfo=timezone(sign * offset))
    if form == "iso" and moment.time() == time(0, 0) and not groups.get("ss"):
        # "2022-02-08T00:00" is how many CMSs write a bare day
        return day_value
    return moment.replace(tzinfo=RIGA)


def could_hold_date(text: str) -> bool:
    """False when ``text`` certainly holds no date :func:`find_all` would find."""
    return _MAYBE_DATE.search(text) is not None


def find_all(text: str, reference: date | None = None, year_reference: date | None = None,
             now: datetime | None = None) -> list[DateMatch]:
    """Every date in ``text`` in order of position; overlapping weaker readings are dropped.

    Dates after ``reference`` (default: today in Riga) are left out. A date written
    without a year takes the latest year that puts it on or before ``year_reference``
    (default: ``reference``), e.g. the year in the page's URL. With ``now`` (the moment
    the page was fetched), dates written relative to it are read too ("vakar, 14:30").
    """
    if not text:
        return []
    reference = reference or datetime.now(RIGA).date()
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    if not _MAYBE_DATE.search(text):
        if now is not None and _MAYBE_RELATIVE.search(text):
            return [m for m in relative_dates(text, now) if m.day <= reference]
        return []
    # RFC 822 first ("Wed, 04 May 2022 00:25:56 GMT"): its zone must not be read as local time
    for rfc in _RFC822.finditer(text):
        try:
            value = parsedate_to_datetime(rfc.group(0))
        except (TypeError, ValueError, IndexError):
            continue
        taken.append(rfc.span())
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        if MIN_YEAR <= value.year and value.astimezone(RIGA).date() <= reference:
            found.append(DateMatch(rfc.start(), rfc.end(), "rfc822", value))
    for form, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            try:
                value = _build(match, form, min(year_reference, reference) if year_reference and form == "lv-no-year" else reference)
            except (ValueError, OverflowError):
                value = None
            # a rejected reading still claims its text: "1990. gada 3. maijā" is not "3. maijā"
            taken.append((start, end))
            if value is None:
                continue
            found_match = DateMatch(start, end, form, value)
            if found_match.day <= reference:
                found.append(found_match)
    if now is not None and _MAYBE_RELATIVE.search(text):
        found.extend(m for m in relative_dates(text, now, taken) if m.day <= reference)
    found.sort(key=lambda m: m.start)
    return found


def parse_date(text: str, *, reference: date | None = None) -> str | None:
    """The first date in ``text`` as ISO 8601 (Europe/Riga), or None; never raises.

    ``reference`` (default: today) supplies the year of dates written without one and
    is the latest date accepted: a date after it is ignored.
    """
    try:
        if isinstance(reference, datetime):
            reference = reference.astimezone(RIGA).date() if reference.tzinfo else reference.date()
        matches = find_all(str(text)[:5000], reference)
        return matches[0].iso() if matches else None
    except Exception:  # noqa: BLE001 - a date is optional; bad input must never stop extraction
        return None


def parse_datetime(text: str, *, reference: date | None = None) -> date | datetime | None:
    """Like :func:`parse_date` but returns the value (``date`` or aware ``datetime``)."""
    try:
        matches = find_all(str(text)[:5000], reference)
        return matches[0].value if matches else None
    except Exception:  # noqa: BLE001
        return None
