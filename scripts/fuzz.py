#!/usr/bin/env python
"""Fuzz lagebild with hostile input and print the figures (issue 16).

    .venv/bin/python scripts/fuzz.py --cases 10000 [--pipeline clean,sentences,tagger] [--workers N] [--seed S]

Generates inputs with the Hypothesis strategies of tests/fuzz/strategies.py (texts, encodings, JSONL/JSON
records, HTML, special files, mutated examples), runs each between two good inputs in worker processes and
prints: cases, tracebacks, hangs, lost good inputs, unaccounted inputs, slowest input and peak RSS.  Exit
status 1 when any invariant broke; the failing inputs are saved (see --save).  tests/test_fuzz.py runs a
bounded number of cases in CI.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz.harness import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
