"""Stories: incremental clustering of analysed articles, the hard cases, related stories, rows."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from lagebild.corpus.copies import CopyIndex
from lagebild.corpus.stories import ArticleFeatures, StoryIndex, StoryParams, extract_features
from lagebild.model import Article
from lagebild.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "corpus_fixtures.jsonl"
DEV_LABELS = ROOT / "evaluation" / "data" / "stories_dev" / "labels.jsonl"
DEV_PAGES = ROOT / "evaluation" / "private" / "stories" / "pages.jsonl"

# Invented reports (written for these tests): one event told by a long report and a short agency note
# (A), a different event with the same people and places on the same day (B), a follow-up four days
# later (C).
TEXTS: dict[str, tuple[str, str, str, str]] = {
    "a_long": ("zeitung-a.de", "2023-03-14", "Scholz und Macron besiegeln Wasserstoff-Pipeline",
               "Bundeskanzler Olaf Scholz und Frankreichs Präsident Emmanuel Macron haben sich in Paris auf den Bau "
               "einer gemeinsamen Wasserstoff-Pipeline geeinigt. Die Leitung soll von der spanischen Grenze über "
               "Südfrankreich bis nach Baden-Württemberg führen und ab 2030 grünen Wasserstoff transportieren. Nach "
               "dem Treffen im Élysée-Palast sprach Scholz von einem Meilenstein für die Energieversorgung Europas. "
               "„Wir machen uns unabhängig von fossilen Importen“, sagte der Kanzler bei einer gemeinsamen "
               "Pressekonferenz. Macron betonte, die Pipeline sei ein Zeichen der deutsch-französischen "
               "Freundschaft. Die Kosten des Projekts werden auf rund zwei Milliarden Euro geschätzt, einen Teil soll "
               "die Europäische Union übernehmen. Lange hatten beide Regierungen über die Trasse gestritten, weil "
               "Paris zunächst auf Atomstrom für die Elektrolyse setzen wollte. Der Kompromiss sieht nun vor, dass "
               "auch Wasserstoff aus Kernkraft durch die Leitung fließen darf. Umweltverbände kritisierten diesen "
               "Punkt scharf. Die Industrie in Süddeutschland hofft dagegen auf günstigen Wasserstoff für Stahlwerke "
               "und Chemieanlagen."),
    "a_short": ("agentur-b.de", "2023-03-14", "Deutschland und Frankreich einigen sich auf Pipeline",
                "Paris (b) - Deutschland und Frankreich bauen eine gemeinsame Leitung für grünen Wasserstoff. Darauf "
                "verständigten sich Kanzler Olaf Scholz und Präsident Emmanuel Macron am Dienstag in Paris. Die "
                "Wasserstoff-Pipeline soll ab 2030 von Spanien über Frankreich nach Deutschland führen und Milliarden "
                "kosten."),
    "b_strike": ("zeitung-c.de", "2023-03-14", "Generalstreik gegen Rentenreform legt Frankreich lahm",
                 "Hunderttausende Menschen haben in Frankreich gegen die Rentenreform von Präsident Emmanuel Macron "
                 "demonstriert. Die Gewerkschaften hatten zum landesweiten Generalstreik aufgerufen, in Paris fielen "
                 "zahlreiche Metros und Züge aus. Auch Raffinerien und Schulen wurden bestreikt, vor vielen "
                 "Tankstellen bildeten sich lange Schlangen. Die Reform sieht vor, das Rentenalter schrittweise von "
                 "62 auf 64 Jahre anzuheben. Während Bundeskanzler Olaf Scholz im Élysée-Palast empfangen wurde, "
                 "zogen Demonstranten über die Place de la République. Die Polizei meldete vereinzelte Zusammenstöße "
                 "und mehrere Festnahmen. Die Gewerkschaften kündigten weitere Streiktage an, falls die Regierung an "
                 "ihren Plänen festhält."),
    "b_strike2": ("sender-d.de", "2023-03-14", "Streiks und Proteste in ganz Frankreich",
                  "In Frankreich hat ein landesweiter Streik gegen die geplante Rentenreform den Verkehr weitgehend "
                  "lahmgelegt. Nach Angaben der Gewerkschaften gingen mehr als eine Million Menschen auf die Straße, "
                  "allein in Paris waren es Zehntausende. Präsident Emmanuel Macron will das Rentenalter auf 64 Jahre "
                  "anheben und hält trotz der Proteste an der Reform fest. Bahnverkehr und Metro waren stark "
                  "eingeschränkt, viele Schulen blieben geschlossen. Die Gewerkschaften drohen mit weiteren Streiks in "
                  "den kommenden Wochen."),
    "c_followup": ("zeitung-e.de", "2023-03-18", "Spanien will sich an Wasserstoffleitung beteiligen",
                   "Spanien will sich an der geplanten Wasserstoffleitung von der Iberischen Halbinsel nach "
                   "Deutschland beteiligen. Das kündigte Ministerpräsident Pedro Sánchez am Samstag in Madrid an. "
                   "Spanische Solarparks sollen künftig einen großen Teil des grünen Wasserstoffs liefern, der nach "
                   "Mitteleuropa exportiert wird. Vier Tage zuvor hatten sich Olaf Scholz und Emmanuel Macron in "
                   "Paris auf den Bau der Leitung verständigt. Sánchez verlangte, dass Madrid bei der Planung der "
                   "Trasse ein Mitspracherecht erhält. Portugal prüft nach Angaben der Regierung in Lissabon "
                   "ebenfalls einen Anschluss."),
}


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(["clean", "sentences", "tagger", "entities", "geo", "timex"])


@pytest.fixture(scope="module")
def articles(pipeline: Pipeline) -> dict[str, Article]:
    return {key: pipeline(Article(raw=text, outlet=outlet, published=day, title=title))
            for key, (outlet, day, title, text) in TEXTS.items()}


@pytest.fixture(scope="module")
def background(pipeline: Pipeline) -> list[ArticleFeatures]:
    """Document frequencies from the 40 Wikinews articles: a young index's IDF is not made of five texts."""
    with (ROOT / "examples" / "wikinews.jsonl").open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [extract_features(pipeline(Article(raw=row["text"], published=row["published"]))) for row in rows]


def new_index(background: list[ArticleFeatures], params: StoryParams | None = None) -> StoryIndex:
    index = StoryIndex(params)
    for features in background:
        index.observe(features)
    return index


def test_features_are_content_lemmas_entities_places_and_dates(articles: dict[str, Article]) -> None:
    features = extract_features(articles["a_long"], "a_long")
    assert features.article_id == "a_long" and features.published == "2023-03-14"
    assert {"wasserstoff", "pipeline", "leitung", "einigen"} <= set(features.terms)
    # Names and offices are entities, not words: two events with the same people share them.
    assert not {"scholz", "macron", "kanzler", "bundeskanzler", "präsident"} & set(features.terms)
    assert {"kb:scholz-olaf", "kb:macron-emmanuel"} <= set(features.entities)
    assert "Paris" in features.places.values()
    assert ArticleFeatures.from_dict(json.loads(json.dumps(features.to_dict()))) == features


def test_same_people_same_day_different_events_and_a_short_copy_of_a_long_report(
        articles: dict[str, Article], background: list[ArticleFeatures]) -> None:
    keys = ["a_long", "a_short", "b_strike", "b_strike2"]
    for order in itertools.permutations(keys):
        index = new_index(background)
        for key in order:
            index.add(articles[key], article_id=key)
        story = index.story_of
        assert story("a_long") == story("a_short"), order  # one event: long report and three-line note
        assert story("b_strike") == story("b_strike2"), order
        assert story("a_long") != story("b_strike"), order  # same people, place and day; another event
    pair = index.similarity("a_long", "b_strike")
    assert pair.entities > 0.5 and pair.text < 0.15 and pair.score < index.params.join_threshold


def test_follow_up_is_related_not_merged(articles: dict[str, Article], background: list[ArticleFeatures]) -> None:
    index = new_index(background)
    first = index.add(articles["a_long"], article_id="a_long")
    assert first.new and first.via == "new" and first.story_id == "story-a_long"
    index.add(articles["a_short"], article_id="a_short")
    index.add(articles["b_strike"], article_id="b_strike")
    later = index.add(articles["c_followup"], article_id="c_followup")
    assert later.story_id != first.story_id
    assert later.related == (first.story_id,)
    assert index.story(first.story_id).related.keys() == {later.story_id}
    assert [row[:2] for row in index.related_rows()] == [tuple(sorted((first.story_id, later.story_id)))]


def test_copies_join_the_story_of_their_source(articles: dict[str, Article],
                                               background: list[ArticleFeatures]) -> None:
    index = new_index(background)
    index.add(articles["a_long"], article_id="a_long")
    index.add(articles["b_strike"], article_id="b_strike")
    # Whatever the text says, a copy goes where its source is.
    assignment = index.add(articles["b_strike2"], article_id="copy", copies=["unknown", "a_long"])
    assert assignment.story_id == "story-a_long" and assignment.via == "copy" and assignment.closest == "a_long"
    assert index.add(articles["b_strike2"], article_id="copy").via == "known"


def test_copy_index_and_story_index_together(articles: dict[str, Article],
                                             background: list[ArticleFeatures]) -> None:
    copies, stories = CopyIndex(), new_index(background)
    text = articles["a_long"].text
    cut = text[:text.index("Umweltverbände")]
    copy = Article(raw=cut, text=cut, published="2023-03-15", outlet="regional.de", tokens=[], sentences=[])
    for key in ("a_long", "b_strike"):
        copies.add(key, articles[key].text, articles[key].published)
        stories.add(articles[key], article_id=key)
    links = copies.add("regional", copy.text, copy.published)
    assert [link.other_id for link in links] == ["a_long"]
    assert stories.add(copy, article_id="regional", copies=[link.other_id for link in links]).via == "copy"
    assert stories.story_of("regional") == stories.story_of("a_long")


def test_story_summary(articles: dict[str, Article], background: list[ArticleFeatures]) -> None:
    index = new_index(background)
    for key in ("a_short", "a_long", "b_strike"):
        index.add(articles[key], article_id=key)
    story = index.story(index.story_of("a_long") or "")
    assert story.articles == ["a_short", "a_long"]
    assert story.title in {TEXTS["a_long"][2], TEXTS["a_short"][2]}
    assert (story.first_seen, story.last_seen) == ("2023-03-14", "2023-03-14")
    assert dict(story.outlets) == {"agentur-b.de": 1, "zeitung-a.de": 1}
    in_both = {entity["name"] for entity in story.top_entities() if entity["articles"] == 2}
    assert {"Olaf Scholz", "Emmanuel Macron", "Paris"} <= in_both
    assert "Paris" in story.places
    data = story.to_dict()
    assert json.loads(json.dumps(data))["timeline"][0][1] in {"a_short", "a_long"}
    row = story.to_row()
    assert row[0] == story.id and row[4] == 2 and json.loads(row[5])["id"] == story.id


def test_rows_round_trip_and_the_index_continues(articles: dict[str, Article],
                                                 background: list[ArticleFeatures]) -> None:
    index = new_index(background)
    for key in ("a_long", "b_strike", "b_strike2"):
        index.add(articles[key], article_id=key)
    rows = [json.loads(json.dumps(row)) for row in index.article_rows()]
    related = list(index.related_rows())
    rebuilt = StoryIndex.from_rows(rows, related)
    for features in background:
        rebuilt.observe(features)
    assert rebuilt.assignments() == index.assignments()
    assert [s.to_row()[:5] for s in rebuilt.stories()] == [s.to_row()[:5] for s in index.stories()]
    assignment = rebuilt.add(articles["a_short"], article_id="a_short")
    assert assignment.story_id == index.story_of("a_long") and assignment.via == "similarity"
    # With stored document frequencies instead of counting the (recent) rows.
    documents, frequencies = index.document_frequencies()
    assert documents == len(background) + 3 and frequencies["wasserstoff"] >= 1
    again = StoryIndex.from_rows(rows[1:], related, frequencies=(documents, frequencies))
    assert again.document_frequencies() == (documents, frequencies)
    assert again.add(articles["b_strike2"], article_id="x").story_id == index.story_of("b_strike")


def test_bridging_article_merges_two_fragments_of_one_story() -> None:
    def features(key: str, terms: dict[str, int]) -> ArticleFeatures:
        return ArticleFeatures(key, published="2024-05-01", outlet=key, title=key, terms=terms,
                               size=sum(terms.values()))

    index = StoryIndex()
    for number in range(30):  # document frequencies of unrelated texts
        index.observe(features(f"bg{number}", {f"w{number}": 1, "allgemein": 1}))
    first = index.add(features("x", {"flut": 3, "damm": 2, "evakuierung": 2, "regen": 1}))
    second = index.add(features("y", {"brücke": 3, "einsturz": 2, "feuerwehr": 2, "regen": 1}))
    assert first.story_id != second.story_id
    bridge = index.add(features("z", {"flut": 3, "damm": 2, "evakuierung": 2, "brücke": 3, "einsturz": 2,
                                      "feuerwehr": 2, "regen": 1}))
    assert bridge.merged == (second.story_id,) and bridge.story_id == first.story_id
    assert index.story_of("y") == first.story_id and len(index.stories()) == 1
    assert index.story(second.story_id).id == first.story_id  # the retired id still resolves
    assert index.aliases() == {second.story_id: first.story_id}


def test_forgetting_old_articles_keeps_their_stories(articles: dict[str, Article],
                                                     background: list[ArticleFeatures]) -> None:
    index = new_index(background)
    for key in ("a_long", "b_strike"):
        index.add(articles[key], article_id=key)
    story = index.story_of("a_long")
    assert index.forget_before("2023-03-15") == 2 and len(index) == 0
    assert index.story_of("a_long") == story and index.assignments() == {"a_long": story, "b_strike": "story-b_strike"}
    assert list(index.article_rows()) == []
    # Too old to be compared with, but a copy still finds its source's story.
    assert index.add(articles["a_short"], article_id="a_short").new
    assert index.add(articles["b_strike2"], article_id="late-copy", copies=["a_long"]).story_id == story
    assert index.story(story).articles == ["a_long", "late-copy"]
    with pytest.raises(ValueError):
        index.forget_before("gestern")


def test_undated_and_empty_articles(background: list[ArticleFeatures]) -> None:
    index = new_index(background)
    assert index.add(Article(raw="", text=""), article_id="empty").new
    assert index.add(ArticleFeatures("nodate", terms={"wasser": 2}, size=2)).new
    assert len(index) == 2


def test_params_are_checked() -> None:
    with pytest.raises(ValueError):
        StoryParams(linkage="centroid")
    with pytest.raises(ValueError):
        StoryParams(join_threshold=0.6, merge_threshold=0.5)
    assert StoryParams().to_dict()["window_days"] == 3


# --- fixtures and the development set (when present) ---------------------------------------------------


def _bcubed(gold: dict[str, str], predicted: dict[str, str]) -> float:
    precision = recall = 0.0
    for item in gold:
        cluster = {other for other in gold if predicted[other] == predicted[item]}
        story = {other for other in gold if gold[other] == gold[item]}
        precision += len(cluster & story) / len(cluster)
        recall += len(cluster & story) / len(story)
    precision, recall = precision / len(gold), recall / len(gold)
    return 2 * precision * recall / (precision + recall)


def _cluster(items: list[tuple[str, Article]], background: list[ArticleFeatures]) -> dict[str, str]:
    copies, index = CopyIndex(), new_index(background)
    for key, article in sorted(items, key=lambda item: (item[1].published or "", item[0])):
        links = copies.add(key, article.text, article.published)
        index.add(article, article_id=key, copies=[link.other_id for link in links])
    return {key: index.story_of(key) or "" for key, _ in items}


@pytest.mark.skipif(not FIXTURES.exists(), reason="tests/data/corpus_fixtures.jsonl not built yet")
def test_fixture_stories(pipeline: Pipeline, background: list[ArticleFeatures]) -> None:
    rows = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = [(row["id"], pipeline(Article(raw=row["text"], outlet=row.get("outlet"), published=row.get("published"),
                                          title=row.get("title")))) for row in rows]
    # Measured 0.94: the two Gaza stories three days apart (ground offensive; ceasefire refused) merge.
    assert _bcubed({row["id"]: row["story"] for row in rows}, _cluster(items, background)) >= 0.92


@pytest.mark.skipif(not DEV_PAGES.exists(), reason="the private dev-set texts are not here")
def test_dev_set_stories(pipeline: Pipeline, background: list[ArticleFeatures]) -> None:
    labels = [json.loads(line) for line in DEV_LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    pages = {p["url"]: p for p in map(json.loads, DEV_PAGES.read_text(encoding="utf-8").splitlines()) if p}
    items = [(label["url"], pipeline(Article(raw=pages[label["url"]]["text"], outlet=label["outlet"],
                                             published=label["published"], title=label["title"] or None)))
             for label in labels]
    # Measured 0.96 in date order (the set was used to tune the parameters).
    assert _bcubed({label["url"]: label["story"] for label in labels}, _cluster(items, background)) >= 0.90
