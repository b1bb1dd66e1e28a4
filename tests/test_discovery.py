from crawler import discovery
from crawler.registry import adhoc_site, load_registry


def classifier(profile="generic", url="https://www.example.lv/"):
    return discovery.LinkClassifier(adhoc_site(url, profile=profile))


def test_tvp_patterns():
    c = classifier("tvp")
    assert c.is_article("https://www.example.lv/lv/jaunums/domes-sede-janvari")
    assert not c.is_article("https://www.example.lv/lv/jaunumi?page=2")
    assert c.is_listing("https://www.example.lv/lv/jaunumi?page=2")
    assert c.denied("https://www.example.lv/lv/viegli-lasit?view=easy")
    assert c.denied("https://www.example.lv/lv/kalendars?month=2022-03")
    assert c.denied("https://other.lv/lv/jaunums/x") == "offsite"
    assert c.denied("https://example.lv/lv/jaunums/x") is None  # the bare host is the same site


def test_generic_article_guesses():
    assert discovery.looks_like_article("https://x.lv/jaunumi/123-domes-sedes-lemumi.html")
    assert discovery.looks_like_article("https://x.lv/?p=123")
    assert discovery.looks_like_article("https://x.lv/index.php?news_id=77")
    assert discovery.looks_like_article("https://x.lv/2020/01/jauna-skola-atverta/")
    assert not discovery.looks_like_article("https://x.lv/kontakti")
    assert not discovery.looks_like_article("https://x.lv/")


def test_traps_are_denied():
    c = classifier()
    assert c.denied("https://www.example.lv/kalendars/?month=2030-01")
    assert c.denied("https://www.example.lv/tag/skolas/")
    assert c.denied("https://www.example.lv/?" + "&".join(f"a{i}=1" for i in range(10))) == "too-many-params"
    assert c.denied("https://www.example.lv/" + "a" * 3000) == "url-too-long"


LISTING = """<html><body><nav><a href="/">Sākums</a><a href="/kontakti">Kontakti</a></nav>
<div class="news">
<div><a href="/zinas/101-domes-sede">Domes sēdē pieņemti lēmumi par budžetu</a></div>
<div><a href="/zinas/102-skola">Jaunā skola atvērta Ozolniekos pēc remonta</a></div>
<div><a href="/zinas/103-cels">Sākta ceļa pārbūve uz Vecumniekiem un Bausku</a></div>
</div><div class="pager"><a href="/zinas/?lapa=2">2</a><a href="/zinas/?lapa=2">Nākamā »</a></div>
</body></html>"""


def test_listing_finds_articles_and_next_page():
    c = discovery.LinkClassifier(adhoc_site("https://www.example.lv/zinas/"))
    listing = discovery.read_listing(LISTING, "https://www.example.lv/zinas/", c)
    assert [l.url for l in listing.articles] == [
        "https://www.example.lv/zinas/101-domes-sede", "https://www.example.lv/zinas/102-skola",
        "https://www.example.lv/zinas/103-cels"]
    assert listing.next_pages == ["https://www.example.lv/zinas/?lapa=2"]


def test_read_feed_rss_and_atom():
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><item><title>A</title>
    <link>https://x.lv/lv/jaunums/a</link><pubDate>Tue, 08 Feb 2022 10:00:00 +0200</pubDate></item></channel></rss>"""
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>B</title>
    <link rel="alternate" href="/b"/><published>2022-02-08T10:00:00Z</published></entry></feed>"""
    assert discovery.read_feed(rss, "https://x.lv/")[0].url == "https://x.lv/lv/jaunums/a"
    assert discovery.read_feed(atom, "https://x.lv/")[0].url == "https://x.lv/b"


def test_read_feed_rejects_html():
    import pytest

    with pytest.raises(ValueError):
        discovery.read_feed(b"<html><body>not found</body></html>", "https://x.lv/")


def test_sitemap_and_robots():
    doc = discovery.read_sitemap(b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://x.lv/a</loc><lastmod>2022-01-01</lastmod></url></urlset>""")
    assert doc.kind == "urlset" and doc.entries == [("https://x.lv/a", "2022-01-01")]
    assert discovery.robots_sitemaps("User-agent: *\nSitemap: /wp-sitemap.xml\n", "https://x.lv/robots.txt") == [
        "https://x.lv/wp-sitemap.xml"]


def test_registry_sites_have_working_classifiers():
    for site in load_registry():
        c = discovery.LinkClassifier(site)
        assert c.denied(site.url) is None, site.id


def test_next_pages_follows_the_nearest_later_page_only():
    c = classifier("tvp")
    pager = [f"https://www.example.lv/lv/jaunumi?page={n}" for n in (0, 1, 2, 3)]
    assert discovery.next_pages(pager, "https://www.example.lv/lv/jaunumi", c) == [pager[1]]
    assert discovery.next_pages(pager, "https://www.example.lv/lv/jaunumi?page=2", c) == [pager[3]]
    assert discovery.next_pages(pager, "https://www.example.lv/lv/jaunumi?page=3", c) == []
    offsets = [f"https://www.example.lv/index.php?id=12&start={n}" for n in (10, 20)]
    assert discovery.next_pages(offsets, "https://www.example.lv/index.php?id=12", classifier()) == [offsets[0]]


def test_facet_filters_are_skipped_but_pages_with_session_ids_are_not():
    html = """<html><body>
    <a href="/jaunumi/?tema=kultura">Kultūra</a>
    <a href="/jaunumi/?lapa=2&amp;PHPSESSID=0dae1198">2</a>
    </body></html>"""
    c = discovery.LinkClassifier(adhoc_site("https://www.example.lv/jaunumi/"))
    listing = discovery.read_listing(html, "https://www.example.lv/jaunumi/", c)
    assert listing.next_pages == ["https://www.example.lv/jaunumi/?lapa=2&PHPSESSID=0dae1198"]
    assert listing.listings == []


def test_rule_lists_match_as_their_patterns_do_one_by_one():
    # Joined into one pattern where that is safe; a flag or a backreference keeps them apart.
    cases = [
        (["^/a/", "^/b/"], ["/a/x", "/b/y"], ["/c/z"]),
        (["(?i)^/zinas/", "^/b/"], ["/ZINAS/1", "/b/y"], ["/c/z"]),
        (["^/(a)/", "^/(\\w+)/\\1$"], ["/a/", "/x/x"], ["/x/y"]),
        (["^/(?P<s>\\w+)/", "^/(?P<s>\\d+)-"], ["/a/", "/12-x"], ["a"]),
    ]
    for patterns, hits, misses in cases:
        joined = discovery._any_of(patterns)
        for target in hits:
            assert joined.search(target), (patterns, target)
        for target in misses:
            assert not joined.search(target), (patterns, target)


def test_classifier_travels_to_worker_processes():
    import pickle

    c = classifier("tvp")
    assert c.is_listing("https://www.example.lv/lv/jaunumi?page=2")
    copy = pickle.loads(pickle.dumps(c))
    assert copy.is_article("https://www.example.lv/lv/jaunums/domes-sede-janvari")
    assert copy.denied("https://other.lv/x") == "offsite"


SHORT_HEADLINES = """<html><body>
<nav class="menu"><ul><li><a href="/kontakti">Kontakti</a></li><li><a href="/par-novadu">Par novadu</a></li>
<li><a href="/pakalpojumi">Pakalpojumi</a></li></ul></nav>
<main><h1>Jaunumi</h1>
<ul class="raksti">
<li class="raksts"><h3><a href="/skolas-iela-slegta-satiksmei-lidz-maija-beigam">Skolas iela slēgta satiksmei līdz maija beigām</a></h3>
 <span>12.04.2024.</span><p>Sākas ielas pārbūve.</p></li>
<li class="raksts"><h3><a href="/domes-sedes-darba-kartiba-aprilim">Domes sēdes darba kārtība aprīlim</a></h3>
 <span>10.04.2024.</span><p>Sēde notiks 25. aprīlī.</p></li>
<li class="raksts"><h3><a href="/talka">Talka</a></h3><span>08.04.2024.</span><p>Talka notiks sestdien.</p></li>
<li class="raksts"><h3><a href="/jauna-sporta-zale-atverta-vecpilsetas-skola">Jaunā sporta zāle atvērta Vecpilsētas skolā</a></h3>
 <span>02.04.2024.</span><p>Zāle atvērta visiem.</p></li>
</ul>
<div class="arhivs">Arhīvs: <a href="/arhivs/2023/">2023</a> <a href="/arhivs/2022/">2022. gads</a></div>
</main></body></html>"""


def test_a_short_headline_among_article_teasers_is_a_candidate_and_menus_are_not():
    c = discovery.LinkClassifier(adhoc_site("https://www.example.lv/"))
    listing = discovery.read_listing(SHORT_HEADLINES, "https://www.example.lv/jaunumi/", c)
    found = {l.url for l in listing.articles + listing.guessed}
    assert "https://www.example.lv/talka" in found          # "Talka": one word, in the teasers' place
    assert "https://www.example.lv/skolas-iela-slegta-satiksmei-lidz-maija-beigam" in found
    assert not found & {"https://www.example.lv/kontakti", "https://www.example.lv/par-novadu",
                        "https://www.example.lv/pakalpojumi"}


def test_year_links_lead_to_the_archive_of_older_news():
    c = discovery.LinkClassifier(adhoc_site("https://www.example.lv/"))
    listing = discovery.read_listing(SHORT_HEADLINES, "https://www.example.lv/jaunumi/", c)
    assert {"https://www.example.lv/arhivs/2023/", "https://www.example.lv/arhivs/2022/"} <= set(listing.listings)


def test_a_feed_date_at_midnight_is_a_day():
    from crawler.spiders.site import feed_date_to_iso
    assert feed_date_to_iso("Thu, 05 Mar 2026 00:00:00 +0200") == "2026-03-05"
    assert feed_date_to_iso("2026-03-04T22:00:00Z") == "2026-03-05"       # midnight in Riga
    assert feed_date_to_iso("Thu, 05 Mar 2026 09:30:00 +0200") == "2026-03-05T09:30:00+02:00"


def test_headlines_in_headings_are_candidates_whatever_their_url():
    html = """<html><body><header><h2><a href="/ru/">Главная страница сайта</a></h2></header>
    <main><h1>Новости</h1>
    <div class="item"><h2><a href="/ru/jaunums/2979">Заявки принимаются до конца месяца</a></h2><p>Подробнее в центре.</p></div>
    <div class="item"><h2><a href="/ru/jaunums/2978">Проект софинансируется фондом</a></h2><p>Работы в несколько этапов.</p></div>
    </main><aside><h3><a href="/ru/kontakti">Контакты и часы приёма</a></h3></aside></body></html>"""
    c = discovery.LinkClassifier(adhoc_site("https://www.example.lv/"))
    listing = discovery.read_listing(html, "https://www.example.lv/ru/novosti/", c)
    found = {l.url for l in listing.articles + listing.guessed}
    assert {"https://www.example.lv/ru/jaunums/2979", "https://www.example.lv/ru/jaunums/2978"} <= found
    assert not found & {"https://www.example.lv/ru/", "https://www.example.lv/ru/kontakti"}


LAST_PAGE_OF_TWO = """<html><body>
<nav class="menu"><ul><li><h3><a href="/kontakti/">Kontakti</a></h3></li>
<li><h3><a href="/skolas-iela-slegta-satiksmei-lidz-maija-beigam/">Skolas iela slēgta satiksmei līdz maija beigām</a></h3></li></ul></nav>
<main><h1>Arhīvs: 2025</h1><div class="news-list">
<div class="news-item"><h2><a href="/kirsos-konkursu/">Ķiršos konkursu</a></h2><span class="date">27.01.2025.</span>
 <p>Sporta skola aicina iedzīvotājus uz tikšanos…</p><a class="more" href="/kirsos-konkursu/">Lasīt vairāk</a></div>
<div class="news-item"><h2><a href="/dzerves-par-izmainam-darba-laika/">Dzērvēs par izmaiņām darba laikā</a></h2>
 <span class="date">09.01.2025.</span><p>Bibliotēka apkopo aptaujas rezultātus…</p>
 <a class="more" href="/dzerves-par-izmainam-darba-laika/">Lasīt vairāk</a></div>
</div><nav class="pager"><a href="/arhivs/2025/">« Jaunākas ziņas</a></nav></main></body></html>"""


def test_the_last_page_of_a_listing_with_two_teasers_keeps_the_short_one():
    # One teaser's slug looks like an article, the other's is two words: beside each other
    # as teaser headlines, both are candidates. A menu's headings are not teasers.
    c = discovery.LinkClassifier(adhoc_site("https://www.example.lv/"))
    listing = discovery.read_listing(LAST_PAGE_OF_TWO, "https://www.example.lv/arhivs/2025/?page=1", c)
    found = {l.url for l in listing.articles + listing.guessed}
    assert {"https://www.example.lv/kirsos-konkursu/", "https://www.example.lv/dzerves-par-izmainam-darba-laika/"} <= found
    assert "https://www.example.lv/kontakti/" not in found


SAME_PATH_TEASERS = """<html><body><main><h1>Jaunumi</h1><div class="list">
<div class="item"><h3><a href="/lat/jaunumi/?id=3039">Sporta skola plāno budžetu nākamajam gadam</a></h3><p>…</p></div>
<div class="item"><h3><a href="/lat/jaunumi/?id=3033">Skujenē talku šogad</a></h3><p>…</p></div>
<div class="item"><h3><a href="/lat/jaunumi/?id=3026">Pašvaldība piedāvā bezmaksas konsultācijas šogad</a></h3><p>…</p></div>
<div class="item"><h3><a href="/lat/jaunumi/?id=3018">Ozolkalnā konkursu</a></h3><p>…</p></div>
</div><div class="filters"><a href="/lat/jaunumi/?tema=sports">Sports</a> <a href="/lat/jaunumi/?tema=kultura">Kultūra</a></div>
<nav class="pager"><a href="/lat/jaunumi/?page=5">Nākamā lapa</a></nav></main></body></html>"""


def test_short_headlines_on_the_listings_own_path_are_teasers_beside_long_ones():
    # A CMS serving its articles from the listing's path with an id: the long headlines
    # are fetched and judged; the short ones beside them are too; facet links are not.
    c = discovery.LinkClassifier(adhoc_site("https://www.example.lv/"))
    listing = discovery.read_listing(SAME_PATH_TEASERS, "https://www.example.lv/lat/jaunumi/?page=4", c)
    found = {l.url for l in listing.articles + listing.guessed + listing.headlines}
    assert {f"https://www.example.lv/lat/jaunumi/?id={n}" for n in (3039, 3033, 3026, 3018)} <= found
    assert not found & {"https://www.example.lv/lat/jaunumi/?tema=sports", "https://www.example.lv/lat/jaunumi/?tema=kultura"}
