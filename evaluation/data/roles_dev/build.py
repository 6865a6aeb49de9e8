#!/usr/bin/env python3
"""Build the role-link dev set (``texts.jsonl`` + ``gold.jsonl``) from the hand-written ``annotations.py``.

Texts: ``examples/wikinews.jsonl`` (rows named ``ex<N>``) and the Wikinews texts of SpkAtt-2023 dev
(``../shared/data/spkatt2023_news/dev/<id>.json``, rows named ``sp<id>``; only the tokens, detokenised here; the
SpkAtt annotations are not used).  Each annotation is a surface string, its occurrence in the text (1-based, whole
words) and the persons it means (``None`` = the text leaves it open).  Run from the repository root::

    python evaluation/data/roles_dev/build.py [--shared ../shared/data]

It rewrites ``texts.jsonl`` (only when the SpkAtt folder is present) and ``gold.jsonl`` and fails on a surface
that is not found.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(HERE))

from annotations import ANNOTATIONS, TRIM  # noqa: E402

CLOSING = {".", ",", ";", ":", "!", "?", ")", "]", "“", "”"}


def detokenise(tokens: list[str]) -> str:
    """Join SpkAtt tokens with German spacing (no space before closing punctuation or after opening marks)."""
    out = ""
    for token in tokens:
        if not out:
            out = token
        elif token in CLOSING or out[-1] in "([„":
            out += token
        else:
            out += " " + token
    return out


def spkatt_text(path: Path) -> tuple[str, str, str]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    text = " ".join(detokenise(s["Tokens"]) for s in doc["Sentences"])
    match = re.match(r"\d+ - (.*) \((\d{4}-\d\d-\d\d)\)$", doc["DocumentName"])
    title, date = (match.group(1), match.group(2)) if match else (doc["DocumentName"], "")
    return text, title, date


def load_texts(shared: Path) -> dict[str, dict]:
    texts: dict[str, dict] = {}
    rows = [json.loads(line) for line in (REPO / "examples" / "wikinews.jsonl").open(encoding="utf-8")]
    spkatt = shared / "spkatt2023_news" / "dev"
    for doc_id in ANNOTATIONS:
        if doc_id.startswith("ex"):
            row = rows[int(doc_id[2:])]
            texts[doc_id] = {"id": doc_id, "title": row["title"], "dct": row["published"], "url": row["url"],
                             "wikinews_id": row["wikinews_id"], "text": row["text"]}
        else:
            text, title, date = spkatt_text(spkatt / f"{doc_id[2:]}.json")
            url = "https://de.wikinews.org/wiki/" + title.replace(" ", "_")
            texts[doc_id] = {"id": doc_id, "title": title, "dct": date, "url": url, "wikinews_id": doc_id[2:],
                             "text": text}
        texts[doc_id]["licence"] = "CC BY 2.5, Wikinews contributors"
    return texts


def locate(text: str, surface: str, occurrence: int) -> tuple[int, int]:
    pattern = r"(?<!\w)" + re.escape(surface) + r"(?!\w)"
    found = list(re.finditer(pattern, text))
    if len(found) < occurrence:
        raise ValueError(f"{surface!r} occurrence {occurrence} not found ({len(found)} found)")
    start = found[occurrence - 1].start()
    return start, start + len(TRIM.get(surface, surface))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(REPO.parent / "shared" / "data"))
    args = parser.parse_args()
    texts_path = HERE / "texts.jsonl"
    if (Path(args.shared) / "spkatt2023_news" / "dev").is_dir():
        texts = load_texts(Path(args.shared))
        with texts_path.open("w", encoding="utf-8") as out:
            for doc in texts.values():
                out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    texts = {d["id"]: d for d in map(json.loads, texts_path.open(encoding="utf-8"))}
    with (HERE / "gold.jsonl").open("w", encoding="utf-8") as out:
        for doc_id, items in ANNOTATIONS.items():
            text = texts[doc_id]["text"]
            mentions, links = [], []
            for surface, occurrence, persons in items:
                start, end = locate(text, surface, occurrence)
                mentions.append({"start": start, "end": end, "label": "PER", "kind": "nominal",
                                 "refers_to": persons})
                links += [{"start": start, "end": end, "person": p} for p in (persons or [None])]
            mentions.sort(key=lambda m: m["start"])
            links.sort(key=lambda r: r["start"])
            out.write(json.dumps({"id": doc_id, "dct": texts[doc_id]["dct"], "mentions": mentions,
                                  "role_links": links}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
