"""Context fixes for tags the tagger gets wrong in news text, applied in the tagger step.

HanTa tags one sentence at a time from word shapes and tag sequences; a few of its errors are
systematic around quotations and verb complexes.  The ``tagger`` component
(:func:`lagebild.components.make_tagger`) applies these fixes after tagging, so every later
component -- quotes, events, timex -- reads the same corrected ``Token.pos``/``lemma``/``mood``:

* **Names read as imperatives.**  A capitalised word tagged ``VVIMP`` is a name ("Henk Jaap
  Meijer", "Johanna Moser") unless it opens a sentence, a quotation, a bracket or a colon's clause
  and no capitalised word follows ("„Stoppt den …“", "Sehen Sie …"): news text has almost no
  imperatives outside quotations.  -> ``NE``, the word as lemma, no mood.
* **Verbs after a quotation.**  A lower-case word right after a closing mark that follows sentence
  punctuation ("„… etabliert.“ erklärte die Ministerin") is the verb of a trailing frame; seeing no
  comma, the tagger may read it as an adjective.  Only verbs of saying, writing and thinking
  (:data:`lagebild.lang.de.REPORTING_VERB_LEMMAS`) are retagged, their lemma guessed from the weak
  past or present ending.  -> ``VVFIN``, indicative.
* **Participles read as finite verbs.**  A verb of saying ending in -t, tagged ``VVFIN`` after a
  perfect or passive auxiliary of its own clause with no conjunction, finite verb or subordinator
  between ("hatte das Komitee betont", "wird … mit den Worten zitiert").  -> ``VVPP``, no mood.
  Clauses are cut at commas, colons, semicolons and dashes, as the quote rules cut them.

The fixes run in that order, left to right, each seeing the ones before.  Moods of other tokens are
the tagger's (computed before the fixes), so the fixes change only the tokens they name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from lagebild.lang.de import (
    CLAUSE_BREAKS,
    DOUBLE_CLOSING,
    GERMAN_TEXT_OPENING,
    REPORTING_VERB_LEMMAS,
    SENTENCE_END,
)

if TYPE_CHECKING:
    from lagebild.model import Token

    from .tokenview import TokenView

__all__ = ["clause_ranges", "retag"]

# A capitalised word after one of these opens a sentence, a quotation, a bracket or a colon's clause.
_OPENING_CONTEXT = SENTENCE_END | GERMAN_TEXT_OPENING | frozenset({"(", ":"})
_POLITE_PRONOUNS = frozenset({"Sie", "Ihr"})  # "Sehen Sie": an imperative after all
# Weak past and present endings -> infinitive ending, to guess the lemma of a mistagged verb.
_VERB_ENDINGS = (("ten", "en"), ("te", "en"), ("t", "en"), ("en", "en"))
_STOP_TAGS = frozenset({"KON", "VVFIN", "VMFIN", "PRELS", "KOUS"})  # a participle's clause ends at these
_PERFECT_AUXILIARIES = frozenset({"haben", "sein", "werden"})


def retag(view: TokenView) -> list[int]:
    """Apply the fixes to ``view.tokens`` in place; the indices of the tokens changed, in order."""
    tokens = view.tokens
    words = view.all_words
    changed = _names_from_imperatives(tokens, words)
    changed += _verbs_after_quotations(tokens, words)
    changed += _participles(view, words)
    return sorted(changed)


def clause_ranges(words: list[str], glued: list[bool], first: int, end: int) -> list[tuple[int, int]]:
    """Token ranges of the clauses of ``first .. end``, cut at :data:`lagebild.lang.de.CLAUSE_BREAKS` (the separators
    belong to no clause; empty ranges are left out).  ``glued[i]``: token ``i`` touches the one before."""
    result: list[tuple[int, int]] = []
    start = first
    for index in range(first, end):
        word = words[index]
        if word in CLAUSE_BREAKS and not (word in "-–" and glued[index]):
            result.append((start, index))
            start = index + 1
    result.append((start, end))
    return [(a, b) for a, b in result if b > a]


def _names_from_imperatives(tokens: Sequence[Token], words: list[str]) -> list[int]:
    changed: list[int] = []
    count = len(tokens)
    for index, token in enumerate(tokens):
        if token.pos != "VVIMP" or not words[index][:1].isupper():
            continue
        previous = words[index - 1] if index else "."
        following = words[index + 1] if index + 1 < count else ""
        if previous not in _OPENING_CONTEXT or (following[:1].isupper() and following not in _POLITE_PRONOUNS):
            token.pos, token.lemma, token.mood = "NE", words[index], None
            changed.append(index)
    return changed


def _verbs_after_quotations(tokens: Sequence[Token], words: list[str]) -> list[int]:
    changed: list[int] = []
    for index in range(2, len(tokens)):
        token, word = tokens[index], words[index]
        if (token.pos or "").startswith("V") or not word[:1].islower() or words[index - 1] not in DOUBLE_CLOSING:
            continue
        if words[index - 2] not in SENTENCE_END:
            continue
        for ending, replacement in _VERB_ENDINGS:
            lemma = word[: -len(ending)] + replacement if word.endswith(ending) else ""
            if lemma in REPORTING_VERB_LEMMAS:
                token.pos, token.lemma, token.mood = "VVFIN", lemma, "ind"
                changed.append(index)
                break
    return changed


def _participles(view: TokenView, words: list[str]) -> list[int]:
    tokens = view.tokens
    tags = [t.pos or "" for t in tokens]
    lemmas = [(t.lemma or w).lower() for t, w in zip(tokens, words, strict=True)]
    glued = [index > 0 and tokens[index - 1].end == t.start for index, t in enumerate(tokens)]
    changed: list[int] = []
    for first, end in view.cover:
        for clause_first, clause_end in clause_ranges(words, glued, first, end):
            for index in range(clause_first, clause_end):
                if tags[index] != "VVFIN" or lemmas[index] not in REPORTING_VERB_LEMMAS:
                    continue
                if _participle_mistagged(words, tags, lemmas, index, clause_first, clause_end):
                    tags[index] = "VVPP"
                    tokens[index].pos, tokens[index].mood = "VVPP", None
                    changed.append(index)
    return changed


def _participle_mistagged(words: list[str], tags: list[str], lemmas: list[str], index: int, first: int,
                          end: int) -> bool:
    """A finite-tagged verb ending in -t after a perfect or passive auxiliary of its own clause
    (``first .. end``), with no conjunction between."""
    if not words[index].lower().endswith("t") or (index + 1 < end and tags[index + 1] in {"VAFIN", "VAPP"}):
        return False
    for j in range(index - 1, first - 1, -1):
        if tags[j] in _STOP_TAGS:
            return False
        if tags[j] == "VAFIN":
            return lemmas[j] in _PERFECT_AUXILIARIES
    return False
