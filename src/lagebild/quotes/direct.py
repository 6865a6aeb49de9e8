"""Direct quotes: pairing quotation marks in every German style.

Marks are paired with a stack over the whole article, so a quote may span
sentences and paragraphs and may contain a nested quote:

* „…“ and „…” (German), »…« (German books and magazines), «…» (Swiss,
  French), "…" (ASCII: the side is read from the spacing around the mark),
  “…” (English style, when no German quote is open) and ‚…‘ (single, mostly
  nested).  The direction of guillemets is taken from the first one in the
  article.
* A closing mark that was never opened (`Auf gewisse Weise ist das ein
  Durchbruch", sagte der Senator.`) starts its quote at the beginning of the
  sentence.
* An opening mark that is never closed runs to the end of its paragraph, or
  only to the end of its sentence when the paragraph goes on for several
  more: a stray mark must not swallow the rest of the article.
* An ASCII mark followed by punctuation closes („Tod dem Diktator ", die …),
  and a closing ASCII mark pairs with the innermost open „ or ".

A quote is a *statement* when it is long (a finite verb, or sentence
punctuation before the closing mark); a shorter one is a statement only inside a
speech context (a reported message or a sentence with a cue), and never when
it follows a title noun ("die Partei „Neue Rechte“") — those are scare quotes
and titles.
"""

from __future__ import annotations

from dataclasses import dataclass

from lagebild.lang.de import (
    GERMAN_CLOSING,
    GERMAN_OPENING,
    GERMAN_SINGLE_CLOSING,
    GERMAN_SINGLE_OPENING,
    GUILLEMETS,
    SENTENCE_END,
)

from .base import Tokens
from .lexicon import TITLE_NOUNS

DOUBLE_OPEN = GERMAN_OPENING
DOUBLE_CLOSE = GERMAN_CLOSING
SINGLE_OPEN = GERMAN_SINGLE_OPENING
SINGLE_CLOSE = GERMAN_SINGLE_CLOSING
CLOSING_PUNCT = ",.;:!?)]"  # after a closing mark, never after an opening one
UNCLOSED_SENTENCES = 3  # an unclosed quote longer than this paragraph share ends with its own sentence


@dataclass(slots=True)
class QuoteSpan:
    """Quotation marks and what they enclose, as token indices (marks included)."""

    first: int
    end: int
    opened: bool  # False: the opening mark is missing (half-marked quote)
    closed: bool
    depth: int  # 0 at top level, 1 inside another quote
    words: int = 0
    has_verb: bool = False
    ends_sentence: bool = False  # sentence punctuation just inside the closing mark

    @property
    def inner(self) -> tuple[int, int]:
        return self.first + (1 if self.opened else 0), self.end - (1 if self.closed else 0)

    @property
    def long(self) -> bool:
        """A full statement: it has a finite verb or ends like a sentence; else a partial quote or a title."""
        return self.has_verb or self.ends_sentence

    def __contains__(self, index: int) -> bool:
        return self.first <= index < self.end


def _ascii_opens(tv: Tokens, index: int) -> bool:
    """An ASCII quote opens when space (or a bracket) is before it and a word follows; punctuation
    after it ("„Tod dem Diktator ", die …") means a closing mark typed after a stray space."""
    start = tv.starts[index]
    before = tv.text[start - 1] if start > 0 else " "
    after = tv.text[tv.ends[index]] if tv.ends[index] < len(tv.text) else " "
    return (before.isspace() or before in "([–-") and not after.isspace() and after not in CLOSING_PUNCT


def find_quote_spans(tv: Tokens) -> list[QuoteSpan]:
    """All quotations in the article, outermost first within each position."""
    guillemet_opens = next((w for w in tv.words if w in GUILLEMETS), "»")
    guillemet_closes = "«" if guillemet_opens == "»" else "»"
    stack: list[tuple[int, str]] = []  # (token index, closing family)
    spans: list[QuoteSpan] = []

    def close(index: int, family: str, *others: str) -> bool:
        """Close the innermost open quote of ``family`` (or of ``others``): "„…"" pairs crosswise."""
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][1] == family or stack[depth][1] in others:
                opener = stack[depth][0]
                del stack[depth:]
                spans.append(QuoteSpan(opener, index + 1, True, True, depth))
                return True
        return False

    for index, word in enumerate(tv.words):
        if word in DOUBLE_OPEN or word == guillemet_opens:
            stack.append((index, "double" if word in DOUBLE_OPEN else "guillemet"))
        elif word == guillemet_closes:
            if not close(index, "guillemet"):
                _unopened(tv, index, spans)
        elif word in DOUBLE_CLOSE:
            if not close(index, "double") and not close(index, "english"):
                if word == "“" and _ascii_opens(tv, index):
                    stack.append((index, "english"))
                else:
                    _unopened(tv, index, spans)
        elif word == '"':
            opens = _ascii_opens(tv, index)
            if close(index, "ascii") if opens else close(index, "ascii", "double"):
                pass
            elif opens:
                stack.append((index, "ascii"))
            else:
                _unopened(tv, index, spans)
        elif word in SINGLE_OPEN:
            stack.append((index, "single"))
        elif word in SINGLE_CLOSE and any(family == "single" for _, family in stack):
            close(index, "single")
        if stack and _paragraph_ends_after(tv, index):
            _unclosed(tv, stack, index + 1, spans)
            stack.clear()
    _unclosed(tv, stack, len(tv), spans)
    for span in spans:
        _describe(tv, span)
    spans.sort(key=lambda s: (s.first, -s.end))
    _fix_depths(spans)
    return spans


def _paragraph_ends_after(tv: Tokens, index: int) -> bool:
    return index + 1 < len(tv) and "\n\n" in tv.text[tv.ends[index]:tv.starts[index + 1]]


def _unclosed(tv: Tokens, stack: list[tuple[int, str]], end: int, spans: list[QuoteSpan]) -> None:
    """Opening marks never closed: the quote runs to the end of its paragraph when that is near, else
    it ends with its own sentence — a stray mark must not swallow (and silence) the rest of the article."""
    for opener, family in stack:
        if family == "single":
            continue
        sentence = tv.sentence_of[opener]
        far = tv.sentence_of[end - 1] - sentence >= UNCLOSED_SENTENCES
        spans.append(QuoteSpan(opener, tv.sentences[sentence][1] if far else end, True, False, 0))


def _unopened(tv: Tokens, index: int, spans: list[QuoteSpan]) -> None:
    """A closing mark without an opening one: the quote starts with the sentence."""
    sentence_first = tv.sentences[tv.sentence_of[index]][0]
    if index > sentence_first:
        spans.append(QuoteSpan(sentence_first, index + 1, False, True, 0))


def _describe(tv: Tokens, span: QuoteSpan) -> None:
    first, end = span.inner
    span.words = sum(1 for i in range(first, end) if tv.words[i][:1].isalnum())
    span.has_verb = any(tv.is_finite(i) for i in range(first, end)) and not _named_after_article(tv, span)
    span.ends_sentence = end > first and tv.words[end - 1] in SENTENCE_END | {",", ":"} and span.words >= 3


def _named_after_article(tv: Tokens, span: QuoteSpan) -> bool:
    """A short quotation right after an article, opening with a capital and without sentence punctuation, is
    a name even when it holds a verb: "Moritz Wohlrab von der „Aktion Deutschland hilft“ sagte"."""
    first, end = span.inner
    if not span.opened or not span.closed or span.first == 0 or first >= end or span.words > 5:
        return False
    if tv.tags[span.first - 1] not in {"ART", "APPRART"} or not tv.words[first][:1].isupper():
        return False
    return not any(tv.words[i] in SENTENCE_END | {",", ":"} for i in range(first, end))


def _fix_depths(spans: list[QuoteSpan]) -> None:
    open_ends: list[int] = []
    for span in spans:
        while open_ends and open_ends[-1] <= span.first:
            open_ends.pop()
        span.depth = len(open_ends)
        open_ends.append(span.end)


def is_title(tv: Tokens, span: QuoteSpan) -> bool:
    """A short quote that names something: after a title noun, or a capitalised name after a noun."""
    if not span.opened:
        return False
    before = span.first - 1
    if before < 0:
        return False
    previous = tv.lower[before]
    first, _ = span.inner
    if previous.split("-")[-1] in TITLE_NOUNS or previous.endswith(tuple(TITLE_NOUNS)):
        return True
    return not span.long and tv.tags[before] in {"NN", "NE"} and first < len(tv) and tv.words[first][:1].isupper()


def is_name(tv: Tokens, span: QuoteSpan) -> bool:
    """A short quotation whose words are all capitalised is a name or a term ("„Hamish“", "„Graf
    Zeppelin“", "„Realo“"), not someone's words: statements quoted in part almost always hold a
    lower-case word."""
    if span.long:
        return False
    first, end = span.inner
    words = [tv.words[i] for i in range(first, end) if tv.words[i][:1].isalpha()]
    return bool(words) and all(word[:1].isupper() for word in words)


def quote_index(tv: Tokens, spans: list[QuoteSpan]) -> list[QuoteSpan | None]:
    """For every token, the outermost long quote covering it (None outside)."""
    covering: list[QuoteSpan | None] = [None] * len(tv)
    for span in spans:
        if span.depth == 0 and span.long:
            for index in range(span.first, span.end):
                if covering[index] is None:
                    covering[index] = span
    return covering
