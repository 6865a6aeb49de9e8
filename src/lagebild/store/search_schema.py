"""Migration 8 (both backends): full-text search (SQLite FTS5, PostgreSQL tsvector 'german').

Both steps are callables: besides the DDL they index the articles already stored, and the index needs
Python (Snowball stems and compound parts, :mod:`lagebild.corpus.search_text`).

SQLite: ``search_docs`` holds, per article, the stems of its title and clean text (in word order, so
phrases work) and the stems of its compound parts; ``search_fts`` is an FTS5 index over it with
``search_docs`` as external content, kept in sync by triggers on ``search_docs`` — so deleting an
article (its ``search_docs`` row goes by cascade) removes it from the index in plain SQL, whatever tool
deletes it.  The store writes ``search_docs`` rows when it saves (``SearchSQL._index_for_search``).

PostgreSQL: ``search_docs`` holds the compound parts and a ``tsvector``: the title (weight A), the clean
text (B, its first :data:`PG_TEXT_CHARS` characters: a tsvector is limited to 1 MB) and the parts (D),
all with the ``german`` configuration (Snowball German, as the SQLite stems), with a GIN index.

Both add indexes for the place and entity-name filters of search and covering indexes ``(article_id,
value…)`` on the filtered tables, so that a filter or facet reads one article's values from an index
without reading its rows (SQLite also gets ``search_docs (doc, article_id)``: a ``search_docs`` row holds
all stems and spans pages).  The two ``search_docs`` tables differ by
design, so ``tests/test_migrations_pg.py`` leaves the search tables out of its schema
comparison (:data:`SEARCH_TABLES`).
"""

from __future__ import annotations

from typing import Any

SEARCH_TABLES = ("search_docs", "search_fts")  # and FTS5's shadow tables search_fts_*
PG_TEXT_CHARS = 300_000
BACKFILL_BATCH = 500

# The same on both backends: indexes for the filters and facets.
FILTER_INDEXES = """
CREATE INDEX idx_places_name ON places (name);
CREATE INDEX idx_entities_name ON entities (name);
-- Covering indexes: a filter or facet probes one article's values without reading its (wide) rows.
CREATE INDEX idx_articles_id_published ON articles (id, published);
CREATE INDEX idx_publications_article_outlet ON publications (article_id, outlet);
CREATE INDEX idx_entities_article_entity ON entities (article_id, entity_id, name);
CREATE INDEX idx_quotes_article_speaker ON quotes (article_id, speaker, speaker_key, speaker_name);
CREATE INDEX idx_places_article_name ON places (article_id, name);
CREATE INDEX idx_events_article_type ON events (article_id, type);
CREATE INDEX idx_story_articles_article_story ON story_articles (article_id, story_id);
"""

SQLITE_DDL = FILTER_INDEXES + """
CREATE TABLE search_docs (
    doc INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    parts TEXT NOT NULL
);
CREATE UNIQUE INDEX idx_search_docs_article ON search_docs (article_id);
-- doc -> article id without reading the row (the stems make it span pages): filters and facets use it.
CREATE INDEX idx_search_docs_doc ON search_docs (doc, article_id);
CREATE VIRTUAL TABLE search_fts USING fts5 (
    title, body, parts, content = 'search_docs', content_rowid = 'doc', tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER search_docs_inserted AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, title, body, parts) VALUES (new.doc, new.title, new.body, new.parts);
END;
CREATE TRIGGER search_docs_deleted AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body, parts)
    VALUES ('delete', old.doc, old.title, old.body, old.parts);
END;
CREATE TRIGGER search_docs_updated AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body, parts)
    VALUES ('delete', old.doc, old.title, old.body, old.parts);
    INSERT INTO search_fts (rowid, title, body, parts) VALUES (new.doc, new.title, new.body, new.parts);
END;
"""

POSTGRES_DDL = FILTER_INDEXES + """
CREATE TABLE search_docs (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    parts TEXT NOT NULL,
    tsv tsvector NOT NULL
);
CREATE INDEX idx_search_docs_tsv ON search_docs USING GIN (tsv);
"""

# One statement per backend that (re)indexes one article; ? placeholders as in lagebild.store.sql.
SQLITE_UPSERT = ("INSERT INTO search_docs (article_id, title, body, parts) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT (article_id) DO UPDATE SET title = excluded.title, body = excluded.body, "
                 "parts = excluded.parts")


def pg_tsvector(title: str, text: str, parts: str) -> str:
    """The tsvector expression of an article from SQL expressions of its title, clean text and parts."""
    return (f"setweight(to_tsvector('german', COALESCE({title}, '')), 'A') "
            f"|| setweight(to_tsvector('german', left({text}, {PG_TEXT_CHARS})), 'B') "
            f"|| setweight(to_tsvector('german', {parts}), 'D')")


POSTGRES_UPSERT = (
    f"INSERT INTO search_docs (article_id, parts, tsv) SELECT id, ?, {pg_tsvector('title', 'text', '?')} "
    "FROM articles WHERE id = ? ON CONFLICT (article_id) DO UPDATE SET parts = excluded.parts, tsv = excluded.tsv")


def sqlite_values(article_id: str, title: str | None, text: str) -> tuple[str, str, str, str]:
    """The values of :data:`SQLITE_UPSERT` for one article."""
    from lagebild.corpus.search_text import part_stems_of, stems_of

    return (article_id, " ".join(stems_of(title or "")), " ".join(stems_of(text)),
            " ".join(part_stems_of(f"{title or ''}\n{text}")))


def postgres_values(article_id: str, title: str | None, text: str) -> tuple[str, str, str]:
    """The values of :data:`POSTGRES_UPSERT` for one article."""
    from lagebild.corpus.search_text import compound_parts_text

    parts = compound_parts_text(title, text)
    return (parts, parts, article_id)


def _migrate_sqlite(conn: Any) -> None:
    from .migrations import split_statements

    for statement in split_statements(SQLITE_DDL):
        conn.execute(statement)
    cursor = conn.execute("SELECT id, title, text FROM articles ORDER BY id")
    while batch := cursor.fetchmany(BACKFILL_BATCH):
        conn.executemany(SQLITE_UPSERT, [sqlite_values(row[0], row[1], row[2]) for row in batch])


def _migrate_postgres(conn: Any) -> None:
    from psycopg.rows import tuple_row

    from .migrations_pg import split_statements

    for statement in split_statements(POSTGRES_DDL):
        conn.execute(statement)
    upsert = POSTGRES_UPSERT.replace("?", "%s")
    last = ""
    while True:  # keyset batches: a server-side cursor would not survive the executemany on one connection
        with conn.cursor(row_factory=tuple_row) as reader:  # the store's connection makes dict rows
            batch = reader.execute("SELECT id, title, text FROM articles WHERE id > %s ORDER BY id LIMIT %s",
                                   (last, BACKFILL_BATCH)).fetchall()
        if not batch:
            return
        with conn.cursor() as cursor:
            cursor.executemany(upsert, [postgres_values(row[0], row[1], row[2]) for row in batch])
        last = batch[-1][0]


SQLITE = _migrate_sqlite
POSTGRES = _migrate_postgres
