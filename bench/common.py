"""What the benchmarks share: synthetic Latvian municipal news, a local page server, timing.

Articles are built from a lexicon of municipal-news words with their inflected
forms (nouns in every case, adjectives in definite and indefinite forms, place
names) and a long tail of Latvian-like words with real endings, drawn with Zipf-like
weights so that function words are frequent and words such as
"deinstitucionalizācija" rare. Each article has a topic (schools,
roads, the council, EU projects, ...) whose words are more frequent in it, a lead
sentence naming its municipality, and 150–400 words in 3–7 paragraphs. To build
a million articles in minutes, bodies are assembled from a pool of generated
sentences per topic (hundreds of thousands of distinct sentences), not word by word.

Pages are rendered with the markup of the TVP platform (the unified state and
municipal website platform, as in ``crawler/sample_sites/platforms/tvp.py``):
articles at ``/lv/jaunums/<slug>``, the listing ``/lv/jaunumi?page=N`` with a
Drupal pager, an RSS feed, a home page and robots.txt.

    python bench/common.py serve --pages 2000     # serve the pages, print the port
"""
from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
PYTHON = sys.executable
RIGA = ZoneInfo("Europe/Riga")

# -- the lexicon -----------------------------------------------------------------

# Case endings by paradigm, most frequent first (nominative and genitive lead).
PARADIGMS = {
    "m1": ("s", "a", "u", "ā", "am", "i", "iem", "os", "us"),        # novads
    "m3": ("us", "um", "u", "ū", "i", "iem", "os"),                  # tirgus
    "f4": ("a", "as", "u", "ā", "ai", "ām", "ās"),                   # skola
    "f5": ("e", "es", "i", "ē", "ei", "ēm", "ēs"),                   # sēde
    "f6": ("s", "ij", "i", "ī"),                                     # Daugavpils
    "pm": ("i", "u", "iem", "os", "us"),                             # Talsi, svētki
    "pf": ("as", "u", "ām", "ās"),                                   # Lieldienas
    "adj": ("s", "ais", "a", "ā", "o", "ie", "ās", "ajā", "ajam", "ajai", "ajiem", "ām", "u", "as", "i"),
}

# (entry, weight class). An entry is "stem:paradigm" or explicit forms "a|b|c".
# Classes: 1 very common … 5 rare; topic words are boosted in their topic's articles.
LEXICON = """
pašvaldīb:f4 1 | novad:m1 1 | pilsēt:f4 2 | pagast:m1 2 | dom:f5 2 | sēd:f5 2 | deputāt:m1 3
lēmum:m1 2 | iedzīvotāj:m1 1 | budžet:m1 3 | projekt:m1 1 | finansējum:m1 2 | attīstīb:f4 2
skol:f4 3 | bērn:m1 2 | jaunietis|jaunieša|jaunietim|jaunieti|jaunieši|jauniešu|jauniešiem|jauniešus 3
senior:m1 4 | izglītīb:f4 3 | kultūr:f4 3 | sport:m1 3 | pasākum:m1 2 | koncert:m1 3 | izstād:f5 3
bibliotēk:f4 3 | muzej:m1 4 | ceļš|ceļa|ceļam|ceļu|ceļā|ceļi|ceļiem|ceļos 3 | iel:f4 3 | tilt:m1 4
ēk:f4 3 | būvniecīb:f4 4 | remont:m1 3 | apgaismojum:m1 4 | autobus:m1 3 | maršrut:m1 4 | satiksm:f5 3
drošīb:f4 3 | policij:f4 4 | veselīb:f4 3 | slimnīc:f4 4 | ārst:m1 4 | sociāl:adj 3 | palīdzīb:f4 3
pabalst:m1 4 | dzīvoklis|dzīvokļa|dzīvoklim|dzīvokli|dzīvoklī|dzīvokļi|dzīvokļu|dzīvokļiem 4
īpašum:m1 3 | nodoklis|nodokļa|nodoklim|nodokli|nodokļi|nodokļu|nodokļiem 4 | nekustam:adj 4
uzņēmēj:m1 3 | uzņēmum:m1 3 | darb:m1 1 | vakanc:f5 4 | pieteikum:m1 3 | termiņš|termiņa|termiņu|termiņā 3
noteikum:pm 2 | ministrij:f4 4 | reģion:m1 3 | plānošan:f4 4 | sadarbīb:f4 3 | programm:f4 3 | fond:m1 3
atbalst:m1 2 | infrastruktūr:f4 4 | ūdens|ūdenim|ūdeni|ūdenī 4 | kanalizācij:f4 5 | atkritum:pm 4
apsaimniekošan:f4 4 | vid:f5 3 | mež:m1 4 | dab:f4 4 | park:m1 4 | ezer:m1 4 | up:f5 4 | krast:m1 4
tūrism:m1 4 | apmeklētāj:m1 3 | vēstur:f5 4 | tradīcij:f4 4 | svētk:pm 3 | Lieldien:pf 5 | Ziemassvētk:pm 4
Jāņi|Jāņu|Jāņiem 5 | dziesm:f4 4 | dej:f4 4 | koris|kora|korim|kori|korī 4 | teātris|teātra|teātrī|teātri 4
nam:m1 3 | centr:m1 2 | zāl:f5 4 | stadion:m1 5 | seminār:m1 4 | apmācīb:pf 4 | skolotāj:m1 3 | skolēn:m1 3
bērnudārz:m1 4 | pirmsskol:f4 4 | inovācij:f4 5 | informācij:f4 2 | paziņojum:m1 4 | aptauj:f4 4
apspriešan:f4 4 | sanāksm:f5 4 | vizīt:f5 4 | savienīb:f4 3 | ukrainis|ukraiņi|ukraiņu|ukraiņiem 5
civiliedzīvotāj:m1 5 | deinstitucionalizācij:f4 5 | apkur:f5 4 | sezon:f4 4 | kustīb:f4 3 | konkurss|konkursa|konkursam|konkursu|konkursā 3
iepirkum:m1 4 | līgum:m1 3 | valsts|valstij|valsti|valstī 2 | gad:m1 1 | nedēļ:f4 3 | dien:f4 2
priekšsēdētāj:m1 3 | izpilddirektor:m1 4 | speciālist:m1 3 | pārvald:f5 3 | iestād:f5 3 | dienest:m1 4
komitej:f4 4 | komisij:f4 3 | saistoš:adj 3 | atklāšan:f4 4 | būvdarb:pm 4 | segum:m1 4 | asfalt:m1 5
brauktuv:f5 5 | ietv:f5 5 | gājēj:m1 5 | velosiped:m1 5 | jaun:adj 1 | liel:adj 2 | vietēj:adj 2
reģionāl:adj 3 | publisk:adj 3 | nākam:adj 3 | aktuāl:adj 3 | svarīg:adj 3 | valstisk:adj 5 | starptautisk:adj 4
eiropas|Eiropas|Eiropā|Eiropai|Eiropu 2 | Latvij:f4 2 | ES|ERAF|ESF|Interreg|Erasmus+ 4 | eiro 2
euro|EUR 5 | ģimen:f5 3 | mājaslap:f4 4 | tālrun:m1 4 | e-past:m1 4 | kontakt:m1 4 | klient:m1 4
klientu apkalpošanas centrs 5 | vēlēšan:pf 5 | ceturksn:m1 5 | atpūt:f4 4 | spēl:f5 4 | sacensīb:pf 4 | čempionāt:m1 5
"""

PLACES = """
Rīg:f4 | Jelgav:f4 | Jūrmal:f4 | Liepāj:f4 | Ventspil:f6 | Daugavpil:f6 | Rēzekn:f5 | Valmier:f4 | Jēkabpil:f6
Ogr:f5 | Tukum:m1 | Tals:pm | Kuldīg:f4 | Sald:m3 | Bausk:f4 | Dobel:f5 | Sigulda|Siguldas|Siguldā|Siguldai
Madon:f4 | Gulben:f5 | Alūksn:f5 | Balv:pm | Ludz:f4 | Krāslav:f4 | Preiļi|Preiļu|Preiļos|Preiļiem
Aizkraukl:f5 | Limbaž:pm | Ādaž:pm | Mārup:f5 | Olain:f5 | Ropaž:pm | Salaspil:f6 | Smilten:f5 | Valk:f4 | Cēsis|Cēsu|Cēsīs|Cēsīm
Ķekav:f4 | Kurzem:f5 | Zemgal:f5 | Vidzem:f5 | Latgal:f5 | Varakļān:pm | Augšdaugav:f4 | Sēlij:f4
Dienvidkurzem:f5 | Līvān:pm | Saulkrast:pm | Vecumniek:pm | Viesīt:f5 | Ilūkst:f5 | Aglon:f4 | Vārkav:f4
Riebiņi|Riebiņu|Riebiņos|Riebiņiem
"""

VERBS = """
notiks notika notiek aicina aicinām informē informējam atgādina atgādinām piedāvā rīko apstiprināja
apstiprinās nolēma piešķīra piešķirs uzsāka pabeidza atklāja iesniedza saņēma izvērtēja plāno
organizē piedalījās stāstīja uzsvēra norāda turpina īsteno veic nodrošina sniedz attīsta atjauno
izbūvēs uzstādīja būs bija ir var varēs tiks tika tiek jāpiesakās pieteikties iepazīties sazināties
strādā strādās apmeklēja sveica pateicas lūdzam vēlas aicināti var pieteikt paredzēts pieejams
""".split()

FUNCTION_WORDS = """
un ar par no uz līdz pie pēc kā arī kas kurā kuru kuri tas tā šo šī šajā ka jau vēl vai gan bet lai ja kad
tikai visi visas katru kopā vairāk nekā ļoti laikā ietvaros starp pret caur bez virs zem gada mēneša
""".split()

TOPICS = {
    "council": "dom sēd deputāt lēmum saistoš noteikum priekšsēdētāj komitej komisij izpilddirektor budžet",
    "budget": "budžet nodoklis nekustam īpašum eiro finansējum ceturksn līdzekļ iepirkum līgum",
    "schools": "skol skolēn skolotāj izglītīb bērnudārz pirmsskol bērn jaunietis mācīb",
    "roads": "ceļš iel remont segum asfalt brauktuv ietv tilt satiksm gājēj būvdarb apgaismojum",
    "culture": "kultūr nam koncert izstād koris teātris dziesm dej svētk bibliotēk muzej Jāņi Lieldien Ziemassvētk",
    "social": "sociāl palīdzīb pabalst ģimen senior deinstitucionalizācij dienest klient dzīvoklis",
    "eu": "projekt fond ES ERAF ESF Interreg savienīb eiropas programm sadarbīb partner finansējum",
    "environment": "atkritum apsaimniekošan vid dab mež ezer up park ūdens kanalizācij",
    "sport": "sport sacensīb čempionāt stadion zāl spēl komand jaunietis",
    "health": "veselīb slimnīc ārst vakcinācij apkur",
    "transport": "autobus maršrut kustīb satiksm transport",
    "safety": "drošīb policij dienest ukrainis civiliedzīvotāj",
    "tourism": "tūrism apmeklētāj atpūt vēstur tradīcij krast sezon",
}

CLASS_WEIGHT = {1: 40.0, 2: 10.0, 3: 2.5, 4: 0.8, 5: 0.15}
# Shares of all word tokens: function words, verbs, the lexicon above, the long tail.
SHARES = {"function": 0.40, "verbs": 0.08, "lexicon": 0.12, "tail": 0.40}

# The long tail: words the lexicon above does not list (every other noun, name and
# term of real news), made of Latvian-like syllables with real case endings, so that
# the listed words are about as rare in the text as they are in real news.
TAIL_LEXEMES = 6000
_ONSETS = ("b", "d", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "j", "c", "č", "š", "ž", "ķ", "ļ",
           "ņ", "st", "sk", "pr", "tr", "kr", "gr", "br", "dz", "sp", "pl", "kl", "sv", "")
_VOWELS = ("a", "e", "i", "u", "o", "ā", "ē", "ī", "ū", "ie", "ai", "au", "a", "e", "i")
_CODAS = ("", "", "", "n", "r", "l", "s", "t", "k", "m", "v")


def _tail(rng: random.Random) -> list[tuple[tuple[str, ...], float]]:
    out, seen = [], set()
    while len(out) < TAIL_LEXEMES:
        stem = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                       for _ in range(rng.choice((2, 2, 3, 3, 4))))
        stem = stem.rstrip("aeiouāēīū") or stem
        if len(stem) < 4 or stem in seen:
            continue
        seen.add(stem)
        paradigm = rng.choice(("m1", "m1", "f4", "f4", "f5", "m3", "adj"))
        # Zipf: the r-th most frequent tail word has weight 1/r.
        out.append((tuple(stem + e for e in PARADIGMS[paradigm]), 1.0 / (len(out) + 1)))
    return out


@dataclass
class Lexeme:
    forms: tuple[str, ...]
    weight: float
    key: str


def _forms(entry: str) -> tuple[str, ...]:
    if "|" in entry:
        return tuple(entry.split("|"))
    if ":" in entry:
        stem, paradigm = entry.split(":")
        return tuple(stem + ending for ending in PARADIGMS[paradigm])
    return (entry,)


def _parse_lexicon(text: str) -> list[Lexeme]:
    out = []
    for chunk in text.replace("\n", " | ").split(" | "):
        chunk = chunk.strip()
        if not chunk:
            continue
        *words, klass = chunk.split(" ")
        entry = " ".join(words)
        key = entry.split(":")[0].split("|")[0]
        out.append(Lexeme(_forms(entry) if " " not in entry else (entry,), CLASS_WEIGHT[int(klass)], key))
    return out


def _places() -> list[tuple[str, ...]]:
    """Place names' forms, the genitive second ("Jelgava", "Jelgavas", ...)."""
    out = []
    for entry in (e.strip() for e in PLACES.replace("\n", " | ").split(" | ")):
        if not entry:
            continue
        forms = _forms(entry)
        if entry.endswith((":f6", ":m3")):  # Daugavpils, Saldus: the genitive is the nominative
            forms = (forms[0], *forms)
        out.append(forms)
    return out


class Corpus:
    """Deterministic synthetic municipal news: the same seed gives the same articles."""

    def __init__(self, seed: int = 20261122, pool: int = 24000):
        rng = random.Random(seed)
        self.rng = rng
        lexemes = _parse_lexicon(LEXICON)
        self.tail = _tail(rng)
        self.places = _places()
        self.topics = list(TOPICS)
        general = self._distribution(lexemes, boost=())
        self.pool = {None: self._sentences(rng, general, pool * 2)}
        self.title_words = {}
        for topic, words in TOPICS.items():
            boost = tuple(words.split())
            dist = self._distribution(lexemes, boost)
            self.pool[topic] = self._sentences(rng, dist, pool)
            self.title_words[topic] = [f for lx in lexemes if lx.key in boost or any(lx.key.startswith(b) for b in boost)
                                       for f in lx.forms[:4]] or ["ziņa"]
        self.verbs = VERBS

    def _distribution(self, lexemes, boost):
        groups: dict[str, list[tuple[str, float]]] = {k: [] for k in SHARES}
        for lx in lexemes:
            weight = lx.weight * (12.0 if any(lx.key.startswith(b) for b in boost) else 1.0)
            groups["lexicon"] += _spread(lx.forms, weight)
        groups["function"] = [(w, 1.0 / (1 + i / 6)) for i, w in enumerate(FUNCTION_WORDS)]
        groups["verbs"] = [(w, 1.0) for w in VERBS]
        for forms, weight in self.tail:
            groups["tail"] += _spread(forms, weight)
        words, cum, total = [], [], 0.0
        for name, entries in groups.items():
            scale = SHARES[name] / sum(w for _, w in entries)
            for word, weight in entries:
                total += weight * scale
                words.append(word)
                cum.append(total)
        return words, cum

    def _sentences(self, rng, dist, count) -> list[str]:
        words, cum = dist
        places = self.places
        out = []
        for _ in range(count):
            n = rng.randint(6, 18)
            picked = rng.choices(words, cum_weights=cum, k=n)
            if rng.random() < 0.05:
                picked[rng.randrange(n)] = rng.choice(rng.choice(places))
            if rng.random() < 0.2:
                picked.insert(rng.randrange(n), f"{rng.randint(2, 2026)}.")
            first = picked[0]
            picked[0] = first[:1].upper() + first[1:]
            out.append(" ".join(picked) + ".")
        return out

    def site_place(self, site_index: int = 0, site_id: str | None = None) -> tuple[str, ...]:
        """The place a site is named after ("jelgavas-novads": Jelgava), else one by index."""
        if site_id:
            first = site_id.split("-")[0]
            for forms in self.places:
                if first in (_fold(forms[0]), _fold(forms[1])):
                    return forms
        return self.places[site_index % len(self.places)]

    def article(self, number: int, site_index: int = 0, rng: random.Random | None = None,
                site_id: str | None = None) -> dict:
        """One article: title, paragraphs, published (Riga time), topic, author/credit."""
        rng = rng or self.rng
        topic = rng.choice(self.topics)
        place = self.site_place(site_index, site_id)
        gen = place[1] if len(place) > 1 else place[0]
        tw = self.title_words[topic]
        title_words = rng.sample(tw, min(len(tw), rng.randint(2, 4)))
        title = f"{gen} {rng.choice(('novadā', 'pilsētā', 'pagastā', 'novada'))} {rng.choice(self.verbs)} " + " ".join(title_words)
        title = title[:1].upper() + title[1:]
        lead = (f"{gen} novada pašvaldība {rng.choice(self.verbs)}, ka {rng.choice(tw)} "
                f"{rng.choice(self.verbs)} {rng.choice(tw)} {rng.choice(('iedzīvotājiem', 'pagastā', 'pilsētā'))}.")
        target = rng.randint(150, 400)
        own, general = self.pool[topic], self.pool[None]
        sentences = [lead]
        words = lead.count(" ") + 1
        while words < target:
            s = rng.choice(own) if rng.random() < 0.75 else rng.choice(general)
            sentences.append(s)
            words += s.count(" ") + 1
        cuts = sorted(rng.sample(range(1, len(sentences)), min(len(sentences) - 1, rng.randint(2, 6))))
        paragraphs = [" ".join(sentences[a:b]) for a, b in zip([0, *cuts], [*cuts, len(sentences)])]
        day = datetime(2016, 1, 1, 8, 0, tzinfo=RIGA) + timedelta(minutes=rng.randrange(0, 3950 * 24 * 60, 5))
        credit = f"Informāciju sagatavoja {gen} novada pašvaldības Sabiedrisko attiecību nodaļa" if rng.random() < 0.4 else None
        return {"number": number, "title": title, "paragraphs": paragraphs, "published": day,
                "topic": topic, "credit": credit, "slug": slug(title, number), "words": words}


def _spread(forms: tuple[str, ...], weight: float) -> list[tuple[str, float]]:
    # A lexeme's forms share its weight, the first (nominative, genitive) most.
    shares = [1.0 / (i + 1) for i in range(len(forms))]
    total = sum(shares)
    return [(form, weight * share / total) for form, share in zip(forms, shares)]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def slug(title: str, number: int) -> str:
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = "".join(c if c.isalnum() else " " for c in ascii_text).split()
    return "-".join(words[:8]) + f"-{number}"


def body_text(article: dict) -> str:
    text = "\n\n".join(article["paragraphs"])
    if article["credit"]:
        text += "\n\n" + article["credit"]
    return text


# -- pages -----------------------------------------------------------------------

esc = html.escape
SITE_NAME = "Zemgales novada pašvaldība"
PAGE_SIZE = 10


def _numeric(when: datetime) -> str:
    return f"{when:%d.%m.%Y. %H:%M}"


MENU = {
    "Pašvaldība": "Dome|Domes sēdes|Komitejas|Komisijas|Administrācija|Iestādes|Struktūrvienības|Budžets|Saistošie noteikumi|"
                  "Iepirkumi|Vakances|Projekti|Attīstības plānošana|Teritorijas plānojums|Publiskās apspriešanas|Kontakti",
    "Pakalpojumi": "Klientu apkalpošanas centrs|Sociālais dienests|Bāriņtiesa|Dzimtsarakstu nodaļa|Būvvalde|"
                   "Nekustamā īpašuma nodoklis|Atkritumu apsaimniekošana|Komunālie pakalpojumi|E-pakalpojumi|"
                   "Pabalsti|Mājokļu jautājumi|Asistenta pakalpojums|Transports|Ceļu uzturēšana",
    "Izglītība": "Skolas|Pirmsskolas izglītības iestādes|Interešu izglītība|Mūzikas un mākslas skolas|Jaunatnes darbs|"
                 "Pieaugušo izglītība|Stipendijas|Ēdināšana|Skolēnu pārvadājumi",
    "Kultūra un sports": "Kultūras nami|Bibliotēkas|Muzeji|Pasākumu kalendārs|Amatierkolektīvi|Sporta centrs|"
                         "Sporta bāzes|Sporta klubi|Tūrisms|Apskates objekti",
    "Uzņēmējiem": "Atbalsts uzņēmējiem|Grantu konkursi|Nomas tiesību izsoles|Tirdzniecības atļaujas|Investīciju vide",
}


def _menu() -> str:
    parts = []
    for section, items in MENU.items():
        links = "".join(f'<li class="menu-item"><a href="/lv/{_path(section)}/{_path(item)}">{esc(item)}</a></li>'
                        for item in items.split("|"))
        parts.append(f'<li class="menu-item menu-item--expanded"><a href="/lv/{_path(section)}">{esc(section)}</a>'
                     f'<ul class="menu">{links}</ul></li>')
    return f'<nav class="mega-menu" aria-label="Galvenā izvēlne"><ul class="menu">{"".join(parts)}</ul></nav>'


def _path(text: str) -> str:
    return slug(text, 0).rsplit("-", 1)[0]


def _settings_json() -> str:
    # Drupal pages carry their settings as JSON in the page (a few kilobytes).
    libraries = ",".join(f'"tvp/{name}"' for name in (
        "global-styling", "cookies", "mega-menu", "search", "share", "gallery", "calendar", "easy-read",
        "accessibility", "font-size", "contrast", "print", "breadcrumb", "social", "footer") * 4)
    data = ('{"path":{"baseUrl":"\\/","pathPrefix":"lv\\/","currentLanguage":"lv"},"pluralDelimiter":"\\u0003",'
            '"ajaxPageState":{"libraries":[' + libraries + '],"theme":"tvp"},"eu_cookie_compliance":{'
            '"cookie_policy_version":"1.0.0","popup_enabled":true,"popup_agreed_enabled":false,'
            '"popup_html_info":"' + "Mēs izmantojam sīkdatnes. " * 40 + '"},"user":{"uid":0,"permissionsHash":"'
            + "a1b2c3d4" * 8 + '"}}')
    return f'<script type="application/json" data-drupal-selector="drupal-settings-json">{data}</script>'


def layout(title: str, main: str, latest: list[dict], crumbs=(), head: str = "", body_class: str = "") -> str:
    crumb_html = "".join(f'<li><a href="{href}">{esc(text)}</a></li>' if href else f"<li>{esc(text)}</li>"
                         for text, href in [("Sākums", "/lv"), *crumbs])
    side = "".join(f'<li><a href="/lv/jaunums/{a["slug"]}">{esc(a["title"])}</a></li>' for a in latest[:4])
    MENU_HTML, SETTINGS_HTML = _MENU, _SETTINGS  # noqa: N806
    return f"""<!DOCTYPE html>
<html lang="lv" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{esc(title)} | {SITE_NAME}</title>
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} - Jaunumi" href="/lv/rss/articles">
<link rel="stylesheet" href="/sites/zemgale/files/css/tvp-theme.css">
{head}
</head>
<body class="tvp-site {body_class}">
<div id="sliding-popup" class="eu-cookie-compliance-banner" role="dialog">
<p>Mēs izmantojam sīkdatnes, lai uzlabotu jūsu pieredzi mūsu tīmekļvietnē. Turpinot lietot vietni, jūs piekrītat sīkdatņu izmantošanai.</p>
<button type="button" class="agree-button">Piekrītu</button> <a href="/lv/sikdatnu-politika">Uzzināt vairāk</a>
</div>
<header class="tvp-header">
<div class="tvp-top-links"><a href="/lv/lapas-karte">Lapas karte</a> <a href="https://www.youtube.com/@zemgale">Youtube</a> <a href="https://www.facebook.com/zemgale">Facebook</a>
<a class="easy-read-link" href="/lv/viegli-lasit?view=easy">Viegli lasīt</a> <a class="language-link" href="/en">EN</a></div>
<a class="site-logo" href="/lv"><img src="/sites/zemgale/files/logo.png" alt="{SITE_NAME}"> {SITE_NAME}</a>
<form class="search-form" action="/lv/meklet" method="get"><input type="search" name="search" placeholder="Meklēt"><button>Meklēt</button></form>
<nav class="main-menu"><ul><li><a href="/lv/pasvaldiba">Pašvaldība</a></li><li><a href="/lv/jaunumi">Jaunumi</a></li><li><a href="/lv/kalendars">Pasākumu kalendārs</a></li><li><a href="/lv/kontakti">Kontakti</a></li></ul></nav>
{MENU_HTML}
</header>
<nav class="breadcrumb" aria-label="Breadcrumb"><ol>{crumb_html}</ol></nav>
<div class="layout-container">
<main id="main-content" role="main">
{main}
</main>
<aside class="region-sidebar"><div class="block-latest-news"><h2>Jaunākās ziņas</h2><ul>{side}</ul></div></aside>
</div>
<footer class="tvp-footer">
<div class="footer-org">{SITE_NAME}</div>
<p>Adrese: Pils iela 1, Zemgale, LV-3001</p>
<p>Tālrunis: 63000000, e-pasts: <a href="mailto:pasts@zemgale.example.lv">pasts@zemgale.example.lv</a></p>
<p><a href="/lv/sikdatnu-politika">Sīkdatņu politika</a> | <a href="/lv/lapas-karte">Lapas karte</a> | <a href="/lv/rss/articles">RSS</a></p>
<p class="tvp-credit">Vienotā valsts un pašvaldību tīmekļvietņu platforma</p>
{MENU_HTML}
</footer>
{SETTINGS_HTML}
<script src="/core/assets/vendor/jquery/jquery.min.js?v=3.7.1"></script>
<script src="/themes/custom/tvp/js/tvp.js?t4k2x1"></script>
</body>
</html>
"""


_MENU = _menu()
_SETTINGS = _settings_json()


def article_page(article: dict, latest: list[dict], related: list[dict], base: str = "") -> str:
    published = article["published"]
    body = "\n".join(f"<p>{esc(p)}</p>" for p in article["paragraphs"])
    if article["credit"]:
        body += f"\n<p>{esc(article['credit'])}</p>"
    url = f"{base}/lv/jaunums/{article['slug']}"
    rel = "".join(f'<li><a href="/lv/jaunums/{a["slug"]}">{esc(a["title"])}</a></li>' for a in related[:3])
    main = f"""<article class="node node--type-article node--view-mode-full" data-history-node-id="{article['number']}">
<div class="field--name-field-category article-category">{esc(article['topic'].capitalize())}</div>
<h1 class="page-title"><span class="field--name-title">{esc(article['title'])}</span></h1>
<div class="article-meta"><div class="published">Publicēts: <time datetime="{published.isoformat()}">{_numeric(published)}</time></div></div>
<div class="share-links">Dalīties: <a href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a> <a href="https://twitter.com/intent/tweet?url={url}">X</a> <a href="#" onclick="window.print(); return false;">Drukāt</a></div>
<div class="clearfix text-formatted field field--name-body field--type-text-with-summary">
{body}
</div>
<section class="related-articles"><h2>Saistītie raksti</h2><ul>{rel}</ul></section>
</article>"""
    head = (f'<link rel="canonical" href="{url}">\n<meta property="og:type" content="article">\n'
            f'<meta property="og:title" content="{esc(article["title"])}">\n<meta property="og:url" content="{url}">')
    return layout(article["title"], main, latest, [("Jaunumi", "/lv/jaunumi"), (article["title"], None)], head,
                  "path-node page-node-type-article")


def _pager(number: int, pages: int) -> str:
    # Drupal's full pager: first, previous, a window of nine numbers, next, last.
    if pages <= 1:
        return ""
    items = []
    if number > 0:
        items += ['<li class="pager__item--first"><a href="?page=0">« Pirmā</a></li>',
                  f'<li class="pager__item--previous"><a href="?page={number - 1}">‹ Iepriekšējā</a></li>']
    low = max(0, min(number - 4, pages - 9))
    for n in range(low, min(pages, low + 9)):
        current = ' class="is-active"' if n == number else ""
        items.append(f'<li{current}><a href="?page={n}">{n + 1}</a></li>')
    if number < pages - 1:
        items += [f'<li class="pager__item--next"><a href="?page={number + 1}">Nākamā ›</a></li>',
                  f'<li class="pager__item--last"><a href="?page={pages - 1}">Pēdējā »</a></li>']
    return f'<nav class="pager" role="navigation"><ul class="pager__items">{"".join(items)}</ul></nav>'


def listing_page(articles: list[dict], number: int, latest: list[dict]) -> str:
    pages = max(1, -(-len(articles) // PAGE_SIZE))
    shown = articles[number * PAGE_SIZE:(number + 1) * PAGE_SIZE]
    rows = "\n".join(f"""<div class="views-row"><article class="news-teaser">
<div class="news-category">{esc(a['topic'].capitalize())}</div>
<h3 class="news-title"><a href="/lv/jaunums/{a['slug']}">{esc(a['title'])}</a></h3>
<div class="news-date">{a['published']:%d.%m.%Y.}</div>
<p class="news-summary">{esc(a['paragraphs'][0][:160])}</p>
</article></div>""" for a in shown) or '<p class="view-empty">Nav atrasts neviens ieraksts.</p>'
    main = f'<h1 class="page-title">Jaunumi</h1>\n<div class="view-content">{rows}</div>\n{_pager(number, pages)}'
    return layout("Jaunumi", main, latest, [("Jaunumi", None)], body_class="path-jaunumi")


def home_page(latest: list[dict]) -> str:
    teasers = "".join(f'<li><a href="/lv/jaunums/{a["slug"]}">{esc(a["title"])}</a></li>' for a in latest[:3])
    main = (f'<section class="front-welcome"><h1>{SITE_NAME}</h1><p>Laipni lūdzam!</p></section>'
            f'<section class="front-news"><h2>Jaunumi</h2><ul>{teasers}</ul>'
            f'<p><a class="more-link" href="/lv/jaunumi">Visi jaunumi</a></p></section>')
    return layout(SITE_NAME, main, latest, [], body_class="path-frontpage")


def feed(latest: list[dict], base: str) -> str:
    items = "".join(f"""<item><title>{esc(a['title'])}</title><link>{base}/lv/jaunums/{a['slug']}</link>
<description>{esc(a['paragraphs'][0][:200])}</description><pubDate>{format_datetime(a['published'])}</pubDate></item>
""" for a in latest[:5])
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{SITE_NAME} - Jaunumi</title>'
            f"<link>{base}/lv</link><description>Jaunumi</description><language>lv</language>\n{items}</channel></rss>\n")


def site_articles(count: int, seed: int = 7) -> list[dict]:
    """``count`` articles of one site, newest first (as listings order them)."""
    corpus = Corpus(seed=seed, pool=6000)
    articles = [corpus.article(i, site_index=1) for i in range(count)]
    articles.sort(key=lambda a: a["published"], reverse=True)
    return articles


def render_site(count: int, base: str, seed: int = 7) -> dict[str, tuple[int, str, bytes, dict]]:
    """Every page of a synthetic TVP site: path -> (status, content type, body, headers)."""
    articles = site_articles(count, seed)
    latest = articles[:5]
    html_type = "text/html; charset=utf-8"
    pages = {}
    for i, article in enumerate(articles):
        related = articles[i + 1:i + 4] or articles[:3]
        body = article_page(article, latest, related, base).encode("utf-8")
        modified = format_datetime(article["published"].astimezone(timezone.utc), usegmt=True)
        pages[f"/lv/jaunums/{article['slug']}"] = (200, html_type, body, {
            "Last-Modified": modified, "ETag": f'"{article["number"]}-{len(body)}"'})
    listing_count = max(1, -(-count // PAGE_SIZE))
    for n in range(listing_count):
        page = listing_page(articles, n, latest).encode("utf-8")
        pages[f"/lv/jaunumi?page={n}"] = (200, html_type, page, {})
    pages["/lv/jaunumi"] = pages["/lv/jaunumi?page=0"]
    pages["/lv"] = (200, html_type, home_page(latest).encode("utf-8"), {})
    pages["/"] = (301, html_type, b"", {"Location": f"{base}/lv"})
    pages["/lv/rss/articles"] = (200, "application/rss+xml; charset=utf-8", feed(latest, base).encode("utf-8"), {})
    pages["/robots.txt"] = (200, "text/plain; charset=utf-8",
                            b"User-agent: *\nDisallow: /admin/\nDisallow: /lv/meklet\n", {})
    return pages


# -- the page server -------------------------------------------------------------

REASONS = {200: "OK", 301: "Moved Permanently", 404: "Not Found"}


async def _serve(pages: dict, port: int, ready) -> None:
    not_found = (404, "text/html; charset=utf-8", b"<html><body><h1>Lapa nav atrasta</h1></body></html>", {})
    answers = {}

    def answer(path: str) -> bytes:
        found = answers.get(path)
        if found is None:
            status, ctype, body, headers = pages.get(path, not_found)
            extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            head = (f"HTTP/1.1 {status} {REASONS[status]}\r\nServer: nginx\r\nContent-Type: {ctype}\r\n"
                    f"Content-Length: {len(body)}\r\n{extra}\r\n").encode("latin-1")
            found = answers[path] = head + body
        return found

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    request = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    break
                line = request.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
                target = line[1] if len(line) > 1 else "/"
                writer.write(answer(target))
                await writer.drain()
                if b"connection: close" in request.lower():
                    break
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    ready(server.sockets[0].getsockname()[1])
    async with server:
        await server.serve_forever()


def serve_main(count: int, port: int, seed: int, exit_with_stdin: bool = False) -> None:
    import socket

    if not port:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    pages = render_site(count, f"http://127.0.0.1:{port}", seed)
    articles = sum(1 for p in pages if p.startswith("/lv/jaunums/"))
    size = sum(len(v[2]) for v in pages.values())

    def ready(bound):
        print(json.dumps({"port": bound, "pages": len(pages), "articles": articles, "bytes": size}), flush=True)

    def exit_with_parent():
        # The parent holds our stdin open; when it ends, however it ends, so do we.
        sys.stdin.read()
        os._exit(0)

    if exit_with_stdin:
        import threading

        threading.Thread(target=exit_with_parent, daemon=True).start()
    asyncio.run(_serve(pages, port, ready))


class PageServer:
    """The page server in its own process (so it never shares the GIL with a crawler)."""

    def __init__(self, count: int, seed: int = 7):
        self.count, self.seed = count, seed

    def __enter__(self) -> "PageServer":
        self.proc = subprocess.Popen([PYTHON, str(Path(__file__)), "serve", "--pages", str(self.count),
                                      "--seed", str(self.seed), "--exit-with-stdin"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        info = json.loads(self.proc.stdout.readline())
        self.port, self.info = info["port"], info
        self.base = f"http://127.0.0.1:{self.port}"
        return self

    def __exit__(self, *exc) -> None:
        self.proc.stdin.close()
        self.proc.terminate()
        self.proc.wait(10)

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far (user + system)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- measuring -------------------------------------------------------------------

def peak_rss_mb() -> float:
    """This process's peak resident set size, in MiB.

    VmHWM, not getrusage's ru_maxrss: a child started by fork + exec inherits its
    parent's ru_maxrss, so a small child of a big parent would report the parent's.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation, as numpy's default."""
    data = sorted(values)
    if not data:
        return float("nan")
    k = (len(data) - 1) * q / 100
    low = int(k)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (k - low)


def median(values):
    return statistics.median(values) if values else float("nan")


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        self.cpu_start = time.process_time()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        self.cpu = time.process_time() - self.cpu_start


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def effective_cores(processes: int = 2, loops: int = 20_000_000) -> float:
    """How many cores this machine gives right now: the same busy loop on one process,
    then on ``processes`` at once (other work on a shared machine takes its share)."""
    import multiprocessing

    start = time.perf_counter()
    _spin(loops)
    one = time.perf_counter() - start
    with multiprocessing.Pool(processes) as pool:
        start = time.perf_counter()
        pool.map(_spin, [loops] * processes)
        many = time.perf_counter() - start
    return processes * one / many


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) // 1024
    except OSError:
        pass
    import sqlite3

    return {"cores": os.cpu_count(), "ram_mib": mem, "cpu": cpu, "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "load": os.getloadavg()[0]}


def print_machine() -> None:
    m = machine()
    print(f"machine: {m['cores']} cores, {m['ram_mib'] / 1024:.1f} GiB RAM, {m['cpu']}, Python {m['python']}, "
          f"SQLite {m['sqlite']}, load average {m['load']:.2f}")


def table(headers: list[str], rows: list[list], title: str | None = None) -> str:
    """A plain-text table, numbers right-aligned."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    numeric = [all(isinstance(r[i], (int, float)) or r[i] is None for r in rows) for i in range(len(headers))]
    lines = [title] if title else []
    lines.append("  ".join(h.rjust(w) if n else h.ljust(w) for h, w, n in zip(headers, widths, numeric)))
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(c.rjust(w) if n else c.ljust(w) for c, w, n in zip(row, widths, numeric)))
    return "\n".join(lines)


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if value >= 100:
            return f"{value:,.0f}"
        if value >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve a synthetic TVP site on 127.0.0.1")
    serve.add_argument("--pages", type=int, default=2000, help="article pages")
    serve.add_argument("--port", type=int, default=0)
    serve.add_argument("--seed", type=int, default=7)
    serve.add_argument("--exit-with-stdin", action="store_true", help="stop when standard input closes")
    sample = sub.add_parser("sample", help="print one synthetic article")
    sample.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve_main(args.pages, args.port, args.seed, args.exit_with_stdin)
    else:
        corpus = Corpus(args.seed)
        article = corpus.article(0, 3)
        print(article["title"], article["published"].isoformat(), article["topic"], article["words"], "words")
        print(body_text(article))
    return 0


if __name__ == "__main__":
    sys.exit(main())
