"""Rule-based tokenizer and sentence splitter for German news text.

Both functions work on character offsets into the cleaned article text, so
every token and sentence is a ``(start, end)`` span and never a copy.

Tokens come from one compiled regex (at each position the first matching
alternative wins), so there is no Python loop over characters or tokens:

* URLs ("https://", "www."), bare domains ("spiegel.de", known TLDs only),
  e-mail addresses, hashtags and @handles are one token; a URL's trailing
  punctuation is not part of it.
* Words and numbers joined by "-", "/" or "&" are one token: "G20-Gipfel",
  "US-Präsident", "CDU/CSU", "H&M", "1:0-Sieg", "5%-Hürde", "K.-o.-Phase".  A
  hyphen that truncates a compound stays on it when a conjunction or a comma
  follows ("Ein- und Ausfuhr", "Bundes-, Landes- und").
* Numbers keep their inner separators ("3,5", "1.000.000", "12.30", "14:30",
  "09.07.2017"); a day-month date keeps its final period ("9.7.").
* An ordinal keeps its period when a month, a lowercase word, an ordinal head
  noun ("Jahrhundert", "Weltkrieg", "FC" ...), a range ("3.-5.") or the rest of
  a spaced date ("16. 5. 2016") follows, or when an article stands before it
  ("der 35. Kommandeurstagung").  So "im Jahr 1990. Dann" gives the period
  away.  Roman numerals follow the same rule ("Benedikt XVI. sagte"), and 1-2
  digits at the start of a line are a list marker ("1. Punkt").
* Abbreviations from the list below keep their period, as do single letters
  (initials "John F. Kennedy", "z. B.") and letter-dot chains ("z.B.", "e.V.").
  "Art." and "Jan." are also words, so they take the period only when no
  capitalised word follows ("Art. 5 GG" but "jeder Art. Dann").  A capital
  letter after "Gruppe", "Plan", "Vitamin" ... is a label, not an initial.
* Judgement call on apostrophes: inside a word they stay ("geht's",
  "Trump'sche", "Ku'damm").  A final apostrophe stays only after a capitalised
  word ending in s, ß, x or z, the German genitive of names ("Lawrows'",
  "Marx'").  Anywhere else a final ' or ’ is far more often a closing single
  quote ('alles'), so "Merkel'" gives "Merkel" + "'".
* Every other non-space character is its own token (quotes, brackets, %, €, $),
  except "..." / "…", runs of "!" / "?", "--", and "``" / "''".

Sentences end after ".", "!", "?", "..." or "…" (plus closing quotes and
brackets glued to it: 'übertroffen." Dann', and a German closing mark between
spaces: "werden. “ Christel") when the next token starts with an
uppercase letter, a digit or an opening quote or bracket, or is camel-cased
("iPhone").  They never end after ":" or ";", an abbreviation, an ordinal or an
initial, nor at "(!)" and "[...]".  Deliberate exceptions: "usw.", "etc.",
"Chr." and a "9.7." date end a sentence when such a token follows.  A line break
always ends a sentence, with or without punctuation, except after an opening
quote or bracket, and a single line break before a lowercase word (wrapped
text); an opening quote before a lowercase word continues the sentence
("Benedikt XVI. „ist und bleibt …“").

Known limitations: a sentence that really ends with an abbreviation or an
initial ("3 Mio. Dann", "Bernhard H. Er") is not split; an ordinal with no
article before it and a capitalised word after it that is no head noun is split
("gegen die Weltranglisten-45. Pospisil"); a sentence that starts lowercase is
not split from the one before.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from typing import Final

from lagebild.lang import de

Span = tuple[int, int]

__all__ = ["Span", "split_sentences", "tokenize"]

# Abbreviations (German language data, shared): see lagebild.lang.de.
_ABBREVIATIONS: Final = de.ABBREVIATIONS
_NOT_CAPITALISED: Final = de.NOT_CAPITALISED_ABBREVIATIONS
_DOTTED_NAMES: Final = de.DOTTED_NAMES
_AMBIGUOUS_ABBREVIATIONS: Final = de.AMBIGUOUS_ABBREVIATIONS
_SENTENCE_FINAL_ABBREVIATIONS: Final = de.SENTENCE_FINAL_ABBREVIATIONS

_MONTHS: Final = tuple(month.capitalize() for month in de.MONTHS)
_MONTH_ABBREVIATIONS: Final = tuple(month.capitalize() for month in de.MONTH_ABBREVIATIONS)
# Nouns that follow an ordinal number ("der 2. Weltkrieg").  Nouns that also
# start sentences after a year ("Jahre später", "Tage später", "Wochen") are
# left out on purpose.  Genitive and plural endings are matched by the pattern.
_ORDINAL_HEAD_NOUNS: Final = (
    "Jahrhundert", "Jahrtausend", "Jahrzehnt", "Jh", "Jhd", "Jhdt", "Weltkrieg", "Kreuzzug",
    "Republik", "Reich", "Bundesliga", "Liga", "Division", "Klasse", "Kreisliga", "Bezirksliga",
    "Landesliga", "Oberliga", "Regionalliga", "FC", "FSV", "FFC", "Platz", "Rang", "Runde", "Etappe",
    "Spieltag", "Spielminute", "Minute", "Halbzeit", "Durchgang", "Wahlgang", "Satz", "Tor", "Treffer",
    "Mal", "Kongress", "Parteitag", "Bundesparteitag", "Parteikongress", "Volkskongress", "Sitzung",
    "Sitzungswoche", "Sitzungstag", "Verhandlungstag", "Prozesstag", "Tagung", "Lesung", "Plenum",
    "Etage", "Stock", "Stockwerk", "Obergeschoss", "Geschoss", "Lebensjahr", "Geburtstag",
    "Todestag", "Jahrestag", "Jubiläum", "Quartal", "Halbjahr", "Semester", "Schuljahr", "Amtszeit",
    "Amtsperiode", "Legislaturperiode", "Legislatur", "Wahlperiode", "Bundestag", "Bundesversammlung",
    "Senat", "Strafsenat", "Zivilsenat", "Kammer", "Instanz", "Grad", "Ordnung", "Stufe",
    "Zusatzartikel", "Verfassungszusatz", "Armee", "Flotte", "Brigade", "Regiment", "Bataillon",
    "Kompanie", "Panzerdivision", "Korps", "Sinfonie", "Symphonie", "Auflage", "Ausgabe", "Staffel",
    "Folge", "Episode", "Kapitel", "Band", "Akt", "Advent", "Adventssonntag", "Weihnachtstag",
    "Feiertag", "Bezirk", "Gemeindebezirk", "Arrondissement", "Hälfte", "Viertel", "Generation",
    "Welle", "Impfung", "Dosis", "Vorsitzende", "Vorsitzender", "Saison", "Jahrgangsstufe", "Spiel",
    "Sieg", "Saisonsieg", "Weltcupsieg", "Titel", "Turnier", "Rennen",
)  # fmt: skip
# Words before a number that make it an ordinal whatever follows ("der 35. Kommandeurstagung").
# "am" is missing because "am 24." often ends a sentence.
_ORDINAL_DETERMINERS: Final = (
    "der", "die", "das", "dem", "den", "des", "Der", "Die", "Das", "im", "Im", "zum", "Zum", "zur",
    "Zur", "vom", "Vom", "beim", "Beim", "ins", "ein", "eine", "einer", "eines", "einem", "einen",
    "seiner", "seinem", "seines", "seinen", "ihrer", "ihrem", "ihres", "ihren", "dessen", "deren",
    "dieser", "diesem", "dieses", "jeder", "jedem", "jedes",
)  # fmt: skip
# Words after which a single capital letter is a label, not an initial ("Gruppe F.").
_LETTER_LABEL_NOUNS: Final = (
    "Gruppe", "Plan", "Vitamin", "Typ", "Klasse", "Kategorie", "Terminal", "Gleis", "Halle",
    "Block", "Tribüne", "Variante", "Option", "Modell", "Buchstabe", "Anlage", "Punkt", "Zone",
)  # fmt: skip
_TOP_LEVEL_DOMAINS: Final = (
    "de", "at", "ch", "com", "org", "net", "eu", "info", "gov", "edu", "int", "io", "fr", "uk", "ru",
    "it", "es", "nl", "pl", "tv", "online", "news",
)  # fmt: skip

_APOSTROPHES: Final = "'’´ʼ"
# Quotation marks and brackets (lagebild.lang.de); "``" and "''" are the quote marks of older corpora
# converted from LaTeX-style text.
_OPENERS: Final = de.TOKENIZER_OPENERS
_CLOSERS: Final = de.TOKENIZER_CLOSERS
_TERMINAL_LAST_CHARS: Final = de.SENTENCE_END_CHARACTERS
_LINE_OPENERS: Final = de.LINE_OPENERS  # never the last token of a sentence
_QUOTE_OPENERS: Final = de.GERMAN_TEXT_OPENING


def _alternation(words: Iterable[str]) -> str:
    """Regex alternation of literal words, longest first so that "Sept" beats "Sep"."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=lambda w: (-len(w), w)))


def _capitalised_variants(words: Iterable[str]) -> list[str]:
    """The words plus sentence-initial capitalised forms of the lowercase ones."""
    result = list(words)
    result += [w[0].upper() + w[1:] for w in words if w[0].islower() and w not in _NOT_CAPITALISED]
    return result


_LETTER: Final = r"[^\W\d_]"
_ALNUM: Final = r"[^\W_]"
_LOWER: Final = "[a-zäöüßàáâãåçèéêëìíîïñòóôõøùúûýÿœ]"
_UPPER: Final = "[A-ZÄÖÜÀ-ÖØ-Þ]"
_HSPACE: Final = r"[^\S\n]"  # whitespace that does not break the line
_URL_END: Final = rf"[^\s.,;:!?{''.join(sorted(de.QUOTE_MARKS))}()\[\]{{}}<>]"  # last character of a URL
_HYPHEN: Final = "[-‐‑]"

_DAY: Final = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NUMBER: Final = r"(?:0?[1-9]|1[0-2])"
_YEAR: Final = r"(?:1[89]|20)\d\d(?!\d)"
_ORDINAL_FOLLOWER: Final = (
    rf"{_HSPACE}+{_MONTH_NUMBER}\.{_HSPACE}*{_YEAR}"  # spaced date "16. 5. 2016"
    rf"|[-‐‑–/]\d{{1,3}}\."  # range "3.-5. Juli", "9./10. Juli"
    rf"|{_HSPACE}*(?:{_alternation(_MONTHS)}|{_alternation(_ORDINAL_HEAD_NOUNS)})(?:e?[sn])?(?!{_ALNUM})"
    rf"|{_HSPACE}*(?:{_alternation(_MONTH_ABBREVIATIONS)})\."
    rf"|{_HSPACE}+{_LOWER}"
)

# One word or number: letters/digits, number separators between digits, an
# apostrophe between letters ("geht's"), and "%" before a hyphen ("5%-Hürde").
_PART: Final = rf"{_ALNUM}+(?:(?<=\d)[.,:]\d+)*(?:[{_APOSTROPHES}]{_ALNUM}+)*(?:(?<=\d)%(?={_HYPHEN}))?"
_COMPOUND: Final = rf"{_PART}(?:(?:{_HYPHEN}/?|/|&){_PART})*"
# Dotted chains (domains, e-mail addresses) are matched with bounded possessive
# quantifiers: an unbounded backtracking scan from every token start would make
# a long run like "ab.ab.ab..." quadratic.
_URL_TAIL: Final = rf"\S{{0,2000}}{_URL_END}"
_DOMAIN_LABEL: Final = r"[A-Za-z0-9][A-Za-z0-9-]{0,62}+(?<!-)"
_IS_AFTER_TLD: Final = "|".join(f"(?<=\\.{tld})" for tld in _TOP_LEVEL_DOMAINS)
_WORD_SUFFIX: Final = (
    # e-mail: the local part before "@" may contain . _ +
    rf"(?:[._+]{_ALNUM}{{1,64}}+){{0,8}}+@{_ALNUM}[\w-]{{0,62}}+(?:\.[\w-]{{1,63}}+){{1,8}}+(?<=[A-Za-z]{{2}})"
    # bare domain with optional path; the last label must be a known TLD
    rf"|(?:\.{_DOMAIN_LABEL}){{1,8}}+(?:{_IS_AFTER_TLD})(?![\w-])(?:/{_URL_TAIL}|/)?"
    # truncated compound: "Ein- und Ausfuhr", "Bundes-, Landes- und ..."
    rf"|{_HYPHEN}(?=,|{_HSPACE}+(?:und|oder|bzw\.|sowie|bis|als|wie|noch|&){_HSPACE})"
    # ordinal at the end of a compound: "die Weltranglisten-20. trifft"
    rf"|(?<=\d)\.(?={_ORDINAL_FOLLOWER})"
)
_GENITIVE_APOSTROPHE: Final = rf"(?<=[sßxzSXZ])[{_APOSTROPHES}](?!{_ALNUM})"

_AFTER_ORDINAL_DETERMINER: Final = "|".join(f"(?<=\\b{word} )" for word in _ORDINAL_DETERMINERS)
_NOT_A_LABEL: Final = "".join(f"(?<!{re.escape(noun)} )" for noun in _LETTER_LABEL_NOUNS)

_TOKEN_PATTERN: Final = "|".join(
    (
        rf"(?:https?://|ftp://|www\.){_URL_TAIL}",
        r"\.{2,}|…",
        rf"(?<![^\n])\d{{1,2}}\.(?={_HSPACE})",  # list marker at the start of a line
        rf"{_DAY}\.{_MONTH_NUMBER}\.(?!\d)",  # "9.7." (a full date is a plain number)
        rf"(?:\d+|(?<!{_ALNUM})[IVX]{{2,}})\.(?={_ORDINAL_FOLLOWER})",
        rf"(?=\d+\.{_HSPACE})(?:{_AFTER_ORDINAL_DETERMINER})\d+\.",
        rf"(?<=\d\.{_HSPACE}){_MONTH_NUMBER}\.(?={_HSPACE}*{_YEAR})",  # the "5." of "16. 5. 2016"
        # abbreviations; the lookahead cheaply rejects words that are not short and dotted
        rf"(?<!{_ALNUM})(?={_LETTER}[^\W\d_.]{{0,7}}\.)"
        rf"(?:(?:{_alternation(_capitalised_variants(_ABBREVIATIONS))})\."
        rf"|(?:{_alternation(_AMBIGUOUS_ABBREVIATIONS)})\.(?!{_HSPACE}*{_UPPER}))"
        rf"(?![\w.+-]{{0,64}}@)(?:{_HYPHEN}{_COMPOUND})?",  # "Nr.-1-Hit"
        # initials and letter-dot chains ("F.", "z.B.", "e.V.", "K.-o.-Phase"), but not "j.doe@x.de"
        rf"(?={_LETTER}\.){_NOT_A_LABEL}(?:{_LETTER}\.){{1,8}}+(?![\w.+-]{{0,64}}@)"
        rf"(?:{_HYPHEN}(?:{_LETTER}\.){{1,8}}+){{0,4}}+(?:{_HYPHEN}{_COMPOUND})?",
        rf"(?<!{_ALNUM})(?:{_alternation(_DOTTED_NAMES)})(?!{_ALNUM})",
        rf"[#@]{_LETTER}\w*",  # hashtag, user handle
        # genitive apostrophe only on capitalised words: "Lawrows'" but 'alles'
        rf"(?={_UPPER}){_COMPOUND}(?:{_WORD_SUFFIX}|{_GENITIVE_APOSTROPHE})?",
        rf"{_COMPOUND}(?:{_WORD_SUFFIX})?",
        r"[!?]+|-{2,}|``|''",
        r"\S",
    )
)
_TOKEN_RE: Final = re.compile(_TOKEN_PATTERN)
_DATE_TOKEN_RE: Final = re.compile(r"\d{1,2}\.\d{1,2}\.")
_NEWLINE_RE: Final = re.compile(r"\n")


def tokenize(text: str) -> list[Span]:
    """Token spans ``(start, end)`` of ``text`` in order; whitespace is never a token."""
    return [match.span() for match in _TOKEN_RE.finditer(text)]


def _is_terminal(text: str, tokens: list[Span], index: int) -> bool:
    """Whether token ``index`` (which ends in . ! ? or …) can end a sentence."""
    start, end = tokens[index]
    token = text[start:end]
    if token == ".":
        return True
    if token[0] in ".!?…" and token.strip(".!?…") == "":
        # "(!)", "[...]": punctuation right after an opening bracket is a comment.
        if index > 0:
            previous_start, previous_end = tokens[index - 1]
            if previous_end == start and text[previous_start] in "([":
                return False
        return True
    return token in _SENTENCE_FINAL_ABBREVIATIONS or _DATE_TOKEN_RE.fullmatch(token) is not None


def _starts_sentence(text: str, span: Span) -> bool:
    """Whether a token after final punctuation looks like the start of a sentence."""
    start, end = span
    first = text[start]
    if first in _QUOTE_OPENERS and text[end:end + 1].islower():
        return False  # a quotation continuing the sentence ("Benedikt XVI. „ist und bleibt …“")
    if first.isupper() or first.isdigit() or first in _OPENERS:
        return True
    # "iPhone", "eBay": lowercase first letter, but a capital inside.
    token = text[start:end]
    return first.isalpha() and "." not in token and not token.islower()


def split_sentences(text: str, tokens: list[Span]) -> list[Span]:
    """Sentence spans from the first token's start to the last token's end.

    ``tokens`` must be the output of :func:`tokenize` for ``text``.
    """
    if not tokens:
        return []
    count = len(tokens)
    ends_sentence = bytearray(count)
    ends_sentence[-1] = 1

    # Every line break ends a sentence: mark the last token before it.  Not after an opening quote or
    # bracket ("erhalten. „\nAber …"): the mark opens the next line's sentence and must stay with it;
    # nor a single line break before a lower-case word ("… sagte der\nMinister" is wrapped text).
    starts = [start for start, _ in tokens]
    for match in _NEWLINE_RE.finditer(text):
        before = bisect_left(starts, match.start()) - 1
        if before < 0 or text[tokens[before][0]:tokens[before][1]] in _LINE_OPENERS:
            continue
        after = before + 1
        if after < count and text[tokens[after][0]].islower() and text.count("\n", tokens[before][1],
                                                                            tokens[after][0]) == 1:
            continue
        ends_sentence[before] = 1

    for index, (_, end) in enumerate(tokens):
        if text[end - 1] not in _TERMINAL_LAST_CHARS or not _is_terminal(text, tokens, index):
            continue
        # Closing quotes and brackets glued to the punctuation belong to this sentence.
        last = index
        while last + 1 < count and tokens[last + 1][0] == tokens[last][1] and text[tokens[last + 1][0]] in _CLOSERS:
            last += 1
        if last + 1 < count and _starts_sentence(text, tokens[last + 1]):
            ends_sentence[last] = 1

    _closing_marks_back(text, tokens, ends_sentence)

    sentences: list[Span] = []
    first = 0
    for index in range(count):
        if ends_sentence[index]:
            sentences.append((tokens[first][0], tokens[index][1]))
            first = index + 1
    return sentences


def _closing_marks_back(text: str, tokens: list[Span], ends_sentence: bytearray) -> None:
    """A closing mark set off by spaces after the final punctuation ("… gestellt werden. “ Christel …")
    closes this sentence's quotation: the next sentence would open with it and lose its subject.  "“Wort"
    (glued to the next word) opens a quotation, English style, and stays."""
    for index in range(len(tokens) - 2):
        if not ends_sentence[index] or ends_sentence[index + 1]:
            continue  # no sentence end here, or the mark would be a sentence of its own
        (start, end), (mark_start, mark_end) = tokens[index], tokens[index + 1]
        if text[start:end] not in de.SENTENCE_END or text[mark_start:mark_end] not in de.GERMAN_CLOSING:
            continue
        if text[mark_end:tokens[index + 2][0]].isspace():
            ends_sentence[index], ends_sentence[index + 1] = 0, 1
