"""The news of Naidīgais novads: real municipal news, written by an attacker.

Every story is a readable Latvian article (a title, a date, paragraphs an extractor
keeps) with hostile markup and text around and inside it. ``TRACKER`` stands for
the host of the tracking pixels, stylesheets, frames and redirects: the server
fills in its address, and nothing the archive shows may ever reach it.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

SITE_NAME = "Naidīgā novada pašvaldība"
TRACKER = "{tracker}"  # replaced by the tracker host's base URL (no trailing slash)
LONG_WORD = "Ā" + "garš" * 12_500  # 50,001 characters, no space, no hyphen
# Every C0 control but tab, LF and CR, DEL, and every C1 control, as raw characters.
# NUL is written as &#0; instead: raw NUL bytes mark a binary file (crawler.guards).
CONTROLS = "".join(chr(c) for c in [*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])
BIDI_AND_ZERO_WIDTH = "\u202e\u202d\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u2060\ufeff"


@dataclass(frozen=True)
class Story:
    slug: str
    title_html: str            # as written in the page's <h1> and <title> (markup included)
    published: str             # YYYY-MM-DD
    body_html: str             # inside <article>, after the date line
    head: str = ""             # extra markup in <head>
    headers: dict = field(default_factory=dict)
    author: str | None = None  # <meta name="author">, as text
    title_text: str = ""       # what a reader must see as the title ("" = not checked)
    must_keep: tuple[str, ...] = ()  # text the stored body must hold, as text

    @property
    def date_lv(self) -> str:
        year, month, day = self.published.split("-")
        return f"{day}.{month}.{year}."


def _p(*paragraphs: str) -> str:
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


PLAIN = ("Pašvaldība informē iedzīvotājus, ka darbi noritēs visu nedēļu un satiksme pa to laiku būs "
         "ierobežota; sīkāka informācija pieejama Klientu apkalpošanas centrā.")

STORIES = {s.slug: s for s in [
    Story("skripti", "Domes sēde &lt;script&gt;alert('virsraksts')&lt;/script&gt; notiks ceturtdien", "2024-03-14",
          "<script>alert('body'); window.__pwned = 'body'</script>"
          + _p("Naidīgā novada dome ceturtdien, 14. martā, pulcēsies uz kārtējo sēdi, kurā lems par "
               "skolu tīkla attīstību un ceļu uzturēšanas plānu.",
               "Sēdes darba kārtībā ir 24 jautājumi &lt;script&gt;alert('teksts')&lt;/script&gt;, to skaitā "
               "<a href=\"javascript:alert('saite')\">saite ar javascript</a> un "
               "<a href=\"data:text/html,&lt;script&gt;alert('dati')&lt;/script&gt;\">saite ar datiem</a>.",
               "<span onmouseover=\"alert('notikums')\" onclick=\"alert('klikšķis')\">Sēde ir atklāta</span>, "
               "to var vērot tiešraidē. <img src=\"x\" onerror=\"alert('attēls')\"> " + PLAIN),
          author="<script>alert('autors')</script> Anna Bērziņa",
          title_text="Domes sēde <script>alert('virsraksts')</script> notiks ceturtdien",
          must_keep=("<script>alert('teksts')</script>", "Sēde ir atklāta")),
    Story("svg-mathml", "Jauns rotaļu laukums <svg onload=alert('svg')> Ezermalā", "2024-03-21",
          _p("Ezermalas ciemā atklāts jauns rotaļu laukums ar šūpolēm, smilšu kasti un slidkalniņu; "
             "to izbūvēja par pašvaldības un iedzīvotāju kopīgi savāktiem līdzekļiem.",
             "<svg><script>alert('svg-skripts')</script><a xlink:href=\"javascript:alert('svg-saite')\">"
             "<text x=\"0\" y=\"15\">SVG saite</text></a><foreignObject><img src=x onerror=alert('fo')>"
             "</foreignObject></svg>"
             "<math><mtext><table><mglyph><style><img src=x onerror=alert('mathml')></style></mglyph>"
             "</table></mtext></math> Laukums ir pieejams visiem bērniem līdz 12 gadu vecumam.",
             "&lt;svg onload=alert(1)&gt; ir teksts, nevis attēls. " + PLAIN),
          title_text="Jauns rotaļu laukums Ezermalā",  # the <svg> there is markup, not text
          must_keep=("<svg onload=alert(1)> ir teksts",)),
    Story("ramji-un-formas", "Iedzīvotāju aptauja par sabiedrisko transportu", "2024-04-02",
          _p("Pašvaldība aicina iedzīvotājus līdz 30. aprīlim aizpildīt aptauju par sabiedriskā "
             "transporta maršrutiem un kustības sarakstiem novadā.",
             f"<iframe src=\"{TRACKER}/ramis.html\" width=\"600\" height=\"400\"></iframe>"
             f"<object data=\"{TRACKER}/objekts.swf\"></object><embed src=\"{TRACKER}/iegults.swf\">"
             f"<form action=\"{TRACKER}/forma\" method=\"post\"><input name=\"parole\" type=\"password\">"
             "<button>Sūtīt paroli</button></form>"
             "Aptaujas rezultātus apkoposim maijā un publicēsim pašvaldības tīmekļvietnē.",
             PLAIN)),
    Story("izsekotaji", "Bibliotēkā sākas lasīšanas maratons", "2024-04-18",
          f"<img src=\"{TRACKER}/pikselis.gif?raksts=1\" width=\"1\" height=\"1\" alt=\"\">"
          f"<div style=\"background:url({TRACKER}/fons.png)\">"
          + _p("Centrālajā bibliotēkā 20. aprīlī sāksies lasīšanas maratons bērniem un jauniešiem: "
               "katrs dalībnieks mēneša laikā apņemas izlasīt vismaz piecas grāmatas.",
               f"<img src=\"{TRACKER}/attels.jpg\" alt=\"Maratona plakāts\"> Pieteikties var bibliotēkā "
               "vai pa tālruni, dalība ir bez maksas.", PLAIN) + "</div>",
          head=(f"<link rel=\"stylesheet\" href=\"{TRACKER}/stils.css\">"
                f"<style>@import url({TRACKER}/imports.css); .sleptais{{display:none}} body{{visibility:hidden}}</style>"
                f"<base href=\"{TRACKER}/\">"),
          must_keep=("lasīšanas maratons",)),
    Story("parvirzisana", "Ūdens atslēgšana Dzirnavu ielā", "2024-05-06",
          _p("Otrdien, 7. maijā, no plkst. 9.00 līdz 15.00 Dzirnavu ielā būs atslēgta ūdens padeve, "
             "jo tiks nomainīts maģistrālā vada posms.",
             "<p class=\"sleptais\" style=\"display:none\">Slēpts teksts, ko vietne neredz.</p>"
             "Ūdenssaimniecība atvainojas par sagādātajām neērtībām. " + PLAIN),
          head=f"<meta http-equiv=\"refresh\" content=\"30;url={TRACKER}/meta-refresh\">",
          headers={"Refresh": "30; url={tracker}/refresh-header"},
          must_keep=("Dzirnavu ielā būs atslēgta",)),
    Story("vadibas-zimes", "Vadības zīmes\u0001 un &#xFFFE; virsrakstā\u202e ačgārni \u200bneredzami", "2024-05-20",
          _p("Šajā rakstā ir katra vadības zīme: " + html.escape(CONTROLS) + " — un tā beigas.",
             "Numurētas rakstzīmes: &#1; &#8; &#x0B; &#x1F; &#x7F; &#x85; &#xFFFE; &#xFFFF; &#xD800; &#xDFFF; "
             "&#0; &#x110000; — arī tām nav jāsalauž lapa.",
             "Virziena maiņa un neredzamas zīmes: " + BIDI_AND_ZERO_WIDTH + "Teksts pēc tām. " + PLAIN),
          author="Autors\u0001\u202e",
          must_keep=("un tā beigas", "Teksts pēc tām")),
    Story("garais-vards", "Garš vārds " + LONG_WORD[:2000] + " virsrakstā", "2024-06-03",
          _p("Šajā rakstā ir ļoti garš vārds, kas nedrīkst padarīt lapu platāku par tālruņa ekrānu.",
             LONG_WORD, "Pēc garā vārda turpinās parasts teksts. " + PLAIN),
          must_keep=(LONG_WORD,)),
    Story("veidnes", "Veidnes {{ 7*7 }} un {% raw %}{{ config }}{% endraw %} virsrakstā", "2024-06-17",
          _p("Rakstā ir veidņu valodu sintakse, kas arhīvā jārāda kā teksts: {{ 7*7 }}, ${7*7}, "
             "&lt;%= 7*7 %&gt;, #{7*7}, {{ request.application.__globals__ }} un {% raw %}.",
             "Arī {% for x in range(9999999) %}x{% endfor %} un {{ ''.__class__.__mro__ }} ir tikai teksts. "
             + PLAIN),
          title_text="Veidnes {{ 7*7 }} un {% raw %}{{ config }}{% endraw %} virsrakstā",
          must_keep=("{{ 7*7 }}", "${7*7}", "{% for x in range(9999999) %}x{% endfor %}")),
    Story("eskapets", "Eskapēts &amp;lt;b&amp;gt; un &lt;i&gt;kursīvs&lt;/i&gt;", "2024-07-01",
          _p("Šajā rakstā HTML kods ir rādīts kā teksts: &lt;iframe src=\"https://example.org\"&gt;&lt;/iframe&gt; "
             "un &lt;a href=\"javascript:alert(1)\"&gt;saite&lt;/a&gt;.",
             "Divreiz eskapēts: &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;. " + PLAIN),
          title_text="Eskapēts &lt;b&gt; un <i>kursīvs</i>",
          must_keep=('<iframe src="https://example.org"></iframe>',)),
]}


# Shown as text on the page, so stored as this text.
DOUBLY_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def fill(text: str, tracker: str) -> str:
    return text.replace(TRACKER, tracker)


def article_page(story: Story, tracker: str) -> str:
    author = f'<meta name="author" content="{html.escape(story.author)}">' if story.author else ""
    return fill(f"""<!DOCTYPE html>
<html lang="lv">
<head><meta charset="utf-8">{story.head}
<title>{story.title_html} | {SITE_NAME}</title>
<meta property="article:published_time" content="{story.published}T10:00:00+03:00">{author}
</head>
<body onload="alert('body-onload')">
<header><a href="/">{SITE_NAME}</a>
<nav><a href="/">Sākums</a> <a href="/jaunumi">Jaunumi</a></nav></header>
<main>
<article>
<h1>{story.title_html}</h1>
<p class="date">Publicēts: {story.date_lv}</p>
{story.body_html}
</article>
</main>
<footer><p>{SITE_NAME}, Rīgas iela 1, LV-1000</p></footer>
</body>
</html>
""", tracker)


def listing_page(tracker: str) -> str:
    items = "\n".join(
        f'<li><a href="/zinas/{s.slug}">{s.title_html}</a> <span class="date">{s.date_lv}</span></li>'
        for s in STORIES.values())
    return fill(f"""<!DOCTYPE html>
<html lang="lv"><head><meta charset="utf-8"><title>Jaunumi | {SITE_NAME}</title>
<script>alert('listing')</script></head>
<body><h1>Jaunumi</h1>
<ul class="news">
{items}
<li><a href="javascript:alert('saraksts')">&lt;script&gt;alert('saites teksts')&lt;/script&gt;</a></li>
<li><a href="{TRACKER}/cita-vietne">Cita vietne</a></li>
</ul></body></html>
""", tracker)
