"""``lagebild serve``: the web UI and the HTTP API over a store, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import os

import click

from .cli_common import UsageFailure, _settings, _stderr, _where, config_option, db_option
from .errors import LagebildError
from .terminal import print_note, print_warning

TOKEN_ENV = "LAGEBILD_WRITE_TOKEN"


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (another than 127.0.0.1 makes the UI reachable from other machines).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--write-token", envvar=TOKEN_ENV, show_envvar=True,
              help="Enable the writing endpoints (POST /api/articles, POST /api/kb) for requests that send "
                   "`Authorization: Bearer TOKEN`. Without it the server is read-only.")
@config_option
def serve(db: str | None, host: str, port: int, write_token: str | None, config: str | None) -> None:
    """Serve the web UI and the JSON API over a store (read-only unless --write-token is given)."""
    import uvicorn

    from .web import create_app

    settings = _settings(config, db=db)
    try:
        app = create_app(settings.db, write_token=write_token, settings=settings)
    except LagebildError as exc:
        raise UsageFailure(exc) from exc
    errors = _stderr()
    if write_token and len(write_token) < 16:
        print_warning(errors, "--write-token", "the write token is short; anyone who guesses it can write")
    if host not in ("127.0.0.1", "localhost", "::1"):
        print_warning(errors, "--host", f"listening on {host}: other machines can reach this server")
    mode = "writing enabled with the token" if write_token else "read-only"
    print_note(errors, f"lagebild on {_where(settings)} ({mode}): open http://{_shown(host)}:{port}/ "
                       f"(API: http://{_shown(host)}:{port}/api)")
    uvicorn.run(app, host=host, port=port, log_level=os.environ.get("LAGEBILD_LOG_LEVEL", "warning"),
                server_header=False)


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host
