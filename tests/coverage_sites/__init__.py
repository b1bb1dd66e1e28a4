"""Small sites built to test what the crawl stores and what it proves about its coverage.

Each site is a dict of routes ``{path_and_query: (status, headers, body)}`` served on
loopback by :func:`serve`. They stand for real patterns the crawl met on sites it had
never seen: articles and listings sharing one path, month archives showing whole
posts, headlines only scripts can open, pages that refresh to another host.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

HTML = {"Content-Type": "text/html; charset=utf-8"}

LOREM = ("Pašvaldība informē iedzīvotājus, ka darbi notiks saskaņā ar apstiprināto grafiku, un aicina "
         "sekot līdzi jaunākajai informācijai pašvaldības tīmekļvietnē un sociālajos tīklos. ")


@contextmanager
def serve(routes: dict, host: str = "127.0.0.1"):
    """Serve ``routes`` on ``host``; yields the base URL (no trailing slash) and the request log."""
    log = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            path = unquote(self.path)   # crawlers send Latvian slugs percent-encoded
            log.append(path)
            status, headers, body = routes.get(path, (404, HTML, "<html><body><h1>404</h1></body></html>"))
            body = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()


def page(title: str, main: str, site: str, head: str = "") -> str:
    return (f"<!doctype html><html lang=\"lv\"><head><meta charset=\"utf-8\"><title>{title} | {site}</title>{head}"
            f"</head><body><div id=\"top\"><a href=\"/\">{site}</a></div><div id=\"saturs\">{main}</div>"
            f"<div id=\"kajene\">{site}, Brīvības iela 1, tālrunis 65400000</div></body></html>")


def body(n: int, paragraphs: int = 3) -> str:
    return "".join(f"<p>{LOREM * 2}Ziņa numur {n}, rindkopa {i + 1}.</p>" for i in range(paragraphs))


# -- a legacy custom CMS: articles and listings on one path, told apart by a query ---------

LEGACY_NAME = "Vecpils novads"
LEGACY_NEWS = [  # (id, title, day)
    (3398, "Vecpils pamatskolā atklāta jauna sporta zāle", "2023-04-20"),
    (3397, "Domes sēdē apstiprināts novada budžets", "2023-04-18"),
    (3396, "Pavasara talkā piedalījās trīssimt iedzīvotāju", "2023-04-15"),
    (3395, "Bibliotēkā sākas bērnu žūrijas lasīšanas programma", "2023-04-11"),
    (3394, "Vecpils muižas parkā iestādīti simts ozoli", "2023-04-06"),
    (3393, "Uzsākta Skolas ielas seguma atjaunošana", "2023-03-30"),
    (3392, "Sociālais dienests aicina pieteikties palīdzībai", "2023-03-22"),
    (3391, "Novada uzņēmēji aicināti uz informatīvu semināru", "2023-03-14"),
]
# Linked only from other articles' "Citas ziņas" blocks, never from a listing.
LEGACY_HIDDEN = (3390, "Kultūras namā aizvadīta amatierteātru skate", "2023-03-02")


def _dmy(day: str) -> str:
    y, m, d = day.split("-")
    return f"{d}.{m}.{y}."


def legacy_cms() -> tuple[dict, dict]:
    """Routes and the expected articles ({path: (title, published)})."""
    site = LEGACY_NAME
    menu = ('<ul class="izvelne"><li><a href="/lat/jaunumi/">Jaunumi</a></li>'
            '<li><a href="/lat/pasvaldiba/?id=12">Pašvaldības struktūra</a></li>'
            '<li><a href="/lat/pasvaldiba/?id=13">Kontaktinformācija un pieņemšanas laiki</a></li></ul>')
    everything = LEGACY_NEWS + [LEGACY_HIDDEN]
    routes = {}

    def teaser(n, title, day):
        return (f'<div class="zina"><a class="virsraksts" href="/lat/jaunumi/?id={n}">{title}</a>'
                f'<span class="datums">{_dmy(day)}</span><p>{LOREM[:90]}…</p></div>')

    pages = [LEGACY_NEWS[:5], LEGACY_NEWS[5:]]
    for number, chunk in enumerate(pages, start=1):
        pager = "".join(f'<a href="/lat/jaunumi/?page={p}">{p}</a> ' for p in range(1, len(pages) + 1) if p != number)
        main = menu + "<h1>Jaunumi</h1>" + "".join(teaser(*t) for t in chunk) + f'<div class="lapas">{pager}</div>'
        routes["/lat/jaunumi/" if number == 1 else f"/lat/jaunumi/?page={number}"] = (200, HTML, page("Jaunumi", main, site))
    routes["/lat/jaunumi/?page=1"] = routes["/lat/jaunumi/"]
    for index, (n, title, day) in enumerate(everything):
        others = [everything[(index + k) % len(everything)] for k in range(1, 6)]
        related = "".join(f'<li><a href="/lat/jaunumi/?id={o[0]}">{o[1]}</a></li>' for o in others)
        main = (menu + f"<h1>{title}</h1><div class=\"datums\">{_dmy(day)}</div>{body(n)}"
                f"<div class=\"citas\"><h3>Citas ziņas</h3><ul>{related}</ul></div>")
        routes[f"/lat/jaunumi/?id={n}"] = (200, HTML, page(title, main, site))
    for n, title in ((12, "Pašvaldības struktūra"), (13, "Kontaktinformācija un pieņemšanas laiki")):
        main = menu + f"<h1>{title}</h1>" + body(n, 4)
        routes[f"/lat/pasvaldiba/?id={n}"] = (200, HTML, page(title, main, site))
    home = menu + "<h2>Jaunākās ziņas</h2>" + "".join(teaser(*t) for t in LEGACY_NEWS[:3])
    routes["/"] = (200, HTML, page("Sākums", home, site))
    expected = {f"/lat/jaunumi/?id={n}": (title, day) for n, title, day in everything}
    return routes, expected


# -- a legacy WordPress: month archives show whole posts ---------------------------------------

WP_NAME = "Kalnciema pagasts"
WP_POSTS = [  # (path, title, day)
    ("/2023/05/22/jauns-bernu-laukums-kalnciema/", "Kalnciemā atklāts jauns bērnu rotaļu laukums", "2023-05-22"),
    ("/2023/05/12/pagasta-parvaldes-darba-laiks/", "Mainīts pagasta pārvaldes darba laiks vasarā", "2023-05-12"),
    ("/2023/05/03/talka-pie-kalnciema-ezera/", "Talkā pie Kalnciema ezera savākti divdesmit maisi", "2023-05-03"),
    ("/2023/04/25/jaunieši-brivpratigie/", "Jaunieši aicināti kļūt par brīvprātīgajiem", "2023-04-25"),
    ("/2023/04/08/lieldienu-pasakums/", "Lieldienu pasākumā piedalījās vairāk nekā simts bērnu", "2023-04-08"),
]
# Older posts: no listing page shows them, only their month archive (linked from the widget).
WP_OLDER = [
    ("/2023/03/20/pavasara-sakums-skola/", "Skolēni sagaidīja pavasari ar koncertu skolā", "2023-03-20"),
    ("/2023/03/06/jauna-pagasta-mikroautobuss/", "Pagasts saņēmis jaunu skolēnu mikroautobusu", "2023-03-06"),
]


def legacy_wordpress() -> tuple[dict, dict]:
    site = WP_NAME
    months = {"2023/05": "2023. gada maijs", "2023/04": "2023. gada aprīlis", "2023/03": "2023. gada marts"}
    every = WP_POSTS + WP_OLDER
    widget = ('<aside class="widget widget_archive"><h3 class="widget-title">Arhīvs</h3><ul>'
              + "".join(f'<li><a href="/{m}/">{label}</a></li>' for m, label in months.items()) + "</ul></aside>")

    def entry(path, title, day, n):
        return (f'<article class="post type-post"><h2 class="entry-title"><a href="{path}" rel="bookmark">{title}</a></h2>'
                f'<div class="entry-meta"><span class="posted-on">{_dmy(day)}</span></div>'
                f'<div class="entry-content">{body(n, 2)}</div></article>')

    def listing(title, posts, pager=""):
        main = (f"<main><h1 class=\"page-title\">{title}</h1>"
                + "".join(entry(p, t, d, i) for i, (p, t, d) in enumerate(posts)) + pager + "</main>" + widget)
        return 200, HTML, page(title, main, site)

    routes = {
        "/": listing("Jaunumi", WP_POSTS[:3], '<nav class="nav-links"><a href="/page/2/">Vecāki ieraksti</a></nav>'),
        "/page/2/": listing("Jaunumi", WP_POSTS[3:], '<nav class="nav-links"><a href="/">Jaunāki ieraksti</a></nav>'),
    }
    for month in months:
        routes[f"/{month}/"] = listing(f"Mēnesis: {months[month]}", [p for p in every if p[0].startswith(f"/{month}/")])
    for i, (path, title, day) in enumerate(every):
        main = (f'<main><article class="post type-post"><h1 class="entry-title">{title}</h1>'
                f'<div class="entry-meta"><span class="posted-on">{_dmy(day)}</span></div>'
                f'<div class="entry-content">{body(i + 20)}</div></article></main>' + widget)
        routes[path] = (200, HTML, page(title, main, site))
    return routes, {path: (title, day) for path, title, day in every}


# -- a site that defeats discovery: headlines only a script opens ------------------------------

def script_only() -> tuple[dict, dict]:
    site = "Slēptciema novads"
    items = "".join(
        f'<div class="item"><a href="javascript:void(0)" onclick="atvert({100 + i})">{title}</a>'
        f'<span class="date">{_dmy(day)}</span><p>{LOREM[:100]}…</p></div>'
        for i, (_n, title, day) in enumerate(LEGACY_NEWS[:6]))
    routes = {
        "/": (200, HTML, page("Sākums", '<a href="/jaunumi/">Jaunumi</a><h2>Sveicināti!</h2>', site)),
        "/jaunumi/": (200, HTML, page("Jaunumi", f"<h1>Jaunumi</h1>{items}", site)),
    }
    for i, (_n, title, day) in enumerate(LEGACY_NEWS[:6]):
        routes[f"/raksts.php?nr={100 + i}"] = (200, HTML, page(title, f"<h1>{title}</h1><p>{_dmy(day)}</p>{body(i)}", site))
    return routes, {}


# -- pages that refresh to another host ---------------------------------------------------------

def refreshing(elsewhere: str) -> tuple[dict, dict]:
    site = "Pārceltā pagasts"
    news = [("/zinas/jauna-biblioteka-pagasta-centra/", "Pagasta centrā atvērta jauna bibliotēka", "2023-06-01"),
            ("/zinas/parcelta-zina-par-cela-remontu/", "Ceļa remonts pārcelts uz nākamo gadu", "2023-05-20"),
            ("/zinas/parcelta-zina-par-koncertu/", "Vasaras koncerts notiks citā vietā", "2023-05-10")]
    items = "".join(f'<div class="item"><a href="{p}">{t}</a> <span>{_dmy(d)}</span><p>{LOREM[:90]}…</p></div>'
                    for p, t, d in news)
    routes = {"/": (200, HTML, page("Sākums", f'<a href="/zinas/">Ziņas</a>', site)),
              "/zinas/": (200, HTML, page("Ziņas", f"<h1>Ziņas</h1>{items}", site))}
    path, title, day = news[0]
    routes[path] = (200, HTML, page(title, f"<h1>{title}</h1><p>{_dmy(day)}</p>{body(1)}", site))
    path, title, day = news[1]
    routes[path] = (200, HTML, page(title, f"<h1>{title}</h1><p>{_dmy(day)}</p>{body(2)}", site,
                                    head=f'<meta http-equiv="refresh" content="0;url={elsewhere}/zinas/remonts">'))
    path, title, day = news[2]
    routes[path] = (200, {**HTML, "Refresh": f"0; url={elsewhere}/zinas/koncerts"},
                    page(title, f"<h1>{title}</h1><p>{_dmy(day)}</p>{body(3)}", site))
    return routes, {news[0][0]: (news[0][1], news[0][2])}
