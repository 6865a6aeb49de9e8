"""Evaluate Konjunktiv detection (lagebild.nlp.mood) on UD German-GSD dev and test.

Gold: FEATS ``Mood=Sub`` (Konjunktiv; ``Tense=Pres`` = Konjunktiv I, ``Tense=Past``
= Konjunktiv II).  We run our own tagger + mood rules on the gold tokenisation
(syntactic words; multiword range lines such as ``6-7 im`` are skipped) and score
predicted konj1|konj2 against gold Mood=Sub over all tokens.

Rules were developed on dev only; test is the held-out figure and the one
``--check`` guards.  GSD's dev reviews contain known label noise (README: six
sentence-initial "Habe" = dropped "ich", labelled Mood=Sub); we report dev
both as is and without those six.

Usage: python evaluation/eval_mood.py [--data-dir PATH] [--check]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
try:
    import lagebild.nlp.mood  # noqa: F401
except ImportError:  # not installed: run from the source tree
    sys.path.insert(0, str(REPO / "src"))

from lagebild.nlp.mood import verb_moods  # noqa: E402
from lagebild.nlp.tagger import tag_words  # noqa: E402

# Pinned floors for --check on the held-out TEST file (a little below what we reach).
# Measured (rules frozen on dev, test run once): P 0.973, R 0.894 (news P 0.977,
# R 0.912).  Recall stays just below the 0.90 target because GSD test marks weak
# past forms in reported speech ("steckten", "zeigten", "brauchten") and some
# verb-final "sollten" as Konjunktiv II, which dev annotates as indicative.
MIN_TEST_PRECISION = 0.96
MIN_TEST_RECALL = 0.88

# News sentences per upstream README (sent_id numbers, inclusive).
NEWS_RANGES = {"dev": (501, 799), "test": (302, 977)}

GOLD_CLASSES = ("Ind", "Sub-I", "Sub-II", "Imp")
PRED_CLASSES = ("ind", "konj1", "konj2", "imp", "None")


@dataclass
class Token:
    form: str
    lemma: str
    xpos: str
    feats: dict[str, str]


@dataclass
class Sentence:
    sent_id: str
    number: int
    tokens: list[Token]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    kind_ok: int = 0  # gold Sub & predicted Sub with the right I/II
    tokens: int = 0
    pos_ok: int = 0  # tagger sanity check: STTS tag == GSD XPOS
    lemma_ok: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_ok / self.tp if self.tp else 0.0


def default_data_dir() -> Path:
    shared = os.environ.get("LAGEBILD_SHARED")
    base = Path(shared) if shared else REPO.parent / "shared" / "data"
    return base / "ud_german_gsd"


def read_conllu(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    sent_id, tokens = "", list[Token]()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("# sent_id"):
                sent_id = line.split("=", 1)[1].strip()
            elif not line:
                if tokens:
                    sentences.append(_sentence(sent_id, tokens))
                sent_id, tokens = "", []
            elif not line.startswith("#"):
                cols = line.split("\t")
                if cols[0].isdigit():  # skip "6-7" ranges and "8.1" empty nodes
                    feats = dict(f.split("=", 1) for f in cols[5].split("|") if "=" in f)
                    tokens.append(Token(cols[1], cols[2], cols[4], feats))
    if tokens:
        sentences.append(_sentence(sent_id, tokens))
    return sentences


def _sentence(sent_id: str, tokens: list[Token]) -> Sentence:
    m = re.search(r"s(\d+)$", sent_id)
    return Sentence(sent_id, int(m.group(1)) if m else -1, tokens)


def gold_class(tok: Token) -> str | None:
    mood = tok.feats.get("Mood")
    if mood == "Sub":
        return "Sub-I" if tok.feats.get("Tense") == "Pres" else "Sub-II"
    if mood in ("Ind", "Imp"):
        return mood
    return "Ind" if tok.feats.get("VerbForm") == "Fin" else None


def is_readme_noise(split: str, sent: Sentence, index: int) -> bool:
    """The six dev "Habe" tokens the dataset README calls mislabelled."""
    tok = sent.tokens[index]
    return (
        split == "dev" and index == 0 and tok.form == "Habe"
        and tok.feats.get("Mood") == "Sub" and tok.feats.get("Tense") == "Past"
    )


def evaluate(split: str, sentences: list[Sentence], errors: list[str] | None = None) -> dict[str, Score]:
    lo, hi = NEWS_RANGES[split]
    scores = {"all": Score(), "news": Score(), "clean": Score()}
    for sent in sentences:
        words = [t.form for t in sent.tokens]
        tagged = tag_words(words)
        moods = verb_moods(words, [t for t, _ in tagged], [lemma for _, lemma in tagged])
        subsets = ["all"] + (["news"] if lo <= sent.number <= hi else [])
        for i, (tok, pred) in enumerate(zip(sent.tokens, moods, strict=True)):
            gold = gold_class(tok)
            keys = subsets + ([] if is_readme_noise(split, sent, i) else ["clean"])
            for key in keys:
                _count(scores[key], gold, pred)
                scores[key].tokens += 1
                scores[key].pos_ok += tagged[i][0] == tok.xpos
                scores[key].lemma_ok += tagged[i][1] == tok.lemma
            if errors is not None and ((gold or "").startswith("Sub") != (pred in ("konj1", "konj2"))):
                ctx = " ".join([*words[max(0, i - 8):i], f"[[{words[i]}]]", *words[i + 1:i + 6]])
                errors.append(f"{sent.sent_id:10} gold={gold} pred={pred} {tagged[i][0]:6} {ctx}")
    return scores


def _count(score: Score, gold: str | None, pred: str | None) -> None:
    gold_sub = gold is not None and gold.startswith("Sub")
    pred_sub = pred in ("konj1", "konj2")
    if gold_sub and pred_sub:
        score.tp += 1
        score.kind_ok += (gold == "Sub-I") == (pred == "konj1")
    elif pred_sub:
        score.fp += 1
    elif gold_sub:
        score.fn += 1
    if gold is not None:
        score.confusion[gold, str(pred)] += 1


def print_table(results: dict[str, dict[str, Score]]) -> None:
    header = f"{'subset':14} {'gold Sub':>8} {'TP':>4} {'FP':>4} {'FN':>4} {'P':>6} {'R':>6} {'F1':>6} {'I/II acc':>8}"
    print(header)
    print("-" * len(header))
    for split, scores in results.items():
        labels = {"all": split, "news": f"{split} news", "clean": f"{split} -noise"}
        for key, score in scores.items():
            if key == "clean" and split != "dev":
                continue
            print(
                f"{labels[key]:14} {score.tp + score.fn:8} {score.tp:4} {score.fp:4} {score.fn:4} "
                f"{score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f} {score.kind_accuracy:8.3f}"
            )
    print("\n(-noise: without the 6 mislabelled dev 'Habe' tokens named in the dataset README)")
    print("\nTagger vs GSD (XPOS / LEMMA; GSD conventions differ in places, e.g. NE vs NN):")
    for split, scores in results.items():
        a = scores["all"]
        print(f"  {split:5} POS {a.pos_ok / a.tokens:.3f}  lemma {a.lemma_ok / a.tokens:.3f}  ({a.tokens} tokens)")
    for split, scores in results.items():
        conf = scores["all"].confusion
        print(f"\nConfusion on gold finite verbs, {split} (rows gold, columns predicted):")
        print(f"{'':8}" + "".join(f"{p:>7}" for p in PRED_CLASSES))
        for g in GOLD_CLASSES:
            print(f"{g:8}" + "".join(f"{conf[g, p]:7}" for p in PRED_CLASSES))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="folder with de_gsd-ud-*.conllu")
    parser.add_argument("--check", action="store_true", help="fail if test P/R fall below the floors")
    parser.add_argument("--errors", choices=("dev", "test"), help="list the misclassified tokens of a split")
    args = parser.parse_args(argv)
    data_dir: Path = args.data_dir or default_data_dir()
    if not data_dir.is_dir():
        print(f"UD German-GSD not found at {data_dir}; skipping the mood evaluation.")
        return 0

    results: dict[str, dict[str, Score]] = {}
    tokens, started = 0, time.perf_counter()
    for split in ("dev", "test"):
        sentences = read_conllu(data_dir / f"de_gsd-ud-{split}.conllu")
        tokens += sum(len(s.tokens) for s in sentences)
        errors: list[str] | None = [] if args.errors == split else None
        results[split] = evaluate(split, sentences, errors)
        for line in errors or []:
            print(line)
    elapsed = time.perf_counter() - started
    print_table(results)
    print(f"\n{tokens} tokens tagged in {elapsed:.1f} s ({tokens / elapsed:.0f} tokens/s incl. model load)")

    if args.check:
        test = results["test"]["all"]
        ok = test.precision >= MIN_TEST_PRECISION and test.recall >= MIN_TEST_RECALL
        print(
            f"\ncheck: test P={test.precision:.3f} (floor {MIN_TEST_PRECISION}), "
            f"R={test.recall:.3f} (floor {MIN_TEST_RECALL}): {'OK' if ok else 'FAILED'}"
        )
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
