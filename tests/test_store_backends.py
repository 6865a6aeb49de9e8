"""What every store backend must do the same way: set-based reads, Query filters, one-transaction batches,
concurrent writer processes, the knowledge base and learned-roles layers, the Store protocol.

Each test runs on SQLite (a file) and PostgreSQL (a fresh database; skipped without a server, except in CI).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from lagebild.corpus.roles import learn_roles
from lagebild.entities import kb as kb_module
from lagebild.layers import stored_layers
from lagebild.model import Article, Cue, Entity, Event, Mention, Quote, Role, Sentence
from lagebild.offsets import OffsetMap
from lagebild.resources import Resources
from lagebild.store import Query, Store, StoreError, describe_url
from lagebild.store.sql import SQLStore
from tests.test_store import BACKENDS, full_dict, open_backend, scalar, simple

ROOT = Path(__file__).resolve().parent.parent
LAYERS = len(stored_layers())


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SQLStore]:
    """An empty store, once per backend (as in tests/test_store.py)."""
    opened = open_backend(request.param, tmp_path, request)
    try:
        yield opened
    finally:
        opened.close()


def count_queries(store: SQLStore, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every ``_fetchall`` call of ``store`` from now on (the SQL of each)."""
    calls: list[str] = []
    original = store._fetchall

    def counting(sql: str, params: Sequence[Any] = ()) -> Any:
        calls.append(sql)
        return original(sql, params)

    monkeypatch.setattr(store, "_fetchall", counting)
    return calls


def numbered(i: int, **kwargs: Any) -> Article:
    """A small analysed article, different for every ``i``, with a layer of each common kind."""
    text = f"Meldung {i}: Scholz sagte, der Haushalt {i} sei solide. Die Opposition protestierte."
    speech = text.index("sagte")
    quote = text.index("der Haushalt")
    end_quote = text.index(" sei solide") + len(" sei solide")
    protest = text.index("protestierte")
    return simple(
        text, title=f"Meldung {i}", published=f"2020-01-{1 + i % 28:02d}", components=["test"],
        sentences=[Sentence(0, text.index("Die") - 1), Sentence(text.index("Die"), len(text))],
        mentions=[Mention("Scholz", 11 + len(str(i)), 17 + len(str(i)), "PER", "E1")],
        entities=[Entity("E1", "Olaf Scholz", "PER", None)],
        quotes=[Quote(text[quote:end_quote], quote, end_quote, "indirect", "E1", "Olaf Scholz",
                      Cue("sagte", speech, speech + 5))],
        events=[Event("PROTEST", Cue("protestierte", protest, protest + 12), [], [])],
        **kwargs,
    )


def test_store_protocol(store: SQLStore) -> None:
    assert isinstance(store, Store)
    assert store.url and describe_url(store.url)


# --- set-based reads -----------------------------------------------------------------------


def test_get_many_issues_a_constant_number_of_queries(store: SQLStore, monkeypatch: pytest.MonkeyPatch) -> None:
    articles = [numbered(i) for i in range(50)]
    assert store.save_many(articles) == [True] * 50
    ids = [a.id for a in articles]
    calls = count_queries(store, monkeypatch)

    loaded = store.get_many(ids)
    assert len(calls) == 1 + LAYERS  # the articles, then one query per stored layer
    assert [a.id for a in loaded] == ids
    assert [full_dict(a) for a in loaded] == [full_dict(a) for a in articles]

    calls.clear()
    assert len(store.get_many(ids[:1])) == 1
    assert len(calls) == 1 + LAYERS  # the same for one article

    calls.clear()
    reordered = [*reversed(ids[:10]), "0" * 16, ids[3]]
    assert [a.id for a in store.get_many(reordered)] == [*reversed(ids[:10]), ids[3]]  # order given, unknown out
    assert len(calls) == 1 + LAYERS

    calls.clear()
    unknown = [f"{n:016x}" for n in range(600)]  # 650 ids: two chunks of at most 500
    assert len(store.get_many([*ids, *unknown])) == 50
    assert len(calls) == 2 * (1 + LAYERS)

    calls.clear()
    assert len(list(store.iter_articles(batch_size=20))) == 50  # ids, then 3 batches
    assert len(calls) == 1 + 3 * (1 + LAYERS)


@pytest.fixture
def corpus(store: SQLStore) -> dict[str, Article]:
    """Five articles with dates (one at 23:30 the day before, one undated), outlets, entities, speakers, events."""

    def article(key: str, published: str | None, outlet: str, entities: list[tuple[str, str]],
                speaker: tuple[str, str] | None, events: list[str]) -> Article:
        text = f"Artikel {key}. " + " ".join(f"{name} kam." for _, name in entities) + " Jemand sagte: „Ja.“"
        mentions = []
        for entity_id, name in entities:
            start = text.index(name)
            mentions.append(Mention(name, start, start + len(name), "PER", entity_id))
        q_start = text.index("Ja.")
        cue = text.index("sagte")
        quotes = [Quote("Ja.", q_start, q_start + 3, "direct", speaker[0] if speaker else None,
                        speaker[1] if speaker else None, Cue("sagte", cue, cue + 5))]
        return simple(text, title=f"Artikel {key}", published=published, outlet=outlet, components=["test"],
                      mentions=mentions, entities=[Entity(i, n, "PER", None) for i, n in entities], quotes=quotes,
                      events=[Event(t, Cue("sagte", cue, cue + 5), [], []) for t in events])

    merkel, putin = ("E1", "Angela Merkel"), ("E2", "Wladimir Putin")
    articles = {
        "a1": article("a1", "2017-07-07T23:30:00+02:00", "Zeit", [merkel], merkel, ["STATEMENT"]),
        "a2": article("a2", "2017-07-08", "Spiegel", [putin], putin, ["STATEMENT", "PROTEST"]),
        "a3": article("a3", "2017-07-08T10:00:00", "Zeit", [merkel, putin], None, ["PROTEST"]),
        "a4": article("a4", "2017-07-09", "taz", [], None, []),
        "a5": article("a5", None, "Zeit", [putin], ("E9", "Wladimir  Putin"), []),
    }
    assert store.save_many(list(articles.values())) == [True] * 5
    return articles


CASES: list[tuple[Query, list[str]]] = [
    (Query(), ["a1", "a2", "a3", "a4", "a5"]),  # oldest publication first, undated last
    (Query(date_from="2017-07-08", date_to="2017-07-08"), ["a2", "a3"]),  # the whole day, inclusive
    (Query(date_to="2017-07-08"), ["a1", "a2", "a3"]),
    (Query(date_from="2017-07-08"), ["a2", "a3", "a4"]),
    (Query(date_from="2017-07-07", date_to="2017-07-07"), ["a1"]),
    (Query(outlet="Zeit"), ["a1", "a3", "a5"]),
    (Query(outlet="zeit"), []),
    (Query(entity="E1"), ["a1", "a3"]),
    (Query(entity="Wladimir Putin"), ["a2", "a3", "a5"]),
    (Query(entity="Niemand"), []),
    (Query(speaker="E2"), ["a2"]),
    (Query(speaker="wladimir PUTIN"), ["a2", "a5"]),  # by name in any case (and spacing)
    (Query(speaker="ANGELA MERKEL"), ["a1"]),
    (Query(event_type="PROTEST"), ["a2", "a3"]),
    (Query(event_type="STATEMENT", outlet="Zeit"), ["a1"]),
    (Query(outlet="Zeit", entity="E2", date_from="2017-07-08"), ["a3"]),
    (Query(limit=2), ["a1", "a2"]),
    (Query(limit=2, offset=2), ["a3", "a4"]),
    (Query(offset=4), ["a5"]),
    (Query(outlet="Zeit", limit=1, offset=1), ["a3"]),
    (Query(limit=0), []),
]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[repr(q)[6:-1] or "all" for q, _ in CASES])
def test_query_filters(store: SQLStore, corpus: dict[str, Article], query: Query, expected: list[str]) -> None:
    ids = [corpus[key].id for key in expected]
    assert store.article_ids(query) == ids
    assert [a.id for a in store.iter_articles(query, batch_size=2)] == ids
    if query.limit is None and not query.offset:  # count() ignores paging
        assert store.count(query) == len(ids)


def test_filters_and_ids_on_a_postgres_database_with_a_linguistic_collation(pg_url: str) -> None:
    """Text comparison follows the database collation in PostgreSQL; date and id ranges must not depend on it."""
    import psycopg
    from psycopg import sql

    from lagebild.store import open_store
    from tests.pgserver import url_with_database

    name = "lagebild_t_icu_" + secrets.token_hex(4)
    with psycopg.connect(pg_url, autocommit=True) as admin:
        try:
            admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'")
                          .format(sql.Identifier(name)))
        except psycopg.Error as exc:
            pytest.skip(f"this PostgreSQL cannot make an ICU database: {exc}")
    try:
        with open_store(url_with_database(pg_url, name)) as icu:
            assert isinstance(icu, SQLStore)
            day = [simple(f"Meldung {t}.", published=t) for t in
                   ("2017-07-07T23:59:00", "2017-07-08", "2017-07-08T10:00:00+02:00", "2017-07-08T23:59:59",
                    "2017-07-09", "2017-07-09T00:00:01")]
            icu.save_many(day)
            ids = [a.id for a in day]
            assert icu.article_ids(Query(date_from="2017-07-08", date_to="2017-07-08")) == ids[1:4]
            assert icu.article_ids(Query(date_to="2017-07-08")) == ids[:4]
            assert icu.article_ids(Query(date_from="2017-07-09")) == ids[4:]
            assert icu.article_ids() == ids
            for article in day:
                stored = icu.get(article.id[:6])
                assert stored is not None and stored.id == article.id
    finally:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_query_by_ids(store: SQLStore, corpus: dict[str, Article]) -> None:
    a1, a3, a5 = corpus["a1"].id, corpus["a3"].id, corpus["a5"].id
    assert store.article_ids(Query(ids=[a5, a3, a1])) == [a1, a3, a5]  # publication order, not the order given
    assert store.article_ids(Query(ids=[a3, "0" * 16])) == [a3]
    assert store.article_ids(Query(ids=[])) == []
    assert store.count(Query(ids=[a1, a3], outlet="Zeit")) == 2
    loaded = list(store.iter_articles(Query(ids=[a3])))
    assert [full_dict(a) for a in loaded] == [full_dict(corpus["a3"])]


def test_layer_reads_with_queries(store: SQLStore, corpus: dict[str, Article]) -> None:
    ids = {key: a.id for key, a in corpus.items()}
    everything = store.mentions()
    assert [(m["article_id"], m["text"]) for m in everything] == [
        (ids["a1"], "Angela Merkel"), (ids["a2"], "Wladimir Putin"), (ids["a3"], "Angela Merkel"),
        (ids["a3"], "Wladimir Putin"), (ids["a5"], "Wladimir Putin")]
    first = everything[0]
    assert first == {"article_id": ids["a1"], "title": "Artikel a1", "outlet": "Zeit",
                     "published": "2017-07-07T23:30:00+02:00", **corpus["a1"].to_dict()["mentions"][0]}

    merkel = store.mentions(Query(entity="Angela Merkel"))  # only that entity's mentions
    assert [(m["article_id"], m["entity"]) for m in merkel] == [(ids["a1"], "E1"), (ids["a3"], "E1")]
    assert store.mentions(Query(entity="E2", date_to="2017-07-08")) == [
        m for m in everything if m["entity"] == "E2" and m["article_id"] in (ids["a2"], ids["a3"])]
    assert store.mentions(Query(entity="Niemand")) == []
    assert [m["article_id"] for m in store.mentions(Query(outlet="Spiegel"))] == [ids["a2"]]

    putin = store.quotes(Query(speaker="wladimir putin"))
    assert [(q["article_id"], q["speaker"], q["speaker_name"]) for q in putin] == [
        (ids["a2"], "E2", "Wladimir Putin"), (ids["a5"], "E9", "Wladimir  Putin")]
    assert putin[0]["cue"] == {"text": "sagte", "start": corpus["a2"].quotes[0].cue.start,  # type: ignore[union-attr]
                               "end": corpus["a2"].quotes[0].cue.end}  # type: ignore[union-attr]
    assert [q["article_id"] for q in store.quotes(Query(speaker="E2"))] == [ids["a2"]]
    assert [q["article_id"] for q in store.quotes(Query(date_from="2017-07-08"))] == [ids["a2"], ids["a3"], ids["a4"]]
    assert len(store.quotes()) == 5 and store.quotes(Query(limit=2, offset=4)) == store.quotes()[4:]

    protests = store.events(Query(event_type="PROTEST"))  # only PROTEST events, not a2's STATEMENT
    assert [(e["article_id"], e["type"]) for e in protests] == [(ids["a2"], "PROTEST"), (ids["a3"], "PROTEST")]
    assert [(e["article_id"], e["type"]) for e in store.events(Query(outlet="Spiegel"))] == [
        (ids["a2"], "STATEMENT"), (ids["a2"], "PROTEST")]
    assert [e["type"] for e in store.events()] == ["STATEMENT", "STATEMENT", "PROTEST", "PROTEST"]
    assert store.events(Query(event_type="PROTEST", outlet="taz")) == []
    assert store.quotes_by_speaker("Wladimir Putin") == putin


# --- writing ------------------------------------------------------------------------------


def test_save_many_returns_new_flags_in_input_order(store: SQLStore) -> None:
    a, b, c = numbered(1), numbered(2), numbered(3)
    assert store.save(a) is True
    assert store.save_many([b, a, c, b, numbered(1)]) == [True, False, True, False, False]
    assert store.count() == 3
    assert scalar(store, "SELECT COUNT(*) AS n FROM sentences") == 6
    assert store.save_many([]) == []


def test_save_many_with_the_same_id_twice_keeps_the_later_analysis(store: SQLStore) -> None:
    first = numbered(7)
    second = numbered(7)
    second.components = ["test", "again"]
    second.events = []
    assert store.save_many([first, numbered(8), second]) == [True, True, False]
    stored = store.get(first.id)
    assert stored is not None and full_dict(stored) == full_dict(second)
    assert scalar(store, "SELECT COUNT(*) AS n FROM events") == 1  # numbered(8)'s only


def test_nul_characters_are_stored(store: SQLStore) -> None:
    """SQLite keeps a NUL; PostgreSQL text cannot hold one and keeps U+FFFD instead (offsets stay valid)."""
    raw = "Der Rat\x00 tagte."
    text = "Der Rat tagte."
    sources = [*range(7), *range(8, len(raw))]
    article = Article(raw=raw, text=text, offsets=OffsetMap.from_sources(sources, len(raw)), title="Titel\x00",
                      meta={"note": "a\x00b"}, components=["test"], sentences=[Sentence(0, len(text))],
                      mentions=[Mention("Rat", 4, 7, "ORG", None)])
    assert store.save(article) is True
    stored = store.get(article.id)
    assert stored is not None
    nul = "\x00" if store.url.endswith(".db") else "\ufffd"
    assert stored.raw == raw.replace("\x00", nul) and stored.title == "Titel" + nul
    assert stored.meta == {"note": "a\x00b"}  # JSON columns keep it on both
    assert stored.text == text and stored.id == article.id
    assert stored.raw_span(4, 7) == article.raw_span(4, 7)
    assert store.save(article) is False


def test_save_many_is_all_or_nothing(store: SQLStore, monkeypatch: pytest.MonkeyPatch) -> None:
    good = [numbered(i) for i in range(3)]
    bad_meta = numbered(10, meta={"when": object()})
    with pytest.raises(StoreError, match="JSON"):
        store.save_many([good[0], bad_meta, good[1]])
    assert store.count() == 0

    # A row the database refuses (NOT NULL label) half-way through: the whole batch is rolled back.
    broken = numbered(11)
    broken.mentions = [Mention("Scholz", 0, 6, None, None)]  # type: ignore[arg-type]
    with pytest.raises(StoreError):
        store.save_many([*good, broken])
    assert store.count() == 0 and scalar(store, "SELECT COUNT(*) AS n FROM sentences") == 0

    # A failure in Python between two articles of the batch, after the first one was written.
    original = store._insert_layers
    seen: list[str] = []

    def failing(article: Article) -> None:
        seen.append(article.id)
        if len(seen) == 2:
            raise StoreError("disk on fire")
        original(article)

    monkeypatch.setattr(store, "_insert_layers", failing)
    with pytest.raises(StoreError, match="disk on fire"):
        store.save_many(good)
    assert len(seen) == 2 and store.count() == 0
    monkeypatch.undo()

    assert store.save_many(good) == [True] * 3  # the store is fine afterwards
    assert store.count() == 3


def test_resave_merges_under_a_row_lock(store: SQLStore) -> None:
    # Both backends: a re-save of a known id merges metadata and replaces layers of a new pipeline.
    article = numbered(5)
    store.save(article)
    again = numbered(5, outlet="Zeit", meta={"x": 1})
    again.components = ["test", "more"]
    again.events = []
    assert store.save_many([again]) == [False]
    stored = store.get(article.id)
    assert stored is not None and stored.outlet == "Zeit" and stored.meta == {"x": 1}
    assert stored.components == ["test", "more"] and stored.events == []


# --- concurrent writer processes ----------------------------------------------------------


def write_jsonl(path: Path, numbers: Sequence[int]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in numbers:
            record = {"title": f"Meldung {i}", "outlet": "Testblatt", "published": f"2021-03-{1 + i % 28:02d}",
                      "text": f"Meldung Nummer {i}. Der Stadtrat von Musterstadt beriet am Montag über "
                              f"den Haushalt für das Jahr {2000 + i}. Die Sitzung dauerte {i + 2} Stunden."}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def test_two_analyze_processes_write_one_store(store: SQLStore, tmp_path: Path) -> None:
    url = store.url
    store.close()
    if not url.startswith("postgresql://"):  # a fresh database: the processes create and migrate it at once
        for leftover in (url, url + "-wal", url + "-shm"):
            Path(leftover).unlink(missing_ok=True)
    else:  # PostgreSQL: drop the fixture's tables so that both processes migrate at once
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    write_jsonl(first, range(0, 20))
    write_jsonl(second, reversed(range(10, 30)))  # 10 in common, in the other order
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    # --reanalyse: both processes analyse and write every input, even the ones the other stored first.
    command = [sys.executable, "-m", "lagebild.cli", "analyze", "--db", url, "--reanalyse",
               "--pipeline", "clean,sentences,tagger", "--workers", "1", "--format", "jsonl"]
    processes = [subprocess.Popen([*command, str(path)], cwd=tmp_path, env=env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for path in (first, second)]
    outputs = [p.communicate(timeout=300) for p in processes]
    for process, (_, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr
        assert "locked" not in stderr and "error" not in stderr.lower(), stderr
        assert "20 article(s) analysed" in stderr
    analysed: dict[str, dict[str, Any]] = {}
    sources: dict[str, set[str]] = {}
    for stdout, _ in outputs:
        for line in stdout.splitlines():
            data = json.loads(line)
            sources.setdefault(data["id"], set()).add(data.pop("source"))
            analysed[data["id"]] = data
    assert len(analysed) == 30 and sum(len(s) for s in sources.values()) == 40

    from lagebild.store import open_store

    with open_store(url) as reopened:
        assert isinstance(reopened, SQLStore)
        assert reopened.count() == 30
        assert sorted(reopened.article_ids()) == sorted(analysed)
        assert scalar(reopened, "SELECT COUNT(DISTINCT id) AS n FROM articles") == 30
        assert scalar(reopened, "SELECT COUNT(*) AS n FROM sentences") == sum(
            len(a["sentences"]) for a in analysed.values())
        assert len(reopened.applied_migrations) == reopened.schema_version  # each migration applied once
        assert reopened.errors() == []
        for article in reopened.get_many(sorted(analysed)):
            data = article.to_dict()
            assert data.pop("source") in sources[article.id]  # whichever process came first
            assert data == analysed[article.id]


def test_concurrent_save_many_from_two_connections(store: SQLStore) -> None:
    """Two connections write overlapping batches in opposite orders at the same moment, then re-analyse
    the same articles with different pipelines: no deadlock, no duplicate, each article whole."""
    from lagebild.store import open_store

    url = store.url
    articles = [numbered(i) for i in range(60)]
    barrier = threading.Barrier(2, timeout=60)
    failures: list[BaseException] = []

    def writer(batch: list[Article], flavour: str) -> None:
        try:
            with open_store(url) as own:
                for _ in range(3):
                    barrier.wait()
                    own.save_many(batch)
                for round_ in range(3):  # re-analysed copies: layers are replaced under the row lock
                    again = [numbered(i) for i in range(20, 40)]
                    for article in again:
                        article.components = ["test", f"{flavour}{round_}"]
                        article.events = [] if flavour == "a" else article.events
                    barrier.wait()
                    own.save_many(again if flavour == "a" else again[::-1])
        except BaseException as exc:  # reported below; the other thread must not wait forever
            barrier.abort()
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(articles[:40], "a")),
               threading.Thread(target=writer, args=(articles[20:][::-1], "b"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not failures, failures
    assert store.count() == 60
    assert scalar(store, "SELECT COUNT(*) AS n FROM sentences") == 120
    for article in store.get_many([a.id for a in articles[20:40]]):
        assert article.components[1][0] in "ab"
        assert len(article.events) == (0 if article.components[1][0] == "a" else 1)  # one version, whole
        assert len(article.quotes) == 1 and len(article.sentences) == 2


# --- knowledge base and learned roles ------------------------------------------------------


def teacher(name: str, published: str, kb_id: str | None, role: str = "head_of_state",
            country: str | None = "UA") -> Article:
    text = f"Der Präsident {name} besuchte am {published} Berlin."
    start = text.index(name)
    entity_id = "per-" + name.split()[-1].lower()
    return simple(text, published=published, components=["test"],
                  mentions=[Mention(name, start, start + len(name), "PER", entity_id)],
                  entities=[Entity(entity_id, name, "PER", kb_id)],
                  roles=[Role(entity_id, name, role, country),
                         Role("per-unknown", "Ein Sprecher", "spokesperson", None, "Kreml")])


def test_knowledge_base_import_and_records(store: SQLStore) -> None:
    records = kb_module.packaged()[:3]
    assert store.import_kb(records, source="test") == 3
    assert store.kb_records() == sorted((e.to_record() for e in records), key=lambda r: r["id"])
    aliases = scalar(store, "SELECT COUNT(*) AS n FROM kb_aliases")
    positions = scalar(store, "SELECT COUNT(*) AS n FROM kb_positions")
    assert aliases > 0 and positions > 0
    assert store.import_kb(records[:1], source="again") == 1  # replaced, not duplicated
    assert scalar(store, "SELECT COUNT(*) AS n FROM kb_aliases") == aliases
    assert scalar(store, "SELECT COUNT(*) AS n FROM kb_positions") == positions
    assert len(store.kb_records()) == 3
    resources = Resources.from_store(store)
    assert resources.knowledge_base.search(records[0].name)


def test_role_facts_and_learned_role_layers(store: SQLStore) -> None:
    assert store.role_facts() == [] and store.latest_role_layer() is None
    first = teacher("Petro Poroschenko", "2017-07-01", "poroschenko-petro")
    store.save(first)
    person = first.entities[0].id
    facts = store.role_facts()
    assert facts == [
        {"entity_id": person, "name": "Petro Poroschenko", "role": "head_of_state", "country": "UA",
         "qualifier": None, "published": "2017-07-01", "article_id": first.id, "label": "PER",
         "kb_id": "poroschenko-petro"},
        {"entity_id": "per-unknown", "name": "Ein Sprecher", "role": "spokesperson", "country": None,
         "qualifier": "Kreml", "published": "2017-07-01", "article_id": first.id, "label": None,
         "kb_id": None},  # no entity row: the LEFT JOIN leaves label and kb id empty
    ]
    assert list(store.roles_of(person)) == [{"role": "head_of_state", "country": "UA", "qualifier": None,
                                             "published": "2017-07-01", "article_id": first.id}]

    layer = learn_roles(store)
    assert len(layer) == 2
    latest = store.latest_role_layer()
    assert latest == layer and latest is not None and latest.created
    assert latest.to_records() == layer.to_records()
    assert [h["entity_id"] for h in latest.holders("head_of_state", "UA", "2017-07-10")] == [person]
    assert store.save_role_layer(layer) is False  # the same version again: no second copy
    assert len(store.role_layers()) == 1

    second = teacher("Wolodymyr Selenskyj", "2019-06-01", None)
    store.save(second)
    newer = learn_roles(store)
    assert newer.version != layer.version and len(newer) == 4
    assert store.latest_role_layer() == newer
    assert [r["version"] for r in store.role_layers()] == [newer.version, layer.version]  # newest first
    assert store.save_role_layer(layer) is False  # re-saving an old version makes it the latest again
    assert store.latest_role_layer() == layer
    resources = Resources.from_store(store)
    assert resources is not None

    store.delete(first.id)  # an article's roles go with it
    assert [f["article_id"] for f in store.role_facts()] == [second.id, second.id]

