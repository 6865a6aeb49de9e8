"""German language data (lagebild.lang.de): one set of quotation marks, punctuation, abbreviations and
calendar words, and the modules that read their subsets from it."""

from __future__ import annotations

from lagebild.lang import de
from lagebild.nlp.tokenize import split_sentences, tokenize


def test_quote_styles_make_up_the_mark_sets() -> None:
    assert frozenset("„“”‚‘’»«›‹\"'") == de.QUOTE_MARKS
    assert frozenset("„‚»«›‹“‘\"'") == de.OPENING_QUOTES
    assert frozenset("“”‘’«»‹›\"'") == de.CLOSING_QUOTES
    for opening, closing in de.QUOTE_STYLES.values():
        assert opening in de.OPENING_QUOTES and set(closing) <= de.CLOSING_QUOTES
    assert de.DOUBLE_PAIRS == {"„": ("“", "”"), "»": ("«",), "«": ("»",), "“": ("”",), '"': ('"',)}
    assert frozenset("„“”»«\"") == de.DOUBLE_QUOTES
    assert de.LOW_QUOTES <= de.OPENING_QUOTES and not de.LOW_QUOTES & de.CLOSING_QUOTES
    assert frozenset("„‚»«\"") == de.GERMAN_TEXT_OPENING


def test_module_subsets_are_the_sets_they_replaced() -> None:
    """The modules' former private copies, pinned: moving them here changed no behaviour."""
    from lagebild.nlp import mood
    from lagebild.nlp import tokenize as tok
    from lagebild.quotes import direct, phrases, statement

    assert frozenset("„“\"‚‘'`»«‹›([{") == tok._OPENERS
    assert frozenset("\"'`”“‘’»«›‹)]}") == tok._CLOSERS
    assert frozenset("„‚([{") == tok._LINE_OPENERS
    assert frozenset("„‚\"»«") == tok._QUOTE_OPENERS
    assert frozenset(".!?…") == tok._TERMINAL_LAST_CHARS
    assert frozenset({'"', "„", "“", "”", "``", "''", "»", "«"}) == mood._QUOTE_MARKS
    assert frozenset({"„", "“", "”", '"', "»", "«", "‚", "‘", "’", "'"}) == phrases.QUOTE_CHARS
    assert frozenset({"„", "»", "«", '"', "“"}) == statement.OPENING
    assert statement.CLOSING == {"„": ("“", "”", '"'), "»": ("«",), "«": ("»",), '"': ('"',), "“": ("”",)}
    assert (frozenset("„"), frozenset("“”")) == (direct.DOUBLE_OPEN, direct.DOUBLE_CLOSE)
    assert (frozenset("‚"), frozenset("‘’")) == (direct.SINGLE_OPEN, direct.SINGLE_CLOSE)
    assert frozenset({".", "!", "?", "…", "..."}) == de.SENTENCE_END


def test_abbreviations_keep_their_period() -> None:
    text = "Dr. Meier traf am 3. Jan. Prof. Lang, vgl. Abs. 2 usw. Dann ging er."
    words = [text[s:e] for s, e in tokenize(text)]
    for abbreviation in ("Dr.", "Prof.", "vgl.", "Abs.", "usw."):
        assert abbreviation in words
    assert "Jan" in words  # ambiguous: no period before a capitalised word
    sentences = [text[s:e] for s, e in split_sentences(text, tokenize(text))]
    assert sentences[-1] == "Dann ging er."  # "usw." ends a sentence before a capital
    assert set(de.NOT_CAPITALISED_ABBREVIATIONS) <= set(de.ABBREVIATIONS)
    assert {a.rstrip(".") for a in de.SENTENCE_FINAL_ABBREVIATIONS if "." not in a.rstrip(".")} <= set(
        de.ABBREVIATIONS)


def test_calendar_words_are_shared() -> None:
    from lagebild.quotes.phrases import TIME_NOUNS
    from lagebild.temporal import lexicon

    assert set(de.MONTHS.values()) == set(range(1, 13))
    assert set(de.MONTH_ABBREVIATIONS.values()) <= set(range(1, 13))
    assert lexicon.MONTHS["jänner"] == lexicon.MONTHS["jan."] == 1
    assert lexicon.MONTHS["sept."] == de.MONTHS["september"] == 9
    assert lexicon.WEEKDAYS == de.WEEKDAYS
    assert set(de.WEEKDAYS) <= TIME_NOUNS


def test_month_names_and_abbreviations_in_the_tokenizer() -> None:
    text = "Am 3. Feber und am 4. Sept. 2020 war es kalt."
    words = [text[s:e] for s, e in tokenize(text)]
    assert "3." in words and "4." in words and "Sept." in words  # ordinals before month names keep the period


def test_reporting_verbs_are_the_cue_verbs() -> None:
    from lagebild.quotes.lexicon import CUE_VERBS

    assert set(CUE_VERBS) == de.REPORTING_VERB_LEMMAS
    assert CUE_VERBS["sagen"].medium == "speech" and CUE_VERBS["schreiben"].medium == "writing"
    assert CUE_VERBS["glauben"].medium == "thought" and CUE_VERBS["einigen"].medium == "agreement"
