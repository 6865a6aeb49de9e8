"""One handler per candidate kind: a regex match in context -> TIMEX3 type, value and mod."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from . import calendar as cal
from . import lexicon as lx
from .context import Tense
from .normalize import (
    Calendar,
    Resolution,
    direction_of,
    position_mod,
    rel_kind,
    relative_day,
    shifted_value,
)


class Found:
    """A candidate's regex match; a group that is absent or did not take part reads as ``""``."""

    __slots__ = ("groups", "match")

    def __init__(self, match: re.Match[str]) -> None:
        self.match = match
        self.groups = match.groupdict()

    def __getitem__(self, name: str) -> str:
        return self.groups.get(name) or ""

    def groupdict(self) -> dict[str, str | None]:
        return self.groups

    def start(self, name: str | None = None) -> int:
        return self.match.start(name) if name else self.match.start()

    def end(self) -> int:
        return self.match.end()


@dataclass(slots=True)
class Context:
    text: str
    calendar: Calendar
    sentence: int
    tense: Callable[[], Tense]  # lazily computed: most expressions never need it
    clause_tense: Callable[[], Tense]  # the clause alone, without falling back to the sentence


Handler = Callable[[Found, Context], Resolution | None]
HANDLERS: dict[str, Handler] = {}


def handles(*kinds: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for kind in kinds:
            HANDLERS[kind] = handler
        return handler

    return register


def _month(m: Found, name: str = "month") -> int | None:
    word = m.groupdict().get(name)
    if word:
        return lx.MONTHS[word.lower()]
    number = m.groupdict().get("mnum")
    return int(number) if number else None


def _year_of(m: Found, ctx: Context) -> int:
    year = int(m["year"])
    if m.groupdict().get("era") and m["era"].lower().startswith("v"):
        return -year
    if len(m["year"]) == 2:  # "1.9.39": the century that keeps it from lying far in the future
        limit = (ctx.calendar.dct.year if ctx.calendar.dct else 2030) + 10
        year += 2000 if 2000 + year <= limit else 1900
    return year


def _of_year(phrase: str, ctx: Context) -> int | None:
    """Year of "des Jahres", "des Vorjahres", "des vergangenen Jahres" ..."""
    words = phrase.lower().split()
    words = words[1:] if words[0] == "des" else words  # "des vergangenen Jahres", "vergangenen Jahres"
    if words == ["vorjahres"] or words == ["folgejahres"]:
        anchor = ctx.calendar.anaphoric(ctx.sentence)
        return anchor.day.year + (-1 if words[0] == "vorjahres" else 1) if anchor else None
    kind = rel_kind(words[0]) if len(words) > 1 else "same"
    if kind in ("past", "future", "this"):
        reference = ctx.calendar.deictic()
        return reference.year + {"past": -1, "future": 1, "this": 0}[kind] if reference else None
    anchor = ctx.calendar.anaphoric(ctx.sentence)
    return anchor.day.year + (1 if kind == "next" else 0) if anchor else None


def _with_pod(day_value: str, part: str | None) -> Resolution:
    if part:
        return Resolution("TIME", f"{day_value}T{lx.PARTS_OF_DAY[part.lower()]}")
    return Resolution("DATE", day_value)


def _partial(ctx: Context, month: int, day: int | None, m: Found) -> str:
    """Value of a date without a year ("9. Juli", "Juli")."""
    year: int | None = None
    if m.groupdict().get("ofyear"):
        year = _of_year(m["ofyear"], ctx)
    previous = ctx.calendar.previous
    if year is None and previous is not None and re.fullmatch(r"[\s,]*(?:und|oder|bis|sowie|–|-|/)?[\s,]*",
                                                              ctx.text[previous[0]:m.start()]):
        year = previous[1]  # "Ende September, Anfang Oktober": a list shares its year
    if year is None:
        year = ctx.calendar.year_for_partial(ctx.sentence, month, day, _partial_direction(ctx, m.start(), m.end()))
    if year is None:
        return f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
    if day is None:
        return cal.fmt_month(year, month)
    valid = cal.safe_date(year, month, day)
    return cal.fmt_day(valid) if valid else f"{cal.fmt_year(year)}-{month:02d}-{day:02d}"


_SET_FOR = re.compile(r"\b(?:auf|für)\s+(?:den\s+|Ende\s+|Anfang\s+|Mitte\s+)?$")
_SINCE = re.compile(r"\b[Ss]eit\s+(?:dem\s+|Ende\s+|Anfang\s+|Mitte\s+)?$")
_UNTIL = re.compile(r"\b[Bb]is\s+(?:(?:zum|dem|den)\s+|Ende\s+|Anfang\s+|Mitte\s+)?$")
#: Verbs that move a deadline into the future: "wurde bis Mitte April verlängert" is the coming April even
#: in a past-tense clause ("bis" alone in a past clause looks back: "bis zum 20. Dezember waren ... eingegangen").
_POSTPONED = re.compile(r"\b(?:verlänger|verschob|verschoben|verschieb|vertag|verleg|aufgeschoben|aufschieb|"
                        r"befriste|gestunde|ausgesetzt|ausgedehnt|erstreck)\w*", re.IGNORECASE)


#: "ist für ... angesetzt", "sind bis zum 4. Mai anberaumt": a state passive of a scheduling verb reads like a
#: perfect tense ("sind ... gegangen") but points forward.
_SCHEDULED = re.compile(r"\b(?:ist|sind|wird|werden)\b.*\b(?:angesetzt|anberaumt|geplant|vorgesehen|terminisiert|"
                        r"terminiert|festgesetzt|festgelegt|anvisiert)\b")


def _clause_around(text: str, start: int, end: int) -> str:
    """The words from the clause break before ``start`` to the one after ``end`` (a rough clause for cues)."""
    left = max(text.rfind(mark, 0, start) for mark in (".", ",", ";", ":", "\n"))
    rights = [i for i in (text.find(mark, end) for mark in (".", ",", ";", ":", "\n")) if i >= 0]
    return text[left + 1:min(rights) if rights else len(text)]


def _partial_direction(ctx: Context, start: int, end: int) -> int:
    """Which occurrence a date without a year means: a date something is set for ("auf Ende September
    festgelegt", "für den 9. Juli") and "bis" look forward ("bis" back in a past-tense clause), "seit" looks
    back, else the tense decides (0 = present: the occurrence nearest the DCT)."""
    if ctx.calendar.dct is None:
        return 0
    before = ctx.text[max(0, start - 14):start]
    if _SET_FOR.search(before):
        return 1
    if _SINCE.search(before):
        return -1
    clause = _clause_around(ctx.text, start, end)
    if _UNTIL.search(before):
        if _POSTPONED.search(clause) or _SCHEDULED.search(clause):
            return 1
        return -1 if ctx.tense() is Tense.PAST else 1
    tense = ctx.tense()
    if tense is Tense.PAST and _SCHEDULED.search(clause):
        return 1
    return direction_of(tense)


@handles("weekday_date", "iso_date", "numeric_date", "day_month", "day_coord")
def full_date(m: Found, ctx: Context) -> Resolution | None:
    month, day = _month(m), int(m["day2"] or m["day"])
    if month is None:
        return None
    if m.groupdict().get("year"):
        year = _year_of(m, ctx)
        if year < 0:
            return Resolution("DATE", f"{cal.fmt_year(year)}-{month:02d}-{day:02d}")
        valid = cal.safe_date(year, month, day)
        return _with_pod(cal.fmt_day(valid), m.groupdict().get("wdpart")) if valid else None
    if cal.safe_date(2000, month, day) is None:
        return None
    return _with_pod(_partial(ctx, month, day, m), m.groupdict().get("wdpart"))


def _weekday_date(m: Found, ctx: Context, name: str = "weekday") -> str:
    weekday = lx.WEEKDAYS[m[name].lower()]
    kind = rel_kind(m.groupdict().get("rel"))
    reference = ctx.calendar.deictic()
    if reference is None:
        return f"XXXX-WXX-{weekday}"
    if kind == "this":  # "diesen Freitag": the nearest one, in the direction of the tense
        return cal.fmt_day(cal.weekday_near(reference, weekday, -1 if ctx.tense() is Tense.PAST else 1))
    if kind in ("yesterday", "tomorrow"):
        return cal.fmt_day(reference + timedelta(days=-1 if kind == "yesterday" else 1))
    if kind in ("past", "future", "next"):
        return cal.fmt_day(cal.weekday_strict(reference, weekday, -1 if kind == "past" else 1))
    before = ctx.text[max(0, m.start() - 8):m.start()].lower()
    if re.search(r"\b(?:seit|vom)\s+$", before):
        direction = -1
    elif re.search(r"\bbis\s+(?:zum\s+)?$", before):
        direction = 1
    elif ctx.calendar.narrative:
        direction = 1  # narratives move forward from the last date
    else:
        direction = -1 if ctx.tense() is Tense.PAST else 1
    return cal.fmt_day(cal.weekday_near(reference, weekday, direction))


@handles("part_of_date")
def part_of_date(m: Found, ctx: Context) -> Resolution | None:
    resolved = full_date(m, ctx)
    if resolved is None:
        return None
    code = "MO" if m["part"].startswith("Morgen") else lx.PARTS_OF_DAY[m["part"].lower().removesuffix("stunden")]
    mod = "APPROX" if m["approx"] else {"frühen": "START", "späten": "END"}.get(m["early"])
    return Resolution("TIME", f"{resolved.value}T{code}", mod)


@handles("night_dates")
def night_dates(m: Found, ctx: Context) -> Resolution | None:
    resolved = full_date(m, ctx)  # the second day carries month and year
    if resolved is None or resolved.value.startswith("X"):
        return None
    second = date.fromisoformat(resolved.value)
    first = second - timedelta(days=int(m["day2"]) - int(m["day"])) if int(m["day2"]) > int(m["day"]) else (
        second - timedelta(days=1))
    return Resolution("TIME", f"{cal.fmt_day(first)}TNI")


@handles("day_only")
def day_only(m: Found, ctx: Context) -> Resolution | None:
    """ "am 24." after a date of the same month: that month's 24th."""
    anchor = ctx.calendar.last
    if anchor is None or anchor.granularity not in ("day", "month") or ctx.sentence - anchor.sentence > 1:
        return None
    day = cal.safe_date(anchor.day.year, anchor.day.month, int(m["day"]))
    return Resolution("DATE", cal.fmt_day(day)) if day else None


@handles("year_tail")
def year_tail(m: Found, ctx: Context) -> Resolution | None:
    """The "13" of "1912/13": the year after, written short."""
    previous = int(ctx.text[m.start() - 5:m.start() - 1])
    year = previous // 100 * 100 + int(m["tail"])
    return Resolution("DATE", cal.fmt_year(year if year > previous else year + 100))


@handles("month_year", "month_coord")
def month_with_year(m: Found, ctx: Context) -> Resolution | None:
    month = _month(m)
    return Resolution("DATE", cal.fmt_month(_year_of(m, ctx), month), position_mod(m["pos"])) if month else None


@handles("month_rel")
def month_relative(m: Found, ctx: Context) -> Resolution | None:
    month, kind = _month(m), rel_kind(m["rel"])
    reference = ctx.calendar.deictic()
    if month is None or kind not in ("past", "future", "this"):
        return None
    if reference is None:
        return Resolution("DATE", f"XXXX-{month:02d}")
    year = reference.year
    if kind == "past" and month >= reference.month:
        year -= 1
    elif kind == "future" and month <= reference.month:
        year += 1
    return Resolution("DATE", cal.fmt_month(year, month))


@handles("month_bare")
def month_bare(m: Found, ctx: Context) -> Resolution | None:
    month = _month(m)
    return Resolution("DATE", _partial(ctx, month, None, m), position_mod(m["pos"])) if month else None


@handles("year_word", "year_era", "year_pos", "year_bare")
def year(m: Found, ctx: Context) -> Resolution | None:
    value = _year_of(m, ctx)
    mod = position_mod(m.groupdict().get("pos"))
    if mod is None and re.search(r"(?:\b[Uu]m(?:\s+das)?|\b[Gg]egen|\b[Ee]twa|\bca\.|\b[Rr]und)\s+$",
                                 ctx.text[max(0, m.start() - 12):m.start()]):
        mod = "APPROX"
    return Resolution("DATE", cal.fmt_year(value), mod)


@handles("season")
def season(m: Found, ctx: Context) -> Resolution | None:
    code, inherent = lx.SEASONS[m["season"].lower()]
    mod = position_mod(m["pos"]) or inherent
    if m["year"]:
        return Resolution("DATE", f"{m['year']}-{code}", mod)
    kind = rel_kind(m["rel"])
    reference = ctx.calendar.deictic()
    explicit = ctx.calendar.explicit_year
    if kind is None and explicit is not None and (ctx.calendar.narrative or ctx.sentence - explicit[1] <= 1):
        return Resolution("DATE", f"{explicit[0]:04d}-{code}", mod)
    if reference is None:
        return Resolution("DATE", f"XXXX-{code}", mod)
    direction = {"past": -1, "future": 1, "this": 0}.get(kind or "")
    if direction is None:
        direction = direction_of(ctx.tense())
    return Resolution("DATE", f"{cal.season_year(reference, code, direction):04d}-{code}", mod)


_ORDINALS = {"ersten": 1, "zweiten": 2, "dritten": 3, "vierten": 4, "1.": 1, "2.": 2, "3.": 3, "4.": 4}


@handles("quarter")
def quarter(m: Found, ctx: Context) -> Resolution | None:
    half = m["qunit"] != "Quartal"
    letter, count = ("H", 2) if half else ("Q", 4)
    kind = rel_kind(m["rel"])
    if m["ord"]:
        number = _ORDINALS[m["ord"].lower()]
    elif kind == "past" and (m["year"] or m["ofyear"]):
        number = count  # "im letzten Quartal des Jahres 2007"
    else:
        number = 0
    if m["year"]:
        year_value: int | None = int(m["year"])
    elif m["ofyear"]:
        year_value = _of_year(m["ofyear"], ctx)
    else:
        year_value = None
    reference = ctx.calendar.deictic()
    if number and year_value is None and reference is not None:
        year_value = reference.year
        current = (reference.month - 1) // (12 // count) + 1
        direction = direction_of(ctx.tense())
        if direction < 0 and number > current:
            year_value -= 1
        elif direction > 0 and number < current:
            year_value += 1
    if not number:
        if reference is None or kind not in ("past", "future", "this"):
            return None
        step = {"past": -1, "future": 1, "this": 0}[kind]
        shifted = cal.add_months(reference, step * 12 // count)
        year_value, number = shifted.year, (shifted.month - 1) // (12 // count) + 1
    if year_value is None:
        return Resolution("DATE", f"XXXX-{letter}{number}")
    return Resolution("DATE", f"{cal.fmt_year(year_value)}-{letter}{number}")


def _previous_word_is(text: str, start: int, words: tuple[str, ...]) -> bool:
    before = text[max(0, start - 12):start].split()
    return bool(before) and before[-1] in words


_UNIT_GRANULARITY = {"woche": "week", "wochenende": "week", "monat": "month", "jahr": "year", "jahrzehnt": "decade",
                     "jahrhundert": "century", "tag": "day"}


@handles("rel_unit")
def relative_unit(m: Found, ctx: Context) -> Resolution | None:
    kind, unit = rel_kind(m["rel"]), m["unit"].lower()
    plural_article = _previous_word_is(ctx.text, m.start(), ("die", "der", "Die", "Der"))
    if unit in ("jahre", "tage") and kind in ("past", "future", "next") and plural_article:
        return Resolution("DURATION", "PXY" if unit == "jahre" else "PXD")  # "die nächsten Jahre"
    part = lx.PARTS_OF_DAY.get(unit)
    if unit.startswith("tag") or part:
        if kind == "past" and not part:
            return None  # "am letzten Tag" (of something) is not a calendar day
        anchor = ctx.calendar.day_anchor(ctx.sentence) if kind == "future" else None
        if kind == "same":  # "am selben Tag", "am gleichen Abend": the day mentioned last, however far back
            same = ctx.calendar.last_day
            day, step = (same.day if same else ctx.calendar.deictic()), 0
        elif kind == "this" or kind is None:
            day, step = ctx.calendar.deictic(), 0
        elif anchor is not None:  # "Am 14. Februar ... Am nächsten Tag": the day after the day just mentioned
            day, step = anchor.day, 1
        else:
            relative = relative_day(ctx.calendar, kind, "day", ctx.sentence)
            day, step = relative if relative else (None, 0)
        if day is None:
            return Resolution("TIME" if part else "DATE", "XXXX-XX-XX" + (f"T{part}" if part else ""))
        if part == "NI" and step == 1:
            step = 0  # "in der nächsten Nacht": the night after that day is written with that day
        value = cal.fmt_day(day + timedelta(days=step))
        return Resolution("TIME", f"{value}T{part}") if part else Resolution("DATE", value)
    granularity = next((g for stem, g in _UNIT_GRANULARITY.items() if unit.startswith(stem)
                        and (stem != "woche" or not unit.startswith("wochenende"))), None)
    if unit.startswith("wochenende"):
        granularity = "weekend"
    if granularity is None or kind in ("yesterday", "tomorrow"):
        return None
    relative = relative_day(ctx.calendar, kind, granularity, ctx.sentence)
    if relative is None:
        return Resolution("DATE", cal.underspecified(granularity if granularity != "weekend" else "week"))
    reference, step = relative
    if granularity == "weekend":
        return Resolution("DATE", shifted_value(reference, step, "week") + "-WE")
    return Resolution("DATE", shifted_value(reference, step, granularity))


@handles("pos_unit", "compound")
def period_position(m: Found, ctx: Context) -> Resolution | None:
    compound = (m.groupdict().get("compound") or "").lower()
    if compound:
        unit = "jahres" if compound.startswith("jahres") else "monats" if compound.startswith("monat") else "woche"
        mod = "MID" if compound.endswith("mitte") else "START" if compound.endswith(("beginn", "anfang")) else "END"
    else:
        unit, mod = m["unit"].lower(), position_mod(m["pos"]) or "START"
    if m.groupdict().get("year"):
        return Resolution("DATE", m["year"], mod)
    phrase = ctx.text[m.start():m.end()].lower()
    kind = next((k for word in phrase.split() if (k := rel_kind(word)) in ("past", "future", "this")), None)
    granularity = {"woche": "week", "monats": "month", "jahres": "year", "jahrzehnts": "decade",
                   "jahrhunderts": "century"}[unit]
    if kind is not None:
        relative = relative_day(ctx.calendar, kind, granularity, ctx.sentence)
    elif granularity == "year" and ctx.calendar.explicit_year is not None and (
            ctx.calendar.narrative or ctx.sentence - ctx.calendar.explicit_year[1] <= 1):
        return Resolution("DATE", f"{ctx.calendar.explicit_year[0]:04d}", mod)
    else:
        anchor = ctx.calendar.anaphoric(ctx.sentence) if ctx.calendar.narrative else None
        reference = anchor.day if anchor else ctx.calendar.deictic()
        relative = (reference, 0) if reference else None
    if relative is None:
        return Resolution("DATE", cal.underspecified(granularity), mod)
    return Resolution("DATE", shifted_value(relative[0], relative[1], granularity), mod)


_ANAPHORIC = {"vortag": ("day", -1), "folgetag": ("day", 1), "vorabend": ("day", -1), "vorjahr": ("year", -1),
              "folgejahr": ("year", 1), "vormonat": ("month", -1), "folgemonat": ("month", 1),
              "vorwoche": ("week", -1), "folgewoche": ("week", 1)}


@handles("anaphoric")
def anaphoric(m: Found, ctx: Context) -> Resolution | None:
    words = m["ana"].lower().split()
    if words[0] in ("jahre", "tage"):  # "Jahre zuvor": some years, not one
        return Resolution("DURATION", "PXY" if words[0] == "jahre" else "PXD")
    part = lx.PARTS_OF_DAY.get(words[0])
    key = next((k for k in _ANAPHORIC if words[0].startswith(k)), None)
    if key is not None:
        granularity, step = _ANAPHORIC[key]
    else:
        granularity = "year" if words[0].startswith("jahr") else "day"
        step = 1 if words[-1] in ("darauf", "danach") else -1
    anchor = ctx.calendar.anaphoric(ctx.sentence)
    if anchor is None:
        return Resolution("DATE", cal.underspecified(granularity))
    if part == "NI" and step == 1:
        step = 0  # "in der Nacht darauf": the night that follows the day, written with that day (TNI)
    value = shifted_value(anchor.day, step, granularity)
    if part is not None:  # "am Morgen darauf"
        return Resolution("TIME", f"{value}T{part}")
    return Resolution("TIME", value + "TEV") if key == "vorabend" else Resolution("DATE", value)


