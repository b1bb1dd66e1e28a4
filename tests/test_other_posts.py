"""Other posts on a post's page: the ``<article>`` elements a whole-page reading must leave out."""
from __future__ import annotations

from copy import deepcopy

from lxml import html as lxml_html
from lxml.etree import XPath
from trafilatura.htmlprocessing import prune_unwanted_nodes

from crawler.extraction.focus import other_posts

URL = "https://www.parauga.lv/2024/03/biblioteka/"


def _page(after: str, own: str = 'id="post-512" class="post-512 post type-post"') -> str:
    return f"""<html><body><main>
<article {own}><h1>Rudzātu skolā atklāta jauna bibliotēka</h1>
<p>Rudzātu pamatskolā otrdien atklāta atjaunota bibliotēka, kurā skolēni var lasīt un mācīties grupās.</p>
<p>Bibliotēkas atjaunošana izmaksāja 23 tūkstošus eiro, no kuriem lielāko daļu sedza pašvaldība.</p></article>
{after}</main></body></html>"""


def _run(page: str):
    tree = lxml_html.fromstring(page)
    headline = tree.find(".//h1")
    return tree, other_posts(tree, headline, URL)


def _texts(tree, paths):
    return [" ".join(tree.xpath(path)[0].text_content().split())[:20] for path in paths]


RELATED = """<article class="post-512 related"><h3>Jums varētu patikt</h3>
<article id="post-498" class="post-498 post"><a href="/2024/03/darba-laiks/"><img src="/a.jpg"></a>
<p>No 1. aprīļa pagasta pārvalde apmeklētājus pieņems pirmdienās un ceturtdienās līdz plkst. 18.00.</p></article>
<article id="post-487" class="post-487 post"><a href="/2024/02/talka/"><img src="/b.jpg"></a>
<p>Sestdien visi pagasta iedzīvotāji aicināti uz talku pie ezera, kur sakops peldvietu.</p></article>
</article>"""


def test_posts_numbered_as_other_items_of_the_same_kind_are_other_posts():
    tree, paths = _run(_page(RELATED))
    # each found, the last first (taking one out never renumbers one still to be taken)
    assert _texts(tree, paths) == ["Sestdien visi pagast", "No 1. aprīļa pagasta"]
    # the related block numbered as this post is not another post, nor is the post itself
    assert all("Jums varētu" not in text and "Rudzātu" not in text for text in _texts(tree, paths))


def test_paths_find_the_same_elements_in_a_copy_whose_tags_were_renamed():
    tree, paths = _run(_page(RELATED))
    copied = deepcopy(tree)
    for element in copied.iter("main", "h3"):
        element.tag = "div"  # as legacy layout tables are turned into blocks
    assert _texts(copied, paths) == _texts(tree, paths)
    # and trafilatura's own pruning, given them in that order, takes out exactly those
    pruned = prune_unwanted_nodes(copied, [XPath(path) for path in paths])
    text = " ".join(pruned.text_content().split())
    assert "Rudzātu pamatskolā" in text and "Jums varētu patikt" in text
    assert "No 1. aprīļa" not in text and "Sestdien" not in text


def test_a_card_that_is_mostly_links_to_other_pages_is_another_post():
    card = """<article class="card"><a href="/2024/02/jauniesu-centrs/">Jauniešu centrā jaunas robotikas nodarbības</a>
<span>02.02.2024.</span></article>"""
    tree, paths = _run(_page(card))
    assert _texts(tree, paths) == ["Jauniešu centrā jaun"]


def test_sections_of_one_page_are_not_other_posts():
    # a recipe's or a report's parts set as <article>s: no numbers, text of their own
    sections = """<article class="box"><h2>Sastāvdaļas</h2><p>200 g miltu, 100 g sviesta, divas olas un šķipsna
sāls; <a href="/produkti/milti/">milti</a> no vietējām dzirnavām.</p></article>
<article class="box"><h2>Pagatavošana</h2><p>Mīklu izmīca, atdzesē stundu un cep 180 grādos.</p></article>"""
    assert _run(_page(sections))[1] == []
    # a comment is numbered too, but as another kind of item
    comment = """<article id="comment-12" class="comment-12 comment"><p>Paldies par ziņu, ļoti gaidījām!
</p><a href="/2024/03/biblioteka/#comment-12">Atbildēt</a></article>"""
    assert _run(_page(comment))[1] == []


def test_nothing_is_taken_without_a_headline_inside_an_article():
    tree = lxml_html.fromstring(_page(RELATED).replace("<h1>", "<h2>").replace("</h1>", "</h2>"))
    assert other_posts(tree, None, URL) == []
    # the headline outside every <article>: the page's <article>s may be its body
    page = "<html><body><h1>Virsraksts</h1>" + RELATED + "</body></html>"
    tree = lxml_html.fromstring(page)
    assert other_posts(tree, tree.find(".//h1"), URL) == []


def test_a_block_of_attached_documents_is_not_another_post():
    files = """<article class="files"><a href="/uploads/2024/03/lemums-nr-12.pdf">Domes lēmums Nr. 12</a>
<a href="/uploads/2024/03/tame.xlsx">Bibliotēkas tāme</a></article>"""
    assert _run(_page(files))[1] == []


def test_broken_addresses_in_a_card_are_links_to_nowhere():
    card = """<article class="card"><a href="http://[::1/raksts">Jauniešu centrā jaunas robotikas nodarbības</a>
<a href="http://a b.lv:x/raksts">Vēl viena ziņa ar nederīgu adresi</a></article>"""
    assert _run(_page(card))[1] == []


def test_layout_classes_with_numbers_are_not_item_numbers():
    # a grid's and spacing utilities' numbers ("col-4" beside "col-8") say nothing of items
    aside = """<article class="col-4 mb-3"><h3>Kontakti</h3><p>Pagasta pārvalde strādā darba dienās no 8 līdz 17,
    pieņemšana pie vadītāja otrdienās.</p></article>"""
    assert _run(_page(aside, own='class="col-8 mb-4"'))[1] == []
