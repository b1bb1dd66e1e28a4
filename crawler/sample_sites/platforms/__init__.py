"""What every sample platform shares: requests, responses, routing, listings, ground truth.

A platform renders one site's data the way one CMS would. Subclasses list their
``routes`` (a regular expression over the URL path and the method that answers it)
and say where an article lives (``article_path``) and where files live
(``file_path``); everything else here is common.
"""
from __future__ import annotations

import hashlib
import html
import importlib
import importlib.util
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from crawler.sample_sites import dates, files
from crawler.sample_sites.content import Article, SiteData, blocks_html

esc = html.escape


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    raw_query: str = ""
    headers: dict = field(default_factory=dict)
    client: str = ""
    base: str = ""

    @property
    def target(self) -> str:
        return self.path + ("?" + self.raw_query if self.raw_query else "")


@dataclass
class Response:
    status: int = 200
    body: bytes | str = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    # Set on article pages: the server then sends them and answers conditional
    # requests with 304.
    last_modified: datetime | None = None
    etag: str | None = None


class Platform:
    name = "base"
    encoding = "utf-8"
    content_type = "text/html; charset=utf-8"
    server = "Apache"
    page_size = 5
    gone_status = 404
    # False when article pages print the day only: the ground truth then has no time either.
    shows_time = True

    def __init__(self, site: SiteData, base: str = "http://127.0.0.1/", world=None):
        self.site = site
        self.base = base if base.endswith("/") else base + "/"
        self.world = world
        self.info = site.info
        self._routes = [(re.compile(p), handler) for p, handler in self.routes()]

    # -- what a platform defines ---------------------------------------------------

    def routes(self) -> list[tuple[str, object]]:
        raise NotImplementedError

    def article_path(self, article: Article) -> str:
        raise NotImplementedError

    def file_path(self, name: str) -> str:
        return "/files/" + quote(name)

    def attachment_path(self, article: Article, index: int) -> str:
        return self.file_path(article.attachments[index]["file"])

    # -- ground truth --------------------------------------------------------------

    def article_url(self, article: Article) -> str:
        return self.base + self.article_path(article).lstrip("/")

    def expected(self, article: Article) -> dict:
        return {
            "url": self.article_url(article),
            "slug": article.slug,
            "title": article.title,
            "published": dates.iso(self.shown(article.published)),
            "updated": dates.iso(self.shown(article.updated)),
            "author": article.author,
            "credit": article.credit,
            "body": article.body_text,
            "lang": article.lang,
            "story": article.story,
            "site": self.site.id,
            "category": article.category or None,
            "attachments": [
                {"url": self.absolute(self.attachment_path(article, i)), "text": a["text"],
                 "kind": files.kind(a["file"])}
                for i, a in enumerate(article.attachments)
            ],
            "images": [
                {"url": self.absolute(self.file_path(img["file"])), "caption": img.get("caption", "")}
                for img in article.images
            ],
            "eu_projects": [_in_cents(article.eu_project)] if article.eu_project else [],
        }

    def shown(self, value):
        return value if self.shows_time or value is None else dates.day(value)

    # -- serving -------------------------------------------------------------------

    def respond(self, req: Request) -> Response:
        for pattern, handler in self._routes:
            match = pattern.fullmatch(req.path)
            if match:
                resp = handler(req, **match.groupdict())
                if resp is not None:
                    return resp
        return self.not_found(req)

    def not_found(self, req: Request | None = None, status: int = 404) -> Response:
        text = "Lapa nav atrasta" if status == 404 else "Lapa ir dzēsta"
        body = (f'<!DOCTYPE html><html lang="lv"><head><meta charset="utf-8"><title>{text}</title></head>'
                f'<body><h1>{text}</h1><p><a href="/">Uz sākumlapu</a></p></body></html>')
        return self.page(body, status=status)

    def page(self, text: str, status: int = 200, **kw) -> Response:
        body = text.encode(self.encoding, errors="xmlcharrefreplace")
        return Response(status=status, body=body, content_type=self.content_type, **kw)

    def article_page(self, article: Article, text: str) -> Response:
        if getattr(self.world, "redesigned", None) and self.site.id in self.world.redesigned:
            # The site moved to a script-rendered front end: the HTML no longer holds the article.
            text = (f'<!DOCTYPE html><html lang="lv"><head><meta charset="utf-8"><title>{self.site.registry.get("name", self.site.id)}</title>'
                    '</head><body><div id="app"></div><noscript>Lūdzu, ieslēdziet JavaScript.</noscript>'
                    '<script src="/static/app.js"></script></body></html>')
        return self.page(text, last_modified=article.modified, etag=article_etag(article))

    def redirect(self, location: str, status: int = 301) -> Response:
        return Response(status=status, content_type="text/html; charset=utf-8",
                        body=b"", headers={"Location": self.absolute(location)})

    def file(self, name: str, title: str = "") -> Response | None:
        found = files.content(name, title)
        if found is None:
            return None
        data, media_type = found
        return Response(body=data, content_type=media_type)

    def absolute(self, path: str) -> str:
        return path if "://" in path else self.base + path.lstrip("/")

    # -- content helpers -----------------------------------------------------------

    def articles(self, lang: str | None = "lv") -> list[Article]:
        """Visible articles, newest first, as every listing orders them."""
        visible = [a for a in self.site.articles if not a.removed and (lang is None or a.lang == lang)]
        return sorted(visible, key=lambda a: (dates.as_datetime(a.published), a.id), reverse=True)

    def find(self, slug: str, lang: str | None = None) -> Article | None:
        for article in self.site.articles:
            if article.slug == slug and (lang is None or article.lang == lang):
                return article
        return None

    def by_id(self, article_id) -> Article | None:
        try:
            wanted = int(article_id)
        except (TypeError, ValueError):
            return None
        return next((a for a in self.site.articles if a.id == wanted), None)

    def gone(self, article: Article | None, req: Request) -> Response | None:
        """The answer for a missing or removed article, or None when it is there."""
        if article is None:
            return self.not_found(req)
        if article.removed:
            return self.not_found(req, status=self.gone_status)
        return None

    def paginate(self, items: list, number: int, size: int | None = None) -> tuple[list, int]:
        """Items on page ``number`` (0-based) and the number of pages."""
        size = size or self.page_size
        pages = max(1, math.ceil(len(items) / size))
        return items[number * size:(number + 1) * size], pages

    def body_html(self, article: Article, **kw) -> str:
        return blocks_html(article.blocks, **kw)

    @property
    def noise(self) -> str:
        return getattr(self.world, "noise", "") or ""


def article_etag(article: Article) -> str:
    """A weak validator of the article itself, as CMSs derive it from the stored node.

    Sidebars, related lists and other chrome change the page bytes without
    changing it: the page is then semantically the same, hence W/.
    """
    state = "|".join([article.title, article.body_text, str(article.published), str(article.updated),
                      str(article.modified)])
    return 'W/"' + hashlib.sha1(state.encode("utf-8")).hexdigest()[:20] + '"'


def slugify(text: str) -> str:
    """``Domes sēde`` -> ``domes-sede``, as CMSs make tag and file slugs."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def int_arg(value, default: int = 0) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return default


def platform_class(name: str, search_dirs=()) -> type[Platform]:
    """A platform by name: built in here, or a ``<name>.py`` in one of ``search_dirs``."""
    for directory in search_dirs:
        path = Path(directory) / f"{name}.py"
        if path.exists():
            spec = importlib.util.spec_from_file_location(f"sample_platform_{name}", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module.PLATFORM
    return importlib.import_module(f"crawler.sample_sites.platforms.{name}").PLATFORM


def _in_cents(project: dict) -> dict:
    """A story's project facts as extraction gives them: amounts in whole cents."""
    return {key.replace("_eur", "_cents") if key.endswith("_eur") else key:
            round(value * 100) if key.endswith("_eur") and value is not None else value
            for key, value in project.items()}
