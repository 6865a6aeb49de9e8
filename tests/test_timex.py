"""The German temporal tagger (issue 5): the seed, the issue's examples, false hits, no-DCT values, evaluation."""

from __future__ import annotations

import json
import subprocess
import sys
import zoneinfo

import pytest

import lagebild
from lagebild.model import Timex
from lagebild.temporal import extract_timexes
from lagebild.temporal.component import dateline_date

from .conftest import ROOT, shared_data_dir

DCT = "2017-07-08"  # a Saturday; the seed's date as given with --date


def values(text: str, dct: str | None = DCT, **kwargs: str) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in extract_timexes(text, dct, **kwargs)]


def only(text: str, dct: str | None = DCT) -> Timex:
    found = extract_timexes(text, dct)
    assert len(found) == 1, found
    return found[0]


# --- done-when: the seed --------------------------------------------------------------------------------


def test_seed_through_the_pipeline(seed_text: str) -> None:
    article = lagebild.analyze(seed_text, date=DCT)
    assert "lagebild.timex.v1" in article.components
    found = {t.text: t for t in article.timexes}
    assert found["kommenden Sonntag"].value == "2017-07-09"
    assert found["9. Juli"].value == "2017-07-09"
    time = found["12 Uhr Ortszeit Damaskus"]
    assert (time.type, time.value) == ("TIME", "2017-07-09T12:00+03:00")
    for timex in article.timexes:
        assert article.text[timex.start:timex.end] == timex.text


def test_seed_pure_function(seed_text: str) -> None:
    assert values(seed_text) == [
        ("kommenden Sonntag", "DATE", "2017-07-09"),
        ("9. Juli", "DATE", "2017-07-09"),
        ("12 Uhr Ortszeit Damaskus", "TIME", "2017-07-09T12:00+03:00"),
    ]


def test_seed_without_date_stays_underspecified(seed_text: str) -> None:
    article = lagebild.analyze(seed_text)
    assert [t.value for t in article.timexes] == ["XXXX-WXX-7", "XXXX-07-09", "XXXX-07-09T12:00"]


# --- the issue's examples -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Das Abkommen wurde am 9. Juli 2017 unterzeichnet.", ("9. Juli 2017", "DATE", "2017-07-09", None)),
    ("Das Abkommen gilt seit dem 09.07.2017.", ("09.07.2017", "DATE", "2017-07-09", None)),
    ("Die Waffenruhe beginnt am 9. Juli.", ("9. Juli", "DATE", "2017-07-09", None)),
    ("Die Gespräche sollen Anfang Juli beginnen.", ("Anfang Juli", "DATE", "2017-07", "START")),
    ("Im Sommer wird gewählt.", ("Sommer", "DATE", "2017-SU", None)),
    ("Am Sonntag wird gewählt.", ("Sonntag", "DATE", "2017-07-09", None)),
    ("Am Sonntag wurde gewählt.", ("Sonntag", "DATE", "2017-07-02", None)),
    ("Am kommenden Sonntag tritt sie in Kraft.", ("kommenden Sonntag", "DATE", "2017-07-09", None)),
    ("Gestern kam es zu Kämpfen.", ("Gestern", "DATE", "2017-07-07", None)),
    ("Vergangene Woche gab es Gespräche.", ("Vergangene Woche", "DATE", "2017-W26", None)),
    ("Vor drei Jahren begann der Krieg.", ("Vor drei Jahren", "DATE", "2014", None)),
    ("Mitte der 90er Jahre war das anders.", ("Mitte der 90er Jahre", "DATE", "199", "MID")),
    ("Der Laden ist ab 12 Uhr geöffnet.", ("12 Uhr", "TIME", "2017-07-08T12:00", None)),
    ("Das Treffen beginnt um 14.30 Uhr.", ("14.30 Uhr", "TIME", "2017-07-08T14:30", None)),
    ("Der Krieg dauerte drei Jahre.", ("drei Jahre", "DURATION", "P3Y", None)),
    ("Die Sitzung dauerte zweieinhalb Stunden.", ("zweieinhalb Stunden", "DURATION", "PT2.5H", None)),
    ("Der Markt findet jeden Dienstag statt.", ("jeden Dienstag", "SET", "XXXX-WXX-2", None)),
    ("Die Züge fahren täglich.", ("täglich", "SET", "P1D", None)),
    ("Derzeit ist die Lage ruhig.", ("Derzeit", "DATE", "PRESENT_REF", None)),
    ("Ende 2008 wandte sich die Regierung an den IGH.", ("Ende 2008", "DATE", "2008", "END")),
    ("Die Lage ist bis heute ungeklärt.", ("heute", "DATE", "PRESENT_REF", None)),
    ("Der Prozess begann vor zwei Tagen.", ("vor zwei Tagen", "DATE", "2017-07-06", None)),
    ("In drei Wochen beginnt die WM.", ("In drei Wochen", "DATE", "2017-W30", None)),
    ("Das war im zweiten Quartal.", ("zweiten Quartal", "DATE", "2017-Q2", None)),
    ("Das Werk entstand im 20. Jahrhundert.", ("20. Jahrhundert", "DATE", "19", None)),
    ("Die Schlacht fand 490 v. Chr. statt.", ("490 v. Chr.", "DATE", "BC0490", None)),
    ("An Ostern 2016 regnete es.", ("Ostern 2016", "DATE", "2016-03-27", None)),
    ("Er starb am vergangenen Montagmorgen.", ("vergangenen Montagmorgen", "TIME", "2017-07-03TMO", None)),
])
def test_issue_examples(text: str, expected: tuple[str, str, str, str | None]) -> None:
    timex = only(text)
    assert (timex.text, timex.type, timex.value, timex.mod) == expected


def test_zone_named_after_the_time() -> None:
    timex = only("Die Waffenruhe beginnt um 12.00 Uhr Ortszeit Damaskus.")
    assert (timex.text, timex.value) == ("12.00 Uhr Ortszeit Damaskus", "2017-07-08T12:00+03:00")
    assert only("Der Start ist um 9 Uhr MEZ.").value == "2017-07-08T09:00+01:00"
    assert values("Am 15. Januar 2017 um 9 Uhr Ortszeit Washington.")[-1][2] == "2017-01-15T09:00-05:00"
    if zoneinfo.available_timezones():  # summer time needs the system's tz database
        assert values("Am 15. Juli 2017 um 9 Uhr Ortszeit Washington.")[-1][2] == "2017-07-15T09:00-04:00"
    assert only("Es beginnt um 9 Uhr Ortszeit Damaskus.", None).value == "XXXX-XX-XXT09:00"  # no day, no offset


def test_time_takes_the_day_mentioned_before_not_the_dct() -> None:
    assert values("Sie soll am 9. Juli ab 12 Uhr gelten.") == [
        ("9. Juli", "DATE", "2017-07-09"), ("12 Uhr", "TIME", "2017-07-09T12:00")]
    assert values("Die Wahllokale schließen heute 20 Uhr.") == [("heute 20 Uhr", "TIME", "2017-07-08T20:00")]


def test_ranges_give_one_expression_per_end() -> None:
    assert values("Er war von 1998 bis 2002 im Amt.") == [("1998", "DATE", "1998"), ("2002", "DATE", "2002")]
    assert values("Gekämpft wurde vom 3. bis 5. Mai 2016.") == [
        ("3.", "DATE", "2016-05-03"), ("5. Mai 2016", "DATE", "2016-05-05")]
    assert values("Sie war von Januar bis September 2005 im Amt.") == [
        ("Januar", "DATE", "2005-01"), ("September 2005", "DATE", "2005-09")]


def test_anaphoric_expressions_use_the_date_before() -> None:
    assert values("Im Jahr 2007 flogen mehr Gäste als im Vorjahr.") == [
        ("Jahr 2007", "DATE", "2007"), ("Vorjahr", "DATE", "2006")]
    assert values("Am 3. Mai 2016 begann die Offensive. Zwei Tage später fiel die Stadt.")[-1] == (
        "Zwei Tage später", "DATE", "2016-05-05")


def test_narrative_genre_anchors_to_the_story() -> None:
    text = "Am 1. September 1939 begann der Krieg. Am 3. September erklärten Frankreich und England den Krieg."
    assert values(text, "2011-02-16", genre="narrative")[-1] == ("3. September", "DATE", "1939-09-03")


# --- no false hits --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Er kam mit dem Zug, die Stadt war so leer.",
    "Die Moderatorin Mai Thi Nguyen-Kim erklärte den Versuch.",
    "Mai Thi Nguyen-Kim sagte, das sei falsch.",
    "Die Sonntagsfrage sieht die Union vorn.",
    "Ein Denkmal für August Bebel wurde enthüllt.",
    "Aus 2000 Bäumen wurde ein Labyrinth gebaut.",
    "Der 72-jährige Chef schwieg.",
    "Sie starb im Alter von 79 Jahren.",
    "Er war 83 Jahre alt.",
    "Eines Tages wird er zurückkehren.",
    "Die Uhr tickt, sagte er, und der Sommer-Chef nickte.",
    "Im Film „2001: Odyssee im Weltraum“ spielt Musik von Ligeti.",
    "Das Spiel endete 3:2 (2:1, 0:1).",
    "Zur Zeit der Römer war das anders.",
])
def test_no_false_hits(text: str) -> None:
    assert extract_timexes(text, DCT) == []


# --- without a document date ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("Gestern regnete es.", "XXXX-XX-XX"),
    ("Am 9. Juli beginnt es.", "XXXX-07-09"),
    ("Am kommenden Sonntag beginnt es.", "XXXX-WXX-7"),
    ("Vor drei Jahren begann es.", "XXXX"),
    ("Vergangene Woche begann es.", "XXXX-WXX"),
    ("Im Sommer beginnt es.", "XXXX-SU"),
    ("Es beginnt um 12 Uhr.", "XXXX-XX-XXT12:00"),
    ("Am 9. Juli 2017 begann es.", "2017-07-09"),
])
def test_without_dct_relative_values_stay_underspecified(text: str, value: str) -> None:
    assert only(text, None).value == value


def test_dateline_gives_the_document_date() -> None:
    assert dateline_date("Berlin, 9. Juli 2017 – Die Regierung hat …") == "2017-07-09"
    assert dateline_date("09.07.2017: Die Regierung …") == "2017-07-09"
    assert dateline_date("Am 9. Juli 2017 wurde gewählt.") is None
    article = lagebild.analyze("Berlin, 8. Juli 2017 – Am kommenden Sonntag wird gewählt.")
    assert article.published == "2017-07-08"
    assert article.meta["published_source"] == "dateline"
    assert [t.value for t in article.timexes][-1] == "2017-07-09"


def test_offsets_point_into_the_text() -> None:
    text = "Am Dienstag, dem 5. Dezember 1945, um 14:14 Uhr Ortszeit starteten sie; vor 19 Jahren."
    for timex in extract_timexes(text, "2006-02-05"):
        assert text[timex.start:timex.end] == timex.text


# --- the evaluation -------------------------------------------------------------------------------------


def test_news_dev_set_is_consistent() -> None:
    lines = (ROOT / "evaluation" / "data" / "timex_news_dev.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) >= 30
    assert sum(len(r["timexes"]) for r in records) >= 150
    examples = {json.loads(line)["wikinews_id"] for line in
                (ROOT / "examples" / "wikinews.jsonl").read_text(encoding="utf-8").splitlines()}
    assert not examples & {r["wikinews_id"] for r in records}
    for record in records:
        assert record["licence"] == "CC BY 2.5"
        for timex in record["timexes"]:
            assert record["text"][timex["start"]:timex["end"]] == timex["text"]
            assert timex["type"] in ("DATE", "TIME", "DURATION", "SET")


def test_evaluation_meets_the_pinned_floors() -> None:
    """News dev set always (it is committed); WikiWarsDE too when ../shared/data is there."""
    command = [sys.executable, str(ROOT / "evaluation" / "eval_timex.py"), "--check"]
    if shared_data_dir() is None:
        command += ["--only", "news"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all floors met" in result.stdout


def test_evaluation_skips_wikiwarsde_without_shared_data() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "evaluation" / "eval_timex.py"), "--check",
                             "--data-dir", str(ROOT / "no-such-folder"), "--only", "wikiwarsde"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WikiWarsDE skipped" in result.stdout
