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

from lagebild.model import Article, Mood

from .lexicon import CUE_VERBS

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

SENTENCE_END = frozenset({".", "!", "?", "…", "..."})
CLOSING_MARKS = frozenset({"“", "”"})
OPENING_MARKS = frozenset({"„", "»", "«", '"', "‚", "(", ":"})
QUOTE_CLOSERS = frozenset({"“", "”", '"', "«", "»"})


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

    @property
    def first(self) -> int:
        return self.message[0][0]

    @property
    def last(self) -> int:
        return self.message[-1][1] - 1

    def covers(self, index: int) -> bool:
        return any(first <= index < end for first, end in self.message)


class Tokens:
    """Column view of an article's tokens with the sentence structure, for fast rule checks."""

    def __init__(self, article: Article) -> None:
        text = article.text
        tokens = article.tokens
        self.text = text
        self.starts = [t.start for t in tokens]
        self.ends = [t.end for t in tokens]
        self.words = [text[t.start:t.end] for t in tokens]
        self.lower = [w.lower() for w in self.words]
        self.tags = [t.pos or "" for t in tokens]
        self.lemmas = [(t.lemma or w).lower() for t, w in zip(tokens, self.words, strict=True)]
        self.moods: list[Mood | None] = [t.mood for t in tokens]
        self.size = len(tokens)
        self._names_from_imperatives()
        self._verbs_after_quotations()
        self.finite = [tag.endswith("FIN") or mood is not None for tag, mood in zip(self.tags, self.moods, strict=True)]
        self.segment_cache: dict[tuple[int, int], list[Segment]] = {}  # clause segments per token span
        self.sentences: list[tuple[int, int]] = []
        self.sentence_of = [0] * len(tokens)
        index = 0
        for sentence in article.sentences:
            first = index
            while index < len(tokens) and tokens[index].end <= sentence.end:
                self.sentence_of[index] = len(self.sentences)
                index += 1
            if index > first:
                self.sentences.append((first, index))
        while index < len(tokens):  # tokens outside every sentence: one more sentence
            self.sentence_of[index] = len(self.sentences)
            index += 1
        if len(self.sentences) < (self.sentence_of[-1] + 1 if tokens else 0):
            self.sentences.append((self.sentences[-1][1] if self.sentences else 0, len(tokens)))
        self._closing_marks_back()

    def _closing_marks_back(self) -> None:
        """A closing quotation mark after a space ("… gestellt werden. “ Christel …") can be split off
        to the next sentence; it belongs to the sentence whose quotation it closes, or the next sentence
        would open with it and lose its subject."""
        for number in range(1, len(self.sentences)):
            first, end = self.sentences[number]
            if end - first < 2 or self.words[first] not in CLOSING_MARKS or self.words[first - 1] not in SENTENCE_END:
                continue
            if not self.text[self.ends[first]:self.starts[first + 1]].isspace():
                continue  # "“Wort …": the mark opens a quotation (English style)
            previous_first, _ = self.sentences[number - 1]
            self.sentences[number - 1] = (previous_first, first + 1)
            self.sentences[number] = (first + 1, end)
            self.sentence_of[first] = number - 1

    def __len__(self) -> int:
        return self.size

    def _names_from_imperatives(self) -> None:
        """Capitalised words the tagger read as imperatives are names ("Henk Jaap Meijer", "Johanna Moser"):
        news text has almost no imperatives outside quotations, where they open the quote ("„Stoppt den …“")."""
        for index, tag in enumerate(self.tags):
            if tag != "VVIMP" or not self.words[index][:1].isupper():
                continue
            previous = self.words[index - 1] if index else "."
            opening = previous in SENTENCE_END or previous in OPENING_MARKS
            following = self.words[index + 1] if index + 1 < self.size else ""
            if not opening or (following[:1].isupper() and following not in {"Sie", "Ihr"}):
                self.tags[index], self.moods[index] = "NE", None

    def _verbs_after_quotations(self) -> None:
        """A lower-case word right after a quotation that ends a sentence ("„… etabliert.“ erklärte die
        Ministerin") is the verb of a trailing frame; the tagger, seeing no comma, may read it as an
        adjective.  Only cue verbs are retagged, their lemma guessed from the weak past or present."""
        for index in range(2, self.size):
            word, tag = self.words[index], self.tags[index]
            if tag.startswith("V") or not word[:1].islower() or self.words[index - 1] not in QUOTE_CLOSERS:
                continue
            if self.words[index - 2] not in SENTENCE_END:
                continue
            for ending, replacement in (("ten", "en"), ("te", "en"), ("t", "en"), ("en", "en")):
                lemma = word[: -len(ending)] + replacement if word.endswith(ending) else ""
                if lemma in CUE_VERBS:
                    self.tags[index], self.lemmas[index], self.moods[index] = "VVFIN", lemma, "ind"
                    break

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
