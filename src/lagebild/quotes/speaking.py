"""Who can speak: the checks that keep dates, numbers, time and event nouns, adverbs and participles out
of the speakers (:mod:`.speakers` resolves source phrases with them).

A speaker is a person, organisation, group, medium or document.  A phrase headed by a date ("Mai"), a
number or time noun ("vor zwei Jahren", "vergangene Woche"), an adverb ("demnach"), a participle or an
event or abstract noun ("die Pressekonferenz", "die Zahl") names no one; institutions and documents among
the abstract nouns ("die Regierung", "die Erklärung") do.
"""

from __future__ import annotations

from lagebild.lang.de import EVENT_NOUNS, MONTHS, TIME_MEASURE_NOUNS, WEEKDAYS

from .base import Speaker, Tokens
from .cues import is_source_noun
from .lexicon import GENERIC_TITLES, REFERRING_CUES, SOURCE_NOUN_ENDINGS, SPEAKER_NOUN_ENDINGS
from .phrases import ABSTRACT_ENDINGS, time_phrase
from .registry import NameRun

# a single word with one of these tags names no one ("geworden", "bisher", "2015")
NOT_NAMING_TAGS = frozenset({"VVPP", "VAPP", "VVFIN", "VAFIN", "VMFIN", "VVINF", "ADV", "ADJD", "CARD", "PTKVZ"})

# Abstract nouns that speak: institutions and documents ("die Regierung", "die Stiftung", "die Erklärung").
SPEAKING_ABSTRACTS = SPEAKER_NOUN_ENDINGS + SOURCE_NOUN_ENDINGS + (
    "leitung", "führung", "stiftung", "vereinigung", "versammlung", "vertretung", "zeitung", "regierung",
    "verwaltung", "erklärung", "mitteilung", "untersuchung", "erhebung", "befragung", "forschung", "ausgabe",
    "gewerkschaft", "bewegung", "organisation", "koalition", "opposition", "staatsanwaltschaft", "mannschaft",
    "gesellschaft", "gemeinschaft", "genossenschaft", "kammer", "gemeinde", "botschaft", "stellungnahme",
    "vereinigung", "verteidigung", "delegation", "vertretung", "kanzlei", "behörde")
# Documents that speak for their author when the author is named with them ("Berichte der New York Times").
DOCUMENT_ENDINGS = ("berichte", "meldung", "meldungen", "mitteilung", "mitteilungen", "erklärung", "erklärungen",
                    "schreiben", "brief", "stellungnahme", "studie", "studien", "papier", "dokument", "dokumente",
                    "aussendung", "bericht", "interview", "rede", "ansprache", "botschaft", "tweet", "post")
TIME_COMPOUND_ENDINGS = (*WEEKDAYS, "nachmittag", "vormittag", "abend", "nacht", "wochenende", "vorjahr",
                         "jahreswechsel", "mittag")


def listed(speaker: Speaker | None) -> list[Speaker]:
    return [speaker] if speaker is not None else []


def valid_name(name: str | None) -> bool:
    """Whether a speaker name can be someone who speaks: not a date, number or time noun, not an adverb."""
    if not name:
        return False
    words = name.split()
    last = words[-1].lower().strip(".,;:()„“\"")
    if len(words) == 1 and (last in MONTHS or last in WEEKDAYS or last in REFERRING_CUES):
        return False
    if all(w.strip(".,").replace(".", "").isdigit() for w in words):
        return False
    return not (len(words) <= 2 and last in TIME_MEASURE_NOUNS)


def time_word(word: str) -> bool:
    """A time noun, also as a compound: "Freitagnachmittag", "Wochenende", "Vorjahr"."""
    return word in TIME_MEASURE_NOUNS or word in WEEKDAYS or word in MONTHS or word.endswith(TIME_COMPOUND_ENDINGS)


def valid_head(tv: Tokens, head: int) -> bool:
    """Whether the head token of a description can speak."""
    word, tag = tv.lower[head], tv.tags[head]
    if tag in {"ADV", "PAV", "ADJD", "VVPP", "VVFIN", "VVINF", "VAFIN", "VMFIN", "CARD", "PTKVZ"}:
        return False
    if time_word(word) or word in EVENT_NOUNS:
        return False
    if tag == "NN" and word.split("-")[-1] in EVENT_NOUNS | TIME_MEASURE_NOUNS:
        return False
    if tag == "NN" and word.endswith(ABSTRACT_ENDINGS) and not word.endswith(SPEAKING_ABSTRACTS) and \
            word not in GENERIC_TITLES:
        return False
    return not (word.isdigit() or (any(ch.isdigit() for ch in word) and not any(ch.isalpha() for ch in word)))


def valid_run(tv: Tokens, run: NameRun) -> bool:
    """A name run that is a date, a weekday or a number names no speaker ("im Mai")."""
    if run.end - run.first == 1:
        word = tv.lower[run.first]
        return word not in MONTHS and word not in WEEKDAYS and word not in TIME_MEASURE_NOUNS
    return True


def in_attachment(tv: Tokens, first: int, index: int) -> bool:
    """Whether ``index`` sits in a genitive or prepositional attachment of the phrase ("Sprecher *der Polizei*",
    "der Arzt *Lahms*"); an apposition after a comma is the phrase again ("Der Direktor der IAEO, *Mohammed
    el-Baradei*")."""
    seen_head = attached = False
    for i in range(first, index):
        if tv.words[i] == ",":
            seen_head = attached = False
        elif tv.tags[i] in {"NN", "NE"}:
            seen_head = True
        elif seen_head and (tv.tags[i] in {"APPR", "APPRART"} or tv.lower[i] in {"des", "der"} or tv.words[i] == "("):
            attached = True
    if not attached and index > first and tv.tags[index - 1] == "NN" and saxon_genitive(tv, index) and not (
            is_source_noun(tv.words[index - 1]) or tv.lower[index - 1].endswith((*DOCUMENT_ENDINGS, "worte"))):
        return True  # "der behandelnde Arzt Lahms", "Sprecher Obamas"; not "die Worte Armstrongs"
    return attached


def saxon_genitive(tv: Tokens, index: int) -> bool:
    """A single name in the genitive after a noun: "Lahms", "Obamas" (not "Thomas Müller", a first name)."""
    word = tv.words[index]
    following = index + 1 < tv.size and tv.words[index + 1][:1].isupper() and tv.tags[index + 1] in {"NE", "NN"}
    return tv.tags[index] == "NE" and word.endswith("s") and len(word) > 3 and not following and not word.isupper()


def coordinated(tv: Tokens, first: int, run: NameRun) -> bool:
    return run.first == first or any(tv.tags[i] == "KON" for i in range(max(first, run.first - 4), run.first))


def dedupe(speakers: list[Speaker]) -> list[Speaker]:
    result: list[Speaker] = []
    for speaker in speakers:
        if speaker not in result:
            result.append(speaker)
    return result


def names_no_one(tv: Tokens, source: list[int]) -> bool:
    """Whether a source phrase that resolved to no speaker names no one at all, so it is no source either:
    a date or time phrase ("Vergangene Woche", "Anfang Februar"), a participle, verb or adverb read as a
    subject ("geworden"), an event noun ("die Veranstaltung").  Only the phrase's own form decides: a phrase
    the resolver could not place for other reasons ("37 Prozent", "Zeitungen", "seiner Meinung") stays, as
    SpkAtt marks it."""
    if not source:
        return False
    first, end = min(source), max(source) + 1
    while end - first > 1 and tv.tags[first] in {"APPR", "APPRART"}:
        first += 1
    if end - first == 1 and tv.tags[first] in NOT_NAMING_TAGS and tv.lower[first] not in REFERRING_CUES:
        return True
    if time_phrase(tv, first, end):
        return True
    head = next((i for i in range(first, end) if tv.tags[i] in {"NN", "NE", "FM"}), None)
    if head is None or tv.tags[head] != "NN":
        return False
    return tv.lower[head].split("-")[-1] in EVENT_NOUNS
