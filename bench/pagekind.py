"""What judging pages by content and accounting for teasers cost, per page, in CPU time.

On the TVP-markup pages of bench/common.py (the pages bench/crawl.py crawls), in one
process, alternating the variants round by round:

  listing pages   plain:  page_links + read_listing (the links a listing offers)
                  novadi: the same, plus its teasers (headline, date) and the running
                          text outside them (whether the page could be an article)
  article pages   plain:  trafilatura.extract
                  novadi: judge_page (novadi's extraction, page kind and its reasons)

    python bench/pagekind.py                  # 400 article pages, 40 listing pages, 5 rounds
    python bench/pagekind.py --rounds 9
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import median, print_machine, render_site, table  # noqa: E402

BASE = "http://127.0.0.1:9"


def pages(count: int):
    site = render_site(count, BASE)
    articles = [(BASE + p, v[2].decode("utf-8")) for p, v in site.items() if "/lv/jaunums/" in p]
    listings = [(BASE + p, v[2].decode("utf-8")) for p, v in site.items() if p.startswith("/lv/jaunumi")]
    return articles, listings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=400, help="article pages (10 to a listing page)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    import trafilatura

    from crawler import discovery
    from crawler.discovery.pagekind import judge_page
    from crawler.discovery.teasers import prose_outside, read_teasers
    from crawler.registry import adhoc_site

    articles, listings = pages(args.pages)
    site = adhoc_site(BASE + "/", profile="tvp")
    classifier = discovery.LinkClassifier(site)

    def listing_plain():
        for url, html in listings:
            discovery.read_listing(html, url, classifier, discovery.page_links(html, url))

    def listing_novadi():
        for url, html in listings:
            doc, anchors, blocks = discovery.parse_page(html), [], []
            links = discovery.page_links(html, url, doc, anchors)
            found = discovery.read_listing(html, url, classifier, links)
            read_teasers(anchors, url, [l.url for l in found.articles], [l.url for l in found.headlines], blocks=blocks)
            prose_outside(doc, blocks)

    def article_plain():
        for url, html in articles:
            trafilatura.extract(html, url=url)

    def article_novadi():
        for url, html in articles:
            judge_page(html, url, site)

    variants = [("listing pages", listing_plain, listing_novadi, len(listings)),
                ("article pages", article_plain, article_novadi, len(articles))]
    print_machine()
    print(f"{len(articles)} article pages, {len(listings)} listing pages; {args.rounds} rounds, CPU time")
    for _label, plain, novadi, _n in variants:   # warm caches and imports
        plain(), novadi()
    times = {label: {"plain": [], "novadi": []} for label, *_ in variants}
    for _ in range(args.rounds):
        for label, plain, novadi, n in variants:
            for name, run in (("plain", plain), ("novadi", novadi)):
                start = time.process_time()
                run()
                times[label][name].append(1000 * (time.process_time() - start) / n)
    rows = []
    for label, *_ in variants:
        plain, novadi = median(times[label]["plain"]), median(times[label]["novadi"])
        ratios = [n / p for n, p in zip(times[label]["novadi"], times[label]["plain"])]
        rows.append([label, round(plain, 2), round(novadi, 2), round(median(ratios), 2)])
    print(table(["pages", "plain ms/page", "novadi ms/page", "novadi/plain (median of rounds)"], rows))


if __name__ == "__main__":
    main()
