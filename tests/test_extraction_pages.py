"""The Latvian gold set: saved pages and the article expected from each, field by field.

Each ``tests/extraction_pages/<platform>/<name>.html`` has a ``<name>.json`` with the URL,
the time the page was saved, the site it belongs to (or null for an ad-hoc URL) and the
expected fields. Bodies are compared line by line at the edges (where boilerplate
hides) and by token F1 overall; every other field must match exactly.
"""
from __future__ import annotations

import functools
import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from crawler.extraction import extract
from crawler.registry import build_site, load_profiles

PAGES = Path(__file__).parent / "extraction_pages"
FIXTURES = sorted(PAGES.glob("*/*.json"))
BOILERPLATE = re.compile(
    r"(Lapas karte|Youtube|Instagram|Facebook|Foto un video galerija|Informāciju sagatavoja|Tālrunis:|"
    r"e-pasts:|LV-\d{4}|pašvaldības iestāde|Drukāt|Viegli lasīt|Dalīties|sīkdatnes|Citi jaunumi|Sākums)"
)


def load(path: Path) -> tuple[dict, bytes]:
    expected = json.loads(path.read_text(encoding="utf-8"))
    return expected, path.with_suffix(".html").read_bytes()


def site_for(expected: dict):
    if not expected.get("site"):
        return None
    entry = dict(expected["site"])
    site_id = entry.pop("id")
    return build_site(site_id, entry, load_profiles())


@functools.cache
def run(path: Path):
    expected, html = load(path)
    article = extract(
        html,
        expected["url"],
        site_for(expected),
        fetched_at=datetime.fromisoformat(expected["saved"]),
        hints=expected.get("hints"),
    )
    return expected, article


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def f1(got: str, want: str) -> float:
    a, b = Counter(tokens(got)), Counter(tokens(want))
    common = sum((a & b).values())
    if not a and not b:
        return 1.0
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def test_gold_set_is_big_enough():
    platforms = {path.parent.name for path in FIXTURES}
    assert len(FIXTURES) >= 30
    assert {"tvp", "wordpress", "legacy", "region"} <= platforms
    assert sum(1 for path in FIXTURES if not json.loads(path.read_text())["is_article"]) >= 4


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_page_kind(path):
    expected, article = run(path)
    assert article.is_article == expected["is_article"], article.reason
    if not expected["is_article"]:
        assert article.reason == expected["reason"]


ARTICLES = [p for p in FIXTURES if json.loads(p.read_text(encoding="utf-8"))["is_article"]]
ids = lambda p: f"{p.parent.name}/{p.stem}"  # noqa: E731


@pytest.mark.parametrize("path", ARTICLES, ids=ids)
def test_title(path):
    expected, article = run(path)
    assert article.title == expected["title"]


@pytest.mark.parametrize("path", ARTICLES, ids=ids)
def test_dates(path):
    expected, article = run(path)
    assert (article.published, article.updated) == (expected["published"], expected["updated"])


@pytest.mark.parametrize("path", ARTICLES, ids=ids)
def test_credits(path):
    expected, article = run(path)
    assert article.author == expected["author"]
    assert article.credit == expected.get("credit")


@pytest.mark.parametrize("path", ARTICLES, ids=ids)
def test_lang(path):
    expected, article = run(path)
    assert article.lang == expected.get("lang", "lv")


@pytest.mark.parametrize("path", ARTICLES, ids=ids)
def test_body(path):
    expected, article = run(path)
    got, want = article.body.split("\n"), expected["body"].split("\n")
    assert got[0] == want[0], "first line"
    assert got[-1] == want[-1], "last line"
    assert f1(article.body, expected["body"]) >= 0.98
    leaked = set(BOILERPLATE.findall(article.body)) - set(BOILERPLATE.findall(expected["body"]))
    assert not leaked


@pytest.mark.parametrize("path", [p for p in ARTICLES if "attachments" in json.loads(p.read_text())], ids=ids)
def test_attachments(path):
    expected, article = run(path)
    got = [{"url": a.url, "text": a.text, "kind": a.kind} for a in article.attachments]
    assert got == expected["attachments"]


@pytest.mark.parametrize("path", [p for p in ARTICLES if "eu_projects" in json.loads(p.read_text())], ids=ids)
def test_eu_projects(path):
    expected, article = run(path)
    got = [vars(p) for p in article.eu_projects]
    assert got == expected["eu_projects"]


@pytest.mark.parametrize("path", ARTICLES, ids=ids)
def test_text_is_nfc(path):
    import unicodedata

    _, article = run(path)
    for value in (article.title, article.body, article.author or ""):
        assert unicodedata.is_normalized("NFC", value)


ALLOWED = {"h2": set(), "h3": set(), "h4": set(), "p": set(), "ul": set(), "ol": set(), "li": set(),
           "table": set(), "thead": set(), "tbody": set(), "tr": set(), "th": set(), "td": set(),
           "a": {"href"}, "figure": set(), "img": {"src", "alt"}, "figcaption": set(), "blockquote": set(),
           "strong": set(), "em": set(), "b": set(), "i": set(), "br": set()}


@pytest.mark.parametrize("path", ARTICLES, ids=ids)
def test_structured_body_keeps_the_contract(path):
    """body_html: only the contract's tags and attributes, absolute http(s) links and images,
    and the same text as body, block for block."""
    from lxml import html as lxml_html

    expected, article = run(path)
    assert article.body_html, "every article has a structured body"
    root = lxml_html.fragment_fromstring(article.body_html, create_parent="div")
    for element in root.iterdescendants():
        assert element.tag in ALLOWED, element.tag
        assert set(element.attrib) <= ALLOWED[element.tag], (element.tag, element.attrib)
        for attr in ("href", "src"):
            if attr in element.attrib:
                assert element.get(attr).startswith(("http://", "https://")), element.get(attr)
    blocks = "".join("".join(e.itertext()) for e in root if e.tag != "figure")
    lines = "".join(line.removeprefix("- ").replace(" | ", "") for line in article.body.split("\n"))
    assert "".join(blocks.split()) == "".join(lines.split())
