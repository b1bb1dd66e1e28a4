"""A Joomla 3 municipal site (held out: used only by end-to-end tests of unseen layouts).

SEF URLs with index.php: the blog /index.php/jaunumi with ?start=N (an offset),
articles /index.php/jaunumi/<id>-<slug>; the non-SEF
/index.php?option=com_content&view=article&id=<id>&catid=8&Itemid=101 shows the
same article (the "most read" module links it); print views
(?tmpl=component&print=1); a feed at /index.php/jaunumi?format=feed&type=rss.
The date sits in the article-info block as "Publicēts: 12 aprīlis 2023" with a
<time datetime> carrying the time.
"""
from __future__ import annotations

from crawler.sample_sites import dates
from crawler.sample_sites.content import blocks_html
from crawler.sample_sites.platforms import Platform, Response, esc, int_arg


class JoomlaSite(Platform):
    name = "joomla"
    server = "Apache"
    page_size = 4

    def routes(self):
        return [
            (r"/", self.front),
            (r"/index\.php", self.front),
            (r"/robots\.txt", self.robots),
            (r"/index\.php/jaunumi", self.blog),
            (r"/index\.php/jaunumi/(?P<id>\d+)-(?P<slug>[a-z0-9-]+)", self.item),
            (r"/index\.php/(?P<slug>par-novadu|kontakti)", self.static),
            (r"/index\.php/component/mailto/?", self.mailto),
            (r"/(?P<folder>images|media|templates)/(?P<name>.+)", lambda req, folder, name: self.file(name)),
        ]

    def article_path(self, article):
        return f"/index.php/jaunumi/{article.id}-{article.slug}"

    def file_path(self, name):
        return f"/images/{name}"

    def frame(self, title, component, head=""):
        info = self.info
        popular = sorted(self.articles(), key=lambda a: -self.hits(a))[:4]
        most_read = "".join(
            f'<li itemscope itemtype="https://schema.org/Article"><a href="/index.php?option=com_content&amp;view=article&amp;id={a.id}&amp;catid=8&amp;Itemid=101" itemprop="url">'
            f'<span itemprop="name">{esc(a.title)}</span></a></li>' for a in popular)
        noise = f'<div class="moduletable"><p>{esc(self.noise)}</p></div>' if self.noise else ""
        return f"""<!DOCTYPE html>
<html lang="lv-lv" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="generator" content="Joomla! - Open Source Content Management">
<title>{esc(title)}</title>
<link href="/index.php/jaunumi?format=feed&amp;type=rss" rel="alternate" type="application/rss+xml" title="RSS 2.0">
<link href="/templates/lazdona/css/template.css" rel="stylesheet">
<script src="/media/jui/js/jquery.min.js"></script>
{head}
</head>
<body class="site com_content itemid-101">
<div class="body"><div class="container">
<header class="header" role="banner"><div class="header-inner clearfix">
<a class="brand pull-left" href="/"><img src="/images/logo/lazdona.png" alt="{esc(info['name'])}"></a>
<div class="header-search pull-right"><form action="/index.php/jaunumi" method="post" class="form-inline"><input name="searchword" type="search" placeholder="Meklēt..."></form></div>
</div></header>
<nav class="navigation" role="navigation"><ul class="nav menu nav-pills">
<li class="item-101"><a href="/">Sākums</a></li><li class="item-102"><a href="/index.php/jaunumi">Jaunumi</a></li>
<li class="item-103"><a href="/index.php/par-novadu">Par novadu</a></li><li class="item-104"><a href="/index.php/kontakti">Kontakti</a></li></ul></nav>
<div class="row-fluid">
<main id="content" role="main" class="span9">
<div id="system-message-container"></div>
{component}
</main>
<div id="aside" class="span3">
<div class="moduletable"><h3>Populārākie raksti</h3><ul class="mostread">{most_read}</ul></div>
{noise}
<div class="moduletable"><h3>Noderīgi</h3><ul><li><a href="https://www.latvija.gov.lv">Latvija.gov.lv</a></li><li><a href="https://www.vid.gov.lv">VID</a></li></ul></div>
</div>
</div>
</div></div>
<footer class="footer" role="contentinfo"><div class="container"><hr>
<p>{esc(info['org'])} | {esc(info['address'])} | Tālr.: {esc(info['phone'])} | E-pasts: {esc(info['email'])}</p>
<p class="pull-right"><a href="#top" id="back-top">Uz augšu</a></p></div></footer>
</body>
</html>
"""

    def hits(self, article):
        return 40 + (article.id * 53) % 700

    def info_block(self, article, with_hits=True):
        rows = []
        if article.author and not article.credit:
            rows.append(f'<dd class="createdby" itemprop="author" itemscope itemtype="https://schema.org/Person">Raksta autors: <span itemprop="name">{esc(article.author)}</span></dd>')
        rows.append(f'<dd class="category-name">Kategorija: <a href="/index.php/jaunumi" itemprop="genre">{esc(article.category or "Jaunumi")}</a></dd>')
        published = dates.as_datetime(article.published)
        rows.append(f'<dd class="published"><span class="icon-calendar" aria-hidden="true"></span> <time datetime="{published.isoformat()}" itemprop="datePublished">'
                    f'Publicēts: {published.day} {dates.MONTHS[published.month - 1][0]} {published.year}</time></dd>')
        if article.updated:
            updated = dates.as_datetime(article.updated)
            rows.append(f'<dd class="modified"><span class="icon-calendar" aria-hidden="true"></span> <time datetime="{updated.isoformat()}" itemprop="dateModified">'
                        f'Pēdējās izmaiņas: {updated.day} {dates.MONTHS[updated.month - 1][0]} {updated.year}</time></dd>')
        if with_hits:
            rows.append(f'<dd class="hits"><span class="icon-eye-open" aria-hidden="true"></span> <meta itemprop="interactionCount" content="UserPageVisits:{self.hits(article)}">Skatījumi: {self.hits(article)}</dd>')
        return f'<dl class="article-info muted"><dt class="article-info-term">Informācija</dt>{"".join(rows)}</dl>'

    def front(self, req):
        q = req.query
        if q.get("option") == "com_content" and q.get("view") == "article":
            article = self.by_id(q.get("id"))
            return self.gone(article, req) or self.render(article, req)
        if q:
            return self.not_found(req)
        return self.blog(req, featured=True)

    def blog(self, req, featured=False):
        if req.query.get("format") == "feed":
            return self.feed()
        items = self.articles()
        start = int_arg(req.query.get("start"))
        shown = items[start:start + self.page_size]
        if not shown and start:
            return self.not_found(req)
        entries = []
        for a in shown:
            intro = blocks_html(a.blocks[:1])
            entries.append(f"""<div class="items-row cols-1 row-fluid clearfix"><div class="span12"><div class="item column-1" itemprop="blogPost" itemscope itemtype="https://schema.org/BlogPosting">
<div class="page-header"><h2 itemprop="name"><a href="{self.article_path(a)}" itemprop="url">{esc(a.title)}</a></h2></div>
{self.info_block(a, with_hits=False)}
{intro}
<p class="readmore"><a class="btn" href="{self.article_path(a)}" itemprop="url"><span class="icon-chevron-right" aria-hidden="true"></span> Lasīt vairāk: {esc(a.title)}</a></p>
</div></div></div>""")
        pages = max(1, -(-len(items) // self.page_size))
        current = start // self.page_size + 1
        links = []
        for n in range(1, pages + 1):
            href = "/index.php/jaunumi" + (f"?start={(n - 1) * self.page_size}" if n > 1 else "")
            links.append(f'<li class="active"><a>{n}</a></li>' if n == current else f'<li><a href="{href}" class="pagenav">{n}</a></li>')
        if current < pages:
            links.append(f'<li><a title="Nākamā" href="/index.php/jaunumi?start={current * self.page_size}" class="pagenav">Nākamā</a></li>')
            links.append(f'<li><a title="Beigas" href="/index.php/jaunumi?start={(pages - 1) * self.page_size}" class="pagenav">Beigas</a></li>')
        heading = "Sākums" if featured else "Jaunumi"
        pagination = "" if featured else f'<div class="pagination"><p class="counter pull-right">Lapa {current} no {pages}</p><ul>{"".join(links)}</ul></div>'
        more = '<p><a href="/index.php/jaunumi">Visi jaunumi</a></p>' if featured else ""
        component = f'<div class="blog{" blog-featured" if featured else ""}" itemscope itemtype="https://schema.org/Blog"><div class="page-header"><h1>{heading}</h1></div>{"".join(entries)}{pagination}{more}</div>'
        return self.page(self.frame(f"{heading} - {self.info['name']}", component))

    def item(self, req, id, slug):
        article = self.by_id(id)
        if article is not None and article.slug != slug:
            article = None
        return self.gone(article, req) or self.render(article, req)

    def render(self, article, req):
        body = blocks_html(article.blocks)
        if article.credit:
            body += f"\n<p>{esc(article.credit)}</p>"
        images = "".join(f'<div class="pull-none item-image"><figure><img src="{self.file_path(i["file"])}" alt="" itemprop="image">'
                         f'<figcaption class="caption">{esc(i.get("caption", ""))}</figcaption></figure></div>' for i in article.images)
        files = "".join(f'<li><a href="{self.file_path(a["file"])}" target="_blank">{esc(a["text"])}</a></li>' for a in article.attachments)
        if req.query.get("print"):
            return self.page(f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(article.title)}</title></head>'
                             f'<body class="contentpane modal" onload="window.print();"><h2>{esc(article.title)}</h2>{self.info_block(article, False)}'
                             f'<div itemprop="articleBody">{body}</div></body></html>')
        posts = self.articles()
        index = posts.index(article) if article in posts else 0
        nav = ""
        if index + 1 < len(posts):
            nav += f'<li class="previous"><a class="hasTooltip" title="{esc(posts[index + 1].title)}" href="{self.article_path(posts[index + 1])}" rel="prev">&lt; Iepriekšējais</a></li>'
        if index > 0:
            nav += f'<li class="next"><a class="hasTooltip" title="{esc(posts[index - 1].title)}" href="{self.article_path(posts[index - 1])}" rel="next">Nākamais &gt;</a></li>'
        component = f"""<div class="item-page" itemscope itemtype="https://schema.org/Article">
<meta itemprop="inLanguage" content="lv-LV">
<div class="page-header"><h2 itemprop="headline">{esc(article.title)}</h2></div>
<div class="btn-group pull-right"><ul class="dropdown-menu"><li class="print-icon"><a href="{self.article_path(article)}?tmpl=component&amp;print=1" rel="nofollow">Drukāt</a></li>
<li class="email-icon"><a href="/index.php/component/mailto/?tmpl=component&amp;link={article.id}" rel="nofollow">E-pasts</a></li></ul></div>
{self.info_block(article)}
{images}
<div itemprop="articleBody">
{body}
</div>
{f'<div class="attachments"><h4>Pielikumi</h4><ul>{files}</ul></div>' if files else ''}
<ul class="pager pagenav">{nav}</ul>
</div>"""
        return self.article_page(article, self.frame(f"{article.title} - {self.info['name']}", component))

    def static(self, req, slug):
        page = next((p for p in self.site.pages if p.slug == slug), None)
        if page is None:
            return None
        component = f'<div class="item-page"><div class="page-header"><h2>{esc(page.title)}</h2></div><div itemprop="articleBody">{blocks_html(page.blocks)}</div></div>'
        return self.page(self.frame(f"{page.title} - {self.info['name']}", component))

    def mailto(self, req):
        return self.page('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Nosūtīt draugam</title></head><body class="contentpane">'
                         '<form action="/index.php/component/mailto/" method="post"><label>E-pasts <input name="mailto"></label>'
                         '<button type="submit">Sūtīt</button></form></body></html>')

    def feed(self):
        items = "".join(f"""<item><title>{esc(a.title)}</title><link>{self.article_url(a)}</link><guid isPermaLink="true">{self.article_url(a)}</guid>
<description><![CDATA[{blocks_html(a.blocks[:1])}]]></description><category>Jaunumi</category><pubDate>{dates.rfc822(a.published)}</pubDate></item>"""
                        for a in self.articles()[:self.page_size])
        text = (f'<?xml version="1.0" encoding="utf-8"?>\n<!-- generator="Joomla! - Open Source Content Management" -->\n'
                f'<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Jaunumi</title>'
                f'<description><![CDATA[{self.info["name"]}]]></description><link>{self.base}index.php/jaunumi</link>'
                f'<language>lv-lv</language>{items}</channel></rss>\n')
        return Response(body=text.encode("utf-8"), content_type="application/rss+xml; charset=utf-8")

    def robots(self, req):
        text = ("User-agent: *\nDisallow: /administrator/\nDisallow: /bin/\nDisallow: /cache/\nDisallow: /cli/\n"
                "Disallow: /components/\nDisallow: /includes/\nDisallow: /installation/\nDisallow: /language/\n"
                "Disallow: /layouts/\nDisallow: /libraries/\nDisallow: /logs/\nDisallow: /modules/\nDisallow: /plugins/\nDisallow: /tmp/\n")
        return Response(body=text.encode(), content_type="text/plain")


PLATFORM = JoomlaSite
