"""lagebild: German news intelligence — who said what, about whom, when and where.

Public API::

    import lagebild
    article = lagebild.analyze(text, date="2017-07-08")
    article.to_dict()

Everything importable from here is public and documented in ``docs/``;
anything else is internal and may change.
"""

from __future__ import annotations

from .errors import (
    BinaryInputError,
    ComponentFailedError,
    DecodeError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    LagebildError,
    PipelineError,
    RecordError,
    UnknownComponentError,
    UnsupportedFormatError,
)
from .model import (
    Article,
    Cue,
    Entity,
    Event,
    Mention,
    Place,
    Quote,
    Removal,
    Sentence,
    Timex,
    Token,
)
from .pipeline import DEFAULT_PIPELINE, Pipeline, analyze

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_PIPELINE",
    "Article",
    "BinaryInputError",
    "ComponentFailedError",
    "Cue",
    "DecodeError",
    "EmptyInputError",
    "Entity",
    "Event",
    "InputError",
    "InputTooLargeError",
    "LagebildError",
    "Mention",
    "Pipeline",
    "PipelineError",
    "Place",
    "Quote",
    "RecordError",
    "Removal",
    "Sentence",
    "Timex",
    "Token",
    "UnknownComponentError",
    "UnsupportedFormatError",
    "__version__",
    "analyze",
]
