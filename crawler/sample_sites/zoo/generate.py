"""A whole generated site from a seed: its traits, articles, look-alike pages and ground truth.

``generate(seed)`` is deterministic for a seed and a day (dates count back from
``today`` so that "recent" means what a revisit policy means by it).
``later(site)`` is the same site some days on: new articles published, some
edited (text, title, an update date where the site prints one), one removed.
"""
from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from crawler.sample_sites import dates
from crawler.sample_sites.content import Article, Block, Page, nfc
from crawler.sample_sites.platforms import slugify
from crawler.sample_sites.zoo import catalogue, text

EN_SENTENCES = ["The municipality invites residents to a public meeting on the new development plan.",
                "Applications are accepted until the end of the month at the customer service centre.",
                "The project is co-financed by the European Regional Development Fund.",
                "Road works will continue in several stages to reduce traffic disruption."]
RU_SENTENCES = ["Самоуправление приглашает жителей на встречу по плану развития края.",
                "Заявки принимаются до конца месяца в центре обслуживания клиентов.",
                "Проект софинансируется Европейским фондом регионального развития.",
                "Дорожные работы будут проходить в несколько этапов."]
STATIC_TITLES = ["Par pašvaldību", "Kontakti un pieņemšanas laiki", "Sīkdatņu politika", "Pakalpojumi iedzīvotājiem",
                 "Novada vēsture", "Vakances"]


@dataclass
class ZooSite:
    seed: int
    traits: dict
    today: date
    name: str
    articles: list[Article]
    statics: list[Page]
    projects: list[Page]
    events: list[tuple[Page, date]]
    categories: list[str]
    state: int = 0
    edits: list[dict] = field(default_factory=list)  # what later() changed


def generate(seed: int, today: date | None = None) -> ZooSite:
    traits = catalogue.draw(seed)
    rng = random.Random(f"site-{seed}")
    today = today or dates.now().date()
    place = rng.choice(text.PLACES)
    used: set[str] = set()
    categories = rng.sample(text.CATEGORIES, k=4)
    count = rng.randint(14, 34)
    # Older news spreads over three years so that year archives have something to hold.
    ages = sorted(rng.sample(range(1, 1000), k=count))
    ages[0] = rng.randint(1, 4)
    articles, next_id = [], rng.randint(100, 5000)
    for age in reversed(ages):
        articles.append(make_article(rng, traits, today - timedelta(days=age), next_id, used, categories, "lv", today))
        next_id += rng.randint(1, 7)
    for lang in traits["languages"].split("+")[1:]:
        for age in sorted(rng.sample(range(2, 600), k=rng.randint(2, 3)), reverse=True):
            articles.append(make_article(rng, traits, today - timedelta(days=age), next_id, used, categories, lang, today))
            next_id += 1
    slugs: set[tuple] = set()
    for a in articles:
        while (a.lang, a.slug) in slugs:
            a.slug += "-2"
        slugs.add((a.lang, a.slug))
    if traits["error_once"]:
        rng.choice(articles).options["error_once"] = True
    if traits["photo_post"]:
        # its own generator: the other draws stay those of the seed without it
        photos = random.Random(f"photo-{seed}")
        post = photos.choice([a for a in articles if a.lang == "lv"])
        post.blocks, post.author, post.credit = [], None, None
        post.images = [{"file": f"foto-{post.id}-{i}.jpg", "caption": f"{photos.choice(text.PLACES)}: {photos.choice(text.TOPICS)}"}
                       for i in range(photos.randint(3, 6))]
    statics = [Page(slug_of(t, traits), t, [Block("p", [text.paragraph(rng)]) for _ in range(rng.randint(2, 4))])
               for t in rng.sample(STATIC_TITLES, k=3)]
    projects = [Page(slugify(f"projekts {name}"), f"Projekts „{name}”",
                     [Block("p", [text.paragraph(rng)]), Block("p", ["Projekta īstenošanas periods: 01.01.2023.–31.12.2025."]),
                      Block("p", [text.EU_LINES[0]])])
                for name in rng.sample(["SocQuality", "OCTOPUS", "SEMPRE", "CareNet", "GreenRoads"], k=2)]
    events = [(Page(slugify(t), t, [Block("p", [text.paragraph(rng)])]), today + timedelta(days=rng.randint(5, 60)))
              for t in ("Novada svētki", "Amatierteātru skate", "Gadatirgus")]
    return ZooSite(seed, traits, today, f"{place} novada pašvaldība", articles, statics, projects, events, categories)


def make_article(rng, traits, day: date, article_id: int, used, categories, lang, today: date | None = None) -> Article:
    today = today or date.today()
    if lang == "lv":
        title = text.title(rng, used)
        blocks = [Block("p", [text.paragraph(rng)]) for _ in range(rng.randint(2, 4))]
        if rng.random() < 0.4:
            blocks.insert(1, Block("h", [rng.choice(["Kā pieteikties", "Svarīgi zināt", "Darba laiks"])]))
            blocks.insert(2, Block("ul", [c[0].upper() + c[1:] for c in rng.sample(text.CLAUSES, k=3)]))
        if rng.random() < 0.25:
            blocks.append(Block("table", [["Diena", "Laiks", "Vieta"],
                                          ["Pirmdiena", "9.00–12.00", "Pagasta pārvalde"],
                                          ["Ceturtdiena", "14.00–17.00", "Kultūras centrs"]]))
    else:
        sentences = EN_SENTENCES if lang == "en" else RU_SENTENCES
        title = " ".join(rng.choice(sentences).split()[:6]).rstrip(".,") + f" ({article_id})"
        shuffled = rng.sample(sentences, k=len(sentences))
        contact = (f"More information: {text.person(rng)}, phone 64 1{article_id:05d}." if lang == "en"
                   else f"Подробнее: {text.person(rng)}, тел. 64 1{article_id:05d}.")
        blocks = [Block("p", [" ".join(shuffled[:2])]), Block("p", [" ".join(shuffled[2:]) + " " + contact])]
    category = rng.choice(categories)
    if traits["eu_disclaimer"] and lang == "lv" and rng.random() < 0.4:
        blocks += [Block("p", [line]) for line in text.EU_LINES]
    published = day
    if traits["times"] or traits["date_place"] in ("meta", "jsonld"):
        published = datetime.combine(day, time(rng.randint(7, 17), rng.choice([0, 5, 15, 30, 42])), tzinfo=dates.RIGA)
    if traits["date_place"] == "url":
        published = day
    updated = None
    later_day = day + timedelta(days=rng.randint(1, 3))
    if traits["updates"] and traits["date_place"] != "url" and rng.random() < 0.3 and later_day < today:
        updated = (datetime.combine(later_day, time(rng.randint(8, 16), 10), tzinfo=dates.RIGA)
                   if isinstance(published, datetime) else later_day)
    author = credit = None
    if traits["credit"] != "none" and lang == "lv" and rng.random() < 0.8:
        author = text.person(rng)
        credit = f"Informāciju sagatavoja: {author}, {text.role(rng)}"
    images = []
    if traits["gallery"] and rng.random() < 0.6:
        images = [{"file": f"foto-{article_id}-{i}.jpg", "caption": f"{rng.choice(text.PLACES)}: {rng.choice(text.TOPICS)}"}
                  for i in range(rng.randint(2, 4))]
    article = Article(slug=slug_of(title, traits), title=nfc(title), published=published, blocks=blocks,
                      id=article_id, updated=updated, author=author, credit=credit, category=category,
                      tags=rng.sample(["domes sēde", "projekti", "izglītība", "kultūra", "ceļi"], k=2),
                      lang=lang, images=images, modified=dates.as_datetime(updated or published))
    return article


def slug_of(title: str, traits: dict) -> str:
    if not traits["latvian_slugs"]:
        return slugify(title)[:60].rstrip("-")
    kept = re.sub(r"[^\w]+", "-", unicodedata.normalize("NFC", title.lower())).strip("-")
    return kept[:60].rstrip("-")


def later(site: ZooSite) -> ZooSite:
    """The site some days on: two new articles, two edited (one recent, one old), one removed."""
    rng = random.Random(f"later-{site.seed}")
    new = generate(site.seed, site.today)  # an independent copy to change
    now = dates.now()
    used = {a.title for a in new.articles}
    next_id = max(a.id for a in new.articles) + 1
    lv = sorted((a for a in new.articles if a.lang == "lv"), key=lambda a: dates.as_datetime(a.published))
    edits = []
    for _ in range(2):
        article = make_article(rng, new.traits, new.today, next_id, used, new.categories, "lv", new.today)
        # Published an hour ago: a time later today would be a date in the future.
        moment = now - timedelta(hours=1)
        article.published = moment if isinstance(article.published, datetime) else moment.date()
        article.modified = dates.as_datetime(article.published)
        next_id += 1
        new.articles.append(article)
        edits.append({"kind": "new", "slug": article.slug})
    for article in (lv[-1], lv[len(lv) // 2]):
        article.blocks = article.blocks + [Block("p", ["Papildināts: " + text.paragraph(rng)])]
        article.title = article.title + " (precizēts)"
        if new.traits["updates"] and new.traits["date_place"] != "url":
            article.updated = now if isinstance(article.published, datetime) else now.date()
        article.modified = now
        edits.append({"kind": "edited", "slug": article.slug})
    removed = lv[len(lv) // 3]
    removed.removed = True
    edits.append({"kind": "removed", "slug": removed.slug})
    new.state, new.edits = 1, edits
    return new
