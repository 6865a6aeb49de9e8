"""The pinned-floor check every ``evaluation/eval_*.py --check`` ends with."""

from __future__ import annotations

from collections.abc import Mapping


def check_floors(achieved: Mapping[str, float], floors: Mapping[str, float], *, digits: int = 1) -> int:
    """Print which figures fall below their floor; 1 if any does (the exit code of ``--check``), else 0."""
    failed = [f"{key} {achieved[key]:.{digits}f} < floor {floor}" for key, floor in floors.items()
              if achieved[key] < floor]
    if failed:
        print("\nBELOW FLOOR: " + "; ".join(failed))
        return 1
    pinned = ", ".join(f"{key} {value}" for key, value in floors.items())
    print(f"\nall floors met: at or above the pinned floors {pinned}")
    return 0
