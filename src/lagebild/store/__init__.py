"""Persistent storage of analysed articles: one :class:`Store` interface, SQLite and PostgreSQL backends.

``open_store(url)`` picks the backend from the URL (a file path or ``sqlite:///…``
for SQLite, ``postgresql://…`` for PostgreSQL).
"""

from .base import (
    MIN_PREFIX,
    AmbiguousIdError,
    BackendUnavailableError,
    NotADatabaseError,
    Query,
    SchemaTooNewError,
    Store,
    StoreError,
    default_db,
    describe_url,
    is_postgres_url,
    open_store,
)
from .migrations import MIGRATIONS, AppliedMigration, Migration
from .sqlite import SQLiteStore

#: The SQLite store under its earlier name (``Database("corpus.db")``).
Database = SQLiteStore

__all__ = [
    "MIGRATIONS",
    "MIN_PREFIX",
    "AmbiguousIdError",
    "AppliedMigration",
    "BackendUnavailableError",
    "Database",
    "Migration",
    "NotADatabaseError",
    "Query",
    "SQLiteStore",
    "SchemaTooNewError",
    "Store",
    "StoreError",
    "default_db",
    "describe_url",
    "is_postgres_url",
    "open_store",
]
