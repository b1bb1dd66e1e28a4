"""Who wrote an article when its text has no credit line: bylines, then meta tags.

Credit lines inside the text ("Informāciju sagatavoja: …") are read by :mod:`.clean`
and come first. An author is a person's (or an office's) name, without the job title.
"""
from __future__ import annotations

import re

from lxml import etree

from .page import fold, is_chrome, norm

# Words of job titles and offices: "sabiedrisko attiecību speciāliste", "projektu vadītāja".
JOB_WORDS = re.compile(
    r"(speciālist[se]|vadītāj[as]|administrator[se]?|koordinator[se]?|koordinatore|eksperte?s?|referent[se]|"
    r"direktor[se]|priekšsēdētāj[as]|vietniek[si]|vietniece|sekretār[se]|projekt[au]|sabiedrisko attiecību|"
    r"komunikācijas|komunikāciju|pārstāv[is]|konsultant[se]|menedžer[is]|redaktor[se]|žurnālist[se]|"
    r"galvenā|galvenais|vecākā|vecākais|nodaļas|dienesta|preses|mediju|pārvaldes|pašvaldības|"
    r"darbiniece|darbinieks|inženier[is]|juriste?s?|speciāliste|manager|officer|coordinator|editor|"
    # titles of the staff who write municipal news; not teachers, coaches or librarians,
    # who are the people a story is about ("Skolēnu sagatavoja skolotāja Līga Ērgle.")
    r"organizator|inspektor|metodiķ|lietved|analītiķ|arhivār|"
    r"journalist|specialist|head of)",
    re.IGNORECASE,
)
# One part of a person's name: "Anna", "Bērziņa", "Kalniņa-Ozola".
NAME = r"[A-ZĀČĒĢĪĶĻŅŠŪŽ][a-zāčēģīķļņšūž]+(?:-[A-ZĀČĒĢĪĶĻŅŠŪŽ][a-zāčēģīķļņšūž]+)?"
# A person as a credit line writes one: "Ilze Kalniņa", "Anna Marija Liepa", or an initial
# and a surname ("I. Kalniņa").
PERSON_NAME = rf"(?:[A-ZĀČĒĢĪĶĻŅŠŪŽ]\.\s?{NAME}|{NAME}(?:\s+{NAME}){{1,2}})"
_PERSON = re.compile(rf"(?:[A-ZĀČĒĢĪĶĻŅŠŪŽ]\.\s*)?{NAME}(?:\s+{NAME}){{0,2}}")
_JOB_THEN_NAME = re.compile(rf"^(?P<job>.+?)\s+(?P<name>{NAME}\s+{NAME})$")
_ROLE = re.compile(r"\s*\([^()]*\)")
# a bar or bullet between a credit and the line's other metadata ("Jānis Ozols | 12.05.2024")
SEGMENT = re.compile(r"\s+[|•·]\s+")
_SEPARATOR = re.compile(r"\s*[,;/]\s*|\s+(?:un|and|и|&)\s+")


def names_in(text: str) -> list[str]:
    """The people a credit names, without job titles or roles: ``"Anna Ūdre (LTV Ziņu
    dienesta redaktore)"`` → ``["Anna Ūdre"]``; ``"Anna Bērziņa un Jānis Ozols"`` → both;
    ``"Ilze Kalniņa, sabiedrisko attiecību speciāliste"`` → ``["Ilze Kalniņa"]``. A credit
    that names an office ("Avotkalnu novada Sociālais dienests") gives the office."""
    text = _ROLE.sub("", norm(text)).strip(" .,;:–-")
    names: list[str] = []
    for i, part in enumerate(_SEPARATOR.split(text)):
        part = part.strip(" .:–-")
        if not part:
            continue
        if _PERSON.fullmatch(part) and len(part.split()) >= 2 and not JOB_WORDS.search(part):
            names.append(part)
            continue
        titled = _JOB_THEN_NAME.match(part)
        if titled and JOB_WORDS.search(titled.group("job")):
            names.append(titled.group("name"))  # "projektu vadītāja Anna Liepiņa"
            continue
        if i == 0 and len(part) <= 100:
            names.append(part)  # an office, or a name the patterns do not know
        break  # a job title: the names are over
    return names

_META_AUTHOR_BAD = re.compile(r"(admin|administrator|redakcija|redaktors|webmaster|user|lietotājs|\bnovads\b|"
                              r"pašvaldība|dome|\.lv\b|@)", re.IGNORECASE)


def meta_author(info, names: list[str]) -> str | None:
    candidates = []
    ld = info.article_ld
    if ld:
        author = ld.get("author")
        for item in author if isinstance(author, list) else [author]:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                candidates.append(item["name"])
            elif isinstance(item, str):
                candidates.append(item)
    for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"):
        if info.meta.get(key):
            candidates.append(info.meta[key])
    folded_names = {fold(n) for n in names if n}
    for candidate in candidates:
        candidate = norm(candidate)
        if (candidate and not candidate.startswith("http") and not _META_AUTHOR_BAD.search(candidate)
                and fold(candidate) not in folded_names and len(candidate) < 100):
            return candidate
    return None


_BYLINE = etree.XPath(
    ".//*[@rel='author' or @itemprop='author' or contains(@class, 'author') or contains(@class, 'byline')]"
)
_BYLINE_LABEL = re.compile(r"^(autors|autore|autori|teksts|by|от|автор|авторы)\s*:?\s*", re.IGNORECASE)


# A short element that opens with an author's label: "Autors: Jānis Ozols | 12.05.2024".
_LABELLED_BYLINE = re.compile(r"^(?:autors|autore|autori|teksts|raksta autors|raksta autore|"
                              r"(?:informāciju )?sagatavoja|(?:informāciju )?sagatavojusi|автор|авторы|текст)\s*:\s*(?=\S)",
                              re.IGNORECASE)
_LABEL_WORD = re.compile(r"(?:autor[se]|autori|teksts|sagatavoj\w*|автор\w*|текст)\s*:", re.IGNORECASE)
_SHORT = 160


def byline(root, names: list[str], labelled: bool = True) -> tuple[str, str] | None:
    """``(authors, credit)`` of a byline outside chrome: an element marked as one
    (``rel=author``, ``class="author"``), else a short element that opens with an author's
    label (Latvian or Russian: looked for when ``labelled``); the people it names (joined by
    ``; ``) and its text as published (up to a bar or bullet that starts other metadata,
    such as the date)."""
    folded_names = {fold(n) for n in names if n}

    def signed(raw, label):
        found = names_in(label.sub("", raw))
        text = "; ".join(found)
        if (found and 2 < len(text) <= 120 and not _META_AUTHOR_BAD.search(text) and fold(text) not in folded_names
                and not any(c.isdigit() for c in text)):
            return text, raw
        return None

    for element in _BYLINE(root):
        if element.tag in ("meta", "link", "body", "html") or is_chrome(element):
            continue
        found = signed(norm(element.text_content()), _BYLINE_LABEL)
        if found:
            return found
    # the label's words anywhere in the container first: one read of its text, not one per element
    if not labelled or not _LABEL_WORD.search(root.text_content()):
        return None
    for element in root.iter("p", "div", "span", "em", "i", "small", "li", "td", "address"):
        raw = norm(element.text_content())
        if len(raw) <= _SHORT and _LABELLED_BYLINE.match(raw) and not is_chrome(element):
            found = signed(SEGMENT.split(raw, 1)[0], _LABELLED_BYLINE)
            # names are capitalised: "Teksts: šis teksts …" is a sentence, not a credit
            if found and all(name[:1].isupper() for name in found[0].split("; ")):
                return found
    return None
