"""The Spark side of the command line: ``lagebild analyze --engine spark`` and ``lagebild load``.

``analyze --engine spark --out DIR`` writes the Parquet tables of :mod:`lagebild.spark_tables` under
DIR; ``lagebild load DIR --db …`` brings them into a store (SQLite or PostgreSQL).  ``load`` needs only
pyarrow, not Spark: it can run on any machine that reaches DIR and the database.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from .cli_common import (
    EXIT_FAILURES,
    EXIT_OK,
    UsageFailure,
    _open_store,
    _settings,
    _stderr,
    _where,
    config_option,
    db_option,
)
from .errors import LagebildError, LoadRecordError, SparkOutputError, SparkUnavailableError
from .settings import Settings
from .terminal import print_error, print_note

INPUT_FORMATS = ("files", "jsonl", "lines", "parquet")  # lagebild.spark_inputs.INPUT_FORMATS (no pyspark here)
LOAD_BATCH = 64  # articles per store transaction while loading; a resumed load skips whole batches quickly


def spark_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The ``analyze`` options of the Spark engine (passed on as ``**engine_options``)."""
    options = [
        click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
                     help="local: worker processes on this machine; spark: Apache Spark (docs/spark.md)."),
        click.option("--master", help="Spark master, e.g. local[2] or spark://host:7077 [default: what "
                     "spark-submit chose, else local[*]]."),
        click.option("--out", help="--engine spark: directory (any Spark path) for the Parquet tables."),
        click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="files", show_default=True,
                     help="--engine spark: files (read like --engine local), jsonl or lines (one record or "
                     "article per line; Spark splits big files), parquet (input columns by name)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def analyze_with_spark(paths: Sequence[str], settings: Settings, *, engine: str, master: str | None,
                       out: str | None, date: str | None, input_format: str, db_given: bool) -> None:
    """``lagebild analyze --engine spark``: analyse ``paths`` on Spark and write Parquet under ``out``."""
    del engine  # "spark": the caller dispatched on it
    if not out:
        raise click.UsageError("--engine spark needs --out DIR (the Parquet tables are written there)")
    from .resources import Resources

    try:
        from .spark import analyze_dataframe, local_session, require_pyspark, write_parquet
        from .spark_inputs import read_inputs

        require_pyspark()
        resources = Resources()
        if db_given:  # the store's imported KB records and roles layer, as lagebild analyze uses them
            with _open_store(settings) as store:
                resources = Resources.from_store(store, use_kb=settings.use_store_kb)
        from .pipeline import Pipeline

        pipeline = Pipeline(settings.pipeline, settings=settings, resources=resources)
        spark = local_session(master)
    except LagebildError as exc:
        raise UsageFailure(exc) from exc
    errors = _stderr()
    try:
        inputs = read_inputs(spark, list(paths), input_format=input_format, max_bytes=settings.max_bytes)
        analysed = analyze_dataframe(inputs, pipeline=pipeline, date=date, include_tokens=True, include_raw=True)
        counts = write_parquet(analysed, out, resources=resources)
        failures = spark.read.parquet(f"{out.rstrip('/')}/errors").limit(20).collect()
    except LagebildError as exc:
        raise UsageFailure(exc) from exc
    except Exception as exc:  # the job itself failed (a lost cluster, out of memory): say so, coded, no traceback
        from .errors import SparkAnalysisError

        lines = str(exc).strip().splitlines() or [type(exc).__name__]
        raise UsageFailure(SparkAnalysisError(f"the Spark job failed: {lines[0][:500]}",
                                              hint="see the Spark log above; bad inputs never fail the job, so "
                                                   "this is the cluster or its configuration")) from exc
    finally:
        spark.stop()
    for row in failures:
        print_error(errors, f"[{row['error_code']}] {row['error_message']}")
    if counts["errors"] > len(failures):
        print_note(errors, f"… {counts['errors'] - len(failures)} more failed input(s) in {out}/errors")
    tables = ", ".join(f"{counts[name]} {name}" for name in ("mentions", "quotes", "timexes", "events"))
    print_note(errors, f"{counts['articles']} article(s) analysed on Spark into {out} ({tables}), "
                       f"{counts['errors']} input(s) failed; `lagebild load {out}` stores them")
    sys.exit(EXIT_FAILURES if counts["errors"] else EXIT_OK)


# --- lagebild load -----------------------------------------------------------------------------------


def parquet_batches(directory: str, columns: Sequence[str], batch_size: int) -> Iterator[list[dict[str, Any]]]:
    """Rows of one Parquet table written by Spark (a directory of part files), in file order."""
    try:
        import pyarrow.dataset as ds
    except ImportError as exc:
        raise SparkUnavailableError("lagebild load needs pyarrow, which is not installed",
                                    hint="pip install 'lagebild[spark]' (or 'lagebild[parquet]')") from exc
    try:
        dataset = ds.dataset(directory, format="parquet", exclude_invalid_files=True)
        scanner = dataset.scanner(columns=list(columns), batch_size=batch_size)
        for batch in scanner.to_batches():
            if batch.num_rows:
                yield batch.to_pylist()
    except (OSError, ValueError) as exc:  # pyarrow.ArrowInvalid is a ValueError
        raise SparkOutputError(f"{directory}: not a Parquet table written by lagebild ({exc})",
                               hint="pass the --out DIR of `lagebild analyze --engine spark`") from exc


def load_output(directory: str, store: Any, *, batch_size: int = LOAD_BATCH) -> dict[str, int]:
    """Store the articles and errors Spark wrote under ``directory``; idempotent and resumable.

    Articles are saved in batches with :meth:`Store.save_many`, and each input is recorded with its
    input key and pipeline signature (:meth:`Store.record_inputs`), exactly as ``lagebild analyze``
    records it: a repeated ``load`` skips what it stored before, and a later ``lagebild analyze`` of
    the same input with the same pipeline reports the stored analysis instead of redoing it.
    """
    base = directory.rstrip("/")
    if "://" not in base and not Path(base, "articles").is_dir():
        raise SparkOutputError(f"{base}: no articles/ table here",
                               hint="pass the --out DIR of `lagebild analyze --engine spark`")
    from .model import Article

    counts = {"stored_new": 0, "already_stored": 0, "skipped": 0, "failed": 0, "errors": 0}
    columns = ("source", "input_key", "pipeline", "analysis")
    for rows in parquet_batches(f"{base}/articles", columns, batch_size):
        done = _already_loaded(store, rows)
        articles: list[Article] = []
        inputs: list[tuple[str, str, str | None]] = []
        for row in rows:
            if row["input_key"] in done.get(row["pipeline"], set()):
                counts["skipped"] += 1
                continue
            try:
                article = Article.from_dict(json.loads(row["analysis"]))
            except (ValueError, TypeError, KeyError) as exc:
                error = LoadRecordError(f"{row['source']}: the analysis cannot be read ({type(exc).__name__}: {exc})")
                store.record_error(row["source"] or base, error.code, error.message)
                counts["failed"] += 1
                continue
            articles.append(article)
            if row["input_key"] and row["pipeline"]:
                inputs.append((row["input_key"], row["pipeline"], article.id))
        for new in store.save_many(articles):
            counts["stored_new" if new else "already_stored"] += 1
        store.record_inputs(inputs)
    counts["errors"] = _load_errors(base, store)
    return counts


def _already_loaded(store: Any, rows: list[dict[str, Any]]) -> dict[str, set[str]]:
    by_pipeline: dict[str, list[str]] = {}
    for row in rows:
        if row["input_key"] and row["pipeline"]:
            by_pipeline.setdefault(row["pipeline"], []).append(row["input_key"])
    return {pipeline: set(store.analysed_inputs(keys, pipeline)) for pipeline, keys in by_pipeline.items()}


def _load_errors(base: str, store: Any) -> int:
    """Record the failed inputs as store errors, each once (a repeated load adds none)."""
    if "://" not in base and not Path(base, "errors").is_dir():
        return 0
    known = {(row["source"], row["code"], row["message"]) for row in store.errors()}
    recorded = 0
    for rows in parquet_batches(f"{base}/errors", ("source", "error_code", "error_message"), 1024):
        for row in rows:
            key = (row["source"] or base, row["error_code"] or "E000", row["error_message"] or "")
            if key not in known:
                store.record_error(*key)
                known.add(key)
            recorded += 1
    return recorded


@click.command(name="load")
@click.argument("directory")
@db_option
@config_option
def load(directory: str, db: str | None, config: str | None) -> None:
    """Store the output of `lagebild analyze --engine spark --out DIR` (SQLite or PostgreSQL).

    Idempotent and resumable: inputs loaded before are skipped; failed inputs become recorded errors
    (`lagebild list --errors`).
    """
    settings = _settings(config, db=db)
    with _open_store(settings) as store:
        try:
            counts = load_output(directory, store)
        except LagebildError as exc:
            raise UsageFailure(exc) from exc
    skipped = f", {counts['skipped']} loaded before" if counts["skipped"] else ""
    print_note(_stderr(), f"{counts['stored_new']} new and {counts['already_stored']} known article(s) stored into "
                          f"{_where(settings)}{skipped}, {counts['errors']} failed input(s) recorded"
                          + (f", {counts['failed']} unreadable row(s)" if counts["failed"] else ""))
    sys.exit(EXIT_FAILURES if counts["failed"] else EXIT_OK)
