"""Clustering's settings and its run report (see :mod:`archive.clusters`)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from typing import Any, Mapping

import numpy as np


@dataclass(frozen=True)
class ClusterConfig:
    """Every knob of clustering. Defaults are chosen on ``tests/cluster_pairs/``
    (see ``docs/clustering.md``)."""

    num_perm: int = 128
    shingle_size: int = 5
    # LSH only proposes candidates; each is verified exactly, so the band layout is
    # chosen for recall: with (0.2, 0.8) weights, 128 permutations give 42 bands of 3
    # rows, which find a pair with Jaccard 0.4 94% of the time and one with 0.5 99.6%.
    lsh_threshold: float = 0.3
    lsh_weights: tuple[float, float] = (0.2, 0.8)
    # A candidate pair is a copy when its Jaccard similarity reaches jaccard_threshold,
    # or when the smaller text lies mostly inside the larger (a dropped paragraph, a
    # copy that keeps the first half) and the two still share a fair part of their text.
    jaccard_threshold: float = 0.5
    containment_threshold: float = 0.8
    containment_min_jaccard: float = 0.4
    # Texts with fewer shingles than this (about 34 words) are never clustered: two
    # one-sentence notices of different council sessions differ only in their dates.
    min_shingles: int = 30
    window_days: int = 30
    strip_diacritics: bool = True
    seed: int = 1
    batch_size: int = 2000

    SETTINGS = {
        "num_perm": "NOVADI_CLUSTER_NUM_PERM",
        "shingle_size": "NOVADI_CLUSTER_SHINGLE_SIZE",
        "lsh_threshold": "NOVADI_CLUSTER_LSH_THRESHOLD",
        "jaccard_threshold": "NOVADI_CLUSTER_JACCARD",
        "containment_threshold": "NOVADI_CLUSTER_CONTAINMENT",
        "containment_min_jaccard": "NOVADI_CLUSTER_CONTAINMENT_MIN_JACCARD",
        "min_shingles": "NOVADI_CLUSTER_MIN_SHINGLES",
        "window_days": "NOVADI_CLUSTER_WINDOW_DAYS",
        "strip_diacritics": "NOVADI_CLUSTER_STRIP_DIACRITICS",
    }

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | Any) -> "ClusterConfig":
        """A config from ``NOVADI_CLUSTER_*`` settings (a Scrapy ``Settings``, a dict, ``os.environ``)."""
        kwargs = {}
        types = {f.name: f.type for f in fields(cls)}
        for name, key in cls.SETTINGS.items():
            value = settings.get(key)
            if value is None or value == "":
                continue
            kind = types[name]
            if kind == "bool":
                kwargs[name] = value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "on")
            elif kind == "int":
                kwargs[name] = int(value)
            else:
                kwargs[name] = float(value)
        return cls(**kwargs)

    @property
    def bands(self) -> int:
        return _lsh_layout(self.lsh_threshold, self.num_perm, self.lsh_weights)[0]

    @property
    def rows(self) -> int:
        return _lsh_layout(self.lsh_threshold, self.num_perm, self.lsh_weights)[1]

    def index_params(self) -> dict[str, str]:
        """What the stored signatures and band keys depend on: if any changes, rebuild."""
        return {
            "num_perm": str(self.num_perm),
            "shingle_size": str(self.shingle_size),
            "strip_diacritics": str(int(self.strip_diacritics)),
            "seed": str(self.seed),
            "bands": str(self.bands),
            "rows": str(self.rows),
            "min_shingles": str(self.min_shingles),
            "hash": "blake2b8-multshift-v1",
        }

    def similar(self, jaccard: float, containment: float) -> bool:
        if jaccard >= self.jaccard_threshold:
            return True
        return containment >= self.containment_threshold and jaccard >= self.containment_min_jaccard


@lru_cache(maxsize=16)
def _lsh_layout(threshold: float, num_perm: int, weights: tuple[float, float]) -> tuple[int, int]:
    """(bands, rows) minimizing the weighted areas of false positives below the threshold
    and false negatives above it: datasketch's ``MinHashLSH`` rule, without importing
    scipy (a second and 50 MB in every process that clusters)."""
    fp_weight, fn_weight = weights
    integrate = getattr(np, "trapezoid", None) or np.trapz
    below = np.linspace(0.0, threshold, 1001)
    above = np.linspace(threshold, 1.0, 1001)
    best, layout = float("inf"), (1, 1)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            false_positive = integrate(1 - (1 - below ** rows) ** bands, below)
            false_negative = integrate((1 - above ** rows) ** bands, above)
            error = fp_weight * false_positive + fn_weight * false_negative
            if error < best:
                best, layout = error, (bands, rows)
    return layout


@dataclass
class ClusterReport:
    """What one run did. ``clusters`` is the number of clusters in the archive after it."""

    mode: str = "new"
    indexed: int = 0            # articles (re)signed and put in the LSH index
    skipped: int = 0            # too short, redacted or undatable: kept out of the index
    removed: int = 0            # index entries dropped for changed, redacted or deleted articles
    candidate_pairs: int = 0    # pairs sharing a band key within the date window
    similar_pairs: int = 0      # candidates that passed the exact check
    clusters_created: int = 0
    clusters_changed: int = 0   # existing clusters that grew, shrank or merged into
    clusters_removed: int = 0
    articles_changed: int = 0   # articles whose cluster_id changed
    clusters: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)
