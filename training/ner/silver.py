"""Silver NER data for the ``fast`` model, labelled by the ``accurate`` model (distillation).

The CRF cannot learn from corpora that leave MISC unannotated (their "O" teaches
it that MISC names are not names).  Here the accurate model fills that gap:

* SmartData sentences keep their gold PER/ORG/LOC; chunks the accurate model tags
  as MISC or ``-part`` inside gold-O stretches are added;
* UD German-GSD v2.3 train sentences (news, web, wiki text; CC BY-SA 4.0) get the
  accurate model's tags as they are.

Usage: python -m training.ner.silver [--data-dir PATH] [--gsd 5000] [--smartdata 4000] --out silver.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from lagebild.ner.neural import MODEL_DIR
from lagebild.ner.onnx_runtime import load_accurate
from lagebild.ner.tags import spans_from_tags
from training.ner.corpora import TaggedSentence, clean_tokens, load_smartdata, shared_data_dir


def load_gsd_sentences(data_dir: Path) -> list[list[str]]:
    """Surface tokens of GSD v2.3 train (contractions such as "im" kept, their expansions dropped)."""
    sentences: list[list[str]] = []
    path = data_dir / "ud_german_gsd_v2.3_upos" / "de_gsd-ud-train.conllu.pos"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            words: list[str] = []
            skip = 0
            for item in line.split():
                form, _, tag = item.rpartition("##")
                if skip:
                    skip -= 1
                    continue
                words.append(form)
                if tag == "_":
                    skip = 2
            if words:
                sentences.append(words)
    return sentences


def merge_silver(gold: list[str], silver: list[str]) -> list[str]:
    merged = list(gold)
    for first, last, label in spans_from_tags(silver):
        if (label == "MISC" or label.endswith("part")) and all(t == "O" for t in gold[first:last]):
            merged[first:last] = [f"B-{label}"] + [f"I-{label}"] * (last - first - 1)
    return merged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir")
    parser.add_argument("--gsd", type=int, default=5000)
    parser.add_argument("--smartdata", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--model", default=str(MODEL_DIR / "heldout" / "accurate.npz"),
                        help="accurate model that labels (default: the held-out one, so the fast model's "
                             "GermEval test score stays clean)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    data_dir = shared_data_dir(args.data_dir)
    if data_dir is None:
        print("no ../shared/data", file=sys.stderr)
        return 1
    rng = random.Random(args.seed)
    started = time.time()
    tagger = load_accurate(Path(args.model))  # int8 on onnxruntime when its graph is there (~4x faster)
    smartdata = clean_tokens([s for s in load_smartdata(data_dir, ("news", "rss")) if len(s.tokens) >= 4])
    rng.shuffle(smartdata)
    smartdata = smartdata[:args.smartdata]
    gsd = load_gsd_sentences(data_dir)
    rng.shuffle(gsd)
    gsd = gsd[:args.gsd]
    out: list[TaggedSentence] = []
    predicted = tagger.tag([s.tokens for s in smartdata])
    out += [TaggedSentence(s.tokens, merge_silver(s.tags, p), "silver-smartdata") for s, p in zip(
        smartdata, predicted, strict=True)]
    print(f"smartdata done ({time.time() - started:.0f} s)", flush=True)
    predicted = tagger.tag(gsd)
    out += [TaggedSentence(words, tags, "silver-gsd") for words, tags in zip(gsd, predicted, strict=True)]
    with open(args.out, "w", encoding="utf-8") as handle:
        for s in out:
            record = {"tokens": s.tokens, "tags": s.tags, "source": s.source}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(out)} silver sentences in {(time.time() - started) / 60:.1f} min", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
