"""Naidīgais novads, a site written by an attacker, crawled and served: nothing of it
runs, nothing leaves the archive's host, nothing is lost, nothing overflows a phone.

tests/hostile_site/ serves the site and a tracker host on loopback; ``novadi crawl``
archives it in a child process; the site is served by ``novadi serve``'s function and
every page type is opened in Chromium with a hook on every way a script could show
it ran (dialogs, a flag, the title) and a log of every request the browser makes.
"""
from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pytest

from crawler.registry import dump_entries
from tests.conftest import FAST, run_novadi
from tests.hostile_site.content import DOUBLY_ESCAPED, LONG_WORD, STORIES
from tests.hostile_site.server import SITE_ID, HostileSite
from tests.site_server import served

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ATOM = "{http://www.w3.org/2005/Atom}"
PHONE = 390
# Records every way an injected script could show itself; runs before any page script.
HOOK = """
window.__ran = [];
for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
  window[name] = (...args) => { window.__ran.push(name + ':' + args.join(',')); };
}
"""
HOSTILE_SEARCHES = ["sēde", "<script>alert(1)</script>", "{{ 7*7 }}", "garš", "\u202e\u200b", "javascript:",
                    "' OR 1=1 --", '"><img src=x onerror=alert(1)>', "NEAR(", "*" * 50]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "novadi.db"
    with HostileSite() as site:
        registry = folder / "sites.toml"
        registry.write_text(dump_entries(site.registry_entries()), encoding="utf-8")
        args = ["crawl", SITE_ID, "--db", str(db), "--registry", str(registry)]
        for name, value in FAST.items():
            args += ["-s", f"{name}={value}"]
        result = run_novadi(*args, timeout=300)
        assert "Traceback" not in result.stderr, result.stderr[-3000:]
        assert result.returncode == 0, result.stdout + result.stderr[-3000:]
        crawl_hits = site.tracker_hits()
        with served(db) as base:
            yield {"db": db, "site": site, "base": base, "crawl_tracker_hits": crawl_hits}


def stored(db: Path) -> dict[str, dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return {row["url"].rstrip("/").rsplit("/", 1)[-1]: dict(row) for row in conn.execute("SELECT * FROM articles")}
    finally:
        conn.close()


def test_the_crawl_never_asks_the_tracker(archive):
    assert archive["crawl_tracker_hits"] == []


@pytest.mark.parametrize("slug", list(STORIES))
def test_every_story_is_stored_with_its_text(archive, slug):
    story = STORIES[slug]
    article = stored(archive["db"]).get(slug)
    assert article is not None, f"{slug} was not stored"
    assert article["published"].startswith(story.published)
    if story.title_text:
        assert article["title"] == story.title_text
    for text in story.must_keep:
        assert text in article["body"], text


def test_doubly_escaped_markup_stays_escaped(archive):
    assert DOUBLY_ESCAPED in stored(archive["db"])["eskapets"]["body"]


def test_the_long_word_is_kept_whole(archive):
    assert LONG_WORD in stored(archive["db"])["garais-vards"]["body"]


# --- the browser --------------------------------------------------------------------

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
browser_only = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def page_paths(db: Path) -> list[str]:
    """Every page type of the site, for every hostile article."""
    articles = stored(db)
    paths = ["/", "/novadi", "/novadi/articles_v1", "/novadi/sites_v1", "/novadi/revisions_v1",
             "/novadi/attachments_v1", "/novadi/republished", "/novadi/clusters_v1",
             "/novadi/articles_v1?_search=gar%C5%A1", "/nav-tadas-lapas", "/raksts/0123456789abcdef"]
    for article in articles.values():
        paths += [f"/raksts/{article['id']}", f"/novadi/articles_v1/{article['pk']}"]
    paths += [f"/novadi/search?q={quote(q)}" for q in HOSTILE_SEARCHES]
    return paths


@browser_only
@pytest.mark.parametrize("width", [PHONE, 1280])
def test_no_script_runs_no_request_leaves_nothing_overflows(archive, browser, width):
    base = archive["base"]
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="lv-LV")
    context.add_init_script(HOOK)
    requests, dialogs = [], []
    context.on("request", lambda request: requests.append(request.url))
    # Anything bound for another host is recorded above, then never sent.
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                  else route.abort())
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for path in page_paths(archive["db"]):
            response = page.goto(base + path)
            assert response.status in (200, 404), (path, response.status)
            assert page.evaluate("window.__ran") == [], path
            assert page.evaluate("window.__pwned") is None, path
            assert page.title() != "pwned", path
            if width == PHONE and (not path.startswith("/novadi/") or path.startswith("/novadi/search")):
                # The reader's pages; Datasette's own tables scroll inside their box.
                assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    finally:
        context.close()
    assert dialogs == []
    offsite = [url for url in requests if not url.startswith(base)]
    assert offsite == []
    assert archive["site"].tracker_hits() == []


@browser_only
def test_article_pages_show_hostile_text_as_text(archive, browser):
    base = archive["base"]
    articles = stored(archive["db"])
    context = browser.new_context(viewport={"width": PHONE, "height": 900})
    context.add_init_script(HOOK)
    page = context.new_page()
    try:
        for slug, article in articles.items():
            page.goto(f"{base}/raksts/{article['id']}")
            story = STORIES[slug]
            if story.title_text:
                assert page.locator("h1").inner_text() == story.title_text
            body = page.locator(".novadi-body").inner_text()
            for text in story.must_keep:
                assert text.replace("\n", " ")[:200] in body.replace("\n", " "), (slug, text[:60])
        veidnes = articles["veidnes"]
        page.goto(f"{base}/raksts/{veidnes['id']}")
        assert "{{ 7*7 }}" in page.locator("h1").inner_text() and "49" not in page.locator("h1").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/novadi/latest_feed.atom", f"/novadi/site_feed.atom?site={SITE_ID}",
                                  "/novadi/search_feed.atom?q=s%C4%93de", "/novadi/search_feed.atom?q=%01%EF%BF%BE"])
def test_feeds_are_well_formed_xml_with_the_hostile_entries(archive, path):
    import urllib.request

    with urllib.request.urlopen(archive["base"] + path, timeout=10) as response:
        assert response.status == 200
        root = ET.fromstring(response.read())
    assert root.tag == ATOM + "feed"
    titles = [entry.findtext(ATOM + "title") for entry in root.findall(ATOM + "entry")]
    if "search_feed" not in path:
        assert STORIES["skripti"].title_text in titles
