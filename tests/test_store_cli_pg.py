"""The command line on PostgreSQL gives what it gives on SQLite.

The example corpus is analysed into a fresh PostgreSQL database and into an SQLite file with the same
command, then ``list``, ``show``, ``quotes``, ``export events`` and ``kb learn-roles`` run on both (each a
``python -m lagebild.cli`` subprocess in a temp dir); their outputs must be identical except for the store's
name in messages and the order of ``list`` rows stored in the same instant.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from lagebild.store import describe_url
from tests.pgserver import url_with_database

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "wikinews.jsonl"
PIPELINE = "clean,sentences,tagger,ner,entities,geo,quotes,timex,events"
WHERE = "<store>"


@dataclass
class Backend:
    name: str
    url: str
    cwd: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "LAGEBILD_NER_MODEL": "fast", "COLUMNS": "250", "NO_COLOR": "1",
               "PYTHONPATH": str(ROOT / "src")}
        env.pop("LAGEBILD_DB", None)
        return subprocess.run([sys.executable, "-m", "lagebild.cli", *args], cwd=self.cwd, env=env, text=True,
                              capture_output=True, timeout=600, check=False, stdin=subprocess.DEVNULL)

    def ok(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a command with ``--db`` of this backend; it must succeed.  Messages name the store as <store>."""
        proc = self.run(*args, "--db", self.url)
        assert proc.returncode == 0, f"{self.name}: lagebild {' '.join(args)} failed:\n{proc.stderr}"
        return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout,
                                           proc.stderr.replace(describe_url(self.url), WHERE))


@pytest.fixture(scope="module")
def backends(pg_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Backend]]:
    """Both stores, analysed with the same command (one PostgreSQL database for the module)."""
    import psycopg
    from psycopg import sql

    name = "lagebild_t_cli_" + secrets.token_hex(4)
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    try:
        work = tmp_path_factory.mktemp("cli")
        both = {"sqlite": Backend("sqlite", str(work / "sqlite" / "corpus.db"), work / "sqlite"),
                "postgres": Backend("postgres", url_with_database(pg_url, name), work / "postgres")}
        for backend in both.values():
            backend.cwd.mkdir()
        yield both
    finally:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def analysed(backends: dict[str, Backend]) -> dict[str, subprocess.CompletedProcess[str]]:
    return {name: backend.ok("analyze", str(EXAMPLES), "--pipeline", PIPELINE, "--format", "jsonl")
            for name, backend in backends.items()}


def same(outputs: dict[str, Any]) -> Any:
    """The one value both backends gave (asserted equal)."""
    assert outputs["postgres"] == outputs["sqlite"]
    return outputs["sqlite"]


def test_analyze_reports_the_same(analysed: dict[str, subprocess.CompletedProcess[str]]) -> None:
    stdout = same({name: proc.stdout for name, proc in analysed.items()})
    assert len(stdout.splitlines()) == 40
    stderr = same({name: proc.stderr for name, proc in analysed.items()})
    assert f"40 article(s) analysed into {WHERE}, 0 input(s) failed" in stderr


def test_list_shows_the_same_articles(backends: dict[str, Backend], analysed: Any) -> None:
    listed = {name: backend.ok("list").stdout for name, backend in backends.items()}
    # Articles stored in one batch share their `created` stamp; compare the rows, not their order.
    rows = same({name: sorted(out.splitlines()) for name, out in listed.items()})
    ids = {json.loads(line)["id"] for line in analysed["sqlite"].stdout.splitlines()}
    assert sum(1 for row in rows if any(i in row for i in ids)) == 40
    assert same({name: len(out.splitlines()) for name, out in listed.items()}) == len(rows)


def test_show_gives_the_same_json(backends: dict[str, Backend], analysed: Any) -> None:
    first = json.loads(analysed["sqlite"].stdout.splitlines()[0])
    shown = same({name: json.loads(backend.ok("show", first["id"][:8], "--format", "json").stdout)
                  for name, backend in backends.items()})
    assert shown == first
    assert same({name: json.loads(backend.ok("show", first["id"], "--format", "json", "--tokens").stdout)
                 for name, backend in backends.items()})["tokens"]


def test_quotes_of_a_speaker_are_the_same(backends: dict[str, Backend], analysed: Any) -> None:
    speakers = Counter(q["speaker_name"] for line in analysed["sqlite"].stdout.splitlines()
                       for q in json.loads(line)["quotes"] if q["speaker_name"])
    assert speakers, "the example corpus has no attributed quotes"
    speaker, n = speakers.most_common(1)[0]
    for spelling in (speaker, speaker.upper()):
        quotes = same({name: json.loads(backend.ok("quotes", "--speaker", spelling, "--format", "json").stdout)
                       for name, backend in backends.items()})
        assert len(quotes) == n and {q["speaker_name"] for q in quotes} == {speaker}


def test_export_events_is_the_same_csv(backends: dict[str, Backend], analysed: Any) -> None:
    exported = {name: backend.ok("export", "events", "--format", "csv") for name, backend in backends.items()}
    csv = same({name: proc.stdout for name, proc in exported.items()})
    events = sum(len(json.loads(line)["events"]) for line in analysed["sqlite"].stdout.splitlines())
    assert events > 0 and len(csv.splitlines()) >= 1 + 1
    assert f"exported from {WHERE}" in same({name: proc.stderr for name, proc in exported.items()})


def test_learn_roles_gives_the_same_layer(backends: dict[str, Backend], analysed: Any) -> None:
    learned = same({name: backend.ok("kb", "learn-roles").stderr for name, backend in backends.items()})
    assert "learned-roles layer" in learned and f"from {WHERE}" in learned
    # The layer is used by later analyses: both stores resolve the seed article the same way.
    seed = str(ROOT / "examples" / "000_95917e8755466fef.txt")
    again = same({name: backend.ok("analyze", seed, "--date", "2017-07-08", "--pipeline", PIPELINE,
                                   "--format", "json").stdout for name, backend in backends.items()})
    assert json.loads(again)["meta"]["kb"]["roles_layer"] in learned


def test_unreachable_server_is_a_usage_error_without_password(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    backend = Backend("postgres", "postgresql://lagebild:geheim-123@127.0.0.1:1/corpus", tmp_path)
    proc = backend.run("list", "--db", backend.url)
    assert proc.returncode == 2
    assert "geheim-123" not in proc.stderr and "geheim-123" not in proc.stdout
    assert "postgresql://lagebild@127.0.0.1:1/corpus" in proc.stderr and "E304" in proc.stderr
