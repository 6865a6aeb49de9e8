"""Actor candidates beyond the linked entity mentions: institutions and countries as adjectives.

The entities component links names; many doers in news are not names but noun phrases
around them.  This module adds argument mentions for the event rules (the article's own
mentions are left as they are):

* **named institutions**: an institution noun with its name — a compound with a name
  ("UN-Sicherheitsrat", "US-Botschaft"), an apposition ("Staatsanwaltschaft Innsbruck") or a
  genitive ("Sicherheitsrat der Vereinten Nationen", "Strafsenat des Oberlandesgerichts").
  The id is made the way the entities component makes ids for unlinked names
  (``stable_id("ORG", name_key(name))``);
* **countries as adjectives**: a nationality adjective before a state-actor noun
  ("israelische Kampfflugzeuge", "die syrische Regierung") stands for the country; a
  government with a country genitive ("die Regierung Syriens") is the country;
* **plural role compounds** with a name ("die EU-Außenminister") stand for the name;
* **definite institution nouns** without a name ("die Kartellbehörde", "das Gericht") refer
  back to the last earlier organisation whose name shares the noun's modifier or head;
* adjectives the NER took for names ("Delmenhorster", "deutsche") are dropped: they modify
  the noun after them.

Unnamed institutions ("die Polizei") stay out, as the annotation guidelines leave them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lagebild.entities.canonical import name_key, stable_id
from lagebild.entities.roles import PREFIX_COUNTRIES, ROLE_NOUNS, nationality
from lagebild.model import Article, Entity, Mention

from .clauses import Word, sentence_words

# Heads of institution nouns (lower case); a compound ending in one ("Bundeskartellamt") is one too.
INSTITUTION_HEADS: frozenset[str] = frozenset({
    "polizei", "polizeipräsidium", "staatsanwaltschaft", "regierung", "ministerium", "gericht",
    "gerichtshof", "strafsenat", "senat", "armee", "militär", "streitkräfte", "truppe", "luftwaffe", "marine",
    "sicherheitsrat", "rat", "behörde", "amt", "botschaft", "kabinett", "parlament", "kommission",
    "geheimdienst", "fraktion", "landtagsfraktion", "präsidium", "konsulat", "staatsführung", "führung",
    "bundesrat", "stadtrat", "gemeinderat", "europarat", "ministerrat", "parteiführung", "militärführung",
})
# Heads that are institutions only as whole words: "Apparat", "Heirat", "Einführung" are none.
_EXACT_HEADS = frozenset({"rat", "führung"})
# Nouns for which a nationality adjective means the state ("israelische Kampfflugzeuge").
# Government, military and diplomacy act for the state; domestic police, courts and
# prosecutors do not ("die britische Polizei" is an unnamed doer, as in the guidelines).
STATE_ACTOR_HEADS: frozenset[str] = frozenset({
    "regierung", "kabinett", "staatsführung", "führung", "ministerium", "armee", "militär", "streitkräfte",
    "truppe", "luftwaffe", "marine", "kampfflugzeug", "kampfjet", "soldat", "sicherheitskräfte", "panzer",
    "kriegsschiff", "geheimdienst", "botschaft", "diplomat", "konsulat", "parlament",
})
# Institution nouns that stand for their country when it is their genitive ("Regierung Syriens").
GOVERNMENT_HEADS: frozenset[str] = frozenset({"regierung", "kabinett", "staatsführung", "führung"})
KEEP_UNNAMED = False  # the guidelines leave unnamed doers ("die Polizei") out
_MIN_MODIFIER = 3  # "Bundeskartellamt": a compound modifier of at least three letters
_ROLE_HEADS = frozenset(noun.lower() for noun in ROLE_NOUNS)


@dataclass(slots=True)
class ArgumentMentions:
    mentions: list[Mention]  # what the event rules see as entity mentions, sorted
    entities: list[Entity]  # entities these rules introduced (not among the article's)
    unnamed: set[str]  # ids of unnamed institutions: they fill a slot but are no actor or target


def _head(lemma: str, heads: frozenset[str]) -> str | None:
    """The head of ``lemma`` in ``heads``: the lemma itself or its last compound part."""
    lowered = lemma.lower()
    if lowered in heads:
        return lowered
    for head in sorted(heads - _EXACT_HEADS, key=len, reverse=True):
        if lowered.endswith(head) and len(lowered.rstrip("-")) - len(head) >= _MIN_MODIFIER:
            return head
    return None


def _modifier(lemma: str, head: str) -> str:
    return lemma.lower()[: -len(head)].rstrip("-")


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[int, str]]:
    """ISO code -> (GeoNames id, German name) of every country in the gazetteer."""
    from lagebild.geo.gazetteer import load_default

    return {code: (entry.geonames_id, entry.name) for code, entry in load_default().countries().items()}


def _country_entity(code: str) -> Entity | None:
    country = _countries().get(code)
    if country is None:
        return None
    geonames_id, name = country
    return Entity(id=f"geonames:{geonames_id}", name=name, label="LOC", kb_id=f"geonames:{geonames_id}")


def _is_adjective_mention(mention: Mention, words: list[Word]) -> bool:
    inside = [w for w in words if mention.start <= w.start < mention.end]
    return bool(inside) and all(w.pos in ("ADJA", "ADJD") for w in inside)


def _capitalised(lemma: str, text: str) -> str:
    return lemma[:1].upper() + lemma[1:] if text[:1].isupper() else lemma


def argument_mentions(article: Article) -> ArgumentMentions:
    linked = [m for m in article.mentions if m.entity]
    known = {e.id: e for e in article.entities}
    added: dict[str, Entity] = {}
    extra: list[Mention] = []
    dropped: set[int] = set()  # id() of adjective mentions
    generic_ids: set[str] = set()
    institutions: list[tuple[int, Entity]] = []  # (offset, entity) of named organisations so far

    def entity_for(new: Entity) -> Entity:
        if new.id in known:
            return known[new.id]
        return added.setdefault(new.id, new)

    def add(start: int, end: int, entity: Entity) -> None:
        extra.append(Mention(article.text[start:end], start, end, entity.label, entity.id))
        if entity.label == "ORG":
            institutions.append((start, entity))

    for index, sentence in enumerate(article.sentences):
        words = sentence_words(article, index)
        in_sentence = [m for m in linked if sentence.start <= m.start < sentence.end]
        for mention in in_sentence:
            if _is_adjective_mention(mention, words):
                dropped.add(id(mention))
        names = [m for m in in_sentence if id(m) not in dropped]
        for m in names:
            if m.label == "ORG" and m.entity in known:
                institutions.append((m.start, known[m.entity]))

        for i, word in enumerate(words):
            if word.pos != "NN":
                continue
            institution = _head(word.token.lemma or word.text, INSTITUTION_HEADS)
            covering = _mention_at(names, word.start)
            # A linked name: only "Polizeipräsidium Westpfalz" (institution + name) goes on.
            if covering is not None and covering.end >= word.end and not (
                    institution and (covering.start, covering.end) == (word.start, word.end)):
                continue
            before = words[i - 1] if i > 0 else None
            following = words[i + 1] if i + 1 < len(words) else None
            # 1. A nationality adjective before a state-actor noun: the country.
            if (covering is None and before is not None and before.pos == "ADJA" and nationality(before.text)
                    and _head(word.token.lemma or word.text, STATE_ACTOR_HEADS)):
                country = _country_entity(nationality(before.text) or "")
                if country is not None:
                    add(before.start, word.end, entity_for(country))
                    continue
            # 2. A compound with a name: "UN-Sicherheitsrat", "EU-Außenminister".
            if "-" in word.text:
                modifier_text = word.text.split("-")[0]
                modifier = _mention_at(names, word.start)
                role_head = _head(word.token.lemma or word.text, _ROLE_HEADS)
                has_name = modifier is not None or modifier_text in PREFIX_COUNTRIES
                if has_name and institution is not None:
                    name = _capitalised(word.token.lemma or word.text, word.text)
                    add(word.start, word.end, entity_for(_org(name)))
                    continue
                if modifier is not None and role_head is not None and modifier.entity:
                    # "die EU-Außenminister": the office holders stand for the named body
                    entity = known.get(modifier.entity)
                    if entity is not None:
                        add(word.start, word.end, entity)
                    continue
            if institution is None:
                continue
            # 3. Apposition: "Staatsanwaltschaft Innsbruck", "Polizeipräsidium Westpfalz".
            if following is not None and (named := _mention_at(names, following.start)) is not None \
                    and named.start == following.start and named.label in ("LOC", "ORG"):
                name = f"{_capitalised(word.token.lemma or word.text, word.text)} {named.text}"
                add(word.start, named.end, entity_for(_org(name)))
                continue
            # 4. Genitive: "Sicherheitsrat der Vereinten Nationen", "Regierung Syriens".
            genitive = _genitive_name(words, i, names)
            if genitive is not None:
                if institution in GOVERNMENT_HEADS and genitive.label == "LOC" and genitive.entity in known:
                    add(word.start, genitive.end, known[genitive.entity])
                else:
                    lemma = _capitalised(word.token.lemma or word.text, word.text)
                    name = lemma + article.text[word.end:genitive.end]
                    add(word.start, genitive.end, entity_for(_org(name)))
                continue
            # 5. "die Kartellbehörde": the organisation named before.
            if covering is None and before is not None and before.pos in ("ART", "PDAT") \
                    and before.lemma in ("der", "dies"):
                antecedent = _antecedent(word, institution, institutions)
                if antecedent is not None:
                    add(word.start, word.end, antecedent)
                    continue
            # 6. An unnamed institution ("die Polizei", "die britische Polizei"): it fills its slot, so
            # that the name after it is not taken for the subject, but it is no named actor.
            if covering is None:
                start = before.start if before is not None and before.pos == "ADJA" else word.start
                generic = _org(_capitalised(word.token.lemma or word.text, word.text))
                generic_ids.add(generic.id)
                extra.append(Mention(article.text[start:word.end], start, word.end, "ORG", generic.id))
                if KEEP_UNNAMED:
                    added.setdefault(generic.id, generic)
    mentions = [m for m in linked if id(m) not in dropped] + extra
    mentions.sort(key=lambda m: (m.start, -m.end))
    return ArgumentMentions(mentions, list(added.values()), set() if KEEP_UNNAMED else generic_ids)


def _mention_at(names: list[Mention], offset: int) -> Mention | None:
    return next((m for m in names if m.start <= offset < m.end), None)


def _org(name: str) -> Entity:
    return Entity(id=stable_id("ORG", name_key(name)), name=name, label="ORG", kb_id=None)


def _genitive_name(words: list[Word], index: int, names: list[Mention]) -> Mention | None:
    """The name in "Sicherheitsrat der Vereinten Nationen" / "Regierung Syriens" after words[index]."""
    j = index + 1
    if j < len(words) and words[j].pos == "ART" and words[j].text.lower() in ("der", "des"):
        j += 1
        while j < len(words) and words[j].pos in ("ADJA", "CARD"):
            j += 1
    elif j < len(words) and not words[j].text.endswith("s"):
        return None
    if j >= len(words):
        return None
    found = next((m for m in names if m.start == words[j].start or m.start <= words[j].start < m.end), None)
    if found is None or found.label not in ("LOC", "ORG"):
        return None
    return found


def _antecedent(word: Word, head: str, institutions: list[tuple[int, Entity]]) -> Entity | None:
    """The last earlier organisation whose name shares this noun's modifier or head."""
    lemma = (word.token.lemma or word.text).lower()
    modifier = _modifier(lemma, head)
    for offset, entity in reversed(institutions):
        if offset >= word.start:
            continue
        key = name_key(entity.name)
        if (len(modifier) >= _MIN_MODIFIER and modifier in key) or key.endswith(name_key(lemma)) or (
                key.endswith(head) and not modifier):
            return entity
    return None
