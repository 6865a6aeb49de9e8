"""Map offsets in the cleaned text back to offsets in the raw input.

Cleaning deletes characters (boilerplate lines, soft hyphens, ``\\r``), replaces
characters one for one (a line break that becomes a space, a dash variant) and
inserts characters (the space repaired in "übertroffen.Es").  The map is kept
as a short list of *runs*: ``(clean_start, raw_start, length)`` where clean
characters ``clean_start .. clean_start+length`` came from the raw characters
``raw_start .. raw_start+length`` in order.  A clean character that was
inserted belongs to no run and maps to the raw position of the next copied
character.  Runs cost memory per edit, not per character, so a 5 MB article
with a few hundred edits needs a few kilobytes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class OffsetMap:
    """Piecewise-linear map from clean offsets to raw offsets."""

    clean_starts: list[int] = field(default_factory=list)
    raw_starts: list[int] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    clean_length: int = 0
    raw_length: int = 0

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text that cleaning left unchanged."""
        if length == 0:
            return cls(clean_length=0, raw_length=0)
        return cls([0], [0], [length], length, length)

    @classmethod
    def from_sources(cls, sources: Sequence[int], raw_length: int) -> OffsetMap:
        """Build the map from one raw index per clean character (-1 = inserted)."""
        clean_starts: list[int] = []
        raw_starts: list[int] = []
        lengths: list[int] = []
        prev = -2
        for i, src in enumerate(sources):
            if src < 0:
                prev = -2
                continue
            if lengths and src == prev + 1 and clean_starts[-1] + lengths[-1] == i:
                lengths[-1] += 1
            else:
                clean_starts.append(i)
                raw_starts.append(src)
                lengths.append(1)
            prev = src
        return cls(clean_starts, raw_starts, lengths, len(sources), raw_length)

    def to_raw(self, offset: int) -> int:
        """Raw offset of the clean character at ``offset`` (or of the end)."""
        if offset < 0 or offset > self.clean_length:
            raise ValueError(f"offset {offset} outside 0..{self.clean_length}")
        i = bisect_right(self.clean_starts, offset) - 1
        if i >= 0 and offset < self.clean_starts[i] + self.lengths[i]:
            return self.raw_starts[i] + offset - self.clean_starts[i]
        # Inserted character or the end: the next copied character's position.
        nxt = i + 1
        if nxt < len(self.clean_starts):
            return self.raw_starts[nxt]
        if self.lengths:
            return self.raw_starts[-1] + self.lengths[-1]
        return self.raw_length if offset else 0

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw span covering the clean span ``start .. end``."""
        if end <= start:
            raw = self.to_raw(start)
            return raw, raw
        raw_start = self.to_raw(start)
        raw_end = self._raw_end(end - 1)
        return raw_start, max(raw_start, raw_end)

    def _raw_end(self, last: int) -> int:
        """Raw end offset just after the clean character ``last``."""
        i = bisect_right(self.clean_starts, last) - 1
        if i >= 0 and last < self.clean_starts[i] + self.lengths[i]:
            return self.raw_starts[i] + last - self.clean_starts[i] + 1
        # An inserted last character adds nothing in the raw text: end after the
        # previous copied character.
        if i >= 0:
            return self.raw_starts[i] + self.lengths[i]
        return 0

    def to_dict(self) -> dict[str, object]:
        return {
            "runs": [
                [c, r, n] for c, r, n in zip(self.clean_starts, self.raw_starts, self.lengths, strict=True)
            ],
            "clean_length": self.clean_length,
            "raw_length": self.raw_length,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> OffsetMap:
        runs = data.get("runs") or []
        assert isinstance(runs, list)
        clean_length = data.get("clean_length", 0)
        raw_length = data.get("raw_length", 0)
        assert isinstance(clean_length, int) and isinstance(raw_length, int)
        return cls(
            [int(r[0]) for r in runs],
            [int(r[1]) for r in runs],
            [int(r[2]) for r in runs],
            clean_length,
            raw_length,
        )
