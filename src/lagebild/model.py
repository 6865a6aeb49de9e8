"""The data model: an :class:`Article` owns the text, every annotation is a span.

Like spaCy's ``Doc``, the article is the single owner of the text.  Annotations
store only ``start``/``end`` character offsets into :attr:`Article.text` (the
cleaned text); :meth:`Article.raw_span` maps any span back to the raw input.
The JSON form (:meth:`Article.to_dict`) is the public contract documented in
``docs/json-contract.md`` and checked by ``src/lagebild/schema/article.schema.json``;
the list-valued annotations are *layers* (:mod:`lagebild.layers`) that drive the
JSON form, the schema and the store.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .annotations import Cue, Entity, Event, Mention, Mood, Place, Quote, Removal, Role, Sentence, Timex, Token
from .layers import BUILTIN_NAMES, layers
from .offsets import OffsetMap

if TYPE_CHECKING:
    from .nlp.tokenview import TokenView

SCHEMA_VERSION = "1.2"  # 1.1: the roles layer; 1.2: mentions[].kind

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
    roles: list[Role] = field(default_factory=list)
    components: list[str] = field(default_factory=list)  # registry names that ran
    #: Items of layers registered by extensions (:func:`lagebild.layers.register_layer`), by layer name.
    extensions: dict[str, list[Any]] = field(default_factory=dict)
    _view: tuple[int, int, int, int, TokenView] | None = field(default=None, init=False, repr=False,
                                                               compare=False)

    @property
    def id(self) -> str:
        return content_id(self.text if self.text else self.raw)

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw-input offsets of the clean span ``start .. end``."""
        return self.offsets.span_to_raw(start, end)

    def token_view(self) -> TokenView:
        """The sentence -> token grouping, computed once and shared by every component.

        Rebuilt when ``tokens`` or ``sentences`` are replaced or change length.
        """
        from .nlp.tokenview import TokenView

        key = (id(self.tokens), len(self.tokens), id(self.sentences), len(self.sentences))
        if self._view is None or self._view[:4] != key:
            self._view = (*key, TokenView.build(self.text, self.tokens, self.sentences))
        return self._view[4]

    def sentence_tokens(self, sentence: Sentence) -> list[Token]:
        """The tokens inside ``sentence`` (through :meth:`token_view`)."""
        view = self.token_view()
        for index, candidate in enumerate(self.sentences):
            if candidate is sentence or (candidate.start, candidate.end) == (sentence.start, sentence.end):
                return view.sentence_tokens(index)
        return [t for t in self.tokens if t.start >= sentence.start and t.end <= sentence.end]

    def layer(self, name: str) -> list[Any]:
        """The items of layer ``name`` (built-in attribute or registered extension layer)."""
        if name in BUILTIN_NAMES:
            items: list[Any] = getattr(self, name)
            return items
        return self.extensions.setdefault(name, [])

    def set_layer(self, name: str, items: list[Any]) -> None:
        if name in BUILTIN_NAMES:
            setattr(self, name, items)
        else:
            self.extensions[name] = items

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
        }
        for layer in layers():
            data[layer.name] = [layer.to_json(item) for item in self.layer(layer.name)]
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
        article = cls(
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
        )
        for layer in layers():
            article.set_layer(layer.name, [layer.from_json(item) for item in data.get(layer.name) or []])
        return article


__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "Cue",
    "Entity",
    "Event",
    "Mention",
    "Mood",
    "Place",
    "Quote",
    "Removal",
    "Role",
    "Sentence",
    "Timex",
    "Token",
    "content_id",
]
