"""``novadi export-wacz``: the raw captures as one WACZ package for ReplayWeb.page and pywb.

The package holds the WARC records (without the captures of redacted articles and
of the files only they used), among them the articles' page requisites (stylesheets,
fonts, images; a payload stored once, later captures as revisit records), a CDX
index, and a page list of the archived articles with each one's text for full-text
search in ReplayWeb.page, built by the ``wacz`` tool.
"""
from __future__ import annotations

import json
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from crawler.canonical import canonical_url


def redacted_urls(db) -> set[str]:
    rows = db.execute(
        "SELECT u.url FROM article_urls u JOIN articles a ON a.id = u.article_id WHERE a.redacted = 1")
    return {r[0] for r in rows}


def hidden_files(db) -> set[str]:
    """Page requisites (images, stylesheets) that only redacted articles used."""
    import sqlite3

    from archive.requisites import hidden_resource_urls

    try:
        return hidden_resource_urls(db)
    except sqlite3.OperationalError:  # an archive from before requisites
        return set()


def filtered_warcs(warc_dir: Path, out_dir: Path, hidden: set[str], site: str | None = None,
                   captured: dict | None = None, hidden_exact: set[str] = frozenset()) -> list[Path]:
    """Copies of the WARC files without the captures of hidden URLs (or of other sites).

    ``hidden`` holds canonical URLs (articles), ``hidden_exact`` URLs as captured
    (their requisites). ``captured`` collects each canonical URL's first captured URL
    and time, for the page list.
    """
    outputs = []
    for path in sorted(Path(warc_dir).glob("*.warc.gz")):
        target = out_dir / path.name
        kept = 0
        with open(path, "rb") as src, open(target, "wb") as dst:
            writer = WARCWriter(dst, gzip=True)
            for record in ArchiveIterator(src):
                uri = record.rec_headers.get_header("WARC-Target-URI")
                if uri and (uri in hidden_exact or canonical_url(uri) in hidden):
                    continue
                record_site = record.rec_headers.get_header("WARC-Novadi-Site")
                if site and record.rec_type in ("response", "request", "revisit") and record_site not in (None, site):
                    continue
                if captured is not None and record.rec_type == "response" and uri:
                    captured.setdefault(canonical_url(uri), (uri, record.rec_headers.get_header("WARC-Date")))
                writer.write_record(record)
                kept += 1
        if kept:
            outputs.append(target)
        else:
            target.unlink()
    return outputs


def pages_jsonl(db, path: Path, site: str | None = None, captured: dict | None = None) -> int:
    query = ("SELECT a.url, a.title, a.first_seen, a.id, a.body FROM articles a WHERE a.redacted = 0 "
             "AND a.warc_file IS NOT NULL" + (" AND a.site = ?" if site else "") + " ORDER BY a.first_seen")
    count = 0
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "novadi articles",
                             "hasText": True}) + "\n")
        for url, title, first_seen, article_id, body in db.execute(query, [site] if site else []):
            # Replay looks pages up by the URL as captured, not by its canonical form.
            url, warc_date = (captured or {}).get(url, (url, None))
            ts = warc_date[:19] + "Z" if warc_date else datetime.fromisoformat(first_seen).astimezone(
                timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            fh.write(json.dumps({"id": article_id, "url": url, "ts": ts, "title": title,
                                 "text": body}, ensure_ascii=False) + "\n")
            count += 1
    return count


def export_wacz(db, warc_dir: str | Path, output: str | Path, *, site: str | None = None,
                title: str = "novadi: Latvian municipal news archive") -> dict:
    from wacz.main import main as wacz_main

    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="novadi-wacz-") as tmp:
        tmp = Path(tmp)
        (tmp / "warc").mkdir()
        captured: dict = {}
        warcs = filtered_warcs(Path(warc_dir), tmp / "warc", redacted_urls(db), site, captured,
                               hidden_exact=hidden_files(db))
        if not warcs:
            raise ValueError(f"no WARC records to package in {warc_dir}")
        pages = tmp / "pages.jsonl"
        count = pages_jsonl(db, pages, site, captured)
        # --copy-pages: the page list goes in as written, with its text and the
        # "hasText" flag ReplayWeb.page's full-text search looks for (re-serialized,
        # the tool would drop both).
        code = wacz_main(["create", "-o", str(output), "-p", str(pages), "--copy-pages", "--title", title,
                          "--desc", "Raw captures of the articles in the novadi archive", *map(str, warcs)])
        if code:
            raise RuntimeError(f"wacz create failed with exit code {code}")
    return {"output": str(output), "warc_files": len(warcs), "pages": count, "size": output.stat().st_size}
