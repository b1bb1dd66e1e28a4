"""Latvian matching measured: recall and precision of each way of matching on a labelled set.

tests/search_eval/corpus.tsv holds short municipal-news articles, each labelled by hand
with the lemmas it is about; tests/search_eval/queries.tsv holds queries (nouns in every
case, verbs in every tense, irregular stems, compounds, place names in the locative,
words typed without diacritics), each with the lemmas an answer must hold and the
lemmas of near misses ("skolotājs" for "skola", "celis" for "ceļš").

An answer is relevant when it is labelled with every lemma of the query. Recall is the
share of relevant articles found; precision the share of found articles that are
relevant (every other article counts against it, the near misses and the rest alike).
Figures are micro-averaged over all queries and per kind of query. Each way of matching
(archive.site.search.MATCHING) runs as the site runs it: its FTS5 query against an
in-memory FTS5 index with the archive's tokenizer.

    python bench/search_eval.py              # every way of matching, by kind
    python bench/search_eval.py --misses stem+lemma   # what one way misses or finds wrongly
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SET = ROOT / "tests" / "search_eval"


@dataclass
class Query:
    text: str
    kind: str
    lemmas: tuple[str, ...]
    near_misses: tuple[str, ...]
    relevant: set[str] = field(default_factory=set)
    near: set[str] = field(default_factory=set)


def _rows(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def load(root: Path = SET) -> tuple[dict[str, dict], list[Query]]:
    """The corpus (id → title, body, lemmas) and the queries with their relevant articles."""
    corpus = {}
    for id_, lemmas, title, body in _rows(root / "corpus.tsv"):
        corpus[id_] = {"title": title, "body": body, "lemmas": set(lemmas.split())}
    queries = []
    for row in _rows(root / "queries.tsv"):
        text, kind, lemmas, near = (row + [""])[:4]
        q = Query(text, kind, tuple(lemmas.split()), tuple(near.split()))
        q.relevant = {i for i, a in corpus.items() if set(q.lemmas) <= a["lemmas"]}
        q.near = {i for i, a in corpus.items() if a["lemmas"] & set(q.near_misses)} - q.relevant
        queries.append(q)
    return corpus, queries


def index(corpus: dict[str, dict]) -> sqlite3.Connection:
    from archive.migrations import FTS_TOKENIZE

    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, title, body, tokenize='{FTS_TOKENIZE}')")
    conn.executemany("INSERT INTO t (id, title, body) VALUES (?, ?, ?)",
                     [(i, a["title"], a["body"]) for i, a in corpus.items()])
    return conn


def found(conn, text: str, matching: str) -> set[str]:
    from archive.site.search import fts_query

    return {r[0] for r in conn.execute("SELECT id FROM t WHERE t MATCH ?", [fts_query(text, matching)])}


@dataclass
class Score:
    relevant: int = 0
    found: int = 0
    right: int = 0
    near: int = 0
    queries: int = 0

    def add(self, q: Query, hits: set[str]) -> None:
        self.queries += 1
        self.relevant += len(q.relevant)
        self.found += len(hits)
        self.right += len(hits & q.relevant)
        self.near += len(hits & q.near)

    @property
    def recall(self) -> float:
        return self.right / self.relevant if self.relevant else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0


def evaluate(matching: str, root: Path = SET) -> tuple[Score, dict[str, Score], list]:
    """Overall and per-kind scores of one way of matching, and each query's misses."""
    corpus, queries = load(root)
    conn = index(corpus)
    total, by_kind, misses = Score(), defaultdict(Score), []
    for q in queries:
        hits = found(conn, q.text, matching)
        total.add(q, hits)
        by_kind[q.kind].add(q, hits)
        if hits != q.relevant:
            misses.append((q, sorted(q.relevant - hits), sorted(hits - q.relevant)))
    return total, dict(by_kind), misses


def coverage(corpus: dict[str, dict]) -> float:
    """The share of the corpus's words (three letters or more) the dictionary knows."""
    from archive.site import lemmas
    from archive.site.search import tokens

    words = [w for a in corpus.values() for w in tokens(a["title"] + " " + a["body"]) if len(w) >= 3 and w.isalpha()]
    return sum(bool(lemmas.lemmas(w)) for w in words) / len(words) if words else 0.0


def main(argv=None) -> int:
    from archive.site.search import MATCHING

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--matching", default=",".join(MATCHING), help="ways of matching to compare")
    parser.add_argument("--misses", metavar="MATCHING", help="list the queries this way gets wrong")
    args = parser.parse_args(argv)
    corpus, queries = load()
    print(f"{len(queries)} queries over {len(corpus)} articles; {coverage(corpus):.1%} of the corpus's "
          f"words (3+ letters) are in the Latvian dictionary")
    kinds = sorted({q.kind for q in queries})
    header = f"{'matching':<12} {'kind':<16} {'queries':>7} {'relevant':>8} {'found':>6} {'recall':>7} {'precision':>9} {'near misses found':>17}"
    print(header)
    print("-" * len(header))
    for matching in args.matching.split(","):
        total, by_kind, _ = evaluate(matching)
        for kind, score in [("all", total)] + [(k, by_kind[k]) for k in kinds]:
            print(f"{matching:<12} {kind:<16} {score.queries:>7} {score.relevant:>8} {score.found:>6} "
                  f"{score.recall:>7.3f} {score.precision:>9.3f} {score.near:>17}")
    if args.misses:
        print()
        for q, missed, wrong in evaluate(args.misses)[2]:
            print(f"{q.text!r:<32} missed {missed}  wrongly found {wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
