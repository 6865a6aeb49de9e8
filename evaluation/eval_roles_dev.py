#!/usr/bin/env python3
"""Role descriptions -> persons on the role-link DEV set (22 German Wikinews articles, CC BY 2.5).

The dev set (``evaluation/data/roles_dev/``: ``texts.jsonl`` with the texts and their attribution, ``gold.jsonl``
with 184 nominal PER mentions and 160 links to persons, hand-annotated before lagebild ran on the texts; see the
README there) is the set to develop resolution rules on.  Scoring is the same as
``eval_roles_fresh.py`` (the test set): **linked** = share of gold (mention, person) pairs whose overlapping
predicted nominal mention names that person (full or last name agrees), **precision** = share of the links made on
mentions overlapping gold nominal PER mentions that are right; recall by form of the gold description; both the full
component and the knowledge-base-only baseline (``make_entities(nominal=False)``).

Usage::

    python evaluation/eval_roles_dev.py [--check] [--show]

``--show`` prints every gold mention with the prediction (this is the dev set: reading it is allowed).
``--check`` exits 1 below the pinned floors.  The texts are in the repository, so nothing is skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
REPO = Path(__file__).resolve().parents[1]
try:
    import lagebild  # noqa: F401
except ImportError:  # not installed: run from the source tree
    sys.path.insert(0, str(REPO / "src"))

import eval_roles_fresh  # noqa: E402
import fresh_news  # noqa: E402
from floors import check_floors  # noqa: E402

DATA = REPO / "evaluation" / "data" / "roles_dev"

#: Pinned floors for ``--check`` (percent): the dev figures of the final run, rounded down (docs/entities.md:
#: linked 85.0 = 136/160, precision 98.6 = 136/138; KB only 16.9 / 100.0).
FLOORS: dict[str, float] = {"linked": 85.0, "precision": 98.0}


def load(data_dir: Path = DATA) -> list[dict[str, Any]]:
    """Gold records with their text, in the shape ``fresh_news.score`` expects (``row`` = line number)."""
    texts = {d["id"]: d for d in map(json.loads, (data_dir / "texts.jsonl").open(encoding="utf-8"))}
    records = []
    for row, line in enumerate((data_dir / "gold.jsonl").open(encoding="utf-8")):
        gold = json.loads(line)
        records.append(gold | {"row": row, "text": texts[gold["id"]]["text"], "quotes": [], "timexes": []})
    return records


def show(records: Sequence[dict[str, Any]], predictions: dict[int, dict[str, Any]]) -> None:
    """Every gold mention with what lagebild linked (dev set only)."""
    for record in records:
        gold = record["mentions"]
        pred = predictions.get(record["row"], {}).get("mentions", [])
        pairs = {id(g): p for g, p in fresh_news._match(gold, pred)}
        print(f"== {record['id']}")
        for mention in gold:
            want = mention["refers_to"] or []
            got = pairs.get(id(mention), {}).get("refers_to") or []
            ok = all(any(fresh_news.same_person(w, g) for g in got) for w in want) and (
                all(any(fresh_news.same_person(w, g) for w in want) for g in got))
            surface = record["text"][mention["start"]:mention["end"]]
            print(f"  {'ok ' if ok else 'ERR'} {surface!r:50} gold={want} got={got}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 below the pinned floors")
    parser.add_argument("--show", action="store_true", help="print every gold mention with the prediction")
    args = parser.parse_args(argv)
    records = load()
    gold_links = sum(len(m["refers_to"] or []) for r in records for m in r["mentions"])
    print(f"role-link dev set: {len(records)} articles, {gold_links} gold role links to persons")
    predictions, seconds = eval_roles_fresh.predict(records)
    print(f"lagebild (clean, sentences, tagger, ner, entities twice): {seconds:.1f} s\n")
    print("| variant | linked correctly | precision | links made |\n|---|---:|---:|---:|")
    achieved: dict[str, float] = {}
    for name, predicted in predictions.items():
        links = fresh_news.score(records, predicted)["role_links"]
        ok = round(links["linked_correctly"] * links["gold"])
        print(f"| {name} | {100 * links['linked_correctly']:.1f} % ({ok}/{links['gold']}) | "
              f"{100 * links['precision']:.1f} % | {links['links_made']} |")
        if name == "full":
            achieved = {"linked": 100 * links["linked_correctly"], "precision": 100 * links["precision"]}
    print("\nlinked correctly by form of the gold description (full):")
    for form, (gold, ok) in eval_roles_fresh.recall_by_form(records, predictions["full"]).items():
        if gold:
            print(f"  {form:14} {100 * ok / gold:5.1f} % ({ok}/{gold})")
    if args.show:
        show(records, predictions["full"])
    if args.check:
        return check_floors(achieved, FLOORS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
