"""Who the article has introduced so far: names, the persons and media behind them, and the nouns that describe them.

Speakers are resolved against this registry (:mod:`.speakers`):

* **name runs** — proper-noun runs from the tagger (STTS ``NE``), extended over surnames the tagger read
  as ordinary words ("Peter Kurz") and name particles ("Karl-Theodor zu Guttenberg", "el-Baradei");
* **introductions** — every named person or organisation with the nouns that describe it where it is
  named: a role before the name ("Außenminister Sergej Lawrow", "der Anwalt des Angeklagten, Peter
  Müller"), an apposition after it ("Andreas Hauer, Professor für Verwaltungsrecht,", "Reuters, die
  Nachrichtenagentur,"); a medium also by what it is ("die Nachrichtenagentur Interfax", or any agency or
  paper :mod:`.media` knows).  With entities (``article.mentions`` linked to ``article.entities``) the
  PER and ORG mentions are introductions too, carrying the entity id and its canonical name;
* **statements** resolved so far, in text order (for pronouns and generic titles).

A description ("der Verteidiger", "die Nachrichtenagentur", "der GPA-djp-Chef") matches an introduction by
its head noun: the same noun, a synonym (``ROLE_SYNONYMS``: "Verteidiger" ~ "Anwalt"), or a compound that
ends in it ("der Minister" ~ "Außenminister").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from lagebild.model import Article

from .base import Speaker, Tokens
from .lexicon import GENERIC_TITLES, SPEAKER_NOUN_ENDINGS
from .media import canonical_name, class_of_noun, medium_class

PRONOUN_WINDOW = 4  # sentences
NAME_PARTICLES = frozenset({"von", "van", "de", "der", "zu", "da", "di", "du", "la", "le", "bin", "ibn", "al", "el"})
ROLE_WINDOW = 3  # tokens between a role noun and the name it introduces

# Nouns that describe the same role (lower case, singular; feminine forms are folded by :func:`role_stem`).
ROLE_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"anwalt", "rechtsanwalt", "verteidiger", "strafverteidiger", "anwältin", "rechtsanwältin",
               "advokat", "rechtsvertreter", "vertreter"}),
    frozenset({"staatsanwalt", "staatsanwältin", "ankläger", "oberstaatsanwalt", "oberstaatsanwältin",
               "chefankläger"}),
    frozenset({"kanzler", "bundeskanzler", "regierungschef"}),
    frozenset({"premier", "premierminister", "ministerpräsident", "regierungschef"}),
    frozenset({"präsident", "staatspräsident", "staatschef", "staatsoberhaupt", "bundespräsident"}),
    frozenset({"chef", "leiter", "vorsitzende", "vorsitzender", "vorstandschef", "geschäftsführer", "boss"}),
    frozenset({"arzt", "ärztin", "mediziner", "doktor"}),
    frozenset({"forscher", "wissenschaftler", "wissenschafter"}),
    frozenset({"bürgermeister", "stadtchef", "stadtoberhaupt"}),
    frozenset({"trainer", "coach", "teamchef"}),
    frozenset({"richter", "vorsitzende richter"}),
    frozenset({"polizist", "beamter", "beamte", "polizeibeamter", "polizeibeamte"}),
)
# Heads that are never a role introducing a name ("am Montag Peter Müller", "mit Peter Müller").
NOT_ROLES = frozenset({"herr", "frau", "mann", "montag", "dienstag", "mittwoch", "donnerstag", "freitag",
                       "samstag", "sonntag", "jahr", "jahren", "tag", "woche", "angaben", "ansicht", "meinung",
                       "worten", "interview", "gespräch", "brief", "bericht"})


ROLE_ENDINGS = ("sprecher", "sprecherin", "chef", "chefin", "leiter", "leiterin", "vorsitzender", "vorsitzende",
                "präsident", "präsidentin", "minister", "ministerin", "direktor", "direktorin", "anwalt", "anwältin",
                "experte", "expertin", "analyst", "analystin", "ökonom", "ökonomin", "kommissar", "kommissarin",
                "sekretär", "sekretärin", "politiker", "politikerin", "abgeordneter", "abgeordnete", "kandidat",
                "kandidatin", "boss", "gründer", "gründerin", "manager", "managerin", "funktionär", "funktionärin",
                "botschafter", "botschafterin", "kanzler", "kanzlerin", "trainer", "trainerin", "forscher",
                "forscherin", "mitarbeiter", "mitarbeiterin", "vertreter", "vertreterin", "bürgermeister",
                "bürgermeisterin", "hauptmann", "stadtrat", "stadträtin", "landesrat", "landesrätin", "general")


def is_role_compound(word: str) -> bool:
    """A hyphenated role noun the tagger may read as a name: "GPA-djp-Chef", "SPÖ-Klubobmann", "US-Präsident"."""
    if "-" not in word:
        return False
    last = word.rsplit("-", 1)[1].lower()
    return bool(last) and (last.endswith(ROLE_ENDINGS) or last.endswith("obmann") or last.endswith("obfrau"))


def role_stem(noun: str) -> str:
    """A role noun without its feminine or plural ending ("Ministerin" -> "minister", "Anwälte" stays)."""
    lower = noun.lower()
    if lower.endswith("innen") and len(lower) > 8:
        return lower[:-5]
    if lower.endswith("in") and len(lower) > 6 and lower[-3] not in "aeiou":
        return lower[:-2]
    return lower


@lru_cache(maxsize=8192)
def roles_match(known: str, wanted: str) -> bool:
    """Whether a registered role noun and a description's head noun name the same role."""
    known, wanted = role_stem(known), role_stem(wanted)
    if known == wanted:
        return True
    # compounds: "der Minister" for "Außenminister X", "der US-Außenminister" for "Außenminister X"
    if len(wanted) >= 5 and known.endswith(wanted) and known[-len(wanted) - 1:-len(wanted)] not in "aeiouäöü":
        return True
    if len(known) >= 6 and wanted.endswith(known):
        return True
    return any(known in group and wanted in group for group in ROLE_SYNONYMS) or any(
        any(known.endswith(a) for a in group if len(a) >= 5) and wanted in group for group in ROLE_SYNONYMS)


@dataclass(slots=True)
class NameRun:
    first: int
    end: int
    text: str
    is_person: bool = field(init=False)

    def __post_init__(self) -> None:
        # Two or more capitalised words that are not acronyms: "Sergej Lawrow", "Heidemarie Wieczorek-Zeul".
        words = self.text.split()
        self.is_person = len(words) >= 2 and all(w[:1].isupper() and not w.isupper() for w in words)


@dataclass(slots=True)
class Intro:
    """A named person or organisation where the article names it, with the nouns that describe it there."""

    first: int
    end: int
    speaker: Speaker
    person: bool
    roles: list[str] = field(default_factory=list)  # lower-case role nouns
    phrases: list[str] = field(default_factory=list)  # lower-case role phrases with attachments
    medium: str | None = None  # class of a medium: agency, newspaper, …


@dataclass
class Registry:
    """Names and their introductions seen in the article, and the statements resolved so far."""

    tv: Tokens
    runs: list[NameRun]
    intros: list[Intro] = field(default_factory=list)
    speakers: list[tuple[int, list[Speaker]]] = field(default_factory=list)  # resolved, in order
    known: dict[str, Speaker] = field(default_factory=dict)  # name or mention text -> entity speaker
    persons: set[str] = field(default_factory=set)  # names known to be persons
    genders: dict[str, str] = field(default_factory=dict)  # person name -> "f" / "m", from role nouns and titles
    organisations: set[str] = field(default_factory=set)  # names known to be organisations or media
    _full_names: dict[int, str] = field(default_factory=dict)  # run start -> full name (see full_name)

    def speaker(self, name: str) -> Speaker:
        """The entity a name from the text stands for, when entities exist; else the name itself."""
        found = self.known.get(name) or self.known.get(name.split()[-1] if name else "")
        return found or Speaker(name)

    @classmethod
    def build(cls, tv: Tokens, article: Article | None = None) -> Registry:
        runs: list[NameRun] = []
        index = 0
        while index < tv.size:
            if tv.tags[index] == "NE" and tv.words[index][:1].isupper():
                if is_role_compound(tv.words[index]) and index + 1 < tv.size and tv.tags[index + 1] == "NE":
                    index += 1  # "GPA-djp-Chef Wolfgang Katzian": the role introduces the name
                    continue
                end = index + 1
                while end < tv.size and continues_name(tv, end):
                    end += 1
                runs.append(NameRun(index, end, " ".join(tv.words[index:end])))
                index = end
            else:
                index += 1
        registry = cls(tv, runs)
        registry._introduce(article)
        return registry

    # ------------------------------------------------------------------ building

    def _introduce(self, article: Article | None) -> None:
        tv = self.tv
        covered: set[int] = set()
        if article is not None and article.mentions:
            names = {e.id: e.name for e in article.entities}
            for mention in article.mentions:
                if mention.label not in {"PER", "ORG"} or getattr(mention, "kind", "name") != "name":
                    continue
                tokens = [i for i in range(tv.size) if tv.starts[i] >= mention.start and tv.ends[i] <= mention.end]
                if not tokens or is_description(tv, tokens):
                    continue
                name = names.get(mention.entity or "", mention.text)
                speaker = Speaker(name, mention.entity)
                person = mention.label == "PER"
                self.known.setdefault(mention.text, speaker)
                self.known.setdefault(name, speaker)
                (self.persons if person else self.organisations).update({name, mention.text})
                self._add(tokens[0], tokens[-1] + 1, speaker, person)
                covered.update(tokens)
        for index in range(tv.size):  # "das Verteidigungsministerium", "das Landgericht": a named institution
            word = tv.lower[index]
            if tv.tags[index] == "NN" and index not in covered and word.endswith(INSTITUTION_COMPOUNDS) and not \
                    word.endswith(("ämter", "behörden", "gerichte", "ministerien")) and len(word) > 9:
                self.intros.append(Intro(index, index + 1, Speaker(tv.words[index]), False))
                self.organisations.add(tv.words[index])
        for run in self.runs:
            if any(i in covered for i in range(run.first, run.end)):
                continue
            person = run.is_person
            name = self.full_name(run)
            if person:
                self.persons.add(name)
            self._add(run.first, run.end, Speaker(name), person)
        self.intros.sort(key=lambda intro: intro.first)

    def _add(self, first: int, end: int, speaker: Speaker, person: bool) -> None:
        roles, phrases = self._roles_around(first, end)
        medium = medium_class(speaker.name or "") or next((c for c in map(class_of_noun, roles) if c), None)
        if not person and medium is not None:
            self.organisations.add(speaker.name or "")
        if person and speaker.name:
            gender = self._gender(first, roles)
            if gender and self.genders.get(speaker.name, gender) == gender:
                self.genders[speaker.name] = gender
            elif gender:
                self.genders[speaker.name] = "?"
        if roles or medium is not None or person:
            self.intros.append(Intro(first, end, speaker, person, roles, phrases, medium))

    def _gender(self, first: int, roles: list[str]) -> str | None:
        """"f" for "Ministerin X", "Frau X"; "m" for "Minister X", "Herr X"; None when the text does not say."""
        before = self.tv.lower[first - 1] if first else ""
        if before == "frau":
            return "f"
        if before == "herr":
            return "m"
        for role in roles:
            if role_stem(role) != role:
                return "f"
            if role.endswith(ROLE_ENDINGS) and not role.endswith(("vorsitzende", "abgeordnete")):
                return "m"
        return None

    def gender(self, speaker: Speaker) -> str | None:
        found = self.genders.get(speaker.name or "")
        return found if found in {"f", "m"} else None

    def _roles_around(self, first: int, end: int) -> tuple[list[str], list[str]]:
        """Nouns that introduce a name: "Außenminister Sergej Lawrow", "die Nachrichtenagentur Interfax",
        "Der Anwalt des Angeklagten, Peter Müller", "Kossatschow, Vorsitzender des …", "Hauer, Professor für …"."""
        tv, roles, phrases = self.tv, [], []
        before = first - 1
        if before >= 0 and tv.words[before] in {"„", '"', "»"}:  # die Zeitung „Kurier“
            before -= 1
        while before >= 0 and (tv.tags[before] in {"NN", "ADJA", "TRUNC"} or is_role_compound(tv.words[before])) \
                and first - before <= ROLE_WINDOW:
            if tv.tags[before] != "ADJA" and tv.lower[before] not in NOT_ROLES:
                roles.append(tv.lower[before])
            before -= 1
        apposition = end >= tv.size or tv.words[end] in {",", "(", ".", ";", "–"}
        if before >= 1 and tv.words[before] == "," and tv.tags[before - 1] in {"NN", "NE", "$("} and not roles \
                and apposition:
            head = self._head_before_comma(before)  # "Der Verteidiger des Angeklagten, Peter Müller, sagte"
            if head is not None:
                roles.append(tv.lower[head])
        after = end
        if after < tv.size and tv.words[after] == "(":  # "Hans Niessl (SPÖ), Landeshauptmann"
            close = next((j for j in range(after, min(tv.size, after + 6)) if tv.words[j] == ")"), None)
            after = close + 1 if close is not None else after
        if after + 1 < tv.size and tv.words[after] == ",":
            j = after + 1
            while j < tv.size and tv.tags[j] in {"ART", "ADJA", "PPOSAT", "PIAT", "ADV"}:
                j += 1
            if j < tv.size and tv.tags[j] == "NN" and tv.lower[j] not in NOT_ROLES:
                roles.append(tv.lower[j])
                stop = j + 1
                while stop < tv.size and stop - j < 8 and tv.words[stop] not in {",", ".", ";", ":", "(", "–"} and (
                        not tv.is_finite(stop)):
                    stop += 1
                phrases.append(" ".join(tv.lower[j:stop]))
        return roles, phrases

    def _head_before_comma(self, comma: int) -> int | None:
        """The head noun of the phrase that ends at a comma, when that phrase opens its clause with an article."""
        tv = self.tv
        sentence_first = tv.sentences[tv.sentence_of[comma]][0]
        index = comma - 1
        while index > sentence_first and tv.tags[index] in {"NN", "NE", "ART", "ADJA", "APPR", "APPRART", "PPOSAT",
                                                              "CARD", "$("} and comma - index < 10:
            index -= 1
        start = index if tv.tags[index] in {"ART", "PPOSAT"} else index + 1
        if start >= comma or tv.tags[start] not in {"ART", "PPOSAT"}:
            return None
        head = next((i for i in range(start, comma) if tv.tags[i] == "NN"), None)
        return head if head is not None and tv.lower[head] not in NOT_ROLES else None

    # ------------------------------------------------------------------ lookups

    def full_name(self, run: NameRun) -> str:
        """A surname alone stands for the full name introduced before it ("Lawrow" -> "Sergej Lawrow"); a family
        name written first too ("Ban Ki-moon" … "Ban")."""
        if run.is_person:
            return run.text
        if not self._full_names:
            self._index_full_names()
        return self._full_names.get(run.first, run.text)

    def _index_full_names(self) -> None:
        by_surname: dict[str, str] = {}  # the latest person run ending in the key ("Lawrow" -> "Sergej Lawrow")
        by_family: dict[str, str] = {}  # the first person run with a family name first ("Ban" -> "Ban Ki-moon")
        for run in self.runs:
            if run.is_person:
                words = run.text.split()
                for k in range(1, len(words)):
                    by_surname[" ".join(words[k:])] = run.text
                if "-" in words[-1]:
                    by_family.setdefault(words[0], run.text)
            else:
                self._full_names[run.first] = by_surname.get(run.text) or by_family.get(run.text) or run.text
        self._full_names[-1] = ""  # indexed

    def person_before(self, position: int, limit_sentences: int, gender: str | None = None) -> Speaker | None:
        """The nearest person named before ``position`` within ``limit_sentences`` (of ``gender`` if known)."""
        sentence = self.tv.sentence_of[position]
        for intro in reversed(self.intros):
            if intro.end <= position and intro.person and sentence - self.tv.sentence_of[intro.first] <= \
                    limit_sentences and (gender is None or self.gender(intro.speaker) in {None, gender}):
                return intro.speaker
        return None

    def by_role(self, role: str, position: int, plural: bool, *, after: bool = False,
                persons: bool | None = None) -> list[Speaker]:
        """Speakers introduced with ``role`` before ``position`` (the latest; all of them for a plural role),
        or with ``after`` the first introduced after it (a headline naming someone the text introduces)."""
        stems = {role, role[:-1] if plural and role.endswith(("en", "n")) else role,
                 role[:-2] if plural and role.endswith("en") else role}
        found: list[Speaker] = []
        for intro in self.intros:
            if (intro.first > position) != after or (persons is not None and intro.person != persons):
                continue
            if any(roles_match(known, stem) for known in intro.roles for stem in stems):
                if intro.speaker in found:
                    found.remove(intro.speaker)
                found.append(intro.speaker)
                if after:
                    break
        return found if plural else found[-1:]

    def by_role_prefix(self, nouns: list[str], position: int) -> list[Speaker]:
        """The latest person introduced with a role noun built on one of ``nouns`` ("Verwaltungsrecht" ->
        "Verwaltungsrechtler Andreas Hauer")."""
        found = [intro.speaker for intro in self.intros if intro.first < position and intro.person and any(
            len(noun) >= 6 and role.startswith(noun) and role != noun for noun in nouns for role in intro.roles)]
        return found[-1:]

    def by_phrase(self, phrase: str, position: int) -> list[Speaker]:
        """A person introduced with exactly this role phrase ("Professor für Verwaltungsrecht")."""
        found = [intro.speaker for intro in self.intros if intro.first < position and phrase in intro.phrases]
        return found[-1:]

    def medium_before(self, kind: str, position: int) -> Speaker | None:
        """The latest medium of a class named before ``position`` ("die Nachrichtenagentur" -> Interfax)."""
        accepted = {kind, "magazine"} if kind == "newspaper" else {kind, "newspaper"} if kind == "magazine" else {kind}
        found = [intro.speaker for intro in self.intros if intro.first < position and intro.medium in accepted]
        return found[-1] if found else None

    def is_person(self, speaker: Speaker) -> bool | None:
        """True for a known person, False for a known organisation or medium, None when unknown."""
        name = speaker.name or ""
        if name in self.persons:
            return True
        if name in self.organisations or medium_class(name) is not None:
            return False
        return None

    def last_speakers(self, position: int, *, window: int = PRONOUN_WINDOW, persons: bool = False,
                      gender: str | None = None) -> list[Speaker]:
        """The speakers of the latest statement before ``position`` within ``window`` sentences; with ``persons``
        the latest that are persons (of ``gender`` when the text tells it)."""
        sentence = self.tv.sentence_of[position]
        for where, speakers in reversed(self.speakers):
            recent = where < position and sentence - self.tv.sentence_of[where] <= window
            if recent and speakers and all(s.name for s in speakers):
                if persons and any(self.is_person(s) is False or not _person_like(s) for s in speakers):
                    continue
                if gender and any(self.gender(s) not in {None, gender} for s in speakers):
                    continue
                return speakers
        return []

    def canonical(self, speaker: Speaker) -> Speaker:
        """The speaker with the usual full name of a known medium ("AP" -> "Associated Press")."""
        if speaker.name is None:
            return speaker
        name = canonical_name(speaker.name)
        return speaker if name == speaker.name else Speaker(name, speaker.entity)


# Compounds that name one institution ("Verteidigungsministerium", "Landgericht", "Innenministerium").
INSTITUTION_COMPOUNDS = ("ministerium", "gericht", "amt", "behörde", "kommission", "polizei", "regierung",
                         "staatsanwaltschaft", "gewerkschaft", "verband", "institut", "agentur", "bank")
INSTITUTION_ENDINGS = ("ministerium", "amt", "behörde", "behörden", "polizei", "regierung", "gericht", "zeitung",
                       "agentur", "partei", "verband", "gewerkschaft", "kommission", "organisation", "institut",
                       "unternehmen", "konzern", "bank", "armee", "militär", "staatsanwaltschaft", "feuerwehr",
                       "bericht", "studie", "medien", "sender", "fernsehen", "rat", "union", "fraktion")


def _person_like(speaker: Speaker) -> bool:
    """Whether a speaker could be "er"/"sie": not a description of an institution or document."""
    words = (speaker.name or "").split()
    if not words:
        return False
    head = words[0] if len(words) > 1 and words[1][:1].islower() else words[-1]  # "Sprecher der Polizei"
    return not head.lower().endswith(INSTITUTION_ENDINGS)


def is_description(tv: Tokens, tokens: list[int]) -> bool:
    """Whether an entity mention is a role noun, not a name ("der Verteidiger", "Polizeisprecher", "die Polizei"
    tagged PER or ORG): common nouns only, the last one naming a role or an institution."""
    if not tokens or any(tv.tags[i] != "NN" for i in tokens):
        return False
    word = tv.lower[tokens[-1]]
    last = word.rsplit("-", 1)[-1]
    return last in GENERIC_TITLES or last.endswith(ROLE_ENDINGS) or last.endswith(SPEAKER_NOUN_ENDINGS) or \
        any(last in group for group in ROLE_SYNONYMS)


def continues_name(tv: Tokens, index: int) -> bool:
    """Whether a token continues a name: another name word, a surname the tagger read as an ordinary
    word ("Peter Kurz"), "el-Baradei", or a particle followed by a name ("Karl-Theodor zu Guttenberg")."""
    word, tag = tv.words[index], tv.tags[index]
    if word[:1].isupper():
        return tag == "NE" or tag not in {"NN", "ART", "APPR", "APPRART", "PPER", "$("}
    if "-" in word and word.split("-")[0].lower() in NAME_PARTICLES:
        return True
    return (word in NAME_PARTICLES and index + 1 < tv.size and tv.words[index + 1][:1].isupper()
            and tv.tags[index + 1] == "NE")
