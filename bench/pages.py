"""Reader pages on a big archive: each page type beside Datasette's own table page for
the same articles (what a reader reached before the reader pages existed).

The archives are bench/search.py's synthetic ones (cached in bench/.cache/, built
when missing: the registry's sites, N articles over 2016–2026). Every page is fetched
through Datasette's in-process client, so the figures include the template.

  reader   /raksti?…, /pasvaldiba/<id>, /regions/<code>, /vietne/<id>
  table    /novadi/articles_v1?… with the same filter (its default page: 100 rows,
           facets, a row count), or "—" where no table page shows the same thing

One warm-up pass is not counted; then --repeat passes, the two paths interleaved.

    python bench/pages.py                      # 100,000 articles
    python bench/pages.py --sizes 100000,1000000 --repeat 5
"""
from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import median, percentile, print_machine, table  # noqa: E402
from search import build  # noqa: E402


def cases(path: Path, seed: int = 7) -> list[tuple[str, str, str | None]]:
    """(name, reader page, Datasette table page or None) for the archive at ``path``."""
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    sites = conn.execute("select id, kind, region from sites").fetchall()
    conn.close()
    rng = random.Random(seed)
    municipality = rng.choice([s for s in sites if s[1] in ("municipality", "state-city")])[0]
    site = rng.choice([s for s in sites if s[1] == "municipality"])[0]
    return [
        ("all articles", "/raksti", "/novadi/articles_v1"),
        ("all, page 100", "/raksti?page=100", None),
        ("all, oldest first", "/raksti?sort=vecakie", "/novadi/articles_v1?_sort=published"),
        ("region filter", "/raksti?region=zemgale", "/novadi/articles_v1?region=zemgale"),
        ("municipality filter", f"/raksti?municipality={municipality}", f"/novadi/articles_v1?municipality={municipality}"),
        ("site + year filter", f"/raksti?site={site}&year=2021", f"/novadi/articles_v1?site={site}&year=2021"),
        ("municipality page", f"/pasvaldiba/{municipality}", f"/novadi/municipality_latest?municipality={municipality}"),
        ("site page", f"/vietne/{site}", f"/novadi/articles_v1?site={site}"),
        ("region page", "/regions/zemgale", "/novadi/articles_v1?region=zemgale"),
        ("republished", "/parpublicetie", "/novadi/republished"),
        ("EU projects", "/es-projekti", "/novadi/eu_project"),
    ]


async def measure(path: Path, repeat: int) -> list[list]:
    from archive.site.serve import make_datasette

    # Imported after datasette.app: imported first, it would be registered as a plugin
    # half-initialized, and no error page would be rendered.
    import datasette.handle_exception

    datasette.handle_exception.rich = None  # no traceback dumps for a timed-out query
    ds = make_datasette(path)
    await ds.invoke_startup()
    found = cases(path)
    samples = {name: {"reader": [], "table": []} for name, _, _ in found}
    status = {name: {"reader": set(), "table": set()} for name, _, _ in found}

    async def fetch(url):
        started = time.perf_counter()
        response = await ds.client.get(url)
        return (time.perf_counter() - started) * 1000, response.status_code

    for number in range(repeat + 1):
        for name, reader, plain in found:
            for kind, url in (("reader", reader), ("table", plain)):
                if url is None:
                    continue
                ms, code = await fetch(url)
                status[name][kind].add(code)
                if number:
                    samples[name][kind].append(ms)
    rows = []
    for name, reader, plain in found:
        row = [name, reader]
        for kind in ("reader", "table"):
            values = samples[name][kind]
            if not values:
                row += ["—", "—"]
                continue
            codes = ",".join(str(c) for c in sorted(status[name][kind]))
            row += [f"{median(values):.0f} / {percentile(values, 95):.0f}", codes]
        rows.append(row)
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000", help="comma-separated archive sizes")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes after one warm-up")
    args = parser.parse_args(argv)
    print_machine()
    for size in [int(s) for s in args.sizes.split(",")]:
        path = build(size)
        rows = asyncio.run(measure(path, args.repeat))
        print(table(["page", "reader URL", "reader ms median / p95", "status", "table page ms median / p95", "status"],
                    rows, title=f"{size:,} articles, {args.repeat} passes"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
