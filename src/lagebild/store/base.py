"""The store interface: what every backend (SQLite, PostgreSQL) offers, and how one is chosen by URL.

``open_store("corpus.db")`` or ``open_store("sqlite:///path/corpus.db")`` opens
SQLite; ``open_store("postgresql://user@host/dbname")`` opens PostgreSQL.  Both
implement :class:`Store` with the same SQL (``lagebild.store.sql``) and their own
recorded migrations, so every command works the same on either.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, Self, runtime_checkable

from lagebild.errors import LagebildError

if TYPE_CHECKING:
    from lagebild.corpus.roles import RoleLayer
    from lagebild.corpus.search import SearchPage, SearchQuery
    from lagebild.model import Article

    from .corpus_sql import CorpusBatch
    from .migrations import AppliedMigration

MIN_PREFIX = 6  # like git: shorter prefixes collide too often to be useful
POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


class StoreError(LagebildError):
    """The article database cannot be opened, read or written."""

    code = "E300"


class AmbiguousIdError(StoreError):
    code = "E301"


class SchemaTooNewError(StoreError):
    code = "E302"


class NotADatabaseError(StoreError):
    code = "E303"


class BackendUnavailableError(StoreError):
    """The backend a URL names needs a package or server that is not there (psycopg, a PostgreSQL server)."""

    code = "E304"


@dataclass(frozen=True, slots=True)
class Query:
    """Filters for set-based reads; every field is optional and they combine with AND.

    ``date_from``/``date_to`` are ISO dates (inclusive) on the publication date;
    ``entity`` is an entity id or a canonical name; ``speaker`` an entity id or a
    speaker name (any case).
    """

    ids: Sequence[str] | None = None
    date_from: str | None = None
    date_to: str | None = None
    outlet: str | None = None
    entity: str | None = None
    speaker: str | None = None
    event_type: str | None = None
    limit: int | None = None
    offset: int = 0


@runtime_checkable
class Store(Protocol):
    """Articles, their annotation layers, recorded input errors, knowledge-base records and layers."""

    url: str

    # lifecycle
    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(self, *exc_info: object) -> None: ...
    @property
    def schema_version(self) -> int: ...
    @property
    def applied_migrations(self) -> list[AppliedMigration]: ...

    # writing
    def save(self, article: Article) -> bool: ...
    def save_many(self, articles: Sequence[Article]) -> list[bool]: ...
    def delete(self, article_id: str) -> bool: ...
    def record_error(self, source: str, code: str, message: str) -> None: ...
    def publications(self, article_id: str) -> list[dict[str, Any]]: ...
    def analysed_inputs(self, keys: Sequence[str], pipeline: str) -> dict[str, str]: ...
    def record_inputs(self, rows: Sequence[tuple[str, str, str | None]]) -> None: ...

    # reading articles
    def resolve_id(self, article_id: str) -> str | None: ...
    def get(self, article_id: str) -> Article | None: ...
    def get_many(self, ids: Sequence[str]) -> list[Article]: ...
    def iter_articles(self, query: Query | None = None, *, batch_size: int = 200) -> Iterator[Article]: ...
    def article_ids(self, query: Query | None = None) -> list[str]: ...
    def __contains__(self, article_id: object) -> bool: ...
    def count(self, query: Query | None = None) -> int: ...
    def list_articles(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]: ...
    def errors(self) -> list[dict[str, Any]]: ...

    # reading layers across articles
    def mentions(self, query: Query | None = None) -> list[dict[str, Any]]: ...
    def quotes(self, query: Query | None = None) -> list[dict[str, Any]]: ...
    def events(self, query: Query | None = None) -> list[dict[str, Any]]: ...
    def places(self, query: Query | None = None) -> list[dict[str, Any]]: ...
    def quotes_by_speaker(self, speaker: str) -> list[dict[str, Any]]: ...

    # full-text search (lagebild.store.search_sql, docs/search.md)
    def search(self, query: SearchQuery) -> SearchPage: ...

    # knowledge base and layers
    def import_kb(self, records: Iterable[Any], *, source: str | None = None) -> int: ...
    def kb_records(self) -> list[dict[str, Any]]: ...
    def role_facts(self) -> list[dict[str, Any]]: ...
    def save_role_layer(self, layer: RoleLayer) -> bool: ...
    def latest_role_layer(self) -> RoleLayer | None: ...
    def roles_of(self, entity_id: str) -> Iterator[dict[str, Any]]: ...

    # corpus: agency copies and stories (store/corpus_sql.py, lagebild/corpus/update.py)
    def exclusive(self, name: str) -> AbstractContextManager[None]: ...
    def corpus_state(self) -> dict[str, str]: ...
    def unindexed_article_ids(self, limit: int | None = None) -> list[str]: ...
    def indexed_count(self) -> int: ...
    def next_corpus_seq(self) -> int: ...
    def copy_signature_rows(self) -> list[tuple[str, str | None, bytes]]: ...
    def copy_link_rows(self) -> list[tuple[Any, ...]]: ...
    def story_index_rows(self, since: str | None) -> tuple[list[tuple[str, str, str]],
                                                            list[tuple[str, str, float]]]: ...
    def story_frequencies(self) -> tuple[int, dict[str, int]]: ...
    def article_texts(self, ids: Sequence[str]) -> dict[str, str]: ...
    def save_corpus_batch(self, batch: CorpusBatch) -> None: ...
    def reset_corpus(self) -> None: ...
    def copies_of(self, article_id: str) -> list[dict[str, Any]]: ...
    def copy_group_of(self, article_id: str) -> dict[str, Any] | None: ...
    def copy_links_among(self, ids: Sequence[str]) -> list[tuple[Any, ...]]: ...
    def resolve_story_id(self, story_id: str) -> str | None: ...
    def story(self, story_id: str) -> dict[str, Any] | None: ...
    def story_of(self, article_id: str) -> str | None: ...
    def related_stories(self, story_id: str) -> list[dict[str, Any]]: ...
    def stories(self, *, date_from: str | None = None, date_to: str | None = None, outlet: str | None = None,
                entity: str | None = None, limit: int | None = 50, offset: int = 0) -> list[dict[str, Any]]: ...
    def story_growth(self, since: str, until: str, *, limit: int = 10) -> list[dict[str, Any]]: ...
    def story_count(self) -> int: ...
    def article_export_rows(self, ids: Sequence[str]) -> list[dict[str, Any]]: ...


def default_db() -> str:
    """``$LAGEBILD_DB`` or ``lagebild.db`` (the settings' default; kept for callers without settings)."""
    return os.environ.get("LAGEBILD_DB") or "lagebild.db"


def is_postgres_url(url: str) -> bool:
    return url.startswith(POSTGRES_SCHEMES)


def describe_url(url: str) -> str:
    """``url`` without a password, for messages."""
    if is_postgres_url(url) and "@" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}@{host}"
    return url


def open_store(url: str | os.PathLike[str] | None = None, *, create: bool = True) -> Store:
    """Open (and create or upgrade) the store that ``url`` names.

    ``create=False`` refuses to create a new SQLite file (for commands that only look).
    """
    target = os.fspath(url) if url is not None else default_db()
    if is_postgres_url(target):
        from .postgres import PostgresStore

        return PostgresStore(target)
    path = target.removeprefix("sqlite:///") if target.startswith("sqlite:///") else target
    if not create and path != ":memory:" and not os.path.exists(path):
        raise StoreError(f"no database at {path}", hint="analyse some articles into it first, or pass another --db")
    from .sqlite import SQLiteStore

    return SQLiteStore(path)
