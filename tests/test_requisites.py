"""Page requisites: which files a page needs, and how the crawl fetches and keeps them.

The crawl tests run ``novadi crawl`` against a small site served here on loopback:
two articles sharing a stylesheet (which imports another and names a font and a
background image) and a logo, a body image, an image robots.txt forbids, one on
another host and one over the size cap.
"""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.css import css_urls, rewrite_css
from crawler.requisites import image_source, page_requisites, stylesheet_requisites
from crawler.sample_sites import files
from tests.conftest import FAST, run_novadi
from tests.conftest import rows as query

PAGE_URL = "https://www.example-novads.lv/lv/jaunumi/parks"


# -- finding requisites (plain functions) ------------------------------------------

def test_page_requisites_are_its_stylesheets_and_the_images_in_its_body():
    html = """<!DOCTYPE html><html><head>
    <link rel="stylesheet" href="/theme/main.css?ver=2">
    <link rel="alternate stylesheet" href="alt.css">
    <link rel="icon" href="/favicon.ico"><link rel="preload" href="/big.js" as="script">
    <style>@import "/theme/extra.css"; /* url(/commented.png) */ body { background: url('/img/bg.png') }</style>
    <script src="/app.js"></script>
    </head><body>
    <img src="photo.jpg#x" alt=""> <img src="data:image/gif;base64,R0lGOD" data-src="/lazy.jpg">
    <img srcset="/small.jpg 480w, /large.jpg 1080w"> <img src="photo.jpg">
    <div style="background-image: url(/img/hero.png)"></div>
    <video poster="/poster.jpg"><source src="/film.mp4"></video>
    <table background="/old-bg.gif"><tr><td>x</td></tr></table>
    <a href="/lv/jaunumi/cits"><img src="//cdn.example.com/badge.png"></a>
    <img src="javascript:alert(1)">
    </body></html>"""
    assert page_requisites(html, PAGE_URL) == [
        ("https://www.example-novads.lv/theme/main.css?ver=2", "stylesheet"),
        ("https://www.example-novads.lv/lv/jaunumi/alt.css", "stylesheet"),
        ("https://www.example-novads.lv/theme/extra.css", "stylesheet"),
        ("https://www.example-novads.lv/img/bg.png", "css"),
        ("https://www.example-novads.lv/img/hero.png", "css"),
        ("https://www.example-novads.lv/lv/jaunumi/photo.jpg", "image"),
        ("https://www.example-novads.lv/lazy.jpg", "image"),
        ("https://www.example-novads.lv/small.jpg", "image"),
        ("https://www.example-novads.lv/poster.jpg", "image"),
        ("https://www.example-novads.lv/old-bg.gif", "image"),
        ("https://cdn.example.com/badge.png", "image"),
    ]


def test_a_base_element_decides_where_relative_urls_point():
    html = '<html><head><base href="https://static.example-novads.lv/v2/"></head><body><img src="a.png"></body></html>'
    assert page_requisites(html, PAGE_URL) == [("https://static.example-novads.lv/v2/a.png", "image")]


def test_pages_with_nothing_or_broken_markup_have_no_requisites():
    assert page_requisites("", PAGE_URL) == []
    assert page_requisites("   ", PAGE_URL) == []
    assert page_requisites("<img src='x.png'", PAGE_URL) in ([], [("https://www.example-novads.lv/lv/jaunumi/x.png", "image")])
    assert page_requisites("<body><img src='http://[::1'></body>", PAGE_URL) == []


def test_stylesheet_requisites_follow_imports_fonts_and_images():
    css = """@charset "utf-8"; @import url("print.css") print; @import 'base.css';
    @font-face { font-family: X; src: url(../fonts/x.woff2) format("woff2"), url("../fonts/x.woff") format("woff"); }
    .hero { background: image-set("hero.png" 1x, url(hero@2x.png) 2x); }
    .q::before { content: "url(not-a-file.png)" }
    .d { background: url(data:image/png;base64,iVBOR) }"""
    assert stylesheet_requisites(css, "https://www.example-novads.lv/theme/css/main.css") == [
        ("https://www.example-novads.lv/theme/css/print.css", "stylesheet"),
        ("https://www.example-novads.lv/theme/css/base.css", "stylesheet"),
        ("https://www.example-novads.lv/theme/fonts/x.woff2", "css"),
        ("https://www.example-novads.lv/theme/fonts/x.woff", "css"),
        ("https://www.example-novads.lv/theme/css/hero.png", "css"),
        ("https://www.example-novads.lv/theme/css/hero@2x.png", "css"),
    ]


def test_css_urls_survive_escapes_and_rewriting_keeps_the_rest():
    css = r'a { background: url(im\(g\).png) } b { background: url( "q.png" ) } c { color: red }'
    assert css_urls(css) == [("im(g).png", False), ("q.png", False)]
    rewritten = rewrite_css(css, lambda url, is_import: "/x?u=" + url)
    assert css_urls(rewritten) == [("/x?u=im(g).png", False), ("/x?u=q.png", False)]
    assert "c { color: red }" in rewritten


def test_image_source_is_src_then_lazy_then_srcset():
    import lxml.html

    def img(markup):
        return lxml.html.fragment_fromstring(markup)

    assert image_source(img('<img src="a.png" data-src="b.png">')) == "a.png"
    assert image_source(img('<img src="data:image/gif;base64,R0" data-lazy-src="b.png">')) == "b.png"
    assert image_source(img('<img srcset="c.png 1x, d.png 2x">')) == "c.png"
    assert image_source(img('<img alt="">')) is None


# -- the crawl --------------------------------------------------------------------

STYLE = b"""@import url("extra.css");
@font-face { font-family: Site; src: url("fonts/site.woff2") format("woff2"); }
body { background: url(../img/bg.png); font-family: Site, sans-serif }"""
EXTRA = b"h1 { color: #123456 }"


def article(number: int, body_image: str) -> bytes:
    return f"""<!DOCTYPE html><html lang="lv"><head><meta charset="utf-8"><title>Ziņa {number}</title>
<link rel="stylesheet" href="/theme/css/style.css"></head>
<body><header><img src="/img/logo.png" alt="Logo"></header>
<article><h1>Parkā atklāts jauns soliņš numur {number}</h1>
<time datetime="2026-11-0{number}T10:00:00+02:00">0{number}.11.2026.</time>
<p>Pašvaldība šonedēļ parkā numur {number} uzstādīja jaunus soliņus, un iedzīvotāji tos jau izmanto ikdienā.</p>
<p>{"Pirmie soliņi stāv pie dīķa." if number == 1 else "Otrie soliņi novietoti pie rotaļu laukuma, kur vecāki gaida bērnus."}</p>
<p>Soliņi izgatavoti no vietējā koka, un tos izgatavoja novada galdnieki pēc iedzīvotāju ieteikumiem.</p>
<p>Nākamgad plānots uzstādīt vēl desmit soliņus arī pie upes un pie bibliotēkas, kur to trūkst.</p>
<img src="{body_image}" alt=""><img src="/private/secret.png" alt=""><img src="/img/huge.png" alt="">
</article></body></html>""".encode("utf-8")


class RequisiteSite:
    """The site, and a second host for the offsite image; both log every request."""

    def __init__(self):
        self.log: list[tuple[str, str]] = []
        self.offsite_hits: list[str] = []
        self.inflight = 0
        self.most_inflight = 0
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                with site.lock:
                    site.inflight += 1
                    site.most_inflight = max(site.most_inflight, site.inflight)
                time.sleep(0.01)  # long enough for a second request to overlap, were one sent
                with site.lock:
                    # Before the answer is written: once it is, the client may rightly send the next.
                    site.inflight -= 1
                self.answer()

            def answer(self):
                site.log.append((self.server.server_address[0], self.path))
                if self.server.server_address[0] == "127.0.0.98":
                    site.offsite_hits.append(self.path)
                    return self.reply(b"GIF89a", "image/gif")
                offsite = f"http://127.0.0.98:{site.offsite.server_address[1]}/tracker.gif"
                pages = {
                    "/robots.txt": (b"User-agent: *\nDisallow: /private/\n", "text/plain"),
                    "/": (f'<html><body><a href="/zinas/">Ziņas</a></body></html>'.encode(), "text/html"),
                    "/zinas/": (b'<html><body><ul><li><a href="/zinas/1-solins">1</a> 01.11.2026.</li>'
                                b'<li><a href="/zinas/2-solins">2</a> 02.11.2026.</li></ul></body></html>', "text/html"),
                    "/zinas/1-solins": (article(1, "/img/photo-1.png"), "text/html; charset=utf-8"),
                    "/zinas/2-solins": (article(2, offsite), "text/html; charset=utf-8"),
                    "/theme/css/style.css": (STYLE, "text/css"),
                    "/theme/css/extra.css": (EXTRA, "text/css"),
                    "/theme/css/fonts/site.woff2": (files.FONT, "font/woff2"),
                    "/theme/img/bg.png": (files.png(8, 8, (200, 200, 255)), "image/png"),
                    "/img/logo.png": (files.png(40, 40, (200, 40, 40)), "image/png"),
                    "/img/photo-1.png": (files.png(64, 48, (40, 160, 40)), "image/png"),
                    "/img/huge.png": (files.png(400, 400, (10, 10, 10)) + b"\0" * 50_000, "image/png"),
                    "/private/secret.png": (files.png(4, 4, (1, 2, 3)), "image/png"),
                }
                found = pages.get(self.path.split("?")[0])
                if found is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.reply(*found)

            def reply(self, body, content_type):
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.97", 0), Handler)
        self.offsite = ThreadingHTTPServer(("127.0.0.98", 0), Handler)
        for server in (self.server, self.offsite):
            threading.Thread(target=server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.97:{self.server.server_address[1]}/"

    def close(self):
        for server in (self.server, self.offsite):
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module")
def site():
    s = RequisiteSite()
    yield s
    s.close()


def crawl_site(site, db: Path, *extra, requisites: bool | None = None):
    registry = db.parent / "sites.toml"
    entry = [f'[soli-novads]\nname = "Soliņu novads"\nurl = "{site.url}"\nstart_urls = ["{site.url}zinas/"]',
             "article = ['^/zinas/\\d+-']"]
    if requisites is not None:
        entry.append(f"requisites = {'true' if requisites else 'false'}")
    registry.write_text("\n".join(entry) + "\n", encoding="utf-8")
    args = ["crawl", "soli-novads", "--db", str(db), "--registry", str(registry), *extra]
    # A small delay, not none: with no delay at all Scrapy may start two queued requests of a
    # slot at once, while a real crawl always has one.
    for name, value in {**FAST, "DOWNLOAD_DELAY": "0.05", "NOVADI_REQUISITE_MAXSIZE": "20000"}.items():
        args += ["-s", f"{name}={value}"]
    result = run_novadi(*args)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stdout + result.stderr[-3000:]
    return result


def warc_records(db: Path) -> list[tuple[str, str]]:
    out = []
    for path in sorted((db.parent / "warc").glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type in ("response", "revisit"):
                    out.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI")))
    return out


def test_crawl_fetches_requisites_once_from_the_sites_own_hosts_and_counts_them(site, tmp_path):
    db = tmp_path / "novadi.db"
    site.log.clear()
    site.most_inflight = 0
    result = crawl_site(site, db)
    assert site.most_inflight == 1  # pages and requisites: one request at a time
    assert query(db, "SELECT count(*) AS n FROM articles")[0]["n"] == 2
    resources = {r["url"].replace(site.url, "/"): r for r in query(db, "SELECT * FROM resources")}
    assert set(resources) == {"/theme/css/style.css", "/theme/css/extra.css", "/theme/css/fonts/site.woff2",
                              "/theme/img/bg.png", "/img/logo.png", "/img/photo-1.png"}
    assert all(r["status"] == 200 and r["revisit"] == 0 and r["digest"].startswith("sha1:") for r in resources.values())
    # Once per crawl though both pages use them; robots.txt, the other host and the size cap obeyed.
    paths = [path for host, path in site.log if host == "127.0.0.97"]
    assert paths.count("/theme/css/style.css") == 1 and paths.count("/img/logo.png") == 1
    assert "/private/secret.png" not in paths
    assert site.offsite_hits == []
    assert paths.count("/img/huge.png") <= 1 and "/img/huge.png" not in resources
    # Which page needed what, including what another page had already fetched.
    linked = query(db, "SELECT a.url, count(*) AS n FROM page_resources p JOIN articles a ON a.id = p.article_id "
                       "GROUP BY a.url ORDER BY a.url")
    assert [r["n"] for r in linked] == [5, 5]  # stylesheet, logo, secret, huge, own photo or offsite image
    run = query(db, "SELECT * FROM crawl_runs")[0]
    assert run["requisite_requests"] >= 6
    assert run["requisite_bytes"] >= sum(r["size"] for r in resources.values())
    assert run["requisite_revisits"] == 0
    assert run["errors"] == 0
    assert "page requisites: " in result.stdout
    records = warc_records(db)
    assert sum(1 for kind, url in records if url.endswith("/img/logo.png")) == 1


def test_an_unchanged_recrawl_stores_revisits_not_payloads(site, tmp_path):
    db = tmp_path / "novadi.db"
    crawl_site(site, db)
    before = sum(p.stat().st_size for p in (db.parent / "warc").glob("*.warc.gz"))
    crawl_site(site, db, "--full")
    resources = query(db, "SELECT url, revisit, payload_file, payload_offset FROM resources ORDER BY id")
    first, second = resources[:6], resources[6:]
    assert len(second) == 6 and all(r["revisit"] == 1 for r in second)
    # A revisit's payload is the first capture's.
    by_url = {r["url"]: r for r in first}
    assert all((r["payload_file"], r["payload_offset"]) == (by_url[r["url"]]["payload_file"],
                                                            by_url[r["url"]]["payload_offset"]) for r in second)
    revisits = [url for kind, url in warc_records(db) if kind == "revisit"]
    assert len(revisits) == 6
    runs = query(db, "SELECT requisite_revisits FROM crawl_runs ORDER BY id")
    assert [r["requisite_revisits"] for r in runs] == [0, 6]
    assert sum(p.stat().st_size for p in (db.parent / "warc").glob("*.warc.gz")) > before


@pytest.mark.parametrize("how", ["command line", "registry"])
def test_requisites_can_be_switched_off(site, tmp_path, how):
    db = tmp_path / "novadi.db"
    site.log.clear()
    if how == "command line":
        crawl_site(site, db, "--no-requisites")
    else:
        crawl_site(site, db, requisites=False)
    assert query(db, "SELECT count(*) AS n FROM articles")[0]["n"] == 2
    assert query(db, "SELECT count(*) AS n FROM resources")[0]["n"] == 0
    assert not any(path.startswith(("/theme/", "/img/")) for _, path in site.log)
    assert query(db, "SELECT requisite_requests FROM crawl_runs")[0]["requisite_requests"] == 0
