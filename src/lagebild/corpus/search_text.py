"""German text for full-text search: Snowball stems, compound parts, the query language and snippets.

Matching is on **Snowball German stems** ("Waffenruhen" and "Waffenruhe" are both ``waffenruh``; umlauts
and ß are folded: "Präsident" is ``prasident``).  PostgreSQL's ``german`` text-search configuration uses the
same Snowball algorithm, so both backends match the same word forms.

**Compounds.**  A closed compound is indexed whole *and* with its parts, split against simplemma's German
word-form list (the dictionary the tagger already loads): "Bundesaußenminister" also yields "Bundes",
"Außenminister", "Außen", "Minister", so a search for "Außenminister" finds the Bundesaußenminister and
"Ruhe" finds the Waffenruhe.  The parts go into their own low-weight field (FTS5 column ``parts``,
tsvector weight D), so an article that uses the searched word itself ranks above one that only contains it
inside a compound, and phrases never match across parts.  Only capitalised words (nouns) of ≥ 8 letters are
split; a split needs a known head of ≥ 4 letters and a known modifier of ≥ 4 letters (after a linking
-s/-es/-n/-en/-er/-e); verb prefixes are not modifiers ("Vorstellung" is not "Vor" + "Stellung") and
derivational endings are not heads ("Anwalt|schaft").  It is a heuristic without word frequencies, and
false splits remain ("Gründung" gives "Grün" + "Dung", "Verbraucher" "Verb" + "Raucher"); they only add
low-weight matches for the parts, never hide an article, and rank below real uses of the word.
Hyphenated compounds ("US-Präsident") are split by the tokenizer on both backends.

Query language (:func:`parse_query`): words are ANDed; ``"…"`` is a phrase; ``OR`` between two items
makes an alternative; ``-word`` or ``-"phrase"`` excludes; ``word*`` is a prefix.  Anything else is read
literally — no character of a query reaches SQL as syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lagebild.errors import SearchQueryError

WORD = re.compile(r"\w+")
MIN_COMPOUND = 8  # shorter words are rarely compounds and often names
MIN_HEAD, MIN_MODIFIER = 4, 4
LINKING_ENDINGS = ("es", "en", "er", "s", "n", "e")
# Separable and inseparable verb prefixes: words starting with them are derivations, not compounds.
NOT_MODIFIERS = frozenset({
    "ab", "an", "auf", "aus", "be", "bei", "dar", "durch", "ein", "ent", "er", "ge", "gegen", "her", "hin",
    "miss", "mit", "nach", "ob", "über", "um", "un", "unter", "ver", "vor", "weg", "wider", "zer", "zu",
    "zurück", "zusammen", "hinter", "fort", "los", "voll", "wieder",
})
# Derivational endings that the word list also knows as words ("Mini|ster", "Anwalt|schaft"): never a head.
NOT_HEADS = frozenset({"ster", "sterin", "stern", "schaft", "schaften", "heit", "keit", "ung", "ungen", "tum",
                       "nis", "lich", "ling", "linge", "chen", "lein", "erin", "ion", "ionen", "ismus", "istin", "ist",
                       "rial", "ial", "ität"})
MAX_QUERY_CHARS = 500
MAX_QUERY_ITEMS = 32
SNIPPET_TOKENS = 30  # words around the best match


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("german")


@lru_cache(maxsize=300_000)
def stem(word: str) -> str:
    """The Snowball German stem of ``word`` (lower-cased, umlauts folded)."""
    lowered = word.lower()
    return str(_stemmer().stemWord(lowered)) or lowered


def folded(word: str) -> str:
    """``word`` lower-cased with umlauts and ß folded as the stems fold them (for prefixes, which are not
    stemmed: the stem of a prefix is often shorter than the prefix, "Komet" -> ``kom``)."""
    return word.lower().translate(_FOLD)


_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def _known(word: str) -> bool:
    import simplemma

    return bool(simplemma.is_known(word, lang="de"))


def _known_modifier(modifier: str) -> str | None:
    """The modifier as a known word (its linking element removed), or None."""
    candidates = [modifier] + [modifier[:-len(end)] for end in LINKING_ENDINGS if modifier.endswith(end)]
    for candidate in candidates:
        if len(candidate) < MIN_MODIFIER or candidate.lower() in NOT_MODIFIERS:
            continue
        if _known(candidate) or _known(candidate.lower()) or _known(candidate.capitalize()):
            return candidate
    return None


@lru_cache(maxsize=200_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The parts of a closed German compound (modifier, head and the head's own parts); ``()`` if none.

    The longest known head wins ("Bundes|außenminister", then "Außen|minister").
    """
    if len(word) < MIN_COMPOUND or not word.isalpha() or not word[0].isupper() or word.isupper():
        return ()  # only nouns (capitalised) are split: other words gave far more false splits than parts
    for cut in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1):
        head = word[cut:]
        head_word = head[0].upper() + head[1:]
        if head.lower() in NOT_HEADS:
            continue
        if not (_known(head_word) or _known(head)):
            continue
        prefix = word[:cut]
        if prefix.lower() in NOT_MODIFIERS:
            return ()  # a derivation ("Vor|stellung"), not a compound
        modifier = _known_modifier(prefix)
        if modifier is None:
            continue
        return (modifier, head_word, *compound_parts(head_word))
    return ()


def stems_of(text: str) -> list[str]:
    """The stems of the words of ``text``, in order (positions matter for phrases)."""
    return [stem(m.group()) for m in WORD.finditer(text)]


def part_stems_of(text: str) -> list[str]:
    """The stems of the compound parts of the words of ``text`` (each word's parts once)."""
    parts: list[str] = []
    for word in dict.fromkeys(m.group() for m in WORD.finditer(text)):
        parts.extend(stem(part) for part in compound_parts(word))
    return parts


def compound_parts_text(title: str | None, text: str) -> str:
    """The compound parts of an article's title and text, as text for an index (PostgreSQL's weight D)."""
    words = dict.fromkeys(m.group() for m in WORD.finditer(f"{title or ''}\n{text}"))
    return " ".join(part for word in words for part in compound_parts(word))


# --- queries ---


@dataclass(frozen=True, slots=True)
class Term:
    """One thing to look for: a word (``words`` has one entry), a phrase, or a word prefix (``Komet*``:
    words starting with ``komet`` and the word's own forms)."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(stem(w) for w in self.words)

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """``all_of`` groups (each an OR of terms) must all match; no term of ``none_of`` may match."""

    all_of: tuple[tuple[Term, ...], ...]
    none_of: tuple[Term, ...]

    @property
    def empty(self) -> bool:
        return not self.all_of and not self.none_of

    def positive_terms(self) -> list[Term]:
        return [term for group in self.all_of for term in group]


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_query(query: str) -> ParsedQuery:
    """Parse the query language (module docstring).  Raises :class:`SearchQueryError` (E621) for a query
    that only excludes or is too long; everything else is read literally."""
    if len(query) > MAX_QUERY_CHARS:
        raise SearchQueryError(f"the query is {len(query)} characters long (at most {MAX_QUERY_CHARS})",
                               hint="search for fewer words")
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for match in _TOKEN.finditer(query):
        negated, phrase, bare = match.group(1) == "-", match.group(2), match.group(3)
        if bare is not None and bare == "OR":
            join_next = bool(groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = True, bare[1:]
        source = phrase if phrase is not None else bare or ""
        words = tuple(WORD.findall(source))
        if not words:
            continue  # punctuation only: nothing to look for
        term = Term(words, prefix=bare is not None and bare.endswith("*") and len(words) == 1)
        if negated:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if len(groups) + len(excluded) > MAX_QUERY_ITEMS or sum(len(g) for g in groups) > MAX_QUERY_ITEMS:
        raise SearchQueryError(f"the query has more than {MAX_QUERY_ITEMS} words or phrases",
                               hint="search for fewer words")
    if excluded and not groups:
        raise SearchQueryError("the query only excludes words (-word); say what to look for too",
                               hint='e.g. Waffenruhe -Syrien, or "Sergej Lawrow"')
    return ParsedQuery(tuple(tuple(g) for g in groups), tuple(excluded))


# --- snippets ---

Segment = tuple[str, bool]  # (text, is a match): the caller escapes the text for its medium


def snippet(text: str, query: ParsedQuery, *, width: int = SNIPPET_TOKENS) -> list[Segment]:
    """The passage of ``text`` with the most distinct query matches, as segments ``(text, matched)``.

    Matches are words whose stem (or one of whose compound parts' stems) is a searched stem or starts
    with a searched prefix; phrases mark their words.  Without matches: the start of the text.
    """
    wanted = {s for term in query.positive_terms() for s in term.stems}
    prefixes = tuple(folded(term.words[0]) for term in query.positive_terms() if term.prefix)
    tokens = list(WORD.finditer(text))
    if not tokens:
        return [(text[:200], False)] if text else []

    needles = tuple({*wanted, *prefixes})

    def matches(word: str) -> bool:
        # A stem or prefix is a substring of the folded word (Snowball only cuts endings and folds umlauts),
        # and so is a compound part: most words are ruled out without stemming them.
        lowered = folded(word)
        if not any(needle in lowered for needle in needles):
            return False
        stemmed = stem(word)
        if stemmed in wanted or (prefixes and stemmed.startswith(prefixes)):
            return True
        return len(word) >= MIN_COMPOUND and any(stem(p) in wanted for p in compound_parts(word))

    hits = [i for i, token in enumerate(tokens) if matches(token.group())] if wanted or prefixes else []
    start = 0
    if hits:
        best = -1
        for first in hits:  # the window starting a little before a hit with the most distinct matched words
            window = {stem(tokens[i].group()) for i in hits if first <= i < first + width}
            if len(window) > best:
                best, start = len(window), max(0, first - 3)
    end = min(len(tokens), start + width)
    hit_set = set(hits)
    segments: list[Segment] = []
    if start > 0:
        segments.append(("…", False))
    cursor = 0 if start == 0 else tokens[start].start()  # the whole text's start and end when shown
    for index in range(start, end):
        token = tokens[index]
        if index in hit_set:
            if token.start() > cursor:
                segments.append((text[cursor:token.start()], False))
            segments.append((token.group(), True))
            cursor = token.end()
    segments.append((text[cursor:len(text) if end == len(tokens) else tokens[end - 1].end()], False))
    if end < len(tokens):
        segments.append(("…", False))
    return _merged(segments)


def _merged(segments: list[Segment]) -> list[Segment]:
    """Adjacent segments of the same kind joined; empty ones dropped; newlines shown as spaces."""
    out: list[Segment] = []
    for text, matched in segments:
        text = text if matched else re.sub(r"\s+", " ", text)
        if not text:
            continue
        if out and out[-1][1] == matched and not matched:
            out[-1] = (out[-1][0] + text, matched)
        else:
            out.append((text, matched))
    return out
