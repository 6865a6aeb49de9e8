"""Outlet comparison inside a story: shared and own sentences, quotes carried or left out, sources."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from lagebild.corpus.compare import CompareParams, compare_story
from lagebild.corpus.copies import CopyIndex, CopyLink
from lagebild.model import Article, Sentence
from lagebild.pipeline import Pipeline
from lagebild.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "000_95917e8755466fef.txt"
FIXTURES = ROOT / "tests" / "data" / "corpus_fixtures.jsonl"
DEV_LABELS = ROOT / "evaluation" / "data" / "stories_dev" / "labels.jsonl"
DEV_PAGES = ROOT / "evaluation" / "private" / "stories" / "pages.jsonl"

ASIDE = ("Während westliche Medien den Fokus vor allem auf die andauernden Gerüchte der Wahlmanipulation gelegt "
         "hatten, wurde mittlerweile bekannt, dass sich die beiden Länder auf eine Waffenruhe für den Südwesten "
         "Syriens geeinigt haben.")
# An agency version of the seed (invented for the test): the seed is this text plus its own aside.
AGENCY_SENTENCE = "Die beiden Länder haben sich nach Angaben beider Seiten auf eine Waffenruhe für den Südwesten " \
                  "Syriens geeinigt."
# Another outlet's own short version (invented): no Kossatschow quote, one sentence of its own.
OTHER = ("US-Präsident Donald Trump und Kremlchef Wladimir Putin haben sich bei ihrem ersten Treffen am Rande des "
         "G20-Gipfels in Hamburg auf eine Waffenruhe im Südwesten Syriens verständigt. Die Feuerpause soll am Sonntag "
         "in Kraft treten. Der russische Außenminister Sergej Lawrow sagte, die Präsidenten hätten zudem eine "
         "bilaterale Arbeitsgruppe für Cyber-Sicherheit vereinbart. Das Gespräch dauerte mehr als zwei Stunden. In "
         "Hamburg protestierten unterdessen Tausende Menschen gegen den Gipfel.")


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(settings=Settings(ner_model="fast"))


@pytest.fixture(scope="module")
def story(pipeline: Pipeline) -> tuple[list[Article], list[str], list[CopyLink]]:
    seed = pipeline(Article(raw=SEED.read_text(encoding="utf-8"), published="2017-07-07", outlet="seed"))
    assert ASIDE in seed.text
    agency_text = seed.text.replace(ASIDE, AGENCY_SENTENCE)
    agency = pipeline(Article(raw=agency_text, published="2017-07-07", outlet="Reuters"))
    other = pipeline(Article(raw=OTHER, published="2017-07-07", outlet="andere-zeitung.de"))
    articles, ids = [agency, seed, other], ["agency", "seed", "other"]
    index = CopyIndex()
    links = [link for key, article in zip(ids, articles, strict=True)
             for link in index.add(key, article.text, article.published)]
    return articles, ids, links


def test_the_seeds_aside_is_its_own_addition(story: tuple[list[Article], list[str], list[CopyLink]]) -> None:
    articles, ids, links = story
    comparison = compare_story(articles, links, ids=ids, story_id="s1")
    seed = comparison.article("seed")
    aside = next(s for s in seed.sentences if s.text.startswith("Während westliche Medien"))
    assert aside.flagged and aside.index in seed.own_additions
    assert any("westliche Medien" in articles[1].text[a:b] for a, b in aside.own_spans)
    # The sentences the agency has too are shared with it, and inside the copied spans.
    shared = next(s for s in seed.sentences if s.text.startswith("Außerdem ging es um bilaterale"))
    assert shared.status == "shared" and "agency" in {m.article_id for m in shared.shared_with}
    assert shared.copied_from == ["agency"]
    # The agency text has nothing the seed lacks but its own version of the aside's second half.
    agency = comparison.article("agency")
    assert [agency.sentences[i].text for i in agency.own_additions] in ([], [AGENCY_SENTENCE])
    # The other outlet's protest sentence is its own; its Lawrow sentence is shared.
    other = comparison.article("other")
    flagged = [other.sentences[i].text for i in other.own_additions]
    assert any(text.startswith("In Hamburg protestierten") for text in flagged)
    assert not any("Cyber-Sicherheit" in text for text in flagged)


def test_sources_and_claimed_source(story: tuple[list[Article], list[str], list[CopyLink]]) -> None:
    articles, ids, links = story
    comparison = compare_story(articles, links, ids=ids)
    seed = comparison.article("seed")
    assert seed.claimed_source == "Reuters"  # "Quelle: Reuters"
    assert [s.other_id for s in seed.sources] == ["agency"]
    source = seed.sources[0]
    assert source.matches_claim and source.outlet == "Reuters" and source.coverage > 0.7
    assert seed.from_claimed_source == pytest.approx(seed.copied_share) and seed.copied_share > 0.7
    other = comparison.article("other")
    assert other.sources == [] and other.copied_share == 0.0 and other.from_claimed_source is None


def test_quotes_carried_and_left_out(story: tuple[list[Article], list[str], list[CopyLink]]) -> None:
    articles, ids, links = story
    comparison = compare_story(articles, links, ids=ids)
    kossatschow = [g for g in comparison.quote_groups if (g.speaker_name or "").endswith("Kossatschow")]
    assert kossatschow and all(set(g.carried_by) == {"agency", "seed"} for g in kossatschow)
    other = comparison.article("other")
    assert {g.id for g in kossatschow} <= set(other.left_out)
    lawrow = [g for g in comparison.quote_groups if g.speaker == "kb:lawrow-sergej" and "other" in g.carried_by]
    assert lawrow and {"seed", "agency", "other"} <= set().union(*(g.carried_by for g in lawrow))
    assert set(comparison.article("seed").quotes) >= {g.id for g in kossatschow}


def test_json_and_ids(story: tuple[list[Article], list[str], list[CopyLink]]) -> None:
    articles, ids, links = story
    data = json.loads(json.dumps(compare_story(articles, links, ids=ids, story_id="s1").to_dict()))
    assert data["story_id"] == "s1" and [a["article_id"] for a in data["articles"]] == ids
    assert data["params"] == CompareParams().to_dict()
    seed = data["articles"][1]
    assert seed["own_additions"] and seed["sentences"][0]["status"] in {"shared", "own", "partly_own", "minor"}
    by_content_id = compare_story(articles)
    assert [a.article_id for a in by_content_id.articles] == [a.id for a in articles]
    with pytest.raises(ValueError):
        compare_story(articles, ids=["one"])


def test_untagged_articles_and_a_single_article() -> None:
    def untagged(*sentences: str) -> Article:
        text = " ".join(sentences)
        spans, start = [], 0
        for sentence in sentences:
            spans.append(Sentence(start, start + len(sentence)))
            start += len(sentence) + 1
        return Article(raw=text, text=text, sentences=spans)

    a = untagged("Die Brücke über den Rhein ist gesperrt worden.", "Grund sind Risse im Beton.")
    b = untagged("Wegen Rissen im Beton ist die Brücke über den Rhein gesperrt worden.",
                 "Ein Neubau kostet nach Schätzungen der Stadt viele Millionen Euro.")
    comparison = compare_story([a, b], ids=["a", "b"])
    assert comparison.article("a").sentences[0].status == "shared"
    assert comparison.article("b").own_additions == [1]
    single = compare_story([a], ids=["a"])
    assert all(s.status in {"own", "minor"} for s in single.article("a").sentences)


# --- fixtures and the development set (when present) ---------------------------------------------------


def _flagged_hashes(article: Article, statements: list[dict[str, Any]], own_spans: list[tuple[int, int]]) -> list[str]:
    """Labelled statements (SHA-1 of the exact raw sentence) that overlap a flagged part of the clean text."""
    raw = article.raw
    flagged_raw = [article.raw_span(start, end) for start, end in own_spans]
    found = []
    for statement in statements:
        start, end = statement["start"], statement["end"]
        assert hashlib.sha1(raw[start:end].encode("utf-8")).hexdigest() == statement["sha1"], "text changed"
        if any(a < end and b > start for a, b in flagged_raw):
            found.append(statement["sha1"])
    return found


@pytest.mark.skipif(not FIXTURES.exists(), reason="tests/data/corpus_fixtures.jsonl not built yet")
def test_fixture_own_statements(pipeline: Pipeline) -> None:
    rows = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]
    analysed = {row["id"]: pipeline(Article(raw=row["text"], outlet=row["outlet"], published=row["published"],
                                            title=row["title"])) for row in rows}
    index = CopyIndex()
    links = [link for row in sorted(rows, key=lambda r: (r["published"], r["id"]))
             for link in index.add(row["id"], analysed[row["id"]].text, row["published"])]
    total = hit = 0
    for story in sorted({row["story"] for row in rows}):
        members = [row for row in rows if row["story"] == story]
        comparison = compare_story([analysed[m["id"]] for m in members], links, ids=[m["id"] for m in members])
        for member, result in zip(members, comparison.articles, strict=True):
            article = analysed[member["id"]]
            flagged = set()
            for sentence in result.sentences:
                if sentence.flagged:
                    start, end = article.raw_span(sentence.start, sentence.end)
                    for text in (sentence.text.strip(), article.raw[start:end].strip()):
                        flagged.add(hashlib.sha1(text.encode("utf-8")).hexdigest())
            total += len(member["own_statements"])
            hit += len(set(member["own_statements"]) & flagged)
    # Measured 12 of 12.
    assert total == 12 and hit / total >= 0.9, (hit, total)


@pytest.mark.skipif(not DEV_PAGES.exists(), reason="the private dev-set texts are not here")
def test_dev_set_own_statements(pipeline: Pipeline) -> None:
    labels = [json.loads(line) for line in DEV_LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    pages = {p["url"]: p for p in map(json.loads, DEV_PAGES.read_text(encoding="utf-8").splitlines()) if p}
    analysed = {label["url"]: pipeline(Article(raw=pages[label["url"]]["text"], outlet=label["outlet"],
                                               published=label["published"], title=label["title"] or None))
                for label in labels}
    index = CopyIndex()
    links = [link for label in sorted(labels, key=lambda r: (r["published"], r["url"]))
             for link in index.add(label["url"], analysed[label["url"]].text, label["published"])]
    total = hit = 0
    for story in sorted({label["story"] for label in labels}):
        members = [label for label in labels if label["story"] == story]
        comparison = compare_story([analysed[m["url"]] for m in members], links, ids=[m["url"] for m in members])
        for member, result in zip(members, comparison.articles, strict=True):
            spans = [span for sentence in result.sentences for span in sentence.own_spans]
            total += len(member["own_statements"])
            hit += len(_flagged_hashes(analysed[member["url"]], member["own_statements"], spans))
        if story.startswith("S01"):  # the seed's story: the aside is flagged
            seed = comparison.article("examples/000_95917e8755466fef.txt")
            assert any(s.flagged and s.text.startswith("Während westliche Medien") for s in seed.sentences)
    # Measured 44 of 45 (the set was used to tune the thresholds).
    assert total == 45 and hit / total >= 0.85, (hit, total)
