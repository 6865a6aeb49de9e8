"""The SQLite backend: one file (or ``:memory:``), WAL journal, recorded migrations.

In the spirit of sqlite-utils/datasette the database is plain SQL that other
tools can query.  Several processes may write one file at once: every write is a
short ``BEGIN IMMEDIATE`` transaction, and a writer waits up to
:data:`BUSY_TIMEOUT` seconds for another one's lock instead of failing with
"database is locked".
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from . import migrations as mig
from .base import NotADatabaseError, SchemaTooNewError, StoreError
from .sql import Row, SQLStore

BUSY_TIMEOUT = 120.0  # seconds; long enough for another process's batch commit


def _connect(path: str) -> sqlite3.Connection:
    """Open and configure a connection; translate SQLite's cryptic failures."""
    try:
        # isolation_level=None: no implicit transactions; we BEGIN/COMMIT ourselves.
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(
            f"cannot open database {path}: {exc}",
            hint="check that the directory exists and is writable, or pass another --db",
        ) from exc
    try:
        conn.row_factory = sqlite3.Row
        # The first statement reads the header: a non-SQLite file fails here.
        _switch_to_wal(conn)  # readers don't block the writer
        conn.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, much faster
        conn.execute("PRAGMA foreign_keys=ON")  # off by default; needed for ON DELETE CASCADE
    except sqlite3.DatabaseError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorcode", None) == 26 or "not a database" in str(exc):  # SQLITE_NOTADB
            raise NotADatabaseError(
                f"{path} is not an SQLite database",
                hint=f"lagebild keeps its articles in an SQLite file or PostgreSQL; pass another --db than {path}",
            ) from exc
        raise StoreError(f"cannot open database {path}: {exc}") from exc
    return conn


def _switch_to_wal(conn: sqlite3.Connection) -> None:
    """``PRAGMA journal_mode=WAL``, waiting while another process creates or migrates the same file.

    Changing the journal mode needs the database to itself, and SQLite answers "database is locked"
    at once instead of using the busy timeout; two ``lagebild analyze`` started together on a new
    file would otherwise see one of them fail.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT
    delay = 0.02
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


class SQLiteStore(SQLStore):
    """Articles and their annotation layers in an SQLite file (``":memory:"`` works)."""

    null_safe_eq = "IS"

    def __init__(self, path: str | os.PathLike[str] = "lagebild.db", *,
                 migrations: Sequence[mig.Migration] = mig.MIGRATIONS) -> None:
        self.path = os.fspath(path)
        self.url = self.path
        self.conn = _connect(self.path)
        try:
            self._migrate(migrations)
        except BaseException:
            self.conn.close()
            raise

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """Hold an exclusive lock named ``name`` for this database file (a ``flock`` on a file beside it):
        one holder per database at a time, across processes; an in-memory database needs none."""
        if self.path == ":memory:" or self.path.startswith("file:"):
            yield
            return
        with open(f"{self.path}-{name}.lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _migrate(self, migrations: Sequence[mig.Migration]) -> None:
        try:
            mig.ensure_ledger(self.conn)
            found, known = mig.current_version(self.conn), mig.latest_version(migrations)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read {self.path}: {exc}") from exc
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

    def close(self) -> None:
        self.conn.close()

    @property
    def schema_version(self) -> int:
        return mig.current_version(self.conn)

    @property
    def applied_migrations(self) -> list[mig.AppliedMigration]:
        return mig.applied(self.conn)

    # --- primitives ---

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            return self.conn.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            return self.conn.execute(sql, tuple(params)).rowcount
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            self.conn.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # IMMEDIATE: take the write lock before the first read so that a
        # read-then-write never fails half-way with SQLITE_BUSY.
        self._execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self._execute("COMMIT")


def _translate(exc: sqlite3.Error, path: str) -> StoreError:
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return StoreError(f"{path} stayed locked by another writer for {BUSY_TIMEOUT:.0f} s",
                          hint="another lagebild process holds a long write; try again when it has finished")
    return StoreError(f"database error in {path}: {exc}")
