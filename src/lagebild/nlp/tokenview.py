"""One view of an article's tokens grouped by sentence, built once and shared by every component.

The sentences component gives every token to exactly one sentence (a sentence runs from its first
token's start to its last token's end).  :class:`TokenView` records that grouping as token index
ranges, computed in one pass over tokens and sentences, so the tagger, NER, the quote rules and the
event rules no longer each regroup the tokens.  :meth:`lagebild.model.Article.token_view` builds it
on first use and keeps it until ``tokens`` or ``sentences`` are replaced.

Two groupings, equal for the sentences component's output:

* :attr:`TokenView.ranges` -- per sentence, the tokens inside it (``sentence.start <= token.start``
  and ``token.end <= sentence.end``);
* :attr:`TokenView.cover` -- every token in exactly one range, for annotations from elsewhere whose
  sentences leave tokens out: range ``i`` also takes the tokens between sentence ``i - 1`` and
  sentence ``i``, and tokens after the last sentence form one more range.  The tagger tags by it
  (every token gets a tag) and the quote rules read their sentences from it.

Sentences are expected in text order, not overlapping (as the sentences component makes them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lagebild.model import Sentence, Token

__all__ = ["TokenView"]

Range = tuple[int, int]


class TokenView:
    """Token index ranges per sentence of one article (see the module docstring)."""

    __slots__ = ("_sentence_of", "_words", "cover", "ranges", "text", "tokens")

    def __init__(self, text: str, tokens: Sequence[Token], ranges: list[Range], cover: list[Range]) -> None:
        self.text = text
        self.tokens = tokens
        #: ``(first, end)`` token indices of the tokens inside each sentence, in sentence order.
        self.ranges = ranges
        #: ``ranges`` widened to cover every token: one range per sentence, plus one for tokens after
        #: the last sentence (if any).
        self.cover = cover
        self._words: list[str] | None = None
        self._sentence_of: list[int] | None = None

    @classmethod
    def build(cls, text: str, tokens: Sequence[Token], sentences: Sequence[Sentence]) -> TokenView:
        """The view of ``tokens`` (in text order) grouped by ``sentences``: one linear pass."""
        ranges: list[Range] = []
        cover: list[Range] = []
        count = len(tokens)
        index = 0
        for sentence in sentences:
            previous_end = index
            while index < count and tokens[index].start < sentence.start:
                index += 1  # between sentences: in no sentence
            first = index
            while index < count and tokens[index].end <= sentence.end:
                index += 1
            ranges.append((first, index))
            cover.append((previous_end, index))
        if index < count:
            cover.append((index, count))
        return cls(text, tokens, ranges, cover)

    def __len__(self) -> int:
        """The number of sentences."""
        return len(self.ranges)

    @property
    def all_words(self) -> list[str]:
        """The text of every token, by token index."""
        if self._words is None:
            text = self.text
            self._words = [text[t.start:t.end] for t in self.tokens]
        return self._words

    def sentence_tokens(self, sentence: int) -> list[Token]:
        """The tokens inside sentence number ``sentence``."""
        first, end = self.ranges[sentence]
        return list(self.tokens[first:end])

    def words(self, sentence: int) -> list[str]:
        """The words (token texts) of sentence number ``sentence``."""
        first, end = self.ranges[sentence]
        return self.all_words[first:end]

    def groups(self) -> list[list[Token]]:
        """The tokens of each sentence that has any, in sentence order (what the NER model tags)."""
        return [list(self.tokens[first:end]) for first, end in self.ranges if end > first]

    def sentence_of_token(self, token: int) -> int:
        """The sentence that token number ``token`` belongs to (its range in :attr:`cover`): the sentence
        containing it; for a token outside every sentence, the next sentence (``len(self)`` after the last)."""
        if self._sentence_of is None:
            owner = [0] * len(self.tokens)
            for number, (first, end) in enumerate(self.cover):
                owner[first:end] = [number] * (end - first)
            self._sentence_of = owner
        return self._sentence_of[token]
