"""The engine: explicit settings, reproducible analyses, declared layers, picklable pipelines, parallel batches."""

from __future__ import annotations

import ast
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import lagebild
from lagebild.batch import run_batch
from lagebild.corpus.roles import learn_roles
from lagebild.errors import LagebildError, PipelineError
from lagebild.ingest import RawDocument
from lagebild.layers import article_schema, get_layer, stored_layers
from lagebild.model import Article, Mention
from lagebild.pipeline import Failure, Pipeline
from lagebild.registry import BUILTINS
from lagebild.resources import Resources
from lagebild.settings import (
    ConfigFileError,
    Settings,
    SettingsError,
    UnknownSettingError,
    load_settings,
)
from lagebild.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "lagebild"
EXAMPLES = ROOT / "examples"
FAST = ("clean", "sentences", "tagger", "entities", "geo", "quotes", "timex", "events")


def lagebild_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run([sys.executable, "-m", "lagebild.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env={**os.environ, **(env or {})})


# --- settings ---------------------------------------------------------------------------------


def test_settings_precedence_defaults_file_environment_overrides(tmp_path: Path) -> None:
    assert load_settings(env={}, cwd=tmp_path).ner_model == "accurate"
    (tmp_path / "pyproject.toml").write_text('[tool.lagebild]\nner_model = "fast"\nworkers = 3\n')
    settings = load_settings(env={}, cwd=tmp_path)
    assert (settings.ner_model, settings.workers) == ("fast", 3)
    assert settings.origins["ner_model"].endswith("pyproject.toml")
    (tmp_path / "lagebild.toml").write_text('workers = 2\ndb = "corpus.db"\n')  # wins over pyproject.toml
    settings = load_settings(env={"LAGEBILD_WORKERS": "1"}, cwd=tmp_path)
    assert (settings.ner_model, settings.workers, settings.db) == ("accurate", 1, "corpus.db")
    assert settings.origins["workers"] == "$LAGEBILD_WORKERS"
    settings = load_settings({"workers": 4, "ner_model": None}, env={"LAGEBILD_WORKERS": "1"}, cwd=tmp_path)
    assert settings.workers == 4 and settings.origins["workers"] == "command line"
    assert load_settings({"pipeline": "clean, sentences"}, env={}, cwd=tmp_path).pipeline == ("clean", "sentences")


@pytest.mark.parametrize(("source", "error", "message"), [
    ({"env": {"LAGEBILD_NER_MODEL": "foo"}}, SettingsError, "unknown NER model 'foo'"),
    ({"env": {"LAGEBILD_WORKERS": "-3"}}, SettingsError, "whole number from 0"),
    ({"env": {"LAGEBILD_WORKERS": "two"}}, SettingsError, "whole number"),
    ({"env": {"LAGEBILD_MAX_BYTES": "0"}}, SettingsError, "max_bytes"),
    ({"env": {"LAGEBILD_USE_STORE_KB": "maybe"}}, SettingsError, "true or false"),
    ({"env": {"LAGEBILD_QUOTE_MODEL": "/nonexistent/model.npz"}}, SettingsError, "not a file"),
    ({"overrides": {"pipeline": ""}}, SettingsError, "names no component"),
    ({"overrides": {"pipeline": 5}}, SettingsError, "list of component names"),
    ({"overrides": {"db": " "}}, SettingsError, "'db' is empty"),
    ({"file": "ner_modle = 'fast'\n"}, UnknownSettingError, "unknown setting 'ner_modle'"),
    ({"file": "workers = [1\n"}, ConfigFileError, "not valid TOML"),
    ({"file": "workers = true\n"}, SettingsError, "whole number"),
])  # fmt: skip
def test_every_bad_setting_is_a_coded_error_with_a_hint(tmp_path: Path, source: dict[str, object], error: type,
                                                        message: str) -> None:
    if "file" in source:
        (tmp_path / "lagebild.toml").write_text(str(source["file"]))
    with pytest.raises(error, match=message) as caught:
        load_settings(source.get("overrides"), env=source.get("env", {}), cwd=tmp_path)  # type: ignore[arg-type]
    assert isinstance(caught.value, LagebildError) and caught.value.code.startswith("E50")
    assert caught.value.hint


def test_missing_config_file_named_explicitly(tmp_path: Path) -> None:
    with pytest.raises(ConfigFileError, match="cannot read config file"):
        load_settings(config=tmp_path / "nope.toml", env={})


def test_cli_bad_setting_is_exit_2_with_code_and_hint_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Berlin ist groß.", encoding="utf-8")
    result = lagebild_cli("analyze", "a.txt", "--no-store", cwd=tmp_path, env={"LAGEBILD_NER_MODEL": "foo"})
    assert result.returncode == 2
    assert "E500" in result.stderr and "Hint:" in result.stderr and "Traceback" not in result.stderr
    shown = lagebild_cli("config", "--format", "json", cwd=tmp_path, env={"LAGEBILD_NER_MODEL": "fast"})
    data = json.loads(shown.stdout)
    assert data["settings"]["ner_model"] == "fast" and data["origins"]["ner_model"] == "$LAGEBILD_NER_MODEL"


# --- declared layers and order ----------------------------------------------------------------


def test_every_builtin_declares_reads_and_writes_and_the_default_order_is_valid() -> None:
    for info in BUILTINS:
        assert info.writes, info.name
    Pipeline(Settings().pipeline, settings=Settings(ner_model="fast"))  # builds: order checked


def test_wrong_order_names_what_is_missing_and_what_to_do() -> None:
    with pytest.raises(PipelineError, match="reads pos") as caught:
        Pipeline(["clean", "sentences", "quotes"])
    assert "tagger" in (caught.value.hint or "")
    with pytest.raises(PipelineError, match="'geo' uses mentions, which 'ner' writes only later"):
        Pipeline(["clean", "sentences", "geo", "ner"])


def test_components_command_shows_reads_and_writes(tmp_path: Path) -> None:
    out = lagebild_cli("components", cwd=tmp_path).stdout
    assert "lagebild.events.v1" in out and "writes: events, entities" in out and "reads: pos" in out


# --- layers -----------------------------------------------------------------------------------


def test_the_published_schema_is_the_layer_registrys() -> None:
    published = json.loads((SRC / "schema" / "article.schema.json").read_text(encoding="utf-8"))
    assert published == article_schema(), "run: python -m lagebild.layers"


def test_layer_rows_round_trip_with_renamed_nested_and_packed_columns() -> None:
    events = get_layer("events")
    names = [c.name for c in events.store_columns]
    assert {"trigger_start", "trigger_text", "actors_json", "details_json"} <= set(names)
    assert next(c.name for c in get_layer("entities").store_columns) == "entity_id"
    assert "speaker_key" in [c.name for c in get_layer("quotes").store_columns]
    assert {layer.table for layer in stored_layers()} >= {"mentions", "quotes", "events", "roles"}


# --- reproducibility --------------------------------------------------------------------------


def _analyse_into(path: Path, db: Path, cwd: Path) -> str:
    # --reanalyse: really analyse again (a repeated run would otherwise report the stored analysis).
    result = lagebild_cli("analyze", str(path), "--db", str(db), "--format", "json", "--ner-model", "fast",
                          "--workers", "1", "--reanalyse", cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_same_input_same_json_whatever_was_analysed_or_stored_before(tmp_path: Path) -> None:
    """Analyse A, then B (which teaches a role), then A again: A's JSON is byte-identical."""
    a = tmp_path / "a.txt"
    a.write_text("Der ukrainische Präsident sagte am Montag in Kiew, der Krieg müsse enden.", encoding="utf-8")
    b = tmp_path / "b.jsonl"
    b.write_text(json.dumps({"text": "Der ukrainische Präsident Petro Poroschenko besuchte am Freitag Berlin. "
                                     "Er traf dort Angela Merkel.", "published": "2013-07-01"},
                            ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "corpus.db"
    first = _analyse_into(a, db, tmp_path)
    _analyse_into(b, db, tmp_path)
    again = _analyse_into(a, db, tmp_path)
    assert again == first
    # Learning roles is an explicit corpus step; after it, the same input may resolve more, and says why.
    with open_store(str(db)) as store:
        layer = learn_roles(store)
        assert len(layer) >= 1
    third = json.loads(_analyse_into(a, db, tmp_path))
    assert third["meta"]["kb"]["roles_layer"] == layer.version


def test_analyses_in_one_process_do_not_leak_into_each_other() -> None:
    pipeline = Pipeline(FAST)
    a = "Der russische Außenminister Sergej Lawrow sagte, die Waffenruhe gelte ab Sonntag."
    b = "Der Außenminister sagte, man werde verhandeln."
    first = pipeline.analyze_document(RawDocument(text=a, source="a"), date="2017-07-08")
    pipeline.analyze_document(RawDocument(text=b, source="b"), date="2017-07-08")
    again = pipeline.analyze_document(RawDocument(text=a, source="a"), date="2017-07-08")
    assert isinstance(first, Article) and isinstance(again, Article)
    assert json.dumps(first.to_dict()) == json.dumps(again.to_dict())


# --- no hidden global state -------------------------------------------------------------------

# Module-level names that hold mutable objects on purpose, and why that is not analysis state.
ALLOWED_STATE = {
    "registry.py:_REGISTRY": "component registrations, made at import time like spaCy's registry",
    "layers.py:_LAYERS": "layer registrations, made at import time",
    "pipeline.py:_DEFAULTS": "cache of pipelines with default settings and shipped data only (analyze())",
    "temporal/resolve.py:HANDLERS": "rule handlers registered by a decorator at import time",
    "parallel.py:_worker_pipeline": "the one pipeline of a worker process, set by its initializer",
    "spark.py:_worker_pipelines": "the one pipeline of a Spark Python worker, built from its recipe once",
}


_MUTATORS = {"append", "extend", "insert", "update", "setdefault", "add", "clear", "pop", "popitem", "remove",
             "discard", "__setitem__"}


def _module_state(path: Path) -> list[str]:
    """Module-level mutable state of a module: `global` statements, lower-case module-level containers,
    and module-level containers of any name that a function mutates (``CACHE[k] = v``, ``CACHE.append``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    containers: set[str] = set()
    found: list[str] = []
    for node in tree.body:
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        mutable = isinstance(value, ast.Dict | ast.List | ast.Set | ast.DictComp | ast.ListComp | ast.SetComp) or (
            isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
            and value.func.id in ("dict", "list", "set", "defaultdict", "OrderedDict", "Counter"))
        for target in targets:
            if isinstance(target, ast.Name) and mutable and target.id != "__all__":
                containers.add(target.id)
                if not target.id.isupper():
                    found.append(target.id)
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Global):
                found += node.names
            elif (isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store | ast.Del)
                  and isinstance(node.value, ast.Name) and node.value.id in containers):
                found.append(node.value.id)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr in _MUTATORS and isinstance(node.func.value, ast.Name)
                  and node.func.value.id in containers):
                found.append(node.func.value.id)
    return sorted(set(found))


def test_no_module_level_mutable_state_in_lagebild() -> None:
    """Checked by reading every module: no `global`, no lower-case module-level dict/list/set
    (ALL_CAPS names are constants by convention and never mutated) except the documented ones."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        for name in _module_state(path):
            key = f"{path.relative_to(SRC).as_posix()}:{name}"
            short = f"{path.name}:{name}"
            if key not in ALLOWED_STATE and short not in ALLOWED_STATE:
                offenders.append(key)
    assert offenders == []


def test_role_mentions_come_from_resources_not_from_a_store_seen_earlier() -> None:
    from lagebild.corpus.roles import RoleFact, RoleLayer
    from lagebild.entities.component import make_entities
    from lagebild.resources import KbSnapshot

    text = "Der ukrainische Präsident sagte, der Krieg müsse enden."
    article = Article(raw=text, text=text, published="2017-07-20", components=["lagebild.ner.v1"])
    assert make_entities()(article).mentions == []
    layer = RoleLayer([RoleFact("per:poroschenko", "Petro Poroschenko", "head_of_state", "UA", None,
                                "2017-07-01", "0" * 16)])
    article = Article(raw=text, text=text, published="2017-07-20", components=["lagebild.ner.v1"],
                      mentions=[])
    linked = make_entities(Settings(), Resources(KbSnapshot((), layer)))(article)
    assert [(m.text, m.entity) for m in linked.mentions] == [("Der ukrainische Präsident", "per:poroschenko")]
    assert isinstance(linked.mentions[0], Mention)


# --- pickling and parallel batches ------------------------------------------------------------


def test_pipeline_pickles_as_its_recipe() -> None:
    pipeline = Pipeline(["clean", "sentences"], settings=Settings(ner_model="fast"))
    clone = pickle.loads(pickle.dumps(pipeline))
    assert clone.names == ["clean", "sentences"] and clone.settings == pipeline.settings
    assert len(pickle.dumps(pipeline)) < 10_000  # no models inside


def test_workers_give_the_same_articles_in_the_same_order_and_failures_in_place() -> None:
    records = [json.loads(line) for line in (EXAMPLES / "wikinews.jsonl").read_text("utf-8").splitlines()][:8]
    docs: list[RawDocument | Article] = [RawDocument(text=r["text"], source=f"w{i}", published=r["published"])
                                         for i, r in enumerate(records)]
    docs.insert(3, RawDocument(text="x", source="bad", published="2017-07-08"))
    pipeline = Pipeline(["clean", "sentences", "tagger", "timex"])
    serial = list(pipeline.pipe(docs, workers=1, date="nodate"))
    parallel = list(pipeline.pipe(docs, workers=2, date="nodate"))
    assert [type(x) for x in serial] == [type(x) for x in parallel]
    assert [x.to_dict() if isinstance(x, Article) else x for x in serial] == \
           [x.to_dict() if isinstance(x, Article) else x for x in parallel]


def test_date_errors_come_back_as_failures_from_workers() -> None:
    docs = [RawDocument(text="Berlin ist groß.", source=f"d{i}") for i in range(3)]
    results = list(Pipeline(["clean", "sentences"]).pipe(docs, workers=2, date="not-a-date"))
    assert all(isinstance(r, Failure) and r.code == "E200" for r in results)


def test_cli_workers_2_output_identical_to_workers_1(tmp_path: Path) -> None:
    outputs = []
    for workers in ("1", "2"):
        result = lagebild_cli("analyze", str(EXAMPLES / "wikinews.jsonl"), "--no-store", "--format", "jsonl",
                              "--workers", workers, "--ner-model", "fast", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] and outputs[0].count("\n") == 40


def test_run_batch_stores_with_one_writer_and_records_failures(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Berlin ist groß. Es regnet.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    settings = Settings(pipeline=("clean", "sentences"), workers=2, db=str(tmp_path / "c.db"))
    with open_store(settings.db) as store:
        result = run_batch([str(tmp_path)], settings, store=store)
        assert (result.analysed, result.failed) == (1, 1)
        assert store.count() == 1 and [e["code"] for e in store.errors()] == ["E101"]


def test_public_api_exports_the_engine() -> None:
    for name in ("Settings", "load_settings", "Resources", "Store", "open_store", "Query", "Failure"):
        assert hasattr(lagebild, name), name


# --- bounded time per article ----------------------------------------------------------------


def test_an_article_that_overruns_the_time_budget_is_a_coded_error_naming_the_component() -> None:
    import time as time_module

    from lagebild import registry

    def make_stuck(_settings: Settings, _resources: Resources) -> object:
        def stuck(article: Article) -> Article:
            while True:  # a pathological input: never returns on its own
                time_module.sleep(0.01)

        return stuck

    registry.register("stuck_for_test", reads=("text",), writes=("stuck",))(make_stuck)  # type: ignore[arg-type]
    pipeline = Pipeline(["clean", "stuck_for_test"], settings=Settings(time_budget=1))
    started = time_module.monotonic()
    result = pipeline.analyze_document(RawDocument(text="Berlin ist groß.", source="slow.txt"))
    assert isinstance(result, Failure) and result.code == "E203"
    assert "lagebild.stuck_for_test.v1" in result.message and "slow.txt" in result.message
    assert time_module.monotonic() - started < 10
    ok = Pipeline(["clean", "sentences"], settings=Settings(time_budget=1))
    assert isinstance(ok.analyze_document(RawDocument(text="Berlin ist groß.", source="ok")), Article)


def test_time_budget_setting_is_validated() -> None:
    assert load_settings(env={"LAGEBILD_TIME_BUDGET": "0"}).time_budget == 0
    with pytest.raises(SettingsError, match="time_budget"):
        load_settings(env={"LAGEBILD_TIME_BUDGET": "-1"})


# --- resuming and publications -----------------------------------------------------------------


def _jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_repeated_run_reports_stored_analyses_instead_of_redoing_them(tmp_path: Path) -> None:
    records = [{"text": f"Berlin ist groß. Artikel Nummer {i} erschien am Montag.", "published": "2020-01-01"}
               for i in range(6)]
    feed = _jsonl(tmp_path / "feed.jsonl", records)
    args = ("analyze", str(feed), "--db", str(tmp_path / "c.db"), "--pipeline", "clean,sentences,tagger",
            "--workers", "1", "--format", "jsonl")
    first = lagebild_cli(*args, cwd=tmp_path)
    second = lagebild_cli(*args, cwd=tmp_path)
    assert first.returncode == second.returncode == 0
    assert "6 article(s) analysed" in first.stderr
    assert "0 article(s) analysed" in second.stderr and "6 already stored" in second.stderr
    assert first.stdout == second.stdout  # the stored analyses, in the same form
    again = lagebild_cli(*args, "--reanalyse", cwd=tmp_path)
    assert "6 article(s) analysed" in again.stderr


def test_kill_9_then_the_same_command_continues_without_loss_or_duplicates(tmp_path: Path) -> None:
    import os
    import signal
    import sqlite3
    import time

    records = [{"text": f"Der Rat tagte am {i % 28 + 1}. März in Wien. " * 40 + f"Meldung {i}.",
                "published": "2021-03-01", "url": f"https://example.org/{i}"} for i in range(120)]
    feed = _jsonl(tmp_path / "feed.jsonl", records)
    db = tmp_path / "c.db"
    args = [sys.executable, "-m", "lagebild.cli", "analyze", str(feed), "--db", str(db), "--pipeline",
            "clean,sentences,tagger,timex", "--workers", "1", "--format", "jsonl"]
    process = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored = 0
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        try:
            with sqlite3.connect(db, timeout=1) as conn:
                stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            continue
        if stored >= 10:
            break
    assert process.poll() is None, "the run finished before it could be killed; make the input larger"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    rerun = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    with open_store(str(db)) as store:
        assert store.count() == 120
    skipped = int(rerun.stderr.split(" already stored")[0].rsplit(", ", 1)[1])
    assert skipped >= stored - 16  # at most one write batch between the count and the kill


def test_one_text_from_several_outlets_keeps_every_publication(tmp_path: Path) -> None:
    text = "Der Bundestag hat am Donnerstag das Gesetz beschlossen. Die Opposition stimmte dagegen."
    feed = _jsonl(tmp_path / "feed.jsonl", [
        {"text": text, "outlet": "Tagesblatt", "url": "https://tagesblatt.example/a", "published": "2021-05-06"},
        {"text": text, "outlet": "Nordkurier", "url": "https://nordkurier.example/b", "title": "Gesetz beschlossen",
         "published": "2021-05-06"},
        {"text": text, "outlet": "Tagesblatt", "url": "https://tagesblatt.example/a", "published": "2021-05-06"},
    ])
    db = tmp_path / "c.db"
    result = lagebild_cli("analyze", str(feed), "--db", str(db), "--pipeline", "clean,sentences", "--workers", "1",
                          "--format", "jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with open_store(str(db)) as store:
        assert store.count() == 1
        (article_id,) = store.article_ids()
        publications = store.publications(article_id)
    assert [(p["outlet"], p["url"]) for p in publications] == [
        ("Tagesblatt", "https://tagesblatt.example/a"), ("Nordkurier", "https://nordkurier.example/b")]
