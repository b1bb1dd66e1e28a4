"""``novadi reextract``: rebuild articles from the WARC captures, without the network.

Captures are read in the order they were made. A capture that is the current
version of a stored article is re-extracted in place (its title, date and body
may change with a better extractor); a capture of a URL the archive does not
hold goes through the same writer as a crawl, so a dropped archive is rebuilt
with the same articles, aliases and revisions. Extraction runs on all cores.
"""
from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

from archive.store import ArchiveWriter
from archive.warc import iter_responses
from crawler.canonical import site_canonicalizer
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
    from crawler.extraction import EXTRACTOR_VERSION, config_hash, decode_html, extract

    site, url, body, content_type, captured = job
    try:
        html = decode_html(body, content_type)
        article = extract(html, url, site, fetched_at=datetime.fromisoformat(captured))
    except Exception as exc:  # one broken capture must not stop the rebuild
        return None, f"error:{type(exc).__name__}"
    if not article.is_article:
        return None, f"not-article:{article.reason}"
    return asdict(article) | {"extractor_version": EXTRACTOR_VERSION, "config_hash": config_hash(site)}, None


def _header(headers, name):
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


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
    writer = ArchiveWriter(db, batch=batch, batch_seconds=30)
    workers = workers or os.cpu_count() or 1

    def jobs():
        for file, offset, length, url, status, headers, body, warc in iter_responses(warc_dir):
            report.captures += 1
            role = warc.get("WARC-Novadi-Role")
            site_id = warc.get("WARC-Novadi-Site") or (registry.for_url(url).id if registry.for_url(url) else None)
            if role != "article" or status != 200:
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
            meta = {"file": file, "offset": offset, "length": length, "url": url, "site": site_id,
                    "captured": captured, "etag": _header(headers, "etag"),
                    "last_modified": _header(headers, "last-modified")}
            yield meta, (sites[site_id], url, body, content_type, captured)

    def handle(meta, result):
        article, problem = result
        if article is None:
            report.skipped[problem] += 1
            return
        report.articles += 1
        canonical = canon[meta["site"]](meta["url"])
        digest = body_hash(article.get("title"), article.get("body", ""))
        current = db.execute(
            "SELECT pk, title, published, body_hash FROM articles WHERE warc_file = ? AND warc_offset = ?",
            [meta["file"], meta["offset"]]).fetchone()
        if current is not None:
            _refresh(db, writer, current, article, digest, meta, report)
            return
        item = {"site": meta["site"], "url": meta["url"], "canonical": canonical, "status": 200,
                "fetched_at": meta["captured"], "article": article, "body_hash": digest,
                "etag": meta["etag"], "last_modified": meta["last_modified"], "hints": {},
                "warc": {"file": meta["file"], "offset": meta["offset"], "length": meta["length"]},
                "requested_url": canonical}
        report.outcomes[writer.ingest(item)] += 1

    stream = jobs()
    if workers <= 1:
        for meta, job in stream:
            handle(meta, _extract_one(job))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            # Bounded look-ahead keeps memory flat however large the archive is.
            pending = []
            for meta, job in stream:
                pending.append((meta, pool.submit(_extract_one, job)))
                if len(pending) >= workers * 16:
                    m, fut = pending.pop(0)
                    handle(m, fut.result())
            for m, fut in pending:
                handle(m, fut.result())
    writer.flush()
    return report


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
