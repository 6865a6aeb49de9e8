"""Which sense a cue verb has in its clause, and tagger slips around it.

Checks that keep a speech verb from being read as a cue where it does not report anything
("Das Objekt, genannt K2" names, "wollte nicht bestätigen, dass …" says nothing, "Der Zug stand
auf den Schienen" is no text) and that find a clause's last word after an apposition ("gab der Leiter,
Andreas Huber, bekannt").  A participle the tagger read as finite ("wird … zitiert") is repaired in the
tagger step (:mod:`lagebild.nlp.retag`).
"""

from __future__ import annotations

from .base import Tokens
from .phrases import Segment, noun_phrase

AUXILIARY_TAGS = frozenset({"VAFIN", "VMFIN"})

# Texts in which something "steht" ("In dem Bericht steht, …", "Auf der Webseite steht: …").
DOCUMENT_NOUNS = ("bericht", "entwurf", "brief", "erklärung", "schreiben", "text", "vertrag", "artikel", "zeitung",
                  "seite", "homepage", "plakat", "papier", "dokument", "mitteilung", "resolution", "urteil",
                  "begründung", "antrag", "protokoll", "studie", "schild", "transparent", "banner", "flugblatt",
                  "meldung", "gesetz", "programm", "buch", "satz", "absatz", "passus", "zettel", "botschaft")
# Verbs that report nothing when negated ("Ein Sprecher wollte nicht bestätigen, dass …").
NEGATABLE = frozenset({"bestätigen", "sagen", "erklären", "mitteilen", "äußern", "kommentieren",
                       "feststellen", "angeben", "nennen", "wissen", "beantworten"})


def clause_tail(tv: Tokens, segment: Segment) -> int | None:
    """The word that closes a clause after an apposition between commas: "gab der Leiter der Dienststelle,
    Andreas Huber, bekannt, dass …" -> "bekannt" (a one-word segment after verbless segments)."""
    if segment.after != ",":
        return None
    end = tv.sentences[tv.sentence_of[segment.first]][1]
    index = segment.end + 1
    for _ in range(3):  # at most two appositions
        stop = next((j for j in range(index, end) if tv.words[j] in {",", ".", ":", ";", "!", "?"}), end)
        if stop == index + 1 and tv.tags[index] in {"PTKVZ", "ADJD", "VVPP", "VVINF"}:
            return index
        if stop == index or stop - index > 8 or any(tv.is_finite(j) for j in range(index, stop)) or stop >= end \
                or tv.words[stop] != ",":
            return None
        index = stop + 1
    return None


def in_document(tv: Tokens, segment: Segment) -> bool:
    """Whether a clause names a text as the place of its verb: "in dem Bericht", "auf der Webseite",
    "darin", "auf denen" (a relative pronoun pointing back to a poster or a page)."""
    for j in range(segment.first, segment.end - 1):
        word = tv.lower[j]
        if word in {"darin", "dort", "darauf"}:
            return True
        if word in {"in", "im", "auf"}:
            if tv.tags[j + 1] == "PRELS":
                return True
            phrase = noun_phrase(tv, j + 1, segment.end, appositions=False) if word != "im" else (j, _head_end(tv, j))
            if phrase is not None and tv.lower[phrase[1] - 1].endswith(DOCUMENT_NOUNS):
                return True
    return False


def _head_end(tv: Tokens, index: int) -> int:
    end = index + 1
    while end < len(tv) and tv.tags[end] in {"ADJA", "NN", "NE"}:
        end += 1
    return end


def negated(tv: Tokens, index: int, segment: Segment) -> bool:
    """A "nicht" in the verb's clause before a final verb ("konnte den Bericht nicht bestätigen") or right
    after a finite one ("bestätigte das nicht")."""
    if tv.tags[index] == "VVFIN":
        return any(tv.tags[j] == "PTKNEG" for j in range(index + 1, min(index + 4, segment.end)))
    return any(tv.tags[j] == "PTKNEG" for j in range(max(segment.first, index - 6), index))


def names_something(tv: Tokens, index: int, segment: Segment) -> bool:
    """"nennen" as naming, not saying: "Das Objekt, genannt 2003 EL61", "wie er sich nannte", "„Trap“,
    wie er genannt wird", "so wird die Registrierung auch genannt"."""
    if tv.tags[index] == "VVPP" and not any(is_auxiliary(tv, j) for j in range(segment.first, segment.end)):
        return True
    words = tv.lower[segment.first:segment.end]
    return "sich" in words or (tv.lower[segment.first] in {"wie", "so"} and tv.tags[index] == "VVPP")


def is_auxiliary(tv: Tokens, index: int) -> bool:
    return tv.tags[index] in AUXILIARY_TAGS or (tv.lemmas[index] == "lassen" and tv.tags[index] == "VVFIN")
