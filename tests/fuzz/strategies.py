"""Hypothesis strategies for hostile and broken lagebild input.

Every strategy here produces :class:`Case` values: one input (a file with a name,
stdin bytes, or a special file) that :func:`tests.fuzz.harness.run_case` feeds to
lagebild between two good inputs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".ndjson", ".json", ".text", ".xhtml", ".xyz", "")
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "iso-8859-15", "utf-16", "utf-16-le", "utf-16-be",
             "utf-32", "cp850", "mac-roman", "koi8-r", "shift_jis", "gb18030")
MARKUP = ("[/x]", "[bold]", "[/]", "[link=https://evil.example]click[/link]", "[red on black]", "[@click=quit]",
          "\x1b]8;;http://x\x07", "\x1b[31m", "\x1b[2J", "\x1b[1A\r", "\x07", "\r", "\u202e", ":smile:",
          "\\", "[", "]", "\\[bold]", "<script>alert(1)</script>", "&lt;script&gt;", "=HYPERLINK(\"x\")",
          "+SUM(A1)", "-1+2", "@cmd", "\x00", "\ufeff", "\ufffd", "%s%n", "{}", "${x}", "'; DROP TABLE articles;--")
WORDS = ("Der", "die", "das", "Bundeskanzlerin", "Merkel", "sagte", "habe", "sei", "Außenminister", "Lawrow",
         "in", "Berlin", "am", "Montag", "„", "“", "»", "«", ",", ".", ":", "–", "Quelle:", "dpa", "Reuters",
         "Putin", "Trump", "G20-Gipfel", "Hamburg", "2017", "8.", "Juli", "nicht", "Waffenruhe", "für", "Syrien",
         "Präsident", "erklärte", "zudem", "dass", "werde", "Kommentare", "https://example.org/a?b=c")
RECORD_KEYS = ("text", "html", "url", "outlet", "title", "published", "warnings", "roles", "meta", "encoding",
               "published_source", "kb", "id", "source", "tokens", "entities", "section", "__proto__", "")


@dataclass(frozen=True)
class Case:
    """One fuzzed input.  ``via``: ``file`` (argument), ``dir`` (inside a directory argument), ``stdin`` or
    ``special`` (``data`` names the special file: fifo, devzero, socket, ...)."""

    kind: str
    via: str
    name: str
    data: bytes

    def describe(self) -> str:
        return f"{self.kind} via {self.via} as {self.name!r} ({len(self.data):,} bytes)"


# --- texts --------------------------------------------------------------------------------------


def _long_token(piece: str, count: int) -> str:
    return piece * count


any_unicode = st.text(st.characters(codec=None), max_size=300)  # includes control characters (Cc)
controls = st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp"]), min_size=1, max_size=20)
long_tokens = st.builds(_long_token, st.sampled_from(["a", "Ab", "ä", "1", "-", ".", "[/x]", "\x1b", "ß", "x.",
                                                      "https://a.b/", "„", "\u0301", "🙂"]),
                        st.integers(min_value=60, max_value=20_000))
german_words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join)
pieces = st.one_of(german_words, german_words, st.sampled_from(MARKUP), any_unicode, controls, long_tokens)


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Article-like text mixed with markup, control characters, odd Unicode and very long tokens."""
    parts = draw(st.lists(pieces, min_size=1, max_size=12))
    separators = draw(st.lists(st.sampled_from([" ", "\n", "\n\n", "", "\t", "\r\n", ". "]),
                               min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, separators, strict=True))


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


encoded_texts = st.builds(_encode, texts(), st.sampled_from(ENCODINGS))


@st.composite
def corrupted(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few bytes flipped, inserted or cut."""
    out = bytearray(data)
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        pos = draw(st.integers(min_value=0, max_value=max(len(out), 1)))
        if op == "flip" and out:
            index = min(pos, len(out) - 1)
            out[index] ^= 1 << draw(st.integers(min_value=0, max_value=7))
        elif op == "insert":
            out[pos:pos] = draw(st.one_of(st.binary(min_size=1, max_size=8), st.sampled_from(MARKUP).map(
                lambda m: m.encode("utf-8", "surrogatepass"))))
        elif op == "delete":
            del out[pos:pos + draw(st.integers(min_value=1, max_value=8))]
        elif op == "truncate":
            del out[pos:]
    return bytes(out)


byte_inputs = st.one_of(
    encoded_texts,
    encoded_texts.flatmap(corrupted),
    st.binary(max_size=3000),
    st.builds(lambda n, b: b * n, st.integers(min_value=1, max_value=4000), st.binary(min_size=1, max_size=4)),
)


# --- JSON records ---------------------------------------------------------------------------------


json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), texts(),
                         st.sampled_from(MARKUP))
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(RECORD_KEYS), inner, max_size=4)), max_leaves=12)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """A JSON object: mostly a valid article record, often with odd field types or unknown fields."""
    record: dict[str, Any] = {}
    if draw(st.integers(0, 9)) < 8:
        record["text" if draw(st.booleans()) else "html"] = draw(texts() if draw(st.booleans()) else html_text())
    for key in draw(st.lists(st.sampled_from(RECORD_KEYS), max_size=5)):
        record[key] = draw(json_values if draw(st.booleans()) else texts())
    if draw(st.booleans()):
        record.setdefault("published", draw(st.sampled_from(
            ["2017-07-08", "8. Juli 2017", "2017-99-99xx", "gestern", "", "9" * 50, "2017-07-08T25:61:00Z"])))
    return record


def _dump(value: Any, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only, allow_nan=True)


@st.composite
def jsonl_line(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["record", "record", "record", "value", "broken", "nested", "hugenum",
                                 "surrogate", "blank", "markup"]))
    if kind == "record":
        return _dump(draw(records()), draw(st.booleans()))
    if kind == "value":
        return _dump(draw(json_values), draw(st.booleans()))
    if kind == "broken":
        line = _dump(draw(records()), True)
        cut = draw(st.integers(min_value=0, max_value=max(len(line) - 1, 0)))
        return line[:cut] + draw(st.sampled_from(["", "}", "{", "\"", ",", "]", "\\", "NaN", "\x00"]))
    if kind == "nested":
        depth = draw(st.integers(min_value=1, max_value=60_000))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}"), ('{"text":', "}")]))
        return opener * depth + draw(st.sampled_from(["1", '"x"', "[]", ""])) + closer * depth
    if kind == "hugenum":
        return '{"text": "Zahl.", "n": ' + "9" * draw(st.integers(min_value=4000, max_value=20_000)) + "}"
    if kind == "surrogate":
        return '{"text": "Ein Text \\ud800 mit \\udfff Surrogat.", "title": "\\udc80"}'
    if kind == "markup":
        return _dump({"text": " ".join(draw(st.lists(st.sampled_from(MARKUP), min_size=1, max_size=8))),
                      "title": draw(st.sampled_from(MARKUP)), "outlet": draw(st.sampled_from(MARKUP)),
                      "url": draw(st.sampled_from(MARKUP))}, False)
    return draw(st.sampled_from(["", " ", "\t", "\r"]))


@st.composite
def jsonl_bytes(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(jsonl_line(), max_size=6))
    newline = draw(st.sampled_from(["\n", "\r\n", "\n\n"]))
    text = newline.join(lines) + draw(st.sampled_from(["", newline]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"]))
    return text.encode(encoding, errors="surrogatepass" if encoding == "utf-8" else "replace")


@st.composite
def json_array_bytes(draw: st.DrawFn) -> bytes:
    items = draw(st.lists(st.one_of(records(), json_values), max_size=5))
    return _dump(items if draw(st.integers(0, 4)) else items[:1] or {}, draw(st.booleans())).encode(
        "utf-8", "surrogatepass")


# --- HTML -------------------------------------------------------------------------------------------


TAGS = ("p", "div", "article", "main", "section", "h1", "h2", "span", "a", "b", "i", "script", "style", "table",
        "tr", "td", "ul", "li", "br", "img", "iframe", "svg", "math", "template", "noscript", "title", "meta")


@st.composite
def html_text(draw: st.DrawFn) -> str:
    """HTML: article pages, snippets, unclosed or deeply nested tags, entities and markup in text."""
    depth = draw(st.integers(min_value=0, max_value=draw(st.sampled_from([5, 40, 3000]))))
    tags = [draw(st.sampled_from(TAGS)) for _ in range(min(depth, 30))]
    attrs = draw(st.sampled_from(['', ' class="x"', ' href="javascript:alert(1)"', ' title="[/x]"', " x=\x00",
                                  ' style="a:b"', " onload=alert(1)"]))
    body = draw(texts())
    opening = "".join(f"<{tags[i % len(tags)]}{attrs}>" for i in range(depth)) if tags else ""
    closing = "".join(f"</{tags[i % len(tags)]}>" for i in reversed(range(depth))) if tags else ""
    if draw(st.booleans()):
        closing = closing[: len(closing) // 2]  # unclosed tags
    head = draw(st.sampled_from(["", "<!DOCTYPE html><html><head><title>[/x] Titel</title>"
                                 '<meta property="og:site_name" content="[bold]Blatt">'
                                 '<meta name="author" content="\x1b]8;;x\x07Autor"></head><body>',
                                 "<html><body>", "<?xml version='1.0'?><html>"]))
    extra = draw(st.sampled_from(["", "&lt;script&gt;alert(1)&lt;/script&gt;", "<!-- [/x] -->", "<![CDATA[x]]>",
                                  "&#0;&#x1b;&#xD800;&amp;&bogus;", "<p>" + "Ein Satz. " * 30 + "</p>"]))
    return f"{head}{opening}<p>{body}</p>{extra}{closing}"


html_bytes = st.builds(_encode, html_text(), st.sampled_from(["utf-8", "utf-8", "cp1252", "utf-16"]))


# --- mutation fuzzer over examples/ ----------------------------------------------------------------


@lru_cache(maxsize=1)
def example_files() -> tuple[tuple[str, bytes], ...]:
    """(name, bytes) of each example input; the JSONL example as single lines (cheaper to analyse)."""
    found: list[tuple[str, bytes]] = []
    for path in sorted(EXAMPLES.iterdir()):
        if path.suffix == ".jsonl":
            found.extend((path.name, line + b"\n") for line in path.read_bytes().splitlines() if line.strip())
        elif path.suffix in (".txt", ".html", ".json"):
            found.append((path.name, path.read_bytes()))
    return tuple(found)


@st.composite
def mutated_examples(draw: st.DrawFn) -> tuple[str, bytes]:
    """An example file (or 1-3 lines of the JSONL example) after bit flips, truncation and inserted bytes or
    markup."""
    files = example_files()
    name, data = draw(st.sampled_from(files))
    if name.endswith(".jsonl"):
        data = b"".join(draw(st.lists(st.sampled_from([d for n, d in files if n == name]), min_size=1, max_size=3)))
    return name, draw(corrupted(data))


# --- cases -----------------------------------------------------------------------------------------


file_names = st.one_of(
    st.just("input"),
    st.text(st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=40),
    st.sampled_from(["[/x]", "[link=https://evil.example]x[/link]", "\x1b]8;;http://x\x07a", "a\rb", "-rf",
                     "--help", " ", "..x", "ünïcödé", "x" * 200]),
).filter(lambda n: n not in (".", "..") and not n.startswith(".") and len(n.encode("utf-8", "surrogatepass")) < 200)


def _case(kind: str, via: str, name: str, suffix: str, data: bytes) -> Case:
    return Case(kind, via, name + suffix, data)


vias = st.sampled_from(["file", "file", "dir", "stdin"])


def cases_of(kind: str, data: st.SearchStrategy[bytes], suffixes: st.SearchStrategy[str]) -> st.SearchStrategy[Case]:
    return st.builds(_case, st.just(kind), vias, file_names, suffixes, data)


text_cases = cases_of("text", st.builds(_encode, texts(), st.just("utf-8")), st.sampled_from([".txt", ".text", ""]))
bytes_cases = cases_of("bytes", byte_inputs, st.sampled_from(SUFFIXES))
jsonl_cases = cases_of("jsonl", jsonl_bytes(), st.sampled_from([".jsonl", ".ndjson", ".xyz"]))
json_cases = cases_of("json", json_array_bytes(), st.sampled_from([".json", ".jsonl"]))
html_cases = cases_of("html", html_bytes, st.sampled_from([".html", ".htm", ".xhtml", ".txt"]))
mutation_cases = st.builds(lambda via, example: Case("mutation", via, example[0], example[1]), vias,
                           mutated_examples())
SPECIALS = ("fifo", "fifo_argument", "devzero", "devzero_argument", "socket", "symlink_loop", "broken_symlink",
            "long_name", "deep_dirs", "unreadable_dir", "empty_dir", "markup_name", "directory_named_txt")
special_cases = st.builds(lambda name: Case("special", "special", name, b""), st.sampled_from(SPECIALS))

all_cases = st.one_of(text_cases, bytes_cases, jsonl_cases, json_cases, html_cases, mutation_cases, mutation_cases,
                      special_cases)
