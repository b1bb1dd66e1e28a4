"""A crawl run's coverage: the teasers its listings showed, and what became of them.

The spider keeps the account (:class:`crawler.discovery.teasers.TeaserLedger`); this
module asks the archive which teasers are articles there, writes the figures to the
run's ``crawl_runs`` row (migration 0010) and flags the run when its listings show
dated teasers while none is stored, or when less than ``threshold`` of the teasers
that should be articles are.
"""
from __future__ import annotations

import json
import logging

from crawler.discovery.teasers import Coverage, TeaserLedger, archived_teasers

logger = logging.getLogger(__name__)

THRESHOLD = 0.95


def account(db, site_id: str, ledger: TeaserLedger) -> Coverage:
    return ledger.account(archived_teasers(db, site_id, ledger.teasers))


def record(db, run_id: int, coverage: Coverage, *, undated: int = 0, threshold: float = THRESHOLD) -> list[str]:
    """Write the run's coverage; add its flags to those health set; return the coverage flags."""
    flags = coverage.flags(threshold)
    row = coverage.row() | {"undated": undated}
    current = db.execute("SELECT flags FROM crawl_runs WHERE id = ?", [run_id]).fetchone()
    if flags:
        earlier = current[0] if current and current[0] else ""
        row |= {"flagged": 1, "flags": "; ".join([f for f in [earlier] if f] + flags)}
        for flag in flags:
            logger.warning("coverage: %s", flag)
    db["crawl_runs"].update(run_id, row)
    return flags


def coverage_line(r: dict) -> str:
    """The run's coverage: teasers its listings showed, in the archive, dropped by reason."""
    if not r.get("teasers"):
        return "coverage: no listing teasers seen" + (f"; {r['undated']} stored undated" if r.get("undated") else "")
    dropped = json.loads(r.get("teasers_dropped") or "{}")
    share = f"{r['coverage']:.0%}" if r.get("coverage") is not None else "n/a"
    return (f"coverage {share}: {r['teasers']} teasers seen, {r['teasers_archived']} in the archive, dropped: "
            + (", ".join(f"{k} {v}" for k, v in sorted(dropped.items())) or "none")
            + (f"; {r['teaser_dates_differ']} teaser dates differ from the stored date"
               if r.get("teaser_dates_differ") else "")
            + (f"; {r['undated']} stored undated" if r.get("undated") else "")
            + (f"; missed: {r['coverage_missed']}" if r.get("coverage_missed") else ""))
