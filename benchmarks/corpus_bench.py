"""The corpus update through the store: ``update_corpus`` time per article at 1x, 10x and 100x of ~1,000 articles.

Where ``benchmarks/corpus.py`` times the in-memory indexes, this times what ``lagebild corpus update`` does on
an SQLite store (or PostgreSQL with ``--db-url``): read the unindexed articles in batches, extract story
features (lemmas, entities), check each for near-duplicates (``CopyIndex.add``), cluster it
(``StoryIndex.add``) and write signatures, links, groups, assignments and story summaries, one transaction per
batch.

* **base** (analysed once, not timed): the seed and the 40 Wikinews texts of ``examples/`` plus 10kGNAD test
  texts (``/work/shared/data/10kgnad``, CC BY-NC-SA: measurement only) and ``--variants`` generated outlet
  versions of random base texts (edited agency copy, shortened copy, added paragraph, light rewording; from
  ``benchmarks/corpus.py``), each analysed with ``clean,sentences,tagger,entities`` (lemmas and entities are what
  the story features read; no NER model, no quotes: the corpus step does not need them).
* **scale N** = N replicas of the base; replica r renames every word, lemma and entity id (suffix ``q<r>``) with
  all spans moved, so replicas share nothing: N independent copies of the corpus's structure in one store.
  Publication days advance at ``--per-day`` articles per day, so the story window holds as many articles at
  every scale.
* For each scale: a new store, every article saved (not timed), then one ``update_corpus`` run, timed as wall
  clock and as CPU seconds of this process (``time.process_time``: other load on the machine does not count; on
  an idle machine with SQLite they are close), with the report's CPU split into the copy check and the story
  step; the rest is reading articles and writing rows.

Prints a markdown table.  Targets: the near-duplicate check >= 2,000 articles/s; 10x the corpus <= 12x the
update time (``time ratio``, relative to the previous scale).  The machine may be shared: ratios measured in one
run are what to compare.

Usage::

    python benchmarks/corpus_bench.py [--scales 1,10] [--base 760] [--variants 240] [--per-day 150]
                                      [--db-url postgresql://...]
"""

from __future__ import annotations

import argparse
import bisect
import platform
import random
import re
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import default_data_dir, example_texts, gnad_texts
from corpus import make_variant

from lagebild.annotations import Entity, Sentence, Token
from lagebild.corpus.update import CorpusUpdateReport, update_corpus
from lagebild.model import Article
from lagebild.pipeline import Pipeline
from lagebild.store import open_store

_WORD = re.compile(r"\w+")


def build_base(limit: int, variants: int, seed: int) -> tuple[list[Article], dict[int, int]]:
    """The analysed base articles and, for each variant's position, the position of its source."""
    texts = example_texts() + gnad_texts(default_data_dir(), max(0, limit - 41))
    rng = random.Random(seed)
    sources: dict[int, int] = {}
    for _ in range(variants):
        origin = rng.randrange(len(texts))
        _, text = make_variant(texts[origin], texts[rng.randrange(len(texts))], rng)
        sources[len(texts)] = origin
        texts.append(text)
    pipeline = Pipeline(["clean", "sentences", "tagger", "entities"])
    started = time.perf_counter()
    articles = [pipeline(Article(raw=text, outlet=f"outlet{i % 37}", title=text[:60])) for i, text in enumerate(texts)]
    print(f"(analysed {len(articles)} base articles once in {time.perf_counter() - started:.0f} s; not timed)")
    return articles, sources


def rename(article: Article, tag: str, published: str) -> Article:
    """A copy of ``article`` whose words, lemmas and entity ids carry ``tag``, spans moved accordingly."""
    text = article.text
    ends = [m.end() for m in _WORD.finditer(text)]
    renamed = _WORD.sub(lambda m: m.group() + tag, text) if tag else text

    def at(offset: int) -> int:  # every word ending at or before ``offset`` grew by len(tag)
        return offset + len(tag) * bisect.bisect_right(ends, offset)

    def start(offset: int) -> int:
        return offset + len(tag) * bisect.bisect_right(ends, offset - 1) if offset else 0

    entity = {e.id: e.id + tag for e in article.entities}
    return Article(
        raw=renamed, text=renamed, published=published, outlet=article.outlet, title=(article.title or "") + tag,
        components=list(article.components),
        tokens=[Token(start(t.start), at(t.end), t.pos, (t.lemma or "") + tag, t.mood) for t in article.tokens],
        sentences=[Sentence(start(s.start), at(s.end)) for s in article.sentences],
        mentions=[replace(m, text=renamed[start(m.start):at(m.end)], start=start(m.start), end=at(m.end),
                          entity=entity.get(m.entity or "", m.entity)) for m in article.mentions],
        entities=[Entity(entity[e.id], e.name + tag, e.label, e.kb_id) for e in article.entities],
    )


def replicas(base: list[Article], scale: int, per_day: int) -> Iterator[list[Article]]:
    """The corpus, one replica at a time (only one is in memory)."""
    first = date(2024, 1, 1)
    position = 0
    for replica in range(scale):
        tag = f"q{replica}" if replica else ""
        articles = []
        for article in base:
            published = (first + timedelta(days=position // per_day)).isoformat()
            articles.append(rename(article, tag, published))
            position += 1
        yield articles


def run(base: list[Article], scale: int, per_day: int, url: str) -> tuple[CorpusUpdateReport, float, float,
                                                                          list[str]]:
    """Save the corpus (timed apart), run one update; the report, update seconds, save seconds and the ids."""
    ids: list[str] = []
    with open_store(url) as store:
        started = time.perf_counter()
        for articles in replicas(base, scale, per_day):
            for first in range(0, len(articles), 500):
                store.save_many(articles[first:first + 500])
            ids += [article.id for article in articles]
        saved = time.perf_counter() - started
        started = time.perf_counter()
        report = update_corpus(store)
        return report, time.perf_counter() - started, saved, ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--base", type=int, default=760, help="base texts (examples + 10kGNAD test)")
    parser.add_argument("--variants", type=int, default=240, help="generated outlet versions per replica")
    parser.add_argument("--per-day", type=int, default=150, help="articles per publication day")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db-url", help="a PostgreSQL URL of an empty database per scale (default: SQLite files)")
    args = parser.parse_args()
    base, sources = build_base(args.base, args.variants, args.seed)
    print(f"python {platform.python_version()}, {platform.machine()}, replica = {len(base) - len(sources)} base texts"
          f" + {len(sources)} variants, {args.per_day} articles/day, store: {'PostgreSQL' if args.db_url else 'SQLite'}"
          "\n")
    print("| scale | articles | save s (not timed) | update wall s | update CPU s | CPU µs/article "
          "| near-dup check articles/s | stories step articles/s | read+write CPU s | CPU time ratio | wall ratio "
          "| planted copies found | stories | max RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    previous: tuple[float, float] | None = None
    with tempfile.TemporaryDirectory(prefix="lagebild-corpus-bench-") as tmp:
        for scale in (int(s) for s in args.scales.split(",")):
            url = args.db_url or str(Path(tmp) / f"scale{scale}.db")
            report, seconds, saved, ids = run(base, scale, args.per_day, url)
            with open_store(url) as store:
                found = planted = 0
                for replica in range(scale):
                    for variant, origin in sources.items():
                        planted += 1
                        a, b = ids[replica * len(base) + variant], ids[replica * len(base) + origin]
                        found += a == b or any(link["other_id"] == b for link in store.copies_of(a))
                if args.db_url:
                    store.reset_corpus()
                    store._execute("DELETE FROM articles")  # type: ignore[attr-defined]
            cpu = report.seconds_cpu
            ratio = f"{cpu / previous[0]:.1f}x" if previous else "–"
            wall_ratio = f"{seconds / previous[1]:.1f}x" if previous else "–"
            rest = cpu - report.copy_seconds - report.story_seconds
            print(f"| {scale}x | {report.articles:,} | {saved:.1f} | {seconds:.1f} | {cpu:.1f} "
                  f"| {cpu / max(1, report.articles) * 1e6:,.0f} "
                  f"| {report.articles / max(report.copy_seconds, 1e-9):,.0f} "
                  f"| {report.articles / max(report.story_seconds, 1e-9):,.0f} | {rest:.1f} | {ratio} | {wall_ratio} "
                  f"| {found:,}/{planted:,} | {report.stories:,} "
                  f"| {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} |", flush=True)
            previous = (cpu, seconds)


if __name__ == "__main__":
    main()
