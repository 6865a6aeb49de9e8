"""Word 5-shingle overlap between the articles of the stories dev set, by kind of pair.

Reads the private texts (evaluation/private/stories/pages.jsonl, see README.md for how to get them) and the committed
labels (labels.jsonl next to this file). Prints, for each kind of pair, min / median / max of

* Jaccard = |S(a) & S(b)| / |S(a) | S(b)|
* containment = |S(a) & S(b)| / min(|S(a)|, |S(b)|)   (shared shingles over the shingles of the shorter text)

where S(x) is the set of word 5-shingles of the whole text x (lower-cased ``\\w+`` tokens). Kinds of pair:

* agency copy: both articles are in the same ``copy_group``;
* same story, other outlet: same ``story``, different ``outlet``, not in one copy group;
* same story, same outlet: two articles of one outlet on the story (zeit.de has two in S02 and S03), not copies;
* same people, other story: the five story pairs built as "same people or places, same days" (see README.md);
* other story: all pairs of articles from different stories.

Plain Python, no lagebild import:  python evaluation/data/stories_dev/measure.py [--pages PATH] [--markdown]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
DEFAULT_PAGES = REPO / "evaluation" / "private" / "stories" / "pages.jsonl"
LABELS = HERE / "labels.jsonl"
K = 5

# Story pairs chosen as "different events, same people or places, same days" (see README.md).
SAME_PEOPLE_PAIRS = {
    frozenset({"S02-wulff-ruecktritt", "S03-gauck-nominierung"}),
    frozenset({"S04-hoeness-urteil", "S05-hoeness-ruecktritt"}),
    frozenset({"S06-wm2014-halbfinale-7-1", "S07-wm2014-finale"}),
    frozenset({"S08-merz-kanzlerwahl", "S09-merz-paris-warschau"}),
    frozenset({"S11-alaska-gipfel", "S12-weisses-haus-selenskyj-europaeer"}),
}
KINDS = ("agency copy", "same story, other outlet", "same story, same outlet", "same people, other story",
         "other story")
WORD = re.compile(r"\w+")


def shingles(text: str, k: int = K) -> set[tuple[str, ...]]:
    words = WORD.findall(text.lower())
    if len(words) < k:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + k]) for i in range(len(words) - k + 1)}


def overlap(a: set, b: set) -> tuple[float, float]:
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / len(a | b), inter / min(len(a), len(b))


def kind(la: dict, lb: dict) -> str:
    if la["copy_group"] and la["copy_group"] == lb["copy_group"]:
        return "agency copy"
    if la["story"] == lb["story"]:
        return "same story, same outlet" if la["outlet"] == lb["outlet"] else "same story, other outlet"
    if frozenset({la["story"], lb["story"]}) in SAME_PEOPLE_PAIRS:
        return "same people, other story"
    return "other story"


def measure(pages_path: Path) -> dict[str, list[tuple[float, float]]]:
    texts = {}
    with open(pages_path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            texts[rec["url"]] = rec["text"]
    with open(LABELS, encoding="utf-8") as f:
        labels = [json.loads(line) for line in f]
    missing = [lab["url"] for lab in labels if lab["url"] not in texts]
    if missing:
        print(f"warning: {len(missing)} labelled articles have no text; they are skipped", file=sys.stderr)
    labels = [lab for lab in labels if lab["url"] in texts]
    sh = {lab["url"]: shingles(texts[lab["url"]]) for lab in labels}
    out: dict[str, list[tuple[float, float]]] = {k: [] for k in KINDS}
    for la, lb in itertools.combinations(labels, 2):
        out[kind(la, lb)].append(overlap(sh[la["url"]], sh[lb["url"]]))
    return out


def group_table(pages_path: Path) -> list[str]:
    """One Markdown row per agency-copy pair: group, the two outlets, Jaccard, containment."""
    with open(pages_path, encoding="utf-8") as f:
        texts = {rec["url"]: rec["text"] for rec in map(json.loads, f)}
    with open(LABELS, encoding="utf-8") as f:
        labels = [lab for lab in map(json.loads, f) if lab["copy_group"] and lab["url"] in texts]
    rows = ["| copy group | outlet A | outlet B | Jaccard | containment |", "|---|---|---|---:|---:|"]
    for la, lb in itertools.combinations(labels, 2):
        if la["copy_group"] == lb["copy_group"]:
            jac, con = overlap(shingles(texts[la["url"]]), shingles(texts[lb["url"]]))
            rows.append(f"| {la['copy_group']} | {la['outlet']} | {lb['outlet']} | {jac:.3f} | {con:.3f} |")
    return rows


def summary(values: list[float]) -> str:
    if not values:
        return "–"
    return f"{min(values):.3f} / {statistics.median(values):.3f} / {max(values):.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="private texts (JSONL with url and text)")
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    ap.add_argument("--groups", action="store_true", help="also list every copy-group pair")
    args = ap.parse_args(argv)
    if not args.pages.exists():
        print(f"no texts at {args.pages}; see README.md (fetch_pages.py)", file=sys.stderr)
        return 2
    res = measure(args.pages)
    if args.markdown:
        print("| pairs | n | Jaccard min / median / max | containment min / median / max |")
        print("|---|---:|---|---|")
    for k in KINDS:
        vals = res[k]
        jac = summary([v[0] for v in vals])
        con = summary([v[1] for v in vals])
        if args.markdown:
            print(f"| {k} | {len(vals)} | {jac} | {con} |")
        else:
            print(f"{k:26s} n={len(vals):5d}  jaccard {jac}  containment {con}")
    if args.groups:
        print()
        for line in group_table(args.pages):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
