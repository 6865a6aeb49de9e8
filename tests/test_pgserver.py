"""The PostgreSQL fixtures of tests/pgserver.py: a real server, one fresh database per test."""

from __future__ import annotations

import os
import re

import pytest

from tests.pgserver import DB_PREFIX, INSTALL_HINT, in_ci, url_with_database

try:
    import psycopg
    from psycopg import sql
except ImportError:
    if in_ci():
        raise
    pytest.skip(f"psycopg is not installed; {INSTALL_HINT}", allow_module_level=True)

# The version CI installs (scripts/postgres.sh); override for a server of another version.
EXPECTED_MAJOR = int(os.environ.get("LAGEBILD_TEST_PG_MAJOR", "15"))


def test_url_with_database() -> None:
    url = "postgresql://postgres@127.0.0.1:5433/lagebild_test?sslmode=disable"
    assert url_with_database(url, "other") == "postgresql://postgres@127.0.0.1:5433/other?sslmode=disable"


def test_server_is_postgresql_15_on_loopback(pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        row = conn.execute("SELECT version(), current_database()").fetchone()
    assert row is not None
    version, dbname = row
    assert re.match(rf"PostgreSQL {EXPECTED_MAJOR}\.", version), version
    assert dbname == (pg_url.rsplit("/", 1)[-1].split("?")[0])
    if not os.environ.get("LAGEBILD_TEST_PG_URL"):
        assert "@127.0.0.1:" in pg_url


def test_fresh_database_is_empty_and_writable(pg_db_url: str) -> None:
    with psycopg.connect(pg_db_url) as conn:
        name = conn.execute("SELECT current_database()").fetchone()
        assert name is not None and name[0].startswith(DB_PREFIX)
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchone()
        assert tables == (0,)
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.execute("INSERT INTO t VALUES (%s)", ("Grüße aus Köln",))
        assert conn.execute("SELECT x FROM t").fetchall() == [("Grüße aus Köln",)]
        assert conn.execute("SHOW server_encoding").fetchone() == ("UTF8",)


def test_two_databases_are_independent(pg_url: str, pg_db_url: str) -> None:
    other_name = DB_PREFIX + "other_" + os.urandom(4).hex()
    other = url_with_database(pg_url, other_name)
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(other_name)))
    try:
        with psycopg.connect(pg_db_url) as a, psycopg.connect(other) as b:
            a.execute("CREATE TABLE shared_name (v INTEGER)")
            a.execute("INSERT INTO shared_name VALUES (1)")
            a.commit()
            assert b.execute("SELECT to_regclass('shared_name')").fetchone() == (None,)
            b.execute("CREATE TABLE shared_name (v INTEGER)")
            b.execute("INSERT INTO shared_name VALUES (2), (3)")
            b.commit()
            assert a.execute("SELECT v FROM shared_name").fetchall() == [(1,)]
            assert b.execute("SELECT v FROM shared_name ORDER BY v").fetchall() == [(2,), (3,)]
    finally:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(other_name)))


def test_pg_db_url_gives_a_new_database_each_test(pg_db_url: str) -> None:
    # Runs after test_fresh_database_is_empty_and_writable: its table t must not be here.
    with psycopg.connect(pg_db_url) as conn:
        assert conn.execute("SELECT to_regclass('t')").fetchone() == (None,)
