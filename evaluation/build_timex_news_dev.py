#!/usr/bin/env python3
"""Build ``evaluation/data/timex_news_dev.jsonl`` from the hand annotation and the Wikinews texts.

The gold annotation is written by hand in ``evaluation/data/timex_news_dev.gold.tsv`` as surface
strings in text order (easy to read and review); this script joins the texts of the chosen
German Wikinews articles (detokenised exactly like ``scripts/build_examples.py``) and turns each
surface string into character offsets.  It fails loudly when a string cannot be found, so the
offsets in the JSONL always agree with the annotation file.

Usage::

    python evaluation/build_timex_news_dev.py [--source DIR] [--gold TSV] [--out JSONL]

Needs ``../shared/data/spkatt2023_news/train`` (only ``DocumentName`` and ``Sentences`` are
read; the SpkAtt annotations are never used).  The JSONL it writes is committed, so evaluation
does not need the source.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "scripts"))

import build_examples  # type: ignore[import-not-found]  # noqa: E402  (the detokeniser lives in scripts/)

DATA_DIR = REPO_ROOT / "evaluation" / "data"
DEFAULT_GOLD = DATA_DIR / "timex_news_dev.gold.tsv"
DEFAULT_OUT = DATA_DIR / "timex_news_dev.jsonl"
DEFAULT_SOURCE = build_examples.DEFAULT_SOURCE


@dataclass(frozen=True)
class GoldLine:
    text: str
    type: str
    value: str
    mod: str | None


def read_gold(path: Path) -> dict[str, list[GoldLine]]:
    """``## <id>`` blocks of ``text TAB type TAB value [TAB mod]`` lines, in text order."""
    blocks: dict[str, list[GoldLine]] = {}
    current: list[GoldLine] | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("# "):
            continue
        if line.startswith("## "):
            current = blocks.setdefault(line[3:].strip(), [])
            continue
        fields = line.split("\t")
        if current is None or len(fields) not in (3, 4):
            raise SystemExit(f"{path}:{number}: expected 'text TAB type TAB value [TAB mod]': {line!r}")
        current.append(GoldLine(fields[0], fields[1], fields[2], fields[3] if len(fields) == 4 else None))
    return blocks


def locate(text: str, gold: list[GoldLine], wikinews_id: str) -> list[dict[str, object]]:
    """Offsets for each surface string: its next whole-word occurrence after the previous one."""
    spans: list[dict[str, object]] = []
    position = 0
    for line in gold:
        pattern = re.compile(r"(?<!\w)" + re.escape(line.text) + r"(?!\w)")
        match = pattern.search(text, position)
        if match is None:
            raise SystemExit(f"{wikinews_id}: {line.text!r} not found after offset {position}")
        spans.append({"text": line.text, "start": match.start(), "end": match.end(), "type": line.type,
                      "value": line.value, "mod": line.mod})
        position = match.end()
    return spans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    gold = read_gold(args.gold)
    articles, _ = build_examples.load_articles(args.source)
    by_id = {article.wikinews_id: article for article in articles}
    records: list[dict[str, Any]] = []
    for wikinews_id in sorted(gold, key=int):
        article = by_id[wikinews_id]
        text = build_examples.detokenize(article.sentences)
        records.append({
            "wikinews_id": wikinews_id,
            "title": article.title,
            "dct": article.published,
            "url": article.url,
            "licence": "CC BY 2.5",
            "text": text,
            "timexes": locate(text, gold[wikinews_id], wikinews_id),
        })
    with args.out.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    total = sum(len(r["timexes"]) for r in records)
    print(f"wrote {len(records)} articles with {total} expressions to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
