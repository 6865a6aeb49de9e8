"""Canonical entities with stable ids, and role descriptions resolved to persons (see ``docs/entities.md``)."""

from .component import get_store, knowledge_base, set_store, using_store
from .kb import KbEntity, KnowledgeBase, Position

__all__ = ["KbEntity", "KnowledgeBase", "Position", "get_store", "knowledge_base", "set_store", "using_store"]
