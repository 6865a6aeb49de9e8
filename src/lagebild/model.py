"""The data model: an :class:`Article` owns the text, every annotation is a span.

Like spaCy's ``Doc``, the article is the single owner of the text.  Annotations
store only ``start``/``end`` character offsets into :attr:`Article.text` (the
cleaned text); :meth:`Article.raw_span` maps any span back to the raw input.
The JSON form (:meth:`Article.to_dict`) is the public contract documented in
``docs/json-contract.md`` and checked by ``src/lagebild/schema/article.schema.json``.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from .offsets import OffsetMap

SCHEMA_VERSION = "1.0"

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


def content_id(text: str) -> str:
    """Stable id of an article: a hash of its cleaned text.

    Whitespace is folded first so that re-wrapped copies of one article share
    an id; 16 hex digits (64 bits) keep collisions out of reach for corpora of
    billions of articles.
    """
    folded = " ".join(text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    """One news article: raw input, cleaned text, metadata and annotations."""

    raw: str
    text: str = ""
    offsets: OffsetMap = field(default_factory=OffsetMap)
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601 date or date-time
    claimed_source: str | None = None
    language: str = "de"
    source: str | None = None  # where the input came from (file path, "stdin", ...)
    meta: dict[str, Any] = field(default_factory=dict)  # provenance and extra metadata
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    components: list[str] = field(default_factory=list)  # registry names that ran

    @property
    def id(self) -> str:
        return content_id(self.text if self.text else self.raw)

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw-input offsets of the clean span ``start .. end``."""
        return self.offsets.span_to_raw(start, end)

    def sentence_tokens(self, sentence: Sentence) -> list[Token]:
        return [t for t in self.tokens if t.start >= sentence.start and t.end <= sentence.end]

    def to_dict(self, *, include_tokens: bool = False, include_raw: bool = False) -> dict[str, Any]:
        """The JSON contract (see ``docs/json-contract.md``)."""
        data: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published,
            "claimed_source": self.claimed_source,
            "language": self.language,
            "source": self.source,
            "meta": dict(self.meta),
            "components": list(self.components),
            "text": self.text,
            "sentences": [asdict(s) for s in self.sentences],
            "mentions": [asdict(m) for m in self.mentions],
            "entities": [asdict(e) for e in self.entities],
            "quotes": [asdict(q) for q in self.quotes],
            "timexes": [asdict(t) for t in self.timexes],
            "places": [asdict(p) for p in self.places],
            "events": [asdict(e) for e in self.events],
            "removed": [asdict(r) for r in self.removed],
        }
        if include_tokens:
            data["tokens"] = [asdict(t) for t in self.tokens]
        if include_raw:
            data["raw"] = self.raw
            data["offsets"] = self.offsets.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an article from :meth:`to_dict` output (tokens/raw if present)."""
        text = data.get("text", "")
        offsets = (
            OffsetMap.from_dict(data["offsets"]) if "offsets" in data else OffsetMap.identity(len(text))
        )

        def cue(d: dict[str, Any] | None) -> Cue | None:
            return Cue(**d) if d else None

        return cls(
            raw=data.get("raw", text),
            text=text,
            offsets=offsets,
            url=data.get("url"),
            outlet=data.get("outlet"),
            title=data.get("title"),
            published=data.get("published"),
            claimed_source=data.get("claimed_source"),
            language=data.get("language", "de"),
            source=data.get("source"),
            meta=dict(data.get("meta") or {}),
            components=list(data.get("components") or []),
            tokens=[Token(**t) for t in data.get("tokens", [])],
            sentences=[Sentence(**s) for s in data.get("sentences", [])],
            mentions=[Mention(**m) for m in data.get("mentions", [])],
            entities=[Entity(**e) for e in data.get("entities", [])],
            quotes=[
                Quote(**{**q, "cue": cue(q.get("cue"))}) for q in data.get("quotes", [])
            ],
            timexes=[Timex(**t) for t in data.get("timexes", [])],
            places=[Place(**p) for p in data.get("places", [])],
            events=[
                Event(**{**e, "trigger": Cue(**e["trigger"])}) for e in data.get("events", [])
            ],
            removed=[Removal(**r) for r in data.get("removed", [])],
        )
