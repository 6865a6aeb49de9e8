"""Mentions -> entities within one article: clustering, canonical names, stable ids.

* PER: full names cluster by their spelling-folded key (or knowledge-base id);
  a surname alone joins the full name it shortens, else the knowledge base
  (if the person was in office around the article date), else stays alone.
* LOC: the geocoder decides; geocoded places get the id ``geonames:<id>`` and
  their German gazetteer name ("Syriens", "Nord-Korea" -> "Syrien", "Nordkorea").
* ORG, MISC: the folded name, the genitive -s removed when the bare form also
  occurs ("des Kremls" / "der Kreml"); knowledge-base ORGs link by alias.

Entity ids never depend on the article: ``kb:<id>``, ``geonames:<id>``, or
``<label>-<hash of label and folded canonical name>``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..geo.geocode import Geocoder, Resolution
from ..model import Article, Entity, Mention
from .canonical import (
    better_name,
    is_full_name,
    name_key,
    person_key,
    stable_id,
    strip_genitive,
    strip_title,
    surname_tokens,
)
from .kb import KbEntity, KnowledgeBase

SURNAME_KB_YEARS = 8  # a bare surname links to a KB person in office up to this long before the article


@dataclass(slots=True)
class Cluster:
    label: str
    key: str  # what makes two mentions one entity in this article
    name: str
    kb: KbEntity | None = None
    place: Resolution | None = None
    mentions: list[Mention] = field(default_factory=list)
    surfaces: Counter[str] = field(default_factory=Counter)

    @property
    def id(self) -> str:
        if self.kb is not None:
            return self.kb.entity_id
        if self.place is not None:
            return f"geonames:{self.place.entry.geonames_id}"
        return stable_id(self.label, self.key)

    @property
    def kb_id(self) -> str | None:
        if self.kb is not None:
            return self.kb.id
        if self.place is not None:
            return f"geonames:{self.place.entry.geonames_id}"
        return None

    def entity(self) -> Entity:
        return Entity(id=self.id, name=self.name, label=self.label, kb_id=self.kb_id)


def _recent_enough(entity: KbEntity, date: str | None) -> bool:
    """In office at ``date`` or ended at most SURNAME_KB_YEARS before (no date: any)."""
    if date is None:
        return True
    year = int(date[:4])
    for position in entity.positions:
        started = position.start is None or position.start[:10] <= date[:10]
        ended_long_ago = position.end is not None and int(position.end[:4]) < year - SURNAME_KB_YEARS
        if started and not ended_long_ago:
            return True
    return False


class ArticleLinker:
    """Builds the article's entity clusters; call :meth:`link` once."""

    def __init__(self, article: Article, kb: KnowledgeBase, geocoder: Geocoder) -> None:
        self.article = article
        self.kb = kb
        self.geocoder = geocoder
        self.date = article.published[:10] if article.published else None
        self.clusters: dict[str, Cluster] = {}

    def link(self) -> list[Entity]:
        mentions = sorted(self.article.mentions, key=lambda m: (m.start, m.end))
        self._link_persons([m for m in mentions if m.label == "PER"])
        self._link_places([m for m in mentions if m.label == "LOC"])
        for label in ("ORG", "MISC"):
            self._link_names([m for m in mentions if m.label == label], label)
        self._link_other_labels([m for m in mentions if m.label not in ("PER", "LOC", "ORG", "MISC")])
        order = sorted(self.clusters.values(), key=lambda c: min(m.start for m in c.mentions))
        entities: list[Entity] = []
        for cluster in order:
            entity = cluster.entity()
            for mention in cluster.mentions:
                mention.entity = entity.id
            if all(e.id != entity.id for e in entities):
                entities.append(entity)
        return entities

    # --- clusters ---

    def _add(self, label: str, key: str, name: str, mention: Mention, surface: str, *,
             kb: KbEntity | None = None, place: Resolution | None = None) -> Cluster:
        cluster_key = f"{label}|{kb.id if kb else key}"
        cluster = self.clusters.get(cluster_key)
        if cluster is None:
            cluster = self.clusters[cluster_key] = Cluster(label, key, name, kb=kb, place=place)
        elif kb is None and place is None:
            cluster.name = better_name(cluster.name, name)
        cluster.mentions.append(mention)
        cluster.surfaces[surface] += 1
        return cluster

    # --- persons ---

    def _link_persons(self, mentions: list[Mention]) -> None:
        surfaces = [strip_title(m.text.strip()) for m in mentions]
        tokens = {person_key(t) for s in surfaces if is_full_name(s) for t in s.split()}
        tokens |= {person_key(s) for s in surfaces}

        def known(name: str) -> bool:
            return person_key(name) in tokens - {""} or self.kb.is_alias(name)

        surfaces = [strip_genitive(s, known) if not is_full_name(s) else _strip_name_genitive(s, known)
                    for s in surfaces]
        full: list[tuple[Mention, str, Cluster]] = []
        for mention, surface in zip(mentions, surfaces, strict=True):
            if is_full_name(surface):
                entity = self.kb.resolve(surface, "PER", self.date)
                name = entity.name if entity else surface
                cluster = self._add("PER", person_key(surface), name, mention, surface, kb=entity)
                full.append((mention, surface, cluster))
        for mention, surface in zip(mentions, surfaces, strict=True):
            if is_full_name(surface):
                continue
            joined = self._surname_cluster(mention, surface, full)
            if joined is not None:
                joined.mentions.append(mention)
                joined.surfaces[surface] += 1
                continue
            candidates = [e for e in self.kb.by_alias(surface, "PER") if _recent_enough(e, self.date)]
            if len(candidates) > 1 and self.date:
                candidates = [e for e in candidates if e.active_at(self.date)]
            entity = candidates[0] if len(candidates) == 1 else None
            self._add("PER", person_key(surface), entity.name if entity else surface, mention, surface, kb=entity)

    @staticmethod
    def _surname_cluster(mention: Mention, surface: str, full: list[tuple[Mention, str, Cluster]]
                         ) -> Cluster | None:
        """The full-name cluster whose name ends with ``surface``; the nearest preceding one if several."""
        key = person_key(surface)
        matches = [(m, c) for m, s, c in full
                   if key in {person_key(t) for t in surname_tokens(s)}
                   or (c.kb is not None and key in {person_key(a) for a in c.kb.all_names if not is_full_name(a)})]
        distinct = {id(c) for _, c in matches}
        if not matches:
            return None
        if len(distinct) == 1:
            return matches[0][1]
        before = [(m, c) for m, c in matches if m.start < mention.start]
        return max(before, key=lambda mc: mc[0].start)[1] if before else None

    # --- places ---

    def _link_places(self, mentions: list[Mention]) -> None:
        text = self.article.text
        resolutions = self.geocoder.resolve_all([m.text for m in mentions], text,
                                                [text[max(0, m.start - 30):m.start] for m in mentions])
        texts = {m.text.strip() for m in mentions}
        for mention, resolution in zip(mentions, resolutions, strict=True):
            surface = mention.text.strip()
            if resolution is not None:
                self._add("LOC", f"geonames:{resolution.entry.geonames_id}", resolution.name, mention, surface,
                          place=resolution)
            else:
                bare = strip_genitive(surface, lambda s: s in texts)
                self._add("LOC", name_key(bare), bare, mention, surface)

    # --- organisations and the rest ---

    def _link_names(self, mentions: list[Mention], label: str) -> None:
        texts = {m.text.strip() for m in mentions}
        for mention in mentions:
            surface = mention.text.strip()
            bare = strip_genitive(surface, lambda s: s in texts or self.kb.is_alias(s))
            entity = self.kb.resolve(bare, label, self.date)
            self._add(label, name_key(bare), entity.name if entity else bare, mention, surface, kb=entity)
        for cluster in self.clusters.values():
            if cluster.label == label and cluster.kb is None:
                # The most frequent spelling, longer on ties ("Interfax" over "Interfax'").
                cluster.name = max(cluster.surfaces, key=lambda s: (cluster.surfaces[s], len(s)))
                cluster.name = strip_genitive(cluster.name, lambda s: s in texts)

    def _link_other_labels(self, mentions: list[Mention]) -> None:
        for mention in mentions:
            surface = mention.text.strip()
            self._add(mention.label, name_key(surface), surface, mention, surface)


def _strip_name_genitive(full_name: str, known: Callable[[str], bool]) -> str:
    """ "Donald Trumps" -> "Donald Trump": only the last word of a full name is inflected."""
    words = full_name.split()
    last = words[-1]
    for ending in ("’", "'", "s"):
        if last.endswith(ending) and len(last) > 3:
            candidate = " ".join([*words[:-1], last[: -len(ending)]])
            if known(candidate):
                return candidate
    return full_name
