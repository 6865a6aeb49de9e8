"""Readers: files, directories, stdin, JSONL and HTML become :class:`RawDocument`s.

Readers never raise for a bad input in a batch: :func:`iter_documents` yields an
:class:`InputFailure` for it and goes on, so one broken file cannot stop a run
or lose the other articles.  Bytes are decoded by :func:`decode_bytes`: UTF-8
(with or without BOM), else a detected legacy encoding (cp1252/latin-1 are the
usual suspects for German pages), and binary data is refused with a clear error.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from . import dates
from .errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    RecordError,
    UnsupportedFormatError,
)

DEFAULT_MAX_BYTES = 10_000_000  # a news article is < 100 kB; 10 MB means "this is not an article"

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES
METADATA_FIELDS = ("url", "outlet", "title", "published")


@dataclass
class RawDocument:
    """One input article before cleaning."""

    text: str
    source: str  # file path, "path:line" for JSONL records, or "<stdin>"
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class InputFailure:
    """An input that could not be read, with the reason."""

    source: str
    error: InputError


def decode_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, dict[str, Any]]:
    """Decode article bytes; returns the text and provenance (encoding, warnings)."""
    if not data.strip():
        raise EmptyInputError(f"{source}: the input is empty", hint="check that the file has content")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), {"encoding": "utf-8-sig"}
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and len(data) % 2 == 0:
        try:
            return data.decode("utf-16"), {"encoding": "utf-16"}
        except UnicodeDecodeError:
            pass  # only looked like a UTF-16 byte-order mark
    _refuse_binary(data, source)
    try:
        return data.decode("utf-8"), {"encoding": "utf-8"}
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # German legacy pages are nearly always Windows-1252 (a superset of latin-1 for
    # printable text); undefined cp1252 bytes or C1 controls mean it is something else.
    try:
        text = data.decode("cp1252")
        if not any("\x80" <= ch <= "\x9f" for ch in text):
            return text, {"encoding": "cp1252", "warnings": ["not UTF-8; decoded as cp1252"]}
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), {"encoding": best.encoding, "warnings": [f"not UTF-8; detected {best.encoding}"]}
    bad = data.decode("utf-8", errors="replace").count("\ufffd")
    if bad <= max(3, len(data) // 1000):
        return data.decode("utf-8", errors="replace"), {
            "encoding": "utf-8",
            "warnings": [f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD"],
        }
    raise DecodeError(
        f"{source}: cannot decode the bytes as text ({utf8_error.reason} at byte {utf8_error.start})",
        hint="convert the file to UTF-8, e.g. iconv -f LATIN1 -t UTF-8",
    )


def _refuse_binary(data: bytes, source: str) -> None:
    head = data[:8192]
    if b"\x00" in head:
        raise BinaryInputError(f"{source}: binary data (NUL bytes), not a text article",
                               hint="pass text, HTML or JSONL files")
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if controls > len(head) * 0.05:
        raise BinaryInputError(f"{source}: binary data ({controls} control bytes in the first "
                               f"{len(head)}), not a text article", hint="pass text, HTML or JSONL files")


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise InputTooLargeError(
            f"{path}: {size:,} bytes is larger than the limit of {max_bytes:,} bytes for one article",
            hint="split the file into articles (e.g. JSONL, one per line) or raise --max-bytes",
        )
    return path.read_bytes()


def _read_limited(stream: BinaryIO, max_bytes: int, source: str) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLargeError(f"{source}: more than {max_bytes:,} bytes",
                                 hint="split the input into articles or raise --max-bytes")
    return data


def html_to_document(html: str, source: str, **metadata: Any) -> RawDocument:
    """Extract the article text and metadata of an HTML page with trafilatura."""
    import trafilatura

    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                         url=metadata.get("url"))
    if result is None:
        raise UnsupportedFormatError(f"{source}: no article text found in the HTML page",
                                     hint="is this a news article page? index and list pages have no text")
    extracted: dict[str, Any] = result if isinstance(result, dict) else result.as_dict()
    text = (extracted.get("text") or "").strip()
    if not text:
        raise EmptyInputError(f"{source}: the HTML page has no article text")
    title = metadata.get("title") or extracted.get("title")
    lines = text.split("\n")
    if title and lines and lines[0].strip() == title.strip():
        lines = lines[1:]  # trafilatura repeats the <h1> headline as the first line
    meta: dict[str, Any] = {"extracted_by": "trafilatura", "format": "html"}
    if extracted.get("author"):
        meta["author"] = extracted["author"]
    return RawDocument(
        # trafilatura puts one paragraph per line: keep them as paragraphs, not hard wraps.
        text="\n\n".join(line for line in lines if line.strip()),
        source=source,
        url=metadata.get("url") or extracted.get("url"),
        outlet=metadata.get("outlet") or extracted.get("sitename") or extracted.get("hostname"),
        title=title,
        published=metadata.get("published") or extracted.get("date"),
        meta=meta,
    )


def record_to_document(record: Any, source: str) -> RawDocument:
    """A JSON object with ``text`` or ``html`` and optional metadata fields."""
    if not isinstance(record, dict):
        raise RecordError(f"{source}: expected a JSON object, got {type(record).__name__}")
    metadata = {k: record[k] for k in METADATA_FIELDS if isinstance(record.get(k), str) and record[k]}
    extra = {k: v for k, v in record.items() if k not in {"text", "html", *METADATA_FIELDS}}
    if isinstance(record.get("text"), str) and record["text"].strip():
        doc = RawDocument(text=record["text"], source=source, **metadata)
    elif isinstance(record.get("html"), str) and record["html"].strip():
        doc = html_to_document(record["html"], source, **metadata)
    else:
        raise RecordError(f"{source}: the record has neither a non-empty 'text' nor 'html' field",
                          hint="each JSONL line needs {\"text\": ...} or {\"html\": ...}")
    doc.meta.update(extra)
    return doc


def _iter_jsonl(text: str, source: str) -> Iterator[RawDocument | InputFailure]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            yield record_to_document(json.loads(line), where)
        except json.JSONDecodeError as exc:
            yield InputFailure(where, RecordError(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})"))
        except InputError as exc:
            yield InputFailure(where, exc)


def _iter_json(text: str, source: str) -> Iterator[RawDocument | InputFailure]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"{source}: invalid JSON ({exc.msg} at line {exc.lineno})") from exc
    records = data if isinstance(data, list) else [data]
    for i, record in enumerate(records):
        where = f"{source}[{i}]" if isinstance(data, list) else source
        try:
            yield record_to_document(record, where)
        except InputError as exc:
            yield InputFailure(where, exc)


def _sniff(text: str) -> str:
    head = text.lstrip()[:1000].lower()
    if head.startswith("{"):
        return "jsonl"
    if head.startswith("[") and head[1:].lstrip().startswith("{"):
        return "json"
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head):
        return "html"
    return "text"


def documents_from_text(text: str, source: str, fmt: str | None = None,
                        meta: dict[str, Any] | None = None) -> Iterator[RawDocument | InputFailure]:
    """Documents in already decoded text; ``fmt`` is text|html|jsonl|json or None to sniff."""
    fmt = fmt or _sniff(text)
    if fmt == "jsonl":
        yield from _iter_jsonl(text, source)
    elif fmt == "json":
        yield from _iter_json(text, source)
    elif fmt == "html":
        doc = html_to_document(text, source)
        doc.meta.update(meta or {})
        yield doc
    else:
        if not text.strip():
            raise EmptyInputError(f"{source}: the input is empty")
        yield RawDocument(text=text, source=source, meta=dict(meta or {}))


def _format_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def _iter_file(path: Path, max_bytes: int) -> Iterator[RawDocument | InputFailure]:
    source = str(path)
    try:
        fmt = _format_of(path)
        # JSONL files hold many articles: the limit applies per record, not per file.
        limit = max_bytes * 100 if fmt in ("jsonl", "json") else max_bytes
        text, provenance = decode_bytes(read_bytes(path, limit), source)
        yield from documents_from_text(text, source, fmt, provenance)
    except InputError as exc:
        yield InputFailure(source, exc)
    except OSError as exc:
        yield InputFailure(source, InputError(f"{source}: cannot read ({exc.strerror or exc})"))
    except Exception as exc:  # a reader bug must not stop the batch: report it as this file's failure
        yield InputFailure(source, InputError(f"{source}: unexpected {type(exc).__name__} while reading: {exc}",
                                              hint="please report this with the file that caused it"))


def _walk(directory: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if not name.startswith(".") and path.suffix.lower() in KNOWN_SUFFIXES:
                yield path


def iter_documents(paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                   stdin: BinaryIO | None = None) -> Iterator[RawDocument | InputFailure]:
    """Every document in ``paths`` (files, directories recursively, or "-" for stdin)."""
    for raw_path in paths:
        if str(raw_path) == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            try:
                text, provenance = decode_bytes(_read_limited(stream, max_bytes * 100, "<stdin>"), "<stdin>")
                yield from documents_from_text(text, "<stdin>", None, provenance)
            except InputError as exc:
                yield InputFailure("<stdin>", exc)
            continue
        path = Path(raw_path)
        if path.is_dir():
            found = False
            for file in _walk(path):
                found = True
                yield from _iter_file(file, max_bytes)
            if not found:
                yield InputFailure(str(path), UnsupportedFormatError(
                    f"{path}: no article files in this directory",
                    hint=f"lagebild reads {', '.join(sorted(KNOWN_SUFFIXES))} files"))
        elif path.exists():
            yield from _iter_file(path, max_bytes)
        else:
            yield InputFailure(str(path), InputError(f"{path}: no such file or directory"))


def normalise_published(value: str | None) -> str | None:
    """ISO form of a metadata date string, or None if it cannot be read."""
    return dates.parse_metadata_date(value) if value else None
