"""A fault-injecting web server: one municipal site whose every corner is broken.

``FaultWorld`` serves, each on its own loopback address and an ephemeral port:

- ``kludu-novads``: a news site (listing, feed, sitemap) whose listing links to
  good articles and to every fault a crawler meets in the wild — legacy and
  wrongly declared encodings, tag soup, empty answers, binary files served as
  HTML, oversized pages, a compression bomb, endless pagination and calendars,
  session ids, very long URLs, redirect loops and redirects away, 429 with
  Retry-After, bursts of 5xx, slow answers, timeouts, connections reset in the
  middle of the body, invalid feed and sitemap XML;
- ``kludu-robots-500`` and ``kludu-robots-lens``: sites whose robots.txt answers
  500 or never answers;
- an unrelated host that redirects point to, which a crawler must never reach.

The handler writes to the socket itself where an HTTP library would refuse to
misbehave (resets, broken chunked bodies, lying Content-Length). Every request is
logged in ``request_log`` as ``(time, host label, path)``.
"""
from __future__ import annotations

import gzip
import secrets
import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.faults.content import PANGRAM, SITE_NAME, STORIES, article_page, broken_page

FIRST_HOST = 60           # 127.0.0.60 … 127.0.0.63
LABELS = ("main", "robots-500", "robots-slow", "elsewhere")
SITE_IDS = {"main": "kludu-novads", "robots-500": "kludu-robots-500", "robots-slow": "kludu-robots-lens"}

# Settings a fault crawl runs with: limits small enough to meet quickly.
MAXSIZE = 200_000
TIMEOUT = 1.5
SLOW = 0.6                # a slow page: slower than usual, within the timeout
HANG = 4.0                # a page that answers after the timeout
RETRY_AFTER = 2           # seconds the 429 page asks to wait

GOOD = ["domes-sede-marta", "pavasara-talka", "jauns-bernudarzs", "celu-remonti-vasara", "senioru-dienas"]
ON_PAGE_TWO = ["arhivs-2019-stipendijas"]
# Encoding faults: slug → (codec of the bytes, Content-Type header, <meta charset> or None)
ENCODINGS = {
    "kodejums-1257": ("cp1257", "text/html", "windows-1257"),
    "kodejums-bez-deklaracijas": ("cp1257", "text/html", None),
    "kodejums-nepareizs-galvene": ("cp1257", "text/html; charset=iso-8859-1", "windows-1257"),
    "kodejums-utf8-latin1": ("utf-8", "text/html; charset=ISO-8859-1", None),
    "kodejums-8859-13": ("iso8859-13", "text/html; charset=ISO-8859-13", None),
    "kodejums-8859-4": ("iso8859-4", "text/html", "iso-8859-4"),
    "kodejums-bom": ("utf-8-sig", "text/html", None),
    "kodejums-utf8-bez-deklaracijas": ("utf-8", "text/html", None),
}
RECOVERED = ["salauzts-html", "parslodze", "serveris-atguvies", "lena-lapa", "partraukts", "saspiests"]
FROM_FEED = ["no-barotnes"]
FROM_SITEMAP = ["no-vietnes-kartes"]
EXPECTED = GOOD + ON_PAGE_TWO + list(ENCODINGS) + RECOVERED + FROM_FEED + FROM_SITEMAP

# Pages that must not become articles, with the outcome a crawl records for them.
REFUSED = {
    "tuksa": "empty",                        # 200 with an empty body
    "dokuments": "binary",                   # a PDF served as text/html
    "attels": "binary",                      # a PNG served as text/html
    "liela": "too-large",                    # larger than DOWNLOAD_MAXSIZE, with Content-Length
    "liela-bez-garuma": "too-large",         # the same, chunked
    "bumba": "too-large",                    # gzip that expands past DOWNLOAD_MAXSIZE
    "cilpa-a": "redirect-loop",              # a → b → a
    "cilpa-pati": "redirect-loop",           # a → a
    "parcelts-projam": "redirect-offsite",   # a redirect to another host
    "uz-pieteiksanos": "redirect-denied",    # a redirect to the login page
}
# Pages that fail every time: an error counted, nothing stored, tried again next run.
FAILING = {
    "vienmer-kluda": "HTTP 500",
    "parslodze-ilgi": "HTTP 429",           # Retry-After longer than the crawler waits
    "nekad": "TimeoutError",
    "vienmer-partraukts": "ResponseDataLossError",
    "partraukts-chunked": "ResponseDataLossError",
}
LONG_SLUG = "gara-adrese-" * 200
MANY_PARAMS = "filtrs?" + "&".join(f"{k}=1" for k in "abcdefgh")


class _Reset(Exception):
    """The handler reset the connection on purpose."""


class FaultWorld:
    def __init__(self, first_host: int = FIRST_HOST):
        self.first_host = first_host
        self.servers: dict[str, ThreadingHTTPServer] = {}
        self.base: dict[str, str] = {}
        self.request_log: list[tuple[float, str, str]] = []
        self.hits: Counter = Counter()
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def __enter__(self) -> "FaultWorld":
        for number, label in enumerate(LABELS, start=self.first_host):
            server = _Server((f"127.0.0.{number}", 0), _Handler)
            server.world, server.label = self, label
            host, port = server.server_address[:2]
            self.base[label] = f"http://{host}:{port}/"
            self.servers[label] = server
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                             name=f"faults-{label}", daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        for server in self.servers.values():
            server.shutdown()
            server.server_close()

    # -- what tests read -----------------------------------------------------------

    def url(self, label: str, path: str) -> str:
        return self.base[label] + path.lstrip("/")

    def article_url(self, slug: str) -> str:
        return self.url("main", f"zinas/{slug}")

    def requests(self, label: str, path_prefix: str = "") -> list[tuple[float, str]]:
        with self.lock:
            return [(t, p) for t, lb, p in self.request_log if lb == label and p.startswith(path_prefix)]

    def registry_entries(self) -> dict[str, dict]:
        main = self.base["main"]
        entries = {
            SITE_IDS["main"]: {
                "name": "Kļūdu novads", "url": main, "kind": "municipality", "profile": "generic",
                "start_urls": [main + "jaunumi"],
                "feeds": [main + "rss.xml", main + "feed-broken.xml"],
                "sitemaps": [main + "sitemap.xml", main + "sitemap-broken.xml", main + "sitemap.xml.gz"],
                "article": [r"^/zinas/[^/?#]+/?(\?.*)?$"],
                "listing": [r"^/jaunumi/?(\?.*)?$", r"^/jaunumi/arhivs/?(\?.*)?$",
                            r"^/notikumi/\d{4}/\d{2}/?$", r"[?&]page=\d+"],
                "pagination": ["page"],
            },
        }
        for label in ("robots-500", "robots-slow"):
            entries[SITE_IDS[label]] = {"name": f"Kļūdu novads ({label})", "url": self.base[label],
                                        "kind": "municipality", "profile": "generic",
                                        "start_urls": [self.base[label] + "jaunumi"]}
        return entries

    def pause(self, seconds: float) -> None:
        self.stopping.wait(seconds)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64
    world: FaultWorld
    label: str

    def handle_error(self, request, client_address):
        pass  # resets and clients that gave up are the point here


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        world = self.server.world
        parts = urlsplit(self.path)
        with world.lock:
            world.request_log.append((time.time(), self.server.label, self.path))
            world.hits[(self.server.label, parts.path)] += 1
            hit = world.hits[(self.server.label, parts.path)]
        try:
            getattr(self, "_" + self.server.label.replace("-", "_"))(parts.path, parse_qs(parts.query), hit)
        except _Reset:
            self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):  # the crawler gave up first
            self.close_connection = True

    # -- plumbing --------------------------------------------------------------------

    def send(self, status: int, body: bytes | str = b"", content_type: str = "text/html; charset=utf-8",
             headers: dict | None = None) -> None:
        body = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send(status, b"", headers={"Location": location})

    def reset(self, head: bytes, body_part: bytes) -> None:
        """Send ``head`` and part of a body, then reset the connection (RST, not FIN)."""
        self.wfile.write(head + body_part)
        self.wfile.flush()
        time.sleep(0.05)
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        raise _Reset

    # -- the hosts -------------------------------------------------------------------

    def _elsewhere(self, path, query, hit):
        self.send(200, f"<html><body><h1>Cita vietne</h1><p>{path}</p></body></html>")

    def _robots_500(self, path, query, hit):
        if path == "/robots.txt":
            self.send(500, "<html><body><h1>500 Internal Server Error</h1></body></html>")
        else:
            self._small_site(path)

    def _robots_slow(self, path, query, hit):
        if path == "/robots.txt":
            self.server.world.pause(HANG)
            self.send(200, "User-agent: *\nDisallow:\n", "text/plain")
        else:
            self._small_site(path)

    def _small_site(self, path):
        story = STORIES["domes-sede-marta"]
        if path.startswith("/zinas/"):
            self.send(200, article_page(story))
        else:
            self.send(200, f'<html lang="lv"><body><h1>{SITE_NAME}</h1>'
                           f'<a href="/zinas/{story.slug}">{story.title}</a></body></html>')

    def _main(self, path, query, hit):
        world = self.server.world
        if path == "/robots.txt":
            self.send(404, "<html><body>Nav atrasts</body></html>")
        elif path == "/":
            self.send(200, home_page())
        elif path == "/jaunumi":
            self.send(200, news_page(int((query.get("page") or ["1"])[0] or 1)))
        elif path == "/jaunumi/arhivs":
            self.send(200, archive_page(int((query.get("page") or ["1"])[0] or 1)))
        elif path.startswith("/notikumi/"):
            self.send(200, calendar_page(path))
        elif path == "/rss.xml":
            self.send(200, rss_feed(world.base["main"], world.base["elsewhere"]), "application/rss+xml")
        elif path == "/feed-broken.xml":
            self.send(200, b"\x00\x01<rss version=\"2.0\"><channel><item><title>Nepabeigts", "application/rss+xml")
        elif path == "/sitemap.xml":
            self.send(200, sitemap(world.base["main"], world.base["elsewhere"]), "application/xml")
        elif path == "/sitemap-broken.xml":
            self.send(200, "<html><body><h1>Lapa nav atrasta</h1></body></html>", "application/xml")
        elif path == "/sitemap.xml.gz":
            self.send(200, b"\x1f\x8b\x08\x00garbage, not gzip", "application/x-gzip")
        elif path.startswith("/zinas/"):
            self._article(path.split("/", 2)[2].split(";", 1)[0], hit)
        else:
            self.send(404, "<html><body>Nav atrasts</body></html>")

    def _article(self, slug, hit):
        world = self.server.world
        story = STORIES.get(slug)
        if slug in ENCODINGS:
            codec, content_type, meta = ENCODINGS[slug]
            # Characters the code page lacks (dashes, quotes) are character references, as legacy CMSs write them.
            self.send(200, article_page(story, charset=meta).encode(codec, "xmlcharrefreplace"), content_type)
        elif slug == "salauzts-html":
            self.send(200, broken_page(story))
        elif slug == "parslodze":
            if hit == 1:
                self.send(429, "Too Many Requests", "text/plain", {"Retry-After": str(RETRY_AFTER)})
            else:
                self.send(200, article_page(story))
        elif slug == "parslodze-ilgi":
            self.send(429, "Too Many Requests", "text/plain", {"Retry-After": "86400"})
        elif slug == "serveris-atguvies":
            if hit <= 2:
                self.send(503, "<html><body>Service Unavailable</body></html>")
            else:
                self.send(200, article_page(story))
        elif slug == "vienmer-kluda":
            self.send(500, "<html><body>Internal Server Error</body></html>")
        elif slug == "lena-lapa":
            world.pause(SLOW)
            self.send(200, article_page(story))
        elif slug == "nekad":
            world.pause(HANG)
            self.send(200, article_page(STORIES["domes-sede-marta"]))
        elif slug in ("partraukts", "vienmer-partraukts"):
            body = article_page(story or STORIES["pavasara-talka"]).encode("utf-8")
            if slug == "partraukts" and hit > 1:
                self.send(200, body)
            else:
                head = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                        f"Content-Length: {len(body)}\r\n\r\n").encode("ascii")
                self.reset(head, body[: len(body) // 2])
        elif slug == "partraukts-chunked":
            body = article_page(STORIES["jauns-bernudarzs"]).encode("utf-8")
            half = body[: len(body) // 2]
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n"
            self.reset(head, b"%x\r\n%s\r\n" % (len(half), half) + b"%x\r\n" % 4000 + b"abc")
        elif slug == "saspiests":
            self.send(200, gzip.compress(article_page(story).encode("utf-8")), headers={"Content-Encoding": "gzip"})
        elif slug == "tuksa":
            self.send(200, b"")
        elif slug == "dokuments":
            self.send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)) * 20)
        elif slug == "attels":
            self.send(200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
        elif slug == "liela":
            self.send(200, big_page(MAXSIZE + 100_000))
        elif slug == "liela-bez-garuma":
            body = big_page(MAXSIZE + 100_000).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(body), 16_384):
                chunk = body[start:start + 16_384]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        elif slug == "bumba":
            payload = b"<html><body><p>" + b" " * (20 * MAXSIZE) + b"</p></body></html>"
            self.send(200, gzip.compress(payload, compresslevel=9), headers={"Content-Encoding": "gzip"})
        elif slug == "cilpa-a":
            self.redirect("/zinas/cilpa-b")
        elif slug == "cilpa-b":
            self.redirect("/zinas/cilpa-a")
        elif slug == "cilpa-pati":
            self.redirect("/zinas/cilpa-pati")
        elif slug == "parcelts-projam":
            self.redirect(world.base["elsewhere"] + "zinas/parcelts-projam", 301)
        elif slug == "uz-pieteiksanos":
            self.redirect("/login?next=/zinas/uz-pieteiksanos")
        elif slug == "veca-adrese":
            self.redirect("/zinas/domes-sede-marta", 301)
        elif story is not None:
            self.send(200, article_page(story))
        else:
            self.send(404, "<html><body>Nav atrasts</body></html>")


# -- pages -------------------------------------------------------------------------------

def _sid() -> str:
    """A fresh session id: this site puts one on every link of every page it renders."""
    return secrets.token_hex(8)


def _page(title: str, links: list[tuple[str, str]]) -> str:
    items = "\n".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return f"""<!DOCTYPE html><html lang="lv"><head><meta charset="utf-8"><title>{title} | {SITE_NAME}</title>
<link rel="alternate" type="application/rss+xml" href="/rss.xml"></head>
<body><header><a href="/">{SITE_NAME}</a> <a href="/kontakti">Kontakti</a></header>
<main><h1>{title}</h1><ul>
{items}
</ul></main><footer>{SITE_NAME}</footer></body></html>"""


def home_page() -> str:
    sid = _sid()
    links = [(f"/zinas/{slug};jsessionid={sid}", STORIES[slug].title) for slug in GOOD[:3]]
    links += [("/jaunumi", "Visi jaunumi"), ("/jaunumi/arhivs?page=1", "Arhīvs"),
              ("/notikumi/2024/05", "Pasākumu kalendārs")]
    return _page(SITE_NAME, links)


def news_page(number: int) -> str:
    """The news listing. Page 1 links to every article and fault; page 2 to older news;
    any later page repeats page 2, as CMSs do when asked for a page past the end."""
    sid = _sid()
    if number == 1:
        slugs = GOOD + list(ENCODINGS) + RECOVERED + list(REFUSED) + list(FAILING) + ["veca-adrese"]
        links = [(f"/zinas/{slug}?PHPSESSID={sid}", (STORIES[slug].title if slug in STORIES else slug))
                 for slug in slugs]
        links += [(f"/zinas/{LONG_SLUG}", "Ļoti gara adrese"), (f"/zinas/{MANY_PARAMS}", "Filtrs"),
                  ("/notikumi/2024/05", "Pasākumu kalendārs")]
    else:
        links = [(f"/zinas/{slug}?PHPSESSID={sid}", STORIES[slug].title) for slug in ON_PAGE_TWO]
    links.append((f"/jaunumi?page={number + 1}&PHPSESSID={sid}", "Nākamā lapa »"))
    return _page(f"Jaunumi – {number}. lapa", links)


def archive_page(number: int) -> str:
    """An archive whose pages go on for ever and hold nothing."""
    return _page(f"Arhīvs – {number}. lapa", [(f"/jaunumi/arhivs?page={number + 1}", "Nākamā »")])


def calendar_page(path: str) -> str:
    """An events calendar: every month links to the month before and after, for ever."""
    parts = [p for p in path.split("/") if p]
    try:
        year, month = int(parts[1]), int(parts[2])
    except (IndexError, ValueError):
        year, month = 2024, 5
    prev_y, prev_m = (year, month - 1) if month > 1 else (year - 1, 12)
    next_y, next_m = (year, month + 1) if month < 12 else (year + 1, 1)
    days = [(f"/notikumi/{year}/{month:02d}/{d:02d}", f"{d}.") for d in range(1, 29)]
    return _page(f"Pasākumi {month:02d}.{year}", [
        (f"/notikumi/{prev_y}/{prev_m:02d}", "« Iepriekšējais mēnesis"),
        (f"/notikumi/{next_y}/{next_m:02d}", "Nākamais mēnesis »"), *days])


def big_page(size: int) -> str:
    filler = ("<p>" + PANGRAM + "</p>\n") * (size // len(PANGRAM.encode("utf-8")) + 1)
    return f'<html lang="lv"><head><meta charset="utf-8"><title>Liela lapa</title></head><body>{filler}</body></html>'


def rss_feed(base: str, elsewhere: str) -> str:
    items = []
    for slug in ["no-barotnes", "domes-sede-marta"]:
        story = STORIES[slug]
        items.append(f"<item><title>{story.title}</title><link>{base}zinas/{slug}</link>"
                     f"<pubDate>{story.published}T10:00:00+03:00</pubDate></item>")
    items.append(f"<item><title>Cita vietne</title><link>{elsewhere}zinas/cita</link></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{SITE_NAME}</title>'
            + "".join(items) + "</channel></rss>")


def sitemap(base: str, elsewhere: str) -> str:
    locs = [f"{base}zinas/no-vietnes-kartes", f"{base}zinas/pavasara-talka", f"{elsewhere}zinas/cita"]
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>{loc}</loc><lastmod>2024-07-15</lastmod></url>" for loc in locs) + "</urlset>")
