"""Mood of finite German verbs: indicative, Konjunktiv I / II, imperative.

Konjunktiv I ("er sei", "es gebe", "man wolle") is the grammatical marker of
reported speech in German news, Konjunktiv II ("hätte", "würde", "käme") marks
hypotheticals and stands in for Konjunktiv I where that would look indicative.

The rules work on the word form, its lemma and HanTa's morpheme segmentation
(present stem vs. variant/past stem + finite suffix), plus the subject pronoun
"ich", because "ich habe / werde / gehe" is indicative while "er habe / werde /
gehe" is Konjunktiv I.  Forms that are formally identical in both moods (plural
"haben", weak past "sagte", "sollte") are indicative by default, which is what
UD German-GSD mostly annotates, and become Konjunktiv II only from sentence
context: an unreal conditional or comparison around a weak past ("wenn sie mehr
verdienten, würden ..."), and "sollte" as advice in a clause that is not past
narrative ("Die SPD sollte also klare Bedingungen stellen").
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice
from typing import Literal

from ..lang.de import DOUBLE_QUOTES, LATEX_QUOTES
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
_MIXED_VERBS = ("bringen", "denken", "wissen", "kennen", "nennen", "rennen", "brennen", "senden", "wenden")

_SUBORDINATOR_TAGS = frozenset({"KOUS", "KOUI", "PRELS", "PRELAT", "PWS", "PWAV", "PWAT"})
_CLAUSE_BREAK_TAGS = _SUBORDINATOR_TAGS | {"$.", "$,"}
_CONDITIONAL = frozenset({"wenn", "falls", "sofern"})
_PARTICIPLE_TAGS = frozenset({"VVPP", "VAPP", "VMPP"})
# Preterite of the auxiliaries; "hätte/wäre/würde" are in _KONJ2_FORMS.
_PAST_AUX = _paradigm(("war",), ("", "st", "en", "t")) | _paradigm(("wurd", "hatt"), ("e", "est", "en", "et"))
# "sollte" is the past indicative ("was to") and the Konjunktiv II ("should").
_SOLLTE = frozenset({"sollte", "solltest", "sollten", "solltet"})
# Words that make "sollte" a recommendation even without a tense cue: the generic
# or addressed subject ("man sollte", "du solltest") and advice adverbs; "also"
# draws the speaker's conclusion ("Die SPD sollte also ..."), which is argument,
# not narration.
_ADVICE_WORDS = frozenset(
    {"man", "du", "ihr", "lieber", "besser", "eher", "unbedingt", "dringend", "vielleicht", "also"}
)
# Adverbs of the speaker's now: the clause is not past narrative.
_NOW_WORDS = frozenset({"jetzt", "nun", "künftig", "zukünftig"})
# Direct-speech marks: a quote's tense is the speaker's, not the narrator's.
_QUOTE_MARKS = DOUBLE_QUOTES | LATEX_QUOTES
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
        if _capitalised_inside(i, words, tags) and lower[i] not in _RESCUED_FORMS:
            # German capitalises nouns, not verbs: a capitalised "finite verb"
            # inside the sentence is a noun or name HanTa misread ("auf Links und
            # Anhänge", "Regie von Lasse Hallström").
            moods.append(None)
        elif tag in _IMPERATIVE and not _has_adjacent_subject(i, lower, tags):
            moods.append("imp")
        elif tag in _FINITE or tag in _IMPERATIVE or _mistagged_subjunctive(i, words, lower, tags):
            # An "imperative" next to a subject is HanTa misreading a finite verb:
            # a colloquial short form ("ich freu mich", "brauch ich nicht") or a
            # Konjunktiv I after a noun ("die Regierung plane").
            moods.append(_finite_mood(i, words, lower, tags, lemmas[i].lower()))
        else:
            moods.append(None)
    _advisory_sollte(moods, words, lower, tags, lemmas)
    _irrealis_weak_past(moods, lower, tags, lemmas)
    return moods


def _capitalised_inside(i: int, words: list[str], tags: list[str]) -> bool:
    """Capitalised word that does not open the sentence, a quote or a colon's clause."""
    if not words[i][:1].isupper() or words[i].isupper() or _starts_sentence(i, tags):
        return False
    return not (tags[i - 1] == "$(" or words[i - 1] in (":", ".", "!", "?"))


def _mistagged_subjunctive(i: int, words: list[str], lower: list[str], tags: list[str]) -> bool:
    """Unambiguous Konjunktiv forms ("wäre", "könne", "hätten") that HanTa tagged as
    something else (infinitive, adjective, noun); a capitalised one inside the
    sentence is a real noun ("die Würde", "seine Habe")."""
    if lower[i] not in _RESCUED_FORMS:
        return False
    return not (words[i][:1].isupper() and not _starts_sentence(i, tags))


def _clause_start(i: int, lower: list[str], tags: list[str], stop_at_conj: bool = False) -> int:
    """Index of the clause break or subordinator that opens the clause of ``i`` (-1: none)."""
    j = i - 1
    while j >= 0 and tags[j] not in _CLAUSE_BREAK_TAGS and not (stop_at_conj and lower[j] in ("und", "oder")):
        j -= 1
    return j


def _advisory_sollte(
    moods: list[Mood | None], words: list[str], lower: list[str], tags: list[str], lemmas: list[str]
) -> None:
    """"sollte" is past indicative in narration ("Die Demonstration sollte für ...
    werben", "eine Reform, die zehn Jahre dauern sollte") and Konjunktiv II as
    advice or hypothesis ("Man sollte reservieren", "falls es regnen sollte").
    Konjunktiv II when
      * its clause is a conditional (wenn/falls/sofern ... sollte), or
      * it is the finite verb of a main clause and the sentence (the quote, for
        a verb inside direct speech) is not past narrative: some other finite verb
        is present tense or Konjunktiv and none is preterite, or no verb tells
        the tense and the clause has an advice word (man, lieber, also ...), a
        polite "Sie" or a "now" adverb (jetzt, künftig).
    Verb-final "sollte" in dass- and relative clauses mostly reports a plan or an
    order from the matrix clause's point of view, which GSD reads as indicative,
    so we leave it there."""
    for i, mood in enumerate(moods):
        if mood != "ind" or lower[i] not in _SOLLTE:
            continue
        j = _clause_start(i, lower, tags)
        if j >= 0 and tags[j] in _SUBORDINATOR_TAGS:
            if lower[j] in _CONDITIONAL:
                moods[i] = "konj2"
            continue
        past, present = _tense_evidence(i, moods, lower, tags, lemmas)
        if past:
            continue
        end = i + 1
        while end < len(tags) and tags[end] not in _CLAUSE_BREAK_TAGS:
            end += 1
        clause = range(j + 1, end)
        # polite "Sie" is capitalised where "sie" (they) would not be
        polite = any(words[k] == "Sie" and _capitalised_inside(k, words, tags) for k in clause)
        if present or polite or any(lower[k] in _ADVICE_WORDS or lower[k] in _NOW_WORDS for k in clause):
            moods[i] = "konj2"


def _tense_evidence(i: int, moods: list[Mood | None], lower: list[str], tags: list[str],
                    lemmas: list[str]) -> tuple[bool, bool]:
    """(is there a preterite, is there a present/Konjunktiv) among the other finite
    verbs that share the quote status of ``i``.  Ambiguous forms (other "sollte")
    and perfect auxiliaries ("hat ... gekauft": present form, past meaning) say
    nothing."""
    inside = _inside_quotes(lower)
    past = present = False
    for k, mood in enumerate(moods):
        if k == i or lower[k] in _SOLLTE or inside[k] != inside[i]:
            continue
        if mood is None:
            present = present or _finite_infinitive(k, moods, tags)
        elif mood != "ind":
            present = True
        elif _is_preterite(k, lower, tags, lemmas[k].lower()):
            past = True
        elif not (lemmas[k].lower() in ("haben", "sein") and any(t in _PARTICIPLE_TAGS for t in tags)):
            present = True
    return past, present


def _finite_infinitive(k: int, moods: list[Mood | None], tags: list[str]) -> bool:
    """A verb-final subordinate clause needs a finite verb; if its last verb is
    tagged infinitive and it has no other, that is the 3rd plural present, which
    looks the same ("..., die durch verdreckte Wohnungen fegen.")."""
    if tags[k] not in ("VVINF", "VAINF", "VMINF") or (k + 1 < len(tags) and tags[k + 1] not in ("$,", "$.")):
        return False
    j = k - 1
    while j >= 0 and tags[j] not in _CLAUSE_BREAK_TAGS:
        if moods[j] is not None or tags[j] == "PTKZU":
            return False
        j -= 1
    return j >= 0 and tags[j] in _SUBORDINATOR_TAGS and tags[j] != "KOUI"


def _inside_quotes(lower: list[str]) -> list[bool]:
    """Which tokens are inside direct speech; all False if the marks do not pair up."""
    inside, state = [], False
    for w in lower:
        if w in _QUOTE_MARKS:
            state = not state
        inside.append(state)
    return [False] * len(lower) if state else inside


def _is_preterite(k: int, lower: list[str], tags: list[str], lemma: str) -> bool:
    w = lower[k]
    if tags[k] == "VAFIN" or lemma in ("sein", "haben", "werden"):
        return w in _PAST_AUX
    if tags[k] == "VMFIN":
        return w.endswith(("te", "ten", "test", "tet"))  # konnte, wollten; "möchte" is konj2
    stem, stem_tag, suffix = _segment(w, "VVFIN")
    if not stem_tag.endswith("_VAR"):
        return suffix.startswith(("te", "ete"))  # sagte, arbeiteten
    # A changed stem is past (ging, fanden, brachte) unless it is the present
    # e>i / umlaut of the 2nd/3rd singular (gibt, nimmt, läuft, hält).
    return suffix not in ("t", "st") and not (suffix == "" and _vowel_shape(stem) == _vowel_shape(_present_stem(lemma)))


def _vowel_shape(stem: str) -> str:
    for a, b in (("ä", "a"), ("ö", "o"), ("ü", "u"), ("ie", "e"), ("i", "e")):
        stem = stem.replace(a, b)
    return stem


def _irrealis_weak_past(moods: list[Mood | None], lower: list[str], tags: list[str], lemmas: list[str]) -> None:
    """Weak verbs have no distinct Konjunktiv II ("sagten" = past indicative).  It
    is still Konjunktiv II where the syntax is unreal:
      * an unreal comparison: "als ob / als wenn / wie wenn ...", or "als" with
        the verb right after it ("..., als fehlte ihm etwas");
      * an unreal conditional, when the sentence has an unambiguous Konjunktiv II
        (a real past "wenn" = "whenever" has none): the wenn/falls clause itself,
        or the main clause right after a fronted conditional clause ("Wenn ich
        Geld hätte, kaufte ich ...", "Hätte ich Zeit, besuchte ich ...");
      * coordination with a clause whose finite verb is a Konjunktiv II modal or
        "würde", or "hätte/wäre" as a full verb: "sie könnten ... und hörten".
    Words like "lieber", "gern", "fast" do not count: "wir kauften lieber ..."
    and "fast verpassten wir den Zug" are plain past; the irrealis there needs
    "hätte"."""
    has_konj2 = "konj2" in moods
    for i, mood in enumerate(moods):
        if mood != "ind" or tags[i] != "VVFIN" or not _is_weak_past(lower[i], lemmas[i].lower()):
            continue
        j = _clause_start(i, lower, tags, stop_at_conj=True)
        opener = lower[j] if j >= 0 else ""
        # unreal comparison ("als ob", "als wenn", "wie wenn", ", als fehlte")
        # needs no other Konjunktiv; a conditional does ("wenn" = "whenever")
        comparison = (opener in ("ob", "wenn") and j > 0 and lower[j - 1] in ("als", "wie")) or (
            lower[max(0, i - 2):i] == [",", "als"]
        )
        conditional = opener in _CONDITIONAL or _after_unreal_condition(i, moods, lower, tags)
        coordinated = opener in ("und", "oder") and _conjunct_is_konj2(j, moods, lower, tags)
        if comparison or (has_konj2 and (conditional or coordinated)):
            moods[i] = "konj2"


def _after_unreal_condition(i: int, moods: list[Mood | None], lower: list[str], tags: list[str]) -> bool:
    """Is ``i`` the verb-first main clause after a sentence-initial unreal condition,
    "Wenn ich Geld hätte, kaufte ich ..." / "Hätte ich Zeit, besuchte ich ..."?
    The condition must open the sentence: after a conditional in the middle,
    ", sagte ein Beamter" is the inverted reporting clause, not a consequent."""
    j = i - 1
    if j >= 0 and lower[j] in ("dann", "so"):
        j -= 1
    if j < 1 or lower[j] != ",":
        return False
    first = 0
    while first < j and tags[first] in _QUOTE_TAGS:
        first += 1
    k = _clause_start(j, lower, tags)
    if k == first and lower[k] in _CONDITIONAL:
        return "konj2" in moods[k:j]
    return k < 0 and moods[first] == "konj2"  # verb-first condition


def _conjunct_is_konj2(j: int, moods: list[Mood | None], lower: list[str], tags: list[str]) -> bool:
    """Does the conjunct before "und/oder" at ``j`` have a Konjunktiv II modal,
    "würde", or "hätte/wäre" without a participle (a full verb, not a perfect)?"""
    start = _clause_start(j, lower, tags)
    for k in range(j - 1, start, -1):
        if moods[k] == "konj2":
            if tags[k] == "VMFIN" or lower[k].startswith("würd"):
                return True
            # "sie hätten fast verloren und feierten dann doch" is a perfect
            # irrealis followed by a real past
            return not any(t in _PARTICIPLE_TAGS for t in tags[start + 1:j])
        if moods[k] is not None:
            return False  # the previous conjunct has its own non-Konjunktiv verb
    return False


def _is_weak_past(word: str, lemma: str) -> bool:
    _, stem_tag, suffix = _segment(word, "VVFIN")
    return not stem_tag.endswith("_VAR") and suffix.startswith(("te", "ete")) and not _is_mixed(lemma)


def _is_mixed(lemma: str) -> bool:
    # with prefixes (verbringen, erkennen, anwenden); "trennen" is not "rennen"
    return lemma.endswith(_MIXED_VERBS) and not lemma.endswith("trennen")


def _has_adjacent_subject(i: int, lower: list[str], tags: list[str]) -> bool:
    if i > 0 and tags[i - 1] in ("NN", "NE"):
        return True  # imperatives open their clause; a noun right before is a subject
    neighbours = lower[max(0, i - 1):i] + lower[i + 1:i + 2]
    return any(n in ("ich", "er", "es", "man", "wir") for n in neighbours)


def _starts_sentence(i: int, tags: list[str]) -> bool:
    # islice, not tags[:i]: the slice alone would cost O(i) per verb, O(n²) on a run-on "sentence".
    return all(t in _QUOTE_TAGS for t in islice(tags, i))


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
        if suffix == "en" or _is_mixed(lemma) or (suffix != "e" and _inserts_e(stem)):
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


_CLAUSE_SCAN = 40


def _first_person(i: int, lower: list[str], tags: list[str]) -> bool:
    """Is the subject of the verb at ``i`` "ich" (explicit or dropped)?

    We look for "ich" in the verb's clause: leftwards up to a clause boundary
    (comma, subordinator, relative/wh-word; *not* "und", so that "ich bin müde
    und habe Hunger" finds it) and rightwards up to the next boundary or "und".
    A verb opening a declarative sentence without any pronoun after it is the
    dropped-subject first person of informal text ("Habe die Ware erhalten.").
    """
    # Clauses are short; the scans stop after _CLAUSE_SCAN tokens so that a run-on "sentence" of
    # thousands of tokens (scraped markup, lists) stays linear.
    j = i - 1
    while j >= max(0, i - _CLAUSE_SCAN) and tags[j] not in _CLAUSE_BREAK_TAGS:
        if lower[j] == "ich":
            return True
        if lower[j] in ("er", "sie", "es", "man") and tags[j] in ("PPER", "PIS"):
            return False  # a 3rd person subject is closer than any "ich"
        j -= 1
    k = i + 1
    while k < min(len(lower), i + _CLAUSE_SCAN) and tags[k] not in _CLAUSE_BREAK_TAGS and tags[k] != "KON":
        if lower[k] == "ich":
            return True
        k += 1
    if _starts_sentence(i, tags) and i + 1 < len(lower):
        nxt = lower[i + 1]
        return not _is_question(lower) and nxt not in _SUBJECT_PRONOUNS
    return False
