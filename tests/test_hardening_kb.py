"""Knowledge-base files (``lagebild kb import``): every malformed input is a coded error naming the line."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from lagebild.entities.kb import KbFormatError, parse_record, read_jsonl
from lagebild.errors import InputError, LagebildError, SpecialFileError

GOOD = {"id": "selenskyj-wolodymyr", "name": "Wolodymyr Selenskyj", "type": "PER", "country": "UA",
        "aliases": {"de": ["Selenskyj"], "en": ["Zelenskyy"]},
        "positions": [{"role": "head_of_state", "country": "UA", "start": "2019-05-20", "end": None}]}


def write(tmp_path: Path, *records: Any) -> Path:
    path = tmp_path / "kb.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def with_(**changes: Any) -> dict[str, Any]:
    return {**GOOD, **changes}


def position(**changes: Any) -> dict[str, Any]:
    return with_(positions=[{**GOOD["positions"][0], **changes}])


@pytest.mark.parametrize("record, message", [
    (with_(country=5), "'country' must be a two-letter"),
    (with_(country=["UA"]), "'country' must be a two-letter"),
    (with_(country={"iso": "UA"}), "'country' must be a two-letter"),
    (with_(country="ua"), "'country' must be a two-letter"),
    (with_(country="UKR"), "'country' must be a two-letter"),
    (with_(positions=5), "'positions' must be a list of objects"),
    (with_(positions={"role": "x"}), "'positions' must be a list of objects"),
    (with_(positions=[5]), "position 0 must be an object"),
    (with_(positions=[{"start": "2019-05-20"}]), "position 0 needs a 'role'"),
    (position(start="2017-99-99xx"), "dates must be real ISO dates"),
    (position(start="2017-02-30"), "dates must be real ISO dates"),
    (position(start="2017"), "dates must be real ISO dates"),
    (position(end=20190520), "dates must be real ISO dates"),
    (position(start="2020-01-01", end="2019-01-01"), "before 'start'"),
    (position(country=["UA"]), "'country' must be a two-letter"),
    (with_(aliases={"de": "Selenskyj"}), "aliases must be lists"),
    (with_(aliases={"de": [5]}), "aliases must be lists"),
    (with_(aliases=5), "'aliases' must be an object"),
    (with_(name=5), "'name'"),
    (with_(id="a\ud800"), "surrogate"),
    (with_(note=json.loads("[" * 50 + "]" * 50)), "nested"),
    ([GOOD], "expected a JSON object"),
])
def test_malformed_records_name_their_line(tmp_path: Path, record: Any, message: str) -> None:
    path = write(tmp_path, GOOD, record)
    with pytest.raises(KbFormatError) as info:
        list(read_jsonl(path))
    assert info.value.code == "E401"
    assert f"{path}:2" in info.value.message and message in info.value.message


def test_valid_records_still_load(tmp_path: Path) -> None:
    path = write(tmp_path, "# comment", GOOD, with_(id="x", country=None, positions=None, aliases=["X"]))
    first, second = read_jsonl(path)
    assert first.country == "UA" and first.positions[0].start == "2019-05-20"
    assert second.country is None and second.positions == () and second.aliases_de == ("X",)
    assert parse_record(first.to_record()) == first


def test_non_utf8_file_is_a_kb_format_error(tmp_path: Path) -> None:
    path = tmp_path / "kb.jsonl"
    path.write_bytes(json.dumps(GOOD).encode() + b"\n" + json.dumps(with_(name="Jos\u00e9")).encode("latin-1")
                     .replace(b"\\u00e9", b"\xe9") + b"\n")
    with pytest.raises(KbFormatError, match=r"kb.jsonl:2: not UTF-8 \(byte 0xe9"):
        list(read_jsonl(path))


def test_deeply_nested_json_is_a_kb_format_error(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD, "[" * 100_000 + "]" * 100_000)
    with pytest.raises(KbFormatError, match=r"kb\.jsonl:2: the JSON is nested too deeply"):
        list(read_jsonl(path))


def test_huge_numbers_are_a_kb_format_error(tmp_path: Path) -> None:
    path = write(tmp_path, '{"id": "x", "name": "X", "type": "PER", "n": ' + "9" * 5000 + "}")
    with pytest.raises(KbFormatError, match=r"kb\.jsonl:1: not JSON"):
        list(read_jsonl(path))


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "kb.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD).encode() + b"\n")
    assert [e.id for e in read_jsonl(path)] == ["selenskyj-wolodymyr"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_unreadable_and_special_files_are_coded_errors(tmp_path: Path) -> None:
    fifo = tmp_path / "kb.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(SpecialFileError):
        list(read_jsonl(fifo))
    with pytest.raises(InputError) as info:
        list(read_jsonl(tmp_path / ("x" * 300)))
    assert isinstance(info.value, LagebildError) and info.value.code == "E100"
    with pytest.raises(InputError):
        list(read_jsonl(tmp_path))  # a directory
