"""An old home-grown municipal CMS: windows-1257, table layout, no feed, no sitemap.

Articles at /jaunumi/<id>-<slug>.html; the same page also answers at
/index.php?news_id=<id> (an alias the home page links to); listings at
/jaunumi/?lapa=N (from 1) and, from the archive menu, /index.php?id=12&start=N.
Print views (?print=1) repeat each article. PHP's transparent session ids add
PHPSESSID= to listing links for clients without the cookie; the home page's
"Svarīgi" box carries utm_* tracking. The charset is declared only in a
<meta http-equiv> tag: the Content-Type header has none.
"""
from __future__ import annotations

import hashlib

from crawler.sample_sites import dates
from crawler.sample_sites.content import Article, blocks_html
from crawler.sample_sites.platforms import Platform, Request, Response, esc, int_arg

PARAGRAPH = "{}<br><br>"
HEADING = "<b>{}</b><br>"


class OldCms(Platform):
    name = "oldcms"
    encoding = "windows-1257"
    content_type = "text/html"
    server = "Apache/2.2.22 (Debian)"
    page_size = 6
    shows_time = False

    def routes(self):
        return [
            (r"/(index\.php)?", self.index),
            (r"/robots\.txt", self.robots),
            (r"/jaunumi/?", self.listing),
            (r"/jaunumi/(?P<id>\d+)-(?P<slug>[a-z0-9-]+)\.html", self.article),
            (r"/(?P<slug>[a-z0-9-]+)\.html", self.static_page),
            (r"/(?P<folder>bildes|faili|css|js)/(?P<name>.+)", lambda req, folder, name: self.file(name)),
        ]

    def article_path(self, article: Article) -> str:
        return f"/jaunumi/{article.id}-{article.slug}.html"

    def file_path(self, name: str) -> str:
        folder = "faili" if name.rsplit(".", 1)[-1].lower() in ("pdf", "doc", "docx", "xls") else "bildes"
        return f"/{folder}/{name}"

    # -- sessions ------------------------------------------------------------------

    def session(self, req: Request) -> tuple[str, bool]:
        """The client's session id and whether links must carry it (no cookie yet)."""
        cookie = req.headers.get("Cookie", "")
        for part in cookie.split(";"):
            name, _, value = part.strip().partition("=")
            if name == "PHPSESSID" and value:
                return value, False
        if req.query.get("PHPSESSID"):
            return req.query["PHPSESSID"], True
        seed = f"{req.client}|{req.headers.get('User-Agent', '')}"
        return hashlib.md5(seed.encode()).hexdigest()[:26], True

    def with_sid(self, href: str, req: Request) -> str:
        sid, needed = self.session(req)
        if not needed:
            return href
        return href + ("&amp;" if "?" in href else "?") + f"PHPSESSID={sid}"

    def page(self, text: str, status: int = 200, req: Request | None = None, **kw) -> Response:
        resp = super().page(text, status=status, **kw)
        if req is not None:
            sid, needed = self.session(req)
            if needed:
                resp.headers["Set-Cookie"] = f"PHPSESSID={sid}; path=/"
        return resp

    # -- chrome --------------------------------------------------------------------

    def layout(self, title: str, content: str) -> str:
        info = self.info
        latest = "".join(f'<tr><td class="mazs">&raquo; <a href="{self.article_path(a)}">{esc(a.title)}</a></td></tr>'
                         for a in self.articles()[:5])
        if self.noise:
            latest += f'<tr><td class="mazs">{esc(self.noise)}</td></tr>'
        return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1257">
<title>{esc(info['name'])} - {esc(title)}</title>
<link rel="stylesheet" type="text/css" href="/css/stils.css">
<script type="text/javascript" src="/js/izvelne.js"></script>
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="980" align="center" border="0" cellpadding="0" cellspacing="0">
<tr><td colspan="3" class="galva"><a href="/"><img src="/bildes/gerbonis.gif" width="60" height="72" border="0" alt="Ģerbonis"></a> <font class="nosaukums">{esc(info['name'])}</font></td></tr>
<tr><td colspan="3" class="izvelne"><a href="/">Sākums</a> | <a href="/jaunumi/">Jaunumi</a> | <a href="/pasvaldiba.html">Pašvaldība</a> | <a href="/kontakti.html">Kontakti</a></td></tr>
<tr>
<td width="180" valign="top" class="kreisa">
<table width="100%" cellpadding="4" cellspacing="0">
<tr><td class="izv"><a href="/pasvaldiba.html">Dome</a></td></tr>
<tr><td class="izv"><a href="/kontakti.html">Sociālais dienests</a></td></tr>
<tr><td class="izv"><a href="/jaunumi/">Novada ziņas</a></td></tr>
<tr><td class="izv"><a href="/index.php?id=12&amp;start=0">Ziņu arhīvs</a></td></tr>
</table>
</td>
<td width="600" valign="top" class="saturs">
{content}
</td>
<td width="200" valign="top" class="laba">
<table width="100%" cellpadding="3" cellspacing="0"><tr><td class="blokavirsr">Jaunākās ziņas</td></tr>{latest}</table>
<br><table width="100%" cellpadding="3" cellspacing="0"><tr><td class="blokavirsr">Sludinājumi</td></tr>
<tr><td class="mazs">{esc(info['notice'])}</td></tr></table>
</td>
</tr>
<tr><td colspan="3" class="kajene">&copy; 2008&ndash;2022 {esc(info['org'])}. Adrese: {esc(info['address'])}. Tālrunis: {esc(info['phone'])}, e-pasts: <a href="mailto:{info['email']}">{esc(info['email'])}</a><br>
Mājas lapa optimizēta 1024x768 izšķirtspējai</td></tr>
</table>
</body>
</html>
"""

    def show_date(self, value) -> str:
        # The CMS upgrade of 2020 switched article pages to the long form.
        if value.year >= 2020:
            return dates.long(dates.day(value), "loc", tight=True)
        return dates.numeric(dates.day(value), dot=True)

    def list_rows(self, items: list[Article], req: Request) -> str:
        rows = []
        for a in items:
            more = self.with_sid(self.article_path(a), req)
            rows.append(f"""<tr><td class="zinas_virsr"><a href="{self.article_path(a)}">{esc(a.title)}</a></td></tr>
<tr><td class="zinas_datums">{dates.numeric(dates.day(a.published), dot=True)}</td></tr>
<tr><td class="zinas_ievads">{esc(a.teaser)} <a href="{more}">Lasīt tālāk &raquo;</a></td></tr>
<tr><td><hr size="1" noshade></td></tr>""")
        return "\n".join(rows)

    # -- routes --------------------------------------------------------------------

    def index(self, req):
        q = req.query
        if "news_id" in q:
            article = self.by_id(q["news_id"])
            return self.gone(article, req) or self.render_article(article, req)
        if q.get("id") == "12":
            return self.archive(req)
        if q:
            return self.not_found(req)
        featured = [a for a in self.articles() if a.options.get("featured")]
        tracked = [a for a in self.articles() if a.options.get("tracked")]
        important = "".join(f'<tr><td>&raquo; <a href="/index.php?news_id={a.id}">{esc(a.title)}</a></td></tr>' for a in featured)
        important += "".join(
            f'<tr><td>&raquo; <a href="{self.article_path(a)}?utm_source=majaslapa&amp;utm_medium=banner&amp;utm_campaign=svarigi">'
            f"{esc(a.title)}</a></td></tr>" for a in tracked)
        content = f"""<table width="100%" cellpadding="5" cellspacing="0">
<tr><td class="blokavirsr">Svarīgi!</td></tr>{important}</table><br>
<table width="100%" cellpadding="5" cellspacing="0"><tr><td class="blokavirsr">Novada ziņas</td></tr>
{self.list_rows(self.articles()[:4], req)}
<tr><td><a href="/jaunumi/">Visas ziņas &raquo;</a></td></tr></table>"""
        return self.page(self.layout("Sākums", content), req=req)

    def pager(self, number: int, pages: int, href, req: Request) -> str:
        parts = []
        if number > 1:
            parts.append(f'<a href="{self.with_sid(href(number - 1), req)}">&laquo; Iepriekšējā</a>')
        for n in range(1, pages + 1):
            parts.append(f"<b>[{n}]</b>" if n == number else f'<a href="{self.with_sid(href(n), req)}">{n}</a>')
        if number < pages:
            parts.append(f'<a href="{self.with_sid(href(number + 1), req)}">Nākamā &raquo;</a>')
        return "Lapas: " + " | ".join(parts)

    def listing(self, req):
        number = int_arg(req.query.get("lapa"), 1) or 1
        shown, pages = self.paginate(self.articles(), number - 1)
        href = lambda n: f"/jaunumi/?lapa={n}"  # noqa: E731
        rows = self.list_rows(shown, req) or '<tr><td>Ziņu nav.</td></tr>'
        content = f"""<h1 class="lapas_virsr">Novada ziņas</h1>
<table width="100%" cellpadding="4" cellspacing="0">{rows}</table>
<p class="lapas">{self.pager(number, pages, href, req)}</p>"""
        return self.page(self.layout("Jaunumi", content), req=req)

    def archive(self, req):
        """The pre-2015 address of the news list, still linked from the menu: start=offset."""
        start = int_arg(req.query.get("start"))
        number = start // self.page_size + 1
        shown, pages = self.paginate(self.articles(), number - 1)
        href = lambda n: f"/index.php?id=12&amp;start={(n - 1) * self.page_size}"  # noqa: E731
        content = f"""<h1 class="lapas_virsr">Ziņu arhīvs</h1>
<table width="100%" cellpadding="4" cellspacing="0">{self.list_rows(shown, req) or '<tr><td>Ziņu nav.</td></tr>'}</table>
<p class="lapas">{self.pager(number, pages, href, req)}</p>"""
        return self.page(self.layout("Ziņu arhīvs", content), req=req)

    def article(self, req, id, slug):
        article = self.by_id(id)
        if article is not None and article.slug != slug:
            article = None
        return self.gone(article, req) or self.render_article(article, req)

    def render_article(self, article: Article, req: Request) -> Response:
        text = blocks_html(article.blocks, paragraph=PARAGRAPH, heading=HEADING)
        if text.endswith("<br><br>"):
            text = text[: -len("<br><br>")]
        if article.credit:
            text += f"<br><br><i>{esc(article.credit)}</i>"
        updated = ""
        if article.updated:
            updated = f' <span class="labots">(labots: {dates.numeric(dates.day(article.updated), dot=True)})</span>'
        if req.query.get("print"):
            return self.page(f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1257">
<title>{esc(article.title)}</title></head><body onload="window.print()">
<h2>{esc(article.title)}</h2><p>{self.show_date(article.published)}</p><div>{text}</div>
<p>{esc(self.info['name'])} | {esc(self.info['address'])}</p></body></html>
""")
        pictures = "".join(
            f'<td align="center" class="bilde"><a href="{self.file_path(i["file"])}" target="_blank"><img src="{self.file_path(i["file"])}" width="180" border="0"></a>'
            f'<br><span class="paraksts">{esc(i.get("caption", ""))}</span></td>' for i in article.images)
        files = "".join(f'&bull; <a href="{self.file_path(a["file"])}">{esc(a["text"])}</a><br>' for a in article.attachments)
        print_href = f"/index.php?news_id={article.id}&amp;print=1" if "news_id" in req.query else f"{self.article_path(article)}?print=1"
        views = 97 + (article.id * 37) % 900
        content = f"""<table width="100%" cellpadding="4" cellspacing="0">
<tr><td class="zinas_lapa_virsr"><h1>{esc(article.title)}</h1></td></tr>
<tr><td class="zinas_datums">{self.show_date(article.published)}{updated}</td></tr>
<tr><td class="teksts">{text}</td></tr>
{f'<tr><td><table cellpadding="4"><tr>{pictures}</tr></table></td></tr>' if pictures else ''}
{f'<tr><td class="pielikumi"><b>Pielikumi:</b><br>{files}</td></tr>' if files else ''}
<tr><td class="rikiem"><a href="{print_href}" target="_blank"><img src="/bildes/printer.gif" border="0"> Drukāt</a> | <a href="javascript:history.back()">&laquo; Atpakaļ</a> | Skatīts: {views} reizes</td></tr>
</table>"""
        resp = self.article_page(article, self.layout(article.title, content))
        sid, needed = self.session(req)
        if needed:
            resp.headers["Set-Cookie"] = f"PHPSESSID={sid}; path=/"
        return resp

    def static_page(self, req, slug):
        page = next((p for p in self.site.pages if p.slug == slug), None)
        if page is None:
            return None
        content = f'<h1 class="lapas_virsr">{esc(page.title)}</h1><div class="teksts">{blocks_html(page.blocks, paragraph=PARAGRAPH, heading=HEADING)}</div>'
        return self.page(self.layout(page.title, content), req=req)

    def robots(self, req):
        return Response(body=b"User-agent: *\nDisallow: /admin/\nDisallow: /tmp/\nDisallow: /meklet.php\n",
                        content_type="text/plain")


PLATFORM = OldCms
