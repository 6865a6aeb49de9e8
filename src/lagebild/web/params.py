"""Query parameters of the API and the pages: validated, bounded, turned into store queries and cursors.

Every parameter arrives as an untrusted string.  Bad values give a :class:`BadRequestError` (HTTP 400)
with a message that names the parameter; nothing reaches the store except through its parameterised
queries (:class:`lagebild.store.Query`).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from lagebild.errors import BadRequestError
from lagebild.store import Query

from .context import WebLimits

FILTER_NAMES = ("q", "date_from", "date_to", "outlet", "entity", "speaker", "place", "event_type", "story")
CURSOR_PREFIX = "o1:"


@dataclass(frozen=True, slots=True)
class Filters:
    """The filters every list endpoint understands (each optional; they combine with AND)."""

    q: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    outlet: str | None = None
    entity: str | None = None
    speaker: str | None = None
    place: str | None = None
    event_type: str | None = None
    story: str | None = None

    def query(self, *, limit: int | None = None, offset: int = 0) -> Query:
        """The store query for the filters the store itself understands (``q``, place and story are not)."""
        return Query(date_from=self.date_from, date_to=self.date_to, outlet=self.outlet, entity=self.entity,
                     speaker=self.speaker, event_type=self.event_type, limit=limit, offset=offset)

    def as_params(self) -> dict[str, str]:
        return {name: value for name in FILTER_NAMES if (value := getattr(self, name))}

    def any(self) -> bool:
        return bool(self.as_params())


def text_param(params: Mapping[str, str], name: str, limits: WebLimits) -> str | None:
    """A trimmed text parameter, ``None`` when absent or empty; bounded in length, no control characters."""
    raw = params.get(name)
    if raw is None:
        return None
    value = raw.strip()
    if len(value) > limits.max_param_chars:
        raise BadRequestError(f"parameter {name!r} is longer than {limits.max_param_chars} characters")
    if any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise BadRequestError(f"parameter {name!r} contains control characters")
    return value or None


def date_param(params: Mapping[str, str], name: str, limits: WebLimits) -> str | None:
    value = text_param(params, name, limits)
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadRequestError(f"parameter {name!r} is not a date: {value[:40]!r}", hint="use YYYY-MM-DD") from None


def filters_from(params: Mapping[str, str], limits: WebLimits) -> Filters:
    values = {name: text_param(params, name, limits) for name in FILTER_NAMES}
    values["date_from"] = date_param(params, "date_from", limits)
    values["date_to"] = date_param(params, "date_to", limits)
    return Filters(**values)


def int_param(params: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw is None or not raw.strip():
        return default
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 12:
        raise BadRequestError(f"parameter {name!r} must be a whole number from {low} to {high}")
    value = int(text)
    if not low <= value <= high:
        raise BadRequestError(f"parameter {name!r} must be from {low} to {high}, not {value}")
    return value


def page_size(params: Mapping[str, str], limits: WebLimits) -> int:
    return int_param(params, "limit", limits.page_size, 1, limits.max_page_size)


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{offset}".encode("ascii")).decode("ascii").rstrip("=")


def decode_cursor(params: Mapping[str, str], limits: WebLimits) -> int:
    """The offset an opaque ``cursor`` parameter stands for (0 without one)."""
    raw = params.get("cursor")
    if not raw:
        return 0
    try:
        if len(raw) > 64:
            raise ValueError
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("ascii")
        if not text.startswith(CURSOR_PREFIX) or not text[len(CURSOR_PREFIX):].isdigit():
            raise ValueError
        offset = int(text[len(CURSOR_PREFIX):])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadRequestError("parameter 'cursor' is not a cursor this server gave out",
                              hint="pass the next_cursor of the previous page unchanged") from None
    if offset > limits.max_cursor_offset:
        raise BadRequestError("parameter 'cursor' is out of range")
    return offset


def next_cursor(offset: int, size: int, got: int) -> str | None:
    """The cursor of the following page when this page was full (one more row was fetched to know)."""
    return encode_cursor(offset + size) if got > size else None
