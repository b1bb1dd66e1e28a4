"""Bytes to text: the page's real encoding, including the Baltic code pages of legacy sites."""
from __future__ import annotations

import re
import unicodedata

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

# Servers send these when nobody configured a charset; a <meta> on the page knows better.
_SERVER_DEFAULTS = {"cp1252", "latin_1", "iso8859-1", "ascii"}
# Tried in order when a page declares nothing and is not UTF-8.
_GUESSES = ("cp1257", "iso8859-4", "cp1251", "cp1252")
_LATVIAN = set("āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ")
_CYRILLIC_RANGE = range(0x0400, 0x0500)
_WORD = re.compile(r"[^\W\d_]+")


def _score(text: str) -> int:
    """How plausible a decoding is, word by word.

    Latvian words are mostly ASCII with a few letters from the Latvian set; Russian
    words are all Cyrillic. A wrong code page makes words of mostly accented letters
    or letters foreign to both alphabets.
    """
    score = 0
    for word in _WORD.findall(text):
        non_ascii = [c for c in word if ord(c) > 0x7F]
        if not non_ascii:
            continue
        if all(ord(c) in _CYRILLIC_RANGE for c in word):
            score += 1
        elif all(c in _LATVIAN for c in non_ascii) and (len(non_ascii) * 2 <= len(word) or len(word) < 3):
            score += 1
        else:
            score -= 2
    return score


def _guess(body: bytes) -> str:
    sample = body[:200_000]
    best, best_score = None, None
    for encoding in _GUESSES:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _score(text)
        if best_score is None or score > best_score:
            best, best_score = text, score
            best_encoding = encoding
    if best is None:
        return body.decode("cp1257", errors="replace")
    return body.decode(best_encoding, errors="replace")


def decode_html(body: bytes | str, content_type: str | None = None) -> str:
    """The text of an HTML page, NFC-normalized.

    The encoding comes from, in order: a byte-order mark; UTF-8 if the bytes are valid
    UTF-8 beyond ASCII; the HTTP ``Content-Type`` charset (unless it is a server default
    such as ISO-8859-1 that the page's own ``<meta>`` contradicts); ``<meta charset>`` /
    ``http-equiv``; else the best-scoring Baltic, Cyrillic or Western code page.
    """
    if isinstance(body, str):
        if body.isascii() or unicodedata.is_normalized("NFC", body):
            return body
        return unicodedata.normalize("NFC", body)
    if not body:
        return ""
    bom_encoding, bom = read_bom(body)
    if bom_encoding:
        text = body[len(bom):].decode(bom_encoding, errors="replace")
        return unicodedata.normalize("NFC", text)
    if not body.isascii():
        try:
            # bytes that are valid UTF-8 beyond ASCII are UTF-8, whatever the labels say
            # (legacy code pages almost never form valid multi-byte sequences)
            return unicodedata.normalize("NFC", body.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    header = http_content_type_encoding(content_type) if content_type else None
    declared = html_body_declared_encoding(body)
    declared = resolve_encoding(declared) if declared else None
    if header and declared and header != declared and header in _SERVER_DEFAULTS:
        header = None
    for encoding in (header, declared):
        if not encoding:
            continue
        if encoding in ("utf-8", "utf8"):
            try:
                return unicodedata.normalize("NFC", body.decode("utf-8"))
            except UnicodeDecodeError:
                # declared UTF-8 but is not: a legacy page with a copied template
                break
        try:
            text = body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        return unicodedata.normalize("NFC", text)
    try:
        return unicodedata.normalize("NFC", body.decode("utf-8"))
    except UnicodeDecodeError:
        return unicodedata.normalize("NFC", _guess(body))
