"""Scoring clustering against a labelled set (``tests/cluster_pairs/``).

Each JSON file there is one group of articles. In a ``copies`` group every article is
a copy of the same story; a ``distinct`` group holds articles that look alike but are
different stories. Every pair of articles from different groups is a different story
too. Pairwise precision and recall count pairs of articles that share a cluster.
"""
from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "cluster_pairs"


def load_groups(folder: str | Path = LABELLED) -> list[dict]:
    groups = []
    for path in sorted(Path(folder).glob("*.json")):
        group = json.loads(path.read_text(encoding="utf-8"))
        group["name"] = path.stem
        groups.append(group)
    return groups


def insert_article(db: Database, article_id: str, site: str, body: str, *, title: str | None = None,
                   published: str | None = None, first_seen: str = "2026-11-22T00:00:00+00:00",
                   url: str | None = None) -> int:
    """Insert one article (and its site if missing) with every NOT NULL column; returns its pk."""
    db.execute(
        "INSERT OR IGNORE INTO sites (id, name, url) VALUES (?, ?, ?)",
        [site, site, f"https://www.{site}.lv/"],
    )
    cur = db.execute(
        "INSERT INTO articles (id, site, url, title, published, body, body_hash, first_seen, last_seen, last_changed) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [article_id, site, url or f"https://www.{site}.lv/lv/jaunums/{article_id}", title, published, body,
         hashlib.sha256(body.encode("utf-8")).hexdigest(), first_seen, first_seen, first_seen],
    )
    return cur.lastrowid


def labelled_id(group: str, index: int) -> str:
    return hashlib.sha256(f"{group}/{index}".encode()).hexdigest()[:16]


def load_labelled(db: Database, groups: list[dict]) -> dict[str, str]:
    """Insert every labelled article; returns article id -> group name."""
    label_of = {}
    for group in groups:
        for i, a in enumerate(group["articles"]):
            aid = labelled_id(group["name"], i)
            insert_article(db, aid, a["site"], a["body"], title=a["title"], published=a["published"],
                           first_seen=a["first_seen"])
            label_of[aid] = group["name"]
    return label_of


@dataclass
class Scores:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    wrong: list[tuple[str, str, str]] = field(default_factory=list)   # (kind, article, article)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def pairwise_scores(db: Database, groups: list[dict], label_of: dict[str, str]) -> Scores:
    copies = {g["name"] for g in groups if g["label"] == "copies"}
    cluster = dict(db.execute("SELECT id, cluster_id FROM articles").fetchall())
    scores = Scores()
    for a, b in itertools.combinations(sorted(label_of), 2):
        expected = label_of[a] == label_of[b] and label_of[a] in copies
        found = cluster.get(a) is not None and cluster.get(a) == cluster.get(b)
        if expected and found:
            scores.true_positives += 1
        elif found:
            scores.false_positives += 1
            scores.wrong.append(("false positive", f"{label_of[a]}:{a}", f"{label_of[b]}:{b}"))
        elif expected:
            scores.false_negatives += 1
            scores.wrong.append(("false negative", f"{label_of[a]}:{a}", f"{label_of[b]}:{b}"))
    return scores
