"""Shared types of the quote extractor: the token view and the attribution records.

The extractor works on token indices (``Tokens``) and hands out character spans
(``Attribution``).  An attribution keeps everything the SpkAtt-2023 scheme
annotates: the message may be interrupted by its frame ("„A“, sagte er, „B“";
"Ein Verdacht bestehe nach Angaben der Polizei nicht"), the cue may be split
("teilte … mit", "hatte … gesagt") and the source is the speaker phrase as
written.  :mod:`lagebild.quotes.component` turns attributions into the
simpler public :class:`lagebild.model.Quote`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from lagebild.lang.de import SENTENCE_END
from lagebild.model import Article, Mood

if TYPE_CHECKING:
    from .phrases import Segment

QuoteType = Literal["direct", "indirect", "free_indirect", "reported"]
Span = tuple[int, int]

# SpkAtt-2023 form names, used by the scorer and kept on every attribution.
FORM_OF_TYPE: dict[QuoteType, str] = {
    "direct": "Direct",
    "indirect": "Indirect",
    "free_indirect": "IndirectFreeIndirect",
    "reported": "Reported",
}


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved speaker: an entity id when entities exist, and a display name."""

    name: str | None
    entity: str | None = None


@dataclass(slots=True)
class Attribution:
    """One statement: what was said (message), by whom (source, speakers), signalled by what (cue)."""

    type: QuoteType
    message: list[Span]
    cue: list[Span] = field(default_factory=list)
    source: list[Span] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    form: str = ""
    nested: bool = False  # a partial quote inside another attribution's message
    medium: Speaker | None = None  # the medium that relayed the statement ("…, sagte Y laut X": X)


@dataclass(slots=True)
class Draft:
    """An attribution under construction, in token indices.

    ``message`` holds token index ranges ``(first, end)``; ``cue`` and ``source``
    token indices.  ``anchor`` is the index of the draft whose speaker this one
    continues (free indirect speech, unattributed direct quotes).
    """

    type: QuoteType
    message: list[tuple[int, int]]
    cue: list[int] = field(default_factory=list)
    source: list[int] = field(default_factory=list)
    form: str = ""
    nested: bool = False
    anchor: Draft | None = None
    speakers: list[Speaker] = field(default_factory=list)
    kind: str = "speech"  # cue class from the lexicon: speech, writing, thought, agreement
    verb: list[int] = field(default_factory=list)  # a reported statement's verb (SpkAtt gives it no cue)
    medium: Speaker | None = None  # the medium that relayed the statement (see Attribution)

    @property
    def first(self) -> int:
        return self.message[0][0]

    @property
    def last(self) -> int:
        return self.message[-1][1] - 1

    def covers(self, index: int) -> bool:
        return any(first <= index < end for first, end in self.message)


class Tokens:
    """Column view of an article's tokens with the sentence structure, for fast rule checks.

    Tags, lemmas and moods are the tagger step's, with its context fixes (:mod:`lagebild.nlp.retag`);
    sentences are the token ranges of the article's token view (:meth:`lagebild.model.Article.token_view`),
    every token in one of them.
    """

    def __init__(self, article: Article) -> None:
        view = article.token_view()
        tokens = view.tokens
        self.text = article.text
        self.starts = [t.start for t in tokens]
        self.ends = [t.end for t in tokens]
        self.glued = [index > 0 and tokens[index - 1].end == t.start for index, t in enumerate(tokens)]
        self.words = list(view.all_words)
        self.lower = [w.lower() for w in self.words]
        self.tags = [t.pos or "" for t in tokens]
        self.lemmas = [(t.lemma or w).lower() for t, w in zip(tokens, self.words, strict=True)]
        self.moods: list[Mood | None] = [t.mood for t in tokens]
        self.size = len(tokens)
        self.finite = [tag.endswith("FIN") or mood is not None for tag, mood in zip(self.tags, self.moods, strict=True)]
        self.segment_cache: dict[tuple[int, int], list[Segment]] = {}  # clause segments per token span
        # Sentences with tokens, numbered among themselves.
        self.sentences: list[tuple[int, int]] = [(first, end) for first, end in view.cover if end > first]
        self.sentence_of = [0] * len(tokens)
        for number, (first, end) in enumerate(self.sentences):
            self.sentence_of[first:end] = [number] * (end - first)

    def __len__(self) -> int:
        return self.size

    def content_end(self, first: int, end: int) -> int:
        """``end`` without trailing sentence punctuation (the period is not part of a message)."""
        while end > first and (self.words[end - 1] in SENTENCE_END or self.words[end - 1] in {",", ":", ";"}):
            end -= 1
        return end

    def is_finite(self, index: int) -> bool:
        return self.finite[index]

    def span(self, first: int, end: int) -> Span:
        return self.starts[first], self.ends[end - 1]

    def spans(self, indices: list[int]) -> list[Span]:
        """Character spans of token indices, adjacent tokens merged."""
        result: list[Span] = []
        for run_first, run_end in runs(indices):
            result.append(self.span(run_first, run_end))
        return result


def runs(indices: list[int]) -> list[tuple[int, int]]:
    """Sorted token indices as ``(first, end)`` runs of consecutive indices."""
    result: list[tuple[int, int]] = []
    for index in sorted(set(indices)):
        if result and result[-1][1] == index:
            result[-1] = (result[-1][0], index + 1)
        else:
            result.append((index, index + 1))
    return result
