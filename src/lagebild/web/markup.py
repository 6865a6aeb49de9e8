"""An article's text with its annotation spans as HTML, built only from escaped pieces.

Spans overlap freely (a direct quote inside an indirect one, a mention inside a quote, a time expression
inside a quote, a place inside a time expression), but HTML elements must nest.  The text is cut at every
span boundary into elementary segments; each segment is covered by a list of marks ordered outermost first:
the one that starts first, then the longer one, then by layer (quotes, mentions and places, time
expressions, event triggers) — so a span that contains another is never split by it.  A stack of open
elements is kept: for each segment the elements that no longer cover it are closed and the missing ones
opened, so a mark that crosses another is split into several elements with the same attributes.  Every
text piece and attribute value goes through :func:`markupsafe.escape`; links are only ever internal paths
built here.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from urllib.parse import quote as url_quote

from markupsafe import Markup, escape

from lagebild.model import Article

QUOTE_COLOURS = 8  # CSS classes q0..q7; the speaker's name is always shown too (colour never carries alone)
LABEL_NAMES = {"PER": "Person", "ORG": "Organisation", "LOC": "Ort", "MISC": "Sonstiges"}
QUOTE_TYPES = {"direct": "direkt", "indirect": "indirekt", "free_indirect": "frei indirekt",
               "reported": "berichtet"}


@dataclass(frozen=True, slots=True)
class Mark:
    """One span to highlight: an element ``tag`` with ``classes`` and attributes, from ``start`` to ``end``."""

    start: int
    end: int
    layer: int  # nesting order: lower is outer
    tag: str
    classes: str
    attributes: tuple[tuple[str, str], ...] = ()
    badge: str | None = None  # visible text put before the span's first piece (a quote's speaker)
    key: tuple[object, ...] = field(default=())  # identity across split pieces


def entity_href(entity_id: str) -> str:
    return "/entities/" + url_quote(entity_id, safe="")


def speaker_colour(key: str) -> int:
    """A stable colour class for a speaker (crc32: the same speaker has the same colour on every page)."""
    return zlib.crc32(key.encode("utf-8")) % QUOTE_COLOURS


def article_marks(article: Article) -> list[Mark]:
    """Every highlightable span of ``article`` as marks (quotes, mentions, places, time expressions, events)."""
    names = {e.id: e.name for e in article.entities}
    marks: list[Mark] = []
    for index, q in enumerate(article.quotes):
        speaker = q.speaker_name or (names.get(q.speaker, q.speaker) if q.speaker else None) or "unbekannt"
        cue = q.cue.text if q.cue else "—"
        kind = QUOTE_TYPES.get(q.type, q.type)
        attributes = [("data-speaker", speaker), ("data-cue", cue), ("data-type", q.type),
                      ("data-tip", f"Zitat ({kind}) von {speaker}; Redeeinleitung: {cue}"),
                      ("title", f"{speaker} — {cue} ({kind})"), ("tabindex", "0")]
        if q.speaker:
            attributes.append(("data-speaker-id", q.speaker))
        colour = speaker_colour(q.speaker or speaker)
        marks.append(Mark(q.start, q.end, 0, "span", f"q q{colour} qt-{_css_word(q.type)}", tuple(attributes),
                          badge=speaker, key=("q", index)))
    place_at = {(p.start, p.end): p for p in article.places}
    used_places: set[tuple[int, int]] = set()
    for index, m in enumerate(article.mentions):
        label = LABEL_NAMES.get(m.label, m.label)
        name = names.get(m.entity, m.text) if m.entity else m.text
        tip = f"{label}: {name}"
        place = place_at.get((m.start, m.end))
        attributes = [("data-label", m.label), ("data-tip", tip), ("title", tip)]
        if place is not None:
            used_places.add((m.start, m.end))
            attributes += _place_attributes(place.name, place.country_code, place.lat, place.lon)
        if m.entity:
            attributes.insert(0, ("href", entity_href(m.entity)))
            marks.append(Mark(m.start, m.end, 1, "a", f"m m-{_css_word(m.label)}", tuple(attributes),
                              key=("m", index)))
        else:
            marks.append(Mark(m.start, m.end, 1, "span", f"m m-{_css_word(m.label)}", tuple(attributes),
                              key=("m", index)))
    for index, p in enumerate(article.places):
        if (p.start, p.end) in used_places:
            continue
        tip = f"Ort: {p.name}" + (f" ({p.country_code})" if p.country_code else "")
        attributes = [("data-tip", tip), ("title", tip),
                      *_place_attributes(p.name, p.country_code, p.lat, p.lon)]
        marks.append(Mark(p.start, p.end, 1, "span", "pl", tuple(attributes), key=("p", index)))
    for index, t in enumerate(article.timexes):
        value = t.value or "?"
        tip = f"Zeitausdruck ({t.type}): {value}" + (f", {t.mod}" if t.mod else "")
        attributes = [("data-value", value), ("data-type", t.type), ("data-tip", tip), ("title", tip)]
        if t.value:
            attributes.insert(0, ("datetime", t.value))
        marks.append(Mark(t.start, t.end, 2, "time", "tx", tuple(attributes), key=("t", index)))
    for index, e in enumerate(article.events):
        tip = f"Ereignis: {e.type}" + (f" (CAMEO {e.code})" if e.code else "") + f", {e.modality}"
        marks.append(Mark(e.trigger.start, e.trigger.end, 3, "span", "ev",
                          (("data-event", e.type), ("data-tip", tip), ("title", tip)), key=("e", index)))
    return [m for m in marks if 0 <= m.start < m.end <= len(article.text)]


def _place_attributes(name: str, country: str | None, lat: float | None, lon: float | None
                      ) -> list[tuple[str, str]]:
    attributes = [("data-place", name)]
    if country:
        attributes.append(("data-country", country))
    if lat is not None and lon is not None:
        attributes.append(("data-latlon", f"{lat:.4f},{lon:.4f}"))
    return attributes


def _css_word(value: str) -> str:
    """A value usable inside a class name (labels and types come from data: keep letters, digits, _ and -)."""
    return "".join(c for c in value if c.isascii() and (c.isalnum() or c in "_-"))[:20] or "x"


def render_spans(text: str, marks: Iterable[Mark]) -> Markup:
    """``text`` as HTML with ``marks`` as properly nested elements (see the module docstring)."""
    ordered = sorted(marks, key=lambda m: (m.start, -m.end, m.layer, m.key))
    cuts = sorted({0, len(text), *(m.start for m in ordered), *(m.end for m in ordered)})
    pieces: list[str] = []
    stack: list[Mark] = []
    started: set[tuple[object, ...]] = set()
    starting: dict[int, list[int]] = {}
    for position, mark in enumerate(ordered):
        starting.setdefault(mark.start, []).append(position)
    active: set[int] = set()  # positions in ``ordered`` of the marks covering the current segment
    for left, right in pairwise(cuts):
        active.update(starting.get(left, ()))
        active = {p for p in active if ordered[p].end > left}
        covering = [ordered[p] for p in sorted(active)]
        keep = 0
        while keep < len(stack) and keep < len(covering) and stack[keep] is covering[keep]:
            keep += 1
        for mark in reversed(stack[keep:]):
            pieces.append(f"</{mark.tag}>")
        del stack[keep:]
        for mark in covering[keep:]:
            pieces.append(_open_tag(mark, first=mark.key not in started, outer=stack))
            started.add(mark.key)
            stack.append(mark)
        pieces.append(str(escape(text[left:right])))
    pieces.extend(f"</{mark.tag}>" for mark in reversed(stack))
    return Markup("".join(pieces))


def _open_tag(mark: Mark, *, first: bool, outer: Sequence[Mark]) -> str:
    attributes = "".join(f' {name}="{escape(value)}"' for name, value in mark.attributes)
    tag = f'<{mark.tag} class="{escape(mark.classes)}"{attributes}>'
    if mark.badge is None or not first:
        return tag
    # A quote inside a quote of the same speaker (a direct part of an indirect quote) needs no second badge.
    if any(m.badge == mark.badge for m in outer):
        return tag
    return f'<span class="who" aria-hidden="false">{escape(mark.badge)}:</span>' + tag


def render_article(article: Article) -> Markup:
    return render_spans(article.text, article_marks(article))


def render_segments(segments: Iterable[object]) -> Markup:
    """A search snippet: segments ``(text, highlighted)`` (tuples or objects with ``text``/``highlight``)
    become escaped text with ``<mark>`` around the matches."""
    pieces: list[str] = []
    for segment in segments:
        if isinstance(segment, (tuple, list)):
            piece, hit = str(segment[0]), bool(segment[1])
        elif isinstance(segment, dict):
            piece = str(segment.get("text", ""))
            hit = bool(segment.get("highlight", segment.get("match", segment.get("hit", False))))
        else:
            piece = str(getattr(segment, "text", ""))
            hit = bool(getattr(segment, "highlight", getattr(segment, "match", getattr(segment, "hit", False))))
        pieces.append(f"<mark>{escape(piece)}</mark>" if hit else str(escape(piece)))
    return Markup("".join(pieces))
