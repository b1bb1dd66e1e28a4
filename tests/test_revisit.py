"""The revisit policy: edits to archived articles reach the archive, at a bounded cost.

Plain-function tests of crawler/revisit.py and archive/schedule.py with a fixed
``now``, then crawls of sample sites on loopback: a moved sitemap lastmod, a recent
article edited on a site without sitemap or feed, an old article on the slower
cycle, a 304, and the full pass that ``crawl --due`` runs on its own schedule.
"""
from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawler.registry import RegistryError, build_site, load_profiles
from crawler.revisit import KnownArticle, RevisitPolicy, moved, plan
from tests.conftest import crawl, rows
from tests.test_distributed import REDIS, redis_url, start_cluster, wait  # noqa: F401 (redis_url: a fixture)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)


# -- the policy as plain functions ---------------------------------------------------

@pytest.mark.parametrize("listed,recorded,checked,expected", [
    # the same moment written in two zones has not moved; a later one has
    ("2026-05-01T13:00:00+03:00", "2026-05-01T10:00:00Z", None, False),
    ("2026-05-01T13:00:01+03:00", "2026-05-01T10:00:00Z", None, True),
    ("2026-05-01T10:00:00Z", "2026-05-01T13:00:00+02:00", None, False),
    # days: only a later day moves
    ("2026-05-02", "2026-05-01", None, True),
    ("2026-05-01", "2026-05-01", None, False),
    ("2026-05-01", "2026-05-01T09:00:00+03:00", None, False),
    # nothing recorded for the URL: compared with the last fetch
    ("2026-05-01T10:00:00+03:00", None, "2026-05-01T08:00:00+00:00", False),
    ("2026-05-01T12:00:00+03:00", None, "2026-05-01T08:00:00+00:00", True),
    ("2026-05-01", None, "2026-05-01T08:00:00+00:00", True),     # the day of the fetch: cannot tell
    ("2026-04-30", None, "2026-05-01T08:00:00+00:00", False),
    ("Fri, 01 May 2026 12:00:00 GMT", None, "2026-05-01T08:00:00+00:00", True),   # a feed's pubDate
    ("2026-05-01T10:00:00", None, "2026-05-01T08:00:00+00:00", False),   # no zone: Riga time
    ("not a date", "2026-05-01", None, False),
    ("2026-05-01", None, None, True),
])
def test_a_listed_date_moves_as_a_moment(listed, recorded, checked, expected):
    assert moved(listed, recorded, checked) is expected


def known(url, published, checked, gone=False):
    return KnownArticle(url=url, published=published, first_seen="2026-01-01T00:00:00+00:00",
                        checked=checked, gone=gone)


def test_plan_revisits_recent_articles_and_a_bounded_slice_of_old_ones():
    policy = RevisitPolicy(recent_days=30, cycle_days=90, cycle_per_crawl=2)
    articles = [
        known("http://h/recent", "2026-11-10", NOW.isoformat()),
        known("http://h/recent-gone", "2026-11-12", NOW.isoformat(), gone=True),
        known("http://h/old-fresh", "2024-01-01", (NOW - timedelta(days=10)).isoformat()),
        known("http://h/old-1", "2024-01-01", (NOW - timedelta(days=200)).isoformat()),
        known("http://h/old-2", "2023-01-01", (NOW - timedelta(days=100)).isoformat()),
        known("http://h/old-3", "2022-01-01", (NOW - timedelta(days=300)).isoformat()),
        known("http://h/old-gone", "2021-01-01", (NOW - timedelta(days=95)).isoformat(), gone=True),
    ]
    chosen = plan(articles, policy, NOW)
    # the recent articles (one gone: it may come back), then the two checked longest ago
    assert chosen == [("http://h/recent", "recent"), ("http://h/recent-gone", "recent"),
                      ("http://h/old-3", "cycle"), ("http://h/old-1", "cycle")]
    # the next crawl, those two checked: the slice moves on (a gone page may come back)
    for article in articles:
        if article.url in ("http://h/old-3", "http://h/old-1"):
            article.checked = NOW.isoformat()
    assert plan(articles, policy, NOW + timedelta(days=1))[2:] == [("http://h/old-2", "cycle"),
                                                                  ("http://h/old-gone", "cycle")]
    assert plan(articles, RevisitPolicy(recent_days=0, cycle_days=0), NOW) == []


def test_revisit_settings_come_from_profile_and_site():
    profiles = load_profiles()
    site = build_site("x", {"name": "X", "url": "https://x.lv"}, profiles)
    assert site.revisit == RevisitPolicy()
    site = build_site("x", {"name": "X", "url": "https://x.lv", "revisit": {"recent_days": 7, "full_pass": "weekly"}},
                      profiles)
    assert (site.revisit.recent_days, site.revisit.full_pass, site.revisit.cycle_days) == (7, "weekly", 90)
    for bad, field in (({"recent_dayz": 1}, "revisit.recent_dayz"), ({"cycle_days": -1}, "revisit.cycle_days"),
                       ({"full_pass": "fortnightly"}, "revisit.full_pass"), ({"cycle_per_crawl": "5"}, "revisit.cycle_per_crawl")):
        with pytest.raises(RegistryError, match=re.escape(field)):
            build_site("x", {"name": "X", "url": "https://x.lv", "revisit": bad}, profiles)


def test_profile_revisit_defaults_apply_to_its_sites(tmp_path):
    from crawler.registry import DEFAULT_PROFILES

    profiles_file = tmp_path / "profiles.toml"
    profiles_file.write_text(DEFAULT_PROFILES.read_text(encoding="utf-8")
                             + '\n[frozen]\ndescription = "x"\n\n[frozen.revisit]\nrecent_days = 0\nfull_pass = "never"\n',
                             encoding="utf-8")
    profiles = load_profiles(profiles_file)
    site = build_site("x", {"name": "X", "url": "https://x.lv", "profile": "frozen", "revisit": {"cycle_days": 365}},
                      profiles)
    assert site.revisit == RevisitPolicy(recent_days=0, cycle_days=365, full_pass="never")


def schedule_db(path: Path, runs):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE crawl_runs (id INTEGER PRIMARY KEY, site TEXT, mode TEXT, started TEXT, "
                 "finished TEXT, finish_reason TEXT)")
    conn.executemany("INSERT INTO crawl_runs (site, mode, started, finished, finish_reason) VALUES (?, ?, ?, ?, ?)",
                     [(s, m, t.isoformat(), t.isoformat(), r) for s, m, t, r in runs])
    conn.commit()
    conn.close()


def test_due_crawls_run_the_full_pass_on_its_own_schedule(tmp_path):
    from archive.schedule import due_crawls

    profiles = load_profiles()

    def site(site_id, **revisit):
        return build_site(site_id, {"name": site_id, "url": f"https://{site_id}.lv", "frequency": "daily",
                                    "revisit": revisit}, profiles)

    db = tmp_path / "novadi.db"
    day = timedelta(days=1)
    schedule_db(db, [
        # first crawl 40 days ago (it walked everything: the first full pass), daily since
        ("a", "incremental", NOW - 40 * day, "finished"), ("a", "incremental", NOW - 2 * day, "finished"),
        # a full pass 10 days ago, crawled an hour ago
        ("b", "incremental", NOW - 60 * day, "finished"), ("b", "full", NOW - 10 * day, "finished"),
        ("b", "incremental", NOW - timedelta(hours=1), "finished"),
        # its full pass weekly, the last one 8 days ago; its regular crawl is not due
        ("c", "full", NOW - 8 * day, "finished"), ("c", "incremental", NOW - timedelta(hours=1), "finished"),
        # a full pass that did not finish does not count
        ("d", "incremental", NOW - 45 * day, "finished"), ("d", "full", NOW - day, "shutdown"),
        ("d", "incremental", NOW - timedelta(hours=2), "finished"),
    ])
    sites = [site("a"), site("b"), site("c", full_pass="weekly"), site("d"), site("e"), site("f", full_pass="never")]
    assert due_crawls(db, sites, NOW) == {"a": "full", "c": "full", "d": "full", "e": "incremental",
                                          "f": "incremental"}
    # a day later b's regular crawl is due, its full pass (monthly) is not
    assert due_crawls(db, sites[1:2], NOW + day) == {"b": "incremental"}
    assert due_crawls(db, sites[1:2], NOW + 21 * day) == {"b": "full"}


# -- crawls ----------------------------------------------------------------------------

REGION = "selijas-planosanas-regions"       # a sitemap with lastmod (days), no feed
OLDCMS = "avotkalnu-novads"                   # an old CMS: no sitemap, no feed
TVP = "ozolkalna-novads"                      # a feed of the latest five, no sitemap


def last_run(db) -> dict:
    return rows(db, "SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]


def article(db, url_part: str) -> dict:
    found = rows(db, "SELECT * FROM articles WHERE url LIKE ?", (f"%{url_part}%",))
    assert len(found) == 1, (url_part, [r["url"] for r in found])
    return found[0]


def crawl_stats(result) -> dict:
    """The crawl's Scrapy stats, from the log file the CLI names."""
    log = re.search(r"log: (\S+)", result.stderr).group(1)
    text = Path(log).read_text(encoding="utf-8")
    return {k: int(v) for k, v in re.findall(r"'(novadi/[^']+)': (\d+)", text)}


def ok(result):
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result


def sample_world(*sites):
    from crawler.sample_sites.server import SampleWorld

    return SampleWorld(sites=list(sites))


def test_a_moved_sitemap_lastmod_brings_a_conditional_refetch(tmp_path):
    """An old article edited, the sitemap's lastmod (a day) moved: fetched again on the
    next incremental crawl, its new text stored as a new version."""
    with sample_world(REGION) as world:
        db = tmp_path / "novadi.db"
        ok(crawl(world, db))
        slug = "iedzivotaju-skaits-selija-2023"
        before = article(db, slug)
        assert before["revision"] == 1
        world.edit(REGION, slug, body=["Konkursa pieteikumu termiņš ir pagarināts līdz mēneša beigām; pieteikumus "
                                       "var iesniegt elektroniski vai klātienē reģiona birojā darba dienās."],
                   updated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"))
        second = ok(crawl(world, db))
        after = article(db, slug)
        assert after["revision"] == 2 and "pagarināts" in after["body"], second.stdout
        run = last_run(db)
        assert json.loads(run["revisit_reasons"]).get("lastmod") == 1, run
        assert run["changed"] == 1 and run["revisit_changed"] == 1
        assert "revisited" in second.stdout and "1 changed" in second.stdout
        # The new lastmod is recorded: the crawl after it does not fetch the page again.
        ok(crawl(world, db))
        assert json.loads(last_run(db)["revisit_reasons"] or "{}").get("lastmod") is None


def test_a_moved_feed_date_brings_a_conditional_refetch(tmp_path):
    """An old article republished (its feed entry's date moves past the last fetch) with
    new text, on a site without a sitemap: the feed alone brings it back."""
    from crawler.sample_sites import dates

    with sample_world(TVP) as world:
        db = tmp_path / "novadi.db"
        ok(crawl(world, db))
        slug = "selijas-loka-velomarsruta-jaunas-norades"
        assert article(db, slug)["revision"] == 1
        edited = world.edit(TVP, slug, body=["Velomaršruta norādes uzstādītas visā garumā, un maršruta karte "
                                             "pieejama tūrisma informācijas centrā un pašvaldības mājaslapā."])
        with world.lock:
            world.article(TVP, slug).published = dates.now()
        # The first crawl an hour ago (the new date is to the minute: not before it).
        conn = sqlite3.connect(db)
        conn.execute("UPDATE articles SET last_checked = ?", [(datetime.now(timezone.utc) - timedelta(hours=1)).isoformat()])
        conn.commit()
        conn.close()
        second = ok(crawl(world, db))
        run = last_run(db)
        assert json.loads(run["revisit_reasons"]).get("feed") == 1, second.stdout
        stored = article(db, slug)
        assert stored["revision"] == 2 and "maršruta karte" in stored["body"], edited


def test_a_recent_article_edited_on_a_site_without_sitemap_or_feed(tmp_path):
    from tests.test_schedule import new_article

    with sample_world(OLDCMS) as world:
        db = tmp_path / "novadi.db"
        ok(crawl(world, db))
        published = (datetime.now(timezone.utc) - timedelta(days=2)).strftime("%Y-%m-%d 09:00")
        entry = world.publish(OLDCMS, new_article("jauna-biblioteka-atvernta", published))
        ok(crawl(world, db))
        slug = "jauna-biblioteka-atvernta"
        assert article(db, slug)["revision"] == 1
        world.edit(OLDCMS, slug, title="Jaunā bibliotēka atvērta (precizēts)",
                   body=entry["body"].split("\n") + ["Bibliotēkā iedzīvotāji varēs arī saņemt palīdzību e-pakalpojumu lietošanā un izmantot datorus."])
        third = ok(crawl(world, db))
        stored = article(db, slug)
        assert stored["revision"] == 2 and stored["title"] == "Jaunā bibliotēka atvērta (precizēts)"
        assert "e-pakalpojumu lietošanā" in stored["body"]
        run = last_run(db)
        assert json.loads(run["revisit_reasons"])["recent"] >= 1 and run["revisit_changed"] == 1, third.stdout
        # Old articles are not revisited: their cycle is not due.
        assert "cycle" not in json.loads(run["revisit_reasons"])


def test_an_unchanged_revisit_is_a_304_counted_and_not_extracted(tmp_path):
    from tests.test_schedule import new_article

    with sample_world(OLDCMS) as world:
        db = tmp_path / "novadi.db"
        published = (datetime.now(timezone.utc) - timedelta(days=1)).strftime("%Y-%m-%d 09:00")
        world.publish(OLDCMS, new_article("jauns-sporta-laukums", published))
        ok(crawl(world, db))
        checked = article(db, "jauns-sporta-laukums")["last_checked"]
        second = ok(crawl(world, db))
        run = last_run(db)
        assert json.loads(run["revisit_reasons"]) == {"recent": 1}
        assert (run["revisited"], run["revisit_unchanged"], run["revisit_changed"]) == (1, 1, 0)
        assert json.loads(run["responses"]).get("304") == 1
        stats = crawl_stats(second)
        assert stats.get("novadi/extracted", 0) == 0 and stats.get("novadi/stored/not-modified") == 1
        stored = article(db, "jauns-sporta-laukums")
        assert stored["revision"] == 1 and stored["last_checked"] > checked
        assert "revisited 1 (recent 1): 1 unchanged, 0 changed, 0 gone" in second.stdout
        # and the archivist's overview says so too
        from archive.db import open_readonly
        from archive.status import format_line, site_status
        line = format_line(next(r for r in site_status(open_readonly(db)) if r["site"] == OLDCMS))
        assert "; revisited 1 (recent 1): 1 unchanged, 0 changed, 0 gone" in line


def test_an_old_article_is_revisited_when_its_slower_cycle_is_due(tmp_path):
    with sample_world(OLDCMS) as world:
        db = tmp_path / "novadi.db"
        registry = tmp_path / "sites.toml"
        entries = world.registry_entries()
        entries[OLDCMS]["revisit"] = {"cycle_days": 60, "cycle_per_crawl": 1}
        from crawler.registry import dump_entries

        registry.write_text(dump_entries(entries), encoding="utf-8")
        ok(run(world, db, registry))
        target = rows(db, "SELECT url, published FROM articles ORDER BY published LIMIT 1")[0]
        edited = edit_by_url(world, target["url"], "Papildināts: domes sēdes protokols un lēmumu projekti ir publicēti "
                                                     "pašvaldības mājaslapā sadaļā par domes darbu.")
        # Checked a day ago: not due, not fetched.
        ok(run(world, db, registry))
        assert article_by_url(db, target["url"])["revision"] == 1
        assert "cycle" not in json.loads(last_run(db)["revisit_reasons"] or "{}")
        # Time passes: every article last checked 61 days ago or more, the edited one the longest.
        conn = sqlite3.connect(db)
        conn.execute("UPDATE articles SET last_checked = ?", [(datetime.now(timezone.utc) - timedelta(days=61)).isoformat()])
        conn.execute("UPDATE articles SET last_checked = ? WHERE url = ?",
                     [(datetime.now(timezone.utc) - timedelta(days=70)).isoformat(), target["url"]])
        conn.commit()
        conn.close()
        third = ok(run(world, db, registry))
        run_row = last_run(db)
        # One a crawl (cycle_per_crawl), the longest unchecked first: the edited one.
        assert json.loads(run_row["revisit_reasons"]) == {"cycle": 1}, third.stdout
        assert article_by_url(db, target["url"])["revision"] == 2, run_row
        assert edited in article_by_url(db, target["url"])["body"]
        ok(run(world, db, registry))
        assert json.loads(last_run(db)["revisit_reasons"]) == {"cycle": 1}


def run(world, db, registry):
    """A crawl with the registry as written (its revisit settings kept)."""
    from tests.conftest import FAST, run_novadi

    args = ["crawl", *world.site_ids, "--db", str(db), "--registry", str(registry)]
    for name, value in FAST.items():
        args += ["-s", f"{name}={value}"]
    return run_novadi(*args)


def article_by_url(db, url):
    return rows(db, "SELECT * FROM articles WHERE url = ?", (url,))[0]


def edit_by_url(world, url, paragraph) -> str:
    platform = world.platform(OLDCMS)
    with world.lock:
        found = [a for a in platform.articles(lang=None) if platform.expected(a)["url"] == url]
    assert found, url
    a = found[0]
    body = platform.expected(a)["body"].split("\n") + [paragraph]
    world.edit(OLDCMS, a.slug, body=body, lang=a.lang)
    return paragraph


def test_crawl_due_runs_the_full_pass_when_it_is_due(tmp_path):
    with sample_world(OLDCMS) as world:
        db = tmp_path / "novadi.db"
        registry = tmp_path / "sites.toml"
        from crawler.registry import dump_entries

        entries = world.registry_entries()
        entries[OLDCMS].update(frequency="daily", revisit={"full_pass": "weekly"})
        registry.write_text(dump_entries(entries), encoding="utf-8")
        ok(run_due(world, db, registry))
        assert "no site is due" in ok(run_due(world, db, registry)).stdout
        # Two days on: the daily crawl is due, the weekly full pass is not.
        shift_runs(db, days=2)
        ok(run_due(world, db, registry))
        assert last_run(db)["mode"] == "incremental"
        # Eight days after the first crawl: the full pass is due, though the daily crawl is not.
        shift_runs(db, days=6, keep_last_hours=1)
        result = ok(run_due(world, db, registry))
        full = last_run(db)
        assert full["mode"] == "full", result.stdout
        assert json.loads(full["revisit_reasons"]).get("full", 0) == len(rows(db, "SELECT id FROM articles"))
        assert "(full)" in result.stdout


def run_due(world, db, registry):
    from tests.conftest import FAST, run_novadi

    args = ["crawl", "--due", "--db", str(db), "--registry", str(registry)]
    for name, value in FAST.items():
        args += ["-s", f"{name}={value}"]
    return run_novadi(*args)


def shift_runs(db, *, days: int, keep_last_hours: int | None = None):
    """Move the recorded crawl runs back in time (as if the days had passed)."""
    conn = sqlite3.connect(db)
    runs = conn.execute("SELECT id, started, finished FROM crawl_runs ORDER BY id").fetchall()
    for i, (rid, started, finished) in enumerate(runs):
        if keep_last_hours is not None and i == len(runs) - 1:
            shift = timedelta(hours=keep_last_hours)
            new = datetime.now(timezone.utc) - shift
            conn.execute("UPDATE crawl_runs SET started = ?, finished = ? WHERE id = ?",
                         [new.isoformat(timespec="seconds"), new.isoformat(timespec="seconds"), rid])
            continue
        delta = timedelta(days=days)
        conn.execute("UPDATE crawl_runs SET started = ?, finished = ? WHERE id = ?",
                     [(datetime.fromisoformat(started) - delta).isoformat(timespec="seconds"),
                      (datetime.fromisoformat(finished) - delta).isoformat(timespec="seconds"), rid])
    conn.commit()
    conn.close()


@pytest.mark.skipif(REDIS is None, reason="redis-server is not installed (apt-get install redis-server)")
def test_distributed_workers_plan_revisits_and_the_writer_counts_them(tmp_path, redis_url):
    """Workers plan from what the writer published when the last run ended (without it,
    every URL the sitemap lists would look moved) and the writer counts the outcome."""
    with sample_world(REGION) as world:
        db = tmp_path / "novadi.db"
        procs, writer = start_cluster(world, tmp_path, redis_url, workers=1)
        wait(procs + [writer])
        slug = "iedzivotaju-skaits-selija-2023"
        assert article(db, slug)["revision"] == 1
        world.edit(REGION, slug, body=["Reģiona iedzīvotāju skaits precizēts pēc Centrālās statistikas pārvaldes "
                                       "jaunākajiem datiem, kas publicēti šā gada pavasarī."],
                   updated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"))
        procs, writer = start_cluster(world, tmp_path, redis_url, workers=1)
        wait(procs + [writer])
        logs = "".join(p.read_text(errors="replace")[-1500:] for p in tmp_path.glob("*.log"))
        assert article(db, slug)["revision"] == 2, logs
        run = last_run(db)
        assert json.loads(run["revisit_reasons"]) == {"lastmod": 1} and run["revisit_changed"] == 1, run


def test_a_sitemap_of_generated_lastmods_is_not_taken_at_its_word():
    from crawler.revisit import lastmods_informative

    spread = [f"2026-{m:02d}-01T10:00:00+02:00" for m in range(1, 13)]
    assert lastmods_informative(spread, NOW)
    assert not lastmods_informative(["2026-11-22T12:00:00+00:00"] * 12, NOW)      # one moment for all
    just_now = [(NOW - timedelta(minutes=m)).isoformat() for m in range(12)]       # written as it was served
    assert not lastmods_informative(just_now, NOW)
    assert lastmods_informative(just_now[:5], NOW)                                  # too few to tell
    assert lastmods_informative([None] * 20 + spread[:3], NOW)


# -- the writer: last checks and revisit outcomes ------------------------------------

def test_the_writer_records_each_check_and_counts_revisit_outcomes(tmp_path):
    from archive.db import open_db
    from archive.store import ArchiveWriter
    from crawler.registry import adhoc_site
    from tests.test_store import BODY, item

    writer = ArchiveWriter(open_db(tmp_path / "a.db"), batch=1)
    writer.register_sites([adhoc_site("https://www.example.lv/")])
    run = writer.start_run("example-lv", "incremental")
    url = "https://www.example.lv/a"

    def revisit(status, at, **kw):
        page = item(url, status=status, at=at, **kw)
        page["hints"] = {"revisit": "recent"}
        page["url"] = url + "/"       # as the site answered it
        return writer.ingest(page)

    assert writer.ingest(item(url)) == "new"
    assert revisit(304, "2022-02-01T00:00:00+00:00") == "not-modified"
    assert revisit(200, "2022-02-02T00:00:00+00:00") == "unchanged"
    assert revisit(200, "2022-02-03T00:00:00+00:00", body=BODY + " Labots.") == "changed"
    assert revisit(404, "2022-02-04T00:00:00+00:00") == "gone"
    assert revisit(410, "2022-02-05T00:00:00+00:00") == "ignored"     # already marked gone
    row = next(writer.db["articles"].rows)
    assert row["last_checked"] == "2022-02-05T00:00:00+00:00" and row["gone_at"] == "2022-02-04T00:00:00+00:00"
    assert row["body"] == BODY + " Labots." and row["revision"] == 2       # nothing stored is deleted
    assert writer.db.execute("SELECT fetched_url FROM pages WHERE url = ?", [url]).fetchone()[0] == url + "/"
    figures = writer.finish_run(run, reason="finished", stats={"novadi/revisit/recent": 5})
    assert (figures["revisited"], figures["revisit_unchanged"], figures["revisit_changed"], figures["revisit_gone"]) \
        == (5, 2, 1, 2)
    assert json.loads(figures["revisit_reasons"]) == {"recent": 5}


def test_an_update_date_alone_reaches_the_article_without_a_new_version(tmp_path):
    from archive.db import open_db
    from archive.store import ArchiveWriter
    from crawler.registry import adhoc_site
    from tests.test_store import item

    writer = ArchiveWriter(open_db(tmp_path / "a.db"), batch=1)
    writer.register_sites([adhoc_site("https://www.example.lv/")])
    writer.ingest(item("https://www.example.lv/a"))
    page = item("https://www.example.lv/a", at="2022-02-01T00:00:00+00:00")
    page["article"]["updated"] = "2022-01-31"
    assert writer.ingest(page) == "unchanged"
    row = next(writer.db["articles"].rows)
    assert (row["updated"], row["revision"]) == ("2022-01-31", 1)
