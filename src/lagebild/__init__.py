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
    Role,
    Sentence,
    Timex,
    Token,
)
from .pipeline import Failure, Pipeline, analyze
from .resources import Resources
from .settings import DEFAULT_PIPELINE, Settings, SettingsError, load_settings
from .store import Query, Store, StoreError, open_store

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
    "Failure",
    "InputError",
    "InputTooLargeError",
    "LagebildError",
    "Mention",
    "Pipeline",
    "PipelineError",
    "Place",
    "Query",
    "Quote",
    "RecordError",
    "Removal",
    "Resources",
    "Role",
    "Sentence",
    "Settings",
    "SettingsError",
    "Store",
    "StoreError",
    "Timex",
    "Token",
    "UnknownComponentError",
    "UnsupportedFormatError",
    "__version__",
    "analyze",
    "load_settings",
    "open_store",
]
