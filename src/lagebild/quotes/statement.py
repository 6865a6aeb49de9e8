"""Reported statements: a sentence that reports a speech act with a noun-phrase object.

"Die Gewerkschaft forderte höhere Löhne.", "Er warnte vor einer neuen Krise.", "Die Polizei
bezifferte den Schaden auf 250.000 Euro." — SpkAtt-2023 marks the whole sentence as the message of
form *Reported*, with the subject as source and no cue.  Only verbs that SpkAtt annotates this way
more often than not are used (``REPORTED_VERBS``; verbs of judging, ``JUDGING_VERBS``), and the
sentence is left alone when it carries a quotation: then the quotation is the statement ("nannte den
Bericht eine „Zeitungsente“" is a direct quote with the cue "nannte").
"""

from __future__ import annotations

from lagebild.lang.de import DOUBLE_OPENING, DOUBLE_PAIRS

from .base import Draft, Tokens
from .cues import CueMatch
from .direct import QuoteSpan, is_title
from .lexicon import JUDGING_VERBS, REPORTED_VERBS
from .phrases import QUOTE_CHARS, Segment
from .subjects import is_passive

# Subjects that never make a reported statement: impersonal "es"/"man" (SpkAtt marks no source for
# them), and the first person, which only occurs inside quotations.
NON_SPEAKERS = frozenset({"es", "man", "ich", "wir"})
# Verbs whose passive main clause without a message clause reports the statement of its named agent
# ("Von Unionspolitikern wurden die Äußerungen als geschmacklos bezeichnet").  Without an agent the
# sentence is annotated as often as not, so it is left alone.
PASSIVE_REPORTED = frozenset({"nennen", "angeben", "bezeichnen", "kritisieren", "einstufen", "werten"})
# Verbs that judge with "als" ("kritisierte den Anschlag als barbarische Tat", "gab als Grund … an").
JUDGING_WITH_ALS = frozenset({"kritisieren", "angeben", "loben", "verurteilen", "beschreiben", "betrachten"})
# Prepositions a verb needs for its reported sense: "sprach von einer Katastrophe" reports, "sprach
# mit den Entführten" or "das Urteil sprechen" does not.
REQUIRED_PREPOSITIONS: dict[str, frozenset[str]] = {"sprechen": frozenset({"von", "vom"})}


def reported_statement(tv: Tokens, sentence: int, cue: CueMatch, segment: Segment, position: int, clause: str,
                       source: tuple[int, int] | None, finite: int) -> Draft | None:
    """The whole sentence as a reported statement of ``source``, or None."""
    first, end = tv.sentences[sentence]
    if not tv.is_finite(finite) or clause != "main":
        return None
    words = set(tv.lower[segment.first:segment.end])
    if not _reports(tv, cue, source, finite, words):
        return None
    if any(tv.words[i] in QUOTE_CHARS for i in range(first, end)):  # the quotation is the statement
        quoted = quoted_objects(tv, cue, segment)
        if not quoted:
            return None
        return Draft("direct", quoted, cue=list(cue.tokens), source=list(range(*source)) if source else [],
                     kind=cue.medium)
    needed = REQUIRED_PREPOSITIONS.get(cue.lemma)
    if needed is not None and not words & needed:
        return None
    # "berichtete über einen Marsch", "(Wikinews berichtete)": a topic or a reference, no statement
    if cue.lemma == "berichten" and words & {"über", "darüber"}:
        return None
    if any(tv.words[i] == "(" for i in range(max(first, cue.head - 3), cue.head)):
        return None
    start = first if position == 0 or (source is not None and source[0] < segment.first) else segment.first
    if source is not None and source[0] > first and tv.lower[source[0] - 1] in {"von", "vom", "seitens"}:
        source = (source[0] - 1, source[1])  # the agent with its preposition, as a continuation cites it
    return Draft("reported", [(start, end)], cue=[], source=list(range(*source)) if source else [], form="Reported",
                 kind=cue.medium, verb=list(cue.tokens))


def _reports(tv: Tokens, cue: CueMatch, source: tuple[int, int] | None, finite: int, words: set[str]) -> bool:
    """Whether the verb and its subject make the sentence a reported statement."""
    if source is not None and tv.lower[source[0]] in NON_SPEAKERS:
        return False
    if is_passive(tv, cue, finite):  # the agent speaks
        return cue.lemma in PASSIVE_REPORTED and source is not None
    if source is None:
        return False
    judging = cue.lemma in JUDGING_VERBS or (cue.lemma in JUDGING_WITH_ALS and "als" in words)
    return cue.lemma in REPORTED_VERBS or judging


OPENING = DOUBLE_OPENING
# A German quotation typed with an ASCII mark at its end closes too („… ").
CLOSING = {**DOUBLE_PAIRS, "„": (*DOUBLE_PAIRS["„"], '"')}


def quoted_objects(tv: Tokens, cue: CueMatch, segment: Segment) -> list[tuple[int, int]]:
    """Short quotations that are the object of the cue ("nannte den Bericht eine „Zeitungsente“", "sprach
    von einer „gezielten Indiskredition“"): after the verb in its clause, or after "als"/"von" before a
    final verb; names and titles ("die Modelle „Touareg“") are left out."""
    found: list[tuple[int, int]] = []
    index = segment.first
    while index < segment.end:
        word = tv.words[index]
        close = None
        if word in OPENING:
            close = next((j for j in range(index + 1, min(segment.end, index + 16)) if tv.words[j] in CLOSING[word]),
                         None)
        if close is None or close == index + 1:
            index += 1
            continue
        after_verb = index > cue.head or tv.lower[index - 1] in {"als", "von", "vor"} or (
            index > segment.first and tv.lower[index - 2] in {"als", "von", "vor"})
        words = sum(1 for j in range(index + 1, close) if tv.words[j][:1].isalnum())
        span = QuoteSpan(index, close + 1, True, True, 0, words=words)
        if after_verb and words and not is_title(tv, span):
            found.append((index, close + 1))
        index = close + 1
    return found
