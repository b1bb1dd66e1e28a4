"""The public views: the archive's data contract with its readers and downstream users.

A ``*_v1`` view never changes incompatibly. Adding a column at the end is allowed;
renaming, removing or changing the meaning of one needs a ``*_v2`` beside it.
Redacted articles never appear in a public view.
"""
from __future__ import annotations

from sqlite_utils import Database

SCHEMA_VERSION = "1"

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
            a.gone_at AS gone_at
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
}


def create(db: Database) -> None:
    """(Re)create every public view from its definition."""
    for name, sql in VIEWS.items():
        db.execute(f"DROP VIEW IF EXISTS {name}")
        db.execute(f"CREATE VIEW {name} AS {sql}")
