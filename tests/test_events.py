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
