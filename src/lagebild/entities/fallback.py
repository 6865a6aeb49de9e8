"""Mentions found without NER: gazetteer and knowledge-base string matches.

Two uses:

* **provisional** (no ``ner`` component in the pipeline): persons from the
  knowledge base, places from the gazetteer (countries, regions, continents,
  cities of 100,000 or more) and names before a comma-less role noun (below),
  so that entity linking and geocoding work alone;
* **supplement** (after NER): only high-precision additions that NER missed and
  that overlap no NER mention: knowledge-base full names, countries and
  continents, cities of a million or more ("Ortszeit Damaskus"), and a name
  right before a role noun without comma ("Konstantin Kossatschow Vorsitzender
  des …"), which an apposition makes a person.
"""

from __future__ import annotations

import itertools
import re

from ..geo.gazetteer import KIND_CITY, NAME_PRIMARY
from ..geo.geocode import Geocoder
from ..model import Mention
from .kb import KnowledgeBase
from .roles import ROLE_RE

MIN_CITY_POPULATION = 100_000
BIG_CITY_POPULATION = 1_000_000
MAX_WORDS = 4
# Capitalised German words that are also names of big cities or KB aliases.
COMMON_WORDS = frozenset({"Essen", "Halle", "Mai", "Bad", "Union", "Opfer", "Ende", "Mitte", "Lage", "Gas",
                          "Sprecher", "Präsident", "Regierung", "Sonntag", "Moon", "Park", "May", "Hu", "Länder",
                          "Land", "Staaten", "Staat", "Stadt"})
_FUNCTION_WORDS = frozenset({"der", "die", "das", "den", "dem", "des", "ein", "eine", "im", "in", "nach", "aus",
                             "am", "an", "auf", "bei", "von", "vom", "zu", "zum", "zur", "für", "mit"})
_WORD = re.compile(r"[A-ZÄÖÜ][\w’-]*")
# Two or three capitalised words (a name) directly before a role noun without determiner.
_NAME_BEFORE_ROLE = re.compile(r"([A-ZÄÖÜ][a-zäöüßéèáíóúčšžćł’-]+(?:[ \t]+[A-ZÄÖÜ][a-zäöüßéèáíóúčšžćł’-]+){1,2})"
                               r"[ \t]+$")


def provisional_mentions(text: str, kb: KnowledgeBase, geocoder: Geocoder) -> list[Mention]:
    """Mentions for an article that no NER component has seen."""
    found = _scan(text, kb, geocoder, strict=False)
    return sorted([*found, *_without_overlap(_names_before_roles(text), found)], key=lambda m: m.start)


def supplement_mentions(text: str, existing: list[Mention], kb: KnowledgeBase, geocoder: Geocoder
                        ) -> list[Mention]:
    """High-precision mentions NER missed; none overlaps an existing mention."""
    return _without_overlap(_scan(text, kb, geocoder, strict=True) + _names_before_roles(text)
                            + _federal_institutions(text), existing)


# One-word names of federal and state institutions: "Bundeskartellamt", "Bundesverfassungsgericht",
# "Landeskriminalamt", "Bundesinnenministerium", "Bundesnetzagentur". German builds them from a fixed
# prefix and an institution head, and each names one institution of its country, so they are names
# even where NER misses them (the int8 model misses some that float32 found).
_FEDERAL_INSTITUTION = re.compile(
    r"\b(?:Bundes|Landes|Oberlandes)[a-zäöüß]{3,}?(?:amt|ämter|gericht|gerichtshof|ministerium|behörde|agentur|"
    r"anstalt|bank|kriminalamt|rechnungshof|verfassungsgericht|verwaltungsgericht|kartellamt)(?:e?s)?\b")


def _federal_institutions(text: str) -> list[Mention]:
    return [Mention(m.group(0), m.start(), m.end(), "ORG") for m in _FEDERAL_INSTITUTION.finditer(text)]


def _without_overlap(candidates: list[Mention], existing: list[Mention]) -> list[Mention]:
    taken = [(m.start, m.end) for m in existing]
    added: list[Mention] = []
    for mention in sorted(candidates, key=lambda m: (m.start, -m.end)):
        if all(mention.end <= start or mention.start >= end for start, end in taken):
            added.append(mention)
            taken.append((mention.start, mention.end))
    return added


def _scan(text: str, kb: KnowledgeBase, geocoder: Geocoder, *, strict: bool) -> list[Mention]:
    words = list(_WORD.finditer(text))
    mentions: list[Mention] = []
    index = 0
    while index < len(words):
        found = None
        for size in range(min(MAX_WORDS, len(words) - index), 0, -1):
            group = words[index:index + size]
            if any(not re.fullmatch(r"[ \t]+", text[a.end():b.start()]) for a, b in itertools.pairwise(group)):
                continue
            start, end = group[0].start(), group[-1].end()
            label = _label(text[start:end], kb, geocoder, strict)
            if label:
                found = Mention(text[start:end], start, end, label)
                index += size
                break
        if found is None:
            index += 1
        else:
            mentions.append(found)
    return mentions


def _label(surface: str, kb: KnowledgeBase, geocoder: Geocoder, strict: bool) -> str | None:
    if surface in COMMON_WORDS or surface.split()[0].lower() in _FUNCTION_WORDS:
        return None
    if (not strict or len(surface.split()) >= 2) and (
            kb.by_alias(surface, "PER") or kb.by_alias(surface.removesuffix("s"), "PER")):
        return "PER"
    for entry in geocoder.candidates(surface)[:1]:
        # Alternate names only for the biggest cities ("Damaskus"): small places' alternates
        # collide with German words ("Der" is an alternate name of Győr).
        primary = bool(entry.name_flags & NAME_PRIMARY)
        minimum = BIG_CITY_POPULATION if strict or not primary else MIN_CITY_POPULATION
        if entry.kind != KIND_CITY or entry.population >= minimum:
            return "LOC"
    return None


def _names_before_roles(text: str) -> list[Mention]:
    mentions = []
    for match in ROLE_RE.finditer(text):
        before = _NAME_BEFORE_ROLE.search(text, max(0, match.start() - 80), match.start())
        if before is None:
            continue
        name = before.group(1)
        line_start = text.rfind("\n", 0, before.start(1)) + 1
        sentence_start = max(line_start, *(text.rfind(p, 0, before.start(1)) + 2 for p in (". ", "! ", "? ")))
        if before.start(1) <= sentence_start and name.split()[0] in COMMON_WORDS:
            continue
        mentions.append(Mention(name, before.start(1), before.start(1) + len(name), "PER"))
    return mentions
