"""A moment a foreign page gives only in UTC is dated on the publisher's own day."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from crawler.extraction import extract
from crawler.extraction.dates import RIGA
from crawler.extraction.localday import local_day, publisher_country

FETCHED = datetime(2021, 1, 10, tzinfo=RIGA)


@pytest.mark.parametrize("meta, lang, url, country", [
    ({"og:locale": "en_US"}, None, "https://news.example.com/a", "us"),
    ({}, "fr-CA", "https://news.example.com/a", "ca"),
    ({}, "fr", "https://ici.example.ca/nouvelle/1", "ca"),
    ({}, None, "https://www.giornale.example.it/news/1", "it"),
    ({}, None, "https://www.example.co.uk/news/1", "gb"),
    ({}, "en", "https://news.example.com/a", None),   # a generic domain, a language without a region
    ({}, None, "https://startup.example.io/blog/1", None),   # a country code sold as a brand
])
def test_the_publishers_country_comes_from_the_page(meta, lang, url, country):
    assert publisher_country(meta, lang, url) == country


def test_a_country_of_one_zone_keeps_the_moment_in_it():
    moment = datetime(2020, 12, 5, 23, 15, tzinfo=timezone.utc)
    assert local_day(moment, "it").isoformat() == "2020-12-06T00:15:00+01:00"


def test_a_country_of_many_zones_gives_the_day_they_agree_on_or_nothing():
    # 02:54 UTC on the 2nd: 22:54 on the 1st in New York, 16:54 on the 1st in Honolulu
    assert local_day(datetime(2020, 5, 2, 2, 54, 29, tzinfo=timezone.utc), "us") == date(2020, 5, 1)
    # 12:30 UTC on the 1st: the 1st from Honolulu (02:30) to New York (08:30)
    assert local_day(datetime(2020, 5, 1, 12, 30, tzinfo=timezone.utc), "us") == date(2020, 5, 1)
    # 05:00 UTC on the 1st: 01:00 on the 1st in New York, 22:00 on 30 April in Los Angeles
    assert local_day(datetime(2020, 5, 1, 5, 0, tzinfo=timezone.utc), "us") is None


def _page(head: str) -> str:
    text = " ".join(["The council of the town met on Tuesday to discuss the new bridge over the river "
                     "and its budget for the coming years."] * 6)
    return (f'<html lang="en-US"><head><title>Bridge budget approved</title>{head}</head><body>'
            f'<article><h1>Bridge budget approved</h1><p>{text}</p><p>{text}</p></article></body></html>')


def test_a_utc_moment_late_in_the_evening_in_new_york_is_dated_that_evening():
    head = '<meta property="article:published_time" content="2020-05-02T02:54:29.000Z">'
    article = extract(_page(head), "https://news.example.com/traffic/station-closes/6144149/", fetched_at=FETCHED)
    assert article.published == "2020-05-01"


def test_the_day_the_page_itself_shows_wins():
    head = '<meta property="article:published_time" content="2020-02-18T00:25:09Z">'
    # its own address says the 18th
    article = extract(_page(head), "https://news.example.com/2020/02/18/a-story/", fetched_at=FETCHED)
    assert article.published == "2020-02-18T00:25:09+00:00"
    # as does the date it prints
    shown = _page(head).replace("<article><h1>Bridge budget approved</h1>",
                                '<article><h1>Bridge budget approved</h1>'
                                '<time datetime="2020-02-18T00:25:09Z">18 February 2020</time>')
    assert extract(shown, "https://news.example.com/a-story/", fetched_at=FETCHED).published == \
        "2020-02-18T00:25:09+00:00"


def test_utc_midnight_is_a_bare_day_and_stays_that_day():
    head = '<meta property="article:published_time" content="2019-06-17T00:00:00+00:00">'
    article = extract(_page(head), "https://news.example.com/a-story/", fetched_at=FETCHED)
    assert article.published.startswith("2019-06-17")
