"""Events from an analysed article: triggers, arguments, place, time, modality, attribution.

Runs after the entity, geo, quote and timex components and only reads their
output.  One event per sentence and type: a verb and its nominalisation in the
same sentence ("vereinbarten sie eine Waffenruhe") describe one event, so they
are merged, the verb's trigger winning.
"""

from __future__ import annotations

from lagebild.model import Article, Cue, Event, Place, Quote, Sentence, Timex

from .actors import argument_mentions
from .arguments import (
    Slot,
    actors_and_targets,
    has_anaphoric_subject,
    is_passive,
    noun_phrase,
    outer_subject,
    slots,
    theme_head,
)
from .clauses import Clause, Trigger, find_triggers, sentence_words, split_clauses
from .lexicon import DEMANDING_LEMMAS, PLACE_PREPOSITIONS, PLANNING_LEMMAS, POSSIBILITY_WORDS
from .taxonomy import cameo_code

_DATED_TIMEX = ("DATE", "TIME")
_PLACE_PREPOSITION_LEMMAS = PLACE_PREPOSITIONS | {"im"}
# Events one can receive ("erhielt eine Haftstrafe", "bekam Hilfe"): the receiver is the target.
_UNDERGONE_TYPES = frozenset({"sentence", "arrest", "sanction", "aid", "criticize"})
_RECEIVING_VERBS = frozenset({"erhalten", "bekommen", "kassieren"})


class _Context:
    """What the rules need to look up across sentences."""

    def __init__(self, article: Article) -> None:
        self.article = article
        found = argument_mentions(article)
        self.mentions = found.mentions
        self.new_entities = found.entities
        self.unnamed = found.unnamed
        self.entity_at = {(m.start, m.end): m.entity for m in article.mentions if m.entity}
        self.events: list[Event] = []
        self.setting = self._setting()

    def _setting(self) -> Place | None:
        """The article's scene: the first place named with a locative preposition in its lead."""
        lead_end = self.article.sentences[1].end if len(self.article.sentences) > 1 else len(self.article.text)
        for place in self.article.places:
            if place.start < lead_end and _preposition_before(self.article, place.start) in _PLACE_PREPOSITION_LEMMAS:
                return place
        return None

    def place_id(self, place: Place) -> str:
        return self.entity_at.get((place.start, place.end)) or (
            f"geonames:{place.geonames_id}" if place.geonames_id else place.name)


def _preposition_before(article: Article, offset: int) -> str | None:
    before = [t for t in article.tokens if t.end <= offset][-3:]
    for token in reversed(before):
        if token.pos in ("APPR", "APPRART"):
            return (token.lemma or "").lower() if token.pos == "APPR" else article.text[token.start:token.end].lower()
        if token.pos not in ("ART", "ADJA", "ADV"):
            return None
    return None


def extract_events(article: Article) -> list[Event]:
    context = _Context(article)
    for index, sentence in enumerate(article.sentences):
        _sentence_events(context, index, sentence)
    _share_start_times(context.events)
    # Institutions and countries found by the argument rules become entities when an event uses them.
    for event in context.events:
        event.actors = [a for a in event.actors if a not in context.unnamed]
        event.targets = [t for t in event.targets if t not in context.unnamed]
    used = {i for e in context.events for i in (*e.actors, *e.targets)}
    article.entities += [e for e in context.new_entities if e.id in used]
    return context.events


def _sentence_events(context: _Context, index: int, sentence: Sentence) -> None:
    article = context.article
    clauses = split_clauses(sentence_words(article, index))
    per_type: dict[str, Event] = {}
    previous_in_sentence: Event | None = None
    previous_trigger: Trigger | None = None
    slots_of: dict[int, list[Slot]] = {}
    for clause in clauses:
        triggers = find_triggers(clause)
        nominal_types = {t.head.index: t.type for t in triggers if t.nominal}
        clause_slots = slots_of[clause.index] = slots(clause, context.mentions)
        # Verbs first: their arguments are clearer, and they win the merge.
        for trigger in sorted(triggers, key=lambda t: t.nominal):
            if trigger.in_force and _date_agreement(context, clause, trigger, per_type):
                continue
            actors, targets = actors_and_targets(trigger, clause_slots)
            if not actors and (inherited := outer_subject(clauses, clause, slots_of)):
                if is_passive(trigger):
                    targets = list(dict.fromkeys(inherited + targets))
                elif not (trigger.nominal and targets):
                    actors = inherited
            controlled = clause.kind == "inf" or trigger.head.pos == "VVIZU"
            if not actors and controlled and previous_in_sentence is not None:
                demanding = previous_trigger is not None and previous_trigger.lemma in DEMANDING_LEMMAS
                actors = list(previous_in_sentence.targets if demanding else previous_in_sentence.actors)
            if controlled and previous_in_sentence is not None and previous_in_sentence.theme is None:
                # "vereinbarten, eine Arbeitsgruppe zu gründen": the agreement is about the group
                previous_in_sentence.theme = _theme(article, trigger, clause_slots, nominal_types)
            if not actors and trigger.nominal and (owner := _possessor(context, trigger)) is not None:
                actors = [owner]
            if not actors and has_anaphoric_subject(clause) and context.events:
                actors = list(context.events[-1].actors)
            if trigger.nominal and trigger.type in _UNDERGONE_TYPES and clause.lemmas() & _RECEIVING_VERBS:
                # "Sie erhielten Haftstrafen": the subject of "erhalten" undergoes the event.
                actors, targets = [], list(dict.fromkeys(actors + targets))
            if trigger.nominal and not actors and not targets and any(
                e.type == trigger.type for e in context.events
            ):
                continue  # "die Ergebnisse des Treffens": a re-mention of an earlier event
            theme = _theme(article, trigger, clause_slots, nominal_types)
            event = Event(
                type=trigger.type,
                trigger=_cue(article, trigger),
                actors=actors,
                targets=[t for t in targets if t not in actors],
                time=_time(article, clause, clauses),
                code=cameo_code(trigger.type),
                sentence=index,
                theme=theme,
                polarity=_polarity(clause, trigger),
                modality=_modality(article, clause, trigger, previous_trigger),
            )
            _set_place(context, event, clause, sentence)
            _set_attribution(article.quotes, event)
            if trigger.in_force:
                event.start_time = _clause_timex(article, clause)
            merged = per_type.get(trigger.type)
            if merged is not None:
                _merge(merged, event)
                continue
            per_type[trigger.type] = event
            context.events.append(event)
            previous_in_sentence, previous_trigger = event, trigger


def _possessor(context: _Context, trigger: Trigger) -> str | None:
    """'mit seinem Rücktritt': the last person named before a noun with a possessive determiner
    ('sein' a person, 'ihr' a person or an organisation)."""
    words = trigger.clause.words
    i = words.index(trigger.head) - 1
    while i >= 0 and words[i].pos in ("ADJA", "ADV", "CARD"):
        i -= 1
    if i < 0 or words[i].pos != "PPOSAT" or words[i].lemma not in ("sein", "ihr"):
        return None
    labels = ("PER",) if words[i].lemma == "sein" else ("PER", "ORG")
    before = [m for m in context.mentions if m.end <= words[i].start and m.label in labels and m.entity]
    return before[-1].entity if before else None


def _cue(article: Article, trigger: Trigger) -> Cue:
    # A split trigger ("kündigte ... an") keeps the verb as the cue: the span between the parts
    # would be most of the clause.
    head = trigger.head
    return Cue(article.text[head.start:head.end], head.start, head.end)


def _merge(kept: Event, other: Event) -> None:
    kept.actors += [a for a in other.actors if a not in kept.actors]
    kept.targets += [t for t in other.targets if t not in kept.targets and t not in kept.actors]
    kept.theme = kept.theme or other.theme
    kept.start_time = kept.start_time or other.start_time
    if kept.place is None:
        kept.place, kept.place_name = other.place, other.place_name


def _theme(article: Article, trigger: Trigger, clause_slots: list[Slot], nominal_types: dict[int, str]) -> str | None:
    if trigger.nominal:
        start, end = noun_phrase(trigger.clause, trigger.head)
        return article.text[start:end]
    head = theme_head(trigger, clause_slots, nominal_types)
    if head is None:
        return None
    start, end = noun_phrase(trigger.clause, head)
    return article.text[start:end]


def _date_agreement(context: _Context, clause: Clause, trigger: Trigger, per_type: dict[str, Event]) -> bool:
    """'…, die am Sonntag in Kraft treten soll' / 'Diese soll … in Kraft treten': give the
    agreement just mentioned its start time instead of making a new event."""
    refers_back = clause.kind == "rel" or any(
        w.pos in ("PDS", "PPER", "PDAT") for w in clause.words if w.index < trigger.head.index)
    earlier = per_type.get("agree") or next((e for e in reversed(context.events) if e.type == "agree"), None)
    if not refers_back or earlier is None:
        return False
    start = _clause_timex(context.article, clause)
    if start is not None:
        earlier.start_time = _more_precise(earlier.start_time, start)
    return True


def _more_precise(old: str | None, new: str) -> str:
    if old is None or (new.startswith(old[:10]) and len(new) > len(old)):
        return new
    return old


def _clause_timexes(article: Article, start: int, end: int) -> list[Timex]:
    return [t for t in article.timexes if t.type in _DATED_TIMEX and t.start >= start and t.end <= end
            and t.value[:1].isdigit()]


def _clause_timex(article: Article, clause: Clause) -> str | None:
    found = _clause_timexes(article, clause.start, clause.end)
    return max((t.value for t in found), key=len) if found else None


def _time(article: Article, clause: Clause, clauses: list[Clause]) -> str | None:
    """A date in the trigger's clause, else in a main clause of its sentence, else the article date."""
    own = _clause_timex(article, clause)
    if own is not None:
        return own
    for other in clauses:
        if other.kind == "main" and other is not clause and (value := _clause_timex(article, other)):
            return value
    return article.published[:10] if article.published else None


def _polarity(clause: Clause, trigger: Trigger) -> str:
    for word in clause.words:
        if word.pos == "PTKNEG" or (word.lemma == "kein" and word.pos.startswith("PI")):
            return "negative"
        if word.lemma in ("niemals", "nie") and word.pos == "ADV":
            return "negative"
    return "positive"


def _modality(article: Article, clause: Clause, trigger: Trigger, previous: Trigger | None) -> str:
    words = clause.words
    lemmas = clause.lemmas()
    embedded = clause.kind in ("inf", "sub") or trigger.head.pos == "VVIZU"
    if embedded and previous is not None and previous.lemma in DEMANDING_LEMMAS:
        return "demanded"
    if lemmas & POSSIBILITY_WORDS or any(w.lemma == "werden" and w.token.mood == "konj2" for w in words):
        return "possible"
    if any(w.lemma == "sollen" for w in words) and any(w.pos == "VAINF" and w.lemma in ("haben", "sein")
                                                          for w in words):
        return "possible"  # "soll ... getötet haben": allegedly
    if any(w.pos == "VMFIN" and w.lemma in ("sollen", "wollen") for w in words):
        return "planned"
    if any(w.pos == "VAFIN" and w.lemma == "werden" for w in words) and trigger.head.pos == "VVINF":
        return "planned"  # future: "werden sich treffen"
    if embedded and clause.kind == "inf" and previous is not None and previous.lemma in PLANNING_LEMMAS:
        return "planned"
    if any(w.lemma in ("planen", "beabsichtigen") for w in words) and trigger.head.pos in ("VVINF", "VVIZU"):
        return "planned"
    own = _clause_timex(article, clause)
    if own and article.published and own[:10] > article.published[:10] and not trigger.in_force:
        return "planned"
    return "asserted"


def _set_place(context: _Context, event: Event, clause: Clause, sentence: Sentence) -> None:
    article = context.article
    located = [p for p in article.places if sentence.start <= p.start and p.end <= sentence.end
               and _preposition_before(article, p.start) in _PLACE_PREPOSITION_LEMMAS]
    in_clause = [p for p in located if clause.start <= p.start and p.end <= clause.end]
    place = in_clause[0] if in_clause else located[0] if located else context.setting
    if place is not None:
        event.place, event.place_name = context.place_id(place), place.name


def _set_attribution(quotes: list[Quote], event: Event) -> None:
    covering = sorted((q for q in quotes if q.start <= event.trigger.start and event.trigger.end <= q.end),
                      key=lambda q: q.end - q.start)
    if covering:
        # "Lawrow erklärte, Putin und Trump hätten vereinbart, … zu gründen": the actors' own agreement
        # nested in Lawrow's statement is what he reports; the reporter is the attribution.
        reporters = [q for q in covering if q.speaker not in event.actors]
        quote = reporters[0] if reporters else covering[0]
        event.attribution, event.speaker = "reported", quote.speaker


def _share_start_times(events: list[Event]) -> None:
    """Two mentions of one ceasefire: the most precise start time holds for both."""
    by_theme: dict[str, list[Event]] = {}
    for event in events:
        if event.theme and event.type == "agree":
            head = next((w for w in event.theme.split() if w[:1].isupper()), event.theme)
            by_theme.setdefault(head.lower(), []).append(event)
    for group in by_theme.values():
        best: str | None = None
        for event in group:
            if event.start_time:
                best = _more_precise(best, event.start_time)
        for event in group:
            if best and (event.start_time is None or best.startswith(event.start_time)):
                event.start_time = best
