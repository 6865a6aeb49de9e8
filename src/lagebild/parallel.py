"""Parallel batches: the same pipeline in worker processes, results in input order.

Workers are *spawned* (not forked): each one unpickles the pipeline's recipe
(names, settings, resources' data) and loads its models once.  The parent only
reads inputs, hands them out and receives articles, so a store stays with one
writer (the caller).  At most ``workers * AHEAD`` inputs are in flight, so a
corpus of any size streams in constant memory.  Each worker uses one BLAS thread:
N workers on N cores, not N x N threads fighting for them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import AsyncResult
from typing import TYPE_CHECKING

from .ingest import RawDocument
from .model import Article

if TYPE_CHECKING:
    from .pipeline import Failure, Pipeline

AHEAD = 4  # inputs queued per worker: enough to keep it busy, small enough to bound memory
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")

# The pipeline of *this worker process* (set by the pool initializer, used by _work).  It lives
# only in worker processes, which exist to run this one pipeline; the parent never sets it.
_worker_pipeline: Pipeline | None = None


def _init_worker(pipeline: Pipeline) -> None:
    global _worker_pipeline
    _worker_pipeline = pipeline


def _work(item: Article | RawDocument, date: str | None) -> Article | Failure:
    assert _worker_pipeline is not None, "worker used before its initializer ran"
    return _worker_pipeline.analyze_item(item, date=date)


@contextmanager
def _single_threaded_children() -> Iterator[None]:
    """Spawned children inherit the environment at start: give them one BLAS/OpenMP thread each."""
    saved = {name: os.environ.get(name) for name in _THREAD_VARIABLES}
    os.environ.update(dict.fromkeys(_THREAD_VARIABLES, "1"))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def parallel_pipe(pipeline: Pipeline, items: Iterable[Article | RawDocument], *, workers: int,
                  date: str | None = None) -> Iterator[Article | Failure]:
    """Analyse ``items`` in ``workers`` processes; yields in input order.

    A batch of fewer than two inputs runs in this process (starting workers would
    cost more than it saves).
    """
    iterator = iter(items)
    head: list[Article | RawDocument] = []
    for item in iterator:
        head.append(item)
        if len(head) == 2:
            break
    if len(head) < 2:
        for item in head:
            yield pipeline.analyze_item(item, date=date)
        return
    context = multiprocessing.get_context("spawn")
    with _single_threaded_children():
        pool = context.Pool(workers, initializer=_init_worker, initargs=(pipeline,))
    try:
        pending: deque[AsyncResult[Article | Failure]] = deque()
        limit = workers * AHEAD

        def submit(item: Article | RawDocument) -> None:
            pending.append(pool.apply_async(_work, (item, date)))

        for item in head:
            submit(item)
        for item in iterator:
            submit(item)
            while len(pending) >= limit:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()
