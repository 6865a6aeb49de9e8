"""The texts the benchmarks run on: the bundled examples and, when present, 10kGNAD.

10kGNAD (DER STANDARD, CC BY-NC-SA) is used for measurement only and never copied into the repository.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    return Path(os.environ.get("LAGEBILD_SHARED", ROOT.parent / "shared" / "data"))


def example_texts() -> list[str]:
    """The seed article and the 40 Wikinews articles of ``examples/``."""
    texts = [(ROOT / "examples" / "000_95917e8755466fef.txt").read_text(encoding="utf-8")]
    with (ROOT / "examples" / "wikinews.jsonl").open(encoding="utf-8") as handle:
        texts += [json.loads(line)["text"] for line in handle if line.strip()]
    return texts


def gnad_texts(data_dir: Path, limit: int | None = None) -> list[str]:
    """The 1,028 articles of 10kGNAD's test split (title and body joined), or [] when absent."""
    path = data_dir / "10kgnad" / "test.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        texts = [row[1] for row in csv.reader(handle, delimiter=";", quotechar="'") if len(row) == 2]
    return texts[:limit] if limit else texts


def benchmark_corpora(data_dir: Path, limit: int | None = None) -> dict[str, list[str]]:
    """The corpora a benchmark runs on, by name; says so when 10kGNAD is absent."""
    corpora = {"examples": example_texts()}
    gnad = gnad_texts(data_dir, limit)
    if gnad:
        corpora["10kGNAD test"] = gnad
    else:
        print(f"(10kGNAD not found under {data_dir}: skipped)")
    return corpora
