"""A bounded fuzz run in CI (the large run: scripts/fuzz.py --cases 10000).

Each test draws hostile inputs of one family with Hypothesis and checks the invariants of
tests/fuzz/harness.py: no traceback, every input an article or a coded error, the good inputs of the
batch analysed, bounded time per input.
"""

from __future__ import annotations

import faulthandler
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lagebild.pipeline import Pipeline

from .fuzz import strategies as s
from .fuzz.harness import FAST_PIPELINE, run_case
from .fuzz.strategies import Case

FUZZ = settings(max_examples=30, deadline=None, database=None, print_blob=True, derandomize=True,
                suppress_health_check=list(HealthCheck))


@lru_cache(maxsize=1)
def pipeline() -> Any:
    return Pipeline(list(FAST_PIPELINE))


@pytest.fixture(autouse=True)
def hang_guard() -> Iterator[None]:
    """A hang becomes a failure with every thread's traceback, not a stuck CI job."""
    faulthandler.dump_traceback_later(240, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def check(case: Case) -> None:
    outcome = run_case(case, pipeline(), max_bytes=200_000, budget=30.0)
    assert not outcome.violations, "\n".join(outcome.violations)
    assert not outcome.slow, "\n".join(outcome.slow)
    assert not outcome.lost, f"good inputs of the batch lost: {outcome.lost}"
    assert not outcome.unaccounted, f"{case.describe()} produced neither an article nor a coded error"


@FUZZ
@given(s.text_cases)
def test_fuzz_texts(case: Case) -> None:
    check(case)


@FUZZ
@given(s.bytes_cases)
def test_fuzz_bytes_in_any_encoding(case: Case) -> None:
    check(case)


@FUZZ
@given(st.one_of(s.jsonl_cases, s.json_cases))
def test_fuzz_jsonl_and_json_records(case: Case) -> None:
    check(case)


@FUZZ
@given(s.html_cases)
def test_fuzz_html(case: Case) -> None:
    check(case)


@FUZZ
@given(s.mutation_cases)
def test_fuzz_mutated_examples(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("name", s.SPECIALS)
def test_special_inputs(name: str) -> None:
    check(Case("special", "special", name, b""))


def test_hostile_markup_everywhere() -> None:
    line = ('{"text": "[/x] [link=https://evil.example]x[/link] \\u001b]8;;http://x\\u0007 [bold]", '
            '"title": "[/x]", "outlet": "[bold]", "url": "[link=x]", "warnings": 5, "roles": [{"entity": "x"}]}\n')
    for via in ("file", "dir", "stdin"):
        check(Case("jsonl", via, "[/x] \x1b]8;;x\x07.jsonl", line.encode()))
