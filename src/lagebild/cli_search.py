"""``lagebild search``, ``lagebild entity`` and ``lagebild timeline``: full-text search and corpus views.

Thin: the work is :meth:`Store.search <lagebild.store.search_sql.SearchSQL.search>` and the functions of
:mod:`lagebild.corpus.views`.  Text output shows article text literally (``lagebild.terminal``): matches are
highlighted by style, never by markup built from the text.
"""

from __future__ import annotations

from typing import Any

import click
from rich.table import Table
from rich.text import Text

from .cli_common import UsageFailure, _emit_json, _open_store, _settings, config_option, db_option
from .errors import LagebildError
from .terminal import data_text, make_console, table_row

FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
DATE_FROM = click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Published on or after this day.")
DATE_TO = click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Published on or before this day.")
MATCH_STYLE = "bold reverse"


def _run(config: str | None, db: str | None, work: Any) -> Any:
    """``work(store)`` on the configured store; a coded error becomes a usage failure (exit 2)."""
    settings = _settings(config, db=db)
    with _open_store(settings, create=False) as store:
        try:
            return work(store)
        except LagebildError as exc:
            raise UsageFailure(exc) from exc


@click.command()
@click.argument("query", required=False, default="")
@DATE_FROM
@DATE_TO
@click.option("--outlet", help="Only articles this outlet published.")
@click.option("--entity", help="Only articles that name this entity (id or name).")
@click.option("--speaker", help="Only articles with a quote of this speaker (id or name, any case).")
@click.option("--place", help="Only articles that name this place.")
@click.option("--event-type", help="Only articles with an event of this type (e.g. meet, attack).")
@click.option("--story", help="Only articles of this story (id).")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help="Hits per page.")
@click.option("--cursor", help="Continue after the page that printed this cursor.")
@db_option
@FORMAT
@config_option
def search(query: str, date_from: str | None, date_to: str | None, outlet: str | None, entity: str | None,
           speaker: str | None, place: str | None, event_type: str | None, story: str | None, limit: int,
           cursor: str | None, db: str | None, fmt: str, config: str | None) -> None:
    """Search the stored articles (German word forms match: Waffenruhe finds Waffenruhen).

    QUERY: words (all must occur), "a phrase", a OR b, -excluded, prefix*.  Without QUERY: the newest
    articles that pass the filters.
    """
    from .corpus.search import SearchQuery

    request = SearchQuery(q=query, date_from=date_from, date_to=date_to, outlet=outlet, entity=entity,
                          speaker=speaker, place=place, event_type=event_type, story=story, limit=limit,
                          cursor=cursor)
    page = _run(config, db, lambda store: store.search(request))
    if fmt == "json":
        _emit_json(page.to_dict(), "json")
        return
    console = make_console()
    console.print(Text(f"{page.total} matching article(s)", style="bold"))
    for number, hit in enumerate(page.hits, start=1):
        heading = Text.assemble(f"{number}. ", data_text(hit.title or "(no title)", "bold"), "  ",
                                data_text(" · ".join(v for v in (hit.outlet, (hit.published or "")[:10]) if v),
                                          "dim"), "  ", data_text(hit.article_id, "cyan"))
        console.print(heading)
        snippet = Text("   ")
        for text, matched in hit.snippet:
            snippet.append_text(data_text(text, MATCH_STYLE if matched else ""))
        console.print(snippet)
    for name, values in page.facets.items():
        if not values:
            continue
        shown = values if name != "date" else values[-10:]
        about = "≈" if page.facets_estimated else ""
        labels = [f"{page.names.get(value, value)} ({about}{count})" for value, count in shown]
        console.print(Text.assemble((f"{name}: ", "bold"), data_text(", ".join(labels))))
    if page.next_cursor:
        console.print(Text.assemble(("next page: --cursor ", "dim"), data_text(page.next_cursor)))


@click.command()
@click.argument("name_or_id")
@DATE_FROM
@DATE_TO
@db_option
@FORMAT
@config_option
def entity(name_or_id: str, date_from: str | None, date_to: str | None, db: str | None, fmt: str,
           config: str | None) -> None:
    """Show one entity: mentions per day, the descriptions articles used for it, roles, quotes by and about
    it, and who appears with it.  NAME_OR_ID: an entity id, a name, or part of a name."""
    from .corpus.views import entity_page

    page = _run(config, db, lambda store: entity_page(store, name_or_id, date_from=date_from, date_to=date_to))
    if fmt == "json":
        _emit_json(page, "json")
        return
    console = make_console()
    console.print(Text.assemble(data_text(page["name"], "bold"), "  ", data_text(page["type"]), "  ",
                                data_text(page["id"], "cyan")))
    console.print(data_text(f"{page['articles']} article(s), {page['mentions']} mention(s)"))
    roles = page["roles"]
    for position in roles["kb"]:
        console.print(data_text(f"role (knowledge base): {position['role']} {position['country'] or ''} "
                                f"{position['start'] or '?'} – {position['end'] or 'now'}"))
    for role in roles["learned"]:
        console.print(data_text(f"role (articles): {role['role']} {role['country'] or ''} "
                                f"{role['first'] or '?'} – {role['last'] or '?'} in {len(role['articles'])} "
                                "article(s)"))
    _table(console, "descriptions used for it", ("published", "outlet", "article", "description"),
           [((d["published"] or "")[:10], d["outlet"], d["article_id"], d["text"]) for d in page["descriptions"]])
    for key, title in (("quotes_by", "quotes by it"), ("quotes_about", "quotes about it")):
        _table(console, title, ("published", "outlet", "speaker", "quote"),
               [((q["published"] or "")[:10], q["outlet"], q["speaker_name"], q["text"]) for q in page[key]])
    _table(console, "appears with", ("entity", "type", "articles"),
           [(c["name"], c["type"], c["articles"]) for c in page["cooccurring"]])
    _table(console, "mentions per day", ("day", "mentions"),
           [(d["day"], d["count"]) for d in page["mentions_per_day"]])


def _table(console: Any, title: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    table = Table(*columns, title=title, title_justify="left")
    for row in rows:
        table.add_row(*table_row(*row))
    console.print(table)


@click.command()
@click.argument("query", required=False, default="")
@DATE_FROM
@DATE_TO
@click.option("--outlet", help="Only articles this outlet published.")
@click.option("--entity", help="Only articles that name this entity (id or name).")
@db_option
@FORMAT
@config_option
def timeline(query: str, date_from: str | None, date_to: str | None, outlet: str | None, entity: str | None,
             db: str | None, fmt: str, config: str | None) -> None:
    """Matching articles per day, and their share of all articles of that day."""
    from .corpus.views import timeline as make_timeline

    days = _run(config, db, lambda store: make_timeline(store, q=query, date_from=date_from, date_to=date_to,
                                                        outlet=outlet, entity=entity))
    if fmt == "json":
        _emit_json(days, "json")
        return
    peak = max((d["count"] for d in days), default=0) or 1
    _table(make_console(), f"{sum(d['count'] for d in days)} matching article(s)",
           ("day", "matching", "all", "share", ""),
           [(d["day"], d["count"], d["total"], f"{d['share']:.1%}", "█" * round(20 * d["count"] / peak))
            for d in days])


SEARCH_COMMANDS = (search, entity, timeline)
