"""The server-rendered pages of the web UI (Jinja2 templates, autoescaped; a little JavaScript in /static).

Each page reads through the same functions as the JSON API (:mod:`lagebild.web.data`), so what a page shows
is what the API returns.  A view whose corpus module is missing renders with a "not available" notice
instead of failing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from lagebild.errors import BadRequestError, FeatureUnavailableError, LagebildError

from . import data
from .api import Page, context_of, day_param, read_body
from .data import PLACES_ARTICLES
from .markup import render_article
from .params import next_cursor
from .render import render_page

router = APIRouter(include_in_schema=False)
PageParams = Annotated[Page, Depends(Page)]
SEED_EXAMPLE = ("Quelle: Reuters\n\nBei ihrem ersten direkten Treffen im Rahmen des G20-Gipfels in Hamburg "
                "unterhielten sich der russische Präsident Wladimir Putin und US-Präsident Donald Trump mehr als "
                "zwei Stunden lang. Der russische Außenminister Sergej Lawrow erklärte anschließend, die beiden "
                "Länder hätten eine Waffenruhe für den Südwesten Syriens vereinbart. Diese soll am 9. Juli ab 12 "
                "Uhr Ortszeit Damaskus in Kraft treten.")


def page(request: Request, template: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(render_page(template, request, **context))


def attempt(function: Any, *args: Any, **kwargs: Any) -> tuple[Any, str | None]:
    """``function(...)`` or, when its corpus module is missing, ``(None, the reason)`` for the page to show."""
    try:
        return function(*args, **kwargs), None
    except FeatureUnavailableError as exc:
        return None, exc.message


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    ctx = context_of(request)
    with ctx.pool.borrow() as store:
        stats = ctx.summaries.get("stats", lambda: data.stats(store))
        newest = data.newest_day(stats)
        top: list[dict[str, Any]] | None = None
        top_note: str | None = "no dated articles yet"
        window = None
        if newest:
            since = (date.fromisoformat(newest[:10]) - timedelta(days=6)).isoformat()
            window = (since, newest[:10])
            top, top_note = attempt(data.top_stories, store, since=since, until=newest[:10], limit=10)
        recent = store.list_articles(limit=10)
    return page(request, "overview.html", stats=stats, top=top, top_note=top_note, window=window, recent=recent)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, params: PageParams) -> HTMLResponse:
    with params.ctx.pool.borrow() as store:
        size = min(params.limit, 50)
        if params.unfiltered:
            result, note = attempt(params.ctx.summaries.get, ("search", size),
                                   lambda: data.search_articles(store, params.filters, cursor=None, limit=size))
        else:
            result, note = attempt(data.search_articles, store, params.filters, cursor=params.search_cursor,
                                   limit=size)
    dates = (result or {}).get("facets", {}).get("date", [])
    timeline = [{"day": d.get("value"), "count": d.get("count")} for d in dates if isinstance(d, dict)]
    return page(request, "search.html", result=result, note=note, filters=params.filters.as_params(),
                timeline=timeline)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str) -> HTMLResponse:
    ctx = context_of(request)
    with ctx.pool.borrow() as store:
        found = data.load_article(store, article_id[:64])
        publications = store.publications(found.id)
        story_id = data.story_of(store, found.id)
    return page(request, "article.html", **article_context(found), publications=publications, story_id=story_id,
                stored=True)


def article_context(found: Any) -> dict[str, Any]:
    """What the article template needs from an analysed article (stored or just analysed)."""
    names = {e.id: e.name for e in found.entities}
    by_label: dict[str, list[Any]] = defaultdict(list)
    for entity in found.entities:
        by_label[entity.label].append(entity)
    return {"article": found, "text_html": render_article(found), "names": names, "heading": heading_of(found),
            "entities_by_label": dict(sorted(by_label.items())),
            "speakers": sorted({(q.speaker or "", q.speaker_name or names.get(q.speaker or "", "") or "unbekannt")
                                for q in found.quotes}, key=lambda s: s[1])}


def heading_of(found: Any) -> str:
    """The title, or for an article without one the start of its first sentence (a page needs a heading)."""
    if found.title:
        return str(found.title)
    first = found.text[found.sentences[0].start:found.sentences[0].end] if found.sentences else found.text
    words = " ".join(first.split())
    return words if len(words) <= 90 else words[:90].rsplit(" ", 1)[0] + " …"


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, params: PageParams) -> HTMLResponse:
    with params.ctx.pool.borrow() as store:
        rows, note = attempt(data.list_stories, store, params.filters, offset=params.offset,
                             limit=params.limit + 1)
    more = next_cursor(params.offset, params.limit, len(rows or []))
    return page(request, "stories.html", rows=(rows or [])[:params.limit], note=note, next_cursor=more,
                filters=params.filters.as_params())


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: str) -> HTMLResponse:
    ctx = context_of(request)
    with ctx.pool.borrow() as store:
        view, note = attempt(data.story_view, store, story_id[:200])
    per_day = [{"day": day, "count": n} for day, n in (view or {}).get("per_day", {}).items()]
    return page(request, "story.html", story=view, note=note, per_day=per_day)


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, params: PageParams) -> HTMLResponse:
    with params.ctx.pool.borrow() as store:
        rows, note = attempt(data.find_entities, store, params.filters.q, limit=params.limit)
    return page(request, "entities.html", rows=rows, note=note, q=params.filters.q or "")


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity(request: Request, entity_id: str) -> HTMLResponse:
    ctx = context_of(request)
    with ctx.pool.borrow() as store:
        view = data.entity_view(store, entity_id[:500], limit=50)
    return page(request, "entity.html", entity=view)


@router.get("/quotes", response_class=HTMLResponse)
def quotes(request: Request, params: PageParams) -> HTMLResponse:
    with params.ctx.pool.borrow() as store:
        rows, more = data.quotes_page(store, params.filters, offset=params.offset, limit=params.limit)
    return page(request, "quotes.html", rows=rows, filters=params.filters.as_params(),
                next_cursor=next_cursor(params.offset, params.limit, params.limit + 1 if more else 0))


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, params: PageParams) -> HTMLResponse:
    with params.ctx.pool.borrow() as store:
        rows, more = data.layer_page(store.events, params.filters.query(), text=params.filters.q,
                                     text_fields=("theme", "place_name", "trigger"), offset=params.offset,
                                     limit=params.limit)
    from lagebild.events.taxonomy import BY_NAME

    return page(request, "events.html", rows=[data.event_row(r) for r in rows], filters=params.filters.as_params(),
                event_types=sorted(BY_NAME),
                next_cursor=next_cursor(params.offset, params.limit, params.limit + 1 if more else 0))


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, params: PageParams) -> HTMLResponse:
    with params.ctx.pool.borrow() as store:
        found = data.places_of(store, params.filters, articles=PLACES_ARTICLES)
    return page(request, "map.html", places=found["places"], articles_read=found["articles_read"],
                filters=params.filters.as_params())


@router.get("/analyse", response_class=HTMLResponse)
def analyse_form(request: Request) -> HTMLResponse:
    return page(request, "analyse.html", example=SEED_EXAMPLE, text="", when="2017-07-08", error=None,
                result=None)


@router.post("/analyse", response_class=HTMLResponse)
async def analyse(request: Request) -> HTMLResponse:
    ctx = context_of(request)
    from starlette.concurrency import run_in_threadpool

    form = await _form(request)
    text = form.get("text", "")
    when = form.get("date", "").strip() or None
    error = None
    context: dict[str, Any] = {}
    try:
        if not text.strip():
            raise BadRequestError("Bitte einen Text eingeben.")
        if len(text) > ctx.limits.max_analyse_chars:
            raise BadRequestError(f"Der Text ist länger als {ctx.limits.max_analyse_chars} Zeichen.")
        if when is not None:
            when = day_param(when)
        result = await run_in_threadpool(ctx.analyser.analyse, text, date=when)
        context = article_context(result)
    except LagebildError as exc:
        error = exc.message
    status = 400 if error else 200
    html = render_page("analyse.html", request, example=SEED_EXAMPLE, text=text, when=when or "", error=error,
                       result=context or None, **context)
    return HTMLResponse(html, status_code=status)


async def _form(request: Request) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body (bounded like every body), last value per name."""
    body = await read_body(request, context_of(request))
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=10)
    except (UnicodeDecodeError, ValueError):
        raise BadRequestError("the form could not be read") from None
    return {name: values[-1] for name, values in fields.items()}


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request) -> HTMLResponse:
    """The OpenAPI description as a page (served here, not from a CDN, and without inline scripts)."""
    schema = request.app.openapi()
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            parameters = [{"name": p.get("name"), "where": p.get("in"), "required": p.get("required", False),
                           "description": p.get("description") or ""} for p in operation.get("parameters", [])]
            operations.append({"method": method.upper(), "path": path, "summary": operation.get("summary", ""),
                               "parameters": parameters})
    return page(request, "api.html", operations=operations, info=schema.get("info", {}),
                write_enabled=bool(context_of(request).write_token))

