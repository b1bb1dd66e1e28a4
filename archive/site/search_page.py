"""The search page for readers (``/meklet``) and the same search as Atom, CSV and JSON.

Places are chosen by name from lists or typed: ``site``, ``municipality`` and ``region``
accept an id or a name in any case, with or without diacritics and in any case form
("Ozolkalna novads", "ozolkalna", "Zemgale", "zemgales"). A municipality brings its
legacy sites. Dates: ``no`` and ``lidz`` (YYYY-MM-DD), ``year``; order: ``sort`` =
"" (relevance), "jaunakie" or "vecakie"; ``page``.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from urllib.parse import urlencode

from datasette.utils.asgi import BadRequest, Response

from archive.site import charts, listings, pages, search, search_query
from archive.site.formatting import MARK_CLOSE, MARK_OPEN, REGIONS, atom_time, region_label

SORT_PARAMS = {"": "relevance", "jaunakie": "newest", "vecakie": "oldest"}
FEED_ENTRIES = 50
DOWNLOAD_ROWS = 1000
# Words a place's name carries that say nothing about which place it is.
GENERIC = frozenset(search.stem(w) for w in (
    "novads", "pilseta", "valstspilseta", "planosanas", "regions", "pasvaldiba", "vietne", "bijusais"))
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _key(text: str) -> tuple[str, ...]:
    """A place name as stems of its words that tell it apart: "Ozolkalnas novadā" → ("ozolkaln",)."""
    words = [search.stem(w) for w in search.tokens(text.replace("-", " "))]
    return tuple(w for w in words if w not in GENERIC) or tuple(words)


def find_sites(sites: list[dict], typed: str, *, municipality: bool) -> list[dict]:
    """The sites ``typed`` names: by id, or by name without diacritics, case or ending."""
    typed = typed.strip()
    exact = [s for s in sites if s["id"].lower() == typed.lower()]
    if not exact:
        exact = [s for s in sites if search.fold(s["name"]) == search.fold(typed)]
    if not exact:
        wanted = _key(typed)
        exact = [s for s in sites if _key(s["name"]) == wanted or _key(s["id"]) == wanted]
    if municipality:
        exact = [s for s in exact if s["kind"] != "legacy"]
    return exact


def region_code(sites: list[dict], typed: str) -> str | None:
    wanted = _key(typed)
    codes = set(REGIONS) | {s["region"] for s in sites if s["region"]}
    for code in codes:
        if wanted in (_key(code), _key(region_label(code))):
            return code
    return None


def parse_date(value: str, name: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadRequest(f"Datums “{value[:40]}” nav saprotams; raksti GGGG-MM-DD / "
                         f"The date for “{name}” must be YYYY-MM-DD") from None


async def reader_filters(db, request) -> tuple[search_query.Filters, dict, list[dict]]:
    """The search the request asks for, its parameters as shown, and every site."""
    args = {k: (request.args.get(k) or "").strip()[:200] for k in
            ("q", "region", "municipality", "site", "no", "lidz", "year", "sort")}
    sites = await listings.site_choices(db)
    chosen: dict = {}
    allowed = None
    if args["site"]:
        found = find_sites(sites, args["site"], municipality=False)
        if len(found) != 1:
            raise BadRequest(f"Vietne “{args['site']}” nav atrasta / Unknown site" if not found else
                             f"“{args['site']}” atbilst vairākām vietnēm: "
                             + ", ".join(s["name"] for s in found) + " / Several sites match")
        chosen["site"] = found[0]
        args["site"] = found[0]["id"]
        allowed = {found[0]["id"]}
    if args["municipality"]:
        found = find_sites(sites, args["municipality"], municipality=True)
        if len(found) != 1:
            raise BadRequest(f"Pašvaldība “{args['municipality']}” nav atrasta / Unknown municipality"
                             if not found else f"“{args['municipality']}” atbilst vairākām pašvaldībām / "
                             "Several municipalities match")
        owner = found[0]["id"]
        chosen["municipality"] = found[0]
        args["municipality"] = owner
        members = {s["id"] for s in sites if owner in (s["id"], s["municipality"], s["successor"])}
        allowed = members if allowed is None else allowed & members
    if args["region"]:
        code = region_code(sites, args["region"])
        if code is None:
            raise BadRequest(f"Reģions “{args['region']}” nav atrasts / Unknown region")
        args["region"] = code
        members = {s["id"] for s in sites if s["region"] == code}
        allowed = members if allowed is None else allowed & members
    date_from, date_to = parse_date(args["no"], "no"), parse_date(args["lidz"], "lidz")
    if args["year"] and not re.fullmatch(r"\d{4}", args["year"]):
        args["year"] = ""
    if args["sort"] not in SORT_PARAMS:
        args["sort"] = ""
    filters = search_query.Filters(
        text=args["q"], sites=tuple(sorted(allowed)) if allowed is not None else None,
        date_from=date_from, date_to=date_to, year=args["year"], sort=SORT_PARAMS[args["sort"]],
    )
    return filters, {**args, "chosen": chosen}, sites


async def _run(datasette, db, filters, page, per_page):
    """The search, in one visit to a SQL thread, stopped at the site's SQL time limit (a
    dozen common words on a large archive could otherwise hold a thread for seconds);
    :func:`pages.reader_page` answers an interrupted one with a 400."""
    limit_ms = datasette.setting("sql_time_limit_ms")
    return await db.execute_fn(
        lambda conn: pages.within_time_limit(conn, limit_ms, search_query.run, filters, page, per_page))


def _links(request, args) -> dict:
    kept = [(k, args[k]) for k in ("q", "region", "municipality", "site", "no", "lidz", "year", "sort") if args[k]]
    base = request.path.rsplit(".", 1)[0] if request.path.endswith((".atom", ".csv", ".json")) else request.path

    def link(suffix="", **changes):
        query = [(k, v) for k, v in kept if k not in changes] + [(k, v) for k, v in changes.items() if v]
        return f"{base}{suffix}" + (f"?{urlencode(query)}" if query else "")

    return {"atom": link(".atom", sort=""), "csv": link(".csv"), "json": link(".json"), "link": link}


@pages.reader_page
async def search_page(datasette, request):
    db = pages.archive_db(datasette)
    filters, args, sites = await reader_filters(db, request)
    page = listings.page_number(request)
    result = await _run(datasette, db, filters, page, search_query.PER_PAGE) if filters.text else None
    links = _links(request, args)
    chart = None
    if result and result.months:
        chart = charts.bar_chart(charts.periods(result.months), f"Atrastie raksti laika gaitā: {filters.text}")
    context = {
        "filters": args,
        "result": result,
        "hits": result.hits if result else [],
        "chart": chart,
        "years": [(y, n, links["link"](year=y)) for y, n in (result.years if result else [])],
        "year_clear": links["link"](year=""),
        "site_groups": listings.grouped_sites(sites),
        "municipalities": [s for s in sites if s["kind"] in ("municipality", "state-city")],
        "regions": REGIONS,
        "sorts": [("", "atbilstība"), ("jaunakie", "jaunākie vispirms"), ("vecakie", "vecākie vispirms")],
        "links": links,
        "pager": listings.pager(request, page, bool(result and result.has_next),
                                result.total if result else None, search_query.PER_PAGE),
    }
    return await pages.render(datasette, request, "meklet.html", context, "meklet")


# -- the same search as a feed and as downloads ------------------------------------------

def plain(snippet: str | None) -> str:
    return (snippet or "").replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def xml_safe(text: str | None) -> str:
    """Text an XML 1.0 document can hold: stored text may have control characters."""
    return _XML_INVALID.sub("", text or "")


def rows_for(result, root: str) -> list[dict]:
    out = []
    for hit in result.hits:
        out.append({
            "id": hit.id, "title": hit.title, "published": hit.published, "site": hit.site,
            "site_name": hit.site_name, "region": hit.region, "url": hit.url,
            "archive_url": f"{root}/raksts/{hit.id}", "snippet": plain(hit.snippet),
            "found_in": "attachment" if hit.in_attachment else "article",
            "attachment_url": (hit.in_attachment or {}).get("url"),
            "copies": len(hit.copies), "copy_ids": " ".join(c["id"] for c in hit.copies),
        })
    return out


def _root(datasette, request) -> str:
    root = pages.config(datasette).get("public_url")
    return (root or f"{request.scheme}://{request.host}{datasette.setting('base_url')}").rstrip("/")


@pages.reader_page
async def search_download(datasette, request):
    db = pages.archive_db(datasette)
    kind = request.url_vars["format"]
    filters, args, _ = await reader_filters(db, request)
    if not filters.text:
        raise BadRequest("Nav ko meklēt: norādi q / Nothing to search: give q")
    root = _root(datasette, request)
    if kind == "atom":
        newest = search_query.Filters(**{**filters.__dict__, "sort": "newest"})
        result = await _run(datasette, db, newest, 1, FEED_ENTRIES)
        return Response(atom_feed(result, filters.text, root, request.url),
                        content_type="application/atom+xml; charset=utf-8")
    result = await _run(datasette, db, filters, 1, DOWNLOAD_ROWS)
    rows = rows_for(result, root)
    if kind == "json":
        body = {"query": {k: v for k, v in args.items() if k != "chosen" and v}, "total": result.total,
                "matches": result.matches, "capped": result.capped, "rows": rows}
        return Response(json.dumps(body, ensure_ascii=False, indent=1),
                        content_type="application/json; charset=utf-8")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["id"])
    writer.writeheader()
    writer.writerows(rows)
    return Response(out.getvalue(), content_type="text/csv; charset=utf-8",
                    headers={"content-disposition": 'attachment; filename="novadi-meklesana.csv"'})


def atom_feed(result, text: str, root: str, self_url: str) -> str:
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(xml_safe(self_url))
    feed.title(xml_safe(f"Novadi: meklēšana “{text}”"))
    feed.link(href=xml_safe(self_url), rel="self")
    feed.link(href=f"{root}/meklet?{urlencode({'q': text})}", rel="alternate")
    feed.updated(dt.datetime.now(dt.timezone.utc))
    for hit in reversed(result.hits):  # feedgen puts the last added first
        entry = feed.add_entry()
        entry.id(f"urn:novadi:article:{hit.id}")
        entry.title(xml_safe(hit.title or "(bez virsraksta)"))
        entry.link(href=f"{root}/raksts/{hit.id}")
        entry.updated(atom_time(hit.published))
        entry.author(name=xml_safe(hit.site_name or hit.site))
        entry.summary(xml_safe(plain(hit.snippet)))
    return feed.atom_str(pretty=True).decode("utf-8")


async def old_search_page(datasette, request):
    query = f"?{request.query_string}" if request.query_string else ""
    return Response.redirect(datasette.urls.path("meklet") + query, status=301)
