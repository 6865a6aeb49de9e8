"""Annotation layers that describe themselves: one registry drives JSON, the JSON schema and the store.

A :class:`Layer` names a list-valued annotation of an article (``mentions``,
``quotes``, …), its item dataclass, the JSON schema of one item and how items
map to rows of a store table.  :meth:`lagebild.model.Article.to_dict` /
``from_dict``, the published JSON schema (``schema/article.schema.json``,
regenerated with ``python -m lagebild.layers``) and both store backends
(:mod:`lagebild.store.rows`) all iterate :func:`layers`, so a new layer — stories,
sentiment, … — is one module that defines its item type and calls
:func:`register_layer`, plus a store migration that creates its table
(``ddl(layer)`` prints the CREATE TABLE to paste into it).

Row mapping, derived from the item's fields:

* a plain field is a column of the same name (``columns`` renames: ``id`` -> ``entity_id``);
* a nested dataclass field (a :class:`~lagebild.annotations.Cue`) becomes ``<field>_<sub>`` columns;
* a list or dict field is one JSON column ``<field>_json``;
* ``packed`` fields share one JSON column ``details_json`` (fields added later without a migration);
* ``computed`` columns are derived on write (``speaker_key`` for case-insensitive lookup) and not read back.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .annotations import Entity, Event, Mention, Place, Quote, Removal, Role, Sentence, Timex

JsonDict = dict[str, Any]


def _speaker_key(name: str | None) -> str | None:
    return " ".join(name.split()).casefold() if name else None


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # SQL name (unquoted)
    field: str  # item field it comes from
    kind: str  # "plain" | "nested" | "json" | "packed" | "computed"
    sub: str | None = None  # sub-field of a nested dataclass
    sql_type: str = "TEXT"  # INTEGER | REAL | TEXT

    @property
    def quoted(self) -> str:
        return f'"{self.name}"' if self.name in _RESERVED else self.name


_RESERVED = frozenset({"end"})  # reserved in PostgreSQL


@dataclass(frozen=True)
class Layer:
    """One annotation layer.  ``item`` is a dataclass; ``table`` the store table (None: not stored by rows)."""

    name: str
    item: type
    table: str | None
    schema: JsonDict | None = None  # JSON schema of one item; None: derived from the dataclass
    columns: Mapping[str, str] = field(default_factory=dict)
    packed: tuple[str, ...] = ()
    computed: Mapping[str, Callable[[Any, Any], Any]] = field(default_factory=dict)
    description: str = ""

    # --- fields and types ---

    @cached_property
    def _hints(self) -> dict[str, Any]:
        return typing.get_type_hints(self.item)

    def _nested(self, name: str) -> type | None:
        """The dataclass type of field ``name`` when it holds one (``Cue`` or ``Cue | None``)."""
        hint = self._hints[name]
        for candidate in (hint, *typing.get_args(hint)):
            if isinstance(candidate, type) and dataclasses.is_dataclass(candidate):
                return candidate
        return None

    def _is_container(self, name: str) -> bool:
        hint = self._hints[name]
        return typing.get_origin(hint) in (list, dict) or hint in (list, dict)

    # --- JSON ---

    def to_json(self, item: Any) -> JsonDict:
        return dataclasses.asdict(item)

    @cached_property
    def _field_plan(self) -> tuple[tuple[str, type | None, frozenset[str]], ...]:
        """Per field: its name, the nested dataclass it holds (or None) and that one's field names.

        Computed once per layer: reading a store builds millions of items, and type introspection
        per item would dominate the time.
        """
        plan = []
        for f in dataclasses.fields(self.item):
            nested = self._nested(f.name)
            names = frozenset(n.name for n in dataclasses.fields(nested)) if nested is not None else frozenset()
            plan.append((f.name, nested, names))
        return tuple(plan)

    def from_json(self, data: Mapping[str, Any]) -> Any:
        """An item from its JSON form; unknown keys (from a newer lagebild) are ignored."""
        values: dict[str, Any] = {}
        for name, nested, nested_names in self._field_plan:
            if name not in data:
                continue
            value = data[name]
            if nested is not None and isinstance(value, Mapping):
                value = nested(**{k: v for k, v in value.items() if k in nested_names})
            values[name] = value
        return self.item(**values)

    def item_schema(self) -> JsonDict:
        return self.schema if self.schema is not None else _derived_schema(self.item)

    # --- store rows ---

    @cached_property
    def store_columns(self) -> tuple[Column, ...]:
        """The table's columns after ``article_id`` and ``seq``, in insert order."""
        result: list[Column] = []
        for f in dataclasses.fields(self.item):
            if f.name in self.packed:
                continue
            nested = self._nested(f.name)
            if nested is not None:
                result += [Column(f"{f.name}_{sub.name}", f.name, "nested", sub.name,
                                  _sql_type(typing.get_type_hints(nested)[sub.name]))
                           for sub in dataclasses.fields(nested)]
            elif self._is_container(f.name):
                result.append(Column(f"{f.name}_json", f.name, "json"))
            else:
                result.append(Column(self.columns.get(f.name, f.name), f.name, "plain", None,
                                     _sql_type(self._hints[f.name])))
        if self.packed:
            result.append(Column("details_json", "", "packed"))
        result += [Column(name, "", "computed") for name in self.computed]
        return tuple(result)

    def to_row(self, item: Any, article: Any) -> tuple[Any, ...]:
        values: list[Any] = []
        for column in self.store_columns:
            if column.kind == "plain":
                values.append(getattr(item, column.field))
            elif column.kind == "nested":
                inner = getattr(item, column.field)
                values.append(None if inner is None else getattr(inner, column.sub or ""))
            elif column.kind == "json":
                values.append(_dumps(getattr(item, column.field)))
            elif column.kind == "packed":
                values.append(_dumps({name: getattr(item, name) for name in self.packed}))
            else:
                values.append(self.computed[column.name](item, article))
        return tuple(values)

    def from_row(self, row: Mapping[str, Any]) -> JsonDict:
        """The JSON form of one item from a row (a mapping of column name to value)."""
        data: JsonDict = {}
        for column in self.store_columns:
            if column.kind == "plain":
                data[column.field] = row[column.name]
            elif column.kind == "nested":
                inner = data.setdefault(column.field, {})
                if inner is not None:
                    inner[column.sub or ""] = row[column.name]
            elif column.kind == "json":
                data[column.field] = json.loads(row[column.name]) if row[column.name] is not None else []
            elif column.kind == "packed":
                data.update(json.loads(row[column.name] or "{}"))
        for name in self._nested_fields:
            # A nested span whose start is NULL was None ("no cue").
            value = data.get(name)
            if isinstance(value, dict) and value.get("start") is None:
                data[name] = None
        return data

    @cached_property
    def _nested_fields(self) -> tuple[str, ...]:
        return tuple(name for name, nested, _ in self._field_plan if nested is not None)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _sql_type(hint: Any) -> str:
    for candidate in (hint, *typing.get_args(hint)):
        if candidate is bool:
            return "INTEGER"
        if candidate is int:
            return "INTEGER"
        if candidate is float:
            return "REAL"
    return "TEXT"


def _json_type(hint: Any) -> JsonDict:
    args = typing.get_args(hint)
    if typing.get_origin(hint) is list:
        return {"type": "array", "items": _json_type(args[0]) if args else {}}
    if typing.get_origin(hint) is dict or hint is dict:
        return {"type": "object"}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _derived_schema(hint)
    if args:  # X | None
        parts = [_json_type(a) for a in args if a is not type(None)]
        nullable = type(None) in args
        if len(parts) == 1 and "type" in parts[0] and isinstance(parts[0]["type"], str) and nullable:
            return {**parts[0], "type": [parts[0]["type"], "null"]}
        return {"oneOf": [*parts, *([{"type": "null"}] if nullable else [])]}
    names = {str: "string", int: "integer", float: "number", bool: "boolean"}
    return {"type": names.get(hint, "string")}


def _derived_schema(item: type) -> JsonDict:
    hints = typing.get_type_hints(item)
    fields_ = dataclasses.fields(item)
    required = [f.name for f in fields_
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    return {"type": "object", "required": required,
            "properties": {f.name: _json_type(hints[f.name]) for f in fields_}, "additionalProperties": False}


# --- the built-in layers -------------------------------------------------------------------

_OFFSET = {"$ref": "#/$defs/offset"}
_NULLABLE_TEXT = {"type": ["string", "null"]}
_LABEL = {"enum": ["PER", "ORG", "LOC", "MISC"]}


def _object(required: list[str], properties: JsonDict, **extra: Any) -> JsonDict:
    return {"type": "object", "required": required, **extra, "properties": properties,
            "additionalProperties": False}


BUILTIN_LAYERS: tuple[Layer, ...] = (
    Layer("sentences", Sentence, "sentences", {"$ref": "#/$defs/span"}, description="one per sentence"),
    Layer("mentions", Mention, "mentions", _object(
        ["text", "start", "end", "label", "entity"],
        {"text": {"type": "string"}, "start": _OFFSET, "end": _OFFSET, "label": _LABEL, "entity": _NULLABLE_TEXT,
         "kind": {"enum": ["name", "nominal", "pronoun"]}}),
        description="named-entity mentions"),
    Layer("entities", Entity, "entities", _object(
        ["id", "name", "label"],
        {"id": {"type": "string"}, "name": {"type": "string"}, "label": _LABEL, "kb_id": _NULLABLE_TEXT}),
        columns={"id": "entity_id"}, description="one per distinct entity"),
    Layer("quotes", Quote, "quotes", _object(
        ["text", "start", "end", "type", "speaker", "speaker_name", "cue"],
        {"text": {"type": "string"}, "start": _OFFSET, "end": _OFFSET,
         "type": {"enum": ["direct", "indirect", "free_indirect", "reported"]},
         "speaker": _NULLABLE_TEXT, "speaker_name": _NULLABLE_TEXT,
         "cue": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/textspan"}]}}),
        computed={"speaker_key": lambda quote, _article: _speaker_key(quote.speaker_name)},
        description="quotes and reported speech with speakers"),
    Layer("timexes", Timex, "timexes", _object(
        ["text", "start", "end", "type", "value"],
        {"text": {"type": "string"}, "start": _OFFSET, "end": _OFFSET,
         "type": {"enum": ["DATE", "TIME", "DURATION", "SET"]}, "value": {"type": "string"},
         "mod": _NULLABLE_TEXT}), description="TIMEX3 time expressions"),
    Layer("places", Place, "places", _object(
        ["text", "start", "end", "name", "country_code", "lat", "lon", "geonames_id"],
        {"text": {"type": "string"}, "start": _OFFSET, "end": _OFFSET, "name": {"type": "string"},
         "country_code": _NULLABLE_TEXT,
         "lat": {"type": ["number", "null"], "minimum": -90, "maximum": 90},
         "lon": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
         "geonames_id": {"type": ["integer", "null"]}}), description="geocoded places"),
    Layer("events", Event, "events", _object(
        ["type", "trigger", "actors", "targets", "place", "time"],
        {"type": {"type": "string"}, "trigger": {"$ref": "#/$defs/textspan"},
         "actors": {"type": "array", "items": {"type": "string"}},
         "targets": {"type": "array", "items": {"type": "string"}},
         "place": _NULLABLE_TEXT, "time": _NULLABLE_TEXT,
         "code": {"type": ["string", "null"], "pattern": "^[0-9]{2}$"},
         "sentence": {"type": ["integer", "null"], "minimum": 0},
         "theme": _NULLABLE_TEXT, "start_time": _NULLABLE_TEXT, "place_name": _NULLABLE_TEXT,
         "polarity": {"enum": ["positive", "negative"]},
         "modality": {"enum": ["asserted", "planned", "demanded", "possible"]},
         "attribution": {"enum": ["asserted", "reported"]}, "speaker": _NULLABLE_TEXT}),
        packed=("sentence", "theme", "start_time", "place_name", "polarity", "modality", "attribution"),
        description="CAMEO-coded events"),
    Layer("removed", Removal, "removed", _object(
        ["start", "end", "text", "reason"],
        {"start": _OFFSET, "end": _OFFSET, "text": {"type": "string"},
         "reason": {"enum": ["source-line", "dateline", "photo-credit", "byline", "timestamp", "trailer", "widget",
                             "title"]}}, description="Offsets are into the RAW input."),
        description="what cleaning removed (raw offsets)"),
    Layer("roles", Role, "roles", _object(
        ["entity", "name", "role"],
        {"entity": {"type": "string"}, "name": {"type": "string"}, "role": {"type": "string"},
         "country": _NULLABLE_TEXT, "qualifier": _NULLABLE_TEXT}),
        columns={"entity": "entity_id"},
        computed={"published": lambda _role, article: article.published},
        description="roles the article states for persons (appositions)"),
)  # fmt: skip

#: Names of the built-in layers; they are attributes of :class:`~lagebild.model.Article`.
BUILTIN_NAMES = frozenset(layer.name for layer in BUILTIN_LAYERS)

# The registry: built-ins plus layers registered by extensions (at import time, like components).
_LAYERS: dict[str, Layer] = {layer.name: layer for layer in BUILTIN_LAYERS}


def register_layer(layer: Layer) -> Layer:
    """Add a layer; its items live in ``article.layer(name)`` and in its store table."""
    if layer.name in _LAYERS and _LAYERS[layer.name] != layer:
        raise ValueError(f"a different layer named {layer.name!r} is already registered")
    if not dataclasses.is_dataclass(layer.item):
        raise TypeError(f"layer {layer.name!r}: item must be a dataclass")
    _LAYERS[layer.name] = layer
    return layer


def layers() -> Iterator[Layer]:
    yield from _LAYERS.values()


def get_layer(name: str) -> Layer:
    return _LAYERS[name]


def stored_layers() -> list[Layer]:
    return [layer for layer in _LAYERS.values() if layer.table is not None]


# --- schema and DDL ---------------------------------------------------------------------------

SCHEMA_DIR = Path(__file__).parent / "schema"


def article_schema() -> JsonDict:
    """The JSON schema of ``Article.to_dict()``: the base document plus every registered layer."""
    base: JsonDict = json.loads((SCHEMA_DIR / "article.base.json").read_text(encoding="utf-8"))
    for layer in _LAYERS.values():
        base["properties"][layer.name] = {"type": "array", "items": layer.item_schema()}
    return base


def ddl(layer: Layer, *, postgres: bool = False) -> str:
    """CREATE TABLE for a layer's store table: paste it into the migration that adds the layer."""
    types = {"INTEGER": "BIGINT", "REAL": "DOUBLE PRECISION"} if postgres else {}
    columns = [f"    {c.quoted} {types.get(c.sql_type, c.sql_type)}" for c in layer.store_columns]
    return (f"CREATE TABLE {layer.table} (\n    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
            f"\n    seq INTEGER NOT NULL,\n" + ",\n".join(columns) + ",\n    PRIMARY KEY (article_id, seq)\n)")


def write_schema(path: Path | None = None) -> Path:
    path = path or SCHEMA_DIR / "article.schema.json"
    path.write_text(json.dumps(article_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":  # python -m lagebild.layers: regenerate schema/article.schema.json
    print(write_schema())
