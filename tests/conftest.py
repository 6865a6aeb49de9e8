"""Shared fixtures: the seed article, the example corpus, and ../shared/data when present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED_PATH = EXAMPLES / "000_95917e8755466fef.txt"


def shared_data_dir() -> Path | None:
    """``$LAGEBILD_SHARED`` or ``<repo>/../shared/data``; None when absent."""
    candidate = Path(os.environ.get("LAGEBILD_SHARED", ROOT.parent / "shared" / "data"))
    return candidate if candidate.is_dir() else None


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    if path is None:
        pytest.skip("../shared/data is not available")
    return path
from .pgserver import pg_db_url, pg_url  # noqa: E402, F401
