"""The unified state and municipal platform (TVP, Drupal): markup, URLs and traps as TVP sites show them.

Articles at /lv/jaunums/<slug> and /en/article/<slug>; listing /lv/jaunumi?page=N
(from 0); an RSS feed of the latest five; tag pages; an endless month calendar;
an easy-read view; files under /sites/<short>/files/ and downloads under
/lv/media/<id>/download?attachment.
"""
from __future__ import annotations

import calendar
import re
from datetime import date

from crawler.sample_sites import dates
from crawler.sample_sites.content import Article, blocks_html
from crawler.sample_sites.platforms import Platform, Request, Response, esc, int_arg, slugify

UI = {
    "lv": {"home": "Sākums", "news": "Jaunumi", "published": "Publicēts", "updated": "Atjaunots",
           "share": "Dalīties", "print": "Drukāt", "related": "Saistītie raksti",
           "gallery": "Foto un video galerija", "files": "Pielikumi", "tags": "Birkas",
           "latest": "Jaunākās ziņas", "author": "Autors", "empty": "Nav atrasts neviens ieraksts."},
    "en": {"home": "Home", "news": "News", "published": "Published", "updated": "Updated",
           "share": "Share", "print": "Print", "related": "Related articles",
           "gallery": "Photo and video gallery", "files": "Attachments", "tags": "Tags",
           "latest": "Latest news", "author": "Author", "empty": "No items found."},
}


class Tvp(Platform):
    name = "tvp"
    server = "nginx"

    def routes(self):
        short = re.escape(self.info["short"])
        return [
            (r"/", lambda req: self.redirect("/lv")),
            (r"/robots\.txt", self.robots),
            (r"/(?P<lang>lv|en)/?", self.home),
            (r"/lv/jaunumi/?", self.listing),
            (r"/en/news/?", self.listing_en),
            (r"/lv/jaunums/(?P<slug>[^/]+)/?", self.article_lv),
            (r"/en/article/(?P<slug>[^/]+)/?", self.article_en),
            (r"/lv/rss/articles", self.feed),
            (r"/lv/tags/(?P<tag>[^/]+)", self.tag),
            (r"/lv/kalendars", self.calendar),
            (r"/lv/viegli-lasit", self.easy_read),
            (r"/lv/media/(?P<media>\d+)/download", self.download),
            (rf"/sites/{short}/files/(?P<name>.+)", lambda req, name: self.file(name)),
            (r"/(?P<lang>lv|en)/(?P<slug>[a-z0-9-]+)", self.static_page),
        ]

    def article_path(self, article: Article) -> str:
        if article.lang == "en":
            return f"/en/article/{article.slug}"
        return f"/lv/jaunums/{article.slug}"

    def file_path(self, name: str) -> str:
        return f"/sites/{self.info['short']}/files/{name}"

    def attachment_path(self, article: Article, index: int) -> str:
        return f"/lv/media/{article.id * 10 + index}/download?attachment"

    # -- chrome --------------------------------------------------------------------

    def layout(self, title: str, main: str, lang: str = "lv", crumbs=(), head: str = "", body_class: str = "") -> str:
        ui = UI[lang]
        info = self.info
        crumb_html = "".join(
            f'<li><a href="{href}">{esc(text)}</a></li>' if href else f"<li>{esc(text)}</li>"
            for text, href in [(ui["home"], f"/{lang}"), *crumbs]
        )
        latest = "".join(
            f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a></li>' for a in self.articles(lang)[:4]
        )
        if self.noise:
            latest += f'<li class="sidebar-note">{esc(self.noise)}</li>'
        return f"""<!DOCTYPE html>
<html lang="{lang}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{esc(title)} | {esc(info['name'])}</title>
<link rel="alternate" type="application/rss+xml" title="{esc(info['name'])} - Jaunumi" href="/lv/rss/articles">
<link rel="stylesheet" href="/sites/{info['short']}/files/css/tvp-theme.css">
{head}
</head>
<body class="tvp-site {body_class}">
<div id="sliding-popup" class="eu-cookie-compliance-banner" role="dialog">
<p>Mēs izmantojam sīkdatnes, lai uzlabotu jūsu pieredzi mūsu tīmekļvietnē. Turpinot lietot vietni, jūs piekrītat sīkdatņu izmantošanai.</p>
<button type="button" class="agree-button">Piekrītu</button> <a href="/lv/sikdatnu-politika">Uzzināt vairāk</a>
</div>
<header class="tvp-header">
<div class="tvp-top-links"><a href="/lv/lapas-karte">Lapas karte</a> <a href="https://www.youtube.com/@{info['short']}">Youtube</a> <a href="https://www.facebook.com/{info['short']}">Facebook</a> <a href="https://www.instagram.com/{info['short']}">Instagram</a>
<a class="easy-read-link" href="/lv/viegli-lasit?view=easy">Viegli lasīt</a> <a class="language-link" href="/{'en' if lang == 'lv' else 'lv'}">{'EN' if lang == 'lv' else 'LV'}</a></div>
<a class="site-logo" href="/{lang}"><img src="/sites/{info['short']}/files/logo.png" alt="{esc(info['name'])}"> {esc(info['name'])}</a>
<form class="search-form" action="/lv/meklet" method="get"><input type="search" name="search" placeholder="Meklēt"><button>Meklēt</button></form>
<nav class="main-menu"><ul><li><a href="/lv/pasvaldiba">Pašvaldība</a></li><li><a href="/lv/jaunumi">Jaunumi</a></li><li><a href="/lv/kalendars">Pasākumu kalendārs</a></li><li><a href="/lv/kontakti">Kontakti</a></li></ul></nav>
</header>
<nav class="breadcrumb" aria-label="Breadcrumb"><ol>{crumb_html}</ol></nav>
<div class="layout-container">
<main id="main-content" role="main">
{main}
</main>
<aside class="region-sidebar"><div class="block-latest-news"><h2>{ui['latest']}</h2><ul>{latest}</ul></div></aside>
</div>
<footer class="tvp-footer">
<div class="footer-org">{esc(info['org'])}</div>
<div class="footer-institution">{esc(info['institution'])}</div>
<p>Adrese: {esc(info['address'])}</p>
<p>Tālrunis: {esc(info['phone'])}, e-pasts: <a href="mailto:{info['email']}">{esc(info['email'])}</a></p>
<p>{esc(info['reg'])}</p>
<p><a href="/lv/sikdatnu-politika">Sīkdatņu politika</a> | <a href="/lv/lapas-karte">Lapas karte</a> | <a href="/lv/rss/articles">RSS</a></p>
<p class="tvp-credit">Vienotā valsts un pašvaldību tīmekļvietņu platforma</p>
</footer>
</body>
</html>
"""

    def teaser(self, article: Article) -> str:
        return f"""<div class="views-row"><article class="news-teaser">
<div class="news-category">{esc(article.category)}</div>
<h3 class="news-title"><a href="{self.article_path(article)}">{esc(article.title)}</a></h3>
<div class="news-date">{dates.numeric(dates.day(article.published))}</div>
<p class="news-summary">{esc(article.teaser)}</p>
</article></div>"""

    def pager(self, number: int, pages: int) -> str:
        if pages <= 1:
            return ""
        items = []
        if number > 0:
            items += ['<li class="pager__item--first"><a href="?page=0">« Pirmā</a></li>',
                      f'<li class="pager__item--previous"><a href="?page={number - 1}">‹ Iepriekšējā</a></li>']
        for n in range(pages):
            current = ' class="is-active"' if n == number else ""
            items.append(f'<li{current}><a href="?page={n}">{n + 1}</a></li>')
        if number < pages - 1:
            items += [f'<li class="pager__item--next"><a href="?page={number + 1}">Nākamā ›</a></li>',
                      f'<li class="pager__item--last"><a href="?page={pages - 1}">Pēdējā »</a></li>']
        return f'<nav class="pager" role="navigation"><ul class="pager__items">{"".join(items)}</ul></nav>'

    def list_page(self, title: str, items: list[Article], req: Request, lang: str = "lv", crumbs=()) -> Response:
        number = int_arg(req.query.get("page"))
        shown, pages = self.paginate(items, number)
        rows = "\n".join(self.teaser(a) for a in shown) or f'<p class="view-empty">{UI[lang]["empty"]}</p>'
        main = f'<h1 class="page-title">{esc(title)}</h1>\n<div class="view-content">{rows}</div>\n{self.pager(number, pages)}'
        # Drupal answers any page number with 200; past the end the list is empty.
        return self.page(self.layout(title, main, lang, crumbs or [(title, None)], body_class="path-jaunumi"))

    # -- pages ---------------------------------------------------------------------

    def robots(self, req):
        text = ("# robots.txt\nUser-agent: *\nDisallow: /core/\nDisallow: /profiles/\nDisallow: /admin/\n"
                "Disallow: /user/\nDisallow: /lv/meklet\nDisallow: /en/search\nDisallow: /*?search=\n")
        return Response(body=text.encode(), content_type="text/plain; charset=utf-8")

    def home(self, req, lang):
        ui = UI[lang]
        latest = "\n".join(self.teaser(a) for a in self.articles(lang)[:3])
        news_path = "/lv/jaunumi" if lang == "lv" else "/en/news"
        welcome = self.info["welcome_lv" if lang == "lv" else "welcome_en"]
        main = f"""<section class="front-welcome"><h1>{esc(self.info['name'])}</h1><p>{esc(welcome)}</p></section>
<section class="front-news"><h2>{ui['news']}</h2>{latest}<p><a class="more-link" href="{news_path}">{'Visi jaunumi' if lang == 'lv' else 'All news'}</a></p></section>
<section class="front-calendar"><h2>Pasākumi</h2><p><a href="/lv/kalendars">Pasākumu kalendārs</a></p></section>"""
        return self.page(self.layout(self.info["name"], main, lang, crumbs=[], body_class="path-frontpage"))

    def listing(self, req):
        return self.list_page("Jaunumi", self.articles("lv"), req)

    def listing_en(self, req):
        return self.list_page("News", self.articles("en"), req, lang="en")

    def tag(self, req, tag):
        tagged = [a for a in self.articles("lv") if any(slugify(t) == tag for t in a.tags)]
        if not tagged:
            return self.not_found(req)
        label = next(t for t in tagged[0].tags if slugify(t) == tag)
        return self.list_page(label, tagged, req, crumbs=[("Jaunumi", "/lv/jaunumi"), (label, None)])

    def article_lv(self, req, slug):
        return self.article(req, slug, "lv")

    def article_en(self, req, slug):
        return self.article(req, slug, "en")

    def article(self, req, slug, lang):
        article = self.find(slug, lang)
        missing = self.gone(article, req)
        if missing:
            return missing
        ui = UI[lang]
        published = article.published
        if dates.has_time(published):
            shown = f'<time datetime="{dates.iso(published)}">{dates.numeric(published)}</time>'
        else:
            shown = dates.numeric(published)
        meta = f'<div class="published">{ui["published"]}: {shown}</div>'
        if article.updated:
            meta += f'<div class="updated">{ui["updated"]}: {dates.numeric(article.updated)}</div>'
        url = self.article_url(article)
        body = blocks_html(article.blocks)
        if article.credit:
            body += f"\n<p>{esc(article.credit)}</p>"
        author = ""
        if article.author and not article.credit:
            author = f'<div class="field--name-field-author">{ui["author"]}: {esc(article.author)}</div>'
        main = f"""<article class="node node--type-article node--view-mode-full" data-history-node-id="{article.id}">
<div class="field--name-field-category article-category">{esc(article.category)}</div>
<h1 class="page-title"><span class="field--name-title">{esc(article.title)}</span></h1>
<div class="article-meta">{meta}</div>
<div class="share-links">{ui['share']}: <a href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a> <a href="https://twitter.com/intent/tweet?url={url}">X</a> <a href="#" onclick="window.print(); return false;">{ui['print']}</a></div>
<div class="clearfix text-formatted field field--name-body field--type-text-with-summary">
{body}
</div>
{author}{self.attachments(article, ui)}{self.tags(article, ui)}{self.gallery(article, ui)}{self.related(article, ui)}
</article>"""
        news = ("Jaunumi", "/lv/jaunumi") if lang == "lv" else ("News", "/en/news")
        head = (f'<link rel="canonical" href="{url}">\n<meta property="og:type" content="article">\n'
                f'<meta property="og:title" content="{esc(article.title)}">\n<meta property="og:url" content="{url}">')
        text = self.layout(article.title, main, lang, [news, (article.title, None)], head=head,
                           body_class="path-node page-node-type-article")
        return self.article_page(article, text)

    def attachments(self, article: Article, ui) -> str:
        if not article.attachments:
            return ""
        items = "".join(
            f'<li><a href="{self.attachment_path(article, i)}">{esc(a["text"])}</a> '
            f'({a["file"].rsplit(".", 1)[-1].upper()})</li>'
            for i, a in enumerate(article.attachments)
        )
        return f'<div class="field--name-field-attachments"><h2>{ui["files"]}</h2><ul>{items}</ul></div>\n'

    def tags(self, article: Article, ui) -> str:
        if not article.tags or article.lang != "lv":
            return ""
        links = ", ".join(f'<a href="/lv/tags/{slugify(t)}">{esc(t)}</a>' for t in article.tags)
        return f'<div class="field--name-field-tags">{ui["tags"]}: {links}</div>\n'

    def gallery(self, article: Article, ui) -> str:
        if not article.images:
            return ""
        figures = "".join(
            f'<figure class="gallery-item"><a href="{self.file_path(img["file"])}"><img src="{self.file_path(img["file"])}" '
            f'alt="{esc(img.get("caption", ""))}"></a><figcaption>{esc(img.get("caption", ""))}</figcaption></figure>'
            for img in article.images
        )
        return f'<section class="media-gallery"><h2>{ui["gallery"]}</h2>{figures}</section>\n'

    def related(self, article: Article, ui) -> str:
        others = [a for a in self.articles(article.lang) if a is not article]
        same = [a for a in others if a.category == article.category] or others
        if not same:
            return ""
        items = "".join(f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a></li>' for a in same[:3])
        return f'<section class="related-articles"><h2>{ui["related"]}</h2><ul>{items}</ul></section>\n'

    def feed(self, req):
        items = []
        for article in self.articles("lv")[:5]:
            url = self.article_url(article)
            items.append(f"""<item>
<title>{esc(article.title)}</title>
<link>{url}</link>
<description>{esc('<p>' + esc(article.teaser) + '</p>')}</description>
<pubDate>{dates.rfc822(article.published)}</pubDate>
<dc:creator>{esc(self.info['name'])}</dc:creator>
<guid isPermaLink="false">{article.id} at {self.base.rstrip('/')}</guid>
</item>""")
        text = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xml:base="{self.base}lv" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{esc(self.info['name'])} - Jaunumi</title>
<link>{self.base}lv</link>
<description>{esc(self.info['name'])} jaunumi</description>
<language>lv</language>
<atom:link href="{self.base}lv/rss/articles" rel="self" type="application/rss+xml"/>
{''.join(items)}
</channel>
</rss>
"""
        return Response(body=text.encode("utf-8"), content_type="application/rss+xml; charset=utf-8")

    def calendar(self, req):
        """A month grid whose next and previous links never end, as calendar views do."""
        match = re.fullmatch(r"(\d{4})-(\d{2})", req.query.get("month", ""))
        if match and 1 <= int(match.group(2)) <= 12:
            year, month = int(match.group(1)), int(match.group(2))
        else:
            newest = self.articles("lv")
            shown = newest[0].published if newest else date(2022, 3, 1)
            year, month = shown.year, shown.month
        prev_y, prev_m = (year, month - 1) if month > 1 else (year - 1, 12)
        next_y, next_m = (year, month + 1) if month < 12 else (year + 1, 1)
        weeks = calendar.Calendar().monthdayscalendar(year, month)
        events = self.events(year, month)
        rows = []
        for week in weeks:
            cells = []
            for day in week:
                if not day:
                    cells.append("<td></td>")
                    continue
                todo = "".join(f'<div class="event">{esc(e)}</div>' for e in events.get(day, []))
                cells.append(f'<td><span class="day">{day}</span>{todo}</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
        heads = "".join(f"<th>{d[:2].capitalize()}</th>" for d in dates.WEEKDAYS)
        title = "Pasākumu kalendārs"
        main = f"""<h1 class="page-title">{title}</h1>
<div class="calendar-nav"><a href="/lv/kalendars?month={prev_y}-{prev_m:02d}">‹ {dates.month_title(prev_y, prev_m)}</a>
<strong>{dates.month_title(year, month)}</strong>
<a href="/lv/kalendars?month={next_y}-{next_m:02d}">{dates.month_title(next_y, next_m)} ›</a></div>
<table class="calendar"><thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table>"""
        return self.page(self.layout(title, main, "lv", [(title, None)], body_class="path-kalendars"))

    def events(self, year: int, month: int) -> dict[int, list[str]]:
        weeks = calendar.Calendar().monthdatescalendar(year, month)
        days = [d for week in weeks for d in week if d.month == month]
        thursdays = [d.day for d in days if d.weekday() == 3]
        mondays = [d.day for d in days if d.weekday() == 0]
        events = {thursdays[-1]: ["Domes sēde, plkst. 10.00"], mondays[0]: ["Iedzīvotāju pieņemšanas diena"]}
        events.setdefault(15, []).append("Bibliotēkas lasītāju klubs")
        return events

    def easy_read(self, req):
        text = self.info["easy_read"]
        paragraphs = "".join(f"<p>{esc(p)}</p>" for p in text.split("\n") if p.strip())
        main = f'<div class="easy-read"><h1 class="page-title">Viegli lasīt</h1>{paragraphs}</div>'
        return self.page(self.layout("Viegli lasīt", main, "lv", [("Viegli lasīt", None)], body_class="view-easy"))

    def static_page(self, req, lang, slug):
        page = next((p for p in self.site.pages if p.slug == slug), None)
        if page is None:
            return None
        main = f'<h1 class="page-title">{esc(page.title)}</h1><div class="field--name-body">{blocks_html(page.blocks)}</div>'
        return self.page(self.layout(page.title, main, lang, [(page.title, None)], body_class="page-node-type-page"))

    def download(self, req, media):
        number = int(media)
        article = self.by_id(number // 10)
        if article is None or article.removed or number % 10 >= len(article.attachments):
            return self.not_found(req)
        attachment = article.attachments[number % 10]
        resp = self.file(attachment["file"], attachment["text"])
        name = attachment["file"].rsplit("/", 1)[-1]
        resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return resp


PLATFORM = Tvp
