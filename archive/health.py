"""Crawl health: is a site still yielding real articles, or has extraction broken?

Per site per run: the share of articles with a date, the median body length,
the share of near-empty bodies, the share of bodies holding a line repeated on
many of the site's pages (boilerplate leaking in), and titles equal to the site
name; each compared with the site's own past runs. A site that yields nothing
where it used to, or whose figures drop, is flagged.
"""
from __future__ import annotations

import json
import statistics
from collections import Counter

NEAR_EMPTY = 200          # characters
REPEATED_LINE_SHARE = 0.3  # a line on this share of a site's articles is boilerplate
MIN_FOR_BASELINE = 5       # articles a run needs before its figures count


def figures(bodies: list[tuple[str | None, str | None, str]], site_name: str) -> dict:
    """Health figures of a set of (title, published, body) rows."""
    n = len(bodies)
    if n == 0:
        return {"articles": 0}
    lengths = [len(b or "") for _, _, b in bodies]
    line_counts: Counter = Counter()
    for _, _, body in bodies:
        line_counts.update({line.strip() for line in (body or "").split("\n") if len(line.strip()) >= 20})
    threshold = max(3, REPEATED_LINE_SHARE * n)
    repeated = {line for line, c in line_counts.items() if c >= threshold}
    leaking = sum(1 for _, _, b in bodies if repeated & {l.strip() for l in (b or "").split("\n")})
    name = (site_name or "").strip().casefold()
    return {
        "articles": n,
        "dated_share": round(sum(1 for _, p, _ in bodies if p) / n, 3),
        "median_body": int(statistics.median(lengths)),
        "near_empty_share": round(sum(1 for x in lengths if x < NEAR_EMPTY) / n, 3),
        "boilerplate_share": round(leaking / n, 3),
        "title_is_site_share": round(sum(1 for t, _, _ in bodies if (t or "").strip().casefold() == name) / n, 3),
    }


# Drops of article pages that say extraction (or the site) broke; the others
# (a guessed link that was a listing, a duplicate URL) are ordinary crawling.
BROKEN_DROPS = {"empty", "no-title", "error", "extraction-error", "not-text"}


def compare(current: dict, past: list[dict], run_articles: int, past_run_articles: list[int],
            *, candidates: int | None = None, full: bool = False) -> list[str]:
    """Reasons to flag the site, comparing this run with its past runs.

    ``candidates`` is how many article pages the run fetched (stored or dropped).
    An incremental run that finds nothing new is healthy; a run that fetched
    article pages and got no articles out of them is not.
    """
    flags = []
    # One page that came out empty is not a broken site: an incremental run also fetches
    # the odd page a sitemap names (contacts, a form) that is judged again each time.
    if run_articles == 0 and any(a > 0 for a in past_run_articles[-3:]) and (full or (candidates or 0) > 1):
        flags.append("no articles this run (previous runs had some)")
    if candidates and candidates >= 3 and run_articles < 0.5 * candidates:
        flags.append(f"only {run_articles} of {candidates} article pages yielded an article")
    if current.get("articles", 0) < MIN_FOR_BASELINE:
        return flags
    baseline = [p for p in past if p.get("articles", 0) >= MIN_FOR_BASELINE]
    if current["near_empty_share"] > 0.5:
        flags.append(f"{current['near_empty_share']:.0%} near-empty bodies")
    if current["title_is_site_share"] > 0.3:
        flags.append(f"{current['title_is_site_share']:.0%} titles equal to the site name")
    if current["boilerplate_share"] > 0.5:
        flags.append(f"{current['boilerplate_share']:.0%} bodies share repeated text")
    if baseline:
        dated = statistics.median(p["dated_share"] for p in baseline)
        median_body = statistics.median(p["median_body"] for p in baseline)
        if current["dated_share"] < dated - 0.3:
            flags.append(f"dated share fell from {dated:.0%} to {current['dated_share']:.0%}")
        if median_body and current["median_body"] < 0.5 * median_body:
            flags.append(f"median body fell from {median_body:.0f} to {current['median_body']} characters")
        boiler = statistics.median(p["boilerplate_share"] for p in baseline)
        if current["boilerplate_share"] > boiler + 0.3:
            flags.append(f"boilerplate share rose from {boiler:.0%} to {current['boilerplate_share']:.0%}")
    return flags


def record(db, site_id: str, run_id: int) -> dict:
    """Compute and store the health of one run: figures over the articles it touched."""
    run = db.execute("SELECT started, new, changed, unchanged, dropped, mode FROM crawl_runs WHERE id = ?",
                     [run_id]).fetchone()
    if run is None:
        return {}
    started = run[0]
    site_name = (db.execute("SELECT name FROM sites WHERE id = ?", [site_id]).fetchone() or [""])[0]
    rows = db.execute(
        "SELECT title, published, body FROM articles WHERE site = ? AND last_seen >= ? AND redacted = 0",
        [site_id, started]).fetchall()
    current = figures(rows, site_name)
    past_rows = db.execute(
        "SELECT health, new + changed + unchanged FROM crawl_runs WHERE site = ? AND id < ? "
        "AND finished IS NOT NULL AND finish_reason != 'interrupted' ORDER BY id", [site_id, run_id]).fetchall()
    past = [json.loads(h) for h, _ in past_rows if h]
    run_articles = (run[1] or 0) + (run[2] or 0) + (run[3] or 0)
    dropped = json.loads(run[4] or "{}")
    candidates = run_articles + sum(v for k, v in dropped.items() if k in BROKEN_DROPS)
    flags = compare(current, past, run_articles, [a or 0 for _, a in past_rows],
                    candidates=candidates, full=run[5] == "full")
    db["crawl_runs"].update(run_id, {"health": json.dumps(current, sort_keys=True),
                                     "flagged": 1 if flags else 0, "flags": "; ".join(flags) or None})
    return {"figures": current, "flags": flags}
