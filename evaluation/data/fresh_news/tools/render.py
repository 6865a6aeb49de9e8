"""Print an article with its gold mentions and timexes marked inline (review helper).

    python render.py ROW [--gold ../gold.jsonl]

Mentions: [surface|LABEL kind(->refers_to)]  (nominal N, pronoun P, name n, part p);  timexes: {surface|TYPE value}.
Nested mentions are shown with their outer span only, the inner ones listed after the text.
"""
import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from show import text_of  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("row", type=int)
ap.add_argument("--gold", default=str(HERE.parent / "gold.jsonl"))
a = ap.parse_args()
for line in open(a.gold, encoding="utf-8"):
    d = json.loads(line)
    if d["row"] != a.row:
        continue
    _, text = text_of(a.row)
    items = []
    for m in d["mentions"]:
        k = {"name": "n", "nominal": "N", "pronoun": "P"}[m["kind"]] + ("p" if m.get("part") else "")
        r = m.get("refers_to")
        tag = f"{m['label']} {k}" + (f"->{r}" if r else ("->?" if m["kind"] != "name" else ""))
        items.append((m["start"], m["end"], "[", "|" + tag + "]"))
    for t in d["timexes"]:
        items.append((t["start"], t["end"], "{", f"|{t['type']} {t['value']}}}"))
    items.sort(key=lambda x: (x[0], -x[1]))
    out, pos, inner = [], 0, []
    for s, e, o, c in items:
        if s < pos:
            inner.append(f"  inner: {text[s:e]!r}{c}")
            continue
        out.append(text[pos:s] + o + text[s:e] + c)
        pos = e
    out.append(text[pos:])
    print("".join(out))
    print("\n".join(inner))
