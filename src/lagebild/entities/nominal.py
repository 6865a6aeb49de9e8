"""Nominal mentions: noun phrases that describe a person or organisation, resolved inside the article.

Runs in the ``entities`` component after names are linked (:class:`.linker.ArticleLinker`) and the
national roles are resolved (:class:`.rolelinks.RoleLinker`).  It needs the tagger's STTS tags; without
them it does nothing.

1. **Find** every noun phrase whose head names a person by office, profession, kinship or legal role
   ("der Tübinger Philosoph", "die Grünen-Chefin", "seiner Frau", "des Beschuldigten", "Der 69-Jährige",
   "die beiden Außenminister") or an organisation by what it is ("die Nachrichtenagentur"): determiner or
   possessive, adjectives, numerals and a genitive name before the head ("Chinas Präsident"); genitive
   and prepositional complements stay outside the span.
2. **Bind** titles and appositions directly: "Bundesinnenminister Max Muster", "die Bischöfe A und B"
   (one link per person), "Max Muster, Vorsitzender des Vereins X", "Max Muster (Außenminister)".  Every
   binding records what the text says about the person: the role noun, the gender a feminine form or a
   determiner shows, the party or organisation of a compound ("CDU-Generalsekretär"), the country of a
   nationality adjective, an age ("der 69-jährige Max Muster").
3. **Resolve** the other definite, demonstrative and possessive descriptions to the entity they fit: the
   head noun, a synonym or a compound of a noun used with that entity; gender, number, country and party
   agree; among several, the one mentioned last before the description.  A description in the headline
   may name someone the text introduces later.  Age descriptions ("der 69-Jährige") take the person with
   that age, else the person named last in the two sentences before.  Nouns that usually introduce a new,
   unnamed individual ("ein Mann", "die Frau", "ein Sprecher") are resolved only through a binding with
   the same noun.  National or party roles nobody in the article fits go to the learned-roles layer
   (``lagebild kb learn-roles``: "der CDU-Generalsekretär" near the date of an article that named him).
   Nothing else is guessed: a description the text leaves open stays a mention without an entity.

Offices stated in bindings ("CDU-Generalsekretär Max Muster") are returned as role facts for the
article's ``roles`` layer, the input of the learned-roles layer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Article, Entity, Mention
from ..quotes.media import class_of_noun, medium_class
from .nouns import (
    UNRESOLVED_HEADS,
    exact_role,
    institution_name,
    is_hypernym,
    org_noun,
    person_noun,
    same_role,
)
from .phrases import (
    HONORIFICS,
    INDEFINITE,
    POSSESSIVES,
    Phrase,
    PhraseReader,
)
from .rolelinks import LearnedRole
from .roles import ROLE_NOUNS
from .salience import by_age, count_of, plural_set, relate, salient_person

if TYPE_CHECKING:
    from ..corpus.roles import RoleLayer

# Offices worth remembering across articles (role facts for the learned-roles layer).
OFFICE_ENDINGS = ("minister", "präsident", "chef", "vorsitzend", "sekretär", "sprecher", "leiter", "direktor",
                  "bürgermeister", "hauptmann", "obmann", "obfrau", "kanzler", "botschafter", "senator", "abgeordnet",
                  "kommissar", "gouverneur", "richter", "bischof", "general", "landesrat", "stadtrat", "premier",
                  "staatssekretär", "kandidat")
# Descriptions of KB role ids, so "der Präsident" finds the head of state the knowledge base linked.
KB_ROLE_STEMS: dict[str, tuple[str, ...]] = {
    "head_of_state": ("präsident", "staatschef", "staatspräsident"), "head_of_government": ("regierungschef",),
    "foreign_minister": ("außenminister",), "vice_president": ("vizepräsident",)}
HEADLINE_SENTENCES = 2
# Tokens of a genitive or prepositional complement between a description and its name after a comma.
COMPLEMENT_TAGS = frozenset({"ART", "ADJA", "NN", "NE", "APPR", "APPRART", "CARD", "PPOSAT", "KON", "TRUNC"})
ROLE_IDS: dict[str, str] = {noun.lower(): role for noun, (role, _country) in ROLE_NOUNS.items()}


@dataclass(slots=True)
class Referent:
    """A named entity with what the article says about it."""

    entity: Entity
    stems: list[tuple[str, int]] = field(default_factory=list)  # (role stem, token where the text said it)
    former: list[str] = field(default_factory=list)  # stems of former roles ("der ehemalige Beamte X")
    gender: str | None = None
    countries: set[str] = field(default_factory=set)
    orgs: set[str] = field(default_factory=set)
    ages: set[str] = field(default_factory=set)
    positions: list[int] = field(default_factory=list)  # tokens where it is mentioned


class NominalLinker(PhraseReader):
    """Adds ``kind="nominal"`` mentions to one article; call :meth:`link` once."""

    def __init__(self, article: Article, country_of: Callable[[str], str | None],
                 roles: RoleLayer | None = None, window_days: int = 30) -> None:
        super().__init__(article, country_of)
        self.roles = roles
        self.window_days = window_days
        self.date = article.published[:10] if article.published else None
        self.entities = {e.id: e for e in article.entities}
        self.referents: dict[str, Referent] = {}
        self.name_at: dict[int, tuple[int, Mention]] = {}  # first token -> (end token, name mention)
    # ------------------------------------------------------------------ entry point

    def link(self) -> list[LearnedRole]:
        if not self.tokens or not any(self.tags):
            return []
        descriptions = self._index_mentions()
        phrases = [p for p in self._phrases(descriptions) if p is not None]
        learned: list[LearnedRole] = []
        for phrase in phrases:
            self._bind(phrase)
            if phrase.bound:
                learned.extend(self._facts(phrase))
        for phrase in phrases:
            relate(self, phrase)  # "Tochter von X": X is her father ("ihr Vater")
        for phrase in phrases:
            if not phrase.bound:
                self._resolve(phrase)
                for entity in phrase.entities:  # a resolved description describes its entity further
                    self._describe(self.referents[entity], phrase)
        self._emit(phrases)
        return learned

    # ------------------------------------------------------------------ mentions and referents

    def _index_mentions(self) -> set[int]:
        """Register every named PER/ORG mention; return the head tokens of mentions that are descriptions."""
        descriptions: set[int] = set()
        for mention in self.article.mentions:
            if mention.label not in {"PER", "ORG"}:
                continue
            first, end = self._tokens_of(mention.start, mention.end)
            if first >= end:
                continue
            whole = self.starts[first] == mention.start and self.ends[end - 1] == mention.end
            if mention.kind == "name" and whole and all(self.tags[i] == "NN" for i in range(first, end)) and (
                    person_noun(self.words[end - 1]) or (org_noun(self.words[end - 1])
                                                         and not institution_name(self.words[end - 1]))):
                descriptions.add(end - 1)  # NER tagged "der Verteidiger" as a name
                mention.kind, mention.entity = "nominal", None
                continue
            if not mention.entity:
                continue
            entity = self.entities.get(mention.entity) or Entity(mention.entity, mention.text, mention.label)
            referent = self.referents.setdefault(entity.id, Referent(entity))
            referent.positions.append(first)
            if mention.kind == "name" and whole:
                self.name_at[first] = (end, mention)
                if first and self.lower[first - 1] in HONORIFICS:
                    referent.gender = referent.gender or ("f" if self.lower[first - 1] == "frau" else "m")
                age = re.fullmatch(r"\s*\((\d{1,3})\)", self.article.text[mention.end:mention.end + 6])
                if age:
                    referent.ages.add(age[1])
            elif mention.kind == "nominal":  # a role the RoleLinker resolved: "der US-Präsident"
                self._trim(mention, first, end)
                phrase = self._phrase(end - 1, mention.label)
                if phrase is not None:
                    phrase.first = first
                    self._describe(referent, phrase)
        for referent in self.referents.values():
            for role in self._kb_roles(referent.entity):
                referent.stems.extend((stem, -1) for stem in KB_ROLE_STEMS.get(role, ()))
        self.article.mentions = [m for m in self.article.mentions if not (m.kind == "nominal" and m.entity is None)]
        self._drop_unused_entities()
        return descriptions

    def _trim(self, mention: Mention, first: int, end: int) -> None:
        """A role span found without tags may start with a verb ("sagte US-Außenministerin"): cut it off."""
        while first < end - 1 and self.tags[first] not in {"ART", "ADJA", "PPOSAT", "PDAT", "CARD", "NE", "NN",
                                                              "PIAT", "PIDAT"}:
            first += 1
        if self.starts[first] > mention.start:
            mention.start = self.starts[first]
            mention.text = self.article.text[mention.start:mention.end]

    def _kb_roles(self, entity: Entity) -> list[str]:
        """Roles the article's own role layer gives an entity (the KB roles RoleLinker found)."""
        return [r.role for r in self.article.roles if r.entity == entity.id]

    def _drop_unused_entities(self) -> None:
        used = {m.entity for m in self.article.mentions if m.entity}
        self.article.entities = [e for e in self.article.entities if e.id in used or e.label not in {"PER", "ORG"}]
        self.entities = {e.id: e for e in self.article.entities}

    # ------------------------------------------------------------------ finding descriptions

    def _phrases(self, descriptions: set[int]) -> list[Phrase | None]:
        covered = {i for first, (end, _m) in self.name_at.items() for i in range(first, end)}
        taken = self._nominal_tokens()
        result: list[Phrase | None] = []
        for i, tag in enumerate(self.tags):
            if i in covered and i not in descriptions:
                continue
            if i in taken:
                continue
            word = self.words[i]
            last = word.rsplit("-", 1)[-1]
            nominalised = tag == "ADJA" and last[:1].isupper() and not (
                i + 1 < len(self.tags) and self.tags[i + 1] in {"NN", "NE", "ADJA"})  # "Der 69-Jährige"
            if not last[:1].isupper() or not (tag == "NN" or nominalised or (tag == "NE" and "-" in word)):
                continue
            person = person_noun(word)
            if not person and not org_noun(word):
                continue
            if i + 1 < len(self.tags) and self.tags[i + 1] == "NN" and self.words[i + 1][:1].isupper() and (
                    person_noun(self.words[i + 1]) or org_noun(self.words[i + 1])):
                continue  # the first of two nouns: "Bundeskanzlerin Regierungschefin" is rare, the head is last
            result.append(self._phrase(i, "PER" if person else "ORG"))
        return result

    def _nominal_tokens(self) -> set[int]:
        taken: set[int] = set()
        for mention in self.article.mentions:
            if mention.kind == "nominal" and mention.entity:
                first, end = self._tokens_of(mention.start, mention.end)
                taken.update(range(first, end))
        return taken

    def _apposition_name(self, phrase: Phrase) -> list[Mention]:
        """Names the phrase stands in apposition to: a title before a name (or coordinated names), or a
        description after "Name," / "Name (" ."""
        after = phrase.head + 1
        if after < len(self.words) and self.words[after] in {"„", '"', "»"} and phrase.label == "ORG":
            after += 1
        if phrase.plural and after + 1 < len(self.words) and self.words[after] == "," and after + 1 in self.name_at:
            after += 1  # "Zwei Männer, A und B, wurden ..."
            listed = True
        else:
            listed = False
        names: list[Mention] = []
        while after in self.name_at:
            end, mention = self.name_at[after]
            if not self._fits_label(phrase, mention) or self._genitive(mention):
                break  # "die Verteidiger Strauss-Kahns": the name owns the role
            names.append(mention)
            if not phrase.plural:
                break
            if end < len(self.words) and self.lower[end] in {"und", ",", "sowie"} and end + 1 in self.name_at:
                after = end + 1
                continue
            break
        if listed and len(names) < 2:
            names = []
        if len(names) == 1 and names[0].text.endswith("s") and self._name_before(phrase):
            names = []  # "Caroline Kennedy, der Tochter John F. Kennedys": the name after is the owner
        if names:
            return names
        if not phrase.plural and phrase.det not in INDEFINITE:
            # "Der Sprecher des Weißen Hauses, Scott McClellan, sagte", "der Sohn, Bernhard Bogner, hat"
            k = phrase.head + 1
            while k < len(self.words) and k - phrase.head <= 8 and self.tags[k] in COMPLEMENT_TAGS and \
                    k not in self.name_at:
                k += 1
            if k > phrase.head + 1 and k in self.name_at and self.tags[k - 1] in {"NN", "NE"} and not person_noun(
                    self.words[k - 1]) and self._fits_label(phrase, self.name_at[k][1]) and phrase.label == "PER" \
                    and self.name_at[k][1].label == "PER" and not self._genitive(self.name_at[k][1]):
                return [self.name_at[k][1]]  # "der Vorsitzende der Bundesagentur für Arbeit Frank Weise"
            k = self._skip_complement(k, phrase.head + 18)
            if k + 1 < len(self.words) and self.words[k] == ",":
                k += 1
                while k < len(self.words) and k - phrase.head <= 22 and k not in self.name_at and (
                        self.tags[k] in {"ART", "ADJA", "PPOSAT"} or (self.tags[k] == "NN" and person_noun(
                            self.words[k]))):
                    k += 1  # "seiner Frau, der Schauspielerin Ruby Dee"
                if k in self.name_at:
                    end, mention = self.name_at[k]
                    closing = end >= len(self.words) or self.words[end] in {",", "(", ".", ")", ";", "–"} or \
                        self.tags[end].startswith("V")
                    if closing and self._fits_label(phrase, mention):
                        return [mention]
        before = self._name_before(phrase)
        return [before] if before is not None else []

    def _name_before(self, phrase: Phrase) -> Mention | None:
        """The name a description stands in apposition to after a comma or parenthesis: "X, Vorsitzende des"."""
        before = phrase.first - 1
        if before >= 1 and self.words[before] in {",", "("} and not phrase.plural:
            end = before
            if self.words[before] == "," and self.words[before - 1] == ")":  # "Peter Kaiser (SPÖ), Landeshauptmann"
                opening = next((k for k in range(before - 1, max(-1, before - 6), -1) if self.words[k] == "("), None)
                end = opening if opening is not None else end
            for name_end, mention in self.name_at.values():
                if name_end == end and self._fits_label(phrase, mention):
                    return mention
        return None

    def _skip_complement(self, k: int, limit: int) -> int:
        """The token after a complement with names, quotations and parentheses: "der Gewerkschaft „Öffentliche
        Dienste, Transport und Verkehr“ (ÖTV)", "des Internationalen Währungsfonds (IWF)"."""
        while k < len(self.words) and k <= limit:
            if k in self.name_at:
                k = self.name_at[k][0]
            elif self.words[k] in {"(", "„", "»"}:
                closing = {"(": ")", "„": "“", "»": "«"}[self.words[k]]
                end = next((j for j in range(k + 1, min(len(self.words), k + 10)) if self.words[j] == closing), None)
                if end is None:
                    break
                k = end + 1
            elif self.tags[k] in COMPLEMENT_TAGS:
                k += 1
            else:
                break
        return k

    def _genitive(self, mention: Mention) -> bool:
        """ "Strauss-Kahns": a name in the genitive (its entity's name, or another person's, is the name
        without the s: "Rahmani Purs" beside "Arasch Rahmani Pur")."""
        entity = self.entities.get(mention.entity or "")
        if not mention.text.endswith("s") or entity is None:
            return False
        if not entity.name.endswith("s") and entity.name.split()[-1] != mention.text.split()[-1]:
            return True
        bare = mention.text[:-1].split()[-1]
        return any(other.name.split()[-1] == bare for other in self.entities.values()
                   if other.label == mention.label and other.id != entity.id and other.name.split())

    @staticmethod
    def _fits_label(phrase: Phrase, mention: Mention) -> bool:
        return mention.label == phrase.label

    def _bind(self, phrase: Phrase) -> None:
        names = self._apposition_name(phrase)
        if not names:
            return
        referents = [self.referents[m.entity] for m in names if m.entity]
        if len(names) == 1 and not self._agrees(referents[0], phrase):
            return  # "Ministerin X, der Vorsitzende …": the description is someone else's
        phrase.bound = True
        for mention in names:
            assert mention.entity is not None
            phrase.entities.append(mention.entity)
            self._describe(self.referents[mention.entity], phrase)

    def _describe(self, referent: Referent, phrase: Phrase) -> None:
        if phrase.gender and not phrase.plural and len(phrase.entities) == 1:
            referent.gender = referent.gender or phrase.gender  # "der frühere Innenminister X" is a man, too
        if phrase.not_current:
            referent.former.append(phrase.stem)
            return
        referent.stems.append((phrase.stem, phrase.first))
        if phrase.country:
            referent.countries.add(phrase.country)
        if phrase.org:
            referent.orgs.add(phrase.org)
        if phrase.age:
            referent.ages.add(phrase.age)

    def _facts(self, phrase: Phrase) -> list[LearnedRole]:
        """The office a binding states, as a role fact for the learned-roles layer."""
        if phrase.label != "PER" or phrase.plural or not phrase.stem.endswith(OFFICE_ENDINGS):
            return []
        if phrase.country is None and phrase.org is None:
            return []  # "der Sprecher": nothing that identifies the office across articles
        role = ROLE_IDS.get(phrase.stem) or next(
            (ROLE_IDS[k] for k in sorted(ROLE_IDS, key=len, reverse=True) if phrase.stem.endswith(k)), phrase.stem)
        facts = []
        for entity_id in phrase.entities:
            entity = self.entities.get(entity_id)
            name = entity.name if entity else entity_id
            facts.append(LearnedRole(entity_id, name, role, phrase.country, phrase.org, phrase.not_current))
        return facts

    # ------------------------------------------------------------------ resolving

    def _resolve(self, phrase: Phrase) -> None:
        if phrase.not_current:
            former = [r for r in self.referents.values() if phrase.stem in r.former and self._agrees(r, phrase)]
            if len(former) == 1:
                phrase.entities = [former[0].entity.id]
            return
        if self._has_complement(phrase):
            return  # "der leitende Beamte für Sicherheit des Gefängnisses": the complement may name another
        definite = phrase.det is not None and phrase.det not in INDEFINITE
        headline = self.sentence_of[phrase.head] < HEADLINE_SENTENCES
        counted = phrase.plural and phrase.det is None and count_of(self, phrase) is not None  # "zwei Politiker"
        if not definite and not (headline and phrase.det is None) and not counted:
            return
        if phrase.age:
            phrase.entities = by_age(self, phrase)
            return
        candidates = [r for r in self.referents.values() if r.entity.label == phrase.label and self._agrees(r, phrase)]
        exact = phrase.stem in UNRESOLVED_HEADS
        fitting = [r for r in candidates if any(self._role_fits(r, stem, phrase, exact) for stem, _ in r.stems)]
        if phrase.label == "ORG" and not fitting:
            fitting = [r for r in candidates if self._org_fits(r, phrase)]
        before = [r for r in fitting if any(p < phrase.first for p in r.positions)]
        if phrase.plural:
            phrase.entities = plural_set(self, phrase, fitting)
            return
        if before:
            best = max(before, key=lambda r: max(p for p in r.positions if p < phrase.first))
            phrase.entities = [best.entity.id]
            return
        forward = [r for r in fitting if any(exact_role(stem, phrase.stem) for stem, _ in r.stems)]
        if forward and headline:  # "Arzt bescheinigt …" in the headline, the doctor named in the text
            first = min(forward, key=lambda r: min(r.positions))
            phrase.entities = [first.entity.id]
            return
        if fitting and phrase.det in POSSESSIVES | {"gen"}:  # "seines Arztes": the doctor named anywhere
            phrase.entities = [fitting[0].entity.id]
            return
        if not fitting:
            self._from_role_layer(phrase)
        if not phrase.entities and definite and not headline:
            salient = salient_person(self, phrase)  # "der Journalist" for the person the paragraph is about
            phrase.entities = [salient] if salient else []

    @staticmethod
    def _role_fits(referent: Referent, stem: str, phrase: Phrase, exact: bool) -> bool:
        if exact:
            return stem == phrase.stem
        if (phrase.org and not referent.orgs) or (phrase.country and not referent.countries):
            # "des IWF-Chefs" is not any "Regierungschef"; "zwei CDU-Politiker" may be a Bundesminister
            return exact_role(stem, phrase.stem) or is_hypernym(phrase.stem, stem)
        return same_role(stem, phrase.stem)

    def _has_complement(self, phrase: Phrase) -> bool:
        k = phrase.head + 1
        if k >= len(self.words):
            return False
        if self.tags[k] in {"APPR", "APPRART"} and self.lower[k] in {"für", "von", "vom", "im", "in", "bei", "beim"}:
            return True
        return self.lower[k] in {"des", "der", "eines", "einer"} and k + 1 < len(self.words) and self.tags[
            k + 1] in {"NN", "NE", "ADJA"} and phrase.det not in {"gen"}

    def _agrees(self, referent: Referent, phrase: Phrase) -> bool:
        if phrase.gender and referent.gender and phrase.gender != referent.gender:
            return False
        if phrase.country and referent.countries and phrase.country not in referent.countries:
            return False
        return not (phrase.org and referent.orgs and phrase.org not in referent.orgs)

    @staticmethod
    def _org_fits(referent: Referent, phrase: Phrase) -> bool:
        """ "das Ministerium" for the "Verteidigungsministerium", "die Zeitung" for a paper media lists."""
        name = referent.entity.name
        last = name.split()[-1].lower() if name.split() else ""
        if len(phrase.stem) >= 5 and last.endswith(phrase.stem):
            return True
        if _same_field(last, phrase.stem):
            return True
        kind = class_of_noun(phrase.stem)
        return kind is not None and medium_class(name) == kind

    def _from_role_layer(self, phrase: Phrase) -> None:
        """A national or party office nobody in the article fits: the learned-roles layer near the date."""
        if self.roles is None or self.date is None or phrase.label != "PER" or phrase.plural:
            return
        if phrase.org is None:
            return  # national roles went through the knowledge base and the layer in RoleLinker already
        role = ROLE_IDS.get(phrase.stem) or next(
            (ROLE_IDS[k] for k in sorted(ROLE_IDS, key=len, reverse=True) if phrase.stem.endswith(k)), phrase.stem)
        rows = self.roles.holders(role, phrase.country, self.date, self.window_days, qualifier=phrase.org)
        if rows:
            best = rows[0]
            entity = Entity(best["entity_id"], best["name"], best["label"] or "PER", best["kb_id"])
            if entity.id not in self.entities:
                self.entities[entity.id] = entity
                self.article.entities.append(entity)
            self.referents.setdefault(entity.id, Referent(entity))
            phrase.entities = [entity.id]

    # ------------------------------------------------------------------ output

    def _emit(self, phrases: list[Phrase]) -> None:
        text = self.article.text
        added: list[Mention] = []
        for phrase in phrases:
            start, end = self.starts[phrase.first], self.ends[phrase.head]
            surface = text[start:end]
            if not phrase.entities and (phrase.plural or phrase.det in INDEFINITE or phrase.det is None):
                continue  # generic plurals and unnamed individuals: not a reference the text pins down
            entities: list[str | None] = list(phrase.entities) or [None]
            added.extend(Mention(surface, start, end, phrase.label, entity, "nominal") for entity in entities)
        self.article.mentions = sorted([*self.article.mentions, *added], key=lambda m: (m.start, m.end))


#: Heads of institution nouns; what stands before them names the institution's field.
_INSTITUTION_HEADS = ("behörde", "amt", "ministerium", "gericht", "agentur", "verband", "kommission", "rat")


def _same_field(name: str, stem: str) -> bool:
    """ "die Kartellbehörde" for the "Bundeskartellamt": a description of an institution whose field (the part
    before an institution head) occurs in the organisation's one-word name."""
    for head in _INSTITUTION_HEADS:
        if stem.endswith(head) and len(stem) - len(head) >= 4:
            field = stem[:-len(head)].rstrip("s")
            return len(field) >= 4 and field in name and name != stem
    return False

