"""Offline geocoding of LOC mentions (see ``docs/geo.md``)."""

from .gazetteer import Gazetteer, GazetteerEntry, fold_key, load_default
from .geocode import Geocoder, Resolution

__all__ = ["Gazetteer", "GazetteerEntry", "Geocoder", "Resolution", "fold_key", "load_default"]
