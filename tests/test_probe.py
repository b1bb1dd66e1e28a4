"""``novadi probe`` against small sites served on loopback: never the internet."""
from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crawler.platform import detect_platform
from crawler.probe import probe, render_entry, render_report
from crawler.proposal import article_patterns
from crawler.registry import build_site, load_profiles, load_registry

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


PROFILES = load_profiles()


@contextmanager
def serve(routes: dict):
    """Serve ``routes`` ({path_and_query: (status, content_type, body)}) on 127.0.0.1."""
    log = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            log.append((self.path, self.headers.get("User-Agent")))
            status, content_type, body = routes.get(self.path, (404, "text/html", "<h1>404</h1>"))
            if isinstance(body, str):
                body = body.encode("utf-8")
            self.send_response(status)
            if status in (301, 302):
                self.send_header("Location", content_type)
                content_type = "text/html"
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()


HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
XML = "application/xml"


def page(head: str = "", body: str = "", title: str = "Sākums | Parauga novads") -> str:
    return f"<!doctype html><html lang=lv><head><title>{title}</title>{head}</head><body>{body}</body></html>"


def rss(base: str, paths: list[str]) -> str:
    items = "".join(
        f"<item><title>Ziņa {i}</title><link>{base}{p}</link>"
        f"<pubDate>Tue, 0{i % 9 + 1} Feb 2022 10:15:00 +0200</pubDate></item>"
        for i, p in enumerate(paths))
    return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'


def links(paths: list[str], text: str = "Domes sēdē apstiprināts jaunais novada attīstības plāns") -> str:
    return "".join(f'<li><a href="{p}">{text} {i}</a></li>' for i, p in enumerate(paths))


TVP_ARTICLES = [f"/lv/jaunums/domes-sede-nr-{i}-apstiprina-budzetu" for i in range(1, 6)]


def tvp_routes(base: str) -> dict:
    head = ('<meta name="Generator" content="Drupal 10 (https://www.drupal.org)">'
            '<link rel="alternate" type="application/rss+xml" title="Jaunumi" href="/lv/rss/articles">'
            '<link rel="stylesheet" href="/sites/parauga/files/css/a.css">')
    nav = '<a href="/lv/jaunumi">Jaunumi</a> <a href="/lv/viegli-lasit?view=easy">Viegli lasīt</a>'
    return {
        "/robots.txt": (200, "text/plain", "User-agent: *\nDisallow: /lv/meklet\n"),
        "/": (200, HTML, page(head, nav + links(TVP_ARTICLES[:2]))),
        "/lv/rss/articles": (200, RSS, rss(base, TVP_ARTICLES)),
        "/lv/jaunumi": (200, HTML, page(head, nav + links(TVP_ARTICLES) + '<a href="/lv/jaunumi?page=1">2</a>'
                                        '<a href="/lv/jaunumi?page=1">Nākamā</a>', "Jaunumi | Parauga novads")),
    }


WP_ARTICLES = [f"/2021/0{i}/novada-skolenu-olimpiade-nr-{i}/" for i in range(1, 7)]


def wordpress_routes(base: str) -> dict:
    head = ('<meta name="generator" content="WordPress 5.8.3">'
            '<link rel="stylesheet" href="/wp-content/themes/viesite/style.css">'
            f'<link rel="alternate" type="application/rss+xml" title="Plūsma" href="{base}/feed/">'
            f'<link rel="alternate" type="application/rss+xml" title="Komentāri" href="{base}/comments/feed/">')
    nav = '<a href="/?cat=20">Jaunumi</a> <a href="/par-novadu/">Par novadu</a>'
    sitemap_index = (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                     f'<sitemap><loc>{base}/wp-sitemap-posts-post-1.xml</loc></sitemap>'
                     f'<sitemap><loc>{base}/wp-sitemap-posts-page-1.xml</loc></sitemap></sitemapindex>')

    def urlset(paths):
        locs = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
        return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'

    return {
        "/robots.txt": (200, "text/plain", f"User-agent: *\nDisallow: /wp-admin/\nSitemap: {base}/wp-sitemap.xml\n"),
        "/": (200, HTML, page(head, nav + links(WP_ARTICLES[:3]))),
        "/feed/": (200, RSS, rss(base, WP_ARTICLES)),
        "/?cat=20": (200, HTML, page(head, nav + links(WP_ARTICLES) + '<a href="/?cat=20&amp;paged=2">Vecāki ieraksti</a>')),
        "/wp-sitemap.xml": (200, XML, sitemap_index),
        "/wp-sitemap-posts-post-1.xml": (200, XML, urlset(WP_ARTICLES)),
        "/wp-sitemap-posts-page-1.xml": (200, XML, urlset(["/par-novadu/", "/kontakti/"])),
    }


CUSTOM_ARTICLES = [f"/novads/aktualitates/jaunumi/pasakums-{i}-pilsetas-parka/" for i in range(1, 8)]


def custom_routes(base: str) -> dict:
    nav = ('<a href="/novads/aktualitates/jaunumi/">Jaunumi</a> <a href="/novads/">Novads</a>'
           '<a href="/lv/kontakti/">Kontakti</a>')
    return {
        "/": (200, HTML, page("", nav)),
        "/novads/aktualitates/jaunumi/": (200, HTML, page("", nav + links(CUSTOM_ARTICLES)
                                                          + '<a href="/novads/aktualitates/jaunumi/?lapa=2">»</a>')),
    }


@pytest.mark.parametrize("routes, expected", [(tvp_routes, "tvp"), (wordpress_routes, "wordpress")])
def test_probe_detects_platform_and_feed(routes, expected):
    with serve_routes(routes) as (base, log):
        report = probe(base + "/", registry=load_registry(), delay=0, timeout=5)
    assert report.reached
    assert report.profile == expected, report.log
    assert report.feeds and all(n > 0 for n in report.feeds.values())
    assert report.listing is not None and report.next_page is not None
    assert len(report.articles) >= 5
    assert log[0][0] == "/robots.txt"
    assert all("novadi" in agent for _, agent in log)
    assert report.requests <= 12
    _assert_entry_builds(report)


@contextmanager
def serve_routes(make_routes):
    """Routes that need the server's own URL (feeds and sitemaps hold absolute links)."""
    routes: dict = {}
    with serve(routes) as (base, log):
        routes.update(make_routes(base))
        yield base, log


def test_probe_wordpress_reads_the_sitemap_index():
    with serve_routes(wordpress_routes) as (base, _):
        report = probe(base, registry=load_registry(), delay=0, timeout=5)
    assert report.sitemaps == {base + "/wp-sitemap.xml": 8}
    assert len(set(report.article_urls["sitemap"])) == 6
    assert report.proposal["start_urls"] == ["/?cat=20"]
    assert "feeds" not in report.proposal          # the profile's /feed/ works


def test_probe_custom_site_proposes_its_listing():
    with serve_routes(custom_routes) as (base, log):
        report = probe(base, registry=load_registry(), delay=0, timeout=5)
    assert report.profile == "generic"
    assert report.robots == "none"
    assert report.listing == base + "/novads/aktualitates/jaunumi/"
    assert report.next_page == base + "/novads/aktualitates/jaunumi/?lapa=2"
    assert report.proposal["start_urls"] == ["/novads/aktualitates/jaunumi/"]
    assert len(report.articles) == 7
    site = _assert_entry_builds(report)
    assert site.start_urls == (base + "/novads/aktualitates/jaunumi/",)


def test_probe_proposes_article_patterns_the_feed_needs():
    ids = [f"/lv/news/{n}" for n in (1201, 1202, 1207, 1210)]

    def routes(base):
        head = '<link rel="alternate" type="application/rss+xml" href="/rss.php">'
        return {
            "/": (200, HTML, page(head, '<a href="/lv/news">Ziņas</a>')),
            "/rss.php": (200, RSS, rss(base, ids)),
            "/lv/news": (200, HTML, page(head, links(ids) + '<a href="/lv/news?PHPSESSID=ab12&amp;pg=2">»</a>')),
        }

    with serve_routes(routes) as (base, _):
        report = probe(base, registry=load_registry(), delay=0, timeout=5)
    proposal = report.proposal
    assert proposal["feeds"] == ["/rss.php"]
    assert proposal["article"] == [r"^/lv/news/\d+/?$"]
    assert proposal["drop_params"] == ["PHPSESSID"]
    site = _assert_entry_builds(report)
    assert site.article == (r"^/lv/news/\d+/?$",)


def test_probe_does_not_follow_a_redirect_into_a_disallowed_path():
    routes = {"/robots.txt": (200, "text/plain", "User-agent: *\nDisallow: /private/\n"),
              "/": (302, "/private/home", "")}
    with serve(routes) as (base, log):
        report = probe(base, registry=load_registry(), delay=0, timeout=5)
    assert [path for path, _ in log] == ["/robots.txt", "/"]
    assert not report.reached
    assert any("disallowed by robots.txt" in line for line in report.log)


def test_probe_tvp_entry_is_four_lines():
    with serve_routes(tvp_routes) as (base, _):
        report = probe(base, registry=load_registry(), delay=0, timeout=5)
    entry = render_entry(report)
    assert entry.splitlines()[1:] == [
        "[127-0-0-1]", 'name = "Parauga novads"', f'url = "{base}"', 'profile = "tvp"', 'unverified = ["name"]']
    summary = render_report(report)
    assert render_report(report).splitlines() == summary.splitlines()
    assert "platform    tvp" in summary and "/lv/rss/articles (5 entries)" in summary


def test_probe_obeys_robots_txt():
    routes = {"/robots.txt": (200, "text/plain", "User-agent: *\nDisallow: /\n"),
              "/": (200, HTML, page())}
    with serve(routes) as (base, log):
        report = probe(base, registry=load_registry(), delay=0, timeout=5)
    assert [path for path, _ in log] == ["/robots.txt"]
    assert not report.reached
    assert any("disallowed by robots.txt" in line for line in report.log)
    tomllib.loads(render_entry(report))


def test_probe_stops_when_robots_txt_is_unreachable():
    routes = {"/robots.txt": (503, "text/plain", "busy"), "/": (200, HTML, page())}
    with serve(routes) as (base, log):
        report = probe(base, registry=load_registry(), delay=0, timeout=5)
    assert [path for path, _ in log] == ["/robots.txt"]
    assert report.robots == "unreachable"
    assert any("RFC 9309" in line for line in report.log)


def test_probe_respects_the_request_budget():
    with serve_routes(wordpress_routes) as (base, log):
        report = probe(base, registry=load_registry(), delay=0, timeout=5, max_requests=3)
    assert len(log) == 3 and report.requests == 3
    assert any("budget" in line for line in report.log)


def test_probe_reports_a_dead_host_as_a_line():
    with serve({}) as (base, _):
        pass  # the port is closed again
    report = probe(base, registry=load_registry(), delay=0, timeout=2)
    assert not report.reached
    assert any("no answer" in line for line in report.log)
    assert "could not read the home page" in render_entry(report)


def test_probe_unknown_target_makes_no_request():
    report = probe("no-such-site", registry=load_registry(), delay=0)
    assert report.requests == 0
    assert "neither a registry id nor a URL" in report.log[0]


def test_probe_follows_a_redirect_to_a_new_host():
    with serve_routes(tvp_routes) as (new, _):
        new_url = new.replace("127.0.0.1", "localhost")
        with serve({"/robots.txt": (404, "text/plain", ""), "/": (301, new_url + "/", "")}) as (old, _):
            report = probe(old, registry=load_registry(), delay=0, timeout=5)
    assert report.redirected_from == old + "/"
    assert report.proposal["url"] == new_url
    assert "127.0.0.1" in report.proposal["hosts"]


def test_probe_of_a_registry_site_keeps_its_facts():
    registry = load_registry()
    with serve_routes(wordpress_routes) as (base, _):
        entry = {"name": "Viesītes novads (arhīvs)", "url": base, "kind": "legacy", "region": "zemgale",
                 "successor": "jekabpils-novads", "profile": "wordpress", "start_urls": ["/?cat=20"],
                 "frequency": "monthly", "unverified": ["stopped", "start_urls", "feeds"]}
        registry.sites["viesite"] = build_site("viesite", entry, registry.profiles)
        report = probe("viesite", registry=registry, delay=0, timeout=5)
    proposal = report.proposal
    assert proposal["successor"] == "jekabpils-novads" and proposal["frequency"] == "monthly"
    assert proposal["start_urls"] == ["/?cat=20"]
    assert proposal["unverified"] == ["stopped"]
    _assert_entry_builds(report)


def test_article_patterns_generalise_slugs_and_ids():
    assert article_patterns([
        "https://x.lv/novads/aktualitates/jaunumi/a-b-c/", "https://x.lv/novads/aktualitates/jaunumi/d-e-f/"
    ]) == [r"^/novads/aktualitates/jaunumi/[^/?#]+/?$"]
    assert article_patterns(["https://x.lv/jaunumi/?news_id=12", "https://x.lv/jaunumi/?news_id=13"]) == [
        r"[?&]news_id=\d+"]
    assert article_patterns(["https://x.lv/lv/2021/vards-vards-vards/", "https://x.lv/lv/2022/cits-raksts-te/"]) == [
        r"^/lv/\d{4}/[^/?#]+/?$"]


@pytest.mark.parametrize("html, headers, expected", [
    ('<meta name="generator" content="Drupal 10"><img src="/sites/default/files/a.png">', None, "drupal"),
    ('<meta name="generator" content="Drupal 10"><a href="/lv/rss/articles">RSS</a>', None, "tvp"),
    ('<img src="/sites/jelgavasnovads/files/x.jpg"><a href="/lv/viegli-lasit?view=easy">', None, "tvp"),
    ('<link href="/wp-includes/css/a.css">', None, "wordpress"),
    ('<meta name="generator" content="Joomla! - Open Source Content Management">', None, "joomla"),
    ('<a href="/index.php?option=com_content&view=article&id=3">', None, "joomla"),
    ("<p>Sveiki</p>", {"X-Generator": "Drupal 9 (https://www.drupal.org)"}, "drupal"),
    ("<p>Sveiki</p>", None, "generic"),
])
def test_detect_platform(html, headers, expected):
    profile, evidence = detect_platform(html, "https://x.lv/", headers, PROFILES)
    assert profile == expected
    assert bool(evidence) == (expected != "generic")


def _assert_entry_builds(report):
    text = render_entry(report)
    data = tomllib.loads(text)
    (site_id, entry), = data.items()
    return build_site(site_id, entry, PROFILES)


# -- the sample world: sample sites as their platforms serve them -----------------------

try:
    from crawler.sample_sites.server import SampleWorld, load_sites
    SAMPLE_SITES = load_sites()
except Exception:  # the sample world is optional for these tests
    SampleWorld, SAMPLE_SITES = None, {}


@pytest.fixture(scope="module")
def world():
    if SampleWorld is None:
        pytest.skip("no sample world")
    with SampleWorld() as sample_world:
        yield sample_world


@pytest.mark.parametrize("site_id", sorted(SAMPLE_SITES))
def test_probe_sample_site(world, site_id):
    report = probe(world.base_url(site_id), registry=load_registry(), delay=0, timeout=10)
    expected = SAMPLE_SITES[site_id].registry.get("profile", "generic")
    assert report.reached, report.log
    assert report.proposal["profile"] == expected, report.log
    assert report.feeds or report.listing, report.log
    assert report.articles, report.log
    assert report.requests <= 12
    _assert_entry_builds(report)


@pytest.mark.parametrize("site_id", sorted(SAMPLE_SITES))
def test_probe_sample_site_from_its_registry_entry(world, site_id, tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(world.registry_toml(), encoding="utf-8")
    registry = load_registry(path)
    report = probe(site_id, registry=registry, delay=0, timeout=10)
    assert report.site is registry.get(site_id)
    proposed = _assert_entry_builds(report)
    assert proposed.id == site_id
    for key in ("kind", "region", "successor", "frequency", "atvk"):
        written = world.registry_entries()[site_id].get(key)
        if written is not None:
            assert getattr(proposed, key) == written, key


# -- routes judged by content, the registry-wide table and --update ---------------------


def test_probe_judges_each_routes_pages_as_the_crawl_does(world):
    report = probe(world.base_url("ozolkalna-novads"), registry=load_registry(), delay=0, timeout=10)
    routes = {route.kind: route for route in report.routes.values()}
    assert "feed" in routes, report.log
    assert routes["feed"].kinds["article"] >= 1, routes["feed"].kinds
    assert report.coverage.startswith("complete"), (report.coverage, report.log)
    assert "route       feed" in render_report(report)


def test_probe_on_the_zoo_names_the_route_that_works():
    from crawler.sample_sites.zoo import ZooWorld, generate
    # seed 20: no sitemap, the listing shows this year only, year links lead to the rest;
    # seed 148: no feed, a "load more" listing without a pager, a sitemap
    assert generate(20).traits["year_archives"] and generate(20).traits["sitemap"] == "none"
    assert generate(148).traits["load_more"] and generate(148).traits["feed"] == "none"
    with ZooWorld([20, 148]) as zoo:
        years = probe(zoo.base_url(20), delay=0, timeout=10)
        more = probe(zoo.base_url(148), delay=0, timeout=10)
    assert "listing+years" in {r.kind for r in years.routes.values() if r.works}, years.log
    assert years.coverage == "complete: every article is reachable by listing+years"
    assert "sitemap" in {r.kind for r in more.routes.values() if r.works}, more.log
    assert not any(r.kind == "feed" for r in more.routes.values())
    assert more.coverage.startswith("complete"), more.coverage


def test_probe_warns_when_a_route_leads_nowhere():
    from crawler.probe_routes import Route, expectation
    feed = Route("feed", "https://www.example.lv/rss", articles=10)
    feed.kinds.update({"listing": 2})
    line, warnings = expectation({feed.url: feed})
    assert line == "none: no route leads to articles"
    assert "WARNING     feed https://www.example.lv/rss leads nowhere: its pages are not articles (listing 2)" in warnings


def test_probe_all_prints_one_table_and_update_writes_what_it_found(world, tmp_path):
    from click.testing import CliRunner

    from archive.cli import cli
    text = world.registry_toml()
    # the registry is wrong about one platform, unsure of two fields, and one site is gone
    text = text.replace('profile = "tvp"', '# checked by hand in 2024\nprofile = "wordpress"\n'
                        'unverified = ["profile", "feeds", "region"]', 1)
    text += '\n[zudusi-vietne]\nname = "Zudusī vietne"\nurl = "http://127.0.0.1:9/"\nunverified = ["profile"]\n'
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["probe", "--all", "--registry", str(path), "--delay", "0", "--jobs", "3"])
    assert result.exit_code == 1, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines() if line and not line.startswith("site ")}
    assert "wordpress → tvp" in rows["ozolkalna-novads"]
    assert "profile contradicted (tvp)" in rows["ozolkalna-novads"]
    assert "feeds confirmed" in rows["ozolkalna-novads"] and "region unknown" in rows["ozolkalna-novads"]
    assert "unreachable" in rows["zudusi-vietne"]
    assert "complete" in rows["selijas-planosanas-regions"]
    assert result.output.rstrip().splitlines()[-1] == \
        "3 of 5 sites hold as the registry says; check: ozolkalna-novads, zudusi-vietne"
    assert path.read_text(encoding="utf-8") == text      # nothing written without --update

    result = runner.invoke(cli, ["probe", "--all", "--update", "--registry", str(path), "--delay", "0"])
    assert "updated     ozolkalna-novads: profile corrected" in result.output, result.output
    written = path.read_text(encoding="utf-8")
    entry = tomllib.loads(written)["ozolkalna-novads"]
    assert entry["profile"] == "tvp" and entry["unverified"] == ["region"]
    assert "# checked by hand in 2024" in written                       # comments kept
    assert tomllib.loads(written)["zudusi-vietne"]["unverified"] == ["profile"]   # not reached: untouched
    again = runner.invoke(cli, ["probe", "--all", "--registry", str(path), "--delay", "0", "--jobs", "3"])
    assert again.output.rstrip().splitlines()[-1] == "4 of 5 sites hold as the registry says; check: zudusi-vietne"


def test_probe_command_prints_the_report_and_the_entry(world):
    from click.testing import CliRunner

    from archive.cli import cli
    result = CliRunner().invoke(cli, ["probe", world.base_url("selijas-planosanas-regions"), "--delay", "0"])
    assert result.exit_code == 0, result.output
    assert "coverage    complete" in result.output and "route       sitemap /sitemap.xml" in result.output
    assert "\n[" in result.output            # the entry to paste
    gone = CliRunner().invoke(cli, ["probe", "http://127.0.0.1:9/", "--delay", "0"])
    assert gone.exit_code == 1 and "Traceback" not in gone.output


def test_probe_finds_a_complete_route_on_every_ci_zoo_site():
    # the same forty generated sites the crawl must archive exactly (tests/test_zoo.py)
    from crawler.sample_sites.zoo import ZooWorld
    seeds = list(range(40))
    with ZooWorld(seeds) as zoo:
        reports = {seed: probe(zoo.base_url(seed), delay=0, timeout=10) for seed in seeds}
    incomplete = {seed: (r.coverage, r.warnings) for seed, r in reports.items() if not r.coverage.startswith("complete")}
    assert not incomplete
    assert all(any(route.works for route in r.routes.values()) for r in reports.values())
