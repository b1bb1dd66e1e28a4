"""``novadi reextract``: rebuild articles from the WARC captures, without the network.

Captures are read in the order they were made. A capture that is the current
version of a stored article is re-extracted in place (its title, date and body
may change with a better extractor); a capture of a URL the archive does not
hold goes through the same writer as a crawl, so a dropped archive is rebuilt
with the same articles, aliases and revisions. Extraction runs on all cores.
"""
from __future__ import annotations

import json
import os
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

from archive.store import ArchiveWriter
from archive.warc import iter_responses
from crawler.canonical import site_canonicalizer
from crawler.discovery import LinkClassifier, declared_canonical
from crawler.extraction.sitetitles import SiteTitles, page_title
from crawler.registry import Registry, Site, adhoc_site

HTML_TYPES = ("text/html", "application/xhtml")


@dataclass
class ReextractReport:
    captures: int = 0
    articles: int = 0
    skipped: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    titles_changed: int = 0
    dates_changed: int = 0
    bodies_changed: int = 0

    def lines(self) -> list[str]:
        out = [f"{self.captures} captures read, {self.articles} article pages re-extracted",
               f"in place: {self.titles_changed} titles, {self.dates_changed} dates, "
               f"{self.bodies_changed} bodies changed"]
        if self.outcomes:
            out.append("rebuilt: " + ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items())))
        if self.skipped:
            out.append("skipped: " + ", ".join(f"{k} {v}" for k, v in sorted(self.skipped.items())))
        return out


def _extract_one(job):
    """Worker: decode and extract one capture (runs in a child process)."""
    from crawler.discovery.pagekind import best_date, kind_of
    from crawler.extraction import EXTRACTOR_VERSION, config_hash, decode_html, extract

    site, classifier, url, body, content_type, captured, hints, sitewide = job
    try:
        html = decode_html(body, content_type)
        article = extract(html, url, site, fetched_at=datetime.fromisoformat(captured), hints=hints,
                          sitewide_titles=sitewide)
    except Exception as exc:  # one broken capture must not stop the rebuild
        return None, f"error:{type(exc).__name__}", None
    kind = kind_of(article, hints.get("fetched_as", "article"))
    if kind.kind != "article":
        return None, f"not-article:{kind.detail}", None
    if not article.published:
        # As in the crawl: the best date it had, or a static page found by URL shape.
        article.published, source = best_date(hints, html)
        if source == "static":
            return None, "not-article:undated-page", None
    # The canonical URL the page declares, as the crawl took it (see SiteSpider.parse_article).
    declared = declared_canonical(html, url, classifier)
    return (asdict(article) | {"extractor_version": EXTRACTOR_VERSION, "config_hash": config_hash(site)},
            None, declared)


def _header(headers, name):
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def _extract_batch(jobs):
    """Worker: several captures at once, so the pool's queues carry a few large messages."""
    return [_extract_one(job) for job in jobs]


def _batches(stream, size: int):
    batch = []
    for entry in stream:
        batch.append(entry)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _warc_date(value: str | None) -> str:
    if not value:
        return datetime.now(timezone.utc).isoformat(timespec="seconds")
    return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat(timespec="seconds")


def _sites_from_db(db, registry: Registry) -> dict[str, Site]:
    sites = dict(registry.sites)
    for row in db.query("SELECT id, url, profile FROM sites"):
        if row["id"] not in sites:
            site = adhoc_site(row["url"], registry.profiles, profile=row["profile"] or "generic")
            sites[row["id"]] = site
    return sites


def reextract(db, warc_dir, registry: Registry, *, site: str | None = None, since: str | None = None,
              workers: int | None = None, batch: int = 200) -> ReextractReport:
    from pipelines.dedup import body_hash

    report = ReextractReport()
    sites = _sites_from_db(db, registry)
    canon = {sid: site_canonicalizer(s) for sid, s in sites.items()}
    classifiers = {sid: LinkClassifier(s) for sid, s in sites.items()}
    writer = ArchiveWriter(db, batch=batch, batch_seconds=30)
    workers = workers or os.cpu_count() or 1
    # Which capture is the current version of which article, read once: asked per
    # capture, the lookup scans the whole table (there is no index on the WARC columns).
    stored = {(f, o): pk for pk, f, o in db.execute(
        "SELECT pk, warc_file, warc_offset FROM articles WHERE warc_file IS NOT NULL")}
    # Older versions' captures re-extract into their own revision, never into a new one.
    revision_captures = {(f, o): (aid, rev) for aid, rev, f, o in db.execute(
        "SELECT article_id, rev, warc_file, warc_offset FROM revisions WHERE warc_file IS NOT NULL")}
    archived_urls = {r[0] for r in db.execute("SELECT url FROM article_urls")}
    # as in the crawl: the <title> a site's pages share is its name, never a headline
    titles = SiteTitles()

    def jobs():
        for file, offset, length, url, status, headers, body, warc in iter_responses(warc_dir):
            report.captures += 1
            role = warc.get("WARC-Novadi-Role")
            site_id = warc.get("WARC-Novadi-Site") or (registry.for_url(url).id if registry.for_url(url) else None)
            # A page fetched as a listing that the crawl stored as an article (its content
            # said so) is re-extracted too, judged again as a listing-fetched page.
            listing_article = role == "listing" and ((file, offset) in stored or (file, offset) in revision_captures)
            if role != "article" and not listing_article or status != 200:
                report.skipped["not-an-article-capture"] += 1
                continue
            if site_id not in sites or (site and site_id != site):
                report.skipped["other-site" if site_id in sites else "unknown-site"] += 1
                continue
            captured = _warc_date(warc.get("WARC-Date"))
            if since and captured < since:
                report.skipped["before-since"] += 1
                continue
            content_type = _header(headers, "content-type") or ""
            if content_type and not content_type.lower().startswith(HTML_TYPES):
                report.skipped["not-html"] += 1
                continue
            try:
                hints = json.loads(warc.get("WARC-Novadi-Hints") or "{}")
            except ValueError:
                hints = {}
            meta = {"file": file, "offset": offset, "length": length, "url": url, "site": site_id,
                    "captured": captured, "etag": _header(headers, "etag"),
                    "last_modified": _header(headers, "last-modified"), "hints": hints}
            if warc.get("WARC-Novadi-Evidence") == "guess":
                hints["needs_date"] = True
            if listing_article:
                hints["fetched_as"] = "listing"
            titles.observe(site_id, url, page_title(body, content_type))
            yield meta, (sites[site_id], classifiers[site_id], url, body, content_type, captured, hints,
                         titles.sitewide(site_id))

    def handle(meta, result):
        article, problem, declared = result
        if article is None:
            report.skipped[problem] += 1
            return
        report.articles += 1
        # The same canonical URL the crawl chose: the page's declared one, if any.
        canonical = canon[meta["site"]](declared or meta["url"])
        requested = canon[meta["site"]](meta["url"])
        digest = body_hash(article.get("title"), article.get("body", ""))
        pk = stored.get((meta["file"], meta["offset"]))
        current = None
        if pk is not None:
            current = db.execute(
                "SELECT pk, title, published, body_hash FROM articles WHERE pk = ?", [pk]).fetchone()
        if current is not None:
            _refresh(db, writer, current, article, digest, meta, report)
            return
        older = revision_captures.get((meta["file"], meta["offset"]))
        if older is not None:
            _refresh_revision(db, writer, older, article, digest)
            report.outcomes["older-revision"] += 1
            return
        if canonical in archived_urls or requested in archived_urls:
            # A later capture that made no new revision when it was crawled (nothing had
            # changed): its article is already rebuilt from the capture that did.
            report.outcomes["unchanged-capture"] += 1
            return
        item = {"site": meta["site"], "url": meta["url"], "canonical": canonical, "status": 200,
                "fetched_at": meta["captured"], "article": article, "body_hash": digest,
                "etag": meta["etag"], "last_modified": meta["last_modified"], "hints": {},
                "warc": {"file": meta["file"], "offset": meta["offset"], "length": meta["length"]},
                "requested_url": requested}
        report.outcomes[writer.ingest(item)] += 1

    stream = jobs()
    if workers <= 1:
        for meta, job in stream:
            handle(meta, _extract_one(job))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            # Bounded look-ahead keeps memory flat however large the archive is. Pages go
            # out in batches: sent one by one, they leave the workers idle whenever the
            # main process is busy writing (the pool queues only workers + 1 messages).
            pending = deque()
            for chunk in _batches(stream, 16):
                metas, batch_jobs = zip(*chunk)
                pending.append((metas, pool.submit(_extract_batch, batch_jobs)))
                if len(pending) >= workers * 4:
                    metas, fut = pending.popleft()
                    for m, result in zip(metas, fut.result()):
                        handle(m, result)
            for metas, fut in pending:
                for m, result in zip(metas, fut.result()):
                    handle(m, result)
    writer.flush()
    return report


def _refresh_revision(db, writer: ArchiveWriter, older: tuple[str, int], article: dict, digest: str):
    writer._begin()
    db.execute(
        "UPDATE revisions SET title = ?, published = ?, updated = ?, author = ?, body = ?, body_hash = ?, "
        "extractor_version = ? WHERE article_id = ? AND rev = ?",
        [article.get("title"), article.get("published"), article.get("updated"), article.get("author"),
         article.get("body"), digest, article.get("extractor_version"), older[0], older[1]])
    from archive.redact import apply_redactions

    apply_redactions(db, older[0])
    writer._wrote()


def _refresh(db, writer: ArchiveWriter, current, article: dict, digest: str, meta: dict, report: ReextractReport):
    pk, title, published, old_hash = current
    report.titles_changed += title != article.get("title")
    report.dates_changed += published != article.get("published")
    report.bodies_changed += old_hash != digest
    writer._begin()
    db["articles"].update(pk, writer._content(article) | {
        "body_hash": digest, "extractor_version": article.get("extractor_version"),
        "config_hash": article.get("config_hash")})
    row = db.execute("SELECT id, revision FROM articles WHERE pk = ?", [pk]).fetchone()
    db.execute(
        "UPDATE revisions SET title = ?, published = ?, updated = ?, author = ?, body = ?, body_hash = ?, "
        "extractor_version = ? WHERE article_id = ? AND rev = ?",
        [article.get("title"), article.get("published"), article.get("updated"), article.get("author"),
         article.get("body"), digest, article.get("extractor_version"), row[0], row[1]])
    writer._replace_children(row[0], article, meta["captured"])
    from archive.redact import apply_redactions

    apply_redactions(db, row[0])
    writer._wrote()
