"""The corpus readers' error classes, kept importable here; they live in :mod:`lagebild.errors`."""

from __future__ import annotations

from .errors import ArchiveFormatError, DecompressionBombError, FeedFormatError, TruncatedInputError

__all__ = ["ArchiveFormatError", "DecompressionBombError", "FeedFormatError", "TruncatedInputError"]
