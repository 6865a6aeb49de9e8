"""Evaluate the corpus layer end to end: analyse into a store, ``update_corpus``, read stories and copies back.

Two parts, both through the real store path (``run_batch`` — what ``lagebild
analyze`` does — into a temporary SQLite store, then
:func:`lagebild.corpus.update.update_corpus`, then the views the API serves):

a) **CI fixtures** — ``tests/data/corpus_fixtures.jsonl`` (outlet variants of CC BY
   Wikinews texts, see ``tests/data/CORPUS_FIXTURES.md``): story BCubed F1, copy
   pairs (every pair inside a predicted copy group; records with one stored text
   count as a pair) and the share of labelled own statements flagged by the outlet
   comparison of :func:`lagebild.corpus.story_views.story_view`.  Gated by pinned
   floors with ``--check``.
b) **Stories dev set** — labels in ``evaluation/data/stories_dev/labels.jsonl``, texts in
   the git-ignored ``evaluation/private/stories/pages.jsonl`` (skipped when absent):
   the same scores against the issue's targets (BCubed >= 0.90, copy pairs P >= 0.95
   and R >= 0.90, own statements >= 0.85), and the seed check: the seed and its other
   outlets' versions are one story, the dpa copies are one copy group and the seed's
   aside about "westliche Medien" is flagged.  **This set was used during
   development** (thresholds were tuned on it): figures on unseen stories will be lower.

The NER model is ``fast`` by default (``--ner-model accurate`` for the default
pipeline's model); the corpus layer reads lemmas, entities, places and quotes.

Usage: python evaluation/eval_corpus.py [--check] [--ner-model fast|accurate] [--skip-dev]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
try:
    import lagebild  # noqa: F401
except ImportError:  # not installed: run from the source tree
    sys.path.insert(0, str(REPO / "src"))

from lagebild.batch import build_pipeline, run_batch  # noqa: E402
from lagebild.corpus.story_views import story_view  # noqa: E402
from lagebild.corpus.update import update_corpus  # noqa: E402
from lagebild.settings import Settings  # noqa: E402
from lagebild.store import open_store  # noqa: E402
from lagebild.store.base import Store  # noqa: E402

_spec = importlib.util.spec_from_file_location("corpus_scoring", REPO / "evaluation" / "corpus_scoring.py")
assert _spec is not None and _spec.loader is not None
scoring = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scoring)

FIXTURES = REPO / "tests" / "data" / "corpus_fixtures.jsonl"
DEV_LABELS = REPO / "evaluation" / "data" / "stories_dev" / "labels.jsonl"
DEV_PAGES = REPO / "evaluation" / "private" / "stories" / "pages.jsonl"
SEED = "examples/000_95917e8755466fef.txt"

# Pinned floors for --check on the CI fixtures (a little below what we measure; see docs/corpus.md).
FIXTURE_FLOORS = {"bcubed_f1": 0.92, "copy_precision": 0.95, "copy_recall": 0.90, "own_flagged": 0.90}
# The targets on the dev set (printed), and the pinned floors --check gates on when the private texts are
# there (a little below what we measure).  Copy recall misses its target: 17 of 21 pairs; the four missed pairs
# share only 10-28 % of the shorter excerpt (see docs/corpus.md).
DEV_TARGETS = {"bcubed_f1": 0.90, "copy_precision": 0.95, "copy_recall": 0.90, "own_flagged": 0.85}
DEV_FLOORS = {"bcubed_f1": 0.93, "copy_precision": 0.95, "copy_recall": 0.80, "own_flagged": 0.93}


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def analyse_into_store(records: list[dict[str, Any]], store: Store, work: Path, ner_model: str) -> dict[str, str]:
    """Analyse ``records`` (JSONL fields text, url, outlet, title, published) into ``store`` as ``lagebild analyze``
    does; return url -> stored article id."""
    inputs = work / "inputs.jsonl"
    with inputs.open("w", encoding="utf-8") as handle:
        for record in records:
            fields = {k: record.get(k) for k in ("text", "url", "outlet", "title", "published")}
            fields["title"] = fields["title"] or None
            handle.write(json.dumps(fields, ensure_ascii=False) + "\n")
    settings = Settings(ner_model=ner_model, workers=1)
    ids: dict[str, str] = {}

    def remember(article: Any, stored: bool | None) -> None:
        ids[str(article.url)] = article.id

    result = run_batch([str(inputs)], settings, store=store, pipeline=build_pipeline(settings, store),
                       on_article=remember)
    if result.failed:
        raise SystemExit(f"{result.failed} input(s) failed to analyse: {result.failures[:3]}")
    update_corpus(store)
    return ids


def _flagged(store: Store, article_id: str, views: dict[str, dict[str, Any]]) -> tuple[list[tuple[int, int]], set[str]]:
    """Own-statement spans (clean text) and SHA-1s of the flagged sentences (clean and raw) of one article."""
    story_id = store.story_of(article_id)
    if story_id is None:
        return [], set()
    if story_id not in views:
        views[story_id] = story_view(store, story_id)
    item = next((a for a in views[story_id]["comparison"] if a["article_id"] == article_id), None)
    article = store.get(article_id)
    if item is None or article is None:
        return [], set()
    spans: list[tuple[int, int]] = []
    hashes: set[str] = set()
    for own in item["own_statements"]:
        spans += [(int(s), int(e)) for s, e in own["own_spans"]]
        sentence = next(s for s in item["sentences"] if s["index"] == own["index"])
        start, end = article.raw_span(sentence["start"], sentence["end"])
        hashes |= {_sha1(own["text"].strip()), _sha1(article.raw[start:end].strip())}
    return spans, hashes


def score(store: Store, records: list[dict[str, Any]], key: str, ids: dict[str, str]) -> dict[str, float]:
    """BCubed, copy-pair P/R and the own statements flagged, for records keyed by ``key`` (id or url)."""
    article_of = {r[key]: ids[r["url"]] for r in records}
    predicted = {item: store.story_of(article_id) for item, article_id in article_of.items()}
    _, _, f1 = scoring.bcubed({r[key]: r["story"] for r in records}, predicted)
    group = {}
    for item, article_id in article_of.items():
        found = store.copy_group_of(article_id)
        group[item] = found["group_id"] if found else article_id  # one stored text: its records are copies
    precision, recall, _ = scoring.pair_scores(scoring.pairs_from_groups({r[key]: r["copy_group"] for r in records}),
                                               scoring.pairs_from_groups(group))
    views: dict[str, dict[str, Any]] = {}
    total = hit = 0
    for record in records:
        statements = record.get("own_statements") or []
        if not statements:
            continue
        spans, hashes = _flagged(store, article_of[record[key]], views)
        if isinstance(statements[0], str):  # fixtures: SHA-1 of the sentence
            total += len(statements)
            hit += len(set(statements) & hashes)
            continue
        article = store.get(article_of[record[key]])  # dev set: raw offsets of the statement
        assert article is not None
        raw_spans = [article.raw_span(s, e) for s, e in spans]
        for statement in statements:
            total += 1
            hit += any(a < statement["end"] and b > statement["start"] for a, b in raw_spans)
    return {"bcubed_f1": f1, "copy_precision": precision, "copy_recall": recall,
            "own_flagged": hit / total if total else 1.0, "own_statements": total}


def seed_check(store: Store, labels: list[dict[str, Any]], ids: dict[str, str]) -> list[str]:
    """Problems with the seed's story (empty when it comes out right)."""
    problems = []
    members = [label for label in labels if label["story"].startswith("S01")]
    stories = {store.story_of(ids[m["url"]]) for m in members}
    if len(stories) != 1:
        problems.append(f"the seed's story is split into {len(stories)} stories")
    dpa = [ids[m["url"]] for m in members if m["copy_group"] == "S01-dpa"]
    groups = {(store.copy_group_of(a) or {}).get("group_id", a) for a in dpa}
    if len(groups) != 1:
        problems.append(f"the dpa copies of the seed's story are in {len(groups)} copy groups")
    seed_story = store.story_of(ids[SEED])
    if seed_story is not None:
        view = story_view(store, seed_story)
        seed = next(a for a in view["comparison"] if a["article_id"] == ids[SEED])
        if not any("westliche Medien" in own["text"] for own in seed["own_statements"]):
            problems.append("the seed's aside about 'westliche Medien' is not flagged")
    return problems


def _table(title: str, found: dict[str, float], floors: dict[str, float],
           targets: dict[str, float] | None = None) -> list[str]:
    print(title)
    failures = []
    for name, floor in floors.items():
        ok = found[name] >= floor
        target = ""
        if targets is not None:
            target = f", target {targets[name]:.2f} {'met' if found[name] >= targets[name] else 'MISSED'}"
        print(f"  {name:<16} {found[name]:.3f}  (floor {floor:.2f} {'ok' if ok else 'BELOW'}{target})")
        if not ok:
            failures.append(f"{title.split(':')[0]} {name} {found[name]:.3f} < {floor}")
    print(f"  own statements labelled: {int(found['own_statements'])}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure is below its floor")
    parser.add_argument("--ner-model", default="fast", choices=("fast", "accurate"))
    parser.add_argument("--skip-dev", action="store_true", help="only the CI fixtures")
    args = parser.parse_args()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="lagebild-eval-corpus-") as tmp:
        work = Path(tmp)
        records = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]
        with open_store(work / "fixtures.db") as store:
            ids = analyse_into_store(records, store, work, args.ner_model)
            found = score(store, records, "id", ids)
        failures += _table(f"CI fixtures: {len(records)} records, 8 stories (CC BY Wikinews variants)", found,
                           FIXTURE_FLOORS)
        if args.skip_dev:
            pass
        elif not DEV_PAGES.exists():
            print(f"stories dev set: skipped, the private texts are not here ({DEV_PAGES.relative_to(REPO)}; "
                  "evaluation/fetch_pages.py gets them)")
        else:
            labels = [json.loads(line) for line in DEV_LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
            pages = {p["url"]: p for p in map(json.loads, DEV_PAGES.read_text(encoding="utf-8").splitlines()) if p}
            missing = [label["url"] for label in labels if label["url"] not in pages]
            if missing:
                print(f"stories dev set: skipped, {len(missing)} labelled page(s) missing from {DEV_PAGES.name}")
            else:
                dev = [{**label, "text": pages[label["url"]]["text"]} for label in labels]
                with open_store(work / "dev.db") as store:
                    ids = analyse_into_store(dev, store, work, args.ner_model)
                    found = score(store, dev, "url", ids)
                    failures += _table(f"stories dev set: {len(dev)} articles, 14 stories (dev set, used during "
                                       "development; figures on unseen stories will be lower)", found, DEV_FLOORS,
                                       DEV_TARGETS)
                    problems = seed_check(store, dev, ids)
                print("  seed's story: " + ("one story, dpa copies grouped, the aside flagged" if not problems
                                            else "; ".join(problems)))
                failures += problems
    if failures and args.check:
        print("FAILED: " + "; ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
