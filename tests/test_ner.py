"""The NER component, its models and the GermEval loaders."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from lagebild.model import Token
from lagebild.ner.component import load_tagger, mentions_from_tags
from lagebild.ner.encoder import dequantize_q4, load_e5, words_to_pieces
from lagebild.ner.tags import TAGS, chunk_scores, mention_spans, spans_from_tags, viterbi_bio
from lagebild.pipeline import Pipeline, analyze
from lagebild.settings import Settings, SettingsError

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "000_95917e8755466fef.txt"


def _shared_data() -> Path | None:
    for candidate in (os.environ.get("LAGEBILD_SHARED"), REPO.parent / "shared" / "data"):
        if candidate and (Path(candidate) / "germeval2014").is_dir():
            return Path(candidate)
        if candidate and (Path(candidate) / "data" / "germeval2014").is_dir():
            return Path(candidate) / "data"
    return None


@pytest.fixture(scope="module", params=["fast", "accurate"])
def seed_mentions(request: pytest.FixtureRequest) -> dict[str, set[str]]:
    pipeline = Pipeline(("clean", "sentences", "ner"), settings=Settings(ner_model=request.param))
    article = analyze(SEED.read_text(encoding="utf-8"), pipeline=pipeline)
    found: dict[str, set[str]] = {}
    for mention in article.mentions:
        assert article.text[mention.start:mention.end] == mention.text
        found.setdefault(mention.text, set()).add(mention.label)
    return found


@pytest.mark.parametrize(("name", "labels"), [
    ("Putin", {"PER"}), ("Trump", {"PER"}), ("Lawrow", {"PER"}), ("Sergej Lawrow", {"PER"}),
    ("Wladimir Putin", {"PER"}), ("Donald Trump", {"PER"}), ("Kossatschow", {"PER"}),
    ("Hamburg", {"LOC"}), ("Syrien", {"LOC"}), ("Damaskus", {"LOC"}), ("Ukraine", {"LOC"}),
    ("Nord-Korea", {"LOC"}), ("Interfax", {"ORG"}), ("G20", {"ORG", "MISC"}),
])
def test_seed_article_mentions(seed_mentions: dict[str, set[str]], name: str, labels: set[str]) -> None:
    # "Lawrow" alone occurs in "so Lawrow"; "Kossatschow" inside "Konstantin Kossatschow".
    matches = {text: found for text, found in seed_mentions.items() if name == text or name in text.split()}
    assert matches, f"{name} not found in {sorted(seed_mentions)}"
    assert any(found & labels for found in matches.values()), f"{name}: {matches}"


def test_seed_article_has_no_common_noun_mentions(seed_mentions: dict[str, set[str]]) -> None:
    for noun in ("Waffenruhe", "Cybersicherheit", "Außenminister", "Kommentare", "Agentur"):
        assert noun not in seed_mentions


def test_spans_and_strict_scores() -> None:
    tags = ["B-PER", "I-PER", "O", "I-LOC", "B-ORGpart", "B-MISC"]
    assert spans_from_tags(tags) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORGpart"), (5, 6, "MISC")]
    assert mention_spans(tags) == [(0, 2, "PER"), (3, 4, "LOC"), (5, 6, "MISC")]
    scores = chunk_scores([["B-PER", "I-PER", "O"]], [["B-PER", "O", "O"]])
    assert scores["ALL"][:3] == (0.0, 0.0, 0.0)  # strict: a partial chunk is wrong
    scores = chunk_scores([["B-PER", "I-PER", "B-LOC"]], [["B-PER", "I-PER", "B-ORG"]])
    assert scores["PER"][2] == 1.0 and scores["ALL"][:2] == (0.5, 0.5)


@pytest.mark.parametrize(("words", "tags", "repaired"), [
    # a name split into two chunks is one name
    ("in New York", "O B-LOC B-LOC", "O B-LOC I-LOC"),
    # two names side by side stay two when one is not capitalised ("und" is O anyway)
    ("Merkel und Macron", "B-PER O B-PER", "B-PER O B-PER"),
    # the classifier noun before a name is not part of it, and alone it is no name
    ("sagte der Agentur Interfax", "O O B-ORG I-ORG", "O O O B-ORG"),
    ("sagte der Agentur Interfax", "O O B-ORG B-ORG", "O O O B-ORG"),
    ("der Papst sagte", "O B-PER O", "O O O"),
    # adjectives derived from places are not mentions (GermEval: LOCderiv)
    ("im Hamburger Hafen", "O B-LOC O", "O O O"),
    ("die Münchner Polizei", "O B-ORG O", "O O O"),
    ("die europäischen Staaten", "O B-LOC O", "O O O"),
    # ... but a name that merely ends in -er stays, and so does a multi-word name
    ("der Konzern Bayer", "O O B-ORG", "O O B-ORG"),
    ("beim Hamburger SV", "O B-ORG I-ORG", "O B-ORG I-ORG"),
    # a name does not end in an article: joined with the next chunk of its type, else cut
    ("Sicherheitsrat der Vereinten Nationen", "B-ORG I-ORG B-ORG I-ORG", "B-ORG I-ORG I-ORG I-ORG"),
    ("der Präsident der", "O B-PER I-PER", "O O O"),
    # a title before first name and surname is not part of the name
    ("sagte Bundesrat Ueli Maurer", "O B-PER I-PER I-PER", "O O B-PER I-PER"),
    # a compound of a name and a common noun is a thing named after the name: the name is a -part
    ("die SPD-Regierung", "O B-ORG", "O B-ORGpart"),
    ("der US-Präsident", "O B-LOC", "O B-LOCpart"),
    # ... unless its last word usually ends a name, or the whole is a place
    ("das Goethe-Institut", "O B-ORG", "O B-ORG"),
    ("in Baden-Baden", "O B-LOC", "O B-LOC"),
])
def test_repair_tags(words: str, tags: str, repaired: str) -> None:
    from lagebild.ner.repair import repair_tags

    assert repair_tags(words.split(), tags.split()) == repaired.split()


def test_viterbi_respects_bio() -> None:
    log_probs = np.full((2, len(TAGS)), -10.0, dtype=np.float32)
    log_probs[0, TAGS.index("O")] = -0.1
    log_probs[1, TAGS.index("I-PER")] = -0.1
    log_probs[1, TAGS.index("B-PER")] = -1.0
    assert viterbi_bio(log_probs) == ["O", "B-PER"]


def test_part_tokens_yield_the_name_inside() -> None:
    text = "des G20-Gipfels und Chinesenviertel"
    tokens = [Token(0, 3), Token(4, 15), Token(16, 19), Token(20, 35)]
    mentions = mentions_from_tags(text, tokens, ["O", "B-MISCpart", "O", "B-LOCpart"])
    assert [(m.text, m.start, m.end, m.label) for m in mentions] == [("G20", 4, 7, "MISC")]
    # The same compound tagged as a whole: the acronym is the name.
    mentions = mentions_from_tags(text, tokens, ["O", "B-ORG", "O", "O"])
    assert [(m.text, m.label) for m in mentions] == [("G20", "ORG")]


def test_q4_dequantisation() -> None:
    scale = np.array([0.5], dtype=np.float16).view(np.uint8)
    nibbles = np.array([(j % 16) | ((15 - j % 16) << 4) for j in range(16)], dtype=np.uint8)
    values = dequantize_q4(np.concatenate([scale, nibbles]), 1, 32)[0]
    assert values[0] == -4.0 and values[15] == 3.5 and values[16] == 3.5 and values[31] == -4.0


def test_e5_tokenizer_matches_sentencepiece() -> None:
    e5 = load_e5()
    ids, first = words_to_pieces(e5.tokenizer, ["Der", "Außenminister", "Lawrow"])
    # Pieces "<s> ▁Der ▁Außen minister ▁Law row </s>", as the wheel's C tokenizer (e5.c) splits them.
    assert ids == [0, 1310, 112777, 35485, 36293, 15555, 2]
    assert first == [1, 2, 4]


def test_unknown_model_name_is_an_error() -> None:
    with pytest.raises(SettingsError, match="unknown NER model"):
        load_tagger("huge")


def test_empty_article_has_no_mentions() -> None:
    article = analyze("", pipeline=("clean", "sentences", "ner"))
    assert article.mentions == []


@pytest.mark.skipif(_shared_data() is None, reason="../shared/data not available")
def test_germeval_loader_maps_labels() -> None:
    import sys

    sys.path.insert(0, str(REPO))
    from training.ner.corpora import load_germeval

    data_dir = _shared_data()
    assert data_dir is not None
    test = load_germeval(data_dir, "test")
    assert len(test) == 5100
    labels = {tag[2:] for s in test for tag in s.tags if tag != "O"}
    assert labels <= {"PER", "ORG", "LOC", "MISC", "PERpart", "ORGpart", "LOCpart", "MISCpart"}
    assert "MISC" in labels


def test_numpy_accurate_tagger_computes_what_the_torch_training_model_computes(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    import argparse

    from training.ner.train_accurate import Tagger, save

    from lagebild.ner.neural import AccurateTagger

    e5 = load_e5()
    words = ["Angela", "Merkel", "besuchte", "am", "Montag", "Köln", "."]
    ids, firsts = words_to_pieces(e5.tokenizer, words, max_pieces=254)
    vocab = sorted(set(ids))
    torch.manual_seed(0)
    net = Tagger(e5, e5.embedding_rows(np.array(vocab, dtype=np.int64)), 4, 8.0, 10)
    with torch.no_grad():  # untrained LoRA factors are zero: make them count
        for name, parameter in net.named_parameters():
            if name.endswith("lora_b"):
                parameter.normal_(0.0, 0.05)
    net.eval()
    save(net, argparse.Namespace(out=tmp_path / "accurate", rank=4, lr=0.0, include_test=False), 0.0, 0)
    piece_ids = torch.tensor([[vocab.index(i) for i in ids]])
    pad = torch.zeros_like(piece_ids, dtype=torch.bool)
    with torch.no_grad():
        expected = net(net.lower(piece_ids, pad), pad, torch.tensor([firsts]))[0].numpy()
    tagger = AccurateTagger(tmp_path / "accurate.npz")
    states = tagger.encode(np.array([ids]), [len(ids)])[0, firsts]
    np.testing.assert_allclose(states @ tagger.head_t + tagger.head_b, expected, atol=2e-2)
