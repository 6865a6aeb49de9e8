"""Shared resources that components receive explicitly: knowledge base, learned roles, gazetteer, models.

A :class:`Resources` object is built once per pipeline (per process) and handed
to every component factory together with the :class:`~lagebild.settings.Settings`
(spaCy-style).  It holds *data* — knowledge-base records imported into a store and
the learned-roles layer chosen for this run — and loads the heavy read-only
parts (gazetteer, NER model, HanTa) lazily, once.

Nothing here changes while articles are analysed: the same resources give the
same analysis for the same input, whatever was analysed or stored before.  The
store is read once, when the resources are made (:meth:`Resources.from_store`),
not during the analysis.

Pickling keeps only the data (records, role facts) and drops the loaded models,
so a worker process or a Spark executor rebuilds them once on first use.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .corpus.roles import RoleLayer
    from .entities.kb import KnowledgeBase
    from .geo.geocode import Geocoder


def _digest(value: Any) -> str:
    blob = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class KbSnapshot:
    """What the analysis may know beyond the shipped data: imported KB records and a learned-roles layer."""

    records: tuple[dict[str, Any], ...] = ()
    roles: RoleLayer | None = None

    @property
    def version(self) -> str:
        """A content hash: equal snapshots give equal analyses (recorded in ``meta["kb"]``)."""
        return _digest({"records": list(self.records), "roles": self.roles.version if self.roles else None})


class Resources:
    """Everything components share; lazily loaded, thread-safe, picklable (data only)."""

    def __init__(self, snapshot: KbSnapshot | None = None) -> None:
        self.snapshot = snapshot or KbSnapshot()
        self._lock = threading.Lock()
        self._loaded: dict[str, Any] = {}

    @classmethod
    def from_store(cls, store: Any, *, use_kb: bool = True) -> Resources:
        """Resources with the store's imported KB records and its latest learned-roles layer.

        ``store`` is a :class:`lagebild.store.Store`; ``use_kb=False`` (setting
        ``use_store_kb``) ignores both and gives the shipped knowledge base alone.
        """
        if store is None or not use_kb:
            return cls()
        return cls(KbSnapshot(tuple(store.kb_records()), store.latest_role_layer()))

    def __getstate__(self) -> dict[str, Any]:
        return {"snapshot": self.snapshot}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["snapshot"])  # type: ignore[misc]

    def __repr__(self) -> str:
        roles = self.snapshot.roles
        return (f"Resources({len(self.snapshot.records)} imported KB record(s), "
                f"roles layer {roles.version if roles else 'none'})")

    def _once(self, key: str, load: Any) -> Any:
        # Double-checked: loading takes long, reading a loaded value must not wait for the lock.
        value = self._loaded.get(key)
        if value is None:
            with self._lock:
                value = self._loaded.get(key)
                if value is None:
                    value = self._loaded[key] = load()
        return value

    @property
    def knowledge_base(self) -> KnowledgeBase:
        """The shipped knowledge base extended by the snapshot's imported records."""
        from .entities import kb

        return self._once("kb", lambda: kb.build(self.snapshot.records))  # type: ignore[no-any-return]

    @property
    def roles(self) -> RoleLayer | None:
        return self.snapshot.roles

    @property
    def geocoder(self) -> Geocoder:
        from .geo.geocode import Geocoder

        return self._once("geocoder", Geocoder)  # type: ignore[no-any-return]

    def ner_tagger(self, name: str) -> Any:
        """The NER tagger ``name`` (``accurate`` or ``fast``), loaded once."""
        from .ner.component import load_tagger

        return self._once(f"ner:{name}", lambda: load_tagger(name))

    def quote_model(self, path: str) -> Any:
        """The user-trained quote model at ``path``, loaded once."""
        from .quotes.neural import load_quote_model

        return self._once(f"quotes:{path}", lambda: load_quote_model(path))

    def describe(self) -> dict[str, Any]:
        roles = self.snapshot.roles
        return {"imported_records": len(self.snapshot.records),
                "roles_layer": roles.version if roles else None, "version": self.snapshot.version}


def snapshot_of(records: Iterable[dict[str, Any]] = (), roles: RoleLayer | None = None) -> KbSnapshot:
    return KbSnapshot(tuple(records), roles)


__all__: Sequence[str] = ["KbSnapshot", "Resources", "snapshot_of"]
