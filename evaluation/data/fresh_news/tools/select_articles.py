"""Deterministic article selection for the fresh_news test set (see ../GUIDELINES.md).

Reads ../shared/data/10kgnad/test.csv (relative to the repository root's parent) and prints the chosen
rows.  It looks only at the topic label, the text length and cue words -- never at any system output.

Rule: rows 200.. (rows 0-199 are read by the benchmarks), topics International, Inland, Panorama,
Wirtschaft, Etat, Wissenschaft, text length 500-2500 characters; per topic, in row order, the first 5 articles
that contain a quote mark or a reported-speech cue word (CUE below) and the first 1 article that contains
neither.  6 topics x 6 = 36 articles.
"""
import csv
import hashlib
import re
import sys
from pathlib import Path

TOPICS = ["International", "Inland", "Panorama", "Wirtschaft", "Etat", "Wissenschaft"]
QUOTE = re.compile(r'["„“»«]')
CUE = re.compile(
    r"\b(sagte|sagten|sagt|erklärte|erklärten|erklärt|betonte|meinte|laut|zufolge|berichtete|teilte|hieß es)\b"
)
MIN_LEN, MAX_LEN = 500, 2500
N_QUOTED, N_PLAIN = 5, 1


def read_rows(csv_path):
    with open(csv_path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter=";", quotechar="'"))


def select(rows):
    chosen = []
    for topic in TOPICS:
        quoted, plain = [], []
        for i, (label, text) in enumerate(rows):
            if i < 200 or label != topic or not (MIN_LEN <= len(text) <= MAX_LEN):
                continue
            has = bool(QUOTE.search(text) or CUE.search(text))
            if has and len(quoted) < N_QUOTED:
                quoted.append(i)
            elif not has and len(plain) < N_PLAIN:
                plain.append(i)
        chosen += [(i, topic, True) for i in quoted] + [(i, topic, False) for i in plain]
    return sorted(chosen)


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[4]
    csv_path = Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared/data/10kgnad/test.csv"
    rows = read_rows(csv_path)
    for i, topic, has in select(rows):
        text = rows[i][1]
        print(i, topic, len(text), "quoted" if has else "plain", hashlib.sha256(text.encode("utf-8")).hexdigest())
