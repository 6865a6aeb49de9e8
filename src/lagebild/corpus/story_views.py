"""Views of stories and copies the API, the web UI and the command line serve (JSON-able dicts).

* :func:`story_view` — one story: its articles (every publication), outlets, top
  entities, places, quotes, events, publication timeline, related stories and the
  outlet comparison (:func:`lagebild.corpus.compare.compare_story`): per article the
  statements it shares, its own additions (flagged), quotes carried or left out,
  its claimed source and how much of its text comes from a copy in the corpus,
  with the shared character ranges.
* :func:`list_stories` — stories filtered by date range, outlet and entity.
* :func:`top_stories` — the stories of a window ranked by growth: articles in the
  window against articles before it.
* :func:`copies_view` — the copy links and copy group of one article.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from ..errors import StoryNotFoundError
from .compare import CompareParams, compare_story
from .copies import CopyLink

if TYPE_CHECKING:
    from ..store.base import Store

__all__ = ["copies_view", "list_stories", "story_view", "top_stories"]

#: The outlet comparison aligns every sentence with every other version: a story with hundreds of
#: articles compares its first ``MAX_COMPARED`` (in arrival order) and says so (``compared``).
MAX_COMPARED = 40


def _quotes(comparison: Any, outlets: dict[str, str | None]) -> list[dict[str, Any]]:
    return [{"id": group.id, "speaker": group.speaker, "speaker_name": group.speaker_name, "text": group.text,
             "carried_by": [{"article_id": a, "outlet": outlets.get(a)} for a in group.carried_by],
             "left_out_by": [{"article_id": a, "outlet": o} for a, o in outlets.items() if a not in group.carried_by]}
            for group in comparison.quote_groups]


def story_view(store: Store, story_id: str, *, params: CompareParams | None = None,
               max_compared: int = MAX_COMPARED) -> dict[str, Any]:
    """Everything about one story as JSON-able data (see the module docstring); raises
    :class:`StoryNotFoundError` (E602) for an unknown id (ids of merged stories are followed)."""
    row = store.story(story_id)
    if row is None:
        raise StoryNotFoundError(f"no story {story_id!r}", hint="`lagebild stories` lists the stored stories")
    members = row["articles"]
    ids = [str(m["article_id"]) for m in members]
    articles = store.get_many(ids[:max_compared])
    compared_ids = [a.id for a in articles]
    links = [CopyLink.from_row(r) for r in store.copy_links_among(ids)]
    comparison = compare_story(articles, links, ids=compared_ids, story_id=row["id"], params=params)
    by_id = {a.id: a for a in articles}
    outlet_of = {str(m["article_id"]): m["outlet"] for m in members}
    outlets: Counter[str] = Counter()
    entries = []
    for member in members:
        article_id = str(member["article_id"])
        publications = store.publications(article_id)
        outlets.update({p["outlet"] for p in publications if p["outlet"]} or ({member["outlet"]} - {None}))
        article = by_id.get(article_id)
        entries.append({
            "id": article_id, "outlet": member["outlet"], "url": member["url"], "title": member["title"],
            "published": member["published"], "copy_group": member["copy_group"], "via": member["via"],
            "score": round(float(member["score"]), 4), "claimed_source": article.claimed_source if article else None,
            "publications": publications})
    events = [{"article_id": a.id, "outlet": a.outlet, "type": e.type, "trigger": e.trigger.text,
               "time": e.time, "place": e.place_name} for a in articles for e in a.events]
    summary = row["summary"]
    per_day: Counter[str] = Counter((m["published"] or "")[:10] or "undated" for m in members)
    compared = []
    for item in comparison.articles:
        data = item.to_dict()
        data["own_statements"] = [{"index": s.index, "text": s.text, "status": s.status,
                                   "own_spans": [list(span) for span in s.own_spans]}
                                  for s in item.sentences if s.flagged]
        data["shared_statements"] = [{"index": s.index, "text": s.text,
                                      "with": sorted({m.article_id for m in s.shared_with})}
                                     for s in item.sentences if s.status == "shared"]
        compared.append(data)
    return {
        "id": row["id"], "title": row["title"], "first_seen": row["first_seen"], "last_seen": row["last_seen"],
        "article_count": len(members), "articles": entries, "outlets": dict(outlets.most_common()),
        "top_entities": summary.get("top_entities", []), "places": summary.get("places", {}),
        "speakers": summary.get("speakers", {}), "event_types": summary.get("events", {}), "events": events,
        "quotes": _quotes(comparison, {i: outlet_of.get(i) for i in compared_ids}),
        "timeline": [{"published": p, "article_id": a, "outlet": o} for p, a, o in summary.get("timeline", [])],
        "per_day": dict(sorted(per_day.items())), "related": row["related"],
        "compared": len(compared_ids), "comparison": compared,
    }


def list_stories(store: Store, *, date_from: str | None = None, date_to: str | None = None,
                 outlet: str | None = None, entity: str | None = None, limit: int = 50,
                 offset: int = 0) -> list[dict[str, Any]]:
    """Stories overlapping the date range (inclusive ISO dates), with an article of ``outlet`` and naming
    ``entity`` (id or name), latest first: id, title, first/last seen, articles, outlets, top entities."""
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    return store.stories(date_from=date_from, date_to=date_to, outlet=outlet, entity=entity, limit=limit,
                         offset=offset)


def top_stories(store: Store, *, since: str, until: str, limit: int = 10) -> list[dict[str, Any]]:
    """Stories with articles published in ``[since, until]``, ranked by growth: articles in the window divided
    by one plus the articles before it (``in_window``, ``before``, ``growth``), then by articles in the window."""
    return store.story_growth(since, until, limit=limit)


def copies_view(store: Store, article_id: str) -> dict[str, Any]:
    """An article's copy links (closest first, with the shared ranges of both texts), its copy group and
    story; raises :class:`StoryNotFoundError` (E602) for an unknown article."""
    resolved = store.resolve_id(article_id)
    article = store.get_many([resolved])[0] if resolved else None
    if article is None or resolved is None:
        raise StoryNotFoundError(f"no article {article_id!r}", hint="`lagebild list` shows the stored ids")
    links = store.copies_of(resolved)
    others = {a.id: a for a in store.get_many([link["other_id"] for link in links])}
    for link in links:
        other = others.get(link["other_id"])
        link["outlet"] = other.outlet if other else None
        link["title"] = other.title if other else None
        link["published"] = other.published if other else None
        link["claimed_source"] = other.claimed_source if other else None
        link["shared_text"] = [article.text[s:e] for s, e in link["spans"]]
    return {"id": resolved, "outlet": article.outlet, "title": article.title, "published": article.published,
            "claimed_source": article.claimed_source, "story": store.story_of(resolved),
            "copy_group": store.copy_group_of(resolved), "copies": links}
