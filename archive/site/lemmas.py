"""Latvian word forms from a dictionary: every form of the lemmas a typed word may be.

The stemmer in :mod:`archive.site.search` strips regular endings; it cannot know that
"gāja" is a form of "iet", "nāca" of "nākt" or "ūdeņu" of "ūdens". simplemma ships a
Latvian full-form dictionary (about 178,000 forms of 15,000 lemmas); inverted, it gives
for a typed word every form of its lemma. Everything is diacritic-folded as the index is,
so a folded form may belong to several lemmas ("kaza"/"kāza"): all of them are kept, and
the search's precision on the labelled query set (tests/search_eval) says what that costs.

The dictionary is loaded once, on first use (about a second), or by :func:`preload`.
"""
from __future__ import annotations

import functools
import logging
import threading

log = logging.getLogger(__name__)

MAX_FORMS = 48  # forms of one typed word; a lemma with more is searched by its commonest few

_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(folded form → folded lemmas, folded lemma → folded forms); empty without simplemma."""
    from archive.site.search import fold  # the index's folding

    try:
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory

        entries = DefaultDictionaryFactory().get_dictionary("lv")
    except Exception as error:  # an optional aid: the stemmer still works without it
        log.warning("Latvian dictionary not available, search uses the stemmer alone: %s", error)
        return {}, {}
    lemmas_of: dict[str, set[str]] = {}
    forms_of: dict[str, set[str]] = {}
    for form, lemma in entries.items():
        f, lem = fold(form), fold(lemma)
        if not (f.isalpha() and lem.isalpha()):  # abbreviations ("nov."), punctuation
            continue
        if len(f) < 3 and f != lem:
            # the dictionary holds forms that lost a letter ("ua" for "upe", "ceu" for
            # "ceļu"); the shortest of them are all noise
            continue
        lemmas_of.setdefault(f, set()).add(lem)
        forms_of.setdefault(lem, {lem}).add(f)
    # A short form that is itself another word's headword is searched for that word only:
    # the dictionary lists "lai" (the conjunction) as a form of "lācis" too, and every
    # article holding "lai" would be about bears.
    for lemma, found in forms_of.items():
        found.difference_update({f for f in found if f != lemma and len(f) <= 3 and f in forms_of})
    return ({k: tuple(sorted(v)) for k, v in lemmas_of.items()},
            {k: tuple(sorted(v)) for k, v in forms_of.items()})


def preload() -> None:
    """Load the dictionary now (the first search would otherwise wait for it)."""
    with _lock:
        _tables()


def lemmas(folded_word: str) -> tuple[str, ...]:
    """The folded lemmas the dictionary gives for a folded word; () when it does not know it."""
    with _lock:
        return _tables()[0].get(folded_word, ())


@functools.lru_cache(maxsize=4096)
def forms(folded_word: str) -> tuple[str, ...]:
    """Every folded form of every lemma of ``folded_word`` (the word itself first);
    () when the dictionary does not know the word."""
    found = lemmas(folded_word)
    if not found:
        return ()
    table = _tables()[1]
    out = dict.fromkeys([folded_word])
    for lemma in found:
        out.update(dict.fromkeys(table.get(lemma, (lemma,))))
    return tuple(list(out)[:MAX_FORMS])
