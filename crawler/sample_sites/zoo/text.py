"""Latvian news text for generated sites: titles, paragraphs, names and credits.

Sentences are built from municipal phrasing so that extractors meet the word
lengths, diacritics and punctuation of real pages.
"""
from __future__ import annotations

import random

PLACES = ["Ozolkalns", "Lejasciems", "Priedaine", "Avotkalni", "Dzērves", "Mežmala", "Upeslejas",
          "Saulgoži", "Vītoli", "Bērzkalne", "Ķirši", "Ļaudona", "Ņukši", "Skujene"]
PLACES_LOC = {p: (p[:-2] + "ēs" if p.endswith("es") else p[:-1] + "ā" if p.endswith("s")
                  else p[:-1] + "ē" if p.endswith("e") else p[:-1] + "os") for p in PLACES}
SUBJECTS = ["Novada dome", "Pašvaldība", "Kultūras centrs", "Bibliotēka", "Sociālais dienests", "Būvvalde",
            "Jauniešu centrs", "Sporta skola", "Tūrisma informācijas centrs", "Pagasta pārvalde",
            "Bāriņtiesa", "Mūzikas skola", "Vidusskola", "Dzimtsarakstu nodaļa"]
ACTIONS = ["aicina iedzīvotājus uz tikšanos", "informē par izmaiņām darba laikā", "sāk pieņemt pieteikumus",
           "izsludina konkursu", "noslēdz projekta pirmo posmu", "atklāj atjaunoto ēku",
           "rīko talku", "piedāvā bezmaksas konsultācijas", "apkopo aptaujas rezultātus",
           "uzsāk ielu remontu", "sveic jubilārus", "aicina pieteikties vasaras nometnei",
           "saņem valsts atbalstu", "ievieš jaunu e-pakalpojumu", "plāno budžetu nākamajam gadam"]
TOPICS = ["ceļu uzturēšanu", "skolēnu brīvpusdienām", "ūdenssaimniecības attīstību", "kultūras pasākumiem",
          "sabiedriskā transporta kustību", "atkritumu apsaimniekošanu", "nekustamā īpašuma nodokli",
          "jauniešu nodarbinātību", "senioru aprūpi", "energoefektivitāti", "bērnudārzu rindām",
          "sporta laukumu izbūvi", "uzņēmējdarbības atbalstu", "vides pieejamību"]
OPENERS = ["Šonedēļ", "Pagājušajā mēnesī", "Līdz mēneša beigām", "Kopš gada sākuma", "Tuvākajās dienās",
           "Pēc ilgām diskusijām", "Saskaņā ar domes lēmumu", "Sadarbībā ar valsts iestādēm"]
CLAUSES = ["iedzīvotāji var iesniegt priekšlikumus klātienē vai elektroniski",
           "darbi tiks veikti vairākās kārtās, lai mazinātu traucējumus satiksmei",
           "pieteikumus vērtēs komisija, kurā strādā pašvaldības speciālisti",
           "finansējums paredzēts arī nākamā gada budžetā",
           "informācija pieejama pagasta pārvaldē un pašvaldības tīmekļvietnē",
           "pasākumā piedalīsies arī kaimiņu novadu pārstāvji",
           "iepriekšējā gadā līdzīgu iespēju izmantoja vairāk nekā divi simti ģimeņu",
           "speciālisti atgādina, ka termiņš netiks pagarināts",
           "par izmaiņām iedzīvotāji tiks informēti savlaicīgi",
           "projekta kopējās izmaksas ir 184 500 eiro, no kurām 85 % sedz Eiropas Reģionālās attīstības fonds",
           "jautājumus var uzdot pa tālruni 64 107 825 darba dienās",
           "būvdarbu laikā gājējiem ierīkota pagaidu ietve"]
FIRST = ["Anna", "Līga", "Inese", "Kristīne", "Ilze", "Dace", "Jānis", "Andris", "Mārtiņš", "Gunārs", "Ērika", "Žanna"]
LAST = ["Bērziņa", "Ozoliņa", "Kalniņa", "Liepiņa", "Krūmiņa", "Zariņa", "Bērziņš", "Ozols", "Kalējs", "Šmits",
        "Ābele", "Ķēniņa"]
ROLES = ["sabiedrisko attiecību speciāliste", "projektu vadītāja", "kultūras darba organizatore",
         "izglītības speciālists", "attīstības nodaļas vadītājs"]
CATEGORIES = ["Pašvaldība", "Izglītība", "Kultūra", "Sports", "Projekti", "Sociālā palīdzība"]
NAME_DAYS = ["Gunārs, Gunis", "Anna, Annija", "Līga", "Jānis, Zane", "Ilze, Ilona", "Andris, Andrejs"]
EU_LINES = ["Šī publikācija sagatavota ar Eiropas Savienības finansiālo atbalstu. Par tās saturu pilnībā "
            "atbild pašvaldība, un tas nekādos apstākļos nav uzskatāms par Eiropas Savienības nostāju.",
            "www.latlit.eu / www.europa.eu"]


def title(rng: random.Random, used: set[str]) -> str:
    while True:
        place = rng.choice(PLACES)
        text = rng.choice([
            f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)}",
            f"{PLACES_LOC[place]} {rng.choice(ACTIONS).split(' ', 1)[1]}",
            f"Par {rng.choice(TOPICS)} {PLACES_LOC[place]}",
        ])
        if rng.random() < 0.4:
            text += f" {rng.choice(['šovasar', 'rudenī', 'ziemā', 'pavasarī', 'šogad', 'no 1. marta'])}"
        if text not in used:
            used.add(text)
            return text


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(OPENERS)} {rng.choice(SUBJECTS).lower()} {rng.choice(ACTIONS)}, un {rng.choice(CLAUSES)}."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def role(rng: random.Random) -> str:
    return rng.choice(ROLES)
