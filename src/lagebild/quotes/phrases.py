"""Clause segments and noun phrases from STTS tags: the small syntax the rules need.

No parser: a sentence is cut into *segments* at commas, colons, semicolons and
dashes, and each segment is classified by its first words (a ``dass``/``ob``
clause, a w-clause, a relative clause, a ``zu``-infinitive, a main clause).
Speaker phrases are chunked from tag patterns: determiner, adjectives, nouns
and names, genitive and ``von``/``für`` attachments, a bracketed party
("Wowereit (SPD)") and an apposition between commas ("Edmon Chung, CEO von
DotAsia").
"""

from __future__ import annotations

from dataclasses import dataclass

from lagebild.lang.de import MONTHS, QUOTE_MARKS, SINGLE_GUILLEMETS, TIME_MEASURE_NOUNS, WEEKDAYS
from lagebild.nlp.retag import clause_ranges

from .base import Tokens
from .lexicon import GENERIC_TITLES, SOURCE_NOUN_ENDINGS, SPEAKER_NOUN_ENDINGS

QUOTE_CHARS = QUOTE_MARKS - SINGLE_GUILLEMETS  # the marks the rules pair (:mod:`.direct`) and ASCII '

NP_START_TAGS = frozenset({"ART", "PDAT", "PPOSAT", "PIAT", "PIDAT", "CARD", "ADJA", "NN", "NE", "FM", "PPER",
                           "PIS", "PDS", "PWAT", "TRUNC", "XY"})
NP_HEAD_TAGS = frozenset({"NN", "NE", "FM", "XY", "TRUNC"})
NP_DETERMINER_TAGS = frozenset({"ART", "PDAT", "PPOSAT", "PIAT", "PIDAT"})
NP_MODIFIER_TAGS = frozenset({"ART", "PDAT", "PPOSAT", "PIAT", "PIDAT", "CARD", "ADJA", "ADJD", "KON"})
# Prepositions that attach to a speaker noun: "Sprecher von DotAsia", "Rat für Menschenrechte".
NP_ATTACHING = frozenset({"von", "vom", "für", "im", "aus", "der", "des", "eines", "einer", "beim", "bei", "am",
                          "in"})
# "aus" too: "einige Abgeordnete aus der Koalition", "ein Forscher aus dem Team" (SpkAtt keeps the origin)
GENITIVE_ATTACHING = frozenset({"von", "vom", "für", "der", "des", "eines", "einer", "aus"})
SUBJECT_PRONOUNS = frozenset({"er", "sie", "es", "ich", "wir", "man", "ihr", "du"})
NON_SUBJECT_STARTS = frozenset({"dem", "den", "des", "einem", "einen", "eines", "ihm", "ihn", "ihnen", "mir", "uns",
                                "dir", "euch", "diesem", "diesen", "jenem", "seinem", "seinen", "ihrem", "ihren"})
NAME_LIKE_TAGS = frozenset({"NE", "NN", "FM", "XY", "ADJD", "ADJA", "VVFIN", "VVPP", "VVINF", "TRUNC"})
RELATIVE_PRONOUNS = frozenset({"der", "die", "das", "dem", "den", "denen", "dessen", "deren", "welche", "welcher",
                               "welches", "welchem", "welchen"})
W_WORDS = frozenset({"PWS", "PWAV", "PWAT"})
# Endings of abstract nouns: a phrase headed by one is an object when a speaker follows the verb.
ABSTRACT_ENDINGS = ("ung", "ungen", "heit", "heiten", "keit", "keiten", "zahl", "zahlen", "äußerungen", "pläne",
                    "plan", "vorschlag", "vorschläge", "entwurf")
TIME_NOUNS = frozenset(WEEKDAYS) | frozenset({"wochenende", "abend", "morgen", "mittag", "nachmittag", "vormittag",
                                            "tag", "woche", "monat", "jahr"})
PUBLICATION_PLACES = ("ausgabe", "website", "webseite", "internetseite", "homepage", "vorabbericht", "blog",
                      "onlineportal", "sendung", "nachrichtensendung")
# the time nouns among the time and measure nouns: "37 Prozent" can speak for a group, "vergangene Woche" cannot
TIME_ONLY_NOUNS = TIME_MEASURE_NOUNS - frozenset({"prozent", "prozentpunkte", "euro", "cent", "dollar", "franken",
                                                  "pfund", "kilometer", "meter", "kilogramm", "tonnen", "grad", "mal"})
TIME_COMPOUND_SUFFIXES = (*WEEKDAYS, "nachmittag", "vormittag", "abend", "morgen", "nacht", "wochenende")


@dataclass(frozen=True, slots=True)
class Segment:
    first: int
    end: int
    before: str  # the separator before the segment ("" at the sentence start)
    after: str  # the separator after it ("" at the sentence end)

    def __contains__(self, index: int) -> bool:
        return self.first <= index < self.end


def segments(tv: Tokens, first: int, end: int) -> list[Segment]:
    """Cut tokens ``first .. end`` at clause punctuation (the separators belong to no segment)."""
    cached = tv.segment_cache.get((first, end))
    if cached is None:
        cached = tv.segment_cache[(first, end)] = _cut(tv, first, end)
    return cached


def _cut(tv: Tokens, first: int, end: int) -> list[Segment]:
    words = tv.words
    return [Segment(a, b, words[a - 1] if a > first else "", words[b] if b < end else "")
            for a, b in clause_ranges(words, tv.glued, first, end)]


def skip_quotes(tv: Tokens, index: int, end: int) -> int:
    while index < end and tv.words[index] in QUOTE_CHARS:
        index += 1
    return index


def segment_kind(tv: Tokens, segment: Segment) -> str:
    """``dass`` (dass/ob), ``w`` (w-clause), ``rel``, ``inf`` (zu-infinitive), ``main`` (has a finite verb),
    ``sub`` (other subordinate clause) or ``frag`` (no verb)."""
    first = skip_quotes(tv, segment.first, segment.end)
    if first >= segment.end:
        return "frag"
    word, tag = tv.lower[first], tv.tags[first]
    if word in {"dass", "daß", "ob"}:
        return "dass"
    if (tag in W_WORDS and word != "wie") or (word == "wie" and _has_finite(tv, first + 1, segment.end)):
        return "w"
    if tag in {"PRELS", "PRELAT"} or (tag == "APPR" and first + 1 < segment.end and tv.tags[first + 1] in
                                       {"PRELS", "PRELAT", "PWS"}) or _mistagged_relative(tv, first, segment):
        return "rel"
    if tag in {"KOUS", "KOUI"} and not (word == "bis" and first + 1 < segment.end and tv.lower[first + 1] in {
            "zu", "zum", "zur"}):  # "bis zu 130 Mitarbeiter zu entlassen" is a zu-infinitive, not a bis-clause
        return "sub"
    if _has_finite(tv, first, segment.end):
        return "main"
    if any(tv.tags[i] == "VVIZU" or (tv.tags[i] == "PTKZU" and i + 1 < segment.end) for i in range(first, segment.end)):
        return "inf"
    return "frag"


def _mistagged_relative(tv: Tokens, first: int, segment: Segment) -> bool:
    """"…, der konkrete Fälle auflistet": a relative pronoun the tagger read as an article (it does not
    open a noun phrase and its clause ends with the finite verb)."""
    if tv.lower[first] not in RELATIVE_PRONOUNS or segment.before != ",":
        return False
    last = tv.content_end(first, segment.end) - 1
    return last > first and tv.is_finite(last) and not tv.is_finite(first + 1)


def _has_finite(tv: Tokens, first: int, end: int) -> bool:
    return True in tv.finite[first:end]


def main_verb(tv: Tokens, sentence: int) -> int | None:
    """The finite verb of the sentence's first main clause."""
    first, end = tv.sentences[sentence]
    for part in segments(tv, first, end):
        if segment_kind(tv, part) == "main":
            return next(i for i in range(part.first, part.end) if tv.is_finite(i))
    return None


def noun_phrase(tv: Tokens, start: int, limit: int, *, appositions: bool = True) -> tuple[int, int] | None:
    """The noun phrase beginning at ``start`` (not beyond ``limit``) as ``(first, end)``, or None."""
    index = start
    if index >= limit:
        return None
    if tv.tags[index] in {"PPER", "PIS", "PDS"} and tv.lower[index] not in {"ihm", "ihn", "ihnen", "uns", "mir"}:
        return (index, index + 1)
    if tv.tags[index] not in NP_START_TAGS and tv.words[index] != "„":
        return None
    end = _np_core(tv, index, limit)
    if end is None:
        return None
    while end < limit:  # genitive, "von …", "(SPD)", apposition
        word = tv.lower[end]
        if tv.words[end] == "(":
            close = next((j for j in range(end + 1, min(limit, end + 8)) if tv.words[j] == ")"), None)
            if close is None:
                break
            end = close + 1
        elif word in {"in", "auf"} and _publication_place(tv, end, limit) is not None:
            end = _publication_place(tv, end, limit) or end  # "die Zeitung Haaretz in ihrer Onlineausgabe"
        elif word in NP_ATTACHING and end + 1 < limit and tv.tags[end] in {"ART", "APPR", "APPRART"}:
            inner = _np_core(tv, end + 1 if tv.tags[end] != "ART" else end, limit)
            # "von"/"für"/genitives attach; "in"/"am"/"aus" only with a name ("Sprecher der BA in Nürnberg",
            # not "sagte Merkel in einem Interview")
            if inner is None or (word not in GENITIVE_ATTACHING and (tv.tags[inner - 1] not in {"NE", "FM"}
                                                                      or tv.tags[end - 1] == "NE")):
                break
            if not _attaches(tv, end, inner):
                break
            end = inner
        elif word in {"und", "sowie"} and end + 1 < limit and tv.tags[end + 1] in {"ADJA", "NN", "NE"}:
            inner = _np_core(tv, end + 1, limit)  # "der EU-Kommissar für Erweiterung und Nachbarschaftspolitik"
            if inner is None:
                break
            end = inner
        elif tv.tags[end] == "NE" or (tv.tags[end] == "NN" and tv.words[end][:1].isupper() and (
                tv.tags[end - 1] == "NE" or (end + 1 < limit and tv.tags[end + 1] == "NE"))):
            # a name after an attachment ("der Sprecher der Polizei Lars Beringer"); a common noun only
            # inside a name ("Amnesty International"), not the next phrase ("laut Ministerium Arbeiten")
            end += 1
        elif _genitive_start(tv, end, limit):  # "Angaben seines Impresarios", "Ansicht vieler Experten"
            inner = _np_core(tv, end, limit)
            if inner is None or tv.tags[inner - 1] not in NP_HEAD_TAGS:
                break
            end = inner
        elif tv.words[end] == "„" and tv.tags[end - 1] in NP_HEAD_TAGS:  # "des Magazins „Der Spiegel“"
            close = next((j for j in range(end + 1, min(limit, end + 7)) if tv.words[j] in {"“", "”"}), None)
            if close is None or not tv.words[end + 1][:1].isupper():
                break
            end = close + 1
        elif appositions and tv.words[end] == "," and end + 1 < limit:
            apposition = _apposition(tv, end + 1, limit)
            if apposition is None:
                break
            end = apposition
        else:
            break
    return (index, end)


def _publication_place(tv: Tokens, preposition: int, limit: int) -> int | None:
    """Where a medium says something, as part of its phrase: "in ihrer Onlineausgabe", "auf seiner Website",
    "in einem Vorabbericht vom 22. August" (SpkAtt marks it with the medium).  End of the place, or None."""
    if preposition + 2 >= limit or tv.tags[preposition + 1] not in {"PPOSAT", "ART"}:
        return None
    inner = _np_core(tv, preposition + 1, limit)
    if inner is None or not tv.lower[inner - 1].endswith(PUBLICATION_PLACES):
        return None
    if inner + 1 < limit and tv.lower[inner] == "vom":  # "… vom 7. April": its date belongs to it
        date = inner + 1
        while date < limit and (tv.tags[date] in {"CARD", "ADJA", "NN", "NE"} and date - inner <= 4):
            date += 1
        if date > inner + 1 and (tv.lower[date - 1] in MONTHS or tv.tags[date - 1] == "CARD"):
            return date
    return inner


def _attaches(tv: Tokens, preposition: int, inner_end: int) -> bool:
    """Whether a genitive or "von"/"für" phrase belongs to the noun before it. Not after a bracket or a
    name ("Panynag (SPLA) der Presse", "Auskunft der NASA der überwiegende Teil", "Obama für die Annahme"),
    not a date or an amount ("Angaben der Polizei vom Dienstag", "laut BBC von rund 10.000 Menschen")."""
    before = tv.tags[preposition - 1] if preposition else ""
    word = tv.lower[preposition]
    if tv.words[preposition - 1] == ")" or (before == "NE" and word not in {"von", "vom", "aus"}):
        return False
    return not (word in {"von", "vom"} and (tv.tags[preposition + 1] in {"CARD", "ADV"}
                                            or tv.lower[inner_end - 1] in TIME_NOUNS))


def _genitive_start(tv: Tokens, index: int, limit: int) -> bool:
    """A genitive attachment without article after a noun: "seines Impresarios", "libanesischer Kreise"."""
    if index + 1 >= limit or tv.tags[index - 1] not in NP_HEAD_TAGS:
        return False
    word, tag = tv.lower[index], tv.tags[index]
    if tag in {"PPOSAT", "PIAT", "PIDAT"}:
        return word.endswith(("es", "er"))
    return tag == "ADJA" and word.endswith("er") and tv.tags[index + 1] in {"NN", "ADJA"}


def _np_core(tv: Tokens, index: int, limit: int) -> int | None:
    """End of determiner + modifiers + head nouns starting at ``index``; None without a head."""
    heads = 0
    while index < limit:
        tag = tv.tags[index]
        if tag in NP_HEAD_TAGS or (tv.words[index] in {"„", "“"} and heads == 0 and index + 1 < limit):
            if tv.words[index] in {"„", "“"}:  # a quoted name: die „Neue Rechte“
                close = next((j for j in range(index + 1, min(limit, index + 7)) if tv.words[j] in {"“", "”"}), None)
                if close is None:
                    return None
                index = close + 1
                heads += 1
                continue
            heads += 1
        elif heads and tag not in NP_HEAD_TAGS:
            break
        elif tag == "ADJA" and index > 0 and tv.tags[index - 1] in NP_DETERMINER_TAGS and (
                index + 1 >= limit or tv.tags[index + 1] not in NP_HEAD_TAGS | {"ADJA", "CARD", "ADV"}):
            heads += 1  # a nominalised adjective the tagger left lower-case: "der 81-jährige"
        elif not heads and tag in {"APPR", "APPRART"} and index > 0 and tv.tags[index - 1] in NP_DETERMINER_TAGS:
            attribute = _participle_attribute(tv, index, limit)  # "einer am Dienstag veröffentlichten Mitteilung"
            if attribute is None:
                return None
            index = attribute
            continue
        elif (tag not in NP_MODIFIER_TAGS and tag != "ADV") or (tag == "KON" and not heads):
            return None
        index += 1
    return index if heads else None


def _participle_attribute(tv: Tokens, index: int, limit: int) -> int | None:
    """The adjective that closes an extended attribute after a determiner ("einer [am Dienstag
    veröffentlichten] Pressemitteilung", "der [für die Region zuständige] Koordinator"): the
    prepositional phrase belongs to the noun phrase when an inflected adjective and a noun follow."""
    for j in range(index + 1, min(limit - 1, index + 7)):
        tag = tv.tags[j]
        if tag == "ADJA" and tv.tags[j + 1] in NP_HEAD_TAGS | {"ADJA"}:
            return j
        if tag not in {"ART", "NN", "NE", "CARD", "ADJA", "ADJD", "ADV", "APPR", "APPRART", "PPOSAT"}:
            return None
    return None


def _apposition(tv: Tokens, index: int, limit: int) -> int | None:
    """An apposition after a comma ("…, CEO von DotAsia,"): a verbless noun phrase closed by a comma or the end."""
    if tv.tags[index] not in {"NN", "NE", "ART", "ADJA", "PPOSAT"}:
        return None
    inner = noun_phrase(tv, index, limit, appositions=False)
    if inner is None:
        return None
    end = inner[1]
    while end < limit and end - index < 14 and tv.tags[end] in {"APPR", "APPRART"}:  # "…, Vorsitzender … im Senat,"
        attached = _np_core(tv, end + 1, limit)
        if attached is None or tv.lower[attached - 1] in TIME_NOUNS:
            break
        end = attached
    if not could_speak(tv, index, end) and not any(tv.tags[i] == "NE" for i in range(index, end)) and (
            tv.lower[index] in {"die", "das", "den", "dem"} or "und" in tv.lower[index:end]):
        return None  # "…, Peter Hahn, die Politik in einem Brief …", "…, Ocampo, Folterungen und …": an object
    if end >= limit or tv.words[end] in {",", ".", ":", "!", "?"} or tv.words[end] in QUOTE_CHARS:
        return end
    return None


def subject_phrase(tv: Tokens, finite: int, clause_first: int, limit: int) -> tuple[int, int] | None:
    """The subject of the clause whose finite verb is ``finite``: the Vorfeld when it is a noun
    phrase ("Der Minister sagte"), else the first nominative-looking phrase after the verb
    ("Im Interview sagte sie", "…, sagte der Senator", "teilte am Montag die Polizei mit").
    A nominative-only pronoun right after the verb wins over the Vorfeld ("Die Arbeit … lobte er")."""
    if finite + 1 < limit and tv.lower[finite + 1] in {"er", "ich", "wir"}:
        return finite + 1, finite + 2
    first, end = strip_adverbs(tv, clause_first, finite)
    if first < end and (tv.tags[first] == "KOUS" or _conjunction_read_as_preposition(tv, first, finite, limit)):
        # "Da die Flugbegleiter es für sinnvoll hielten", "Während Shakira erklärte, …": verb-final
        inner = noun_phrase(tv, first + 1, finite)
        return inner if inner is not None and looks_like_subject(tv, *inner) else None
    if end - first > 2 and tv.tags[first] == "APPR" and tv.tags[first + 1] == "PRELS":
        # "…, von dem die Polizei glaubt, …", "…, über die der Sender berichtete": the subject follows the pronoun
        inner = noun_phrase(tv, first + 2, finite)
        return inner if inner is not None and looks_like_subject(tv, *inner) else None
    if first < end and tv.tags[first] == "PRELS":  # "…, der der Regierung vorwarf": the pronoun alone
        if tv.lower[first] in {"der", "die", "das", "welche", "welcher", "welches"}:
            return first, first + 1
        return subject_after(tv, finite, limit)
    if end - first == 3 and particle_name(tv, first):  # "Von der Leyen betonte": a name, not a passive agent
        return first, end
    if first < end and time_phrase(tv, first, end):
        # "Vergangene Woche kündigte der Konzern an", "Anfang Februar erklärte die Polizei": a fronted time
        # adverbial, the subject follows the verb
        return subject_after(tv, finite, limit)
    if (first < end and looks_like_subject(tv, first, end) and not any(
            tv.is_finite(i) and not _inside_marks(tv, first, i) for i in range(first, end))
            and quotes_name(tv, first, end)):
        if _abstract_head(tv, first, end) and tv.tags[finite] == "VVFIN":  # "Die Zahl der Toten bezifferte die
            after = subject_after(tv, finite, limit)  # Agentur Xinhua mit 13": a fronted object
            if after is not None and any(tv.tags[i] == "NE" for i in range(*after)) and not any(
                    tv.tags[i] in {"NE", "APPR", "APPRART"} for i in range(finite, after[0])) and not any(
                    tv.tags[i] == "NE" for i in range(first, end)):
                return after
        return first, end
    return subject_after(tv, finite, limit)


def particle_name(tv: Tokens, first: int) -> bool:
    """Whether "Von der X" at ``first`` is a surname with its particle ("Von der Leyen betonte"): the article
    names the person in full elsewhere, with a first name before the particle ("Ursula von der Leyen")."""
    if first + 3 > tv.size or tv.lower[first] != "von" or tv.lower[first + 1] not in {"der", "dem"}:
        return False
    surname = tv.words[first + 2]
    if not surname[:1].isupper():
        return False
    return any(tv.lower[i] == "von" and tv.lower[i + 1] == tv.lower[first + 1] and tv.words[i + 2] == surname
               and tv.tags[i - 1] == "NE" and tv.words[i - 1][:1].isupper() for i in range(1, tv.size - 2))


def time_phrase(tv: Tokens, first: int, end: int) -> bool:
    """Whether every noun of a phrase is a time noun, a weekday or a month ("vergangene Woche", "Anfang
    Februar", "Montagabend"): a time adverbial, never a speaker."""
    nouns = [tv.lower[i] for i in range(first, end) if tv.tags[i] in NP_HEAD_TAGS]
    return bool(nouns) and not any(tv.tags[i] in {"PPER", "PDS", "PIS"} for i in range(first, end)) and all(
        w in TIME_ONLY_NOUNS or w in MONTHS or w in TIME_NOUNS or w.endswith(TIME_COMPOUND_SUFFIXES)
        or w.isdigit() for w in nouns)


def _inside_marks(tv: Tokens, first: int, index: int) -> bool:
    """Whether ``index`` lies between an opening and a closing quotation mark after ``first`` (a quoted name:
    "von der „Aktion Deutschland hilft“")."""
    marks = [i for i in range(first, index) if tv.words[i] in QUOTE_CHARS]
    return len(marks) % 2 == 1


def _conjunction_read_as_preposition(tv: Tokens, first: int, finite: int, limit: int) -> bool:
    """"Als Leung am Sonntag sagte, …", "Während Shakira erklärte, …": a subordinating conjunction the
    tagger read as a preposition — its clause ends with the finite verb (not "Als Grund nannte er …")."""
    if tv.tags[first] != "APPR" or tv.lower[first] not in {"als", "während", "seit", "bis"}:
        return False
    after = finite + 1
    while after < limit and tv.tags[after] in {"PTKVZ", "VVPP", "VVINF", "VAINF", "VMINF", "VAFIN", "VMFIN"}:
        after += 1
    return after >= limit or tv.words[after] in {",", ".", ":", ";", "–"}


def _abstract_head(tv: Tokens, first: int, end: int) -> bool:
    """Whether a phrase is headed by an abstract noun that cannot speak ("Die Zahl", "Die Äußerungen")."""
    head = next((i for i in range(first, end) if tv.tags[i] in NP_HEAD_TAGS), None)
    if head is None or tv.tags[head] != "NN":
        return False
    word = tv.lower[head]
    return word.endswith(ABSTRACT_ENDINGS) and not word.endswith(SPEAKER_NOUN_ENDINGS + SOURCE_NOUN_ENDINGS + (
        "leitung", "führung", "stiftung", "vereinigung", "versammlung", "vertretung")) and word not in GENERIC_TITLES


def quotes_name(tv: Tokens, first: int, end: int) -> bool:
    """Whether the quotation marks in a phrase only enclose names ("Die Zeitung „Yemen Observer“"): at most
    one short capitalised quotation, or none."""
    marks = [i for i in range(first, end) if tv.words[i] in QUOTE_CHARS]
    if not marks:
        return True
    return len(marks) == 2 and marks[1] - marks[0] <= 7 and tv.words[marks[0] + 1][:1].isupper()


def subject_after(tv: Tokens, finite: int, limit: int) -> tuple[int, int] | None:
    """The first nominative-looking noun phrase after the finite verb, stepping over adverbs and PPs."""
    index, skipped = finite + 1, 0
    while index < limit and skipped < 8:
        tag = tv.tags[index]
        if tag in {"ADV", "PTKNEG", "PAV", "ADJD", "PRF", "PTKVZ", "VVPP", "VVINF", "VAINF", "VMINF"}:
            index, skipped = index + 1, skipped + 1
            continue
        if tag in {"APPR", "APPRART"}:  # "sagte am Montag der Minister": step over the PP
            inner = _np_core(tv, index + 1, limit)
            if inner is None:
                return None
            skipped += inner - index
            index = inner
            continue
        phrase = noun_phrase(tv, index, limit)
        if phrase is not None and looks_like_subject(tv, *phrase):
            return phrase
        return None
    return None


def phrase_before(tv: Tokens, index: int, limit: int) -> int | None:
    """Start of the noun phrase that ends just before ``index``, with its genitive and "von"
    attachments ("[Angaben des seismologischen Instituts von Athen] zufolge")."""
    start = index
    while start > limit:
        tag, word = tv.tags[start - 1], tv.lower[start - 1]
        in_phrase = tag in NP_HEAD_TAGS or tag in {"ART", "ADJA", "PPOSAT", "PIAT", "CARD", "PDAT"} or tv.words[
            start - 1] in {"„", "“"}
        attaching = word in {"von", "vom"} and start - 1 > limit and tv.tags[start - 2] in NP_HEAD_TAGS
        if in_phrase or attaching:
            start -= 1
        else:
            break
    while start < index and tv.tags[start] not in {"ART", "PPOSAT", "PIAT", "PDAT", "CARD", "ADJA"} | NP_HEAD_TAGS:
        start += 1
    return start if start < index else None


def could_speak(tv: Tokens, first: int, end: int) -> bool:
    """Whether a noun phrase can name a speaker: a name, a personal pronoun, a person or role noun,
    or an institution ("Das Robert-Koch-Institut", "die Polizei"), not "Die beiden oberen Stockwerke"."""
    for index in range(first, end):
        word, tag = tv.lower[index], tv.tags[index]
        if tag == "NE" or (tag == "PPER" and word in {"er", "sie", "wir", "ich"}):
            return True
        if tag == "NN" and (word.endswith(SPEAKER_NOUN_ENDINGS) or word in GENERIC_TITLES):
            return True
    return False


def strip_adverbs(tv: Tokens, first: int, end: int) -> tuple[int, int]:
    """Drop leading and trailing adverbs, conjunctions and particles ("Auch der Minister", "Die Kanadier hingegen")."""
    # "Sowohl die Behörde als auch das Militär": the correlative conjunction stays
    while first < end and tv.tags[first] in {"ADV", "KON", "PTKNEG", "PTKA", "PAV", "$("} and tv.lower[
            first] not in {"sowohl", "weder", "entweder"}:
        if tv.words[first] == "„" and "“" in tv.words[first + 1:end]:  # "„BBC News“ berichtet"
            break
        first += 1
    while end > first and (tv.tags[end - 1] in {"ADV", "PTKNEG", "PAV", "$,", "$("} or tv.words[end - 1] in ","):
        opener = {")": "(", "“": "„"}.get(tv.words[end - 1])
        if opener is not None and opener in tv.words[first:end - 1]:  # "Wowereit (SPD)", "die Zeitung „Hürriyet“"
            break
        end -= 1
    return first, end


def looks_like_subject(tv: Tokens, first: int, end: int) -> bool:
    """Whether the tokens could be a nominative noun phrase (not a PP or a dative)."""
    if first >= end:
        return False
    word, tag = tv.lower[first], tv.tags[first]
    if tag in {"APPR", "APPRART", "APPO", "KOUS", "PWAV", "PAV", "ADV", "ADJD", "VVFIN", "VAFIN", "VMFIN"}:
        return False
    if word in NON_SUBJECT_STARTS:
        return False
    if word == "der" and end - first > 2 and tv.tags[first + 1] == "ADJA" and tv.lower[first + 1].endswith("en"):
        return False  # "Der englischsprachigen Zeitung sagte Karma": "der" + weak "-en" is never a nominative
    if tv.tags[end - 1] == "APPO" or tv.lower[end - 1] in {"zufolge", "gegenüber", "nach"}:
        return False  # "Der Mitteilung zufolge versicherte Netanyahu": a postpositional phrase
    if tag == "PPER":
        return word in SUBJECT_PRONOUNS
    if all(tv.words[i][:1].isupper() and tv.tags[i] in NAME_LIKE_TAGS for i in range(first, end)):
        return True  # a name the tagger did not know: "Milinkewitsch kritisierte …"
    return any(tv.tags[i] in NP_HEAD_TAGS or tv.tags[i] in {"PIS", "PDS"} for i in range(first, end)) or (
        end - first >= 2 and tv.tags[end - 1] == "ADJA" and tv.tags[first] in NP_DETERMINER_TAGS)  # "der 81-jährige"
