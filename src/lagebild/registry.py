"""Pipeline components registered under versioned names, with the layers they read and write.

A component is a callable ``Article -> Article`` made by a factory that receives
the run's :class:`~lagebild.settings.Settings` and shared
:class:`~lagebild.resources.Resources` (spaCy-style: no component reads the
environment or keeps module-level state).  It is registered by a short name
("tagger") and carries a version; the versioned id (``lagebild.tagger.v1``) is
recorded in every article it touched, so stored results say which code produced
them.  Built-in components are registered as ``"module:factory"`` strings and
imported on first use: ``import lagebild`` stays fast and a pipeline without
the tagger never loads HanTa.

Each component declares the annotation layers it ``reads`` (must be written by an
earlier component), ``uses`` (read when present: if a component of the pipeline
writes it, that one must run earlier) and ``writes``.  :class:`lagebild.pipeline.Pipeline`
checks the order when it is built; ``lagebild components`` prints it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import UnknownComponentError
from .model import Article

if TYPE_CHECKING:
    from .resources import Resources
    from .settings import Settings

Component = Callable[[Article], Article]
Factory = Callable[["Settings", "Resources"], Component]


@dataclass(frozen=True)
class ComponentInfo:
    name: str
    version: int
    factory: Factory | str  # a callable, or "module:attribute" imported lazily
    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()
    description: str = ""
    uses: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"lagebild.{self.name}.v{self.version}"

    def create(self, settings: Settings, resources: Resources) -> Component:
        if isinstance(self.factory, str):
            module_name, _, attribute = self.factory.partition(":")
            factory: Factory = getattr(importlib.import_module(module_name), attribute)
        else:
            factory = self.factory
        return factory(settings, resources)


# Layer names: the Article attributes a component fills ("text" covers text, offsets and removed;
# "published" the article date, which cleaning and timex may find in the text).
BUILTINS: tuple[ComponentInfo, ...] = (
    ComponentInfo("clean", 1, "lagebild.components:make_clean", ("raw",),
                  ("text", "removed", "claimed_source", "published"),
                  "normalised text with provenance; boilerplate removed and recorded"),
    ComponentInfo("sentences", 1, "lagebild.components:make_sentences", ("text",), ("tokens", "sentences"),
                  "tokens and sentences for German news"),
    ComponentInfo("tagger", 1, "lagebild.components:make_tagger", ("tokens", "sentences"), ("pos",),
                  "STTS part of speech, lemma and verb mood (HanTa + rules)"),
    ComponentInfo("ner", 1, "lagebild.ner.component:make_ner", ("tokens", "sentences"), ("mentions",),
                  "named entities PER/ORG/LOC/MISC (home-trained model)"),
    ComponentInfo("entities", 1, "lagebild.entities.component:make_entities", ("sentences",),
                  ("mentions", "entities", "roles"),
                  "canonical entities with stable ids; roles resolved to persons",
                  uses=("mentions", "claimed_source")),
    ComponentInfo("geo", 1, "lagebild.geo.component:make_geo", ("sentences",), ("places",),
                  "places geocoded offline (GeoNames, countries)", uses=("mentions",)),
    ComponentInfo("quotes", 1, "lagebild.quotes.component:make_quotes", ("pos",), ("quotes",),
                  "direct quotes and reported speech with speakers", uses=("mentions", "entities")),
    ComponentInfo("timex", 1, "lagebild.temporal.component:make_timex", ("sentences",), ("timexes", "published"),
                  "TIMEX3 temporal expressions, anchored to the document date", uses=("tokens", "published")),
    ComponentInfo("events", 1, "lagebild.events.component:make_events", ("pos",), ("events", "entities"),
                  "events (CAMEO-coded) with actors, targets, place and time",
                  uses=("mentions", "entities", "places", "quotes", "timexes", "published")),
)  # fmt: skip

_REGISTRY: dict[str, ComponentInfo] = {info.name: info for info in BUILTINS}


def register(name: str, *, version: int = 1, reads: tuple[str, ...] = (), writes: tuple[str, ...] = (),
             uses: tuple[str, ...] = (), description: str = "") -> Callable[[Factory], Factory]:
    """Decorator: register a component factory ``(settings, resources) -> component`` under ``name``."""

    def decorator(factory: Factory) -> Factory:
        _REGISTRY[name] = ComponentInfo(name, version, factory, reads, writes,
                                        description or (factory.__doc__ or ""), uses)
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
