"""Store throughput on SQLite and PostgreSQL, side by side.

Analyses ``examples/wikinews.jsonl`` once (pipeline ``clean,sentences,tagger,ner,entities,geo,quotes,
timex,events``, fast NER), then makes ``--articles`` realistic articles from those by appending a numbered
sentence at the end of the text (ids are content hashes, spans before the end stay valid) and measures on
each backend:

* writing: ``save_many`` in batches of ``--batch`` articles (articles/s);
* ``export events``: ``iter_articles()`` + ``event_rows`` + ``write_rows`` (CSV) into memory;
* ``get_many`` of 1,000 random ids;
* ``quotes(Query(speaker=...))`` of the corpus's most quoted speaker.

SQLite writes a temp file; PostgreSQL runs in a throwaway cluster made with ``scripts/postgres.sh start`` in
a temp dir and stopped at the end (or on ``--pg-url``, an existing empty database).

Usage::

    python benchmarks/store.py [--articles N] [--batch N] [--pg-url URL] [--backends sqlite,postgres]

Prints a markdown table.
"""

from __future__ import annotations

import argparse
import copy
import io
import os
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lagebild.events.export import event_rows, write_rows  # noqa: E402
from lagebild.ingest import InputFailure, iter_documents  # noqa: E402
from lagebild.model import Article  # noqa: E402
from lagebild.offsets import OffsetMap  # noqa: E402
from lagebild.pipeline import Pipeline  # noqa: E402
from lagebild.resources import Resources  # noqa: E402
from lagebild.settings import Settings  # noqa: E402
from lagebild.store import Query, open_store  # noqa: E402
from lagebild.store.sql import SQLStore  # noqa: E402

PIPELINE = ("clean", "sentences", "tagger", "ner", "entities", "geo", "quotes", "timex", "events")
EXAMPLES = ROOT / "examples" / "wikinews.jsonl"
SCRIPT = ROOT / "scripts" / "postgres.sh"
GET_MANY = 1000


def analysed_examples() -> list[Article]:
    pipeline = Pipeline(PIPELINE, settings=Settings(ner_model="fast"))
    documents = [d for d in iter_documents([str(EXAMPLES)]) if not isinstance(d, InputFailure)]
    articles = [a for a in pipeline.pipe(documents) if isinstance(a, Article)]
    if not articles:
        raise SystemExit(f"nothing analysed from {EXAMPLES}")
    return articles


def variant(article: Article, number: int) -> Article:
    """``article`` with a numbered sentence appended to raw and text: a new id, every span still valid."""
    suffix = f" Fassung {number}."
    result = copy.copy(article)  # layers are shared (their items are immutable)
    offsets = article.offsets
    result.text = article.text + suffix
    result.raw = article.raw + suffix
    result.offsets = OffsetMap([*offsets.clean_starts, len(article.text)], [*offsets.raw_starts, len(article.raw)],
                               [*offsets.lengths, len(suffix)], len(result.text), len(result.raw))
    result.meta = {**article.meta, "variant": number}
    return result


def corpus(base: list[Article], n: int) -> Iterator[Article]:
    for i in range(n):
        yield variant(base[i % len(base)], i)


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """A throwaway cluster (scripts/postgres.sh), stopped and removed afterwards."""
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


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def size_of(store: SQLStore) -> int:
    if store.url.startswith("postgres"):
        return int(store._fetchall("SELECT pg_database_size(current_database()) AS n")[0]["n"])
    store._execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return os.path.getsize(store.url)


def server_version(store: SQLStore) -> str:
    if store.url.startswith("postgres"):
        return "PostgreSQL " + str(store._fetchall("SHOW server_version")[0]["server_version"]).split()[0]
    return "SQLite " + sqlite3.sqlite_version


def measure(url: str, base: list[Article], n: int, batch: int, speaker: str) -> dict[str, Any]:
    store = open_store(url)
    assert isinstance(store, SQLStore)
    figures: dict[str, Any] = {"version": server_version(store)}
    try:
        assert store.count() == 0, f"{url} is not empty"
        start = time.perf_counter()
        pending: list[Article] = []
        new = 0
        for article in corpus(base, n):
            pending.append(article)
            if len(pending) == batch:
                new += sum(store.save_many(pending))
                pending.clear()
        if pending:
            new += sum(store.save_many(pending))
        seconds = time.perf_counter() - start
        assert new == n == store.count(), (new, n)
        figures["write"] = n / seconds
        figures["write_s"] = seconds

        knowledge = Resources.from_store(store).knowledge_base

        def export() -> tuple[int, int]:
            out = io.StringIO()
            articles = 0

            def rows() -> Iterator[dict[str, Any]]:
                nonlocal articles
                for article in store.iter_articles():
                    articles += 1
                    yield from event_rows(article, knowledge)

            events = write_rows(rows(), out, "csv")
            return articles, events

        seconds, (articles, events) = timed(export)
        figures.update(export_s=seconds, export=articles / seconds, events=events)

        ids = random.Random(1).sample(store.article_ids(), min(GET_MANY, n))
        seconds, loaded = timed(lambda: store.get_many(ids))
        assert len(loaded) == len(ids)
        figures["get_many_s"] = seconds
        figures["get_many_n"] = len(ids)

        seconds, quotes = timed(lambda: store.quotes(Query(speaker=speaker)))
        figures.update(quotes_s=seconds, quotes=len(quotes))
        figures["size"] = size_of(store)
    finally:
        store.close()
    return figures


def table(results: dict[str, dict[str, Any]], n: int, batch: int, speaker: str) -> str:
    names = list(results)
    header = "| | " + " | ".join(f"{name} ({results[name]['version']})" for name in names) + " |"
    lines = [header, "|---|" + "---:|" * len(names)]

    def row(label: str, render: Callable[[dict[str, Any]], str]) -> None:
        lines.append(f"| {label} | " + " | ".join(render(results[name]) for name in names) + " |")

    row(f"write {n:,} articles, save_many × {batch}",
        lambda r: f"{r['write']:,.0f} articles/s ({r['write_s']:.1f} s)")
    row("export events (iter_articles + event_rows + CSV)",
        lambda r: f"{r['export']:,.0f} articles/s ({r['export_s']:.1f} s, {r['events']:,} events)")
    row(f"get_many of {min(GET_MANY, n):,} random ids",
        lambda r: f"{r['get_many_s'] * 1000:,.0f} ms ({r['get_many_n'] / r['get_many_s']:,.0f} articles/s)")
    row(f"quotes(Query(speaker={speaker!r}))", lambda r: f"{r['quotes_s'] * 1000:,.0f} ms ({r['quotes']:,} quotes)")
    row("size on disk", lambda r: f"{r['size'] / 2**20:,.0f} MiB")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000, help="articles to write (default 10000)")
    parser.add_argument("--batch", type=int, default=100, help="articles per save_many (default 100)")
    parser.add_argument("--pg-url", help="an existing, empty PostgreSQL database instead of a throwaway cluster")
    parser.add_argument("--backends", default="sqlite,postgres", help="comma-separated (default sqlite,postgres)")
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if not backends or set(backends) - {"sqlite", "postgres"} or args.articles < 1 or args.batch < 1:
        parser.error("--backends takes sqlite and/or postgres; --articles and --batch must be positive")

    start = time.perf_counter()
    base = analysed_examples()
    print(f"analysed {len(base)} example articles in {time.perf_counter() - start:.1f} s; "
          f"{sum(len(a.events) for a in base)} events, {sum(len(a.quotes) for a in base)} quotes; "
          f"writing {args.articles:,} variants per backend", file=sys.stderr)
    speakers = Counter(q.speaker_name for a in base for q in a.quotes if q.speaker_name)
    speaker = speakers.most_common(1)[0][0] if speakers else "Niemand"

    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="lagebild-bench-") as tmp:
        for backend in backends:
            if backend == "sqlite":
                results["SQLite"] = measure(str(Path(tmp) / "bench.db"), base, args.articles, args.batch, speaker)
            elif args.pg_url:
                results["PostgreSQL"] = measure(args.pg_url, base, args.articles, args.batch, speaker)
            else:
                with postgres_cluster() as url:
                    results["PostgreSQL"] = measure(url, base, args.articles, args.batch, speaker)
            print(f"{backend}: done", file=sys.stderr)
    print(f"lagebild store benchmark: {args.articles:,} articles ({len(base)} analysed examples × variants), "
          f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}\n")
    print(table(results, args.articles, args.batch, speaker))


if __name__ == "__main__":
    main()
