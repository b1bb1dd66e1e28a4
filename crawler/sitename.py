"""A site's name as its own pages give it, for sites crawled by address alone.

``og:site_name`` where pages declare it; otherwise the part of the ``<title>`` that
the site's pages share ("Domes sēde | Bauskas novads", "Jaunumi - Bauskas novads").
"""
from __future__ import annotations

import re
from collections import Counter
from html import unescape

_OG_SITE_NAME = re.compile(
    r"<meta\b[^>]*?(?:property|name)=[\"']og:site_name[\"'][^>]*?content=[\"']([^\"']{2,120})[\"']"
    r"|<meta\b[^>]*?content=[\"']([^\"']{2,120})[\"'][^>]*?(?:property|name)=[\"']og:site_name[\"']", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_SEPARATOR = re.compile(r"\s+[|–—:»·-]\s+")


class SiteNameVotes:
    """Collects what the pages of one site call it; :meth:`name` picks the answer."""

    def __init__(self):
        self.declared: Counter = Counter()
        self.title_parts: Counter = Counter()
        self.pages = 0

    def add(self, html: str) -> None:
        head = html[:20_000]
        self.pages += 1
        match = _OG_SITE_NAME.search(head)
        if match:
            self.declared[_clean(match.group(1) or match.group(2))] += 1
        title = _TITLE.search(head)
        if title:
            parts = [p for p in (_clean(p) for p in _SEPARATOR.split(_clean(title.group(1)))) if p]
            if len(parts) >= 2:
                # the site's name sits at one end of the title
                self.title_parts.update({parts[0], parts[-1]})
            elif parts:
                self.title_parts[parts[0]] += 1

    def name(self) -> str | None:
        """The name most pages give, or None when they agree on nothing."""
        if self.declared:
            name, _ = self.declared.most_common(1)[0]
            return name
        if self.title_parts:
            name, votes = self.title_parts.most_common(1)[0]
            if votes >= 2 and votes >= 0.5 * self.pages:
                return name
        return None


def _clean(text: str) -> str:
    return " ".join(unescape(text or "").split())[:120]
