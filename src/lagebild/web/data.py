"""The data behind the pages and the API, as plain JSON-ready dicts, from the store and the corpus views.

The corpus layer (``lagebild.corpus.search``, ``views``, ``story_views``) is used when it is installed;
views that need it and cannot do without say so with :class:`FeatureUnavailableError` (HTTP 501), the
others fall back to what the store's own queries give.  Rows are bounded: every list takes a limit.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from types import ModuleType
from typing import Any

from lagebild.errors import FeatureUnavailableError, NotFoundError
from lagebild.model import Article
from lagebild.store import Query, Store

from .params import Filters

PLACES_ARTICLES = 1000  # the map shows the places of this many newest matching articles
SCAN_LIMIT = 20_000  # most rows a substring filter reads before it gives up looking further


def corpus_module(name: str) -> ModuleType | None:
    """``lagebild.corpus.<name>`` when it exists in this installation (the corpus layer grows separately)."""
    try:
        return importlib.import_module(f"lagebild.corpus.{name}")
    except ImportError:
        return None


def require(module: str, function: str) -> Any:
    found = corpus_module(module)
    if found is None or not hasattr(found, function):
        raise FeatureUnavailableError(f"this installation has no lagebild.corpus.{module}.{function}",
                                      hint="update lagebild; the corpus layer provides this view")
    return getattr(found, function)


def plain(value: Any) -> Any:
    """Dataclasses, tuples and nested containers as JSON-ready values."""
    if hasattr(value, "to_dict") and callable(value.to_dict) and not isinstance(value, type):
        return plain(value.to_dict())
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    return value


def safe_url(url: object) -> str | None:
    """``url`` when it is an http(s) URL (only those become links; ``javascript:`` and the like never do)."""
    if not isinstance(url, str):
        return None
    stripped = url.strip()
    lowered = stripped.lower()
    if lowered.startswith(("http://", "https://")) and not any(ord(c) < 33 for c in stripped):
        return stripped
    return None


def load_article(store: Store, article_id: str) -> Article:
    from lagebild.errors import LagebildError

    try:
        article = store.get(article_id)
    except LagebildError as exc:  # not hex, too short, ambiguous prefix
        raise NotFoundError(f"no article with id {article_id[:40]!r}", hint=exc.message) from None
    if article is None:
        raise NotFoundError(f"no article with id {article_id[:40]!r}", hint="see /api/articles for stored ids")
    return article


# --- search -----------------------------------------------------------------------------------------------


def search_articles(store: Store, filters: Filters, *, cursor: str | None, limit: int) -> dict[str, Any]:
    """One page of articles matching ``filters``: hits (with snippet segments), total, facets, next cursor."""
    module = corpus_module("search")
    if module is None or not hasattr(module, "SearchQuery") or not hasattr(store, "search"):
        raise FeatureUnavailableError("full-text search is not available in this installation")
    return _full_text_search(module, store, filters, cursor=cursor, limit=limit)


def _full_text_search(module: ModuleType, store: Any, filters: Filters, *, cursor: str | None, limit: int
                      ) -> dict[str, Any]:
    fields = getattr(module.SearchQuery, "__dataclass_fields__", {})
    wanted: dict[str, Any] = {**filters.as_params(), "limit": limit, "cursor": cursor}
    arguments = {name: value for name, value in wanted.items() if name in fields and value is not None}
    result: dict[str, Any] = plain(store.search(module.SearchQuery(**arguments)))
    for hit in result.get("hits", []):
        hit.setdefault("id", hit.get("article_id"))
    result["full_text"] = True
    return result


def _facets(store: Store, q: str = "") -> dict[str, Any] | None:
    """Facet counts of all articles (or those matching ``q``) from the search module, or None without it."""
    module = corpus_module("search")
    if module is None or not hasattr(store, "search"):
        return None
    page = store.search(module.SearchQuery(q=q, limit=1))
    return {"total": page.total, "facets": {name: list(values) for name, values in page.facets.items()},
            "names": dict(getattr(page, "names", {}))}


def stats(store: Store) -> dict[str, Any]:
    """How much the store holds (articles, outlets, entities, quotes, events, first and last day, articles by
    outlet), plus articles per day, the most quoted speakers and most named entities, and the story count."""
    views = corpus_module("views")
    if views is not None and hasattr(views, "stats"):
        result: dict[str, Any] = dict(plain(views.stats(store)))
    else:
        result = {"articles": store.count(), "by_outlet": []}
    result["per_day"], result["top_speakers"], result["top_entities"] = [], [], []
    counted = _facets(store)
    if counted is not None:
        facets, names = counted["facets"], counted["names"]
        result["per_day"] = [{"day": v, "count": n} for v, n in facets.get("date", [])]
        result["top_speakers"] = [{"name": v, "articles": n} for v, n in facets.get("speaker", [])[:10]]
        result["top_entities"] = [{"id": v, "name": names.get(v, v), "articles": n}
                                  for v, n in facets.get("entity", [])[:10]]
        if not result["by_outlet"]:
            result["by_outlet"] = [{"outlet": v, "articles": n} for v, n in facets.get("outlet", [])]
    count_stories = getattr(store, "story_count", None)
    result["stories"] = count_stories() if count_stories is not None else None
    return result


def timeline(store: Store, filters: Filters) -> dict[str, Any]:
    """Articles per day matching the filters: raw counts (``count``), all articles (``total``) and ``share``."""
    view = require("views", "timeline")
    days = view(store, q=filters.q, date_from=filters.date_from, date_to=filters.date_to, outlet=filters.outlet,
                entity=filters.entity)
    return {"q": filters.q, "days": plain(days)}


def newest_day(counts: dict[str, Any]) -> str | None:
    """The newest publication day in :func:`stats`' result."""
    days = [d["day"] for d in counts.get("per_day", []) if d.get("day")]
    return max(days)[:10] if days else None


# --- layers across articles ---------------------------------------------------------------------------------


def layer_page(rows_of: Any, query: Query, *, text: str | None, text_fields: Sequence[str], offset: int,
               limit: int) -> tuple[list[dict[str, Any]], bool]:
    """One page of layer rows (quotes, events) and whether more follow; ``text`` filters by substring.

    Without ``text`` the store pages; with it, rows are read in chunks and filtered here (at most
    :data:`SCAN_LIMIT` rows are looked at, so a rare substring answers quickly, possibly incompletely).
    """
    if not text:
        rows: list[dict[str, Any]] = rows_of(_with_page(query, limit + 1, offset))
        return rows[:limit], len(rows) > limit
    needle = text.casefold()
    matched: list[dict[str, Any]] = []
    chunk, position = 1000, 0
    while position < SCAN_LIMIT:
        rows = rows_of(_with_page(query, chunk, position))
        for row in rows:
            if any(needle in str(row.get(name) or "").casefold() for name in text_fields):
                matched.append(row)
        if len(matched) > offset + limit or len(rows) < chunk:
            break
        position += chunk
    return matched[offset:offset + limit], len(matched) > offset + limit


def _with_page(query: Query, limit: int, offset: int) -> Query:
    return Query(ids=query.ids, date_from=query.date_from, date_to=query.date_to, outlet=query.outlet,
                 entity=query.entity, speaker=query.speaker, event_type=query.event_type, limit=limit,
                 offset=offset)


def quote_row(row: dict[str, Any]) -> dict[str, Any]:
    cue = row.get("cue")
    return {"article_id": row["article_id"], "title": row.get("title"), "outlet": row.get("outlet"),
            "published": row.get("published"), "text": row.get("text"), "type": row.get("type"),
            "speaker": row.get("speaker"), "speaker_name": row.get("speaker_name"),
            "cue": cue.get("text") if isinstance(cue, dict) else cue, "start": row.get("start"),
            "end": row.get("end")}


def event_row(row: dict[str, Any]) -> dict[str, Any]:
    trigger = row.get("trigger")
    return {"article_id": row["article_id"], "title": row.get("title"), "outlet": row.get("outlet"),
            "published": row.get("published"), "type": row.get("type"), "code": row.get("code"),
            "trigger": trigger.get("text") if isinstance(trigger, dict) else trigger,
            "actors": row.get("actors") or [], "targets": row.get("targets") or [],
            "place_name": row.get("place_name"), "time": row.get("time"), "theme": row.get("theme"),
            "polarity": row.get("polarity"), "modality": row.get("modality"),
            "attribution": row.get("attribution"), "speaker": row.get("speaker")}


# --- entities -----------------------------------------------------------------------------------------------


def entity_view(store: Store, entity_id: str, *, limit: int) -> dict[str, Any]:
    """Name, type, mentions per day, quotes by and about, roles, descriptions and co-occurring entities.

    The lists of quotes and descriptions keep their newest ``limit`` items (a much-quoted person has
    thousands; ``/api/quotes?speaker=`` pages through all of them); ``*_total`` says how many there are.
    """
    view = require("views", "entity_page")
    result = dict(plain(view(store, entity_id)))
    for name in ("quotes_by", "quotes_about", "descriptions"):
        items = list(result.get(name) or [])
        result[f"{name}_total"] = len(items)
        result[name] = items[-limit:][::-1]  # newest first
    return result


def find_entities(store: Store, text: str | None, *, limit: int) -> list[dict[str, Any]]:
    """Entities whose name contains ``text`` (all without it), most articles first."""
    view = require("views", "find_entities")
    return list(plain(view(store, text, limit=limit)))


def speaker_quotes(store: Store, filters: Filters, *, offset: int, limit: int) -> tuple[list[dict[str, Any]], bool]:
    """One page of a speaker's quotes across outlets (``q`` matched with German stems, as search does)."""
    assert filters.speaker
    view = require("views", "speaker_quotes")
    rows = [quote for quote in plain(view(store, filters.speaker, q=filters.q, outlet=filters.outlet))
            if _in_dates(quote.get("published"), filters)]
    return rows[offset:offset + limit], len(rows) > offset + limit


def quotes_page(store: Store, filters: Filters, *, offset: int, limit: int) -> tuple[list[dict[str, Any]], bool]:
    """One page of quotes: a speaker's (with ``q`` as search matches it) or all (``q`` as a substring)."""
    if filters.speaker:
        return speaker_quotes(store, filters, offset=offset, limit=limit)
    rows, more = layer_page(store.quotes, filters.query(), text=filters.q, text_fields=("text", "speaker_name"),
                            offset=offset, limit=limit)
    return [quote_row(r) for r in rows], more


def _in_dates(published: str | None, filters: Filters) -> bool:
    day = (published or "")[:10]
    if filters.date_from and (not day or day < filters.date_from):
        return False
    return not (filters.date_to and (not day or day > filters.date_to))


# --- places -------------------------------------------------------------------------------------------------


def places_of(store: Store, filters: Filters, *, articles: int) -> dict[str, Any]:
    """Geocoded places of the (at most ``articles``) newest articles matching the filters, counted."""
    query = filters.query()
    total = store.count(query)
    newest = Query(date_from=query.date_from, date_to=query.date_to, outlet=query.outlet, entity=query.entity,
                   speaker=query.speaker, event_type=query.event_type, limit=articles,
                   offset=max(total - articles, 0))
    ids = store.article_ids(newest)
    counted: dict[tuple[str, float, float], dict[str, Any]] = {}
    for row in store.places(Query(ids=ids)) if ids else []:
        if row.get("lat") is None or row.get("lon") is None:
            continue
        key = (row["name"], round(row["lat"], 3), round(row["lon"], 3))
        entry = counted.setdefault(key, {"name": row["name"], "country_code": row.get("country_code"),
                                         "lat": row["lat"], "lon": row["lon"], "mentions": 0, "articles": set(),
                                         "entity": f"geonames:{row['geonames_id']}" if row.get("geonames_id")
                                         else None})
        entry["mentions"] += 1
        entry["articles"].add(row["article_id"])
    places = sorted(counted.values(), key=lambda p: (-p["mentions"], p["name"]))
    for entry in places:
        entry["articles"] = len(entry["articles"])
    return {"places": places, "articles_read": len(ids)}


# --- stories ------------------------------------------------------------------------------------------------


def _story_store(store: Store) -> Any:
    if not all(hasattr(store, name) for name in ("story", "stories", "story_growth")):
        raise FeatureUnavailableError("stories are not available in this installation",
                                      hint="update lagebild; `lagebild corpus update` groups articles into stories")
    return store


def list_stories(store: Store, filters: Filters, *, offset: int, limit: int) -> list[dict[str, Any]]:
    list_function = require("story_views", "list_stories")
    rows = list_function(_story_store(store), date_from=filters.date_from, date_to=filters.date_to,
                         outlet=filters.outlet, entity=filters.entity, limit=limit, offset=offset)
    return [plain(r) for r in rows]


def story_view(store: Store, story_id: str) -> dict[str, Any]:
    """One story with the outlet comparison; an unknown id raises the corpus layer's E602 (sent as 404)."""
    view = require("story_views", "story_view")
    return dict(plain(view(_story_store(store), story_id)))


def top_stories(store: Store, *, since: str, until: str, limit: int) -> list[dict[str, Any]]:
    top = require("story_views", "top_stories")
    return [plain(r) for r in top(_story_store(store), since=since, until=until, limit=limit)]


def story_of(store: Store, article_id: str) -> Any:
    """The story an article belongs to (``None`` when stories are not available or it has none)."""
    finder = getattr(store, "story_of", None)
    if finder is None:
        return None
    from lagebild.errors import LagebildError

    try:
        return plain(finder(article_id))
    except LagebildError:  # the corpus tables of an older store: no story link then
        return None
