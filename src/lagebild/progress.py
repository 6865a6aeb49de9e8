"""A progress line for corpus runs: articles done, articles/s, errors and an ETA, on a terminal only.

Shown on stderr when stderr is a terminal and stdout is not (reports piped or written to a file,
or nothing printed per article), so that it never mixes into data and stays quiet in pipes and
CI logs.  The total for the ETA is counted in a background thread by a cheap pass over the
inputs (files, lines of JSONL); inputs whose count needs parsing (web archives, feeds, gzip)
leave it unknown, and the line then shows the rate without an ETA.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from .ingest import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES

_REDRAW_SECONDS = 0.25
_COUNT_CHUNK = 1 << 20


def progress_wanted(choice: bool | None, stderr: TextIO, stdout: TextIO) -> bool:
    """``--progress``/``--no-progress`` win; by default only when stderr is a terminal and stdout is not."""
    if choice is not None:
        return choice
    return _isatty(stderr) and not _isatty(stdout)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def count_inputs(paths: Iterable[str]) -> int | None:
    """Articles under ``paths`` when that is cheap to know (files, JSONL lines), else ``None``."""
    total = 0
    for name in paths:
        if name == "-":
            return None
        path = Path(name)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for file in sorted(files):
                    if file.startswith("."):
                        continue
                    count = _count_file(Path(root, file))
                    if count is None:
                        return None
                    total += count
        else:
            count = _count_file(path)
            if count is None:
                return None
            total += count
    return total


def _count_file(path: Path) -> int | None:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES or suffix in HTML_SUFFIXES:
        return 1
    if suffix in JSONL_SUFFIXES:
        return _count_lines(path)
    if suffix == "" or suffix not in {".json", ".warc", ".gz", ".rss", ".atom", ".xml"}:
        return 0  # not an input lagebild reads: skipped by the readers too
    return None


def _count_lines(path: Path) -> int | None:
    lines = 0
    last = b"\n"
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_COUNT_CHUNK):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return None
    return lines + (last != b"\n")


class BatchProgress:
    """Redraws one status line on ``stream``; a no-op when not enabled."""

    def __init__(self, stream: TextIO, *, enabled: bool, paths: Iterable[str] = ()) -> None:
        self.stream = stream
        self.enabled = enabled
        self.done = 0
        self.errors = 0
        self.skipped = 0
        self.total: int | None = None
        self._started = time.monotonic()
        self._drawn = 0.0
        self._width = 0
        if enabled:
            names = list(paths)
            threading.Thread(target=self._count, args=(names,), name="lagebild-count", daemon=True).start()

    def _count(self, paths: list[str]) -> None:
        self.total = count_inputs(paths)

    def __enter__(self) -> BatchProgress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def article(self, *, skipped: bool = False) -> None:
        self.done += 1
        self.skipped += skipped
        self._maybe_draw()

    def failure(self) -> None:
        self.errors += 1
        self._maybe_draw()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self._started, 1e-6)
        handled = self.done + self.errors
        rate = handled / elapsed
        parts = [f"{self.done:,} articles", f"{rate:,.1f}/s", f"{self.errors:,} errors"]
        if self.skipped:
            parts.append(f"{self.skipped:,} already stored")
        total = self.total
        if total and rate > 0:
            share = min(handled / total, 1.0)
            remaining = max(total - handled, 0) / rate
            parts.append(f"{share:.0%} of {total:,}")
            parts.append(f"ETA {_clock(remaining)}")
        parts.append(f"elapsed {_clock(elapsed)}")
        return " · ".join(parts)

    def _maybe_draw(self) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn < _REDRAW_SECONDS:
            return
        self._drawn = now
        self._draw(self.line())

    def _draw(self, text: str) -> None:
        padding = " " * max(self._width - len(text), 0)
        self.stream.write(f"\r{text}{padding}")
        self.stream.flush()
        self._width = len(text)

    def close(self) -> None:
        """Erase the line, so the summary printed after it starts on a clean line."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"
