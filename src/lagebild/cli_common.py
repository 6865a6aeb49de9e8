"""Shared pieces of the command line: settings and store opening, coded usage errors, common options."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console

from .errors import LagebildError
from .settings import Settings, load_settings
from .terminal import make_console

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2


class UsageFailure(click.ClickException):
    """A LagebildError that stops the command before any input is processed."""

    exit_code = EXIT_USAGE

    def __init__(self, error: LagebildError) -> None:
        super().__init__(str(error))


def _stderr() -> Console:
    return make_console(stderr=True, soft_wrap=True)


def _settings(config: str | None = None, **overrides: Any) -> Settings:
    try:
        return load_settings(overrides, config=config)
    except LagebildError as exc:
        raise UsageFailure(exc) from exc


@contextmanager
def _open_store(settings: Settings, *, create: bool = True) -> Iterator[Any]:
    from .store import open_store

    try:
        store = open_store(settings.db, create=create)
    except LagebildError as exc:
        raise UsageFailure(exc) from exc
    try:
        yield store
    finally:
        store.close()


def _where(settings: Settings) -> str:
    from .store import describe_url

    return describe_url(settings.db)


def _emit_json(data: Any, fmt: str) -> None:
    indent = None if fmt == "jsonl" else 2
    click.echo(json.dumps(data, ensure_ascii=False, indent=indent))


DB_HELP = "SQLite file or postgresql:// URL [default: lagebild.db, $LAGEBILD_DB, or db in lagebild.toml]."
db_option = click.option("--db", help=DB_HELP)
config_option = click.option("--config", type=click.Path(dir_okay=False),
                             help="Settings file [default: ./lagebild.toml or [tool.lagebild] in ./pyproject.toml].")
