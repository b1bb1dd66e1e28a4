"""Cross-site near-duplicate clustering: one story, its copies, and who had it first.

Planning regions and agencies send one press release to many municipalities, which
republish it lightly edited. This module groups such copies into clusters:

- every article's body is shingled (5-word runs of normalized words) and MinHashed
  (:mod:`archive.clusters_minhash`); its LSH band keys go into ``lsh_buckets`` and its
  signature into ``minhash_signatures``, so a later run indexes only new or changed
  articles and looks up their candidates in the stored index;
- candidates are pairs that share a band key and whose dates are at most
  ``window_days`` apart; each is then checked exactly on its shingle sets
  (see :meth:`ClusterConfig.similar`);
- clusters are the connected components of the accepted pairs (copies of copies
  belong to the same story).

A cluster's id is ``c`` + the article id of its founding member: the member the archive
saw first (smallest ``first_seen``, then smallest article id). New articles are seen
after the ones already clustered, so a growing cluster keeps its id, and when clusters
merge the older one's id survives; and because the rule depends only on the members,
:func:`recluster_all` gives the same ids for the same data. An id that disappears in a
merge is kept in ``cluster_aliases`` pointing to the cluster that absorbed it.

Articles are dated by ``published``; an undated one by the day the archive first saw it,
which bounds its publication from above, so it joins copies published in the month
before it was found and never a copy from another year.
"""
from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import Any, Iterable, Iterator, Mapping

import numpy as np
from sqlite_utils import Database

from archive import clusters_minhash as mh
from archive.clusters_config import ClusterConfig, ClusterReport

logger = logging.getLogger(__name__)


# --------------------------------------------------------------------------- helpers


@contextmanager
def _transaction(db: Database) -> Iterator[None]:
    conn = db.conn
    if conn.in_transaction:
        conn.execute("SAVEPOINT clusters")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK TO clusters")
            conn.execute("RELEASE clusters")
            raise
        conn.execute("RELEASE clusters")
    else:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def _chunks(items: list, size: int = 900) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def article_day(published: str | None, first_seen: str | None) -> int | None:
    """The day (proleptic ordinal) an article is placed at for the date window."""
    for value in (published, first_seen):
        if value:
            try:
                return date.fromisoformat(value[:10]).toordinal()
            except ValueError:
                continue
    return None


def _instant(published: str) -> str:
    """A published value with a time, as a UTC instant; '~' (after any time) for a bare day."""
    if len(published) <= 10:
        return "~"
    try:
        return datetime.fromisoformat(published.replace("Z", "+00:00")).astimezone(timezone.utc).isoformat()
    except ValueError:
        return "~"


def publication_order(member: Mapping[str, Any]) -> tuple:
    """Sort key for "who had it first": by day, then time where both have one (a bare
    day sorts after the timed copies of that day), then first_seen, then id; undated last."""
    published = member.get("published") or ""
    day = published[:10]
    if not day:
        return (1, "", "", member["first_seen"], member["id"])
    return (0, day, _instant(published), member["first_seen"], member["id"])


def founder(members: Iterable[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The member a cluster is named after: the one the archive saw first."""
    return min(members, key=lambda m: (m["first_seen"], m["id"]))


def cluster_id_for(members: Iterable[Mapping[str, Any]]) -> str:
    return "c" + founder(members)["id"]


def _cluster_row(cid: str, members: list[dict]) -> dict:
    first = min(members, key=publication_order)
    sites = sorted({m["site"] for m in members})
    return {
        "id": cid,
        "size": len(members),
        "sites": ",".join(sites),
        "site_count": len(sites),
        "earliest_published": first.get("published"),
        "first_site": first["site"],
        "first_article": first["id"],
    }


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        parent = self.parent
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb

    def groups(self) -> dict:
        out = defaultdict(list)
        for x in list(self.parent):
            out[self.find(x)].append(x)
        return out


# ------------------------------------------------------------------ index parameters


def _stored_params(db: Database) -> dict[str, str]:
    return dict(db.execute("SELECT name, value FROM cluster_index").fetchall())


def _signature_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def _signature_from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


def _sign(texts: list[str], config: ClusterConfig) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Shingle sets, signatures and band keys; rows of texts below min_shingles get no signature."""
    sets = mh.shingle_sets(texts, config.shingle_size, config.strip_diacritics)
    keep = [i for i, s in enumerate(sets) if len(s) >= config.min_shingles]
    sigs = mh.signatures([sets[i] for i in keep], config.num_perm, config.seed)
    keys = mh.band_keys(sigs, config.bands, config.rows)
    full_sigs = np.zeros((len(texts), config.num_perm), dtype=np.uint32)
    full_keys = np.zeros((len(texts), config.bands), dtype=np.int32)
    full_sigs[keep] = sigs
    full_keys[keep] = keys
    return sets, full_sigs, full_keys


# -------------------------------------------------------------- verification, assignment


def _shingle_sets(db: Database, pks: Iterable[int], config: ClusterConfig) -> dict[int, np.ndarray]:
    out = {}
    for chunk in _chunks(sorted(set(pks))):
        marks = ",".join("?" * len(chunk))
        rows = db.execute(f"SELECT pk, body FROM articles WHERE pk IN ({marks})", chunk).fetchall()
        sets = mh.shingle_sets([body or "" for _, body in rows], config.shingle_size, config.strip_diacritics)
        out.update(zip([pk for pk, _ in rows], sets))
    return out


def _verify(db: Database, pairs: np.ndarray, config: ClusterConfig) -> list[tuple[int, int]]:
    """The candidate pairs (n x 2, pk) whose shingle sets pass the exact check."""
    accepted = []
    if not len(pairs):
        return accepted
    # Bounded memory: load the shingle sets of one block of pairs at a time.
    block = 50_000
    for start in range(0, len(pairs), block):
        part = pairs[start:start + block]
        sets = _shingle_sets(db, np.unique(part).tolist(), config)
        for a, b in part.tolist():
            j, c = mh.jaccard_and_containment(sets[a], sets[b])
            if config.similar(j, c):
                accepted.append((a, b))
    return accepted


_MEMBER_COLUMNS = "pk, id, site, published, first_seen, cluster_id"


def _members(db: Database, where: str, params: list) -> list[dict]:
    cur = db.execute(f"SELECT {_MEMBER_COLUMNS} FROM articles WHERE {where}", params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


def _members_by_pk(db: Database, pks: Iterable[int]) -> dict[int, dict]:
    out = {}
    for chunk in _chunks(sorted(set(pks))):
        for m in _members(db, f"pk IN ({','.join('?' * len(chunk))})", chunk):
            out[m["pk"]] = m
    return out


def _members_by_cluster(db: Database, cluster_ids: Iterable[str]) -> list[dict]:
    out = []
    for chunk in _chunks(sorted(set(cluster_ids))):
        out += _members(db, f"cluster_id IN ({','.join('?' * len(chunk))})", chunk)
    return out


def _write_clusters(
    db: Database,
    groups: list[list[dict]],
    released: Iterable[dict],
    old_ids: set[str],
    report: ClusterReport,
) -> None:
    """Store the clusters ``groups`` (lists of members), set every member's cluster_id,
    clear it on ``released`` articles that are in no group, and drop the ``old_ids``
    that no group carries any more."""
    now = _now()
    new_rows = {}
    assignment: dict[int, str | None] = {}
    members_of: dict[str, list[dict]] = {}
    for members in groups:
        cid = cluster_id_for(members)
        new_rows[cid] = _cluster_row(cid, members)
        members_of[cid] = members
        for m in members:
            assignment[m["pk"]] = cid
    for m in released:
        assignment.setdefault(m["pk"], None)
    current = {}
    for members in list(members_of.values()) + [list(released)]:
        for m in members:
            current[m["pk"]] = m["cluster_id"]

    changed = [(cid, pk) for pk, cid in assignment.items() if current.get(pk) != cid]
    if changed:
        db.execute("CREATE TEMP TABLE IF NOT EXISTS _cluster_assign (pk INTEGER PRIMARY KEY, cluster_id TEXT)")
        db.execute("DELETE FROM _cluster_assign")
        db.conn.executemany("INSERT INTO _cluster_assign (cluster_id, pk) VALUES (?, ?)", changed)
        db.execute(
            "UPDATE articles SET cluster_id = _cluster_assign.cluster_id FROM _cluster_assign "
            "WHERE articles.pk = _cluster_assign.pk"
        )
        db.execute("DELETE FROM _cluster_assign")
    report.articles_changed += len(changed)

    existing = {}
    for chunk in _chunks(sorted(set(new_rows) | old_ids)):
        cur = db.execute(f"SELECT * FROM clusters WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        cols = [d[0] for d in cur.description]
        for row in cur.fetchall():
            existing[row[0]] = dict(zip(cols, row))
    upserts = []
    for cid, row in new_rows.items():
        old = existing.get(cid)
        if old is None:
            report.clusters_created += 1
        elif any(old[k] != v for k, v in row.items()):
            report.clusters_changed += 1
        else:
            continue
        upserts.append({**row, "updated_at": now})
    if upserts:
        cols = list(upserts[0])
        db.conn.executemany(
            f"INSERT INTO clusters ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
            f"ON CONFLICT(id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in cols[1:])}",
            [tuple(r[c] for c in cols) for r in upserts],
        )
    gone = sorted((old_ids & set(existing)) - set(new_rows))
    if gone:
        aliases = []
        for cid in gone:
            target = assignment.get(_pk_of_article(db, cid[1:]))
            if target is None:
                # The founder left; follow where most of the old members went.
                votes = Counter(
                    assignment.get(pk) for pk, c in current.items() if c == cid and assignment.get(pk)
                )
                target = votes.most_common(1)[0][0] if votes else None
            if target:
                aliases.append((cid, target, now))
        for chunk in _chunks(gone):
            db.execute(f"DELETE FROM clusters WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        db.conn.executemany(
            "INSERT INTO cluster_aliases (id, cluster_id, at) VALUES (?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET cluster_id = excluded.cluster_id, at = excluded.at",
            aliases,
        )
        db.conn.executemany(
            "UPDATE cluster_aliases SET cluster_id = ?, at = ? WHERE cluster_id = ?",
            [(target, now, cid) for cid, target, _ in aliases],
        )
        report.clusters_removed += len(gone)
    if new_rows:
        for chunk in _chunks(sorted(new_rows)):
            db.execute(f"DELETE FROM cluster_aliases WHERE id IN ({','.join('?' * len(chunk))})", chunk)


def _pk_of_article(db: Database, article_id: str) -> int | None:
    row = db.execute("SELECT pk FROM articles WHERE id = ?", [article_id]).fetchone()
    return row[0] if row else None


# ------------------------------------------------------------------------ incremental


def cluster_new(db: Database, config: ClusterConfig = ClusterConfig()) -> ClusterReport:
    """Index the articles that are new or changed since the last run and cluster them
    against the whole archive. Called by the storage layer after each crawl.

    Falls back to :func:`recluster_all` when the index was built with other
    parameters (or never built), since stored signatures cannot be compared then.
    """
    started = time.perf_counter()
    stored = _stored_params(db)
    if stored != config.index_params():
        if stored:
            logger.warning("cluster index was built with other parameters: rebuilding it")
        return recluster_all(db, config)
    report = ClusterReport(mode="new")
    timings = report.timings
    with _transaction(db):
        t = time.perf_counter()
        # Only the queued articles (see migration 0007): the triggers on `articles` queue
        # every insert, body or redaction change and deletion; a queued article whose
        # body and redaction match its signature needs nothing.
        dirty = db.execute(
            """
            SELECT a.pk, s.signature, a.cluster_id
            FROM cluster_queue q JOIN articles a ON a.pk = q.article_pk
            LEFT JOIN minhash_signatures s ON s.article_pk = a.pk
            WHERE s.article_pk IS NULL OR s.body_hash <> a.body_hash OR s.redacted <> a.redacted
            """
        ).fetchall()
        orphans = [r[0] for r in db.execute(
            "SELECT q.article_pk FROM cluster_queue q JOIN minhash_signatures s ON s.article_pk = q.article_pk "
            "WHERE q.article_pk NOT IN (SELECT pk FROM articles)"
        )]
        # Emptied inside this transaction: what the run does not finish stays queued.
        db.execute("DELETE FROM cluster_queue")
        timings["scan"] = time.perf_counter() - t
        if not dirty and not orphans:
            report.clusters = db.execute("SELECT count(*) FROM clusters").fetchone()[0]
            report.seconds = time.perf_counter() - started
            return report

        # Changed, redacted and deleted articles leave the index and dissolve their clusters.
        t = time.perf_counter()
        old_sigs = [(pk, blob) for pk, blob, _ in dirty if blob is not None]
        old_sigs += [
            (pk, blob) for pk, blob in db.execute(
                f"SELECT article_pk, signature FROM minhash_signatures WHERE article_pk IN "
                f"({','.join('?' * len(orphans))})", orphans).fetchall()
        ] if orphans else []
        _unindex(db, old_sigs, config)
        report.removed = len(old_sigs)
        for chunk in _chunks(orphans):
            db.execute(f"DELETE FROM minhash_signatures WHERE article_pk IN ({','.join('?' * len(chunk))})", chunk)
        dissolved = {cid for pk, blob, cid in dirty if blob is not None and cid}
        if orphans:
            # A deleted article's cluster is one that claims more members than it has.
            dissolved |= {
                r[0] for r in db.execute(
                    "SELECT c.id FROM clusters c WHERE c.size <> "
                    "(SELECT count(*) FROM articles a WHERE a.cluster_id = c.id)"
                )
            }
        timings["unindex"] = time.perf_counter() - t

        t = time.perf_counter()
        new_pks = _index_articles(db, [pk for pk, _, _ in dirty], config, report)
        timings["index"] = time.perf_counter() - t

        t = time.perf_counter()
        dissolved_members = _members_by_cluster(db, dissolved)
        query = set(new_pks) | {m["pk"] for m in dissolved_members}
        pairs = _candidates_for(db, sorted(query), config)
        report.candidate_pairs = len(pairs)
        timings["candidates"] = time.perf_counter() - t

        t = time.perf_counter()
        edges = _verify(db, pairs, config)
        report.similar_pairs = len(edges)
        timings["verify"] = time.perf_counter() - t

        t = time.perf_counter()
        _cluster_incremental(db, edges, dirty, dissolved, dissolved_members, report)
        timings["write"] = time.perf_counter() - t
        report.clusters = db.execute("SELECT count(*) FROM clusters").fetchone()[0]
    report.seconds = time.perf_counter() - started
    logger.info("cluster_new: %s", report)
    return report


def _unindex(db: Database, old: list[tuple[int, bytes]], config: ClusterConfig) -> None:
    """Drop the bucket rows of signatures about to be replaced or removed."""
    if not old:
        return
    sigs = np.stack([_signature_from_blob(blob) for _, blob in old])
    keys = mh.band_keys(sigs, config.bands, config.rows)
    rows = [
        (band, int(key), pk)
        for (pk, _), krow in zip(old, keys.tolist())
        for band, key in enumerate(krow)
    ]
    db.conn.executemany("DELETE FROM lsh_buckets WHERE band = ? AND key = ? AND article_pk = ?", rows)


def _index_articles(db: Database, pks: list[int], config: ClusterConfig, report: ClusterReport) -> list[int]:
    """(Re)sign the given articles and put the indexable ones in the LSH index."""
    indexed = []
    for chunk in _chunks(sorted(pks), config.batch_size):
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT pk, body, body_hash, published, first_seen, redacted FROM articles WHERE pk IN ({marks})",
            chunk,
        ).fetchall()
        texts = [body if not redacted else "" for _, body, _, _, _, redacted in rows]
        sets, sigs, keys = _sign(texts, config)
        sig_rows, bucket_rows = [], []
        for i, (pk, _, body_hash, published, first_seen, redacted) in enumerate(rows):
            day = article_day(published, first_seen)
            ok = len(sets[i]) >= config.min_shingles and day is not None and not redacted
            sig_rows.append((pk, body_hash, redacted, day, len(sets[i]), _signature_blob(sigs[i]) if ok else None))
            if ok:
                indexed.append(pk)
                bucket_rows += [(band, key, pk) for band, key in enumerate(keys[i].tolist())]
        db.conn.executemany(
            "INSERT OR REPLACE INTO minhash_signatures (article_pk, body_hash, redacted, day, shingles, signature) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            sig_rows,
        )
        db.conn.executemany("INSERT OR IGNORE INTO lsh_buckets (band, key, article_pk) VALUES (?, ?, ?)", bucket_rows)
    report.indexed += len(indexed)
    report.skipped += len(pks) - len(indexed)
    return indexed


def _candidates_for(db: Database, pks: list[int], config: ClusterConfig) -> np.ndarray:
    """Pairs (smaller pk, larger pk) of the given articles with any indexed article that
    shares a band key and lies within the date window."""
    if not pks:
        return np.empty((0, 2), dtype=np.int64)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS _cluster_query (band INTEGER, key INTEGER, pk INTEGER, day INTEGER)")
    db.execute("DELETE FROM _cluster_query")
    for chunk in _chunks(pks):
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT article_pk, day, signature FROM minhash_signatures "
            f"WHERE article_pk IN ({marks}) AND signature IS NOT NULL",
            chunk,
        ).fetchall()
        if not rows:
            continue
        keys = mh.band_keys(np.stack([_signature_from_blob(r[2]) for r in rows]), config.bands, config.rows)
        db.conn.executemany(
            "INSERT INTO _cluster_query (band, key, pk, day) VALUES (?, ?, ?, ?)",
            [(band, key, pk, day) for (pk, day, _), krow in zip(rows, keys.tolist()) for band, key in enumerate(krow)],
        )
    found = db.execute(
        """
        SELECT DISTINCT min(q.pk, b.article_pk), max(q.pk, b.article_pk)
        FROM _cluster_query q
        JOIN lsh_buckets b ON b.band = q.band AND b.key = q.key AND b.article_pk <> q.pk
        JOIN minhash_signatures s ON s.article_pk = b.article_pk
        WHERE abs(s.day - q.day) <= ?
        """,
        [config.window_days],
    ).fetchall()
    db.execute("DELETE FROM _cluster_query")
    return np.array(found, dtype=np.int64).reshape(-1, 2)


def _cluster_incremental(db, edges, dirty, dissolved, dissolved_members, report) -> None:
    uf = _UnionFind()
    touched = {pk for pk, _, _ in dirty} | {m["pk"] for m in dissolved_members}
    for a, b in edges:
        touched.update((a, b))
    info = _members_by_pk(db, touched)
    for pk in touched:
        if pk in info:
            uf.find(pk)
    for a, b in edges:
        uf.union(a, b)
    # Untouched members of surviving clusters come along with their cluster.
    kept_clusters = set()
    dirty_pks = {pk for pk, _, _ in dirty}
    for pk, m in info.items():
        cid = m["cluster_id"]
        if cid and cid not in dissolved and pk not in dirty_pks:
            uf.union(pk, ("cluster", cid))
            kept_clusters.add(cid)
    extra = [m for m in _members_by_cluster(db, kept_clusters) if m["pk"] not in info]
    for m in extra:
        info[m["pk"]] = m
        uf.union(m["pk"], ("cluster", m["cluster_id"]))
    groups = []
    for nodes in uf.groups().values():
        members = [info[n] for n in nodes if not isinstance(n, tuple) and n in info]
        if len(members) >= 2:
            groups.append(members)
    grouped = {m["pk"] for g in groups for m in g}
    released = [m for pk, m in info.items() if pk not in grouped]
    old_ids = set(dissolved) | kept_clusters | {m["cluster_id"] for m in released if m["cluster_id"]}
    _write_clusters(db, groups, released, old_ids, report)


# ------------------------------------------------------------------------- from scratch


def recluster_all(db: Database, config: ClusterConfig = ClusterConfig()) -> ClusterReport:
    """Rebuild the index and every cluster from the articles alone.

    Cluster ids depend only on the members (see the module docstring), so a rebuild
    of unchanged data gives the same ids, and rows that do not change are not touched.
    """
    started = time.perf_counter()
    report = ClusterReport(mode="all")
    timings = report.timings
    t = time.perf_counter()
    pks, days, keys = _rebuild_index(db, config, report)
    timings["index"] = time.perf_counter() - t

    t = time.perf_counter()
    pairs = _candidates_in_memory(pks, days, keys, config.window_days)
    report.candidate_pairs = len(pairs)
    del keys
    timings["candidates"] = time.perf_counter() - t

    with _transaction(db):
        t = time.perf_counter()
        edges = _verify(db, pairs, config)
        report.similar_pairs = len(edges)
        timings["verify"] = time.perf_counter() - t

        t = time.perf_counter()
        uf = _UnionFind()
        for a, b in edges:
            uf.union(a, b)
        components = list(uf.groups().values())
        info = _members_by_pk(db, {pk for c in components for pk in c})
        groups = [[info[pk] for pk in comp] for comp in components]
        grouped = {pk for c in components for pk in c}
        previously = _members(db, "cluster_id IS NOT NULL", [])
        released = [m for m in previously if m["pk"] not in grouped]
        old_ids = {m["cluster_id"] for m in previously}
        old_ids |= {r[0] for r in db.execute("SELECT id FROM clusters")}
        _write_clusters(db, groups, released, old_ids, report)
        report.clusters = db.execute("SELECT count(*) FROM clusters").fetchone()[0]
        timings["write"] = time.perf_counter() - t
    report.seconds = time.perf_counter() - started
    logger.info("recluster_all: %s", report)
    return report


def _rebuild_index(db: Database, config: ClusterConfig, report: ClusterReport):
    """Sign every article and rewrite the index; returns (pks, days, band keys) of the
    indexed articles, kept in memory for the candidate search."""
    with _transaction(db):
        db.execute("DELETE FROM cluster_index")
        db.execute("DELETE FROM lsh_buckets")
        db.execute("DELETE FROM minhash_signatures")
        # Everything is read again below; a change made meanwhile is queued anew.
        db.execute("DELETE FROM cluster_queue")
    pk_parts, day_parts, key_parts = [], [], []
    total = db.execute("SELECT max(pk) FROM articles").fetchone()[0] or 0
    last = 0
    while last < total:
        rows = db.execute(
            "SELECT pk, body, body_hash, published, first_seen, redacted FROM articles "
            "WHERE pk > ? ORDER BY pk LIMIT ?",
            [last, config.batch_size],
        ).fetchall()
        if not rows:
            break
        last = rows[-1][0]
        texts = [body if not redacted else "" for _, body, _, _, _, redacted in rows]
        sets, sigs, keys = _sign(texts, config)
        sig_rows, keep = [], []
        for i, (pk, _, body_hash, published, first_seen, redacted) in enumerate(rows):
            day = article_day(published, first_seen)
            ok = len(sets[i]) >= config.min_shingles and day is not None and not redacted
            sig_rows.append((pk, body_hash, redacted, day, len(sets[i]), _signature_blob(sigs[i]) if ok else None))
            if ok:
                keep.append(i)
                pk_parts.append(pk)
                day_parts.append(day)
        key_parts.append(keys[keep])
        with _transaction(db):
            db.conn.executemany(
                "INSERT INTO minhash_signatures (article_pk, body_hash, redacted, day, shingles, signature) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                sig_rows,
            )
        report.indexed += len(keep)
        report.skipped += len(rows) - len(keep)
    pks = np.array(pk_parts, dtype=np.int64)
    days = np.array(day_parts, dtype=np.int64)
    keys = np.concatenate(key_parts) if key_parts else np.empty((0, config.bands), dtype=np.int32)
    # Insert the buckets in primary-key order: appending to the B-tree is far faster
    # than inserting at random places.
    with _transaction(db):
        for band in range(config.bands):
            order = np.lexsort((pks, keys[:, band]))
            db.conn.executemany(
                "INSERT INTO lsh_buckets (band, key, article_pk) VALUES (?, ?, ?)",
                zip([band] * len(order), keys[order, band].tolist(), pks[order].tolist()),
            )
        db.conn.executemany(
            "INSERT INTO cluster_index (name, value) VALUES (?, ?)", sorted(config.index_params().items())
        )
    return pks, days, keys


def _candidates_in_memory(pks: np.ndarray, days: np.ndarray, keys: np.ndarray, window: int) -> np.ndarray:
    """Every pair sharing a band key within the date window, as sorted (pk, pk) rows."""
    found = []
    for band in range(keys.shape[1] if keys.ndim == 2 else 0):
        order = np.lexsort((days, keys[:, band]))
        k = keys[order, band]
        d = days[order]
        # Within one key, articles are sorted by day: if the pair at a given offset is
        # out of the window (or of the key), so is every pair at a larger offset.
        offset = 1
        while offset < len(k):
            hit = np.nonzero((k[offset:] == k[:-offset]) & (d[offset:] - d[:-offset] <= window))[0]
            if not len(hit):
                break
            a, b = pks[order[hit]], pks[order[hit + offset]]
            found.append(np.minimum(a, b) << 32 | np.maximum(a, b))
            offset += 1
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(found))
    return np.stack([codes >> 32, codes & 0xFFFFFFFF], axis=1)


# ------------------------------------------------------------------------------ reading


def copies(db: Database, article_id: str) -> list[dict]:
    """The other copies of an article (id, site, title, url, published), first published first.

    Redacted copies are left out; an article in no cluster has no copies.
    """
    row = db.execute("SELECT cluster_id FROM articles WHERE id = ?", [article_id]).fetchone()
    if not row or not row[0]:
        return []
    cur = db.execute(
        "SELECT id, site, title, url, published, first_seen FROM articles "
        "WHERE cluster_id = ? AND id <> ? AND redacted = 0",
        [row[0], article_id],
    )
    cols = [d[0] for d in cur.description]
    found = sorted((dict(zip(cols, r)) for r in cur.fetchall()), key=publication_order)
    return [{k: m[k] for k in ("id", "site", "title", "url", "published")} for m in found]
