"""Serve the sample sites until interrupted: ``python -m crawler.sample_sites``."""
from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from crawler.sample_sites.server import SampleWorld


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.sample_sites", description=__doc__)
    parser.add_argument("--site", action="append", dest="sites", help="serve only this site (repeatable)")
    parser.add_argument("--extra-dir", action="append", default=[], help="a folder of more sample sites")
    parser.add_argument("--port", type=int, default=0, help="port for every site (default: any free one)")
    parser.add_argument("--registry", type=Path, help="write the sites' registry entries to this TOML file")
    args = parser.parse_args(argv)
    # `novadi demo` and service managers stop us with SIGTERM: shut the servers down cleanly.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with SampleWorld(sites=args.sites, extra_dirs=args.extra_dir, port=args.port) as world:
        for site_id in world.site_ids:
            print(f"{site_id:30} {world.platform(site_id).name:10} {world.base_url(site_id)}", flush=True)
        if args.registry:
            args.registry.write_text(world.registry_toml(), encoding="utf-8")
            print(f"registry written to {args.registry}", flush=True)
        print("Serving; press Ctrl+C to stop.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
