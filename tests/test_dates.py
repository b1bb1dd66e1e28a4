"""Dates as Latvian municipal sites write them, and which one on a page is the publication date."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.extraction import extract, parse_date
from crawler.extraction.dates import RIGA, find_all, parse_datetime

REF = date(2023, 6, 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("13.04.2017.", "2017-04-13"),
        ("08.02.2022", "2022-02-08"),
        ("8.2.2022", "2022-02-08"),
        ("13.04.2017 10:15", "2017-04-13T10:15:00+03:00"),
        ("13.04.2017. plkst. 9.30", "2017-04-13T09:30:00+03:00"),
        ("2020. gada 15. janvārī", "2020-01-15"),
        ("2021.gada 15.jūnijā", "2021-06-15"),
        ("2021. gada 29. decembris", "2021-12-29"),
        ("2019. g. 1. aprīļa", "2019-04-01"),
        ("Ceturtdiena, 08. Decembris, 2022.", "2022-12-08"),
        ("ceturtdiena, 8. decembris, 2022", "2022-12-08"),
        ("15. janv. 2021", "2021-01-15"),
        ("3. febr. 2021", "2021-02-03"),
        ("1. apr. 2021", "2021-04-01"),
        ("10. jūn. 2021", "2021-06-10"),
        ("10. jūl. 2021", "2021-07-10"),
        ("10. aug. 2021", "2021-08-10"),
        ("10. sept. 2021", "2021-09-10"),
        ("10. okt. 2021", "2021-10-10"),
        ("10. nov. 2021", "2021-11-10"),
        ("10. dec. 2021", "2021-12-10"),
        ("līdz 2021. gada 31. martam", "2021-03-31"),
        ("2022-02-08T10:00:00+02:00", "2022-02-08T10:00:00+02:00"),
        ("2022-02-08", "2022-02-08"),
        ("Tue, 08 Feb 2022 10:00:00 +0200", "2022-02-08T10:00:00+02:00"),
        ("February 8, 2022", "2022-02-08"),
        ("8 февраля 2022 года", "2022-02-08"),
        ("Publicēts: 03.05.2023", "2023-05-03"),
        # Joomla's Latvian locale: no dot after the day, the month in the nominative
        ("Ceturtdiena, 12 Aprīlis 2018 10:15", "2018-04-12T10:15:00+03:00"),
        ("Piektdiena, 03 Maijs 2019", "2019-05-03"),
        ("1 Septembris 2020", "2020-09-01"),
    ],
)
def test_forms(text, expected):
    assert parse_date(text, reference=REF) == expected


@pytest.mark.parametrize(
    "month, forms",
    [
        (1, ("janvāris", "janvāra", "janvārī")), (2, ("februāris", "februāra", "februārī")),
        (3, ("marts", "marta", "martā")), (4, ("aprīlis", "aprīļa", "aprīlī")),
        (5, ("maijs", "maija", "maijā")), (6, ("jūnijs", "jūnija", "jūnijā")),
        (7, ("jūlijs", "jūlija", "jūlijā")), (8, ("augusts", "augusta", "augustā")),
        (9, ("septembris", "septembra", "septembrī")), (10, ("oktobris", "oktobra", "oktobrī")),
        (11, ("novembris", "novembra", "novembrī")), (12, ("decembris", "decembra", "decembrī")),
    ],
)
def test_month_cases_any_capitalisation(month, forms):
    for form in forms:
        for written in (form, form.capitalize(), form.upper()):
            assert parse_date(f"2020. gada 5. {written}", reference=REF) == f"2020-{month:02d}-05"
            assert parse_date(f"5. {written} 2020", reference=REF) == f"2020-{month:02d}-05"


def test_month_without_diacritics():
    assert parse_date("2020. gada 15. janvari", reference=REF) == "2020-01-15"
    assert parse_date("2020. gada 1. julija", reference=REF) == "2020-07-01"


def test_day_without_year_takes_year_from_reference():
    assert parse_date("12.aprīlī", reference=date(2023, 6, 1)) == "2023-04-12"
    # still in the future this year: last year's
    assert parse_date("12.aprīlī", reference=date(2023, 3, 1)) == "2022-04-12"


def test_riga_offsets_follow_daylight_saving():
    assert parse_date("15.01.2022 10:15", reference=REF) == "2022-01-15T10:15:00+02:00"
    assert parse_date("15.07.2022 10:15", reference=REF) == "2022-07-15T10:15:00+03:00"
    # the last Sunday of March 2022 (27th): 03:00 local jumps to 04:00
    assert parse_date("26.03.2022 12:00", reference=REF).endswith("+02:00")
    assert parse_date("27.03.2022 12:00", reference=REF).endswith("+03:00")
    assert parse_date("30.10.2022 12:00", reference=REF).endswith("+02:00")
    # an instant in UTC is shown in Riga time
    assert parse_date("2022-07-08T10:00:00Z", reference=REF) == "2022-07-08T13:00:00+03:00"


def test_future_dates_are_rejected():
    assert parse_date("01.01.2099") is None
    assert parse_date("2023. gada 3. aug.", reference=date(2023, 6, 1)) is None
    assert parse_date("02.06.2023", reference=date(2023, 6, 1)) is None
    assert parse_date("01.06.2023", reference=date(2023, 6, 1)) == "2023-06-01"


def test_invalid_dates_are_not_dates():
    assert parse_date("31.02.2022") is None
    assert parse_date("Tālrunis 63022238") is None
    assert parse_date("LV-3001") is None
    assert parse_date("") is None
    assert parse_date("1990. gada 3. maijā") is None  # before the web archive's horizon


def test_finds_every_date_in_order():
    found = find_all("No 01.04.2019. līdz 2021. gada 31. martam", date(2100, 1, 1))
    assert [m.iso() for m in found] == ["2019-04-01", "2021-03-31"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.dates(min_value=date(1996, 1, 1), max_value=date(2100, 1, 1)))
def test_parse_date_never_raises_and_never_returns_the_future(text, reference):
    result = parse_date(text, reference=reference)
    assert result is None or date.fromisoformat(result[:10]) <= reference


_MONTHS = ["janvārī", "februārī", "martā", "aprīlī", "maijā", "jūnijā", "jūlijā", "augustā",
           "septembrī", "oktobrī", "novembrī", "decembrī"]


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1996, 1, 1), max_value=date(2030, 12, 31)),
       st.dates(min_value=date(1996, 1, 1), max_value=date(2030, 12, 31)),
       st.sampled_from(["{d:02d}.{m:02d}.{y}.", "{y}. gada {d}. {mon}", "{d}.{mon}", "{d}. {mon} {y}"]),
       st.text(alphabet="abc āč .,:-", max_size=20))
def test_generated_latvian_dates(day, reference, template, noise):
    text = noise + " " + template.format(d=day.day, m=day.month, y=day.year, mon=_MONTHS[day.month - 1])
    result = parse_date(text, reference=reference)
    assert result is None or date.fromisoformat(result[:10]) <= reference
    if day <= reference and "{y}" in template:
        assert result == day.isoformat()


def _page(meta: str = "", header: str = "", body_date: str = "", sidebar: str = "") -> str:
    paragraphs = "".join(
        f"<p>Šī ir raksta {n}. rindkopa par pašvaldības jaunumiem, un tajā ir pietiekami daudz teksta, "
        f"lai to uzskatītu par raksta saturu.</p>" for n in range(1, 5)
    )
    return (f"<html lang='lv'><head><title>Virsraksts | Novads</title>{meta}</head><body>"
            f"<div class='top'>{header}</div><main><article><h1>Jauns laukums pagastā</h1>{body_date}{paragraphs}"
            f"</article></main><aside class='sidebar'>{sidebar}</aside></body></html>")


FETCHED = datetime(2023, 5, 4, 12, 0, tzinfo=RIGA)


def test_published_and_updated_told_apart():
    html = _page(body_date="<div>Publicēts: 13.04.2023</div><div>Atjaunots: 20.04.2023 14:00</div>")
    article = extract(html, "https://www.example.lv/lv/jaunums/x", fetched_at=FETCHED)
    assert article.published == "2023-04-13"
    assert article.updated == "2023-04-20T14:00:00+03:00"


@pytest.mark.parametrize("label", ["Pēdējās izmaiņas:", "Labots:", "Atjaunots"])
def test_update_labels(label):
    html = _page(body_date=f"<p class='meta'>12.04.2023.</p><p class='meta'>{label} 18.04.2023.</p>")
    article = extract(html, "https://www.example.lv/lv/jaunums/x", fetched_at=FETCHED)
    assert (article.published, article.updated) == ("2023-04-12", "2023-04-18")


def test_modified_meta_is_the_update():
    meta = ("<meta property='article:published_time' content='2023-04-12T09:00:00+03:00'>"
            "<meta property='article:modified_time' content='2023-04-14T10:00:00+03:00'>")
    article = extract(_page(meta=meta), "https://www.example.lv/x", fetched_at=FETCHED)
    assert article.published == "2023-04-12T09:00:00+03:00"
    assert article.updated == "2023-04-14T10:00:00+03:00"


def test_jsonld_dates():
    meta = ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
            '"datePublished":"2023-04-12T06:00:00Z","dateModified":"2023-04-13T06:00:00Z"}</script>')
    article = extract(_page(meta=meta), "https://www.example.lv/x", fetched_at=FETCHED)
    assert article.published == "2023-04-12T09:00:00+03:00"
    assert article.updated == "2023-04-13T09:00:00+03:00"


def test_time_element():
    html = _page(body_date='<time datetime="2023-04-12T10:15:00+03:00">12.04.2023.</time>')
    assert extract(html, "https://www.example.lv/x", fetched_at=FETCHED).published == "2023-04-12T10:15:00+03:00"


def test_sidebar_and_today_widget_dates_are_ignored():
    html = _page(header="Šodien: Ceturtdiena, 04. Maijs, 2023.", sidebar="<p>28.04.2023.</p><p>27.04.2023.</p>")
    article = extract(html, "https://www.example.lv/x", fetched_at=FETCHED)
    assert article.published is None


def test_date_inside_a_sentence_is_not_the_publication_date():
    html = _page(body_date="<p>2023. gada 15. martā dome pieņēma lēmumu par jauna laukuma būvniecību pagastā.</p>")
    assert extract(html, "https://www.example.lv/x", fetched_at=FETCHED).published is None


def test_future_and_crawl_dates_are_never_used():
    meta = "<meta property='article:published_time' content='2024-01-01T10:00:00+02:00'>"
    html = _page(meta=meta, body_date="<p>Publicēts: 20.05.2023</p>")
    article = extract(html, "https://www.example.lv/x", fetched_at=FETCHED)
    assert article.published is None
    article = extract(_page(), "https://www.example.lv/x", fetched_at=FETCHED)
    assert article.published is None  # nothing on the page: not the fetch date either


@pytest.mark.parametrize("shown, published", [
    # FETCHED is 2023-05-04 12:00 in Riga
    ("Šodien, 10:15", "2023-05-04T10:15:00+03:00"),
    ("vakar plkst. 14:30", "2023-05-03T14:30:00+03:00"),
    ("Publicēts: aizvakar 09:05", "2023-05-02T09:05:00+03:00"),
    ("pirms 3 dienām", "2023-05-01"),
    ("pirms 2 stundām", "2023-05-04"),
    ("pirms 14 stundām", "2023-05-03"),        # the day it was then
    ("вчера в 18:00", "2023-05-03T18:00:00+03:00"),
    ("5 дней назад", "2023-04-29"),
    ("Yesterday at 08:00", "2023-05-03T08:00:00+03:00"),
    ("2 days ago", "2023-05-02"),
    ("Šodien", None),                          # a day word without its time is a menu's as often
    ("šodien 23:50", None),                    # later than the page was fetched
    ("Šodien 11:58", None),                    # a clock, showing the time the page was fetched
    ("Šodien 12:03", None),                    # the same on a server whose clock runs ahead
    ("Šodien 11:50", "2023-05-04T11:50:00+03:00"),
])
def test_dates_written_relative_to_the_fetch(shown, published):
    html = _page(body_date=f"<div class='date'>{shown}</div>")
    assert extract(html, "https://www.example.lv/x", fetched_at=FETCHED).published == published


def test_a_relative_day_inside_a_sentence_is_not_the_publication_date():
    html = _page(body_date="<p>Vakar plkst. 10:00 dome pieņēma lēmumu par jauna laukuma būvniecību pagastā.</p>")
    assert extract(html, "https://www.example.lv/x", fetched_at=FETCHED).published is None


def test_relative_dates_only_when_the_moment_is_known():
    assert find_all("vakar, 14:30", REF) == []
    assert [m.iso() for m in find_all("vakar, 14:30", REF, now=datetime(2023, 6, 1, 9, 0, tzinfo=RIGA))] == \
        ["2023-05-31T14:30:00+03:00"]


def test_feed_date_is_a_fallback():
    hints = {"published": "2023-04-30T08:00:00+03:00"}
    article = extract(_page(), "https://www.example.lv/x", fetched_at=FETCHED, hints=hints)
    assert article.published == "2023-04-30T08:00:00+03:00"
    html = _page(body_date="<p>Publicēts: 29.04.2023</p>")
    assert extract(html, "https://www.example.lv/x", fetched_at=FETCHED, hints=hints).published == "2023-04-29"


def test_year_of_a_dayless_date_comes_from_the_url():
    html = _page(body_date="<p>Publicēts 12.aprīlī</p>")
    article = extract(html, "https://www.example.lv/jaunumi/2016/talka", fetched_at=FETCHED)
    assert article.published == "2016-04-12"


def test_fetched_at_bounds_datetimes_within_the_day():
    meta = "<meta property='article:published_time' content='2023-05-04T15:00:00+03:00'>"
    assert extract(_page(meta=meta), "https://www.example.lv/x", fetched_at=FETCHED).published is None
    later = FETCHED + timedelta(hours=4)
    assert extract(_page(meta=meta), "https://www.example.lv/x", fetched_at=later).published == "2023-05-04T15:00:00+03:00"


def test_profile_date_xpath_outranks_guesses():
    from crawler.registry import build_site, load_profiles

    site = build_site("x", {"name": "X", "url": "https://www.example.lv",
                            "extract": {"date": "//span[@class='kad']"}}, load_profiles())
    html = _page(body_date="<p>Publicēts: 20.04.2023</p><span class='kad'>2023. gada 18. aprīlī</span>")
    assert extract(html, "https://www.example.lv/x", site, fetched_at=FETCHED).published == "2023-04-18"


def test_joomla_locale_date_on_a_page():
    html = """<html lang="lv-lv"><head><title>Jauns rotaļu laukums Lazdonā - Lazdonas novads</title></head><body>
    <div class="item-page"><h2>Jauns rotaļu laukums Lazdonā</h2>
    <dl class="article-info"><dd class="published">Ceturtdiena, 12 Aprīlis 2018 10:15</dd></dl>
    <p>""" + "Lazdonas centrā atklāts jauns rotaļu laukums bērniem līdz divpadsmit gadu vecumam. " * 6 + """</p>
    </div></body></html>"""
    article = extract(html, "https://www.lazdona.lv/index.php/jaunumi/212-jauns-rotalu-laukums")
    assert article.is_article, article.reason
    assert article.published == "2018-04-12T10:15:00+03:00"
    assert article.title == "Jauns rotaļu laukums Lazdonā"


def test_day_and_month_without_year_or_dot_is_not_a_date():
    assert parse_date("Lapa 12 no 2018", reference=REF) is None
    assert parse_date("12 maijs", reference=REF) is None


def test_a_year_alone_in_a_foreign_article_does_not_hide_the_day_elsewhere_on_its_page():
    # The article's container says only "2020" (htmldate then answers 1 January); the
    # byline above it gives the day.
    text = " ".join(["The council of the town met on Tuesday to discuss the new bridge over the river "
                     "and its budget for the coming year."] * 6)
    html = (f'<html lang="en"><head><title>Bridge budget approved</title></head><body>'
            f'<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>'
            f'<div class="byline">Posted on <span class="posted">24/04/2020</span> by the editors</div>'
            f'<article><h1>Bridge budget approved</h1><p>{text}</p><p>{text}</p>'
            f'<p>Plans for 2020 and beyond were shown.</p></article>'
            f'<footer>Copyright 2020 Example Town</footer></body></html>')
    article = extract(html, "https://news.example.org/bridge-budget-approved",
                      fetched_at=datetime(2020, 6, 1, tzinfo=RIGA))
    assert article.published == "2020-04-24"


def _foreign_article(head: str, extra: str = "") -> str:
    text = " ".join(["The council of the town met on Tuesday to discuss the new bridge over the river "
                     "and its budget for the coming years."] * 6)
    return (f'<html lang="en"><head><title>Bridge budget approved</title>{head}</head><body>'
            f'<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>'
            f'<article><h1>Bridge budget approved</h1><p>{text}</p><p>{text}</p>{extra}</article>'
            f'<footer>Example Town news</footer></body></html>')


def test_one_moment_given_in_utc_and_in_the_publishers_offset_takes_the_publishers_day():
    # Just before midnight UTC is already the next day where the site is: the page says
    # so in its JSON-LD, while its Open Graph tag gives the same moment in UTC.
    head = ('<meta property="article:published_time" content="2020-12-24T23:59:50+00:00">'
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2020-12-25T01:59:50+02:00"}</script>')
    article = extract(_foreign_article(head), "https://news.example.org/bridge-budget-approved",
                      fetched_at=datetime(2021, 1, 10, tzinfo=RIGA))
    assert article.published == "2020-12-25T01:59:50+02:00"


def test_a_foreign_page_whose_only_date_is_a_year_gets_no_day():
    # htmldate answers a bare year as 1 January; that day was never published
    html = _foreign_article("", "<p>The plans for 2020 and beyond were shown to residents.</p>")
    html = html.replace("Example Town news", "© 2020 Example Town")
    article = extract(html, "https://news.example.org/bridge-budget-approved",
                      fetched_at=datetime(2020, 6, 1, tzinfo=RIGA))
    assert article.published is None


@pytest.mark.parametrize("text, expected", [
    ("Tue, Sep 15 2020 10:01:41 EDT", "2020-09-15T10:01:41-04:00"),
    ("15 March 2021 14:00 +0100", "2021-03-15T14:00:00+01:00"),
    ("13.04.2017 10:15 CET", "2017-04-13T10:15:00+01:00"),
    # a telephone number after a time is no zone
    ("13.04.2017 10:15 +37129123456", "2017-04-13T10:15:00+03:00"),
])
def test_a_zone_written_after_the_time_is_read(text, expected):
    value = parse_datetime(text, reference=date(2100, 1, 1))
    assert value.isoformat() == expected
