"""Events: the seed's done-when, trigger rules per type, modality, attribution, export, store."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

import lagebild
from lagebild.model import Article, Event
from lagebild.store import Database

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "000_95917e8755466fef.txt"


@pytest.fixture(scope="module")
def seed() -> Article:
    return lagebild.analyze(SEED.read_text(encoding="utf-8"), date="2017-07-08")


def _events(text: str, date: str = "2020-03-02") -> list[Event]:
    return lagebild.analyze(text, date=date).events


def _one(text: str, event_type: str) -> Event:
    found = [e for e in _events(text) if e.type == event_type]
    assert found, f"no {event_type} event in {text!r}: {_events(text)}"
    return found[0]


def test_seed_meeting_of_putin_and_trump_in_hamburg(seed: Article) -> None:
    meet = next(e for e in seed.events if e.type == "meet")
    assert set(meet.actors) == {"kb:putin-wladimir", "kb:trump-donald"}
    assert meet.place_name == "Hamburg" and meet.place == "geonames:2911298"
    assert meet.time in ("2017-07-07", "2017-07-08")
    assert meet.code == "04"


def test_seed_ceasefire_for_syria_starts_sunday_noon(seed: Article) -> None:
    ceasefires = [e for e in seed.events if e.type == "agree" and e.theme and "Waffenruhe" in e.theme]
    assert ceasefires
    assert any("Syrien" in (e.theme or "") and set(e.actors) == {"kb:putin-wladimir", "kb:trump-donald"}
               for e in ceasefires)
    assert all((e.start_time or "").startswith("2017-07-09T12:00") for e in ceasefires)


def test_seed_cyber_working_group_reported_by_lawrow(seed: Article) -> None:
    found = [e for e in seed.events if e.type in ("agree", "establish") and "Arbeitsgruppe" in (e.theme or "")]
    assert {e.type for e in found} == {"agree", "establish"}
    for event in found:
        assert set(event.actors) == {"kb:putin-wladimir", "kb:trump-donald"}
        assert event.attribution == "reported" and event.speaker == "kb:lawrow-sergej"
    assert next(e for e in found if e.type == "establish").modality == "planned"


def test_separable_verb_announce() -> None:
    event = _one("Angela Merkel kündigte am Montag neue Gespräche an.", "announce")
    assert event.trigger.text == "kündigte" and event.actors


def test_in_kraft_treten_alone_is_an_agreement_taking_effect() -> None:
    event = _one("Das Abkommen trat am 1. Januar 2020 in Kraft.", "agree")
    assert event.start_time == "2020-01-01"


def test_separable_arrest_and_passive_target() -> None:
    active = _one("Die Polizei nahm Peter Müller am Sonntag in Berlin fest.", "arrest")
    assert active.place_name == "Berlin"
    passive = _one("In Berlin wurde Peter Müller festgenommen.", "arrest")
    assert passive.targets and not passive.actors


def test_negation_and_modality() -> None:
    assert _one("Die Regierung hat die Sanktionen nicht verhängt.", "sanction").polarity == "negative"
    assert _one("Emmanuel Macron will Wladimir Putin treffen.", "meet").modality == "planned"
    demanded = _one("Die Opposition forderte Olaf Scholz auf, zurückzutreten.", "resign")
    assert demanded.modality == "demanded"


def test_nominalisation() -> None:
    event = _one("Nach der Festnahme des Verdächtigen kam es zu Protesten.", "arrest")
    assert event.trigger.text == "Festnahme"


def test_coordinated_actors_meet_with_target() -> None:
    event = _one("Joachim Gauck traf sich in Warschau mit Donald Tusk.", "meet")
    assert len(event.actors) == 1 and len(event.targets) == 1 and event.place_name == "Warschau"


def test_old_event_dicts_still_load() -> None:
    old = {"type": "meet", "trigger": {"text": "traf", "start": 0, "end": 4}, "actors": [], "targets": [],
           "place": None, "time": None}
    article = Article.from_dict({"text": "traf", "events": [old]})
    assert article.events[0].polarity == "positive" and article.events[0].code is None


def test_store_round_trip(seed: Article, tmp_path: Path) -> None:
    with Database(tmp_path / "events.db") as db:
        db.save(seed)
        stored = db.get(seed.id)
    assert stored is not None and stored.events == seed.events


def test_export_csv_via_cli(tmp_path: Path) -> None:
    db = tmp_path / "export.db"
    cli = [sys.executable, "-m", "lagebild"]
    subprocess.run([*cli, "analyze", str(SEED), "--date", "2017-07-08", "--db", str(db), "--format", "jsonl"],
                   check=True, capture_output=True)
    result = subprocess.run([*cli, "export", "events", "--db", str(db), "--format", "csv"],
                            check=True, capture_output=True, text=True)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {"date", "actor1_name", "event_code", "actor2_name", "place_name", "place_lat",
                     "article_id", "sentence"} <= set(rows[0])
    meet = next(r for r in rows if r["event_type"] == "meet")
    assert meet["event_code"] == "04" and "Putin" in meet["actor1_name"] and meet["place_country"] == "DE"
    tsv = subprocess.run([*cli, "export", "events", "--db", str(db), "--format", "tsv", "--output",
                          str(tmp_path / "e.tsv")], check=True, capture_output=True, text=True)
    assert tsv.returncode == 0 and (tmp_path / "e.tsv").read_text(encoding="utf-8").count("\n") == len(rows) + 1


# --- actors beyond linked names (one test per rule; see docs/events.md "Actors beyond names") ---


def _names(text: str, event_type: str, date: str = "2020-03-02") -> tuple[list[str], list[str]]:
    article = lagebild.analyze(text, date=date)
    names = {e.id: e.name for e in article.entities}
    event = next(e for e in article.events if e.type == event_type)
    return [names.get(a, a) for a in event.actors], [names.get(t, t) for t in event.targets]


def test_nationality_adjective_before_state_actor_noun_is_the_country() -> None:
    assert _names("Israelische Kampfflugzeuge griffen am Montag Ziele im Gazastreifen an.", "attack")[0] == [
        "Israel"]
    assert _names("Die russische Regierung kritisierte die Sanktionen.", "criticize")[0] == ["Russland"]


def test_unnamed_institution_fills_the_subject_slot_but_is_no_actor() -> None:
    actors, targets = _names("Die britische Polizei nahm Peter Müller fest.", "arrest")
    assert actors == [] and targets == ["Peter Müller"]


def test_institution_with_apposed_name_is_an_actor_with_a_stable_id() -> None:
    from lagebild.entities.canonical import name_key, stable_id

    event = _one("Die Staatsanwaltschaft Innsbruck hat Anklage gegen Peter Müller erhoben.", "investigate")
    assert event.actors == [stable_id("ORG", name_key("Staatsanwaltschaft Innsbruck"))]
    assert _names("Die Staatsanwaltschaft Innsbruck hat Anklage gegen Peter Müller erhoben.",
                  "investigate") == (["Staatsanwaltschaft Innsbruck"], ["Peter Müller"])


def test_institution_compound_with_a_name() -> None:
    assert _names("Der UN-Sicherheitsrat verhängte Sanktionen gegen Libyen.", "sanction") == (
        ["UN-Sicherheitsrat"], ["Libyen"])


def test_institution_with_genitive_name() -> None:
    actors, _ = _names("Der Sicherheitsrat der Vereinten Nationen beschloss Sanktionen.", "announce")
    assert actors == ["Sicherheitsrat der Vereinten Nationen"]


def test_plural_role_compound_stands_for_its_name() -> None:
    assert _names("Eine Forderung der EU-Außenminister lehnte Israel ab.", "demand")[0] == ["EU"]


def test_definite_institution_noun_refers_to_the_organisation_named_before() -> None:
    text = "Das Bundeskartellamt sorgt für Schlagzeilen. Die Kartellbehörde hat gegen drei Kaffeeröster ermittelt."
    assert _names(text, "investigate")[0] == ["Bundeskartellamt"]


def test_adjective_before_a_name_is_not_part_of_the_actor() -> None:
    assert _names("Die deutsche SPD hat Hannelore Kraft gewählt.", "elect") == (["SPD"], ["Hannelore Kraft"])


def test_von_after_a_noun_is_no_agent() -> None:
    assert _names("Peter Müller wurde in der Nähe von Brüssel verhaftet.", "arrest") == ([], ["Peter Müller"])


def test_relative_clause_subject_is_its_antecedent() -> None:
    text = "Der 45-jährige Hans Watzke, der einen Vertrag unterschrieben hat, verzichtet auf sein Gehalt."
    assert _names(text, "sign")[0] == ["Hans Watzke"]


def test_main_clause_continued_after_relative_clause_keeps_its_subject() -> None:
    text = "Der Kanzler Olaf Scholz, der seit 2021 regiert, hat seinen Rücktritt angekündigt."
    assert _names(text, "announce")[0] == ["Olaf Scholz"]


def test_possessive_determiner_names_the_actor_of_a_noun() -> None:
    assert _names("Die Affäre um Laurenz Meyer endete mit seinem Rücktritt.", "resign")[0] == ["Laurenz Meyer"]


def test_receiving_a_punishment_makes_the_subject_the_target() -> None:
    assert _names("Peter Müller erhielt eine Haftstrafe von drei Jahren.", "sentence") == ([], ["Peter Müller"])


def test_noun_in_an_adjunct_phrase_does_not_take_the_clause_subject() -> None:
    assert _names("Der UN-Sicherheitsrat beriet bei den Massenprotesten über Libyen.", "protest")[0] == []
