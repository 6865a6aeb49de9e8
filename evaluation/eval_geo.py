"""Evaluate offline geocoding (lagebild.geo) on hand-annotated place mentions in Wikinews texts.

Gold: ``evaluation/data/geo_wikinews.jsonl``, 247 place mentions in 35 of the 40
German Wikinews articles of ``examples/wikinews.jsonl`` (texts CC BY 2.5,
Wikinews contributors; annotations by the lagebild developers, by hand: every
place an NER system should tag LOC, with the intended place and its GeoNames
id).  Each line: ``article`` (Wikinews id), ``start``/``end`` (offsets into the
article's ``text``), ``text``, ``context`` and ``gold`` = ``{kind, name,
country_code, geonames_id}``; ``kind`` is ``city``, ``country``, ``admin1``,
``continent`` or ``out_of_scope`` (islands, seas, mountains, world regions,
prefectures, streets: places the gazetteer does not hold, ``geonames_id`` null).

The gold spans are given to the geocoder as the article's LOC mentions (what an
NER component would produce), so the figures isolate the geocoder from NER
errors.  Scores:

* accuracy (in scope): predicted GeoNames id == gold id, over mentions whose
  gold place is in the gazetteer's scope -- the headline figure;
* country accuracy (in scope): predicted country == gold country;
* out of scope: the share left ungeocoded (a geocode there is always a wrong
  point, e.g. a prefecture resolved to its capital city);
* overall: in-scope hits plus out-of-scope abstentions, over all mentions.

Usage: python evaluation/eval_geo.py [--check] [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
try:
    import lagebild.geo  # noqa: F401
except ImportError:  # not installed: run from the source tree
    sys.path.insert(0, str(REPO / "src"))

from lagebild.geo.component import geocode_article  # noqa: E402
from lagebild.geo.geocode import Geocoder  # noqa: E402
from lagebild.model import Article, Mention, Place  # noqa: E402

GOLD = REPO / "evaluation" / "data" / "geo_wikinews.jsonl"
TEXTS = REPO / "examples" / "wikinews.jsonl"

# Pinned floors for --check (a little below what we measure; see docs/geo.md).
MIN_ACCURACY_IN_SCOPE = 0.95
MIN_OUT_OF_SCOPE_ABSTENTION = 0.70


def load() -> tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    articles = {}
    for line in TEXTS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        articles[record["wikinews_id"]] = record
    gold: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        text = articles[item["article"]]["text"]
        if text[item["start"]:item["end"]] != item["text"]:
            raise SystemExit(f"gold span {item['text']!r} does not match the text of article {item['article']}")
        gold[item["article"]].append(item)
    return articles, gold


def predict(articles: dict[str, dict[str, Any]], gold: dict[str, list[dict[str, Any]]],
            geocoder: Geocoder) -> dict[tuple[str, int], Place | None]:
    predictions: dict[tuple[str, int], Place | None] = {}
    for article_id, items in gold.items():
        record = articles[article_id]
        article = Article(raw=record["text"], text=record["text"], published=record.get("published"))
        article.mentions = [Mention(i["text"], i["start"], i["end"], "LOC") for i in items]
        places = {p.start: p for p in geocode_article(article, geocoder)}
        for item in items:
            predictions[(article_id, item["start"])] = places.get(item["start"])
    return predictions


def score(gold: dict[str, list[dict[str, Any]]], predictions: dict[tuple[str, int], Place | None],
          show_errors: bool) -> dict[str, float]:
    counts: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for article_id, items in gold.items():
        for item in items:
            want, got = item["gold"], predictions[(article_id, item["start"])]
            kind = want["kind"]
            by_kind[kind]["n"] += 1
            if kind == "out_of_scope":
                ok = got is None
                counts["out_n"] += 1
                counts["out_abstained"] += ok
            else:
                ok = got is not None and got.geonames_id == want["geonames_id"]
                counts["in_n"] += 1
                counts["in_ok"] += ok
                counts["in_cc_ok"] += got is not None and got.country_code == want["country_code"]
            by_kind[kind]["ok"] += ok
            if show_errors and not ok:
                shown = f"{got.name} {got.country_code} {got.geonames_id}" if got else "—"
                print(f"  {article_id:>6} {item['text']!r:28} gold {want['name']} {want['country_code']} "
                      f"{want['geonames_id']} ({kind})  got {shown}")
    result = {
        "accuracy_in_scope": counts["in_ok"] / counts["in_n"],
        "country_accuracy_in_scope": counts["in_cc_ok"] / counts["in_n"],
        "out_of_scope_abstention": counts["out_abstained"] / counts["out_n"],
        "overall": (counts["in_ok"] + counts["out_abstained"]) / (counts["in_n"] + counts["out_n"]),
    }
    print(f"mentions: {counts['in_n']} in scope, {counts['out_n']} out of scope, "
          f"{sum(len(v) for v in gold.values())} total in {len(gold)} articles")
    for kind, c in sorted(by_kind.items()):
        print(f"  {kind:13} {c['ok']:>4}/{c['n']:<4} {c['ok'] / c['n']:.3f}")
    for name, value in result.items():
        print(f"{name:28} {value:.3f}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if scores fall below the pinned floors")
    parser.add_argument("--errors", action="store_true", help="list every wrong mention")
    args = parser.parse_args(argv)
    articles, gold = load()
    result = score(gold, predict(articles, gold, Geocoder()), args.errors)
    if args.check:
        failed = (result["accuracy_in_scope"] < MIN_ACCURACY_IN_SCOPE
                  or result["out_of_scope_abstention"] < MIN_OUT_OF_SCOPE_ABSTENTION)
        print(f"\ncheck: accuracy in scope {result['accuracy_in_scope']:.3f} (floor {MIN_ACCURACY_IN_SCOPE}), "
              f"out-of-scope abstention {result['out_of_scope_abstention']:.3f} "
              f"(floor {MIN_OUT_OF_SCOPE_ABSTENTION}): {'FAILED' if failed else 'ok'}")
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
