"""``lagebild corpus update``, ``stories``, ``story``, ``copies`` and the corpus step of ``analyze``, on SQLite
and PostgreSQL, with hostile titles and outlets shown literally."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "corpus_fixtures.jsonl"
HOSTILE_TITLE = "[bold red]BOOM[/] \x1b]8;;http://evil.example\x07klick\x1b]8;;\x07"
HOSTILE_OUTLET = "[link=http://evil.example]Evil[/link]"


def run(db: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LAGEBILD_NER_MODEL": "fast", "COLUMNS": "250", "NO_COLOR": "1",
           "PYTHONPATH": str(ROOT / "src")}
    env.pop("LAGEBILD_DB", None)
    return subprocess.run([sys.executable, "-m", "lagebild.cli", *args, "--db", db], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=600, check=False, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def analysed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A store with the corpus fixtures and one hostile record, analysed by ``lagebild analyze``."""
    work = tmp_path_factory.mktemp(f"cli-corpus-{request.param}")
    db = str(work / "corpus.db") if request.param == "sqlite" else request.getfixturevalue("pg_db_url_module")
    records = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]
    records.append({"text": "Ein Test mit einem feindlichen Titel. Er soll wörtlich erscheinen und nichts auslösen.",
                    "title": HOSTILE_TITLE, "outlet": HOSTILE_OUTLET, "published": "2024-01-01",
                    "url": "https://evil.example/1"})
    inputs = work / "inputs.jsonl"
    inputs.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    result = run(db, work, "analyze", str(inputs), "--workers", "1", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    assert "corpus: 37 article(s) indexed (0 failed)" in result.stderr  # 39 records, two exact duplicates
    yield db, work


@pytest.fixture(scope="module")
def pg_db_url_module(pg_url: str) -> Iterator[str]:
    """A fresh database for the whole module (the analysis is the slow part)."""
    import secrets

    import psycopg
    from psycopg import sql

    from tests.pgserver import url_with_database

    name = "lagebild_cli_corpus_" + secrets.token_hex(4)
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    try:
        yield url_with_database(pg_url, name)
    finally:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_update_is_idempotent(analysed: tuple[str, Path]) -> None:
    db, work = analysed
    result = run(db, work, "corpus", "update")
    assert result.returncode == 0, result.stderr
    assert "corpus: 0 article(s) indexed" in result.stderr and "37 article(s) in" in result.stderr


def test_stories_story_and_copies(analysed: tuple[str, Path]) -> None:
    db, work = analysed
    listed = run(db, work, "stories", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    stories = json.loads(listed.stdout)
    assert len(stories) >= 8
    handball = json.loads(run(db, work, "stories", "--from", "2020-01-01", "--to", "2020-01-31", "--format",
                              "json").stdout)
    assert handball and all(s["title"].startswith("Handball-EM") for s in handball)
    gaza = next(s for s in stories if "Gaza" in (s["title"] or ""))
    view = json.loads(run(db, work, "story", gaza["id"], "--format", "json").stdout)
    assert view["id"] == gaza["id"] and len(view["articles"]) == gaza["articles"]
    added = next(item for item in view["comparison"] if item["outlet"] == "Rheinischer Bote")
    assert added["own_statements"] and added["copied_share"] > 0.5 and added["sources"]
    text = run(db, work, "story", gaza["id"])
    assert text.returncode == 0 and "outlets side by side" in text.stdout and "⚑" in text.stdout
    copies = run(db, work, "copies", added["article_id"])
    assert copies.returncode == 0 and "Wikinews" in copies.stdout
    as_json = json.loads(run(db, work, "copies", added["article_id"], "--format", "json").stdout)
    assert as_json["copies"] and as_json["copy_group"]["members"]
    missing = run(db, work, "story", "story-unknown")
    assert missing.returncode == 1 and "E602" in missing.stderr


def test_hostile_titles_and_outlets_are_shown_literally(analysed: tuple[str, Path]) -> None:
    db, work = analysed
    listed = run(db, work, "stories", "--from", "2024-01-01")
    assert listed.returncode == 0, listed.stderr
    assert "[bold red]BOOM[/]" in listed.stdout and "\x1b" not in listed.stdout and "\\x1b" in listed.stdout
    story_id = json.loads(run(db, work, "stories", "--from", "2024-01-01", "--format", "json").stdout)[0]["id"]
    shown = run(db, work, "story", story_id)
    assert shown.returncode == 0, shown.stderr
    assert HOSTILE_OUTLET in shown.stdout and "\x1b" not in shown.stdout and "\x07" not in shown.stdout
