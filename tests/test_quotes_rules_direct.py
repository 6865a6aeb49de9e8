"""Direct-quote rules: pairing quotation marks (direct.py), attaching quotations (attach.py), and the
sentence splitting they rely on (nlp/tokenize.py).

All sentences are invented; each test pins one rule.
"""

from __future__ import annotations

from lagebild.nlp.tokenize import split_sentences, tokenize
from lagebild.quotes.base import Tokens
from lagebild.quotes.direct import find_quote_spans
from tests.quotes_support import attributions, tagged


def quotations(text: str) -> list[str]:
    tv = Tokens(tagged(text))
    return [text[tv.starts[s.first]:tv.ends[s.end - 1]] for s in find_quote_spans(tv) if s.depth == 0]


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, tokenize(text))]


# ---------------------------------------------------------------- pairing


def test_ascii_mark_before_punctuation_closes_a_german_quote() -> None:
    text = ('Die Rufe „Nieder mit dem König ", die man nachts hörte, erinnerten an „Freiheit jetzt", '
            "die früher erklangen. Der Minister sagte, er sei besorgt.")
    assert quotations(text) == ['„Nieder mit dem König "', '„Freiheit jetzt"']


def test_unclosed_quote_ends_with_its_sentence_when_the_paragraph_goes_on() -> None:
    text = ("Die Menge rief „Wir bleiben hier und gehen nicht. Der Bürgermeister kam später. Er sprach lange. "
            "Dann sagte er, die Stadt werde helfen. Die Polizei zog ab.")
    assert quotations(text) == ["„Wir bleiben hier und gehen nicht."]
    assert any(r[2] == "sagte" and r[1].startswith("die Stadt werde helfen") for r in attributions(text))


def test_unclosed_quote_runs_to_a_near_paragraph_end() -> None:
    text = "Er sagte: „Wir bleiben hier. Wir gehen nicht.\n\nDie Polizei zog ab."
    assert quotations(text) == ["„Wir bleiben hier. Wir gehen nicht."]


# ---------------------------------------------------------------- attachment


def test_predicate_before_a_colon_is_the_cue_of_the_quotation() -> None:
    records = attributions("Die Ministerin griff den Vorstand direkt an: „Wer so handelt, hat das Vertrauen "
                           "verloren.“")
    assert ("Direct", "„Wer so handelt, hat das Vertrauen verloren.“", "griff … an", "Die Ministerin") in records


def test_verb_of_judging_before_a_colon_is_no_cue() -> None:
    records = attributions("Die Anwohner sehen alles gelassen: „Das sind Leute wie wir, lasst sie in Ruhe.“")
    assert ("Direct", "„Das sind Leute wie wir, lasst sie in Ruhe.“", "", "Die Anwohner") in records


def test_possessive_subject_before_a_colon_refers_to_the_speaker_before() -> None:
    records = attributions("Die Ministerin Eva Lang sprach in Bonn: „Wir werden das schaffen.“ Ihre Zuversicht "
                           "gründet sich auf die Erfahrung: „Bisher ist jede Reform gelungen.“")
    assert any(r[1].startswith("„Bisher") and r[3] == "Die Ministerin Eva Lang" for r in records)


def test_fronted_object_before_a_colon_is_not_the_speaker() -> None:
    records = attributions("Jede Schuld an dem Unfall weist Koslowski von sich: „Ich habe alle Regeln beachtet.“")
    form, _, _, source = next(r for r in records if r[1].startswith("„Ich habe"))
    assert (form, source) == ("Direct", "Koslowski")


def test_quotation_after_a_sentence_about_a_speaker_is_that_speakers() -> None:
    records = attributions("Der Vorsitzende Jan Ober verurteilte die Haltung der Stadt. „Diese Stadt hat viel "
                           "erreicht, aber jetzt macht sie einen Fehler.“")
    assert any(r[0] == "Direct" and r[1].startswith("„Diese Stadt") and r[3] == "Der Vorsitzende Jan Ober"
               for r in records)


def test_capitalised_short_quotation_is_a_name_not_a_statement() -> None:
    records = attributions("Der Sprecher sagte, der Sturm „Hella“ und die Fähre „Graf Ulrich“ seien unterwegs.")
    assert not any(r[0] == "Direct" for r in records)


def test_judgement_after_als_is_a_quotation_even_capitalised() -> None:
    records = attributions("Die Ministerin wies den Vorwurf als „Unfug“ zurück.")
    assert any(r[0] == "Direct" and r[1] == "„Unfug“" for r in records)


def test_partial_quote_takes_the_nearest_cue_before_it() -> None:
    records = attributions("Die Ministerin hat sich vor Ort informiert und sprach von einer „schweren Lage“.")
    assert any(r[0] == "Direct" and r[1] == "„schweren Lage“" and r[2] == "sprach von" for r in records)


# ---------------------------------------------------------------- sentences


def test_opening_quote_before_a_line_break_stays_with_its_sentence() -> None:
    assert sentences("Er kam spät. „\nAber das ist egal.“") == ["Er kam spät.", "„\nAber das ist egal.“"]


def test_regnal_number_before_a_quotation_does_not_end_the_sentence() -> None:
    text = "Die Kanzlerin sagte, Benedikt XVI. „ist ein großer Denker“. Dann ging sie."
    assert sentences(text) == ["Die Kanzlerin sagte, Benedikt XVI. „ist ein großer Denker“.", "Dann ging sie."]


def test_single_line_break_before_a_lowercase_word_is_wrapped_text() -> None:
    assert sentences("Das sagte der Minister\ngestern in Bonn.\nNeue Zeile") == [
        "Das sagte der Minister\ngestern in Bonn.", "Neue Zeile"]
    assert sentences("Das sagte der Minister\n\ngestern") == ["Das sagte der Minister", "gestern"]


# ---------------------------------------------------------------- frames around quotations


def test_verb_right_after_a_closing_quotation_is_its_frame() -> None:
    records = attributions("Die Schule wächst. „Die neue Schule ist angekommen und hat sich etabliert.“ erklärte "
                           "Ministerin Lena Wald.")
    assert ("Direct", "„Die neue Schule ist angekommen und hat sich etabliert.“", "erklärte", "Ministerin Lena Wald") \
        in records


def test_wie_inside_a_quotation_is_no_frame() -> None:
    records = attributions("„Viele Menschen werden verstehen, wie sich auch der Bischof mit dem Alter abfinden "
                           "muss“, sagte Merkel.")
    assert any(r[0] == "Direct" and r[2] == "sagte" and r[3] == "Merkel" for r in records)


def test_quotations_joined_by_und_are_separate_statements() -> None:
    records = attributions("Der Minister hatte erklärt: „Wir schaffen das bis zum Sommer.“ und „Wenn nicht, "
                           "treten wir zurück.“")
    direct = [r for r in records if r[0] == "Direct"]
    assert [r[1] for r in direct] == ["„Wir schaffen das bis zum Sommer.“", "„Wenn nicht, treten wir zurück.“"]
    assert all(r[2] == "hatte erklärt" and r[3] == "Der Minister" for r in direct)


def test_nested_quotation_belongs_to_the_speech_frame_around_a_thought_frame() -> None:
    records = attributions("Sie wisse, dass ihre Arbeit „nicht frei von Fehlern“ sei, hatte Jana Roth damals gesagt.")
    assert any(r[1] == "„nicht frei von Fehlern“" and r[3] == "Jana Roth" for r in records)


def test_speaker_after_a_quotation_is_not_taken_from_inside_it() -> None:
    records = attributions("Der Verband steht unter Druck. „Wozu gibt es den Verband, wenn er nichts "
                           "beschließen kann?“ fragen sich Fachleute.")
    assert any(r[0] == "Direct" and r[2] == "fragen sich" and r[3] == "Fachleute" for r in records)
