"""The reader's search (/meklet) and its feed and downloads, on the demo archive plus
articles written for each filter, order and fold."""
import csv
import io
import xml.etree.ElementTree as ET

import pytest

from archive.site import search_page, search_query
from archive.site.demo_archive import article_id, build_demo
from tests.site_client import ds, get, loop  # noqa: F401

ATOM = "{http://www.w3.org/2005/Atom}"
SEEN = "2024-05-01T08:00:00+00:00"
SEMPRE = article_id("https://www.zemgale.lv/projekts-sempre-socialie-pakalpojumi")
VIESITE = article_id("https://viesite.lv/?p=4182")


def _id(n: int) -> str:
    return f"20000000000000{n:02x}"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("meklet") / "novadi.db"
    db = build_demo(path)
    common = {"lang": "lv", "first_seen": SEEN, "last_seen": SEEN, "last_changed": SEEN}
    # 45 articles about a bridge: two pages and more of them, across three years.
    for n in range(45):
        year = 2019 + n % 3
        db["articles"].insert({
            "id": _id(n), "site": "jelgava" if n % 2 else "riga", "url": f"https://example.lv/tilts/{n}",
            "title": f"Tilta remonts {n}", "published": f"{year}-0{1 + n % 9}-1{n % 10}",
            "body": f"Ievads bez atslēgvārda {n}. " * 10 + f"Pār upi būvēja jaunu tiltu numur {n}.",
            "body_hash": f"t{n}", **common})
    # Stored text a feed cannot carry as it is.
    db["articles"].insert({"id": _id(60), "site": "riga", "url": "https://example.lv/vadiba",
                           "title": "Vadības\x0b zvans\x00", "published": "2024-02-02",
                           "body": "Zvanu\x1b tornis atjaunots.\x0c", "body_hash": "z", **common})
    # An article whose words are only in its attachment.
    db["articles"].insert({"id": _id(61), "site": "jelgavas-novads", "url": "https://example.lv/lemums",
                           "title": "Domes lēmums", "published": "2024-03-03",
                           "body": "Pielikumā lēmuma teksts.", "body_hash": "d", **common})
    db["attachments"].insert({"article_id": _id(61), "url": "https://example.lv/lemums.pdf",
                              "link_text": "Lēmums Nr. 7", "kind": "pdf", "size": 1000,
                              "text": "Saistošie noteikumi par suņu pastaigu laukumiem Elejas pagastā."})
    db.conn.close()
    return path


def test_every_result_page_has_snippets_and_a_pager(get):
    first = get("/meklet?q=tilts").text
    assert first.count('<p class="snippet">') == 20
    assert "<mark>tiltu</mark>" in first
    assert 'rel="next" href="/meklet?q=tilts&amp;page=2"' in first
    third = get("/meklet?q=tilts&page=3").text
    assert third.count('<p class="snippet">') == 5  # the 41st to 45th, snippets too
    assert 'rel="prev"' in third and 'rel="next"' not in third


def test_year_facet_counts_and_filters(get):
    page = get("/meklet?q=tilts").text
    assert "2019 (15)" in page and "2020 (15)" in page and "2021 (15)" in page
    filtered = get("/meklet?q=tilts&year=2020").text
    assert "<strong>2020 (15)</strong>" in filtered
    assert "15 stāsti" in filtered


@pytest.mark.parametrize("sort,first,last", [("jaunakie", "2021-", "2019-"), ("vecakie", "2019-", "2021-")])
def test_sort_by_date(db_path, sort, first, last):
    import sqlite3

    conn = sqlite3.connect(db_path)
    f = search_query.Filters("tilts", sort=search_page.SORT_PARAMS[sort])
    hits = search_query.run(conn, f, 1, 100).hits
    dates = [h.published for h in hits]
    assert dates[0].startswith(first) and dates[-1].startswith(last)
    assert dates == sorted(dates, reverse=sort == "jaunakie")


def test_relevance_ranks_an_article_hit_above_an_attachment_hit(db_path):
    import sqlite3

    conn = sqlite3.connect(db_path)
    hits = search_query.run(conn, search_query.Filters("Elejas pagasts"), 1, 100).hits
    assert hits[0].title == "Pašvaldība aicina uz iedzīvotāju sapulci Elejas pagastā"
    assert hits[-1].title == "Domes lēmums" and hits[-1].in_attachment


def test_date_range(db_path):
    import sqlite3

    conn = sqlite3.connect(db_path)
    hits = search_query.run(conn, search_query.Filters("tilts", date_from="2020-01-01", date_to="2020-12-31"), 1, 100).hits
    assert hits and all(h.published.startswith("2020") for h in hits)
    assert len(hits) == 15


@pytest.mark.parametrize("param,value", [
    ("site", "jelgava"), ("site", "Jelgava"), ("site", "JELGAVA"), ("site", "jelgavā"),
])
def test_site_by_id_or_name_any_case_and_diacritics(get, param, value):
    page = get(f"/meklet?q=tilts&{param}={value}").text
    assert "22 stāsti" in page  # the odd-numbered 22 of 45 are Jelgava's
    assert "Rīga" not in page.split('<ol class="novadi-results"', 1)[1]


@pytest.mark.parametrize("value", ["Zemgale", "zemgale", "ZEMGALES"])
def test_region_by_name(get, value):
    page = get(f"/meklet?q=tilts&region={value}").text
    assert "22 stāsti" in page


@pytest.mark.parametrize("typed", ["J%C4%93kabpils%20novads", "jekabpils", "JĒKABPILS NOVADĀ", "jekabpils-novads"])
def test_municipality_by_name_brings_its_legacy_sites(get, typed):
    page = get(f"/meklet?q=skoleni&municipality={typed}").text
    assert VIESITE in page


@pytest.mark.parametrize("typed", ["Ozolkalna novads", "nav-tadas"])
def test_unknown_place_is_a_clear_400(get, typed):
    response = get(f"/meklet?q=tilts&site={typed}")
    assert response.status_code == 400
    assert "nav atrasta" in response.text


def test_bad_date_is_a_400(get):
    assert get("/meklet?q=tilts&no=2020-13-40").status_code == 400


def test_copies_of_a_story_are_shown_once_with_links(get):
    page = get("/meklet?q=sempre").text
    items = page.split('<ol class="novadi-results"', 1)[1].split("</ol>")[0]
    assert items.count("<li>") == 1
    assert "arī 1 citā vietnē" in items or "citās vietnēs" in items


def test_attachment_text_is_searched_and_marked(get):
    page = get("/meklet?q=suni").text
    assert "Domes lēmums" in page
    assert "Atrasts pielikumā" in page and "Lēmums Nr. 7" in page
    assert "<mark>suņu</mark>" in page


def test_atom_feed_is_well_formed_even_with_control_characters(get):
    response = get("/meklet.atom?q=zvans")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert titles == ["Vadības zvans"]


def test_feed_is_newest_first(get):
    root = ET.fromstring(get("/meklet.atom?q=tilts").content)
    updated = [e.findtext(f"{ATOM}updated") for e in root.findall(f"{ATOM}entry")]
    assert len(updated) == 45 and updated == sorted(updated, reverse=True)


def test_csv_and_json_downloads(get):
    rows = list(csv.DictReader(io.StringIO(get("/meklet.csv?q=tilts&site=riga").text)))
    assert len(rows) == 23 and {r["site"] for r in rows} == {"riga"}
    assert rows[0]["archive_url"].endswith("/raksts/" + rows[0]["id"])
    data = get("/meklet.json?q=suni").json()
    assert data["rows"][0]["found_in"] == "attachment"
    assert data["rows"][0]["attachment_url"] == "https://example.lv/lemums.pdf"


def test_chart_of_results_over_time(get):
    assert '<svg class="novadi-chart"' in get("/meklet?q=tilts").text


def test_old_search_address_redirects(get):
    response = get("/novadi/search?q=tilts")
    assert response.status_code == 301 and response.headers["location"] == "/meklet?q=tilts"
    assert get("/novadi/search.json?q=tilts").status_code == 200  # the data API stays


FILTERS = [
    {"sites": ("jelgava",)},
    {"date_from": "2020-01-01", "date_to": "2020-12-31"},
    {"sites": ("riga", "jelgava"), "date_from": "2019-03-01"},
]


@pytest.mark.parametrize("cap", [search_query.CANDIDATES, 7])
@pytest.mark.parametrize("sort", search_query.SORTS)
@pytest.mark.parametrize("extra", FILTERS)
def test_big_and_small_places_are_searched_alike(db_path, monkeypatch, extra, sort, cap):
    # A big place's matches are checked one by one in the index order, a small place's
    # articles are gathered first: both must give the reader the same page and figures.
    import sqlite3

    conn = sqlite3.connect(db_path)
    assert conn.execute("select 1 from sqlite_master where name = ?", [search_query.FACTS_INDEX]).fetchone()
    monkeypatch.setattr(search_query, "CANDIDATES", cap)
    f = search_query.Filters("tilts", sort=sort, **extra)
    seen = {}
    for broad in (10 ** -6, 10 ** 9):
        monkeypatch.setattr(search_query, "BROAD", broad)
        result = search_query.run(conn, f, 1, 100)
        seen[broad] = ([h.id for h in result.hits], result.total, result.matches, result.capped,
                       result.years, result.months)
    small, big = seen.values()
    assert small == big
    assert small[0], "the filters find something"
    assert small[3] == (cap < 15)


def test_a_search_over_the_time_limit_is_a_quick_400_in_latvian(db_path, monkeypatch, loop):
    import time

    from archive.site.serve import make_datasette

    def slow(conn, filters, page, per_page):  # a search that would hold its thread for seconds
        conn.execute("with recursive c(x) as (select 1 union all select x + 1 from c where x < 300000000) "
                     "select count(*) from c").fetchone()

    monkeypatch.setattr(search_query, "run", slow)
    limited = make_datasette(db_path, settings={"sql_time_limit_ms": 50})
    for path in ("/meklet?q=tilts", "/meklet.atom?q=tilts", "/meklet.csv?q=tilts"):
        started = time.perf_counter()
        response = loop.run_until_complete(limited.client.get(path))
        assert time.perf_counter() - started < 2
        assert response.status_code == 400
        assert "pārāk ilgu laiku" in response.text


@pytest.mark.parametrize("broad", [10 ** -6, 10 ** 9])
def test_a_redacted_article_is_never_a_hit_of_a_filtered_search(db_path, tmp_path, monkeypatch, broad):
    import shutil
    import sqlite3

    copy = tmp_path / "novadi.db"
    shutil.copy(db_path, copy)
    conn = sqlite3.connect(copy)
    conn.execute("update articles set redacted = 1 where id = ?", [_id(1)])  # a Jelgava bridge story
    conn.commit()
    monkeypatch.setattr(search_query, "BROAD", broad)
    for extra in ({"sites": ("jelgava",)}, {"date_from": "2020-01-01"}, {}):
        result = search_query.run(conn, search_query.Filters("tilts", **extra), 1, 100)
        assert result.hits and _id(1) not in [h.id for h in result.hits]
        assert result.matches == len(result.hits)
