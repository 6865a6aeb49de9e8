"""Tests for the rule-based tokenizer and sentence splitter."""

from __future__ import annotations

import itertools
import time

import pytest

from lagebild.nlp.tokenize import split_sentences, tokenize

# The seed article (shared/seed/000_95917e8755466fef.txt) in its cleaned form:
# the wrapped first paragraph joined into one line, "übertroffen.Es" repaired,
# "Quelle: Reuters" and "Kommentare" removed, paragraphs separated by blank lines.
SEED_PARAGRAPHS = [
    (
        "Bei ihrem ersten direkten Treffen im Rahmen des G20-Gipfels in Hamburg unterhielten sich der "
        "russische und der US-Präsident über internationale Krisenherde und Möglichkeiten der "
        "Zusammenarbeit. In einer kleinen Runde mit ihren Außenministern vereinbarten sie eine "
        "Waffenruhe für Syrien, die am kommenden Sonntag in Kraft treten und von allen Konfliktparteien"
        " eingehalten werden soll. Außerdem ging es um bilaterale Zusammenarbeit im Bereich der "
        "Cybersicherheit."
    ),
    (
        "Während westliche Medien den Fokus vor allem auf die andauernden Gerüchte der Wahlmanipulation"
        " gelegt hatten, wurde mittlerweile bekannt, dass sich die beiden Länder auf eine Waffenruhe "
        "für den Südwesten Syriens geeinigt haben. Diese soll am 9. Juli ab 12 Uhr Ortszeit Damaskus in"
        " Kraft treten."
    ),
    (
        "Der russische Außenminister Sergej Lawrow erklärte zudem, dass der russische Präsident "
        "Wladimir Putin und der US-Präsident Donald Trump vereinbart hätten, eine bilaterale "
        "Arbeitsgruppe für Cyber-Sicherheit zu gründen."
    ),
    (
        "„Aus offensichtlichen Gründen“ würde dem Thema Cybersicherheit viel Aufmerksamkeit gezollte, "
        "so Lawrow. Die Präsidenten waren sich einig, dass dies ein zunehmend riskanter Bereich ist, in"
        " dem man zusammenarbeiten wolle."
    ),
    (
        "Es gehe um Sicherheitsrisiken in den Bereichen Terrorismus und des organisierten Verbrechens, "
        "sowie um weitere Bedrohungen für das normale Funktionieren der Gesellschaften, Kriminalität "
        "wie Kinderpornografie und Pädophilie und die sogenannten Selbstmordnetze."
    ),
    "Ergebnisse des Treffens ein Durchbruch",
    (
        "Weiterhin ging es um Krisenherde in der Ukraine, in Nord-Korea und weitere Themen, zu denen "
        "man Übereinstimmungen gefunden habe. Konstantin Kossatschow Vorsitzender des Auswärtigen "
        "Ausschusses des Föderationsrat sagte der Agentur Interfax"
    ),
    (
        "Die Ergebnisse des Treffens haben meine Erwartungen übertroffen. Es habe viele "
        "Annäherungspunkte gegeben bei Fragen zu Syrien, der Ukraine und anderen in den bilateralen "
        "Beziehungen."
    ),
    'Auf gewisse Weise ist das ein Durchbruch", sagte der Senator.',
]
SEED_TEXT = "\n\n".join(SEED_PARAGRAPHS)

# 15 sentences: 13 end with a period, and two lines without final punctuation
# (the heading and the line ending in "Interfax") end at their paragraph break.
SEED_SENTENCES = [
    "Bei ihrem ersten direkten Treffen im Rahmen des G20-Gipfels in Hamburg unterhielten sich der "
    "russische und der US-Präsident über internationale Krisenherde und Möglichkeiten der Zusammenarbeit.",
    "In einer kleinen Runde mit ihren Außenministern vereinbarten sie eine Waffenruhe für Syrien, die am "
    "kommenden Sonntag in Kraft treten und von allen Konfliktparteien eingehalten werden soll.",
    "Außerdem ging es um bilaterale Zusammenarbeit im Bereich der Cybersicherheit.",
    "Während westliche Medien den Fokus vor allem auf die andauernden Gerüchte der Wahlmanipulation gelegt "
    "hatten, wurde mittlerweile bekannt, dass sich die beiden Länder auf eine Waffenruhe für den Südwesten "
    "Syriens geeinigt haben.",
    "Diese soll am 9. Juli ab 12 Uhr Ortszeit Damaskus in Kraft treten.",
    "Der russische Außenminister Sergej Lawrow erklärte zudem, dass der russische Präsident Wladimir Putin "
    "und der US-Präsident Donald Trump vereinbart hätten, eine bilaterale Arbeitsgruppe für "
    "Cyber-Sicherheit zu gründen.",
    "„Aus offensichtlichen Gründen“ würde dem Thema Cybersicherheit viel Aufmerksamkeit gezollte, so Lawrow.",
    "Die Präsidenten waren sich einig, dass dies ein zunehmend riskanter Bereich ist, in dem man "
    "zusammenarbeiten wolle.",
    "Es gehe um Sicherheitsrisiken in den Bereichen Terrorismus und des organisierten Verbrechens, sowie um "
    "weitere Bedrohungen für das normale Funktionieren der Gesellschaften, Kriminalität wie "
    "Kinderpornografie und Pädophilie und die sogenannten Selbstmordnetze.",
    "Ergebnisse des Treffens ein Durchbruch",
    "Weiterhin ging es um Krisenherde in der Ukraine, in Nord-Korea und weitere Themen, zu denen man "
    "Übereinstimmungen gefunden habe.",
    "Konstantin Kossatschow Vorsitzender des Auswärtigen Ausschusses des Föderationsrat sagte der Agentur Interfax",
    "Die Ergebnisse des Treffens haben meine Erwartungen übertroffen.",
    "Es habe viele Annäherungspunkte gegeben bei Fragen zu Syrien, der Ukraine und anderen in den "
    "bilateralen Beziehungen.",
    'Auf gewisse Weise ist das ein Durchbruch", sagte der Senator.',
]


def token_texts(text: str) -> list[str]:
    return [text[start:end] for start, end in tokenize(text)]


def sentence_texts(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, tokenize(text))]


# ---------------------------------------------------------------- seed article


def test_seed_article_sentences() -> None:
    assert sentence_texts(SEED_TEXT) == SEED_SENTENCES


def test_seed_article_tokens() -> None:
    tokens = token_texts(SEED_TEXT)
    for compound in ("G20-Gipfels", "US-Präsident", "Cyber-Sicherheit", "Nord-Korea"):
        assert compound in tokens
    ordinal = tokens.index("9.")
    assert tokens[ordinal - 1 : ordinal + 2] == ["am", "9.", "Juli"]
    assert tokens[-7:] == ["Durchbruch", '"', ",", "sagte", "der", "Senator", "."]
    assert tokens[:2] == ["Bei", "ihrem"]
    assert "„" in tokens and "“" in tokens


# ---------------------------------------------------------------- tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hyphenated compounds are one token
        ("Der G20-Gipfel", ["Der", "G20-Gipfel"]),
        ("US-Präsident und SPD-Chef", ["US-Präsident", "und", "SPD-Chef"]),
        ("Cyber-Sicherheit in Nord-Korea", ["Cyber-Sicherheit", "in", "Nord-Korea"]),
        ("Covid-19-Pandemie, 2:1-Sieg", ["Covid-19-Pandemie", ",", "2:1-Sieg"]),
        ("die 5%-Hürde", ["die", "5%-Hürde"]),
        ("CDU/CSU und H&M", ["CDU/CSU", "und", "H&M"]),
        # truncated compounds keep their hyphen
        ("Ein- und Ausfuhr", ["Ein-", "und", "Ausfuhr"]),
        ("Bundes-, Landes- und Kommunalebene", ["Bundes-", ",", "Landes-", "und", "Kommunalebene"]),
        ("Ost-/Westdeutschland", ["Ost-/Westdeutschland"]),
        # a free-standing dash is punctuation
        ("Wien – Die Regierung", ["Wien", "–", "Die", "Regierung"]),
        ("Er kam - und ging", ["Er", "kam", "-", "und", "ging"]),
        # numbers
        ("3,5 Prozent", ["3,5", "Prozent"]),
        ("1.000.000 Menschen", ["1.000.000", "Menschen"]),
        ("um 12.30 Uhr oder 14:30 Uhr", ["um", "12.30", "Uhr", "oder", "14:30", "Uhr"]),
        ("am 09.07.2017 in Hamburg", ["am", "09.07.2017", "in", "Hamburg"]),
        ("am 9.7. in Hamburg", ["am", "9.7.", "in", "Hamburg"]),
        ("am 9.7. 2017", ["am", "9.7.", "2017"]),
        ("(red, 16. 5. 2016)", ["(", "red", ",", "16.", "5.", "2016", ")"]),
        ("Es kostet 5 € bzw. 5€", ["Es", "kostet", "5", "€", "bzw.", "5", "€"]),
        ("$5 und 20 %", ["$", "5", "und", "20", "%"]),
        # ordinals
        ("am 9. Juli", ["am", "9.", "Juli"]),
        ("der 2. Weltkrieg", ["der", "2.", "Weltkrieg"]),
        ("im 20. Jahrhundert", ["im", "20.", "Jahrhundert"]),
        ("des 20. Jahrhunderts", ["des", "20.", "Jahrhunderts"]),
        ("zum 3. Mal", ["zum", "3.", "Mal"]),
        ("Der 1. FC Köln", ["Der", "1.", "FC", "Köln"]),
        ("in der 2. Bundesliga", ["in", "der", "2.", "Bundesliga"]),
        ("am 9. und 10. Juli", ["am", "9.", "und", "10.", "Juli"]),
        ("vom 3.-5. Juli", ["vom", "3.", "-", "5.", "Juli"]),
        ("am 9.Juli", ["am", "9.", "Juli"]),
        ("am 1. Jan. 2017", ["am", "1.", "Jan.", "2017"]),
        ("der 35. Kommandeurstagung", ["der", "35.", "Kommandeurstagung"]),
        ("Benedikt XVI. sagte", ["Benedikt", "XVI.", "sagte"]),
        ("Die Weltranglisten-20. trifft", ["Die", "Weltranglisten-20.", "trifft"]),
        ("1. Punkt\n2. Punkt", ["1.", "Punkt", "2.", "Punkt"]),
        # a number at the end of a sentence gives the period away
        ("im Jahr 1990. Dann", ["im", "Jahr", "1990", ".", "Dann"]),
        ("Es steht 2:1. Dann", ["Es", "steht", "2:1", ".", "Dann"]),
        ("Ludwig XIV. Der König", ["Ludwig", "XIV", ".", "Der", "König"]),
        # abbreviations
        ("Dr. Müller und Prof. Meier", ["Dr.", "Müller", "und", "Prof.", "Meier"]),
        ("St. Petersburg, Nr. 5", ["St.", "Petersburg", ",", "Nr.", "5"]),
        ("z. B. und z.B.", ["z.", "B.", "und", "z.B."]),
        ("u.a. d.h. e.V. usw. etc.", ["u.a.", "d.h.", "e.V.", "usw.", "etc."]),
        ("3 Mio. Euro, 2 Mrd. Dollar", ["3", "Mio.", "Euro", ",", "2", "Mrd.", "Dollar"]),
        ("ca. 100 bzw. ggf. evtl. inkl. sog.", ["ca.", "100", "bzw.", "ggf.", "evtl.", "inkl.", "sog."]),
        ("Vgl. Abs. 3", ["Vgl.", "Abs.", "3"]),
        ("im 19. Jh. v. Chr.", ["im", "19.", "Jh.", "v.", "Chr."]),
        ("Mo. bis Fr., Sept. und Okt.", ["Mo.", "bis", "Fr.", ",", "Sept.", "und", "Okt."]),
        ("Apple Inc. und Co. KG", ["Apple", "Inc.", "und", "Co.", "KG"]),
        ("Dr.-Ing. Weber", ["Dr.-Ing.", "Weber"]),
        ("der Nr.-1-Hit", ["der", "Nr.-1-Hit"]),
        ("die K.-o.-Phase", ["die", "K.-o.-Phase"]),
        ("Art. 5 GG", ["Art.", "5", "GG"]),
        ("jeder Art. Dann", ["jeder", "Art", ".", "Dann"]),
        ("fragt Jan. Er", ["fragt", "Jan", ".", "Er"]),
        ("Gewerkschaft ver.di", ["Gewerkschaft", "ver.di"]),
        # initials, but not labels
        ("John F. Kennedy", ["John", "F.", "Kennedy"]),
        ("in Gruppe F. Dann", ["in", "Gruppe", "F", ".", "Dann"]),
        # URLs, domains, e-mail, social media
        (
            "Siehe https://www.spiegel.de/politik/a-123.html.",
            ["Siehe", "https://www.spiegel.de/politik/a-123.html", "."],
        ),
        ("(www.zeit.de)", ["(", "www.zeit.de", ")"]),
        ("auf spiegel.de.", ["auf", "spiegel.de", "."]),
        ("an max.muster@t-online.de.", ["an", "max.muster@t-online.de", "."]),
        ("an j.doe@example.org", ["an", "j.doe@example.org"]),
        ("#MeToo und @Regierung", ["#MeToo", "und", "@Regierung"]),
        # apostrophes
        ("Wie geht's?", ["Wie", "geht's", "?"]),
        ("die Trump'sche Politik", ["die", "Trump'sche", "Politik"]),
        ("Merkel' und Lawrows' Plan", ["Merkel", "'", "und", "Lawrows'", "Plan"]),
        ("Er sagte 'alles' dazu", ["Er", "sagte", "'", "alles", "'", "dazu"]),
        ("Trump’s Tweet", ["Trump’s", "Tweet"]),
        # quotes, brackets and other punctuation are separate tokens
        ("„Wir“ ‚sie‘", ["„", "Wir", "“", "‚", "sie", "‘"]),
        ("»er« «es» “you” ‹x›", ["»", "er", "«", "«", "es", "»", "“", "you", "”", "‹", "x", "›"]),
        ('Er sagte: "Ja."', ["Er", "sagte", ":", '"', "Ja", ".", '"']),
        ("(ARD) [sic] {x}", ["(", "ARD", ")", "[", "sic", "]", "{", "x", "}"]),
        ("Nein... Doch… Was?! Nein!!!", ["Nein", "...", "Doch", "…", "Was", "?!", "Nein", "!!!"]),
        ("a; b: c, d", ["a", ";", "b", ":", "c", ",", "d"]),
        ("§ 5 und §5", ["§", "5", "und", "§", "5"]),
        # whitespace of any kind separates and is never a token
        ("a\u00a0b\tc\n\nd", ["a", "b", "c", "d"]),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert token_texts(text) == expected


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\n "])
def test_empty_and_blank_text(text: str) -> None:
    assert tokenize(text) == []
    assert split_sentences(text, []) == []


def test_token_spans_are_offsets() -> None:
    assert tokenize("  Am 9. Juli.") == [(2, 4), (5, 7), (8, 12), (12, 13)]


# ---------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Er kam. Sie ging.", ["Er kam.", "Sie ging."]),
        ("Wer kommt? Merkel! Und dann?", ["Wer kommt?", "Merkel!", "Und dann?"]),
        ("Er wartete … Dann kam sie.", ["Er wartete …", "Dann kam sie."]),
        ("Es war 1990. 2000 kam er.", ["Es war 1990.", "2000 kam er."]),
        ("Er kam. „Wir bleiben“, sagte er.", ["Er kam.", "„Wir bleiben“, sagte er."]),
        ("Er kam. (Das war neu.)", ["Er kam.", "(Das war neu.)"]),
        ("Es stieg. iPhone-Verkäufe sanken.", ["Es stieg.", "iPhone-Verkäufe sanken."]),
        # a missing space does not hide the boundary
        ("Er kam.Sie ging.", ["Er kam.", "Sie ging."]),
        # quotes
        ('übertroffen." Dann ging er.', ['übertroffen."', "Dann ging er."]),
        ("Er sagte: „Wir kommen.“ Dann ging er.", ["Er sagte: „Wir kommen.“", "Dann ging er."]),
        ("„Warum?“, fragte er.", ["„Warum?“, fragte er."]),
        ("„Warum?“ fragte er.", ["„Warum?“ fragte er."]),
        ('ein Durchbruch", sagte der Senator.', ['ein Durchbruch", sagte der Senator.']),
        (
            "„Aus offensichtlichen Gründen“ würde dem …, so Lawrow.",
            ["„Aus offensichtlichen Gründen“ würde dem …, so Lawrow."],
        ),
        ("»Nein.« Er ging.", ["»Nein.«", "Er ging."]),
        # no split after ":" or ";"
        ("Er sagte: Das geht. Dann", ["Er sagte: Das geht.", "Dann"]),
        ("Das eine; Das andere.", ["Das eine; Das andere."]),
        # no split after abbreviations, ordinals and initials
        ("Dr. Müller kam. Prof. Meier ging.", ["Dr. Müller kam.", "Prof. Meier ging."]),
        ("Es kostet 3 Mio. Euro. Das ist viel.", ["Es kostet 3 Mio. Euro.", "Das ist viel."]),
        ("Es gibt z. B. Äpfel.", ["Es gibt z. B. Äpfel."]),
        ("Am 9. Juli kam er.", ["Am 9. Juli kam er."]),
        ("Im 20. Jahrhundert war es so.", ["Im 20. Jahrhundert war es so."]),
        ("John F. Kennedy kam.", ["John F. Kennedy kam."]),
        ("Wir zahlen für Apple Inc. Aktien.", ["Wir zahlen für Apple Inc. Aktien."]),
        ("Nach Art. 5 GG ist das so.", ["Nach Art. 5 GG ist das so."]),
        # but a year or number at the end of a sentence does split
        ("Er starb im Jahr 1990. Dann kam sie.", ["Er starb im Jahr 1990.", "Dann kam sie."]),
        ("Sie spielt in Gruppe F. Der Gegner", ["Sie spielt in Gruppe F.", "Der Gegner"]),
        # deliberate exceptions: these end a sentence before a capitalised word
        ("Äpfel, Birnen usw. Dann kam er.", ["Äpfel, Birnen usw.", "Dann kam er."]),
        ("im Jahr 44 v. Chr. Caesar starb.", ["im Jahr 44 v. Chr.", "Caesar starb."]),
        ("Er kam am 9.7. Dann ging er.", ["Er kam am 9.7.", "Dann ging er."]),
        # no split inside a sentence
        ("Er hat 5 (!) Autos.", ["Er hat 5 (!) Autos."]),
        ("Wir haben [...] Fortschritte gemacht.", ["Wir haben [...] Fortschritte gemacht."]),
        ("Er sagte... na ja.", ["Er sagte... na ja."]),
        ("Sie kam um 12.30 Uhr.", ["Sie kam um 12.30 Uhr."]),
        ("Siehe spiegel.de. Dort steht es.", ["Siehe spiegel.de.", "Dort steht es."]),
        # line breaks always end a sentence
        ("Überschrift ohne Punkt\n\nDer Text.", ["Überschrift ohne Punkt", "Der Text."]),
        ("Zeile eins\nZeile zwei", ["Zeile eins", "Zeile zwei"]),
        ("Er kam. Sie\n\nging", ["Er kam.", "Sie", "ging"]),
        ("Platz 1 ging an\n\n1. Punkt", ["Platz 1 ging an", "1. Punkt"]),
        ("\n\nText am Anfang\n\n", ["Text am Anfang"]),
        ("Ende ohne Punkt", ["Ende ohne Punkt"]),
        ("Ein Satz.", ["Ein Satz."]),
        (".", ["."]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentence_texts(text) == expected


def test_sentence_spans_are_offsets() -> None:
    text = " Er kam.  Sie ging. "
    assert split_sentences(text, tokenize(text)) == [(1, 8), (10, 19)]


# ---------------------------------------------------------------- invariants


MIXED_TEXT = (
    SEED_TEXT + "\n\nDr. Müller (CDU/CSU) sagte am 9. Juli 2017 um 14:30 Uhr: „Die 5%-Hürde ist z. B. für "
    "Ein- und Ausfuhr wichtig!“ Mehr auf https://www.spiegel.de/a.html, per E-Mail an x@y.de "
    "oder bei #MeToo… geht's? 'Ja', sagt Lawrows' Sprecher -- 3,5 Mio. € (!)\n"
)


def test_tokens_cover_every_visible_character_once() -> None:
    spans = tokenize(MIXED_TEXT)
    position = 0
    for start, end in spans:
        assert position <= start < end
        assert MIXED_TEXT[position:start].strip() == ""  # only whitespace between tokens
        assert not any(char.isspace() for char in MIXED_TEXT[start:end])
        position = end
    assert MIXED_TEXT[position:].strip() == ""


def test_sentences_partition_the_tokens() -> None:
    spans = tokenize(MIXED_TEXT)
    sentences = split_sentences(MIXED_TEXT, spans)
    starts = {start for start, _ in spans}
    ends = {end for _, end in spans}
    assert sentences[0][0] == spans[0][0]
    assert sentences[-1][1] == spans[-1][1]
    for (_, previous_end), (start, end) in itertools.pairwise(sentences):
        assert previous_end < start < end
    assert all(start in starts and end in ends for start, end in sentences)


# ---------------------------------------------------------------- speed


@pytest.mark.parametrize(
    "text",
    [
        "ab." * 30_000,
        "a." * 30_000 + "@x.de",
        "z.B." * 20_000 + "x@y.de",
        "ab.cd+" * 15_000,
        "http://" + ")" * 60_000,
        "1." + " " * 60_000 + "x",
        "I" * 60_000 + ".",
        "Ein- " * 20_000,
    ],
    ids=["dotted", "letters-at", "abbrev-at", "email-local", "url-parens", "spaces", "roman", "hyphens"],
)
def test_pathological_input_is_linear(text: str) -> None:
    # A quadratic pattern needs tens of seconds here; linear ones take milliseconds.
    began = time.perf_counter()
    split_sentences(text, tokenize(text))
    assert time.perf_counter() - began < 2.0
