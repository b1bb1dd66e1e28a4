"""Small but valid binary files for the links sample pages carry (PDF attachments, images)."""
from __future__ import annotations

import base64
import unicodedata

# A 1x1 grey GIF and PNG: enough for a browser, a crawler and an image check.
GIF = base64.b64decode("R0lGODlhAQABAIAAAMzMzAAAACwAAAAAAQABAAACAkQBADs=")
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
)
# The smallest baseline JPEG most decoders accept (1x1, grey).
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5"
    "PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q=="
)

TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "css": "text/css",
    "js": "application/javascript",
    "ico": "image/x-icon",
    "svg": "image/svg+xml",
}


def ascii_text(text: str) -> str:
    """Base-14 PDF fonts have no Latvian letters; strip the diacritics."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def pdf(title: str, lines: list[str] | tuple = ()) -> bytes:
    """A one-page PDF whose text layer says ``title`` and ``lines`` (ASCII)."""
    rows = [title, *lines]
    stream_lines = ["BT", "/F1 14 Tf", "72 770 Td", "18 TL"]
    for row in rows:
        safe = ascii_text(row).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream_lines.append(f"({safe}) Tj T*")
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def content(name: str, title: str = "") -> tuple[bytes, str] | None:
    """Bytes and media type for a file name by its extension, or None if we serve no such type."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in TYPES:
        return None
    if ext == "pdf":
        data = pdf(title or name, ["Sample document served by the novadi test sites."])
    elif ext in ("jpg", "jpeg"):
        data = JPEG
    elif ext == "png":
        data = PNG
    elif ext in ("gif", "ico"):
        data = GIF
    elif ext == "svg":
        data = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'
    elif ext == "css":
        data = b"body{font-family:sans-serif}\n"
    elif ext == "js":
        data = b"/* site script */\n"
    else:
        data = b"PK\x03\x04 sample office document\n"
    return data, TYPES[ext]


def kind(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""
