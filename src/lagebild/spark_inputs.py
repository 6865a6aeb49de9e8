"""Reading inputs with Spark: any path Spark reads (local, ``hdfs://``, ``s3a://`` with the user's Hadoop
configuration) into the input DataFrame of :func:`lagebild.spark.analyze_dataframe`.

Formats (``input_format``):

``files`` (default)
    Every file is read by lagebild's own readers (:mod:`lagebild.ingest`), exactly as ``lagebild analyze``
    reads it: ``.txt``/``.html`` one article per file, ``.jsonl``/``.json`` one per record, WARC, feeds and
    ``.jsonl.gz`` one per record, with the same encoding detection, limits, sources (``path``, ``path:line``)
    and error codes.  Spark lists the files (``binaryFile``, recursively); each file is read by one task,
    then the articles are spread over ``partitions`` partitions.
``jsonl`` / ``lines``
    Spark splits large line-oriented files itself (``spark.read.text``): each line is one JSONL record
    (``jsonl``) or one plain-text article (``lines``).  Lines are read as UTF-8.  The source of a line is
    ``path:N`` (N counted from 1) when its file is read as one split, and ``path@OFFSET:N`` (the N-th line
    of the split starting at byte OFFSET) for the splits of a larger file.
``parquet``
    Parquet with the input columns by name (``text`` or ``html``, ``url``, ``outlet``, ``title``,
    ``published``, ``id``, ``source``).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from .errors import InputError, SparkInputError
from .ingest import (
    JSON_ARRAY_FACTOR,
    KNOWN_SUFFIXES,
    InputFailure,
    RawDocument,
    _documents_from_stream,
    _format_of,
    _parse_json,
    record_to_document,
)
from .spark import map_partitions, require_pyspark

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, Row, SparkSession

INPUT_FORMATS = ("files", "jsonl", "lines", "parquet")
DOCUMENT_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (name, "string") for name in ("text", "html", "url", "outlet", "title", "published", "id", "source", "meta",
                                  "input_error_code", "input_error_message", "input_error_hint"))
_DDL = ", ".join(f"`{name}` string" for name, _ in DOCUMENT_COLUMNS)
_CORPUS_ENDINGS = (".warc", ".warc.gz", ".jsonl.gz", ".ndjson.gz", ".rss", ".atom", ".rss.gz", ".atom.gz", ".xml")
_LARGEST_FILE = 2**31 - 2**20  # binaryFile cannot hold a file of 2 GiB or more in one value


def read_inputs(spark: SparkSession, paths: Sequence[str], *, input_format: str = "files",
                max_bytes: int = 10_000_000, partitions: int | None = None) -> DataFrame:
    """The input DataFrame for ``paths``; a path that does not exist becomes one error row (E801)."""
    require_pyspark()
    if input_format not in INPUT_FORMATS:
        raise SparkInputError(f"unknown input format {input_format!r}", hint=f"use one of {', '.join(INPUT_FORMATS)}")
    frames: list[DataFrame] = []
    failures: list[dict[str, Any]] = []
    for path in paths:
        try:
            frames.append(_read_one(spark, path, input_format, max_bytes))
        except Exception as exc:  # AnalysisException for a missing path; any listing failure
            error = SparkInputError(f"{path}: cannot be read by Spark ({_first_line(exc)})",
                                    hint="check the path and, for hdfs:// or s3a://, the Hadoop configuration")
            failures.append({"source": path, "input_error_code": error.code, "input_error_message": error.message,
                             "input_error_hint": error.hint})
    if failures:
        frames.append(spark.createDataFrame([tuple(row.get(name) for name, _ in DOCUMENT_COLUMNS) for row in failures],
                                            _DDL))
    if not frames:
        return spark.createDataFrame([], _DDL)
    result = frames[0]
    for frame in frames[1:]:
        result = result.unionByName(frame)
    if input_format == "files":  # one task read each file: spread a big JSONL or WARC file's articles out
        result = result.repartition(partitions or 2 * spark.sparkContext.defaultParallelism)
    elif partitions:
        result = result.repartition(partitions)
    return result


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


def _read_one(spark: SparkSession, path: str, input_format: str, max_bytes: int) -> DataFrame:
    from pyspark.sql import functions as F

    if input_format == "parquet":
        return _as_documents(spark.read.parquet(path))
    if input_format in ("jsonl", "lines"):
        lines = spark.read.text(path).select(F.col("value"), F.col("_metadata.file_path").alias("file"),
                                             F.col("_metadata.file_block_start").alias("block"))
        given = _given(path)
        return map_partitions(lines, lambda rows: _line_documents(rows, input_format, given, max_bytes), _DDL)
    files = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(path)
    limit = min(_LARGEST_FILE, max_bytes * JSON_ARRAY_FACTOR)
    given = _given(path)
    readable = files.where(F.col("length") <= limit).select("path", "length", "content")
    too_large = files.where(F.col("length") > limit).select(
        "path", "length", F.lit(None).cast("binary").alias("content"))  # never read: an E801 row each
    return map_partitions(readable.unionByName(too_large),
                          lambda rows: _file_documents(rows, given, max_bytes, limit), _DDL)


def _as_documents(frame: DataFrame) -> DataFrame:
    """A Parquet frame with the input columns it has; the rest null (``analyze_dataframe`` reads by name)."""
    from pyspark.sql import functions as F

    wanted = [name for name, _ in DOCUMENT_COLUMNS if not name.startswith("input_error")]
    binary = {f.name for f in frame.schema.fields if f.dataType.typeName() == "binary"}
    if binary & {"text", "html"}:
        return frame  # bytes: analyze_dataframe detects their encoding; no union with string rows needed
    return frame.select(*[(F.col(f"`{name}`").cast("string") if name in frame.columns
                           else F.lit(None).cast("string")).alias(name) for name in wanted],
                        *[F.lit(None).cast("string").alias(name) for name, _ in DOCUMENT_COLUMNS
                          if name.startswith("input_error")])


def _given(path: str) -> tuple[str, str | None]:
    """The path as the user gave it, and its absolute local form (None for a remote URI)."""
    if "://" in path and not path.startswith("file://"):
        return path, None
    local = path.removeprefix("file://")
    return path, os.path.abspath(local)


def display_path(uri: str, given: tuple[str, str | None]) -> str:
    """A file Spark listed, shown as ``lagebild analyze`` shows it: relative to the path the user gave."""
    name, absolute = given
    if absolute is None or not uri.startswith("file:"):
        return uri
    local = unquote(uri.removeprefix("file://") if uri.startswith("file://") else uri.removeprefix("file:"))
    if local == absolute:
        return name
    if local.startswith(absolute.rstrip("/") + "/"):
        return os.path.join(name, os.path.relpath(local, absolute))
    return local


def _row(doc: RawDocument | InputFailure) -> tuple[Any, ...]:
    if isinstance(doc, InputFailure):
        values = {"source": doc.source, "input_error_code": doc.error.code,
                  "input_error_message": doc.error.message, "input_error_hint": doc.error.hint}
    else:
        values = {"text": doc.text, "url": doc.url, "outlet": doc.outlet, "title": doc.title,
                  "published": doc.published, "source": doc.source,
                  "meta": json.dumps(doc.meta, ensure_ascii=False) if doc.meta else None}
    return tuple(values.get(name) for name, _ in DOCUMENT_COLUMNS)


def _file_documents(files: Iterable[Row], given: tuple[str, str | None], max_bytes: int,
                    limit: int) -> Iterator[tuple[Any, ...]]:
    for file in files:
        source = display_path(file["path"], given)
        content = bytes(file["content"]) if file["content"] is not None else None
        explicit = source == given[0]
        below = source[len(given[0]):] if source.startswith(given[0]) else os.path.basename(source)
        hidden = any(part.startswith(".") for part in Path(below).parts if part not in ("/", ".", ".."))
        for doc in file_documents(source, content, file["length"], max_bytes, limit, explicit=explicit,
                                  hidden=hidden):
            yield _row(doc)


def file_documents(source: str, content: bytes | None, length: int, max_bytes: int, limit: int, *,
                   explicit: bool = True, hidden: bool = False) -> Iterator[RawDocument | InputFailure]:
    """The documents of one file's bytes, as :func:`lagebild.ingest.iter_documents` reads that file.

    ``explicit``: the user named this file (read whatever its name); else it was found in a directory,
    where only article files count and ``hidden`` ones (a name below the directory starting with ".")
    are passed over.
    """
    name = source.lower()
    corpus = name.endswith(_CORPUS_ENDINGS)
    if not explicit and (hidden or not (corpus or Path(name).suffix in KNOWN_SUFFIXES)):
        return  # not an article file: a directory walk passes over it, as lagebild analyze does
    if content is None:
        yield InputFailure(source, SparkInputError(
            f"{source}: {length:,} bytes is larger than the limit of {limit:,} bytes for one input file",
            hint="split the file (JSONL: use --input-format jsonl, which Spark splits itself)"))
        return
    try:
        if corpus:
            yield from _corpus_documents(source, content, max_bytes, walking=not explicit)
            return
        stream = io.BytesIO(content)
        yield from _documents_from_stream(stream, source, _format_of(Path(source)), max_bytes, len(content))
    except InputError as exc:
        yield InputFailure(source, exc)


def _corpus_documents(source: str, content: bytes, max_bytes: int, *,
                      walking: bool) -> Iterator[RawDocument | InputFailure]:
    """WARC, feed and JSONL.gz readers work on files: the bytes go to a temporary file of the same name."""
    from .ingest_feeds import corpus_reader

    with tempfile.TemporaryDirectory(prefix="lagebild-spark-") as directory:
        temporary = os.path.join(directory, os.path.basename(source) or "input")
        with open(temporary, "wb") as handle:
            handle.write(content)
        reader = corpus_reader(temporary, walking=walking)
        if reader is None:
            return
        for item in reader(temporary, max_bytes=max_bytes):
            item.source = item.source.replace(temporary, source)
            if isinstance(item, InputFailure):
                item.error.message = item.error.message.replace(temporary, source)
            yield item


def _line_documents(lines: Iterable[Row], input_format: str, given: tuple[str, str | None],
                    max_bytes: int) -> Iterator[tuple[Any, ...]]:
    counters: dict[tuple[str, int], int] = {}  # lines seen per (file, split): a split's lines arrive in order
    for line in lines:
        key = (line["file"], line["block"])
        counters[key] = number = counters.get(key, 0) + 1
        if not line["value"].strip():
            continue  # blank lines are passed over, as in lagebild's JSONL reader
        path = display_path(line["file"], given)
        source = f"{path}:{number}" if not line["block"] else f"{path}@{line['block']}:{number}"
        yield _row(line_document(line["value"], source, input_format, max_bytes))


def line_document(value: str, source: str, input_format: str, max_bytes: int) -> RawDocument | InputFailure:
    """One line as a JSONL record or a plain-text article."""
    from .spark import _too_large

    try:
        size = len(value.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            raise _too_large(source, size, max_bytes)
        if input_format == "jsonl":
            return record_to_document(_parse_json(value, source), source)
        return record_to_document({"text": value}, source)
    except InputError as exc:
        return InputFailure(source, exc)
