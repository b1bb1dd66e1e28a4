"""Takedowns: a whole article or one passage hidden everywhere public, and restored on undo."""
import click
import pytest
from click.testing import CliRunner

from archive import commands_data
from archive.db import open_db
from archive.redact import MARK, RedactionError, apply_redactions, list_redactions, redact, unredact
from archive.site.search import fts_query
from archive.store import ArchiveWriter
from crawler.canonical import article_id
from crawler.registry import adhoc_site
from pipelines.dedup import body_hash

URL = "https://www.example.lv/lv/jaunumi/rotalu-laukums"
OTHER = "https://www.example.lv/lv/jaunumi/budzets"
BODY = ("Ozolniekos, Stadiona ielā, atklāts jauns bērnu rotaļu laukums ar šūpolēm un smilšu kasti.\n"
        "“Beidzot bērniem ir, kur spēlēties,” stāsta vietējā iedzīvotāja Anna Kalniņa.")
OTHER_BODY = "Dome apstiprināja pašvaldības budžetu 2024. gadam; izdevumi plānoti 71 miljona eiro apmērā."


def item(url, body=BODY, title="Atklāts rotaļu laukums", at="2024-03-09T06:00:00+00:00", name="Anna Kalniņa"):
    article = {"title": title, "published": "2024-03-08", "body": body, "lang": "lv", "author": name,
               "attachments": [{"url": url + ".pdf", "text": f"{name}: foto", "kind": "pdf"}],
               "images": [{"url": url + ".jpg", "caption": f"Laukumā. Foto: {name}"}], "eu_projects": []}
    return {"site": "example-lv", "url": url, "canonical": url, "status": 200, "fetched_at": at, "article": article,
            "body_hash": body_hash(title, body), "warc": {"file": "f.warc.gz", "offset": 0, "length": 10}}


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "a.db")
    writer = ArchiveWriter(db, batch=1)
    writer.register_sites([adhoc_site("https://www.example.lv/")])
    writer.ingest(item(URL))
    writer.ingest(item(OTHER, body=OTHER_BODY, title="Apstiprināts budžets", name="Jānis Ozols"))
    writer.close()
    return db


def found(db, words: str) -> int:
    sql = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
    return db.execute(sql, [fts_query(words)]).fetchone()[0]


def public_text(db) -> str:
    """Everything the public views show, as one string."""
    parts = []
    for view in ("articles_v1", "revisions_v1", "attachments_v1", "sites_v1"):
        parts += [repr(row) for row in db.execute(f"SELECT * FROM {view}").fetchall()]
    return "\n".join(parts)


def stored_texts(db, aid) -> dict:
    row = db.execute("SELECT title, body, author FROM articles WHERE id = ?", [aid]).fetchone()
    revs = db.execute("SELECT title, body, author FROM revisions WHERE article_id = ? ORDER BY rev", [aid]).fetchall()
    att = db.execute("SELECT link_text, text FROM attachments WHERE article_id = ?", [aid]).fetchall()
    img = db.execute("SELECT caption FROM images WHERE article_id = ?", [aid]).fetchall()
    return {"article": row, "revisions": revs, "attachments": att, "images": img}


def test_whole_article_disappears_from_views_and_search(db):
    aid = article_id(URL)
    assert found(db, "šūpolēm") == 1
    rid = redact(db, URL, reason="iedzīvotājas pieprasījums", who="redaktors")
    assert db.execute("SELECT count(*) FROM articles_v1 WHERE id = ?", [aid]).fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM revisions_v1 WHERE article_id = ?", [aid]).fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM attachments_v1 WHERE article_id = ?", [aid]).fetchone()[0] == 0
    assert db.execute("SELECT articles FROM sites_v1").fetchone()[0] == 1
    assert "Kalni" not in public_text(db) and "šūpol" not in public_text(db)
    assert found(db, "supolem") == 0 and found(db, "Kalnina") == 0
    assert found(db, "budzetu") == 1
    row = db.execute("SELECT article_id, url, part, reason, who, at, original_title, original_body "
                     "FROM redactions WHERE id = ?", [rid]).fetchone()
    assert row[:5] == (aid, URL, None, "iedzīvotājas pieprasījums", "redaktors")
    assert row[5].endswith("+00:00") and row[6] == "Atklāts rotaļu laukums" and row[7] == BODY


def test_undo_restores_everything(db):
    aid = article_id(URL)
    before = stored_texts(db, aid)
    rid = redact(db, aid, reason="pieprasījums", who="a")
    assert stored_texts(db, aid)["article"] == ("", "", "")
    assert unredact(db, rid, who="b") == aid
    assert stored_texts(db, aid) == before
    assert found(db, "šūpolēm") == 1
    assert db.execute("SELECT count(*) FROM articles_v1 WHERE id = ?", [aid]).fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM redacted_values").fetchone()[0] == 0
    undone = list_redactions(db)[0]
    assert undone["undone_by"] == "b" and undone["undone_at"]


def test_a_passage_reads_mark_everywhere_it_was(db):
    aid = article_id(URL)
    db.execute("UPDATE attachments SET text = 'Fotogrāfe Anna Kalniņa' WHERE article_id = ?", [aid])
    before = stored_texts(db, aid)
    rid = redact(db, URL, part="Anna  Kalniņa", reason="personas dati", who="a")
    texts = stored_texts(db, aid)
    assert texts["article"][1].endswith(f"stāsta vietējā iedzīvotāja {MARK}.")
    assert texts["article"][2] == MARK
    assert texts["revisions"][0][1] == texts["article"][1]
    assert texts["attachments"] == [(f"{MARK}: foto", f"Fotogrāfe {MARK}")] and texts["images"] == [(f"Laukumā. Foto: {MARK}",)]
    assert "Kalni" not in public_text(db)
    assert db.execute("SELECT count(*) FROM articles_v1 WHERE id = ?", [aid]).fetchone()[0] == 1
    assert found(db, "Kalnina") == 0 and found(db, "šūpolēm") == 1
    unredact(db, rid)
    assert stored_texts(db, aid) == before and found(db, "Kalnina") == 1


def test_a_passage_across_a_line_break(db):
    redact(db, URL, part="smilšu kasti. “Beidzot", reason="r", who="a")
    body = db.execute("SELECT body FROM articles WHERE id = ?", [article_id(URL)]).fetchone()[0]
    assert f"un {MARK} bērniem" in body


def test_overlapping_passages_undo_in_any_order(db):
    aid = article_id(URL)
    before = stored_texts(db, aid)
    first = redact(db, URL, part="Anna Kalniņa", reason="r", who="a")
    second = redact(db, URL, part="vietējā iedzīvotāja Anna Kalniņa", reason="r", who="a")
    assert stored_texts(db, aid)["article"][1].endswith(f"stāsta {MARK}.")
    unredact(db, second)
    assert stored_texts(db, aid)["article"][1].endswith(f"iedzīvotāja {MARK}.")
    whole = redact(db, URL, reason="r", who="a")
    unredact(db, first)
    assert stored_texts(db, aid)["article"] == ("", "", "")
    unredact(db, whole)
    assert stored_texts(db, aid) == before


def test_a_recrawl_does_not_bring_a_passage_back(db):
    aid = article_id(URL)
    rid = redact(db, URL, part="Anna Kalniņa", reason="r", who="a")
    changed = BODY + "\nLaukumu ierīkoja pašvaldība."
    writer = ArchiveWriter(db, batch=1)
    assert writer.ingest(item(URL, body=changed, at="2024-04-01T00:00:00+00:00")) == "changed"
    apply_redactions(db, aid)  # what the store does after it changes an article
    writer.close()
    texts = stored_texts(db, aid)
    assert [r[1].count(MARK) for r in texts["revisions"]] == [1, 1]
    assert texts["article"][1].endswith("Laukumu ierīkoja pašvaldība.") and "Kalni" not in public_text(db)
    assert found(db, "Kalnina") == 0
    unredact(db, rid)
    texts = stored_texts(db, aid)
    assert texts["article"][1] == changed and texts["revisions"][0][1] == BODY and texts["revisions"][1][1] == changed


def test_a_recrawl_leaves_a_hidden_article_hidden(db):
    redact(db, URL, reason="r", who="a")
    writer = ArchiveWriter(db, batch=1)
    writer.ingest(item(URL, body=BODY + " Papildināts.", at="2024-04-01T00:00:00+00:00"))
    writer.close()
    assert apply_redactions(db, article_id(URL)) == 0
    assert "Kalni" not in public_text(db) and found(db, "Kalnina") == 0


def test_apply_redactions_is_a_no_op_without_redactions(db):
    assert apply_redactions(db, article_id(URL)) == 0
    assert db.execute("SELECT count(*) FROM redacted_values").fetchone()[0] == 0


@pytest.mark.parametrize("key", [
    URL, URL + "/?utm_source=facebook", "HTTPS://WWW.EXAMPLE.LV/lv/jaunumi/rotalu-laukums#komentari",
    "http://www.example.lv/lv/jaunumi/rotalu-laukums", article_id(URL), article_id(URL).upper(),
])
def test_an_article_is_found_by_id_or_any_spelling_of_its_url(db, key):
    rid = redact(db, key, reason="r", who="a")
    assert db.execute("SELECT article_id FROM redactions WHERE id = ?", [rid]).fetchone()[0] == article_id(URL)


def test_an_alias_url_finds_its_article(db):
    db.execute("INSERT INTO article_urls (url, article_id, site, first_seen) VALUES (?, ?, ?, ?)",
               ["https://www.example.lv/index.php?id=7", article_id(URL), "example-lv", "2024-01-01"])
    rid = redact(db, "https://www.example.lv/index.php?id=7", reason="r", who="a")
    assert db.execute("SELECT article_id FROM redactions WHERE id = ?", [rid]).fetchone()[0] == article_id(URL)


def test_who_defaults_to_the_operator(db, monkeypatch):
    monkeypatch.setenv("NOVADI_OPERATOR", "Līga")
    rid = redact(db, URL, reason="r")
    assert db.execute("SELECT who FROM redactions WHERE id = ?", [rid]).fetchone()[0] == "Līga"


@pytest.mark.parametrize("call,message", [
    (lambda db: redact(db, "https://www.example.lv/nav", reason="r"), "no article with id or URL"),
    (lambda db: redact(db, "0123456789abcdef", reason="r"), "no article with id or URL"),
    (lambda db: redact(db, URL, reason="  "), "needs a reason"),
    (lambda db: redact(db, URL, reason="r", part="Jānis Bērziņš"), "passage not found"),
    (lambda db: redact(db, URL, reason="r", part=" "), "is empty"),
    (lambda db: unredact(db, 99), "no redaction 99"),
])
def test_bad_requests_say_why(db, call, message):
    with pytest.raises(RedactionError, match=message):
        call(db)
    assert db.execute("SELECT count(*) FROM redactions").fetchone()[0] == 0


def test_twice_is_refused(db):
    rid = redact(db, URL, reason="r", who="a")
    with pytest.raises(RedactionError, match="already hidden"):
        redact(db, URL, reason="r", who="a")
    unredact(db, rid)
    with pytest.raises(RedactionError, match="already undone"):
        unredact(db, rid)
    redact(db, URL, part="Anna Kalniņa", reason="r", who="a")
    with pytest.raises(RedactionError, match="already redacted"):
        redact(db, URL, part="Anna Kalniņa", reason="r", who="a")


# --- commands ---------------------------------------------------------------------


@click.group()
def novadi():
    pass


for command in commands_data.COMMANDS:
    novadi.add_command(command)


def test_commands(db, tmp_path):
    path = str(tmp_path / "a.db")
    runner = CliRunner()
    result = runner.invoke(novadi, ["redact", URL, "--reason", "personas dati", "--part", "Anna Kalniņa",
                                    "--who", "redaktors", "--db", path])
    assert result.exit_code == 0, result.output
    assert result.output == f"redaction 1: article {article_id(URL)} passage hidden\n"
    result = runner.invoke(novadi, ["unredact", "1", "--db", path], env={"NOVADI_OPERATOR": "Līga"})
    assert result.exit_code == 0 and "restored" in result.output
    result = runner.invoke(novadi, ["redactions", "--db", path])
    assert result.exit_code == 0
    assert result.output.split("\t")[2:6] == ["redaktors", article_id(URL), "passage 'Anna Kalniņa'", "personas dati"]
    assert "undone" in result.output and "Līga" in result.output


@pytest.mark.parametrize("args,message", [
    (["redact", "https://www.example.lv/nav", "--reason", "r"], "Error: no article with id or URL"),
    (["unredact", "5"], "Error: no redaction 5"),
])
def test_command_errors_are_one_line(db, tmp_path, args, message):
    result = CliRunner().invoke(novadi, [*args, "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 1 and result.output.startswith(message) and result.output.count("\n") == 1


def test_commands_refuse_a_missing_archive(tmp_path):
    result = CliRunner().invoke(novadi, ["redactions", "--db", str(tmp_path / "nav.db")])
    assert result.exit_code == 1 and "no archive at" in result.output
    assert not (tmp_path / "nav.db").exists()


def test_every_command_is_documented_with_an_example():
    for command in commands_data.COMMANDS:
        assert "Example" in (command.help or ""), command.name
        for param in command.params:
            assert isinstance(param, click.Argument) or param.help, f"{command.name} {param.name}"
