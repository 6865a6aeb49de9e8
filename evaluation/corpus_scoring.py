"""Scores for the corpus layer: stories (BCubed), agency-copy pairs, own statements flagged per outlet.

Pure functions, standard library only, no lagebild import, so that the dev set (evaluation/data/stories_dev) and the
CI fixtures (tests/data/corpus_fixtures.jsonl) can be scored by any evaluation script or test.

Conventions (chosen so that an empty side never divides by zero):

* Article ids are any hashable values (URLs in the dev set, ``id`` in the fixtures).
* ``bcubed`` scores the articles of ``gold``; an article the system did not cluster counts as its own singleton
  cluster, and predicted articles that are not in ``gold`` are ignored.
* ``pair_scores``: precision is 1.0 when nothing was predicted, recall is 1.0 when there is nothing to find.
* ``own_statement_recall`` is 1.0 when no own statements are labelled.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping

Pair = frozenset


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _members(assignment: Mapping[Hashable, Hashable], items: Iterable[Hashable]) -> dict[Hashable, frozenset]:
    """Map each item to the set of items (among ``items``) that share its label; unlabelled items stand alone."""
    groups: dict[Hashable, set] = defaultdict(set)
    alone = object()
    keys = {}
    for item in items:
        label = assignment.get(item, alone)
        key = ("single", item) if label is alone or label is None else ("label", label)
        keys[item] = key
        groups[key].add(item)
    return {item: frozenset(groups[keys[item]]) for item in keys}


def bcubed(gold: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 of a clustering against gold stories.

    ``gold`` maps article id -> story id, ``predicted`` maps article id -> cluster id. For each gold article *i*,
    precision(i) = |C(i) & G(i)| / |C(i)| and recall(i) = |C(i) & G(i)| / |G(i)|, where C(i) is its predicted
    cluster and G(i) its gold story (both restricted to the gold articles); P and R are the means over articles.
    A ``None`` or missing prediction makes the article a singleton.
    """
    items = list(gold)
    if not items:
        return 1.0, 1.0, 1.0
    g = _members(gold, items)
    c = _members(predicted, items)
    p = sum(len(c[i] & g[i]) / len(c[i]) for i in items) / len(items)
    r = sum(len(c[i] & g[i]) / len(g[i]) for i in items) / len(items)
    return p, r, _f1(p, r)


def pairs_from_groups(groups: Mapping[Hashable, Hashable | None]) -> set[Pair]:
    """All unordered pairs of ids that share a (non-None) group, e.g. every pair within a ``copy_group``."""
    by_group: dict[Hashable, list] = defaultdict(list)
    for item, group in groups.items():
        if group is not None:
            by_group[group].append(item)
    pairs: set[Pair] = set()
    for members in by_group.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs.add(frozenset((a, b)))
    return pairs


def _as_pairs(pairs: Iterable[Iterable[Hashable]]) -> set[Pair]:
    out = set()
    for pair in pairs:
        fs = frozenset(pair)
        if len(fs) != 2:
            raise ValueError(f"a pair needs two different ids, got {sorted(map(repr, pair))}")
        out.add(fs)
    return out


def pair_scores(gold_pairs: Iterable[Iterable[Hashable]],
                predicted_pairs: Iterable[Iterable[Hashable]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of predicted agency-copy pairs against gold pairs (order inside a pair is ignored)."""
    gold = _as_pairs(gold_pairs)
    pred = _as_pairs(predicted_pairs)
    hit = len(gold & pred)
    p = hit / len(pred) if pred else 1.0
    r = hit / len(gold) if gold else 1.0
    return p, r, _f1(p, r)


def own_statement_recall(gold: Mapping[Hashable, Iterable[str]], flagged: Mapping[Hashable, Iterable[str]]) -> float:
    """Share of the labelled own statements (SHA-1 of the sentence, per article) that the system flagged as that
    article's own. A statement counts only when flagged for the same article."""
    total = hit = 0
    for item, wanted in gold.items():
        wanted = set(wanted)
        total += len(wanted)
        hit += len(wanted & set(flagged.get(item, ())))
    return hit / total if total else 1.0
