"""Full-text search (migration 8, lagebild.store.search_sql, lagebild.corpus.search) on SQLite and PostgreSQL:
German matching, phrases, ranking, snippets, every filter and facet, cursor paging, hostile input, and an
index that follows re-saves and deletes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lagebild.corpus.search import SearchPage, SearchQuery
from lagebild.corpus.search_text import compound_parts, parse_query, snippet, stem
from lagebild.errors import SearchCursorError, SearchError, SearchFilterError, SearchQueryError
from lagebild.model import Article, Cue, Entity, Event, Mention, Place, Quote
from lagebild.store.sql import SQLStore
from tests.test_store import BACKENDS, open_backend, simple


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SQLStore]:
    opened = open_backend(request.param, tmp_path, request)
    try:
        yield opened
    finally:
        opened.close()


def at(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def article(text: str, *, title: str, outlet: str, published: str, people: tuple[tuple[str, str], ...] = (),
            place: str | None = None, event: str | None = None, speaker: tuple[str, str] | None = None) -> Article:
    """A hand-annotated article: entities for ``people`` ((id, name) whose name occurs in the text), a place,
    an event and one quote (the text after "sagte, ") of ``speaker``."""
    mentions = [Mention(name, *at(text, name), "PER", entity_id) for entity_id, name in people if name in text]
    entities = [Entity(entity_id, name, "PER") for entity_id, name in people]
    places = [Place(place, *at(text, place), place)] if place else []
    events = [Event(event, Cue(text.split()[1], *at(text, text.split()[1])), [], [])] if event else []
    quotes = []
    if speaker:
        start = text.index("sagte, ") + len("sagte, ")
        quotes = [Quote(text[start:], start, len(text), "indirect", speaker[0], speaker[1],
                        Cue("sagte", *at(text, "sagte")))]
    return simple(text, title=title, outlet=outlet, published=published, components=["test"], mentions=mentions,
                  entities=entities, places=places, events=events, quotes=quotes)


LAWROW = ("per:lawrow", "Sergej Lawrow")
TRUMP = ("per:trump", "Donald Trump")


def corpus() -> list[Article]:
    return [
        article("Die Waffenruhen in Syrien halten seit Sonntag. Außenminister Sergej Lawrow sagte, die Lage "
                "sei stabil.", title="Waffenruhe in Syrien hält", outlet="stern.de", published="2017-07-08",
                people=(LAWROW,), place="Syrien", event="agree", speaker=LAWROW),
        article("Der Bundesaußenminister sprach in Hamburg über eine Waffenruhe. Sergej Lawrow war nicht dabei.",
                title="Gespräche in Hamburg", outlet="welt.de", published="2017-07-09", people=(LAWROW,),
                place="Hamburg", event="meet"),
        article("Donald Trump traf in Hamburg auch Lawrow und Sergej Lawrows Kollegen. Trump sagte, "
                "das Treffen sei gut gewesen.", title="Trump in Hamburg", outlet="deutschlandfunk.de",
                published="2017-07-07", people=(TRUMP,), place="Hamburg", event="meet", speaker=TRUMP),
        article("Die Ruhe vor dem Sturm: Die Börse in Frankfurt wartet auf Zahlen.", title="Börse",
                outlet="stern.de", published="2017-07-10"),
    ]


def hit_titles(page: SearchPage) -> list[str | None]:
    return [hit.title for hit in page.hits]


def found(store: SQLStore, q: str = "", **filters: object) -> set[str | None]:
    return set(hit_titles(store.search(SearchQuery(q=q, limit=100, **filters))))  # type: ignore[arg-type]


# --- German matching, phrases, ranking, snippets ---


def test_german_word_forms_match(store: SQLStore) -> None:
    store.save_many(corpus())
    assert stem("Waffenruhe") == stem("Waffenruhen")
    assert found(store, "Waffenruhe") == {"Waffenruhe in Syrien hält", "Gespräche in Hamburg"}
    assert found(store, "Waffenruhen") == found(store, "Waffenruhe")
    assert found(store, "gespräch") == {"Gespräche in Hamburg"}  # case and plural
    assert found(store, "Börsen") == {"Börse"}


def test_compound_parts_match_with_less_weight(store: SQLStore) -> None:
    assert compound_parts("Waffenruhe") == ("Waffen", "Ruhe")
    assert compound_parts("Bundesaußenminister")[:2] == ("Bundes", "Außenminister")
    assert compound_parts("Vorstellung") == ()  # a derivation, not a compound
    store.save_many(corpus())
    page = store.search(SearchQuery(q="Ruhe"))
    assert set(hit_titles(page)) == {"Börse", "Waffenruhe in Syrien hält", "Gespräche in Hamburg"}
    assert page.hits[0].title == "Börse"  # the word itself beats the word inside a compound
    assert found(store, "Außenminister") == {"Waffenruhe in Syrien hält", "Gespräche in Hamburg"}


def test_phrases_need_the_words_in_order(store: SQLStore) -> None:
    store.save_many(corpus())
    assert found(store, '"Sergej Lawrow"') == {"Waffenruhe in Syrien hält", "Gespräche in Hamburg"}
    assert found(store, "Sergej Lawrow") == {"Waffenruhe in Syrien hält", "Gespräche in Hamburg",
                                             "Trump in Hamburg"}
    assert found(store, '"Lawrow Sergej"') == set()
    assert found(store, '"Lawrow Sergej') == set()  # an unclosed quote is a phrase to the end


def test_or_not_and_prefix(store: SQLStore) -> None:
    store.save_many(corpus())
    assert found(store, "Syrien OR Frankfurt") == {"Waffenruhe in Syrien hält", "Börse"}
    assert found(store, "Hamburg -Trump") == {"Gespräche in Hamburg"}
    assert found(store, "Waffen*") == {"Waffenruhe in Syrien hält", "Gespräche in Hamburg"}
    with pytest.raises(SearchQueryError) as info:
        store.search(SearchQuery(q="-Trump"))
    assert info.value.code == "E621"


def test_ranking_prefers_the_title_and_more_matches(store: SQLStore) -> None:
    store.save_many(corpus())
    page = store.search(SearchQuery(q="Waffenruhe"))
    assert hit_titles(page) == ["Waffenruhe in Syrien hält", "Gespräche in Hamburg"]
    assert page.hits[0].score > page.hits[1].score > 0
    page = store.search(SearchQuery(q="Trump"))  # twice in the text and in the title
    assert hit_titles(page) == ["Trump in Hamburg"]


def test_snippets_are_segments_of_the_text(store: SQLStore) -> None:
    store.save_many(corpus())
    hits = store.search(SearchQuery(q="Waffenruhe Lawrow")).hits
    hit = next(h for h in hits if h.title == "Waffenruhe in Syrien hält")
    assert [text for text, matched in hit.snippet if matched] == ["Waffenruhen", "Lawrow"]
    assert "".join(text for text, _ in hit.snippet) == (
        "Die Waffenruhen in Syrien halten seit Sonntag. Außenminister Sergej Lawrow sagte, die Lage sei stabil.")
    long_text = "Vorweg. " * 40 + "Hier steht die Waffenruhe. " + "Danach. " * 40
    segments = snippet(long_text, parse_query("Waffenruhe"))
    assert segments[0][0].startswith("…") and segments[-1][0].endswith("…")
    assert ("Waffenruhe", True) in segments
    markup = snippet("<b>Waffenruhe</b> & [bold]x[/bold]", parse_query("Waffenruhe"))
    assert markup == [("<b>", False), ("Waffenruhe", True), ("</b> & [bold]x[/bold]", False)]  # the caller escapes


# --- filters and facets ---


def test_each_filter(store: SQLStore) -> None:
    store.save_many(corpus())
    everything = {"Waffenruhe in Syrien hält", "Gespräche in Hamburg", "Trump in Hamburg", "Börse"}
    assert found(store) == everything
    assert found(store, date_from="2017-07-08", date_to="2017-07-09") == {"Waffenruhe in Syrien hält",
                                                                         "Gespräche in Hamburg"}
    assert found(store, outlet="stern.de") == {"Waffenruhe in Syrien hält", "Börse"}
    assert found(store, entity="per:lawrow") == {"Waffenruhe in Syrien hält", "Gespräche in Hamburg"}
    assert found(store, entity="Donald Trump") == {"Trump in Hamburg"}  # by name too
    assert found(store, speaker="sergej lawrow") == {"Waffenruhe in Syrien hält"}  # any case
    assert found(store, speaker="per:trump") == {"Trump in Hamburg"}
    assert found(store, place="Hamburg") == {"Gespräche in Hamburg", "Trump in Hamburg"}
    assert found(store, event_type="agree") == {"Waffenruhe in Syrien hält"}
    assert found(store, "Hamburg", outlet="welt.de", event_type="meet") == {"Gespräche in Hamburg"}
    assert found(store, entity="nobody") == set()
    # An article with several rows in a filter's table (two quotes of one speaker) is one hit.
    twice = article("Lawrow sagte, er komme. Lawrow sagte, er gehe.", title="Zweimal", outlet="x.de",
                    published="2017-07-12", people=(LAWROW,), speaker=LAWROW)
    second = twice.quotes[0]
    twice.quotes.append(Quote("er gehe.", len(twice.text) - 8, len(twice.text), "indirect", *LAWROW, second.cue))
    store.save(twice)
    for q in ("", "Lawrow"):
        page = store.search(SearchQuery(q=q, speaker=LAWROW[0]))
        ids = [hit.article_id for hit in page.hits]
        assert len(ids) == len(set(ids)) == page.total == 2, q


def test_story_filter_and_facet(store: SQLStore) -> None:
    articles = corpus()
    store.save_many(articles)
    assert found(store, story="story-1") == set()
    with store._transaction():
        for seq, a in enumerate(articles[:2]):
            store._execute("INSERT INTO story_articles (story_id, article_id, seq, score, via, features_json) "
                           "VALUES (?, ?, ?, ?, ?, ?)", ("story-1", a.id, seq, 1.0, "test", "{}"))
    assert found(store, story="story-1") == {"Waffenruhe in Syrien hält", "Gespräche in Hamburg"}
    assert store.search(SearchQuery(q="Lawrow")).facets["story"] == [("story-1", 2)]


def test_facets_count_the_matching_articles(store: SQLStore) -> None:
    store.save_many(corpus())
    page = store.search(SearchQuery(q="Hamburg OR Syrien", limit=1))
    assert page.total == 3 and len(page.hits) == 1
    facets = page.facets
    assert facets["date"] == [("2017-07-07", 1), ("2017-07-08", 1), ("2017-07-09", 1)]
    assert sorted(facets["outlet"]) == [("deutschlandfunk.de", 1), ("stern.de", 1), ("welt.de", 1)]
    assert facets["entity"] == [("per:lawrow", 2), ("per:trump", 1)]
    assert page.names == {"per:lawrow": "Sergej Lawrow", "per:trump": "Donald Trump"}
    assert sorted(facets["speaker"]) == [("Donald Trump", 1), ("Sergej Lawrow", 1)]
    assert facets["place"] == [("Hamburg", 2), ("Syrien", 1)]
    assert facets["event_type"] == [("meet", 2), ("agree", 1)]
    only_dates = store.search(SearchQuery(q="Hamburg", facets=("date",)))
    assert set(only_dates.facets) == {"date"} and only_dates.total == 2
    only_places = store.search(SearchQuery(q="Hamburg", facets=("place", "speaker")))
    assert only_places.facets == {"place": [("Hamburg", 2)], "speaker": [("Donald Trump", 1)]}
    without = store.search(SearchQuery(q="Hamburg", facets=False))
    assert without.facets == {} and without.total == 2


def test_a_second_publication_counts_for_its_outlet(store: SQLStore) -> None:
    articles = corpus()
    store.save_many(articles)
    first = articles[3]
    copy = simple(first.text, title=first.title, outlet="faz.net", published=first.published,
                  url="https://faz.net/x")
    assert store.save(copy) is False  # the same text: one article, two publications
    assert found(store, outlet="faz.net") == {"Börse"}
    assert ("faz.net", 1) in store.search(SearchQuery(q="Börse")).facets["outlet"]


# --- paging ---


def test_cursor_pages_through_every_hit_once(store: SQLStore) -> None:
    store.save_many([article(f"Meldung {i}: Die Waffenruhe hält. " + "Waffenruhe " * (i % 5),
                             title=f"M{i}", outlet="o.de", published=f"2020-01-{1 + i % 9:02d}")
                     for i in range(23)])
    for q in ("Waffenruhe", ""):
        seen: list[str] = []
        cursor = None
        pages = 0
        while True:
            page = store.search(SearchQuery(q=q, limit=5, cursor=cursor))
            seen += [hit.article_id for hit in page.hits]
            pages += 1
            cursor = page.next_cursor
            if cursor is None:
                break
        assert len(seen) == len(set(seen)) == 23 and pages == 5, q
        assert page.total == 23
    first = store.search(SearchQuery(q="Waffenruhe", limit=5))
    scores = [hit.score for hit in first.hits]
    assert scores == sorted(scores, reverse=True)
    with pytest.raises(SearchCursorError):  # another query
        store.search(SearchQuery(q="Meldung", cursor=first.next_cursor))
    with pytest.raises(SearchCursorError):
        store.search(SearchQuery(q="Waffenruhe", cursor="not-a-cursor!"))


# --- hostile input ---

HOSTILE = ["' OR 1=1 --", "\"; DROP TABLE articles; --", "a\" OR \"b", "NEAR(a b)", "title:x", "{title}: x",
           "x AND", "(((", ")", "^x", "*", "**x", "-", "--", "\"", "a & b | !c <-> d:*", "x:*A", "%_\\",
           "\x00", "ümläut ß \u202e", "🙂", "a" * 400, "OR", "OR OR x", "NOT x", "x NOT y", "col : x"]


@pytest.mark.parametrize("field", ["q", "date_from", "date_to", "outlet", "entity", "speaker", "place",
                                   "event_type", "story", "cursor"])
def test_hostile_strings_in_every_field(store: SQLStore, field: str) -> None:
    store.save_many(corpus())
    before = store.count()
    for value in HOSTILE:
        try:
            page = store.search(SearchQuery(**{field: value}))  # type: ignore[arg-type]
        except SearchError as exc:
            assert exc.code in {"E621", "E622", "E623"}, (field, value, exc)
            continue
        assert page.total >= 0
        if field not in ("q",):
            assert page.total == 0 or field in ("date_from", "date_to"), (field, value)
    assert store.count() == before  # nothing was changed


def test_bad_filter_values_are_coded_errors(store: SQLStore) -> None:
    for bad in (SearchQuery(limit=0), SearchQuery(limit=10**9), SearchQuery(date_from="2017-02-30"),
                SearchQuery(facets=("nonsense",))):
        with pytest.raises(SearchFilterError) as info:
            store.search(bad)
        assert info.value.code == "E623"
    with pytest.raises(SearchQueryError):
        store.search(SearchQuery(q="Wort " * 200))


# --- the index follows the articles ---


def test_index_follows_resave_and_delete(store: SQLStore) -> None:
    articles = corpus()
    store.save_many(articles)
    assert found(store, "Frankfurt") == {"Börse"}
    old = articles[3]
    other = simple("Die Ruhe vor dem Sturm: Die Börse in Stuttgart wartet.", outlet=old.outlet,
                   published=old.published)
    assert store.save(other) is True
    untitled = simple("Kurzmeldung ohne Titel zur Waffenruhe.", outlet="x.de", published="2017-07-11")
    store.save(untitled)
    assert found(store, "Kurzmeldung") == {None}
    titled = simple(untitled.text, title="Nachgetragener Titel", outlet="x.de", published="2017-07-11")
    assert store.save(titled) is False  # the same text: the missing title is filled in ...
    assert found(store, "Nachgetragener") == {"Nachgetragener Titel"}  # ... and indexed
    assert store.delete(old.id)
    assert found(store, "Frankfurt") == set()
    assert found(store, "Stuttgart") == {None}
    assert store.search(SearchQuery(q="Ruhe")).total == 4  # the deleted one is gone from counts too
    for a in articles[:3]:
        store.delete(a.id)
    assert found(store, "Hamburg") == set()


def test_migration_indexes_articles_stored_before_it(tmp_path: Path) -> None:
    """A database at schema 7 with articles gets them indexed by migration 8."""
    from lagebild.store import migrations
    from lagebild.store.sqlite import SQLiteStore

    path = tmp_path / "old.db"
    old = SQLiteStore(path, migrations=migrations.MIGRATIONS[:7])
    old.save_many(corpus())
    assert old.schema_version == 7
    old.close()
    with SQLiteStore(path) as upgraded:
        assert upgraded.schema_version >= 8
        assert found(upgraded, "Waffenruhe") == {"Waffenruhe in Syrien hält", "Gespräche in Hamburg"}


def test_postgres_migration_indexes_articles_stored_before_it(pg_db_url: str) -> None:
    import psycopg

    from lagebild.store import migrations_pg
    from lagebild.store.postgres import PostgresStore

    # Migrate to 7, store articles with plain SQL, then open the store (which applies 8).

    with psycopg.connect(pg_db_url, autocommit=True) as conn:
        migrations_pg.migrate(conn, migrations_pg.MIGRATIONS[:7])
        for a in corpus():
            conn.execute("INSERT INTO articles (id, title, outlet, published, text, offsets_json, meta_json, "
                         "components_json, tokens_json, created, updated) "
                         "VALUES (%s, %s, %s, %s, %s, '{}', '{}', '[]', '[]', 'x', 'x')",
                         (a.id, a.title, a.outlet, a.published, a.text))
    with PostgresStore(pg_db_url) as upgraded:
        assert found(upgraded, "Waffenruhe") == {"Waffenruhe in Syrien hält", "Gespräche in Hamburg"}
        assert found(upgraded, "Ruhe") == {"Waffenruhe in Syrien hält", "Gespräche in Hamburg", "Börse"}


def test_facets_of_many_matches_are_estimated_from_an_even_sample(store: SQLStore,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import lagebild.corpus.search as search_module

    store.save_many([article(f"Meldung {i}: Die Waffenruhe hält.", title=f"M{i}", outlet="o.de",
                             published=f"2020-01-{1 + i % 9:02d}") for i in range(40)])
    exact = store.search(SearchQuery(q="Waffenruhe"))
    assert not exact.facets_estimated and exact.facets["outlet"] == [("o.de", 40)]
    monkeypatch.setattr(search_module, "FACET_SAMPLE", 10)
    for q in ("Waffenruhe", ""):
        page = store.search(SearchQuery(q=q))
        assert page.total == 40 and page.facets_estimated and page.to_dict()["facets_estimated"]
        (outlet, estimate), = page.facets["outlet"]
        assert outlet == "o.de" and 8 <= estimate <= 80, estimate  # every 4th match, times 4
        days = store.search(SearchQuery(q=q, facets=("date",)))
        assert not days.facets_estimated and sum(n for _, n in days.facets["date"]) == 40
