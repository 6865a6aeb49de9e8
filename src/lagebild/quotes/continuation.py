"""Reported speech without a cue: free indirect continuation and reported clauses.

* **Free indirect speech** ("Es gehe um …"): a sentence without cue whose main
  clause is in Konjunktiv I continues the last speaker while the chain of
  reported sentences is unbroken; Konjunktiv II ("hätten", "würde") counts only
  right after indirect speech, where it stands in for Konjunktiv I.  A sentence
  in the indicative (or without verb) ends the chain — that is the "mood
  changes" rule; after a break a Konjunktiv sentence is still reported speech,
  attributed to the subject of the sentence before when its head can speak ("Das
  Robert-Koch-Institut sieht keine Gefahr. Lediglich Personen … seien …"; not
  "Der Verkauf der Woba"), else to a report cited there ("… werden im Bericht
  auf … zurückgeführt" → "Bericht") or the agent of a passive ("wurde vom
  Verband kritisiert" → "vom Verband"), else to the last speaker if at most
  ``CONTINUATION_WINDOW`` sentences lie between its statement and this one, else
  to no one.  A speaker found that way takes the chain over.  Consecutive
  continuation sentences form one statement.  An agreement of
  several speakers ("waren sich einig") does not take over the chain: the seed's
  "Es gehe um …" stays Lawrow's.
* **Reported claims and plans**: a main clause with indicative "sollen" ("Er
  soll … geholfen haben", "Das Gerät soll ab September geliefert werden")
  reports the speaker of the chain (for the perfect infinitive also a speaker
  up to ``PLAN_WINDOW`` sentences back) — SpkAtt's *FreeIndirect* form.
* **A frame in Konjunktiv** ("Sie wisse, dass …", "Die IAEO gehe davon aus,
  dass …") is itself reported: the whole sentence continues the earlier
  speaker, and its inner statement is absorbed.
* **Reported clauses**: a relative or causal clause in Konjunktiv inside an
  indicative sentence ("…, weil die Abgeordneten keinen Eilantrag gestellt
  hätten") is an indirect statement of the sentence's subject.
"""

from __future__ import annotations

from .base import Draft, Tokens
from .cues import is_source_noun
from .direct import QuoteSpan
from .lexicon import REFERRING_CUES
from .phrases import could_speak, main_verb, noun_phrase, segment_kind, segments
from .reported import clause_subject

CONTINUING_KONJ2 = frozenset({"haben", "sein", "werden", "können", "müssen", "dürfen", "sollen", "wollen"})
CONTINUATION_WINDOW = 3  # sentences between a speaker's statement and a Konjunktiv sentence after a break
PLAN_WINDOW = 3  # sentences between a speaker and a "soll"-sentence that reports their claim or plan
ATTACHING_WORDS = frozenset({"des", "der", "von", "vom", "für"})  # words that open an attachment to a noun


def _sentences_of(tv: Tokens, draft: Draft) -> set[int]:
    found = {tv.sentence_of[i] for first, end in draft.message for i in (first, end - 1)}
    found.update(tv.sentence_of[i] for i in draft.cue)
    return found


def free_indirect(tv: Tokens, drafts: list[Draft], covering: list[QuoteSpan | None],
                   absorbed: list[Draft]) -> list[Draft]:
    """Free indirect statements (see the module docstring); statements whose frame is itself reported
    ("Sie wisse, dass …") are absorbed into the continuing statement and listed in ``absorbed``."""
    by_sentence: dict[int, list[Draft]] = {}
    for draft in drafts:
        for sentence in _sentences_of(tv, draft):
            by_sentence.setdefault(sentence, []).append(draft)
    result: list[Draft] = []
    anchor: Draft | None = None  # the speaker the chain of reported sentences continues
    anchor_sentence = -1  # the sentence of the anchor's own statement
    chain_sentence = -1  # the last sentence that continued the anchor
    alive = False
    previous_type = ""
    current: Draft | None = None
    for sentence in range(len(tv.sentences)):
        here = sorted(by_sentence.get(sentence, []), key=lambda d: d.first)
        if here and alive and anchor is not None and _reported_frame(tv, sentence, here):
            # "Sie wisse, dass …", "Die IAEO gehe davon aus, dass …": the frame itself is in Konjunktiv,
            # so the whole sentence continues the earlier speaker.
            first, end = tv.sentences[sentence]
            absorbed.extend(here)
            current = Draft("free_indirect", [(first, end)], anchor=anchor, form="IndirectFreeIndirect",
                            kind=anchor.kind)
            result.append(current)
            previous_type = "free_indirect"
            continue
        if here:
            speaking = [d for d in here if d.kind != "agreement" and (d.source or d.anchor)
                        and not (d.source and tv.lower[d.source[0]] in REFERRING_CUES)
                        and not (d.source and tv.tags[d.source[0]] == "PPOSAT")]
            # "seiner Meinung nach", "nach ihren Informationen" point back at a speaker already named: the
            # chain stays with that speaker
            if speaking:
                anchor, anchor_sentence = speaking[-1], sentence
                chain_sentence = sentence
            alive, previous_type, current = True, here[-1].type, None
            continue
        first, end = tv.sentences[sentence]
        if covering[first] is not None:  # a quotation sentence keeps the chain
            continue
        start = _konjunktiv_start(tv, sentence, alive and previous_type in {"indirect", "free_indirect"})
        form = "IndirectFreeIndirect"
        if start is None and _reported_plan(tv, main_verb(tv, sentence)):
            start, form = first, "FreeIndirect"
        if start is None:
            alive, current, previous_type = False, None, ""
            continue
        recent = anchor is not None and (alive or (sentence - chain_sentence <= PLAN_WINDOW and _perfect(
            tv, sentence)))
        if form == "FreeIndirect":
            speaker = anchor if recent else None
        else:
            speaker = anchor if alive else _previous_subject(tv, sentence)
        if form == "FreeIndirect" and speaker is None:
            alive, current, previous_type = False, None, ""
            continue
        if speaker is None and anchor is not None and sentence - anchor_sentence <= CONTINUATION_WINDOW:
            speaker = anchor  # unrelated sentences in between: still the nearest speaker
        if current is not None and current.anchor is speaker and current.form == form and \
                current.message[-1][1] == first:
            current.message[-1] = (current.message[-1][0], end)
        else:
            current = Draft("free_indirect", [(start, end)], anchor=speaker, form=form,
                            kind=speaker.kind if speaker else "speech")
            result.append(current)
        if speaker is not None:
            chain_sentence = sentence
        if speaker is not None and speaker is not anchor:
            # a speaker found as the subject of the sentence before takes the chain over
            anchor, anchor_sentence = speaker, sentence
        alive, previous_type = True, "free_indirect" if form != "FreeIndirect" else "plan"
    return result


def konjunktiv_clauses(tv: Tokens, drafts: list[Draft], covering: list[QuoteSpan | None]) -> list[Draft]:
    """A relative or causal clause in Konjunktiv I inside an indicative sentence reports what the
    subject says: "Die Organisationen erwarten keine schnelle Entscheidung, weil die Abgeordneten keinen
    Eilantrag gestellt hätten." — an indirect statement of the sentence's subject, without cue."""
    covered = {i for d in drafts for first, end in d.message for i in range(first, end)}
    result: list[Draft] = []
    for sentence, (first, end) in enumerate(tv.sentences):
        verb = main_verb(tv, sentence)
        if verb is None or tv.moods[verb] != "ind" or covering[first] is not None:
            continue
        parts = segments(tv, first, end)
        for part in parts:
            if segment_kind(tv, part) not in {"rel", "sub"} or part.first in covered:
                continue
            verbs = [i for i in range(part.first, part.end) if tv.is_finite(i)]
            if not verbs or not (tv.moods[verbs[-1]] == "konj1" or (tv.moods[verbs[-1]] == "konj2" and tv.lemmas[
                    verbs[-1]] in {"haben", "werden"})):
                continue
            subject = clause_subject(tv, verb, parts)
            if subject is None or not could_speak(tv, *subject):
                continue
            result.append(Draft("indirect", [(part.first, tv.content_end(part.first, part.end))],
                                source=list(range(*subject))))
    return result


def _reported_plan(tv: Tokens, verb: int | None) -> bool:
    """"Er soll … getötet haben", "Das Gerät soll ab September geliefert werden": indicative "sollen"
    in the main clause reports someone else's claim or plan."""
    return verb is not None and tv.lemmas[verb] == "sollen" and tv.moods[verb] == "ind"


def _perfect(tv: Tokens, sentence: int) -> bool:
    """A perfect infinitive ("soll … geholfen haben"): the reportative, not the planning "sollen"."""
    first, end = tv.sentences[sentence]
    return any(tv.tags[i] == "VVPP" and i + 1 < end and tv.lower[i + 1] in {"haben", "sein", "worden"}
               for i in range(first, end))


def _reported_frame(tv: Tokens, sentence: int, drafts: list[Draft]) -> bool:
    """Whether the sentence's statements hang on a frame whose own verb is in Konjunktiv I."""
    verb = main_verb(tv, sentence)
    if verb is None or tv.moods[verb] != "konj1":
        return False
    return all(d.type == "indirect" and verb in d.cue for d in drafts)


def _konjunktiv_start(tv: Tokens, sentence: int, after_indirect: bool) -> int | None:
    """Where a sentence's reported part starts: its first main clause in Konjunktiv I (or II after
    indirect speech: "hätten", "würde"), or None when its main clauses are indicative."""
    first, end = tv.sentences[sentence]
    parts = segments(tv, first, end)
    for index, part in enumerate(parts):
        if segment_kind(tv, part) != "main":
            continue
        verb = next(i for i in range(part.first, part.end) if tv.is_finite(i))
        mood = tv.moods[verb]
        if mood == "konj1" or (mood == "konj2" and after_indirect and tv.lemmas[verb] in CONTINUING_KONJ2):
            return first if index == 0 or all(segment_kind(tv, p) != "main" for p in parts[:index]) else part.first
        if mood == "ind" and index == 0:
            continue
    return None


def _previous_subject(tv: Tokens, sentence: int) -> Draft | None:
    """The subject of the sentence before, as a pseudo-statement: "Das Robert-Koch-Institut sieht keine
    Gefahr. Lediglich Personen … seien … zu schützen." continues the institute.  Only the head of the
    subject counts ("Der Verkauf der Woba wurde erörtert" names no speaker, although "Woba" is a name);
    without a speaking subject, a report the sentence cites is the source ("Die Konflikte werden im
    Bericht auf … zurückgeführt. Folge … sei …" → "Bericht")."""
    if sentence == 0:
        return None
    verb = main_verb(tv, sentence - 1)
    if verb is None or tv.moods[verb] in {"konj1", "konj2"}:
        return None  # "Bereits heute müssten private Unternehmen …": reported content, its subject does not speak
    first, end = tv.sentences[sentence - 1]
    phrase = clause_subject(tv, verb, segments(tv, first, end))
    if phrase is not None and could_speak(tv, phrase[0], _head_end(tv, *phrase)):
        return Draft("reported", [(first, end)], source=list(range(*phrase)))
    cited = _cited_report(tv, first, tv.content_end(first, end)) or _passive_agent(tv, first, tv.content_end(
        first, end))
    return Draft("reported", [(first, end)], source=list(range(*cited))) if cited else None


def _head_end(tv: Tokens, first: int, end: int) -> int:
    """Where the head of a noun phrase ends: before its first genitive or prepositional attachment
    ("Der Leiter | des Programms der WHO") or apposition ("Peter Häberle | , der Doktorvater")."""
    seen_noun = False
    for index in range(first, end):
        tag = tv.tags[index]
        if seen_noun and tv.lower[index] in {"in", "im", "aus"}:
            # "Das Nobelkomitee im norwegischen Oslo": a place name belongs to an institution's name
            place = index + 1
            while place < end and tv.tags[place] == "ADJA":
                place += 1
            if place < end and tv.tags[place] == "NE":
                continue
        if seen_noun and (tag in {"APPR", "APPRART", "ART", "$,", "$("} or tv.lower[index] in ATTACHING_WORDS):
            return index
        seen_noun = seen_noun or tag in {"NN", "NE", "FM", "PPER"}
    return end


def _cited_report(tv: Tokens, first: int, end: int) -> tuple[int, int] | None:
    """A report or statement cited with "in"/"im" ("im Bericht", "In einer Analyse der BBC"): the noun
    phrase, with a separate preposition as SpkAtt marks it ("In einer Analyse …"), without a fused one."""
    for index in range(first, end - 1):
        if tv.lower[index] not in {"in", "im"} or tv.tags[index] not in {"APPR", "APPRART"}:
            continue
        phrase = noun_phrase(tv, index + 1, end)
        if phrase is None:
            continue
        heads = [i for i in range(phrase[0], _head_end(tv, *phrase)) if tv.tags[i] == "NN"]
        if heads and is_source_noun(tv.words[heads[-1]]):
            return (index if tv.tags[index] == "APPR" else index + 1), phrase[1]
    return None


def _passive_agent(tv: Tokens, first: int, end: int) -> tuple[int, int] | None:
    """The agent of a passive sentence, with its preposition as SpkAtt marks it: "Die Entscheidung wurde
    vom Bundesverband als rückschrittlich kritisiert. Langfristig werde es teurer …" → "vom Bundesverband"."""
    if not any(tv.lemmas[i] == "werden" and tv.tags[i] == "VAFIN" for i in range(first, end)) or not any(
            tv.tags[i] == "VVPP" for i in range(first, end)):
        return None
    for index in range(first, end - 1):
        if tv.lower[index] not in {"von", "vom"}:
            continue
        phrase = noun_phrase(tv, index + 1, end)
        if phrase is not None and could_speak(tv, phrase[0], _head_end(tv, *phrase)):
            return index, phrase[1]
    return None
