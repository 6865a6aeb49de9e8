"""Full-text search latency on 100,000 stored articles, SQLite and PostgreSQL (issue #12: p95 < 50 ms).

The store is filled directly, not through the NLP pipeline (100,000 analyses would take hours): each synthetic
article is 6–20 German news sentences drawn from 10kGNAD (``../shared/data/10kgnad/test.csv``, used here for
measuring only: CC BY-NC-SA) or, without it, from ``examples/wikinews.jsonl``, with a title, one of 15 outlets,
a day in 2019–2020, 2–6 entities (Zipf-distributed over 2,000) with a mention each, 0–2 quotes, a place,
0–2 events, a publication row and a story.  The search index is written with the same functions and SQL
expressions the store uses when it saves (:mod:`lagebild.store.search_schema`), in bulk.

Then every query of a fixed set (single words of several frequencies, two words, phrases, OR, exclusion,
prefix, a compound part) runs with no filter, an outlet, a one-month window, an entity, and outlet + window
(with facets: no filter and an outlet), plus filter-only listings (empty query) and the second page of each
word query; one warm-up and ``--repeat`` timed runs each.  Prints p50 / p95 / max per group and backend as a
markdown table.

Usage::

    python benchmarks/search_bench.py [--articles 100000] [--repeat 3] [--backends sqlite,postgres]
                                      [--pg-url URL] [--sqlite FILE] [--fill-only]

PostgreSQL runs in a throwaway cluster (``scripts/postgres.sh start`` in a temp dir, stopped at the end) unless
``--pg-url`` names an existing empty database.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lagebild.corpus.search import SearchQuery  # noqa: E402
from lagebild.corpus.search_text import compound_parts, part_stems_of, stems_of  # noqa: E402
from lagebild.store import open_store, search_schema  # noqa: E402
from lagebild.store.sql import SQLStore  # noqa: E402

SCRIPT = ROOT / "scripts" / "postgres.sh"
GNAD = Path(os.environ.get("LAGEBILD_SHARED", ROOT.parent / "shared" / "data")) / "10kgnad" / "test.csv"
WIKINEWS = ROOT / "examples" / "wikinews.jsonl"
OUTLETS = ("spiegel.de", "zeit.de", "faz.net", "sueddeutsche.de", "welt.de", "stern.de", "tagesschau.de",
           "derstandard.at", "nzz.ch", "taz.de", "focus.de", "n-tv.de", "deutschlandfunk.de", "dpa", "afp")
PLACES = ("Berlin", "Wien", "Hamburg", "München", "Zürich", "Brüssel", "Paris", "Washington", "Moskau", "Kiew",
          "Peking", "London", "Rom", "Graz", "Linz", "Salzburg", "Innsbruck", "Frankfurt", "Köln", "Genf")
EVENT_TYPES = ("meet", "agree", "attack", "arrest", "criticize", "demand", "elect", "protest", "resign", "sign",
               "announce", "deny", "investigate", "sanction", "kill")
QUERIES = ("Regierung", "Polizei", "Prozent", "Flüchtlinge", "Unternehmen", "Gericht", "Bundeskanzler",
           "Klimawandel", "Staatsanwaltschaft", "Weltmeister", "Regierung Wien", "Polizei Festnahme",
           '"Millionen Euro"', '"am Montag"', '"in Wien"', "Polizei OR Gericht", "Regierung -Wien", "Flücht*",
           "Minister", "Ruhe", "Wahl Präsident Stimmen", "Euro Prozent Jahr")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])")


def sentences() -> tuple[list[str], str]:
    """German news sentences and where they come from."""
    texts: list[str] = []
    source = str(WIKINEWS.relative_to(ROOT))
    if GNAD.is_file():
        with GNAD.open(encoding="utf-8", newline="") as handle:
            texts = [row[1] for row in csv.reader(handle, delimiter=";", quotechar="'") if len(row) > 1]
        source = "10kGNAD test.csv (evaluation-only licence)"
    texts += [json.loads(line)["text"] for line in WIKINEWS.read_text("utf-8").splitlines() if line.strip()]
    pool = [s.strip() for text in texts for s in SENTENCE_END.split(text) if 30 <= len(s.strip()) <= 400]
    return pool, source


class Sentence:
    """A pool sentence with its index terms computed once (articles are made of pool sentences)."""

    __slots__ = ("part_stems", "parts", "stems", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.stems = " ".join(stems_of(text))
        self.part_stems = part_stems_of(text)
        self.parts = [p for word in dict.fromkeys(re.findall(r"\w+", text)) for p in compound_parts(word)]


def synthetic(count: int, pool: list[Sentence], seed: int = 12) -> Iterator[dict[str, Any]]:
    """``count`` articles as rows for each table (plain dicts of lists)."""
    rng = random.Random(seed)
    entity_weights = [1 / (rank + 1) for rank in range(2000)]
    labels = ("PER", "ORG", "LOC", "PER")
    for number in range(count):
        article_id = f"{rng.getrandbits(64):016x}"
        chosen = rng.sample(pool, rng.randint(6, 20))
        text = " ".join(s.text for s in chosen)
        title = chosen[0].text[:90]
        outlet = OUTLETS[min(int(rng.expovariate(0.25)), len(OUTLETS) - 1)]
        day = 17897 + rng.randint(0, 730)  # days since 1970: 2019-01-01 ...
        published = time.strftime("%Y-%m-%d", time.gmtime(day * 86400))
        people = list(dict.fromkeys(rng.choices(range(2000), entity_weights, k=rng.randint(2, 6))))
        entities = [(f"ent-{n}", f"Name {n}", labels[n % 4]) for n in people]
        starts, position = [], 0
        for s in chosen:
            starts.append(position)
            position += len(s.text) + 1
        quotes = []
        for seq, index in enumerate(rng.sample(range(len(chosen)), rng.randint(0, 2))):
            speaker = entities[seq % len(entities)]
            start = starts[index]
            quotes.append((article_id, seq, start, start + len(chosen[index].text), chosen[index].text, "indirect",
                           speaker[0], speaker[1], speaker[1].casefold(), None, None, None))
        place = PLACES[min(int(rng.expovariate(0.3)), len(PLACES) - 1)]
        yield {
            "id": article_id, "title": title, "text": text, "outlet": outlet, "published": published,
            "articles": (article_id, f"https://{outlet}/{number}", outlet, title, published, text, "{}", "{}",
                         "[]", "[]", "bench", "bench"),
            "entities": [(article_id, seq, e[0], e[1], e[2], None) for seq, e in enumerate(entities)],
            "mentions": [(article_id, seq, 0, 1, e[1], e[2], e[0], "name") for seq, e in enumerate(entities)],
            "quotes": quotes,
            "places": [(article_id, 0, 0, 1, place, place, "DE", None, None, None)],
            "events": [(article_id, seq, rng.choice(EVENT_TYPES), 0, 1, "x", "[]", "[]", None, None, None, None, None)
                       for seq in range(rng.randint(0, 2))],
            "publications": [(article_id, f"{number} | {outlet}", f"https://{outlet}/{number}", outlet, title,
                              published, "bench", "bench")],
            "story_articles": [(f"story-{rng.randint(0, count // 5)}", article_id, number, 1.0, "bench", None, "{}")],
            "sqlite_terms": (article_id, " ".join(stems_of(title)), " ".join(s.stems for s in chosen),
                             " ".join(p for s in chosen for p in s.part_stems)),
            "pg_parts": (article_id, " ".join(dict.fromkeys(p for s in chosen for p in s.parts))),
        }


COLUMNS = {
    "articles": "id, url, outlet, title, published, text, offsets_json, meta_json, components_json, tokens_json, "
                "created, updated",
    "entities": "article_id, seq, entity_id, name, label, kb_id",
    "mentions": 'article_id, seq, start, "end", text, label, entity, kind',
    "quotes": 'article_id, seq, start, "end", text, type, speaker, speaker_name, speaker_key, cue_start, cue_end, '
              "cue_text",
    "places": 'article_id, seq, start, "end", text, name, country_code, lat, lon, geonames_id',
    "events": "article_id, seq, type, trigger_start, trigger_end, trigger_text, actors_json, targets_json, place, "
              "time, code, speaker, details_json",
    "publications": "article_id, pub_key, url, outlet, title, published, source, first_seen",
    "story_articles": "story_id, article_id, seq, score, via, closest, features_json",
}


def fill(store: SQLStore, rows: Iterator[dict[str, Any]], batch: int = 5000) -> None:
    postgres = not store.url.endswith(".db")
    buffer: list[dict[str, Any]] = []

    def flush() -> None:
        if not buffer:
            return
        with store._transaction():
            for table, columns in COLUMNS.items():
                values = [buffer_row[table] if table == "articles" else r
                          for buffer_row in buffer
                          for r in ([buffer_row[table]] if table == "articles" else buffer_row[table])]
                if not values:
                    continue
                if postgres:
                    with store.conn.cursor() as cursor, cursor.copy(  # type: ignore[attr-defined]
                            f"COPY {table} ({columns}) FROM STDIN") as copy:
                        for value in values:
                            copy.write_row(value)
                else:
                    marks = ", ".join("?" * len(values[0]))
                    store._executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
            if postgres:
                store._execute("CREATE TEMP TABLE IF NOT EXISTS bench_parts (article_id TEXT, parts TEXT)")
                with store.conn.cursor() as cursor, cursor.copy(  # type: ignore[attr-defined]
                        "COPY bench_parts (article_id, parts) FROM STDIN") as copy:
                    for buffer_row in buffer:
                        copy.write_row(buffer_row["pg_parts"])
                # The expression the store's save uses (search_schema.pg_tsvector), for a batch at once.
                store._execute("INSERT INTO search_docs (article_id, parts, tsv) SELECT a.id, b.parts, "
                               f"{search_schema.pg_tsvector('a.title', 'a.text', 'b.parts')} FROM bench_parts b "
                               "JOIN articles a ON a.id = b.article_id")
                store._execute("DELETE FROM bench_parts")
            else:
                store._executemany(search_schema.SQLITE_UPSERT, [r["sqlite_terms"] for r in buffer])
        buffer.clear()

    for row in rows:
        buffer.append(row)
        if len(buffer) >= batch:
            flush()
    flush()
    store._execute("ANALYZE")


def requests() -> list[tuple[str, SearchQuery]]:
    """(group, query) pairs: every query with each filter set, with and without facets; listings."""
    filters: list[dict[str, Any]] = [{}, {"outlet": "zeit.de"}, {"date_from": "2020-03-01", "date_to": "2020-03-31"},
                                     {"entity": "ent-3"}, {"outlet": "spiegel.de", "date_from": "2019-06-01",
                                                           "date_to": "2019-08-31"}]
    result = []
    for facets in (False, True):
        group = "words + facets" if facets else "words"
        for q in QUERIES:
            for f in filters if not facets else filters[:2]:  # facets: without a filter and with an outlet
                result.append((group, SearchQuery(q=q, facets=facets, **f)))
        for f in [*filters[1:], {"place": "Wien"}, {"speaker": "name 5"}, {"event_type": "resign"}]:
            result.append(("listing + facets" if facets else "listing", SearchQuery(facets=facets, **f)))
    return result


def measure(store: SQLStore, repeat: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    for group, request in requests():
        store.search(request)  # warm-up
        for _ in range(repeat):
            start = time.perf_counter()
            store.search(request)
            timings.setdefault(group, []).append((time.perf_counter() - start) * 1000)
        if request.q and group == "words":
            page = store.search(SearchQuery(q=request.q, facets=False))
            if page.next_cursor:  # the second page too
                start = time.perf_counter()
                store.search(SearchQuery(q=request.q, facets=False, cursor=page.next_cursor))
                timings.setdefault("next page", []).append((time.perf_counter() - start) * 1000)
    return timings


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    directory = tempfile.mkdtemp(prefix="lagebild-bench-pg-", dir="/tmp" if os.path.isdir("/tmp") else None)
    try:
        proc = subprocess.run(["bash", str(SCRIPT), "start", directory], capture_output=True, text=True,
                              check=False, stdin=subprocess.DEVNULL, timeout=300)
        if proc.returncode != 0:
            raise SystemExit(f"scripts/postgres.sh start failed:\n{proc.stderr[-2000:]}")
        yield proc.stdout.strip().splitlines()[-1]
    finally:
        if (Path(directory) / ".lagebild-postgres").exists():
            subprocess.run(["bash", str(SCRIPT), "stop", directory], capture_output=True, text=True, check=False,
                           stdin=subprocess.DEVNULL, timeout=300)
        shutil.rmtree(directory, ignore_errors=True)


def run_backend(url: str, pool: list[Sentence], articles: int, repeat: int,
                fill_only: bool = False) -> dict[str, list[float]]:
    store = open_store(url)
    assert isinstance(store, SQLStore)
    try:
        start = time.perf_counter()
        if store.count() >= articles:  # kept from an earlier run (--sqlite, --pg-url)
            print(f"{url.split('@')[-1]}: reusing its {store.count():,} articles", file=sys.stderr)
        else:
            fill(store, synthetic(articles, pool))
            print(f"{url.split('@')[-1]}: {store.count():,} articles stored and indexed in "
                  f"{time.perf_counter() - start:.0f} s", file=sys.stderr)
        if fill_only:
            return {}
        hits = [store.search(SearchQuery(q=q, facets=False, limit=1)).total for q in QUERIES]
        print(f"  hits per query: min {min(hits):,}, median {int(statistics.median(hits)):,}, max {max(hits):,}",
              file=sys.stderr)
        return measure(store, repeat)
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--pg-url", help="an existing PostgreSQL database instead of a throwaway cluster (empty, or "
                                          "filled by an earlier run: then it is reused)")
    parser.add_argument("--sqlite", help="keep the SQLite store in this file (reused when filled by an earlier run)")
    parser.add_argument("--fill-only", action="store_true", help="fill the stores, measure nothing")
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if not backends or set(backends) - {"sqlite", "postgres"} or args.articles < 1 or args.repeat < 1:
        parser.error("--backends takes sqlite and/or postgres; --articles and --repeat must be positive")
    texts, source = sentences()
    start = time.perf_counter()
    pool = [Sentence(t) for t in texts]
    print(f"{len(pool):,} sentences from {source}, index terms in {time.perf_counter() - start:.0f} s",
          file=sys.stderr)
    results: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="lagebild-search-bench-") as tmp:
        for backend in backends:
            if backend == "sqlite":
                results["SQLite"] = run_backend(args.sqlite or str(Path(tmp) / "bench.db"), pool, args.articles,
                                                args.repeat, args.fill_only)
            elif args.pg_url:
                results["PostgreSQL"] = run_backend(args.pg_url, pool, args.articles, args.repeat, args.fill_only)
            else:
                with throwaway_cluster() as url:
                    results["PostgreSQL"] = run_backend(url, pool, args.articles, args.repeat, args.fill_only)
    out = io.StringIO()
    out.write(f"\n{args.articles:,} articles; times in ms (one run on a shared, loaded machine)\n\n")
    out.write("| backend | group | runs | p50 | p95 | max |\n|---|---|---:|---:|---:|---:|\n")
    for backend, timings in results.items():
        for group, values in timings.items():
            out.write(f"| {backend} | {group} | {len(values)} | {statistics.median(values):.1f} | "
                      f"{percentile(values, 0.95):.1f} | {max(values):.1f} |\n")
    print(out.getvalue())


if __name__ == "__main__":
    main()
