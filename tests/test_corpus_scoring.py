"""evaluation/corpus_scoring.py (issue 12, section 6) and the data it scores: the stories dev-set labels and the
CC BY Wikinews corpus fixtures."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import sys
from collections import defaultdict

import pytest

from .conftest import ROOT, shared_data_dir

_spec = importlib.util.spec_from_file_location("corpus_scoring", ROOT / "evaluation" / "corpus_scoring.py")
cs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cs)

LABELS = ROOT / "evaluation" / "data" / "stories_dev" / "labels.jsonl"
FIXTURES = ROOT / "tests" / "data" / "corpus_fixtures.jsonl"
GENERATOR = ROOT / "scripts" / "build_corpus_fixtures.py"


def approx(t: tuple[float, ...], *expected: float) -> bool:
    return all(abs(a - b) < 1e-9 for a, b in zip(t, expected, strict=True))


# --- BCubed ------------------------------------------------------------------------------------------------


def test_bcubed_perfect_and_label_names_do_not_matter() -> None:
    gold = {"a": "S1", "b": "S1", "c": "S2"}
    assert approx(cs.bcubed(gold, {"a": 7, "b": 7, "c": 3}), 1.0, 1.0, 1.0)


def test_bcubed_all_in_one_cluster() -> None:
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    p, r, f = cs.bcubed(gold, dict.fromkeys(gold, "x"))
    assert approx((p, r), 0.5, 1.0)
    assert abs(f - 2 / 3) < 1e-9


def test_bcubed_all_singletons_and_missing_predictions() -> None:
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    assert approx(cs.bcubed(gold, {}), 1.0, 0.5, 2 / 3)
    assert approx(cs.bcubed(gold, dict.fromkeys(gold)), 1.0, 0.5, 2 / 3)  # None = not clustered


def test_bcubed_textbook_example() -> None:
    # gold {a,b,c} {d,e}; predicted {a,b} {c,d,e}
    gold = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    p, r, _ = cs.bcubed(gold, pred)
    assert abs(p - (1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5) < 1e-9
    assert abs(r - (2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5) < 1e-9


def test_bcubed_ignores_articles_not_in_gold_and_handles_empty_gold() -> None:
    gold = {"a": 1, "b": 1}
    assert approx(cs.bcubed(gold, {"a": 1, "b": 1, "zzz": 1}), 1.0, 1.0, 1.0)
    assert approx(cs.bcubed({}, {"a": 1}), 1.0, 1.0, 1.0)


# --- agency-copy pairs -------------------------------------------------------------------------------------


def test_pairs_from_groups() -> None:
    groups = {"a": "g1", "b": "g1", "c": "g1", "d": None, "e": "g2", "f": "g2", "g": "g3"}
    assert cs.pairs_from_groups(groups) == {
        frozenset("ab"), frozenset("ac"), frozenset("bc"), frozenset("ef")}


def test_pair_scores_order_and_duplicates_do_not_matter() -> None:
    gold = {frozenset(("a", "b")), frozenset(("c", "d"))}
    assert approx(cs.pair_scores(gold, [("b", "a"), ("d", "c"), ("a", "b")]), 1.0, 1.0, 1.0)


def test_pair_scores_partial() -> None:
    gold = {frozenset(("a", "b")), frozenset(("c", "d"))}
    p, r, f = cs.pair_scores(gold, [("a", "b"), ("a", "c"), ("e", "f"), ("b", "d")])
    assert approx((p, r), 0.25, 0.5)
    assert abs(f - 1 / 3) < 1e-9


def test_pair_scores_empty_sides() -> None:
    assert approx(cs.pair_scores(set(), set()), 1.0, 1.0, 1.0)
    assert approx(cs.pair_scores({frozenset("ab")}, set()), 1.0, 0.0, 0.0)
    assert approx(cs.pair_scores(set(), [("a", "b")]), 0.0, 1.0, 0.0)


def test_pair_scores_rejects_a_pair_of_one() -> None:
    with pytest.raises(ValueError):
        cs.pair_scores(set(), [("a", "a")])


# --- own statements ----------------------------------------------------------------------------------------


def test_own_statement_recall() -> None:
    gold = {"a": {"s1", "s2"}, "b": {"s3"}, "c": set()}
    assert cs.own_statement_recall(gold, {"a": {"s1", "x"}, "b": {"s3"}}) == 2 / 3
    # flagged for the wrong article does not count
    assert cs.own_statement_recall(gold, {"b": {"s1", "s2"}}) == 0.0
    assert cs.own_statement_recall({"a": set()}, {}) == 1.0
    assert cs.own_statement_recall(gold, {"a": ["s1", "s2"], "b": ("s3",)}) == 1.0


# --- the stories dev-set labels ----------------------------------------------------------------------------


def _jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_dev_labels_are_well_formed() -> None:
    labels = _jsonl(LABELS)
    keys = {"url", "outlet", "published", "title", "story", "copy_group", "agency", "own_statements", "note"}
    assert len(labels) == len({lab["url"] for lab in labels}) >= 48
    stories: dict[str, list[dict]] = defaultdict(list)
    for lab in labels:
        assert set(lab) == keys, lab["url"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", lab["published"])
        for own in lab["own_statements"]:
            assert set(own) == {"start", "end", "sha1"} and 0 <= own["start"] < own["end"]
            assert re.fullmatch(r"[0-9a-f]{40}", own["sha1"])
        stories[lab["story"]].append(lab)
    assert len(stories) >= 12
    for story, members in stories.items():
        assert 4 <= len({m["outlet"] for m in members}) <= 8, story
        years = {int(m["published"][:4]) for m in members}
        if story != "S01-g20-trump-putin-syria":  # 2015-2020 is kept for an independent evaluation
            assert all(y < 2015 or y > 2020 for y in years), story
    # copy groups stay inside one story and have at least two members
    groups: dict[str, set[str]] = defaultdict(set)
    for lab in labels:
        if lab["copy_group"]:
            groups[lab["copy_group"]].add(lab["story"])
    assert groups and all(len(s) == 1 for s in groups.values())
    counts = defaultdict(int)
    for lab in labels:
        counts[lab["copy_group"]] += 1
    assert all(n >= 2 for g, n in counts.items() if g)


def test_dev_labels_mark_the_seed_aside(seed_text: str) -> None:
    seed = next(lab for lab in _jsonl(LABELS) if lab["url"] == "examples/000_95917e8755466fef.txt")
    sentence = next(line for line in seed_text.splitlines() if line.startswith("Während westliche Medien"))
    sentence = sentence[: sentence.index("geeinigt haben.") + len("geeinigt haben.")]
    assert hashlib.sha1(sentence.encode("utf-8")).hexdigest() in {o["sha1"] for o in seed["own_statements"]}


# --- the CC BY Wikinews corpus fixtures --------------------------------------------------------------------


def test_fixtures_are_well_formed_and_their_own_statements_are_sentences_of_the_text() -> None:
    recs = _jsonl(FIXTURES)
    keys = {"id", "text", "outlet", "url", "published", "title", "story", "copy_group", "agency", "own_statements"}
    assert 30 <= len(recs) <= 60
    assert 6 <= len({r["story"] for r in recs}) <= 10
    assert len({r["id"] for r in recs}) == len(recs)
    for r in recs:
        assert set(r) == keys
        if r["outlet"] == "Wikinews":
            assert r["url"].startswith("https://de.wikinews.org/wiki/") and r["agency"] is None
        else:
            assert re.fullmatch(r"https://[a-z0-9-]+\.example\.org/.+", r["url"]), r["url"]
        hashes = {hashlib.sha1(s.encode("utf-8")).hexdigest() for s in _sentences(r["text"])}
        assert set(r["own_statements"]) <= hashes, r["id"]
    gold_pairs = cs.pairs_from_groups({r["id"]: r["copy_group"] for r in recs})
    assert len(gold_pairs) >= 10
    assert sum(len(r["own_statements"]) for r in recs) >= 5


def _sentences(text: str) -> list[str]:
    # The fixtures join sentences with a single space and end each with . ! ? or a closing quote.
    return [s for s in re.split(r"(?<=[.!?“\"])\s+(?=[A-ZÄÖÜ„\"])", text) if s]


def test_fixture_generator_is_deterministic(tmp_path) -> None:
    shared = shared_data_dir()
    if shared is None or not (shared / "spkatt2023_news" / "train").is_dir():
        pytest.skip("the Wikinews source (../shared/data/spkatt2023_news) is not available")
    out = tmp_path / "fixtures.jsonl"
    cmd = [sys.executable, str(GENERATOR), "--source", str(shared / "spkatt2023_news"), "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8") == FIXTURES.read_text(encoding="utf-8")


def test_scoring_the_fixture_gold_against_itself_is_perfect() -> None:
    recs = _jsonl(FIXTURES)
    gold = {r["id"]: r["story"] for r in recs}
    assert approx(cs.bcubed(gold, gold), 1.0, 1.0, 1.0)
    pairs = cs.pairs_from_groups({r["id"]: r["copy_group"] for r in recs})
    assert approx(cs.pair_scores(pairs, pairs), 1.0, 1.0, 1.0)
    own = {r["id"]: set(r["own_statements"]) for r in recs}
    assert cs.own_statement_recall(own, own) == 1.0
