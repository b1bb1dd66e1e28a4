"""Scheduling, incremental crawls, health: what an archivist running novadi for years relies on."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from archive.health import compare, figures
from archive.schedule import is_due
from tests.conftest import crawl, rows, run_novadi

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("frequency,last,due", [
    ("daily", None, True),
    ("daily", NOW - timedelta(hours=23, minutes=30), True),   # within the slack
    ("daily", NOW - timedelta(hours=6), False),
    ("weekly", NOW - timedelta(days=3), False),
    ("weekly", NOW - timedelta(days=7), True),
    ("monthly", NOW - timedelta(days=31), True),
    ("0 6 * * 1", NOW - timedelta(days=8), True),             # Mondays at 06:00
    ("0 6 * * 1", NOW - timedelta(hours=1), False),
])
def test_is_due(frequency, last, due):
    assert is_due(frequency, last, NOW) is due


def test_health_figures_and_flags():
    good = [("Domes sēde", "2022-01-01", "Teksts " * 100)] * 6
    assert figures(good, "Ozolkalna novads")["dated_share"] == 1.0
    broken = [("Ozolkalna novads", None, "Lūdzu, ieslēdziet JavaScript.")] * 6
    current = figures(broken, "Ozolkalna novads")
    flags = compare(current, [figures(good, "Ozolkalna novads")], 6, [6], candidates=6)
    assert any("near-empty" in f for f in flags) and any("site name" in f for f in flags)
    # A quiet incremental run (nothing new, nothing fetched) is healthy.
    assert compare({"articles": 0}, [figures(good, "x")], 0, [6], candidates=0) == []


def new_article(slug: str, published: str) -> dict:
    return {"slug": slug, "title": f"Jaunums {slug}", "published": published, "author": "Anna Bērziņa",
            "body": [f"Ozolkalna novada pašvaldība informē par jaunu pakalpojumu ({slug.replace('-', ' ')}), kas "
                     "iedzīvotājiem pieejams no nākamā mēneša visos pagastu centros un klientu apkalpošanas vietās.",
                     "Sīkāka informācija pieejama pašvaldības mājaslapā un pa tālruni darba dienās."]}


def test_due_incremental_full_and_health(tmp_path):
    from crawler.sample_sites.server import SampleWorld

    with SampleWorld(sites=["ozolkalna-novads"]) as world:
        db = tmp_path / "novadi.db"
        first = crawl(world, db, None, "--due")
        assert first.returncode == 0, first.stderr[-3000:]
        # Right after, nothing is due.
        again = crawl(world, db, None, "--due")
        assert again.returncode == 0 and "no site is due" in again.stdout
        runs = rows(db, "SELECT * FROM crawl_runs ORDER BY id")
        assert len(runs) == 1

        # New articles appear: an incremental crawl fetches them with a fraction of the requests.
        world.publish("ozolkalna-novads", new_article("jauns-pakalpojums-iedzivotajiem", "2026-11-20 09:00"))
        world.publish("ozolkalna-novads", new_article("vel-viens-jaunums-par-pakalpojumu", "2026-11-21 10:00"))
        # And one old article that sits deep in the listing, which incremental crawls cannot see.
        world.publish("ozolkalna-novads", new_article("sens-raksts-kas-palika-nepamanits", "2020-01-15"))
        inc = crawl(world, db)
        assert inc.returncode == 0, inc.stderr[-3000:]
        run = rows(db, "SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
        assert run["new"] == 2 and run["mode"] == "incremental"
        assert run["requests"] <= 0.4 * runs[0]["requests"], (run["requests"], runs[0]["requests"])

        # A full crawl walks everything and reports what incremental crawls missed.
        full = crawl(world, db, None, "--full")
        assert full.returncode == 0, full.stderr[-3000:]
        run = rows(db, "SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
        assert run["mode"] == "full" and run["new"] == 1 and run["missed"] == 1
        assert "1 missed by earlier incremental crawls" in full.stdout

        status = run_novadi("status", "--db", str(db))
        assert status.returncode == 0, status.stdout + status.stderr

        # The site is redesigned: its article pages no longer carry their text.
        world.redesign("ozolkalna-novads")
        for n in range(4):
            world.publish("ozolkalna-novads", new_article(f"raksts-pec-parveides-{n}", f"2026-11-22 0{n}:00"))
        broken = crawl(world, db)
        run = rows(db, "SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
        assert run["flagged"] == 1, (run["flags"], run["dropped"], json.loads(run["health"] or "{}"))
        assert broken.returncode != 0 and "FLAGGED" in broken.stdout
        status = run_novadi("status", "--db", str(db))
        assert status.returncode == 1 and "FLAGGED" in status.stdout
