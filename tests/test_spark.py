"""The Spark engine (lagebild.spark, `analyze --engine spark`, `lagebild load`) in PySpark local[2] mode.

One SparkSession serves the module.  Without PySpark or Java the tests are skipped, except in CI
(``$CI`` set), where they fail: CI must never pass by skipping them.  The analyses use the fast NER
model: the checks compare Spark with the local engine under equal settings, which needs no accuracy,
and the fast model keeps the module's run time to a few minutes on a loaded 2-core machine.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lagebild.batch import run_batch
from lagebild.model import Article
from lagebild.settings import Settings
from lagebild.store import open_store

from .conftest import EXAMPLES, ROOT
from .pgserver import in_ci

DATE = "2017-07-08"  # the seed article carries no date; every input gets this one when it has none
SETTINGS = Settings(ner_model="fast", workers=1)


def _spark_missing() -> str | None:
    for module in ("pyspark", "pyarrow"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install 'lagebild[spark]')"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java (Spark needs Java 17)"
    return None


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    missing = _spark_missing()
    if missing:
        if in_ci():
            pytest.fail(f"the Spark tests must run in CI: {missing}", pytrace=False)
        pytest.skip(missing)
    from lagebild.spark import local_session

    session = local_session("local[2]", app_name="lagebild-tests",
                            config={"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "2"})
    yield session
    session.stop()


@pytest.fixture(scope="module")
def local_analyses() -> dict[str, dict[str, Any]]:
    """The local engine's analyses of the examples, by source."""
    found: dict[str, dict[str, Any]] = {}

    def keep(article: Article, _stored: bool | None) -> None:
        found[article.source or ""] = article.to_dict(include_tokens=True, include_raw=True)

    result = run_batch([str(EXAMPLES)], SETTINGS, date=DATE, on_article=keep)
    assert result.failed == 0 and len(found) == 41
    return found


@pytest.fixture(scope="module")
def spark_out(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples analysed on Spark and written as lagebild's Parquet tables."""
    from lagebild.spark import analyze_dataframe, write_parquet
    from lagebild.spark_inputs import read_inputs

    out = tmp_path_factory.mktemp("spark") / "out"
    inputs = read_inputs(spark, [str(EXAMPLES)], max_bytes=SETTINGS.max_bytes)
    analysed = analyze_dataframe(inputs, settings=SETTINGS, date=DATE, include_tokens=True, include_raw=True)
    counts = write_parquet(analysed, str(out))
    assert counts["articles"] == 41 and counts["errors"] == 0
    return out


def _table(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return list(pq.read_table(path).to_pylist())


def test_spark_gives_the_same_analyses_as_the_local_engine(spark_out: Path,
                                                           local_analyses: dict[str, dict[str, Any]]) -> None:
    rows = _table(spark_out / "articles")
    on_spark = {row["source"]: json.loads(row["analysis"]) for row in rows}
    assert set(on_spark) == set(local_analyses)
    seed = next(source for source in on_spark if source.endswith("000_95917e8755466fef.txt"))
    assert on_spark[seed]["published"] == DATE and on_spark[seed]["quotes"]
    for source, analysis in local_analyses.items():
        assert on_spark[source] == analysis, source
    assert all(row["status"] == "ok" and row["article_id"] == json.loads(row["analysis"])["id"] for row in rows)


def test_flat_tables_have_the_store_rows_and_the_event_export(spark_out: Path,
                                                              local_analyses: dict[str, dict[str, Any]]) -> None:
    from lagebild.events.export import event_rows
    from lagebild.layers import get_layer
    from lagebild.resources import Resources

    articles = [Article.from_dict(data) for data in local_analyses.values()]
    for name in ("mentions", "quotes", "timexes"):
        layer = get_layer(name)
        expected = sorted((a.id, seq, *layer.to_row(item, a)) for a in articles
                          for seq, item in enumerate(a.layer(name)))
        columns = ["article_id", "seq", *(c.name for c in layer.store_columns)]
        got = sorted(tuple(row[c] for c in columns) for row in _table(spark_out / name))
        assert got == expected and got, name
    kb = Resources().knowledge_base
    expected_events = sorted(json.dumps({k: (v if v != "" else None) if k in ("place_lat", "place_lon") else v
                                         for k, v in row.items()}, sort_keys=True)
                             for a in articles for row in event_rows(a, kb))
    got_events = sorted(json.dumps(row, sort_keys=True) for row in _table(spark_out / "events"))
    assert got_events == expected_events and got_events


def test_bad_rows_become_error_rows_and_the_job_goes_on(spark: Any, seed_text: str) -> None:
    from lagebild.spark import analyze_dataframe, failures_of

    frame = spark.createDataFrame([
        ("good", seed_text, None, None),
        ("empty", "   ", None, None),  # whitespace bytes: E101 (a whitespace string would be E106)
        ("binary", None, bytearray(b"\x00\x01\x02\x03" * 64), None),
        ("large", "Wort " * 300, None, None),
        ("bad-meta", "Berlin ist groß.", None, "[1, 2]"),
    ], "id string, text string, raw binary, meta string")
    frame = frame.selectExpr("id", "coalesce(cast(text as binary), raw) as text", "meta")
    settings = Settings(ner_model="fast", max_bytes=1000, pipeline=("clean", "sentences"))
    analysed = analyze_dataframe(frame, settings=settings, date=DATE)
    rows = {row["input_id"]: row for row in analysed.collect()}
    assert rows["good"]["status"] == "error" and rows["good"]["error_code"] == "E103"  # 2 kB > max_bytes 1000
    assert {key: rows[key]["error_code"] for key in rows} == {
        "good": "E103", "empty": "E101", "binary": "E102", "large": "E103", "bad-meta": "E803"}
    settings = Settings(ner_model="fast", pipeline=("clean", "sentences"))
    ok = analyze_dataframe(frame, settings=settings, date=DATE).where("status = 'ok'").collect()
    assert sorted(row["input_id"] for row in ok) == ["good", "large"]
    assert all(json.loads(row["analysis"])["published"] == DATE for row in ok)
    assert {f.code for f in failures_of(analyze_dataframe(frame, settings=settings))} == {"E101", "E102", "E803"}


def test_a_component_exception_is_an_error_row(seed_text: str) -> None:
    """The row function the executors run: a crashing component costs its row (E202), never the job."""
    from lagebild import registry
    from lagebild.pipeline import Pipeline
    from lagebild.spark import AnalysisOptions, analyse_row

    name = "test_spark_crash"

    @registry.register(name, reads=("text",), writes=("meta",), description="crashes on 'Absturz'")
    def _make(settings: Any = None, resources: Any = None) -> Any:
        def crash(article: Article) -> Article:
            if "Absturz" in article.text:
                raise RuntimeError("boom")
            return article
        return crash

    try:
        pipeline = Pipeline(["clean", name], settings=SETTINGS)
        options = AnalysisOptions(date=DATE)
        bad = analyse_row(pipeline, pipeline.signature, {"id": "x", "text": "Ein Absturz."}, options)
        good = analyse_row(pipeline, pipeline.signature, {"id": "y", "text": seed_text}, options)
    finally:
        registry._REGISTRY.pop(name, None)  # other tests list the registered components
    assert (bad["status"], bad["error_code"], bad["source"]) == ("error", "E202", "id:x")
    assert "boom" in bad["error_message"] and bad["input_key"]
    assert good["status"] == "ok" and json.loads(good["analysis"])["id"] == good["article_id"]


def test_jsonl_lines_read_by_spark_are_the_documents_lagebild_reads(spark: Any) -> None:
    from lagebild.ingest import RawDocument, iter_documents
    from lagebild.spark_inputs import read_inputs

    path = str(EXAMPLES / "wikinews.jsonl")
    local = {d.source: (d.text, d.url, d.title, d.published) for d in iter_documents([path])
             if isinstance(d, RawDocument)}
    rows = read_inputs(spark, [path], input_format="jsonl").collect()
    assert {r["source"]: (r["text"], r["url"], r["title"], r["published"]) for r in rows} == local
    missing = read_inputs(spark, [str(EXAMPLES / "no-such-file.jsonl")], input_format="jsonl").collect()
    assert [(r["source"], r["input_error_code"]) for r in missing] == [(str(EXAMPLES / "no-such-file.jsonl"),
                                                                         "E801")]


def _stored(url: str) -> dict[str, dict[str, Any]]:
    with open_store(url, create=False) as store:
        ids = store.article_ids()
        return {a.id: a.to_dict(include_tokens=True, include_raw=True) for a in store.get_many(ids)}


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lagebild", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=900, check=False)


@pytest.fixture(scope="module")
def analysed_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """`lagebild analyze` of the examples into SQLite: what `lagebild load` must reproduce."""
    from click.testing import CliRunner

    from lagebild.cli import main

    db = str(tmp_path_factory.mktemp("local") / "local.db")
    result = CliRunner().invoke(main, ["analyze", str(EXAMPLES), "--db", db, "--ner-model", "fast", "--workers", "1",
                                       "--date", DATE, "--format", "jsonl", "--no-corpus"])
    assert result.exit_code == 0, result.output
    return db


def _load(out: Path, db: str) -> str:
    from click.testing import CliRunner

    from lagebild.cli import main

    result = CliRunner().invoke(main, ["load", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    return result.output


def test_load_into_sqlite_stores_what_analyze_stores(spark_out: Path, analysed_db: str, tmp_path: Path) -> None:
    db = str(tmp_path / "spark.db")
    assert "41 new" in " ".join(_load(spark_out, db).split())
    assert _stored(db) == _stored(analysed_db)
    again = " ".join(_load(spark_out, db).split())  # idempotent: a repeated load skips every input
    assert "0 new" in again and "41 loaded before" in again
    with open_store(db) as store:
        assert store.count() == 41 and store.errors() == []
        # The recorded input keys and signature are lagebild analyze's: a local run now skips every input.
        result = run_batch([str(EXAMPLES)], SETTINGS, store=store, date=DATE)
    assert (result.skipped, result.analysed) == (41, 0)


def test_load_into_postgresql_stores_what_analyze_stores(spark_out: Path, analysed_db: str, pg_db_url: str) -> None:
    _load(spark_out, pg_db_url)
    assert _stored(pg_db_url) == _stored(analysed_db)


def test_cli_end_to_end_with_a_bad_input(spark: Any, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(EXAMPLES / "000_95917e8755466fef.txt", inputs / "seed.txt")
    (inputs / "empty.txt").write_text("  \n", encoding="utf-8")
    (inputs / "broken.jsonl").write_text('{"text": "Berlin ist groß."}\n{not json\n', encoding="utf-8")
    out, db = tmp_path / "out", str(tmp_path / "loaded.db")
    run = _cli("analyze", str(inputs), "--engine", "spark", "--master", "local[2]", "--out", str(out),
               "--ner-model", "fast", "--date", DATE)
    assert run.returncode == 1, run.stderr  # some inputs failed: exit 1, like the local engine
    assert "2 article(s) analysed on Spark" in " ".join(run.stderr.split())
    errors = {(row["source"], row["error_code"]) for row in _table(out / "errors")}
    assert errors == {(str(inputs / "empty.txt"), "E101"), (str(inputs / "broken.jsonl:2"), "E106")}
    assert {row["source"] for row in _table(out / "articles")} == {str(inputs / "seed.txt"),
                                                                   str(inputs / "broken.jsonl:1")}
    assert _load(out, db)
    with open_store(db) as store:
        assert store.count() == 2
        assert {(row["source"], row["code"]) for row in store.errors()} == errors


def test_without_pyspark_the_engine_says_how_to_install_it(tmp_path: Path) -> None:
    blocker = tmp_path / "block" / "pyspark"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('blocked for the test', name='pyspark')\n")
    path = os.pathsep.join([str(blocker.parent), os.environ.get("PYTHONPATH", "")])
    run = _cli("analyze", str(EXAMPLES), "--engine", "spark", "--out", str(tmp_path / "out"),
               env={"PYTHONPATH": path})
    assert run.returncode == 2
    assert "[E800]" in run.stderr and "pip install 'lagebild[spark]'" in " ".join(run.stderr.split())


def test_files_found_by_spark_are_named_and_filtered_as_the_local_engine_does() -> None:
    from lagebild.spark_inputs import display_path, file_documents

    given = ("corpus/", "/data/.private/corpus")
    assert display_path("file:/data/.private/corpus/sub/a%20b.txt", given) == "corpus/sub/a b.txt"
    assert display_path("s3a://bucket/news/x.jsonl", ("s3a://bucket/news", None)) == "s3a://bucket/news/x.jsonl"
    docs = list(file_documents("corpus/x.txt", "Berlin ist groß.".encode(), 17, 1000, 1000, explicit=False))
    assert [d.source for d in docs] == ["corpus/x.txt"]
    assert list(file_documents("corpus/.hidden.txt", b"Text.", 5, 1000, 1000, explicit=False, hidden=True)) == []
    assert list(file_documents("corpus/image.png", b"\x89PNG", 4, 1000, 1000, explicit=False)) == []
    too_large = list(file_documents("corpus/big.jsonl", None, 5000, 1000, 1000, explicit=False))
    assert [(f.source, f.error.code) for f in too_large] == [("corpus/big.jsonl", "E801")]  # type: ignore[union-attr]
