"""Loaders for the NER corpora in ``../shared/data``, all mapped to one tag set.

Every loader yields :class:`TaggedSentence` (tokens + IOB2 tags) in lagebild's
label space:

* ``PER``, ``ORG``, ``LOC``, ``MISC`` -- the four mention labels;
* ``PERpart`` ... ``MISCpart`` -- GermEval's "-part" tokens (a name inside a
  compound: ``EU-Budget``, ``G20-Gipfels``).  The model learns them so that the
  run-time component can cut the name out of the compound; the evaluation maps
  them to ``O`` (they are not mentions).

Label mappings (why: only PER/ORG/LOC/MISC exist in lagebild's contract):

============ ================================================================
GermEval     PER/ORG/LOC kept, OTH -> MISC, X-part -> Xpart (OTHpart -> MISCpart),
             X-deriv -> O (adjectives such as "deutschen" are not mentions).
             Outer level only (official metric uses outer chunks).
SmartData    person -> PER; organization, organization-company -> ORG;
             location, location-city/-street/-stop/-route -> LOC; rest -> O.
             No MISC annotation (``has_misc=False``).  v1 (complete corpus,
             char offsets) is tokenized with lagebild's own tokenizer.
MobIE        same mapping as SmartData (same DFKI scheme); tweets + traffic.
LER          PER+RR+AN -> PER; LD+ST+STR+LDS -> LOC; ORG+UN+INN+GRT+MRK -> ORG;
             laws, regulations, court decisions, literature -> O.
Europeana    PER/LOC/ORG as is (sbb typo "PEr" -> PER, other typos -> O);
             no sentence boundaries: cut after ./!/? or every 40 tokens.
HIPE-2022    NE-COARSE-LIT pers -> PER, loc -> LOC, org -> ORG,
             prod/HumanProd -> MISC (too few to count as MISC annotation);
             sentences split at ``EndOfSentence``; long s "ſ" -> "s".
============ ================================================================

Licences (all allow training a shipped model): GermEval CC BY 4.0, SmartData
CC BY 4.0, MobIE CC BY 4.0, LER CC BY 4.0, Europeana CC0, HIPE NewsEye/SoNAR
CC BY 4.0.  Non-commercial sets (10kGNAD, SpkAtt news, Redewiedergabe) are never
read here.
"""

from __future__ import annotations

import gzip
import json
import lzma
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MENTION_LABELS = ("PER", "ORG", "LOC", "MISC")
PART_LABELS = tuple(label + "part" for label in MENTION_LABELS)
ALL_TYPES = MENTION_LABELS + PART_LABELS


@dataclass
class TaggedSentence:
    tokens: list[str]
    tags: list[str]
    source: str
    # False when the corpus does not annotate MISC/part names: its "O" then means
    # "O or MISC or part" (the accurate model trains with a partial-label loss).
    has_misc: bool = True


def shared_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """``--data-dir``, else ``$LAGEBILD_SHARED``, else ``<repo>/../shared/data``; None if absent."""
    candidates = [explicit, os.environ.get("LAGEBILD_SHARED"), REPO.parent / "shared" / "data"]
    for candidate in candidates:
        if not candidate:
            continue
        path = Path(candidate)
        if (path / "data" / "germeval2014").is_dir():
            path = path / "data"
        if (path / "germeval2014").is_dir():
            return path
    return None


# --------------------------------------------------------------------- helpers
def _fix_iob(tags: list[str]) -> list[str]:
    """IOB1/loose IOB -> IOB2: an I- that does not continue its type starts a chunk."""
    fixed: list[str] = []
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        fixed.append(tag)
        previous = tag
    return fixed


def _map_tags(tags: Iterable[str], mapping: dict[str, str]) -> list[str]:
    out: list[str] = []
    for tag in tags:
        if tag == "O" or len(tag) < 3 or tag[1] != "-":
            out.append("O")
            continue
        label = mapping.get(tag[2:])
        out.append(f"{tag[0]}-{label}" if label else "O")
    return _fix_iob(out)


def _conll_blocks(lines: Iterable[str], sep: str | None = None) -> Iterator[list[list[str]]]:
    block: list[list[str]] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            if block:
                yield block
            block = []
            continue
        block.append(line.split(sep))
    if block:
        yield block


# -------------------------------------------------------------------- GermEval
GERMEVAL_MAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "OTH": "MISC",
                "PERpart": "PERpart", "ORGpart": "ORGpart", "LOCpart": "LOCpart", "OTHpart": "MISCpart"}


def load_germeval(data_dir: Path, split: str) -> list[TaggedSentence]:
    """GermEval 2014 ``dev`` or ``test``: outer level, labels mapped as in the module doc."""
    path = data_dir / "germeval2014" / f"NER-de-{split}.tsv"
    sentences: list[TaggedSentence] = []
    with path.open(encoding="utf-8") as handle:
        for block in _conll_blocks(handle, "\t"):
            rows = [row for row in block if row[0] != "#"]
            tokens = [row[1] for row in rows]
            tags = _map_tags((row[2] for row in rows), GERMEVAL_MAP)
            sentences.append(TaggedSentence(tokens, tags, f"germeval-{split}"))
    return sentences


# ------------------------------------------------------------ SmartData / MobIE
DFKI_MAP = {"person": "PER", "organization": "ORG", "organization-company": "ORG",
            "location": "LOC", "location-city": "LOC", "location-street": "LOC",
            "location-stop": "LOC", "location-route": "LOC"}


def load_mobie(data_dir: Path, splits: tuple[str, ...] = ("train", "dev", "test")) -> list[TaggedSentence]:
    sentences: list[TaggedSentence] = []
    for split in splits:
        with (data_dir / "mobie_ner" / f"{split}.conll2003").open(encoding="utf-8") as handle:
            for block in _conll_blocks(handle, "\t"):
                if block[0][0].startswith("-DOCSTART-"):
                    block = block[1:]
                if not block:
                    continue
                tokens = [row[0] for row in block]
                tags = _map_tags((row[-1] for row in block), DFKI_MAP)
                sentences.append(TaggedSentence(tokens, tags, "mobie", has_misc=False))
    return sentences


def _avro_documents(path: Path) -> Iterator[dict[str, object]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        text = handle.read()
    decoder = json.JSONDecoder()
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return
        document, position = decoder.raw_decode(text, position)
        yield document


def load_smartdata(data_dir: Path, sources: tuple[str, ...] = ("news", "rss", "tweet")) -> list[TaggedSentence]:
    """SmartData v1 (the complete corpus), tokenized and sentence-split by lagebild itself."""
    from lagebild.nlp.tokenize import split_sentences, tokenize

    sentences: list[TaggedSentence] = []
    for split in ("train", "test"):
        for document in _avro_documents(data_dir / "smartdata_ner" / "v1_20180119" / f"{split}.json.gz"):
            refids = document.get("refids") or {}
            source = str(refids.get("map", {}).get("source", "")) if isinstance(refids, dict) else ""
            if source not in sources:
                continue
            text_field = document.get("text")
            text = text_field.get("string", "") if isinstance(text_field, dict) else str(text_field or "")
            mentions_field = document.get("conceptMentions") or {}
            mentions = mentions_field.get("array", []) if isinstance(mentions_field, dict) else []
            char_label: list[str | None] = [None] * len(text)
            starts: set[int] = set()
            for mention in mentions:
                label = DFKI_MAP.get(mention["type"])
                if not label:
                    continue
                start, end = mention["span"]["start"], mention["span"]["end"]
                if any(char_label[start:end]):  # overlapping annotation: keep the first
                    continue
                for i in range(start, end):
                    char_label[i] = label
                starts.add(start)
            spans = tokenize(text)
            for sent_start, sent_end in split_sentences(text, spans):
                tokens: list[str] = []
                tags: list[str] = []
                previous: str | None = None
                for start, end in spans:
                    if start < sent_start or end > sent_end:
                        continue
                    label = char_label[start]
                    tokens.append(text[start:end])
                    if label is None:
                        tags.append("O")
                    elif previous == label and start not in starts:
                        tags.append("I-" + label)
                    else:
                        tags.append("B-" + label)
                    previous = label
                if tokens:
                    sentences.append(TaggedSentence(tokens, tags, f"smartdata-{source}", has_misc=False))
    return sentences


# ------------------------------------------------------------------------- LER
LER_MAP = {"PER": "PER", "RR": "PER", "AN": "PER", "LD": "LOC", "ST": "LOC", "STR": "LOC", "LDS": "LOC",
           "ORG": "ORG", "UN": "ORG", "INN": "ORG", "GRT": "ORG", "MRK": "ORG"}
LER_FILES = ("bag", "bfh", "bgh", "bpatg", "bsg", "bverfg", "bverwg")


def load_ler(data_dir: Path, files: tuple[str, ...] = LER_FILES) -> list[TaggedSentence]:
    sentences: list[TaggedSentence] = []
    for name in files:
        with lzma.open(data_dir / "ler_legal_ner" / f"{name}.conll.xz", "rt", encoding="utf-8") as handle:
            for block in _conll_blocks(handle, " "):
                rows = [row for row in block if len(row) == 2]
                if rows:
                    tags = _map_tags((row[1] for row in rows), LER_MAP)
                    sentences.append(TaggedSentence([row[0] for row in rows], tags, "ler", has_misc=False))
    return sentences


# ------------------------------------------------------------------- Europeana
EUROPEANA_MAP = {"PER": "PER", "PEr": "PER", "LOC": "LOC", "ORG": "ORG"}
_SENTENCE_END = {".", "!", "?"}


def load_europeana(data_dir: Path, window: int = 40) -> list[TaggedSentence]:
    sentences: list[TaggedSentence] = []
    for name in ("lft", "onb", "sbb"):
        rows: list[list[str]] = []
        with (data_dir / "europeana_ner_de" / f"enp_DE.{name}.bio").open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                fields = line.split()
                if line.startswith("# ") or len(fields) != 2:
                    continue
                rows.append(fields)
        chunk: list[list[str]] = []
        for row in [*rows, ["", "END"]]:
            if row[1] != "END":
                chunk.append(row)
            if chunk and (row[1] == "END" or (row[0] in _SENTENCE_END and row[1] == "O") or len(chunk) >= window):
                sentences.append(TaggedSentence([r[0] for r in chunk], _map_tags((r[1] for r in chunk), EUROPEANA_MAP),
                                                "europeana", has_misc=False))
                chunk = []
    return sentences


# ------------------------------------------------------------------------ HIPE
HIPE_MAP = {"pers": "PER", "PER": "PER", "loc": "LOC", "LOC": "LOC", "org": "ORG", "ORG": "ORG",
            "prod": "MISC", "HumanProd": "MISC"}


def load_hipe(data_dir: Path) -> list[TaggedSentence]:
    sentences: list[TaggedSentence] = []
    for path in sorted((data_dir / "hipe2022_newseye_sonar_de").glob("HIPE-2022-*.tsv")):
        tokens: list[str] = []
        tags: list[str] = []
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.startswith(("#", "TOKEN\t")) or not line.strip():
                    continue
                fields = line.rstrip("\n").split("\t")
                if len(fields) < 10:
                    continue
                tokens.append(fields[0].replace("ſ", "s"))
                tags.append(fields[1])
                if "EndOfSentence" in fields[9] or len(tokens) >= 80:
                    sentences.append(TaggedSentence(tokens, _map_tags(tags, HIPE_MAP), "hipe", has_misc=False))
                    tokens, tags = [], []
        if tokens:
            sentences.append(TaggedSentence(tokens, _map_tags(tags, HIPE_MAP), "hipe", has_misc=False))
    return sentences


# --------------------------------------------------------------------- mixing
_WS = re.compile(r"\s+")


def clean_tokens(sentences: list[TaggedSentence]) -> list[TaggedSentence]:
    """Drop empty tokens (some corpora have them) and inner whitespace."""
    out: list[TaggedSentence] = []
    for sentence in sentences:
        pairs = [(_WS.sub("", tok), tag) for tok, tag in zip(sentence.tokens, sentence.tags, strict=True)]
        pairs = [(tok, tag) for tok, tag in pairs if tok]
        if pairs:
            out.append(TaggedSentence([p[0] for p in pairs], _fix_iob([p[1] for p in pairs]),
                                      sentence.source, sentence.has_misc))
    return out


def training_corpus(data_dir: Path, *, include_test: bool, ler_files: tuple[str, ...] = LER_FILES,
                    ler_every: int = 1) -> list[TaggedSentence]:
    """All licence-clean training data; GermEval test only when ``include_test`` (final model)."""
    sentences = load_germeval(data_dir, "dev")
    if include_test:
        sentences += load_germeval(data_dir, "test")
    sentences += load_smartdata(data_dir)
    sentences += load_mobie(data_dir)
    sentences += load_ler(data_dir, ler_files)[::ler_every]
    sentences += load_europeana(data_dir)
    sentences += load_hipe(data_dir)
    return clean_tokens(sentences)
