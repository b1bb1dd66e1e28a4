"""Who wrote an article when its text has no credit line: bylines, then meta tags.

Credit lines inside the text ("Informāciju sagatavoja: …") are read by :mod:`.clean`
and come first. An author is a person's (or an office's) name, without the job title.
"""
from __future__ import annotations

import re

from lxml import etree

from .page import fold, is_chrome, norm

_META_AUTHOR_BAD = re.compile(r"(admin|administrator|redakcija|redaktors|webmaster|user|lietotājs|\bnovads\b|"
                              r"pašvaldība|dome|\.lv\b|@)", re.IGNORECASE)


def meta_author(info, names: list[str]) -> str | None:
    candidates = []
    ld = info.article_ld
    if ld:
        author = ld.get("author")
        for item in author if isinstance(author, list) else [author]:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                candidates.append(item["name"])
            elif isinstance(item, str):
                candidates.append(item)
    for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"):
        if info.meta.get(key):
            candidates.append(info.meta[key])
    folded_names = {fold(n) for n in names if n}
    for candidate in candidates:
        candidate = norm(candidate)
        if (candidate and not candidate.startswith("http") and not _META_AUTHOR_BAD.search(candidate)
                and fold(candidate) not in folded_names and len(candidate) < 100):
            return candidate
    return None


_BYLINE = etree.XPath(
    ".//*[@rel='author' or @itemprop='author' or contains(@class, 'author') or contains(@class, 'byline')]"
)
_BYLINE_LABEL = re.compile(r"^(autors|autore|teksts|by|от|автор)\s*:?\s*", re.IGNORECASE)


def byline(root, names: list[str]) -> str | None:
    """The author a byline element names (``rel=author``, ``class="author"``), outside chrome."""
    folded_names = {fold(n) for n in names if n}
    for element in _BYLINE(root):
        if element.tag in ("meta", "link", "body", "html") or is_chrome(element):
            continue
        text = _BYLINE_LABEL.sub("", norm(element.text_content())).split(",", 1)[0].strip().rstrip(".")
        if (2 < len(text) <= 120 and not _META_AUTHOR_BAD.search(text) and fold(text) not in folded_names
                and not any(c.isdigit() for c in text)):
            return text
    return None
