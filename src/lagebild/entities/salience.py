"""Resolution steps for descriptions the head noun alone does not settle (used by :mod:`.nominal`).

* **Salience**: a definite description whose noun was never used with a name ("der Journalist", "des
  Verdächtigen") goes to the person the text is about at that point -- the person mentioned most often so far,
  recently named (in the last five sentences, or the only person named so far), of matching gender, country
  and party -- but only when no
  other person comes close (twice the weight of the runner-up) and the person holds no other office the
  description contradicts ("der Staatsanwalt" is not the person introduced as Ministerin).
* **Plural sets**: "die beiden Männer", "zwei CDU-Politiker", "dieser Minister" (genitive plural) take the
  persons the count asks for: the last ones introduced with a fitting noun, the members of the most recent
  list of fitting persons, or -- for "die beiden ..." -- the only two persons named around the phrase.
* **Age**: "die 47-Jährige" takes the person with that age, else the only fitting person in the nearest of
  the last sentences that names anyone.
* **Relations**: "Christine Strobl, Tochter von Wolfgang Schäuble" makes Schäuble her father, so "ihr Vater"
  finds him; "Nachfolger des X" makes X the predecessor ("seines Vorgängers"); "die Anwältin Samanis" makes
  Samani a client ("ihres Mandanten").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .nouns import FEMININE_WORDS, MASCULINE_WORDS, PERSON_WORDS, UNRESOLVED_HEADS, same_role

if TYPE_CHECKING:
    from .nominal import NominalLinker, Referent
    from .phrases import Phrase

RECENT_SENTENCES = 2  # "die beiden ..." and ages look this many sentences back
SALIENT_SENTENCES = 4  # a salient person was named in this or the last four sentences (pronouns are not counted)
DOMINANCE = 2.0  # the salient person weighs at least this much more than the runner-up
COUNT_WORDS = {"beiden": 2, "beide": 2, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6}
# A relation noun of the holder and what the owner is then called ("Tochter von X": X is her father or mother).
INVERSE_RELATIONS: dict[str, tuple[str, str]] = {
    "tochter": ("vater", "mutter"), "sohn": ("vater", "mutter"), "kind": ("vater", "mutter"),
    "vater": ("sohn", "tochter"), "mutter": ("sohn", "tochter"),
    "ehefrau": ("ehemann", "ehemann"), "frau": ("ehemann", "ehemann"), "gattin": ("ehemann", "ehemann"),
    "witwe": ("ehemann", "ehemann"), "ehemann": ("ehefrau", "ehefrau"), "mann": ("ehefrau", "ehefrau"),
    "gatte": ("ehefrau", "ehefrau"), "bruder": ("bruder", "schwester"), "schwester": ("bruder", "schwester"),
    "nachfolger": ("vorgänger", "vorgänger"), "vorgänger": ("nachfolger", "nachfolger"),
    "anwalt": ("mandant", "mandant"), "verteidiger": ("mandant", "mandant"), "rechtsanwalt": ("mandant", "mandant"),
    "mandant": ("anwalt", "anwalt"),
}
# Nouns that need an owner to pick someone out: never resolved by salience alone.
RELATIONAL = frozenset(INVERSE_RELATIONS) | PERSON_WORDS | FEMININE_WORDS | MASCULINE_WORDS | UNRESOLVED_HEADS
OFFICES = ("minister", "präsident", "kanzler", "bürgermeister", "richter", "staatsanwalt", "anwalt", "senator",
           "abgeordnet", "gouverneur", "sprecher", "botschafter", "kommissar", "sekretär", "vorsitzend")


def salient_person(linker: NominalLinker, phrase: Phrase) -> str | None:
    """The one person a definite singular description can only mean (see the module docstring)."""
    if phrase.label != "PER" or phrase.plural or phrase.stem in RELATIONAL or phrase.not_current:
        return None
    sentence = linker.sentence_of[phrase.first]
    weights: list[tuple[float, Referent]] = []
    for referent in linker.referents.values():
        before = [p for p in referent.positions if p < phrase.first]
        if referent.entity.label != "PER" or not before or not linker._agrees(referent, phrase):
            continue
        if _contradicts(referent, phrase):
            continue
        recent = sum(1 for p in before if sentence - linker.sentence_of[p] <= 1)
        weights.append((len(before) + recent, referent))
    if len(weights) > 1:  # the only person named so far is salient however long ago; else only recent ones
        weights = [(w, r) for w, r in weights if sentence - linker.sentence_of[max(
            p for p in r.positions if p < phrase.first)] <= SALIENT_SENTENCES]
    if not weights:
        return None
    weights.sort(key=lambda item: -item[0])
    if len(weights) > 1 and weights[0][0] < DOMINANCE * weights[1][0]:
        return None  # two persons the text is about: the description leaves it open
    return weights[0][1].entity.id


def _contradicts(referent: Referent, phrase: Phrase) -> bool:
    """An office the person holds that the description's office is not ("der Richter" for a Minister)."""
    if not phrase.stem.endswith(OFFICES) or (phrase.org and phrase.org in referent.orgs):
        return False
    return any(stem.endswith(OFFICES) and not same_role(stem, phrase.stem) for stem, _ in referent.stems)


def count_of(linker: NominalLinker, phrase: Phrase) -> int | None:
    """How many persons a plural phrase counts ("die beiden", "zwei"), if it says so."""
    for word in linker.lower[phrase.first:phrase.head]:
        if word in COUNT_WORDS:
            return COUNT_WORDS[word]
    return None


def plural_set(linker: NominalLinker, phrase: Phrase, fitting: list[Referent]) -> list[str]:
    """The persons a plural description means (see the module docstring); [] when the text leaves it open."""
    count = count_of(linker, phrase)
    before = [r for r in fitting if any(p < phrase.first for p in r.positions)]
    last = {id(r): max(p for p in r.positions if p < phrase.first) for r in before}
    before.sort(key=lambda r: last[id(r)])
    if before:
        newest = linker.sentence_of[last[id(before[-1])]]
        listed = [r for r in before if linker.sentence_of[last[id(r)]] == newest]
        if count and len(before) >= count:
            return [r.entity.id for r in before[-count:]]
        if not count and len(listed) >= 2:
            return [r.entity.id for r in listed]  # "dieser Minister" after a list of ministers
        if not count and len(before) >= 2:
            return [r.entity.id for r in before]
    if count is None or phrase.det not in {"die", "den", "der", "diese", "diesen", "dieser"}:
        return []  # "zwei Journalisten" introduces new persons; "die beiden Männer" refers back
    sentence = linker.sentence_of[phrase.first]
    around = [r for r in linker.referents.values() if r.entity.label == "PER" and linker._agrees(r, phrase) and any(
        0 <= sentence - linker.sentence_of[p] <= RECENT_SENTENCES for p in r.positions)]
    if len(around) == count:  # "Zwei Wahlgänge ... durch A gingen zu Ende, als die beiden Bewerber ... B"
        return [r.entity.id for r in sorted(around, key=lambda r: min(r.positions))]
    named = [r for r in linker.referents.values() if r.entity.label == "PER" and any(
        p < phrase.first for p in r.positions)]
    if len(named) == count:  # the only persons named so far
        return [r.entity.id for r in sorted(named, key=lambda r: min(r.positions))]
    return []


def by_age(linker: NominalLinker, phrase: Phrase) -> list[str]:
    """ "der 69-Jährige": the person with that age, else the only fitting person in the nearest sentence."""
    with_age = [r for r in linker.referents.values() if phrase.age in r.ages and linker._agrees(r, phrase)]
    if len(with_age) == 1:
        return [with_age[0].entity.id]
    sentence = linker.sentence_of[phrase.first]
    for distance in range(RECENT_SENTENCES + 1):
        named = [r for r in linker.referents.values() if r.entity.label == "PER" and linker._agrees(r, phrase)
                 and not any(s.endswith("sprecher") for s, _ in r.stems) and any(
                     p < phrase.first and sentence - linker.sentence_of[p] == distance for p in r.positions)]
        if len(named) == 1:
            return [named[0].entity.id]
        if named:
            return []
    return []


def relate(linker: NominalLinker, phrase: Phrase) -> None:
    """Give the owner of a relation noun the inverse relation: "Tochter von X" makes X "vater"/"mutter"."""
    inverse = INVERSE_RELATIONS.get(phrase.stem)
    if inverse is None or phrase.label != "PER" or phrase.plural:
        return
    owner = _owner(linker, phrase)
    if owner is None or owner.entity.id in phrase.entities:
        return
    stem = inverse[1] if owner.gender == "f" else inverse[0]
    owner.stems.append((stem, phrase.first))


def _owner(linker: NominalLinker, phrase: Phrase) -> Referent | None:
    """The person a relation noun is relative to: "Gallois Vorgänger", "die Anwältin Samanis", "Tochter von X",
    "Ehefrau des CDU-Generalsekretärs X"."""
    if phrase.det == "gen":
        entry = linker.name_at.get(phrase.first)
        return linker.referents.get(entry[1].entity or "") if entry else None
    k = phrase.head + 1
    if k in linker.name_at and linker._genitive(linker.name_at[k][1]):
        return linker.referents.get(linker.name_at[k][1].entity or "")
    if k >= len(linker.words) or linker.lower[k] not in {"von", "vom", "des", "der"}:
        return None
    k += 1
    while k < len(linker.words) and k - phrase.head <= 8 and k not in linker.name_at and linker.tags[k] in {
            "ART", "ADJA", "NN", "APPR", "APPRART", "TRUNC"}:
        k += 1
    entry = linker.name_at.get(k)
    if entry is None or entry[1].label != "PER":
        return None
    return linker.referents.get(entry[1].entity or "")
