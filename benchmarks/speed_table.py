"""One table for issue 14: words/s, start-up and peak RSS of the default pipeline, in one run.

Rows: the fast and the accurate NER model (int8 on onnxruntime), and the previously
shipped accurate runtime (numpy float32, same weights), each with 1 and 2 worker
processes.  Every measurement runs in a fresh child process, so start-up and peak RSS
are those of that configuration alone.

* **words/s (wall)**: steady state -- timed from the first analysed article to the last,
  so loading models is not in it (it is in the start-up column).
* **words/CPU-s**: words per second of CPU time used by the process (and its workers,
  including their start-up): on a machine loaded by other programs this is the steadier
  figure; ``x 2 cores`` is what two unloaded cores would give if they scaled perfectly.
  With 1 worker, threads that spin (BLAS in the numpy runtime) inflate the CPU time.
* **start-up**: from ``python`` starting to the first article analysed (seed article),
  wall and CPU seconds.
* **peak RSS**: the parent process plus, with workers, the largest worker times their number.

The corpus is the bundled examples (the seed + 40 Wikinews articles, CC BY), repeated
``--repeat`` times.  Timings on a shared machine are noisy: compare the ratios of one run.

Usage: python benchmarks/speed_table.py [--repeat N] [--skip-previous] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from lagebild.resources import Resources  # noqa: E402

CONFIGURATIONS = (("fast", "fast"), ("accurate", "accurate int8"), ("accurate-previous", "accurate numpy (previous)"))


class PreviousRuntimeResources(Resources):
    """Resources whose accurate NER model runs on numpy float32, as shipped before issue 14."""

    def ner_tagger(self, name: str) -> Any:
        if name != "accurate":
            return super().ner_tagger(name)
        from lagebild.ner.component import MODEL_DIR, RepairedTagger
        from lagebild.ner.neural import AccurateTagger

        return self._once("ner:accurate-numpy", lambda: RepairedTagger(AccurateTagger(MODEL_DIR / "accurate.npz")))


def _pipeline(model: str) -> Any:
    from lagebild.pipeline import Pipeline
    from lagebild.settings import DEFAULT_PIPELINE, Settings

    resources = PreviousRuntimeResources() if model == "accurate-previous" else Resources()
    return Pipeline(DEFAULT_PIPELINE, settings=Settings(ner_model=model.split("-")[0]), resources=resources)


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def child_startup(model: str) -> dict[str, float]:
    from corpora import example_texts

    from lagebild.ingest import RawDocument

    pipeline = _pipeline(model)
    pipeline.analyze_item(RawDocument(text=example_texts()[0], source="seed"))
    return {"wall": time.perf_counter() - STARTED, "cpu": time.process_time(), "rss": _rss_mb(resource.RUSAGE_SELF)}


def child_run(model: str, workers: int, repeat: int) -> dict[str, float]:
    from corpora import example_texts

    from lagebild.ingest import RawDocument
    from lagebild.pipeline import Failure

    texts = example_texts() * repeat
    pipeline = _pipeline(model)
    if workers == 1:
        pipeline.analyze_item(RawDocument(text=texts[0], source="warm-up"))
    cpu_before = time.process_time()
    steady_from = time.perf_counter()
    words = 0
    documents = (RawDocument(text=text, source=f"t{index}") for index, text in enumerate(texts))
    for index, result in enumerate(pipeline.pipe(documents, workers=workers)):
        if isinstance(result, Failure):
            raise SystemExit(f"analysis failed: {result}")
        if index == 0:  # workers are up and have their models loaded
            steady_from = time.perf_counter()
            continue
        words += len(texts[index].split())
    wall = time.perf_counter() - steady_from
    cpu = time.process_time() - cpu_before
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu += children.ru_utime + children.ru_stime
    rss = _rss_mb(resource.RUSAGE_SELF) + (workers * _rss_mb(resource.RUSAGE_CHILDREN) if workers > 1 else 0.0)
    return {"words": words, "wall": wall, "cpu": cpu, "rss": rss}


def _child(arguments: list[str]) -> dict[str, float]:
    completed = subprocess.run([sys.executable, __file__, "--child", *arguments], capture_output=True, text=True,
                               check=False)
    if completed.returncode != 0:
        raise SystemExit(f"child {arguments} failed:\n{completed.stderr[-3000:]}")
    result: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _load_average() -> str:
    try:
        return ", ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=2, help="passes over the bundled examples per measurement")
    parser.add_argument("--skip-previous", action="store_true", help="leave out the numpy (previous) runtime")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, model, *rest = args.child
        figures = child_startup(model) if kind == "startup" else child_run(model, int(rest[0]), int(rest[1]))
        print(json.dumps(figures))
        return 0

    print(f"load average (1, 5, 15 min) at start: {_load_average()}; cores: {os.cpu_count()}")
    rows: list[dict[str, Any]] = []
    for model, label in CONFIGURATIONS:
        if model == "accurate-previous" and args.skip_previous:
            continue
        startup = _child(["startup", model])
        for workers in (1, 2):
            run = _child(["run", model, str(workers), str(args.repeat)])
            rows.append({"model": label, "workers": workers, "words": run["words"],
                         "words_per_s": run["words"] / run["wall"], "words_per_cpu_s": run["words"] / run["cpu"],
                         "rss_mb": run["rss"], "startup_wall": startup["wall"], "startup_cpu": startup["cpu"],
                         "startup_rss_mb": startup["rss"]})
            print(f"  measured {label}, {workers} worker(s)", file=sys.stderr, flush=True)
    print(f"load average at end: {_load_average()}")
    header = (f"{'model':28} {'workers':>7} {'words/s':>9} {'words/CPU-s':>12} {'x 2 cores':>10} "
              f"{'peak RSS MB':>12} {'start-up s (CPU)':>17}")
    print(header)
    print("-" * len(header))
    for row in rows:
        print(f"{row['model']:28} {row['workers']:>7} {row['words_per_s']:>9,.0f} {row['words_per_cpu_s']:>12,.0f} "
              f"{2 * row['words_per_cpu_s']:>10,.0f} {row['rss_mb']:>12,.0f} "
              f"{row['startup_wall']:>8.2f} ({row['startup_cpu']:.2f})")
    by_key = {(row["model"], row["workers"]): row for row in rows}
    print("\nratios (same run):")
    for workers in (1, 2):
        new, old = by_key.get(("accurate int8", workers)), by_key.get(("accurate numpy (previous)", workers))
        if new and old:
            print(f"  accurate int8 / previous numpy, {workers} worker(s): "
                  f"{new['words_per_s'] / old['words_per_s']:.2f}x wall, "
                  f"{new['words_per_cpu_s'] / old['words_per_cpu_s']:.2f}x per CPU-s")
    for _model, label in CONFIGURATIONS:
        one, two = by_key.get((label, 1)), by_key.get((label, 2))
        if one and two:
            print(f"  {label}: 2 workers / 1 worker: {two['words_per_s'] / one['words_per_s']:.2f}x wall")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
