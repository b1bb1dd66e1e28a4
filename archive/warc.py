"""Raw captures in WARC (ISO 28500): gzip-per-record files, rotated by size.

Each response is written with its request; the response record's file, offset and
length go into the database, so one capture can be read back without scanning.
"""
from __future__ import annotations

import io
import logging
import os
import socket
import threading
import uuid
from datetime import datetime, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler import __version__ as NOVADI_VERSION

logger = logging.getLogger(__name__)

# Hop-by-hop framing that the body as stored no longer has.
DROP_HEADERS = {"transfer-encoding"}


class WarcFileWriter:
    """Appends request/response pairs to ``<dir>/<prefix>-<time>-<n>.warc.gz``."""

    def __init__(self, directory: str | Path, *, prefix: str = "novadi", max_size: int = 1 << 30,
                 operator: str = "", software: str = f"novadi/{NOVADI_VERSION}"):
        # Made with the first file: a crawl that fetched nothing leaves no empty folder.
        self.directory = Path(directory)
        # Per-process names: many crawler processes can share one directory.
        self.prefix = f"{prefix}-{socket.gethostname()}-{os.getpid()}"
        self.max_size = max_size
        self.operator = operator
        self.software = software
        self._lock = threading.Lock()
        self._file = None
        self._writer = None
        self._path: Path | None = None
        self._serial = 0

    def _open(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        self._serial += 1
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
        self._path = self.directory / f"{self.prefix}-{stamp}-{self._serial:05d}.warc.gz"
        self._file = open(self._path, "ab")
        self._writer = WARCWriter(self._file, gzip=True)
        info = {"software": self.software, "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"}
        if self.operator:
            info["operator"] = self.operator
        try:
            self._writer.write_record(self._writer.create_warcinfo_record(self._path.name, info))
        except OSError:
            self.close()
            raise

    def write(self, *, url: str, status: int, reason: str, response_headers: list[tuple[str, str]],
              body: bytes, request_method: str = "GET", request_headers: list[tuple[str, str]] = (),
              protocol: str = "HTTP/1.1", extra: dict | None = None, date: datetime | None = None,
              revisit_of: dict | None = None) -> dict:
        """Write one request/response pair; return ``{"file", "offset", "length"}`` of the response.

        With ``revisit_of`` (``{"url", "date", "digest"}`` of an earlier capture of the
        same payload) the response is a revisit record (identical-payload-digest): its
        headers without the body, which is not stored twice.
        """
        with self._lock:
            if self._file is None or self._file.tell() >= self.max_size:
                self.close()
                self._open()
            headers = [(k, v) for k, v in response_headers if k.lower() not in DROP_HEADERS]
            http_headers = StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol=protocol)
            warc_headers = {"WARC-Date": _warc_date(date)}
            warc_headers.update(extra or {})
            if revisit_of:
                response = self._writer.create_revisit_record(
                    url, revisit_of["digest"], revisit_of["url"], revisit_of["date"],
                    http_headers=http_headers, warc_headers_dict=warc_headers)
            else:
                response = self._writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), length=len(body),
                    http_headers=http_headers, warc_headers_dict=warc_headers)
            path = urlsplit_path(url)
            req_http = StatusAndHeaders(f"{request_method} {path} HTTP/1.1", list(request_headers),
                                        is_http_request=True)
            request = self._writer.create_warc_record(
                url, "request", http_headers=req_http,
                warc_headers_dict={"WARC-Date": warc_headers["WARC-Date"],
                                   "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")})
            offset = self._file.tell()
            try:
                self._writer.write_record(response)
                length = self._file.tell() - offset
                self._writer.write_record(request)
                self._file.flush()
            except OSError:
                # Leave no half record behind (a full disk): the file stays readable.
                try:
                    self._file.truncate(offset)
                except OSError:
                    pass
                self.close()
                raise
            return {"file": self._path.name, "offset": offset, "length": length, "date": warc_headers["WARC-Date"]}

    def close(self):
        handle, self._file, self._writer = self._file, None, None
        if handle is not None:
            try:
                handle.close()
            except OSError:  # a full disk fails the final flush too
                pass


def urlsplit_path(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest warcio writes for ``body``: ``sha1:`` and base32."""
    import base64
    import hashlib

    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def warc_date(date: datetime | None = None) -> str:
    return _warc_date(date)


def _warc_date(date: datetime | None) -> str:
    date = date or datetime.now(timezone.utc)
    return date.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def read_record(directory: str | Path, file: str, offset: int, length: int | None = None):
    """Read the capture at ``offset`` in ``file``: ``(url, status, headers, body, warc_headers)``.

    The body comes back with its content-encoding (gzip, deflate) removed.
    """
    path = Path(directory) / file
    with open(path, "rb") as fh:
        fh.seek(offset)
        data = fh.read(length) if length else None
        stream = io.BytesIO(data) if data is not None else fh
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            headers = record.http_headers.headers if record.http_headers else []
            status = int(record.http_headers.get_statuscode()) if record.http_headers else 0
            body = record.content_stream().read()
            return (record.rec_headers.get_header("WARC-Target-URI"), status, headers, body,
                    dict(record.rec_headers.headers))
    raise ValueError(f"no response record at {file}:{offset}")


def iter_responses(directory: str | Path):
    """Every response record in every WARC file of ``directory``, oldest file first:
    ``(file, offset, length, url, status, headers, body, warc_headers)``."""
    for path in sorted(Path(directory).glob("*.warc.gz"), key=lambda p: (p.stat().st_mtime, p.name)):
        try:
            yield from _file_responses(path)
        except (OSError, EOFError, ValueError) as exc:  # a file cut short by a crash
            logger.warning("%s: stopped reading at a damaged record: %s", path.name, exc)


def _file_responses(path: Path):
    with open(path, "rb") as fh:
        iterator = ArchiveIterator(fh)
        for record in iterator:
            if record.rec_type != "response":
                continue
            # Read the content before asking for the offset: warcio's offset
            # bookkeeping reads ahead and would leave the content stream empty.
            body = record.content_stream().read()
            offset = iterator.get_record_offset()
            length = iterator.get_record_length()
            headers = record.http_headers.headers if record.http_headers else []
            status = int(record.http_headers.get_statuscode()) if record.http_headers else 0
            yield (path.name, offset, length, record.rec_headers.get_header("WARC-Target-URI"),
                   status, headers, body, dict(record.rec_headers.headers))
