"""The accurate NER model's runtimes (int8 onnxruntime, numpy fallback) and the tagger's sentence Viterbi."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from lagebild.ner.neural import MAX_WORDS, MODEL_DIR, AccurateTagger
from lagebild.ner.onnx_runtime import ONNX_NAME, OnnxAccurateTagger, load_accurate, onnx_candidates, session_threads
from lagebild.nlp import tagger as pos_tagger

SHIPPED_GRAPH = MODEL_DIR / ONNX_NAME
needs_graph = pytest.mark.skipif(not SHIPPED_GRAPH.is_file(), reason="no int8 graph shipped")

SENTENCES = [
    ["Bundeskanzler", "Olaf", "Scholz", "traf", "am", "Montag", "in", "Paris", "den", "französischen",
     "Präsidenten", "Emmanuel", "Macron", "."],
    ["Die", "Europäische", "Zentralbank", "in", "Frankfurt", "am", "Main", "hebt", "die", "Zinsen", "an", "."],
    ["Der", "FC", "Bayern", "München", "gewann", "gegen", "Borussia", "Dortmund", "mit", "2:1", "."],
    ["Kurz", "."],
    [],
]


@pytest.fixture(scope="module")
def numpy_tagger() -> AccurateTagger:
    return AccurateTagger(MODEL_DIR / "accurate.npz")


@needs_graph
def test_int8_graph_is_chosen_for_the_weights_it_was_made_from() -> None:
    tagger = load_accurate(MODEL_DIR / "accurate.npz")
    assert isinstance(tagger, OnnxAccurateTagger)
    # the held-out copy is the same blob today: it gets the same graph (what eval_ner scores is what ships)
    held_out = MODEL_DIR / "heldout" / "accurate.npz"
    if held_out.read_bytes() == (MODEL_DIR / "accurate.npz").read_bytes():
        assert isinstance(load_accurate(held_out), OnnxAccurateTagger)


@needs_graph
def test_int8_tags_agree_with_numpy_float(numpy_tagger: AccurateTagger) -> None:
    int8 = OnnxAccurateTagger(MODEL_DIR / "accurate.npz", threads=1)
    expected = numpy_tagger.tag(SENTENCES)
    got = int8.tag(SENTENCES)
    assert [len(tags) for tags in got] == [len(words) for words in SENTENCES]
    agreeing = sum(a == b for tags_a, tags_b in zip(expected, got, strict=True)
                   for a, b in zip(tags_a, tags_b, strict=True))
    assert agreeing >= 0.95 * sum(len(words) for words in SENTENCES)
    assert got[0][1:3] == ["B-PER", "I-PER"]  # Olaf Scholz


@needs_graph
def test_int8_logits_close_to_float(numpy_tagger: AccurateTagger) -> None:
    int8 = OnnxAccurateTagger(MODEL_DIR / "accurate.npz", threads=1)
    ids = np.array([[0, 3293, 1681, 6, 2], [0, 3293, 2, 1, 1]], dtype=np.int64)
    lengths = [5, 3]
    expected = numpy_tagger.logits(ids, lengths)
    got = int8.logits(ids, lengths)
    for row, length in enumerate(lengths):
        assert np.argmax(got[row, :length], -1).tolist() == np.argmax(expected[row, :length], -1).tolist()
        assert np.abs(got[row, :length] - expected[row, :length]).max() < 1.5


@needs_graph
def test_long_sentences_are_tagged_in_windows() -> None:
    int8 = OnnxAccurateTagger(MODEL_DIR / "accurate.npz", threads=1)
    words = (SENTENCES[0][:-1] * 20)[:2 * MAX_WORDS + 7]
    (tags,) = int8.tag([words])
    assert len(tags) == len(words)
    assert not tags[MAX_WORDS].startswith("I-") or tags[MAX_WORDS - 1] != "O"


def test_other_weights_fall_back_to_numpy(tmp_path: Path) -> None:
    # A retrained .npz next to a stale graph: the graph records another source hash, numpy takes over.
    model = tmp_path / "accurate.npz"
    arrays = dict(np.load(MODEL_DIR / "accurate.npz"))
    arrays["head.b"] = arrays["head.b"] + np.float32(0.01)
    np.savez(model, **arrays)
    shutil.copy(MODEL_DIR / "accurate.json", tmp_path / "accurate.json")
    if SHIPPED_GRAPH.is_file():
        shutil.copy(SHIPPED_GRAPH, tmp_path / ONNX_NAME)
    assert all(path.is_file() for path in onnx_candidates(model))
    tagger = load_accurate(model)
    assert isinstance(tagger, AccurateTagger)
    assert tagger.tag([SENTENCES[0]])[0][1:3] == ["B-PER", "I-PER"]


def test_session_threads_follow_the_workers_pinning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert session_threads() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert session_threads() == 3
    monkeypatch.delenv("OMP_NUM_THREADS")
    assert session_threads() >= 1


def test_sentence_viterbi_matches_hanta() -> None:
    model = pos_tagger._tagger().model
    sentences = [*SENTENCES[:4], ["xqzt", "flörbt", "Qwrx", "!"], ["Sie", "sagte", ",", "dass", "er", "kommt", "."]]
    for words in sentences:
        assert pos_tagger._sentence_viterbi(model, words) == model.tag_sent_viterbi(words)
