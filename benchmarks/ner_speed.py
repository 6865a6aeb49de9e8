"""Words/s of the two NER models on one core, and peak RSS.

Runs the ``ner`` component alone (tokens and sentences are made beforehand and
not timed) over the bundled examples (the seed + ``examples/wikinews.jsonl``).
BLAS is pinned to one thread before numpy is imported so that the figures are
one-core figures.

Usage: python benchmarks/ner_speed.py [--model fast|accurate|both] [--repeat N]
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpora import example_texts  # noqa: E402

from lagebild.model import Article  # noqa: E402
from lagebild.pipeline import analyze  # noqa: E402


def example_articles() -> list[Article]:
    return [analyze(text, pipeline=("clean", "sentences")) for text in example_texts()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", choices=["fast", "accurate", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    from lagebild.ner import component
    from lagebild.settings import Settings

    articles = example_articles()
    words = sum(len(a.tokens) for a in articles)
    for model in (["fast", "accurate"] if args.model == "both" else [args.model]):
        started = time.perf_counter()
        ner = component.make_ner(Settings(ner_model=model))
        load_seconds = time.perf_counter() - started
        best = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            for article in articles:
                ner(article)
            best = min(best, time.perf_counter() - started)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{model:9s} {words / best:10,.0f} words/s (1 core, {words} words in {len(articles)} articles; "
              f"load {load_seconds:.1f} s; peak RSS so far {peak_mb:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
