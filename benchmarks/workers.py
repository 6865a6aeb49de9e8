"""Parallel batches: ``workers=2`` against ``workers=1`` on the same input, in one run.

For each NER model (fast, accurate) the same documents go through
``Pipeline.pipe(docs, workers=N)`` — what ``lagebild analyze --workers N`` runs —
and the script prints words/s and the speed-up.  Worker start-up (spawning
processes, loading models in each) is included: it is what a user waits for.

Usage::

    python benchmarks/workers.py [--fast-articles N] [--accurate-articles N] [--data-dir PATH]

The corpus is 10kGNAD's test split when present (measurement only; never
copied), else the bundled examples repeated.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpora import default_data_dir, example_texts, gnad_texts  # noqa: E402

from lagebild.ingest import RawDocument  # noqa: E402
from lagebild.model import Article  # noqa: E402
from lagebild.pipeline import Pipeline  # noqa: E402
from lagebild.settings import Settings  # noqa: E402


def corpus(data_dir: Path, count: int) -> tuple[str, list[str]]:
    texts = gnad_texts(data_dir)
    name = "10kGNAD test"
    if not texts:
        texts, name = example_texts(), "examples"
    while len(texts) < count:
        texts = texts + texts
    return name, texts[:count]


def timed(pipeline: Pipeline, texts: list[str], workers: int) -> tuple[float, int]:
    docs = [RawDocument(text=text, source=f"doc{i}", published="2020-01-01") for i, text in enumerate(texts)]
    started = time.perf_counter()
    done = sum(isinstance(result, Article) for result in pipeline.pipe(docs, workers=workers))
    return time.perf_counter() - started, done


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fast-articles", type=int, default=400)
    parser.add_argument("--accurate-articles", type=int, default=60)
    parser.add_argument("--data-dir", type=Path, default=default_data_dir())
    parser.add_argument("--models", default="fast,accurate", help="comma-separated NER models to measure")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    print("| NER model | corpus | articles | words | workers=1 words/s | workers=2 words/s | speed-up |")
    print("|---|---|---:|---:|---:|---:|---:|")
    wanted = args.models.split(",")
    for model, count in (("fast", args.fast_articles), ("accurate", args.accurate_articles)):
        if model not in wanted:
            continue
        name, texts = corpus(args.data_dir, count)
        words = sum(len(t.split()) for t in texts)
        pipeline = Pipeline(settings=Settings(ner_model=model))
        timed(pipeline, texts[:2], 1)  # load this process's models before timing workers=1
        one, done_one = timed(pipeline, texts, 1)
        two, done_two = timed(pipeline, texts, 2)
        assert done_one == done_two == len(texts), (done_one, done_two)
        print(f"| {model} | {name} | {len(texts)} | {words:,} | {words / one:,.0f} | {words / two:,.0f} | "
              f"{one / two:.2f}x |", flush=True)
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: this process {parent:.0f} MB, largest worker {child:.0f} MB")


if __name__ == "__main__":
    main()
