"""The archive's schema, created and changed only through named migrations.

Each migration is applied once and recorded in ``_sqlite_migrations`` (sqlite-utils).
Never edit a migration that has shipped: add a new one. Internal tables may change
between versions; the public ``*_v1`` views (see :mod:`archive.views`) may not.
"""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("novadi")

# FTS5's unicode61 tokenizer with remove_diacritics 2 folds every Latvian letter
# to its base (ā→a, š→s, ļ→l), so readers find "pašvaldība" by typing "pasvaldiba".
FTS_TOKENIZE = "unicode61 remove_diacritics 2"


@migrations(name="0001_core")
def core(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE sites (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            url TEXT NOT NULL,
            kind TEXT,
            region TEXT,
            municipality TEXT,
            successor TEXT,
            profile TEXT,
            frequency TEXT,
            stopped INTEGER,
            unverified TEXT,
            registered_at TEXT
        );

        -- One row per article. pk is the FTS rowid; id is the stable public id
        -- derived from the canonical URL of the article's first URL.
        CREATE TABLE articles (
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            site TEXT NOT NULL REFERENCES sites(id),
            url TEXT NOT NULL,
            title TEXT,
            published TEXT,
            updated TEXT,
            author TEXT,
            credit TEXT,
            body TEXT NOT NULL DEFAULT '',
            lang TEXT,
            body_hash TEXT NOT NULL,
            revision INTEGER NOT NULL DEFAULT 1,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            last_changed TEXT NOT NULL,
            gone_at TEXT,
            cluster_id TEXT,
            extractor_version TEXT,
            config_hash TEXT,
            warc_file TEXT,
            warc_offset INTEGER,
            warc_length INTEGER,
            redacted INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX articles_site_published ON articles(site, published);
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_site_body_hash ON articles(site, body_hash);
        CREATE INDEX articles_cluster ON articles(cluster_id);

        -- Every URL an article was found under: its canonical URL and aliases.
        CREATE TABLE article_urls (
            url TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            site TEXT NOT NULL,
            first_seen TEXT NOT NULL
        );
        CREATE INDEX article_urls_article ON article_urls(article_id);

        -- Each version of an article's extracted content, with its capture.
        CREATE TABLE revisions (
            article_id TEXT NOT NULL REFERENCES articles(id),
            rev INTEGER NOT NULL,
            captured_at TEXT NOT NULL,
            title TEXT,
            published TEXT,
            updated TEXT,
            author TEXT,
            body TEXT,
            body_hash TEXT,
            warc_file TEXT,
            warc_offset INTEGER,
            warc_length INTEGER,
            extractor_version TEXT,
            PRIMARY KEY (article_id, rev)
        );

        CREATE TABLE attachments (
            article_id TEXT NOT NULL REFERENCES articles(id),
            url TEXT NOT NULL,
            link_text TEXT,
            kind TEXT,
            status INTEGER,
            content_type TEXT,
            size INTEGER,
            text TEXT,
            fetched_at TEXT,
            warc_file TEXT,
            warc_offset INTEGER,
            warc_length INTEGER,
            PRIMARY KEY (article_id, url)
        );

        CREATE TABLE images (
            article_id TEXT NOT NULL REFERENCES articles(id),
            url TEXT NOT NULL,
            caption TEXT,
            PRIMARY KEY (article_id, url)
        );

        CREATE TABLE eu_projects (
            article_id TEXT NOT NULL REFERENCES articles(id),
            programme TEXT,
            project TEXT,
            acronym TEXT,
            budget_eur REAL,
            erdf_eur REAL,
            period_start TEXT,
            period_end TEXT
        );
        CREATE INDEX eu_projects_article ON eu_projects(article_id);

        -- What the crawler knows of every URL it fetched: for conditional requests,
        -- incremental crawls and resuming an interrupted crawl.
        CREATE TABLE pages (
            url TEXT PRIMARY KEY,
            site TEXT NOT NULL,
            kind TEXT,
            status INTEGER,
            etag TEXT,
            last_modified TEXT,
            lastmod TEXT,
            fetched_at TEXT,
            article_id TEXT
        );
        CREATE INDEX pages_site ON pages(site, fetched_at);

        CREATE TABLE crawl_runs (
            id INTEGER PRIMARY KEY,
            site TEXT NOT NULL,
            mode TEXT,
            started TEXT NOT NULL,
            finished TEXT,
            finish_reason TEXT,
            requests INTEGER DEFAULT 0,
            responses TEXT,
            pages INTEGER DEFAULT 0,
            articles INTEGER DEFAULT 0,
            new INTEGER DEFAULT 0,
            changed INTEGER DEFAULT 0,
            unchanged INTEGER DEFAULT 0,
            gone INTEGER DEFAULT 0,
            dropped TEXT,
            errors INTEGER DEFAULT 0,
            health TEXT,
            flagged INTEGER DEFAULT 0,
            flags TEXT
        );
        CREATE INDEX crawl_runs_site ON crawl_runs(site, started);

        CREATE TABLE clusters (
            id TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            sites TEXT,
            site_count INTEGER,
            earliest_published TEXT,
            first_site TEXT,
            first_article TEXT,
            updated_at TEXT
        );

        -- Takedowns: who hid what, why and when. The hidden text is kept here so a
        -- redaction can be undone; this table is never published or exported.
        CREATE TABLE redactions (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL,
            url TEXT NOT NULL,
            part TEXT,
            reason TEXT NOT NULL,
            who TEXT NOT NULL,
            at TEXT NOT NULL,
            original_title TEXT,
            original_body TEXT,
            undone_at TEXT,
            undone_by TEXT
        );
        CREATE INDEX redactions_article ON redactions(article_id);
        """
    )
    db["articles"].enable_fts(["title", "body"], tokenize=FTS_TOKENIZE, create_triggers=True)


@migrations(name="0002_public_views_v1")
def public_views_v1(db: Database) -> None:
    from archive import views

    views.create(db)


@migrations(name="0003_redacted_values")
def redacted_values(db: Database) -> None:
    # Every value a redaction changed (in the article, its revisions, attachments
    # and images): the value before, so the redaction can be undone, and the value
    # written, so a later write by the crawler can be told apart from our own.
    # Never published or exported.
    db.executescript(
        """
        CREATE TABLE redacted_values (
            article_id TEXT NOT NULL,
            tbl TEXT NOT NULL,
            row_key NOT NULL,
            col TEXT NOT NULL,
            original TEXT,
            scrubbed TEXT,
            PRIMARY KEY (article_id, tbl, row_key, col)
        );
        """
    )


@migrations(name="0004_cluster_index")
def cluster_index(db: Database) -> None:
    # The near-duplicate index (see archive.clusters). Internal tables: recluster_all
    # recreates their content from the articles alone.
    db.executescript(
        """
        -- One row per article the clustering has seen. signature is NULL for an article
        -- kept out of the LSH index (too short, redacted, undatable); body_hash and
        -- redacted tell a later run whether the article changed since.
        CREATE TABLE minhash_signatures (
            article_pk INTEGER PRIMARY KEY,
            body_hash TEXT NOT NULL,
            redacted INTEGER NOT NULL DEFAULT 0,
            day INTEGER,
            shingles INTEGER NOT NULL,
            signature BLOB
        );

        -- LSH buckets: articles sharing a (band, key) are candidate copies.
        CREATE TABLE lsh_buckets (
            band INTEGER NOT NULL,
            key INTEGER NOT NULL,
            article_pk INTEGER NOT NULL,
            PRIMARY KEY (band, key, article_pk)
        ) WITHOUT ROWID;

        -- The parameters the index was built with; a run with others rebuilds it.
        CREATE TABLE cluster_index (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        -- Cluster ids that disappeared in a merge, and the cluster that absorbed them.
        CREATE TABLE cluster_aliases (
            id TEXT PRIMARY KEY,
            cluster_id TEXT NOT NULL,
            at TEXT NOT NULL
        );

        -- Stories republished on two or more sites, with the first copy's title.
        CREATE VIEW republished_v1 AS
        SELECT c.id AS cluster_id, c.size AS size, c.site_count AS site_count,
               c.sites AS sites, c.first_site AS first_site,
               c.earliest_published AS earliest_published, a.title AS title,
               c.first_article AS first_article
        FROM clusters c
        JOIN articles a ON a.id = c.first_article
        WHERE c.site_count >= 2 AND a.redacted = 0;
        """
    )


@migrations(name="0005_fts_on_text_change_and_public_index")
def fts_on_text_change(db: Database) -> None:
    # The FTS index only needs to change when the text does: bookkeeping updates
    # (last_seen, cluster_id) must not rewrite an article's index entries.
    db.executescript(
        """
        DROP TRIGGER IF EXISTS articles_au;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN
          INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES('delete', old.rowid, old.title, old.body);
          INSERT INTO articles_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
        END;
        -- Public pages filter on redacted first; this keeps counts and facets off the bodies.
        CREATE INDEX IF NOT EXISTS articles_public ON articles(redacted, site, published);
        """
    )


@migrations(name="0006_crawl_runs_missed")
def crawl_runs_missed(db: Database) -> None:
    # A full crawl counts the articles incremental crawls had missed.
    db.execute("ALTER TABLE crawl_runs ADD COLUMN missed INTEGER DEFAULT 0")


@migrations(name="0007_cluster_queue")
def cluster_queue(db: Database) -> None:
    # Articles clustering has yet to look at: new, changed (body or redaction) or deleted
    # since its last run. Without it, every run compared all articles with the index
    # (2.3 s at a million articles, after every crawl of every site).
    db.executescript(
        """
        CREATE TABLE cluster_queue (article_pk INTEGER PRIMARY KEY);

        CREATE TRIGGER articles_cluster_ai AFTER INSERT ON articles BEGIN
          INSERT OR IGNORE INTO cluster_queue (article_pk) VALUES (new.pk);
        END;
        CREATE TRIGGER articles_cluster_au AFTER UPDATE OF body_hash, redacted ON articles BEGIN
          INSERT OR IGNORE INTO cluster_queue (article_pk) VALUES (new.pk);
        END;
        CREATE TRIGGER articles_cluster_ad AFTER DELETE ON articles BEGIN
          INSERT OR IGNORE INTO cluster_queue (article_pk) VALUES (old.pk);
        END;

        -- What the index does not reflect yet in an existing archive.
        INSERT OR IGNORE INTO cluster_queue (article_pk)
        SELECT a.pk FROM articles a LEFT JOIN minhash_signatures s ON s.article_pk = a.pk
        WHERE s.article_pk IS NULL OR s.body_hash <> a.body_hash OR s.redacted <> a.redacted;
        INSERT OR IGNORE INTO cluster_queue (article_pk)
        SELECT article_pk FROM minhash_signatures WHERE article_pk NOT IN (SELECT pk FROM articles);
        """
    )


@migrations(name="0013_requisites")
def requisites(db: Database) -> None:
    # Every capture of a page requisite (stylesheet, font, image). A revisit (the
    # payload was stored before) points at its own record and at the payload's.
    # page_resources says which article needed which file, so a redacted article's
    # images go with it.
    db.executescript(
        """
        CREATE TABLE resources (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            fetched_url TEXT NOT NULL,
            site TEXT NOT NULL,
            captured_at TEXT NOT NULL,
            status INTEGER,
            content_type TEXT,
            size INTEGER,
            digest TEXT,
            revisit INTEGER NOT NULL DEFAULT 0,
            warc_date TEXT,
            warc_file TEXT,
            warc_offset INTEGER,
            warc_length INTEGER,
            payload_file TEXT,
            payload_offset INTEGER,
            payload_length INTEGER
        );
        CREATE INDEX resources_url ON resources(url, captured_at);
        CREATE INDEX resources_digest ON resources(digest);

        CREATE TABLE page_resources (
            article_id TEXT NOT NULL REFERENCES articles(id),
            url TEXT NOT NULL,
            kind TEXT,
            PRIMARY KEY (article_id, url)
        );
        CREATE INDEX page_resources_url ON page_resources(url);
        """
    )


@migrations(name="0014_crawl_runs_requisites")
def crawl_runs_requisites(db: Database) -> None:
    # What fetching requisites cost a run: requests, bytes received, and how many
    # of the files were already in the archive (revisits).
    for column in ("requisite_requests", "requisite_bytes", "requisite_revisits"):
        db.execute(f"ALTER TABLE crawl_runs ADD COLUMN {column} INTEGER DEFAULT 0")


@migrations(name="0016_attachments_fts")
def attachments_fts(db: Database) -> None:
    # The text of linked documents (PDF, DOCX, ODT) is searched beside the articles';
    # the index follows attachments.text (extraction, re-extraction, redaction).
    db.executescript(
        f"""
        CREATE VIRTUAL TABLE IF NOT EXISTS attachments_fts USING fts5(
          text, content='attachments', content_rowid='rowid', tokenize='{FTS_TOKENIZE}'
        );
        CREATE TRIGGER attachments_fts_ai AFTER INSERT ON attachments BEGIN
          INSERT INTO attachments_fts (rowid, text) VALUES (new.rowid, new.text);
        END;
        CREATE TRIGGER attachments_fts_ad AFTER DELETE ON attachments BEGIN
          INSERT INTO attachments_fts (attachments_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        END;
        CREATE TRIGGER attachments_fts_au AFTER UPDATE OF text ON attachments BEGIN
          INSERT INTO attachments_fts (attachments_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
          INSERT INTO attachments_fts (rowid, text) VALUES (new.rowid, new.text);
        END;
        INSERT INTO attachments_fts (attachments_fts) VALUES ('rebuild');
        """
    )


@migrations(name="0010_crawl_runs_coverage")
def crawl_runs_coverage(db: Database) -> None:
    # A run proves its coverage by the teasers its listings showed: how many, how many
    # are articles in the archive, why the rest are not, and how many teaser dates
    # disagree with the stored article's date (how a wrong date shows on a real site).
    for column, kind in (("teasers", "INTEGER DEFAULT 0"), ("teasers_dated", "INTEGER DEFAULT 0"),
                         ("teasers_archived", "INTEGER DEFAULT 0"), ("teasers_dropped", "TEXT"),
                         ("teaser_dates_differ", "INTEGER DEFAULT 0"), ("coverage", "REAL"),
                         ("coverage_missed", "TEXT"), ("undated", "INTEGER DEFAULT 0")):
        db.execute(f"ALTER TABLE crawl_runs ADD COLUMN {column} {kind}")


@migrations(name="0008_body_html")
def body_html(db: Database) -> None:
    # The structured body (sanitized minimal HTML, see crawler.extraction.structure);
    # NULL for articles stored before it existed, until `novadi reextract` fills it in.
    if "body_html" not in db["articles"].columns_dict:
        db.execute("ALTER TABLE articles ADD COLUMN body_html TEXT")
    from archive import views

    views.create(db)


@migrations(name="0009_eu_project_amounts_in_cents")
def eu_project_amounts_in_cents(db: Database) -> None:
    # Amounts as integers of euro cents (REAL euros printed 1204300.0 and could not hold
    # every cent exactly), and the project's registration number beside its acronym.
    db.executescript(
        """
        DROP VIEW IF EXISTS eu_projects_v1;
        CREATE TABLE eu_projects_new (
            article_id TEXT NOT NULL REFERENCES articles(id),
            programme TEXT,
            project TEXT,
            acronym TEXT,
            number TEXT,
            budget_cents INTEGER,
            erdf_cents INTEGER,
            period_start TEXT,
            period_end TEXT
        );
        INSERT INTO eu_projects_new (article_id, programme, project, acronym, budget_cents, erdf_cents,
                                     period_start, period_end)
        SELECT article_id, programme, project, acronym,
               CAST(round(budget_eur * 100) AS INTEGER), CAST(round(erdf_eur * 100) AS INTEGER),
               period_start, period_end
        FROM eu_projects;
        DROP TABLE eu_projects;
        ALTER TABLE eu_projects_new RENAME TO eu_projects;
        CREATE INDEX eu_projects_article ON eu_projects(article_id);
        """
    )
    from archive import views

    views.create(db)


# Written into the file's header by 0015: "NVDI". Another program's SQLite file
# carries its own number (or none, and no novadi tables), so it is never taken over.
APPLICATION_ID = 0x4E564449


@migrations(name="0015_application_id")
def application_id(db: Database) -> None:
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


@migrations(name="0011_articles_last_checked")
def articles_last_checked(db: Database) -> None:
    # When the crawl last asked for the article, whatever the answer (200, 304, 404):
    # the revisit policy's slower cycle picks the articles checked longest ago.
    # Until an article is next checked, its last sighting is the best there is.
    # pages.fetched_url: the URL as the site answered it (a page's key is its canonical
    # form, which drops a trailing slash the site may need): what a revisit asks for.
    db.executescript(
        """
        ALTER TABLE articles ADD COLUMN last_checked TEXT;
        UPDATE articles SET last_checked = last_seen;
        CREATE INDEX articles_site_last_checked ON articles(site, last_checked);
        ALTER TABLE pages ADD COLUMN fetched_url TEXT;
        """
    )


@migrations(name="0012_crawl_runs_revisits")
def crawl_runs_revisits(db: Database) -> None:
    # What a run's revisits of archived articles found: how many it asked for, why
    # (a moved sitemap lastmod or feed date, a recent article, the slower cycle, the
    # full pass; JSON), and their outcomes.
    for column, kind in (("revisited", "INTEGER DEFAULT 0"), ("revisit_reasons", "TEXT"),
                         ("revisit_unchanged", "INTEGER DEFAULT 0"), ("revisit_changed", "INTEGER DEFAULT 0"),
                         ("revisit_gone", "INTEGER DEFAULT 0")):
        db.execute(f"ALTER TABLE crawl_runs ADD COLUMN {column} {kind}")

@migrations(name="0017_search_facts_index")
def search_facts_index(db: Database) -> None:
    # The reader's search reads the date, story and place of thousands of matches per
    # query: from this index they are a few cached pages instead of one wide article
    # row each (random reads in a large file). The search names it (INDEXED BY).
    db.execute("CREATE INDEX IF NOT EXISTS articles_search_facts "
               "ON articles(pk, redacted, site, published, cluster_id)")


def known_names() -> set[str]:
    return {migration.name for migration in migrations._migrations}


def apply(db: Database) -> None:
    """Bring the database's schema up to date.

    Callers that may race (two processes opening a fresh archive) hold the archive's
    lock around this (:func:`archive.db.open_db`): migrations use ``executescript``,
    which commits as it goes, so a transaction alone cannot keep a second process out.
    """
    migrations.apply(db)
