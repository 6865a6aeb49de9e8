"""Articles to rows and back, driven by the layer registry (:mod:`lagebild.layers`).

The ``articles`` table holds the metadata, the text and what belongs to one
analysis as a whole (offsets, tokens, components); each stored layer has its own
table of ``(article_id, seq, <columns>)`` rows.  Reading goes through the JSON
contract (``Article.from_dict``) so the store cannot drift from the model.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from lagebild.errors import LagebildError
from lagebild.layers import Layer, stored_layers
from lagebild.model import Article

METADATA = ("url", "outlet", "title", "published", "claimed_source", "language", "source")
TOKEN_FIELDS = ("start", "end", "pos", "lemma", "mood")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def publication_key(url: str | None, outlet: str | None, published: str | None, title: str | None) -> str:
    """Identity of one publication of a text (migration 6 computes the same in SQL)."""
    return " | ".join(value or "" for value in (url, outlet, published, title))


def publication_values(article: Article, stamp: str) -> tuple[Any, ...]:
    key = publication_key(article.url, article.outlet, article.published, article.title)
    return (article.id, key, article.url, article.outlet, article.title, article.published, article.source, stamp)


def content_values(article: Article) -> dict[str, Any]:
    """The article columns that belong to one analysis (replaced together)."""
    return {
        "text": article.text,
        # Unchanged input is the common case; don't store the text twice.
        "raw": None if article.raw == article.text else article.raw,
        "offsets_json": dumps(article.offsets.to_dict()),
        "components_json": dumps(article.components),
        # Tokens outnumber everything else; arrays instead of objects halve the size.
        "tokens_json": dumps([[t.start, t.end, t.pos, t.lemma, t.mood] for t in article.tokens]),
    }


def meta_json(meta: dict[str, Any]) -> str:
    from .base import StoreError

    try:
        return dumps(meta)
    except (TypeError, ValueError) as exc:
        raise StoreError(
            f"article metadata cannot be stored as JSON: {exc}",
            hint="meta values must be strings, numbers, booleans, lists or dicts",
        ) from exc


def layer_rows(layer: Layer, article: Article) -> list[tuple[Any, ...]]:
    """Rows of one layer, each ``(article_id, seq, *columns)``."""
    article_id = article.id
    return [(article_id, seq, *layer.to_row(item, article)) for seq, item in enumerate(article.layer(layer.name))]


def insert_sql(layer: Layer) -> str:
    columns = ["article_id", "seq", *(c.quoted for c in layer.store_columns)]
    return f"INSERT INTO {layer.table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def select_columns(layer: Layer) -> str:
    return ", ".join(["article_id", "seq", *(c.quoted for c in layer.store_columns if c.kind != "computed")])


def article_from_rows(row: Mapping[str, Any], children: Mapping[str, Sequence[Mapping[str, Any]]]) -> Article:
    """One article from its ``articles`` row and its layer rows (each list ordered by seq)."""
    data: dict[str, Any] = {
        **{name: row[name] for name in METADATA},
        "text": row["text"],
        "raw": row["text"] if row["raw"] is None else row["raw"],
        "offsets": json.loads(row["offsets_json"]),
        "meta": json.loads(row["meta_json"]),
        "components": json.loads(row["components_json"]),
        "tokens": [dict(zip(TOKEN_FIELDS, t, strict=True)) for t in json.loads(row["tokens_json"])],
    }
    for layer in stored_layers():
        data[layer.name] = [layer.from_row(child) for child in children.get(layer.name, ())]
    try:
        return Article.from_dict(data)
    except (TypeError, ValueError, KeyError) as exc:
        raise LagebildError(f"stored article {row['id']} cannot be read: {exc}",
                            hint="the row was changed outside lagebild; re-analyse the article") from exc
