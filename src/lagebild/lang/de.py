"""German language data that several modules share: quotation marks, sentence punctuation,
abbreviations, month and weekday names, verbs of saying.

Only data lives here, no logic.  The base sets are written once; the subsets a module needs are
derived from them below, each named for what it is, so a new mark or abbreviation is added in one
place.  Who uses what:

* quotation marks: :mod:`lagebild.clean`, :mod:`lagebild.nlp.tokenize`, :mod:`lagebild.nlp.mood`,
  :mod:`lagebild.nlp.retag`, :mod:`lagebild.quotes`, :mod:`lagebild.temporal`;
* sentence punctuation: :mod:`lagebild.nlp.tokenize`, :mod:`lagebild.nlp.retag`, :mod:`lagebild.quotes`;
* abbreviations: :mod:`lagebild.nlp.tokenize` (tokens and sentence ends);
* months and weekdays: :mod:`lagebild.nlp.tokenize`, :mod:`lagebild.temporal`, :mod:`lagebild.quotes`;
* verbs of saying, writing and thinking: :mod:`lagebild.quotes.lexicon` (the cue verbs) and
  :mod:`lagebild.nlp.retag` (a verb after a quotation).
"""

from __future__ import annotations

from typing import Final

# ---------------------------------------------------------------------------- quotation marks

#: Quotation-mark styles: name -> (opening mark, closing marks).  German news uses „…“ (fonts and
#: converters also give „…”), ‚…‘ inside it, »…« in books and magazines, «…» in Switzerland; “…” and
#: "…" come with English-style or typewriter text.
QUOTE_STYLES: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "german": ("„", ("“", "”")),
    "german_single": ("‚", ("‘", "’")),
    "guillemets": ("»", ("«",)),
    "swiss": ("«", ("»",)),
    "single_guillemets": ("›", ("‹",)),
    "swiss_single": ("‹", ("›",)),
    "english": ("“", ("”",)),
    "english_single": ("‘", ("’",)),
    "ascii": ('"', ('"',)),
    "ascii_single": ("'", ("'",)),
}
#: The double styles (the single ones quote inside a quotation, or are apostrophes).
DOUBLE_STYLES: Final = ("german", "guillemets", "swiss", "english", "ascii")
#: "``" and "''": the quotation marks of older corpora converted from LaTeX-style text (two characters).
LATEX_QUOTES: Final = frozenset({"``", "''"})
LATEX_QUOTE_CHARACTERS: Final = frozenset("`'")

OPENING_QUOTES: Final = frozenset(opening for opening, _ in QUOTE_STYLES.values())
CLOSING_QUOTES: Final = frozenset(mark for _, closing in QUOTE_STYLES.values() for mark in closing)
#: Every quotation mark (one character each): „ “ ” ‚ ‘ ’ » « › ‹ " '.
QUOTE_MARKS: Final = OPENING_QUOTES | CLOSING_QUOTES

#: Opening double mark -> the marks that close it.
DOUBLE_PAIRS: Final[dict[str, tuple[str, ...]]] = {QUOTE_STYLES[s][0]: QUOTE_STYLES[s][1] for s in DOUBLE_STYLES}
DOUBLE_OPENING: Final = frozenset(DOUBLE_PAIRS)  # „ » « “ "
DOUBLE_CLOSING: Final = frozenset(mark for closing in DOUBLE_PAIRS.values() for mark in closing)  # “ ” « » "
DOUBLE_QUOTES: Final = DOUBLE_OPENING | DOUBLE_CLOSING  # „ “ ” » « "

#: German quotation marks, by role.
GERMAN_OPENING: Final = frozenset({QUOTE_STYLES["german"][0]})  # „
GERMAN_CLOSING: Final = frozenset(QUOTE_STYLES["german"][1])  # “ ”
GERMAN_SINGLE_OPENING: Final = frozenset({QUOTE_STYLES["german_single"][0]})  # ‚
GERMAN_SINGLE_CLOSING: Final = frozenset(QUOTE_STYLES["german_single"][1])  # ‘ ’
#: Marks that only ever open (the German low marks): never the last token of a sentence or line.
LOW_QUOTES: Final = GERMAN_OPENING | GERMAN_SINGLE_OPENING  # „ ‚
#: Guillemets; which of them opens depends on the text (»…« or «…»).
GUILLEMETS: Final = frozenset({"»", "«"})
SINGLE_GUILLEMETS: Final = frozenset({"›", "‹"})
#: Marks that open a quotation in German text: „ ‚ » « " (“ and ‘ close one there).
GERMAN_TEXT_OPENING: Final = LOW_QUOTES | GUILLEMETS | frozenset({'"'})

OPENING_BRACKETS: Final = frozenset("([{")
CLOSING_BRACKETS: Final = frozenset(")]}")

# ---------------------------------------------------------------------------- sentence punctuation

#: Tokens that end a sentence.
SENTENCE_END: Final = frozenset({".", "!", "?", "…", "..."})
#: The characters they are made of (a token ending in one of them may end a sentence).
SENTENCE_END_CHARACTERS: Final = frozenset(".!?…")
#: Punctuation between clauses (a hyphen or dash glued to the word before it belongs to that word).
CLAUSE_BREAKS: Final = frozenset({",", ";", ":", "–", "—", "-"})

# ---------------------------------------------------------------------------- derived: the tokenizer

#: Characters that may open a quotation or a bracket (a sentence may start with one).
TOKENIZER_OPENERS: Final = OPENING_QUOTES | LATEX_QUOTE_CHARACTERS | OPENING_BRACKETS
#: Characters that close a quotation or a bracket (glued to final punctuation, they stay in its sentence).
TOKENIZER_CLOSERS: Final = CLOSING_QUOTES | LATEX_QUOTE_CHARACTERS | CLOSING_BRACKETS
#: Never the last token of a line's sentence: the mark opens what follows on the next line.
LINE_OPENERS: Final = LOW_QUOTES | OPENING_BRACKETS

# ---------------------------------------------------------------------------- abbreviations

#: Abbreviations that always keep their period.  Single letters ("z.", "B.", "v.") and letter-dot chains
#: ("u.a.", "d.h.") are covered by a pattern instead.  Words that commonly end a sentence without being
#: abbreviations (Mag, Bio, Fax, Tab) are deliberately missing.
ABBREVIATIONS: Final = (
    # titles and forms of address
    "Dr", "Prof", "Dipl", "Ing", "Dr.-Ing", "Dipl.-Ing", "Dipl.-Kfm", "Kfm", "Hr", "Hrn", "Fr",
    "Frl", "Mr", "Mrs", "Ms", "Mme", "Mlle", "Sr", "Jr", "Gen", "Sen", "Rep", "Gov", "Lt",
    "Col", "Capt", "Sgt", "Abg", "Präs", "Vors", "Stv", "stellv", "Pfr", "Kard", "Hl", "hl",
    # companies, places, addresses
    "Co", "Inc", "Ltd", "Corp", "Bros", "Gebr", "Ges", "St", "Str", "Pl", "Ave", "Blvd", "Bhf",
    "Hbf", "Kr", "Gde", "Bez", "Tel",
    # numbers, units, references
    "Nr", "Nrn", "Mio", "Mrd", "Tsd", "Std", "Min", "Sek", "Abs", "Ziff", "Bd", "Bde", "Kap",
    "Abb", "Anm", "Aufl", "Ausg", "Hrsg", "Hg", "Jh", "Jhd", "Jhdt", "Jg", "Jgg", "Verf", "Bsp",
    "Forts", "Nachf", "lfd", "ff", "Az", "Vol",
    # days and months ("Jan" is ambiguous, see below)
    "Mo", "Di", "Mi", "Do", "Sa", "So", "Feb", "Febr", "Mrz", "Apr", "Jun", "Jul", "Aug",
    "Sep", "Sept", "Okt", "Nov", "Dez", "Chr",
    # lowercase adverbials and adjectives
    "bzw", "ca", "vgl", "ggf", "evtl", "inkl", "exkl", "sog", "usw", "usf", "etc", "bspw",
    "bzgl", "ggü", "lt", "ehem", "einschl", "entspr", "insb", "insbes", "max", "min", "mind", "mtl",
    "od", "rd", "zzgl", "zzt", "zz", "zit", "gem", "geb", "gest", "verh", "ebd", "allg", "amtl",
    "dt", "engl", "frz", "franz", "ital", "span", "russ", "lat", "griech", "zw", "zus", "ugs",
    "urspr", "betr", "bes", "vs", "sen", "jun",
)  # fmt: skip
#: Lowercase abbreviations also start sentences ("Vgl.", "Ca."); these would capitalise into names or
#: words instead ("Max.", "Franz.").
NOT_CAPITALISED_ABBREVIATIONS: Final = frozenset(
    {"max", "min", "franz", "bes", "od", "dt", "hl", "lat", "span", "sen", "jun"})
#: Names written with an inner period.
DOTTED_NAMES: Final = ("ver.di", "Ver.di")
#: Abbreviations that are also ordinary words: they keep the period only if no capital follows
#: ("Art. 5 GG" but "jeder Art. Dann").
AMBIGUOUS_ABBREVIATIONS: Final = ("Art", "Jan")
#: Abbreviations that end a sentence when a capitalised word follows.
SENTENCE_FINAL_ABBREVIATIONS: Final = frozenset({"usw.", "usf.", "etc.", "Chr.", "u.ä.", "o.ä."})

# ---------------------------------------------------------------------------- calendar words

#: Month names (lowercase; Austrian "Jänner" and "Feber" too) -> month number.
MONTHS: Final[dict[str, int]] = {
    "januar": 1, "jänner": 1, "februar": 2, "feber": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}  # fmt: skip
#: Month abbreviations (lowercase, written with a period) -> month number.
MONTH_ABBREVIATIONS: Final[dict[str, int]] = {
    "jan": 1, "feb": 2, "febr": 2, "mär": 3, "mrz": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "nov": 11, "dez": 12,
}  # fmt: skip
#: Weekday names (lowercase) -> ISO weekday number (Monday = 1).
WEEKDAYS: Final[dict[str, int]] = {
    "montag": 1, "dienstag": 2, "mittwoch": 3, "donnerstag": 4, "freitag": 5, "samstag": 6,
    "sonnabend": 6, "sonntag": 7,
}  # fmt: skip

# ---------------------------------------------------------------------------- verbs of saying


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: Verbs of speech, writing and thought, and verbs of agreeing, by *medium*: the cue verbs of the
#: quote rules (:data:`lagebild.quotes.lexicon.CUE_VERBS`).  Lemmas with their separable particle
#: joined ("mitteilen" for "teilte … mit").  Written from German grammar references and checked
#: against the SpkAtt-2023 training split (cue counts per lemma).
REPORTING_VERBS: Final[dict[str, tuple[str, ...]]] = {
    "speech": _words(
        "sagen erklären betonen mitteilen meinen äußern antworten entgegnen erwidern hinzufügen ergänzen "
        "ausführen unterstreichen bekräftigen versichern beteuern bestätigen behaupten bestreiten dementieren "
        "einräumen zugeben gestehen eingestehen erläutern sprechen rufen schreien skandieren fragen nachfragen "
        "anmerken feststellen klarstellen klarmachen herausstellen hervorheben präzisieren "
        "unterstellen vermelden verkünden verlauten bekanntgeben bekanntmachen argumentieren begründen "
        "zitieren kommentieren resümieren bilanzieren konstatieren erinnern mahnen ermahnen beklagen klagen "
        "monieren bemängeln loben würdigen kritisieren verurteilen begrüßen beschwichtigen prophezeien werten "
        "vorhersagen voraussagen prognostizieren beschreiben schildern erzählen berichten informieren "
        "aussagen zusagen zusichern widersprechen einwenden lauten heißen "
        "ankündigen versprechen drohen androhen bitten auffordern fordern verlangen vorschlagen "
        "empfehlen raten abraten anregen appellieren aufrufen anweisen ablehnen beschließen "
        "warnen hinweisen verweisen nennen bezeichnen vorwerfen beschuldigen anprangern beziffern plädieren "
        "einstufen angeben bekunden besagen signalisieren zurückweisen abstreiten erwähnen einschränken "
        "verlautbaren urteilen herausstreichen rechtfertigen formulieren zuweisen nachsagen entscheiden "
        "vereinbaren durchblicken"
    ),
    "writing": _words("schreiben melden twittern posten notieren vermerken hervorgehen"),
    "thought": _words(
        "glauben denken vermuten annehmen befürchten fürchten hoffen erhoffen erwarten bezweifeln zweifeln "
        "ausgehen überzeugen schätzen einschätzen bedauern wünschen wissen beabsichtigen erwägen herausfinden "
        "errechnen ausrechnen ansehen"
    ),
    "agreement": ("einigen", "übereinkommen"),
}
#: All of them.
REPORTING_VERB_LEMMAS: Final = frozenset(verb for verbs in REPORTING_VERBS.values() for verb in verbs)

# ---------------------------------------------------------------------------- nouns that cannot speak

#: Nouns of time and measure (lowercase, with their plural and genitive forms): never a speaker, however
#: a rule reads the phrase ("vor zwei Jahren", "im Mai", "seit Wochen").
TIME_MEASURE_NOUNS: Final = frozenset(_words(
    "jahr jahre jahren jahres jahrs monat monate monaten monats woche wochen tag tage tagen tages tags "
    "stunde stunden minute minuten sekunde sekunden zeit zeiten zeitpunkt zeitraum jahrzehnt jahrzehnte "
    "jahrzehnten jahrhundert jahrhunderte jahrhunderten quartal quartale halbjahr frühjahr frühling sommer "
    "herbst winter nacht nächte morgen vormittag mittag nachmittag abend wochenende anfang beginn mitte ende "
    "saison spielzeit amtszeit legislaturperiode periode "
    "prozent prozentpunkte euro cent dollar franken pfund kilometer meter kilogramm tonnen grad mal"
))
#: Event nouns (lowercase heads): a meeting, vote, attack or accident does not speak; the one who speaks
#: at it does ("auf der Pressekonferenz des Ministeriums" -> the ministry).
EVENT_NOUNS: Final = frozenset(_words(
    "konferenz pressekonferenz treffen sitzung gipfel gipfeltreffen tagung wahl wahlen "
    "abstimmung referendum anschlag angriff attentat unfall explosion brand erdbeben krieg kampf kämpfe "
    "protest proteste demonstration kundgebung feier zeremonie veranstaltung debatte diskussion verhandlung "
    "verhandlungen gespräch gespräche besuch reise prozess verfahren spiel match rennen festival messe "
    "ausstellung katastrophe krise vorfall zwischenfall"
))
