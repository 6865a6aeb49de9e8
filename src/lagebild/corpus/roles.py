"""Learned roles: a versioned knowledge-base layer made from what stored articles say about people.

An article that writes "der ukrainische Präsident Petro Poroschenko" teaches a
role fact (``article.roles``).  :func:`learn_roles` collects those facts from a
store into a :class:`RoleLayer` — an immutable, content-versioned value — and
saves it in the store.  Later analyses that are given the layer (``lagebild
analyze --db`` uses the store's latest one; ``lagebild kb learn-roles`` makes a
new one) resolve "der ukrainische Präsident" in an article without apposition
to the person most often and most recently described so near its date.

Because the layer is an explicit input, analysing the same text twice with the
same layer gives the same result, whatever was stored in between.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

LAYER_NAME = "roles"


@dataclass(frozen=True, slots=True)
class RoleFact:
    """One person described as holding a role, in one article published on ``published``."""

    entity_id: str
    name: str
    role: str
    country: str | None
    qualifier: str | None
    published: str | None
    article_id: str
    label: str = "PER"
    kb_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"entity_id": self.entity_id, "name": self.name, "role": self.role, "country": self.country,
                "qualifier": self.qualifier, "published": self.published, "article_id": self.article_id,
                "label": self.label, "kb_id": self.kb_id}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RoleFact:
        return cls(entity_id=str(data["entity_id"]), name=str(data.get("name") or data["entity_id"]),
                   role=str(data["role"]), country=data.get("country"), qualifier=data.get("qualifier"),
                   published=data.get("published"), article_id=str(data.get("article_id") or ""),
                   label=data.get("label") or "PER", kb_id=data.get("kb_id"))


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


class RoleLayer:
    """An immutable set of role facts with a content version; answers "who was X near date D"."""

    def __init__(self, facts: Iterable[RoleFact], *, created: str | None = None) -> None:
        self.facts: tuple[RoleFact, ...] = tuple(sorted(
            set(facts), key=lambda f: (f.role, f.country or "", f.published or "", f.entity_id, f.article_id)))
        self.created = created
        blob = json.dumps([f.to_dict() for f in self.facts], ensure_ascii=False, sort_keys=True)
        self.version = hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]
        self._by_role: dict[tuple[str, str | None], list[RoleFact]] = {}
        self._by_qualifier: dict[tuple[str, str], list[RoleFact]] = {}
        for fact in self.facts:
            if fact.qualifier is None:  # organisation roles ("Sprecher des Kremls") are not national roles
                self._by_role.setdefault((fact.role, fact.country), []).append(fact)
            else:  # party and organisation offices: "CDU-Generalsekretär" -> (secretary_general, "cdu")
                self._by_qualifier.setdefault((fact.role, fact.qualifier), []).append(fact)

    def __len__(self) -> int:
        return len(self.facts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RoleLayer) and other.version == self.version

    def __hash__(self) -> int:
        return hash(self.version)

    def __repr__(self) -> str:
        return f"RoleLayer({len(self.facts)} facts, version {self.version})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (RoleLayer, (self.facts,), {"created": self.created})

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.created = state.get("created")

    def holders(self, role: str, country: str | None, when: str, window_days: int = 30, *,
                qualifier: str | None = None) -> list[dict[str, Any]]:
        """Persons described as ``role`` of ``country`` (or, with ``qualifier``, of that party or
        organisation, any country) within ``window_days`` of ``when``: the closest in time first, then the
        most often seen, then by id (deterministic).  Conflicting facts are all kept in the layer; this
        answer ranks them for one date."""
        day = _day(when)
        if day is None:
            return []
        low, high = day - timedelta(days=window_days), day + timedelta(days=window_days)
        found: dict[str, dict[str, Any]] = {}
        facts = self._by_qualifier.get((role, qualifier), ()) if qualifier else self._by_role.get((role, country), ())
        for fact in facts:
            seen = _day(fact.published)
            if seen is None or not low <= seen <= high:
                continue
            holder = found.setdefault(fact.entity_id, {"entity_id": fact.entity_id, "name": fact.name,
                                                       "label": fact.label, "kb_id": fact.kb_id,
                                                       "distance": window_days, "count": 0})
            holder["distance"] = min(holder["distance"], abs((seen - day).days))
            holder["count"] += 1
        return sorted(found.values(), key=lambda h: (h["distance"], -h["count"], h["entity_id"]))

    def history(self, role: str, *, country: str | None = None, qualifier: str | None = None) -> list[RoleFact]:
        """Every fact for one office, oldest first, with its date and source article (conflicts included)."""
        facts = self._by_qualifier.get((role, qualifier), ()) if qualifier else self._by_role.get((role, country), ())
        return sorted(facts, key=lambda f: (f.published or "", f.entity_id, f.article_id))

    def to_records(self) -> list[dict[str, Any]]:
        return [fact.to_dict() for fact in self.facts]


def learn_roles(store: Any, *, save: bool = True) -> RoleLayer:
    """Collect the role facts of every stored article into a new layer (saved in the store unless ``save=False``).

    ``store`` is a :class:`lagebild.store.Store`.  The result depends only on what is
    stored, so running it twice without new articles gives the same version.
    """
    layer = RoleLayer(RoleFact.from_dict(row) for row in store.role_facts())
    if save:
        store.save_role_layer(layer)
    return layer


__all__ = ["LAYER_NAME", "RoleFact", "RoleLayer", "learn_roles"]
