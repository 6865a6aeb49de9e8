"""What quote extraction adds to the pipeline's time per article (issue 4: at most 20 %).

Runs the pipeline up to the tagger ("clean", "sentences", "tagger") and then the
``quotes`` component on the same article, timing each part separately, over:

* the bundled examples (the seed + ``examples/wikinews.jsonl``), and
* ``../shared/data/10kgnad/test.csv`` (1,028 DER STANDARD articles), if present.

A warm-up pass runs first, so that model loading and the tagger's word cache do
not count against either side; the overhead is quotes time / base time.

Usage::

    python benchmarks/quotes_overhead.py [--limit N] [--data-dir PATH] [--repeat R]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpora import benchmark_corpora, default_data_dir  # noqa: E402

from lagebild import registry  # noqa: E402
from lagebild.ingest import RawDocument  # noqa: E402
from lagebild.pipeline import Pipeline, article_from_document  # noqa: E402
from lagebild.registry import Component  # noqa: E402

BASE = ("clean", "sentences", "tagger")
MAX_OVERHEAD = 0.20


def measure(texts: list[str], base: Pipeline, quotes: Component) -> tuple[float, float, int]:
    """Seconds spent in the base pipeline and in the quotes component, and quotes found."""
    base_seconds = quote_seconds = 0.0
    found = 0
    for text in texts:
        article = article_from_document(RawDocument(text=text, source="<benchmark>"))
        start = time.perf_counter()
        article = base(article)
        middle = time.perf_counter()
        article = quotes(article)
        end = time.perf_counter()
        base_seconds += middle - start
        quote_seconds += end - middle
        found += len(article.quotes)
    return base_seconds, quote_seconds, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="at most N 10kGNAD articles")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the fastest counts")
    parser.add_argument("--data-dir", type=Path, default=default_data_dir())
    args = parser.parse_args()

    corpora = benchmark_corpora(args.data_dir, args.limit)

    base = Pipeline(BASE)
    # The quotes component alone (a Pipeline would insist on its requirements running first).
    quotes = registry.get("quotes").create(base.settings, base.resources)

    header = f"{'corpus':14} {'articles':>8} {'base ms/art':>12} {'quotes ms/art':>14} {'overhead':>9} {'quotes':>7}"
    print(header)
    print("-" * len(header))
    worst = 0.0
    for name, texts in corpora.items():
        measure(texts, base, quotes)  # warm-up: model load, word caches
        runs = [measure(texts, base, quotes) for _ in range(max(1, args.repeat))]
        base_seconds = min(r[0] for r in runs)
        quote_seconds = min(r[1] for r in runs)
        overhead = quote_seconds / base_seconds
        worst = max(worst, overhead)
        print(f"{name:14} {len(texts):>8} {1000 * base_seconds / len(texts):>12.2f} "
              f"{1000 * quote_seconds / len(texts):>14.2f} {100 * overhead:>8.1f}% {runs[0][2]:>7}")
    verdict = "ok" if worst <= MAX_OVERHEAD else "TOO SLOW"
    print(f"{verdict}: quote extraction adds at most {100 * worst:.1f} % (budget {100 * MAX_OVERHEAD:.0f} %)")
    return 0 if worst <= MAX_OVERHEAD else 1


if __name__ == "__main__":
    sys.exit(main())
