"""Speakers: from a source phrase to a person, organisation, group, medium or document.

A speaker is someone who can speak.  The source phrase a rule found (the SpkAtt span, kept as written
in ``Attribution.source``) is resolved to the entity it refers to, using the article's introductions
(:mod:`.registry`):

* **names** — a PER (else ORG) entity mention in the phrase, outside genitive and prepositional
  attachments ("Sprecher *der Polizei*", "der Arzt *Lahms*"), is the speaker with the entity's
  canonical name; without entities, the proper-noun run at the head of the phrase, a surname alone
  ("Lawrow") linked to the full name introduced earlier ("Sergej Lawrow");
* **pronouns** — "er", "ich" and singular "sie": the latest speaker that is a person, else the nearest
  person named before; plural "sie" and "wir": the latest speaker;
* **relative and demonstrative pronouns** — "…, der angab", "…, nach denen", "Dieser sagte": the noun
  phrase before the comma (the antecedent), or the latest speaker;
* **"demnach", "wonach", "demzufolge"** — the speaker they point back to: the noun before "wonach", else
  the latest statement's speaker in the last two sentences, else a speaker or document named in the
  sentence before;
* **descriptions** — "der Verteidiger", "die Nachrichtenagentur", "das Ministerium": the person or
  organisation the article introduced with that role or class ("Anwalt Peter Müller",
  "die Agentur Interfax", a medium :mod:`.media` knows, "das Verteidigungsministerium"); a description
  in the headline may name someone introduced later ("Landeshauptmann: …"); a definite *generic title*
  (``GENERIC_TITLES``) with no such introduction is the latest person speaking; otherwise the
  description itself, with its modifiers and without its article ("iranische Medien", "Sprecher der
  Polizei");
* **source nouns** — "nach Angaben der Bundesanwaltschaft", "seiner Meinung nach": the complement
  speaks, not "Angaben";
* **never a speaker** — a date or month, a number or time noun ("vor zwei Jahren"), an adverb, a
  participle, an abstract or event noun ("die Pressekonferenz" — the one named with it speaks: "der
  Pressekonferenz des DFB" -> DFB);
* **media relaying a source** — "…, sagte Y laut X" and "X berichtet unter Berufung auf Y": Y is the
  speaker, X the ``medium``;
* **canonical names** — agencies and papers get their usual full name (:func:`.media.canonical_name`:
  "AP" -> "Associated Press");
* **several speakers** — coordinated names ("Angela Merkel und Emmanuel Macron sagten") and plural roles
  ("die Präsidenten") give one speaker each.
"""

from __future__ import annotations

from lagebild.model import Article

from .base import Draft, Speaker, Tokens
from .cues import is_source_noun
from .lexicon import GENERIC_TITLES, REFERRING_CUES
from .media import canonical_name, class_of_noun, medium_class
from .phrases import (
    could_speak,
    main_verb,
    noun_phrase,
    particle_name,
    phrase_before,
    segment_kind,
    segments,
)
from .registry import PRONOUN_WINDOW, Registry, is_description, is_role_compound
from .speaking import (
    DOCUMENT_ENDINGS,
    coordinated,
    dedupe,
    in_attachment,
    listed,
    names_no_one,
    time_word,
    valid_head,
    valid_name,
    valid_run,
)
from .subjects import clause_subject

DETERMINERS = frozenset({"ART", "PDAT", "PPOSAT", "PIAT", "PIDAT", "CARD"})
ARTICLES = frozenset({"ART", "PDAT", "PPOSAT"})  # dropped from a description; "viele", "zwei" stay
DEFINITE = frozenset({"der", "die", "das", "dem", "den", "des", "dieser", "diese", "dieses", "diesem", "diesen"})
POSSESSIVE_PERSON = {"sein": "er", "seiner": "er", "seinen": "er", "seinem": "er", "seines": "er", "ihrer": "sie",
                     "ihren": "sie", "ihrem": "sie", "ihres": "sie", "ihr": "sie"}
RELATIVE_WORDS = frozenset({"der", "die", "das", "welche", "welcher", "welches", "denen", "dem", "den", "deren",
                            "dessen"})
DEMONSTRATIVES = frozenset({"dieser", "diese", "jener", "jene", "der", "die"})
RELAYING_CUES = frozenset({"laut", "zufolge", "gemäß", "nach", "demnach", "demzufolge", "wonach"})
# Report nouns that, definite and without an author, point back at the source just named ("dem Bericht
# zufolge" -> the paper named before); laws and idioms do not ("nach dem Grundgesetz", "dem Vernehmen nach").
ANAPHORIC_REPORTS = frozenset({
    "angaben", "bericht", "berichten", "berichte", "mitteilung", "erklärung", "informationen", "aussagen", "aussage",
    "darstellung", "schätzungen", "schätzung", "meldung", "meldungen", "stellungnahme", "schreiben", "brief",
    "interview", "ankündigung", "worten", "zahlen"})
REFERENT_WINDOW = 2  # sentences: "Demnach …" points back at most this far
HEADLINE_SENTENCES = 2  # a description in the first sentences may name someone the text introduces later
NOT_SPEAKING_ADJECTIVE_HEADS = frozenset({"neue", "andere", "anderen", "erste", "letzte", "beiden"})


def resolve_speakers(tv: Tokens, article: Article, drafts: list[Draft]) -> None:
    """Fill ``speakers`` (and ``medium``) of every draft, in text order (anchors before their continuations)."""
    resolver = Resolver(tv, Registry.build(tv, article), _mention_index(tv, article), drafts)
    resolver.nominal = _nominal_index(tv, article)
    for draft in sorted(drafts, key=lambda d: (d.first, d.nested)):
        resolver.resolve(draft)


def _mention_index(tv: Tokens, article: Article) -> list[tuple[int, int, Speaker, str]]:
    """Named PER and ORG mentions as token ranges with their speaker (entity id and canonical name)."""
    names = {e.id: e.name for e in article.entities}
    result = []
    for mention in article.mentions:
        if mention.label not in {"PER", "ORG"} or getattr(mention, "kind", "name") != "name":
            continue
        tokens = [i for i in range(len(tv)) if tv.starts[i] >= mention.start and tv.ends[i] <= mention.end]
        if tokens and not is_description(tv, tokens):  # "der Verteidiger" tagged PER is a description
            speaker = Speaker(names.get(mention.entity or "", mention.text), mention.entity)
            result.append((tokens[0], tokens[-1] + 1, speaker, mention.label))
    return result


def _nominal_index(tv: Tokens, article: Article) -> dict[int, list[Speaker]]:
    """Descriptions the entities step resolved ("der Verteidiger" -> the lawyer named before), by head token."""
    names = {e.id: e.name for e in article.entities}
    found: dict[int, list[Speaker]] = {}
    for mention in article.mentions:
        if mention.kind != "nominal" or not mention.entity or mention.entity not in names:
            continue
        tokens = [i for i in range(len(tv)) if tv.starts[i] >= mention.start and tv.ends[i] <= mention.end]
        if tokens:
            found.setdefault(tokens[-1], []).append(Speaker(names[mention.entity], mention.entity))
    return found


class Resolver:
    """Resolves the drafts of one article against its registry."""

    def __init__(self, tv: Tokens, registry: Registry, mentions: list[tuple[int, int, Speaker, str]],
                 drafts: list[Draft]) -> None:
        self.tv, self.registry, self.mentions, self.drafts = tv, registry, mentions, drafts
        self.depth = 0
        self.nominal: dict[int, list[Speaker]] = {}  # head token -> the entities its description resolved to

    # ------------------------------------------------------------------ statements

    def resolve(self, draft: Draft) -> None:
        if draft.anchor is not None and not draft.source:
            anchor = draft.anchor
            if anchor.source and not anchor.speakers:
                # a speaker found as the subject of an earlier sentence is not a statement of its own,
                # so it was not resolved in this loop
                anchor.speakers, anchor.medium = self.statement(anchor)
            draft.speakers, draft.medium = list(anchor.speakers), anchor.medium
            draft.source = list(anchor.source) if anchor.speakers or not names_no_one(self.tv, anchor.source) else []
        elif draft.anchor is not None and draft.nested:
            draft.speakers, draft.medium = list(draft.anchor.speakers), draft.anchor.medium
        elif draft.source or draft.cue:
            draft.speakers, draft.medium = self.statement(draft)
            if not draft.speakers and names_no_one(self.tv, draft.source):
                draft.source = []  # "Vergangene Woche", "keiner", "die Veranstaltung": no one who can speak
        position = draft.source[0] if draft.source else draft.first
        self.registry.speakers.append((position, draft.speakers))

    def statement(self, draft: Draft) -> tuple[list[Speaker], Speaker | None]:
        """The speakers of a statement and the medium that relayed it, if any."""
        partner = self._relayed(draft)
        if partner is not None:  # "…, sagte Y laut X": Y speaks, X reported it
            if partner.source and not partner.speakers:
                partner.speakers, partner.medium = self.statement(partner)
            medium = self.phrase(draft.source)
            if partner.speakers:
                return list(partner.speakers), medium[0] if medium else None
        original = self._berufung(draft)
        if original is not None:  # "X berichtet unter Berufung auf Y"
            speakers = self.phrase(original)
            if speakers:
                medium = self.phrase(draft.source)
                return speakers, medium[0] if medium else None
        found = self.phrase(draft.source)
        if not found and self._impersonal(draft):
            # "…, hieß es" right after a named source continues that source; "heißt es darin": the document
            tv = self.tv
            first, end = tv.sentences[tv.sentence_of[draft.cue[0]]]
            pointing = any(tv.lower[i] in {"darin", "dort"} for i in range(first, end))
            found = self._referent(draft.cue[0]) if pointing else self.registry.last_speakers(draft.cue[0], window=1)
        return found, None

    def _impersonal(self, draft: Draft) -> bool:
        """"heißt es", "hieß es": a cue with the impersonal "es" for its source."""
        tv = self.tv
        return any(tv.lemmas[i] == "heißen" for i in draft.cue) and all(
            tv.lower[i] in {"es", "man"} for i in draft.source)

    def _relayed(self, draft: Draft) -> Draft | None:
        """For a source phrase ("laut X", "X zufolge") whose message holds a speech verb with a subject of
        its own in the same sentence, that verb's statement."""
        tv = self.tv
        if len(draft.cue) != 1 or tv.lower[draft.cue[0]] not in RELAYING_CUES:
            return None
        sentence = tv.sentence_of[draft.cue[0]]
        for other in self.drafts:
            if other is draft or not other.source or not other.cue or other.type == "reported":
                continue
            verbs = [i for i in other.cue if tv.tags[i].startswith("V")]
            if not verbs or tv.sentence_of[verbs[0]] != sentence or not draft.covers(verbs[0]):
                continue
            first, end = tv.sentences[sentence]
            clause = next((p for p in segments(tv, first, end) if verbs[0] in p), None)
            if clause is None or segment_kind(tv, clause) != "main":
                continue  # "Nach Angaben der Polizei wurde der Mann, der gedroht hatte, festgenommen"
            if len(other.source) == 1 and tv.lower[other.source[0]] in {"es", "man"}:
                continue
            if set(other.source) & set(draft.source):
                continue
            return other
        return None

    def _berufung(self, draft: Draft) -> list[int] | None:
        """"berichtet … unter Berufung auf einen Gefängniswärter": the phrase after "auf"."""
        tv = self.tv
        if not draft.cue:
            return None
        first, end = tv.sentences[tv.sentence_of[draft.cue[0]]]
        for index in range(first, end - 3):
            if tv.lower[index] == "unter" and tv.lower[index + 1] == "berufung" and tv.lower[index + 2] == "auf":
                phrase = noun_phrase(tv, index + 3, tv.content_end(first, end))
                if phrase is not None and not (set(range(*phrase)) & set(draft.source)):
                    return list(range(*phrase))
        return None

    # ------------------------------------------------------------------ phrases

    def phrase(self, source: list[int]) -> list[Speaker]:
        """The speakers a source phrase refers to (valid ones only, canonical names)."""
        if not source or self.depth > 3:
            return []
        self.depth += 1
        try:
            speakers = self._phrase(min(source), max(source) + 1)
        finally:
            self.depth -= 1
        return dedupe([self.registry.canonical(s) for s in speakers if valid_name(s.name)])

    def _phrase(self, first: int, end: int) -> list[Speaker]:
        tv, registry = self.tv, self.registry
        if end - first == 3 and particle_name(tv, first):  # "Von der Leyen" -> "Ursula von der Leyen"
            return [self._particle_full_name(first)]
        if end - first > 1 and tv.tags[first] in {"APPR", "APPRART"}:
            first += 1  # "vom Bundesverband", "In einer Analyse der BBC": SpkAtt marks the preposition
        while end - first > 1 and tv.tags[first] == "NN" and time_word(tv.lower[first]):
            first += 1  # "(am) Freitagnachmittag Berichte, wonach …": a time adverbial before the phrase
        while end - first > 1 and tv.tags[end - 1] == "NN" and time_word(tv.lower[end - 1]) and tv.tags[
                end - 2] in {"NN", "NE"}:
            end -= 1  # "teilte der Konzern Mittwochabend mit"
        if end - first == 1:
            word, tag = tv.lower[first], tv.tags[first]
            if word in REFERRING_CUES:
                return self._adverb_referent(first)
            if tag == "PRELS" or (word in RELATIVE_WORDS and tag not in {"PPER", "ART"} and self._comma_before(first)):
                return self._antecedent(first)
            if tag == "PDS" and word in DEMONSTRATIVES:  # "Dieser sagte", "Der erklärte"
                return registry.last_speakers(first, persons=True) or listed(
                    registry.person_before(first, PRONOUN_WINDOW))
        if tv.lower[first] in {"deren", "dessen"} and self._comma_before(first):  # "…, nach deren Angaben"
            return self._antecedent(first)
        head = first
        while head < end and tv.tags[head] in DETERMINERS | {"ADJA"}:
            head += 1
        # "nach Angaben der Bundesanwaltschaft", "seiner Meinung nach", "Berichte der New York Times": the
        # complement speaks (a document speaks for its author).
        if head < end and tv.tags[head] == "NN" and (is_source_noun(tv.words[head]) or tv.lower[head].endswith(
                DOCUMENT_ENDINGS)):
            if head + 1 >= end and head - first <= 2 and tv.lower[head] in ANAPHORIC_REPORTS and (
                    tv.lower[first] in {"dem", "den", "diesem", "diesen"} or (
                    tv.lower[first] in {"der", "dieser"} and tv.lower[head].endswith(("ung", "ion", "e")))):
                # "den Angaben zufolge", "dem Bericht zufolge", "nach dieser Mitteilung": the source just named
                earlier = self._referent(first)
                if earlier:
                    return earlier
            if tv.lower[first] in {"eigenen", "eigener", "eigenem"} and head + 1 >= end:
                # "Das Ministerium zählt nach eigenen Angaben …": the subject of the clause
                own = self._clause_subject_of(first)
                if own is not None:
                    return own
            if head + 1 < end:
                first = head = head + 1 + (1 if tv.lower[head + 1] in {"von", "vom"} else 0)
                while head < end and tv.tags[head] in DETERMINERS | {"ADJA"}:
                    head += 1
            elif tv.lower[first] in POSSESSIVE_PERSON:
                return self._pronoun(first, POSSESSIVE_PERSON[tv.lower[first]])
        inside = [m for m in self.mentions if m[0] >= first and m[1] <= end and not in_attachment(tv, first, m[0])]
        if inside:
            persons = [m for m in inside if m[3] == "PER"] or inside
            if len(persons) > 1 and not any(tv.tags[i] == "KON" for i in range(first, end)):
                persons = persons[:1]  # "Der Leiter der WHO, Klaus Stöhr": one speaker, the first named
            return [m[2] for m in persons]
        if end - first == 1 and tv.tags[first] in {"PPER", "PIS", "PDS"}:
            return self._pronoun(first, tv.lower[first])
        runs = [r for r in registry.runs if r.first >= first and r.end <= end
                and not in_attachment(tv, first, r.first) and valid_run(tv, r)]
        if len(runs) == 1 and runs[0].end - runs[0].first == 1 and is_role_compound(runs[0].text):
            return self._description(first, end, runs[0].first)  # "laut dem GPA-djp-Chef": a role, not a name
        if runs:
            joined = [r for r in runs if coordinated(tv, first, r)]
            chosen = joined if len(joined) > 1 else [next((r for r in runs if r.is_person), runs[0])]
            return [registry.speaker(registry.full_name(r)) for r in chosen]
        return self._description(first, end, head)

    def _particle_full_name(self, first: int) -> Speaker:
        """The full name of a surname with its particle, as the article writes it first ("Ursula von der
        Leyen"); a PER mention there gives the entity."""
        tv = self.tv
        surname = tv.words[first + 2]
        for i in range(1, tv.size - 2):
            if tv.lower[i] == "von" and tv.words[i + 2] == surname and tv.tags[i - 1] == "NE":
                mention = next((m for m in self.mentions if m[0] <= i - 1 < m[1]), None)
                if mention is not None:
                    return mention[2]
                start = i - 1
                while start > 0 and tv.tags[start - 1] == "NE" and tv.words[start - 1][:1].isupper():
                    start -= 1
                return self.registry.canonical(Speaker(tv.text[tv.starts[start]:tv.ends[i + 2]]))
        return Speaker(tv.text[tv.starts[first]:tv.ends[first + 2]])

    def _clause_subject_of(self, index: int) -> list[Speaker] | None:
        tv = self.tv
        sentence = tv.sentence_of[index]
        first, end = tv.sentences[sentence]
        verb = main_verb(tv, sentence)
        if verb is None:
            return None
        subject = clause_subject(tv, verb, segments(tv, first, end))
        if subject is None or subject[0] <= index < subject[1]:
            return None
        found = self._phrase(*subject)
        return found or None

    def _comma_before(self, index: int) -> bool:
        tv = self.tv
        return index > 0 and (tv.words[index - 1] == "," or (
            index > 1 and tv.tags[index - 1] in {"APPR", "APPRART"} and tv.words[index - 2] == ","))

    def _antecedent(self, index: int) -> list[Speaker]:
        """The noun phrase a relative pronoun refers to: the one before the comma that opens its clause
        ("Berichte der Zeitung X, wonach …", "Der Minister, der angab, …", "Experten, nach deren Angaben …")."""
        tv = self.tv
        comma = index - 1 if tv.words[index - 1] == "," else index - 2
        sentence_first = tv.sentences[tv.sentence_of[index]][0]
        for _ in range(3):  # step over appositions and dates between the noun and the comma
            if comma <= sentence_first or tv.words[comma] != ",":
                return []
            start = phrase_before(tv, comma, sentence_first)
            if start is None:
                return []
            while start < comma - 1 and ((tv.tags[start] == "NN" and time_word(tv.lower[start])) or tv.tags[
                    start] in {"APPRART", "APPR"}):
                start += 1  # "am Freitagnachmittag Berichte, wonach …"
            speakers = self._phrase(start, comma) if self._can_head(start, comma) else []
            if speakers and all(valid_name(s.name) for s in speakers):
                return speakers
            comma = start - 1
        return []

    def _can_head(self, first: int, end: int) -> bool:
        head = next((i for i in range(first, end) if self.tv.tags[i] in {"NN", "NE", "FM"}), None)
        return head is not None and valid_head(self.tv, head)

    def _adverb_referent(self, index: int) -> list[Speaker]:
        """"demnach", "wonach", "demzufolge": the speaker they point back to."""
        tv = self.tv
        if tv.lower[index] == "wonach" and self._comma_before(index):
            found = self._antecedent(index)
            if found:
                return found
        return self._referent(index)

    def _referent(self, index: int) -> list[Speaker]:
        """What "demnach", "dem Bericht zufolge" point back at: the latest statement's speaker in the last two
        sentences, else the speaking subject or a document named in the sentence before."""
        tv, registry = self.tv, self.registry
        speakers = registry.last_speakers(index, window=REFERENT_WINDOW)
        if speakers:
            return speakers
        sentence = tv.sentence_of[index]
        if sentence == 0:
            return []
        first, end = tv.sentences[sentence - 1]
        verb = main_verb(tv, sentence - 1)
        if verb is not None:  # "Das Ministerium legte den Bericht am Montag vor. Demnach …"
            subject = clause_subject(tv, verb, segments(tv, first, end))
            if subject is not None and could_speak(tv, *subject):
                return self._phrase(*subject)
        for i in range(first, end):  # "Eine neue Studie zeigt … . Demnach …"
            if tv.tags[i] == "NN" and is_source_noun(tv.words[i]):
                phrase = noun_phrase(tv, i, end)
                start = phrase_before(tv, i + 1, first)
                if phrase is not None and start is not None:
                    return self._phrase(start, phrase[1])
        return []

    def _pronoun(self, index: int, pronoun: str) -> list[Speaker]:
        if pronoun not in {"er", "sie", "ich", "wir"}:
            return []
        registry = self.registry
        person = pronoun == "er" or (pronoun == "sie" and not self._plural_verb(index))
        gender = ("m" if pronoun == "er" else "f") if person else None
        speakers = registry.last_speakers(index, persons=person, gender=gender)
        if speakers:
            return speakers
        people = [m for m in self.mentions if m[1] <= index and m[3] == "PER" and registry.gender(m[2]) in {
            None, gender} and self.tv.sentence_of[index] - self.tv.sentence_of[m[0]] <= PRONOUN_WINDOW]
        if people:
            return [people[-1][2]]
        window = self.tv.size if pronoun in {"ich", "wir"} else PRONOUN_WINDOW  # an interview's "ich"
        return listed(registry.person_before(index, window, gender))

    def _plural_verb(self, index: int) -> bool:
        """Whether the finite verb next to a pronoun is plural ("sagten sie", "sie haben")."""
        tv = self.tv
        for j in (index - 1, index + 1, index + 2):
            if 0 <= j < tv.size and tv.is_finite(j) and tv.tags[j] != "PPER":
                return tv.lower[j].endswith("n")
        return False

    def _description(self, first: int, end: int, head: int) -> list[Speaker]:
        """A phrase without a name: a registered role or medium, a generic title, or the description itself."""
        tv, registry = self.tv, self.registry
        if head in self.nominal:
            return list(self.nominal[head])
        start = first
        while start < end and tv.tags[start] in ARTICLES:
            start += 1
        start = start if start < end else first
        text = tv.text[tv.starts[start]:tv.ends[end - 1]]
        if head < end and tv.tags[head] == "NN" and start > first and tv.lower[start - 1] in {"des", "eines"} and \
                tv.lemmas[head] != tv.lower[head] and tv.lower[head].startswith(tv.lemmas[head]):
            # "einer Erklärung des Ministeriums" -> "Ministerium": the head in the nominative
            lemma = tv.words[head][:len(tv.lemmas[head])]
            text = tv.text[tv.starts[start]:tv.starts[head]] + lemma + tv.text[tv.ends[head]:tv.ends[end - 1]]
        if head < end and medium_class(tv.words[head]) is not None and (
                tv.words[head][:1].isupper() or tv.tags[head] != "ADJA"):
            return [Speaker(canonical_name(tv.words[head]))]  # "berichtete die dpa", "des STANDARD aus …"
        if start == tv.sentences[tv.sentence_of[start]][0] and tv.tags[start] == "ADJA" and tv.lemmas[
                start][:1].islower():  # "Iranische Medien berichteten" -> "iranische Medien"
            text = text[:1].lower() + text[1:]
        if head >= end or (tv.tags[head] != "NN" and not is_role_compound(tv.words[head])):
            if head < end and (not valid_head(tv, head) or not tv.words[head][:1].isupper()):
                return []  # "zufolge", "demnach": no one
            if head >= end and not (tv.tags[end - 1] == "ADJA" and tv.lower[end - 1] not in
                                    NOT_SPEAKING_ADJECTIVE_HEADS):  # "der 81-jährige"
                return []
            return [Speaker(text)] if text else []
        role = tv.lower[head]
        attachment = next((i for i in range(head + 1, end) if tv.tags[i] in {"APPR", "APPRART", "ART"}
                           or tv.lower[i] in {"des", "der", "von", "vom"}), None)
        if not valid_head(tv, head):
            # "der Pressekonferenz des DFB": the one named with the event or time speaks, if anyone
            if attachment is not None:
                inner = attachment + (1 if tv.tags[attachment] in {"APPR", "APPRART"} else 0)
                if inner < end:
                    return self._phrase(inner, end)
            return []
        definite = tv.lower[first] in DEFINITE
        plural = tv.lower[first] in {"die", "beide", "beiden"} and role.endswith(("en", "er", "n")) and not \
            role.endswith("in")
        kind = class_of_noun(role)
        if kind is not None and definite and attachment is None and not plural:  # "die Nachrichtenagentur"
            medium = registry.medium_before(kind, first)
            if medium is not None:
                return [medium]
        if attachment is not None:
            found = registry.by_phrase(" ".join(tv.lower[head:end]), first)
            if not found and definite and not plural:
                # "der Sprecher der Polizei" after "Polizeisprecher Hans Berger"; "der Professor für
                # Verwaltungsrecht" after "Verwaltungsrechtler Andreas Hauer"
                found = registry.by_role(role, first, False, persons=True) or registry.by_role_prefix(
                    [tv.lower[i] for i in range(attachment, end) if tv.tags[i] == "NN"], first)
            return found or [Speaker(text)]
        names = registry.by_role(role, first, plural)
        if names:
            return names
        if definite and not plural:
            organisation = self._named_institution(role, first)
            if organisation is not None:
                return [organisation]
        if (definite or first == head) and not plural and tv.sentence_of[first] < HEADLINE_SENTENCES:
            # "Landeshauptmann: …" in the headline: the person the text introduces with that role
            later = registry.by_role(role, first, False, after=True)
            if later:
                return later
        if (role in GENERIC_TITLES or role.rsplit("-", 1)[-1] in GENERIC_TITLES) and tv.lower[first] in {
                "der", "die", "dem"}:
            speakers = registry.last_speakers(first, persons=True)
            if speakers:
                return speakers
        return [Speaker(text)]

    def _named_institution(self, role: str, position: int) -> Speaker | None:
        """"das Ministerium" for "das Verteidigungsministerium", "die Organisation" for the
        "Weltgesundheitsorganisation": the latest organisation whose name ends in the description's noun."""
        if len(role) < 5:
            return None
        for intro in reversed(self.registry.intros):
            if intro.first >= position or intro.person:
                continue
            words = (intro.speaker.name or "").lower().split()
            if any(w.endswith(role) for w in words):
                return intro.speaker
        return None
