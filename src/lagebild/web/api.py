"""The JSON API under ``/api``: reading endpoints (open), ``POST /api/analyze`` (open, stores nothing) and
the writing endpoints (``POST /api/articles``, ``POST /api/kb``: only with the server's write token).

Lists page with ``limit`` (bounded) and the opaque ``cursor`` of the previous answer's ``next_cursor``.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request

from lagebild.errors import BadRequestError, LagebildError, RequestTooLargeError

from . import data
from .context import WebContext
from .data import PLACES_ARTICLES
from .params import Filters, decode_cursor, filters_from, next_cursor, page_size, text_param

router = APIRouter(prefix="/api", tags=["api"])

Text = Annotated[str | None, Query(max_length=500)]


def context_of(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.ctx
    return ctx


class Page:
    """The validated list parameters of one request (documented once for every list endpoint)."""

    def __init__(self, request: Request,
                 q: Annotated[str | None, Query(max_length=500, description="Words to find (full-text search)")]
                 = None,
                 date_from: Annotated[str | None, Query(description="Earliest publication date, YYYY-MM-DD")] = None,
                 date_to: Annotated[str | None, Query(description="Latest publication date, YYYY-MM-DD")] = None,
                 outlet: Text = None, entity: Annotated[str | None, Query(max_length=500,
                                                                          description="Entity id or name")] = None,
                 speaker: Annotated[str | None, Query(max_length=500, description="Speaker entity id or name")]
                 = None,
                 place: Text = None, event_type: Text = None, story: Text = None,
                 limit: Annotated[str | None, Query(description="Rows per page (1-200, default 50)")] = None,
                 cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None) -> None:
        ctx = context_of(request)
        params = request.query_params
        self.ctx = ctx
        self.filters: Filters = filters_from(params, ctx.limits)
        self.limit = page_size(params, ctx.limits)
        # Search hands out its own cursors (passed through unchanged); every other list pages by offset, decoded
        # only when that list asks for it, so each kind of cursor is checked by the code that made it.
        self.search_cursor = text_param(params, "cursor", ctx.limits)
        self._params = params

    @property
    def unfiltered(self) -> bool:
        """No filter and no cursor: the first page of everything (its counts are reused a few seconds)."""
        return not self.filters.any() and not self.search_cursor

    @property
    def offset(self) -> int:
        return decode_cursor(self._params, self.ctx.limits)


PageParams = Annotated[Page, Depends(Page)]


@router.get("/articles", summary="Search articles: full text, filters, facet counts, snippets")
def articles(page: PageParams) -> dict[str, Any]:
    with page.ctx.pool.borrow() as store:
        return page.ctx.summaries.get(("search", page.limit), lambda: data.search_articles(
            store, page.filters, cursor=None, limit=page.limit)) if page.unfiltered else \
            data.search_articles(store, page.filters, cursor=page.search_cursor, limit=page.limit)


@router.get("/articles/{article_id}", summary="One article with its whole analysis (the JSON contract)")
def article(request: Request, article_id: str, tokens: bool = False) -> dict[str, Any]:
    ctx = context_of(request)
    with ctx.pool.borrow() as store:
        found = data.load_article(store, _bounded(article_id, ctx))
        result = found.to_dict(include_tokens=tokens)
        result["publications"] = store.publications(found.id)
        result["story"] = data.story_of(store, found.id)
    return result


@router.get("/stories", summary="Stories (one news event across outlets), latest first")
def stories(page: PageParams) -> dict[str, Any]:
    with page.ctx.pool.borrow() as store:
        rows = data.list_stories(store, page.filters, offset=page.offset, limit=page.limit + 1)
    return {"stories": rows[:page.limit], "next_cursor": next_cursor(page.offset, page.limit, len(rows))}


@router.get("/stories/{story_id}", summary="One story: outlets side by side, shared and own statements, quotes")
def story(request: Request, story_id: str) -> dict[str, Any]:
    ctx = context_of(request)
    with ctx.pool.borrow() as store:
        return data.story_view(store, _bounded(story_id, ctx))


@router.get("/entities", summary="Find entities by name")
def entities(page: PageParams) -> dict[str, Any]:
    with page.ctx.pool.borrow() as store:
        return {"entities": data.find_entities(store, page.filters.q, limit=page.limit)}


@router.get("/entities/{entity_id:path}", summary="One entity: mentions per day, quotes by and about, roles, "
                                                    "co-occurring entities")
def entity(request: Request, entity_id: str) -> dict[str, Any]:
    ctx = context_of(request)
    with ctx.pool.borrow() as store:
        return data.entity_view(store, _bounded(entity_id, ctx), limit=ctx.limits.max_page_size)


@router.get("/quotes", summary="Quotes, by speaker (id or name, across outlets) and/or containing words")
def quotes(page: PageParams) -> dict[str, Any]:
    with page.ctx.pool.borrow() as store:
        rows, more = data.quotes_page(store, page.filters, offset=page.offset, limit=page.limit)
    return {"quotes": rows, "next_cursor": next_cursor(page.offset, page.limit, page.limit + 1 if more else 0)}


@router.get("/events", summary="Events (who did what to whom, where, when), filtered")
def events(page: PageParams) -> dict[str, Any]:
    with page.ctx.pool.borrow() as store:
        rows, more = data.layer_page(store.events, page.filters.query(), text=page.filters.q,
                                     text_fields=("theme", "place_name", "trigger"), offset=page.offset,
                                     limit=page.limit)
    return {"events": [data.event_row(r) for r in rows],
            "next_cursor": next_cursor(page.offset, page.limit, page.limit + 1 if more else 0)}


@router.get("/places", summary="Geocoded places of the newest matching articles, counted (for the map)")
def places(page: PageParams) -> dict[str, Any]:
    with page.ctx.pool.borrow() as store:
        return data.places_of(store, page.filters, articles=PLACES_ARTICLES)


@router.get("/timeline", summary="Articles per day matching q: raw counts and share of all articles")
def timeline(page: PageParams) -> dict[str, Any]:
    with page.ctx.pool.borrow() as store:
        return data.timeline(store, page.filters)


@router.get("/stats", summary="Counts: articles, outlets, entities, quotes, events, stories")
def stats(request: Request) -> dict[str, Any]:
    with context_of(request).pool.borrow() as store:
        return dict(context_of(request).summaries.get("stats", lambda: data.stats(store)))


@router.get("/top-stories", summary="Stories of a window ranked by growth (default: the last 7 days of data)")
def top(request: Request, days: Annotated[int, Query(ge=1, le=366)] = 7,
        until: Annotated[str | None, Query(description="Last day, YYYY-MM-DD (default: newest article)")] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
    ctx = context_of(request)
    with ctx.pool.borrow() as store:
        last = day_param(until) if until else data.newest_day(ctx.summaries.get("stats", lambda: data.stats(store)))
        if last is None:
            return {"stories": [], "since": None, "until": None}
        since = (date.fromisoformat(last) - timedelta(days=days - 1)).isoformat()
        return {"stories": data.top_stories(store, since=since, until=last, limit=limit), "since": since,
                "until": last}


@router.post("/analyze", summary="Analyse a German text without storing it (bounded size)")
async def analyze(request: Request) -> dict[str, Any]:
    ctx = context_of(request)
    body = await read_json(request, ctx)
    text, when = _analysis_input(body, ctx)
    from starlette.concurrency import run_in_threadpool

    article = await run_in_threadpool(ctx.analyser.analyse, text, date=when, title=_opt(body, "title"),
                                      outlet=_opt(body, "outlet"), url=_opt(body, "url"))
    return article.to_dict()


@router.post("/articles", summary="Analyse a text and store it (needs the write token)", status_code=201)
async def store_article(request: Request, authorization: Annotated[str | None, Header()] = None
                        ) -> dict[str, Any]:
    ctx = context_of(request)
    ctx.check_token(authorization)
    body = await read_json(request, ctx)
    text, when = _analysis_input(body, ctx)
    from starlette.concurrency import run_in_threadpool

    article = await run_in_threadpool(ctx.analyser.analyse, text, date=when, title=_opt(body, "title"),
                                      outlet=_opt(body, "outlet"), url=_opt(body, "url"))
    with ctx.pool.borrow() as store:
        new = await run_in_threadpool(store.save, article)
    return {"id": article.id, "stored": new, "href": f"/articles/{article.id}"}


@router.post("/kb", summary="Import knowledge-base records (a JSON list; needs the write token)")
async def import_kb(request: Request, authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
    ctx = context_of(request)
    ctx.check_token(authorization)
    body = await read_json(request, ctx)
    if not isinstance(body, list):
        raise BadRequestError("the body must be a JSON list of knowledge-base records (see docs/entities.md)")
    from lagebild.entities.kb import parse_record

    try:
        records = [parse_record(item, f"record {index + 1}") for index, item in enumerate(body)]
    except LagebildError as exc:
        raise BadRequestError(exc.message, hint=exc.hint) from None
    with ctx.pool.borrow() as store:
        return {"imported": store.import_kb(records, source="api")}


async def read_body(request: Request, ctx: WebContext) -> bytes:
    """The request body, read in pieces and refused once it passes the size limit (also without a length)."""
    limit = ctx.limits.max_body_bytes
    received = bytearray()
    async for chunk in request.stream():
        received += chunk
        if len(received) > limit:
            raise RequestTooLargeError(f"request body over {limit} bytes")
    return bytes(received)


async def read_json(request: Request, ctx: WebContext) -> Any:
    body = await read_body(request, ctx)
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequestError("the body is not valid UTF-8 JSON") from None


def _analysis_input(body: Any, ctx: WebContext) -> tuple[str, str | None]:
    if not isinstance(body, dict) or not isinstance(body.get("text"), str) or not body["text"].strip():
        raise BadRequestError('the body must be a JSON object with a non-empty "text"',
                              hint='{"text": "…", "date": "2017-07-08"}')
    text: str = body["text"]
    if len(text) > ctx.limits.max_analyse_chars:
        raise RequestTooLargeError(f"text longer than {ctx.limits.max_analyse_chars} characters")
    when = body.get("date")
    if when is not None:
        if not isinstance(when, str):
            raise BadRequestError('"date" must be a string YYYY-MM-DD')
        when = day_param(when)
    return text, when


def _opt(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and (not isinstance(value, str) or len(value) > 2000):
        raise BadRequestError(f'"{name}" must be a string of at most 2000 characters')
    return value


def day_param(value: str) -> str:
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadRequestError(f"not a date: {value[:40]!r}", hint="use YYYY-MM-DD") from None


def _bounded(value: str, ctx: WebContext) -> str:
    if len(value) > ctx.limits.max_param_chars or any(ord(c) < 32 for c in value):
        raise BadRequestError("the id in the path is too long or contains control characters")
    return value


__all__ = ["router"]
