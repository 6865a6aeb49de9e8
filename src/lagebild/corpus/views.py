"""Corpus views as functions over a store: what the API, the web UI and ``lagebild entity``/``timeline`` show.

Every function takes an open :class:`~lagebild.store.base.Store` and returns plain data (dicts, lists,
strings, numbers) that serialises to JSON as it is; text from articles is returned as text, never as
markup, so each medium escapes it itself.  The SQL lives in
:class:`lagebild.store.views_sql.CorpusViewsSQL`; search in :mod:`lagebild.corpus.search`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from lagebild.errors import EntityNotFoundError, SearchFilterError
from lagebild.store.base import Query

from .search import SearchQuery
from .search_text import WORD, ParsedQuery, parse_query, stem

COOCCURRING = 20


def _checked_dates(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    checked = SearchQuery(date_from=date_from, date_to=date_to).checked()
    return checked.date_from, checked.date_to


def entity_page(store: Any, entity_id: str, *, date_from: str | None = None,
                date_to: str | None = None) -> dict[str, Any]:
    """Everything about one entity (id or name): name and type, mentions per day, co-occurring entities,
    quotes by it and about it, its roles over time (knowledge base and learned from articles) and the role
    descriptions articles used for it ("der russische Außenminister", with date, article and outlet).

    Raises :class:`~lagebild.errors.EntityNotFoundError` (E624) when no stored entity has that id or name.
    """
    date_from, date_to = _checked_dates(date_from, date_to)
    ids = resolve_entity(store, entity_id)
    summary = store.entity_summary(ids)
    main = summary[0]
    mentions = [m for entity in ids for m in store.mentions(Query(entity=entity, date_from=date_from,
                                                                  date_to=date_to))]
    quotes_by = [q for entity in ids for q in store.quotes(Query(speaker=entity, date_from=date_from,
                                                                 date_to=date_to))]
    descriptions = [{"published": m["published"], "article_id": m["article_id"], "title": m["title"],
                     "outlet": m["outlet"], "text": m["text"]}
                    for m in mentions if m.get("kind") == "nominal"]
    return {
        "id": main["entity_id"],
        "ids": ids,
        "name": main["name"],
        "names": sorted({row["name"] for row in summary}),
        "type": main["label"],
        "kb_id": main["kb_id"],
        "articles": max(row["articles"] for row in summary),
        "mentions": len(mentions),
        "mentions_per_day": [{"day": day, "count": n} for day, n in store.mentions_per_day(ids, date_from, date_to)],
        "cooccurring": store.cooccurring(ids, date_from, date_to, COOCCURRING),
        "quotes_by": [_quote(q) for q in quotes_by],
        "quotes_about": [_quote(q) for q in store.quotes_mentioning(ids, date_from, date_to)],
        "roles": _roles(store, ids, main["kb_id"]),
        "descriptions": sorted(descriptions, key=lambda d: (d["published"] or "", d["article_id"])),
    }


def resolve_entity(store: Any, name_or_id: str) -> list[str]:
    """The stored entity ids ``name_or_id`` means: an entity id, else every id with exactly that name, else the
    entity with the most articles among those whose name contains it ("Lawrow").  E624 when none."""
    key = name_or_id.strip()
    ids: list[str] = store.entity_ids_for(key) if key else []
    if not ids and key:
        ids = [row["id"] for row in store.find_entity_rows(key, None, 1)]
    if not ids:
        raise EntityNotFoundError(f"no stored entity has the id or name {name_or_id!r}",
                                  hint="list entities with find_entities (the web UI, `lagebild entity` with a "
                                       "part of the name) or search the articles")
    return ids


def _quote(row: dict[str, Any]) -> dict[str, Any]:
    cue = row.get("cue")
    return {"article_id": row["article_id"], "title": row.get("title"), "outlet": row.get("outlet"),
            "published": row.get("published"), "text": row["text"], "type": row["type"],
            "speaker": row.get("speaker"), "speaker_name": row.get("speaker_name"),
            "cue": cue["text"] if isinstance(cue, dict) else row.get("cue_text")}


def _roles(store: Any, ids: list[str], kb_id: str | None) -> dict[str, Any]:
    """Positions from the knowledge base, and the roles articles stated (first/last day, articles)."""
    from lagebild.resources import Resources

    positions: list[dict[str, Any]] = []
    if kb_id:
        record = Resources.from_store(store).knowledge_base.get(kb_id)
        if record is not None:
            positions = [{"role": p.role, "country": p.country, "start": p.start, "end": p.end}
                         for p in record.positions]
    learned: dict[tuple[str, str | None, str | None], dict[str, Any]] = {}
    for entity in ids:
        for fact in store.roles_of(entity):
            key = (fact["role"], fact["country"], fact["qualifier"])
            entry = learned.setdefault(key, {"role": key[0], "country": key[1], "qualifier": key[2],
                                             "first": None, "last": None, "articles": []})
            day = (fact["published"] or "")[:10] or None
            if day and (entry["first"] is None or day < entry["first"]):
                entry["first"] = day
            if day and (entry["last"] is None or day > entry["last"]):
                entry["last"] = day
            if fact["article_id"] not in entry["articles"]:
                entry["articles"].append(fact["article_id"])
    over_time = sorted(learned.values(), key=lambda e: (e["first"] or "", e["role"]))
    return {"kb": positions, "learned": over_time}


def find_entities(store: Any, q: str | None = None, *, type: str | None = None,
                  limit: int = 50) -> list[dict[str, Any]]:
    """Entities whose name contains ``q`` (any case; all without ``q``), optionally of one type (PER, ORG,
    LOC, MISC), most articles first: ``{id, name, type, articles, mentions}``."""
    if not isinstance(limit, int) or not 1 <= limit <= 1000:
        raise SearchFilterError(f"limit must be a whole number from 1 to 1000, not {limit!r}")
    return list(store.find_entity_rows((q or "").strip() or None, type or None, limit))


def speaker_quotes(store: Any, speaker: str, *, q: str | None = None,
                   outlet: str | None = None) -> list[dict[str, Any]]:
    """The quotes of one speaker (entity id or name, any case) across outlets, oldest first; each with
    every outlet that published its article (``outlets``).  ``q`` keeps the quotes whose text matches the
    search query (German stems, as in search); ``outlet`` the articles that outlet published."""
    rows = store.quotes(Query(speaker=speaker))
    if not rows:  # not a speaker's id or full name: the entity it names ("Lawrow")
        try:
            rows = [r for entity in resolve_entity(store, speaker) for r in store.quotes(Query(speaker=entity))]
        except EntityNotFoundError:
            return []
    parsed = parse_query(q) if q and q.strip() else None
    outlets = store.outlets_of(list(dict.fromkeys(r["article_id"] for r in rows)))
    result = []
    for row in rows:
        carried = outlets.get(row["article_id"]) or ([row["outlet"]] if row["outlet"] else [])
        if outlet and outlet not in carried:
            continue
        if parsed is not None and not _text_matches(row["text"], parsed):
            continue
        result.append({**_quote(row), "outlets": carried})
    return result


def _text_matches(text: str, parsed: ParsedQuery) -> bool:
    """Whether ``text`` matches the query: every group has a term whose stems all occur (phrases in order),
    no excluded term occurs.  Prefix terms match stems starting with the folded prefix."""
    from .search_text import folded

    stems = [stem(w) for w in WORD.findall(text)]
    present = set(stems)
    joined = " " + " ".join(stems) + " "

    def found(term: Any) -> bool:
        if term.prefix:
            prefix = folded(term.words[0])
            return any(s.startswith(prefix) for s in present) or term.stems[0] in present
        if term.is_phrase:
            return " " + " ".join(term.stems) + " " in joined
        return term.stems[0] in present

    return all(any(found(t) for t in group) for group in parsed.all_of) and \
        not any(found(t) for t in parsed.none_of)


def timeline(store: Any, *, q: str | None = None, date_from: str | None = None, date_to: str | None = None,
             outlet: str | None = None, entity: str | None = None) -> list[dict[str, Any]]:
    """Articles per publication day matching the query and filters (``count``), all articles of that day
    (``total``) and ``share`` = count / total; days without a match but with articles have count 0."""
    matching = store.search(SearchQuery(q=q or "", date_from=date_from, date_to=date_to, outlet=outlet,
                                        entity=entity, limit=1, facets=("date",))).facets.get("date", [])
    everything = store.search(SearchQuery(date_from=date_from, date_to=date_to, limit=1,
                                          facets=("date",))).facets.get("date", [])
    counts: dict[str, int] = defaultdict(int, matching)
    return [{"day": day, "count": counts[day], "total": total, "share": round(counts[day] / total, 4)}
            for day, total in everything]


def stats(store: Any) -> dict[str, Any]:
    """Counts of articles, outlets, entities, quotes and events, the first and last publication day, and
    articles per outlet (every outlet that published a text counts it)."""
    result: dict[str, Any] = store.corpus_stats()
    result["by_outlet"] = [{"outlet": outlet, "articles": n} for outlet, n in result["by_outlet"]]
    return result
