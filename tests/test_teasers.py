"""Teasers read from a listing page, the crawl's account of them, and a site's own name."""
from __future__ import annotations

from datetime import date

from crawler import discovery
from crawler.discovery.teasers import Coverage, TeaserLedger, read_teasers
from crawler.sitename import SiteNameVotes

LISTING = """<html><body><nav><a href="/lv/kontakti">Kontakti</a></nav><div class="today">Šodien 4. decembris, 2026</div>
<div class="list">
 <div class="item"><h3><a href="/lv/jaunums/domes-sede">Domes 24. marta sēdē pieņemtie lēmumi</a></h3>
  <span class="date">28.03.2022.</span><p>Dome lēma par budžetu…</p></div>
 <div class="item"><h3><a href="/lv/jaunums/talka">Pavasara talka: kur saņemt maisus</a></h3><p>Bez datuma…</p></div>
 <div class="item"><a href="javascript:void(0)" onclick="open(7)">Slēgta ziņa, ko atver tikai skripts</a>
  <time datetime="2022-03-01">1. martā</time></div>
 <div class="item"><a href="#" onclick="open(8)">Vēl viena ziņa, ko atver tikai skripts</a><span>02.03.2022.</span></div>
</div></body></html>"""
URL = "https://www.parauga.lv/lv/jaunumi"


def teasers():
    doc = discovery.parse_page(LISTING)
    anchors = []
    discovery.page_links(LISTING, URL, doc, anchors)
    articles = ["https://www.parauga.lv/lv/jaunums/domes-sede", "https://www.parauga.lv/lv/jaunums/talka"]
    return read_teasers(anchors, URL, articles, today=date(2026, 12, 4))


def test_teasers_field_by_field():
    got = teasers()
    assert [(t.url, t.title, t.date) for t in got] == [
        ("https://www.parauga.lv/lv/jaunums/domes-sede", "Domes 24. marta sēdē pieņemtie lēmumi", "2022-03-28"),
        ("https://www.parauga.lv/lv/jaunums/talka", "Pavasara talka: kur saņemt maisus", None),
        (None, "Slēgta ziņa, ko atver tikai skripts", "2022-03-01"),
        (None, "Vēl viena ziņa, ko atver tikai skripts", "2022-03-02"),
    ]
    assert all(t.listing == URL for t in got)


def test_account_explains_every_teaser_and_flags_a_short_one():
    ledger = TeaserLedger()
    for teaser in teasers():
        ledger.seen(teaser.url, teaser)
    ledger.dropped("https://www.parauga.lv/lv/jaunums/talka", "robots")
    coverage = ledger.account({"https://www.parauga.lv/lv/jaunums/domes-sede": "2022-03-27T10:00:00+03:00"})
    assert (coverage.teasers, coverage.dated, coverage.archived) == (4, 3, 1)
    assert dict(coverage.dropped) == {"robots": 1, "script-link": 2}
    assert coverage.dates_differ == 1        # the teaser says the 28th, the archive the 27th
    assert coverage.share == 0.25
    assert coverage.flags() == ["coverage 25%: 1 of 4 teasers in the archive (script-link 2, e.g. "
                                "“Slēgta ziņa, ko atver tikai skripts”; robots 1, e.g. "
                                "https://www.parauga.lv/lv/jaunums/talka)"]


def test_drops_that_are_not_misses_leave_coverage_whole():
    coverage = Coverage(teasers=3, dated=3, archived=2)
    coverage.dropped.update({"not-article:event": 1})
    assert coverage.share == 1.0 and coverage.flags() == []
    assert Coverage(teasers=2, dated=2).flags() == ["listings show 2 dated teasers, none of them is in the archive"]


def test_a_ledger_merges_the_shares_of_several_workers():
    one, two = TeaserLedger(), TeaserLedger()
    for teaser in teasers()[:2]:
        one.seen(teaser.url, teaser)
    for teaser in teasers()[2:]:
        two.seen(teaser.url, teaser)
    two.dropped("https://www.parauga.lv/lv/jaunums/talka", "gone")
    one.merge(two.to_dict())
    coverage = one.account({})
    assert coverage.teasers == 4 and dict(coverage.dropped) == {"not-fetched": 1, "gone": 1, "script-link": 2}


def test_site_name_from_og_site_name_or_the_shared_title_part():
    votes = SiteNameVotes()
    for title in ("Domes sēde | Bauskas novads", "Jaunumi | Bauskas novads", "Bauskas novads"):
        votes.add(f"<html><head><title>{title}</title></head></html>")
    assert votes.name() == "Bauskas novads"
    declared = SiteNameVotes()
    declared.add('<head><meta property="og:site_name" content="Rīgas plānošanas reģions"><title>Sākums</title></head>')
    assert declared.name() == "Rīgas plānošanas reģions"
    assert SiteNameVotes().name() is None
