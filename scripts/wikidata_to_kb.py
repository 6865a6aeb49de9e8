#!/usr/bin/env python3
"""Convert a subset of a Wikidata JSON dump into knowledge-base records for ``lagebild kb import``.

Nothing is fetched: you download a dump (or a subset of one) yourself and give this script the file.  Wikidata's
data is CC0, so the records may be shipped and shared.  Accepted input (optionally ``.gz`` or ``.bz2``):

* the full dump format -- one JSON array, one entity per line (``[``, ``{...},``, ..., ``]``), as in
  ``latest-all.json.gz``; a subset made with ``grep``/``jq``/wdumper keeps that format, or
* JSON lines, one entity object per line (what ``wbgetentities`` or most subset tools write).

Per entity (``"type": "item"``) the output record (see docs/entities.md, "Knowledge-base format") has

* ``id`` ``wd-<QID>``, ``wikidata`` the QID;
* ``name``: the German label, else the English one (entities without either are skipped);
* ``type``: ``PER`` for instances of human (P31 = Q5), ``LOC`` for items with coordinates (P625), else ``ORG``
  (override with ``--type``);
* ``country``: ISO 3166-1 alpha-2 of the citizenship (P27) or country (P17), from the country's own ISO code
  (P297) when the country item is in the input, else from the built-in table of common countries;
* ``aliases``: German and English aliases, plus the surname alone of a person (the last word of the label)
  when ``--surnames`` is given;
* ``positions`` from "position held" (P39) with start (P580) and end (P582) qualifiers: ``role`` is the lagebild
  role id of the office (built-in table of a few offices, extended with ``--roles FILE``, a JSON object
  ``{"Q123": ["head_of_state", "US"], ...}``), else ``wd:<office QID>``; ``country`` from the table or the
  office's P17/P1001.

Usage::

    python scripts/wikidata_to_kb.py DUMP [--out kb.jsonl] [--roles roles.json] [--type PER] [--surnames]
    lagebild kb import kb.jsonl --db lagebild.db

Lines that are not valid JSON are counted and skipped; the script prints how many records it wrote.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

HUMAN = "Q5"
# QID -> ISO code of frequent countries, for dumps that do not contain the country items themselves.
COUNTRIES: dict[str, str] = {
    "Q183": "DE", "Q40": "AT", "Q39": "CH", "Q30": "US", "Q159": "RU", "Q142": "FR", "Q145": "GB", "Q38": "IT",
    "Q29": "ES", "Q36": "PL", "Q148": "CN", "Q17": "JP", "Q668": "IN", "Q155": "BR", "Q16": "CA", "Q408": "AU",
    "Q43": "TR", "Q212": "UA", "Q55": "NL", "Q31": "BE", "Q41": "GR", "Q28": "HU", "Q213": "CZ", "Q34": "SE",
    "Q20": "NO", "Q35": "DK", "Q33": "FI", "Q45": "PT", "Q27": "IE", "Q794": "IR", "Q801": "IL", "Q79": "EG",
    "Q851": "SA", "Q858": "SY", "Q96": "MX", "Q414": "AR", "Q258": "ZA", "Q884": "KR", "Q423": "KP", "Q252": "ID",
}
# Office QID -> (lagebild role id, country).  Extend with --roles.
OFFICES: dict[str, tuple[str, str | None]] = {
    "Q11696": ("head_of_state", "US"), "Q4970706": ("head_of_government", "DE"), "Q25223": ("head_of_state", "DE"),
    "Q218295": ("head_of_state", "RU"), "Q191954": ("head_of_state", "FR"), "Q14211": ("head_of_government", "GB"),
    "Q11710": ("head_of_state", "AT"), "Q1124946": ("head_of_government", "AT"),
    "Q7423500": ("foreign_minister", "DE"), "Q14213": ("foreign_minister", "US"),
    "Q4164871": ("foreign_minister", "RU"), "Q1668776": ("foreign_minister", "AT"),
}


def _open(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    if path.suffix == ".bz2":
        return bz2.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def read_entities(lines: Iterable[str], errors: list[int]) -> Iterator[dict[str, Any]]:
    """Entity objects from dump-array lines or JSON lines; bad lines are numbered into ``errors``."""
    for number, line in enumerate(lines, 1):
        line = line.strip().rstrip(",")
        if not line or line in {"[", "]"}:
            continue
        try:
            entity = json.loads(line)
        except json.JSONDecodeError:
            errors.append(number)
            continue
        if isinstance(entity, dict):
            yield entity


def _ids(entity: dict[str, Any], prop: str) -> list[str]:
    result = []
    for claim in entity.get("claims", {}).get(prop, []):
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value")
        if isinstance(value, dict) and value.get("id"):
            result.append(str(value["id"]))
    return result


def _string(entity: dict[str, Any], prop: str) -> str | None:
    for claim in entity.get("claims", {}).get(prop, []):
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value")
        if isinstance(value, str):
            return value
    return None


def _time(qualifiers: dict[str, Any], prop: str) -> str | None:
    for snak in qualifiers.get(prop, []):
        value = snak.get("datavalue", {}).get("value", {})
        time = value.get("time") if isinstance(value, dict) else None
        if isinstance(time, str) and len(time) >= 11:
            year, month, day = time[1:5], time[6:8], time[9:11]
            return f"{year}-{month if month != '00' else '01'}-{day if day != '00' else '01'}"
    return None


def _label(entity: dict[str, Any], field: str = "labels") -> str | None:
    for language in ("de", "en"):
        value = entity.get(field, {}).get(language, {})
        if isinstance(value, dict) and value.get("value"):
            return str(value["value"])
    return None


def convert(entities: Iterable[dict[str, Any]], *, offices: dict[str, tuple[str, str | None]] | None = None,
            forced_type: str | None = None, surnames: bool = False) -> list[dict[str, Any]]:
    """Knowledge-base records for the items among ``entities`` (two passes: country items first)."""
    items = [e for e in entities if e.get("type", "item") == "item" and str(e.get("id", "")).startswith("Q")]
    countries = dict(COUNTRIES)
    for item in items:
        code = _string(item, "P297")
        if code:
            countries[str(item["id"])] = code.upper()
    offices = {**OFFICES, **(offices or {})}
    office_country = {str(item["id"]): countries.get(next(iter(_ids(item, "P17") + _ids(item, "P1001")), ""))
                      for item in items}
    records = []
    for item in items:
        name = _label(item)
        if not name or _string(item, "P297"):
            continue  # country items only lend their codes
        kind = forced_type or ("PER" if HUMAN in _ids(item, "P31") else "LOC" if item.get("claims", {}).get("P625")
                               else "ORG")
        record: dict[str, Any] = {"id": f"wd-{item['id']}", "name": name, "type": kind, "wikidata": item["id"]}
        country = next((countries[c] for c in _ids(item, "P27") + _ids(item, "P17") if c in countries), None)
        if country:
            record["country"] = country
        aliases: dict[str, list[str]] = {}
        for language in ("de", "en"):
            names = [a["value"] for a in item.get("aliases", {}).get(language, []) if a.get("value")]
            label = item.get("labels", {}).get(language, {}).get("value")
            if label and label != name:
                names.insert(0, label)
            if names:
                aliases[language] = list(dict.fromkeys(names))
        if surnames and kind == "PER" and len(name.split()) >= 2:
            aliases.setdefault("de", []).append(name.split()[-1])
        if aliases:
            record["aliases"] = aliases
        positions = []
        for claim in item.get("claims", {}).get("P39", []):
            value = claim.get("mainsnak", {}).get("datavalue", {}).get("value")
            if not isinstance(value, dict) or not value.get("id"):
                continue
            office = str(value["id"])
            role, role_country = offices.get(office, (f"wd:{office}", office_country.get(office)))
            qualifiers = claim.get("qualifiers", {})
            positions.append({"role": role, "country": role_country or country,
                              "start": _time(qualifiers, "P580"), "end": _time(qualifiers, "P582")})
        if positions:
            record["positions"] = positions
        records.append(record)
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", type=Path, help="Wikidata JSON dump or subset (.json, .jsonl, .gz, .bz2)")
    parser.add_argument("--out", type=Path, help="output JSONL (default: stdout)")
    parser.add_argument("--roles", type=Path, help='JSON {"Q-office": ["role_id", "CC"], ...} extending the table')
    parser.add_argument("--type", choices=("PER", "ORG", "LOC", "MISC"), help="type of every record")
    parser.add_argument("--surnames", action="store_true", help="add the surname alone as an alias of persons")
    args = parser.parse_args(argv)
    offices: dict[str, tuple[str, str | None]] = {}
    if args.roles:
        offices = {k: (v[0], v[1] if len(v) > 1 else None) for k, v in json.loads(args.roles.read_text()).items()}
    errors: list[int] = []
    with _open(args.dump) as f:
        records = convert(read_entities(f, errors), offices=offices, forced_type=args.type, surnames=args.surnames)
    lines = [f"# converted from {args.dump.name} by scripts/wikidata_to_kb.py (Wikidata, CC0)\n"]
    lines += [json.dumps(record, ensure_ascii=False) + "\n" for record in records]
    if args.out:
        args.out.write_text("".join(lines), encoding="utf-8")
    else:
        sys.stdout.write("".join(lines))
    print(f"{len(records)} records written; {len(errors)} unreadable lines skipped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
