"""Attach quotations to their speakers when no frame claimed them.

* A long quotation (a statement, see :mod:`.direct`) without a frame of its own
  takes the verb cue of its sentence that frames it without comma or colon
  ("„…“ schrieben die Hacker"), else the phrase before a colon ("Ein Beamter
  der Nationalpolizei: „…“"), else the speaker of the statement just before
  it (within ``QUOTE_ANCHOR_WINDOW`` sentences: a quote that continues a
  speaker), else it stays a direct quote without speaker.
* A short quotation inside a reported message ("„Aus offensichtlichen
  Gründen“ würde …, so Lawrow") is a nested direct quote of the same speaker;
  outside one it is a direct quote when a cue in its sentence introduces it
  ("bezeichnete das Unglück als „große Tragödie“"), else a scare quote.  One
  whose words are all capitalised is a name or term ("„Graf Zeppelin“").
"""

from __future__ import annotations

from .base import Draft, Tokens
from .cues import CueMatch, sentence_segments
from .direct import QuoteSpan, is_name, is_title
from .phrases import Segment, could_speak, main_verb, noun_phrase, segment_kind, segments, subject_after
from .reported import clause_subject, speaker_phrase

QUOTE_ANCHOR_WINDOW = 2  # sentences between an unattributed quote and the speaker it continues
# Verbs of judging before a colon: the quotation illustrates a view, and SpkAtt marks no cue.
OPINION_VERBS = frozenset({"sehen", "empfinden", "finden", "halten", "betrachten", "bewerten", "sein", "haben"})
CLAUSE_FINAL_VERBS = frozenset({"VVPP", "VAPP", "VMPP", "VVINF", "VAINF", "VMINF", "VVIZU"})


def attach_quotations(tv: Tokens, spans: list[QuoteSpan], claimed: list[QuoteSpan],
                       cues_by_sentence: dict[int, list[CueMatch]], drafts: list[Draft]) -> list[Draft]:
    """Direct quotes for the long quotations that no frame claimed."""
    result: list[Draft] = []
    taken = {id(q) for q in claimed}
    for span in spans:
        if span.depth or not span.long or id(span) in taken:
            continue
        if any(d.covers(span.first) and d.covers(span.end - 1) for d in drafts):
            continue  # inside a reported message: a nested quote (below)
        cue = _nearest_cue(tv, span, cues_by_sentence)
        if cue is not None:
            source = speaker_phrase(tv, cue, sentence_segments(tv, tv.sentence_of[cue.head]))
            if source is not None and span.first <= source[0] < span.end:
                # the speaker is never inside the quotation: "„…, wenn sie …?“ fragen sich Experten"
                source = subject_after(tv, cue.head, tv.content_end(*tv.sentences[tv.sentence_of[cue.head]]))
            result.append(Draft("direct", [(span.first, span.end)], cue=list(cue.tokens),
                                source=list(range(*source)) if source else [], kind=cue.medium))
            continue
        introducer = _colon_introducer(tv, span)
        if introducer is not None:
            source, verbs = introducer
            result.append(Draft("direct", [(span.first, span.end)], cue=verbs, source=list(range(*source))))
            continue
        anchor = anchor_before(tv, drafts + result, span.first, QUOTE_ANCHOR_WINDOW)
        # a quotation that goes on after a framed statement shares its frame ("„…“, so Schnappauf. „…“",
        # "Nach Ansicht von X ist … . „…“")
        shared = _frame_cue(anchor, verbs=False) if anchor is not None else []
        result.append(Draft("direct", [(span.first, span.end)], cue=shared, anchor=anchor))
    return result


def _nearest_cue(tv: Tokens, span: QuoteSpan, cues_by_sentence: dict[int, list[CueMatch]]) -> CueMatch | None:
    """The verb cue that frames a quotation without comma or colon: right after it in its last sentence
    ("„…“ schrieben die Hacker"), else the last one before it in its first sentence."""
    after = [c for c in cues_by_sentence.get(tv.sentence_of[span.end - 1], [])
             if c.kind == "verb" and c.head >= span.end]
    if after:
        return min(after, key=lambda c: c.head)
    before = [c for c in cues_by_sentence.get(tv.sentence_of[span.first], [])
              if c.kind == "verb" and c.head < span.first]
    return max(before, key=lambda c: c.head) if before else None


def _colon_introducer(tv: Tokens, span: QuoteSpan) -> tuple[tuple[int, int], list[int]] | None:
    """"Ein Beamter der Nationalpolizei: „…“", "Die Bewohner sehen alles gelassen: „…“": the phrase
    or the subject of the clause before the colon introduces the quotation; the predicate of that
    clause is its cue, whatever the verb ("griff den Präsidenten an: „…“"), as SpkAtt marks it."""
    colon = span.first - 1
    if colon < 1 or tv.words[colon] != ":":
        return None
    sentence = tv.sentence_of[colon]
    first, _ = tv.sentences[sentence]
    parts = [p for p in segments(tv, first, colon) if p.end <= colon]
    if not parts:
        return None
    last = parts[-1]
    verbs = [i for i in range(last.first, last.end) if tv.is_finite(i)]
    if not verbs:
        phrase = noun_phrase(tv, last.first, last.end)  # "Punklady Nina Hagen zur neuen Heimat: „…“"
        return (phrase, []) if phrase is not None and could_speak(tv, *phrase) else None
    if tv.moods[verbs[0]] == "konj1":
        return None  # "Die Pflichten seien klar festgelegt: „…“" goes on with the reported speaker
    subject = clause_subject(tv, verbs[0], parts)
    if subject is not None and not could_speak(tv, *subject):
        # a fronted object ("Jegliche Verantwortung weist Hartmann von sich:"); a possessive subject
        # refers back to the speaker before ("Seine Zuversicht gründet sich auf …:")
        after = subject_after(tv, verbs[0], colon)
        if after is not None and could_speak(tv, *after):
            subject = after
        elif tv.tags[subject[0]] == "PPOSAT":
            subject = None
    if subject is None:
        return None
    main = segment_kind(tv, last) == "main" and not subject[0] <= verbs[0] < subject[1]
    predicate = _predicate(tv, verbs[-1], last) if main else []
    lexical = [i for i in predicate if tv.tags[i].startswith("VV")] or predicate
    if lexical and tv.lemmas[lexical[-1]] in OPINION_VERBS:
        predicate = []  # "Zypries sieht darin eine Bestätigung: „…“" gives an opinion, not a speech act
    return subject, predicate


def _predicate(tv: Tokens, finite: int, part: Segment) -> list[int]:
    """The verb complex of a main clause: the finite verb, a reflexive right after it ("äußerte sich"),
    the separable particle and the non-finite verbs at the clause end ("hatte … gefragt", "griff … an")."""
    result = [finite]
    if finite + 1 < part.end and tv.tags[finite + 1] == "PRF":
        result.append(finite + 1)
    end = tv.content_end(part.first, part.end)
    index = end - 1
    # a preposition cannot end a clause: before the colon it is a particle the tagger missed ("teilte … mit:")
    while index > finite and (tv.tags[index] in CLAUSE_FINAL_VERBS or (
            index == end - 1 and tv.tags[index] in {"PTKVZ", "APPR"})):
        result.append(index)
        index -= 1
    return sorted(result)


def anchor_before(tv: Tokens, drafts: list[Draft], position: int, window: int) -> Draft | None:
    """The latest statement with a speaker phrase before ``position`` within ``window`` sentences."""
    sentence = tv.sentence_of[position]
    best: Draft | None = None
    for draft in drafts:
        if draft.first < position and (draft.source or draft.anchor) and draft.kind != "agreement" and (
                best is None or draft.first > best.first) and sentence - tv.sentence_of[draft.first] <= window:
            best = draft
    return best


def reanchor_quotations(tv: Tokens, drafts: list[Draft]) -> None:
    """Quotations still without speaker after free indirect speech was found: a quotation inside a chain
    of reported sentences ("Stöhr sagte: „…“ Die Gefahr sei real. … „Aber das Virus hat …“") continues
    that chain's speaker and shares the frame's cue, as SpkAtt marks it."""
    for draft in drafts:
        if draft.type != "direct" or draft.nested or draft.source or draft.anchor is not None or draft.cue:
            continue
        anchor = anchor_before(tv, [d for d in drafts if d is not draft], draft.first, QUOTE_ANCHOR_WINDOW)
        if anchor is not None:
            draft.anchor, draft.kind = anchor, anchor.kind
            draft.cue = _frame_cue(anchor, verbs=False)
        else:
            draft.source = _previous_speaker(tv, tv.sentence_of[draft.first])


def _previous_speaker(tv: Tokens, sentence: int) -> list[int]:
    """A quotation right after a sentence about a speaker ("Sadiq Khan verurteilte die Haltung der
    Regierung. „Diese Regierung …“") is that speaker's: the subject of the sentence before, when it can
    speak."""
    if sentence == 0:
        return []
    verb = main_verb(tv, sentence - 1)
    if verb is None:
        return []
    first, end = tv.sentences[sentence - 1]
    phrase = clause_subject(tv, verb, segments(tv, first, end))
    return list(range(*phrase)) if phrase is not None and could_speak(tv, *phrase) else []


def partial_quotations(tv: Tokens, spans: list[QuoteSpan], drafts: list[Draft],
                       cues_by_sentence: dict[int, list[CueMatch]]) -> list[Draft]:
    """Short quotations: nested in a reported message ("„Aus offensichtlichen Gründen“ würde …, so Lawrow"),
    or the object of a cue in their sentence ("bezeichnete das Unglück als „große Tragödie“")."""
    result: list[Draft] = []
    for span in spans:
        if span.depth or not span.opened or is_title(tv, span):
            continue
        named = is_name(tv, span)
        inner_first, inner_end = span.inner
        if inner_end <= inner_first:
            continue
        parent = _parent(span, drafts)
        if parent is not None and not named:
            result.append(Draft("direct", [(span.first, span.end)], cue=_frame_cue(parent),
                                source=_nested_source(tv, span, parent), nested=True, anchor=parent,
                                kind=parent.kind))
            continue
        if span.long or (named and not _judged(tv, span)) or any(d.covers(span.first) for d in drafts
                                                                 if d.type != "reported"):
            continue
        sentence = tv.sentence_of[span.first]
        # the nearest cue before the quotation introduces it ("informierte sich und sprach von einer „…“")
        objects = [c for c in cues_by_sentence.get(sentence, []) if c.kind == "verb" and _quote_is_object(tv, span, c)]
        cue = min(objects, key=lambda c: (c.head > span.first, abs(span.first - c.head)), default=None)
        if cue is not None and span.words >= 1:
            source = speaker_phrase(tv, cue, sentence_segments(tv, sentence))
            if source is not None and source[0] <= span.first < source[1]:
                continue  # a name in the speaker phrase ("berichtet die Online-Ausgabe des „Spiegel“")
            result.append(Draft("direct", [(span.first, span.end)], cue=list(cue.tokens),
                                source=list(range(*source)) if source else [], kind=cue.medium))
    return result


def _nested_source(tv: Tokens, span: QuoteSpan, parent: Draft) -> list[int]:
    """The speaker phrase of a nested quotation: its statement's, but in a statement that continues an
    earlier speaker, the speaker named in the quotation's own sentence ("Bernd Osterloh griff … an. In
    dem Verfahren sieht Osterloh einen „Angriff …“, es stehe …": "Osterloh")."""
    sentence = tv.sentence_of[span.first]
    if not parent.source or tv.sentence_of[parent.source[0]] == sentence:
        return list(parent.source)
    verb = main_verb(tv, sentence)
    if verb is None:
        return list(parent.source)
    first, end = tv.sentences[sentence]
    phrase = clause_subject(tv, verb, segments(tv, first, end))
    if phrase is None or phrase[0] >= span.first or not any(tv.tags[i] == "NE" for i in range(*phrase)):
        return list(parent.source)
    return list(range(*phrase))


def _parent(span: QuoteSpan, drafts: list[Draft]) -> Draft | None:
    """The statement a quotation is nested in.  Of several, a framed one before a frameless clause
    ("warf ihm vor, er habe gezeigt, ein „…“ zu sein": the accusation), a speech frame before a thought
    frame ("Sie wisse, dass … „…“ sei, hatte Koch-Mehrin gesagt"), else the innermost."""
    covering = [d for d in drafts if d.type != "direct" and d.covers(span.first) and d.covers(span.end - 1)]
    return min(covering, key=lambda d: (not (d.cue or d.verb), d.kind == "thought", d.last - d.first), default=None)


def _judged(tv: Tokens, span: QuoteSpan) -> bool:
    """A single capitalised word after "als" or an article is a judgement, not a name ("nannte dies einen
    „Militärputsch“", "wies das als „Unverschämtheit“ zurück")."""
    return span.words == 1 and span.first > 0 and (tv.lower[span.first - 1] == "als" or tv.tags[span.first - 1] in {
        "ART", "PIAT"})


def _quote_is_object(tv: Tokens, span: QuoteSpan, cue: CueMatch) -> bool:
    """A partial quote introduced by its cue: after the verb in its clause ("warnte vor einem „…“"), or
    fronted with "als" ("Als „verpasste Chance“ beurteilte …")."""
    if not cue.segment.first <= span.first < cue.segment.end:
        return False
    return span.first > cue.head or (span.first > 0 and tv.lower[span.first - 1] == "als")


def _frame_cue(draft: Draft, *, verbs: bool = True) -> list[int]:
    """The cue a nested quotation shares: its statement's own, else that of the frame a free indirect
    statement continues ("Obama sagte, … . Allerdings sei das System „kaputt“": "sagte").  A reported
    statement's verb counts only with ``verbs``."""
    seen = 0
    current: Draft | None = draft
    while current is not None and seen < 8:
        if current.cue or (verbs and current.verb):
            return list(current.cue or current.verb)
        current, seen = current.anchor, seen + 1
    return []
