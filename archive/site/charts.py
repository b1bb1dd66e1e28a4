"""Articles over time as a bar chart, drawn on the server as inline SVG.

Nothing is loaded from anywhere: the chart is part of the page, readable without
scripts, and described for screen readers (a title, a one-line summary, and each
bar's own label). :func:`timeline` is the whole job for any set of articles
(a municipality, a site, a region, a search): give it a condition on ``articles_v1``.
"""
from __future__ import annotations

import hashlib
from collections import Counter

from datasette.database import QueryInterrupted
from markupsafe import Markup, escape

from archive.site.formatting import lv_plural

WIDTH, HEIGHT = 640, 180
TOP, BOTTOM, LEFT, RIGHT = 16, 24, 36, 8
MONTHS = ["janv.", "febr.", "marts", "apr.", "maijs", "jūn.", "jūl.", "aug.", "sept.", "okt.", "nov.", "dec."]
COUNT_TIME_LIMIT_MS = 1000


def articles_word(count: int) -> str:
    return lv_plural(count, "raksts", "raksti")


def periods(month_counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """``(key, label, count)`` for every period from the first to the last, gaps as 0.

    ``month_counts`` maps ``YYYY-MM`` (or ``YYYY``) to a count. Within one year the
    chart shows months; over several years, years.
    """
    counts = {k: v for k, v in month_counts.items() if k and k[:4].isdigit() and v}
    if not counts:
        return []
    years = sorted({k[:4] for k in counts})
    monthly = len(years) == 1 and all(len(k) >= 7 for k in counts)
    if not monthly:
        by_year: Counter = Counter()
        for key, value in counts.items():
            by_year[key[:4]] += value
        first, last = int(years[0]), int(years[-1])
        return [(str(y), str(y), by_year.get(str(y), 0)) for y in range(first, last + 1)]
    year = years[0]
    months = sorted(int(k[5:7]) for k in counts if k[5:7].isdigit())
    first, last = months[0], months[-1]
    out = []
    for month in range(first, last + 1):
        key = f"{year}-{month:02d}"
        out.append((key, f"{MONTHS[month - 1]} {year}", counts.get(key, 0)))
    return out


def bar_chart(points: list[tuple[str, str, int]], title: str) -> Markup:
    """An accessible SVG bar chart of ``(key, label, count)`` points; empty Markup for none."""
    if not points:
        return Markup("")
    top = max(count for _, _, count in points) or 1
    total = sum(count for _, _, count in points)
    ident = "chart-" + hashlib.sha1(repr((title, points)).encode()).hexdigest()[:10]
    busiest = max(points, key=lambda p: p[2])
    summary = (f"Kopā {total} {articles_word(total)}, {points[0][1]} – {points[-1][1]}; "
               f"visvairāk: {busiest[1]} ({busiest[2]}).")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(points)
    bar_w = max(1.0, step * 0.8)
    every = max(1, round(len(points) / 10))  # at most about ten labels under the axis
    parts = [
        f'<svg class="novadi-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(summary)}</desc>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}"/>',
        f'<text class="tick" x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end">{top}</text>',
        f'<text class="tick" x="{LEFT - 4}" y="{TOP + plot_h}" text-anchor="end">0</text>',
    ]
    for i, (_key, label, count) in enumerate(points):
        height = plot_h * count / top
        x = LEFT + i * step + (step - bar_w) / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{TOP + plot_h - height:.1f}" width="{bar_w:.1f}" height="{height:.1f}">'
            f'<title>{escape(label)}: {count} {articles_word(count)}</title></rect>'
        )
        if i % every == 0 or i == len(points) - 1 and len(points) <= 12:
            parts.append(
                f'<text class="tick" x="{LEFT + i * step + step / 2:.1f}" y="{HEIGHT - 6}" '
                f'text-anchor="middle" aria-hidden="true">{escape(label.split(" ")[0] if len(points) > 12 else label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


COUNTS_SQL = """
    select substr(a.published, 1, 7) as month, count(*) as n
    from articles_v1 a
    where a.published is not null and ({condition})
    group by month
"""


async def month_counts(db, condition: str, params=None) -> dict[str, int]:
    """Articles per ``YYYY-MM`` among those of ``articles_v1 a`` meeting ``condition``
    (an SQL expression, e.g. ``a.site in (select …)``; the caller's own, never a reader's).
    Empty when the count takes longer than a second: a chart is not worth a slow page."""
    try:
        results = await db.execute(COUNTS_SQL.format(condition=condition), params or [],
                                   custom_time_limit=COUNT_TIME_LIMIT_MS)
    except QueryInterrupted:
        return {}
    return {row["month"]: row["n"] for row in results.rows}


async def timeline(db, condition: str, params=None, *, title: str) -> Markup:
    """The chart of articles over time for the articles meeting ``condition``."""
    return bar_chart(periods(await month_counts(db, condition, params)), title)
