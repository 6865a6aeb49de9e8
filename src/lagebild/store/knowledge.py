"""Knowledge-base records, role facts and versioned knowledge-base layers in the store.

``kb_entities`` keeps each imported record whole (``record_json``) next to
queryable ``kb_aliases`` and ``kb_positions``; ``roles`` holds, per article, the
roles its appositions taught (the article's ``roles`` layer) with its
publication date; ``kb_layers`` holds immutable layers made by corpus steps
(:func:`lagebild.corpus.roles.learn_roles`), identified by a content hash.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lagebild.corpus.roles import RoleLayer


class KnowledgeSQL:
    """The base of :class:`lagebild.store.sql.SQLStore`: declares the primitives every backend implements,
    and the knowledge-base queries written with them."""

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        """Rows of one query (``?`` placeholders), as mappings of column name to value."""
        raise NotImplementedError

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; return the affected row count."""
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[None]:
        """A write transaction (taken before the first read: read-then-write never deadlocks half-way)."""
        raise NotImplementedError

    # --- knowledge base ---

    def import_kb(self, records: Iterable[Any], *, source: str | None = None) -> int:
        """Store knowledge-base entities (``KbEntity`` objects); a known id is replaced.  Returns the count."""
        from lagebild.entities.canonical import person_key

        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        count = 0
        with self._transaction():
            for entity in records:
                record = entity.to_record()
                self._execute("DELETE FROM kb_entities WHERE id = ?", (entity.id,))
                self._execute(
                    "INSERT INTO kb_entities (id, name, type, country, record_json, source, imported) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (entity.id, entity.name, entity.type, entity.country,
                     json.dumps(record, ensure_ascii=False), source, stamp))
                aliases = {(lang, alias) for lang, names in (("name", (entity.name,)), ("de", entity.aliases_de),
                                                              ("en", entity.aliases_en)) for alias in names}
                if aliases:
                    self._executemany(
                        "INSERT INTO kb_aliases (entity_id, alias, alias_key, lang) VALUES (?, ?, ?, ?)",
                        [(entity.id, alias, person_key(alias), lang) for lang, alias in sorted(aliases)])
                if entity.positions:
                    self._executemany(
                        'INSERT INTO kb_positions (entity_id, seq, role, country, start, "end") '
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        [(entity.id, seq, p.role, p.country, p.start, p.end) for seq, p in enumerate(entity.positions)])
                count += 1
        return count

    def kb_records(self) -> list[dict[str, Any]]:
        """Every imported record, as imported, by id."""
        return [json.loads(r["record_json"]) for r in self._fetchall("SELECT record_json FROM kb_entities ORDER BY id")]

    # --- role facts and layers ---

    def role_facts(self) -> list[dict[str, Any]]:
        """Every role fact of every stored article, with the entity's label and kb id (one query)."""
        rows = self._fetchall(
            "SELECT r.entity_id, r.name, r.role, r.country, r.qualifier, r.published, r.article_id, "
            "e.label, e.kb_id FROM roles r LEFT JOIN entities e "
            "ON e.article_id = r.article_id AND e.entity_id = r.entity_id "
            "ORDER BY r.article_id, r.seq")
        return [dict(r) for r in rows]

    def save_role_layer(self, layer: RoleLayer) -> bool:
        """Keep ``layer`` (a no-op when the same version is stored); ``True`` if it was new."""
        from lagebild.corpus.roles import LAYER_NAME

        stamp = datetime.now(UTC).isoformat(timespec="microseconds")
        with self._transaction():
            added = self._execute(
                "INSERT INTO kb_layers (name, version, created, size, data_json) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (name, version) DO NOTHING",
                (LAYER_NAME, layer.version, stamp, len(layer), json.dumps(layer.to_records(), ensure_ascii=False)))
            if not added:  # the same facts again: make it the latest without a second copy
                self._execute("UPDATE kb_layers SET created = ? WHERE name = ? AND version = ?",
                              (stamp, LAYER_NAME, layer.version))
        return added == 1

    def latest_role_layer(self) -> RoleLayer | None:
        """The newest learned-roles layer, or ``None`` before the first ``lagebild kb learn-roles``."""
        from lagebild.corpus.roles import LAYER_NAME, RoleFact, RoleLayer

        rows = self._fetchall("SELECT data_json, created FROM kb_layers WHERE name = ? "
                              "ORDER BY created DESC LIMIT 1", (LAYER_NAME,))
        if not rows:
            return None
        return RoleLayer((RoleFact.from_dict(r) for r in json.loads(rows[0]["data_json"])),
                         created=rows[0]["created"])

    def role_layers(self) -> list[dict[str, Any]]:
        """The stored learned-roles layers, newest first (version, created, size)."""
        return [dict(r) for r in self._fetchall(
            "SELECT name, version, created, size FROM kb_layers ORDER BY created DESC")]

    def roles_of(self, entity_id: str) -> Iterator[dict[str, Any]]:
        """The roles stored articles state for one entity, oldest first."""
        rows = self._fetchall(
            "SELECT role, country, qualifier, published, article_id FROM roles WHERE entity_id = ? "
            "ORDER BY published IS NULL, published, article_id, seq", (entity_id,))
        for row in rows:
            yield dict(row)
