"""The exception hierarchy.  Every error lagebild raises on purpose has a stable code.

::

    LagebildError (E000)
    ├── InputError (E100)             a single input cannot be read; the batch goes on
    │   ├── EmptyInputError (E101)
    │   ├── BinaryInputError (E102)
    │   ├── InputTooLargeError (E103)
    │   ├── DecodeError (E104)
    │   ├── UnsupportedFormatError (E105)
    │   ├── RecordError (E106)       a bad line in a JSONL file
    │   └── SpecialFileError (E107)  a FIFO, device or socket: never opened
    ├── PipelineError (E200)
    │   ├── UnknownComponentError (E201)
    │   └── ComponentFailedError (E202)
    └── StoreError (E300)             see lagebild.store.database

Codes are documented in ``docs/errors.md``; they never change meaning.
"""

from __future__ import annotations


class LagebildError(Exception):
    """Base of every error lagebild raises on purpose. ``code`` is stable (E001...)."""

    code = "E000"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}" + (f"\nHint: {self.hint}" if self.hint else "")


class InputError(LagebildError):
    """One input could not be turned into an article."""

    code = "E100"


class EmptyInputError(InputError):
    code = "E101"


class BinaryInputError(InputError):
    code = "E102"


class InputTooLargeError(InputError):
    code = "E103"


class DecodeError(InputError):
    code = "E104"


class UnsupportedFormatError(InputError):
    code = "E105"


class RecordError(InputError):
    code = "E106"


class SpecialFileError(InputError):
    """A FIFO, character or block device or socket: refused without opening it (a FIFO would hang)."""

    code = "E107"


class PipelineError(LagebildError):
    code = "E200"


class UnknownComponentError(PipelineError):
    code = "E201"


class ComponentFailedError(PipelineError):
    code = "E202"


class TimeBudgetError(PipelineError):
    """An article took longer than the setting ``time_budget``; the error names the component that overran."""

    code = "E203"


# Corpus readers (WARC, feeds, JSONL.gz): per-input errors, the batch goes on.


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
