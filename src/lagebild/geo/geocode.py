"""Geocoding LOC mentions offline: gazetteer candidates, scored, disambiguated by article context.

A mention's candidates are every gazetteer place with its (folded) name, after
removing German inflection ("Syriens" -> "Syrien").  Each candidate gets a
base score, mostly the log of its population, plus:

* countries +3 (a country beats the town named after it: "Mexiko", "Luxemburg"),
* national capitals +1 ("Washington" is the city, not the state),
* first-level regions -1.3 (their population is summed over GeoNames places,
  which over-counts; a region beats a same-named city only if it is clearly
  bigger: "Brandenburg" the state, "Hamburg" the city),
* alternate names -0.3 (they are unlabelled and sometimes belong to a suburb),
* German-speaking countries +0.3 (the articles are German news).

The article then votes: countries and regions it mentions unambiguously give
+1.5 to candidates in that country and +2 to candidates in that region, and a
candidate's qualifier appearing in the text ("Oder" for "Frankfurt (Oder)")
gives +4.  So "Paris" stays in France unless Texas is mentioned, and
"Frankfurt" is Frankfurt am Main unless the article speaks of the Oder or
Brandenburg.

Non-geographic LOCs ("Westen", "Nahost") and names that only match a tiny
place through an alternate name are left ungeocoded.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .gazetteer import (
    KIND_ADMIN,
    KIND_CITY,
    KIND_CONTINENT,
    KIND_COUNTRY,
    NAME_ALTERNATE,
    NAME_PRIMARY,
    Gazetteer,
    GazetteerEntry,
    fold_key,
    load_default,
)

# Locations that name no single place on a map: directions, vague regions,
# and words that GeoNames happens to know as some village's alternate name.
NON_GEOGRAPHIC = frozenset(fold_key(w) for w in (
    "Westen", "Osten", "Norden", "Süden", "Nordosten", "Nordwesten", "Südosten", "Südwesten",
    "Nahost", "Naher Osten", "Nahen Osten", "Mittlerer Osten", "Mittleren Osten", "Ferner Osten", "Fernen Osten",
    "Orient", "Abendland", "Dritte Welt", "Dritten Welt", "Welt", "Erde", "Ausland", "Inland", "Heimat",
    "Provinz", "Region", "Hauptstadt", "Innenstadt", "Altstadt", "Stadt", "Land",
))
_ARTICLE = re.compile(r"^(?:der|die|das|den|dem|des|im|in|nach|aus)\s+", re.IGNORECASE)
# Not "mittel": "Mittelamerika" is not "Amerika".
_DIRECTIONS = ("nordost", "nordwest", "sudost", "sudwest", "nord", "sud", "ost", "west", "zentral")
GERMAN_SPEAKING = frozenset({"DE", "AT", "CH"})

COUNTRY_BONUS, REGION_BONUS, QUALIFIER_BONUS = 1.5, 2.0, 4.0
CLEAR_MARGIN = 1.0  # a city this much ahead of its rivals counts as unambiguous context


@dataclass(frozen=True, slots=True)
class Resolution:
    """The place a mention was resolved to, and how sure the scoring was."""

    entry: GazetteerEntry
    score: float
    margin: float  # over the best candidate elsewhere (another country or region); inf if none

    @property
    def name(self) -> str:
        return self.entry.form if self.entry.kind == KIND_CITY else self.entry.name


_REGION_CUE = re.compile(r"(?:Bundesstaat|Staat|Bundesland|Land|Provinz|Präfektur|Region|Kanton|Oblast)(?:es|s)?\s*$")
_CITY_CUE = re.compile(r"(?:Stadt|Hauptstadt|Metropole|Ort|Ortes|Gemeinde|Dorf|Dorfes)\s*$")
KIND_CUE_BONUS = 6.0  # explicit evidence beats population and context votes


def _kind_cue(entry: GazetteerEntry, preceding: str) -> float:
    """A noun right before the name that says which kind of place is meant."""
    if _REGION_CUE.search(preceding):
        return KIND_CUE_BONUS if entry.kind == KIND_ADMIN else 0.0
    if _CITY_CUE.search(preceding):
        return KIND_CUE_BONUS if entry.kind == KIND_CITY else 0.0
    return 0.0


def base_score(entry: GazetteerEntry) -> float:
    score = math.log10(entry.population + 10)
    if entry.kind == KIND_COUNTRY:
        score += 3.0
    elif entry.kind == KIND_ADMIN:
        score -= 1.3
    elif entry.kind == KIND_CONTINENT:
        score = 12.0
    if entry.capital:
        score += 1.0
    if not entry.name_flags & NAME_PRIMARY:
        score -= 0.3 if entry.name_flags & NAME_ALTERNATE else 0.2
    if entry.country_code in GERMAN_SPEAKING:
        score += 0.3
    return score


def _is_weak(entry: GazetteerEntry) -> bool:
    """A village abroad, or one reached only through an unlabelled alternate name: more likely a
    false match ("Golf", "Kreml") than what a German article means, unless the context supports it."""
    return entry.kind == KIND_CITY and entry.population < 1000 and (
        not entry.name_flags & NAME_PRIMARY or entry.country_code not in GERMAN_SPEAKING)


class Geocoder:
    """Resolves the LOC mentions of one article together (they disambiguate each other)."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or load_default()

    def candidates(self, surface: str) -> list[GazetteerEntry]:
        """Places ``surface`` may name, after article and inflection stripping; [] if non-geographic."""
        name = _ARTICLE.sub("", surface.strip().strip(".,;:!?\"'„“”()"))
        key = fold_key(name)
        if not key or key in NON_GEOGRAPHIC or not name[:1].isupper():
            return []
        found = self.gazetteer.lookup(name)
        if found:
            return found
        for suffix in ("s", "es", "n"):  # genitive ("Syriens", "Hamburgs") and dative plural
            if name.endswith(suffix) and len(name) - len(suffix) >= 3:
                found = self.gazetteer.lookup(name[: -len(suffix)])
                if found:
                    return found
        if "-" in name.strip("-"):  # "Berlin-Neukölln": the district if known, else the city
            head, _, tail = name.rpartition("-")
            if head[:1].isupper() and tail[:1].isupper():
                found = self.gazetteer.lookup(tail) or [
                    e for e in self.gazetteer.lookup(head) if e.kind == KIND_CITY]  # not "US-Präsident"
                if found:
                    return found
        for direction in _DIRECTIONS:  # "Nordsyrien", "Ost-Ukraine": the country or region itself
            if key.startswith(direction) and len(key) > len(direction) + 3:
                rest = name[len(direction):].lstrip("-").strip()
                found = [e for e in self.candidates(rest[:1].upper() + rest[1:])
                         if e.kind in (KIND_COUNTRY, KIND_ADMIN)]
                if found:
                    return found
        return []

    def resolve_all(self, surfaces: Sequence[str], text: str = "",
                    preceding: Sequence[str] | None = None) -> list[Resolution | None]:
        """One resolution (or None) per surface, using the others and ``text`` as context.
        ``preceding`` holds the text just before each mention: "im Bundesstaat New York" asks
        for the state, "die Stadt Hiroshima" for the city."""
        options = [[(e, base_score(e) + _kind_cue(e, cue)) for e in self.candidates(s)]
                   for s, cue in zip(surfaces, preceding or [""] * len(surfaces), strict=True)]
        first = [_pick(cands, _Context()) for cands in options]
        # Which mentions vouch for which country / region; a mention must not vouch for itself,
        # or every first guess would confirm itself.
        countries: dict[str, set[int]] = {}
        regions: dict[str, set[int]] = {}
        for index, resolution in enumerate(first):
            if resolution is None:
                continue
            entry = resolution.entry
            clear = entry.kind in (KIND_COUNTRY, KIND_ADMIN) or resolution.margin >= CLEAR_MARGIN
            if clear and entry.country_code:
                countries.setdefault(entry.country_code, set()).add(index)
                if entry.admin and entry.kind in (KIND_ADMIN, KIND_CITY):
                    regions.setdefault(entry.admin, set()).add(index)
        words = frozenset(re.findall(r"\w+", text))
        return [_pick(cands, _Context(countries, regions, words, index)) for index, cands in enumerate(options)]


@dataclass(frozen=True, slots=True)
class _Context:
    countries: dict[str, set[int]] | None = None
    regions: dict[str, set[int]] | None = None
    words: frozenset[str] = frozenset()
    mention: int = -1

    def vouched(self, table: dict[str, set[int]] | None, code: str | None) -> bool:
        if not table or code is None:
            return False
        return bool(table.get(code, set()) - {self.mention})


def _pick(candidates: list[tuple[GazetteerEntry, float]], context: _Context) -> Resolution | None:
    if not candidates:
        return None
    scored: list[tuple[float, GazetteerEntry]] = []
    for entry, score in candidates:
        if entry.kind != KIND_COUNTRY and context.vouched(context.countries, entry.country_code):
            score += COUNTRY_BONUS
        if entry.kind == KIND_CITY and context.vouched(context.regions, entry.admin):
            score += REGION_BONUS
        if entry.qualifier and any(w in context.words for w in re.findall(r"\w+", entry.qualifier) if len(w) > 2):
            score += QUALIFIER_BONUS
        scored.append((score, entry))
    scored.sort(key=lambda item: (-item[0], -item[1].population, item[1].geonames_id))
    best_score, best = scored[0]
    if _is_weak(best) and best_score < 3.0 + COUNTRY_BONUS:
        return None
    rivals = [s for s, e in scored[1:] if (e.country_code, e.admin) != (best.country_code, best.admin)
              and not _same_place(e, best)]
    margin = best_score - rivals[0] if rivals else math.inf
    return Resolution(best, best_score, margin)


def _same_place(a: GazetteerEntry, b: GazetteerEntry) -> bool:
    """A city-state and its city ("Hamburg" the Land and the city) are one place for disambiguation."""
    return a.country_code == b.country_code and {a.kind, b.kind} == {KIND_CITY, KIND_ADMIN} and (
        a.admin == b.admin)

