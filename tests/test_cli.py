"""The command line, run as a user runs it (a real subprocess, a real SQLite file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEED_PATH


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "300"}  # rich tables must not wrap the values the tests look for
    return subprocess.run([sys.executable, "-m", "lagebild", *args], input=stdin.decode() if stdin else None,
                          capture_output=True, text=True, cwd=cwd, timeout=300, env=env)


def test_analyze_seed_text_report_and_store(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    result = run("analyze", str(SEED_PATH), "--date", "2017-07-08", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "Reuters" in result.stdout
    assert "Es gehe um Sicherheitsrisiken" in result.stdout
    assert "1 article(s) analysed" in result.stderr
    again = run("analyze", str(SEED_PATH), "--db", str(db), "--format", "json")
    data = json.loads(again.stdout)
    assert data["claimed_source"] == "Reuters"
    listed = run("list", "--db", str(db))
    assert listed.stdout.count(data["id"]) == 1  # idempotent on the content hash
    shown = run("show", data["id"][:8], "--db", str(db), "--format", "json")
    assert json.loads(shown.stdout)["text"] == data["text"]


def test_bad_inputs_are_reported_and_the_rest_is_stored(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good1.txt").write_text("Berlin (dpa) - Die Regierung sagte, sie sei bereit. Gut.", "utf-8")
    (inputs / "good2.txt").write_bytes("Die Straße in Köln ist gesperrt.".encode("cp1252"))
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (inputs / "bad-utf8.txt").write_bytes(b"\xff\xfe\xfa\xfb" * 50 + b"\x00")
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # 50 MB of text
        handle.write(("Ein Satz über die Lage. " * 2_200_000).encode())
    db = tmp_path / "t.db"
    result = run("analyze", str(inputs), str(big), "--db", str(db), "--format", "jsonl")
    assert result.returncode == 1
    articles = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(articles) == 2
    assert {a["claimed_source"] for a in articles} == {"dpa", None}
    for name, code in [("empty.txt", "E101"), ("binary.txt", "E102"), ("big.txt", "E103"),
                       ("bad-utf8.txt", "E102")]:
        assert name in result.stderr and code in result.stderr, (name, result.stderr)
    assert "2 article(s) analysed" in result.stderr and "4 input(s) failed" in result.stderr
    assert "warning" in result.stderr and "good2.txt: not UTF-8; decoded as cp1252" in result.stderr
    errors = run("list", "--errors", "--db", str(db))
    assert "big.txt" in errors.stdout and "E103" in errors.stdout


def test_stdin_and_no_store(tmp_path: Path) -> None:
    result = run("analyze", "-", "--no-store", "--format", "json",
                 stdin=b"Quelle: AFP\nDer Minister sagte, er habe nichts gewusst.", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["claimed_source"] == "AFP" and data["source"] == "<stdin>"
    assert not (tmp_path / "lagebild.db").exists()


@pytest.mark.parametrize("args, message", [
    (["analyze", "x.txt", "--format", "xml"], "Invalid value for '--format'"),
    (["analyze", "x.txt", "--date", "gestern"], "is not a date"),
    (["analyze", "x.txt", "--db", "a.db", "--no-store"], "exclude each other"),
    (["analyze", "x.txt", "--pipeline", "clean,bogus"], "known components"),
    (["analyze"], "Missing argument"),
])
def test_usage_errors_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr


def test_not_a_database(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_text("this is not sqlite" * 100)
    result = run("analyze", str(SEED_PATH), "--db", str(bogus))
    assert result.returncode == 2
    assert str(bogus) in result.stderr and "E303" in result.stderr


def test_help_lists_every_documented_option() -> None:
    result = run("analyze", "--help")
    for option in ("--date", "--format", "--db", "--no-store", "--pipeline", "--max-bytes", "--tokens"):
        assert option in result.stdout
