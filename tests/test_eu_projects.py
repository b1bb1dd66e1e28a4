"""EU project facts in the archive: amounts stored as integer cents, the registration
number beside the acronym, and one story's copies agreeing in eu_projects_v1."""
import pytest

from archive.db import open_db
from archive.store import ArchiveWriter
from crawler.extraction import extract_projects
from crawler.registry import adhoc_site
from pipelines.dedup import body_hash

FULL = ("Noslēdzies Interreg V-A Latvijas–Lietuvas pārrobežu sadarbības programmas 2014.–2020. gadam projekts "
        "LLI-538 „Pārrobežu sadarbības tīkls sociālo pakalpojumu kvalitātes uzlabošanai” (CareNet). Projekta "
        "kopējais budžets ir 842 560,00 EUR, no kuriem Eiropas Reģionālās attīstības fonda (ERAF) "
        "līdzfinansējums ir 716 176,00 EUR. Projekta īstenošanas laiks – no 2021. gada 1. aprīļa līdz 2023. gada "
        "31. martam. Šī publikācija sagatavota ar Eiropas Savienības finansiālo atbalstu.")
# the same press release as another municipality republished it: shortened, no budget
SHORT = ("Ozolkalnā noslēdzies projekts LLI-538 „Pārrobežu sadarbības tīkls sociālo pakalpojumu kvalitātes "
         "uzlabošanai” (CareNet). Šī publikācija sagatavota ar Eiropas Savienības finansiālo atbalstu.")


@pytest.fixture
def writer(tmp_path):
    db = open_db(tmp_path / "a.db")
    w = ArchiveWriter(db, batch=1)
    w.register_sites([adhoc_site("https://www.example.lv/")])
    return w


def item(url, body, published):
    projects = [vars(p) for p in extract_projects(body)]
    article = {"title": "CareNet", "published": published, "body": body, "lang": "lv", "author": None,
               "attachments": [], "images": [], "eu_projects": projects}
    return {"site": "example-lv", "url": url, "canonical": url, "status": 200, "fetched_at": published + "T12:00:00+00:00",
            "article": article, "body_hash": body_hash("CareNet", body),
            "warc": {"file": "f.warc.gz", "offset": 0, "length": 10}, "requested_url": url}


def test_amounts_are_stored_as_integer_cents(writer):
    writer.ingest(item("https://www.example.lv/a", FULL, "2023-06-08"))
    writer.flush()
    row = writer.db.execute("SELECT budget_cents, erdf_cents, typeof(budget_cents), number, acronym "
                            "FROM eu_projects_v1").fetchone()
    assert row == (84256000, 71617600, "integer", "LLI-538", "CareNet")


def test_copies_of_one_story_agree(writer):
    writer.ingest(item("https://www.example.lv/a", FULL, "2023-06-08"))
    writer.ingest(item("https://www.example.lv/b", SHORT, "2023-06-09"))
    writer.flush()
    own = writer.db.execute("SELECT budget_cents FROM eu_projects ORDER BY budget_cents").fetchall()
    assert own == [(None,), (84256000,)]  # as each text states it
    writer.db.execute("UPDATE articles SET cluster_id = 'c1'")
    rows = writer.db.execute("SELECT programme, acronym, number, budget_cents, erdf_cents, period_start, "
                             "period_end FROM eu_projects_v1").fetchall()
    assert len(rows) == 2 and rows[0] == rows[1]
    assert rows[0] == ("Interreg V-A Latvijas–Lietuvas pārrobežu sadarbības programma 2014.–2020. gadam", "CareNet",
                       "LLI-538", 84256000, 71617600, "2021-04-01", "2023-03-31")
    stated = {r[0] for r in writer.db.execute("SELECT stated_in FROM eu_projects_v1")}
    assert len(stated) == 1


def test_articles_outside_a_cluster_keep_their_own_facts(writer):
    writer.ingest(item("https://www.example.lv/a", FULL, "2023-06-08"))
    writer.ingest(item("https://www.example.lv/b", SHORT, "2023-06-09"))
    writer.flush()
    budgets = sorted(r[0] or 0 for r in writer.db.execute("SELECT budget_cents FROM eu_projects_v1"))
    assert budgets == [0, 84256000]
