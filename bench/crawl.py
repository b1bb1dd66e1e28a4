"""Crawl throughput: novadi's spider beside a bare Scrapy spider, on a local synthetic site.

A page server (its own process, asyncio, pages rendered once in memory) serves N
article pages with TVP markup (see bench/common.py) and the paginated listing
/lv/jaunumi?page=N, 10 teasers a page, linking them. Four crawls of it, each in
its own process (Scrapy's reactor runs once per process):

  a  bare        a plain Scrapy spider: listings -> article pages, nothing else
  b  novadi      novadi's spider, no item pipelines (fetch + discovery + WARC capture)
  c  bare+traf   the bare spider calling trafilatura.extract() on each article page
  d  novadi full novadi's crawl: extraction, dedup, SQLite storage, WARC capture
  e  novadi, 1 core  (d) with every page extracted in the crawl's own process
                     (NOVADI_EXTRACT_WORKERS=0), as the bare spiders do

(d) extracts pages in worker processes (crawler/extraction/workers.py; one on a 2-core
machine). CPU time counts the crawl's process and its workers.

All four run with politeness off and the same concurrency (CONCURRENT_REQUESTS =
CONCURRENT_REQUESTS_PER_DOMAIN = --concurrency, DOWNLOAD_DELAY=0, AutoThrottle off,
robots.txt not obeyed, cookies off, log level INFO to a file). Variants alternate
round by round (a b c d a b c d ...), so load on a shared machine hits them alike;
ratios are taken within a round, then their median is printed.

    python bench/crawl.py                     # 10,000 pages, 2 rounds (about 12 minutes)
    python bench/crawl.py --pages 2000        # a quicker look
    python bench/crawl.py --bare-tuned        # the bare spider with novadi's Scrapy settings too
    python bench/crawl.py --pages 2000 --variants c,d --rounds 1 --profile
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import PYTHON, PageServer, median, peak_rss_mb, print_machine, table  # noqa: E402

VARIANTS = {
    "a": "bare Scrapy spider",
    "b": "novadi crawl, no pipelines (fetch+discovery+WARC)",
    "c": "bare Scrapy spider + trafilatura.extract",
    "d": "novadi full crawl (extract+dedup+SQLite+WARC)",
    "e": "novadi full crawl, extraction in the crawl's process",
}
SITE_ID = "bench-novads"
ARTICLE = re.compile(r"/lv/jaunums/[^/?#]+$")
LISTING = re.compile(r"/lv/jaunumi(\?page=\d+)?$")


def politeness_off(concurrency: int) -> dict:
    return {
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "DOWNLOAD_DELAY": 0,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "ROBOTSTXT_OBEY": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "INFO",
    }


# -- one variant, in this process --------------------------------------------------

# Two Scrapy settings novadi's crawler changes from Scrapy's defaults to cut per-response
# overhead (see crawler/settings.py); --bare-tuned gives them to the bare spider too.
NOVADI_SCRAPY_TUNING = {"CONCURRENT_ITEMS": 4, "WARN_ON_GENERATOR_RETURN_VALUE": False}


def run_bare(base: str, workdir: Path, concurrency: int, extract: bool, profile: bool = False,
             tuned: bool = False) -> dict:
    import scrapy
    from scrapy.crawler import CrawlerProcess

    if extract:
        import trafilatura

    class BareSpider(scrapy.Spider):
        name = "bare"
        articles = 0

        async def start(self):
            yield scrapy.Request(base + "/lv/jaunumi", callback=self.parse_listing)

        def parse_listing(self, response):
            for href in response.css("a::attr(href)").getall():
                url = response.urljoin(href)
                if ARTICLE.search(url):
                    yield scrapy.Request(url, callback=self.parse_article)
                elif LISTING.search(url):
                    yield scrapy.Request(url, callback=self.parse_listing)

        def parse_article(self, response):
            BareSpider.articles += 1
            if extract:
                yield {"url": response.url, "text": trafilatura.extract(response.text, url=response.url)}

    settings = politeness_off(concurrency) | {
        "LOG_FILE": str(workdir / "crawl.log"),
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "USER_AGENT": "novadi-bench",
    } | (NOVADI_SCRAPY_TUNING if tuned else {})
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler)
    return _timed(process, crawler, lambda: {"articles": BareSpider.articles}, profile)


def run_novadi(base: str, workdir: Path, concurrency: int, pipelines: bool, profile: bool = False,
               extract_workers: str = "auto") -> dict:
    from scrapy.crawler import CrawlerProcess

    from crawler.runner import project_settings
    from crawler.spiders.site import SiteSpider

    registry = workdir / "sites.toml"
    registry.write_text(f'[{SITE_ID}]\nname = "Zemgales novada pašvaldība"\nurl = "{base}/"\n'
                        f'kind = "municipality"\nregion = "zemgale"\nprofile = "tvp"\n', encoding="utf-8")
    db = workdir / "novadi.db"
    overrides = politeness_off(concurrency) | {
        "LOG_FILE": str(workdir / "crawl.log"),
        "NOVADI_DB": str(db),
        "NOVADI_WARC_DIR": str(workdir / "warc"),
        "NOVADI_REGISTRY": str(registry),
        "NOVADI_CRAWL_MODE": "full",
        "NOVADI_PROGRESS": False,
        "NOVADI_EXTRACT_WORKERS": extract_workers,
    }
    if not pipelines:
        overrides["ITEM_PIPELINES"] = {}
    # As crawler.runner.run_crawls does, keeping hold of the crawler to read its stats.
    settings = project_settings(overrides)
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(SiteSpider)
    process.crawl(crawler, site=SITE_ID)

    def extra():
        out = {"articles": crawler.stats.get_value("item_scraped_count", 0) if not pipelines else None}
        if pipelines and db.exists():
            import sqlite3

            conn = sqlite3.connect(db)
            out["articles"] = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            conn.close()
        return out

    return _timed(process, crawler, extra, profile)


# Where a profiled crawl's time goes: (label, file suffix, function name), by cumulative time.
STAGES = [
    ("extraction pipeline", "pipelines/extract.py", "process_item"),
    ("  crawler.extraction.extract", "crawler/extraction/core.py", "extract"),
    ("  trafilatura.bare_extraction", "trafilatura/core.py", "bare_extraction"),
    ("trafilatura.extract (bare spider)", "trafilatura/core.py", "extract"),
    ("dedup pipeline", "pipelines/dedup.py", "process_item"),
    ("store pipeline", "pipelines/store.py", "process_item"),
    ("after the run (health, clustering)", "pipelines/store.py", "spider_closed"),
    ("WARC capture", "crawler/warc.py", "response_downloaded"),
    ("listing pages (discovery)", "crawler/spiders/site.py", "parse_listing"),
    ("article pages (spider)", "crawler/spiders/site.py", "parse_article"),
    ("  decode_html", "crawler/extraction/decode.py", "decode_html"),
]


def _profile_report(profiler, responses: int) -> str:
    import pstats

    stats = pstats.Stats(profiler).stats
    total = max(v[3] for v in stats.values())
    lines = [f"profile: {total:.1f} s in all; per stage, cumulative, ms per response:"]
    for label, suffix, name in STAGES:
        found = [v for (file, _, func), v in stats.items() if file.endswith(suffix) and func == name]
        if found:
            cum = sum(v[3] for v in found)
            lines.append(f"  {label:38s} {1000 * cum / responses:7.2f}  ({100 * cum / total:4.1f}%)")
    return "\n".join(lines)


def _cpu_seconds() -> float:
    """CPU time of this process and of the children it has reaped: the extraction
    workers, which the pool joins when the crawl closes."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _timed(process, crawler, extra, profile: bool = False) -> dict:
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start, cpu = time.perf_counter(), _cpu_seconds()
    process.start()
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    if profiler:
        profiler.disable()
        if os.environ.get("NOVADI_BENCH_PSTATS"):  # the whole profile, for pstats
            profiler.dump_stats(os.environ["NOVADI_BENCH_PSTATS"] + f".{os.getpid()}")
        sys.stderr.write(_profile_report(profiler, crawler.stats.get_value("response_received_count", 1)) + "\n")
    stats = crawler.stats.get_stats()
    dropped = {k: v for k, v in stats.items() if k.startswith(("novadi/dropped/", "item_dropped_reasons"))}
    return {"seconds": seconds, "cpu": cpu, "responses": stats.get("response_received_count", 0),
            "errors": stats.get("log_count/ERROR", 0), "finish": stats.get("finish_reason"),
            "dropped": dropped, "peak_mb": peak_rss_mb(), **extra()}


def variant_main(args) -> int:
    workdir = Path(args.workdir)
    if args.variant in ("a", "c"):
        result = run_bare(args.base, workdir, args.concurrency, extract=args.variant == "c", profile=args.profile,
                          tuned=args.bare_tuned)
    else:
        result = run_novadi(args.base, workdir, args.concurrency, pipelines=args.variant in ("d", "e"),
                            profile=args.profile, extract_workers="0" if args.variant == "e" else "auto")
    warc = workdir / "warc"
    result["warc_bytes"] = sum(p.stat().st_size for p in warc.glob("*")) if warc.exists() else 0
    print("RESULT " + json.dumps(result), flush=True)
    return 0


# -- the driver --------------------------------------------------------------------

def run_variant(variant: str, server: PageServer, concurrency: int, keep: Path | None,
                profile: bool = False, bare_tuned: bool = False) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"novadi-bench-crawl-{variant}-"))
    try:
        server_cpu = server.cpu_seconds()
        proc = subprocess.run(
            [PYTHON, str(Path(__file__)), "--variant", variant, "--base", server.base,
             "--workdir", str(workdir), "--concurrency", str(concurrency)] + (["--profile"] if profile else [])
            + (["--bare-tuned"] if bare_tuned else []),
            capture_output=True, text=True, cwd=workdir,
        )
        if profile and "profile:" in proc.stderr:
            report = proc.stderr[proc.stderr.index("profile:"):].strip()
            print(f"  ({variant}) " + report.replace("\n", "\n  "))
        lines = [l for l in proc.stdout.splitlines() if l.startswith("RESULT ")]
        if proc.returncode != 0 or not lines:
            sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
            log = workdir / "crawl.log"
            if log.exists():
                sys.stderr.write(log.read_text()[-3000:])
            raise SystemExit(f"variant {variant} failed (exit {proc.returncode})")
        result = json.loads(lines[-1][len("RESULT "):])
        result["server_cpu"] = server.cpu_seconds() - server_cpu
        if keep:
            shutil.copytree(workdir, keep / f"{variant}-{int(time.time())}")
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def driver(args) -> int:
    print_machine()
    variants = [v for v in args.variants.split(",") if v]
    with PageServer(args.pages) as server:
        print(f"site: {server.info['articles']:,} article pages, {server.info['pages'] - server.info['articles']:,} "
              f"other pages, {server.info['bytes'] / server.info['pages'] / 1024:.1f} KiB a page on average; "
              f"concurrency {args.concurrency}; {args.rounds} round(s)"
              + ("; bare spider with novadi's Scrapy overhead settings" if args.bare_tuned else ""))
        results: dict[str, list[dict]] = {v: [] for v in variants}
        for round_number in range(args.rounds):
            for variant in variants:
                result = run_variant(variant, server, args.concurrency, Path(args.keep) if args.keep else None,
                                     bare_tuned=args.bare_tuned)
                results[variant].append(result)
                if result["articles"] != server.info["articles"] or result["finish"] != "finished":
                    print(f"  WARNING: variant {variant} got {result['articles']} of {server.info['articles']} "
                          f"articles (finish reason {result['finish']}); dropped: {result['dropped']}")
                print(f"  round {round_number + 1} {variant}: {result['responses']:,} responses in "
                      f"{result['seconds']:.1f} s ({result['responses'] / result['seconds']:.0f}/s), "
                      f"{result['articles']} articles, crawler CPU {result['cpu']:.1f} s, "
                      f"server CPU {result['server_cpu']:.1f} s, load {os.getloadavg()[0]:.1f}", flush=True)
        if args.profile:
            print("profiled runs (extra, not in the table; profiling slows them down):")
            for variant in variants:
                if variant != "a":  # the bare spider has no stage of its own to show
                    run_variant(variant, server, args.concurrency, None, profile=True)
    rows = []
    for variant in variants:
        runs = results[variant]
        rate = median([r["responses"] / r["seconds"] for r in runs])
        cpu_ms = median([1000 * r["cpu"] / r["responses"] for r in runs])
        rows.append([variant, VARIANTS[variant], runs[0]["responses"], runs[0]["articles"],
                     median([r["seconds"] for r in runs]), rate, cpu_ms, max(r["peak_mb"] for r in runs),
                     runs[0]["warc_bytes"] / max(1, runs[0]["responses"]) / 1024 if runs[0]["warc_bytes"] else None,
                     sum(r["errors"] for r in runs)])
    print()
    print(table(["", "variant", "responses", "articles", "seconds", "pages/s", "CPU ms/page", "peak MiB",
                 "WARC KiB/page", "errors"], rows, title=f"Crawl of {args.pages:,} article pages (medians of "
                                                      f"{args.rounds} round(s))"))
    ratio_rows = []
    for num, den in (("b", "a"), ("d", "c"), ("e", "c"), ("d", "e"), ("d", "a")):
        if num in results and den in results:
            per_round = [(n["responses"] / n["seconds"]) / (d["responses"] / d["seconds"])
                         for n, d in zip(results[num], results[den])]
            cpu_round = [(n["cpu"] / n["responses"]) / (d["cpu"] / d["responses"])
                         for n, d in zip(results[num], results[den])]
            ratio_rows.append([f"({num})/({den})", median(per_round), " ".join(f"{r:.2f}" for r in per_round),
                               median(cpu_round)])
    if ratio_rows:
        print()
        print(table(["ratio", "pages/s", "per round", "CPU per page"], ratio_rows,
                    title="Throughput ratios (same round); target: (d)/(c) >= 0.80"))
    for variant in variants:
        dropped = results[variant][0].get("dropped")
        if dropped:
            print(f"{variant} dropped: {dropped}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10000, help="article pages on the site (default 10000)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of all variants (default 2)")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent requests, per site too (default 16)")
    parser.add_argument("--variants", default="a,b,c,d,e", help="which variants, in order (default a,b,c,d,e)")
    parser.add_argument("--keep", help="copy each run's work directory (DB, WARC, log) here")
    parser.add_argument("--profile", action="store_true",
                        help="then profile one more run of each variant and print where the time goes")
    parser.add_argument("--bare-tuned", action="store_true",
                        help="give the bare spider novadi's two Scrapy overhead settings too "
                             "(CONCURRENT_ITEMS=4, WARN_ON_GENERATOR_RETURN_VALUE=False)")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.variant:
        return variant_main(args)
    return driver(args)


if __name__ == "__main__":
    sys.exit(main())
