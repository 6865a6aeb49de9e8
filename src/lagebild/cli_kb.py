"""``lagebild kb`` (knowledge base, learned roles) and ``lagebild export`` commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

import click

from .cli_common import UsageFailure, _open_store, _settings, _stderr, _where, config_option, db_option
from .errors import LagebildError
from .terminal import escape_data, make_console, neutralise, print_note


@click.group()
def kb() -> None:
    """The knowledge base of people and their positions (see docs/entities.md)."""


@kb.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@db_option
@config_option
def kb_import(file: str, db: str | None, config: str | None) -> None:
    """Import a knowledge-base JSONL file into the store (records with a known id are replaced)."""
    from .entities.kb import read_jsonl

    settings = _settings(config, db=db)
    try:
        records = list(read_jsonl(file))
    except LagebildError as exc:
        raise UsageFailure(exc) from exc
    with _open_store(settings) as store:
        count = store.import_kb(records, source=file)
    print_note(_stderr(), f"{count} knowledge-base record(s) imported into {_where(settings)}")


@kb.command(name="learn-roles")
@db_option
@config_option
def kb_learn_roles(db: str | None, config: str | None) -> None:
    """Collect the roles stored articles state for people into a new learned-roles layer.

    Later `lagebild analyze --db …` runs use the newest layer to resolve role
    descriptions ("der ukrainische Präsident") in articles that do not name the
    person; articles analysed before keep their results until analysed again.
    """
    from .corpus.roles import learn_roles

    settings = _settings(config, db=db)
    with _open_store(settings, create=False) as store:
        layer = learn_roles(store)
    print_note(_stderr(), f"learned-roles layer {layer.version}: {len(layer)} role fact(s) from {_where(settings)}")


@kb.command(name="show")
@click.argument("name")
@db_option
@click.option("--date", help="Show only positions held at this date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@config_option
def kb_show(name: str, db: str | None, date: str | None, fmt: str, config: str | None) -> None:
    """Show knowledge-base entities by name, alias, surname or id (shipped and imported)."""
    from .resources import Resources
    from .store import StoreError, open_store

    settings = _settings(config, db=db)
    try:  # don't create lagebild.db just to look
        store = open_store(settings.db, create=False)
    except StoreError:
        store = None
    try:
        found = Resources.from_store(store).knowledge_base.search(name)
    finally:
        if store is not None:
            store.close()
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

    console = make_console()
    for record in records:
        aliases = ", ".join([*record["aliases"]["de"], *record["aliases"]["en"]])
        name, kb_id, kind = (escape_data(record[k]) for k in ("name", "id", "type"))
        console.print(f"[bold]{name}[/bold]  kb:{kb_id}  {kind} {escape_data(record['country'] or '')}")
        if aliases:
            console.print(f"  aliases: {escape_data(aliases)}")
        for p in record["positions"]:
            label = ROLE_LABELS.get(p["role"], p["role"])
            held = f"{p['start'] or '?'} – {p['end'] or 'heute'}"
            console.print(escape_data(f"  {label} ({p['country'] or '—'}): {held}"))


@click.group(name="export")
def export_group() -> None:
    """Export stored analyses as tables (see docs/events.md)."""


@export_group.command(name="events")
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "tsv", "jsonl", "parquet"]), default="csv",
              show_default=True)
@click.option("--output", "output", default="-", show_default=True, help="Output file, or - for stdout.")
@click.option("--no-escape-formulas", is_flag=True,
              help="Write cells starting with = + - @ as they are (by default they get a leading ' so that "
                   "spreadsheets do not run them as formulas).")
@config_option
def export_events(db: str | None, fmt: str, output: str, no_escape_formulas: bool, config: str | None) -> None:
    """One GDELT-like row per stored event: date, actors, CAMEO code, targets, place, source."""
    from .events.export import event_rows, write_rows
    from .resources import Resources

    settings = _settings(config, db=db)
    with _open_store(settings, create=False) as store:
        knowledge = Resources.from_store(store, use_kb=settings.use_store_kb).knowledge_base

        def rows() -> Iterator[dict[str, Any]]:
            for article in store.iter_articles():
                yield from event_rows(article, knowledge)

        try:
            if fmt == "parquet":  # streamed in row groups (lagebild/exports.py)
                from .cli_corpus import write_table_export

                count = write_table_export("events", rows(), fmt, output, True)
            elif output == "-":
                count = write_rows(rows(), sys.stdout, fmt, escape_formulas=not no_escape_formulas)
            else:
                with open(output, "w", encoding="utf-8", newline="") as out:
                    count = write_rows(rows(), out, fmt, escape_formulas=not no_escape_formulas)
        except OSError as exc:
            raise click.ClickException(f"cannot write {neutralise(output)}: {exc.strerror or exc}") from exc
    print_note(_stderr(), f"{count} event(s) exported from {_where(settings)}")
