"""Readers: files, directories, stdin, JSONL and HTML become :class:`RawDocument`s.

Readers never raise for a bad input in a batch: :func:`iter_documents` yields an
:class:`InputFailure` for it and goes on, so one broken file cannot stop a run
or lose the other articles.

Every input is bounded before it is read whole: a file or stdin text is read to at
most ``max_bytes + 1`` bytes (a larger one is refused with E103); JSONL (files and
stdin) is streamed line by line and ``max_bytes`` applies to each record, so an
oversized record fails alone and the lines after it are read.  FIFOs, devices and
sockets are refused (E107) without being opened; unreadable files and
directories are per-input errors.

Bytes are decoded by :func:`decode_bytes`: UTF-8 (with or without BOM; a few
invalid bytes are replaced by U+FFFD and counted in a warning), UTF-16 (with a
BOM, or without one when the NUL bytes say so), else a legacy encoding
(cp1252 is the usual suspect for German pages) when the input as a whole reads
as one; binary data is refused with a clear error.

A JSONL/JSON record may carry only the documented input fields
(:data:`INPUT_FIELDS`); each must be a string or null.  Any other field is kept,
inert, under ``meta["input_extra"]`` and never merged into the metadata that
lagebild itself writes and reads (``warnings``, ``roles``, ...).
"""

from __future__ import annotations

import codecs
import errno
import json
import math
import os
import re
import stat
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from . import dates
from .errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    RecordError,
    SpecialFileError,
    UnsupportedFormatError,
)

DEFAULT_MAX_BYTES = 10_000_000  # a news article is < 100 kB; 10 MB means "this is not an article"
JSON_ARRAY_FACTOR = 100  # a .json file (an array of records) is read whole: up to 100 x max_bytes

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES
# Read by lagebild.ingest_warc / ingest_feeds (listed here for messages; they dispatch by name and content).
_CORPUS_SUFFIXES = frozenset({".warc", ".warc.gz", ".jsonl.gz", ".rss", ".atom", ".xml"})
METADATA_FIELDS = ("url", "outlet", "title", "published")
INPUT_FIELDS = ("text", "html", *METADATA_FIELDS)  # the documented fields of a JSONL/JSON record
INPUT_EXTRA = "input_extra"  # meta key of a record's other fields, kept as given and never interpreted
MAX_EXTRA_DEPTH = 32  # deeper-nested values of unknown fields are dropped (with a warning)

_UTF8_BOM = b"\xef\xbb\xbf"
_ASCII = bytes(range(128))
_HEAD_BYTES = 65_536  # read first to choose between streaming (JSONL) and a bounded whole read
_SURROGATE = re.compile("[\ud800-\udfff]")


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


class _Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...

    def readline(self, size: int = ..., /) -> bytes: ...


# --- decoding -----------------------------------------------------------------------------


class _Replacements(threading.local):
    """What the ``lagebild.replace`` codec error handler replaced in this thread's current decode."""

    def __init__(self) -> None:
        self.count = 0
        self.first: list[int] = []


_REPLACED = _Replacements()


def _count_and_replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _REPLACED.count += 1
    if len(_REPLACED.first) < 5:
        _REPLACED.first.append(exc.start)
    return "\ufffd", exc.end


codecs.register_error("lagebild.replace", _count_and_replace)


def _decode_replacing(data: bytes, encoding: str) -> tuple[str, int, list[int]]:
    """``data`` decoded with invalid sequences replaced by U+FFFD; their count and first byte offsets."""
    _REPLACED.count, _REPLACED.first = 0, []
    text = data.decode(encoding, "lagebild.replace")
    return text, _REPLACED.count, list(_REPLACED.first)


def _replaced_warning(count: int, offsets: list[int], encoding: str, shift: int = 0) -> str:
    where = ", ".join(str(o + shift) for o in offsets) + (", ..." if count > len(offsets) else "")
    return f"{count} invalid {encoding} byte sequence(s) replaced by U+FFFD (at byte offset {where})"


def _provenance(encoding: str, warnings: list[str]) -> dict[str, Any]:
    return {"encoding": encoding, "warnings": warnings} if warnings else {"encoding": encoding}


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes sit in (nearly) every odd/even position, as in UTF-16 text."""
    sample = data[:8192]
    sample = sample[: len(sample) // 2 * 2]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.5 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.5 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _looks_binary_text(text: str) -> bool:
    head = text[:8192]
    controls = sum(1 for ch in head if ch < "\t" or "\r" < ch < " ")
    return "\x00" in head or controls > len(head) * 0.05


def _legacy(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) when the whole input reads cleanly in a legacy encoding."""
    # German legacy pages are nearly always Windows-1252 (a superset of latin-1 for
    # printable text); undefined cp1252 bytes or C1 controls mean it is something else.
    try:
        text = data.decode("cp1252")
        if not any("\x80" <= ch <= "\x9f" for ch in text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding and best.chaos <= 0.1:
        return str(best), str(best.encoding)
    return None


def decode_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, dict[str, Any]]:
    """Decode article bytes; returns the text and provenance (``encoding``, ``warnings``).

    UTF-8 wins whenever the input reads as UTF-8 as a whole: its valid multi-byte
    sequences are at least as many as its invalid ones, which are then replaced by
    U+FFFD and counted in a warning (with their first byte offsets).  Only input
    that does not look like UTF-8 is decoded with a legacy codec (cp1252, else a
    detected one), again with a warning.  UTF-16 is recognised by its BOM or, without
    one, by the NUL bytes in every other position.
    """
    if not data.strip():
        raise EmptyInputError(f"{source}: the input is empty", hint="check that the file has content")
    if data.startswith(_UTF8_BOM):
        text, bad, offsets = _decode_replacing(data[3:], "utf-8")
        return text, _provenance("utf-8-sig", [_replaced_warning(bad, offsets, "UTF-8", 3)] if bad else [])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and len(data) % 2 == 0:
        try:
            return data.decode("utf-16"), {"encoding": "utf-16"}
        except UnicodeDecodeError:
            pass  # only looked like a UTF-16 byte-order mark
    if (utf16 := _bomless_utf16(data)) is not None:
        even = data[: len(data) // 2 * 2]
        text, bad, offsets = _decode_replacing(even, utf16)
        if not _looks_binary_text(text):
            warnings = [f"no byte-order mark; decoded as {utf16.upper()} (NUL byte pattern)"]
            if bad:
                warnings.append(_replaced_warning(bad, offsets, "UTF-16"))
            if len(data) % 2:
                warnings.append("odd number of bytes: the last byte was dropped")
            return text, {"encoding": utf16, "warnings": warnings}
    _refuse_binary(data, source)
    try:
        return data.decode("utf-8"), {"encoding": "utf-8"}
    except UnicodeDecodeError as exc:
        utf8_error = exc
    text, bad, offsets = _decode_replacing(data, "utf-8")
    ascii_bytes = len(data) - len(data.translate(None, _ASCII))  # translate() deletes the ASCII bytes
    # every decoded character is an ASCII byte, a valid multi-byte sequence or a replacement
    valid_multibyte = len(text) - ascii_bytes - bad
    if valid_multibyte >= bad:
        return text, {"encoding": "utf-8", "warnings": [_replaced_warning(bad, offsets, "UTF-8")]}
    legacy = _legacy(data)
    if legacy is not None:
        return legacy[0], {"encoding": legacy[1], "warnings": [f"not UTF-8; decoded as {legacy[1]}"]}
    if bad <= max(3, len(data) // 1000):
        return text, {"encoding": "utf-8", "warnings": [_replaced_warning(bad, offsets, "UTF-8")]}
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


# --- bounded reading ------------------------------------------------------------------------


def _display(path: str | os.PathLike[str]) -> str:
    """A path as text that can be printed and stored: undecodable bytes become U+FFFD."""
    return _SURROGATE.sub("\ufffd", os.fspath(path))


def _scrub(text: str) -> tuple[str, int]:
    """``text`` with lone surrogates (JSON ``"\\ud800"``: not encodable) replaced by U+FFFD."""
    if not _SURROGATE.search(text):
        return text, 0
    return _SURROGATE.subn("\ufffd", text)


def _too_large(source: str, size: int, max_bytes: int, what: str = "one article") -> InputTooLargeError:
    return InputTooLargeError(
        f"{source}: {size:,} bytes is larger than the limit of {max_bytes:,} bytes for {what}",
        hint="split the input into articles (e.g. JSONL, one per line) or raise --max-bytes",
    )


def _special_kind(mode: int) -> str | None:
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _refuse_special(mode: int, source: str) -> None:
    kind = _special_kind(mode)
    if kind is not None:
        raise SpecialFileError(f"{source}: a {kind}, not a regular file; it was not opened",
                               hint="pass regular files; to read a stream, pipe it: ... | lagebild analyze -")


def _os_error(source: str, exc: OSError) -> InputError:
    """A coded per-input error for an OS error (never a traceback)."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOENT:
        return InputError(f"{source}: no such file or directory")
    hints = {
        errno.EACCES: "check the permissions of the file and of every directory above it",
        errno.EPERM: "check the permissions of the file and of every directory above it",
        errno.ENAMETOOLONG: "the path or one of its parts is longer than the file system allows",
        errno.ELOOP: "a symbolic link points to itself (directly or in a loop)",
        errno.ENOTDIR: "a part of the path that should be a directory is a file",
    }
    return InputError(f"{source}: cannot read ({reason})", hint=hints.get(exc.errno or 0))


def _open_regular(path: Path, source: str) -> tuple[BinaryIO, os.stat_result]:
    """Open a regular file for reading; anything else is refused before it is opened."""
    _refuse_special(os.stat(path).st_mode, source)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)  # O_NONBLOCK: a FIFO swapped in after the stat cannot block
    try:
        info = os.fstat(descriptor)
        _refuse_special(info.st_mode, source)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{source}: is a directory")
        return os.fdopen(descriptor, "rb"), info
    except BaseException:
        os.close(descriptor)
        raise


def open_input_file(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a regular file for binary reading (for readers outside this module, e.g. ``kb import``).

    Raises :class:`SpecialFileError` (E107) for a FIFO, device or socket, which is
    never opened, and :class:`InputError` (E100) when the file cannot be read.
    """
    source = _display(path)
    try:
        return _open_regular(Path(path), source)[0]
    except OSError as exc:
        raise _os_error(source, exc) from exc
    except ValueError as exc:  # e.g. a NUL character in the path
        raise InputError(f"{source}: not a usable path ({exc})") from exc


def _read_limited(stream: _Readable, max_bytes: int, source: str, what: str = "one article") -> bytes:
    """At most ``max_bytes`` from ``stream``; reading stops after ``max_bytes + 1`` to refuse more."""
    chunks: list[bytes] = []
    total = 0
    while total <= max_bytes:
        chunk = stream.read(min(1 << 20, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > max_bytes:
        raise InputTooLargeError(f"{source}: more than {max_bytes:,} bytes, the limit for {what}",
                                 hint="split the input into articles (e.g. JSONL, one per line) "
                                      "or raise --max-bytes")
    return b"".join(chunks)


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; checked before it is read whole."""
    source = _display(path)
    stream, info = _open_regular(Path(path), source)
    with stream:
        if info.st_size > max_bytes:
            raise _too_large(source, info.st_size, max_bytes)
        return _read_limited(stream, max_bytes, source)


class _Prefixed:
    """A binary stream whose first bytes were already read (to sniff the format)."""

    def __init__(self, head: bytes, rest: _Readable) -> None:
        self._head, self._pos, self._rest = head, 0, rest

    def read(self, size: int = -1, /) -> bytes:
        if self._pos < len(self._head):
            chunk = self._head[self._pos: self._pos + size] if size >= 0 else self._head[self._pos:]
            self._pos += len(chunk)
            return chunk
        return self._rest.read(size)

    def readline(self, size: int = -1, /) -> bytes:
        if self._pos >= len(self._head):
            return self._rest.readline(size)
        stop = len(self._head) if size < 0 else min(len(self._head), self._pos + size)
        newline = self._head.find(b"\n", self._pos, stop)
        end = stop if newline < 0 else newline + 1
        chunk = self._head[self._pos: end]
        self._pos = end
        if newline < 0 and (size < 0 or len(chunk) < size) and self._pos >= len(self._head):
            chunk += self._rest.readline(size - len(chunk) if size >= 0 else -1)
        return chunk


def _read_head(stream: _Readable, size: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while total < size:
        chunk = stream.read(size - total)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def bounded_lines(stream: _Readable, max_bytes: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, line without its newline or None when longer than ``max_bytes``, its length).

    Memory stays bounded: an overlong line is skipped in chunks, never held whole.
    """
    number = 0
    while True:
        line = stream.readline(max_bytes + 2)
        if not line:
            return
        number += 1
        if line.endswith(b"\n"):
            content = line[:-1]
        elif len(line) == max_bytes + 2:  # the line goes on: skip the rest of it
            size = len(line)
            while chunk := stream.readline(1 << 20):
                size += len(chunk)
                if chunk.endswith(b"\n"):
                    size -= 1
                    break
            yield number, None, size
            continue
        else:
            content = line
        if len(content) > max_bytes:
            yield number, None, len(content)
        else:
            yield number, content, len(content)


# --- records --------------------------------------------------------------------------------


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _inert(value: Any, depth: int = 0) -> tuple[Any, bool]:
    """A JSON value as given, with lone surrogates replaced; ``False`` when nested too deeply."""
    if depth > MAX_EXTRA_DEPTH:
        return None, False
    if isinstance(value, str):
        return _scrub(value)[0], True
    if isinstance(value, list):
        items = [_inert(item, depth + 1) for item in value]
        return [item for item, _ in items], all(ok for _, ok in items)
    if isinstance(value, dict):
        pairs = {_scrub(str(k))[0]: _inert(v, depth + 1) for k, v in value.items()}
        return {k: v for k, (v, _) in pairs.items()}, all(ok for _, ok in pairs.values())
    if isinstance(value, float) and not math.isfinite(value):
        return json.dumps(value), True  # NaN/Infinity (a Python extension of JSON) kept as text
    return value, True


def html_to_document(html: str, source: str, **metadata: Any) -> RawDocument:
    """Extract the article text and metadata of an HTML page with trafilatura."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                             url=metadata.get("url"))
    except Exception as exc:  # a parser failure on hostile markup is this input's problem, not a crash
        raise UnsupportedFormatError(f"{source}: the HTML page cannot be parsed ({type(exc).__name__}: {exc})",
                                     hint="is this an HTML page? pass it as .txt to read it as plain text") from exc
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
    """A JSON object with ``text`` or ``html`` and optional metadata fields.

    The documented fields (:data:`INPUT_FIELDS`) must be strings or null (else
    :class:`RecordError`); every other field is kept as given under
    ``meta["input_extra"]`` and never interpreted.
    """
    if not isinstance(record, dict):
        raise RecordError(f"{source}: expected a JSON object, got {_json_type(record)}",
                          hint="each JSONL line needs {\"text\": ...} or {\"html\": ...}")
    fields: dict[str, str] = {}
    repaired = 0
    for key in INPUT_FIELDS:
        value = record.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise RecordError(f"{source}: the field {key!r} must be a string (or null), not {_json_type(value)}",
                              hint=f"the input fields {', '.join(INPUT_FIELDS)} are strings")
        fields[key], count = _scrub(value)
        repaired += count
    metadata = {key: fields[key] for key in METADATA_FIELDS if fields.get(key, "").strip()}
    if fields.get("text", "").strip():
        doc = RawDocument(text=fields["text"], source=source, url=metadata.get("url"),
                          outlet=metadata.get("outlet"), title=metadata.get("title"),
                          published=metadata.get("published"))
    elif fields.get("html", "").strip():
        doc = html_to_document(fields["html"], source, **metadata)
    else:
        raise RecordError(f"{source}: the record has neither a non-empty 'text' nor 'html' field",
                          hint="each JSONL line needs {\"text\": ...} or {\"html\": ...}")
    warnings: list[str] = []
    extra: dict[str, Any] = {}
    for key, value in record.items():
        if key in INPUT_FIELDS:
            continue
        name = _scrub(str(key))[0]
        kept, complete = _inert(value)
        if complete:
            extra[name] = kept
        else:
            warnings.append(f"input field {name!r} nested deeper than {MAX_EXTRA_DEPTH} levels: dropped")
    if extra:
        doc.meta[INPUT_EXTRA] = extra
    if repaired:
        warnings.append(f"{repaired} unpaired surrogate escape(s) replaced by U+FFFD")
    if warnings:
        doc.meta.setdefault("warnings", []).extend(warnings)
    return doc


def _parse_json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"{where}: invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from exc
    except RecursionError as exc:
        raise RecordError(f"{where}: the JSON is nested too deeply to read",
                          hint="a record is an object of strings; flatten the nesting") from exc
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise RecordError(f"{where}: invalid JSON ({exc})") from exc


def _add_provenance(doc: RawDocument, provenance: dict[str, Any]) -> None:
    """The decoding provenance of a record's file or line: ``encoding`` and its warnings first."""
    if "encoding" in provenance:
        doc.meta.setdefault("encoding", provenance["encoding"])
    if provenance.get("warnings"):
        doc.meta["warnings"] = [*provenance["warnings"], *doc.meta.get("warnings", [])]


def _record_from_line(line: bytes, where: str) -> RawDocument:
    text, provenance = decode_bytes(line, where)
    doc = record_to_document(_parse_json(text, where), where)
    _add_provenance(doc, provenance)
    return doc


def _unexpected(where: str, exc: BaseException) -> InputError:
    return InputError(f"{where}: unexpected {type(exc).__name__} while reading: {exc}",
                      hint="please report this with the input that caused it")


def _iter_jsonl_stream(stream: _Readable, source: str, max_bytes: int) -> Iterator[RawDocument | InputFailure]:
    """Records of a JSONL stream, one line at a time; every failure is the failure of its line only."""
    found = False
    for number, line, size in bounded_lines(stream, max_bytes):
        where = f"{source}:{number}"
        if line is None:
            yield InputFailure(where, _too_large(where, size, max_bytes, "one record"))
            continue
        if number == 1 and line.startswith(_UTF8_BOM):
            line = line[3:]
        if not line.strip():
            continue
        item: RawDocument | InputFailure
        try:
            item = _record_from_line(line, where)
        except InputError as exc:
            item = InputFailure(where, exc)
        except Exception as exc:  # a reader bug must not lose the lines after this one
            item = InputFailure(where, _unexpected(where, exc))
        found = True
        yield item
    if not found:
        raise EmptyInputError(f"{source}: the input has no records (only blank lines)",
                              hint="each JSONL line needs {\"text\": ...} or {\"html\": ...}")


def _iter_jsonl(text: str, source: str) -> Iterator[RawDocument | InputFailure]:
    if not text.strip():
        raise EmptyInputError(f"{source}: the input is empty")
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        item: RawDocument | InputFailure
        try:
            item = record_to_document(_parse_json(line, where), where)
        except InputError as exc:
            item = InputFailure(where, exc)
        except Exception as exc:
            item = InputFailure(where, _unexpected(where, exc))
        yield item


def _iter_json(text: str, source: str) -> Iterator[RawDocument | InputFailure]:
    data = _parse_json(text, source)
    records = data if isinstance(data, list) else [data]
    if not records:
        raise EmptyInputError(f"{source}: the JSON array has no records", hint="[{\"text\": ...}, ...]")
    for i, record in enumerate(records):
        where = f"{source}[{i}]" if isinstance(data, list) else source
        item: RawDocument | InputFailure
        try:
            item = record_to_document(record, where)
        except InputError as exc:
            item = InputFailure(where, exc)
        except Exception as exc:
            item = InputFailure(where, _unexpected(where, exc))
        yield item


def _sniff(text: str) -> str:
    head = text.lstrip()[:1000].lower()
    if head.startswith("{"):
        return "jsonl"
    if head.startswith("[") and head[1:].lstrip().startswith("{"):
        return "json"
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head):
        return "html"
    return "text"


def _streams_as_jsonl(head: bytes, fmt: str | None) -> bool:
    """Read line by line: JSONL (declared, or sniffed from the first bytes) that is not UTF-16."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _bomless_utf16(head) is not None:
        return False  # UTF-16 lines cannot be split on b"\n": read whole (bounded) and decode
    if fmt is not None:
        return fmt == "jsonl"
    return head.removeprefix(_UTF8_BOM).lstrip().startswith(b"{")


def documents_from_text(text: str, source: str, fmt: str | None = None,
                        meta: dict[str, Any] | None = None) -> Iterator[RawDocument | InputFailure]:
    """Documents in already decoded text; ``fmt`` is text|html|jsonl|json or None to sniff."""
    fmt = fmt or _sniff(text)
    if fmt in ("jsonl", "json"):
        records = _iter_jsonl(text, source) if fmt == "jsonl" else _iter_json(text, source)
        for item in records:
            if isinstance(item, RawDocument) and meta:
                _add_provenance(item, meta)
            yield item
    elif fmt == "html":
        doc = html_to_document(text, source)
        doc.meta.update(meta or {})
        yield doc
    else:
        if not text.strip():
            raise EmptyInputError(f"{source}: the input is empty")
        yield RawDocument(text=text, source=source, meta=dict(meta or {}))


def _documents_from_stream(stream: _Readable, source: str, fmt: str | None, max_bytes: int,
                           size: int | None = None) -> Iterator[RawDocument | InputFailure]:
    """The documents of one binary stream (a file or stdin), never reading more than its limit."""
    head = _read_head(stream, min(_HEAD_BYTES, max_bytes + 1))
    whole = _Prefixed(head, stream)
    if _streams_as_jsonl(head, fmt):
        yield from _iter_jsonl_stream(whole, source, max_bytes)
        return
    start = head.removeprefix(_UTF8_BOM).lstrip()
    many = fmt in ("json", "jsonl") or (fmt is None and start.startswith(b"[") and start[1:].lstrip()[:1] == b"{")
    limit = max_bytes * JSON_ARRAY_FACTOR if many else max_bytes
    what = "a JSON/JSONL file" if many else "one article"
    if size is not None and size > limit:
        raise _too_large(source, size, limit, what)
    data = _read_limited(whole, limit, source, what)
    text, provenance = decode_bytes(data, source)
    fmt = fmt or _sniff(text)
    if fmt not in ("json", "jsonl") and len(data) > max_bytes:
        raise _too_large(source, len(data), max_bytes)
    yield from documents_from_text(text, source, fmt, provenance)


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
    from .ingest_feeds import corpus_reader  # lazy: the corpus readers import this module

    reader = corpus_reader(path)  # .warc(.gz), .jsonl.gz, .rss/.atom(.gz) and feeds named .xml
    if reader is not None:
        yield from reader(path, max_bytes=max_bytes)  # yields its own InputFailures, never raises
        return
    source = _display(path)
    try:
        stream, info = _open_regular(path, source)
        with stream:
            yield from _documents_from_stream(stream, source, _format_of(path), max_bytes, info.st_size)
    except InputError as exc:
        yield InputFailure(source, exc)
    except OSError as exc:
        yield InputFailure(source, _os_error(source, exc))
    except Exception as exc:  # a reader bug must not stop the batch: report it as this file's failure
        yield InputFailure(source, _unexpected(source, exc))


def _iter_stdin(stream: _Readable, max_bytes: int) -> Iterator[RawDocument | InputFailure]:
    try:
        yield from _documents_from_stream(stream, "<stdin>", None, max_bytes)
    except InputError as exc:
        yield InputFailure("<stdin>", exc)
    except OSError as exc:
        yield InputFailure("<stdin>", _os_error("<stdin>", exc))
    except Exception as exc:
        yield InputFailure("<stdin>", _unexpected("<stdin>", exc))


def _corpus_file(path: str) -> bool:
    """A WARC, feed or JSONL.gz file (a ``.xml`` only when it opens as a feed, so sitemaps are passed over)."""
    from .ingest_feeds import corpus_reader

    return corpus_reader(path, walking=True) is not None


def _walk(directory: Path) -> Iterator[Path | InputFailure]:
    """Article files under ``directory`` (sorted, depth first, hidden names and symlinked
    directories skipped); an unreadable subdirectory is an :class:`InputFailure`."""
    pending = [directory]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            source = _display(current)
            yield InputFailure(source, InputError(f"{source}: cannot read the directory ({exc.strerror or exc})",
                                                  hint="check its permissions; its files were not read"))
            continue
        subdirectories: list[Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir, is_link = entry.is_dir(), entry.is_symlink()
            except OSError:
                is_dir, is_link = False, False
            if is_dir:
                if not is_link:
                    subdirectories.append(Path(entry.path))
            elif Path(entry.name).suffix.lower() in KNOWN_SUFFIXES or _corpus_file(entry.path):
                yield Path(entry.path)
        pending.extend(reversed(subdirectories))


def iter_documents(paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                   stdin: BinaryIO | None = None) -> Iterator[RawDocument | InputFailure]:
    """Every document in ``paths`` (files, directories recursively, or "-" for stdin)."""
    for raw_path in paths:
        if str(raw_path) == "-":
            yield from _iter_stdin(stdin if stdin is not None else sys.stdin.buffer, max_bytes)
            continue
        source = _display(raw_path)
        if not source:
            yield InputFailure(source, InputError("an empty path was given", hint="name a file or directory"))
            continue
        path = Path(raw_path)
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            yield InputFailure(source, _os_error(source, exc))
            continue
        except ValueError as exc:  # e.g. a NUL character in the path
            yield InputFailure(source, InputError(f"{source}: not a usable path ({exc})"))
            continue
        if stat.S_ISDIR(mode):
            found = False
            for file in _walk(path):
                found = True
                if isinstance(file, InputFailure):
                    yield file
                else:
                    yield from _iter_file(file, max_bytes)
            if not found:
                yield InputFailure(source, UnsupportedFormatError(
                    f"{source}: no article files in this directory",
                    hint=f"lagebild reads {', '.join(sorted(KNOWN_SUFFIXES | _CORPUS_SUFFIXES))} files"))
        elif stat.S_ISREG(mode):
            yield from _iter_file(path, max_bytes)
        else:
            try:
                _refuse_special(mode, source)
            except SpecialFileError as exc:
                yield InputFailure(source, exc)


def normalise_published(value: str | None) -> str | None:
    """ISO form of a metadata date string, or None if it cannot be read."""
    return dates.parse_metadata_date(value) if value else None
