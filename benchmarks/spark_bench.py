"""Spark ``local[2]`` against the local engine with ``--workers 2``, on the same input, in one run.

Both are the whole ``lagebild analyze`` command as a user runs it (start-up, model loading, reading,
analysing, writing): the local engine writes JSONL to /dev/null without a store, the Spark engine
writes its Parquet tables (articles, errors, mentions, quotes, timexes, events).  The script prints
articles/s, words/s and the ratio Spark / local (goal: >= 0.75).  Rounds alternate local and Spark so
that a change in the machine's load hits both; on a shared machine only the ratio means something.

Usage::

    python benchmarks/spark_bench.py [--articles N] [--ner-model fast|accurate] [--rounds R] [--data-dir PATH]
    python benchmarks/spark_bench.py --in-process [--articles N]   # the analysis alone, both engines

The input is a JSONL file of N articles from 10kGNAD's test split when present (measurement only; the
file is written to a temporary directory and deleted), else the bundled examples repeated.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpora import default_data_dir, example_texts, gnad_texts  # noqa: E402


def corpus(data_dir: Path, count: int) -> tuple[str, list[str]]:
    texts, name = gnad_texts(data_dir), "10kGNAD test"
    if not texts:
        texts, name = example_texts(), "examples (repeated)"
    while len(texts) < count:
        texts = texts + texts
    return name, texts[:count]


def run(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                          check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-2000:]}")
    return elapsed


def in_process(texts: list[str], ner_model: str) -> dict[str, float]:
    """The analysis alone: ``Pipeline.pipe(workers=2)`` (spawn and model loading included) against
    ``analyze_dataframe`` on an already running local[2] session (Python worker start and model loading
    included, JVM start-up reported apart), its result executed without writing (Spark's noop sink)."""
    sys.path.insert(0, str(ROOT / "src"))
    from lagebild.ingest import RawDocument
    from lagebild.pipeline import Pipeline
    from lagebild.settings import Settings
    from lagebild.spark import analyze_dataframe, local_session

    settings = Settings(ner_model=ner_model)
    docs = [RawDocument(text=text, source=f"doc{i}") for i, text in enumerate(texts)]
    started = time.perf_counter()
    done = sum(1 for _ in Pipeline(settings=settings).pipe(docs, workers=2, date="2020-01-01"))
    local = time.perf_counter() - started
    started = time.perf_counter()
    spark = local_session("local[2]", config={"spark.ui.enabled": "false"})
    session = time.perf_counter() - started
    frame = spark.createDataFrame([(f"doc{i}", text) for i, text in enumerate(texts)], "id string, text string")
    frame = frame.repartition(2 * spark.sparkContext.defaultParallelism)
    started = time.perf_counter()
    analyze_dataframe(frame, settings=settings, date="2020-01-01").write.format("noop").mode("overwrite").save()
    on_spark = time.perf_counter() - started
    spark.stop()
    assert done == len(texts)
    return {"local": local, "spark": on_spark, "session": session}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--ner-model", default="fast", choices=("fast", "accurate"))
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=default_data_dir())
    parser.add_argument("--in-process", action="store_true",
                        help="measure the analysis alone in this process (no CLI, no Parquet tables)")
    args = parser.parse_args(argv)
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("pyspark is not installed (pip install 'lagebild[spark]'): nothing to measure")
        return
    name, texts = corpus(args.data_dir, args.articles)
    words = sum(len(text.split()) for text in texts)
    if args.in_process:
        seconds = in_process(texts, args.ner_model)
        print(f"input: {len(texts)} articles, {words:,} words ({name}); NER model {args.ner_model}; analysis "
              f"only; load average {os.getloadavg()[0]:.1f} at the end")
        for engine in ("local", "spark"):
            print(f"{engine:8} {seconds[engine]:8.1f} s {len(texts) / seconds[engine]:8.2f} articles/s "
                  f"{words / seconds[engine]:8.0f} words/s")
        print(f"Spark local[2] / Pipeline.pipe(workers=2): {seconds['local'] / seconds['spark']:.2f}x "
              f"(Spark session start-up, not included: {seconds['session']:.1f} s)")
        return
    lagebild = [sys.executable, "-m", "lagebild", "analyze"]
    common = ["--ner-model", args.ner_model, "--date", "2020-01-01"]
    with tempfile.TemporaryDirectory(prefix="lagebild-spark-bench-") as directory:
        source = Path(directory, "input.jsonl")
        source.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), "utf-8")
        out = Path(directory, "out")
        local_cmd = [*lagebild, str(source), "--no-store", "--workers", "2", "--format", "jsonl", *common]
        spark_cmd = [*lagebild, str(source), "--engine", "spark", "--master", "local[2]", "--out", str(out), *common]
        times: dict[str, list[float]] = {"local": [], "spark": []}
        for _ in range(args.rounds):
            times["local"].append(run(local_cmd))
            shutil.rmtree(out, ignore_errors=True)
            times["spark"].append(run(spark_cmd))
    print(f"input: {len(texts)} articles, {words:,} words ({name}); NER model {args.ner_model}; "
          f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f} at the end")
    print(f"{'engine':8} {'seconds':>8} {'articles/s':>11} {'words/s':>9}")
    best = {engine: min(values) for engine, values in times.items()}
    for engine, seconds in best.items():
        print(f"{engine:8} {seconds:8.1f} {len(texts) / seconds:11.2f} {words / seconds:9.0f}")
    print(f"Spark local[2] / local --workers 2: {best['local'] / best['spark']:.2f}x (goal >= 0.75; best of "
          f"{args.rounds} round(s) each, every round local then Spark)")
    print(f"local: {' '.join(local_cmd[1:])}\nspark: {' '.join(spark_cmd[1:])}")


if __name__ == "__main__":
    main()
