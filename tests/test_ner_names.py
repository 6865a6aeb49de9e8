"""Names, not common words (issue 15, section 4): units and currencies after a number and capitalised
function words are no names; genitives belong to the name; summits are MISC.  The real NER model runs."""

from __future__ import annotations

import pytest

from lagebild.ingest import RawDocument
from lagebild.ner.repair import drop_common_words, is_common_word, is_function_word, repair_tags
from lagebild.pipeline import Failure, Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(["clean", "sentences", "tagger", "ner"])


def names(pipeline: Pipeline, text: str) -> list[tuple[str, str]]:
    article = pipeline.analyze_document(RawDocument(text=text, source="test"))
    assert not isinstance(article, Failure)
    return [(m.text, m.label) for m in article.mentions if m.kind == "name"]


@pytest.mark.parametrize("word", ["Dabei", "Zudem", "Demnach", "Insgesamt", "Trotzdem", "Wegen"])
def test_capitalised_function_words(word: str) -> None:
    assert is_function_word(word)


def test_laut_before_a_name_is_a_preposition() -> None:
    assert is_function_word("Laut", ("Polizei", "kamen"))


@pytest.mark.parametrize("word", ["Merkel", "Berlin", "OMV", "laut", "G20", "Wien"])
def test_names_and_lower_case_words_are_not_function_words(word: str) -> None:
    assert not is_function_word(word)


def test_units_after_a_number_are_common_words() -> None:
    words = ["Der", "Preis", "stieg", "auf", "1.200", "Euro", "."]
    assert is_common_word(words, 5, 6)
    assert not is_common_word(["Der", "Euro", "fiel", "."], 1, 2)  # no number: the model decides
    assert not is_common_word(["Er", "starb", "1922", "Stern", "lebte"], 3, 4)  # a year is no amount
    assert drop_common_words(["Laut", "Polizei", "kamen", "50", "Euro", "."],
                             ["B-ORG", "O", "O", "O", "B-MISC", "O"]) == ["O", "O", "O", "O", "O", "O"]


def test_germeval_repairs_keep_currencies() -> None:
    """GermEval 2014 annotates currencies as OTH: its repairs leave them; only the component drops them."""
    assert repair_tags(["kamen", "50", "Euro", "."], ["O", "O", "B-MISC", "O"]) == ["O", "O", "B-MISC", "O"]


def test_names_survive_the_filter() -> None:
    assert drop_common_words(["Laut", "Angela", "Merkel", "kamen", "drei", "Österreicher", "."],
                             ["O", "B-PER", "I-PER", "O", "O", "O", "O"])[1:3] == ["B-PER", "I-PER"]


@pytest.mark.parametrize("text", [
    "Der Preis stieg auf 1.200 Euro. Laut Angaben der Polizei wurden 50 Cent pro Liter verlangt.",
    "Der Goldpreis fiel auf 1.100 Dollar je Unze.",
    "Dabei handelt es sich um eine Fälschung. Zudem sank der Absatz.",
])
def test_no_common_words_as_names(pipeline: Pipeline, text: str) -> None:
    assert names(pipeline, text) == []


def test_names_in_the_same_sentences_are_kept(pipeline: Pipeline) -> None:
    found = names(pipeline, "Laut Angela Merkel stieg der Preis in Berlin auf 1.200 Euro.")
    assert ("Angela Merkel", "PER") in found and ("Berlin", "LOC") in found
    assert all(text != "Euro" for text, _ in found)


def test_genitive_belongs_to_the_name(pipeline: Pipeline) -> None:
    assert ("Türcks", "PER") in names(pipeline, "Laut Bornstein widersprach Türcks Anwalt der Darstellung.")


def test_summits_are_misc(pipeline: Pipeline) -> None:
    found = names(pipeline, "Beim G20-Gipfel in Hamburg trafen sich die Staatschefs.")
    assert ("G20", "MISC") in found and ("Hamburg", "LOC") in found


def test_genitive_of_a_named_person_the_model_missed() -> None:
    pipeline = Pipeline(["clean", "sentences", "tagger", "ner", "entities"])
    article = pipeline.analyze_document(RawDocument(
        text="Der Anwalt Michael Türck widersprach. Türcks Mandant schwieg.", source="test"))
    assert not isinstance(article, Failure)
    entities = {e.id: e.name for e in article.entities}
    genitive = [m for m in article.mentions if m.text == "Türcks"]
    assert len(genitive) == 1 and genitive[0].label == "PER" and genitive[0].kind == "name"
    assert genitive[0].entity is not None and entities[genitive[0].entity] == "Michael Türck"


def test_genitive_mentions_only_for_persons_named_in_the_article() -> None:
    from lagebild.annotations import Mention, Token
    from lagebild.ner.repair import genitive_mentions

    text = "Merkel kam. Merkels Sprecher und Schulz' Rede. Meiers Hund."
    tokens = [Token(0, 6), Token(12, 19), Token(32, 38), Token(47, 53)]
    found = genitive_mentions(text, tokens, [Mention("Merkel", 0, 6, "PER"), Mention("Schulz", 32, 38, "PER")])
    assert [(m.text, m.label) for m in found] == [("Merkels", "PER")]
