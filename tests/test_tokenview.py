"""The token view (lagebild.nlp.tokenview), the tagger step's context fixes (lagebild.nlp.retag) and the
sentence split they rely on: one grouping of tokens by sentence for every component."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lagebild.components import make_sentences, make_tagger
from lagebild.model import Article, Sentence, Token
from lagebild.nlp.retag import clause_ranges, retag
from lagebild.nlp.tokenize import split_sentences, tokenize
from lagebild.nlp.tokenview import TokenView
from lagebild.offsets import OffsetMap

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def split(text: str) -> Article:
    article = Article(raw=text, text=text, offsets=OffsetMap.identity(len(text)))
    return make_sentences()(article)


def words_of(text: str) -> tuple[list[Token], list[str]]:
    tokens = [Token(start, end) for start, end in tokenize(text)]
    return tokens, [text[t.start:t.end] for t in tokens]


# ---------------------------------------------------------------- the groupings the components used to write


def _ner_groups(tokens: list[Token], sentences: list[Sentence]) -> list[list[Token]]:
    groups: list[list[Token]] = []
    index = 0
    for sentence in sentences:
        while index < len(tokens) and tokens[index].start < sentence.start:
            index += 1
        first = index
        while index < len(tokens) and tokens[index].end <= sentence.end:
            index += 1
        if index > first:
            groups.append(tokens[first:index])
    return groups


def _tagger_groups(tokens: list[Token], sentences: list[Sentence]) -> list[tuple[int, int]]:
    result: list[tuple[int, int]] = []
    index = 0
    for sentence in sentences:
        first = index
        while index < len(tokens) and tokens[index].end <= sentence.end:
            index += 1
        if index > first:
            result.append((first, index))
    return result


def _inside(tokens: list[Token], sentence: Sentence) -> list[Token]:  # model.py and events/clauses.py
    return [t for t in tokens if t.start >= sentence.start and t.end <= sentence.end]


def _example_articles(limit: int = 12) -> list[Article]:
    lines = (EXAMPLES / "wikinews.jsonl").read_text(encoding="utf-8").splitlines()[:limit]
    return [split(json.loads(line)["text"]) for line in lines]


def test_view_equals_every_former_grouping_on_real_articles() -> None:
    for article in _example_articles():
        view = TokenView.build(article.text, article.tokens, article.sentences)
        assert len(view) == len(article.sentences)
        assert view.groups() == _ner_groups(article.tokens, article.sentences)
        assert [r for r in view.cover if r[1] > r[0]] == _tagger_groups(article.tokens, article.sentences)
        for number, sentence in enumerate(article.sentences):
            assert view.sentence_tokens(number) == _inside(article.tokens, sentence)
            assert view.words(number) == [article.text[t.start:t.end] for t in _inside(article.tokens, sentence)]
        # the sentences component gives every token to exactly one sentence
        assert view.ranges == view.cover
        assert all(view.ranges[n][0] <= t < view.ranges[n][1]
                   for t in range(len(article.tokens)) for n in [view.sentence_of_token(t)])


def test_ranges_are_consecutive_and_in_sentence_order() -> None:
    article = split("Berlin ist groß. Es regnet! Wer kommt? Niemand …")
    view = TokenView.build(article.text, article.tokens, article.sentences)
    assert [" ".join(view.words(i)) for i in range(len(view))] == [
        "Berlin ist groß .", "Es regnet !", "Wer kommt ?", "Niemand …"]
    assert view.ranges == [(0, 4), (4, 7), (7, 10), (10, 12)]
    assert view.all_words[4] == "Es" and view.sentence_of_token(4) == 1


def test_tokens_outside_every_sentence() -> None:
    text = "Eins zwei. Drei vier. Fünf"
    tokens, _ = words_of(text)  # Eins zwei . Drei vier . Fünf
    sentences = [Sentence(5, 10), Sentence(16, 21)]  # "zwei." and "vier.": tokens between them are in none
    view = TokenView.build(text, tokens, sentences)
    assert view.ranges == [(1, 3), (4, 6)]
    assert view.cover == [(0, 3), (3, 6), (6, 7)]  # every token once; the last one after every sentence
    assert [view.sentence_of_token(i) for i in range(len(tokens))] == [0, 0, 0, 1, 1, 1, 2]
    assert [[text[t.start:t.end] for t in g] for g in view.groups()] == [["zwei", "."], ["vier", "."]]


def test_empty_sentences_and_no_sentences() -> None:
    text = "Eins zwei."
    tokens, _ = words_of(text)
    view = TokenView.build(text, tokens, [Sentence(0, 0), Sentence(0, 10)])
    assert view.ranges == [(0, 0), (0, 3)] and view.groups() == [tokens]
    assert view.sentence_tokens(0) == []
    empty = TokenView.build(text, tokens, [])
    assert empty.ranges == [] and empty.groups() == [] and empty.cover == [(0, 3)]
    assert TokenView.build("", [], []).cover == []


def test_tagger_tags_every_token_of_the_view() -> None:
    text = "Die Regierung sagte am Montag, sie werde helfen. Danach"
    article = split(text)
    article.sentences = article.sentences[:1]  # the last token is outside every sentence now
    make_tagger()(article)
    assert all(t.pos for t in article.tokens)


# ---------------------------------------------------------------- the tagger step's context fixes


def _view(text: str, tags: list[str], lemmas: list[str] | None = None) -> TokenView:
    tokens, words = words_of(text)
    assert len(tokens) == len(tags), words
    for index, token in enumerate(tokens):
        token.pos, token.lemma = tags[index], (lemmas[index] if lemmas else words[index].lower())
        token.mood = "ind" if tags[index].endswith(("FIN", "IMP")) else None
    return TokenView.build(text, tokens, [Sentence(s, e) for s, e in split_sentences(text, tokenize(text))])


def test_capitalised_imperative_inside_a_sentence_is_a_name() -> None:
    view = _view("Laut Johanna Moser steigt der Preis.", ["APPR", "NE", "VVIMP", "VVFIN", "ART", "NN", "$."])
    assert retag(view) == [2]
    moser = view.tokens[2]
    assert (moser.pos, moser.lemma, moser.mood) == ("NE", "Moser", None)


def test_imperative_opening_a_quotation_stays() -> None:
    view = _view("Sie riefen: „Stoppt den Krieg!“", ["PPER", "VVFIN", "$.", "$(", "VVIMP", "ART", "NN", "$.", "$("])
    assert retag(view) == []
    assert view.tokens[4].pos == "VVIMP"


def test_imperative_before_a_capitalised_word_is_a_name_even_at_the_start() -> None:
    view = _view("Henk Jaap Meijer kam.", ["VVIMP", "NE", "NE", "VVFIN", "$."])
    assert retag(view) == [0]
    polite = _view("Sehen Sie selbst.", ["VVIMP", "PPER", "ADV", "$."])
    assert retag(polite) == []


def test_verb_of_saying_after_a_quotation_is_finite() -> None:
    text = "„Wir haben das etabliert.“ erklärte die Ministerin."
    view = _view(text, ["$(", "PPER", "VAFIN", "PDS", "VVPP", "$.", "$(", "ADJD", "ART", "NN", "$."])
    assert retag(view) == [7]
    verb = view.tokens[7]
    assert (verb.pos, verb.lemma, verb.mood) == ("VVFIN", "erklären", "ind")
    other = _view("„Wir haben das etabliert.“ schnelle Hilfe kam.",
                  ["$(", "PPER", "VAFIN", "PDS", "VVPP", "$.", "$(", "ADJA", "NN", "VVFIN", "$."])
    assert retag(other) == []  # not a verb of saying


def test_participle_after_its_auxiliary_is_no_finite_verb() -> None:
    text = "Das hatte das Komitee betont, und er sagt es."
    tags = ["PDS", "VAFIN", "ART", "NN", "VVFIN", "$,", "KON", "PPER", "VVFIN", "PPER", "$."]
    lemmas = ["das", "haben", "das", "komitee", "betonen", ",", "und", "er", "sagen", "es", "."]
    view = _view(text, tags, lemmas)
    assert retag(view) == [4]
    assert (view.tokens[4].pos, view.tokens[4].mood) == ("VVPP", None)
    assert view.tokens[8].pos == "VVFIN"  # "sagt": its own clause has no auxiliary


def test_participle_fix_stops_at_a_conjunction() -> None:
    text = "Er hat gelacht und betont das."
    view = _view(text, ["PPER", "VAFIN", "VVPP", "KON", "VVFIN", "PDS", "$."],
                 ["er", "haben", "lachen", "und", "betonen", "das", "."])
    assert retag(view) == []


def test_clause_ranges_cut_at_punctuation_but_not_at_a_hyphen_in_a_word() -> None:
    text = "Er sagte, die Ost- und West-Berliner – alle – kamen: gut"
    _, words = words_of(text)
    tokens = [Token(s, e) for s, e in tokenize(text)]
    glued = [i > 0 and tokens[i - 1].end == t.start for i, t in enumerate(tokens)]
    clauses = [" ".join(words[a:b]) for a, b in clause_ranges(words, glued, 0, len(words))]
    assert clauses == ["Er sagte", "die Ost- und West-Berliner", "alle", "kamen", "gut"]


def test_tagger_step_applies_the_fixes_for_every_component() -> None:
    article = split("Bei den Suchmaschinen hat Google inzwischen einen Marktanteil von 90 Prozent.")
    make_tagger()(article)
    google = next(t for t in article.tokens if article.text[t.start:t.end] == "Google")
    assert google.pos == "NE"  # HanTa reads "Google" as an imperative of "googeln"


# ---------------------------------------------------------------- the sentence split the view groups by


@pytest.mark.parametrize(("text", "expected"), [
    ("Er sagte: „Das muss gestellt werden. “ Christel Meier widersprach.",
     ["Er sagte: „Das muss gestellt werden. “", "Christel Meier widersprach."]),
    # glued to the next word the mark opens a quotation (English style) and starts the sentence
    ("Er ging. “Wir kommen”, sagte sie.", ["Er ging.", "“Wir kommen”, sagte sie."]),
    # a mark that would be a sentence of its own stays where it is
    ("Er ging. “", ["Er ging.", "“"]),
])
def test_a_closing_mark_after_final_punctuation_stays_in_its_sentence(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text, tokenize(text))] == expected
