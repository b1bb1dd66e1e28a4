"""Which sites are due for a crawl, from their frequency and their last finished crawl,
and which of them are due for their full pass (the registry's ``revisit.full_pass``)."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from croniter import croniter

INTERVALS = {"hourly": timedelta(hours=1), "daily": timedelta(days=1),
             "weekly": timedelta(weeks=1), "monthly": timedelta(days=30)}
# A crawl started a little early (cron jitter, a slow previous run) still counts.
SLACK = 0.05


def last_finished(db_path: str | Path) -> dict[str, datetime]:
    """Start time of each site's last crawl that finished (not interrupted)."""
    path = Path(db_path)
    if not path.exists():
        return {}
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT site, max(started) FROM crawl_runs WHERE finished IS NOT NULL "
            "AND finish_reason = 'finished' GROUP BY site").fetchall()
    except sqlite3.OperationalError:
        return {}
    finally:
        conn.close()
    return {site: datetime.fromisoformat(started) for site, started in rows}


def last_full_pass(db_path: str | Path) -> dict[str, datetime]:
    """Start time of each site's last finished full pass: a finished full crawl, or its
    first finished crawl (which, with nothing archived yet, walked everything)."""
    path = Path(db_path)
    if not path.exists():
        return {}
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT site, max(CASE WHEN mode = 'full' THEN started END), min(started) FROM crawl_runs "
            "WHERE finished IS NOT NULL AND finish_reason = 'finished' GROUP BY site").fetchall()
    except sqlite3.OperationalError:
        return {}
    finally:
        conn.close()
    return {site: datetime.fromisoformat(full or first) for site, full, first in rows}


def is_due(frequency: str, last: datetime | None, now: datetime) -> bool:
    if frequency == "never":
        return False
    if last is None:
        return True
    if frequency in INTERVALS:
        interval = INTERVALS[frequency]
        return now - last >= interval * (1 - SLACK)
    return croniter(frequency, last).get_next(datetime) <= now


def due_sites(db_path: str | Path, sites, now: datetime | None = None) -> list[str]:
    now = now or datetime.now(timezone.utc)
    last = last_finished(db_path)
    return [s.id for s in sites if is_due(s.frequency, last.get(s.id), now)]


def due_crawls(db_path: str | Path, sites, now: datetime | None = None) -> dict[str, str]:
    """The sites due for a crawl, each with its mode: ``full`` when its full pass is due
    (even if its regular crawl is not), else ``incremental``."""
    now = now or datetime.now(timezone.utc)
    last, full = last_finished(db_path), last_full_pass(db_path)
    due = {}
    for site in sites:
        if site.id in full and is_due(site.revisit.full_pass, full[site.id], now):
            due[site.id] = "full"
        elif is_due(site.frequency, last.get(site.id), now):
            due[site.id] = "incremental"
    return due
