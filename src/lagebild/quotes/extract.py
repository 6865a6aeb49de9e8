"""Put the pieces together: frames, quotations, free indirect speech, speakers.

Order of work for one article:

1. pair quotation marks (:mod:`.direct`);
2. per sentence, find cues outside long quotations (:mod:`.cues`) and build
   their frames, messages and speaker phrases (:mod:`.reported`);
3. attach the long quotations no frame claimed (:mod:`.attach`);
4. reported speech without cue: reported clauses and free indirect
   continuation (:mod:`.continuation`);
5. short quotations: nested in reported messages or introduced by a cue
   (:mod:`.attach`);
6. resolve speakers (:mod:`.speakers`).

With a trained model (:mod:`.neural`, opt-in) steps 1–5 are the model's two
passes instead; speakers are resolved by the same code.
"""

from __future__ import annotations

from dataclasses import replace

from lagebild.model import Article

from .attach import attach_quotations, partial_quotations, reanchor_quotations
from .base import FORM_OF_TYPE, Attribution, Draft, QuoteType, Tokens
from .continuation import free_indirect, konjunktiv_clauses
from .cues import CueMatch, find_cues, sentence_segments
from .direct import QuoteSpan, find_quote_spans, quote_index
from .neural import QuoteModel, Statement
from .reported import sentence_frames
from .speakers import resolve_speakers

IMPERSONAL = frozenset({"es", "man"})
# the model's forms -> our types (SpkAtt's two free indirect forms are one type here)
TYPE_OF_FORM: dict[str, QuoteType] = {form: kind for kind, form in FORM_OF_TYPE.items()} | {
    "FreeIndirect": "free_indirect"}
ANCHOR_WINDOW = 3  # sentences: a model statement without source continues a speaker this close


def extract_attributions(article: Article, model: QuoteModel | None = None) -> list[Attribution]:
    """All statements in a tagged article (tokens with ``pos``, ``lemma`` and ``mood``).

    ``model``: the trained quote model (:func:`lagebild.quotes.neural.configured_model`)
    finds the statements instead of the rules.
    """
    tv = Tokens(article)
    if not len(tv):
        return []
    drafts = _model_drafts(tv, model) if model is not None else _rule_drafts(tv)
    drafts.sort(key=lambda d: (d.first, d.nested))
    for draft in drafts:
        draft.source = _after_colon(tv, draft.source)
    resolve_speakers(tv, article, drafts)
    return [_finish(tv, d) for d in drafts]


def _model_drafts(tv: Tokens, model: QuoteModel) -> list[Draft]:
    """The model's statements, plus the partial quotes the rules find inside their messages (the model
    tags top-level messages only; its second pass gives the partial quotes' cue and source).  A statement
    without a source that reads as free indirect speech continues the nearest earlier speaker."""
    statements, encoded = model.messages(tv.words, tv.sentences)
    messages = [Draft("indirect", s.message) for s in statements]
    statements += [Statement("Direct", d.message, nested=True) for d in _rule_drafts(tv) if d.nested
                   and d.type == "direct" and any(m.covers(d.first) and m.covers(d.last) for m in messages)]
    model.roles(encoded, statements)
    drafts: list[Draft] = []
    for statement in statements:
        draft = Draft(TYPE_OF_FORM.get(statement.form, "indirect"), statement.message, statement.cue,
                      statement.source, statement.form, nested=statement.nested)
        if not draft.source and draft.type == "free_indirect":
            sentence = tv.sentence_of[draft.first]
            draft.anchor = next((d for d in reversed(drafts) if (d.source or d.anchor) and d.first < draft.first
                                 and sentence - tv.sentence_of[d.first] <= ANCHOR_WINDOW), None)
        drafts.append(draft)
    return drafts


def _rule_drafts(tv: Tokens) -> list[Draft]:
    spans = find_quote_spans(tv)
    covering = quote_index(tv, spans)
    drafts: list[Draft] = []
    claimed: list[QuoteSpan] = []
    cues_by_sentence: dict[int, list[CueMatch]] = {}
    for sentence in range(len(tv.sentences)):
        cues = [_outside_quotations(tv, c, covering) for c in find_cues(tv, sentence) if covering[c.head] is None]
        cues_by_sentence[sentence] = cues
        result = sentence_frames(tv, sentence, cues, covering)
        drafts += result.drafts
        claimed += result.claimed
    drafts += attach_quotations(tv, spans, claimed, cues_by_sentence, drafts)
    drafts += konjunktiv_clauses(tv, drafts, covering)
    absorbed: list[Draft] = []
    drafts += free_indirect(tv, drafts, covering, absorbed)
    drafts = [d for d in drafts if not any(d is a for a in absorbed)]
    reanchor_quotations(tv, drafts)
    drafts += partial_quotations(tv, spans, drafts, cues_by_sentence)
    return _split_coordinated(tv, _without_duplicates(drafts))


def _outside_quotations(tv: Tokens, cue: CueMatch, covering: list[QuoteSpan | None]) -> CueMatch:
    """A cue lies outside quotations, all of it: "„…, wie sich der Papst … muss“, sagte Merkel" is the
    verb cue "sagte", not a "wie … sagte" frame reaching into the quotation."""
    if all(covering[i] is None for i in cue.tokens):
        return cue
    segment = next(p for p in sentence_segments(tv, tv.sentence_of[cue.head]) if cue.head in p)
    tokens = [i for i in cue.tokens if covering[i] is None]
    return replace(cue, kind="verb" if cue.kind == "wie" else cue.kind, tokens=tokens, segment=segment,
                   frame=None, source=None)


def _without_duplicates(drafts: list[Draft]) -> list[Draft]:
    """One quotation found twice — framed by an inner verb without a speaker ("Mehsud sollte wissen, „…“")
    and nested in the reported message around it — keeps only the version with a speaker phrase."""
    sourced = {tuple(d.message) for d in drafts if d.type == "direct" and d.source}
    return [d for d in drafts if d.type != "direct" or d.source or tuple(d.message) not in sourced]


def _split_coordinated(tv: Tokens, drafts: list[Draft]) -> list[Draft]:
    """Quotations joined by a conjunction ("erklärte: „…“ und „…“") are separate statements with the same
    frame; parts that a frame interrupts ("„…“, sagte er, „…“") stay one."""
    result: list[Draft] = []
    for draft in drafts:
        if draft.type != "direct" or len(draft.message) < 2:
            result.append(draft)
            continue
        groups: list[list[tuple[int, int]]] = [[draft.message[0]]]
        for previous, part in zip(draft.message, draft.message[1:], strict=False):
            gap = [i for i in range(previous[1], part[0]) if tv.words[i][:1].isalnum()]
            if gap and all(tv.tags[i] == "KON" for i in gap):
                groups.append([part])
            else:
                groups[-1].append(part)
        result += [replace(draft, message=group) for group in groups] if len(groups) > 1 else [draft]
    return result


def _after_colon(tv: Tokens, source: list[int]) -> list[int]:
    """A speaker phrase does not reach across a colon: "Arbeitswelt: Die SPD will …" -> "Die SPD"."""
    colons = [k for k, i in enumerate(source) if tv.words[i] == ":"]
    return source[colons[-1] + 1:] if colons and colons[-1] + 1 < len(source) else source


def _finish(tv: Tokens, draft: Draft) -> Attribution:
    message = [tv.span(first, end) for first, end in draft.message if end > first]
    source = draft.source
    if len(source) == 1 and tv.lower[source[0]] in IMPERSONAL:  # "heißt es", "man": no speaker is named
        source = []
    return Attribution(draft.type, message, tv.spans(draft.cue), tv.spans(source), list(draft.speakers),
                       draft.form or FORM_OF_TYPE[draft.type], draft.nested, draft.medium)
