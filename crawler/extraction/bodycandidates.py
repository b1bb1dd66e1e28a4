"""trafilatura's first guesses at the article's container, found by a walk.

trafilatura tries a list of XPaths (``BODY_XPATH``) in turn and reads the first element
each finds: a container whose id or class reads like an article body, an ``<article>``,
a story block, a main-content block, a ``main``. Three of them test ids and classes with
``re:test``, which calls back into Python for every ``div`` and ``section`` of the page.
Only the first element found in document order is ever read (``[1]`` in the XPaths; for
the first one, the first matching child of each parent, whose earliest is the earliest
match of all), so the functions here walk those tags and stop at the first match.

:data:`CANDIDATES` is the list trafilatura's reader iterates over, the walks in place of
the three regex XPaths, when the XPaths read exactly as :data:`_EXPECTED` (:data:`ENABLED`);
otherwise it is trafilatura's own list. A test compares the first element both find
on every saved page.
"""
from __future__ import annotations

import re

try:  # internals: when they move, trafilatura's own XPaths simply run
    from trafilatura.xpaths import BODY_XPATH
except ImportError:  # pragma: no cover - depends on the installed release
    BODY_XPATH = None

_TAGS = ("article", "div", "main", "section")
_ARTICLE_ID = r"(?:entry|article|art)-content|article__content|article(?:-|__)?body|articleBody|body-text"
_ARTICLE_CLASS = (r"post[-_]text|post-body|post-?entry|post[-_]?content|postContent|post_inner_wrapper|article-?text|"
                  r"articleText|(?:entry|page|text|article|art)-content|article__content|article(?:-|__)?body|"
                  r"articleBody|ArticleContent|body-text|article__container")
_STORY_ID = r"^primary|story-body"
_STORY_CLASS = (r"^article |post-bodycopy|story-?content|(?:theme|blog|section|single)-content|single-post|"
                r"main-column|wpb_text_column|story-body|field-body")
_MAIN_ID = r"content-main|content-body|contentBody"
_MAIN_CLASS = r"content[-_]main|content(?:-|__)body"

_EXPECTED = [
    "\n        .//*[self::article or self::div or self::main or self::section][\n"
    "        @class='post' or @class='entry' or\n"
    "        @itemprop='articleBody' or @id='articleContent' or\n"
    f"        re:test(@id, '{_ARTICLE_ID}') or\n"
    f"        re:test(@class, '{_ARTICLE_CLASS}')\n"
    "        ][1]\n        ",
    "\n        (.//*[self::article or self::div or self::main or self::section][\n"
    "        @role='article' or\n"
    "        @id='article' or @id='story' or\n"
    "        @class='postarea' or @class='art-postcontent' or @class='text' or @class='cell' or @class='story' or\n"
    f"        re:test(@id, '{_STORY_ID}') or\n"
    "        re:test(@class, 'fulltext', 'i') or\n"
    f"        re:test(@class, '{_STORY_CLASS}')\n"
    "        ])[1]\n        ",
    "\n        (.//*[self::article or self::div or self::main or self::section][\n"
    "        @id='content' or @class='content' or\n"
    f"        re:test(@id, '{_MAIN_ID}') or\n"
    f"        re:test(@class, '{_MAIN_CLASS}') or\n"
    "        contains(translate(@id, 'CM','cm'), 'main-content') or contains(translate(@class, 'CM','cm'), "
    "'main-content') or\n"
    "        contains(translate(@class, 'CP','cp'), 'page-content')\n"
    "        ])[1]\n        ",
]
_ARTICLE_ID_RE, _ARTICLE_CLASS_RE = re.compile(_ARTICLE_ID), re.compile(_ARTICLE_CLASS)
_STORY_ID_RE, _STORY_CLASS_RE = re.compile(_STORY_ID), re.compile(_STORY_CLASS)
_FULLTEXT_RE = re.compile("fulltext", re.IGNORECASE)
_MAIN_ID_RE, _MAIN_CLASS_RE = re.compile(_MAIN_ID), re.compile(_MAIN_CLASS)


def _first(tree, test) -> list:
    for element in tree.iterdescendants(*_TAGS):
        attrib = element.attrib
        if attrib and test(attrib, attrib.get("id") or "", attrib.get("class") or ""):
            return [element]
    return []


def article_body(tree) -> list:
    """``BODY_XPATH[0]``'s first element: an id or class of an article's body."""
    return _first(tree, lambda a, i, c: c in ("post", "entry") or a.get("itemprop") == "articleBody"
                  or i == "articleContent" or _ARTICLE_ID_RE.search(i) or _ARTICLE_CLASS_RE.search(c))


def story(tree) -> list:
    """``BODY_XPATH[2]``'s first element: a story block."""
    return _first(tree, lambda a, i, c: a.get("role") == "article" or i in ("article", "story")
                  or c in ("postarea", "art-postcontent", "text", "cell", "story") or _STORY_ID_RE.search(i)
                  or _FULLTEXT_RE.search(c) or _STORY_CLASS_RE.search(c))


def main_content(tree) -> list:
    """``BODY_XPATH[3]``'s first element: a main-content block."""
    return _first(tree, lambda a, i, c: i == "content" or c == "content" or _MAIN_ID_RE.search(i)
                  or _MAIN_CLASS_RE.search(c) or "main-content" in i.replace("C", "c").replace("M", "m")
                  or "main-content" in c.replace("C", "c").replace("M", "m")
                  or "page-content" in c.replace("C", "c").replace("P", "p"))


ENABLED = BODY_XPATH is not None and len(BODY_XPATH) == 5 and \
    [BODY_XPATH[i].path for i in (0, 2, 3)] == _EXPECTED
# trafilatura's list, the three regex XPaths walked instead
CANDIDATES = [article_body, BODY_XPATH[1], story, main_content, BODY_XPATH[4]] if ENABLED else BODY_XPATH
