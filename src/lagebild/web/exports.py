"""Streamed exports of articles, quotes and events as CSV or JSONL, with no row cap.

Rows are produced a batch of articles at a time while the client reads, so memory stays flat whatever the
corpus size.  CSV cells that a spreadsheet would run as formulas are neutralised the same way as in
``lagebild export events`` (:func:`lagebild.events.export.escape_formula`); JSONL is never altered.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.responses import StreamingResponse

from lagebild.events.export import escape_formula
from lagebild.store import Query, Store

from . import data
from .api import Page
from .params import Filters

router = APIRouter(prefix="/api/export", tags=["export"])

BATCH = 200  # articles per read
ARTICLE_COLUMNS = ("id", "published", "outlet", "title", "url", "claimed_source", "sentences", "entities",
                   "quotes", "events", "places")
QUOTE_COLUMNS = ("article_id", "published", "outlet", "title", "speaker", "speaker_name", "type", "cue", "text",
                 "start", "end")
EVENT_COLUMNS = ("article_id", "published", "outlet", "title", "type", "code", "trigger", "actors", "targets",
                 "place_name", "time", "theme", "polarity", "modality", "attribution", "speaker")
COLUMNS = {"articles": ARTICLE_COLUMNS, "quotes": QUOTE_COLUMNS, "events": EVENT_COLUMNS}
MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


@router.get("/{kind}.{fmt}", summary="Stream articles, quotes or events as CSV or JSONL (all rows; filters apply)")
def export(page: Annotated[Page, Depends(Page)],
           kind: Annotated[str, Path(pattern="^(articles|quotes|events)$")],
           fmt: Annotated[str, Path(pattern="^(csv|jsonl)$")]) -> StreamingResponse:
    pool = page.ctx.pool
    filters = page.filters

    def stream() -> Iterator[str]:
        with pool.borrow() as store:
            rows = _rows(store, kind, filters)
            yield from (_jsonl(rows) if fmt == "jsonl" else _csv(rows, COLUMNS[kind]))

    headers = {"Content-Disposition": f'attachment; filename="lagebild-{kind}.{fmt}"'}
    return StreamingResponse(stream(), media_type=MEDIA[fmt], headers=headers)


def _article_ids(store: Store, filters: Filters) -> Iterator[list[str]]:
    """Batches of the ids of the articles matching ``filters`` (full-text ``q`` through the search module)."""
    if filters.q or filters.place or filters.story:
        cursor: str | None = None
        while True:
            page = data.search_articles(store, filters, cursor=cursor, limit=BATCH)
            ids = [str(hit["id"]) for hit in page["hits"]]
            if ids:
                yield ids
            cursor = page.get("next_cursor")
            if not cursor or not ids:
                return
    ids = store.article_ids(filters.query())
    for first in range(0, len(ids), BATCH):
        yield ids[first:first + BATCH]


def _rows(store: Store, kind: str, filters: Filters) -> Iterator[dict[str, Any]]:
    for batch in _article_ids(store, filters):
        if kind == "articles":
            for article in store.get_many(batch):
                row = article.to_dict()
                yield {**{name: row.get(name) for name in ARTICLE_COLUMNS[:6]},
                       **{name: len(row.get(name) or []) for name in ARTICLE_COLUMNS[6:]}, "_full": row}
        elif kind == "quotes":
            yield from (data.quote_row(r) for r in store.quotes(Query(ids=batch, speaker=filters.speaker)))
        else:
            yield from (data.event_row(r) for r in store.events(Query(ids=batch, event_type=filters.event_type)))


def _jsonl(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row.get("_full", row), ensure_ascii=False) + "\n"


def _csv(rows: Iterator[dict[str, Any]], columns: tuple[str, ...]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for count, row in enumerate(rows, 1):
        cells = {name: _cell(row.get(name)) for name in columns}
        writer.writerow(cells)
        if count % 100 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return escape_formula(value) if value is not None else ""
