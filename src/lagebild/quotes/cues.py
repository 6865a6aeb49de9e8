"""Find cues: the words that signal speech, thought or writing.

Three kinds, all within one sentence:

* ``verb``: a speech/thought/writing verb with its whole verb complex — finite
  auxiliary or modal ("hatte … gesagt", "will … prüfen"), separable particle
  ("teilte … mit"), reflexive ("äußerte sich"), correlate ("geht davon aus",
  "wies darauf hin") and the "es" of "heißt es";
* ``source``: a source phrase — "laut X", "gemäß X", "nach Angaben X",
  "X zufolge", "seiner Ansicht nach", ", so X" — whose frame is cue plus
  speaker and which carries no verb;
* ``wie``: "wie X mitteilte" (a subordinate frame), and ``refer``: "demnach",
  "wonach" (cue and source in one word, pointing back to an earlier speaker);
* ``noun``: a speech noun that ends its clause before the message ("die
  Behauptung, dass …", "mit dem Hinweis, man sei beschäftigt").
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tokens
from .lexicon import (
    AGREEMENT_WORDS,
    CUE_NOUNS,
    CUE_VERBS,
    NEUTRAL_PARTICLES,
    PHRASAL_CUES,
    REFERRING_CUES,
    SOURCE_NOUN_ENDINGS,
    CueVerb,
)
from .phrases import (
    NP_DETERMINER_TAGS,
    NP_HEAD_TAGS,
    Segment,
    noun_phrase,
    phrase_before,
    segment_kind,
    segments,
    subject_after,
)
from .verbsense import (
    NEGATABLE,
    clause_tail,
    in_document,
    is_auxiliary,
    names_something,
    negated,
)

CUE_TAGS = frozenset({"VVFIN", "VVPP", "VVINF", "VAFIN", "NN"})
SOURCE_WORDS = REFERRING_CUES | {"laut", "gemäß", "nach", "zufolge", "so", "wie"}
CORRELATES = frozenset({"davon", "darauf", "damit", "darüber", "dafür", "darin"})
IMPERSONAL_ES = frozenset({"heißen", "halten", "betrachten", "sehen", "ansehen"})
# Prepositions that belong to the cue verb ("bezeichnete den Besuch als …", "warnte vor …").
VERB_PREPOSITIONS = {
    **dict.fromkeys(("bezeichnen", "sehen", "werten", "betrachten", "einstufen", "ansehen", "würdigen",
                     "begrüßen", "beschreiben", "loben", "nennen", "zurückweisen"), "als"),
    "begründen": "mit", "raten": "zu", "warnen": "vor", "sprechen": "von", "plädieren": "für",
}
# Verbs whose noun phrase after them is their subject or predicate, not an object ("lautete die Frage",
# "wurde die Botschaft hinterlassen").
COPULAS = frozenset({"sein", "werden", "bleiben", "lauten", "heißen"})
# Speech nouns that join the frame of the cue verb they are the object of ("bestätigte den Verdacht",
# "äußerte die Hoffnung"); report nouns do not ("bestätigte die Meldung", "wies die Darstellung zurück").
MERGING_NOUNS = frozenset({"verdacht", "prognose", "vermutung", "befürchtung", "überzeugung", "auffassung",
                           "ansicht", "meinung", "hoffnung", "begründung", "hinweis", "worten", "forderung",
                           "bitte", "aufforderung", "warnung", "einschätzung", "annahme"})
CASUALTY_WORDS = frozenset({"tote", "toten", "todesopfer", "menschenleben", "opfer", "verletzte", "leben"})
NON_SOURCE_NOUNS = frozenset({"§", "paragraph", "artikel", "regelung", "gesetz", "vorschrift", "bestimmung",
                              "vertrag", "plan", "stand", "ende", "abschluss"})


@dataclass(slots=True)
class CueMatch:
    """A cue in a sentence and what the cue itself already tells about the frame."""

    kind: str  # verb | source | wie | refer | noun
    tokens: list[int]
    head: int  # the verb, preposition or adverb that decided it
    lemma: str
    medium: str
    segment: Segment
    verb: CueVerb | None = None
    frame: tuple[int, int] | None = None  # token range of a verbless frame ("laut X", ", so X")
    source: tuple[int, int] | None = None  # speaker phrase found with the cue
    message_after: bool = False  # refer cues: the message follows the cue word
    governor: int | None = None  # noun cues: the finite verb whose object the noun is ("hegt den Verdacht")


def find_cues(tv: Tokens, sentence: int) -> list[CueMatch]:
    first, end = tv.sentences[sentence]
    parts = segments(tv, first, end)
    found: list[CueMatch] = []
    taken: set[int] = set()
    for segment in parts:
        for index in range(segment.first, segment.end):
            if index in taken or not (tv.tags[index] in CUE_TAGS or tv.lower[index] in SOURCE_WORDS):
                continue
            match = _verb_cue(tv, index, segment) or _source_cue(tv, index, segment, parts) or _noun_cue(
                tv, index, segment, parts)
            if match is not None and match.kind == "verb" and segment.before in {",", "–", "-", "—"} and (
                    tv.lower[segment.first] == "so" and segment.first + 1 in match.tokens):
                match.tokens = [segment.first, *match.tokens]  # "…, so schätzen die Forscher, …"
            if match is not None:
                owner = next((m for m in found if match.governor is not None and match.governor in m.tokens), None)
                if owner is not None and match.lemma not in MERGING_NOUNS:  # "bestätigte die Meldung, …"
                    continue
                if owner is not None:  # "bestätigte den Verdacht, dass …": one cue, the verb's frame
                    owner.tokens = sorted({*owner.tokens, *match.tokens})
                    taken.update(match.tokens)
                    continue
                found.append(match)
                taken.update(match.tokens)
    return _merge_coordinated(found)


def _merge_coordinated(found: list[CueMatch]) -> list[CueMatch]:
    """One cue per verb complex: a participle found after its own auxiliary stays one cue."""
    result: list[CueMatch] = []
    for match in found:
        if result and set(match.tokens) & set(result[-1].tokens):
            continue
        result.append(match)
    return result


def particle_lemma(tv: Tokens, index: int, segment: Segment) -> str:
    """The verb's lemma with a separable particle from the end of its clause ("teilte … mit" -> mitteilen)."""
    particle = _particle(tv, index, segment)
    return tv.lower[particle[0]] + tv.lemmas[index] if particle else tv.lemmas[index]


def _particle(tv: Tokens, index: int, segment: Segment) -> list[int]:
    if tv.tags[index] != "VVFIN":
        return []
    found = [j for j in range(index + 1, segment.end) if tv.tags[j] == "PTKVZ" and tv.lower[j] not in
             NEUTRAL_PARTICLES][:1]
    if found:
        return found
    last = clause_tail(tv, segment)  # "Dies teilte der Geschäftsführer, Jens Nacke, mit."
    return [last] if last is not None and tv.tags[last] == "PTKVZ" else []


def _verb_cue(tv: Tokens, index: int, segment: Segment) -> CueMatch | None:
    tag = tv.tags[index]
    if tag == "VAFIN" and tv.lemmas[index] in {"sein", "werden"}:
        known = _became_known(tv, index, segment)
        if known is not None or tv.lemmas[index] == "werden":
            return known
        return _agreement(tv, index, segment) or _opinion(tv, index, segment)
    if tag not in {"VVFIN", "VVPP", "VVINF"}:
        return None
    lemma = particle_lemma(tv, index, segment)
    lemma = {"weitersagen": "sagen"}.get(lemma, lemma)
    verb = CUE_VERBS.get(lemma)
    words = set(tv.lower[segment.first:segment.end])
    extra: list[int] = []
    medium = verb.medium if verb else ""
    if lemma == "heißen":
        es = [j for j in (index - 1, index + 1) if segment.first <= j < segment.end and tv.lower[j] == "es"]
        if not es:
            return None
        extra = es
    elif lemma == "stehen":  # "In dem Bericht steht, dass …", "auf denen Sprüche standen": a text says it
        if not in_document(tv, segment):
            return None
        verb = CueVerb("writing")
    elif lemma in {"hören", "lesen"}:  # "Aus der Regierung ist zu hören, …", "war … zu lesen"
        finite = [j for j in range(segment.first, index) if tv.is_finite(j) and tv.lemmas[j] == "sein"]
        if tv.tags[index] != "VVINF" or tv.lower[index - 1] != "zu" or not finite:
            return None
        return CueMatch("verb", [finite[-1], index - 1, index], index, lemma, "speech", segment,
                        verb=CueVerb("speech"))
    elif lemma in PHRASAL_CUES:
        needed, phrasal_medium = PHRASAL_CUES[lemma]
        hits = [j for j in range(segment.first, segment.end) if tv.lower[j] in needed and j != index and not (
            tv.lower[j] == "zu" and tv.tags[j] in {"APPR", "APPRART", "PTKZU", "KOUS"})]  # "zu" as particle only
        tail = clause_tail(tv, segment) if not hits and tv.is_finite(index) else None
        if tail is not None and tv.lower[tail] in needed:  # "gab der Leiter, Andreas Huber, bekannt"
            hits = [tail]
        if not hits:
            return None if verb is None else _plain(tv, index, segment, lemma, verb)
        extra = hits[:1]
        if tv.lower[hits[0]] in {"für", "als"} and hits[0] + 1 < segment.end and tv.tags[hits[0] + 1] == "ADJD":
            extra.append(hits[0] + 1)  # "hält es für möglich": SpkAtt marks the predicative with the cue
        if tv.tags[hits[0]] == "NN" and hits[0] - 1 > segment.first and tv.tags[hits[0] - 1] in {"ART", "ADJA"}:
            extra = [*range(hits[0] - 1 - (tv.tags[hits[0] - 2] == "ART"), hits[0]), hits[0]]  # "ist der Meinung"
        preposition = min(extra) - 1
        if tv.tags[hits[0]] == "NN" and preposition >= segment.first and tv.tags[preposition] in {"APPR", "APPRART"}:
            extra.append(preposition)  # "kamen zu dem Ergebnis", "brachte zum Ausdruck"
        medium = phrasal_medium
        verb = verb or CueVerb(phrasal_medium)
    if verb is None:
        return None
    if lemma == "einigen":
        medium = "agreement"
    if lemma == "sprechen" and "aus" in words:
        return None
    if lemma == "ausgehen" and not words & {"davon", "von"}:  # "gingen die Lichter aus"
        return None
    if lemma == "fordern" and words & CASUALTY_WORDS:  # "Der Sturm forderte 92 Menschenleben"
        return None
    if lemma == "herausstellen" and "sich" in words:  # "hatte sich herausgestellt": it turned out
        return None
    if lemma == "nennen" and names_something(tv, index, segment):
        return None
    if tv.tags[index] == "VVPP" and index > segment.first and tv.lower[index - 1] in {"als", "wie"} and lemma in {
            "erwarten", "befürchten", "vermuten", "geplant", "planen"}:  # "früher als erwartet"
        return None
    if lemma in NEGATABLE and negated(tv, index, segment):  # "wollte nicht bestätigen, dass …": nothing is said
        return None
    return _plain(tv, index, segment, lemma, CueVerb(medium), extra)


def _plain(tv: Tokens, index: int, segment: Segment, lemma: str, verb: CueVerb,
           extra: list[int] | None = None) -> CueMatch:
    tokens = [index, *_particle(tv, index, segment), *(extra or [])]
    auxiliary: list[int] = []
    if tv.tags[index] != "VVFIN":  # "hatte … gesagt", "will … prüfen", "mitgeteilt hatte", "ließ … verlauten"
        auxiliary = [j for j in range(segment.first, index) if is_auxiliary(tv, j)][-1:] or [
            j for j in range(index + 1, min(index + 3, segment.end)) if is_auxiliary(tv, j)][:1]
        if not auxiliary:  # "hat sich …, Karin Broszat, … ausgesprochen und behauptet": across commas
            sentence_first = tv.sentences[tv.sentence_of[index]][0]
            before = [j for j in range(sentence_first, index) if tv.is_finite(j)]
            auxiliary = before[-1:] if before and is_auxiliary(tv, before[-1]) else []
        tokens += auxiliary
        # "war berichtet worden", "soll mitgeteilt werden": the passive auxiliary belongs to the cue
        tokens += [j for j in (index + 1,) if j < segment.end and tv.tags[j] in {"VAPP", "VAINF"}]
    passive = bool(auxiliary) and tv.lemmas[auxiliary[0]] == "werden" and tv.tags[index] == "VVPP"
    anchors = [index, *auxiliary]
    for j in range(segment.first, segment.end):
        if (tv.tags[j] == "PRF" and abs(j - index) <= 3) or (tv.lower[j] in CORRELATES and j > index - 3) or (
                tv.lower[j] == "dazu" and lemma in {"auffordern", "aufrufen"} and j > index - 3):
            tokens.append(j)  # "äußerte sich", correlates "davon", "darauf"
        elif tv.lower[j] == "es" and (passive or lemma in IMPERSONAL_ES) and (min(abs(j - a) for a in anchors) <= 2 or (
                j + 1 < segment.end and tv.lower[j + 1] == "für")):  # "es für sinnvoll hielten"
            tokens.append(j)  # "es wird erwartet", "hält es für möglich"
    tokens += _with_words(tv, index, segment)
    preposition = VERB_PREPOSITIONS.get(lemma)
    if preposition:  # "bezeichnete … als", "warnte vor", "sprach von"; before a final verb: "als … bezeichnet"
        after = [j for j in range(index + 1, segment.end) if tv.lower[j] == preposition][:1]
        # a verb-final clause ("die Sicherheitstechniker als „Schulkinder“ bezeichnete", "als … bezeichnet hat")
        final = all(tv.tags[j] in {"VAFIN", "VMFIN", "VAINF", "VAPP"} for j in range(
            index + 1, tv.content_end(index, segment.end))) and (
            tv.tags[index] != "VVFIN" or segment_kind(tv, segment) in {"rel", "sub", "dass", "w"})
        tokens += after or [j for j in range(segment.first + 1, index) if final and tv.lower[j] == preposition
                            and tv.tags[j] != "KOUS"][-1:]
    return CueMatch("verb", sorted(set(tokens)), index, lemma, verb.medium, segment, verb=verb)


def _with_words(tv: Tokens, index: int, segment: Segment) -> list[int]:
    """"lobte … mit den Worten", "wird … mit den Worten zitiert": the phrase belongs to the cue."""
    for j in range(segment.first, segment.end - 2):
        if tv.lower[j] == "mit" and tv.lower[j + 1] == "den" and tv.lower[j + 2] == "worten" and abs(j - index) <= 8:
            return [j, j + 1, j + 2]
    return []


def _agreement(tv: Tokens, index: int, segment: Segment) -> CueMatch | None:
    """"waren sich einig": several speakers agreeing."""
    hits = [j for j in range(index + 1, segment.end) if tv.lower[j] in AGREEMENT_WORDS]
    if not hits:
        return None
    tokens = [index, hits[0], *[j for j in range(index, hits[0]) if tv.tags[j] == "PRF"]]
    return CueMatch("verb", sorted(tokens), index, "einig sein", "agreement", segment, verb=CueVerb("agreement"))


def _became_known(tv: Tokens, index: int, segment: Segment) -> CueMatch | None:
    """"Im Mai wurde bekannt, dass …", "war bekannt geworden, dass …": news reported without a speaker."""
    known = next((j for j in range(index + 1, segment.end) if tv.lower[j] == "bekannt"), None)
    if known is None or segment.after != "," or tv.content_end(known, segment.end) - known > 2:
        return None
    tokens = [index, known, *[j for j in range(known + 1, segment.end) if tv.lower[j] == "geworden"]]
    if tv.lemmas[index] == "sein" and len(tokens) == 2:  # "ist bekannt, dass": a fact, not a report
        return None
    return CueMatch("verb", sorted(tokens), index, "bekanntwerden", "writing", segment, verb=CueVerb("writing"))


def _opinion(tv: Tokens, index: int, segment: Segment) -> CueMatch | None:
    """"ist der Meinung", "sind der gegenteiligen Auffassung", "war sich sicher": a phrasal thought cue."""
    needed = PHRASAL_CUES["sein"][0] - AGREEMENT_WORDS
    hits = [j for j in range(index + 1, min(segment.end, index + 6)) if tv.lower[j] in needed]
    if not hits or segment.after != ",":
        return None
    tokens = [index, *range(hits[0] - 1 if tv.tags[hits[0]] == "NN" else hits[0], hits[0] + 1)]
    if tv.tags[hits[0]] == "NN" and tv.tags[hits[0] - 1] == "ADJA" and tv.tags[hits[0] - 2] == "ART":
        tokens.append(hits[0] - 2)
    tokens += [j for j in range(index + 1, hits[0]) if tv.tags[j] == "PRF"]
    return CueMatch("verb", sorted(set(tokens)), index, "meinen", "thought", segment, verb=CueVerb("thought"))


def _noun_cue(tv: Tokens, index: int, segment: Segment, parts: list[Segment]) -> CueMatch | None:
    """"die Behauptung, dass …", "mit dem Hinweis, man sei zu beschäftigt": a speech noun whose next
    clause is the message; its speaker, if named, is the noun's complement ("der Vorwurf der CDU")."""
    if tv.tags[index] != "NN" or tv.lower[index] not in CUE_NOUNS:
        return None
    complement = noun_phrase(tv, index + 1, segment.end) if index + 1 < segment.end and tv.lower[
        index + 1] in {"der", "des", "von", "vom"} else None
    if complement is not None:
        complement = (complement[0] + (1 if tv.lower[complement[0]] in {"von", "vom"} else 0), complement[1])
    end = complement[1] if complement else index + 1
    verb_tail = [j for j in range(end, segment.end) if tv.tags[j] in {"VVPP", "VVINF", "PTKVZ", "VAINF"}]
    if end + len(verb_tail) != segment.end or segment.after != ",":
        return None
    # SpkAtt marks the noun with its determiner ("die Behauptung") and, when the noun is the object of
    # a verb, with that verb ("hegt den Verdacht", "wagte die Prognose", "hatte mit der Begründung abgelehnt")
    start = index
    while start - 1 >= segment.first and tv.tags[start - 1] == "ADJA":
        start -= 1
    if start - 1 >= segment.first and tv.tags[start - 1] in NP_DETERMINER_TAGS:
        start -= 1
    tokens = list(range(start, index + 1))
    governor = None
    before = start - 1
    if before >= segment.first and tv.lower[before] == "mit":
        tokens.append(before)
        before -= 1
    finite = [j for j in range(segment.first, before + 1) if tv.is_finite(j)]
    if finite and tv.tags[before] not in {"APPR", "APPRART", "KOUS", "PRELS", "PWAV"} and tv.tags[
            segment.first] not in {"KOUS", "PRELS", "PWAV", "PWS"} and tv.lemmas[finite[0]] not in COPULAS:
        governor = finite[-1]  # "äußerte Vorbehalte und wagte die Prognose": the nearest verb
        tokens += [governor, *_particle(tv, governor, segment), *verb_tail]
    return CueMatch("noun", sorted(set(tokens)), index, tv.lower[index], "speech", segment, source=complement,
                    governor=governor)


def is_source_noun(word: str) -> bool:
    lower = word.lower()
    return lower.endswith(SOURCE_NOUN_ENDINGS) and lower not in NON_SOURCE_NOUNS


def _np_head_words(tv: Tokens, first: int, end: int) -> list[str]:
    return [tv.lower[i] for i in range(first, end) if tv.tags[i] in NP_HEAD_TAGS]


def _source_cue(tv: Tokens, index: int, segment: Segment, parts: list[Segment]) -> CueMatch | None:
    word = tv.lower[index]
    if word in REFERRING_CUES:
        source = (index, index + 1)
        if word == "wonach" and segment.before == "," and segment.first == index:  # "Berichte der Zeitung X, wonach"
            previous = next((p for p in reversed(parts) if p.end < index), None)
            start = phrase_before(tv, index - 1, previous.first) if previous is not None else None
            if start is not None and tv.tags[index - 2] in NP_HEAD_TAGS | {"$("}:
                source = (start, index - 1)
        return CueMatch("refer", [index], index, word, "speech", segment, source=source,
                        frame=(index, index + 1), message_after=True)
    if word in {"laut", "gemäß", "nach"} and tv.tags[index] in {"APPR", "ADJD"}:
        sentence_end = tv.content_end(index, tv.sentences[tv.sentence_of[index]][1])
        relative = _relative_source(tv, index, segment, sentence_end)
        if relative is not None:
            return CueMatch("source", [index], index, word, "speech", segment, frame=(index, relative[1]),
                            source=relative)
        phrase = noun_phrase(tv, index + 1, sentence_end)
        if phrase is None and word == "laut" and index + 2 < sentence_end and tv.is_finite(index + 2) and tv.words[
                index + 1][:1].isalnum():  # "Laut bildblog.de veröffentlichte …": a name the tagger did not know
            phrase = (index + 1, index + 2)
        if phrase is None:
            return None
        heads = _np_head_words(tv, *phrase)
        if word == "nach" and not (heads and is_source_noun(heads[0])):
            return None
        if word == "gemäß" and (not heads or heads[0] in NON_SOURCE_NOUNS or tv.words[index + 1] == "§"):
            return None
        return CueMatch("source", [index], index, word, "speech", segment, frame=(index, phrase[1]),
                        source=phrase)
    if word in {"zufolge", "nach"} and tv.tags[index] in {"APPO", "APPR", "PTKVZ"}:
        start = phrase_before(tv, index, segment.first)
        if start is None:
            return None
        heads = _np_head_words(tv, start, index)
        if word == "nach" and not (heads and is_source_noun(heads[-1])):
            return None
        return CueMatch("source", [index], index, word, "speech", segment, frame=(start, index + 1),
                        source=(start, index))
    if word == "so" and index == segment.first and segment.before in {",", "–", "—", "-"}:
        # ", so Lawrow." / ", so die Polizei," / ", so Obama weiter, …" / "– so der Vorwurf –"
        segment_end = tv.content_end(index, segment.end)
        phrase = noun_phrase(tv, index + 1, segment_end)
        if phrase is None or any(tv.is_finite(i) for i in range(index + 1, segment_end)):
            return None
        for part in parts:  # ", so Ursula Castrup, die Leiterin der Fachstelle."
            if part.first > segment.first and part.first == segment_end + 1 and segment_kind(tv, part) == "frag" \
                    and noun_phrase(tv, part.first, part.end) is not None:
                segment_end = tv.content_end(part.first, part.end)
                phrase = (phrase[0], segment_end)
        return CueMatch("source", [index], index, word, "speech", segment, frame=(index, segment_end),
                        source=phrase)
    if word == "wie" and index == segment.first:
        return _wie_frame(tv, index, segment, parts)
    return None


def _relative_source(tv: Tokens, index: int, segment: Segment, limit: int) -> tuple[int, int] | None:
    """"Berichte, nach denen …", "die Experten, laut deren Angaben …": a relative pronoun (with its
    source noun) after the preposition opening a relative clause is the source; after "nach" the
    pronoun must point back to a source noun or carry one ("nach deren Angaben")."""
    if index != segment.first or segment.before != "," or index + 1 >= limit:
        return None
    pronoun = index + 1
    if tv.lower[pronoun] not in {"denen", "dem", "der", "welchem", "welcher", "welchen", "deren", "dessen"} or (
            tv.tags[pronoun] not in {"PRELS", "PRELAT"} and tv.lower[pronoun] not in {"denen", "deren", "dessen"}):
        return None
    if tv.lower[pronoun] in {"deren", "dessen"}:
        end = pronoun + 1
        while end < limit and tv.tags[end] in {"ADJA", "NN"}:
            end += 1
        if end == pronoun + 1 or (tv.lower[index] == "nach" and not is_source_noun(tv.words[end - 1])):
            return None
        return pronoun, end
    antecedent = index - 2  # the noun before the comma
    if tv.lower[index] == "nach" and not (antecedent >= 0 and tv.tags[antecedent] in NP_HEAD_TAGS
                                         and (is_source_noun(tv.words[antecedent])
                                              or is_source_noun(tv.lemmas[antecedent])
                                              or tv.lower[antecedent] in CUE_NOUNS)):  # "Gerüchte, nach denen"
        return None
    return pronoun, pronoun + 1


def _wie_frame(tv: Tokens, index: int, segment: Segment, parts: list[Segment]) -> CueMatch | None:
    """"wie der Sprecher mitteilte", "Wie die Premierministerin, Anna Bligh, erklärte": the frame is the
    whole wie-clause, appositions included."""
    following = [p for p in parts if p.first >= segment.first][:4]
    for position, part in enumerate(following):
        verbs = [j for j in range(part.end - 1, max(index, part.first - 1), -1) if tv.tags[j] in {"VVFIN", "VVPP"}]
        if not verbs:
            if position and segment_kind(tv, part) != "frag":
                return None
            continue
        match = _verb_cue(tv, verbs[0], part)
        if match is None:
            return None
        subject = subject_after(tv, index, verbs[0])
        if match.lemma == "hervorgehen":  # "Wie aus einer Verlautbarung der ISAF hervorgeht": the "aus" phrase
            subject = next((noun_phrase(tv, k + 1, verbs[0]) for k in range(index, verbs[0])
                            if tv.lower[k] == "aus" and tv.tags[k] == "APPR"), subject)
        if subject is None:  # "Wie sich aus der Auswertung … ergab": the PP names the source
            subject = next((p for p in (noun_phrase(tv, k + 1, verbs[0]) for k in range(index, verbs[0])
                                        if tv.tags[k] in {"APPR", "APPRART"}) if p), None)
        match.kind = "wie"
        match.tokens = sorted({index, *match.tokens})
        match.frame = (index, part.end)
        match.source = subject
        match.segment = segment
        return match
    return None


__all__ = ["CueMatch", "find_cues", "is_source_noun", "particle_lemma"]


def sentence_segments(tv: Tokens, sentence: int) -> list[Segment]:
    first, end = tv.sentences[sentence]
    return segments(tv, first, end)
