"""A batch run: inputs -> pipeline (in worker processes) -> one store writer.

:func:`run_batch` is what ``lagebild analyze`` does, as a function: it reads the
inputs, analyses them with ``settings.workers`` processes, writes the results to
the store in short transactions (batches of :data:`WRITE_BATCH`) from this one
process, records every failed input, and reports each outcome to the caller's
callbacks in input order.  A failure never stops the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .ingest import InputFailure, RawDocument, iter_documents
from .model import Article
from .pipeline import Failure, Pipeline
from .resources import Resources
from .settings import Settings
from .store import Store, StoreError

WRITE_BATCH = 16  # articles per store transaction: few commits, and other writers wait at most one batch


@dataclass
class BatchResult:
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
            try:
                store.record_error(failure.source, failure.code, failure.message)
            except StoreError:
                pass  # the store itself is failing: the failure is still reported below
        if on_failure is not None:
            on_failure(failure)

    def documents() -> Iterator[RawDocument]:
        for item in iter_documents(list(paths), max_bytes=settings.max_bytes):
            if isinstance(item, InputFailure):
                fail(Failure.of(item.source, item.error))
            else:
                yield item

    pending: list[Article] = []

    def flush() -> None:
        for article, new in zip(pending, _save(pending), strict=True):
            if isinstance(new, Failure):
                fail(new)
                continue
            result.stored_new += bool(new)
            if on_article is not None:
                on_article(article, new)
        pending.clear()

    def _save(articles: list[Article]) -> list[bool | None | Failure]:
        if store is None:
            return [None] * len(articles)
        try:
            return list(store.save_many(articles))
        except StoreError:
            pass
        # One article the store refuses (e.g. metadata it cannot encode) must not cost the others.
        outcomes: list[bool | None | Failure] = []
        for article in articles:
            try:
                outcomes.append(store.save(article))
            except StoreError as exc:
                outcomes.append(Failure.of(article.source or article.id, exc))
        return outcomes

    workers = settings.effective_workers()
    for outcome in pipeline.pipe(documents(), workers=workers, date=date):
        if isinstance(outcome, Failure):
            flush()  # keep outcomes in input order
            fail(outcome)
            continue
        result.analysed += 1
        pending.append(outcome)
        if len(pending) >= WRITE_BATCH or workers == 1:
            flush()
    flush()
    return result
