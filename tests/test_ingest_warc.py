"""WARC, WARC.gz and JSONL.gz readers: real archives written with warcio, broken and hostile ones.

The pages are German Wikinews articles (examples/wikinews.jsonl, CC BY 2.5) in a news-site
template.  Gzip bombs are built in a fraction of a second: a MiB of zeros compressed after a
full flush always gives the same ~1 KB, so 1 GiB of zeros is that block repeated.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import struct
import time
import tracemalloc
import zlib
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from lagebild.errors import EmptyInputError, InputTooLargeError, RecordError, SpecialFileError, UnsupportedFormatError
from lagebild.ingest import InputFailure, RawDocument
from lagebild.ingest_errors import ArchiveFormatError, DecompressionBombError, TruncatedInputError
from lagebild.ingest_feeds import corpus_reader
from lagebild.ingest_warc import RATIO_WINDOW, iter_jsonl_gz, iter_warc, open_guarded

ROOT = Path(__file__).resolve().parent.parent
WIKINEWS = [json.loads(line) for line in (ROOT / "examples" / "wikinews.jsonl").read_text("utf-8").splitlines()]
SAMPLES = Path(__file__).resolve().parent / "data" / "warc"
MiB = 1 << 20
Item = RawDocument | InputFailure


# --- building archives -------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?“])\s+(?=[A-ZÄÖÜ„])", text) if s.strip()]


def paragraphs(text: str, per: int = 3) -> list[str]:
    parts = sentences(text)
    return [" ".join(parts[i: i + per]) for i in range(0, len(parts), per)]


def german_page(article: dict[str, Any], *, site_name: str | None = None, charset: str = "utf-8") -> str:
    """A news page as outlets publish it: navigation, teaser boxes, the article, a footer."""
    body = "\n".join(f"      <p>{escape(p)}</p>" for p in paragraphs(article["text"]))
    site = f'<meta property="og:site_name" content="{escape(site_name)}">' if site_name else ""
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
  <meta charset="{charset}">
  <title>{escape(article["title"])} | Nachrichten</title>
  {site}
  <meta property="article:published_time" content="{article["published"]}T09:30:00+02:00">
  <link rel="stylesheet" href="/static/site.css">
  <script>window.dataLayer = [{{"seite": "artikel"}}];</script>
</head>
<body>
  <header><nav><ul><li><a href="/politik">Politik</a></li><li><a href="/wirtschaft">Wirtschaft</a></li>
  <li><a href="/kultur">Kultur</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
  <main>
    <article>
      <h1>{escape(article["title"])}</h1>
      <p class="meta">Veröffentlicht am {article["published"]}</p>
{body}
    </article>
    <aside><h2>Meistgelesen</h2><ul><li><a href="/a/1">Wetter: Sturm über Norddeutschland</a></li>
    <li><a href="/a/2">Bundesliga: Die Ergebnisse des Spieltags</a></li></ul></aside>
  </main>
  <footer><a href="/impressum">Impressum</a> · <a href="/datenschutz">Datenschutz</a> · © Nachrichten</footer>
</body>
</html>
"""


def http_response(body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK",
                  extra: Iterable[tuple[str, str]] = ()) -> StatusAndHeaders:
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def write_warc(path: Path, entries: list[dict[str, Any]], *, gz: bool = True) -> Path:
    """A WARC file of ``entries`` (url, body, and optionally type, status, content_type, extra headers)."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "lagebild tests",
                                                                      "format": "WARC File Format 1.1"}))
        for entry in entries:
            rec_type = entry.get("type", "response")
            body = entry.get("body", b"")
            if rec_type == "request":
                http = StatusAndHeaders(f"GET {entry['url']} HTTP/1.1", [("Host", "www.example.de")],
                                        is_http_request=True)
                record = writer.create_warc_record(entry["url"], "request", payload=io.BytesIO(b""), http_headers=http)
            elif rec_type == "resource":
                record = writer.create_warc_record(entry["url"], "resource", payload=io.BytesIO(body),
                                                   warc_content_type=entry.get("content_type", "text/html"))
            else:
                http = http_response(body, entry.get("content_type", "text/html; charset=utf-8"),
                                     entry.get("status", "200 OK"), entry.get("extra", ()))
                record = writer.create_warc_record(entry["url"], "response", payload=io.BytesIO(body),
                                                   http_headers=http)
            writer.write_record(record)
    return path


def page_entry(index: int, url: str, **kwargs: Any) -> dict[str, Any]:
    return {"url": url, "body": german_page(WIKINEWS[index], **kwargs).encode("utf-8")}


def gzip_zeros(prefix: bytes, size: int, suffix: bytes = b"", fill: bytes = b"\x00") -> bytes:
    """One gzip member holding ``prefix``, ``size`` zero bytes (a multiple of 1 MiB; or ``fill``) and ``suffix``."""
    assert size % MiB == 0 and len(fill) == 1
    zeros = fill * MiB
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert block == again  # after a full flush the compressor state repeats
    tail = compressor.compress(suffix) + compressor.flush()
    crc = zlib.crc32(prefix)
    for _ in range(size // MiB):
        crc = zlib.crc32(zeros, crc)
    crc = zlib.crc32(suffix, crc)
    total = len(prefix) + size + len(suffix)
    return head + block * (size // MiB) + tail[:-8] + struct.pack("<II", crc, total & 0xFFFFFFFF)


def warc_bomb_record(url: str, size: int) -> bytes:
    """A gzip member with one WARC response record whose HTML payload is ``size`` zero bytes."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    header = (f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\n"
              f"WARC-Date: 2017-07-09T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n"
              f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http) + size}\r\n\r\n")
    return gzip_zeros(header.encode() + http, size, b"\r\n\r\n")


def offsets(path: Path) -> list[tuple[int, int]]:
    """(offset, length) of every record, as warcio reports them."""
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        found = []
        for _ in iterator:
            found.append((iterator.get_record_offset(), iterator.get_record_length()))
        return found


def read(path: Path, max_bytes: int = 10_000_000) -> list[Item]:
    return list(iter_warc(path, max_bytes=max_bytes))


def traced(function: Any) -> tuple[Any, float, int]:
    """``function()``, its run time and its traced memory peak, after a warm-up read (imports are not counted)."""
    from lagebild.ingest import html_to_document

    html_to_document(german_page(WIKINEWS[0]), "warm-up")  # imports trafilatura and lxml
    tracemalloc.start()
    began = time.perf_counter()
    try:
        result = function()
        return result, time.perf_counter() - began, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def docs_of(items: list[Item]) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def failures_of(items: list[Item]) -> list[InputFailure]:
    return [item for item in items if isinstance(item, InputFailure)]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One crawl as WARC.gz and as WARC: 3 articles among requests, images, styles and redirects."""
    entries = [
        {"type": "request", "url": "https://www.sueddeutsche.de/politik/komet-1.3567"},
        page_entry(0, "https://www.sueddeutsche.de/politik/komet-1.3567"),
        {"url": "https://www.sueddeutsche.de/static/logo.png", "body": b"\x89PNG\r\n\x1a\n" + os.urandom(600),
         "content_type": "image/png"},
        {"url": "https://www.sueddeutsche.de/static/site.css", "body": b"body { font-family: serif; }",
         "content_type": "text/css"},
        {"url": "https://m.spiegel.de/alt", "body": b"<html><body>Moved</body></html>",
         "status": "301 Moved Permanently", "extra": [("Location", "https://m.spiegel.de/wissenschaft/a-1")]},
        page_entry(1, "https://m.spiegel.de/wissenschaft/a-1", site_name="DER SPIEGEL"),
        {"url": "https://m.spiegel.de/fehlt", "body": german_page(WIKINEWS[5]).encode(), "status": "404 Not Found"},
        page_entry(2, "https://news.bbc.co.uk/german/article-2"),
        {"url": "https://news.bbc.co.uk/robots.txt", "body": b"User-agent: *\nDisallow:\n",
         "content_type": "text/plain"},
    ]
    base = tmp_path_factory.mktemp("crawl")
    return {"gz": write_warc(base / "crawl.warc.gz", entries), "plain": write_warc(base / "crawl.warc", entries,
                                                                                  gz=False)}


# --- reading real archives ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["gz", "plain"])
def test_html_responses_become_articles(crawl: dict[str, Path], kind: str) -> None:
    path = crawl[kind]
    items = read(path)
    assert not failures_of(items), failures_of(items)
    docs = docs_of(items)
    assert [d.url for d in docs] == ["https://www.sueddeutsche.de/politik/komet-1.3567",
                                     "https://m.spiegel.de/wissenschaft/a-1", "https://news.bbc.co.uk/german/article-2"]
    assert [d.title for d in docs] == [WIKINEWS[i]["title"] for i in range(3)]
    # the outlet: page metadata (og:site_name) when given, else the URL's registered domain
    assert [d.outlet for d in docs] == ["sueddeutsche.de", "DER SPIEGEL", "bbc.co.uk"]
    assert [d.meta["outlet_domain"] for d in docs] == ["sueddeutsche.de", "spiegel.de", "bbc.co.uk"]
    assert [d.source for d in docs] == [f"{path}#3", f"{path}#7", f"{path}#9"]  # 1 = warcinfo, 2 = request
    for index, doc in enumerate(docs):
        first, last = sentences(WIKINEWS[index]["text"])[0], sentences(WIKINEWS[index]["text"])[-1]
        assert first in doc.text and last in doc.text
        assert "Impressum" not in doc.text and "Meistgelesen" not in doc.text and "dataLayer" not in doc.text
        assert "\n\n" in doc.text  # paragraphs kept
        assert doc.published == WIKINEWS[index]["published"]
        assert doc.meta["format"] == "warc" and doc.meta["encoding"] == "utf-8"
        assert doc.meta["warc_record_id"].startswith("<urn:uuid:") and doc.meta["warc_date"]


@pytest.mark.parametrize("kind", ["gz", "plain"])
def test_warc_offset_is_where_warcio_finds_the_record(crawl: dict[str, Path], kind: str) -> None:
    path = crawl[kind]
    starts = [offset for offset, _ in offsets(path)]
    docs = docs_of(read(path))
    assert [d.meta["warc_offset"] for d in docs] == [starts[2], starts[6], starts[8]]
    assert [d.meta["warc_record"] for d in docs] == [3, 7, 9]


def test_empty_and_textless_html_responses_are_per_record_failures(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "x.warc.gz", [
        page_entry(3, "https://www.faz.net/aktuell/a-1"),
        {"url": "https://www.faz.net/aktuell/leer", "body": b""},
        {"url": "https://www.faz.net/aktuell/blank", "body": b"  \r\n "},
        {"url": "https://www.faz.net/", "body": b"<html><head><title>FAZ</title><script>var a = 1;</script></head>"
                                                b"<body><div id='app'></div></body></html>"},  # rendered by script
        page_entry(4, "https://www.faz.net/aktuell/a-2"),
    ])
    items = read(path)
    assert [type(i).__name__ for i in items] == ["RawDocument", "InputFailure", "InputFailure", "InputFailure",
                                                 "RawDocument"]
    empty, blank, index = failures_of(items)
    assert empty.source == f"{path}#3" and isinstance(empty.error, EmptyInputError)
    assert "faz.net/aktuell/leer" in str(empty.error) and empty.error.code == "E101"
    assert blank.source == f"{path}#4" and isinstance(blank.error, EmptyInputError)
    assert index.source == f"{path}#5" and index.error.code in ("E101", "E105")
    assert docs_of(items)[1].title == WIKINEWS[4]["title"]


def test_non_html_and_non_200_responses_are_skipped_silently(crawl: dict[str, Path]) -> None:
    items = read(crawl["gz"])
    assert len(items) == 3 and not failures_of(items)  # png, css, 301, 404, robots.txt, request, warcinfo
    assert not any("spiegel.de/fehlt" in (d.url or "") for d in docs_of(items))


def test_resource_records_and_missing_content_type(tmp_path: Path) -> None:
    page = german_page(WIKINEWS[6]).encode()
    path = write_warc(tmp_path / "r.warc", [
        {"type": "resource", "url": "https://www.zeit.de/politik/a", "body": page, "content_type": "text/html"},
        {"url": "https://www.zeit.de/politik/b", "body": german_page(WIKINEWS[7]).encode(), "content_type": ""},
        {"url": "https://www.zeit.de/daten.bin", "body": os.urandom(300), "content_type": ""},
    ], gz=False)
    docs = docs_of(read(path))
    assert [d.title for d in docs] == [WIKINEWS[6]["title"], WIKINEWS[7]["title"]]
    assert all(d.outlet == "zeit.de" for d in docs)


def test_declared_legacy_charset_and_http_content_encodings(tmp_path: Path) -> None:
    article = {**WIKINEWS[8], "title": "Größere Straßen für Köln"}
    cp1252 = german_page(article, charset="windows-1252").encode("cp1252")
    gzipped = gzip.compress(german_page(WIKINEWS[9]).encode(), mtime=0)
    body = german_page(WIKINEWS[10]).encode()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:700], body[700:])) + b"0\r\n\r\n"
    path = write_warc(tmp_path / "enc.warc.gz", [
        {"url": "https://www.welt.de/a", "body": cp1252, "content_type": "text/html; charset=ISO-8859-1"},
        {"url": "https://www.welt.de/b", "body": gzipped, "extra": [("Content-Encoding", "gzip")]},
        {"url": "https://www.welt.de/c", "body": chunked, "extra": [("Transfer-Encoding", "chunked")]},
    ])
    docs = docs_of(read(path))
    assert [d.title for d in docs] == ["Größere Straßen für Köln", WIKINEWS[9]["title"], WIKINEWS[10]["title"]]
    assert docs[0].meta["encoding"] == "cp1252"
    assert sentences(WIKINEWS[10]["text"])[-1] in docs[2].text


def test_unknown_content_encoding_fails_alone_and_untyped_gzip_pages_are_sniffed(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "br.warc.gz", [
        {"url": "https://www.mdr.de/a", "body": b"\x1b\x4a\x00\xf8brotli", "extra": [("Content-Encoding", "br")]},
        page_entry(5, "https://www.mdr.de/b"),
        {"url": "https://www.mdr.de/c", "body": gzip.compress(german_page(WIKINEWS[6]).encode(), mtime=0),
         "content_type": "", "extra": [("Content-Encoding", "gzip")]},
        {"url": "https://www.mdr.de/d.bin", "body": gzip.compress(os.urandom(500), mtime=0), "content_type": "",
         "extra": [("Content-Encoding", "gzip")]},
    ])
    items = read(path)
    assert [type(i).__name__ for i in items] == ["InputFailure", "RawDocument", "RawDocument"]
    assert items[0].source == f"{path}#2" and items[0].error.code == "E105"  # type: ignore[union-attr]
    assert "Content-Encoding 'br'" in str(items[0].error)  # type: ignore[union-attr]
    assert [d.title for d in docs_of(items)] == [WIKINEWS[5]["title"], WIKINEWS[6]["title"]]


def test_oversized_page_fails_alone(tmp_path: Path) -> None:
    big = german_page({**WIKINEWS[11], "text": WIKINEWS[11]["text"] * 200}).encode()
    path = write_warc(tmp_path / "big.warc.gz", [page_entry(0, "https://www.ndr.de/a"),
                                                 {"url": "https://www.ndr.de/big", "body": big},
                                                 page_entry(1, "https://www.ndr.de/b")])
    items = read(path, max_bytes=100_000)
    assert [type(i).__name__ for i in items] == ["RawDocument", "InputFailure", "RawDocument"]
    failure = failures_of(items)[0]
    assert failure.source == f"{path}#3" and isinstance(failure.error, InputTooLargeError)


# --- broken archives ---------------------------------------------------------------------


def _truncated_copy(path: Path, cut: int, tmp_path: Path) -> Path:
    target = tmp_path / f"cut-{cut}{''.join(path.suffixes)}"
    target.write_bytes(path.read_bytes()[:cut])
    return target


@pytest.mark.parametrize("kind", ["gz", "plain"])
@pytest.mark.parametrize("where", ["payload", "header"])
def test_truncated_warc_keeps_the_records_before_the_cut(crawl: dict[str, Path], tmp_path: Path, kind: str,
                                                         where: str) -> None:
    path = crawl[kind]
    records = offsets(path)
    start, length = records[7]  # the bbc.co.uk article: the 8th record
    cut = start + (length // 2 if where == "payload" else 40)
    items = read(_truncated_copy(path, cut, tmp_path))
    docs, failures = docs_of(items), failures_of(items)
    assert [d.url for d in docs] == ["https://www.sueddeutsche.de/politik/komet-1.3567",
                                     "https://m.spiegel.de/wissenschaft/a-1"]
    assert len(failures) == 1 and items[-1] is failures[0]
    error = failures[0].error
    assert isinstance(error, TruncatedInputError) and error.code == "E108"
    assert failures[0].source.endswith(f"cut-{cut}{''.join(path.suffixes)}")
    assert "record 8" in error.message and f"byte {start:,}" in error.message
    assert "7 record(s) before it were read" in str(error)


def test_warc_gz_cut_between_records_is_complete_up_to_there(crawl: dict[str, Path], tmp_path: Path) -> None:
    start, _ = offsets(crawl["gz"])[7]
    items = read(_truncated_copy(crawl["gz"], start, tmp_path))
    assert len(docs_of(items)) == 2 and not failures_of(items)  # a cut at a member boundary looks complete


def test_damaged_gzip_data_stops_with_a_coded_error(crawl: dict[str, Path], tmp_path: Path) -> None:
    data = bytearray(crawl["gz"].read_bytes())
    start, length = offsets(crawl["gz"])[7]
    data[start + length // 2: start + length // 2 + 40] = b"\xff" * 40
    target = tmp_path / "damaged.warc.gz"
    target.write_bytes(bytes(data))
    items = read(target)
    assert len(docs_of(items)) == 2
    assert [f.error.code for f in failures_of(items)] == ["E110"]


def test_not_a_warc_file(tmp_path: Path) -> None:
    html = tmp_path / "page.warc"
    html.write_text("<html><body><p>Kein Archiv</p></body></html>", encoding="utf-8")
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    double = tmp_path / "double.warc.gz"
    double.write_bytes(gzip.compress(gzip.compress(b"WARC/1.1\r\n\r\n")))
    for path, error in ((html, ArchiveFormatError), (empty, EmptyInputError), (double, ArchiveFormatError)):
        items = read(path)
        assert len(items) == 1 and isinstance(items[0], InputFailure) and isinstance(items[0].error, error), items
        assert items[0].source == str(path)
    assert "doubly" in str(read(double)[0].error)  # type: ignore[union-attr]


def test_a_header_without_end_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "endless.warc"
    with path.open("wb") as out:
        out.write(b"WARC/1.1\r\nWARC-Type: response\r\nX-Junk: ")
        for _ in range(24):
            out.write(b"a" * MiB)
    items, _, peak = traced(lambda: read(path))
    assert len(items) == 1 and isinstance(items[0], InputFailure)
    assert isinstance(items[0].error, ArchiveFormatError) and "header longer than" in items[0].error.message
    assert peak < 8 * MiB


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.warc.gz"
    os.mkfifo(fifo)
    items = read(fifo)
    assert len(items) == 1 and isinstance(items[0], InputFailure) and isinstance(items[0].error, SpecialFileError)


# --- bombs and memory ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def warc_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A WARC.gz: one real article, then a record of 1 GiB of zeros in ~1 MB, then another article."""
    base = tmp_path_factory.mktemp("bomb")
    first = write_warc(base / "first.warc.gz", [page_entry(0, "https://www.taz.de/a")])
    last = write_warc(base / "last.warc.gz", [page_entry(1, "https://www.taz.de/b")])
    path = base / "bomb.warc.gz"
    path.write_bytes(first.read_bytes() + warc_bomb_record("https://www.taz.de/bombe", 1024 * MiB) + last.read_bytes())
    return path


def test_gzip_bomb_in_a_warc_is_refused_quickly_in_constant_memory(warc_bomb: Path) -> None:
    assert warc_bomb.stat().st_size < 2 * MiB  # 1 GiB of zeros
    items, elapsed, peak = traced(lambda: read(warc_bomb, max_bytes=1_000_000))
    docs, failures = docs_of(items), failures_of(items)
    assert [d.url for d in docs] == ["https://www.taz.de/a"]
    assert len(failures) == 1 and failures[0].source == str(warc_bomb)
    error = failures[0].error
    assert isinstance(error, DecompressionBombError) and error.code == "E109"
    assert isinstance(error, InputTooLargeError)  # a kind of E103 for callers that only know that
    assert "gzip bomb" in error.message
    assert elapsed < 10 and peak < 16 * MiB, (elapsed, peak)


def test_a_plain_gzip_of_zeros_is_not_taken_for_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "zeros.warc.gz"
    path.write_bytes(gzip_zeros(b"", 1024 * MiB))
    began = time.perf_counter()
    items = read(path)
    assert time.perf_counter() - began < 2
    assert len(items) == 1 and isinstance(items[0], InputFailure) and items[0].error.code == "E110"


def test_bomb_inside_an_http_content_encoding_fails_alone(tmp_path: Path) -> None:
    inner = gzip_zeros(b"<!DOCTYPE html><html><body><p>", 64 * MiB, b"</p></body></html>")
    path = write_warc(tmp_path / "inner.warc.gz", [
        {"url": "https://www.stern.de/bombe", "body": inner, "extra": [("Content-Encoding", "gzip")]},
        page_entry(2, "https://www.stern.de/politik/a"),
    ])
    items, _, peak = traced(lambda: read(path, max_bytes=1_000_000))
    assert [type(i).__name__ for i in items] == ["InputFailure", "RawDocument"]
    failure = failures_of(items)[0]
    assert failure.source == f"{path}#2" and isinstance(failure.error, DecompressionBombError)
    assert peak < 8 * MiB


def test_a_large_warc_gz_is_read_in_constant_memory(tmp_path: Path) -> None:
    """~38 MB of WARC.gz (images, oversized pages and 12 articles): the traced peak stays a few MB."""
    entries: list[dict[str, Any]] = []
    for i in range(16):
        entries.append({"url": f"https://www.tagesspiegel.de/bilder/{i}.jpg", "body": os.urandom(2 * MiB),
                        "content_type": "image/jpeg"})
        if i % 4 == 0:
            entries.append({"url": f"https://www.tagesspiegel.de/gross/{i}", "content_type": "text/html",
                            "body": b"<html><body><p>" + os.urandom(MiB).hex().encode() + b"</p></body></html>"})
        if i < 12:
            entries.append(page_entry(12 + i, f"https://www.tagesspiegel.de/politik/artikel-{i}"))
    path = write_warc(tmp_path / "large.warc.gz", entries)
    size = path.stat().st_size
    assert size > 30 * MiB
    items, _, peak = traced(lambda: read(path, max_bytes=1_000_000))
    assert len(docs_of(items)) == 12
    assert [f.error.code for f in failures_of(items)] == ["E103"] * 4
    assert peak < min(size // 8, 8 * MiB), (peak, size)  # measured: ~3.8 MB for ~38 MB


def test_the_ratio_guard_leaves_real_archives_alone(tmp_path: Path) -> None:
    """HTML compresses 4-20x; even one gzip stream over 3,000 pages (no member per record) passes the guard."""
    data = b"".join(german_page(WIKINEWS[i % 40]).encode() for i in range(3000))
    path = tmp_path / "pages.gz"
    path.write_bytes(gzip.compress(data, mtime=0))
    assert len(data) > 2 * RATIO_WINDOW and len(data) / path.stat().st_size < 20
    with open_guarded(path) as stream:
        total = 0
        while chunk := stream.read(65536):
            total += len(chunk)
    assert total == len(data)


# --- JSONL.gz ----------------------------------------------------------------------------


def write_jsonl_gz(path: Path, lines: Iterable[bytes]) -> Path:
    with gzip.open(path, "wb") as out:
        for line in lines:
            out.write(line + b"\n")
    return path


def record_line(index: int, **override: Any) -> bytes:
    row = {key: WIKINEWS[index][key] for key in ("text", "title", "published", "url")}
    row.update(override)
    return json.dumps(row, ensure_ascii=False).encode("utf-8")


def test_jsonl_gz_records_and_a_broken_line(tmp_path: Path) -> None:
    path = write_jsonl_gz(tmp_path / "corpus.jsonl.gz", [
        record_line(0, outlet="Wikinews"),
        record_line(1),
        b'{"text": "kaputt", ',
        b"",
        record_line(2, url="https://www.heise.de/news/x.html", extra={"ressort": "IT"}),
        b'"just a string"',
        record_line(3),
    ])
    items = list(iter_jsonl_gz(path, max_bytes=1_000_000))
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument", "InputFailure", "RawDocument",
                                                 "InputFailure", "RawDocument"]
    docs, failures = docs_of(items), failures_of(items)
    assert [d.source for d in docs] == [f"{path}:1", f"{path}:2", f"{path}:5", f"{path}:7"]
    assert [f.source for f in failures] == [f"{path}:3", f"{path}:6"]
    assert all(isinstance(f.error, RecordError) for f in failures)
    assert [d.outlet for d in docs] == ["Wikinews", "wikinews.org", "heise.de", "wikinews.org"]
    assert [d.meta["outlet_domain"] for d in docs] == ["wikinews.org", "wikinews.org", "heise.de", "wikinews.org"]
    assert docs[2].meta["input_extra"] == {"extra": {"ressort": "IT"}}
    assert docs[0].text == WIKINEWS[0]["text"] and docs[0].title == WIKINEWS[0]["title"]


def test_jsonl_gz_oversized_line_fails_alone(tmp_path: Path) -> None:
    path = write_jsonl_gz(tmp_path / "big.jsonl.gz", [record_line(0), record_line(1, text="x" * 300_000),
                                                      record_line(2)])
    items = list(iter_jsonl_gz(path, max_bytes=100_000))
    assert [type(i).__name__ for i in items] == ["RawDocument", "InputFailure", "RawDocument"]
    assert isinstance(items[1].error, InputTooLargeError) and items[1].source == f"{path}:2"  # type: ignore[union-attr]


def test_jsonl_gz_bomb_is_refused_after_the_lines_before_it(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(record_line(0) + b"\n", mtime=0) + gzip_zeros(b'{"text": "', 1024 * MiB))
    items, elapsed, peak = traced(lambda: list(iter_jsonl_gz(path, max_bytes=1_000_000)))
    assert [type(i).__name__ for i in items] == ["RawDocument", "InputFailure"]
    assert isinstance(items[1].error, DecompressionBombError) and items[1].source == str(path)  # type: ignore[union-attr]
    assert elapsed < 10 and peak < 16 * MiB, (elapsed, peak)


def test_jsonl_gz_truncated_and_not_gzip(tmp_path: Path) -> None:
    whole = write_jsonl_gz(tmp_path / "whole.jsonl.gz", [record_line(i) for i in range(6)])
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size * 2 // 3])
    items = list(iter_jsonl_gz(cut, max_bytes=1_000_000))
    assert isinstance(items[-1], InputFailure) and isinstance(items[-1].error, TruncatedInputError)
    assert items[-1].source == str(cut) and len(docs_of(items)) >= 1
    plain = tmp_path / "plain.jsonl.gz"
    plain.write_bytes(record_line(0) + b"\n")
    assert [type(i).__name__ for i in iter_jsonl_gz(plain, max_bytes=1_000_000)] == ["RawDocument"]
    binary = tmp_path / "binary.jsonl.gz"
    binary.write_bytes(os.urandom(1000).replace(b"\x1f", b"\x00"))
    items = list(iter_jsonl_gz(binary, max_bytes=1_000_000))
    assert len(items) == 1 and isinstance(items[0], InputFailure)
    assert isinstance(items[0].error, UnsupportedFormatError)
    empty = write_jsonl_gz(tmp_path / "empty.jsonl.gz", [b"", b"  "])
    items = list(iter_jsonl_gz(empty, max_bytes=1_000_000))
    assert len(items) == 1 and isinstance(items[0].error, EmptyInputError)  # type: ignore[union-attr]


# --- dispatch and the committed samples ----------------------------------------------------


def test_corpus_reader_dispatch(tmp_path: Path) -> None:
    assert corpus_reader(Path("a/b.warc")) is iter_warc
    assert corpus_reader(Path("a/B.WARC.GZ")) is iter_warc
    assert corpus_reader(Path("a/b.jsonl.gz")) is iter_jsonl_gz
    assert corpus_reader(Path("a/b.ndjson.gz")) is iter_jsonl_gz
    assert corpus_reader(Path("a/b.jsonl")) is None and corpus_reader(Path("a/b.gz")) is None
    assert corpus_reader(Path("a/b.txt")) is None and corpus_reader(Path("a/b.html")) is None


def test_committed_warc_samples() -> None:
    items = read(SAMPLES / "wikinews.warc.gz")
    docs = docs_of(items)
    assert len(docs) == 5 and len(failures_of(items)) == 1  # one empty HTML response
    assert {d.outlet for d in docs} == {"wikinews.org"}
    assert all(d.title and d.published and len(d.text) > 300 for d in docs)
    plain = docs_of(read(SAMPLES / "wikinews.warc"))
    assert [d.text for d in plain] == [d.text for d in docs[: len(plain)]]
    cut = read(SAMPLES / "wikinews-truncated.warc.gz")
    assert len(docs_of(cut)) == 4 and isinstance(cut[-1], InputFailure) and cut[-1].error.code == "E108"
    for path in SAMPLES.iterdir():
        assert path.stat().st_size < 50_000, path
