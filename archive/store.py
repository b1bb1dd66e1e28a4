"""Writing to the archive: the single place where articles enter the database.

:class:`ArchiveWriter` takes fetched-and-extracted pages (as plain dicts, the
shape of :class:`crawler.items.PageItem`) and decides, per page: a new article,
a new URL (alias) of an article already stored, a new revision, or nothing new.
Writes are grouped in transactions; a crash loses at most the open transaction,
never leaves half an article, and a resumed crawl fetches those pages again.
"""
from __future__ import annotations

import json
import logging
import time
from collections import Counter
from datetime import datetime, timezone

from sqlite_utils import Database

from crawler.canonical import article_id

logger = logging.getLogger(__name__)

# A body this short is not distinctive enough to call another URL its alias.
MIN_ALIAS_BODY = 200
# How a revisit's outcome is counted in crawl_runs (revisit_unchanged, _changed, _gone):
# a 404 on an article already marked gone is still a revisit that found it gone.
REVISIT_OUTCOMES = {"not-modified": "unchanged", "alias": "unchanged", "unchanged": "unchanged",
                    "changed": "changed", "gone": "gone", "ignored": "gone"}


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class ArchiveWriter:
    def __init__(self, db: Database, *, batch: int = 50, batch_seconds: float = 5.0):
        self.db = db
        self.batch = max(1, batch)
        self.batch_seconds = batch_seconds
        self.counts: dict[str, Counter] = {}
        self._pending = 0
        self._since = time.monotonic()
        self._in_tx = False
        self._insert_sql: dict[tuple, str] = {}

    # -- transactions ----------------------------------------------------------

    def _begin(self):
        # SQLite itself ends a transaction on some errors (SQLITE_FULL, SQLITE_IOERR):
        # ask the connection, never trust the flag alone, or the next statements
        # would run outside any transaction and could leave half an article.
        if not (self._in_tx and self.db.conn.in_transaction):
            if self.db.conn.in_transaction:
                self.db.execute("ROLLBACK")
            self.db.execute("BEGIN IMMEDIATE")
            self._in_tx = True
            self._pending = 0
            self._since = time.monotonic()

    def _wrote(self):
        self._pending += 1
        if self._pending >= self.batch or time.monotonic() - self._since >= self.batch_seconds:
            self.flush()

    def flush(self):
        if self._in_tx:
            try:
                self.db.execute("COMMIT")
            except Exception:
                # Disk full, I/O error: the batch is lost as a whole, never in part.
                self.rollback()
                raise
            self._in_tx = False
        self._pending = 0

    def rollback(self):
        # After SQLITE_FULL the transaction may already be gone; a ROLLBACK then
        # would fail and hide the error that matters.
        if self.db.conn.in_transaction:
            self.db.execute("ROLLBACK")
        self._in_tx = False
        self._pending = 0

    def close(self):
        self.flush()

    # -- sites and runs --------------------------------------------------------

    def register_sites(self, sites) -> None:
        """Insert or update the ``sites`` rows (the registry is their source)."""
        self.flush()
        rows = []
        for site in sites:
            row = site.row()
            row["registered_at"] = now_iso()
            rows.append(row)
        with self.db.atomic():
            for row in rows:
                existing = self.db.execute("SELECT registered_at FROM sites WHERE id = ?", [row["id"]]).fetchone()
                if existing:
                    row["registered_at"] = existing[0]
                self.db["sites"].upsert(row, pk="id")

    def start_run(self, site_id: str, mode: str) -> int:
        self.flush()
        self.counts[site_id] = Counter()
        with self.db.atomic():
            # A run that never finished was interrupted; it is resumed by this one.
            self.db.execute(
                "UPDATE crawl_runs SET finish_reason = 'interrupted', finished = ? "
                "WHERE site = ? AND finished IS NULL", [now_iso(), site_id])
            cur = self.db.execute(
                "INSERT INTO crawl_runs (site, mode, started) VALUES (?, ?, ?)", [site_id, mode, now_iso()])
            return cur.lastrowid

    def finish_run(self, run_id: int, *, reason: str, stats: dict, counts: dict | None = None) -> dict:
        """Record how a run ended, with Scrapy's stats and the writer's counts."""
        self.flush()
        site = self.db.execute("SELECT site FROM crawl_runs WHERE id = ?", [run_id]).fetchone()[0]
        counts = dict(counts if counts is not None else self.counts.pop(site, Counter()))
        responses = {k.rsplit("/", 1)[1]: v for k, v in stats.items()
                     if k.startswith("downloader/response_status_count/")}
        dropped = {k.split("novadi/dropped/", 1)[1]: v for k, v in stats.items()
                   if k.startswith("novadi/dropped/")}
        row = {
            "finished": now_iso(),
            "finish_reason": reason,
            "requests": stats.get("downloader/request_count", 0),
            "responses": json.dumps(responses, sort_keys=True),
            "pages": stats.get("response_received_count", 0),
            "articles": counts.get("new", 0) + counts.get("changed", 0) + counts.get("unchanged", 0)
            + counts.get("alias", 0) + counts.get("not-modified", 0),
            "new": counts.get("new", 0),
            "changed": counts.get("changed", 0),
            "unchanged": counts.get("unchanged", 0) + counts.get("not-modified", 0) + counts.get("alias", 0),
            "gone": counts.get("gone", 0),
            "dropped": json.dumps(dropped, sort_keys=True),
            "errors": stats.get("novadi/errors", 0) + stats.get("log_count/ERROR", 0),
        }
        reasons = {k.split("novadi/revisit/", 1)[1]: v for k, v in stats.items() if k.startswith("novadi/revisit/")}
        row.update(revisited=sum(reasons.values()), revisit_reasons=json.dumps(reasons, sort_keys=True),
                   revisit_unchanged=counts.get("revisit-unchanged", 0),
                   revisit_changed=counts.get("revisit-changed", 0), revisit_gone=counts.get("revisit-gone", 0))
        row["missed"] = self._missed_by_incremental(run_id)
        from archive.requisites import run_columns

        row.update(run_columns(stats))
        self.db["crawl_runs"].update(run_id, row)
        return row

    def _missed_by_incremental(self, run_id: int) -> int:
        """In a full crawl: new articles published before the site's last finished crawl
        began, which that crawl (and those before it) should have found."""
        run = self.db.execute("SELECT site, mode, started FROM crawl_runs WHERE id = ?", [run_id]).fetchone()
        if run is None or run[1] != "full":
            return 0
        previous = self.db.execute(
            "SELECT max(started) FROM crawl_runs WHERE site = ? AND id < ? AND finish_reason = 'finished'",
            [run[0], run_id]).fetchone()[0]
        if previous is None:
            return 0
        missed = self.db.execute(
            "SELECT id, url FROM articles WHERE site = ? AND first_seen >= ? AND published IS NOT NULL "
            "AND substr(published, 1, 10) < substr(?, 1, 10)", [run[0], run[2], previous]).fetchall()
        for article, url in missed:
            logger.warning("%s: the full crawl found %s, which incremental crawls had missed", run[0], url)
        return len(missed)

    # -- articles --------------------------------------------------------------

    def ingest(self, item: dict) -> str:
        """Store one page; return what happened: new, changed, unchanged, alias,
        not-modified, gone or ignored."""
        self._begin()
        try:
            outcome = self._ingest(item)
            if item.get("requisites"):
                from archive.requisites import link_page

                link_page(self.db, item)
        except Exception:
            self.rollback()
            raise
        counts = self.counts.setdefault(item["site"], Counter())
        counts[outcome] += 1
        if (item.get("hints") or {}).get("revisit"):
            counts[f"revisit-{REVISIT_OUTCOMES.get(outcome, outcome)}"] += 1
        self._wrote()
        return outcome

    def ingest_attachment(self, item: dict) -> str:
        """Join a fetched document to the article that links it: stored, missing or orphan."""
        self._begin()
        row = self.db.execute("SELECT article_id FROM article_urls WHERE url = ?", [item["article"]]).fetchone()
        if row is None:
            self._wrote()
            return "orphan"
        warc = item.get("warc") or {}
        self.db.execute(
            """INSERT INTO attachments (article_id, url, link_text, kind, status, content_type, size, text,
                                        fetched_at, warc_file, warc_offset, warc_length)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(article_id, url) DO UPDATE SET status = excluded.status,
                 kind = coalesce(excluded.kind, attachments.kind), content_type = excluded.content_type,
                 size = excluded.size, text = coalesce(excluded.text, attachments.text),
                 fetched_at = excluded.fetched_at, warc_file = excluded.warc_file,
                 warc_offset = excluded.warc_offset, warc_length = excluded.warc_length""",
            [row[0], item["url"], item.get("link_text"), item.get("kind"), item["status"], item.get("content_type"),
             item.get("size"), item.get("text"), item["fetched_at"], warc.get("file"), warc.get("offset"),
             warc.get("length")])
        self._wrote()
        return "stored" if item["status"] == 200 else "missing"

    def ingest_requisite(self, item: dict) -> str:
        """Record a page requisite's capture (see :mod:`archive.requisites`)."""
        from archive.requisites import ingest_requisite

        self._begin()
        try:
            outcome = ingest_requisite(self.db, item)
        except Exception:
            self.rollback()
            raise
        self._wrote()
        return outcome

    def _article_for_url(self, url: str) -> dict | None:
        cursor = self.db.execute(
            "SELECT a.* FROM article_urls u JOIN articles a ON a.id = u.article_id WHERE u.url = ?", [url])
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cursor.description], row))

    def _record_page(self, item: dict, kind: str, article: str | None):
        hints = item.get("hints") or {}
        self.db.execute(
            """INSERT INTO pages (url, site, kind, status, etag, last_modified, lastmod, fetched_at, article_id,
                                  fetched_url)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(url) DO UPDATE SET status = excluded.status, kind = excluded.kind,
                 fetched_url = coalesce(excluded.fetched_url, pages.fetched_url),
                 etag = coalesce(excluded.etag, pages.etag),
                 last_modified = coalesce(excluded.last_modified, pages.last_modified),
                 lastmod = coalesce(excluded.lastmod, pages.lastmod),
                 fetched_at = excluded.fetched_at, article_id = coalesce(excluded.article_id, pages.article_id)""",
            [item["canonical"], item["site"], kind, item["status"], item.get("etag"),
             item.get("last_modified"), hints.get("lastmod") or hints.get("listed_lastmod"), item["fetched_at"], article,
             # the URL that answered (a 404 keeps the one that last worked)
             item.get("url") if item["status"] in (200, 304) else None],
        )

    def _ingest(self, item: dict) -> str:
        url, site, status, seen = item["canonical"], item["site"], item["status"], item["fetched_at"]
        existing = self._article_for_url(url)
        if status == 304:
            if existing:
                self.db.execute("UPDATE articles SET last_seen = ?, last_checked = ?, gone_at = NULL WHERE id = ?",
                                [seen, seen, existing["id"]])
            self._record_page(item, "article", existing and existing["id"])
            return "not-modified"
        if status in (404, 410):
            self._record_page(item, "gone", existing and existing["id"])
            if existing:
                self.db.execute("UPDATE articles SET last_checked = ? WHERE id = ?", [seen, existing["id"]])
            if existing and existing["gone_at"] is None:
                self.db.execute("UPDATE articles SET gone_at = ? WHERE id = ?", [seen, existing["id"]])
                return "gone"
            return "ignored"
        article = item.get("article")
        if not article:
            return "ignored"
        digest = item.get("body_hash")
        if existing is None and digest and len(article.get("body") or "") >= MIN_ALIAS_BODY:
            row = self.db.execute(
                "SELECT id FROM articles WHERE site = ? AND body_hash = ? LIMIT 1", [site, digest]).fetchone()
            if row:
                self._add_url(url, row[0], site, seen)
                self._prefer_clean_url(row[0], url)
                self.db.execute("UPDATE articles SET last_seen = ?, last_checked = ?, gone_at = NULL WHERE id = ?",
                                [seen, seen, row[0]])
                self._record_page(item, "article", row[0])
                return "alias"
        if existing is None:
            new_id = self._insert_article(item, article, digest)
            self._record_page(item, "article", new_id)
            self._add_requested_alias(item, new_id)
            return "new"
        self._record_page(item, "article", existing["id"])
        self._add_requested_alias(item, existing["id"])
        if existing["redacted"]:
            # A takedown holds: a re-crawl must not bring the text back.
            self.db.execute("UPDATE articles SET last_seen = ?, last_checked = ? WHERE id = ?",
                            [seen, seen, existing["id"]])
            return "unchanged"
        if (existing["body_hash"], existing["title"], existing["published"]) == (
                digest, article.get("title"), article.get("published")):
            # an article stored before structured bodies were extracted gets one now
            # (never one that a redaction has cleared); an update date the page now
            # prints ("Atjaunots") is the current version's, no new version of the text
            self.db.execute(
                "UPDATE articles SET last_seen = ?, last_checked = ?, gone_at = NULL, body_html = CASE WHEN body_html IS NULL AND "
                "NOT EXISTS (SELECT 1 FROM redacted_values v WHERE v.article_id = articles.id) THEN ? "
                "ELSE body_html END, updated = coalesce(?, updated) WHERE id = ?",
                [seen, seen, article.get("body_html"), article.get("updated"), existing["id"]])
            return "unchanged"
        self._new_revision(existing, item, article, digest)
        # A passage hidden by a takedown stays hidden in the new version.
        from archive.redact import apply_redactions

        apply_redactions(self.db, existing["id"])
        return "changed"

    def _prefer_clean_url(self, aid: str, alias: str):
        """Show an article under its readable URL: when it was first found under a
        query-string URL (``index.php?option=…&id=313``) and turns up under a path
        (``/jaunumi/313-slug``), the path becomes its URL. Its id does not change."""
        current = self.db.execute("SELECT pk, url FROM articles WHERE id = ?", [aid]).fetchone()
        if current and "?" in current[1] and "?" not in alias and alias.count("/") > 3:
            self.db.execute("UPDATE articles SET url = ? WHERE pk = ?", [alias, current[0]])

    def _add_url(self, url: str, aid: str, site: str, seen: str):
        self.db.execute(
            "INSERT OR IGNORE INTO article_urls (url, article_id, site, first_seen) VALUES (?, ?, ?, ?)",
            [url, aid, site, seen])

    def _add_requested_alias(self, item: dict, aid: str):
        # A redirect's source URL is another name of the same article.
        requested = item.get("requested_url")
        if requested and requested != item["canonical"]:
            self._add_url(requested, aid, item["site"], item["fetched_at"])

    def _content(self, article: dict) -> dict:
        return {k: article.get(k) for k in ("title", "published", "updated", "author", "credit", "lang",
                                             "body_html")} | {"body": article.get("body") or ""}

    def _insert_article(self, item: dict, article: dict, digest: str) -> str:
        aid = article_id(item["canonical"])
        warc = item.get("warc") or {}
        seen = item["fetched_at"]
        row = self._content(article) | {
            "id": aid, "site": item["site"], "url": item["canonical"], "body_hash": digest or "",
            "revision": 1, "first_seen": seen, "last_seen": seen, "last_changed": seen, "last_checked": seen,
            "extractor_version": article.get("extractor_version"), "config_hash": article.get("config_hash"),
            "warc_file": warc.get("file"), "warc_offset": warc.get("offset"), "warc_length": warc.get("length"),
        }
        self._insert("articles", row)
        self._add_url(item["canonical"], aid, item["site"], seen)
        self._insert_revision(aid, 1, item, article, digest)
        self._replace_children(aid, article, seen)
        return aid

    def _insert_revision(self, aid: str, rev: int, item: dict, article: dict, digest: str):
        warc = item.get("warc") or {}
        content = self._content(article)
        self._insert("revisions", {
            "article_id": aid, "rev": rev, "captured_at": item["fetched_at"],
            "title": content["title"], "published": content["published"], "updated": content["updated"],
            "author": content["author"], "body": content["body"], "body_hash": digest,
            "warc_file": warc.get("file"), "warc_offset": warc.get("offset"), "warc_length": warc.get("length"),
            "extractor_version": article.get("extractor_version"),
        }, replace=True)

    def _new_revision(self, existing: dict, item: dict, article: dict, digest: str):
        rev = existing["revision"] + 1
        warc = item.get("warc") or {}
        self._insert_revision(existing["id"], rev, item, article, digest)
        self.db["articles"].update(existing["pk"], self._content(article) | {
            "body_hash": digest, "revision": rev, "last_seen": item["fetched_at"], "last_checked": item["fetched_at"],
            "last_changed": item["fetched_at"], "gone_at": None,
            "extractor_version": article.get("extractor_version"), "config_hash": article.get("config_hash"),
            "warc_file": warc.get("file"), "warc_offset": warc.get("offset"), "warc_length": warc.get("length"),
        })
        self._replace_children(existing["id"], article, item["fetched_at"])

    def _replace_children(self, aid: str, article: dict, seen: str):
        """Attachments, images and EU project facts follow the current revision."""
        for table in ("images", "eu_projects"):
            self.db.execute(f"DELETE FROM {table} WHERE article_id = ?", [aid])
        known = {r[0] for r in self.db.execute("SELECT url FROM attachments WHERE article_id = ?", [aid])}
        for att in article.get("attachments") or []:
            if att["url"] not in known:
                self.db["attachments"].insert({"article_id": aid, "url": att["url"],
                                               "link_text": att.get("text"), "kind": att.get("kind")})
        for image in article.get("images") or []:
            self.db["images"].insert({"article_id": aid, "url": image["url"], "caption": image.get("caption")},
                                     replace=True)
        columns = self._columns("eu_projects")
        for project in article.get("eu_projects") or []:
            self.db["eu_projects"].insert({"article_id": aid, **{k: v for k, v in project.items() if k in columns}})

    def _insert(self, table: str, row: dict, replace: bool = False):
        """A plain INSERT: sqlite-utils' ``Table.insert`` also checks the table and opens
        a savepoint on every call, nearly as costly as the one-row statement itself."""
        columns = tuple(row)
        key = (table, columns, replace)
        sql = self._insert_sql.get(key)
        if sql is None:
            sql = self._insert_sql[key] = "INSERT {}INTO [{}] ({}) VALUES ({})".format(
                "OR REPLACE " if replace else "", table, ", ".join(f"[{c}]" for c in columns),
                ", ".join("?" * len(columns)))
        self.db.execute(sql, list(row.values()))

    def _columns(self, table: str) -> set[str]:
        # Extraction may learn new facts before the schema has a column for them.
        cache = self.__dict__.setdefault("_column_cache", {})
        if table not in cache:
            cache[table] = set(self.db[table].columns_dict)
        return cache[table]


_shared: dict[str, tuple[ArchiveWriter, int]] = {}


def shared_writer(path: str, **kwargs) -> ArchiveWriter:
    """One writer per database per process.

    Several sites crawl concurrently in one reactor thread; two connections each
    holding a write transaction there would wait on each other forever.
    """
    from archive.db import open_db

    key = str(path)
    if key in _shared:
        writer, refs = _shared[key]
        _shared[key] = (writer, refs + 1)
        return writer
    writer = ArchiveWriter(open_db(path), **kwargs)
    _shared[key] = (writer, 1)
    return writer


def release_writer(path: str) -> None:
    key = str(path)
    writer, refs = _shared[key]
    if refs > 1:
        _shared[key] = (writer, refs - 1)
        return
    del _shared[key]
    writer.close()
    writer.db.close()
