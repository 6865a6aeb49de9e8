"""Reported speech: from a cue to its frame, message and speaker phrase.

For a verb cue the message is looked for, in this order:

1. *after the frame* — the next clause (after the speaker's appositions) is a
   ``dass``/``ob``/w-clause, a verb-second clause ("Er sagte, die Regierung
   habe …"), a ``zu``-infinitive ("kündigte an, zurückzutreten") or, after a
   colon, a quotation; a subordinate message ends where the main clause
   resumes ("Als sie bemerkte, dass …, flüchtete sie");
2. *before the frame* — a *trailing frame* opens its clause with the verb and
   names its speaker after it ("…, sagte der Senator.", "…, teilte die Polizei
   mit", "…, hieß es"); the message is the clause before it, which must be a
   main clause, a dass/w-clause or a quotation;
3. *in the next sentence* — a frame that ends its sentence with a colon or
   without punctuation ("… sagte der Agentur Interfax" at a line end) introduces
   the next sentence: a direct quote when it is indicative ("Die Ergebnisse des
   Treffens haben meine Erwartungen übertroffen."), indirect in Konjunktiv;
4. *the previous sentence* — "Dies teilte ein Sprecher mit.";
5. otherwise, for verbs such as "fordern", "warnen vor", "nennen" with a noun
   phrase object (``REPORTED_VERBS``), and verbs of judging without a quotation
   ("bezeichnete die Taten als grauenvoll", ``JUDGING_VERBS``), the whole
   sentence is a *reported* statement; SpkAtt gives it no cue.

Source phrases ("laut X", "X zufolge", "nach Angaben X", ", so X", "wie X
mitteilte", "demnach") are frames without a clause: the message is the rest of
the sentence (or of the relative clause that holds the phrase).  Speech nouns
("die Behauptung, dass …") take the clause after them.  A message that is
mostly a long quotation becomes a direct quote with the cue.
"""

from __future__ import annotations

from dataclasses import dataclass

from lagebild.lang.de import SENTENCE_END

from .base import Draft, Tokens
from .cues import CueMatch
from .direct import QuoteSpan
from .phrases import (
    QUOTE_CHARS,
    Segment,
    main_verb,
    segment_kind,
    segments,
    subject_after,
)
from .statement import reported_statement
from .subjects import clause_subject, coordinated_subject, finite_of, is_passive, speaker_phrase

# Share of a message that quotations must cover for the statement to count as direct.
DIRECT_SHARE = 0.6


@dataclass(slots=True)
class FrameResult:
    drafts: list[Draft]
    claimed: list[QuoteSpan]  # long quotations attributed to a cue here


def sentence_frames(tv: Tokens, sentence: int, cues: list[CueMatch],
                    covering: list[QuoteSpan | None]) -> FrameResult:
    """Drafts for every cue of one sentence (quotations inside long quotes carry no frames)."""
    first, end = tv.sentences[sentence]
    parts = segments(tv, first, end)
    result = FrameResult([], [])
    trailing = {id(c): _trailing_frame(tv, c) for c in cues}
    for cue in cues:
        if cue.kind == "verb":
            draft = _verb_frame(tv, sentence, cue, parts, cues, trailing, covering)
        elif cue.kind == "noun":
            draft = _noun_frame(tv, sentence, cue, parts)
        else:
            draft = _source_frame(tv, sentence, cue, parts)
        if draft is None:
            continue
        _split_direct(tv, draft, covering, result)
    return result


def _noun_frame(tv: Tokens, sentence: int, cue: CueMatch, parts: list[Segment]) -> Draft | None:
    """The clause after a speech noun: a dass/ob/w-clause, a zu-infinitive or a clause in Konjunktiv."""
    position = next(k for k, s in enumerate(parts) if s.first == cue.segment.first)
    if position + 1 >= len(parts):
        return None
    following = parts[position + 1]
    kind = segment_kind(tv, following)
    verbs = [i for i in range(following.first, following.end) if tv.is_finite(i)]
    konjunktiv = bool(verbs) and tv.moods[verbs[0]] in {"konj1", "konj2"}
    if not (kind in {"dass", "w", "inf"} or (kind == "main" and konjunktiv)):
        return None
    first, end = tv.sentences[sentence]
    stop = _main_clause_resumes(tv, parts, position + 1, tv.content_end(first, end))
    source = cue.source
    if source is None and cue.governor is not None:  # "Die Staatsanwaltschaft hegt den Verdacht, …"
        governor = cue.governor
        coordinated = governor > cue.segment.first and tv.tags[governor - 1] == "KON"  # "… und wagte die Prognose"
        source = (coordinated_subject(tv, governor, cue.segment, parts) if coordinated else None) or clause_subject(
            tv, governor, parts)
        if source is not None and (set(range(*source)) & set(cue.tokens) or tv.lower[source[0]] in {"es", "man"}):
            source = None
    return Draft("indirect", [(following.first, max(stop, following.first + 1))], cue=list(cue.tokens),
                 source=_range(source), kind=cue.medium)


def _trailing_frame(tv: Tokens, cue: CueMatch) -> bool:
    """Whether the cue opens a clause after a comma with its finite verb and has its subject after
    it ("…, sagte er", "…, teilte die Polizei mit", "…, hieß es") — a frame that closes its message."""
    if cue.kind != "verb":  # source phrases and speech nouns never close a message before them
        return False
    first = cue.segment.first
    while first < cue.segment.end and tv.words[first] in QUOTE_CHARS:
        first += 1
    sentence_first = tv.sentences[tv.sentence_of[cue.head]][0]
    if tv.lower[first] in {"das", "dies"} and tv.tags[first] == "PDS" and first + 1 in cue.tokens and (
            cue.segment.before in {",", "–", "-", "—"}):
        first += 1  # "…, das entschied die NASA", "… – das beschreiben Forscher": the pronoun resumes the message
    elif first not in cue.tokens or cue.segment.before not in {",", ""}:
        return False
    if cue.segment.first <= sentence_first:
        return False
    if cue.lemma == "heißen":
        return True
    finite = finite_of(tv, cue)
    return not is_passive(tv, cue, finite) and subject_after(tv, finite, tv.content_end(
        sentence_first, tv.sentences[tv.sentence_of[cue.head]][1])) is not None



def _verb_frame(tv: Tokens, sentence: int, cue: CueMatch, parts: list[Segment], cues: list[CueMatch],
                trailing: dict[int, bool], covering: list[QuoteSpan | None]) -> Draft | None:
    first, end = tv.sentences[sentence]
    content_end = tv.content_end(first, end)
    finite = finite_of(tv, cue)
    position = next(k for k, s in enumerate(parts) if s.first == cue.segment.first)
    segment = parts[position]
    clause = segment_kind(tv, segment)
    embedded = clause in {"rel", "sub", "dass", "w"}
    source = speaker_phrase(tv, cue, parts)
    other_starts = [c.segment.first for c in cues if c is not cue and trailing[id(c)]
                    and c.segment.first > segment.first]
    stop = min([content_end, *[s - 1 for s in other_starts]])
    message: list[tuple[int, int]] = []
    # 1. after the frame
    nxt = position + 1
    if source is not None and source[0] > finite:  # "erklärte der Direktor …, Mohammed el-Baradei, …"
        while nxt < len(parts) and parts[nxt].first < source[1]:
            nxt += 1
    while nxt < len(parts) and all(i in cue.tokens for i in range(parts[nxt].first, parts[nxt].end)):
        nxt += 1  # "gab der Leiter, Andreas Huber, bekannt, dass …": the cue's last word closes the frame
    # "riefen zur Ruhe auf und kündigten an, …": the clause after the comma belongs to the second verb
    coordinated_later = any(tv.is_finite(i) and i - 1 >= segment.first and tv.tags[i - 1] == "KON"
                            for i in range(max(cue.tokens) + 1, segment.end))
    if nxt < len(parts) and parts[nxt].first < stop and parts[nxt - 1].after in {",", ":"} and not (
            trailing[id(cue)] and _clause_before(tv, parts, position)) and not coordinated_later:
        following = parts[nxt]
        kind = segment_kind(tv, following)
        opens_quote = covering[following.first] is not None
        # "bestätigten den Zwischenfall, teilten jedoch mit, …": a clause that opens with its finite verb
        # is a second predicate of the same subject, not a message
        coordinated = tv.tags[following.first] == "KON" or (tv.is_finite(following.first) and tv.tags[
            following.first] == "VVFIN" and tv.moods[following.first] == "ind")
        # "Müller, der erklärte, die Reform sei gescheitert", "nachdem er erklärt hatte, sie sei …": a relative
        # or adverbial frame takes a Konjunktiv clause too
        reported_main = kind == "main" and clause in {"rel", "sub"} and _konjunktiv_clause(tv, following)
        if kind in {"dass", "w", "inf"} or opens_quote or reported_main or (
                kind == "main" and not embedded and not coordinated):
            if kind in {"dass", "w", "inf"} or embedded:
                stop = min(stop, _main_clause_resumes(tv, parts, nxt, stop))
            if not opens_quote:  # "…, dass das Team gestärkt sei: „Wir haben …“": the quotation is its own statement
                stop = next((i for i in range(following.first + 1, stop) if tv.words[i] == ":" and i + 1 < len(tv)
                             and covering[i + 1] is not None), stop)
            message = [(following.first, max(stop, following.first + 1))]
    if not message:  # "hat angekündigt, die Preise zu erhöhen" written without its comma
        message = _extraposed_infinitive(tv, cue, segment)
    # 2. before the frame
    if not message and trailing[id(cue)] and position > 0 and not embedded and _clause_before(tv, parts, position):
        start = _message_start(tv, first, parts, position, cues, cue)
        if start < segment.first - 1:
            message = [(start, segment.first - 1)]
            if cue.lemma != "zitieren":  # the cited object stays the source
                source = _named_subject_after(tv, finite, content_end, cue) or source
    # 3. in the next sentence (frame at a line end or before a colon)
    if not message and position == len(parts) - 1 and not embedded and _ends_open(tv, first, end):
        follow = _next_sentence_message(tv, sentence)
        if follow is not None:
            message = [follow]
            verb = main_verb(tv, sentence + 1)
            if verb is not None and tv.moods[verb] == "ind" and covering[follow[0]] is None:
                # an unmarked quotation: the frame line introduces the speaker's own words
                return Draft("direct", message, cue=list(cue.tokens), source=_range(source), kind=cue.medium)
    # 4. "Dies teilte X mit": the previous sentence
    if not message and sentence > 0 and _starts_with_demonstrative(tv, segment, finite) and position == 0:
        previous_first, previous_end = tv.sentences[sentence - 1]
        message = [(previous_first, tv.content_end(previous_first, previous_end)), (segment.first, segment.first + 1)]
        # "Das wurde vom Presseamt des Kremls bekannt gegeben": a passive names its speaker as the agent
        source = speaker_phrase(tv, cue, parts) if is_passive(tv, cue, finite) else (
            _named_subject_after(tv, finite, content_end, cue) or source)
    if message:
        return Draft("indirect", message, cue=list(cue.tokens), source=_range(source), kind=cue.medium)
    # 5. a reported statement (the whole sentence, SpkAtt's Reported form)
    return reported_statement(tv, sentence, cue, segment, position, clause, source, finite)


def _named_subject_after(tv: Tokens, finite: int, limit: int, cue: CueMatch) -> tuple[int, int] | None:
    """The subject after the verb, unless it is the impersonal "es" of the cue ("…“, hieß es vom
    Abgeordneten X": the speaker phrase found for the cue stays)."""
    found = subject_after(tv, finite, limit)
    if found is None or found[0] in cue.tokens or tv.lower[found[0]] in {"es", "man"}:
        return None
    return found


def _konjunktiv_clause(tv: Tokens, part: Segment) -> bool:
    """Whether a clause's finite verb is in Konjunktiv I (or an auxiliary in Konjunktiv II)."""
    verb = next((i for i in range(part.first, part.end) if tv.is_finite(i)), None)
    return verb is not None and (tv.moods[verb] == "konj1" or (
        tv.moods[verb] == "konj2" and tv.lemmas[verb] in {"haben", "sein", "werden"}))


def _extraposed_infinitive(tv: Tokens, cue: CueMatch, segment: Segment) -> list[tuple[int, int]]:
    """A zu-infinitive after the verb-final cue in the same segment: "Philips hat angekündigt die Preise
    zu erhöhen" (the comma before the infinitive is optional in German)."""
    last = max(cue.tokens)
    if tv.tags[last] not in {"VVPP", "VVINF", "PTKVZ"} or last + 2 >= segment.end:
        return []
    end = tv.content_end(last + 1, segment.end)
    if end - 1 <= last or any(tv.is_finite(i) for i in range(last + 1, end)):
        return []
    infinitive = tv.tags[end - 1] == "VVIZU" or (tv.tags[end - 1] in {"VVINF", "VAINF"} and tv.tags[end - 2] == "PTKZU")
    return [(last + 1, end)] if infinitive else []


def _clause_before(tv: Tokens, parts: list[Segment], position: int) -> bool:
    """Whether something sayable precedes a trailing frame: a main clause, a dass/w-clause or a quotation,
    not just a fronted phrase or an adverbial clause ("In seiner Rede, die …, mahnte Harper …")."""
    return any(segment_kind(tv, part) in {"main", "dass", "w"} or any(
        tv.words[i] in QUOTE_CHARS for i in range(part.first, part.end)) for part in parts[:position])


def _starts_with_demonstrative(tv: Tokens, segment: Segment, finite: int) -> bool:
    """"Dies teilte ein Sprecher mit", "das bestätigte die Polizei": the message is what came before."""
    return tv.lower[segment.first] in {"dies", "das", "dieses"} and tv.tags[segment.first] in {
        "PDS", "ART"} and segment.first + 1 == finite


def _main_clause_resumes(tv: Tokens, parts: list[Segment], start: int, stop: int) -> int:
    """Where a subordinate message ends because the main clause goes on ("Als sie bemerkte, dass …, flüchtete sie")."""
    for part in parts[start + 1:]:
        if part.first >= stop:
            break
        if tv.is_finite(part.first) or (tv.tags[part.first] == "KON" and part.first + 1 < part.end
                                        and tv.is_finite(part.first + 1)):
            return part.first - 1
    for index in range(parts[start].first + 1, stop):  # "…, dass X würde und weigerte sich …"
        if tv.tags[index] == "KON" and index + 1 < stop and tv.is_finite(index + 1) and tv.tags[index + 1] != "VAFIN":
            return index
    return stop


def _range(span: tuple[int, int] | None) -> list[int]:
    return list(range(*span)) if span else []


def _message_start(tv: Tokens, first: int, parts: list[Segment], position: int, cues: list[CueMatch],
                   cue: CueMatch) -> int:
    """Where a message before a trailing frame starts: the sentence start, or just after an earlier cue's clause."""
    start = first
    for other in cues:  # "X sagte, A, und Y meinte, B": B's message does not reach back into X's frame
        if other is not cue and other.segment.first < cue.segment.first and other.kind == "verb" and any(
                other.segment.end < part.first < cue.segment.first for part in parts):
            start = max(start, other.segment.end + 1)
    for part in parts[:position]:  # a colon before the message closes an earlier frame
        if part.after == ":" and part.end + 1 < cue.segment.first:
            start = max(start, part.end + 1)
    return start


def _ends_open(tv: Tokens, first: int, end: int) -> bool:
    last = tv.words[end - 1]
    return last == ":" or (last not in SENTENCE_END and last not in QUOTE_CHARS and end < len(tv))


def _next_sentence_message(tv: Tokens, sentence: int) -> tuple[int, int] | None:
    if sentence + 1 >= len(tv.sentences):
        return None
    first, end = tv.sentences[sentence + 1]
    return (first, end) if end - first >= 3 else None


def _source_frame(tv: Tokens, sentence: int, cue: CueMatch, parts: list[Segment]) -> Draft | None:
    first, end = tv.sentences[sentence]
    content_end = tv.content_end(first, end)
    assert cue.frame is not None
    frame_first, frame_end = cue.frame
    if cue.kind == "refer" and cue.message_after:
        if frame_end >= content_end:
            return None
        start = frame_end + (1 if tv.words[frame_end] == "," else 0)
        message = [(start, content_end)]
        if frame_first > first and tv.lower[frame_first] != "wonach":  # "Die Polizei geht demnach davon aus"
            message = [(first, frame_first), (frame_end, content_end)]
    else:
        clause = next((p for p in parts if p.first <= frame_first < p.end), None)
        if clause is not None and segment_kind(tv, clause) == "rel" and clause.first < frame_first:
            region_first, region_end = clause.first, min(clause.end, content_end)
        elif clause is not None and clause.first == frame_first and tv.tags[frame_first + 1] in {"PRELS", "PRELAT"}:
            # "Berichte, nach denen …", "…, laut deren Angaben …": the relative clause is the message
            position = parts.index(clause)
            region_first, region_end = clause.first, _main_clause_resumes(tv, parts, position, content_end)
        else:
            region_first, region_end = first, content_end
        # a colon or semicolon bounds the statement: "Ein weiterer Umstand kommt hinzu: Wie sich … ergab, …"
        region_first = max([region_first, *[i + 1 for i in range(region_first, frame_first) if tv.words[i] in ":;"]])
        region_end = min([region_end, *[i for i in range(frame_end, region_end) if tv.words[i] in ":;"]])
        whole_segment = clause is not None and frame_first <= clause.first and frame_end >= min(clause.end,
                                                                                               content_end)
        if cue.kind == "wie" or tv.lower[cue.head] == "so" or whole_segment:
            # a frame clause between commas: the commas go with the frame
            if frame_first > region_first and tv.words[frame_first - 1] == ",":
                frame_first -= 1
            if frame_end < region_end and tv.words[frame_end] == ",":
                frame_end += 1
        message = [(a, b) for a, b in ((region_first, frame_first), (frame_end, region_end)) if b > a]
        message = [(a, _trim_comma(tv, a, b)) for a, b in message]
        message = [(a, b) for a, b in message if b > a]
    if not message:
        return None
    return Draft("indirect", message, cue=list(cue.tokens), source=_range(cue.source), kind=cue.medium)


def _trim_comma(tv: Tokens, first: int, end: int) -> int:
    while end > first and tv.words[end - 1] in {",", ":", ";"}:
        end -= 1
    return end


def _split_direct(tv: Tokens, draft: Draft, covering: list[QuoteSpan | None], result: FrameResult) -> None:
    """Turn a message that is mostly a long quotation into a direct quote of that quotation."""
    if draft.type != "indirect":
        result.drafts.append(draft)
        return
    quotes: list[QuoteSpan] = []
    inside = total = 0
    opens_quoted = None  # whether the message's first word is quoted ("der Bericht sei „…“" stays indirect)
    for first, end in draft.message:
        for index in range(first, end):
            if not tv.words[index][:1].isalnum():
                continue
            total += 1
            span = covering[index]
            if opens_quoted is None:
                opens_quoted = span is not None
            if span is not None:
                inside += 1
                if span not in quotes:
                    quotes.append(span)
    if quotes and opens_quoted and inside >= DIRECT_SHARE * total:
        draft.type = "direct"
        draft.message = [(q.first, q.end) for q in quotes]
        result.claimed.extend(quotes)
    result.drafts.append(draft)


# attach.py and continuation.py take the speaker helpers from here
__all__ = ["FrameResult", "clause_subject", "sentence_frames", "speaker_phrase"]
