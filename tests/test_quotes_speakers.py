"""Speakers (issue 15, section 2): who can speak, and what a source phrase refers to (speakers.py, registry.py,
media.py).

All sentences are invented for these tests.
"""

from __future__ import annotations

from lagebild.model import Entity, Mention
from lagebild.quotes.base import Speaker
from lagebild.quotes.media import canonical_name, class_of_noun, medium_class
from lagebild.quotes.registry import is_role_compound, roles_match
from lagebild.quotes.speaking import valid_name as _valid_name
from tests.quotes_support import speaker_of, speakers, tagged

# ------------------------------------------------------------------ who can speak


def test_dates_numbers_time_nouns_and_adverbs_are_never_speakers() -> None:
    for name in ("Mai", "Jänner", "Montag", "Jahren", "zwei Jahren", "2015", "demnach", "Wonach"):
        assert not _valid_name(name), name
    for name in ("Sergej Lawrow", "Polizei", "iranische Medien", "Sprecher der Polizei", "22 Prozent der Befragten"):
        assert _valid_name(name), name


def test_demnach_is_the_source_it_points_back_to() -> None:
    text = "Laut einer Studie des Instituts Wifo steigen die Preise. Demnach sei die Inflation hoch."
    assert speaker_of(text, "sei die Inflation") == ["Wifo"]


def test_demnach_after_a_sentence_without_statement_takes_its_speaking_subject() -> None:
    text = "Das Ministerium legte am Montag den Jahresbericht vor. Demnach sei die Zahl der Unfälle gesunken."
    assert speaker_of(text, "sei die Zahl") == ["Ministerium"]


def test_wonach_names_the_noun_before_it_and_the_author_of_a_report_speaks() -> None:
    text = "Es gab Berichte der Zeitung Kurier, wonach der Minister zurücktreten wolle."
    assert speaker_of(text, "der Minister zurücktreten") == ["Kurier"]


def test_an_event_noun_does_not_speak_but_the_one_named_with_it_does() -> None:
    text = "Auf der Pressekonferenz der Polizei hieß es, der Täter sei gefasst."
    assert speaker_of(text, "der Täter") == ["Polizei"]


# ------------------------------------------------------------------ descriptions and pronouns


def test_agency_description_resolves_to_the_agency_named_before() -> None:
    text = ("Die Nachrichtenagentur Interfax meldete den Unfall am Montag. Der Zug sei entgleist. "
            "Drei Menschen seien verletzt worden, berichtete die Nachrichtenagentur.")
    assert speaker_of(text, "Drei Menschen") == ["Interfax"]


def test_agency_description_resolves_to_a_known_agency_by_its_canonical_name() -> None:
    text = "Das meldete AP am Montag. Drei Menschen seien verletzt worden, berichtete die Agentur."
    assert speaker_of(text, "Drei Menschen") == ["Associated Press"]


def test_lawyer_description_resolves_to_the_lawyer_named_before() -> None:
    text = ("Der Anwalt des Angeklagten, Peter Müller, bestritt am Montag alle Vorwürfe. "
            "Sein Mandant sei unschuldig, sagte der Verteidiger.")
    assert speaker_of(text, "Sein Mandant") == ["Peter Müller"]


def test_role_introduced_after_a_name_resolves_a_later_description() -> None:
    text = ("Thomas Berger, Professor für Verwaltungsrecht, hält das Gesetz für verfassungswidrig. "
            "Der Gesetzgeber schaffe einen Konflikt, kritisiert der Professor für Verwaltungsrecht.")
    assert speaker_of(text, "Der Gesetzgeber") == ["Thomas Berger"]


def test_hyphenated_role_read_as_a_name_is_a_role() -> None:
    text = ("Das sei ein Vorteil, gab GPA-djp-Chef Wolfgang Katzian zu bedenken. "
            "Die Regeln sollten laut dem GPA-djp-Chef nur für Führungskräfte gelten.")
    assert speaker_of(text, "Die Regeln sollten") == ["Wolfgang Katzian"]
    assert is_role_compound("GPA-djp-Chef") and is_role_compound("SPÖ-Klubobmann")
    assert not is_role_compound("Baden-Württemberg")


def test_institution_description_resolves_to_the_named_institution() -> None:
    text = ("Das Verteidigungsministerium bestätigte den Absturz. "
            "Die Maschine sei abgeschossen worden, teilte das Ministerium mit.")
    assert speaker_of(text, "Die Maschine") == ["Verteidigungsministerium"]


def test_headline_role_names_the_person_the_text_introduces() -> None:
    text = ("Landeshauptmann: „Jetzt wird Sicherheitspolitik ernst genommen“. Eisenstadt – Einen Monat nach dem Start "
            "zeigt sich Landeshauptmann Hans Niessl zufrieden.")
    assert speaker_of(text, "„Jetzt wird") == ["Hans Niessl"]


def test_group_speakers_keep_their_modifiers() -> None:
    text = "Iranische Medien berichteten, die Lage sei ruhig. Auch polnische Experten warnten, der Winter werde hart."
    assert speaker_of(text, "die Lage sei ruhig") == ["iranische Medien"]
    assert speaker_of(text, "der Winter") == ["polnische Experten"]


def test_relative_pronoun_resolves_to_its_antecedent() -> None:
    text = "Kritik kam von der Gewerkschaft Verdi, die erklärte, die Reform sei gescheitert."
    assert speaker_of(text, "die Reform") == ["Verdi"]


def test_pronoun_prefers_a_person_of_the_right_gender() -> None:
    text = ("Kanzlerin Angela Merkel traf Außenminister Sergej Lawrow. Die Lage sei ernst, sagte Merkel. "
            "Er sagte, man werde reagieren. Sie betonte, die Gespräche gingen weiter.")
    assert speaker_of(text, "man werde") == ["Sergej Lawrow"]
    assert speaker_of(text, "die Gespräche") == ["Angela Merkel"]


def test_er_is_not_an_institution() -> None:
    text = ("Der Richter Hans Berger eröffnete den Prozess. Die Polizei teilte mit, der Täter sei gefasst. "
            "Er erklärte, das Urteil falle im Mai.")
    assert speaker_of(text, "das Urteil") == ["Hans Berger"]


def test_own_statement_is_the_subjects() -> None:
    text = "Das Ministerium zählt nach eigenen Angaben täglich 300 Anträge."
    assert speaker_of(text, "Das Ministerium zählt") == ["Ministerium"]


def test_definite_report_noun_points_back_to_the_source_named() -> None:
    text = "Der Guardian berichtete am Freitag über das Ende der Zeitung. Dem Bericht zufolge fallen 100 Stellen weg."
    assert speaker_of(text, "fallen 100 Stellen") == ["The Guardian"]


# ------------------------------------------------------------------ media relaying a source


def test_sagte_y_laut_x_y_speaks_x_reported() -> None:
    text = ("Die Lage sei ernst, sagte Außenminister Sergej Lawrow laut der Nachrichtenagentur Interfax. "
            "Man werde reagieren.")
    records = speakers(text)
    assert all(names == ["Sergej Lawrow"] for _, names, _ in records)
    assert ("Die Lage sei ernst, sagte Außenminister Sergej Lawrow", ["Sergej Lawrow"], "Interfax") in records
    assert speaker_of(text, "Man werde") == ["Sergej Lawrow"]  # the continuation keeps the speaker


def test_unter_berufung_auf_the_original_source_speaks() -> None:
    text = "Die Zeitung Kurier berichtete unter Berufung auf einen Polizeisprecher, der Täter sei gefasst worden."
    assert speakers(text) == [("der Täter sei gefasst worden", ["Polizeisprecher"], "Kurier")]


def test_source_span_stays_as_written_for_spkatt() -> None:
    from tests.quotes_support import attributions

    text = "Die Lage sei ernst, sagte Außenminister Sergej Lawrow laut der Nachrichtenagentur Interfax."
    assert ("Indirect", "Die Lage sei ernst, sagte Außenminister Sergej Lawrow", "laut",
            "der Nachrichtenagentur Interfax") in attributions(text)


# ------------------------------------------------------------------ continuation, canonical names


def test_reported_speech_across_a_paragraph_break_keeps_its_speaker() -> None:
    text = ("Der Minister Peter Müller sagte am Montag, die Regierung werde handeln.\n\n"
            "Es gebe keine Alternative zu den Reformen. Die Opposition habe keine Vorschläge gemacht.\n\n"
            "„Die Lage ist ernst, aber nicht hoffnungslos.“\n\nDie Opposition kritisierte den Plan.")
    assert speaker_of(text, "Es gebe keine") == ["Peter Müller"]
    assert speaker_of(text, "„Die Lage") == ["Peter Müller"]


def test_acronyms_of_agencies_get_their_canonical_names() -> None:
    assert speaker_of("Die Polizei sei alarmiert worden, berichtete die dpa.", "Die Polizei") == [
        "Deutsche Presse-Agentur"]
    assert canonical_name("AP") == "Associated Press"
    assert canonical_name("die APA") == "Austria Presse Agentur"
    assert canonical_name("Müller") == "Müller"
    assert medium_class("Reuters") == "agency" and medium_class("FAZ") == "newspaper"
    assert class_of_noun("Staatsnachrichtenagentur") == "agency" and class_of_noun("Präsident") is None


def test_role_synonyms_and_compounds() -> None:
    assert roles_match("anwalt", "verteidiger")
    assert roles_match("außenminister", "minister")
    assert roles_match("ministerin", "minister")
    assert not roles_match("sprecher", "anwalt")


# ------------------------------------------------------------------ with entities


def test_descriptions_resolve_to_entities_with_their_ids() -> None:
    text = ("Der Anwalt des Angeklagten, Peter Müller, bestritt am Montag alle Vorwürfe. "
            "Sein Mandant sei unschuldig, sagte der Verteidiger.")
    article = tagged(text)
    start = text.index("Peter Müller")
    article.mentions = [Mention("Peter Müller", start, start + len("Peter Müller"), "PER", "e1")]
    article.entities = [Entity("e1", "Peter Müller", "PER")]
    from lagebild.quotes import extract_attributions

    found = [a.speakers for a in extract_attributions(article) if text[a.message[0][0]:].startswith("Sein Mandant")]
    assert found == [[Speaker("Peter Müller", "e1")]]


def test_impersonal_heisst_es_right_after_a_named_source_continues_it() -> None:
    text = "Der Guardian berichtete, die Zeitung werde eingestellt. Man plane eine reine Onlineausgabe, hieß es."
    assert speaker_of(text, "Man plane") == ["The Guardian"]
    assert speaker_of("Es regnete. Man plane eine Onlineausgabe, hieß es.", "Man plane") == []


def test_a_role_noun_tagged_as_a_person_is_still_a_description() -> None:
    text = ("Der Anwalt des Angeklagten, Peter Müller, bestritt am Montag alle Vorwürfe. "
            "Sein Mandant sei unschuldig, sagte der Verteidiger.")
    article = tagged(text)
    name, role = text.index("Peter Müller"), text.index("Verteidiger")
    article.mentions = [Mention("Peter Müller", name, name + 12, "PER", "e1"),
                        Mention("Verteidiger", role, role + 11, "PER", "e2")]
    article.entities = [Entity("e1", "Peter Müller", "PER"), Entity("e2", "Verteidiger", "PER")]
    from lagebild.quotes import extract_attributions

    found = [a.speakers for a in extract_attributions(article) if text[a.message[0][0]:].startswith("Sein Mandant")]
    assert found == [[Speaker("Peter Müller", "e1")]]


def test_definite_role_with_attachment_resolves_to_the_person_introduced_with_that_role() -> None:
    text = ("Polizeisprecher Hans Berger bestätigte den Einsatz. Der Täter sei gefasst, sagte der Sprecher der "
            "Polizei. Ein Sprecher der Stadt sagte, alles sei ruhig.")
    assert speaker_of(text, "Der Täter") == ["Hans Berger"]
    assert speaker_of(text, "alles sei ruhig") == ["Sprecher der Stadt"]  # indefinite: someone new
    text = ("Schwere Kritik übt Verwaltungsrechtler Thomas Berger von der Uni Linz. Die Novelle verstoße gegen die "
            "Verfassung, schreibt der Professor für Verwaltungsrecht.")
    assert speaker_of(text, "Die Novelle") == ["Thomas Berger"]


def test_heisst_es_darin_is_the_document_named_before_and_its_author_speaks() -> None:
    text = "Die Regierung legte am Montag einen Bericht vor. Der Krieg sei nicht vorbei, heißt es darin."
    assert speaker_of(text, "Der Krieg") == ["Regierung"]


def test_descriptions_the_entities_step_resolved_speak_for_their_person() -> None:
    # issue 17: "der Philosoph" is resolved by the entities step (a nominal mention with the person's entity);
    # the quote rules take that resolution
    import lagebild

    text = ("Der Tübinger Philosoph Otto Kranich hält nichts davon. Kranich lebt seit Jahren in Tübingen. "
            "Der Philosoph sagte, das sei falsch.")
    article = lagebild.analyze(text, pipeline=("clean", "sentences", "tagger", "ner", "entities", "quotes"))
    quote = next(q for q in article.quotes if "falsch" in q.text)
    assert quote.speaker_name == "Otto Kranich"
    assert quote.speaker == next(m.entity for m in article.mentions if m.text == "Der Philosoph")
