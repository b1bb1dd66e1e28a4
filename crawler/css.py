"""URLs in CSS: which resources a stylesheet names, and the stylesheet with them replaced.

Both the crawl (what to fetch with a page) and replay (where the archived copy
finds it) read CSS the same way, with tinycss2's tokenizer: ``url(…)`` in any
rule, at-rule or declaration, ``@import "…"`` and the strings of ``image-set()``.
Regular expressions would be fooled by comments and escapes; a tokenizer is not.
"""
from __future__ import annotations

from typing import Callable

import tinycss2
from tinycss2.ast import FunctionBlock, StringToken, URLToken
from tinycss2.serializer import serialize_string_value, serialize_url

IMAGE_SET = {"image-set", "-webkit-image-set"}


def _url_tokens(nodes, in_image_set: bool = False):
    """Every token holding a URL in a list of CSS nodes, with whether it is an @import."""
    for node in nodes or ():
        if isinstance(node, URLToken):
            yield node, False
        elif isinstance(node, StringToken) and in_image_set:
            yield node, False
        elif isinstance(node, FunctionBlock):
            name = node.lower_name
            if name == "url":
                strings = [t for t in node.arguments if isinstance(t, StringToken)]
                if strings:
                    yield strings[0], False
                continue
            yield from _url_tokens(node.arguments, name in IMAGE_SET)
        elif getattr(node, "type", None) == "at-rule":
            if node.lower_at_keyword == "import":
                at = next((i for i, t in enumerate(node.prelude) if t.type not in ("whitespace", "comment")), None)
                if at is not None:
                    first = node.prelude[at]
                    if isinstance(first, StringToken):
                        yield first, True
                    else:
                        for token, _ in _url_tokens([first]):
                            yield token, True
                    yield from _url_tokens(node.prelude[at + 1:])
            else:
                yield from _url_tokens(node.prelude)
            yield from _url_tokens(node.content)
        elif getattr(node, "type", None) == "qualified-rule":
            yield from _url_tokens(node.prelude)
            yield from _url_tokens(node.content)
        elif hasattr(node, "content") and isinstance(node.content, list):  # (), [] and {} blocks
            yield from _url_tokens(node.content, in_image_set)


def _parse(text: str, inline: bool):
    if inline:  # a style="" attribute: declarations, no rules
        return tinycss2.parse_component_value_list(text)
    return tinycss2.parse_stylesheet(text)


def css_urls(text: str, *, inline: bool = False) -> list[tuple[str, bool]]:
    """``(url as written, is_import)`` for every resource the CSS names, in order."""
    return [(token.value, is_import) for token, is_import in _url_tokens(_parse(text, inline))
            if token.value.strip()]


def rewrite_css(text: str, replace: Callable[[str, bool], str | None], *, inline: bool = False) -> str:
    """The CSS with each URL replaced by ``replace(url, is_import)``.

    ``replace`` returns the new URL, or None to leave nothing there (``url("")``
    fetches nothing).
    """
    nodes = _parse(text, inline)
    for token, is_import in list(_url_tokens(nodes)):
        new = replace(token.value, is_import) or ""
        token.value = new
        if isinstance(token, URLToken):
            token.representation = f"url({serialize_url(new)})"
        else:
            token.representation = f'"{serialize_string_value(new)}"'
    return tinycss2.serialize(nodes)
