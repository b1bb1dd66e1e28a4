"""An article's structured body (``articles.body_html``), made safe to show again.

The extraction stores minimal HTML, but the site never trusts stored markup: it is
parsed once more and rebuilt from a whitelist. Only the listed tags survive, with
only ``a[href]`` and ``img[src alt]``; text is escaped; ``script``, ``style`` and the
like are dropped with their content; a link must be http(s) and leaves with
``rel="nofollow noopener noreferrer"``; an image is never loaded from its own host but
from the archive's copy (``/arhivs/resurss?url=…&t=…``); a table scrolls inside its
own box so it never widens the page.
"""
from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from urllib.parse import quote, urljoin

from markupsafe import Markup, escape

from archive.site.formatting import parse_time

ALLOWED = frozenset(
    "h2 h3 h4 p ul ol li table thead tbody tr th td a figure img figcaption blockquote strong em b i br".split()
)
VOID = frozenset({"img", "br"})
# Their content is not text a reader should see.
DROPPED = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg", "math",
                     "textarea", "select", "head", "title"})
# An opening tag closes an open element the way HTML parsers do: (closes, unless past).
IMPLIED = {
    "li": ({"li"}, {"ul", "ol"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "tr": ({"tr", "td", "th"}, {"thead", "tbody", "table"}),
    "thead": ({"tr", "td", "th", "thead", "tbody"}, {"table"}),
    "tbody": ({"tr", "td", "th", "thead", "tbody"}, {"table"}),
}
BLOCKS = frozenset("h2 h3 h4 p ul ol table figure blockquote".split())
# Headings shift down one level: the page's h1 is the article's title.
HEADINGS = {"h1": "h2", "h5": "h4", "h6": "h4"}


def _http(url: str | None, base: str | None) -> str | None:
    if not url:
        return None
    absolute = urljoin(base or "", url.strip())
    return absolute if absolute.lower().startswith(("http://", "https://")) else None


def resource_url(url: str, captured: str | None, prefix: str = "/") -> str:
    """The archive's address for a resource captured near ``captured`` (``YYYYMMDDhhmmss``)."""
    query = "url=" + quote(url, safe="")
    if captured:
        query += "&t=" + captured
    return f"{prefix}arhivs/resurss?{query}"


class _Cleaner(HTMLParser):
    def __init__(self, base: str | None, captured: str | None, prefix: str):
        super().__init__(convert_charrefs=True)
        self.base, self.captured, self.prefix = base, captured, prefix
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        tag = HEADINGS.get(tag, tag)
        if self.skipping or tag in DROPPED:
            if tag in DROPPED and tag not in VOID:
                self.skipping.append(tag)
            return
        if tag not in ALLOWED:
            return
        self._close_implied(tag)
        attrs = dict(attrs)
        if tag == "a":
            href = _http(attrs.get("href"), self.base)
            if not href:
                self.open.append("")  # keep nesting right; the link's text stays as text
                return
            self.out.append(Markup('<a href="{}" rel="nofollow noopener noreferrer">').format(href))
        elif tag == "img":
            src = _http(attrs.get("src"), self.base)
            if src:
                self.out.append(Markup('<img src="{}" alt="{}" loading="lazy">').format(
                    resource_url(src, self.captured, self.prefix), attrs.get("alt") or ""))
            return
        elif tag == "br":
            self.out.append("<br>")
            return
        elif tag == "table":
            self.out.append('<div class="novadi-table-wrap"><table>')
        else:
            self.out.append(f"<{tag}>")
        self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and (self.open and self.open[-1] == HEADINGS.get(tag, tag) or self.skipping):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        tag = HEADINGS.get(tag, tag)
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag not in ALLOWED or tag in VOID:
            return
        names = [name or "a" for name in self.open]
        if tag not in names:
            return  # a stray closing tag
        while self.open:
            name = self.open.pop()
            self._close(name)
            if (name or "a") == tag:
                break

    def _close_implied(self, tag: str):
        closes, scope = IMPLIED.get(tag, (set(), set()))
        if tag in BLOCKS:
            closes, scope = {"p"}, {"li", "td", "th", "blockquote", "figure"}
        found = None
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth] in scope:
                break
            if self.open[depth] in closes:
                found = depth
        while found is not None and len(self.open) > found:
            self._close(self.open.pop())

    def _close(self, name: str):
        if name == "table":
            self.out.append("</table></div>")
        elif name:
            self.out.append(f"</{name}>")

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(str(escape(data)))

    def result(self) -> str:
        while self.open:
            self._close(self.open.pop())
        return "".join(self.out)


def clean_html(html: str | None, *, base: str | None = None, captured: str | None = None,
               prefix: str = "/") -> Markup:
    """``html`` rebuilt from the whitelist, as Markup ready for a page; empty for nothing."""
    if not html or not html.strip():
        return Markup("")
    cleaner = _Cleaner(base, captured, prefix)
    cleaner.feed(html)
    cleaner.close()
    return Markup(cleaner.result())


def capture_stamp(value: str | None) -> str | None:
    """``2024-05-01T08:00:00+00:00`` → ``20240501080000`` (UTC), the form ``t=`` takes."""
    when = parse_time(value)
    if when is None:
        return None
    return when.astimezone(dt.timezone.utc).strftime("%Y%m%d%H%M%S")
