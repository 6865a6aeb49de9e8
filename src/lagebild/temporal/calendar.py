"""Date arithmetic and TIMEX3 value formatting (ISO 8601 with TIMEX3 extensions)."""

from __future__ import annotations

import calendar as _calendar
from datetime import date, timedelta

Granularity = str  # "day" | "week" | "month" | "quarter" | "half" | "season" | "year" | "decade" | "century"

_SEASON_ORDER = {"SP": 1, "SU": 2, "FA": 3, "WI": 4}
_SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}


def fmt_year(year: int) -> str:
    return f"BC{-year:04d}" if year < 0 else f"{year:04d}"


def fmt_month(year: int, month: int) -> str:
    return f"{fmt_year(year)}-{month:02d}"


def fmt_day(day: date) -> str:
    return day.isoformat()


def fmt_week(day: date) -> str:
    iso_year, week, _ = day.isocalendar()
    return f"{iso_year:04d}-W{week:02d}"


def fmt_number(value: float) -> str:
    """3 -> "3", 2.5 -> "2.5" (TIMEX3 allows a decimal fraction in the smallest unit)."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def shift(day: date, amount: float, unit: str) -> tuple[date, Granularity]:
    """``day`` moved by ``amount`` units (``Y``, ``M``, ``W``, ``D``, ``DE``, ``CE``, ``Q``, ``H``) and the
    granularity the result should be written in ("vor drei Jahren" -> a year, "vor zwei Tagen" -> a day)."""
    if unit == "Y":
        if float(amount).is_integer():
            return add_years(day, int(amount)), "year"
        return add_months(day, round(amount * 12)), "month"
    if unit == "DE":
        return add_years(day, round(amount * 10)), "year"
    if unit == "CE":
        return add_years(day, round(amount * 100)), "year"
    if unit == "Q":
        return add_months(day, round(amount * 3)), "month"
    if unit == "M":
        return add_months(day, round(amount)), "month"
    if unit == "W":
        return day + timedelta(weeks=amount), "week"
    if unit == "D":
        return day + timedelta(days=round(amount)), "day"
    return day + timedelta(hours=amount), "day"


def fmt_at(day: date, granularity: Granularity) -> str:
    if granularity == "year":
        return fmt_year(day.year)
    if granularity == "month":
        return fmt_month(day.year, day.month)
    if granularity == "week":
        return fmt_week(day)
    if granularity == "quarter":
        return f"{fmt_year(day.year)}-Q{(day.month - 1) // 3 + 1}"
    if granularity == "decade":
        return f"{day.year // 10:03d}"
    if granularity == "century":
        return f"{day.year // 100:02d}"
    return fmt_day(day)


def underspecified(granularity: Granularity) -> str:
    return {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX", "quarter": "XXXX-QX",
            "decade": "XXX", "century": "XX"}.get(granularity, "XXXX-XX-XX")


def weekday_near(reference: date, weekday: int, direction: int) -> date:
    """The given ISO weekday nearest ``reference`` in ``direction`` (-1 before, +1 after; the reference day
    itself counts as both, so "am Samstag" written on a Saturday is that Saturday)."""
    delta = (weekday - reference.isoweekday()) % 7
    if direction >= 0:
        return reference + timedelta(days=delta)
    return reference - timedelta(days=(7 - delta) % 7)


def weekday_strict(reference: date, weekday: int, direction: int) -> date:
    """Like :func:`weekday_near` but never the reference day ("kommenden Sonntag")."""
    day = weekday_near(reference + timedelta(days=direction), weekday, direction)
    return day


def season_year(reference: date, season: str, direction: int) -> int:
    """Year of the season before (-1), after (+1) or containing (0) ``reference``."""
    current = "WI" if reference.month in (12, 1, 2) else "SP" if reference.month <= 5 else (
        "SU" if reference.month <= 8 else "FA")
    base = reference.year - 1 if reference.month in (1, 2) else reference.year  # winter belongs to its start
    order, now = _SEASON_ORDER[season], _SEASON_ORDER[current]
    if direction < 0 and order >= now:
        return base - 1 if order > now else base
    if direction > 0 and order <= now:
        return base + 1 if order < now else base
    return base


def season_anchor(year: int, season: str) -> date:
    return date(year + (1 if season == "WI" else 0), _SEASON_MONTH[season], 15)


#: How far across a year boundary a date without a year may be taken when the clause gives no direction.
NEAREST_WINDOW_DAYS = 92


def partial_year(reference: date, month: int, day: int | None, direction: int) -> int:
    """Year for "am 9. Juli" / "im Juli" seen from ``reference``.

    With a direction from the clause (past tense or "seit": -1; future tense or "bis": +1) the last or
    next occurrence; a past-tense later month is last year, a future earlier one next year.  Without one
    (present tense, no cue) the occurrence nearest ``reference``: "am 3. Januar" written on 28 December is
    next January, "am 20. Dezember" written on 5 January last December (see :func:`nearest_year`)."""
    here = (reference.month, reference.day if day is not None else 0)
    there = (month, day or 0)
    if direction < 0 and there > here:
        return reference.year - 1
    if direction > 0 and there < here:
        return reference.year + 1
    if direction == 0:
        return nearest_year(reference, month, day)
    return reference.year


def nearest_year(reference: date, month: int, day: int | None, window: int = NEAREST_WINDOW_DAYS) -> int:
    """The year whose ``day``.``month`` (the middle of the month without a day) lies nearest ``reference``.

    The neighbouring year is taken only when its occurrence is also within ``window`` days (a date across the
    year boundary); farther away the reference's own year stays, because a present-tense clause far from the
    turn of the year is as often an undetected past ("im März" in an autumn report) as a coming date."""
    def distance(year: int) -> int:
        if day is None and (year, month) == (reference.year, reference.month):
            return 0
        target = safe_date(year, month, day or 15) or date(year, month, 28)
        return abs((target - reference).days)

    best = min((reference.year - 1, reference.year + 1), key=distance)
    if distance(best) < distance(reference.year) and distance(best) <= window:
        return best
    return reference.year
