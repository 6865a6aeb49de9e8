"""Pathological tokens are tagged in linear time (HanTa's morphology is quadratic in a word's length)."""

from __future__ import annotations

import time

from lagebild.ingest import RawDocument
from lagebild.nlp.tagger import MAX_ANALYSED_WORD, analyze_words, morphemes, tag_words
from lagebild.pipeline import Pipeline, article_from_document

HANG_GUARD = 10.0  # seconds; the real times are milliseconds (before: 1,000 chars took 9 s, 5,000 minutes)


def timed(function: object, *args: object) -> tuple[object, float]:
    start = time.perf_counter()
    result = function(*args)  # type: ignore[operator]
    return result, time.perf_counter() - start


def test_a_5000_character_token_is_tagged_quickly() -> None:
    for word in ("a" * 5000, "Rindfleisch" * 455, "1" * 5000, "-" * 5000, "https://example.org/" + "ab/" * 1600):
        tagged, seconds = timed(tag_words, ["Das", word, "ist", "gut", "."])
        assert seconds < HANG_GUARD, (word[:20], seconds)
        assert isinstance(tagged, list) and len(tagged) == 5
        tag, lemma = tagged[1]
        assert lemma == word and tag in {"NN", "NE", "XY", "FM", "CARD", "$("}
        assert tagged[0] == ("ART", "der") and tagged[2] == ("VAFIN", "sein")


def test_long_words_are_tagged_by_shape() -> None:
    long_noun = "Donaudampfschifffahrtsgesellschaft" * 3
    assert len(long_noun) > MAX_ANALYSED_WORD
    (analysis,) = analyze_words([long_noun])
    assert analysis.tag == "NN" and analysis.lemma == long_noun and analysis.morphemes == ()
    assert tag_words(["x" * 200])[0][0] in {"XY", "FM"}
    assert tag_words(["7" * 200])[0][0] == "CARD"
    assert tag_words(["." * 200])[0][0].startswith("$")
    assert morphemes("a" * 1000, "NN") == ()
    # ordinary words are still analysed by HanTa
    assert tag_words(["Die", "Regierungsbildung", "scheiterte", "."])[1] == ("NN", "Regierungsbildung")


def test_a_200000_character_line_without_spaces_goes_through_the_pipeline() -> None:
    pipeline = Pipeline(["clean", "sentences", "tagger"])
    for text in ("x" * 200_000, "Ein Satz. " + "Ab" * 100_000 + " Ende.", "a." * 100_000):
        article, seconds = timed(pipeline, article_from_document(RawDocument(text=text, source="long")))
        assert seconds < HANG_GUARD, (text[:10], seconds)
        assert article.tokens  # type: ignore[attr-defined]


def test_a_sentence_of_50000_tokens_is_tagged() -> None:
    # HanTa's Viterbi loses every path below log-probability -1e6 and then fails with a KeyError
    words = ["Der", *["„"] * 50_000, "Mann", "."]
    tagged, seconds = timed(tag_words, words)
    assert seconds < HANG_GUARD
    assert isinstance(tagged, list) and len(tagged) == len(words) and tagged[-1] == ("$.", ".")
