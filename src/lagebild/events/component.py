"""The ``events`` pipeline component: CAMEO-coded events with actors, targets, place and time."""

from __future__ import annotations

from lagebild.model import Article
from lagebild.registry import Component
from lagebild.resources import Resources
from lagebild.settings import Settings

from .extract import extract_events


def make_events(settings: Settings | None = None, resources: Resources | None = None) -> Component:
    def events(article: Article) -> Article:
        article.events = extract_events(article)
        return article

    return events
