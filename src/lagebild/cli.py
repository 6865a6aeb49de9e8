"""The ``lagebild`` command line: a thin layer over the importable functions.

Exit codes: 0 everything worked, 1 some inputs failed (each named with its
reason on stderr, recorded in the store), 2 usage error (bad option or setting,
a database that cannot be opened).  Every command that reads or writes a store
takes ``--db`` as an SQLite path or a ``postgresql://`` URL.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from . import __version__, registry
from .cli_common import (
    EXIT_FAILURES,
    EXIT_OK,
    UsageFailure,
    _emit_json,
    _open_store,
    _settings,
    _stderr,
    _where,
    config_option,
    db_option,
)
from .cli_corpus import CORPUS_COMMANDS
from .cli_kb import export_group, kb
from .cli_search import SEARCH_COMMANDS
from .cli_spark import load, spark_options
from .cli_web import serve
from .errors import LagebildError
from .settings import DEFAULT_PIPELINE, NER_MODELS, Settings
from .terminal import make_console, print_error, print_note, print_warning, table_row


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lagebild")
def main() -> None:
    """lagebild: who said what, about whom, when and where, in German news."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--date", help="Publication date YYYY-MM-DD for inputs that carry none.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text",
              show_default=True, help="Report format on stdout.")
@db_option
@click.option("--no-store", is_flag=True, help="Do not store the results.")
@click.option("--no-corpus", is_flag=True, help="Do not update the copy and story indexes after storing.")
@click.option("--pipeline", "pipeline_names", help=f"Comma-separated component names (see `lagebild components`) "
              f"[default: {','.join(DEFAULT_PIPELINE)}].")
@click.option("--ner-model", type=click.Choice(NER_MODELS), help="NER model [default: accurate].")
@click.option("--workers", type=int, help="Worker processes [default: 0 = one per CPU core; 1 = this process].")
@click.option("--max-bytes", type=int,
              help="Largest article: a file, stdin text or one JSONL record [default: 10000000].")
@click.option("--tokens", is_flag=True, help="Include tokens (POS, lemma, mood) in JSON output.")
@click.option("--progress/--no-progress", "progress", default=None,
              help="A progress line on stderr [default: when stderr is a terminal and stdout is not].")
@click.option("--reanalyse", is_flag=True, help="Analyse inputs again even when this pipeline stored them before "
              "(by default a repeated or resumed run reports their stored analyses).")
@spark_options
@config_option
def analyze(paths: tuple[str, ...], date: str | None, fmt: str, db: str | None, no_store: bool,
            pipeline_names: str | None, ner_model: str | None, workers: int | None, max_bytes: int | None,
            tokens: bool, reanalyse: bool, no_corpus: bool, config: str | None, progress: bool | None = None,
            **engine_options: Any) -> None:
    """Analyse German articles: files, directories (recursive), or - for stdin.

    Reads .txt, .html, .jsonl and .json files.  JSONL records carry "text" or
    "html" and optionally "url", "outlet", "title", "published".
    """
    if db and no_store:
        raise click.UsageError("--db and --no-store exclude each other")
    settings = _settings(config, db=db, pipeline=pipeline_names, ner_model=ner_model, workers=workers,
                         max_bytes=max_bytes, resume=False if reanalyse else None)
    if date:
        from .dates import parse_metadata_date

        if parse_metadata_date(date) is None:
            raise click.BadParameter(f"{date!r} is not a date; use YYYY-MM-DD", param_hint="--date")
    spark_only = [flag for flag, given in (("--out", engine_options["out"]), ("--master", engine_options["master"]),
                  ("--input-format", engine_options["input_format"] != "files")) if given]
    local_only = [flag for flag, given in (("--format", fmt != "text"), ("--no-store", no_store),
                  ("--workers", workers is not None), ("--tokens", tokens)) if given]
    if engine_options["engine"] == "local" and spark_only:
        raise click.UsageError(f"{', '.join(spark_only)} only apply with --engine spark")
    if engine_options["engine"] == "spark" and local_only:
        raise click.UsageError(f"{', '.join(local_only)} only apply with --engine local (Spark writes Parquet "
                               "tables under --out; `lagebild load` stores them)")
    if engine_options["engine"] == "spark":
        from .cli_spark import analyze_with_spark

        analyze_with_spark(paths, settings, date=date, db_given=bool(db), **engine_options)
    from .batch import build_pipeline, run_batch
    from .pipeline import Failure
    from .report import print_article

    console = make_console()
    errors = _stderr()
    json_items: list[dict[str, Any]] = []

    from .progress import BatchProgress, progress_wanted

    bar = BatchProgress(sys.stderr, enabled=progress_wanted(progress, sys.stderr, sys.stdout), paths=paths)

    def on_article(article: Any, stored: bool | None) -> None:
        bar.article()
        for warning in article.meta.get("warnings", []):  # e.g. "not UTF-8; decoded as cp1252"
            print_warning(errors, article.source, warning)
        if fmt == "text":
            print_article(article, console)
            if stored is not None:
                print_note(console, f"{'stored' if stored else 'already stored'} as {article.id}")
        elif fmt == "jsonl":
            _emit_json(article.to_dict(include_tokens=tokens), fmt)
        else:
            json_items.append(article.to_dict(include_tokens=tokens))

    def on_failure(failure: Failure) -> None:
        bar.failure()
        bar.close()  # the error line must not be glued to the progress line
        print_error(errors, str(failure))

    with _store_or_none(settings, no_store) as store:
        try:
            pipeline = build_pipeline(settings, store)
        except LagebildError as exc:
            raise UsageFailure(exc) from exc
        with bar:
            result = run_batch(paths, settings, store=store, pipeline=pipeline, date=date,
                               on_article=on_article, on_failure=on_failure)
        if store is not None and not no_corpus:  # agency copies and stories of what is stored (docs/corpus.md)
            from .cli_corpus import run_corpus_update

            try:
                print_note(errors, run_corpus_update(store).summary())
            except LagebildError as exc:
                print_error(errors, exc)
    if fmt == "json":
        click.echo(json.dumps(json_items[0] if len(json_items) == 1 else json_items, ensure_ascii=False, indent=2))
    where = "" if no_store else f" into {_where(settings)}"
    skipped = f", {result.skipped} already stored (--reanalyse to redo)" if result.skipped else ""
    print_note(errors, f"{result.analysed} article(s) analysed{where}{skipped}, {result.failed} input(s) failed")
    sys.exit(EXIT_FAILURES if result.failed else EXIT_OK)


@contextmanager
def _store_or_none(settings: Settings, no_store: bool) -> Iterator[Any]:
    if no_store:
        yield None
        return
    with _open_store(settings) as store:
        yield store


@main.command()
@click.argument("article_id")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--tokens", is_flag=True, help="Include tokens in JSON output.")
@config_option
def show(article_id: str, db: str | None, fmt: str, tokens: bool, config: str | None) -> None:
    """Show a stored article by its id (or an unambiguous id prefix)."""
    settings = _settings(config, db=db)
    with _open_store(settings, create=False) as store:
        try:
            article = store.get(article_id)
        except LagebildError as exc:
            raise UsageFailure(exc) from exc
    if article is None:
        raise click.ClickException(f"no article with id {article_id!r} in {_where(settings)}; "
                                   "`lagebild list` shows the stored ids")
    if fmt == "json":
        _emit_json(article.to_dict(include_tokens=tokens), "json")
    else:
        from .report import print_article

        print_article(article, make_console())


@main.command(name="list")
@db_option
@click.option("--limit", type=click.IntRange(min=1, max=2**62), default=50, show_default=True)
@click.option("--errors", "show_errors", is_flag=True, help="List the inputs that failed instead.")
@config_option
def list_command(db: str | None, limit: int, show_errors: bool, config: str | None) -> None:
    """List stored articles (or recorded input errors)."""
    from rich.table import Table

    settings = _settings(config, db=db)
    with _open_store(settings, create=False) as store:
        if show_errors:
            table = Table("source", "code", "message", "when")
            for row in store.errors()[-limit:]:
                table.add_row(*table_row(row["source"], row["code"], row["message"], row["created"]))
        else:
            table = Table("id", "published", "outlet", "title", "sentences")
            for row in store.list_articles(limit=limit):
                table.add_row(*table_row(row["id"], row["published"], row["outlet"], row["title"], row["n_sentences"]))
    make_console().print(table)


@main.command()
def components() -> None:
    """List the registered pipeline components with the layers they read and write."""
    for name in registry.names():
        info = registry.get(name)
        default = " (default)" if name in DEFAULT_PIPELINE else ""
        click.echo(f"{info.id:28} {info.description}{default}")
        uses = f"; uses if present: {', '.join(info.uses)}" if info.uses else ""
        click.echo(f"{'':28} reads: {', '.join(info.reads) or '-'}; writes: {', '.join(info.writes)}{uses}")


@main.command()
@config_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def config(config: str | None, fmt: str) -> None:
    """Show the settings in effect and where each value comes from."""
    settings = _settings(config)
    if fmt == "json":
        _emit_json({"settings": settings.as_dict(), "origins": dict(settings.origins)}, "json")
        return
    for name, value in settings.as_dict().items():
        shown = ",".join(value) if isinstance(value, tuple) else value
        click.echo(f"{name:18} {shown!s:50} ({settings.origins.get(name, 'default')})")


@main.command()
@click.option("--speaker", required=True, help="Speaker name as shown in the report (any case) or entity id.")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@config_option
def quotes(speaker: str, db: str | None, fmt: str, config: str | None) -> None:
    """List the stored quotes of one speaker, oldest article first."""
    from rich.table import Table

    settings = _settings(config, db=db)
    with _open_store(settings, create=False) as store:
        rows = store.quotes_by_speaker(speaker)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        print_note(_stderr(), f"no quotes by {speaker!r} in {_where(settings)}", style="")
        return
    table = Table("published", "article", "type", "cue", "quote")
    for row in rows:
        cue = row["cue"]["text"] if row["cue"] else ""
        table.add_row(*table_row(row["published"], row["article_id"], row["type"], cue, row["text"]))
    make_console().print(table)


main.add_command(kb)
main.add_command(export_group)
for _search_command in SEARCH_COMMANDS:  # search, entity, timeline (lagebild.cli_search)
    main.add_command(_search_command)
main.add_command(serve)
main.add_command(load)
for corpus_command in CORPUS_COMMANDS:  # corpus update, stories, story, copies
    main.add_command(corpus_command)

if __name__ == "__main__":
    main()
