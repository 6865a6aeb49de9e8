"""The ``lagebild`` command line: a thin layer over the importable functions.

Exit codes: 0 everything worked, 1 some inputs failed (each named with its
reason on stderr, recorded in the store), 2 usage error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console

from . import __version__, registry
from .errors import LagebildError
from .ingest import DEFAULT_MAX_BYTES, InputFailure, iter_documents
from .pipeline import DEFAULT_PIPELINE, Pipeline, article_from_document

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2


class UsageFailure(click.ClickException):
    """A LagebildError that stops the command before any input is processed."""

    exit_code = EXIT_USAGE

    def __init__(self, error: LagebildError) -> None:
        super().__init__(str(error))


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def _open_db(db: str | None, no_store: bool) -> Iterator[Any]:
    if no_store:
        yield None
        return
    from .store import Database, default_db_path

    try:
        database = Database(db or default_db_path())
    except LagebildError as exc:
        raise UsageFailure(exc) from exc
    try:
        yield database
    finally:
        database.close()


def _emit_json(data: dict[str, Any], fmt: str) -> None:
    indent = None if fmt == "jsonl" else 2
    click.echo(json.dumps(data, ensure_ascii=False, indent=indent))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lagebild")
def main() -> None:
    """lagebild: who said what, about whom, when and where, in German news."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--date", help="Publication date YYYY-MM-DD for inputs that carry none.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text",
              show_default=True, help="Report format on stdout.")
@click.option("--db", type=click.Path(dir_okay=False), help="SQLite database file [default: lagebild.db, "
              "or $LAGEBILD_DB].")
@click.option("--no-store", is_flag=True, help="Do not store the results.")
@click.option("--pipeline", "pipeline_names", default=",".join(DEFAULT_PIPELINE), show_default=True,
              help="Comma-separated component names (see `lagebild components`).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Largest single article accepted.")
@click.option("--tokens", is_flag=True, help="Include tokens (POS, lemma, mood) in JSON output.")
def analyze(paths: tuple[str, ...], date: str | None, fmt: str, db: str | None, no_store: bool,
            pipeline_names: str, max_bytes: int, tokens: bool) -> None:
    """Analyse German articles: files, directories (recursive), or - for stdin.

    Reads .txt, .html, .jsonl and .json files.  JSONL records carry "text" or
    "html" and optionally "url", "outlet", "title", "published".
    """
    if db and no_store:
        raise click.UsageError("--db and --no-store exclude each other")
    try:
        pipeline = Pipeline([n.strip() for n in pipeline_names.split(",") if n.strip()])
        if date:
            from .dates import parse_metadata_date

            if parse_metadata_date(date) is None:
                raise click.BadParameter(f"{date!r} is not a date; use YYYY-MM-DD", param_hint="--date")
    except LagebildError as exc:
        raise UsageFailure(exc) from exc
    console = Console(highlight=False)
    errors = _stderr()
    ok = failed = 0
    json_items: list[dict[str, Any]] = []
    with _open_db(db, no_store) as database, _role_store(database, pipeline.names):
        for item in iter_documents(paths, max_bytes=max_bytes):
            if isinstance(item, InputFailure):
                failed += 1
                errors.print(f"[red]error[/red] {item.error}", markup=True)
                if database is not None:
                    database.record_error(item.source, item.error.code, item.error.message)
                continue
            try:
                article = pipeline(article_from_document(item, date=date))
            except LagebildError as exc:
                failed += 1
                errors.print(f"[red]error[/red] {exc}", markup=True)
                if database is not None:
                    database.record_error(item.source, exc.code, exc.message)
                continue
            ok += 1
            for warning in article.meta.get("warnings", []):  # e.g. "not UTF-8; decoded as cp1252"
                errors.print(f"[yellow]warning[/yellow] {item.source}: {warning}", markup=True)
            stored = database.save(article) if database is not None else None
            if fmt == "text":
                from .report import print_article

                print_article(article, console)
                if stored is not None:
                    console.print(f"[dim]{'stored' if stored else 'already stored'} as {article.id}[/dim]")
            elif fmt == "jsonl":
                _emit_json(article.to_dict(include_tokens=tokens), fmt)
            else:
                json_items.append(article.to_dict(include_tokens=tokens))
    if fmt == "json":
        click.echo(json.dumps(json_items[0] if len(json_items) == 1 else json_items, ensure_ascii=False,
                              indent=2))
    where = "" if no_store else f" into {db or 'the store'}"
    errors.print(f"[dim]{ok} article(s) analysed{where}, {failed} input(s) failed[/dim]", markup=True)
    sys.exit(EXIT_FAILURES if failed else EXIT_OK)


@main.command()
@click.argument("article_id")
@click.option("--db", type=click.Path(dir_okay=False), help="SQLite database file.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--tokens", is_flag=True, help="Include tokens in JSON output.")
def show(article_id: str, db: str | None, fmt: str, tokens: bool) -> None:
    """Show a stored article by its id (or an unambiguous id prefix)."""
    with _open_db(db, False) as database:
        try:
            article = database.get(article_id)
        except LagebildError as exc:
            raise UsageFailure(exc) from exc
        if article is None:
            raise click.ClickException(f"no article with id {article_id!r} in {db or 'the store'}; "
                                       "`lagebild list` shows the stored ids")
        if fmt == "json":
            _emit_json(article.to_dict(include_tokens=tokens), "json")
        else:
            from .report import print_article

            print_article(article, Console(highlight=False))


@main.command(name="list")
@click.option("--db", type=click.Path(dir_okay=False), help="SQLite database file.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--errors", "show_errors", is_flag=True, help="List the inputs that failed instead.")
def list_command(db: str | None, limit: int, show_errors: bool) -> None:
    """List stored articles (or recorded input errors)."""
    from rich.table import Table

    with _open_db(db, False) as database:
        if show_errors:
            table = Table("source", "code", "message", "when")
            for row in database.errors()[-limit:]:
                table.add_row(row["source"], row["code"], row["message"], str(row["created"]))
        else:
            table = Table("id", "published", "outlet", "title", "sentences")
            for row in database.list_articles(limit=limit):
                table.add_row(row["id"], row["published"] or "", row["outlet"] or "", row["title"] or "",
                              str(row["n_sentences"]))
        Console().print(table)


@main.command()
def components() -> None:
    """List the registered pipeline components."""
    for name in registry.names():
        info = registry.get(name)
        default = " (default)" if name in DEFAULT_PIPELINE else ""
        click.echo(f"{info.id:28} {info.description}{default}")


@main.command()
@click.option("--speaker", required=True, help="Speaker name as shown in the report (any case) or entity id.")
@click.option("--db", type=click.Path(dir_okay=False), help="SQLite database file.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def quotes(speaker: str, db: str | None, fmt: str) -> None:
    """List the stored quotes of one speaker, oldest article first."""
    from rich.table import Table

    with _open_db(db, False) as database:
        rows = database.quotes_by_speaker(speaker)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        _stderr().print(f"no quotes by {speaker!r} in {db or 'the store'}")
        return
    table = Table("published", "article", "type", "cue", "quote")
    for row in rows:
        cue = row["cue"]["text"] if row["cue"] else ""
        table.add_row(row["published"] or "", row["article_id"], row["type"], cue, row["text"])
    Console().print(table)


@contextmanager
def _role_store(database: Any, names: list[str]) -> Iterator[None]:
    """Let the entities component use the store's imported KB and learned roles."""
    if database is None or "entities" not in names:
        yield
        return
    from .entities.component import using_store

    with using_store(database):
        yield


@main.group()
def kb() -> None:
    """The knowledge base of people and their positions (see docs/entities.md)."""


@kb.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", type=click.Path(dir_okay=False), help="SQLite database file.")
def kb_import(file: str, db: str | None) -> None:
    """Import a knowledge-base JSONL file into the store (records with a known id are replaced)."""
    from .entities.kb import read_jsonl

    try:
        records = list(read_jsonl(file))
    except LagebildError as exc:
        raise UsageFailure(exc) from exc
    with _open_db(db, False) as database:
        count = database.import_kb(records, source=file)
    _stderr().print(f"[dim]{count} knowledge-base record(s) imported into {db or 'the store'}[/dim]", markup=True)


@kb.command(name="show")
@click.argument("name")
@click.option("--db", type=click.Path(dir_okay=False), help="SQLite database file (adds its imported records).")
@click.option("--date", help="Show only positions held at this date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def kb_show(name: str, db: str | None, date: str | None, fmt: str) -> None:
    """Show knowledge-base entities by name, alias, surname or id (shipped and imported)."""
    from .entities.component import knowledge_base, using_store
    from .store import default_db_path

    no_store = db is None and not default_db_path().exists()  # don't create lagebild.db just to look
    with _open_db(db, no_store) as database, using_store(database):
        found = knowledge_base().search(name)
    if not found:
        raise click.ClickException(f"no knowledge-base entity matches {name!r}")
    records = [e.to_record() for e in found]
    if date:
        for record in records:
            record["positions"] = [p for p in record["positions"] if (p["start"] or "") <= date
                                   and (p["end"] is None or date < p["end"])]
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    from .entities.roles import ROLE_LABELS

    console = Console(highlight=False)
    for record in records:
        aliases = ", ".join([*record["aliases"]["de"], *record["aliases"]["en"]])
        console.print(f"[bold]{record['name']}[/bold]  kb:{record['id']}  {record['type']} {record['country'] or ''}")
        if aliases:
            console.print(f"  aliases: {aliases}")
        for p in record["positions"]:
            label = ROLE_LABELS.get(p["role"], p["role"])
            console.print(f"  {label} ({p['country'] or '—'}): {p['start'] or '?'} – {p['end'] or 'heute'}")


@main.group(name="export")
def export_group() -> None:
    """Export stored analyses as tables (see docs/events.md)."""


@export_group.command(name="events")
@click.option("--db", type=click.Path(dir_okay=False), help="SQLite database file.")
@click.option("--format", "fmt", type=click.Choice(["csv", "tsv", "jsonl"]), default="csv", show_default=True)
@click.option("--output", "output", default="-", show_default=True, help="Output file, or - for stdout.")
def export_events(db: str | None, fmt: str, output: str) -> None:
    """One GDELT-like row per stored event: date, actors, CAMEO code, targets, place, source."""
    from .events.export import event_rows, write_rows

    with _open_db(db, False) as database:
        def rows() -> Iterator[dict[str, Any]]:
            for article_id in database.article_ids():
                article = database.get(article_id)
                if article is not None:
                    yield from event_rows(article)

        try:
            if output == "-":
                count = write_rows(rows(), sys.stdout, fmt)
            else:
                with open(output, "w", encoding="utf-8", newline="") as out:
                    count = write_rows(rows(), out, fmt)
        except OSError as exc:
            raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from exc
    _stderr().print(f"[dim]{count} event(s) exported from {db or 'the store'}[/dim]", markup=True)
