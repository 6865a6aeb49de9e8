"""Full-text search over stored articles: the request and result types, cursors, and :func:`search`.

``store.search(SearchQuery(q="Waffenruhe", outlet="stern.de"))`` returns a :class:`SearchPage`: the best
hits (ranked by BM25 on SQLite, ``ts_rank_cd`` on PostgreSQL; newest first when ``q`` is empty), each with a
snippet as segments ``(text, matched)`` — the caller escapes the text for its medium, nothing here builds
markup from article text —, the number of matching articles, facet counts and a cursor for the next page.
The query language and the German matching are described in :mod:`lagebild.corpus.search_text` and
``docs/search.md``; the SQL is in :mod:`lagebild.store.search_sql`.

A cursor is opaque and stable: it holds the last hit's sort key and a fingerprint of the query and its
filters, so the next page continues after that hit (articles stored meanwhile never repeat a hit) and a
cursor given with another query is refused (:class:`~lagebild.errors.SearchCursorError`, E622).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from lagebild.errors import SearchCursorError, SearchFilterError

if TYPE_CHECKING:
    from lagebild.store.base import Store

    from .search_text import Segment

MAX_LIMIT = 1000
FACETS = ("date", "outlet", "entity", "speaker", "place", "event_type", "story")
FACET_SIZE = 20  # values per facet (dates: every day)
FACET_SAMPLE = 2000  # above this many matches, facets are estimated from an even sample of about this size


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What to search for.  Every filter is optional; they combine with AND.

    ``date_from``/``date_to``: ISO dates, inclusive, on the publication date; ``outlet``: any outlet that
    published the text; ``entity``: entity id or name; ``speaker``: speaker entity id or name (any case);
    ``place``: a place name; ``event_type``: an event type; ``story``: a story id.  ``facets=False``
    skips the facet counts (only ``total`` is counted); a tuple of names (e.g. ``("date",)``) counts those.
    """

    q: str = ""
    date_from: str | None = None
    date_to: str | None = None
    outlet: str | None = None
    entity: str | None = None
    speaker: str | None = None
    place: str | None = None
    event_type: str | None = None
    story: str | None = None
    limit: int = 20
    cursor: str | None = None
    facets: bool | tuple[str, ...] = True

    def checked(self) -> SearchQuery:
        """This query with blank filters as None; raises :class:`SearchFilterError` (E623) for bad values."""
        if not isinstance(self.limit, int) or isinstance(self.limit, bool) or not 1 <= self.limit <= MAX_LIMIT:
            raise SearchFilterError(f"limit must be a whole number from 1 to {MAX_LIMIT}, not {self.limit!r}")
        values: dict[str, Any] = {}
        for name in ("date_from", "date_to", "outlet", "entity", "speaker", "place", "event_type", "story",
                     "cursor"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise SearchFilterError(f"{name} must be text, not {type(value).__name__}")
            values[name] = value.strip() or None if isinstance(value, str) else None
        for name in ("date_from", "date_to"):
            if values[name] is not None:
                try:
                    date.fromisoformat(values[name])
                except ValueError:
                    raise SearchFilterError(f"{name} {values[name]!r} is not a date",
                                            hint="write dates as YYYY-MM-DD") from None
        if not isinstance(self.facets, bool) and (not isinstance(self.facets, tuple)
                                                  or any(name not in FACETS for name in self.facets)):
            raise SearchFilterError(f"facets must be True, False or names from {', '.join(FACETS)}")
        if not isinstance(self.q, str):
            raise SearchFilterError(f"q must be text, not {type(self.q).__name__}")
        return replace(self, **values)

    def fingerprint(self) -> str:
        """Identifies the query and filters (not the page): a cursor is only valid for the same fingerprint."""
        key = [self.q.strip(), self.date_from, self.date_to, self.outlet, self.entity, self.speaker, self.place,
               self.event_type, self.story]
        return hashlib.sha1(json.dumps(key, ensure_ascii=False).encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    snippet: list[Segment]
    score: float


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of hits; ``facets[name]`` is ``[(value, count)]``, most frequent first (dates: by day);
    ``names`` gives the entity facet's names by entity id.  ``total`` is exact; with more than
    :data:`FACET_SAMPLE` matches the facet counts are estimates (``facets_estimated``: counted on an even
    sample of the matches and scaled), except when only ``date`` is asked for."""

    hits: list[SearchHit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    next_cursor: str | None = None
    names: dict[str, str] = field(default_factory=dict)
    facets_estimated: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (segments as ``{"text", "match"}`` objects)."""
        hits = []
        for hit in self.hits:
            row = asdict(hit)
            row["snippet"] = [{"text": text, "match": matched} for text, matched in hit.snippet]
            hits.append(row)
        return {"total": self.total, "hits": hits,
                "facets": {name: [{"value": v, "count": n} for v, n in values] for name, values in self.facets.items()},
                "names": self.names, "facets_estimated": self.facets_estimated, "next_cursor": self.next_cursor}


def encode_cursor(query: SearchQuery, key: tuple[Any, ...]) -> str:
    """An opaque cursor after the hit with sort key ``key`` (score or publication date, then a unique key)."""
    raw = json.dumps({"f": query.fingerprint(), "k": list(key)}, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(query: SearchQuery) -> tuple[Any, ...] | None:
    """The sort key in ``query.cursor`` (None without one); E622 if it is damaged or for another query."""
    if query.cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(query.cursor + "=" * (-len(query.cursor) % 4))
        data = json.loads(raw)
        key = data["k"]
        fingerprint = data["f"]
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
        raise SearchCursorError("the cursor is damaged", hint="start again without a cursor") from None
    if fingerprint != query.fingerprint():
        raise SearchCursorError("the cursor belongs to another query or other filters",
                                hint="start again without a cursor")
    valid = (isinstance(key, list) and len(key) == 2 and isinstance(key[1], str | int)
             and (key[0] is None or isinstance(key[0], str | float | int))
             and not any(isinstance(part, bool) for part in key))
    if not valid:
        raise SearchCursorError("the cursor is damaged", hint="start again without a cursor")
    return tuple(key)


def search(store: Store, query: SearchQuery) -> SearchPage:
    """``store.search(query)`` (for callers that hold a :class:`~lagebild.store.base.Store`)."""
    return store.search(query)
