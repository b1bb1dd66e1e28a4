"""Latvian full-text search: what a reader types, turned into a safe FTS5 query.

Readers type without diacritics ("pasvaldiba") and in any case form ("Jelgavā",
"Jelgavas"). The index folds diacritics (``unicode61 remove_diacritics 2``), so
the query folds them too; inflection is met with a light stemmer that strips
one noun or adjective ending and searches the stem as a prefix. Every word is
quoted, so nothing a reader types is ever read as FTS5 syntax.

Recall comes first: the prefix also meets derived words ("skola" finds
"skolēni" and "skolotāji"). Each stemmed word is searched as
``("word" OR "stem"*)``, so documents with the exact form score higher in bm25.
"""
from __future__ import annotations

import re
import unicodedata

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


def _term(word: str) -> str:
    # A word is letters and digits only, so quoting it can never produce syntax.
    if len(word) < 4 or not word.isalpha():
        return f'"{word}"'
    variants = forms(word)
    if len(variants) == 1:
        return f'"{word}"'
    return "(" + " OR ".join(f'"{v}"' for v in variants) + ")"


def fts_query(user_text: str | None) -> str:
    """An FTS5 MATCH expression for what a reader typed; every word must match.

    Returns ``'""'`` (matches nothing, raises nothing) when there is no word to search.

    >>> fts_query("Jelgavā")[:40]
    '("jelgava" OR "jelgav" OR "jelgavajiem"'
    """
    words: list[str] = []
    for word in tokens(user_text or ""):
        if word not in words:
            words.append(word)
    if not words:
        return '""'
    return " AND ".join(_term(word) for word in words[:MAX_TERMS])
