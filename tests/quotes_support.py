"""Shared helpers of the quote-rule tests: run the extractor on an exact text (no cleaning)."""

from __future__ import annotations

from lagebild.components import make_sentences, make_tagger
from lagebild.model import Article
from lagebild.offsets import OffsetMap
from lagebild.quotes import extract_attributions

Record = tuple[str, str, str, str]  # form, message, cue, source (parts joined by " … ")


def tagged(text: str) -> Article:
    """``text`` split into sentences and tagged, as the quote extractor expects it."""
    article = Article(raw=text, text=text, offsets=OffsetMap.identity(len(text)))
    return make_tagger()(make_sentences()(article))


def attributions(text: str) -> list[Record]:
    """Every attribution of ``text`` as (form, message, cue, source) strings."""
    def words(spans: list[tuple[int, int]]) -> str:
        return " … ".join(text[s:e] for s, e in spans)

    return [(a.form, words(a.message), words(a.cue), words(a.source)) for a in extract_attributions(tagged(text))]
