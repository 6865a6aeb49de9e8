#!/usr/bin/env bash
# Run everything CI runs: set-up, lint (ruff), types (mypy), tests (pytest) and the
# evaluation gates (pinned score floors; skipped when ../shared/data is absent).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
PY=".venv/bin/python"
echo "== ruff";  "$PY" -m ruff check src tests evaluation benchmarks scripts training
echo "== mypy";  "$PY" -m mypy
echo "== evaluation gates"
for gate in evaluation/eval_*.py; do
    echo "-- $gate"; "$PY" "$gate" --check
done
echo "== pytest"; "$PY" -m pytest -q "$@"
