"""The PostgreSQL backend: one psycopg 3 connection, recorded migrations, the shared SQL of :mod:`.sql`.

``PostgresStore("postgresql://user@host:5432/dbname")`` connects in autocommit
mode: a read is one statement, a write is one explicit transaction
(``conn.transaction()``).  The queries in :mod:`lagebild.store.sql` are written
once with ``?`` placeholders; each SQL string is translated once to psycopg's
``%s`` style (a literal ``%`` becomes ``%%``) and the translation is cached.

Several processes may write one database at once.  ``save_many`` takes the
articles' row locks in id order (an insert that meets another writer's
uncommitted row waits for it; an existing row is locked ``FOR UPDATE`` before it
is merged), so two writers with overlapping batches queue instead of
deadlocking, and every article ends up stored once.  Should PostgreSQL still
report a deadlock or serialization failure, the whole batch is retried.

PostgreSQL text cannot hold NUL characters (SQLite's can): a ``\\x00`` in a
value written (raw input, a title, a layer's text) is stored as U+FFFD, one
character for one, so every offset stays valid.  JSON columns are not affected
(JSON spells it ``\\u0000``).

Writing is bulk: the layer rows of all new articles of a ``save_many`` batch go
to the server at the end of the batch, one ``COPY`` per layer table, instead of
one ``executemany`` per article and layer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from lagebild.layers import Layer, stored_layers

from . import rows as R
from .base import BackendUnavailableError, SchemaTooNewError, StoreError, describe_url
from .sql import Row, SQLStore

if TYPE_CHECKING:
    import psycopg

    from lagebild.model import Article

    from .migrations import AppliedMigration

INSTALL_HINT = "pip install 'lagebild[postgres]'"
CONNECT_TIMEOUT = 10  # seconds, unless the URL sets connect_timeout
RETRIES = 3  # attempts of a top-level save_many that PostgreSQL aborted with a deadlock/serialization failure


@lru_cache(maxsize=1024)
def to_psycopg(sql: str) -> str:
    """``sql`` with ``?`` placeholders in psycopg's ``%s`` style (``%`` escaped as ``%%``); cached."""
    return sql.replace("%", "%%").replace("?", "%s")


def _text_safe(values: Sequence[Any]) -> Sequence[Any]:
    """``values`` with NUL characters in strings replaced by U+FFFD (PostgreSQL text cannot hold them)."""
    if not any(isinstance(v, str) and "\x00" in v for v in values):
        return values
    return tuple(v.replace("\x00", "\ufffd") if isinstance(v, str) else v for v in values)


def _copy_sql(layer: Layer) -> str:
    columns = ["article_id", "seq", *(c.quoted for c in layer.store_columns)]
    return f"COPY {layer.table} ({', '.join(columns)}) FROM STDIN"


def _import_psycopg() -> ModuleType:
    try:
        import psycopg
    except ImportError as exc:
        raise BackendUnavailableError(
            "the PostgreSQL backend needs the Python package psycopg, which is not installed",
            hint=f"install it with: {INSTALL_HINT}",
        ) from exc
    return psycopg


def _conninfo(url: str) -> str:
    """The URL as libpq understands it (SQLAlchemy's ``postgresql+psycopg://`` spelling is accepted)."""
    return "postgresql://" + url.split("://", 1)[1] if url.startswith("postgresql+psycopg://") else url


def _password(url: str) -> str | None:
    match = re.match(r"^[a-z+]+://[^/@]*?:([^/@]*)@", url)
    return match.group(1) if match and match.group(1) else None


class PostgresStore(SQLStore):
    """Articles and their annotation layers in a PostgreSQL database."""

    null_safe_eq = "IS NOT DISTINCT FROM"

    def __init__(self, url: str) -> None:
        self.url = url
        self._pending_layers: dict[str, list[tuple[Any, ...]]] | None = None  # layer rows held back in save_many
        self._where_shown = describe_url(url)
        self._psycopg = _import_psycopg()
        from psycopg.rows import dict_row

        from . import migrations_pg

        self._mig = migrations_pg
        timeout = {} if "connect_timeout" in url else {"connect_timeout": CONNECT_TIMEOUT}
        try:
            self.conn: psycopg.Connection[dict[str, Any]] = self._psycopg.Connection.connect(
                _conninfo(url), autocommit=True, row_factory=dict_row, **timeout)
        except self._psycopg.Error as exc:
            raise BackendUnavailableError(
                f"cannot connect to PostgreSQL at {self._where_shown}: {self._scrub(exc)}",
                hint="is the PostgreSQL server running and reachable, and are user, password, host, port "
                     "and database name in the URL right? (postgresql://user:password@host:port/dbname)",
            ) from exc
        except ValueError as exc:  # a malformed conninfo, e.g. a bad port
            raise StoreError(f"{self._where_shown} is not a usable PostgreSQL URL: {exc}",
                             hint="write it as postgresql://user:password@host:port/dbname") from exc
        try:
            self._migrate()
        except BaseException:
            self.conn.close()
            raise

    def _scrub(self, exc: BaseException) -> str:
        """The error message with the URL's password (should libpq ever echo it) blanked out."""
        text = str(exc).strip()
        password = _password(self.url)
        if password and len(password) >= 4:  # shorter ones would blank ordinary words; libpq does not echo them
            for form in {password, unquote(password)}:
                text = text.replace(form, "***")
        return text

    def _migrate(self) -> None:
        from .migrations import MigrationError, latest_version

        try:
            self._mig.ensure_ledger(self.conn)
            found, known = self._mig.current_version(self.conn), latest_version(self._mig.MIGRATIONS)
        except self._psycopg.Error as exc:
            raise StoreError(f"cannot read {self._where_shown}: {self._scrub(exc)}") from exc
        if found > known:
            raise SchemaTooNewError(
                f"{self._where_shown} was written by a newer lagebild (schema version {found}, "
                f"this version knows up to {known})",
                hint="upgrade lagebild (pip install --upgrade lagebild), or pass another --db",
            )
        try:
            self._mig.migrate(self.conn)
        except MigrationError as exc:
            raise StoreError(f"cannot upgrade {self._where_shown}: {exc}") from exc
        except self._psycopg.Error as exc:
            raise StoreError(f"cannot upgrade {self._where_shown}: {self._scrub(exc)}") from exc

    def close(self) -> None:
        self.conn.close()

    @property
    def schema_version(self) -> int:
        try:
            return int(self._mig.current_version(self.conn))
        except self._psycopg.Error as exc:
            raise self._translate(exc) from exc

    @property
    def applied_migrations(self) -> list[AppliedMigration]:
        try:
            return list(self._mig.applied(self.conn))
        except self._psycopg.Error as exc:
            raise self._translate(exc) from exc

    # --- writing: lock order and retries ---

    def save_many(self, articles: Sequence[Article]) -> list[bool]:
        """As :meth:`SQLStore.save_many`; the articles are written in id order, and the layer rows of the
        batch's new articles are sent together at its end, one ``COPY`` per table (see the module docstring)."""
        order = sorted(range(len(articles)), key=lambda i: articles[i].id)
        for attempt in range(1, RETRIES + 1):
            try:
                with self._transaction():
                    self._pending_layers = {}
                    try:
                        saved = super().save_many([articles[i] for i in order])  # a savepoint inside ours
                        self._flush_layers()
                    finally:
                        self._pending_layers = None
                break
            except StoreError as exc:
                if attempt == RETRIES or not self._retryable(exc):
                    raise
        result = [False] * len(articles)
        for position, index in enumerate(order):
            result[index] = saved[position]
        return result

    def _insert_layers(self, article: Article) -> None:
        if self._pending_layers is None:
            super()._insert_layers(article)
            return
        for layer in stored_layers():
            rows = R.layer_rows(layer, article)
            if rows:
                self._pending_layers.setdefault(_copy_sql(layer), []).extend(rows)

    def _flush_layers(self) -> None:
        """Send the held-back layer rows, one ``COPY`` per table."""
        if not self._pending_layers:
            return
        pending, self._pending_layers = self._pending_layers, {}
        for sql, rows in pending.items():
            try:
                with self.conn.cursor() as cursor, cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(_text_safe(row))
            except self._psycopg.Error as exc:
                raise self._translate(exc) from exc

    def _retryable(self, exc: StoreError) -> bool:
        errors = self._psycopg.errors
        from psycopg import pq

        return (isinstance(exc.__cause__, errors.DeadlockDetected | errors.SerializationFailure)
                and self.conn.info.transaction_status == pq.TransactionStatus.IDLE)  # not inside a caller's

    def _update_existing(self, article: Article, content: dict[str, Any]) -> None:
        self._flush_layers()  # the same id earlier in this batch: its rows must be there before a replacement
        # Lock the row first: another writer merging or re-analysing the same article waits for this
        # transaction, then sees its result (READ COMMITTED re-reads the row), like SQLite's write lock.
        self._fetchall("SELECT id FROM articles WHERE id = ? FOR UPDATE", (article.id,))
        super()._update_existing(article, content)

    # --- primitives ---

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            return list[Row](self.conn.execute(to_psycopg(sql), tuple(_text_safe(params))).fetchall())
        except self._psycopg.Error as exc:
            raise self._translate(exc) from exc

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            return int(self.conn.execute(to_psycopg(sql), tuple(_text_safe(params))).rowcount)
        except self._psycopg.Error as exc:
            raise self._translate(exc) from exc

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            with self.conn.cursor() as cursor:
                cursor.executemany(to_psycopg(sql), [_text_safe(row) for row in rows])
        except self._psycopg.Error as exc:
            raise self._translate(exc) from exc

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """Hold a session-level advisory lock named ``name``: one holder per database at a time
        (corpus updates read the whole index state before they write, so two at once would both add
        the same articles)."""
        self._fetchall("SELECT pg_advisory_lock(hashtext(?)) AS locked", (f"lagebild:{name}",))
        try:
            yield
        finally:
            self._fetchall("SELECT pg_advisory_unlock(hashtext(?)) AS unlocked", (f"lagebild:{name}",))

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # Nested use becomes a savepoint.  Errors of BEGIN/COMMIT themselves are translated here;
        # errors inside were translated by the primitives (the transaction is rolled back either way).
        try:
            with self.conn.transaction():
                yield
        except self._psycopg.Error as exc:
            raise self._translate(exc) from exc

    def _translate(self, exc: Exception) -> StoreError:
        psycopg = self._psycopg
        if isinstance(exc, psycopg.OperationalError) and self.conn.closed:
            return StoreError(f"the connection to {self._where_shown} is closed: {self._scrub(exc)}",
                              hint="is the PostgreSQL server still running?")
        return StoreError(f"database error in {self._where_shown}: {self._scrub(exc)}")
