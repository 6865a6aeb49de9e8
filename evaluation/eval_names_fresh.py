#!/usr/bin/env python3
"""Named mentions on the fresh news test set (issue 15, section 4): precision, recall and F1 of ``kind: name``.

The set (``evaluation/data/fresh_news/``, 36 DER STANDARD articles, gold mentions written before lagebild ran
on them) is for **measuring only**: this script prints aggregate figures and nothing about single articles or
errors, on purpose -- never use it to write rules (see ``evaluation/data/fresh_news/GUIDELINES.md``).

lagebild runs through the real pipeline ``clean,sentences,tagger,ner,entities`` (the default pipeline up to
the entity linker, which marks role descriptions as ``nominal``) with each article's gold ``dct`` as its date;
clean-text offsets are mapped back to the raw csv text (which the gold offsets index) with ``Article.raw_span``.

Metric (the set's own scorer, ``fresh_news.score``): gold mentions with ``kind: name`` that are not ``part``
of a compound; predicted mentions with ``kind: name``; one-to-one matching by largest character overlap
(lenient span match, the label is not compared); a predicted name that overlaps only a gold ``part``
mention ("US" of "US-Präsident") is ignored; predicted names on nominal or pronoun gold mentions or on
nothing are false positives.  Also printed: the same with the label required to agree (information only).

Usage::

    python evaluation/eval_names_fresh.py [--data-dir PATH] [--model accurate|fast] [--check]

Without the shared data (``../shared/data/10kgnad/test.csv``) it prints "skipped" and exits 0.  ``--check``
exits 1 when the figures fall below the floors pinned below (the measured test figures).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fresh_news
from floors import check_floors

#: Pinned floors for ``--check``: the figures of the measured run with the default (accurate, int8) model
#: (docs/ner.md, "Fresh news test set": 0.938 / 0.893 / 0.915; 0.940 / 0.890 / 0.914 after the nominal-mention
#: and institution-name changes that followed), rounded down with a point of margin for recall.
FLOORS: dict[str, float] = {"p": 0.93, "r": 0.88, "f1": 0.90}
PIPELINE = ["clean", "sentences", "tagger", "ner", "entities"]


def run_lagebild(records: Sequence[dict[str, Any]], model: str) -> tuple[dict[int, dict[str, Any]], float]:
    """The real pipeline on each raw text; every mention with its kind, offsets mapped to the raw text."""
    from lagebild.ingest import RawDocument
    from lagebild.pipeline import Failure, Pipeline
    from lagebild.settings import Settings

    pipeline = Pipeline(PIPELINE, settings=Settings(ner_model=model))
    predictions: dict[int, dict[str, Any]] = {}
    started = time.perf_counter()
    for record in records:
        article = pipeline.analyze_document(RawDocument(text=record["text"], source=record["id"],
                                                        published=record["dct"]))
        if isinstance(article, Failure):
            raise SystemExit(f"lagebild failed on {record['id']}: {article}")
        mentions = []
        for mention in article.mentions:
            start, end = article.raw_span(mention.start, mention.end)
            mentions.append({"start": start, "end": end, "label": mention.label, "kind": mention.kind})
        predictions[record["row"]] = {"mentions": mentions}
    return predictions, time.perf_counter() - started


def labelled_prf(records: Sequence[dict[str, Any]], predictions: dict[int, dict[str, Any]]) -> dict[str, float]:
    """The same matching per label (a pair counts only when the labels agree): information, not a gate."""
    tp = n_pred = n_gold = 0
    for label in ("PER", "ORG", "LOC", "MISC"):
        docs = [r | {"mentions": [m for m in r["mentions"] if m["label"] == label or m.get("part")]}
                for r in records]
        preds = {row: {"mentions": [m for m in p["mentions"] if m["label"] == label]}
                 for row, p in predictions.items()}
        names = fresh_news.score(docs, preds)["names"]
        tp, n_pred, n_gold = tp + names["tp"], n_pred + names["pred"], n_gold + names["gold"]
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="shared data folder with 10kgnad/test.csv (default ../shared/data)")
    parser.add_argument("--model", choices=["accurate", "fast"], default="accurate", help="the NER model")
    parser.add_argument("--check", action="store_true", help="exit 1 below the pinned floors (accurate model)")
    args = parser.parse_args(argv)
    try:
        records = fresh_news.load(args.data_dir)
    except FileNotFoundError as exc:
        print(f"fresh news names evaluation skipped: {exc}")
        return 0
    gold = sum(1 for r in records for m in r["mentions"] if m["kind"] == "name" and not m.get("part"))
    print(f"fresh news test set: {len(records)} articles, {gold} gold names (kind=name, not part)")
    predictions, seconds = run_lagebild(records, args.model)
    predicted = sum(1 for p in predictions.values() for m in p["mentions"] if m["kind"] == "name")
    print(f"lagebild ({','.join(PIPELINE)}, {args.model} model): {seconds:.1f} s, {predicted} predicted names")
    names = fresh_news.score(list(records), predictions)["names"]
    labelled = labelled_prf(records, predictions)
    print(f"  names, lenient span match:          P {names['p']:.3f}  R {names['r']:.3f}  "
          f"F1 {names['f1']:.3f}")
    print(f"  ... and the same label (info only): P {labelled['p']:.3f}  R {labelled['r']:.3f}  "
          f"F1 {labelled['f1']:.3f}")
    if args.check:
        if args.model != "accurate":
            print("floors are pinned for the accurate model; not checked")
            return 0
        return check_floors(names, FLOORS, digits=3)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
