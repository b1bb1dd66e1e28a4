"""Discovery: how the crawl finds a site's articles and what it makes of each page.

- ``links``: a page's links and what a URL is worth fetching as, before the fetch;
- ``listings``: a listing page's article links, pager and other listings;
- ``feeds``: feeds and sitemaps, the routes a site publishes itself;
- ``pagekind``: what a fetched page is (article, listing, other), from its content:
  ``pagekind.judge_page(html, url, site=None, *, fetched_at=None, hints=None) -> PageKind``
  (``kind``, ``detail``, ``reasons``, ``article``) is the stable entry point for every caller;
- ``teasers``: what listing pages promise, and the crawl's account of each promise.

Plain functions over strings, shared by the spider, ``novadi reextract``,
``novadi probe`` and the tests.
"""
from .feeds import FEED_TYPES, FeedEntry, SitemapDoc, feed_links, read_feed, read_sitemap, robots_sitemaps
from .links import (ID_PARAMS, NEWS_WORDS, Link, LinkClassifier, _any_of, declared_canonical, language_homes,
                    looks_like_article, page_links, parse_page, path_and_query, url_shape)
from .listings import Listing, next_pages, page_number, read_listing

__all__ = [
    "FEED_TYPES", "FeedEntry", "SitemapDoc", "feed_links", "read_feed", "read_sitemap", "robots_sitemaps",
    "ID_PARAMS", "NEWS_WORDS", "Link", "LinkClassifier", "declared_canonical", "language_homes",
    "looks_like_article", "page_links", "parse_page", "path_and_query", "url_shape",
    "Listing", "next_pages", "page_number", "read_listing",
]
