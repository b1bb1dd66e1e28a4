"""A crawl of a site where everything goes wrong: every fault ends in a counted,
logged outcome, and the good articles are stored once each, with their Latvian text.

The fault server (tests/faults/server.py) runs in this process; ``novadi crawl``
runs in a child, as a user would run it. docs/reliability.md lists every fault
with the behaviour and the test that shows it.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure

from crawler.canonical import canonical_url
from crawler.guards import Refused, failure_outcome, looks_binary
from crawler.registry import dump_entries
from tests.conftest import FAST, rows, run_novadi
from tests.faults.server import (
    ENCODINGS, EXPECTED, FAILING, HANG, LONG_SLUG, MANY_PARAMS, MAXSIZE, REFUSED, RETRY_AFTER, SITE_IDS,
    TIMEOUT, FaultWorld,
)
from tests.faults.content import PANGRAM, STORIES

SITE = SITE_IDS["main"]
RETRY_TIMES = 2
SETTINGS = {
    **FAST,
    "DOWNLOAD_DELAY": "0.01",          # a slot delay, so a Retry-After can hold the whole site
    "DOWNLOAD_MAXSIZE": str(MAXSIZE),
    "DOWNLOAD_WARNSIZE": "0",
    "DOWNLOAD_TIMEOUT": str(TIMEOUT),
    "RETRY_TIMES": str(RETRY_TIMES),
    "NOVADI_RETRY_AFTER_MAX": "10",
}


def crawl_faults(world, db, *site_ids):
    registry = db.parent / "sites.toml"
    registry.write_text(dump_entries(world.registry_entries()), encoding="utf-8")
    args = ["crawl", *site_ids, "--db", str(db), "--registry", str(registry), "-v"]
    for name, value in SETTINGS.items():
        args += ["-s", f"{name}={value}"]
    return run_novadi(*args, timeout=300)


@pytest.fixture(scope="module")
def faults(tmp_path_factory):
    """The fault world, crawled once (the site and the two robots.txt sites together)."""
    db = tmp_path_factory.mktemp("faults") / "novadi.db"
    with FaultWorld() as world:
        result = crawl_faults(world, db, *SITE_IDS.values())
        yield world, db, result


def run_row(db, site=SITE, which="max"):
    return rows(db, f"SELECT * FROM crawl_runs WHERE id = (SELECT {which}(id) FROM crawl_runs WHERE site = ?)",
                (site,))[0]


def articles(db, site=SITE) -> dict[str, dict]:
    return {r["url"]: r for r in rows(db, "SELECT * FROM articles WHERE site = ?", (site,))}


def canon(world, slug):
    return canonical_url(world.article_url(slug))


def hits(world, slug) -> list[float]:
    """When the crawler asked for an article page, under any spelling of its URL."""
    return [t for t, path in world.requests("main", "/zinas/") if re.split(r"[?;]", path)[0] == f"/zinas/{slug}"]


# -- the guards on their own ------------------------------------------------------------

def test_binary_files_are_told_from_pages():
    assert looks_binary(b"%PDF-1.7\n...") and looks_binary(b"\x89PNG\r\n\x1a\n") and looks_binary(b"PK\x03\x04")
    assert looks_binary(b"<html>\x00\x00\x00")
    assert not looks_binary("<!DOCTYPE html><html lang=lv><p>Ģimeņu diena</p>".encode("cp1257"))
    assert not looks_binary("\ufeff<html>".encode("utf-16"))
    assert not looks_binary(b"")


@pytest.mark.parametrize("exception, outcome", [
    (Refused("redirect-loop"), ("dropped", "redirect-loop")),
    (IgnoreRequest("Forbidden by robots.txt"), ("dropped", "robots")),
    (IgnoreRequest("max redirections reached"), ("dropped", "redirect-limit")),
    (IgnoreRequest("Ignored response <200 x> because its body (3 B compressed, 9 B decompressed so far) "
                   "exceeded DOWNLOAD_MAXSIZE (5 B) during decompression."), ("dropped", "too-large")),
    (DownloadCancelledError("Expected to receive 9 bytes which is larger than download max size (5)"),
     ("dropped", "too-large")),
    (HttpError(Response("http://example.lv/", status=503), "Ignoring non-200 response"), ("error", "HTTP 503")),
    (DownloadTimeoutError("took longer than 1.5 seconds"), ("error", "DownloadTimeoutError")),
])
def test_failures_are_named(exception, outcome):
    failure = Failure(exception)
    failure.request = Request("http://example.lv/")
    assert failure_outcome(failure) == outcome


def test_a_cancelled_download_marked_too_large_is_dropped():
    failure = Failure(CancelledError())
    failure.request = Request("http://example.lv/", meta={"too_large": True})
    assert failure_outcome(failure) == ("dropped", "too-large")
    failure.request = Request("http://example.lv/")
    assert failure_outcome(failure) == ("error", "CancelledError")


# -- the rest of the crawl is unaffected -----------------------------------------------

def test_every_good_article_stored_once_with_its_text(faults):
    world, db, _ = faults
    stored = articles(db)
    assert set(stored) == {canon(world, slug) for slug in EXPECTED}
    duplicates = rows(db, "SELECT url, count(*) AS n FROM articles GROUP BY url HAVING n > 1")
    assert not duplicates
    for slug in EXPECTED:
        story, row = STORIES[slug], stored[canon(world, slug)]
        assert row["title"] == story.title, slug
        assert row["published"][:10] == story.published, slug
        for paragraph in story.paragraphs:
            assert unicodedata.normalize("NFC", paragraph) in row["body"], (slug, row["body"][:300])
        assert row["revision"] == 1


@pytest.mark.parametrize("slug", sorted(ENCODINGS))
def test_legacy_and_misdeclared_encodings_decode_to_latvian(faults, slug):
    world, db, _ = faults
    row = articles(db)[canon(world, slug)]
    assert PANGRAM in row["body"] and row["title"] == STORIES[slug].title
    assert "Ä" not in row["body"] and "\ufffd" not in row["body"]


def test_the_run_is_finished_and_counts_everything(faults):
    world, db, result = faults
    run = run_row(db)
    assert run["finish_reason"] == "finished"
    assert run["new"] == len(EXPECTED)
    responses = json.loads(run["responses"])
    # 429 twice (the page that recovers, the one that asks too long), 503 twice, 500 three times
    assert responses["429"] == 2 and responses["503"] == 2 and responses["500"] == RETRY_TIMES + 1
    assert responses["404"] == 1            # robots.txt
    assert run["errors"] == len(FAILING)    # each failing page once; nothing else logged an error
    dropped = json.loads(run["dropped"])
    expected = Counter(REFUSED.values())
    for reason, count in expected.items():
        assert dropped.get(reason) == count, (reason, dropped)
    assert f"{SITE}: finished" in result.stdout


# -- each fault: the behaviour, the count, the log line ----------------------------------

@pytest.mark.parametrize("slug", sorted(REFUSED))
def test_refused_pages_are_dropped_with_a_reason_and_a_log_line(faults, slug):
    world, db, result = faults
    assert canon(world, slug) not in articles(db)
    lines = [line for line in result.stderr.splitlines() if f"/zinas/{slug}" in line]
    reason = REFUSED[slug]
    logged = [line for line in lines if f"({reason})" in line or f"not an article ({reason})" in line]
    assert logged, f"no log line says why {slug} was dropped ({reason})"


@pytest.mark.parametrize("slug", sorted(FAILING))
def test_failing_pages_are_errors_tried_again_next_run(faults, slug):
    world, db, result = faults
    assert canon(world, slug) not in articles(db)      # never half a page
    assert not rows(db, "SELECT url FROM pages WHERE url = ?", (canon(world, slug),))
    line = [l for l in result.stderr.splitlines() if f"/zinas/{slug}" in l and "failed (" in l]
    assert line and FAILING[slug] in line[-1]


def test_retries_are_bounded(faults):
    world, _, _ = faults
    for slug in ("vienmer-kluda", "nekad", "vienmer-partraukts", "partraukts-chunked"):
        assert len(hits(world, slug)) == RETRY_TIMES + 1, slug
    assert len(hits(world, "parslodze-ilgi")) == 1       # Retry-After beyond the cap: no retry
    assert len(hits(world, "serveris-atguvies")) == 3    # two 503s, then the page
    assert len(hits(world, "partraukts")) == 2           # reset once, then the page


def test_retry_after_pauses_the_whole_site(faults):
    world, _, _ = faults
    first, second = hits(world, "parslodze")
    assert second - first >= RETRY_AFTER - 0.05
    during = [t for t, _ in world.requests("main") if first + 0.2 < t < first + RETRY_AFTER - 0.2]
    assert len(during) <= 1, "requests to the site while it asked to wait"


def test_slow_pages_wait_timeouts_give_up(faults):
    world, db, result = faults
    assert canon(world, "lena-lapa") in articles(db)
    assert HANG > TIMEOUT
    assert f"/zinas/nekad?PHPSESSID=" in result.stderr
    assert f"took longer than {TIMEOUT} seconds" in result.stderr    # gave up, did not wait for the hang


def test_never_leaves_the_site(faults):
    world, _, _ = faults
    assert world.requests("elsewhere") == []
    paths = [p for _, p in world.requests("main")]
    assert not [p for p in paths if p.startswith("/login")]


def test_trap_urls_are_counted_never_fetched(faults):
    world, db, _ = faults
    paths = [p for _, p in world.requests("main")]
    assert not [p for p in paths if LONG_SLUG in p or MANY_PARAMS.split("?")[0] in p]
    dropped = json.loads(run_row(db)["dropped"])
    assert dropped["url-too-long"] == 1 and dropped["too-many-params"] == 1
    assert dropped["offsite"] == 1     # the feed's and the sitemap's link to another host


def test_endless_pagination_and_calendars_are_bounded(faults):
    world, db, result = faults
    news = [p for _, p in world.requests("main", "/jaunumi?") if "arhivs" not in p]
    archive = world.requests("main", "/jaunumi/arhivs")
    calendar = world.requests("main", "/notikumi/")
    assert len(world.requests("main", "/jaunumi")) - len(archive) <= 3     # page 1, page 2, the repeat
    assert len(news) <= 2 and len(archive) <= 2
    assert len(calendar) <= 7         # depth 1 to 3: at most 1 + 2 + 4 months
    dropped = json.loads(run_row(db)["dropped"])
    assert dropped["pagination-exhausted"] >= 2 and dropped["listing-depth"] >= 1
    assert "(pagination-exhausted)" in result.stderr and "(listing-depth)" in result.stderr


def test_session_ids_do_not_multiply_pages(faults):
    world, _, _ = faults
    for slug in EXPECTED:
        if slug == "domes-sede-marta":   # also the target of a redirect from its old address
            assert len(hits(world, slug)) <= 2
        elif slug not in ("parslodze", "serveris-atguvies", "partraukts"):
            assert len(hits(world, slug)) == 1, slug


def test_redirect_loops_stop(faults):
    world, db, _ = faults
    assert len(hits(world, "cilpa-a")) + len(hits(world, "cilpa-b")) <= 4
    assert len(hits(world, "cilpa-pati")) <= 2


def test_invalid_feed_and_sitemaps_skip_only_themselves(faults):
    world, db, result = faults
    dropped = json.loads(run_row(db)["dropped"])
    assert dropped["invalid-feed"] == 1 and dropped["invalid-sitemap"] == 2
    stored = articles(db)
    assert canon(world, "no-barotnes") in stored and canon(world, "no-vietnes-kartes") in stored
    assert "feed-broken.xml skipped" in result.stderr and "sitemap-broken.xml skipped" in result.stderr


@pytest.mark.parametrize("label", ["robots-500", "robots-slow"])
def test_unreachable_robots_txt_means_no_crawl_this_run(faults, label):
    world, db, result = faults
    site = SITE_IDS[label]
    run = run_row(db, site)
    assert run["finish_reason"] == "robots-unreachable" and run["new"] == 0
    assert {p for _, p in world.requests(label)} == {"/robots.txt"}
    assert f"{site}: robots-unreachable" in result.stdout
    assert re.search(rf"robots.txt of 127\.0\.0\.\d+:\d+ unreachable .*not crawling {site}", result.stderr)
    assert result.returncode == 1     # a site that could not be crawled shows in the exit status


def test_robots_txt_404_means_no_rules(faults):
    world, db, _ = faults
    assert run_row(db)["finish_reason"] == "finished"
    assert ("/robots.txt" in {p for _, p in world.requests("main")})


def test_no_traceback_and_no_unexplained_error(faults):
    _, _, result = faults
    assert "Traceback" not in result.stderr
    assert not [l for l in result.stderr.splitlines() if re.search(r"\] (ERROR|CRITICAL):", l)]


def test_a_second_run_adds_nothing_and_retries_the_failures(faults, tmp_path):
    world, db, _ = faults
    before = rows(db, "SELECT id, revision, body_hash FROM articles ORDER BY id")
    tried = {slug: len(hits(world, slug)) for slug in FAILING}
    result = crawl_faults(world, db, SITE)
    assert "Traceback" not in result.stderr
    assert rows(db, "SELECT id, revision, body_hash FROM articles ORDER BY id") == before
    run = run_row(db)
    assert run["finish_reason"] == "finished" and run["new"] == 0 and run["changed"] == 0
    for slug in ("vienmer-kluda", "nekad"):
        assert len(hits(world, slug)) > tried[slug], f"{slug} was not tried again"
