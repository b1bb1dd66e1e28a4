"""The language of an article: lv, ltg, ru, en (others by their stop words), from its text.

Character and stop-word counts are enough to tell the languages a Latvian municipal
site publishes in. Latgalian is told from Latvian by ō, y as a vowel and its function
words ("i" for "and", "nu", "kai", "byut").
"""
from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

_WORD = re.compile(r"[^\W\d_]+")
_STOPWORDS = {
    "lv": set("un ir ar par uz no kas tiek lai bet arī to šo kā vai jau tika būs tā pie līdz pēc savu "
              "mēs tas šajā gada novada pašvaldības kuri kura var ka ļoti tiem viņi".split()),
    "ltg": set("i nu kai jis jei sovu byut ir myusu ite voi pi da kur vys ari tik jau kas tys tei "
               "latgaļu latgolys latgolā vaļūdys vaļūda īsoki školā dīnu".split()),
    "en": set("the and of to in is for on with that this are was be by at from as it an".split()),
    "de": set("der die und das ist nicht mit von den zu im für auf dem des sich ein eine".split()),
    "lt": set("ir kad bet su iš į yra buvo kaip tai jo jos už apie".split()),
    "et": set("ja on et ei see oli ka kui aga mis ning oma".split()),
    "fr": set("le la les et des est une pour dans que qui du sur".split()),
    "es": set("el la los las y de que en es por para una con del".split()),
    "pl": set("i w na nie się że jest do to z jak ale".split()),
}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")
_NOT_LETTER = re.compile(r"[\W\d_]+")
_LATVIAN_LETTER = re.compile(r"[āēīūģķļņĀĒĪŪĢĶĻŅ]+")
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_LTG_LETTERS = re.compile(r"ō|[bcdfghjklmnprstvzčšžņļķģ]y[bcdfghjklmnprstvzčšžņļķģ]", re.IGNORECASE)
_URL_LANG = re.compile(r"^/(lv|ru|en|ltg|de|lt|et)(/|$)")


def detect_language(text: str, url: str = "", html_lang: str | None = None, default: str | None = None) -> str | None:
    """``lv``, ``ltg``, ``ru``, ``en`` … or the hints when the text says too little."""
    sample = text[:1500]
    letters = len(_NOT_LETTER.sub("", sample))
    hint = _hint(url, html_lang) or default
    if letters < 40:
        return hint
    cyrillic = len(sample) - len(_CYRILLIC.sub("", sample))
    if cyrillic > letters * 0.4:
        return "uk" if len(_UKRAINIAN.findall(sample)) > cyrillic * 0.02 else "ru"
    # č š ž are shared with Lithuanian and the South Slavic languages; these are Latvian's own
    latvian_letters = len(sample) - len(_LATVIAN_LETTER.sub("", sample))
    if not latvian_letters and not cyrillic and hint and hint not in ("lv", "ltg", "ru"):
        return hint  # the page's own declaration, and nothing in the text against it
    words = _WORD.findall(sample.lower())
    frequencies = Counter(words)
    counts = {lang: sum(frequencies[w] for w in stop if w in frequencies) for lang, stop in _STOPWORDS.items()}
    ltg_marks = len(_LTG_LETTERS.findall(sample)) if latvian_letters else 0
    if latvian_letters > letters * 0.01 and counts["lv"] + counts["ltg"] > max(counts["lt"], counts["en"], counts["de"], 2):
        ands_lv = frequencies["un"]
        ands_ltg = frequencies["i"]
        if ltg_marks >= 3 and (ands_ltg > ands_lv or counts["ltg"] > counts["lv"] or ltg_marks > len(words) * 0.03):
            return "ltg"
        return "lv"
    # without Latvian letters the text is not Latvian, whatever its short words say
    others = {lang: n for lang, n in counts.items() if lang not in ("lv", "ltg")}
    best = max(others, key=others.get)
    if others[best] < 3:
        return hint if hint not in ("lv", "ltg") or latvian_letters else None
    return best


def _hint(url: str, html_lang: str | None) -> str | None:
    match = _URL_LANG.match(urlsplit(url).path) if url else None
    if match:
        return match.group(1)
    if html_lang:
        return html_lang.split("-")[0].split("_")[0][:3] or None
    return None
