"""Text of attached documents: PDF, DOCX and ODT (ODS, XLSX and old binary formats
are archived but not read). Plain functions; nothing here raises on bad input."""
from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile

from lxml import etree

logger = logging.getLogger(__name__)
MAX_PAGES = 200
MAX_CHARS = 2_000_000


def sniff_kind(body: bytes, url: str = "", content_type: str | None = None) -> str | None:
    """The document's format from its first bytes (servers often send the wrong type)."""
    if body[:5] == b"%PDF-":
        return "pdf"
    if body[:4] == b"PK\x03\x04":
        try:
            names = set(zipfile.ZipFile(io.BytesIO(body)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "content.xml" in names:
            return "ods" if url.lower().endswith(".ods") else "odt"
        return "zip"
    if body[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "doc"
    return None


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n", text)
    return text.strip()[:MAX_CHARS]


def pdf_text(body: bytes) -> str | None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(body))
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PAGES]]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        logger.info("unreadable PDF: %s", exc)
        return None
    return _clean("\n".join(pages))


def _zip_xml_text(body: bytes, member: str, paragraph_tags: tuple[str, ...]) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            info = archive.getinfo(member)
            if info.file_size > 50 * 1024 * 1024:  # a zip bomb is not a document
                return None
            root = etree.fromstring(archive.read(member), parser=etree.XMLParser(resolve_entities=False))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError):
        return None
    lines = []
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname in paragraph_tags:
            lines.append("".join(element.itertext()))
    return _clean("\n".join(lines))


def document_text(body: bytes, url: str = "", content_type: str | None = None) -> tuple[str | None, str | None]:
    """``(kind, text)`` of a downloaded attachment; text is None when it cannot be read."""
    kind = sniff_kind(body, url, content_type)
    if kind == "pdf":
        return kind, pdf_text(body)
    if kind == "docx":
        return kind, _zip_xml_text(body, "word/document.xml", ("p",))
    if kind == "odt":
        return kind, _zip_xml_text(body, "content.xml", ("p", "h"))
    return kind, None
