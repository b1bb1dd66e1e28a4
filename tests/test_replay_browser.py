"""Archived copies in a real browser (Chromium): faithful to the live page, safe for the reader.

The sample world is crawled (with page requisites), the archive is served on
loopback, and each platform's archived article is compared with the live page in a
screenshot. A hostile capture (banner-hiding CSS, ``<!-- <body> -->`` in its head,
``<base href>``, meta refresh, scripts, a tracking pixel and stylesheet on another
host) is added to the archive: the banner must stay visible and untouched, and the
browser must ask nothing of any host but the archive.
"""
from __future__ import annotations

import io
import os
import shutil
import sqlite3
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.loopback import free_port, start_server, stop_server
from tests.test_browser import CHROMIUM, browser  # noqa: F401  (the browser fixture)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
Image = pytest.importorskip("PIL.Image", reason="Pillow is not installed")

HOSTILE_ID = "bad0000000000777"
# One site per sample platform: TVP, legacy WordPress, an old CMS, a planning region's CMS.
PLATFORM_SITES = ["ozolkalna-novads", "priedaines-novads", "avotkalnu-novads", "selijas-planosanas-regions"]


class Tracker:
    """A host that must never be asked anything while a reader views the archive."""

    def __init__(self):
        self.hits: list[str] = []
        tracker = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                tracker.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/gif")
                self.end_headers()
                self.wfile.write(b"GIF89a")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.66", 0), Handler)
        self.base = f"http://127.0.0.66:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def hostile_page(tracker: str) -> str:
    return f"""<!DOCTYPE html>
<html><head><!-- <body> --><title>Pašvaldība ziņo</title>
<base href="{tracker}/">
<meta http-equiv="refresh" content="0;url={tracker}/refresh">
<link rel="stylesheet" href="{tracker}/evil.css">
<link rel="preconnect" href="{tracker}">
<style>
div[style*="fff3c4"], header, [role=banner], .novadi-replay-banner {{ display: none !important }}
body {{ background: url({tracker}/bg.png) }}
@import url("{tracker}/imported.css");
</style>
<script>window.top.document.body.innerHTML = "pwned"; parent.document.title = "pwned";</script>
</head>
<body onload="top.location='{tracker}/onload'">
<div style="position:fixed;top:0;left:0;width:100vw;height:100vh;z-index:2147483647;background:#fff">Uzmanību</div>
<img src="{tracker}/pixel.gif" width="1" height="1">
<img src="pixel-relative.gif">
<iframe src="{tracker}/frame"></iframe>
<h1>Pašvaldība ziņo par jauno parku</h1>
<p>Sestdien atklāts jaunais parks. <a href="relative-link">Vairāk</a></p>
<script>fetch("{tracker}/fetch")</script>
<noscript><img src="{tracker}/noscript.gif"></noscript>
</body></html>"""


def add_hostile_capture(db_path: Path, warc_dir: Path, tracker: str) -> None:
    from archive.warc import WarcFileWriter

    writer = WarcFileWriter(warc_dir, prefix="hostile")
    url = "https://www.ozolkalns.example/lv/jaunums/jaunais-parks"
    location = writer.write(url=url, status=200, reason="OK",
                            response_headers=[("Content-Type", "text/html; charset=utf-8")],
                            body=hostile_page(tracker).encode("utf-8"))
    writer.close()
    conn = sqlite3.connect(db_path)
    now = "2026-12-04T21:37:20+00:00"
    conn.execute(
        "INSERT INTO articles (id, site, url, title, published, lang, body, body_hash, first_seen, last_seen, "
        "last_changed, warc_file, warc_offset, warc_length) VALUES (?, 'ozolkalna-novads', ?, ?, '2026-12-04', 'lv', "
        "'Sestdien atklāts jaunais parks.', 'h', ?, ?, ?, ?, ?, ?)",
        [HOSTILE_ID, url, "Pašvaldība ziņo par jauno parku", now, now, now, location["file"], location["offset"],
         location["length"]])
    conn.execute("INSERT INTO article_urls (url, article_id, site, first_seen) VALUES (?, ?, 'ozolkalna-novads', ?)",
                 [url, HOSTILE_ID, now])
    conn.commit()
    conn.close()


@pytest.fixture(scope="module")
def tracker():
    t = Tracker()
    yield t
    t.close()


@pytest.fixture(scope="module")
def archive(crawled, tracker, tmp_path_factory):
    db, _ = crawled
    folder = tmp_path_factory.mktemp("replay-browser")
    copy = folder / "novadi.db"
    src, dst = sqlite3.connect(db), sqlite3.connect(copy)
    src.backup(dst)
    src.close(), dst.close()
    shutil.copytree(db.parent / "warc", folder / "warc")
    add_hostile_capture(copy, folder / "warc", tracker.base)
    port = free_port()
    code = ("import sys; from archive.site.serve import serve; "
            "serve(sys.argv[1], '127.0.0.1', int(sys.argv[2]), log_level='warning')")
    process = start_server([sys.executable, "-c", code, str(copy), str(port)], port, folder / "server.log")
    yield f"http://127.0.0.1:{port}", copy
    stop_server(process)


def new_page(browser, width=1100, height=900):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="lv-LV")
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    return context, page


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def article_with_images(db: Path, site: str) -> tuple[str, str]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT a.id, a.url FROM articles a JOIN page_resources p ON p.article_id = a.id "
            "WHERE a.site = ? AND p.kind = 'image' AND a.warc_file IS NOT NULL "
            "GROUP BY a.id ORDER BY count(*) DESC, a.id LIMIT 1", [site]).fetchone()
    finally:
        conn.close()


def difference(a: bytes, b: bytes) -> float:
    """Share of pixels that differ clearly between two screenshots, at the best of a few
    pixels' vertical shift (an element screenshot of a frame may start one row off)."""
    from PIL import ImageChops

    first = Image.open(io.BytesIO(a)).convert("RGB")
    second = Image.open(io.BytesIO(b)).convert("RGB")
    width, height = min(first.width, second.width), min(first.height, second.height) - 4
    best = 1.0
    for shift in range(-2, 3):
        top = first.crop((0, 2, width, 2 + height))
        other = second.crop((0, 2 + shift, width, 2 + shift + height))
        diff = ImageChops.difference(top, other).convert("L").point(lambda v: 255 if v > 40 else 0)
        best = min(best, diff.histogram()[255] / (width * height))
    return best


@pytest.mark.parametrize("site", PLATFORM_SITES)
def test_archived_copy_looks_like_the_live_page(archive, browser, world, site):
    server, db = archive
    article_id, live_url = article_with_images(db, site)
    context, page = new_page(browser)
    try:
        page.goto(f"{server}/arhivs/{article_id}")
        frame_box = page.locator("iframe.novadi-replay-frame").bounding_box()
        frame = page.frame_locator("iframe.novadi-replay-frame")
        frame.locator("body").wait_for()
        page.wait_for_load_state("networkidle")
        images = page.frames[1].evaluate("Array.from(document.images).map(i => [i.src, i.naturalWidth])")
        assert images and all(width > 0 for _, width in images), images
        archived = page.locator("iframe.novadi-replay-frame").screenshot()
        foreign = [u for u in page.requested if origin(u) != server]
        assert foreign == [], foreign
        # The same capture without its requisites: what the comparison must tell apart.
        page.route("**/arhivs/resurss*", lambda route: route.abort())
        page.reload()
        page.wait_for_load_state("networkidle")
        bare = page.locator("iframe.novadi-replay-frame").screenshot()
    finally:
        context.close()
    live_context, live = new_page(browser, int(frame_box["width"]), int(frame_box["height"]))
    try:
        live.goto(live_url)
        live.wait_for_load_state("networkidle")
        original = live.screenshot()
    finally:
        live_context.close()
    faithful, unstyled = difference(original, archived), difference(original, bare)
    print(f"{site}: archived copy differs from the live page in {faithful:.2%} of pixels, without its files {unstyled:.2%}")
    folder = os.environ.get("NOVADI_SCREENSHOTS")
    if folder:
        for name, shot in (("live", original), ("archived", archived), ("bare", bare)):
            Path(folder).mkdir(parents=True, exist_ok=True)
            (Path(folder) / f"replay-{site}-{name}.png").write_bytes(shot)
    assert faithful < 0.02, f"{site}: {faithful:.1%} of the archived copy differs from the live page"
    assert unstyled > 5 * max(faithful, 0.01), f"{site}: without its files the copy differs only {unstyled:.1%}"


def test_banner_stays_visible_against_a_hostile_capture(archive, browser, tracker):
    server, _ = archive
    context, page = new_page(browser)
    try:
        page.goto(f"{server}/arhivs/{HOSTILE_ID}")
        page.frame_locator("iframe.novadi-replay-frame").locator("h1").wait_for()
        page.wait_for_timeout(1500)  # time for a refresh, an onload or a script to act
        assert page.url == f"{server}/arhivs/{HOSTILE_ID}"
        assert page.title().startswith("Arhivēta kopija")
        banner = page.locator(".novadi-replay-banner")
        assert banner.is_visible()
        box = banner.bounding_box()
        assert box["y"] == 0 and box["height"] > 20
        # What is drawn at the banner's place is the banner, not the capture's cover.
        on_top = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('.novadi-replay-banner') !== null",
            [box["x"] + 10, box["y"] + box["height"] / 2])
        assert on_top
        assert "04.12.2026. 23:37" in banner.inner_text()  # 21:37 UTC in Riga
        assert "https://www.ozolkalns.example/lv/jaunums/jaunais-parks" in banner.inner_text()
        assert page.locator(".novadi-replay-banner a[href$='/raksts/%s']" % HOSTILE_ID).count() == 1
        frame = page.frames[1]
        assert frame.evaluate("document.querySelector('h1').textContent") == "Pašvaldība ziņo par jauno parku"
        assert frame.evaluate("document.querySelectorAll('script, iframe, base, meta[http-equiv]').length") == 0
        link = frame.evaluate("[document.querySelector('p a').href, document.querySelector('p a').target]")
        assert link == [f"{tracker.base}/relative-link", "_blank"]
        foreign = [u for u in page.requested if origin(u) != server]
        assert foreign == [], foreign
        assert tracker.hits == []
    finally:
        context.close()


def test_the_capture_alone_is_never_shown_without_its_banner(archive, browser):
    server, _ = archive
    context, page = new_page(browser)
    try:
        page.goto(f"{server}/arhivs/{HOSTILE_ID}/kopija?rev=1")
        assert page.url.startswith(f"{server}/arhivs/{HOSTILE_ID}?rev=")
        assert page.locator(".novadi-replay-banner").is_visible()
    finally:
        context.close()


def test_banner_fits_a_phone(archive, browser):
    server, db = archive
    article_id, _ = article_with_images(db, "ozolkalna-novads")
    context, page = new_page(browser, 390, 800)
    try:
        page.goto(f"{server}/arhivs/{article_id}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.locator(".novadi-replay-banner").is_visible()
    finally:
        context.close()
