"""Gold data for the temporal tagger evaluation: WikiWarsDE (TIMEX2) and the lagebild news dev set (TIMEX3).

Also the scoring: extent P/R/F1 (strict = same offsets, relaxed = overlap, one-to-one), value accuracy
on relaxed matches and TempEval-3-style value F1.  See ``docs/timex.md`` for the definitions and for how
TIMEX2 values are made comparable with TIMEX3 (:func:`canonical_value`).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
NEWS_DEV = REPO_ROOT / "evaluation" / "data" / "timex_news_dev.jsonl"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    value: str | None
    type: str | None = None
    mod: str | None = None


@dataclass
class Document:
    id: str
    text: str
    dct: str | None
    genre: str
    gold: list[Span] = field(default_factory=list)


def shared_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """``--data-dir``, else ``$LAGEBILD_SHARED``, else ``<repo>/../shared/data``; None when the chosen one is
    missing (an explicit but missing folder means "no shared data", it does not fall back)."""
    chosen = explicit or os.environ.get("LAGEBILD_SHARED") or REPO_ROOT.parent / "shared" / "data"
    return Path(chosen) if Path(chosen).is_dir() else None


def load_news_dev(path: Path = NEWS_DEV) -> list[Document]:
    documents = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            gold = [Span(t["start"], t["end"], t["value"], t["type"], t.get("mod")) for t in record["timexes"]]
            documents.append(Document(record["wikinews_id"], record["text"], record["dct"], "news", gold))
    return documents


_TIMEX2 = re.compile(r"<TIMEX2([^>]*)>|</TIMEX2>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def parse_timex2_inline(markup: str) -> tuple[str, list[Span]]:
    """Plain text and the outermost ``<TIMEX2 val=...>`` spans of WikiWarsDE's inline markup."""
    pieces: list[str] = []
    spans: list[Span] = []
    stack: list[tuple[int, dict[str, str]]] = []
    length, position = 0, 0
    for match in _TIMEX2.finditer(markup):
        pieces.append(markup[position:match.start()])
        length += match.start() - position
        position = match.end()
        if match.group(0).startswith("</"):
            start, attributes = stack.pop()
            if not stack:  # nested TIMEX2 (three in the corpus) are scored through their outer expression
                spans.append(Span(start, length, attributes.get("val") or None, None, attributes.get("mod")))
        else:
            stack.append((length, dict(_ATTRIBUTE.findall(match.group(1)))))
    pieces.append(markup[position:])
    spans.sort(key=lambda s: (s.start, s.end))
    return "".join(pieces), spans


def load_wikiwarsde(data_dir: Path) -> list[Document]:
    folder = data_dir / "wikiwarsde" / "WikiWarsDE_20110412" / "keyinline"
    documents = []
    for path in sorted(folder.glob("*.key.xml")):
        raw = path.read_text(encoding="utf-8")
        dct_match = re.search(r"<DATETIME>.*?val=\"(\d{4}-\d{2}-\d{2})", raw, re.S)
        body = raw[raw.index("<TEXT>") + len("<TEXT>"):raw.index("</TEXT>")]
        text, spans = parse_timex2_inline(body)
        documents.append(Document(path.name.split(".")[0], text, dct_match[1] if dct_match else None,
                                  "narrative", spans))
    return documents


# --- value comparison ---------------------------------------------------------------------------------

_MONTHS_PER = {"Y": 12, "M": 1, "Q": 3, "DE": 120, "CE": 1200, "ML": 12000}
_SECONDS_PER = {"W": 604800, "D": 86400, "H": 3600, "TM": 60, "S": 1}
_DURATION = re.compile(r"^P(?!$)((?:(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D|DE|CE|ML|Q|WE))*)"
                       r"(?:T((?:(?:\d+(?:\.\d+)?|X)[HMS])+))?$")
_PART = re.compile(r"(\d+(?:\.\d+)?|X)(DE|CE|ML|WE|Y|M|W|D|Q|H|S)")


def canonical_value(value: str | None) -> str | None:
    """A comparable form of a TIMEX2 or TIMEX3 value.

    * seconds ``:00`` are dropped (``T17:00:00`` = ``T17:00``) and ``+01`` = ``+01:00``;
    * durations are compared by length: ``P1CE`` = ``P100Y`` = ``P1200M``, ``P2W`` = ``P14D``,
      ``PT90M`` = ``PT1.5H``, ``P1Y6M`` = ``P1.5Y``; vague durations keep their unit (``PXY``);
    * everything else (dates, ``BC0490``, ``1943-SP``, ``1939-W36``, ``PRESENT_REF``) must be equal.
    """
    if value is None:
        return None
    text = value.strip().upper()
    text = re.sub(r"(T\d{2}:\d{2}):00(?=$|[+-]|Z)", r"\1", text)
    text = re.sub(r"([+-]\d{2})$", r"\1:00", text)  # "+01" = "+01:00"
    match = _DURATION.match(text)
    if not match:
        return text
    months = seconds = 0.0
    for part, is_time in ((match[1] or "", False), (match[2] or "", True)):
        for amount, unit in _PART.findall(part):
            key = "TM" if is_time and unit == "M" else unit
            if amount == "X":
                return f"PX{key}"
            if key in _MONTHS_PER:
                months += float(amount) * _MONTHS_PER[key]
            elif key in _SECONDS_PER:
                seconds += float(amount) * _SECONDS_PER[key]
            else:
                return text
    return f"P{months:g}MONTHS{seconds:g}SECONDS"


# --- scoring ------------------------------------------------------------------------------------------


@dataclass
class Scores:
    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    value_pairs: int = 0  # relaxed matches whose gold has a value
    value_correct: int = 0
    type_pairs: int = 0
    type_correct: int = 0

    @staticmethod
    def _f1(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
        precision = correct / predicted if predicted else 0.0
        recall = correct / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return 100 * precision, 100 * recall, 100 * f1

    @property
    def strict_prf(self) -> tuple[float, float, float]:
        return self._f1(self.strict, self.predicted, self.gold)

    @property
    def relaxed_prf(self) -> tuple[float, float, float]:
        return self._f1(self.relaxed, self.predicted, self.gold)

    @property
    def value_accuracy(self) -> float:
        return 100 * self.value_correct / self.value_pairs if self.value_pairs else 0.0

    @property
    def value_f1(self) -> float:
        return self._f1(self.value_correct, self.predicted, self.gold)[2]

    @property
    def type_accuracy(self) -> float | None:
        return 100 * self.type_correct / self.type_pairs if self.type_pairs else None


def score(documents: Sequence[Document], predictions: Sequence[Sequence[Span]]) -> Scores:
    scores = Scores()
    for document, predicted in zip(documents, predictions, strict=True):
        scores.gold += len(document.gold)
        scores.predicted += len(predicted)
        exact = {(p.start, p.end) for p in predicted}
        scores.strict += sum((g.start, g.end) in exact for g in document.gold)
        used: set[int] = set()
        for gold in document.gold:
            best, best_overlap = None, 0
            for index, prediction in enumerate(predicted):
                overlap = min(gold.end, prediction.end) - max(gold.start, prediction.start)
                if index not in used and overlap > best_overlap:
                    best, best_overlap = index, overlap
            if best is None:
                continue
            used.add(best)
            scores.relaxed += 1
            match = predicted[best]
            if gold.value is not None:
                scores.value_pairs += 1
                scores.value_correct += canonical_value(match.value) == canonical_value(gold.value)
            if gold.type is not None:
                scores.type_pairs += 1
                scores.type_correct += match.type == gold.type
    return scores
