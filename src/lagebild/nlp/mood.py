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

# Forms that are finite verbs even when HanTa tags them otherwise.
_RESCUED_FORMS = _KONJ1_FORMS | _KONJ2_FORMS | _FIRST_PERSON_AMBIGUOUS

# Mixed verbs form a weak past on a changed stem ("brachte"); only the umlauted
# variant ("brächte") is Konjunktiv II.
_MIXED_VERBS = frozenset(
    {"bringen", "denken", "wissen", "kennen", "nennen", "rennen", "brennen", "senden", "wenden"}
)

_CLAUSE_BREAK_TAGS = frozenset({"$.", "$,", "KOUS", "KOUI", "PRELS", "PRELAT", "PWS", "PWAV", "PWAT"})
_QUOTE_TAGS = frozenset({"$("})
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
        if tag in _IMPERATIVE and not _has_adjacent_subject(i, lower, tags):
            moods.append("imp")
        elif tag in _FINITE or tag in _IMPERATIVE or _mistagged_subjunctive(i, words, lower, tags):
            # An "imperative" next to a subject is HanTa misreading a finite verb:
            # a colloquial short form ("ich freu mich", "brauch ich nicht") or a
            # Konjunktiv I after a noun ("die Regierung plane").
            moods.append(_finite_mood(i, words, lower, tags, lemmas[i].lower()))
        else:
            moods.append(None)
    _irrealis_weak_past(moods, lower, tags, lemmas)
    return moods


def _mistagged_subjunctive(i: int, words: list[str], lower: list[str], tags: list[str]) -> bool:
    """Unambiguous Konjunktiv forms ("wäre", "könne", "hätten") that HanTa tagged as
    something else (infinitive, adjective, noun); a capitalised one inside the
    sentence is a real noun ("die Würde", "seine Habe")."""
    if lower[i] not in _RESCUED_FORMS:
        return False
    return not (words[i][:1].isupper() and not _starts_sentence(i, tags))


def _irrealis_weak_past(moods: list[Mood | None], lower: list[str], tags: list[str], lemmas: list[str]) -> None:
    """Weak verbs have no distinct Konjunktiv II ("sagten" = past indicative).  It
    is still Konjunktiv II inside an unreal conditional or in coordination with
    one: "wenn sie mehr verdienten, würden sie ...", "sie könnten ... und hörten".
    We upgrade a weak past form when the sentence has an unambiguous Konjunktiv II
    and the form's clause opens with wenn/falls/als ob, or is joined by und/oder to
    a clause whose finite verb is a Konjunktiv II modal or "würde"."""
    if "konj2" not in moods:
        return
    for i, mood in enumerate(moods):
        if mood != "ind" or tags[i] != "VVFIN" or not _is_weak_past(lower[i], lemmas[i].lower()):
            continue
        j = i - 1
        while j >= 0 and tags[j] not in _CLAUSE_BREAK_TAGS and lower[j] not in ("und", "oder"):
            j -= 1
        if j < 0:
            continue
        opener = lower[j]
        if opener in ("wenn", "falls", "sofern") or (opener == "ob" and j > 0 and lower[j - 1] == "als"):
            moods[i] = "konj2"
        elif opener in ("und", "oder"):
            k = j - 1  # the previous conjunct, up to its clause boundary
            while k >= 0 and tags[k] not in _CLAUSE_BREAK_TAGS:
                if moods[k] == "konj2" and (tags[k] == "VMFIN" or lower[k].startswith("würd")):
                    # only modal / würde: "sie hätten fast verloren und feierten
                    # dann doch" is a perfect irrealis followed by a real past
                    moods[i] = "konj2"
                    break
                if moods[k] is not None:
                    break  # the previous conjunct has its own non-Konjunktiv verb
                k -= 1


def _is_weak_past(word: str, lemma: str) -> bool:
    _, stem_tag, suffix = _segment(word, "VVFIN")
    return not stem_tag.endswith("_VAR") and suffix.startswith(("te", "ete")) and lemma not in _MIXED_VERBS


def _has_adjacent_subject(i: int, lower: list[str], tags: list[str]) -> bool:
    if i > 0 and tags[i - 1] in ("NN", "NE"):
        return True  # imperatives open their clause; a noun right before is a subject
    neighbours = lower[max(0, i - 1):i] + lower[i + 1:i + 2]
    return any(n in ("ich", "er", "es", "man", "wir") for n in neighbours)


def _starts_sentence(i: int, tags: list[str]) -> bool:
    return all(t in _QUOTE_TAGS for t in tags[:i])


def _is_question(lower: list[str]) -> bool:
    return "?" in lower[-2:]


def _finite_mood(i: int, words: list[str], lower: list[str], tags: list[str], lemma: str) -> Mood:
    w = lower[i]
    if (
        w.endswith("en") and i + 1 < len(words) and words[i + 1] == "Sie"
        and _starts_sentence(i, tags) and not _is_question(lower)
    ):
        return "imp"  # polite imperative: "Melden Sie sich an!", "Seien Sie vorsichtig!"
    if w in ("sollte", "sollten") and _starts_sentence(i, tags) and not _is_question(lower) and "," in lower:
        return "konj2"  # conditional verb-first clause: "Sollte es regnen, ..."
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
        if suffix == "en" or lemma in _MIXED_VERBS or (suffix != "e" and _inserts_e(stem)):
            return "ind"  # gingen, brachte, fandet: same as the past indicative
        return "konj2"  # ginge, hielte, bliebe, gingest: strong past stem + e
    if variant:
        return "ind"  # gibt, nimmt, ging, kam
    if suffix == "e":
        return "ind" if _first_person(i, lower, tags) else "konj1"
    if suffix == "est" and not _inserts_e(stem):
        return "konj1"  # du gehest (indicative: gehst; but arbeitest)
    # 2nd plural "ihr gehet" is too rare to outweigh participles that HanTa
    # mistags as finite ("... als Schritt bezeichnet").
    return "ind"


def _inserts_e(stem: str) -> bool:
    """Does the indicative put an -e- before -st/-t ("arbeitest", "rechnet", "ordnet")?"""
    if stem.endswith(("d", "t")):
        return True
    if stem.endswith(("chn", "ckn")):
        return True
    return len(stem) > 2 and stem[-1] in "mn" and stem[-2] not in "aeiouäöüylrhmn"  # wohnt, lernt


def _segment(word: str, tag: str) -> tuple[str, str, str]:
    """(stem, stem morph tag, finite suffix) of a finite verb, from HanTa."""
    # Always segment as finite: a verb that reaches here tagged VVIMP or VAINF was
    # mistagged, and the imperative analysis would hide the "-e" ending.
    morphs = morphemes(word, tag[:2] + "FIN" if tag[:2] in ("VV", "VA", "VM") else "VVFIN")
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
    if _starts_sentence(i, tags) and i + 1 < len(lower):
        nxt = lower[i + 1]
        return not _is_question(lower) and nxt not in _SUBJECT_PRONOUNS
    return False
