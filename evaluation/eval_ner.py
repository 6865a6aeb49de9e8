"""Evaluate lagebild's NER models on the official GermEval 2014 test split.

Metric: the official GermEval-2014 one for the outer level, strict: a chunk is
right only if its first token, last token and label all match.  Labels are
reduced to lagebild's four: PER, ORG, LOC, OTH -> MISC; the ``-deriv``
(adjectives such as "deutschen") and ``-part`` (names inside compounds such as
"EU-Budget") chunks are not mentions and are scored as ``O`` on both sides.
Models are run on the gold tokenisation.

The scored models are the held-out copies in ``src/lagebild/data/ner/heldout/``,
trained without the test split; the shipped defaults are the same recipes trained
on everything (see ``src/lagebild/data/ner/MODEL_CARD.md``).  The accurate model is
scored as it runs: on the int8 ONNX graph when one was made from these weights and
onnxruntime is installed (today's held-out and default weights are one file, so this is
exactly what ships), else on numpy float32.

Usage: python evaluation/eval_ner.py [--data-dir PATH] [--model fast|accurate|both] [--check] [--limit N]
Exits 0 without scoring when ``../shared/data`` is absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
try:
    import lagebild.ner  # noqa: F401
except ImportError:  # not installed: run from the source tree
    sys.path.insert(0, str(REPO / "src"))

from training.ner.corpora import load_germeval, shared_data_dir  # noqa: E402

from lagebild.ner.component import RepairedTagger, load_tagger  # noqa: E402
from lagebild.ner.tags import MENTION_LABELS, chunk_scores  # noqa: E402

# Pinned floors for --check (overall strict F1 on GermEval test), a little below what we reach:
# measured fast 0.672, accurate 0.776 on int8 (0.783 on numpy float32) (held-out models with tag
# repairs, see MODEL_CARD.md).
MIN_TEST_F1 = {"fast": 0.665, "accurate": 0.775}


def evaluate(model: str, data_dir: Path, limit: int | None = None, *, split: str = "test",
             raw: bool = False) -> tuple[dict[str, tuple[float, float, float, int]], float]:
    test = load_germeval(data_dir, split)
    if limit:
        test = test[:limit]
    repaired = load_tagger(model, heldout=True)
    # --raw: the model's own tags, without lagebild.ner.repair (to measure what the repairs add)
    tagger = repaired.model if raw and isinstance(repaired, RepairedTagger) else repaired
    runtime = repaired.model if isinstance(repaired, RepairedTagger) else repaired
    print(f"({model}: {type(runtime).__name__})", flush=True)
    sentences = [s.tokens for s in test]
    started = time.perf_counter()
    predicted = tagger.tag(sentences)
    seconds = time.perf_counter() - started
    words = sum(len(s) for s in sentences)
    return chunk_scores([s.tags for s in test], predicted), words / seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir")
    parser.add_argument("--model", choices=["fast", "accurate", "both"], default="both")
    parser.add_argument("--check", action="store_true", help="fail when a score drops below its pinned floor")
    parser.add_argument("--limit", type=int, help="score only the first N test sentences (quick look)")
    parser.add_argument("--raw", action="store_true", help="score the models' tags without the tag repairs")
    parser.add_argument("--split", choices=["test", "dev"], default="test",
                        help="dev: only to compare raw and repaired tags (the models were trained on dev)")
    args = parser.parse_args(argv)
    data_dir = shared_data_dir(args.data_dir)
    if data_dir is None:
        print("eval_ner: ../shared/data not found; skipped")
        return 0
    models = ["fast", "accurate"] if args.model == "both" else [args.model]
    failed = False
    for model in models:
        scores, words_per_second = evaluate(model, data_dir, args.limit, split=args.split, raw=args.raw)
        kind = ", raw tags" if args.raw else ""
        print(f"== {model}: GermEval 2014 {args.split}{kind}, outer chunks, strict ({words_per_second:,.0f} words/s)")
        print(f"{'label':6s} {'P':>6s} {'R':>6s} {'F1':>6s} {'gold':>6s}")
        for label in (*MENTION_LABELS, "ALL"):
            p, r, f, n = scores[label]
            print(f"{label:6s} {p:6.3f} {r:6.3f} {f:6.3f} {n:6d}")
        floor = MIN_TEST_F1[model]
        if args.check and not (args.limit or args.raw or args.split != "test") and scores["ALL"][2] < floor:
            print(f"FAIL: {model} F1 {scores['ALL'][2]:.3f} < pinned floor {floor:.3f}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
