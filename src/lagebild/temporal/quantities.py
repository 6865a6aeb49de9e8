"""Handlers for quantities of time: durations, sets, "vor drei Jahren", "zwei Tage später",
vague references ("derzeit") and holidays."""

from __future__ import annotations

import re
from datetime import timedelta

from . import calendar as cal
from . import lexicon as lx
from .context import Tense
from .normalize import (
    UNIT_RANK,
    Resolution,
    compound_duration,
    direction_of,
    duration_value,
    quantity_mod,
    unit_code,
    unit_granularity,
)
from .resolve import Context, Found, handles


def _amount(m: Found) -> float | None:
    """The number in front of a unit; None for vague quantities ("einige", "mehrere")."""
    words = m["num"].lower().split()
    if words[-1].startswith("halbe"):
        return 0.5
    if words[0] == "ein" and len(words) > 1:  # "ein paar"
        return None
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", words[0]):
        return float(words[0].replace(".", ""))
    return lx.number_value(words[0])


_TAIL_PART = re.compile(r"(?:,\s*|\s+und\s+)(\S+)\s+([A-Za-zäöü]+)")
Parts = list[tuple[float | None, str]]


def _parts(m: Found) -> tuple[Parts, int | None] | None:
    """The amounts and units of a duration, with its coordinated rest ("zwei Jahre und fünf Monate" ->
    [(2, Y), (5, M)]), and the end offset when the rest is cut short (units must get smaller)."""
    first = _unit_amount(m["unit"], _amount(m))
    if first is None:
        return None
    parts: Parts = [first]
    if not m["tail"]:
        return parts, None
    offset = m.match.start("tail")
    end = offset
    for part in _TAIL_PART.finditer(m["tail"]):
        found = _unit_amount(part[2], lx.number_value(part[1]))
        if found is None or found[0] is None or UNIT_RANK[found[1]] <= UNIT_RANK[parts[-1][1]] or parts[0][0] is None:
            return parts, end
        parts.append(found)
        end = offset + part.end()
    return parts, None


def _unit_amount(word: str, amount: float | None) -> tuple[float | None, str] | None:
    """(amount, unit code) of "drei Jahre"; "eine Viertelstunde" is 15 minutes."""
    if word.lower().startswith("viertelstunde"):
        return (None if amount is None else 15 * amount), "MIN"
    unit = unit_code(word)
    return (amount, unit) if unit else None


_MINUTES = {"W": 10080, "D": 1440, "H": 60, "MIN": 1, "S": 1 / 60}


def _clock_moved(parts: Parts, ctx: Context, direction: int) -> str | None:
    """ "30 Minuten später" after "um 14.10 Uhr": the clock time just mentioned, moved (``14:40``)."""
    if not any(unit in ("H", "MIN", "S") for _, unit in parts) or any(unit not in _MINUTES for _, unit in parts):
        return None
    anchor = ctx.calendar.clock_anchor(ctx.sentence)
    if anchor is None:
        return None
    minutes = sum((amount or 0) * _MINUTES[unit] for amount, unit in parts)
    moved = anchor[0] + timedelta(minutes=direction * minutes)
    return f"{moved:%Y-%m-%dT%H:%M}{anchor[1]}"


_DATE_MODS = {"MORE_THAN": "BEFORE", "EQUAL_OR_MORE": "ON_OR_BEFORE", "LESS_THAN": "AFTER",
              "EQUAL_OR_LESS": "ON_OR_AFTER"}


def _moved(m: Found, ctx: Context, direction: int, deictic: bool) -> Resolution | None:
    """ "vor drei Jahren" (deictic, -1), "drei Tage später" (anaphoric, +1), "30 Minuten später" (from the
    clock time just mentioned) ..."""
    found = _parts(m)
    if found is None or found[0][0][1] == "WE":
        return None
    parts, end = found
    amount, unit = parts[0]
    mod = quantity_mod(m["qmod"])
    if direction < 0:
        mod = _DATE_MODS.get(mod or "", mod)
    if amount is None:
        if deictic:  # "vor einigen Jahren"
            return Resolution("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF")
        return Resolution("DURATION", duration_value(None, unit))  # "wenige Tage später": a vague span
    if not deictic and (clock := _clock_moved(parts, ctx, direction)) is not None:
        return Resolution("TIME", clock, mod, end=end)
    anchor = None
    if deictic:
        reference = ctx.calendar.deictic()
    else:
        anchor = ctx.calendar.anaphoric(ctx.sentence)
        reference = anchor.day if anchor else None
    steps = [(amount or 0.0, unit) for amount, unit in parts if unit not in ("H", "MIN", "S")]
    if not steps:
        steps = [(0.0, "D")]  # hours ago: the same day
    granularity = unit_granularity(steps[-1][1])
    if reference is None:
        return Resolution("DATE", cal.underspecified(granularity), mod, end=end)
    day, shifted_granularity = reference, granularity
    try:
        for step_amount, step_unit in steps:
            day, shifted_granularity = cal.shift(day, direction * step_amount, step_unit)
    except (ValueError, OverflowError):
        return None  # "vor über 13.000 Jahren": beyond the calendar (and not annotated: a geological span)
    if not deictic and unit == "W" and anchor is not None and anchor.granularity == "day":
        shifted_granularity = "day"  # "zwei Wochen später" after a day is a day
    return Resolution("DATE", cal.fmt_at(day, shifted_granularity), mod, end=end)


def _is_age(m: Found, ctx: Context) -> bool:
    before = ctx.text[max(0, m.start() - 25):m.start()]
    after = ctx.text[m.end():m.end() + 12]
    return bool(re.search(r"\bAlter\s+von\s+(?:\d+,\s+|\d+\s+(?:und|bis)\s+)*$", before)
                or re.match(r"\s+(?:alt|jünger|älter)\b", after))


@handles("ago")
def ago(m: Found, ctx: Context) -> Resolution | None:
    return _moved(m, ctx, -1, deictic=True)


@handles("in_future")
def in_future(m: Found, ctx: Context) -> Resolution | None:
    if ctx.calendar.dct is not None and ctx.clause_tense() is Tense.PAST:
        # "lernte in 16 Jahren Selbststudium": a span of time, not a date in the future
        start = m.start("qmod") if m["qmod"] else m.start("num")
        resolved = duration(m, ctx)
        if resolved is not None:
            resolved.start = start
        return resolved
    return _moved(m, ctx, 1, deictic=True)


@handles("shifted")
def shifted(m: Found, ctx: Context) -> Resolution | None:
    word = m["dir"]
    if word == "zurück":
        return _moved(m, ctx, -1, deictic=True)
    return _moved(m, ctx, 1 if word in ("später", "danach", "darauf") else -1, deictic=False)


@handles("duration", "rel_duration")
def duration(m: Found, ctx: Context) -> Resolution | None:
    found = _parts(m)
    if found is None or _is_age(m, ctx):
        return None
    parts, end = found
    number = m["num"].lower()
    if number in ("eines", "einer") and parts[0][1] in ("D", "W", "Y"):
        return None  # "eines Tages" is "some day", not a duration
    return Resolution("DURATION", compound_duration(parts), quantity_mod(m["qmod"]), end=end)


_ADJ_UNITS = {"stündig": "H", "tägig": "D", "wöchig": "W", "monatig": "M", "jährig": "Y", "minütig": "MIN"}
#: "-jährig" is almost always an age ("der 72-jährige Chef"); only these nouns make it a duration.
_YEARS_LONG_NOUNS = re.compile(r"\s+(?:Haft\w*|Amtszeit|Krieg\w*|Vertrag\w*|Laufzeit|Pause|Frist|Bauzeit|"
                               r"Programm\w*|Studie|Bestehen|Ausbildung|Studium|Zusammenarbeit|Planung\w*)\b")


@handles("duration_adj")
def duration_adjective(m: Found, ctx: Context) -> Resolution | None:
    unit = _ADJ_UNITS[m["adj"]]
    if unit == "Y" and not _YEARS_LONG_NOUNS.match(ctx.text, m.end()):
        return None
    amount = float(m["num"]) if m["num"].isdigit() else lx.number_value(m["num"])
    return Resolution("DURATION", duration_value(amount, unit), quantity_mod(m["qmod"]))


@handles("vague_duration", "plural_rel", "since_vague")
def vague_duration(m: Found, ctx: Context) -> Resolution | None:
    word = (m.groupdict().get("vdur") or m["unit"]).lower()
    unit = unit_code(re.sub(r"lang(?:e[nmrs]?)?$", "", word))
    return Resolution("DURATION", duration_value(None, unit)) if unit else None


_SET_ADVERBS = {"täglich": "P1D", "wöchentlich": "P1W", "monatlich": "P1M", "jährlich": "P1Y", "alljährlich": "P1Y",
                "stündlich": "PT1H", "halbjährlich": "P6M", "vierteljährlich": "P3M", "allwöchentlich": "P1W",
                "allmonatlich": "P1M", "zweiwöchentlich": "P2W", "zweijährlich": "P2Y"}
_SET_IDIOMS = re.compile(r"\s+(?:Brot|Bedarfs?|Lebens?|Gebrauchs?|Umgangs?|Miteinanders?)\b")
_SET_UNITS = {"tag": "P1D", "woche": "P1W", "monat": "P1M", "jahr": "P1Y", "quartal": "P3M", "stunde": "PT1H",
              "minute": "PT1M", "wochenende": "XXXX-WXX-WE"}


@handles("set_adverb", "set_each", "set_per", "set_weekday", "set_every", "set_repeat", "set_rate")
def recurring(m: Found, ctx: Context) -> Resolution | None:
    """ "monatlich", "die jährliche Konferenz", "jeden (zweiten) Tag", "pro Jahr", "zweimal im Jahr", "Jahr für
    Jahr", "montags", "alle zwei Jahre"."""
    groups = m.groupdict()
    if groups.get("setadv") and _SET_IDIOMS.match(ctx.text, m.end()) and ctx.text[m.end() - 1] != "h":
        return None  # "das tägliche Brot", "Güter des täglichen Bedarfs": idioms, not recurrences
    if groups.get("setadv"):
        return Resolution("SET", _SET_ADVERBS[re.sub(r"e[nmrs]?$", "", m["setadv"].lower())])
    if groups.get("wdset"):
        return Resolution("SET", f"XXXX-WXX-{lx.WEEKDAYS[m['wdset'].removesuffix('s')]}")
    if groups.get("num"):
        unit = unit_code(m["unit"])
        return Resolution("SET", duration_value(_amount(m), unit)) if unit else None
    unit = m["rate"].split()[-1].lower() if groups.get("rate") else m["unit"].lower()
    if groups.get("nth") and unit in _SET_UNITS and unit != "wochenende":  # "jeden zweiten Tag"
        every = lx.SET_ORDINALS[m["nth"].lower()]
        return Resolution("SET", f"P{3 * every}M" if unit == "quartal" else _SET_UNITS[unit].replace("1", str(every)))
    if unit in lx.WEEKDAYS:
        return Resolution("SET", f"XXXX-WXX-{lx.WEEKDAYS[unit]}")
    if unit in lx.PARTS_OF_DAY:
        return Resolution("SET", f"XXXX-XX-XXT{lx.PARTS_OF_DAY[unit]}")
    return Resolution("SET", _SET_UNITS[unit]) if unit in _SET_UNITS else None


_VAGUE_PRESENT = frozenset({
    "nun", "diesem zeitpunkt", "zu diesem zeitpunkt", "ab diesem zeitpunkt", "derzeit", "zurzeit", "zur zeit",
    "momentan", "gegenwärtig", "jetzt", "heutzutage", "im moment",
})  # fmt: skip
_VAGUE_PAST = frozenset({
    "vorher", "zwischenzeitlich", "damals", "einst", "kürzlich", "unlängst", "neulich", "vor kurzem",
    "vor einiger zeit", "vor langer zeit", "kurz zuvor", "kurz davor",
})  # fmt: skip


@handles("vague", "narrative_vague")
def vague(m: Found, ctx: Context) -> Resolution | None:
    phrase = " ".join(m["vague"].lower().split())
    if phrase == "zur zeit" and re.match(r"\s+(?:der|des|von|seine[rs]?|ihre[rs]?)\b", ctx.text[m.end():]):
        return None  # "zur Zeit der Römer" names a period, not "now"
    if phrase in _VAGUE_PRESENT:
        return Resolution("DATE", "PRESENT_REF")
    return Resolution("DATE", "PAST_REF" if phrase in _VAGUE_PAST else "FUTURE_REF")


@handles("year_adjective", "year_adverb")
def year_adjective(m: Found, ctx: Context) -> Resolution | None:
    """ "die diesjährige Verleihung", "heuer" (this year), "der letztjährige Sieger" (last year)."""
    reference = ctx.calendar.deictic()
    step = 0 if m["yadj"].lower().startswith(("dies", "heuer")) else -1
    return Resolution("DATE", cal.fmt_year(reference.year + step) if reference else "XXXX")


@handles("holiday")
def holiday(m: Found, ctx: Context) -> Resolution | None:
    name = m["holiday"]
    year: int | None = int(m["year"]) if m["year"] else None
    if year is None:
        reference = ctx.calendar.deictic()
        if reference is None:
            return None
        guess = lx.holiday_date(name, reference.year)
        if guess is None:
            return None
        direction = direction_of(ctx.tense())
        year = cal.partial_year(reference, guess[0].month, guess[0].day, direction)
    found = lx.holiday_date(name, year)
    if found is None:
        return None
    day, part = found
    return Resolution("TIME", f"{cal.fmt_day(day)}T{part}") if part else Resolution("DATE", cal.fmt_day(day))


