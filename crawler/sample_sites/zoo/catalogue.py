"""The trait catalogue: every way a municipal site may differ, and one draw of them per seed.

A trait is a name and its options. ``draw(seed)`` picks one option of every trait
at random (traits are combined freely, not tried one at a time), then settles the
few combinations a real site cannot have (a date only in the URL needs a URL with
a date in it; a "load more" listing ships a sitemap as its complete route).
"""
from __future__ import annotations

import random

TRAITS: dict[str, tuple] = {
    # Where an article lives.
    "url_shape": ("tvp", "root", "dated", "year", "listing_id", "joomla", "slug_id_html"),
    "trailing_slash": (True, False),
    "slash_redirect": (False, True),          # the other slash form answers 301 (and is linked)
    "latvian_slugs": (False, True),           # percent-encoded UTF-8 slugs with diacritics
    # How listings walk.
    "pager": ("page0", "page1", "path", "start"),
    "pager_style": ("numbered", "next_only"),
    "page_size": (5, 8, 10),
    "year_archives": (False, True),           # the main listing shows this year only
    "load_more": (False, True),               # a JSON endpoint instead of pager links
    "facets": (False, True),                  # category x year filter links
    "calendar": (False, True),                # an endless month calendar
    "sidebar": (False, True),                 # "latest news" on every page
    "related": (False, True),                 # related articles under each article
    "teaser_dates": (True, False),
    # Dates on the article page.
    "date_place": ("before", "after", "end_paren", "time", "meta", "jsonld", "url"),
    "date_form": ("numeric", "numeric_dot", "long_loc", "long_tight", "long_nom", "joomla_weekday"),
    "times": (False, True),                   # the page prints hours and minutes
    "date_label": ("", "Publicēts: ", "Datums: "),
    "updates": (False, True),                 # "Atjaunots:" / "Pēdējās izmaiņas:" on edited articles
    "today_header": (False, True),            # the visitor's date and name days on every page
    # Bodies.
    "lead_outside": (False, True),
    "credit": ("none", "end_paragraph", "after_body", "byline", "bold_name"),
    "gallery": (False, True),
    "eu_disclaimer": (False, True),
    "variants": ("none", "print", "easy_read", "shortlink", "all"),
    "canonical_link": (True, False),
    # Pages that look like articles and are not.
    "static_pages": (False, True),            # at article-shaped URLs
    "projects": (False, True),
    "events": (False, True),
    "archives": (False, True),                # month/day/tag/category/author archives
    "search_page": (False, True),
    # Bytes and site furniture.
    "encoding": ("utf-8", "windows-1257-meta", "iso-8859-13-meta", "windows-1257-wrong-header"),
    "robots": (False, True),
    "sitemap": ("none", "plain", "index", "gzip"),
    "feed": ("none", "full", "truncated", "utm"),
    "session_ids": (False, True),
    "error_once": (False, True),              # one article answers 500 the first time
    "languages": ("lv", "lv+en", "lv+ru", "lv+en+ru"),
    # Added later, last: the traits drawn before it stay those of every seed.
    "photo_post": (False, True),              # one post is pictures alone, with no text
    "post_markup": (False, True),             # WordPress-like: the post and its related posts
                                              # as numbered <article>s, whole first paragraphs
}


def draw(seed: int) -> dict:
    """One option of every trait, settled into a site that could exist."""
    rng = random.Random(f"traits-{seed}")
    traits = {name: rng.choice(options) for name, options in TRAITS.items()}
    if traits["date_place"] == "url" and traits["url_shape"] not in ("dated",):
        traits["url_shape"] = "dated"
    if traits["date_place"] in ("meta", "jsonld", "url"):
        traits["date_label"] = ""
    if traits["date_form"] == "joomla_weekday":
        traits["times"] = True
    if traits["load_more"] and traits["sitemap"] == "none":
        traits["sitemap"] = "plain"
    if traits["load_more"]:
        traits["year_archives"] = False
    if traits["url_shape"] == "joomla":
        traits["pager"] = "start"
    return traits


def describe(traits: dict) -> list[str]:
    """``name=value`` for every trait, as failure tables group them."""
    return [f"{name}={traits[name]}" for name in TRAITS]
