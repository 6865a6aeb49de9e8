"""A PostgreSQL server for the tests: fixtures ``pg_url`` (per session) and ``pg_db_url`` (per test).

``pg_url`` is ``$LAGEBILD_TEST_PG_URL`` when set; otherwise a throwaway cluster that
``scripts/postgres.sh start`` makes in a temp dir, stopped and removed at the end of the session.
``pg_db_url`` is a fresh, empty database on that server (``lagebild_t_<random>``), dropped after the test.

Without PostgreSQL (no initdb/pg_ctl, no psycopg, or the server does not start) the tests that use these
fixtures are skipped with a hint how to install it, except in CI (``$CI`` set): there they fail, because
CI must never pass by skipping the PostgreSQL tests.

Registered for the whole suite by ``tests/conftest.py``; use them as ordinary fixture arguments::

    def test_something(pg_db_url: str) -> None:
        with psycopg.connect(pg_db_url) as conn:
            ...
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "postgres.sh"
ENV_URL = "LAGEBILD_TEST_PG_URL"
DB_PREFIX = "lagebild_t_"
MARKER = ".lagebild-postgres"  # written by scripts/postgres.sh start into a directory it owns
INSTALL_HINT = (
    "install PostgreSQL with `bash scripts/postgres.sh install` (root, apt) and psycopg with "
    "`.venv/bin/python -m pip install -e '.[dev,postgres]'`, or point LAGEBILD_TEST_PG_URL at a server"
)
START_TIMEOUT = 180  # seconds for scripts/postgres.sh start/stop


class PgUnavailable(RuntimeError):
    """PostgreSQL could not be found or started."""


def in_ci() -> bool:
    """True when ``$CI`` is set to anything but an explicit false (``CI=true`` in our CI)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off")


def unavailable(reason: str) -> NoReturn:
    """Fail in CI, skip elsewhere."""
    if in_ci():
        pytest.fail(f"PostgreSQL is required in CI but unavailable: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL is not available ({reason}); {INSTALL_HINT}")


def url_with_database(url: str, dbname: str) -> str:
    """``url`` with its database (the path) replaced by ``dbname``; user, host, port and query kept."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, parts.fragment))


def _short_tempdir() -> str:
    # The unix socket lives in DIR/sock and socket paths are limited to ~107 bytes: prefer /tmp to a long $TMPDIR.
    base = "/tmp" if os.path.isdir("/tmp") and os.access("/tmp", os.W_OK) else None
    return tempfile.mkdtemp(prefix="lagebild-pg-", dir=base)


def start_cluster(directory: str | os.PathLike[str]) -> str:
    """Run ``scripts/postgres.sh start DIRECTORY``; return the URL of its ``lagebild_test`` database."""
    try:
        proc = subprocess.run(
            ["bash", str(SCRIPT), "start", os.fspath(directory)],
            capture_output=True, text=True, timeout=START_TIMEOUT, check=False, stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PgUnavailable(f"scripts/postgres.sh start failed: {exc}") from exc
    url = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    if proc.returncode != 0 or not url.startswith("postgresql://"):
        message = proc.stderr.strip()[-2000:] or f"exit status {proc.returncode}"
        raise PgUnavailable(f"scripts/postgres.sh start failed: {message}")
    return url


def stop_cluster(directory: str | os.PathLike[str]) -> None:
    """Run ``scripts/postgres.sh stop DIRECTORY`` (stops the server, removes the directory)."""
    proc = subprocess.run(
        ["bash", str(SCRIPT), "stop", os.fspath(directory)],
        capture_output=True, text=True, timeout=START_TIMEOUT, check=False, stdin=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"scripts/postgres.sh stop {directory} failed: {proc.stderr.strip()[-2000:]}")


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        unavailable("the Python package psycopg is not installed")
    return psycopg


def _check_connection(url: str) -> str:
    """Connect once; return ``SELECT version()`` (raises psycopg errors)."""
    psycopg = _psycopg()
    with psycopg.connect(url, connect_timeout=10, autocommit=True) as conn:
        row = conn.execute("SELECT version()").fetchone()
        return str(row[0])


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """URL of a PostgreSQL database for this session (``$LAGEBILD_TEST_PG_URL`` or a throwaway cluster)."""
    psycopg = _psycopg()
    explicit = os.environ.get(ENV_URL, "").strip()
    if explicit:
        try:
            _check_connection(explicit)
        except psycopg.Error as exc:
            # The caller asked for this server: an unreachable one is an error, never a skip.
            pytest.fail(f"{ENV_URL} is set but the server does not answer: {exc}", pytrace=False)
        yield explicit
        return

    directory = _short_tempdir()
    stopped = False

    def stop() -> None:
        nonlocal stopped
        if stopped:
            return
        stopped = True
        if (Path(directory) / MARKER).exists():
            stop_cluster(directory)
        else:  # the script failed before making a cluster here
            shutil.rmtree(directory, ignore_errors=True)

    atexit.register(stop)  # in case the session dies before the fixture's teardown
    try:
        try:
            url = start_cluster(directory)
            _check_connection(url)
        except (PgUnavailable, psycopg.Error) as exc:
            unavailable(str(exc))
        yield url
    finally:
        try:
            stop()
        finally:
            atexit.unregister(stop)


@pytest.fixture
def pg_db_url(pg_url: str) -> Iterator[str]:
    """URL of a fresh, empty database on the session's server, dropped after the test."""
    psycopg = _psycopg()
    from psycopg import sql

    name = DB_PREFIX + secrets.token_hex(6)
    with psycopg.connect(pg_url, autocommit=True) as admin:
        # template0: never connected to, so CREATE DATABASE cannot fail on a busy template1.
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    try:
        yield url_with_database(pg_url, name)
    finally:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
