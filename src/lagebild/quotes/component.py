"""The ``quotes`` pipeline component: attributions -> :class:`lagebild.model.Quote`.

One ``Quote`` per statement and speaker ("X und Y sagten" gives two).  The
public quote is one span: a direct quote interrupted by its frame ("„A“, sagte
er, „B“") gives one quote per quoted part; any other message interrupted by a
source phrase ("Ein Verdacht bestehe nach Angaben der Polizei nicht") keeps
the covering span, so its text reads as a sentence.  ``cue`` covers the cue
words (a split cue such as "teilte … mit" covers what lies between);
``cue.text`` is always ``text[cue.start:cue.end]``.

The setting ``quote_model`` (``LAGEBILD_QUOTE_MODEL=/path/model.npz``) switches from the rules to a quote model
the user trained (:mod:`.neural`); the article's ``meta["quote_model"]`` then
names it and its licence.
"""

from __future__ import annotations

from lagebild.model import Article, Cue, Quote
from lagebild.registry import Component
from lagebild.resources import Resources
from lagebild.settings import Settings

from .base import Attribution, Speaker
from .extract import extract_attributions
from .neural import QuoteModel, load_quote_model


def make_quotes(settings: Settings | None = None, resources: Resources | None = None) -> Component:
    """The rules, or the trained model that the setting ``quote_model`` names (see :mod:`.neural`)."""
    path = (settings or Settings()).quote_model
    model: QuoteModel | None = None
    if path:
        model = resources.quote_model(path) if resources is not None else load_quote_model(path)

    def quotes(article: Article) -> Article:
        article.quotes = [q for a in extract_attributions(article, model) for q in to_quotes(article.text, a)]
        if model is not None:
            article.meta["quote_model"] = f"{model.name} ({model.meta.get('licence', 'licence unknown')})"
        return article

    return quotes


def to_quotes(text: str, attribution: Attribution) -> list[Quote]:
    """The public quotes of one attribution."""
    if not attribution.message:
        return []
    if attribution.type == "direct":
        parts = attribution.message
    else:
        parts = [(attribution.message[0][0], attribution.message[-1][1])]
    cue = None
    if attribution.cue:
        start, end = attribution.cue[0][0], attribution.cue[-1][1]
        cue = Cue(text[start:end], start, end)
    speakers = attribution.speakers or [Speaker(None)]
    return [Quote(text[start:end], start, end, attribution.type, speaker.entity, speaker.name, cue)
            for speaker in speakers for start, end in parts]
