"""A modern custom municipal CMS (held out: used only by end-to-end tests of unseen layouts).

News at /novads/aktualitates/jaunumi/<slug>/, Russian news at /ru/novosti/<slug>/.
The listing shows five tiles and an "Ielādēt vairāk" link to ?page=N (the next five
only, as the script appends them); topic chips add ?tema=<topic>. Tiles give the
day without the year ("12.aprīlī") under a year heading; the article page puts
"Publicēts 2023. gada 12. aprīlī, 14:05" at the bottom, after the text.
"""
from __future__ import annotations

import json

from crawler.sample_sites import dates
from crawler.sample_sites.content import blocks_html
from crawler.sample_sites.platforms import Platform, Response, esc, int_arg, slugify

NEWS = "/novads/aktualitates/jaunumi/"
RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря"]


class ModernCms(Platform):
    name = "modern"
    server = "nginx"
    page_size = 5

    def routes(self):
        return [
            (r"/", self.home),
            (r"/robots\.txt", self.robots),
            (r"/novads/aktualitates/jaunumi/?", self.listing),
            (r"/novads/aktualitates/jaunumi/(?P<slug>[a-z0-9-]+)/?", lambda req, slug: self.article(req, slug, "lv")),
            (r"/ru/novosti/?", self.listing_ru),
            (r"/ru/novosti/(?P<slug>[a-z0-9-]+)/?", lambda req, slug: self.article(req, slug, "ru")),
            (r"/api/jaunumi", self.api),
            (r"/novads/(?P<slug>par-novadu|kontakti)/?", self.static),
            (r"/(?P<folder>media|static)/(?P<name>.+)", lambda req, folder, name: self.file(name)),
        ]

    def article_path(self, article):
        if article.lang == "ru":
            return f"/ru/novosti/{article.slug}/"
        return f"{NEWS}{article.slug}/"

    def file_path(self, name):
        return f"/media/{name}"

    def when(self, value, lang):
        day = dates.day(value)
        if lang == "ru":
            text = f"{day.day} {RU_MONTHS[day.month - 1]} {day.year}"
        else:
            text = dates.long(day, "loc")
        return text + (f", {value:%H:%M}" if dates.has_time(value) else "")

    def shell(self, title, main, lang="lv", head=""):
        info = self.info
        ticker = f'<div class="ticker">{esc(self.noise)}</div>' if self.noise else ""
        return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | {esc(info['name'])}</title>
<link rel="stylesheet" href="/static/build/main.4f2a9c.css">
<script defer src="/static/build/main.4f2a9c.js"></script>
{head}
</head>
<body class="theme-river">
<div class="consent" data-consent><p>Mēs izmantojam sīkfailus statistikai un ērtākai lietošanai.</p><button data-accept>Apstiprināt</button><button data-reject>Tikai nepieciešamie</button></div>
<header class="masthead">
<a class="masthead__logo" href="/"><img src="/static/img/gerbonis.svg" alt=""><span>{esc(info['name'])}</span></a>
<nav class="masthead__nav"><a href="/novads/par-novadu/">Novads</a><a href="{NEWS}">Aktualitātes</a><a href="/novads/kontakti/">Kontakti</a></nav>
<div class="masthead__lang"><a href="/" lang="lv">LV</a><a href="/ru/novosti/" lang="ru">RU</a></div>
</header>
{ticker}
{main}
<section class="newsletter"><h2>Piesakies jaunumiem</h2><form action="/api/newsletter" method="post"><input type="email" name="email" placeholder="E-pasta adrese"><button>Pieteikties</button></form></section>
<footer class="colophon"><div class="colophon__col"><strong>{esc(info['org'])}</strong><br>{esc(info['address'])}</div>
<div class="colophon__col">Tālrunis: {esc(info['phone'])}<br>E-pasts: {esc(info['email'])}</div>
<div class="colophon__col"><a href="https://www.facebook.com/lejasdaugava">Facebook</a> <a href="https://www.youtube.com/@lejasdaugava">YouTube</a></div></footer>
</body>
</html>
"""

    def tiles(self, items, lang="lv"):
        out, year = [], None
        for a in items:
            if a.published.year != year:
                if year is not None:
                    out.append("</ul>")
                year = a.published.year
                out.append(f'<h2 class="tiles__year">{year}</h2><ul class="tiles">')
            day = dates.day(a.published)
            date_text = f"{day.day} {RU_MONTHS[day.month - 1]}" if lang == "ru" else dates.day_month(day)
            out.append(f'<li class="tile"><a class="tile__link" href="{self.article_path(a)}"><span class="tile__date">{date_text}</span>'
                       f'<span class="tile__title">{esc(a.title)}</span></a></li>')
        if out:
            out.append("</ul>")
        return "".join(out)

    def home(self, req):
        main = f"""<main class="l-main home"><section class="hero"><h1>{esc(self.info['name'])}</h1><p>{esc(self.info['tagline'])}</p></section>
<section class="home-news"><h2>Aktualitātes</h2>{self.tiles(self.articles()[:3])}<a class="btn" href="{NEWS}">Visas ziņas</a></section></main>"""
        return self.page(self.shell(self.info["name"], main))

    def selection(self, req, lang):
        items = self.articles(lang)
        topic = req.query.get("tema")
        if topic:
            items = [a for a in items if slugify(a.category) == topic]
        return items, topic

    def listing(self, req, lang="lv"):
        items, topic = self.selection(req, lang)
        number = int_arg(req.query.get("page"), 1) or 1
        shown, pages = self.paginate(items, number - 1)
        path = NEWS if lang == "lv" else "/ru/novosti/"
        more = ""
        if number < pages:
            query = (f"tema={topic}&amp;" if topic else "") + f"page={number + 1}"
            more = (f'<a class="load-more" href="{path}?{query}" data-endpoint="/api/jaunumi?{query}">'
                    f'{"Ielādēt vairāk" if lang == "lv" else "Загрузить ещё"}</a>')
        topics = sorted({a.category for a in self.articles(lang) if a.category})
        chips = "".join(f'<a class="chip{" chip--on" if slugify(t) == topic else ""}" href="{path}?tema={slugify(t)}">{esc(t)}</a>' for t in topics)
        title = "Jaunumi" if lang == "lv" else "Новости"
        main = f'<main class="l-main"><h1 class="page-title">{title}</h1><div class="chips">{chips}</div>{self.tiles(shown, lang)}{more}</main>'
        return self.page(self.shell(title, main, lang))

    def listing_ru(self, req):
        return self.listing(req, "ru")

    def api(self, req):
        items, _ = self.selection(req, "lv")
        number = int_arg(req.query.get("page"), 1) or 1
        shown, pages = self.paginate(items, number - 1)
        data = {"items": [{"title": a.title, "url": self.article_path(a), "date": dates.day_month(dates.day(a.published))} for a in shown],
                "hasMore": number < pages}
        return Response(body=json.dumps(data, ensure_ascii=False).encode("utf-8"), content_type="application/json")

    def article(self, req, slug, lang):
        article = self.find(slug, lang)
        missing = self.gone(article, req)
        if missing:
            return missing
        if not req.path.endswith("/"):
            return self.redirect(self.article_path(article))
        first, rest = article.blocks[:1], article.blocks[1:]
        lead = ""
        if first and first[0].kind == "p":
            lead = blocks_html(first).replace("<p>", '<p class="post__lead">', 1)
        else:
            rest = article.blocks
        text = blocks_html(rest)
        if article.credit:
            text += f'\n<p class="post__credit">{esc(article.credit)}</p>'
        cover = "".join(f'<figure class="post__cover"><img src="{self.file_path(i["file"])}" alt=""><figcaption>{esc(i.get("caption", ""))}</figcaption></figure>'
                        for i in article.images[:1])
        files = "".join(f'<a class="file" href="{self.file_path(a["file"])}">{esc(a["text"])} <small>{a["file"].rsplit(".", 1)[-1].upper()}</small></a>'
                        for a in article.attachments)
        words = len(article.body_text.split())
        label = ("Publicēts", "Labots", "Lasīšanas laiks") if lang == "lv" else ("Опубликовано", "Изменено", "Время чтения")
        bottom = f'<span class="post__published">{label[0]} {self.when(article.published, lang)}</span>'
        if article.updated:
            bottom += f' <span class="post__edited">{label[1]} {self.when(article.updated, lang)}</span>'
        chips = f'<a class="chip" href="{NEWS}?tema={slugify(article.category)}">{esc(article.category)}</a>' if article.category and lang == "lv" else ""
        others = [a for a in self.articles(lang) if a is not article][:3]
        crumbs = (f'<nav class="crumbs"><a href="/">Sākums</a> / <a href="/novads/par-novadu/">Novads</a> / <a href="{NEWS}">Aktualitātes</a> / <span>{esc(article.title)}</span></nav>'
                  if lang == "lv" else f'<nav class="crumbs"><a href="/">Главная</a> / <a href="/ru/novosti/">Новости</a></nav>')
        main = f"""<main class="l-main">
{crumbs}
<div class="post">
<div class="post__chips">{chips}</div>
<h1 class="post__heading">{esc(article.title)}</h1>
<div class="post__readtime">{label[2]}: {max(1, words // 180)} min</div>
{cover}
{lead}
<div class="post__text">
{text}
</div>
{f'<div class="post__files">{files}</div>' if files else ''}
<div class="post__bottom">{bottom}</div>
<div class="post__share"><button data-share="facebook">Facebook</button><button data-share="x">X</button><button data-copy>Kopēt saiti</button></div>
</div>
<section class="more"><h2>{'Citas ziņas' if lang == 'lv' else 'Другие новости'}</h2>{self.tiles(others, lang)}</section>
</main>"""
        head = f'<meta property="og:title" content="{esc(article.title)}"><meta property="og:image" content="{self.base}static/img/og.png">'
        return self.article_page(article, self.shell(article.title, main, lang, head))

    def static(self, req, slug):
        page = next((p for p in self.site.pages if p.slug == slug), None)
        if page is None:
            return None
        main = f'<main class="l-main"><div class="content-page"><h1 class="page-title">{esc(page.title)}</h1>{blocks_html(page.blocks)}</div></main>'
        return self.page(self.shell(page.title, main))

    def robots(self, req):
        return Response(body=b"User-agent: *\nDisallow: /api/\nDisallow: /admin/\n", content_type="text/plain")


PLATFORM = ModernCms
