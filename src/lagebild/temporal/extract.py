"""Find temporal expressions in German text and normalise them: the tagger's pure core.

1. every pattern of :mod:`.patterns` proposes candidates;
2. context guards drop the ambiguous ones that are not temporal here ("Mai Thi Nguyen-Kim",
   "2000 Bäume", "Freitag" as a name);
3. overlapping candidates are resolved longest-first;
4. candidates are normalised in text order (:mod:`.resolve`, :mod:`.daytime`, :mod:`.quantities`),
   so that each one can be anchored to the dates mentioned before it;
5. a day directly followed by a clock time ("heute 20 Uhr") becomes one TIME expression.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from ..lang import de
from ..model import Sentence, Timex, Token
from . import anaphora, daytime, periods, quantities  # noqa: F401  (importing them registers their handlers)
from . import lexicon as lx
from .context import clause_tense, sentence_spans
from .normalize import Calendar
from .patterns import PATTERNS, PRIORITY
from .resolve import HANDLERS, Context, Found


@dataclass(slots=True)
class Candidate:
    kind: str
    match: re.Match[str]

    @property
    def start(self) -> int:
        return self.match.start()

    @property
    def end(self) -> int:
        return self.match.end()


_MONTH_TRIGGERS = frozenset({
    "im", "Im", "seit", "Seit", "bis", "Bis", "ab", "Ab", "vom", "Vom", "von", "Von", "zum", "Zum", "nach", "Nach",
    "vor", "Vor", "und", "oder", "bzw.", "–", "-", "/", "Anfang", "Mitte", "Ende", "Beginn", "zwischen",
    "Zwischen", "(", "Monat", "Monats", "Frühjahr", "Sommer", "Herbst", "Winter", "Laufe", "Juni", "Juli",
    "den", "dem",
})  # fmt: skip
_SEASON_TRIGGERS = _MONTH_TRIGGERS | {"des", "über", "Über"}
_STRONG_MONTH_TRIGGERS = frozenset({"im", "Im", "seit", "Seit", "bis", "Bis", "Anfang", "Mitte", "Ende", "Beginn"})
_NAME_MONTHS = frozenset({"Mai", "August", "April", "Juni"})
_WEEKDAY_TRIGGERS = frozenset({
    "am", "Am", "seit", "Seit", "bis", "Bis", "ab", "Ab", "vom", "Vom", "von", "Von", "zum", "Zum", "für", "Für",
    "und", "oder", "bzw.", "–", "-", "/", "den", "dem", "auf", "Auf", "(", "jeden", "Jeden", "kommenden",
    "zwischen", "Zwischen",
})  # fmt: skip
_PART_TRIGGERS = frozenset({"am", "Am", "zum", "Zum", "gegen", "Gegen", "vom", "Vom", "der", "zur", "Zur"})
_MIDNIGHT_TRIGGERS = _PART_TRIGGERS | {"um", "Um", "bis", "Bis", "nach", "Nach", "vor", "Vor", "ab", "Ab"}
_CLOCK_TRIGGERS = frozenset({"um", "Um", "gegen", "Gegen", "ab", "Ab", "bis", "Bis", "von", "Von", "zwischen"})
_YEAR_TRIGGERS = frozenset({
    "seit", "Seit", "bis", "Bis", "ab", "Ab", "im", "Im", "Jahr", "Jahre", "Jahres", "Anfang", "Mitte", "Ende",
    "zwischen", "Zwischen", "von", "Von", "vom", "nach", "Nach", "vor", "Vor", "um", "Um", "in", "In", "und",
    "oder", "bzw.", "–", "-", "(", "Frühjahr", "Sommer", "Herbst", "Winter", "Sommers", "Winters", "gegen",
    "Gegen", "etwa", "ca.", "zirka", "Wahl", "Saison", "Jahrgang", "Stand",
})  # fmt: skip
_VERY_STRONG_YEAR_TRIGGERS = frozenset({"seit", "Seit", "Jahr", "Jahre", "Jahres", "im", "Im", "Jahrgang"})
_PREVIOUS_WORDS = re.compile(r"(\S+)\s+(\S+)\s*$|(\S+)\s*$")


def _previous_word(text: str, start: int) -> str:
    window = text[max(0, start - 30):start]
    if window and not window[-1].isspace() and window[-1] in "(–-/":
        return window[-1]
    words = window.split()
    return words[-1] if words else ""


def _next_word(text: str, end: int) -> str:
    words = text[end:end + 30].split()
    return words[0] if words else ""


def _is_number(word: str) -> bool:
    lowered = " ".join(word.lower().split())
    return (lowered[:1].isdigit() or lowered in lx.VAGUE_QUANTITIES or lx.number_value(lowered) is not None
            or lowered.startswith(("ein halbe", "eine halbe", "einen halbe", "einem halbe", "ein paar")))


def _accept(candidate: Candidate, text: str) -> bool:
    """Context guards for candidates that are often not temporal."""
    m, kind = candidate.match, candidate.kind
    start = m.start()
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_"):
        return False  # inside a word: "Vormittag" is not "Mittag"
    groups = m.groupdict()
    if groups.get("num") and not _is_number(groups["num"] or ""):
        return False  # NUM matches any word to stay fast; only numbers count
    previous = _previous_word(text, start)
    following = _next_word(text, m.end())
    if kind == "month_bare":
        if groups.get("pos") or groups.get("monat") or groups.get("ofyear"):
            return True
        if m["month"] in _NAME_MONTHS and following[:1].isupper() and previous not in _STRONG_MONTH_TRIGGERS:
            return False  # "Mai Thi Nguyen-Kim", "von August Bebel"
        return previous in _MONTH_TRIGGERS
    if kind == "weekday":
        return bool(groups.get("rel") or groups.get("wdpart") or groups.get("wdpart2") or previous in _WEEKDAY_TRIGGERS)
    if kind == "season":
        return bool(groups.get("pos") or groups.get("rel") or groups.get("year") or previous in _SEASON_TRIGGERS)
    if kind == "part_of_day":
        if m["part"] == "Mitternacht":
            return previous in _MIDNIGHT_TRIGGERS
        if m["part"] == "Früh":  # the noun only in "in der Früh" ("Früh" is otherwise a name or a headline word)
            return text[max(0, start - 8):start].rstrip().endswith(("in der", "In der"))
        if m["part"].endswith("stunden"):  # "in den frühen Morgenstunden", "in den Abendstunden"
            return previous in ("den", "frühen", "späten") or (previous == "Den" and bool(m["early"]))
        return previous in _PART_TRIGGERS or text[max(0, start - 12):start].rstrip().endswith(
            ("in der", "In der", "bis zum", "gegen"))
    if kind == "clock":
        return previous in _CLOCK_TRIGGERS
    if kind == "decade":
        return _accept_decade(m, text, previous)
    if kind == "decade_coord":
        return True
    if kind == "year_bare":
        return _accept_year(m, text, previous, following)
    if kind == "set_rate":
        return _accept_rate(text, start, previous, following)
    if kind == "holiday":
        return not (m["holiday"] == "Ostern" and following.startswith("-"))
    return True


_DECADE_PREPOSITIONS = frozenset({"in", "In", "seit", "Seit", "aus", "Aus", "bis", "Bis", "zu", "Zu", "von", "Von"})
#: "Er ist in den Sechzigern." is an age, not a decade.
_AGE_BEFORE = re.compile(r"\b(?:ist|war|sind|waren|sei|seien)\s+(?:\w+\s+)?in\s+den\s+$")
_PERSON_BEFORE = re.compile(r"\b(?:Frau|Frauen|Mann|Männer|Person|Personen|Paar|Herr|Dame|Mutter|Vater|Patient|"
                            r"Patientin|Patienten|Kunde|Kundin|Kunden|Paare|Leute|Menschen)\s+in\s+den\s+$")


def _accept_decade(m: re.Match[str], text: str, previous: str) -> bool:
    """ "60er Jahre", "Mitte der 90er", "in den frühen Siebzigern" are decades; "der 60er-Bus", "Anfang
    sechzig" and "er ist in den Sechzigern" (an age) are not."""
    groups = m.groupdict()
    if groups.get("jahre") or groups.get("pos") or groups.get("early"):
        return True
    if text[m.end():m.end() + 1] == "-":
        return False  # "der 60er-Bus", "die 68er-Bewegung"
    if groups.get("dword"):
        before = text[max(0, m.start() - 40):m.start()]
        words = before.split()
        if len(words) < 2 or words[-1] != "den" or words[-2] not in _DECADE_PREPOSITIONS:
            return False
        if _PERSON_BEFORE.search(before):
            return False  # "eine Frau in den Vierzigern": an age
        return not (_AGE_BEFORE.search(before) and re.match(r"\s*(?:[.,;!?)]|$)", text[m.end():m.end() + 2]))
    return previous in ("der", "den", "die", "Die", "Der")


_RATE_WORDS = frozenset({"Euro", "Dollar", "Franken", "Pfund", "Cent", "Prozent", "%", "Kilometer", "km", "Meter",
                         "Liter", "Tonnen", "Stunden", "Minuten", "Mal", "Male"})
_ARTICLE_NUMBERS = frozenset({"ein", "eine", "einer", "einem", "einen", "eines"})
_RATE_NUMBERS = frozenset({"Millionen", "Milliarden", "Tausend", "tausend", "Hundert", "hundert", "Dutzend"})


def _accept_rate(text: str, start: int, previous: str, following: str) -> bool:
    """ "im Jahr", "am Tag" as a rate only after a frequency or an amount: "zweimal im Jahr", "3.000 Euro im
    Monat", "500 Menschen im Jahr" -- not "im Jahr der Krise", "am Tag nach der Wahl"."""
    if following[:1].isdigit() or following.rstrip(".,;:") in ("der", "des", "nach", "vor", "zuvor", "darauf",
                                                                "danach", "davor", "selbst", "X"):
        return False
    if previous.lower().endswith(("mal", "mals")) or previous in _RATE_WORDS:
        return True
    words = text[max(0, start - 40):start].split()[-3:-1]  # "500 Menschen im Jahr", "500 Euro Miete im Monat"
    return any((_is_number(word) or word in _RATE_NUMBERS) and word.lower() not in _ARTICLE_NUMBERS for word in words)


_COUNT_WORDS = re.compile(r"^(?:Euro|Dollar|Franken|Pfund|Mark|Meter|Kilometer|km|Tonnen|Prozent|%|Menschen|"
                          r"Personen|Einwohner|Mitarbeiter|Soldaten|Mann|Stück|Punkte|Tote|Besucher)\b")


def _accept_year(m: re.Match[str], text: str, previous: str, following: str) -> bool:
    year = int(m["year"])
    if _COUNT_WORDS.match(following) or previous in ("Nr.", "Nummer", "§", "Artikel", "Paragraph", "Tempo"):
        return False
    if m.start() > 0 and text[m.start() - 1] in de.DOUBLE_OPENING:
        return False  # a title: „2001: Odyssee im Weltraum“
    line_end = "\n" in text[m.end():m.end() + 3] or m.end() == len(text)
    capitalised_next = following[:1].isupper() and not line_end  # a heading "Kriegsjahr 1917" ends its line
    if previous in _VERY_STRONG_YEAR_TRIGGERS or previous.endswith("jahr"):
        return True
    if capitalised_next and re.search(r"\d[\d.]*\s+[A-ZÄÖÜ][a-zäöüß]+\b", text[max(0, m.start() - 60):m.start()]):
        return False  # a list of counts: "21 Kreuzer und über 100 Zerstörer ... und 1370 Landungsboote"
    if previous in _YEAR_TRIGGERS:
        return not (capitalised_next and year % 100 == 0)  # "um 2000 Menschen"
    # "aus 2000 Bäumen", "mit 1500 Soldaten" are counts; "bereits 1917 Meutereien" is a year
    return year >= 1500 and not (capitalised_next and year % 10 == 0)


def find_candidates(text: str, narrative: bool = False) -> list[Candidate]:
    """Non-overlapping candidates in text order; on overlap the longer extent (then the earlier kind) wins."""
    found = [Candidate(kind, m) for kind, pattern in PATTERNS for m in pattern.finditer(text)]
    found = [c for c in found if c.end > c.start and _accept(c, text)
             and (narrative or c.kind != "narrative_vague")]
    found.sort(key=lambda c: (-(c.end - c.start), PRIORITY[c.kind], c.start))
    taken: list[tuple[int, int]] = []
    chosen: list[Candidate] = []
    for candidate in found:
        index = bisect.bisect_left(taken, (candidate.start, candidate.end))
        left = taken[index - 1] if index > 0 else None
        right = taken[index] if index < len(taken) else None
        if (left and left[1] > candidate.start) or (right and right[0] < candidate.end):
            continue
        taken.insert(index, (candidate.start, candidate.end))
        chosen.append(candidate)
    chosen.sort(key=lambda c: c.start)
    return chosen


_EXPLICIT_YEAR_KINDS = frozenset({"weekday_date", "iso_date", "numeric_date", "day_month", "month_year",
                                  "year_word", "year_era", "year_pos", "year_bare", "season", "holiday"})
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_dct(published: str | None) -> date | None:
    """The document date of an ISO 8601 ``published`` value (date or date-time)."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def extract_timexes(text: str, dct: str | date | None, tokens: Sequence[Token] | None = None, *,
                    sentences: Sequence[Sentence] | None = None, genre: str = "news") -> list[Timex]:
    """TIMEX3 expressions in ``text`` with offsets, anchored to ``dct`` (ISO date, or None).

    ``tokens`` (with STTS ``pos``) and ``sentences`` from the pipeline improve tense detection and
    sentence-local anchoring but are optional.  ``genre="narrative"`` anchors relative expressions to the
    last date mentioned instead of the DCT (for historical texts such as WikiWarsDE).

    >>> [(t.text, t.value) for t in extract_timexes("Am kommenden Sonntag ab 12 Uhr.", "2017-07-08")]
    [('kommenden Sonntag', '2017-07-09'), ('12 Uhr', '2017-07-09T12:00')]
    """
    document_date = dct if isinstance(dct, date) else parse_dct(dct)
    calendar = Calendar(document_date, genre)
    spans = [(s.start, s.end) for s in sentences] if sentences else sentence_spans(text)
    starts = [start for start, _ in spans]
    results: list[Timex] = []
    for candidate in find_candidates(text, narrative=genre == "narrative"):
        sentence = max(0, bisect.bisect_right(starts, candidate.start) - 1)
        tense = partial(clause_tense, text, spans[sentence], candidate.start, candidate.end, tokens)
        clause = partial(clause_tense, text, spans[sentence], candidate.start, candidate.end, tokens,
                         clause_only=True)
        resolution = HANDLERS[candidate.kind](Found(candidate.match), Context(text, calendar, sentence, tense, clause))
        if resolution is None:
            continue
        start = resolution.start if resolution.start is not None else candidate.start
        end = resolution.end if resolution.end is not None else candidate.end
        year_match = re.match(r"(\d{4})-", resolution.value)
        calendar.previous = (end, int(year_match[1])) if year_match else None
        if not _restates_year(candidate, resolution.value):
            explicit = _explicit_year(candidate, resolution.value)
            calendar.remember(resolution.value, sentence, explicit, anchors=_anchors(text, start, candidate.kind))
        _append(results, text, Timex(text[start:end], start, end, resolution.type, resolution.value, resolution.mod))
    return results


def _restates_year(candidate: Candidate, value: str) -> bool:
    """ "gegenüber dem Vorjahr" compares with a year; it does not move the text to it (a second "Vorjahr"
    still means the year before the one under discussion)."""
    restating = ("anaphoric", "year_adjective", "year_adverb")
    return candidate.kind in restating and re.fullmatch(r"\d{4}", value) is not None


def _anchors(text: str, start: int, kind: str) -> bool:
    """Whether a date may anchor later expressions: not an aside in parentheses ("(1908)"), not the end of a
    range ("bis 1941") and not a bare year naming an event ("im Krieg 1870/71"): they leave the narrative
    where it was."""
    before = text[max(0, start - 80):start]
    if before.rfind("(") > before.rfind(")") or re.search(r"\d{4}/$", before):
        return False  # "(1908)", the 1945 of "1944/1945"
    if kind == "year_bare":
        if "\n" in text[start:start + 8]:
            return True  # a heading: "Westfront 1944"
        previous = _previous_word(text, start)
        sentence_start = not before.strip() or before.rstrip()[-1:] in ".!?:\n" or "\n" in before[-3:]
        if previous[:1].isupper() and previous not in _YEAR_TRIGGERS and not sentence_start:
            return False
    return re.search(r"\b[Bb]is\s+(?:zum\s+|in\s+den\s+|(?:Ende|Anfang|Mitte)\s+)?$", before) is None


def _explicit_year(candidate: Candidate, value: str) -> bool:
    """Whether the expression names a year that later dates without one belong to ("im Jahr 1941",
    "im neuen Jahr")."""
    if candidate.kind == "rel_unit" and re.fullmatch(r"\d{4}", value):
        return candidate.match.group("rel").lower().startswith("neu")  # "im neuen Jahr"
    return candidate.kind in _EXPLICIT_YEAR_KINDS and bool(candidate.match.groupdict().get("year"))


def _append(results: list[Timex], text: str, timex: Timex) -> None:
    """Add ``timex``; a day directly followed by its clock time ("heute 20 Uhr") becomes one TIME."""
    if results and timex.type == "TIME":
        previous = results[-1]
        gap = text[previous.end:timex.start]
        if (previous.type == "DATE" and _DAY_VALUE.match(previous.value) and timex.value.startswith(previous.value)
                and re.fullmatch(r"[\s,]{0,3}", gap)):
            results[-1] = Timex(text[previous.start:timex.end], previous.start, timex.end, "TIME", timex.value,
                                timex.mod or previous.mod)
            return
    results.append(timex)
