"""German time expressions of issue 15, section 3: decades, coordinated durations, days relative to a week,
anaphoric days, dates without a year, times relative to a time, weekday + part of day, sets.

The examples here are variants, not copies, of ``evaluation/data/timex_phenomena_dev.jsonl``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from lagebild.temporal import extract_timexes

from .conftest import ROOT, shared_data_dir

DCT = "2018-05-16"  # a Wednesday (ISO week 20: Monday 14 to Sunday 20 May)


def found(text: str, dct: str | None = DCT) -> list[tuple[str, str, str, str | None]]:
    return [(t.text, t.type, t.value, t.mod) for t in extract_timexes(text, dct)]


def last(text: str, dct: str | None = DCT) -> tuple[str, str, str, str | None]:
    return found(text, dct)[-1]


# --- decades --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("In den siebziger Jahren wuchs die Stadt.", ("siebziger Jahren", "DATE", "197", None)),
    ("Die Achtzigerjahre waren bunt.", ("Achtzigerjahre", "DATE", "198", None)),
    ("Das Haus stammt aus den 1920er-Jahren.", ("1920er-Jahren", "DATE", "192", None)),
    ("Schon in den 50er Jahren gab es Pläne.", ("50er Jahren", "DATE", "195", None)),
    ("Die Zahl stieg in den Achtzigern stark an.", ("Achtzigern", "DATE", "198", None)),
    ("Seit den 1980ern sinkt sie.", ("1980ern", "DATE", "198", None)),
    ("Ende der Neunziger kam die Wende.", ("Ende der Neunziger", "DATE", "199", "END")),
    ("Die Reform der frühen 2000er-Jahre scheiterte.", ("frühen 2000er-Jahre", "DATE", "200", "START")),
    ("Sie lebte in den späten Sechzigern in Paris.", ("späten Sechzigern", "DATE", "196", "END")),
    ("Das geschah in den Nullerjahren.", ("Nullerjahren", "DATE", "200", None)),
    ("Die Bahn wurde in den sechziger Jahren des 19. Jahrhunderts gebaut.",
     ("sechziger Jahren des 19. Jahrhunderts", "DATE", "186", None)),
    ("Das Lied stammt aus den zwanziger Jahren des vorigen Jahrhunderts.",
     ("zwanziger Jahren des vorigen Jahrhunderts", "DATE", "192", None)),
])
def test_decades(text: str, expected: tuple[str, str, str, str | None]) -> None:
    assert found(text) == [expected]


def test_coordinated_decades_are_two_expressions() -> None:
    assert found("Das war in den sechziger und siebziger Jahren üblich.") == [
        ("sechziger", "DATE", "196", None), ("siebziger Jahren", "DATE", "197", None)]
    assert [t[2] for t in found("in den 60er- und 70er-Jahren")] == ["196", "197"]


@pytest.mark.parametrize("text", [
    "Er ist Mitte sechzig.",
    "Eine Frau in den Vierzigern wurde verletzt.",
    "Der Mann ist in den Siebzigern.",
    "Der 60er-Bus fährt nicht.",
    "Die 68er-Bewegung prägte ihn.",
])
def test_no_decade(text: str) -> None:
    assert found(text) == []


# --- coordinated durations ------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Die Strafe beträgt vier Jahre und neun Monate.", ("vier Jahre und neun Monate", "DURATION", "P4Y9M", None)),
    ("Er saß ein Jahr, zwei Monate und drei Tage in Haft.",
     ("ein Jahr, zwei Monate und drei Tage", "DURATION", "P1Y2M3D", None)),
    ("Die Debatte dauerte fünf Stunden und zehn Minuten.",
     ("fünf Stunden und zehn Minuten", "DURATION", "PT5H10M", None)),
    ("Der Rekord liegt bei zwei Stunden, einer Minute und 39 Sekunden.",
     ("zwei Stunden, einer Minute und 39 Sekunden", "DURATION", "PT2H1M39S", None)),
    ("Sie blieben zwei Wochen und drei Tage.", ("zwei Wochen und drei Tage", "DURATION", "P17D", None)),
    ("Das dauerte eine Viertelstunde.", ("eine Viertelstunde", "DURATION", "PT15M", None)),
])
def test_coordinated_durations(text: str, expected: tuple[str, str, str, str | None]) -> None:
    assert found(text) == [expected]


def test_durations_are_not_joined_across_clauses_or_upwards() -> None:
    assert found("Die Sitzung dauerte fünf Stunden und endete um 22 Uhr.")[0] == (
        "fünf Stunden", "DURATION", "PT5H", None)
    assert [t[0] for t in found("Er bekam drei Monate und sein Bruder zwei Jahre.")] == ["drei Monate", "zwei Jahre"]


def test_coordinated_shifts() -> None:
    assert last("Am 3. Mai 2010 begann der Prozess. Zwei Jahre und fünf Monate später fiel das Urteil.") == (
        "Zwei Jahre und fünf Monate später", "DATE", "2012-10", None)
    assert found("Vor einem Jahr und drei Monaten wurde er gewählt.") == [
        ("Vor einem Jahr und drei Monaten", "DATE", "2017-02", None)]


# --- days relative to a week ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Am Dienstag vergangener Woche kam er.", ("Dienstag vergangener Woche", "DATE", "2018-05-08", None)),
    ("Am Montag nächster Woche wird gewählt.", ("Montag nächster Woche", "DATE", "2018-05-21", None)),
    ("Der Termin ist Sonntag kommender Woche.", ("Sonntag kommender Woche", "DATE", "2018-05-27", None)),
    ("Am Freitag dieser Woche endet die Frist.", ("Freitag dieser Woche", "DATE", "2018-05-18", None)),
    ("Am Samstag der vorigen Woche regnete es.", ("Samstag der vorigen Woche", "DATE", "2018-05-12", None)),
    ("Am Freitag in der vergangenen Woche sagte er das.",
     ("Freitag in der vergangenen Woche", "DATE", "2018-05-11", None)),
    ("Am Donnerstagabend letzter Woche brannte es.", ("Donnerstagabend letzter Woche", "TIME", "2018-05-10TEV", None)),
])
def test_weekday_of_a_week(text: str, expected: tuple[str, str, str, str | None]) -> None:
    assert found(text) == [expected]


def test_weekday_of_the_week_after_a_day() -> None:
    assert last("Am 2. März 2015 kam er an, am Mittwoch der folgenden Woche reiste er ab.") == (
        "Mittwoch der folgenden Woche", "DATE", "2015-03-11", None)
    assert found("Am Mittwoch vergangener Woche kam er.", None) == [
        ("Mittwoch vergangener Woche", "DATE", "XXXX-WXX-3", None)]


# --- anaphoric days -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Am 10. April reiste er ab. Am darauffolgenden Samstag erreichte er Rom.",
     ("darauffolgenden Samstag", "DATE", "2018-04-14", None)),
    ("Am 10. April reiste er ab. Am folgenden Dienstag erreichte er Rom.",
     ("folgenden Dienstag", "DATE", "2018-04-17", None)),
    ("Am 10. April reiste er ab, am Sonntag darauf war er in Rom.", ("Sonntag darauf", "DATE", "2018-04-15", None)),
    ("Am 10. April reiste er ab, am Sonntag zuvor hatte er gepackt.", ("Sonntag zuvor", "DATE", "2018-04-08", None)),
    ("Der Anschlag geschah am 3. Mai. Tags darauf bekannte sich eine Gruppe.",
     ("Tags darauf", "DATE", "2018-05-04", None)),
    ("Am 10. April reiste er ab; am selben Abend war er in Rom.", ("selben Abend", "TIME", "2018-04-10TEV", None)),
    ("Am 4. März 2014 wurde gewählt. Am nächsten Tag stand das Ergebnis fest.",
     ("nächsten Tag", "DATE", "2014-03-05", None)),
    ("Am Montag wurde er festgenommen, am nächsten Morgen kam er frei.",
     ("nächsten Morgen", "TIME", "2018-05-15TMO", None)),
    ("Am 8. Mai 1945 endete der Krieg. Am Abend desselben Tages feierten sie.",
     ("Abend desselben Tages", "TIME", "1945-05-08TEV", None)),
    ("Am 8. Mai 1945 endete der Krieg. In der Nacht darauf feierten sie.",
     ("Nacht darauf", "TIME", "1945-05-08TNI", None)),
])
def test_anaphoric_days(text: str, expected: tuple[str, str, str, str | None]) -> None:
    assert last(text) == expected


def test_same_day_reaches_back_over_sentences() -> None:
    text = "Am 20. Juni 2016 fiel das Urteil. Der Anwalt war empört. Am selben Tag legte er Berufung ein."
    assert last(text) == ("selben Tag", "DATE", "2016-06-20", None)


def test_without_a_day_before_relative_days_count_from_the_dct() -> None:
    assert found("Am nächsten Tag wird abgestimmt.") == [("nächsten Tag", "DATE", "2018-05-17", None)]
    assert found("Er wurde am Freitag danach gefragt.") == [("Freitag", "DATE", "2018-05-11", None)]
    assert found("Am folgenden Montag wird abgestimmt.") == [("folgenden Montag", "DATE", "2018-05-21", None)]


# --- a day and month without a year ---------------------------------------------------------------------


@pytest.mark.parametrize(("dct", "text", "value"), [
    ("2018-12-20", "Das Museum öffnet am 7. Januar wieder.", "2019-01-07"),  # nearest: across the year end
    ("2019-01-08", "Die am 28. Dezember vorgestellte Studie zeigt Probleme.", "2018-12-28"),
    ("2018-01-08", "Am 28. Dezember wurde gewählt.", "2017-12-28"),  # past tense
    ("2018-06-15", "Am 20. Dezember ist Weihnachtsfeier.", "2018-12-20"),  # far from the year end: the DCT's year
    ("2018-02-05", "Seit dem 15. März gilt die Regel.", "2017-03-15"),  # "seit" looks back
    ("2018-11-05", "Die Anmeldung läuft bis zum 10. Februar.", "2019-02-10"),  # "bis" looks forward ...
    ("2018-01-05", "Bis zum 20. Dezember waren 300 Anträge eingegangen.", "2017-12-20"),  # ... unless past
    ("2018-11-05", "Am 10. Februar wird gewählt.", "2019-02-10"),  # future tense
    ("2018-03-01", "Die Aktion lief bis zum 20. Januar.", "2018-01-20"),
])
def test_day_and_month_without_a_year(dct: str, text: str, value: str) -> None:
    assert found(text, dct)[0][2] == value


def test_month_without_a_year_near_the_year_end() -> None:
    assert found("Im Januar beginnt die Reform.", "2018-12-28")[0][2] == "2019-01"
    assert found("Der Umsatz im Dezember ist gestiegen.", "2019-01-10")[0][2] == "2018-12"
    assert found("Seit Juli vergangenen Jahres sitzt er in Haft.", "2018-05-16") == [
        ("Juli vergangenen Jahres", "DATE", "2017-07", None)]


# --- times relative to a time just mentioned ------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Um 6.30 Uhr brach das Feuer aus, eine Stunde später war es gelöscht.",
     ("eine Stunde später", "TIME", "2018-05-16T07:30", None)),
    ("Der Notruf kam um 23:50 Uhr; 20 Minuten später war die Polizei da.",
     ("20 Minuten später", "TIME", "2018-05-17T00:10", None)),
    ("Der Start war am 2. Mai um 9 Uhr MESZ. Eine Viertelstunde später gab es Probleme.",
     ("Eine Viertelstunde später", "TIME", "2018-05-02T09:15+02:00", None)),
    ("Um 18 Uhr fiel das Tor. Zwei Stunden und 15 Minuten zuvor hatte das Spiel begonnen.",
     ("Zwei Stunden und 15 Minuten zuvor", "TIME", "2018-05-16T15:45", None)),
])
def test_times_relative_to_a_time(text: str, expected: tuple[str, str, str, str | None]) -> None:
    assert last(text) == expected


def test_hours_later_without_a_clock_time_keep_the_day() -> None:
    assert last("Am 5. Mai wurde er festgenommen. Zwei Stunden später kam er frei.") == (
        "Zwei Stunden später", "DATE", "2018-05-05", None)


# --- weekday with a part of the day ---------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Die Polizei nahm ihn am frühen Samstagmorgen fest.", ("frühen Samstagmorgen", "TIME", "2018-05-12TMO", "START")),
    ("Der Unfall passierte am späten Sonntagnachmittag.", ("späten Sonntagnachmittag", "TIME", "2018-05-13TAF", "END")),
    ("Montag früh wurde abgestimmt.", ("Montag früh", "TIME", "2018-05-14TMO", None)),
    ("Am Freitag früh wird abgestimmt.", ("Freitag früh", "TIME", "2018-05-18TMO", None)),
    ("Die Feuerwehr wurde Dienstagfrüh alarmiert.", ("Dienstagfrüh", "TIME", "2018-05-15TMO", None)),
    ("Am Sonntag Abend hatte es gebrannt.", ("Sonntag Abend", "TIME", "2018-05-13TEV", None)),
    ("Die Sitzung ist am Freitagvormittag.", ("Freitagvormittag", "TIME", "2018-05-18TMO", None)),
])
def test_weekday_with_part_of_day(text: str, expected: tuple[str, str, str, str | None]) -> None:
    assert found(text) == [expected]


# --- sets -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Die Zeitung erscheint zweimal wöchentlich.", ("wöchentlich", "SET", "P1W")),
    ("Die monatliche Rate steigt.", ("monatliche", "SET", "P1M")),
    ("Der halbjährliche Bericht liegt vor.", ("halbjährliche", "SET", "P6M")),
    ("Er zahlt 500 Euro Miete im Monat.", ("im Monat", "SET", "P1M")),
    ("Die Kommission tagt dreimal im Jahr.", ("im Jahr", "SET", "P1Y")),
    ("Sie arbeiten zehn Stunden am Tag.", ("am Tag", "SET", "P1D")),
    ("Sie trainieren zweimal in der Woche.", ("in der Woche", "SET", "P1W")),
    ("Die Prüfung findet jedes zweite Jahr statt.", ("jedes zweite Jahr", "SET", "P2Y")),
    ("Die Ausgaben pro Jahr stiegen.", ("pro Jahr", "SET", "P1Y")),
    ("Woche für Woche kamen mehr.", ("Woche für Woche", "SET", "P1W")),
])
def test_sets(text: str, expected: tuple[str, str, str]) -> None:
    assert [t[:3] for t in found(text) if t[1] == "SET"] == [expected]


@pytest.mark.parametrize("text", [
    "Sie kamen im Jahr der Krise.",
    "Am Tag nach der Wahl war es ruhig.",
    "Das ist der höchste Wert im Jahr.",
    "Das tägliche Brot war teuer.",
    "Güter des täglichen Bedarfs wurden knapp.",
])
def test_no_set(text: str) -> None:
    assert [t for t in found(text) if t[1] == "SET"] == []


def test_far_past_spans_give_no_date() -> None:
    assert found("Das war vor über 13.000 Jahren möglich.") == []  # beyond the calendar, and not annotated


# --- the phenomena dev set ------------------------------------------------------------------------------


def test_phenomena_dev_set_is_consistent() -> None:
    path = ROOT / "evaluation" / "data" / "timex_phenomena_dev.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    phenomena = {r["phenomenon"] for r in records}
    assert phenomena == {"decade", "duration", "week_day", "anaphoric_day", "partial_date", "time_relative",
                         "weekday_part", "set"}
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        assert record["id"].rsplit("-", 1)[0] == record["phenomenon"]
        assert len(record["dct"]) == 10
        for timex in record["timexes"]:
            assert record["text"][timex["start"]:timex["end"]] == timex["text"]
            assert timex["type"] in ("DATE", "TIME", "DURATION", "SET")


def test_phenomena_dev_meets_the_pinned_floors() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "evaluation" / "eval_timex.py"), "--check", "--only",
                             "phenomena"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all floors met" in result.stdout


def test_fresh_test_set_meets_the_pinned_floors() -> None:
    """The fresh news test set (issue 15), lagebild alone: aggregate figures only, never errors."""
    if shared_data_dir() is None or not (shared_data_dir() / "10kgnad" / "test.csv").is_file():
        pytest.skip("../shared/data/10kgnad/test.csv is not available")
    result = subprocess.run([sys.executable, str(ROOT / "evaluation" / "eval_timex_fresh.py"), "--check",
                             "--no-heideltime"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all floors met" in result.stdout


# --- issue 15, second round: general forms found missing on constructed examples -----------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Die Polizei rückte in den frühen Morgenstunden aus.", ("frühen Morgenstunden", "TIME", "2018-05-16TMO", "START")),
    ("In den Abendstunden kam es zu Staus.", ("Abendstunden", "TIME", "2018-05-16TEV", None)),
    ("Er war schon in der Früh im Büro.", ("Früh", "TIME", "2018-05-16TMO", None)),
    ("Heuer wurden mehr Anträge gestellt.", ("Heuer", "DATE", "2018", None)),
])
def test_parts_of_day_and_this_year(text: str, expected: tuple[str, str, str, str | None]) -> None:
    assert found(text) == [expected]


def test_in_der_frueh_after_a_weekday_takes_that_day() -> None:
    assert found("Am Dienstag in der Früh wurde er gefasst.") == [
        ("Dienstag", "DATE", "2018-05-15", None), ("Früh", "TIME", "2018-05-15TMO", None)]


@pytest.mark.parametrize("text", ["Früh übt sich.", "Peter Früh sagte das.", "Den Stunden nach trauern."])
def test_no_part_of_day(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("dct", "text", "value"), [
    ("2019-03-05", "Die Frist wurde bis Ende April verlängert.", "2019-04"),  # postponed: forward despite the past
    ("2019-11-05", "Die Abstimmung wurde bis zum 12. Jänner vertagt.", "2020-01-12"),
    ("2018-01-05", "Bis zum 20. Dezember waren 300 Anträge eingegangen.", "2017-12-20"),  # still back
])
def test_postponed_deadlines_look_forward(dct: str, text: str, value: str) -> None:
    assert found(text, dct)[0][2] == value


def test_weekday_range_takes_the_week_of_its_second_end() -> None:
    assert found("Von Montag bis Mittwoch vergangener Woche tagte der Rat.") == [
        ("Montag", "DATE", "2018-05-07", None), ("Mittwoch vergangener Woche", "DATE", "2018-05-09", None)]
    assert [t[2] for t in found("Zwischen Dienstag und Donnerstag kommender Woche wird verhandelt.")] == [
        "2018-05-22", "2018-05-24"]


@pytest.mark.parametrize(("dct", "text", "expected"), [
    ("2018-05-16", "Am Wochenende wurde gewählt.", ("Wochenende", "DATE", "2018-W19-WE", None)),
    ("2018-05-16", "Am Wochenende wird gewählt.", ("Wochenende", "DATE", "2018-W20-WE", None)),
    ("2018-05-20", "Am Wochenende wurde gewählt.", ("Wochenende", "DATE", "2018-W20-WE", None)),  # a Sunday
    ("2018-05-16", "Das Museum ist am Wochenende meist geschlossen.", ("Wochenende", "SET", "XXXX-WXX-WE", None)),
])
def test_bare_weekend(dct: str, text: str, expected: tuple[str, str, str, str | None]) -> None:
    assert found(text, dct) == [expected]


@pytest.mark.parametrize(("dct", "text", "value"), [
    ("2016-01-20", "Für den Prozess sind fünf Verhandlungstage bis zum 4. Mai angesetzt.", "2016-05-04"),
    ("2016-01-20", "Die Wahl ist am 5. Mai geplant.", "2016-05-05"),
    ("2016-01-20", "Am 5. Mai wurde gewählt.", "2015-05-05"),
])
def test_scheduled_dates_look_forward(dct: str, text: str, value: str) -> None:
    assert found(text, dct)[0][2] == value


def test_week_positions() -> None:
    assert found("Zu Wochenbeginn stiegen die Kurse.") == [("Wochenbeginn", "DATE", "2018-W20", "START")]
    assert found("Anfang der kommenden Woche wird entschieden.") == [
        ("Anfang der kommenden Woche", "DATE", "2018-W21", "START")]
    assert found("Ende des vergangenen Jahres wurde entschieden.") == [
        ("Ende des vergangenen Jahres", "DATE", "2017", "END")]
