"""The whole pipeline on the sample world: registry → spider → extraction → dedup → SQLite."""
from __future__ import annotations

import pytest

from tests.conftest import canon, crawl, rows

FIELDS = ("title", "published", "body")


def stored(db, site):
    return {r["url"]: r for r in rows(db, "SELECT * FROM articles WHERE site = ?", (site,))}


def test_exactly_the_expected_articles(world, crawled):
    db, _ = crawled
    for site in world.site_ids:
        expected = {canon(a["url"]) for a in world.expected_articles(site)}
        got = set(stored(db, site))
        assert got == expected, f"{site}: missing {sorted(expected - got)[:5]}, extra {sorted(got - expected)[:5]}"


@pytest.mark.parametrize("field", FIELDS + ("updated", "author", "lang"))
def test_fields_match_expected(world, crawled, field):
    db, _ = crawled
    wrong = []
    for site in world.site_ids:
        got = stored(db, site)
        for article in world.expected_articles(site):
            row = got.get(canon(article["url"]))
            if row is None or field not in article:
                continue
            if (row[field] or None) != (article[field] or None):
                wrong.append((article["url"], row[field] if field != "body" else row[field][:300],
                              article[field] if field != "body" else (article[field] or "")[:300]))
    assert not wrong, f"{len(wrong)} wrong {field}: {wrong[:3]}"


def test_public_view_has_the_contract_columns(crawled):
    db, _ = crawled
    row = rows(db, "SELECT url, site, title, published, author, body, lang FROM articles_v1 LIMIT 1")[0]
    assert row["url"].startswith("http") and row["body"]


def test_aliases_recorded(crawled):
    db, _ = crawled
    assert rows(db, "SELECT count(*) AS n FROM article_urls")[0]["n"] >= rows(db, "SELECT count(*) AS n FROM articles")[0]["n"]


def test_no_site_is_flagged(crawled):
    db, result = crawled
    assert result.returncode == 0 and "FLAGGED" not in result.stdout, result.stdout


def test_crawl_run_recorded(world, crawled):
    db, result = crawled
    runs = rows(db, "SELECT * FROM crawl_runs")
    assert {r["site"] for r in runs} == set(world.site_ids)
    for run in runs:
        assert run["finish_reason"] == "finished" and run["finished"] and run["requests"] > 0
        assert run["new"] == len(world.expected_articles(run["site"]))
    for site in world.site_ids:
        assert site in result.stdout


def test_raw_captures_recorded(crawled):
    db, _ = crawled
    missing = rows(db, "SELECT url FROM articles WHERE warc_file IS NULL OR warc_length IS NULL")
    assert not missing
    assert list((db.parent / "warc").glob("*.warc.gz"))


def test_second_crawl_adds_nothing(world, crawled, tmp_path):
    db, _ = crawled
    before = rows(db, "SELECT id, revision, body FROM articles ORDER BY id")
    result = crawl(world, db)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    after = rows(db, "SELECT id, revision, body FROM articles ORDER BY id")
    assert after == before
    last = rows(db, "SELECT sum(new) AS new, sum(changed) AS changed, sum(requests) AS requests FROM crawl_runs "
                    "WHERE id IN (SELECT max(id) FROM crawl_runs GROUP BY site)")[0]
    first = rows(db, "SELECT sum(requests) AS requests FROM crawl_runs WHERE id IN "
                     "(SELECT min(id) FROM crawl_runs GROUP BY site)")[0]
    assert last["new"] == 0 and last["changed"] == 0
    assert last["requests"] < first["requests"] / 2


def test_no_callback_is_a_generator_returning_a_value():
    """Scrapy's own per-response check is switched off (WARN_ON_GENERATOR_RETURN_VALUE):
    a generator callback's ``return value`` would be silently lost."""
    from scrapy.utils.misc import is_generator_with_return_value

    from crawler.spiders.site import SiteSpider

    callbacks = [name for name in dir(SiteSpider) if name.startswith(("parse", "on_"))]
    assert "parse_listing" in callbacks
    assert [n for n in callbacks if is_generator_with_return_value(getattr(SiteSpider, n))] == []
