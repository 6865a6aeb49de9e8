"""Schema migrations: an ordered, append-only list, each step applied once and recorded.

Every database carries a ``_migrations(version, name, applied_at)`` table.  On
open, :func:`migrate` applies the steps whose version is not recorded yet, each
in its own transaction together with its ``_migrations`` row, so a crash leaves
the schema at a well-defined version.

To change the schema, *append* a :class:`Migration` with the next version to
:data:`MIGRATIONS`; never edit a step that has shipped, because existing
databases have already run it.  A step is either an SQL script (statements
separated by ``;`` at line ends) or a callable that receives the connection
inside the open transaction.  A callable must not commit and must not use
``executescript`` (which commits implicitly in :mod:`sqlite3`).

The DDL below is SQLite's dialect.  A PostgreSQL backend brings its own list
with the same version numbers and names, so ``schema_version`` means the same
on both.  Portability choices already made here: ``"end"`` is quoted (reserved
in PostgreSQL), child rows are ordered by an explicit ``seq`` instead of the
SQLite ``rowid``, and timestamps are ISO 8601 text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from . import corpus_schema, search_schema

MigrationStep = str | Callable[[sqlite3.Connection], None]


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    step: MigrationStep


class MigrationError(Exception):
    """A migration step failed; it was rolled back and the database is unchanged."""

    def __init__(self, migration: Migration, cause: Exception) -> None:
        super().__init__(f"migration {migration.version} ({migration.name}) failed: {cause}")
        self.migration = migration
        self.cause = cause


class AppliedMigration(NamedTuple):
    version: int
    name: str
    applied_at: str


# Not a migration itself: the ledger has to exist before we can ask what ran.
_BOOTSTRAP = """
CREATE TABLE IF NOT EXISTS _migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""

# Child tables are keyed (article_id, seq): the key keeps list order without
# relying on rowid and doubles as the article_id index.
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

-- speaker_key is speaker_name casefolded in Python: SQLite's lower() folds
-- ASCII only ("ÖZDEMIR" would not find "Özdemir"), and a stored key is indexable.
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
    lat REAL,
    lon REAL,
    geonames_id INTEGER,
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
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    created TEXT NOT NULL
);
"""

# The knowledge base imported with `lagebild kb import` (the shipped one is package data and
# never copied here), and the roles articles teach through appositions ("der russische
# Außenminister Sergej Lawrow"), kept per article so that they go when the article goes.
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

# The events component (docs/events.md) added code, sentence, theme, start_time, place_name,
# polarity, modality, attribution and speaker.  They live in one JSON column so that the
# next event field needs no migration; code and speaker also get columns because they are
# what exports and queries filter by.  Rows written before keep NULL and load with defaults.
EVENT_DETAILS = """
ALTER TABLE events ADD COLUMN code TEXT;
ALTER TABLE events ADD COLUMN speaker TEXT;
ALTER TABLE events ADD COLUMN details_json TEXT;
CREATE INDEX idx_events_code ON events (code);
"""

# Versioned knowledge-base layers made by corpus steps (`lagebild kb learn-roles`): each is an
# immutable value identified by a content hash; analyses use the newest one of a name.
# The indexes serve the set-based filters (outlet, entity, event type) of corpus reads.
KB_LAYERS_AND_FILTERS = """
CREATE TABLE kb_layers (
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    created TEXT NOT NULL,
    size INTEGER NOT NULL,
    data_json TEXT NOT NULL,
    PRIMARY KEY (name, version)
);
CREATE INDEX idx_kb_layers_created ON kb_layers (name, created);
CREATE INDEX idx_articles_outlet ON articles (outlet);
CREATE INDEX idx_mentions_entity ON mentions (entity);
CREATE INDEX idx_events_type ON events (type);
"""

# Every mention says what kind of reference it is (issue "Right on news it has never seen"):
# a proper name, a nominal role description ("der US-Präsident") or a pronoun.  Rows written
# before were all names.
MENTION_KINDS = """
ALTER TABLE mentions ADD COLUMN kind TEXT NOT NULL DEFAULT 'name';
"""

# Every publication of one stored text (another outlet, URL, title or date carrying the same
# clean text is kept, not dropped), and the inputs already analysed by a pipeline, so that a
# run resumed after a crash skips them instead of analysing them again.  Existing articles get
# their own publication.  pub_key is url | outlet | published | title, computed the same way in
# Python (lagebild.store.rows.publication_key).
PUBLICATIONS_AND_INPUTS = """
CREATE TABLE publications (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    pub_key TEXT NOT NULL,
    url TEXT,
    outlet TEXT,
    title TEXT,
    published TEXT,
    source TEXT,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (article_id, pub_key)
);
CREATE INDEX idx_publications_outlet ON publications (outlet);
CREATE INDEX idx_publications_url ON publications (url);
INSERT INTO publications (article_id, pub_key, url, outlet, title, published, source, first_seen)
SELECT id, COALESCE(url, '') || ' | ' || COALESCE(outlet, '') || ' | ' || COALESCE(published, '') || ' | '
           || COALESCE(title, ''), url, outlet, title, published, source, created
FROM articles;
CREATE TABLE inputs (
    input_key TEXT NOT NULL,
    pipeline TEXT NOT NULL,
    article_id TEXT,
    created TEXT NOT NULL,
    PRIMARY KEY (input_key, pipeline)
);
"""

# Append only.  The next schema change is Migration(9, "...", "..."), in migrations_pg.py too.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", INITIAL_SCHEMA),
    Migration(2, "knowledge base and learned roles", KNOWLEDGE_BASE_AND_ROLES),
    Migration(3, "event details", EVENT_DETAILS),
    Migration(4, "knowledge-base layers and corpus filters", KB_LAYERS_AND_FILTERS),
    Migration(5, "mention kinds", MENTION_KINDS),
    Migration(6, "publications and analysed inputs", PUBLICATIONS_AND_INPUTS),
    Migration(7, "agency copies and stories", corpus_schema.SQLITE),
    Migration(8, "full-text search", search_schema.SQLITE),
)


def latest_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    return max((m.version for m in migrations), default=0)


def validate(migrations: Sequence[Migration]) -> None:
    """Reject lists whose versions are not strictly increasing positive integers."""
    previous = 0
    for m in migrations:
        if m.version <= previous:
            raise ValueError(f"migration versions must increase: {m.version} ({m.name}) after {previous}")
        previous = m.version


def split_statements(script: str) -> list[str]:
    """Split an SQL script into single statements.

    ``sqlite3`` executes one statement per ``execute``; ``executescript`` would
    commit the surrounding transaction, so we split ourselves and keep each
    migration atomic.  A statement ends at a line whose ``;`` completes it.
    """
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    leftover = [ln for ln in buffer.splitlines() if ln.strip() and not ln.strip().startswith("--")]
    if leftover:
        raise ValueError(f"incomplete SQL statement in migration: {' '.join(leftover)[:80]}")
    return statements


def ensure_ledger(conn: sqlite3.Connection) -> None:
    conn.execute(_BOOTSTRAP)


def applied(conn: sqlite3.Connection) -> list[AppliedMigration]:
    rows = conn.execute("SELECT version, name, applied_at FROM _migrations ORDER BY version").fetchall()
    return [AppliedMigration(int(v), str(n), str(a)) for v, n, a in rows]


def current_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT MAX(version) FROM _migrations").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _apply(conn: sqlite3.Connection, migration: Migration) -> AppliedMigration | None:
    # IMMEDIATE takes the write lock up front, so two processes opening a fresh
    # database at once serialise here; the loser sees the row and skips.
    conn.execute("BEGIN IMMEDIATE")
    try:
        done = conn.execute("SELECT 1 FROM _migrations WHERE version = ?", (migration.version,)).fetchone()
        if done:
            conn.execute("ROLLBACK")
            return None
        if isinstance(migration.step, str):
            for statement in split_statements(migration.step):
                conn.execute(statement)
        else:
            migration.step(conn)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        conn.execute(
            "INSERT INTO _migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (migration.version, migration.name, stamp),
        )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return AppliedMigration(migration.version, migration.name, stamp)


def pending(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[Migration]:
    done = {m.version for m in applied(conn)}
    return [m for m in migrations if m.version not in done]


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[AppliedMigration]:
    """Apply pending migrations in order; return the ones applied now.

    ``conn`` must be in autocommit mode (``isolation_level=None``) so that the
    explicit ``BEGIN``/``COMMIT`` here are the only transactions.
    """
    validate(migrations)
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
