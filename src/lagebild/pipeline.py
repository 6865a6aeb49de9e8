"""The pipeline: raw document -> :class:`Article`, through registered components.

A :class:`Pipeline` is built from component names, :class:`~lagebild.settings.Settings`
and :class:`~lagebild.resources.Resources`; building it checks that every layer a
component reads is written by an earlier one.  It is picklable (it pickles as its
recipe: names, settings, resources' data), which is how worker processes
(:mod:`lagebild.parallel`) and Spark executors get the same pipeline.
"""

from __future__ import annotations

import hashlib
import json
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

from . import registry
from .dates import parse_metadata_date
from .errors import ComponentFailedError, LagebildError, PipelineError, TimeBudgetError
from .ingest import RawDocument
from .model import Article
from .registry import Component, ComponentInfo
from .resources import Resources
from .settings import DEFAULT_PIPELINE, Settings

#: Layers every article has before any component runs.
INPUT_LAYERS = frozenset({"raw", "url", "outlet", "title", "published", "source", "meta"})


def check_order(infos: Sequence[ComponentInfo]) -> None:
    """Raise :class:`PipelineError` when a component reads a layer no earlier component writes,
    or uses one that a later component writes."""
    written: set[str] = set(INPUT_LAYERS)
    for position, info in enumerate(infos):
        missing = [layer for layer in info.reads if layer not in written]
        if missing:
            writers = [i.name for i in map(registry.get, registry.names()) if set(missing) & set(i.writes)]
            raise PipelineError(
                f"component {info.name!r} reads {', '.join(missing)}, which no earlier component writes",
                hint=f"put {' or '.join(writers) or 'a component that writes it'} before {info.name} "
                     f"(`lagebild components` shows what each one reads and writes)",
            )
        for later in infos[position + 1:]:
            # A later component that *creates* a layer this one needs must run first; one that only
            # extends a layer it also reads (events adding actors to entities) need not.
            created = set(later.writes) - set(later.reads) - set(later.uses)
            late = sorted((set(info.uses) | set(info.reads)) & created - written)
            if late and later.name != info.name:
                raise PipelineError(
                    f"component {info.name!r} uses {', '.join(late)}, which {later.name!r} writes only later",
                    hint=f"put {later.name} before {info.name}",
                )
        written.update(info.writes)


class Pipeline:
    """An ordered list of components, created once and applied to many articles."""

    def __init__(self, names: Sequence[str] | None = None, *, settings: Settings | None = None,
                 resources: Resources | None = None) -> None:
        self.settings = settings or Settings()
        if names is None:
            names = self.settings.pipeline
        self.resources = resources or Resources()
        self.infos = [registry.get(name) for name in names]
        check_order(self.infos)
        self._components = [info.create(self.settings, self.resources) for info in self.infos]

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle the recipe, not the loaded models: the receiver builds its own components once.
        return (_rebuild, (tuple(self.names), self.settings, self.resources))

    def __repr__(self) -> str:
        return f"Pipeline({self.names}, ner_model={self.settings.ner_model!r}, {self.resources!r})"

    @property
    def names(self) -> list[str]:
        return [info.name for info in self.infos]

    @property
    def signature(self) -> str:
        """What decides this pipeline's output: component ids, models and the knowledge it was given.

        Equal signatures give equal analyses of equal inputs; a resumed run skips inputs a pipeline
        with the same signature has stored already.
        """
        recipe = {"components": [info.id for info in self.infos], "ner_model": self.settings.ner_model,
                  "quote_model": self.settings.quote_model, "kb": self.resources.snapshot.version,
                  "role_window_days": self.settings.role_window_days}
        blob = json.dumps(recipe, sort_keys=True).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()[:16]

    @property
    def components(self) -> list[Component]:
        """The created components, in order (for profiling; ``__call__`` adds error handling)."""
        return list(self._components)

    def __call__(self, article: Article) -> Article:
        deadline = time.monotonic() + self.settings.time_budget if self.settings.time_budget else None
        for info, component in zip(self.infos, self._components, strict=True):
            try:
                with _time_limit(deadline):
                    article = component(article)
            except _Overrun:
                raise TimeBudgetError(
                    f"{article.source or 'the article'}: component {info.id} overran the time budget of "
                    f"{self.settings.time_budget} s per article",
                    hint="the input is probably pathological (huge sentences or tokens); raise time_budget "
                         "(LAGEBILD_TIME_BUDGET) if it is a genuine long article",
                ) from None
            except LagebildError:
                raise
            except Exception as exc:  # a component bug must not take the batch down
                raise ComponentFailedError(
                    f"component {info.id} failed on {article.source or 'the article'}: "
                    f"{type(exc).__name__}: {exc}",
                    hint="please report this with the input that caused it",
                ) from exc
            article.components.append(info.id)
        return article

    def analyze_document(self, doc: RawDocument, *, date: str | None = None) -> Article | Failure:
        """One document to an article, or a :class:`Failure` that says why (never raises a LagebildError)."""
        try:
            return self(article_from_document(doc, date=date))
        except LagebildError as exc:
            return Failure.of(doc.source, exc)

    def pipe(self, items: Iterable[Article | RawDocument], *, workers: int = 1,
             date: str | None = None) -> Iterator[Article | Failure]:
        """Analyse many articles or raw documents, in input order.

        ``workers > 1`` runs that many worker processes (models loaded once in each);
        an input that fails gives a :class:`Failure` in its place and the batch goes on.
        """
        if workers > 1:
            from .parallel import parallel_pipe

            yield from parallel_pipe(self, items, workers=workers, date=date)
            return
        for item in items:
            yield self.analyze_item(item, date=date)

    def analyze_item(self, item: Article | RawDocument, *, date: str | None = None) -> Article | Failure:
        if isinstance(item, RawDocument):
            return self.analyze_document(item, date=date)
        try:
            return self(item)
        except LagebildError as exc:
            return Failure.of(item.source or item.id, exc)


class _Overrun(BaseException):
    """Raised by the alarm inside a component that ran past the deadline (BaseException: not caught by
    the component's own ``except Exception``)."""


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _Overrun


@contextmanager
def _time_limit(deadline: float | None) -> Iterator[None]:
    """Interrupt the block at ``deadline`` (monotonic seconds) with :class:`_Overrun`.

    Uses a real-time interval timer, so it works in the main thread of a process (the CLI and every
    worker process); elsewhere (a thread of a web server) the block runs without a limit.
    """
    if deadline is None or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _Overrun
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, remaining)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _rebuild(names: tuple[str, ...], settings: Settings, resources: Resources) -> Pipeline:
    return Pipeline(names, settings=settings, resources=resources)


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be analysed: where it came from and the coded error (picklable)."""

    source: str
    code: str
    message: str
    hint: str | None = None

    @classmethod
    def of(cls, source: str, error: LagebildError) -> Failure:
        return cls(source, error.code, error.message, error.hint)

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}" + (f"\nHint: {self.hint}" if self.hint else "")


def article_from_document(doc: RawDocument, *, date: str | None = None) -> Article:
    """An unprocessed article with the document's metadata.

    ``published`` comes from the input's metadata; ``date`` (``--date``) fills it
    only when the input has none.  ``meta["published_source"]`` says which.
    """
    meta: dict[str, Any] = dict(doc.meta)
    published = parse_metadata_date(doc.published) if doc.published else None
    if doc.published and published is None:
        meta.setdefault("warnings", []).append(f"unreadable published date {doc.published!r} ignored")
    if published:
        meta["published_source"] = "metadata"
    elif date:
        published = parse_metadata_date(date)
        if published is None:
            raise PipelineError(f"--date {date!r} is not a date", hint="use YYYY-MM-DD, e.g. --date 2017-07-08")
        meta["published_source"] = "user"
    return Article(raw=doc.text, url=doc.url, outlet=doc.outlet, title=doc.title, published=published,
                   source=doc.source, meta=meta)


def analyze(text: str, *, date: str | None = None, url: str | None = None, outlet: str | None = None,
            title: str | None = None, pipeline: Sequence[str] | Pipeline = DEFAULT_PIPELINE) -> Article:
    """Analyse one German article given as plain text and return the :class:`Article`.

    ``pipeline`` is a built :class:`Pipeline` (reuse one for many texts: models load
    once) or component names, for which a pipeline with default settings is built.

    >>> article = analyze("Quelle: dpa\\nBerlin ist groß. Es regnet.", date="2017-07-08",
    ...                   pipeline=["clean", "sentences"])
    >>> article.claimed_source, len(article.sentences)
    ('dpa', 2)
    """
    doc = RawDocument(text=text, source="<text>", url=url, outlet=outlet, title=title)
    article = article_from_document(doc, date=date)
    runner = pipeline if isinstance(pipeline, Pipeline) else _default_pipeline(tuple(pipeline))
    return runner(article)


def _default_pipeline(names: tuple[str, ...]) -> Pipeline:
    # Loaded models are cached per process by the shared default Resources below, so calling
    # analyze() in a loop does not reload them.  It holds only read-only data: the shipped
    # knowledge base and models, never anything learned from articles.
    key = names
    cached = _DEFAULTS.get(key)
    if cached is None:
        cached = _DEFAULTS[key] = Pipeline(names, resources=_SHARED_DEFAULT_RESOURCES)
    return cached


_SHARED_DEFAULT_RESOURCES = Resources()
_DEFAULTS: dict[tuple[str, ...], Pipeline] = {}
