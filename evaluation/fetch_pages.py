#!/usr/bin/env python3
"""Fetch the texts of the stories dev set again from the web (needs network access).

The labels in ``evaluation/data/stories_dev/labels.jsonl`` name each article by URL only: the texts are copyrighted
and are not in the repository. This script downloads every labelled URL with trafilatura and writes

    evaluation/private/stories/pages.jsonl      one {"url", "outlet", "title", "published", "text"} per line

(``evaluation/private/`` is git-ignored: never commit it). The seed article is read from ``examples/`` instead.
Failures are listed in ``pages.failed.jsonl`` next to the output and summed up at the end; rerunning the script
keeps the pages already fetched (``--refresh`` fetches everything again).

The texts fetched today are whole pages, not the excerpts the labels were made on (see the README of the set), so
they are longer, some pages have changed or gone, and a few own-statement sentences may no longer be found: the
script reports how many labelled own statements (by SHA-1 of the exact sentence) occur in the fetched texts.

Usage::

    python evaluation/fetch_pages.py [--labels PATH] [--out PATH] [--delay 1.0] [--refresh] [--limit N]

Offline (as in the sandbox this set was built in) every download fails with a clear message; nothing else breaks.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_LABELS = REPO / "evaluation" / "data" / "stories_dev" / "labels.jsonl"
DEFAULT_OUT = REPO / "evaluation" / "private" / "stories" / "pages.jsonl"
SENTENCE_END = re.compile(r"(?<=[.!?…“\"»])\s+")


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def fetch(url: str) -> tuple[str | None, str | None, str]:
    """Return (text, title, error) for one URL; error is "" on success."""
    import trafilatura  # imported here so that --help works without it

    try:
        html = trafilatura.fetch_url(url)
    except Exception as exc:  # network stack errors differ by platform
        return None, None, f"download failed: {type(exc).__name__}: {exc}"
    if not html:
        return None, None, "download failed (no network, HTTP error or empty page)"
    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False, favor_recall=True)
    if not text:
        return None, None, "no article text found in the page"
    meta = trafilatura.extract_metadata(html, default_url=url)
    return text, (meta.title if meta is not None else None), ""


def own_statement_hits(labels: list[dict], pages: dict[str, dict]) -> tuple[int, int]:
    """How many labelled own statements occur in the fetched texts (the same SHA-1 at the labelled offsets,
    or as one of the text's sentences)."""
    found = total = 0
    for lab in labels:
        wanted = {o["sha1"]: (o["start"], o["end"]) for o in lab.get("own_statements", [])}
        total += len(wanted)
        page = pages.get(lab["url"])
        if not wanted or page is None:
            continue
        text = page["text"]
        sentences = {part.strip() for part in SENTENCE_END.split(text) if part.strip()}
        hashes = {hashlib.sha1(s.encode("utf-8")).hexdigest() for s in sentences}
        for sha, (start, end) in wanted.items():
            at_offsets = hashlib.sha1(text[start:end].encode("utf-8")).hexdigest()
            if sha in hashes or at_offsets == sha:
                found += 1
    return found, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--delay", type=float, default=1.0, help="seconds between downloads (be polite)")
    ap.add_argument("--refresh", action="store_true", help="fetch again pages already in --out")
    ap.add_argument("--limit", type=int, default=0, help="fetch at most N URLs (0 = all)")
    args = ap.parse_args(argv)

    labels = read_jsonl(args.labels)
    if not labels:
        print(f"no labels at {args.labels}", file=sys.stderr)
        return 2
    have = {} if args.refresh else {p["url"]: p for p in read_jsonl(args.out)}
    failed: list[dict] = []
    todo = [lab for lab in labels if lab["url"] not in have]
    if args.limit:
        todo = todo[: args.limit]
    for i, lab in enumerate(todo, 1):
        url = lab["url"]
        if not url.startswith(("http://", "https://")):  # the seed article is a file in the repository
            path = REPO / url
            if path.exists():
                have[url] = {"url": url, "outlet": lab["outlet"], "title": lab["title"],
                             "published": lab["published"], "text": path.read_text(encoding="utf-8")}
            else:
                failed.append({"url": url, "error": "file not found"})
            continue
        text, title, error = fetch(url)
        if error:
            failed.append({"url": url, "error": error})
            print(f"[{i}/{len(todo)}] FAIL {url}: {error}", file=sys.stderr)
        else:
            have[url] = {"url": url, "outlet": lab["outlet"], "title": title or lab["title"],
                         "published": lab["published"], "text": text}
            print(f"[{i}/{len(todo)}] ok   {url} ({len(text)} chars)", file=sys.stderr)
        if args.delay and i < len(todo):
            time.sleep(args.delay)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    order = [lab["url"] for lab in labels if lab["url"] in have]
    with open(args.out, "w", encoding="utf-8") as f:
        for url in order:
            f.write(json.dumps(have[url], ensure_ascii=False) + "\n")
    failed_path = args.out.with_name(args.out.stem + ".failed.jsonl")
    with open(failed_path, "w", encoding="utf-8") as f:
        for rec in failed:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    found, total = own_statement_hits(labels, have)
    print(f"{len(order)}/{len(labels)} articles in {args.out}; {len(failed)} failed (see {failed_path}); "
          f"own statements found in the texts: {found}/{total}")
    return 0 if not failed else 1


if __name__ == "__main__":
    raise SystemExit(main())
