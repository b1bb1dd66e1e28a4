"""The news of Kļūdu novads, the site the fault server serves.

Every article is a short municipal news item with its own date and text; the
fault server delivers some of them through a fault (a legacy encoding, a 429, a
reset connection) and the rest plainly. ``PANGRAM`` holds every Latvian letter,
so a wrong decoding cannot hide.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

SITE_NAME = "Kļūdu novada pašvaldība"
# Every Latvian letter, small and capital.
PANGRAM = ("Ģimeņu dienā Ķekavā čaklās rūķu meitenes žāvēja šķūņa ļoti sīkos ņiprus gliemežus; "
           "ĀČĒĢĪĶĻŅŠŪŽ — āčēģīķļņšūž.")


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    published: str          # YYYY-MM-DD
    lead: str               # the first paragraph, unique to the story
    more: tuple[str, ...] = ()

    @property
    def date_lv(self) -> str:
        year, month, day = self.published.split("-")
        return f"{day}.{month}.{year}."

    @property
    def paragraphs(self) -> tuple[str, ...]:
        more = (self.more,) if isinstance(self.more, str) else self.more  # one paragraph, given bare
        return (self.lead, *more)


STORIES = {s.slug: s for s in [
    # plain good articles
    Story("domes-sede-marta", "Novada domes sēdē apstiprināts 2024. gada budžets", "2024-03-12",
          "Kļūdu novada dome 12. martā apstiprināja pašvaldības budžetu 2024. gadam: ieņēmumi plānoti "
          "24,6 miljonu eiro apmērā, izdevumi – 26,1 miljona eiro apmērā.",
          ("Lielākā daļa līdzekļu paredzēta izglītībai, ceļu uzturēšanai un sociālajai palīdzībai. "
           "Deputāti atbalstīja arī Ūdensrožu ielas pārbūvi un skolēnu pārvadājumu maršrutu paplašināšanu.")),
    Story("pavasara-talka", "Aicinām piedalīties pavasara talkā Ezermalas parkā", "2024-04-02",
          "Sestdien, 20. aprīlī, no plkst. 10.00 Ezermalas parkā notiks pavasara talka. Maisus un cimdus "
          "talcinieki saņems pie estrādes, bet pēc darba visus gaidīs zupa un tēja.",
          ("Talkā plānots sakopt krastmalu, izzāģēt krūmus un nokrāsot soliņus. Līdzi ņemiet grābekļus "
           "un labu garastāvokli!")),
    Story("jauns-bernudarzs", "Ābeļciemā durvis vērs jauns bērnudārzs", "2024-02-20",
          "Ābeļciema pirmsskolas izglītības iestāde „Pūcīte” uzņems pirmos 96 bērnus septembrī; pieteikumus "
          "vecāki var iesniegt līdz 15. maijam.",
          ("Ēkā ir sešas grupu telpas, sporta zāle un ārstniecības kabinets. Būvdarbi izmaksāja "
           "3,2 miljonus eiro, no tiem 1,9 miljoni – Eiropas Reģionālās attīstības fonda finansējums.")),
    Story("celu-remonti-vasara", "Vasarā remontēs četrus grants ceļus", "2024-05-06",
          "Šovasar pašvaldība atjaunos Lejasmuižas, Priežkalnu, Vītolu un Skujenes grants ceļus, kopumā "
          "14,8 kilometrus; satiksme remontu laikā būs ierobežota.",
          ("Darbus veiks SIA „Ceļu meistars”, kas iepirkumā piedāvāja zemāko cenu. Aicinām autovadītājus "
           "ievērot pagaidu satiksmes organizācijas zīmes.")),
    Story("senioru-dienas", "Senioru dienas bibliotēkā: datorprasmes un atmiņu stāsti", "2024-01-18",
          "Kļūdu centrālajā bibliotēkā katru otrdienu senioriem notiek nodarbības: janvārī un februārī "
          "mācīsimies lietot internetbanku un e-pakalpojumus.",
          ("Nodarbības vada bibliotekāre Ilze Bērziņa. Dalība ir bez maksas, bet vietu skaits ierobežots, "
           "tāpēc lūdzam pieteikties iepriekš.")),
    Story("arhivs-2019-stipendijas", "Pašvaldība piešķīrusi stipendijas 12 studentiem", "2019-10-08",
          "Kļūdu novada pašvaldības stipendiju 2019./2020. studiju gadā saņems 12 studenti, kuri apgūst "
          "medicīnu, pedagoģiju un inženierzinātnes.",
          ("Stipendijas apmērs ir 150 eiro mēnesī. Stipendiāti apņēmušies pēc studijām vismaz trīs gadus "
           "strādāt novadā.")),
    # delivered through faults, stored all the same
    Story("kodejums-1257", "Ģimeņu diena Ķekavas muižā pulcēja simtiem apmeklētāju", "2023-06-05",
          "Svētdien Ķekavas muižas parkā notika Ģimeņu diena. " + PANGRAM,
          ("Pasākumu rīkoja novada Kultūras pārvalde sadarbībā ar jauniešu centru „Ūdensroze”.")),
    Story("kodejums-bez-deklaracijas", "Šķūņu ielā atjaunots ietves segums", "2023-07-11",
          "Šķūņu ielā posmā no Ļaudonas līdz Žagaru ielai ieklāts jauns bruģis. " + PANGRAM,
          ("Darbi izmaksāja 48 300 eiro un tika pabeigti divas nedēļas ātrāk, nekā plānots.")),
    Story("kodejums-nepareizs-galvene", "Ūdenssaimniecība brīdina par ūdens atslēgšanu", "2023-08-14",
          "Otrdien, 15. augustā, no plkst. 9.00 līdz 14.00 Ļaudonas ielā būs atslēgta ūdens padeve. " + PANGRAM,
          ("SIA „Kļūdu ūdens” atvainojas par sagādātajām neērtībām.")),
    Story("kodejums-utf8-latin1", "Čiekuru ielas apgaismojumam jaunas LED lampas", "2023-09-01",
          "Čiekuru ielā nomainītas 46 ielu apgaismojuma lampas pret ekonomiskām LED lampām. " + PANGRAM,
          ("Elektroenerģijas patēriņš ielas apgaismojumam samazināsies gandrīz uz pusi.")),
    Story("kodejums-8859-13", "Ņiprie rūķi uzvar novada skolu sporta spēlēs", "2023-09-25",
          "Novada skolu sporta spēlēs pirmo vietu izcīnīja Ābeļciema pamatskolas komanda „Ņiprie rūķi”. " + PANGRAM,
          ("Sacensībās piedalījās 14 komandas no visām novada skolām.")),
    Story("kodejums-8859-4", "Ģeogrāfijas olimpiādē Ēvalds Ķēniņš otrais", "2023-10-09",
          "Valsts ģeogrāfijas olimpiādē Kļūdu vidusskolas skolnieks Ēvalds Ķēniņš ieguva otro vietu. " + PANGRAM,
          ("Skolēnu sagatavoja skolotāja Līga Ērgle.")),
    Story("kodejums-bom", "Žūrija izvērtējusi skatlogu konkursa darbus", "2023-12-18",
          "Ziemassvētku skatlogu konkursā žūrija vērtēja 23 uzņēmumu noformējumus. " + PANGRAM,
          ("Galveno balvu saņēma kafejnīca „Šūpoles”.")),
    Story("kodejums-utf8-bez-deklaracijas", "Ēdināšana skolās no janvāra būs lētāka", "2023-12-28",
          "No 1. janvāra pusdienu cena novada skolās samazināsies par 20 centiem. " + PANGRAM,
          ("Starpību sedz pašvaldība.")),
    Story("salauzts-html", "Kultūras namā atjaunota skatītāju zāle", "2023-11-20",
          "Kļūdu kultūras namā pabeigta skatītāju zāles atjaunošana: nomainīti 320 krēsli, skatuves "
          "aizkari un apgaismojums.",
          ("Pirmā izrāde atjaunotajā zālē būs 1. decembrī, kad viesosies Liepājas teātris.")),
    Story("parslodze", "Sociālais dienests pārceļas uz jaunām telpām", "2024-03-25",
          "No 2. aprīļa Sociālais dienests klientus pieņems jaunās telpās Dzirnavu ielā 7, pirmajā stāvā.",
          ("Telpas ir pieejamas cilvēkiem ratiņkrēslā, pie ēkas ir autostāvvieta.")),
    Story("serveris-atguvies", "Iedzīvotāji aicināti pieteikties līdzdalības budžetam", "2024-04-15",
          "Līdz 31. maijam iedzīvotāji var iesniegt idejas līdzdalības budžeta konkursam; katrā pagastā "
          "īstenos vienu projektu līdz 20 000 eiro vērtībā.",
          ("Idejas var iesniegt klātienē vai portālā latvija.gov.lv.")),
    Story("lena-lapa", "Mūzikas skolas audzēkņi koncertēs Doma baznīcā", "2024-05-10",
          "Kļūdu mūzikas skolas koris 18. maijā dziedās Rīgas Doma baznīcā kopā ar trim citu novadu koriem.",
          ("Koncertā skanēs latviešu komponistu kordarbi.")),
    Story("partraukts", "Peldvietās sākta ūdens kvalitātes kontrole", "2024-06-03",
          "Veselības inspekcija jūnijā sāka ņemt ūdens paraugus novada četrās oficiālajās peldvietās.",
          ("Rezultāti tiks publicēti pašvaldības tīmekļvietnē divas reizes mēnesī.")),
    Story("saspiests", "Sporta centrā atvērts jauns trenažieru zāles korpuss", "2024-06-20",
          "Kļūdu sporta centrā atvērts jauns trenažieru zāles korpuss ar 40 trenažieriem un ģērbtuvēm.",
          ("Zāle strādā katru dienu no plkst. 7.00 līdz 22.00.")),
    Story("no-barotnes", "Atjaunota tūrisma taka gar Mazās upes krastu", "2024-07-01",
          "Gar Mazās upes krastu atjaunota 3,5 kilometrus gara tūrisma taka ar skatu torni un atpūtas vietām.",
          ("Taku atjaunoja ar LEADER programmas atbalstu.")),
    Story("no-vietnes-kartes", "Bibliotēkā grāmatu maiņas punkts", "2024-07-15",
          "Centrālās bibliotēkas vestibilā iekārtots grāmatu maiņas punkts: atnes savu grāmatu un paņem citu.",
          ("Punkts pieejams bibliotēkas darba laikā.")),
]}


def article_page(story: Story, charset: str | None = "utf-8", extra_head: str = "") -> str:
    """The article's page as text; ``charset`` goes into ``<meta charset>`` (None: no declaration)."""
    meta = f'<meta charset="{charset}">' if charset else ""
    paragraphs = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in story.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="lv">
<head>{meta}{extra_head}
<title>{html.escape(story.title)} | {SITE_NAME}</title>
<meta property="article:published_time" content="{story.published}T10:00:00+03:00">
</head>
<body>
<header><a href="/">{SITE_NAME}</a>
<nav><a href="/">Sākums</a> <a href="/jaunumi">Jaunumi</a> <a href="/kontakti">Kontakti</a></nav></header>
<main>
<article>
<h1>{html.escape(story.title)}</h1>
<p class="date">Publicēts: {story.date_lv}</p>
{paragraphs}
</article>
</main>
<footer><p>{SITE_NAME}, Rīgas iela 1, Kļūdas, LV-1000. Tālrunis: 63000000</p></footer>
</body>
</html>
"""


def broken_page(story: Story) -> str:
    """The same article in tag soup: unclosed tags, stray end tags, unquoted attributes."""
    paragraphs = "".join(f"<p>{p}" for p in story.paragraphs)
    return (f"<html lang=lv><head><meta charset=utf-8><title>{story.title}</title>"
            f"<meta property=article:published_time content={story.published}T10:00:00+03:00>"
            f"<body><div class=wrapper><table><tr><td><a href=/>Sākums</a></td></div></span>"
            f"<main><article><h1>{story.title}</h2><p class=date>Publicēts: {story.date_lv}"
            f"{paragraphs}</b></i></article></td></tr></main><footer>{SITE_NAME}</footer>"
            f"<!-- unterminated comment")
