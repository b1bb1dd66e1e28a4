"""The public site, through Datasette's in-process client."""
import base64
import hashlib
import re
import sqlite3
import xml.etree.ElementTree as ET

import pytest

from archive.site.serve import make_datasette
from tests.site_client import ds, get, loop  # noqa: F401
from archive.site.security import PUBLIC_VIEW
from archive.site.demo_archive import article_id, build_demo

ATOM = "{http://www.w3.org/2005/Atom}"
SEMPRE = article_id("https://www.zemgale.lv/projekts-sempre-socialie-pakalpojumi")
SEMPRE_COPY = article_id("https://www.jelgavasnovads.lv/lv/jaunums/projekts-sempre")
TALKA = article_id("https://www.augsdaugavasnovads.lv/novads/aktualitates/jaunumi/talka-naujene/")
VIESITE = article_id("https://viesite.lv/?p=4182")
REDACTED = "dead00000000beef"
HOSTILE = "bad0000000000666"
HOSTILE_BODY = (
    "Sestdien Skrudalienā notika talka.\n"
    "<script>window.__pwned = true; document.title = 'pwned'</script>\n"
    '<img src="x" onerror="window.__pwned = true">'
)


def plant(db):
    """A redacted article and one whose crawled text tries to run a script."""
    common = {
        "lang": "lv", "first_seen": "2024-05-01T08:00:00+00:00", "last_seen": "2024-05-01T08:00:00+00:00",
        "last_changed": "2024-05-01T08:00:00+00:00",
    }
    db["articles"].insert(
        {"id": REDACTED, "site": "riga", "url": "https://www.riga.lv/lv/jaunums/nepubliskais",
         "title": "Noņemtais raksts par pašvaldības darbinieku", "published": "2024-05-01",
         "body": "Slepenvārds konfidenciāls pašvaldība.", "body_hash": "r", "redacted": 1, **common},
        replace=True,
    )
    db["articles"].insert(
        {"id": HOSTILE, "site": "augsdaugavas-novads",
         "url": "javascript:alert(1)",
         "title": "Talka Skrudalienā <img src=x onerror=alert(1)>", "published": "2024-04-28",
         "author": "<b>Autors</b>", "body": HOSTILE_BODY, "body_hash": "h", **common},
        replace=True,
    )
    db.execute("update articles set warc_file = 'novadi-2024.warc.gz', warc_offset = 0, warc_length = 10 "
               "where id = ?", [TALKA])


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("site") / "novadi.db"
    db = build_demo(path)
    plant(db)
    db.conn.close()
    return path


def feed(response):
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == ATOM + "feed"
    for tag in ("id", "title", "updated"):
        assert root.find(ATOM + tag) is not None and root.find(ATOM + tag).text
    return root


# --- pages ---------------------------------------------------------------------------


def test_home_page_shows_counts_search_box_and_latest(get):
    response = get("/")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="lv">' in html
    assert 'action="/meklet"' in html
    assert "Pa reģioniem" in html and "Zemgale" in html and "Latgale" in html
    assert "Zemgales plānošanas reģions" in html
    # 9 visible articles: the demo's 8 and the hostile one; the redacted one is not counted
    assert "<strong>9</strong> raksti" in html
    assert "30.08.2019." in html  # earliest date
    assert "Naujenes pagastā notika pavasara talka" in html
    assert "Noņemtais raksts" not in html


def test_article_page_shows_text_facts_and_links(get):
    response = get(f"/raksts/{SEMPRE}")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Projekts SEMPRE: sociālo pakalpojumu attīstība Zemgalē</h1>" in html
    assert "<p>Projekta kopējais budžets ir 812 000 EUR, no tā ERAF finansējums 690 200 EUR.</p>" in html
    assert '<time datetime="2021-11-18">18.11.2021.</time>' in html
    assert 'href="https://www.zemgale.lv/projekts-sempre-socialie-pakalpojumi"' in html
    assert "Zemgales plānošanas reģions" in html and ">Zemgale</a>" in html
    # its copy on another site
    assert f'href="/raksts/{SEMPRE_COPY}"' in html
    # EU project facts
    assert "Interreg Latvija–Lietuva" in html and "812\u00a0000" in html
    # no archived copy recorded
    assert "/arhivs/" not in html


def test_article_page_shows_municipality_author_and_credit(get):
    html = get(f"/raksts/{VIESITE}").text
    assert "Jēkabpils novads" in html  # current municipality of a legacy site
    riga = get("/raksts/" + article_id("https://www.riga.lv/lv/jaunums/riga-turpina-deinstitucionalizaciju")).text
    assert "Anna Bērziņa, Rīgas domes Komunikācijas pārvalde" in riga
    assert "Informāciju sagatavoja: Rīgas domes Komunikācijas pārvalde" in riga


def test_article_page_lists_revisions_attachments_and_archived_copy(get):
    html = get(f"/raksts/{TALKA}").text
    assert "Versijas" in html and "Naujenē notika talka" in html
    assert 'href="https://www.augsdaugavasnovads.lv/files/talka-2024-karte.pdf"' in html
    assert "Talkas vietu karte" in html
    assert f'href="/arhivs/{TALKA}"' in html


def test_article_page_reads_its_rows_in_one_visit_to_a_sql_thread(ds, get, monkeypatch):
    # Under load every visit queues behind other visitors' queries in Datasette's few SQL
    # threads: the page must not queue once per query.
    from datasette.database import Database
    visits = []
    original_fn, original_execute = Database.execute_fn, Database.execute

    async def execute_fn(self, fn):
        visits.append("fn")
        return await original_fn(self, fn)

    async def execute(self, *args, **kwargs):
        visits.append("execute")
        return await original_execute(self, *args, **kwargs)

    monkeypatch.setattr(Database, "execute_fn", execute_fn)
    monkeypatch.setattr(Database, "execute", execute)
    get(f"/raksts/{TALKA}")          # templates and permissions warm
    visits.clear()
    response = get(f"/raksts/{TALKA}")
    assert response.status_code == 200 and "Naujenē notika talka" in response.text
    assert visits.count("fn") == 1, visits


def test_unknown_and_redacted_articles_are_404(get):
    assert get("/raksts/0123456789abcdef").status_code == 404
    assert get(f"/raksts/{REDACTED}").status_code == 404
    assert get("/raksts/not-an-id").status_code == 404


def test_redacted_article_is_nowhere(get):
    for path in [
        "/novadi/articles_v1.json?_shape=array",
        "/novadi/search.json?_shape=array&q=konfidencials",
        "/novadi/articles_v1.json?_shape=array&_search=konfidencials",
        "/novadi/latest_feed.atom",
        "/novadi/site_feed.atom?site=riga",
        "/novadi/revisions_v1.json?_shape=array",
    ]:
        response = get(path)
        assert response.status_code == 200, (path, response.text[:3000])
        assert REDACTED not in response.text and "Noņemtais" not in response.text, path


# --- search -------------------------------------------------------------------------


def test_search_page_finds_words_typed_without_diacritics(get):
    response = get("/meklet?q=pasvaldiba")
    assert response.status_code == 200
    html = response.text
    assert "Pašvaldība aicina uz iedzīvotāju sapulci Elejas pagastā" in html
    assert "<mark>pašvaldība</mark>" in html.lower()
    assert 'href="/meklet.atom?q=pasvaldiba' in html


def test_search_json_ranks_title_matches_first(get):
    rows = get("/novadi/search.json?_shape=array&q=jelgava").json()
    assert rows[0]["title"] == "Jelgavā pēc pārbūves atklāta Jelgavas 4. sākumskola"
    assert len(rows) == 4


def test_table_search_box_stems_and_folds(get):
    rows = get("/novadi/articles_v1.json?_shape=array&_col=title&_search=deinstitucionalizacija").json()
    assert [row["title"] for row in rows] == ["Rīga turpina deinstitucionalizāciju: atvērti divi jauni grupu dzīvokļi"]


@pytest.mark.parametrize("q", ['"', "NEAR(", "*", "a OR", "-", "title:x", "((", "%"])
def test_search_with_fts_syntax_is_not_an_error(get, q):
    from urllib.parse import quote

    assert get("/novadi/search.json?q=" + quote(q)).status_code == 200
    assert get("/novadi/articles_v1.json?_search=" + quote(q)).status_code == 200
    assert get("/novadi/search_feed.atom?q=" + quote(q)).status_code == 200


# --- browsing -----------------------------------------------------------------------


def test_articles_table_has_facets(get):
    data = get("/novadi/articles_v1.json?_size=0").json()
    assert set(data["facet_results"]) >= {"region", "site", "kind", "year", "lang", "municipality"}


def test_canned_queries(get):
    rows = get("/novadi/municipality_latest.json?_shape=array&municipality=jekabpils-novads").json()
    assert [row["id"] for row in rows] == [VIESITE]
    rows = get("/novadi/municipality_latest.json?_shape=array&municipality=Jelgavas novads").json()
    assert {row["site_name"] for row in rows} == {"Jelgavas novads"}
    rows = get("/novadi/eu_project.json?_shape=array&project=SEMPRE").json()
    assert [row["id"] for row in rows] == [SEMPRE]
    rows = get("/novadi/republished.json?_shape=array").json()
    assert rows[0]["cluster_id"] == "c-sempre-2021" and rows[0]["id"] == SEMPRE
    assert rows[0]["site_names"] == "Jelgavas novads, Zemgales plānošanas reģions"


# --- feeds --------------------------------------------------------------------------


def test_site_feed_is_valid_atom(get):
    root = feed(get("/novadi/site_feed.atom?site=riga"))
    assert root.find(ATOM + "title").text == "Novadi: Rīga"
    entries = root.findall(ATOM + "entry")
    assert len(entries) == 2
    first = entries[0]
    assert first.find(ATOM + "id").text.startswith("urn:novadi:article:")
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", first.find(ATOM + "updated").text)
    assert first.find(ATOM + "link").get("href").startswith("http://localhost/raksts/")
    assert first.find(ATOM + "content").get("type") == "text"


def test_search_feed_is_valid_atom(get):
    root = feed(get("/novadi/search_feed.atom?q=jelgava"))
    titles = [entry.find(ATOM + "title").text for entry in root.findall(ATOM + "entry")]
    assert "Jelgavā pēc pārbūves atklāta Jelgavas 4. sākumskola" in titles
    assert root.find(ATOM + "title").text == "Novadi: meklēšana “jelgava”"


def test_feed_with_no_entries_is_still_valid_atom(get):
    root = feed(get("/novadi/search_feed.atom?q=nekasnetiksatrasts"))
    assert root.findall(ATOM + "entry") == []
    # a site that is archived but has published nothing yet
    assert feed(get("/novadi/site_feed.atom?site=jekabpils-novads")).findall(ATOM + "entry") == []


def test_feed_escapes_crawled_text(get):
    response = get("/novadi/site_feed.atom?site=augsdaugavas-novads")
    root = feed(response)
    contents = [entry.find(ATOM + "content").text for entry in root.findall(ATOM + "entry")]
    assert HOSTILE_BODY[:60] in "".join(contents)  # the text survives, as text
    assert b"<script>" not in response.content


def test_feed_links_use_the_public_url(db_path, get):
    public = make_datasette(db_path, public_url="https://novadi.example.lv/")
    root = feed(get("/novadi/latest_feed.atom", public))
    assert root.find(ATOM + "entry").find(ATOM + "link").get("href").startswith("https://novadi.example.lv/raksts/")


# --- safety -------------------------------------------------------------------------


def inline_script_hashes(html):
    for script in re.findall(r"<script(?: [^>]*)?>(.*?)</script>", html, re.S):
        if script:
            yield "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


@pytest.mark.parametrize(
    "path",
    ["/", f"/raksts/{SEMPRE}", "/novadi", "/novadi/articles_v1", "/novadi/search?q=skola",
     "/novadi/sites_v1", "/novadi/republished", "/raksts/0123456789abcdef"],
)
def test_security_headers_and_every_inline_script_allowed_by_hash(get, path):
    response = get(path)
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    script_src = next(part for part in csp.split("; ") if part.startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert response.headers["x-content-type-options"] == "nosniff"
    for digest in inline_script_hashes(response.text):
        assert digest in script_src, path


def test_crawled_html_is_escaped_everywhere(get):
    article = get(f"/raksts/{HOSTILE}").text
    assert "&lt;script&gt;window.__pwned = true;" in article
    assert "<script>window.__pwned" not in article
    assert "<img src=x onerror" not in article and "&lt;img src=x onerror=alert(1)&gt;" in article
    assert "<b>Autors</b>" not in article and "&lt;b&gt;Autors&lt;/b&gt;" in article
    assert 'href="javascript:' not in article  # a crawled non-http URL is not a link
    for path in ["/novadi/search?q=skrudaliena", "/novadi/articles_v1?site=augsdaugavas-novads",
                 "/novadi/search?q=talka"]:
        html = get(path).text
        assert "<script>window.__pwned" not in html, path
        assert "<img src=x onerror" not in html and '<img src="x"' not in html, path


def test_arbitrary_sql_is_denied(get):
    assert get("/novadi?sql=select+1").status_code == 403
    assert get("/novadi.json?sql=select+1").status_code == 403
    assert get("/novadi/articles_v1?_where=1").status_code == 403
    assert '<textarea id="sql-editor"' not in get("/novadi").text


def test_internal_tables_are_denied_and_hidden(db_path, get):
    conn = sqlite3.connect(db_path)
    names = [row[0] for row in conn.execute("select name from sqlite_master where type in ('table', 'view')")]
    conn.close()
    public = {name for name in names if PUBLIC_VIEW.match(name)}
    assert {"articles_v1", "sites_v1", "clusters_v1", "revisions_v1", "attachments_v1"} <= public
    for table in sorted(set(names) - public):
        assert get(f"/novadi/{table}").status_code == 403, table
        assert get(f"/novadi/{table}.json").status_code == 403, table
    listing = get("/novadi.json").json()
    listed = {t["name"] for t in listing["tables"]} | {v["name"] for v in listing["views"]}
    assert listed == public


def test_database_file_and_server_details_are_not_served(get):
    assert get("/novadi.db").status_code == 403
    assert get("/-/databases.json").status_code == 404
    assert get("/_memory").status_code == 404


def test_users_cannot_point_search_at_another_table(get):
    response = get("/novadi/articles_v1.json?_fts_table=pages&_search=jelgava&_shape=array")
    assert response.status_code == 200
    assert len(response.json()) == 4


def test_robots_txt_keeps_crawlers_off_expensive_pages(get):
    text = get("/robots.txt").text
    for line in ["Allow: /raksts/", "Disallow: /novadi/search", "Disallow: /*.json", "Disallow: /*.csv",
                 "Disallow: /*?", "Disallow: /novadi/articles_v1"]:
        assert line in text


def test_allow_sql_is_for_local_use_and_still_never_reads_redactions(db_path, get):
    local = make_datasette(db_path, allow_sql=True)
    assert get("/novadi.json?sql=select+count(*)+from+articles&_shape=array", local).json() == [{"count(*)": 10}]
    assert get("/novadi.json?sql=select+*+from+redactions", local).status_code == 400
    assert get("/novadi.json?sql=select+count(*)+from+pages", local).status_code == 400
    assert get("/novadi.json?sql=select+*+from+redacted_values", local).status_code == 400
    assert get("/novadi/redactions", local).status_code == 403


def test_served_read_only(db_path, ds, loop):
    db = ds.databases["novadi"]
    before = db_path.stat().st_mtime_ns
    with pytest.raises(Exception):
        loop.run_until_complete(db.execute_write("delete from articles"))
    with pytest.raises(Exception):
        loop.run_until_complete(db.execute("delete from articles"))
    assert loop.run_until_complete(db.execute("select count(*) from articles")).rows[0][0] == 10
    assert db_path.stat().st_mtime_ns == before


def test_immutable_mode_for_a_published_dump(db_path, get):
    dump = make_datasette(db_path, immutable=True)
    assert not dump.databases["novadi"].is_mutable
    assert get("/novadi/search.json?q=talka&_shape=array", dump).status_code == 200


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no archive database"):
        make_datasette(tmp_path / "nav.db")
