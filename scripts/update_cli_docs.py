"""Regenerate docs/cli.md from the commands' --help (tests/test_docs.py checks it is current).

Usage: python scripts/update_cli_docs.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "cli.md"

HEADER = """# Command-line reference

Generated from `lagebild … --help` by `python scripts/update_cli_docs.py`; `tests/test_docs.py` fails when
this page and the commands disagree.
"""


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = [prefix]
    for name in sorted(group.commands):
        command = group.commands[name]
        if isinstance(command, click.Group):
            paths += command_paths(command, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


def render() -> str:
    from lagebild.cli import main

    runner = CliRunner()
    parts = [HEADER]
    for path in command_paths(main):
        result = runner.invoke(main, [*path, "--help"], prog_name="lagebild", terminal_width=100)
        title = " ".join(("lagebild", *path))
        parts.append(f"\n## `{title}`\n\n```\n{result.output.rstrip()}\n```\n")
    return "".join(parts)


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC} is out of date: run python scripts/update_cli_docs.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
