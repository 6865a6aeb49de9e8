"""The NER tag set, BIO decoding and span helpers shared by both models."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

MENTION_LABELS = ("PER", "ORG", "LOC", "MISC")
# "-part" types mark a name inside a compound ("EU-Budget"): learned so that the
# component can cut the name out, never reported as a mention of the whole token.
PART_LABELS = tuple(label + "part" for label in MENTION_LABELS)
TYPES = MENTION_LABELS + PART_LABELS
TAGS: tuple[str, ...] = ("O", *(f"{p}-{t}" for t in TYPES for p in ("B", "I")))
TAG_INDEX = {tag: i for i, tag in enumerate(TAGS)}


@lru_cache(maxsize=8)
def allowed_transitions(tags: tuple[str, ...] = TAGS) -> NDArray[np.bool_]:
    """``allowed[i, j]``: tag j may follow tag i.

    ``I-X`` only after ``B-X``, ``I-X`` or ``C-X`` (``C-X`` resumes an interrupted
    chunk, used by the quote model); every other tag anywhere.
    """
    allowed = np.ones((len(tags), len(tags)), dtype=bool)
    for j, tag in enumerate(tags):
        if tag.startswith("I-"):
            for i, previous in enumerate(tags):
                allowed[i, j] = previous != "O" and previous[2:] == tag[2:]
    return allowed


def viterbi_bio(log_probs: NDArray[np.float32], tags: tuple[str, ...] = TAGS) -> list[str]:
    """Best tag sequence under the BIO constraints (log-probabilities ``[n, tags]``)."""
    n = log_probs.shape[0]
    if n == 0:
        return []
    penalty = np.where(allowed_transitions(tags), 0.0, -1e4).astype(np.float32)
    start_allowed = np.array([not tag.startswith("I-") for tag in tags])
    score = np.where(start_allowed, log_probs[0], -1e4)
    back = np.zeros((n, len(tags)), dtype=np.int64)
    for i in range(1, n):
        candidates = score[:, None] + penalty
        back[i] = candidates.argmax(axis=0)
        score = candidates.max(axis=0) + log_probs[i]
    best = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    best.reverse()
    return [tags[i] for i in best]


def spans_from_tags(tags: list[str]) -> list[tuple[int, int, str]]:
    """IOB2 tags -> ``(first_token, last_token_exclusive, type)``; a stray I- starts a chunk."""
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    label = ""
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label):
            if start is not None:
                spans.append((start, i, label))
                start = None
            if tag != "O":
                start, label = i, tag[2:]
    return spans


def mention_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Only the PER/ORG/LOC/MISC chunks (what the official 4-class metric scores)."""
    return [span for span in spans_from_tags(tags) if span[2] in MENTION_LABELS]


def chunk_scores(gold: list[list[str]], predicted: list[list[str]]) -> dict[str, tuple[float, float, float, int]]:
    """Official GermEval-2014 style strict chunk scores: label -> (P, R, F1, gold count), plus "ALL".

    A predicted chunk counts only if its first token, last token and label all
    match a gold chunk; only PER/ORG/LOC/MISC chunks are scored.
    """
    counts = {label: [0, 0, 0] for label in (*MENTION_LABELS, "ALL")}  # true pos, predicted, gold
    for gold_tags, predicted_tags in zip(gold, predicted, strict=True):
        gold_spans = set(mention_spans(gold_tags))
        predicted_spans = set(mention_spans(predicted_tags))
        for span in predicted_spans:
            for key in (span[2], "ALL"):
                counts[key][1] += 1
                counts[key][0] += span in gold_spans
        for span in gold_spans:
            counts[span[2]][2] += 1
            counts["ALL"][2] += 1
    scores: dict[str, tuple[float, float, float, int]] = {}
    for label, (true_pos, n_pred, n_gold) in counts.items():
        precision = true_pos / n_pred if n_pred else 0.0
        recall = true_pos / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[label] = (precision, recall, f1, n_gold)
    return scores
