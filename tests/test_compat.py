"""The public contract holds: v1 views keep their columns, and a dump made with the first
public schema (tests/fixtures/dump_v1, see its make_dump.py) still reads the same."""
import csv
import gzip
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from archive import views
from archive.db import open_db
from archive.export import export, verify
from archive.schema_docs import fresh_db

DUMP = Path(__file__).parent / "fixtures" / "dump_v1" / "dump"

# The columns of every v1 view, in order. A failure here means a public view changed:
# a column added at the end may be added here too; anything else needs a *_v2 view.
V1_COLUMNS = {
    "articles_v1": ["pk", "id", "url", "site", "site_name", "municipality", "municipality_name", "region", "kind",
                    "title", "published", "year", "updated", "author", "credit", "body", "lang", "cluster_id",
                    "revisions", "first_seen", "last_seen", "gone_at", "body_html"],
    "sites_v1": ["id", "name", "url", "kind", "region", "municipality", "successor", "stopped", "articles",
                 "earliest", "latest"],
    "clusters_v1": ["id", "size", "sites", "site_count", "earliest_published", "first_site", "first_article"],
    "revisions_v1": ["article_id", "rev", "captured_at", "title", "published", "updated", "author", "body"],
    "attachments_v1": ["article_id", "url", "link_text", "kind", "size", "text"],
    "eu_projects_v1": ["article_id", "programme", "project", "acronym", "number", "budget_cents", "erdf_cents",
                       "period_start", "period_end", "stated_in"],
    "republished_v1": ["cluster_id", "size", "site_count", "sites", "first_site", "earliest_published", "title",
                       "first_article"],
}
# What the fixture hid: none of it may appear in any file of the dump.
HIDDEN = ["Anna Kalniņa", "Kalni", "Pētera Ozoliņa", "kaimini-stridas", ".warc.gz"]


def columns(db, view):
    return [name for name, _ in views.columns(db, view)]


def test_v1_views_keep_their_columns():
    db = fresh_db()
    v1 = [v for v in views.public_views(db) if v.endswith("_v1")]
    assert sorted(v1) == sorted(V1_COLUMNS), "pin the columns of a new v1 view in V1_COLUMNS"
    for view in v1:
        assert columns(db, view) == V1_COLUMNS[view], f"{view} changed incompatibly: make a _v2 view instead"


def jsonl(name, sort=False):
    with gzip.open(DUMP / f"{name}.jsonl.gz", "rt", encoding="utf-8") as f:
        recorded = [json.loads(line) for line in f]
    return sorted(recorded, key=_key) if sort else recorded


def rows(db, view, cols):
    """The view's rows, as dicts of the recorded columns, in the order of their JSON."""
    return sorted((dict(zip(cols, r)) for r in db.execute(f"SELECT {', '.join(cols)} FROM {view}")), key=_key)


def _key(row):
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


MANIFEST = json.loads((DUMP / "manifest.json").read_text(encoding="utf-8"))
RECORDED = [v for v in MANIFEST["views"] if v in V1_COLUMNS]


def test_the_v1_dump_verifies():
    assert MANIFEST["schema_version"] == "1"
    assert verify(DUMP) == []
    assert sum(f.stat().st_size for f in DUMP.parent.rglob("*") if f.is_file()) < 200_000


@pytest.mark.parametrize("view", RECORDED)
def test_the_v1_database_reads_as_recorded(view):
    db = sqlite_utils.Database(sqlite3.connect(f"file:{DUMP / 'novadi.db'}?mode=ro&immutable=1", uri=True))
    cols = MANIFEST["views"][view]["columns"]
    # the dump was made with the first schema: columns added at the end since are not in it
    assert V1_COLUMNS[view][:len(cols)] == cols
    assert rows(db, view, cols) == jsonl(view, sort=True)


@pytest.mark.parametrize("view", RECORDED)
def test_the_v1_csv_matches_its_jsonl(view):
    with gzip.open(DUMP / f"{view}.csv.gz", "rt", encoding="utf-8", newline="") as f:
        from_csv = list(csv.DictReader(f))
    assert from_csv == [{k: "" if v is None else str(v) for k, v in r.items()} for r in jsonl(view)]


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory):
    """A copy of the v1 dump's database brought up to the current schema."""
    path = tmp_path_factory.mktemp("compat") / "novadi.db"
    shutil.copy(DUMP / "novadi.db", path)
    db = open_db(path)
    yield db, path
    db.conn.close()


@pytest.mark.parametrize("view", RECORDED)
def test_an_upgraded_v1_database_reads_the_same(upgraded, view):
    db, _ = upgraded
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    cols = MANIFEST["views"][view]["columns"]
    assert columns(db, view)[:len(cols)] == cols
    assert rows(db, view, cols) == jsonl(view, sort=True)


def test_an_upgraded_v1_database_exports_the_same(upgraded, tmp_path):
    _, path = upgraded
    manifest = export(path, tmp_path / "again")
    for view in RECORDED:
        cols = MANIFEST["views"][view]["columns"]
        with gzip.open(tmp_path / "again" / f"{view}.jsonl.gz", "rt", encoding="utf-8") as f:
            again = [{k: r[k] for k in cols} for r in map(json.loads, f)]
        assert again == jsonl(view), view
        assert manifest.views[view]["rows"] == MANIFEST["views"][view]["rows"]


def test_the_v1_dump_holds_nothing_hidden():
    for path in DUMP.iterdir():
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        for text in HIDDEN:
            assert text.encode() not in data, (path.name, text)
    bodies = [r["body"] for r in jsonl("articles_v1")]
    assert len(bodies) == 4 and sum("[…]" in b for b in bodies) == 1
