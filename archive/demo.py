"""``novadi demo``: the bundled sample sites, crawled into a demo archive and served.

Everything runs on loopback: a newcomer sees the whole pipeline with no network.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from crawler.registry import dump_entries

# The sample sites answer instantly; politeness would only make the demo slow.
DEMO_SETTINGS = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "LOG_LEVEL": "WARNING"}


def crawl_world(world, db_path: Path, extra_settings: dict | None = None) -> subprocess.CompletedProcess:
    """Crawl every site of a running ``SampleWorld`` into ``db_path`` (in a child process,
    since Scrapy's reactor runs once per process)."""
    registry = Path(tempfile.mkdtemp(prefix="novadi-demo-")) / "sites.toml"
    registry.write_text(dump_entries(world.registry_entries()), encoding="utf-8")
    settings = {**DEMO_SETTINGS, **(extra_settings or {})}
    cmd = [sys.executable, "-m", "archive", "crawl", *world.site_ids, "--db", str(db_path),
           "--registry", str(registry)]
    for name, value in settings.items():
        cmd += ["-s", f"{name}={value}"]
    return subprocess.run(cmd, text=True, capture_output=True)


def run_demo(db_path: Path, *, port: int = 8001, serve: bool = True, echo=print) -> None:
    """Start the sample sites, crawl them into ``db_path`` and serve the archive.

    The sample sites keep serving while the archive is up, so the article pages'
    links to the original article and its attachments lead somewhere.
    """
    from crawler.sample_sites.server import SampleWorld

    with SampleWorld() as world:
        echo("Sample sites on loopback:")
        for site_id in world.site_ids:
            echo(f"  {site_id:28} {world.base_url(site_id)}")
        echo(f"Crawling them into {db_path} ...")
        result = crawl_world(world, db_path)
        echo(result.stdout.rstrip())
        if result.returncode != 0:
            echo(result.stderr[-3000:])
            raise SystemExit(f"demo crawl failed (exit {result.returncode})")
        if serve:
            from archive.site.serve import serve as run_server

            echo("The sample sites keep serving at the addresses above while the archive is up.")
            echo(f"Open http://127.0.0.1:{port}/ (Ctrl-C stops both)")
            run_server(db_path, host="127.0.0.1", port=port)
