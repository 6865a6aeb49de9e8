"""Throughput and memory of ``lagebild.analyze``.

Measures words/s, articles/s and peak RSS of the default pipeline, with the
accurate and with the fast NER model, and each component's share of the time,
over:

* the bundled examples (the seed + ``examples/wikinews.jsonl``), and
* ``../shared/data/10kgnad/test.csv`` (1,028 DER STANDARD articles), if present.

Usage::

    python benchmarks/throughput.py [--limit N] [--data-dir PATH]

Prints a table; the figures in the README come from this script.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpora import benchmark_corpora, default_data_dir  # noqa: E402

from lagebild.ingest import RawDocument  # noqa: E402
from lagebild.pipeline import Pipeline, article_from_document  # noqa: E402
from lagebild.settings import DEFAULT_PIPELINE, Settings  # noqa: E402


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_corpus(name: str, texts: list[str], pipeline: Pipeline) -> tuple[dict[str, float | str], dict[str, float]]:
    """One pass over ``texts``: the whole pipeline's figures and the seconds spent in each component."""
    words = sum(len(text.split()) for text in texts)
    per_component = dict.fromkeys(pipeline.names, 0.0)
    start = time.perf_counter()
    for text in texts:
        article = article_from_document(RawDocument(text=text, source=name))
        for component_name, component in zip(pipeline.names, pipeline.components, strict=True):
            begin = time.perf_counter()
            article = component(article)
            per_component[component_name] += time.perf_counter() - begin
    seconds = time.perf_counter() - start
    row: dict[str, float | str] = {"corpus": name, "articles": len(texts), "words": words, "seconds": seconds,
                                   "words/s": words / seconds, "articles/s": len(texts) / seconds}
    return row, per_component


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="at most N 10kGNAD articles")
    parser.add_argument("--data-dir", type=Path, default=default_data_dir())
    args = parser.parse_args()

    corpora = benchmark_corpora(args.data_dir, args.limit)

    start = time.perf_counter()
    pipelines = {}
    for ner_model in ("accurate", "fast"):
        pipelines[f"NER {ner_model}"] = Pipeline(DEFAULT_PIPELINE, settings=Settings(ner_model=ner_model))
    print(f"start-up (import + loading both pipelines' models): {time.perf_counter() - start:.2f} s, "
          f"RSS {peak_rss_mb():.0f} MB")

    header = f"{'corpus':14} {'pipeline':14} {'articles':>8} {'words':>9} {'seconds':>8} {'words/s':>9} {'art./s':>7}"
    print(header)
    print("-" * len(header))
    shares: dict[str, dict[str, float]] = {}
    for name, texts in corpora.items():
        for label, pipeline in pipelines.items():
            row, per_component = run_corpus(name, texts, pipeline)
            shares[f"{name}, {label}"] = per_component
            print(f"{row['corpus']:14} {label:14} {row['articles']:>8} {row['words']:>9} "
                  f"{row['seconds']:>8.2f} {row['words/s']:>9.0f} {row['articles/s']:>7.1f}")
    print("\nshare of time per component:")
    names = list(DEFAULT_PIPELINE)
    print(f"{'':32}" + "".join(f"{n:>10}" for n in names))
    for key, per_component in shares.items():
        total = sum(per_component.values()) or 1.0
        print(f"{key:32}" + "".join(f"{100 * per_component[n] / total:>9.1f}%" for n in names))
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
