"""The store on every backend (SQLite and PostgreSQL): lossless round trips, idempotent saves, id prefixes,
errors; plus what only one backend has (SQLite PRAGMAs, WAL and migration ledger; PostgreSQL connection errors).

The ``store`` fixture runs a test on both backends: an SQLite file in ``tmp_path`` and a fresh PostgreSQL
database (``pg_db_url`` from ``tests/pgserver.py``; skipped without PostgreSQL, except in CI).
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

import pytest

from lagebild.errors import LagebildError
from lagebild.model import (
    Article,
    Cue,
    Entity,
    Event,
    Mention,
    Place,
    Quote,
    Removal,
    Sentence,
    Timex,
    Token,
    content_id,
)
from lagebild.offsets import OffsetMap
from lagebild.store import (
    MIGRATIONS,
    AmbiguousIdError,
    BackendUnavailableError,
    Database,
    Migration,
    NotADatabaseError,
    SchemaTooNewError,
    StoreError,
    default_db,
    describe_url,
    open_store,
)
from lagebild.store import migrations as mig
from lagebild.store.sql import SQLStore

CHILD_TABLES = ("sentences", "removed", "mentions", "entities", "quotes", "timexes", "places", "events")
BACKENDS = ("sqlite", "postgres")


def span(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    i = text.index(needle, start)
    return i, i + len(needle)


def full_article() -> Article:
    """An article with every annotation type, built by hand."""
    boiler = "ANZEIGE\n"
    part1 = "Özdemir sagte am Montag in Berlin: „Wir schaffen das.“"
    part2 = "Merkel lobte, die Helfer seien großartig."
    # Cleaning drops the ad line and inserts the missing space after the quote:
    # two runs in the offset map.
    raw = boiler + part1 + part2
    text = part1 + " " + part2
    sources = [len(boiler) + i for i in range(len(part1))] + [-1]
    sources += [len(boiler) + len(part1) + i for i in range(len(part2))]
    offsets = OffsetMap.from_sources(sources, len(raw))
    assert len(offsets.clean_starts) == 2

    tokens = []
    pos = 0
    for word in text.split(" "):
        start = text.index(word, pos)
        pos = start + len(word)
        mood = "konj1" if word == "seien" else ("ind" if word in ("sagte", "lobte") else None)
        tokens.append(Token(start, pos, "VVFIN" if mood else "NN", word.lower(), mood))  # type: ignore[arg-type]

    s_oez, e_oez = span(text, "Özdemir")
    s_mer, e_mer = span(text, "Merkel")
    s_ber, e_ber = span(text, "Berlin")
    s_mon, e_mon = span(text, "Montag")
    s_q1, e_q1 = span(text, "Wir schaffen das.")
    s_q2, e_q2 = span(text, "die Helfer seien großartig")
    s_sagte, e_sagte = span(text, "sagte")
    s_lobte, e_lobte = span(text, "lobte")
    return Article(
        raw=raw,
        text=text,
        offsets=offsets,
        url="https://example.org/artikel",
        outlet="Beispielzeitung",
        title="Wir schaffen das",
        published="2015-08-31",
        claimed_source="dpa",
        language="de",
        source="tests/artikel.txt",
        meta={"extractor": "manual", "nested": {"n": 1, "list": [1, "zwei"]}},
        tokens=tokens,
        sentences=[Sentence(0, len(part1)), Sentence(len(part1) + 1, len(text))],
        removed=[Removal(0, len(boiler), boiler, "boilerplate")],
        mentions=[
            Mention("Özdemir", s_oez, e_oez, "PER", "E1"),
            Mention("Berlin", s_ber, e_ber, "LOC", "E3"),
            Mention("Merkel", s_mer, e_mer, "PER", "E2"),
            Mention("Montag", s_mon, e_mon, "MISC", None),
        ],
        entities=[
            Entity("E1", "Cem Özdemir", "PER", "Q67599"),
            Entity("E2", "Angela Merkel", "PER", None),
            Entity("E3", "Berlin", "LOC", "Q64"),
        ],
        quotes=[
            Quote(text[s_q1:e_q1], s_q1, e_q1, "direct", "E1", "Cem Özdemir", Cue("sagte", s_sagte, e_sagte)),
            Quote(
                text[s_q2:e_q2], s_q2, e_q2, "indirect", "E2", "Angela Merkel", Cue("lobte", s_lobte, e_lobte)
            ),
            Quote("Wir schaffen das.", s_q1, e_q1, "reported", None, None, None),
        ],
        timexes=[Timex("Montag", s_mon, e_mon, "DATE", "2015-08-31", None),
                 Timex("Montag", s_mon, e_mon, "DATE", "2015-08", "APPROX")],
        places=[
            Place("Berlin", s_ber, e_ber, "Berlin", "DE", 52.52437, 13.41053, 2950159),
            Place("Berlin", s_ber, e_ber, "Berlin", None, None, None, None),
        ],
        events=[
            Event("STATEMENT", Cue("sagte", s_sagte, e_sagte), ["E1"], [], "Berlin", "2015-08-31"),
            Event("PRAISE", Cue("lobte", s_lobte, e_lobte), ["E2"], ["Helfer", "E1"]),
        ],
        components=["clean", "tokenize", "ner", "quotes"],
    )


def simple(text: str, **kwargs: object) -> Article:
    return Article(raw=text, text=text, **kwargs)  # type: ignore[arg-type]


def full_dict(article: Article) -> dict[str, object]:
    return article.to_dict(include_tokens=True, include_raw=True)


def scalar(store: SQLStore, sql: str, params: tuple[Any, ...] = ()) -> Any:
    """The single value of a one-row, one-column query, on any backend."""
    row = store._fetchall(sql, params)[0]
    return next(iter(row.values())) if isinstance(row, dict) else row[0]


def open_backend(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> SQLStore:
    """A new, empty store of ``backend`` (``"sqlite"``: a file in tmp_path; ``"postgres"``: a fresh database)."""
    if backend == "sqlite":
        return Database(tmp_path / "store.db")
    url = request.getfixturevalue("pg_db_url")
    from lagebild.store.postgres import PostgresStore

    return PostgresStore(url)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SQLStore]:
    """An empty store, once per backend."""
    opened = open_backend(request.param, tmp_path, request)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def db() -> Database:
    """An in-memory SQLite store (for the SQLite-only tests)."""
    return Database(":memory:")


# --- SQLite only: opening, PRAGMAs, WAL, migrations of SQLite files ---------------------


def test_fresh_database_has_schema_and_pragmas(db: Database) -> None:
    assert db.schema_version == MIGRATIONS[-1].version
    assert [(m.version, m.name) for m in db.applied_migrations] == [(m.version, m.name) for m in MIGRATIONS]
    tables = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "errors", "_migrations", *CHILD_TABLES} <= tables
    indexes = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"idx_quotes_speaker", "idx_entities_entity_id", "idx_articles_published"} <= indexes
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_file_database_uses_wal_and_persists(tmp_path: Path) -> None:
    path = tmp_path / "lagebild.db"
    article = full_article()
    with Database(path) as first:
        assert first.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert first.save(article) is True
    assert path.is_file()
    with Database(str(path)) as second:
        assert second.count() == 1
        assert len(second.applied_migrations) == len(MIGRATIONS)  # nothing re-applied
        stored = second.get(article.id)
        assert stored is not None and full_dict(stored) == full_dict(article)
        assert second.save(article) is False


def test_new_migration_applies_only_the_new_one(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Database(path) as old:
        old.save(simple("Ein Artikel."))
        first_applied = old.applied_migrations

    def add_index(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE INDEX idx_articles_title ON articles (title)")

    n = MIGRATIONS[-1].version
    newer = [
        *MIGRATIONS,
        Migration(n + 1, "article notes", "-- editors annotate\nALTER TABLE articles ADD COLUMN notes TEXT;\n"),
        Migration(n + 2, "title index", add_index),
    ]
    with Database(path, migrations=newer) as db:
        assert db.schema_version == n + 2
        assert db.applied_migrations[: len(first_applied)] == first_applied  # shipped migrations untouched
        assert [(m.version, m.name) for m in db.applied_migrations[len(first_applied):]] == [
            (n + 1, "article notes"),
            (n + 2, "title index"),
        ]
        columns = {r[1] for r in db.conn.execute("PRAGMA table_info(articles)")}
        assert "notes" in columns
        assert db.count() == 1
    with Database(path, migrations=newer) as again:
        assert len(again.applied_migrations) == len(newer)


def test_failed_migration_is_rolled_back(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    Database(path).close()
    n = MIGRATIONS[-1].version + 1
    broken = [*MIGRATIONS, Migration(n, "broken", "CREATE TABLE half (a INTEGER);\nNOT SQL AT ALL;\n")]
    with pytest.raises(StoreError, match=rf"migration {n} \(broken\) failed"):
        Database(path, migrations=broken)
    with Database(path) as db:
        assert db.schema_version == n - 1
        assert db.conn.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None


def test_database_from_newer_lagebild_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with Database(path) as db:
        db.conn.execute("INSERT INTO _migrations VALUES (99, 'from the future', '2099-01-01T00:00:00+00:00')")
    with pytest.raises(SchemaTooNewError) as info:
        Database(path)
    err = info.value
    assert err.code == "E302" and isinstance(err, StoreError) and isinstance(err, LagebildError)
    assert "99" in err.message and str(path) in err.message
    assert err.hint is not None and "upgrade" in err.hint


def test_non_sqlite_file_is_refused_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Das ist keine Datenbank, sondern ein Text. " * 50, encoding="utf-8")
    with pytest.raises(NotADatabaseError) as info:
        Database(path)
    assert info.value.code == "E303"
    assert str(path) in str(info.value) and "--db" in str(info.value)
    assert path.read_text(encoding="utf-8").startswith("Das ist keine")  # left alone


def test_unopenable_path_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        Database(tmp_path / "missing-dir" / "x.db")


def test_migration_list_must_increase() -> None:
    with pytest.raises(ValueError, match="must increase"):
        mig.validate([Migration(1, "a", ""), Migration(1, "b", "")])
    assert mig.latest_version(MIGRATIONS) == MIGRATIONS[-1].version


def test_split_statements_keeps_statements_whole() -> None:
    script = "-- lead comment\nCREATE TABLE a (x TEXT DEFAULT ';');\nCREATE INDEX i ON a (x);\n-- tail\n"
    assert mig.split_statements(script) == ["-- lead comment\nCREATE TABLE a (x TEXT DEFAULT ';');",
                                            "CREATE INDEX i ON a (x);"]
    with pytest.raises(ValueError, match="incomplete"):
        mig.split_statements("CREATE TABLE b (x TEXT)")


def test_default_db_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("LAGEBILD_DB", raising=False)
    assert default_db() == "lagebild.db"
    monkeypatch.setenv("LAGEBILD_DB", str(tmp_path / "x.db"))
    assert default_db() == str(tmp_path / "x.db")


def test_error_codes() -> None:
    assert [c.code for c in (StoreError, AmbiguousIdError, SchemaTooNewError, NotADatabaseError,
                             BackendUnavailableError)] == ["E300", "E301", "E302", "E303", "E304"]
    assert issubclass(StoreError, LagebildError)


# --- every backend: opening -------------------------------------------------------------


def test_fresh_store_is_at_the_latest_schema_and_reopens(store: SQLStore) -> None:
    assert store.schema_version == MIGRATIONS[-1].version
    assert [(m.version, m.name) for m in store.applied_migrations] == [(m.version, m.name) for m in MIGRATIONS]
    article = full_article()
    assert store.save(article) is True
    with open_store(store.url) as again:  # the URL it was opened with opens the same store
        assert type(again) is type(store) and again.url == store.url
        assert again.count() == 1
        assert again.applied_migrations == store.applied_migrations  # nothing re-applied
        stored = again.get(article.id)
        assert stored is not None and full_dict(stored) == full_dict(article)
        assert again.save(article) is False


def test_store_from_newer_lagebild_is_refused(store: SQLStore) -> None:
    store._execute("INSERT INTO _migrations (version, name, applied_at) VALUES (?, ?, ?)",
                   (99, "from the future", "2099-01-01T00:00:00+00:00"))
    with pytest.raises(SchemaTooNewError) as info:
        open_store(store.url)
    err = info.value
    assert err.code == "E302" and isinstance(err, StoreError)
    assert "99" in err.message and describe_url(store.url) in err.message
    assert err.hint is not None and "upgrade" in err.hint


def test_literal_percent_and_placeholders(store: SQLStore) -> None:
    # '?' is the one placeholder style; a literal % must survive the translation to psycopg's %s.
    assert scalar(store, "SELECT ? || '%' AS v", ("50",)) == "50%"
    assert scalar(store, "SELECT COUNT(*) AS n FROM articles WHERE title LIKE '%x%'") == 0


def test_sql_errors_are_store_errors_and_the_store_goes_on(store: SQLStore) -> None:
    with pytest.raises(StoreError, match="database error"):
        store._fetchall("SELECT * FROM no_such_table")
    with pytest.raises(StoreError), store._transaction():
        store._execute("INSERT INTO errors (source, code, message, created) VALUES (?, ?, ?, ?)",
                       ("a", "E1", "m", "t"))
        store._execute("INSERT INTO no_such_table VALUES (1)")
    assert store.errors() == []  # the transaction was rolled back
    assert store.count() == 0  # and the connection still works


# --- every backend: saving and loading ---------------------------------------------------


def test_round_trip_with_every_annotation(store: SQLStore) -> None:
    article = full_article()
    assert store.save(article) is True
    stored = store.get(article.id)
    assert stored is not None
    assert full_dict(stored) == full_dict(article)
    for quote in stored.quotes:  # offsets still lead back into the raw input
        raw_start, raw_end = stored.raw_span(quote.start, quote.end)
        assert stored.raw[raw_start:raw_end] == quote.text
    tokens_json = scalar(store, "SELECT tokens_json FROM articles")
    assert tokens_json.startswith("[[")  # compact arrays, not objects


def test_round_trip_minimal_articles(store: SQLStore) -> None:
    raw_only = Article(raw="Nur roher Text.")
    unchanged = simple("Text, den die Reinigung nicht verändert hat.")
    for article in (raw_only, unchanged):
        store.save(article)
        stored = store.get(article.id)
        assert stored is not None and full_dict(stored) == full_dict(article)
    # Raw equal to text is stored once.
    assert scalar(store, "SELECT raw FROM articles WHERE id = ?", (unchanged.id,)) is None


def test_save_is_idempotent(store: SQLStore) -> None:
    article = full_article()
    assert store.save(article) is True
    assert store.save(full_article()) is False
    assert store.count() == 1
    assert scalar(store, "SELECT COUNT(*) AS n FROM quotes") == len(article.quotes)


def test_resave_fills_only_empty_metadata(store: SQLStore) -> None:
    text = "Ein Text über den Haushalt."
    store.save(simple(text, outlet="Erste Zeitung", meta={"a": 1}))
    later = simple(
        text, outlet="Zweite Zeitung", title="Haushalt", url="https://x.test/1", meta={"a": 2, "b": 3}
    )
    assert store.save(later) is False
    stored = store.get(content_id(text))
    assert stored is not None
    assert stored.outlet == "Erste Zeitung"  # stored value wins
    assert (stored.title, stored.url) == ("Haushalt", "https://x.test/1")
    assert stored.meta == {"a": 1, "b": 3}


def test_resave_replaces_annotations_when_pipeline_differs(store: SQLStore) -> None:
    text = "Scholz sagte, er sei zufrieden. Lindner widersprach."
    old = simple(text, components=["quotes@1"], quotes=[Quote("er sei zufrieden", 14, 30, "indirect")])
    store.save(old)
    new = simple(
        text,
        components=["quotes@2", "ner"],
        quotes=[Quote("er sei zufrieden", 14, 30, "indirect", "E1", "Olaf Scholz")],
        mentions=[Mention("Scholz", 0, 6, "PER", "E1"), Mention("Lindner", 32, 39, "PER", "E2")],
        sentences=[Sentence(0, 31), Sentence(32, 52)],
    )
    assert store.save(new) is False
    stored = store.get(new.id)
    assert stored is not None and full_dict(stored) == full_dict(new)
    # An un-analysed copy must not wipe the analysis.
    store.save(simple(text))
    stored = store.get(new.id)
    assert stored is not None and stored.components == ["quotes@2", "ner"] and len(stored.mentions) == 2


def test_resave_with_same_pipeline_keeps_first_annotations(store: SQLStore) -> None:
    text = "Habeck sagte: „Es wird teuer.“"
    store.save(simple(text, components=["quotes"], quotes=[Quote("Es wird teuer.", 15, 29, "direct")]))
    store.save(simple(text, components=["quotes"]))
    stored = store.get(content_id(text))
    assert stored is not None and len(stored.quotes) == 1


def test_unserialisable_meta_is_a_store_error(store: SQLStore) -> None:
    with pytest.raises(StoreError, match="JSON"):
        store.save(simple("Text.", meta={"when": object()}))
    assert store.count() == 0


def test_delete_cascades(store: SQLStore) -> None:
    article = full_article()
    store.save(article)
    assert store.delete(article.id[:8]) is True
    assert store.count() == 0
    for table in CHILD_TABLES:
        assert scalar(store, f"SELECT COUNT(*) AS n FROM {table}") == 0
    assert store.delete(article.id) is False


# --- ids ----------------------------------------------------------------------------


def colliding_texts(digits: int = 6) -> tuple[str, str]:
    """Two texts whose ids share the first ``digits`` hex digits (birthday search)."""
    seen: dict[str, str] = {}
    for i in count():
        text = f"Meldung Nummer {i}."
        prefix = content_id(text)[:digits]
        if prefix in seen:
            return seen[prefix], text
        seen[prefix] = text
    raise AssertionError("unreachable")


def test_get_by_unique_prefix(store: SQLStore) -> None:
    article = full_article()
    store.save(article)
    store.save(simple("Ein anderer Artikel."))
    for key in (article.id, article.id[:6], article.id[:10].upper(), f"  {article.id[:7]} "):
        stored = store.get(key)
        assert stored is not None and stored.id == article.id
    assert article.id in store and "0" * 16 not in store


def test_get_unknown_id_returns_none(store: SQLStore) -> None:
    article = simple("Irgendein Artikel.")
    store.save(article)
    assert store.get("0123456789abcdef") is None
    absent = "0" * 6 if not article.id.startswith("000000") else "f" * 6
    assert store.get(absent) is None
    assert store.get(article.id + "0") is None  # longer than any id


def test_ambiguous_prefix(store: SQLStore) -> None:
    first, second = colliding_texts()
    store.save(simple(first))
    store.save(simple(second))
    id1, id2 = content_id(first), content_id(second)
    with pytest.raises(AmbiguousIdError) as info:
        store.get(id1[:6])
    assert info.value.code == "E301"
    assert id1 in str(info.value) and id2 in str(info.value)
    stored = store.get(id1)
    assert stored is not None and stored.text == first


@pytest.mark.parametrize("bad", ["abc", "", "xyz123", "12345g7890"])
def test_malformed_id_is_a_store_error(store: SQLStore, bad: str) -> None:
    with pytest.raises(StoreError, match="not an article id"):
        store.get(bad)


# --- queries ------------------------------------------------------------------------


def test_quotes_by_speaker(store: SQLStore) -> None:
    article = full_article()
    store.save(article)
    other = simple(
        "Cem Özdemir sagte: „Gut.“",
        published="2016-01-01",
        quotes=[Quote("Gut.", 20, 24, "direct", "X9", "cem  özdemir")],
    )
    store.save(other)
    by_id = store.quotes_by_speaker("E1")
    assert [q["text"] for q in by_id] == ["Wir schaffen das."]
    assert by_id[0]["article_id"] == article.id
    assert by_id[0]["cue"] == {"text": "sagte", "start": article.quotes[0].cue.start,  # type: ignore[union-attr]
                               "end": article.quotes[0].cue.end}  # type: ignore[union-attr]
    by_name = store.quotes_by_speaker("CEM ÖZDEMIR")
    assert [(q["article_id"], q["text"]) for q in by_name] == [
        (article.id, "Wir schaffen das."),
        (other.id, "Gut."),
    ]
    assert by_name[1]["cue"] is None and by_name[1]["published"] == "2016-01-01"
    assert store.quotes_by_speaker("Niemand") == []


def test_list_articles_and_count(store: SQLStore) -> None:
    assert store.count() == 0 and store.list_articles() == []
    article = full_article()
    store.save(article)
    store.save(simple("Zweiter Artikel.", title="Zwei"))
    assert store.count() == 2
    rows = store.list_articles()
    assert [r["title"] for r in rows] == ["Zwei", "Wir schaffen das"]  # newest first
    assert set(rows[1]) == {"id", "title", "outlet", "published", "url", "n_sentences", "created"}
    assert rows[1]["n_sentences"] == 2 and rows[0]["n_sentences"] == 0
    assert [r["title"] for r in store.list_articles(limit=1, offset=1)] == ["Wir schaffen das"]
    with pytest.raises(ValueError):
        store.list_articles(limit=-1)


def test_record_error(store: SQLStore) -> None:
    store.record_error("kaputt.bin", "E102", "binary input")
    store.record_error("leer.txt", "E101", "empty input")
    errors = store.errors()
    assert [(e["source"], e["code"], e["message"]) for e in errors] == [
        ("kaputt.bin", "E102", "binary input"),
        ("leer.txt", "E101", "empty input"),
    ]
    assert errors[0]["created"]


def test_closed_database_refuses_work(store: SQLStore) -> None:
    with store:
        pass
    with pytest.raises(StoreError):
        store.count()


# --- PostgreSQL only ---------------------------------------------------------------------


def test_postgres_url_picks_the_postgres_backend(pg_db_url: str) -> None:
    from lagebild.store.postgres import PostgresStore

    for url in (pg_db_url, pg_db_url.replace("postgresql://", "postgres://", 1),
                pg_db_url.replace("postgresql://", "postgresql+psycopg://", 1)):
        with open_store(url) as opened:
            assert isinstance(opened, PostgresStore) and opened.url == url
            assert opened.null_safe_eq == "IS NOT DISTINCT FROM"
            assert opened.count() == 0


def test_postgres_connection_failure_names_the_server_without_password() -> None:
    pytest.importorskip("psycopg")
    url = "postgresql://lagebild:geheim-123@127.0.0.1:1/nirgendwo"
    with pytest.raises(StoreError) as info:
        open_store(url)
    err = info.value
    assert isinstance(err, BackendUnavailableError) and err.code == "E304"
    shown = f"{err.message} {err.hint}"
    assert "geheim-123" not in shown
    assert "postgresql://lagebild@127.0.0.1:1/nirgendwo" in err.message
    assert err.hint is not None and "running" in err.hint and "URL" in err.hint


def test_postgres_without_psycopg_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg -> ImportError
    with pytest.raises(BackendUnavailableError) as info:
        open_store("postgresql://someone@127.0.0.1:1/db")
    assert info.value.code == "E304"
    assert info.value.hint is not None and "pip install 'lagebild[postgres]'" in info.value.hint


def test_postgres_placeholder_translation_is_cached() -> None:
    pytest.importorskip("psycopg")
    from lagebild.store.postgres import to_psycopg

    sql = "SELECT a FROM t WHERE a = ? AND b LIKE '%x' AND c IN (?, ?)"
    assert to_psycopg(sql) == "SELECT a FROM t WHERE a = %s AND b LIKE '%%x' AND c IN (%s, %s)"
    assert to_psycopg(sql) is to_psycopg(sql)


def test_many_processes_opening_one_new_sqlite_file_at_once_all_succeed(tmp_path: Path) -> None:
    """Creating the file, switching it to WAL and migrating it race when analyses start together."""
    import subprocess
    import sys
    import time

    path = tmp_path / "new.db"
    start = time.time() + 3  # every process imports first, then all open the file in the same instant
    code = ("import sys, time; from lagebild.store import open_store\n"
            "time.sleep(max(0.0, float(sys.argv[2]) - time.time()))\n"
            "with open_store(sys.argv[1]) as s: print(s.schema_version)")
    processes = [subprocess.Popen([sys.executable, "-c", code, str(path), str(start)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(8)]
    results = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0] * 8, [err for _, err in results if err]
    assert {out.strip() for out, _ in results} == {str(MIGRATIONS[-1].version)}
