"""Who, to whom, about what: entity mentions of a clause in their syntactic slots.

Without a parser the slot of a mention is read off the words just before it:
a preposition puts it in a prepositional phrase ("gegen Russland", "in
Hamburg"), a noun makes it a genitive attribute ("die Festnahme des Täters"),
"und" coordinates it with the mention before, and anything else leaves it bare
(subject or object).  The first bare group of an active clause is the actor,
later bare groups are targets; a passive swaps that and takes "von"/"durch"
phrases as actors.
"""

from __future__ import annotations

from dataclasses import dataclass

from lagebild.model import Mention

from .clauses import Clause, Trigger, Word
from .lexicon import AGENT_PREPOSITIONS, ANAPHOR_NOUNS, PLURAL_ANAPHORS, TARGET_PREPOSITIONS

# Words that may stand between a preposition (or a governing noun) and its noun phrase.
_NP_INNER = frozenset({"ART", "ADJA", "ADJD", "PPOSAT", "PIAT", "PIDAT", "CARD", "ADV", "PDAT", "TRUNC"})
_THEME_PREPOSITIONS = frozenset({"auf", "über", "um", "zu", "für", "nach", "gegen"})
_ATTACHING_PREPOSITIONS = frozenset({"für", "über", "zu", "gegen", "mit", "zwischen", "von", "nach", "in"})
# Event types whose genitive/"von" attribute of the trigger noun is the one it happens to.
_PATIENT_NOUN_TYPES = frozenset({"arrest", "kill", "sentence", "attack", "elect", "resign", "sanction",
                                 "investigate", "aid"})


@dataclass(slots=True)
class Slot:
    mention: Mention
    first: Word  # first word of the mention
    role: str  # "bare", "gen", or a preposition lemma
    group: int  # coordinated mentions share a group
    governor: int | None = None  # for "gen": index of the noun the mention is an attribute of


def clause_mentions(clause: Clause, mentions: list[Mention]) -> list[Mention]:
    """Linked mentions inside the clause, outermost only, without compound modifiers ("G20-Gipfel")."""
    inside = [m for m in mentions if m.entity and m.start >= clause.start and m.end <= clause.end]
    outer = [m for m in inside
             if not any(o is not m and o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
                        for o in inside)]
    result: list[Mention] = []
    for m in outer:
        covering = next((w for w in clause.words if w.start <= m.start < w.end), None)
        if covering is not None and covering.end > m.end and covering.text[m.end - covering.start] in "-/":
            continue  # "G20-Gipfels", "US-Armee": a modifier inside a compound noun
        result.append(m)
    return result


def slots(clause: Clause, mentions: list[Mention]) -> list[Slot]:
    result: list[Slot] = []
    for mention in clause_mentions(clause, mentions):
        first = next((w for w in clause.words if w.start <= mention.start < w.end), None)
        if first is None:
            continue
        role, coordinated, governor = "bare", False, None
        passed_article = False
        i = first.index - 1
        words = {w.index: w for w in clause.words}
        while i in words:
            word = words[i]
            if result and result[-1].mention.start <= word.start < result[-1].mention.end:
                if result[-1].mention.entity == mention.entity:  # "Außenminister Sergej Lawrow"
                    role, governor = result[-1].role, result[-1].governor
                    coordinated = True
                break
            if word.pos in ("APPR", "APPRART"):
                role = word.lemma
                if role in AGENT_PREPOSITIONS and word.index - 1 in words and words[word.index - 1].pos == "NN":
                    # "in der Nähe von Brüssel", "Erzbischof von Athen": an attribute of the noun, no agent
                    role, governor = "gen", word.index - 1
                break
            if word.pos in ("NN", "NE"):
                if passed_article:  # "die Festnahme des Täters": a genitive attribute
                    role, governor = "gen", word.index
                    break
                i -= 1  # "Nationaltrainer José Pekerman": an apposition, same noun phrase
                continue
            passed_article = passed_article or word.pos == "ART"
            if word.pos == "KON":
                if result and result[-1].mention.end <= word.start:
                    role, coordinated, governor = result[-1].role, True, result[-1].governor
                break
            if word.pos not in _NP_INNER:
                break
            i -= 1
        group = result[-1].group if coordinated and result else (result[-1].group + 1 if result else 0)
        result.append(Slot(mention, first, role, group, governor))
    return result


def _ids(found: list[Slot]) -> list[str]:
    seen: list[str] = []
    for slot in found:
        if slot.mention.entity and slot.mention.entity not in seen:
            seen.append(slot.mention.entity)
    return seen


def is_passive(trigger: Trigger) -> bool:
    if trigger.nominal or trigger.head.pos != "VVPP":
        return False
    return any(w.lemma == "werden" and w.pos.startswith("VA") for w in trigger.clause.words)


def actors_and_targets(trigger: Trigger, clause_slots: list[Slot]) -> tuple[list[str], list[str]]:
    # Place-like phrases ("in Hamburg") are neither actor nor target.
    usable = [s for s in clause_slots if s.role in ("bare", "gen") or s.role in TARGET_PREPOSITIONS
              or s.role in AGENT_PREPOSITIONS]
    bare_groups: list[list[Slot]] = []
    for slot in usable:
        if slot.role != "bare":
            continue
        if bare_groups and bare_groups[-1][0].group == slot.group:
            bare_groups[-1].append(slot)
        else:
            bare_groups.append([slot])
    agents = [s for s in usable if s.role in AGENT_PREPOSITIONS]
    prepositional = [s for s in usable if s.role in TARGET_PREPOSITIONS]
    # Only attributes of the trigger noun itself ("die Festnahme des Täters").
    genitives = [s for s in usable if s.role == "gen" and s.governor == trigger.head.index]
    if is_passive(trigger):
        actors = _ids(agents)
        targets = _ids([s for g in bare_groups for s in g] + prepositional)
    else:
        actors = _ids(bare_groups[0]) if bare_groups else []
        targets = _ids([s for g in bare_groups[1:] for s in g] + prepositional)
        if trigger.nominal:
            if trigger.type in _PATIENT_NOUN_TYPES:
                targets += _ids(genitives)
                # "Festnahme durch die Polizei": only a von/durch phrase after the noun is its agent.
                actors += _ids([s for s in agents if s.first.index > trigger.head.index])
            elif genitives:
                actors = _ids(genitives)  # "Treffen der Präsidenten": the noun's own genitive wins
            governing = _governing_preposition(trigger.clause, trigger.head)
            if governing is not None and governing not in _THEME_PREPOSITIONS and not genitives:
                # "bei den Massenprotesten", "wegen Mordes": a noun in an adjunct phrase is not an
                # argument of the clause's verb, so the clause's subject is not its actor.
                actors = [a for a in actors if a in _ids(agents)]
    targets = [t for t in dict.fromkeys(targets) if t not in actors]
    return list(dict.fromkeys(actors)), targets


def has_anaphoric_subject(clause: Clause) -> bool:
    """'sie', 'die beiden Länder', 'beide Seiten': the actors are the ones just talked about."""
    for word in clause.words:
        if word.pos == "PPER" and word.lemma in PLURAL_ANAPHORS | {"er"}:
            return True
        if word.lemma in PLURAL_ANAPHORS and word.pos in ("PIAT", "PIDAT", "PIS"):
            following = [w for w in clause.words if w.index > word.index][:1]
            if word.pos == "PIS" or (following and following[0].lemma in ANAPHOR_NOUNS):
                return True
        if word.pos == "NN" and word.lemma in ANAPHOR_NOUNS:
            before = [w for w in clause.words if w.index < word.index][-2:]
            if any(w.pos == "PDAT" or w.lemma in PLURAL_ANAPHORS for w in before):
                return True
    return False


def noun_phrase(clause: Clause, head: Word) -> tuple[int, int]:
    """Character span of the noun phrase around ``head``: adjectives before it and one or
    two attached prepositional/genitive phrases after it ("Waffenruhe für Syrien")."""
    words = clause.words
    position = words.index(head)
    begin = position
    while begin > 0 and words[begin - 1].pos in ("ADJA", "ADJD", "CARD", "TRUNC"):
        begin -= 1
    end = position
    attachments = 0
    i = position + 1
    while i < len(words) and attachments < 2:
        word = words[i]
        if not (word.pos == "ART" or (word.pos in ("APPR", "APPRART") and word.lemma in _ATTACHING_PREPOSITIONS)):
            break
        j = i + 1
        while j < len(words) and words[j].pos in _NP_INNER:
            j += 1
        if j < len(words) and words[j].pos in ("NN", "NE"):
            while j + 1 < len(words) and words[j + 1].pos == "NE":
                j += 1
            end = j
            attachments += 1
            i = j + 1
        else:
            break
    return words[begin].start, words[end].end


def theme_head(trigger: Trigger, clause_slots: list[Slot], nominal_types: dict[int, str]) -> Word | None:
    """The noun that says what a verb event is about (its object or "auf ..." phrase)."""
    clause = trigger.clause
    in_mentions = {w.index for s in clause_slots for w in clause.words
                   if s.mention.start <= w.start < s.mention.end}
    candidates: list[Word] = []
    for word in clause.words:
        if word.pos != "NN" or word.index in in_mentions or word.lemma in ANAPHOR_NOUNS:
            continue
        if word in trigger.words:
            continue
        governing = _governing_preposition(clause, word)
        if governing is not None and governing not in _THEME_PREPOSITIONS:
            continue
        candidates.append(word)
    trigger_nouns = [w for w in candidates if w.index in nominal_types]
    if trigger_nouns:
        return trigger_nouns[0]
    return candidates[0] if candidates else None


def _governing_preposition(clause: Clause, noun: Word) -> str | None:
    before = [w for w in clause.words if w.index < noun.index]
    for word in reversed(before):
        if word.pos in ("APPR", "APPRART"):
            return word.lemma
        if word.pos not in _NP_INNER:
            return None
    return None


# Relative pronouns that can be the subject of their clause ("der", "die", "das", "welche").
_SUBJECT_RELATIVES = frozenset({"der", "die", "das", "welcher", "welche", "welches"})


def outer_subject(clauses: list[Clause], clause: Clause, slots_of: dict[int, list[Slot]]) -> list[str]:
    """The subject a clause inherits from the sentence around it, or [].

    * "Watzke, der einen Vertrag unterschrieben hat": a relative clause opening with a subject
      pronoun and naming no subject of its own is about the name just before it;
    * "Thaksin Shinawatra, der …, hat seine Rückkehr angekündigt": a main clause that goes on
      with its finite verb after embedded clauses continues the clause before them.
    """
    first = clause.words[0]
    if clause.kind == "rel" and first.pos == "PRELS" and first.text.lower() in _SUBJECT_RELATIVES:
        if any(w.pos == "PPER" for w in clause.words):
            return []  # "die er traf": the pronoun is the subject
        previous = clauses[clause.index - 1] if clause.index > 0 else None
        if previous is None or not slots_of.get(previous.index):
            return []
        last = slots_of[previous.index][-1]
        # The antecedent ends the previous clause ("…, Phil Spector, der …").
        if last.mention.end >= previous.words[-1].start and last.role in ("bare", "gen"):
            return _ids([s for s in slots_of[previous.index] if s.group == last.group])
        return []
    if clause.kind == "main" and first.pos.endswith("FIN") and clause.index > 0:
        i = clause.index - 1
        while i >= 0 and clauses[i].kind in ("rel", "sub", "inf"):
            i -= 1
        if i < 0 or i == clause.index - 1 or clauses[i].has_finite_verb():
            return []
        groups = [s for s in slots_of.get(i, []) if s.role == "bare"]
        return _ids([s for s in groups if s.group == groups[0].group]) if groups else []
    return []
