"""Who said what: direct quotes, reported speech and speakers (issue 4)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lagebild.components import make_sentences, make_tagger
from lagebild.model import Article, Entity, Mention, Quote
from lagebild.offsets import OffsetMap
from lagebild.pipeline import analyze
from lagebild.quotes import extract_attributions
from lagebild.quotes.component import make_quotes
from lagebild.store import Database

from .conftest import ROOT, SEED_PATH

EVAL = ROOT / "evaluation" / "eval_quotes.py"


def quotes_of(text: str) -> list[Quote]:
    return analyze(text).quotes


def one(text: str) -> Quote:
    found = quotes_of(text)
    assert len(found) == 1, [(q.type, q.text) for q in found]
    return found[0]


def by_text(quotes: list[Quote], start: str) -> Quote:
    matches = [q for q in quotes if q.text.lstrip("„»«\"‚").startswith(start)]
    assert matches, f"no quote starts with {start!r}: {[q.text for q in quotes]}"
    return matches[0]


# --- the seed article (issue 4 "done when") ---------------------------------------------------------


@pytest.fixture(scope="module")
def seed_quotes() -> list[Quote]:
    article = analyze(SEED_PATH.read_text(encoding="utf-8"), date="2017-07-08")
    assert "lagebild.quotes.v1" in article.components
    return article.quotes


def test_seed_working_group_statement_is_lawrows(seed_quotes: list[Quote]) -> None:
    quote = by_text(seed_quotes, "dass der russische Präsident Wladimir Putin")
    assert quote.type == "indirect"
    assert quote.speaker_name == "Sergej Lawrow"
    assert quote.cue is not None and quote.cue.text == "erklärte"


def test_seed_partial_quote_and_so_lawrow(seed_quotes: list[Quote]) -> None:
    partial = [q for q in seed_quotes if q.text == "„Aus offensichtlichen Gründen“"]
    assert partial and partial[0].type == "direct"
    assert partial[0].speaker_name == "Sergej Lawrow"  # "so Lawrow" links to the full name


def test_seed_free_indirect_continues_lawrow(seed_quotes: list[Quote]) -> None:
    quote = by_text(seed_quotes, "Es gehe um Sicherheitsrisiken")
    assert quote.type == "free_indirect"
    assert quote.speaker_name == "Sergej Lawrow"  # the presidents' agreement does not take over
    assert quote.cue is None


def test_seed_kossatschow_sentences(seed_quotes: list[Quote]) -> None:
    first = by_text(seed_quotes, "Die Ergebnisse des Treffens haben meine Erwartungen übertroffen.")
    last = by_text(seed_quotes, "Auf gewisse Weise ist das ein Durchbruch")
    for quote in (first, last):
        assert quote.type == "direct"
        assert quote.speaker_name == "Konstantin Kossatschow"
        assert quote.cue is not None and quote.cue.text == "sagte"
    between = by_text(seed_quotes, "Es habe viele Annäherungspunkte")
    assert between.type == "free_indirect" and between.speaker_name == "Konstantin Kossatschow"


def test_seed_several_speakers_agree(seed_quotes: list[Quote]) -> None:
    agreed = [q for q in seed_quotes if q.text.startswith("dass dies ein zunehmend riskanter Bereich")]
    assert {q.speaker_name for q in agreed} == {"Wladimir Putin", "Donald Trump"}


def test_quote_spans_and_cues_point_into_the_text(seed_quotes: list[Quote]) -> None:
    text = analyze(SEED_PATH.read_text(encoding="utf-8")).text
    for quote in seed_quotes:
        assert text[quote.start:quote.end] == quote.text
        if quote.cue:
            assert text[quote.cue.start:quote.cue.end] == quote.cue.text


# --- direct quotes in every style -------------------------------------------------------------------


@pytest.mark.parametrize("text, quoted, speaker", [
    ("Der Minister sagte: „Wir werden die Steuern senken.“", "„Wir werden die Steuern senken.“", "Minister"),
    ("»Wir schaffen das«, sagte Angela Merkel.", "»Wir schaffen das«", "Angela Merkel"),
    ("«Das ist ein guter Tag für die Schweiz», sagte Bundesrat Ueli Maurer.",
     "«Das ist ein guter Tag für die Schweiz»", "Ueli Maurer"),
    ('"Das ist gut so", sagte der Trainer Jürgen Klopp.', '"Das ist gut so"', "Jürgen Klopp"),
])
def test_direct_quote_styles(text: str, quoted: str, speaker: str) -> None:
    quote = one(text)
    assert (quote.type, quote.text, quote.speaker_name) == ("direct", quoted, speaker)
    assert quote.cue is not None and quote.cue.text == "sagte"


def test_nested_single_quotes_stay_inside_the_outer_quote() -> None:
    quote = one("Die Kanzlerin erklärte: „Er sagte mir: ‚Ich komme morgen.‘ Das hat mich gefreut.“")
    assert quote.text == "„Er sagte mir: ‚Ich komme morgen.‘ Das hat mich gefreut.“"
    assert quote.speaker_name == "Kanzlerin"


def test_quote_spanning_sentences() -> None:
    quote = one("Der Sprecher sagte: „Wir prüfen den Fall. Morgen wissen wir mehr.“ Dann ging er nach Hause.")
    assert quote.text == "„Wir prüfen den Fall. Morgen wissen wir mehr.“"


def test_half_marked_quote_without_opening_mark() -> None:
    quote = one('Die Lage ist ernst, aber wir schaffen das", sagte die Ministerin Nancy Faeser.')
    assert quote.type == "direct"
    assert quote.text.startswith("Die Lage ist ernst") and quote.speaker_name == "Nancy Faeser"


def tagged(text: str) -> Article:
    """An article tagged from the exact text (no cleaning, which may join short lines)."""
    article = Article(raw=text, text=text, offsets=OffsetMap.identity(len(text)))
    return make_tagger()(make_sentences()(article))


def test_unmarked_quote_after_a_frame_line() -> None:
    article = make_quotes()(tagged("Der Bürgermeister Peter Kurz sagte der Zeitung\n"
                                   "Wir haben alles richtig gemacht."))
    assert len(article.quotes) == 1
    quote = article.quotes[0]
    assert quote.type == "direct"
    assert quote.text == "Wir haben alles richtig gemacht."
    assert quote.speaker_name == "Peter Kurz"


def test_partial_quote_introduced_by_its_cue() -> None:
    quotes = quotes_of("Die Ministerin Julia Gillard bezeichnete das Unglück als „große Tragödie“.")
    partial = by_text(quotes, "große Tragödie")
    assert partial.type == "direct" and partial.speaker_name == "Julia Gillard"


@pytest.mark.parametrize("text", [
    "Die Partei „Neue Rechte“ trat bei der Wahl an.",
    "Das Wort „Wutbürger“ wurde zum Wort des Jahres gewählt.",
    "Die Mondlandefähre „Eagle“ landete im Meer der Ruhe.",
    "Das ist ein „geflügeltes Wort“ geworden.",
])
def test_scare_quotes_and_titles_are_not_statements(text: str) -> None:
    assert quotes_of(text) == []


# --- reported speech --------------------------------------------------------------------------------


@pytest.mark.parametrize("text, message, speaker, cue", [
    ("Laut Polizei wurde niemand verletzt.", "wurde niemand verletzt", "Polizei", "Laut"),
    ("Der Feuerwehr zufolge brach das Feuer in der Küche aus.", "brach das Feuer in der Küche aus",
     "Feuerwehr", "zufolge"),
    ("Das Feuer brach in der Küche aus, so die Feuerwehr.", "Das Feuer brach in der Küche aus",
     "Feuerwehr", "so"),
    ("Wie das Ministerium mitteilte, sind die Zahlen gestiegen.", "sind die Zahlen gestiegen",
     "Ministerium", "Wie das Ministerium mitteilte"),
    ("Nach Angaben der Polizei gab es zwei Verletzte.", "gab es zwei Verletzte", "Polizei", "Nach"),
    ("Der Bürgermeister erklärte, dass die Straße gesperrt bleibe.", "dass die Straße gesperrt bleibe",
     "Bürgermeister", "erklärte"),
    ("Die Journalistin fragte, ob der Minister zurücktrete.", "ob der Minister zurücktrete",
     "Journalistin", "fragte"),
    ("Der Minister sagte, die Regierung habe keine Fehler gemacht.", "die Regierung habe keine Fehler gemacht",
     "Minister", "sagte"),
    ("Die Gewerkschaft erklärte, die Arbeitgeber hätten das Angebot abgelehnt.",
     "die Arbeitgeber hätten das Angebot abgelehnt", "Gewerkschaft", "erklärte"),
    ("Das Ministerium teilte mit, die Zahl der Arbeitslosen sei gesunken.",
     "die Zahl der Arbeitslosen sei gesunken", "Ministerium", "teilte mit"),
    ("Die Ministerin Nancy Faeser kündigte an, zurückzutreten.", "zurückzutreten", "Nancy Faeser",
     "kündigte an"),
])
def test_reported_speech(text: str, message: str, speaker: str, cue: str) -> None:
    quote = one(text)
    assert quote.type == "indirect"
    assert (quote.text, quote.speaker_name) == (message, speaker)
    assert quote.cue is not None and quote.cue.text == cue


def test_source_phrase_in_the_middle_keeps_the_sentence_readable() -> None:
    quote = one("Ein Tatverdacht bestehe nach Angaben der Bundesanwaltschaft nicht mehr.")
    assert quote.text == "Ein Tatverdacht bestehe nach Angaben der Bundesanwaltschaft nicht mehr"
    assert quote.speaker_name == "Bundesanwaltschaft"


def test_reported_statement_without_clause() -> None:
    quote = one("Die Gewerkschaft Verdi forderte höhere Löhne.")
    assert quote.type == "reported" and quote.speaker_name == "Verdi"


def test_free_indirect_continues_until_the_mood_changes() -> None:
    quotes = quotes_of("Der Minister Boris Pistorius sagte, die Regierung habe keine Fehler gemacht. "
                       "Es gehe jetzt um die Zukunft. Man müsse nach vorne schauen. Am Abend regnete es. "
                       "Morgen sei ein neuer Tag.")
    assert [q.type for q in quotes[:2]] == ["indirect", "free_indirect"]
    continued = quotes[1]
    assert continued.text == "Es gehe jetzt um die Zukunft. Man müsse nach vorne schauen."
    assert continued.speaker_name == "Boris Pistorius"
    assert all("regnete" not in q.text for q in quotes)
    # after the indicative sentence the chain is broken: no speaker carries over
    later = by_text(quotes, "Morgen sei ein neuer Tag.")
    assert later.speaker_name != "Boris Pistorius"


# --- speakers ---------------------------------------------------------------------------------------


def test_pronoun_speaker_resolves_to_the_nearest_person() -> None:
    quote = one("Angela Merkel kam am Morgen nach Hamburg. Sie sagte, sie sei zufrieden.")
    assert quote.speaker_name == "Angela Merkel"


def test_surname_links_to_the_full_name() -> None:
    quote = one("Der Außenminister Sergej Lawrow traf Kollegen. Lawrow sagte, das Treffen sei gut gewesen.")
    assert quote.speaker_name == "Sergej Lawrow"


def test_role_noun_resolves_to_the_person_it_denotes() -> None:
    quotes = quotes_of("Der Außenminister Sergej Lawrow traf in Hamburg ein. "
                       "Der Außenminister sagte, die Gespräche seien gut verlaufen.")
    assert quotes[0].speaker_name == "Sergej Lawrow"


def test_function_noun_is_a_new_speaker() -> None:
    quotes = quotes_of("Angela Merkel sagte, sie sei zufrieden. Ein Sprecher der Polizei sagte, alles sei ruhig.")
    assert by_text(quotes, "alles sei ruhig").speaker_name == "Sprecher der Polizei"


def test_several_speakers_get_one_quote_each() -> None:
    quotes = quotes_of("Angela Merkel und Emmanuel Macron sagten, Europa müsse zusammenhalten.")
    assert [q.speaker_name for q in quotes] == ["Angela Merkel", "Emmanuel Macron"]
    assert {q.text for q in quotes} == {"Europa müsse zusammenhalten"}


def test_entities_give_speaker_ids_and_canonical_names() -> None:
    article = tagged("Lawrow sagte, das Treffen sei gut gewesen.")
    article.entities = [Entity("E1", "Sergei Wiktorowitsch Lawrow", "PER", "Q46602")]
    article.mentions = [Mention("Lawrow", 0, 6, "PER", "E1")]
    quote = make_quotes()(article).quotes[0]
    assert (quote.speaker, quote.speaker_name) == ("E1", "Sergei Wiktorowitsch Lawrow")


def test_attributions_keep_the_speaker_phrase_and_split_cues() -> None:
    article = analyze("Das Ministerium teilte am Montag mit, die Zahl sei gesunken.")
    attribution = extract_attributions(article)[0]
    assert [article.text[s:e] for s, e in attribution.source] == ["Das Ministerium"]
    assert [article.text[s:e] for s, e in attribution.cue] == ["teilte", "mit"]
    assert attribution.form == "Indirect"


def spans_of(text: str) -> list[tuple[str, list[str], list[str], list[str]]]:
    """(form, message parts, cue parts, source parts) of every attribution, as text."""
    article = analyze(text)

    def words(spans: list[tuple[int, int]]) -> list[str]:
        return [article.text[s:e] for s, e in spans]

    return [(a.form, words(a.message), words(a.cue), words(a.source)) for a in extract_attributions(article)]


def test_source_keeps_brackets_quoted_names_and_genitives() -> None:
    found = spans_of("Bundespräsident Christian Wulff (CDU) hat bekräftigt, die Regierung bekenne sich dazu.")
    assert found[0][3] == ["Bundespräsident Christian Wulff (CDU)"]
    found = spans_of("Die Zeitung „Yemen Observer“ berichtet, dass zwei Verhandlungsrunden gescheitert seien.")
    assert found[0][3] == ["Die Zeitung „Yemen Observer“"]
    found = spans_of("Nach Angaben seines Impresarios hat er die Rolle 1.476-mal gespielt.")
    assert found[0][3] == ["Angaben seines Impresarios"]
    assert found[0][1] == ["hat er die Rolle 1.476-mal gespielt"]


def test_capitalised_imperative_is_read_as_a_name() -> None:
    found = spans_of("Henk Jaap Meijer, Laborleiter der Emsland Stärke GmbH, erklärte: „Wir sehen keine Möglichkeit.“")
    assert found[0][0] == "Direct"
    assert found[0][3] == ["Henk Jaap Meijer, Laborleiter der Emsland Stärke GmbH"]


def test_impersonal_es_is_no_source() -> None:
    found = spans_of("Eine Heilung der Krankheit sei jedoch ausgeschlossen, heißt es.")
    assert found[0][2] == ["heißt es"] and found[0][3] == []


def test_indirect_message_with_a_partial_quote_keeps_both_statements() -> None:
    found = spans_of("Stephen Singer erklärte, der Bericht sei „ein grundlegendes Dokument, das den Weg ebnen wird“.")
    forms = sorted(f for f, *_ in found)
    assert forms == ["Direct", "Indirect"], found
    indirect = next(x for x in found if x[0] == "Indirect")
    assert indirect[1][0].startswith("der Bericht sei „ein")


def test_dass_clause_before_a_colon_quotation_is_its_own_statement() -> None:
    found = spans_of("Er glaubt, dass das Team gestärkt sei: „Wir haben gelernt, bescheidener zu sein.“")
    assert ("Indirect", ["dass das Team gestärkt sei"], ["glaubt"], ["Er"]) in found
    direct = next(x for x in found if x[0] == "Direct")
    assert direct[2] == ["glaubt"]


def test_passive_agent_after_the_verb_and_relative_pronoun_are_sources() -> None:
    found = spans_of("Die Einwohner wurden von den Behörden angewiesen, ihre Häuser zu verlassen.")
    assert found[0][3] == ["den Behörden"]
    found = spans_of("Die Polizei fand einen Zeugen, der angab, den Mann gesehen zu haben.")
    assert found[0][3] == ["der"]


def test_wonach_after_a_noun_names_that_noun() -> None:
    found = spans_of("Am Montag gab es Berichte der New York Times, wonach Inspektoren Zutritt erhalten hätten.")
    wonach = next(x for x in found if x[2] == ["wonach"])
    assert wonach[3] == ["Berichte der New York Times"]


def test_cue_phrases_take_their_article_and_mit_den_worten() -> None:
    found = spans_of("Die Forscher sind der Meinung, dass die Theorie stimmt.")
    assert found[0][2] == ["sind der Meinung"]
    found = spans_of("Der Trainer lobte die Mannschaft mit den Worten, sie habe hervorragend gespielt.")
    assert "mit den Worten" in " ".join(found[0][2])


def test_dies_frame_takes_the_previous_sentence_without_its_period() -> None:
    found = spans_of("Die Zahl der Toten ist gestiegen. Dies teilte die Polizei mit.")
    assert found[0][1] == ["Die Zahl der Toten ist gestiegen", "Dies"]


# --- store and command line -------------------------------------------------------------------------


def test_store_round_trip_by_speaker(tmp_path: Path) -> None:
    article = analyze(SEED_PATH.read_text(encoding="utf-8"), date="2017-07-08")
    with Database(tmp_path / "q.db") as database:
        database.save(article)
        rows = database.quotes_by_speaker("konstantin kossatschow")
        stored = database.get(article.id)
    assert len(rows) == sum(q.speaker_name == "Konstantin Kossatschow" for q in article.quotes) == 3
    assert rows[0]["cue"]["text"] == "sagte"
    assert stored is not None and stored.quotes == article.quotes


def test_cli_quotes_by_speaker(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    run = [sys.executable, "-m", "lagebild"]
    analysed = subprocess.run([*run, "analyze", str(SEED_PATH), "--date", "2017-07-08", "--db", db],
                              capture_output=True, text=True, timeout=300)
    assert analysed.returncode == 0, analysed.stderr
    assert "Quotes by speaker" in analysed.stdout and "Sergej Lawrow (" in analysed.stdout
    listed = subprocess.run([*run, "quotes", "--speaker", "Sergej Lawrow", "--db", db, "--format", "json"],
                            capture_output=True, text=True, timeout=300)
    assert listed.returncode == 0, listed.stderr
    assert "Es gehe um Sicherheitsrisiken" in listed.stdout


# --- the SpkAtt-2023 scorer -------------------------------------------------------------------------


def test_scorer_skips_cleanly_without_data(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(EVAL), "--data-dir", str(tmp_path / "missing"), "--check"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0
    assert result.stdout.startswith("skip:")


def test_scorer_assignment_and_detokeniser() -> None:
    sys.path.insert(0, str(EVAL.parent))
    import eval_quotes

    assert sorted(eval_quotes.assign([[0.1, 0.9], [0.8, 0.2], [0.0, 0.0]])) == [(0, 1), (1, 0)]
    text, spans = eval_quotes.detokenize([["Er", "sagte", ":", "„", "Ja", "“", "."], ["Gut", "so"]])
    assert text == "Er sagte: „Ja“. Gut so"
    assert [text[s:e] for s, e in spans][3:6] == ["„", "Ja", "“"]


def test_scorer_on_dev_meets_the_pinned_floors(shared_data: Path) -> None:
    if not (shared_data / "spkatt2023_news" / "dev").is_dir():
        pytest.skip("SpkAtt-2023 news data not available")
    result = subprocess.run([sys.executable, str(EVAL), "--data-dir", str(shared_data / "spkatt2023_news"),
                             "--check"], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
