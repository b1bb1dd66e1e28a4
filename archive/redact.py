"""Takedowns: hiding an article, or one passage of it, from everything published.

A redaction is a standing rule, recorded in ``redactions`` with who asked, why and
when. A full redaction hides the article from every public view and every later
dump and blanks its text; a partial one replaces a passage with ``[…]`` wherever the
article's text holds it (title, body, author and credit lines, earlier revisions,
attachment texts, image captions). The archive keeps what it hides, in
``redactions`` and ``redacted_values``, which are never published, so
:func:`unredact` can put it back.

Because it is a rule, :func:`apply_redactions` can re-apply it at any time: the
writer calls it after it changes an article, so a re-crawl or a re-extraction never
brings hidden text back. Blanked text leaves the full-text index too, which follows
the ``articles`` table through triggers.
"""
from __future__ import annotations

import getpass
import logging
import os
import re
import unicodedata
from contextlib import contextmanager
from datetime import datetime, timezone

from sqlite_utils import Database

from crawler.canonical import article_id as id_for_url
from crawler.canonical import canonical_url

logger = logging.getLogger(__name__)

MARK = "[…]"

# The text a redaction reaches: (table, column naming the article, column naming the
# row within the article, text columns).
SCRUBBED = (
    ("articles", "id", "id", ("title", "body", "author", "credit", "body_html")),
    ("revisions", "article_id", "rev", ("title", "body", "author")),
    ("attachments", "article_id", "url", ("link_text", "text")),
    ("images", "article_id", "url", ("caption",)),
)

_ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")


class RedactionError(ValueError):
    """A takedown that cannot be done as asked; the message says why, in one line."""


def default_operator() -> str:
    """Who is redacting: ``$NOVADI_OPERATOR``, else the OS user."""
    name = os.environ.get("NOVADI_OPERATOR", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@contextmanager
def _write(db: Database):
    """One write transaction, taken at once so a running crawl is waited for, not raced."""
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _pattern(part: str) -> re.Pattern:
    # The passage as the operator copied it, wherever the text breaks its lines or
    # spaces differently.
    return re.compile(r"\s+".join(re.escape(word) for word in part.split()))


def scrub(text: str | None, parts: list[str], full: bool = False) -> str | None:
    """``text`` with every passage in ``parts`` replaced by :data:`MARK`; blank if ``full``."""
    if text is None:
        return None
    if full:
        return ""
    for part in sorted(parts, key=len, reverse=True):
        text = _pattern(part).sub(MARK, text)
    return text


_TAG = re.compile(r"<[^>]*>")


def scrub_html(html: str | None, parts: list[str], full: bool = False) -> str | None:
    """The structured body with each passage replaced by :data:`MARK`, the passage found
    across tags and character references; None (no structured body: readers get the
    plain one) when a passage cannot be cut out of the markup cleanly."""
    if html is None or full:
        return None if html is None else ""
    import html as html_lib

    for part in sorted(parts, key=len, reverse=True):
        words = [re.escape(html_lib.escape(word, quote=False)) for word in part.split()]
        html = re.compile(r"(?:\s|<[^>]*>)+".join(words)).sub(MARK, html)
    text = html_lib.unescape(_TAG.sub(" ", html))
    if any(_pattern(part).search(text) for part in parts):
        return None
    return html


def find_article(db: Database, url_or_id: str) -> tuple[str, str]:
    """``(id, url)`` of the article with this id, or found under this URL."""
    key = url_or_id.strip()
    if _ARTICLE_ID.match(key.lower()):
        row = db.execute("SELECT id, url FROM articles WHERE id = ?", [key.lower()]).fetchone()
        if row:
            return row
    if "://" in key:
        canonical = canonical_url(key)
        for url in dict.fromkeys([key, canonical]):
            row = db.execute(
                "SELECT a.id, a.url FROM article_urls u JOIN articles a ON a.id = u.article_id WHERE u.url = ?",
                [url]).fetchone()
            if row:
                return row
        row = db.execute("SELECT id, url FROM articles WHERE id = ?", [id_for_url(canonical)]).fetchone()
        if row:
            return row
    raise RedactionError(f"no article with id or URL {key!r} in the archive")


def _active(db: Database, aid: str) -> list[tuple[int, str | None]]:
    return db.execute(
        "SELECT id, part FROM redactions WHERE article_id = ? AND undone_at IS NULL ORDER BY id", [aid]).fetchall()


def _texts(db: Database, aid: str):
    """``(table, row key, column, current value, value before any redaction)`` of every
    text a redaction reaches."""
    kept = {(t, k, c): (o, s) for t, k, c, o, s in db.execute(
        "SELECT tbl, row_key, col, original, scrubbed FROM redacted_values WHERE article_id = ?", [aid])}
    for table, article_col, key_col, cols in SCRUBBED:
        for row in db.execute(f"SELECT {key_col}, {', '.join(cols)} FROM {table} WHERE {article_col} = ?", [aid]):
            for col, current in zip(cols, row[1:]):
                record = kept.pop((table, row[0], col), None)
                # A value that is not the one we wrote was written since, by the
                # crawler: it is the new original.
                original = record[0] if record and record[1] == current else current
                yield table, row[0], col, current, original, record is not None
    for table, key, col in kept:  # rows the writer has replaced or removed since
        yield table, key, col, None, None, True


def apply_redactions(db: Database, article_id: str) -> int:
    """Make the stored text of one article obey its active redactions; return how many
    values changed.

    Runs inside the caller's transaction if there is one. Cheap when the article has
    never been redacted: one indexed look-up.
    """
    active = _active(db, article_id)
    if not active and not db.execute(
            "SELECT 1 FROM redacted_values WHERE article_id = ? LIMIT 1", [article_id]).fetchone():
        return 0
    full = any(part is None for _, part in active)
    parts = [part for _, part in active if part]
    changed = 0
    db.execute("UPDATE articles SET redacted = ? WHERE id = ? AND redacted != ?", [int(full), article_id, int(full)])
    for table, key, col, current, original, recorded in list(_texts(db, article_id)):
        where = (article_id, table, key, col)
        if current is None and original is None:
            if recorded:
                db.execute("DELETE FROM redacted_values WHERE article_id = ? AND tbl = ? AND row_key = ? "
                           "AND col = ?", where)
            continue
        target = scrub_html(original, parts, full) if col == "body_html" else scrub(original, parts, full)
        if target != current:
            article_col, key_col = next((a, k) for t, a, k, _ in SCRUBBED if t == table)
            db.execute(f"UPDATE {table} SET {col} = ? WHERE {article_col} = ? AND {key_col} = ?",
                       [target, article_id, key])
            changed += 1
        if target != original:
            db.execute("INSERT OR REPLACE INTO redacted_values (article_id, tbl, row_key, col, original, scrubbed) "
                       "VALUES (?, ?, ?, ?, ?, ?)", [*where, original, target])
        elif recorded:
            db.execute("DELETE FROM redacted_values WHERE article_id = ? AND tbl = ? AND row_key = ? AND col = ?",
                       where)
    return changed


def _normalize_part(part: str | None) -> str | None:
    if part is None:
        return None
    part = " ".join(unicodedata.normalize("NFC", part).split())
    if not part:
        raise RedactionError("the passage to redact (--part) is empty")
    return part


def redact(db: Database, url_or_id: str, *, reason: str, who: str | None = None, part: str | None = None) -> int:
    """Hide an article, or only the passage ``part`` of it; return the redaction's id."""
    reason = (reason or "").strip()
    if not reason:
        raise RedactionError("a redaction needs a reason")
    part = _normalize_part(part)
    who = (who or "").strip() or default_operator()
    with _write(db):
        aid, url = find_article(db, url_or_id)
        active = _active(db, aid)
        hidden = [rid for rid, p in active if p is None]
        if hidden:
            raise RedactionError(f"article {aid} is already hidden (redaction {hidden[0]})")
        originals = {(t, c): o for t, k, c, _, o, _ in _texts(db, aid) if t == "articles"}
        if part is not None:
            if part in {p for _, p in active}:
                raise RedactionError(f"that passage of article {aid} is already redacted")
            pattern = _pattern(part)
            if not any(o and pattern.search(o) for *_, o, _ in _texts(db, aid)):
                raise RedactionError(f"passage not found in article {aid}: {part!r}")
        cur = db.execute(
            "INSERT INTO redactions (article_id, url, part, reason, who, at, original_title, original_body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [aid, url, part, reason, who, _now(), originals.get(("articles", "title")),
             originals.get(("articles", "body"))])
        rid = cur.lastrowid
        apply_redactions(db, aid)
    logger.info("redaction %s of article %s (%s) by %s: %s", rid, aid, "passage" if part else "whole", who, reason)
    return rid


def unredact(db: Database, redaction_id: int, *, who: str | None = None) -> str:
    """Undo a redaction and restore what it hid; return the article's id."""
    who = (who or "").strip() or default_operator()
    with _write(db):
        row = db.execute("SELECT article_id, undone_at, undone_by FROM redactions WHERE id = ?",
                         [redaction_id]).fetchone()
        if row is None:
            raise RedactionError(f"no redaction {redaction_id}")
        aid, undone_at, undone_by = row
        if undone_at:
            raise RedactionError(f"redaction {redaction_id} was already undone by {undone_by} at {undone_at}")
        db.execute("UPDATE redactions SET undone_at = ?, undone_by = ? WHERE id = ?", [_now(), who, redaction_id])
        apply_redactions(db, aid)
    logger.info("redaction %s of article %s undone by %s", redaction_id, aid, who)
    return aid


def list_redactions(db: Database) -> list[dict]:
    """Every redaction, undone ones included, oldest first (without the hidden text)."""
    cur = db.execute("SELECT id, article_id, url, part, reason, who, at, undone_at, undone_by "
                     "FROM redactions ORDER BY id")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]
