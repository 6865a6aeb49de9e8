#!/usr/bin/env python3
"""Build ``examples/wikinews.jsonl`` from the SpkAtt-2023 Wikinews token files.

The SpkAtt-2023 shared-task data (CC BY-NC-SA 4.0) ships German Wikinews articles as
tokenised sentences together with speaker-attribution annotations. Only the article
*texts* are used here: they come from German Wikinews and are licensed CC BY 2.5, so
they may be redistributed with attribution. The ``Annotations`` are never read into the
output.

Usage::

    python scripts/build_examples.py [--source DIR] [--out examples/wikinews.jsonl] [--count 40]

Standard library only; runs offline. The selection is deterministic.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data" / "spkatt2023_news" / "train"
DEFAULT_OUT = REPO_ROOT / "examples" / "wikinews.jsonl"
WIKINEWS_BASE = "https://de.wikinews.org/wiki/"

# German Wikinews started in 2004; anything outside this range is a broken date (e.g. year 0001).
MIN_YEAR = 2004
MAX_YEAR = 2030

MIN_TOKENS = 150
MAX_TOKENS = 800

DOCNAME_RE = re.compile(r"^(?P<id>\d+) - (?P<title>.+) \((?P<date>\d{4}-\d{2}-\d{2})\)$")

# --- detokenisation -------------------------------------------------------------------------

#: Tokens that attach to the preceding token (no space before).
NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "“", "”", "`"})
#: Tokens that attach to the following token (no space after).
NO_SPACE_AFTER = frozenset({"„", "(", "[", "{"})
#: Tokens glued on both sides ("CDU / CSU" -> "CDU/CSU", "2005 / 06" -> "2005/06").
GLUE_BOTH = frozenset({"/"})
#: Ellipses attach to the preceding word ("Hände ...", "[...]").
ELLIPSES = frozenset({"...", "…"})
#: Double-quote characters that close a quotation opened with „ (or an ASCII ").
DOUBLE_CLOSE = frozenset({"“", "”"})
GUILLEMETS = frozenset({"«", "»"})
#: Characters used as apostrophes or single quotes.
APOSTROPHES = frozenset({"’", "´", "'"})
#: Wiki markup for italics that survived tokenisation; it is not text.
DROP_TOKENS = frozenset({"''"})
#: Tokens after which an ASCII " must be a closing quote.
_CLOSER_FOLLOWERS = frozenset({",", ".", ";", ":", "!", "?", ")", "]"})


def _is_closing_ascii_double(prev_open: bool, tokens: Sequence[str], i: int) -> bool:
    """Decide whether the ASCII ``"`` at ``tokens[i]`` closes a quotation."""
    if prev_open:
        return True
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is None or nxt in _CLOSER_FOLLOWERS


def detokenize(sentences: Iterable[Sequence[str]]) -> str:
    """Join tokenised German sentences into natural running text.

    Sentences are joined by a single space. Quote state (open „, ASCII ", guillemets, single
    quotes) is tracked across the whole article because quotations often span sentences.
    """
    pieces: list[str] = []
    # "glue" means: no space between the previous piece and the next one.
    glue_next = True  # nothing before the first token
    double_open = False  # a „ or opening ASCII " is pending
    guillemet_open = False
    single_open = False  # a ‚ or opening ASCII ' is pending

    last = ""  # previous token, across sentence boundaries
    for sentence in sentences:
        tokens = [t for t in sentence if t and t not in DROP_TOKENS]
        for i, tok in enumerate(tokens):
            prev = last
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            space_before = not glue_next
            glue_after = False

            if tok in NO_SPACE_BEFORE:
                space_before = False
                if tok in DOUBLE_CLOSE:
                    double_open = False
            elif tok in NO_SPACE_AFTER:
                glue_after = True
                if tok == "„":
                    double_open = True
            elif tok in GLUE_BOTH:
                space_before = False
                glue_after = True
            elif tok in ELLIPSES:
                # "[ ... ]" and "( … )" stay tight; after a word the ellipsis attaches to it.
                if prev[-1:].isalnum():
                    space_before = False
            elif tok == '"':
                if _is_closing_ascii_double(double_open, tokens, i):
                    space_before = False
                    double_open = False
                else:
                    glue_after = True
                    double_open = True
            elif tok in GUILLEMETS:
                # Works for both German »…« and Swiss/French «…» conventions.
                if guillemet_open:
                    space_before = False
                    guillemet_open = False
                else:
                    glue_after = True
                    guillemet_open = True
            elif tok == "‚":
                glue_after = True
                single_open = True
            elif tok == "‘":
                if single_open:
                    space_before = False
                    single_open = False
                else:  # transliterated ayn, e.g. "‘Adi"
                    glue_after = True
            elif tok in APOSTROPHES:
                rest = tokens[i + 1 :]
                if single_open:
                    space_before = False
                    single_open = False
                elif (len(prev) == 1 and prev.isupper()) or nxt == "s":
                    # O’Keefe, Moody’s
                    space_before = False
                    glue_after = True
                elif tok == "'" and "'" in rest:
                    glue_after = True
                    single_open = True
                elif prev[-1:] in {"s", "x", "z", "ß"}:
                    # genitive apostrophe: "Lenz' Kollegen", "Kids’ Right"
                    space_before = False
                else:
                    # elision at word start: "’Ndrangheta"
                    glue_after = True
            elif tok.count('"') % 2:
                # a token carrying its own quote mark, e.g. 'All-NBA-First-Team"-Spieler'
                double_open = not double_open

            if pieces and space_before:
                pieces.append(" ")
            pieces.append(tok)
            glue_next = glue_after
            last = tok
        # a new sentence starts with a space unless the last token asked for glue
    return _normalise_text("".join(pieces))


def _normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    # No raw line-separator characters in the text: keep every article on one JSONL line.
    text = re.sub(r"[\u0085\u2028\u2029\r\n\t\v\f]+", " ", text)
    return re.sub(r" {2,}", " ", text).strip()


# --- source reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    wikinews_id: str
    title: str
    published: str
    sentences: tuple[tuple[str, ...], ...]

    @property
    def year(self) -> int:
        return int(self.published[:4])

    @property
    def n_tokens(self) -> int:
        return sum(len(s) for s in self.sentences)

    @property
    def url(self) -> str:
        return WIKINEWS_BASE + quote(self.title.replace(" ", "_"))


def parse_document_name(name: str) -> tuple[str, str, str] | None:
    """``"<id> - <title> (<YYYY-MM-DD>)"`` -> (id, title, date) or None if unparsable/invalid."""
    m = DOCNAME_RE.match(name.strip())
    if not m:
        return None
    try:
        date = dt.date.fromisoformat(m["date"])
    except ValueError:
        return None
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        return None
    return m["id"], m["title"].strip(), date.isoformat()


def load_articles(source: Path) -> tuple[list[Article], list[str]]:
    """Read every ``*.json`` in ``source``. Only ``DocumentName`` and ``Sentences`` are used."""
    articles: list[Article] = []
    skipped: list[str] = []
    for path in sorted(source.glob("*.json")):
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
        name = str(data.get("DocumentName", ""))
        parsed = parse_document_name(name)
        if parsed is None:
            skipped.append(f"{path.name}: {name!r}")
            continue
        wid, title, published = parsed
        raw = sorted(data.get("Sentences", []), key=lambda s: int(s["SentenceId"]))
        sentences = tuple(tuple(str(t) for t in s["Tokens"]) for s in raw)
        # deliberately nothing from data["Annotations"] (CC BY-NC-SA)
        articles.append(Article(wid, title, published, sentences))
    articles.sort(key=lambda a: int(a.wikinews_id))
    return articles, skipped


# --- selection --------------------------------------------------------------------------------

SPEECH_VERBS = frozenset(
    {
        "sagte", "sagten", "sagt", "erklärte", "erklärten", "betonte", "betonten", "teilte",
        "teilten", "kritisierte", "kritisierten", "forderte", "forderten", "warnte", "warnten",
        "meinte", "äußerte", "berichtete", "berichteten", "kündigte", "bestätigte", "sprach",
        "zufolge", "bezeichnete", "wies", "verwies", "räumte", "versicherte", "behauptete",
        "erläuterte", "hieß", "zitiert", "zitierte",
    }
)  # fmt: skip
KONJUNKTIV_I = frozenset(
    {
        "sei", "seien", "habe", "werde", "werden", "könne", "müsse", "solle", "wolle", "gebe",
        "dürfe", "stehe", "gehe", "liege", "komme", "bestehe", "handle", "handele", "wisse",
    }
)  # fmt: skip
#: Tokens that signal material that does not read well as running text.
UNCLEAN_TOKENS = frozenset({"''", "´", "`", "'", "’", "‘", "‚", '"', "«", "»", "&", "-", "…", "..."})
TERMINAL = frozenset({".", "!", "?", ":", ";"})
TRAILING = frozenset({"“", "”", ")", "]", '"', "»", "«"})


def _sentence_is_complete(tokens: Sequence[str]) -> bool:
    """Ends like a sentence (not a heading, caption or table row).

    Sentences made only of quote marks (a stray opening or closing quote split off by the
    sentence splitter) are accepted; final periods glued to numbers ("2011.") count.
    """
    toks = list(tokens)
    while toks and toks[-1] in TRAILING:
        toks.pop()
    if not toks:
        return bool(tokens)
    if toks == ["„"]:
        return True
    last = toks[-1]
    return last in TERMINAL or (len(last) > 1 and last.endswith(".") and last[-2].isdigit())


def is_clean(article: Article) -> bool:
    """True if the article reads as plain prose: no tables, headings, wiki markup, odd quotes."""
    if not MIN_TOKENS <= article.n_tokens <= MAX_TOKENS:
        return False
    tokens = [t for s in article.sentences for t in s]
    if any(t in UNCLEAN_TOKENS for t in tokens):
        return False
    if tokens.count("„") != sum(tokens.count(c) for c in DOUBLE_CLOSE):
        return False
    if tokens.count("(") != tokens.count(")") or tokens.count("[") != tokens.count("]"):
        return False
    if "Wikinews" in tokens:  # interviews and self-references
        return False
    return all(_sentence_is_complete(s) for s in article.sentences)


def _direct_quotes(tokens: Sequence[str], min_len: int = 4) -> int:
    """Number of „…“ spans with at least ``min_len`` tokens (shorter ones are names/scare quotes)."""
    n, start = 0, -1
    for i, t in enumerate(tokens):
        if t == "„":
            start = i
        elif t in DOUBLE_CLOSE and start >= 0:
            if i - start - 1 >= min_len:
                n += 1
            start = -1
    return n


def speech_score(article: Article) -> tuple[int, int, int]:
    """(direct quotes, speech verbs, Konjunktiv-I forms), counted on the tokens only."""
    tokens = [t for s in article.sentences for t in s]
    verbs = sum(1 for t in tokens if t in SPEECH_VERBS)
    konj = sum(1 for t in tokens if t in KONJUNKTIV_I)
    return _direct_quotes(tokens), verbs, konj


def has_speech(article: Article) -> bool:
    quotes, verbs, konj = speech_score(article)
    return verbs >= 2 and (quotes >= 1 or konj >= 2)


def choose_demo(articles: Sequence[Article]) -> Article:
    """Article with both direct quotes and reported speech, of moderate length (ties: lowest id)."""

    def key(a: Article) -> tuple[int, int, int, int]:
        quotes, verbs, konj = speech_score(a)
        both = quotes >= 1 and konj >= 2
        moderate = 200 <= a.n_tokens <= 500
        return int(both), int(moderate), min(quotes, 4) + min(verbs, 6) + min(konj, 6), -int(a.wikinews_id)

    return max(articles, key=key)


def _round_robin(pools: dict[int, list[Article]], n: int) -> list[Article]:
    """Take ``n`` articles visiting the years in turn; within a year the lowest id first."""
    queues = {year: list(pool) for year, pool in sorted(pools.items())}
    out: list[Article] = []
    while len(out) < n and any(queues.values()):
        for year in queues:
            if queues[year] and len(out) < n:
                out.append(queues[year].pop(0))
    return out


def select(articles: Sequence[Article], count: int, speech_share: float = 2 / 3) -> list[Article]:
    """Deterministic varied selection: clean prose, spread over the years, mostly with speech.

    About ``speech_share`` of the articles are taken round-robin over the years from the
    articles with speech, the rest round-robin from the others (topping up from whichever
    pool still has candidates). The demo article comes first, the rest in id order.
    """
    speech: dict[int, list[Article]] = defaultdict(list)
    other: dict[int, list[Article]] = defaultdict(list)
    for a in articles:  # already sorted by id
        if is_clean(a):
            (speech if has_speech(a) else other)[a.year].append(a)

    n_speech = round(count * speech_share)
    picked = _round_robin(speech, n_speech)
    picked += _round_robin(other, count - len(picked))
    if len(picked) < count:
        chosen = {a.wikinews_id for a in picked}
        remaining = {y: [a for a in pool if a.wikinews_id not in chosen] for y, pool in speech.items()}
        picked += _round_robin(remaining, count - len(picked))
    if not picked:
        return []
    demo = choose_demo(picked)
    rest = sorted((a for a in picked if a is not demo), key=lambda a: int(a.wikinews_id))
    return [demo, *rest]


# --- output -----------------------------------------------------------------------------------


def to_record(article: Article) -> dict[str, str]:
    return {
        "text": detokenize(article.sentences),
        "title": article.title,
        "published": article.published,
        "url": article.url,
        "outlet": "Wikinews",
        "licence": "CC BY 2.5",
        "wikinews_id": article.wikinews_id,
    }


def write_jsonl(records: Sequence[dict[str, str]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--source",
        type=Path,
        default=DEFAULT_SOURCE,
        help="directory with SpkAtt-2023 news *.json files (default: %(default)s)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output JSONL (default: %(default)s)")
    parser.add_argument("--count", type=int, default=40, help="number of articles (default: %(default)s)")
    parser.add_argument("--show", type=int, default=3, help="print the first N texts for inspection")
    parser.add_argument(
        "--table",
        action="store_true",
        help="also print a Markdown table (id, date, title) for examples/README.md",
    )
    args = parser.parse_args(argv)

    if not args.source.is_dir():
        print(f"error: source directory not found: {args.source}", file=sys.stderr)
        return 2
    articles, skipped = load_articles(args.source)
    for s in skipped:
        print(f"skipped (invalid DocumentName/date): {s}", file=sys.stderr)
    chosen = select(articles, args.count)
    if len(chosen) < args.count:
        print(f"warning: only {len(chosen)} articles qualified (wanted {args.count})", file=sys.stderr)
    records = [to_record(a) for a in chosen]
    write_jsonl(records, args.out)

    words = sum(len(r["text"].split()) for r in records)
    years = sorted({r["published"][:4] for r in records})
    n_speech = sum(1 for a in chosen if has_speech(a))
    print(
        f"wrote {len(records)} articles ({words} words, {n_speech} with speech, "
        f"years {years[0]}-{years[-1]}) to {args.out}"
        if records
        else f"wrote nothing to {args.out}"
    )
    if args.table:
        print("\n| # | id | date | title |\n|---|---|---|---|")
        for i, rec in enumerate(records, start=1):
            title = rec["title"].replace("|", "\\|")
            print(f"| {i} | [{rec['wikinews_id']}]({rec['url']}) | {rec['published']} | {title} |")
    for rec in records[: args.show]:
        print(f"\n--- {rec['wikinews_id']} {rec['published']} {rec['title']}\n{rec['url']}\n{rec['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
