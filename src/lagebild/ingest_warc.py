"""Readers for web archives and compressed record files: WARC, WARC.gz and JSONL.gz.

Everything is streamed in constant memory.  Compressed input goes through
:class:`GuardedStream`, which decompresses gzip itself (single or multi-member, as
WARC.gz is: one member per record) and enforces the limits:

* a record (a WARC payload, an HTTP-decoded page, a JSONL line) larger than
  ``max_bytes`` fails alone (E103; E109 when an HTTP ``Content-Encoding`` expanded it)
  and the next records are read;
* compressed data that expands more than ``max_ratio`` times (200 by default; HTML
  compresses 4–20×, a stream of zeros about 1,000×) over one ``RATIO_WINDOW`` (each 4 MiB)
  of output is refused as a gzip bomb (E109): the file stops there, after the records before it;
* a WARC record header of more than ``HEADER_LIMIT`` (1 MiB) is refused (E110), so a
  garbage file is never read line by line into memory.

A file that ends inside a record (a cut download) yields the records before the cut and
one :class:`~lagebild.ingest_errors.TruncatedInputError` (E108) that names the record and
its byte offset.

WARC: ``response`` records with an ``http(s)`` status 200 and an HTML content type (and
``resource`` records of HTML) become articles via :func:`lagebild.ingest.html_to_document`
(trafilatura).  Other records — requests, metadata, revisits, redirects and errors
(non-200), images, scripts, style sheets — are skipped silently; a response without a
Content-Type counts as HTML when its (decoded) first bytes say so.  An HTML response with an
empty body (E101), without article text (E105/E101), whose payload is too large (E103) or
expands too much (E109), or with a Content-Encoding other than gzip/deflate (E105; brotli
has no bounded decoder here) is a per-record failure.  ``Transfer-Encoding: chunked`` is
undone.  A document's ``source`` is ``"path#N"`` with N the record's number in the file
(1-based, counting every record); ``meta`` carries ``warc_record``, ``warc_record_id``,
``warc_date`` (the crawl time: ``published`` is the page's own date), ``warc_offset`` (the
byte offset of the record's gzip member, as ``warcio extract`` takes it, or of the record in
an uncompressed file) and ``outlet_domain`` (the URL's registered domain).
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import json
import os
import re
import zlib
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from .errors import EmptyInputError, InputError, InputTooLargeError, RecordError, UnsupportedFormatError
from .ingest import (
    InputFailure,
    RawDocument,
    bounded_lines,
    decode_bytes,
    html_to_document,
    open_input_file,
    record_to_document,
)
from .ingest_errors import ArchiveFormatError, DecompressionBombError, TruncatedInputError
from .outlets import outlet_from_url, resolve_outlet

DEFAULT_MAX_RATIO = 200  # decompressed / compressed bytes over one window; zeros reach ~1,030
RATIO_WINDOW = 4 << 20  # the ratio is checked over every 4 MiB of decompressed output
HEADER_LIMIT = 1 << 20  # a WARC record header (with its HTTP header) larger than this is refused
CHUNK = 1 << 16
GZIP_MAGIC = b"\x1f\x8b"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

_SURROGATE = re.compile("[\ud800-\udfff]")
_UTF8_BOM = b"\xef\xbb\xbf"


def display(path: str | os.PathLike[str]) -> str:
    """A path as printable text: undecodable bytes become U+FFFD."""
    return _SURROGATE.sub("\ufffd", os.fspath(path))


def _unexpected(where: str, exc: BaseException) -> InputError:
    return InputError(f"{where}: unexpected {type(exc).__name__} while reading: {exc}",
                      hint="please report this with the input that caused it")


# --- bounded decompression ------------------------------------------------------------------


class _Source(Protocol):
    def read(self, size: int, /) -> bytes: ...


class _Gunzip:
    """Streaming gzip decoder (multi-member) with exact compressed offsets; output per call is bounded."""

    def __init__(self, raw: _Source, source: str) -> None:
        self._raw, self._source = raw, source
        self._decompressor = zlib.decompressobj(31)
        self._input = b""  # compressed bytes read but not yet consumed
        self.consumed = 0  # compressed bytes consumed by the decoder
        self.produced = 0  # decompressed bytes returned
        self.member_start = 0  # compressed offset of the current member
        self._member_fed = False  # the current member has consumed input
        self.members: deque[tuple[int, int]] = deque([(0, 0)], maxlen=4096)  # (decompressed, compressed) starts
        self._done = False

    def _fill(self) -> bool:
        if not self._input:
            self._input = self._raw.read(CHUNK)
        return bool(self._input)

    def _next_member(self) -> None:
        """After a member's end: start the next one, or finish on end of file or zero padding."""
        self._decompressor = zlib.decompressobj(31)
        self.member_start, self._member_fed = self.consumed, False
        if not self._fill():
            self._done = True
            return
        if self._input[:1] == b"\x00":  # zero padding after the last member (some tools write it)
            while self._input:
                if self._input.strip(b"\x00"):
                    raise ArchiveFormatError(f"{self._source}: data that is not gzip after byte {self.consumed:,}",
                                             hint="the file is damaged; recompress it or cut it after that byte")
                self.consumed += len(self._input)
                self._input = self._raw.read(CHUNK)
            self._done = True
            return
        self.members.append((self.produced, self.consumed))

    def read(self, size: int) -> bytes:
        while not self._done:
            if self._decompressor.eof:
                self._next_member()
                continue
            if not self._fill():
                if self._member_fed:
                    raise TruncatedInputError(
                        f"{self._source}: the gzip data ends at byte {self.consumed:,}, inside the gzip member "
                        f"that starts at byte {self.member_start:,} (the file was cut)",
                        hint="the records before the cut were read; download or copy the file again")
                self._done = True
                break
            before = len(self._input)
            try:
                out = self._decompressor.decompress(self._input, size)
            except zlib.error as exc:
                raise ArchiveFormatError(
                    f"{self._source}: damaged gzip data in the member that starts at byte {self.member_start:,} "
                    f"({exc})", hint="the records before it were read; the file is damaged") from exc
            self._input = self._decompressor.unconsumed_tail or self._decompressor.unused_data
            self.consumed += before - len(self._input)
            self._member_fed = True
            if out:
                self.produced += len(out)
                return out
        return b""

    def compressed_offset(self, produced: int) -> int:
        """Compressed offset of the gzip member in which decompressed offset ``produced`` starts."""
        starts = [p for p, _ in self.members]
        index = bisect.bisect_right(starts, produced) - 1
        return self.members[index][1] if index >= 0 else 0


class GuardedStream:
    """A binary reader over a plain or gzip file that counts what it delivers and refuses bombs.

    ``read(size)`` never returns more than ``size`` (or ``CHUNK``) bytes and ``readline(size)``
    never more than ``size``; ``tell()`` is the offset in the decompressed data.  ``budget``
    (None = unlimited) caps how many further bytes may be delivered before
    :class:`ArchiveFormatError` is raised with ``budget_message``.  An error of the stream
    itself (a cut, a bomb, damaged gzip) is also kept in ``failure``, so a reader can tell it
    from the failure of one record.
    """

    def __init__(self, raw: BinaryIO, source: str, *, max_ratio: float = DEFAULT_MAX_RATIO,
                 window: int = RATIO_WINDOW) -> None:
        self.source = source
        self._raw = raw
        magic = raw.read(2)
        self.gunzip: _Gunzip | None = None
        self._buf, self._pos = b"", 0  # bytes pulled from the source but not yet delivered
        if magic == GZIP_MAGIC:
            self.gunzip = _Gunzip(_Prepend(magic, raw), source)
        else:
            self._buf = magic
        self.compressed = self.gunzip is not None
        self._max_ratio, self._window = max_ratio, window
        self._window_out = 0
        self._window_in = 0
        self.position = 0
        self.eof = False
        self.failure: InputError | None = None
        self.budget: int | None = None
        self.budget_message = "too much data without a record boundary"

    # the source: decompressed (and checked) or plain bytes, not yet counted as delivered
    def _pull(self, size: int) -> bytes:
        try:
            if self.gunzip is None:
                data = self._raw.read(size)
            else:
                data = self.gunzip.read(size)
                if data:
                    self._check_ratio(len(data))
        except InputError as exc:
            self.failure = exc
            raise
        if not data:
            self.eof = True
        return data

    def _check_ratio(self, produced: int) -> None:
        assert self.gunzip is not None
        self._window_out += produced
        if self._window_out < self._window:
            return
        compressed = self.gunzip.consumed - self._window_in
        if self._window_out > self._max_ratio * max(compressed, 1):
            raise DecompressionBombError(
                f"{self.source}: refused as a gzip bomb: {self._window_out:,} bytes expanded from "
                f"{compressed:,} compressed bytes (more than {self._max_ratio:g}x), at byte "
                f"{self.gunzip.produced:,} of the decompressed data (compressed byte {self.gunzip.consumed:,})",
                hint="the records before it were read; real news archives compress far less")
        self._window_out, self._window_in = 0, self.gunzip.consumed

    def _deliver(self, data: bytes) -> bytes:
        self.position += len(data)
        if self.budget is not None:
            self.budget -= len(data)
        return data

    def _allowed(self, size: int) -> int:
        if self.budget is None:
            return size
        if self.budget <= 0:
            exc = ArchiveFormatError(f"{self.source}: {self.budget_message} (at byte {self.position:,})",
                                     hint="is this a WARC file? the file may be damaged")
            self.failure = exc
            raise exc
        return min(size, self.budget)

    def read(self, size: int = -1, /) -> bytes:
        if size is None or size < 0:
            size = CHUNK
        if size == 0:
            return b""
        size = self._allowed(size)
        if self._pos < len(self._buf):
            chunk = self._buf[self._pos: self._pos + size]
            self._pos += len(chunk)
            return self._deliver(chunk)
        return self._deliver(self._pull(size))

    def readline(self, size: int = -1, /) -> bytes:
        """A line of at most ``size`` bytes (``CHUNK`` when unbounded), with its newline."""
        limit = size if size is not None and size >= 0 else CHUNK
        parts: list[bytes] = []
        total = 0
        while total < limit:
            allowed = self._allowed(limit - total)
            if self._pos >= len(self._buf):
                self._buf, self._pos = self._pull(CHUNK), 0
                if not self._buf:
                    break
            stop = min(len(self._buf), self._pos + allowed)
            newline = self._buf.find(b"\n", self._pos, stop)
            if newline >= 0:
                stop = newline + 1
            piece = self._buf[self._pos: stop]
            self._pos = stop
            parts.append(self._deliver(piece))
            total += len(piece)
            if newline >= 0:
                break
        return b"".join(parts)

    def peek(self, size: int) -> bytes:
        """The next ``size`` bytes (or fewer at the end), without consuming them."""
        while len(self._buf) - self._pos < size:
            data = self._pull(size - (len(self._buf) - self._pos))
            if not data:
                break
            self._buf, self._pos = self._buf[self._pos:] + data, 0
        return self._buf[self._pos: self._pos + size]

    def tell(self) -> int:
        return self.position

    def file_offset(self, position: int) -> int:
        """The byte offset in the file of decompressed ``position``: its gzip member's start for gzip."""
        return self.gunzip.compressed_offset(position) if self.gunzip is not None else position

    def close(self) -> None:
        self._raw.close()


class _Prepend:
    def __init__(self, head: bytes, raw: BinaryIO) -> None:
        self._head, self._raw = head, raw

    def read(self, size: int) -> bytes:
        if self._head:
            chunk, self._head = self._head[:size], self._head[size:]
            return chunk
        return self._raw.read(size)


@contextlib.contextmanager
def open_guarded(path: str | os.PathLike[str], *, max_ratio: float = DEFAULT_MAX_RATIO,
                 window: int = RATIO_WINDOW) -> Iterator[GuardedStream]:
    """A :class:`GuardedStream` over a regular file (gzip is detected by its magic bytes)."""
    raw = open_input_file(path)  # refuses FIFOs, devices and sockets (E107) without opening them
    try:
        yield GuardedStream(raw, display(path), max_ratio=max_ratio, window=window)
    finally:
        raw.close()


# --- WARC -----------------------------------------------------------------------------------


def _header(headers: Any, name: str) -> str | None:
    if headers is None:
        return None
    value = headers.get_header(name)
    return str(value) if value is not None else None


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _charset(content_type: str | None) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.I)
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1)).name
    except LookupError:
        return None
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name  # as browsers do


def _decode_html(payload: bytes, content_type: str | None, where: str) -> tuple[str, dict[str, Any]]:
    """Text of an HTML payload: UTF-8 when it is valid UTF-8, else the declared charset, else detected."""
    declared = _charset(content_type)
    if declared and declared not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be"):
        try:
            return payload.decode("utf-8"), {"encoding": "utf-8"}
        except UnicodeDecodeError:
            return payload.decode(declared, "replace"), {"encoding": declared}
    return decode_bytes(payload, where)


def _dechunk(data: bytes, where: str) -> bytes:
    """The body of an HTTP ``Transfer-Encoding: chunked`` payload (already bounded in size)."""
    out: list[bytes] = []
    pos = 0
    while pos < len(data):
        end = data.find(b"\n", pos)
        if end < 0:
            break
        size_text = data[pos:end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            if not out:
                return data  # not actually chunked (crawlers often store the decoded body)
            raise UnsupportedFormatError(f"{where}: broken chunked transfer encoding") from None
        if size == 0:
            break
        out.append(data[end + 1: end + 1 + size])
        pos = end + 1 + size
        if data[pos: pos + 2] == b"\r\n":
            pos += 2
        elif data[pos: pos + 1] == b"\n":
            pos += 1
    return b"".join(out)


def _inflate(data: bytes, encoding: str, max_bytes: int, where: str) -> bytes:
    """``data`` decoded from an HTTP content coding, refusing more than ``max_bytes`` of output."""
    if encoding in ("gzip", "x-gzip"):
        decompressor = zlib.decompressobj(47)  # gzip or zlib header
    elif encoding == "deflate":
        decompressor = zlib.decompressobj(15 if data[:1] == b"\x78" else -15)
    else:  # br (brotli) among them: no bounded decoder without another dependency
        raise UnsupportedFormatError(f"{where}: unsupported Content-Encoding {encoding!r}")
    try:
        out = decompressor.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise UnsupportedFormatError(f"{where}: the page's {encoding} data is damaged ({exc})") from exc
    if len(out) > max_bytes:
        raise DecompressionBombError(
            f"{where}: the page's {encoding} content expands to more than {max_bytes:,} bytes "
            f"(from {len(data):,} compressed bytes)", hint="refused as a decompression bomb; raise --max-bytes "
                                                           "if this is a real page")
    return bytes(out)


def _read_payload(stream: Any, max_bytes: int) -> tuple[bytes, bool]:
    """At most ``max_bytes`` of a record stream; True when there was more."""
    chunks: list[bytes] = []
    total = 0
    while total <= max_bytes:
        chunk = stream.read(min(CHUNK, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)[:max_bytes], total > max_bytes


def _drain(record: Any) -> None:
    while record.raw_stream.read(CHUNK):
        pass


def _is_html(mime: str, head: bytes) -> bool:
    if mime in HTML_TYPES:
        return True
    if mime:
        return False
    start = head.lstrip()[:200].lower()
    return start.startswith((b"<!doctype html", b"<html"))


def _record_document(record: Any, number: int, offset: int, where: str,
                     max_bytes: int) -> RawDocument | InputFailure | None:
    """The article of one WARC record; None for a record that is not an HTML page (skipped)."""
    rec_type = record.rec_type
    url = _header(record.rec_headers, "WARC-Target-URI")
    http = record.http_headers
    if rec_type == "response":
        if http is None or not (url or "").lower().startswith(("http:", "https:")):
            return None  # dns:, whois: ... or a response without an HTTP header
        if http.get_statuscode() != "200":
            return None  # redirects, errors, 304 ...: no article
        content_type = _header(http, "Content-Type")
    elif rec_type == "resource":
        content_type = _header(record.rec_headers, "Content-Type")
    else:
        return None
    mime = _mime(content_type)
    if mime and mime not in HTML_TYPES:
        return None
    payload, more = _read_payload(record.raw_stream, max_bytes)
    if record.raw_stream.limit > 0 and not more:
        return None  # truncated: the caller reports it for the file
    codings = [c.strip().lower() for c in (_header(http, "Content-Encoding") or "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if more:
        if not mime and (codings or not _is_html(mime, payload[:1024])):
            return None  # a large download of unknown type
        return InputFailure(where, InputTooLargeError(
            f"{where}: the page's payload is larger than the limit of {max_bytes:,} bytes for one article",
            hint="raise --max-bytes if this is a real article page"))
    if http is not None and (_header(http, "Transfer-Encoding") or "").lower() == "chunked":
        payload = _dechunk(payload, where)
    for coding in reversed(codings):
        try:
            payload = _inflate(payload, coding, max_bytes, where)
        except UnsupportedFormatError:
            if not mime:
                return None
            raise
    if not _is_html(mime, payload[:1024]):
        return None  # no Content-Type and not HTML by its first bytes
    if not payload.strip():
        raise EmptyInputError(f"{where}: the HTML response for {url!r} is empty" if url else
                              f"{where}: the HTML response is empty")
    text, provenance = _decode_html(payload, content_type, where)
    doc = html_to_document(text, where, url=url)
    doc.outlet = resolve_outlet(doc.outlet, doc.url or url)
    domain = outlet_from_url(doc.url or url)
    doc.meta.update({"format": "warc", "encoding": provenance.get("encoding"), "warc_record": number,
                     "warc_offset": offset})
    if provenance.get("warnings"):
        doc.meta.setdefault("warnings", []).extend(provenance["warnings"])
    for key, name in (("warc_record_id", "WARC-Record-ID"), ("warc_date", "WARC-Date")):
        value = _header(record.rec_headers, name)
        if value:
            doc.meta[key] = value
    if domain:
        doc.meta["outlet_domain"] = domain
    return doc


def _archive_iterator(stream: GuardedStream) -> Any:
    """warcio's ArchiveIterator over ``stream``, counting (not printing) records not followed by a blank line."""
    from warcio.archiveiterator import ArchiveIterator

    class _Iterator(ArchiveIterator):  # type: ignore[misc]
        misaligned = 0

        def _consume_blanklines(self) -> tuple[bytes | None, int]:
            # warcio's own version writes a warning to stderr; lagebild's reader must stay quiet
            empty_size = 0
            first_line = True
            while True:
                line = self.reader.readline()
                if len(line) == 0:
                    return None, empty_size
                stripped = line.rstrip()
                if len(stripped) == 0 or first_line:
                    empty_size += len(line)
                    if len(stripped) != 0:
                        self.misaligned += 1
                    first_line = False
                    continue
                return line, empty_size

    return _Iterator(stream, no_record_parse=False, verify_http=False)


def _warc_records(stream: GuardedStream, source: str, max_bytes: int) -> Iterator[RawDocument | InputFailure]:
    head = stream.peek(8)
    if not head.strip():
        raise EmptyInputError(f"{source}: the file is empty")
    if not head.startswith(b"WARC/"):
        kind = "doubly gzip-compressed data" if head.startswith(GZIP_MAGIC) else "no WARC header"
        raise ArchiveFormatError(f"{source}: not a WARC file ({kind}: it starts with {head[:8]!r})",
                                 hint="pass .warc or .warc.gz files (ARC files are not supported)")
    iterator = _archive_iterator(stream)
    stream.budget_message = f"a WARC record header longer than {HEADER_LIMIT:,} bytes"
    number = 0  # records read completely
    start = 0  # decompressed offset of the record being read; -1 between records
    previous = 0  # file offset of the last record read

    def truncated(detail: str = "") -> TruncatedInputError:
        offset: int | None = stream.file_offset(start) if start >= 0 else None
        if offset is None and stream.gunzip is not None and stream.gunzip.member_start > previous:
            offset = stream.gunzip.member_start  # the cut is in the next record's gzip member
        if offset is None:
            return TruncatedInputError(f"{source}: the file ends just after record {number}{detail}; the file was cut",
                                       hint=f"the {number} record(s) were read; download or copy the file again")
        return TruncatedInputError(
            f"{source}: the file ends inside record {number + 1}, which starts at byte {offset:,}{detail}; "
            "the file was cut", hint=f"the {number} record(s) before it were read; download or copy the file again")

    def unreadable(exc: Exception) -> InputError:
        if stream.eof:
            return truncated(" (in its header)")
        offset = stream.file_offset(start) if start >= 0 else stream.file_offset(iterator.offset)
        return ArchiveFormatError(
            f"{source}: record {number + 1} at byte {offset:,} is not a WARC record "
            f"({' '.join(str(exc).split())[:200] or type(exc).__name__})",
            hint=f"the {number} record(s) before it were read; the file is damaged")

    try:
        while True:
            start = iterator.offset
            stream.budget = HEADER_LIMIT
            try:
                record = next(iterator)
            except StopIteration:
                break
            except InputError:
                raise
            except Exception as exc:  # warcio's parse errors (and its AttributeErrors on half a header)
                raise unreadable(exc) from exc
            stream.budget = None
            if record.length is None:
                if stream.eof:
                    raise truncated(" (in its header)")
                raise ArchiveFormatError(f"{source}: record {number + 1} (at byte {stream.file_offset(start):,}) "
                                         "has no Content-Length header",
                                         hint=f"the {number} record(s) before it were read; the file is damaged")
            where = f"{source}#{number + 1}"
            item: RawDocument | InputFailure | None
            try:
                item = _record_document(record, number + 1, stream.file_offset(start), where, max_bytes)
            except InputError as exc:
                if exc is stream.failure:
                    raise
                item = InputFailure(where, exc)
            except Exception as exc:  # a reader bug must not lose the records after this one
                item = InputFailure(where, _unexpected(where, exc))
            _drain(record)
            if record.raw_stream.limit > 0:
                raise truncated(f" ({record.raw_stream.limit:,} bytes of it are missing)")
            number, previous = number + 1, stream.file_offset(start)
            if item is not None:
                yield item
            stream.budget, start = HEADER_LIMIT, -1
            try:
                iterator.read_to_end()  # the blank lines after the record, under the header budget
            except InputError:
                raise
            except Exception as exc:
                raise unreadable(exc) from exc
    except TruncatedInputError as exc:
        if exc is stream.failure and stream.gunzip is not None:  # the gzip data ends: say in which record
            raise truncated(f" (the gzip data ends at byte {stream.gunzip.consumed:,})") from exc
        raise


def iter_warc(path: Path, *, max_bytes: int,
              max_ratio: float = DEFAULT_MAX_RATIO) -> Iterator[RawDocument | InputFailure]:
    """The HTML articles of a WARC or WARC.gz file, streamed; failures are :class:`InputFailure`s.

    A failure of one record (no article text, empty or oversized page) names ``path#N``; a
    failure that stops the file (a cut, a gzip bomb, damaged framing) names the file and comes
    after every record before it.
    """
    source = display(path)
    try:
        with open_guarded(path, max_ratio=max_ratio) as stream:
            yield from _warc_records(stream, source, max_bytes)
    except InputError as exc:
        yield InputFailure(source, exc)
    except OSError as exc:
        yield InputFailure(source, InputError(f"{source}: cannot read ({exc.strerror or exc})"))
    except Exception as exc:  # a reader bug must not stop the batch
        yield InputFailure(source, _unexpected(source, exc))


# --- JSONL.gz -------------------------------------------------------------------------------


def _parse_line(line: bytes, where: str) -> RawDocument:
    text, provenance = decode_bytes(line, where)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"{where}: invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from exc
    except RecursionError as exc:
        raise RecordError(f"{where}: the JSON is nested too deeply to read") from exc
    except ValueError as exc:
        raise RecordError(f"{where}: invalid JSON ({exc})") from exc
    doc = record_to_document(record, where)
    doc.meta.setdefault("encoding", provenance.get("encoding"))
    if provenance.get("warnings"):
        doc.meta["warnings"] = [*provenance["warnings"], *doc.meta.get("warnings", [])]
    doc.outlet = resolve_outlet(doc.outlet, doc.url)
    domain = outlet_from_url(doc.url)
    if domain:
        doc.meta["outlet_domain"] = domain
    return doc


def _jsonl_gz_records(stream: GuardedStream, source: str, max_bytes: int) -> Iterator[RawDocument | InputFailure]:
    if not stream.compressed and not stream.peek(64).removeprefix(_UTF8_BOM).lstrip().startswith(b"{"):
        raise UnsupportedFormatError(f"{source}: neither gzip data nor JSONL",
                                     hint="a .jsonl.gz file is JSONL (one JSON object a line) compressed with gzip")
    found = False
    for number, line, size in bounded_lines(stream, max_bytes):
        where = f"{source}:{number}"
        if line is None:
            found = True
            yield InputFailure(where, InputTooLargeError(
                f"{where}: {size:,} bytes is larger than the limit of {max_bytes:,} bytes for one record",
                hint="split the record or raise --max-bytes"))
            continue
        if number == 1:
            line = line.removeprefix(_UTF8_BOM)
        if not line.strip():
            continue
        found = True
        item: RawDocument | InputFailure
        try:
            item = _parse_line(line, where)
        except InputError as exc:
            item = InputFailure(where, exc)
        except Exception as exc:  # a reader bug must not lose the lines after this one
            item = InputFailure(where, _unexpected(where, exc))
        yield item
    if not found:
        raise EmptyInputError(f"{source}: the file has no records", hint="each line needs {\"text\": ...}")


def iter_jsonl_gz(path: Path, *, max_bytes: int,
                  max_ratio: float = DEFAULT_MAX_RATIO) -> Iterator[RawDocument | InputFailure]:
    """The records of a gzip-compressed JSONL file, one line at a time (``source`` is ``path:LINE``).

    Each line is a record as in a ``.jsonl`` file (:func:`lagebild.ingest.record_to_document`);
    a bad or oversized line fails alone.  A record without ``outlet`` gets its URL's registered
    domain (a host-name outlet such as ``www.spiegel.de`` is reduced to ``spiegel.de``), and
    ``meta["outlet_domain"]`` is the URL's registered domain.  A cut file or a gzip bomb stops
    the file with one failure after the lines before it.
    """
    source = display(path)
    try:
        with open_guarded(path, max_ratio=max_ratio) as stream:
            yield from _jsonl_gz_records(stream, source, max_bytes)
    except InputError as exc:
        yield InputFailure(source, exc)
    except OSError as exc:
        yield InputFailure(source, InputError(f"{source}: cannot read ({exc.strerror or exc})"))
    except Exception as exc:
        yield InputFailure(source, _unexpected(source, exc))


__all__ = ["DEFAULT_MAX_RATIO", "HEADER_LIMIT", "RATIO_WINDOW", "GuardedStream", "iter_jsonl_gz", "iter_warc",
           "open_guarded"]
