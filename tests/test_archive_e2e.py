"""The web-archive side: WARC captures, offline re-extraction, revisions, 304s, gone pages."""
from __future__ import annotations

import shutil
import sqlite3

from archive.warc import iter_responses, read_record
from tests.conftest import crawl, finished, rows, run_novadi


def test_every_response_is_captured(crawled):
    db, _ = crawled
    captures = list(iter_responses(db.parent / "warc"))
    urls = {c[3] for c in captures}
    assert any(u.endswith("/robots.txt") for u in urls)
    for article in rows(db, "SELECT url, warc_file, warc_offset, warc_length FROM articles LIMIT 5"):
        url, status, headers, body, warc = read_record(db.parent / "warc", article["warc_file"],
                                                       article["warc_offset"], article["warc_length"])
        assert status == 200 and body and warc["WARC-Novadi-Role"] == "article"


def test_reextract_rebuilds_the_same_articles(crawled, tmp_path):
    db, _ = crawled
    copy = tmp_path / "novadi.db"
    src = sqlite3.connect(db)
    dst = sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    shutil.copytree(db.parent / "warc", tmp_path / "warc")
    columns = "id, site, url, title, published, updated, author, body, lang"
    before = rows(copy, f"SELECT {columns} FROM articles ORDER BY id")
    for table in ("articles", "article_urls", "revisions", "attachments", "images", "eu_projects", "pages"):
        dst.execute(f"DELETE FROM {table}")
    dst.commit()
    dst.close()
    assert rows(copy, "SELECT count(*) AS n FROM articles")[0]["n"] == 0
    result = run_novadi("reextract", "--db", str(copy), "--registry", str(db.parent / "sites.toml"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert rows(copy, f"SELECT {columns} FROM articles ORDER BY id") == before


def test_reextract_in_place_reports_no_change(crawled, tmp_path):
    db, _ = crawled
    copy = tmp_path / "novadi.db"
    src, dst = sqlite3.connect(db), sqlite3.connect(copy)
    src.backup(dst)
    src.close(), dst.close()
    shutil.copytree(db.parent / "warc", tmp_path / "warc")
    result = run_novadi("reextract", "--db", str(copy), "--registry", str(db.parent / "sites.toml"),
                        "--workers", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "0 titles, 0 dates, 0 bodies changed" in result.stdout


def test_edit_makes_exactly_one_revision_and_304s_download_nothing(tmp_path):
    from crawler.sample_sites.server import SampleWorld

    with SampleWorld() as world:
        site = world.site_ids[0]
        db = tmp_path / "novadi.db"
        assert finished(crawl(world, db, [site]))
        article = world.expected_articles(site)[-1]
        slug = article.get("slug") or article["url"].rstrip("/").rsplit("/", 1)[-1]
        world.set_sidebar_noise("Jaunākās ziņas: pavisam cits teksts")
        world.edit(site, slug, body=["Labots teksts par domes lēmumu, kas aizstāj iepriekšējo versiju un ir pietiekami garš, lai to uzskatītu par rakstu."])
        result = crawl(world, db, [site], "--full")
        assert finished(result), result.stderr[-3000:]
        revs = rows(db, "SELECT article_id, count(*) AS n FROM revisions GROUP BY article_id HAVING n > 1")
        assert len(revs) == 1
        run = rows(db, "SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
        assert run["changed"] == 1 and run["new"] == 0
        assert '"304"' in run["responses"]
        world.remove(site, slug)
        assert finished(crawl(world, db, [site], "--full"))
        gone = rows(db, "SELECT id, gone_at, body FROM articles WHERE gone_at IS NOT NULL")
        assert len(gone) == 1 and gone[0]["body"]


def test_attachments_are_fetched_archived_and_read(world, crawled):
    db, _ = crawled
    expected = [(a, att) for site in world.site_ids for a in world.expected_articles(site)
                for att in a.get("attachments") or [] if att["url"].lower().endswith(".pdf")]
    assert expected, "the sample world links PDF attachments"
    got = {r["url"]: r for r in rows(db, "SELECT * FROM attachments")}
    for article, att in expected:
        row = got.get(att["url"])
        assert row is not None, att["url"]
        assert row["status"] == 200 and row["kind"] == "pdf" and row["warc_file"], row
        assert "Sample document" in (row["text"] or ""), row["text"]


def test_wacz_export_validates(crawled, tmp_path):
    from wacz.main import main as wacz_main

    db, _ = crawled
    out = tmp_path / "novadi.wacz"
    result = run_novadi("export-wacz", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr[-3000:]
    assert wacz_main(["validate", "-f", str(out)]) == 0
    import zipfile

    names = zipfile.ZipFile(out).namelist()
    assert "datapackage.json" in names and any(n.startswith("archive/") for n in names)
    pages = zipfile.ZipFile(out).read("pages/pages.jsonl").decode().splitlines()
    assert len(pages) - 1 == rows(db, "SELECT count(*) AS n FROM articles")[0]["n"]


def test_reextract_in_place_keeps_revisions(tmp_path):
    """Re-extracting an archive whose article has two versions changes no revision count."""
    from crawler.sample_sites.server import SampleWorld

    with SampleWorld(sites=["ozolkalna-novads"]) as world:
        db = tmp_path / "novadi.db"
        assert finished(crawl(world, db))
        slug = world.expected_articles("ozolkalna-novads")[-1]["slug"]
        world.edit("ozolkalna-novads", slug, body=["Labots teksts par domes lēmumu, kas aizstāj iepriekšējo "
                                                  "versiju un ir pietiekami garš, lai to uzskatītu par rakstu."])
        assert finished(crawl(world, db, None, "--full"))
    before = rows(db, "SELECT article_id, rev, title, body FROM revisions ORDER BY article_id, rev")
    assert len(before) == rows(db, "SELECT count(*) AS n FROM articles")[0]["n"] + 1
    result = run_novadi("reextract", "--db", str(db), "--registry", str(tmp_path / "sites.toml"), "--workers", "2")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "0 titles, 0 dates, 0 bodies changed" in result.stdout, result.stdout
    assert rows(db, "SELECT article_id, rev, title, body FROM revisions ORDER BY article_id, rev") == before
