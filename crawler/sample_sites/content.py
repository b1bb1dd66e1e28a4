"""Sample-site content: articles, shared press releases and static pages, loaded from TOML.

A body is written in a small block syntax (blank lines between blocks):
a paragraph; ``## Heading``; ``- item`` lines (a list); ``1. item`` lines (a
numbered list); ``| a | b |`` lines (a table, first row the header). Inside a
block ``[text](href)`` is a link and ``**text**`` bold.

The expected clean body text is one line per block element: a paragraph or
heading as it reads, a list item as ``- item``, a table row as its cells joined
by `` | ``. Credit lines, captions and attachments are not body text.
"""
from __future__ import annotations

import html
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from crawler.sample_sites import dates

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA = Path(__file__).parent / "data"
LINK_RE = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
BOLD_RE = re.compile(r"\*\*(.+?)\*\*")


@dataclass
class Block:
    kind: str  # p, h, ul, ol, table
    items: list  # p/h: [text]; ul/ol: item texts; table: rows of cells


@dataclass
class Article:
    slug: str
    title: str
    published: object  # date or aware datetime
    blocks: list[Block]
    id: int = 0
    updated: object = None
    author: str | None = None
    credit: str | None = None
    category: str = ""
    tags: list[str] = field(default_factory=list)
    lang: str = "lv"
    summary: str = ""
    attachments: list[dict] = field(default_factory=list)  # file, text
    images: list[dict] = field(default_factory=list)  # file, caption
    story: str | None = None
    eu_project: dict | None = None
    comments: list[dict] = field(default_factory=list)  # name, date, text
    options: dict = field(default_factory=dict)  # platform knobs (alias, featured, ...)
    modified: datetime | None = None  # what Last-Modified reports
    removed: bool = False

    @property
    def body_text(self) -> str:
        return body_text(self.blocks)

    @property
    def teaser(self) -> str:
        if self.summary:
            return self.summary
        first = next((b for b in self.blocks if b.kind == "p"), None)
        text = plain(first.items[0]) if first else ""
        return text if len(text) <= 180 else text[:177].rsplit(" ", 1)[0] + " …"


@dataclass
class Page:
    """A page that is not news (contacts, cookie policy): no date, never expected."""

    slug: str
    title: str
    blocks: list[Block]


@dataclass
class SiteData:
    id: str
    platform: str
    registry: dict
    info: dict
    articles: list[Article]
    pages: list[Page]
    directory: Path
    id_step: int = 1


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfc_all(value):
    """NFC for every string in nested data (captions, attachment texts, comments)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc_all(v) for v in value]
    if isinstance(value, dict):
        return {k: nfc_all(v) for k, v in value.items()}
    return value


def plain(text: str) -> str:
    """Inline markup removed, whitespace collapsed."""
    text = LINK_RE.sub(r"\1", text)
    text = BOLD_RE.sub(r"\1", text)
    return " ".join(text.split())


def inline_html(text: str, base: str = "") -> str:
    """Inline markup as HTML; site-relative links get ``base`` (platforms that print absolute URLs)."""
    out, pos = [], 0
    for match in LINK_RE.finditer(text):
        out.append(_bold(html.escape(text[pos:match.start()], quote=False)))
        href = match.group(2)
        if href.startswith("/") and base:
            href = base.rstrip("/") + href
        out.append(f'<a href="{html.escape(href)}">{html.escape(match.group(1), quote=False)}</a>')
        pos = match.end()
    out.append(_bold(html.escape(text[pos:], quote=False)))
    return " ".join("".join(out).split())


def _bold(escaped: str) -> str:
    return BOLD_RE.sub(r"<strong>\1</strong>", escaped)


def parse_body(source: str) -> list[Block]:
    blocks = []
    for chunk in re.split(r"\n\s*\n", nfc(source).strip()):
        lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and lines[0].startswith("## "):
            blocks.append(Block("h", [lines[0][3:].strip()]))
        elif all(line.startswith("- ") for line in lines):
            blocks.append(Block("ul", [line[2:].strip() for line in lines]))
        elif all(re.match(r"\d+\. ", line) for line in lines):
            blocks.append(Block("ol", [line.split(" ", 1)[1].strip() for line in lines]))
        elif all(line.startswith("|") for line in lines):
            rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
            blocks.append(Block("table", rows))
        else:
            blocks.append(Block("p", [" ".join(lines)]))
    return blocks


def body_text(blocks: list[Block]) -> str:
    lines = []
    for block in blocks:
        if block.kind in ("p", "h"):
            lines.append(plain(block.items[0]))
        elif block.kind in ("ul", "ol"):
            lines.extend("- " + plain(item) for item in block.items)
        elif block.kind == "table":
            lines.extend(" | ".join(plain(cell) for cell in row) for row in block.items)
    return "\n".join(lines)


def blocks_html(blocks: list[Block], base: str = "", paragraph: str = "<p>{}</p>",
                heading: str = "<h2>{}</h2>") -> str:
    """Body HTML in the usual tags; old templates pass ``{}<br><br>`` and ``<b>{}</b><br>``."""
    parts = []
    for block in blocks:
        if block.kind == "p":
            parts.append(paragraph.format(inline_html(block.items[0], base)))
        elif block.kind == "h":
            parts.append(heading.format(inline_html(block.items[0], base)))
        elif block.kind in ("ul", "ol"):
            items = "".join(f"<li>{inline_html(item, base)}</li>" for item in block.items)
            parts.append(f"<{block.kind}>{items}</{block.kind}>")
        elif block.kind == "table":
            head = "".join(f"<th>{inline_html(c, base)}</th>" for c in block.items[0])
            rows = "".join(
                "<tr>" + "".join(f"<td>{inline_html(c, base)}</td>" for c in row) + "</tr>"
                for row in block.items[1:]
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    return "\n".join(parts)


def read_toml(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def load_stories(path: Path = DATA / "stories.toml") -> dict:
    return read_toml(path) if path.exists() else {}


def make_article(entry: dict, stories: dict | None = None) -> Article:
    """An article from its data; a ``story`` entry starts from the shared press release.

    A copy may set its own title, date and credit, put a ``lead`` paragraph first
    and ``drop`` blocks of the release (0-based indexes), as municipal sites do when
    they republish.
    """
    entry = nfc_all(entry)
    story_id = entry.get("story")
    base = {}
    if story_id:
        stories = stories if stories is not None else load_stories()
        if story_id not in stories:
            raise KeyError(f"unknown story {story_id!r} in article {entry.get('slug')!r}")
        base = nfc_all(stories[story_id])
    merged = {**base, **entry}
    if "body" in entry:
        blocks = parse_body(entry["body"])
    else:
        blocks = parse_body(base["body"])
        drop = set(entry.get("drop", []))
        blocks = [b for i, b in enumerate(blocks) if i not in drop]
    if entry.get("lead"):
        blocks = parse_body(entry["lead"]) + blocks
    published = dates.parse(merged["published"])
    updated = dates.parse(merged.get("updated"))
    credit = merged.get("credit")
    author = merged.get("author")
    if author is None and credit:
        author = credit_author(credit)
    return Article(
        slug=merged["slug"],
        title=merged["title"],
        published=published,
        blocks=blocks,
        id=int(merged.get("id", 0)),
        updated=updated,
        author=author,
        credit=credit,
        category=merged.get("category", ""),
        tags=list(merged.get("tags", [])),
        lang=merged.get("lang", "lv"),
        summary=merged.get("summary", ""),
        attachments=list(merged.get("attachments", [])),
        images=list(merged.get("images", [])),
        story=story_id,
        eu_project=merged.get("eu_project"),
        comments=list(merged.get("comments", [])),
        options=dict(merged.get("options", {})),
        modified=dates.as_datetime(updated or published),
    )


def credit_author(credit: str) -> str | None:
    """The person in a credit line: ``Informāciju sagatavoja: Anna Bērziņa, speciāliste`` -> Anna Bērziņa."""
    text = credit.split(":", 1)[1] if ":" in credit else credit
    name = text.split(",")[0].strip().rstrip(".")
    return name or None


def load_site(directory: Path, stories: dict | None = None) -> SiteData:
    """One site folder: ``site.toml`` (platform, registry entry, template data) and ``articles.toml``."""
    meta = read_toml(directory / "site.toml")
    data = read_toml(directory / "articles.toml") if (directory / "articles.toml").exists() else {}
    stories = load_stories() if stories is None else stories
    articles = [make_article(entry, stories) for entry in data.get("article", [])]
    pages = [Page(p["slug"], nfc(p["title"]), parse_body(p["body"])) for p in data.get("page", [])]
    step = int(meta.get("id_step", 1))
    next_id = int(meta.get("id_start", 1))
    # Ids grow with publication time, as database keys do.
    for article in sorted(articles, key=lambda a: dates.as_datetime(a.published)):
        if not article.id:
            article.id = next_id
        next_id = max(next_id, article.id) + step
    slugs = [(a.lang, a.slug) for a in articles]
    if len(set(slugs)) != len(slugs):
        raise ValueError(f"{directory.name}: duplicate article slugs")
    return SiteData(
        id=meta.get("id", directory.name),
        platform=meta["platform"],
        registry=dict(meta.get("registry", {})),
        info=nfc_all(meta.get("info", {})),
        articles=articles,
        pages=pages,
        directory=directory,
        id_step=step,
    )


def site_dirs(root: Path) -> list[Path]:
    return sorted(p for p in Path(root).iterdir() if (p / "site.toml").exists())
