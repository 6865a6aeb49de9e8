#!/usr/bin/env bash
# Create .venv/ at the repository root and install lagebild (editable) with its dev tools.
# Sourced by scripts/demo.sh and scripts/test.sh; safe to run again (only installs what changed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$ROOT/.venv/bin/python" ]; then
    "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), "lagebild needs Python >= 3.11"'
    "$PYTHON" -m venv "$ROOT/.venv"
    "$ROOT/.venv/bin/python" -m pip install --quiet --upgrade pip
fi
# Reinstall only when pyproject.toml changed since the last install.
STAMP="$ROOT/.venv/.lagebild-installed"
if [ ! -f "$STAMP" ] || [ "$ROOT/pyproject.toml" -nt "$STAMP" ]; then
    "$ROOT/.venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT[dev,postgres]"
    touch "$STAMP"
fi
