"""Store methods of the corpus layer: agency copies and stories (tables of migration 7, ``corpus_schema.py``).

Writing goes through :meth:`CorpusSQL.save_corpus_batch`: everything one batch of
``lagebild corpus update`` found (signatures, links, groups, assignments, story
summaries, related links, merges, document frequencies) in **one** transaction, so
a killed update leaves either all of a batch or nothing of it.  Reads are
set-based and plain dicts; the corpus module turns them back into index state.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from .knowledge import KnowledgeSQL

_ID_CHUNK = 500
LINK_COLUMNS = ("article_id", "other_id", "jaccard", "containment", "shared", "narrative", "coverage",
                "other_coverage", "spans_json", "other_spans_json")
_CORPUS_TABLES = ("copy_links", "copy_groups", "copy_signatures", "story_related", "story_aliases", "story_articles",
                  "stories", "story_df", "corpus_state")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _next_day(day: str) -> str:
    try:
        return (date.fromisoformat(day[:10]) + timedelta(days=1)).isoformat()
    except (ValueError, OverflowError):
        return day[:10] + "~"


@dataclass(slots=True)
class CorpusBatch:
    """What one batch of the corpus update writes (plain rows; see ``corpus_schema.py`` for the columns)."""

    signatures: list[tuple[str, int, str | None, str, bytes]] = field(default_factory=list)
    links: list[Sequence[Any]] = field(default_factory=list)  # CopyLink.to_row()
    groups: list[tuple[str, str]] = field(default_factory=list)  # (article_id, group_id)
    assignments: list[tuple[str, str, int, float, str, str | None, str]] = field(default_factory=list)
    stories: list[tuple[str, str | None, str | None, str | None, int, int, str]] = field(default_factory=list)
    related: list[tuple[str, str, float]] = field(default_factory=list)
    merges: list[tuple[str, str]] = field(default_factory=list)  # (retired id, story it went into)
    documents: int = 0  # articles counted into the document frequencies
    frequencies: Mapping[str, int] = field(default_factory=dict)  # feature -> documents added
    state: Mapping[str, str] = field(default_factory=dict)


class CorpusSQL(KnowledgeSQL):
    """Mixin of :class:`~lagebild.store.sql.SQLStore` for the corpus tables (migration 7)."""

    # --- index state --------------------------------------------------------------------------------

    def corpus_state(self) -> dict[str, str]:
        """The key/value state of the corpus indexes (parameters, signature scheme, document count)."""
        return {str(r["key"]): str(r["value"]) for r in self._fetchall("SELECT key, value FROM corpus_state")}

    def unindexed_article_ids(self, limit: int | None = None) -> list[str]:
        """Stored articles the corpus indexes have not seen, oldest publication first (undated last)."""
        page = f" LIMIT {int(limit)}" if limit is not None else ""
        rows = self._fetchall(
            "SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM copy_signatures c WHERE c.article_id = a.id) "
            f"ORDER BY a.published IS NULL, a.published, a.id{page}")
        return [str(r["id"]) for r in rows]

    def indexed_count(self) -> int:
        return int(self._fetchall("SELECT COUNT(*) AS n FROM copy_signatures")[0]["n"])

    def next_corpus_seq(self) -> int:
        row = self._fetchall("SELECT MAX(seq) AS m FROM copy_signatures")[0]
        return int(row["m"]) + 1 if row["m"] is not None else 0

    def copy_signature_rows(self) -> list[tuple[str, str | None, bytes]]:
        """``(article_id, published day, signature bytes)`` of every indexed article, in arrival order."""
        return [(str(r["article_id"]), r["published"], base64.b64decode(r["signature"]))
                for r in self._fetchall("SELECT article_id, published, signature FROM copy_signatures ORDER BY seq")]

    def copy_link_rows(self) -> list[tuple[Any, ...]]:
        """Every copy link as ``CopyLink.to_row()`` tuples, in the order they were found."""
        rows = self._fetchall(
            f"SELECT {', '.join('l.' + c for c in LINK_COLUMNS)} FROM copy_links l "
            "JOIN copy_signatures s ON s.article_id = l.article_id ORDER BY s.seq, l.other_id")
        return [tuple(r[c] for c in LINK_COLUMNS) for r in rows]

    def story_index_rows(self, since: str | None) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, float]]]:
        """The rows to resume the story index from: ``(article_id, story_id, features JSON)`` of every article
        of the stories seen on or after ``since`` (all stories when None; undated ones always), in arrival
        order, and the related links among those stories."""
        where = " WHERE s.last_seen IS NULL OR s.last_seen >= ?" if since else ""
        params = [since] if since else []
        articles = self._fetchall(
            "SELECT sa.article_id, sa.story_id, sa.features_json FROM story_articles sa "
            f"WHERE sa.story_id IN (SELECT s.id FROM stories s{where}) ORDER BY sa.seq", params)
        related = self._fetchall(
            "SELECT r.story_id, r.related_id, r.score FROM story_related r "
            f"WHERE r.story_id IN (SELECT s.id FROM stories s{where})", params)
        return ([(str(r["article_id"]), str(r["story_id"]), str(r["features_json"])) for r in articles],
                [(str(r["story_id"]), str(r["related_id"]), float(r["score"])) for r in related])

    def story_frequencies(self) -> tuple[int, dict[str, int]]:
        """``(documents, {feature: documents})`` behind the story index's IDF."""
        documents = int(self.corpus_state().get("story_documents", "0"))
        rows = self._fetchall("SELECT feature, docs FROM story_df")
        return documents, {str(r["feature"]): int(r["docs"]) for r in rows}

    def article_texts(self, ids: Sequence[str]) -> dict[str, str]:
        """Clean text of the stored articles among ``ids``."""
        found: dict[str, str] = {}
        for first in range(0, len(ids), _ID_CHUNK):
            chunk = list(ids[first:first + _ID_CHUNK])
            rows = self._fetchall(f"SELECT id, text FROM articles WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
            found.update((str(r["id"]), str(r["text"])) for r in rows)
        return found

    def save_corpus_batch(self, batch: CorpusBatch) -> None:
        """Write one batch of the corpus update in one transaction (see the module docstring)."""
        stamp = _now()
        with self._transaction():
            if batch.signatures:
                self._executemany(
                    "INSERT INTO copy_signatures (article_id, seq, published, scheme, signature) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [(a, seq, day, scheme, base64.b64encode(blob).decode("ascii"))
                     for a, seq, day, scheme, blob in batch.signatures])
            if batch.links:
                self._executemany(
                    f"INSERT INTO copy_links ({', '.join(LINK_COLUMNS)}) VALUES ({', '.join('?' * len(LINK_COLUMNS))}) "
                    "ON CONFLICT (article_id, other_id) DO NOTHING", batch.links)
            for article_id, group_id in batch.groups:
                self._execute("INSERT INTO copy_groups (article_id, group_id) VALUES (?, ?) "
                              "ON CONFLICT (article_id) DO UPDATE SET group_id = excluded.group_id",
                              (article_id, group_id))
            for old_id, new_id in batch.merges:
                self._merge_story_rows(old_id, new_id)
            if batch.assignments:
                self._executemany(
                    "INSERT INTO story_articles (story_id, article_id, seq, score, via, closest, features_json) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", batch.assignments)
            for row in batch.stories:
                self._execute(
                    "INSERT INTO stories (id, title, first_seen, last_seen, n_articles, n_outlets, summary_json, "
                    "updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
                    "first_seen = excluded.first_seen, last_seen = excluded.last_seen, "
                    "n_articles = excluded.n_articles, n_outlets = excluded.n_outlets, "
                    "summary_json = excluded.summary_json, updated = excluded.updated", (*row, stamp))
            for a, b, score in batch.related:
                self._execute("INSERT INTO story_related (story_id, related_id, score) VALUES (?, ?, ?) "
                              "ON CONFLICT (story_id, related_id) DO UPDATE SET score = excluded.score",
                              (*sorted((a, b)), score))
            for feature, docs in batch.frequencies.items():
                self._execute("INSERT INTO story_df (feature, docs) VALUES (?, ?) "
                              "ON CONFLICT (feature) DO UPDATE SET docs = story_df.docs + excluded.docs",
                              (feature, docs))
            state = dict(batch.state)
            if batch.documents:
                current = self._fetchall("SELECT value FROM corpus_state WHERE key = 'story_documents'")
                state["story_documents"] = str(int(current[0]["value"]) + batch.documents if current
                                               else batch.documents)
            for key, value in state.items():
                self._execute("INSERT INTO corpus_state (key, value) VALUES (?, ?) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    def _merge_story_rows(self, old_id: str, new_id: str) -> None:
        """Story ``old_id`` went into ``new_id``: move its articles and links, retire its id."""
        self._execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?", (new_id, old_id))
        self._execute("UPDATE story_aliases SET story_id = ? WHERE story_id = ?", (new_id, old_id))
        self._execute("INSERT INTO story_aliases (old_id, story_id) VALUES (?, ?) "
                      "ON CONFLICT (old_id) DO UPDATE SET story_id = excluded.story_id", (old_id, new_id))
        links = self._fetchall("SELECT story_id, related_id, score FROM story_related "
                               "WHERE story_id = ? OR related_id = ?", (old_id, old_id))
        self._execute("DELETE FROM story_related WHERE story_id = ? OR related_id = ?", (old_id, old_id))
        for row in links:
            other = row["related_id"] if row["story_id"] == old_id else row["story_id"]
            if other in (old_id, new_id):
                continue
            a, b = sorted((new_id, str(other)))
            self._execute("INSERT INTO story_related (story_id, related_id, score) VALUES (?, ?, ?) "
                          "ON CONFLICT (story_id, related_id) DO NOTHING", (a, b, float(row["score"])))
        self._execute("DELETE FROM stories WHERE id = ?", (old_id,))

    def reset_corpus(self) -> None:
        """Forget every copy link, story and index state (``lagebild corpus update --rebuild``)."""
        with self._transaction():
            for table in _CORPUS_TABLES:
                self._execute(f"DELETE FROM {table}")

    # --- copies ---------------------------------------------------------------------------------------

    def copies_of(self, article_id: str) -> list[dict[str, Any]]:
        """The copy links of one article, seen from it (``spans`` are ranges of its text), closest first."""
        rows = self._fetchall(
            f"SELECT {', '.join(LINK_COLUMNS)} FROM copy_links WHERE article_id = ? OR other_id = ?",
            (article_id, article_id))
        found = []
        for r in rows:
            mine = r["article_id"] == article_id
            found.append({
                "other_id": r["other_id"] if mine else r["article_id"], "jaccard": float(r["jaccard"]),
                "containment": float(r["containment"]), "shared": int(r["shared"]),
                "narrative": float(r["narrative"]),
                "coverage": float(r["coverage"] if mine else r["other_coverage"]),
                "other_coverage": float(r["other_coverage"] if mine else r["coverage"]),
                "spans": json.loads(r["spans_json"] if mine else r["other_spans_json"]),
                "other_spans": json.loads(r["other_spans_json"] if mine else r["spans_json"]),
                "earlier": mine})
        return sorted(found, key=lambda link: (-link["coverage"], link["other_id"]))

    def copy_group_of(self, article_id: str) -> dict[str, Any] | None:
        """``{"group_id", "members"}`` of the copy group holding ``article_id`` (members in arrival order)."""
        rows = self._fetchall(
            "SELECT g.article_id FROM copy_groups g JOIN copy_signatures s ON s.article_id = g.article_id "
            "WHERE g.group_id = (SELECT group_id FROM copy_groups WHERE article_id = ?) ORDER BY s.seq", (article_id,))
        if not rows:
            return None
        group = self._fetchall("SELECT group_id FROM copy_groups WHERE article_id = ?", (article_id,))[0]["group_id"]
        return {"group_id": str(group), "members": [str(r["article_id"]) for r in rows]}

    def copy_links_among(self, ids: Sequence[str]) -> list[tuple[Any, ...]]:
        """The copy links between articles of ``ids`` (``CopyLink.to_row()`` tuples)."""
        if not ids:
            return []
        found: list[tuple[Any, ...]] = []
        wanted = set(ids)
        for first in range(0, len(ids), _ID_CHUNK):
            chunk = list(ids[first:first + _ID_CHUNK])
            rows = self._fetchall(f"SELECT {', '.join(LINK_COLUMNS)} FROM copy_links "
                                  f"WHERE article_id IN ({', '.join('?' * len(chunk))})", chunk)
            found += [tuple(r[c] for c in LINK_COLUMNS) for r in rows if r["other_id"] in wanted]
        return found

    # --- stories --------------------------------------------------------------------------------------

    def resolve_story_id(self, story_id: str) -> str | None:
        """The current id of a story (following the ids of merged stories), or None."""
        if self._fetchall("SELECT 1 AS found FROM stories WHERE id = ?", (story_id,)):
            return story_id
        rows = self._fetchall("SELECT story_id FROM story_aliases WHERE old_id = ?", (story_id,))
        return str(rows[0]["story_id"]) if rows else None

    def story(self, story_id: str) -> dict[str, Any] | None:
        """A story row with its summary (``summary`` dict) and members (``articles``: rows of
        ``story_articles`` in arrival order with publication metadata), or None."""
        resolved = self.resolve_story_id(story_id)
        if resolved is None:
            return None
        row = dict(self._fetchall("SELECT id, title, first_seen, last_seen, n_articles, n_outlets, summary_json "
                                  "FROM stories WHERE id = ?", (resolved,))[0])
        row["summary"] = json.loads(row.pop("summary_json"))
        row["articles"] = [dict(r) for r in self._fetchall(
            "SELECT sa.article_id, sa.score, sa.via, sa.closest, a.outlet, a.url, a.title, a.published, "
            "g.group_id AS copy_group FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            "LEFT JOIN copy_groups g ON g.article_id = sa.article_id WHERE sa.story_id = ? ORDER BY sa.seq",
            (resolved,))]
        row["related"] = self.related_stories(resolved)
        return row

    def story_of(self, article_id: str) -> str | None:
        rows = self._fetchall("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,))
        return str(rows[0]["story_id"]) if rows else None

    def related_stories(self, story_id: str) -> list[dict[str, Any]]:
        """Stories linked to ``story_id`` as follow-ups (id, title, first/last seen, score), best first."""
        rows = self._fetchall(
            "SELECT r.story_id, r.related_id, r.score, s.title, s.first_seen, s.last_seen, s.n_articles "
            "FROM story_related r JOIN stories s ON s.id = CASE WHEN r.story_id = ? THEN r.related_id "
            "ELSE r.story_id END WHERE r.story_id = ? OR r.related_id = ?", (story_id, story_id, story_id))
        found = [{"id": r["related_id"] if r["story_id"] == story_id else r["story_id"], "score": float(r["score"]),
                  "title": r["title"], "first_seen": r["first_seen"], "last_seen": r["last_seen"],
                  "articles": int(r["n_articles"])} for r in rows]
        return sorted(found, key=lambda s: (-s["score"], s["id"]))

    def stories(self, *, date_from: str | None = None, date_to: str | None = None, outlet: str | None = None,
                entity: str | None = None, limit: int | None = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Stories seen in the date range (inclusive ISO dates; a story overlapping it counts) with an article of
        ``outlet`` (any publication) and naming ``entity`` (id or name); latest first."""
        clauses: list[str] = []
        params: list[Any] = []
        if date_from:
            clauses.append("s.last_seen >= ?")
            params.append(date_from[:10])
        if date_to:
            clauses.append("s.first_seen < ?")
            params.append(_next_day(date_to))
        if outlet:
            clauses.append("EXISTS (SELECT 1 FROM story_articles sa JOIN publications p ON p.article_id = "
                           "sa.article_id WHERE sa.story_id = s.id AND p.outlet = ?)")
            params.append(outlet)
        if entity:
            clauses.append("EXISTS (SELECT 1 FROM story_articles sa JOIN entities e ON e.article_id = sa.article_id "
                           "WHERE sa.story_id = s.id AND (e.entity_id = ? OR e.name = ?))")
            params += [entity, entity]
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        page = f" LIMIT {int(limit if limit is not None else 2**62)} OFFSET {int(offset)}"
        rows = self._fetchall(
            "SELECT s.id, s.title, s.first_seen, s.last_seen, s.n_articles, s.n_outlets, s.summary_json "
            f"FROM stories s{where} ORDER BY s.last_seen IS NULL, s.last_seen DESC, s.n_articles DESC, s.id{page}",
            params)
        return [_story_summary(r) for r in rows]

    def story_growth(self, since: str, until: str, *, limit: int = 10) -> list[dict[str, Any]]:
        """Stories with articles published in ``[since, until]`` (inclusive dates): per story the articles in
        the window and before it."""
        rows = self._fetchall(
            "SELECT sa.story_id, "
            "SUM(CASE WHEN a.published >= ? AND a.published < ? THEN 1 ELSE 0 END) AS n_window, "
            "SUM(CASE WHEN a.published < ? THEN 1 ELSE 0 END) AS n_before "
            "FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            "WHERE sa.story_id IN (SELECT sb.story_id FROM story_articles sb JOIN articles b ON b.id = sb.article_id "
            "WHERE b.published >= ? AND b.published < ?) GROUP BY sa.story_id",
            (since[:10], _next_day(until), since[:10], since[:10], _next_day(until)))
        counts = {str(r["story_id"]): (int(r["n_window"] or 0), int(r["n_before"] or 0)) for r in rows}
        ranked = sorted(counts, key=lambda s: (-(counts[s][0] / (counts[s][1] + 1)), -counts[s][0], s))[:limit]
        found = {s["id"]: s for s in self._stories_by_id(ranked)}
        result = []
        for story_id in ranked:
            if story_id in found:
                window, before = counts[story_id]
                result.append({**found[story_id], "in_window": window, "before": before,
                               "growth": round(window / (before + 1), 4)})
        return result

    def _stories_by_id(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        ids = list(ids)
        if not ids:
            return []
        rows = self._fetchall("SELECT id, title, first_seen, last_seen, n_articles, n_outlets, summary_json "
                              f"FROM stories WHERE id IN ({', '.join('?' * len(ids))})", ids)
        return [_story_summary(r) for r in rows]

    def article_export_rows(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        """Metadata, text, story and copy group of the articles among ``ids`` (in that order), for exports."""
        found: dict[str, dict[str, Any]] = {}
        for first in range(0, len(ids), _ID_CHUNK):
            chunk = list(ids[first:first + _ID_CHUNK])
            rows = self._fetchall(
                "SELECT a.id, a.published, a.outlet, a.url, a.title, a.claimed_source, a.language, a.source, "
                "sa.story_id, g.group_id AS copy_group, "
                "(SELECT COUNT(*) FROM publications p WHERE p.article_id = a.id) AS publications, a.text "
                "FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id "
                "LEFT JOIN copy_groups g ON g.article_id = a.id "
                f"WHERE a.id IN ({', '.join('?' * len(chunk))})", chunk)
            found.update((str(r["id"]), dict(r)) for r in rows)
        return [found[i] for i in ids if i in found]

    def story_count(self) -> int:
        return int(self._fetchall("SELECT COUNT(*) AS n FROM stories")[0]["n"])


def _story_summary(row: Mapping[str, Any]) -> dict[str, Any]:
    summary = json.loads(row["summary_json"])
    return {"id": row["id"], "title": row["title"], "first_seen": row["first_seen"], "last_seen": row["last_seen"],
            "articles": int(row["n_articles"]), "outlets": summary.get("outlets", {}),
            "top_entities": summary.get("top_entities", [])[:5], "places": summary.get("places", {}),
            "related": summary.get("related", []), "article_ids": summary.get("articles", [])}
