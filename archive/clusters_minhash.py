"""Text to shingles to MinHash signatures to LSH band keys, with numpy and nothing stored.

Every hash here is stable across processes and machines (no Python ``hash()``, whose
seed changes per process), because the signatures and band keys are kept in the archive
and compared with ones computed months later.

- A body is normalized (NFC, casefold, diacritics folded: ``pašvaldība`` and
  ``pasvaldiba`` are one word, as they are for a legacy page that lost its letters)
  and split into words.
- Its shingles are runs of ``k`` consecutive words, each hashed to 64 bits.
- Its MinHash signature is, for each of ``num_perm`` hash functions
  ``h_i(x) = (a_i * x + b_i) >> 32`` (multiply-shift over 64 bits, ``a_i`` odd),
  the minimum over its shingles. Two signatures agree at a position with a
  probability equal to the Jaccard similarity of the two shingle sets.
- Its LSH band keys are 32-bit hashes of each band of ``rows`` signature values;
  two bodies share at least one key with probability ``1 - (1 - J**rows)**bands``.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from itertools import chain

import numpy as np

_WORD = re.compile(r"\w+")
_U64 = np.uint64
_SHINGLE_MULT = _U64(0x9E3779B97F4A7C15)
_BAND_MULT = _U64(0xC2B2AE3D27D4EB4F)
# Shingles x permutations hashed at once: a 2 MB matrix stays in the CPU cache, which
# measured twice as fast as larger chunks.
_CHUNK_CELLS = 250_000


def _fold_table() -> dict[int, str]:
    """Latin letters with diacritics (U+00C0–U+024F) mapped to their base letters."""
    table = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch and base:
            table[cp] = base
    return table


_FOLD = _fold_table()


def normalize(text: str, strip_diacritics: bool = True) -> str:
    """NFC, casefolded and (by default) with Latin diacritics folded: the text shingles see."""
    text = unicodedata.normalize("NFC", text or "").casefold()
    if strip_diacritics:
        text = text.translate(_FOLD)
    return text


def words(text: str, strip_diacritics: bool = True) -> list[str]:
    return _WORD.findall(normalize(text, strip_diacritics))


class _TokenHashes(dict):
    """Casefolded word -> stable 64-bit hash of its (optionally folded) form.

    Folding diacritics once per distinct word rather than once per character of every
    text makes shingling three times faster.
    """

    max_size = 2_000_000

    def __init__(self, strip_diacritics: bool) -> None:
        super().__init__()
        self.strip_diacritics = strip_diacritics

    def __missing__(self, word: str) -> int:
        if len(self) >= self.max_size:
            self.clear()
        key = word.translate(_FOLD) if self.strip_diacritics else word
        value = int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")
        self[word] = value
        return value


_token_hashes = {True: _TokenHashes(True), False: _TokenHashes(False)}


def _mix64(h: np.ndarray) -> np.ndarray:
    """The splitmix64 finalizer, in place: spreads every input bit over the output."""
    h ^= h >> _U64(30)
    h *= _U64(0xBF58476D1CE4E5B9)
    h ^= h >> _U64(27)
    h *= _U64(0x94D049BB133111EB)
    h ^= h >> _U64(31)
    return h


def shingles(text: str, k: int = 5, strip_diacritics: bool = True) -> np.ndarray:
    """The sorted, distinct 64-bit hashes of a text's k-word shingles.

    A text shorter than k words is one shingle (itself); an empty text has none.
    """
    return shingle_sets([text], k, strip_diacritics)[0]


def shingle_sets(texts: list[str], k: int = 5, strip_diacritics: bool = True) -> list[np.ndarray]:
    """:func:`shingles` of many texts at once: one pass of numpy over all their words,
    instead of a dozen small numpy calls per text."""
    lookup = _token_hashes[bool(strip_diacritics)].__getitem__
    token_lists = [_WORD.findall(normalize(t, strip_diacritics=False)) for t in texts]
    lens = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(texts))
    total = int(lens.sum())
    ids = np.fromiter(map(lookup, chain.from_iterable(token_lists)), dtype=np.uint64, count=total)
    starts = np.zeros(len(texts), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    out: list[np.ndarray] = [np.empty(0, dtype=np.uint64)] * len(texts)
    if total >= k:
        m = total - k + 1
        h = ids[:m].copy()
        for j in range(1, k):
            h *= _SHINGLE_MULT
            h += ids[j:j + m]
        _mix64(h)
        # A shingle belongs to a text if it starts there and does not run past its end.
        doc = np.repeat(np.arange(len(texts)), lens)[:m]
        valid = np.arange(m) - starts[doc] <= (lens - k)[doc]
        doc, h = doc[valid], h[valid]
        order = np.lexsort((h, doc))
        doc, h = doc[order], h[order]
        keep = np.ones(len(h), dtype=bool)
        keep[1:] = (h[1:] != h[:-1]) | (doc[1:] != doc[:-1])
        doc, h = doc[keep], h[keep]
        bounds = np.searchsorted(doc, np.arange(len(texts) + 1))
        out = [h[bounds[i]:bounds[i + 1]] for i in range(len(texts))]
    for i in np.nonzero((lens > 0) & (lens < k))[0]:
        # Shorter than one shingle: the whole text is its only shingle.
        part = ids[starts[i]:starts[i] + lens[i]]
        h = part[:1].copy()
        for j in range(1, len(part)):
            h *= _SHINGLE_MULT
            h += part[j:j + 1]
        out[i] = _mix64(h)
    return out


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) coefficients of the num_perm hash functions, fixed by the seed."""
    rng = np.random.Generator(np.random.PCG64(seed))
    a = rng.integers(0, 2**64, size=num_perm, dtype=np.uint64, endpoint=False) | _U64(1)
    b = rng.integers(0, 2**64, size=num_perm, dtype=np.uint64, endpoint=False)
    return a, b


def signatures(sets: list[np.ndarray], num_perm: int, seed: int) -> np.ndarray:
    """MinHash signatures (len(sets) x num_perm, uint32) of non-empty shingle sets."""
    a, b = permutations(num_perm, seed)
    out = np.empty((len(sets), num_perm), dtype=np.uint32)
    if not sets:
        return out
    sizes = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
    if (sizes == 0).any():
        raise ValueError("cannot sign an empty shingle set")
    per_chunk = max(1, _CHUNK_CELLS // num_perm)
    a_col, b_col = a[:, None], b[:, None]
    start = 0
    while start < len(sets):
        # Whole documents per chunk, as many as fit in the cell budget (at least one).
        stop = start + 1
        total = sizes[start]
        while stop < len(sets) and total + sizes[stop] <= per_chunk:
            total += sizes[stop]
            stop += 1
        flat = np.concatenate(sets[start:stop])
        values = a_col * flat
        values += b_col
        offsets = np.concatenate(([0], np.cumsum(sizes[start:stop])[:-1]))
        # x >> 32 is monotonic, so the minimum's top half is the top halves' minimum.
        out[start:stop] = (np.minimum.reduceat(values, offsets, axis=1) >> _U64(32)).T
        start = stop
    return out


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """LSH band keys (n x bands, int32) of signatures: one 32-bit hash per band."""
    n = sigs.shape[0]
    if sigs.shape[1] < bands * rows:
        raise ValueError(f"{sigs.shape[1]} permutations cannot make {bands} bands of {rows}")
    cube = sigs[:, :bands * rows].reshape(n, bands, rows).astype(np.uint64)
    h = cube[:, :, 0].copy()
    for j in range(1, rows):
        h *= _BAND_MULT
        h += cube[:, :, j]
    _mix64(h)
    return (h >> _U64(32)).astype(np.uint32).view(np.int32)


def jaccard_and_containment(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Exact Jaccard similarity and containment (overlap / smaller set) of two shingle sets."""
    if not len(a) or not len(b):
        return 0.0, 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common), common / min(len(a), len(b))
