"""The article store: one SQLite file, articles plus one table per annotation type.

In the spirit of sqlite-utils/datasette the database is plain SQL that other
tools can query; :class:`Database` is a thin wrapper that maps
:class:`~lagebild.model.Article` objects to rows and back without loss
(``get(id).to_dict(include_tokens=True, include_raw=True)`` equals the saved
article's).

SQLite specifics (connection setup, pragmas, ``BEGIN IMMEDIATE``, error
codes) live in :func:`_connect` and :meth:`Database._transaction`; the queries
themselves stick to portable SQL so that a PostgreSQL backend can reuse them
with a different placeholder style.

Save policy (``save`` is idempotent on the content-hash id):

* new id: insert the article with all annotations, return ``True``;
* known id: return ``False`` and

  - fill metadata columns (url, outlet, title, ...) that are still empty and
    add ``meta`` keys that are missing; stored values always win, so a later
    copy of the same text from a worse source cannot overwrite good metadata;
  - replace text, raw, offsets, tokens and every annotation when the new
    article's ``components`` list is non-empty and differs from the stored one
    (it was re-analysed by a different pipeline).  Annotations are replaced as
    a whole, never merged, because spans are only meaningful together with the
    text and the pipeline that produced them.  Saving an un-analysed copy
    (empty ``components``) never wipes an analysis.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lagebild.errors import LagebildError
from lagebild.model import Article

from . import migrations as mig
from .kb import KnowledgeStoreMixin

MIN_PREFIX = 6  # like git: shorter prefixes collide too often to be useful


class StoreError(LagebildError):
    """The article database cannot be opened, read or written."""

    code = "E300"


class AmbiguousIdError(StoreError):
    code = "E301"


class SchemaTooNewError(StoreError):
    code = "E302"


class NotADatabaseError(StoreError):
    code = "E303"


def default_db_path() -> Path:
    return Path(os.environ.get("LAGEBILD_DB", "lagebild.db"))


def _now() -> str:
    # Microseconds keep "newest first" stable for articles saved in one second;
    # fixed-width UTC ISO strings sort chronologically as text.
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# --- article <-> rows ---------------------------------------------------------------

_METADATA = ("url", "outlet", "title", "published", "claimed_source", "language", "source")

# Column lists per child table, in insert order; "end" is quoted because it is
# reserved in PostgreSQL.
_CHILD_COLUMNS: dict[str, tuple[str, ...]] = {
    "sentences": ("start", '"end"'),
    "removed": ("start", '"end"', "text", "reason"),
    "mentions": ("start", '"end"', "text", "label", "entity"),
    "entities": ("entity_id", "name", "label", "kb_id"),
    "quotes": ("start", '"end"', "text", "type", "speaker", "speaker_name", "speaker_key",
               "cue_start", "cue_end", "cue_text"),
    "timexes": ("start", '"end"', "text", "type", "value", "mod"),
    "places": ("start", '"end"', "text", "name", "country_code", "lat", "lon", "geonames_id"),
    "events": ("type", "trigger_start", "trigger_end", "trigger_text", "actors_json", "targets_json",
               "place", "time", "code", "speaker", "details_json"),
}  # fmt: skip


def _speaker_key(name: str | None) -> str | None:
    return " ".join(name.split()).casefold() if name else None


def _child_values(article: Article) -> dict[str, list[tuple[Any, ...]]]:
    """Row values (without article_id and seq) for every child table."""
    return {
        "sentences": [(s.start, s.end) for s in article.sentences],
        "removed": [(r.start, r.end, r.text, r.reason) for r in article.removed],
        "mentions": [(m.start, m.end, m.text, m.label, m.entity) for m in article.mentions],
        "entities": [(e.id, e.name, e.label, e.kb_id) for e in article.entities],
        "quotes": [(q.start, q.end, q.text, q.type, q.speaker, q.speaker_name, _speaker_key(q.speaker_name),
                    *((q.cue.start, q.cue.end, q.cue.text) if q.cue else (None, None, None)))
                   for q in article.quotes],
        "timexes": [(t.start, t.end, t.text, t.type, t.value, t.mod) for t in article.timexes],
        "places": [(p.start, p.end, p.text, p.name, p.country_code, p.lat, p.lon, p.geonames_id)
                   for p in article.places],
        "events": [(e.type, e.trigger.start, e.trigger.end, e.trigger.text, _json(e.actors), _json(e.targets),
                    e.place, e.time, e.code, e.speaker, _json({k: getattr(e, k) for k in _EVENT_DETAILS}))
                   for e in article.events],
    }  # fmt: skip


def _content_values(article: Article) -> dict[str, Any]:
    """The article columns that belong to one analysis (replaced together)."""
    return {
        "text": article.text,
        # Unchanged input is the common case; don't store the text twice.
        "raw": None if article.raw == article.text else article.raw,
        "offsets_json": _json(article.offsets.to_dict()),
        "components_json": _json(article.components),
        # Tokens outnumber everything else; arrays instead of objects halve the size.
        "tokens_json": _json([[t.start, t.end, t.pos, t.lemma, t.mood] for t in article.tokens]),
    }


def _meta_json(meta: dict[str, Any]) -> str:
    try:
        return _json(meta)
    except (TypeError, ValueError) as exc:
        raise StoreError(
            f"article metadata cannot be stored as JSON: {exc}",
            hint="meta values must be strings, numbers, booleans, lists or dicts",
        ) from exc


def _cue(row: sqlite3.Row, prefix: str) -> dict[str, Any] | None:
    """Flat ``<prefix>_start/_end/_text`` columns as the JSON contract's nested cue."""
    if row[f"{prefix}_start"] is None:
        return None
    return {"text": row[f"{prefix}_text"], "start": row[f"{prefix}_start"], "end": row[f"{prefix}_end"]}


_TOKEN_FIELDS = ("start", "end", "pos", "lemma", "mood")
_QUOTE_FIELDS = ("text", "start", "end", "type", "speaker", "speaker_name")
# Event fields kept in events.details_json (migration 3); code and speaker have columns.
_EVENT_DETAILS = ("sentence", "theme", "start_time", "place_name", "polarity", "modality", "attribution")
_PLAIN_TABLES = ("sentences", "removed", "mentions", "timexes", "places")  # columns == field names


def _article_from_rows(row: sqlite3.Row, children: dict[str, list[sqlite3.Row]]) -> Article:
    # Rebuild through the JSON contract so that the store cannot drift from
    # Article.from_dict when the model grows.
    data: dict[str, Any] = {
        **{name: row[name] for name in _METADATA},
        "text": row["text"],
        "raw": row["text"] if row["raw"] is None else row["raw"],
        "offsets": json.loads(row["offsets_json"]),
        "meta": json.loads(row["meta_json"]),
        "components": json.loads(row["components_json"]),
        "tokens": [dict(zip(_TOKEN_FIELDS, t, strict=True)) for t in json.loads(row["tokens_json"])],
        **{table: [dict(r) for r in children[table]] for table in _PLAIN_TABLES},
        "entities": [
            {"id": r["entity_id"], "name": r["name"], "label": r["label"], "kb_id": r["kb_id"]}
            for r in children["entities"]
        ],
        "quotes": [
            {k: r[k] for k in _QUOTE_FIELDS} | {"cue": _cue(r, "cue")} for r in children["quotes"]
        ],
        "events": [
            {
                "type": r["type"],
                "trigger": _cue(r, "trigger"),
                "actors": json.loads(r["actors_json"]),
                "targets": json.loads(r["targets_json"]),
                "place": r["place"],
                "time": r["time"],
                "code": r["code"],
                "speaker": r["speaker"],
                **json.loads(r["details_json"] or "{}"),
            }
            for r in children["events"]
        ],
    }
    return Article.from_dict(data)


# --- SQLite connection --------------------------------------------------------------


def _connect(path: str) -> sqlite3.Connection:
    """Open and configure a connection; translate SQLite's cryptic failures."""
    try:
        # isolation_level=None: no implicit transactions; we BEGIN/COMMIT ourselves.
        conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    except sqlite3.Error as exc:
        raise StoreError(
            f"cannot open database {path}: {exc}",
            hint="check that the directory exists and is writable, or pass another --db",
        ) from exc
    try:
        conn.row_factory = sqlite3.Row
        # The first statement reads the header: a non-SQLite file fails here.
        conn.execute("PRAGMA journal_mode=WAL")  # readers don't block the writer
        conn.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, much faster
        conn.execute("PRAGMA foreign_keys=ON")  # off by default; needed for ON DELETE CASCADE
    except sqlite3.DatabaseError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorcode", None) == 26 or "not a database" in str(exc):  # SQLITE_NOTADB
            raise NotADatabaseError(
                f"{path} is not an SQLite database",
                hint=f"lagebild keeps its articles in an SQLite file; pass another --db than {path}",
            ) from exc
        raise StoreError(f"cannot open database {path}: {exc}") from exc
    return conn


class Database(KnowledgeStoreMixin):
    """Articles and their annotations in an SQLite file (``":memory:"`` works)."""

    def __init__(
        self,
        path: str | os.PathLike[str] = "lagebild.db",
        *,
        migrations: Sequence[mig.Migration] = mig.MIGRATIONS,
    ) -> None:
        self.path = os.fspath(path)
        self.conn = _connect(self.path)
        try:
            self._migrate(migrations)
        except BaseException:
            self.conn.close()
            raise

    def _migrate(self, migrations: Sequence[mig.Migration]) -> None:
        mig.ensure_ledger(self.conn)
        found, known = mig.current_version(self.conn), mig.latest_version(migrations)
        if found > known:
            raise SchemaTooNewError(
                f"{self.path} was written by a newer lagebild (schema version {found}, "
                f"this version knows up to {known})",
                hint="upgrade lagebild (pip install --upgrade lagebild), or pass another --db",
            )
        try:
            mig.migrate(self.conn, migrations)
        except mig.MigrationError as exc:
            raise StoreError(f"cannot upgrade {self.path}: {exc}") from exc

    # --- lifecycle ---

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Database({self.path!r})"

    @property
    def schema_version(self) -> int:
        return mig.current_version(self.conn)

    @property
    def applied_migrations(self) -> list[mig.AppliedMigration]:
        return mig.applied(self.conn)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE: take the write lock before the first read so that a
        # read-then-write never fails half-way with SQLITE_BUSY.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # --- writing ---

    def save(self, article: Article) -> bool:
        """Store ``article``; ``True`` if it was new (see the module docstring for the policy)."""
        article_id = article.id
        meta_json = _meta_json(article.meta)
        content = _content_values(article)
        now = _now()
        values = {
            "id": article_id,
            **{name: getattr(article, name) for name in _METADATA},
            **content,
            "meta_json": meta_json,
            "created": now,
            "updated": now,
        }
        with self._transaction() as conn:
            cur = conn.execute(
                f"INSERT INTO articles ({', '.join(values)}) VALUES ({', '.join('?' * len(values))}) "
                "ON CONFLICT (id) DO NOTHING",
                tuple(values.values()),
            )
            if cur.rowcount == 1:
                self._insert_children(article_id, article)
                return True
            self._update_existing(article_id, article, content)
            return False

    def _update_existing(self, article_id: str, article: Article, content: dict[str, Any]) -> None:
        stored = self.conn.execute(
            f"SELECT {', '.join(_METADATA)}, meta_json, components_json FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        changes: dict[str, Any] = {}
        for name in _METADATA:
            new = getattr(article, name)
            if stored[name] in (None, "") and new not in (None, ""):
                changes[name] = new
        stored_meta = json.loads(stored["meta_json"])
        merged = {**article.meta, **stored_meta}
        if merged != stored_meta:
            changes["meta_json"] = _json(merged)
        if article.components and article.components != json.loads(stored["components_json"]):
            changes.update(content)
            for table in _CHILD_COLUMNS:
                self.conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
            self._insert_children(article_id, article)
        if changes:
            changes["updated"] = _now()
            assignments = ", ".join(f"{name} = ?" for name in changes)
            self.conn.execute(
                f"UPDATE articles SET {assignments} WHERE id = ?", (*changes.values(), article_id)
            )

    def _insert_children(self, article_id: str, article: Article) -> None:
        for table, rows in _child_values(article).items():
            if not rows:
                continue
            columns = ("article_id", "seq", *_CHILD_COLUMNS[table])
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            self.conn.executemany(sql, [(article_id, seq, *row) for seq, row in enumerate(rows)])
        self._insert_roles(article_id, article)  # replaces the article's learned roles (store/kb.py)

    def delete(self, article_id: str) -> bool:
        """Remove an article and (by cascade) its annotations; ``True`` if it existed."""
        full_id = self.resolve_id(article_id)
        if full_id is None:
            return False
        with self._transaction() as conn:
            return conn.execute("DELETE FROM articles WHERE id = ?", (full_id,)).rowcount == 1

    def record_error(self, source: str, code: str, message: str) -> None:
        """Remember an input that could not be processed (the batch goes on)."""
        self.conn.execute(
            "INSERT INTO errors (source, code, message, created) VALUES (?, ?, ?, ?)",
            (source, code, message, _now()),
        )

    # --- reading ---

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
        # A range instead of LIKE: SQLite's LIKE is case-insensitive and so
        # cannot use the primary-key index; 'g' sorts after every hex digit.
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 6", (key, key + "g")
        ).fetchall()
        ids = [str(r[0]) for r in rows]
        if key in ids or len(ids) == 1:
            return key if key in ids else ids[0]
        if not ids:
            return None
        shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
        raise AmbiguousIdError(
            f"id prefix {article_id!r} matches several articles: {shown}",
            hint="give more digits of the id",
        )

    def get(self, article_id: str) -> Article | None:
        """The article with this id (or unique id prefix) with every annotation, or ``None``."""
        full_id = self.resolve_id(article_id)
        if full_id is None:
            return None
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (full_id,)).fetchone()
        if row is None:
            return None
        children = {
            table: self.conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE article_id = ? ORDER BY seq", (full_id,)
            ).fetchall()
            for table, columns in _CHILD_COLUMNS.items()
        }
        return _article_from_rows(row, children)

    def article_ids(self) -> list[str]:
        """Every stored id, oldest publication first (undated last)."""
        rows = self.conn.execute("SELECT id FROM articles ORDER BY published IS NULL, published, id").fetchall()
        return [str(r[0]) for r in rows]

    def __contains__(self, article_id: object) -> bool:
        if not isinstance(article_id, str):
            return False
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def list_articles(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Article summaries, most recently stored first."""
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        rows = self.conn.execute(
            "SELECT a.id, a.title, a.outlet, a.published, a.url, "
            "(SELECT COUNT(*) FROM sentences s WHERE s.article_id = a.id) AS n_sentences, a.created "
            "FROM articles a ORDER BY a.created DESC, a.id LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()
        return [dict(r) for r in rows]

    def quotes_by_speaker(self, speaker: str) -> list[dict[str, Any]]:
        """Quotes whose speaker entity id is ``speaker`` or whose speaker name matches it
        (case-insensitively), oldest article first."""
        rows = self.conn.execute(
            'SELECT q.article_id, a.title, a.outlet, a.published, q.start, q."end", q.text, q.type, '
            "q.speaker, q.speaker_name, q.cue_start, q.cue_end, q.cue_text "
            "FROM quotes q JOIN articles a ON a.id = q.article_id "
            "WHERE q.speaker = ? OR q.speaker_key = ? "
            # "IS NULL" first: NULLs sort first in SQLite but last in PostgreSQL.
            "ORDER BY a.published IS NULL, a.published, q.article_id, q.seq",
            (speaker, _speaker_key(speaker)),
        ).fetchall()
        return [
            {k: v for k, v in dict(r).items() if not k.startswith("cue_")} | {"cue": _cue(r, "cue")}
            for r in rows
        ]

    def errors(self) -> list[dict[str, Any]]:
        """Recorded input errors, oldest first."""
        rows = self.conn.execute("SELECT source, code, message, created FROM errors ORDER BY id").fetchall()
        return [dict(r) for r in rows]
