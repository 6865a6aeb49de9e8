"""Reading one description in the tagged text: its span, determiner, number, gender and qualifiers.

:class:`PhraseReader` holds an article's tokens as parallel lists (words, STTS tags, lemmas, offsets,
sentence numbers) and reads the noun phrase around a head noun: "die beiden Außenminister" (plural),
"die Grünen-Chefin" (feminine, party "grünen"), "Chinas Präsident" (country CN), "der frühere Präsident"
(not the current holder), "Der 69-Jährige" (age 69).  :mod:`.nominal` decides what the phrase refers to.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Article, Mention
from .canonical import name_key
from .nouns import ADJECTIVAL, FEMININE_WORDS, MASCULINE_WORDS, PERSON_WORDS, is_feminine_form, lemma_stem
from .roles import NOT_CURRENT, PREFIX_COUNTRIES, nationality

DETERMINERS = frozenset({"der", "die", "das", "den", "dem", "des", "dieser", "diese", "dieses", "diesem", "diesen",
                         "jener", "jene", "jenem", "jenen", "jenes"})
POSSESSIVES = frozenset({"sein", "seine", "seinen", "seinem", "seiner", "seines", "ihr", "ihre", "ihren", "ihrem",
                         "ihrer", "ihres"})
CONTRACTED = frozenset({"beim", "vom", "zum", "zur", "im", "am"})
INDEFINITE = frozenset({"ein", "eine", "einen", "einem", "eines", "einer", "kein", "keine"})
PLURAL_WORDS = frozenset({"beiden", "beide", "zwei", "drei", "vier", "fünf", "alle", "allen", "mehrere", "einige",
                          "viele"})
# Honorifics are part of addressing a name, not descriptions ("Frau Merkel", "Herr Müller").
HONORIFICS = frozenset({"herr", "herrn", "frau"})
# Weak nouns take -en in the singular too ("dem Präsidenten"), so their -en says nothing about number.
WEAK_NOUN_ENDINGS = ("ent", "ant", "ist", "at", "oge", "ph", "af", "e", "ot", "om", "ad", "ar", "it")
AGE_RE = re.compile(r"(\d{1,3})-[Jj]ährig")


@dataclass(slots=True)
class Phrase:
    """One description in the text, in token indices ``first`` .. ``head``."""

    first: int
    head: int
    stem: str
    label: str  # PER or ORG
    det: str | None = None  # lower-case determiner, possessive or contracted preposition; None when bare
    plural: bool = False
    gender: str | None = None
    country: str | None = None
    org: str | None = None  # party or organisation key ("cdu" of "CDU-Generalsekretär")
    age: str | None = None
    not_current: bool = False
    entities: list[str] = field(default_factory=list)
    bound: bool = False  # a title or apposition: the text itself says who it is


class PhraseReader:
    """The tokens of one tagged article and the reading of descriptions in them."""

    def __init__(self, article: Article, country_of: Callable[[str], str | None]) -> None:
        self.article = article
        self.country_of = country_of
        text = article.text
        self.tokens = article.tokens
        self.words = [text[t.start:t.end] for t in self.tokens]
        self.lower = [w.lower() for w in self.words]
        self.tags = [t.pos or "" for t in self.tokens]
        self.lemmas = [t.lemma for t in self.tokens]
        self.starts = [t.start for t in self.tokens]
        self.ends = [t.end for t in self.tokens]
        self.sentence_of = [0] * len(self.tokens)
        for index, (first, end) in enumerate(article.token_view().cover):
            for i in range(first, end):
                self.sentence_of[i] = index

    def _tokens_of(self, start: int, end: int) -> tuple[int, int]:
        return bisect_left(self.ends, start + 1), bisect_right(self.starts, end - 1)

    def _apposition_name(self, phrase: Phrase) -> list[Mention]:
        """Names the phrase stands in apposition to (see :class:`.nominal.NominalLinker`)."""
        return []

    def _phrase(self, head: int, label: str) -> Phrase | None:
        word, lemma = self.words[head], self.lemmas[head]
        stem = lemma_stem(word, lemma)
        sentence_first = self._sentence_first(head)
        phrase = Phrase(head, head, stem, label)
        j = head - 1
        while j >= sentence_first:
            low, tag = self.lower[j], self.tags[j]
            if low in DETERMINERS or low in POSSESSIVES or low in INDEFINITE or tag in {"ART", "PDAT", "PPOSAT"}:
                phrase.det, phrase.first = low, j
                break
            if low in CONTRACTED or tag == "APPRART":
                phrase.det = low
                break
            if tag == "ADJA" or tag == "CARD" or low in PLURAL_WORDS or tag in {"PIAT", "PIDAT"}:
                found = nationality(self.words[j])
                if found:
                    phrase.country = phrase.country or found
                elif any(self.lower[j].startswith(n) for n in NOT_CURRENT):
                    phrase.not_current = True
                if low in PLURAL_WORDS or (tag == "CARD" and low not in {"ein", "eins"}):
                    phrase.plural = True
                phrase.first = j
                j -= 1
                continue
            if tag == "NE" and self.words[j].endswith("s") and len(self.words[j]) > 3 and j + 1 <= head:
                owner = self.words[j][:-1]
                found = self.country_of(self.words[j])
                if found:
                    phrase.country = phrase.country or found
                else:
                    phrase.org = phrase.org or name_key(owner)
                phrase.first, phrase.det = j, "gen"
                break
            break
        if phrase.det is None and stem in HONORIFICS | {"herr"}:
            return None  # "Frau Merkel": an honorific, not a description
        if phrase.first > sentence_first and self.lower[phrase.first - 1] in {"als", "wie"} and not (
                self.lower[phrase.first - 1] == "wie" and phrase.det in POSSESSIVES):
            return None  # predicative or comparison: "als Präsident", "eine Kandidatin wie X" (not "wie ihr Vater")
        if phrase.det in INDEFINITE and not self._apposition_name(phrase):
            return None
        self._qualify(phrase, word)
        self._number_and_gender(phrase, word)
        age = AGE_RE.search(word)
        if age:
            phrase.age = age[1]
        return phrase

    def _qualify(self, phrase: Phrase, word: str) -> None:
        """Country or organisation of a compound's first part ("US-Präsident", "CDU-Generalsekretär")."""
        if "-" not in word:
            return
        prefix = word.rsplit("-", 1)[0]
        if prefix.lower().startswith("ex"):
            phrase.not_current = True
            return
        if AGE_RE.search(word) or not prefix[:1].isupper():
            return
        country = PREFIX_COUNTRIES.get(prefix) or self.country_of(prefix) or self.country_of(prefix + "s")
        if country:
            phrase.country = phrase.country or country
        else:
            phrase.org = name_key(prefix)

    def _number_and_gender(self, phrase: Phrase, word: str) -> None:
        lower = word.lower().rsplit("-", 1)[-1]
        det = phrase.det
        adjectival = phrase.stem.endswith(ADJECTIVAL)
        lemma = (self.lemmas[phrase.head] or "").lower().rsplit("-", 1)[-1]
        if phrase.label == "ORG":
            phrase.plural = phrase.plural or bool(lemma and lower != lemma and lower.startswith(lemma) and lower[
                len(lemma):] in {"en", "n", "e", "er", "s"} and not lower.endswith(("es", "s")))
            return
        if lower.endswith("innen") or (det == "die" and not adjectival and not is_feminine_form(word)
                                       and lower not in FEMININE_WORDS and phrase.stem not in PERSON_WORDS):
            phrase.plural = True
        if adjectival and lower.endswith("en") and det in {"die", None}:
            phrase.plural = True
        if not adjectival and lemma and lower != lemma and lower.startswith(lemma) and lower.endswith("n") and (
                not lemma.endswith(WEAK_NOUN_ENDINGS) or det == "die"):
            phrase.plural = True  # "den Generalsekretären", "ihren Außenministern"; not "dem Präsidenten"
        if phrase.plural:
            return
        if is_feminine_form(word) or lower in FEMININE_WORDS:
            phrase.gender = "f"
        elif lower in MASCULINE_WORDS:
            phrase.gender = "m"
        elif det in {"der", "dieser", "jener"} and phrase.first and self.tags[phrase.first - 1] in {"NN", "NE", "APPR"}:
            phrase.plural = True  # "ein Treffen der NATO-Außenminister", "der Rauswurf dieser Minister": genitive
        elif adjectival:
            if det in {"die", "eine", "seine", "ihre"}:
                phrase.gender = "f"
            elif det in {"des", "dem", "den", "ein", "einen", "eines", "einem"} or (
                    det == "der" and not lower.endswith("en")):
                phrase.gender = "m"
        elif phrase.label == "PER" and phrase.stem not in PERSON_WORDS:
            phrase.gender = "m"  # a masculine role noun; the feminine form would have said otherwise

    def _sentence_first(self, index: int) -> int:
        sentence = self.sentence_of[index]
        first = index
        while first > 0 and self.sentence_of[first - 1] == sentence:
            first -= 1
        return first

    # ------------------------------------------------------------------ binding
