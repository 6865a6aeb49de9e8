"""Throughput and memory of ``lagebild.analyze``.

Measures words/s, articles/s and peak RSS of the default pipeline (and of each
component alone, so the cost of a stage is visible) over:

* the bundled examples (the seed + ``examples/wikinews.jsonl``), and
* ``../shared/data/10kgnad/test.csv`` (1,028 DER STANDARD articles), if present.

Usage::

    python benchmarks/throughput.py [--limit N] [--data-dir PATH]

Prints a table; the figures in the README come from this script.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lagebild.pipeline import DEFAULT_PIPELINE, analyze  # noqa: E402


def example_texts() -> list[str]:
    texts = [(ROOT / "examples" / "000_95917e8755466fef.txt").read_text(encoding="utf-8")]
    with (ROOT / "examples" / "wikinews.jsonl").open(encoding="utf-8") as handle:
        texts += [json.loads(line)["text"] for line in handle if line.strip()]
    return texts


def gnad_texts(data_dir: Path, limit: int | None) -> list[str]:
    path = data_dir / "10kgnad" / "test.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        texts = [row[1] for row in csv.reader(handle, delimiter=";", quotechar="'") if len(row) == 2]
    return texts[:limit] if limit else texts


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(name: str, texts: list[str], run: Callable[[str], object]) -> dict[str, float | str]:
    words = sum(len(text.split()) for text in texts)
    start = time.perf_counter()
    for text in texts:
        run(text)
    seconds = time.perf_counter() - start
    return {"corpus": name, "articles": len(texts), "words": words, "seconds": seconds,
            "words/s": words / seconds, "articles/s": len(texts) / seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="at most N 10kGNAD articles")
    parser.add_argument("--data-dir", type=Path, default=Path(os.environ.get(
        "LAGEBILD_SHARED", ROOT.parent / "shared" / "data")))
    args = parser.parse_args()

    corpora = {"examples": example_texts()}
    gnad = gnad_texts(args.data_dir, args.limit)
    if gnad:
        corpora["10kGNAD test"] = gnad
    else:
        print(f"(10kGNAD not found under {args.data_dir}: skipped)")

    start = time.perf_counter()
    analyze("Aufwärmen: Der Minister sagte, er sei bereit.")  # loads the models once
    print(f"start-up (import + model load): {time.perf_counter() - start:.2f} s, "
          f"RSS {peak_rss_mb():.0f} MB")

    rows = []
    for name, texts in corpora.items():
        rows.append({"stage": "full pipeline", **measure(name, texts, analyze)})
        # Each prefix of the pipeline, so the cost of each stage is the difference.
        for cut in range(1, len(DEFAULT_PIPELINE)):
            names = DEFAULT_PIPELINE[:cut]
            rows.append({"stage": "+".join(names),
                         **measure(name, texts, lambda text, names=names: analyze(text, pipeline=names))})

    header = f"{'corpus':14} {'stage':24} {'articles':>8} {'words':>9} {'seconds':>8} {'words/s':>9} {'art./s':>7}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(f"{row['corpus']:14} {row['stage']:24} {row['articles']:>8} {row['words']:>9} "
              f"{row['seconds']:>8.2f} {row['words/s']:>9.0f} {row['articles/s']:>7.1f}")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
