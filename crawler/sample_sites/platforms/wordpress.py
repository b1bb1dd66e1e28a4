"""A legacy municipal WordPress site, frozen after the 2021 merger.

Posts at /YYYY/MM/<slug>/ (and /?p=N, which redirects there); the category
listing /?cat=20&paged=N; /page/N/ on the home page; month and day archives from
the archive and calendar widgets; /feed/; /wp-sitemap.xml named in robots.txt;
uploads under /wp-content/uploads/. Comments, share buttons (?share=...) and
reply links (?replytocom=N, the same post again) follow the post.
"""
from __future__ import annotations

import calendar
from datetime import date

from crawler.sample_sites import dates
from crawler.sample_sites.content import Article, blocks_html
from crawler.sample_sites.platforms import Platform, Response, esc, int_arg, slugify

SHARE = {"facebook": "https://www.facebook.com/sharer.php?u=", "twitter": "https://twitter.com/intent/tweet?url="}


class WordPress(Platform):
    name = "wordpress"
    content_type = "text/html; charset=UTF-8"
    server = "Apache/2.4.29 (Ubuntu)"
    feed_size = 10

    def routes(self):
        return [
            (r"/", self.root),
            (r"/robots\.txt", self.robots),
            (r"/page/(?P<n>\d+)/?", lambda req, n: self.home(req, int(n))),
            (r"/feed/?", self.feed),
            (r"/comments/feed/?", self.comments_feed),
            (r"/wp-sitemap\.xml", self.sitemap_index),
            (r"/wp-sitemap-(?P<kind>posts-post|posts-page|taxonomies-category|users)-1\.xml", self.sitemap),
            (r"/wp-json/?", lambda req: Response(body=b'{"name":"Priedaines novads","namespaces":["wp/v2"]}',
                                                 content_type="application/json; charset=UTF-8")),
            (r"/wp-login\.php", self.login),
            (r"/wp-content/(?P<name>.+)", lambda req, name: self.file(name)),
            (r"/wp-includes/(?P<name>.+)", lambda req, name: self.file(name)),
            (r"/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/?", self.day_archive),
            (r"/(?P<y>\d{4})/(?P<m>\d{2})/?(page/(?P<n>\d+)/?)?", self.month_archive),
            (r"/(?P<y>\d{4})/(?P<m>\d{2})/(?P<slug>[^/]+)/feed/?", self.comments_feed),
            (r"/(?P<y>\d{4})/(?P<m>\d{2})/(?P<slug>[^/]+)/?", self.post),
            (r"/tag/(?P<tag>[^/]+)/?", self.tag),
            (r"/(?P<slug>[a-z0-9-]+)/?", self.static_page),
        ]

    def article_path(self, article: Article) -> str:
        return f"/{article.published:%Y}/{article.published:%m}/{article.slug}/"

    def file_path(self, name: str) -> str:
        return f"/wp-content/uploads/{name}"

    def link(self, article: Article) -> str:
        return self.article_url(article)

    # -- chrome --------------------------------------------------------------------

    def categories(self) -> dict[str, int]:
        return dict(self.info["categories"])

    def post_categories(self, article: Article) -> list[tuple[str, int]]:
        cats = self.categories()
        names = [self.info["main_category"]] + ([article.category] if article.category in cats else [])
        return [(n, cats[n]) for n in dict.fromkeys(names)]

    def show_date(self, value) -> str:
        # The theme's date format was changed in 2022 to the translated PHP long form.
        if value.year >= 2022:
            return dates.weekday_long(value)
        return dates.long(value, "loc")

    def layout(self, title: str, main: str, head: str = "", body_class: str = "") -> str:
        base, info = self.base, self.info
        latest = "".join(f'<li><a href="{self.link(a)}">{esc(a.title)}</a></li>' for a in self.articles()[:5])
        if self.noise:
            latest += f"<li>{esc(self.noise)}</li>"
        months = sorted({(a.published.year, a.published.month) for a in self.articles()}, reverse=True)
        archive = "".join(
            f'<li><a href="{base}{y}/{m:02d}/">{dates.MONTHS[m - 1][0].capitalize()} {y}</a></li>' for y, m in months
        )
        cats = "".join(f'<li class="cat-item cat-item-{i}"><a href="{base}?cat={i}">{esc(n)}</a></li>'
                       for n, i in self.categories().items())
        return f"""<!DOCTYPE html>
<html lang="lv-LV">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} &#8211; {esc(info['name'])}</title>
<link rel="alternate" type="application/rss+xml" title="{esc(info['name'])} &raquo; Plūsma" href="{base}feed/">
<link rel="alternate" type="application/rss+xml" title="{esc(info['name'])} &raquo; Komentāru plūsma" href="{base}comments/feed/">
<link rel="stylesheet" id="priedaine-style-css" href="{base}wp-content/themes/priedaine/style.css?ver=5.8.3" type="text/css" media="all">
<script src="{base}wp-includes/js/jquery/jquery.min.js?ver=3.6.0"></script>
<link rel="https://api.w.org/" href="{base}wp-json/">
<meta name="generator" content="WordPress 5.8.3">
{head}
</head>
<body class="{body_class}">
<div id="page" class="site">
<header id="masthead" class="site-header">
<p class="site-title"><a href="{base}" rel="home">{esc(info['name'])}</a></p>
<p class="site-description">{esc(info['tagline'])}</p>
<div class="archive-notice">Priedaines novads kopš 2021. gada 1. jūlija ir Ozolkalna novada daļa. Aktuālā informācija – <a href="{esc(info['successor_url'])}">{esc(info['successor_url'])}</a></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li><a href="{base}">Sākums</a></li><li><a href="{base}?cat={info['categories'][info['main_category']]}">Jaunumi</a></li>
<li><a href="{base}?page_id={self.page_id('par-novadu')}">Par novadu</a></li><li><a href="{base}?page_id={self.page_id('kontakti')}">Kontakti</a></li></ul></nav>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
{main}
</main></div>
<aside id="secondary" class="widget-area">
<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="{base}"><label>Meklēt: <input type="search" class="search-field" name="s"></label><input type="submit" class="search-submit" value="Meklēt"></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Jaunākie ieraksti</h2><ul>{latest}</ul></section>
<section id="calendar-2" class="widget widget_calendar"><div class="calendar_wrap">{self.calendar_widget()}</div></section>
<section id="archives-2" class="widget widget_archive"><h2 class="widget-title">Arhīvs</h2><ul>{archive}</ul></section>
<section id="categories-2" class="widget widget_categories"><h2 class="widget-title">Kategorijas</h2><ul>{cats}</ul></section>
<section id="meta-2" class="widget widget_meta"><h2 class="widget-title">Meta</h2><ul><li><a href="{base}wp-login.php">Pieteikties</a></li><li><a href="{base}feed/">Ierakstu plūsma</a></li><li><a href="{base}comments/feed/">Komentāru plūsma</a></li><li><a href="https://lv.wordpress.org/">WordPress.org</a></li></ul></section>
</aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">© {esc(info['org'])}, {esc(info['address'])}. Tālr. {esc(info['phone'])}, e-pasts: {esc(info['email'])}<br>Darbina WordPress</div></footer>
</div>
</body>
</html>
"""

    def calendar_widget(self) -> str:
        """The month of the newest post; days with posts link to their day archive."""
        posts = self.articles()
        if not posts:
            return ""
        year, month = posts[0].published.year, posts[0].published.month
        days = {a.published.day for a in posts if (a.published.year, a.published.month) == (year, month)}
        earlier = [a for a in posts if (a.published.year, a.published.month) < (year, month)]
        rows = []
        for week in calendar.Calendar().monthdayscalendar(year, month):
            cells = []
            for day in week:
                if not day:
                    cells.append('<td class="pad">&nbsp;</td>')
                elif day in days:
                    cells.append(f'<td><a href="{self.base}{year}/{month:02d}/{day:02d}/">{day}</a></td>')
                else:
                    cells.append(f"<td>{day}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        prev = ""
        if earlier:
            p = earlier[0].published
            prev = f'<a href="{self.base}{p.year}/{p.month:02d}/">« {dates.MONTHS[p.month - 1][0][:3].capitalize()}</a>'
        heads = "".join(f'<th scope="col">{d[0].upper()}</th>' for d in dates.WEEKDAYS)
        title = f"{dates.MONTHS[month - 1][0].capitalize()} {year}"
        return (f'<table id="wp-calendar" class="wp-calendar-table"><caption>{title}</caption><thead><tr>{heads}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table><nav class="wp-calendar-nav"><span class="wp-calendar-nav-prev">{prev}</span></nav>')

    def summary(self, article: Article) -> str:
        cats = ", ".join(f'<a href="{self.base}?cat={i}" rel="category">{esc(n)}</a>' for n, i in self.post_categories(article))
        return f"""<article id="post-{article.id}" class="post-{article.id} post type-post status-publish format-standard hentry">
<header class="entry-header"><h2 class="entry-title"><a href="{self.link(article)}" rel="bookmark">{esc(article.title)}</a></h2>
<div class="entry-meta"><span class="posted-on">{self.show_date(article.published)}</span> <span class="cat-links">{cats}</span></div></header>
<div class="entry-summary"><p>{esc(article.teaser)} [&hellip;]</p></div>
<a class="more-link" href="{self.link(article)}">Lasīt vairāk<span class="screen-reader-text"> &#8220;{esc(article.title)}&#8221;</span></a>
</article>"""

    def list_page(self, title: str, items: list[Article], number: int, href) -> Response:
        """``href(n)`` is the URL of page n (1-based); WordPress says 404 past the last page."""
        shown, pages = self.paginate(items, number - 1)
        if number > pages or number < 1:
            return self.not_found()
        nav = []
        if number > 1:
            nav.append(f'<a class="prev page-numbers" href="{href(number - 1)}">&laquo; Iepriekšējā</a>')
        for n in range(1, pages + 1):
            if n == number:
                nav.append(f'<span aria-current="page" class="page-numbers current">{n}</span>')
            else:
                nav.append(f'<a class="page-numbers" href="{href(n)}">{n}</a>')
        if number < pages:
            nav.append(f'<a class="next page-numbers" href="{href(number + 1)}">Nākamā &raquo;</a>')
        pager = f'<nav class="navigation pagination"><div class="nav-links">{"".join(nav)}</div></nav>' if pages > 1 else ""
        main = (f'<header class="page-header"><h1 class="page-title">{esc(title)}</h1></header>\n'
                + "\n".join(self.summary(a) for a in shown) + "\n" + pager)
        return self.page(self.layout(title, main, body_class="archive"))

    # -- routes --------------------------------------------------------------------

    def root(self, req):
        q = req.query
        if "p" in q:
            article = self.by_id(q["p"])
            return self.gone(article, req) or self.redirect(self.link(article))
        if "page_id" in q:
            page = self.page_by_id(q["page_id"])
            return self.redirect(f"/{page.slug}/") if page else self.not_found(req)
        if "cat" in q:
            return self.category(req, int_arg(q["cat"]), int_arg(q.get("paged"), 1) or 1)
        if "s" in q:
            main = f'<h1 class="page-title">Meklēšanas rezultāti: {esc(q["s"])}</h1><p>Nekas netika atrasts.</p>'
            return self.page(self.layout("Meklēšana", main, head='<meta name="robots" content="noindex">'))
        if q.get("feed"):
            return self.feed(req)
        return self.home(req, int_arg(q.get("paged"), 1) or 1)

    def home(self, req, number: int):
        href = lambda n: self.base if n == 1 else f"{self.base}page/{n}/"  # noqa: E731
        return self.list_page(self.info["name"], self.articles(), number, href)

    def category(self, req, cat: int, number: int):
        names = {i: n for n, i in self.categories().items()}
        if cat not in names:
            return self.not_found(req)
        posts = [a for a in self.articles() if cat in dict(self.post_categories(a)).values()]
        href = lambda n: f"{self.base}?cat={cat}" + (f"&amp;paged={n}" if n > 1 else "")  # noqa: E731
        return self.list_page(f"Kategorija: {names[cat]}", posts, number, href)

    def month_archive(self, req, y, m, n=None):
        posts = [a for a in self.articles() if (a.published.year, a.published.month) == (int(y), int(m))]
        if not posts:
            return self.not_found(req)
        title = f"Mēnesis: {dates.MONTHS[int(m) - 1][0].capitalize()} {y}"
        href = lambda k: f"{self.base}{y}/{m}/" + (f"page/{k}/" if k > 1 else "")  # noqa: E731
        return self.list_page(title, posts, int(n or 1), href)

    def day_archive(self, req, y, m, d):
        wanted = date(int(y), int(m), int(d))
        posts = [a for a in self.articles() if dates.day(a.published) == wanted]
        if not posts:
            return self.not_found(req)
        title = f"Diena: {dates.long(wanted, 'nom')}"
        return self.list_page(title, posts, 1, lambda k: f"{self.base}{y}/{m}/{d}/")

    def tag(self, req, tag):
        posts = [a for a in self.articles() if any(slugify(t) == tag for t in a.tags)]
        if not posts:
            return self.not_found(req)
        return self.list_page(f"Birka: {tag}", posts, 1, lambda k: f"{self.base}tag/{tag}/")

    def post(self, req, y, m, slug):
        article = self.find(slug)
        missing = self.gone(article, req)
        if missing:
            return missing
        if self.article_path(article).strip("/") != f"{y}/{m}/{slug}":
            return self.not_found(req)
        if not req.path.endswith("/"):
            return self.redirect(self.article_path(article))
        if req.query.get("share") in SHARE:
            return self.redirect(SHARE[req.query["share"]] + self.link(article), status=302)
        return self.article_page(article, self.render_post(article))

    def render_post(self, article: Article) -> str:
        base, url = self.base, self.link(article)
        published = (f'<time class="entry-date published" datetime="{dates.iso(article.published)}">'
                     f'{self.show_date(article.published)}</time>')
        if article.updated:
            published += (f'<time class="updated" datetime="{dates.iso(article.updated)}">'
                          f'{self.show_date(article.updated)}</time>')
        cats = ", ".join(f'<a href="{base}?cat={i}" rel="category">{esc(n)}</a>' for n, i in self.post_categories(article))
        content = blocks_html(article.blocks, base=base)
        if article.credit:
            content += f'\n<p style="text-align: right;"><em>{esc(article.credit)}</em></p>'
        thumb = ""
        if article.images:
            img = article.images[0]
            thumb = (f'<div class="post-thumbnail"><figure class="wp-caption"><img src="{base}wp-content/uploads/{img["file"]}" '
                     f'class="attachment-post-thumbnail" alt=""><figcaption class="wp-caption-text">{esc(img.get("caption", ""))}</figcaption></figure></div>')
        files = ""
        if article.attachments:
            items = "".join(f'<li><a href="{base}wp-content/uploads/{a["file"]}">{esc(a["text"])}</a></li>'
                            for a in article.attachments)
            files = f'<div class="post-attachments"><strong>Pielikumi:</strong><ul>{items}</ul></div>'
        tags = ""
        if article.tags:
                tags = "Birkas: " + ", ".join(f'<a href="{base}tag/{slugify(t)}/" rel="tag">{esc(t)}</a>' for t in article.tags)
        share = "".join(f'<li class="share-{k}"><a rel="nofollow" class="share-{k} sd-button" href="{url}?share={k}" target="_blank">'
                        f'<span>{k.capitalize()}</span></a></li>' for k in SHARE)
        posts = self.articles()
        index = posts.index(article)
        older = posts[index + 1] if index + 1 < len(posts) else None
        newer = posts[index - 1] if index > 0 else None
        nav = ""
        if older:
            nav += f'<div class="nav-previous"><a href="{self.link(older)}" rel="prev">← {esc(older.title)}</a></div>'
        if newer:
            nav += f'<div class="nav-next"><a href="{self.link(newer)}" rel="next">{esc(newer.title)} →</a></div>'
        related = "".join(f'<div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title"><a href="{self.link(a)}">{esc(a.title)}</a></h4>'
                          f'<p class="jp-relatedposts-post-date">{self.show_date(a.published)}</p></div>'
                          for a in [p for p in posts if p is not article][:3])
        main = f"""<article id="post-{article.id}" class="post-{article.id} post type-post status-publish format-standard has-post-thumbnail hentry">
<header class="entry-header"><h1 class="entry-title">{esc(article.title)}</h1>
<div class="entry-meta"><span class="posted-on"><a href="{url}" rel="bookmark">{published}</a></span> <span class="cat-links">{cats}</span></div>
</header>
{thumb}
<div class="entry-content">
{content}
</div>
{files}
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social"><h3 class="sd-title">Dalīties:</h3><div class="sd-content"><ul>{share}<li><a href="javascript:window.print()" class="share-print">Drukāt</a></li></ul></div></div></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Saistītie raksti</em></h3>{related}</div>
<footer class="entry-footer"><span class="tags-links">{tags}</span></footer>
</article>
<nav class="navigation post-navigation" aria-label="Ieraksti"><h2 class="screen-reader-text">Ierakstu navigācija</h2><div class="nav-links">{nav}</div></nav>
{self.comments(article)}"""
        head = f'<link rel="canonical" href="{url}">\n<link rel="shortlink" href="{base}?p={article.id}">'
        return self.layout(article.title, main, head=head, body_class=f"post-template-default single single-post postid-{article.id}")

    def comments(self, article: Article) -> str:
        url = self.link(article)
        items = "".join(
            f'<li id="comment-{article.id * 10 + i}" class="comment"><article class="comment-body"><footer class="comment-meta">'
            f'<b class="fn">{esc(c["name"])}</b> <time>{esc(c["date"])}</time></footer>'
            f'<div class="comment-content"><p>{esc(c["text"])}</p></div>'
            f'<div class="reply"><a rel="nofollow" class="comment-reply-link" href="{url}?replytocom={article.id * 10 + i}#respond">Atbildēt</a></div></article></li>'
            for i, c in enumerate(article.comments)
        )
        title = f'<h2 class="comments-title">Komentāri: {len(article.comments)}</h2><ol class="comment-list">{items}</ol>' if items else ""
        return f"""<div id="comments" class="comments-area">{title}
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Atstāt komentāru</h3>
<form action="{self.base}wp-comments-post.php" method="post" id="commentform"><p>Jūsu e-pasta adrese netiks publicēta.</p><textarea name="comment"></textarea><input name="submit" type="submit" value="Publicēt komentāru"><input type="hidden" name="comment_post_ID" value="{article.id}"></form></div>
</div>"""

    def login(self, req):
        return self.page(f'''<!DOCTYPE html><html lang="lv-LV"><head><meta charset="UTF-8"><title>Pieteikties &lsaquo; {esc(self.info['name'])}</title>
<meta name="robots" content="noindex, nofollow"></head><body class="login"><form name="loginform" action="{self.base}wp-login.php" method="post">
<label>Lietotājvārds <input name="log"></label><label>Parole <input type="password" name="pwd"></label><input type="submit" value="Pieteikties"></form></body></html>''')

    def page_id(self, slug: str) -> int:
        return next((i for i, p in enumerate(self.site.pages, start=1) if p.slug == slug), 0) * 13 + 2

    def page_by_id(self, value):
        return next((p for p in self.site.pages if str(self.page_id(p.slug)) == str(value)), None)

    def static_page(self, req, slug):
        page = next((p for p in self.site.pages if p.slug == slug), None)
        if page is None:
            return None
        if not req.path.endswith("/"):
            return self.redirect(f"/{slug}/")
        main = (f'<article id="post-{self.page_id(slug)}" class="page type-page"><header class="entry-header"><h1 class="entry-title">{esc(page.title)}</h1></header>'
                f'<div class="entry-content">{blocks_html(page.blocks, base=self.base)}</div></article>')
        return self.page(self.layout(page.title, main, body_class="page-template-default page"))

    # -- machine-readable ------------------------------------------------------------

    def robots(self, req):
        text = f"User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\nSitemap: {self.base}wp-sitemap.xml\n"
        return Response(body=text.encode(), content_type="text/plain; charset=utf-8")

    def feed(self, req):
        items = []
        for article in self.articles()[:self.feed_size]:
            content = blocks_html(article.blocks, base=self.base)
            if article.credit:
                content += f"\n<p><em>{esc(article.credit)}</em></p>"
            cats = "".join(f"<category><![CDATA[{n}]]></category>" for n, _ in self.post_categories(article))
            items.append(f"""<item>
<title>{esc(article.title)}</title>
<link>{self.link(article)}</link>
<comments>{self.link(article)}#respond</comments>
<dc:creator><![CDATA[{self.info['name']}]]></dc:creator>
<pubDate>{dates.rfc822(article.published)}</pubDate>
{cats}
<guid isPermaLink="false">{self.base}?p={article.id}</guid>
<description><![CDATA[{article.teaser} [&#8230;]]]></description>
<content:encoded><![CDATA[{content}]]></content:encoded>
<slash:comments>{len(article.comments)}</slash:comments>
</item>""")
        newest = self.articles()[0].modified if self.articles() else dates.now()
        text = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"
 xmlns:sy="http://purl.org/rss/1.0/modules/syndication/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
<channel>
<title>{esc(self.info['name'])}</title>
<atom:link href="{self.base}feed/" rel="self" type="application/rss+xml" />
<link>{self.base}</link>
<description>{esc(self.info['tagline'])}</description>
<lastBuildDate>{dates.rfc822(newest)}</lastBuildDate>
<language>lv-LV</language>
<sy:updatePeriod>hourly</sy:updatePeriod>
<sy:updateFrequency>1</sy:updateFrequency>
<generator>https://wordpress.org/?v=5.8.3</generator>
{''.join(items)}
</channel>
</rss>
"""
        return Response(body=text.encode("utf-8"), content_type="application/rss+xml; charset=UTF-8")

    def comments_feed(self, req, **kw):
        text = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Komentāri: {esc(self.info["name"])}</title>'
                f"<link>{self.base}</link><description>{esc(self.info['tagline'])}</description></channel></rss>\n")
        return Response(body=text.encode("utf-8"), content_type="application/rss+xml; charset=UTF-8")

    def sitemap_index(self, req):
        maps = "".join(f"<sitemap><loc>{self.base}wp-sitemap-{k}-1.xml</loc></sitemap>"
                       for k in ("posts-post", "posts-page", "taxonomies-category", "users"))
        return self.xml(f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>')

    def sitemap(self, req, kind):
        if kind == "posts-post":
            urls = [self.link(a) for a in self.articles()]
        elif kind == "posts-page":
            urls = [f"{self.base}{p.slug}/" for p in self.site.pages]
        elif kind == "taxonomies-category":
            urls = [f"{self.base}?cat={i}" for i in self.categories().values()]
        else:
            urls = [f"{self.base}author/admin/"]
        body = "".join(f"<url><loc>{esc(u)}</loc></url>" for u in urls)
        return self.xml(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>')

    def xml(self, text: str) -> Response:
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<?xml-stylesheet type="text/xsl" href="{self.base}wp-sitemap.xsl" ?>\n{text}\n')
        return Response(body=body.encode("utf-8"), content_type="application/xml; charset=UTF-8")


PLATFORM = WordPress
