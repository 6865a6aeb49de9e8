"""Mood of finite German verbs: indicative, Konjunktiv I / II, imperative.

Konjunktiv I ("er sei", "es gebe", "man wolle") is the grammatical marker of
reported speech in German news, Konjunktiv II ("hätte", "würde", "käme") marks
hypotheticals and stands in for Konjunktiv I where that would look indicative.

The rules work on the word form, its lemma and HanTa's morpheme segmentation
(present stem vs. variant/past stem + finite suffix), plus one piece of
context: the subject pronoun "ich", because "ich habe / werde / gehe" is
indicative while "er habe / werde / gehe" is Konjunktiv I.  Forms that are
formally identical in both moods (plural "haben", weak past "sagte") are
indicative, which is also what UD German-GSD annotates for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from .tagger import morphemes

__all__ = ["Mood", "verb_moods"]

Mood = Literal["ind", "konj1", "konj2", "imp"]

_FINITE = frozenset({"VVFIN", "VAFIN", "VMFIN"})
_IMPERATIVE = frozenset({"VVIMP", "VAIMP", "VMIMP"})


def _paradigm(stems: Sequence[str], endings: Sequence[str]) -> frozenset[str]:
    return frozenset(s + e for s in stems for e in endings)


# Forms that are Konjunktiv II whoever the subject is.  The modal + "wissen"
# umlaut forms are never past indicative (that is "konnte", "durfte", "wusste").
# "möchte" counts as Konjunktiv II as in GSD (Mood=Sub|Tense=Past).
_KONJ2_FORMS = _paradigm(
    ("hätt", "würd", "könnt", "dürft", "müsst", "müßt", "möcht", "wüsst", "wüßt", "bräucht"),
    ("e", "est", "en", "et"),
) | _paradigm(("wär",), ("e", "est", "st", "en", "et", "t"))

# Konjunktiv I that no subject can make indicative: the 1sg indicative of
# modals and "wissen" is "kann/darf/muss/mag/will/soll/weiß", and "sein" has "bin".
_KONJ1_FORMS = _paradigm(
    ("könn", "dürf", "müss", "mög", "woll", "soll", "wiss"), ("e", "est")
) | frozenset({"sei", "seiest", "seist", "seien", "seiet", "habest", "habet", "werdest"})

# Present-stem + "e" is Konjunktiv I in the 3rd person, indicative after "ich".
_FIRST_PERSON_AMBIGUOUS = frozenset({"habe", "werde"})

# Mixed verbs form a weak past on a changed stem ("brachte"); only the umlauted
# variant ("brächte") is Konjunktiv II.
_MIXED_VERBS = frozenset(
    {"bringen", "denken", "wissen", "kennen", "nennen", "rennen", "brennen", "senden", "wenden"}
)

_CLAUSE_BREAK_TAGS = frozenset({"$.", "$,", "KOUS", "KOUI", "PRELS", "PRELAT", "PWS", "PWAV", "PWAT"})
_QUOTE_TAGS = frozenset({"$("})
_DENTAL_STEM_ENDINGS = ("d", "t", "chn", "ckn", "dm", "ffn", "gn", "tm")
_UMLAUTS = "äöü"
# Nominative pronouns that would be the subject of a sentence-initial verb.
_SUBJECT_PRONOUNS = frozenset({"er", "sie", "es", "man", "du", "wir", "ihr"})


def verb_moods(words: list[str], tags: list[str], lemmas: list[str]) -> list[Mood | None]:
    """Mood of each token of one sentence; ``None`` for tokens that are not finite verbs.

    ``tags`` are STTS (as from :func:`lagebild.nlp.tagger.tag_words`).

    >>> verb_moods(["Er", "sagte", ",", "er", "sei", "krank"],
    ...            ["PPER", "VVFIN", "$,", "PPER", "VAFIN", "ADJD"],
    ...            ["er", "sagen", ",", "er", "sein", "krank"])
    [None, 'ind', None, None, 'konj1', None]
    """
    if not len(words) == len(tags) == len(lemmas):
        raise ValueError("words, tags and lemmas must have the same length")
    lower = [w.lower() for w in words]
    moods: list[Mood | None] = []
    for i, tag in enumerate(tags):
        if tag in _IMPERATIVE:
            moods.append("imp")
        elif tag in _FINITE:
            moods.append(_finite_mood(i, words, lower, tags, lemmas[i].lower()))
        else:
            moods.append(None)
    return moods


def _finite_mood(i: int, words: list[str], lower: list[str], tags: list[str], lemma: str) -> Mood:
    w = lower[i]
    if w in _KONJ2_FORMS:
        return "konj2"
    if w in _KONJ1_FORMS:
        return "konj1"
    if w in _FIRST_PERSON_AMBIGUOUS:
        return "ind" if _first_person(i, lower, tags) else "konj1"
    if lemma in ("sein", "haben", "werden") or tags[i] == "VMFIN":
        # closed paradigms: everything not listed above is indicative
        # ("ist", "hat", "wird", "sollte", "wollte", "kann")
        return "ind"
    return _open_class_mood(i, lower, tags, lemma)


def _open_class_mood(i: int, lower: list[str], tags: list[str], lemma: str) -> Mood:
    w = lower[i]
    stem, stem_tag, suffix = _segment(w, tags[i])
    present = _present_stem(lemma)
    variant = stem_tag.endswith("_VAR")
    if variant and present and stem.startswith(present[: max(1, len(present) - 2)]) and len(stem) < len(present):
        # elided stem of -eln/-ern verbs ("handl-e" for "handeln") is a present stem
        variant = False
    if variant and suffix in ("e", "est", "et", "en"):
        umlauted = any(c in stem and c not in lemma for c in _UMLAUTS)
        if umlauted:
            return "konj2"  # käme, gäbe, fänden, brächte, stünde
        if suffix == "en" or lemma in _MIXED_VERBS:
            return "ind"  # gingen, brachte: same as the past indicative
        return "konj2"  # ginge, hielte, bliebe: strong past stem + e
    if variant:
        return "ind"  # gibt, nimmt, ging, kam
    if suffix == "e":
        return "ind" if _first_person(i, lower, tags) else "konj1"
    if suffix in ("est", "et") and not stem.endswith(_DENTAL_STEM_ENDINGS):
        return "konj1"  # gehest, gehet (indicative: gehst, geht; but arbeitest, arbeitet)
    return "ind"


def _segment(word: str, tag: str) -> tuple[str, str, str]:
    """(stem, stem morph tag, finite suffix) of a finite verb, from HanTa."""
    morphs = morphemes(word, tag)
    suffix = ""
    if morphs and morphs[-1][1] == "SUF_FIN":
        suffix = morphs[-1][0]
        morphs = morphs[:-1]
    stems = [(m, t) for m, t in morphs if t.startswith(("VV", "VA", "VM"))]
    if stems:
        return stems[-1][0], stems[-1][1], suffix
    return _segment_by_form(word)


def _segment_by_form(word: str) -> tuple[str, str, str]:
    """Fallback when HanTa has no verb analysis: split a plain finite ending."""
    for ending in ("est", "et", "en", "st", "e", "t"):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return word[: -len(ending)], "VV", ending
    return word, "VV", ""


def _present_stem(lemma: str) -> str:
    if lemma.endswith("en"):
        return lemma[:-2]
    if lemma.endswith(("eln", "ern")):
        return lemma[:-1]
    return ""


def _first_person(i: int, lower: list[str], tags: list[str]) -> bool:
    """Is the subject of the verb at ``i`` "ich" (explicit or dropped)?

    We look for "ich" in the verb's clause: leftwards up to a clause boundary
    (comma, subordinator, relative/wh-word; *not* "und", so that "ich bin müde
    und habe Hunger" finds it) and rightwards up to the next boundary or "und".
    A verb opening a declarative sentence without any pronoun after it is the
    dropped-subject first person of informal text ("Habe die Ware erhalten.").
    """
    j = i - 1
    while j >= 0 and tags[j] not in _CLAUSE_BREAK_TAGS:
        if lower[j] == "ich":
            return True
        if lower[j] in ("er", "sie", "es", "man") and tags[j] in ("PPER", "PIS"):
            return False  # a 3rd person subject is closer than any "ich"
        j -= 1
    k = i + 1
    while k < len(lower) and tags[k] not in _CLAUSE_BREAK_TAGS and tags[k] != "KON":
        if lower[k] == "ich":
            return True
        k += 1
    starts_sentence = all(t in _QUOTE_TAGS for t in tags[:i])
    if starts_sentence and i + 1 < len(lower):
        nxt = lower[i + 1]
        is_question = lower[-1] == "?"
        return not is_question and nxt not in _SUBJECT_PRONOUNS
    return False
