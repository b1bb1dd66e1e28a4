"""What keeps the public site safe: who may see what, response headers, robots.txt.

The public sees the ``*_vN`` views and the canned queries, nothing else: internal
tables are denied (not only hidden), arbitrary SQL is off unless the operator turns
it on, and the takedown records and crawl state (:data:`NEVER_READ`) cannot be read
by any query on any connection the site opens, whatever the settings.
"""
from __future__ import annotations

import base64
import hashlib
import re
import sqlite3
from functools import lru_cache
from pathlib import Path

from archive import views

# A public view's name ends in its version (archive.views); everything else is internal.
PUBLIC_VIEW = getattr(views, "PUBLIC_VIEW", re.compile(r"^[a-z_]+_v[0-9]+$"))
# Takedown records (with the text they hid) and crawl state: no query may read them.
NEVER_READ = frozenset({"redactions", "redacted_values", "pages"})

ROBOTS_TXT = """\
# Novadi: the article pages are for everyone; searches, facets, exports and
# archived copies are expensive or duplicate, so crawlers please stay out.
User-agent: *
Allow: /$
Allow: /raksts/
Disallow: /*?
Disallow: /*.json
Disallow: /*.csv
Disallow: /*.atom
Disallow: /novadi/search
Disallow: /novadi/articles_v1
Disallow: /novadi/revisions_v1
Disallow: /novadi/attachments_v1
Disallow: /arhivs/
Disallow: /-/
"""


def is_public_table(table: str) -> bool:
    return bool(PUBLIC_VIEW.match(table or ""))


def authorizer(action: int, arg1, arg2, dbname, source) -> int:
    """SQLite authorizer: ``redactions`` and ``pages`` are never read, nothing is attached."""
    if action == sqlite3.SQLITE_READ and (arg1 or "").lower() in NEVER_READ:
        return sqlite3.SQLITE_DENY
    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def _sha256(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# Datasette 0.65 renders a few inline scripts of its own (closing open menus, the
# SQL editor, the facet flag on table pages). They are allowed by hash, so the
# policy can forbid every other inline script.
_TEMPLATE_VALUES = {"{{ datasette_allow_facet }}": ("true", "false")}
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


@lru_cache(maxsize=1)
def datasette_script_hashes() -> tuple[str, ...]:
    import datasette

    hashes: set[str] = set()
    for template in sorted((Path(datasette.__file__).parent / "templates").glob("*.html")):
        for script in _INLINE_SCRIPT.findall(template.read_text(encoding="utf-8")):
            variants = [script]
            for placeholder, values in _TEMPLATE_VALUES.items():
                if placeholder in script:
                    variants = [v.replace(placeholder, value) for v in variants for value in values]
            for variant in variants:
                if "{{" not in variant and "{%" not in variant:
                    hashes.add(_sha256(variant))
    return tuple(sorted(hashes))


def content_security_policy() -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' " + " ".join(datasette_script_hashes()),
            # Datasette's templates use style attributes and a <style> block.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


# Datasette's pages a reader needs under /-/: static files and the published metadata.
# Everything else there (allow-debug, messages, plugins, versions, settings, actor,
# permissions, patterns, threads, databases, tokens) is for whoever runs the server.
INTROSPECTION = re.compile(r"^/-/(?!static/|static-plugins/|novadi-static/|metadata(\.json)?$)")
READ_METHODS = frozenset({"GET", "HEAD"})


def public_metadata(metadata: dict) -> dict:
    """The metadata without hidden tables and without the plugins' configuration
    (which holds server paths)."""
    public = {k: v for k, v in metadata.items() if k != "plugins"}
    databases = {}
    for name, database in (metadata.get("databases") or {}).items():
        tables = {t: v for t, v in (database.get("tables") or {}).items() if not v.get("hidden")}
        databases[name] = dict(database, tables=tables)
    public["databases"] = databases
    return public


def read_only(app):
    """ASGI middleware: the site only reads, so any other method is a 405.

    Datasette's write API (``-/insert``, ``-/upsert``, ``-/drop``, ``/-/update``) and a POST
    to a canned query would otherwise reach views that answer 404 or fail with a 500.
    """

    async def wrapped(scope, receive, send):
        if scope["type"] == "http" and scope.get("method", "GET") not in READ_METHODS:
            body = "Šī darbība nav atļauta / Method not allowed\n".encode("utf-8")
            await send({"type": "http.response.start", "status": 405, "headers": [
                (b"content-type", b"text/plain; charset=utf-8"), (b"allow", b"GET, HEAD"),
                (b"content-length", str(len(body)).encode("ascii"))]})
            await send({"type": "http.response.body", "body": body})
            return None
        return await app(scope, receive, send)

    return wrapped


def without_query_args(app, names: frozenset[str] = frozenset({b"_fts_table", b"_fts_pk"})):
    """ASGI middleware dropping query arguments the public may not set.

    ``?_fts_table=`` would let a reader point Datasette's search at any table.
    """
    from urllib.parse import parse_qsl, urlencode

    async def wrapped(scope, receive, send):
        if scope["type"] == "http" and any(name in scope.get("query_string", b"") for name in names):
            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            kept = [(k, v) for k, v in pairs if k.encode("latin-1") not in names]
            scope = dict(scope, query_string=urlencode(kept).encode("latin-1"))
        return await app(scope, receive, send)

    return wrapped


def security_headers(app):
    """ASGI middleware adding the security headers to every response that lacks them.

    A route that sets its own Content-Security-Policy (e.g. a stricter one for
    replayed archive pages) keeps it.
    """
    headers_to_add = [
        (b"content-security-policy", content_security_policy().encode("ascii")),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"x-frame-options", b"DENY"),
    ]

    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {key.lower() for key, _ in headers}
                headers.extend((k, v) for k, v in headers_to_add if k not in present)
                message = dict(message, headers=headers)
            await send(message)

        return await app(scope, receive, send_with_headers)

    return wrapped
