"""Clean raw scraped article text into the text every later step annotates.

:func:`clean_text` normalises characters, removes boilerplate (source lines,
bylines, datelines, share widgets, related-links trailers), rejoins hard-wrapped
lines into paragraphs and repairs a missing space after a sentence end.  It
keeps provenance: ``CleanResult.offsets`` maps every clean character back to the
raw input and ``CleanResult.removed`` lists every removed piece with its raw
span, raw text and a reason.

Character normalisation (each clean character maps to the raw one it replaces):

- ``\\r\\n``, ``\\r``, U+2028, U+2029 are line breaks (the ``\\r`` of ``\\r\\n`` is dropped).
- Tab, VT, FF, NBSP, U+1680, U+2000..U+200A, U+202F, U+205F, U+3000 -> ``" "``; a run
  of spaces becomes one space; line ends are stripped.
- Dropped: soft hyphen U+00AD (at a line end it still joins the lines without a
  space), U+180E, U+200B..U+200D, U+2060, U+FEFF (BOM), other control characters.
- U+2010, U+2011, U+FF0D -> ``-``; U+2012..U+2015 -> ``–`` (en dash); U+2212 -> ``–``
  only between spaces (elsewhere it is a minus sign).
- Quotation-mark look-alikes: ‟ U+201F and 〝 -> “; 〞 -> ”; 〟 -> „; ‛ -> ‘;
  ″ U+2033 and ＂ -> ``"``; ＇ and ´ U+00B4 -> ``'`` ("gibt´s" -> "gibt's").
- A letter with combining marks -> its NFC composition when that is one character.

German quotation marks „…“ ‚…‘ »…« «…» "…" and ’ stay as they are: quote
detection relies on them.  Structural characters: a line break inside a
paragraph becomes one space (mapped to the raw line break); paragraphs are
separated by ``"\\n\\n"`` (the first maps to the raw line break, the second to
the break of a blank line after it, else it is inserted: ``-1``); a repaired
sentence space ("übertroffen.Es") is inserted.

Removal reasons (:data:`REMOVAL_REASONS`): ``source-line`` ("Quelle: Reuters",
"(dpa)"), ``dateline`` ("Berlin (dpa) - "), ``photo-credit`` ("Foto: …"),
``byline`` ("Von Max Mustermann"), ``timestamp`` ("Stand: …"), ``trailer``
(share/comment/related-links lines after the article, and everything after a
"Mehr zum Thema" / "Lesen Sie auch" / "Kommentare" marker) and ``widget`` (a
share/comment line standing alone inside the article).

Known limits: a two-line block "Heading\\nShort paragraph." can be joined; in hard-wrapped
text without blank lines a paragraph whose last line is nearly full runs into the next one;
"All-\\nin" loses its hyphen (a lowercase right side reads as a syllable break).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import groupby, islice, pairwise

from .lang.de import CLOSING_QUOTES
from .model import Removal
from .offsets import OffsetMap

__all__ = ["REMOVAL_REASONS", "CleanResult", "clean_text"]


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


REMOVAL_REASONS = _word_set("source-line dateline photo-credit byline timestamp trailer widget")


# --- character normalisation -------------------------------------------------------------------
_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029]")
_SPACES = "\t\x0b\x0c \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u00ad\u180e\u200b-\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f-\x9f"  # incl. control chars
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_CHAR_MAP = {
    "\u2010": "-", "\u2011": "-", "\uff0d": "-",
    "\u2012": "–", "\u2013": "–", "\u2014": "–", "\u2015": "–",
    "\u201f": "“", "\u301d": "“", "\u301e": "”", "\u301f": "„", "\u201b": "‘",
    "\u2033": '"', "\uff02": '"', "\uff07": "'", "\u00b4": "'",
}  # fmt: skip
# Everything a line needs more than a plain copy for; lines without a match are copied in bulk.
_SPECIAL = re.compile(
    r"(?P<combining>[^\s][\u0300-\u036f]+)"
    rf"|(?P<space>[{_SPACES}{_INVISIBLE}]{{2,}}|[{_SPACES.replace(' ', '')}{_INVISIBLE}])"  # not a lone " "
    rf"|(?P<mapped>[{''.join(_CHAR_MAP)}])"
    r"|(?P<minus>\u2212)"
)

# --- boilerplate -------------------------------------------------------------------------------
_MAX_BOILERPLATE_LEN = 60  # boilerplate lines are short; longer lines are article text
_HEADER_LINES = 4  # non-empty lines at the top that may be source/photo/byline/timestamp lines
_MIN_TEXT_BEFORE_CUT = 120  # more than a title: a marker right below the title is a heading
_SOURCE_LINE = re.compile(r"\(?Quellen?\s*:\s*(?P<value>.*?[^\s.])\.?\)?", re.IGNORECASE)
_AGENCY_LINE = re.compile(r"\((?P<value>[^()]{2,30})\)\.?")
_PHOTO_LINE = re.compile(
    r"\(?(?:Fotos?|Bild(?:er)?|Bildquelle|Bildrechte|Titelbild|Titelfoto|Foto/Video)\s*:\s*"
    r"(?P<value>[^()]*[^()\s])\)?",
    re.IGNORECASE,
)
_CAPITALISED = r"[A-ZÄÖÜ][\w'’.\-]*"
_NAME_PARTICLE = r"(?:und|von|van|der|den|de|du|zu|da|di|la|le|del|ten|ter|al|bin)"
_BYLINE = re.compile(
    rf"(?:[Vv]on|Autor(?:in)?:|Text:)\s+(?P<value>{_CAPITALISED}(?:(?:\s+|,\s*)(?:{_CAPITALISED}|{_NAME_PARTICLE}))*)"
)
_TIMESTAMP = re.compile(
    r"(?P<label>Stand|(?:Zuletzt\s+)?Aktualisiert|Veröffentlicht|Erstellt)(?:\s+am)?\s*:?\s*"
    r"(?P<value>[^\s:].*\d.*)",
    re.IGNORECASE,
)
_MONTH = r"(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)"
_BARE_DATE = re.compile(
    rf"(?P<value>\d{{1,2}}\.\s?(?:\d{{1,2}}\.|{_MONTH})\s?\d{{2,4}}"
    r"(?:,?\s*(?:um\s*)?\d{1,2}[:.]\d{2}(?:\s*Uhr)?)?)"
)
_KNOWN_AGENCIES = _word_set(
    "dpa afp ap reuters kna epd dts sid apa sda ats ddp dapd rtr ots red afx dpa-afx awp idea bloomberg "
    "xinhua interfax tass ria ansa efe belga anp kyodo yonhap upi"
)
# Capitals in parentheses that are not agencies: "Merkel (CDU) - ..." is no dateline.
_NOT_AGENCIES = _word_set("CDU CSU SPD FDP BSW NPD ÖVP SPÖ FPÖ SVP EU UN UNO USA NATO")
_AGENCY_SPLIT = re.compile(r"\s*(?:/|,|\+|&|\bund\b)\s*")
_DATELINE = re.compile(
    rf"(?:(?P<place>{_CAPITALISED}(?:(?:\s+|/)(?:{_CAPITALISED}|am|an|de|del|der|im|la|el)){{0,3}})"
    r"(?:,\s*[^(),]{1,25}?)?\s*)?"  # optional date: "Berlin, 9. Juli (dpa)"
    r"\((?P<agency>[^()]{2,30})\)\s*(?P<dash>[-–:]\s*)?"
)
_CUT_MARKER = re.compile(
    r"(?:mehr zum thema|lesen sie auch|das könnte sie auch interessieren"
    r"|(?:\d+\s+)?kommentare(?:\s*\(\d+\))?|\d+\s+kommentar)\s*:?",
    re.IGNORECASE,
)
_SHARE_TARGET = (
    r"(?:facebook|twitter|whatsapp|e-?mail|mail|telegram|linkedin|xing|pinterest|messenger|flipboard"
    r"|pocket|reddit|threads|bluesky|mastodon|x|teilen|drucken|link kopieren)"
)
_WIDGET = re.compile(
    r"(?:(?:jetzt|artikel|beitrag|seite|diesen artikel|diesen beitrag)\s+)?"
    r"(?:teilen|kommentieren|drucken|versenden|merken|vorlesen|anhören)"
    rf"|link kopieren|anzeige|{_SHARE_TARGET}(?:[\s,|/·•]+{_SHARE_TARGET})+",
    re.IGNORECASE,
)
_TRAILER = re.compile(
    rf"{_SHARE_TARGET}"
    r"|kommentare? (?:schreiben|anzeigen|lesen|verfassen)|zur startseite|zurück(?: zur übersicht)?"
    r"|nach oben|fehler melden|feedback|(?:©|\(c\)|copyright\b).*|alle rechte vorbehalten.*|newsletter\b.*"
    r"|(?:mehr zum thema|lesen sie auch|mehr dazu|auch interessant|weitere artikel|themen"
    r"|schlagw[oö]rter|schlagworte|tags)\s*:.*",
    re.IGNORECASE,
)

# --- paragraphs --------------------------------------------------------------------------------
_WRAP_MAX = 100  # longer lines are whole paragraphs, never hard-wrap lines
_MIN_WRAP_WIDTH = 30  # narrower blocks are lists or headings, not wrapped prose
_FILL_RATIO = 0.5  # a wrapped line fills at least this much of the block's width
_SENTENCE_END = re.compile(rf"[.!?:…][{''.join(sorted(CLOSING_QUOTES))})\]]*$")  # closing marks may follow
_WORD_HYPHEN_END = re.compile(r"[^\W_]-$")
_BULLET = re.compile(r"[•*·▪►]\s")
# A dash or number opens a list item only after a colon or another item; elsewhere it is a dash
# or an ordinal that a wrap moved to the line start ("am\n9. Juli").
_LIST_ITEM = re.compile(r"(?:[-–]|\d{1,2}[.)])\s")
# "Ost-\nund Westdeutschland": the hyphen is a suspended compound, keep it and the space.
_COORDINATORS = _word_set("und oder bzw sowie als bis wie noch beziehungsweise respektive sondern")

# --- missing space after a sentence end ---------------------------------------------------------
# The lookbehind starts matches at word starts only, which keeps the scan linear.
_MISSING_SPACE = re.compile(r"(?<![^\W\d_])([^\W\d_]{3,})[.!?](?=[^\W\d_]{2})")
_URL_LIKE = re.compile(
    r"@|://|^www\.|\.(?:de|com|org|net|eu|at|ch|info|gov|io|html?|php|aspx?|pdf|jpe?g|png|gif|docx?"
    r"|xlsx?|txt|csv|zip)\b",
    re.IGNORECASE,
)
_ABBREVIATIONS = _word_set(
    "abb abs abzgl adm allg anh anm apr art aufl aug ausg bearb bspw bzgl bzw ca chr co corp dez dipl dr "
    "dt ebd ehem einschl engl etc evtl exkl feb fr gebr gegr gem gen gest ggf hbf hptm hr hrsg inc inkl "
    "ing insb jan jhd jhdt jr jul jun jur kap kfz lfd ltd max med min mio mrd mrs mär nachm nat nov nr "
    "okt orig phil pkt pol prof rer sen sep sept sog soz std stellv str stv tel tsd urspr usf usw uvm "
    "vgl vorm vors zit zzgl zzt"
)


@dataclass
class CleanResult:
    """Clean text, its map back to the raw input and what cleaning found and removed.

    ``metadata`` keys: ``photo_credit``, ``author``, ``stand``, ``updated``, ``published``,
    ``date`` (a bare date line on top) and ``dateline_place``.
    """

    text: str
    offsets: OffsetMap
    removed: list[Removal] = field(default_factory=list)
    claimed_source: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class _Line:
    text: str  # normalised, stripped
    sources: list[int]  # raw index of each character of ``text``
    raw_end: int  # raw end of the line's content (trailing whitespace excluded)
    break_index: int  # raw index of the line break after the line, -1 for the last line
    soft_hyphen_end: bool  # the raw line ended in a soft hyphen: a word continues
    removed: bool = False
    blank_line_break: int = -1  # raw line break of a blank line right after this one, else -1

    @property
    def raw_start(self) -> int:
        return self.sources[0]


@dataclass
class _Findings:
    raw: str
    removed: list[Removal] = field(default_factory=list)
    claimed_source: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    def remove(self, start: int, end: int, reason: str) -> None:
        self.removed.append(Removal(start, end, self.raw[start:end], reason))

    def remove_line(self, line: _Line, reason: str) -> None:
        self.remove(line.raw_start, line.raw_end, reason)
        line.removed = True

    def record(self, key: str, value: str) -> None:
        """Keep the first value found for a key: the header outranks later evidence."""
        if key == "claimed_source":
            self.claimed_source = self.claimed_source or value
        else:
            self.metadata.setdefault(key, value)


def clean_text(raw: str) -> CleanResult:
    """Clean ``raw`` (see the module docstring); linear in the input length."""
    findings = _Findings(raw)
    lines = _split_lines(raw)
    _strip_header(lines, findings)
    _strip_trailer(lines, findings)
    for line in lines:
        if _is_kept(line) and _is_short(line.text) and _WIDGET.fullmatch(line.text):
            findings.remove_line(line, "widget")
    _strip_dateline(lines, findings)
    text, sources = _assemble(_paragraphs(lines))
    text, sources = _repair_missing_spaces(text, sources)
    findings.removed.sort(key=lambda removal: removal.start)
    return CleanResult(
        text=text,
        offsets=OffsetMap.from_sources(sources, len(raw)),
        removed=findings.removed,
        claimed_source=findings.claimed_source,
        metadata=findings.metadata,
    )


def _split_lines(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    start = 0
    for match in _LINE_BREAK.finditer(raw):
        lines.append(_normalise_line(raw, start, match.start(), match.end() - 1))
        start = match.end()
    lines.append(_normalise_line(raw, start, len(raw), -1))
    for line, following in pairwise(lines):
        if not following.text:
            line.blank_line_break = following.break_index
    return lines


def _normalise_line(raw: str, start: int, end: int, break_index: int) -> _Line:
    line = raw[start:end]
    pieces: list[str] = []
    sources: list[int] = []
    pos = 0
    for match in _SPECIAL.finditer(line):
        m_start, m_end = match.span()
        pieces.append(line[pos:m_start])
        sources.extend(range(start + pos, start + m_start))
        found = match.group()
        kind = match.lastgroup
        if kind == "space":
            visible = _INVISIBLE_RE.sub("", found)
            if visible:  # a run of only invisible characters vanishes, e.g. "Zusam\u00admenarbeit"
                pieces.append(" ")
                sources.append(start + m_start + found.index(visible[0]))
        elif kind == "mapped":
            pieces.append(_CHAR_MAP[found])
            sources.append(start + m_start)
        elif kind == "minus":  # a dash between spaces, else a minus sign: "3 − 2" but "−5 Grad"
            dash = line[m_start - 1 : m_start].isspace() and line[m_end : m_end + 1].isspace()
            pieces.append("–" if dash else found)
            sources.append(start + m_start)
        elif kind == "combining":
            composed = unicodedata.normalize("NFC", found)
            if len(composed) == 1:
                pieces.append(composed)
                sources.append(start + m_start)
            else:
                pieces.append(found)
                sources.extend(range(start + m_start, start + m_end))
        pos = m_end
    pieces.append(line[pos:])
    sources.extend(range(start + pos, end))
    text = "".join(pieces)
    if text.startswith(" "):
        text, sources = text[1:], sources[1:]
    if text.endswith(" "):
        text, sources = text[:-1], sources[:-1]
    # The content ends after the last kept character plus any dropped invisible characters.
    raw_end = sources[-1] + len(raw[sources[-1] : end].rstrip()) if sources else start
    return _Line(text, sources, raw_end, break_index, soft_hyphen_end=line.rstrip().endswith("\u00ad"))


def _is_short(text: str) -> bool:
    return len(text) <= _MAX_BOILERPLATE_LEN


def _is_agency(value: str, *, known_only: bool) -> bool:
    """Whether ``value`` ("dpa", "dpa/AFP", "Reuters", "dpa/jk") names news agencies.

    The first part must be a known agency or (unless ``known_only``) an acronym
    that is not a party or state; later parts may also be author initials.
    """
    parts = [part for part in _AGENCY_SPLIT.split(value.strip()) if part]
    if not parts:
        return False
    for n, part in enumerate(parts):
        known = part.lower() in _KNOWN_AGENCIES
        acronym = part.isupper() and 2 <= len(part) <= 5 and part not in _NOT_AGENCIES
        initials = n > 0 and part.islower() and part.isalpha() and len(part) <= 3
        if not (known or (acronym and not known_only) or initials):
            return False
    return True


def _match_header(text: str) -> tuple[str, str, str] | None:
    """(reason, metadata key, value) of a header boilerplate line, or None."""
    if match := _SOURCE_LINE.fullmatch(text):
        return "source-line", "claimed_source", match["value"]
    if (match := _AGENCY_LINE.fullmatch(text)) and _is_agency(match["value"], known_only=False):
        return "source-line", "claimed_source", match["value"].strip()
    if match := _PHOTO_LINE.fullmatch(text):
        return "photo-credit", "photo_credit", match["value"]
    if match := _BYLINE.fullmatch(text):
        return "byline", "author", match["value"]
    if match := _TIMESTAMP.fullmatch(text):
        label = match["label"].lower()
        key = "stand" if label == "stand" else "updated" if "aktualisiert" in label else "published"
        return "timestamp", key, match["value"]
    if match := _BARE_DATE.fullmatch(text):
        return "timestamp", "date", match["value"]
    return None


def _strip_header(lines: list[_Line], findings: _Findings) -> None:
    seen = 0
    for line in lines:
        if not line.text:
            continue
        if seen == _HEADER_LINES or not _is_short(line.text):
            return  # the article has begun
        seen += 1
        if header := _match_header(line.text):
            reason, key, value = header
            findings.remove_line(line, reason)
            findings.record(key, value)


def _strip_trailer(lines: list[_Line], findings: _Findings) -> None:
    body = [line for line in lines if _is_kept(line)]
    text_before = 0
    for n, line in enumerate(body):  # related links or comments follow the marker
        if text_before >= _MIN_TEXT_BEFORE_CUT and _is_short(line.text) and _CUT_MARKER.fullmatch(line.text):
            findings.remove(line.raw_start, body[-1].raw_end, "trailer")
            for cut in body[n:]:
                cut.removed = True
            body = body[:n]
            break
        text_before += len(line.text)
    for line in reversed(body):  # the trailer region: short boilerplate after the last paragraph
        if not _is_short(line.text):
            return
        header = _match_header(line.text)
        if header and header[0] in ("source-line", "photo-credit"):  # some sites credit at the end
            findings.remove_line(line, header[0])
            findings.record(header[1], header[2])
        elif any(pattern.fullmatch(line.text) for pattern in (_TRAILER, _WIDGET, _CUT_MARKER)):
            findings.remove_line(line, "trailer")
        else:
            return


def _strip_dateline(lines: list[_Line], findings: _Findings) -> None:
    """Strip "Berlin (dpa) - " from the first paragraph (looking past a title line)."""
    for line in islice(filter(_is_kept, lines), 2):
        match = _DATELINE.match(line.text)
        if match and match.end() < len(line.text):
            agency = match["agency"].strip()
            if _is_agency(agency, known_only=not match["dash"]):
                cut = match.end()
                findings.remove(line.sources[0], line.sources[cut - 1] + 1, "dateline")
                line.text, line.sources = line.text[cut:], line.sources[cut:]
                findings.record("claimed_source", agency)
                if place := match["place"]:
                    shouted = place.isupper() and len(place) > 3  # "HAMBURG" -> "Hamburg", but "USA"
                    findings.record("dateline_place", place.title() if shouted else place)
                return
        if len(line.text) > _WRAP_MAX or _SENTENCE_END.search(line.text):
            return  # not a title: the first paragraph had no dateline


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Group kept lines into paragraphs; blank and removed lines always separate them."""
    blocks = [list(group) for kept, group in groupby(lines, key=_is_kept) if kept]
    widths = [
        max((len(line.text) for line in block if len(line.text) <= _WRAP_MAX), default=0) for block in blocks
    ]
    # Is the text hard-wrapped at all?  Where full lines mostly end mid-sentence, yes; where they mostly
    # end sentences, the lines are short one-line paragraphs ("Er kam.\nSie ging.") and stay apart.
    full_wrap_lines = [
        cur
        for block, width in zip(blocks, widths, strict=True)
        for cur, nxt in pairwise(block)
        if len(cur.text) <= _WRAP_MAX and len(nxt.text) <= _WRAP_MAX and _is_full(cur, width)
    ]
    mid_sentence = sum(not _ends_sentence(line) for line in full_wrap_lines)
    hard_wrapped = mid_sentence > len(full_wrap_lines) - mid_sentence
    paragraphs: list[list[_Line]] = []
    for block, width in zip(blocks, widths, strict=True):
        paragraphs.append([block[0]])
        for cur, nxt in pairwise(block):
            if _continues(cur, nxt, width, hard_wrapped=hard_wrapped):
                paragraphs[-1].append(nxt)
            else:
                paragraphs.append([nxt])
    return paragraphs


def _is_kept(line: _Line) -> bool:
    return bool(line.text) and not line.removed


def _ends_sentence(line: _Line) -> bool:
    return _SENTENCE_END.search(line.text) is not None


def _is_full(line: _Line, width: int) -> bool:
    return len(line.text) >= _FILL_RATIO * width


def _continues(cur: _Line, nxt: _Line, width: int, *, hard_wrapped: bool) -> bool:
    """Whether ``nxt`` continues the paragraph of ``cur`` (i.e. ``cur`` was hard-wrapped)."""
    if _BULLET.match(nxt.text):
        return False
    if _LIST_ITEM.match(nxt.text) and (cur.text.endswith(":") or _LIST_ITEM.match(cur.text)):
        return False
    if cur.soft_hyphen_end or _WORD_HYPHEN_END.search(cur.text):
        return True  # "Zusam-" cannot end a paragraph
    ends_sentence = _ends_sentence(cur)
    if nxt.text[0].islower() and not ends_sentence:
        return True  # German sentences and paragraphs do not start lowercase
    if len(cur.text) > _WRAP_MAX or len(nxt.text) > _WRAP_MAX or width < _MIN_WRAP_WIDTH:
        return False
    # A wrapper breaks a line early only when the next word does not fit ("auf den\nChampions-League-…").
    next_word_fits = len(cur.text) + 1 + len(nxt.text.split(" ", 1)[0]) <= width
    if not _is_full(cur, width):
        return hard_wrapped and not next_word_fits  # else a short line: a heading or a paragraph end
    if not ends_sentence:
        return True
    # A sentence ends mid-paragraph only in wrapped text and when the next word would not have fit.
    return hard_wrapped and not next_word_fits


def _assemble(paragraphs: list[list[_Line]]) -> tuple[str, list[int]]:
    pieces: list[str] = []
    sources: list[int] = []
    for n, paragraph in enumerate(paragraphs):
        if n:
            pieces.append("\n\n")
            previous = paragraphs[n - 1][-1]
            sources.extend((previous.break_index, previous.blank_line_break))
        for cur, nxt in zip(paragraph, [*paragraph[1:], None], strict=True):
            text, line_sources = cur.text, cur.sources
            if nxt is None or cur.soft_hyphen_end:
                glue = ""
            elif _WORD_HYPHEN_END.search(text):
                first_word = nxt.text.split(" ", 1)[0].rstrip(".,;")
                if first_word in _COORDINATORS:
                    glue = " "
                else:  # "Zusam-\nmenarbeit" -> "Zusammenarbeit", "G20-\nGipfel" -> "G20-Gipfel"
                    glue = ""
                    # After a capital or digit the hyphen belongs to the word: "US-\namerikanisch".
                    if nxt.text[0].islower() and text[-2].islower():
                        text, line_sources = text[:-1], line_sources[:-1]
            else:
                glue = " "
            pieces.append(text)
            sources.extend(line_sources)
            if glue:
                pieces.append(glue)
                sources.append(cur.break_index)
    return "".join(pieces), sources


def _repair_missing_spaces(text: str, sources: list[int]) -> tuple[str, list[int]]:
    """Insert the space in "übertroffen.Es"; leave z.B., 9.Juli, 3.5, www.Spiegel.de alone."""
    inserts: list[int] = []
    for match in _MISSING_SPACE.finditer(text):
        word, after = match[1], match.end()
        before = text[match.start() - 1] if match.start() else " "
        if before in ".@/:_\\" or before.isdigit():
            continue  # part of a domain, address or path
        # A lowercase tail rules out acronyms ("USA.Die") and brand names ("iPhone.App").
        if not (word[1:].islower() and text[after].isupper() and text[after + 1].islower()):
            continue
        if word.lower() in _ABBREVIATIONS or word.endswith("str"):  # "Hauptstr.Nord" is a street
            continue
        # The whitespace-delimited token around the match, within a window to stay linear.
        token = text[max(0, match.start() - 80) : after].split()[-1] + text[after : after + 80].split()[0]
        if _URL_LIKE.search(token):
            continue
        inserts.append(after)
    if not inserts:
        return text, sources
    pieces: list[str] = []
    new_sources: list[int] = []
    previous = 0
    for position in inserts:
        pieces.extend((text[previous:position], " "))
        new_sources.extend(sources[previous:position])
        new_sources.append(-1)
        previous = position
    pieces.append(text[previous:])
    new_sources.extend(sources[previous:])
    return "".join(pieces), new_sources
