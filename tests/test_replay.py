"""Archived copies: an article's raw capture served back from its WARC record."""
import asyncio

from archive.site.serve import make_datasette
from tests.conftest import rows


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def test_archived_copy_is_served_sandboxed_with_a_banner(crawled):
    db, _ = crawled
    article = rows(db, "SELECT id, title, url FROM articles WHERE warc_file IS NOT NULL LIMIT 1")[0]
    ds = make_datasette(db, warc_dir=db.parent / "warc")
    response = get(ds, f"/arhivs/{article['id']}")
    assert response.status_code == 200
    assert "Arhivēta kopija" in response.text and article["url"].split("://")[1].split("/")[0] in response.text
    assert article["title"].split()[0] in response.text
    assert response.headers["content-security-policy"].startswith("sandbox")
    page = get(ds, f"/raksts/{article['id']}")
    assert f"/arhivs/{article['id']}" in page.text


def test_archived_copy_of_unknown_or_redacted_article_is_404(crawled, tmp_path):
    import shutil
    import sqlite3

    db, _ = crawled
    copy = tmp_path / "novadi.db"
    src, dst = sqlite3.connect(db), sqlite3.connect(copy)
    src.backup(dst)
    article = dst.execute("SELECT id FROM articles LIMIT 1").fetchone()[0]
    dst.execute("UPDATE articles SET redacted = 1 WHERE id = ?", [article])
    dst.commit()
    src.close(), dst.close()
    ds = make_datasette(copy, warc_dir=db.parent / "warc")
    assert get(ds, f"/arhivs/{article}").status_code == 404
    assert get(ds, "/arhivs/0000000000000000").status_code == 404
