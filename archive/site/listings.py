"""Reader pages that list articles: all articles with filters, republished stories,
EU-funded projects. Each is a page of its own with a pager; rows show a title, the
site, the date and an excerpt, never a whole body, an id or an ISO timestamp.
"""
from __future__ import annotations

import json

from collections import Counter
from urllib.parse import parse_qsl, urlencode

from datasette.database import QueryInterrupted
from datasette.utils.asgi import NotFound

from archive.site import pages
from archive.site.formatting import REGIONS, summary

PER_PAGE = 30
STORIES_PER_PAGE = 20
PROJECTS_PER_PAGE = 20
EU_ROWS_LIMIT = 5000  # project mentions read for one page of projects
COUNT_TIME_LIMIT_MS = 1000
EXCERPT = 220


def page_number(request) -> int:
    try:
        return max(1, min(int(request.args.get("page") or 1), 100_000))
    except ValueError:
        return 1


def pager(request, page: int, has_next: bool, total: int | None, per_page: int) -> dict:
    """Links to the previous and next page of a listing, keeping its other parameters."""
    args = [(k, v) for k, v in parse_qsl(request.query_string) if k != "page" and v]

    def link(number):
        query = urlencode(args + ([("page", number)] if number > 1 else []))
        return request.path + (f"?{query}" if query else "")

    pages_total = -(-total // per_page) if total is not None else None
    return {
        "page": page,
        "pages": pages_total,
        "total": total,
        "previous": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if has_next else None,
    }


def with_excerpts(articles: list[dict]) -> list[dict]:
    for article in articles:
        article["excerpt"] = summary(article.pop("head", None), EXCERPT)
    return articles


async def article_window(db, condition: str, params: dict, order: str, limit: int, offset: int = 0):
    """``(keys found, articles)``: the articles of ``articles_v1`` meeting ``condition``
    (on ``articles a``'s own columns: site, published) in ``order``, ``limit`` of them after
    ``offset``, with a 400-character head of each body.

    The window is found in the articles' indexes alone (published; site, published), so
    a deep page skips index entries, not whole articles; then only its rows are read, in
    key order (SQLite would otherwise pick the redaction index and read every article).
    Up to ``limit + 1`` keys are found, to tell whether more follow; fewer articles than
    keys come back when some were withdrawn.
    """
    window = await pages.rows(
        db,
        f"select a.pk from articles a where {condition} order by {order} limit :limit offset :offset",
        {**params, "limit": limit + 1, "offset": offset},
    )
    keys = [row["pk"] for row in window[:limit]]
    if not keys:
        return len(window), []
    found = await pages.rows(
        db,
        f"""
        with keys(pk) as (values {", ".join("(?)" for _ in keys)})
        select a.id, a.title, a.published, a.site, a.site_name, a.region, substr(a.body, 1, 400) as head
        from keys cross join articles_v1 a on a.pk = keys.pk
        order by {order}
        """,
        keys,
    )
    return len(window), found


async def count(db, sql: str, params) -> int | None:
    """A row count, or None when it takes too long on a big archive."""
    try:
        results = await db.execute(sql, params, custom_time_limit=COUNT_TIME_LIMIT_MS)
    except QueryInterrupted:
        return None
    return results.rows[0][0]


async def site_choices(db) -> list[dict]:
    """Every site, by name."""
    return await pages.rows(
        db, "select id, name, kind, region, municipality, successor from sites order by name"
    )


def grouped_sites(sites: list[dict]) -> list[tuple[str, list[dict]]]:
    """Sites for a choice list: each municipality with its legacy sites after it, then the
    planning regions and any site that belongs to no municipality."""
    names = {s["id"]: s["name"] for s in sites}
    groups: dict[str, list[dict]] = {}
    for site in sites:
        owner = site["municipality"] or site["successor"]
        label = names.get(owner) if owner in names else "Citas vietnes"
        if site["kind"] == "planning-region":
            label = "Plānošanas reģioni"
        groups.setdefault(label, []).append(site)
    for members in groups.values():
        members.sort(key=lambda s: (s["kind"] == "legacy", s["name"]))
    return sorted(groups.items(), key=lambda g: (g[0] in ("Plānošanas reģioni", "Citas vietnes"), g[0]))


# -- all articles -----------------------------------------------------------------

@pages.reader_page
async def browse_page(datasette, request):
    db = pages.archive_db(datasette)
    args = {k: (request.args.get(k) or "").strip() for k in ("region", "municipality", "site", "year", "sort")}
    sites = await site_choices(db)
    by_id = {s["id"].lower(): s for s in sites}
    where, params = ["1 = 1"], {}
    if args["region"]:
        args["region"] = args["region"].lower()
        if args["region"] not in REGIONS and not any(s["region"] == args["region"] for s in sites):
            raise NotFound(f"Reģions nav atrasts / Unknown region: {args['region']}")
        where.append("a.site in (select id from sites where region = :region)")
        params["region"] = args["region"]
    for name, condition in (
        ("municipality", "a.site in (select id from sites where id = :municipality or municipality = :municipality"
                         " or successor = :municipality)"),
        ("site", "a.site = :site"),
    ):
        if args[name]:
            site = by_id.get(args[name].lower())
            if site is None:
                raise NotFound(f"Vietne nav atrasta / Unknown site: {args[name]}")
            args[name] = params[name] = site["id"]
            where.append(condition)
    if args["year"]:
        if not (args["year"].isdigit() and len(args["year"]) == 4):
            args["year"] = ""
        else:
            where.append("a.published >= :year and a.published < :next_year")
            params.update(year=args["year"], next_year=str(int(args["year"]) + 1))
    oldest = args["sort"] == "vecakie"
    if oldest:
        # Undated articles come last when newest come first; oldest first lists the dated
        # ones (an index cannot order NULLs last in ascending order).
        where.append("a.published is not null")
    order = "a.published, a.pk" if oldest else "a.published desc, a.pk desc"
    page = page_number(request)
    condition = " and ".join(where)
    window, found = await article_window(db, condition, params, order, PER_PAGE, (page - 1) * PER_PAGE)
    stats = await pages.home_stats(datasette)
    total = cached_total(stats, args) if not args["year"] else None
    if total is None:
        total = await count(db, f"select count(*) from articles_v1 a where {condition}", params)
    first_year = (stats.get("earliest") or "")[:4]
    last_year = (stats.get("latest_date") or "")[:4]
    years = list(range(int(last_year), int(first_year) - 1, -1)) if first_year.isdigit() and last_year.isdigit() else []
    context = {
        "articles": with_excerpts(found),
        "pager": pager(request, page, window > PER_PAGE, total, PER_PAGE),
        "filters": args,
        "site_groups": grouped_sites(sites),
        "municipalities": [s for s in sites if s["kind"] in ("municipality", "state-city")],
        "regions": REGIONS,
        "years": years,
        "chosen": {name: by_id.get(args[name].lower()) for name in ("site", "municipality") if args[name]},
    }
    return await pages.render(datasette, request, "raksti.html", context, "raksti")


def cached_total(stats: dict, args: dict) -> int | None:
    """The number of articles a place filter finds, from the home page's cached per-site
    counts (counting a big archive's articles takes seconds); None when not known."""
    if not stats.get("ok"):
        return None
    total = 0
    for site in stats["sites"]:
        if ((not args["region"] or site["region"] == args["region"])
                and (not args["site"] or site["id"] == args["site"])
                and (not args["municipality"]
                     or args["municipality"] in (site["id"], site["municipality"], site["successor"]))):
            total += site["articles"]
    return total


# -- republished stories ---------------------------------------------------------------

@pages.reader_page
async def republished_page(datasette, request):
    db = pages.archive_db(datasette)
    page = page_number(request)
    clusters = await pages.rows(
        db,
        """
        select id, size, site_count, earliest_published from clusters_v1
        where site_count >= 2 order by earliest_published desc, id limit ? offset ?
        """,
        [STORIES_PER_PAGE + 1, (page - 1) * STORIES_PER_PAGE],
    )
    has_next = len(clusters) > STORIES_PER_PAGE
    clusters = clusters[:STORIES_PER_PAGE]
    copies: dict[str, list[dict]] = {c["id"]: [] for c in clusters}
    if clusters:
        # The stories drive the join, so each is one lookup in the cluster index.
        for row in await pages.rows(
            db,
            """
            select v.id, v.title, v.published, v.site, v.site_name, v.cluster_id, substr(v.body, 1, 400) as head
            from json_each(?) j cross join articles_v1 v on v.cluster_id = j.value
            order by coalesce(v.published, '9999'), v.id
            """,
            [json.dumps([c["id"] for c in clusters])],
        ):
            copies[row["cluster_id"]].append(row)
    stories = []
    for cluster in clusters:
        visible = with_excerpts(copies[cluster["id"]])
        if visible:  # every copy may have been redacted
            stories.append({"first": visible[0], "copies": visible,
                            "sites": len({c["site"] for c in visible})})
    total = await count(db, "select count(*) from clusters_v1 where site_count >= 2", [])
    context = {"stories": stories, "pager": pager(request, page, has_next, total, STORIES_PER_PAGE)}
    return await pages.render(datasette, request, "parpublicetie.html", context, "parpublicetie")


# -- EU-funded projects ------------------------------------------------------------------

def _most_common(values):
    values = [v for v in values if v not in (None, "")]
    return Counter(values).most_common(1)[0][0] if values else None


def group_projects(mentions: list[dict]) -> list[dict]:
    """One entry per project (by acronym, else by name and programme), with the facts
    most of its articles agree on and every article that mentions it, newest first."""
    groups: dict[tuple, list[dict]] = {}
    for row in mentions:
        acronym = (row.get("acronym") or "").strip().lower()
        key = ("a", acronym) if acronym else ("p", (row.get("project") or "").strip().lower(),
                                               (row.get("programme") or "").strip().lower())
        groups.setdefault(key, []).append(row)
    projects = []
    for rows in groups.values():
        facts = [pages.eu_facts(r) for r in rows]
        budget = _most_common(f["budget"] for f in facts)
        erdf = _most_common(f["erdf"] for f in facts)
        articles, seen = [], set()
        for row in rows:
            if row["article"] not in seen:
                seen.add(row["article"])
                articles.append({"id": row["article"], "title": row["title"],
                                 "published": row["published"], "site": row["site"],
                                 "site_name": row["site_name"]})
        starts = [f["period_start"] for f in facts if f["period_start"]]
        ends = [f["period_end"] for f in facts if f["period_end"]]
        projects.append({
            "acronym": _most_common(f["acronym"] for f in facts),
            "project": _most_common(f["project"] for f in facts),
            "programme": _most_common(f["programme"] for f in facts),
            "budget": budget,
            "erdf": erdf,
            "erdf_share": round(100 * erdf / budget) if budget and erdf and 0 < erdf <= budget else None,
            "period_start": min(starts) if starts else None,
            "period_end": max(ends) if ends else None,
            "articles": articles,
            "latest": max((a["published"] or "" for a in articles), default=""),
        })
    projects.sort(key=lambda p: p["latest"], reverse=True)
    return projects


async def add_copies(db, projects: list[dict]) -> None:
    """Add to each project the copies of its articles on other sites (a press release a
    region's municipalities republished) that the extraction did not tie to it."""
    ids = [a["id"] for p in projects for a in p["articles"]]
    if not ids:
        return
    marks = ", ".join("?" for _ in ids)
    copies: dict[str, list[dict]] = {}
    for row in await pages.rows(
        db,
        f"""
        select a.id as original, b.id, b.title, b.published, b.site, b.site_name
        from articles_v1 a join articles_v1 b on b.cluster_id = a.cluster_id and b.id != a.id
        where a.id in ({marks}) and a.cluster_id is not null
        order by b.published
        """,
        ids,
    ):
        copies.setdefault(row.pop("original"), []).append(row)
    for project in projects:
        seen = {a["id"] for a in project["articles"]}
        for article in list(project["articles"]):
            for copy in copies.get(article["id"], []):
                if copy["id"] not in seen:
                    seen.add(copy["id"])
                    project["articles"].append(copy)
        project["articles"].sort(key=lambda a: a["published"] or "", reverse=True)


@pages.reader_page
async def eu_projects_page(datasette, request):
    db = pages.archive_db(datasette)
    query = (request.args.get("projekts") or "").strip()[:200]
    mentions = await pages.rows(
        db,
        """
        select e.*, a.id as article, a.title, a.published, a.site, a.site_name
        from eu_projects e cross join articles_v1 a on a.id = e.article_id  -- cross: read the few projects first
        where :q = '' or e.acronym like '%' || :q || '%' or e.project like '%' || :q || '%'
           or e.programme like '%' || :q || '%'
        order by a.published desc limit :limit
        """,
        {"q": query, "limit": EU_ROWS_LIMIT},
    )
    projects = group_projects(mentions)
    page = page_number(request)
    start = (page - 1) * PROJECTS_PER_PAGE
    shown = projects[start:start + PROJECTS_PER_PAGE]
    await add_copies(db, shown)
    context = {
        "query": query,
        "projects": shown,
        "pager": pager(request, page, len(projects) > start + PROJECTS_PER_PAGE, len(projects), PROJECTS_PER_PAGE),
    }
    return await pages.render(datasette, request, "es_projekti.html", context, "es_projekti")
