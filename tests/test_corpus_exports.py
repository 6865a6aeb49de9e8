"""``lagebild export articles|mentions|quotes|events|stories``: streamed, no row cap, CSV formulas escaped,
Parquet in row groups, a coded error without pyarrow."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from lagebild import exports
from lagebild.cli import main
from lagebild.corpus.update import update_corpus
from lagebild.errors import ExportDependencyError
from lagebild.model import Article
from lagebild.pipeline import Pipeline
from lagebild.settings import Settings
from lagebild.store.sql import SQLStore
from tests.test_store import BACKENDS, open_backend

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "corpus_fixtures.jsonl"
FORMULA_TITLE = '=HYPERLINK("http://evil.example","klick")'


@pytest.fixture(scope="module")
def analysed() -> list[Article]:
    pipeline = Pipeline(settings=Settings(ner_model="fast"))
    records = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()][:12]
    articles = [pipeline(Article(raw=r["text"], url=r["url"], outlet=r["outlet"], title=r["title"],
                                 published=r["published"])) for r in records]
    articles.append(pipeline(Article(raw="Die Stadt meldete am Montag einen neuen Rekord. Der Bürgermeister "
                                         "sagte: „Wir sind stolz.“", title=FORMULA_TITLE, outlet="@outlet",
                                     published="2024-02-02")))
    return articles


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path, analysed: list[Article]) -> Iterator[SQLStore]:
    opened = open_backend(request.param, tmp_path, request)
    opened.save_many(analysed)
    update_corpus(opened)
    try:
        yield opened
    finally:
        opened.close()


def rows_of(store: SQLStore, kind: str, fmt: str = "jsonl") -> str:
    buffer = io.StringIO()
    exports.write_export(exports.export_rows(store, kind), kind, fmt, out=buffer)
    return buffer.getvalue()


def test_every_table_exports_every_row(store: SQLStore) -> None:
    articles = [json.loads(line) for line in rows_of(store, "articles").splitlines()]
    assert len(articles) == store.count() and all(a["story_id"] for a in articles)
    assert any(a["copy_group"] for a in articles) and all(a["text"] for a in articles)
    assert len(rows_of(store, "mentions").splitlines()) == len(store.mentions())
    assert len(rows_of(store, "quotes").splitlines()) == len(store.quotes())
    assert len(rows_of(store, "events").splitlines()) == len(store.events())
    stories = [json.loads(line) for line in rows_of(store, "stories").splitlines()]
    assert len(stories) == store.story_count()
    assert sum(len(s["article_ids"].split("; ")) for s in stories) == store.count()


def test_csv_escapes_formulas(store: SQLStore) -> None:
    table = list(csv.DictReader(io.StringIO(rows_of(store, "articles", "csv"))))
    hostile = next(row for row in table if "HYPERLINK" in row["title"])
    assert hostile["title"] == "'" + FORMULA_TITLE and hostile["outlet"] == "'@outlet"
    unescaped = io.StringIO()
    exports.write_export(exports.export_rows(store, "articles"), "articles", "csv", out=unescaped,
                         escape_formulas=False)
    assert FORMULA_TITLE.replace('"', '""') in unescaped.getvalue()


def test_parquet_in_row_groups(store: SQLStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    monkeypatch.setattr(exports, "PARQUET_BATCH", 50)
    path = tmp_path / "mentions.parquet"
    count = exports.write_export(exports.export_rows(store, "mentions"), "mentions", "parquet", path=str(path))
    table = pq.read_table(path)
    assert table.num_rows == count == len(store.mentions()) and count > 50
    assert pq.ParquetFile(path).num_row_groups == -(-count // 50)
    assert str(table.schema.field("start").type) == "int64"
    events = tmp_path / "events.parquet"
    exports.write_export(exports.export_rows(store, "events"), "events", "parquet", path=str(events))
    assert str(pq.read_table(events).schema.field("place_lat").type) == "double"


def test_parquet_without_pyarrow_is_a_coded_error(store: SQLStore, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    with pytest.raises(ExportDependencyError, match="pyarrow") as caught:
        exports.write_export(iter([]), "stories", "parquet", path=str(tmp_path / "x.parquet"))
    assert caught.value.code == "E604" and "lagebild[parquet]" in str(caught.value)


def test_no_row_cap(tmp_path: Path) -> None:
    from lagebild.store import open_store

    pipeline = Pipeline(["clean", "sentences"])
    with open_store(tmp_path / "many.db") as many:
        many.save_many([pipeline(Article(raw=f"Meldung Nummer {n} aus dem Archiv.", published="2024-01-01"))
                        for n in range(450)])
        assert len(rows_of(many, "articles").splitlines()) == 450


def test_cli_exports(store: SQLStore, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["export", "stories", "--db", store.url, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("id,title,first_seen") and "story(s) exported" in result.output
    piped = runner.invoke(main, ["export", "quotes", "--db", store.url, "--format", "parquet"])
    assert piped.exit_code == 2 and "--output" in piped.output
    if pytest.importorskip("pyarrow"):
        out = tmp_path / "events.parquet"
        done = runner.invoke(main, ["export", "events", "--db", store.url, "--format", "parquet", "--output", str(out)])
        assert done.exit_code == 0 and out.exists()
