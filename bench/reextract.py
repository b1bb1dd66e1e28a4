"""Re-extraction from WARC: archive.reextract.reextract on 1 and 2 (and all) worker processes.

A WARC archive of N article pages (TVP markup, bench/common.py) is written with
archive.warc.WarcFileWriter, each response carrying ``WARC-Novadi-Role: article``
and ``WARC-Novadi-Site: bench-novads``, and a database with that site registered.
Then, each run in its own process, alternating worker counts round by round:

  rebuild   reextract() into the empty database: every capture becomes an article
            through ArchiveWriter (what rebuilding a lost database does)
  in-place  reextract() over the database the rebuild made: every capture is the
            current version of a stored article and is refreshed in place
  plain     the same pages, decoded and extracted with crawler.extraction on a plain
            multiprocessing.Pool (imap, chunks of 8): no database, the control for
            what this machine's cores give right now

Throughput is captures per second of wall time; speedup is against 1 worker in the
same round. CPU seconds are split into the main process and its workers, from which
"2-core bound" is the best speedup two idle cores could give with that split
(total CPU / 2, or the main process's CPU if that is larger). Target: 1.8x on 2 cores.
On a shared machine other work takes cores away: the script measures how many a
busy loop gets ("effective cores") around every round, and the plain run shows what
this machine's cores gave at that moment.

    python bench/reextract.py                 # 2,000 pages, 1 round
    python bench/reextract.py --pages 5000 --rounds 2 --profile
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import (  # noqa: E402
    CACHE, PYTHON, article_page, effective_cores, median, peak_rss_mb, print_machine, site_articles, table,
)

SITE_ID = "bench-novads"
BASE = "https://www.zemgale.example.lv"
WARC_VERSION = 1


def bench_site():
    from crawler.registry import Registry, build_site, load_profiles

    profiles = load_profiles()
    site = build_site(SITE_ID, {"name": "Zemgales novada pašvaldība", "url": BASE + "/", "kind": "municipality",
                                "region": "zemgale", "profile": "tvp"}, profiles)
    return site, Registry(sites={SITE_ID: site}, profiles=profiles)


def warc_dir(count: int) -> Path:
    """The cached WARC archive of ``count`` article pages, written when missing."""
    from archive.warc import WarcFileWriter

    directory = CACHE / f"reextract-warc-{count}-v{WARC_VERSION}"
    if (directory / "done").exists():
        return directory
    shutil.rmtree(directory, ignore_errors=True)
    articles = site_articles(count, seed=23)
    latest = articles[:5]
    writer = WarcFileWriter(directory, operator="bench", max_size=256 * 1024 * 1024)
    headers = [("Server", "nginx"), ("Content-Type", "text/html; charset=utf-8")]
    request_headers = [("User-Agent", "novadi/0.1"), ("Accept", "text/html,application/xhtml+xml")]
    # Oldest first, as a crawl that walked the archive over the years would have captured them.
    for i, a in reversed(list(enumerate(articles))):
        body = article_page(a, latest, articles[i + 1:i + 4], BASE).encode("utf-8")
        writer.write(url=f"{BASE}/lv/jaunums/{a['slug']}", status=200, reason="OK",
                     response_headers=headers + [("Content-Length", str(len(body)))], body=body,
                     request_headers=request_headers,
                     extra={"WARC-Novadi-Site": SITE_ID, "WARC-Novadi-Role": "article"})
    writer.close()
    (directory / "done").write_text("")
    return directory


def empty_db(path: Path) -> None:
    from archive.db import open_db
    from archive.store import ArchiveWriter

    site, _ = bench_site()
    db = open_db(path)
    ArchiveWriter(db).register_sites([site])
    db.close()


# -- one run, in a child process ----------------------------------------------------

def child_run(mode: str, warcs: Path, db_path: Path, workers: int, profile: bool) -> dict:
    start_cpu = time.process_time()
    if mode == "plain":
        return plain_run(warcs, workers, start_cpu)
    from archive.db import open_db
    from archive.reextract import reextract

    _, registry = bench_site()
    db = open_db(db_path)
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        # Forked workers would inherit the profiler and run several times slower.
        os.register_at_fork(after_in_child=lambda: sys.setprofile(None))
        profiler.enable()
    t0 = time.perf_counter()
    report = reextract(db, warcs, registry, workers=workers)
    seconds = time.perf_counter() - t0
    if profiler:
        profiler.disable()
        import io
        import pstats

        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(14)
        sys.stderr.write(f"--- main process profile, {mode}, workers={workers} ---\n" + out.getvalue())
    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    db.close()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"seconds": seconds, "captures": report.captures, "extracted": report.articles,
            "outcomes": dict(report.outcomes), "skipped": dict(report.skipped), "articles": articles,
            "main_cpu": time.process_time() - start_cpu, "workers_cpu": children.ru_utime + children.ru_stime,
            "peak_mb": peak_rss_mb()}


def _plain_extract(job):
    from datetime import datetime

    from crawler.extraction import decode_html, extract

    site, url, body = job
    article = extract(decode_html(body, "text/html; charset=utf-8"), url, site,
                      fetched_at=datetime(2026, 11, 22))
    return article.is_article


def plain_run(warcs: Path, workers: int, start_cpu: float) -> dict:
    import multiprocessing

    from archive.warc import iter_responses

    site, _ = bench_site()
    t0 = time.perf_counter()
    jobs = ((site, url, body) for _, _, _, url, _, _, body, _ in iter_responses(warcs))
    if workers <= 1:
        results = [_plain_extract(job) for job in jobs]
    else:
        with multiprocessing.Pool(workers) as pool:
            results = list(pool.imap(_plain_extract, jobs, chunksize=8))
    seconds = time.perf_counter() - t0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"seconds": seconds, "captures": len(results), "extracted": sum(results), "outcomes": {},
            "skipped": {}, "articles": 0, "main_cpu": time.process_time() - start_cpu,
            "workers_cpu": children.ru_utime + children.ru_stime, "peak_mb": peak_rss_mb()}


def run(mode: str, warcs: Path, template: Path, workers: int, profile: bool) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"novadi-bench-reextract-{mode}-"))
    try:
        db = workdir / "novadi.db"
        if mode != "plain":
            shutil.copy(template, db)
        proc = subprocess.run(
            [PYTHON, str(Path(__file__)), "--child", mode, "--warcs", str(warcs), "--db", str(db),
             "--workers", str(workers)] + (["--profile"] if profile else []),
            capture_output=True, text=True)
        if profile:
            sys.stderr.write(proc.stderr[-6000:])
        lines = [l for l in proc.stdout.splitlines() if l.startswith("RESULT ")]
        if proc.returncode != 0 or not lines:
            sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
            raise SystemExit(f"{mode} run with {workers} workers failed (exit {proc.returncode})")
        return json.loads(lines[-1][len("RESULT "):])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def driver(args) -> int:
    print_machine()
    t0 = time.perf_counter()
    warcs = warc_dir(args.pages)
    size = sum(p.stat().st_size for p in warcs.glob("*.warc.gz"))
    print(f"WARC: {args.pages:,} article pages, {size / 2**20:.1f} MiB in {warcs}"
          + (f" (written in {time.perf_counter() - t0:.0f} s)" if time.perf_counter() - t0 > 1 else " (cached)"))
    cores = os.cpu_count() or 1
    counts = sorted({1, 2, cores} | {int(w) for w in args.workers.split(",") if w})
    modes = [m for m in args.modes.split(",") if m]
    scratch = Path(tempfile.mkdtemp(prefix="novadi-bench-reextract-"))
    try:
        empty = scratch / "empty.db"
        empty_db(empty)
        full = scratch / "full.db"
        if "in-place" in modes:
            # The database a rebuild leaves: every capture already an article.
            shutil.copy(empty, full)
            print("  preparing the in-place database (a rebuild on all cores) ...", flush=True)
            child = subprocess.run([PYTHON, str(Path(__file__)), "--child", "rebuild", "--warcs", str(warcs),
                                    "--db", str(full), "--workers", str(cores)], capture_output=True, text=True)
            prepared = [l for l in child.stdout.splitlines() if l.startswith("RESULT ")]
            if child.returncode or not prepared:
                sys.stderr.write(child.stderr[-3000:])
                raise SystemExit("preparing the in-place database failed")
            stored = json.loads(prepared[-1][len("RESULT "):])["articles"]
            if stored != args.pages:
                print(f"  WARNING: the in-place database holds {stored} articles, not {args.pages:,}: "
                      f"{json.loads(prepared[-1][len('RESULT '):])['skipped']}")
        results = {(m, w): [] for m in modes for w in counts}
        probes = [effective_cores(max(counts))]
        for round_number in range(args.rounds):
            for mode in modes:
                for workers in counts:
                    template = full if mode == "in-place" else empty
                    r = run(mode, warcs, template, workers, False)
                    results[(mode, workers)].append(r)
                    print(f"  round {round_number + 1} {mode} workers={workers}: {r['captures']:,} captures in "
                          f"{r['seconds']:.1f} s ({r['captures'] / r['seconds']:.1f}/s); CPU main {r['main_cpu']:.1f} s, "
                          f"workers {r['workers_cpu']:.1f} s; {r['outcomes'] or ''} {r['skipped'] or ''} "
                          f"load {os.getloadavg()[0]:.1f}", flush=True)
            probes.append(effective_cores(max(counts)))
        print(f"  effective cores for {max(counts)} busy processes, before and after each round: "
              + ", ".join(f"{p:.2f}" for p in probes))
        if args.profile:
            # Extra runs, not in the table: profiling slows the main process down.
            for mode in (m for m in modes if m != "plain"):
                run(mode, warcs, full if mode == "in-place" else empty, 2, True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    rows = []
    for mode in modes:
        base = results[(mode, 1)]
        for workers in counts:
            rs = results[(mode, workers)]
            speedups = [b["seconds"] / r["seconds"] for b, r in zip(base, rs)]
            main_cpu = median([r["main_cpu"] / r["captures"] for r in rs]) * 1000
            work_cpu = median([r["workers_cpu"] / r["captures"] for r in rs]) * 1000
            serial = median([(b["main_cpu"] + b["workers_cpu"]) / b["captures"] for b in base]) * 1000
            bound = serial / max(main_cpu, (main_cpu + work_cpu) / 2) if workers >= 2 else 1.0
            rows.append([mode, workers, median([r["captures"] / r["seconds"] for r in rs]), median(speedups),
                         main_cpu, work_cpu, bound, max(r["peak_mb"] for r in rs)])
    print()
    print(table(["mode", "workers", "captures/s", "speedup", "main CPU ms/capture", "workers CPU ms/capture",
                 "2-core bound", "peak MiB (main)"], rows,
                title=f"Re-extraction of {args.pages:,} captures (medians of {args.rounds} round(s); "
                      f"target: 1.8x on 2 cores)"))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000, help="article pages in the WARC archive (default 2000)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of every run (default 1)")
    parser.add_argument("--workers", default="", help="extra worker counts besides 1, 2 and all cores")
    parser.add_argument("--modes", default="rebuild,in-place,plain",
                        help="which runs: rebuild, in-place, plain (default all three)")
    parser.add_argument("--profile", action="store_true",
                        help="then profile the main process of a 2-worker run of each mode (printed, not timed)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--warcs", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        result = child_run(args.child, Path(args.warcs), Path(args.db), int(args.workers or 1), args.profile)
        print("RESULT " + json.dumps(result), flush=True)
        return 0
    return driver(args)


if __name__ == "__main__":
    sys.exit(main())
