"""POS tags (STTS) and lemmas for tokenised German sentences, using HanTa.

HanTa (Hanover Tagger) is a morphology-aware HMM tagger trained on TIGER.  Its
sentence Viterbi is cheap; almost all of its time goes into the per-word
morphological analysis (a Viterbi over morphemes), which depends on the word
alone.  We therefore memoise the two per-word steps (tag distribution and
morpheme analysis) and leave the per-sentence Viterbi untouched, so the output
is identical to ``HanoverTagger.tag_sent(words, taglevel=1)`` except for the
tag names (STTS), punctuation HanTa does not know (tagged ``$(`` here, not XY
or FM) and the lemma fixes in :func:`_fix_lemma`.

Pathological tokens: HanTa's per-word analyses take time quadratic in the word's
length (1,000 characters: 9 s, 2,000: 36 s).  Words longer than
:data:`MAX_ANALYSED_WORD` characters never reach HanTa's morphology: they are
tagged by shape (:func:`_long_word_tags`; lemma = the word, no morphemes), so
tagging time stays linear in the input.  No German word in news is that long.

Tag names: HanTa writes ``VV(FIN)``, ``ADJ(A)`` ...; we return STTS
(``VVFIN``, ``ADJA``).  HanTa's extra noun classes ``NNA`` (nominalised
adjective, "die Grünen") and ``NNI`` (nominalised infinitive, "das Leben") are
``NN`` in STTS.  The pronominal adverb is ``PAV`` as in the STTS guidelines and
UD German-GSD (TIGER and HanTa call it ``PROAV``).
"""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass
from typing import Any

import simplemma
from HanTa import HanoverTagger as _hanta

__all__ = ["MAX_ANALYSED_WORD", "Analysis", "analyze_words", "morphemes", "tag_words", "to_stts"]

_MODEL_FILE = "morphmodel_ger.pgz"

# Word-level memo sizes.  News vocabulary is Zipfian: 100k distinct words cover a large
# archive; both memos together take about 1.2 kB per word, so at most ~120 MB.
_WORD_CACHE_SIZE = 100_000

# Longer words are tagged by shape, not analysed (see the module docstring).  The longest
# German words in print ("Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz")
# have 63 characters; at 80 one analysis still takes about 40 ms.
MAX_ANALYSED_WORD = 80
# Longer token sequences (no real sentence) are tagged in chunks of this many tokens.
MAX_VITERBI_TOKENS = 1000

# HanTa's reserved tag ids (HanTa.HanoverTagger: EMPTY, START, END, UNKNOWN).
_EMPTY, _START, _END, _UNKNOWN = 0, 1, 2, 3
_TAG_MAP = {"NNA": "NN", "NNI": "NN", "PROAV": "PAV", "UNKNOWN": "XY", "EMPTY": "XY"}
_NOUN_TAGS = frozenset({"NN", "NNA", "NNI"})


def to_stts(hanta_tag: str) -> str:
    """Map a HanTa tag (``VV(FIN)``, ``ADJ(A)``, ``NNA``) to its STTS name."""
    # only "VV(FIN)"-style tags lose their brackets: "$(" is itself STTS
    if hanta_tag.endswith(")") and "(" in hanta_tag[1:]:
        hanta_tag = hanta_tag.replace("(", "").replace(")", "")
    return _TAG_MAP.get(hanta_tag, hanta_tag)


@dataclass(frozen=True, slots=True)
class Analysis:
    """One token: STTS tag, lemma and HanTa's morpheme segmentation.

    ``morphemes`` are lower-cased (morph, HanTa morph tag) pairs, e.g.
    ``(("käm", "VV_VAR"), ("e", "SUF_FIN"))`` for "käme"; ``known`` is False
    when HanTa had to guess at least one morpheme (an unknown word).
    """

    tag: str
    lemma: str
    morphemes: tuple[tuple[str, str], ...]
    known: bool


class _CachedHanTa:
    """HanTa with memoised per-word work.  Safe to share between threads:
    HanTa's tagging methods read the model and never write to it, and
    ``functools.lru_cache`` is thread-safe (at worst a value is computed twice).
    """

    def __init__(self) -> None:
        self.model: Any = _hanta.HanoverTagger(_MODEL_FILE)
        # ``tag_sent_viterbi`` calls ``self._tag_word(w, cutoff=5, casesensitive=cs,
        # conditional=True)`` once per token; it is a pure function of its arguments,
        # so an instance-level memo changes speed, not results.
        cached_tag_word = functools.lru_cache(maxsize=_WORD_CACHE_SIZE)(self.model._tag_word)
        tag2int: dict[str, int] = self.model.tag2int

        def tag_word(word: str, cutoff: int = 5, casesensitive: bool = True,
                     conditional: bool = False) -> list[tuple[int, float]]:
            if len(word) > MAX_ANALYSED_WORD:  # linear time, and kept out of the memo
                return [(tag2int[tag], logp) for tag, logp in _long_word_tags(word)]
            result: list[tuple[int, float]] = cached_tag_word(word, cutoff, casesensitive, conditional)
            return result

        self.model._tag_word = tag_word
        self.analyse = functools.lru_cache(maxsize=_WORD_CACHE_SIZE)(self._analyse)

    def _analyse(self, lower: str, tag_id: int) -> tuple[str, tuple[tuple[str, str], ...], bool]:
        """Lemma, morphemes and known-ness of a lower-cased word under a given tag."""
        model = self.model
        stem, morphs, str_tag = model._analyze(lower, tag_id, taglevel=3)
        # taglevel=1 computes makelemma(stem morphemes, tag); makelemma only joins the
        # morphemes, so passing the joined stem gives the identical lemma.
        lemma: str = model.makelemma([stem], str_tag) if stem else ""
        known = lower in model.cache or all(
            m in model.LP_m_t.get(model.tag2int.get(t, -1), ()) for m, t in morphs
        )
        return lemma, tuple((str(m), str(t)) for m, t in morphs), known

    def tag_ids(self, words: list[str]) -> list[int]:
        # HanTa's Viterbi drops paths whose log-probability falls below -1e6, which a
        # "sentence" of some 50,000 tokens reaches (then it fails with a KeyError):
        # such non-sentences are tagged in chunks.
        ids: list[int] = []
        for start in range(0, len(words), MAX_VITERBI_TOKENS):
            ids.extend(_sentence_viterbi(self.model, words[start:start + MAX_VITERBI_TOKENS]))
        return ids


def _sentence_viterbi(model: Any, sent: list[str]) -> list[int]:
    """``HanoverTagger.tag_sent_viterbi(sent)``, the same paths, about 4x faster.

    HanTa loops over every tag the trigram model allows after a state and skips those the
    word cannot have; here the loop runs over the word's few tags and looks the transition
    up.  For one previous state each tag gives a different new state, so the order of that
    inner loop cannot change which path wins.  Words without any tag ("anything goes") take
    HanTa's loop.  This was the tagger's hottest line once word analyses were memoised.
    """
    lowerbound = -1e6
    transitions = model.LP_trans_word
    table: list[dict[tuple[int, int], float]] = []
    backpointer: list[dict[tuple[int, int], tuple[int, int]]] = []
    for i, word in enumerate(sent):
        wprobs = dict(model._tag_word(word, cutoff=5, casesensitive=i > 0, conditional=True))
        if len(wprobs) == 1 and _UNKNOWN in wprobs:
            wprobs = {}
        row: dict[tuple[int, int], float] = {}
        pointers: dict[tuple[int, int], tuple[int, int]] = {}
        backpointer.append(pointers)
        prevrow = table[i - 1] if i else {(_EMPTY, _START): 0.0}
        rowbound = sorted(prevrow.values(), reverse=True)[5] - 1 if len(prevrow) > 5 else lowerbound
        for state, lp0 in prevrow.items():
            if lp0 < rowbound:
                continue
            lp_t = transitions[state]
            if wprobs:
                candidates = [(tag, lp_t[tag], lpw) for tag, lpw in wprobs.items() if tag in lp_t and tag != _END]
            else:
                candidates = [(tag, lp_tc, 0.0) for tag, lp_tc in lp_t.items() if tag != _END]
            for tag, lp_tc, lpw in candidates:
                lp = lp0 + lp_tc + lpw
                if lp > lowerbound:
                    new_state = (state[1], tag)
                    if new_state not in row or lp > row[new_state]:
                        row[new_state] = lp
                        pointers[new_state] = state
        table.append(row)
    final = (_END, _EMPTY)
    best = -math.inf
    best_state: tuple[int, int] | None = None
    for state, lp0 in table[-1].items():
        lp = lp0 + transitions[state].get(_END, -math.inf)
        if lp > best:
            best, best_state = lp, state
    if best_state is None:  # as HanTa: no path reaches the end
        raise KeyError(final)
    tags = [best_state[1]]
    state = best_state
    for i in range(len(backpointer) - 1, 0, -1):
        state = backpointer[i][state]
        tags.append(state[1])
    return tags[::-1]


@functools.lru_cache(maxsize=1)
def _tagger() -> _CachedHanTa:
    """The HanTa model, loaded once per process on first use (about 0.1 s and 60 MB).

    A read-only model behind a cached loader, like the NER weights and the gazetteer: it
    never changes what an analysis returns, only how soon.  ``lru_cache`` is thread-safe.
    """
    return _CachedHanTa()


def _long_word_tags(word: str) -> tuple[tuple[str, float], ...]:
    """Cheap (HanTa tag, log-probability) candidates for a word too long to analyse.

    Every HanTa state has a transition to each of these tags, so the sentence
    Viterbi always finds a path.
    """
    if _is_punctuation(word):
        return (("$(", 0.0),)
    core = word.replace("-", "")
    if core.isalpha() and word[0].isupper():
        return (("NN", 0.0), ("NE", -2.0))  # a (very) long compound or name
    if core.replace(".", "").replace(",", "").isdigit():
        return (("CARD", 0.0),)
    return (("XY", 0.0), ("FM", -2.0))  # a URL, a hash, garbage: not a German word


def _copy_case(lemma: str, form: str, *, keep_first: bool) -> str:
    """Give the lemma the form's capitalisation on their common prefix.

    HanTa lower-cases the word before analysis and re-capitalises only the first
    letter of noun lemmas, so "US-Präsidenten" comes out as "Us-präsident".
    """
    chars = list(lemma)
    for i, (a, b) in enumerate(zip(lemma, form, strict=False)):
        if a.lower() != b.lower():
            break
        if i > 0 or not keep_first:
            chars[i] = b
    return "".join(chars)


def _fix_lemma(form: str, stts: str, lemma: str, known: bool) -> str:
    if stts in ("NE", "FM", "XY"):
        # Names: HanTa may "lemmatise" "Merkels" to "Merkel" but also "Linken" to
        # "Link"; the form is the safer identity for downstream entity linking.
        # Foreign material and non-words have no German lemma (HanTa would
        # capitalise "tiptop" -> "Tiptop").
        return form
    if not lemma:
        return simplemma.lemmatize(form, lang="de") or form
    if not known and stts == "NN":
        # HanTa guesses endings of unknown nouns ("Humboldthafen" -> "Humboldthafe",
        # "Torsten" -> "Torste"); simplemma's dictionary + conservative rules are
        # right more often there (GSD dev: 40/49 vs 21/49 unknown nouns).
        lemma = simplemma.lemmatize(form, lang="de") or lemma
    if stts == "NN":
        if form.isupper() and len(form) > 5:
            return lemma  # shouted headline word ("WELTMEISTERSCHAFT"), not an acronym
        return _copy_case(lemma, form, keep_first=True)
    if any(c.isupper() for c in form[1:]) and not form.isupper():
        # mixed-case non-nouns such as "US-amerikanischen" -> "US-amerikanisch"
        return _copy_case(lemma, form, keep_first=False)
    return lemma


def _is_punctuation(word: str) -> bool:
    return all(unicodedata.category(c).startswith("P") for c in word)


def analyze_words(words: list[str]) -> list[Analysis]:
    """Tag and lemmatise one tokenised sentence; one :class:`Analysis` per word."""
    # HanTa indexes word[0]; empty tokens get XY and are kept out of the Viterbi.
    keep = [i for i, w in enumerate(words) if w]
    result = [Analysis("XY", "", (), False) for _ in words]
    if not keep:
        return result
    tagger = _tagger()
    sent = [words[i] for i in keep]
    tag_ids = tagger.tag_ids(sent)
    int2tag = tagger.model.int2tag
    for i, word, tag_id in zip(keep, sent, tag_ids, strict=True):
        hanta_tag: str = int2tag[tag_id]
        stts = to_stts(hanta_tag)
        if not stts.startswith("$") and _is_punctuation(word):
            stts = "$("  # HanTa reads unseen punctuation ("--", "....", ";-)") as XY or FM
        if len(word) > MAX_ANALYSED_WORD:
            result[i] = Analysis(stts, word, (), False)  # HanTa's morphology is quadratic in the length
            continue
        lemma, morphs, known = tagger.analyse(word.lower(), tag_id)
        result[i] = Analysis(stts, _fix_lemma(word, stts, lemma, known), morphs, known)
    return result


def tag_words(words: list[str]) -> list[tuple[str, str]]:
    """(STTS tag, lemma) for each word of one tokenised sentence.

    >>> tag_words(["Der", "US-Präsident", "sei", "krank", "."])
    [('ART', 'der'), ('NN', 'US-Präsident'), ('VAFIN', 'sein'), ('ADJD', 'krank'), ('$.', '.')]
    """
    return [(a.tag, a.lemma) for a in analyze_words(words)]


def morphemes(word: str, stts_tag: str) -> tuple[tuple[str, str], ...]:
    """HanTa's morpheme segmentation of ``word`` read as ``stts_tag`` (cached).

    Returns ``()`` if HanTa has no such tag (e.g. STTS ``VMIMP``).
    """
    tagger = _tagger()
    tag_id = tagger.model.tag2int.get(_hanta_tag(stts_tag))
    if tag_id is None or not word or len(word) > MAX_ANALYSED_WORD:
        return ()
    return tagger.analyse(word.lower(), tag_id)[1]


def _hanta_tag(stts: str) -> str:
    if stts == "PAV":
        return "PROAV"
    for prefix in ("VV", "VA", "VM", "ADJ"):
        if stts.startswith(prefix) and len(stts) > len(prefix):
            return f"{prefix}({stts[len(prefix):]})"
    return stts
