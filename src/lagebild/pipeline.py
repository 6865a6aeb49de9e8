"""The pipeline: raw document -> :class:`Article`, through registered components."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from . import registry
from .dates import parse_metadata_date
from .errors import ComponentFailedError, LagebildError, PipelineError
from .ingest import RawDocument
from .model import Article
from .registry import Component

DEFAULT_PIPELINE: tuple[str, ...] = (
    "clean", "sentences", "tagger", "ner", "entities", "geo", "quotes", "timex", "events",
)


class Pipeline:
    """An ordered list of components, created once and applied to many articles."""

    def __init__(self, names: Sequence[str] = DEFAULT_PIPELINE) -> None:
        self.infos = [registry.get(name) for name in names]
        seen: set[str] = set()
        for info in self.infos:
            missing = [r for r in info.requires if r not in seen]
            if missing:
                raise PipelineError(
                    f"component {info.name!r} needs {', '.join(missing)} to run before it",
                    hint=f"put {', '.join(missing)} earlier in the pipeline",
                )
            seen.add(info.name)
        self._components = [info.create() for info in self.infos]

    @property
    def names(self) -> list[str]:
        return [info.name for info in self.infos]

    @property
    def components(self) -> list[Component]:
        """The created components, in order (for profiling; ``__call__`` adds error handling)."""
        return list(self._components)

    def __call__(self, article: Article) -> Article:
        for info, component in zip(self.infos, self._components, strict=True):
            try:
                article = component(article)
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

    def pipe(self, articles: Iterable[Article]) -> Iterable[Article]:
        for article in articles:
            yield self(article)


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


@lru_cache(maxsize=4)
def _pipeline(names: tuple[str, ...]) -> Pipeline:
    return Pipeline(names)


def get_pipeline(names: Sequence[str] = DEFAULT_PIPELINE) -> Pipeline:
    """A shared pipeline for ``names`` (components are loaded once per process)."""
    return _pipeline(tuple(names))


def analyze(text: str, *, date: str | None = None, url: str | None = None, outlet: str | None = None,
            title: str | None = None, pipeline: Sequence[str] = DEFAULT_PIPELINE) -> Article:
    """Analyse one German article given as plain text and return the :class:`Article`.

    >>> article = analyze("Quelle: dpa\\nBerlin ist groß. Es regnet.", date="2017-07-08")
    >>> article.claimed_source, len(article.sentences)
    ('dpa', 2)
    """
    doc = RawDocument(text=text, source="<text>", url=url, outlet=outlet, title=title)
    article = article_from_document(doc, date=date)
    return get_pipeline(pipeline)(article)
