"""``novadi probe --all``: every registry entry checked against its live site, in one table,
and (``--update``) what was confirmed written back into the registry file.

Each site gets the probe's handful of polite requests, one at a time; several sites are
probed at once, since they are different hosts. For every field an entry lists as
``unverified`` (and its platform, always) the table says whether the site confirmed it,
contradicted it (the probe found another value, which ``--update`` writes), or could not
tell. The file is rewritten with tomlkit, so its comments and layout stay.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from crawler.platform import GENERIC
from crawler.probe_routes import route_names
from crawler.proposal import entry_fields
from crawler.registry import Registry

CONFIRMED, CONTRADICTED, UNKNOWN = "confirmed", "contradicted", "unknown"


@dataclass
class Row:
    """One site's line of the table."""

    site_id: str
    registry_profile: str
    found_profile: str | None = None
    reached: bool = False
    routes: list[str] = field(default_factory=list)
    coverage: str = ""
    fields: dict[str, str] = field(default_factory=dict)     # field -> confirmed/contradicted/unknown
    found: dict[str, object] = field(default_factory=dict)   # contradicted field -> the site's value
    problem: str | None = None

    @property
    def failed(self) -> bool:
        return not self.reached or any(s == CONTRADICTED for s in self.fields.values())


def check(site, report, profiles) -> Row:
    """What ``report`` (a probe of ``site``) says about each field the entry is unsure of."""
    row = Row(site.id, site.profile, reached=report.reached)
    if not report.reached:
        row.problem = next((line.strip() for line in reversed(report.log) if line.strip()), "no answer")
        row.fields = {name: UNKNOWN for name in _checked_fields(site)}
        return row
    proposal = report.proposal
    row.found_profile = proposal.get("profile", GENERIC)
    row.routes = route_names(report.routes)
    row.coverage = report.coverage.split(":", 1)[0]
    written = entry_fields(site, profiles)
    written.setdefault("profile", site.profile)
    for name in _checked_fields(site):
        if name not in report.confirmed:
            row.fields[name] = UNKNOWN
        elif _same(proposal.get(name), written.get(name)):
            row.fields[name] = CONFIRMED
        else:
            row.fields[name] = CONTRADICTED
            row.found[name] = proposal.get(name)
    return row


def _checked_fields(site) -> list[str]:
    return list(dict.fromkeys(["profile", *site.unverified]))


def _same(a, b) -> bool:
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return list(a or []) == list(b or [])
    return (a or None) == (b or None)


def probe_all(registry: Registry, *, jobs: int = 4, probe_fn=None, **options) -> list[Row]:
    """Probe every entry of ``registry``, ``jobs`` sites at a time; rows in registry order."""
    from crawler.probe import probe

    run = probe_fn or probe

    def one(site):
        try:
            report = run(site.id, registry=registry, **options)
        except Exception as exc:  # noqa: BLE001 - one broken site is a row, not the end of the run
            return Row(site.id, site.profile, problem=f"{type(exc).__name__}: {exc}",
                       fields={name: UNKNOWN for name in _checked_fields(site)})
        return check(site, report, registry.profiles)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, registry.sites.values()))


def render_table(rows: list[Row]) -> list[str]:
    """The table, one line per site, and a last line that says whether all held."""
    header = ("site", "platform (registry → found)", "routes that work", "coverage", "fields")
    lines = [[*header]]
    for row in rows:
        if not row.reached:
            lines.append([row.site_id, row.registry_profile, "–", "unreachable", row.problem or ""])
            continue
        platform = row.registry_profile + ("" if row.found_profile == row.registry_profile
                                           else f" → {row.found_profile}")
        fields = ", ".join(f"{name} {status}" + (f" ({_short(row.found[name])})" if name in row.found else "")
                           for name, status in row.fields.items())
        lines.append([row.site_id, platform, ", ".join(row.routes) or "none", row.coverage, fields])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) - 1)]
    out = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths)) + "  " + line[-1] for line in lines]
    failed = [row.site_id for row in rows if row.failed]
    out.append(f"{len(rows) - len(failed)} of {len(rows)} sites hold as the registry says"
               + (f"; check: {', '.join(failed)}" if failed else ""))
    return out


def _short(value) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def update_registry(path: Path | str, rows: list[Row]) -> list[str]:
    """Write what the probes confirmed or corrected into the registry file, keeping its
    comments and layout; answers one line per changed entry. Entries whose site was not
    reached are left as they are."""
    import tomlkit

    path = Path(path)
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    changed = []
    for row in rows:
        table = document.get(row.site_id)
        if not row.reached or table is None:
            continue
        notes = []
        for name, status in row.fields.items():
            if status == CONTRADICTED:
                value = row.found.get(name)
                if value in (None, [], "") or (name == "profile" and value == GENERIC):
                    if name in table:
                        del table[name]
                else:
                    table[name] = list(value) if isinstance(value, (list, tuple)) else value
                notes.append(f"{name} corrected")
            elif status == CONFIRMED and name in (table.get("unverified") or []):
                notes.append(f"{name} confirmed")
        settled = {name for name, status in row.fields.items() if status in (CONFIRMED, CONTRADICTED)}
        if "unverified" in table:
            left = [name for name in table["unverified"] if name not in settled]
            if left:
                table["unverified"] = left
            else:
                del table["unverified"]
        if notes:
            changed.append(f"{row.site_id}: " + ", ".join(notes))
    path.write_text(tomlkit.dumps(document), encoding="utf-8")
    return changed
