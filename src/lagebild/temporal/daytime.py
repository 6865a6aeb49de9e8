"""Handlers for times of day: clock times with zones, parts of the day, nights, "heute"/"gestern"."""

from __future__ import annotations

import re
from datetime import date, timedelta

from . import calendar as cal
from . import lexicon as lx
from .normalize import Resolution
from .resolve import Context, Found, _weekday_date, _with_pod, full_date, handles
from .zones import ZONE_ABBREVIATIONS, named_zone, zone_offset


@handles("night_between", "night_before", "night_before_date")
def night(m: Found, ctx: Context) -> Resolution | None:
    if m.groupdict().get("day"):
        resolved = full_date(m, ctx)
        if resolved is None or resolved.value.startswith("X"):
            return None
        day = date.fromisoformat(resolved.value[:10]) - timedelta(days=1)
        return Resolution("TIME", f"{cal.fmt_day(day)}TNI")
    value = _weekday_date(m, ctx)
    if value.startswith("X"):
        return Resolution("TIME", "XXXX-XX-XXTNI")
    day = date.fromisoformat(value)
    if m.groupdict().get("weekday2") is None:  # "Nacht zum Sonntag" is Saturday night
        day = cal.weekday_near(day - timedelta(days=1), lx.WEEKDAYS[m["weekday"].lower()] - 1 or 7, -1)
    return Resolution("TIME", f"{cal.fmt_day(day)}TNI")


_DAY_WORDS = {"vorgestern": -2, "gestern": -1, "heute": 0, "morgen": 1, "übermorgen": 2}


@handles("day_word")
def day_word(m: Found, ctx: Context) -> Resolution | None:
    word = m["dw"].lower()
    part = m["part"].lower() if m["part"] else None
    if word == "heute" and part is None:
        before = ctx.text[max(0, m.start() - 6):m.start()].lower()
        after = ctx.text[m.end():m.end() + 5].lower()
        clock_follows = re.match(r"\s+\d{1,2}(?:[.:]\d\d)?\s+Uhr", ctx.text[m.end():m.end() + 14]) is not None
        if ctx.calendar.narrative or (not clock_follows and (
                re.search(r"\b(?:bis|noch)\s+$", before) or after.startswith(" noch"))):
            return Resolution("DATE", "PRESENT_REF")  # "bis heute", "noch heute": the present, not a day
    reference = ctx.calendar.dct if not ctx.calendar.narrative else ctx.calendar.deictic()
    value = cal.fmt_day(reference + timedelta(days=_DAY_WORDS[word])) if reference else "XXXX-XX-XX"
    return _with_pod(value, "früh" if part == "früh" else part)


@handles("part_of_day")
def part_of_day(m: Found, ctx: Context) -> Resolution | None:
    # "in den Abendstunden" is the evening; "in der Früh" (southern German, Austrian) the morning.
    code = "NI" if m["part"] == "Mitternacht" else lx.PARTS_OF_DAY[m["part"].lower().removesuffix("stunden")]
    day = ctx.calendar.day_for_time(ctx.sentence, None)
    mod = {"frühen": "START", "späten": "END"}.get(m["early"] or "")
    value = cal.fmt_day(day) if day else "XXXX-XX-XX"
    if m["part"] == "Mitternacht":
        return Resolution("TIME", f"{value}T24:00")
    return Resolution("TIME", f"{value}T{code}", mod)


_HOUR_WORD_VALUES = {w: int(v) for w, v in lx.NUMBER_WORDS.items() if float(v).is_integer() and 1 <= v <= 24}


@handles("time", "time_word", "clock")
def clock_time(m: Found, ctx: Context) -> Resolution | None:
    hour = int(m["hour"]) if m["hour"] else _HOUR_WORD_VALUES.get(m["hourword"].lower(), -1)
    minute = int(m["minute"] or m["minute2"] or 0)
    if not 0 <= hour <= 24 or (hour == 24 and minute):
        return None
    pod = m["pod"]
    if (pod in ("nachmittags", "abends") and hour < 12) or (pod == "nachts" and 7 <= hour < 12):
        hour += 12
    day = ctx.calendar.day_for_time(ctx.sentence, hour)
    clock = f"T{hour:02d}:{minute:02d}"
    mod = "APPROX" if m["approx"] else None
    if day is None:
        partial_day = ctx.calendar.partial_day
        known = partial_day[0] if partial_day and ctx.sentence - partial_day[1] <= 1 else "XXXX-XX-XX"
        return Resolution("TIME", f"{known}{clock}", mod)  # no day, so no zone offset either
    offset = None
    if m["zoneabbr"]:
        offset = ZONE_ABBREVIATIONS[m["zoneabbr"]]
    elif m["zoneadj"] or m["zoneplace"]:
        zone = named_zone(m["zoneadj"] or m["zoneplace"])
        offset = zone_offset(zone, day, hour, minute) if zone else None
    return Resolution("TIME", f"{cal.fmt_day(day)}{clock}{offset or ''}", mod)
