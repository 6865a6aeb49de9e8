"""The progress line of corpus runs: shown on a terminal (or when asked), silent in pipes."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from lagebild.progress import BatchProgress, count_inputs, progress_wanted

ROOT = Path(__file__).resolve().parents[1]
LAGEBILD = [sys.executable, "-m", "lagebild"]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_shown_only_when_stderr_is_a_terminal_and_stdout_is_not() -> None:
    tty, pipe = _Tty(), io.StringIO()
    assert progress_wanted(None, tty, pipe)
    assert not progress_wanted(None, pipe, pipe)
    assert not progress_wanted(None, tty, tty)  # reports go to the same terminal: they would be torn
    assert progress_wanted(True, pipe, pipe)
    assert not progress_wanted(False, tty, pipe)


def test_counts_files_and_jsonl_lines_but_not_archives(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n{"text": "y"}\n{"text": "z"}', encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an input", encoding="utf-8")
    assert count_inputs([str(tmp_path)]) == 4
    (tmp_path / "c.warc.gz").write_bytes(b"")
    assert count_inputs([str(tmp_path)]) is None  # needs parsing: the line shows no ETA
    assert count_inputs(["-"]) is None


def test_line_reports_rate_errors_and_eta() -> None:
    stream = _Tty()
    bar = BatchProgress(stream, enabled=False)
    bar.total = 10
    for _ in range(4):
        bar.article()
    bar.failure()
    line = bar.line()
    assert line.startswith("4 articles · ")
    assert "1 errors" in line and "50% of 10" in line and "ETA " in line
    assert stream.getvalue() == ""  # disabled: nothing drawn


def test_disabled_in_pipes_and_drawn_when_forced() -> None:
    args = [*LAGEBILD, "analyze", str(ROOT / "examples" / "wikinews.jsonl"), "--no-store", "--format", "jsonl",
            "--ner-model", "fast", "--workers", "1"]
    quiet = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert quiet.returncode == 0, quiet.stderr
    assert "articles ·" not in quiet.stderr
    assert len(quiet.stdout.splitlines()) == 40
    forced = subprocess.run([*args, "--progress"], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert forced.returncode == 0
    assert "of 40" in forced.stderr and "/s" in forced.stderr
    assert [json.loads(x)["id"] for x in forced.stdout.splitlines()] == \
        [json.loads(x)["id"] for x in quiet.stdout.splitlines()]  # the data on stdout is untouched


def test_on_a_real_terminal_the_line_is_erased_before_the_summary() -> None:
    leader, follower = pty.openpty()
    proc = subprocess.Popen([*LAGEBILD, "analyze", str(ROOT / "examples" / "wikinews.jsonl"), "--no-store",
                             "--format", "jsonl", "--ner-model", "fast", "--workers", "1"],
                            stdout=subprocess.DEVNULL, stderr=follower, cwd=ROOT)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    assert proc.wait(timeout=600) == 0
    os.close(leader)
    seen = b"".join(chunks).decode("utf-8", "replace")
    assert "articles ·" in seen  # drawn on the terminal without being asked
    after_last_redraw = seen.replace("\r\n", "\n").split("\r")[-1]  # the terminal turns \n into \r\n
    assert "40 article(s) analysed" in after_last_redraw  # the summary starts on a clean line
