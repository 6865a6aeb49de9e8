"""Metadata date strings (from JSONL, HTML, RSS, ``--date``) to ISO 8601.

This is *not* the temporal tagger for running text: it reads the date fields
that come with an article, in the formats feeds and CMSs use.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

MONTHS_DE = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}
MONTHS_EN = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
_NUMERIC_DE = re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?:,?\s+(\d{1,2})[:.](\d{2})(?:\s*Uhr)?)?$")
_WORDS_DE = re.compile(r"^(\d{1,2})\.\s*([A-Za-zÄÖÜäöü]+)\.?\s+(\d{4})$")


def _iso(year: int, month: int, day: int, hour: int | None = None, minute: int | None = None) -> str | None:
    try:
        if hour is None:
            return date(year, month, day).isoformat()
        return datetime(year, month, day, hour, minute or 0).isoformat(timespec="minutes")
    except ValueError:
        return None


def parse_metadata_date(value: str) -> str | None:
    """``"2017-07-09"``, ``"2017-07-09T12:00:00+02:00"``, ``"09.07.2017"``, ``"9. Juli 2017"``,
    RFC 2822 (RSS) and ``"July 9, 2017"`` to ISO 8601; None when unreadable."""
    text = value.strip()
    if not text:
        return None
    iso = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        if len(iso) == 10:
            return date.fromisoformat(iso).isoformat()
        parsed = datetime.fromisoformat(iso)
        return parsed.isoformat(timespec="seconds") if parsed.second else parsed.isoformat(timespec="minutes")
    except ValueError:
        pass
    if m := _NUMERIC_DE.match(text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        hour = int(m[4]) if m[4] else None
        return _iso(year, month, day, hour, int(m[5]) if m[5] else None)
    if m := _WORDS_DE.match(text):
        month_num = MONTHS_DE.get(m[2].lower()) or MONTHS_EN.get(m[2].lower())
        return _iso(int(m[3]), month_num, int(m[1])) if month_num else None
    if m := re.match(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$", text):
        month_num = MONTHS_EN.get(m[1].lower())
        return _iso(int(m[3]), month_num, int(m[2])) if month_num else None
    try:
        return parsedate_to_datetime(text).isoformat(timespec="minutes")
    except (TypeError, ValueError, IndexError):
        return None
