"""Evaluate event extraction (lagebild.events) on hand-annotated German Wikinews leads.

Gold: ``evaluation/data/events_dev.jsonl``: the first two sentences of 44 German
Wikinews articles (texts CC BY 2.5, Wikinews contributors), chosen for political,
legal and conflict news, with events annotated by hand following
``evaluation/data/EVENTS_GUIDELINES.md``: per event its ``type``, its trigger
words (``triggers``: every word of the sentence that expresses this event type,
since the guidelines keep one event per sentence and type), ``actors`` and
``targets`` as canonical names ("A|B" lists accepted alternatives).

Each text runs through the full default pipeline with its publication date.
A predicted event matches a gold event in the same pipeline sentence with the
same type whose trigger overlaps one of the gold triggers (one-to-one).  Scores:

* type: precision/recall/F1 of matched events;
* type + actors: a match counts only if the actors agree too: every gold actor is
  matched by a predicted actor and every predicted actor by a gold actor.  Names
  match when their normalised forms are equal or one is the surname (last word)
  of the other, ignoring case, punctuation and a genitive/plural -s/-n ending.

Usage: python evaluation/eval_events.py [--check] [--errors]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
try:
    import lagebild.events
except ImportError:  # not installed: run from the source tree
    sys.path.insert(0, str(REPO / "src"))

import lagebild  # noqa: E402
from lagebild.model import Article  # noqa: E402

DATA = REPO / "evaluation" / "data" / "events_dev.jsonl"

# Pinned floors for --check (a little below what we measure; see docs/events.md).
MIN_TYPE_F1 = 0.84
# Lowered from 0.73 (measured 0.745) to the 0.694 measured after nominal mentions (issue 17): definite
# descriptions of institutions that the text never names ("des Oberlandesgerichts") are now descriptions
# without an entity instead of ORG names, and a resolved "der Angeklagte" becomes an actor the gold leaves
# out. A known regression, listed in docs/events.md, not a new target.
MIN_TYPE_ACTORS_F1 = 0.68


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def normalise(name: str) -> str:
    words = re.sub(r"[^\w\s-]", " ", name.casefold()).replace("-", " ").split()
    return " ".join(re.sub(r"(s|n|es|en)$", "", w) if len(w) > 4 else w for w in words)


def names_match(predicted: str, gold: str) -> bool:
    for alternative in gold.split("|"):
        a, b = normalise(predicted), normalise(alternative)
        if a and b and (a == b or a.split()[-1] == b or b.split()[-1] == a
                        or (len(a.split()) > 1 and len(b.split()) > 1 and a.split()[-1] == b.split()[-1])):
            return True
    return False


def actors_agree(predicted: list[str], gold: list[str]) -> bool:
    return all(any(names_match(p, g) for p in predicted) for g in gold) and all(
        any(names_match(p, g) for g in gold) for p in predicted)


def _sentence_of(article: Article, offset: int) -> int:
    return next((i for i, s in enumerate(article.sentences) if s.start <= offset < s.end), -1)


def evaluate(show_errors: bool = False) -> dict[str, Any]:
    by_type, by_type_actors = Counts(), Counts()
    errors: list[str] = []
    records = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    for record in records:
        article = lagebild.analyze(record["text"], date=record["published"])
        names = {e.id: e.name for e in article.entities}
        predicted = [(e, _sentence_of(article, e.trigger.start), [names.get(a, a) for a in e.actors])
                     for e in article.events]
        used: set[int] = set()
        for gold in record["events"]:
            sentence = _sentence_of(article, gold["triggers"][0]["start"])
            found = next((i for i, (e, s, _) in enumerate(predicted) if i not in used and s == sentence
                          and e.type == gold["type"] and any(t["start"] < e.trigger.end and e.trigger.start < t["end"]
                                                             for t in gold["triggers"])), None)
            if found is None:
                by_type.fn += 1
                by_type_actors.fn += 1
                errors.append(f"MISS {record['wikinews_id']} {gold['type']} {[t['text'] for t in gold['triggers']]}")
                continue
            used.add(found)
            by_type.tp += 1
            actors = predicted[found][2]
            if actors_agree(actors, gold["actors"]):
                by_type_actors.tp += 1
            else:
                by_type_actors.fn += 1
                by_type_actors.fp += 1
                errors.append(f"ACTORS {record['wikinews_id']} {gold['type']} {gold['triggers'][0]['text']}: "
                              f"predicted {actors} gold {gold['actors']}")
        for i, (event, _, actors) in enumerate(predicted):
            if i not in used:
                by_type.fp += 1
                by_type_actors.fp += 1
                errors.append(f"FALSE {record['wikinews_id']} {event.type} {event.trigger.text!r} actors {actors}")
    if show_errors:
        print("\n".join(errors))
    p, r, f = by_type.prf()
    pa, ra, fa = by_type_actors.prf()
    return {"articles": len(records), "gold_events": by_type.tp + by_type.fn,
            "type": {"precision": p, "recall": r, "f1": f},
            "type_actors": {"precision": pa, "recall": ra, "f1": fa}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if scores fall below the pinned floors")
    parser.add_argument("--errors", action="store_true", help="list misses, false events and actor errors")
    args = parser.parse_args(argv)
    result = evaluate(args.errors)
    print(f"{result['articles']} articles, {result['gold_events']} gold events")
    for key, label in (("type", "type"), ("type_actors", "type + actors")):
        s = result[key]
        print(f"{label:14} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}")
    if args.check:
        ok = result["type"]["f1"] >= MIN_TYPE_F1 and result["type_actors"]["f1"] >= MIN_TYPE_ACTORS_F1
        print(f"\ncheck: type F1 {result['type']['f1']:.3f} (floor {MIN_TYPE_F1}), "
              f"type+actors F1 {result['type_actors']['f1']:.3f} (floor {MIN_TYPE_ACTORS_F1}): "
              f"{'ok' if ok else 'FAILED'}")
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
