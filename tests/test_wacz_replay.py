"""``novadi export-wacz`` replayed by pywb: pages with their stylesheets and images.

pywb is GPL-3.0, so it is never a dependency of novadi: ``make pywb`` installs it
in its own environment (``.venv-pywb``, or the one ``NOVADI_PYWB`` names), and this
test runs its ``wb-manager`` and ``wayback`` commands as a reader of the package would.
"""
from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.conftest import run_novadi
from tests.loopback import free_port, start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent
PYWB = Path(os.environ.get("NOVADI_PYWB") or ROOT / ".venv-pywb") / "bin"

pytestmark = pytest.mark.skipif(not (PYWB / "wayback").exists(),
                                reason=f"pywb is not installed in {PYWB.parent} (make pywb)")


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


@pytest.fixture(scope="module")
def exported(crawled, tmp_path_factory):
    db, _ = crawled
    folder = tmp_path_factory.mktemp("wacz-replay")
    wacz = folder / "novadi.wacz"
    result = run_novadi("export-wacz", str(wacz), "--db", str(db))
    assert result.returncode == 0, result.stderr[-2000:]
    return db, folder, wacz


@pytest.fixture(scope="module")
def wayback(exported):
    db, folder, wacz = exported
    for args in (["init", "novadi"], ["add", "--unpack-wacz", "novadi", str(wacz)]):
        result = subprocess.run([str(PYWB / "wb-manager"), *args], cwd=folder, capture_output=True, text=True,
                                timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
    port = free_port()
    process = start_server([str(PYWB / "wayback"), "--port", str(port), "--bind", "127.0.0.1"], port,
                           folder / "wayback.log", cwd=folder)
    yield f"http://127.0.0.1:{port}/novadi"
    stop_server(process)


def one(db: Path, sql: str, params=()):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchone()
    finally:
        conn.close()


def test_the_package_holds_requisites_and_article_text(exported):
    db, _, wacz = exported
    with zipfile.ZipFile(wacz) as package:
        index = "".join(gzip.decompress(package.read(n)).decode() if n.endswith(".gz") else package.read(n).decode()
                        for n in package.namelist() if n.startswith("indexes/") and ".cdx" in n)
        pages = [json.loads(line) for line in package.read("pages/pages.jsonl").decode().splitlines()]
    stylesheet = one(db, "SELECT url FROM resources WHERE content_type LIKE 'text/css%' LIMIT 1")[0]
    assert stylesheet.split("://", 1)[1].split("/", 1)[1] in index or stylesheet in index
    header, entries = pages[0], pages[1:]
    assert header.get("hasText") is True
    articles = one(db, "SELECT count(*) FROM articles WHERE redacted = 0 AND warc_file IS NOT NULL")[0]
    assert len(entries) == articles
    body = one(db, "SELECT body FROM articles WHERE url = ?", [entries[0]["url"]])
    assert body is None or entries[0]["text"] == body[0]
    assert all(entry.get("text") for entry in entries)


def test_pywb_replays_a_page_with_its_stylesheet_and_images(exported, wayback, world):
    db, _, _ = exported
    page_id, page_url = one(db, "SELECT a.id, a.url FROM articles a JOIN page_resources p ON p.article_id = a.id "
                                "WHERE p.kind = 'image' AND a.site = 'ozolkalna-novads' LIMIT 1")
    status, content_type, body = fetch(f"{wayback}/2100id_/{page_url}")
    assert status == 200 and content_type.startswith("text/html")
    title = one(db, "SELECT title FROM articles WHERE id = ?", [page_id])[0]
    assert title.split()[0].encode() in body
    requisites = one(db, "SELECT group_concat(url, ' ') FROM page_resources WHERE article_id = ?", [page_id])[0].split()
    stylesheet = next(u for u in requisites if u.endswith(".css"))
    status, content_type, css = fetch(f"{wayback}/2100id_/{stylesheet}")
    assert status == 200 and "text/css" in content_type
    from crawler.sample_sites import files

    assert css == files.stylesheet(stylesheet)
    for image in [u for u in requisites if u.endswith((".jpg", ".png"))]:
        status, content_type, data = fetch(f"{wayback}/2100id_/{image}")
        assert status == 200 and content_type.startswith("image/"), image
        assert data == files.content(image.rsplit("/files/", 1)[-1])[0], image


def test_pywb_replays_a_file_stored_once_under_two_urls(exported, wayback):
    """A revisit record (identical payload) replays as the bytes it refers to."""
    db, _, _ = exported
    url, original = one(db, "SELECT r.url, o.url FROM resources r JOIN resources o ON o.digest = r.digest "
                            "AND o.revisit = 0 WHERE r.revisit = 1 AND r.url <> o.url AND r.status = 200 LIMIT 1")
    status, _, copy = fetch(f"{wayback}/2100id_/{url}")
    status_original, _, first = fetch(f"{wayback}/2100id_/{original}")
    assert status == status_original == 200
    assert copy == first and copy
