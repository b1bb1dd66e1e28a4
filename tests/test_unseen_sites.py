"""Sites whose layouts the crawler was not built on, crawled by URL alone.

``novadi crawl --url`` knows nothing of these sites but their address: no
registry entry, no profile. It must find every article and nothing else.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FAST, canon, rows, run_novadi

UNSEEN = Path(__file__).parent / "unseen_sites"
SITES = ["lazdonas-novads", "lejasdaugavas-novads"]


@pytest.fixture(scope="module")
def unseen(tmp_path_factory):
    from crawler.sample_sites.server import SampleWorld

    with SampleWorld(sites=SITES, extra_dirs=[UNSEEN], first_host=20) as world:
        results = {}
        for site in SITES:
            db = tmp_path_factory.mktemp(site) / "novadi.db"
            args = ["crawl", "--url", world.base_url(site), "--db", str(db)]
            for name, value in FAST.items():
                args += ["-s", f"{name}={value}"]
            result = run_novadi(*args)
            # Exit 1 with a FLAGGED health line is a finished crawl whose bodies the
            # field tests judge; anything else is a failed crawl.
            assert result.returncode == 0 or "FLAGGED" in result.stdout, result.stdout + result.stderr[-3000:]
            results[site] = (db, world.expected_articles(site))
        yield results


@pytest.mark.parametrize("site", SITES)
def test_exactly_the_articles(unseen, site):
    db, expected = unseen[site]
    got = {r["url"] for r in rows(db, "SELECT url FROM articles")}
    want = {canon(a["url"]) for a in expected}
    assert got == want, f"missing {sorted(want - got)[:5]}, extra {sorted(got - want)[:5]}"


@pytest.mark.parametrize("site", SITES)
@pytest.mark.parametrize("field", ["title", "published", "body"])
def test_fields(unseen, site, field):
    db, expected = unseen[site]
    got = {r["url"]: r for r in rows(db, "SELECT * FROM articles")}
    wrong = [(a["url"], got[canon(a["url"])][field], a[field]) for a in expected
             if canon(a["url"]) in got and (got[canon(a["url"])][field] or None) != (a[field] or None)]
    assert not wrong, f"{len(wrong)} of {len(expected)} wrong: {wrong[:2]}"
