"""The human-readable report of ``lagebild analyze --format text`` and ``lagebild show`` (rich).

Every string from the data (title, outlet, URL, source path, text, quotes, names,
meta values, ...) reaches rich as a :class:`~rich.text.Text` made by
:func:`lagebild.terminal.data_text`: never parsed as markup or emoji, control
characters (ANSI/OSC escapes) shown as ``\\xNN``.  Plain ``str`` is used only for
fixed labels and numbers.
"""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .model import Article, Event
from .terminal import data_text, table_row

MOOD_STYLE = {"konj1": "bold magenta", "konj2": "magenta", "imp": "cyan"}
MOOD_NAME = {"ind": "indicative", "konj1": "Konjunktiv I", "konj2": "Konjunktiv II", "imp": "imperative"}


def _metadata(article: Article) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    published = article.published or "—"
    if article.published and article.meta.get("published_source"):
        published += f"  (from {article.meta['published_source']})"
    rows: list[tuple[str, Text]] = [(key, data_text(value)) for key, value in (
        ("id", article.id),
        ("title", article.title or "—"),
        ("outlet", article.outlet or "—"),
        ("url", article.url or "—"),
        ("published", published),
        ("claimed source", article.claimed_source or "—"),
        ("input", article.source or "—"),
        ("encoding", article.meta.get("encoding", "—")),
        ("size", f"{len(article.raw):,} chars raw, {len(article.text):,} clean, "
                 f"{len(article.sentences)} sentences, {len(article.tokens)} tokens"),
        ("pipeline", ", ".join(article.components) or "—"),
    )]
    for key in ("author", "photo_credit", "dateline_place"):
        if article.meta.get(key):
            rows.append((key.replace("_", " "), data_text(article.meta[key])))
    warnings = article.meta.get("warnings", [])
    for warning in warnings if isinstance(warnings, list) else [warnings]:
        rows.append(("warning", data_text(warning, style="yellow")))
    for key, value in rows:
        table.add_row(key, value)
    return table


def _removed(article: Article) -> RenderableType:
    table = Table(title="Removed by cleaning (raw offsets)", title_justify="left", expand=False)
    table.add_column("reason", style="yellow")
    table.add_column("raw span", justify="right")
    table.add_column("text")
    for item in article.removed:
        table.add_row(*table_row(item.reason, f"{item.start}–{item.end}", item.text.strip()[:80]))
    return table


def _sentences(article: Article) -> RenderableType:
    table = Table(title="Sentences (Konjunktiv I in bold magenta, II in magenta)", title_justify="left",
                  show_header=False, expand=True)
    table.add_column(justify="right", style="dim", width=4)
    table.add_column(ratio=1)
    tokens = article.tokens
    index = 0
    for number, sentence in enumerate(article.sentences, start=1):
        line = Text()
        cursor = sentence.start
        while index < len(tokens) and tokens[index].start < sentence.end:
            token = tokens[index]
            index += 1
            if token.start < sentence.start:
                continue
            line.append_text(data_text(article.text[cursor:token.start]))
            line.append_text(data_text(article.text[token.start:token.end], MOOD_STYLE.get(token.mood or "", "")))
            cursor = token.end
        line.append_text(data_text(article.text[cursor:sentence.end]))
        table.add_row(str(number), line)
    return table


def _quotes(article: Article) -> RenderableType:
    """Quotes grouped by speaker (entity id when known, else name), speakers in order of first quote."""
    by_speaker: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    labels: dict[str, str] = {}
    for quote in article.quotes:
        key = quote.speaker or quote.speaker_name or ""
        labels.setdefault(key, quote.speaker_name or quote.speaker or "(unknown speaker)")
        by_speaker[key].append((quote.type, quote.cue.text if quote.cue else "", " ".join(quote.text.split())))
    parts: list[RenderableType] = []
    for key, rows in by_speaker.items():
        parts.append(data_text(f"{labels[key]} ({len(rows)})", style="bold"))
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(style="dim", no_wrap=True)
        table.add_column(style="cyan")
        table.add_column(ratio=1)
        for kind, cue, text in rows:
            table.add_row(*table_row("  " + kind, cue, text))
        parts.append(table)
    return Panel(Group(*parts), title="Quotes by speaker", title_align="left")


def _span_table(title: str, columns: list[str], rows: list[list[str]]) -> Table:
    """A table of data strings (shown literally); ``title`` and ``columns`` are fixed labels."""
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*table_row(*row))
    return table


def render(article: Article) -> RenderableType:
    """The whole report of one article; sections appear when their extractor has results."""
    parts: list[RenderableType] = [Panel(_metadata(article), title="Article", title_align="left")]
    if article.removed:
        parts.append(_removed(article))
    parts.append(_sentences(article))
    if article.entities:
        parts.append(_span_table("Entities", ["id", "name", "label", "mentions"], [
            [e.id, e.name, e.label, ", ".join(sorted({m.text for m in article.mentions if m.entity == e.id}))]
            for e in article.entities]))
        described = [(e, sorted({m.text for m in article.mentions if m.entity == e.id and m.kind == "nominal"}))
                     for e in article.entities]
        if any(texts for _e, texts in described):  # who "der Minister" is: the descriptions used for each entity
            parts.append(_span_table("Descriptions", ["name", "label", "descriptions"],
                                     [[e.name, e.label, ", ".join(texts)] for e, texts in described if texts]))
    if article.quotes:
        parts.append(_quotes(article))
    if article.timexes:
        parts.append(_span_table("Time expressions", ["text", "type", "value"],
                                 [[t.text, t.type, t.value] for t in article.timexes]))
    if article.places:
        parts.append(_span_table("Places", ["text", "name", "country", "lat", "lon"], [
            [p.text, p.name, p.country_code or "", f"{p.lat:.2f}" if p.lat is not None else "",
             f"{p.lon:.2f}" if p.lon is not None else ""] for p in article.places]))
    if article.events:
        names = {entity.id: entity.name for entity in article.entities}

        def who(ids: list[str]) -> str:
            return ", ".join(names.get(i, i) for i in ids)

        def how(e: Event) -> str:
            said = f"reported by {names.get(e.speaker, e.speaker)}" if e.speaker else (
                "reported" if e.attribution == "reported" else "")
            return ", ".join(x for x in (e.modality, "negated" if e.polarity == "negative" else "", said) if x)

        parts.append(_span_table("Events", ["type", "trigger", "actors", "targets", "theme", "place", "time",
                                            "how"], [
            [f"{e.type} ({e.code})" if e.code else e.type, e.trigger.text, who(e.actors), who(e.targets),
             e.theme or "", e.place_name or e.place or "",
             e.time or "" if not e.start_time else f"{e.time or ''} (from {e.start_time})", how(e)]
            for e in article.events]))
    return Group(*parts)


def print_article(article: Article, console: Console) -> None:
    console.print(render(article))
    console.print()
