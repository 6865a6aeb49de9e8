"""Values for candidate expressions: anchoring to the document date or to a date mentioned before.

Anchoring rules (see ``docs/timex.md``):

* deictic expressions ("gestern", "vergangene Woche", "am Sonntag", "vor drei Jahren") count from the
  document creation time (DCT) in news; in narratives (``genre="narrative"``) from the last date mentioned;
* anaphoric expressions ("am Vortag", "im Folgejahr", "drei Tage später", "des Jahres") count from the
  last date mentioned, falling back to the DCT;
* clock times and parts of the day take the day mentioned in the same or the previous sentence
  ("am 9. Juli ab 12 Uhr" -> 2017-07-09T12:00), else the DCT's day; "30 Minuten später" counts from the
  clock time just mentioned;
* dates without a year ("9. Juli", "im Juni") take a year explicitly written in the same or the previous
  sentence, else the DCT's year shifted by the clause's tense;
* without a DCT and without an anchor the value stays underspecified (``XXXX-07-09``, ``XXXX-XX-XX``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from . import calendar as cal
from . import lexicon as lx
from .context import Tense

_REL_PAST = ("vergangen", "letzt", "vorig", "vorherig")
_REL_FUTURE = ("kommend", "nächst")
_REL_THIS = ("dies", "laufend", "heutig")
_REL_ANAPHORIC_NEXT = ("folgend", "darauffolgend", "neu")
_REL_SAME = ("selb", "gleich")
_POD_HOURS = {"MO": 8, "MI": 12, "AF": 15, "EV": 19, "NI": 23}


@dataclass(slots=True)
class Anchor:
    """A date mentioned in the text, kept for anaphoric and clock-time anchoring."""

    day: date
    granularity: cal.Granularity
    sentence: int
    part_of_day: str | None = None


@dataclass(slots=True)
class Resolution:
    type: str
    value: str
    mod: str | None = None
    start: int | None = None  # set when the extent differs from the candidate's
    end: int | None = None


def rel_kind(word: str | None) -> str | None:
    """``"vergangenen"`` -> ``"past"``; ``"diesem"`` -> ``"this"``; ``"folgenden"`` -> ``"next"`` ..."""
    if not word:
        return None
    stem = word.lower()
    for prefixes, kind in ((_REL_ANAPHORIC_NEXT, "next"), (_REL_PAST, "past"), (_REL_FUTURE, "future"),
                           (_REL_THIS, "this"), (_REL_SAME, "same"), (("gestrig",), "yesterday"),
                           (("morgig",), "tomorrow")):
        if stem.startswith(prefixes):
            return kind
    return None


def position_mod(word: str | None) -> str | None:
    if not word:
        return None
    key = " ".join(word.lower().split())
    return lx.POSITION_MODS.get(key) or lx.POSITION_MODS.get(key.split()[-1])


def quantity_mod(word: str | None) -> str | None:
    return lx.QUANTITY_MODS.get(" ".join(word.lower().split())) if word else None


def direction_of(tense: Tense) -> int:
    return -1 if tense is Tense.PAST else 1 if tense is Tense.FUTURE else 0


class Calendar:
    """Reference points of one document: its DCT, the genre and what the text has mentioned so far."""

    def __init__(self, dct: date | None, genre: str) -> None:
        self.dct = dct
        self.narrative = genre == "narrative"
        self.last: Anchor | None = None  # last date of any granularity
        self.last_day: Anchor | None = None  # last date precise to the day
        self.last_mention: Anchor | None = None  # last date of any kind, even an aside ("1790 und im Jahr darauf")
        self.explicit_year: tuple[int, int] | None = None  # (year, sentence) last written-out year
        self.explicit_anchor: Anchor | None = None
        self.partial_day: tuple[str, int] | None = None  # ("XXXX-07-09", sentence) without a DCT
        self.previous: tuple[int, int] | None = None  # (end offset, year) of the expression just before
        self.last_clock: tuple[datetime, str, int] | None = None  # (local time, zone suffix, sentence)

    # --- reference points --------------------------------------------------------------------
    def deictic(self) -> date | None:
        """The "now" of deictic expressions: the DCT in news, the narrative's current date in narratives."""
        if self.narrative and self.last is not None:
            return self.last.day
        return self.dct

    def anaphoric(self, sentence: int | None = None) -> Anchor | None:
        mention = self.last_mention
        if mention is not None and sentence is not None and sentence - mention.sentence <= 0:
            return mention  # "... gegen das Osmanische Reich 1790 und die im Jahr darauf folgende ..."
        if self.last is not None:
            return self.last
        return Anchor(self.dct, "day", -1) if self.dct else None

    def year_for_partial(self, sentence: int, month: int, day: int | None, direction: int) -> int | None:
        if self.explicit_year is not None:
            year, where = self.explicit_year
            if self.narrative:
                anchor = self.explicit_anchor
                if anchor is not None and anchor.granularity in ("day", "month") and anchor.day.month - month >= 7:
                    return year + 1  # "13. Dezember 1919 ... Anfang Januar": the narrative moves on
                return year
            if sentence - where <= 1 and not self._goes_back(year, month, day):
                return year
        if self.dct is None:
            return None
        if day is not None:
            near = cal.safe_date(self.dct.year, month, day)
            if near is not None and abs((near - self.dct).days) <= 14:
                return self.dct.year  # days around the DCT: "am 18. März ... geworden wäre" written on 9 March
        return cal.partial_year(self.dct, month, day, direction)

    def _goes_back(self, year: int, month: int, day: int | None) -> bool:
        """News rarely step back within an old year: after "im Dezember 2005", "am 9. September" is the
        DCT's year, not September 2005."""
        anchor = self.explicit_anchor
        if anchor is None or self.dct is None or year == self.dct.year or anchor.granularity not in ("day", "month"):
            return False
        return month < anchor.day.month

    def day_anchor(self, sentence: int, within: int = 2) -> Anchor | None:
        """The day just mentioned, for "am darauffolgenden Donnerstag", "am nächsten Tag", "Montag darauf":
        the last date precise to the day, if it is at most ``within`` sentences back (any distance in
        narratives); None otherwise."""
        anchor = self.last_day
        if anchor is not None and (self.narrative or sentence - anchor.sentence <= within):
            return anchor
        return None

    def clock_anchor(self, sentence: int) -> tuple[datetime, str] | None:
        """The clock time just mentioned (same or previous sentence) and its zone suffix, for "30 Minuten
        später"."""
        if self.last_clock is not None and sentence - self.last_clock[2] <= 1:
            return self.last_clock[0], self.last_clock[1]
        return None

    def day_for_time(self, sentence: int, hour: int | None) -> date | None:
        """The day a clock time or part of day belongs to."""
        anchor = self.last_day
        if anchor is not None and (self.narrative or sentence - anchor.sentence <= 1):
            if anchor.part_of_day == "NI" and hour is not None and hour < 6:
                return anchor.day + timedelta(days=1)  # "in der Nacht zum Sonntag ... um 2 Uhr"
            return anchor.day
        return self.dct

    # --- bookkeeping -------------------------------------------------------------------------
    def remember(self, value: str, sentence: int, explicit_year: bool, anchors: bool = True) -> None:
        """Note a date the text mentioned; ``anchors`` is False for asides that do not move the text's time."""
        if re.fullmatch(r"XXXX-\d{2}-\d{2}", value):
            self.partial_day = (value, sentence)
        clock = _CLOCK_VALUE.match(value)
        if clock:
            moment = datetime.fromisoformat(clock[1]) + timedelta(hours=int(clock[2]), minutes=int(clock[3]))
            self.last_clock = (moment, clock[4], sentence)
        parsed = parse_value(value)
        if parsed is None:
            return
        day, granularity, part = parsed
        anchor = Anchor(day, granularity, sentence, part)
        if granularity not in ("decade", "century"):
            self.last_mention = anchor
        if not anchors:
            return
        if granularity not in ("decade", "century"):
            self.last = anchor
        if granularity == "day":
            self.last_day = anchor
        if explicit_year and granularity not in ("decade", "century"):
            self.explicit_year = (day.year, sentence)
            self.explicit_anchor = anchor


_CLOCK_VALUE = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})((?:[+-]\d{2}:\d{2}|Z)?)$")
_VALUE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2})|-Q(\d)|-(SP|SU|FA|WI)|-H(\d))?"
                    r"(?:T(\d{2}|MO|MI|AF|EV|NI))?")


def parse_value(value: str) -> tuple[date, cal.Granularity, str | None] | None:
    """A representative day, the granularity and part of day of a TIMEX3 value (None if not a date)."""
    match = _VALUE.match(value)
    if not match:
        return None
    year = int(match[1])
    part = match[8] if match[8] and not match[8].isdigit() else None
    try:
        if match[3]:
            return date(year, int(match[2]), int(match[3])), "day", part
        if match[2]:
            return date(year, int(match[2]), 15), "month", None
        if match[4]:
            return date.fromisocalendar(year, int(match[4]), 4), "week", None
        if match[5]:
            return date(year, int(match[5]) * 3 - 1, 15), "quarter", None
        if match[6]:
            return cal.season_anchor(year, match[6]), "season", None
        if match[7]:
            return date(year, 4 if match[7] == "1" else 10, 1), "half", None
        return date(year, 7, 1), "year", None
    except ValueError:
        return None


def relative_day(cal_: Calendar, kind: str | None, unit_granularity: cal.Granularity,
                 sentence: int | None = None) -> tuple[date, int] | None:
    """Reference date and step for "vergangene Woche" (past, -1), "folgenden Jahr" (next, +1) ..."""
    if kind in ("next", "same"):
        anchor = cal_.anaphoric(sentence)
        return (anchor.day, 1 if kind == "next" else 0) if anchor else None
    reference = cal_.deictic()
    if reference is None:
        return None
    step = {"past": -1, "future": 1, "this": 0, "yesterday": -1, "tomorrow": 1}.get(kind or "", 0)
    return reference, step


def shifted_value(reference: date, step: int, granularity: cal.Granularity) -> str:
    if granularity == "day":
        return cal.fmt_day(reference + timedelta(days=step))
    if granularity == "week":
        return cal.fmt_week(reference + timedelta(weeks=step))
    if granularity == "month":
        return cal.fmt_at(cal.add_months(reference, step), "month")
    if granularity == "quarter":
        return cal.fmt_at(cal.add_months(reference, 3 * step), "quarter")
    if granularity == "decade":
        return cal.fmt_at(cal.add_years(reference, 10 * step), "decade")
    if granularity == "century":
        return cal.fmt_at(cal.add_years(reference, 100 * step), "century")
    return cal.fmt_year(reference.year + step)


#: Order of duration units, largest first: a coordinated duration ("zwei Jahre und fünf Monate") goes down it.
UNIT_RANK = {"ML": -4, "CE": -3, "DE": -2, "Y": 0, "Q": 1, "M": 2, "W": 3, "WE": 3, "D": 4, "H": 5, "MIN": 6, "S": 7}
_IN_MONTHS = {"ML": 12000, "CE": 1200, "DE": 120, "Y": 12, "Q": 3, "M": 1}
_IN_SECONDS = {"W": 604800, "D": 86400, "H": 3600, "MIN": 60, "S": 1}


def compound_duration(parts: list[tuple[float | None, str]]) -> str:
    """One value for "zwei Jahre und fünf Monate" (P2Y5M), "drei Stunden und 20 Minuten" (PT3H20M),
    "eine Woche und zwei Tage" (P9D): years and months, days, then hours, minutes and seconds."""
    if len(parts) == 1 or any(amount is None for amount, _ in parts):
        return duration_value(parts[0][0], parts[0][1])
    months = sum((amount or 0) * _IN_MONTHS[unit] for amount, unit in parts if unit in _IN_MONTHS)
    seconds = sum((amount or 0) * _IN_SECONDS[unit] for amount, unit in parts if unit in _IN_SECONDS)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    years, months = divmod(months, 12)
    date_part = "".join(f"{cal.fmt_number(n)}{u}" for n, u in ((years, "Y"), (months, "M"), (days, "D")) if n)
    time_part = "".join(f"{cal.fmt_number(n)}{u}" for n, u in ((hours, "H"), (minutes, "M"), (secs, "S")) if n)
    return "P" + date_part + (f"T{time_part}" if time_part else "")


def duration_value(amount: float | None, unit: str) -> str:
    """P3Y, PT2.5H, PXD ...; half units become the next smaller unit when exact (P0.5Y -> P6M)."""
    halves = {"Y": (12, "M"), "D": (24, "H"), "H": (60, "MIN")}
    if amount is not None and 0 < amount < 1 and unit in halves and (amount * halves[unit][0]).is_integer():
        amount, unit = amount * halves[unit][0], halves[unit][1]
    number = "X" if amount is None else cal.fmt_number(amount)
    if unit in ("H", "MIN", "S"):
        return f"PT{number}{'M' if unit == 'MIN' else unit}"
    if unit == "Q":
        return f"P{'X' if amount is None else cal.fmt_number(3 * amount)}M"
    return f"P{number}{unit}"


def unit_code(word: str) -> str | None:
    """Duration designator of a unit word: "Stunden" -> "H", "Minuten" -> "MIN", "Jahren" -> "Y"."""
    stem = lx.unit_stem(word)
    if stem is None:
        return None
    code, is_time = lx.UNITS[stem]
    return "MIN" if is_time and code == "M" else code


def unit_granularity(code: str) -> cal.Granularity:
    return {"Y": "year", "M": "month", "W": "week", "WE": "week", "D": "day", "DE": "decade", "CE": "century",
            "Q": "quarter"}.get(code, "day")
