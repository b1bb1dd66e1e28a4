"""Latvian full-text search: what a reader types, turned into a safe FTS5 query.

Readers type without diacritics ("pasvaldiba") and in any case form ("Jelgavā",
"Jelgavas"). The index folds diacritics (``unicode61 remove_diacritics 2``), so
the query folds them too; inflection is met two ways at once: a light stemmer strips
one noun or adjective ending and searches every inflected form of the stem, and
a full-form dictionary (:mod:`archive.site.lemmas`) adds every form of the word's
lemma, which the stemmer cannot guess ("gāja" → "iet", "nāca" → "nākt"). Both
are searched as exact terms. Every word is quoted, so nothing a reader types is
ever read as FTS5 syntax. :func:`snippet` marks the same forms in a hit's text.

The labelled query set in tests/search_eval measures each way of matching
(``MATCHING``); ``bench/search_eval.py`` prints recall and precision.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from archive.site import lemmas

# unicode61 keeps letters, numbers and private-use characters together as tokens
# and splits on everything else, underscore included.
_TOKEN = re.compile(r"[^\W_]+")
_VOWELS = frozenset("aeiou")

# Endings of Latvian nouns and adjectives, diacritics folded (ā→a, ē→e, ī→i, ū→u),
# longest first. Each comes with the number of vowels the stem must keep, so that
# short words are left alone ("upe", "maja" keep enough to stay specific).
_ENDINGS: tuple[tuple[str, int], ...] = (
    ("ajiem", 2),  # lielajiem
    ("ajai", 2),  # lielajai
    ("ajam", 1),  # lielajam, lielajām
    ("ajas", 1),  # lielajās
    ("ajos", 1),  # lielajos
    ("aja", 1),  # lielajā
    ("iem", 1),  # novadiem
    ("ais", 1),  # lielais
    ("ai", 1),  # skolai
    ("ei", 1),  # zemei
    ("am", 1),  # novadam, skolām
    ("em", 1),  # zemēm
    ("im", 1),  # brālim, pilīm
    ("um", 1),  # tirgum
    ("us", 1),  # tirgus, novadus
    ("as", 1),  # skolas, skolās
    ("es", 1),  # zemes, zemēs
    ("os", 1),  # novados
    ("ij", 1),  # Daugavpilij
    ("is", 1),  # brālis, pilīs
    ("ie", 1),  # lielie
    ("u", 1),  # novadu, skolu, tirgū
    ("a", 1),  # skola, skolā, novada
    ("i", 1),  # novadi, pilī
    ("e", 1),  # zeme, zemē
    ("o", 1),  # lielo
    ("s", 1),  # novads
)
MIN_STEM = 3
MAX_TERMS = 12
# Longer than any Latvian word: searched as typed, without its 27 inflected forms (a
# pasted 20,000-letter "word" would otherwise make a query of half a million characters).
LONGEST_WORD = 40


def fold(text: str) -> str:
    """Lowercase and strip diacritics the way the index does: "Pašvaldība" → "pasvaldiba"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).casefold()


def tokens(text: str) -> list[str]:
    """The folded words of ``text``, as the FTS5 tokenizer would split them."""
    return _TOKEN.findall(fold(text or ""))


def stem(word: str) -> str:
    """Strip one Latvian noun or adjective ending from a folded word.

    >>> stem("jelgavas"), stem("pasvaldibu"), stem("novadiem"), stem("upe")
    ('jelgav', 'pasvaldib', 'novad', 'upe')
    """
    if not word.isalpha() or not word.isascii():
        return word
    for ending, vowels in _ENDINGS:
        if not word.endswith(ending):
            continue
        candidate = word[: -len(ending)]
        if len(candidate) >= MIN_STEM and sum(c in _VOWELS for c in candidate) >= vowels:
            return candidate
    return word


def forms(word: str) -> list[str]:
    """The inflected forms a folded word stands for: its stem with every ending.

    Exact forms, not a prefix: FTS5 reads an OR of terms lazily, but a prefix query
    merges the postings of every word that starts with it (slow on a large archive,
    and "skol"* would find "skoleni" and "skolotaji", other words).
    """
    root = stem(word)
    if root == word and not word.isascii():
        return [word]
    return list(dict.fromkeys([word, root, *(root + ending for ending, _ in _ENDINGS)]))


# Ways of matching a word's inflections, for measuring them side by side:
# "exact" the typed word only, "stem" the stemmer's forms, "lemma" the dictionary's forms
# (the stemmer's for words it does not know), "stem+lemma" both.
MATCHING = ("exact", "stem", "lemma", "stem+lemma")
DEFAULT_MATCHING = "stem+lemma"


def _variants(word: str, matching: str = DEFAULT_MATCHING) -> list[str]:
    """The exact terms searched for one folded word: the word alone when it is short or
    has digits (``ES``, ``2023``), else the forms ``matching`` gives. Three-letter words
    take only the dictionary's forms ("iet" → "gāja"), never a stem's ("upe" stays)."""
    if len(word) < 3 or len(word) > LONGEST_WORD or not word.isalpha() or matching == "exact":
        return [word]
    known = lemmas.forms(word) if matching != "stem" else ()
    if len(word) < 4:
        return list(known) or [word]
    if matching == "lemma" and known:
        return list(known)
    stemmed = forms(word) if matching != "lemma" or not known else []
    return list(dict.fromkeys([*stemmed, *known]))


def _query_words(user_text: str | None) -> list[str]:
    """The distinct folded words a reader typed, at most :data:`MAX_TERMS` of them."""
    return list(dict.fromkeys(tokens(user_text or "")))[:MAX_TERMS]


def _term(word: str, matching: str = DEFAULT_MATCHING) -> str:
    # A word is letters and digits only, so quoting it can never produce syntax.
    variants = _variants(word, matching)
    if len(variants) == 1:
        return f'"{word}"'
    return "(" + " OR ".join(f'"{v}"' for v in variants) + ")"


def fts_query(user_text: str | None, matching: str = DEFAULT_MATCHING) -> str:
    """An FTS5 MATCH expression for what a reader typed; every word must match.

    Returns ``'""'`` (matches nothing, raises nothing) when there is no word to search.

    >>> fts_query("Jelgavā")[:40]
    '("jelgava" OR "jelgav" OR "jelgavajiem"'
    """
    words = _query_words(user_text)
    if not words:
        return '""'
    return " AND ".join(_term(word, matching) for word in words)


# -- snippets -----------------------------------------------------------------------

MARK_OPEN, MARK_CLOSE, ELLIPSIS = "\ue000", "\ue001", "…"
_WORD = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=256)
def _wanted(user_text: str, matching: str = DEFAULT_MATCHING) -> frozenset[str]:
    """Every folded form :func:`fts_query` searches for ``user_text``."""
    return frozenset(v for word in _query_words(user_text) for v in _variants(word, matching))


def matches(text: str | None, user_text: str | None, matching: str = DEFAULT_MATCHING) -> bool:
    """Whether ``text`` holds every word of ``user_text`` in some searched form (what the
    FTS query finds, without an index: for measuring and for tests)."""
    found = {_fold_word(m.group()) for m in _WORD.finditer(text or "")}
    words = _query_words(user_text)
    return bool(words) and all(found.intersection(_variants(w, matching)) for w in words)


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    lower = word.lower()
    return lower if lower.isascii() else fold(lower)


def snippet(text: str | None, user_text: str | None, size: int = 24) -> str | None:
    """The ``size`` words of ``text`` around most of the words searched for, each hit
    between U+E000 and U+E001 (as FTS5's ``snippet()`` marks them), cut ends shown
    as "…"; None when ``text`` holds none of them.

    FTS5's own ``snippet()`` runs the whole query again for its row and re-tokenizes
    the document; on a large archive twenty of them cost more than the ranking. This
    reads only the text it is given, with the same folding and inflected forms.
    """
    if not text or not user_text:
        return None
    wanted = _wanted(user_text)
    words = list(_WORD.finditer(text))
    hits = [_fold_word(m.group()) in wanted for m in words]
    if not any(hits):
        return None
    # The window of `size` words with the most hits, the earliest of equals.
    best = count = sum(hits[:size])
    start = 0
    for i in range(size, len(words)):
        count += hits[i] - hits[i - size]
        if count > best:
            best, start = count, i - size + 1
    # Begin a few words before its first hit, for context.
    first = next(i for i in range(start, len(words)) if hits[i])
    start = max(0, min(first - 3, len(words) - size))
    end = min(len(words), start + size)
    out = [ELLIPSIS] if start > 0 else []
    pos = words[start].start()
    for i in range(start, end):
        m = words[i]
        out.append(text[pos:m.start()])
        out.append(f"{MARK_OPEN}{m.group()}{MARK_CLOSE}" if hits[i] else m.group())
        pos = m.end()
    if end < len(words):
        out.append(ELLIPSIS)
    elif pos < len(text):
        out.append(text[pos:].rstrip())
    return " ".join("".join(out).split())
