"""Reported statements, news without a speaker and speaker phrases (statement.py, subjects.py, cues.py).

All sentences are invented; each test pins one SpkAtt-2023 convention the rules follow.
"""

from __future__ import annotations

from tests.quotes_support import attributions


def test_quoted_object_of_a_judging_verb_is_the_statement_not_the_sentence() -> None:
    records = attributions("Der Landrat Bernd Oswald nannte den Vorschlag eine „Luftnummer“.")
    assert ("Direct", "„Luftnummer“", "nannte", "Der Landrat Bernd Oswald") in records
    assert not [r for r in records if r[0] == "Reported"]


def test_plain_noun_phrase_object_is_a_reported_statement() -> None:
    records = attributions("Die Gewerkschaft der Gärtner forderte höhere Löhne für alle Saisonkräfte.")
    assert records == [("Reported", "Die Gewerkschaft der Gärtner forderte höhere Löhne für alle Saisonkräfte.", "",
                        "Die Gewerkschaft der Gärtner")]


def test_sprechen_reports_only_with_von() -> None:
    assert not attributions("Die Ermittler konnten inzwischen mit dem Hausmeister sprechen.")
    records = attributions("Die Bürgermeisterin sprach von einem schwarzen Tag für die Stadt.")
    assert [r[0] for r in records] == ["Reported"]


def test_passive_judgement_with_agent_is_reported_by_the_agent() -> None:
    records = attributions("Von den Grünen wurde der Plan als überteuert kritisiert.")
    assert [(r[0], r[3]) for r in records] == [("Reported", "Von den Grünen")]


def test_became_known_is_a_cue_without_speaker() -> None:
    records = attributions("Im Mai wurde bekannt, dass die Brücke gesperrt wird.")
    assert records == [("Indirect", "dass die Brücke gesperrt wird", "wurde bekannt", "")]


def test_passive_frame_after_the_message_names_its_agent() -> None:
    records = attributions("Die Fähre fährt ab Montag wieder. Das wurde vom Landratsamt bekannt gegeben.")
    form, _, cue, source = records[0]
    assert (form, cue, source) == ("Indirect", "wurde … bekannt gegeben", "Landratsamt")


def test_apposition_with_a_quoted_company_name_belongs_to_the_subject() -> None:
    records = attributions("Der Chef von „Solarwerk“, Peter Lindner, sagte, der Umsatz sei gestiegen.")
    assert records[0][3] == "Der Chef von „Solarwerk“, Peter Lindner"


def test_verlauten_takes_its_source_from_aus_with_the_preposition() -> None:
    # SpkAtt marks the preposition with it ("Aus EU-Kreisen", "Aus Militärkreisen", "aus Reihen des …")
    records = attributions("Aus Regierungskreisen verlautete, die Reform komme später.")
    assert records[0][:2] == ("Indirect", "die Reform komme später") and records[0][3] == "Aus Regierungskreisen"


def test_heisst_es_after_a_quotation_names_the_document_or_the_person() -> None:
    records = attributions("„Die Ergebnisse der Prüfung werden im Herbst vorliegen“, heißt es in einer Mitteilung des "
                           "Landratsamts.")
    assert [(r[2], r[3]) for r in records] == [("heißt es", "einer Mitteilung des Landratsamts")]
    # a fused article stays with the phrase, as SpkAtt annotates it ("vom X", "im Bericht")
    records = attributions("„Die Brücke bleibt bis zum Sommer gesperrt“, hieß es vom Sprecher der Stadtwerke.")
    assert [(r[2], r[3]) for r in records] == [("hieß es", "vom Sprecher der Stadtwerke")]


def test_the_aus_phrase_of_hervorgehen_is_the_source_also_in_a_wie_clause() -> None:
    records = attributions("Wie aus einem Bericht der Landesregierung hervorgeht, wurden drei Schulen geschlossen.")
    assert [(r[2], r[3]) for r in records] == [("Wie … hervorgeht", "einem Bericht der Landesregierung")]
