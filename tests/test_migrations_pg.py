"""PostgreSQL migrations (lagebild.store.migrations_pg) against a real server, compared with SQLite's schema."""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

import pytest

from lagebild.store import migrations as sqlite_migrations
from lagebild.store import search_schema
from lagebild.store.migrations import Migration, MigrationError
from tests.pgserver import INSTALL_HINT, in_ci

try:
    import psycopg

    from lagebild.store import migrations_pg
except ImportError:
    if in_ci():
        raise
    pytest.skip(f"psycopg is not installed; {INSTALL_HINT}", allow_module_level=True)

LATEST = sqlite_migrations.latest_version(migrations_pg.MIGRATIONS)

# SQLite declared type -> the PostgreSQL types (information_schema.columns.data_type) that translate it.
TYPE_MAP = {
    "TEXT": {"text"},
    "INTEGER": {"integer", "bigint"},
    "REAL": {"double precision"},
}


def connect(url: str, **kwargs: Any) -> psycopg.Connection[Any]:
    return psycopg.connect(url, connect_timeout=10, **kwargs)


def ledger(url: str) -> list[tuple[int, str]]:
    with connect(url) as conn:
        return [(int(v), str(n)) for v, n in conn.execute("SELECT version, name FROM _migrations ORDER BY version")]


# --- no server needed --------------------------------------------------------------------------------------


def test_same_versions_and_names_as_sqlite() -> None:
    sqlite_list = [(m.version, m.name) for m in sqlite_migrations.MIGRATIONS]
    pg_list = [(m.version, m.name) for m in migrations_pg.MIGRATIONS]
    assert pg_list == sqlite_list, (
        "lagebild.store.migrations_pg.MIGRATIONS must translate every SQLite migration, same version and name"
    )


def test_split_statements_respects_quotes_comments_and_dollar_bodies() -> None:
    script = """
    -- a comment; not a statement
    CREATE TABLE "a;b" (x TEXT DEFAULT 'semi;colon', y TEXT DEFAULT E'it\\'s;');
    /* block; /* nested; */ comment */
    CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;
    SELECT '%' || $$;$$
    """
    assert migrations_pg.split_statements(script) == [
        "-- a comment; not a statement\n    "
        "CREATE TABLE \"a;b\" (x TEXT DEFAULT 'semi;colon', y TEXT DEFAULT E'it\\'s;')",
        "/* block; /* nested; */ comment */\n    CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ "
        "LANGUAGE plpgsql",
        "SELECT '%' || $$;$$",
    ]
    assert migrations_pg.split_statements("-- only a comment\n") == []
    with pytest.raises(ValueError, match="unterminated"):
        migrations_pg.split_statements("SELECT 'open;\n")


def test_every_pg_step_splits() -> None:
    for m in migrations_pg.MIGRATIONS:
        if isinstance(m.step, str):
            assert migrations_pg.split_statements(m.step), m


# --- against the server ------------------------------------------------------------------------------------


def test_fresh_database_migrates_to_latest(pg_db_url: str) -> None:
    with connect(pg_db_url, autocommit=True) as conn:
        assert migrations_pg.current_version(conn) == 0
        assert migrations_pg.applied(conn) == []
        done = migrations_pg.migrate(conn)
        assert [(m.version, m.name) for m in done] == [(m.version, m.name) for m in migrations_pg.MIGRATIONS]
        assert migrations_pg.current_version(conn) == LATEST
        assert [(a.version, a.name) for a in migrations_pg.applied(conn)] == [(m.version, m.name) for m in done]
        # The identity column fills itself, as INTEGER PRIMARY KEY does in SQLite.
        conn.execute("INSERT INTO errors (source, code, message, created) VALUES ('s', 'c', '100% kaputt', 't')")
        assert conn.execute("SELECT id, message FROM errors").fetchall() == [(1, "100% kaputt")]


def test_migrating_again_is_a_no_op(pg_db_url: str) -> None:
    with connect(pg_db_url, autocommit=True) as conn:
        migrations_pg.migrate(conn)
        before = migrations_pg.applied(conn)
        assert migrations_pg.migrate(conn) == []
        assert migrations_pg.applied(conn) == before
        assert migrations_pg.pending(conn) == []


def test_migrate_on_a_non_autocommit_connection_commits_and_stays_idle(pg_db_url: str) -> None:
    with connect(pg_db_url) as conn:
        assert len(migrations_pg.migrate(conn)) == len(migrations_pg.MIGRATIONS)
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    assert ledger(pg_db_url) == [(m.version, m.name) for m in migrations_pg.MIGRATIONS]


def test_migrate_refuses_a_connection_inside_a_transaction(pg_db_url: str) -> None:
    with connect(pg_db_url) as conn:
        conn.execute("SELECT 1")  # opens a transaction (not autocommit)
        with pytest.raises(ValueError, match="outside a transaction"):
            migrations_pg.migrate(conn)


def test_step_by_step_and_a_failing_step_rolls_back(pg_db_url: str) -> None:
    first = migrations_pg.MIGRATIONS[:1]
    with connect(pg_db_url, autocommit=True) as conn:
        assert [m.version for m in migrations_pg.migrate(conn, first)] == [1]
        broken = (*migrations_pg.MIGRATIONS, Migration(LATEST + 1, "broken", "CREATE TABLE half (x TEXT);\nSELEC 1;"))
        with pytest.raises(MigrationError) as info:
            migrations_pg.migrate(conn, broken)
        assert info.value.migration.version == LATEST + 1
        assert migrations_pg.current_version(conn) == LATEST  # the good steps before it did commit
        assert conn.execute("SELECT to_regclass('half')").fetchone() == (None,)  # DDL rolled back too


def test_callable_step_gets_the_connection_inside_the_transaction(pg_db_url: str) -> None:
    seen: list[Any] = []

    def step(conn: psycopg.Connection[Any]) -> None:
        seen.append(conn.info.transaction_status)
        conn.execute("CREATE TABLE extra (pct TEXT)")
        conn.execute("INSERT INTO extra VALUES (%s)", ("50 %",))  # parameters: %s placeholders

    extended = (*migrations_pg.MIGRATIONS, Migration(LATEST + 1, "callable", step))  # type: ignore[arg-type]
    with connect(pg_db_url, autocommit=True) as conn:
        migrations_pg.migrate(conn, extended)
        assert seen == [psycopg.pq.TransactionStatus.INTRANS]
        assert migrations_pg.current_version(conn) == LATEST + 1
        assert conn.execute("SELECT pct FROM extra").fetchall() == [("50 %",)]


def test_concurrent_migrations_apply_each_step_once(pg_db_url: str) -> None:
    workers = 4
    barrier = threading.Barrier(workers)
    results: list[list[int]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            with connect(pg_db_url, autocommit=True) as conn:
                barrier.wait(timeout=30)
                done = migrations_pg.migrate(conn)
                assert migrations_pg.current_version(conn) == LATEST
            with lock:
                results.append([m.version for m in done])
        except BaseException as exc:
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a migrating thread hung"
    assert errors == []
    assert len(results) == workers
    assert sorted(v for r in results for v in r) == [m.version for m in migrations_pg.MIGRATIONS]
    assert ledger(pg_db_url) == [(m.version, m.name) for m in migrations_pg.MIGRATIONS]


# --- same schema as SQLite ---------------------------------------------------------------------------------


def sqlite_schema() -> tuple[dict[str, list[tuple[str, str, bool]]], dict[str, tuple[str, list[str]]], set[Any]]:
    """(table -> [(column, declared type, not null)], index -> (table, columns), foreign keys) of a fresh SQLite."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        sqlite_migrations.migrate(conn)
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                  if not r[0].startswith("sqlite_")]
        columns: dict[str, list[tuple[str, str, bool]]] = {}
        fks: set[Any] = set()
        for table in tables:
            columns[table] = [
                (name, ctype.upper(), bool(notnull) or pk > 0)
                for _cid, name, ctype, notnull, _default, pk in conn.execute(f'PRAGMA table_info("{table}")')
            ]
            for fk in conn.execute(f'PRAGMA foreign_key_list("{table}")'):
                fks.add((table, fk[3], fk[2], fk[4], fk[6].upper()))
        indexes = {
            name: (table, [r[2] for r in conn.execute(f'PRAGMA index_info("{name}")')])
            for name, table in conn.execute(
                "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )
        }
        return columns, indexes, fks
    finally:
        conn.close()


def pg_schema(url: str) -> tuple[dict[str, list[tuple[str, str, bool]]], dict[str, tuple[str, list[str]]], set[Any]]:
    with connect(url) as conn:
        columns: dict[str, list[tuple[str, str, bool]]] = {}
        for table, name, dtype, nullable in conn.execute(
            "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        ):
            columns.setdefault(table, []).append((name, dtype, nullable == "NO"))
        indexes: dict[str, tuple[str, list[str]]] = {}
        for index, table, cols in conn.execute(
            """
            SELECT i.relname, t.relname, array_agg(a.attname ORDER BY k.ord)
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
            WHERE t.relnamespace = current_schema()::regnamespace AND NOT x.indisprimary
            GROUP BY i.relname, t.relname
            """
        ):
            indexes[index] = (table, list(cols))
        fks = {
            (table, col, ref, refcol, {"c": "CASCADE", "a": "NO ACTION", "r": "RESTRICT", "n": "SET NULL",
                                       "d": "SET DEFAULT"}[action])
            for table, col, ref, refcol, action in conn.execute(
                """
                SELECT t.relname, a.attname, rt.relname, ra.attname, c.confdeltype
                FROM pg_constraint c
                JOIN pg_class t ON t.oid = c.conrelid
                JOIN pg_class rt ON rt.oid = c.confrelid
                CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(col, refcol)
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
                JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.refcol
                WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
                """
            )
        }
    return columns, indexes, fks


def test_schema_matches_sqlite(pg_db_url: str) -> None:
    with connect(pg_db_url, autocommit=True) as conn:
        migrations_pg.migrate(conn)
    lite_columns, lite_indexes, lite_fks = sqlite_schema()
    pg_columns, pg_indexes, pg_fks = pg_schema(pg_db_url)
    # Full-text search is backend-specific by design (FTS5 vs tsvector, lagebild.store.search_schema).
    for tables, indexes in ((lite_columns, lite_indexes), (pg_columns, pg_indexes)):
        for table in [t for t in tables if t.startswith(search_schema.SEARCH_TABLES)]:
            del tables[table]
        for index in [i for i, (t, _) in indexes.items() if t.startswith(search_schema.SEARCH_TABLES)]:
            del indexes[index]

    assert sorted(pg_columns) == sorted(lite_columns), "same tables"
    for table, lite_cols in lite_columns.items():
        pg_cols = pg_columns[table]
        assert [c[0] for c in pg_cols] == [c[0] for c in lite_cols], f"columns of {table}"
        for (name, lite_type, lite_notnull), (_, pg_type, pg_notnull) in zip(lite_cols, pg_cols, strict=True):
            assert lite_type in TYPE_MAP, f"{table}.{name}: SQLite type {lite_type} has no PostgreSQL mapping here"
            assert pg_type in TYPE_MAP[lite_type], f"{table}.{name}: {lite_type} became {pg_type}"
            assert pg_notnull == lite_notnull, f"{table}.{name}: NOT NULL differs"
    assert pg_indexes == lite_indexes, "same indexes on the same columns"
    assert pg_fks == lite_fks, "same foreign keys"
    assert all(action == "CASCADE" for *_, action in pg_fks)
