"""trafilatura's second opinions (readability, justext), asked only when they can change its answer.

Outside its fast mode trafilatura runs readability on every page after its own
extraction, and keeps readability's reading only when it is more than twice as long as
its own (or its own has no paragraph text, or more tables than paragraphs); justext runs
only when its own reading is short or holds leftover page furniture. Readability reads a
part of the page's text, never more than all of it. So when trafilatura's own reading is
at least half of the page's whole text, has paragraphs, is long enough and clean, the
comparison is bound to return it unchanged: it is skipped. The answer is the same to the
character (a test compares both ways on saved pages); the page saves readability's run,
about a third of what trafilatura's comparison costs over the benchmark's pages.

trafilatura copies the whole page for readability before it asks; the swap is of the
stage that makes the copy (its main extractor, then the comparison), so a skipped
comparison skips the copy too.

The rules mirrored here are those of the trafilatura releases named in
``_CHECKED_RELEASES``; with any other release the comparison always runs.
"""
from __future__ import annotations

from contextlib import contextmanager
from copy import copy

import trafilatura
from lxml.etree import tostring
from lxml.html import HtmlElement

from . import bodycandidates, pagemeasure, prunes

try:  # internals: when they move, the comparison simply always runs
    from trafilatura import core as _core
    from trafilatura import main_extractor as _main
    from trafilatura.external import SANITIZED_XPATH, compare_extraction
    from trafilatura.utils import trim
except ImportError:  # pragma: no cover - depends on the installed release
    _core = _main = compare_extraction = None

_CHECKED_RELEASES = ("2.3.",)
ENABLED = compare_extraction is not None and hasattr(_core, "_extract_and_compare") and \
    hasattr(_core, "extract_content") and trafilatura.__version__.startswith(_CHECKED_RELEASES)


_ORIGINAL = getattr(_core, "_extract_and_compare", None)


def cannot_change(raw_tree, body, text: str, options) -> bool:
    """Whether trafilatura's comparison would keep ``body``/``text`` whatever readability
    and justext find."""
    length = len(text)
    if options.focus != "balanced" or length < options.min_extracted_size:
        return False
    if not body.xpath(".//p//text()") or len(body.findall(".//table")) > len(body.findall(".//p")):
        return False  # structurally thin: readability may win by length alone
    if body.xpath(SANITIZED_XPATH):
        return False  # justext is asked
    # readability's text is part of the page's: it cannot be more than twice as long
    page = len(trim(tostring(raw_tree, method="text", encoding="unicode")))
    return page <= 2 * length


def _extract_and_compare_when_it_matters(cleaned_tree, cleaned_tree_backup, tree, options):
    """trafilatura's ``_extract_and_compare``, asking readability and justext (on a copy of
    the page, as trafilatura does) only when their answer can change its own."""
    body, text = _core.extract_content(cleaned_tree, options)
    if options.fast or cannot_change(tree, body, text, options):
        return body, text
    return compare_extraction(cleaned_tree_backup, copy(tree), body, text, options)


_HTML2TXT = getattr(_core, "html2txt", None)


def _html2txt(content, clean: bool = True) -> str:
    if clean and isinstance(content, HtmlElement):
        return pagemeasure.page_text(content)
    return _HTML2TXT(content, clean)


_PRUNE = getattr(_core, "prune_unwanted_nodes", None)


def _prune(tree, nodelist, with_backup: bool = False):
    """trafilatura's ``prune_unwanted_nodes`` as it is, given the walks of :mod:`.prunes`
    in place of its regex-heavy XPath lists: the same elements, found faster."""
    return _PRUNE(tree, prunes.finders(nodelist) or nodelist, with_backup)


# trafilatura's modules and attributes, the stand-in, and whether it can be used
_SWAPS = (
    (_core, "_extract_and_compare", _ORIGINAL, _extract_and_compare_when_it_matters, True),
    (_core, "html2txt", _HTML2TXT, _html2txt, pagemeasure.ENABLED and _HTML2TXT is not None),
    (_core, "prune_unwanted_nodes", _PRUNE, _prune, prunes.ENABLED and _PRUNE is not None),
    (_main, "prune_unwanted_nodes", _PRUNE, _prune, prunes.ENABLED and _PRUNE is not None
     and getattr(_main, "prune_unwanted_nodes", None) is _PRUNE),
    (_main, "BODY_XPATH", bodycandidates.BODY_XPATH, bodycandidates.CANDIDATES, bodycandidates.ENABLED
     and getattr(_main, "BODY_XPATH", None) is bodycandidates.BODY_XPATH),
)


@contextmanager
def needed_only(enabled: bool = True):
    """Within the block, trafilatura skips comparisons that cannot change its answer,
    measures the page's text in one walk (:mod:`.pagemeasure`), and finds the elements of
    its regex-heavy prunes (:mod:`.prunes`) and its first container guesses
    (:mod:`.bodycandidates`) by walks.

    The swaps are of module attributes; threads extracting at once may each see either
    function, which give the same answer, so a race costs time, never a difference."""
    if not (enabled and ENABLED):
        yield
        return
    swapped = [(module, name, original) for module, name, original, _, usable in _SWAPS if usable]
    for module, name, _, stand_in, usable in _SWAPS:
        if usable:
            setattr(module, name, stand_in)
    try:
        yield
    finally:
        for module, name, original in swapped:
            setattr(module, name, original)
