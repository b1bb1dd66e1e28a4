"""Latvian search: the query builder on its own, then the site's search query on a small archive."""
import sqlite3

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.site import search
from archive.db import open_db
from archive.site.serve import METADATA


# --- fts_query ------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("Pašvaldība", "pasvaldiba"),
        ("JELGAVĀ", "jelgava"),
        ("Ķekava Ļaudona Ņūkasla Ģipka Žīguri Čornaja", "kekava laudona nukasla gipka ziguri cornaja"),
    ],
)
def test_fold_strips_latvian_diacritics_and_case(typed, expected):
    assert search.fold(typed) == expected


@pytest.mark.parametrize(
    "word,stem",
    [
        ("jelgava", "jelgav"),
        ("jelgavas", "jelgav"),
        ("pasvaldibu", "pasvaldib"),
        ("pasvaldibam", "pasvaldib"),
        ("deinstitucionalizacija", "deinstitucionalizacij"),
        ("deinstitucionalizacijas", "deinstitucionalizacij"),
        ("novadiem", "novad"),
        ("lielajiem", "liel"),
        ("tirgus", "tirg"),
        ("daugavpils", "daugavpil"),
        ("cesis", "ces"),
        ("skola", "skol"),
    ],
)
def test_stem_strips_one_noun_or_adjective_ending(word, stem):
    assert search.stem(word) == stem


@pytest.mark.parametrize("word", ["upe", "ogr", "es", "rigs1", "2023"])
def test_stem_leaves_short_words_and_numbers_alone(word):
    assert search.stem(word) == word


def test_fts_query_searches_every_inflected_form():
    query = search.fts_query("Jelgavā")
    for form in ("jelgava", "jelgavas", "jelgavu", "jelgavai"):
        assert f'"{form}"' in query
    assert "*" not in query  # exact forms: a prefix would also find other words
    query = search.fts_query("pasvaldiba")
    for form in ("pasvaldiba", "pasvaldibas", "pasvaldibu", "pasvaldibam"):
        assert f'"{form}"' in query


def test_fts_query_requires_every_word():
    query = search.fts_query("skola Jelgavā")
    left, right = query.split(" AND ")
    assert '"skolas"' in left and '"jelgavas"' in right


def test_fts_query_short_words_and_numbers_match_exactly():
    assert search.fts_query("ES 2023") == '"es" AND "2023"'


def test_fts_query_unstemmable_long_word_takes_endings():
    assert '"eraf"' in search.fts_query("ERAF") and '"erafa"' in search.fts_query("ERAF")


@pytest.mark.parametrize(
    "typed",
    ['"', '""', "*", "-", ":", "(", ")", "^", "+", "NEAR(", "a OR", "NOT", "title:x", "x*", "'", ";--", "\\"],
)
def test_fts_query_escapes_fts_syntax(typed):
    query = search.fts_query(typed)
    # Only whole quoted words, the operators we add and a trailing * may appear.
    stripped = query.replace(" AND ", " ").replace(" OR ", " ").replace("(", "").replace(")", "")
    for part in stripped.split():
        assert part.startswith('"') and (part.endswith('"') or part.endswith('"*')), query


def test_fts_query_with_nothing_to_search_matches_nothing():
    assert search.fts_query("") == '""'
    assert search.fts_query(None) == '""'
    assert search.fts_query("!!! ... ---") == '""'


def test_fts_query_drops_repeated_words_and_caps_the_number_of_terms():
    assert search.fts_query("skola skola Skolā") == search.fts_query("skola")
    many = " ".join(f"vards{i}" for i in range(40))
    assert search.fts_query(many).count(" AND ") == search.MAX_TERMS - 1


# --- the site's search query over a small archive --------------------------------

SITES = [
    ("riga", "Rīga", "https://www.riga.lv", "state-city", "riga"),
    ("jelgava", "Jelgava", "https://www.jelgava.lv", "state-city", "zemgale"),
    ("jelgavas-novads", "Jelgavas novads", "https://www.jelgavasnovads.lv", "municipality", "zemgale"),
]

ARTICLES = [
    # id, site, title, body
    ("a000000000000001", "riga", "Pašvaldība aicina pieteikties līdzdalības budžetam",
     "Rīgas pašvaldība aicina iedzīvotājus iesniegt idejas apkaimju attīstībai."),
    ("a000000000000002", "jelgavas-novads", "Iedzīvotāju sapulce Elejā",
     "Sapulcē piedalīsies pašvaldības vadība un atbildēs uz jautājumiem."),
    ("a000000000000003", "jelgavas-novads", "Jauni ceļu remonti",
     "Remontdarbus finansēs no pašvaldību budžeta līdzekļiem."),
    ("a000000000000004", "riga", "Turpinās deinstitucionalizācija",
     "Rīga turpina deinstitucionalizāciju un atver jaunus grupu dzīvokļus."),
    ("a000000000000005", "jelgavas-novads", "Sociālo pakalpojumu projekts",
     "Projekts ir daļa no deinstitucionalizācijas pasākumiem Zemgalē."),
    ("a000000000000006", "jelgava", "Jelgavā atklāj pārbūvēto skolu",
     "Pirmajā septembrī durvis vēra atjaunotā sākumskola."),
    ("a000000000000007", "jelgavas-novads", "Kultūras nams gaida apmeklētājus",
     "Koncerts notiks netālu no Jelgavas, Elejas kultūras namā."),
    ("a000000000000008", "riga", "Ziemas sporta svētki",
     "Svētkos piedalīsies skolēni no visām Rīgas skolām."),
    ("a000000000000009", "riga", "Bibliotēkas darba laiks svētkos",
     "Bibliotēka svētku dienās būs slēgta."),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    db = open_db(tmp_path_factory.mktemp("search") / "novadi.db")
    for site_id, name, url, kind, region in SITES:
        db.execute(
            "insert into sites (id, name, url, kind, region) values (?, ?, ?, ?, ?)",
            [site_id, name, url, kind, region],
        )
    for article_id, site, title, body in ARTICLES:
        db.execute(
            """
            insert into articles (id, site, url, title, published, body, lang, body_hash,
                                  first_seen, last_seen, last_changed)
            values (?, ?, ?, ?, '2023-05-02', ?, 'lv', ?, '2024-01-01T00:00:00+00:00',
                    '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')
            """,
            [article_id, site, f"https://example.lv/{article_id}", title, body, article_id],
        )
    db.conn.create_function("lv_fts", 1, search.fts_query)
    db.conn.create_function("lv_snippet", 2, search.snippet)
    yield db
    db.conn.close()


def site_search(db, q, region="", site=""):
    sql = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["novadi"]["queries"]["search"]["sql"]
    cursor = db.conn.execute(sql, {"q": q, "region": region, "site": site})
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def ids(rows):
    return {row["id"] for row in rows}


def test_search_without_diacritics_finds_every_case_form(archive):
    # pašvaldība, pašvaldības, pašvaldību
    assert ids(site_search(archive, "pasvaldiba")) == {
        "a000000000000001", "a000000000000002", "a000000000000003"}


def test_search_finds_other_inflections(archive):
    assert ids(site_search(archive, "deinstitucionalizācija")) == {"a000000000000004", "a000000000000005"}
    # Jelgavā in a title, Jelgavas in a body
    assert ids(site_search(archive, "jelgava")) == {"a000000000000006", "a000000000000007"}


def test_search_meets_inflections_not_derived_words(archive):
    # "skola" finds skolu (a title) and skolām (a body); sākumskola and skolēni are other words
    assert ids(site_search(archive, "skola")) == {"a000000000000006", "a000000000000008"}
    assert not ids(site_search(archive, "skoleni")) & {"a000000000000006"}


def test_search_puts_title_matches_first(archive):
    rows = site_search(archive, "svētki")
    assert [row["id"] for row in rows][0] == "a000000000000008"  # "svētki" in the title
    assert "a000000000000009" in ids(rows)  # "svētkos", "svētku" in bodies


def test_search_filters_by_region_and_site(archive):
    assert ids(site_search(archive, "pasvaldiba", region="riga")) == {"a000000000000001"}
    assert ids(site_search(archive, "pasvaldiba", site="jelgavas-novads")) == {
        "a000000000000002", "a000000000000003"}


def test_search_snippet_marks_hits_with_sentinels(archive):
    (row,) = site_search(archive, "apkaimju")
    assert "\ue000apkaimju\ue001" in row["snippet"]


def test_search_for_nothing_returns_nothing(archive):
    assert site_search(archive, "") == []
    assert site_search(archive, "neeksistējošsvārds") == []


@pytest.mark.parametrize("typed", ['"', "pasvaldiba OR", "NEAR(a b)", "*", "-jelgava", "title:skola", "(((", "'; drop table articles; --"])
def test_special_characters_never_raise(archive, typed):
    site_search(archive, typed)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_a_valid_match_expression(typed):
    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table f using fts5(title, body, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("insert into f values ('Jelgavā', 'pašvaldības skolēni')")
    conn.execute("select rowid from f where f match ?", [search.fts_query(typed)]).fetchall()


# --- snippets ----------------------------------------------------------------------


def test_snippet_marks_inflected_forms_typed_without_diacritics():
    text = "Jelgavas novada pašvaldība informē, ka pašvaldības budžets ir apstiprināts."
    assert search.snippet(text, "pasvaldiba budzets") == (
        "Jelgavas novada \ue000pašvaldība\ue001 informē, ka \ue000pašvaldības\ue001 "
        "\ue000budžets\ue001 ir apstiprināts.")


def test_snippet_is_the_window_with_most_hits_and_shows_the_cuts():
    filler = " ".join(f"vārds{i}" for i in range(40))
    text = f"Skola sākumā. {filler} Skolas un skolai, skolu pagalms. {filler}"
    got = search.snippet(text, "skola", size=10)
    assert got.startswith("…") and got.endswith("…")
    assert got.count("\ue000") == 3 and "\ue000Skolas\ue001" in got
    assert len(got.strip("…").split()) == 10


def test_snippet_without_a_hit_is_null():
    assert search.snippet("Par ceļu remontu.", "skola") is None
    assert search.snippet("", "skola") is None
    assert search.snippet("Skola.", "") is None


def test_a_pasted_endless_word_is_searched_as_typed():
    word = "garš" * 5000
    query = search.fts_query(word)
    assert query == f'"{search.fold(word)}"'  # not its 27 inflected forms: a query of 20,000 letters, not 560,000
    assert len(search.fts_query("pašvaldības budžets")) > 200  # ordinary words keep their forms
