"""trafilatura's two raw-tree prunes, found by a walk over the elements they can match.

Before it reads a page, trafilatura deletes comment sections (with comments off) and
blocks of appended follow-up articles or share buttons, each found by an XPath whose
``re:test`` calls back into Python for every ``div``, ``section`` and list of the page.
The functions here find the same elements, in the same document order, by iterating over
those tags only and testing their ``id`` and ``class`` with the same expressions: about a
third of the cost. :func:`finders` answers for trafilatura's own XPath lists, and only
when they read exactly as :data:`_EXPECTED`; otherwise trafilatura's XPaths run. A test
compares the elements both find on every saved page.
"""
from __future__ import annotations

import re

try:  # internals: when they move, trafilatura's own XPaths simply run
    from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH
except ImportError:  # pragma: no cover - depends on the installed release
    RAW_TREE_PRUNE_XPATH = REMOVE_COMMENTS_AND_LISTS_XPATH = None

_COMMENT_ID = re.compile(r"^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)")
_COMMENT_LIST_ID = re.compile(r"^(?:[Cc]omment(?!ary)|comol)")
_COMMENT_CLASS = re.compile(r"^[Cc]omment(?!ary)|(?:article|post)-comments")
_APPENDED = re.compile(r"mvp-post-add-(?:box|wrap)|infinite-?scroll")
_APPENDED_BOX = re.compile(r"mvp-post-add-(?:box|wrap)")

_EXPECTED = {
    "comments": [
        "\n        .//*[self::div or self::list or self::section or self::details or self::ol or self::ul][\n"
        "        re:test(@id, '^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)') or\n"
        "        re:test(@class, '^[Cc]omment(?!ary)|(?:article|post)-comments')][\n"
        "        not(self::ol or self::ul) or re:test(@id, '^(?:[Cc]omment(?!ary)|comol)') or "
        "re:test(@class, '^[Cc]omment(?!ary)|(?:article|post)-comments')]\n        ",
    ],
    "raw": [
        "\n        .//*[self::div or self::section or self::aside][\n"
        "        re:test(@id, 'mvp-post-add-(?:box|wrap)|infinite-?scroll') or\n"
        "        re:test(@class, 'mvp-post-add-(?:box|wrap)|infinite-?scroll')][\n"
        "        not(.//h1) or re:test(@id, 'mvp-post-add-(?:box|wrap)') or "
        "re:test(@class, 'mvp-post-add-(?:box|wrap)')]\n        ",
        ".//*[self::div or self::section or self::aside][contains(@class, 'elementor-share-buttons')]",
    ],
}


def comment_sections(tree) -> list:
    """What ``REMOVE_COMMENTS_AND_LISTS_XPATH`` finds: comment blocks, and lists only when
    their own id or class names comments."""
    found = []
    for element in tree.iterdescendants("div", "list", "section", "details", "ol", "ul"):
        ident, cls = element.get("id") or "", element.get("class") or ""
        if not (_COMMENT_ID.search(ident) or _COMMENT_CLASS.search(cls)):
            continue
        if element.tag in ("ol", "ul") and not (_COMMENT_LIST_ID.search(ident) or _COMMENT_CLASS.search(cls)):
            continue
        found.append(element)
    return found


def appended_articles(tree) -> list:
    """What ``RAW_TREE_PRUNE_XPATH``'s first expression finds: infinite-scroll blocks
    without a headline of their own, and the theme's follow-up boxes."""
    found = []
    for element in tree.iterdescendants("div", "section", "aside"):
        ident, cls = element.get("id") or "", element.get("class") or ""
        if (_APPENDED.search(ident) or _APPENDED.search(cls)) and (
                element.find(".//h1") is None or _APPENDED_BOX.search(ident) or _APPENDED_BOX.search(cls)):
            found.append(element)
    return found


def share_buttons(tree) -> list:
    """What ``RAW_TREE_PRUNE_XPATH``'s second expression finds."""
    return [e for e in tree.iterdescendants("div", "section", "aside")
            if "elementor-share-buttons" in (e.get("class") or "")]


def _reads_as_expected(nodelist, name: str) -> bool:
    return nodelist is not None and [x.path for x in nodelist] == _EXPECTED[name]


_FINDERS = []
if _reads_as_expected(REMOVE_COMMENTS_AND_LISTS_XPATH, "comments"):
    _FINDERS.append((REMOVE_COMMENTS_AND_LISTS_XPATH, (comment_sections,)))
if _reads_as_expected(RAW_TREE_PRUNE_XPATH, "raw"):
    _FINDERS.append((RAW_TREE_PRUNE_XPATH, (appended_articles, share_buttons)))
ENABLED = bool(_FINDERS)


def finders(nodelist) -> tuple | None:
    """The functions standing in for trafilatura's XPath list ``nodelist``, one per
    expression and in its order; None for any other list."""
    for known, functions in _FINDERS:
        if nodelist is known:
            return functions
    return None
