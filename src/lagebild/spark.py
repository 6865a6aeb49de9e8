"""The pipeline on Apache Spark: a DataFrame of articles in, a DataFrame of analyses out.

>>> from lagebild.spark import analyze_dataframe, flat_tables          # doctest: +SKIP
>>> analysed = analyze_dataframe(spark.read.parquet("s3a://bucket/articles/"), date="2017-07-08")
>>> analysed.write.parquet("s3a://bucket/analysed/")

Input columns (by name; all optional except ``text`` or ``html``): ``text``, ``html``, ``url``,
``outlet``, ``title``, ``published``, ``id`` (the caller's own row id, returned as ``input_id``) and
``source``.  Output: one row per input row (:data:`ANALYSIS_DDL`) with the article id, ``status``
``ok`` or ``error``, the coded error, and the analysis as the JSON contract (``Article.to_dict``).

How it runs: :func:`analyze_dataframe` builds the :class:`~lagebild.pipeline.Pipeline` on the
driver (checking its order and computing its signature) and ships it to the executors as its recipe
(names, settings, resources' data; :meth:`Pipeline.__reduce__`).  On an executor the recipe is built
into a pipeline **once per Python worker process** and reused by every partition that worker runs,
so models load once per executor core, never per row.  Rows go through ``RDD.mapPartitions`` (no
pandas needed: PySpark's Arrow UDFs require pandas, and the per-row work dwarfs the serialisation).

A row that cannot be analysed (undecodable bytes, empty, too large, a component exception, the time
budget) becomes an error row with its code; the job never fails because of one input.

PySpark is an optional extra (``pip install 'lagebild[spark]'``); importing this module does not
import it, and every entry point raises :class:`~lagebild.errors.SparkUnavailableError` (E800)
with that hint when it is missing.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .batch import input_key
from .errors import (
    InputTooLargeError,
    LagebildError,
    SparkAnalysisError,
    SparkRowError,
    SparkUnavailableError,
)
from .ingest import DEFAULT_MAX_BYTES, RawDocument, decode_bytes, record_to_document
from .model import Article
from .pipeline import Failure, Pipeline
from .resources import Resources
from .settings import Settings

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, Row, SparkSession

INSTALL_HINT = "install the Spark extra: pip install 'lagebild[spark]' (PySpark, pyarrow; Spark needs Java 17)"

#: The analysed DataFrame, one row per input row.
ANALYSIS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("input_id", "string"),       # the input's `id` column, to join results back to the caller's data
    ("source", "string"),         # where the input came from (file path, path:line, the id)
    ("article_id", "string"),     # content hash of the cleaned text (null for an error row)
    ("status", "string"),         # "ok" or "error"
    ("error_code", "string"),
    ("error_message", "string"),
    ("error_hint", "string"),
    ("input_key", "string"),      # lagebild.batch.input_key: `lagebild load` records it, so a later
    ("pipeline", "string"),       # `lagebild analyze` with this pipeline signature skips the input
    ("published", "string"),
    ("outlet", "string"),
    ("analysis", "string"),       # the JSON contract of the article (null for an error row)
)  # fmt: skip
ANALYSIS_NAMES = tuple(name for name, _ in ANALYSIS_COLUMNS)
ANALYSIS_DDL = ", ".join(f"`{name}` {kind}" for name, kind in ANALYSIS_COLUMNS)

#: Input columns read by name; ``meta`` (a JSON object) is how :mod:`lagebild.spark_inputs` passes the
#: readers' provenance, and ``input_error_*`` carry a file that failed to read as a ready error row.
METADATA_COLUMNS = ("url", "outlet", "title", "published")
INPUT_COLUMNS = ("text", "html", *METADATA_COLUMNS, "id", "source", "meta",
                 "input_error_code", "input_error_message", "input_error_hint")


def require_pyspark() -> None:
    """Raise :class:`SparkUnavailableError` (E800) unless PySpark and pyarrow can be imported."""
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise SparkUnavailableError(f"the Spark engine needs {exc.name or 'pyspark'}, which is not installed",
                                    hint=INSTALL_HINT) from exc


def local_session(master: str | None = None, *, app_name: str = "lagebild",
                  config: dict[str, str] | None = None) -> SparkSession:
    """A SparkSession with the settings lagebild needs (one BLAS thread per Python worker).

    ``master`` None keeps what ``spark-submit --master`` (or ``$MASTER``) chose, else ``local[*]``;
    an already running session is returned as it is (Spark has one per process).
    """
    require_pyspark()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:
        master = "local[*]"  # a plain `python` process, not started by spark-submit
    if master:
        builder = builder.master(master)
    if master and master.startswith("local") and not os.environ.get("PYSPARK_PYTHON"):
        # Local Python workers must run this interpreter (this venv), not whatever `python3` is first on
        # PATH; PySpark reads only the environment variable for that.
        os.environ["PYSPARK_PYTHON"] = sys.executable
    for key, value in {**session_defaults(), **(config or {})}.items():
        builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except Exception as exc:  # the JVM did not start: usually no Java
        raise SparkUnavailableError(f"Spark could not start: {type(exc).__name__}: {exc}",
                                    hint="Spark needs Java 17: install it or set JAVA_HOME") from exc


def session_defaults() -> dict[str, str]:
    """Spark settings for lagebild jobs: every Python worker gets one BLAS/OpenMP thread, as in
    lagebild.parallel, so N task slots use N cores instead of N x N threads fighting for them."""
    threads = {f"spark.executorEnv.{name}": "1" for name in
               ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")}
    return {**threads, "spark.ui.showConsoleProgress": "false",
            "spark.python.worker.reuse": "true"}  # the default; the pipeline cache below relies on it


@dataclass(frozen=True)
class AnalysisOptions:
    """What the executors need besides the pipeline (picklable, small)."""

    date: str | None = None
    include_tokens: bool = False
    include_raw: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES


def analyze_dataframe(df: DataFrame, *, settings: Settings | None = None, resources: Resources | None = None,
                      pipeline: Pipeline | None = None, date: str | None = None, text_col: str = "text",
                      html_col: str = "html", id_col: str = "id", include_tokens: bool = False,
                      include_raw: bool = False) -> DataFrame:
    """Analyse every row of ``df``; one output row per input row (columns :data:`ANALYSIS_COLUMNS`).

    ``settings``/``resources`` build the pipeline as :func:`lagebild.batch.build_pipeline` does (or
    pass a built ``pipeline``); ``date`` fills ``published`` for rows without one (``--date``);
    ``include_tokens``/``include_raw`` add tokens and the raw text with its offset map to the JSON,
    which ``lagebild load`` needs to store exactly what ``lagebild analyze`` stores.
    The result is lazy: write it (or ``persist()`` it) before deriving more tables from it, or the
    analysis runs again for each.
    """
    require_pyspark()
    from pyspark.sql import functions as F

    settings = settings or (pipeline.settings if pipeline is not None else Settings())
    pipeline = pipeline or Pipeline(settings.pipeline, settings=settings, resources=resources or Resources())
    recipe = pickle.dumps(pipeline)  # the recipe (names, settings, resources' data), not loaded models
    options = AnalysisOptions(date, include_tokens, include_raw, settings.max_bytes)
    renames = {text_col: "text", html_col: "html", id_col: "id"}
    present = {renames.get(name, name): name for name in df.columns}
    if "text" not in present and "html" not in present:
        raise SparkRowError(f"the DataFrame has neither a {text_col!r} nor an {html_col!r} column "
                            f"(columns: {', '.join(df.columns)})", hint="pass text_col= or html_col=")
    binary = {field.name for field in df.schema.fields if field.dataType.typeName() == "binary"}
    selected = []
    for name in INPUT_COLUMNS:
        if name in present:
            column = F.col(f"`{present[name]}`")
            # Bytes stay bytes (lagebild detects their encoding); everything else is read as text.
            selected.append((column if present[name] in binary and name in ("text", "html")
                             else column.cast("string")).alias(name))
        else:
            selected.append(F.lit(None).cast("string").alias(name))

    def analyse(rows: Iterable[Row]) -> Iterator[tuple[Any, ...]]:
        return _analyse_rows(rows, recipe, options)

    return map_partitions(df.select(*selected), analyse, ANALYSIS_DDL)


def map_partitions(df: DataFrame, function: Callable[[Iterable[Row]], Iterator[tuple[Any, ...]]],
                   ddl: str) -> DataFrame:
    """``function`` over each partition of ``df``'s rows, as a DataFrame with the columns ``ddl`` (lazy)."""
    return df.sparkSession.createDataFrame(df.rdd.mapPartitions(function), ddl)


# --- on the executors -----------------------------------------------------------------------------

# The pipeline of *this Python worker process*, keyed by its pickled recipe.  A Spark Python worker
# runs one task after another (spark.python.worker.reuse); keeping the built pipeline here is what
# makes models load once per worker instead of once per partition.  It holds one recipe at a time.
_worker_pipelines: dict[bytes, Pipeline] = {}


def worker_pipeline(recipe: bytes) -> Pipeline:
    pipeline = _worker_pipelines.get(recipe)
    if pipeline is None:
        _worker_pipelines.clear()
        pipeline = _worker_pipelines[recipe] = pickle.loads(recipe)  # our own recipe, from the driver
    return pipeline


def _analyse_rows(rows: Iterable[Row], recipe: bytes, options: AnalysisOptions) -> Iterator[tuple[Any, ...]]:
    try:
        pipeline = worker_pipeline(recipe)
    except Exception as exc:  # e.g. a model file the executors cannot read: every row says why, the job ends
        error = exc if isinstance(exc, LagebildError) else SparkAnalysisError(
            f"the pipeline cannot be built on this executor: {type(exc).__name__}: {exc}",
            hint="check that every executor has the same lagebild version and the model files (docs/spark.md)")
        for row in rows:
            values = row.asDict()
            failed = {"input_id": values.get("id"), "source": values.get("source") or "<row>", "status": "error",
                      "error_code": error.code, "error_message": error.message, "error_hint": error.hint}
            yield tuple(failed.get(name) for name in ANALYSIS_NAMES)
        return
    signature = pipeline.signature
    for row in rows:
        result = analyse_row(pipeline, signature, row.asDict(), options)
        yield tuple(result.get(name) for name in ANALYSIS_NAMES)


def analyse_row(pipeline: Pipeline, signature: str, row: dict[str, Any], options: AnalysisOptions) -> dict[str, Any]:
    """One input row to one output row; never raises (a failure is an error row)."""
    source = row.get("source") or (f"id:{row['id']}" if row.get("id") else "<row>")
    result: dict[str, Any] = {"input_id": row.get("id"), "source": source, "status": "error",
                              "pipeline": signature}
    if row.get("input_error_code"):  # a file the reader could not read: pass its coded error on
        return {**result, "error_code": row["input_error_code"], "error_message": row.get("input_error_message"),
                "error_hint": row.get("input_error_hint")}
    try:
        doc = document_from_row(row, source, options.max_bytes)
        result["input_key"] = input_key(doc, options.date)
        outcome = pipeline.analyze_document(doc, date=options.date)
        if isinstance(outcome, Failure):
            return {**result, "error_code": outcome.code, "error_message": outcome.message,
                    "error_hint": outcome.hint}
        analysis = json.dumps(outcome.to_dict(include_tokens=options.include_tokens,
                                              include_raw=options.include_raw), ensure_ascii=False)
    except LagebildError as exc:
        return {**result, "error_code": exc.code, "error_message": exc.message, "error_hint": exc.hint}
    except Exception as exc:  # a bug must cost this row, never the job
        error = SparkAnalysisError(f"{source}: {type(exc).__name__}: {exc}",
                                   hint="please report this with the input that caused it")
        return {**result, "error_code": error.code, "error_message": error.message, "error_hint": error.hint}
    return {**result, "status": "ok", "article_id": outcome.id, "published": outcome.published,
            "outlet": outcome.outlet, "analysis": analysis}


def document_from_row(row: dict[str, Any], source: str, max_bytes: int) -> RawDocument:
    """A :class:`RawDocument` from one row, validated like a JSONL record (same codes: E101, E103, E106)."""
    provenance: dict[str, Any] = {}
    record: dict[str, Any] = {}
    for name in ("text", "html"):
        value = row.get(name)
        if isinstance(value, bytes | bytearray):
            if len(value) > max_bytes:
                raise _too_large(source, len(value), max_bytes)
            value, provenance = decode_bytes(bytes(value), source)
        if value is not None:
            if len(value) > max_bytes and len(value.encode("utf-8", "surrogatepass")) > max_bytes:
                raise _too_large(source, len(value.encode("utf-8", "surrogatepass")), max_bytes)
            record[name] = value
    record.update((name, row[name]) for name in METADATA_COLUMNS if row.get(name) is not None)
    doc = record_to_document(record, source)
    meta = row.get("meta")
    if meta:
        try:
            given = json.loads(meta)
        except ValueError as exc:
            raise SparkRowError(f"{source}: the meta column is not JSON ({exc})") from exc
        if not isinstance(given, dict):
            raise SparkRowError(f"{source}: the meta column is not a JSON object")
        doc.meta = {**given, **doc.meta}
    if provenance:
        doc.meta.setdefault("encoding", provenance.get("encoding"))
        if provenance.get("warnings"):
            doc.meta["warnings"] = [*provenance["warnings"], *doc.meta.get("warnings", [])]
    return doc


def _too_large(source: str, size: int, max_bytes: int) -> InputTooLargeError:
    return InputTooLargeError(f"{source}: {size:,} bytes is larger than the limit of {max_bytes:,} bytes "
                              "for one article", hint="raise max_bytes (--max-bytes) if it is a real article")


# --- reading results back --------------------------------------------------------------------------


def articles_of(analysed: DataFrame) -> Iterator[Article]:
    """The analysed articles of a (small) result, collected to the driver: for tests and notebooks."""
    for row in analysed.where("status = 'ok'").select("analysis").toLocalIterator():
        yield Article.from_dict(json.loads(row["analysis"]))


def failures_of(analysed: DataFrame) -> list[Failure]:
    """The error rows of a result as :class:`Failure` values (collected to the driver)."""
    rows = analysed.where("status = 'error'").select("source", "error_code", "error_message", "error_hint")
    return [Failure(r["source"], r["error_code"], r["error_message"] or "", r["error_hint"]) for r in rows.collect()]


def flat_tables(analysed: DataFrame, *, resources: Resources | None = None) -> dict[str, DataFrame]:
    """Mentions, quotes, timexes (the store's row columns) and events (the ``lagebild export events``
    columns) of the ``ok`` rows; see :mod:`lagebild.spark_tables`."""
    from .spark_tables import flat_tables as build

    return build(analysed, resources=resources)


def write_parquet(analysed: DataFrame, out: str, *, mode: str = "overwrite",
                  resources: Resources | None = None) -> dict[str, int]:
    """Write ``articles/``, ``errors/``, ``mentions/``, ``quotes/``, ``timexes/``, ``events/`` under ``out``."""
    from .spark_tables import write_parquet as write

    return write(analysed, out, mode=mode, resources=resources)

__all__ = ["ANALYSIS_COLUMNS", "ANALYSIS_DDL", "AnalysisOptions", "analyze_dataframe", "articles_of",
           "failures_of", "flat_tables", "local_session", "require_pyspark", "session_defaults",
           "write_parquet"]
