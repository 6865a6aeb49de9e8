#!/usr/bin/env python3
"""Role descriptions -> persons on the fresh news test set (issue 17): who is "der Minister" in news never used here.

The set (``evaluation/data/fresh_news/``, 36 DER STANDARD articles; 131 role links of nominal PER mentions, written
before lagebild ran on them; format and guidelines in ``GUIDELINES.md`` there) is for **measuring only**: this
script prints aggregate figures and nothing about single articles or mentions, on purpose.  Never use its output
to write rules.

lagebild runs clean, sentences, tagger, NER on each raw text with the article's ``dct`` as date (the knowledge base
resolves national roles by date), then the ``entities`` step twice on copies of the same article:

* **full** -- the default component: appositions, knowledge base, learned-roles layer and in-document resolution
  of nominal mentions (:mod:`lagebild.entities.nominal`);
* **KB only** -- ``make_entities(nominal=False)``: in-document resolution switched off (appositions of national
  roles and the knowledge base only, what lagebild did before issue 17).

A predicted mention with ``kind == "nominal"`` and an entity links its span to that entity's canonical name; mentions
with the same span form one prediction with a list of persons ("die beiden Außenminister").  Spans are mapped back
to the raw text with ``Article.raw_span``.  Scoring is ``fresh_news.score``'s role-link part: **linked** = share of
gold (mention, person) pairs whose overlapping predicted mention names that person (full or last name agrees),
**precision** = share of the links made on mentions overlapping gold nominal PER mentions that are right (a link on a
gold ``null`` mention is wrong).  Recall of gold links is broken down by the form of the gold description (computed
from its first word; no text is printed): definite, demonstrative, possessive, genitive name before the noun, bare
title before a name, indefinite, age description, plural.

Usage::

    python evaluation/eval_roles_fresh.py [--data-dir PATH] [--check]

Without ``../shared/data/10kgnad/test.csv`` it prints "skip" and exits 0.  ``--check`` exits 1 below the floors.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
REPO = Path(__file__).resolve().parents[1]
try:
    import lagebild  # noqa: F401
except ImportError:  # not installed: run from the source tree
    sys.path.insert(0, str(REPO / "src"))

import fresh_news  # noqa: E402
from floors import check_floors  # noqa: E402

#: Pinned floors for ``--check`` (percent): the test figures of the one measured run after the dev set
#: (``eval_roles_dev.py``) was built and used, rounded down (docs/entities.md: linked 53.5 = 46/86, precision
#: 83.6 = 46/55; KB only 7.0 / 75.0).  The run before it (no dev set) measured 47.7 / 91.1.
FLOORS: dict[str, float] = {"linked": 53.0, "precision": 83.0}

FORMS = ("definite", "demonstrative", "possessive", "genitive name", "bare title", "indefinite", "age", "plural")


def predict(records: Sequence[dict[str, Any]]) -> tuple[dict[str, dict[int, dict[str, Any]]], float]:
    """Predictions in ``fresh_news.score`` format for both variants, keyed by variant and row."""
    from lagebild.entities.component import make_entities
    from lagebild.model import Article
    from lagebild.pipeline import Pipeline, analyze

    upstream = Pipeline(("clean", "sentences", "tagger", "ner"))
    variants = {"full": make_entities(), "KB only": make_entities(nominal=False)}
    started = time.perf_counter()
    result: dict[str, dict[int, dict[str, Any]]] = {name: {} for name in variants}
    for record in records:
        base = analyze(record["text"], date=record.get("dct"), pipeline=upstream)
        for name, component in variants.items():
            article: Article = component(copy.deepcopy(base))
            result[name][record["row"]] = {"mentions": _mentions(article)}
    return result, time.perf_counter() - started


def _mentions(article: Any) -> list[dict[str, Any]]:
    names = {e.id: e.name for e in article.entities}
    by_span: dict[tuple[int, int], dict[str, Any]] = {}
    for mention in article.mentions:
        if mention.kind != "nominal" or mention.label != "PER" or not mention.entity:
            continue
        start, end = article.raw_span(mention.start, mention.end)
        item = by_span.setdefault((start, end), {"start": start, "end": end, "label": "PER", "kind": "nominal",
                                                 "refers_to": []})
        name = names.get(mention.entity, mention.text)
        if name not in item["refers_to"]:
            item["refers_to"].append(name)
    return sorted(by_span.values(), key=lambda m: (m["start"], -m["end"]))


def form_of(text: str, persons: int) -> str:
    """The form of a gold description, from its words (see the module docstring)."""
    words = text.split()
    first = words[0].lower() if words else ""
    if persons > 1:
        return "plural"
    if re.search(r"\d-[Jj]ährig", text):
        return "age"
    if first in {"der", "die", "das", "den", "dem", "des", "beim", "vom", "zum", "zur", "im", "am"}:
        return "definite"
    if first.startswith(("dies", "jen")):
        return "demonstrative"
    if first.startswith(("sein", "ihr", "dessen", "deren", "unser")):
        return "possessive"
    if first.startswith(("ein", "kein")):
        return "indefinite"
    if len(words) > 1 and words[0][:1].isupper() and words[0].endswith(("s", "'")):
        return "genitive name"
    return "bare title"


def recall_by_form(records: Sequence[dict[str, Any]], predictions: dict[int, dict[str, Any]]) -> dict[str, list[int]]:
    """Per form: [gold links, linked correctly]."""
    tally: dict[str, list[int]] = {form: [0, 0] for form in FORMS}
    for record in records:
        gold = [m for m in record["mentions"] if m["kind"] == "nominal" and m["label"] == "PER"]
        pred = predictions.get(record["row"], {}).get("mentions", [])
        pairs = {id(g): p for g, p in fresh_news._match(gold, pred)}
        for mention in gold:
            want = mention["refers_to"] if isinstance(mention["refers_to"], list) else [mention["refers_to"]]
            want = [w for w in want if w]
            if not want:
                continue
            form = form_of(record["text"][mention["start"]:mention["end"]], len(want))
            got = pairs.get(id(mention), {}).get("refers_to") or []
            for person in want:
                tally[form][0] += 1
                tally[form][1] += any(fresh_news.same_person(person, x) for x in got)
    return tally


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="shared data folder with 10kgnad/test.csv (default ../shared/data)")
    parser.add_argument("--check", action="store_true", help="exit 1 below the pinned floors")
    args = parser.parse_args(argv)
    try:
        records = fresh_news.load(args.data_dir)
    except FileNotFoundError as exc:
        print(f"skip: fresh news role evaluation: {exc}")
        return 0
    gold_links = sum(1 for r in records for m in r["mentions"] if m["kind"] == "nominal" and m["label"] == "PER"
                     for w in (m["refers_to"] if isinstance(m["refers_to"], list) else [m["refers_to"]]) if w)
    print(f"fresh news test set: {len(records)} articles, {gold_links} gold role links to persons")
    predictions, seconds = predict(records)
    print(f"lagebild (clean, sentences, tagger, ner, entities twice): {seconds:.1f} s\n")
    print("| variant | linked correctly | precision | links made |\n|---|---:|---:|---:|")
    achieved: dict[str, float] = {}
    for name, predicted in predictions.items():
        links = fresh_news.score(records, predicted)["role_links"]
        print(f"| {name} | {100 * links['linked_correctly']:.1f} % | {100 * links['precision']:.1f} % | "
              f"{links['links_made']} |")
        if name == "full":
            achieved = {"linked": 100 * links["linked_correctly"], "precision": 100 * links["precision"]}
    print("\nlinked correctly by form of the gold description (full):")
    for form, (gold, ok) in recall_by_form(records, predictions["full"]).items():
        if gold:
            print(f"  {form:14} {100 * ok / gold:5.1f} % ({ok}/{gold})")
    if args.check:
        return check_floors(achieved, FLOORS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
