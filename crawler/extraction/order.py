"""The extracted blocks in the order the page prints them.

When the body container it settles on holds little text, trafilatura adds the
paragraphs it finds elsewhere ("wild text") after the container's own: a short
article's lead or second paragraph, printed above the body element, comes out last.
The page's order is the article's, so the extracted blocks are put back in it: each
block is found in the page's text by its opening words, and blocks that cannot be
found stay after the one before them.
"""
from __future__ import annotations

from .page import fold

_SKIP = {"script", "style", "noscript", "template", "title", "head"}
_PROBE = 80  # folded characters of a block's opening looked up in the page (a headline may open like the text)


def _page_text(tree) -> str:
    """The page's visible text in document order, folded."""
    parts = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in _SKIP or any(a.tag in _SKIP for a in element.iterancestors()):
            if element.tail and element.tag in _SKIP:
                parts.append(element.tail)
            continue
        if element.text:
            parts.append(element.text)
        if element.tail:
            parts.append(element.tail)
    return fold(" ".join(parts))


def _opening(block) -> str:
    """The block's first words, folded, as a needle that matches at word boundaries (at
    both ends when it is the whole block: "pašvaldība" is not "pašvaldības")."""
    whole = fold(" ".join("".join(block.itertext()).split())[:200])
    if not whole:
        return ""
    return " " + (whole + " " if len(whole) <= _PROBE else whole[:_PROBE])


def in_page_order(postbody, tree) -> bool:
    """Reorder ``postbody``'s top-level blocks as ``tree`` prints them; whether anything moved."""
    blocks = list(postbody) if postbody is not None else []
    if len(blocks) < 2:
        return False
    openings = [_opening(b) for b in blocks]
    if sum(1 for o in openings if len(o) >= 15) < 2:
        return False
    page = " " + _page_text(tree) + " "
    positions: list[float] = []
    last = -1.0
    for index, opening in enumerate(openings):
        found = -1
        if len(opening) >= 5:
            # the first place after the block before it, as trafilatura's order is mostly
            # right (a sidebar may repeat an opening earlier); else the first anywhere
            found = page.find(opening, int(last) + 1) if last >= 0 else -1
            if found < 0:
                found = page.find(opening)
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

