"""Safe terminal output with rich: text from the data is shown literally, never interpreted.

Every string that comes from an input or the store (titles, outlets, URLs, quotes,
names, file paths, error messages that quote them) can contain rich markup
(``[/x]`` crashes rich with a ``MarkupError``, ``[link=...]`` makes a hyperlink),
emoji codes (``:smile:``) or terminal control sequences (``\\x1b]8;;...\\x07``
writes a hyperlink or moves the cursor; ``\\r`` overwrites what was printed).
This module is the one place that makes such strings safe:

* :func:`neutralise` turns control characters into visible ``\\xNN``/``\\uNNNN``
  forms (newline and tab stay), and so disarms ANSI/OSC escape sequences;
* :func:`escape_data` also escapes rich markup: use it for data put *into a markup
  string*, e.g. ``console.print(f"[bold]{escape_data(title)}[/bold]")``;
* :func:`data_text` gives a :class:`rich.text.Text`, which rich never parses as
  markup or emoji: prefer it for table cells and renderables;
* :func:`print_error`, :func:`print_warning`, :func:`print_note` and
  :func:`table_row` are what the command line uses.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.markup import escape as _escape_markup
from rich.text import Text

__all__ = [
    "data_text",
    "escape_data",
    "make_console",
    "neutralise",
    "print_error",
    "print_note",
    "print_warning",
    "table_row",
]

# C0 controls except tab and newline, DEL, C1 controls, lone surrogates (not encodable:
# printing one raises UnicodeEncodeError) and the bidirectional overrides/isolates that
# reorder what is shown ("Trojan Source").
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def neutralise(value: Any) -> str:
    """``str(value)`` with control characters made visible (``"\\x1b"`` -> ``"\\\\x1b"``); None is ``""``."""
    text = "" if value is None else str(value)
    return _UNSAFE.sub(_visible, text)


def escape_data(value: Any) -> str:
    """``value`` as a string that prints literally inside rich markup: controls made visible,
    markup escaped.  None is ``""``."""
    return _escape_markup(neutralise(value))


def data_text(value: Any, style: str = "") -> Text:
    """``value`` as a rich :class:`~rich.text.Text` (never parsed as markup or emoji), controls made visible."""
    return Text(neutralise(value), style=style)


def table_row(*values: Any) -> list[Text]:
    """Cells for ``Table.add_row(*table_row(...))``: each value shown literally; None is an empty cell."""
    return [value if isinstance(value, Text) else data_text(value) for value in values]


def make_console(*, stderr: bool = False, **options: Any) -> Console:
    """A console for data output: no automatic highlighting and no ``:emoji:`` replacement."""
    options.setdefault("highlight", False)
    options.setdefault("emoji", False)
    return Console(stderr=stderr, **options)


def print_error(console: Console, error: BaseException | str, *, label: str = "error") -> None:
    """``error <message>`` in red label; the message (which may quote input data) is literal."""
    console.print(Text.assemble((label, "red"), " ", data_text(error)))


def print_warning(console: Console, source: Any, text: Any) -> None:
    """``warning <source>: <text>``, both literal."""
    console.print(Text.assemble(("warning", "yellow"), " ", data_text(source), ": ", data_text(text)))


def print_note(console: Console, text: Any, *, style: str = "dim") -> None:
    """A status line (e.g. ``3 article(s) analysed into my.db``), printed literally in ``style``."""
    console.print(data_text(text, style=style))
