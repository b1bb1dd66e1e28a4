"""Benchmark of near-duplicate clustering on synthetic Latvian-like news.

Times clustering from scratch (``recluster_all``) at each size and adding new articles
to an archive (``cluster_new``), each in a fresh process so that its peak memory (the
maximum resident set size) is its own. The synthetic archive has municipal-news-like
bodies (Zipf-distributed Latvian word forms, 3–8 paragraphs, about 250 words), site
credit lines, EU funding disclaimers and council-meeting formulas shared by many
articles, and a few percent of stories republished on other sites with light edits.
Databases are built once and kept in --workdir.

    python bench/clusters.py --sizes 10000,100000 --add 1000 --add-to 100000
"""
from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.clusters import ClusterConfig, cluster_new, recluster_all  # noqa: E402
from archive.db import open_db  # noqa: E402
from common import peak_rss_mb  # noqa: E402  (bench/ is on the path when run as a script)

STEMS = (
    "pašvaldīb novad pilsēt pagast dom deputāt sēd lēmum iedzīvotāj projekt finansējum attīstīb skol "
    "bērn jaunieš sen izglītīb kultūr sport pasākum koncert izstād bibliotēk muzej baznīc ciem ceļ "
    "iel tilt ēk būvniecīb remont apgaismojum transport autobus maršrut vilcien satiksm drošīb polic "
    "ugunsdzēsēj glābšan veselīb slimnīc ārst vakcinācij sociāl palīdzīb pabalst dzīvokl īpašum nodokl "
    "budžet eiro līdzekļ uzņēmēj uzņēmum darb vakanc konkurs pieteikum termiņ noteikum likum ministrij "
    "reģion plānošan sadarbīb partner programm fond atbalst ieguldījum infrastruktūr ūden kanalizācij "
    "atkritum vid mež dab park ezer up jūr krast tūrism tūrist viesnīc apmeklētāj ekskursij vēstur "
    "tradīcij svētk Jāņ Ziemassvētk Lieldien dziesm dej kor orķestr teātr izrād film grāmat rakstniek "
    "dzejniek mākslinieks glezn fotogrāfij konferenc seminār apmācīb kurs mācīb skolotāj student "
    "universitāt augstskol zinātn pētījum inovācij tehnoloģij digitāl internet mājaslap e-past tālrun "
    "informācij paziņojum aptauj viedokl priekšlikum apspriešan sanāksm tikšanās vizīt delegācij "
    "Latvij Lietuv Igaunij Eirop Rīg Jelgav Bausk Dobel Tukum Talsi Kuldīg Ventspil Liepāj Sald "
    "Valmier Cēs Sigulda Madon Gulben Alūksn Balv Ludz Rēzekn Daugavpil Krāslav Preiļ Jēkabpil "
    "Aizkraukl Ogr Limbaž Ādaž Mārup Olain Ropaž Salaspil Smilten Valk Aug gad mēnes ned dien"
).split()
ENDINGS = ("a", "as", "ai", "u", "ā", "i", "s", "is", "e", "es", "ei", "ē", "os", "ām", "ās", "iem", "ie", "am", "us", "ums")
VERBS = (
    "notiks notika aicina informē atgādina piedāvā rīko apstiprināja nolēma piešķīra uzsāka pabeidza "
    "atklāja iesniedza saņēma izvērtēja plāno organizē piedalījās pulcējās stāstīja uzsvēra norāda "
    "turpina īsteno veic nodrošina sniedz attīsta sakārto atjauno izbūvē uzstādīja"
).split()
SMALL = "un ar par no uz līdz pie pēc kā arī ir tiks bija kas kurā tas tā šo šī ka jau vēl vai gan".split()
EU_DISCLAIMERS = [
    "Šī publikācija sagatavota ar Eiropas Savienības finansiālo atbalstu. Par tās saturu pilnībā atbild "
    "plānošanas reģions, un tas nekādā gadījumā neatspoguļo Eiropas Savienības oficiālo nostāju. "
    "Projekts tiek īstenots Interreg V-A Latvijas–Lietuvas pārrobežu sadarbības programmas ietvaros.",
    "Projekts tiek īstenots Interreg Igaunijas–Latvijas programmas ietvaros ar Eiropas Reģionālās attīstības "
    "fonda atbalstu. Šī publikācija atspoguļo autoru viedokli, un programmas vadošā iestāde nav atbildīga "
    "par tajā ietvertās informācijas iespējamo izmantošanu.",
    "Projekts tiek īstenots Interreg Centrālā Baltijas jūras reģiona programmas 2014.–2020. gadam ietvaros "
    "ar Eiropas Reģionālās attīstības fonda atbalstu. Par publikācijas saturu atbild Kurzemes plānošanas reģions.",
]
COUNCIL = [
    "Dome nolēma apstiprināt pašvaldības saistošos noteikumus un nodot tos publicēšanai oficiālajā izdevumā.",
    "Ar visiem domes sēdē pieņemtajiem lēmumiem var iepazīties pašvaldības mājaslapā sadaļā Domes sēdes.",
    "Domes sēdes videoieraksts pieejams pašvaldības YouTube kontā.",
]
SITES = [f"site{i:02d}" for i in range(45)]
START = date(2016, 1, 1)
DAYS = 3950


@functools.lru_cache(maxsize=1)
def vocabulary() -> tuple[str, ...]:
    """Latvian-like word forms: the stems with every ending, then made-up words."""
    words = [s + e for s in STEMS for e in ENDINGS]
    syll = ["ka", "la", "ma", "ra", "ta", "vi", "ze", "lu", "gi", "ne", "sā", "pē", "dī", "kū", "ļo", "ņa", "ša", "ži"]
    rng = np.random.default_rng(1)
    while len(words) < 60_000:
        words.append("".join(rng.choice(syll, size=int(rng.integers(2, 5)))) + rng.choice(ENDINGS))
    return tuple(dict.fromkeys(words))


class Corpus:
    """Deterministic synthetic articles. Words are drawn from numpy in large batches and
    every other choice from a seeded ``random.Random``: a million articles take minutes."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.r = random.Random(seed)
        words = list(vocabulary())
        self.rng.shuffle(words)
        self.words = SMALL * 20 + VERBS * 4 + words
        ranks = np.arange(1, len(self.words) + 1)
        p = 1.0 / ranks ** 1.05
        self.cdf = np.cumsum(p / p.sum())
        self.credit = {s: f"Informāciju sagatavoja: {s} pašvaldības sabiedrisko attiecību speciāliste" for s in SITES}
        self._drawn: list[int] = []
        self._next = 0

    def _word_ids(self, n: int) -> list[int]:
        if self._next + n > len(self._drawn):
            self._drawn = np.searchsorted(self.cdf, self.rng.random(1 << 20)).tolist()
            self._next = 0
        ids = self._drawn[self._next:self._next + n]
        self._next += n
        return ids

    def sentence(self, n: int) -> str:
        words = self.words
        return " ".join([words[i] for i in self._word_ids(n)]).capitalize() + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence(self.r.randrange(8, 20)) for _ in range(self.r.randrange(2, 5)))

    def article(self, site: str) -> dict:
        r = self.r
        paras = [self.paragraph() for _ in range(r.randrange(3, 9))]
        x = r.random()
        if x < 0.05:
            paras.append(EU_DISCLAIMERS[r.randrange(3)])
        elif x < 0.08:
            paras = [f"Domes sēdē pieņemti {r.randrange(20, 60)} lēmumi."] + paras[:3] + COUNCIL
        if r.random() < 0.5:
            paras.append(self.credit[site])
        return {"site": site, "paras": paras}

    def copy(self, original: dict, site: str) -> dict:
        """A light edit of another site's article: what a municipality does to a press release."""
        r = self.r
        paras = [p for p in original["paras"] if p != self.credit[original["site"]]]
        if len(paras) >= 3 and r.random() < 0.3:
            del paras[r.randrange(1, len(paras))]
        if r.random() < 0.5:
            paras[0] = self.sentence(12) + " " + paras[0]
        if r.random() < 0.3:
            words = paras[-1].split(" ")
            words[r.randrange(len(words))] = self.sentence(3).rstrip(".")
            paras[-1] = " ".join(words)
        if r.random() < 0.5:
            paras.append(self.credit[site])
        return {"site": site, "paras": paras}


def generate(n: int, seed: int, *, copy_share: float = 0.03, day_range=(0, DAYS), pool: list | None = None):
    """n articles as rows for ``articles``; about copy_share of the stories get 1–3 copies.
    ``pool`` (articles already in the archive) can be republished too. Returns
    (rows, story of each row) so that the result can be scored."""
    c = Corpus(seed)
    rows, stories, made = [], [], []
    while len(rows) < n:
        site = SITES[c.r.randrange(len(SITES))]
        day = c.r.randrange(*day_range)
        if pool and c.r.random() < copy_share:
            original = pool[c.r.randrange(len(pool))]
            a, day, story = original["article"], original["day"] + c.r.randrange(0, 5), original["story"]
            a = c.copy(a, site)
        else:
            a, story = c.article(site), f"{seed}-{len(rows)}"
        group = [(a, day)]
        if c.r.random() < copy_share:
            others = [s for s in SITES if s != site]
            for _ in range(c.r.randrange(1, 4)):
                other = others[c.r.randrange(len(others))]
                group.append((c.copy(a, other), day + c.r.randrange(0, 5)))
        for art, d in group:
            if len(rows) >= n:
                break
            made.append({"article": art, "day": d, "story": story})
            published = (START + timedelta(days=d)).isoformat()
            if c.r.random() < 0.3:
                published += f"T{c.r.randrange(8, 18):02d}:{c.r.randrange(60):02d}:00+02:00"
            body = "\n\n".join(art["paras"])
            key = f"{seed}/{len(rows)}"
            aid = hashlib.sha256(key.encode()).hexdigest()[:16]
            seen = (START + timedelta(days=d + 1)).isoformat() + f"T0{c.r.randrange(10)}:00:00+00:00"
            rows.append((aid, art["site"], f"https://{art['site']}.example.lv/{aid}", c.sentence(8), published,
                         body, hashlib.sha256(body.encode()).hexdigest(), seen, seen, seen))
            stories.append(story)
    return rows, stories, made


def insert(db, rows) -> None:
    db.execute("INSERT OR IGNORE INTO sites (id, name, url) SELECT value, value, 'https://example.lv/' "
               "FROM json_each(?)", [json.dumps(SITES)])
    db.execute("BEGIN")
    db.conn.executemany(
        "INSERT INTO articles (id, site, url, title, published, body, body_hash, first_seen, last_seen, last_changed) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.execute("COMMIT")


def build(path: Path, n: int) -> tuple[float, dict]:
    """Create the n-article database at path (once); returns (seconds, story of each id)."""
    truth_path = path.with_suffix(".truth.json")
    if path.exists() and truth_path.exists():
        return 0.0, json.loads(truth_path.read_text())
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    started = time.perf_counter()
    db = open_db(path)
    truth = {}
    chunk = 50_000
    for i in range(0, n, chunk):
        rows, stories, _ = generate(min(chunk, n - i), seed=i + 1)
        insert(db, rows)
        truth.update((r[0], s) for r, s in zip(rows, stories))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    truth_path.write_text(json.dumps(truth))
    return time.perf_counter() - started, truth


def score(path: Path, truth: dict) -> tuple[float, float]:
    """Pairwise precision and recall against the generator's stories."""
    import sqlite3
    from collections import Counter

    conn = sqlite3.connect(path)
    clusters = dict(conn.execute("SELECT id, cluster_id FROM articles WHERE cluster_id IS NOT NULL"))
    conn.close()
    pairs = lambda counts: sum(k * (k - 1) // 2 for k in counts.values())  # noqa: E731
    expected = pairs(Counter(truth.values()))
    found = pairs(Counter(clusters.values()))
    both = pairs(Counter((c, truth[a]) for a, c in clusters.items()))
    return (both / found if found else 1.0), (both / expected if expected else 1.0)


def child(mode: str, path: str, config: dict) -> None:
    """Run one clustering in this process and print what it took, as JSON."""
    db = open_db(path)
    base = peak_rss_mb()
    cfg = ClusterConfig(**config)
    t = time.perf_counter()
    report = recluster_all(db, cfg) if mode == "all" else cluster_new(db, cfg)
    seconds = time.perf_counter() - t
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "cpu": cpu.ru_utime + cpu.ru_stime, "peak_mb": peak_rss_mb(),
                      "base_mb": base, "report": report.to_dict()}))


def run_child(mode: str, path: Path, config: dict) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--db", str(path), "--config", json.dumps(config)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def index_size(path: Path) -> float:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name IN "
                            "('minhash_signatures', 'lsh_buckets')").fetchone()
        return (rows[0] or 0) / 2**20
    except sqlite3.OperationalError:  # no dbstat in this SQLite build
        return float("nan")
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="archive sizes to cluster from scratch")
    parser.add_argument("--add", type=int, default=1000, help="new articles to add incrementally (0: skip)")
    parser.add_argument("--add-to", type=int, default=100000, help="archive size the new articles are added to")
    parser.add_argument("--workdir", default=os.environ.get("NOVADI_BENCH_DIR", "/tmp/novadi-bench"))
    parser.add_argument("--window-days", type=int, default=ClusterConfig().window_days)
    parser.add_argument("--child", choices=["all", "new"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--config", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db, json.loads(args.config))
        return

    config = {"window_days": args.window_days}
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    print(f"# {platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} cores · "
          f"load {os.getloadavg()[0]:.1f} · Python {platform.python_version()} · "
          f"SQLite {__import__('sqlite3').sqlite_version} · {date.today()}")
    header = (f"{'task':<24} {'articles':>9} {'seconds':>8} {'cpu s':>7} {'art/s':>8} {'peak MB':>8} {'index MB':>9} "
              f"{'candidates':>10} {'similar':>8} {'clusters':>8} {'precision':>9} {'recall':>7}")
    print(header)
    print("-" * len(header))
    sizes = [int(s) for s in args.sizes.split(",") if s]
    for n in sizes:
        path = work / f"clusters-{n}.db"
        built, truth = build(path, n)
        if built:
            print(f"# built {n} synthetic articles in {built:.0f} s", flush=True)
        result = run_child("all", path, config)
        precision, recall = score(path, truth)
        r = result["report"]
        print(f"{'recluster_all':<24} {n:>9} {result['seconds']:>8.1f} {result['cpu']:>7.1f} "
              f"{n / result['seconds']:>8.0f} "
              f"{result['peak_mb']:>8.0f} {index_size(path):>9.0f} {r['candidate_pairs']:>10} "
              f"{r['similar_pairs']:>8} {r['clusters']:>8} {precision:>9.3f} {recall:>7.3f}", flush=True)
        print("#   phases: " + ", ".join(f"{k} {v:.1f} s" for k, v in r["timings"].items()), flush=True)
    if args.add:
        base = work / f"clusters-{args.add_to}.db"
        built, truth = build(base, args.add_to)
        if args.add_to not in sizes:
            run_child("all", base, config)
        target = work / f"clusters-{args.add_to}-plus-{args.add}.db"
        shutil.copy(base, target)
        import sqlite3

        conn = sqlite3.connect(base)
        pool = []
        # Republish recent archived stories: rebuild a few of them from the generator.
        _, _, made = generate(min(args.add_to, 20000), seed=1)
        conn.close()
        for m in made[-5000:]:
            pool.append(m)
        rows, stories, _ = generate(args.add, seed=10_000_019, copy_share=0.05, day_range=(DAYS - 30, DAYS),
                                    pool=pool)
        db = open_db(target)
        insert(db, rows)
        db.conn.close()
        result = run_child("new", target, config)
        r = result["report"]
        print(f"{'cluster_new +' + str(args.add):<24} {args.add_to:>9} {result['seconds']:>8.1f} {result['cpu']:>7.1f} "
              f"{args.add / result['seconds']:>8.0f} {result['peak_mb']:>8.0f} {index_size(target):>9.0f} "
              f"{r['candidate_pairs']:>10} {r['similar_pairs']:>8} {r['clusters']:>8} {'':>9} {'':>7}", flush=True)
        print("#   phases: " + ", ".join(f"{k} {v:.2f} s" for k, v in r["timings"].items()), flush=True)
        target.unlink()


if __name__ == "__main__":
    main()
