"""Knowledge-base records and learned roles in the store (mixed into :class:`Database`).

``kb_entities`` keeps each imported record whole (``record_json``) next to
queryable ``kb_aliases`` and ``kb_positions``; ``roles`` holds, per article,
the roles its appositions taught (``article.meta["roles"]``), with the
article's publication date, so that "der US-Präsident" in an article without
apposition can be resolved from other articles of the same weeks.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from lagebild.model import Article

_ROLE_FIELDS = ("entity", "name", "role", "country", "qualifier")


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


class KnowledgeStoreMixin:
    """Needs ``self.conn`` and ``self._transaction()`` from :class:`Database`."""

    conn: sqlite3.Connection

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    # --- knowledge base ---

    def import_kb(self, records: Iterable[Any], *, source: str | None = None) -> int:
        """Store knowledge-base entities (``KbEntity`` objects); a known id is replaced.  Returns the count."""
        from lagebild.entities.canonical import person_key

        now = datetime.now(UTC).isoformat(timespec="seconds")
        count = 0
        with self._transaction() as conn:
            for entity in records:
                record = entity.to_record()
                conn.execute("DELETE FROM kb_entities WHERE id = ?", (entity.id,))
                conn.execute(
                    "INSERT INTO kb_entities (id, name, type, country, record_json, source, imported) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (entity.id, entity.name, entity.type, entity.country,
                     json.dumps(record, ensure_ascii=False), source, now),
                )
                aliases = {(lang, alias) for lang, names in (("name", (entity.name,)), ("de", entity.aliases_de),
                                                              ("en", entity.aliases_en)) for alias in names}
                conn.executemany(
                    "INSERT INTO kb_aliases (entity_id, alias, alias_key, lang) VALUES (?, ?, ?, ?)",
                    [(entity.id, alias, person_key(alias), lang) for lang, alias in sorted(aliases)],
                )
                conn.executemany(
                    'INSERT INTO kb_positions (entity_id, seq, role, country, start, "end") VALUES (?, ?, ?, ?, ?, ?)',
                    [(entity.id, seq, p.role, p.country, p.start, p.end) for seq, p in enumerate(entity.positions)],
                )
                count += 1
        return count

    def kb_records(self) -> list[dict[str, Any]]:
        """Every imported record, as imported."""
        rows = self.conn.execute("SELECT record_json FROM kb_entities ORDER BY id").fetchall()
        return [json.loads(r[0]) for r in rows]

    def kb_version(self) -> int:
        """Changes whenever records are imported (re-imports get new rowids): a cache key."""
        row = self.conn.execute("SELECT COALESCE(MAX(rowid), 0), COUNT(*) FROM kb_entities").fetchone()
        return int(row[0]) * 1_000_003 + int(row[1])

    # --- learned roles ---

    def _insert_roles(self, article_id: str, article: Article) -> None:
        self.conn.execute("DELETE FROM roles WHERE article_id = ?", (article_id,))
        roles = [r for r in article.meta.get("roles") or [] if isinstance(r, dict) and r.get("entity")]
        self.conn.executemany(
            "INSERT INTO roles (article_id, seq, entity_id, name, role, country, qualifier, published) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(article_id, seq, *(r.get(k) for k in _ROLE_FIELDS), article.published)
             for seq, r in enumerate(roles)],
        )

    def learned_role_holders(self, role: str, country: str | None, date: str,
                             window_days: int = 30) -> list[dict[str, Any]]:
        """Persons stored articles describe as ``role`` of ``country`` within ``window_days`` of
        ``date``: the closest in time first, then the most often seen.  Organisation roles
        (with a qualifier) are left out."""
        day = _day(date)
        if day is None:
            return []
        low, high = (day - timedelta(days=window_days)).isoformat(), (day + timedelta(days=window_days)).isoformat()
        rows = self.conn.execute(
            "SELECT r.entity_id, r.name, r.published, "
            "(SELECT e.label FROM entities e WHERE e.entity_id = r.entity_id LIMIT 1) AS label, "
            "(SELECT e.kb_id FROM entities e WHERE e.entity_id = r.entity_id LIMIT 1) AS kb_id "
            "FROM roles r WHERE r.role = ? AND r.country IS ? AND r.qualifier IS NULL "
            "AND substr(r.published, 1, 10) BETWEEN ? AND ?",
            (role, country, low, high),
        ).fetchall()
        holders: dict[str, dict[str, Any]] = {}
        for row in rows:
            seen = _day(row["published"] or "")
            distance = abs((seen - day).days) if seen else window_days
            holder = holders.setdefault(row["entity_id"], {"entity_id": row["entity_id"], "name": row["name"],
                                                           "label": row["label"], "kb_id": row["kb_id"],
                                                           "distance": distance, "count": 0})
            holder["distance"] = min(holder["distance"], distance)
            holder["count"] += 1
        return sorted(holders.values(), key=lambda h: (h["distance"], -h["count"], h["entity_id"]))

    def roles_of(self, entity_id: str) -> Iterator[dict[str, Any]]:
        """The roles stored articles taught about one entity, oldest first."""
        rows = self.conn.execute(
            "SELECT role, country, qualifier, published, article_id FROM roles WHERE entity_id = ? "
            "ORDER BY published IS NULL, published, article_id, seq", (entity_id,))
        for row in rows:
            yield dict(row)
