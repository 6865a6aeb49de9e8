"""Server-side HTML: the Jinja2 environment (autoescape on for every template) and small SVG charts.

Charts are drawn here as SVG built from numbers and escaped labels, so a page shows its plot without any
script and without a plotting library; the same markup is readable by screen readers through its
``<title>`` elements and the table each chart comes with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from jinja2 import ChainableUndefined, Environment, FileSystemLoader
from markupsafe import Markup, escape

from lagebild import __version__

from .data import safe_url
from .markup import LABEL_NAMES, QUOTE_TYPES, entity_href, render_segments, speaker_colour

TEMPLATES = Path(__file__).parent / "templates"
NAVIGATION = (("/", "Überblick"), ("/search", "Suche"), ("/stories", "Geschichten"), ("/entities", "Personen"),
              ("/quotes", "Zitate"), ("/events", "Ereignisse"), ("/map", "Karte"), ("/analyse", "Analysieren"),
              ("/api", "API"))


def make_environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=ChainableUndefined,
                              trim_blocks=True, lstrip_blocks=True)
    environment.globals.update(navigation=NAVIGATION, version=__version__, label_names=LABEL_NAMES,
                               quote_types=QUOTE_TYPES)
    environment.filters.update(safe_url=safe_url, entity_href=entity_href, snippet=render_segments,
                               speaker_colour=speaker_colour, day_chart=day_chart, short_day=short_day,
                               percent=percent)
    environment.globals.update(query_string=query_string, article_href=article_href, story_href=story_href)
    return environment


def render_page(template: str, request: Request, **context: Any) -> str:
    environment: Environment = request.app.state.templates
    return environment.get_template(template).render(request_path=request.url.path, **context)


def query_string(params: Mapping[str, Any], **changes: Any) -> str:
    """``?a=1&b=2`` from ``params`` with ``changes`` applied (``None`` removes a key)."""
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return "?" + urlencode(merged) if merged else ""


def article_href(article_id: object) -> str:
    return "/articles/" + "".join(c for c in str(article_id) if c in "0123456789abcdef")[:16]


def story_href(story_id: object) -> str:
    from urllib.parse import quote

    return "/stories/" + quote(str(story_id), safe="")


def short_day(value: object) -> str:
    return str(value)[:10] if value else "—"


def percent(value: object) -> str:
    try:
        return f"{float(value) * 100:.0f} %"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "—"


def bucket_counts(points: Sequence[Mapping[str, Any]], *, key: str = "count") -> list[tuple[str, str, str, float]]:
    """Counts per day, month or year (whichever gives at most ~120 bars) with empty buckets filled:
    ``(label, first day, last day, value)``."""
    values: dict[date, float] = {}
    for point in points:
        try:
            day = date.fromisoformat(str(point.get("day") or point.get("date") or "")[:10])
        except ValueError:
            continue
        values[day] = values.get(day, 0.0) + float(point.get(key) or 0)
    if not values:
        return []
    first, last = min(values), max(values)
    span = (last - first).days
    if span <= 120:
        return [(d.isoformat(), d.isoformat(), d.isoformat(), values.get(d, 0.0))
                for d in (first + timedelta(days=i) for i in range(span + 1))]
    monthly = span <= 3650
    buckets: dict[tuple[int, int], float] = {}
    for day, value in values.items():
        slot = (day.year, day.month if monthly else 1)
        buckets[slot] = buckets.get(slot, 0.0) + value
    result = []
    year, month = first.year, first.month if monthly else 1
    while (year, month) <= (last.year, last.month if monthly else 1):
        if monthly:
            following = date(year + (month == 12), month % 12 + 1, 1)
            label = f"{year:04d}-{month:02d}"
        else:
            following = date(year + 1, 1, 1)
            label = f"{year:04d}"
        result.append((label, date(year, month, 1).isoformat(), (following - timedelta(days=1)).isoformat(),
                       buckets.get((year, month), 0.0)))
        year, month = following.year, following.month
    return result


def day_chart(points: Sequence[Mapping[str, Any]], key: str = "count", label: str = "Artikel",
              link: Mapping[str, Any] | None = None, target: str = "/search") -> Markup:
    """A bar chart of counts over time as inline SVG (no script).  Every bar has a title with its period and
    value and, with ``link`` (filters to keep), is a link to ``target`` restricted to that period."""
    series = bucket_counts(points, key=key)
    if not series:
        return Markup('<p class="muted">Keine datierten Daten.</p>')
    width, height, pad = 640, 160, 24
    top = max(v for *_, v in series) or 1.0
    bar = min((width - 2 * pad) / len(series), 40.0)  # a few bars stay bars, not a filled block
    bars = []
    for index, (period, first, last, value) in enumerate(series):
        h = max((height - 2 * pad) * value / top, 0.0)
        x, y = pad + index * bar, height - pad - h
        shown = f"{value:g}"
        rect = (f'<rect x="{x:.1f}" y="{pad}" width="{max(bar - 1, 1):.1f}" height="{height - 2 * pad}" '
                f'class="hit"></rect><rect x="{x:.1f}" y="{y:.1f}" width="{max(bar - 1, 1):.1f}" height="{h:.1f}">'
                f"</rect><title>{escape(period)}: {escape(shown)} {escape(label)}</title>")
        if link is not None and value:
            href = target + query_string(link, date_from=first, date_to=last, cursor=None)
            bars.append(f'<a href="{escape(href)}" aria-label="{escape(period)}: {escape(shown)} {escape(label)}">'
                        f"{rect}</a>")
        else:
            bars.append(f"<g>{rect}</g>")
    axis = f'<text x="{pad}" y="{height - 6}">{escape(series[0][0])}</text><text x="{pad}" y="14">max {top:g}</text>'
    if len(series) > 1:
        end = pad + len(series) * bar
        axis += f'<text x="{end:.1f}" y="{height - 6}" text-anchor="end">{escape(series[-1][0])}</text>'
    summary = escape(f"{label} pro Zeitraum, {series[0][0]} bis {series[-1][0]}, höchstens {top:g}")
    return Markup(f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{summary}">'
                  f'<title>{summary}</title>{"".join(bars)}{axis}</svg>')
