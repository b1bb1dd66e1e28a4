"""The item the spider yields: one fetched page, before extraction.

Crawling and storing are separate stages: a ``PageItem`` carries everything the
single database writer needs (including where the raw capture sits in the WARC
files), so it can travel through a queue to a writer on another machine.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PageItem:
    site: str
    url: str                      # the URL fetched (after redirects)
    canonical: str                # its canonical form
    status: int
    fetched_at: str               # ISO 8601 UTC
    html: str = field(default="", repr=False)   # decoded, NFC
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    via: str = ""                 # feed, sitemap, listing, start
    hints: dict = field(default_factory=dict)   # published/title from a feed or sitemap
    warc: dict | None = None      # {"file", "offset", "length"}
    requested_url: str = ""       # the URL asked for, when a redirect changed it
    article: dict | None = field(default=None, repr=False)   # filled by the extraction pipeline
    body_hash: str | None = None  # filled by the dedup pipeline
    requisites: list | None = field(default=None, repr=False)  # [(url, kind)]: stylesheets, images


@dataclass
class AttachmentItem:
    """A document linked from an article's body, fetched and (if possible) read."""

    site: str
    article: str                  # canonical URL of the article linking it
    url: str
    status: int
    fetched_at: str
    link_text: str | None = None
    content_type: str = ""
    size: int = 0
    kind: str | None = None
    text: str | None = None
    body: bytes = field(default=b"", repr=False)
    warc: dict | None = None


@dataclass
class RequisiteItem:
    """A stylesheet, font or image an archived page needs to look as it did."""

    site: str
    page: str | None              # canonical URL of the article that needed it first
    url: str                      # the URL as the page names it (absolute)
    fetched_url: str              # where it was found (after redirects)
    status: int
    fetched_at: str
    content_type: str = ""
    size: int = 0
    digest: str | None = None     # WARC-Payload-Digest
    revisit: bool = False         # the payload was stored before: a revisit record
    warc: dict | None = None      # the record, and where its payload is
