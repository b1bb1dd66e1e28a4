"""What a fetched page is, judged by its content: saved pages, checked field by field."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from crawler.discovery.pagekind import judge_page, kind_of
from crawler.extraction import Article

PAGES = Path(__file__).parent / "page_kinds"
CASES = sorted(p.stem for p in PAGES.glob("*.json"))


@pytest.mark.parametrize("fetched_as", ["article", "listing"])
@pytest.mark.parametrize("name", CASES)
def test_page_kind(name, fetched_as):
    expected = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    html = (PAGES / f"{name}.html").read_bytes()
    got = judge_page(html, expected["url"], fetched_at=datetime.fromisoformat(expected["saved"]),
                     hints={"fetched_as": fetched_as})
    assert (got.kind, got.detail) == (expected["kind"], expected["detail"]), got.reasons
    assert got.reasons, "a judgement always says why"
    if expected["kind"] == "article":
        assert got.article.title == expected["title"]
        assert got.article.published == expected["published"]
    else:
        assert got.article is None


def test_a_page_fetched_as_a_listing_needs_running_text_of_its_own_to_be_an_article():
    # what extraction makes of a "load more" listing's last page: headlines and labels
    tiles = Article(url="https://www.parauga.lv/jaunumi?page=3", title="Jaunumi", published=None,
                    body="2023\n14.martā\nDaugavas krastmalas promenādes būvniecība sāksies maijā\n"
                         "2.februārī\nLejasdaugavā atklāts jauns veselības centrs\nPiesakies jaunumiem")
    assert kind_of(tiles, "article").kind == "article"
    judged = kind_of(tiles, "listing")
    assert (judged.kind, judged.detail) == ("listing", "listing")
    assert judged.reasons[-1] == "fetched as a listing, with 0 characters of running text of its own"


def test_related_links_do_not_make_an_article_a_listing():
    html = (PAGES / "legacy-cms-article.html").read_text(encoding="utf-8")
    assert html.count("/lat/jaunumi/?id=") == 5   # "Citas ziņas": five other articles
    assert judge_page(html, "http://www.vecpils.lv/lat/jaunumi/?id=3391").kind == "article"

