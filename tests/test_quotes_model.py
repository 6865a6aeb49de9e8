"""The optional trained quote model: windows, tag decoding, loading errors, and a real train-and-run."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lagebild.errors import LagebildError
from lagebild.ingest import RawDocument
from lagebild.ner.tags import viterbi_bio
from lagebild.pipeline import Pipeline, article_from_document
from lagebild.quotes import neural
from lagebild.quotes.neural import (
    CONTEXT_WORDS,
    CORE_WORDS,
    LONG_SENTENCE,
    MAX_PIECES,
    MESSAGE_TAGS,
    QuoteModel,
    make_windows,
    messages_from_tags,
    piece_mask,
    window_of,
)
from lagebild.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parent.parent


def test_window_cores_partition_the_article_and_keep_whole_sentences() -> None:
    lengths = [12, 30, 25, 140, 8, 50, 3]
    sentences, start = [], 0
    for length in lengths:
        sentences.append((start, start + length))
        start += length
    windows = make_windows(sentences, [1] * start)
    covered = [i for w in windows for i in range(w.core_first, w.core_end)]
    assert covered == list(range(start))  # every token in exactly one core, in order
    boundaries = {b for s in sentences for b in s} | {b for s in sentences for b in range(s[0], s[1], LONG_SENTENCE)}
    for w in windows:
        assert w.core_first in boundaries and w.core_end in boundaries
        assert w.core_end - w.core_first <= max(CORE_WORDS, LONG_SENTENCE)
        assert w.core_first - w.first <= CONTEXT_WORDS and w.end - w.core_end <= CONTEXT_WORDS
        assert 0 <= w.first <= w.core_first < w.core_end <= w.end <= start
    assert window_of(windows, 200) == next(i for i, w in enumerate(windows) if w.core_first <= 200 < w.core_end)


def test_windows_shrink_their_context_to_fit_the_encoder() -> None:
    sentences = [(0, 60), (60, 120), (120, 180)]
    windows = make_windows(sentences, [5] * 180)  # five sub-words per word
    for w in windows:
        assert 5 * (w.end - w.first) <= MAX_PIECES or (w.first, w.end) == (w.core_first, w.core_end)


def test_message_tags_become_statements_with_resumed_parts() -> None:
    tags = ["O", "B-Message", "I-Message", "O", "O", "C-Message", "I-Message", "O", "B-Message", "I-Message",
            "B-Message"]
    statements = messages_from_tags(tags)
    assert [s.message for s in statements] == [[(1, 3), (5, 7)], [(8, 10)], [(10, 11)]]
    # a resumed part with no earlier message starts a statement of its own
    assert [s.message for s in messages_from_tags(["C-Message", "I-Message"])] == [[(0, 2)]]


def test_viterbi_never_continues_a_message_after_outside() -> None:
    log_probs = np.full((3, len(MESSAGE_TAGS)), -5.0, dtype=np.float32)
    log_probs[0, MESSAGE_TAGS.index("O")] = 0.0
    log_probs[1, MESSAGE_TAGS.index("I-Message")] = 0.0  # most likely, but not allowed after O
    log_probs[1, MESSAGE_TAGS.index("B-Message")] = -1.0
    log_probs[2, MESSAGE_TAGS.index("I-Message")] = 0.0
    assert viterbi_bio(log_probs, MESSAGE_TAGS) == ["O", "B-Message", "I-Message"]


def test_piece_mask_marks_every_piece_of_the_marked_words() -> None:
    # <s> w0(1 piece) w1(3 pieces) w2(1 piece) </s>
    firsts, length = [1, 2, 5], 7
    mask = piece_mask(firsts, length, np.array([False, True, True]))
    assert mask.tolist() == [False, False, True, True, True, True, False]


def test_missing_model_file_says_how_to_train_one(tmp_path: Path) -> None:
    with pytest.raises(LagebildError, match=r"training\.quotes\.train_model"):
        QuoteModel(tmp_path / "nothing.npz")


def test_rules_are_the_default_and_the_setting_switches(tmp_path: Path) -> None:
    assert load_settings(env={}, cwd=tmp_path).quote_model == ""
    with pytest.raises(SettingsError, match="not a file"):
        load_settings(env={"LAGEBILD_QUOTE_MODEL": str(tmp_path / "missing.npz")}, cwd=tmp_path)
    (tmp_path / "broken.npz").write_bytes(b"no model")
    settings = load_settings(env={"LAGEBILD_QUOTE_MODEL": str(tmp_path / "broken.npz")}, cwd=tmp_path)
    with pytest.raises(LagebildError, match="train"):
        Pipeline(["clean", "sentences", "tagger", "quotes"], settings=settings)


def test_a_trained_model_runs_in_the_pipeline(shared_data: Path, tmp_path: Path, seed_text: str) -> None:
    """Train for a few steps on a few SpkAtt articles (real training code), then analyse with it."""
    pytest.importorskip("torch")
    if not (shared_data / "spkatt2023_news" / "train").is_dir():
        pytest.skip("SpkAtt-2023 news data not available")
    out = tmp_path / "quotes-nc"
    result = subprocess.run([sys.executable, "-m", "training.quotes.train_model", "--data-dir",
                             str(shared_data / "spkatt2023_news"), "--out", str(out), "--limit", "4",
                             "--max-steps", "3", "--inject-layer", "10", "--threads", "1"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert out.with_suffix(".npz").is_file()
    model = QuoteModel(out.with_suffix(".npz"))
    assert model.meta["licence"].startswith("CC BY-NC-SA")
    words = ["Er", "sagte", ",", "die", "Regierung", "habe", "versagt", ".",
             "„", "Das", "ist", "schlimm", "“", ",", "sagte", "Merkel", "."]
    for statement in model.predict(words, [(0, 8), (8, len(words))]):
        assert all(0 <= first < end <= len(words) for first, end in statement.message)
        assert all(0 <= i < len(words) for i in statement.cue + statement.source)
    settings = load_settings({"quote_model": str(out.with_suffix(".npz"))}, env={}, cwd=tmp_path)
    pipeline = Pipeline(["clean", "sentences", "tagger", "ner", "entities", "quotes"], settings=settings)
    article = pipeline(article_from_document(RawDocument(text=seed_text, source="seed")))
    assert article.meta["quote_model"].startswith("quotes-nc.npz (CC BY-NC-SA")
    for quote in article.quotes:
        assert article.text[quote.start:quote.end] == quote.text


def test_a_model_with_another_tag_set_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.npz"
    np.savez(path, x=np.zeros(1))
    path.with_suffix(".json").write_text('{"message_tags": ["O", "B-Direct"], "role_tags": []}', encoding="utf-8")
    with pytest.raises(LagebildError, match="another tag set"):
        QuoteModel(path)


def test_numpy_runtime_computes_what_the_torch_model_computes(tmp_path: Path) -> None:
    """The saved file, merged into numpy, gives the training model's logits (both passes)."""
    torch = pytest.importorskip("torch")
    from training.quotes.train_model import QuoteNet, save

    from lagebild.ner.encoder import load_e5, words_to_pieces
    from lagebild.quotes.neural import EncodedArticle, Window

    e5 = load_e5()
    words = ["Die", "Regierung", "habe", "versagt", ",", "sagte", "Merkel", "am", "Montag", "."]
    ids, firsts = words_to_pieces(e5.tokenizer, words, max_pieces=510)
    vocab = sorted(set(ids))
    torch.manual_seed(0)
    net = QuoteNet(e5, e5.embedding_rows(np.array(vocab, dtype=np.int64)), 4, 9)
    with torch.no_grad():  # untrained LoRA factors are zero: make them count
        for name, parameter in net.named_parameters():
            if name.endswith("lora_b") or name == "stage2":
                parameter.normal_(0.0, 0.05)
    net.eval()
    save(net, argparse.Namespace(out=tmp_path / "m", rank=4, lr=0.0, epochs=0.0, holdout=0), 0.0, 0)
    model = QuoteModel(tmp_path / "m.npz")

    piece_ids = torch.tensor([[vocab.index(i) for i in ids]])
    pad = torch.zeros_like(piece_ids, dtype=torch.bool)
    marked_words = np.array([False, True, True, True] + [False] * 6)
    marked = torch.from_numpy(piece_mask(firsts, len(ids), marked_words).astype(np.float32))[None]
    with torch.no_grad():
        lower = net.lower(piece_ids, pad)
        first = torch.tensor([firsts])
        messages, forms, _ = net(lower, pad, torch.zeros(1), torch.zeros_like(marked), first)
        _, _, roles = net(lower, pad, torch.ones(1), marked, first)

    encoded = [(ids, firsts)]
    article = EncodedArticle([Window(0, len(words), 0, len(words))], encoded, model._lower(encoded))
    (_, first_pass), (_, second_pass) = model._upper([(0, None), (0, marked_words)], article)
    head, bias = model.message_head
    np.testing.assert_allclose(first_pass @ head + bias, messages[0].numpy(), atol=2e-2)
    head, bias = model.form_head
    np.testing.assert_allclose(first_pass @ head + bias, forms[0].numpy(), atol=2e-2)
    head, bias = model.role_head
    np.testing.assert_allclose(second_pass @ head + bias, roles[0].numpy(), atol=2e-2)


def test_a_damaged_model_file_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.npz"
    path.write_bytes(b"not a numpy archive")
    meta = {"message_tags": list(MESSAGE_TAGS), "forms": list(neural.FORMS), "role_tags": list(neural.ROLE_TAGS),
            "inject_layer": 4}
    path.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(LagebildError, match="unreadable"):
        QuoteModel(path)
    path.with_suffix(".json").write_text("{broken", encoding="utf-8")
    with pytest.raises(LagebildError, match="unreadable"):
        QuoteModel(path)
