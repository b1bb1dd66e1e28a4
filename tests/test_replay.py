"""Archived copies: an article's raw capture served back from its WARC record."""
import asyncio
import html
import re
import sqlite3
from urllib.parse import urlencode

from archive.site.serve import make_datasette
from tests.conftest import rows


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def test_archived_copy_is_the_archives_page_around_a_sandboxed_capture(crawled):
    db, _ = crawled
    article = rows(db, "SELECT id, title, url FROM articles WHERE warc_file IS NOT NULL LIMIT 1")[0]
    ds = make_datasette(db, warc_dir=db.parent / "warc")
    response = get(ds, f"/arhivs/{article['id']}")
    assert response.status_code == 200
    assert "Arhivēta kopija" in response.text and html.escape(article["url"]) in response.text
    assert "default-src 'self'" in response.headers["content-security-policy"]
    frame = re.search(r'<iframe class="novadi-replay-frame" src="([^"]+)" sandbox="([^"]+)"', response.text)
    assert frame and frame.group(1) == f"/arhivs/{article['id']}/kopija?rev=1"
    assert "allow-scripts" not in frame.group(2) and "allow-same-origin" not in frame.group(2)
    capture = get(ds, frame.group(1))
    assert capture.status_code == 200
    policy = capture.headers["content-security-policy"]
    assert policy.startswith("sandbox ")
    for directive in ("default-src 'none'", "script-src 'none'", "base-uri 'none'", "form-action 'none'",
                      "frame-ancestors 'self'", "img-src 'self' data:"):
        assert directive in policy
    assert "http:" not in policy and "https:" not in policy
    assert capture.headers["x-frame-options"] == "SAMEORIGIN"
    assert html.escape(article["title"].split()[0]) in capture.text or article["title"].split()[0] in capture.text
    page = get(ds, f"/raksts/{article['id']}")
    assert f"/arhivs/{article['id']}" in page.text


def test_capture_time_is_shown_as_in_latvia():
    from archive.site.replay import capture_time

    assert capture_time("2026-12-04T21:37:20+00:00") == "04.12.2026. 23:37"
    assert capture_time("2026-07-04T21:37:20Z") == "05.07.2026. 00:37"
    assert capture_time(None) == "nav zināms"


def test_unknown_revisions_and_bad_arguments_are_404(crawled):
    db, _ = crawled
    article = rows(db, "SELECT id FROM articles WHERE warc_file IS NOT NULL LIMIT 1")[0]["id"]
    ds = make_datasette(db, warc_dir=db.parent / "warc")
    for path in [f"/arhivs/{article}?rev=99999999999999999999999", f"/arhivs/{article}?rev=x",
                 f"/arhivs/{article}/kopija?rev=7", "/arhivs/resurss", "/arhivs/resurss?url=javascript:alert(1)",
                 "/arhivs/resurss?url=http://127.0.0.1/nothing.png&t=20260101000000",
                 "/arhivs/resurss?url=http://x/&t=" + "9" * 40]:
        assert get(ds, path).status_code == 404, path


def resurss(url: str, t: str) -> str:
    return "/arhivs/resurss?" + urlencode({"url": url, "t": t})


def test_resources_are_served_from_the_archive_stylesheets_rewritten(crawled):
    from crawler.sample_sites import files

    db, _ = crawled
    ds = make_datasette(db, warc_dir=db.parent / "warc")
    css = rows(db, "SELECT url, captured_at FROM resources WHERE url LIKE '%tvp-theme.css' LIMIT 1")[0]
    response = get(ds, resurss(css["url"], "20990101000000"))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["content-security-policy"].startswith("sandbox")
    from crawler.css import css_urls

    urls = [u for u, _ in css_urls(response.text)]
    assert urls and all(u.startswith("/arhivs/resurss?url=http%3A%2F%2F127.0.0.") for u in urls)
    image = rows(db, "SELECT url FROM resources WHERE url LIKE '%.png' AND status = 200 LIMIT 1")[0]["url"]
    response = get(ds, resurss(image, "2000"))
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert response.content == files.content(image.rsplit("/", 1)[1])[0]


def test_the_capture_nearest_in_time_is_served(crawled, tmp_path):
    db = copy_archive(crawled[0], tmp_path)
    conn = sqlite3.connect(db)
    url, file, offset, length = conn.execute(
        "SELECT url, payload_file, payload_offset, payload_length FROM resources WHERE url LIKE '%logo.png' LIMIT 1").fetchone()
    other = conn.execute("SELECT payload_file, payload_offset, payload_length FROM resources "
                         "WHERE content_type = 'text/css' LIMIT 1").fetchone()
    # An older capture of the same URL that happens to hold another file.
    conn.execute("INSERT INTO resources (url, fetched_url, site, captured_at, status, content_type, size, "
                 "payload_file, payload_offset, payload_length) VALUES (?, ?, 's', '2001-01-01T00:00:00+00:00', 200, "
                 "'text/css', 1, ?, ?, ?)", [url, url, *other])
    conn.commit(), conn.close()
    ds = make_datasette(db, warc_dir=crawled[0].parent / "warc")
    assert get(ds, resurss(url, "20010102")).headers["content-type"].startswith("text/css")
    assert get(ds, resurss(url, "20991231")).headers["content-type"] == "image/png"


def test_a_file_only_a_redacted_article_used_is_not_served(crawled, tmp_path):
    db = copy_archive(crawled[0], tmp_path)
    conn = sqlite3.connect(db)
    article, url = conn.execute(
        "SELECT p.article_id, p.url FROM page_resources p JOIN resources r ON r.url = p.url "
        "WHERE p.kind = 'image' AND r.status = 200 GROUP BY p.url HAVING count(*) = 1 LIMIT 1").fetchone()
    ds = make_datasette(db, warc_dir=crawled[0].parent / "warc")
    assert get(ds, resurss(url, "2099")).status_code == 200
    conn.execute("UPDATE articles SET redacted = 1 WHERE id = ?", [article])
    conn.commit(), conn.close()
    ds = make_datasette(db, warc_dir=crawled[0].parent / "warc")
    assert get(ds, resurss(url, "2099")).status_code == 404


def copy_archive(db, tmp_path):
    copy = tmp_path / "novadi.db"
    src, dst = sqlite3.connect(db), sqlite3.connect(copy)
    src.backup(dst)
    src.close(), dst.close()
    return copy


HOSTILE = """<!DOCTYPE html><html><head><!-- <body> --><base href="http://evil.example/">
<meta http-equiv="refresh" content="0;url=http://evil.example/"><meta http-equiv="Content-Security-Policy" content="x">
<link rel="stylesheet" href="/s.css" integrity="sha384-x" crossorigin><link rel="preconnect" href="https://cdn.example">
<link rel="dns-prefetch" href="//cdn.example"><link rel="prefetch" href="/next.html">
<style>@import "t.css"; body { background: url(//tracker.example/bg.png) }</style>
<script>alert(1)</script><script src="//evil.example/x.js"></script></head>
<body onload="x()" background="/tile.gif"><img src="//tracker.example/p.gif" onerror="alert(2)">
<img data-src="/lazy.jpg" src="data:image/gif;base64,R0"><picture><source srcset="https://cdn.example/a.webp"><img src="/a.jpg" srcset="https://cdn.example/a-2x.jpg 2x"></picture>
<a href="/cits" ping="https://tracker.example/ping">own</a> <a href="https://other.example/x" target="_self">out</a>
<a href="javascript:alert(1)">js</a> <a href="#top">top</a> <a href="mailto:dome@example.lv">e-pasts</a>
<div style="background-image:url('https://tracker.example/bg2.png')">x</div><iframe src="https://youtube.com/embed/x"></iframe>
<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/y.swf">
<form action="http://evil.example/post"><input type="image" src="https://tracker.example/btn.png"><button formaction="https://evil.example/">Sūtīt</button></form>
<svg><image href="https://tracker.example/i.svg"/><use xlink:href="https://tracker.example/s.svg#a"/><script>1</script></svg>
<video poster="https://tracker.example/poster.jpg" src="https://tracker.example/v.mp4"><track src="https://tracker.example/t.vtt"></video>
<noscript><img src="https://tracker.example/noscript.gif"></noscript><!--[if IE]><link rel="stylesheet" href="https://tracker.example/ie.css"><![endif]-->
</body></html>"""


def test_a_rewritten_capture_loads_nothing_but_the_archives_files():
    import lxml.html

    from archive.site.rewrite import rewrite_capture

    out = rewrite_capture(HOSTILE, "https://www.example-novads.lv/lv/zina", resource_url=lambda u: "/arhivs/resurss?url=" + u,
                          page_link=lambda u: "/arhivs/0123456789abcdef" if u == "https://www.example-novads.lv/cits" else None)
    doc = lxml.html.document_fromstring(out)
    assert doc.xpath("//script | //iframe | //object | //embed | //base | //noscript | //meta[@http-equiv] | //source | //track") == []
    assert [l.get("rel") for l in doc.xpath("//link")] == ["stylesheet"]
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            assert name not in ("ping", "integrity", "srcset", "action", "formaction"), (el.tag, name)
            if name in ("src", "poster", "background", "data") or (name.endswith("href") and el.tag not in ("a", "area")):
                assert value.startswith(("/arhivs/resurss?url=", "data:")), (el.tag, name, value)
    from crawler.css import css_urls

    for style in doc.xpath("//style/text()"):
        assert all(u.startswith("/arhivs/resurss?url=") for u, _ in css_urls(style))
    for el in doc.xpath("//*[@style]"):
        assert all(u.startswith("/arhivs/resurss?url=") for u, _ in css_urls(el.get("style"), inline=True))
    links = {a.text: (a.get("href"), a.get("target"), a.get("rel")) for a in doc.xpath("//a")}
    # Relative links resolve against the capture's <base>, as the original page's did.
    assert links["own"] == ("http://evil.example/cits", "_blank", "noopener noreferrer nofollow")
    assert links["out"] == ("https://other.example/x", "_blank", "noopener noreferrer nofollow")
    assert links["js"] == (None, None, None)
    assert links["top"] == ("#top", None, None)
    assert links["e-pasts"] == ("mailto:dome@example.lv", None, None)
    assert doc.xpath("//img/@src")[:3] == ["/arhivs/resurss?url=http://tracker.example/p.gif",
                                            "/arhivs/resurss?url=http://evil.example/lazy.jpg",
                                            "/arhivs/resurss?url=http://evil.example/a.jpg"]
    assert "<!--" not in out


def test_links_to_archived_pages_go_to_their_copies_in_the_whole_window():
    from archive.site.rewrite import rewrite_capture

    out = rewrite_capture('<body><a href="/lv/cits">Cits raksts</a></body>', "https://www.example-novads.lv/lv/zina",
                          resource_url=lambda u: "/r?" + u,
                          page_link=lambda u: "/arhivs/0123456789abcdef" if u == "https://www.example-novads.lv/lv/cits" else None)
    assert '<a href="/arhivs/0123456789abcdef" target="_top">Cits raksts</a>' in out


def test_archived_copy_of_unknown_or_redacted_article_is_404(crawled, tmp_path):
    import shutil
    import sqlite3

    db, _ = crawled
    copy = tmp_path / "novadi.db"
    src, dst = sqlite3.connect(db), sqlite3.connect(copy)
    src.backup(dst)
    article = dst.execute("SELECT id FROM articles LIMIT 1").fetchone()[0]
    dst.execute("UPDATE articles SET redacted = 1 WHERE id = ?", [article])
    dst.commit()
    src.close(), dst.close()
    ds = make_datasette(copy, warc_dir=db.parent / "warc")
    assert get(ds, f"/arhivs/{article}").status_code == 404
    assert get(ds, "/arhivs/0000000000000000").status_code == 404


def test_the_version_switcher_shows_each_captured_revision(crawled, tmp_path):
    db = copy_archive(crawled[0], tmp_path)
    conn = sqlite3.connect(db)
    (first, first_title), (other_title, file, offset, length) = conn.execute(
        "SELECT id, title FROM articles WHERE warc_file IS NOT NULL ORDER BY id LIMIT 1").fetchone(), conn.execute(
        "SELECT title, warc_file, warc_offset, warc_length FROM articles WHERE warc_file IS NOT NULL "
        "ORDER BY id DESC LIMIT 1").fetchone()
    # A second version of the first article, captured on 4 December 2026 at 21:37 UTC.
    conn.execute("INSERT INTO revisions (article_id, rev, captured_at, title, body, warc_file, warc_offset, warc_length) "
                 "VALUES (?, 2, '2026-12-04T21:37:20+00:00', ?, 'b', ?, ?, ?)", [first, other_title, file, offset, length])
    conn.execute("UPDATE articles SET revision = 2, warc_file = ?, warc_offset = ?, warc_length = ? WHERE id = ?",
                 [file, offset, length, first])
    conn.commit(), conn.close()
    ds = make_datasette(db, warc_dir=crawled[0].parent / "warc")
    latest = get(ds, f"/arhivs/{first}")
    options = re.findall(r'<option value="(\d+)"( selected)?>([^<]+)</option>', latest.text)
    assert [(value, bool(selected)) for value, selected, _ in options] == [("2", True), ("1", False)]
    assert options[0][2] == "2. — 04.12.2026. 23:37"
    assert f'src="/arhivs/{first}/kopija?rev=2"' in latest.text
    assert first_title != other_title
    second_capture = get(ds, f"/arhivs/{first}/kopija?rev=2").text
    assert html.escape(other_title, quote=False) in second_capture
    older = get(ds, f"/arhivs/{first}?rev=1")
    assert f'src="/arhivs/{first}/kopija?rev=1"' in older.text
    first_capture = get(ds, f"/arhivs/{first}/kopija?rev=1").text
    assert html.escape(first_title, quote=False) in first_capture
    # (the other page may well name the first article in its own news list: compare whole captures)
    assert first_capture != second_capture
