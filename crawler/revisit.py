"""The revisit policy: which archived articles a crawl asks for again, and why.

Plain values and functions, no Scrapy: the spider asks them, the tests call them.

- A sitemap ``lastmod`` or a feed entry's date that moved past what the archive
  recorded for the URL (the date it last listed, or else the moment the page was
  last fetched) brings a conditional refetch (``lastmod``/``feed``).
- Recent articles (published in the last ``recent_days``) are revisited on every
  incremental crawl (``recent``).
- Older ones are revisited when their last check is older than ``cycle_days``, at most
  ``cycle_per_crawl`` a crawl, the longest unchecked first (``cycle``), so the whole
  archive is checked over time without any one crawl growing with it.
- A full pass (every listing page, every known article) runs every ``full_pass``
  (a frequency or a cron expression, or ``never``) through ``novadi crawl --due``.

Every revisit is a conditional request (the stored capture's ETag and Last-Modified):
an unchanged page costs a 304 and no extraction.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

RIGA = ZoneInfo("Europe/Riga")
REASONS = ("lastmod", "feed", "recent", "cycle", "full")


@dataclass(frozen=True)
class RevisitPolicy:
    recent_days: int = 30        # published this recently: revisited on every crawl
    cycle_days: int = 90         # older articles: revisited when last checked this long ago
    cycle_per_crawl: int = 100   # at most this many older articles a crawl
    full_pass: str = "monthly"   # hourly, daily, weekly, monthly, a cron expression, or never

    FIELDS = ("recent_days", "cycle_days", "cycle_per_crawl", "full_pass")

    def merged(self, table: dict | None, where: str) -> "RevisitPolicy":
        """This policy with a registry or profile ``revisit`` table's values; raises
        ValueError naming ``where`` and the field on a bad one."""
        if not table:
            return self
        unknown = set(table) - set(self.FIELDS)
        if unknown:
            raise ValueError(f"{where}: unknown field 'revisit.{sorted(unknown)[0]}'")
        values = {}
        for f in fields(self):
            if f.name not in table:
                continue
            value = table[f.name]
            if f.name == "full_pass":
                if not isinstance(value, str) or not _valid_frequency(value):
                    raise ValueError(f"{where}: field 'revisit.full_pass': {value!r} is neither a frequency "
                                     "(hourly, daily, weekly, monthly), a cron expression nor 'never'")
            elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{where}: field 'revisit.{f.name}': must be a whole number ≥ 0")
            values[f.name] = value
        return replace(self, **values)

    def table(self) -> dict:
        return {name: getattr(self, name) for name in self.FIELDS}


def _valid_frequency(value: str) -> bool:
    from archive.schedule import INTERVALS

    if value == "never" or value in INTERVALS:
        return True
    from croniter import croniter

    return croniter.is_valid(value)


def parse_stamp(value: str | None) -> tuple[datetime, bool] | None:
    """A sitemap ``lastmod`` (W3C datetime), feed date or stored time as an aware
    datetime, and whether it named only a day; None when it is none of them."""
    if not value:
        return None
    text = str(value).strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time(0), tzinfo=RIGA), True
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=RIGA)   # a site's local time, as Latvian sites write it
    return when, False


def moved(listed: str | None, recorded: str | None, checked: str | None) -> bool:
    """Whether a date a sitemap or feed gives for a page (``listed``) is newer than what
    the archive holds: the date it recorded from that route last time (``recorded``),
    or, when it recorded none, the moment the page was last fetched (``checked``).

    Compared as moments, never as strings (``2026-05-01T10:00:00Z`` and
    ``2026-05-01T13:00:00+03:00`` are the same moment). A date without a time that
    falls on the day of the last fetch counts as moved: the day alone cannot tell
    whether the edit came before or after the fetch, and a conditional request costs
    little when it came before.
    """
    new = parse_stamp(listed)
    if new is None:
        return False
    old = parse_stamp(recorded)
    if old is not None:
        if new[1] or old[1]:
            return new[0].astimezone(RIGA).date() > old[0].astimezone(RIGA).date()
        return new[0] > old[0]
    seen = parse_stamp(checked)
    if seen is None:
        return True
    if new[1]:
        return new[0].date() >= seen[0].astimezone(RIGA).date()
    return new[0] > seen[0]


# A sitemap this long whose lastmods say nothing (see lastmods_informative).
GENERATED_LASTMODS_MIN = 10


def lastmods_informative(values, now: datetime | None = None) -> bool:
    """Whether a sitemap's ``lastmod`` values can say which pages changed. Some CMSs write
    the moment the sitemap was generated for every entry: all the same, or all within the
    last hour. Taken at their word, they would make every crawl revisit every page."""
    stamps = [parse_stamp(v) for v in values]
    stamps = [s for s in stamps if s is not None]
    if len(stamps) < GENERATED_LASTMODS_MIN:
        return True
    if len({s[0] for s in stamps}) == 1:
        return False
    if any(day_only for _, day_only in stamps):
        return True
    now = now or datetime.now(timezone.utc)
    return not all(abs(now - when) <= timedelta(hours=1) for when, _ in stamps)


@dataclass
class KnownArticle:
    """What the revisit policy needs to know of one archived article."""

    url: str                      # the URL to ask for (its canonical capture's)
    published: str | None = None
    first_seen: str | None = None
    checked: str | None = None    # last fetch of any of its URLs, whatever the answer
    gone: bool = False
    aliases: tuple[str, ...] = ()  # every URL it is archived under (canonical forms)


def is_recent(article: KnownArticle, policy: RevisitPolicy, now: datetime) -> bool:
    """Published within ``recent_days`` (an undated article: first seen within them)."""
    if policy.recent_days <= 0:
        return False
    since = (now.astimezone(RIGA) - timedelta(days=policy.recent_days)).date().isoformat()
    day = (article.published or article.first_seen or "")[:10]
    return bool(day) and day >= since


def plan(articles: list[KnownArticle], policy: RevisitPolicy, now: datetime | None = None) -> list[tuple[str, str]]:
    """``(url, reason)`` for every article this crawl revisits: the recent ones, then the
    slice of older ones whose last check is the oldest and older than ``cycle_days``.
    Articles marked gone are among them: a page that answered 404 once may come back."""
    now = now or datetime.now(timezone.utc)
    out, older = [], []
    for article in articles:
        if is_recent(article, policy, now):
            out.append((article.url, "recent"))
        else:
            older.append(article)
    if policy.cycle_days > 0 and policy.cycle_per_crawl > 0:
        limit = now - timedelta(days=policy.cycle_days)
        due = []
        for article in older:
            checked = parse_stamp(article.checked)
            if checked is None or checked[0] <= limit:
                due.append((checked[0] if checked else datetime.min.replace(tzinfo=timezone.utc), article.url))
        due.sort()
        out += [(url, "cycle") for _, url in due[:policy.cycle_per_crawl]]
    return out
