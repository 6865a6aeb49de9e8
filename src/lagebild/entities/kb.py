"""The knowledge base: people (and other entities) with aliases and dated positions.

Format (JSONL, one entity per line; documented in ``docs/entities.md``)::

    {"id": "lawrow-sergej", "name": "Sergej Lawrow", "type": "PER", "country": "RU",
     "aliases": {"de": ["Lawrow"], "en": ["Sergey Lavrov", "Lavrov"]},
     "positions": [{"role": "foreign_minister", "country": "RU", "start": "2004-03-09", "end": null}]}

lagebild ships ``data/kb/g20_leaders.jsonl``; ``lagebild kb import FILE`` adds
records to the store, where they extend (and, for equal ids, replace) the
shipped ones.  An entity linked to the knowledge base gets the entity id
``kb:<id>`` in every article.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import LagebildError
from .canonical import person_key

KB_ID_PREFIX = "kb:"
_log = logging.getLogger(__name__)
LABELS = ("PER", "ORG", "LOC", "MISC")
MAX_RECORD_DEPTH = 16  # nesting of a record's values (extra fields included)

_COUNTRY = re.compile(r"[A-Z]{2}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


class KbFormatError(LagebildError):
    """A knowledge-base record is malformed."""

    code = "E401"


@dataclass(frozen=True, slots=True)
class Position:
    role: str  # a role id from lagebild.entities.roles, e.g. "foreign_minister"
    country: str | None  # ISO 3166-1 alpha-2
    start: str | None  # ISO date; None = unknown/open
    end: str | None  # ISO date (exclusive); None = still in office

    def valid_at(self, date: str) -> bool:
        day = date[:10]
        return (self.start is None or self.start[:10] <= day) and (self.end is None or day < self.end[:10])


@dataclass(frozen=True, slots=True)
class KbEntity:
    id: str
    name: str
    type: str
    country: str | None = None
    aliases_de: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    positions: tuple[Position, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def entity_id(self) -> str:
        return KB_ID_PREFIX + self.id

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases_de, *self.aliases_en)

    def active_at(self, date: str | None) -> bool:
        return date is not None and any(p.valid_at(date) for p in self.positions)

    def to_record(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "country": self.country,
                "aliases": {"de": list(self.aliases_de), "en": list(self.aliases_en)},
                "positions": [{"role": p.role, "country": p.country, "start": p.start, "end": p.end}
                              for p in self.positions], **self.extra}


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KbFormatError(f"{where}: aliases must be lists of non-empty strings",
                            hint='e.g. "aliases": {"de": ["Lawrow"], "en": ["Lavrov"]}')
    return tuple(v.strip() for v in value)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return repr(value)[:40]


def _country(value: Any, where: str) -> str | None:
    """An ISO 3166-1 alpha-2 code (two upper-case letters) or None."""
    if value is None:
        return None
    if not isinstance(value, str) or not _COUNTRY.fullmatch(value):
        raise KbFormatError(f"{where} must be a two-letter upper-case ISO 3166-1 code or null, not "
                            f"{_type_name(value)}", hint='e.g. "DE", "RU", "US"')
    return value


def _date(value: Any, where: str) -> str | None:
    """A real calendar date written YYYY-MM-DD, or None."""
    if value is None:
        return None
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            datetime.date.fromisoformat(value)
            return value
        except ValueError:
            pass
    raise KbFormatError(f"{where}: dates must be real ISO dates (YYYY-MM-DD) or null, not {_type_name(value)}",
                        hint='e.g. "start": "2004-03-09", "end": null')


def _check_values(record: dict[str, Any], where: str) -> None:
    """No lone surrogates (they cannot be stored or printed) and no deep nesting, anywhere in the record."""
    pending: list[tuple[Any, int]] = [(record, 0)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_RECORD_DEPTH:
            raise KbFormatError(f"{where}: the record is nested more than {MAX_RECORD_DEPTH} levels deep")
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise KbFormatError(f"{where}: a string contains an unpaired surrogate escape (\\ud800-\\udfff)",
                                    hint="the text is not valid Unicode; fix the escape sequence")
        elif isinstance(value, dict):
            pending.extend((key, depth + 1) for key in value)
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)


def _position(raw: Any, where: str) -> Position:
    if not isinstance(raw, dict):
        raise KbFormatError(f"{where} must be an object, not {_type_name(raw)}",
                            hint='e.g. {"role": "foreign_minister", "country": "RU", "start": "2004-03-09"}')
    if not isinstance(raw.get("role"), str) or not raw["role"].strip():
        raise KbFormatError(f"{where} needs a 'role'", hint="a role id such as foreign_minister (docs/entities.md)")
    start, end = _date(raw.get("start"), f"{where}: 'start'"), _date(raw.get("end"), f"{where}: 'end'")
    if start is not None and end is not None and end < start:
        raise KbFormatError(f"{where}: 'end' ({end}) is before 'start' ({start})")
    return Position(raw["role"].strip(), _country(raw.get("country"), f"{where}: 'country'"), start, end)


def parse_record(record: Any, where: str = "record") -> KbEntity:
    """Validate one JSON object and turn it into a :class:`KbEntity` (:class:`KbFormatError` if malformed).

    ``country`` (of the record and of each position) is a two-letter upper-case ISO
    code or null; ``positions`` is a list of objects with a ``role`` and real
    ``YYYY-MM-DD`` dates (or null); ``aliases`` are lists of non-empty strings.
    """
    if not isinstance(record, dict):
        raise KbFormatError(f"{where}: expected a JSON object, not {_type_name(record)}")
    _check_values(record, where)
    for key in ("id", "name", "type"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise KbFormatError(f"{where}: missing or empty {key!r}", hint="see docs/entities.md for the format")
    if record["type"] not in LABELS:
        raise KbFormatError(f"{where}: type must be one of {', '.join(LABELS)}, not {record['type']!r}")
    aliases = record.get("aliases") or {}
    if isinstance(aliases, list):  # a plain list is accepted as German aliases
        aliases = {"de": aliases}
    if not isinstance(aliases, dict):
        raise KbFormatError(f"{where}: 'aliases' must be an object {{\"de\": [...], \"en\": [...]}}")
    raw_positions = record.get("positions")
    if raw_positions is not None and not isinstance(raw_positions, list):
        raise KbFormatError(f"{where}: 'positions' must be a list of objects, not {_type_name(raw_positions)}",
                            hint='e.g. "positions": [{"role": "head_of_state", "start": "2017-05-14"}]')
    positions = [_position(raw, f"{where}: position {i}") for i, raw in enumerate(raw_positions or [])]
    known = {"id", "name", "type", "country", "aliases", "positions"}
    return KbEntity(id=record["id"].strip(), name=record["name"].strip(), type=record["type"],
                    country=_country(record.get("country"), f"{where}: 'country'"),
                    aliases_de=_strings(aliases.get("de"), where),
                    aliases_en=_strings(aliases.get("en"), where), positions=tuple(positions),
                    extra={k: v for k, v in record.items() if k not in known})


def read_jsonl(path: str | Path) -> Iterator[KbEntity]:
    """Records of a KB file (UTF-8 JSONL); blank lines and ``#`` comment lines are skipped.

    Every problem is a coded error naming the line: :class:`KbFormatError` (E401) for
    bytes that are not UTF-8, lines that are not JSON (or nested too deeply to read)
    and malformed records; ``InputError`` (E100) / ``SpecialFileError`` (E107) when
    the file cannot be read or is a FIFO or device.
    """
    from ..ingest import open_input_file

    with open_input_file(path) as handle:
        for number, raw in enumerate(handle, start=1):
            where = f"{path}:{number}"
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise KbFormatError(f"{where}: not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})",
                                    hint="save the knowledge-base file as UTF-8") from exc
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise KbFormatError(f"{where}: not JSON: {exc.msg} (column {exc.colno})") from exc
            except RecursionError as exc:
                raise KbFormatError(f"{where}: the JSON is nested too deeply to read") from exc
            except ValueError as exc:  # e.g. an integer with more digits than Python converts
                raise KbFormatError(f"{where}: not JSON: {exc}") from exc
            yield parse_record(record, where)


class KnowledgeBase:
    """Entities by id, by alias (spelling-variant folded) and by position."""

    def __init__(self, entities: Iterable[KbEntity] = ()) -> None:
        self.entities: dict[str, KbEntity] = {}
        self._by_alias: dict[str, set[str]] = defaultdict(set)
        self._by_position: dict[tuple[str, str | None], set[str]] = defaultdict(set)
        for entity in entities:
            self.add(entity)

    def __len__(self) -> int:
        return len(self.entities)

    def add(self, entity: KbEntity) -> None:
        """Add ``entity``; an entity with the same id is replaced."""
        if entity.id in self.entities:
            self._unindex(self.entities[entity.id])
        self.entities[entity.id] = entity
        for key in self._alias_keys(entity):
            self._by_alias[key].add(entity.id)
        for position in entity.positions:
            self._by_position[(position.role, position.country)].add(entity.id)

    def _unindex(self, entity: KbEntity) -> None:
        for key in self._alias_keys(entity):
            self._by_alias[key].discard(entity.id)
        for position in entity.positions:
            self._by_position[(position.role, position.country)].discard(entity.id)

    @staticmethod
    def _alias_keys(entity: KbEntity) -> set[str]:
        # Surnames are not derived: "Xi Jinping" is "Xi", not "Jinping"; the KB lists them as aliases.
        return {k for k in (person_key(name) for name in entity.all_names) if k}

    def get(self, kb_id: str) -> KbEntity | None:
        return self.entities.get(kb_id.removeprefix(KB_ID_PREFIX))

    def by_alias(self, name: str, label: str | None = None) -> list[KbEntity]:
        found = [self.entities[i] for i in sorted(self._by_alias.get(person_key(name), ()))]
        return [e for e in found if label is None or e.type == label]

    def is_alias(self, name: str) -> bool:
        return bool(self._by_alias.get(person_key(name)))

    def resolve(self, name: str, label: str, date: str | None) -> KbEntity | None:
        """The entity ``name`` refers to at ``date``: the only candidate, or the only one in
        office at that date.  ``None`` when unknown or ambiguous."""
        candidates = self.by_alias(name, label)
        if len(candidates) > 1 and date:
            candidates = [e for e in candidates if e.active_at(date)]
        return candidates[0] if len(candidates) == 1 else None

    def search(self, text: str) -> list[KbEntity]:
        """Entities whose id, alias (spelling-folded) or name contains ``text``: exact hits first."""
        exact = {e.id: e for e in self.by_alias(text)}
        if (entity := self.get(text)) is not None:
            exact.setdefault(entity.id, entity)
        needle = person_key(text)
        partial = [e for e in self.entities.values() if e.id not in exact and needle
                   and any(needle in person_key(name) for name in e.all_names)]
        return [*exact.values(), *sorted(partial, key=lambda e: e.name)]

    def holders(self, role: str, country: str | None, date: str) -> list[KbEntity]:
        """Who held ``role`` in ``country`` at ``date``."""
        ids = self._by_position.get((role, country), set())
        return [self.entities[i] for i in sorted(ids)
                if any(p.role == role and p.country == country and p.valid_at(date)
                       for p in self.entities[i].positions)]


def packaged_path() -> Path:
    return Path(str(resources.files("lagebild") / "data" / "kb" / "g20_leaders.jsonl"))


@lru_cache(maxsize=1)
def packaged() -> tuple[KbEntity, ...]:
    """The knowledge base shipped with lagebild (hand-compiled; see data/kb/README.md)."""
    return tuple(read_jsonl(packaged_path()))


def build(extra_records: Iterable[dict[str, Any]] = ()) -> KnowledgeBase:
    """The shipped knowledge base extended by ``extra_records`` (e.g. from the store).

    A stored record that today's validation refuses (imported by an older lagebild, e.g. with
    ``"country": 5``) is left out with a logged warning instead of making every analysis fail.
    """
    kb = KnowledgeBase(packaged())
    for index, record in enumerate(extra_records):
        try:
            kb.add(parse_record(record, f"stored record {index + 1}"))
        except KbFormatError as exc:
            _log.warning("knowledge-base record left out: %s (import it again with `lagebild kb import`)", exc)
    return kb
