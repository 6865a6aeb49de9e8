"""Hostile and broken input for lagebild.ingest: bounded reading, special files, coded per-input errors,
inert unknown JSONL fields, encodings."""

from __future__ import annotations

import errno
import io
import json
import os
import threading
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lagebild.errors import (
    BinaryInputError,
    InputError,
    InputTooLargeError,
    RecordError,
    SpecialFileError,
)
from lagebild.ingest import INPUT_EXTRA, InputFailure, RawDocument, decode_bytes, iter_documents
from lagebild.pipeline import article_from_document

Item = RawDocument | InputFailure
GERMAN = "Die Außenministerin äußerte sich über die Größe der Straßen in Köln. "


def run_with_timeout(function: Callable[[], list[Item]], seconds: float = 20) -> list[Item]:
    """``function()``, failing (not hanging) when it does not return in time."""
    result: list[list[Item]] = []
    thread = threading.Thread(target=lambda: result.append(function()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert result, f"reading did not finish within {seconds} s (a hang)"
    return result[0]


def read(paths: list[Any], **options: Any) -> list[Item]:
    return run_with_timeout(lambda: list(iter_documents(paths, **options)))


def failure_codes(items: list[Item]) -> dict[str, str]:
    return {item.source: item.error.code for item in items if isinstance(item, InputFailure)}


class CountingStream(io.BytesIO):
    """A stdin stand-in that counts the bytes handed out."""

    consumed = 0

    def read(self, size: int | None = -1, /) -> bytes:
        data = super().read(size)
        self.consumed += len(data)
        return data

    def readline(self, size: int | None = -1, /) -> bytes:
        data = super().readline(size)
        self.consumed += len(data)
        return data


# --- size limits ------------------------------------------------------------------------------


def test_max_bytes_applies_to_each_jsonl_record(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"text": "Erster Artikel."}), json.dumps({"text": "Wort " * 1000}),
             json.dumps({"text": "Dritter Artikel."})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read([path], max_bytes=1000)
    assert [type(i).__name__ for i in items] == ["RawDocument", "InputFailure", "RawDocument"]
    failure = items[1]
    assert isinstance(failure, InputFailure) and isinstance(failure.error, InputTooLargeError)
    assert failure.source == f"{path}:2" and "record" in failure.error.message
    assert isinstance(items[2], RawDocument) and items[2].text == "Dritter Artikel."


def test_an_oversized_jsonl_record_is_skipped_without_holding_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as out:
        out.write(b'{"text": "' + b"a" * 20_000_000 + b'"}\n')
        out.write(b'{"text": "Danach geht es weiter."}\n')
    tracemalloc.start()
    try:
        items = read([path], max_bytes=100_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert failure_codes(items) == {f"{path}:1": "E103"}
    assert isinstance(items[1], RawDocument) and items[1].text == "Danach geht es weiter."
    assert peak < 5_000_000, f"{peak:,} bytes held for a 20 MB line"


def test_stdin_text_reads_at_most_max_bytes_plus_one() -> None:
    stream = CountingStream(b"Wort " * 100_000)
    (failure,) = read(["-"], stdin=stream, max_bytes=10_000)
    assert isinstance(failure, InputFailure) and isinstance(failure.error, InputTooLargeError)
    assert failure.error.code == "E103" and "--max-bytes" in str(failure.error)
    assert stream.consumed <= 10_001


def test_stdin_jsonl_is_limited_per_record() -> None:
    data = b"\n".join([b'{"text": "A."}', b'{"text": "' + b"x" * 5000 + b'"}', b'{"text": "B."}'])
    items = read(["-"], stdin=io.BytesIO(data), max_bytes=1000)
    assert [i.text for i in items if isinstance(i, RawDocument)] == ["A.", "B."]
    assert failure_codes(items) == {"<stdin>:2": "E103"}


def test_a_large_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"Wort " * 1_000_000)
    tracemalloc.start()
    try:
        (failure,) = iter_documents([big], max_bytes=10_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(failure, InputFailure) and failure.error.code == "E103"
    assert peak < 1_000_000, f"{peak:,} bytes allocated to refuse a 5 MB file"


# --- special files --------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifos_and_devices_are_refused_without_opening(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Ein guter Artikel.", encoding="utf-8")
    os.mkfifo(corpus / "pipe.txt")  # opening it for reading would block forever
    os.symlink("/dev/zero", corpus / "zero.txt")  # reading it would never end
    (corpus / "z.txt").write_text("Noch ein guter Artikel.", encoding="utf-8")
    fifo_argument = tmp_path / "direct.jsonl"
    os.mkfifo(fifo_argument)
    items = read([corpus, fifo_argument, "/dev/zero"])
    assert failure_codes(items) == {str(corpus / "pipe.txt"): "E107", str(corpus / "zero.txt"): "E107",
                                    str(fifo_argument): "E107", "/dev/zero": "E107"}
    assert all(isinstance(i.error, SpecialFileError) for i in items if isinstance(i, InputFailure))
    assert [Path(i.source).name for i in items if isinstance(i, RawDocument)] == ["a.txt", "z.txt"]


# --- unreadable paths ------------------------------------------------------------------------


def test_unreadable_subdirectory_and_file_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden.txt").write_text("Nicht lesbar.", encoding="utf-8")
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "ok.txt").write_text("Ein Artikel.", encoding="utf-8")
    (tmp_path / "open" / "secret.txt").write_text("Geheim.", encoding="utf-8")
    locked, secret = str(tmp_path / "locked"), str(tmp_path / "open" / "secret.txt")
    real_scandir, real_open = os.scandir, os.open

    def scandir(path: Any) -> Any:  # tests may run as root, who can read everything
        if os.fspath(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", locked)
        return real_scandir(path)

    def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == secret:
            raise PermissionError(errno.EACCES, "Permission denied", secret)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", os_open)
    items = read([tmp_path])
    assert failure_codes(items) == {locked: "E100", secret: "E100"}
    messages = {i.source: str(i.error) for i in items if isinstance(i, InputFailure)}
    assert "Permission denied" in messages[locked] and "Hint:" in messages[locked]
    assert [Path(i.source).name for i in items if isinstance(i, RawDocument)] == ["ok.txt"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_directory_with_real_permissions(tmp_path: Path) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "locked").chmod(0)
    try:
        items = read([tmp_path, tmp_path / "locked" / "a.txt"])
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert set(failure_codes(items).values()) == {"E100"} and len(items) == 2


def test_bad_path_arguments_are_coded_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    long_path = tmp_path / ("x" * 300 + ".txt")
    denied = tmp_path / "denied" / "a.txt"
    real_stat = os.stat

    def stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if os.fspath(path) == str(denied):
            raise PermissionError(errno.EACCES, "Permission denied", str(denied))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    items = read([long_path, denied, "", "bad\x00path.txt"])
    assert len(items) == 4 and all(isinstance(i, InputFailure) for i in items)
    errors = [i.error for i in items if isinstance(i, InputFailure)]
    assert all(type(e) is InputError and e.code == "E100" for e in errors)
    assert "too long" in str(errors[0]) and "Permission denied" in str(errors[1])


def test_undecodable_file_names_give_printable_sources(tmp_path: Path) -> None:
    name = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(name, "wb") as out:
        out.write("Ein Artikel über Köln.".encode())
    (doc,) = read([tmp_path])
    assert isinstance(doc, RawDocument) and doc.source.endswith("caf\ufffd.txt")
    doc.source.encode("utf-8")  # before: '\udce9' could not be stored or printed


# --- JSONL records -----------------------------------------------------------------------------


def test_deeply_nested_line_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text("\n".join([json.dumps({"text": "Vorher."}), "[" * 100_000 + "]" * 100_000,
                               json.dumps({"text": "Nachher."})]), encoding="utf-8")
    items = read([path])
    assert [i.text for i in items if isinstance(i, RawDocument)] == ["Vorher.", "Nachher."]
    failure = items[1]
    assert isinstance(failure, InputFailure) and isinstance(failure.error, RecordError)
    assert failure.source == f"{path}:2" and "nested" in failure.error.message


def test_deeply_nested_json_file_is_a_record_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (failure,) = read([path])
    assert isinstance(failure, InputFailure) and failure.error.code == "E106"


def test_unknown_fields_are_kept_inert(tmp_path: Path) -> None:
    record = {"text": "Der österreichische Innenminister sprach.", "title": "T", "warnings": 5,
              "roles": [{"entity": "per-evil", "name": "Evil", "role": "interior_minister", "country": "AT"}],
              "encoding": "evil", "published_source": "user", "kb": {"x": 1}, "section": "Politik"}
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (doc,) = read([path])
    assert isinstance(doc, RawDocument)
    assert doc.meta == {"encoding": "utf-8", INPUT_EXTRA: {k: v for k, v in record.items()
                                                           if k not in ("text", "title")}}
    article = article_from_document(doc)  # before: "warnings": 5 crashed here or in the CLI
    assert "roles" not in article.meta and "warnings" not in article.meta
    assert article.meta[INPUT_EXTRA]["warnings"] == 5


@pytest.mark.parametrize("record, field", [
    ({"text": "Ein Text.", "title": 5}, "title"),
    ({"text": "Ein Text.", "url": {}}, "url"),
    ({"text": "Ein Text.", "outlet": ["a"]}, "outlet"),
    ({"text": "Ein Text.", "published": 20170708}, "published"),
    ({"text": 5}, "text"),
    ({"html": True}, "html"),
])
def test_documented_fields_of_the_wrong_type_are_record_errors(tmp_path: Path, record: dict[str, Any],
                                                               field: str) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps({"text": "Gut."}) + "\n", encoding="utf-8")
    failure, good = read([path])
    assert isinstance(failure, InputFailure) and isinstance(failure.error, RecordError)
    assert repr(field) in failure.error.message
    assert isinstance(good, RawDocument) and good.text == "Gut."


def test_null_metadata_and_odd_values_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "Ein Text \\ud800.", "title": null, "n": NaN, "big": 1e999}\n', encoding="utf-8")
    (doc,) = read([path])
    assert isinstance(doc, RawDocument) and doc.title is None
    assert doc.text == "Ein Text \ufffd." and any("surrogate" in w for w in doc.meta["warnings"])
    assert doc.meta[INPUT_EXTRA] == {"n": "NaN", "big": "Infinity"}
    json.dumps(doc.meta, allow_nan=False)  # strict JSON: no NaN/Infinity


def test_deeply_nested_unknown_field_is_dropped_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "Ein Text.", "deep": json.loads("[" * 200 + "]" * 200), "ok": 1}) + "\n",
                    encoding="utf-8")
    (doc,) = read([path])
    assert isinstance(doc, RawDocument) and doc.meta[INPUT_EXTRA] == {"ok": 1}
    assert any("'deep'" in w for w in doc.meta["warnings"])


# --- encodings ------------------------------------------------------------------------------


def test_utf8_with_a_few_invalid_bytes_stays_utf8() -> None:
    part = (GERMAN * 5).encode("utf-8")
    data = part + b"\xff" + part + b"\xc3\x28" + part * 2 + b"\x80"
    text, meta = decode_bytes(data, "x.txt")
    assert meta["encoding"] == "utf-8"
    assert "Ã" not in text and text.count("Straßen") == 20  # before: all of it decoded as cp1252
    assert text.count("\ufffd") == 3
    (warning,) = meta["warnings"]
    assert warning.startswith("3 invalid UTF-8") and f"at byte offset {len(part)}, {2 * len(part) + 1}," in warning


def test_legacy_codec_only_when_the_whole_file_reads_as_one() -> None:
    text, meta = decode_bytes((GERMAN * 5).encode("cp1252"))
    assert text == GERMAN * 5 and meta["encoding"] == "cp1252"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded(codec: str) -> None:
    text, meta = decode_bytes((GERMAN * 3).encode(codec), "x.txt")  # before: BinaryInputError
    assert text == GERMAN * 3 and meta["encoding"] == codec and meta["warnings"]


def test_utf16_jsonl_file_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes((json.dumps({"text": GERMAN}, ensure_ascii=False) + "\n").encode("utf-16-le"))
    (doc,) = read([path])
    assert isinstance(doc, RawDocument) and doc.text == GERMAN and doc.meta["encoding"] == "utf-16-le"


def test_binary_is_still_binary() -> None:
    with pytest.raises(BinaryInputError):
        decode_bytes(bytes(range(256)) * 10)
    with pytest.raises(BinaryInputError):
        decode_bytes(b"\x00\x00\x00\x01" * 100)
