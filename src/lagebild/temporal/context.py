"""Sentence spans and verb tense around an expression.

The tense of the clause decides the direction of underspecified expressions: "am Sonntag" in
"Am Sonntag wurde gewählt" is the Sunday before the document date, in "Am Sonntag wird gewählt"
the one after.  With tokens from the ``tagger`` component the STTS tags are used; without them a
word-list heuristic over the clause does the same job a little less reliably.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum

from ..lang import de
from ..model import Token


class Tense(Enum):
    PAST = "past"
    PRESENT = "present"
    FUTURE = "future"


_PAST_WORDS = frozenset({
    "war", "waren", "warst", "wart", "wurde", "wurden", "wurdest", "hatte", "hatten", "hattest", "gewesen",
    "worden", "kam", "kamen", "ging", "gingen", "gab", "gaben", "fand", "fanden", "sprach", "starb", "stand",
    "standen", "lag", "lagen", "hielt", "hielten", "fiel", "fielen", "nahm", "nahmen", "traf", "trafen",
    "rief", "zog", "zogen", "blieb", "blieben", "schrieb", "wies", "bat", "begann", "begannen", "gewann",
    "verlor", "brach", "sah", "sahen", "trat", "traten", "fuhr", "flog", "floh", "hieß", "ließ", "ließen",
    "erschien", "entschied", "verstarb", "stieg", "sank", "wuchs", "schloss", "beschloss", "unterschrieb",
    "sagte", "sagten", "erklärte", "erklärten", "teilte", "kündigte", "warf", "lief", "brachte", "dachte",
    "wusste", "konnte", "konnten", "musste", "mussten", "sollte", "sollten", "wollte", "wollten", "durfte",
    "gestern", "vorgestern", "damals",
})  # fmt: skip
_PERFECT_AUX = frozenset({"hat", "haben", "hast", "habt", "ist", "sind", "bist", "seid", "habe", "sei", "seien"})
_FUTURE_WORDS = frozenset({
    "wird", "werden", "wirst", "werdet", "werde", "soll", "sollen", "will", "wollen", "plant", "planen",
    "morgen", "übermorgen", "voraussichtlich", "künftig", "demnächst", "geplant", "bevorstehenden", "bald",
})  # fmt: skip
_NOT_PARTICIPLES = frozenset({
    "gegen", "genau", "gestern", "gerade", "genug", "gemeinsam", "gesamt", "gesamten", "generell", "gering",
    "geringen", "gestanden", "gewesen", "gebiet", "gebieten", "gelten", "gehen", "geben", "genommen",
})  # fmt: skip
_PARTICIPLE = re.compile(r"^(?:[a-zäöü]{0,6}ge[a-zäöüß]{3,}(?:t|en)|"
                         r"(?:be|ver|er|ent|zer|emp|miss)[a-zäöüß]{2,}(?:t|en)|[a-zäöüß]{3,}iert)$")
#: Preterite stems of common strong and irregular verbs; with separable or inseparable prefixes they
#: recognise "betrat", "verlor", "einigten" needs no list (weak verbs end in -te).
_STRONG_PRETERITES = (
    "trat", "kam", "gab", "nahm", "fand", "sprach", "starb", "stand", "lag", "hielt", "fiel", "traf", "rief", "zog",
    "blieb", "schrieb", "wies", "bat", "gann", "wann", "brach", "sah", "fuhr", "flog", "floh", "hieß", "ließ",
    "schien", "schloss", "stieg", "sank", "wuchs", "lief", "warf", "half", "galt", "bot", "schlug", "trug", "las",
    "saß", "ging", "fing", "hing", "sang", "trank", "sprang", "zwang", "lor", "bog", "schob", "hob", "schwieg",
    "griff", "litt", "schnitt", "stritt", "glich", "wich", "riss", "biss", "goss", "schoss", "floss", "noss",
    "gaß", "aß", "maß", "tat", "wurde", "war", "hatte", "brachte", "dachte", "wusste", "kannte", "nannte",
    "rannte", "sandte", "wandte", "brannte", "durfte", "konnte", "musste", "sollte", "wollte", "mochte", "mied",
    "stahl", "sprang", "stieß", "wog", "log", "fror", "schwamm", "sprach", "verdarb", "warb", "wusch", "schuf",
)  # fmt: skip
_PREFIXES = ("be|ver|er|ent|zer|ge|ab|an|auf|aus|bei|ein|mit|nach|vor|zu|über|unter|um|wider|zurück|fest|fort|her|"
             "hin|los|weg|wieder|statt|teil|dar|heraus|hervor|voran|zusammen|durch|frei|bekannt")
_PRETERITE = re.compile(rf"^(?:{_PREFIXES})*(?:{'|'.join(_STRONG_PRETERITES)})(?:en|st|t|e|et)?$")


_DETERMINERS = frozenset({
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "im", "am", "zum",
    "zur", "vom", "beim", "ins", "dieser", "diese", "dieses", "diesen", "diesem", "jede", "jeder", "jeden", "sein",
    "seine", "seinen", "seinem", "seiner", "ihr", "ihre", "ihren", "ihrem", "ihrer", "unser", "unsere", "alle",
    "allen", "keine", "keinen", "viele", "vielen", "mehrere", "einige", "wenige", "beiden", "sehr", "so", "zu",
})  # fmt: skip
_MODALS = frozenset({"kann", "können", "soll", "sollen", "will", "wollen", "muss", "müssen", "darf", "dürfen",
                     "wird", "werden", "möchte", "möchten", "könne", "müsse", "solle", "werde", "wolle"})
_NOT_WEAK_PRETERITES = frozenset({"letzte", "letzten", "erste", "ersten", "beste", "besten", "meiste", "meisten",
                                  "nächste", "nächsten", "zweite", "zweiten", "dritte", "dritten", "vierte",
                                  "vierten", "fünfte", "fünften", "sechste", "sechsten", "siebte", "siebten", "achte",
                                  "achten", "neunte", "neunten", "zehnte", "zehnten", "bitte", "mitte", "weiten"})


def weak_preterite_at(words: Sequence[str], index: int) -> bool:
    """Without part-of-speech tags: a lower-case word in -te/-ten used as a verb ("lernte in", "richteten
    ihre"), not as an adjective ("die verletzte Hand", "letzte Woche")."""
    word = words[index]
    if not word[:1].islower() or not re.search(r"[^e]te[n]?$|ete[n]?$", word) or word in _NOT_WEAK_PRETERITES:
        return False
    if index > 0 and words[index - 1].lower() in _DETERMINERS:
        return False
    if index == len(words) - 1 or (word.endswith("ten") and _MODALS.intersection(w.lower() for w in words)):
        return False  # "... antreten.", "kann ... arbeiten": infinitives
    following = words[index + 1] if index + 1 < len(words) else ""
    return not following[:1].isupper() or following in ("Er", "Sie", "Es")


def is_preterite(word: str) -> bool:
    """Strong or irregular preterite ("betrat", "verlor", "kamen"); weak ones are checked by ending."""
    return _PRETERITE.match(word) is not None
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
_QUOTES = "".join(sorted(de.DOUBLE_QUOTES))
_CLOSING = "".join(sorted(de.DOUBLE_CLOSING))
_OPENING = "".join(sorted(de.GERMAN_TEXT_OPENING))
_CLAUSE_BREAK = re.compile(rf"[,;:–(){_QUOTES}]|\bund\b|\baber\b")
_SENTENCE_END = re.compile(
    rf"(?:(?<=[^\W\d_]{{2}}[.!?])|(?<=[){_CLOSING}][.!?])|(?<=[.!?][{_CLOSING}]))\s+(?=[{_OPENING}A-ZÄÖÜ\d])|\n{{2,}}")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans for plain strings (used when no ``sentences`` component ran).

    Splits after ``.!?`` only when two letters precede it, so ordinal dates ("9. Juli") and initials never
    end a sentence.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _has_future_word(lowered: Sequence[str]) -> bool:
    """A future auxiliary or adverb; "zu werden" (an infinitive: "hinderte ihn, Topscorer zu werden") is none."""
    return any(w in _FUTURE_WORDS and not (i > 0 and lowered[i - 1] == "zu") for i, w in enumerate(lowered))


def _tense_of_words(words: Sequence[str], tags: Sequence[str | None] | None) -> Tense | None:
    lowered = [w.lower() for w in words]
    if tags is not None and any(t is not None for t in tags):
        past = any(
            word in _PAST_WORDS or (tag in ("VVFIN", "VAFIN", "VMFIN") and (
                is_preterite(word) or re.search(r"(?:[^e]te|[^e]ten|test|ete|eten)$", word) is not None))
            for word, tag in zip(lowered, tags, strict=True)
        ) or (any(w in _PERFECT_AUX for w in lowered) and any(t == "VVPP" for t in tags))
        future = _has_future_word(lowered) and any(t in ("VVINF", "VAINF") for t in tags)
    else:
        past = any(w in _PAST_WORDS or (w[:1].islower() and is_preterite(w)) or weak_preterite_at(words, i)
                   for i, w in enumerate(words)) or (
            any(w in _PERFECT_AUX for w in lowered)
            and any(_PARTICIPLE.match(w) and w not in _NOT_PARTICIPLES for w in lowered)
        )
        future = _has_future_word(lowered)
    if past and not future:
        return Tense.PAST
    if future and not past:
        return Tense.FUTURE
    if past and future:
        return None  # mixed: let the wider context decide
    return Tense.PRESENT if words else None


def clause_tense(text: str, sentence: tuple[int, int], start: int, end: int,
                 tokens: Sequence[Token] | None = None, *, clause_only: bool = False) -> Tense:
    """Tense of the clause around ``start..end``, else of the whole sentence; present by default."""
    s_start, s_end = sentence
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, s_start, start)), default=s_start)
    right_match = _CLAUSE_BREAK.search(text, end, s_end)
    right = right_match.start() if right_match else s_end
    scopes = [(left, right)] if clause_only else [(left, right), (s_start, s_end)]
    for lo, hi in scopes:
        if tokens:
            inside = [t for t in tokens if lo <= t.start and t.end <= hi]
            words = [text[t.start:t.end] for t in inside]
            tense = _tense_of_words(words, [t.pos for t in inside])
        else:
            words = _WORD.findall(text, lo, hi)
            tense = _tense_of_words(words, None)
        if tense is not None and (tense is not Tense.PRESENT or (lo, hi) == scopes[-1]):
            return tense
    return Tense.PRESENT
