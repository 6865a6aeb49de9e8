"""A batch run: inputs -> pipeline (in worker processes) -> one store writer.

:func:`run_batch` is what ``lagebild analyze`` does, as a function: it reads the
inputs, analyses them with ``settings.workers`` processes, writes the results to
the store in short transactions (batches of :data:`WRITE_BATCH`) from this one
process, records every failed input, and reports each outcome to the caller's
callbacks in input order.  A failure never stops the batch.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field

from .ingest import InputFailure, RawDocument, iter_documents
from .model import Article
from .pipeline import Failure, Pipeline
from .resources import Resources
from .settings import Settings
from .store import Store, StoreError

WRITE_BATCH = 16  # articles per store transaction: few commits, and other writers wait at most one batch


def input_key(doc: RawDocument, date: str | None) -> str:
    """Identity of one input: its text and the metadata that reach the analysis."""
    blob = json.dumps([doc.text, doc.url, doc.outlet, doc.title, doc.published, date], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass
class BatchResult:
    skipped: int = 0  # inputs this pipeline had stored before (resumed run)
    analysed: int = 0
    stored_new: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)


OnArticle = Callable[[Article, bool | None], None]  # (article, stored as new? None without a store)
OnFailure = Callable[[Failure], None]


def build_pipeline(settings: Settings, store: Store | None) -> Pipeline:
    """The pipeline for a run: the store's imported KB records and latest roles layer when there is one."""
    resources = Resources.from_store(store, use_kb=settings.use_store_kb)
    return Pipeline(settings.pipeline, settings=settings, resources=resources)


def run_batch(paths: Iterable[str], settings: Settings, *, store: Store | None = None,
              pipeline: Pipeline | None = None, date: str | None = None,
              on_article: OnArticle | None = None, on_failure: OnFailure | None = None) -> BatchResult:
    """Analyse every input under ``paths`` (files, directories, ``-``) and store the results."""
    pipeline = pipeline or build_pipeline(settings, store)
    result = BatchResult()

    def fail(failure: Failure) -> None:
        result.failed += 1
        result.failures.append(failure)
        if store is not None:
            with suppress(StoreError):  # the store itself is failing: the failure is still reported below
                store.record_error(failure.source, failure.code, failure.message)
        if on_failure is not None:
            on_failure(failure)

    signature = pipeline.signature
    keys: deque[str] = deque()  # input keys of the documents handed to the pipeline, in order
    resume = store is not None and settings.resume

    def documents() -> Iterator[RawDocument]:
        for item in iter_documents(list(paths), max_bytes=settings.max_bytes):
            if isinstance(item, InputFailure):
                fail(Failure.of(item.source, item.error))
                continue
            key = input_key(item, date)
            if resume and store is not None and _report_stored(key):
                continue
            keys.append(key)
            yield item

    def _report_stored(key: str) -> bool:
        """An input this pipeline stored before (a resumed run): report the stored analysis, skip the work."""
        assert store is not None
        try:
            found = store.analysed_inputs([key], signature)
            stored = store.get_many(list(found.values())) if found else []
        except StoreError:
            return False
        if not stored:
            return False
        result.skipped += 1
        if on_article is not None:
            on_article(stored[0], False)
        return True

    pending: list[tuple[Article, str]] = []

    def flush() -> None:
        articles = [article for article, _ in pending]
        done: list[tuple[str, str, str | None]] = []
        for (article, key), new in zip(pending, _save(articles), strict=True):
            if isinstance(new, Failure):
                fail(new)
                continue
            result.stored_new += bool(new)
            done.append((key, signature, article.id))
            if on_article is not None:
                on_article(article, new)
        pending.clear()
        if store is not None and done:
            with suppress(StoreError):  # only costs a re-analysis when the run is resumed
                store.record_inputs(done)

    def _save(articles: list[Article]) -> list[bool | Failure | None]:
        if store is None:
            return [None] * len(articles)
        try:
            return list(store.save_many(articles))
        except StoreError:
            pass
        # One article the store refuses (e.g. metadata it cannot encode) must not cost the others.
        outcomes: list[bool | Failure | None] = []
        for article in articles:
            try:
                outcomes.append(store.save(article))
            except StoreError as exc:
                outcomes.append(Failure.of(article.source or article.id, exc))
        return outcomes

    workers = settings.effective_workers()
    for outcome in pipeline.pipe(documents(), workers=workers, date=date):
        key = keys.popleft()
        if isinstance(outcome, Failure):
            flush()  # keep outcomes in input order
            fail(outcome)
            continue
        result.analysed += 1
        pending.append((outcome, key))
        if len(pending) >= WRITE_BATCH or workers == 1:
            flush()
    flush()
    return result
