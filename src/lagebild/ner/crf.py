"""The ``fast`` NER model at run time: a crfsuite CRF over :mod:`lagebild.ner.features`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pycrfsuite

from .features import Resources, sentence_features

MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "ner" / "fast"


class FastTagger:
    """Tags pre-tokenised sentences with the CRF (tag set of :mod:`lagebild.ner.tags`)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or MODEL_DIR
        model = self.directory / "model.crfsuite"
        if not model.exists():
            raise FileNotFoundError(f"no fast NER model at {model}")
        meta_path = self.directory / "meta.json"
        self.meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        self.resources = Resources.load(self.directory)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model))

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        self.resources.prepare([word for words in sentences for word in words])
        return [list(self._tagger.tag(sentence_features(words, self.resources))) if words else []
                for words in sentences]
