"""The annotation types: plain dataclasses whose spans are character offsets into ``Article.text``.

Each list-valued annotation of an article is a *layer* described in
:mod:`lagebild.layers`; this module holds only the item types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Mood = Literal["ind", "konj1", "konj2", "imp"]


@dataclass(slots=True)
class Token:
    start: int
    end: int
    pos: str | None = None  # STTS tag, e.g. "VVFIN"
    lemma: str | None = None
    mood: Mood | None = None  # finite verbs only


@dataclass(slots=True)
class Sentence:
    start: int
    end: int


@dataclass(slots=True)
class Removal:
    """A piece of the raw input that cleaning removed, and why."""

    start: int  # raw offsets
    end: int
    text: str
    reason: str


@dataclass(slots=True)
class Mention:
    text: str
    start: int
    end: int
    label: str  # PER, ORG, LOC, MISC
    entity: str | None = None
    #: name ("Sergej Lawrow"), nominal (a role description: "der russische Außenminister") or pronoun ("er").
    #: Evaluations of names count ``name`` only; the label stays on all three.
    kind: str = "name"


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    label: str
    kb_id: str | None = None


@dataclass(slots=True)
class Cue:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Quote:
    text: str
    start: int
    end: int
    type: str  # direct | indirect | free_indirect | reported
    speaker: str | None = None
    speaker_name: str | None = None
    cue: Cue | None = None


@dataclass(slots=True)
class Timex:
    text: str
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str
    mod: str | None = None


@dataclass(slots=True)
class Place:
    text: str
    start: int
    end: int
    name: str
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None


@dataclass(slots=True)
class Event:
    """Something that happened (or is planned, demanded, denied): see ``docs/events.md``.

    ``actors``/``targets``/``speaker`` are entity ids; ``place`` is an entity id
    (or a place name when the place has no entity) and ``place_name`` its
    readable name; ``time`` is a TIMEX3 value (when it happened or was
    reported), ``start_time`` when it takes effect ("tritt am Sonntag in Kraft").
    Every field after ``time`` came with the events component and has a default,
    so older JSON still loads.
    """

    type: str
    trigger: Cue
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    place: str | None = None
    time: str | None = None
    code: str | None = None  # CAMEO root code, e.g. "04" (consult)
    sentence: int | None = None  # index into Article.sentences
    theme: str | None = None  # what it is about: "Waffenruhe für Syrien"
    start_time: str | None = None
    place_name: str | None = None
    polarity: str = "positive"  # positive | negative
    modality: str = "asserted"  # asserted | planned | demanded | possible
    attribution: str = "asserted"  # asserted (by the article) | reported (inside a quote)
    speaker: str | None = None  # entity id of the quote's speaker when reported


@dataclass(slots=True)
class Role:
    """A role the article itself states for a person ("der russische Außenminister Sergej Lawrow").

    ``entity`` is the person's entity id; ``role`` a role key (``foreign_minister``),
    ``country`` an ISO code, ``qualifier`` the institution of an organisation role
    ("Sprecher des Kremls").  ``lagebild kb learn-roles`` collects them across a corpus.
    """

    entity: str
    name: str
    role: str
    country: str | None = None
    qualifier: str | None = None
