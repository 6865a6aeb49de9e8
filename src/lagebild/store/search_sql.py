"""Store methods of full-text search (migration 8; the query types are in :mod:`lagebild.corpus.search`).

A search is at most three statements, all fully parameterised: the page (keys and scores of the next
``LIMIT`` matches after the cursor, best first), the total (counted in the page's pass over the scored
matches, or apart when that is cheaper: an FTS5 match without filters, a listing; skipped when a first page
is not full) and the facets.  The match itself is backend-specific: SQLite ``search_fts MATCH`` with an FTS5
expression built from Snowball stems (every stem double-quoted, so no query character is FTS5 syntax),
ranked by ``bm25`` with our column weights (without filters through FTS5's own ``ORDER BY rank``; with
filters joined to a materialised set of the documents that pass them); PostgreSQL ``tsv @@ tsquery`` (GIN)
built from ``plainto_tsquery``/``phraseto_tsquery``/``to_tsquery('german', ?)`` with the user's words as
parameters, ranked by ``ts_rank_cd``, the filters as ``EXISTS`` conditions.  Covering indexes (migration
8) let filters and facets read an article's values without its rows.  docs/search.md has the measurements.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import search_schema
from .views_sql import CorpusViewsSQL, _date_clauses

if TYPE_CHECKING:
    from lagebild.corpus.search import SearchHit, SearchPage, SearchQuery
    from lagebild.corpus.search_text import ParsedQuery, Term

# bm25 column weights (title, body, compound parts) and ts_rank_cd weights {D, C, B, A}: a word in the
# title counts most, a word only found inside a compound least.
SQLITE_WEIGHTS = "10.0, 1.0, 0.2"
PG_WEIGHTS = "{0.05, 0.1, 0.4, 1.0}"
PG_NORMALIZATION = 1  # rank / (1 + log(document length)): long articles do not win by length alone
# Article ids are 16 hex digits of a content hash: their first 7 as a number sample matches evenly.
_PG_ID_NUMBER = "('x' || lpad(substr({}, 1, 7), 8, '0'))::bit(32)::int"
# From an FTS5 match to its article id through the narrow index (the search_docs rows span pages).
_DOC_JOIN = "CROSS JOIN search_docs AS d INDEXED BY idx_search_docs_doc ON d.doc = s.rowid "
# The covering index of each filtered table (migration 8): a filter probe reads no table row.
_COVERING = {"articles": "idx_articles_id_published", "publications": "idx_publications_article_outlet",
             "entities": "idx_entities_article_entity", "quotes": "idx_quotes_article_speaker",
             "places": "idx_places_article_name", "events": "idx_events_article_type",
             "story_articles": "idx_story_articles_article_story"}


class SearchSQL(CorpusViewsSQL):
    """Mixin of :class:`~lagebild.store.sql.SQLStore` for full-text search (migration 8)."""

    # --- indexing (called by SQLStore.save_many) ---

    def _is_sqlite(self) -> bool:
        from .sqlite import SQLiteStore

        return isinstance(self, SQLiteStore)

    def _index_for_search(self, article_id: str, title: str | None, text: str) -> None:
        """(Re)index one article; called in the saving transaction, after the ``articles`` row is written.
        A store opened with fewer migrations (tests of older schemas) has no index: migration 8 builds it."""
        if not self._has_search_index():
            return
        if self._is_sqlite():
            self._execute(search_schema.SQLITE_UPSERT, search_schema.sqlite_values(article_id, title, text))
        else:
            self._execute(search_schema.POSTGRES_UPSERT, search_schema.postgres_values(article_id, title, text))

    def _has_search_index(self) -> bool:
        return self._has_table("search_docs")

    def _reindex_for_search(self, article_id: str) -> None:
        """Index the stored title and text again (after a save changed either)."""
        rows = self._fetchall("SELECT title, text FROM articles WHERE id = ?", (article_id,))
        if rows:
            self._index_for_search(article_id, rows[0]["title"], rows[0]["text"])

    # --- searching ---

    def search(self, query: SearchQuery) -> SearchPage:
        """One page of articles matching ``query`` with snippets, total and facets (see
        :mod:`lagebild.corpus.search`).  Bad input raises a coded :class:`~lagebild.errors.SearchError`."""
        from lagebild.corpus.search import FACET_SAMPLE, FACETS, SearchPage, decode_cursor, encode_cursor
        from lagebild.corpus.search_text import parse_query

        query = query.checked()
        parsed = parse_query(query.q)
        plan = self._plan(parsed, query)
        after = decode_cursor(query)
        page = self._fetchall(plan.page_sql(after, int(query.limit) + 1), [*plan.params, *plan.keyset_params(after)])
        more = len(page) > query.limit
        page = page[:query.limit]
        hits = self._hits(page, plan, parsed)
        next_cursor = None
        if more and page:
            last = page[-1]
            next_cursor = encode_cursor(query, (last["score"], last["key"]))
        # The total: a first page that is not full is all; PostgreSQL counts with the page (it scores every
        # match anyway, one pass); otherwise COUNT(*) apart (no scores, no sort).
        if after is None and not more:
            total = len(page)
        elif plan.window_total and page:
            total = int(page[0]["total"])
        else:
            total = int(self._fetchall(plan.count_sql, plan.count_params or [])[0]["n"])
        if not query.facets:
            return SearchPage(hits, total, {}, next_cursor)
        wanted: tuple[str, ...] = FACETS if query.facets is True else tuple(query.facets or ())
        # Many matches: count the facets on every step-th match (a systematic sample across the whole index,
        # not the oldest ones) and scale; the day counts alone (timelines) are always exact.
        step = -(-total // FACET_SAMPLE) if total > FACET_SAMPLE and wanted != ("date",) else 1
        all_names: dict[str, str] = {}
        counts = self._facet_counts(plan, wanted, step, all_names)
        facets = {name: _ordered(name, counter) for name, counter in counts.items() if name in wanted}
        names = {value: all_names[value] for value, _ in facets.get("entity", []) if value in all_names}
        return SearchPage(hits, total, facets, next_cursor, names, facets_estimated=step > 1)

    def _hits(self, page: Sequence[Mapping[str, Any]], plan: _Plan, parsed: ParsedQuery) -> list[SearchHit]:
        """The page's articles (one query), in the page's order, with snippets."""
        from lagebild.corpus.search import SearchHit
        from lagebild.corpus.search_text import snippet

        if not page:
            return []
        keys = [row["key"] for row in page]
        found = {row["key"]: row for row in self._fetchall(
            f"SELECT {plan.hit_key} AS key, a.id, a.title, a.outlet, a.published, a.url, a.text {plan.hit_source} "
            f"WHERE {plan.hit_key} IN ({', '.join('?' * len(keys))})", keys)}
        hits = []
        for row in page:
            article = found[row["key"]]
            hits.append(SearchHit(article["id"], article["title"], article["outlet"], article["published"],
                                  article["url"], snippet(article["text"], parsed),
                                  float(row["score"]) if plan.ranked else 0.0))
        return hits

    def _plan(self, parsed: ParsedQuery, query: SearchQuery) -> _Plan:
        """How to find the matching articles: by the full-text index (ranked) or, for an empty query, from the
        articles themselves (newest first, filters probed per article so the page stops after its
        ``LIMIT``).  See docs/search.md ("How a search runs") for why each backend does what it does."""
        sqlite = self._is_sqlite()
        if parsed.empty:
            conditions, params = self._conditions(query, "a.id", "a")
            allowed, allowed_params = self._allowed(query)
            count = (f"SELECT COUNT(*) AS n FROM ({allowed}) c", allowed_params) if allowed else (
                "SELECT COUNT(*) AS n FROM articles", [])
            # Newest first from the index on published (undated last), the id breaking ties.
            return _Plan(f"FROM articles a WHERE {conditions}", params, "a.id", "a.published", "a.id",
                         "x.score DESC, x.key" if sqlite else "x.score DESC NULLS LAST, x.key", False,
                         "a.id", "FROM articles a", count_sql=count[0], count_params=count[1],
                         sample_key="a.rowid" if sqlite else _PG_ID_NUMBER.format("a.id"),
                         # facets: the articles of the filter sets (not a probe of every article), read
                         # from the narrow index, not the rows with their texts
                         facet_source=f"FROM articles a{' INDEXED BY idx_articles_id_published' if sqlite else ''} "
                                      f"WHERE {f'a.id IN ({allowed})' if allowed else '1 = 1'}",
                         facet_params=allowed_params)
        if sqlite:
            allowed, allowed_params = self._allowed(query)
            hit_source = "FROM search_docs d JOIN articles a ON a.id = d.article_id"
            if allowed:
                # Filters: the docs passing them as one materialised set, joined to each match (an integer
                # probe; per-match EXISTS probes of text ids cost twice as much, in every statement), and
                # page and total from one pass over the scored matches.
                return _Plan("FROM search_fts s CROSS JOIN f ON f.doc = s.rowid WHERE search_fts MATCH ?",
                             [*allowed_params, fts5_match(parsed)], "s.rowid",
                             f"-bm25(search_fts, {SQLITE_WEIGHTS})", "d.article_id", "x.score DESC, x.key", True,
                             "d.doc", hit_source, id_join=_DOC_JOIN, sample_key="s.rowid", window_total=True,
                             prelude=f"f AS MATERIALIZED (SELECT DISTINCT d.doc FROM ({allowed}) x "
                                     "JOIN search_docs d ON d.article_id = x.article_id)")
            # No filter: FTS5 scores (bm25 with our weights) and sorts inside its C code; the total is a
            # separate COUNT(*) of the match (no positions, no scores).
            return _Plan("FROM search_fts s WHERE search_fts MATCH ? AND s.rank MATCH ?",
                         [fts5_match(parsed), f"bm25({SQLITE_WEIGHTS})"], "s.rowid", "-s.rank", "d.article_id",
                         "s.rank", True, "d.doc", hit_source, id_join=_DOC_JOIN, sample_key="s.rowid",
                         inline_keyset=True)
        tsquery, tsparams = pg_tsquery(parsed)
        conditions, params = self._conditions(query, "s.article_id", "")
        return _Plan(f"FROM search_docs s, (SELECT {tsquery} AS query) w WHERE s.tsv @@ w.query AND {conditions}",
                     [*tsparams, *params], "s.article_id",
                     f"ts_rank_cd('{PG_WEIGHTS}', s.tsv, w.query, {PG_NORMALIZATION})::float8", "s.article_id",
                     "x.score DESC, x.key", True, "a.id", "FROM articles a",
                     sample_key=_PG_ID_NUMBER.format("s.article_id"), window_total=True)

    def _conditions(self, query: SearchQuery, article: str, dated: str) -> tuple[str, list[Any]]:
        """The filters as conditions on the article id expression ``article``, each an index probe
        (``dated``: alias of an ``articles`` row already joined, whose ``published`` is used directly)."""
        clauses: list[str] = []
        params: list[Any] = []
        sqlite = self._is_sqlite()

        def covering(table: str) -> str:  # SQLite would rather read the rows by their primary key
            return f" INDEXED BY {_COVERING[table]}" if sqlite else ""

        def exists(table: str, condition: str, *values: Any) -> None:
            clauses.append(f"EXISTS (SELECT 1 FROM {table} f{covering(table)} WHERE f.article_id = {article} "
                           f"AND {condition})")
            params.extend(values)

        if query.date_from or query.date_to:
            dates, date_params = _date_clauses(query.date_from, query.date_to, dated or "f")
            if dated:
                clauses.append(f"1 = 1{dates}")
                params.extend(date_params)
            else:
                clauses.append(f"EXISTS (SELECT 1 FROM articles f{covering('articles')} WHERE f.id = {article}{dates})")
                params.extend(date_params)
        if query.outlet:
            exists("publications", "f.outlet = ?", query.outlet)
        if query.entity:
            ids = self._entity_ids(query.entity) or ["\x00none"]
            exists("entities", f"f.entity_id IN ({', '.join('?' * len(ids))})", *ids)
        if query.speaker:
            exists("quotes", "(f.speaker = ? OR f.speaker_key = ?)", query.speaker,
                   " ".join(query.speaker.split()).casefold())
        if query.place:
            exists("places", "f.name = ?", query.place)
        if query.event_type:
            exists("events", "f.type = ?", query.event_type)
        if query.story:
            if self._has_table("story_articles"):
                exists("story_articles", "f.story_id = ?", query.story)
            else:  # no stories yet: no article is in one
                clauses.append("1 = 0")
        return " AND ".join(clauses) or "1 = 1", params

    def _allowed(self, query: SearchQuery) -> tuple[str | None, list[Any]]:
        """SQL selecting the ``article_id`` of the articles that pass every filter (an INTERSECT of one set
        per filter, each served by an index), or None without filters."""
        sets: list[str] = []
        params: list[Any] = []
        if query.date_from or query.date_to:
            dates, date_params = _date_clauses(query.date_from, query.date_to)
            sets.append(f"SELECT a.id AS article_id FROM articles a WHERE 1 = 1{dates}")
            params += date_params
        if query.outlet:
            sets.append("SELECT p.article_id FROM publications p WHERE p.outlet = ?")
            params.append(query.outlet)
        if query.entity:
            ids = self._entity_ids(query.entity) or ["\x00none"]
            sets.append(f"SELECT e.article_id FROM entities e WHERE e.entity_id IN ({', '.join('?' * len(ids))})")
            params += ids
        if query.speaker:
            sets.append("SELECT q.article_id FROM quotes q WHERE q.speaker = ? OR q.speaker_key = ?")
            params += [query.speaker, " ".join(query.speaker.split()).casefold()]
        if query.place:
            sets.append("SELECT pl.article_id FROM places pl WHERE pl.name = ?")
            params.append(query.place)
        if query.event_type:
            sets.append("SELECT v.article_id FROM events v WHERE v.type = ?")
            params.append(query.event_type)
        if query.story:
            if self._has_table("story_articles"):
                sets.append("SELECT sa.article_id FROM story_articles sa WHERE sa.story_id = ?")
                params.append(query.story)
            else:  # no stories yet: no article is in one
                sets.append("SELECT a.id AS article_id FROM articles a WHERE 1 = 0")
        if not sets:
            return None, []
        return " INTERSECT ".join(sets), params

    def _entity_ids(self, entity: str) -> list[str]:
        """The entity ids ``entity`` names: itself when it is an id, else the ids with that name."""
        rows = self._fetchall("SELECT entity_id FROM entities WHERE entity_id = ? LIMIT 1", (entity,))
        if rows:
            return [entity]
        return [str(r["entity_id"]) for r in self._fetchall(
            "SELECT DISTINCT entity_id FROM entities WHERE name = ?", (entity,))]

    def _has_table(self, name: str) -> bool:
        """Whether the table exists (asked once per store: tables only come with migrations, run on open)."""
        known: dict[str, bool] = self.__dict__.setdefault("_tables_seen", {})
        if name not in known:
            known[name] = self._ask_for_table(name)
        return known[name]

    def _ask_for_table(self, name: str) -> bool:
        if self._is_sqlite():
            sql = "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?"
        else:
            sql = "SELECT 1 AS found WHERE to_regclass(?) IS NOT NULL"
        return bool(self._fetchall(sql, (name,)))

    def _facet_counts(self, plan: _Plan, wanted: Sequence[str], step: int,
                      names: dict[str, str]) -> dict[str, Counter[str]]:
        """Counts of matching articles per value of the ``wanted`` facets (one statement); with ``step`` > 1
        only every step-th match (by ``plan.sample_key``) is counted and the counts are multiplied by it.
        Entity names (one stored name per id) go into ``names``."""
        from lagebild.corpus.search import FACET_SIZE

        parts = [
            "SELECT 'date' AS facet, substr(a.published, 1, 10) AS value, COUNT(*) AS n, NULL AS name "
            "FROM m JOIN articles a ON a.id = m.id GROUP BY substr(a.published, 1, 10)",
            "SELECT 'outlet' AS facet, p.outlet AS value, COUNT(DISTINCT p.article_id) AS n, NULL AS name FROM m "
            "JOIN publications p "
            "ON p.article_id = m.id WHERE p.outlet IS NOT NULL GROUP BY p.outlet",
            "SELECT 'entity' AS facet, e.entity_id AS value, COUNT(DISTINCT e.article_id) AS n, MIN(e.name) AS name "
            "FROM m JOIN entities e "
            "ON e.article_id = m.id GROUP BY e.entity_id",
            "SELECT 'speaker' AS facet, COALESCE(q.speaker_name, q.speaker) AS value, "
            "COUNT(DISTINCT q.article_id) AS n, NULL AS name FROM m "
            "JOIN quotes q ON q.article_id = m.id WHERE COALESCE(q.speaker_name, q.speaker) IS NOT NULL "
            "GROUP BY COALESCE(q.speaker_name, q.speaker)",
            "SELECT 'place' AS facet, pl.name AS value, COUNT(DISTINCT pl.article_id) AS n, NULL AS name FROM m "
            "JOIN places pl "
            "ON pl.article_id = m.id GROUP BY pl.name",
            "SELECT 'event_type' AS facet, v.type AS value, COUNT(DISTINCT v.article_id) AS n, NULL AS name FROM m "
            "JOIN events v "
            "ON v.article_id = m.id GROUP BY v.type",
        ]
        has_stories = "story" in wanted and self._has_table("story_articles")
        if has_stories:
            parts.append("SELECT 'story' AS facet, sa.story_id AS value, COUNT(DISTINCT sa.article_id) AS n, "
                         "NULL AS name FROM m JOIN story_articles sa ON sa.article_id = m.id GROUP BY sa.story_id")
        parts = [part for part in parts if part.split("'")[1] in wanted]
        if self._is_sqlite():  # the matches drive each join (SQLite would rather scan the annotation table)
            parts = [part.replace(" JOIN ", " CROSS JOIN ", 1) for part in parts]
        # SQLite, FTS5 match without filters: one statement per facet, each driven by the (cheap) match and
        # through the covering indexes: twice as fast as one statement over a materialised match set, and
        # only the top FACET_SIZE values of each facet leave the database (days: all of them), in the order
        # of _ordered (count, then value by code point: SQLite's BINARY collation).  Elsewhere one statement
        # with the match materialised once (the top values per facet in SQL made that one slower).
        separate = self._is_sqlite() and plan.ranked and not plan.prelude
        if separate:
            parts = [part if part.startswith("SELECT 'date'") else
                     f"SELECT * FROM (SELECT * FROM ({part}) t WHERE t.value IS NOT NULL "
                     f"ORDER BY t.n DESC, t.value LIMIT {FACET_SIZE}) u" for part in parts]
            for table, index in _COVERING.items():  # SQLite would rather read each row by its primary key
                parts = [re.sub(rf"(JOIN {table} \w+) ON", rf"\1 INDEXED BY {index} ON", part) for part in parts]
        source = plan.facet_source or plan.source.replace("WHERE", f"{plan.id_join}WHERE", 1)
        params = plan.facet_params or [] if plan.facet_source else plan.params
        if step > 1:
            source += f" AND ({plan.sample_key}) % {int(step)} = 0"
        matches = f"SELECT {plan.article} AS id {source}"
        if separate:
            rows = [row for part in parts
                    for row in self._fetchall(f"{plan.with_clause(f'm AS ({matches})')}{part}", params)]
        else:  # one statement, the match evaluated once for every facet
            rows = self._fetchall(f"{plan.with_clause(f'm AS MATERIALIZED ({matches})')}"
                                  f"{' UNION ALL '.join([_FACET_COLUMNS, *parts])}", params)
        counts: dict[str, Counter[str]] = {"date": Counter()}
        counts.update((name, Counter()) for name in wanted if name != "story" or has_stories)
        for row in rows:
            facet, value, n, name = _row4(row)
            if value is not None:
                counts[facet][str(value)] += n * step
                if name is not None:
                    names[str(value)] = str(name)
        return counts



@dataclass(frozen=True, slots=True)
class _Plan:
    """The SQL pieces of one search: ``source`` (FROM ... WHERE of every match) with its ``params``, the sort
    ``key`` (unique per match) and ``score`` expressions, the article id expression (``article``, after
    ``id_join``), the page's ``order``, how a page's keys become articles (``hit_key``, ``hit_source``) and
    how the matches are counted (``count_sql``; by default ``COUNT(*)`` over ``source``)."""

    source: str
    params: list[Any]
    key: str
    score: str
    article: str
    order: str
    ranked: bool
    hit_key: str
    hit_source: str
    id_join: str = ""
    sample_key: str = "0"  # an integer spread evenly over the matches, for sampled facets
    count_sql: str = ""
    count_params: list[Any] | None = None
    inline_keyset: bool = False  # the keyset condition on the expressions (FTS5 must see its ORDER BY rank)
    facet_source: str = ""  # FROM ... WHERE of the matches for the facets, when not ``source``
    facet_params: list[Any] | None = None
    window_total: bool = False  # the page counts every match (when it scores them all anyway: one pass)
    prelude: str = ""  # CTEs before every statement (their parameters lead ``params``)

    def __post_init__(self) -> None:
        if not self.count_sql:
            object.__setattr__(self, "count_sql", f"{self.with_clause()}SELECT COUNT(*) AS n {self.source}")
            object.__setattr__(self, "count_params", self.params)

    def with_clause(self, *more: str) -> str:
        """``WITH`` the prelude and ``more`` CTEs (empty without any)."""
        ctes = [cte for cte in (self.prelude, *more) if cte]
        return f"WITH {', '.join(ctes)} " if ctes else ""

    def page_sql(self, after: tuple[Any, ...] | None, limit: int) -> str:
        """The statement of one page: keys and scores of the next ``limit`` matches after the cursor's."""
        if self.inline_keyset:
            keyset = _keyset(after, self.ranked, self.score, self.key)
            return (f"SELECT {self.key} AS key, {self.score} AS score {self.source} AND {keyset} "
                    f"ORDER BY {self.order} LIMIT {int(limit)}")
        total = ", COUNT(*) OVER () AS total" if self.window_total else ""
        if self.prelude:  # the scores materialised first: FTS5 refuses bm25 in a window query
            scored = f"r AS MATERIALIZED (SELECT {self.key} AS key, {self.score} AS score {self.source})"
            return (f"{self.with_clause(scored)}"
                    f"SELECT x.* FROM (SELECT r.key, r.score{total} FROM r) x "
                    f"WHERE {_keyset(after, self.ranked, 'x.score', 'x.key')} ORDER BY {self.order} LIMIT {int(limit)}")
        return (f"SELECT x.* FROM (SELECT {self.key} AS key, {self.score} AS score{total} {self.source}) x "
                f"WHERE {_keyset(after, self.ranked, 'x.score', 'x.key')} ORDER BY {self.order} LIMIT {int(limit)}")

    def keyset_params(self, after: tuple[Any, ...] | None) -> list[Any]:
        if after is None:
            return []
        score, key = after
        if self.ranked:
            return [float(score), float(score), key]
        return [key] if score is None else [str(score), str(score), key]


def _ordered(name: str, counter: Counter[str]) -> list[tuple[str, int]]:
    """Facet values: days in order, the others most frequent first (the top FACET_SIZE)."""
    from lagebild.corpus.search import FACET_SIZE

    if name == "date":
        return sorted(counter.items())
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:FACET_SIZE]


# The first part of the facet UNION, without rows: it names the columns whatever facets follow.
_FACET_COLUMNS = "SELECT NULL AS facet, NULL AS value, 0 AS n, NULL AS name WHERE 1 = 0"


def _row4(row: Mapping[str, Any]) -> tuple[str, str | None, int, str | None]:
    return str(row["facet"]), row["value"], int(row["n"]), row["name"]


def _keyset(after: tuple[Any, ...] | None, ranked: bool, score: str, key: str) -> str:
    """The condition 'after the cursor's hit' in the page's order (score or date descending, then key);
    its parameters come from :meth:`_Plan.keyset_params`."""
    if after is None:
        return "1 = 1"
    if ranked:
        return f"({score} < ? OR ({score} = ? AND {key} > ?))"
    if after[0] is None:  # undated articles come last, by key
        return f"({score} IS NULL AND {key} > ?)"
    return f"({score} < ? OR ({score} = ? AND {key} > ?) OR {score} IS NULL)"


def _fts5_term(term: Term) -> str:
    from lagebild.corpus.search_text import folded

    stems = " ".join(term.stems)
    if term.prefix:
        return f'("{folded(term.words[0])}" * OR "{stems}")'
    if term.is_phrase:
        return f'{{title body}} : "{stems}"'  # phrases are word sequences: never across compound parts
    return f'"{stems}"'


def fts5_match(parsed: ParsedQuery) -> str:
    """The FTS5 MATCH expression of a non-empty query; stems are ``\\w+`` only, quoted."""
    groups = ["(" + " OR ".join(_fts5_term(t) for t in group) + ")" for group in parsed.all_of]
    expression = " AND ".join(groups)
    if parsed.none_of:
        expression = f"({expression}) NOT (" + " OR ".join(_fts5_term(t) for t in parsed.none_of) + ")"
    return expression


def _pg_term(term: Term) -> tuple[str, list[str]]:
    if term.prefix:  # words starting with the folded prefix, or the word's own forms; one \w+ word: no syntax
        from lagebild.corpus.search_text import folded

        return "(to_tsquery('simple', ?) || plainto_tsquery('german', ?))", [folded(term.words[0]) + ":*",
                                                                              term.words[0]]
    if term.is_phrase:
        return "phraseto_tsquery('german', ?)", [" ".join(term.words)]
    return "plainto_tsquery('german', ?)", [term.words[0]]


def pg_tsquery(parsed: ParsedQuery) -> tuple[str, list[Any]]:
    """A tsquery expression of a non-empty query, with the user's words as parameters."""
    params: list[Any] = []

    def alternatives(terms: Sequence[Term]) -> str:
        pieces = []
        for term in terms:
            sql, values = _pg_term(term)
            pieces.append(sql)
            params.extend(values)
        return "(" + " || ".join(pieces) + ")"

    expression = " && ".join(alternatives(group) for group in parsed.all_of)
    if parsed.none_of:
        expression = f"({expression}) && !!{alternatives(parsed.none_of)}"
    return expression, params
