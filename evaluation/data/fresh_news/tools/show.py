"""Print a 10kGNAD test article with character offsets (annotation helper; reads the text from ../shared).

    python show.py ROW [--width 100]      text in lines, each prefixed with its start offset
    python show.py ROW --find STRING      every offset of STRING in the text
"""
import argparse
import csv
from pathlib import Path

CSV = Path(__file__).resolve().parents[4].parent / "shared/data/10kgnad/test.csv"


def text_of(row):
    with open(CSV, encoding="utf-8", newline="") as f:
        for i, r in enumerate(csv.reader(f, delimiter=";", quotechar="'")):
            if i == row:
                return r[0], r[1]
    raise SystemExit(f"no row {row}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("row", type=int)
    ap.add_argument("--width", type=int, default=110)
    ap.add_argument("--find")
    a = ap.parse_args()
    label, text = text_of(a.row)
    if a.find:
        i = text.find(a.find)
        while i >= 0:
            print(i, i + len(a.find), repr(text[max(0, i - 30):i + len(a.find) + 30]))
            i = text.find(a.find, i + 1)
    else:
        print(f"# row {a.row} {label} len={len(text)}")
        pos = 0
        while pos < len(text):
            end = min(len(text), pos + a.width)
            if end < len(text):
                sp = text.rfind(" ", pos, end)
                if sp > pos:
                    end = sp + 1
            print(f"{pos:5d} {text[pos:end]}")
            pos = end
