"""Latency of `lagebild serve`: p50/p95 of the main pages and API calls over real HTTP (goal: p95 < 200 ms).

The application runs in uvicorn on 127.0.0.1 in this process (one worker, as `lagebild serve` does); each URL
is requested once to warm up, then ``--requests`` times one after another with httpx.

Stores:

* the demo store: ``--db PATH`` (e.g. the ``demo.db`` of ``scripts/demo.sh``), or built into a temp dir from
  the seed and ``examples/wikinews.jsonl`` (about a minute) when no ``--db`` is given;
* with ``--generated N``: a second SQLite store of N articles made from the demo store's analysed articles
  (each variant appends a numbered sentence, so it has its own id and every span stays valid) with dates
  spread over a year and 20 outlets; ``--stories`` also groups it into stories (slow for large N).

Usage::

    python benchmarks/web_bench.py [--db demo.db] [--requests 30] [--generated 100000 [--stories] | --large DB]

Prints a markdown table per store.  Timings depend on the machine's load: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from tests.web_support import build_demo_store, live_server, update_stories  # noqa: E402

from lagebild.model import Article  # noqa: E402
from lagebild.offsets import OffsetMap  # noqa: E402
from lagebild.store import Query, open_store  # noqa: E402
from lagebild.web import create_app  # noqa: E402

LAWROW = "kb:lawrow-sergej"
OUTLETS = 20
GOAL_MS = 200.0


def seed_and_story(url: str) -> tuple[str, str | None]:
    with open_store(url, create=False) as store:
        that_day = store.article_ids(Query(date_from="2017-07-08", date_to="2017-07-08"))
        seed = next(a.id for a in store.get_many(that_day) if a.claimed_source == "Reuters"
                    and "variant" not in a.meta)
        finder = getattr(store, "story_of", None)
        return seed, finder(seed) if finder else None


def urls(seed: str, story: str | None) -> list[str]:
    lawrow = quote(LAWROW, safe="")
    found = ["/", "/search", "/search?q=Waffenruhe", f"/articles/{seed}", f"/entities/{lawrow}",
             f"/quotes?speaker={lawrow}", "/events", "/map", "/api/articles?q=Syrien", "/api/articles",
             f"/api/articles/{seed}", f"/api/entities/{lawrow}", f"/api/quotes?speaker={lawrow}",
             "/api/events?event_type=agree", "/api/timeline?q=Syrien", "/api/stats", "/api/stories"]
    if story:
        found += [f"/stories/{story}", f"/api/stories/{story}"]
    return found


def measure(store_url: str, paths: list[str], requests: int) -> list[tuple[str, int, float, float, float]]:
    rows = []
    with live_server(create_app(store_url)) as base, httpx.Client(base_url=base, timeout=120) as client:
        for path in paths:
            status = client.get(path).status_code  # warm-up (templates compiled, connections opened)
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                status = response.status_code
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            rows.append((path, status, statistics.median(times), p95, times[-1]))
    return rows


def variant(article: Article, number: int) -> Article:
    suffix = f" Fassung {number}."
    result = copy.copy(article)
    offsets = article.offsets
    result.text = article.text + suffix
    result.raw = article.raw + suffix
    result.offsets = OffsetMap([*offsets.clean_starts, len(article.text)], [*offsets.raw_starts, len(article.raw)],
                               [*offsets.lengths, len(suffix)], len(result.text), len(result.raw))
    day = 1 + number % 365
    result.published = time.strftime("%Y-%m-%d", time.gmtime(1483228800 + day * 86400))  # during 2017
    result.outlet = f"outlet{number % OUTLETS}.example"
    result.url = f"https://{result.outlet}/{number}"
    result.meta = {**article.meta, "variant": number}
    return result


def generate(source: str, target: str, n: int, stories: bool) -> None:
    with open_store(source, create=False) as old:
        base = list(old.iter_articles())
    started = time.perf_counter()
    with open_store(target) as store:
        store.save_many(base)
        batch: list[Article] = []
        for number in range(n - len(base)):
            batch.append(variant(base[number % len(base)], number))
            if len(batch) == 500:
                store.save_many(batch)
                batch = []
        if batch:
            store.save_many(batch)
        print(f"generated {store.count()} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        if stories:
            update_stories(store)


def table(title: str, rows: list[tuple[str, int, float, float, float]]) -> str:
    lines = [f"### {title}", "", "| request | status | p50 ms | p95 ms | max ms | p95 < 200 ms |",
             "|---|---|---|---|---|---|"]
    for path, status, p50, p95, worst in rows:
        met = "yes" if p95 < GOAL_MS else "NO"
        lines.append(f"| `{path}` | {status} | {p50:.1f} | {p95:.1f} | {worst:.1f} | {met} |")
    met = sum(1 for row in rows if row[3] < GOAL_MS)
    lines += ["", f"{met} of {len(rows)} requests meet the goal."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="the demo store (default: build one in a temp dir)")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--generated", type=int, default=0, help="also measure a store of N generated articles")
    parser.add_argument("--stories", action="store_true", help="group the generated store into stories")
    parser.add_argument("--large", help="measure this large store (e.g. one --generated made before) too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        demo = args.db
        if demo is None:
            demo = str(Path(scratch) / "demo.db")
            print("building the demo store ...", file=sys.stderr)
            build_demo_store(demo)
        seed, story = seed_and_story(demo)
        with open_store(demo, create=False) as store:
            count = store.count()
        print(table(f"demo store ({count} articles)", measure(demo, urls(seed, story), args.requests)))
        large = args.large
        if args.generated:
            large = str(Path(scratch) / "generated.db")
            generate(demo, large, args.generated, args.stories)
        if large:
            _, large_story = seed_and_story(large)
            with open_store(large, create=False) as store:
                count = store.count()
            print()
            print(table(f"large store ({count} articles)", measure(large, urls(seed, large_story), args.requests)))


if __name__ == "__main__":
    main()
