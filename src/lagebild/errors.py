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


# Corpus layer (agency copies, stories, exports): E600–E619.


class CorpusError(LagebildError):
    """The corpus indexes (copies, stories) cannot be updated or read."""

    code = "E600"


class CorpusStateError(CorpusError):
    """The stored copy/story index was built with other parameters (signature scheme) than asked for."""

    code = "E601"


class StoryNotFoundError(CorpusError):
    """No story (and no merged story id) with this id."""

    code = "E602"


class CorpusArticleError(CorpusError):
    """One stored article could not be indexed (recorded; the update goes on)."""

    code = "E603"


class ExportDependencyError(CorpusError):
    """An export format needs a package that is not installed (Parquet: pyarrow)."""

    code = "E604"


# The Spark engine (lagebild.spark, `--engine spark`, `lagebild load`): E800-E819.


class SparkUnavailableError(LagebildError):
    """PySpark, pyarrow or Java is missing: the Spark engine is an optional extra."""

    code = "E800"


class SparkInputError(InputError):
    """A Spark input path that does not exist or cannot be listed, or an unknown input format."""

    code = "E801"


class SparkOutputError(LagebildError):
    """A Spark output directory that ``lagebild load`` cannot read (no ``articles/`` table, not Parquet)."""

    code = "E802"


class SparkRowError(InputError):
    """One input row of a DataFrame that cannot become an article (a column of the wrong type)."""

    code = "E803"


class SparkAnalysisError(PipelineError):
    """An unexpected exception while one row was analysed on an executor; only that row fails."""

    code = "E804"


class LoadRecordError(LagebildError):
    """One row of Spark output whose analysis JSON ``lagebild load`` cannot read; the other rows load."""

    code = "E805"


# The HTTP API and web UI (`lagebild serve`): every error answer carries one of these codes.


class WebError(LagebildError):
    """A request the web API cannot answer; ``status`` is the HTTP status it is sent with."""

    code = "E700"
    status = 500


class BadRequestError(WebError):
    """A query parameter, cursor or body that is malformed or out of range."""

    code = "E701"
    status = 400


class NotFoundError(WebError):
    code = "E702"
    status = 404


class RequestTooLargeError(WebError):
    code = "E703"
    status = 413


class WritingDisabledError(WebError):
    """A writing endpoint on a server started without a write token."""

    code = "E704"
    status = 403


class BadTokenError(WebError):
    """A writing endpoint called without the server's write token, or with a wrong one."""

    code = "E705"
    status = 401


class FeatureUnavailableError(WebError):
    """A view whose corpus module (search, stories) is not part of this installation or store yet."""

    code = "E706"
    status = 501


class ServerBusyError(WebError):
    """Every store connection stayed busy for the whole wait."""

    code = "E707"
    status = 503


# Full-text search and corpus views: E620–E639.


class SearchError(LagebildError):
    """A search cannot be run as asked (the base of the search errors)."""

    code = "E620"


class SearchQueryError(SearchError):
    """The query says only what to exclude (``-word``), or is longer than the limit."""

    code = "E621"


class SearchCursorError(SearchError):
    """A ``cursor`` that this search did not hand out (damaged, or from another query or filters)."""

    code = "E622"


class SearchFilterError(SearchError):
    """A filter value that cannot be used (a date that is not YYYY-MM-DD, a limit out of range)."""

    code = "E623"


class EntityNotFoundError(SearchError):
    """No stored entity has this id or name (entity page, ``lagebild entity``)."""

    code = "E624"
