"""Speakers: from a source phrase to a person or organisation.

With entities (``article.mentions`` linked to ``article.entities``) a source
phrase that contains a PER or ORG mention is that entity: ``speaker`` is its id,
``speaker_name`` its canonical name.  Without them a small in-article name
registry built from the tagger's proper nouns (STTS ``NE``) does the same job:

* **names** — the proper-noun run at the head of the phrase ("Der russische
  Außenminister *Sergej Lawrow*"); a surname alone ("Lawrow") is linked to the
  full name introduced earlier in the article;
* **pronouns** — "er", "sie", "ich", "wir": the nearest preceding compatible
  speaker (within ``PRONOUN_WINDOW`` sentences), else the nearest preceding
  person name (a name of two or more words);
* **role nouns** — "der Senator", "die Ministerin": the person the article
  introduced with that role ("Außenminister Sergej Lawrow" registers
  *Außenminister* for Lawrow); for a *generic title* (``GENERIC_TITLES``) with
  no such introduction, the nearest preceding speaker — "der Senator" after
  "Konstantin Kossatschow, Vorsitzender des Auswärtigen Ausschusses des
  Föderationsrats, sagte …" is Kossatschow.  Function nouns that name a new
  person ("ein Sprecher", "ein Augenzeuge") are never resolved: the role text
  is the speaker name;
* **several speakers** — "X und Y sagten", "die Präsidenten" (plural of a
  registered role): one speaker each;
* **source nouns** — "nach Angaben der Bundesanwaltschaft", "seiner Meinung
  nach": the speaker is the phrase's complement, not "Angaben".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lagebild.model import Article

from .base import Draft, Speaker, Tokens
from .cues import is_source_noun
from .lexicon import GENERIC_TITLES

PRONOUN_WINDOW = 4  # sentences
DETERMINERS = frozenset({"ART", "PDAT", "PPOSAT", "PIAT", "PIDAT", "CARD"})
POSSESSIVE_PERSON = {"sein": "er", "seiner": "er", "seinen": "er", "seinem": "er", "seines": "er", "ihrer": "sie",
                     "ihren": "sie", "ihrem": "sie", "ihres": "sie", "ihr": "sie"}


@dataclass(slots=True)
class NameRun:
    first: int
    end: int
    text: str

    @property
    def is_person(self) -> bool:
        # Two or more capitalised words that are not acronyms: "Sergej Lawrow", "Heidemarie Wieczorek-Zeul".
        words = self.text.split()
        return len(words) >= 2 and all(w[:1].isupper() and not w.isupper() for w in words)


@dataclass
class Registry:
    """Names and roles seen so far in the article, in text order."""

    tv: Tokens
    runs: list[NameRun]
    roles: list[tuple[int, str, str]] = field(default_factory=list)  # (position, role, name)
    speakers: list[tuple[int, list[Speaker]]] = field(default_factory=list)  # resolved, in order
    known: dict[str, Speaker] = field(default_factory=dict)  # name or mention text -> entity speaker

    def speaker(self, name: str) -> Speaker:
        """The entity a name from the text stands for, when entities exist; else the name itself."""
        return self.known.get(name) or self.known.get(name.split()[-1] if name else "") or Speaker(name)

    @classmethod
    def build(cls, tv: Tokens) -> Registry:
        runs: list[NameRun] = []
        index = 0
        while index < tv.size:
            if tv.tags[index] == "NE" and tv.words[index][:1].isupper():
                end = index + 1
                while end < tv.size and _continues_name(tv, end):
                    end += 1
                runs.append(NameRun(index, end, " ".join(tv.words[index:end])))
                index = end
            else:
                index += 1
        registry = cls(tv, runs)
        for run in runs:
            if run.is_person:
                for role in registry._roles_around(run):
                    registry.roles.append((run.first, role, run.text))
        return registry

    def _roles_around(self, run: NameRun) -> list[str]:
        """Nouns that introduce a person: "Außenminister Sergej Lawrow", "Kossatschow, Vorsitzender des …"."""
        tv, roles = self.tv, []
        before = run.first - 1
        while before >= 0 and tv.tags[before] in {"NN", "ADJA"} and run.first - before <= 3:
            if tv.tags[before] == "NN":
                roles.append(tv.lower[before])
            before -= 1
        after = run.end + (1 if run.end < len(tv) and tv.words[run.end] == "," else 0)
        if after < len(tv) and tv.tags[after] == "NN":
            roles.append(tv.lower[after])
        return roles

    def full_name(self, run: NameRun) -> str:
        """A surname alone stands for the full name introduced before it ("Lawrow" -> "Sergej Lawrow")."""
        if run.is_person:
            return run.text
        for earlier in reversed(self.runs):
            if earlier.first >= run.first:
                continue
            if earlier.is_person and earlier.text.endswith(" " + run.text):
                return earlier.text
        return run.text

    def person_before(self, position: int, limit_sentences: int) -> str | None:
        sentence = self.tv.sentence_of[position]
        for run in reversed(self.runs):
            if run.end <= position and run.is_person and sentence - self.tv.sentence_of[run.first] <= limit_sentences:
                return run.text
        return None

    def by_role(self, role: str, position: int, plural: bool) -> list[str]:
        stem = role[:-1] if plural and role.endswith(("en", "n")) else role
        stems = {role, stem, role[:-2] if role.endswith("en") else role}
        names: list[str] = []
        for where, known, name in self.roles:
            if where < position and any(known == s or (known.endswith(s) and len(s) > 4) for s in stems):
                if name in names:
                    names.remove(name)
                names.append(name)
        return names if plural else names[-1:]

    def last_speakers(self, position: int) -> list[Speaker]:
        sentence = self.tv.sentence_of[position]
        for where, speakers in reversed(self.speakers):
            recent = where < position and sentence - self.tv.sentence_of[where] <= PRONOUN_WINDOW
            if recent and speakers and all(s.name for s in speakers):
                return speakers
        return []


NAME_PARTICLES = frozenset({"von", "van", "de", "der", "zu", "da", "di", "du", "la", "le", "bin", "ibn", "al", "el"})


def _continues_name(tv: Tokens, index: int) -> bool:
    """Whether a token continues a name: another name word, a surname the tagger read as an ordinary
    word ("Peter Kurz"), "el-Baradei", or a particle followed by a name ("Karl-Theodor zu Guttenberg")."""
    word, tag = tv.words[index], tv.tags[index]
    if word[:1].isupper():
        return tag == "NE" or tag not in {"NN", "ART", "APPR", "APPRART", "PPER", "$("}
    if "-" in word and word.split("-")[0].lower() in NAME_PARTICLES:
        return True
    return (word in NAME_PARTICLES and index + 1 < tv.size and tv.words[index + 1][:1].isupper()
            and tv.tags[index + 1] == "NE")


def resolve_speakers(tv: Tokens, article: Article, drafts: list[Draft]) -> None:
    """Fill ``speakers`` of every draft, in text order (anchors before their continuations)."""
    registry = Registry.build(tv)
    mentions = _mention_index(tv, article)
    names = {e.id: e.name for e in article.entities}
    for mention in article.mentions:
        if mention.label == "PER" and mention.entity in names:
            entity_speaker = Speaker(names[mention.entity], mention.entity)
            registry.known[mention.text] = entity_speaker
            registry.known[names[mention.entity]] = entity_speaker
    for draft in sorted(drafts, key=lambda d: (d.first, d.nested)):
        if draft.anchor is not None and not draft.source:
            if draft.anchor.source and not draft.anchor.speakers:
                # a speaker found as the subject of an earlier sentence is not a statement of its own,
                # so it was not resolved in this loop
                draft.anchor.speakers = _resolve_phrase(tv, registry, mentions, draft.anchor.source)
            draft.speakers = list(draft.anchor.speakers)
            draft.source = list(draft.anchor.source)
        elif draft.anchor is not None and draft.nested:
            draft.speakers = list(draft.anchor.speakers)
        elif draft.source:
            draft.speakers = _resolve_phrase(tv, registry, mentions, draft.source)
        position = draft.source[0] if draft.source else draft.first
        registry.speakers.append((position, draft.speakers))


def _mention_index(tv: Tokens, article: Article) -> list[tuple[int, int, Speaker, str]]:
    """Entity mentions as token ranges with their speaker (entity id and canonical name)."""
    names = {e.id: e.name for e in article.entities}
    result = []
    for mention in article.mentions:
        if mention.label not in {"PER", "ORG"}:
            continue
        tokens = [i for i in range(len(tv)) if tv.starts[i] >= mention.start and tv.ends[i] <= mention.end]
        if tokens:
            speaker = Speaker(names.get(mention.entity or "", mention.text), mention.entity)
            result.append((tokens[0], tokens[-1] + 1, speaker, mention.label))
    return result


def _resolve_phrase(tv: Tokens, registry: Registry, mentions: list[tuple[int, int, Speaker, str]],
                    source: list[int]) -> list[Speaker]:
    first, end = min(source), max(source) + 1
    if end - first > 1 and tv.tags[first] in {"APPR", "APPRART"}:
        first += 1  # "vom Bundesverband", "In einer Analyse der BBC": SpkAtt marks the preposition; it is no name
    head = first
    while head < end and tv.tags[head] in DETERMINERS | {"ADJA"}:
        head += 1
    # "nach Angaben der Bundesanwaltschaft", "seiner Meinung nach": the complement speaks.
    if head < end and tv.tags[head] == "NN" and is_source_noun(tv.words[head]):
        if head + 1 < end:
            first = head = head + 1 + (1 if tv.lower[head + 1] in {"von", "vom"} else 0)
            while head < end and tv.tags[head] in DETERMINERS | {"ADJA"}:
                head += 1
        elif tv.lower[first] in POSSESSIVE_PERSON:
            return _resolve_pronoun(tv, registry, mentions, first, POSSESSIVE_PERSON[tv.lower[first]])
    inside = [m for m in mentions if m[0] >= first and m[1] <= end]
    if inside:
        persons = [m for m in inside if m[3] == "PER"] or inside
        return _dedupe([m[2] for m in persons if not _in_attachment(tv, first, m[0])] or [persons[0][2]])
    if end - first == 1 and tv.tags[first] in {"PPER", "PIS", "PDS"}:
        return _resolve_pronoun(tv, registry, mentions, first, tv.lower[first])
    runs = [r for r in registry.runs if r.first >= first and r.end <= end and not _in_attachment(tv, first, r.first)]
    if runs:
        coordinated = [r for r in runs if _coordinated(tv, first, r)]
        chosen = coordinated if len(coordinated) > 1 else [next((r for r in runs if r.is_person), runs[0])]
        return [registry.speaker(registry.full_name(r)) for r in chosen]
    return _resolve_role(tv, registry, first, end, head)


def _in_attachment(tv: Tokens, first: int, index: int) -> bool:
    """Whether ``index`` sits in a genitive or prepositional attachment of the phrase ("Sprecher *der Polizei*");
    an apposition after a comma is the phrase again ("Der Direktor der IAEO, *Mohammed el-Baradei*")."""
    seen_head = attached = False
    for i in range(first, index):
        if tv.words[i] == ",":
            seen_head = attached = False
        elif tv.tags[i] in {"NN", "NE"}:
            seen_head = True
        elif seen_head and (tv.tags[i] in {"APPR", "APPRART"} or tv.lower[i] in {"des", "der"} or tv.words[i] == "("):
            attached = True
    return attached


def _coordinated(tv: Tokens, first: int, run: NameRun) -> bool:
    return run.first == first or any(tv.tags[i] == "KON" for i in range(max(first, run.first - 4), run.first))


def _resolve_pronoun(tv: Tokens, registry: Registry, mentions: list[tuple[int, int, Speaker, str]], index: int,
                     pronoun: str) -> list[Speaker]:
    if pronoun not in {"er", "sie", "ich", "wir"}:
        return []
    speakers = registry.last_speakers(index)
    if speakers:
        return speakers
    people = [m for m in mentions if m[1] <= index and m[3] == "PER"]
    if people:
        return [people[-1][2]]
    name = registry.person_before(index, PRONOUN_WINDOW)
    return [registry.speaker(name)] if name else []


def _resolve_role(tv: Tokens, registry: Registry, first: int, end: int, head: int) -> list[Speaker]:
    """A phrase without a name: a registered role, a generic title, or the role text itself."""
    start = head if head < end else first
    text = tv.text[tv.starts[start]:tv.ends[end - 1]]
    if head >= end or tv.tags[head] != "NN":
        return [Speaker(text)] if text else []
    role = tv.lower[head]
    attached = any(tv.tags[i] in {"APPR", "APPRART", "ART"} for i in range(head + 1, end))
    plural = tv.lower[first] in {"die", "beide", "beiden"} and role.endswith(("en", "er", "n")) and not role.endswith(
        "in")
    names = registry.by_role(role, first, plural)
    if names and not attached:
        return [registry.speaker(n) for n in names]
    if not attached and role in GENERIC_TITLES and tv.lower[first] in {"der", "die", "dem"}:
        speakers = registry.last_speakers(first)
        if speakers:
            return speakers
    return [Speaker(text)]


def _dedupe(speakers: list[Speaker]) -> list[Speaker]:
    result: list[Speaker] = []
    for speaker in speakers:
        if speaker not in result:
            result.append(speaker)
    return result
