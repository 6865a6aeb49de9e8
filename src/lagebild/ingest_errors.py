"""Error classes of the corpus readers (WARC, feeds, JSONL.gz).

They extend the hierarchy of :mod:`lagebild.errors` (and are meant to move there)::

    InputError (E100)
    ├── TruncatedInputError (E108)        the input ends inside a record (a cut download or copy)
    ├── InputTooLargeError (E103)
    │   └── DecompressionBombError (E109) compressed data expands beyond the limits (a gzip bomb)
    └── UnsupportedFormatError (E105)
        ├── ArchiveFormatError (E110)     not a WARC file, or damaged gzip/WARC framing
        └── FeedFormatError (E111)        a feed file that is not well-formed XML or not RSS/Atom

Each is a per-input error: the reader yields it as an ``InputFailure`` and the batch goes on.
"""

from __future__ import annotations

from .errors import InputError, InputTooLargeError, UnsupportedFormatError


class TruncatedInputError(InputError):
    """The input ends in the middle of a record; the records before the cut were read."""

    code = "E108"


class DecompressionBombError(InputTooLargeError):
    """Compressed data that expands beyond the decompressed-size or ratio limit; refused while streaming."""

    code = "E109"


class ArchiveFormatError(UnsupportedFormatError):
    """Not a WARC file (no ``WARC/`` header), or its gzip or record framing is damaged."""

    code = "E110"


class FeedFormatError(UnsupportedFormatError):
    """A feed file that is not well-formed XML, or whose root is not RSS or Atom."""

    code = "E111"


__all__ = ["ArchiveFormatError", "DecompressionBombError", "FeedFormatError", "TruncatedInputError"]
