"""The ``entities`` pipeline component, and the optional store it learns roles from.

Without a store, entities are linked against the shipped knowledge base only.
With one (``set_store(db)``, which ``lagebild analyze`` does for its ``--db``),
knowledge-base records imported with ``lagebild kb import`` are used too, and
role descriptions can be resolved through roles learned in stored articles.
The roles an article teaches are put into ``article.meta["roles"]``;
``Database.save`` stores them with the article.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..geo.gazetteer import KIND_COUNTRY
from ..geo.geocode import Geocoder
from ..model import Article, Entity
from ..registry import Component
from . import kb as kb_module
from .canonical import name_key
from .fallback import provisional_mentions, supplement_mentions
from .linker import ArticleLinker
from .rolelinks import RoleLinker, RoleStore

_store: RoleStore | None = None
_kb_cache: dict[tuple[int, int], kb_module.KnowledgeBase] = {}


def set_store(store: RoleStore | None) -> None:
    """Use ``store`` (a :class:`lagebild.store.Database`) for imported KB records and learned roles;
    ``None`` switches back to the shipped knowledge base alone."""
    global _store
    _store = store
    _kb_cache.clear()


def get_store() -> RoleStore | None:
    return _store


@contextmanager
def using_store(store: RoleStore | None) -> Iterator[None]:
    """``with using_store(db): lagebild.analyze(...)`` — the store for the duration of the block."""
    previous = _store
    set_store(store)
    try:
        yield
    finally:
        set_store(previous)


def knowledge_base() -> kb_module.KnowledgeBase:
    """The shipped knowledge base, plus the store's imported records (rebuilt when they change)."""
    version = _store.kb_version() if _store is not None else 0
    key = (id(_store), version)
    if key not in _kb_cache:
        _kb_cache.clear()
        _kb_cache[key] = kb_module.build(_store.kb_records() if _store is not None and version else ())
    return _kb_cache[key]


def provenance_entity(article: Article) -> Entity | None:
    """The agency an article names as its source ("Quelle: Reuters") as an ORG entity."""
    if not article.claimed_source:
        return None
    name = article.claimed_source.strip()
    from .canonical import stable_id

    return Entity(id=stable_id("ORG", name_key(name)), name=name, label="ORG", kb_id=None)


def make_entities() -> Component:
    geocoder = Geocoder()

    def country_of(name: str) -> str | None:
        countries = [e for e in geocoder.candidates(name) if e.kind == KIND_COUNTRY]
        return countries[0].country_code if countries else None

    def entities(article: Article) -> Article:
        kb = knowledge_base()
        if not article.mentions and not any(c.startswith("lagebild.ner.") for c in article.components):
            article.mentions = provisional_mentions(article.text, kb, geocoder)
            article.meta["provisional_mentions"] = True
        else:
            extra = supplement_mentions(article.text, article.mentions, kb, geocoder)
            if extra:
                article.mentions = sorted([*article.mentions, *extra], key=lambda m: (m.start, m.end))
                article.meta["supplemented_mentions"] = [m.text for m in extra]
        article.entities = ArticleLinker(article, kb, geocoder).link()
        learned = RoleLinker(article, kb, country_of, _store).link()
        if learned:
            article.meta["roles"] = [role.to_dict() for role in learned]
        source = provenance_entity(article)
        if source is not None:
            if all(e.id != source.id for e in article.entities):
                article.entities.append(source)
            article.meta["claimed_source_entity"] = source.id
        return article

    return entities
