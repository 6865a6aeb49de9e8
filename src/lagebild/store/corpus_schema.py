"""Migration 7 (both backends): tables of the corpus layer — agency copies and stories.

Kept in its own module so the migration lists stay short.  The state of the
incremental indexes (:mod:`lagebild.corpus.copies`, :mod:`lagebild.corpus.stories`)
is plain rows, so ``lagebild corpus update`` continues from them instead of
recomputing the corpus:

* ``corpus_state``: key/value settings of the indexes (their parameters, the
  signature scheme, the document count behind ``story_df``);
* ``copy_signatures``: per indexed article, in arrival order (``seq``), its MinHash
  signature and anchor shingles (base64 of little-endian uint32: portable TEXT on
  both backends) — an article with a row here is indexed;
* ``copy_links``: verified copy pairs (the later article first) with similarity,
  containment and the shared character ranges of both texts as JSON;
* ``copy_groups``: connected components of the links (group id = earliest member);
* ``stories``: one row per story with its summary as JSON;
* ``story_articles(story_id, article_id, …)``: the assignment and the article's
  story features (JSON) in arrival order; the search filters stories through it;
* ``story_related``: follow-up links between stories (each pair once, lower id first);
* ``story_aliases``: retired ids of merged stories -> the story they went into;
* ``story_df``: document frequencies of lemmas and entities (the IDF of the story index).

Both scripts create the same tables, columns, types (TEXT, INTEGER, REAL ->
DOUBLE PRECISION) and indexes; ``tests/test_migrations_pg.py`` compares them.
"""

from __future__ import annotations

_TABLES = """
CREATE TABLE corpus_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE copy_signatures (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    published TEXT,
    scheme TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE UNIQUE INDEX idx_copy_signatures_seq ON copy_signatures (seq);
CREATE TABLE copy_links (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    other_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    jaccard {real} NOT NULL,
    containment {real} NOT NULL,
    shared INTEGER NOT NULL,
    narrative {real} NOT NULL,
    coverage {real} NOT NULL,
    other_coverage {real} NOT NULL,
    spans_json TEXT NOT NULL,
    other_spans_json TEXT NOT NULL,
    PRIMARY KEY (article_id, other_id)
);
CREATE INDEX idx_copy_links_other ON copy_links (other_id);
CREATE TABLE copy_groups (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    group_id TEXT NOT NULL
);
CREATE INDEX idx_copy_groups_group ON copy_groups (group_id);
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT,
    first_seen TEXT,
    last_seen TEXT,
    n_articles INTEGER NOT NULL,
    n_outlets INTEGER NOT NULL,
    summary_json TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX idx_stories_last_seen ON stories (last_seen);
CREATE INDEX idx_stories_first_seen ON stories (first_seen);
CREATE TABLE story_articles (
    story_id TEXT NOT NULL,
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    score {real} NOT NULL,
    via TEXT NOT NULL,
    closest TEXT,
    features_json TEXT NOT NULL
);
CREATE INDEX idx_story_articles_story ON story_articles (story_id);
CREATE INDEX idx_story_articles_seq ON story_articles (seq);
CREATE TABLE story_related (
    story_id TEXT NOT NULL,
    related_id TEXT NOT NULL,
    score {real} NOT NULL,
    PRIMARY KEY (story_id, related_id)
);
CREATE INDEX idx_story_related_related ON story_related (related_id);
CREATE TABLE story_aliases (
    old_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL
);
CREATE INDEX idx_story_aliases_story ON story_aliases (story_id);
CREATE TABLE story_df (
    feature TEXT PRIMARY KEY,
    docs INTEGER NOT NULL
);
"""

SQLITE = _TABLES.format(real="REAL")

POSTGRES = _TABLES.format(real="DOUBLE PRECISION")
