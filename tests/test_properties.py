"""Properties that must hold for any input, checked with generated inputs (hypothesis).

- ``canonical_url`` is idempotent, maps every spelling of a sample article's URL
  (tracking parameters, session ids, fragments, case, default ports, escapes) to
  one canonical URL, and never maps two different sample articles to the same one.
- ``parse_date`` never raises and never returns a date after its reference date.
"""
from __future__ import annotations

import random
import re
import string
from datetime import date, datetime
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from crawler.canonical import canonical_url
from crawler.extraction.dates import RIGA, parse_date
from crawler.sample_sites.server import expected_articles, load_sites

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def sample_article_urls() -> list[str]:
    """Every expected article URL of every sample site, each site on its own address."""
    urls = []
    for number, site_id in enumerate(sorted(load_sites()), start=2):
        urls += [a["url"] for a in expected_articles(site_id, f"http://127.0.0.{number}:8000/")]
    return urls


ARTICLE_URLS = sample_article_urls()


# -- canonical URLs ----------------------------------------------------------------------

def test_distinct_sample_articles_have_distinct_canonical_urls():
    canonical = {canonical_url(url) for url in ARTICLE_URLS}
    assert len(ARTICLE_URLS) > 30
    assert len(canonical) == len(set(ARTICLE_URLS))


TRACKING = st.sampled_from(["utm_source", "utm_medium", "utm_campaign", "utm_content", "fbclid", "gclid",
                            "msclkid", "mc_cid", "_ga", "PHPSESSID", "sid", "jsessionid"])
TOKEN = st.text(alphabet=string.ascii_letters + string.digits + "-_.", min_size=1, max_size=20)


@st.composite
def spelling(draw, url: str) -> str:
    """Another way a site or a newsletter links to ``url``."""
    parts = urlsplit(url)
    scheme = draw(st.sampled_from([parts.scheme, parts.scheme.upper()]))
    host = draw(st.sampled_from([parts.hostname, parts.hostname.upper()]))
    port = parts.port
    if port is None and draw(st.booleans()):
        port = 80
    netloc = f"{host}:{port}" if port else host
    path = parts.path
    if draw(st.booleans()) and path not in ("", "/"):
        # escape some plain letters: the same path to a server
        path = "".join(f"%{ord(c):02X}" if c.isalpha() and c.isascii() and draw(st.booleans()) else c
                       for c in path)
    if draw(st.booleans()):
        path = path + f";jsessionid={draw(TOKEN)}"
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += [(draw(TRACKING), draw(TOKEN)) for _ in range(draw(st.integers(0, 3)))]
    query = draw(st.permutations(query)) if query else query
    fragment = draw(st.sampled_from(["", "komentari", "top", draw(TOKEN)]))
    return urlunsplit((scheme, netloc, path, urlencode(query), fragment))


@PROPERTY_SETTINGS
@given(data=st.data(), index=st.integers(0, len(ARTICLE_URLS) - 1))
def test_every_spelling_of_an_article_url_has_its_canonical_url(data, index):
    url = ARTICLE_URLS[index]
    variant = data.draw(spelling(url))
    assert canonical_url(variant) == canonical_url(url), variant


@PROPERTY_SETTINGS
@given(data=st.data(), index=st.integers(0, len(ARTICLE_URLS) - 1))
def test_spellings_of_different_articles_never_meet(data, index):
    url = ARTICLE_URLS[index]
    variant = canonical_url(data.draw(spelling(url)))
    others = {canonical_url(u) for u in ARTICLE_URLS if u != url}
    assert variant not in others


URL_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)


@st.composite
def any_url(draw) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "HTTPS"]))
    host = draw(st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9-]{0,10}\.){0,3}[A-Za-z]{2,4}", fullmatch=True))
    port = draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    segments = draw(st.lists(st.one_of(URL_TEXT, st.sampled_from(["index.php", "print", "..", ".", "", "%2F",
                                                                   "a%20b", "ā", "jaunumi"])), max_size=5))
    path = "/" + "/".join(segments)
    pairs = draw(st.lists(st.tuples(st.one_of(URL_TEXT, TRACKING), URL_TEXT), max_size=4))
    raw_query = draw(st.sampled_from(["", "&", "a=1&&b", "x=%zz", "+=+", "p=1;q=2"]))
    query = "&".join(f"{quote(k)}={quote(v)}" for k, v in pairs) + raw_query
    fragment = draw(URL_TEXT)
    return f"{scheme}://{host}{port}{path}" + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")


@PROPERTY_SETTINGS
@given(url=any_url())
@example(url="http://example.lv/a%2Fb")
@example(url="http://example.lv/jaunumi/print/")
@example(url="http://example.lv/?a=%2526")
def test_canonical_url_is_idempotent(url):
    once = canonical_url(url)
    assert canonical_url(once) == once


STRIPPED_SUFFIX = re.compile(r"/(print|drukat|printable|index\.(php|html?))/?$", re.IGNORECASE)


@pytest.mark.parametrize("url", ["http://example.lv/index.php?utm_source=facebook", "http://example.lv/index.php?&",
                                 "http://example.lv/jaunumi/print/print", "http://example.lv/zinas/print/index.html"])
def test_canonical_url_is_idempotent_on_index_pages_and_print_views(url):
    once = canonical_url(url)
    assert canonical_url(once) == once


@PROPERTY_SETTINGS
@given(url=st.sampled_from(ARTICLE_URLS))
def test_canonical_url_of_a_sample_article_is_idempotent(url):
    once = canonical_url(url)
    assert canonical_url(once) == once


# -- dates -------------------------------------------------------------------------------

LV_MONTHS = {1: ("janvāris", "janvāra", "janvārī", "janv."), 2: ("februāris", "februāra", "februārī", "febr."),
             3: ("marts", "marta", "martā", "marts"), 4: ("aprīlis", "aprīļa", "aprīlī", "apr."),
             5: ("maijs", "maija", "maijā", "maijs"), 6: ("jūnijs", "jūnija", "jūnijā", "jūn."),
             7: ("jūlijs", "jūlija", "jūlijā", "jūl."), 8: ("augusts", "augusta", "augustā", "aug."),
             9: ("septembris", "septembra", "septembrī", "sept."), 10: ("oktobris", "oktobra", "oktobrī", "okt."),
             11: ("novembris", "novembra", "novembrī", "nov."), 12: ("decembris", "decembra", "decembrī", "dec.")}
DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


def written(day: date, form: int, case: int) -> str:
    """``day`` as Latvian municipal pages write it."""
    month = LV_MONTHS[day.month][case]
    forms = [
        f"{day:%d.%m.%Y}.", f"{day:%d.%m.%Y}", f"{day:%d.%m.%Y} 10:15", f"{day.year}. gada {day.day}. {month}",
        f"{day.year}.gada {day.day}.{month}", f"Ceturtdiena, {day:%d}. {month.capitalize()}, {day.year}.",
        f"{day.day}.{month}", f"{day.isoformat()}T09:30:00+03:00", f"Publicēts: {day:%d.%m.%Y}",
        f"Atjaunots: {day:%d.%m.%Y} 23:59",
    ]
    return forms[form % len(forms)]


def riga_date(iso: str) -> date:
    value = datetime.fromisoformat(iso)
    return value.astimezone(RIGA).date() if value.tzinfo else value.date()


@PROPERTY_SETTINGS
@given(text=st.text(max_size=300), reference=DATES)
def test_parse_date_never_raises_on_any_text(text, reference):
    result = parse_date(text, reference=reference)
    assert result is None or riga_date(result) <= reference


@PROPERTY_SETTINGS
@given(day=DATES, reference=DATES, form=st.integers(0, 9), case=st.integers(0, 3),
       before=st.text(max_size=40), after=st.text(max_size=40))
def test_parse_date_never_returns_a_date_after_the_reference(day, reference, form, case, before, after):
    text = f"{before} {written(day, form, case)} {after}"
    result = parse_date(text, reference=reference)
    assert result is None or riga_date(result) <= reference, (text, result)


@PROPERTY_SETTINGS
@given(moment=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 12, 31),
                           timezones=st.sampled_from([RIGA])),
       text=st.text(max_size=100))
def test_parse_date_accepts_an_aware_reference(moment, text):
    result = parse_date(f"{text} {moment:%d.%m.%Y}", reference=moment)
    assert result is None or riga_date(result) <= moment.date()


@pytest.mark.parametrize("seed", range(3))
def test_parse_date_survives_hostile_strings(seed):
    rng = random.Random(seed)
    pieces = ["99.99.9999", "31.02.2021.", "2021. gada 31. februārī", "0.0.0", "-" * 1000, "ā" * 5000,
              "\x00", "\ud7ff", "12." * 2000, "2024-13-45T99:99", "plkst. 25:61", "Mon, 32 Foo 2021 99:99:99 GMT"]
    text = "".join(rng.choice(pieces) for _ in range(50))
    result = parse_date(text, reference=date(2024, 1, 1))
    assert result is None or riga_date(result) <= date(2024, 1, 1)
