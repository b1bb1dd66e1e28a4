"""Canonical URLs: one spelling for every way a site links to the same page.

Dedup, the crawl's "seen" set and the article id all key on the canonical URL,
so this function must be idempotent and must never merge two different pages.
"""
from __future__ import annotations

import functools
import hashlib
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Parameters that never select content: analytics, click ids, session ids.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid",
    "igshid", "_ga", "_gl", "ref_src", "spm",
})
SESSION_PARAMS = frozenset({
    "phpsessid", "sid", "sessionid", "session_id", "jsessionid", "aspsessionid", "cfid",
    "cftoken", "zenid", "osCsid".lower(),
})
# Parameters that ask for a print or easy-read rendering of the same article.
VIEW_PARAMS = {"print": None, "printable": None, "format": {"print"}, "view": {"print"},
               "output": {"print"}, "tmpl": {"component"}}
PRINT_SUFFIX = re.compile(r"/(print|drukat|printable)/?$", re.IGNORECASE)
PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)
DEFAULT_PORTS = {"http": 80, "https": 443}


def _drop_param(key: str, value: str, drop: frozenset[str]) -> bool:
    k = key.lower()
    if k.startswith("utm_") or k in TRACKING_PARAMS or k in SESSION_PARAMS or k in drop:
        return True
    if k in VIEW_PARAMS:
        values = VIEW_PARAMS[k]
        return values is None or value.lower() in values
    return False


def canonical_url(url: str, *, drop_params=(), host_map: dict[str, str] | None = None) -> str:
    """Return the canonical form of ``url``.

    Lowercases scheme and host, drops default ports, fragments, tracking and
    session parameters, print views and trailing slashes (except the root), sorts
    the query and normalizes percent-encoding. ``drop_params`` adds parameters a
    site's profile knows to be irrelevant; ``host_map`` maps alias hosts
    (``example.lv``) to the site's own (``www.example.lv``).
    """
    return _canonical(url, frozenset(p.lower() for p in drop_params),
                      frozenset(host_map.items()) if host_map else None)


# A crawl meets the same URLs again and again (menus, "latest news" sidebars, every
# link of a listing in three places): a bounded memo saves parsing them each time.
@functools.lru_cache(maxsize=65536)
def _canonical(url: str, drop: frozenset[str], host_map: frozenset | None) -> str:
    parts = urlsplit(url.strip())
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if host_map:
        host = dict(host_map).get(host, host)
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _drop_param(k, v, drop)
    ]
    query.sort()
    path = PATH_SESSION.sub("", parts.path) or "/"
    # Normalize percent-encoding: decode then re-encode with a fixed safe set.
    path = quote(unquote(path), safe="/:@!$&'()*+,;=-._~")
    path = re.sub(r"/{2,}", "/", path)
    # Strip print views and index pages until nothing changes ("/x/print/index.html"),
    # deciding on the index page after the query has lost its irrelevant parameters,
    # so that canonicalizing twice gives the same URL.
    while True:
        before = path
        path = PRINT_SUFFIX.sub("", path) or "/"
        if len(path) > 1:
            path = path.rstrip("/") or "/"
        if not query and re.search(r"/index\.(php|html?)$", path, re.I):
            path = path.rsplit("/", 1)[0] or "/"
        if path == before:
            break
    return urlunsplit((scheme, netloc, path, urlencode(query, quote_via=quote, safe="/:@!$'()*,;-._~"), ""))


def article_id(canonical: str) -> str:
    """The stable public id of an article: 16 hex digits of the SHA-256 of its canonical URL.

    The scheme is left out so that a site moving to https keeps its ids.
    """
    key = canonical.split("://", 1)[-1]
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def site_canonicalizer(site):
    """A one-argument canonicalizer bound to a site's host aliases and dropped params."""
    host_map = frozenset((h, site.host) for h in site.all_hosts) or None
    drop = frozenset(p.lower() for p in site.drop_params)

    def canon(url: str) -> str:
        return _canonical(url, drop, host_map)

    return canon
