"""``novadi`` commands for the published data: dumps, their checks, takedowns, the schema,
clusters of republished stories."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from archive.db import default_db_path

db_option = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False), default=None,
    help="Archive database (default: data/novadi.db or $NOVADI_DB).")
who_option = click.option(
    "--who", default=None, help="Who is doing this (default: $NOVADI_OPERATOR or the OS user).")


def _existing(db_path) -> Path:
    from archive.db import check_archive

    path = Path(db_path or default_db_path())
    if not path.exists():
        raise click.ClickException(f"no archive at {path}")
    check_archive(path, write=False)
    return path


def _open(db_path):
    from archive.db import open_db

    return open_db(_existing(db_path))


@click.command(name="export")
@click.argument("out_dir", type=click.Path(file_okay=False))
@db_option
@click.option("--format", "formats", multiple=True, type=click.Choice(["jsonl", "csv"]),
              help="File formats of the views, repeatable (default: jsonl and csv).")
def export_command(out_dir, db_path, formats):
    """Write a public dump of the archive: every public view as gzip JSON Lines and
    CSV, the database without what is not public, and a manifest with checksums.

    Safe while a crawl runs: the dump is one point in time.

    Example: novadi export dumps/2024-06-01 --format jsonl
    """
    from archive.export import ExportError, export

    try:
        manifest = export(_existing(db_path), out_dir, formats=formats or ("jsonl", "csv"))
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    size = sum(f["size"] for f in manifest.files.values())
    counts = ", ".join(f"{v} {i['rows']}" for v, i in manifest.views.items())
    click.echo(f"{out_dir}: {len(manifest.files)} files, {size / 1e6:.1f} MB; rows: {counts}")


@click.command(name="verify")
@click.argument("out_dir", type=click.Path(file_okay=False))
def verify_command(out_dir):
    """Check a dump against its manifest: every file's size, SHA-256 and row count.

    Prints one line per problem and exits with status 1 if there is any.

    Example: novadi verify dumps/2024-06-01
    """
    from archive.export import verify

    if not Path(out_dir).is_dir():
        raise click.ClickException(f"no dump at {out_dir}")
    problems = verify(out_dir)
    for problem in problems:
        click.echo(problem)
    if problems:
        sys.exit(1)
    click.echo(f"{out_dir}: intact")


@click.command(name="redact")
@click.argument("url_or_id")
@click.option("--reason", required=True, help="Why (a request's reference, the law invoked).")
@click.option("--part", default=None,
              help="Hide only this passage, wherever the article's text holds it; it then reads […].")
@who_option
@db_option
def redact_command(url_or_id, reason, part, who, db_path):
    """Hide an article (or one passage of it) from the public views and every later dump.

    The hidden text is kept, out of public reach, so `novadi unredact` can restore it.

    Examples: novadi redact https://www.jelgava.lv/lv/jaunumi/x --reason "request 2024/17";
    novadi redact 19f144c3ad6bd0d5 --part "Jānis Bērziņš" --reason "GDPR art. 17"
    """
    from archive.redact import RedactionError, redact

    db = _open(db_path)
    try:
        rid = redact(db, url_or_id, reason=reason, who=who, part=part)
        aid = db.execute("SELECT article_id FROM redactions WHERE id = ?", [rid]).fetchone()[0]
    except RedactionError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        db.conn.close()
    click.echo(f"redaction {rid}: article {aid} " + ("passage hidden" if part else "hidden"))


@click.command(name="unredact")
@click.argument("redaction_id", type=int)
@who_option
@db_option
def unredact_command(redaction_id, who, db_path):
    """Undo a redaction and restore the text it hid (see `novadi redactions` for ids).

    Example: novadi unredact 3
    """
    from archive.redact import RedactionError, unredact

    db = _open(db_path)
    try:
        aid = unredact(db, redaction_id, who=who)
    except RedactionError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        db.conn.close()
    click.echo(f"redaction {redaction_id} undone: article {aid} restored")


@click.command(name="redactions")
@db_option
def redactions_command(db_path):
    """List every redaction, oldest first, undone ones included.

    Example: novadi redactions --db data/novadi.db
    """
    from archive.redact import list_redactions

    db = _open(db_path)
    try:
        rows = list_redactions(db)
    finally:
        db.conn.close()
    for r in rows:
        what = f"passage {r['part']!r}" if r["part"] else "whole article"
        state = f"undone {r['undone_at']} by {r['undone_by']}" if r["undone_at"] else "active"
        click.echo(f"{r['id']}\t{r['at']}\t{r['who']}\t{r['article_id']}\t{what}\t{r['reason']}\t{state}\t{r['url']}")
    if not rows:
        click.echo("no redactions")


@click.command(name="schema-docs")
def schema_docs_command():
    """Print docs/schema.md: the public views, their columns, identifiers and dumps.

    Example: novadi schema-docs > docs/schema.md
    """
    from archive.schema_docs import fresh_db, render

    click.echo(render(fresh_db()), nl=False)


@click.command("cluster")
@db_option
@click.option("--all", "rebuild", is_flag=True, help="Rebuild the index and every cluster from scratch.")
@click.option("--window-days", type=int, help="Largest date difference between copies [30].")
@click.option("--jaccard", type=float, help="Jaccard similarity that makes a copy [0.5].")
@click.option("--containment", type=float, help="Containment that makes a copy (with --containment-min-jaccard) [0.8].")
@click.option("--containment-min-jaccard", type=float, help="Least Jaccard for a containment match [0.4].")
@click.option("--min-shingles", type=int, help="Shortest text clustered, in 5-word shingles [30].")
@click.option("--shingle-size", type=int, help="Words per shingle [5]; changing it rebuilds the index.")
@click.option("--num-perm", type=int, help="MinHash permutations [128]; changing it rebuilds the index.")
@click.option("--lsh-threshold", type=float, help="Jaccard the LSH bands are laid out for [0.3].")
def cluster_command(db_path, rebuild, **options):
    """Group republished copies of the same story into clusters.

    Indexes the articles added or changed since the last run and clusters them
    against the whole archive; --all rebuilds everything. Defaults come from
    NOVADI_CLUSTER_* environment variables, then the built-in values.

    Example: novadi cluster --all --window-days 45
    """
    import os

    from archive.clusters import ClusterConfig, cluster_new, recluster_all

    settings = {key: os.environ.get(key) for key in ClusterConfig.SETTINGS.values()}
    # An option overrides its NOVADI_CLUSTER_* variable.
    fields = {"jaccard": "jaccard_threshold", "containment": "containment_threshold"}
    for name, value in options.items():
        if value is not None:
            settings[ClusterConfig.SETTINGS[fields.get(name, name)]] = value
    try:
        config = ClusterConfig.from_settings(settings)
    except ValueError as exc:
        raise click.ClickException(f"cluster settings: {exc}") from None
    db = _open(db_path)
    report = recluster_all(db, config) if rebuild else cluster_new(db, config)
    click.echo(
        f"{report.indexed} articles indexed, {report.candidate_pairs} candidate pairs, "
        f"{report.similar_pairs} copies found; clusters: {report.clusters_created} new, "
        f"{report.clusters_changed} changed, {report.clusters_removed} removed, {report.clusters} in all "
        f"({report.seconds:.1f} s)"
    )


COMMANDS = (export_command, verify_command, redact_command, unredact_command, redactions_command,
            schema_docs_command, cluster_command)
