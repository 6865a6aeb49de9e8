"""Role descriptions -> persons: learn roles from appositions, resolve the other descriptions.

Resolution order for a definite, singular description such as "der US-Präsident":

1. roles this article teaches through appositions ("der US-Präsident Donald
   Trump", "Sergej Lawrow, der russische Außenminister", and roles implied by
   institutions: a Federation Council post makes a Russian senator);
2. the knowledge base: who held the role in that country at the article date;
3. the learned-roles layer the pipeline was given (roles stored articles taught,
   published near that date; see :mod:`lagebild.corpus.roles`).

A description that matches no single person stays unlinked.  "Former",
"designated" and "deputy" descriptions ("der frühere US-Präsident") are only
resolved through the article's own appositions, never by date.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Article, Entity, Mention
from .kb import KnowledgeBase
from .roles import HEAD_OF_GOVERNMENT, RolePhrase, appositions, find_role_phrases

if TYPE_CHECKING:
    from ..corpus.roles import RoleLayer

STORE_WINDOW_DAYS = 30


@dataclass(frozen=True, slots=True)
class LearnedRole:
    entity: str
    name: str
    role: str
    country: str | None
    qualifier: str | None
    not_current: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "name": self.name, "role": self.role, "country": self.country,
                "qualifier": self.qualifier}


class RoleLinker:
    """Adds PER mentions for role descriptions of one article (after :class:`ArticleLinker`)."""

    def __init__(self, article: Article, kb: KnowledgeBase, country_of: Callable[[str], str | None],
                 roles: RoleLayer | None = None, window_days: int = STORE_WINDOW_DAYS) -> None:
        self.article = article
        self.kb = kb
        self.country_of = country_of
        self.roles = roles
        self.window_days = window_days
        self.date = article.published[:10] if article.published else None
        self.entities = {e.id: e for e in article.entities}

    def link(self) -> list[LearnedRole]:
        """Add the role mentions to the article; return the roles the article teaches."""
        text = self.article.text
        persons = sorted((m for m in self.article.mentions if m.label == "PER" and m.entity),
                         key=lambda m: m.start)
        phrases = find_role_phrases(text, self.country_of, stops=[m.start for m in persons])
        phrases = [p for p in phrases if not any(m.start <= p.start and p.end <= m.end and (m.start, m.end) !=
                                                 (p.start, p.end) for m in persons)]
        pairs = appositions(text, phrases, [(m.start, m.end) for m in persons])
        learned: list[LearnedRole] = []
        described: set[int] = set()
        for phrase, index in pairs:
            person = persons[index]
            assert person.entity is not None
            name = self.entities[person.entity].name if person.entity in self.entities else person.text
            learned.append(LearnedRole(person.entity, name, phrase.role, phrase.country, phrase.qualifier,
                                       phrase.not_current))
            for role, country in phrase.implied:
                learned.append(LearnedRole(person.entity, name, role, country, None, phrase.not_current))
            self._add_mention(phrase, person.entity)
            described.add(id(phrase))
        for phrase in phrases:
            if id(phrase) in described or not phrase.resolvable:
                continue
            entity = self._resolve(phrase, learned)
            if entity is not None:
                self._add_mention(phrase, entity.id)
        self.article.mentions.sort(key=lambda m: (m.start, m.end))
        return [role for role in dict.fromkeys(learned) if not role.not_current]

    def _resolve(self, phrase: RolePhrase, learned: Sequence[LearnedRole]) -> Entity | None:
        holders = {role.entity for role in learned
                   if role.role == phrase.role and role.not_current == phrase.not_current
                   and (phrase.country is None or role.country == phrase.country)
                   and (phrase.qualifier is None or role.qualifier == phrase.qualifier)}
        if len(holders) == 1:
            return self.entities.get(holders.pop())
        if holders or phrase.not_current or phrase.country is None or self.date is None:
            return None
        if phrase.qualifier is not None:
            return None  # "der Sprecher des Kremls", "der bayerische Ministerpräsident": not a national role
        if not (phrase.role == HEAD_OF_GOVERNMENT and phrase.country == "DE" and "ministerpr" in
                self.article.text[phrase.start:phrase.end].lower()):  # German Länder have Ministerpräsidenten
            kb_holders = self.kb.holders(phrase.role, phrase.country, self.date)
            if len(kb_holders) == 1:
                holder = kb_holders[0]
                return self._entity(Entity(holder.entity_id, holder.name, "PER", holder.id))
        if self.roles is not None:
            rows = self.roles.holders(phrase.role, phrase.country, self.date, self.window_days)
            if rows:
                best = rows[0]
                return self._entity(Entity(best["entity_id"], best["name"], best["label"] or "PER",
                                           best["kb_id"]))
        return None

    def _entity(self, entity: Entity) -> Entity:
        if entity.id not in self.entities:
            self.entities[entity.id] = entity
            self.article.entities.append(entity)
        return self.entities[entity.id]

    def _add_mention(self, phrase: RolePhrase, entity_id: str) -> None:
        for mention in self.article.mentions:
            if (mention.start, mention.end) == (phrase.start, phrase.end) and mention.label == "PER":
                mention.entity = entity_id
                mention.kind = "nominal"
                return
        text = self.article.text[phrase.start:phrase.end]
        self.article.mentions.append(Mention(text, phrase.start, phrase.end, "PER", entity_id, "nominal"))
