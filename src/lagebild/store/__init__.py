"""Persistent storage of analysed articles (SQLite; see :mod:`lagebild.store.database`)."""

from .database import (
    AmbiguousIdError,
    Database,
    NotADatabaseError,
    SchemaTooNewError,
    StoreError,
    default_db_path,
)
from .migrations import MIGRATIONS, AppliedMigration, Migration

__all__ = [
    "MIGRATIONS",
    "AmbiguousIdError",
    "AppliedMigration",
    "Database",
    "Migration",
    "NotADatabaseError",
    "SchemaTooNewError",
    "StoreError",
    "default_db_path",
]
