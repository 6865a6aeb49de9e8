"""Data strings reach the terminal literally: no rich markup, no emoji codes, no control sequences."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.table import Table

from lagebild.model import Article, Cue, Entity, Event, Mention, Place, Quote, Removal, Sentence, Timex, Token
from lagebild.report import print_article
from lagebild.terminal import (
    data_text,
    escape_data,
    make_console,
    neutralise,
    print_error,
    print_note,
    print_warning,
    table_row,
)

CLOSE = "[/x]"
LINK = "[link=https://evil.example]click[/link]"
OSC = "\x1b]8;;http://x\x07"
BOLD = "[bold]"
HOSTILE = [CLOSE, LINK, BOLD]


def console() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(record=True, file=buffer, width=400, color_system="truecolor", force_terminal=True), buffer


def test_neutralise_makes_controls_visible() -> None:
    assert neutralise("a\x1b[31mb\x07c\rd\x9be\u202ef\ud800") == "a\\x1b[31mb\\x07c\\x0dd\\x9be\\u202ef\\ud800"
    assert neutralise("Zeile\n\tEinzug „Zitat“ – €") == "Zeile\n\tEinzug „Zitat“ – €"
    assert neutralise(None) == "" and neutralise(5) == "5"


@pytest.mark.parametrize("value", [*HOSTILE, OSC, "ends with backslash \\", ":smile: [red]x"])
def test_escape_data_prints_literally_inside_markup(value: str) -> None:
    out, buffer = console()
    out.print(f"[bold]{escape_data(value)}[/bold] after", emoji=False)
    shown = out.export_text()
    assert neutralise(value) + " after" in shown
    assert "\x1b]8" not in buffer.getvalue() and "\x07" not in buffer.getvalue()


def test_helpers_never_parse_markup() -> None:
    out, buffer = console()
    print_error(out, ValueError(f"{CLOSE} {LINK} {OSC}"))
    print_warning(out, f"/tmp/{BOLD}.txt", f"{CLOSE} warned")
    print_note(out, f"3 article(s) analysed into {LINK}.db")
    table = Table("a", "b", "c")
    table.add_row(*table_row(CLOSE, LINK, None))
    out.print(table)
    out.print(data_text(":smile:"))
    make_console(file=io.StringIO()).print(f"{escape_data(':smile:')}")
    shown = out.export_text()
    for text in (f"error {CLOSE} {LINK} \\x1b]8;;http://x\\x07", f"warning /tmp/{BOLD}.txt: {CLOSE} warned",
                 f"into {LINK}.db", ":smile:"):
        assert text in shown, text
    assert "\x1b]8;;" not in buffer.getvalue()  # no hyperlink escape reached the terminal


def hostile_article() -> Article:
    text = f"Er sagte: „{CLOSE} {LINK} {BOLD} {OSC}“. Danach ging {LINK} nach {CLOSE}."
    quote_start = text.index("„") + 1
    quote_end = text.index("“")
    article = Article(raw=text, text=text, title=f"Titel {CLOSE} {OSC}", outlet=f"Blatt {LINK}",
                      url=f"https://example.org/{BOLD}", source=f"/tmp/{CLOSE}/{LINK}.txt",
                      published="2017-07-08", claimed_source=f"dpa {BOLD}",
                      meta={"encoding": f"utf-8 {CLOSE}", "author": f"Autor {LINK}", "published_source": BOLD,
                            "warnings": [f"warnung {CLOSE} {OSC}"], "photo_credit": OSC,
                            "dateline_place": CLOSE})
    article.sentences = [Sentence(0, len(text))]
    article.tokens = [Token(m, m + 5, "VVFIN", "x", "konj1") for m in range(0, len(text) - 5, 7)]
    article.removed = [Removal(0, 4, f"weg {CLOSE} {OSC}", f"reason {BOLD}")]
    name = f"Sprecher {CLOSE}"
    article.entities = [Entity(id=f"per-{BOLD}", name=name, label="PER")]
    article.mentions = [Mention(f"Sprecher {LINK}", 0, 2, "PER", f"per-{BOLD}")]
    article.quotes = [Quote(text[quote_start:quote_end], quote_start, quote_end, "direct", f"per-{BOLD}", name,
                            Cue(f"sagte {CLOSE}", 3, 8))]
    article.timexes = [Timex(f"heute {CLOSE}", 0, 2, "DATE", f"2017 {LINK}")]
    article.places = [Place(f"Ort {CLOSE}", 0, 2, f"Name {LINK}", f"D{BOLD}", 1.5, -2.5)]
    article.events = [Event(type=f"meet {CLOSE}", trigger=Cue(f"traf {LINK}", 0, 2), actors=[f"per-{BOLD}"],
                            targets=[f"unbekannt {CLOSE}"], theme=f"Thema {OSC}", place_name=f"Ort {BOLD}",
                            time=f"2017 {CLOSE}", code=f"04 {LINK}", speaker=f"per-{BOLD}",
                            attribution="reported", sentence=0)]
    return article


def test_report_shows_hostile_data_literally() -> None:
    out, buffer = console()
    print_article(hostile_article(), out)  # before: rich.errors.MarkupError on "[/x]"
    shown = out.export_text()
    raw = buffer.getvalue()
    for fragment in (f"Titel {CLOSE} \\x1b]8;;http://x\\x07", f"Blatt {LINK}", f"https://example.org/{BOLD}",
                     f"/tmp/{CLOSE}/{LINK}.txt", f"dpa {BOLD}", f"utf-8 {CLOSE}", f"Autor {LINK}",
                     f"warnung {CLOSE}", f"weg {CLOSE}", f"reason {BOLD}", f"Sprecher {CLOSE} (1)",
                     f"sagte {CLOSE}", f"heute {CLOSE}", f"2017 {LINK}", f"Name {LINK}", f"meet {CLOSE}",
                     f"traf {LINK}", "Thema \\x1b]8;;http://x\\x07", f"reported by Sprecher {CLOSE}",
                     f"(from {BOLD})"):
        assert fragment in shown, fragment
    assert "\x1b]8;;" not in raw and "\x07" not in raw  # no OSC 8 hyperlink, no bell
    assert "evil.example" not in "".join(seg.style.link or "" for seg in out._record_buffer if seg.style)


def test_report_survives_odd_meta_types() -> None:
    article = hostile_article()
    article.meta["warnings"] = 5  # e.g. from an old store written before inputs were validated
    article.meta["author"] = {"name": CLOSE}
    out, _ = console()
    print_article(article, out)
    assert "{'name': '[/x]'}" in out.export_text()
