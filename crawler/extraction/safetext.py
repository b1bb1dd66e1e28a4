"""Text that never breaks what stores, indexes, feeds or shows it.

A page is made safe before it is parsed: characters XML cannot carry (C0 controls other
than tab, newline and carriage return; U+FFFE, U+FFFF; lone surrogates), written raw or
as character references (``&#11;``), are removed, so one stray control character never
empties a paragraph or costs an article. Extracted text (titles, bodies, authors) also
loses the invisible characters that reorder or hide text: bidi overrides and isolates,
zero-width spaces and joiners, the byte-order mark.
"""
from __future__ import annotations

import re

_INVALID = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff"
_INVALID_CHARS = re.compile(f"[{_INVALID}]")
# &#11; &#x0B; &#xFFFE; &#55296; … : references to characters XML forbids
_INVALID_REFS = re.compile(
    r"&#(?:x0*(?:[0-8bcef]|1[0-9a-f]|fff[ef]|d[89a-f][0-9a-f]{2})|"
    r"0*(?:[0-8]|1[1-2]|1[4-9]|2[0-9]|3[01]|6553[45]|5529[6-9]|55[3-9]\d\d|56\d{3}|57[0-2]\d\d|573[0-3]\d|5734[0-3]))"
    r"(?![0-9a-f]);?",
    re.IGNORECASE,
)
# Bidi embeddings, overrides and isolates; zero-width space, joiners, word joiner, BOM.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


_C0_BYTES = bytes(c for c in range(32) if c not in (9, 10, 13))


def xml_safe(text: str) -> str:
    """``text`` without XML-invalid characters, raw or as numeric character references."""
    if not text:
        return text
    if "&#" in text:
        text = _INVALID_REFS.sub("", text)
    # Most pages hold none: looked for in the UTF-8 bytes first (C-speed byte operations;
    # a character-class search over a whole page costs more than parsing a small one).
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return _INVALID_CHARS.sub("", text)
    if len(data.translate(None, _C0_BYTES)) != len(data) or b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data:
        return _INVALID_CHARS.sub("", text)
    return text


_ANY = re.compile(f"[{_INVALID}\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|&#")


def visible(text: str | None) -> str | None:
    """``text`` without XML-invalid characters and without invisible formatting characters."""
    if not text or not _ANY.search(text):
        return text
    return _INVISIBLE.sub("", xml_safe(text))
