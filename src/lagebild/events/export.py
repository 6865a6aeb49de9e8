"""GDELT-like event rows from the store: one row per event, for CSV, TSV or JSONL.

Names and countries are looked up in the event's own article (entities, places)
and, for people, in the knowledge base, so that a row reads on its own.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from lagebild.entities.kb import KnowledgeBase
from lagebild.model import Article, Event

from .taxonomy import BY_NAME, TAXONOMY_VERSION

COLUMNS: tuple[str, ...] = (
    "date", "event_type", "event_code", "plover", "actor1_name", "actor1_id", "actor1_country",
    "actor2_name", "actor2_id", "actor2_country", "theme", "start_time", "polarity", "modality",
    "attribution", "speaker", "place_name", "place_country", "place_lat", "place_lon",
    "article_id", "source", "trigger", "sentence", "taxonomy_version",
)  # fmt: skip


def _countries(article: Article, kb: KnowledgeBase | None) -> dict[str, str]:
    """Entity id -> ISO country code, from geocoded places and the knowledge base."""
    found: dict[str, str] = {}
    for place in article.places:
        if place.geonames_id and place.country_code:
            found[f"geonames:{place.geonames_id}"] = place.country_code
    kb_ids = {e.id: e.kb_id for e in article.entities if e.kb_id and e.id.startswith("kb:")}
    if kb_ids and kb is not None:
        for entity_id, kb_id in kb_ids.items():
            record = kb.get(kb_id)
            if record is not None and record.country:
                found[entity_id] = record.country
    return found


def event_rows(article: Article, kb: KnowledgeBase | None = None) -> Iterator[dict[str, Any]]:
    """GDELT-like rows for the article's events; ``kb`` gives countries of knowledge-base persons."""
    names = {e.id: e.name for e in article.entities}
    countries = _countries(article, kb)
    places = {f"geonames:{p.geonames_id}": p for p in article.places if p.geonames_id}

    def party(ids: list[str]) -> tuple[str, str, str]:
        # GDELT has one actor per side; several are joined with "; " in the same order.
        return ("; ".join(names.get(i, i) for i in ids), "; ".join(ids),
                "; ".join(dict.fromkeys(countries[i] for i in ids if i in countries)))

    for event in article.events:
        actor1, actor2 = party(event.actors), party(event.targets)
        place = places.get(event.place or "")
        yield {
            "date": (event.time or article.published or "")[:10],
            "event_type": event.type,
            "event_code": event.code or "",
            "plover": (BY_NAME[event.type].plover or "") if event.type in BY_NAME else "",
            "actor1_name": actor1[0], "actor1_id": actor1[1], "actor1_country": actor1[2],
            "actor2_name": actor2[0], "actor2_id": actor2[1], "actor2_country": actor2[2],
            "theme": event.theme or "",
            "start_time": event.start_time or "",
            "polarity": event.polarity,
            "modality": event.modality,
            "attribution": event.attribution,
            "speaker": names.get(event.speaker, event.speaker) if event.speaker else "",
            "place_name": event.place_name or "",
            "place_country": place.country_code or "" if place else "",
            "place_lat": place.lat if place and place.lat is not None else "",
            "place_lon": place.lon if place and place.lon is not None else "",
            "article_id": article.id,
            "source": article.url or article.source or "",
            "trigger": event.trigger.text,
            "sentence": _sentence_text(article, event),
            "taxonomy_version": TAXONOMY_VERSION,
        }  # fmt: skip


def _sentence_text(article: Article, event: Event) -> str:
    if event.sentence is None or event.sentence >= len(article.sentences):
        return ""
    sentence = article.sentences[event.sentence]
    return " ".join(article.text[sentence.start:sentence.end].split())


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV Injection");
# the full-width forms are read as formulas by some East Asian spreadsheet locales.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER_CHARS = frozenset("0123456789+-.eE")


def _plain_number(text: str) -> bool:
    """``-3.5``, ``+12``, ``1e-3``: a number a spreadsheet reads as a number, not a formula."""
    if not text or not _NUMBER_CHARS.issuperset(text):
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


def escape_formula(value: Any) -> Any:
    """A string cell a spreadsheet would run as a formula gets a leading ``'`` (as OWASP recommends);
    numbers and plain-number strings such as ``-3.5`` stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _plain_number(value):
        return "'" + value
    return value


def write_rows(rows: Iterable[dict[str, Any]], out: IO[str], fmt: str, *, escape_formulas: bool = True) -> int:
    """Write ``rows`` as csv, tsv or jsonl; return how many.

    In CSV and TSV, cells that start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return are prefixed with a single quote so that a spreadsheet shows them instead of
    running them as formulas; ``escape_formulas=False`` writes them unchanged.  JSONL is
    never altered.
    """
    count = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter="\t" if fmt == "tsv" else ",",
                            lineterminator="\n")
    writer.writeheader()
    for row in rows:
        if fmt == "tsv":  # TSV has no quoting: keep every value on one line and tab-free
            row = {k: " ".join(str(v).split()) for k, v in row.items()}
        if escape_formulas:
            row = {k: escape_formula(v) for k, v in row.items()}
        if fmt != "tsv":  # the csv module does not quote a bare "\r" (our line ends are "\n"): make it "\n"
            row = {k: v.replace("\r\n", "\n").replace("\r", "\n") if isinstance(v, str) else v
                   for k, v in row.items()}
        writer.writerow(row)
        count += 1
    return count


def rows_to_string(rows: Iterable[dict[str, Any]], fmt: str) -> str:
    buffer = io.StringIO()
    write_rows(rows, buffer, fmt)
    return buffer.getvalue()
