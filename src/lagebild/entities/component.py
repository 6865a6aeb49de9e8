"""The ``entities`` pipeline component: canonical entities, roles resolved to persons.

The knowledge base (shipped records plus any imported into a store) and the
learned-roles layer come from the :class:`~lagebild.resources.Resources` the
pipeline was built with; the component never reads a store while it runs, so
the same input with the same resources always gives the same entities.  The
roles an article teaches go into ``article.roles`` (a typed layer the store
keeps; ``lagebild kb learn-roles`` turns them into the next roles layer).
"""

from __future__ import annotations

from ..geo.gazetteer import KIND_COUNTRY
from ..model import Article, Entity, Role
from ..registry import Component
from ..resources import Resources
from ..settings import Settings
from .canonical import name_key, stable_id
from .fallback import provisional_mentions, supplement_mentions
from .linker import ArticleLinker
from .nominal import NominalLinker
from .rolelinks import RoleLinker


def provenance_entity(article: Article) -> Entity | None:
    """The agency an article names as its source ("Quelle: Reuters") as an ORG entity."""
    if not article.claimed_source:
        return None
    name = article.claimed_source.strip()
    return Entity(id=stable_id("ORG", name_key(name)), name=name, label="ORG", kb_id=None)


def make_entities(settings: Settings | None = None, resources: Resources | None = None, *,
                  nominal: bool = True) -> Component:
    """The component; ``nominal=False`` leaves out in-document resolution of descriptions (only appositions of
    national roles, the knowledge base and the learned-roles layer: the "knowledge-base only" baseline of
    ``evaluation/eval_roles_fresh.py``)."""
    settings = settings or Settings()
    resources = resources or Resources()
    geocoder = resources.geocoder
    kb = resources.knowledge_base
    roles = resources.roles
    window = settings.role_window_days

    def country_of(name: str) -> str | None:
        countries = [e for e in geocoder.candidates(name) if e.kind == KIND_COUNTRY]
        return countries[0].country_code if countries else None

    def entities(article: Article) -> Article:
        if not article.mentions and not any(c.startswith("lagebild.ner.") for c in article.components):
            article.mentions = provisional_mentions(article.text, kb, geocoder)
            article.meta["provisional_mentions"] = True
        else:
            extra = supplement_mentions(article.text, article.mentions, kb, geocoder)
            if extra:
                article.mentions = sorted([*article.mentions, *extra], key=lambda m: (m.start, m.end))
                article.meta["supplemented_mentions"] = [m.text for m in extra]
        article.entities = ArticleLinker(article, kb, geocoder).link()
        learned = RoleLinker(article, kb, country_of, roles, window).link()
        article.roles = [Role(r.entity, r.name, r.role, r.country, r.qualifier) for r in learned]
        if nominal:
            described = NominalLinker(article, country_of, roles, window).link()
            known = {(r.entity, r.role, r.country, r.qualifier) for r in article.roles}
            article.roles.extend(Role(r.entity, r.name, r.role, r.country, r.qualifier) for r in dict.fromkeys(
                described) if not r.not_current and (r.entity, r.role, r.country, r.qualifier) not in known)
        source = provenance_entity(article)
        if source is not None:
            if all(e.id != source.id for e in article.entities):
                article.entities.append(source)
            article.meta["claimed_source_entity"] = source.id
        if resources.snapshot.records or roles is not None:
            # Which knowledge the analysis used beyond the shipped data: equal versions, equal results.
            article.meta["kb"] = resources.describe()
        return article

    return entities
