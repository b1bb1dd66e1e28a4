"""The reader pages (all articles, republished stories, EU projects, a site, a municipality,
a region), through Datasette's in-process client, on the demo archive."""
import html
import re
import xml.etree.ElementTree as ET

import pytest

from archive.site import listings, pages
from archive.site.demo_archive import article_id, build_demo
from tests.site_client import ds, get, loop  # noqa: F401
from tests.structured_body import set_body_html

ATOM = "{http://www.w3.org/2005/Atom}"
SEMPRE = article_id("https://www.zemgale.lv/projekts-sempre-socialie-pakalpojumi")
SEMPRE_COPY = article_id("https://www.jelgavasnovads.lv/lv/jaunums/projekts-sempre")
TALKA = article_id("https://www.augsdaugavasnovads.lv/novads/aktualitates/jaunumi/talka-naujene/")
VIESITE = article_id("https://viesite.lv/?p=4182")
LONG = "10000000000000aa"
NOWHERE = "10000000000000bb"
PHOTOS = "10000000000000cc"
SEEN = "2024-05-01T08:00:00+00:00"
LONG_BODY = "\n".join(
    f"Pašvaldības padomes sēdē {n}. jautājumā deputāti apsprieda ceļu uzturēšanas darbus pagastos "
    "un nolēma piešķirt papildu finansējumu grants ceļu greiderēšanai." for n in range(1, 30)
)
# The structured body as the extraction stores it, with what a hostile page could
# have smuggled into it: the site renders it through its own whitelist again.
BODY_HTML = (
    '<h2>Darba kārtība</h2><p>Sēdē <a href="https://www.riga.lv/lv/sedes">skatīt sēdes</a> un '
    '<a href="javascript:alert(1)">slikta saite</a>.</p>'
    '<ul><li>budžets</li><li>ceļi</li></ul>'
    '<table><thead><tr><th>Pagasts</th><th>EUR</th></tr></thead><tbody><tr><td>Eleja</td><td>12 000</td></tr></tbody></table>'
    '<figure><img src="https://www.riga.lv/images/sede.jpg" alt="Sēde" onerror="window.x=1">'
    '<figcaption>Domes sēde</figcaption></figure>'
    '<script>window.__pwned = 1</script><p style="position:fixed" onclick="x()">Beigas</p>'
)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("reader") / "novadi.db"
    db = build_demo(path)
    common = {"lang": "lv", "first_seen": SEEN, "last_seen": SEEN, "last_changed": SEEN}
    db["articles"].insert({"id": LONG, "site": "riga", "url": "https://www.riga.lv/lv/jaunums/sede",
                           "title": "Domes sēdē lemj par ceļiem", "published": "2024-05-01",
                           "body": LONG_BODY, "body_hash": "l", **common})
    # A site the registry gives no region: the home page must not link region=None.
    db["sites"].insert({"id": "nekurienes-novads", "name": "Nekurienes novads", "url": "https://nekur.example",
                        "kind": "municipality", "municipality": "nekurienes-novads"})
    db["articles"].insert({"id": NOWHERE, "site": "nekurienes-novads", "url": "https://nekur.example/zinas/1",
                           "title": "Ziņa bez reģiona", "published": "2024-01-10", "body": "Teksts.",
                           "body_hash": "n", **common})
    # a post of pictures alone: no text, its structured body its figures
    db["articles"].insert({"id": PHOTOS, "site": "riga", "url": "https://www.riga.lv/lv/jaunums/ligo-foto",
                           "title": "Fotomirkļi no Līgo svētkiem", "published": "2024-06-24", "body": "",
                           "body_hash": "p", **common})
    set_body_html(db, LONG, BODY_HTML)
    set_body_html(db, PHOTOS, "".join(f'<figure><img src="https://www.riga.lv/foto/{n}.jpg" alt=""></figure>'
                                      for n in (1, 2)))
    db.conn.close()
    return path


def visible_text(page: str) -> str:
    """What a reader sees: the body's text without tags, scripts or styles."""
    body = page.split("<body", 1)[1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


READER_PAGES = [
    "/raksti", "/raksti?region=zemgale", "/parpublicetie", "/es-projekti", "/vietne/viesite",
    "/pasvaldiba/jekabpils-novads", "/regions/zemgale", f"/raksts/{SEMPRE}", f"/raksts/{TALKA}", "/",
]


@pytest.mark.parametrize("path", READER_PAGES)
def test_reader_pages_show_no_sql_columns_ids_or_iso_times(get, path):
    response = get(path)
    assert response.status_code == 200
    text = visible_text(response.text)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), path  # dates are 08.02.2022.
    for jargon in ("cluster_id", "earliest_published", "site_name", "budget_eur", "select ", "_v1", "c-sempre-2021"):
        assert jargon not in text, (path, jargon)
    assert SEMPRE not in text and "None" not in text


def test_browse_lists_title_site_date_and_excerpt_never_a_whole_body(get):
    page = get("/raksti").text
    assert page.count('<li>\n        <a class="title"') == 11  # the demo's 8 and the three planted here
    assert "Domes sēdē lemj par ceļiem" in page
    assert LONG_BODY[:80] in page and LONG_BODY[:1000] not in page
    excerpt = re.search(r'Domes sēdē lemj par ceļiem</a>.*?<span class="excerpt">(.*?)</span>', page, re.S).group(1)
    assert excerpt.endswith("…") and len(excerpt) <= 221
    assert '<a href="/vietne/riga">Rīga</a>' in page
    assert "01.05.2024." in page


@pytest.mark.parametrize("query, titles", [
    ("region=zemgale&year=2021", {"Projekts SEMPRE: sociālo pakalpojumu attīstība Zemgalē",
                                  "Projekts SEMPRE: sociālo pakalpojumu attīstība"}),
    ("municipality=jekabpils-novads", {"Viesītē noslēdzies skolēnu vasaras nodarbinātības projekts"}),
    ("municipality=Jekabpils-Novads", {"Viesītē noslēdzies skolēnu vasaras nodarbinātības projekts"}),
    ("site=jelgava", {"Jelgavā pēc pārbūves atklāta Jelgavas 4. sākumskola"}),
    ("region=Latgale&year=2024", {"Naujenes pagastā notika pavasara talka"}),
])
def test_browse_filters(get, query, titles):
    page = get(f"/raksti?{query}").text
    found = set(re.findall(r'<a class="title" href="/raksts/[0-9a-f]{16}">(.*?)</a>', page))
    assert found == titles
    count = re.search(r'class="novadi-result-count">\s*(\d+) raksti?', page).group(1)
    assert int(count) == len(titles)


def test_browse_pager_and_oldest_first(get, monkeypatch):
    monkeypatch.setattr(listings, "PER_PAGE", 4)
    first = get("/raksti?sort=vecakie").text
    assert "Viesītē noslēdzies" in first.split('class="novadi-list')[1].split("</li>")[0]
    assert 'href="/raksti?sort=vecakie&amp;page=2"' in first
    assert "1. lapa no 3" in first
    last = get("/raksti?sort=vecakie&page=3").text
    assert 'rel="prev" href="/raksti?sort=vecakie&amp;page=2"' in last and 'rel="next"' not in last


@pytest.mark.parametrize("path", ["/raksti?site=nav", "/raksti?municipality=nav", "/raksti?region=nav",
                                  "/vietne/nav", "/pasvaldiba/nav", "/regions/nav"])
def test_unknown_place_is_a_latvian_404(get, path):
    response = get(path)
    assert response.status_code == 404
    assert "nav atrast" in response.text


def test_republished_story_shows_first_site_and_every_copy_with_its_date(get):
    page = get("/parpublicetie").text
    story = page.split('<section class="novadi-story">')[1].split("</section>")[0]
    assert f'href="/raksts/{SEMPRE}">Projekts SEMPRE: sociālo pakalpojumu attīstība Zemgalē' in story
    assert 'Pirmā publicēja <a href="/vietne/zemgales-planosanas-regions">Zemgales plānošanas reģions</a>' in story
    copies = re.findall(r'<li><a href="/raksts/([0-9a-f]{16})">(.*?)</a>\s*<time datetime="[^"]+">(.*?)</time>', story)
    assert copies == [(SEMPRE, "Zemgales plānošanas reģions", "18.11.2021."),
                      (SEMPRE_COPY, "Jelgavas novads", "19.11.2021.")]


def test_eu_projects_page_formats_programme_budget_share_and_period(get):
    page = get("/es-projekti").text
    project = page.split('<section class="novadi-project">')[1].split("</section>")[0]
    assert "SEMPRE: Sociālo pakalpojumu attīstība" in project
    assert "<dd>Interreg Latvija–Lietuva</dd>" in project
    assert "<dd>812\u00a0000\u00a0€</dd>" in project
    assert "690\u00a0200\u00a0€ (85% no budžeta)" in project
    assert "01.01.2021. – 31.12.2022." in project
    assert f'href="/raksts/{SEMPRE}"' in project
    assert f'href="/raksts/{SEMPRE_COPY}"' in project  # its copy on another site
    assert "SEMPRE" in get("/es-projekti?projekts=sempre").text
    assert "Nekas netika atrasts" in get("/es-projekti?projekts=nav-tada-projekta").text


@pytest.mark.parametrize("row, budget, erdf, share", [
    ({"budget_eur": 1204300.0, "erdf_eur": 1023655.0}, 1204300.0, 1023655.0, 85),  # REAL euros
    ({"budget_eur": 1204300, "erdf_eur": None}, 1204300, None, None),  # INTEGER euros
    ({"budget_cents": 120430050, "erdf_cents": 60215025}, 1204300.5, 602150.25, 50),  # INTEGER cents
    ({"budget_eur": 100, "erdf_eur": 500}, 100, 500, None),  # a share above 100% is not shown
])
def test_eu_amounts_in_any_storage(row, budget, erdf, share):
    facts = pages.eu_facts(row)
    assert (facts["budget"], facts["erdf"], facts["erdf_share"]) == (budget, erdf, share)


def test_municipality_page_with_legacy_sites_chart_years_and_feed(get):
    page = get("/pasvaldiba/jekabpils-novads").text
    assert "<h1>Jēkabpils novads" in page
    legacy = page.split('<section class="novadi-legacy">')[1].split("</section>")[0]
    assert '<a href="/vietne/viesite">Viesītes novads (arhīvs)</a>' in legacy
    assert "(līdz 2021)" in legacy
    assert "Viesītē noslēdzies skolēnu vasaras nodarbinātības projekts" in page
    assert '<svg class="novadi-chart"' in page and 'role="img"' in page
    assert re.search(r'<a href="/raksti\?municipality=jekabpils-novads&amp;year=2019">2019</a></td><td class="num">1</td>', page)
    assert 'href="/novadi/municipality_feed.atom?municipality=jekabpils-novads"' in page
    assert get("/pasvaldiba/Jekabpils-Novads").headers["location"] == "/pasvaldiba/jekabpils-novads"
    assert get("/pasvaldiba/viesite").headers["location"] == "/vietne/viesite"


def test_site_page_links_its_municipality(get):
    page = get("/vietne/viesite").text
    assert '<a href="/pasvaldiba/jekabpils-novads">Jēkabpils novads</a>' in page
    assert "bijušās pašvaldības vietne, publicēja līdz 2021. gadam" in page
    assert 'href="/novadi/site_feed.atom?site=viesite"' in page
    assert 'href="https://viesite.lv" rel="nofollow noopener noreferrer"' in page


def test_region_page_lists_municipalities_with_their_legacy_sites(get):
    page = get("/regions/zemgale").text
    table = page.split('<section class="novadi-municipalities">')[1].split("</section>")[0]
    assert 'Plānošanas reģions: <a href="/vietne/zemgales-planosanas-regions">Zemgales plānošanas reģions</a> (1)' in table
    rows = re.findall(r'<td><a href="/pasvaldiba/([a-z-]+)">[^<]+</a></td>\s*<td class="num">(\d+)</td>', table)
    assert rows == [("jelgavas-novads", "2"), ("jelgava", "1"), ("jekabpils-novads", "1")]
    assert '<a href="/vietne/viesite">Viesītes novads (arhīvs)</a>' in table
    assert "2019</text>" in page and "2023</text>" in page  # the chart's years
    assert get("/regions/Zemgale").status_code == 301


@pytest.mark.parametrize("path, title, entries", [
    ("/novadi/municipality_feed.atom?municipality=jekabpils-novads", "Novadi: Jēkabpils novads", 1),
    ("/novadi/region_feed.atom?region=zemgale", "Novadi: Zemgale", 5),
    ("/novadi/site_feed.atom?site=riga", "Novadi: Rīga", 4),  # with the post of pictures alone
])
def test_place_feeds(get, path, title, entries):
    response = get(path)
    root = ET.fromstring(response.content)
    assert root.find(ATOM + "title").text == title
    assert len(root.findall(ATOM + "entry")) == entries


@pytest.mark.parametrize("path", ["/novadi/site_feed.atom?site=nav", "/novadi/municipality_feed.atom?municipality=viesite",
                                  "/novadi/region_feed.atom?region=nav", "/novadi/site_feed.atom"])
def test_feed_for_an_unknown_place_is_404_not_an_empty_feed(get, path):
    response = get(path)
    assert response.status_code == 404
    assert "<feed" not in response.text and "Šādas vietas arhīvā nav" in response.text


def test_feed_summary_ends_on_a_whole_word_with_an_ellipsis(get):
    root = ET.fromstring(get("/novadi/site_feed.atom?site=riga").content)
    content = next(e.find(ATOM + "content").text for e in root.findall(ATOM + "entry")
                   if e.find(ATOM + "title").text == "Domes sēdē lemj par ceļiem")
    assert content.endswith("…") and len(content) <= 1000
    last_word = content[:-1].split()[-1]
    assert last_word in LONG_BODY.split()  # a whole word, not half of one
    assert content.startswith(LONG_BODY.split("\n")[0] + "\n")  # paragraphs kept


def test_home_page_links_places_and_never_region_none(get):
    page = get("/").text
    assert "region=None" not in page and "regions/None" not in page
    assert '<a href="/regions/zemgale">Zemgale</a>' in page
    assert '<a href="/pasvaldiba/jelgavas-novads">Jelgavas novads</a>' in page
    assert '<a href="/vietne/zemgales-planosanas-regions">Zemgales plānošanas reģions</a>' in page
    for link in ('href="/raksti"', 'href="/parpublicetie"', 'href="/es-projekti"', 'href="/novadi">Dati un API'):
        assert link in page


def test_article_page_renders_the_structured_body_sanitized(get):
    page = get(f"/raksts/{LONG}").text
    body = page.split('<div class="novadi-body">')[1].split("</div>\n")[0]
    assert "<h2>Darba kārtība</h2>" in body
    assert '<a href="https://www.riga.lv/lv/sedes" rel="nofollow noopener noreferrer">skatīt sēdes</a>' in body
    assert "slikta saite" in body and "javascript:" not in body
    assert "<ul><li>budžets</li><li>ceļi</li></ul>" in body
    assert '<div class="novadi-table-wrap"><table><thead><tr><th>Pagasts</th>' in body
    assert ('<img src="/arhivs/resurss?url=https%3A%2F%2Fwww.riga.lv%2Fimages%2Fsede.jpg&amp;t=20240501080000" '
            'alt="Sēde" loading="lazy">') in body
    assert "<figcaption>Domes sēde</figcaption>" in body
    for bad in ("<script", "__pwned", "onerror", "onclick", "style=", "www.riga.lv/images/sede.jpg\""):
        assert bad not in body
    assert "<p>Beigas</p>" in body
    # without a structured body the plain paragraphs are shown
    talka = get(f"/raksts/{TALKA}").text
    assert "<p>Sestdien Naujenes pagastā uz pavasara talku" in talka


def test_a_post_of_pictures_alone_shows_its_pictures_and_is_listed(get):
    page = get(f"/raksts/{PHOTOS}")
    assert page.status_code == 200
    body = page.text.split('<div class="novadi-body">')[1].split("</div>\n")[0]
    assert body.count('<img src="/arhivs/resurss?url=https%3A%2F%2Fwww.riga.lv%2Ffoto%2F') == 2
    assert "Rakstam nav teksta" not in body
    listing = get("/raksti?region=riga")
    assert listing.status_code == 200 and "Fotomirkļi no Līgo svētkiem" in listing.text


def test_attachment_size_in_latvian(get):
    page = get(f"/raksts/{TALKA}").text
    assert "pdf, 180 KB" in page and "bytes" not in page


@pytest.mark.parametrize("path, status, latvian", [
    ("/nav-tadas-datubazes", 404, "Datubāze nav atrasta"),
    ("/novadi/nav_tadas_tabulas", 404, "Tabula nav atrasta"),
    ("/novadi/articles_v1/nav", 404, "Ieraksts nav atrasts"),
    ("/raksts/0000000000000000", 404, "Raksts nav atrasts"),
    ("/novadi/pages", 403, "Šī tabula nav publiska"),
    ("/novadi?sql=select+1", 403, "Patvaļīgi SQL vaicājumi"),
])
def test_errors_in_latvian(get, path, status, latvian):
    response = get(path)
    assert response.status_code == status
    assert "<title>Forbidden" not in response.text
    error = re.search(r'<p class="novadi-error">(.*?)</p>', response.text, re.S).group(1)
    assert error.startswith(latvian)


def test_a_query_past_the_time_limit_is_a_latvian_400(get, monkeypatch):
    from datasette.database import QueryInterrupted

    async def slow(db, sql, params=None):
        raise QueryInterrupted(None, sql, params)

    monkeypatch.setattr(pages, "rows", slow)
    response = get("/raksti?page=3")
    assert response.status_code == 400
    assert "Pieprasījums prasīja pārāk ilgu laiku" in response.text
