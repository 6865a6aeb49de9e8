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
  ("bezeichnete das Unglück als „große Tragödie“"), else a scare quote.
"""

from __future__ import annotations

from .base import Draft, Tokens
from .cues import CueMatch, sentence_segments
from .direct import QuoteSpan, is_title
from .phrases import could_speak, noun_phrase, segments
from .reported import clause_subject, speaker_phrase

QUOTE_ANCHOR_WINDOW = 2  # sentences between an unattributed quote and the speaker it continues


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
            result.append(Draft("direct", [(span.first, span.end)], cue=list(cue.tokens),
                                source=list(range(*source)) if source else [], kind=cue.medium))
            continue
        introducer = _colon_introducer(tv, span)
        if introducer is not None:
            result.append(Draft("direct", [(span.first, span.end)], source=list(range(*introducer))))
            continue
        anchor = anchor_before(tv, drafts + result, span.first, QUOTE_ANCHOR_WINDOW)
        # a quotation that goes on after a framed one shares its frame ("„…“, so Schnappauf. „…“")
        shared = list(anchor.cue) if anchor is not None and anchor.type == "direct" else []
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


def _colon_introducer(tv: Tokens, span: QuoteSpan) -> tuple[int, int] | None:
    """"Ein Beamter der Nationalpolizei: „…“", "Die Bewohner sehen alles gelassen: „…“": the phrase
    or the subject of the clause before the colon introduces the quotation."""
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
        return phrase if phrase is not None and could_speak(tv, *phrase) else None
    return clause_subject(tv, verbs[0], parts)


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
            draft.cue = list(anchor.cue) if anchor.type == "direct" else []


def partial_quotations(tv: Tokens, spans: list[QuoteSpan], drafts: list[Draft],
                       cues_by_sentence: dict[int, list[CueMatch]]) -> list[Draft]:
    """Short quotations: nested in a reported message ("„Aus offensichtlichen Gründen“ würde …, so Lawrow"),
    or the object of a cue in their sentence ("bezeichnete das Unglück als „große Tragödie“")."""
    result: list[Draft] = []
    for span in spans:
        if span.depth or not span.opened or is_title(tv, span):
            continue
        inner_first, inner_end = span.inner
        if inner_end <= inner_first:
            continue
        parent = next((d for d in drafts if d.type != "direct" and d.covers(span.first) and d.covers(span.end - 1)),
                      None)
        if parent is not None:
            result.append(Draft("direct", [(span.first, span.end)], cue=_frame_cue(parent),
                                source=list(parent.source), nested=True, anchor=parent, kind=parent.kind))
            continue
        if span.long or any(d.covers(span.first) for d in drafts):
            continue
        sentence = tv.sentence_of[span.first]
        cue = next((c for c in cues_by_sentence.get(sentence, []) if c.kind == "verb" and _quote_is_object(
            tv, span, c)), None)
        if cue is not None and span.words >= 2:
            source = speaker_phrase(tv, cue, sentence_segments(tv, sentence))
            result.append(Draft("direct", [(span.first, span.end)], cue=list(cue.tokens),
                                source=list(range(*source)) if source else [], kind=cue.medium))
    return result


def _quote_is_object(tv: Tokens, span: QuoteSpan, cue: CueMatch) -> bool:
    """A partial quote introduced by its cue: after the verb in its clause ("warnte vor einem „…“"), or
    fronted with "als" ("Als „verpasste Chance“ beurteilte …")."""
    if not cue.segment.first <= span.first < cue.segment.end:
        return False
    return span.first > cue.head or (span.first > 0 and tv.lower[span.first - 1] == "als")


def _frame_cue(draft: Draft) -> list[int]:
    """The cue a nested quotation shares: its statement's own, else that of the frame a free indirect
    statement continues ("Obama sagte, … . Allerdings sei das System „kaputt“": "sagte")."""
    seen = 0
    current: Draft | None = draft
    while current is not None and seen < 8:
        if current.cue or current.verb:
            return list(current.cue or current.verb)
        current, seen = current.anchor, seen + 1
    return []
