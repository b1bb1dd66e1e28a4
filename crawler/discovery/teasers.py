"""Teasers: what a listing page promises (a headline, its link, a date where shown),
and the account a crawl keeps of each one.

A crawl proves its coverage by the teasers it saw: at its end every teaser is an
article in the archive, or dropped with a reason (offsite, robots, a trap bound, a
duplicate, a page that is not an article and which kind it is, a headline with no
link the crawl can follow). A listing whose teasers show dates while none of them is
stored means the crawl missed the site's news, whatever else it found.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from crawler.extraction.dates import could_hold_date, find_all

RIGA = ZoneInfo("Europe/Riga")
_TEASER_TEXT_MAX = 1500   # characters: a block holding more is content, not a teaser
_SCRIPT_HREF = re.compile(r"^\s*(javascript:|#)", re.IGNORECASE)
_HEADLINE_WORDS = 3
_HEADLINE_CHARS = 20

# Drops that are not misses: the teaser was not one of the site's articles (another
# host's page, a duplicate, a page whose content is not an article), or the site's
# registry entry keeps the crawl out of it on purpose (denied, not allowed).
NOT_MISSED = ("offsite", "redirect-offsite", "refresh-offsite", "duplicate", "not-article:", "denied", "not-allowed")


@dataclass
class Teaser:
    url: str | None          # absolute, None when the headline has no link the crawl can follow
    title: str
    date: str | None = None  # ISO day shown beside the headline
    listing: str = ""        # the listing page it was seen on


def _block_of(anchor, owners: dict, limit: int = 6):
    """The largest ancestor of ``anchor`` that holds no other teaser's headline and no
    more text than a teaser does (a lone "next article" link is not its article's teaser)."""
    block = anchor
    for ancestor in anchor.iterancestors():
        if len(owners.get(ancestor, ())) > 1 or ancestor.tag in ("body", "html") \
                or len(ancestor.text_content()) > _TEASER_TEXT_MAX:
            break
        block = ancestor
        limit -= 1
        if limit == 0:
            break
    return block


def _text_beside(block, anchor) -> str:
    """The block's text without its headline's ("Domes 24. marta sēde" dates no teaser)."""
    inside = set(anchor.iter())
    parts = []
    for element in block.iter():
        if element not in inside and isinstance(element.text, str):
            parts.append(element.text)
        if element is not block and (element is anchor or element not in inside) and isinstance(element.tail, str):
            parts.append(element.tail)
    return " ".join(" ".join(parts).split())   # joined with spaces: "virsraksts12.04.2023." is no date


def _date_in(block, anchor, reference: date) -> str | None:
    text = _text_beside(block, anchor)
    if len(text) > _TEASER_TEXT_MAX or not could_hold_date(text):
        return None
    for time in block.iter("time"):
        found = find_all(time.get("datetime") or "", reference=reference)
        if found:
            return found[0].day.isoformat()
    found = find_all(text, reference=reference)
    return found[0].day.isoformat() if found else None


def read_teasers(anchors, page_url: str, article_urls, maybe_urls=(), *, today: date | None = None,
                 blocks: list | None = None) -> list[Teaser]:
    """The teasers of a listing page: one per link in ``article_urls`` (the links the
    crawl takes for articles), with its headline and the date its block shows; one per
    link in ``maybe_urls`` (links the crawl takes for listings) whose block shows a date
    beside a headline, as articles sharing their listing's path do; and headlines in
    repeated dated blocks whose link is a script (``javascript:…``, ``#``, an
    ``onclick``), which no crawl can follow (``url`` None).

    ``anchors``: the page's ``<a>`` elements as ``page_links`` gives them
    (``(element, absolute URL or None, text)``). ``blocks``, when given, receives each
    teaser's element (see ``prose_outside``).
    """
    today = today or datetime.now(RIGA).date()
    wanted = set(article_urls)
    maybe = set(maybe_urls) - wanted
    chosen = []   # (element, url or None, text)
    for a, url, text in anchors:
        if url is not None:
            if url in wanted or url in maybe and len(text) >= _HEADLINE_CHARS and len(text.split()) >= _HEADLINE_WORDS:
                chosen.append((a, url, text))
        elif len(text) >= _HEADLINE_CHARS and len(text.split()) >= _HEADLINE_WORDS \
                and (a.get("onclick") or _SCRIPT_HREF.match(a.get("href") or "#")):
            chosen.append((a, None, text))
    anchors = chosen
    # Which teasers each ancestor holds, so a block stops below its neighbours.
    owners: dict = {}
    for index, (a, url, _text) in enumerate(anchors):
        key = url or f"#script-{index}"
        for depth, ancestor in enumerate(a.iterancestors()):
            owners.setdefault(ancestor, set()).add(key)
            if depth >= 6:
                break
    teasers: dict[str, Teaser] = {}
    scripted = []
    for a, url, text in anchors:
        block = _block_of(a, owners)
        if blocks is not None:
            blocks.append(block)
        day = _date_in(block, a, today)
        if url is None:
            if day:
                scripted.append(Teaser(None, text[:300], day, page_url))
            continue
        if url in maybe and not day:
            continue
        known = teasers.get(url)
        if known is None:
            teasers[url] = Teaser(url, text[:300], day, page_url)
        else:
            if len(text) > len(known.title):
                known.title = text[:300]
            known.date = known.date or day
    # One dated headline with a script link is a widget; several are a listing's teasers.
    return list(teasers.values()) + (scripted if len(scripted) >= 2 else [])


def prose_outside(doc, blocks) -> int:
    """Characters of running text (paragraphs of 200 characters or more that are not
    excerpts cut with "…") outside the teaser ``blocks``: what a page fetched as a
    listing must have to be an article itself."""
    inside = set(blocks)
    total = 0
    for paragraph in doc.iter("p"):
        if paragraph in inside or any(a in inside for a in paragraph.iterancestors()):
            continue
        words = " ".join(paragraph.text_content().split())
        if len(words) >= 200 and not words.endswith(("…", "...", "[…]", "»", "→")):
            total += len(words)
    return total


@dataclass
class Coverage:
    """A crawl's account of its teasers."""

    teasers: int = 0
    dated: int = 0
    archived: int = 0
    dropped: Counter = field(default_factory=Counter)
    dates_differ: int = 0
    examples: dict = field(default_factory=dict)   # reason -> one URL or headline

    @property
    def missed(self) -> int:
        return sum(n for reason, n in self.dropped.items() if not reason.startswith(NOT_MISSED))

    @property
    def expected(self) -> int:
        """Teasers that should be articles in the archive: the rest were not the site's articles."""
        return self.archived + self.missed

    @property
    def share(self) -> float | None:
        return self.archived / self.expected if self.expected else None

    def flags(self, threshold: float = 0.95) -> list[str]:
        out = []
        if self.dated and self.archived == 0:
            out.append(f"listings show {self.dated} dated teasers, none of them is in the archive"
                       + (f" ({self.missed_text()})" if self.missed else ""))
        elif self.share is not None and self.share < threshold:
            out.append(f"coverage {self.share:.0%}: {self.archived} of {self.expected} teasers in the archive "
                       f"({self.missed_text()})")
        return out

    def missed_text(self) -> str:
        parts = []
        for reason, n in self.dropped.most_common():
            if reason.startswith(NOT_MISSED):
                continue
            example = self.examples.get(reason)
            parts.append(f"{reason} {n}" + (f", e.g. {example[:120]}" if example else ""))
        return "; ".join(parts)

    def row(self) -> dict:
        """The ``crawl_runs`` columns (migration 0010)."""
        return {"teasers": self.teasers, "teasers_dated": self.dated, "teasers_archived": self.archived,
                "teasers_dropped": _json(self.dropped), "teaser_dates_differ": self.dates_differ,
                "coverage": round(self.share, 4) if self.share is not None else None,
                "coverage_missed": self.missed_text() or None}


def _json(counter: Counter) -> str:
    import json

    return json.dumps(dict(sorted(counter.items())), ensure_ascii=False)


class TeaserLedger:
    """The teasers a crawl saw and what became of the pages they lead to.

    The spider notes teasers and the pages it refused; the pipelines note the pages
    they dropped; at the end :meth:`account` asks the archive which teasers are
    articles there and explains the rest.
    """

    def __init__(self):
        self.teasers: dict[str, Teaser] = {}      # canonical URL -> teaser
        self.scripted: dict[tuple, Teaser] = {}   # (title, date) -> teaser without a link
        self.outcomes: dict[str, str] = {}        # canonical URL -> why it is not stored
        self.examples: dict[str, str] = {}

    def seen(self, canonical: str | None, teaser: Teaser) -> None:
        if canonical is None:
            self.scripted.setdefault((teaser.title, teaser.date), teaser)
            return
        known = self.teasers.get(canonical)
        if known is None:
            self.teasers[canonical] = teaser
        elif not known.date and teaser.date:
            known.date = teaser.date

    def dropped(self, canonical: str, reason: str) -> None:
        """Why the page at ``canonical`` is not stored (the first reason given stands)."""
        self.outcomes.setdefault(canonical, reason)

    def stored(self, canonical: str) -> None:
        self.outcomes.pop(canonical, None)

    def to_dict(self) -> dict:
        """The ledger as JSON-ready data, for a crawl spread over several workers."""
        return {"teasers": {c: [t.url, t.title, t.date, t.listing] for c, t in self.teasers.items()},
                "scripted": [[t.title, t.date, t.listing] for t in self.scripted.values()],
                "outcomes": self.outcomes}

    def merge(self, data: dict) -> None:
        """Add what another worker's ledger (``to_dict``) saw of the same crawl."""
        for canonical, (url, title, day, listing) in (data.get("teasers") or {}).items():
            self.seen(canonical, Teaser(url, title, day, listing))
        for title, day, listing in data.get("scripted") or []:
            self.seen(None, Teaser(None, title, day, listing))
        for canonical, reason in (data.get("outcomes") or {}).items():
            self.dropped(canonical, reason)

    def account(self, archived: dict[str, str | None]) -> Coverage:
        """``archived``: canonical URL -> stored published date, for the teasers the
        archive holds as articles (see :func:`archived_teasers`)."""
        cov = Coverage()
        for canonical, teaser in self.teasers.items():
            cov.teasers += 1
            cov.dated += bool(teaser.date)
            if canonical in archived:
                cov.archived += 1
                stored = archived[canonical]
                if teaser.date and stored and stored[:10] != teaser.date:
                    cov.dates_differ += 1
                continue
            reason = self.outcomes.get(canonical, "not-fetched")
            cov.dropped[reason] += 1
            cov.examples.setdefault(reason, teaser.url or canonical)
        for teaser in self.scripted.values():
            cov.teasers += 1
            cov.dated += bool(teaser.date)
            cov.dropped["script-link"] += 1
            cov.examples.setdefault("script-link", f"“{teaser.title}”")
        return cov


def archived_teasers(db, site: str, urls) -> dict[str, str | None]:
    """Which of ``urls`` are, or are aliases of, articles of ``site`` in the archive,
    with each one's published date."""
    found: dict[str, str | None] = {}
    urls = list(urls)
    for start in range(0, len(urls), 500):
        chunk = urls[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for url, published in db.execute(
                f"SELECT u.url, a.published FROM article_urls u JOIN articles a ON a.id = u.article_id "
                f"WHERE u.site = ? AND u.url IN ({marks})", [site, *chunk]):
            found[url] = published
    return found
