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


SpeakerRecord = tuple[str, list[str], str | None]  # message (parts joined by " … "), speaker names, medium


def speakers(text: str, article: Article | None = None) -> list[SpeakerRecord]:
    """Every attribution of ``text`` as (message, speaker names, medium name); ``article``: an already tagged
    article of ``text`` (with entities, say)."""
    def words(spans: list[tuple[int, int]]) -> str:
        return " … ".join(text[s:e] for s, e in spans)

    return [(words(a.message), [s.name or "" for s in a.speakers], a.medium.name if a.medium else None)
            for a in extract_attributions(article or tagged(text))]


def speaker_of(text: str, message_start: str) -> list[str]:
    """The speaker names of the attribution whose message starts with ``message_start``."""
    found = [names for message, names, _ in speakers(text) if message.startswith(message_start)]
    assert found, f"no statement starting with {message_start!r} in {speakers(text)}"
    return found[0]
