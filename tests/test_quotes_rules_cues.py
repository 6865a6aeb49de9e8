"""Cue, frame and source rules of the quote extractor (cues.py, reported.py, phrases.py, lexicon.py).

All sentences are invented; each test pins one SpkAtt-2023 convention the rules follow.
"""

from __future__ import annotations

from tests.quotes_support import Record, attributions


def with_message(records: list[Record], start: str) -> Record:
    found = [r for r in records if r[1].startswith(start)]
    assert found, f"no message starts with {start!r}: {records}"
    return found[0]


def test_apposition_before_the_verb_is_the_subject_not_the_object_after_it() -> None:
    records = attributions("Jana Kolbe, Sprecherin der Gruppe Grünes Tal, forderte die Stadtwerke auf, "
                           "die Preise zu senken.")
    form, _, cue, source = with_message(records, "die Preise zu senken")
    assert (form, cue, source) == ("Indirect", "forderte … auf", "Jana Kolbe, Sprecherin der Gruppe Grünes Tal")


def test_second_predicate_shares_the_subject_of_the_first() -> None:
    records = attributions("Die Stadtwerke bestätigten den Ausfall, teilten jedoch mit, die Ursache sei unklar.")
    _, _, cue, source = with_message(records, "die Ursache sei unklar")
    assert cue == "teilten … mit" and source == "Die Stadtwerke"
    assert not any(r[1].startswith("teilten") for r in records)  # the second predicate is no message


def test_coordinated_verb_takes_the_first_subject() -> None:
    records = attributions("Die Veranstalter riefen zur Ruhe auf und kündigten an, die Feier zu verschieben.")
    _, _, cue, source = with_message(records, "die Feier zu verschieben")
    assert cue == "kündigten an" and source == "Die Veranstalter"


def test_relative_pronoun_alone_is_the_source() -> None:
    records = attributions("Anwesend war der Bürgermeister Tim Roth, der der Landesregierung vorwarf, "
                           "die Schulen zu vernachlässigen.")
    _, _, cue, source = with_message(records, "die Schulen zu vernachlässigen")
    assert cue == "vorwarf" and source == "der"


def test_speech_noun_takes_its_article_and_governing_verb() -> None:
    records = attributions("Die Staatsanwaltschaft hegt den Verdacht, der Kassierer habe Geld unterschlagen.")
    _, _, cue, source = with_message(records, "der Kassierer habe Geld unterschlagen")
    assert cue == "hegt den Verdacht" and source == "Die Staatsanwaltschaft"


def test_speech_noun_after_a_cue_verb_joins_its_frame() -> None:
    records = attributions("Ein Gutachten bestätigte den Verdacht, dass die Brücke marode ist.")
    assert [r[2] for r in records] == ["bestätigte den Verdacht"]
    assert records[0][3] == "Ein Gutachten"


def test_speech_noun_after_a_preposition_keeps_only_its_article() -> None:
    records = attributions("Der Verein wies auf die Behauptung hin, die Halle sei einsturzgefährdet.")
    assert any(r[2].endswith("die Behauptung") or r[2] == "die Behauptung" for r in records), records


def test_relative_source_phrase_nach_denen() -> None:
    records = attributions("Die Partei verwies auf Umfragen, nach denen 60 Prozent der Wähler die Reform ablehnen.")
    form, _, cue, source = with_message(records, "60 Prozent der Wähler")
    assert (form, cue, source) == ("Indirect", "nach", "denen")


def test_source_phrase_with_an_extended_attribute() -> None:
    records = attributions("Laut einer am Freitag veröffentlichten Mitteilung des Vereins wurden 300 Bäume gepflanzt.")
    _, _, cue, source = with_message(records, "wurden 300 Bäume gepflanzt")
    assert cue == "Laut" and source == "einer am Freitag veröffentlichten Mitteilung des Vereins"


def test_semicolon_ends_the_message_of_a_source_phrase() -> None:
    records = attributions("Die Veranstalter zählten 5.000 Gäste; nach Polizeiangaben waren es nur 3.000.")
    _, message, cue, source = with_message(records, "waren es nur 3.000")
    assert (message, cue, source) == ("waren es nur 3.000", "nach", "Polizeiangaben")


def test_particle_after_an_apposition() -> None:
    records = attributions("Das Museum bleibt im Winter geschlossen. Dies teilte die Leiterin des Hauses, "
                           "Anna Berg, mit.")
    assert any(r[2] == "teilte … mit" and r[3] == "die Leiterin des Hauses, Anna Berg" for r in records), records


def test_pluperfect_passive_takes_the_von_phrase_as_source() -> None:
    records = attributions("Von Seiten der Opposition war der Regierung vorgeworfen worden, die Zahlen zu schönen.")
    _, _, cue, source = with_message(records, "die Zahlen zu schönen")
    assert cue == "war … vorgeworfen worden" and source == "der Opposition"


def test_infinitive_without_comma_after_a_final_cue() -> None:
    records = attributions("Der Bäckerverband hat angekündigt die Preise im Herbst zu erhöhen.")
    form, message, cue, source = with_message(records, "die Preise")
    assert (form, message, cue, source) == ("Indirect", "die Preise im Herbst zu erhöhen", "hat angekündigt",
                                            "Der Bäckerverband")


def test_bis_zu_opens_no_subordinate_clause() -> None:
    records = attributions("Der Vorstand und der Betriebsrat haben sich geeinigt, bis zu 40 Stellen zu streichen.")
    _, _, cue, _ = with_message(records, "bis zu 40 Stellen zu streichen")
    assert cue == "haben sich geeinigt"


def test_demonstrative_trailing_frame() -> None:
    records = attributions("Der Zoo bekommt zwei neue Elefanten, das berichtete die Zeitung Nordkurier.")
    _, message, cue, source = with_message(records, "Der Zoo")
    assert (message, cue, source) == ("Der Zoo bekommt zwei neue Elefanten", "berichtete", "die Zeitung Nordkurier")


def test_naming_is_not_saying() -> None:
    assert attributions("Der Komet, genannt K2, ist heller als erwartet.") == []
    assert attributions("„Rocky“, wie er sich nannte, gewann drei Titel.") == []


def test_so_before_a_trailing_verb_belongs_to_the_cue() -> None:
    records = attributions("Die Brücke sei nicht mehr sicher, so urteilte der Gutachter.")
    _, message, cue, source = with_message(records, "Die Brücke")
    assert (message, cue, source) == ("Die Brücke sei nicht mehr sicher", "so urteilte", "der Gutachter")


def test_negated_speech_verb_reports_nothing() -> None:
    assert attributions("Ein Sprecher wollte nicht bestätigen, dass der Chef zurücktritt.") == []


def test_phrasal_cues_with_preposition_and_article() -> None:
    records = attributions("Die Prüfer kamen zu dem Ergebnis, dass die Kasse stimmt.")
    assert [r[2:] for r in records] == [("kamen zu dem Ergebnis", "Die Prüfer")]
    records = attributions("Der Verein hält es für möglich, dass das Fest verschoben wird.")
    assert [r[2:] for r in records] == [("hält es für möglich", "Der Verein")]


def test_text_sources_hervorgehen_stehen_zu_hoeren() -> None:
    records = attributions("Aus einem Schreiben der Stadt geht hervor, dass die Halle schließt.")
    assert [r[2:] for r in records] == [("geht hervor", "einem Schreiben der Stadt")]
    records = attributions("In dem Vertrag steht, dass die Miete steigt.")
    assert [r[2:] for r in records] == [("steht", "dem Vertrag")]
    records = attributions("Aus dem Rathaus ist zu hören, der Bürgermeister trete zurück.")
    assert [r[2:] for r in records] == [("ist zu hören", "dem Rathaus")]
    assert attributions("Der Zug stand lange auf den Schienen, weil ein Signal ausfiel.") == []


def test_topic_of_a_report_is_no_statement() -> None:
    assert attributions("Die Zeitung berichtete über einen Streik der Busfahrer.") == []


def test_cited_person_is_the_source_of_zitieren() -> None:
    records = attributions("Ein Radiosender zitierte die Trainerin mit den Worten: „Wir geben nicht auf.“")
    assert any(r[0] == "Direct" and r[3] == "die Trainerin" for r in records), records
