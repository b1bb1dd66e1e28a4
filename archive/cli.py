"""``novadi``: the command-line tool, a thin layer over the library."""
from __future__ import annotations

import json
import sqlite3
import sys
from datetime import datetime, timezone
from pathlib import Path

import click

from archive.db import default_db_path

REGION_NAMES = {"kurzeme": "Kurzeme", "zemgale": "Zemgale", "vidzeme": "Vidzeme",
                "latgale": "Latgale", "riga": "Rīga", None: "(no region)"}


def _registry(path):
    from crawler.registry import RegistryError, load_registry

    try:
        return load_registry(path)
    except (RegistryError, OSError) as exc:
        raise click.ClickException(f"registry: {exc}") from None


registry_option = click.option(
    "--registry", type=click.Path(dir_okay=False), envvar="NOVADI_REGISTRY", default=None,
    help="Site registry TOML file (default: the bundled crawler/sites.toml).")
db_option = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False), default=None,
    help="Archive database (default: data/novadi.db or $NOVADI_DB).")


class _Cli(click.Group):
    """The command group: an archive that cannot be used is one line and exit 1, whatever the command."""

    def invoke(self, ctx):
        from archive.db import ArchiveError
        from archive.lock import ArchiveBusy

        try:
            return super().invoke(ctx)
        except (ArchiveError, ArchiveBusy) as exc:
            raise click.ClickException(str(exc)) from None


def _fold(text: str) -> str:
    """Case and diacritics folded: "Rīga", "RIGA" and "riga" are one name."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _region(ctx, param, value):
    if value is None:
        return None
    for key, name in REGION_NAMES.items():
        if key and _fold(value) in (_fold(key), _fold(name)):
            return key
    choices = ", ".join(k for k in REGION_NAMES if k)
    raise click.BadParameter(f"{value!r} is not a planning region ({choices})")


def _site_id(reg, site_id: str):
    """The registry's site for an id typed in any case, or None."""
    if site_id in reg.sites:
        return reg.sites[site_id]
    folded = _fold(site_id)
    return next((site for key, site in reg.sites.items() if _fold(key) == folded), None)


@click.group(cls=_Cli)
@click.version_option(package_name="novadi")
def cli():
    """novadi: an archive of Latvian municipal and planning-region news."""


@cli.command()
@registry_option
@click.option("--region", callback=_region, metavar="REGION",
              help="Only the sites of one planning region: kurzeme, zemgale, vidzeme, latgale or riga "
                   "(any case, with or without diacritics).")
@click.option("--kind", type=click.Choice(["state-city", "municipality", "planning-region", "legacy"],
                                          case_sensitive=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per site.")
def sites(registry, region, kind, as_json):
    """List the sites in the registry, grouped by region.

    Example: novadi sites --region zemgale
    """
    reg = _registry(registry)
    chosen = [s for s in reg if (region is None or s.region == region) and (kind is None or s.kind == kind)]
    if as_json:
        for site in chosen:
            click.echo(json.dumps(site.row(), ensure_ascii=False))
        return
    order = list(REGION_NAMES)
    for reg_key in sorted({s.region for s in chosen}, key=lambda r: order.index(r)):
        group = sorted((s for s in chosen if s.region == reg_key), key=lambda s: (s.kind, s.id))
        click.echo(f"{REGION_NAMES[reg_key]} ({len(group)})")
        for site in group:
            extra = f" → {site.successor}" if site.successor else ""
            click.echo(f"  {site.id:34} {site.kind:16} {site.profile:10} {site.url}{extra}")
    click.echo(f"{len(chosen)} sites")


def _settings_from(pairs, db_path, registry):
    from crawler.runner import parse_settings

    try:
        overrides = parse_settings(pairs)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="-s") from None
    overrides["NOVADI_DB"] = str(db_path or default_db_path())
    if registry:
        overrides["NOVADI_REGISTRY"] = str(registry)
    return overrides


def _summaries(db_path, run_ids: list[int]) -> list[dict]:
    """The rows of these runs (this process's own), by site."""
    from archive.db import open_readonly

    if not run_ids:
        return []
    db = open_readonly(db_path)
    try:
        cur = db.execute(
            "SELECT site, mode, finish_reason, requests, new, changed, unchanged, gone, errors, dropped, flags, missed, "
            "requisite_requests, requisite_bytes, requisite_revisits, "
            "teasers, teasers_archived, teasers_dropped, teaser_dates_differ, coverage, coverage_missed, undated, "
            "revisited, revisit_reasons, revisit_unchanged, revisit_changed, revisit_gone "
            f"FROM crawl_runs WHERE id IN ({', '.join('?' * len(run_ids))}) ORDER BY site", run_ids)
        return [dict(zip([d[0] for d in cur.description], row)) for row in cur.fetchall()]
    finally:
        db.conn.close()


def _log_file(db_file) -> Path:
    """Where this crawl's log goes: ``logs/`` beside the archive, one file per crawl."""
    import os

    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return Path(db_file).absolute().parent / "logs" / f"crawl-{stamp}-{os.getpid()}.log"


@cli.command()
@click.argument("site_ids", nargs=-1)
@click.option("--all", "all_sites", is_flag=True, help="Crawl every site in the registry.")
@click.option("--url", "urls", multiple=True, help="Crawl a site that is not in the registry, from this URL.")
@click.option("--due", is_flag=True, help="Only the sites whose frequency says they are due; a site whose "
              "full pass (revisit.full_pass) is due gets a full crawl.")
@click.option("--full", is_flag=True, help="Walk every listing page and refetch known articles.")
@click.option("--no-requisites", is_flag=True, help="Do not fetch articles' stylesheets, fonts and images.")
@db_option
@registry_option
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy or novadi setting.")
@click.option("--distributed", is_flag=True, help="Queue the sites for `novadi worker`s instead of crawling here.")
@click.option("--redis", "redis_url", envvar="NOVADI_REDIS_URL", default="redis://127.0.0.1:6379/0",
              show_default=True, help="Redis of the crawl cluster (with --distributed).")
@click.option("--distributed-child", is_flag=True, hidden=True)
@click.option("--wait", "wait", is_flag=True,
              help="If another crawl is writing to the archive, wait for it instead of refusing.")
@click.option("-v", "--verbose", is_flag=True, help="Show the crawl's whole log on the terminal.")
def crawl(site_ids, all_sites, urls, due, full, no_requisites, db_path, registry, settings, distributed, redis_url,
          distributed_child, wait, verbose):
    """Crawl sites into the archive.

    Prints one summary line per site; the crawl's log goes to logs/ beside the archive
    (-v shows it on the terminal too). One crawl writes to an archive at a time: a
    second one refuses, or waits with --wait.

    Examples: novadi crawl jelgavas-novads; novadi crawl --all;
    novadi crawl --url https://www.example.lv/ -s DOWNLOAD_DELAY=5
    """
    from crawler.registry import adhoc_site
    from crawler.runner import CrawlTarget, run_crawls

    reg = _registry(registry)
    if not (site_ids or all_sites or urls or due):
        raise click.UsageError("name site ids, or use --all, --due or --url")
    targets = []
    for site_id in site_ids:
        site = _site_id(reg, site_id)
        if site is None:
            raise click.ClickException(f"unknown site {site_id!r} (see `novadi sites`)")
        targets.append(CrawlTarget(site))
    if all_sites or due:
        targets = [CrawlTarget(s) for s in reg]
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise click.BadParameter(f"{url!r} is not an http(s) URL", param_hint="--url")
        known = reg.for_url(url)
        targets.append(CrawlTarget(known) if known else CrawlTarget(adhoc_site(url, reg.profiles), adhoc=True, url=url))
    overrides = _settings_from(settings, db_path, registry)
    db_file = overrides["NOVADI_DB"]
    if not (distributed or distributed_child):
        from archive.db import check_archive

        # Before anything is written or Scrapy starts: one line for a file that cannot be the archive.
        check_archive(db_file, write=True)
    if due:
        from archive.schedule import due_crawls

        modes = due_crawls(db_file, [t.site for t in targets])
        targets = [t for t in targets if t.site.id in modes]
        for target in targets:
            target.mode = None if full else modes[target.site.id]
        if not targets:
            click.echo("no site is due")
            return
    if full:
        overrides["NOVADI_CRAWL_MODE"] = "full"
    if no_requisites:
        overrides["NOVADI_REQUISITES_ENABLED"] = False
    if distributed:
        from crawler.worker import enqueue

        if any(t.adhoc for t in targets):
            raise click.UsageError("--distributed crawls registry sites only; add the site to the registry")
        count = 0
        for mode in ("incremental", "full"):
            count += enqueue(redis_url, [t.site.id for t in targets
                                         if (t.mode or ("full" if full else "incremental")) == mode], mode)
        click.echo(f"queued {count} site(s) for the workers at {redis_url}")
        return
    if distributed_child:
        from crawler.distributed import distributed_settings

        overrides.update({k: v for k, v in distributed_settings(redis_url, targets[0].site.id).items()})
        overrides.update(_settings_from(settings, db_path, registry))
        run_crawls(targets, overrides)
        return
    from archive.db import open_db
    from archive.lock import archive_lock

    with archive_lock(db_file, wait=wait, what="crawl"):
        open_db(db_file).conn.close()  # the schema, created here once, before any crawler runs
        log_file = _log_file(db_file)
        runs: dict[str, dict] = {}
        reasons = run_crawls(targets, overrides, log_file=log_file, runs=runs,
                             terminal_level=overrides.get("LOG_LEVEL", "INFO") if verbose else "WARNING")
    try:
        rows = _summaries(db_file, sorted(r["run_id"] for r in runs.values() if r["run_id"] is not None))
    except sqlite3.Error:  # an archive that could not even be created
        rows = []
    for row in rows:
        row["store_failure"] = (runs.get(row["site"]) or {}).get("store_failure")
    recorded = {r["site"] for r in rows}
    for site, reason in sorted(reasons.items()):
        if site not in recorded:
            failure = (runs.get(site) or {}).get("store_failure")
            click.echo(f"{site}: {reason}; nothing recorded in {db_file}" + (f": {failure}" if failure else ""),
                       err=True)
            rows.append({"site": site, "finish_reason": reason, "flags": None, "_unrecorded": True})
    _print_summaries([r for r in rows if not r.get("_unrecorded")])
    click.echo(f"log: {log_file}", err=True)
    # Non-zero when a crawl did not finish or a site is flagged, so cron mail reaches the archivist.
    if any(r["finish_reason"] not in ("finished",) or r["flags"] for r in rows):
        sys.exit(1)


def _size(count) -> str:
    count = count or 0
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.0f} kB"


def _print_summaries(rows):
    from archive.coverage import coverage_line

    for r in rows:
        dropped = json.loads(r["dropped"] or "{}")
        dropped_text = ", ".join(f"{k} {v}" for k, v in sorted(dropped.items())) or "none"
        click.echo(
            f"{r['site']}: {r['finish_reason']} ({r['mode']}); {r['requests']} requests; "
            f"{r['new']} new, {r['changed']} changed, {r['unchanged']} unchanged, {r['gone']} gone; "
            f"{r['errors']} errors; dropped: {dropped_text}"
            + (f"; {r['missed']} missed by earlier incremental crawls" if r["missed"] else "")
            + (f"; page requisites: {r['requisite_requests']} requests, {_size(r['requisite_bytes'])}, "
               f"{r['requisite_revisits'] or 0} unchanged" if r.get("requisite_requests") else "")
            + (f"; FLAGGED: {r['flags']}" if r["flags"] else "")
            + (f"; the archive could not be written: {r['store_failure']}" if r.get("store_failure") else ""))
        click.echo(f"  {coverage_line(r)}")
        if r.get("revisited"):
            from archive.status import revisit_line

            click.echo(f"  {revisit_line(r)}")


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--allow-sql", is_flag=True, help="Allow arbitrary SQL (for local use, not the public site).")
@click.option("--immutable", is_flag=True, help="Serve a published dump that never changes.")
@click.option("--warc-dir", type=click.Path(file_okay=False), help="WARC files for archived copies (default: beside the database).")
@click.option("--public-url", help="The site's public address, for links in feeds (e.g. https://novadi.example.org).")
def serve(db_path, host, port, allow_sql, immutable, warc_dir, public_url):
    """Publish the archive with Datasette.

    Example: novadi serve --db data/novadi.db --port 8001
    """
    from archive.site.serve import serve as run_server

    path = Path(db_path or default_db_path())
    if not path.exists():
        raise click.ClickException(f"no archive at {path}; run `novadi crawl` or `novadi demo` first")
    run_server(path, host=host, port=port, allow_sql=allow_sql, immutable=immutable, warc_dir=warc_dir,
               public_url=public_url)


@cli.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default="data/demo.db", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Crawl the sample sites, then stop.")
def demo(db_path, port, no_serve):
    """Serve the bundled sample sites on loopback, crawl them and open the archive.

    Works with no network. Example: novadi demo
    """
    from archive.demo import run_demo

    run_demo(Path(db_path), port=port, serve=not no_serve, echo=click.echo)


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per site.")
def status(db_path, as_json):
    """One line per site: last crawl, articles, new, health. Exits 1 when a site is flagged,
    so cron mail reaches the archivist.

    Example: novadi status --db data/novadi.db
    """
    from archive.db import open_readonly
    from archive.status import format_line, site_status

    path = Path(db_path or default_db_path())
    if not path.exists():
        raise click.ClickException(f"no archive at {path}")
    db = open_readonly(path)
    rows = site_status(db)
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False) if as_json else format_line(row))
    flagged = [r for r in rows if r["flagged"]]
    if flagged:
        click.echo(f"{len(flagged)} site(s) flagged: {', '.join(r['site'] for r in flagged)}", err=True)
        sys.exit(1)


@cli.command(name="export-wacz")
@click.argument("output", type=click.Path(dir_okay=False))
@db_option
@click.option("--warc-dir", type=click.Path(file_okay=False), help="Where the WARC files are (default: beside the database).")
@click.option("--site", "site_id", help="Only this site's captures.")
def export_wacz(output, db_path, warc_dir, site_id):
    """Package the raw captures as a WACZ file that ReplayWeb.page and pywb replay.

    Captures of redacted articles are left out. Example: novadi export-wacz novadi.wacz
    """
    from archive.db import open_readonly
    from archive.wacz_export import export_wacz as run

    path = Path(db_path or default_db_path())
    if not path.exists():
        raise click.ClickException(f"no archive at {path}")
    warc = Path(warc_dir) if warc_dir else path.parent / "warc"
    try:
        result = run(open_readonly(path), warc, output, site=site_id)
    except (ValueError, RuntimeError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{result['output']}: {result['pages']} pages from {result['warc_files']} WARC files, "
               f"{result['size']} bytes")


@cli.command()
@db_option
@registry_option
@click.option("--warc-dir", type=click.Path(file_okay=False), help="Where the WARC files are (default: beside the database).")
@click.option("--site", "site_id", help="Only this site.")
@click.option("--since", help="Only captures made on or after this date (YYYY-MM-DD).")
@click.option("--workers", type=int, default=None, help="Processes to extract with (default: all cores).")
def reextract(db_path, registry, warc_dir, site_id, since, workers):
    """Rebuild articles from the WARC captures, without touching the network.

    Example: novadi reextract --site jelgavas-novads --since 2024-01-01
    """
    from archive.db import open_db
    from archive.reextract import reextract as run

    path = Path(db_path or default_db_path())
    warc = Path(warc_dir) if warc_dir else path.parent / "warc"
    if not warc.is_dir():
        raise click.ClickException(f"no WARC directory at {warc}")
    reg = _registry(registry)
    if site_id and site_id not in reg.sites:
        db_sites = {r[0] for r in open_db(path).execute("SELECT id FROM sites")}
        if site_id not in db_sites:
            raise click.ClickException(f"unknown site {site_id!r}")
    if since:
        try:
            datetime.fromisoformat(since)
        except ValueError:
            raise click.BadParameter(f"{since!r} is not a date (YYYY-MM-DD)", param_hint="--since") from None
    db = open_db(path)
    report = run(db, warc, reg, site=site_id, since=since, workers=workers)
    for line in report.lines():
        click.echo(line)


@cli.command()
@click.argument("site_or_url", required=False)
@click.option("--all", "all_sites", is_flag=True, help="Probe every registry entry and print one table.")
@click.option("--update", is_flag=True,
              help="Write what the probe confirmed or corrected into the registry file (comments kept).")
@click.option("--jobs", default=4, show_default=True, type=click.IntRange(1, 32),
              help="Sites probed at a time with --all (each site still gets one request at a time).")
@click.option("--delay", default=1.0, show_default=True, type=click.FloatRange(0), help="Seconds between requests to a site.")
@registry_option
def probe(site_or_url, all_sites, update, jobs, delay, registry):
    """Check which discovery routes of a site work, what their pages are, and print a registry entry.

    Makes a handful of polite requests per site, never a crawl. Examples:
    novadi probe https://www.example.lv/ ; novadi probe --all ; novadi probe jelgava --update
    """
    from crawler.probe import probe as run_probe, render_entry, render_report
    from crawler.probe_all import check, probe_all, render_table, update_registry
    from crawler.registry import DEFAULT_SITES

    reg = _registry(registry)
    path = registry or DEFAULT_SITES
    if all_sites == bool(site_or_url):
        raise click.UsageError("give one SITE_OR_URL, or --all")
    if all_sites:
        rows = probe_all(reg, jobs=jobs, delay=delay)
        for line in render_table(rows):
            click.echo(line)
    else:
        if "://" not in site_or_url and site_or_url not in reg.sites:
            raise click.ClickException(f"{site_or_url!r} is neither a site id nor an http(s) URL")
        report = run_probe(site_or_url, registry=reg, delay=delay)
        click.echo(render_report(report))
        click.echo(render_entry(report))
        if report.site is None:
            if not report.reached:
                raise SystemExit(1)
            if update:
                raise click.ClickException("--update needs a registry site: add the entry above first")
            return
        rows = [check(report.site, report, reg.profiles)]
    if update:
        for line in update_registry(path, rows) or ["registry unchanged"]:
            click.echo(f"updated     {line}" if line != "registry unchanged" else line)
    if any(row.failed for row in rows):
        raise SystemExit(1)


@cli.command()
@click.option("--redis", "redis_url", envvar="NOVADI_REDIS_URL", default="redis://127.0.0.1:6379/0", show_default=True)
@registry_option
@click.option("--lease-ttl", default=60, show_default=True, type=int,
              help="Seconds a dead worker's site stays locked before another worker takes it over.")
@click.option("--warc-dir", type=click.Path(file_okay=False), envvar="NOVADI_WARC_DIR",
              help="The shared archive directory for WARC files.")
@click.option("--exit-when-idle", is_flag=True, help="Stop when no job is queued or under way.")
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy or novadi setting.")
def worker(redis_url, registry, lease_ttl, warc_dir, exit_when_idle, settings):
    """Crawl sites queued in Redis, one site at a time under its lease.

    Example: novadi worker --redis redis://archive-host:6379/0 --warc-dir /mnt/archive/warc
    """
    from crawler.runner import parse_settings
    from crawler.worker import run_worker

    try:
        overrides = parse_settings(settings)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="-s") from None
    if warc_dir:
        overrides["NOVADI_WARC_DIR"] = warc_dir
    _redis_or_fail(redis_url)
    run_worker(redis_url, registry=registry, ttl=lease_ttl, settings=overrides,
               exit_when_idle=exit_when_idle, echo=click.echo)


@cli.command()
@db_option
@click.option("--redis", "redis_url", envvar="NOVADI_REDIS_URL", default="redis://127.0.0.1:6379/0", show_default=True)
@click.option("--exit-when-idle", is_flag=True, help="Stop when the workers are done and every item is written.")
def ingest(db_path, redis_url, exit_when_idle):
    """Write the items the workers push to Redis into the archive (the cluster's one writer).

    Example: novadi ingest --db /srv/novadi/data/novadi.db --redis redis://127.0.0.1:6379/0
    """
    from archive.db import open_db
    from archive.ingest import run_ingest

    _redis_or_fail(redis_url)
    run_ingest(open_db(db_path or default_db_path()), redis_url, exit_when_idle=exit_when_idle, echo=click.echo)


def _redis_or_fail(url):
    from crawler.distributed import redis_client

    try:
        redis_client(url).ping()
    except Exception as exc:
        raise click.ClickException(f"cannot reach Redis at {url}: {exc}") from None


def _add_data_commands():
    from archive.commands_data import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)


_add_data_commands()


def main():  # pragma: no cover
    cli()
