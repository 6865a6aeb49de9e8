"""Handlers for weekdays: bare or relative ("am Sonntag", "kommenden Sonntag"), with a part of the day
("am frühen Freitagmorgen", "Freitag früh"), relative to a week ("Mittwoch vergangener Woche") or to the
day just mentioned ("am darauffolgenden Donnerstag", "am Montag darauf", "am Abend desselben Tages")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from . import calendar as cal
from . import lexicon as lx
from .context import Tense
from .normalize import Resolution, rel_kind
from .resolve import Context, Found, _weekday_date, _with_pod, handles


def _part(m: Found) -> str | None:
    """The part of the day written with the weekday: "Freitagmorgen", "Freitag früh", "Dienstag Abend"."""
    part = m["wdpart"] or m["wdpart2"]
    return part.lower().removesuffix("s") if part else None


def _timed(value: str, part: str | None, mod: str | None) -> Resolution:
    resolution = _with_pod(value, part)
    resolution.mod = mod
    return resolution


@handles("weekday")
def weekday(m: Found, ctx: Context) -> Resolution | None:
    """ "am Sonntag", "kommenden Sonntag", "am frühen Freitagmorgen"; "am folgenden Mittwoch" and
    "am Montag darauf" count from the day just mentioned ("am Sonntag zuvor" back from it)."""
    part, mod = _part(m), lx.early_late_mod(m["early"])
    after = m["after"].lower()
    if after or rel_kind(m["rel"]) == "next":
        anchor = ctx.calendar.day_anchor(ctx.sentence)
        if anchor is not None:
            direction = -1 if after in ("zuvor", "davor") else 1
            day = cal.weekday_strict(anchor.day, lx.WEEKDAYS[m["weekday"].lower()], direction)
            return _timed(cal.fmt_day(day), part, mod)
    week = _range_week(m, ctx) if not (after or m["rel"]) else None
    if week is not None:  # "von Montag bis Mittwoch kommender Woche": the first end is in that week too
        monday, weekday_number = week, lx.WEEKDAYS[m["weekday"].lower()]
        return _timed(cal.fmt_day(monday + timedelta(days=weekday_number - 1)), part, mod)
    resolution = _timed(_weekday_date(m, ctx), part, mod)
    if after:  # no day to count from: "darauf" is not part of the expression ("am Freitag danach gefragt")
        resolution.end = len(ctx.text[:m.match.start("after")].rstrip())
    return resolution


def _week_reference(m: Found, ctx: Context) -> tuple[date, int] | None:
    """The day whose week is meant and the step in weeks: the DCT for "vergangener"/"nächster"/"dieser
    Woche", the day just mentioned for "der folgenden Woche" and "derselben Woche"."""
    word = m["wrel"].lower()
    kind = "same" if word.startswith(("derselb", "selb", "gleich")) else rel_kind(word)
    if kind in ("next", "same"):
        anchor = ctx.calendar.day_anchor(ctx.sentence) or ctx.calendar.anaphoric(ctx.sentence)
        return (anchor.day, 1 if kind == "next" else 0) if anchor else None
    reference = ctx.calendar.deictic()
    if reference is None:
        return None
    return reference, {"past": -1, "future": 1}.get(kind or "", 0)


#: The second end of a weekday range that names its week: "(von Montag) bis Mittwoch kommender Woche".
_RANGE_END_WEEK = re.compile(r"\s*(?:bis|und|–|-)\s+(?:(?:zum|einschließlich)\s+)?[A-Z][a-z]+tag|"
                             r"\s*(?:bis|und|–|-)\s+(?:(?:zum|einschließlich)\s+)?(?:Mittwoch|Sonnabend)")
_WEEK_OF_END = re.compile(r"[a-z]*\s+(?:(?:in\s+)?der\s+)?(?P<wrel>(?:[Vv]ergangen|[Ll]etzt|[Vv]orig|[Nn]ächst|"
                          r"[Kk]ommend|[Dd]ies|[Ll]aufend|[Ff]olgend|[Dd]arauffolgend|[Ss]elb|[Gg]leich)e[nrs]?|"
                          r"derselben)\s+Woche(?![\wäöüß])")


def _range_week(m: Found, ctx: Context) -> date | None:
    """The Monday of the week named after the second end of a weekday range starting at ``m``, if any."""
    rest = ctx.text[m.end():m.end() + 80]
    joined = _RANGE_END_WEEK.match(rest)
    opened = re.search(r"\b(?:[Vv]on|[Vv]om|[Zz]wischen)\s+$", ctx.text[max(0, m.start() - 9):m.start()])
    if joined is None or opened is None:
        return None
    week = _WEEK_OF_END.match(rest, joined.end())
    if week is None:
        return None
    found = _week_reference(Found(week), ctx)
    if found is None:
        return None
    reference, step = found
    return reference - timedelta(days=reference.isoweekday() - 1) + timedelta(weeks=step)


@handles("weekday_week")
def weekday_of_week(m: Found, ctx: Context) -> Resolution | None:
    """ "Mittwoch vergangener Woche", "Freitag nächster Woche", "Donnerstag der vergangenen Woche": that
    weekday in the week before or after the DCT's (ISO weeks, Monday to Sunday)."""
    weekday_number = lx.WEEKDAYS[m["weekday"].lower()]
    found = _week_reference(m, ctx)
    if found is None:
        return _timed(f"XXXX-WXX-{weekday_number}", _part(m), None)
    reference, step = found
    monday = reference - timedelta(days=reference.isoweekday() - 1) + timedelta(weeks=step)
    return _timed(cal.fmt_day(monday + timedelta(days=weekday_number - 1)), _part(m), None)


@handles("part_same_day")
def part_of_anchor_day(m: Found, ctx: Context) -> Resolution | None:
    """ "am Abend desselben Tages", "am Morgen des folgenden Tages", "in der Nacht des Vortages"."""
    code = lx.PARTS_OF_DAY[m["part"].lower()]
    step = 1 if m["next"] else -1 if m["prev"] else 0
    anchor = ctx.calendar.day_anchor(ctx.sentence) or ctx.calendar.anaphoric(ctx.sentence)
    mod = lx.early_late_mod(m["early"])
    if anchor is None:
        return Resolution("TIME", f"XXXX-XX-XXT{code}", mod)
    return Resolution("TIME", f"{cal.fmt_day(anchor.day + timedelta(days=step))}T{code}", mod)


#: Words that make "am Wochenende" recurring ("hat am Wochenende meist geöffnet", "werktags und am Wochenende").
_HABITUAL = re.compile(r"\b(?:immer|meist|meistens|oft|häufig|jeweils|normalerweise|regelmäßig|gewöhnlich|"
                       r"üblicherweise|stets|in\s+der\s+Regel|werktags|wochentags|täglich|jedes|jeden)\b",
                       re.IGNORECASE)


@handles("weekend")
def weekend(m: Found, ctx: Context) -> Resolution | None:
    """ "am Wochenende": the last weekend in a past-tense clause, else the coming one (the DCT's own weekend
    from Monday to Sunday); recurring (SET) with a habitual word in the sentence."""
    left = max(ctx.text.rfind(mark, 0, m.start()) for mark in (".", "!", "?", "\n"))
    right = min((i for i in (ctx.text.find(mark, m.end()) for mark in (".", "!", "?", "\n")) if i >= 0),
                default=len(ctx.text))
    if _HABITUAL.search(ctx.text[left + 1:right]):
        return Resolution("SET", "XXXX-WXX-WE")
    reference = ctx.calendar.deictic()
    if reference is None:
        return Resolution("DATE", "XXXX-WXX-WE")
    if ctx.tense() is Tense.PAST and reference.isoweekday() < 6:
        reference -= timedelta(days=7)  # written on a weekday about a past weekend: the one before
    return Resolution("DATE", cal.fmt_week(reference) + "-WE")
