"""The public views: the archive's data contract with its readers and downstream users.

A ``*_v1`` view never changes incompatibly. Adding a column at the end is allowed;
renaming, removing or changing the meaning of one needs a ``*_v2`` beside it.
Redacted articles never appear in a public view.
"""
from __future__ import annotations

import re

from sqlite_utils import Database

SCHEMA_VERSION = "1"

# A public view's name ends in its version; everything else in the database is internal.
PUBLIC_VIEW = re.compile(r"^[a-z_]+_v[0-9]+$")

VIEWS = {
    "articles_v1": """
        SELECT
            a.pk AS pk,
            a.id AS id,
            a.url AS url,
            a.site AS site,
            s.name AS site_name,
            s.municipality AS municipality,
            m.name AS municipality_name,
            s.region AS region,
            s.kind AS kind,
            a.title AS title,
            a.published AS published,
            substr(a.published, 1, 4) AS year,
            a.updated AS updated,
            a.author AS author,
            a.credit AS credit,
            a.body AS body,
            a.lang AS lang,
            a.cluster_id AS cluster_id,
            a.revision AS revisions,
            a.first_seen AS first_seen,
            a.last_seen AS last_seen,
            a.gone_at AS gone_at,
            a.body_html AS body_html
        FROM articles a
        JOIN sites s ON s.id = a.site
        LEFT JOIN sites m ON m.id = s.municipality
        WHERE a.redacted = 0
    """,
    "sites_v1": """
        SELECT
            s.id AS id, s.name AS name, s.url AS url, s.kind AS kind, s.region AS region,
            s.municipality AS municipality, s.successor AS successor, s.stopped AS stopped,
            (SELECT count(*) FROM articles a WHERE a.site = s.id AND a.redacted = 0) AS articles,
            (SELECT min(published) FROM articles a WHERE a.site = s.id AND a.redacted = 0) AS earliest,
            (SELECT max(published) FROM articles a WHERE a.site = s.id AND a.redacted = 0) AS latest
        FROM sites s
    """,
    "clusters_v1": """
        SELECT c.id AS id, c.size AS size, c.sites AS sites, c.site_count AS site_count,
               c.earliest_published AS earliest_published, c.first_site AS first_site,
               c.first_article AS first_article
        FROM clusters c
    """,
    "revisions_v1": """
        SELECT r.article_id AS article_id, r.rev AS rev, r.captured_at AS captured_at,
               r.title AS title, r.published AS published, r.updated AS updated,
               r.author AS author, r.body AS body
        FROM revisions r JOIN articles a ON a.id = r.article_id
        WHERE a.redacted = 0
    """,
    "attachments_v1": """
        SELECT t.article_id AS article_id, t.url AS url, t.link_text AS link_text,
               t.kind AS kind, t.size AS size, t.text AS text
        FROM attachments t JOIN articles a ON a.id = t.article_id
        WHERE a.redacted = 0
    """,
    # One story's copies on several sites (one cluster) state the same project: its
    # facts come from the copy that states the most of them (the earliest on a tie),
    # so a copy that leaves out the budget or the number does not contradict the others.
    "eu_projects_v1": """
        WITH facts AS (
            SELECT e.*, a.cluster_id AS cluster_id, a.published AS published,
                   (e.programme IS NOT NULL) + (e.project IS NOT NULL) + (e.acronym IS NOT NULL)
                   + (e.number IS NOT NULL) + (e.budget_cents IS NOT NULL) + (e.erdf_cents IS NOT NULL)
                   + (e.period_start IS NOT NULL) + (e.period_end IS NOT NULL) AS known
            FROM eu_projects e JOIN articles a ON a.id = e.article_id
            WHERE a.redacted = 0
        ),
        best AS (
            SELECT *, row_number() OVER (
                PARTITION BY cluster_id ORDER BY known DESC, published, article_id) AS place
            FROM facts WHERE cluster_id IS NOT NULL
        )
        SELECT f.article_id AS article_id,
               coalesce(b.programme, f.programme) AS programme,
               coalesce(b.project, f.project) AS project,
               coalesce(b.acronym, f.acronym) AS acronym,
               coalesce(b.number, f.number) AS number,
               coalesce(b.budget_cents, f.budget_cents) AS budget_cents,
               coalesce(b.erdf_cents, f.erdf_cents) AS erdf_cents,
               coalesce(b.period_start, f.period_start) AS period_start,
               coalesce(b.period_end, f.period_end) AS period_end,
               coalesce(b.article_id, f.article_id) AS stated_in
        FROM facts f
        LEFT JOIN best b ON b.cluster_id = f.cluster_id AND b.place = 1
    """,
}


# What each public view holds, one row of it, and each of its columns: the source
# of docs/schema.md (see archive.schema_docs), where every public column must be described.
DESCRIPTIONS = {
    "articles_v1": "One row per article: its current text and where it comes from. "
                   "Redacted articles are left out.",
    "sites_v1": "One row per site in the registry (municipalities, state cities, planning "
                "regions and legacy sites of former municipalities), with article counts.",
    "clusters_v1": "One row per cluster: a group of near-identical articles published by "
                   "several sites (a press release shared by a region's municipalities).",
    "revisions_v1": "One row per captured version of an article's text; rev 1 is the first "
                    "capture. Revisions of redacted articles are left out.",
    "attachments_v1": "One row per document linked from an article (PDF, DOCX, XLSX and "
                      "the like), with its text when it was fetched.",
    "eu_projects_v1": "One row per article about an EU-funded project, with the project's "
                      "facts as the text states them. Copies of one story on several sites "
                      "(one cluster) show the same facts: those of the copy that states the most.",
    "republished_v1": "One row per story republished on two or more sites (a cluster whose "
                      "copies span sites), with the first copy's title.",
}

COLUMNS = {
    "articles_v1": {
        "pk": "Row number of the article in this database (the full-text index's rowid). "
              "Differs between databases: use id to refer to an article.",
        "id": "Stable article id: the first 16 hex digits of the SHA-256 of the article's "
              "canonical URL without its scheme.",
        "url": "Canonical URL the article was first found under.",
        "site": "Id of the site that published the article (sites_v1.id).",
        "site_name": "Name of the publishing site.",
        "municipality": "Id of the municipality the site belongs to today (sites_v1.id); "
                        "empty for a planning region's site.",
        "municipality_name": "Name of that municipality.",
        "region": "Planning region of the site: kurzeme, zemgale, vidzeme, latgale or riga.",
        "kind": "Kind of publisher: state-city, municipality, planning-region or legacy "
                "(a municipality merged into a new one in the 2021 reform).",
        "title": "Headline.",
        "published": "Publication date as the site states it, ISO 8601 in Europe/Riga time: "
                     "2022-02-08 when only the day is known, 2022-02-08T10:15:00+02:00 with a "
                     "time; empty when the site gives none. A date the page writes relative to "
                     "when it was fetched (\"vakar, 14:30\", \"pirms 3 dienām\") is read against "
                     "the moment it was fetched. A page from another country keeps "
                     "its publisher's offset, or only the day when the page gives the moment in "
                     "UTC and its country spans several time zones.",
        "year": "Year of publication: the first four characters of published.",
        "updated": "Date the site says the article was last updated, in the same form as "
                   "published; empty when it says nothing.",
        "author": "Author as the site names it: the people (or the office) named, without job "
                  "titles or roles; several separated by \"; \".",
        "credit": "Credits as the site gives them, each as published, separated by \"; \": who "
                  "prepared the text (\"Informāciju sagatavoja: …\", with the job title), photo and "
                  "source credits (\"Foto: …\").",
        "body": "Plain text of the current version, NFC-normalized, one paragraph per line. "
                "A redacted passage reads […]. Empty for a dated post of pictures alone (a photo "
                "gallery), whose pictures are in body_html.",
        "lang": "Language of the text as a two-letter code (lv, ru, en, ...).",
        "cluster_id": "Cluster of near-identical articles this one belongs to "
                      "(clusters_v1.id); empty when it belongs to none.",
        "revisions": "Number of versions of the text captured (rows in revisions_v1).",
        "first_seen": "When the archive first fetched the article (UTC, ISO 8601).",
        "last_seen": "When the archive last fetched the article (UTC, ISO 8601).",
        "gone_at": "When the site stopped serving the article (404 or 410; UTC, ISO 8601); "
                   "empty while it is online.",
        "body_html": "The same text with its structure: headings, paragraphs, lists, tables, "
                     "quotes, links and images with captions, as sanitized HTML using only h2 h3 h4 "
                     "p ul ol li table thead tbody tr th td a figure img figcaption blockquote "
                     "strong em b i br, with no attributes but href (links), src and alt (images); "
                     "every URL absolute, pointing at the original site. A post of pictures alone is "
                     "its figures. Empty for articles "
                     "stored before it was extracted, until they are re-extracted.",
    },
    "sites_v1": {
        "id": "Stable site id: the registry key, kept when the site or the municipality is "
              "renamed.",
        "name": "Name of the site's publisher.",
        "url": "Home page.",
        "kind": "state-city, municipality, planning-region or legacy (a municipality merged "
                "into a new one in the 2021 reform).",
        "region": "Planning region: kurzeme, zemgale, vidzeme, latgale or riga.",
        "municipality": "Id of the municipality the site belongs to today; its own id for a "
                        "current municipality or state city, empty for a planning region.",
        "successor": "For a legacy site: id of the municipality that took it over.",
        "stopped": "For a legacy site: the year it stopped publishing.",
        "articles": "Number of its articles in articles_v1.",
        "earliest": "Earliest publication date among its articles.",
        "latest": "Latest publication date among its articles.",
    },
    "clusters_v1": {
        "id": "Cluster id, assigned by the clustering step.",
        "size": "Number of articles in the cluster.",
        "sites": "Ids of the sites that published them, comma-separated.",
        "site_count": "Number of distinct sites.",
        "earliest_published": "Earliest publication date in the cluster.",
        "first_site": "Id of the site that published it first.",
        "first_article": "Id of the article published first (articles_v1.id).",
    },
    "revisions_v1": {
        "article_id": "The article (articles_v1.id).",
        "rev": "Version number, from 1 in the order captured.",
        "captured_at": "When this version was fetched (UTC, ISO 8601).",
        "title": "Headline in this version.",
        "published": "Publication date given in this version (as articles_v1.published).",
        "updated": "Update date given in this version.",
        "author": "Author given in this version.",
        "body": "Plain text of this version (as articles_v1.body).",
    },
    "attachments_v1": {
        "article_id": "The article that links to the document (articles_v1.id).",
        "url": "URL of the document.",
        "link_text": "Text of the link in the article.",
        "kind": "File type from the link: pdf, doc, docx, xls, xlsx, odt, ods or rtf.",
        "size": "Size in bytes, when the document was fetched.",
        "text": "Text extracted from the document, when it was fetched.",
    },
    "eu_projects_v1": {
        "article_id": "The article (articles_v1.id).",
        "programme": "Funding programme, in the nominative (\"Interreg V-A Latvijas–Lietuvas "
                     "pārrobežu sadarbības programma 2014.–2020. gadam\").",
        "project": "Project name as quoted in the text.",
        "acronym": "Project acronym (\"CareNet\", \"SEMPRE\"): a name, never a number.",
        "number": "Project registration number (\"LLI-538\", \"LL-00045\").",
        "budget_cents": "Total budget in euro cents, an integer: 1 204 300,00 EUR is 120430000.",
        "erdf_cents": "European Regional Development Fund (ERAF) share in euro cents, an integer.",
        "period_start": "First day of the project period (ISO 8601 date).",
        "period_end": "Last day of the project period (ISO 8601 date).",
        "stated_in": "The article whose text these facts were read from: this one, or the copy "
                     "of the same story that states the most (articles_v1.id).",
    },
    "republished_v1": {
        "cluster_id": "The cluster (clusters_v1.id).",
        "size": "Number of copies.",
        "site_count": "Number of distinct sites, at least 2.",
        "sites": "Ids of the sites that published it, comma-separated.",
        "first_site": "Id of the site that published it first.",
        "earliest_published": "Publication date of the earliest copy.",
        "title": "Headline of the first copy.",
        "first_article": "Id of the first copy (articles_v1.id).",
    },
}

# SQLite declares no type for a computed column; these are what their values are.
COMPUTED_TYPES = {
    "articles_v1": {"year": "TEXT"},
    "sites_v1": {"articles": "INTEGER", "earliest": "TEXT", "latest": "TEXT"},
    "eu_projects_v1": {"programme": "TEXT", "project": "TEXT", "acronym": "TEXT", "number": "TEXT",
                       "budget_cents": "INTEGER", "erdf_cents": "INTEGER", "period_start": "TEXT",
                       "period_end": "TEXT", "stated_in": "TEXT"},
}


def public_views(db: Database) -> list[str]:
    """The public views present in ``db``: those of :data:`VIEWS` first, then any other."""
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")]
    public = [n for n in names if PUBLIC_VIEW.match(n)]
    return [n for n in VIEWS if n in public] + [n for n in public if n not in VIEWS]


def columns(db: Database, view: str) -> list[tuple[str, str]]:
    """``(name, type)`` of each column of ``view``, in order."""
    computed = COMPUTED_TYPES.get(view, {})
    return [(r[1], r[2] or computed.get(r[1], "")) for r in db.execute(f"PRAGMA table_info([{view}])")]


def create(db: Database) -> None:
    """(Re)create every public view from its definition."""
    for name, sql in VIEWS.items():
        db.execute(f"DROP VIEW IF EXISTS {name}")
        db.execute(f"CREATE VIEW {name} AS {sql}")
