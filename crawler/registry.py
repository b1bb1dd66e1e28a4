"""The site registry: which sites novadi archives, loaded from TOML and validated once.

Sites are data. Each entry in ``sites.toml`` names a CMS profile (``profiles.toml``)
and overrides only what differs from it; :func:`load_registry` merges the two into
:class:`Site` objects that the spider, the pipelines and the archive share.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from crawler.revisit import RevisitPolicy

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).parent
DEFAULT_SITES = HERE / "sites.toml"
DEFAULT_PROFILES = HERE / "profiles.toml"

KINDS = ("state-city", "municipality", "planning-region", "legacy")
REGIONS = ("kurzeme", "zemgale", "vidzeme", "latgale", "riga")
FREQUENCIES = ("hourly", "daily", "weekly", "monthly")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The municipality's code in the Administrative Territory Classification (ATVK), 7 digits.
ATVK_RE = re.compile(r"^\d{7}$")
CURRENT_KINDS = ("state-city", "municipality")

SITE_FIELDS = {
    "name", "url", "kind", "region", "municipality", "successor", "profile", "feeds",
    "sitemaps", "start_urls", "allow", "deny", "frequency", "stopped", "unverified",
    "hosts", "article", "article_guess", "listing", "pagination", "drop_params", "note", "lang",
    "extract", "former_ids", "atvk", "requisites", "revisit",
}
PROFILE_FIELDS = {
    "description", "detect", "feeds", "sitemaps", "listings", "article", "article_guess", "listing",
    "pagination", "deny", "drop_params", "extract", "revisit",
}
EXTRACT_FIELDS = {"prune", "body", "date", "title"}


class RegistryError(ValueError):
    """A registry entry is invalid; the message names the entry and the field."""


@dataclass(frozen=True)
class Profile:
    """What many sites of one platform share: discovery paths, URL rules, extraction hints."""

    id: str
    description: str = ""
    detect: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    article: tuple[str, ...] = ()
    article_guess: tuple[str, ...] = ()
    listing: tuple[str, ...] = ()
    pagination: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    drop_params: tuple[str, ...] = ()
    extract: dict = field(default_factory=dict, hash=False, compare=False)
    revisit: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Site:
    """One publisher's website, with its profile's defaults already merged in.

    ``feeds``, ``sitemaps`` and ``start_urls`` are absolute URLs; ``article``,
    ``listing``, ``allow`` and ``deny`` are regular expressions matched against the
    URL path plus query (``/lv/jaunums/x?page=2``).
    """

    id: str
    name: str
    url: str
    kind: str = "municipality"
    region: str | None = None
    municipality: str | None = None
    successor: str | None = None
    profile: str = "generic"
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    start_urls: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    article: tuple[str, ...] = ()
    # URLs that may be articles but also match other pages (a WordPress page at the
    # root): accepted only with a publication date.
    article_guess: tuple[str, ...] = ()
    listing: tuple[str, ...] = ()
    pagination: tuple[str, ...] = ()
    drop_params: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    frequency: str = "daily"
    stopped: int | None = None
    unverified: tuple[str, ...] = ()
    lang: str = "lv"
    note: str = ""
    former_ids: tuple[str, ...] = ()
    atvk: str | None = None
    extract: dict = field(default_factory=dict, hash=False, compare=False)
    requisites: bool = True       # fetch stored pages' stylesheets, fonts and images
    # when archived articles are asked for again (crawler/revisit.py, docs/registry.md)
    revisit: RevisitPolicy = RevisitPolicy()

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def all_hosts(self) -> tuple[str, ...]:
        """Hosts that belong to this site: its own, with and without ``www.``, and aliases."""
        base = self.host.removeprefix("www.")
        return tuple(dict.fromkeys([self.host, base, "www." + base, *self.hosts]))

    def absolute(self, path_or_url: str) -> str:
        if "://" in path_or_url:
            return path_or_url
        return self.url.rstrip("/") + "/" + path_or_url.lstrip("/")

    @property
    def current_municipality(self) -> str | None:
        """The id of the municipality the site belongs to today; None for a planning region."""
        if self.municipality or self.successor:
            return self.municipality or self.successor
        return self.id if self.kind in CURRENT_KINDS else None

    def row(self) -> dict:
        """The site as a row of the ``sites`` table."""
        return {
            "id": self.id,
            "name": self.name,
            "url": self.url,
            "kind": self.kind,
            "region": self.region,
            "municipality": self.current_municipality,
            "successor": self.successor,
            "profile": self.profile,
            "frequency": self.frequency,
            "stopped": self.stopped,
            "unverified": ",".join(self.unverified) or None,
        }


@dataclass
class Registry:
    sites: dict[str, Site]
    profiles: dict[str, Profile]

    def __iter__(self):
        return iter(self.sites.values())

    def __len__(self):
        return len(self.sites)

    def get(self, site_id: str) -> Site:
        try:
            return self.sites[site_id]
        except KeyError:
            raise RegistryError(f"unknown site {site_id!r} (see `novadi sites`)") from None

    def for_url(self, url: str) -> Site | None:
        host = (urlsplit(url).hostname or "").lower()
        for site in self.sites.values():
            if host in site.all_hosts:
                return site
        return None


def _tuple(entry_id: str, key: str, value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RegistryError(f"{entry_id}: field {key!r} must be a string or a list of strings")
    return tuple(value)


def _check_regexes(entry_id: str, key: str, patterns: tuple[str, ...]) -> None:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise RegistryError(f"{entry_id}: field {key!r}: bad regex {pattern!r}: {exc}") from None


def _check_url(entry_id: str, key: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RegistryError(f"{entry_id}: field {key!r}: not an http(s) URL: {url!r}")


def load_profiles(path: Path | str = DEFAULT_PROFILES) -> dict[str, Profile]:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    profiles = {}
    for pid, entry in data.items():
        where = f"profile {pid}"
        unknown = set(entry) - PROFILE_FIELDS
        if unknown:
            raise RegistryError(f"{where}: unknown field {sorted(unknown)[0]!r}")
        extract = dict(entry.get("extract", {}))
        if set(extract) - EXTRACT_FIELDS:
            raise RegistryError(f"{where}: unknown field 'extract.{sorted(set(extract) - EXTRACT_FIELDS)[0]}'")
        values = {k: _tuple(where, k, entry.get(k)) for k in PROFILE_FIELDS - {"description", "extract", "revisit"}}
        for key in ("article", "article_guess", "listing", "deny", "detect"):
            _check_regexes(where, key, values[key])
        _revisit_policy(where, RevisitPolicy(), entry.get("revisit"))
        revisit = dict(entry.get("revisit") or {})
        profiles[pid] = Profile(id=pid, description=entry.get("description", ""), extract=extract,
                                revisit=revisit, **values)
    if "generic" not in profiles:
        raise RegistryError("profiles: a 'generic' profile is required")
    return profiles


def build_site(site_id: str, entry: dict, profiles: dict[str, Profile]) -> Site:
    """Validate one registry entry and merge its profile's defaults into it."""
    if not ID_RE.match(site_id):
        raise RegistryError(f"{site_id}: field 'id': must be kebab-case (e.g. jelgavas-novads)")
    unknown = set(entry) - SITE_FIELDS
    if unknown:
        raise RegistryError(f"{site_id}: unknown field {sorted(unknown)[0]!r}")
    for key in ("name", "url"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise RegistryError(f"{site_id}: field {key!r} is required")
    _check_url(site_id, "url", entry["url"])
    kind = entry.get("kind", "municipality")
    if kind not in KINDS:
        raise RegistryError(f"{site_id}: field 'kind': {kind!r} is not one of {', '.join(KINDS)}")
    region = entry.get("region")
    if region is not None and region not in REGIONS:
        raise RegistryError(f"{site_id}: field 'region': {region!r} is not one of {', '.join(REGIONS)}")
    profile_id = entry.get("profile", "generic")
    if profile_id not in profiles:
        raise RegistryError(f"{site_id}: field 'profile': unknown profile {profile_id!r}")
    frequency = entry.get("frequency", "daily")
    if frequency not in FREQUENCIES:
        from croniter import croniter

        if not croniter.is_valid(frequency):
            raise RegistryError(
                f"{site_id}: field 'frequency': {frequency!r} is neither one of "
                f"{', '.join(FREQUENCIES)} nor a cron expression"
            )
    stopped = entry.get("stopped")
    if stopped is not None and not (isinstance(stopped, int) and 1995 <= stopped <= 2100):
        raise RegistryError(f"{site_id}: field 'stopped': must be a year")
    atvk = entry.get("atvk")
    if atvk is not None and not (isinstance(atvk, str) and ATVK_RE.match(atvk)):
        raise RegistryError(f"{site_id}: field 'atvk': must be a 7-digit code in quotes (e.g. \"0030000\")")
    requisites = entry.get("requisites", True)
    if not isinstance(requisites, bool):
        raise RegistryError(f"{site_id}: field 'requisites': must be true or false")
    profile = profiles[profile_id]
    url = entry["url"].rstrip("/")
    # The built-in defaults, then generic's, the profile's and the site's own values.
    revisit = RevisitPolicy()
    for where, table in (("profile generic", profiles["generic"].revisit),
                         (f"profile {profile_id}", profile.revisit), (site_id, entry.get("revisit"))):
        revisit = _revisit_policy(where, revisit, table)

    def absolute(values):
        return tuple(v if "://" in v else url + "/" + v.lstrip("/") for v in values)

    lists = {k: _tuple(site_id, k, entry.get(k)) for k in (
        "feeds", "sitemaps", "start_urls", "allow", "deny", "article", "article_guess", "listing",
        "pagination", "drop_params", "hosts", "unverified", "former_ids")}
    for key in ("allow", "deny", "article", "article_guess", "listing"):
        _check_regexes(site_id, key, lists[key])
    for key in ("feeds", "sitemaps", "start_urls"):
        for value in lists[key]:
            if "://" in value:
                _check_url(site_id, key, value)
    for name in lists["unverified"]:
        if name not in SITE_FIELDS:
            raise RegistryError(f"{site_id}: field 'unverified': {name!r} is not a site field")
    extract = {**profile.extract, **entry.get("extract", {})}
    if set(extract) - EXTRACT_FIELDS:
        raise RegistryError(f"{site_id}: unknown field 'extract.{sorted(set(extract) - EXTRACT_FIELDS)[0]}'")
    return Site(
        id=site_id,
        name=entry["name"].strip(),
        url=url + "/",
        kind=kind,
        region=region,
        municipality=entry.get("municipality"),
        successor=entry.get("successor"),
        profile=profile_id,
        # A site's own lists replace the profile's; deny rules add up, since a
        # trap the platform has is a trap on every site of it.
        feeds=absolute(lists["feeds"] or profile.feeds),
        sitemaps=absolute(lists["sitemaps"] or profile.sitemaps),
        start_urls=absolute(lists["start_urls"] or profile.listings),
        allow=lists["allow"],
        deny=tuple(dict.fromkeys(profiles["generic"].deny + profile.deny + lists["deny"])),
        article=lists["article"] or profile.article,
        article_guess=lists["article_guess"] or (() if lists["article"] else profile.article_guess),
        listing=lists["listing"] or profile.listing,
        pagination=lists["pagination"] or profile.pagination,
        drop_params=profile.drop_params + lists["drop_params"],
        hosts=lists["hosts"],
        frequency=frequency,
        stopped=stopped,
        unverified=lists["unverified"],
        lang=entry.get("lang", "lv"),
        note=entry.get("note", ""),
        former_ids=lists["former_ids"],
        atvk=atvk,
        extract=extract,
        requisites=requisites,
        revisit=revisit,
    )


def _revisit_policy(where: str, policy: RevisitPolicy, table) -> RevisitPolicy:
    if table is not None and not isinstance(table, dict):
        raise RegistryError(f"{where}: field 'revisit' must be a table ([…revisit])")
    try:
        return policy.merged(table, where)
    except ValueError as exc:
        raise RegistryError(str(exc)) from None


def load_registry(
    path: Path | str | None = None, profiles_path: Path | str | None = None
) -> Registry:
    """Load and validate the registry; raise :class:`RegistryError` on the first bad entry."""
    path = Path(path or DEFAULT_SITES)
    profiles = load_profiles(profiles_path or DEFAULT_PROFILES)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: not valid TOML: {exc}") from None
    sites = {}
    for site_id, entry in data.items():
        if not isinstance(entry, dict):
            raise RegistryError(f"{site_id}: an entry must be a table ([{site_id}])")
        sites[site_id] = build_site(site_id, entry, profiles)
    for site in sites.values():
        for key in ("successor", "municipality"):
            target = getattr(site, key)
            if target is not None and target not in sites:
                raise RegistryError(f"{site.id}: field {key!r}: unknown site {target!r}")
        if site.kind == "legacy" and not site.successor:
            raise RegistryError(f"{site.id}: field 'successor' is required for a legacy site")
        if site.successor and sites[site.successor].kind not in CURRENT_KINDS:
            raise RegistryError(
                f"{site.id}: field 'successor': {site.successor!r} is not a current municipality")
        if site.kind == "planning-region" and (site.municipality or site.successor):
            field_name = "municipality" if site.municipality else "successor"
            raise RegistryError(f"{site.id}: field {field_name!r}: a planning region belongs to no municipality")
    return Registry(sites=sites, profiles=profiles)


def adhoc_site(url: str, profiles: dict[str, Profile] | None = None, profile: str = "generic") -> Site:
    """A site that is not in the registry, for ``novadi crawl --url``."""
    profiles = profiles or load_profiles()
    host = urlsplit(url).hostname or "site"
    site_id = re.sub(r"[^a-z0-9]+", "-", host.lower().removeprefix("www.")).strip("-")
    parts = urlsplit(url)
    home = f"{parts.scheme}://{parts.netloc}/"
    site = build_site(site_id, {"name": host, "url": home, "profile": profile}, profiles)
    if parts.path not in ("", "/"):
        site = replace(site, start_urls=(url,) + site.start_urls)
    return site


def toml_value(value) -> str:
    """One value in TOML, as the registry files write it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    text = str(value)
    # Literal strings keep regular expressions readable, as in profiles.toml.
    if "\\" in text and "'" not in text and "\n" not in text:
        return f"'{text}'"
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def dump_entries(entries: dict[str, dict]) -> str:
    """Registry entries as TOML, in the format :func:`load_registry` reads."""
    out = []
    for site_id, entry in entries.items():
        out.append(f"[{site_id}]")
        out.extend(f"{key} = {toml_value(v)}" for key, v in entry.items()
                   if v is not None and not isinstance(v, dict))
        for key, table in entry.items():
            if isinstance(table, dict):
                out.append(f"[{site_id}.{key}]")
                out.extend(f"{k} = {toml_value(v)}" for k, v in table.items() if v is not None)
        out.append("")
    return "\n".join(out)
