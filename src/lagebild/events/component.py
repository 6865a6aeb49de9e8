"""The ``events`` pipeline component: CAMEO-coded events with actors, targets, place and time."""

from __future__ import annotations

from lagebild.model import Article
from lagebild.registry import Component

from .extract import extract_events


def make_events() -> Component:
    def events(article: Article) -> Article:
        article.events = extract_events(article)
        return article

    return events
