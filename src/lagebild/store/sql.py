"""One SQL implementation of :class:`~lagebild.store.base.Store` for every backend.

Queries are written once, with ``?`` placeholders and portable SQL (``"end"``
quoted, ``IS NULL`` ordering spelled out, no ``rowid``); a backend subclass
supplies the connection, placeholder style, transactions and error translation
(:mod:`lagebild.store.sqlite`, :mod:`lagebild.store.postgres`).

Save policy (``save`` is idempotent on the content-hash id):

* new id: insert the article with all layers, return ``True``;
* known id: return ``False`` and

  - fill metadata columns (url, outlet, title, ...) that are still empty and
    add ``meta`` keys that are missing; stored values always win, so a later
    copy of the same text from a worse source cannot overwrite good metadata;
  - replace text, raw, offsets, tokens and every layer when the new article's
    ``components`` list is non-empty and differs from the stored one (it was
    re-analysed by a different pipeline).  Layers are replaced as a whole, never
    merged, because spans are only meaningful together with the text and the
    pipeline that produced them.  Saving an un-analysed copy (empty
    ``components``) never wipes an analysis.

Reads are set-based: ``get_many`` and ``iter_articles`` load a batch of articles
with one query per table, whatever the batch size.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Self

from lagebild.layers import get_layer, stored_layers
from lagebild.model import Article

from . import rows as R
from .base import MIN_PREFIX, AmbiguousIdError, Query, StoreError
from .corpus_sql import CorpusSQL
from .knowledge import KnowledgeSQL
from .search_sql import SearchSQL

Row = Mapping[str, Any]
_ID_CHUNK = 500  # ids per IN (...) list: well below SQLite's and PostgreSQL's parameter limits


def now() -> str:
    # Microseconds keep "newest first" stable for articles saved in one second;
    # fixed-width UTC ISO strings sort chronologically as text.
    return datetime.now(UTC).isoformat(timespec="microseconds")


class SQLStore(CorpusSQL, SearchSQL, KnowledgeSQL):
    """The backend-independent part of a store.  Subclasses implement the five primitives below."""

    url: str
    #: The null-safe equality operator of the dialect ("IS" in SQLite, "IS NOT DISTINCT FROM" in PostgreSQL).
    null_safe_eq = "IS NOT DISTINCT FROM"

    # --- primitives (backend): _fetchall, _execute, _executemany, _transaction (declared in KnowledgeSQL), close

    def close(self) -> None:
        raise NotImplementedError

    # --- lifecycle ---

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.url!r})"

    # --- writing ---

    def save(self, article: Article) -> bool:
        """Store ``article``; ``True`` if it was new (see the module docstring for the policy)."""
        return self.save_many([article])[0]

    def save_many(self, articles: Sequence[Article]) -> list[bool]:
        """Store several articles in one transaction; ``True`` for each that was new."""
        prepared = [(article, R.meta_json(article.meta), R.content_values(article)) for article in articles]
        stamp = now()
        result: list[bool] = []
        with self._transaction():
            for article, meta, content in prepared:
                values = {"id": article.id, **{name: getattr(article, name) for name in R.METADATA}, **content,
                          "meta_json": meta, "created": stamp, "updated": stamp}
                inserted = self._execute(
                    f"INSERT INTO articles ({', '.join(values)}) VALUES ({', '.join('?' * len(values))}) "
                    "ON CONFLICT (id) DO NOTHING", tuple(values.values()))
                if inserted == 1:
                    self._insert_layers(article)
                    self._index_for_search(article.id, article.title, article.text)
                    result.append(True)
                else:
                    self._update_existing(article, content)
                    result.append(False)
                # The same text from another outlet, URL, title or date: one more publication, same article.
                self._execute(
                    "INSERT INTO publications (article_id, pub_key, url, outlet, title, published, source, first_seen) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, pub_key) DO NOTHING",
                    R.publication_values(article, stamp))
        return result

    def publications(self, article_id: str) -> list[dict[str, Any]]:
        """Every publication of one stored text (outlet, url, title, published, source), first seen first."""
        return [dict(r) for r in self._fetchall(
            "SELECT url, outlet, title, published, source, first_seen FROM publications WHERE article_id = ? "
            "ORDER BY first_seen, pub_key", (article_id,))]

    # --- analysed inputs (resuming a run) ---

    def analysed_inputs(self, keys: Sequence[str], pipeline: str) -> dict[str, str]:
        """Those of ``keys`` that ``pipeline`` (a signature) has analysed into this store: key -> article id."""
        found: dict[str, str] = {}
        for first in range(0, len(keys), _ID_CHUNK):
            chunk = list(keys[first:first + _ID_CHUNK])
            rows = self._fetchall(f"SELECT input_key, article_id FROM inputs WHERE pipeline = ? AND article_id "
                                  f"IS NOT NULL AND input_key IN ({', '.join('?' * len(chunk))})", [pipeline, *chunk])
            found.update((str(r["input_key"]), str(r["article_id"])) for r in rows)
        return found

    def record_inputs(self, rows: Sequence[tuple[str, str, str | None]]) -> None:
        """Remember ``(input_key, pipeline, article_id)`` as analysed (``article_id`` None: the input failed)."""
        if not rows:
            return
        stamp = now()
        with self._transaction():
            for key, pipeline, article_id in rows:
                self._execute("INSERT INTO inputs (input_key, pipeline, article_id, created) VALUES (?, ?, ?, ?) "
                              "ON CONFLICT (input_key, pipeline) DO NOTHING", (key, pipeline, article_id, stamp))

    def _update_existing(self, article: Article, content: dict[str, Any]) -> None:
        article_id = article.id
        stored = self._fetchall(
            f"SELECT {', '.join(R.METADATA)}, meta_json, components_json FROM articles WHERE id = ?", (article_id,))[0]
        changes: dict[str, Any] = {}
        for name in R.METADATA:
            new = getattr(article, name)
            if stored[name] in (None, "") and new not in (None, ""):
                changes[name] = new
        stored_meta = json.loads(stored["meta_json"])
        merged = {**article.meta, **stored_meta}
        if merged != stored_meta:
            changes["meta_json"] = R.dumps(merged)
        if article.components and article.components != json.loads(stored["components_json"]):
            changes.update(content)
            for layer in stored_layers():
                self._execute(f"DELETE FROM {layer.table} WHERE article_id = ?", (article_id,))
            self._insert_layers(article)
        if changes:
            changes["updated"] = now()
            assignments = ", ".join(f"{name} = ?" for name in changes)
            self._execute(f"UPDATE articles SET {assignments} WHERE id = ?", (*changes.values(), article_id))
            if "title" in changes or "text" in changes:
                self._reindex_for_search(article_id)

    def _insert_layers(self, article: Article) -> None:
        for layer in stored_layers():
            rows = R.layer_rows(layer, article)
            if rows:
                self._executemany(R.insert_sql(layer), rows)

    def delete(self, article_id: str) -> bool:
        """Remove an article and (by cascade) its layers; ``True`` if it existed."""
        full_id = self.resolve_id(article_id)
        if full_id is None:
            return False
        with self._transaction():
            return self._execute("DELETE FROM articles WHERE id = ?", (full_id,)) == 1

    def record_error(self, source: str, code: str, message: str) -> None:
        """Remember an input that could not be processed (the batch goes on)."""
        with self._transaction():
            self._execute("INSERT INTO errors (source, code, message, created) VALUES (?, ?, ?, ?)",
                          (source, code, message, now()))

    # --- reading articles ---

    def resolve_id(self, article_id: str) -> str | None:
        """The full id for ``article_id`` or a unique prefix of it; ``None`` if unknown.

        Raises :class:`AmbiguousIdError` if the prefix matches several articles
        and :class:`StoreError` if it cannot be an id at all.
        """
        key = article_id.strip().lower()
        if len(key) < MIN_PREFIX or any(c not in "0123456789abcdef" for c in key):
            raise StoreError(
                f"{article_id!r} is not an article id",
                hint=f"give the id or at least its first {MIN_PREFIX} hex digits (see `lagebild list`)",
            )
        if len(key) > 16:
            return None  # longer than any id
        # A range instead of LIKE: the primary-key index serves it on both backends; 'g' sorts after hex digits.
        rows = self._fetchall("SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
                              (key, key + "g"))
        ids = [str(r["id"]) for r in rows]
        if key in ids or len(ids) == 1:
            return key if key in ids else ids[0]
        if not ids:
            return None
        shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
        raise AmbiguousIdError(f"id prefix {article_id!r} matches several articles: {shown}",
                               hint="give more digits of the id")

    def get(self, article_id: str) -> Article | None:
        """The article with this id (or unique id prefix) with every layer, or ``None``."""
        full_id = self.resolve_id(article_id)
        if full_id is None:
            return None
        found = self.get_many([full_id])
        return found[0] if found else None

    def get_many(self, ids: Sequence[str]) -> list[Article]:
        """The stored articles among ``ids``, in the order given (unknown ids are left out)."""
        by_id: dict[str, Article] = {}
        for first in range(0, len(ids), _ID_CHUNK):
            chunk = list(dict.fromkeys(ids[first:first + _ID_CHUNK]))
            marks = ", ".join("?" * len(chunk))
            article_rows = self._fetchall(f"SELECT * FROM articles WHERE id IN ({marks})", chunk)
            children: dict[str, dict[str, list[Row]]] = {r["id"]: {} for r in article_rows}
            for layer in stored_layers():
                for row in self._fetchall(f"SELECT {R.select_columns(layer)} FROM {layer.table} "
                                          f"WHERE article_id IN ({marks}) ORDER BY article_id, seq", chunk):
                    children[row["article_id"]].setdefault(layer.name, []).append(row)
            for row in article_rows:
                by_id[row["id"]] = R.article_from_rows(row, children[row["id"]])
        return [by_id[i] for i in ids if i in by_id]

    def iter_articles(self, query: Query | None = None, *, batch_size: int = 200) -> Iterator[Article]:
        """Every article matching ``query``, oldest publication first, loaded ``batch_size`` at a time."""
        ids = self.article_ids(query)
        for first in range(0, len(ids), batch_size):
            yield from self.get_many(ids[first:first + batch_size])

    def _where(self, query: Query | None, alias: str = "a") -> tuple[str, list[Any]]:
        """WHERE clause (with leading " WHERE", or "") and parameters for the article filters."""
        if query is None:
            return "", []
        clauses: list[str] = []
        params: list[Any] = []
        if query.ids is not None:
            clauses.append(f"{alias}.id IN ({', '.join('?' * len(query.ids))})" if query.ids else "1 = 0")
            params += list(query.ids)
        if query.date_from:
            clauses.append(f"{alias}.published >= ?")
            params.append(query.date_from[:10])
        if query.date_to:
            clauses.append(f"{alias}.published < ?")  # the whole last day: '2017-07-08T..' < '2017-07-09'
            params.append(_day_after(query.date_to))
        if query.outlet:
            clauses.append(f"{alias}.outlet = ?")
            params.append(query.outlet)
        if query.entity:
            clauses.append(f"EXISTS (SELECT 1 FROM entities e WHERE e.article_id = {alias}.id "
                           "AND (e.entity_id = ? OR e.name = ?))")
            params += [query.entity, query.entity]
        if query.speaker:
            clauses.append(f"EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = {alias}.id "
                           "AND (q.speaker = ? OR q.speaker_key = ?))")
            params += [query.speaker, _speaker_key(query.speaker)]
        if query.event_type:
            clauses.append(f"EXISTS (SELECT 1 FROM events v WHERE v.article_id = {alias}.id AND v.type = ?)")
            params.append(query.event_type)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    @staticmethod
    def _page(query: Query | None) -> str:
        if query is None or (query.limit is None and not query.offset):
            return ""
        limit = query.limit if query.limit is not None else 2**62
        return f" LIMIT {int(limit)} OFFSET {int(query.offset)}"

    def article_ids(self, query: Query | None = None) -> list[str]:
        """Ids matching ``query``, oldest publication first (undated last)."""
        where, params = self._where(query)
        rows = self._fetchall(f"SELECT a.id FROM articles a{where} "
                              f"ORDER BY a.published IS NULL, a.published, a.id{self._page(query)}", params)
        return [str(r["id"]) for r in rows]

    def __contains__(self, article_id: object) -> bool:
        if not isinstance(article_id, str):
            return False
        return bool(self._fetchall("SELECT 1 AS found FROM articles WHERE id = ?", (article_id,)))

    def count(self, query: Query | None = None) -> int:
        where, params = self._where(query)
        return int(self._fetchall(f"SELECT COUNT(*) AS n FROM articles a{where}", params)[0]["n"])

    def list_articles(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Article summaries, most recently stored first."""
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        limit, offset = min(limit, 2**62), min(offset, 2**62)
        rows = self._fetchall(
            "SELECT a.id, a.title, a.outlet, a.published, a.url, "
            "(SELECT COUNT(*) FROM sentences s WHERE s.article_id = a.id) AS n_sentences, a.created "
            f"FROM articles a ORDER BY a.created DESC, a.id LIMIT {int(limit)} OFFSET {int(offset)}")
        return [dict(r) for r in rows]

    def errors(self) -> list[dict[str, Any]]:
        """Recorded input errors, oldest first."""
        return [dict(r) for r in self._fetchall("SELECT source, code, message, created FROM errors ORDER BY id")]

    # --- reading layers across articles (one query each) ---

    def _layer_rows(self, name: str, query: Query | None, extra: str = "", extra_params: Sequence[Any] = ()
                    ) -> list[dict[str, Any]]:
        layer = get_layer(name)
        where, params = self._where(query)
        where = (where + " AND " if where else " WHERE ") + extra if extra else where
        columns = ", ".join(f"x.{c}" for c in R.select_columns(layer).split(", "))
        rows = self._fetchall(
            f"SELECT {columns}, a.title, a.outlet, a.published FROM {layer.table} x "
            f"JOIN articles a ON a.id = x.article_id{where} "
            f"ORDER BY a.published IS NULL, a.published, x.article_id, x.seq{self._page(query)}",
            [*params, *extra_params])
        return [{"article_id": r["article_id"], "title": r["title"], "outlet": r["outlet"],
                 "published": r["published"], **layer.from_row(r)} for r in rows]

    def mentions(self, query: Query | None = None) -> list[dict[str, Any]]:
        """Mentions of the articles matching ``query`` (``entity`` also restricts to that entity's mentions)."""
        if query is not None and query.entity:
            ids = [r["entity_id"] for r in self._fetchall(
                "SELECT DISTINCT entity_id FROM entities WHERE entity_id = ? OR name = ?",
                (query.entity, query.entity))]
            if not ids:
                return []
            # The row filter says it all: the article-level EXISTS of _where would be a second, slow join.
            return self._layer_rows("mentions", replace(query, entity=None),
                                    f"x.entity IN ({', '.join('?' * len(ids))})", ids)
        return self._layer_rows("mentions", query)

    def quotes(self, query: Query | None = None) -> list[dict[str, Any]]:
        """Quotes of the articles matching ``query`` (``speaker`` also restricts to that speaker's quotes)."""
        if query is not None and query.speaker:
            return self._layer_rows("quotes", replace(query, speaker=None), "(x.speaker = ? OR x.speaker_key = ?)",
                                    (query.speaker, _speaker_key(query.speaker)))
        return self._layer_rows("quotes", query)

    def events(self, query: Query | None = None) -> list[dict[str, Any]]:
        """Events of the articles matching ``query`` (``event_type`` also restricts the events)."""
        if query is not None and query.event_type:
            return self._layer_rows("events", replace(query, event_type=None), "x.type = ?", (query.event_type,))
        return self._layer_rows("events", query)

    def places(self, query: Query | None = None) -> list[dict[str, Any]]:
        """Geocoded places of the articles matching ``query`` (for maps)."""
        return self._layer_rows("places", query)

    def quotes_by_speaker(self, speaker: str) -> list[dict[str, Any]]:
        """Quotes whose speaker entity id is ``speaker`` or whose speaker name matches it
        (case-insensitively), oldest article first."""
        return self.quotes(Query(speaker=speaker))


def _day_after(day: str) -> str:
    """The exclusive upper bound for an inclusive ``date_to``: the next day's ISO date.

    A date rather than ``day + "~"``: PostgreSQL databases with a linguistic collation
    (en_US.UTF-8, ICU) sort "~" before letters and digits or ignore it, which would drop
    timestamps of the last day; ISO dates compare the same in every collation.
    """
    try:
        return (date.fromisoformat(day[:10]) + timedelta(days=1)).isoformat()
    except (ValueError, OverflowError):  # not a full date (or 9999-12-31): the old bound
        return day[:10] + "~"


def _speaker_key(name: str | None) -> str | None:
    return " ".join(name.split()).casefold() if name else None
