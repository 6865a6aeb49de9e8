"""Sentence -> clauses -> trigger words: the shallow syntax the event rules work on.

The tagger gives STTS tags and lemmas, no parse.  German clauses are mostly
delimited by commas, and the clause type shows in its first word (``KOUS``
"dass", ``PRELS`` "die") or in a ``zu``-infinitive, which is enough to find the
subject of a clause, separable particles ("kündigte ... an") and control
("vereinbarten, ... zu gründen").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from lagebild.model import Article, Token

from .lexicon import (
    LIGHT_VERB_OBJECTS,
    MULTIWORD_ONLY,
    MULTIWORD_TRIGGERS,
    NOUN_EXCLUDED,
    NOUN_TRIGGERS,
    VERB_TRIGGERS,
)

ClauseKind = Literal["main", "sub", "rel", "inf"]

# Longest first, so that "waffenstillstand" wins over a shorter key that is its suffix.
_NOUN_KEYS = sorted(NOUN_TRIGGERS, key=len, reverse=True)
_MIN_COMPOUND_MODIFIER = 3  # "Gipfeltreffen" yes; a two-letter "modifier" is a different word


@dataclass(slots=True)
class Word:
    """A token with its text and position in the sentence."""

    index: int  # index within the sentence
    token: Token
    text: str

    @property
    def pos(self) -> str:
        return self.token.pos or ""

    @property
    def lemma(self) -> str:
        return (self.token.lemma or self.text).lower()

    @property
    def start(self) -> int:
        return self.token.start

    @property
    def end(self) -> int:
        return self.token.end


@dataclass(slots=True)
class Clause:
    words: list[Word]
    kind: ClauseKind
    index: int  # index within the sentence

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def end(self) -> int:
        return self.words[-1].end

    def lemmas(self) -> set[str]:
        return {w.lemma for w in self.words}

    def has_finite_verb(self) -> bool:
        return any(w.pos.endswith("FIN") for w in self.words)


@dataclass(slots=True)
class Trigger:
    type: str
    words: list[Word]  # the trigger word, plus a separated particle or multiword part
    clause: Clause
    nominal: bool
    in_force: bool = False  # "in Kraft treten": the clause dates an agreement
    lemma: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def head(self) -> Word:
        return self.words[0]

    @property
    def start(self) -> int:
        return min(w.start for w in self.words)

    @property
    def end(self) -> int:
        return max(w.end for w in self.words)


def sentence_words(article: Article, sentence: int) -> list[Word]:
    """The words of sentence number ``sentence`` (from the article's token view)."""
    view = article.token_view()
    return [Word(i, t, w) for i, (t, w) in enumerate(zip(view.sentence_tokens(sentence), view.words(sentence),
                                                            strict=True))]


def split_clauses(words: list[Word]) -> list[Clause]:
    """Cut at commas, brackets, dashes, colons and semicolons; type each piece."""
    pieces: list[list[Word]] = [[]]
    for word in words:
        if word.pos in ("$,", "$(") or (word.pos == "$." and word.text in ":;"):
            if pieces[-1]:
                pieces.append([])
            continue
        if word.pos == "$.":
            continue
        pieces[-1].append(word)
    clauses: list[Clause] = []
    for piece in pieces:
        if not piece:
            continue
        first = piece[0]
        kind: ClauseKind = "main"
        if first.pos == "KOUS" or (first.pos == "KON" and len(piece) > 1 and piece[1].pos == "KOUS"):
            kind = "sub"
        elif first.pos in ("PRELS", "PRELAT") or (first.pos == "APPR" and len(piece) > 1
                                                   and piece[1].pos in ("PRELS", "PRELAT")):
            kind = "rel"
        elif not any(w.pos.endswith("FIN") for w in piece) and any(
            w.pos == "VVIZU" or w.pos == "PTKZU" for w in piece
        ):
            kind = "inf"
        clauses.append(Clause(piece, kind, len(clauses)))
    return clauses


def _noun_type(lemma: str) -> str | None:
    if lemma in NOUN_EXCLUDED:
        return None
    for key in _NOUN_KEYS:
        if lemma == key:
            return NOUN_TRIGGERS[key]
        if lemma.endswith(key) and len(lemma) - len(key) >= _MIN_COMPOUND_MODIFIER:
            modifier = lemma[: -len(key)].rstrip("-")
            if modifier and lemma not in NOUN_EXCLUDED:
                return NOUN_TRIGGERS[key]
    return None


def _particle(clause: Clause, verb: Word) -> Word | None:
    """The separated particle of a finite verb: the last PTKVZ after it in the clause."""
    if not verb.pos.endswith("FIN"):
        return None
    particles = [w for w in clause.words if w.index > verb.index and w.pos == "PTKVZ"]
    return particles[-1] if particles else None


def find_triggers(clause: Clause) -> list[Trigger]:
    found: list[Trigger] = []
    lemmas = clause.lemmas()
    for word in clause.words:
        if word.pos.startswith("VV"):
            particle = _particle(clause, word)
            lemma = (particle.lemma if particle else "") + word.lemma
            words = [word, particle] if particle else [word]
            multi = next(((part, verb) for (part, verb) in MULTIWORD_TRIGGERS
                          if verb == lemma and part in lemmas), None)
            if multi is not None:
                part_word = next(w for w in clause.words if w.lemma == multi[0])
                found.append(Trigger(MULTIWORD_TRIGGERS[multi], [word, part_word], clause, False,
                                     in_force=multi == ("kraft", "treten"), lemma=lemma))
                continue
            event_type = VERB_TRIGGERS.get(lemma)
            if event_type is None or lemma in MULTIWORD_ONLY:
                continue
            if lemma == "treffen" and lemmas & LIGHT_VERB_OBJECTS:
                continue  # "eine Entscheidung treffen": the noun is the event
            if lemma == "unterhalten" and "sich" not in lemmas:
                continue  # "unterhalten" = maintain, entertain; "sich unterhalten" = talk
            found.append(Trigger(event_type, words, clause, False, lemma=lemma))
        elif word.pos == "NN":
            noun_type = _noun_type(word.lemma)
            if noun_type is not None:
                found.append(Trigger(noun_type, [word], clause, True, lemma=word.lemma))
    return found
