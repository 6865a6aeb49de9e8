"""The built-in base components: cleaning, sentences, tagging.

Each factory returns an ``Article -> Article`` callable.  The algorithms live in
their own modules (:mod:`lagebild.clean`, :mod:`lagebild.nlp.tokenize`,
:mod:`lagebild.nlp.tagger`, :mod:`lagebild.nlp.mood`) as plain functions over
strings and offsets; this module only moves their results into the article.
"""

from __future__ import annotations

from .dates import parse_metadata_date
from .model import Article, Removal, Sentence, Token
from .offsets import OffsetMap
from .registry import Component
from .resources import Resources
from .settings import Settings


def make_clean(settings: Settings | None = None, resources: Resources | None = None) -> Component:
    from .clean import clean_text

    def clean(article: Article) -> Article:
        result = clean_text(article.raw)
        article.text = result.text
        article.offsets = result.offsets
        article.removed = list(result.removed)
        article.claimed_source = article.claimed_source or result.claimed_source
        for key, value in result.metadata.items():
            article.meta.setdefault(key, value)
        if article.published is None and "stand" in result.metadata:
            # A "Stand: 09.07.2017 12:00 Uhr" line is the article's own date.
            article.published = parse_metadata_date(result.metadata["stand"])
            if article.published:
                article.meta["published_source"] = "dateline"
        _drop_repeated_title(article)
        return article

    return clean


def _drop_repeated_title(article: Article) -> None:
    """Scraped text often repeats the headline as its first paragraph: record and drop it."""
    if not article.title:
        return
    first, sep, rest = article.text.partition("\n\n")
    if sep and first.strip() == article.title.strip():
        start, end = article.offsets.span_to_raw(0, len(first))
        article.removed.append(Removal(start, end, article.raw[start:end], "title"))
        cut = len(first) + len(sep)
        sources = [article.offsets.to_raw(i) for i in range(cut, len(article.text))]
        article.text = rest
        article.offsets = OffsetMap.from_sources(sources, article.offsets.raw_length)


def make_sentences(settings: Settings | None = None, resources: Resources | None = None) -> Component:
    from .nlp.tokenize import split_sentences, tokenize

    def sentences(article: Article) -> Article:
        spans = tokenize(article.text)
        article.tokens = [Token(start, end) for start, end in spans]
        article.sentences = [Sentence(start, end) for start, end in split_sentences(article.text, spans)]
        return article

    return sentences


def make_tagger(settings: Settings | None = None, resources: Resources | None = None) -> Component:
    from .nlp.mood import verb_moods
    from .nlp.retag import retag
    from .nlp.tagger import tag_words

    def tagger(article: Article) -> Article:
        view = article.token_view()
        tokens = view.tokens
        for first, end in view.cover:  # every token, sentence by sentence
            if end == first:
                continue
            words = view.all_words[first:end]
            tagged = tag_words(words)
            tags = [tag for tag, _ in tagged]
            lemmas = [lemma for _, lemma in tagged]
            for token, tag, lemma, mood in zip(tokens[first:end], tags, lemmas, verb_moods(words, tags, lemmas),
                                               strict=True):
                token.pos, token.lemma, token.mood = tag, lemma, mood
        retag(view)  # context fixes every later component should see (see lagebild.nlp.retag)
        return article

    return tagger
