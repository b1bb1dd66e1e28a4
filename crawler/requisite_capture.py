"""WARC records for page requisites, each payload stored once.

A stylesheet or logo is the same file on every page of a site and in every crawl.
Like Heritrix and Browsertrix, the archive writes its bytes once: a later response
with the same payload digest becomes a ``revisit`` record (profile
identical-payload-digest) that refers to the first capture by URL and date, which
is what pywb and ReplayWeb.page follow to replay it.

Earlier captures are looked up in the archive (``resources``), this crawl's in
memory. The location of the payload goes into ``request.meta["warc"]`` with the
record's, for the store.
"""
from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from archive.warc import payload_digest
from crawler.warc import WarcCapture

logger = logging.getLogger(__name__)


class PayloadIndex:
    """Where each payload digest was first captured: this run's captures, then the archive's."""

    def __init__(self, db_path: str | None):
        self.db_path = db_path
        self.seen: dict[str, dict] = {}

    def get(self, digest: str) -> dict | None:
        if digest in self.seen:
            return self.seen[digest]
        if not self.db_path or not Path(self.db_path).is_file():
            return None
        try:
            conn = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=5)
            try:
                row = conn.execute(
                    "SELECT fetched_url, warc_date, payload_file, payload_offset, payload_length FROM resources "
                    "WHERE digest = ? AND payload_file IS NOT NULL ORDER BY id LIMIT 1", [digest]).fetchone()
            finally:
                conn.close()
        except sqlite3.Error:  # an archive from before requisites, or busy: store the payload again
            return None
        if row is None or not row[1]:
            return None
        found = {"url": row[0], "date": row[1], "file": row[2], "offset": row[3], "length": row[4]}
        self.seen[digest] = found
        return found

    def add(self, digest: str, capture: dict) -> None:
        self.seen.setdefault(digest, capture)


class RequisiteCapture(WarcCapture):
    """Writes the captures of requests marked ``requisite`` (see :class:`WarcCapture` for the rest)."""

    @classmethod
    def from_crawler(cls, crawler):
        ext = super().from_crawler(crawler)
        settings = crawler.settings
        ext.index = PayloadIndex(None if settings.get("NOVADI_REDIS_URL") else settings.get("NOVADI_DB"))
        # Off only to measure what payload dedup saves (bench/requisites.py).
        ext.dedup = settings.getbool("NOVADI_REQUISITE_DEDUP", True)
        return ext

    def response_downloaded(self, response, request, spider=None):
        if not request.meta.get("requisite"):
            return
        self.stats.inc_value("novadi/requisites/responses")
        self.stats.inc_value("novadi/requisites/bytes", len(response.body))
        digest = payload_digest(response.body) if response.status == 200 and response.body else None
        earlier = self.index.get(digest) if digest and self.dedup else None
        self.write_capture(response, request, spider,
                           revisit_of={"url": earlier["url"], "date": earlier["date"], "digest": digest}
                           if earlier else None)
        record = request.meta.get("warc")
        if not record or request.meta.get("warc_error"):
            return
        record = dict(record, digest=digest, revisit=bool(earlier))
        if earlier:
            record.update(payload_file=earlier["file"], payload_offset=earlier["offset"],
                          payload_length=earlier["length"], refers_to=earlier["url"], refers_to_date=earlier["date"])
            self.stats.inc_value("novadi/requisites/revisits")
        else:
            record.update(payload_file=record["file"], payload_offset=record["offset"], payload_length=record["length"])
            if digest:
                self.index.add(digest, {"url": response.url, "date": record["date"], "file": record["file"],
                                        "offset": record["offset"], "length": record["length"]})
                self.stats.inc_value("novadi/requisites/stored_bytes", len(response.body))
        request.meta["warc"] = record
