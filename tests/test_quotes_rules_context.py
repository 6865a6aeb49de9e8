"""Context rules of the quote extractor: chains of reported speech, quotations that continue a speaker,
sources found in the sentence before (all sentences invented)."""

from __future__ import annotations

from lagebild.components import make_sentences, make_tagger
from lagebild.model import Article
from lagebild.offsets import OffsetMap
from lagebild.quotes import Attribution, extract_attributions


def attributions(text: str) -> tuple[str, list[Attribution]]:
    article = Article(raw=text, text=text, offsets=OffsetMap.identity(len(text)))
    article = make_tagger()(make_sentences()(article))
    return text, extract_attributions(article)


def words(text: str, spans: list[tuple[int, int]]) -> str:
    return " ".join(text[start:end] for start, end in spans)


def find(text: str, found: list[Attribution], start: str) -> Attribution:
    matches = [a for a in found if words(text, a.message).lstrip("„").startswith(start)]
    assert matches, [(a.form, words(text, a.message)) for a in found]
    return matches[0]


def test_quotation_after_free_indirect_sentences_keeps_the_speaker() -> None:
    text, found = attributions(
        "Der Leiter des Instituts, Jonas Weber, sagte: „Wir müssen uns auf den Winter vorbereiten.“ "
        "Die Gefahr einer Knappheit sei real. Derzeit bestehe sie zwar noch nicht. "
        "„Aber die Lage kann sich schnell ändern.“")
    later = find(text, found, "Aber die Lage")
    assert later.form == "Direct"
    assert words(text, later.source) == "Der Leiter des Instituts, Jonas Weber"
    assert [s.name for s in later.speakers] == ["Jonas Weber"]


def test_konjunktiv_sentence_after_a_break_keeps_the_recent_speaker() -> None:
    text, found = attributions(
        "Die Ministerin Clara Busch kündigte an, das Gesetz werde im Herbst vorgelegt. "
        "Es solle die Mieten begrenzen. Der Entwurf umfasst zwanzig Seiten. "
        "Die Länder seien bereits einverstanden.")
    later = find(text, found, "Die Länder seien")
    assert [s.name for s in later.speakers] == ["Clara Busch"]


def test_subject_of_the_sentence_before_takes_the_chain_over() -> None:
    text, found = attributions(
        "Der Trainer Paul Neumann sagte, die Mannschaft sei gut vorbereitet. "
        "Der Torwart Erik Sommerfeld gab sich am Abend zuversichtlich. "
        "Man sei in guter Form. Das Team werde kämpfen.")
    later = find(text, found, "Man sei in guter Form")
    assert words(text, later.source) == "Der Torwart Erik Sommerfeld"
    assert "Das Team werde kämpfen" in words(text, later.message)


def test_a_name_in_an_attachment_does_not_make_the_subject_a_speaker() -> None:
    text, found = attributions(
        "Der Verkauf der Stadtwerke Leipzig wurde am Mittwoch erörtert. "
        "Das sei ein schneller Weg zur Sanierung.")
    later = find(text, found, "Das sei ein schneller Weg")
    assert "Verkauf" not in words(text, later.source)


def test_a_cited_report_is_the_source_of_the_next_konjunktiv_sentence() -> None:
    text, found = attributions(
        "Die Unruhen im Norden werden im Bericht auf die Armut zurückgeführt. "
        "Folge der langen Kriege sei eine Verrohung der Gesellschaft.")
    later = find(text, found, "Folge der langen Kriege")
    assert words(text, later.source) == "Bericht"


def test_the_agent_of_a_passive_is_the_source_of_the_next_konjunktiv_sentence() -> None:
    text, found = attributions(
        "Die Entscheidung wurde vom Verband der Bäcker als falsch kritisiert. "
        "Langfristig werde das Brot dadurch teurer.")
    later = find(text, found, "Langfristig werde")
    assert words(text, later.source).startswith("vom Verband")
    assert all(not (s.name or "").startswith("vom") for s in later.speakers)


def test_closing_mark_split_off_by_a_space_stays_with_its_quotation() -> None:
    text, found = attributions(
        "Anna Berg sagte dem Radio: „Wir sind bereit. Wir warten nur noch auf das Signal. “ "
        "Peter Klein, der Sprecher der Firma, kritisierte: „Das ist der falsche Weg.“")
    second = find(text, found, "Das ist der falsche Weg")
    assert words(text, second.source) == "Peter Klein, der Sprecher der Firma"
    first = find(text, found, "Wir sind bereit")
    assert words(text, first.message).endswith("“")
