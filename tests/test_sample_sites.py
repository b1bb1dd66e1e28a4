"""The offline test world: every sample site answers, paginates, feeds, caches and changes as documented."""
from __future__ import annotations

import re
import unicodedata
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from crawler.registry import load_registry
from crawler.sample_sites import SampleWorld, expected_articles

UNSEEN = Path(__file__).parent / "unseen_sites"
MAIN_SITES = ["avotkalnu-novads", "ozolkalna-novads", "priedaines-novads", "selijas-planosanas-regions"]
HELD_OUT = ["lazdonas-novads", "lejasdaugavas-novads"]
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}\+0[23]:00)?$")
LINK_RE = re.compile(r'href="([^"]+)"')

# How to walk each site's news listing: the first page and the next page's URL.
LISTINGS = {
    "ozolkalna-novads": ("lv/jaunumi", lambda n: f"lv/jaunumi?page={n}"),
    "priedaines-novads": ("?cat=20", lambda n: f"?cat=20&paged={n + 1}"),
    "avotkalnu-novads": ("jaunumi/", lambda n: f"jaunumi/?lapa={n + 1}"),
    "selijas-planosanas-regions": ("jaunumi/", lambda n: f"jaunumi/page/{n + 1}/"),
    "lazdonas-novads": ("index.php/jaunumi", lambda n: f"index.php/jaunumi?start={n * 4}"),
    "lejasdaugavas-novads": ("novads/aktualitates/jaunumi/", lambda n: f"novads/aktualitates/jaunumi/?page={n + 1}"),
}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, headers: dict | None = None, follow: bool = True):
    """(status, headers, body) without raising on 3xx/4xx."""
    opener = urllib.request.build_opener(*([] if follow else [NoRedirect()]))
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def text_of(body: bytes) -> str:
    return body.decode("windows-1257" if b"charset=windows-1257" in body[:500] else "utf-8")


@pytest.fixture(scope="module")
def world():
    with SampleWorld(extra_dirs=[UNSEEN]) as w:
        yield w


@pytest.fixture
def fresh():
    """A world of its own for tests that change articles."""
    with SampleWorld(sites=["ozolkalna-novads", "avotkalnu-novads", "selijas-planosanas-regions"]) as w:
        yield w


def test_every_site_answers_on_its_own_loopback_address(world):
    assert set(world.site_ids) == set(MAIN_SITES + HELD_OUT)
    hosts = set()
    for site_id in world.site_ids:
        base = world.base_url(site_id)
        assert re.match(r"^http://127\.0\.0\.\d+:\d+/$", base)
        hosts.add(urlsplit(base).hostname)
        status, _, body = fetch(base)
        assert status == 200, site_id
        assert b"<html" in body.lower()
        assert fetch(base + "robots.txt")[0] == 200
        assert fetch(base + "no-such-page-here/")[0] == 404
    assert len(hosts) == len(world.site_ids)


def test_main_sites_are_not_the_held_out_ones():
    with SampleWorld() as world:
        assert world.site_ids == MAIN_SITES


@pytest.mark.parametrize("site_id", sorted(LISTINGS))
def test_listings_paginate_to_every_article(world, site_id):
    base = world.base_url(site_id)
    expected = {e["url"] for e in world.expected_articles(site_id) if e["lang"] == "lv"}
    found, number, url = set(), 0, base + LISTINGS[site_id][0]
    while True:
        status, _, body = fetch(url)
        if status == 404 and found:  # some CMSs answer past the last page with 404
            break
        assert status == 200, url
        links = {urljoin(url, href.replace("&amp;", "&")).split("?")[0] for href in LINK_RE.findall(text_of(body))}
        new = (links & expected) - found
        if not new:
            break
        found |= new
        number += 1
        url = base + LISTINGS[site_id][1](number)
    assert found == expected
    assert number >= 3, "too few pages for pagination to matter"


def test_tvp_listing_pager_and_empty_pages(world):
    base = world.base_url("ozolkalna-novads")
    page = text_of(fetch(base + "lv/jaunumi?page=0")[2])
    assert 'href="?page=1"' in page and "Nākamā" in page
    assert page.count('class="views-row"') == 5
    # Drupal answers past the end with an empty list, not a 404.
    status, _, body = fetch(base + "lv/jaunumi?page=40")
    assert status == 200 and "Nav atrasts neviens ieraksts" in text_of(body)


def test_tvp_feed_has_only_the_latest_five(world):
    base = world.base_url("ozolkalna-novads")
    status, headers, body = fetch(base + "lv/rss/articles")
    assert status == 200 and "rss" in headers["Content-Type"]
    items = ET.fromstring(body).findall("./channel/item")
    newest = [e["url"] for e in world.expected_articles("ozolkalna-novads") if e["lang"] == "lv"][:5]
    assert [i.findtext("link") for i in items] == newest
    assert all(i.findtext("pubDate") for i in items)


def test_wordpress_feed_sitemap_and_short_links(world):
    base = world.base_url("priedaines-novads")
    expected = [e["url"] for e in world.expected_articles("priedaines-novads")]
    items = ET.fromstring(fetch(base + "feed/")[2]).findall("./channel/item")
    assert len(items) == 10 and [i.findtext("link") for i in items] == expected[:10]
    assert f"Sitemap: {base}wp-sitemap.xml" in fetch(base + "robots.txt")[2].decode()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(fetch(base + "wp-sitemap.xml")[2])
    maps = [loc.text for loc in index.findall("s:sitemap/s:loc", ns)]
    posts = ET.fromstring(fetch(next(m for m in maps if "posts-post" in m))[2])
    assert sorted(loc.text for loc in posts.findall("s:url/s:loc", ns)) == sorted(expected)
    page = text_of(fetch(expected[0])[2])
    short = re.search(r"<link rel=\"shortlink\" href=\"([^\"]+)\"", page).group(1)
    status, headers, _ = fetch(short, follow=False)
    assert status == 301 and headers["Location"] == expected[0]


def test_old_cms_serves_windows_1257_declared_only_in_meta(world):
    article = world.expected_articles("avotkalnu-novads")[0]
    status, headers, body = fetch(article["url"])
    assert status == 200
    assert headers["Content-Type"] == "text/html"
    assert b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1257">' in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert "ē".encode("windows-1257") in body
    assert article["title"] in body.decode("windows-1257")


def test_old_cms_aliases_session_ids_and_print_views(world):
    base = world.base_url("avotkalnu-novads")
    home = text_of(fetch(base)[2])
    alias = re.search(r'href="(/index\.php\?news_id=(\d+))"', home)
    assert alias and "utm_source=" in home
    canonical = next(e for e in world.expected_articles("avotkalnu-novads") if f"/{alias.group(2)}-" in e["url"])
    strip = lambda b: re.sub(r'<a href="[^"]*print=1[^"]*"', "", text_of(b))  # noqa: E731
    assert strip(fetch(base + alias.group(1).lstrip("/"))[2]) == strip(fetch(canonical["url"])[2])
    listing = text_of(fetch(base + "jaunumi/")[2])
    assert "PHPSESSID=" in listing
    # A client that keeps the session cookie gets clean links, as PHP's trans-sid does.
    sid = re.search(r"PHPSESSID=(\w+)", listing).group(1)
    assert "PHPSESSID=" not in text_of(fetch(base + "jaunumi/", {"Cookie": f"PHPSESSID={sid}"})[2])
    status, _, body = fetch(canonical["url"] + "?print=1")
    assert status == 200 and "window.print()" in text_of(body)
    assert all("print" not in e["url"] and "news_id" not in e["url"] for e in world.expected_articles("avotkalnu-novads"))


def test_tvp_traps_answer_but_are_not_articles(world):
    base = world.base_url("ozolkalna-novads")
    month = text_of(fetch(base + "lv/kalendars?month=2022-03")[2])
    for _ in range(3):  # the next-month link never runs out
        month_link = re.findall(r'href="(/lv/kalendars\?month=\d{4}-\d{2})"', month)[-1]
        month = text_of(fetch(base + month_link.lstrip("/"))[2])
    assert "Pasākumu kalendārs" in month
    assert fetch(base + "lv/viegli-lasit?view=easy")[0] == 200
    assert fetch(base + "lv/tags/domes-sede")[0] == 200
    article = world.expected_articles("ozolkalna-novads")
    with_file = next(e for e in article if e["attachments"])
    status, headers, body = fetch(with_file["attachments"][0]["url"])
    assert status == 200 and body.startswith(b"%PDF") and "attachment" in headers["Content-Disposition"]
    assert any(e["lang"] == "en" and "/en/article/" in e["url"] for e in article)


def test_article_pages_answer_conditional_requests(world):
    url = world.expected_articles("ozolkalna-novads")[3]["url"]
    status, headers, _ = fetch(url)
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert status == 200 and etag and modified
    assert fetch(url, {"If-None-Match": etag})[0] == 304
    assert fetch(url, {"If-Modified-Since": modified})[0] == 304
    assert fetch(url, {"If-None-Match": '"other"', "If-Modified-Since": modified})[0] == 200
    assert fetch(url, {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})[0] == 200


def test_edit_changes_validators_and_ground_truth(fresh):
    article = fresh.expected_articles("ozolkalna-novads")[2]
    slug = article["slug"]
    _, headers, _ = fetch(article["url"])
    changed = fresh.edit("ozolkalna-novads", slug, body="Pirmā rindkopa.\n\nOtrā rindkopa.", title="Jauns virsraksts")
    status, new_headers, body = fetch(article["url"], {"If-None-Match": headers["ETag"]})
    assert status == 200 and new_headers["ETag"] != headers["ETag"]
    assert new_headers["Last-Modified"] != headers["Last-Modified"]
    assert "Jauns virsraksts" in text_of(body) and "Otrā rindkopa." in text_of(body)
    assert changed["body"] == "Pirmā rindkopa.\nOtrā rindkopa."
    assert fresh.expected_articles("ozolkalna-novads")[2]["title"] == "Jauns virsraksts"


def test_sidebar_noise_changes_pages_but_not_articles(fresh):
    url = fresh.expected_articles("avotkalnu-novads")[0]["url"]
    before_truth = fresh.expected_articles("avotkalnu-novads")
    _, headers, before = fetch(url)
    fresh.set_sidebar_noise("Šodien Avotkalnos +3 °C")
    status, new_headers, after = fetch(url)
    assert status == 200 and before != after and "+3 °C" in text_of(after)
    # The article did not change, so neither do its validators.
    assert new_headers["ETag"] == headers["ETag"]
    assert fetch(url, {"If-None-Match": headers["ETag"]})[0] == 304
    assert fresh.expected_articles("avotkalnu-novads") == before_truth


def test_publish_puts_an_article_on_top_and_remove_takes_it_away(fresh):
    base = fresh.base_url("ozolkalna-novads")
    new = fresh.publish("ozolkalna-novads", {
        "slug": "jauns-autobusu-saraksts", "title": "Jauns autobusu saraksts", "category": "Satiksme",
        "published": "2030-01-15 09:00", "body": ["No 1. februāra mainās reisu laiki.", "Saraksts pieejams autoostā."],
        "credit": "Informāciju sagatavoja: Līga Ozoliņa, Sabiedrisko attiecību speciāliste",
    })
    assert new["url"] == base + "lv/jaunums/jauns-autobusu-saraksts"
    assert new["published"] == "2030-01-15T09:00:00+02:00" and new["author"] == "Līga Ozoliņa"
    assert fresh.expected_articles("ozolkalna-novads")[0] == new
    assert "jauns-autobusu-saraksts" in text_of(fetch(base + "lv/jaunumi")[2]).split('class="views-row"')[1]
    assert ET.fromstring(fetch(base + "lv/rss/articles")[2]).find("./channel/item").findtext("link") == new["url"]
    assert fetch(new["url"])[0] == 200

    fresh.remove("ozolkalna-novads", "jauns-autobusu-saraksts")
    assert fetch(new["url"])[0] == 404
    assert new["url"] not in {e["url"] for e in fresh.expected_articles("ozolkalna-novads")}
    assert "jauns-autobusu-saraksts" not in text_of(fetch(base + "lv/jaunumi")[2])
    gone = fresh.expected_articles("selijas-planosanas-regions")[0]
    fresh.remove("selijas-planosanas-regions", gone["slug"])
    assert fetch(gone["url"])[0] == 410


def test_request_log_records_requests_with_headers(fresh):
    base = fresh.base_url("avotkalnu-novads")
    fetch(base + "jaunumi/?lapa=2", {"User-Agent": "novadi-test"})
    when, site_id, method, path, headers = fresh.request_log[-1]
    assert (site_id, method, path) == ("avotkalnu-novads", "GET", "/jaunumi/?lapa=2")
    assert headers["User-Agent"] == "novadi-test" and when > 0


@pytest.mark.parametrize("site_id", MAIN_SITES + HELD_OUT)
def test_expected_articles_are_consistent(world, site_id):
    articles = world.expected_articles(site_id)
    assert len(articles) >= 12
    urls = [e["url"] for e in articles]
    assert len(set(urls)) == len(urls)
    for e in articles:
        assert e["url"].startswith(world.base_url(site_id))
        assert ISO_RE.match(e["published"]), e
        assert e["updated"] is None or ISO_RE.match(e["updated"])
        assert e["lang"] in ("lv", "en", "ru")
        for field in ("title", "body"):
            assert e[field] and unicodedata.is_normalized("NFC", e[field])
        if e["credit"]:
            assert e["credit"] not in e["body"] and e["author"] in e["credit"]
        status, _, body = fetch(e["url"])
        assert status == 200, e["url"]
        page = text_of(body)
        first_line = e["body"].split("\n")[0]
        assert first_line.split(" ")[0] in page


def test_republished_stories_are_shared_but_edited():
    with SampleWorld(extra_dirs=[UNSEEN]) as world:
        copies = {}
        for site_id in world.site_ids:
            for e in world.expected_articles(site_id):
                if e["story"]:
                    copies.setdefault(e["story"], []).append(e)
    assert len(copies) >= 3
    for story, items in copies.items():
        assert len({e["site"] for e in items}) >= 3, story
        assert len({e["body"] for e in items}) == len(items), f"{story}: copies should differ"
        assert all(e["eu_projects"] for e in items)


def test_similar_council_reports_are_distinct_stories(world):
    reports = [e for e in world.expected_articles("ozolkalna-novads") if "sēdē pieņemtie lēmumi" in e["title"]]
    assert len(reports) == 2
    assert reports[0]["story"] is None and reports[1]["story"] is None
    assert reports[0]["body"] != reports[1]["body"]


def test_expected_articles_without_a_server_match_the_world(world):
    base = world.base_url("priedaines-novads")
    assert expected_articles("priedaines-novads", base) == world.expected_articles("priedaines-novads")


def test_registry_entries_load_in_the_site_registry(world, tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(world.registry_toml(), encoding="utf-8")
    registry = load_registry(path)
    assert set(registry.sites) == set(world.site_ids)
    assert registry.get("ozolkalna-novads").profile == "tvp"
    assert registry.get("priedaines-novads").successor == "ozolkalna-novads"
    for site in registry:
        assert site.url == world.base_url(site.id)
        assert registry.for_url(world.expected_articles(site.id)[0]["url"]) is site


def test_registry_entries_of_a_partial_world_still_load(tmp_path):
    with SampleWorld(sites=["priedaines-novads"]) as world:
        path = tmp_path / "sites.toml"
        path.write_text(world.registry_toml(), encoding="utf-8")
        assert load_registry(path).get("priedaines-novads").successor is None
