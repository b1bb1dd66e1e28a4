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
from decimal import ROUND_HALF_UP, Decimal

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
    r"projekt(?:s|a|ā|u|am|ā)?\s+(?:“|„|\"|«)(?P<name>[^”“\"»]{3,200})(?:”|“|\"|»)"
    r"(?:\s*\((?P<paren>[^()]{2,80})\))?",
    re.IGNORECASE,
)
_PROJECT_NUMBER = re.compile(
    r"\b(?:Nr\.\s*)?(?P<num>(?:LLI|LV-?LT|LLV|EST-?LAT|ESTLAT|CB|BSR|C|ENI|LV-RU|LAT-?RU|SAM|PMP|LAD)"
    r"[-\s]?\d{1,4}(?:[./-]\d{1,4}){0,4}|\d\.\d\.\d\.\d/\d{2}/[A-Z]/\d{3})\b"
)
_ACRONYM = re.compile(r"^(?:[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9\-]*|[A-Z]{3,}[a-z]*)$")
_NUMBER = r"\d{1,3}(?:[\s\u00a0.’']\d{3})+(?:,\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_AMOUNT = re.compile(rf"(?P<num>{_NUMBER})\s*(?P<unit>EUR|eiro|euro|€|tūkst\.\s*EUR|milj\.\s*EUR)", re.IGNORECASE)
_AMOUNT_BEFORE = re.compile(rf"(?:EUR|€)\s*(?P<num>{_NUMBER})")
_BUDGET = re.compile(
    r"(kopējais\s+budžets|kopējās\s+(?:projekta\s+)?izmaksas|projekta\s+budžets|kopējais\s+finansējums|"
    r"kopējā\s+summa|budžets\s+ir|total\s+budget|kopbudžets|projekta\s+izmaksas|kopējās\s+attiecināmās\s+izmaksas|"
    r"kopējā\s+projekta\s+vērtība|kopējās\s+izmaksas)",
    re.IGNORECASE,
)
_ERDF = re.compile(r"(ERAF|Eiropas\s+Reģionālās\s+attīstības\s+fond\w*|ERDF)", re.IGNORECASE)
_PERCENT = re.compile(r"(?P<pct>\d{1,3}(?:[.,]\d{1,2})?)\s*(?:%|procent)")
_PERIOD_WORDS = re.compile(
    r"(īstenošanas\s+(?:periods|laiks|termiņš)|īsteno(?:ts|s|šana)|ilgums|periods|norisinā|no\s+\d|"
    r"laikā\s+no|līdz|implementation|duration)", re.IGNORECASE)
_EU_CONTEXT = re.compile(r"(Eiropas\s+Savienīb|ERAF|ESF|Interreg|programm|Eiropas\s+Reģionālās|"
                         r"Kohēzijas\s+fond|KF\s+|ELFLA|EJZF|Erasmus|EEZ|Norvēģijas)", re.IGNORECASE)


def parse_amount(text: str) -> float | None:
    """A Latvian-written number: ``1 234 567,89`` → 1234567.89, ``1.234.567,89``, ``85,5``."""
    text = text.strip().replace("\u00a0", " ").replace("’", " ").replace("'", " ")
    if not text:
        return None
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(" ", "").replace(decimal, ".")
    elif "," in text:
        parts = text.replace(" ", "").split(",")
        text = "".join(parts[:-1]) + "." + parts[-1] if len(parts[-1]) != 3 or len(parts) == 2 and len(parts[-1]) <= 2 else "".join(parts)
    elif "." in text:
        parts = text.replace(" ", "").split(".")
        if len(parts) > 2 or len(parts[-1]) == 3:
            text = "".join(parts)
        else:
            text = ".".join(parts)
    text = text.replace(" ", "")
    try:
        return float(text)
    except ValueError:
        return None


def _amount_after(text: str, start: int, window: int = 160) -> float | None:
    segment = text[start:start + window]
    stop = re.search(r"(?<!\d)[.;](?:\s|$)(?![\d])", segment)
    if stop:
        segment = segment[: stop.start() + 1]
    match = _AMOUNT.search(segment) or _AMOUNT_BEFORE.search(segment)
    if not match:
        return None
    value = parse_amount(match.group("num"))
    unit = (match.groupdict().get("unit") or "").lower()
    if value is not None and unit.startswith("tūkst"):
        value *= 1_000
    elif value is not None and unit.startswith("milj"):
        value *= 1_000_000
    return value


def _programme(text: str) -> str | None:
    best = None
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
        if not _PERIOD_WORDS.search(sentence) or not re.search(r"projekt", sentence, re.IGNORECASE):
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


def extract_projects(text: str) -> list[EUProject]:
    """Project facts found in ``text``; empty when the text is not about an EU-funded project."""
    if not text or not _EU_CONTEXT.search(text):
        return []
    project = EUProject()
    project.programme = _programme(text)
    quoted = _best_quoted(text)
    if quoted:
        name = " ".join(quoted.group("name").split()).strip(" ,.")
        project.project = name
        paren = quoted.group("paren") or ""
        for part in re.split(r"[,;]\s*", paren):
            part = part.strip()
            if _PROJECT_NUMBER.fullmatch(part.replace("Nr. ", "").replace("Nr.", "").strip()) or part.lower().startswith("nr"):
                number = _PROJECT_NUMBER.search(part)
                if number:
                    project.number = number.group("num")
            elif _ACRONYM.match(part) and len(part) <= 20:
                project.acronym = part
        if project.acronym is None and _ACRONYM.match(name) and len(name) <= 20 and " " not in name:
            project.acronym = name
    if project.number is None:
        number = _PROJECT_NUMBER.search(text)
        if number and re.search(r"(Nr\.|projekt|LLI|EST|LV)", text[max(0, number.start() - 40):number.end()]):
            project.number = number.group("num")
    if project.acronym is None:
        acronym = re.search(r"projekt\w*\s+(?:“|„|\")?(?P<acr>[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9\-]*)(?:”|“|\")?(?=[\s,.)])", text)
        if acronym and len(acronym.group("acr")) >= 3 and not acronym.group("acr").isdigit():
            project.acronym = acronym.group("acr")
    for match in _BUDGET.finditer(text):
        value = _amount_after(text, match.end())
        if value:
            project.budget_eur = value
            break
    for match in _ERDF.finditer(text):
        window = text[match.end():match.end() + 140]
        cut = re.search(r"(?<!\d)[.;](?:\s|$)", window)
        window = window[: cut.start()] if cut else window
        amount = _amount_after(window, 0)
        percent = _PERCENT.search(window)
        if amount and (not percent or window.find(str(percent.group(0))) > window.find("EUR")):
            project.erdf_eur = amount
            break
        if percent and project.budget_eur:
            share = parse_amount(percent.group("pct"))
            if share and 0 < share <= 100:
                exact = Decimal(str(project.budget_eur)) * Decimal(str(share)) / 100
                project.erdf_eur = float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
                break
    project.period_start, project.period_end = _period(text)
    facts = (project.programme, project.project, project.acronym, project.budget_eur, project.erdf_eur,
             project.period_start, project.number)
    if sum(1 for fact in facts if fact) < 1 or not (project.programme or project.budget_eur or project.erdf_eur
                                                    or project.number or project.project and _EU_CONTEXT.search(text)):
        return []
    return [project]
