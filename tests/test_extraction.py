"""Extraction pieces one by one: decoding, page kind, cleaning, credits, language, EU projects."""
from __future__ import annotations

import unicodedata
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from crawler.extraction import (
    EXTRACTOR_VERSION,
    Article,
    config_hash,
    decode_html,
    extract,
    extract_projects,
    parse_date,
)
from crawler.extraction.clean import clean_body
from crawler.extraction.dates import RIGA
from crawler.extraction.euproject import parse_amount, parse_euros
from crawler.extraction.lang import detect_language
from crawler.extraction.page import strip_site_name
from crawler.registry import build_site, load_profiles

ROOT_PAGES = Path(__file__).parent / "extraction_pages"

FETCHED = datetime(2023, 5, 4, 12, 0, tzinfo=RIGA)
TEXT = "Jelgavā pašvaldība ūdens ģimenes ņemt ļoti ķēde"


# --- decoding ------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["cp1257", "iso8859-13", "iso8859-4", "utf-8"])
def test_decodes_baltic_code_pages_without_a_declaration(encoding):
    assert decode_html(f"<p>{TEXT}</p>".encode(encoding), None) == f"<p>{TEXT}</p>"


def test_meta_charset_and_http_equiv():
    page = f'<html><head><meta charset="windows-1257"></head><body>{TEXT}</body></html>'
    assert TEXT in decode_html(page.encode("cp1257"), None)
    page = f'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-13"><p>{TEXT}</p>'
    assert TEXT in decode_html(page.encode("iso8859-13"), "text/html")


def test_server_default_charset_gives_way_to_the_page():
    page = f'<html><head><meta charset="windows-1257"></head><body>{TEXT}</body></html>'
    assert TEXT in decode_html(page.encode("cp1257"), "text/html; charset=ISO-8859-1")


def test_http_charset_wins_over_a_wrong_meta():
    page = f'<html><head><meta charset="iso-8859-1"></head><body>{TEXT}</body></html>'
    assert TEXT in decode_html(page.encode("utf-8"), "text/html; charset=utf-8")


def test_utf8_bytes_under_a_legacy_label():
    page = f'<meta charset="windows-1257"><p>{TEXT}</p>'
    assert TEXT in decode_html(page.encode("utf-8"), "text/html; charset=windows-1257")


def test_bom_and_false_utf8_declaration():
    assert decode_html("\ufeff<p>Jelgavā</p>".encode("utf-8"), "text/html; charset=cp1257") == "<p>Jelgavā</p>"
    page = f'<meta charset="utf-8"><p>{TEXT}</p>'
    assert TEXT in decode_html(page.encode("cp1257"), None)


def test_cyrillic_legacy_page():
    assert decode_html("<p>Новости города и края</p>".encode("cp1251"), None) == "<p>Новости города и края</p>"


def test_output_is_nfc():
    decomposed = unicodedata.normalize("NFD", f"<p>{TEXT}</p>")
    assert decode_html(decomposed.encode("utf-8"), None) == f"<p>{TEXT}</p>"
    assert decode_html(decomposed) == f"<p>{TEXT}</p>"


# --- robustness ------------------------------------------------------------------------

@pytest.mark.parametrize("body, reason", [
    (b"%PDF-1.4 binary", "not-html"),
    (b"", "empty"),
    (b"   ", "empty"),
    (b'{"json": true}', "not-html"),
    ("just some text without any markup at all", "not-html"),
])
def test_not_html(body, reason):
    article = extract(body, "https://www.example.lv/x", fetched_at=FETCHED)
    assert (article.is_article, article.reason) == (False, reason)


def test_garbage_never_raises():
    for junk in ("<html><a href='http://[bad'>x</a>", "<<<>>>", "<html>" * 500, "<p>" + "ā" * 10000):
        assert isinstance(extract(junk, "https://www.example.lv/x", fetched_at=FETCHED), Article)
    assert isinstance(extract("<html><body><p>x</p></body></html>", "not a url"), Article)


ARTICLE = """<html lang="lv"><head><title>Jauns rotaļu laukums Elejā | Jelgavas novads</title></head><body>
<header class="site-header"><a href="/">Jelgavas novads</a><nav><a href="/lv/jaunumi">Jaunumi</a></nav></header>
<main><article>
<div class="kategorija">Projekti</div>
<h1>Jauns rotaļu laukums Elejā</h1>
<div class="date">Publicēts: 12.04.2023.</div>
<p>Elejā pie bērnudārza atklāts jauns rotaļu laukums, kurā ir šūpoles, slidkalniņš un smilšu kaste mazākajiem bērniem.</p>
<p>Laukuma izbūve izmaksāja 42 000 eiro, un to finansēja pašvaldība. Laukums būs pieejams visiem pagasta iedzīvotājiem.</p>
<p>Darbus veica vietējais uzņēmums, un tie tika pabeigti divas nedēļas pirms noteiktā termiņa.</p>
<p><a href="/sites/files/tame.pdf">Tāme (PDF)</a></p>
<figure><img src="/sites/files/laukums.jpg" width="800" height="600" alt=""><figcaption>Jaunais laukums</figcaption></figure>
<p>Informāciju sagatavoja: Anna Bērziņa, Sabiedrisko attiecību speciāliste</p>
<p>Foto: Jānis Zariņš</p>
</article></main>
<footer><p>Jelgavas novada pašvaldība, Pasta iela 37, Jelgava, LV-3001</p><p>Tālrunis: 63022238, e-pasts: dome@jelgavasnovads.lv</p></footer>
</body></html>"""


def test_a_whole_article():
    article = extract(ARTICLE.encode("utf-8"), "https://www.jelgavasnovads.lv/lv/jaunums/laukums", fetched_at=FETCHED)
    assert article.is_article
    assert article.title == "Jauns rotaļu laukums Elejā"
    assert article.published == "2023-04-12"
    assert article.author == "Anna Bērziņa"
    assert article.credit == "Informāciju sagatavoja: Anna Bērziņa, Sabiedrisko attiecību speciāliste; Foto: Jānis Zariņš"
    assert article.lang == "lv"
    assert article.body.startswith("Elejā pie bērnudārza")
    assert article.body.endswith("noteiktā termiņa.")
    assert [(a.url, a.kind) for a in article.attachments] == [("https://www.jelgavasnovads.lv/sites/files/tame.pdf", "pdf")]
    assert [(i.url, i.caption) for i in article.images] == [("https://www.jelgavasnovads.lv/sites/files/laukums.jpg", "Jaunais laukums")]
    assert article.to_dict()["attachments"][0]["text"] == "Tāme (PDF)"


def test_images_and_files_are_web_addresses_only():
    html = ARTICLE.replace(
        '</article>',
        '<p><img src="javascript:alert(1)" alt="x"> <img src="data:image/png;base64,AAAA" alt="y"> '
        '<a href="javascript:void(0)//lemums.pdf">Lēmums (PDF)</a></p></article>')
    assert "javascript:alert(1)" in html  # the page really carries them
    article = extract(html, "https://www.jelgavasnovads.lv/lv/jaunums/laukums", fetched_at=FETCHED)
    assert all(i.url.startswith("https://") for i in article.images) and article.images
    assert all(a.url.startswith("https://") for a in article.attachments) and article.attachments


@pytest.mark.parametrize("url, published", [
    ("https://www.example.lv/2022/11/22/izmainas-no-1-marta/", "2022-11-22"),  # the URL's date
    ("https://www.example.lv/jaunumi/izmainas-no-1-marta/", None),              # none at all
])
def test_a_date_in_the_headline_is_not_the_publication_date(url, published):
    page = ("<html><head><title>Izmaiņas pakalpojumu saņemšanā no 1. marta</title></head><body><main><article>"
            "<h1>Izmaiņas pakalpojumu saņemšanā no 1. marta</h1>"
            "<p>Pašvaldības klientu apkalpošanas centrs pārceļas uz jaunām telpām, un iedzīvotājus aicina pārbaudīt "
            "darba laiku pirms apmeklējuma. Pakalpojumus varēs saņemt arī elektroniski.</p>"
            "<p>Jautājumus var uzdot pa tālruni darba dienās no rīta līdz vakaram, un speciālisti atbildēs uz tiem.</p>"
            "</article></main></body></html>")
    article = extract(page.encode("utf-8"), url, fetched_at=FETCHED)
    assert article.title == "Izmaiņas pakalpojumu saņemšanā no 1. marta"
    assert article.published == published


def test_a_date_closing_a_long_text_is_its_date():
    paragraph = ("<p>Pašvaldības klientu apkalpošanas centrs pārceļas uz jaunām telpām, un iedzīvotājus aicina "
                 "pārbaudīt darba laiku pirms apmeklējuma, jo pakalpojumus varēs saņemt arī elektroniski.</p>")
    page = ("<html><head><title>Klientu centrs pārceļas</title></head><body><main><article>"
            "<h1>Klientu centrs pārceļas</h1>" + paragraph * 12 +
            '<p class="date">(2022. gada 22. septembrī)</p></article></main></body></html>')
    article = extract(page.encode("utf-8"), "https://www.example.lv/jaunumi/centrs/", fetched_at=FETCHED)
    assert article.published == "2022-09-22"


def test_decomposed_input_is_read_as_nfc():
    decomposed = unicodedata.normalize("NFD", ARTICLE)
    article = extract(decomposed, "https://www.jelgavasnovads.lv/lv/jaunums/laukums", fetched_at=FETCHED)
    assert article.title == "Jauns rotaļu laukums Elejā"
    assert article.published == "2023-04-12"
    assert unicodedata.is_normalized("NFC", article.body)


def test_site_profile_hints_and_bad_xpath():
    profiles = load_profiles()
    site = build_site("jelgavas-novads", {"name": "Jelgavas novads", "url": "https://www.jelgavasnovads.lv",
                                          "profile": "tvp", "extract": {"prune": ["//*[", "//figure"]}}, profiles)
    article = extract(ARTICLE, "https://www.jelgavasnovads.lv/lv/jaunums/laukums", site, fetched_at=FETCHED)
    assert article.is_article and article.title == "Jauns rotaļu laukums Elejā"


def test_config_hash_follows_the_hints():
    profiles = load_profiles()
    tvp = build_site("a", {"name": "A", "url": "https://a.lv", "profile": "tvp"}, profiles)
    generic = build_site("a", {"name": "A", "url": "https://a.lv"}, profiles)
    assert config_hash(tvp) != config_hash(generic)
    assert config_hash(tvp) == config_hash(build_site("a", {"name": "A", "url": "https://a.lv", "profile": "tvp"}, profiles))
    assert len(config_hash(None)) == 16 and EXTRACTOR_VERSION


# --- titles -------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("Jauns laukums | Jelgavas novads", "Jauns laukums"),
    ("Jauns laukums - Jelgavas novads", "Jauns laukums"),
    ("Jelgavas novads :: Jauns laukums", "Jauns laukums"),
    ("Jauns laukums – jelgavasnovads.lv", "Jauns laukums"),
    ("Skola – mūsu otrās mājas", "Skola – mūsu otrās mājas"),
    ("Novada svētki | Jelgavas novads", "Novada svētki"),
])
def test_site_name_is_stripped_from_titles(raw, expected):
    assert strip_site_name(raw, ["Jelgavas novads"], "www.jelgavasnovads.lv") == expected


def test_logo_h1_is_not_the_title():
    html = ARTICLE.replace('<header class="site-header"><a href="/">Jelgavas novads</a>',
                           '<header class="site-header"><h1 class="logo"><a href="/">Jelgavas novads</a></h1>')
    assert extract(html, "https://www.jelgavasnovads.lv/lv/jaunums/laukums", fetched_at=FETCHED).title == "Jauns rotaļu laukums Elejā"




@pytest.mark.parametrize("href, home", [
    ("/", True), ("./", False), ("index.php", True), ("/lv/", True), ("https://www.novads.lv/", True),
    ("https://www.novads.lv", True), ("/lv/jaunumi/laukums", False), ("/?id=12", False), ("#", False), ("", False),
])
def test_links_home_knows_the_front_page(href, home):
    from lxml import html as lxml_html

    from crawler.extraction.page import links_home

    heading = lxml_html.fromstring(f'<h1><a href="{href}">Ozolkalna novads</a></h1>')
    assert links_home(heading) is home


SECOND = "Darbi sāksies jūnijā un ilgs līdz augusta beigām, satiksme tiks organizēta pa vienu joslu."


def _old_template(headline_markup: str, logo: str) -> str:
    return ('<html lang="lv"><head><meta charset="utf-8"><title>Ozolkalna novads</title></head><body>'
            f'<div id="top">{logo}</div><div class="saturs">{headline_markup}<p>12.05.2024.</p>'
            f'<p>{PARAGRAPH}</p><p>{SECOND}</p></div></body></html>')


@pytest.mark.parametrize("logo", [
    '<h1 id="logo"><a href="/">Ozolkalna novads</a></h1>',   # linked to the front page
    '<h1>Ozolkalna novads</h1>',                              # the same words as every page's <title>
])
@pytest.mark.parametrize("headline", [
    "<h2>Pagastā atjauno ielu apgaismojumu</h2>",
    '<p><font size="4"><b>Pagastā atjauno ielu apgaismojumu</b></font></p>',
])
def test_site_name_as_h1_is_not_the_headline(logo, headline):
    article = extract(_old_template(headline, logo), "https://www.ozolkalns.lv/jaunumi/apgaismojums", fetched_at=FETCHED)
    assert article.title == "Pagastā atjauno ielu apgaismojumu"
    assert article.body == f"{PARAGRAPH}\n{SECOND}"


def test_an_h1_naming_the_page_stays_the_headline():
    # the same words in <h1> and <title>, but no site's name: the page's own headline
    html = _old_template("", "<h1>Pagastā atjauno ielu apgaismojumu</h1>").replace(
        "<title>Ozolkalna novads</title>", "<title>Pagastā atjauno ielu apgaismojumu</title>")
    assert extract(html, "https://www.ozolkalns.lv/jaunumi/apgaismojums", fetched_at=FETCHED).title == \
        "Pagastā atjauno ielu apgaismojumu"


@pytest.mark.parametrize("section", ["Aktuālā informācija", "Pašvaldības jaunumi", "Paziņojumi"])
def test_a_section_name_above_the_article_is_not_its_headline(section):
    html = ('<html lang="lv"><head><meta charset="utf-8"><title>' + section + '</title></head><body>'
            f'<div class="page"><h1>{section}</h1><div class="item"><h2>Pagastā atjauno ielu apgaismojumu</h2>'
            f'<p>12.05.2024.</p><p>{PARAGRAPH}</p><p>{SECOND}</p></div></div></body></html>')
    article = extract(html, "https://www.ozolkalns.lv/jaunumi/apgaismojums", fetched_at=FETCHED)
    assert (article.title, article.body) == ("Pagastā atjauno ielu apgaismojumu", f"{PARAGRAPH}\n{SECOND}")


def test_a_section_name_as_the_only_title_is_not_the_headline():
    html = ('<html lang="lv"><head><meta charset="utf-8"><title>Jaunumi</title></head><body><div class="page">'
            '<div class="news-title">Pagastā atjauno ielu apgaismojumu</div><div class="news-date">12.05.2024.</div>'
            f'<p>{PARAGRAPH}</p><p>{SECOND}</p></div></body></html>')
    assert extract(html, "https://www.ozolkalns.lv/jaunumi/apgaismojums", fetched_at=FETCHED).title == \
        "Pagastā atjauno ielu apgaismojumu"


@pytest.mark.parametrize("meta_line, author, credit", [
    ("Autors: Jānis Ozols | 12.05.2024 10:15", "Jānis Ozols", "Autors: Jānis Ozols"),
    ("<strong>Teksts:</strong> Anna Liepa un Jānis Kalns", "Anna Liepa; Jānis Kalns",
     "Teksts: Anna Liepa un Jānis Kalns"),
    ("Sagatavoja: Dace Ozoliņa • Skatīts 40 reizes", "Dace Ozoliņa", "Sagatavoja: Dace Ozoliņa"),
    # a sentence that opens with the word is not a credit
    ("Teksts: šis teksts ir par to, kā autors rakstīja", None, None),
])
def test_a_labelled_byline_beside_the_text(meta_line, author, credit):
    html = ('<html lang="lv"><head><meta charset="utf-8"><title>Apgaismojums</title></head><body>'
            '<div class="news"><h1>Pagastā atjauno ielu apgaismojumu</h1>'
            f'<div class="meta">{meta_line}</div><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div></body></html>')
    article = extract(html, "https://www.ozolkalns.lv/jaunumi/apgaismojums", fetched_at=FETCHED)
    assert (article.author, article.credit) == (author, credit)
    assert PARAGRAPH in article.body and "Skatīt" not in article.body

# --- cleaning and credits -------------------------------------------------------------------

PARAGRAPH = "Pašvaldība informē, ka pagasta centrā tiks atjaunots ielu apgaismojums un izbūvētas jaunas ietves gājējiem."


@pytest.mark.parametrize("tail, author, credit", [
    # one line
    (["Informāciju sagatavoja: Ilze Kalniņa"], "Ilze Kalniņa", "Informāciju sagatavoja: Ilze Kalniņa"),
    (["Informāciju sagatavoja: Ilze Kalniņa, Sabiedrisko attiecību speciāliste"], "Ilze Kalniņa",
     "Informāciju sagatavoja: Ilze Kalniņa, Sabiedrisko attiecību speciāliste"),
    (["Anna Bērziņa, Sabiedrisko attiecību speciāliste"], "Anna Bērziņa",
     "Anna Bērziņa, Sabiedrisko attiecību speciāliste"),
    (["Projektu administratore Anna Liepiņa"], "Anna Liepiņa", "Projektu administratore Anna Liepiņa"),
    (["Informāciju sagatavoja: Avotkalnu novada Sociālais dienests"], "Avotkalnu novada Sociālais dienests",
     "Informāciju sagatavoja: Avotkalnu novada Sociālais dienests"),
    (["Prepared by: Ilze Vītola, SelBike project manager"], "Ilze Vītola",
     "Prepared by: Ilze Vītola, SelBike project manager"),
    # label, name and job title on lines of their own
    (["Informāciju sagatavojusi:", "Ilze Kalniņa", "Sabiedrisko attiecību speciāliste"], "Ilze Kalniņa",
     "Informāciju sagatavojusi: Ilze Kalniņa, Sabiedrisko attiecību speciāliste"),
    (["Informāciju sagatavoja:", "Ilze Kalniņa,", "sabiedrisko attiecību speciāliste", "Tālr. 63012345",
      "e-pasts: ilze.kalnina@novads.lv"], "Ilze Kalniņa",
     "Informāciju sagatavoja: Ilze Kalniņa, sabiedrisko attiecību speciāliste, Tālr. 63012345, "
     "e-pasts: ilze.kalnina@novads.lv"),
    # a label without a colon
    (["Sagatavoja Dace Ozoliņa, Sociālā dienesta vadītāja"], "Dace Ozoliņa",
     "Sagatavoja Dace Ozoliņa, Sociālā dienesta vadītāja"),
    # roles in parentheses, several people
    (["Autori: Anna Ūdre (LTV Ziņu dienesta ārzemju ziņu redaktore)"], "Anna Ūdre",
     "Autori: Anna Ūdre (LTV Ziņu dienesta ārzemju ziņu redaktore)"),
    (["Autori: Anna Ūdre (LTV), Jānis Bērziņš (LR1)"], "Anna Ūdre; Jānis Bērziņš",
     "Autori: Anna Ūdre (LTV), Jānis Bērziņš (LR1)"),
    (["Teksts: Laura Zariņa un Pēteris Kalns"], "Laura Zariņa; Pēteris Kalns", "Teksts: Laura Zariņa un Pēteris Kalns"),
    # photo credits are credits, never authors
    (["Teksts: Laura Zariņa, foto: Mārtiņš Krūmiņš"], "Laura Zariņa", "Teksts: Laura Zariņa, foto: Mārtiņš Krūmiņš"),
    (["Autors: Jānis Ozols", "Foto: pašvaldības arhīvs"], "Jānis Ozols", "Autors: Jānis Ozols; Foto: pašvaldības arhīvs"),
    (["Foto: Jānis Zariņš"], None, "Foto: Jānis Zariņš"),
    (["Avots: LETA"], None, "Avots: LETA"),
    (["Sagatavoja: Dace Ozoliņa", "Foto un video galerija", "Pasākuma dalībnieki:"], "Dace Ozoliņa",
     "Sagatavoja: Dace Ozoliņa"),
    # a date, a view count after a bar are not the credit; a photo credit after a bullet is
    (["Autors: Inga Kļaviņa | 14.03.2019 | Skatīts: 312"], "Inga Kļaviņa", "Autors: Inga Kļaviņa"),
    (["Teksts: Inga Kļaviņa • Foto: Jānis Ozols"], "Inga Kļaviņa", "Teksts: Inga Kļaviņa • Foto: Jānis Ozols"),
    # an initial and a surname, signing with a job title
    (["I. Kalniņa, Ludzas novada pašvaldības sabiedrisko attiecību speciāliste"], "I. Kalniņa",
     "I. Kalniņa, Ludzas novada pašvaldības sabiedrisko attiecību speciāliste"),
    # a credit in parentheses
    (["(Sagatavoja Ilze Kalniņa, sabiedrisko attiecību speciāliste)"], "Ilze Kalniņa",
     "Sagatavoja Ilze Kalniņa, sabiedrisko attiecību speciāliste"),
    # the signature right above the institution's footer stays a credit
    (["A. Bērziņa, bibliotēkas vadītāja", "Lejasmuižas pagasta pārvalde, Parka iela 2, LV-5001"], "A. Bērziņa",
     "A. Bērziņa, bibliotēkas vadītāja"),
])
def test_credits_leave_the_body(tail, author, credit):
    cleaned = clean_body("\n".join([PARAGRAPH, PARAGRAPH, *tail]), None, latvian=True)
    assert cleaned.body == f"{PARAGRAPH}\n{PARAGRAPH}"
    assert ("; ".join(cleaned.authors) or None, "; ".join(cleaned.credits) or None) == (author, credit)


@pytest.mark.parametrize("quote", [
    "“Izglītība ir mūsu prioritāte,” sacīja domes priekšsēdētājs.",
    "– Izglītība ir mūsu prioritāte, – uzsvēra domes priekšsēdētājs.",
])
def test_a_quote_above_the_credit_is_not_a_job_title(quote):
    # its words name a post ("priekšsēdētājs"), but it is what someone said, and the text's
    cleaned = clean_body(f"{PARAGRAPH}\n{PARAGRAPH}\n{quote}\nInformāciju sagatavoja: Ilze Kalniņa", None, latvian=True)
    assert cleaned.body == f"{PARAGRAPH}\n{PARAGRAPH}\n{quote}"
    assert cleaned.authors == ["Ilze Kalniņa"]


@pytest.mark.parametrize("content, credit", [
    # a list of posts closing a vacancy notice
    (["Pašvaldība aicina pieteikties uz vakancēm:", "- sociālā darbiniece", "- lietvede"],
     ["Informāciju sagatavoja: Ilze Kalniņa"]),
    # people and posts under a label of the text's own
    (["Darbu vadīs:", "Jānis Ozols, projekta vadītājs"], ["Informāciju sagatavoja: Ilze Kalniņa"]),
    (["Komisijas sastāvs:", "Anna Liepa", "Jānis Ozols"], ["Foto: Jānis Kalns"]),
])
def test_names_and_posts_the_text_lists_are_not_its_credit(content, credit):
    cleaned = clean_body("\n".join([PARAGRAPH, *content, *credit]), None, latvian=True)
    assert cleaned.body == "\n".join([PARAGRAPH, *content])
    assert cleaned.credits == credit


def test_a_credit_sentence_closing_the_last_paragraph():
    cleaned = clean_body(f"{PARAGRAPH}\nDarbi sāksies jūnijā. Informāciju sagatavoja Ilze Kalniņa.", None, latvian=True)
    assert cleaned.body == f"{PARAGRAPH}\nDarbi sāksies jūnijā."
    assert (cleaned.authors, cleaned.credits) == (["Ilze Kalniņa"], ["Informāciju sagatavoja Ilze Kalniņa"])
    # someone the story is about, not who wrote it
    text = f"{PARAGRAPH}\nDarbi sāksies jūnijā. Sagatavoja skolotāja Līga Ērgle."
    assert clean_body(text, None, latvian=True).body == text


def test_a_label_and_a_name_on_two_lines_above_the_text():
    cleaned = clean_body(f"12.05.2024.\nAutore:\nIlze Kalniņa\n{PARAGRAPH}\n{PARAGRAPH}", None, latvian=True)
    assert cleaned.body == f"{PARAGRAPH}\n{PARAGRAPH}"
    assert (cleaned.authors, cleaned.credits) == (["Ilze Kalniņa"], ["Autore: Ilze Kalniņa"])


def test_boilerplate_around_the_article():
    text = "\n".join([
        "Lapas karte", "Youtube", "Facebook", "Instagram", "Sākums » Jaunumi » Projekti", "AKTUĀLI",
        "Jauns laukums", "21.04.2022.", PARAGRAPH, "Projekta mērķis", "- pirmais punkts;", "- otrais punkts.",
        PARAGRAPH, "Šī publikācija sagatavota ar Eiropas Savienības finansiālo atbalstu. Par tās saturu pilnībā "
        "atbild pašvaldība.", "www.latlit.eu / www.europa.eu", "print", "Foto un video galerija", "Jaunieši darbā:",
        "Naujenes bibliotēkai jauns jumts", "Augšdaugavas novada pašvaldības iestāde",
        "Tālrunis: 65476800, e-pasts: info@augsdaugavasnovads.lv", "Adrese: Rīgas iela 2, Daugavpils, LV-5401",
    ])
    cleaned = clean_body(text, "Jauns laukums", latvian=True, link_texts={"naujenes bibliotekai jauns jumts"})
    assert cleaned.body.split("\n") == [
        PARAGRAPH, "Projekta mērķis", "- pirmais punkts;", "- otrais punkts.", PARAGRAPH,
        "Šī publikācija sagatavota ar Eiropas Savienības finansiālo atbalstu. Par tās saturu pilnībā atbild pašvaldība.",
        "www.latlit.eu / www.europa.eu",
    ]


def test_contacts_inside_the_article_stay():
    text = f"{PARAGRAPH}\nSīkāka informācija pa tālruni 65476810 vai rakstot uz jaunatne@novads.lv.\n{PARAGRAPH}"
    assert clean_body(text, None, latvian=True).body == text


def test_other_languages_keep_short_lines():
    text = "Breaking News\nThe council approved the budget on Monday after a long debate.\nFacebook\nContact: 555-1234"
    assert clean_body(text, None, latvian=False).body == text


def test_title_line_is_dropped_everywhere():
    assert clean_body("Jauns laukums\nTeksts par laukumu ir šeit.", "Jauns laukums", latvian=False).body == \
        "Teksts par laukumu ir šeit."


# --- language ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, lang", [
    ("Pašvaldība informē, ka pagasta centrā tiks atjaunots ielu apgaismojums un izbūvētas jaunas ietves. "
     "Darbi ilgs līdz gada beigām, un tos veiks vietējais uzņēmums.", "lv"),
    ("Rēzeknis nūvoda pošvaļdeiba aicynoj vysus interesentus pīsadalēt latgaļu volūdys dīnu pasuokumūs, "
     "kas nūtiks Rēzeknē i Viļānūs. Latgaļu volūda ir myusu kulturys mantuojuma daļa, i jū vajag saglobuot.", "ltg"),
    ("С 1 сентября в крае начнёт работу новый маршрут школьного автобуса, который будет связывать посёлки.", "ru"),
    ("The municipality has opened applications for its small grants programme for local community initiatives "
     "and the total funding available this year is 40,000 euros.", "en"),
    ("Generalni direktor Elektroprivrede pozitivan je na koronavirus. Čuvajte sebe i svoje porodice, "
     "napisao je Petrović na Facebooku, i želim da vas obavijestim.", "not Latvian"),
])
def test_language(text, lang):
    if lang == "not Latvian":  # č š ž and "i" alone do not make Latvian or Latgalian
        assert detect_language(text) not in ("lv", "ltg")
    else:
        assert detect_language(text) == lang


def test_language_hints():
    assert detect_language("Īsi", "https://x.lv/ru/novosti/1") == "ru"
    assert detect_language("Īsi", "https://x.lv/a", "lv-LV") == "lv"
    assert detect_language("Īsi", "https://x.lv/a", None, "lv") == "lv"


# --- EU projects -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("1 234 567,89", "1234567.89"), ("1.234.567,89", "1234567.89"), ("85,5", "85.5"), ("1 000", "1000"),
    ("1\u00a0234\u00a0567,89", "1234567.89"), ("12.500", "12500"), ("99.95", "99.95"),
    ("1,204,300", "1204300"), ("1,234,567.89", "1234567.89"),
])
def test_latvian_amounts(text, value):
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize("text, cents", [
    ("EUR 1,204,300", 120430000),
    ("1 204 300 eiro", 120430000),
    ("1,2 milj. EUR", 120000000),
    ("842 560,00 EUR", 84256000),
    ("1.234.567,89 EUR", 123456789),
    ("€ 2,5 milj.", 250000000),
    ("350 tūkst. EUR", 35000000),
    ("99,95 €", 9995),
    ("EUR 963,440", 96344000),
    ("1,204 milj. eiro", 120400000),
])
def test_amounts_in_every_form_as_integer_cents(text, cents):
    value = parse_euros(f"Projekta kopējais budžets ir {text}.")
    assert value == cents and isinstance(value, int)


@pytest.mark.parametrize("text, acronym, number", [
    ("projektā LL-00045 „Sēlijas velomaršruti” (SelBike)", "SelBike", "LL-00045"),
    ("projekta LLI-538 „Sociālo pakalpojumu tīkls” (CareNet)", "CareNet", "LLI-538"),
    ("projekts “Sociālo pakalpojumu tīkls” (CareNet, Nr. LLI-538)", "CareNet", "LLI-538"),
    ("projekts “Sociālo pakalpojumu tīkls” (LLI-538)", None, "LLI-538"),
    ("projekts “Jūras krasts” (Nr. EST-LAT-123, CoastNet)", "CoastNet", "EST-LAT-123"),
    ("projekts “Skolu energoefektivitāte” (Nr. 4.2.2.0/17/I/027)", None, "4.2.2.0/17/I/027"),
])
def test_acronyms_and_project_numbers_told_apart(text, acronym, number):
    [project] = extract_projects(f"Interreg programmas {text} noslēguma sanāksme. Eiropas Savienības atbalsts.")
    assert (project.acronym, project.number) == (acronym, number)


def test_english_project_news():
    text = ("Selonia Planning Region has started the project LL-00045 \"Network of cycling routes\" (SelBike). "
            "The total budget of the project is EUR 1,204,300, including EUR 963,440 from the European Regional "
            "Development Fund. The project runs from 1 September 2023 to 31 August 2025. The project is co-funded "
            "by the European Union Interreg VI-A Latvia–Lithuania Programme 2021–2027.")
    [project] = extract_projects(text)
    assert project.programme == "Interreg VI-A Latvia–Lithuania Programme 2021–2027"
    assert (project.project, project.acronym, project.number) == ("Network of cycling routes", "SelBike", "LL-00045")
    assert (project.budget_cents, project.erdf_cents) == (120430000, 96344000)
    assert (project.period_start, project.period_end) == ("2023-09-01", "2025-08-31")


def test_project_facts():
    text = ("Projekts “Dabas takas pierobežā” (GreenPath, Nr. LLI-123) tiek īstenots Interreg V-A Latvijas–Lietuvas "
            "pārrobežu sadarbības programmas 2014.–2020. gadam ietvaros. Projekta kopējais budžets ir 1 234 567,89 EUR, "
            "ERAF līdzfinansējums – 85%. Projekta īstenošanas periods: no 2019. gada 1. aprīļa līdz 2021. gada 31. martam.")
    [project] = extract_projects(text)
    assert project.programme == "Interreg V-A Latvijas–Lietuvas pārrobežu sadarbības programma 2014.–2020. gadam"
    assert (project.project, project.acronym, project.number) == ("Dabas takas pierobežā", "GreenPath", "LLI-123")
    assert (project.budget_cents, project.erdf_cents) == (123456789, 104938271)
    assert (project.period_start, project.period_end) == ("2019-04-01", "2021-03-31")


def test_no_project_in_ordinary_news():
    assert extract_projects("Dome apstiprināja budžetu 12 000 000 EUR apmērā 2023. gadam.") == []


# --- titles a site's pages share ---------------------------------------------------------------

def _hand_made(n: int) -> str:
    return (f"<html><head><title>Mūsu mājas</title></head><body><table><tr><td class='menu'><a href='/'>Sākums</a>"
            f"</td><td><span style='font-size:18px;font-weight:bold'>Pagasta bibliotēkā jaunas grāmatas {n}</span><br>"
            f"<br>12.05.2015.<br><br>{PARAGRAPH} {PARAGRAPH}<br><br>{PARAGRAPH}</td></tr></table></body></html>")


def test_a_title_every_page_of_the_site_has_is_never_the_headline():
    from crawler.extraction.sitetitles import SiteTitles, page_title

    url = "http://www.priedaine-pag.lv/index.php?id={}"
    alone = extract(_hand_made(1), url.format(1), fetched_at=FETCHED)
    assert alone.title == "Mūsu mājas"  # one page alone cannot tell
    memory = SiteTitles()
    for n in range(3):
        memory.observe("musumajas", url.format(n), page_title(_hand_made(n).encode("utf-8")))
    assert memory.sitewide("musumajas") == {"musu majas"}
    article = extract(_hand_made(7), url.format(7), fetched_at=FETCHED, sitewide_titles=memory.sitewide("musumajas"))
    assert (article.title, article.published) == ("Pagasta bibliotēkā jaunas grāmatas 7", "2015-05-12")


def test_one_page_seen_under_several_urls_is_not_a_site_title():
    from crawler.extraction.sitetitles import SiteTitles

    memory = SiteTitles(threshold=3)
    for url in ("http://a.lv/x", "http://a.lv/x", "http://a.lv/x?print=1"):
        memory.observe("a", url, "Jauns ceļš")
    assert memory.sitewide("a") == frozenset()


# --- text that never breaks -------------------------------------------------------------------

def test_control_characters_never_cost_an_article():
    html = ARTICLE.replace("šūpoles", "šū&#11;poles\x0b\x01").replace("bērnudārza", "bērnu&#xFFFE;dārza\ufffe")
    article = extract(html.encode("utf-8"), "https://www.jelgavasnovads.lv/lv/jaunums/laukums", fetched_at=FETCHED)
    assert article.is_article
    assert "šūpoles" in article.body and "bērnudārza" in article.body
    assert not any(c in article.body + article.body_html for c in "\x0b\x01\ufffe")


def test_invisible_characters_leave_titles():
    html = ARTICLE.replace("Jauns rotaļu laukums Elejā", "Jauns\u200b rotaļu\u202e laukums\u2066 Elejā")
    article = extract(html, "https://www.jelgavasnovads.lv/lv/jaunums/laukums", fetched_at=FETCHED)
    assert article.title == "Jauns rotaļu laukums Elejā"


def test_escaped_markup_stays_text():
    paragraph = "<p>Lapā rakstīts &lt;script&gt;alert(1)&lt;/script&gt; un &amp;lt;b&amp;gt; kā teksts, nevis kods.</p>"
    html = ARTICLE.replace("<p>Darbus veica", paragraph + "<p>Darbus veica")
    article = extract(html, "https://www.jelgavasnovads.lv/lv/jaunums/laukums", fetched_at=FETCHED)
    assert "Lapā rakstīts <script>alert(1)</script> un &lt;b&gt; kā teksts" in article.body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; un &amp;lt;b&amp;gt;" in article.body_html
    assert "<script" not in article.body_html


# --- dates --------------------------------------------------------------------------------

def test_zone_abbreviations_in_iso_dates():
    assert parse_date("2021-01-03T17:40:00EET") == "2021-01-03T17:40:00+02:00"
    assert parse_date("2021-07-03T17:40:00 CEST") == "2021-07-03T18:40:00+03:00"


def test_iso_dates_with_one_digit_seconds_keep_their_zone():
    # "…T23:15:0Z", as some CMS templates print it: the zone still counts (UTC, not Riga)
    assert parse_date("2020-12-05T23:15:0Z") == "2020-12-06T01:15:00+02:00"
    assert parse_date("2020-12-05T23:15:5+02:00") == "2020-12-05T23:15:05+02:00"


def test_short_links_and_bare_date_labels_are_not_the_article():
    text = ("Publicēts:\nPašvaldība aicina iedzīvotājus pieteikties talkai līdz mēneša beigām, jo darbu būs daudz.\n"
            "Talka notiks sestdien pie kultūras nama, darba rīkus nodrošinās pārvalde.\n"
            "Atjaunots:\nĪsā saite: https://www.example.lv/s/4165")
    body = clean_body(text, "Talka", latvian=True).body
    assert body.split("\n") == [
        "Pašvaldība aicina iedzīvotājus pieteikties talkai līdz mēneša beigām, jo darbu būs daudz.",
        "Talka notiks sestdien pie kultūras nama, darba rīkus nodrošinās pārvalde."]


def test_a_body_opening_with_a_subheading_keeps_it():
    text = "Darba laiks\nPārvalde strādā no pirmdienas līdz piektdienai, pusdienas pārtraukums no 12 līdz 13."
    assert clean_body(text, "Jauns darba laiks", latvian=True, headings=frozenset({"darba laiks"})).body \
        .startswith("Darba laiks\n")
    # the same short line, not marked up as a heading, is a category label
    assert clean_body(text, "Jauns darba laiks", latvian=True).body.startswith("Pārvalde")


def test_extracted_blocks_are_put_back_in_the_order_the_page_prints_them():
    from lxml import etree, html as lxml_html

    from crawler.extraction.order import in_page_order
    page = lxml_html.fromstring(
        "<html><body><div class='category'>Pašvaldība</div><h1>Talka</h1>"
        "<p class='lead'>Pašvaldība aicina iedzīvotājus uz talku sestdien, pulcēšanās pie kultūras nama.</p>"
        "<div class='article-body'><p>Darba rīkus nodrošinās pārvalde, un pašvaldība izvedīs savāktos maisus.</p>"
        "</div></body></html>")
    body = etree.Element("body")
    for text in ["Darba rīkus nodrošinās pārvalde, un pašvaldība izvedīs savāktos maisus.", "Pašvaldība",
                 "Pašvaldība aicina iedzīvotājus uz talku sestdien, pulcēšanās pie kultūras nama."]:
        etree.SubElement(body, "p").text = text
    assert in_page_order(body, page)
    # the label is the text node of its own above the headline, not the word in a sentence
    assert [p.text[:20] for p in body] == ["Pašvaldība", "Pašvaldība aicina ie", "Darba rīkus nodrošin"]
    assert not in_page_order(body, page)   # already in order: nothing moves


def test_the_page_text_for_ordering_is_what_a_reader_sees():
    from lxml import html as lxml_html

    from crawler.extraction.order import _visible_texts
    page = lxml_html.fromstring(
        "<html><head><title>Virsraksts</title><style>p{color:red}</style></head><body>"
        "<p>Pirmais<script>var x = 1;</script> pēc skripta</p><!-- komentārs -->"
        "<noscript>Ieslēdziet JavaScript</noscript><template><p>Veidne</p></template>"
        "<div>Otrais <b>treknais</b> beigas</div></body></html>")
    assert [t for t in _visible_texts(page) if t.strip()] == ["Pirmais", " pēc skripta", "Otrais ", "treknais", " beigas"]


def test_a_headline_over_the_date_is_not_its_label():
    # "pieteikties" (to apply) labels a deadline when it stands before a date; in the
    # headline right above the publication date it labels nothing
    html = ("<html lang='lv'><body><article><h1>Aicina pieteikties vasaras nometnei</h1>"
            "<div class='date'>Ceturtdiena, 7 Novembris 2024 10:00</div><div class='text'>"
            f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div></article></body></html>")
    article = extract(html, "https://www.example.lv/jaunumi/1946-nometne")
    assert article.published == "2024-11-07T10:00:00+02:00"


_STORY = ("The council of the town met on Tuesday to discuss the new bridge over the river, "
          "and the members agreed on a budget for the work that starts in spring. ")


def _teaser_page(lead_in: str, closing: str) -> str:
    return (f'<html lang="en"><head><title>Bridge budget approved</title></head><body>'
            f'<article><h1>Bridge budget approved</h1><p>{_STORY * 3}</p>'
            f'<p>{lead_in}</p><p>{_STORY * 2}</p>'
            f'<p>Note: the vote was unanimous and the minutes will be published on Friday.</p>'
            f'{closing}</article></body></html>')


@pytest.mark.parametrize("lead_in", [
    'Read more: <a href="/news/ferry-timetable-changes">Ferry timetable changes for the summer</a>',
    'Lea también: <a href="/es/horario-del-ferry">Cambios en el horario del ferry este verano</a>',
    'LE PUEDE INTERESAR: <a href="/es/horario-del-ferry">Cambios en el horario del ferry este verano</a>',
    'À lire aussi » <a href="/fr/horaires-du-ferry">Les horaires du ferry changent cet été</a>',
])
def test_a_labelled_link_to_another_article_leaves_the_body_in_any_language(lead_in):
    closing = ('<h3>Read also:</h3><p><a href="/news/old-mill-reopens">The old mill reopens as a museum</a></p>'
               '<p><a href="/news/school-garden">Pupils plant a school garden by the river</a></p>')
    body = extract(_teaser_page(lead_in, closing), "https://news.example.org/bridge-budget").body
    assert "ferry" not in body and "À lire" not in body
    assert "old mill" not in body and "school garden" not in body and "Read also" not in body
    # a label before text that links nowhere is the article's own
    assert "Note: the vote was unanimous" in body
    assert body.count("The council of the town met") == 5


def test_a_labelled_line_whose_text_is_not_a_link_stays():
    lead_in = "Background: the old bridge was closed to lorries in 2019 after an inspection"
    body = extract(_teaser_page(lead_in, ""), "https://news.example.org/bridge-budget").body
    assert lead_in in body


def test_a_latvian_read_also_line_inside_the_text_leaves_the_body():
    story = ("Novada dome otrdien apsprieda jaunā tilta būvniecību pār upi, un deputāti vienojās "
             "par darbu budžetu, lai būvdarbi varētu sākties pavasarī. ")
    html = (f'<html lang="lv"><head><title>Apstiprina tilta budžetu</title></head><body>'
            f'<article><h1>Apstiprina tilta budžetu</h1><p>{story * 3}</p>'
            f'<p>Lasīt arī: <a href="/jaunumi/pramja-saraksts">Mainās prāmja kustības saraksts vasarā</a></p>'
            f'<p>{story * 2}</p></article></body></html>')
    body = extract(html, "https://www.novads.lv/jaunumi/tilta-budzets").body
    assert "prāmja" not in body and "Lasīt arī" not in body
    assert body.count("Novada dome otrdien") == 5


@pytest.mark.parametrize("closing", [
    '<p>More from the town:</p><ul><li><a href="/news/old-mill-reopens">The old mill reopens as a museum</a></li>'
    '<li><a href="/news/school-garden">Pupils plant a school garden by the river</a></li></ul>',
    '<h3>Weitere Beiträge aus der Kolumne:</h3><p><a href="/news/old-mill-reopens">The old mill reopens as a '
    'museum</a></p>',
])
def test_a_heading_left_with_nothing_under_it_closes_no_body(closing):
    body = extract(_teaser_page("", closing), "https://news.example.org/bridge-budget").body
    assert body.endswith("the minutes will be published on Friday.")


@pytest.mark.parametrize("heading", ["Auch interessant:", "Contenido relacionado", "You may also like...",
                                     "NOTAS RELACIONADAS", "Leia também"])
def test_teasers_under_a_related_heading_after_the_text_leave_the_body(heading):
    # headlines that link nowhere on this page, dates and short summaries: other articles'
    closing = (f'<h3>{heading}</h3><p>Old mill reopens as a museum in the spring</p><p>12.04.2022</p>'
               '<p>The mill, closed for ten years, has new floors and a café run by volunteers.</p>'
               '<p>Pupils plant a school garden by the river</p>')
    body = extract(_teaser_page("", closing), "https://news.example.org/bridge-budget").body
    assert body.endswith("the minutes will be published on Friday.")


def test_a_related_box_inside_the_text_does_not_end_it():
    # prose after the box: the box stood inside the article, which goes on
    closing = ('<h3>Leggi anche</h3><p>Old mill reopens as a museum in the spring</p>'
               f'<p>{_STORY * 3}</p>')
    body = extract(_teaser_page("", closing), "https://news.example.org/bridge-budget").body
    assert body.count("The council of the town met") == 8
    # and a related heading before most of the text is not where the article ends
    early = _teaser_page("Related", "")
    assert extract(early, "https://news.example.org/bridge-budget").body.count("The council of the town met") == 5


def test_a_closing_sentence_with_a_colon_inside_stays():
    closing = "<p>The mayor said: the bridge will carry its first cars before the end of next year.</p>"
    body = extract(_teaser_page("", closing), "https://news.example.org/bridge-budget").body
    assert body.endswith("before the end of next year.")


def _chunked_page(between: str) -> str:
    first = "".join(f"<p>Part one, paragraph {n}. {_STORY}</p>" for n in range(8))
    second = "".join(f"<p>Part two, paragraph {n}. {_STORY}</p>" for n in range(10))
    return (f'<html lang="en"><head><title>Bridge budget approved</title></head><body>'
            f'<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
            f'<main><h1>Bridge budget approved</h1><div class="article__chunks">'
            f'<div class="grid"><div class="body article__body">{first}</div></div>'
            f'{between}'
            f'<div class="grid"><div class="body article__body">{second}</div></div>'
            f'</div></main><footer>Example Town news</footer></body></html>')


def test_an_article_cut_into_chunks_around_an_advert_is_read_whole():
    advert = '<div class="ad"><iframe src="https://ads.example.net/slot"></iframe><span>Advertisement</span></div>'
    body = extract(_chunked_page(advert), "https://news.example.org/bridge-budget").body
    assert "Part one, paragraph 0." in body and "Part two, paragraph 9." in body
    assert body.index("Part one, paragraph 7.") < body.index("Part two, paragraph 0.")
    assert "Advertisement" not in body


def test_stories_under_headlines_of_their_own_are_not_joined():
    # a front page showing whole posts: each under its own linked headline
    headline = '<h2><a href="/news/old-mill-reopens">The old mill reopens as a museum</a></h2>'
    body = extract(_chunked_page(headline), "https://news.example.org/").body
    assert "Part one, paragraph 0." in body and "Part two" not in body


def test_hidden_microdata_is_not_the_articles_text():
    # a copy of the article's facts for machines, hidden from readers
    hidden = ('<div style="display: none;" itemscope itemtype="http://schema.org/NewsArticle">'
              '<div itemprop="headline">Bridge budget approved</div>'
              '<div itemprop="keywords">bridge,budget,council</div>'
              '<div itemprop="datePublished">2019-11-19T08:57:40+01:00</div>'
              '<div itemprop="publisher" itemscope itemtype="http://schema.org/Organization">'
              '<div itemprop="name">ExampleTownNews</div>'
              '<span itemprop="url">https://news.example.org/logo.png</span></div>'
              f'<div itemprop="articleBody"><p>{_STORY * 2}</p></div></div>')
    html = (f'<html lang="en"><head><title>Bridge budget approved</title></head><body>'
            f'<div class="content post">{hidden}<h1>Bridge budget approved</h1>'
            + "".join(f"<p>Paragraph {n}. {_STORY}</p>" for n in range(6))
            + '</div></body></html>')
    body = extract(html, "https://news.example.org/bridge-budget").body
    assert "ExampleTownNews" not in body and "logo.png" not in body and "2019-11-19T08" not in body
    assert "bridge,budget,council" not in body
    assert "Paragraph 5." in body


_TEASER_ITEMS = ('<ul><li><a href="/news/old-mill-reopens">The old mill reopens as a museum</a> The town\'s '
                 'oldest building opens its doors to visitors again this summer after years of work</li>'
                 '<li><a href="/news/school-garden">Pupils plant a school garden by the river</a> Forty children '
                 'and their teachers spent a week planting vegetables and flowers beside the school</li>'
                 '<li><a href="/news/choir-wins">The town choir wins the national song contest</a> The choir '
                 'sang three songs and took the first prize among twenty choirs from the whole country</li></ul>')


def test_a_closing_list_of_other_articles_headlines_and_summaries_leaves_the_body():
    body = extract(_teaser_page("", _TEASER_ITEMS), "https://news.example.org/bridge-budget").body
    assert body.endswith("the minutes will be published on Friday.")


def test_a_post_that_is_a_list_of_links_keeps_it():
    from crawler.extraction.page import fold

    headlines = ["The old mill reopens as a museum", "Pupils plant a school garden by the river",
                 "The town choir wins the national song contest"]
    text = "\n".join(["Three stories worth reading this week."]
                     + [f"- {h} and what the town made of it, in a few words of summary" for h in headlines])
    body = clean_body(text, "Links of the week", latvian=False, link_texts={fold(h) for h in headlines}).body
    assert body == text
    # after a long text the same list is a block of teasers
    story = _STORY * 4
    body = clean_body(story + "\n" + text.split("\n", 1)[1], "Bridge budget approved", latvian=False,
                      link_texts={fold(h) for h in headlines}).body
    assert body == story.strip()


@pytest.mark.parametrize("lang, url, lines", [
    ("lv", "https://www.novads.lv/lv/jaunumi/konkurss", [
        'Vairāk informācijas: <a href="https://www.novads.lv/lv/pasakumi">www.novads.lv/lv/pasakumi</a>',
        'Pieteikšanās: <a href="https://forms.gle/abcdEF">https://forms.gle/abcdEF</a>',
        'Nolikums: <a href="/faili/nolikums.pdf">Konkursa nolikums 2024. gadam</a>',
        'Kalendārs: <a href="/lv/kalendars">Pasākumu kalendārs šim gadam</a>',
    ]),
    ("en", "https://news.example.org/contest", [
        'More information: <a href="https://www.example.org/events">www.example.org/events</a>',
        'Registration: <a href="https://forms.example.net/abcdEF">https://forms.example.net/abcdEF</a>',
        'Rules: <a href="/files/contest-rules.pdf">The contest rules for 2024</a>',
        'Contact: <a href="mailto:events@example.org">events at example org</a>',
    ]),
])
def test_a_label_before_an_address_a_file_or_the_sites_own_page_stays(lang, url, lines):
    story = _STORY if lang == "en" else ("Novada dome otrdien apsprieda jaunā tilta būvniecību pār upi, un deputāti "
                                         "vienojās par darbu budžetu, lai būvdarbi varētu sākties pavasarī. ")
    html = (f'<html lang="{lang}"><head><title>Contest</title></head><body><article><h1>Contest</h1>'
            f'<p>{story * 3}</p>' + "".join(f"<p>{line}</p>" for line in lines)
            + f'<p>{story * 2}</p></article></body></html>')
    body = extract(html, url).body
    for line in lines:
        label = line.split(":")[0]
        assert label + ":" in body


def test_a_layout_table_on_a_page_from_elsewhere_is_read_as_blocks():
    # an old portal laid out in a table: the article's paragraphs in one cell beside the
    # sidebar's; read as a data table, the cell came out as one line with what follows it
    paragraphs = [f"{_STORY}Paragraph {n} of the report adds its own detail to the story." for n in range(1, 4)]
    teasers = "".join(f'<div class="item">{t} <a href="/news/{n}">more</a></div>' for n, t in enumerate([
        "The old mill reopens as a museum after ten years of repairs by volunteers.",
        "Pupils plant a school garden by the river with help from their parents.",
    ]))
    html = ('<html lang="en"><head><title>Bridge budget approved</title></head><body>'
            '<table border="0" cellpadding="0"><tr><td class="single"><div class="inner">'
            '<h1 class="title">Bridge budget approved</h1><div id="block" class="font11">'
            + "".join(f"<p>{p}</p>" for p in paragraphs) +
            f'</div><div class="sub_title"><strong>Top stories</strong></div><div>{teasers}</div></div></td>'
            '<td valign="top" class="sidebar"><div><a href="/">Home</a></div><div><a href="/news">News</a></div>'
            '<div><a href="/contacts">Contacts</a></div></td></tr></table></body></html>')
    body = extract(html, "https://news.example.org/bridge-budget").body
    assert body.split("\n") == paragraphs


def test_a_dated_post_of_pictures_alone_is_kept_with_its_pictures():
    page = (ROOT_PAGES / "legacy" / "ozolkalns-fotogalerija.html").read_text(encoding="utf-8")
    article = extract(page, "https://www.ozolkalns.lv/lv/jaunumi/fotomirkli-no-ligo-svetkiem")
    assert article.is_article and article.body == ""
    assert [(i.url.rsplit("/", 1)[-1], i.caption) for i in article.images] == [
        ("1.jpg", "Līgotāji pie ugunskura"), *((f"{n}.jpg", "") for n in range(2, 7))]
    assert article.body_html.count("<figure>") == 6 and "<figcaption>Līgotāji pie ugunskura</figcaption>" in article.body_html
    # related posts' teasers after it, their summaries the only running text on the page
    summary = "Pagasta pārvalde no aprīļa apmeklētājus pieņems arī ceturtdienu vakaros līdz plkst. 19.00."
    related = "".join(f'<div class="news-item"><h2><a href="/lv/jaunumi/{n}">Ziņa {n}</a></h2><p>{summary}</p></div>'
                      for n in range(3))
    with_related = page.replace("<aside>", f'<section class="related">{related}</section><aside>')
    assert extract(with_related, "https://www.ozolkalns.lv/lv/jaunumi/x").body == ""
    # without a date, or with one picture, such a page is still an empty one
    undated = page.replace('<div class="date">24.06.2024.</div>', "")
    assert extract(undated, "https://www.ozolkalns.lv/lv/jaunumi/x").reason == "empty"
    single = page.split('<a href="/media/ligo/2.jpg">')[0] + "</div></div></main></body></html>"
    assert extract(single, "https://www.ozolkalns.lv/lv/jaunumi/x").reason == "empty"


def test_pictures_beside_a_text_or_in_teasers_make_no_photo_post():
    text = ("Novada dome otrdien apsprieda jaunā tilta būvniecību pār upi, un deputāti vienojās "
            "par darbu budžetu, lai būvdarbi varētu sākties pavasarī. ")
    # the headline in a header block with two pictures, the text in a block beside it
    header = (f'<html lang="lv"><body><main><div class="wrap"><div class="head"><h1>Apstiprina tilta budžetu</h1>'
              f'<div class="date">12.03.2024.</div><img src="/a.jpg" alt=""><img src="/b.jpg" alt=""></div>'
              f'<div class="text"><p>{text * 2}</p><p>{text}</p></div></div></main></body></html>')
    article = extract(header, "https://www.novads.lv/jaunumi/tilta-budzets")
    assert article.is_article and article.body.count("Novada dome otrdien") == 3
    # short lines adding up are a text: a list of opening hours under a poster and a photo
    hours = "".join(f"<li>{d}. jūnijā – {h}</li>" for d, h in [(22, "no 8.00 līdz 13.00"), (23, "slēgts"),
                                                            (24, "slēgts"), (25, "kā parasti, no 8.00 līdz 17.00")])
    poster = ('<html lang="lv"><body><main><div class="wrap"><div class="news"><h1>Darba laiks svētku dienās</h1>'
              '<div class="date">Publicēts: 18.06.2024.</div><img src="/afisa.jpg" alt=""><img src="/foto.jpg" alt="">'
              f'<ul>{hours}</ul></div></div></main></body></html>')
    article = extract(poster, "https://www.novads.lv/jaunumi/darba-laiks")
    assert article.is_article and "23. jūnijā – slēgts" in article.body
    # a listing's teasers with thumbnails and dates: their pictures are the teasers'
    teasers = "".join(
        f'<div class="item"><a href="/jaunumi/{n}"><img src="/t{n}.jpg" alt=""></a><h2><a href="/jaunumi/{n}">'
        f'Ziņa numur {n} par pagasta dzīvi</a></h2><span>1{n}.03.2024.</span></div>' for n in range(1, 6))
    listing = f'<html lang="lv"><body><main><div class="list"><h1>Jaunumi</h1>{teasers}</div></main></body></html>'
    assert not extract(listing, "https://www.novads.lv/jaunumi").is_article


def test_thumbnails_beside_headline_links_are_a_listings_and_a_gallery_linking_its_pages_a_posts():
    # teasers whose headlines are plain links (no heading), under a dated headline of its own
    items = "".join(f'<div class="item"><img src="/t{n}.jpg" alt=""><a href="/jaunumi/zina-{n}">Pagasta ziņa '
                    f'numur {n} par talku</a><span>1{n}.03.2024.</span></div>' for n in range(1, 7))
    listing = ('<html lang="lv"><body><main><div class="wrap"><div class="list"><h1>Ozolkalna pagasta ziņas martā</h1>'
               f'<div>12.03.2024.</div><div class="items">{items}</div></div></div></main></body></html>')
    assert not extract(listing, "https://www.novads.lv/jaunumi").is_article
    # a gallery whose thumbnails link to each picture's own page (as WordPress does)
    figures = "".join(f'<figure><a href="/2024/06/ligo/foto-{n}/"><img src="/wp-content/uploads/ligo-{n}.jpg" alt="">'
                      f'</a></figure>' for n in range(6))
    post = ('<html lang="lv"><body><main><article class="post"><h1>Fotomirkļi no Līgo svētkiem</h1>'
            f'<div class="date">24.06.2024.</div><div class="gallery">{figures}</div></article></main></body></html>')
    article = extract(post, "https://www.novads.lv/2024/06/ligo/")
    assert article.is_article and article.body == "" and len(article.images) == 6
