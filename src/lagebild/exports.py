"""Table exports of the store without row caps: articles, mentions, quotes, events, stories as JSONL, CSV or Parquet.

Rows are produced lazily, a page of articles (or stories) at a time, and written
as they come, so an export of any size runs in bounded memory: JSONL and CSV
line by line, Parquet (pyarrow, the optional extra ``lagebild[parquet]``) in row
groups of :data:`PARQUET_BATCH` rows with a fixed schema per table.  CSV cells a
spreadsheet would run as formulas get a leading ``'`` (as ``lagebild export
events``, :func:`lagebild.events.export.escape_formula`); JSONL and Parquet are
never altered.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

from .errors import ExportDependencyError
from .events.export import COLUMNS as EVENT_COLUMNS
from .events.export import escape_formula, event_rows
from .store.base import Query

if TYPE_CHECKING:
    from .entities.kb import KnowledgeBase
    from .store.base import Store

__all__ = ["COLUMNS", "KINDS", "PARQUET_BATCH", "export_rows", "write_export"]

KINDS = ("articles", "mentions", "quotes", "events", "stories")
PARQUET_BATCH = 5_000
_PAGE = 200  # articles per read

#: Columns and their types (string, int, float) per exported table.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (("id", "string"), ("published", "string"), ("outlet", "string"), ("url", "string"),
                 ("title", "string"), ("claimed_source", "string"), ("language", "string"), ("source", "string"),
                 ("story_id", "string"), ("copy_group", "string"), ("publications", "int"), ("text", "string")),
    "mentions": (("article_id", "string"), ("published", "string"), ("outlet", "string"), ("text", "string"),
                 ("start", "int"), ("end", "int"), ("label", "string"), ("kind", "string"), ("entity", "string")),
    "quotes": (("article_id", "string"), ("published", "string"), ("outlet", "string"), ("type", "string"),
               ("speaker", "string"), ("speaker_name", "string"), ("cue", "string"), ("text", "string"),
               ("start", "int"), ("end", "int")),
    "events": tuple((name, "float" if name in {"place_lat", "place_lon"} else "string") for name in EVENT_COLUMNS),
    "stories": (("id", "string"), ("title", "string"), ("first_seen", "string"), ("last_seen", "string"),
                ("articles", "int"), ("outlets", "string"), ("top_entities", "string"), ("places", "string"),
                ("related", "string"), ("article_ids", "string")),
}


def _pages(ids: Sequence[str]) -> Iterator[list[str]]:
    for first in range(0, len(ids), _PAGE):
        yield list(ids[first:first + _PAGE])


def _article_rows(store: Store) -> Iterator[dict[str, Any]]:
    for ids in _pages(store.article_ids()):
        yield from store.article_export_rows(ids)


def _layer_rows(store: Store, kind: str) -> Iterator[dict[str, Any]]:
    read = store.mentions if kind == "mentions" else store.quotes
    for ids in _pages(store.article_ids()):
        for row in read(Query(ids=ids)):
            if kind == "quotes":
                cue = row.get("cue")
                row = {**row, "cue": cue.get("text") if isinstance(cue, dict) else cue}
            yield row


def _story_rows(store: Store) -> Iterator[dict[str, Any]]:
    offset = 0
    while True:
        page = store.stories(limit=_PAGE, offset=offset)
        for story in page:
            yield {**story, "outlets": "; ".join(story["outlets"]),
                   "top_entities": "; ".join(e["name"] for e in story["top_entities"]),
                   "places": "; ".join(story["places"]), "related": "; ".join(story["related"]),
                   "article_ids": "; ".join(story.get("article_ids", []))}
        if len(page) < _PAGE:
            return
        offset += _PAGE


def export_rows(store: Store, kind: str, *, knowledge: KnowledgeBase | None = None) -> Iterator[dict[str, Any]]:
    """The rows of one table (``kind`` in :data:`KINDS`), read page by page; events as GDELT-like rows."""
    if kind == "articles":
        yield from _article_rows(store)
    elif kind in {"mentions", "quotes"}:
        yield from _layer_rows(store, kind)
    elif kind == "events":
        for article in store.iter_articles():
            yield from event_rows(article, knowledge)
    elif kind == "stories":
        yield from _story_rows(store)
    else:
        raise ValueError(f"unknown export {kind!r}; one of {', '.join(KINDS)}")


def _cell(value: Any, kind: str) -> Any:
    if value is None or value == "":
        return None if kind != "string" else ("" if value == "" else None)
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _write_csv(rows: Iterable[dict[str, Any]], out: IO[str], names: list[str], escape_formulas: bool) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    count = 0
    for row in rows:
        cells = []
        for name in names:
            value = row.get(name)
            value = "" if value is None else value
            if isinstance(value, str):
                value = value.replace("\r\n", "\n").replace("\r", "\n")  # csv does not quote a bare "\r"
                value = escape_formula(value) if escape_formulas else value
            cells.append(value)
        writer.writerow(cells)
        count += 1
    return count


def _write_parquet(rows: Iterable[dict[str, Any]], path: str, columns: tuple[tuple[str, str], ...]) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ExportDependencyError("Parquet export needs pyarrow, which is not installed",
                                    hint="pip install 'lagebild[parquet]'") from exc
    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64()}
    schema = pa.schema([(name, types[kind]) for name, kind in columns])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []

        def flush() -> None:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            batch.clear()

        for row in rows:
            batch.append({name: _cell(row.get(name), kind) for name, kind in columns})
            count += 1
            if len(batch) >= PARQUET_BATCH:
                flush()
        if batch or not count:
            flush()
    return count


def write_export(rows: Iterable[dict[str, Any]], kind: str, fmt: str, *, out: IO[str] | None = None,
                 path: str | None = None, escape_formulas: bool = True) -> int:
    """Write ``rows`` of table ``kind`` as ``jsonl``, ``csv`` (to ``out``) or ``parquet`` (to the file ``path``);
    return how many.  Raises :class:`ExportDependencyError` (E604) for Parquet without pyarrow."""
    columns = COLUMNS[kind]
    names = [name for name, _ in columns]
    if fmt == "parquet":
        if path is None:
            raise ValueError("a Parquet export needs a file path")
        return _write_parquet(rows, path, columns)
    if out is None:
        raise ValueError(f"a {fmt} export needs an output stream")
    if fmt == "csv":
        return _write_csv(rows, out, names, escape_formulas)
    if fmt != "jsonl":
        raise ValueError(f"unknown format {fmt!r}")
    count = 0
    for row in rows:
        out.write(json.dumps({name: row.get(name) for name in names}, ensure_ascii=False) + "\n")
        count += 1
    return count
