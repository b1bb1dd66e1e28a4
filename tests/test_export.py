"""Public dumps: one point in time, nothing private, every file checked against the manifest."""
import asyncio
import csv
import gzip
import json
import sqlite3
import threading

import click
import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.app import Datasette

from archive import commands_data
from archive.db import open_db
from archive.export import MANIFEST, PRIVATE_TABLES, PUBLIC_TABLES, ExportError, Manifest, export, verify
from archive.redact import redact
from archive.store import ArchiveWriter
from crawler.registry import adhoc_site
from pipelines.dedup import body_hash

SITE = "https://www.example.lv"
BODY = ("Jelgavas novada dome 25. janvāra sēdē apstiprināja pašvaldības budžetu 2024. gadam. "
        "Lielākā daļa līdzekļu paredzēta izglītībai un ceļu uzturēšanai.")
SECRET = "Pēteris Ozoliņš"


def item(n, body=BODY, at="2024-01-27T08:00:00+00:00"):
    url = f"{SITE}/lv/jaunumi/{n}"
    title = f"Ziņa nr. {n}"
    article = {"title": title, "published": "2024-01-26", "body": f"{body} ({n})", "lang": "lv",
               "attachments": [{"url": url + ".pdf", "text": "Lēmums", "kind": "pdf"}]}
    return {"site": "example-lv", "url": url, "canonical": url, "status": 200, "fetched_at": at, "article": article,
            "body_hash": body_hash(title, f"{body} ({n})"),
            "warc": {"file": "example-lv-20240127.warc.gz", "offset": 100 * n, "length": 99}}


@pytest.fixture
def archive(tmp_path):
    path = tmp_path / "novadi.db"
    db = open_db(path)
    writer = ArchiveWriter(db, batch=10)
    writer.register_sites([adhoc_site(SITE + "/")])
    for n in range(6):
        writer.ingest(item(n))
    writer.ingest(item(1, body=BODY + " Labots.", at="2024-02-01T08:00:00+00:00"))
    writer.ingest(item(6, body=f"Komisija izskatīja {SECRET} sūdzību par kaimiņa suni."))
    writer.ingest(item(7, body=f"Rotaļu laukumu atklāja; runāja {SECRET}."))
    writer.close()
    db.execute("INSERT INTO pages (url, site, fetched_at) VALUES (?, ?, ?)", [SITE + "/x", "example-lv", "2024"])
    redact(db, f"{SITE}/lv/jaunumi/6", reason="pieprasījums", who="redaktors")
    redact(db, f"{SITE}/lv/jaunumi/7", part=SECRET, reason="personas dati", who="redaktors")
    db.conn.close()
    return path


def jsonl(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def csv_rows(path):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def view_rows(db_path, view, order):
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(f"SELECT * FROM {view} ORDER BY {order}")]
    finally:
        conn.close()


def test_a_dump_holds_every_view_as_jsonl_csv_and_database(archive, tmp_path):
    out = tmp_path / "dump"
    manifest = export(archive, out)
    assert manifest.schema_version == "1" and manifest.novadi_version and manifest.created.endswith("+00:00")
    assert set(manifest.views) >= {"articles_v1", "sites_v1", "clusters_v1", "revisions_v1", "attachments_v1"}
    assert manifest.views["articles_v1"]["rows"] == 7 and manifest.views["revisions_v1"]["rows"] == 8
    names = {p.name for p in out.iterdir()}
    assert names == set(manifest.files) | {MANIFEST}
    assert manifest.files["novadi.db"]["rows"] == {v: i["rows"] for v, i in manifest.views.items()}
    articles = jsonl(out / "articles_v1.jsonl.gz")
    assert articles == view_rows(out / "novadi.db", "articles_v1", "id")
    assert list(articles[0]) == manifest.views["articles_v1"]["columns"]
    assert [r["id"] for r in articles] == sorted(r["id"] for r in articles)
    as_text = [{k: "" if v is None else str(v) for k, v in row.items()} for row in articles]
    assert csv_rows(out / "articles_v1.csv.gz") == as_text
    assert Manifest.load(out / MANIFEST) == manifest
    assert verify(out) == []


def test_the_dump_database_holds_nothing_private(archive, tmp_path):
    export(archive, tmp_path / "dump")
    path = tmp_path / "dump" / "novadi.db"
    db = sqlite_utils.Database(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    for table in ("pages", "redactions", "redacted_values"):
        assert db[table].count == 0
    assert db.execute("SELECT count(*) FROM articles WHERE redacted != 0").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM revisions").fetchone()[0] == 8
    for table in ("articles", "revisions", "attachments"):
        assert db.execute(f"SELECT count(*) FROM {table} WHERE coalesce(warc_file, warc_offset, warc_length) "
                          "IS NOT NULL").fetchone()[0] == 0
    hits = db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'budzetu'").fetchone()[0]
    assert hits == 6 and db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.conn.close()


def test_nothing_redacted_or_captured_is_in_any_file(archive, tmp_path):
    export(archive, tmp_path / "dump")
    for path in (tmp_path / "dump").iterdir():
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        for secret in (SECRET, "Ozoli", "kaimiņa suni", "/jaunumi/6", ".warc.gz"):
            assert secret.encode() not in data, (path.name, secret)
    bodies = {r["url"]: r["body"] for r in jsonl(tmp_path / "dump" / "articles_v1.jsonl.gz")}
    assert bodies[f"{SITE}/lv/jaunumi/7"] == "Rotaļu laukumu atklāja; runāja […]. (7)"


def test_datasette_serves_the_dump(archive, tmp_path):
    export(archive, tmp_path / "dump")

    async def fetch():
        ds = Datasette([str(tmp_path / "dump" / "novadi.db")])
        return await ds.client.get("/novadi/articles_v1.json?_shape=array&_sort=id")

    response = asyncio.run(fetch())
    assert response.status_code == 200 and len(response.json()) == 7


def test_only_the_formats_asked_for(archive, tmp_path):
    manifest = export(archive, tmp_path / "dump", formats=["jsonl"])
    assert not [n for n in manifest.files if n.endswith(".csv.gz")]
    assert verify(tmp_path / "dump") == []
    with pytest.raises(ExportError, match="unknown format 'xml'"):
        export(archive, tmp_path / "other", formats=["xml"])


def test_the_same_data_makes_the_same_files(archive, tmp_path):
    first, second = export(archive, tmp_path / "a"), export(archive, tmp_path / "b")
    assert {n: f["sha256"] for n, f in first.files.items() if n.endswith(".gz")} == {
        n: f["sha256"] for n, f in second.files.items() if n.endswith(".gz")}


def test_a_new_dump_replaces_the_old_one(archive, tmp_path):
    out = tmp_path / "dump"
    export(archive, out)
    export(archive, out, formats=["jsonl"])
    assert not list(out.glob("*.csv.gz")) and not list(out.glob(".*")) and verify(out) == []


def test_a_directory_that_is_not_a_dump_is_refused(archive, tmp_path):
    (tmp_path / "notes.txt").write_text("mani pieraksti")
    with pytest.raises(ExportError, match="not empty and holds no dump"):
        export(archive, tmp_path)
    with pytest.raises(ExportError, match="no archive database"):
        export(tmp_path / "nav.db", tmp_path / "dump")


def test_every_table_is_public_or_private(tmp_path):
    db = open_db(tmp_path / "fresh.db")
    fts = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")}
    tables = {t for t in db.table_names() if not any(t == f or t.startswith(f + "_") for f in fts)}
    unclassified = tables - PUBLIC_TABLES - PRIVATE_TABLES
    assert not unclassified, f"add to PUBLIC_TABLES or PRIVATE_TABLES in archive/export.py: {unclassified}"


# --- verify -------------------------------------------------------------------------


@pytest.fixture
def dump(archive, tmp_path):
    export(archive, tmp_path / "dump")
    return tmp_path / "dump"


def test_verify_catches_a_tampered_file(dump):
    path = dump / "articles_v1.jsonl.gz"
    rows = jsonl(path)
    rows[0]["body"] = "Cits teksts."
    path.write_bytes(gzip.compress("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()))
    problems = verify(dump)
    assert len(problems) == 2
    assert problems[0].startswith("articles_v1.jsonl.gz: ") and "bytes, the manifest says" in problems[0]
    assert problems[1].startswith("articles_v1.jsonl.gz: sha256 ")


def test_verify_catches_a_missing_row(dump):
    path = dump / "revisions_v1.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        lines = list(csv.reader(f))
    with gzip.open(path, "wt", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(lines[:-1])
    assert "revisions_v1.csv.gz: 7 rows, the manifest says 8" in verify(dump)


def test_verify_catches_missing_and_extra_files(dump):
    (dump / "sites_v1.csv.gz").unlink()
    (dump / "extra.txt").write_text("x")
    assert verify(dump) == ["sites_v1.csv.gz: missing", "extra.txt: not listed in the manifest"]
    (dump / MANIFEST).unlink()
    assert verify(dump) == [f"{MANIFEST}: missing"]


def test_verify_catches_a_changed_database(dump):
    conn = sqlite3.connect(dump / "novadi.db")
    conn.execute("DELETE FROM revisions WHERE rev = 2")
    conn.commit()
    conn.close()
    problems = verify(dump)
    assert "novadi.db: sha256" in " ".join(problems)
    assert any(p.startswith("novadi.db: {") and "'revisions_v1': 7" in p for p in problems)


# --- a dump while a crawl writes ----------------------------------------------------


def test_a_dump_taken_during_writes_is_one_point_in_time(archive, tmp_path):
    stop, progress, errors = threading.Event(), [], []

    def crawl():
        db = open_db(archive)
        writer = ArchiveWriter(db, batch=3, batch_seconds=0.01)
        try:
            n = 100
            while not stop.is_set():
                writer.ingest(item(n))
                writer.ingest(item(n - 1, body=BODY + " Labots."))  # a new revision of the last one
                progress.append(n)
                n += 1
            writer.close()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            db.conn.close()

    thread = threading.Thread(target=crawl)
    thread.start()
    try:
        while len(progress) < 20:
            stop.wait(0.01)
        manifests = []
        for i in range(3):
            out = tmp_path / f"dump{i}"
            before = len(progress)
            manifests.append(export(archive, out))
            assert len(progress) > before, "the writer stalled during the export"
            assert verify(out) == []
            conn = sqlite3.connect(out / "novadi.db")
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            count = {v: conn.execute(f"SELECT count(*) FROM {v}").fetchone()[0] for v in manifests[-1].views}
            assert count == {v: i["rows"] for v, i in manifests[-1].views.items()}
            assert conn.execute("SELECT sum(articles) FROM sites_v1").fetchone()[0] == count["articles_v1"]
            # Every article has exactly the revisions it counts: no write was cut in half.
            assert conn.execute("SELECT count(*) FROM articles_v1 a WHERE revisions != (SELECT count(*) "
                                "FROM revisions_v1 r WHERE r.article_id = a.id)").fetchone()[0] == 0
            assert len(jsonl(out / "articles_v1.jsonl.gz")) == count["articles_v1"]
            conn.close()
    finally:
        stop.set()
        thread.join()
    assert not errors
    assert manifests[0].views["articles_v1"]["rows"] < manifests[-1].views["articles_v1"]["rows"]


# --- commands -----------------------------------------------------------------------


@click.group()
def novadi():
    pass


for command in commands_data.COMMANDS:
    novadi.add_command(command)


def test_export_and_verify_commands(archive, tmp_path):
    runner = CliRunner()
    out = str(tmp_path / "dump")
    result = runner.invoke(novadi, ["export", out, "--db", str(archive), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert "articles_v1 7" in result.output
    result = runner.invoke(novadi, ["verify", out])
    assert result.exit_code == 0 and result.output == f"{out}: intact\n"
    (tmp_path / "dump" / "sites_v1.jsonl.gz").unlink()
    result = runner.invoke(novadi, ["verify", out])
    assert result.exit_code == 1 and result.output == "sites_v1.jsonl.gz: missing\n"


@pytest.mark.parametrize("args,message", [
    (["export", "out", "--db", "nav.db"], "Error: no archive at nav.db"),
    (["verify", "nav"], "Error: no dump at nav"),
])
def test_command_errors_are_one_line(tmp_path, args, message):
    result = CliRunner().invoke(novadi, args)
    assert result.exit_code == 1 and result.output == message + "\n"
