"""What every request of one web application shares: the store connections, the limits, the token, the analyser.

Nothing here is module-level state: :func:`lagebild.web.create_app` builds one :class:`WebContext` per
application and keeps it on ``app.state``.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from lagebild.errors import BadTokenError, ServerBusyError, WritingDisabledError
from lagebild.model import Article
from lagebild.pipeline import Pipeline
from lagebild.settings import Settings
from lagebild.store import Store, open_store


@dataclass(frozen=True, slots=True)
class WebLimits:
    """Bounds on what one request may ask for or send (bad input gets a 4xx, never a slow answer)."""

    page_size: int = 50  # default rows per page
    max_page_size: int = 200
    max_param_chars: int = 500  # any one query parameter
    max_body_bytes: int = 1_000_000  # any request body
    max_analyse_chars: int = 100_000  # text of POST /api/analyze
    max_cursor_offset: int = 10_000_000
    store_connections: int = 4
    store_wait_seconds: float = 30.0
    summary_seconds: float = 30.0  # how long corpus-wide counts (overview, stats, unfiltered facets) are reused


class StorePool:
    """Open stores shared by the request threads: each request borrows one connection for itself.

    An SQLite or psycopg connection must not be used by two threads at once, and opening one per request
    would repeat the migration check every time; so up to ``size`` stores are opened lazily and reused.
    """

    def __init__(self, url: str, size: int, wait_seconds: float) -> None:
        self.url = url
        self._idle: list[Store] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(size)
        self._wait = wait_seconds

    @contextmanager
    def borrow(self) -> Iterator[Store]:
        if not self._slots.acquire(timeout=self._wait):
            raise ServerBusyError("every store connection is busy", hint="try again in a moment")
        try:
            with self._lock:
                store = self._idle.pop() if self._idle else None
            if store is None:
                store = open_store(self.url, create=False)
            healthy = False
            try:
                yield store
                healthy = True
            finally:
                if healthy:
                    with self._lock:
                        self._idle.append(store)
                else:  # a failed request may leave a broken connection or open transaction behind
                    store.close()
        finally:
            self._slots.release()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for store in idle:
            store.close()


class Analyser:
    """The pipeline of ``POST /api/analyze``, built on first use (models load once) and used by one request
    at a time (components keep per-call state in their models' buffers)."""

    def __init__(self, settings: Settings, pool: StorePool) -> None:
        self._settings = settings
        self._pool = pool
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()

    def analyse(self, text: str, *, date: str | None, title: str | None = None,
                outlet: str | None = None, url: str | None = None) -> Article:
        from lagebild.pipeline import analyze

        with self._lock:
            if self._pipeline is None:
                from lagebild.batch import build_pipeline

                with self._pool.borrow() as store:
                    self._pipeline = build_pipeline(self._settings, store)
            return analyze(text, date=date, title=title, outlet=outlet, url=url, pipeline=self._pipeline)


class SummaryCache:
    """Corpus-wide counts reused for a few seconds: on 100,000 articles the overview's counts and facets cost
    seconds of SQL, and they change only as fast as articles arrive.  Per application, never module-level."""

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._values: dict[Hashable, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, produce: Callable[[], Any]) -> Any:
        now = time.monotonic()
        with self._lock:
            found = self._values.get(key)
        if found is not None and now - found[0] < self._seconds:
            return found[1]
        value = produce()
        with self._lock:
            self._values[key] = (now, value)
        return value


@dataclass
class WebContext:
    store_url: str
    settings: Settings
    limits: WebLimits
    pool: StorePool
    analyser: Analyser
    write_token: str | None = None
    summaries: SummaryCache = field(default_factory=lambda: SummaryCache(WebLimits().summary_seconds))

    def check_token(self, authorization: str | None) -> None:
        """Raise unless ``authorization`` is ``Bearer <the write token>`` (compared in constant time)."""
        if not self.write_token:
            raise WritingDisabledError(
                "this server is read-only: writing endpoints are disabled",
                hint="start it with `lagebild serve --write-token TOKEN` (or $LAGEBILD_WRITE_TOKEN) and send "
                     "the header `Authorization: Bearer TOKEN`")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not given or not hmac.compare_digest(given.encode("utf-8"), self.write_token.encode("utf-8")):
            raise BadTokenError("missing or wrong write token",
                                hint="send the header `Authorization: Bearer TOKEN` with the server's write token")
