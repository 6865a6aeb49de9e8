"""The ``geo`` pipeline component: LOC mentions -> :class:`~lagebild.model.Place` (offline)."""

from __future__ import annotations

from ..model import Article, Place
from ..registry import Component
from ..resources import Resources
from ..settings import Settings
from .geocode import Geocoder


def geocode_article(article: Article, geocoder: Geocoder) -> list[Place]:
    """Places for the article's LOC mentions, in text order; ungeocodable ones are left out."""
    mentions = sorted((m for m in article.mentions if m.label == "LOC"), key=lambda m: (m.start, m.end))
    resolutions = geocoder.resolve_all([m.text for m in mentions], article.text,
                                       [article.text[max(0, m.start - 30):m.start] for m in mentions])
    places: list[Place] = []
    for mention, resolution in zip(mentions, resolutions, strict=True):
        if resolution is None:
            continue
        entry = resolution.entry
        places.append(Place(text=mention.text, start=mention.start, end=mention.end, name=resolution.name,
                            country_code=entry.country_code, lat=entry.lat, lon=entry.lon,
                            geonames_id=entry.geonames_id))
    return places


def make_geo(settings: Settings | None = None, resources: Resources | None = None) -> Component:
    geocoder = resources.geocoder if resources is not None else Geocoder()

    def geo(article: Article) -> Article:
        article.places = geocode_article(article, geocoder)
        return article

    return geo
