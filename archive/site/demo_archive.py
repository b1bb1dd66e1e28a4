"""A small archive with realistic Latvian articles, for trying the site and testing it.

``build_demo(path)`` creates (or fills) an archive database at ``path`` through
:func:`archive.db.open_db`, so the schema is the real one. The texts are written
for the demo in the style of municipal news; none is copied from a real site.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from archive.db import open_db

SITES = [
    {"id": "riga", "name": "Rīga", "url": "https://www.riga.lv", "kind": "state-city", "region": "riga",
     "municipality": "riga"},
    {"id": "jelgava", "name": "Jelgava", "url": "https://www.jelgava.lv", "kind": "state-city", "region": "zemgale",
     "municipality": "jelgava"},
    {"id": "jelgavas-novads", "name": "Jelgavas novads", "url": "https://www.jelgavasnovads.lv",
     "kind": "municipality", "region": "zemgale", "municipality": "jelgavas-novads"},
    {"id": "jekabpils-novads", "name": "Jēkabpils novads", "url": "https://www.jekabpils.lv",
     "kind": "municipality", "region": "zemgale", "municipality": "jekabpils-novads"},
    {"id": "viesite", "name": "Viesītes novads (arhīvs)", "url": "https://viesite.lv", "kind": "legacy", "region": "zemgale",
     "municipality": "jekabpils-novads", "successor": "jekabpils-novads", "stopped": 2021},
    {"id": "zemgales-planosanas-regions", "name": "Zemgales plānošanas reģions", "url": "https://www.zemgale.lv",
     "kind": "planning-region", "region": "zemgale"},
    {"id": "augsdaugavas-novads", "name": "Augšdaugavas novads", "url": "https://www.augsdaugavasnovads.lv",
     "kind": "municipality", "region": "latgale", "municipality": "augsdaugavas-novads"},
]


def article_id(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


ARTICLES = [
    {
        "site": "riga",
        "url": "https://www.riga.lv/lv/jaunums/riga-turpina-deinstitucionalizaciju",
        "title": "Rīga turpina deinstitucionalizāciju: atvērti divi jauni grupu dzīvokļi",
        "published": "2023-03-14T10:15:00+02:00",
        "author": "Anna Bērziņa, Rīgas domes Komunikācijas pārvalde",
        "body": (
            "Rīgas valstspilsētas pašvaldība turpina deinstitucionalizācijas procesu un Imantā atvērusi "
            "divus jaunus grupu dzīvokļus pieaugušajiem ar garīga rakstura traucējumiem.\n"
            "Grupu dzīvokļos vienlaikus varēs dzīvot 16 cilvēki, kuriem sociālā darba speciālisti palīdzēs "
            "apgūt ikdienas prasmes un atrast darbu.\n"
            "Deinstitucionalizācijas mērķis ir dot iespēju cilvēkiem dzīvot sabiedrībā, nevis lielās "
            "institūcijās."
        ),
        "credit": "Informāciju sagatavoja: Rīgas domes Komunikācijas pārvalde",
    },
    {
        "site": "jelgavas-novads",
        "url": "https://www.jelgavasnovads.lv/lv/jaunums/iedzivotaju-sapulce-elejas-pagasta",
        "title": "Pašvaldība aicina uz iedzīvotāju sapulci Elejas pagastā",
        "published": "2023-05-02",
        "body": (
            "Jelgavas novada pašvaldība aicina Elejas pagasta iedzīvotājus uz sapulci 10. maijā plkst. 18.00 "
            "Elejas kultūras namā.\n"
            "Sapulcē pašvaldības speciālisti stāstīs par ceļu remontiem, atkritumu apsaimniekošanu un "
            "pašvaldības budžetu 2023. gadam.\n"
            "Iedzīvotāji aicināti jautājumus iesūtīt iepriekš pa e-pastu."
        ),
        "credit": "Informāciju sagatavoja: Sabiedrisko attiecību speciāliste Līga Ozola",
    },
    {
        "site": "jelgava",
        "url": "https://www.jelgava.lv/jaunumi/izglitiba/page/atjaunota-skola",
        "title": "Jelgavā pēc pārbūves atklāta Jelgavas 4. sākumskola",
        "published": "2022-09-01T09:00:00+03:00",
        "body": (
            "Pirmajā septembrī pēc divus gadus ilgušas pārbūves durvis vēra Jelgavas 4. sākumskola.\n"
            "Skolēni mācīsies atjaunotās klasēs ar jaunu ventilācijas sistēmu, bet sākumskolas sporta zālē "
            "uzklāts jauns segums.\n"
            "Pārbūvi finansēja valstspilsētas pašvaldība un Eiropas Reģionālās attīstības fonds."
        ),
    },
    {
        "site": "zemgales-planosanas-regions",
        "url": "https://www.zemgale.lv/projekts-sempre-socialie-pakalpojumi",
        "title": "Projekts SEMPRE: sociālo pakalpojumu attīstība Zemgalē",
        "published": "2021-11-18",
        "body": (
            "Zemgales plānošanas reģions kopā ar partneriem no Lietuvas īsteno projektu SEMPRE, kura mērķis ir "
            "uzlabot sociālos pakalpojumus lauku teritorijās.\n"
            "Projekta ietvaros sociālie darbinieki no Jelgavas un Bauskas apmeklēs pieredzes apmaiņas braucienu.\n"
            "Projekta kopējais budžets ir 812 000 EUR, no tā ERAF finansējums 690 200 EUR.\n"
            "Šī publikācija sagatavota ar Eiropas Savienības finansiālo atbalstu. Par tās saturu pilnībā "
            "atbild Zemgales plānošanas reģions."
        ),
        "cluster_id": "c-sempre-2021",
        "eu": {"programme": "Interreg Latvija–Lietuva", "project": "Sociālo pakalpojumu attīstība",
               "acronym": "SEMPRE", "budget_cents": 81200000, "erdf_cents": 69020000,
               "period_start": "2021-01-01", "period_end": "2022-12-31"},
    },
    {
        "site": "jelgavas-novads",
        "url": "https://www.jelgavasnovads.lv/lv/jaunums/projekts-sempre",
        "title": "Projekts SEMPRE: sociālo pakalpojumu attīstība",
        "published": "2021-11-19",
        "body": (
            "Zemgales plānošanas reģions kopā ar partneriem no Lietuvas īsteno projektu SEMPRE, kura mērķis ir "
            "uzlabot sociālos pakalpojumus lauku teritorijās, arī Jelgavas novadā.\n"
            "Projekta ietvaros sociālie darbinieki no Jelgavas un Bauskas apmeklēs pieredzes apmaiņas braucienu.\n"
            "Šī publikācija sagatavota ar Eiropas Savienības finansiālo atbalstu."
        ),
        "cluster_id": "c-sempre-2021",
    },
    {
        "site": "viesite",
        "url": "https://viesite.lv/?p=4182",
        "title": "Viesītē noslēdzies skolēnu vasaras nodarbinātības projekts",
        "published": "2019-08-30",
        "body": (
            "Viesītes novada pašvaldībā šovasar strādāja 24 skolēni.\n"
            "Jaunieši sakopa parkus, palīdzēja bibliotēkā un Sēlijas muzejā."
        ),
    },
    {
        "site": "augsdaugavas-novads",
        "url": "https://www.augsdaugavasnovads.lv/novads/aktualitates/jaunumi/talka-naujene/",
        "title": "Naujenes pagastā notika pavasara talka",
        "published": "2024-04-27",
        "lang": "lv",
        "body": (
            "Sestdien Naujenes pagastā uz pavasara talku pulcējās vairāk nekā simts iedzīvotāju.\n"
            "Talkas dalībnieki sakopa Daugavas krastu un Slutišķu vecticībnieku sādžu."
        ),
        "revisions": [
            {"title": "Naujenē notika talka", "body": "Sestdien Naujenē notika talka.",
             "captured_at": "2024-04-27T12:00:00+00:00"},
        ],
        "attachments": [
            {"url": "https://www.augsdaugavasnovads.lv/files/talka-2024-karte.pdf",
             "link_text": "Talkas vietu karte", "kind": "pdf", "size": 184320,
             "text": "Talkas vietas Naujenes pagastā"},
        ],
    },
    {
        "site": "riga",
        "url": "https://www.riga.lv/ru/article/riga-ogranichenie-dvizhenija",
        "title": "В Риге ограничат движение по Каменному мосту",
        "published": "2023-06-05",
        "lang": "ru",
        "body": "Рижская дума сообщает, что с 10 июня движение по Каменному мосту будет ограничено.",
    },
]


def build_demo(path: str | Path):
    """Create the demo archive at ``path``; returns the open sqlite-utils Database."""
    db = open_db(path)
    seen = "2024-05-01T08:00:00+00:00"
    for site in SITES:
        db["sites"].insert(site, pk="id", replace=True)
    for item in ARTICLES:
        aid = article_id(item["url"])
        revisions = item.get("revisions", [])
        row = {
            "id": aid,
            "site": item["site"],
            "url": item["url"],
            "title": item["title"],
            "published": item.get("published"),
            "author": item.get("author"),
            "credit": item.get("credit"),
            "body": item["body"],
            "lang": item.get("lang", "lv"),
            "body_hash": hashlib.sha256(item["body"].encode("utf-8")).hexdigest(),
            "revision": len(revisions) + 1,
            "first_seen": revisions[0]["captured_at"] if revisions else seen,
            "last_seen": seen,
            "last_changed": seen,
            "cluster_id": item.get("cluster_id"),
        }
        db["articles"].insert(row, replace=True)
        for number, old in enumerate(revisions + [{"title": item["title"], "body": item["body"],
                                                   "captured_at": seen}], start=1):
            db["revisions"].insert(
                {"article_id": aid, "rev": number, "captured_at": old["captured_at"],
                 "title": old["title"], "published": item.get("published"), "body": old["body"]},
                replace=True,
            )
        for attachment in item.get("attachments", []):
            db["attachments"].insert({"article_id": aid, **attachment}, replace=True)
        if "eu" in item:
            db.execute("delete from eu_projects where article_id = ?", [aid])
            db["eu_projects"].insert({"article_id": aid, **item["eu"]})
    copies = [a for a in ARTICLES if a.get("cluster_id") == "c-sempre-2021"]
    db["clusters"].insert(
        {"id": "c-sempre-2021", "size": len(copies), "sites": ",".join(a["site"] for a in copies),
         "site_count": len({a["site"] for a in copies}), "earliest_published": "2021-11-18",
         "first_site": copies[0]["site"], "first_article": article_id(copies[0]["url"]),
         "updated_at": seen},
        pk="id", replace=True,
    )
    return db
