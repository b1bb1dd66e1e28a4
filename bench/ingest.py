"""Ingest throughput and storage size: novadi's ArchiveWriter beside a plain sqlite-utils insert.

Synthetic extracted articles (bench/common.py; sites from the registry) are written
into a fresh database two ways, alternately, each in its own process:

  novadi  ArchiveWriter.ingest(item) for each page item, as the store pipeline does:
          dedup lookups (URL, body hash), articles + article_urls + revisions + pages
          rows, FTS5 kept current by triggers, one transaction per --batch items
  plain   sqlite-utils insert_all() of the same articles' rows (title, body, dates,
          site, URL, ...) into one table with FTS5 enabled (same tokenizer, triggers)

Both databases use the pragmas of archive.db.open_db (WAL, synchronous=NORMAL). Items
are read from a JSON-lines file built once in bench/.cache/ (reading costs both the
same); their body hash is computed beforehand, as the dedup pipeline does.
Then bytes per article in each database (after a WAL checkpoint, with the largest
tables and indexes), and in WARC: the articles' pages, rendered with TVP markup,
written through archive.warc.WarcFileWriter as a crawl writes them.

    python bench/ingest.py                    # 10,000 articles
    python bench/ingest.py --sizes 10000,100000
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import CACHE, PYTHON, Corpus, Timer, article_page, body_text, median, peak_rss_mb, print_machine, table  # noqa: E402,E501

ITEMS_VERSION = 2


def registry_sites():
    from crawler.registry import load_registry

    return list(load_registry())


def items_file(count: int) -> Path:
    """JSON lines of page items (as the dedup pipeline hands them to the store), built once."""
    path = CACHE / f"ingest-items-{count}-v{ITEMS_VERSION}.jsonl"
    if path.exists():
        return path
    from pipelines.dedup import body_hash

    CACHE.mkdir(parents=True, exist_ok=True)
    sites = registry_sites()
    corpus = Corpus(seed=11)
    fetched = datetime(2026, 11, 22, 6, 0, tzinfo=timezone.utc)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for n in range(count):
            index = n % len(sites)
            site = sites[index]
            a = corpus.article(n, site_index=index, site_id=site.id)
            url = f"{site.url.rstrip('/')}/lv/jaunums/{a['slug']}"
            body = body_text(a)
            when = (fetched + timedelta(seconds=n)).isoformat(timespec="seconds")
            article = {"url": url, "is_article": True, "reason": "", "title": a["title"],
                       "published": a["published"].isoformat(), "updated": None, "author": None,
                       "credit": a["credit"], "body": body, "lang": "lv", "attachments": [], "images": [],
                       "eu_projects": [], "extractor_version": "bench", "config_hash": "bench"}
            item = {"site": site.id, "url": url, "canonical": url, "status": 200, "fetched_at": when,
                    "html": "", "content_type": "text/html; charset=utf-8", "etag": f'"{n}"',
                    "last_modified": None, "via": "listing", "hints": {},
                    "warc": {"file": "novadi-bench-00001.warc.gz", "offset": n * 6000, "length": 6000},
                    "requested_url": url, "article": article, "body_hash": body_hash(a["title"], body)}
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    tmp.rename(path)
    return path


def read_items(path: Path):
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


# -- the two writers, each run in a child process -----------------------------------

def run_novadi(path: Path, db_path: Path, batch: int) -> dict:
    from archive.db import open_db
    from archive.store import ArchiveWriter

    db = open_db(db_path)
    writer = ArchiveWriter(db, batch=batch, batch_seconds=5.0)
    writer.register_sites(registry_sites())
    outcomes: dict[str, int] = {}
    count = 0
    with Timer() as t:
        for item in read_items(path):
            outcome = writer.ingest(item)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            count += 1
        writer.flush()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return {"seconds": t.seconds, "cpu": t.cpu, "count": count, "outcomes": outcomes}


def plain_rows(path: Path):
    for item in read_items(path):
        a = item["article"]
        yield {"url": item["canonical"], "site": item["site"], "title": a["title"], "published": a["published"],
               "updated": a["updated"], "author": a["author"], "credit": a["credit"], "body": a["body"],
               "lang": a["lang"], "fetched_at": item["fetched_at"]}


def run_plain(path: Path, db_path: Path, batch: int) -> dict:
    import sqlite_utils

    from archive.migrations import FTS_TOKENIZE

    conn = sqlite3.connect(str(db_path), isolation_level=None)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    table_ = db["articles"]
    table_.create({"pk": int, "url": str, "site": str, "title": str, "published": str, "updated": str,
                   "author": str, "credit": str, "body": str, "lang": str, "fetched_at": str}, pk="pk")
    table_.enable_fts(["title", "body"], tokenize=FTS_TOKENIZE, create_triggers=True)
    count = 0

    def counted():
        nonlocal count
        for row in plain_rows(path):
            count += 1
            yield row

    with Timer() as t:
        table_.insert_all(counted(), batch_size=batch)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {"seconds": t.seconds, "cpu": t.cpu, "count": count, "outcomes": {"inserted": count}}


def sizes_by_object(db_path: Path) -> list[tuple[str, int]]:
    """Bytes per table and index, largest first (FTS5 shadow tables summed as <name>_fts*)."""
    conn = sqlite3.connect(str(db_path))
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.OperationalError:  # SQLite built without dbstat
        return []
    finally:
        conn.close()
    merged: dict[str, int] = {}
    for name, size in rows:
        key = name
        for fts in ("articles_fts",):
            if name.startswith(fts):
                key = fts + " (all)"
        merged[key] = merged.get(key, 0) + size
    return sorted(merged.items(), key=lambda kv: -kv[1])


def child_main(args) -> int:
    path, db_path = Path(args.items), Path(args.db)
    if args.child == "novadi":
        result = run_novadi(path, db_path, args.batch)
    else:
        result = run_plain(path, db_path, args.plain_batch)
    result["db_bytes"] = db_path.stat().st_size
    result["objects"] = sizes_by_object(db_path)
    result["peak_mb"] = peak_rss_mb()
    print("RESULT " + json.dumps(result), flush=True)
    return 0


def run_child(kind: str, items: Path, args) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"novadi-bench-ingest-{kind}-"))
    try:
        proc = subprocess.run(
            [PYTHON, str(Path(__file__)), "--child", kind, "--items", str(items), "--db", str(workdir / "x.db"),
             "--batch", str(args.batch), "--plain-batch", str(args.plain_batch)],
            capture_output=True, text=True)
        lines = [l for l in proc.stdout.splitlines() if l.startswith("RESULT ")]
        if proc.returncode != 0 or not lines:
            sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
            raise SystemExit(f"{kind} ingest failed (exit {proc.returncode})")
        return json.loads(lines[-1][len("RESULT "):])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# -- WARC -----------------------------------------------------------------------------

def warc_figures(count: int) -> dict:
    """Write ``count`` rendered article pages through WarcFileWriter; bytes and time per page."""
    from archive.warc import WarcFileWriter
    from common import site_articles

    articles = site_articles(count, seed=11)
    latest = articles[:5]
    base = "https://www.zemgale.example.lv"
    pages = [(f"{base}/lv/jaunums/{a['slug']}", article_page(a, latest, articles[i + 1:i + 4], base).encode("utf-8"))
             for i, a in enumerate(articles)]
    html_bytes = sum(len(body) for _, body in pages)
    workdir = Path(tempfile.mkdtemp(prefix="novadi-bench-warc-"))
    try:
        writer = WarcFileWriter(workdir, operator="bench")
        headers = [("Server", "nginx"), ("Content-Type", "text/html; charset=utf-8"),
                   ("Last-Modified", "Sun, 22 Nov 2026 06:00:00 GMT"), ("ETag", '"1-2"')]
        request_headers = [("User-Agent", "novadi/0.1"), ("Accept", "text/html,application/xhtml+xml"),
                           ("Accept-Language", "en"), ("Accept-Encoding", "gzip, deflate, br")]
        with Timer() as t:
            for url, body in pages:
                writer.write(url=url, status=200, reason="OK", response_headers=headers + [
                    ("Content-Length", str(len(body)))], body=body, request_headers=request_headers,
                    extra={"WARC-Novadi-Site": "bench-novads", "WARC-Novadi-Role": "article"})
        writer.close()
        size = sum(p.stat().st_size for p in workdir.glob("*.warc.gz"))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return {"pages": count, "html_bytes": html_bytes, "warc_bytes": size, "seconds": t.seconds}


# -- the driver -----------------------------------------------------------------------

def driver(args) -> int:
    print_machine()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    summary, objects = [], {}
    for size in sizes:
        t0 = time.perf_counter()
        items = items_file(size)
        built = time.perf_counter() - t0
        print(f"{size:,} items in {items.name} ({items.stat().st_size / 1e6:.0f} MB"
              + (f", built in {built:.0f} s)" if built > 1 else ", cached)"), flush=True)
        runs = {"novadi": [], "plain": []}
        for round_number in range(args.rounds):
            for kind in ("novadi", "plain"):
                result = run_child(kind, items, args)
                runs[kind].append(result)
                print(f"  round {round_number + 1} {kind}: {result['count']:,} in {result['seconds']:.1f} s "
                      f"({result['count'] / result['seconds']:,.0f}/s), CPU {result['cpu']:.1f} s, "
                      f"outcomes {result['outcomes']}, load {os.getloadavg()[0]:.1f}", flush=True)
        ratios = [(n["count"] / n["seconds"]) / (p["count"] / p["seconds"])
                  for n, p in zip(runs["novadi"], runs["plain"])]
        for kind in ("novadi", "plain"):
            rs = runs[kind]
            summary.append([f"{size:,}", kind, median([r["count"] / r["seconds"] for r in rs]),
                            median([1000 * r["cpu"] / r["count"] for r in rs]),
                            rs[0]["db_bytes"] / rs[0]["count"], max(r["peak_mb"] for r in rs),
                            median(ratios) if kind == "novadi" else None])
            objects[(size, kind)] = rs[0]["objects"]
    print()
    print(table(["articles", "writer", "articles/s", "CPU ms/article", "DB bytes/article", "peak MiB",
                 "novadi/plain speed"], summary,
                title=f"Ingest (medians of {args.rounds} round(s); ArchiveWriter batch {args.batch}, "
                      f"insert_all batch {args.plain_batch})"))
    largest = sizes[-1]
    for kind in ("novadi", "plain"):
        parts = objects.get((largest, kind)) or []
        if parts:
            print(f"\n{kind} database at {largest:,} articles, bytes per article by table/index:")
            print("  " + ", ".join(f"{name} {size / largest:,.0f}" for name, size in parts[:8]))
    if args.warc_pages:
        w = warc_figures(args.warc_pages)
        print()
        print(table(["pages", "HTML KiB/page", "WARC KiB/page", "compression", "pages/s written"],
                    [[w["pages"], w["html_bytes"] / w["pages"] / 1024, w["warc_bytes"] / w["pages"] / 1024,
                      w["html_bytes"] / w["warc_bytes"], w["pages"] / w["seconds"]]],
                    title="WARC (request + response records, gzip per record)"))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000", help="comma-separated article counts (default 10000)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of both writers per size (default 2)")
    parser.add_argument("--batch", type=int, default=50,
                        help="ArchiveWriter items per transaction (default 50, the crawl's NOVADI_STORE_BATCH)")
    parser.add_argument("--plain-batch", type=int, default=100, help="insert_all batch size (default 100, its own)")
    parser.add_argument("--warc-pages", type=int, default=2000, help="pages written to WARC (default 2000; 0: skip)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--items", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args)
    return driver(args)


if __name__ == "__main__":
    sys.exit(main())
