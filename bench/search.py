"""Search latency: the site's Latvian search beside a plain FTS5 MATCH, on big synthetic archives.

Archives of N synthetic articles (bench/common.py: municipal-news vocabulary with
inflected forms, 150–400 words, titles, the registry's sites, dates 2016–2026) are
built with the real schema (archive.db.open_db) and cached in bench/.cache/. For
speed the build inserts rows with executemany in large transactions, without the
FTS trigger and secondary indexes, then rebuilds the FTS index and creates the
indexes; only ``articles`` and ``sites`` are filled (search reads nothing else).

Each of ~20 queries, typed without diacritics as readers type them, is run through:

  novadi/ds    the canned query ``search`` via Datasette's in-process client
               (make_datasette(db).client.get("/novadi/search.json?q=..."))
  novadi/sql   the same SQL on a plain sqlite3 connection, lv_fts registered
  plain/ds     the same SQL with ``match :q`` (the raw query, no lv_fts) via Datasette
  plain/sql    that plain SQL on a sqlite3 connection

  page/...     the reader's search page (/meklet, HTML) by relevance, newest, oldest,
               with a region, a municipality and a date range, a year, a month alone (READER_KINDS)

One warm-up pass over all queries is not counted; then --repeat passes, the four
paths interleaved query by query. Latencies are medians and 95th percentiles over
all (query, pass) samples. Target: novadi/ds 95th percentile under 200 ms at 1M.

    python bench/search.py                    # 100,000 articles
    python bench/search.py --sizes 100000,1000000
    python bench/search.py --sizes 1000000 --repeat 0 --breakdown
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import CACHE, Corpus, body_text, median, peak_rss_mb, percentile, print_machine, table  # noqa: E402

DB_VERSION = 2
QUERIES = [
    "pasvaldiba budzets",
    "jelgava",
    "skola",
    "deinstitucionalizacija",
    "celu remonts",
    "eiropas savienibas fonds",
    "domes sede",
    "bernudarzs",
    "sociala palidziba",
    "kulturas nams",
    "jauniesi",
    "ukrainas civiliedzivotaji",
    "nekustama ipasuma nodoklis",
    "apkures sezona",
    "autobusu kustiba",
    "daugavpils",
    "valmiera koncerts",
    "projektu konkurss",
    "atkritumu apsaimniekosana",
    "lieldienas",
    "interreg",
    "saistosie noteikumi",
]
# The reader's search page (/meklet): relevance, then each filter and order it offers,
# by the names a reader would type. Copies of one story are folded in every kind.
READER_KINDS = {
    "page/relevance": {},
    "page/newest": {"sort": "jaunakie"},
    "page/oldest": {"sort": "vecakie"},
    "page/region": {"region": "Zemgale"},
    "page/municipality+dates": {"municipality": "Jelgavas novads", "no": "2019-01-01", "lidz": "2023-12-31",
                                "sort": "jaunakie"},
    "page/year": {"year": "2021"},
    "page/month": {"no": "2022-03-01", "lidz": "2022-03-31"},
}
SECONDARY_INDEXES = ("articles_site_published", "articles_published", "articles_site_body_hash", "articles_cluster")


def db_path(count: int) -> Path:
    return CACHE / f"search-{count}-v{DB_VERSION}.db"


def build(count: int, seed: int = 20261122) -> Path:
    """The cached archive of ``count`` articles; built (minutes for a million) when missing."""
    from archive.db import open_db
    from archive.store import ArchiveWriter
    from crawler.canonical import article_id
    from crawler.registry import load_registry
    from pipelines.dedup import body_hash

    path = db_path(count)
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    db = open_db(tmp)
    sites = [s for s in load_registry()]
    ArchiveWriter(db).register_sites(sites)
    # Bigger municipalities publish more: weights by a rough size class.
    weights = [3.0 if s.kind == "state-city" else 1.0 if s.kind != "legacy" else 0.3 for s in sites]
    triggers = {name: sql for name, sql in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles'")}
    indexes = {name: sql for name, sql in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (%s)"
        % ",".join("?" * len(SECONDARY_INDEXES)), SECONDARY_INDEXES)}
    for name in triggers:
        db.execute(f"DROP TRIGGER {name}")
    for name in indexes:
        db.execute(f"DROP INDEX {name}")
    db.execute("PRAGMA journal_mode=OFF")  # a failed build is simply thrown away
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-1000000")
    corpus = Corpus(seed=seed)
    rng = random.Random(seed)
    sql = ("INSERT INTO articles (id, site, url, title, published, body, lang, body_hash, revision, first_seen, "
           "last_seen, last_changed, credit, extractor_version) VALUES (?,?,?,?,?,?,?,?,1,?,?,?,?,?)")
    batch, done = [], 0
    seen = "2026-11-22T06:00:00+00:00"
    site_index = {s.id: i for i, s in enumerate(sites)}
    for n in range(count):
        site = rng.choices(sites, weights)[0]
        a = corpus.article(n, site_index=site_index[site.id], site_id=site.id)
        url = f"{site.url.rstrip('/')}/lv/jaunums/{a['slug']}"
        body = body_text(a)
        batch.append((article_id(url), site.id, url, a["title"], a["published"].isoformat(), body, "lv",
                      body_hash(a["title"], body), seen, seen, seen, a["credit"], "bench"))
        if len(batch) >= 20000:
            done = _flush(db, sql, batch, done, count, started)
    if batch:
        _flush(db, sql, batch, done, count, started)
    print(f"    rebuilding the FTS index ({time.perf_counter() - started:.0f} s so far)", flush=True)
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES('rebuild')")
    print(f"    creating indexes ({time.perf_counter() - started:.0f} s so far)", flush=True)
    for sql_text in indexes.values():
        db.execute(sql_text)
    for sql_text in triggers.values():
        db.execute(sql_text)
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    tmp.rename(path)
    print(f"    built {path.name}: {path.stat().st_size / 2**30:.2f} GiB in {time.perf_counter() - started:.0f} s",
          flush=True)
    return path


def _flush(db, sql, batch, done, count, started) -> int:
    db.execute("BEGIN")
    db.conn.executemany(sql, batch)
    db.execute("COMMIT")
    done += len(batch)
    batch.clear()
    if done % 100000 == 0 or done == count:
        print(f"    {done:,} of {count:,} articles inserted ({time.perf_counter() - started:.0f} s)", flush=True)
    return done


# -- the four search paths ----------------------------------------------------------

def search_sql() -> tuple[str, str]:
    """The canned query's SQL as published, and the same SQL matching the raw query."""
    import yaml

    from archive.site.serve import METADATA

    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    sql = metadata["databases"]["novadi"]["queries"]["search"]["sql"]
    if "lv_fts(:q)" not in sql:
        raise SystemExit("the search canned query no longer calls lv_fts(:q); update bench/search.py")
    return sql, sql.replace("lv_fts(:q)", ":q")


def migrate(path: Path) -> None:
    """Bring a cached archive built by an older commit up to the current schema."""
    from archive.db import open_db

    open_db(path).conn.close()


def sql_connection(path: Path) -> sqlite3.Connection:
    from archive.site import search

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn.create_function("lv_fts", 1, search.fts_query, deterministic=True)
    conn.create_function("lv_snippet", 2, search.snippet, deterministic=True)
    return conn


def match_counts(conn, query: str) -> tuple[int, int]:
    from archive.site.search import fts_query

    count = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
    return conn.execute(count, [fts_query(query)]).fetchone()[0], conn.execute(count, [query]).fetchone()[0]


async def measure(path: Path, repeat: int) -> dict:
    from archive.site.serve import make_datasette

    import datasette.handle_exception

    # A query over the time limit is an error the table counts; Datasette would also
    # print its traceback with every local variable.
    datasette.handle_exception.rich = None
    novadi_sql, plain_sql = search_sql()
    migrate(path)
    ds = make_datasette(path, allow_sql=True)
    await ds.invoke_startup()
    conn = sql_connection(path)
    samples = {k: [] for k in ("novadi/ds", "novadi/sql", "plain/ds", "plain/sql", *READER_KINDS)}
    per_query = {q: {k: [] for k in samples} for q in QUERIES}
    rows = {q: {} for q in QUERIES}
    errors = {k: 0 for k in samples}

    async def via_datasette(url):
        start = time.perf_counter()
        response = await ds.client.get(url)
        elapsed = time.perf_counter() - start
        ok = response.status_code == 200 and not response.json().get("error")
        return elapsed, (len(response.json().get("rows", [])) if ok else None)

    def via_sql(sql, q):
        start = time.perf_counter()
        result = conn.execute(sql, {"q": q, "region": "", "site": ""}).fetchall()
        return time.perf_counter() - start, len(result)

    async def via_page(url):
        start = time.perf_counter()
        response = await ds.client.get(url)
        elapsed = time.perf_counter() - start
        return elapsed, (response.text.count('<li><h2>') + response.text.count("<li>\n        <h2>")
                         if response.status_code == 200 else None)

    for rep in range(repeat + 1):
        for q in QUERIES:
            runs = {
                "novadi/ds": lambda: via_datasette("/novadi/search.json?" + urlencode({"q": q})),
                **{kind: (lambda extra=extra: via_page("/meklet?" + urlencode({"q": q, **extra})))
                   for kind, extra in READER_KINDS.items()},
                "plain/ds": lambda: via_datasette("/novadi.json?" + urlencode(
                    {"sql": plain_sql, "q": q, "region": "", "site": ""})),
            }
            for key in samples:
                try:
                    if key in runs:
                        elapsed, n = await runs[key]()
                    else:
                        elapsed, n = via_sql(novadi_sql if key == "novadi/sql" else plain_sql, q)
                except sqlite3.Error:
                    elapsed, n = float("nan"), None
                if n is None:
                    errors[key] += 1
                    continue
                rows[q][key] = n
                if rep > 0:  # the first pass warms the caches
                    samples[key].append(elapsed)
                    per_query[q][key].append(elapsed)
    counts = {q: match_counts(conn, q) for q in QUERIES}
    conn.close()
    return {"samples": samples, "per_query": per_query, "rows": rows, "errors": errors, "counts": counts}


# -- where the time goes ----------------------------------------------------------------

BREAKDOWN_QUERIES = ["pasvaldiba budzets", "skola", "domes sede", "projektu konkurss", "jelgava"]
WINDOW = 100000


def endings_query(user_text: str) -> str:
    """lv_fts with the stem's prefix search replaced by the stem plus each known ending, as exact terms."""
    from archive.site import search

    terms = []
    for word in dict.fromkeys(search.tokens(user_text)):
        root = search.stem(word)
        if len(word) < 4 or not word.isalpha() or root == word:
            terms.append(f'"{word}"')
            continue
        forms = sorted({word, root} | {root + ending for ending, _ in search._ENDINGS})
        terms.append("(" + " OR ".join(f'"{f}"' for f in forms) + ")")
    return " AND ".join(terms) or '""'


def breakdown(path: Path) -> None:
    """Time the parts of a search for a few common-word queries, three ways of matching."""
    from archive.site.search import fts_query

    conn = sql_connection(path)
    top = conn.execute("SELECT max(rowid) FROM articles_fts").fetchone()[0] or 0
    parts = [
        ("count", "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :m"),
        ("newest 100", "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :m ORDER BY rowid DESC LIMIT 100"),
        ("bm25 top 100", "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :m "
                         "AND rank MATCH 'bm25(10.0, 1.0)' ORDER BY rank LIMIT 100"),
        (f"bm25+snippet, newest {WINDOW // 1000}k", "SELECT rowid, snippet(articles_fts, -1, '[', ']', '…', 24) "
         "FROM articles_fts WHERE articles_fts MATCH :m AND rowid > :floor "
         "AND rank MATCH 'bm25(10.0, 1.0)' ORDER BY rank LIMIT 100"),
    ]
    rows = []
    for q in BREAKDOWN_QUERIES:
        for label, match in (("lv_fts", fts_query(q)), ("stem+endings", endings_query(q)), ("raw", q)):
            timings, matches = [], None
            for name, sql in parts:
                best = float("inf")
                for _ in range(3):
                    start = time.perf_counter()
                    result = conn.execute(sql, {"m": match, "floor": top - WINDOW}).fetchall()
                    best = min(best, time.perf_counter() - start)
                if name == "count":
                    matches = result[0][0]
                timings.append(1000 * best)
            rows.append([q, label, matches, *timings])
    conn.close()
    print()
    print(table(["query", "matching", "matches", *(f"{name} ms" for name, _ in parts)], rows,
                title=f"Where the time goes at {path.name} (best of 3; the newest window is rowid > max - {WINDOW:,})"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000", help="comma-separated archive sizes (default 100000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over the queries (default 5)")
    parser.add_argument("--per-query", action="store_true", help="print every query's figures")
    parser.add_argument("--breakdown", action="store_true",
                        help="also time count / newest 100 / bm25 / windowed bm25 for common-word queries, with "
                             "lv_fts, with exact stem+ending terms and with the raw words (largest size only)")
    args = parser.parse_args(argv)
    print_machine()
    summary = []
    for size in (int(s) for s in args.sizes.split(",") if s):
        path = db_path(size)
        if not path.exists():
            print(f"building the {size:,}-article archive in {path} (cached for later runs)", flush=True)
        path = build(size)
        print(f"{size:,} articles: {path.stat().st_size / 2**30:.2f} GiB; {len(QUERIES)} queries, "
              f"{args.repeat} timed passes (load {os.getloadavg()[0]:.1f})", flush=True)
        result = asyncio.run(measure(path, args.repeat))
        for key, values in result["samples"].items():
            summary.append([f"{size:,}", key, len(values), 1000 * median(values), 1000 * percentile(values, 95),
                            1000 * max(values) if values else None, result["errors"][key]])
        if args.per_query or size == max(int(s) for s in args.sizes.split(",") if s):
            rows = []
            for q in QUERIES:
                pq = result["per_query"][q]
                novadi_matches, plain_matches = result["counts"][q]
                rows.append([q, novadi_matches, plain_matches, 1000 * median(pq["novadi/ds"]),
                             1000 * median(pq["novadi/sql"]), 1000 * median(pq["plain/ds"]),
                             1000 * median(pq["plain/sql"])])
            print()
            print(table(["query", "matches (lv_fts)", "matches (raw)", "novadi/ds ms", "novadi/sql ms",
                         "plain/ds ms", "plain/sql ms"], rows,
                        title=f"Per query at {size:,} articles (medians; the query returns at most 100 rows)"))
    print()
    print(table(["articles", "path", "samples", "median ms", "p95 ms", "max ms", "errors"], summary,
                title="Search latency (target: novadi/ds p95 < 200 ms at 1,000,000; errors: Datasette's "
                      "1,500 ms time limit)"))
    if args.breakdown:
        breakdown(db_path(max(int(s) for s in args.sizes.split(",") if s)))
    print(f"peak memory of this process: {peak_rss_mb():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
