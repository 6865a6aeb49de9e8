from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from lagebild.dates import parse_metadata_date
from lagebild.errors import BinaryInputError, EmptyInputError, InputTooLargeError, RecordError
from lagebild.ingest import InputFailure, RawDocument, decode_bytes, iter_documents

GERMAN = "Der Außenminister äußerte sich über die Größe der Straße."


def test_decode_utf8_with_and_without_bom() -> None:
    assert decode_bytes(GERMAN.encode("utf-8"))[0] == GERMAN
    text, meta = decode_bytes(b"\xef\xbb\xbf" + GERMAN.encode("utf-8"))
    assert text == GERMAN and meta["encoding"] == "utf-8-sig"


def test_decode_legacy_encodings_are_detected() -> None:
    text, meta = decode_bytes(GERMAN.encode("cp1252"))
    assert text == GERMAN
    assert meta["encoding"] == "cp1252" and meta["warnings"]
    text, _ = decode_bytes("„Zitat“ – 5 €".encode("cp1252"))
    assert text == "„Zitat“ – 5 €"


@pytest.mark.parametrize("data, error", [
    (b"", EmptyInputError),
    (b"  \n\t ", EmptyInputError),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInputError),
    (bytes(range(0, 9)) * 200, BinaryInputError),
])
def test_decode_refuses_empty_and_binary(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        decode_bytes(data, "x.txt")
    assert "x.txt" in str(info.value)


def test_directory_with_a_broken_file_keeps_the_others(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Erster Artikel. Er ist gut.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_bytes("Zweiter Artikel über Köln.".encode("latin-1"))
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    items = list(iter_documents([tmp_path]))
    docs = [i for i in items if isinstance(i, RawDocument)]
    failures = [i for i in items if isinstance(i, InputFailure)]
    assert sorted(Path(d.source).name for d in docs) == ["a.txt", "b.txt"]
    assert "Köln" in next(d.text for d in docs if d.source.endswith("b.txt"))
    assert {Path(f.source).name: f.error.code for f in failures} == {"broken.txt": "E102", "empty.txt": "E101"}


def test_too_large_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"Wort " * 300_000)
    (failure,) = iter_documents([big], max_bytes=1_000_000)
    assert isinstance(failure, InputFailure)
    assert isinstance(failure.error, InputTooLargeError)
    assert "--max-bytes" in str(failure.error)


def test_jsonl_records_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": "Ein Text.", "url": "https://example.org/a", "outlet": "Beispiel",
                    "title": "A", "published": "2017-07-08", "section": "Politik"}),
        "{not json",
        json.dumps({"url": "https://example.org/c"}),
        json.dumps({"html": "<html><body><article><p>" + "Ein HTML-Artikel über Hamburg. " * 5
                    + "</p></article></body></html>", "outlet": "HTML-Blatt"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_documents([path]))
    assert isinstance(items[0], RawDocument)
    assert (items[0].url, items[0].outlet, items[0].title, items[0].published) == (
        "https://example.org/a", "Beispiel", "A", "2017-07-08")
    assert items[0].meta["input_extra"]["section"] == "Politik"  # unknown fields stay inert
    assert isinstance(items[1], InputFailure) and items[1].source.endswith(":2")
    assert isinstance(items[1].error, RecordError)
    assert isinstance(items[2], InputFailure) and "neither" in items[2].error.message
    assert isinstance(items[3], RawDocument) and "Hamburg" in items[3].text
    assert items[3].outlet == "HTML-Blatt"


def test_html_file_metadata_via_trafilatura(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Putin trifft Trump</title>"
        '<meta property="og:site_name" content="Tagesblatt"><meta name="author" content="Erika Muster">'
        '<meta property="article:published_time" content="2017-07-07T18:00:00+02:00"></head>'
        "<body><article><h1>Putin trifft Trump</h1><p>Bei ihrem ersten Treffen in Hamburg sprachen die "
        "Präsidenten über Syrien und vieles mehr, was die Welt bewegt.</p><p>Lawrow sagte, es gehe um "
        "Cybersicherheit und weitere Themen der Zusammenarbeit.</p></article></body></html>",
        encoding="utf-8",
    )
    (doc,) = iter_documents([page])
    assert isinstance(doc, RawDocument)
    assert doc.title == "Putin trifft Trump"
    assert doc.outlet == "Tagesblatt"
    assert doc.published == "2017-07-07"
    assert doc.meta["author"] == "Erika Muster"
    assert not doc.text.startswith("Putin trifft Trump")  # the repeated headline is not body text
    assert "\n\n" in doc.text  # HTML paragraphs stay paragraphs


def test_stdin_is_sniffed() -> None:
    (doc,) = iter_documents(["-"], stdin=io.BytesIO(b"Ein Text von der Standardeingabe."))
    assert isinstance(doc, RawDocument) and doc.source == "<stdin>"
    items = list(iter_documents(["-"], stdin=io.BytesIO(b'{"text": "A."}\n{"text": "B."}\n')))
    assert [d.text for d in items if isinstance(d, RawDocument)] == ["A.", "B."]


def test_missing_path_is_a_failure_not_a_crash() -> None:
    (failure,) = iter_documents(["/nonexistent/file.txt"])
    assert isinstance(failure, InputFailure) and "no such file" in failure.error.message


@pytest.mark.parametrize("value, expected", [
    ("2017-07-09", "2017-07-09"),
    ("2017-07-09T12:00:00+02:00", "2017-07-09T12:00+02:00"),
    ("2017-07-09T12:00:00Z", "2017-07-09T12:00+00:00"),
    ("09.07.2017", "2017-07-09"),
    ("9.7.2017, 14:30 Uhr", "2017-07-09T14:30"),
    ("9. Juli 2017", "2017-07-09"),
    ("July 9, 2017", "2017-07-09"),
    ("Sun, 09 Jul 2017 12:00:00 +0200", "2017-07-09T12:00+02:00"),
    ("31.02.2017", None),
    ("gestern", None),
])
def test_metadata_dates(value: str, expected: str | None) -> None:
    assert parse_metadata_date(value) == expected


def test_utf16_with_bom_and_fake_bom() -> None:
    text, meta = decode_bytes("Grüße aus Köln.".encode("utf-16"))
    assert text == "Grüße aus Köln." and meta["encoding"] == "utf-16"
    with pytest.raises(BinaryInputError):
        decode_bytes(b"\xff\xfe\xfa\xfb" * 50 + b"\x00")  # looks like a BOM, is garbage


def test_invalid_utf8_inside_german_text_is_kept_with_a_warning() -> None:
    data = "Die Straße ist gesperrt. ".encode() * 10 + b"\xc3\x28 kaputt"
    text, meta = decode_bytes(data)
    assert "gesperrt" in text and meta["warnings"]
