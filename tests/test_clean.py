"""Tests for :mod:`lagebild.clean`: normalisation, boilerplate, hard wraps, provenance."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest

from lagebild.clean import REMOVAL_REASONS, CleanResult, clean_text

# The seed article, verbatim (no trailing newline): a hard-wrapped first paragraph,
# one-line paragraphs after it, a heading, a source line on top and a trailer.
SEED_LINES = (
    "Quelle: Reuters",
    "Bei ihrem ersten direkten Treffen im Rahmen des",
    "G20-Gipfels in Hamburg unterhielten sich der russische und der",
    "US-Präsident über internationale Krisenherde und Möglichkeiten der",
    "Zusammenarbeit. In einer kleinen Runde mit ihren Außenministern",
    "vereinbarten sie eine Waffenruhe für Syrien, die am kommenden Sonntag in",
    "Kraft treten und von allen Konfliktparteien eingehalten werden soll.",
    "Außerdem ging es um bilaterale Zusammenarbeit im Bereich der",
    "Cybersicherheit.",
    "Während westliche Medien den Fokus vor allem auf die andauernden Gerüchte der "
    "Wahlmanipulation gelegt hatten, wurde mittlerweile bekannt, dass sich die beiden Länder "
    "auf eine Waffenruhe für den Südwesten Syriens geeinigt haben. Diese soll am 9. Juli ab "
    "12 Uhr Ortszeit Damaskus in Kraft treten.",
    "Der russische Außenminister Sergej Lawrow erklärte zudem, dass der russische Präsident "
    "Wladimir Putin und der US-Präsident Donald Trump vereinbart hätten, eine bilaterale "
    "Arbeitsgruppe für Cyber-Sicherheit zu gründen.",
    "„Aus offensichtlichen Gründen“ würde dem Thema Cybersicherheit viel Aufmerksamkeit "
    "gezollte, so Lawrow. Die Präsidenten waren sich einig, dass dies ein zunehmend riskanter "
    "Bereich ist, in dem man zusammenarbeiten wolle.",
    "Es gehe um Sicherheitsrisiken in den Bereichen Terrorismus und des organisierten "
    "Verbrechens, sowie um weitere Bedrohungen für das normale Funktionieren der "
    "Gesellschaften, Kriminalität wie Kinderpornografie und Pädophilie und die sogenannten "
    "Selbstmordnetze.",
    "Ergebnisse des Treffens ein Durchbruch",
    "Weiterhin ging es um Krisenherde in der Ukraine, in Nord-Korea und weitere Themen, zu "
    "denen man Übereinstimmungen gefunden habe. Konstantin Kossatschow Vorsitzender des "
    "Auswärtigen Ausschusses des Föderationsrat sagte der Agentur Interfax",
    "Die Ergebnisse des Treffens haben meine Erwartungen übertroffen.Es habe viele "
    "Annäherungspunkte gegeben bei Fragen zu Syrien, der Ukraine und anderen in den "
    "bilateralen Beziehungen.",
    'Auf gewisse Weise ist das ein Durchbruch", sagte der Senator.',
    "Kommentare",
)

SEED = "\n".join(SEED_LINES)
SEED_FILE = Path(__file__).resolve().parent.parent / "examples" / "000_95917e8755466fef.txt"

# Documented one-for-one character replacements (raw -> clean), see the clean module docstring.
NORMALISED = {
    "\u2010": "-", "\u2011": "-", "\uff0d": "-",
    "\u2012": "–", "\u2013": "–", "\u2014": "–", "\u2015": "–", "\u2212": "–",
    "\u201f": "“", "\u301d": "“", "\u301e": "”", "\u301f": "„", "\u201b": "‘",
    "\u2033": '"', "\uff02": '"', "\uff07": "'", "\u00b4": "'",
}  # fmt: skip
DROPPED = set("\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff")
LINE_BREAKS = set("\n\r\u2028\u2029")
# A de-hyphenated line end: the hyphen, then only spaces or dropped characters before the line break.
DEHYPHENATED = re.compile(
    r"-(?:[^\S\r\n\u2028\u2029]|[\u00ad\u180e\u200b-\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f-\x9f])*"
    r"[\r\n\u2028\u2029]"
)


def paragraphs(result: CleanResult) -> list[str]:
    return result.text.split("\n\n") if result.text else []


def copied_pairs(result: CleanResult) -> list[tuple[int, int]]:
    """(clean index, raw index) of every clean character copied from the raw text."""
    offsets = result.offsets
    return [
        (clean + k, raw + k)
        for clean, raw, length in zip(offsets.clean_starts, offsets.raw_starts, offsets.lengths, strict=True)
        for k in range(length)
    ]


def same_character(raw: str, raw_index: int, clean_char: str) -> bool:
    """Whether ``clean_char`` is ``raw[raw_index]`` modulo the documented normalisations."""
    raw_char = raw[raw_index]
    if raw_char == clean_char or NORMALISED.get(raw_char) == clean_char:
        return True
    if clean_char == " ":
        return raw_char.isspace()
    if clean_char == "\n":
        return raw_char in LINE_BREAKS
    end = raw_index + 1  # NFC composition of a base letter and its combining marks
    while end < len(raw) and unicodedata.combining(raw[end]):
        end += 1
    return unicodedata.normalize("NFC", raw[raw_index:end]) == clean_char


def assert_provenance(raw: str, result: CleanResult) -> None:
    """Every clean character maps back to raw; every removal is exact; nothing is lost silently."""
    text, offsets = result.text, result.offsets
    assert offsets.clean_length == len(text)
    assert offsets.raw_length == len(raw)
    pairs = copied_pairs(result)
    raw_positions = [raw_index for _, raw_index in pairs]
    assert raw_positions == sorted(set(raw_positions)), "copied characters keep their raw order"
    for clean_index, raw_index in pairs:
        assert offsets.to_raw(clean_index) == raw_index
        assert same_character(raw, raw_index, text[clean_index]), (clean_index, text[clean_index])
    copied_clean = {clean_index for clean_index, _ in pairs}
    inserted = {text[i] for i in range(len(text)) if i not in copied_clean}
    assert inserted <= {" ", "\n"}, "only paragraph breaks and repaired spaces are inserted"

    removed_raw: set[int] = set()
    previous_end = 0
    for removal in result.removed:
        assert removal.reason in REMOVAL_REASONS
        assert 0 <= removal.start < removal.end <= len(raw)
        assert raw[removal.start : removal.end] == removal.text
        assert removal.start >= previous_end, "removals are sorted and disjoint"
        previous_end = removal.end
        removed_raw.update(range(removal.start, removal.end))
    copied_raw = set(raw_positions)
    assert not copied_raw & removed_raw, "a removed character is not also in the clean text"
    for i, char in enumerate(raw):
        if char.isspace() or i in copied_raw or i in removed_raw:
            continue
        documented_drop = (
            char in DROPPED
            or unicodedata.combining(char) > 0
            or unicodedata.category(char) == "Cc"
            or DEHYPHENATED.match(raw, i) is not None
        )
        assert documented_drop, f"raw character {char!r} at {i} vanished without a trace"


def clean(raw: str) -> CleanResult:
    """Clean ``raw`` and check the provenance invariants on the way."""
    result = clean_text(raw)
    assert_provenance(raw, result)
    return result


def wrapped(*lines: str) -> str:
    return "\n".join(lines)


# --- the seed article -----------------------------------------------------------------------------


@pytest.mark.skipif(not SEED_FILE.exists(), reason="examples/ seed file not available")
def test_embedded_seed_matches_the_seed_file() -> None:
    assert SEED_FILE.read_text(encoding="utf-8") == SEED


def test_seed_claimed_source_and_removals() -> None:
    result = clean(SEED)
    assert result.claimed_source == "Reuters"
    assert "Quelle: Reuters" not in result.text
    assert "Kommentare" not in result.text
    assert [(r.text, r.reason) for r in result.removed] == [
        ("Quelle: Reuters", "source-line"),
        ("Kommentare", "trailer"),
    ]
    assert result.removed[-1].end == len(SEED)


def test_seed_wrapped_first_paragraph_is_one_paragraph() -> None:
    first = paragraphs(clean(SEED))[0]
    assert first.startswith("Bei ihrem ersten direkten Treffen im Rahmen des G20-Gipfels in Hamburg")
    assert first.endswith("Außerdem ging es um bilaterale Zusammenarbeit im Bereich der Cybersicherheit.")
    assert "\n" not in first
    assert "Möglichkeiten der Zusammenarbeit. In einer kleinen Runde" in first
    assert "soll. Außerdem" in first


def test_seed_paragraph_structure() -> None:
    paras = paragraphs(clean(SEED))
    assert len(paras) == 9
    assert paras[1].startswith("Während westliche Medien")
    assert "Ergebnisse des Treffens ein Durchbruch" in paras
    kossatschow = next(p for p in paras if "Kossatschow" in p)
    assert kossatschow.startswith("Weiterhin ging es um Krisenherde")
    assert kossatschow.endswith("sagte der Agentur Interfax")
    assert paras[paras.index(kossatschow) + 1].startswith("Die Ergebnisse des Treffens haben")
    assert paras[-1] == 'Auf gewisse Weise ist das ein Durchbruch", sagte der Senator.'


def test_seed_missing_space_repaired_and_quotes_kept() -> None:
    result = clean(SEED)
    assert "übertroffen. Es habe" in result.text
    assert "übertroffen.Es" not in result.text
    assert "„Aus offensichtlichen Gründen“" in result.text
    assert "am 9. Juli ab 12 Uhr" in result.text
    inserted_at = result.text.index("übertroffen. Es") + len("übertroffen.")
    assert inserted_at not in {clean for clean, _ in copied_pairs(result)}


def test_seed_joined_line_space_maps_to_the_raw_newline() -> None:
    result = clean(SEED)
    space = result.text.index("des G20-Gipfels") + len("des")
    assert SEED[result.offsets.to_raw(space)] == "\n"
    first_break = result.text.index("\n\n")
    assert SEED[result.offsets.to_raw(first_break)] == "\n"
    assert SEED[result.offsets.to_raw(first_break) - 1] == "."


def test_seed_clean_text_is_stable_when_cleaned_again() -> None:
    once = clean(SEED).text
    assert clean(once).text == once


# --- empty and already clean input ----------------------------------------------------------------


@pytest.mark.parametrize("raw", ["", " ", "\n\n", " \t\r\n \u00a0\n", "\ufeff", "\u200b\n\u00ad"])
def test_empty_or_whitespace_input(raw: str) -> None:
    result = clean(raw)
    assert result.text == ""
    assert result.removed == []
    assert result.claimed_source is None
    assert result.metadata == {}


def test_clean_text_passes_unchanged() -> None:
    raw = (
        "Die Bundesregierung hat am Montag beschlossen, die Steuern zu senken. Das teilte ein Sprecher "
        "in Berlin mit.\n\n"
        "„Wir halten das für richtig“, sagte Finanzminister Müller. Kritik kam von der Opposition: "
        "Der Schritt komme zu spät, z.B. für Familien mit Kindern.\n\n"
        "Mehr Informationen gibt es auf www.bundesregierung.de und unter presse@bund.de."
    )
    result = clean(raw)
    assert result.text == raw
    assert result.removed == []
    assert result.claimed_source is None
    assert result.metadata == {}
    assert result.offsets.clean_starts == [0]
    assert result.offsets.lengths == [len(raw)]


def test_single_line_without_newline() -> None:
    assert clean("Kurzmeldung ohne Zeilenumbruch.").text == "Kurzmeldung ohne Zeilenumbruch."


# --- character normalisation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Zusam\u00admenarbeit", "Zusammenarbeit"),
        ("\ufeffText mit BOM.", "Text mit BOM."),
        ("Null\u200bbreite\u200c Zei\u200dchen\u2060.", "Nullbreite Zeichen."),
        ("Ein\u00a0Leerzeichen und\u202fschmal\u2009dünn.", "Ein Leerzeichen und schmal dünn."),
        ("Viele   Leer \t\t zeichen.", "Viele Leer zeichen."),
        ("   Eingerückt und Ende.   ", "Eingerückt und Ende."),
        ("a \u00ad b", "a b"),
        ("Steuer\x00zeichen\x07 weg.", "Steuerzeichen weg."),
        ("Wort \x01 Wort", "Wort Wort"),
        ("Nord\u2010Korea und Süd\u2011Korea", "Nord-Korea und Süd-Korea"),
        (
            "Berlin \u2014 Hamburg \u2013 Köln \u2012 Bonn \u2015 Ende",
            "Berlin – Hamburg – Köln – Bonn – Ende",
        ),
        ("3 \u2212 2 ist eins", "3 – 2 ist eins"),
        ("minus \u22125 Grad", "minus \u22125 Grad"),
        ("\u201fZitat\u201d und \u301dZitat\u301e", "“Zitat” und “Zitat”"),
        ("\u2033Zoll\u2033 und \uff02voll\uff02", '"Zoll" und "voll"'),
        ("gibt\u00b4s und geht\uff07s", "gibt's und geht's"),
        ("\u201bso\u2019", "‘so’"),
        ("Pra\u0308sident Mu\u0308ller", "Präsident Müller"),
    ],
)
def test_character_normalisation(raw: str, expected: str) -> None:
    assert clean(raw).text == expected


@pytest.mark.parametrize(
    "raw",
    [
        "„Deutsche Anführungszeichen“",
        "‚einfache‘ Anführungszeichen",
        "»Guillemets« und «umgekehrt»",
        '"gerade" Anführungszeichen',
        "Apostroph: geht’s",
    ],
)
def test_quotation_marks_are_kept(raw: str) -> None:
    assert clean(raw).text == raw


def test_crlf_and_lone_cr_line_breaks() -> None:
    result = clean("Erster Absatz.\r\n\r\nZweiter Absatz.\r\rDritter Absatz.")
    assert result.text == "Erster Absatz.\n\nZweiter Absatz.\n\nDritter Absatz."
    assert "\r" not in result.text


def test_crlf_wrapped_paragraph_joins_and_space_maps_to_the_newline() -> None:
    raw = wrapped(
        "Die Außenminister beider Länder trafen sich am Freitag in Hamburg zu einem",
        "ausführlichen Gespräch über die Lage in Syrien und in der Ukraine, sagte er.",
    ).replace("\n", "\r\n")
    result = clean(raw)
    assert result.text == raw.replace("\r\n", " ")
    space = result.text.index(" ausführlichen")
    assert raw[result.offsets.to_raw(space)] == "\n"


# --- hard wraps and paragraphs --------------------------------------------------------------------

WRAPPED_LINES = (
    "Die Verhandlungen über ein neues Abkommen zur Zusammenarbeit der beiden",
    "Staaten sollen nach Angaben des Außenministeriums noch in diesem Monat",
    "beginnen. Beide Seiten hätten bereits Vorgespräche geführt und seien",
    "zuversichtlich, hieß es in Berlin.",
)


def test_wrapped_paragraphs_separated_by_blank_lines() -> None:
    raw = "\n".join(WRAPPED_LINES) + "\n\n" + "\n".join(WRAPPED_LINES)
    paras = paragraphs(clean(raw))
    assert paras == [" ".join(WRAPPED_LINES)] * 2


def test_blank_lines_always_break_paragraphs() -> None:
    raw = "Ein Satz, der hier nicht endet und\n\nweitergeht nach einer Leerzeile"
    assert paragraphs(clean(raw)) == ["Ein Satz, der hier nicht endet und", "weitergeht nach einer Leerzeile"]


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("Zusam-", "menarbeit", "Zusammenarbeit"),
        ("G20-", "Gipfel", "G20-Gipfel"),
        ("Nord-", "Korea", "Nord-Korea"),
        ("Ost-", "und Westdeutschland", "Ost- und Westdeutschland"),
        ("Zusam\u00ad", "menarbeit", "Zusammenarbeit"),
    ],
)
def test_line_end_hyphens(first: str, second: str, joined: str) -> None:
    raw = wrapped(
        "Bei ihrem ersten direkten Treffen sprachen die Präsidenten über die " + first,
        second + " der beiden Länder in Fragen der Sicherheit und der Wirtschaft.",
    )
    text = clean(raw).text
    assert "\n" not in text
    assert joined in text


def test_dash_at_line_end_is_not_a_hyphen() -> None:
    raw = wrapped(
        "Die Gespräche seien konstruktiv gewesen - so der Sprecher der Regierung -",
        "und sollen in der kommenden Woche in Berlin fortgesetzt werden, hieß es.",
    )
    assert "Regierung - und sollen" in clean(raw).text


def test_lowercase_continuation_joins_even_after_a_short_line() -> None:
    raw = wrapped("Der Präsident sagte am", "Montag nichts, aber", "am Dienstag sprach er.")
    assert paragraphs(clean(raw)) == ["Der Präsident sagte am", "Montag nichts, aber am Dienstag sprach er."]


def test_heading_between_long_lines_stays_separate() -> None:
    long_para = "Die Präsidenten sprachen lange über die Lage in Syrien und der Ukraine. " * 3
    raw = wrapped(long_para.strip(), "Ergebnisse des Treffens ein Durchbruch", long_para.strip())
    assert paragraphs(clean(raw))[1] == "Ergebnisse des Treffens ein Durchbruch"


def test_short_line_after_wrapped_paragraph_starts_a_new_paragraph() -> None:
    raw = wrapped(*WRAPPED_LINES, "Neue Entwicklungen", *WRAPPED_LINES)
    paras = paragraphs(clean(raw))
    assert paras == [" ".join(WRAPPED_LINES), "Neue Entwicklungen", " ".join(WRAPPED_LINES)]


def test_sentence_end_on_a_short_wrapped_line_ends_the_paragraph() -> None:
    raw = wrapped(
        *WRAPPED_LINES[:3], "zuversichtlich.", "Ein neuer Absatz beginnt hier mit einem ganz anderen Thema."
    )
    paras = paragraphs(clean(raw))
    assert len(paras) == 2
    assert paras[0].endswith("seien zuversichtlich.")


def test_list_items_are_not_joined() -> None:
    raw = wrapped(
        "Die Einigung umfasst folgende Punkte, die ab Sonntag gelten sollen:",
        "- eine Waffenruhe im Südwesten Syriens ab Sonntag zwölf Uhr Ortszeit",
        "- eine Arbeitsgruppe für Cybersicherheit mit Vertretern beider Länder",
        "1. weitere Gespräche über die Lage in der Ukraine im kommenden Monat",
    )
    assert len(paragraphs(clean(raw))) == 4


@pytest.mark.parametrize(
    "continuation",
    [
        "9. Juli ab zwölf Uhr Ortszeit in Kraft treten, teilte das Ministerium mit.",
        "– so der Sprecher – in der kommenden Woche in Berlin fortgesetzt werden.",
    ],
)
def test_wrapped_line_starting_like_a_list_item_continues(continuation: str) -> None:
    raw = wrapped("Die Waffenruhe für den Südwesten Syriens soll nach Angaben aus Moskau am", continuation)
    assert "\n" not in clean(raw).text


def test_bulleted_lines_are_not_joined() -> None:
    raw = wrapped(
        "• eine Waffenruhe im Südwesten Syriens ab Sonntag zwölf Uhr Ortszeit",
        "• eine Arbeitsgruppe für Cybersicherheit mit Vertretern beider Länder",
    )
    assert len(paragraphs(clean(raw))) == 2


def test_narrow_lines_are_not_treated_as_hard_wraps() -> None:
    assert paragraphs(clean("Berlin\nHamburg\nMünchen")) == ["Berlin", "Hamburg", "München"]


def test_one_line_paragraphs_without_blank_lines_stay_apart() -> None:
    lines = [
        "Die Regierung hat am Montag in Berlin ein umfangreiches Paket zur Entlastung der Bürger "
        "beschlossen, das vor allem Familien mit Kindern helfen soll.",
        "Die Opposition kritisierte das Paket als unzureichend und forderte weitere Schritte, "
        "insbesondere für Rentner und Geringverdiener.",
    ]
    assert paragraphs(clean("\n".join(lines))) == lines


# --- missing space after a sentence end -----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Die Erwartungen wurden übertroffen.Es gab viele Punkte.", "übertroffen. Es gab"),
        ("Das ist ein Erfolg!Die Partei jubelt.", "Erfolg! Die Partei"),
        ("Warum kam er nicht?Niemand weiß es.", "nicht? Niemand"),
        ("Er sagte, er komme.Danach ging er.", "komme. Danach"),
    ],
)
def test_missing_space_after_sentence_end_is_repaired(raw: str, expected: str) -> None:
    result = clean(raw)
    assert expected in result.text
    assert len(result.text) == len(raw) + 1


@pytest.mark.parametrize(
    "raw",
    [
        "Das gilt z.B.Für alle.",
        "Er traf Dr.Müller und Prof.Schmidt in der Hauptstr.Nord.",
        "Das gilt bzw.Gilt nicht, usw.Alles klar, ca.Hundert Leute.",
        "Am 9.Juli und am 09.07.2017 um 12.30 Uhr.",
        "Der Wert stieg um 3.5 Prozent auf 1.200 Euro.",
        "Mehr auf www.Spiegel.de oder www.spiegel.De und tagesschau.de.",
        "Schreiben Sie an redaktion.Leser@zeitung.de oder max.Mustermann@firma.de.",
        "Siehe https://example.com/Seite.Html und Bericht.Pdf im Anhang.",
        "Die USA.Die Regierung.",
        "Das ist iPhone.App und Version2.Neu.",
        "Der Bericht.PDF liegt vor.",
        "Ein Satz. Der nächste Satz.",
    ],
)
def test_no_space_inserted_into_abbreviations_numbers_urls(raw: str) -> None:
    assert clean(raw).text == raw


# --- header boilerplate ---------------------------------------------------------------------------

BODY = (
    "Die Bundesregierung hat am Montag ein neues Gesetz beschlossen, das ab dem kommenden Jahr "
    "gelten soll. Das teilte ein Sprecher mit."
)


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("Quelle: Reuters", "Reuters"),
        ("Quelle: dpa/AFP", "dpa/AFP"),
        ("Quelle: dpa.", "dpa"),
        ("(dpa)", "dpa"),
        ("(AFP)", "AFP"),
    ],
)
def test_source_line_becomes_claimed_source(line: str, source: str) -> None:
    raw = line + "\n" + BODY
    result = clean(raw)
    assert result.text == BODY
    assert result.claimed_source == source
    assert [(r.start, r.end, r.reason) for r in result.removed] == [(0, len(line), "source-line")]


def test_full_header_block() -> None:
    header = [
        "Quelle: dpa/AFP",
        "Foto: picture alliance/dpa",
        "Von Max Mustermann",
        "Stand: 09.07.2017 12:00 Uhr",
    ]
    result = clean("\n".join([*header, BODY]))
    assert result.text == BODY
    assert result.claimed_source == "dpa/AFP"
    assert result.metadata == {
        "photo_credit": "picture alliance/dpa",
        "author": "Max Mustermann",
        "stand": "09.07.2017 12:00 Uhr",
    }
    assert [(r.text, r.reason) for r in result.removed] == [
        ("Quelle: dpa/AFP", "source-line"),
        ("Foto: picture alliance/dpa", "photo-credit"),
        ("Von Max Mustermann", "byline"),
        ("Stand: 09.07.2017 12:00 Uhr", "timestamp"),
    ]


@pytest.mark.parametrize(
    ("line", "key", "value", "reason"),
    [
        ("Bild: Reuters/Fabian Bimmer", "photo_credit", "Reuters/Fabian Bimmer", "photo-credit"),
        ("Fotos: imago images", "photo_credit", "imago images", "photo-credit"),
        (
            "Von Anna-Lena Schmidt und Jan van der Berg",
            "author",
            "Anna-Lena Schmidt und Jan van der Berg",
            "byline",
        ),
        ("Aktualisiert am 10.07.2017, 08:15 Uhr", "updated", "10.07.2017, 08:15 Uhr", "timestamp"),
        ("09.07.2017, 12:00 Uhr", "date", "09.07.2017, 12:00 Uhr", "timestamp"),
    ],
)
def test_header_metadata_lines(line: str, key: str, value: str, reason: str) -> None:
    result = clean(line + "\n\n" + BODY)
    assert result.text == BODY
    assert result.metadata == {key: value}
    assert [(r.text, r.reason) for r in result.removed] == [(line, reason)]


def test_header_lines_after_a_title_are_found_and_the_title_kept() -> None:
    result = clean("Neues Gesetz beschlossen\nVon Erika Musterfrau\n" + BODY)
    assert paragraphs(result) == ["Neues Gesetz beschlossen", BODY]
    assert result.metadata == {"author": "Erika Musterfrau"}


@pytest.mark.parametrize(
    "first_line",
    [
        "Von Berlin aus fliegt die Kanzlerin weiter",
        "Von Montag an gilt das neue Gesetz",
        "Bildung ist wichtig",
        "(Archivbild)",
        "(CDU)",
    ],
)
def test_header_lookalikes_are_kept(first_line: str) -> None:
    result = clean(first_line + "\n\n" + BODY)
    assert paragraphs(result)[0] == first_line
    assert result.removed == []


def test_header_patterns_only_apply_at_the_top() -> None:
    raw = "\n\n".join([BODY, BODY, BODY, BODY, "Von Max Mustermann", BODY])
    result = clean(raw)
    assert "Von Max Mustermann" in paragraphs(result)
    assert result.removed == []


# --- datelines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "place", "source"),
    [
        ("Berlin (dpa) - ", "Berlin", "dpa"),
        ("HAMBURG (Reuters) – ", "Hamburg", "Reuters"),
        ("Frankfurt/Main (dpa-AFX) - ", "Frankfurt/Main", "dpa-AFX"),
        ("Frankfurt am Main (AFP) - ", "Frankfurt am Main", "AFP"),
        ("Berlin, 9. Juli (Reuters) - ", "Berlin", "Reuters"),
        ("Washington (AP) ", "Washington", "AP"),
        ("Moskau (dpa/AFP) \u2014 ", "Moskau", "dpa/AFP"),
    ],
)
def test_dateline_is_stripped(prefix: str, place: str, source: str) -> None:
    result = clean(prefix + BODY)
    assert result.text == BODY
    assert result.claimed_source == source
    assert result.metadata == {"dateline_place": place}
    assert [(r.start, r.text, r.reason) for r in result.removed] == [(0, prefix, "dateline")]


def test_dateline_without_place() -> None:
    result = clean("(dpa) - " + BODY)
    assert result.text == BODY
    assert result.claimed_source == "dpa"
    assert result.metadata == {}


def test_dateline_on_a_wrapped_first_paragraph() -> None:
    raw = wrapped("Berlin (dpa) - " + WRAPPED_LINES[0], *WRAPPED_LINES[1:])
    result = clean(raw)
    assert result.text == " ".join(WRAPPED_LINES)
    assert result.offsets.to_raw(0) == len("Berlin (dpa) - ")


def test_dateline_after_a_title_line() -> None:
    result = clean("Neues Gesetz beschlossen\nBerlin (dpa) - " + BODY)
    assert paragraphs(result) == ["Neues Gesetz beschlossen", BODY]
    assert result.metadata["dateline_place"] == "Berlin"


def test_source_line_outranks_the_dateline_agency() -> None:
    result = clean("Quelle: Reuters\nBerlin (dpa) - " + BODY)
    assert result.text == BODY
    assert result.claimed_source == "Reuters"
    assert [r.reason for r in result.removed] == ["source-line", "dateline"]


@pytest.mark.parametrize(
    "raw",
    [
        "Angela Merkel (CDU) - die Kanzlerin - äußerte sich am Montag zurückhaltend.",
        "Der Konzern Volkswagen (VW) hat am Montag neue Zahlen vorgelegt.",
        "Die Vereinten Nationen (UN) - so hieß es - seien besorgt.",
        "Berlin (Reuters)",
    ],
)
def test_dateline_lookalikes_are_kept(raw: str) -> None:
    result = clean(raw)
    assert result.text == raw
    assert result.removed == []


def test_dateline_only_in_the_first_paragraph() -> None:
    raw = BODY + "\n\nBerlin (dpa) - " + BODY
    assert clean(raw).text == raw


# --- trailers and widgets -------------------------------------------------------------------------


@pytest.mark.parametrize("marker", ["Mehr zum Thema", "Lesen Sie auch:", "Kommentare", "12 Kommentare"])
def test_everything_after_a_trailer_marker_is_removed(marker: str) -> None:
    related = [
        "Putin und Trump vereinbaren Waffenruhe",
        "G20-Gipfel: Die wichtigsten Ergebnisse im Überblick",
    ]
    raw = "\n".join([BODY, "", marker, *related, ""])
    result = clean(raw)
    assert result.text == BODY
    assert len(result.removed) == 1
    removal = result.removed[0]
    assert removal.reason == "trailer"
    assert removal.text == "\n".join([marker, *related])


def test_trailer_lines_at_the_end_are_removed() -> None:
    trailer = [
        "Teilen",
        "Artikel teilen",
        "Drucken",
        "Facebook Twitter WhatsApp",
        "Kommentar schreiben",
        "Mehr zum Thema: Waffenruhe in Syrien",
        "Zur Startseite",
        "Anzeige",
        "Newsletter abonnieren",
        "© dpa-infocom, dpa:170709-99-123456/2",
        "Alle Rechte vorbehalten.",
    ]
    result = clean("\n".join([BODY, *trailer]))
    assert result.text == BODY
    assert [(r.text, r.reason) for r in result.removed] == [(line, "trailer") for line in trailer]


def test_source_line_at_the_end() -> None:
    result = clean(BODY + "\nQuelle: dpa")
    assert result.text == BODY
    assert result.claimed_source == "dpa"
    assert [r.reason for r in result.removed] == ["source-line"]


@pytest.mark.parametrize("widget", ["Jetzt kommentieren", "Artikel teilen", "Link kopieren", "Anzeige"])
def test_widget_lines_inside_the_article_are_removed(widget: str) -> None:
    result = clean("\n".join([BODY, widget, BODY]))
    assert paragraphs(result) == [BODY, BODY]
    assert [(r.text, r.reason) for r in result.removed] == [(widget, "widget")]


def test_trailer_words_inside_sentences_are_kept() -> None:
    raw = (
        "Die Kommentare der Leser waren überwiegend positiv. Mehr zum Thema gibt es morgen.\n\n"
        "Lesen Sie auch die Stellungnahme der Regierung, die am Montag veröffentlicht wurde.\n\n"
        "Teilen wollte der Minister diese Einschätzung nicht."
    )
    result = clean(raw)
    assert result.text == raw
    assert result.removed == []


def test_mid_article_teaser_with_content_is_kept() -> None:
    raw = "\n".join([BODY, "Mehr zum Thema: Waffenruhe in Syrien", BODY])
    assert "Mehr zum Thema: Waffenruhe in Syrien" in clean(raw).text


@pytest.mark.parametrize("before", ["", "Neues Gesetz beschlossen\n"])
def test_marker_needs_article_text_before_it(before: str) -> None:
    result = clean(before + "Kommentare\n" + BODY)
    assert result.text.endswith(BODY)
    assert result.removed == []


def test_photo_credit_at_the_end() -> None:
    result = clean(BODY + "\nFoto: picture alliance/dpa")
    assert result.text == BODY
    assert result.metadata == {"photo_credit": "picture alliance/dpa"}
    assert [r.reason for r in result.removed] == ["photo-credit"]


def test_long_lines_are_never_boilerplate() -> None:
    line = (
        "Quelle: " + "eine sehr lange Zeile, die eindeutig zum Artikeltext gehört und kein Quellenvermerk ist"
    )
    raw = line + "\n\n" + BODY + "\n\nMehr zum Thema: " + "x" * 80
    result = clean(raw)
    assert result.text == raw
    assert result.removed == []


def test_article_that_is_only_boilerplate() -> None:
    result = clean("Quelle: dpa\nTeilen\nKommentare")
    assert result.text == ""
    assert result.claimed_source == "dpa"


# --- provenance on mixed input and performance ---------------------------------------------------


def test_provenance_on_messy_input() -> None:
    raw = (
        "\ufeffQuelle: dpa\r\n"
        "Foto:\u00a0imago\r\n"
        "Berlin (dpa) \u2014 Die Zusam-\r\n"
        "menarbeit zwischen\u200b den L\u0061\u0308ndern wurde \u201fvertieft\u201d, sagte der\r\n"
        "Minister\u00ad\r\n"
        "präsident am Montag.Es gehe um \u2033Sicherheit\u2033 und 3 \u2212 2 Themen.\r\n"
        "\r\n"
        "Jetzt kommentieren\r\n"
        "\r\n"
        "Ein zweiter Absatz\t\tmit  Leerzeichen.\x00\r\n"
        "Mehr zum Thema\r\n"
        "Weitere Nachrichten aus Berlin\r\n"
    )
    result = clean(raw)
    assert result.text == (
        "Die Zusammenarbeit zwischen den Ländern wurde “vertieft”, sagte der Ministerpräsident am Montag. "
        'Es gehe um "Sicherheit" und 3 – 2 Themen.\n\n'
        "Ein zweiter Absatz mit Leerzeichen."
    )
    assert result.claimed_source == "dpa"
    assert result.metadata == {"photo_credit": "imago", "dateline_place": "Berlin"}
    assert [r.reason for r in result.removed] == [
        "source-line",
        "photo-credit",
        "dateline",
        "widget",
        "trailer",
    ]


def test_span_to_raw_covers_the_original_words() -> None:
    result = clean(SEED)
    start = result.text.index("Zusammenarbeit. In")
    raw_start, raw_end = result.offsets.span_to_raw(start, start + len("Zusammenarbeit"))
    assert SEED[raw_start:raw_end] == "Zusammenarbeit"
    start = result.text.index("des G20-Gipfels")
    raw_start, raw_end = result.offsets.span_to_raw(start, start + len("des G20-Gipfels"))
    assert SEED[raw_start:raw_end] == "des\nG20-Gipfels"


def test_bom_and_indentation_are_not_part_of_a_removal() -> None:
    raw = "\ufeff  Quelle: dpa  \r\n" + BODY
    result = clean(raw)
    assert result.text == BODY
    assert [(r.start, r.text) for r in result.removed] == [(3, "Quelle: dpa")]


FUZZ_PIECES = [
    *"abcXYZ äöüß.!?-–—:;,()\"'„“»«\n\n\r\t",
    *"\u00ad\u200b\ufeff\u00a0\u2212\u0308\x00\x1c\x85\u2028\u201f\u2033\u00b4",
    "Quelle: dpa\n",
    "Berlin (dpa) - ",
    "Kommentare\n",
    "Teilen\n",
    "Von Max Muster\n",
    "übertroffen.Es ",
    "www.Spiegel.de ",
    "Zusam-\n",
    "G20-\n",
    "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do ",
]


def test_provenance_invariants_on_random_input() -> None:
    rng = random.Random(20170709)
    for _ in range(500):
        raw = "".join(rng.choice(FUZZ_PIECES) for _ in range(rng.randint(0, 150)))
        clean(raw)  # checks the invariants


def test_five_megabytes_clean_completely() -> None:
    # Speed is measured in benchmarks/throughput.py; here: a large input loses nothing.
    body = "\n".join(SEED_LINES[1:-1])
    copies = 5_000_000 // len(body) + 1
    result = clean_text("\n\n".join([body] * copies))
    assert len(result.text) > 4_900_000
    assert result.text.count("übertroffen. Es") == copies
    assert result.offsets.to_raw(len(result.text)) == result.offsets.raw_length
