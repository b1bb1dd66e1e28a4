"""Article extraction: a plain function from a fetched page to an :class:`Article`.

    from crawler.extraction import extract, decode_html, EXTRACTOR_VERSION
    article = extract(html, url, site, fetched_at=..., hints={"published": ...})

Knows nothing of Scrapy, so it runs on saved pages in tests and over the archive.
"""
from .core import EXTRACTOR_VERSION, config_hash, extract
from .dates import parse_date
from .decode import decode_html
from .euproject import extract_projects
from .model import Article, Attachment, EUProject, Image

__all__ = [
    "EXTRACTOR_VERSION",
    "Article",
    "Attachment",
    "EUProject",
    "Image",
    "config_hash",
    "decode_html",
    "extract",
    "extract_projects",
    "parse_date",
]
