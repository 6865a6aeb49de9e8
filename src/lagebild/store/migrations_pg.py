"""Schema migrations for PostgreSQL: the same versions and names as :mod:`lagebild.store.migrations`.

Each step here is the PostgreSQL translation of the SQLite step with the same
version, so ``schema_version`` means the same on both backends.  To change the
schema, append a :class:`~lagebild.store.migrations.Migration` with the next
version to *both* lists (``tests/test_migrations_pg.py`` compares the resulting
tables, columns, indexes and foreign keys, and fails while the lists differ).

Type mapping: TEXT stays TEXT, ``INTEGER PRIMARY KEY`` becomes ``BIGINT GENERATED
ALWAYS AS IDENTITY`` (insert without the column, as the SQLite store does), REAL
becomes DOUBLE PRECISION, and external ids that may grow (geonames) are BIGINT;
offsets and sequence numbers stay INTEGER.

:func:`migrate` works on a :mod:`psycopg` connection (autocommit or not) that is
not inside a transaction.  Every step runs in its own transaction together with
its ``_migrations`` row, under ``pg_advisory_xact_lock(MIGRATION_LOCK_KEY)``, and
re-checks inside the lock whether another process applied it meanwhile: two
processes opening a fresh database at once both succeed and each step is applied
and recorded once.  PostgreSQL has transactional DDL, so a failed step leaves
nothing behind.

A step is an SQL script (split into statements at top-level ``;``; quotes,
comments and dollar quoting are respected) or a callable that receives the
psycopg connection inside the open transaction; it must not commit.  Scripts are
sent without parameters, so a ``%`` in them needs no escaping; a callable that
passes parameters uses ``%s`` placeholders and writes a literal ``%`` as ``%%``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, cast

import psycopg
from psycopg import pq
from psycopg.rows import TupleRow, tuple_row

from lagebild.store import corpus_schema, search_schema
from lagebild.store.migrations import (
    MENTION_KINDS,
    PUBLICATIONS_AND_INPUTS,
    AppliedMigration,
    Migration,
    MigrationError,
    validate,
)

__all__ = [
    "MIGRATIONS",
    "MIGRATION_LOCK_KEY",
    "applied",
    "current_version",
    "ensure_ledger",
    "migrate",
    "pending",
    "split_statements",
]

PgConnection = psycopg.Connection[Any]
PgStep = Callable[[PgConnection], None]

# Key of the transaction-level advisory lock that serialises migrations ("lagebild" as a big-endian int64).
# Advisory locks are per database, so this only ever contends with other migrations of the same database.
MIGRATION_LOCK_KEY = int.from_bytes(b"lagebild", "big")

_BOOTSTRAP = """
CREATE TABLE IF NOT EXISTS _migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""

INITIAL_SCHEMA = """
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    url TEXT,
    outlet TEXT,
    title TEXT,
    published TEXT,
    claimed_source TEXT,
    language TEXT,
    source TEXT,
    text TEXT NOT NULL,
    raw TEXT,
    offsets_json TEXT NOT NULL,
    meta_json TEXT NOT NULL,
    components_json TEXT NOT NULL,
    tokens_json TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX idx_articles_published ON articles (published);
CREATE INDEX idx_articles_created ON articles (created);

CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE removed (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    entity TEXT,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE entities (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    name TEXT NOT NULL,
    label TEXT NOT NULL,
    kb_id TEXT,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX idx_entities_entity_id ON entities (entity_id);

-- speaker_key is speaker_name casefolded in Python (str.casefold), the same on both backends.
CREATE TABLE quotes (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    speaker TEXT,
    speaker_name TEXT,
    speaker_key TEXT,
    cue_start INTEGER,
    cue_end INTEGER,
    cue_text TEXT,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX idx_quotes_speaker ON quotes (speaker);
CREATE INDEX idx_quotes_speaker_key ON quotes (speaker_key);

CREATE TABLE timexes (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    mod TEXT,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE places (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    name TEXT NOT NULL,
    country_code TEXT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    geonames_id BIGINT,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE events (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    trigger_text TEXT NOT NULL,
    actors_json TEXT NOT NULL,
    targets_json TEXT NOT NULL,
    place TEXT,
    time TEXT,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE errors (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    created TEXT NOT NULL
);
"""

KNOWLEDGE_BASE_AND_ROLES = """
CREATE TABLE kb_entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    country TEXT,
    record_json TEXT NOT NULL,
    source TEXT,
    imported TEXT NOT NULL
);

CREATE TABLE kb_aliases (
    entity_id TEXT NOT NULL REFERENCES kb_entities (id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    alias_key TEXT NOT NULL,
    lang TEXT NOT NULL,
    PRIMARY KEY (entity_id, lang, alias)
);
CREATE INDEX idx_kb_aliases_key ON kb_aliases (alias_key);

CREATE TABLE kb_positions (
    entity_id TEXT NOT NULL REFERENCES kb_entities (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    role TEXT NOT NULL,
    country TEXT,
    start TEXT,
    "end" TEXT,
    PRIMARY KEY (entity_id, seq)
);
CREATE INDEX idx_kb_positions_role ON kb_positions (role, country);

CREATE TABLE roles (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    name TEXT,
    role TEXT NOT NULL,
    country TEXT,
    qualifier TEXT,
    published TEXT,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX idx_roles_role ON roles (role, country, published);
"""

# SQLite's step 3 is plain ALTER TABLE ... ADD COLUMN, which PostgreSQL runs as it is.
EVENT_DETAILS = """
ALTER TABLE events ADD COLUMN code TEXT;
ALTER TABLE events ADD COLUMN speaker TEXT;
ALTER TABLE events ADD COLUMN details_json TEXT;
CREATE INDEX idx_events_code ON events (code);
"""

# size may count bytes of data_json: BIGINT.
KB_LAYERS_AND_FILTERS = """
CREATE TABLE kb_layers (
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    created TEXT NOT NULL,
    size BIGINT NOT NULL,
    data_json TEXT NOT NULL,
    PRIMARY KEY (name, version)
);
CREATE INDEX idx_kb_layers_created ON kb_layers (name, created);
CREATE INDEX idx_articles_outlet ON articles (outlet);
CREATE INDEX idx_mentions_entity ON mentions (entity);
CREATE INDEX idx_events_type ON events (type);
"""

# Append only, in step with lagebild.store.migrations.MIGRATIONS (same version, same name).
# Migrations 5 and 6 are portable SQL: the very scripts of the SQLite list (MENTION_KINDS,
# PUBLICATIONS_AND_INPUTS, imported above), so the two backends cannot drift.

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", INITIAL_SCHEMA),
    Migration(2, "knowledge base and learned roles", KNOWLEDGE_BASE_AND_ROLES),
    Migration(3, "event details", EVENT_DETAILS),
    Migration(4, "knowledge-base layers and corpus filters", KB_LAYERS_AND_FILTERS),
    Migration(5, "mention kinds", MENTION_KINDS),
    Migration(6, "publications and analysed inputs", PUBLICATIONS_AND_INPUTS),
    Migration(7, "agency copies and stories", corpus_schema.POSTGRES),
    Migration(8, "full-text search", search_schema.POSTGRES),
)


def split_statements(script: str) -> list[str]:
    """Split an SQL script into statements at top-level ``;``.

    Semicolons inside '...' strings (also E'...' with backslash escapes), "..."
    identifiers, -- and /* */ comments and $tag$...$tag$ bodies do not split.
    Comment-only pieces are dropped.
    """
    statements: list[str] = []
    start = 0
    i = 0
    n = len(script)
    has_code = False  # the current piece has something besides whitespace and comments

    def flush(end: int) -> None:
        nonlocal has_code
        if has_code:
            statements.append(script[start:end].strip())
        has_code = False

    while i < n:
        ch = script[i]
        if ch == "-" and script.startswith("--", i):
            newline = script.find("\n", i)
            i = n if newline < 0 else newline + 1
            continue
        if ch == "/" and script.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:  # PostgreSQL block comments nest
                if script.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif script.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
            if depth:
                raise ValueError("unterminated /* comment in migration script")
            continue
        if ch == ";":
            flush(i)
            start = i = i + 1
            continue
        if not ch.isspace():
            has_code = True
        if ch in "'\"":
            backslashes = ch == "'" and i > 0 and script[i - 1] in "eE" and not _word_char(script, i - 2)
            i = _skip_quoted(script, i, ch, backslashes)
            continue
        if ch == "$" and not _word_char(script, i - 1):
            end_tag = script.find("$", i + 1)
            tag = script[i : end_tag + 1] if end_tag > 0 else ""
            if tag and all(c.isalnum() or c == "_" for c in tag[1:-1]) and not tag[1:2].isdigit():
                close = script.find(tag, end_tag + 1)
                if close < 0:
                    raise ValueError(f"unterminated {tag} quote in migration script")
                i = close + len(tag)
                continue
        i += 1
    flush(n)
    return statements


def _word_char(text: str, index: int) -> bool:
    return index >= 0 and (text[index].isalnum() or text[index] == "_")


def _skip_quoted(text: str, index: int, quote: str, backslashes: bool) -> int:
    """Index just past the quoted token opening at ``index`` (a doubled quote is part of it)."""
    i = index + 1
    while i < len(text):
        if backslashes and text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            if text.startswith(quote * 2, i):
                i += 2
                continue
            return i + 1
        i += 1
    raise ValueError(f"unterminated {quote} in migration script")


def _query(conn: PgConnection, sql: str, params: Sequence[Any] = ()) -> list[TupleRow]:
    """Rows as tuples, whatever the connection's row factory (the store's connection makes dicts)."""
    with conn.cursor(row_factory=tuple_row) as cursor:
        return cursor.execute(sql, params).fetchall()


def _lock(conn: PgConnection) -> None:
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK_KEY,))


def _ledger_exists(conn: PgConnection) -> bool:
    rows = _query(conn, "SELECT to_regclass('_migrations') IS NOT NULL")
    return bool(rows and rows[0][0])


def ensure_ledger(conn: PgConnection) -> None:
    """Create ``_migrations`` if missing (under the migration lock: concurrent CREATE ... IF NOT EXISTS can fail)."""
    with conn.transaction():
        if _ledger_exists(conn):
            return
        _lock(conn)
        conn.execute(_BOOTSTRAP)


def applied(conn: PgConnection) -> list[AppliedMigration]:
    """The recorded migrations, by version; empty when the ledger does not exist yet."""
    with conn.transaction():
        if not _ledger_exists(conn):
            return []
        rows = _query(conn, "SELECT version, name, applied_at FROM _migrations ORDER BY version")
    return [AppliedMigration(int(v), str(n), str(a)) for v, n, a in rows]


def current_version(conn: PgConnection) -> int:
    """The highest recorded version; 0 for a fresh database."""
    with conn.transaction():
        if not _ledger_exists(conn):
            return 0
        rows = _query(conn, "SELECT MAX(version) FROM _migrations")
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def pending(conn: PgConnection, migrations: Sequence[Migration] = MIGRATIONS) -> list[Migration]:
    done = {m.version for m in applied(conn)}
    return [m for m in migrations if m.version not in done]


def _run_step(conn: PgConnection, migration: Migration) -> None:
    if isinstance(migration.step, str):
        for statement in split_statements(migration.step):
            # No parameters: psycopg sends the text as it is, so '%' needs no escaping here.
            conn.execute(statement)
    else:
        cast(PgStep, migration.step)(conn)


def _apply(conn: PgConnection, migration: Migration) -> AppliedMigration | None:
    with conn.transaction():
        # Serialise with other migrating processes, then re-check: the one that waited skips.
        _lock(conn)
        done = _query(conn, "SELECT 1 FROM _migrations WHERE version = %s", (migration.version,))
        if done:
            return None
        _run_step(conn, migration)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        conn.execute(
            "INSERT INTO _migrations (version, name, applied_at) VALUES (%s, %s, %s)",
            (migration.version, migration.name, stamp),
        )
    return AppliedMigration(migration.version, migration.name, stamp)


def migrate(conn: PgConnection, migrations: Sequence[Migration] = MIGRATIONS) -> list[AppliedMigration]:
    """Apply pending migrations in order; return the ones applied now (by this call).

    ``conn`` is a psycopg connection outside any transaction (autocommit or
    idle); it is left that way.  Safe to call from several processes at once.
    """
    validate(migrations)
    status = conn.info.transaction_status
    if status != pq.TransactionStatus.IDLE:
        raise ValueError(
            f"migrate() needs a connection outside a transaction (status {status.name}): "
            "commit or roll back first, or use autocommit=True"
        )
    ensure_ledger(conn)
    result: list[AppliedMigration] = []
    for migration in pending(conn, migrations):
        try:
            done = _apply(conn, migration)
        except Exception as exc:
            raise MigrationError(migration, exc) from exc
        if done is not None:
            result.append(done)
    return result
