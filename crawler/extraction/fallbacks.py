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

The rules mirrored here are those of the trafilatura releases named in
``_CHECKED_RELEASES``; with any other release the comparison always runs.
"""
from __future__ import annotations

from contextlib import contextmanager

import trafilatura
from lxml.etree import tostring

try:  # internals: when they move, the comparison simply always runs
    from trafilatura import core as _core
    from trafilatura.external import SANITIZED_XPATH, compare_extraction
    from trafilatura.utils import trim
except ImportError:  # pragma: no cover - depends on the installed release
    _core = compare_extraction = None

_CHECKED_RELEASES = ("2.3.",)
ENABLED = compare_extraction is not None and hasattr(_core, "compare_extraction") and \
    trafilatura.__version__.startswith(_CHECKED_RELEASES)


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


def _compare_when_it_matters(cleaned_tree, raw_tree, body, text, options):
    if cannot_change(raw_tree, body, text, options):
        return body, text
    return compare_extraction(cleaned_tree, raw_tree, body, text, options)


@contextmanager
def needed_only(enabled: bool = True):
    """Within the block, trafilatura skips comparisons that cannot change its answer.

    The swap is of one module attribute; threads extracting at once may each see either
    function, which give the same answer, so a race costs time, never a difference."""
    if not (enabled and ENABLED):
        yield
        return
    _core.compare_extraction = _compare_when_it_matters
    try:
        yield
    finally:
        _core.compare_extraction = compare_extraction
