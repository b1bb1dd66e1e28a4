"""Dates as Latvian municipal sites print them, and as the ground truth states them.

Article data gives ``published`` as ``"2022-02-08"`` (the page shows a day) or
``"2022-02-08 10:15"`` (the page shows a time too). Times are Europe/Riga wall
clock; the expected ISO form carries the offset in force that day.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from email.utils import format_datetime
from zoneinfo import ZoneInfo

RIGA = ZoneInfo("Europe/Riga")

# Nominative, genitive, locative: "janvāris", "janvāra", "janvārī".
MONTHS = [
    ("janvāris", "janvāra", "janvārī"), ("februāris", "februāra", "februārī"),
    ("marts", "marta", "martā"), ("aprīlis", "aprīļa", "aprīlī"),
    ("maijs", "maija", "maijā"), ("jūnijs", "jūnija", "jūnijā"),
    ("jūlijs", "jūlija", "jūlijā"), ("augusts", "augusta", "augustā"),
    ("septembris", "septembra", "septembrī"), ("oktobris", "oktobra", "oktobrī"),
    ("novembris", "novembra", "novembrī"), ("decembris", "decembra", "decembrī"),
]
CASES = {"nom": 0, "gen": 1, "loc": 2}
WEEKDAYS = ["pirmdiena", "otrdiena", "trešdiena", "ceturtdiena", "piektdiena", "sestdiena", "svētdiena"]


def parse(value) -> date | datetime | None:
    """``"2022-02-08"`` -> date; ``"2022-02-08 10:15"`` -> aware datetime in Riga."""
    if isinstance(value, datetime):  # a TOML datetime: local Riga time unless it says otherwise
        return value if value.tzinfo else value.replace(tzinfo=RIGA)
    if value is None or isinstance(value, date):
        return value
    value = str(value).strip().replace("T", " ")
    if " " in value:
        return datetime.fromisoformat(value).replace(tzinfo=RIGA)
    return date.fromisoformat(value)


def day(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def has_time(value) -> bool:
    return isinstance(value, datetime)


def iso(value) -> str | None:
    """The ground-truth form: a date, or a datetime with seconds and the Riga offset."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(RIGA).replace(microsecond=0).isoformat()
    return value.isoformat()


def as_datetime(value) -> datetime:
    """A moment for headers and feeds; a bare day counts from local midnight."""
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(0, 0), tzinfo=RIGA)


def numeric(value, dot: bool = False) -> str:
    """``08.02.2022``, ``13.04.2017.`` (dot=True), ``08.02.2022 10:15`` when a time is known."""
    text = f"{value:%d.%m.%Y}" + ("." if dot else "")
    if isinstance(value, datetime):
        text += f" {value:%H:%M}"
    return text


def long(value, case: str = "loc", tight: bool = False) -> str:
    """``2020. gada 15. janvārī``; tight: ``2021.gada 15.jūnijā``; case nom/gen/loc."""
    month = MONTHS[value.month - 1][CASES[case]]
    if tight:
        return f"{value.year}.gada {value.day}.{month}"
    return f"{value.year}. gada {value.day}. {month}"


def weekday_long(value) -> str:
    """``Ceturtdiena, 08. Decembris, 2022.`` as a translated PHP date format prints it."""
    weekday = WEEKDAYS[value.weekday()].capitalize()
    month = MONTHS[value.month - 1][0].capitalize()
    return f"{weekday}, {value.day:02d}. {month}, {value.year}."


def day_month(value) -> str:
    """``12.aprīlī``: the year is left to context, as listings do."""
    return f"{value.day}.{MONTHS[value.month - 1][2]}"


def month_title(year: int, month: int) -> str:
    """``2022. gada marts`` for calendar headings."""
    return f"{year}. gada {MONTHS[month - 1][0]}"


def rfc822(value) -> str:
    """RSS pubDate."""
    return format_datetime(as_datetime(value).astimezone(RIGA))


def http_date(value: datetime) -> str:
    return format_datetime(value.astimezone(timezone.utc), usegmt=True)


def now() -> datetime:
    return datetime.now(RIGA).replace(second=0, microsecond=0)
