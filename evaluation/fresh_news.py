"""The fresh news test set (issues 15 and 17): loader, gold checker and a scoring skeleton.

36 DER STANDARD articles from the 10kGNAD test split, annotated by hand for quotes with speakers, TIMEX3
expressions, named/nominal/pronominal mentions and role descriptions -> persons, **before lagebild was run on
them**.  The set is for measuring only; never look at it to write rules.  Guidelines:
``evaluation/data/fresh_news/GUIDELINES.md``.

The texts are not in the repository (CC BY-NC-SA 4.0): :func:`load` reads them from
``<data_dir>/10kgnad/test.csv`` (``data_dir`` = ``--data-dir``, else ``$LAGEBILD_SHARED``, else
``<repo>/../shared/data``), checks each text against the SHA-256 recorded in ``gold.jsonl`` and puts it into
the returned dicts as ``"text"`` (in memory only).

    python evaluation/fresh_news.py --check-gold            # verify texts and spans, print counts
    python evaluation/fresh_news.py --score PRED.jsonl      # score predictions (format: see score())

Exit status: 0 when all checks pass (or the shared data is absent: "skipped"), 1 on any error.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = REPO_ROOT / "evaluation" / "data" / "fresh_news"
GOLD = GOLD_DIR / "gold.jsonl"
CSV_REL = Path("10kgnad") / "test.csv"

QUOTE_TYPES = {"direct", "indirect", "reported"}
TIMEX_TYPES = {"DATE", "TIME", "DURATION", "SET"}
LABELS = {"PER", "ORG", "LOC", "MISC"}
KINDS = {"name", "nominal", "pronoun"}


class GoldError(Exception):
    pass


def shared_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    return Path(explicit or os.environ.get("LAGEBILD_SHARED") or REPO_ROOT.parent / "shared" / "data")


def _csv_path(data_dir: str | os.PathLike[str] | None) -> Path:
    base = shared_data_dir(data_dir)
    for candidate in (base, base / "test.csv", base / CSV_REL):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"10kGNAD test split not found under {base} (expected {base / CSV_REL})")


def read_10kgnad(csv_path: Path) -> list[tuple[str, str]]:
    """All rows of the 10kGNAD test split as (label, text), exactly as csv.reader returns them."""
    with open(csv_path, encoding="utf-8", newline="") as f:
        return [(row[0], row[1]) for row in csv.reader(f, delimiter=";", quotechar="'")]


def load(data_dir: str | os.PathLike[str] | None = None, gold: str | os.PathLike[str] = GOLD) -> list[dict]:
    """The gold articles, each with its ``"text"`` read from the 10kGNAD test split (SHA-256 verified).

    ``data_dir``: the shared data folder holding ``10kgnad/test.csv`` (or that folder / the csv itself)."""
    rows = read_10kgnad(_csv_path(data_dir))
    documents = []
    with open(gold, encoding="utf-8") as lines:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            doc = json.loads(line)
            row = doc["row"]
            if not 0 <= row < len(rows):
                raise GoldError(f"gold line {n}: row {row} not in the csv ({len(rows)} rows)")
            label, text = rows[row]
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if digest != doc["sha256"]:
                raise GoldError(f"row {row}: text changed (sha256 {digest} != {doc['sha256']})")
            if label != doc["topic"]:
                raise GoldError(f"row {row}: topic {label!r} != gold {doc['topic']!r}")
            doc["text"] = text
            documents.append(doc)
    return documents


# ---------------------------------------------------------------- checking

def _span_problem(text: str, start, end) -> str | None:
    if not (isinstance(start, int) and isinstance(end, int)):
        return "offsets are not integers"
    if not 0 <= start < end <= len(text):
        return f"[{start},{end}) out of bounds (len {len(text)})"
    surface = text[start:end]
    if not surface.strip():
        return "empty span"
    if surface != surface.strip():
        return f"span {surface!r} starts or ends with whitespace"
    return None


def check(documents: list[dict]) -> list[str]:
    """Every problem found in the gold (empty list = fine)."""
    problems = []
    seen = set()
    for doc in documents:
        row, text = doc["row"], doc["text"]
        where = f"row {row}"
        if row in seen:
            problems.append(f"{where}: duplicate article")
        seen.add(row)
        if row < 200:
            problems.append(f"{where}: rows 0-199 are reserved for the benchmarks")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.get("dct") or ""):
            problems.append(f"{where}: bad dct {doc.get('dct')!r}")

        def span(kind, i, s, e, text=text, problems=problems, where=where):
            p = _span_problem(text, s, e)
            if p:
                problems.append(f"{where} {kind} {i}: {p}")

        for i, q in enumerate(doc["quotes"]):
            span("quote", i, q["start"], q["end"])
            if q["type"] not in QUOTE_TYPES:
                problems.append(f"{where} quote {i}: type {q['type']!r}")
            for key in ("cue", "speaker", "medium"):
                if q.get(key) is not None:
                    span(f"quote {key}", i, *q[key])
            if q["speaker"] is not None and not q.get("speaker_name"):
                problems.append(f"{where} quote {i}: speaker span without speaker_name")
        for i, t in enumerate(doc["timexes"]):
            span("timex", i, t["start"], t["end"])
            if t["type"] not in TIMEX_TYPES:
                problems.append(f"{where} timex {i}: type {t['type']!r}")
            if not t.get("value"):
                problems.append(f"{where} timex {i}: no value")
        spans = Counter()
        for i, m in enumerate(doc["mentions"]):
            span("mention", i, m["start"], m["end"])
            spans[(m["start"], m["end"], m["kind"])] += 1
            if m["label"] not in LABELS or m["kind"] not in KINDS:
                problems.append(f"{where} mention {i}: label/kind {m['label']}/{m['kind']}")
            if m["kind"] != "name" and "refers_to" not in m:
                problems.append(f"{where} mention {i}: {m['kind']} without refers_to")
        problems += [f"{where}: mention {k} annotated {n} times" for k, n in spans.items() if n > 1]
        expected = [(m["start"], m["end"], p) for m in doc["mentions"]
                    if m["kind"] == "nominal" and m["label"] == "PER"
                    for p in (m["refers_to"] if isinstance(m["refers_to"], list) else [m["refers_to"]])]
        got = [(r["start"], r["end"], r["person"]) for r in doc.get("role_links", [])]
        if sorted(expected, key=str) != sorted(got, key=str):
            problems.append(f"{where}: role_links do not match the nominal PER mentions")
    return problems


def counts(documents: list[dict]) -> dict:
    c: Counter = Counter()
    for doc in documents:
        c["articles"] += 1
        c["characters"] += len(doc["text"])
        for q in doc["quotes"]:
            c["quotes"] += 1
            c[f"quotes.{q['type']}"] += 1
            c["quotes.speaker_span"] += q["speaker"] is not None
            c["quotes.speaker_given"] += q["speaker_name"] is not None
            c["quotes.speaker_is_name"] += bool(q.get("speaker_is_name"))
            c["quotes.speaker_description"] += q["speaker_name"] is not None and not q.get("speaker_is_name")
            c["quotes.speaker_null"] += q["speaker_name"] is None
            c["quotes.cue"] += q["cue"] is not None
            c["quotes.medium"] += q.get("medium") is not None
        c["speakers.distinct"] += len({q["speaker_name"] for q in doc["quotes"] if q["speaker_name"]})
        for t in doc["timexes"]:
            c["timexes"] += 1
            c[f"timexes.{t['type']}"] += 1
        for m in doc["mentions"]:
            c["mentions"] += 1
            c[f"mentions.{m['label']}.{m['kind']}"] += 1
            c["mentions.part"] += bool(m.get("part"))
        for r in doc.get("role_links", []):
            c["role_links"] += 1
            c["role_links.resolved" if r["person"] else "role_links.unresolved"] += 1
    return dict(sorted(c.items()))


# ---------------------------------------------------------------- scoring skeleton
# Predictions: one JSON line per article, {"row": N, "quotes": [{"start", "end", "speaker_name"}],
# "timexes": [{"start", "end", "type", "value"}], "mentions": [{"start", "end", "label", "kind",
# "refers_to"}]}; rows missing from the file count as empty predictions.  Matching is lenient (overlap,
# one-to-one, greedy by largest overlap).

def _overlap(a, b) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def _match(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    pairs = sorted(((_overlap(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
                   reverse=True)
    used_g, used_p, out = set(), set(), []
    for ov, gi, pi in pairs:
        if ov > 0 and gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gold[gi], pred[pi]))
    return out


def _norm(name: str) -> str:
    name = re.sub(r"^(der|die|das|dem|den|des)\s+", "", name.strip(), flags=re.I)
    return re.sub(r"\s+", " ", name).casefold()


def same_person(gold_name: str | None, pred_name: str | None) -> bool:
    """Full or last name agrees (case-insensitive; a leading article is ignored); None only matches None."""
    if gold_name is None or pred_name is None:
        return gold_name is None and pred_name is None
    g, p = _norm(gold_name), _norm(pred_name)
    return g == p or g.split()[-1] == p.split()[-1]


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def score(documents: list[dict], predictions: dict[int, dict]) -> dict:
    out: dict = {}
    # quotes: message overlap, then speaker accuracy on matched quotes
    tp = n_pred = n_gold = spk_ok = 0
    for d in documents:
        pred = predictions.get(d["row"], {}).get("quotes", [])
        pairs = _match(d["quotes"], pred)
        tp, n_pred, n_gold = tp + len(pairs), n_pred + len(pred), n_gold + len(d["quotes"])
        spk_ok += sum(same_person(g["speaker_name"], p.get("speaker_name")) for g, p in pairs)
    out["quotes"] = _prf(tp, n_pred, n_gold) | {"speaker_accuracy": spk_ok / tp if tp else 0.0}
    # timexes: extent (overlap) and value accuracy on matched expressions
    tp = n_pred = n_gold = val_ok = 0
    for d in documents:
        pred = predictions.get(d["row"], {}).get("timexes", [])
        pairs = _match(d["timexes"], pred)
        tp, n_pred, n_gold = tp + len(pairs), n_pred + len(pred), n_gold + len(d["timexes"])
        val_ok += sum(g["value"] == p.get("value") for g, p in pairs)
    out["timexes"] = _prf(tp, n_pred, n_gold) | {"value_accuracy": val_ok / tp if tp else 0.0}
    # names: gold kind=name and not part; predicted names overlapping only a gold part mention are ignored
    tp = n_pred = n_gold = 0
    for d in documents:
        gold = [m for m in d["mentions"] if m["kind"] == "name" and not m.get("part")]
        parts = [m for m in d["mentions"] if m.get("part")]
        pred = [m for m in predictions.get(d["row"], {}).get("mentions", []) if m.get("kind", "name") == "name"]
        pairs = _match(gold, pred)
        matched = {id(p) for _, p in pairs}
        ignored = [p for p in pred if id(p) not in matched and any(_overlap(p, g) for g in parts)]
        tp, n_pred, n_gold = tp + len(pairs), n_pred + len(pred) - len(ignored), n_gold + len(gold)
    out["names"] = _prf(tp, n_pred, n_gold)
    # role links: gold nominal PER mentions with a person; system links on mentions overlapping gold nominals
    gold_links = linked_ok = made = made_ok = 0
    for d in documents:
        gold = [m for m in d["mentions"] if m["kind"] == "nominal" and m["label"] == "PER"]
        pred = [m for m in predictions.get(d["row"], {}).get("mentions", []) if m.get("refers_to")]
        for g, p in _match(gold, pred):
            want = g["refers_to"] if isinstance(g["refers_to"], list) else [g["refers_to"]]
            got = p["refers_to"] if isinstance(p["refers_to"], list) else [p["refers_to"]]
            linked_ok += sum(any(w and same_person(w, x) for x in got) for w in want)
            made += len(got)
            made_ok += sum(any(w and same_person(w, x) for w in want) for x in got)
        gold_links += sum(1 for m in gold
                          for w in (m["refers_to"] if isinstance(m["refers_to"], list) else [m["refers_to"]]) if w)
    out["role_links"] = {"gold": gold_links, "linked_correctly": linked_ok / gold_links if gold_links else 0.0,
                         "links_made": made, "precision": made_ok / made if made else 0.0}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", help="shared data folder with 10kgnad/test.csv (default ../shared/data)")
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--check-gold", action="store_true", help="verify texts and spans, print counts")
    ap.add_argument("--score", metavar="PRED_JSONL", help="score predictions against the gold")
    args = ap.parse_args(argv)
    try:
        documents = load(args.data_dir, args.gold)
    except FileNotFoundError as e:
        print(f"fresh_news: {e}; skipped")
        return 0
    except GoldError as e:
        print(f"fresh_news: {e}")
        return 1
    status = 0
    if args.check_gold or not args.score:
        problems = check(documents)
        for p in problems:
            print("ERROR", p)
        for k, v in counts(documents).items():
            print(f"{k:32} {v}")
        print("gold OK" if not problems else f"{len(problems)} problem(s)")
        status = 1 if problems else 0
    if args.score:
        with open(args.score, encoding="utf-8") as f:
            predictions = {r["row"]: r for r in map(json.loads, filter(str.strip, f))}
        print(json.dumps(score(documents, predictions), indent=2))
    return status


if __name__ == "__main__":
    sys.exit(main())
