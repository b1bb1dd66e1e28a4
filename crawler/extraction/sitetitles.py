"""Which ``<title>`` is the site's, not the page's: a memory of the titles a site's pages carry.

Old hand-made sites put only their own name in every page's ``<title>``. One page cannot
tell that title from a headline; a site's pages can: a ``<title>`` that several different
pages of one site share names the site. The crawl and ``novadi reextract`` keep one
:class:`SiteTitles` per run and pass :meth:`SiteTitles.sitewide` to ``extract``; extraction
itself stays a plain function of the page.
"""
from __future__ import annotations

import re
from collections import defaultdict

from .page import fold

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_TITLE_TEXT = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


def page_title(html: str | bytes, content_type: str | None = None) -> str:
    """The page's ``<title>`` text, found without parsing the page ("" when none)."""
    if isinstance(html, (bytes, bytearray)):
        match = _TITLE.search(bytes(html[:65536]))
        if not match:
            return ""
        from .decode import decode_html

        # decoded with the page's own charset (declared in its head, before the title)
        head = decode_html(bytes(html[:match.end()]), content_type)
        found = _TITLE_TEXT.search(head)
        text = found.group(1) if found else ""
    else:
        found = _TITLE_TEXT.search(html[:65536])
        text = found.group(1) if found else ""
    if "&" in text:
        import html as html_lib

        text = html_lib.unescape(text)
    return " ".join(text.split())


class SiteTitles:
    """Per site, the pages each ``<title>`` was seen on; a title on ``threshold`` or more
    different pages is the site's own. Bounded: a site's memory keeps at most
    ``limit`` titles (one crawl of a large site sees every headline once)."""

    def __init__(self, threshold: int = 3, limit: int = 50_000):
        self.threshold, self.limit = threshold, limit
        self._pages: dict[str, dict[str, set[str]]] = defaultdict(dict)
        self._sitewide: dict[str, set[str]] = defaultdict(set)

    def observe(self, site: str, url: str, title: str) -> None:
        key = fold(title)
        if not key:
            return
        seen = self._pages[site]
        if key in self._sitewide[site]:
            return
        urls = seen.get(key)
        if urls is None:
            if len(seen) >= self.limit:
                return
            urls = seen[key] = set()
        urls.add(url)
        if len(urls) >= self.threshold:
            self._sitewide[site].add(key)
            del seen[key]

    def sitewide(self, site: str) -> frozenset[str]:
        """The folded titles (see :func:`crawler.extraction.page.fold`) that name ``site``."""
        return frozenset(self._sitewide.get(site, ()))
