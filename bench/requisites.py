"""Storage cost of page requisites: WARC bytes per article, first crawl and unchanged re-crawl.

Crawls the sample world (every sample site, served on loopback) into fresh archives,
in the same run:

- ``pages only``: ``--no-requisites`` (the archive as it was without requisites);
- ``requisites``: stylesheets, fonts and images, a payload stored once (revisits);
- ``requisites, no dedup``: the same, every payload written again
  (``-s NOVADI_REQUISITE_DEDUP=False``), the plain alternative.

Each archive is crawled twice: a first crawl, then an unchanged ``--full`` re-crawl.
The sample sites answer conditional requests (an unchanged article is a 304, and
its requisites are not asked for again); ``--no-validators`` makes them send no
ETag or Last-Modified, as many legacy sites do, so the re-crawl fetches every
article and requisite again. Prints WARC bytes (gzip records, as stored), per
article, and the requisites' requests and bytes received as ``crawl_runs`` records them.

    python bench/requisites.py
    python bench/requisites.py --no-validators
    python bench/requisites.py --rounds 3
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VARIANTS = {
    "pages only": ["--no-requisites"],
    "requisites": [],
    "requisites, no dedup": ["-s", "NOVADI_REQUISITE_DEDUP=False"],
}
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "LOG_LEVEL": "WARNING"}


def warc_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in (folder / "warc").glob("*.warc.gz"))


def crawl(world, db: Path, extra: list[str], full: bool) -> float:
    from crawler.registry import dump_entries

    registry = db.parent / "sites.toml"
    registry.write_text(dump_entries(world.registry_entries()), encoding="utf-8")
    args = [sys.executable, "-m", "archive", "crawl", *world.site_ids, "--db", str(db), "--registry", str(registry),
            *extra, *(["--full"] if full else [])]
    for name, value in FAST.items():
        args += ["-s", f"{name}={value}"]
    started = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "NOVADI_CONTACT": "bench@example.org"})
    if result.returncode not in (0, 1) or "Traceback" in result.stderr:
        raise SystemExit(result.stdout + result.stderr[-3000:])
    return time.perf_counter() - started


def run_figures(db: Path) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(
            "SELECT id, requests, requisite_requests, requisite_bytes, requisite_revisits FROM crawl_runs ORDER BY id")]
    finally:
        conn.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--no-validators", action="store_true", help="the sites send no ETag or Last-Modified")
    options = parser.parse_args()
    from crawler.sample_sites.server import SampleWorld

    rows = []
    with SampleWorld() as world, tempfile.TemporaryDirectory(prefix="novadi-bench-requisites-") as tmp:
        world.validators = not options.no_validators
        for round_number in range(options.rounds):
            for name, extra in VARIANTS.items():
                folder = Path(tmp) / f"{round_number}-{name.replace(' ', '_').replace(',', '')}"
                folder.mkdir()
                db = folder / "novadi.db"
                first_time = crawl(world, db, extra, full=False)
                first = warc_bytes(folder)
                articles = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
                second_time = crawl(world, db, extra, full=True)
                second = warc_bytes(folder) - first
                runs = run_figures(db)
                sites = len(world.site_ids)
                rows.append({
                    "variant": name, "round": round_number + 1, "articles": articles,
                    "first": first, "second": second,
                    "first_requests": sum(r["requests"] for r in runs[:sites]),
                    "second_requests": sum(r["requests"] for r in runs[sites:]),
                    "req_first": sum(r["requisite_requests"] or 0 for r in runs[:sites]),
                    "req_second": sum(r["requisite_requests"] or 0 for r in runs[sites:]),
                    "req_bytes": sum(r["requisite_bytes"] or 0 for r in runs[:sites]),
                    "revisits_second": sum(r["requisite_revisits"] or 0 for r in runs[sites:]),
                    "first_time": first_time, "second_time": second_time,
                })
    print(f"{'variant':<22} {'rnd':>3} {'articles':>8} {'1st crawl B':>12} {'B/article':>10} {'re-crawl B':>11} "
          f"{'B/article':>10} {'requests 1st/2nd':>17} {'requisite req 1st/2nd':>22} {'received B 1st':>14} "
          f"{'revisits 2nd':>12} {'s 1st/2nd':>11}")
    for r in rows:
        print(f"{r['variant']:<22} {r['round']:>3} {r['articles']:>8} {r['first']:>12,} {r['first'] / r['articles']:>10,.0f} "
              f"{r['second']:>11,} {r['second'] / r['articles']:>10,.0f} "
              f"{str(r['first_requests']) + '/' + str(r['second_requests']):>17} "
              f"{str(r['req_first']) + '/' + str(r['req_second']):>22} {r['req_bytes']:>14,} {r['revisits_second']:>12} "
              f"{r['first_time']:>5.1f}/{r['second_time']:<5.1f}")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} (2 cores, shared machine)")


if __name__ == "__main__":
    main()
