"""The public site under a bounded load of 404s and hostile searches, on loopback.

Eight clients request missing archived copies, missing articles, unknown paths and
hostile searches as fast as they can, for a fixed time, while a ninth (the reader)
asks for /robots.txt and an article page in turn, five times a second, and records
how long each took. Three variants run one after another, each on a fresh server:

- ``quiet``: the reader alone (the floor);
- ``novadi``: under load, with the site's own error handler (archive.site.errors);
- ``datasette``: under load, with Datasette's own handler, which prints every
  handled exception with ``rich`` and the locals of every frame (the plain alternative).

    python bench/load.py                      # 10 s per variant, 8 clients
    python bench/load.py --seconds 20 --clients 8

The reader's p95 is the figure that matters (target: under 50 ms for both pages).
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOSTILE_QUERIES = ["<script>alert(1)</script>", "{{ 7*7 }}", "' OR 1=1 --", '"', "NEAR(", "*", "a OR", "((",
                   "\u202e\u200b", "%00", "x" * 500, "pašvaldība " * 40, "title:x", "-", "javascript:alert(1)"]
SERVER = """
import sys
if sys.argv[4] == "datasette":
    import archive.site.plugin as plugin
    del plugin.handle_exception   # registered without it: Datasette's own handler answers
from archive.site.serve import serve
serve(sys.argv[1], "127.0.0.1", int(sys.argv[2]), log_level=sys.argv[3])
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_archive(folder: Path) -> tuple[Path, str]:
    from archive.site.demo_archive import article_id, build_demo

    db = folder / "novadi.db"
    build_demo(db).conn.close()
    return db, "/raksts/" + article_id("https://www.zemgale.lv/projekts-sempre-socialie-pakalpojumi")


def start_server(db: Path, variant: str, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    handler = "datasette" if variant == "datasette" else "novadi"
    with open(log, "ab") as out:
        process = subprocess.Popen([sys.executable, "-c", SERVER, str(db), str(port), "info", handler],
                                   stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"the {variant} server did not start; see {log}")


def attack_paths(rng: random.Random):
    while True:
        kind = rng.randrange(4)
        if kind == 0:
            yield f"/arhivs/{rng.getrandbits(64):016x}"
        elif kind == 1:
            yield f"/raksts/{rng.getrandbits(64):016x}"
        elif kind == 2:
            yield f"/nav/{rng.getrandbits(32):08x}"
        else:
            yield "/novadi/search?q=" + quote(rng.choice(HOSTILE_QUERIES))


def get(conn_box: list, port: int, path: str) -> int:
    for attempt in range(2):
        try:
            conn = conn_box[0] or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn_box[0] = conn
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            if conn_box[0] is not None:
                conn_box[0].close()
            conn_box[0] = None
    return 0


def attacker(port: int, stop: threading.Event, seed: int, counts: dict):
    rng, box = random.Random(seed), [None]
    for path in attack_paths(rng):
        if stop.is_set():
            return
        status = get(box, port, path)
        counts[status] = counts.get(status, 0) + 1


def reader(port: int, stop: threading.Event, article: str, timings: dict):
    box = [None]
    paths = ["/robots.txt", article]
    n = 0
    while not stop.is_set():
        path = paths[n % 2]
        started = time.perf_counter()
        status = get(box, port, path)
        timings[path].append((time.perf_counter() - started) * 1000)
        assert status == 200, (path, status)
        n += 1
        time.sleep(0.2)


def run_variant(db: Path, article: str, variant: str, seconds: float, clients: int, log: Path) -> dict:
    process, port = start_server(db, variant, log)
    try:
        box = [None]
        for path in ("/robots.txt", article, "/arhivs/0000000000000000", "/novadi/search?q=x"):
            get(box, port, path)  # warm: the first request of a route imports its modules
        stop = threading.Event()
        counts: dict = {}
        timings = {"/robots.txt": [], article: []}
        threads = [threading.Thread(target=reader, args=(port, stop, article, timings))]
        if variant != "quiet":
            threads += [threading.Thread(target=attacker, args=(port, stop, i, counts)) for i in range(clients)]
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        process.terminate()
        process.wait(timeout=10)
    return {"timings": timings, "counts": counts, "log_bytes": log.stat().st_size}


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--variants", default="quiet,novadi,datasette")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, article = build_archive(folder)
        print(f"{args.clients} clients, {args.seconds:g} s per variant; reader: /robots.txt and {article} "
              f"every 0.2 s; load average before: {os.getloadavg()[0]:.2f}")
        print()
        print("| variant | page | reader requests | p50 ms | p95 ms | max ms | attack requests/s | attack statuses | server log |")
        print("|---|---|---|---|---|---|---|---|---|")
        for variant in args.variants.split(","):
            log = folder / f"{variant}.log"
            result = run_variant(db, article, variant, args.seconds, args.clients, log)
            attacks = sum(result["counts"].values())
            statuses = ", ".join(f"{k}: {v}" for k, v in sorted(result["counts"].items())) or "–"
            for path, values in result["timings"].items():
                name = "/robots.txt" if path == "/robots.txt" else "article"
                print(f"| {variant} | {name} | {len(values)} | {statistics.median(values):.1f} | "
                      f"{pct(values, 0.95):.1f} | {max(values):.1f} | {attacks / args.seconds:.0f} | {statuses} | "
                      f"{result['log_bytes'] / 1024:.0f} KiB |")
        print()
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
