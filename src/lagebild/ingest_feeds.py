"""Reader for feed files: RSS 2.0, RSS 1.0 (RDF) and Atom, streamed item by item.

The file is parsed with lxml's ``iterparse`` (no DTDs, no entity expansion, no network),
so memory stays constant however many items it holds: each ``<item>``/``<entry>`` is cut
out when it ends, wrapped into a one-item feed and read by ``feedparser`` (dates, content
types, sanitised HTML), then dropped.  A gzip-compressed feed is read through the same
bounded decompression as WARC.gz (:mod:`lagebild.ingest_warc`).

An item becomes a :class:`~lagebild.ingest.RawDocument` with ``source`` ``"path#N"`` (N the
item's number in the file): its text from ``content:encoded`` / Atom ``<content>``, else the
summary / ``<description>`` (HTML is turned into paragraphs); ``url`` its link; ``title``;
``published`` its date (ISO 8601, the offset kept); ``outlet`` the feed's title, else the
registered domain of the item's (or feed's) link.

Failures: an item without text (E101) or larger than ``max_bytes`` (E103) fails alone; a
file that is not well-formed XML or not a feed stops with one E111 failure after the items
before the error (nothing else is lost).
"""

from __future__ import annotations

import io
import os
import re
import time
from collections.abc import Callable, Iterator
from html import escape, unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from lxml import etree  # type: ignore[import-untyped]
from lxml import html as lxml_html  # type: ignore[import-untyped,unused-ignore]

from .dates import parse_metadata_date
from .errors import EmptyInputError, InputError, InputTooLargeError
from .ingest import InputFailure, RawDocument
from .ingest_errors import FeedFormatError
from .ingest_warc import DEFAULT_MAX_RATIO, GuardedStream, display, open_guarded
from .outlets import outlet_from_url, resolve_outlet

ATOM = "http://www.w3.org/2005/Atom"
RSS1 = "http://purl.org/rss/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
FEED_SUFFIXES = (".rss", ".atom")
SNIFF_BYTES = 4096
_CHUNK = 1 << 16
_SLACK = 1 << 16  # the parser reads ahead; an item may span this much more input than max_bytes

_BLOCK = frozenset({
    "p", "div", "section", "article", "header", "footer", "aside", "main", "nav", "h1", "h2", "h3", "h4", "h5",
    "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "figure", "figcaption",
    "hr", "address", "br",
})
_DROP = ("script", "style", "noscript", "iframe", "object", "embed", "template")
_TAGS = re.compile(r"<[^>]*>")
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]")
_SKIP_HEAD = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>)", re.S | re.I)


# --- detection -------------------------------------------------------------------------------


def feed_kind(head: bytes) -> str | None:
    """``"rss"``, ``"atom"`` or ``"rdf"`` when the first bytes of an XML document open a feed, else None.

    The XML declaration, comments, processing instructions and a DOCTYPE before the root
    element are skipped; UTF-8 (with or without BOM) and UTF-16 with a BOM are understood.
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = head[: len(head) // 2 * 2].decode("utf-16", "ignore").encode("utf-8")
        except UnicodeError:
            return None
    data = head.removeprefix(b"\xef\xbb\xbf")
    pos = 0
    while match := _SKIP_HEAD.match(data, pos):
        pos = match.end()
    data = data[pos:].lstrip()
    root = _ROOT.match(data)
    if root is None:
        return None
    name = root.group(2)
    if name == b"rss":
        return "rss"
    if name == b"feed":
        return "atom"
    if name == b"RDF":
        return "rdf"
    return None


def is_feed_file(path: str | os.PathLike[str]) -> bool:
    """True when the file (plain or gzip) starts like an RSS, RDF or Atom feed (reads at most 4 KiB)."""
    try:
        with open_guarded(path) as stream:
            return feed_kind(stream.peek(SNIFF_BYTES)) is not None
    except (InputError, OSError, ValueError):
        return False


# --- HTML fragments ---------------------------------------------------------------------------


def html_fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed item's content), one paragraph per block, blank-line separated."""
    if "<" not in html:
        return "\n\n".join(" ".join(part.split()) for part in unescape(html).split("\n\n") if part.strip())
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return " ".join(unescape(_TAGS.sub(" ", html)).split())
    for element in [e for e in root.iter(*_DROP) if e.getparent() is not None]:
        element.drop_tree()
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            paragraphs.append(text)
        current.clear()

    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if event == "start":
            if tag in _BLOCK:
                flush()
            if tag is not None and element.text:
                current.append(element.text)
        else:
            if tag in _BLOCK:
                flush()
            if element is not root and element.tail:
                current.append(element.tail)
    flush()
    return "\n\n".join(paragraphs)


def _text_of(value: str, kind: str | None) -> str:
    if kind and ("html" in kind or "xml" in kind):
        return html_fragment_text(value)
    return "\n\n".join(" ".join(part.split()) for part in value.split("\n\n") if part.strip())


# --- items ------------------------------------------------------------------------------------


def _published(entry: Any) -> str | None:
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        iso = parse_metadata_date(str(raw))
        if iso:
            return iso
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return time.strftime("%Y-%m-%dT%H:%M+00:00", parsed)  # feedparser normalises to UTC
        return str(raw)
    return None


def _entry_text(entry: Any) -> tuple[str, str]:
    """(text, where it came from): the longest non-empty content, else the summary."""
    best = ""
    for content in entry.get("content") or []:
        text = _text_of(str(content.get("value") or ""), content.get("type"))
        if len(text) > len(best):
            best = text
    if best:
        return best, "content"
    summary = entry.get("summary")
    if summary:
        detail = entry.get("summary_detail") or {}
        return _text_of(str(summary), detail.get("type")), "summary"
    return "", ""


def _entry_link(entry: Any, base: str | None) -> str | None:
    link = entry.get("link")
    if not link:
        for candidate in entry.get("links") or []:
            if candidate.get("href") and candidate.get("rel", "alternate") == "alternate":
                link = candidate["href"]
                break
    if not link:
        guid = entry.get("id")
        if guid and str(guid).startswith(("http://", "https://")):
            link = guid
    if link and base and "://" not in str(link):
        link = urljoin(base, str(link))
    return str(link) if link else None


def _wrap(kind: str, item: bytes, base: str | None) -> bytes:
    attribute = f' xml:base="{escape(base, quote=True)}"'.encode() if base else b""
    if kind == "atom":
        return b'<feed xmlns="' + ATOM.encode() + b'"' + attribute + b">" + item + b"</feed>"
    if kind == "rdf":
        return (b'<rdf:RDF xmlns:rdf="' + RDF.encode() + b'" xmlns="' + RSS1.encode() + b'"' + attribute + b">"
                + item + b"</rdf:RDF>")
    return b'<rss version="2.0"' + attribute + b"><channel>" + item + b"</channel></rss>"


class _Feed:
    """What is known of the feed around its items."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.title: str | None = None
        self.link: str | None = None


def _item_document(raw: bytes, feed: _Feed, where: str, number: int, base: str | None) -> RawDocument:
    import feedparser

    parsed = feedparser.parse(io.BytesIO(_wrap(feed.kind, raw, base)), sanitize_html=False,
                              resolve_relative_uris=False)  # only text is kept: scripts are dropped there
    if not parsed.entries:
        raise FeedFormatError(f"{where}: the feed item cannot be read")
    entry = parsed.entries[0]
    title = entry.get("title")
    if title:
        title = _text_of(str(title), (entry.get("title_detail") or {}).get("type")) or None
    link = _entry_link(entry, base or feed.link)
    text, origin = _entry_text(entry)
    if not text.strip():
        label = f" {title or link!r}" if title or link else ""
        raise EmptyInputError(f"{where}: the feed item{label} has no text",
                              hint="the item has no content:encoded, content, summary or description")
    meta: dict[str, Any] = {"format": "atom" if feed.kind == "atom" else "rss", "feed_item": number,
                            "text_from": origin}
    if feed.title:
        meta["feed_title"] = feed.title
    if entry.get("author"):
        meta["author"] = str(entry["author"])
    if entry.get("id"):
        meta["guid"] = str(entry["id"])
    domain = outlet_from_url(link or feed.link)
    if domain:
        meta["outlet_domain"] = domain
    return RawDocument(text=text, source=where, url=link, outlet=resolve_outlet(feed.title, link or feed.link),
                       title=title, published=_published(entry), meta=meta)


def _feed_items(stream: GuardedStream, source: str, max_bytes: int) -> Iterator[RawDocument | InputFailure]:
    head = stream.peek(SNIFF_BYTES)
    if not head.strip():
        raise EmptyInputError(f"{source}: the file is empty")
    parser = _events(stream)
    feed: _Feed | None = None
    container: Any = None  # the element whose children are the items (and, for RSS/Atom, the feed's title)
    item_tags: tuple[str, ...] = ()
    depth = 0
    item: Any = None  # the item being parsed
    item_start = 0
    oversize = False
    number = 0
    try:
        for event, element in parser:
            if event == "start":
                depth += 1
                if depth == 1:
                    feed, item_tags = _feed_of(element, source)
                    container = None if feed.kind == "rss" else element  # RSS: <channel>, set when it starts
                elif depth == 2 and feed is not None and feed.kind == "rss" and element.tag == "channel":
                    container = element
                if item is None and element.tag in item_tags and container is not None \
                        and element.getparent() is container:
                    item, item_start, oversize = element, stream.tell(), False
                continue
            depth -= 1
            assert feed is not None
            if item is not None and element is not item:
                if not oversize and stream.tell() - item_start > max_bytes + _SLACK:
                    oversize = True
                if oversize:  # drop the subtree as it is parsed: memory stays bounded
                    _release(element)
                continue
            if element is item:
                number += 1
                where = f"{source}#{number}"
                yield _one_item(element, feed, where, number, max_bytes, oversize)
                item = None
                _release(element)
                continue
            parent = element.getparent()
            in_rdf_channel = feed.kind == "rdf" and parent is not None and parent.tag == f"{{{RSS1}}}channel"
            if parent is not None and (parent is container or in_rdf_channel):
                _feed_metadata(element, feed)
                if parent is container:
                    _release(element)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, 0)
        raise FeedFormatError(
            f"{source}: not well-formed XML at line {line}, column {column} ({exc.msg})",
            hint=f"the {number} item(s) before the error were read; the file is damaged or not XML") from exc
    if number == 0:
        raise EmptyInputError(f"{source}: the feed has no items")


def _events(stream: GuardedStream) -> Iterator[tuple[str, Any]]:
    """(event, element) pairs of the XML in ``stream``, fed in chunks; a syntax error is raised only
    after every event before it (lxml's ``iterparse`` would drop the events of the failing chunk)."""
    parser = etree.XMLPullParser(events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False, remove_comments=True, remove_pis=True, strip_cdata=False)
    while True:
        data = stream.read(_CHUNK)
        if not data:
            # at the end, lxml closes the elements left open and would report their ends: a cut
            # file's last item must not come out half, so close()'s events count only without error
            parser.close()
            yield from parser.read_events()
            return
        error: etree.XMLSyntaxError | None = None
        try:
            parser.feed(data)
        except etree.XMLSyntaxError as exc:
            error = exc
        yield from parser.read_events()
        if error is not None:
            raise error


def _feed_of(root: Any, source: str) -> tuple[_Feed, tuple[str, ...]]:
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag == "rss":
        return _Feed("rss"), ("item",)
    if tag == f"{{{ATOM}}}feed":
        return _Feed("atom"), (f"{{{ATOM}}}entry",)
    if tag == f"{{{RDF}}}RDF":
        return _Feed("rdf"), (f"{{{RSS1}}}item", "item")
    raise FeedFormatError(f"{source}: the root element <{tag.rsplit('}', 1)[-1]}> is not an RSS or Atom feed",
                          hint="feed files start with <rss>, <feed> (Atom) or <rdf:RDF> (RSS 1.0)")


def _feed_metadata(element: Any, feed: _Feed) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    local = tag.rsplit("}", 1)[-1]
    if local == "title" and feed.title is None:
        text = "".join(element.itertext())
        kind = element.get("type")
        value = _text_of(text, "html" if kind == "html" else None) if text else ""
        feed.title = " ".join(value.split()) or None
    elif local == "link" and feed.link is None:
        href = element.get("href")
        if href is not None:
            if element.get("rel", "alternate") == "alternate":
                feed.link = href.strip() or None
        elif element.text and element.text.strip():
            feed.link = element.text.strip()


def _release(element: Any) -> None:
    element.clear()
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _one_item(element: Any, feed: _Feed, where: str, number: int, max_bytes: int,
              oversize: bool) -> RawDocument | InputFailure:
    try:
        if oversize:
            raise InputTooLargeError(f"{where}: the feed item is larger than the limit of {max_bytes:,} bytes",
                                     hint="raise --max-bytes if this is a real article")
        raw = etree.tostring(element, encoding="utf-8", xml_declaration=False)
        if len(raw) > max_bytes:
            raise InputTooLargeError(f"{where}: the feed item has {len(raw):,} bytes, more than the limit of "
                                     f"{max_bytes:,} bytes", hint="raise --max-bytes if this is a real article")
        return _item_document(raw, feed, where, number, element.base)
    except InputError as exc:
        return InputFailure(where, exc)
    except Exception as exc:  # a reader bug must not lose the other items
        return InputFailure(where, InputError(f"{where}: unexpected {type(exc).__name__} while reading: {exc}",
                                              hint="please report this with the input that caused it"))


def iter_feed(path: Path, *, max_bytes: int,
              max_ratio: float = DEFAULT_MAX_RATIO) -> Iterator[RawDocument | InputFailure]:
    """The items of an RSS or Atom feed file (plain or gzip), streamed; failures are :class:`InputFailure`s."""
    source = display(path)
    try:
        with open_guarded(path, max_ratio=max_ratio) as stream:
            yield from _feed_items(stream, source, max_bytes)
    except InputError as exc:
        yield InputFailure(source, exc)
    except OSError as exc:
        yield InputFailure(source, InputError(f"{source}: cannot read ({exc.strerror or exc})"))
    except Exception as exc:
        yield InputFailure(source, InputError(f"{source}: unexpected {type(exc).__name__} while reading: {exc}",
                                              hint="please report this with the input that caused it"))


# --- dispatch ---------------------------------------------------------------------------------

Reader = Callable[..., Iterator[RawDocument | InputFailure]]
CORPUS_SUFFIXES = (".warc", ".warc.gz", ".jsonl.gz", ".ndjson.gz", ".rss", ".atom", ".rss.gz", ".atom.gz", ".xml")


def corpus_reader(path: str | os.PathLike[str], *, walking: bool = False) -> Reader | None:
    """The corpus reader for a file name, or None when it is not a corpus file (for :mod:`lagebild.ingest`).

    ``.warc``/``.warc.gz`` → :func:`~lagebild.ingest_warc.iter_warc`; ``.jsonl.gz``/``.ndjson.gz`` →
    :func:`~lagebild.ingest_warc.iter_jsonl_gz`; ``.rss``/``.atom`` (also gzip) → :func:`iter_feed`;
    ``.xml`` → :func:`iter_feed` when named explicitly (a non-feed fails with E111) and, when
    ``walking`` a directory, only if its first bytes open an RSS/RDF/Atom feed (sitemaps and other
    XML are passed over).  Each reader is called as ``reader(path, max_bytes=...)``.
    """
    from .ingest_warc import iter_jsonl_gz, iter_warc

    name = os.fspath(path).lower()
    if name.endswith((".warc", ".warc.gz")):
        return iter_warc
    if name.endswith((".jsonl.gz", ".ndjson.gz")):
        return iter_jsonl_gz
    if name.endswith((".rss", ".atom", ".rss.gz", ".atom.gz")):
        return iter_feed
    if name.endswith(".xml"):
        return iter_feed if not walking or is_feed_file(path) else None
    return None


__all__ = ["CORPUS_SUFFIXES", "FEED_SUFFIXES", "corpus_reader", "feed_kind", "html_fragment_text", "is_feed_file",
           "iter_feed"]
