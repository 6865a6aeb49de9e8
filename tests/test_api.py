"""The JSON API of `lagebild serve` on the demo store (seed + Wikinews, really analysed): every endpoint on
SQLite through FastAPI's TestClient, the main ones on PostgreSQL, the error shape, paging and limits."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lagebild.store import open_store
from lagebild.web import WebLimits, create_app

from .web_support import SEED_DATE, copy_store, demo_store, seed_id

LAWROW = "kb:lawrow-sergej"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return demo_store(tmp_path_factory)


@pytest.fixture(scope="module")
def client(demo_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(demo_url)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def seed(demo_url: str) -> str:
    return seed_id(demo_url)


def error_of(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "hint", "status"}
    assert body["error"]["code"] == code and body["error"]["status"] == status
    return dict(body["error"])


# --- articles and search ------------------------------------------------------------------------------------


def test_articles_search_finds_the_seed_with_snippet_and_facets(client: TestClient, seed: str) -> None:
    body = client.get("/api/articles", params={"q": "Waffenruhe"}).json()
    assert seed in [hit["id"] for hit in body["hits"]]
    hit = next(h for h in body["hits"] if h["id"] == seed)
    assert any(segment["match"] for segment in hit["snippet"])  # segments, not markup
    assert {"date", "outlet"} <= set(body["facets"])
    assert body["total"] >= 1


def test_articles_filters_combine(client: TestClient, seed: str) -> None:
    by_speaker = client.get("/api/articles", params={"speaker": LAWROW}).json()
    assert [h["id"] for h in by_speaker["hits"]] == [seed]
    none = client.get("/api/articles", params={"speaker": LAWROW, "outlet": "Wikinews"}).json()
    assert none["hits"] == [] and none["total"] == 0
    dated = client.get("/api/articles", params={"date_from": SEED_DATE, "date_to": SEED_DATE}).json()
    assert seed in [h["id"] for h in dated["hits"]]


def test_articles_cursor_pages_through_everything_once(client: TestClient) -> None:
    total = client.get("/api/stats").json()["articles"]
    seen: list[str] = []
    cursor = None
    for _ in range(50):
        params = {"limit": "7", **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/articles", params=params).json()
        assert len(body["hits"]) <= 7
        seen += [h["id"] for h in body["hits"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == total


def test_article_is_the_json_contract_with_publications(client: TestClient, seed: str) -> None:
    body = client.get(f"/api/articles/{seed}").json()
    assert body["id"] == seed and body["claimed_source"] == "Reuters" and body["published"] == SEED_DATE
    assert {q["speaker"] for q in body["quotes"]} >= {LAWROW}
    assert {"2017-07-09", "2017-07-09T12:00+03:00"} <= {t["value"] for t in body["timexes"]}
    assert body["publications"] and "tokens" not in body
    assert client.get(f"/api/articles/{seed[:8]}").json()["id"] == seed  # a unique prefix works


def test_unknown_and_malformed_article_ids_are_404(client: TestClient) -> None:
    error_of(client.get("/api/articles/ffffffffffffffff"), 404, "E702")
    error_of(client.get("/api/articles/not-an-id"), 404, "E702")


# --- stories ------------------------------------------------------------------------------------------------


def test_stories_list_and_the_seed_story(client: TestClient, seed: str) -> None:
    story_id = client.get(f"/api/articles/{seed}").json()["story"]
    assert story_id
    listed = client.get("/api/stories", params={"limit": "200"}).json()
    assert story_id in [s["id"] for s in listed["stories"]]
    story = client.get(f"/api/stories/{story_id}").json()
    assert seed in [a["id"] for a in story["articles"]]
    assert {"comparison", "quotes", "timeline", "outlets"} <= set(story)
    error_of(client.get("/api/stories/no-such-story"), 404, "E602")  # the corpus layer's own code


def test_top_stories_of_the_last_days_of_data(client: TestClient) -> None:
    body = client.get("/api/top-stories", params={"days": "30"}).json()
    assert body["until"] and body["stories"]
    assert all("growth" in s for s in body["stories"])


# --- entities, quotes, events, timeline, stats --------------------------------------------------------------


def test_entity_page_of_lawrow(client: TestClient, seed: str) -> None:
    body = client.get(f"/api/entities/{LAWROW}").json()
    assert body["name"] == "Sergej Lawrow"
    assert any(q["article_id"] == seed for q in body["quotes_by"])
    days = body["mentions_per_day"]
    assert any((d.get("day") or d.get("date")) == SEED_DATE for d in days)
    error_of(client.get("/api/entities/kb:nobody-at-all"), 404, "E624")  # the corpus views' own code


def test_find_entities_by_name(client: TestClient) -> None:
    body = client.get("/api/entities", params={"q": "Lawrow"}).json()
    assert LAWROW in [e.get("id") or e.get("entity_id") for e in body["entities"]]


def test_quotes_by_speaker_and_words(client: TestClient, seed: str) -> None:
    by_name = client.get("/api/quotes", params={"speaker": "Sergej Lawrow"}).json()["quotes"]
    assert by_name and all(q["speaker"] == LAWROW for q in by_name)
    cyber = client.get("/api/quotes", params={"speaker": LAWROW, "q": "cyber"}).json()["quotes"]
    assert cyber and all("cyber" in q["text"].casefold() for q in cyber)
    first = client.get("/api/quotes", params={"limit": "3"}).json()
    second = client.get("/api/quotes", params={"limit": "3", "cursor": first["next_cursor"]}).json()
    assert first["next_cursor"] and first["quotes"] != second["quotes"]


def test_events_filtered_by_type(client: TestClient, seed: str) -> None:
    agree = client.get("/api/events", params={"event_type": "agree"}).json()["events"]
    assert agree and {e["type"] for e in agree} == {"agree"}
    assert any(e["article_id"] == seed and LAWROW not in e["actors"] for e in agree)


def test_timeline_gives_raw_counts_and_share(client: TestClient) -> None:
    body = client.get("/api/timeline", params={"q": "Syrien"}).json()
    day = next(d for d in body["days"] if (d.get("day") or d.get("date")) == SEED_DATE)
    assert day["count"] >= 1 and 0 < day["share"] <= 1


def test_stats_count_what_is_stored(client: TestClient, demo_url: str) -> None:
    body = client.get("/api/stats").json()
    with open_store(demo_url, create=False) as store:
        assert body["articles"] == store.count()
    assert {"outlet": "Wikinews", "articles": 40} in body["by_outlet"]
    assert body["stories"] >= 1 and body["quotes"] >= 10
    assert any(d["day"] == SEED_DATE for d in body["per_day"])
    assert body["top_speakers"] and body["top_entities"]


def test_places_for_the_map(client: TestClient) -> None:
    places = client.get("/api/places").json()["places"]
    damaskus = next(p for p in places if p["name"] == "Damaskus")
    assert damaskus["country_code"] == "SY" and 33 < damaskus["lat"] < 34


# --- analyse and write --------------------------------------------------------------------------------------


def test_analyze_returns_an_analysis_and_stores_nothing(client: TestClient) -> None:
    text = "Der Außenminister sagte am Montag in Berlin, die Waffenruhe gelte ab dem 9. Juli."
    body = client.post("/api/analyze", json={"text": text, "date": SEED_DATE}).json()
    assert body["text"] == text and body["timexes"] and body["places"]
    error_of(client.get(f"/api/articles/{body['id']}"), 404, "E702")


def test_analyze_refuses_bad_and_oversized_input(client: TestClient) -> None:
    error_of(client.post("/api/analyze", content=b"{not json"), 400, "E701")
    error_of(client.post("/api/analyze", json={"text": ""}), 400, "E701")
    error_of(client.post("/api/analyze", json={"text": "Hallo.", "date": "gestern"}), 400, "E701")
    error_of(client.post("/api/analyze", json={"text": "Wort " * 30_000}), 413, "E703")
    error_of(client.post("/api/analyze", content=b"x" * 1_000_001), 413, "E703")


def test_writing_endpoints_are_closed_on_a_read_only_server(client: TestClient) -> None:
    error = error_of(client.post("/api/articles", json={"text": "Berlin ist groß."}), 403, "E704")
    assert "--write-token" in (error["hint"] or "")
    error_of(client.post("/api/kb", json=[]), 403, "E704")


def test_writing_needs_the_right_token(tmp_path: Any) -> None:
    url = str(tmp_path / "write.db")
    open_store(url).close()
    with TestClient(create_app(url, write_token="s3cret-token-for-tests")) as writer:
        text = "Quelle: dpa\n\nKanzlerin Angela Merkel sagte am Freitag in Berlin, sie sei zufrieden."
        error_of(writer.post("/api/articles", json={"text": text}), 401, "E705")
        error_of(writer.post("/api/articles", json={"text": text}, headers={"Authorization": "Bearer wrong"}),
                 401, "E705")
        stored = writer.post("/api/articles", json={"text": text, "date": SEED_DATE},
                             headers={"Authorization": "Bearer s3cret-token-for-tests"})
        assert stored.status_code == 201 and stored.json()["stored"] is True
        assert writer.get(f"/api/articles/{stored.json()['id']}").json()["claimed_source"] == "dpa"
        record = {"id": "kb:test-person", "name": "Test Person", "type": "PER", "country": "DE",
                  "aliases_de": ["T. Person"], "positions": []}
        imported = writer.post("/api/kb", json=[record], headers={"Authorization": "Bearer s3cret-token-for-tests"})
        assert imported.status_code == 200, imported.text
        assert imported.json() == {"imported": 1}
        error_of(writer.post("/api/kb", json=[{"id": 3}], headers={"Authorization": "Bearer s3cret-token-for-tests"}),
                 400, "E701")


# --- exports ------------------------------------------------------------------------------------------------


def test_exports_stream_every_row(client: TestClient, demo_url: str) -> None:
    with open_store(demo_url, create=False) as store:
        n_articles, n_quotes, n_events = store.count(), len(store.quotes()), len(store.events())
    articles = client.get("/api/export/articles.jsonl")
    assert articles.headers["content-type"].startswith("application/x-ndjson")
    lines = articles.text.splitlines()
    assert len(lines) == n_articles > 40  # more than any page size: no row cap
    assert all(json.loads(line)["id"] for line in lines)
    quotes = list(csv.DictReader(io.StringIO(client.get("/api/export/quotes.csv").text)))
    assert len(quotes) == n_quotes
    events = client.get("/api/export/events.jsonl").text.splitlines()
    assert len(events) == n_events
    lawrow = list(csv.DictReader(io.StringIO(client.get("/api/export/quotes.csv",
                                                        params={"speaker": LAWROW}).text)))
    assert lawrow and {row["speaker"] for row in lawrow} == {LAWROW}


def test_export_csv_neutralises_formulas(tmp_path: Any) -> None:
    from lagebild import analyze

    url = str(tmp_path / "formula.db")
    with open_store(url) as store:
        store.save(analyze("=HYPERLINK(\"http://x\") sagte Merkel am Montag in Berlin.", date=SEED_DATE,
                           title="=1+2", outlet="@evil"))
    with TestClient(create_app(url)) as formula_client:
        row = next(csv.DictReader(io.StringIO(formula_client.get("/api/export/articles.csv").text)))
    assert row["title"] == "'=1+2" and row["outlet"] == "'@evil"


def test_unknown_export_kind_is_rejected(client: TestClient) -> None:
    assert client.get("/api/export/secrets.csv").status_code in (400, 404)
    assert client.get("/api/export/quotes.xml").status_code in (400, 404)


# --- errors, limits, headers, OpenAPI -----------------------------------------------------------------------


@pytest.mark.parametrize("params", [{"limit": "0"}, {"limit": "201"}, {"limit": "abc"}, {"cursor": "garbage!"},
                                    {"date_from": "2017-13-45"}, {"q": "x" * 501}, {"outlet": "a\x00b"}])
def test_bad_parameters_are_400_in_one_shape(client: TestClient, params: dict[str, str]) -> None:
    error_of(client.get("/api/quotes", params=params), 400, "E701")


def test_unknown_path_is_404_in_one_shape(client: TestClient) -> None:
    error_of(client.get("/api/no-such-endpoint"), 404, "E702")


def test_every_answer_carries_the_security_headers(client: TestClient, seed: str) -> None:
    for path in ("/", f"/articles/{seed}", "/api/stats", "/api/no-such-endpoint", "/static/app.css"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = set(client.get("/api/openapi.json").json()["paths"])
    assert {"/api/articles", "/api/articles/{article_id}", "/api/stories", "/api/stories/{story_id}",
            "/api/entities", "/api/entities/{entity_id}", "/api/quotes", "/api/events", "/api/timeline",
            "/api/stats", "/api/analyze", "/api/export/{kind}.{fmt}", "/api/kb"} <= paths
    page = client.get("/api")
    assert page.status_code == 200 and "/api/quotes" in page.text


def test_limits_are_configurable(demo_url: str) -> None:
    with TestClient(create_app(demo_url, limits=WebLimits(max_page_size=5))) as small:
        error_of(small.get("/api/quotes", params={"limit": "6"}), 400, "E701")
        assert len(small.get("/api/quotes", params={"limit": "5"}).json()["quotes"]) == 5


def test_a_missing_database_is_refused_at_start(tmp_path: Any) -> None:
    from lagebild.store import StoreError

    with pytest.raises(StoreError):
        create_app(str(tmp_path / "missing.db"))
    assert not (tmp_path / "missing.db").exists()


# --- PostgreSQL ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg_client(demo_url: str, pg_url: str) -> Iterator[TestClient]:
    import secrets

    import psycopg

    name = f"lagebild_t_web_{secrets.token_hex(4)}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    from .pgserver import url_with_database

    url = url_with_database(pg_url, name)
    copy_store(demo_url, url)
    try:
        with TestClient(create_app(url)) as test_client:
            yield test_client
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_postgres_main_endpoints(pg_client: TestClient, client: TestClient, seed: str) -> None:
    assert pg_client.get("/api/stats").json()["articles"] == client.get("/api/stats").json()["articles"]
    search = pg_client.get("/api/articles", params={"q": "Waffenruhe"}).json()
    assert seed in [h["id"] for h in search["hits"]]
    on_pg, on_sqlite = pg_client.get(f"/api/articles/{seed}").json(), client.get(f"/api/articles/{seed}").json()
    for copied in ("publications", "story"):  # first_seen is the copy's time, the story id may differ
        on_pg.pop(copied), on_sqlite.pop(copied)
    assert on_pg == on_sqlite
    assert pg_client.get(f"/api/entities/{LAWROW}").json()["name"] == "Sergej Lawrow"
    pg_quotes = pg_client.get("/api/quotes", params={"speaker": LAWROW}).json()["quotes"]
    assert pg_quotes == client.get("/api/quotes", params={"speaker": LAWROW}).json()["quotes"]
    assert pg_client.get("/api/events", params={"event_type": "agree"}).json()["events"]
    story_id = pg_client.get(f"/api/articles/{seed}").json()["story"]
    assert seed in [a["id"] for a in pg_client.get(f"/api/stories/{story_id}").json()["articles"]]
    lines = pg_client.get("/api/export/quotes.jsonl").text.splitlines()
    assert len(lines) == len(client.get("/api/export/quotes.jsonl").text.splitlines())


# --- the command ----------------------------------------------------------------------------------------------


def test_lagebild_serve_starts_read_only_on_localhost(demo_url: str) -> None:
    import subprocess
    import sys
    import time

    import httpx

    from .web_support import free_port

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "LAGEBILD_WRITE_TOKEN"}
    server = subprocess.Popen([sys.executable, "-m", "lagebild", "serve", "--db", demo_url, "--port", str(port)],
                              stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "lagebild serve did not start"
                time.sleep(0.3)
        assert answer.status_code == 200 and answer.json()["articles"] > 40
        refused = httpx.post(f"http://127.0.0.1:{port}/api/articles", json={"text": "Berlin ist groß."})
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "E704"
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert "read-only" in stderr and f"http://127.0.0.1:{port}/" in stderr


def test_lagebild_serve_refuses_a_missing_database(tmp_path: Any) -> None:
    from click.testing import CliRunner

    from lagebild.cli import main

    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2 and "E300" in result.output


@pytest.mark.parametrize("path", ["/search", "/quotes", "/events", "/stories"])
def test_page_links_to_the_next_page_work(client: TestClient, path: str) -> None:
    import re

    first = client.get(path, params={"limit": "5"})
    assert first.status_code == 200
    found = re.search(r'<a rel="next" href="([^"]+)"', first.text)
    assert found, f"{path} has no link to a next page"
    second = client.get(path + found.group(1).replace("&amp;", "&"))
    assert second.status_code == 200 and second.text != first.text
