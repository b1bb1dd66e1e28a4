"""A generated site served as its traits say: URLs, listings, article pages, look-alikes, furniture.

``ZooPlatform`` is a sample platform (``crawler.sample_sites.platforms.Platform``)
whose every choice comes from the site's traits instead of from one CMS.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
from datetime import date, datetime, timedelta
from urllib.parse import quote, unquote, urlencode

from crawler.sample_sites import dates
from crawler.sample_sites.content import Article, blocks_html, body_text, plain
from crawler.sample_sites.platforms import Platform, Request, Response, esc, int_arg, slugify
from crawler.sample_sites.zoo import text
from crawler.sample_sites.zoo.generate import ZooSite

LISTING = {"tvp": "/lv/jaunumi", "root": "/jaunumi/", "dated": "/jaunumi/", "year": "/lv/jaunumi/",
           "listing_id": "/lat/jaunumi/", "joomla": "/jaunumi", "slug_id_html": "/lv/jaunumi/"}
FOREIGN_LISTING = {"en": "/en/news/", "ru": "/ru/novosti/"}
IGNORED_PARAMS = re.compile(r"^(utm_\w+|phpsessid|sid|fbclid)$", re.I)
ENCODINGS = {"utf-8": ("utf-8", "text/html; charset=utf-8", "utf-8"),
             "windows-1257-meta": ("windows-1257", "text/html", "windows-1257"),
             "iso-8859-13-meta": ("iso-8859-13", "text/html", "iso-8859-13"),
             "windows-1257-wrong-header": ("windows-1257", "text/html; charset=utf-8", "windows-1257")}


class ZooPlatform(Platform):
    name = "zoo"

    def __init__(self, zoo: ZooSite, base: str = "http://127.0.0.1/", world=None):
        self.zoo = zoo
        self.t = zoo.traits
        self.encoding, self.content_type, self.meta_charset = ENCODINGS[self.t["encoding"]]
        self.failed_once: set[int] = set()
        self.base = base if base.endswith("/") else base + "/"
        self.world = world
        self.info = {"name": zoo.name}
        self.site = None

    # -- where things live ---------------------------------------------------------

    def listing_path(self, lang: str = "lv") -> str:
        return LISTING[self.t["url_shape"]] if lang == "lv" else FOREIGN_LISTING[lang]

    def slashed(self, path: str, slash: bool | None = None) -> str:
        slash = self.t["trailing_slash"] if slash is None else slash
        return path.rstrip("/") + "/" if slash else path.rstrip("/")

    def article_path(self, a: Article, slash: bool | None = None) -> str:
        shape, slug, lang = self.t["url_shape"], quote(a.slug), a.lang
        pre = "" if lang == "lv" else f"/{lang}"
        day = dates.day(a.published)
        if shape == "listing_id":
            return f"{self.listing_path(lang)}?id={a.id}"
        if shape == "slug_id_html":
            return f"/{lang}/jaunumi/{slug}-{a.id}.html"
        path = {"tvp": f"/{lang}/jaunums/{slug}", "root": f"{pre}/{slug}",
                "dated": f"{pre}/{day:%Y/%m/%d}/{slug}", "year": f"/{lang}/{day:%Y}/{slug}",
                "joomla": f"{pre}/jaunumi/{a.id}-{slug}"}[shape]
        return self.slashed(path, slash)

    def article_variants(self, a: Article) -> list[str]:
        """Every other URL that answers with this article's page."""
        variants = []
        if self.t["url_shape"] == "joomla":
            variants.append(self.joomla_raw(a))
        if self.t["slash_redirect"] and self.t["url_shape"] not in ("listing_id", "slug_id_html"):
            variants.append(self.article_path(a, not self.t["trailing_slash"]))
        if self.t["variants"] in ("print", "all"):
            variants.append(self.with_query(self.article_path(a), "print=1"))
        if self.t["variants"] in ("easy_read", "all"):
            variants.append(f"/viegli-lasit/{a.id}/")
        if self.t["variants"] in ("shortlink", "all"):
            variants.append(f"/s/{a.id}")
        return variants

    def joomla_raw(self, a: Article) -> str:
        return f"/index.php?option=com_content&view=article&id={a.id}:{quote(a.slug)}&catid=8&Itemid=101"

    @staticmethod
    def with_query(path: str, query: str) -> str:
        return path + ("&" if "?" in path else "?") + query

    def link(self, path: str) -> str:
        """A link as the site prints it: with a session id when it keeps sessions in URLs."""
        if self.t["session_ids"] and not path.startswith("http"):
            sid = hashlib.md5(f"{self.zoo.seed}".encode()).hexdigest()[:26]
            path = self.with_query(path, f"PHPSESSID={sid}")
        return esc(path)

    # -- ground truth --------------------------------------------------------------

    def expected(self, a: Article) -> dict:
        return {
            "url": self.absolute(self.article_path(a)),
            "variants": [self.absolute(v) for v in self.article_variants(a)],
            "slug": a.slug, "title": a.title, "lang": a.lang,
            "published": dates.iso(a.published),
            "updated": dates.iso(a.updated),
            "author": a.author, "body": a.body_text, "site": f"zoo-{self.zoo.seed}",
        }

    def articles(self, lang: str | None = "lv") -> list[Article]:
        visible = [a for a in self.zoo.articles if not a.removed and (lang is None or a.lang == lang)]
        return sorted(visible, key=lambda a: (dates.as_datetime(a.published), a.id), reverse=True)

    def by_id(self, article_id) -> Article | None:
        try:
            wanted = int(article_id)
        except (TypeError, ValueError):
            return None
        return next((a for a in self.zoo.articles if a.id == wanted), None)

    def find(self, slug, lang=None):
        return next((a for a in self.zoo.articles if a.slug == slug and (lang is None or a.lang == lang)), None)

    # -- dates as printed ----------------------------------------------------------

    def date_text(self, value, lang: str = "lv") -> str:
        form, day = self.t["date_form"], dates.day(value)
        if lang != "lv":  # English and Russian pages print the day in figures
            form = "numeric"
        clock = f"{value:%H:%M}" if isinstance(value, datetime) else ""
        if form in ("numeric", "numeric_dot"):
            return f"{day:%d.%m.%Y}" + ("." if form == "numeric_dot" else "") + (f" {clock}" if clock else "")
        if form == "joomla_weekday":
            weekday = dates.WEEKDAYS[day.weekday()].capitalize()
            return f"{weekday}, {day.day} {dates.MONTHS[day.month - 1][0].capitalize()} {day.year} {clock}".strip()
        case = {"long_loc": "loc", "long_tight": "loc", "long_nom": "nom"}[form]
        return dates.long(day, case, tight=form == "long_tight") + (f", {clock}" if clock else "")

    def search_field(self) -> str:
        # Half the sites set a prompt as the field's value, cleared by a script on focus,
        # as older themes do: it is no query the page answers. (By the seed, so that no
        # drawn trait shifts.)
        if self.zoo.seed % 2:
            return ('<input type="text" name="q" value="Meklēt vietnē…" '
                    "onfocus=\"if (this.value == 'Meklēt vietnē…') this.value = '';\">")
        return '<input name="q">'

    def today_header(self) -> str:
        if not self.t["today_header"]:
            return ""
        now = dates.now()
        names = text.NAME_DAYS[now.toordinal() % len(text.NAME_DAYS)]
        return f'<div class="today">{dates.weekday_long(now.date())} Vārda dienas: {esc(names)}</div>'

    # -- chrome --------------------------------------------------------------------

    def shell(self, title: str, main: str, lang: str = "lv", head: str = "") -> str:
        t = self.t
        menu = [("/", "Sākums"), (self.listing_path(), "Jaunumi")]
        menu += [(self.static_path(p), p.title) for p in self.zoo.statics]
        if t["projects"]:
            menu.append(("/projekti/", "Projekti"))
        if t["events"]:
            menu.append(("/pasakumi/", "Pasākumi"))
        if t["calendar"]:
            menu.append((f"/kalendars/?m={self.zoo.today:%Y-%m}", "Kalendārs"))
        menu += [(FOREIGN_LISTING[x], x.upper()) for x in t["languages"].split("+")[1:]]
        nav = "".join(f'<li><a href="{self.link(href)}">{esc(label)}</a></li>' for href, label in menu)
        side = ""
        if t["sidebar"]:
            items = "".join(f'<li><a href="{self.link(self.sidebar_path(a))}">{esc(a.title)}</a></li>'
                            for a in self.articles(lang)[:5])
            side = f'<aside class="sidebar"><h3>Jaunākās ziņas</h3><ul>{items}</ul>{esc(self.noise)}</aside>'
        if t["archives"]:
            months = sorted({dates.day(a.published).replace(day=1) for a in self.articles()}, reverse=True)[:6]
            side += '<aside class="archive"><h3>Arhīvs</h3><ul>' + "".join(
                f'<li><a href="{self.link(f"/{m:%Y/%m}/")}">{dates.month_title(m.year, m.month)}</a></li>' for m in months) + "</ul></aside>"
        if t["search_page"]:
            side += ('<aside class="popular"><h3>Populāri meklējumi</h3>'
                     f'<a href="{self.link("/meklet/?q=budzets")}">budžets</a> <a href="{self.link("/meklet/?q=skola")}">skola</a></aside>')
        feed = '<link rel="alternate" type="application/rss+xml" href="/rss.xml">' if t["feed"] != "none" else ""
        return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="{self.meta_charset}">
<title>{esc(title)} | {esc(self.zoo.name)}</title>
{feed}
{head}
</head>
<body>
{self.today_header()}
<header class="site-header"><a class="logo" href="{self.link("/")}">{esc(self.zoo.name)}</a>
<nav class="menu"><ul>{nav}</ul></nav>
<form class="search" action="/meklet/" method="get">{self.search_field()}<button>Meklēt</button></form></header>
<div class="wrap">
<main class="content">
{main}
</main>
{side}
</div>
<footer class="site-footer"><p>{esc(self.zoo.name)}, Rīgas iela 29, LV-3933. Tālrunis: 63976100, e-pasts: dome@example.lv</p>
<p><a href="https://www.facebook.com/">Facebook</a> <a href="https://www.youtube.com/">Youtube</a></p></footer>
</body>
</html>
"""

    def sidebar_path(self, a: Article) -> str:
        if self.t["url_shape"] == "joomla":
            return self.joomla_raw(a)
        if self.t["slash_redirect"] and self.t["url_shape"] not in ("listing_id", "slug_id_html"):
            return self.article_path(a, not self.t["trailing_slash"])
        return self.article_path(a)

    def teasers(self, items: list[Article]) -> str:
        out = []
        for a in items:
            when = (f'<span class="date">{dates.day(a.published):%d.%m.%Y}.</span>' if self.t["teaser_dates"] else "")
            out.append(f'<div class="news-item"><h2><a href="{self.link(self.article_path(a))}">{esc(a.title)}</a></h2>'
                       f'{when}<p>{esc(a.teaser)}</p><a class="more" href="{self.link(self.article_path(a))}">Lasīt vairāk</a></div>')
        return "\n".join(out) or "<p>Nav ierakstu.</p>"

    def post_cards(self, items: list[Article]) -> str:
        """Related posts as a WordPress theme prints them: each an <article> numbered as
        a post, with its whole first paragraph (no "…" to tell it from a text)."""
        out = []
        for a in items:
            first = next((plain(b.items[0]) for b in a.blocks if b.kind == "p"), "")
            out.append(f'<article id="post-{a.id}" class="post-{a.id} post type-post"><h2><a href="'
                       f'{self.link(self.article_path(a))}">{esc(a.title)}</a></h2><p>{esc(first)}</p></article>')
        return "\n".join(out)

    # -- listings ------------------------------------------------------------------

    def page_url(self, path: str, number: int, query: str = "") -> str:
        """Page ``number`` (0-based) of the listing at ``path`` as the pager writes it."""
        size, pager = self.t["page_size"], self.t["pager"]
        extra = []
        if number and pager == "page0":
            extra.append(f"page={number}")
        elif number and pager == "page1":
            extra.append(f"page={number + 1}")
        elif number and pager == "start":
            extra.append(f"start={number * size}")
        elif number and pager == "path":
            path = path.rstrip("/") + f"/page/{number + 1}/"
        if query:
            extra.insert(0, query)
        return path + ("?" + "&".join(extra) if extra else "")

    def page_number(self, req: Request) -> int:
        q, pager = req.query, self.t["pager"]
        if pager == "page0":
            return int_arg(q.get("page"))
        if pager == "page1":
            return max(0, int_arg(q.get("page"), 1) - 1)
        if pager == "start":
            return int_arg(q.get("start")) // self.t["page_size"]
        return 0

    def listing(self, req: Request, path: str, items: list[Article], title: str, number: int,
                query: str = "", lang: str = "lv", above: str = "") -> Response:
        shown, pages = self.paginate(items, number, self.t["page_size"])
        if number >= pages and number:
            return self.not_found(req)
        pager = ""
        if self.t["load_more"] and path == self.listing_path(lang) and not query:
            pager = (f'<button class="load-more" data-source="/api/jaunumi?lang={lang}&amp;page=2">Ielādēt vairāk</button>'
                     if pages > 1 else "")
        elif pages > 1:
            links = []
            if self.t["pager_style"] == "numbered":
                links += [f'<a href="{self.link(self.page_url(path, n, query))}">{n + 1}</a>' if n != number
                          else f"<span>{n + 1}</span>" for n in range(pages)]
            elif number:
                links.append(f'<a href="{self.link(self.page_url(path, number - 1, query))}">« Jaunākas ziņas</a>')
            if number + 1 < pages:
                links.append(f'<a class="next" href="{self.link(self.page_url(path, number + 1, query))}">Nākamā lapa »</a>')
            pager = '<nav class="pager">' + " ".join(links) + "</nav>"
        main = f'<h1>{esc(title)}</h1>{above}<div class="news-list">{self.teasers(shown)}</div>{pager}'
        return self.page(self.shell(title, main, lang))

    def news(self, req: Request, lang: str, number: int) -> Response:
        items = self.articles(lang)
        above = ""
        q = req.query
        if self.t["facets"] and lang == "lv":
            years = sorted({dates.day(a.published).year for a in items}, reverse=True)
            if "kategorija" in q or "gads" in q:
                items = [a for a in items if (not q.get("kategorija") or slugify(a.category) == q["kategorija"])
                         and (not q.get("gads") or str(dates.day(a.published).year) == q["gads"])]
            above = '<div class="facets">' + " ".join(
                f'<a href="{self.link(self.listing_path() + "?" + urlencode({"kategorija": slugify(c), "gads": y}))}">{esc(c)} {y}</a>'
                for c in self.zoo.categories for y in years) + "</div>"
        query = urlencode({k: q[k] for k in ("kategorija", "gads") if k in q})
        if self.t["year_archives"] and lang == "lv" and not query:
            newest = dates.day(items[0].published).year if items else self.zoo.today.year
            older = sorted({dates.day(a.published).year for a in items if dates.day(a.published).year < newest}, reverse=True)
            items = [a for a in items if dates.day(a.published).year == newest]
            above += '<div class="years">Arhīvs: ' + " ".join(
                f'<a href="{self.link(f"/arhivs/{y}/")}">{y}</a>' for y in older) + "</div>"
        title = {"lv": "Jaunumi", "en": "News", "ru": "Новости"}[lang]
        return self.listing(req, self.listing_path(lang), items, title, number, query, lang, above)

    def year_archive(self, req: Request, year: str, number: int) -> Response | None:
        items = [a for a in self.articles() if str(dates.day(a.published).year) == year]
        if not self.t["year_archives"] or not items:
            return None
        return self.listing(req, f"/arhivs/{year}/", items, f"Arhīvs: {year}", number)

    def api(self, req: Request) -> Response:
        lang = req.query.get("lang", "lv")
        number = max(1, int_arg(req.query.get("page"), 1))
        shown, pages = self.paginate(self.articles(lang), number - 1, self.t["page_size"])
        data = {"items": [{"title": a.title, "url": self.article_path(a), "date": f"{dates.day(a.published):%d.%m.%Y}"}
                          for a in shown],
                "next": f"/api/jaunumi?lang={lang}&page={number + 1}" if number < pages else None}
        return Response(body=json.dumps(data, ensure_ascii=False).encode(), content_type="application/json")

    # -- article pages -------------------------------------------------------------

    def dated(self, label: str, value, cls: str, lang: str = "lv") -> str:
        shown = self.date_text(value, lang)
        if self.t["date_place"] == "time":
            iso = dates.iso(value)
            return f'<div class="{cls}">{esc(label)}<time datetime="{iso}">{esc(shown)}</time></div>'
        return f'<div class="{cls}">{esc(label)}{esc(shown)}</div>'

    def article_html(self, a: Article, variant: str = "") -> str:
        t, place = self.t, self.t["date_place"]
        url = self.absolute(self.article_path(a))
        head = f'<link rel="canonical" href="{esc(url)}">' if t["canonical_link"] else ""
        if place == "meta":
            head += f'\n<meta property="article:published_time" content="{dates.iso(a.published)}">'
            if a.updated:
                head += f'\n<meta property="article:modified_time" content="{dates.iso(a.updated)}">'
        if place == "jsonld":
            ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
                  "datePublished": dates.iso(a.published)}
            if a.updated:
                ld["dateModified"] = dates.iso(a.updated)
            head += f'\n<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
        published = self.dated(t["date_label"] if a.lang == "lv" else "", a.published, "date", a.lang) if place in ("before", "after", "time") else ""
        updated = ""
        if a.updated and place not in ("meta", "jsonld", "url"):
            label = {"en": "Updated: ", "ru": "Обновлено: "}.get(a.lang) or ("Atjaunots: " if a.id % 2 else "Pēdējās izmaiņas: ")
            updated = self.dated(label, a.updated, "updated", a.lang)
        blocks = list(a.blocks)
        lead = ""
        if t["lead_outside"] and blocks and blocks[0].kind == "p":
            lead = f'<p class="lead"><strong>{esc(plain(blocks[0].items[0]))}</strong></p>'
            blocks = blocks[1:]
        body = blocks_html(blocks)
        credit_style = t["credit"]
        byline = after = ""
        if a.author:
            role = a.credit.split(", ", 1)[1] if a.credit and ", " in a.credit else ""
            if credit_style == "end_paragraph":
                body += f"\n<p>{esc(a.credit)}</p>"
            elif credit_style == "after_body":
                after = f'<div class="author-info">{esc(a.credit)}</div>'
            elif credit_style == "byline":
                author_link = f'<a href="{self.link("/autors/" + slugify(a.author) + "/")}">{esc(a.author)}</a>' if t["archives"] else esc(a.author)
                byline = f'<div class="byline">Autors: {author_link}</div>'
            elif credit_style == "bold_name":
                body += f"\n<p><strong>{esc(a.author)}</strong><br>{esc(role.capitalize())}</p>"
        end = f'<p class="published">({esc(self.date_text(a.published, a.lang))})</p>' if place == "end_paren" else ""
        gallery = ""
        if a.images:
            gallery = "<h3>Foto galerija</h3>" + "".join(
                f'<figure><img src="/media/{esc(i["file"])}" alt=""><figcaption>{esc(i["caption"])}</figcaption></figure>'
                for i in a.images)
        tools = []
        if not variant:
            if t["variants"] in ("print", "all"):
                tools.append(f'<a href="{self.link(self.with_query(self.article_path(a), "print=1"))}">Drukāt</a>')
            if t["variants"] in ("easy_read", "all"):
                tools.append(f'<a href="{self.link(f"/viegli-lasit/{a.id}/")}">Viegli lasīt</a>')
            if t["variants"] in ("shortlink", "all"):
                tools.append(f'Īsā saite: <a href="{self.absolute(f"/s/{a.id}")}">{self.absolute(f"/s/{a.id}")}</a>')
        tags = ""
        if t["archives"]:
            tags = '<div class="tags">' + " ".join(f'<a href="{self.link("/tag/" + slugify(x) + "/")}">{esc(x)}</a>' for x in a.tags) + "</div>"
        category = (f'<a href="{self.link("/kategorija/" + slugify(a.category) + "/")}">{esc(a.category)}</a>'
                    if t["archives"] else esc(a.category))
        related = ""
        if t["related"] and not variant:
            others = [o for o in self.articles(a.lang) if o is not a and o.category == a.category][:3]
            cards = self.post_cards(others) if t["post_markup"] else self.teasers(others)
            related = '<section class="related"><h2>Saistītās ziņas</h2>' + cards + "</section>"
        before = published if place == "before" else ""
        after_title = published if place in ("after", "time") else ""
        own = f' id="post-{a.id}" class="post-{a.id} post type-post news-article"' if t["post_markup"] else ' class="news-article"'
        main = f"""<article{own}>
<div class="category">{category}</div>
{before}
<h1>{esc(a.title)}</h1>
{after_title}{byline}
{lead}
<div class="article-body">
{body}
</div>
{after}
{end}
{updated}
{gallery}
<div class="tools">{" | ".join(tools)}</div>
{tags}
</article>
{related}"""
        if variant:
            return self.shell(a.title, main, a.lang, head).replace('<body>', f'<body class="{variant}">')
        return self.shell(a.title, main, a.lang, head)

    def article_response(self, req: Request, a: Article | None, variant: str = "") -> Response | None:
        if a is None:
            return None
        if a.removed:
            return self.not_found(req, status=404 if a.id % 2 else 410)
        if a.options.get("error_once") and a.id not in self.failed_once:
            self.failed_once.add(a.id)
            return Response(status=500, body=b"Internal Server Error", content_type="text/plain")
        resp = self.page(self.article_html(a, variant))
        resp.last_modified = a.modified
        resp.etag = 'W/"' + hashlib.sha1(f"{a.title}|{a.body_text}|{a.modified}".encode()).hexdigest()[:16] + '"'
        return resp

    # -- pages that look like articles ---------------------------------------------

    def static_path(self, page) -> str:
        if not self.t["static_pages"]:
            return f"/lapa/{quote(page.slug)}/"
        number, slug = 10 + self.zoo.statics.index(page), quote(page.slug)
        return {"tvp": self.slashed(f"/lv/{slug}"), "root": self.slashed(f"/{slug}"), "dated": self.slashed(f"/{slug}"),
                "year": self.slashed(f"/lv/{slug}"), "listing_id": f"/lat/par-novadu/?id={number}",
                "joomla": self.slashed(f"/par-novadu/{number}-{slug}"),
                "slug_id_html": f"/lv/lapas/{slug}-{number}.html"}[self.t["url_shape"]]

    def plain_page(self, title: str, blocks, extra: str = "") -> Response:
        main = f'<article class="page"><h1>{esc(title)}</h1>{blocks_html(blocks)}{extra}</article>'
        return self.page(self.shell(title, main))

    def archive_list(self, req, title, items, path) -> Response | None:
        if not items:
            return None
        return self.listing(req, path, items, title, self.page_number(req))

    def day_archive(self, req, y, m, d) -> Response | None:
        items = [a for a in self.articles() if f"{dates.day(a.published):%Y/%m/%d}" == f"{y}/{m}/{d}"]
        if not items or not self.t["archives"]:
            return None
        # Whole posts, as many blog themes print date archives.
        posts = "".join(f'<div class="post"><h2><a href="{self.link(self.article_path(a))}">{esc(a.title)}</a></h2>'
                        f'<div class="date">{dates.day(a.published):%d.%m.%Y}.</div>{blocks_html(a.blocks)}</div>' for a in items)
        return self.page(self.shell(f"{y}. gada {int(d)}. {dates.MONTHS[int(m) - 1][2]}", posts))

    def calendar_page(self, req) -> Response | None:
        try:
            month = datetime.strptime(req.query.get("m", ""), "%Y-%m").date()
        except ValueError:
            return None
        prev = (month - timedelta(days=1)).replace(day=1)
        nxt = (month + timedelta(days=32)).replace(day=1)
        events = "".join(f'<li>{day:%d.%m.%Y}. <a href="{self.link("/pasakumi/" + p.slug + "/")}">{esc(p.title)}</a></li>'
                         for p, day in self.zoo.events if day.replace(day=1) == month)
        main = (f'<h1>{dates.month_title(month.year, month.month)}</h1><ul>{events}</ul>'
                f'<a href="{self.link(f"/kalendars/?m={prev:%Y-%m}")}">« Iepriekšējais</a> '
                f'<a href="{self.link(f"/kalendars/?m={nxt:%Y-%m}")}">Nākamais »</a>')
        return self.page(self.shell("Kalendārs", main))

    def search(self, req) -> Response:
        term = req.query.get("q", "")
        items = [a for a in self.articles() if term and term[:4] in slugify(a.title + " " + a.body_text)][:10]
        return self.listing(req, "/meklet/", items, f"Meklēšanas rezultāti: {term}", 0, urlencode({"q": term}))

    # -- furniture -----------------------------------------------------------------

    def robots(self) -> Response:
        lines = ["User-agent: *"]
        if self.t["robots"]:
            lines += ["Disallow: /meklet/", "Disallow: /admin/", "Disallow: /*print=1", "Disallow: /viegli-lasit/"]
        else:
            lines.append("Disallow:")
        sitemap = {"plain": "/sitemap.xml", "index": "/sitemap_index.xml", "gzip": "/sitemap.xml.gz"}.get(self.t["sitemap"])
        if sitemap:
            lines.append(f"Sitemap: {self.absolute(sitemap)}")
        return Response(body="\n".join(lines) + "\n", content_type="text/plain")

    def disallowed(self, target: str) -> bool:
        """Whether robots.txt forbids ``target`` (path and query), for checks on crawlers."""
        return self.t["robots"] and (target.startswith(("/meklet/", "/admin/", "/viegli-lasit/")) or "print=1" in target)

    def urlset(self, items) -> bytes:
        entries = "".join(f"<url><loc>{esc(self.absolute(path))}</loc>{f'<lastmod>{dates.iso(when)}</lastmod>' if when else ''}</url>"
                          for path, when in items)
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{entries}</urlset>").encode()

    def sitemap(self, name: str) -> Response | None:
        kind = self.t["sitemap"]
        news = [(self.article_path(a), a.modified.replace(microsecond=0)) for a in self.articles(None)]
        pages = [(self.static_path(p), None) for p in self.zoo.statics] + [(self.listing_path(), None)]
        if kind == "plain" and name == "sitemap.xml":
            body = self.urlset(news + pages)
        elif kind == "gzip" and name == "sitemap.xml.gz":
            return Response(body=gzip.compress(self.urlset(news + pages)), content_type="application/x-gzip")
        elif kind == "index" and name == "sitemap_index.xml":
            maps = "".join(f"<sitemap><loc>{self.absolute(f'/{n}.xml')}</loc></sitemap>" for n in ("sitemap-news", "sitemap-pages"))
            body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"{maps}</sitemapindex>").encode()
        elif kind == "index" and name in ("sitemap-news.xml", "sitemap-pages.xml"):
            body = self.urlset(news if name == "sitemap-news.xml" else pages)
        else:
            return None
        return Response(body=body, content_type="application/xml")

    def feed(self) -> Response | None:
        if self.t["feed"] == "none":
            return None
        items = []
        for a in self.articles()[:10]:
            link = self.absolute(self.article_path(a))
            if self.t["feed"] == "utm":
                link = self.with_query(link, "utm_source=rss&utm_medium=feed&utm_campaign=jaunumi")
            text_ = a.body_text if self.t["feed"] == "full" else a.teaser[:100] + " […]"
            items.append(f"<item><title>{esc(a.title)}</title><link>{esc(link)}</link>"
                         f"<pubDate>{dates.rfc822(a.published)}</pubDate><description>{esc(text_)}</description></item>")
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{esc(self.zoo.name)}</title>'
                f'<link>{self.base}</link><description>Jaunumi</description>{"".join(items)}</channel></rss>')
        return Response(body=body.encode(), content_type="application/rss+xml")

    def home(self, req) -> Response:
        main = (f'<section class="welcome"><h1>{esc(self.zoo.name)}</h1></section><section class="home-news"><h2>Aktualitātes</h2>'
                f'{self.teasers(self.articles()[:4])}<a href="{self.link(self.listing_path())}">Visas ziņas</a></section>')
        return self.page(self.shell(self.zoo.name, main))

    # -- routing -------------------------------------------------------------------

    def respond(self, req: Request) -> Response:
        req.query = {k: v for k, v in req.query.items() if not IGNORED_PARAMS.match(k)}
        path = req.path
        if path.endswith(";"):
            path = path.rstrip(";")
        for answer in (self.furniture, self.article_route, self.listing_route, self.other_route):
            resp = answer(req, path)
            if resp is not None:
                return resp
        return self.not_found(req)

    def furniture(self, req, path):
        if path == "/robots.txt":
            return self.robots()
        if path.lstrip("/") in ("sitemap.xml", "sitemap.xml.gz", "sitemap_index.xml", "sitemap-news.xml", "sitemap-pages.xml"):
            return self.sitemap(path.lstrip("/"))
        if path == "/rss.xml":
            return self.feed()
        if path == "/api/jaunumi" and self.t["load_more"]:
            return self.api(req)
        if path.startswith("/media/"):
            return Response(body=_JPEG, content_type="image/jpeg")
        if path == "/":
            return self.redirect("/lv") if self.t["url_shape"] == "tvp" and not req.query else self.home(req)
        if path == "/lv" and self.t["url_shape"] == "tvp":
            return self.home(req)
        return None

    def article_route(self, req, path):
        shape, q = self.t["url_shape"], req.query
        variant = "print" if q.get("print") == "1" else ""
        if variant:
            q = {k: v for k, v in q.items() if k != "print"}
        m = re.fullmatch(r"/s/(\d+)", path)
        if m and self.t["variants"] in ("shortlink", "all"):
            a = self.by_id(m.group(1))
            return self.redirect(self.article_path(a)) if a and not a.removed else self.not_found(req)
        m = re.fullmatch(r"/viegli-lasit/(\d+)/", path)
        if m and self.t["variants"] in ("easy_read", "all"):
            return self.article_response(req, self.by_id(m.group(1)), "easy-read")
        if variant and self.t["variants"] not in ("print", "all"):
            return None
        if shape == "joomla" and path == "/index.php" and q.get("option") == "com_content" and q.get("view") == "article":
            return self.article_response(req, self.by_id(q.get("id", "").split(":")[0]), variant)
        if shape == "listing_id" and "id" in q:
            for lang in self.t["languages"].split("+"):
                if path == self.listing_path(lang):
                    a = self.by_id(q["id"])
                    return self.article_response(req, a if a and a.lang == lang else None, variant)
            return None
        for a in self.zoo.articles:
            primary = unquote(self.article_path(a))
            if path == primary.split("?")[0] and shape != "listing_id":
                return self.article_response(req, a, variant)
            if self.t["slash_redirect"] and shape not in ("listing_id", "slug_id_html") and path == unquote(
                    self.article_path(a, not self.t["trailing_slash"])):
                return self.redirect(self.article_path(a))
        return None

    def listing_route(self, req, path):
        langs = self.t["languages"].split("+")
        for lang in langs:
            base = self.listing_path(lang)
            m = re.fullmatch(re.escape(base.rstrip("/")) + r"/page/(\d+)/?", path)
            if m and self.t["pager"] == "path":
                return self.news(req, lang, int(m.group(1)) - 1)
            if path.rstrip("/") == base.rstrip("/"):
                if path != base and self.t["slash_redirect"]:
                    return self.redirect(base)
                return self.news(req, lang, self.page_number(req))
        m = re.fullmatch(r"/arhivs/(\d{4})/(?:page/(\d+)/)?", path)
        if m:
            number = int(m.group(2)) - 1 if m.group(2) and self.t["pager"] == "path" else self.page_number(req)
            return self.year_archive(req, m.group(1), number)
        return None

    def other_route(self, req, path):
        t = self.t
        for page in self.zoo.statics:
            if unquote(self.static_path(page)) == (path + ("?" + urlencode(req.query) if req.query else "")):
                return self.plain_page(page.title, page.blocks)
        m = re.fullmatch(r"/projekti/(?:([a-z0-9-]+)/)?", path)
        if m and t["projects"]:
            if not m.group(1):
                return self.plain_page("Projekti", [], "<ul>" + "".join(
                    f'<li><a href="{self.link("/projekti/" + p.slug + "/")}">{esc(p.title)}</a></li>' for p in self.zoo.projects) + "</ul>")
            page = next((p for p in self.zoo.projects if p.slug == m.group(1)), None)
            return page and self.plain_page(page.title, page.blocks)
        m = re.fullmatch(r"/pasakumi/(?:([a-z0-9-]+)/)?", path)
        if m and t["events"]:
            if not m.group(1):
                return self.plain_page("Pasākumi", [], "<ul>" + "".join(
                    f'<li>{day:%d.%m.%Y}. <a href="{self.link("/pasakumi/" + p.slug + "/")}">{esc(p.title)}</a></li>'
                    for p, day in self.zoo.events) + "</ul>")
            found = next(((p, d) for p, d in self.zoo.events if p.slug == m.group(1)), None)
            if found:
                page, day = found
                return self.plain_page(page.title, page.blocks,
                                       f'<p class="event-date">Norises laiks: {day:%d.%m.%Y}. plkst. 18.00, kultūras namā</p>')
        if path == "/kalendars/" and t["calendar"]:
            return self.calendar_page(req)
        if path == "/meklet/":
            return self.search(req)
        if t["archives"]:
            for prefix, title, pick in (("tag", "Birka", lambda a, v: v in map(slugify, a.tags)),
                                        ("kategorija", "Kategorija", lambda a, v: slugify(a.category) == v),
                                        ("autors", "Autors", lambda a, v: bool(a.author) and slugify(a.author) == v)):
                m = re.fullmatch(rf"/{prefix}/([a-z0-9-]+)/(?:page/(\d+)/)?", path)
                if m:
                    items = [a for a in self.articles() if pick(a, m.group(1))]
                    return self.archive_list(req, f"{title}: {m.group(1)}", items, f"/{prefix}/{m.group(1)}/")
            m = re.fullmatch(r"/(\d{4})/(\d{2})/", path)
            if m:
                items = [a for a in self.articles() if f"{dates.day(a.published):%Y/%m}" == f"{m.group(1)}/{m.group(2)}"]
                return self.archive_list(req, dates.month_title(int(m.group(1)), int(m.group(2))), items, path)
            m = re.fullmatch(r"/(\d{4})/(\d{2})/(\d{2})/", path)
            if m:
                return self.day_archive(req, *m.groups())
        return None


# The smallest valid JPEG: gallery images answer with real image bytes.
_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c"
    "20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101011100ffc4001f00000105010101010101000000"
    "00000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1"
    "082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a7374"
    "75767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1"
    "e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9")
