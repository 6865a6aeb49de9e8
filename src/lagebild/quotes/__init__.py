"""Who said what: direct quotes and reported speech with their speakers.

:func:`extract_attributions` finds statements in a tagged article (tokens with
STTS tags, lemmas and verb mood); the pipeline component ``quotes``
(:func:`lagebild.quotes.component.make_quotes`) stores them as
:class:`lagebild.model.Quote` in ``article.quotes``.  See ``docs/quotes.md``.
"""

from __future__ import annotations

from .base import Attribution, Speaker
from .extract import extract_attributions

__all__ = ["Attribution", "Speaker", "extract_attributions"]
