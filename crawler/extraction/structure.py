"""The structured body: the article's headings, paragraphs, lists, tables, quotes, links
and images as sanitized minimal HTML (``articles.body_html``).

Built from the element tree trafilatura extracted the text from, so it holds the same
blocks as the plain ``body``: a block the cleaning removed (headline, chrome, credits,
footer) is left out here too. The output is written element by element, never copied:
only ``h2 h3 h4 p ul ol li table thead tbody tr th td a[href] figure img[src alt]
figcaption blockquote strong em b i br``, no other attribute, every ``href``/``src``
absolute (http or https), all text escaped, so it is safe to show as it is.
"""
from __future__ import annotations

from html import escape
from urllib.parse import urljoin

from .page import fold, norm
from .safetext import visible

_BLOCKS = {"head", "p", "list", "table", "quote", "graphic", "code", "div"}
_HEADING = {"h1": "h2", "h2": "h2", "h3": "h3"}
_INLINE = {"#b": "strong", "#strong": "strong", "#i": "em", "#em": "em"}


def _url(value: str | None, base: str) -> str | None:
    if not value:
        return None
    try:
        absolute = urljoin(base, value.strip())
    except ValueError:
        return None
    return absolute if absolute.startswith(("http://", "https://")) else None


def _text(value: str | None) -> str:
    return escape(visible(value), quote=False) if value else ""


class _Writer:
    def __init__(self, base: str, links: dict[str, str] | None = None):
        self.base, self.out = base, []
        self.links = links or {}

    def text(self, value):
        """Text, with the page's links put back on the words they were on."""
        if not value:
            return
        present = [t for t in self.links if t in value]
        if not present:
            self.out.append(_text(value))
            return
        # leftmost occurrence first, the longest link text where several start at one place
        # (a few texts per node: plain searches, not a pattern compiled for each node)
        present.sort(key=len, reverse=True)
        last = 0
        while True:
            found, link = -1, ""
            for candidate in present:
                at = value.find(candidate, last)
                if at != -1 and (found == -1 or at < found):
                    found, link = at, candidate
            if found == -1:
                break
            self.out.append(_text(value[last:found]))
            self.out.append(f'<a href="{escape(self.links[link])}">{_text(link)}</a>')
            last = found + len(link)
        self.out.append(_text(value[last:]))

    def inline(self, element) -> None:
        """An element's content as inline HTML: text, links, emphasis, line breaks."""
        self.text(element.text)
        for child in element:
            tag = child.tag
            if tag == "lb":
                self.out.append("<br>")
            elif tag == "ref":
                href = _url(child.get("target"), self.base)
                if href:
                    self.out.append(f'<a href="{escape(href)}">')
                    self.inline(child)
                    self.out.append("</a>")
                else:
                    self.inline(child)
            elif tag == "hi" and child.get("rend") in _INLINE:
                name = _INLINE[child.get("rend")]
                self.out.append(f"<{name}>")
                self.inline(child)
                self.out.append(f"</{name}>")
            elif tag == "list":
                self.block(child)  # a list inside a list item
            elif tag == "graphic":
                pass  # images are written as figures of their own
            else:
                self.inline(child)
            self.text(child.tail)

    def block(self, element) -> None:
        tag = element.tag
        if tag == "head":
            name = _HEADING.get(element.get("rend") or "", "h4")
            self.out.append(f"<{name}>")
            self.inline(element)
            self.out.append(f"</{name}>")
        elif tag == "list":
            name = "ol" if (element.get("rend") or "").lower() in ("ol", "#ol", "1", "a") else "ul"
            self.out.append(f"<{name}>")
            for item in element.iter("item"):
                if item.getparent() is element:
                    self.out.append("<li>")
                    self.inline(item)
                    self.out.append("</li>")
            self.out.append(f"</{name}>")
        elif tag == "table":
            self._table(element)
        elif tag == "quote":
            self.out.append("<blockquote>")
            if any(child.tag in _BLOCKS for child in element):
                for child in element:
                    self.block(child) if child.tag in _BLOCKS else self._paragraph(child)
            else:
                self._paragraph(element)
            self.out.append("</blockquote>")
        else:
            self._paragraph(element)

    def _paragraph(self, element) -> None:
        self.out.append("<p>")
        self.inline(element)
        self.out.append("</p>")

    def _table(self, table) -> None:
        rows = [row for row in table.iter("row") if _nearest(row, "table") is table]
        if not rows:
            return
        self.out.append("<table>")
        head = rows[0] if all(cell.get("role") == "head" for cell in rows[0].findall("cell")) and len(rows) > 1 else None
        if head is not None:
            self.out.append("<thead>")
            self._row(head)
            self.out.append("</thead>")
            rows = rows[1:]
        self.out.append("<tbody>")
        for row in rows:
            self._row(row)
        self.out.append("</tbody></table>")

    def _row(self, row) -> None:
        self.out.append("<tr>")
        for cell in row.findall("cell"):
            name = "th" if cell.get("role") == "head" else "td"
            self.out.append(f"<{name}>")
            self.inline(cell)
            self.out.append(f"</{name}>")
        self.out.append("</tr>")


def _all_text(element) -> str:
    return " ".join(element.itertext())


def _nearest(element, tag):
    for ancestor in element.iterancestors():
        if ancestor.tag == tag:
            return ancestor
    return None


def _kept(element, lines: set[str]) -> bool:
    """Whether the cleaned body still has this block: its text, or (for a list or table)
    one of its items or rows."""
    text = fold(norm(_all_text(element)))
    if not text:
        return False
    if text in lines:
        return True
    if element.tag == "list":
        return any(fold(norm(_all_text(i))) in lines for i in element.iter("item"))
    if element.tag == "table":
        return any(_row_kept(r, lines) for r in element.iter("row"))
    # a block the cleaning shortened (an inline credit cut from its end) is still the body's
    return any(line and len(line) >= 20 and text.startswith(line) for line in lines)


def _row_kept(row, lines: set[str]) -> bool:
    cells = [fold(norm(_all_text(c))) for c in row.findall("cell")]
    return " ".join(c for c in cells if c) in lines or any(c and c in lines for c in cells)


def links_in(container, base: str, body: str = "") -> dict[str, str]:
    """The links of the article's container whose words the body holds: their text (a few
    characters at least) and absolute http(s) address. The extracted text keeps only the
    words; the structured body puts the links back on them."""
    links: dict[str, str] = {}
    if container is None or not body:
        return links
    for anchor in container.iter("a"):
        text = " ".join(anchor.text_content().split())
        if not 3 <= len(text) <= 200 or text in links or text not in body or not anchor.get("href"):
            continue
        href = _url(anchor.get("href"), base)
        if href:
            links[text] = href
    return links


def _segments(element) -> list[str]:
    """The lines of a block written with line breaks ("text<br>text<br>")."""
    segments, current = [], [element.text or ""]
    for child in element:
        if child.tag == "lb":
            segments.append(norm("".join(current)))
            current = [child.tail or ""]
        else:
            current.extend([" ".join(child.itertext()), child.tail or ""])
    segments.append(norm("".join(current)))
    return [segment for segment in segments if segment]


def _emit(writer: _Writer, element, lines: set[str], depth: int = 0) -> None:
    """Write the blocks of ``element`` that the plain body kept."""
    if element.tag == "div" or element.tag not in _BLOCKS:
        if depth < 30:
            for child in element:
                _emit(writer, child, lines, depth + 1)
        return
    if not norm(_all_text(element)):
        return
    if _kept(element, lines):
        writer.block(element)
    elif element.tag == "p" and element.find("lb") is not None:
        # legacy text in one block, lines split by <br>: the lines the body kept
        for segment in _segments(element):
            if fold(segment) in lines:
                writer.out.append(f"<p>{_text(segment)}</p>")


def body_html(postbody, body: str, base: str, images=(), *, unescape_amp: bool = False, lead=(),
              links: dict[str, str] | None = None) -> str | None:
    """The structured body for the plain ``body``, from trafilatura's extracted tree.

    ``lead`` paragraphs (found beside the extracted tree) come first; ``links`` (text →
    absolute URL, see :func:`links_in`) are put back on their words. ``images`` (``Image``
    objects with absolute URLs) become figures with their captions after the text (a post
    without text is its figures alone). ``unescape_amp`` undoes the ``&`` → ``&amp;`` protection applied to the
    page's text before trafilatura read it (see ``core``).
    """
    if body and postbody is None or not body and not images:
        return None
    if not body:
        postbody, lead, unescape_amp = (), (), False  # a photo post: its pictures alone
    if unescape_amp:
        for element in postbody.iter():
            if element.text and "&amp;" in element.text:
                element.text = element.text.replace("&amp;", "&")
            if element.tail and "&amp;" in element.tail:
                element.tail = element.tail.replace("&amp;", "&")
    lines = {fold(line) for line in body.split("\n") if line.strip()}
    lines.discard("")
    writer = _Writer(base, links)
    for paragraph in lead:
        writer.out.append(f"<p>{_text(paragraph)}</p>")
    for element in postbody:
        _emit(writer, element, lines)
    for image in images:
        src = _url(image.url, base)
        if not src:
            continue
        alt = escape(visible(image.caption or ""), quote=True)
        writer.out.append(f'<figure><img src="{escape(src)}" alt="{alt}">')
        if image.caption:
            writer.out.append(f"<figcaption>{_text(image.caption)}</figcaption>")
        writer.out.append("</figure>")
    html = "".join(writer.out)
    return html or None
