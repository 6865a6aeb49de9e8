"""The web application: :func:`create_app` wires the store, the API routes, the pages and the safety nets.

Safety nets, for every answer: a Content-Security-Policy that allows scripts, styles and data only from this
server (no inline scripts, no ``eval``, nothing from elsewhere), ``nosniff``, no framing, no referrer;
request bodies over the limit are refused before they are read; every error (ours, a bad parameter, an
unknown path, a crash) becomes one JSON shape under ``/api`` and an error page elsewhere.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from lagebild import __version__
from lagebild.errors import LagebildError, NotFoundError, WebError
from lagebild.settings import Settings, load_settings

from .context import Analyser, StorePool, SummaryCache, WebContext, WebLimits
from .render import make_environment, render_page

LOG = logging.getLogger("lagebild.web")
STATIC = Path(__file__).parent / "static"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

# Errors of other layers that a request can cause: a bad id prefix, a bad search query or cursor, unknown ids.
STATUS_OF_CODE = {"E301": 400, "E602": 404, "E620": 400, "E621": 400, "E622": 400, "E623": 400, "E624": 404}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SafetyMiddleware:
    """Adds the security headers to every answer and refuses announced bodies over ``max_body`` bytes
    (bodies without a length are counted while the endpoint reads them, see :func:`read_body`)."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.max_body:
            status = 413 if length.isdigit() else 400
            message = f"request body over {self.max_body} bytes" if status == 413 else "bad Content-Length"
            error = {"code": "E703" if status == 413 else "E701", "message": message, "hint": None, "status": status}
            response = JSONResponse({"error": error}, status_code=status)
            await self._send_with_headers(response, scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_secured)

    async def _send_with_headers(self, response: Response, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await response(scope, receive, send_secured)


def create_app(store_url: str, *, write_token: str | None = None, settings: Settings | None = None,
               limits: WebLimits | None = None) -> FastAPI:
    """The web application over the store at ``store_url`` (SQLite path or ``postgresql://`` URL).

    Read-only unless ``write_token`` is given; then ``POST /api/articles`` and ``POST /api/kb`` accept
    requests with ``Authorization: Bearer <write_token>``.
    """
    from lagebild.store import open_store

    settings = settings or load_settings({"db": store_url})
    limits = limits or WebLimits()
    open_store(store_url, create=False).close()  # fail now, with the store's coded error, not on the first request
    pool = StorePool(store_url, limits.store_connections, limits.store_wait_seconds)
    context = WebContext(store_url=store_url, settings=settings, limits=limits, pool=pool,
                         analyser=Analyser(settings, pool), write_token=write_token or None,
                         summaries=SummaryCache(limits.summary_seconds))
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(title="lagebild", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json", lifespan=lifespan,
                  description="Who said what, about whom, when and where, in German news: the stored analyses "
                              "as JSON. Errors have one shape: `{\"error\": {\"code\", \"message\", \"hint\", "
                              "\"status\"}}`; lists page with `limit` and the opaque `cursor` of the previous "
                              "answer's `next_cursor`.")
    app.state.ctx = context
    app.state.pool = pool
    app.state.templates = make_environment()

    from .api import router as api_router
    from .exports import router as export_router
    from .pages import router as page_router

    app.include_router(api_router)
    app.include_router(export_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _install_error_handlers(app)
    app.add_middleware(SafetyMiddleware, max_body=limits.max_body_bytes)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    async def web_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LagebildError)
        status = exc.status if isinstance(exc, WebError) else STATUS_OF_CODE.get(exc.code, 500)
        if status >= 500 and not isinstance(exc, WebError):
            LOG.error("store error on %s: %s", request.url.path, exc)
        return error_response(request, status, exc.code, exc.message, exc.hint)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
                             for e in exc.errors()[:5])
        return error_response(request, 400, "E701", f"bad request: {problems}"[:500], None)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 404:
            found = NotFoundError(f"no page at {request.url.path[:200]}")
            return error_response(request, 404, found.code, found.message, "see / or /api")
        return error_response(request, exc.status_code, "E701", str(exc.detail)[:300], None)

    async def crash(request: Request, exc: Exception) -> Response:
        LOG.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, "E700", "internal error while answering this request", None)

    app.add_exception_handler(LagebildError, web_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, crash)


def error_response(request: Request, status: int, code: str, message: str, hint: str | None) -> Response:
    """The one error shape: JSON under /api, an error page elsewhere."""
    if request.url.path.startswith("/api"):
        return JSONResponse({"error": {"code": code, "message": message, "hint": hint, "status": status}},
                            status_code=status)
    html = render_page("error.html", request, status=status, code=code, message=message, hint=hint)
    return HTMLResponse(html, status_code=status)
