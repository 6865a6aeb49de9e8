"""The walking skeleton end to end on the seed article and the Wikinews examples."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import lagebild
from lagebild import Article, Pipeline, analyze
from lagebild.errors import PipelineError, UnknownComponentError

from .conftest import EXAMPLES

SCHEMA = json.loads(
    (Path(lagebild.__file__).parent / "schema" / "article.schema.json").read_text(encoding="utf-8"))

SEED_SENTENCES = [
    "Bei ihrem ersten direkten Treffen im Rahmen des G20-Gipfels in Hamburg unterhielten sich der russische "
    "und der US-Präsident über internationale Krisenherde und Möglichkeiten der Zusammenarbeit.",
    "In einer kleinen Runde mit ihren Außenministern vereinbarten sie eine Waffenruhe für Syrien, die am "
    "kommenden Sonntag in Kraft treten und von allen Konfliktparteien eingehalten werden soll.",
    "Außerdem ging es um bilaterale Zusammenarbeit im Bereich der Cybersicherheit.",
    "Während westliche Medien den Fokus vor allem auf die andauernden Gerüchte der Wahlmanipulation gelegt "
    "hatten, wurde mittlerweile bekannt, dass sich die beiden Länder auf eine Waffenruhe für den Südwesten "
    "Syriens geeinigt haben.",
    "Diese soll am 9. Juli ab 12 Uhr Ortszeit Damaskus in Kraft treten.",
    "Der russische Außenminister Sergej Lawrow erklärte zudem, dass der russische Präsident Wladimir Putin "
    "und der US-Präsident Donald Trump vereinbart hätten, eine bilaterale Arbeitsgruppe für Cyber-Sicherheit "
    "zu gründen.",
    "„Aus offensichtlichen Gründen“ würde dem Thema Cybersicherheit viel Aufmerksamkeit gezollte, so Lawrow.",
    "Die Präsidenten waren sich einig, dass dies ein zunehmend riskanter Bereich ist, in dem man "
    "zusammenarbeiten wolle.",
    "Es gehe um Sicherheitsrisiken in den Bereichen Terrorismus und des organisierten Verbrechens, sowie um "
    "weitere Bedrohungen für das normale Funktionieren der Gesellschaften, Kriminalität wie Kinderpornografie "
    "und Pädophilie und die sogenannten Selbstmordnetze.",
    "Ergebnisse des Treffens ein Durchbruch",
    "Weiterhin ging es um Krisenherde in der Ukraine, in Nord-Korea und weitere Themen, zu denen man "
    "Übereinstimmungen gefunden habe.",
    "Konstantin Kossatschow Vorsitzender des Auswärtigen Ausschusses des Föderationsrat sagte der Agentur "
    "Interfax",
    "Die Ergebnisse des Treffens haben meine Erwartungen übertroffen.",
    "Es habe viele Annäherungspunkte gegeben bei Fragen zu Syrien, der Ukraine und anderen in den "
    "bilateralen Beziehungen.",
    "Auf gewisse Weise ist das ein Durchbruch\", sagte der Senator.",
]


@pytest.fixture(scope="module")
def seed(seed_text: str) -> Article:
    return analyze(seed_text, date="2017-07-08")


def test_seed_is_cleaned_with_provenance(seed: Article, seed_text: str) -> None:
    assert seed.claimed_source == "Reuters"
    assert "Quelle: Reuters" not in seed.text and "Kommentare" not in seed.text
    assert {r.reason for r in seed.removed} >= {"source-line", "trailer"}
    for removal in seed.removed:
        assert seed_text[removal.start:removal.end] == removal.text
    first_paragraph = seed.text.split("\n\n")[0]
    assert first_paragraph.startswith("Bei ihrem ersten direkten Treffen")
    assert first_paragraph.endswith("im Bereich der Cybersicherheit.")
    assert "\n" not in first_paragraph
    assert "übertroffen. Es habe" in seed.text


def test_seed_sentences(seed: Article) -> None:
    assert [seed.text[s.start:s.end] for s in seed.sentences] == SEED_SENTENCES


def test_seed_spans_map_back_to_the_raw_text(seed: Article, seed_text: str) -> None:
    for sentence in seed.sentences:
        start, end = seed.raw_span(sentence.start, sentence.end)
        raw = seed_text[start:end]
        assert " ".join(raw.split()) .replace(".Es", ". Es") == " ".join(
            seed.text[sentence.start:sentence.end].split())


def test_seed_moods(seed: Article) -> None:
    moods = {seed.text[t.start:t.end]: t.mood for t in seed.tokens if t.mood}
    assert moods["gehe"] == "konj1"
    assert moods["wolle"] == "konj1"
    assert moods["hätten"] == "konj2"
    assert moods["erklärte"] == "ind"
    assert moods["ist"] == "ind"


def test_metadata_and_published(seed: Article) -> None:
    assert seed.published == "2017-07-08"
    assert seed.meta["published_source"] == "user"
    assert analyze("Ein Satz.").published is None  # never guessed from today's date
    from lagebild.pipeline import DEFAULT_PIPELINE

    assert seed.components == [lagebild.registry.get(name).id for name in DEFAULT_PIPELINE]
    assert seed.components[:3] == ["lagebild.clean.v1", "lagebild.sentences.v1", "lagebild.tagger.v1"]


def test_id_is_a_stable_content_hash(seed_text: str, seed: Article) -> None:
    again = analyze(seed_text)
    assert again.id == seed.id
    assert analyze(seed_text.replace("Hamburg", "Berlin")).id != seed.id


def test_to_dict_follows_the_json_schema(seed: Article) -> None:
    data = seed.to_dict(include_tokens=True)
    jsonschema.validate(data, SCHEMA)
    for key in ("mentions", "entities", "quotes", "timexes", "places", "events"):
        assert isinstance(data[key], list)
    assert Article.from_dict(seed.to_dict(include_tokens=True, include_raw=True)).to_dict(
        include_tokens=True) == data


def test_all_examples_analyse_and_validate() -> None:
    records = [json.loads(line) for line in (EXAMPLES / "wikinews.jsonl").read_text("utf-8").splitlines()]
    assert len(records) >= 30
    pipeline = Pipeline()
    from lagebild.ingest import record_to_document
    from lagebild.pipeline import article_from_document

    for i, record in enumerate(records):
        article = pipeline(article_from_document(record_to_document(record, f"wikinews.jsonl:{i + 1}")))
        assert article.published == record["published"]
        assert article.outlet == "Wikinews"
        assert len(article.sentences) >= 3
        jsonschema.validate(article.to_dict(), SCHEMA)


def test_unknown_component_and_wrong_order() -> None:
    with pytest.raises(UnknownComponentError, match="known components"):
        Pipeline(["clean", "nonexistent"])
    with pytest.raises(PipelineError, match="reads tokens, sentences"):
        Pipeline(["clean", "tagger"])


def test_empty_text_gives_an_empty_article() -> None:
    article = analyze("   \n  ")
    assert article.text == "" and article.sentences == []
