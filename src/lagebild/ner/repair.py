"""Repairs applied to both NER models' tags: errors the models make systematically.

Measured on GermEval 2014 test with the held-out models (``evaluation/eval_ner.py``),
each rule removes more false positives than it costs:

* **split names** -- the models often start a new chunk inside one name ("New" B-LOC
  "York" B-LOC): the gold data has 14 such adjacent same-type chunks, the earlier
  (4-layer) accurate model predicted 125.  Two capitalised words tagged ``B-X B-X`` become
  one chunk.
* **place adjectives** -- "Hamburger Hafen", "Kölner Dom", "europäischen": GermEval
  annotates these as ``LOCderiv`` (not a mention); the models tag them LOC or ORG.
  A single word is dropped when it is a lower-case "-isch" adjective or "-er" added
  to a place in the gazetteer (population >= 20,000).
* **classifier nouns** -- "die Nachrichtenagentur Interfax", "der Kanton Bern", "Papst
  Franziskus": the common noun before a name is not part of it (and alone it is
  not a name).
* **dangling articles** -- a name does not end in a lower-case article ("Sicherheitsrat der" |
  "Vereinten Nationen"): followed by a chunk of the same type the two are one name, else the
  article is cut off.
* **titles** -- "Bundesrat Ueli Maurer", "Bürgermeisterin Anna Schmidt": a common noun before a
  first name and surname is a title, not part of the person's name.
* **compounds** -- "SPD-Regierung", "US-Präsident", "Chrysler-Krise": a hyphen compound
  that ends in a common noun is a thing named after the name, not the name (GermEval:
  ``ORGpart``).  Its tag becomes the ``-part`` type, so the component still reports
  the name inside ("SPD").  Kept whole: compounds whose last word usually ends a
  name ("Goethe-Institut", "Ostsee-Zeitung") and places in the gazetteer
  ("Baden-Baden").  Whether the last word is a common noun is HanTa's call.

Together (GermEval test, held-out models, see MODEL_CARD.md): accurate F1 0.764 -> 0.783, fast 0.652 -> 0.672;
on data the rules were not written from about 60 % of that (``training/ner/crosscheck_repairs.py``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..nlp.tagger import Analysis, analyze_words
from .tags import MENTION_LABELS, spans_from_tags

_ADJECTIVE = re.compile(r"^[a-zäöü][a-zäöüß-]*isch(e|en|er|es|em)?$")
_MIN_POPULATION = 20_000
_ARTICLES = frozenset({"der", "die", "das", "des", "dem", "den", "von", "vom", "und"})
# Common nouns that name the kind of thing a name is ("Agentur", "Kanton") or a title ("Papst").
CLASSIFIER_NOUNS = frozenset({
    "agentur", "nachrichtenagentur", "presseagentur", "zeitung", "tageszeitung", "wochenzeitung", "sender",
    "fernsehsender", "radiosender", "magazin", "nachrichtenmagazin", "partei", "stadt", "gemeinde", "firma",
    "konzern", "unternehmen", "verein", "band", "gruppe", "organisation", "insel", "fluss", "dorf",
    "bundesland", "provinz", "region", "hauptstadt", "kanton", "landkreis", "bezirk", "papst", "präsident",
    "kanzler", "bundeskanzler", "minister", "könig", "kaiser", "fürst", "herzog", "graf", "bischof",
    "kardinal", "trainer", "sänger", "schauspieler", "autor", "regisseur",
})
# Last words of hyphen compounds that are names as a whole ("Goethe-Institut", "Firdaus-Platz").
NAME_HEADS = frozenset({
    "zeitung", "partei", "komitee", "center", "platz", "see", "tal", "museum", "institut", "universität",
    "stiftung", "stadion", "straße", "kirche", "dollar", "verlag",
})


@lru_cache(maxsize=4096)
def _analysis(word: str) -> Analysis:
    """HanTa's reading of a word on its own (cached: the rules ask about the same words again and again)."""
    return analyze_words([word])[0]


def is_common_noun(word: str) -> bool:
    """HanTa knows the word as a common noun ("Bundesrat", "Bürgermeisterin"), not a name."""
    analysis = _analysis(word)
    return analysis.tag == "NN" and analysis.known


@lru_cache(maxsize=4096)
def is_named_thing(word: str) -> bool:
    """"SPD-Regierung": a hyphen compound of a name and a common noun (a thing named after the name)."""
    head, hyphen, tail = word.partition("-")
    if not hyphen or "-" in tail or not head or len(tail) < 2 or not tail[0].isupper() or not tail[1:].islower():
        return False
    if not is_common_noun(tail):
        return False
    analysis = _analysis(tail)
    if any(morph in NAME_HEADS for morph, _tag in analysis.morphemes):
        return False
    from ..geo.gazetteer import load_default

    return word not in load_default()


@lru_cache(maxsize=4096)
def is_place_adjective(word: str) -> bool:
    """"Hamburger", "Münchner", "Bremer": "-er" on a place of the gazetteer (used before a noun)."""
    if len(word) < 5 or not word.endswith("er") or not word[0].isupper():
        return False
    stem = word[:-2]
    if len(stem) < 4:  # "Bayer" is a company, not "Bay" + er
        return False
    candidates = [stem, stem + "en"]
    if stem.endswith("n"):  # "Münchn" -> "München"
        candidates += [stem[:-1] + "en", stem[:-1]]
    from ..geo.gazetteer import load_default

    gazetteer = load_default()
    for candidate in candidates:
        entries = gazetteer.lookup(candidate) if candidate in gazetteer else []
        if entries and entries[0].population >= _MIN_POPULATION:
            return True
    return False


def repair_tags(words: list[str], tags: list[str]) -> list[str]:
    """The tags of one sentence with the repairs above applied (a new list)."""
    out = list(tags)
    for first, last, label in spans_from_tags(out):
        if label in MENTION_LABELS and last - first > 1 and words[last - 1] in _ARTICLES:
            if last < len(out) and out[last] == f"B-{label}":
                out[last] = f"I-{label}"
            else:
                out[last - 1] = "O"
    for i in range(1, len(out)):
        if (out[i].startswith("B-") and out[i] == out[i - 1] and out[i][2:] in MENTION_LABELS
                and words[i][:1].isupper() and words[i - 1][:1].isupper()):
            out[i] = "I-" + out[i][2:]
    for first, last, label in spans_from_tags(out):
        if label not in MENTION_LABELS:
            continue
        titled = label == "PER" and last - first >= 3 and words[first + 1][:1].isupper()
        if words[first].lower() in CLASSIFIER_NOUNS or (titled and is_common_noun(words[first])):
            out[first] = "O"
            if last - first > 1:
                out[first + 1] = "B-" + label
        elif last - first == 1 and (_ADJECTIVE.match(words[first])
                                    or (label in ("LOC", "ORG") and is_place_adjective(words[first]))):
            out[first] = "O"
        elif last - first == 1 and is_named_thing(words[first]):
            out[first] = f"B-{label}part"
    return out
