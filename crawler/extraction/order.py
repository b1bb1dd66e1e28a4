"""The extracted blocks in the order the page prints them.

When the body container it settles on holds little text, trafilatura adds the
paragraphs it finds elsewhere ("wild text") after the container's own: a short
article's lead or second paragraph, printed above the body element, comes out last.
The page's order is the article's, so the extracted blocks are put back in it: each
block is found in the page's text by its opening words, and blocks that cannot be
found stay after the one before them.
"""
from __future__ import annotations

from lxml import etree

from .page import fold

_PROBE = 80  # folded characters of a block's opening looked up in the page (a headline may open like the text)


_EDGE = "\x00"  # between two text nodes of the page


_UNSEEN = frozenset(("script", "style", "noscript", "template", "title", "head"))


def _visible_texts(tree) -> list[str]:
    """The text nodes of ``tree`` in document order, outside elements never shown. One
    walk that skips those elements whole: an XPath testing every text node's ancestors
    costs several times more on a large page."""
    texts = []
    walker = etree.iterwalk(tree, events=("start", "end"))
    for event, element in walker:
        if event == "start":
            if element.tag in _UNSEEN:
                walker.skip_subtree()
            elif element.text and isinstance(element.tag, str):
                texts.append(element.text)
        elif element.tail and element is not tree:
            texts.append(element.tail)
    return texts


def _page_text(tree) -> str:
    """The page's visible text in document order, folded, each text node between two
    ``_EDGE`` marks."""
    folded = [f for f in (fold(t) for t in _visible_texts(tree) if not t.isspace()) if f]
    return _EDGE + _EDGE.join(folded) + _EDGE


def _needles(block) -> list[str]:
    """What to look for: a short block whole, as a text node of its own first (a category
    label "Pašvaldība" is not the word in a sentence), then as words ("pašvaldība" is not
    "pašvaldības"); a long one by its first words."""
    whole = fold(" ".join("".join(block.itertext()).split())[:200])
    if not whole:
        return []
    if len(whole) <= _PROBE:
        return [_EDGE + whole + _EDGE, " " + whole + " "]
    return [" " + whole[:_PROBE]]


def _find(page: str, words: str, needles: list[str], after: int) -> int:
    """The first place of the first needle found, after ``after`` if it can be, else anywhere."""
    for needle in needles:
        text = page if needle.startswith(_EDGE) else words
        found = text.find(needle, after + 1) if after >= 0 else -1
        if found < 0:
            found = text.find(needle)
        if found >= 0:
            return found
    return -1


# Only a short text is looked at: trafilatura adds paragraphs from elsewhere when the body
# element it chose holds under 250 characters, so a long text is its container's, in order.
SHORT_TEXT = 2_000


def in_page_order(postbody, tree) -> bool:
    """Reorder ``postbody``'s top-level blocks as ``tree`` prints them; whether anything moved."""
    blocks = list(postbody) if postbody is not None else []
    if len(blocks) < 2 or sum(len(t) for t in postbody.itertext()) >= SHORT_TEXT:
        return False
    needles = [_needles(b) for b in blocks]
    if sum(1 for n in needles if n and len(n[-1]) >= 15) < 2:
        return False
    page = _page_text(tree)
    words = page.replace(_EDGE, " ")   # the same offsets, word boundaries only
    positions: list[float] = []
    last = -1.0
    for index, block_needles in enumerate(needles):
        usable = [n for n in block_needles if len(n.strip(_EDGE + " ")) >= 3]
        # trafilatura's order is mostly right: the first place after the block before it
        # (a sidebar may repeat an opening earlier), else the first anywhere
        found = _find(page, words, usable, int(last)) if usable else -1
        # an unfound block stays right after the one before it
        position = float(found) if found >= 0 else last + 1e-3 * (index + 1)
        positions.append(position)
        last = position
    order = sorted(range(len(blocks)), key=lambda i: (positions[i], i))
    if order == list(range(len(blocks))):
        return False
    tails = [b.tail for b in blocks]
    for block in blocks:
        postbody.remove(block)
    for new_index, old_index in enumerate(order):
        block = blocks[old_index]
        block.tail = tails[new_index]
        postbody.append(block)
    return True

