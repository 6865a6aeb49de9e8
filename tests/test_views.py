"""Corpus views (lagebild.corpus.views) and the `lagebild search/entity/timeline` commands on the demo store:
the seed article (2017-07-08) and the Wikinews examples, really analysed (tests/web_support.py builds it once
per session); the entity page and timeline also on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner

from lagebild.cli import main
from lagebild.corpus import views
from lagebild.corpus.search import SearchQuery
from lagebild.errors import EntityNotFoundError, SearchFilterError
from lagebild.store import open_store

from .web_support import SEED_DATE, copy_store, demo_store, seed_id

LAWROW = "kb:lawrow-sergej"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return demo_store(tmp_path_factory)


@pytest.fixture(scope="module")
def seed(demo_url: str) -> str:
    return seed_id(demo_url)


@pytest.fixture()
def store(demo_url: str) -> Iterator[Any]:
    with open_store(demo_url, create=False) as opened:
        yield opened


def test_lawrows_entity_page(store: Any, seed: str) -> None:
    page = views.entity_page(store, LAWROW)
    assert (page["id"], page["name"], page["type"], page["kb_id"]) == (LAWROW, "Sergej Lawrow", "PER",
                                                                       "lawrow-sergej")
    assert page["articles"] >= 1 and page["mentions"] >= 2
    assert {"day": SEED_DATE, "count": page["mentions_per_day"][0]["count"]} in page["mentions_per_day"]
    quotes = page["quotes_by"]
    assert quotes and all(q["speaker"] == LAWROW and q["article_id"] == seed for q in quotes)
    assert any("Cyber-Sicherheit" in q["text"] for q in quotes)
    assert {"role": "foreign_minister", "country": "RU", "start": "2004-03-09", "end": None} in page["roles"]["kb"]
    assert any(r["role"] == "foreign_minister" and r["first"] == SEED_DATE for r in page["roles"]["learned"])
    described = [(d["published"], d["article_id"], d["text"]) for d in page["descriptions"]]
    assert (SEED_DATE, seed, "Der russische Außenminister") in described
    together = {c["id"] for c in page["cooccurring"]}
    assert {"kb:putin-wladimir", "kb:trump-donald"} <= together and LAWROW not in together
    json.dumps(page)  # plain data


def test_entity_page_by_name_window_and_errors(store: Any) -> None:
    assert views.entity_page(store, "Lawrow")["id"] == LAWROW  # part of a name: the best-known match
    assert views.entity_page(store, "Sergej Lawrow")["id"] == LAWROW
    before = views.entity_page(store, LAWROW, date_to="2017-07-07")
    assert before["mentions_per_day"] == [] and before["quotes_by"] == [] and before["descriptions"] == []
    with pytest.raises(EntityNotFoundError) as info:
        views.entity_page(store, "Niemand Unbekannt")
    assert info.value.code == "E624"
    with pytest.raises(SearchFilterError):
        views.entity_page(store, LAWROW, date_from="8.7.2017")


def test_quotes_about_an_entity_are_by_others(store: Any) -> None:
    page = views.entity_page(store, "kb:trump-donald")
    assert all(q["speaker"] != "kb:trump-donald" for q in page["quotes_about"])
    assert any("Trump" in q["text"] for q in page["quotes_about"])


def test_find_entities(store: Any) -> None:
    found = views.find_entities(store, "lawrow")
    assert found[0]["id"] == LAWROW and found[0]["type"] == "PER" and found[0]["mentions"] >= 2
    assert views.find_entities(store, "lawrow", type="ORG") == []
    assert views.find_entities(store, "%") == [] and views.find_entities(store, "_") == []  # literal, not LIKE
    everyone = views.find_entities(store, limit=5)
    assert len(everyone) == 5 and everyone[0]["articles"] >= everyone[-1]["articles"]
    with pytest.raises(SearchFilterError):
        views.find_entities(store, limit=0)


def test_speaker_quotes_across_outlets(store: Any, seed: str) -> None:
    quotes = views.speaker_quotes(store, "Sergej Lawrow")
    assert quotes and all(q["speaker"] == LAWROW for q in quotes)
    assert views.speaker_quotes(store, "Lawrow") == quotes
    assert views.speaker_quotes(store, LAWROW) == quotes
    cyber = views.speaker_quotes(store, LAWROW, q="Cyber*")
    assert cyber and all("yber" in q["text"] for q in cyber) and len(cyber) < len(quotes)
    outlets = quotes[0]["outlets"]
    if outlets:
        assert views.speaker_quotes(store, LAWROW, outlet=outlets[0]) == quotes
    assert views.speaker_quotes(store, LAWROW, outlet="nirgendwo.example") == []
    assert views.speaker_quotes(store, "Niemand Unbekannt") == []


def test_timeline_counts_and_shares(store: Any) -> None:
    days = views.timeline(store, q="Waffenruhe")
    seed_day = next(d for d in days if d["day"] == SEED_DATE)
    assert seed_day["count"] >= 1 and seed_day["total"] >= seed_day["count"]
    assert all(d["share"] == round(d["count"] / d["total"], 4) for d in days)
    everything = views.timeline(store)
    assert all(d["count"] == d["total"] for d in everything)
    assert sum(d["total"] for d in everything) == store.search(SearchQuery(date_from="1900-01-01", limit=1)).total
    window = views.timeline(store, date_from=SEED_DATE, date_to=SEED_DATE)
    assert [d["day"] for d in window] == [SEED_DATE]
    narrower = {d["day"]: d["count"] for d in views.timeline(store, q="Waffenruhe", entity=LAWROW)}
    assert narrower[SEED_DATE] == 1 and all(narrower[d["day"]] <= d["count"] for d in days)


def test_stats(store: Any) -> None:
    numbers = views.stats(store)
    assert numbers["articles"] == store.count() == 41
    assert numbers["entities"] > 100 and numbers["quotes"] > 50 and numbers["events"] > 50
    assert numbers["first_date"] <= SEED_DATE <= numbers["last_date"]
    assert numbers["outlets"] == len(numbers["by_outlet"])
    json.dumps(numbers)


def test_search_finds_the_seed(store: Any, seed: str) -> None:
    page = store.search(SearchQuery(q="Waffenruhe Syrien", speaker=LAWROW))
    assert [hit.article_id for hit in page.hits] == [seed]
    assert ("Sergej Lawrow", 1) in page.facets["speaker"]
    assert any(matched and text.startswith("Waffenruhe") for text, matched in page.hits[0].snippet)


def test_views_are_the_same_on_postgres(demo_url: str, pg_db_url: str) -> None:
    copy_store(demo_url, pg_db_url)
    with open_store(demo_url, create=False) as lite, open_store(pg_db_url) as pg:
        for name in ("id", "name", "type", "articles", "mentions", "mentions_per_day", "quotes_by", "roles",
                     "descriptions"):
            assert views.entity_page(pg, LAWROW)[name] == views.entity_page(lite, LAWROW)[name], name
        assert views.timeline(pg, q="Waffenruhe") == views.timeline(lite, q="Waffenruhe")
        assert views.stats(pg) == views.stats(lite)
        assert views.find_entities(pg, "lawrow") == views.find_entities(lite, "lawrow")
        assert views.speaker_quotes(pg, "Lawrow") == views.speaker_quotes(lite, "Lawrow")


# --- the command line ---


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_search_entity_timeline(demo_url: str, seed: str) -> None:
    result = run("search", "Waffenruhe", "--db", demo_url, "--speaker", "Sergej Lawrow")
    assert result.exit_code == 0 and seed in result.output and "speaker: " in result.output
    body = json.loads(run("search", "Waffenruhe", "--db", demo_url, "--format", "json").output)
    assert seed in [hit["article_id"] for hit in body["hits"]] and body["total"] >= 1
    entity = json.loads(run("entity", "Lawrow", "--db", demo_url, "--format", "json").output)
    assert entity["id"] == LAWROW and entity["descriptions"]
    text = run("entity", "Lawrow", "--db", demo_url).output
    assert "Der russische Außenminister" in text and SEED_DATE in text and "foreign_minister" in text
    days = json.loads(run("timeline", "Waffenruhe", "--db", demo_url, "--format", "json").output)
    assert any(d["day"] == SEED_DATE and d["count"] >= 1 for d in days)
    assert run("timeline", "Waffenruhe", "--db", demo_url).exit_code == 0


def test_cli_errors_and_hostile_input(demo_url: str) -> None:
    bad = CliRunner().invoke(main, ["search", "x", "--db", demo_url, "--from", "2017-13-01"])
    assert bad.exit_code == 2 and "E623" in bad.output
    missing = CliRunner().invoke(main, ["entity", "Niemand Unbekannt", "--db", demo_url])
    assert missing.exit_code == 2 and "E624" in missing.output
    hostile = run("search", "[/x] [bold]Waffenruhe \x1b]8;;http://x\x07", "--db", demo_url)
    assert hostile.exit_code == 0 and "\x1b" not in hostile.output
    cursor = CliRunner().invoke(main, ["search", "Waffenruhe", "--db", demo_url, "--cursor", "[/x]"])
    assert cursor.exit_code == 2 and "E622" in cursor.output
