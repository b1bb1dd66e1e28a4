"""trafilatura's regex-heavy prunes, found by a walk over the elements they can match.

Before and while it reads a page, trafilatura deletes comment sections (with comments
off), blocks of appended follow-up articles or share buttons, and page furniture named by
its boilerplate vocabulary (navigation, share bars, cookie notices, hidden blocks), each
found by an XPath whose ``re:test`` calls back into Python for every candidate element.
The functions here find the same elements, in the same document order, by iterating over
those tags only and testing their attributes with the same expressions: a third to a half
of the cost. :func:`finders` answers for trafilatura's own XPath lists, and only when
they read exactly as :data:`_EXPECTED`; otherwise trafilatura's XPaths run. A test
compares the elements both find on every saved page.

``re:test(@id|@class, …)`` and ``contains(@class|@id, …)`` read the first of the two
attributes in the element's own order, as XPath takes a node-set's first node.
"""
from __future__ import annotations

import re

try:  # internals: when they move, trafilatura's own XPaths simply run
    from trafilatura.xpaths import OVERALL_DISCARD_XPATH, RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH
except ImportError:  # pragma: no cover - depends on the installed release
    OVERALL_DISCARD_XPATH = RAW_TREE_PRUNE_XPATH = REMOVE_COMMENTS_AND_LISTS_XPATH = None

_COMMENT_ID = re.compile(r"^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)")
_COMMENT_LIST_ID = re.compile(r"^(?:[Cc]omment(?!ary)|comol)")
_COMMENT_CLASS = re.compile(r"^[Cc]omment(?!ary)|(?:article|post)-comments")
_APPENDED = re.compile(r"mvp-post-add-(?:box|wrap)|infinite-?scroll")
_APPENDED_BOX = re.compile(r"mvp-post-add-(?:box|wrap)")
_FURNITURE_ID = (r"^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author|"
                 r"^(?:jp-|dpsp-content)|bmdh|footer|Footer|share|Share|nav|Nav|menu|related|message-container|"
                 r"premium|^ad-")
_FURNITURE_CLASS = (r"^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author|"
                    r"^(?:nav|post-nav|ZendeskForm)|subnav|avigation|navbar|navbox|menu|bar| ad |-ad-|(?:^| )ad-|"
                    r"dfp[Aa]d|outbrain|taboola|criteo|paid-?content|widget|footer|Footer|byline|Byline|share-|"
                    r"sociable|embedded|embed|tag-list|consent|modal-content|permission|elated|next-|-stories|"
                    r"most-popular|more-on|meta|rating|attachment|timestamp|user-info|user-profile|-icon|"
                    r"article-infos|message-container|slide|viewport|overlay|options|expand|obfuscated|blurred|"
                    r"mol-factbox|yin|zlylin|nfoline")
_HIDDEN_CLASS = (r"^hide-|comments-title|nocomments|-reply-|message|akismet|suggest-links|-hide-|hide-print|"
                 r" hidden| hide|noprint|notloaded")
_HIDDEN_ID = r"reader-comments|akismet"
_FURNITURE_ID_RE, _FURNITURE_CLASS_RE = re.compile(_FURNITURE_ID), re.compile(_FURNITURE_CLASS)
_HIDDEN_ID_RE, _HIDDEN_CLASS_RE = re.compile(_HIDDEN_ID), re.compile(_HIDDEN_CLASS)

_EXPECTED = {
    "furniture": [
        "\n        .//*[self::div or self::item or self::list or self::p or self::section or self::span][\n"
        "        @data-lp-replacement-content or\n"
        "        contains(translate(@role, 'N', 'n'), 'nav') or\n"
        "        contains(@data-component, 'MostPopularStories') or\n"
        "        re:test(@id|@class, 'cookie') or\n"
        f"        re:test(@id, '{_FURNITURE_ID}') or\n"
        f"        re:test(@class, '{_FURNITURE_CLASS}')]\n        ",
        "\n        .//*[@class='comments-title' or\n"
        "        starts-with(@id|@class, 'reply-') or\n"
        "        re:test(@id|@style, 'hidden') or\n"
        "        contains(@style, 'display:none') or contains(@style, 'display: none') or\n"
        f"        re:test(@id, '{_HIDDEN_ID}') or\n"
        f"        re:test(@class, '{_HIDDEN_CLASS}') or @aria-hidden='true']\n        ",
    ],
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


def first_of(attrib, one: str, other: str) -> str:
    """The value of whichever of two attributes comes first in the element, as XPath's
    ``@one|@other`` gives it to a string function ("" when neither is there)."""
    for name in attrib:
        if name == one or name == other:
            return attrib[name]
    return ""


def furniture(tree) -> list:
    """What ``OVERALL_DISCARD_XPATH``'s first expression finds: blocks whose role, id or
    class names navigation, sharing, adverts, cookie notices and the like."""
    found = []
    for element in tree.iterdescendants("div", "item", "list", "p", "section", "span"):
        attrib = element.attrib
        if attrib and ("data-lp-replacement-content" in attrib
                       or "nav" in (attrib.get("role") or "").replace("N", "n")
                       or "MostPopularStories" in (attrib.get("data-component") or "")
                       or "cookie" in first_of(attrib, "id", "class")
                       or _FURNITURE_ID_RE.search(attrib.get("id") or "")
                       or _FURNITURE_CLASS_RE.search(attrib.get("class") or "")):
            found.append(element)
    return found


def hidden(tree) -> list:
    """What ``OVERALL_DISCARD_XPATH``'s second expression finds: hidden elements, reply
    and comment titles, messages."""
    found = []
    for element in tree.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        attrib = element.attrib
        if not attrib:
            continue
        cls, style = attrib.get("class"), attrib.get("style") or ""
        if (cls == "comments-title" or first_of(attrib, "id", "class").startswith("reply-")
                or "hidden" in first_of(attrib, "id", "style") or "display:none" in style or "display: none" in style
                or _HIDDEN_ID_RE.search(attrib.get("id") or "") or _HIDDEN_CLASS_RE.search(cls or "")
                or attrib.get("aria-hidden") == "true"):
            found.append(element)
    return found


def _reads_as_expected(nodelist, name: str) -> bool:
    return nodelist is not None and [x.path for x in nodelist] == _EXPECTED[name]


_FINDERS = []
if _reads_as_expected(REMOVE_COMMENTS_AND_LISTS_XPATH, "comments"):
    _FINDERS.append((REMOVE_COMMENTS_AND_LISTS_XPATH, (comment_sections,)))
if _reads_as_expected(RAW_TREE_PRUNE_XPATH, "raw"):
    _FINDERS.append((RAW_TREE_PRUNE_XPATH, (appended_articles, share_buttons)))
if _reads_as_expected(OVERALL_DISCARD_XPATH, "furniture"):
    _FINDERS.append((OVERALL_DISCARD_XPATH, (furniture, hidden)))
ENABLED = bool(_FINDERS)


def finders(nodelist) -> tuple | None:
    """The functions standing in for trafilatura's XPath list ``nodelist``, one per
    expression and in its order; None for any other list."""
    for known, functions in _FINDERS:
        if nodelist is known:
            return functions
    return None
