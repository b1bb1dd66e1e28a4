"""Which sites are due for a crawl, from their frequency and their last finished crawl."""
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


def is_due(frequency: str, last: datetime | None, now: datetime) -> bool:
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
