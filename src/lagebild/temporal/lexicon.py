"""Words of German temporal language: months, weekdays, numbers, units, seasons, holidays.

Everything here is data (plus the regular-expression fragments built from it), so that
``extract.py`` can stay about patterns and ``normalize.py`` about values.
"""

from __future__ import annotations

from datetime import date, timedelta

from lagebild.lang import de

#: Month names and abbreviations (with their period), lowercase -> month number (lagebild.lang.de).
MONTHS: dict[str, int] = {**de.MONTHS, **{f"{abbreviation}.": n for abbreviation, n in de.MONTH_ABBREVIATIONS.items()}}

#: ISO weekday numbers (Monday = 1), as TIMEX3 uses in ``XXXX-WXX-1``.
WEEKDAYS: dict[str, int] = dict(de.WEEKDAYS)

#: Parts of the day and their TIMEX3 codes (MO morning, MI midday, AF afternoon, EV evening, NI night).
PARTS_OF_DAY: dict[str, str] = {
    "morgen": "MO", "früh": "MO", "frühmorgens": "MO", "vormittag": "MO", "mittag": "MI",
    "mittags": "MI", "nachmittag": "AF", "abend": "EV", "nacht": "NI", "mitternacht": "NI",
    "morgens": "MO", "vormittags": "MO", "nachmittags": "AF", "abends": "EV", "nachts": "NI",
}  # fmt: skip

SEASONS: dict[str, tuple[str, str | None]] = {
    "frühjahr": ("SP", None), "frühling": ("SP", None), "sommer": ("SU", None), "herbst": ("FA", None),
    "winter": ("WI", None), "frühsommer": ("SU", "START"), "hochsommer": ("SU", "MID"),
    "spätsommer": ("SU", "END"), "frühherbst": ("FA", "START"), "spätherbst": ("FA", "END"),
}  # fmt: skip

#: Decades written as words ("die sechziger Jahre", "Sechzigerjahre") -> their digit; "Nuller" -> 0 (2000s).
DECADE_WORDS: dict[str, int] = {
    "zwanziger": 2, "dreißiger": 3, "vierziger": 4, "fünfziger": 5, "sechziger": 6, "siebziger": 7,
    "achtziger": 8, "neunziger": 9, "nuller": 0,
}  # fmt: skip

#: "frühen"/"späten" in front of a period or a part of the day -> TIMEX3 mod.
EARLY_LATE: dict[str, str] = {"früh": "START", "spät": "END"}

#: Ordinals of recurrences: "jeden zweiten Tag" -> every 2 days.
SET_ORDINALS: dict[str, int] = {"zweite": 2, "dritte": 3, "vierte": 4, "fünfte": 5, "sechste": 6, "zehnte": 10}

#: Words that put an expression at the start, middle or end of a period ("Anfang Juli").
POSITION_MODS: dict[str, str] = {
    "anfang": "START", "beginn": "START", "start": "START", "mitte": "MID", "ende": "END",
    "schluss": "END", "gegen ende": "END", "zu beginn": "START", "zu anfang": "START",
}  # fmt: skip

#: Quantity hedges in front of durations and dates ("rund drei Jahre", "mehr als ein Jahrhundert").
QUANTITY_MODS: dict[str, str] = {
    "etwa": "APPROX", "rund": "APPROX", "ca.": "APPROX", "circa": "APPROX", "zirka": "APPROX",
    "ungefähr": "APPROX", "gut": "APPROX", "knapp": "APPROX", "fast": "APPROX", "beinahe": "APPROX",
    "annähernd": "APPROX", "gegen": "APPROX", "mehr als": "MORE_THAN", "über": "MORE_THAN",
    "mindestens": "EQUAL_OR_MORE", "weniger als": "LESS_THAN", "unter": "LESS_THAN",
    "höchstens": "EQUAL_OR_LESS", "bis zu": "EQUAL_OR_LESS", "maximal": "EQUAL_OR_LESS",
}  # fmt: skip


_ONES = {"ein": 1, "eins": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "eines": 1, "zwei": 2,
         "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9}
_TEENS = {"zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15,
          "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19}
_TENS = {"zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70,
         "achtzig": 80, "neunzig": 90}


def _number_words() -> dict[str, float]:
    words: dict[str, float] = {**_ONES, **_TEENS, **_TENS, "hundert": 100, "einhundert": 100,
                               "tausend": 1000, "anderthalb": 1.5, "eineinhalb": 1.5, "einhalb": 0.5,
                               "halbe": 0.5, "halben": 0.5, "halbes": 0.5, "halber": 0.5}
    for one, value in _ONES.items():
        if one in ("ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"):
            for ten, tens_value in _TENS.items():
                words[f"{one}und{ten}"] = tens_value + value
            if one != "ein":
                words[f"{one}einhalb"] = value + 0.5
    return words


NUMBER_WORDS: dict[str, float] = _number_words()

#: Quantities that make a duration vague: "einige Tage" -> PXD.
VAGUE_QUANTITIES = frozenset({
    "einige", "einigen", "einiger", "mehrere", "mehreren", "wenige", "wenigen", "ein paar", "viele",
    "vielen", "zahlreiche", "zahlreichen", "etliche", "etlichen", "weniger", "mehrerer",
})  # fmt: skip

#: Duration units: lower-case stem -> (ISO 8601 designator, is a time unit).
UNITS: dict[str, tuple[str, bool]] = {
    "sekunde": ("S", True), "minute": ("M", True), "stunde": ("H", True), "tag": ("D", False),
    "woche": ("W", False), "wochenende": ("WE", False), "monat": ("M", False), "quartal": ("Q", False),
    "jahr": ("Y", False), "jahrzehnt": ("DE", False), "jahrhundert": ("CE", False),
    "jahrtausend": ("ML", False),
}  # fmt: skip


def early_late_mod(word: str | None) -> str | None:
    """ "frühen" -> START, "späten" -> END, else None."""
    return EARLY_LATE.get(word.lower()[:4]) if word else None


def unit_stem(word: str) -> str | None:
    """``"Jahren"`` -> ``"jahr"``; None when the word is not a duration unit."""
    lowered = word.lower()
    for stem in sorted(UNITS, key=len, reverse=True):
        if lowered.startswith(stem) and len(lowered) - len(stem) <= 2:
            return stem
    return None


def number_value(word: str) -> float | None:
    """``"drei"`` -> 3, ``"zweieinhalb"`` -> 2.5, ``"1,5"`` -> 1.5; vague quantities -> None."""
    lowered = word.lower().strip()
    if lowered.replace(",", "", 1).isdigit():
        return float(lowered.replace(",", "."))
    return NUMBER_WORDS.get(lowered)


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


#: Fixed-date holidays: name -> (month, day, part of day or None).
FIXED_HOLIDAYS: dict[str, tuple[int, int, str | None]] = {
    "neujahr": (1, 1, None), "neujahrstag": (1, 1, None), "valentinstag": (2, 14, None),
    "maifeiertag": (5, 1, None), "tag der arbeit": (5, 1, None), "tag der deutschen einheit": (10, 3, None),
    "reformationstag": (10, 31, None), "allerheiligen": (11, 1, None), "heiligabend": (12, 24, None),
    "heiligen abend": (12, 24, "EV"), "weihnachten": (12, 25, None), "weihnachtstag": (12, 25, None),
    "silvester": (12, 31, None), "silvesterabend": (12, 31, "EV"), "silvesternacht": (12, 31, "NI"),
}  # fmt: skip

#: Movable feasts: name -> days after Easter Sunday.
EASTER_HOLIDAYS: dict[str, int] = {
    "rosenmontag": -48, "aschermittwoch": -46, "gründonnerstag": -3, "karfreitag": -2, "karsamstag": -1,
    "ostern": 0, "ostersonntag": 0, "ostermontag": 1, "christi himmelfahrt": 39, "himmelfahrt": 39,
    "pfingsten": 49, "pfingstsonntag": 49, "pfingstmontag": 50, "fronleichnam": 60,
}  # fmt: skip


def holiday_date(name: str, year: int) -> tuple[date, str | None] | None:
    key = name.lower()
    if key in FIXED_HOLIDAYS:
        month, day, part = FIXED_HOLIDAYS[key]
        return date(year, month, day), part
    if key in EASTER_HOLIDAYS:
        return easter_sunday(year) + timedelta(days=EASTER_HOLIDAYS[key]), None
    return None


def alternation(words: list[str] | set[str] | frozenset[str] | dict[str, object]) -> str:
    """A regex alternation of literal words, longest first (so "Sonnabend" beats "Sonn")."""
    import re

    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def capitalised_too(words: list[str] | set[str] | frozenset[str] | dict[str, object]) -> list[str]:
    """Each word as written and with a capital first letter (sentence-initial use)."""
    result: list[str] = []
    for word in words:
        result.extend({word, word[:1].upper() + word[1:]})
    return result
