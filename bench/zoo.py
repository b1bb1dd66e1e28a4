"""The zoo: share of generated sites the crawler archives exactly, and failures per trait.

Each seed is a whole site (see crawler/sample_sites/zoo/), served on loopback and
crawled by ``novadi crawl --url`` as a new user would (politeness off, several
crawls in parallel). A site is exact when the archive holds every generated article
once, nothing else, with the generated title, dates and body, and no robots.txt
rule was broken.

Beside the share of exact sites it prints, for every trait option, the share of
exact sites among the seeds that drew it against the share among those that did
not: a trait that breaks crawls stands out as a low first figure next to a high
second one. Then the problem kinds (missing, extra, duplicate, title, published,
updated, body, robots, crawl) with the seeds that showed them.

    python bench/zoo.py --seeds 500              # seeds 0..499
    python bench/zoo.py --seeds 60 --jobs 3      # a quicker look
    python bench/zoo.py --only 17,23             # these seeds, with their problems
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.sample_sites.zoo import TRAITS, ZooWorld  # noqa: E402
from crawler.sample_sites.zoo.check import judge_many  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=500, help="crawl seeds 0..N-1")
    parser.add_argument("--first", type=int, default=0, help="first seed")
    parser.add_argument("--only", help="comma-separated seeds instead of a range")
    parser.add_argument("--jobs", type=int, default=4, help="crawls at a time")
    parser.add_argument("--batch", type=int, default=50, help="sites served at a time")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.only.split(",")] if args.only else list(range(args.first, args.first + args.seeds))
    started = time.time()
    results = {}
    with tempfile.TemporaryDirectory(prefix="zoo-") as tmp:
        for i in range(0, len(seeds), args.batch):
            batch = seeds[i:i + args.batch]
            with ZooWorld(batch) as world:
                results.update(judge_many(world, batch, Path(tmp), jobs=args.jobs))
            done = sum(1 for r in results.values() if not r["problems"])
            print(f"  {len(results)}/{len(seeds)} seeds, {done} exact, {time.time() - started:.0f} s", file=sys.stderr, flush=True)
    report(results, time.time() - started, args.only is not None)
    return 0


def report(results: dict, seconds: float, detailed: bool) -> None:
    exact = [s for s, r in results.items() if not r["problems"]]
    print(f"zoo: {len(exact)} of {len(results)} sites exact ({100 * len(exact) / max(1, len(results)):.1f}%) "
          f"in {seconds:.0f} s")
    print("\nper trait option: exact among seeds with it | exact among seeds without it (options 10+ points below)")
    rows = []
    for name, options in TRAITS.items():
        for option in options:
            with_it = [r for r in results.values() if r["traits"][name] == option]
            without = [r for r in results.values() if r["traits"][name] != option]
            if not with_it or not without:
                continue
            a = sum(not r["problems"] for r in with_it) / len(with_it)
            b = sum(not r["problems"] for r in without) / len(without)
            rows.append((a - b, f"{name}={option}", a, len(with_it), b))
    for gap, label, a, n, b in sorted(rows):
        if gap <= -0.10:
            print(f"  {label:38} {100 * a:5.1f}% of {n:3} | {100 * b:5.1f}%")
    print("\nproblem kinds by trait option: share of seeds with the option showing it | without it")
    for kind in sorted({k for r in results.values() for k, _ in r["problems"]}):
        shows = {s for s, r in results.items() if any(k == kind for k, _ in r["problems"])}
        for name, options in TRAITS.items():
            for option in options:
                with_it = {s for s, r in results.items() if r["traits"][name] == option}
                without = set(results) - with_it
                if len(with_it) < 3 or not without:
                    continue
                a, b = len(shows & with_it) / len(with_it), len(shows & without) / len(without)
                if a >= 0.5 and a - b >= 0.3:
                    print(f"  {kind:10} {name + '=' + str(option):38} {100 * a:5.1f}% of {len(with_it):3} | {100 * b:5.1f}%")
    print("\nseeds not exact: problem kinds")
    for seed, r in sorted(results.items()):
        if r["problems"]:
            print(f"  {seed:4} {dict(Counter(k for k, _ in r['problems']))}")
    kinds = defaultdict(set)
    for seed, r in results.items():
        for kind, _ in r["problems"]:
            kinds[kind].add(seed)
    print("\nproblem kinds: seeds showing them")
    for kind, seeds in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
        print(f"  {kind:10} {len(seeds):4}  e.g. {sorted(seeds)[:8]}")
    if detailed:
        for seed, r in sorted(results.items()):
            print(f"\nseed {seed}: {len(r['problems'])} problems {dict(Counter(k for k, _ in r['problems']))}")
            for kind, detail in r["problems"][:12]:
                print(f"  {kind}: {detail[:300]}")


if __name__ == "__main__":
    sys.exit(main())
