"""The public site in a real browser (Chromium) against a real server on loopback.

Set NOVADI_SCREENSHOTS=docs/screenshots to refresh the screenshots the docs show.
"""
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from archive.site.demo_archive import article_id, build_demo
from tests.site_server import served
from tests.structured_body import set_body_html

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

HOSTILE = "bad0000000000666"
WIDE = "0123456789abcdef"
# What could widen a phone's page: a word longer than the screen, a link with no
# break in it, a wide table and a large image in the structured body.
LONG_WORD = "Pašvaldībaskapitālsabiedrībuuzraudzībasdepartamentainformācija" * 2
WIDE_BODY = (
    "<p>" + LONG_WORD + " https://www.jelgava.lv/" + "ļoti-gara-adrese-" * 12 + "</p>"
    "<table><tr>" + "".join(f"<th>Pagasts {n}</th>" for n in range(12)) + "</tr><tr>"
    + "".join(f"<td>{n * 1000} EUR</td>" for n in range(12)) + "</tr></table>"
    '<figure><img src="https://www.jelgava.lv/liels.jpg" alt="Liels attēls"><figcaption>Attēls</figcaption></figure>'
)
TALKA = article_id("https://www.augsdaugavasnovads.lv/novads/aktualitates/jaunumi/talka-naujene/")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser") / "novadi.db"
    db = build_demo(path)
    # Crawled text that tries to run a script, in the body and in the title.
    db["articles"].insert({
        "id": HOSTILE, "site": "augsdaugavas-novads",
        "url": "https://www.augsdaugavasnovads.lv/novads/aktualitates/jaunumi/talka-skrudaliena/",
        "title": "Talka Skrudalienā <img src=x onerror=\"window.__pwned = 'img'\">",
        "published": "2024-04-28", "lang": "lv", "body_hash": "h",
        "body": "Sestdien Skrudalienā notika talka.\n"
                "<script>window.__pwned = 'script'; document.title = 'pwned'</script>\n"
                "Paldies visiem talciniekiem!",
        "first_seen": "2024-05-01T08:00:00+00:00", "last_seen": "2024-05-01T08:00:00+00:00",
        "last_changed": "2024-05-01T08:00:00+00:00",
    })
    db["articles"].insert({
        "id": WIDE, "site": "jelgava", "url": "https://www.jelgava.lv/jaunumi/plats",
        "title": "Budžets " + LONG_WORD, "published": "2024-03-01", "lang": "lv", "body_hash": "w",
        "body": LONG_WORD, "first_seen": "2024-05-01T08:00:00+00:00", "last_seen": "2024-05-01T08:00:00+00:00",
        "last_changed": "2024-05-01T08:00:00+00:00",
    })
    set_body_html(db, WIDE, WIDE_BODY)
    db.conn.close()
    # The server's log goes to a file: a pipe nobody reads fills up and then blocks the server.
    with path.with_suffix(".log").open("wb") as log, served(path, log=log) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="lv-LV")
    page = context.new_page()
    page.csp_errors = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and page.csp_errors.append(msg.text))
    yield page
    context.close()


def screenshot(page, name):
    folder = os.environ.get("NOVADI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_search_typed_without_diacritics_then_open_an_article(server, page):
    page.goto(server + "/")
    assert page.locator("h1").inner_text().startswith("Novadi")
    assert page.locator(".novadi-summary").is_visible()
    screenshot(page, "home")

    page.fill("#home-q", "pasvaldiba")
    page.click("form.novadi-search-big button")
    page.wait_for_url("**/meklet?q=pasvaldiba*")
    results = page.locator("ol.novadi-results > li")
    assert results.count() >= 3
    titles = results.locator("h2").all_inner_texts()
    assert "Pašvaldība aicina uz iedzīvotāju sapulci Elejas pagastā" in titles
    marks = [m.lower() for m in page.locator("ol.novadi-results mark").all_inner_texts()]
    assert {"pašvaldība", "pašvaldības"} <= set(marks)
    screenshot(page, "search")

    page.click("text=Pašvaldība aicina uz iedzīvotāju sapulci Elejas pagastā")
    page.wait_for_url("**/raksts/*")
    assert page.locator("h1").inner_text() == "Pašvaldība aicina uz iedzīvotāju sapulci Elejas pagastā"
    paragraphs = page.locator(".novadi-body p").all_inner_texts()
    assert paragraphs[0].startswith("Jelgavas novada pašvaldība aicina Elejas pagasta iedzīvotājus")
    assert len(paragraphs) == 3
    original = page.locator("a.novadi-original")
    assert original.get_attribute("href") == "https://www.jelgavasnovads.lv/lv/jaunums/iedzivotaju-sapulce-elejas-pagasta"
    assert page.locator(".novadi-credit").inner_text().startswith("Informāciju sagatavoja")
    assert page.locator("dl.novadi-facts").inner_text().count("Zemgale") == 1
    assert page.csp_errors == []


def test_article_with_revisions_attachments_and_copies(server, page):
    page.goto(f"{server}/raksts/{TALKA}")
    assert page.locator(".novadi-revisions details").count() == 2
    assert page.locator(".novadi-attachments a").get_attribute("href").endswith("talka-2024-karte.pdf")
    screenshot(page, "article")
    sempre = article_id("https://www.zemgale.lv/projekts-sempre-socialie-pakalpojumi")
    page.goto(f"{server}/raksts/{sempre}")
    assert page.locator(".novadi-copies li").count() == 1
    page.click(".novadi-copies a")
    assert page.locator("h1").inner_text() == "Projekts SEMPRE: sociālo pakalpojumu attīstība"


def test_feed_loads_as_atom(server, page):
    response = page.request.get(server + "/novadi/site_feed.atom?site=jelgavas-novads")
    assert response.ok
    root = ET.fromstring(response.body())
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.tag == atom + "feed"
    assert root.find(atom + "title").text == "Novadi: Jelgavas novads"
    links = [entry.find(atom + "link").get("href") for entry in root.findall(atom + "entry")]
    assert len(links) == 2 and all(link.startswith(server + "/raksts/") for link in links)
    page.goto(links[0])
    assert page.locator(".novadi-body p").count() >= 1


def test_script_planted_in_a_crawled_article_does_not_run(server, page):
    page.goto(f"{server}/raksts/{HOSTILE}")
    assert page.evaluate("window.__pwned") is None
    assert page.title() != "pwned"
    body = page.locator(".novadi-body").inner_text()
    assert "<script>window.__pwned = 'script'; document.title = 'pwned'</script>" in body
    assert "<img src=x" in page.locator("h1").inner_text()
    for path in ["/meklet?q=skrudaliena", "/novadi/articles_v1?site=augsdaugavas-novads", "/raksti",
                 "/pasvaldiba/augsdaugavas-novads", "/vietne/augsdaugavas-novads", "/regions/latgale"]:
        page.goto(server + path)
        assert page.evaluate("window.__pwned") is None, path
        assert page.title() != "pwned", path


def test_datasette_pages_run_under_the_content_security_policy(server, page):
    for path in ["/novadi", "/novadi/articles_v1", "/novadi/republished", "/novadi/sites_v1"]:
        response = page.goto(server + path)
        assert "default-src 'self'" in response.headers["content-security-policy"]
    # table.js builds the facet and column menus; it runs only if the CSP allows it
    page.goto(server + "/novadi/articles_v1")
    page.wait_for_selector("th .dropdown-menu-icon", state="attached", timeout=5000)
    assert page.csp_errors == []


SEMPRE = article_id("https://www.zemgale.lv/projekts-sempre-socialie-pakalpojumi")
EVERY_PAGE_TYPE = {
    "home": "/",
    "search": "/meklet?q=pasvaldiba",
    "article": f"/raksts/{TALKA}",
    "article-structured": f"/raksts/{WIDE}",
    "article-eu": f"/raksts/{SEMPRE}",
    "republished": "/parpublicetie",
    "eu-projects": "/es-projekti",
    "browse": "/raksti",
    "municipality": "/pasvaldiba/jekabpils-novads",
    "site": "/vietne/jelgava",
    "region": "/regions/zemgale",
    "data": "/novadi",
    "data-table": "/novadi/articles_v1",
    "error": "/novadi/nav_tadas_tabulas",
    "error-database": "/nav-tadas-datubazes",
}


@pytest.mark.parametrize("width", [390, 1280])
def test_every_page_type_fits_the_screen_and_loads_nothing_from_elsewhere(server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="lv-LV")
    page = context.new_page()
    elsewhere = []
    page.on("request", lambda request: request.url.startswith(server) or elsewhere.append(request.url))
    try:
        for name, path in EVERY_PAGE_TYPE.items():
            response = page.goto(server + path)
            assert response.status == (404 if name.startswith("error") else 200), path
            page.wait_for_load_state("load")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{path} is {scroll_width}px wide on a {width}px screen"
            screenshot(page, f"{name}-{width}")
    finally:
        context.close()
    assert elsewhere == []


def test_wide_table_scrolls_in_its_own_box_and_images_come_from_the_archive(server, page):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{server}/raksts/{WIDE}")
    box = page.locator(".novadi-body .novadi-table-wrap")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # the table is wider than its box
    assert box.evaluate("el => getComputedStyle(el).overflowX") == "auto"
    src = page.locator(".novadi-body img").get_attribute("src")
    assert src.startswith("/arhivs/resurss?url=https%3A%2F%2Fwww.jelgava.lv%2Fliels.jpg&t=")


def test_municipality_chart_is_drawn_and_described(server, page):
    page.goto(f"{server}/pasvaldiba/jelgavas-novads")
    chart = page.locator("svg.novadi-chart")
    assert chart.get_attribute("role") == "img"
    assert chart.locator("rect").count() == 3  # 2021, 2022, 2023
    assert chart.bounding_box()["width"] > 300
    assert page.csp_errors == []
