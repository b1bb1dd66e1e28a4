"""Attachments: fetch the documents an article links to, and read their text.

``AttachmentFetchPipeline`` asks the crawler for each document linked from a new
or changed article's body (within a size limit); the spider yields an
:class:`AttachmentItem` for each, ``AttachmentTextPipeline`` reads its text, and
the store joins it to the article. The raw file is in the WARC capture.
"""
from __future__ import annotations

import logging

import scrapy
from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured

from crawler.extraction.documents import document_text
from crawler.items import AttachmentItem, PageItem

logger = logging.getLogger(__name__)
FETCHED_KINDS = {"pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods"}


class AttachmentFetchPipeline:
    def __init__(self, crawler, maxsize: int):
        self.crawler = crawler
        self.maxsize = maxsize
        self.requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("NOVADI_ATTACHMENTS_ENABLED", True):
            raise NotConfigured
        return cls(crawler, crawler.settings.getint("NOVADI_ATTACHMENT_MAXSIZE", 25 * 1024 * 1024))

    def process_item(self, item):
        if not isinstance(item, PageItem) or not item.article:
            return item
        spider = self.crawler.spider
        for attachment in item.article.get("attachments") or []:
            url = attachment.get("url")
            kind = (attachment.get("kind") or "").lower()
            if not url or url in self.requested or (kind and kind not in FETCHED_KINDS):
                continue
            if spider.classifier.denied(url) == "offsite" and not spider.classifier.on_site(url):
                # Documents on another host (a ministry, a cloud drive) are linked, not archived.
                self.crawler.stats.inc_value("novadi/attachments/offsite")
                continue
            self.requested.add(url)
            request = scrapy.Request(
                url, callback=spider.parse_attachment, errback=spider.on_error, priority=-5,
                meta={"site_id": spider.site_id, "role": "attachment", "article": item.canonical, "attachment_url": url,
                      "link_text": attachment.get("text"), "download_maxsize": self.maxsize,
                      "dont_redirect": False, "handle_httpstatus_list": [404, 410]})
            self.crawler.engine.crawl(request)
            self.crawler.stats.inc_value("novadi/attachments/requested")
        return item


class AttachmentTextPipeline:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item):
        if not isinstance(item, AttachmentItem):
            return item
        adapter = ItemAdapter(item)
        if adapter["status"] == 200 and adapter.get("body"):
            kind, text = document_text(adapter["body"], adapter["url"], adapter.get("content_type"))
            adapter["kind"] = kind or adapter.get("kind")
            adapter["text"] = text
            self.stats.inc_value("novadi/attachments/read" if text else "novadi/attachments/unreadable")
        adapter["body"] = b""  # the file itself is in the WARC capture
        return item
