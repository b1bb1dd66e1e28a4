"""The publisher's own day for a moment a foreign page gives only in UTC.

Many publishing systems write ``datePublished`` in UTC ("2020-05-02T02:54:29Z"); the
article came out on the day its readers saw, in the publisher's zone (1 May in New
York). Latvian pages are dated in Europe/Riga elsewhere; this is for pages from other
countries. The country comes from the page: its declared locale (``og:locale``
``en_US``, ``<html lang="fr-CA">``), else its country-code domain (``.it``), never a
generic one (``.com``) or a country code sold as a brand (``.io``, ``.tv``). When every
time zone of that country puts the moment on the same day, that is the day; the moment
is kept in the zone when the country has one, else only the day is (its hour would be a
guess).
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytz

# country codes that domains use as words or brands rather than as countries
_BRAND_DOMAINS = {"io", "co", "tv", "me", "fm", "ai", "ly", "to", "ws", "cc", "gg", "sh", "ac"}
_REGION = re.compile(r"^[a-z]{2,3}[-_]([a-z]{2})$", re.IGNORECASE)


def publisher_country(meta: dict, html_lang: str | None, url: str) -> str | None:
    """The two-letter country the page says it is from, lower case, or None."""
    for declared in (meta.get("og:locale"), html_lang, meta.get("content-language")):
        match = _REGION.match((declared or "").strip())
        if match:
            return match.group(1).lower()
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return None
    code = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(code) == 2 and code.isalpha() and code not in _BRAND_DOMAINS:
        return "gb" if code == "uk" else code
    return None


@lru_cache(maxsize=256)
def _zones(country: str) -> tuple[ZoneInfo, ...]:
    zones = []
    for name in pytz.country_timezones.get(country.upper(), ()):
        try:
            zones.append(ZoneInfo(name))
        except ZoneInfoNotFoundError:
            continue
    return tuple(zones)


def local_day(moment: datetime, country: str | None) -> datetime | date | None:
    """``moment`` (aware) in the publisher's country: the moment in its zone when the
    country has one, its day when all its zones agree on it, else None."""
    if country is None or moment.tzinfo is None:
        return None
    zones = _zones(country)
    if not zones:
        return None
    local = [moment.astimezone(zone) for zone in zones]
    days = {value.date() for value in local}
    if len(days) != 1:
        return None
    return local[0] if len(zones) == 1 else days.pop()


def is_utc(moment) -> bool:
    return isinstance(moment, datetime) and moment.tzinfo is not None and moment.utcoffset() == timedelta(0)
