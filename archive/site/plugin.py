"""The public site: Datasette hooks for the archive (entry point ``novadi``).

Configuration lives under ``plugins: novadi:`` in the metadata (``archive.site.serve``
fills it in): ``allow_sql`` (default false), ``public_url`` (absolute root for feed
links, default from the request) and ``warc_dir``.
"""
from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Request, Response, asgi_static
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup

from archive.site import errors, formatting, lemmas, listings, pages, places, replay, search, search_page, security

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def _allow_sql(datasette) -> bool:
    return bool(pages.config(datasette).get("allow_sql"))


def _is_archive(datasette, database) -> bool:
    """Whether ``database`` is the archive (other databases served beside it keep Datasette's rules)."""
    try:
        return pages.archive_db(datasette).name == database
    except Exception:
        return False


@hookimpl(trylast=True)
def prepare_connection(conn, database, datasette):
    if database == "_internal":
        return
    conn.create_function("lv_fts", 1, search.fts_query, deterministic=True)
    conn.create_function("lv_snippet", 2, search.snippet, deterministic=True)
    # Datasette's ?_search= runs its text through escape_fts(); on this site that is
    # the Latvian query builder, so the table search box stems and folds too.
    conn.create_function("escape_fts", 1, search.fts_query, deterministic=True)
    conn.create_function("atom_time", -1, formatting.atom_time, deterministic=True)
    conn.create_function("lv_summary", 2, formatting.feed_summary, deterministic=True)
    if _is_archive(datasette, database):
        conn.set_authorizer(security.authorizer)


@hookimpl
def prepare_jinja2_environment(env, datasette):
    env.loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES)), env.loader])
    env.filters["lv_date"] = formatting.lv_date
    env.filters["region_label"] = formatting.region_label
    env.filters["kind_label"] = formatting.kind_label
    env.filters["lang_label"] = formatting.lang_label
    env.filters["mark_snippet"] = formatting.mark_snippet
    env.filters["http_url"] = formatting.http_url
    env.filters["lv_number"] = formatting.lv_number
    env.filters["lv_money"] = formatting.lv_money
    env.filters["lv_plural"] = formatting.lv_plural
    env.filters["lv_bytes"] = formatting.lv_bytes
    env.filters["error_text"] = formatting.error_text
    env.filters["error_title"] = formatting.error_title


@hookimpl
def extra_template_vars(template, request, datasette):
    async def inner():
        about = datasette.metadata() or {}
        extra = {
            "novadi_db": pages.DB_NAME if pages.DB_NAME in datasette.databases else None,
            # the footer's licence and source are the site's, whatever page it is on
            "site_metadata": {k: about.get(k) for k in ("license", "license_url", "source", "source_url")},
        }
        if template == "index.html":
            extra["stats"] = await pages.home_stats(datasette)
            extra["regions"] = formatting.REGIONS
        return extra

    return inner


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column == "snippet" and isinstance(value, str):
        return formatting.mark_snippet(value)
    if table not in (None, "articles_v1", "revisions_v1", "attachments_v1"):
        return None
    keys = row.keys() if hasattr(row, "keys") else []
    article_id = None
    if column == "article_id" or (column == "id" and table in (None, "articles_v1")):
        article_id = value
    elif column == "title" and "id" in keys and table in (None, "articles_v1"):
        article_id = row["id"]
    if not (isinstance(article_id, str) and pages.ARTICLE_ID.match(article_id)):
        return None
    href = datasette.urls.path(f"raksts/{article_id}")
    return Markup('<a href="{}">{}</a>').format(href, value if value not in (None, "") else article_id)


PLACE_ID = r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}"


@hookimpl
def register_routes(datasette):
    routes = [
        (r"^/raksts/(?P<id>[0-9a-f]{16})$", pages.article_page),
        (r"^/arhivs/(?P<id>[0-9a-f]{16})$", replay.archived_copy),
        (r"^/arhivs/(?P<id>[0-9a-f]{16})/kopija$", replay.archived_capture),
        (r"^/arhivs/resurss$", replay.archived_resource),
        (r"^/raksti$", listings.browse_page),
        (r"^/meklet$", search_page.search_page),
        (r"^/meklet\.(?P<format>atom|csv|json)$", search_page.search_download),
        # The search's first address: its page is now the reader's search (the canned
        # query stays for data users as .json and .csv).
        (rf"^/{pages.DB_NAME}/search$", search_page.old_search_page),
        (r"^/parpublicetie$", listings.republished_page),
        (r"^/es-projekti$", listings.eu_projects_page),
        (rf"^/vietne/(?P<id>{PLACE_ID})$", places.site_page),
        (rf"^/pasvaldiba/(?P<id>{PLACE_ID})$", places.municipality_page),
        (rf"^/regions/(?P<code>{PLACE_ID})$", places.region_page),
        (r"^/robots\.txt$", pages.robots_txt),
        (r"^/-/novadi-static/(?P<path>.*)$", asgi_static(STATIC)),
    ]
    if not _allow_sql(datasette):
        # Server paths, threads, plugins and debug pages are nobody's business on the
        # public site; the metadata is shown without the internal tables.
        routes.append((r"^/-/metadata(\.json)?$", pages.metadata_json))
        routes.append((security.INTROSPECTION.pattern + ".*$", pages.not_found))
    return routes


@hookimpl
def permission_allowed(datasette, actor, action, resource):
    if action == "view-database-download":
        return False  # the file holds redactions and crawl state
    if action == "execute-sql":
        return None if _allow_sql(datasette) else False
    if action == "view-database":
        if resource in ("_memory",) and not _allow_sql(datasette):
            return False
        return None
    if action == "view-table" and resource and _is_archive(datasette, resource[0]):
        database, table = resource
        if (table or "").lower() in security.NEVER_READ:
            return False
        if _allow_sql(datasette):
            return None
        if not security.is_public_table(table):
            return False

        async def is_view():
            db = datasette.databases.get(database)
            if db is None:
                return False
            found = await db.execute(
                "select 1 from sqlite_master where type = 'view' and name = ?", [table]
            )
            return None if found.rows else False

        return is_view
    return None


@hookimpl(hookwrapper=True)
def handle_exception(datasette, request, exception):
    # Replaces Datasette's handler (and any other) rather than running beside it: that
    # one prints a rich traceback with locals for every 404 (see archive.site.errors).
    outcome = yield
    outcome.force_result([errors.response_for(datasette, request, exception)])


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        return security.security_headers(security.read_only(security.without_query_args(app)))

    return wrap


@hookimpl
def startup(datasette):
    async def inner():
        # The Latvian dictionary takes about a second to load: in the background, from
        # startup, rather than on the first reader's search (which waits for it if need be).
        asyncio.get_running_loop().run_in_executor(None, lemmas.preload)

    return inner


@hookimpl
def register_magic_parameters(datasette):
    def novadi(key, request):
        if key != "root":
            raise KeyError(key)
        root = pages.config(datasette).get("public_url")
        if not root:
            root = f"{request.scheme}://{request.host}{datasette.setting('base_url')}"
        return root.rstrip("/")

    return [("novadi", novadi)]


@hookimpl(trylast=True)
def register_output_renderer(datasette):
    """datasette-atom, with a feed title per site or search and an empty feed for no rows."""
    try:
        import datasette_atom
    except ImportError:  # pragma: no cover - datasette-atom is a dependency
        return None

    async def render(datasette, request, sql, columns, rows, database, table, query_name, view_name, data):
        # Stored text is a stranger's: a control character in one title must not
        # make the feed unwritable for everyone.
        rows = [{key: formatting.xml_text(row[key]) for key in columns} for row in rows]
        place = None
        if query_name in PLACE_FEEDS:
            place = await _feed_place(datasette, database, query_name, request)
            if place is None:
                # Raised, not returned: Datasette would overwrite a returned response's status.
                raise NotFound("Šādas vietas arhīvā nav / No such place in the archive")
        title = request.args.get("_feed_title") or (f"Novadi: {place}" if place else None) or _feed_title(
            datasette, database, query_name, request, rows
        )
        title = formatting.xml_text(title)
        if not datasette_atom.REQUIRED_COLUMNS.issubset(columns) or rows:
            # query_name=None: the title chosen here wins over the canned query's own.
            return datasette_atom.render_atom(
                datasette=datasette,
                request=_TitledRequest(request, title),
                sql=sql,
                columns=columns,
                rows=rows,
                database=database,
                table=table,
                query_name=None,
                view_name=view_name,
                data={},
            )
        return _empty_feed(request, title)

    return {"extension": "atom", "render": render, "can_render": datasette_atom.can_render_atom}


# A place's feed: the parameter naming it and how to find the place's name. An unknown
# place is a 404, never an empty feed that looks like a quiet one.
PLACE_FEEDS = {
    "site_feed": ("site", "select name from sites where id = ?"),
    "municipality_feed": ("municipality", "select name from sites where id = ? and kind in ('municipality', 'state-city')"),
    "region_feed": ("region", "select ? from sites where region = ? limit 1"),
}


async def _feed_place(datasette, database, query_name, request) -> str | None:
    """The name of the place a feed is for, or None when the archive has no such place."""
    param, sql = PLACE_FEEDS[query_name]
    value = request.args.get(param) or ""
    if query_name == "region_feed":
        found = await datasette.databases[database].execute(sql, [formatting.region_label(value), value])
    else:
        found = await datasette.databases[database].execute(sql, [value])
    return found.rows[0][0] if found.rows else None


class _TitledRequest(Request):
    """The same request with ``_feed_title`` set, which datasette-atom reads for the title."""

    def __init__(self, request, title: str):
        query = parse_qsl(request.query_string, keep_blank_values=True)
        query = [(k, v) for k, v in query if k != "_feed_title"] + [("_feed_title", title)]
        super().__init__(dict(request.scope, query_string=urlencode(query).encode("ascii")), request.receive)
        self._original_url = request.url

    @property
    def url(self):
        return self._original_url


def _feed_title(datasette, database, query_name, request, rows) -> str:
    if query_name == "site_feed":
        name = rows[0]["atom_author_name"] if rows and "atom_author_name" in rows[0] else request.args.get("site")
        return f"Novadi: {name}"
    if query_name == "search_feed":
        return f"Novadi: meklēšana “{request.args.get('q', '')}”"
    queries = (datasette.metadata("queries", database=database) or {}) if query_name else {}
    return (queries.get(query_name) or {}).get("title") or "Novadi"


def _empty_feed(request, title: str):
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(request.url)
    feed.link(href=request.url, rel="self")
    feed.title(title)
    feed.updated(dt.datetime.now(dt.timezone.utc))
    return Response(feed.atom_str(pretty=True), content_type="application/xml; charset=utf-8")

