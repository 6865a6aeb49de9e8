"""Pipeline components registered under versioned names.

A component is a callable ``Article -> Article``.  It is registered by a short
name ("tagger") and carries a version; the versioned id
(``lagebild.tagger.v1``) is recorded in every article it touched, so stored
results say which code produced them.  Built-in components are registered as
``"module:factory"`` strings and imported on first use: ``import lagebild``
stays fast and a pipeline without the tagger never loads HanTa.

Later extractors add themselves with :func:`register` (or an entry in
:data:`BUILTINS`) without touching the other components.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from .errors import UnknownComponentError
from .model import Article

Component = Callable[[Article], Article]
Factory = Callable[[], Component]


@dataclass(frozen=True)
class ComponentInfo:
    name: str
    version: int
    factory: Factory | str  # a callable, or "module:attribute" imported lazily
    requires: tuple[str, ...] = ()
    description: str = ""

    @property
    def id(self) -> str:
        return f"lagebild.{self.name}.v{self.version}"

    def create(self) -> Component:
        if isinstance(self.factory, str):
            module_name, _, attribute = self.factory.partition(":")
            factory: Factory = getattr(importlib.import_module(module_name), attribute)
        else:
            factory = self.factory
        return factory()


BUILTINS: tuple[ComponentInfo, ...] = (
    ComponentInfo("clean", 1, "lagebild.components:make_clean", (),
                  "normalised text with provenance; boilerplate removed and recorded"),
    ComponentInfo("sentences", 1, "lagebild.components:make_sentences", ("clean",),
                  "tokens and sentences for German news"),
    ComponentInfo("tagger", 1, "lagebild.components:make_tagger", ("sentences",),
                  "STTS part of speech, lemma and verb mood (HanTa + rules)"),
    ComponentInfo("ner", 1, "lagebild.ner.component:make_ner", ("sentences",),
                  "named entities PER/ORG/LOC/MISC (home-trained model)"),
    ComponentInfo("quotes", 1, "lagebild.quotes.component:make_quotes", ("tagger",),
                  "direct quotes and reported speech with speakers"),
    ComponentInfo("timex", 1, "lagebild.temporal.component:make_timex", ("sentences",),
                  "TIMEX3 temporal expressions, anchored to the document date"),
    ComponentInfo("entities", 1, "lagebild.entities.component:make_entities", ("sentences",),
                  "canonical entities with stable ids; roles resolved to persons"),
    ComponentInfo("geo", 1, "lagebild.geo.component:make_geo", ("sentences",),
                  "places geocoded offline (GeoNames, countries)"),
    ComponentInfo("events", 1, "lagebild.events.component:make_events", ("tagger",),
                  "events (CAMEO-coded) with actors, targets, place and time"),
)

_REGISTRY: dict[str, ComponentInfo] = {info.name: info for info in BUILTINS}


def register(name: str, *, version: int = 1, requires: tuple[str, ...] = (),
             description: str = "") -> Callable[[Factory], Factory]:
    """Decorator: register a component factory under ``name``."""

    def decorator(factory: Factory) -> Factory:
        _REGISTRY[name] = ComponentInfo(name, version, factory, requires, description or (factory.__doc__ or ""))
        return factory

    return decorator


def get(name: str) -> ComponentInfo:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownComponentError(
            f"no pipeline component named {name!r}",
            hint=f"known components: {', '.join(sorted(_REGISTRY))}",
        ) from None


def names() -> list[str]:
    return list(_REGISTRY)
