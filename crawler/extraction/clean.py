"""Cleaning the extracted body: what generic extraction leaves around a Latvian article.

Works on the lines of trafilatura's text output. Rules are text patterns and position
(the lines before the first real paragraph, the block after the last one), not class
names. The Latvian rules only run on Latvian-site pages (``latvian=True``), so English or
German pages keep their text; the generic ones (a repeated headline) run everywhere.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from dataclasses import dataclass, field

from .authors import JOB_WORDS as _JOB_WORDS
from .authors import PERSON_NAME as _PERSON_NAME
from .authors import SEGMENT as _SEGMENT
from .authors import names_in
from .dates import find_all
from .page import fold

# Lines that are site chrome wherever they appear.
_CHROME_LINE = re.compile(
    r"^(lapas karte|vietnes karte|youtube|facebook|instagram|twitter|x|linkedin|draugiem(\.lv)?|tiktok|flickr|"
    r"e-pasts|whatsapp|telegram|dalīties|dalies|dalīties ar|kopīgot|ieteikt|ieteikt draugiem|drukāt|drukas versija|"
    r"print|printēt|izdrukāt|viegli lasīt|vieglā valoda|viegli lasāmā valodā|easy to read|zīmju valoda|"
    r"a\s*a\s*a|a\+?\s*a-?|teksta izmērs|kontrasts|izvēlne|meklēt|sākums|sākumlapa|uz sākumu|atpakaļ|"
    r"atgriezties|uz augšu|lasīt vairāk|lasīt tālāk|vairāk|skatīt visus|visi jaunumi|visas ziņas|"
    r"kopēt saiti|saite nokopēta|sūtīt e-pastā|pievienot kalendāram|rss|informācija|"
    r"(?:lasīšanas laiks|время чтения|reading time)\s*:?\s*\d+\s*min\.?|(?:skatījumi|skatīts|просмотров|views)\s*:?\s*\d+(?:\s*reizes)?|"
    r"(facebook|twitter|x|draugiem|linkedin|e-pasts|whatsapp|drukāt|print)(\s*[|/,•·]\s*"
    r"(facebook|twitter|x|draugiem|linkedin|e-pasts|whatsapp|drukāt|print|kopēt saiti))+)[.:!]?$",
    re.IGNORECASE,
)
# The page's short link or permalink printed among its tools ("Īsā saite: https://…/s/4165").
_SHORT_LINK = re.compile(r"^(īsā saite|īsais links|saīsinātā saite|pastāvīgā saite|short link|shortlink|permalink|"
                         r"короткая ссылка|постоянная ссылка)\s*:?\s*(https?://\S+)?$", re.IGNORECASE)
_BREADCRUMB = re.compile(r"^(sākums|sākumlapa|home|главная|jaunumi|aktualitātes)\s*[»>/|›→]", re.IGNORECASE)
_BREADCRUMB_ANY = re.compile(r"\s[»›→]\s|\s>\s.*\s>\s")
_COOKIE = re.compile(r"sīkdatn|sīkfail|cookie", re.IGNORECASE)
_COOKIE_ACTION = re.compile(r"piekrītu|piekrist|apstiprin|pieņemt|izmanto|lietojam|accept|uses cookies|privātuma", re.IGNORECASE)
# Headings after which the rest of the text is not the article any more.
_CUT_HEADING = re.compile(
    r"^(foto(grāfiju)?\s*(un|&)?\s*video\s*galerija|foto\s*galerija|fotogalerija|galerija|video\s*galerija|"
    r"attēlu galerija|citi jaunumi|citas ziņas|citi raksti|saistītie raksti|saistītās ziņas|saistītie jaunumi|"
    r"saistītā informācija|jaunākie raksti|jaunākās ziņas|jaunākie jaunumi|populārākie raksti|lasi arī|lasiet arī|"
    r"lasīt arī|iesakām izlasīt|varētu interesēt|tev varētu interesēt|komentāri|komentārs|pievienot komentāru|"
    r"atstāt komentāru|nākamā ziņa|iepriekšējā ziņa|nākamais raksts|iepriekšējais raksts|nākamais|iepriekšējais|"
    r"sludinājumi|reklāma|aptauja|balsojums|vārda dienas|laika prognoze|"
    r"другие новости|похожие новости|читайте также)\s*:?$",
    re.IGNORECASE,
)
# The same announcement in the languages of the web at large: what follows is other
# articles ("Auch interessant:", "Contenido relacionado", "You may also like").
_RELATED_HEADING = re.compile(
    r"^(?:related(?: articles| stories| posts| content| news| coverage| reading)?|read (?:more|also|next)|"
    r"more (?:stories|news|articles|from [\w .'-]{1,30}|on this (?:topic|story))|(?:you )?(?:may|might) also (?:like|enjoy)|"
    r"recommended(?: for you| stories| articles)?|further reading|trending(?: now)?|most (?:read|popular)|"
    r"auch interessant|das könnte (?:sie|dich) auch interessieren|mehr zum thema(?: auf [\w.-]+)?|lesen sie auch|"
    r"schon gelesen|zum weiterlesen|weiterlesen|ähnliche (?:artikel|beiträge|themen)|weitere (?:artikel|beiträge|"
    r"nachrichten|meldungen|themen|aktuelle themen)(?: [\w ]{1,30})?|auch auf [\w.-]+|verwandte (?:artikel|themen)|"
    r"contenido relacionado|notas relacionadas|noticias relacionadas|art[ií]culos relacionados|te puede interesar|"
    r"lee también|también te puede interesar|más noticias|à lire aussi|lire aussi|sur le même sujet|articles similaires|"
    r"leggi anche|potrebbe interessarti|articoli correlati|veja também|leia também|você pode gostar|"
    r"czytaj (?:też|także)|zobacz (?:też|także)|polecamy|читайте также|смотрите также|похожие (?:новости|статьи))"
    r"\s*[:.…?!]*$",
    re.IGNORECASE,
)
_NEXT_PREV = re.compile(r"^(nākamā ziņa|iepriekšējā ziņa|nākamais raksts|iepriekšējais raksts|« iepriekšējais|nākamais »)\s*[:»«]?\s*\S", re.IGNORECASE)
# Footer: contacts and legal lines of the site, not of the article.
_FOOTER_STRONG = re.compile(
    r"(\bLV-\d{4}\b|©|\(c\)\s*\d{4}|visas tiesības|pašvaldības iestāde|pašvaldības aģentūra|"
    r"reģ\.?\s*nr|reģistrācijas nr|nodokļu maksātāja|lapas karte|privātuma politika|sīkdatņu politika|"
    r"piekļūstamības paziņojums|darba laiks|pieņemšanas laiks|all rights reserved)",
    re.IGNORECASE,
)
_FOOTER_LINE = re.compile(
    r"^(tālrunis|tālr\.?|tel\.?|telefons|mob\.?|fakss|e-pasts|e-mail|epasts|adrese|juridiskā adrese|"
    r"pasta adrese|darba laiks|pirmdien|otrdien|trešdien|ceturtdien|piektdien|reģ\.? ?nr|konts|"
    r"banka|kods|swift|iban)\b|@[\w-]+\.\w+|^\+?\d[\d\s]{6,}$|\bLV-\d{4}\b|pašvaldība$|pašvaldības iestāde|©",
    re.IGNORECASE,
)
_AUTHOR_LABEL = re.compile(
    r"^(?:informāciju\s+sagatavoja|informāciju\s+sagatavojusi|informāciju\s+sagatavojis|informāciju\s+apkopoja|"
    r"informāciju\s+sniedza|sagatavoja|sagatavojusi|sagatavojis|autors|autore|autori|teksts|teksta\s+autors|"
    r"raksta\s+autors|raksta\s+autore|publikāciju\s+sagatavoja|ziņu\s+sagatavoja|автор|текст|"
    r"подготовил[аи]?|информацию\s+подготовил[аи]?|prepared\s+by|author|text|written\s+by)\s*[:\-–]\s*(?P<rest>.*)$"
    r"|^(?:informāciju\s+)?(?:sagatavoja|sagatavojusi|sagatavojis|apkopoja)\s+(?P<bare>[A-ZĀČĒĢĪĶĻŅŠŪŽ].{2,150})$",
    re.IGNORECASE,
)
_CREDIT_LABEL = re.compile(
    r"^(?P<label>foto|fotogrāfijas|fotogrāfija|foto un video|video|attēls|attēli|ilustrācija|avots|"
    r"foto no|фото|источник|photo|photos|source)\s*[:\-–]\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_INLINE_CREDIT = re.compile(
    r"[\s(,.;]+(?P<label>foto|avots|teksts|autors)\s*:\s*(?P<rest>[^()]{2,80})\)?$", re.IGNORECASE)
_NAME_LINE = re.compile(rf"^(?P<name>{_PERSON_NAME})\s*[,–-]\s*(?P<job>[^.!?]{{3,120}})\.?$")
_JOB_NAME_LINE = re.compile(rf"^(?P<job>[A-ZĀČĒĢĪĶĻŅŠŪŽ][^.!?:]{{3,100}}?)\s+(?P<name>{_PERSON_NAME})\.?$")
_NAME_ONLY = re.compile(rf"^{_PERSON_NAME}[.,]?$")
_PERSON_ONLY = re.compile(rf"^{_PERSON_NAME}$")
# the boundary before a paragraph's last sentence
_LAST_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĀČĒĢĪĶĻŅŠŪŽ][^.!?]*\.?$)")
_SENTENCE_END = re.compile(r"[.!?…:;\"”»)]$")
_DATE_LABEL_LINE = re.compile(
    r"^(publicēts|publicēšanas datums|atjaunots|pēdējās izmaiņas|labots|datums|ievietots|pievienots|"
    r"atjaunināts|skatīts|skatījumi|published|updated|posted)\b", re.IGNORECASE)
# The visitor's "today" with the name days, printed above every page of legacy CMSs.
_NAME_DAYS = re.compile(r"vārd[au]?\s*dien|vārdadien", re.IGNORECASE)
_GALLERY_CAPTION = re.compile(r"^[^.!?]{2,120}:$")


@dataclass
class Cleaned:
    body: str
    authors: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)


_TABLE_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")


def _lines(text: str) -> list[str]:
    """Non-empty lines, whitespace folded; a table row as its cells joined by `` | ``."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    lines = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            if _TABLE_RULE.match(line):
                continue  # the rule under a table's header row
            line = line[1:-1].strip()
            if not line.replace("|", "").strip():
                continue  # a row of empty cells
        if line:
            lines.append(line)
    return lines


_HAS_WORD = re.compile(r"\w")


def _is_chrome_line(line: str) -> bool:
    """A line of site chrome: "Drukāt", or several such words in a row ("Drukāt | « Atpakaļ")."""
    line = line.strip(" |«»<>‹›•·")
    if _CHROME_LINE.match(line) or _SHORT_LINK.match(line):
        return True
    segments = _SEGMENT.split(line)
    return len(segments) > 1 and all(_CHROME_LINE.match(s.strip(" «»<>‹›")) or _SHORT_LINK.match(s.strip())
                                     for s in segments)


def _is_title_line(line: str, title_fold: str) -> bool:
    if not title_fold:
        return False
    f = fold(line)
    return bool(f) and (f == title_fold or (len(title_fold) > 15 and f.startswith(title_fold) and len(f) - len(title_fold) < 40))


def _bare_date_label(line: str) -> bool:
    match = _DATE_LABEL_LINE.match(line)
    return bool(match) and len(line) < 40 and not line[match.end():].strip(" :")


def is_date_line(line: str) -> bool:
    """A line that is only a date, maybe with a label, a weekday, a time or view count."""
    matches = find_all(line)
    if not matches:
        return bool(_DATE_LABEL_LINE.match(line)) and len(line) < 60 and any(c.isdigit() for c in line)
    rest = line
    for match in reversed(matches):
        rest = rest[: match.start] + rest[match.end:]
    rest = re.sub(r"(publicēts|publicēšanas datums|atjaunots|pēdējās izmaiņas|labots|datums|ievietots|"
                  r"pievienots|atjaunināts|plkst\.?|skatījumi|skatīts|reizes|published|updated|posted on)", "", rest,
                  flags=re.IGNORECASE)
    rest = re.sub(r"[\s:|,.\-–/()\d]", "", rest)
    return len(rest) <= 12


def _is_label(line: str) -> bool:
    """A category label or tag: a few words, no sentence punctuation."""
    return len(line) <= 40 and len(line.split()) <= 4 and not _SENTENCE_END.search(line) and not any(
        c.isdigit() for c in line)


def substantial(line: str) -> bool:
    """A line of running text: a sentence of some length, not a label, a date or a caption."""
    return len(line) >= 90 or (len(line) >= 40 and _SENTENCE_END.search(line) is not None and len(line.split()) >= 6)


def _bare_author_label(line: str) -> bool:
    match = _AUTHOR_LABEL.match(line)
    return bool(match) and not (_rest(match) or "").strip()


def _rest(match: re.Match) -> str:
    return match.group("rest") if match.group("rest") is not None else match.group("bare")


def _author_from(rest: str) -> tuple[list[str], str | None]:
    """``"Anna Bērziņa, Sabiedrisko attiecību speciāliste, foto: Jānis Zariņš"`` →
    (``["Anna Bērziņa"]``, ``"Foto: Jānis Zariņš"``): the people (or the office) named,
    without job titles or roles; a photo credit written on the same line apart. What
    follows a bar or bullet ("Inga Kļaviņa | 14.03.2019 | Skatīts: 312") is not the name."""
    rest = _SEGMENT.split(rest.strip(), 1)[0].strip().rstrip(".;,")
    credit = None
    inline = re.search(r"[,;]\s*(foto|fotogrāfijas|avots)\s*:\s*(.+)$", rest, re.IGNORECASE)
    if inline:
        credit = f"{inline.group(1).capitalize()}: {inline.group(2).strip()}"
        rest = rest[: inline.start()].strip()
    return names_in(rest), credit


_SEGMENT_SPLIT = re.compile(f"({_SEGMENT.pattern})")  # the same, keeping the separators


def _credit_part(line: str) -> str:
    """A credit line without the date, view count and the like that share its line:
    ``"Autors: Inga Kļaviņa | 14.03.2019 | Skatīts: 312"`` → ``"Autors: Inga Kļaviņa"``;
    credits after the bar stay (``"Teksts: Inga Kļaviņa • Foto: Jānis Ozols"``)."""
    pieces = _SEGMENT_SPLIT.split(line)
    kept = pieces[0]
    for separator, segment in zip(pieces[1::2], pieces[2::2]):
        if _AUTHOR_LABEL.match(segment) or _CREDIT_LABEL.match(segment):
            kept += separator + segment
    return kept


def _person_name(line: str) -> str:
    """The name in ``"Anna Bērziņa, speciāliste"`` or ``"Projektu administratore Anna Liepiņa"``."""
    match = _NAME_LINE.match(line)
    if match:
        return match.group("name")
    match = _JOB_NAME_LINE.match(line)
    if match:
        return match.group("name")
    return line.split(",", 1)[0].strip().rstrip(".")


def clean_body(text: str, title: str | None, *, latvian: bool, link_texts: Container[str] | None = None,
               headings: frozenset[str] = frozenset()) -> Cleaned:
    """The article's own text: headline, chrome, footer, galleries and credits taken out.

    ``headings`` are the folded texts the page marks up as subheadings inside the body:
    a short line at the top is a category label unless it is one of them (a body that
    opens with a subheading, its lead printed above it, keeps the subheading)."""
    lines = _lines(text)
    result = Cleaned(body="")
    title_fold = fold(title or "")
    # the headline repeated at the top
    if title_fold:
        lines = [line for i, line in enumerate(lines) if i >= 4 or not _is_title_line(line, title_fold)]
    link_texts = set() if link_texts is None else link_texts
    # "Read more: <another article's headline>" inside the text, in any language
    lines = [line for line in lines if not _is_teaser_line(line, link_texts, latvian)]
    if not latvian:
        lines = _before_related(lines)
        result.body = "\n".join(_without_trailing_teasers(lines, link_texts, headings))
        return result

    # a date's label whose date sat in an element the extraction left out ("Publicēts:")
    lines = [line for line in lines if not _is_chrome_line(line) and _HAS_WORD.search(line)
             and not _bare_date_label(line)]
    lines = [line for line in lines if not (_COOKIE.search(line) and _COOKIE_ACTION.search(line) and len(line) < 600)]

    # the top: category label, breadcrumbs, date line, credit line before the first paragraph
    start = 0
    while start < len(lines) and not substantial(lines[start]):
        line = lines[start]
        if line.startswith("- ") and is_date_line(line):
            break  # a list of days and what happens on them ("- 23. jūnijā – slēgts") is the text
        if _AUTHOR_LABEL.match(line) or _CREDIT_LABEL.match(line):
            start += 1
            continue
        if (_BREADCRUMB.match(line) or _BREADCRUMB_ANY.search(line) and len(line) < 200 or is_date_line(line)
                or _NAME_DAYS.search(line) and len(line) < 200
                or _is_title_line(line, title_fold) or (_is_label(line) and start + 1 < len(lines) and fold(line) not in headings)
                or fold(line) in link_texts):
            start += 1
            continue
        break
    # a bare label above the text ("Autore:") takes the name on the line under it
    for i in range(min(start, len(lines) - 1)):
        if _bare_author_label(lines[i]) and _NAME_ONLY.match(lines[i + 1]):
            lines[i] = f"{lines[i]} {lines[i + 1].rstrip('.,')}"
            del lines[i + 1]
            start = max(start, i + 2) - 1
            break
    top = lines[:start]
    lines = lines[start:]
    for line in top:
        match = _AUTHOR_LABEL.match(line)
        if match:
            names, _ = _author_from(_rest(match))
            result.authors.extend(names)
            result.credits.append(_credit_part(line))
            continue
        if _CREDIT_LABEL.match(line):
            result.credits.append(line)

    # cut at gallery / related / comments headings in the second half
    for i, line in enumerate(lines):
        if i >= 1 and (_CUT_HEADING.match(line) or _NEXT_PREV.match(line)) and i >= len(lines) * 0.3:
            lines = lines[:i]
            break

    # the footer block at the end
    end = len(lines)
    strong = False
    while end > 0:
        line = lines[end - 1]
        if _FOOTER_LINE.search(line) and len(line) < 250 or _FOOTER_STRONG.search(line) and len(line) < 250:
            strong = strong or bool(_FOOTER_STRONG.search(line))
            end -= 1
            continue
        if _is_chrome_line(line) or (fold(line) in link_texts and not _SENTENCE_END.search(line)):
            end -= 1
            continue
        if strong and _is_label(line) and len(line) < 60 and _kind(line, link_texts) not in ("author", "name", "person"):
            # the institution's name heading the footer block (not the author signing above it)
            end -= 1
            continue
        break
    if strong:
        lines = lines[:end]

    # credits and trailing links to other articles, from the end
    lines, authors, credits = _take_credits(lines, link_texts)
    result.authors.extend(authors)
    result.credits.extend(credits)
    # a gallery caption or a dangling label left at the very end
    while lines and _GALLERY_CAPTION.match(lines[-1]) and len(lines[-1]) < 80 and len(lines) > 1:
        lines.pop()
    # the last paragraph's closing sentence naming who prepared it:
    # "… līdz augusta beigām. Informāciju sagatavoja Ilze Kalniņa."
    if lines:
        parts = _LAST_SENTENCE.split(lines[-1])
        if len(parts) == 2 and len(parts[1]) < 160:
            match = _AUTHOR_LABEL.match(parts[1].rstrip("."))
            names = _author_from(_rest(match))[0] if match else []
            if names and all(_PERSON_ONLY.match(name) for name in names):
                result.authors.extend(names)
                result.credits.append(parts[1].rstrip("."))
                lines[-1] = parts[0]
    # inline credit at the end of the last paragraph: "... (Foto: Jānis Zariņš)"
    if lines:
        match = _INLINE_CREDIT.search(lines[-1])
        if match and match.start() > 20 and lines[-1][match.start():].strip().startswith(("(", "Foto", "foto", "Avots", "avots")):
            label = match.group("label").lower()
            value = match.group("rest").strip().rstrip(").")
            if label in ("teksts", "autors"):
                result.authors.extend(names_in(value))
            result.credits.append(lines[-1][match.start():].strip(" (,;").rstrip(")"))
            lines[-1] = lines[-1][: match.start()].rstrip(" (,;")
    result.body = "\n".join(lines)
    return result


# A label and a colon (or "»") before a link's text: "Lasīt arī: …", "Read more: …",
# "Lea también: …", "À lire aussi » …".
_LABELLED = re.compile(r"^(?P<label>[^\W\d_][^:：»]{0,40}?)\s*[:：»]\s*(?P<rest>\S.*)$")


def _is_teaser_line(line: str, link_texts: Container[str], latvian: bool = False) -> bool:
    """A line that is a short label and the headline of a link to another page: a teaser
    for another article. On a Latvian site the label must be one of the language's
    read-also labels: there "Pieteikšanās: …", "Vairāk informācijas: …" before a link
    are the article's own."""
    match = _LABELLED.match(line)
    if not match or len(match.group("label").split()) > 4:
        return False
    if latvian and not _READ_ALSO_LV.match(match.group("label")):
        return False
    rest = fold(match.group("rest"))
    # (the page's link texts, three words at least, are read only when they can match)
    return rest.count(" ") >= 2 and rest in _headlines(link_texts)


_READ_ALSO_LV = re.compile(r"^(lasi|lasiet|lasīt|izlasi|skaties|skatīt)\s+arī$|^iesakām izlasīt$|^(tev )?varētu interesēt$|"
                           r"^saistīt(ais|ie|ā) (raksts|raksti|ziņa)$", re.IGNORECASE)


def _headlines(link_texts: Container[str]) -> Container[str]:
    """Of the page's link texts, those of links to other pages (not files, addresses or
    e-mail) when the caller knows them apart."""
    return getattr(link_texts, "headlines", link_texts)


def _opens_with_link(line: str, link_texts: Container[str]) -> bool:
    """Whether ``line`` begins with the text of a link to another page, three words or more."""
    words, headlines = fold(line).split(), _headlines(link_texts)
    return any(" ".join(words[:n]) in headlines for n in range(min(len(words), 16), 2, -1))


def _before_related(lines: list[str]) -> list[str]:
    """The text before a line announcing other articles ("Auch interessant:"), when
    that line comes after most of the text and only headlines and short summaries follow
    it (a paragraph of prose after it means the box stood inside the article)."""
    total = sum(map(len, lines))
    done = 0
    for i, line in enumerate(lines):
        if i and done >= 0.5 * total and len(line) < 80 and _RELATED_HEADING.match(line.strip()):
            if all(len(after) < _PROSE for after in lines[i + 1:]):
                return lines[:i]
            break
        done += len(line)
    return lines


_PROSE = 250  # characters: a paragraph of the article, longer than a teaser's summary


def _without_trailing_teasers(lines: list[str], link_texts: Container[str], headings: frozenset[str]) -> list[str]:
    """Without the links to other articles closing the text (headlines, not sentences), and
    a heading left with nothing under it ("Related", "Lesen Sie auch:"): a subheading or a
    short line announcing with a colon what does not follow."""
    end = len(lines)
    while end > 1 and fold(lines[end - 1]) in _headlines(link_texts) and len(lines[end - 1].split()) >= 3 \
            and not _SENTENCE_END.search(lines[end - 1]):
        end -= 1
    # a closing list whose every item opens with another article's headline, its summary after it
    items = end
    while items > 1 and lines[items - 1].startswith("- ") and _opens_with_link(lines[items - 1][2:], link_texts):
        items -= 1
    if end - items >= 2 and sum(map(len, lines[:items])) > sum(map(len, lines[items:end])):
        end = items  # (a post that is a list of links keeps it: the list is most of its text)
    heading = lines[end - 1] if end > 1 else ""
    if heading and (heading.endswith(":") and len(heading.split()) <= 8
                    or end < len(lines) and _is_label(heading) and len(heading.split()) <= 3):
        end -= 1
    return lines[:end]


# Quotation marks or a verb of saying: a quote's attribution ("“…,” sacīja domes
# priekšsēdētājs."), not a job title signing the text
_QUOTED = re.compile(r"[“”„\"«»]|\b(?:sacīja|teica|uzsvēra|norādīja|stāstīja|piebilda|atzina|skaidroja|"
                     r"saka|stāsta|norāda|uzsver)\b", re.IGNORECASE)
_CONTACT = re.compile(r"^(?:tālr\.?|tālrunis|tel\.?|telefons|mob\.?|e-pasts|e-mail|epasts)\b|@[\w-]+\.\w+|^\+?\d[\d\s]{6,}$",
                      re.IGNORECASE)


def _kind(line: str, link_texts: Container[str]) -> str | None:
    """What a closing line is: an author or credit label, a person, a job title, the
    author's contacts, or noise. A credit in parentheses is read without them."""
    if line.startswith("- "):
        return None  # a list item is the text's (a list of posts, of people), never its signature
    if _AUTHOR_LABEL.match(_unwrapped(line)):
        return "author"
    if _CREDIT_LABEL.match(line) and len(line) < 200:
        return "credit"
    if _NAME_ONLY.match(line):
        return "name"
    match = _NAME_LINE.match(line)
    if match and _JOB_WORDS.search(match.group("job")) and len(line) < 160:
        return "person"
    match = _JOB_NAME_LINE.match(line)
    if match and _JOB_WORDS.search(match.group("job")) and len(line) < 160:
        return "person"
    if (_JOB_WORDS.search(line) and len(line.split()) <= 8 and not _SENTENCE_END.search(line.rstrip("."))
            and not any(c.isdigit() for c in line) and not line.endswith(":") and not _QUOTED.search(line)):
        return "job"
    if _CONTACT.search(line) and len(line) < 80:
        return "contact"
    if is_date_line(line) or _is_chrome_line(line):
        return "noise"
    if fold(line) in link_texts and len(line.split()) >= 3 and not _SENTENCE_END.search(line):
        return "noise"
    return None


def _take_credits(lines: list[str], link_texts: Container[str]) -> tuple[list[str], list[str], list[str]]:
    """Split the closing credit block off the body: (body lines, authors, credits).

    The block is read from the end: labels ("Informāciju sagatavoja:"), names, job
    titles, the author's phone and e-mail, photo and source credits. Each credit is kept
    as published, its lines joined into one ("Informāciju sagatavoja: Ilze Kalniņa,
    sabiedrisko attiecību speciāliste"); the authors are the people it names.
    """
    start = len(lines)
    kinds: list[str] = []
    while start > 0:
        kind = _kind(lines[start - 1], link_texts)
        if kind is None:
            break
        kinds.insert(0, kind)
        start -= 1
    # contacts and job titles start no credit of their own
    while kinds and kinds[0] in ("contact",):
        kinds.pop(0)
        start += 1
    # under a label of the text's own ("Komisijas sastāvs:", "Darbu vadīs:") names and posts
    # are what it introduces: the credit starts at the first credit label after them
    if 0 < start < len(lines) and lines[start - 1].endswith(":") and _kind(lines[start - 1], link_texts) is None:
        while kinds and kinds[0] not in ("author", "credit"):
            kinds.pop(0)
            start += 1
    block = lines[start:]
    # a block made only of a job-title-like line or names, with no label, may be text
    if not block or not any(k in ("author", "credit", "person") for k in kinds):
        has_name_and_job = "name" in kinds and "job" in kinds
        if not block or not has_name_and_job and not (
                kinds[-1] == "name" and len(block[-1].split()) <= 3 and len(lines) > 1):
            # keep real text; drop only noise lines at the very end
            while lines and _kind(lines[-1], link_texts) == "noise":
                lines = lines[:-1]
            return lines, [], []
    authors: list[str] = []
    credits: list[list[str]] = []
    pending: list[str] = []  # parts of one author: name, job title
    joinable = False  # whether the line continues the credit before it

    def flush():
        if pending:
            authors.append(pending[0])
            pending.clear()

    for line, kind in zip(block, kinds):
        if kind == "noise":
            joinable = False
            continue
        if kind == "author":
            flush()
            names, _ = _author_from(_rest(_AUTHOR_LABEL.match(_unwrapped(line))))
            authors.extend(names)
            credits.append([_credit_part(_unwrapped(line))])
            joinable = True
            continue
        if kind == "credit":
            flush()
            credits.append([line])
            joinable = False
            continue
        if kind == "name":
            if pending or (joinable and credits and len(credits[-1]) > 1):
                flush()
            if joinable and credits and _AUTHOR_LABEL.match(credits[-1][0]) and not _rest(
                    _AUTHOR_LABEL.match(credits[-1][0])).strip() and len(credits[-1]) == 1:
                pending.append(line.rstrip(".,"))  # the name under a bare label
            else:
                pending.append(line.rstrip(".,"))
        elif kind == "person":
            flush()
            authors.append(_person_name(line))
        elif kind == "job" and not pending and not authors and not any(k in ("name", "person") for k in kinds):
            # a job title alone ("Sabiedrisko attiecību nodaļa") names who wrote it
            authors.append(line.rstrip(".,"))
        if joinable and credits:
            credits[-1].append(line)
        else:
            credits.append([line])
            joinable = True
    flush()
    return lines[:start], list(dict.fromkeys(authors)), [_joined(parts) for parts in credits]


def _unwrapped(line: str) -> str:
    return line[1:-1].strip() if line.startswith("(") and line.endswith(")") else line


def _joined(parts: list[str]) -> str:
    """A credit's lines as one: ``"Informāciju sagatavoja:"``, ``"Ilze Kalniņa"`` and a job
    title become ``"Informāciju sagatavoja: Ilze Kalniņa, Sabiedrisko attiecību speciāliste"``."""
    text = parts[0]
    for part in parts[1:]:
        text += (" " if text.endswith(":") or text.endswith(",") else ", ") + part
    return text
