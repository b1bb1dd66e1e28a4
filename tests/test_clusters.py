import hashlib

import numpy as np
import pytest

from archive import clusters_minhash as mh
from archive.clusters import ClusterConfig, cluster_new, copies, recluster_all
from archive.clusters_eval import insert_article, labelled_id, load_groups, load_labelled, pairwise_scores
from archive.db import open_db

GROUPS = {g["name"]: g for g in load_groups()}


@pytest.fixture
def db():
    database = open_db(":memory:")
    yield database
    database.conn.close()


def add(db, group, index, *, name=None, **changes):
    """Insert article ``index`` of a labelled group, optionally changed; returns its id."""
    a = {**GROUPS[group]["articles"][index], **changes}
    aid = labelled_id(name or group, index)
    insert_article(db, aid, a["site"], a["body"], title=a["title"], published=a["published"],
                   first_seen=a["first_seen"])
    return aid


def cluster_of(db, article_id):
    return db.execute("SELECT cluster_id FROM articles WHERE id = ?", [article_id]).fetchone()[0]


def members(db, cluster_id):
    return {r[0] for r in db.execute("SELECT id FROM articles WHERE cluster_id = ?", [cluster_id])}


def cluster_row(db, cluster_id):
    cur = db.execute("SELECT * FROM clusters WHERE id = ?", [cluster_id])
    row = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], row)) if row else None


def test_labelled_set_precision_and_recall(db, capsys):
    groups = load_groups()
    label_of = load_labelled(db, groups)
    report = recluster_all(db, ClusterConfig())
    scores = pairwise_scores(db, groups, label_of)
    copies_groups = sum(g["label"] == "copies" for g in groups)
    with capsys.disabled():
        print(
            f"\nlabelled set: {len(groups)} groups ({copies_groups} of copies), {len(label_of)} articles, "
            f"{scores.true_positives + scores.false_negatives} copy pairs; "
            f"precision {scores.precision:.3f} recall {scores.recall:.3f} "
            f"(candidates {report.candidate_pairs}, similar {report.similar_pairs}, clusters {report.clusters})"
        )
    assert scores.wrong == []
    assert scores.precision == 1.0 and scores.recall == 1.0


def test_republished_copies_form_one_cluster_with_all_copies_and_nothing_else(db):
    ids = [add(db, "zemgale-latlit-seminar", i) for i in range(4)]
    others = [add(db, "latlit-two-projects", i) for i in range(2)] + [add(db, "council-bauska", 0)]
    cluster_new(db)
    cid = cluster_of(db, ids[0])
    assert cid == "c" + ids[0]  # the planning region's copy was seen first
    assert members(db, cid) == set(ids)
    assert all(cluster_of(db, o) is None for o in others)
    row = cluster_row(db, cid)
    assert row["size"] == 4
    assert row["sites"] == "bauskasnovads,dobele,jelgavasnovads,zemgale"
    assert row["site_count"] == 4
    assert row["first_site"] == "zemgale"
    assert row["first_article"] == ids[0]
    assert row["earliest_published"] == "2022-02-08T10:15:00+02:00"
    assert row["updated_at"]


@pytest.mark.parametrize("group", [
    "council-bauska", "council-short", "council-dobele", "latlit-two-projects", "estlat-same-project",
    "events-madona", "events-ludza-short", "vacancies", "erdf-roads", "weekly-digest", "ligo-two-towns",
])
def test_distinct_but_similar_articles_stay_apart(db, group):
    ids = [add(db, group, i) for i in range(len(GROUPS[group]["articles"]))]
    cluster_new(db)
    assert [cluster_of(db, i) for i in ids] == [None] * len(ids)
    assert db.execute("SELECT count(*) FROM clusters").fetchone()[0] == 0


def test_unique_articles_have_no_cluster(db):
    ids = [add(db, name, 0) for name in ("vid-declaration", "police-fraud", "octopus", "events-madona")]
    report = cluster_new(db)
    assert report.indexed == 4
    assert [cluster_of(db, i) for i in ids] == [None] * 4
    assert copies(db, ids[0]) == []


def test_too_short_texts_are_not_indexed(db):
    ids = [add(db, "council-session-notices", i) for i in range(2)]
    report = cluster_new(db)
    assert report.indexed == 0 and report.skipped == 2
    assert [cluster_of(db, i) for i in ids] == [None, None]
    assert db.execute("SELECT count(*) FROM lsh_buckets").fetchone()[0] == 0


def test_incremental_add_joins_existing_cluster_and_keeps_its_id(db):
    first = [add(db, "police-fraud", i) for i in range(3)]
    cluster_new(db)
    cid = cluster_of(db, first[0])
    assert members(db, cid) == set(first)
    buckets = db.execute("SELECT count(*) FROM lsh_buckets").fetchone()[0]

    late = add(db, "police-fraud", 3)
    report = cluster_new(db)
    assert report.indexed == 1  # only the new article is signed
    assert db.execute("SELECT count(*) FROM lsh_buckets").fetchone()[0] == buckets + ClusterConfig().bands
    assert cluster_of(db, late) == cid
    assert members(db, cid) == set(first) | {late}
    assert cluster_row(db, cid)["size"] == 4
    assert report.clusters_changed == 1 and report.clusters_created == 0


def test_original_found_after_its_copies_keeps_the_id_but_becomes_first(db):
    # A municipality's copies are crawled before the planning region's original.
    g = "rpr-mobility"
    copies_ids = [add(db, g, i, first_seen=f"2026-11-20T0{i}:00:00+00:00") for i in (1, 2)]
    cluster_new(db)
    cid = cluster_of(db, copies_ids[0])
    assert cid == "c" + copies_ids[0]
    original = add(db, g, 0, first_seen="2026-11-21T00:00:00+00:00")
    cluster_new(db)
    assert cluster_of(db, original) == cid
    row = cluster_row(db, cid)
    assert row["first_article"] == original and row["first_site"] == "rpr"
    # ...and a rebuild from scratch agrees.
    recluster_all(db)
    assert cluster_of(db, original) == cid


def _bridge_texts():
    a = GROUPS["octopus"]["articles"][0]["body"].split("\n\n")
    b = GROUPS["socquality"]["articles"][0]["body"].split("\n\n")
    part_a = "\n\n".join(a[:3])
    part_b = "\n\n".join(b[:3])
    return part_a, part_b, part_a + "\n\n" + part_b


def test_merging_clusters_keeps_the_older_id_and_records_an_alias(db):
    part_a, part_b, both = _bridge_texts()
    insert_article(db, "a1" * 8, "lpr", part_a, published="2021-11-15", first_seen="2026-01-01T00:00:00+00:00")
    insert_article(db, "a2" * 8, "kraslava", "Krāslavā notika tikšanās. " + part_a, published="2021-11-16",
                        first_seen="2026-01-02T00:00:00+00:00")
    insert_article(db, "b1" * 8, "kurzemesregions", part_b, published="2021-11-15",
                        first_seen="2026-01-03T00:00:00+00:00")
    insert_article(db, "b2" * 8, "kuldiga", part_b + " Informāciju sagatavoja: Kuldīgas novada pašvaldība",
                        published="2021-11-17", first_seen="2026-01-04T00:00:00+00:00")
    cluster_new(db)
    assert members(db, "c" + "a1" * 8) == {"a1" * 8, "a2" * 8}
    assert members(db, "c" + "b1" * 8) == {"b1" * 8, "b2" * 8}

    insert_article(db, "ab" * 8, "augsdaugava", both, published="2021-11-18", first_seen="2026-01-05T00:00:00+00:00")
    report = cluster_new(db)
    merged = "c" + "a1" * 8
    assert members(db, merged) == {"a1" * 8, "a2" * 8, "b1" * 8, "b2" * 8, "ab" * 8}
    assert cluster_row(db, "c" + "b1" * 8) is None
    assert db.execute("SELECT cluster_id FROM cluster_aliases WHERE id = ?", ["c" + "b1" * 8]).fetchone()[0] == merged
    assert report.clusters_removed == 1


def test_recluster_all_reproduces_ids_and_touches_nothing(db):
    # Built incrementally in three crawls, then rebuilt from scratch.
    names = ["vid-declaration", "cvk-elections", "octopus", "kurzeme-youth", "council-bauska"]
    for step in range(3):
        for name in names:
            if step < len(GROUPS[name]["articles"]):
                add(db, name, step)
        cluster_new(db)
    for name in names:
        for i in range(3, len(GROUPS[name]["articles"])):
            add(db, name, i)
    cluster_new(db)
    before = dict(db.execute("SELECT id, cluster_id FROM articles").fetchall())
    rows_before = db.execute("SELECT * FROM clusters ORDER BY id").fetchall()
    assert len(rows_before) == 4

    report = recluster_all(db)
    assert dict(db.execute("SELECT id, cluster_id FROM articles").fetchall()) == before
    assert db.execute("SELECT * FROM clusters ORDER BY id").fetchall() == rows_before
    assert report.articles_changed == 0 and report.clusters_created == 0 and report.clusters_changed == 0


def test_date_window_is_respected(db):
    g = GROUPS["asf-warning"]["articles"]
    early = add(db, "asf-warning", 0)
    late = add(db, "asf-warning", 1, published="2022-09-20", first_seen="2022-09-20T06:00:00+00:00")
    cluster_new(db)  # 78 days apart
    assert cluster_of(db, early) is None and cluster_of(db, late) is None
    recluster_all(db, ClusterConfig(window_days=90))
    assert cluster_of(db, early) == cluster_of(db, late) == "c" + early
    assert g[0]["published"] == "2022-07-04"


def test_recurring_text_a_year_later_is_another_story(db):
    ids = [add(db, "window-property-tax", i) for i in range(2)]
    cluster_new(db)
    assert [cluster_of(db, i) for i in ids] == [None, None]


def test_undated_article_is_placed_where_it_was_first_seen(db):
    dated = add(db, "kurzeme-youth", 0)
    undated = add(db, "kurzeme-youth", 1)  # no published, first seen two days after
    stale = add(db, "kurzeme-youth", 1, name="kurzeme-youth-again", first_seen="2025-03-06T07:00:00+00:00")
    cluster_new(db)
    assert cluster_of(db, undated) == cluster_of(db, dated) == "c" + dated
    assert cluster_of(db, stale) is None  # found a year later: not compared
    row = cluster_row(db, "c" + dated)
    assert row["first_article"] == dated and row["earliest_published"] == "2024-03-04"


def test_changed_article_leaves_its_cluster(db):
    ids = [add(db, "police-fraud", i) for i in range(3)]
    cluster_new(db)
    cid = cluster_of(db, ids[0])
    new_body = GROUPS["octopus"]["articles"][0]["body"]
    db.execute("UPDATE articles SET body = ?, body_hash = ? WHERE id = ?",
               [new_body, hashlib.sha256(new_body.encode()).hexdigest(), ids[2]])
    report = cluster_new(db)
    assert report.indexed == 1 and report.removed == 1
    assert cluster_of(db, ids[2]) is None
    assert members(db, cid) == set(ids[:2])
    assert cluster_row(db, cid)["size"] == 2


def test_redacted_article_leaves_its_cluster_and_the_cluster_goes_when_alone(db):
    ids = [add(db, "asf-warning", i) for i in range(2)]
    cluster_new(db)
    cid = cluster_of(db, ids[0])
    assert cid
    db.execute("UPDATE articles SET redacted = 1 WHERE id = ?", [ids[1]])
    cluster_new(db)
    assert cluster_of(db, ids[0]) is None and cluster_of(db, ids[1]) is None
    assert cluster_row(db, cid) is None
    assert db.execute("SELECT count(*) FROM lsh_buckets WHERE article_pk = "
                      "(SELECT pk FROM articles WHERE id = ?)", [ids[1]]).fetchone()[0] == 0


def test_copies_lists_the_other_copies_first_published_first(db):
    ids = [add(db, "cvk-elections", i) for i in range(4)]
    cluster_new(db)
    found = copies(db, ids[2])
    assert [c["id"] for c in found] == [ids[0], ids[1], ids[3]]
    assert set(found[0]) == {"id", "site", "title", "url", "published"}
    assert found[0]["site"] == "jekabpils" and found[0]["published"] == "2022-09-26"
    assert copies(db, "no-such-article") == []


def test_republished_view_lists_stories_on_two_or_more_sites(db):
    for i in range(3):
        add(db, "zemgale-competence", i)
    insert_article(db, "s1" * 8, "ogre", GROUPS["octopus"]["articles"][0]["body"], published="2021-11-15")
    insert_article(db, "s2" * 8, "ogre", GROUPS["octopus"]["articles"][1]["body"], title="Otrā kopija",
                   published="2021-11-16")
    cluster_new(db)
    rows = [dict(r) for r in db.query("SELECT * FROM republished_v1")]
    assert len(rows) == 1  # the one-site cluster is left out
    row = rows[0]
    assert list(row) == ["cluster_id", "size", "site_count", "sites", "first_site", "earliest_published",
                         "title", "first_article"]
    assert row["size"] == 3 and row["sites"] == "aizkraukle,jekabpils,zemgale" and row["first_site"] == "zemgale"
    assert row["title"] == GROUPS["zemgale-competence"]["articles"][0]["title"]


def test_changed_index_parameters_rebuild_the_index(db):
    for i in range(2):
        add(db, "asf-warning", i)
    cluster_new(db)
    report = cluster_new(db, ClusterConfig(shingle_size=4))
    assert report.mode == "all"
    assert db.execute("SELECT value FROM cluster_index WHERE name = 'shingle_size'").fetchone()[0] == "4"


def test_config_from_settings():
    config = ClusterConfig.from_settings({
        "NOVADI_CLUSTER_WINDOW_DAYS": "45", "NOVADI_CLUSTER_JACCARD": "0.6", "NOVADI_CLUSTER_STRIP_DIACRITICS": "false",
        "NOVADI_CLUSTER_NUM_PERM": 64,
    })
    assert config.window_days == 45 and config.jaccard_threshold == 0.6
    assert config.strip_diacritics is False and config.num_perm == 64
    assert config.bands * config.rows <= 64
    assert ClusterConfig.from_settings({}) == ClusterConfig()


def test_default_lsh_layout():
    config = ClusterConfig()
    assert (config.bands, config.rows) == (42, 3)


@pytest.mark.parametrize("threshold,num_perm,weights", [
    (0.3, 128, (0.2, 0.8)), (0.5, 128, (0.5, 0.5)), (0.4, 64, (0.2, 0.8)), (0.8, 256, (0.5, 0.5)),
])
def test_lsh_layout_is_datasketchs(threshold, num_perm, weights):
    from datasketch import MinHashLSH

    from archive.clusters_config import _lsh_layout

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=weights)
    assert _lsh_layout(threshold, num_perm, weights) == (lsh.b, lsh.r)


def test_normalization_folds_case_and_latvian_diacritics():
    assert mh.words("Pašvaldība ĢĒRBĀ, ķēķis!") == ["pasvaldiba", "gerba", "kekis"]
    assert mh.words("Pašvaldība", strip_diacritics=False) == ["pašvaldība"]
    assert np.array_equal(mh.shingles("Jelgavas novada dome"), mh.shingles("JELGAVAS  novada\n dome."))


def test_minhash_estimates_jaccard():
    rng = np.random.default_rng(7)
    base = rng.integers(0, 2**63, size=600, dtype=np.uint64)
    a, b = np.unique(base[:400]), np.unique(base[200:])
    exact, _ = mh.jaccard_and_containment(a, b)
    sigs = mh.signatures([a, b], 256, 1)
    assert abs((sigs[0] == sigs[1]).mean() - exact) < 0.1
    assert np.array_equal(mh.signatures([a], 256, 1)[0], sigs[0])  # stable


@pytest.fixture
def two_copies(tmp_path):
    """An archive file holding two copies of one story."""
    path = tmp_path / "a.db"
    db = open_db(path)
    for i in range(2):
        add(db, "asf-warning", i)
    db.conn.close()
    return path


def test_cluster_command(two_copies, monkeypatch):
    from click.testing import CliRunner

    from archive.commands_data import cluster_command

    path = two_copies
    monkeypatch.setenv("NOVADI_CLUSTER_WINDOW_DAYS", "10")
    result = CliRunner().invoke(cluster_command, ["--db", str(path), "--all", "--jaccard", "0.55"])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output and "1 in all" in result.output
    assert "Example: novadi cluster" in cluster_command.help


def test_cluster_command_options_reach_the_config(two_copies, monkeypatch):
    from click.testing import CliRunner

    from archive.commands_data import cluster_command

    path = two_copies
    seen = {}
    import archive.clusters

    def spy(db, config):
        seen["config"] = config
        return archive.clusters.ClusterReport(mode="all")

    monkeypatch.setattr(archive.clusters, "recluster_all", spy)
    result = CliRunner().invoke(cluster_command, [
        "--db", str(path), "--all", "--window-days", "7", "--containment", "0.9", "--min-shingles", "20",
        "--num-perm", "64", "--shingle-size", "4", "--lsh-threshold", "0.4", "--jaccard", "0.6",
        "--containment-min-jaccard", "0.45"])
    assert result.exit_code == 0, result.output
    assert seen["config"] == ClusterConfig(window_days=7, containment_threshold=0.9, min_shingles=20, num_perm=64,
                                           shingle_size=4, lsh_threshold=0.4, jaccard_threshold=0.6,
                                           containment_min_jaccard=0.45)


def test_cluster_command_without_an_archive_is_one_line(tmp_path):
    from click.testing import CliRunner

    from archive.commands_data import cluster_command

    result = CliRunner().invoke(cluster_command, ["--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and result.output.strip() == f"Error: no archive at {tmp_path / 'none.db'}"


def test_queue_holds_what_the_next_run_must_look_at(db):
    """Inserts, text or redaction changes and deletions queue an article; a run empties the
    queue, so a run with nothing queued reads nothing else."""
    def queued():
        return {r[0] for r in db.execute("SELECT article_pk FROM cluster_queue")}

    first, second = add(db, "asf-warning", 0), add(db, "asf-warning", 1)
    pk = db.execute("SELECT pk FROM articles WHERE id = ?", [first]).fetchone()[0]
    assert len(queued()) == 2
    cluster_new(db)
    assert queued() == set() and cluster_of(db, first) == cluster_of(db, second) is not None

    db.execute("UPDATE articles SET last_seen = last_seen, cluster_id = cluster_id WHERE pk = ?", [pk])
    assert queued() == set()  # not a change of text
    db.execute("UPDATE articles SET body_hash = body_hash WHERE pk = ?", [pk])
    assert queued() == {pk}
    report = cluster_new(db)
    assert (report.indexed, report.removed, queued()) == (0, 0, set())  # the same text: nothing to do

    db.execute("DELETE FROM articles WHERE pk = ?", [pk])
    assert queued() == {pk}
    report = cluster_new(db)
    assert report.removed == 1 and queued() == set() and cluster_of(db, second) is None
