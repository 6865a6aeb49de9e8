"""POS tagging and lemmatisation (lagebild.nlp.tagger)."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from HanTa import HanoverTagger as ht

from lagebild.nlp.tagger import analyze_words, morphemes, tag_words, to_stts


def words_of(sentence: str) -> list[str]:
    return re.findall(r"\w+(?:[-/]\w+)*|[^\w\s]", sentence)


SEED = words_of(
    "Der russische Außenminister Sergej Lawrow erklärte zudem, dass der russische Präsident "
    "Wladimir Putin und der US-Präsident Donald Trump vereinbart hätten, eine bilaterale "
    "Arbeitsgruppe für Cyber-Sicherheit zu gründen."
)


def test_tags_are_stts() -> None:
    tagged = dict(zip(SEED, tag_words(SEED), strict=True))
    assert tagged["erklärte"] == ("VVFIN", "erklären")
    assert tagged["hätten"] == ("VAFIN", "haben")
    assert tagged["vereinbart"][0] == "VVPP"
    assert tagged["russische"] == ("ADJA", "russisch")
    assert tagged[","] == ("$,", ",")
    assert tagged["."] == ("$.", ".")
    assert tagged["zu"][0] == "PTKZU"
    assert all("(" not in tag for tag, _ in tag_words(SEED))


@pytest.mark.parametrize(
    ("hanta", "stts"),
    [("VV(FIN)", "VVFIN"), ("VA(FIN)", "VAFIN"), ("ADJ(A)", "ADJA"), ("VV(IZU)", "VVIZU"),
     ("NNA", "NN"), ("NNI", "NN"), ("PROAV", "PAV"), ("$(", "$("), ("$.", "$."), ("NE", "NE")],
)
def test_to_stts(hanta: str, stts: str) -> None:
    assert to_stts(hanta) == stts


def test_hyphenated_noun_keeps_its_capitalisation() -> None:
    # HanTa alone gives "Us-präsident"
    tagged = dict(zip(SEED, tag_words(SEED), strict=True))
    assert tagged["US-Präsident"] == ("NN", "US-Präsident")
    words = words_of("Die SPD-Chefin traf die US-Präsidenten und den EU-Kommissar .")
    lemmas = dict(zip(words, (lemma for _, lemma in tag_words(words)), strict=True))
    assert lemmas["SPD-Chefin"] == "SPD-Chefin"
    assert lemmas["US-Präsidenten"] == "US-Präsident"
    assert lemmas["EU-Kommissar"] == "EU-Kommissar"


def test_lemmas() -> None:
    words = words_of("Es gehe um Sicherheitsrisiken , er sei krank und käme nicht .")
    lemmas = dict(zip(words, (lemma for _, lemma in tag_words(words)), strict=True))
    assert lemmas["gehe"] == "gehen"
    assert lemmas["Sicherheitsrisiken"] == "Sicherheitsrisiko"
    assert lemmas["sei"] == "sein"
    assert lemmas["käme"] == "kommen"


def test_names_keep_their_form() -> None:
    words = words_of("Donald Trump und Wladimir Putin trafen sich in Helsinki .")
    tagged = tag_words(words)
    for word, (tag, lemma) in zip(words, tagged, strict=True):
        if tag == "NE":
            assert lemma == word
    assert tagged[words.index("Trump")][0] == "NE"


def test_punctuation_is_tagged_as_punctuation() -> None:
    words = ["Er", "kam", "--", "und", "ging", "...."]
    tags = [tag for tag, _ in tag_words(words)]
    assert tags[2].startswith("$") and tags[5].startswith("$")


def test_same_tags_as_plain_hanta() -> None:
    # memoising the per-word work must not change the sentence Viterbi's output
    plain = ht.HanoverTagger("morphmodel_ger.pgz")
    sentences = [SEED, words_of("Die Ergebnisse des Treffens haben meine Erwartungen übertroffen .")]
    for words in sentences * 2:  # the second round is answered from the caches
        expected = [to_stts(tag) for _, _, tag in plain.tag_sent(words, taglevel=1)]
        punct = {i for i, w in enumerate(words) if not any(c.isalnum() for c in w)}
        got = [tag for tag, _ in tag_words(words)]
        assert [t for i, t in enumerate(got) if i not in punct] == [
            t for i, t in enumerate(expected) if i not in punct
        ]


def test_empty_input() -> None:
    assert tag_words([]) == []
    assert tag_words(["", "Haus", ""]) == [("XY", ""), ("NN", "Haus"), ("XY", "")]


def test_thread_safe() -> None:
    sentences = [SEED, words_of("Es habe viele Annäherungspunkte gegeben ."), words_of("Ich habe Hunger .")] * 20
    expected = [tag_words(s) for s in sentences]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(tag_words, sentences)) == expected


def test_morphemes_show_the_stem_variant() -> None:
    assert ("käm", "VV_VAR") in morphemes("käme", "VVFIN")
    assert morphemes("gehe", "VVFIN")[-1] == ("e", "SUF_FIN")
    assert morphemes("gehe", "NOSUCHTAG") == ()
    analysis = analyze_words(["Er", "käme"])[1]
    assert analysis.tag == "VVFIN" and analysis.known
