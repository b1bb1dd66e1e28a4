"""The public site under bad input: stored text no feed can choke on, errors that are
fast 4xx with no traceback, and nothing a reader does not need under /-/."""
import asyncio
import logging
import time
import xml.etree.ElementTree as ET

import pytest

from archive.site.demo_archive import article_id, build_demo
from archive.site.serve import make_datasette

ATOM = "{http://www.w3.org/2005/Atom}"
TALKA = article_id("https://www.augsdaugavasnovads.lv/novads/aktualitates/jaunumi/talka-naujene/")
RIGA = article_id("https://www.riga.lv/lv/jaunums/riga-turpina-deinstitucionalizaciju")
# Characters XML 1.0 cannot carry, as a crawl could store them.
BAD_TITLE = "Talka\x01 Naujenē\ufffe\uffff\x08 \x1f beigas"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("site-errors") / "novadi.db"
    db = build_demo(path)
    db.execute("UPDATE articles SET title = ?, body = body || ? WHERE id = ?", [BAD_TITLE, "\n\x0b\x00teksts", TALKA])
    # Bytes that are not UTF-8 (a lone surrogate's encoding, a stray byte), written past Python's checks.
    db.execute("UPDATE articles SET author = CAST(X'41EDA080FF42' AS TEXT) WHERE id = ?", [RIGA])
    db.execute("UPDATE articles SET warc_file = 'novadi-2024.warc.gz', warc_offset = 0, warc_length = 10 "
               "WHERE id = ?", [TALKA])
    db.conn.close()
    return path


@pytest.fixture(scope="module")
def ds(db_path):
    return make_datasette(db_path)


def call(ds, path, method="get"):
    loop = asyncio.new_event_loop()
    try:
        started = time.perf_counter()
        response = loop.run_until_complete(getattr(ds.client, method)(path))
        return response, time.perf_counter() - started
    finally:
        loop.close()


@pytest.mark.parametrize("path", ["/novadi/latest_feed.atom", "/novadi/site_feed.atom?site=augsdaugavas-novads",
                                  "/novadi/site_feed.atom?site=riga", "/novadi/search_feed.atom?q=talka",
                                  "/novadi/search_feed.atom?q=%01%EF%BF%BE"])
def test_every_feed_survives_characters_xml_cannot_carry(ds, path):
    response, _ = call(ds, path)
    assert response.status_code == 200, response.text[:300]
    root = ET.fromstring(response.content)
    titles = [e.findtext(ATOM + "title") for e in root.findall(ATOM + "entry")]
    if "talka" in path or "latest" in path or "augsdaugavas" in path:
        assert "Talka Naujenē  beigas" in titles  # the text stays, only the bad characters go


def test_pages_show_stored_text_that_is_not_utf8(ds):
    response, _ = call(ds, f"/raksts/{RIGA}")
    assert response.status_code == 200
    assert "A\ufffd" in response.text


HANDLED = [
    ("post", "/novadi/articles/-/insert", 405), ("post", "/novadi/articles/-/upsert", 405),
    ("post", "/novadi/articles/-/drop", 405), ("post", "/novadi/articles_v1/1/-/update", 405),
    ("post", "/novadi/search", 405), ("put", "/", 405), ("delete", "/novadi/articles_v1", 405),
    ("get", "/arhivs//etc/passwd", 404), ("get", "/arhivs/../../../../etc/passwd", 404),
    ("get", "/novadi/articles_v1/x/y/z", 404), ("get", "/novadi/articles_v1?_sort=nonexistent", 400),
    ("get", "/novadi/articles_v1?_sort_desc=nonexistent", 400),
    ("get", "/novadi/articles_v1?_sort=title&_sort_desc=title", 400),
    ("get", "/novadi/articles_v1?_next=zzzz", 400), ("get", "/novadi/articles_v1.json?_next=zzzz", 400),
    ("get", f"/arhivs/{TALKA}?rev=99999999999999999999999", 404),  # no such revision
    ("get", "/raksts/0123456789abcdef", 404), ("get", "/nav-tadas-lapas", 404),
    ("get", "/-/allow-debug", 404), ("get", "/-/messages", 404), ("get", "/-/plugins.json", 404),
    ("get", "/-/versions.json", 404), ("get", "/-/settings.json", 404), ("get", "/-/actor.json", 404),
    ("get", "/-/permissions", 404), ("get", "/-/patterns", 404), ("get", "/-/threads", 404),
    ("get", "/-/databases.json", 404), ("get", "/-/config.json", 404), ("get", "/-/auth-token", 404),
]


@pytest.mark.parametrize("method,path,status", HANDLED)
def test_handled_errors_are_fast_4xx_without_a_traceback(ds, method, path, status, capfd, caplog):
    call(ds, path, method)  # the first request of a route may import its modules
    capfd.readouterr()
    caplog.clear()
    with caplog.at_level(logging.INFO):
        response, seconds = call(ds, path, method)
    assert response.status_code == status, response.text[:300]
    assert seconds < 0.5
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "locals" not in out + err
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_real_fault_is_one_error_log_line_and_a_500(ds, caplog, monkeypatch):
    from archive.site import pages

    async def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pages, "article_context", broken)
    with caplog.at_level(logging.INFO):
        response, _ = call(ds, f"/raksts/{TALKA}")
    assert response.status_code == 500 and "disk on fire" not in response.text
    assert [r.levelname for r in caplog.records if r.name == "novadi.site"] == ["ERROR"]


def test_metadata_lists_only_public_views_and_no_server_paths(ds):
    response, _ = call(ds, "/-/metadata.json")
    assert response.status_code == 200
    data = response.json()
    assert "plugins" not in data
    assert set(data["databases"]["novadi"]["tables"]) == {
        "articles_v1", "sites_v1", "clusters_v1", "republished_v1", "revisions_v1", "attachments_v1",
        "eu_projects_v1"}


def test_static_files_are_still_served(ds):
    response, _ = call(ds, "/-/novadi-static/novadi.css")
    assert response.status_code == 200 and "overflow-wrap: anywhere" in response.text
    assert call(ds, "/-/static/app.css")[0].status_code == 200
