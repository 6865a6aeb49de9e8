"""Store queries behind the corpus views (:mod:`lagebild.corpus.views`): entity pages, timelines, stats.

Split from :mod:`lagebild.store.search_sql`, whose ``SearchSQL`` mixin builds on this one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from .knowledge import KnowledgeSQL


class CorpusViewsSQL(KnowledgeSQL):
    """Queries behind the corpus views (:mod:`lagebild.corpus.views`): each one statement, parameterised."""

    def entity_ids_for(self, entity: str) -> list[str]:
        """The entity ids ``entity`` names: itself when it is a stored id, else the ids with that name."""
        if self._fetchall("SELECT 1 AS found FROM entities WHERE entity_id = ? LIMIT 1", (entity,)):
            return [entity]
        return [str(r["entity_id"]) for r in self._fetchall(
            "SELECT DISTINCT entity_id FROM entities WHERE name = ? ORDER BY entity_id", (entity,))]

    def entity_summary(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        """Per (entity id, name, label, kb id): in how many articles, most frequent first."""
        marks = ", ".join("?" * len(ids))
        return [dict(r) for r in self._fetchall(
            f"SELECT entity_id, name, label, kb_id, COUNT(DISTINCT article_id) AS articles FROM entities "
            f"WHERE entity_id IN ({marks}) GROUP BY entity_id, name, label, kb_id "
            "ORDER BY articles DESC, entity_id, name", list(ids))]

    def mentions_per_day(self, ids: Sequence[str], date_from: str | None, date_to: str | None) -> list[tuple[str, int]]:
        """Mentions (names, descriptions, pronouns) of the entities per publication day."""
        dates, params = _date_clauses(date_from, date_to)
        rows = self._fetchall(
            "SELECT substr(a.published, 1, 10) AS day, COUNT(*) AS n FROM mentions x "
            f"JOIN articles a ON a.id = x.article_id WHERE x.entity IN ({', '.join('?' * len(ids))}){dates} "
            "AND a.published IS NOT NULL GROUP BY substr(a.published, 1, 10) ORDER BY day", [*ids, *params])
        return [(str(r["day"]), int(r["n"])) for r in rows]

    def cooccurring(self, ids: Sequence[str], date_from: str | None, date_to: str | None,
                    limit: int = 20) -> list[dict[str, Any]]:
        """Other entities in the articles of these entities: id, name, label, number of shared articles."""
        dates, params = _date_clauses(date_from, date_to)
        marks = ", ".join("?" * len(ids))
        rows = self._fetchall(
            "SELECT o.entity_id, MIN(o.name) AS name, MIN(o.label) AS label, COUNT(DISTINCT o.article_id) AS n "
            f"FROM entities o JOIN articles a ON a.id = o.article_id WHERE o.article_id IN "
            f"(SELECT e.article_id FROM entities e WHERE e.entity_id IN ({marks})){dates} "
            f"AND o.entity_id NOT IN ({marks}) GROUP BY o.entity_id ORDER BY n DESC, o.entity_id LIMIT {int(limit)}",
            [*ids, *params, *ids])
        return [{"id": r["entity_id"], "name": r["name"], "type": r["label"], "articles": int(r["n"])} for r in rows]

    def quotes_mentioning(self, ids: Sequence[str], date_from: str | None,
                          date_to: str | None) -> list[dict[str, Any]]:
        """Quotes by others whose text mentions one of the entities (the mention lies inside the quote)."""
        dates, params = _date_clauses(date_from, date_to)
        marks = ", ".join("?" * len(ids))
        rows = self._fetchall(
            "SELECT DISTINCT q.article_id, q.seq, q.text, q.type, q.speaker, q.speaker_name, q.cue_text, "
            "a.title, a.outlet, a.published FROM quotes q JOIN mentions x ON x.article_id = q.article_id "
            'AND x.start >= q.start AND x."end" <= q."end" JOIN articles a ON a.id = q.article_id '
            f"WHERE x.entity IN ({marks}) AND (q.speaker IS NULL OR q.speaker NOT IN ({marks})){dates} "
            "ORDER BY a.published, q.article_id, q.seq", [*ids, *ids, *params])
        return [dict(r) for r in rows]

    def outlets_of(self, article_ids: Sequence[str]) -> dict[str, list[str]]:
        """Every outlet that published each article (first seen first)."""
        found: dict[str, list[str]] = {}
        for first in range(0, len(article_ids), 500):
            chunk = list(article_ids[first:first + 500])
            for row in self._fetchall(
                    f"SELECT article_id, outlet FROM publications WHERE article_id IN ({', '.join('?' * len(chunk))}) "
                    "AND outlet IS NOT NULL ORDER BY article_id, first_seen, pub_key", chunk):
                outlets = found.setdefault(str(row["article_id"]), [])
                if row["outlet"] not in outlets:
                    outlets.append(str(row["outlet"]))
        return found

    def find_entity_rows(self, pattern: str | None, label: str | None, limit: int) -> list[dict[str, Any]]:
        """Entities whose name contains ``pattern`` (any case), with articles and mentions counted."""
        clauses, params = ["1 = 1"], []
        if pattern:
            escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            clauses.append("(lower(e.name) LIKE ? ESCAPE '\\' OR e.name LIKE ? ESCAPE '\\')")
            params += [f"%{escaped.casefold()}%", f"%{escaped}%"]
        if label:
            clauses.append("e.label = ?")
            params.append(label)
        rows = self._fetchall(
            "SELECT e.entity_id, MIN(e.name) AS name, MIN(e.label) AS label, COUNT(DISTINCT e.article_id) AS n, "
            "(SELECT COUNT(*) FROM mentions x WHERE x.entity = e.entity_id) AS mentions "
            f"FROM entities e WHERE {' AND '.join(clauses)} GROUP BY e.entity_id "
            f"ORDER BY n DESC, e.entity_id LIMIT {int(limit)}", params)
        return [{"id": r["entity_id"], "name": r["name"], "type": r["label"], "articles": int(r["n"]),
                 "mentions": int(r["mentions"])} for r in rows]

    def corpus_stats(self) -> dict[str, Any]:
        """Counts of articles, outlets, entities, quotes, events; first and last publication day; per outlet."""
        def one(sql: str) -> Any:
            return self._fetchall(sql)[0]["n"]
        span = self._fetchall("SELECT MIN(published) AS first, MAX(published) AS last FROM articles")[0]
        by_outlet = self._fetchall("SELECT outlet, COUNT(DISTINCT article_id) AS n FROM publications "
                                   "WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY n DESC, outlet")
        return {
            "articles": int(one("SELECT COUNT(*) AS n FROM articles")),
            "outlets": int(one("SELECT COUNT(DISTINCT outlet) AS n FROM publications WHERE outlet IS NOT NULL")),
            "entities": int(one("SELECT COUNT(DISTINCT entity_id) AS n FROM entities")),
            "quotes": int(one("SELECT COUNT(*) AS n FROM quotes")),
            "events": int(one("SELECT COUNT(*) AS n FROM events")),
            "first_date": span["first"][:10] if span["first"] else None,
            "last_date": span["last"][:10] if span["last"] else None,
            "by_outlet": [(str(r["outlet"]), int(r["n"])) for r in by_outlet],
        }


def _date_clauses(date_from: str | None, date_to: str | None, alias: str = "a") -> tuple[str, list[Any]]:
    """`` AND ...`` conditions on ``alias.published`` (inclusive ISO days; checked by the caller)."""
    clauses, params = "", []
    if date_from:
        clauses += f" AND {alias}.published >= ?"
        params.append(date_from)
    if date_to:
        clauses += f" AND {alias}.published < ?"
        params.append(_day_after(date_to))
    return clauses, params


def _day_after(day: str) -> str:
    """The exclusive bound after the inclusive ISO day ``day`` (valid date, checked by the caller)."""
    parsed = date.fromisoformat(day)
    return "9999-12-31~" if parsed == date.max else (parsed + timedelta(days=1)).isoformat()
