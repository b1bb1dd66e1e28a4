"""Facts about EU-funded projects from the text of project news.

Planning regions and municipalities report on projects in set phrases: the programme
("Interreg V-A Latvijas–Lietuvas pārrobežu sadarbības programmas 2014.–2020. gadam
ietvaros"), the project in quotes with its acronym and number ("“Sociālo pakalpojumu
kvalitāte” (SocQuality, Nr. LLI-123)"), the budget ("kopējais budžets ir 1 234 567,89 EUR,
ERAF līdzfinansējums – 85%") and the period ("01.04.2019.–31.03.2021.", "no 2019. gada
1. aprīļa līdz 2021. gada 31. martam").
"""
from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .dates import find_all
from .model import EUProject

_FAR = date(2100, 1, 1)

_PROGRAMME = re.compile(
    r"(?P<name>(?:Interreg\s+[\w\-–]+(?:\s+[A-ZĀČĒĢĪĶĻŅŠŪŽ][\w\-–]*)*"
    r"|(?:[A-ZĀČĒĢĪĶĻŅŠŪŽ][\w\-–]+\s+){1,3}(?:pārrobežu\s+)?(?:sadarbības\s+)?|Erasmus\+\s+|LEADER\s+"
    r"|Eiropas\s+(?:Savienības\s+)?(?:teritoriālās\s+sadarbības\s+)?|darbības\s+|Darbības\s+)"
    r"[^.;:()“”\"]{0,120}?programm(?:as|ai|a|ā|u)"
    r"(?:\s+(?:“[^”]{2,80}”|\"[^\"]{2,80}\"))?"
    r"(?:\s+\d{4}\.?\s*[–-]\s*\d{4}\.?\s*gad(?:am|a|ā))?)",
)
_PROJECT_QUOTED = re.compile(
    r"(?:projekt(?:s|a|ā|u|am|ā)?|project)\s+(?:(?:Nr\.\s*)?(?P<pre>[A-Z]{2,8}(?:-[A-Z]{1,8})*-\d[\w./-]*)\s+)?"
    r"(?:“|„|\"|«)(?P<name>[^”“\"»]{3,200})(?:”|“|\"|»)"
    r"(?:\s*\((?P<paren>[^()]{2,80})\))?",
    re.IGNORECASE,
)
# A registration number: programme letters, a hyphen and a serial ("LLI-538",
# "LL-00045", "EST-LAT-123"), a known programme's code written loosely ("LLI 123"), or a
# Latvian operational-programme number ("1.1.1.2/16/I/001"). An acronym is a name
# ("CareNet", "SEMPRE"): letters, with no serial.
_PROJECT_NUMBER = re.compile(
    r"\b(?:Nr\.\s*)?(?P<num>[A-Z]{2,8}(?:-[A-Z]{1,8})*-\d{2,6}(?:[./-]\d{1,6}){0,4}"
    r"|(?:LLI|LV-?LT|LLV|EST-?LAT|ESTLAT|CB|BSR|ENI|LV-RU|LAT-?RU|SAM|PMP|LAD)[-\s]?\d{1,6}(?:[./-]\d{1,6}){0,4}"
    r"|\d{1,2}\.\d{1,2}\.\d{1,2}\.\d{1,2}(?:/[\w]{1,6}){2,5})\b"
)
_ACRONYM = re.compile(r"^(?:[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9\-]*|[A-Z]{3,}[a-z]*)$")
# 1 204 300 / 1.204.300 / 1,204,300 (one separator throughout), with cents after the
# other mark; or plain digits with cents or a decimal fraction ("1,2 milj.")
_NUMBER = (r"\d{1,3}(?P<sep>[\s\u00a0\u202f.,’'])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d{1,2}(?!\d))?"
           r"|\d+(?:[.,]\d{1,3})?")
_SCALE = r"(?:tūkst(?:oši|ošiem|otis)?\.?|milj(?:oni|onu|ons|oniem)?\.?|mljn\.?|miljard\w*\.?|mljrd\.?)"
_CURRENCY = r"(?:EUR|eiro|euro|€)"
_AMOUNT = re.compile(rf"(?<![\d,.])(?P<num>{_NUMBER})\s*(?P<scale>{_SCALE})?\s*{_CURRENCY}(?!\w)", re.IGNORECASE)
_AMOUNT_BEFORE = re.compile(rf"(?:EUR|€)\s*(?P<num>{_NUMBER})(?:\s*(?P<scale>{_SCALE})(?!\w))?", re.IGNORECASE)
_BUDGET = re.compile(
    r"(kopējais\s+budžets|kopējās\s+(?:projekta\s+)?izmaksas|projekta\s+budžets|kopējais\s+finansējums|"
    r"kopējā\s+summa|budžets\s+ir|total\s+budget|kopbudžets|projekta\s+izmaksas|kopējās\s+attiecināmās\s+izmaksas|"
    r"kopējā\s+projekta\s+vērtība|kopējās\s+izmaksas)",
    re.IGNORECASE,
)
_ERDF = re.compile(r"(ERAF|Eiropas\s+Reģionālās\s+attīstības\s+fond\w*|ERDF|European\s+Regional\s+Development\s+Fund)",
                   re.IGNORECASE)
_PERCENT = re.compile(r"(?P<pct>\d{1,3}(?:[.,]\d{1,2})?)\s*(?:%|procent)")
_PERIOD_WORDS = re.compile(
    r"(īstenošanas\s+(?:periods|laiks|termiņš)|īsteno(?:ts|s|šana)|ilgums|periods|norisinā|no\s+\d|"
    r"laikā\s+no|līdz|implementation|duration|runs|from\s+\d)", re.IGNORECASE)
_EU_CONTEXT = re.compile(r"(Eiropas\s+Savienīb|ERAF|ESF|Interreg|programm|Eiropas\s+Reģionālās|European\s+Union|ERDF|"
                         r"Kohēzijas\s+fond|KF\s+|ELFLA|EJZF|Erasmus|EEZ|Norvēģijas)", re.IGNORECASE)


def parse_amount(text: str, *, scaled: bool = False) -> Decimal | None:
    """A number as Latvian (and English) texts write amounts, exactly.

    ``1 234 567,89``, ``1.234.567,89``, ``1,234,567.89`` and ``EUR 1,204,300`` are all
    thousands-grouped; one mark followed by one or two digits is the decimal mark
    (``85,5``, ``99.95``). A lone mark followed by three digits groups thousands
    (``12.500``) unless the number is ``scaled`` by a word ("1,204 milj."), where it can
    only be a fraction.
    """
    text = text.strip().replace("\u00a0", " ").replace("\u202f", " ").replace("’", " ").replace("'", " ")
    text = text.replace(" ", "")
    if not text:
        return None
    marks = [c for c in text if c in ",."]
    if len(set(marks)) == 2:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif marks:
        mark = marks[0]
        parts = text.split(mark)
        grouped = len(parts) > 2 or (len(parts[-1]) == 3 and not scaled)
        text = "".join(parts) if grouped else ".".join(parts)
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


_SCALES = {"tūkst": 1_000, "milj": 1_000_000, "mljn": 1_000_000, "miljard": 1_000_000_000, "mljrd": 1_000_000_000}


def _cents(value: Decimal | None) -> int | None:
    if value is None:
        return None
    return int((value * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def parse_euros(text: str) -> int | None:
    """The first amount in euros in ``text``, in cents: ``"EUR 1,204,300"`` → 120430000,
    ``"1,2 milj. EUR"`` → 120000000, ``"842 560,00 EUR"`` → 84256000; None without one."""
    match = _AMOUNT.search(text) or _AMOUNT_BEFORE.search(text)
    if not match:
        return None
    scale = (match.group("scale") or "").lower()
    factor = next((f for prefix, f in _SCALES.items() if scale.startswith(prefix)), 1)
    value = parse_amount(match.group("num"), scaled=factor > 1)
    return _cents(value * factor) if value is not None else None


def _amount_after(text: str, start: int, window: int = 160) -> int | None:
    segment = text[start:start + window]
    stop = re.search(r"(?<!\d)[.;](?:\s|$)(?![\d])", segment)
    if stop:
        segment = segment[: stop.start() + 1]
    return parse_euros(segment)


_PROGRAMME_EN = re.compile(
    r"(?P<name>Interreg\s+[\w\-–]+(?:\s+[A-Z][\w\-–]*)*\s+Programme(?:\s+\d{4}\s*[–-]\s*\d{4})?)")


def _programme(text: str) -> str | None:
    english = _PROGRAMME_EN.search(text)
    best = " ".join(english.group("name").split()) if english else None
    for match in _PROGRAMME.finditer(text):
        name = " ".join(match.group("name").split())
        if not re.search(r"(Interreg|sadarbības|Erasmus|LEADER|fond|Eiropas|Darbības|darbības|Baltijas|Igaunijas|"
                         r"Latvijas|Lietuvas|Krievijas|Baltkrievijas|Centrālā|Ziemeļu|Horizon|Apvārsnis)", name):
            continue
        if "Interreg" in name:
            name = name[name.index("Interreg"):]
        name = re.sub(r"^(ar|un|no|kā|par|caur|ir|tiek|sniedz)\s+", "", name)
        name = re.sub(r"programm(?:as|ā|u|ai)\b", "programma", name)
        if best is None or name.startswith("Interreg") and not best.startswith("Interreg"):
            best = name
    return best


def _period(text: str) -> tuple[str | None, str | None]:
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZĀČĒĢĪĶĻŅŠŪŽ])", text):
        if not _PERIOD_WORDS.search(sentence) or not re.search(r"proje[kc]t", sentence, re.IGNORECASE):
            continue
        matches = find_all(sentence, _FAR)
        for first, second in zip(matches, matches[1:]):
            between = sentence[first.end:second.start]
            if len(between) <= 12 and re.search(r"[–—-]|līdz|to|until", between) or re.match(
                    r"^\s*(?:\.|gada)?\s*(?:līdz|–|-|—)\s*$", between):
                if first.day < second.day:
                    return first.day.isoformat(), second.day.isoformat()
    return None, None


def _best_quoted(text: str):
    """The project named in full: with an acronym or number in brackets, else the longest name."""
    matches = list(_PROJECT_QUOTED.finditer(text))
    if not matches:
        return None
    with_paren = [m for m in matches if m.group("paren")]
    if with_paren:
        return with_paren[0]
    return max(matches, key=lambda m: len(m.group("name")))


def _is_number(token: str) -> bool:
    """Whether a code is a registration number rather than an acronym."""
    return bool(_PROJECT_NUMBER.fullmatch(token)) or sum(c.isdigit() for c in token) >= 3


_FROM = re.compile(r"^\s+(?:from|no)\s+(?:the\s+)?$", re.IGNORECASE)


def _erdf_before(text: str, start: int) -> int | None:
    """"EUR 963,440 from the European Regional Development Fund": the amount named
    right before the fund."""
    before = text[max(0, start - 80):start]
    for pattern in (_AMOUNT, _AMOUNT_BEFORE):
        for match in pattern.finditer(before):
            if _FROM.match(before[match.end():]):
                return parse_euros(match.group(0))
    return None


# Words one of the patterns above needs: most news holds none of them, and a substring
# test is much cheaper than the patterns' case-insensitive alternations.
_EU_WORDS = ("eiropas", "eraf", "esf", "interreg", "programm", "kohēzijas", "kf ", "elfla", "ejzf", "erasmus",
             "eez", "norvēģijas", "european", "erdf")
_BUDGET_WORDS = ("budž", "izmaks", "finansēj", "summa", "budget", "vērtīb")


def extract_projects(text: str) -> list[EUProject]:
    """Project facts found in ``text``; empty when the text is not about an EU-funded project."""
    lower = text.lower() if text else ""
    if not any(word in lower for word in _EU_WORDS) or not _EU_CONTEXT.search(text):
        return []
    project = EUProject()
    project.programme = _programme(text)
    quoted = _best_quoted(text)
    if quoted:
        name = " ".join(quoted.group("name").split()).strip(" ,.")
        project.project = name
        if quoted.group("pre"):
            project.number = quoted.group("pre")
        paren = quoted.group("paren") or ""
        for part in re.split(r"[,;]\s*", paren):
            part = part.strip()
            if _PROJECT_NUMBER.fullmatch(part.replace("Nr. ", "").replace("Nr.", "").strip()) or part.lower().startswith("nr"):
                number = _PROJECT_NUMBER.search(part)
                if number:
                    project.number = number.group("num")
            elif _ACRONYM.match(part) and len(part) <= 20 and not _is_number(part):
                project.acronym = part
        if project.acronym is None and _ACRONYM.match(name) and len(name) <= 20 and " " not in name and not _is_number(name):
            project.acronym = name
    if project.number is None:
        number = _PROJECT_NUMBER.search(text)
        if number and re.search(r"(Nr\.|numur|proje[kc]t|LLI|EST|LV)", text[max(0, number.start() - 40):number.end()],
                                re.IGNORECASE):
            project.number = number.group("num")
    if project.acronym is None:
        acronym = re.search(r"proje[kc]t\w*\s+(?:“|„|\")?(?P<acr>[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9\-]*)(?:”|“|\")?(?=[\s,.)])", text)
        if acronym and len(acronym.group("acr")) >= 3 and not _is_number(acronym.group("acr")):
            project.acronym = acronym.group("acr")
    for match in (_BUDGET.finditer(text) if any(word in lower for word in _BUDGET_WORDS) else ()):
        value = _amount_after(text, match.end())
        if value:
            project.budget_cents = value
            break
    for match in _ERDF.finditer(text):
        window = text[match.end():match.end() + 140]
        cut = re.search(r"(?<!\d)[.;](?:\s|$)", window)
        window = window[: cut.start()] if cut else window
        amount = _amount_after(window, 0) or _erdf_before(text, match.start())
        percent = _PERCENT.search(window)
        currency = re.search(_CURRENCY, window, re.IGNORECASE)
        if amount and (not percent or currency is None or percent.start() > currency.start()):
            project.erdf_cents = amount
            break
        if percent and project.budget_cents:
            share = parse_amount(percent.group("pct"))
            if share and 0 < share <= 100:
                project.erdf_cents = _cents(Decimal(project.budget_cents) * share / 10000)
                break
    project.period_start, project.period_end = _period(text)
    facts = (project.programme, project.project, project.acronym, project.budget_cents, project.erdf_cents,
             project.period_start, project.number)
    if sum(1 for fact in facts if fact) < 1 or not (project.programme or project.budget_cents or project.erdf_cents
                                                    or project.number or project.project and _EU_CONTEXT.search(text)):
        return []
    return [project]
