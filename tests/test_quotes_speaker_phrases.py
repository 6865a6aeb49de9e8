"""Speaker phrases (issue 15, section 2): how far the source phrase reaches, and phrases that name no one.

All sentences are invented for these tests.
"""

from __future__ import annotations

from lagebild.quotes.base import Tokens
from lagebild.quotes.speaking import names_no_one
from tests.quotes_support import attributions, speaker_of, tagged


def source_of(text: str, message_start: str) -> str:
    found = [source for _, message, _, source in attributions(text) if message.startswith(message_start)]
    assert found, f"no statement starting with {message_start!r} in {attributions(text)}"
    return found[0]


def test_a_fronted_time_adverbial_is_no_subject() -> None:
    text = "Vergangene Woche kündigte der Konzern an, sämtliche Schalter zu schließen."
    assert source_of(text, "sämtliche Schalter") == "der Konzern"
    text = "Anfang Februar erklärte die Polizei, der Täter sei gefasst."
    assert source_of(text, "der Täter sei") == "die Polizei"


def test_der_with_a_weak_adjective_is_a_dative_not_the_speaker() -> None:
    text = "Der englischsprachigen Zeitung sagte der Häftling Peter Karma, er werde weiterkämpfen."
    assert source_of(text, "er werde") == "der Häftling Peter Karma"


def test_relative_clause_opened_by_a_preposition_takes_the_subject_after_the_pronoun() -> None:
    text = ("Festgenommen wurde ein Mann aus Mainz, von dem die Polizei glaubt, er sei für einen Anschlag "
            "angeworben worden.")
    assert source_of(text, "er sei für") == "die Polizei"


def test_a_phrase_that_names_no_one_is_no_source() -> None:
    tv = Tokens(tagged("Vergangene Woche erklärte die Veranstaltung im Mai geworden 37 Prozent der Befragten."))
    def phrase(text: str) -> list[int]:
        first = next(i for i in range(len(tv)) if tv.words[i] == text.split()[0])
        return list(range(first, first + len(text.split())))

    for text in ("Vergangene Woche", "die Veranstaltung", "im Mai", "geworden"):
        assert names_no_one(tv, phrase(text)), text
    assert not names_no_one(tv, phrase("37 Prozent der Befragten"))  # SpkAtt marks such groups


def test_the_subject_of_a_reported_sentence_does_not_take_over_the_chain() -> None:
    text = ("Gewerkschaftschef Konrad Freiberg sagte, die Bundeswehr sei überlastet. Die Polizei hat zu wenig "
            "Personal. Bereits heute müssten private Unternehmen den Schutz der Kasernen übernehmen. Außerdem sei "
            "der Schutz der Spiele keine Aufgabe des Militärs.")
    assert speaker_of(text, "Außerdem sei") == ["Konrad Freiberg"]


def test_a_possessive_source_noun_does_not_take_over_the_chain() -> None:
    text = ("Der Abgeordnete Wolfgang Wieland kritisierte den Entwurf. Die Verhältnismäßigkeit sei seiner Meinung "
            "nach nicht gewahrt. Das Gesetz gehe zu weit.")
    assert source_of(text, "Das Gesetz gehe") != "seiner Meinung"


def test_a_medium_keeps_the_place_it_published_in() -> None:
    text = "Wie die israelische Zeitung Haaretz in ihrer Onlineausgabe berichtete, sei der Plan gescheitert."
    assert source_of(text, "sei der Plan") == "die israelische Zeitung Haaretz in ihrer Onlineausgabe"
    text = "Wie das Magazin Der Spiegel in einem Vorabbericht vom 22. August berichtet, plane die Regierung Kürzungen."
    assert source_of(text, "plane die Regierung") == "das Magazin Der Spiegel in einem Vorabbericht vom 22. August"


def test_a_speaker_phrase_does_not_reach_across_a_colon() -> None:
    text = "Arbeitswelt: Die SPD fordert einen Mindestlohn von zehn Euro."
    assert all(":" not in source for *_, source in attributions(text))


def test_verlauten_keeps_the_preposition_of_its_source() -> None:
    text = "Aus Militärkreisen verlautete, die Truppen würden abgezogen."
    assert source_of(text, "die Truppen") == "Aus Militärkreisen"


def test_a_surname_with_its_particle_opens_a_sentence() -> None:
    text = ("Bundesarbeitsministerin Ursula von der Leyen stellte den Plan vor. Von der Leyen betonte, die Frauen "
            "seien geeignet.")
    assert source_of(text, "die Frauen") == "Von der Leyen"
    assert speaker_of(text, "die Frauen") == ["Ursula von der Leyen"]
