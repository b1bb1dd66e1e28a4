"""Serve the sample sites until interrupted: ``python -m crawler.sample_sites``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crawler.sample_sites.server import SampleWorld, serve_until_stopped


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.sample_sites", description=__doc__)
    parser.add_argument("--site", action="append", dest="sites", help="serve only this site (repeatable)")
    parser.add_argument("--extra-dir", action="append", default=[], help="a folder of more sample sites")
    parser.add_argument("--port", type=int, default=0, help="port for every site (default: any free one)")
    parser.add_argument("--registry", type=Path, help="write the sites' registry entries to this TOML file")
    args = parser.parse_args(argv)
    with SampleWorld(sites=args.sites, extra_dirs=args.extra_dir, port=args.port) as world:
        lines = [f"{site_id:30} {world.platform(site_id).name:10} {world.base_url(site_id)}"
                 for site_id in world.site_ids]
        if args.registry:
            args.registry.write_text(world.registry_toml(), encoding="utf-8")
            lines.append(f"registry written to {args.registry}")
        serve_until_stopped(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
