"""A page per place: a site, a municipality (its current site and its predecessors'
legacy sites) and a planning region. Each shows what it published over time as a
chart and a table of years, its latest articles and its Atom feed.
"""
from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from datasette.utils.asgi import NotFound, Response

from archive.site import charts, pages
from archive.site.formatting import REGIONS, http_url, region_label
from archive.site.listings import article_window, with_excerpts

LATEST = 15
CURRENT_KINDS = ("municipality", "state-city")


async def _site(db, site_id: str) -> dict | None:
    found = await pages.rows(db, "select * from sites_v1 where lower(id) = lower(?)", [site_id])
    return found[0] if found else None


async def _latest(db, condition: str, params) -> list[dict]:
    _, found = await article_window(db, condition, params, "a.published desc, a.pk desc", LATEST)
    return with_excerpts(found)


async def _over_time(db, condition: str, params, title: str) -> dict:
    """The chart and the per-year table for the articles meeting ``condition``."""
    months = await charts.month_counts(db, condition, params)
    years: Counter = Counter()
    for month, n in months.items():
        years[month[:4]] += n
    return {
        "chart": charts.bar_chart(charts.periods(months), title),
        "years": sorted(years.items(), reverse=True),
    }


async def _context(db, place: dict, kind: str, condition: str, params: dict, feed: str, **extra) -> dict:
    """What every place page shows: its latest articles, articles over time and feed."""
    return {
        "place": place,
        "kind": kind,
        "latest": await _latest(db, condition, params),
        "over_time": await _over_time(db, condition, params, f"{place['name']}: raksti laika gaitā"),
        "feed": feed,
        "browse": {kind: place["id"]},  # the /raksti filter of the same name
        **extra,
    }


def _canonical(request, path: str):
    """A redirect to the place's own spelling (ids are case-insensitive in URLs)."""
    query = request.query_string
    return Response.redirect(path + (f"?{query}" if query else ""), status=301)


@pages.reader_page
async def site_page(datasette, request):
    db = pages.archive_db(datasette)
    wanted = request.url_vars["id"]
    site = await _site(db, wanted)
    if site is None:
        raise NotFound(f"Vietne nav atrasta / Unknown site: {wanted}")
    if site["id"] != wanted:
        return _canonical(request, datasette.urls.path(f"vietne/{site['id']}"))
    owner = None
    if site["municipality"] and site["municipality"] != site["id"]:
        owner = await _site(db, site["municipality"])
    context = await _context(
        db, site, "site", "a.site = :site", {"site": site["id"]},
        datasette.urls.path(f"{db.name}/site_feed.atom") + "?" + urlencode({"site": site["id"]}),
        home_url=http_url(site["url"]), owner=owner, sites=[site], articles_total=site["articles"],
    )
    return await pages.render(datasette, request, "vieta.html", context, "vietne")


@pages.reader_page
async def municipality_page(datasette, request):
    db = pages.archive_db(datasette)
    wanted = request.url_vars["id"]
    site = await _site(db, wanted)
    if site is None:
        raise NotFound(f"Pašvaldība nav atrasta / Unknown municipality: {wanted}")
    if site["kind"] not in CURRENT_KINDS:
        # A legacy site or a planning region has a page of its own kind.
        if site["kind"] == "planning-region" and site["region"]:
            return Response.redirect(datasette.urls.path(f"regions/{site['region']}"))
        return Response.redirect(datasette.urls.path(f"vietne/{site['id']}"))
    if site["id"] != wanted:
        return _canonical(request, datasette.urls.path(f"pasvaldiba/{site['id']}"))
    sites = await pages.rows(
        db,
        """
        select * from sites_v1 where id = :id or municipality = :id or successor = :id
        order by id = :id desc, stopped desc, name
        """,
        {"id": site["id"]},
    )
    context = await _context(
        db, site, "municipality",
        "a.site in (select id from sites where id = :id or municipality = :id or successor = :id)",
        {"id": site["id"]},
        datasette.urls.path(f"{db.name}/municipality_feed.atom") + "?" + urlencode({"municipality": site["id"]}),
        home_url=http_url(site["url"]), sites=sites, legacy=[s for s in sites if s["id"] != site["id"]],
        articles_total=sum(s["articles"] or 0 for s in sites),
    )
    return await pages.render(datasette, request, "vieta.html", context, "pasvaldiba")


@pages.reader_page
async def region_page(datasette, request):
    db = pages.archive_db(datasette)
    wanted = request.url_vars["code"]
    code = wanted.lower()
    sites = await pages.rows(
        db, "select * from sites_v1 where region = ? order by articles desc, name", [code]
    )
    if not sites and code not in REGIONS:
        raise NotFound(f"Reģions nav atrasts / Unknown region: {wanted}")
    if code != wanted:
        return _canonical(request, datasette.urls.path(f"regions/{code}"))
    names = {s["id"]: s for s in sites}
    municipalities: dict[str, dict] = {}
    for site in sites:
        if site["kind"] == "planning-region":
            continue
        owner = site["municipality"] or site["successor"] or site["id"]
        entry = municipalities.setdefault(owner, {"id": owner, "site": names.get(owner), "articles": 0, "legacy": []})
        entry["articles"] += site["articles"] or 0
        if site["id"] != owner:
            entry["legacy"].append(site)
    context = await _context(
        db, {"id": code, "name": region_label(code)}, "region",
        "a.site in (select id from sites where region = :region)", {"region": code},
        datasette.urls.path(f"{db.name}/region_feed.atom") + "?" + urlencode({"region": code}),
        planning_regions=[s for s in sites if s["kind"] == "planning-region"],
        municipalities=sorted(municipalities.values(), key=lambda m: -m["articles"]),
        sites=sites, articles_total=sum(s["articles"] or 0 for s in sites),
    )
    return await pages.render(datasette, request, "vieta.html", context, "regions")
