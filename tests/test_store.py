"""The single writer: new articles, aliases, revisions, 304s and gone pages."""
import pytest

from archive.db import open_db
from archive.store import ArchiveWriter
from crawler.registry import adhoc_site
from pipelines.dedup import body_hash

BODY = "Jelgavas novada dome 27. janvāra sēdē apstiprināja pašvaldības budžetu 2022. gadam. " * 4


@pytest.fixture
def writer(tmp_path):
    db = open_db(tmp_path / "a.db")
    w = ArchiveWriter(db, batch=1)
    w.register_sites([adhoc_site("https://www.example.lv/")])
    return w


def item(url, body=BODY, title="Apstiprināts budžets", status=200, published="2022-01-28", at="2022-01-29T10:00:00+00:00"):
    article = {"title": title, "published": published, "body": body, "lang": "lv", "author": None,
               "attachments": [{"url": "https://www.example.lv/budzets.pdf", "text": "Budžets", "kind": "pdf"}],
               "images": [], "eu_projects": []}
    return {"site": "example-lv", "url": url, "canonical": url, "status": status, "fetched_at": at,
            "article": article if status == 200 else None, "body_hash": body_hash(title, body),
            "warc": {"file": "f.warc.gz", "offset": 0, "length": 10}, "requested_url": url}


def test_new_then_unchanged(writer):
    assert writer.ingest(item("https://www.example.lv/a")) == "new"
    assert writer.ingest(item("https://www.example.lv/a", at="2022-02-01T00:00:00+00:00")) == "unchanged"
    rows = list(writer.db["articles"].rows)
    assert len(rows) == 1 and rows[0]["revision"] == 1 and rows[0]["last_seen"].startswith("2022-02-01")
    assert writer.db["attachments"].count == 1


def test_same_body_other_url_is_an_alias(writer):
    writer.ingest(item("https://www.example.lv/a"))
    assert writer.ingest(item("https://www.example.lv/index.php?id=7")) == "alias"
    assert writer.db["articles"].count == 1
    assert {r["url"] for r in writer.db["article_urls"].rows} == {
        "https://www.example.lv/a", "https://www.example.lv/index.php?id=7"}


def test_short_identical_bodies_are_not_aliases(writer):
    writer.ingest(item("https://www.example.lv/a", body="Sēde notiks rīt."))
    assert writer.ingest(item("https://www.example.lv/b", body="Sēde notiks rīt.")) == "new"


def test_changed_body_makes_one_revision(writer):
    writer.ingest(item("https://www.example.lv/a"))
    assert writer.ingest(item("https://www.example.lv/a", body=BODY + " Labots.")) == "changed"
    assert writer.ingest(item("https://www.example.lv/a", body=BODY + " Labots.")) == "unchanged"
    revs = list(writer.db.query("select rev, body from revisions order by rev"))
    assert [r["rev"] for r in revs] == [1, 2] and revs[0]["body"] == BODY


def test_not_modified_and_gone(writer):
    writer.ingest(item("https://www.example.lv/a"))
    assert writer.ingest(item("https://www.example.lv/a", status=304)) == "not-modified"
    assert writer.ingest(item("https://www.example.lv/a", status=404, at="2023-01-01T00:00:00+00:00")) == "gone"
    row = next(writer.db["articles"].rows)
    assert row["gone_at"] == "2023-01-01T00:00:00+00:00" and row["body"] == BODY
    assert writer.ingest(item("https://www.example.lv/nav", status=404)) == "ignored"


def test_fts_follows_writes(writer):
    writer.ingest(item("https://www.example.lv/a"))
    hits = writer.db.execute("select rowid from articles_fts where articles_fts match 'pasvaldibas'").fetchall()
    assert len(hits) == 1


def test_public_view_hides_redacted(writer):
    writer.ingest(item("https://www.example.lv/a"))
    assert writer.db.execute("select count(*) from articles_v1").fetchone()[0] == 1
    writer.db.execute("update articles set redacted = 1")
    assert writer.db.execute("select count(*) from articles_v1").fetchone()[0] == 0


def test_migrations_are_recorded_and_idempotent(tmp_path):
    open_db(tmp_path / "b.db")
    db = open_db(tmp_path / "b.db")
    names = [r[0] for r in db.execute("select name from _sqlite_migrations order by id")]
    assert names[:2] == ["0001_core", "0002_public_views_v1"]
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
