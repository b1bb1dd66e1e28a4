"""Crawls by address alone of sites built on patterns that defeated discovery: every
article stored, nothing else, and each run's coverage recorded and flagged when short."""
from __future__ import annotations

import json

import pytest

from tests import coverage_sites as sites
from tests.conftest import FAST, canon, rows, run_novadi


def crawl_url(base: str, db, *extra):
    args = ["crawl", "--url", base + "/", "--db", str(db), *extra]
    for name, value in FAST.items():
        args += ["-s", f"{name}={value}"]
    return run_novadi(*args)


def run_row(db) -> dict:
    return rows(db, "SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]


def stored(db) -> dict:
    return {r["url"]: r for r in rows(db, "SELECT url, title, published FROM articles")}


@pytest.fixture(scope="module")
def legacy_cms(tmp_path_factory):
    routes, expected = sites.legacy_cms()
    db = tmp_path_factory.mktemp("legacy-cms") / "novadi.db"
    with sites.serve(routes, host="127.0.0.31") as (base, log):
        result = crawl_url(base, db)
    return base, db, expected, result


def test_articles_sharing_their_listings_path_are_stored(legacy_cms):
    base, db, expected, result = legacy_cms
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    got = stored(db)
    assert set(got) == {canon(base + path) for path in expected}, sorted(got)
    for path, (title, day) in expected.items():
        assert got[canon(base + path)]["title"] == title
        assert got[canon(base + path)]["published"] == day


def test_an_article_reached_only_through_related_links_is_stored(legacy_cms):
    base, db, _expected, _result = legacy_cms
    assert canon(base + f"/lat/jaunumi/?id={sites.LEGACY_HIDDEN[0]}") in stored(db)


def test_static_id_pages_are_dropped_as_pages(legacy_cms):
    base, db, _expected, _result = legacy_cms
    dropped = json.loads(run_row(db)["dropped"])
    assert dropped.get("undated-page") == 2, dropped


def test_coverage_of_a_complete_crawl(legacy_cms):
    _base, db, expected, result = legacy_cms
    run = run_row(db)
    news = len(sites.LEGACY_NEWS)
    # the news teasers, and the two static pages the home page's menu links by id
    assert run["teasers"] == news + 2
    assert run["teasers_dated"] == news
    assert run["teasers_archived"] == news
    assert json.loads(run["teasers_dropped"]) == {"not-article:page": 2}
    assert run["coverage"] == 1.0
    assert run["teaser_dates_differ"] == 0
    assert not run["flagged"]
    assert f"coverage 100%: {news + 2} teasers seen, {news} in the archive, dropped: not-article:page 2" in result.stdout


def test_site_named_by_its_pages(legacy_cms):
    _base, db, _expected, _result = legacy_cms
    site = rows(db, "SELECT id, name FROM sites")[0]
    assert site["name"] == sites.LEGACY_NAME
    assert site["id"] == "127-0-0-31"


def test_month_archives_showing_whole_posts_are_not_articles(tmp_path):
    routes, expected = sites.legacy_wordpress()
    with sites.serve(routes, host="127.0.0.32") as (base, log):
        result = crawl_url(base, tmp_path / "novadi.db")
        requested = set(log)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    got = stored(tmp_path / "novadi.db")
    assert set(got) == {canon(base + path) for path in expected}, sorted(got)
    assert {"/2023/05/", "/2023/04/", "/2023/03/"} <= requested  # fetched, judged and dropped
    dropped = json.loads(run_row(tmp_path / "novadi.db")["dropped"])
    # judged by content: a month of three short posts reads as a listing, of two whole posts as
    # an archive; either way its links are followed (March's posts are reached only that way)
    assert dropped.get("archive", 0) + dropped.get("listing", 0) == 3, dropped
    assert {canon(base + path) for path, _t, _d in sites.WP_OLDER} <= set(got)
    assert rows(tmp_path / "novadi.db", "SELECT name FROM sites")[0]["name"] == sites.WP_NAME


def test_a_site_defeating_discovery_is_flagged(tmp_path):
    routes, _expected = sites.script_only()
    with sites.serve(routes, host="127.0.0.33") as (base, log):
        result = crawl_url(base, tmp_path / "novadi.db")
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    assert "FLAGGED" in result.stdout
    assert "listings show 6 dated teasers, none of them is in the archive" in result.stdout
    assert "script-link 6" in result.stdout   # what was missed, and how
    run = run_row(tmp_path / "novadi.db")
    assert run["flagged"] == 1 and run["teasers"] == 6 and run["teasers_archived"] == 0
    status = run_novadi("status", "--db", str(tmp_path / "novadi.db"))
    assert status.returncode == 1 and "FLAGGED" in status.stdout and "dated teasers" in status.stdout


def test_refresh_to_another_host_is_a_counted_drop(tmp_path):
    with sites.serve({}, host="127.0.0.35") as (elsewhere, other_log):
        routes, expected = sites.refreshing(elsewhere)
        with sites.serve(routes, host="127.0.0.34") as (base, log):
            result = crawl_url(base, tmp_path / "novadi.db")
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert set(stored(tmp_path / "novadi.db")) == {canon(base + p) for p in expected}
    run = run_row(tmp_path / "novadi.db")
    dropped = json.loads(run["dropped"])
    assert dropped.get("refresh-offsite") == 2, dropped
    assert other_log == []   # never fetched from the other host
    assert json.loads(run["teasers_dropped"]) == {"refresh-offsite": 2}
    assert run["coverage"] == 1.0   # pages that moved to another host are not the site's to keep


def test_reextract_judges_listing_fetched_articles_as_the_crawl_did(legacy_cms):
    _base, db, expected, _result = legacy_cms
    before = stored(db)
    result = run_novadi("reextract", "--db", str(db), "--workers", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    # every article, the ones fetched as listings included, read again and found unchanged
    assert f"{len(expected)} article pages re-extracted" in result.stdout, result.stdout
    assert "0 titles, 0 dates, 0 bodies changed" in result.stdout
    assert stored(db) == before
