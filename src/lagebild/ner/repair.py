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

* **common words** (issue 15; :func:`drop_common_words`, applied by the ``ner`` component after these
  repairs, not scored on GermEval, which annotates currencies as ``OTH``) -- a one-word name that is an
  ordinary word: a unit or currency after an amount ("1.200 Euro", "50 Cent", "drei Milliarden Dollar":
  HanTa knows the word as a common noun; a year before it is no amount), or a capitalised function word at
  the start of a sentence or quotation ("Laut Polizei ...", "Dabei ..." -- HanTa reads its lower-case form,
  with the words after it, as a preposition, adverb, conjunction, pronoun ...).  No word list: the
  evidence is the amount before it and HanTa's lexicon.

Together (GermEval test, held-out models, see MODEL_CARD.md): accurate F1 0.764 -> 0.783, fast 0.652 -> 0.672;
on data the rules were not written from about 60 % of that (``training/ner/crosscheck_repairs.py``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..annotations import Mention, Token
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


#: STTS tags of closed word classes: a capitalised word whose lower-case form is one of these is no name.
_FUNCTION_TAGS = frozenset({
    "APPR", "APPRART", "APPO", "APZR", "ADV", "PAV", "PROAV", "KON", "KOUS", "KOUI", "KOKOM", "PTKVZ",
    "PTKNEG", "PTKANT", "PTKA", "PTKZU", "PIS", "PIAT", "PDS", "PDAT", "PPER", "PPOSAT", "PRF", "PWS", "PWAV",
    "PWAT", "ART", "VAFIN", "VMFIN",
})  # fmt: skip
#: Tokens after which a capitalised word may just be a sentence-initial word.
_OPENERS = frozenset({":", "„", "“", '"', "»", "«", "(", "-", "–", "—", "‚", "'"})
_NUMBER = re.compile(r"^(?:\d[\d.,]*|\d+(?:[.,]\d+)?%?|Mio\.?|Mrd\.?|Millionen?|Milliarden?|Billionen?|"
                     r"Tausende?|Hunderte?|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|"
                     r"dreißig|vierzig|fünfzig|hundert|tausend)$")


_YEAR = re.compile(r"^(?:1[0-9]|20)\d\d$")


@lru_cache(maxsize=4096)
def is_function_word(word: str, following: tuple[str, ...] = ()) -> bool:
    """ "Laut (Polizei)", "Dabei", "Zudem": the lower-case form, read by HanTa with the words that follow it
    ("laut" alone is the adjective "loud"), is a known closed-class word."""
    lower = word.lower()
    if lower == word or not word.isalpha():
        return False
    analysis = analyze_words([lower, *following])[0] if following else _analysis(lower)
    return analysis.known and analysis.tag in _FUNCTION_TAGS


def is_common_word(words: list[str], first: int, last: int) -> bool:
    """A one-word chunk that is an ordinary word: a unit after a number, a sentence-initial function word."""
    if last - first != 1:
        return False
    word = words[first]
    number = words[first - 1] if first > 0 else ""
    if (_NUMBER.match(number) and not _YEAR.match(number) and word[1:].islower() and is_common_noun(word)):
        return True  # "1.200 Euro", "50 Cent", "drei Milliarden Dollar" (not "1922 Stern lebte ...")
    return (first == 0 or words[first - 1] in _OPENERS) and is_function_word(word, tuple(words[last:last + 2]))


def drop_common_words(words: list[str], tags: list[str]) -> list[str]:
    """The tags without one-word chunks that are ordinary words (:func:`is_common_word`), issue 15's convention.

    Not part of :func:`repair_tags`: GermEval 2014 annotates currencies as names (``OTH``: "Euro", "Dollar"),
    so its evaluation scores the repaired tags without this step; the ``ner`` component applies it."""
    out = list(tags)
    for first, last, label in spans_from_tags(out):
        if label in MENTION_LABELS and is_common_word(words, first, last):
            out[first] = "O"
    return out


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


def genitive_mentions(text: str, tokens: list[Token], mentions: list[Mention]) -> list[Mention]:
    """Genitives of persons named in the article that the model left untagged ("Türcks Anwalt" after "Michael
    Türck"; "Strauss' Werk"): the genitive belongs to the person's name, so it is a PER mention of its own."""
    surnames = {m.text.split()[-1] for m in mentions if m.label == "PER" and m.kind == "name"}
    genitives = {name + ("'" if name.endswith(("s", "x", "z", "ß")) else "s") for name in surnames if len(name) > 2}
    taken = [(m.start, m.end) for m in mentions]
    found: list[Mention] = []
    for token in tokens:
        word = text[token.start:token.end]
        if word not in genitives and word.rstrip("’") + ("'" if word.endswith("’") else "") not in genitives:
            continue
        if any(start < token.end and token.start < end for start, end in taken):
            continue  # inside a name the model found ("Türcks" of a longer name stays as it is)
        found.append(Mention(word, token.start, token.end, "PER"))
    return found
