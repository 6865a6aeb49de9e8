"""The ``timex`` pipeline component: fills ``article.timexes`` with anchored TIMEX3 expressions.

The document creation time is ``article.published`` (from metadata, ``--date`` or a ``Stand:`` line found
by cleaning).  When there is none, a dateline at the top of the text ("Berlin, 9. Juli 2017 – ...") is
used and recorded as ``meta["published_source"] = "dateline"``; without any date relative expressions
stay underspecified (``XXXX-…``) -- the date is never guessed from today's.
"""

from __future__ import annotations

import re

from ..dates import parse_metadata_date
from ..model import Article
from ..registry import Component
from ..resources import Resources
from ..settings import Settings
from .extract import extract_timexes
from .patterns import MONTH_ALT, WEEKDAY_ALT

#: "Berlin, 9. Juli 2017 – ", "Montag, 09.07.2017: ", "9. Juli 2017 (dpa)" as the text's first line.
_DATELINE = re.compile(
    rf"^\s*(?:[A-ZÄÖÜ][\wÄÖÜäöüß.\- /]{{1,40}}?,\s*)?(?:(?:{WEEKDAY_ALT}),\s*)?(?:den\s+)?"
    rf"(?P<date>\d{{1,2}}\.\s*(?:\d{{1,2}}\.|(?:{MONTH_ALT}))\s*\d{{4}})(?:,?\s*\d{{1,2}}[:.]\d{{2}}(?:\s*Uhr)?)?"
    r"\s*(?:[–—-]\s|\(|:\s|\n)"
)


def dateline_date(text: str) -> str | None:
    """The ISO date of a dateline opening ``text``, or None."""
    match = _DATELINE.match(text[:200])
    if match is None:
        return None
    return parse_metadata_date(re.sub(r"\s+", " ", match["date"]).replace(". ", ".", 1)
                               if re.match(r"\d{1,2}\.\s*\d", match["date"]) else match["date"])


def make_timex(settings: Settings | None = None, resources: Resources | None = None) -> Component:
    def timex(article: Article) -> Article:
        if article.published is None and (found := dateline_date(article.text)):
            article.published = found
            article.meta["published_source"] = "dateline"
        article.timexes = extract_timexes(article.text, article.published, article.tokens or None,
                                          sentences=article.sentences or None)
        return article

    return timex
