"""``lagebild corpus update``, ``lagebild stories``, ``lagebild story ID``, ``lagebild copies ID`` and
``lagebild export articles|mentions|quotes|stories`` (added to the ``export`` group of :mod:`lagebild.cli_kb`).

Thin commands over :mod:`lagebild.corpus.update` and :mod:`lagebild.corpus.story_views`; every string
from the store is shown literally (:mod:`lagebild.terminal`).  JSON output is what the API serves.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from .cli_common import UsageFailure, _open_store, _settings, _stderr, _where, config_option, db_option
from .cli_kb import export_group
from .errors import LagebildError
from .terminal import data_text, make_console, neutralise, print_note, table_row

__all__ = ["CORPUS_COMMANDS", "corpus_group", "run_corpus_update", "write_table_export"]


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def _dump(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def run_corpus_update(store: Any, *, quiet: bool = False) -> Any:
    """Run :func:`update_corpus` on an open store, with a progress line on a terminal (stderr)."""
    from .corpus.update import update_corpus

    console = _stderr()
    show = not quiet and console.is_terminal

    def progress(done: int, total: int) -> None:
        if show:
            console.print(Text(f"corpus: {done}/{total} article(s) indexed", style="dim"), end="\r")

    return update_corpus(store, progress=progress)


@click.group(name="corpus")
def corpus_group() -> None:
    """Agency copies and stories across the stored articles (see docs/corpus.md)."""


@corpus_group.command(name="update")
@db_option
@click.option("--rebuild", is_flag=True, help="Forget the stored copy and story indexes and index every article again.")
@config_option
def corpus_update(db: str | None, rebuild: bool, config: str | None) -> None:
    """Add the stored articles not yet indexed to the copy and story indexes (resumable, idempotent)."""
    settings = _settings(config, db=db)
    with _open_store(settings, create=False) as store:
        try:
            if rebuild:
                store.reset_corpus()
            report = run_corpus_update(store)
        except LagebildError as exc:
            raise UsageFailure(exc) from exc
    print_note(_stderr(), f"{report.summary()} in {_where(settings)}")


@click.command(name="stories")
@db_option
@click.option("--from", "date_from", callback=_iso_date, help="Stories seen on or after this date (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=_iso_date, help="Stories seen on or before this date (YYYY-MM-DD).")
@click.option("--outlet", help="Only stories with an article of this outlet.")
@click.option("--entity", help="Only stories naming this entity (id or name).")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@config_option
def stories_command(db: str | None, date_from: str | None, date_to: str | None, outlet: str | None,
                    entity: str | None, limit: int, fmt: str, config: str | None) -> None:
    """List stories (one news event reported by several outlets), latest first."""
    from .corpus.story_views import list_stories

    settings = _settings(config, db=db)
    with _open_store(settings, create=False) as store:
        found = list_stories(store, date_from=date_from, date_to=date_to, outlet=outlet, entity=entity, limit=limit)
    if fmt == "json":
        _dump(found)
        return
    table = Table("story", "title", "first seen", "last seen", "articles", "outlets", "top entities")
    for column in table.columns:
        column.overflow = "fold"
    for story in found:
        entities = ", ".join(e["name"] for e in story["top_entities"][:3])
        table.add_row(*table_row(story["id"], story["title"], story["first_seen"], story["last_seen"],
                                 story["articles"], ", ".join(list(story["outlets"])[:4]), entities))
    make_console().print(table)
    print_note(_stderr(), f"{len(found)} story(ies) in {_where(settings)}")


def _print_story(view: dict[str, Any]) -> None:
    console = make_console()
    console.print(Text.assemble(("story ", "bold"), data_text(view["id"]), "  ", data_text(view["title"], "bold")))
    console.print(data_text(f"{view['first_seen'] or '?'} – {view['last_seen'] or '?'}, {view['article_count']} "
                            f"article(s) from {len(view['outlets'])} outlet(s)"))
    if view["top_entities"]:
        console.print(data_text("entities: " + ", ".join(e["name"] for e in view["top_entities"][:8])))
    if view["places"]:
        console.print(data_text("places: " + ", ".join(list(view["places"])[:8])))
    quote_ids = {q["id"]: q for q in view["quotes"]}
    table = Table("outlet", "published", "claimed source", "from copies", "shared", "own", "quotes",
                  "left out", title="outlets side by side")
    for item in view["comparison"]:
        table.add_row(*table_row(item["outlet"], (item["published"] or "")[:10],
                                 item["claimed_source"] or "–", _percent(item["copied_share"]),
                                 _percent(item["shared_share"]), len(item["own_additions"]), len(item["quotes"]),
                                 len(item["left_out"])))
    console.print(table)
    outlet_of = {a["id"]: a["outlet"] for a in view["articles"]}
    for item in view["comparison"]:
        console.print(Text.assemble("\n", ("■ ", "cyan"), data_text(item["outlet"] or item["article_id"], "bold"),
                                    "  ", data_text(item["article_id"], "dim"), "  ", data_text(item["title"])))
        for source in item["sources"][:3]:
            claim = " (its claimed source)" if source["matches_claim"] else ""
            console.print(data_text(f"  {_percent(source['coverage'])} of the text shared with "
                                    f"{outlet_of.get(source['other_id']) or source['other_id']}{claim}"))
        for own in item["own_statements"]:
            marker = "OWN " if own["status"] == "own" else "PART"
            console.print(Text.assemble(("  ⚑ " + marker + " ", "yellow"), data_text(" ".join(own["text"].split()))))
        for quote_id in item["left_out"][:5]:
            quote = quote_ids.get(quote_id)
            if quote:
                speaker = quote["speaker_name"] or "?"
                console.print(Text.assemble(("  − leaves out ", "magenta"), data_text(f"{speaker}: {quote['text']}")))
    if view["related"]:
        console.print(Text("\nrelated stories", style="bold"))
        for related in view["related"]:
            console.print(data_text(f"  {related['id']}  {related['title'] or ''}  ({related['score']:.2f})"))
    if view["compared"] < view["article_count"]:
        print_note(console, f"outlet comparison of the first {view['compared']} of {view['article_count']} articles")


@click.command(name="story")
@click.argument("story_id")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@config_option
def story_command(story_id: str, db: str | None, fmt: str, config: str | None) -> None:
    """One story: outlets side by side — shared and own statements (own additions flagged), quotes carried
    or left out, claimed source and the share of text from an agency copy."""
    from .corpus.story_views import story_view

    settings = _settings(config, db=db)
    with _open_store(settings, create=False) as store:
        try:
            view = story_view(store, story_id)
        except LagebildError as exc:
            raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        _dump(view)
    else:
        _print_story(view)


@click.command(name="copies")
@click.argument("article_id")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@config_option
def copies_command(article_id: str, db: str | None, fmt: str, config: str | None) -> None:
    """The agency copies / near-duplicates of one stored article, with the shared passages."""
    from .corpus.story_views import copies_view

    settings = _settings(config, db=db)
    with _open_store(settings, create=False) as store:
        try:
            view = copies_view(store, article_id)
        except LagebildError as exc:
            raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        _dump(view)
        return
    console = make_console()
    console.print(Text.assemble(("article ", "bold"), data_text(view["id"]), "  ", data_text(view["outlet"]),
                                "  ", data_text(view["title"], "bold")))
    group = view["copy_group"]
    console.print(data_text(f"story {view['story'] or '–'}; copy group {group['group_id'] if group else '–'} "
                            f"({len(group['members']) if group else 0} member(s))"))
    table = Table("other", "outlet", "published", "claimed source", "shares of this text", "containment", "jaccard")
    for column in table.columns:
        column.overflow = "fold"
    for link in view["copies"]:
        table.add_row(*table_row(link["other_id"], link["outlet"], (link["published"] or "")[:10],
                                 link["claimed_source"] or "–", _percent(link["coverage"]),
                                 f"{link['containment']:.2f}", f"{link['jaccard']:.2f}"))
    console.print(table)
    for link in view["copies"][:1]:
        for passage in link["shared_text"][:5]:
            console.print(Text.assemble(("  ▌ ", "cyan"), data_text(" ".join(passage.split())[:300])))
    if not view["copies"]:
        print_note(_stderr(), "no copies of this article in the corpus (run `lagebild corpus update` first?)")
    sys.stdout.flush()


CORPUS_COMMANDS = (corpus_group, stories_command, story_command, copies_command)


# --- exports of whole tables (registered on `lagebild export`, next to `export events`) -------------------


def write_table_export(kind: str, rows: Any, fmt: str, output: str, escape_formulas: bool) -> int:
    """Write an export to ``output`` (``-``: stdout; Parquet needs a file); a coded error for a missing pyarrow."""
    from .exports import write_export

    try:
        if fmt == "parquet":
            if output == "-":
                raise click.UsageError("--format parquet needs --output FILE (Parquet is not written to a pipe)")
            return write_export(rows, kind, fmt, path=output)
        if output == "-":
            return write_export(rows, kind, fmt, out=sys.stdout, escape_formulas=escape_formulas)
        with open(output, "w", encoding="utf-8", newline="") as out:
            return write_export(rows, kind, fmt, out=out, escape_formulas=escape_formulas)
    except LagebildError as exc:
        raise UsageFailure(exc) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write {neutralise(output)}: {exc.strerror or exc}") from exc


SINGULAR = {"articles": "article", "mentions": "mention", "quotes": "quote", "stories": "story"}


def _export_command(kind: str) -> click.Command:
    @click.command(name=kind, help=f"Every stored {SINGULAR[kind]} as one row (JSONL, CSV or Parquet; no row cap).")
    @db_option
    @click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl",
                  show_default=True)
    @click.option("--output", "output", default="-", show_default=True,
                  help="Output file, or - for stdout (not for Parquet).")
    @click.option("--no-escape-formulas", is_flag=True,
                  help="CSV: write cells starting with = + - @ as they are (by default they get a leading ').")
    @config_option
    def command(db: str | None, fmt: str, output: str, no_escape_formulas: bool, config: str | None) -> None:
        from .exports import export_rows

        settings = _settings(config, db=db)
        with _open_store(settings, create=False) as store:
            count = write_table_export(kind, export_rows(store, kind), fmt, output, not no_escape_formulas)
        print_note(_stderr(), f"{count} {SINGULAR[kind]}(s) exported from {_where(settings)}")

    return command


for _kind in ("articles", "mentions", "quotes", "stories"):
    export_group.add_command(_export_command(_kind))
