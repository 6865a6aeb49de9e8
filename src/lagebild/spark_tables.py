"""Flat tables from analysed DataFrames, and the Parquet layout that ``lagebild load`` reads.

``mentions``, ``quotes`` and ``timexes`` have the store's row columns (``article_id``, ``seq`` and the
layer's columns from :attr:`lagebild.layers.Layer.store_columns`, so a table reads like the store's
table of that name); ``events`` has the columns of ``lagebild export events``
(:data:`lagebild.events.export.COLUMNS`).  Each table is derived on the executors from the analysis
JSON, with the same code the store and the export use.

Layout written by :func:`write_parquet` (and ``lagebild analyze --engine spark --out DIR``)::

    DIR/articles/   status ok rows of lagebild.spark.ANALYSIS_COLUMNS (analysis = the JSON contract)
    DIR/errors/     status error rows: source, error_code, error_message, error_hint, input_key, pipeline
    DIR/mentions/ quotes/ timexes/ events/
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .layers import get_layer
from .model import Article
from .resources import Resources
from .spark import ANALYSIS_COLUMNS, map_partitions, require_pyspark

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, Row

LAYER_TABLES = ("mentions", "quotes", "timexes")
TABLES = ("articles", "errors", *LAYER_TABLES, "events")
ERROR_COLUMNS = ("input_id", "source", "error_code", "error_message", "error_hint", "input_key", "pipeline")
_SQL_TO_SPARK = {"INTEGER": "bigint", "REAL": "double", "TEXT": "string"}
_EVENT_NUMBERS = ("place_lat", "place_lon")


def layer_columns(name: str) -> tuple[tuple[str, str], ...]:
    """Spark columns of one layer table: ``article_id``, ``seq`` and the store's columns."""
    layer = get_layer(name)
    return (("article_id", "string"), ("seq", "bigint"),
            *((column.name, _SQL_TO_SPARK.get(column.sql_type, "string")) for column in layer.store_columns))


def event_columns() -> tuple[tuple[str, str], ...]:
    from .events.export import COLUMNS

    return tuple((name, "double" if name in _EVENT_NUMBERS else "string") for name in COLUMNS)


def _ddl(columns: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"`{name}` {kind}" for name, kind in columns)


def flat_tables(analysed: DataFrame, *, resources: Resources | None = None) -> dict[str, DataFrame]:
    """``{"mentions": …, "quotes": …, "timexes": …, "events": …}`` from an analysed DataFrame (lazy).

    ``resources`` gives the knowledge base that names the countries of persons in event rows (default:
    the shipped one).  Each table re-reads ``analysis``; derive them from written or persisted output.
    """
    require_pyspark()
    ok = analysed.where("status = 'ok'").select("analysis")
    recipe = pickle.dumps(resources or Resources())
    tables: dict[str, DataFrame] = {}
    for name in LAYER_TABLES:
        columns = layer_columns(name)
        tables[name] = map_partitions(ok, _table_function(name, columns, recipe), _ddl(columns))
    tables["events"] = map_partitions(ok, _table_function("events", event_columns(), recipe), _ddl(event_columns()))
    return tables


def _table_function(name: str, columns: tuple[tuple[str, str], ...], recipe: bytes) -> Any:
    def rows(analyses: Iterable[Row]) -> Iterator[tuple[Any, ...]]:
        return table_rows(analyses, name, columns, recipe)

    return rows


def table_rows(analyses: Iterable[Row], name: str, columns: tuple[tuple[str, str], ...],
               recipe: bytes) -> Iterator[tuple[Any, ...]]:
    """Rows of table ``name`` for the analysed articles (runs on the executors)."""
    names = [column for column, _ in columns]
    kb = pickle.loads(recipe).knowledge_base if name == "events" else None  # our own recipe, from the driver
    for analysis in analyses:
        if analysis[0] is None:
            continue
        data = json.loads(analysis[0])
        for unused in ("tokens", "raw", "offsets"):  # no table reads them; building tokens costs the most
            data.pop(unused, None)
        for row in article_rows(name, Article.from_dict(data), kb):
            yield tuple(row.get(column) for column in names)


def article_rows(name: str, article: Article, kb: Any = None) -> list[dict[str, Any]]:
    """The rows of table ``name`` for one article (as dicts of column -> value)."""
    if name == "events":
        from .events.export import event_rows

        return [{key: (value if value != "" else None) if key in _EVENT_NUMBERS else value
                 for key, value in row.items()} for row in event_rows(article, kb)]
    layer = get_layer(name)
    names = [column.name for column in layer.store_columns]
    article_id = article.id
    return [{"article_id": article_id, "seq": seq, **dict(zip(names, layer.to_row(item, article), strict=True))}
            for seq, item in enumerate(article.layer(name))]


def write_parquet(analysed: DataFrame, out: str, *, mode: str = "overwrite",
                  resources: Resources | None = None) -> dict[str, int]:
    """Write every table under ``out`` (any path Spark writes: local, HDFS, S3); the row count of each.

    The analysis runs once: its result is written to ``articles/`` and ``errors/`` from a persisted
    DataFrame, and the flat tables are derived from the written ``articles/``.
    """
    require_pyspark()
    from pyspark import StorageLevel

    base = out.rstrip("/")
    analysed = analysed.persist(StorageLevel.DISK_ONLY)
    try:
        articles = analysed.where("status = 'ok'").select(*(name for name, _ in ANALYSIS_COLUMNS))
        articles.write.mode(mode).parquet(f"{base}/articles")
        analysed.where("status = 'error'").select(*ERROR_COLUMNS).write.mode(mode).parquet(f"{base}/errors")
    finally:
        analysed.unpersist()
    spark = analysed.sparkSession
    counts = {"articles": spark.read.parquet(f"{base}/articles").count(),
              "errors": spark.read.parquet(f"{base}/errors").count()}
    for name, table in flat_tables(spark.read.parquet(f"{base}/articles"), resources=resources).items():
        table.write.mode(mode).parquet(f"{base}/{name}")
        counts[name] = spark.read.parquet(f"{base}/{name}").count()
    return counts
