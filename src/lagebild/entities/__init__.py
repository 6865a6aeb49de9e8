"""Canonical entities with stable ids, and role descriptions resolved to persons (see ``docs/entities.md``)."""

from .kb import KbEntity, KnowledgeBase, Position

__all__ = ["KbEntity", "KnowledgeBase", "Position"]
