"""Hostile data through every command that prints it: rich markup, terminal links and escapes stay literal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HOSTILE = "[/x] [link=https://evil.example]klick[/link] [bold]fett \x1b]8;;http://x\x07"


def lagebild(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "400"}
    return subprocess.run([sys.executable, "-m", "lagebild", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=env)


def test_markup_in_titles_quotes_outlets_and_paths_never_crashes_a_command(tmp_path: Path) -> None:
    text = (f"Der Minister [/x] sagte am Montag: „Das ist {HOSTILE}.“ Berlin ist groß. "
            "Sergej Lawrow sagte, die Waffenruhe gelte ab Sonntag.")
    feed = tmp_path / "[bold]feed[link=x].jsonl"  # markup in a file path too
    feed.write_text(json.dumps({"text": text, "title": f"Titel {HOSTILE}", "outlet": f"Blatt {HOSTILE}",
                                "url": "https://example.org/[/x]", "published": "2017-07-08"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    pipeline = "clean,sentences,tagger,entities,quotes,timex"
    analysed = lagebild("analyze", str(feed), "--db", db, "--pipeline", pipeline, "--workers", "1", cwd=tmp_path)
    assert analysed.returncode == 0, analysed.stderr
    assert "Traceback" not in analysed.stderr + analysed.stdout and "[/x]" in analysed.stdout
    assert "\x1b]8" not in analysed.stdout  # the terminal escape is shown, not sent
    listed = lagebild("list", "--db", db, cwd=tmp_path)
    assert listed.returncode == 0 and "[/x]" in listed.stdout and "Traceback" not in listed.stderr
    article_id = json.loads(lagebild("analyze", str(feed), "--db", db, "--pipeline", pipeline, "--format", "json",
                                     cwd=tmp_path).stdout)["id"]
    shown = lagebild("show", article_id, "--db", db, cwd=tmp_path)
    assert shown.returncode == 0 and "[link=https://evil.example]" in shown.stdout
    quotes = lagebild("quotes", "--speaker", "Sergej Lawrow", "--db", db, cwd=tmp_path)
    assert quotes.returncode == 0 and "Traceback" not in quotes.stderr
    missing = lagebild("quotes", "--speaker", "[/x]", "--db", db, cwd=tmp_path)
    assert missing.returncode == 0 and "[/x]" in missing.stderr
    errors = lagebild("list", "--errors", "--db", db, cwd=tmp_path)
    assert errors.returncode == 0
    kb = lagebild("kb", "show", "[/x]", "--db", db, cwd=tmp_path)
    assert kb.returncode in (0, 1) and "Traceback" not in kb.stderr


def test_a_huge_limit_is_a_usage_error_not_an_overflow(tmp_path: Path) -> None:
    result = lagebild("list", "--limit", "9223372036854775808", "--db", str(tmp_path / "c.db"), cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "--limit" in result.stderr
