"""``novadi status``: one line per site, flagged sites first in the exit code."""
from __future__ import annotations

import json


def site_status(db) -> list[dict]:
    """The latest finished-or-interrupted run of every site that has one, with totals."""
    rows = db.execute(
        """SELECT s.id, s.name,
                  (SELECT count(*) FROM articles a WHERE a.site = s.id) AS articles,
                  r.id, r.started, r.finished, r.finish_reason, r.new, r.changed, r.gone,
                  r.health, r.flagged, r.flags, r.coverage, r.teasers,
                  r.revisited, r.revisit_reasons, r.revisit_unchanged, r.revisit_changed, r.revisit_gone
           FROM sites s
           LEFT JOIN crawl_runs r ON r.id = (SELECT max(id) FROM crawl_runs WHERE site = s.id)
           ORDER BY s.id""").fetchall()
    out = []
    for (sid, name, articles, run, started, finished, reason, new, changed, gone, health, flagged, flags,
         coverage, teasers, revisited, reasons, unchanged, revisit_changed, revisit_gone) in rows:
        out.append({"site": sid, "name": name, "articles": articles, "run": run, "started": started,
                    "coverage": coverage, "teasers": teasers or 0,
                    "revisited": revisited or 0, "revisit_reasons": reasons, "revisit_unchanged": unchanged or 0,
                    "revisit_changed": revisit_changed or 0, "revisit_gone": revisit_gone or 0,
                    "finished": finished, "finish_reason": reason, "new": new or 0, "changed": changed or 0,
                    "gone": gone or 0, "health": json.loads(health) if health else {},
                    "flagged": bool(flagged) or (run is not None and reason not in ("finished", None)),
                    "flags": flags or ("" if reason in ("finished", None) else f"last run ended: {reason}")})
    return out


def format_line(s: dict) -> str:
    if s["run"] is None:
        return f"{s['site']:32} never crawled"
    h = s["health"]
    health = (f"dated {h.get('dated_share', 0):.0%}, median body {h.get('median_body', 0)}, "
              f"near-empty {h.get('near_empty_share', 0):.0%}, boilerplate {h.get('boilerplate_share', 0):.0%}"
              if h.get("articles") else "no articles in last run")
    flag = f"  FLAGGED: {s['flags']}" if s["flagged"] else ""
    coverage = (f"; coverage {s['coverage']:.0%} of {s['teasers']} teasers" if s.get("coverage") is not None
                else "; no listing teasers seen")
    revisits = f"; {revisit_line(s)}" if s.get("revisited") else ""
    return (f"{s['site']:32} last {s['started'][:16]} {s['finish_reason'] or 'running'}; "
            f"{s['articles']} articles, {s['new']} new; {health}{coverage}{revisits}{flag}")


def revisit_line(run: dict) -> str:
    """``revisited 12 (recent 9, lastmod 3): 10 unchanged, 1 changed, 1 gone``."""
    reasons = json.loads(run.get("revisit_reasons") or "{}")
    why = ", ".join(f"{k} {v}" for k, v in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])))
    return (f"revisited {run['revisited']}" + (f" ({why})" if why else "")
            + f": {run['revisit_unchanged'] or 0} unchanged, {run['revisit_changed'] or 0} changed, "
            f"{run['revisit_gone'] or 0} gone")
