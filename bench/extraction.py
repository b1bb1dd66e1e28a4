"""Extraction benchmark: novadi's ``extract`` side by side with plain trafilatura.

    python bench/extraction.py                  # the Latvian gold set, plus the external sets if present
    python bench/extraction.py --limit 100      # at most 100 pages per set
    python bench/extraction.py --gold /path/to/shared/gold --sets latvian,scrapinghub

For each set it prints body token precision / recall / F1 (snippet-based on
trafilatura-eval, as upstream scores it), title accuracy, date accuracy, how many bodies
contain boilerplate, and documents per second. Plain trafilatura is
``trafilatura.extract(html, url=url)``; its title and date come from its metadata
(``extract_metadata``), timed separately. Both get the same decoded text, so the timing
compares extraction, not decoding.

The external sets (``scrapinghub``, ``trafilatura-eval``, ``htmldate-mediacloud``) are read
from ``--gold`` (default ``../shared/gold`` next to the repository) and never copied.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from crawler.extraction import decode_html, extract  # noqa: E402
from crawler.registry import build_site, load_profiles  # noqa: E402

LATVIAN_PAGES = ROOT / "tests" / "extraction_pages"
DEFAULT_GOLD = ROOT.parent / "shared" / "gold"
BOILERPLATE = re.compile(
    r"(Lapas karte|Youtube|Instagram|Facebook|Foto un video galerija|Informāciju sagatavoja|Tālrunis:|"
    r"e-pasts:|LV-\d{4}|pašvaldības iestāde|Drukāt|Viegli lasīt|Dalīties|sīkdatnes|Citi jaunumi|Sākums|AKTUĀLI)"
)


@dataclass
class Page:
    url: str
    html: str
    body: str | None = None  # full expected body text
    with_snippets: list = field(default_factory=list)
    without_snippets: list = field(default_factory=list)
    title: str | None = None
    date: str | None = None  # expected publication day, YYYY-MM-DD ("" = expected none)
    fetched_at: datetime | None = None
    site: object = None
    hints: dict | None = None
    boilerplate: set = field(default_factory=set)  # boilerplate markers the expected body itself has


@dataclass
class Result:
    body: str
    title: str | None
    date: str | None


def read_gz(path: Path) -> str:
    return decode_html(gzip.open(path).read(), None)


def latvian_set(limit: int | None) -> list[Page]:
    pages = []
    profiles = load_profiles()
    for path in sorted(LATVIAN_PAGES.glob("*/*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        if not expected["is_article"]:
            continue
        site = None
        if expected.get("site"):
            entry = dict(expected["site"])
            site = build_site(entry.pop("id"), entry, profiles)
        hints = expected.get("hints") or {}
        html = decode_html(path.with_suffix(".html").read_bytes(), hints.get("content_type"))
        pages.append(Page(
            url=expected["url"], html=html, body=expected["body"], title=expected["title"],
            date=(expected["published"] or "")[:10], fetched_at=datetime.fromisoformat(expected["saved"]),
            site=site, hints=hints, boilerplate=set(BOILERPLATE.findall(expected["body"])),
        ))
    return pages[:limit]


def scrapinghub_set(gold: Path, limit: int | None) -> list[Page]:
    truth = json.loads((gold / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth)[:limit]:
        item = truth[key]
        pages.append(Page(url=item["url"], html=read_gz(gold / "html" / f"{key}.html.gz"), body=item["articleBody"]))
    return pages


def trafilatura_eval_set(gold: Path, limit: int | None) -> list[Page]:
    data = json.loads((gold / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url in sorted(data)[:limit]:
        item = data[url]
        path = gold / "html" / (item["file"] + ".gz")
        if not path.exists():
            continue
        pages.append(Page(
            url=url, html=read_gz(path), with_snippets=item.get("with") or [],
            without_snippets=item.get("without") or [], title=item.get("title") or None,
            date=item.get("date") or None,
        ))
    return pages


def _gold_date(value) -> str | None:
    """The gold date: ``NaN`` in the Media Cloud file marks a page that has no date, which
    an extractor gets right by finding none."""
    if isinstance(value, float) and value != value:
        return ""
    return value or None


def mediacloud_set(gold: Path, limit: int | None) -> list[Page]:
    data = json.loads((gold / "eval_mediacloud_2020.json").read_text(encoding="utf-8"))
    pages = []
    for url in sorted(data)[:limit]:
        item = data[url]
        path = gold / "html" / (item["file"] + ".gz")
        if path.exists():
            pages.append(Page(url=url, html=read_gz(path), date=_gold_date(item.get("date"))))
    return pages


# --- the two systems ----------------------------------------------------------------------

def run_both(pages: list[Page], repeat: int) -> tuple[list[Result], list[str], float, float]:
    """Both systems page by page, interleaved so that machine load hits both alike; each
    page's time is the fastest of ``repeat`` runs."""
    novadi: list[Result] = []
    plain: list[str] = []
    best_novadi = [float("inf")] * len(pages)
    best_plain = [float("inf")] * len(pages)
    for round_ in range(repeat):
        for i, page in enumerate(pages):
            # alternate which system goes first, so neither always finds the page in a warm cache
            for system in ((0, 1) if (i + round_) % 2 == 0 else (1, 0)):
                start = time.perf_counter()
                if system == 0:
                    article = extract(page.html, page.url, page.site, fetched_at=page.fetched_at, hints=page.hints)
                    best_novadi[i] = min(best_novadi[i], time.perf_counter() - start)
                else:
                    text = trafilatura.extract(page.html, url=page.url) or ""
                    best_plain[i] = min(best_plain[i], time.perf_counter() - start)
            if round_ == 0:
                novadi.append(Result(article.body, article.title, article.published))
                plain.append(text)
    return novadi, plain, sum(best_novadi), sum(best_plain)


def run_trafilatura_metadata(pages: list[Page]) -> tuple[list[tuple], float]:
    found = []
    start = time.perf_counter()
    for page in pages:
        meta = trafilatura.extract_metadata(page.html, default_url=page.url)
        found.append((meta.title, meta.date) if meta is not None else (None, None))
    return found, time.perf_counter() - start


# --- scoring -----------------------------------------------------------------------------

def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text or "").lower())


def token_prf(got: str, want: str) -> tuple[float, float, float]:
    a, b = Counter(tokens(got)), Counter(tokens(want))
    common = sum((a & b).values())
    if not a and not b:
        return 1.0, 1.0, 1.0
    precision = common / sum(a.values()) if a else 0.0
    recall = common / sum(b.values()) if b else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split()).lower()


def snippet_counts(got: str, page: Page) -> tuple[int, int, int, int]:
    text = _squash(got)
    tp = sum(1 for s in page.with_snippets if _squash(s) in text)
    fn = len(page.with_snippets) - tp
    fp = sum(1 for s in page.without_snippets if _squash(s) in text)
    tn = len(page.without_snippets) - fp
    return tp, fn, fp, tn


def title_ok(got: str | None, want: str | None) -> bool:
    return _squash(got) == _squash(want)


def date_ok(got: str | None, want: str | None) -> bool:
    return (got or "")[:10] == (want or "")


@dataclass
class Scores:
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    title: float | None = None
    date: float | None = None
    boilerplate: int | None = None
    docs_per_second: float = 0.0
    seconds: float = 0.0


def score(pages: list[Page], bodies: list[str], titles: list, dates: list, seconds: float, kind: str) -> Scores:
    result = Scores(seconds=seconds, docs_per_second=len(pages) / seconds if seconds else 0.0)
    if kind == "tokens":
        prf = [token_prf(body, page.body) for body, page in zip(bodies, pages)]
        result.precision, result.recall, result.f1 = (sum(x[i] for x in prf) / len(prf) for i in range(3))
    elif kind == "snippets":
        tp = fn = fp = tn = 0
        for body, page in zip(bodies, pages):
            a, b, c, d = snippet_counts(body, page)
            tp, fn, fp, tn = tp + a, fn + b, fp + c, tn + d
        result.precision = tp / (tp + fp) if tp + fp else 0.0
        result.recall = tp / (tp + fn) if tp + fn else 0.0
        p, r = result.precision, result.recall
        result.f1 = 2 * p * r / (p + r) if p + r else 0.0
        result.boilerplate = sum(1 for body, page in zip(bodies, pages) if snippet_counts(body, page)[2])
    with_title = [(t, p.title) for t, p in zip(titles, pages) if p.title]
    if with_title:
        result.title = sum(title_ok(g, w) for g, w in with_title) / len(with_title)
    with_date = [(d, p.date) for d, p in zip(dates, pages) if p.date is not None]
    if with_date:
        result.date = sum(date_ok(g, w) for g, w in with_date) / len(with_date)
    if pages and pages[0].boilerplate is not None and kind == "tokens" and pages[0].fetched_at is not None:
        result.boilerplate = sum(
            1 for body, page in zip(bodies, pages) if set(BOILERPLATE.findall(body)) - page.boilerplate
        )
    return result


def fmt(value, digits=3) -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}"


# Dates in the languages of the external sets. htmldate hands text it cannot read to
# dateparser, which loads each language's tables on first use (up to 0.2 s each): a
# one-time cost per process that a long crawl never sees, so it is paid before timing.
_WARM_DATES = ["3 mayo 2020", "12 janvier 2019", "5. März 2021", "2020年7月3日", "17 أبريل 2020",
               "3 марта 2020", "July 4, 2020", "3 de março de 2020", "12 maggio 2020", "3 maja 2020",
               "3. května 2020", "12 Temmuz 2020", "2020년 7월 3일", "3 липня 2020", "12 lutego 2020",
               "4 juli 2020", "12 augustus 2020", "12. toukokuuta 2020", "12 ottobre 2020", "१२ जुलाई २०२०"]


def warm_up() -> None:
    from htmldate import find_date

    for text in _WARM_DATES:
        find_date(f"<html><body><div><p>Publicado: {text}</p><p>{text}</p></div></body></html>",
                  extensive_search=True, original_date=True)
    run_both(latvian_set(3), 1)


def report(name: str, pages: list[Page], kind: str, repeat: int) -> dict:
    novadi, plain, novadi_time, trafilatura_time = run_both(pages, repeat)
    metadata, metadata_time = run_trafilatura_metadata(pages)
    rows = {
        "novadi": score(pages, [r.body for r in novadi], [r.title for r in novadi], [r.date for r in novadi],
                        novadi_time, kind),
        "trafilatura": score(pages, plain, [m[0] for m in metadata], [m[1] for m in metadata],
                             trafilatura_time, kind),
    }
    metric = "snippet" if kind == "snippets" else "token"
    print(f"\n== {name}: {len(pages)} pages (body {metric} P/R/F1)")
    print(f"{'system':<13}{'P':>7}{'R':>7}{'F1':>7}{'title':>7}{'date':>7}{'boiler':>8}{'docs/s':>8}{'ms/doc':>8}")
    for system, s in rows.items():
        print(f"{system:<13}{fmt(s.precision):>7}{fmt(s.recall):>7}{fmt(s.f1):>7}{fmt(s.title):>7}{fmt(s.date):>7}"
              f"{fmt(s.boilerplate):>8}{s.docs_per_second:>8.1f}{1000 * s.seconds / max(len(pages), 1):>8.1f}")
    ratio = novadi_time / trafilatura_time if trafilatura_time else float("nan")
    print(f"time novadi/trafilatura: {ratio:.3f}   (trafilatura metadata for title/date: "
          f"{1000 * metadata_time / max(len(pages), 1):.1f} ms/doc more)")
    return {"pages": len(pages), "ratio": ratio, "novadi": vars(rows["novadi"]), "trafilatura": vars(rows["trafilatura"]),
            "novadi_seconds": novadi_time, "trafilatura_seconds": trafilatura_time}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="at most this many pages per set")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="folder of the external gold sets")
    parser.add_argument("--sets", default="latvian,scrapinghub,trafilatura-eval,htmldate-mediacloud",
                        help="comma-separated sets to run")
    parser.add_argument("--repeat", type=int, default=1,
                        help="time each page this many times per system, keep the fastest")
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    wanted = set(args.sets.split(","))
    warm_up()
    summary = {}
    if "latvian" in wanted:
        summary["latvian"] = report("Latvian gold set (tests/extraction_pages)", latvian_set(args.limit), "tokens",
                                    max(args.repeat, 5))
    if args.gold.is_dir():
        if "scrapinghub" in wanted and (args.gold / "scrapinghub").is_dir():
            summary["scrapinghub"] = report("scrapinghub article-extraction-benchmark",
                                            scrapinghub_set(args.gold / "scrapinghub", args.limit), "tokens", args.repeat)
        if "trafilatura-eval" in wanted and (args.gold / "trafilatura-eval").is_dir():
            summary["trafilatura-eval"] = report("trafilatura evaluation set",
                                                 trafilatura_eval_set(args.gold / "trafilatura-eval", args.limit),
                                                 "snippets", args.repeat)
        if "htmldate-mediacloud" in wanted and (args.gold / "htmldate-mediacloud").is_dir():
            summary["htmldate-mediacloud"] = report("htmldate Media Cloud 2020 (dates only)",
                                                    mediacloud_set(args.gold / "htmldate-mediacloud", args.limit),
                                                    "none", args.repeat)
    else:
        print(f"\n(no external gold sets at {args.gold})")
    total_novadi = sum(v["novadi_seconds"] for v in summary.values())
    total_plain = sum(v["trafilatura_seconds"] for v in summary.values())
    if total_plain:
        print(f"\nall sets: novadi {total_novadi:.1f}s, trafilatura {total_plain:.1f}s, "
              f"ratio {total_novadi / total_plain:.3f}")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
