"""The candidate patterns: compiled regular expressions over the cleaned text, one per kind.

Each pattern's match is the expression's extent (prepositions such as "am", "im", "seit" stay
outside, as in TIMEX3), except where the preposition carries the meaning ("vor drei Jahren",
"in zwei Wochen", "Gegen 8 Uhr").  Patterns only find candidates; ``extract.py`` filters ambiguous
ones with context guards and ``normalize.py`` computes values.
"""

from __future__ import annotations

import re

from . import lexicon as lx
from .zones import ADJECTIVE_ZONES, PLACE_ZONES, ZONE_ABBREVIATIONS

_MONTH_NAMES = [m[:1].upper() + m[1:] for m in lx.MONTHS]
MONTH_ALT = lx.alternation(_MONTH_NAMES)
WEEKDAY_ALT = lx.alternation([w.capitalize() for w in lx.WEEKDAYS])
_QMOD_ALT = lx.alternation(lx.capitalised_too(list(lx.QUANTITY_MODS)))
_SEASON_ALT = lx.alternation([s.capitalize() for s in lx.SEASONS])
_HOLIDAY_ALT = lx.alternation(
    [h[:1].upper() + h[1:] for h in [*lx.FIXED_HOLIDAYS, *lx.EASTER_HOLIDAYS]]
    + ["Tag der Deutschen Einheit", "Christi Himmelfahrt", "Heiligen Abend"]
)
_PLACE_ALT = lx.alternation(list(PLACE_ZONES))
_ZONE_ABBR_ALT = lx.alternation(list(ZONE_ABBREVIATIONS))
_ZONE_ADJ_ALT = lx.alternation(list(ADJECTIVE_ZONES))
_PART_WORDS = "Morgen|Vormittag|Mittag|Nachmittag|Abend|Nacht"
_DECADE_ALT = lx.alternation(lx.capitalised_too(list(lx.DECADE_WORDS)))
_WEEKDAY_PARTS = "morgen|vormittag|mittag|nachmittag|abend|nacht|früh"
#: Numbers that may continue a duration ("zwei Jahre und fünf Monate"): digits and number words only.
_TAIL_NUMBER = r"(?:\d+(?:,\d+)?|" + lx.alternation(lx.capitalised_too(list(lx.NUMBER_WORDS))) + ")"
_TAIL_UNIT = r"(?:Sekunden?|Minuten?|Viertelstunden?|Stunden?|Tage?n?|Wochen?|Monate?n?|Jahre?n?)(?![\wäöüß])"
#: The coordinated rest of a duration: ", vier Monate und zwölf Tage" (checked and parsed by the handlers).
TAIL = rf"(?P<tail>(?:(?:,\s*|\s+und\s+){_TAIL_NUMBER}\s+{_TAIL_UNIT}){{1,3}})?"
_HOUR_WORDS = ("ein|eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|dreizehn|vierzehn|"
               "fünfzehn|sechzehn|siebzehn|achtzehn|neunzehn|zwanzig|einundzwanzig|zweiundzwanzig|"
               "dreiundzwanzig|vierundzwanzig")


def month(name: str = "month") -> str:
    return rf"(?P<{name}>{MONTH_ALT})(?![\wäöüß])"


def weekday(name: str = "weekday", part: str = "wdpart") -> str:
    return rf"(?P<{name}>{WEEKDAY_ALT})(?P<{part}>{_WEEKDAY_PARTS})?(?![\wäöüß])"


DAY = r"(?P<day>0?[1-9]|[12]\d|3[01])\."
YEAR = r"(?P<year>1\d{3}|20\d{2})(?!\d)"
SLASH = r"(?P<slash>/\d{2}(?!\d))?"
ERA = r"(?P<era>v\.\s?Chr\.|vor Christus|v\.\s?u\.\s?Z\.|n\.\s?Chr\.)"
#: Relative determiners: "vergangenen", "kommende", "diesem", "selben", "gestrigen" ...
REL = (r"(?P<rel>(?:[Vv]ergangen|[Ll]etzt|[Vv]orig|[Vv]orherig|[Kk]ommend|[Nn]ächst|[Ff]olgend|"
       r"[Dd]arauffolgend|[Dd]ies|[Ll]aufend|[Ss]elb|[Gg]leich|[Gg]estrig|[Hh]eutig|[Mm]orgig|[Nn]eu)e[nmrs]?)")
POS = r"(?P<pos>(?:[Gg]egen\s+|[Zz]u\s+)?(?:[Aa]nfang|[Bb]eginn|[Mm]itte|[Ee]nde|[Ss]chluss))"
OFYEAR = (r"(?P<ofyear>des\s+(?:Jahres|Vorjahres|Folgejahres|selben\s+Jahres|gleichen\s+Jahres|"
          r"vergangenen\s+Jahres|letzten\s+Jahres|kommenden\s+Jahres|nächsten\s+Jahres|folgenden\s+Jahres|"
          r"laufenden\s+Jahres)|(?:vergangenen|letzten|kommenden|nächsten|laufenden|dieses)\s+Jahres)")
#: A number: digits, "ein halbes", "ein paar", or any word -- ``extract.py`` keeps only number words
#: ("drei", "zweieinhalb") and vague quantities ("einige"); one loose word keeps the regex fast.
NUM = r"(?P<num>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?|[Ee]in(?:e[mnrs]?)?\s+halbe[nrs]?|[Ee]in\s+paar|[A-Za-zäöüß]+)"
UNIT = (r"(?P<unit>Sekunden?|Minuten?|Viertelstunden?|Stunden?|Tage?n?|Tages|Wochen?|Wochenenden?|Monate?n?|Monats|"
        r"Quartale?n?|Jahre?n?|Jahres|Jahrzehnte?n?|Jahrzehnts|Jahrhunderte?n?|Jahrhunderts|Jahrtausende?n?)"
        r"(?![\wäöüß])")
QMOD = rf"(?P<qmod>{_QMOD_ALT})"
ZONE = (rf"(?:\s+(?:(?P<zoneabbr>{_ZONE_ABBR_ALT})|(?P<zoneadj>{_ZONE_ADJ_ALT})|"
        rf"(?P<ortszeit>Ortszeit)(?:\s+(?:in\s+)?(?P<zoneplace>{_PLACE_ALT}))?)(?![\wäöüß]))?")
APPROX = r"(?P<approx>[Gg]egen|[Ee]twa|ca\.)"
TIME_POD = r"(?:\s+(?P<pod>morgens|früh|vormittags|mittags|nachmittags|abends|nachts))?"

#: (kind, pattern) in priority order: on equal extents the earlier kind wins.
_SOURCES: list[tuple[str, str]] = [
    ("weekday_date", rf"(?:{REL}\s+)?{weekday()}(?:,\s*|\s+)(?:(?:den|dem)\s+)?{DAY}\s*"
                     rf"(?:{month()}|(?P<mnum>0?[1-9]|1[0-2])\.)(?:\s*{YEAR})?"),
    ("iso_date", r"(?<![\d.])(?P<year>\d{4})-(?P<mnum>0[1-9]|1[0-2])-(?P<day>[0-2]\d|3[01])(?!\d)"),
    ("numeric_date", rf"(?<![\d.,]){DAY}\s?(?P<mnum>0?[1-9]|1[0-2])\.\s?(?P<year>\d{{4}}|\d{{2}})(?![\d]|[.,]\d)"),
    ("day_month", rf"{DAY}\s*{month()}(?:\s+{YEAR}|\s+{OFYEAR})?(?:\s+{ERA})?"),
    ("day_coord", rf"(?<![\d.,]){DAY}(?=\s*(?:und|bis|oder|/|–|-)\s*(?:(?:zum|dem|den)\s+)?\d{{1,2}}\.\s*{month()}"
                  rf"(?:\s+{YEAR})?)"),
    ("night_between", rf"Nacht\s+(?:von|vom|zum|auf)\s+(?:(?:den|dem)\s+)?{weekday()}\s+(?:auf|zum|zu)\s+"
                      rf"(?:(?:den|dem)\s+)?{weekday('weekday2', 'wdpart2')}"),
    ("night_before", rf"Nacht\s+(?:auf|zum|zu)\s+(?:(?:den|dem)\s+)?{weekday()}"),
    ("night_before_date", rf"Nacht\s+(?:auf|zum|zu)\s+(?:den\s+)?{DAY}\s*{month()}(?:\s+{YEAR})?"),
    ("part_of_date", rf"(?:(?P<approx>[Gg]egen)\s+)?(?:(?P<early>frühen|späten)\s+)?(?P<part>Morgen|Vormittag|"
                     rf"Mittag|Nachmittag|Abend|Nacht|Morgenstunden|Abendstunden|Morgengrauen)\s+des\s+{DAY}\s*"
                     rf"{month()}(?:\s+{YEAR})?"),
    ("night_dates", rf"Nacht\s+(?:vom|von\s+dem|zum)\s+{DAY}(?=\s*(?:{month('month0')}\s+)?(?:auf|zum)\s+(?:den\s+)?"
                    rf"(?P<day2>\d{{1,2}})\.\s*{month()}(?:\s+{YEAR})?)"),
    ("day_only", rf"(?<=[Aa]m\s){DAY}(?!\s*(?:{MONTH_ALT}|\d|[A-ZÄÖÜ]))"),
    ("month_year", rf"(?:{POS}\s+(?:des\s+)?)?(?:Monats?\s+)?{month()}\s+(?:des\s+Jahres\s+)?{YEAR}"),
    ("month_coord", rf"{month()}(?=\s*(?:und|bis|oder|/|–|-)\s*(?:(?:Anfang|Mitte|Ende)\s+)?(?:\d{{1,2}}\.\s*)?"
                    rf"{month('month2')}\s+{YEAR})"),
    ("month_rel", rf"{REL}\s+{month()}"),
    ("month_bare", rf"(?:{POS}\s+(?:des\s+)?|(?P<monat>Monats?)\s+)?{month()}(?:\s+{OFYEAR})?"),
    ("year_word", rf"(?:{POS}\s+(?:des\s+)?)?(?P<jahr>Jahre?s?)\s+(?P<year>\d{{3,4}}){SLASH}(?:\s+{ERA})?"
                  r"(?![\d]|[.,]\d)"),
    ("year_era", rf"(?<![\d.,])(?P<year>\d{{1,4}})\s+{ERA}"),
    ("year_pos", rf"{POS}\s+(?:(?:des\s+)?Jahres\s+)?{YEAR}{SLASH}"),
    ("year_bare", rf"(?<![\w.,-])(?<![^\d]/){YEAR}(?![\wäöüß-]|[.,]\d)"),
    ("year_tail", r"(?<=\d{4}/)(?P<tail>\d{2})(?![\d\wäöüß])"),
    ("decade", rf"(?:{POS}\s+(?:der\s+|den\s+)?)?(?:(?P<early>[Ff]rühen|[Ss]päten)\s+)?"
               rf"(?:(?P<decade>(?:1\d|20)?\d0)er|(?P<dword>{_DECADE_ALT}))"
               r"(?:(?P<jahre>(?:\s*-\s*|\s+)?[Jj]ahren?)|(?P<plural>n))?(?![\wäöüß])"
               r"(?:\s+des\s+(?:(?P<dcent>1?\d|2[01])\.\s*|(?P<drel>vorigen|letzten|vergangenen)\s+)Jahrhunderts)?"),
    ("decade_coord", rf"(?:(?P<decade>(?:1\d|20)?\d0)er|(?P<dword>{_DECADE_ALT}))(?=-?\s*(?:und|oder|bis|/|–|-)\s*"
                     rf"(?:(?:1\d|20)?\d0er|{_DECADE_ALT})(?:\s*-\s*|\s+)?[Jj]ahren?(?![\wäöüß]))"),
    ("century", rf"(?:{POS}\s+(?:des\s+)?)?(?P<century>\d{{1,2}})\.\s*(?:Jahrhunderts?|Jh\.)(?:\s+{ERA})?"),
    ("season", rf"(?:{POS}\s+(?:des\s+)?)?(?:{REL}\s+)?(?P<season>{_SEASON_ALT})(?:e?s)?"
               rf"(?:\s+(?:des\s+Jahres\s+)?(?P<year>\d{{4}}){SLASH})?(?![\wäöüß])"),
    ("quarter", rf"(?:{REL}|(?P<ord>[Ee]rsten|[Zz]weiten|[Dd]ritten|[Vv]ierten|[1-4]\.))\s+"
                rf"(?P<qunit>Quartal|Halbjahr|Jahreshälfte)(?:e?s)?(?:\s+(?:des\s+Jahres\s+)?{YEAR}|\s+{OFYEAR})?"),
    ("weekday_week", rf"{weekday()}(?:\s+(?P<wdpart2>früh|morgens|abends|nachmittags|vormittags))?\s+"
                     r"(?:(?:in\s+)?der\s+)?(?P<wrel>(?:[Vv]ergangen|[Ll]etzt|[Vv]orig|[Nn]ächst|[Kk]ommend|[Dd]ies|[Ll]aufend|[Ff]olgend|"
                     r"[Dd]arauffolgend|[Ss]elb|[Gg]leich)e[nrs]?|derselben)\s+Woche(?![\wäöüß])"),
    ("part_same_day", r"(?:(?P<early>frühen|späten)\s+)?(?P<part>Morgen|Vormittag|Mittag|Nachmittag|Abend|Nacht)\s+"
                      r"(?:(?P<same>desselben|des\s+selben|des\s+gleichen)\s+Tages|(?P<next>des\s+(?:folgenden|"
                      r"nächsten|darauffolgenden)\s+Tages|des\s+Folgetages)|(?P<prev>des\s+Vortages|des\s+vorherigen"
                      r"\s+Tages))(?![\wäöüß])"),
    ("rel_unit", rf"{REL}\s+(?P<unit>Wochenendes?|Woche|Monats?|Jahr(?:es|e)?|Jahrzehnts?|Jahrhunderts?|"
                 rf"Tag(?:es|e)?|{_PART_WORDS})(?![\wäöüß])"),
    ("pos_unit", rf"{POS}\s+(?:(?:der|des)\s+(?=\w+en\s+(?:Woche|Monats|Jahres)))?"
                 r"(?:(?:der|des|dieser|dieses|diesen|nächster|nächsten|kommender|kommenden|letzter|"
                 r"letzten|vergangener|vergangenen|vorigen|laufenden)\s+)?(?P<unit>Woche|Monats|Jahres|Jahrzehnts|"
                 r"Jahrhunderts)(?![\wäöüß])(?!\s+\d)"),
    ("compound", r"(?P<compound>Jahresende|Jahresbeginn|Jahresanfang|Jahresmitte|Jahreswechsel|Jahreswende|"
                 r"Monatsende|Monatsanfang|Monatsbeginn|Monatsmitte|Wochenmitte|Wochenbeginn|Wochenanfang)s?(?:\s+(?P<year>\d{4})"
                 r"(?:/\d{2,4})?)?(?![\wäöüß])"),
    ("anaphoric", r"(?P<ana>Vortag(?:es|s)?|Folgetag(?:es|s)?|Vorabend|Vorjahr(?:es|s)?|Folgejahr(?:es|s)?|"
                  r"Vormonat(?:s)?|Folgemonat(?:s)?|Vorwoche|Folgewoche|Tage?\s+(?:darauf|danach|zuvor|davor)|"
                  r"[Tt]ags\s+(?:darauf|zuvor)|Jahre?\s+(?:darauf|zuvor)|(?:Morgen|Vormittag|Nachmittag|Abend|Nacht)\s+"
                  r"(?:darauf|danach|zuvor|davor))(?![\wäöüß])"),
    ("day_word", rf"(?P<dw>[Vv]orgestern|[Gg]estern|[Hh]eute|morgen|[Üü]bermorgen)(?:\s+(?P<part>{_PART_WORDS}|früh|"
                 r"morgen|vormittag|mittag|nachmittag|abend|nacht)(?![\wäöüß]))?(?![\wäöüß])"),
    ("part_of_day", rf"(?:(?P<early>frühen|späten)\s+)?(?P<part>{_PART_WORDS}|Mitternacht|Früh|"
                    r"(?:Morgen|Vormittags|Mittags|Nachmittags|Abend|Nacht)stunden)(?![\wäöüß])"),
    ("weekday", rf"(?:(?P<early>[Ff]rühen|[Ss]päten)\s+(?=[A-Z][a-z]+(?:{_WEEKDAY_PARTS})\b))?(?:{REL}\s+)?{weekday()}"
                rf"(?:\s+(?P<wdpart2>früh|morgens|abends|nachmittags|vormittags|{_PART_WORDS})(?![\wäöüß]))?"
                r"(?:\s+(?P<after>darauf|danach|zuvor|davor)(?![\wäöüß]))?"),
    ("time", rf"(?:{APPROX}\s+)?(?<![\d.,:])(?P<hour>[01]?\d|2[0-4])(?:[:.](?P<minute>[0-5]\d))?\s*Uhr"
             rf"(?:\s+(?P<minute2>[0-5]?\d)(?![\d,.]|\s+[A-ZÄÖÜ]|\s+Minuten|\s+Prozent))?{TIME_POD}{ZONE}"),
    ("time_word", rf"(?:{APPROX}\s+)?(?P<hourword>(?:{_HOUR_WORDS}))\s+Uhr(?![\wäöüß]){TIME_POD}{ZONE}"),
    ("clock", r"(?<![\d.,:])(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?![\d:]|\s*Uhr)"),
    ("ago", rf"(?P<vor>[Vv]or)\s+(?:{QMOD}\s+)?{NUM}\s+{UNIT}{TAIL}"),
    ("in_future", rf"(?P<prep>[Ii]n)\s+(?:{QMOD}\s+)?{NUM}\s+{UNIT}{TAIL}"),
    ("shifted", rf"(?:{QMOD}\s+)?{NUM}\s+{UNIT}{TAIL}\s+(?P<dir>später|danach|darauf|zuvor|davor|früher|zurück)"
                r"(?![\wäöüß])"),
    ("set_every", rf"[Aa]lle\s+{NUM}\s+{UNIT}"),
    ("rel_duration", r"(?P<rel>(?:[Ll]etzt|[Vv]ergangen|[Kk]ommend|[Nn]ächst|[Ff]olgend|[Ee]rst|[Vv]orig)en?)\s+"
                     rf"(?:{QMOD}\s+)?{NUM}\s+{UNIT}{TAIL}"),
    ("duration", rf"(?:{QMOD}\s+)?{NUM}(?:\s+|-)(?!Jahre?\s+\d){UNIT}{TAIL}"),
    ("duration_adj", rf"(?:{QMOD}\s+)?(?P<num>\d+|[A-Za-zäöüß]+?)-?(?P<adj>stündig|tägig|wöchig|monatig|jährig|"
                     r"minütig)(?:e[nmrs]?)?(?![\wäöüß])"),
    ("vague_duration", r"(?P<vdur>[Jj]ahrelang|[Mm]onatelang|[Ww]ochenlang|[Tt]agelang|[Ss]tundenlang|"
                       r"[Jj]ahrzehntelang|[Jj]ahrhundertelang|[Mm]inutenlang)(?:e[nmrs]?)?(?![\wäöüß])"),
    ("plural_rel", r"(?P<rel>(?:[Ll]etzt|[Vv]ergangen|[Kk]ommend|[Nn]ächst|[Ff]olgend|[Vv]orangegangen|"
                   r"[Zz]urückliegend)en)\s+(?P<unit>Jahren|Jahre|Monaten|Monate|Wochen|Tagen|Tage|Jahrzehnten|"
                   r"Jahrzehnte|Stunden)(?![\wäöüß])"),
    ("since_vague", r"(?<=[Ss]eit\s)(?P<unit>Jahren|Monaten|Wochen|Tagen|Jahrzehnten|Jahrhunderten|Stunden)"
                    r"(?![\wäöüß])"),
    ("set_adverb", r"(?P<setadv>[Tt]äglich|[Ww]öchentlich|[Mm]onatlich|[Jj]ährlich|[Aa]lljährlich|[Ss]tündlich|"
                   r"[Hh]albjährlich|[Vv]ierteljährlich|[Aa]llwöchentlich|[Aa]llmonatlich|[Zz]weiwöchentlich|"
                   r"[Zz]weijährlich)(?:e[nmrs]?)?(?![\wäöüß])"),
    ("set_each", rf"(?P<jed>[Jj]ede[nrs]?)\s+(?:(?P<nth>{lx.alternation(list(lx.SET_ORDINALS))})[nrs]?\s+)?"
                 rf"(?P<unit>Tag|Woche|Monat|Jahr|Quartal|Wochenende|{_PART_WORDS}|{WEEKDAY_ALT})(?![\wäöüß])"),
    ("set_repeat", r"(?P<unit>Tag|Woche|Monat|Jahr)\s+für\s+(?P=unit)(?![\wäöüß])"),
    ("set_rate", r"(?P<rate>im\s+(?:Jahr|Monat|Quartal)|in\s+der\s+(?:Woche|Stunde)|am\s+Tag)(?![\wäöüß])"),
    ("set_per", r"(?P<pro>[Pp]ro|je)\s+(?P<unit>Tag|Woche|Monat|Jahr|Stunde|Minute|Quartal)(?![\wäöüß])"),
    ("weekend", r"(?<=[Aa]m\s)(?P<weekend>Wochenende)(?![\wäöüß])"),
    ("set_weekday", r"(?P<wdset>montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonnabends|sonntags)"
                    r"(?![\wäöüß])"),
    ("vague", r"(?P<vague>[Dd]erzeit|[Zz]urzeit|[Zz]ur\s+Zeit|[Mm]omentan|[Gg]egenwärtig|[Jj]etzt|[Hh]eutzutage|"
              r"[Ii]m\s+[Mm]oment|[Dd]amals|[Ee]inst|[Kk]ürzlich|[Uu]nlängst|[Nn]eulich|[Vv]or\s+[Kk]urzem|"
              r"[Vv]or\s+einiger\s+Zeit|[Vv]or\s+langer\s+Zeit|[Kk]urz\s+zuvor|[Kk]urz\s+davor|[Bb]ald|"
              r"[Kk]ünftig|[Zz]ukünftig|[Dd]emnächst|[Ii]n\s+(?:naher\s+)?Zukunft|[Ii]n\s+Kürze|"
              r"[Ii]n\s+einiger\s+Zeit|[Ww]enig\s+später|[Kk]urz\s+darauf|[Kk]urz\s+danach|[Bb]ald\s+darauf)"
              r"(?![\wäöüß])"),
    ("narrative_vague", r"(?P<vague>[Ff]olgezeit|[Kk]urze\s+Zeit\s+später|[Nn]ach\s+kurzer\s+Zeit|[Bb]innen\s+kurzem)"
                        r"(?![\wäöüß])"),
    ("year_adjective", r"(?P<yadj>[Dd]iesjährig|[Ll]etztjährig|[Vv]orjährig)(?:e[nmrs]?)?(?![\wäöüß])"),
    ("year_adverb", r"(?P<yadj>[Hh]euer)(?![\wäöüß])"),  # Austrian and southern German "this year"
    ("holiday", rf"(?P<holiday>{_HOLIDAY_ALT})(?![\wäöüß])(?:\s+(?P<year>\d{{4}}){SLASH})?"),
]

#: Every expression starts at a word start; the leading look-behind lets the engine skip the positions
#: inside words at once instead of trying each pattern's alternatives there (3-4x faster).
PATTERNS: list[tuple[str, re.Pattern[str]]] = [(kind, re.compile(r"(?<!\w)" + source)) for kind, source in _SOURCES]
PRIORITY: dict[str, int] = {kind: index for index, (kind, _) in enumerate(_SOURCES)}
