"""Which CMS a site runs on, from one page: the profile id and the evidence for it.

The patterns are the profiles' ``detect`` lists (``profiles.toml``), matched
case-insensitively against the page's HTML and its response headers (as
``name: value`` lines, so ``^x-generator: drupal`` works). The profile with the
most matching patterns wins; on a tie the one with fewer patterns, the more
general, wins: ``tvp`` repeats ``drupal``'s markers and adds its own, so a Drupal
page needs a TVP marker to count as TVP. No match at all is ``generic``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from crawler.registry import Profile, load_profiles

GENERIC = "generic"
SNIPPET = 60


@lru_cache(maxsize=8)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE | re.MULTILINE) for p in patterns)


def _haystack(html: str, url: str, headers: dict | None) -> str:
    lines = [f"{name}: {value}".lower() for name, value in (headers or {}).items()]
    return "\n".join([f"url: {url}", *lines, html or ""])


def detect_platform(
    html: str,
    url: str,
    headers: dict | None = None,
    profiles: dict[str, Profile] | None = None,
) -> tuple[str, list[str]]:
    """The profile id ``html`` (fetched from ``url``) looks like, and why.

    Evidence lines read ``"wordpress: found /wp-content/ (detect: /wp-content/)"``:
    what matched, then the pattern. For ``generic`` the evidence is empty.
    """
    profiles = profiles if profiles is not None else load_profiles()
    haystack = _haystack(html, url, headers)
    best: tuple[int, float, int] | None = None
    best_id, best_evidence = GENERIC, []
    for order, (pid, profile) in enumerate(profiles.items()):
        if not profile.detect:
            continue
        evidence = []
        for pattern, regex in zip(profile.detect, _compiled(profile.detect)):
            match = regex.search(haystack)
            if match:
                evidence.append(f"{pid}: found {_snippet(match.group(0))} (detect: {pattern})")
        if not evidence:
            continue
        # More matches first, then the larger share of the profile's patterns,
        # then file order.
        key = (len(evidence), len(evidence) / len(profile.detect), -order)
        if best is None or key > best:
            best, best_id, best_evidence = key, pid, evidence
    return best_id, best_evidence


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"
