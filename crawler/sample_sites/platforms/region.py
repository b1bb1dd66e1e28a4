"""A planning region's custom CMS: root-level article slugs, EU-project press releases.

Articles at /<slug>/ (English ones at /en/<slug>/), listing /jaunumi/ with
/jaunumi/page/N/, project pages /projekti/<name>/ that look like articles but have
no date, /sitemap.xml named in robots.txt. Article pages carry
article:published_time and JSON-LD; removed articles answer 410.
"""
from __future__ import annotations

import json

from crawler.sample_sites import dates
from crawler.sample_sites.content import Article, blocks_html
from crawler.sample_sites.platforms import Platform, Response, esc

MONTH_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"]


class Region(Platform):
    name = "region"
    server = "nginx/1.18.0"
    page_size = 4
    gone_status = 410

    def routes(self):
        return [
            (r"/", self.home),
            (r"/robots\.txt", self.robots),
            (r"/sitemap\.xml", self.sitemap),
            (r"/jaunumi/?(page/(?P<n>\d+)/?)?", self.listing),
            (r"/uploads/(?P<name>.+)", lambda req, name: self.file(name)),
            (r"/assets/(?P<name>.+)", lambda req, name: self.file(name)),
            (r"/(?P<slug>projekti(/[a-z0-9-]+)?|par-mums|kontakti)/?", self.static_page),
            (r"/en/?", lambda req: self.listing(req, lang="en")),
            (r"/en/(?P<slug>[a-z0-9-]+)/?", lambda req, slug: self.article(req, slug, "en")),
            (r"/(?P<slug>[a-z0-9-]+)/?", lambda req, slug: self.article(req, slug, "lv")),
        ]

    def article_path(self, article: Article) -> str:
        return f"/en/{article.slug}/" if article.lang == "en" else f"/{article.slug}/"

    def file_path(self, name: str) -> str:
        return f"/uploads/{name}"

    def show_date(self, value, lang: str) -> str:
        day = dates.day(value)
        if lang == "en":
            text = f"{day.day} {MONTH_EN[day.month - 1]} {day.year}"
        else:
            text = dates.long(day, "nom")
        return text + (f", {value:%H:%M}" if dates.has_time(value) else "")

    def layout(self, title: str, main: str, lang: str = "lv", head: str = "") -> str:
        info = self.info
        latest = "".join(f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a></li>' for a in self.articles()[:3])
        if self.noise:
            latest += f"<li>{esc(self.noise)}</li>"
        projects = "".join(f'<li><a href="/{p.slug}/">{esc(p.title)}</a></li>'
                           for p in self.site.pages if p.slug.startswith("projekti/"))
        return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} — {esc(info['name'])}</title>
<link rel="stylesheet" href="/assets/app.css">
{head}
</head>
<body>
<div class="topbar"><a href="/">LV</a> <a href="/en/">EN</a> <a href="https://www.facebook.com/selijasregions">Facebook</a></div>
<header class="site-header"><a class="brand" href="/"><img src="/assets/logo.png" alt=""> {esc(info['name'])}</a>
<nav class="nav"><a href="/par-mums/">Par mums</a> <a href="/jaunumi/">Jaunumi</a> <a href="/projekti/">Projekti</a> <a href="/kontakti/">Kontakti</a></nav></header>
<div class="page">
{main}
<aside class="page__aside"><div class="card"><h3>Jaunākais</h3><ul>{latest}</ul></div><div class="card"><h3>Projekti</h3><ul>{projects}</ul></div></aside>
</div>
<footer class="site-footer"><div>{esc(info['name'])}</div><div>{esc(info['address'])}</div><div>Tālr. {esc(info['phone'])} · {esc(info['email'])}</div>
<div class="eu-footer">Reģiona projekti tiek līdzfinansēti no Eiropas Savienības fondiem.</div></footer>
</body>
</html>
"""

    def card(self, a: Article) -> str:
        return (f'<div class="news-card"><span class="news-card__tag">{esc(a.category)}</span>'
                f'<a class="news-card__title" href="{self.article_path(a)}">{esc(a.title)}</a>'
                f'<span class="news-card__date">{dates.numeric(dates.day(a.published))}</span>'
                f'<p>{esc(a.teaser)}</p></div>')

    def home(self, req):
        cards = "".join(self.card(a) for a in self.articles()[:3])
        main = f"""<main class="page__main"><section class="hero"><h1>{esc(self.info['name'])}</h1><p>{esc(self.info['tagline'])}</p></section>
<section class="news"><h2>Jaunumi</h2><div class="news-grid">{cards}</div><a class="button" href="/jaunumi/">Visi jaunumi</a></section></main>"""
        return self.page(self.layout(self.info["name"], main))

    def listing(self, req, n=None, lang="lv"):
        number = int(n or 1)
        shown, pages = self.paginate(self.articles(lang), number - 1)
        if n is not None and number == 1:
            return self.redirect("/jaunumi/")
        if number < 1 or number > pages:
            return self.not_found(req)
        href = lambda k: "/jaunumi/" if k == 1 else f"/jaunumi/page/{k}/"  # noqa: E731
        nav = "".join(f'<span class="current">{k}</span>' if k == number else f'<a href="{href(k)}">{k}</a>'
                      for k in range(1, pages + 1))
        if number < pages:
            nav += f'<a class="next" href="{href(number + 1)}">Nākamā lapa →</a>'
        title = "News" if lang == "en" else "Jaunumi"
        main = (f'<main class="page__main"><h1>{title}</h1><div class="news-list">{"".join(self.card(a) for a in shown)}</div>'
                f'<div class="pagination">{nav if lang == "lv" else ""}</div></main>')
        return self.page(self.layout(title, main, lang))

    def article(self, req, slug, lang):
        article = self.find(slug, lang)
        missing = self.gone(article, req)
        if missing:
            return missing
        if not req.path.endswith("/"):
            return self.redirect(self.article_path(article))
        url = self.article_url(article)
        content = blocks_html(article.blocks)
        if article.credit:
            label, _, rest = article.credit.partition(":")
            content += f"\n<p><strong>{esc(label)}:</strong>{esc(rest)}</p>" if rest else f"\n<p>{esc(article.credit)}</p>"
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
              "datePublished": dates.iso(article.published), "inLanguage": article.lang,
              "publisher": {"@type": "Organization", "name": self.info["name"]}, "mainEntityOfPage": url}
        if article.updated:
            ld["dateModified"] = dates.iso(article.updated)
        if article.author:
            ld["author"] = {"@type": "Person", "name": article.author}
        meta = [f'<meta property="og:type" content="article">', f'<meta property="og:title" content="{esc(article.title)}">',
                f'<meta property="article:published_time" content="{dates.iso(article.published)}">',
                f'<link rel="canonical" href="{url}">',
                f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>']
        if article.updated:
            meta.insert(3, f'<meta property="article:modified_time" content="{dates.iso(article.updated)}">')
        updated = ""
        if article.updated:
            word = "Updated" if lang == "en" else "Atjaunināts"
            updated = f' <span class="news-single__updated">{word}: {self.show_date(article.updated, lang)}</span>'
        logos = ""
        if article.eu_project:
            logos = ('<div class="eu-logos"><img src="/assets/interreg-latlit.png" alt="Interreg Latvija–Lietuva">'
                     '<img src="/assets/eu-flag.png" alt="Eiropas Savienība"></div>')
        gallery = "".join(f'<figure><img src="{self.file_path(i["file"])}" alt=""><figcaption>{esc(i.get("caption", ""))}</figcaption></figure>'
                          for i in article.images)
        files = "".join(f'<li><a href="{self.file_path(a["file"])}" download>{esc(a["text"])}</a></li>' for a in article.attachments)
        others = "".join(self.card(a) for a in [x for x in self.articles(lang) if x is not article][:2])
        main = f"""<main class="page__main"><article class="news-single">
<header class="news-single__header"><p class="news-single__kicker">{esc(article.category)}</p>
<h1 class="news-single__title">{esc(article.title)}</h1>
<p class="news-single__meta"><span class="news-single__date">{self.show_date(article.published, lang)}</span>{updated}</p></header>
<div class="news-single__content">
{content}
</div>
{logos}
{f'<div class="news-single__gallery">{gallery}</div>' if gallery else ''}
{f'<div class="news-single__files"><h3>Dokumenti</h3><ul>{files}</ul></div>' if files else ''}
<div class="share">Dalīties: <a href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a> <a href="https://www.linkedin.com/sharing/share-offsite/?url={url}">LinkedIn</a></div>
</article>
<section class="more-news"><h2>{'More news' if lang == 'en' else 'Citas ziņas'}</h2>{others}</section></main>"""
        return self.article_page(article, self.layout(article.title, main, lang, head="\n".join(meta)))

    def static_page(self, req, slug):
        if slug == "projekti":
            pages = [p for p in self.site.pages if p.slug.startswith("projekti/")]
            items = "".join(f'<li><a href="/{p.slug}/">{esc(p.title)}</a></li>' for p in pages)
            return self.page(self.layout("Projekti", f'<main class="page__main"><h1>Projekti</h1><ul class="projects">{items}</ul></main>'))
        page = next((p for p in self.site.pages if p.slug == slug), None)
        if page is None:
            return self.not_found(req)
        main = f'<main class="page__main"><article class="content-page"><h1>{esc(page.title)}</h1>{blocks_html(page.blocks)}</article></main>'
        return self.page(self.layout(page.title, main))

    def robots(self, req):
        text = f"User-agent: *\nDisallow: /admin\nDisallow: /search\n\nSitemap: {self.base}sitemap.xml\n"
        return Response(body=text.encode(), content_type="text/plain; charset=utf-8")

    def sitemap(self, req):
        urls = [(self.article_url(a), dates.day(a.updated or a.published).isoformat()) for a in self.articles(None)]
        urls += [(f"{self.base}{p.slug}/", None) for p in self.site.pages]
        urls += [(f"{self.base}jaunumi/", None)]
        body = "".join(f"<url><loc>{esc(u)}</loc>" + (f"<lastmod>{m}</lastmod>" if m else "") + "</url>" for u, m in urls)
        text = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>\n'
        return Response(body=text.encode("utf-8"), content_type="application/xml; charset=utf-8")


PLATFORM = Region
