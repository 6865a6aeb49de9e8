"""Speaker phrases of verb cues: the subject of the cue's clause, and the agents that stand in for it.

The Vorfeld or the first nominative-looking phrase after the finite verb ("Der russische Außenminister
Sergej Lawrow erklärte", "…, sagte der Senator"), across commas ("Der Leiter des Programms der WHO, Klaus
Stöhr, sagte"); the agent of a passive ("wurden … von den Behörden angewiesen"); the subject of the first
of two coordinated verbs ("lenkte er … und meldete sich mit den Worten"); the relative pronoun of a
relative clause; the place of "heißt es" and the "aus" phrase of "hervorgehen"; the cited person of
"zitieren".
"""

from __future__ import annotations

from .base import Tokens
from .cues import CueMatch
from .phrases import (
    Segment,
    looks_like_subject,
    noun_phrase,
    quotes_name,
    segment_kind,
    strip_adverbs,
    subject_phrase,
)


def finite_of(tv: Tokens, cue: CueMatch) -> int:
    finite = [i for i in cue.tokens if tv.is_finite(i)]
    return finite[0] if finite else cue.head


def is_passive(tv: Tokens, cue: CueMatch, finite: int) -> bool:
    """"wurde … vorgeworfen", "war … vorgeworfen worden": the subject is not the speaker."""
    return tv.tags[cue.head] == "VVPP" and (tv.lemmas[finite] == "werden" or any(
        tv.lower[i] == "worden" for i in cue.tokens))


def speaker_phrase(tv: Tokens, cue: CueMatch, parts: list[Segment]) -> tuple[int, int] | None:
    """The speaker phrase of a verb cue: the clause subject, the agent of a passive ("Von Seiten der
    Delegation war … vorgeworfen worden"), or the subject of the first of two coordinated verbs."""
    finite = finite_of(tv, cue)
    if is_passive(tv, cue, finite) and cue.lemma != "zitieren":  # "X wird … zitiert": X is the speaker
        for index in range(cue.segment.first, cue.segment.end):  # "wurden … von den Behörden angewiesen"
            if index in cue.tokens or (index > finite and tv.lower[index] not in {"von", "vom", "seitens"}):
                continue
            if tv.tags[index] in {"APPR", "APPRART"} and tv.lower[index] in {"von", "vom", "in", "im", "seitens"}:
                start = index + 1 + (1 if tv.lower[index + 1] == "seiten" else 0)
                limit = finite if index < finite else cue.head
                phrase = noun_phrase(tv, start, limit)
                if phrase is not None:
                    return phrase
        return None
    if cue.lemma == "hervorgehen":  # "Dies geht aus einer Meldung der dpa hervor": the "aus" phrase
        for index in range(cue.segment.first, cue.segment.end):
            if tv.lower[index] == "aus" and tv.tags[index] == "APPR":
                return noun_phrase(tv, index + 1, cue.segment.end)
        return None
    if cue.lemma in {"heißen", "stehen", "hören", "lesen"}:  # "heißt es auf der Webseite", "hieß es vom X"
        for index in range(cue.segment.first, cue.segment.end):
            if tv.tags[index] in {"APPR", "APPRART"} and tv.lower[index] in {"in", "im", "auf", "von", "vom", "aus",
                                                                           "bei", "beim", "seitens"}:
                phrase = noun_phrase(tv, index + 1, cue.segment.end)
                if phrase is not None and tv.tags[index] == "APPRART":
                    return index, phrase[1]  # SpkAtt keeps a fused article: "im Abschlussbericht", "vom X"
                if phrase is not None:
                    return phrase
        return None
    if finite > cue.segment.first and tv.tags[finite - 1] == "KON" and tv.lower[finite - 1] in {"und", "sowie"}:
        # "…, schrieben die Hacker und kündigten weitere Aktionen an": the second verb shares the first
        # one's subject; the noun phrase after it is its object
        found = coordinated_subject(tv, finite, cue.segment, parts) or clause_subject(tv, finite, parts)
    else:
        found = clause_subject(tv, finite, parts) or coordinated_subject(tv, finite, cue.segment, parts)
    if found is not None:  # "sprach Angela Merkel von der Möglichkeit …": the verb's preposition ends the phrase
        inside = [i for i in cue.tokens if found[0] < i < found[1]]
        if inside:
            found = (found[0], tv.content_end(found[0], min(inside)))
    if cue.lemma == "zitieren" and found is not None:  # "Ein Sender zitierte Papandreou mit den Worten": the
        quoted = _cited_object(tv, finite, found, cue)  # cited person speaks, not the one who cites
        if quoted is not None:
            return quoted
    first = cue.segment.first
    if found is None and segment_kind(tv, cue.segment) == "rel" and tv.tags[first] == "PRELS" and tv.lower[first] in {
            "der", "die", "welche", "welcher"}:  # "…, der angab, …": the relative pronoun
        return first, first + 1
    if found is None and cue.lemma in {"verlauten", "verlautbaren"}:  # "Aus EU-Kreisen verlautete, …"
        for index in range(cue.segment.first, cue.segment.end):
            if tv.lower[index] in {"aus", "von", "vom", "seitens"} and tv.tags[index] in {"APPR", "APPRART"}:
                phrase = noun_phrase(tv, index + 1, cue.segment.end)
                return (index, phrase[1]) if phrase is not None else None  # SpkAtt keeps "Aus" with it
    return found


def _cited_object(tv: Tokens, finite: int, subject: tuple[int, int], cue: CueMatch) -> tuple[int, int] | None:
    """The accusative object of active "zitieren": after the verb, or after a subject that follows it."""
    start = finite + 1 if subject[0] < finite else subject[1]
    limit = cue.segment.end
    while start < limit and (tv.tags[start] in {"ADV", "PTKNEG", "PAV", "ADJD"} or start in cue.tokens):
        start += 1
    phrase = noun_phrase(tv, start, limit, appositions=False) if start < limit else None
    if phrase is None or (tv.tags[phrase[0]] in {"PPER", "PRF"} and tv.lower[phrase[0]] in {"sich", "es"}):
        return None
    return phrase


def clause_subject(tv: Tokens, finite: int, parts: list[Segment]) -> tuple[int, int] | None:
    """The subject of the clause of ``finite``, also when commas cut it off from its verb:
    "Der Weihbischof der Diözese Linz, Gerhard Maria Wagner hat …", "Küng, der als Kritiker gilt, hofft …"."""
    segment = next(p for p in parts if p.first <= finite < p.end)
    sentence_first = parts[0].first
    limit = tv.content_end(sentence_first, parts[-1].end)
    found = subject_phrase(tv, finite, segment.first, limit)
    if found is not None and found[0] < finite:  # a Vorfeld subject: add the appositions before it
        lead = _leading_phrase(tv, parts, segment)
        return (lead[0], found[1]) if lead is not None and found[0] == segment.first else found
    if found is None and segment.first == finite and segment.first > sentence_first:
        previous = next((p for p in reversed(parts) if p.end < segment.first), None)
        if previous is not None and segment_kind(tv, previous) == "main" and previous.after == ",":
            # "Die Vereinten Nationen bestätigten den Zwischenfall, teilten jedoch mit, …": the subject
            # of the clause before, whose predicate this one continues
            verb = next(i for i in range(previous.first, previous.end) if tv.is_finite(i))
            before = clause_subject(tv, verb, parts)
            if before is not None and before[0] < verb:
                return before
    if segment.first == finite and segment.first > sentence_first and not (
            found is not None and found[0] == finite + 1 and tv.tags[finite + 1] == "PPER"):
        # "Bazoum Mohammed, Sprecher der Gruppierung, forderte die Junta auf": the phrase before the verb
        # is the subject; the noun phrase after it is the object
        lead = _leading_phrase(tv, parts, segment)
        if lead is not None:
            return lead
    return found


def _leading_phrase(tv: Tokens, parts: list[Segment], segment: Segment) -> tuple[int, int] | None:
    """Verbless noun phrases before ``segment``, from the sentence start or the end of the clause before
    them (appositions included, relative clauses not): "Der Leiter des Programms, Klaus Stöhr, sagte"."""
    position = next(k for k, p in enumerate(parts) if p is segment)
    start = 0
    for k in range(position - 1, -1, -1):  # the last main clause before the verb ends the search
        if segment_kind(tv, parts[k]) == "main":
            start = k + 1
            break
    if start >= position:
        return None
    lead = parts[start]
    # a quoted name may stand in the phrase ("Der Geschäftsführer von „Ener1“, Charles Gassenheimer, sagte"),
    # a quoted statement may not
    if segment_kind(tv, lead) != "frag" or not quotes_name(tv, lead.first, lead.end):
        return None
    first, end = strip_adverbs(tv, lead.first, lead.end)
    if not looks_like_subject(tv, first, end):
        return None
    for part in parts[start + 1:]:
        if part.first >= segment.first or segment_kind(tv, part) != "frag":
            break
        end = part.end
    return first, end


def coordinated_subject(tv: Tokens, finite: int, segment: Segment, parts: list[Segment]) -> tuple[int, int] | None:
    """"Er lenkte die Fähre … und meldete sich mit den Worten": the subject of the first conjunct."""
    before = finite - 1
    while before >= segment.first and tv.tags[before] in {"ADV", "PAV"}:
        before -= 1
    if before < 0 or tv.tags[before] != "KON":
        return None
    sentence_first = parts[0].first
    for index in range(before - 1, sentence_first - 1, -1):
        if tv.is_finite(index):
            return clause_subject(tv, index, parts)
    return None
