"""What extraction returns: one article, as plain data."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Attachment:
    url: str
    text: str = ""
    kind: str = ""  # pdf, doc, docx, xls, xlsx, odt, ods, rtf


@dataclass
class Image:
    url: str
    caption: str = ""


@dataclass
class EUProject:
    """Facts about one EU-funded project, as a news text states them. Amounts are whole
    euro cents (integers, never floats): 1 204 300,00 EUR is ``120430000``."""

    programme: str | None = None
    project: str | None = None
    acronym: str | None = None
    budget_cents: int | None = None
    erdf_cents: int | None = None
    period_start: str | None = None  # ISO date
    period_end: str | None = None
    number: str | None = None  # the project's registration number, e.g. LLI-123, LL-00045


@dataclass
class Article:
    """The extracted content of one page.

    ``is_article`` is False for pages that are not a single news article; ``reason``
    then says why: ``listing``, ``tag``, ``calendar``, ``page`` (an undated static page),
    ``empty``, ``no-title``, ``not-html``, ``error``. Dates are ISO 8601 in Europe/Riga:
    ``2022-02-08`` when only the day is known, ``2022-02-08T10:15:00+02:00`` with a time.
    ``author`` is the person (or office) who wrote it, without the job title; ``credit``
    the photo and source credits (``Foto: …; Avots: …``). ``body_html`` is the same text
    with its structure, as sanitized minimal HTML (see :mod:`.structure`). All text is NFC.
    """

    url: str
    is_article: bool = True
    reason: str = ""
    title: str | None = None
    published: str | None = None
    updated: str | None = None
    author: str | None = None
    credit: str | None = None
    body: str = ""
    lang: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    eu_projects: list[EUProject] = field(default_factory=list)
    body_html: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)
