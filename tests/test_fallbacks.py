"""Skipping trafilatura's readability/justext comparison when it cannot change the answer
gives the same article, field by field, as always running it."""
from __future__ import annotations

from pathlib import Path

import pytest

import crawler.extraction.fallbacks as fallbacks
from crawler.extraction import extract

PAGES = sorted(Path(__file__).parent.rglob("*.html"))


def _all_fields(article) -> dict:
    return {key: value for key, value in vars(article).items() if key != "kind_reasons"}


@pytest.mark.skipif(not fallbacks.ENABLED, reason="an unchecked trafilatura release: the comparison always runs")
def test_skipping_the_comparison_changes_no_article(monkeypatch):
    # a neutral address: the whole page goes through trafilatura's full cascade
    asked, skipped = [], []
    decide = fallbacks.cannot_change

    def counted(*args):
        verdict = decide(*args)
        (skipped if verdict else asked).append(verdict)
        return verdict

    monkeypatch.setattr(fallbacks, "cannot_change", counted)
    guarded = [_all_fields(extract(path.read_bytes(), f"https://news.example.org/{path.stem}")) for path in PAGES]
    monkeypatch.setattr(fallbacks, "ENABLED", False)
    always = [_all_fields(extract(path.read_bytes(), f"https://news.example.org/{path.stem}")) for path in PAGES]
    # both kinds of page are among the saved ones, or the test proves nothing
    assert skipped and asked
    for path, one, other in zip(PAGES, guarded, always):
        assert one == other, path.name


def test_the_comparison_is_restored_after_extraction():
    from trafilatura import core

    before = core._extract_and_compare
    extract("<html><body><article><h1>T</h1><p>" + "Words of a page. " * 80 + "</p></article></body></html>",
            "https://news.example.org/a")
    assert core._extract_and_compare is before


def _options():
    from trafilatura.settings import Extractor

    return Extractor(output_format="python", comments=False, tables=True)


def _body(text: str):
    from lxml.etree import Element, SubElement

    body = Element("body")
    SubElement(body, "p").text = text
    return body


def _page(paragraphs: int):
    from lxml import html

    words = "The council of the town met on Tuesday to discuss the new bridge over the river. "
    article = "".join(f"<p>{words * 3}</p>" for _ in range(paragraphs))
    return html.fromstring(f"<html><body><nav>Home News</nav><article><h1>Bridge</h1>{article}</article>"
                           f"<footer>Example Town</footer></body></html>")


@pytest.mark.skipif(not fallbacks.ENABLED, reason="an unchecked trafilatura release")
@pytest.mark.parametrize("paragraphs, own_paragraphs, skip", [(2, 2, True), (12, 2, False), (12, 10, True)])
def test_a_skipped_comparison_is_one_that_keeps_the_own_reading(paragraphs, own_paragraphs, skip):
    # trafilatura's own reading: some of the article's paragraphs; readability reads the
    # whole article, and wins when that is more than twice as long
    page = _page(paragraphs)
    own_text = " ".join(" ".join(p.text_content().split()) for p in list(page.iter("p"))[:own_paragraphs])
    options = _options()
    skipped = fallbacks.cannot_change(page, _body(own_text), own_text, options)
    _, text = fallbacks.compare_extraction(_page(paragraphs), _page(paragraphs), _body(own_text), own_text, options)
    assert skipped == skip
    # a reading of a sixth of the article is replaced by readability's; the others are kept
    assert (text == own_text) == skip


def _trees(edges: tuple, converted: bool = False) -> list:
    """Every saved page parsed as extraction parses it (characters XML cannot carry gone
    first), and the corner cases; with ``converted``, also as trafilatura's reader gets them."""
    from lxml import html as lxml_html
    from trafilatura.core import _prepare_tree
    from trafilatura.utils import load_html

    from crawler.extraction import decode_html
    from crawler.extraction.safetext import xml_safe

    trees = [load_html(xml_safe(decode_html(path.read_bytes(), None))) for path in PAGES]
    trees += [lxml_html.fromstring(edge) for edge in edges]
    trees = [tree for tree in trees if tree is not None]
    if converted:
        trees += [_prepare_tree(tree, _options(), None)[0] for tree in trees]
    return trees


# --- the page's text measured in one walk -----------------------------------------------

_EDGES = (
    "<html><body><div id='x' class='site-footer'>Kājene</div><div class='a' id='footer'>Paliek</div>"
    "<p>Pirms<aside>Malā</aside>pēc, <b>trekns</b><script>x()</script> aste\u00ad ar mīksto defisi</p>"
    "<div><span>Iekšā</span><footer>Kāje</footer>aiz kājes<svg><text>Attēls</text></svg>un<br>rinda</div>"
    "<section id='CookieConsent-banner'>Sīkdatnes</section>tālāk<ul><li>viens</li><li>divi\u200b</li></ul>"
    "<template><p>Veidne</p></template><table><tr><td>šūna</td><td>otra</td></tr></table></body></html>",
    # a deleted element's tail joins the text before it, cleaned when that is a block's
    "<html><body><p>Bez<aside>a</aside><aside>b</aside>atstar\u00adpes</p><div><aside>c</aside>sā\u00adkumā</div>"
    "<p><b>x</b><aside>d</aside>pa\u00adliek</p></body></html>",
    "<div><p>Tikai</p><p>fragments</p></div>",
)


@pytest.mark.skipif(not fallbacks.pagemeasure.ENABLED, reason="an unchecked trafilatura release")
def test_the_page_text_walk_is_trafilaturas_html2txt():
    from trafilatura.baseline import html2txt

    trees = _trees(_EDGES)
    assert len(trees) > 50
    for tree in trees:
        assert fallbacks.pagemeasure.page_text(tree) == html2txt(tree)


def test_trafilaturas_own_functions_are_restored_after_extraction():
    from trafilatura import core, main_extractor

    before = (core.html2txt, core.prune_unwanted_nodes, main_extractor.prune_unwanted_nodes)
    extract("<html><body><article><h1>T</h1><p>Short.</p></article><div>" + "Other words. " * 80 + "</div>"
            "</body></html>", "https://news.example.org/a")
    assert (core.html2txt, core.prune_unwanted_nodes, main_extractor.prune_unwanted_nodes) == before


# --- trafilatura's raw-tree prunes found by a walk ---------------------------------------

_PRUNE_EDGES = (
    "<html><body><div id='comments'>K</div><div class='commentary'>paliek</div><section class='Comment-list'>K</section>"
    "<ol id='comol'><li>K</li></ol><ul class='post-comments'><li>K</li></ul><ul id='disqus_thread'><li>paliek</li></ul>"
    "<details id='dsq-comments'>K</details><div id='x' class='article-comments'>K</div><p class='comments'>paliek</p>"
    "<div class='infinite-scroll'><p>K</p></div><section id='infinitescroll'><h1>Virsraksts</h1>paliek</section>"
    "<aside class='mvp-post-add-wrap'><h1>Cits</h1>K</aside><div class='elementor-share-buttons x'>K</div>"
    "<div class='comment'><div class='comment'>ligzdā</div></div></body></html>",
    # page furniture: the first of id and class decides "cookie" and "reply-"
    "<html><body><div id='main' class='cookie-x'>paliek</div><div class='cookie-x' id='main'>K</div>"
    "<p role='Navigation'>K</p><span data-lp-replacement-content=''>K</span><section class='share-bar'>K</section>"
    "<div class='has-widget-area'>K</div><div class='x ad-slot'>K</div><div class='load'>paliek</div>"
    "<em id='reply-form' class='a'>K</em><em class='a' id='reply-form'>paliek</em><b style='display: none'>K</b>"
    "<i id='x' style='hidden'>paliek</i><i style='hidden' id='x'>K</i><u aria-hidden='true'>K</u>"
    "<strong class='notice hidden'>K</strong><a class='comments-title'>K</a></body></html>",
)


@pytest.mark.skipif(not fallbacks.prunes.ENABLED, reason="an unchecked trafilatura release")
def test_the_prune_walks_find_what_trafilaturas_xpaths_find():
    from trafilatura.xpaths import OVERALL_DISCARD_XPATH, RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

    found = 0
    # the furniture prune runs on trafilatura's converted tree (lists, items, heads)
    for tree in _trees(_PRUNE_EDGES, converted=True):
        for nodelist in (REMOVE_COMMENTS_AND_LISTS_XPATH, RAW_TREE_PRUNE_XPATH, OVERALL_DISCARD_XPATH):
            for expression, find in zip(nodelist, fallbacks.prunes.finders(nodelist), strict=True):
                expected = expression(tree)
                assert find(tree) == expected
                found += len(expected)
    assert found >= 10  # the corner cases are matched, not only passed over


def test_other_prunes_are_trafilaturas_own():
    from lxml.etree import XPath

    assert fallbacks.prunes.finders([XPath(".//div")]) is None


# --- trafilatura's first container guesses found by a walk -------------------------------

_BODY_EDGES = (
    "<html><body><div><div class='x'><section class='post'>A</section></div><div id='art-content'>B</div></div></body></html>",
    "<html><body><div class='sidebar'><div class='Fulltext'>S</div></div><main><div class='article '>T</div></main></body></html>",
    "<html><body><section id='Main-Content'>M</section><div class='Page-Content'>P</div><div id='content'>C</div></body></html>",
    "<html><body><article itemprop='articleBody'><p>x</p></article><div role='article'>y</div></body></html>",
    "<html><body><p class='post'>not a block</p><div class='posts'>no</div></body></html>",
    "<html><body><div class='x Page-Content'>P</div><div class='content'>C</div></body></html>",
)


@pytest.mark.skipif(not fallbacks.bodycandidates.ENABLED, reason="an unchecked trafilatura release")
def test_the_container_walks_find_trafilaturas_first_choice():
    from trafilatura.xpaths import BODY_XPATH

    found = 0
    for tree in _trees(_BODY_EDGES, converted=True):
        for expression, walk in zip(BODY_XPATH, fallbacks.bodycandidates.CANDIDATES, strict=True):
            expected = next(iter(expression(tree)), None)
            assert next(iter(walk(tree)), None) is expected
            found += expected is not None
    assert found >= 20
