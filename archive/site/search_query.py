"""A reader's search run on the archive: filters, order, copies folded, facets, one page.

The matching articles (title and body, and the text of their attachments) are read
once, newest first in the index (oldest first when the reader sorts by the oldest), at
most :data:`CANDIDATES` of them, each with its date, story and place from a slim
covering index: a common word is read for its newest matches and the page says its
figures are of those. A small place's or a short period's articles are gathered first
and applied inside the index scan, so its older articles are not crowded out by the
rest; a big one's are checked match by match (see :func:`_broad`). From
those candidates come the year facet, the counts per month for the chart, the copies of
one republished story (folded into one hit, "arī N citās vietnēs") and the order; only
the page shown reads titles and texts. Relevance is FTS5's bm25 (a title hit weighs ten
body hits); a hit only in an attachment ranks at half its bm25 in the attachments' index.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter
from dataclasses import dataclass, field

from archive.site import search
from archive.site.formatting import summary

CANDIDATES = 2_000
PER_PAGE = 20
SORTS = ("relevance", "newest", "oldest")
ATTACHMENT_WEIGHT = 0.5


@dataclass(frozen=True)
class Filters:
    text: str
    sites: tuple[str, ...] | None = None  # None: every site
    date_from: str = ""  # YYYY-MM-DD, inclusive
    date_to: str = ""  # YYYY-MM-DD, inclusive
    year: str = ""  # YYYY
    sort: str = "relevance"


@dataclass
class Hit:
    pk: int
    id: str = ""
    title: str | None = None
    published: str | None = None
    site: str = ""
    site_name: str = ""
    region: str | None = None
    url: str | None = None
    snippet: str | None = None
    in_attachment: dict | None = None  # the attachment the words were found in
    copies: list[dict] = field(default_factory=list)  # the same story on other sites


@dataclass
class Result:
    hits: list[Hit]
    total: int  # hits after folding copies
    matches: int  # matching articles, copies counted
    capped: bool  # more than CANDIDATES matched: figures are of the ones read
    years: list[tuple[str, int]]  # (year, matching articles), newest first, before the year filter
    months: dict[str, int]  # YYYY-MM → matching articles, after every filter
    page: int
    per_page: int

    @property
    def has_next(self) -> bool:
        return self.page * self.per_page < self.total


def _next_day(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def _conditions(f: Filters) -> tuple[list[str], dict]:
    where, params = ["a.redacted = 0"], {}
    if f.sites is not None:
        where.append("a.site in (select value from json_each(:sites))")
        params["sites"] = json.dumps(list(f.sites))
    if f.date_from:
        where.append("a.published >= :date_from")
        params["date_from"] = f.date_from
    if f.date_to:
        where.append("a.published < :date_to")
        params["date_to"] = _next_day(f.date_to)
    if f.year:
        where.append("a.published >= :year_from and a.published < :year_to")
        params.update(year_from=f.year, year_to=str(int(f.year) + 1))
    return where, params


def _has_table(conn, name: str) -> bool:
    return conn.execute("select 1 from sqlite_master where name = ?", [name]).fetchone() is not None


FACTS_INDEX = "articles_search_facts"  # (pk, redacted, site, published, cluster_id); migration 0017
BROAD = 100  # see _broad


def _broad(conn, condition: str, params: dict) -> bool:
    """Whether the reader's places and dates hold so many articles that the matches are
    best read newest first and each checked, rather than the place's articles gathered
    first. Gathering costs about half a microsecond per article of the place; checking,
    about three per match read, and a place holding a share s of the archive needs
    CANDIDATES/s matches read. The two are equal near BROAD·√(archive) articles; the
    count stops there, so deciding costs a few milliseconds at most."""
    total = conn.execute("select max(pk) from articles").fetchone()[0] or 0
    limit = max(1, int(BROAD * math.sqrt(total)))
    found = conn.execute(f"select count(*) from (select 1 from articles a where {condition} limit :scope_limit)",
                         {**params, "scope_limit": limit}).fetchone()[0]
    return found >= limit


def candidates(conn, f: Filters, match: str, ranks: dict[int, float]) -> tuple[dict[int, tuple], dict[int, int], bool]:
    """Matching articles meeting the filters but the year: pk → (published, cluster_id);
    the attachment (rowid) each attachment-only hit was found in; whether the cap was hit.
    Fills ``ranks`` with each article hit's bm25 when the order is by relevance."""
    where, params = _conditions(Filters(f.text, f.sites, f.date_from, f.date_to))
    params.update(m=match, cap=CANDIDATES)
    condition = " and ".join(where)
    order = "asc" if f.sort == "oldest" else "desc"
    score = "bm25(articles_fts, 10.0, 1.0)" if f.sort == "relevance" else "0.0"
    # Each match's date, story and place from a slim covering index, not the wide row.
    facts = f"indexed by {FACTS_INDEX}" if _has_table(conn, FACTS_INDEX) else ""
    # The place and period alone: read from the (site, published) or (published) index
    # without a look at each article's row (redaction is checked on the facts index).
    scope = " and ".join(where[1:])
    if not scope or _broad(conn, scope, params):
        # Matches in rowid order (FTS5 hands them over so), each checked against the
        # filters, until the cap; bm25 is computed for the rows kept only.
        sql = f"""
            select a.pk, a.published, a.cluster_id, {score}, a.redacted from articles_fts
            cross join articles a {facts} on a.pk = articles_fts.rowid
            where articles_fts match :m and {condition}
            order by articles_fts.rowid {order} limit :cap
        """
    else:
        # A small place or a short period: its articles go inside the index scan, so
        # the cap counts only articles the reader can get ("+rowid": FTS5 would
        # otherwise run the whole text query once per article of the place).
        sql = f"""
            select a.pk, a.published, a.cluster_id, c.rank, a.redacted from (
                select rowid, {score} as rank from articles_fts where articles_fts match :m
                and +rowid in (select a.pk from articles a where {scope})
                order by rowid {order} limit :cap
            ) c cross join articles a {facts} on a.pk = c.rowid
        """
    rows = conn.execute(sql, params).fetchall()
    capped = len(rows) >= CANDIDATES
    # Both shapes give the redaction flag: the gathered place's articles are read from
    # an index that does not hold it, so the cap above counts redacted ones too.
    rows = [row for row in rows if not row[4]]
    found = {pk: (published, cluster) for pk, published, cluster, _, _ in rows}
    ranks.update({pk: rank for pk, _, _, rank, _ in rows})
    in_attachments: dict[int, int] = {}
    if _has_table(conn, "attachments_fts"):
        for pk, published, cluster, rowid in conn.execute(
            f"""
            select a.pk, a.published, a.cluster_id, t.rowid from attachments_fts
            join attachments t on t.rowid = attachments_fts.rowid
            join articles a on a.id = t.article_id
            where attachments_fts match :m and {condition}
            limit :cap
            """,
            params,
        ):
            if pk not in found:
                found[pk] = (published, cluster)
                in_attachments.setdefault(pk, rowid)
    return found, in_attachments, capped


def attachment_scores(conn, match: str, attachment_rows: dict[int, int]) -> dict[int, float]:
    """bm25 of each attachment-only hit (lower is better), weighed down."""
    if not attachment_rows:
        return {}
    by_row = {rowid: pk for pk, rowid in attachment_rows.items()}
    return {by_row[rowid]: score * ATTACHMENT_WEIGHT for rowid, score in conn.execute(
        """
        select rowid, bm25(attachments_fts) from attachments_fts
        where attachments_fts match :m and +rowid in (select value from json_each(:rows))
        """,
        {"m": match, "rows": json.dumps(list(by_row))},
    )}


def ordered(found: dict[int, tuple], sort: str, ranks: dict[int, float]) -> list[int]:
    if sort == "relevance":
        return sorted(found, key=lambda pk: (ranks.get(pk, 0.0), -pk))
    dated = [pk for pk in found if found[pk][0]]
    undated = sorted((pk for pk in found if not found[pk][0]), reverse=sort != "oldest")
    return sorted(dated, key=lambda pk: (found[pk][0], pk), reverse=sort != "oldest") + undated


def fold_copies(order: list[int], found: dict[int, tuple]) -> list[tuple[int, list[int]]]:
    """Each story once, at the place of its first copy in ``order``, with its other copies."""
    groups: dict[object, tuple[int, list[int]]] = {}
    out = []
    for pk in order:
        cluster = found[pk][1]
        if cluster is None:
            out.append((pk, []))
        elif cluster in groups:
            groups[cluster][1].append(pk)
        else:
            groups[cluster] = (pk, [])
            out.append(groups[cluster])
    return out


def run(conn, f: Filters, page: int = 1, per_page: int = PER_PAGE) -> Result:
    """The reader's ``page`` of hits for ``f``, with the figures the page shows."""
    match = search.fts_query(f.text)
    empty = Result([], 0, 0, False, [], {}, page, per_page)
    if match == '""':
        return empty
    ranks: dict[int, float] = {}
    found, in_attachments, capped = candidates(conn, f, match, ranks)
    years = Counter((published or "")[:4] for published, _ in found.values())
    years.pop("", None)
    if f.year:
        found = {pk: v for pk, v in found.items() if (v[0] or "")[:4] == f.year}
    if f.sort == "relevance":
        ranks.update(attachment_scores(conn, match, {pk: r for pk, r in in_attachments.items() if pk in found}))
    stories = fold_copies(ordered(found, f.sort, ranks), found)
    months = Counter((published or "")[:7] for published, _ in found.values())
    months.pop("", None)
    shown = stories[(page - 1) * per_page: page * per_page]
    hits = details(conn, f.text, shown, in_attachments)
    return Result(hits, len(stories), len(found), capped, sorted(years.items(), reverse=True),
                  dict(months), page, per_page)


def details(conn, text: str, shown: list[tuple[int, list[int]]], in_attachments: dict[int, int]) -> list[Hit]:
    """Titles, places, snippets and copies of the hits on one page."""
    pks = [pk for pk, copies in shown for pk in [pk, *copies]]
    if not pks:
        return []
    # The pks drive the join: "pk in (…)" on the view lets the planner start from the
    # (redacted, …) index instead, a scan of every article.
    conn_rows = conn.execute(
        """
        select v.pk, v.id, v.title, v.published, v.site, v.site_name, v.region, v.url, v.body
        from json_each(:pks) j cross join articles_v1 v on v.pk = j.value
        """,
        {"pks": json.dumps(pks)},
    )
    columns = [c[0] for c in conn_rows.description]
    rows = {row[0]: dict(zip(columns, row)) for row in conn_rows}
    attachments = {}
    wanted = [in_attachments[pk] for pk, _ in shown if pk in in_attachments]
    if wanted:
        for rowid, url, link_text, kind, body in conn.execute(
            "select rowid, url, link_text, kind, text from attachments where rowid in (select value from json_each(:r))",
            {"r": json.dumps(wanted)},
        ):
            attachments[rowid] = {"url": url, "link_text": link_text, "kind": kind, "text": body}
    hits = []
    for pk, copies in shown:
        row = rows.get(pk)
        if row is None:  # redacted since the candidates were read
            continue
        body = row.pop("body")
        hit = Hit(**{k: v for k, v in row.items()})
        attachment = attachments.get(in_attachments.get(pk))
        if attachment:
            hit.in_attachment = {k: v for k, v in attachment.items() if k != "text"}
            hit.snippet = search.snippet(attachment["text"], text)
        else:
            hit.snippet = search.snippet(body, text) or search.snippet(row["title"], text) or summary(body, 200)
        seen_sites = {hit.site}
        for copy in copies:
            other = rows.get(copy)
            if other and other["site"] not in seen_sites:
                seen_sites.add(other["site"])
                hit.copies.append({k: other[k] for k in ("id", "title", "published", "site", "site_name")})
        hits.append(hit)
    return hits
