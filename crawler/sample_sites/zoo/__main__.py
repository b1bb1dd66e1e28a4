"""Generated sites from the command line.

    python -m crawler.sample_sites.zoo serve --seed 17        # serve it until Ctrl+C
    python -m crawler.sample_sites.zoo traits --seed 17       # what the seed drew
    python -m crawler.sample_sites.zoo truth --seed 17        # its articles as JSON
"""
from __future__ import annotations

import argparse
import json
import sys

from crawler.sample_sites.zoo import catalogue
from crawler.sample_sites.server import serve_until_stopped
from crawler.sample_sites.zoo.world import ZooWorld


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.sample_sites.zoo", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["serve", "traits", "truth"])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--later", action="store_true", help="the site's later state (new, edited, removed articles)")
    args = parser.parse_args(argv)
    if args.command == "traits":
        print("\n".join(catalogue.describe(catalogue.draw(args.seed))))
        return 0
    with ZooWorld([args.seed], port=args.port) as world:
        if args.later:
            world.advance(args.seed)
        if args.command == "truth":
            print(json.dumps(world.expected_articles(args.seed), ensure_ascii=False, indent=1))
            return 0
        base = world.base_url(args.seed)
        serve_until_stopped([
            f"zoo-{args.seed} {base}",
            f"crawl it: .venv/bin/novadi crawl --url {base} --db /tmp/zoo-{args.seed}.db "
            "-s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=False"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
