"""CSV/TSV export escapes spreadsheet formulas (OWASP CSV injection) unless told not to."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from lagebild.events.export import COLUMNS, escape_formula, write_rows

HOSTILE = {"=HYPERLINK(\"http://evil\")": "'=HYPERLINK(\"http://evil\")", "+SUM(A1)": "'+SUM(A1)",
           "-2+3+cmd|' /C calc'!A0": "'-2+3+cmd|' /C calc'!A0", "@SUM(1)": "'@SUM(1)",
           "\t=1": "'\t=1", "\r=1": "'\n=1", "\uff1d1+1": "'\uff1d1+1"}


def row(**values: Any) -> dict[str, Any]:
    return {**dict.fromkeys(COLUMNS, ""), **values}


def read_back(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def test_formula_cells_get_a_leading_quote() -> None:
    rows = [row(actor1_name=value, place_lat=-3.5, place_lon=12.25, theme="-3.5", sentence="Ein Satz.")
            for value in HOSTILE]
    out = io.StringIO()
    assert write_rows(rows, out, "csv") == len(HOSTILE)
    back = read_back(out.getvalue())
    assert [r["actor1_name"] for r in back] == list(HOSTILE.values())
    assert {(r["place_lat"], r["place_lon"], r["theme"], r["sentence"]) for r in back} == {
        ("-3.5", "12.25", "-3.5", "Ein Satz.")}


def test_a_bare_carriage_return_does_not_break_the_row() -> None:
    out = io.StringIO()
    write_rows([row(actor1_name="a\rb", theme="c\r\nd"), row(actor1_name="zwei")], out, "csv")
    back = read_back(out.getvalue())
    assert [(r["actor1_name"], r["theme"]) for r in back] == [("a\nb", "c\nd"), ("zwei", "")]


def test_tsv_is_escaped_after_whitespace_folding() -> None:
    out = io.StringIO()
    write_rows([row(actor1_name="=1+1", trigger="  @x", place_lat=-1.0)], out, "tsv")
    (back,) = read_back(out.getvalue(), "\t")
    assert back["actor1_name"] == "'=1+1" and back["trigger"] == "'@x" and back["place_lat"] == "-1.0"


def test_escaping_can_be_turned_off_and_jsonl_is_never_changed() -> None:
    out = io.StringIO()
    write_rows([row(actor1_name="=1+1")], out, "csv", escape_formulas=False)
    assert read_back(out.getvalue())[0]["actor1_name"] == "=1+1"
    out = io.StringIO()
    write_rows([row(actor1_name="=1+1")], out, "jsonl")
    assert json.loads(out.getvalue())["actor1_name"] == "=1+1"


@pytest.mark.parametrize("value, expected", [
    ("-3.5", "-3.5"), ("+12", "+12"), ("1e-3", "1e-3"), (-3.5, -3.5), (7, 7), (None, None), ("", ""),
    ("Merkel", "Merkel"), ("-", "'-"), ("-inf", "'-inf"), ("+49 30 1234", "'+49 30 1234"), ("--", "'--"),
])
def test_escape_formula(value: Any, expected: Any) -> None:
    assert escape_formula(value) == expected
