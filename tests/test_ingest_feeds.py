"""RSS 2.0, RSS 1.0 and Atom feed files: real feeds built from German Wikinews texts, broken and hostile ones."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

import pytest

from lagebild.errors import EmptyInputError, InputTooLargeError
from lagebild.ingest import InputFailure, RawDocument
from lagebild.ingest_errors import DecompressionBombError, FeedFormatError
from lagebild.ingest_feeds import corpus_reader, feed_kind, html_fragment_text, is_feed_file, iter_feed

ROOT = Path(__file__).resolve().parent.parent
WIKINEWS = [json.loads(line) for line in (ROOT / "examples" / "wikinews.jsonl").read_text("utf-8").splitlines()]
SAMPLES = Path(__file__).resolve().parent / "data" / "feeds"
MiB = 1 << 20
Item = RawDocument | InputFailure


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?“])\s+(?=[A-ZÄÖÜ„])", text) if s.strip()]


def html_paragraphs(text: str, per: int = 3) -> str:
    parts = sentences(text)
    return "".join(f"<p>{escape(' '.join(parts[i: i + per]))}</p>" for i in range(0, len(parts), per))


def rss_item(index: int, *, link: str | None = None, content: bool = True, description: bool = True,
             date: str | None = None) -> str:
    article = WIKINEWS[index]
    link = link or f"https://www.tagesschau.de/inland/artikel-{index}.html"
    date = date or format_datetime(datetime.fromisoformat(article["published"]).replace(hour=22, tzinfo=UTC))
    parts = [f"<title>{escape(article['title'])}</title>", f"<link>{escape(link)}</link>",
             f"<guid isPermaLink=\"false\">id-{index}</guid>", f"<pubDate>{date}</pubDate>"]
    if description:
        parts.append(f"<description>{escape(sentences(article['text'])[0])}</description>")
    if content:
        parts.append(f"<content:encoded><![CDATA[{html_paragraphs(article['text'])}]]></content:encoded>")
    return "<item>" + "\n".join(parts) + "</item>"


TAGESSCHAU = "tagesschau.de - die erste Adresse für Nachrichten und Information"


def rss_feed(items: list[str], title: str = TAGESSCHAU) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<channel><title>{escape(title)}</title><link>https://www.tagesschau.de/</link>"
            f"<description>Nachrichten</description><language>de</language>"
            f"<image><title>Logo</title><url>https://www.tagesschau.de/logo.png</url>"
            f"<link>https://www.tagesschau.de/</link></image>\n"
            + "\n".join(items) + "</channel></rss>").encode("utf-8")


def atom_entry(index: int, *, href: str | None = None, summary_only: bool = False) -> str:
    article = WIKINEWS[index]
    href = href or f"https://www.zeit.de/politik/2017-07/artikel-{index}"
    body = (f'<summary type="html">{escape(html_paragraphs(article["text"]))}</summary>' if summary_only else
            f'<summary type="text">{escape(sentences(article["text"])[0])}</summary>'
            f'<content type="html">{escape(html_paragraphs(article["text"]))}</content>')
    return (f"<entry><title type=\"text\">{escape(article['title'])}</title>"
            f'<link rel="alternate" type="text/html" href="{escape(href)}"/><id>urn:zeit:{index}</id>'
            f"<published>{article['published']}T23:15:00+02:00</published>"
            f"<updated>{article['published']}T23:45:00+02:00</updated>"
            f"<author><name>ZEIT ONLINE</name></author>{body}</entry>")


def atom_feed(entries: list[str], *, base: str | None = None) -> bytes:
    attribute = f' xml:base="{base}"' if base else ""
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"{attribute}>'
            '<title type="text">ZEIT ONLINE | Politik</title>'
            '<link rel="self" href="https://newsfeed.zeit.de/politik/index"/>'
            '<link rel="alternate" href="https://www.zeit.de/politik/index"/>'
            "<id>urn:zeit:politik</id><updated>2017-07-10T00:00:00+02:00</updated>\n"
            + "\n".join(entries) + "</feed>").encode("utf-8")


def read(path: Path, max_bytes: int = 10_000_000) -> list[Item]:
    return list(iter_feed(path, max_bytes=max_bytes))


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def kinds(items: list[Item]) -> list[str]:
    return [type(item).__name__ for item in items]


# --- RSS and Atom ------------------------------------------------------------------------


def test_rss2_items_with_content_encoded(tmp_path: Path) -> None:
    path = write(tmp_path / "inland.rss", rss_feed([rss_item(i) for i in range(4)]))
    items = read(path)
    assert kinds(items) == ["RawDocument"] * 4
    docs: list[RawDocument] = items  # type: ignore[assignment]
    for index, doc in enumerate(docs):
        article = WIKINEWS[index]
        assert doc.title == article["title"]
        assert doc.url == f"https://www.tagesschau.de/inland/artikel-{index}.html"
        assert doc.source == f"{path}#{index + 1}"
        assert doc.outlet == TAGESSCHAU  # the feed title
        assert doc.meta["outlet_domain"] == "tagesschau.de" and doc.meta["text_from"] == "content"
        assert doc.meta["format"] == "rss" and doc.meta["feed_item"] == index + 1
        assert all(sentence in doc.text for sentence in sentences(article["text"]))
        assert "\n\n" in doc.text and "<p>" not in doc.text
        # 22:00 UTC is the next day in Germany: the date is kept with its offset, never shifted
        assert doc.published == f"{article['published']}T22:00+00:00"


def test_atom_entries_with_html_content(tmp_path: Path) -> None:
    path = write(tmp_path / "politik.atom", atom_feed([atom_entry(i) for i in range(5, 9)]))
    docs = read(path)
    assert kinds(docs) == ["RawDocument"] * 4
    for doc, index in zip(docs, range(5, 9), strict=True):
        assert isinstance(doc, RawDocument)
        assert doc.title == WIKINEWS[index]["title"] and doc.outlet == "ZEIT ONLINE | Politik"
        assert doc.url == f"https://www.zeit.de/politik/2017-07/artikel-{index}"
        assert doc.published == f"{WIKINEWS[index]['published']}T23:15+02:00"
        assert sentences(WIKINEWS[index]["text"])[-1] in doc.text and doc.meta["text_from"] == "content"
        assert doc.meta["format"] == "atom" and doc.meta["author"] == "ZEIT ONLINE"


def test_summary_is_the_text_when_there_is_no_content(tmp_path: Path) -> None:
    rss = write(tmp_path / "kurz.rss", rss_feed([rss_item(10, content=False)]))
    atom = write(tmp_path / "kurz.atom", atom_feed([atom_entry(11, summary_only=True)]))
    (rss_doc,), (atom_doc,) = read(rss), read(atom)
    assert isinstance(rss_doc, RawDocument) and isinstance(atom_doc, RawDocument)
    assert rss_doc.text == sentences(WIKINEWS[10]["text"])[0] and rss_doc.meta["text_from"] == "summary"
    assert sentences(WIKINEWS[11]["text"])[-1] in atom_doc.text and "\n\n" in atom_doc.text


def test_outlet_falls_back_to_the_links_registered_domain(tmp_path: Path) -> None:
    data = rss_feed([rss_item(12, link="https://m.spiegel.de/politik/a-1.html")], title="")
    (doc,) = read(write(tmp_path / "x.rss", data))
    assert isinstance(doc, RawDocument) and doc.outlet == "spiegel.de"


def test_relative_links_are_resolved_against_the_feed(tmp_path: Path) -> None:
    path = write(tmp_path / "rel.atom", atom_feed([atom_entry(13, href="politik/a-13")],
                                                 base="https://www.zeit.de/"))
    (doc,) = read(path)
    assert isinstance(doc, RawDocument) and doc.url == "https://www.zeit.de/politik/a-13"


def test_rss1_rdf_feed(tmp_path: Path) -> None:
    article = WIKINEWS[14]
    data = f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel rdf:about="https://www.heise.de/"><title>heise online News</title><link>https://www.heise.de/</link>
<description>News</description></channel>
<item rdf:about="https://www.heise.de/news/a-1.html"><title>{escape(article["title"])}</title>
<link>https://www.heise.de/news/a-1.html</link><dc:date>{article["published"]}T10:00:00+02:00</dc:date>
<content:encoded>{escape(html_paragraphs(article["text"]))}</content:encoded></item>
</rdf:RDF>""".encode()
    (doc,) = read(write(tmp_path / "heise.rdf.xml", data))
    assert isinstance(doc, RawDocument) and doc.outlet == "heise online News" and doc.title == article["title"]
    assert doc.published == f"{article['published']}T10:00+02:00" and sentences(article["text"])[-1] in doc.text


def test_item_without_text_fails_alone(tmp_path: Path) -> None:
    path = write(tmp_path / "x.rss", rss_feed([rss_item(0), rss_item(1, content=False, description=False),
                                               rss_item(2)]))
    items = read(path)
    assert kinds(items) == ["RawDocument", "InputFailure", "RawDocument"]
    failure = items[1]
    assert isinstance(failure, InputFailure) and failure.source == f"{path}#2"
    assert isinstance(failure.error, EmptyInputError) and WIKINEWS[1]["title"] in failure.error.message


def test_oversized_item_fails_alone(tmp_path: Path) -> None:
    huge = rss_item(3).replace("</content:encoded>", "").replace("]]>", "<p>" + "Wort " * 60_000 + "</p>]]>"
                                                                "</content:encoded>")
    path = write(tmp_path / "x.rss", rss_feed([rss_item(0), huge, rss_item(2)]))
    items = read(path, max_bytes=100_000)
    assert kinds(items) == ["RawDocument", "InputFailure", "RawDocument"]
    assert isinstance(items[1].error, InputTooLargeError) and items[1].source == f"{path}#2"  # type: ignore[union-attr]


# --- broken and hostile feeds ------------------------------------------------------------


def test_invalid_xml_keeps_the_items_before_the_error(tmp_path: Path) -> None:
    items = [rss_item(i) for i in range(4)]
    items[2] = items[2].replace("<description>", "<description><b>", 1)  # a tag that is never closed
    path = write(tmp_path / "broken.rss", rss_feed(items))
    read_items = read(path)
    assert kinds(read_items) == ["RawDocument", "RawDocument", "InputFailure"]
    failure = read_items[-1]
    assert isinstance(failure, InputFailure) and failure.source == str(path)
    assert isinstance(failure.error, FeedFormatError) and failure.error.code == "E111"
    assert "not well-formed XML at line" in failure.error.message and "2 item(s)" in str(failure.error)


def test_truncated_feed_and_undefined_entity(tmp_path: Path) -> None:
    data = rss_feed([rss_item(i) for i in range(3)])
    cut = write(tmp_path / "cut.rss", data[: len(data) - 500])
    items = read(cut)
    assert kinds(items) == ["RawDocument", "RawDocument", "InputFailure"]
    assert items[-1].error.code == "E111"  # type: ignore[union-attr]
    entity = write(tmp_path / "nbsp.rss", rss_feed([rss_item(0), rss_item(1).replace("<title>", "<title>&nbsp;")]))
    assert kinds(read(entity)) == ["RawDocument", "InputFailure"]


@pytest.mark.parametrize(("data", "error"), [
    (b"", EmptyInputError),
    (b"   \n", EmptyInputError),
    (b"<html><body><p>Keine Nachrichten</p></body></html>", FeedFormatError),
    (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>', FeedFormatError),
    (b"\x00\x01\x02 binary", FeedFormatError),
    (b'<rss version="2.0"><channel><title>Leer</title></channel></rss>', EmptyInputError),
])
def test_not_a_feed_or_no_items(tmp_path: Path, data: bytes, error: type[Exception]) -> None:
    path = write(tmp_path / "x.xml", data)
    items = read(path)
    assert len(items) == 1 and isinstance(items[0], InputFailure) and isinstance(items[0].error, error), items
    assert items[0].source == str(path)


def test_entity_expansion_bomb_is_refused(tmp_path: Path) -> None:
    lol = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    data = (f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(lol)}]><rss version="2.0"><channel><title>T</title>'
            f"<item><title>Lachen</title><link>https://www.bild.de/a</link><description>&lol9;</description></item>"
            f"{rss_item(0)}</channel></rss>").encode()
    began = time.perf_counter()
    items = read(write(tmp_path / "lol.rss", data))
    assert time.perf_counter() - began < 5
    assert all(len(getattr(item, "text", "")) < 10_000 for item in items)  # never expanded
    assert isinstance(items[-1], InputFailure) and items[-1].error.code == "E111"


def test_gzipped_feed_and_gzip_bomb(tmp_path: Path) -> None:
    from .test_ingest_warc import gzip_zeros

    plain = rss_feed([rss_item(i) for i in range(3)])
    packed = write(tmp_path / "feed.rss.gz", gzip.compress(plain, mtime=0))
    assert kinds(read(packed)) == ["RawDocument"] * 3
    head, _, _ = plain.partition(b"<item>")
    bomb = write(tmp_path / "bomb.rss.gz", gzip_zeros(head + b"<item><title>", 1024 * MiB, fill=b" "))
    began = time.perf_counter()
    items = read(bomb)
    assert time.perf_counter() - began < 10
    assert len(items) == 1 and isinstance(items[0], InputFailure)
    assert isinstance(items[0].error, DecompressionBombError)


def test_a_large_feed_streams_in_constant_memory(tmp_path: Path) -> None:
    """A 60 MB feed (mostly oversized items, parsed but not kept) grows the process by far less than its size."""
    path = tmp_path / "large.rss"
    filler = "<p>" + escape(WIKINEWS[0]["text"]) + "</p>"
    big = rss_item(1).replace("]]></content:encoded>", filler * 120 + "]]></content:encoded>")
    with path.open("wb") as out:
        head = rss_feed(["@@"]).split(b"@@")
        out.write(head[0])
        for number in range(240):
            out.write((rss_item(number % 40) if number % 8 == 0 else big).encode() + b"\n")
        out.write(head[1])
    size = path.stat().st_size
    assert size > 50 * MiB
    script = textwrap.dedent(f"""
        import re
        from pathlib import Path
        from lagebild.ingest_feeds import iter_feed
        def hwm():
            return int(re.search(r"VmHWM:\\s+(\\d+)", Path("/proc/self/status").read_text()).group(1)) * 1024
        before = hwm()
        kinds = [type(item).__name__ for item in iter_feed(Path({str(path)!r}), max_bytes=200_000)]
        print(kinds.count("RawDocument"), kinds.count("InputFailure"), hwm() - before)
    """)
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to measure the process's peak memory")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.returncode == 0, result.stderr
    docs, failures, growth = map(int, result.stdout.split())
    assert (docs, failures) == (30, 210)
    assert growth < size // 4, (growth, size)


# --- helpers -------------------------------------------------------------------------------


def test_html_fragment_text() -> None:
    html = ("<p>Erster <b>Absatz</b> mit&nbsp;Leerzeichen.</p><script>alert(1)</script><style>p{}</style>"
            "<p>Zweiter &ndash; Absatz<br>nach Umbruch</p>lose <em>Worte</em><ul><li>eins</li><li>zwei</li></ul>"
            "<!-- Kommentar --><div><div>tief</div> verschachtelt</div>")
    assert html_fragment_text(html) == ("Erster Absatz mit Leerzeichen.\n\nZweiter – Absatz\n\nnach Umbruch\n\n"
                                        "lose Worte\n\neins\n\nzwei\n\ntief\n\nverschachtelt")
    assert html_fragment_text("Nur Text &amp; Entität") == "Nur Text & Entität"
    assert html_fragment_text("") == ""
    assert "innen" in html_fragment_text("<div>" * 200 + "innen" + "</div>" * 200)
    assert isinstance(html_fragment_text("<div>" * 5000 + "innen" + "</div>" * 5000), str)  # libxml2 stops at 256


@pytest.mark.parametrize(("head", "kind"), [
    (b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">', "rss"),
    (b'\xef\xbb\xbf<?xml version="1.0"?><!-- generated --><?xml-stylesheet href="x.xsl"?>\n<rss>', "rss"),
    (b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape" "http://x/rss.dtd">\n<rss version="0.91">', "rss"),
    (b'<feed xmlns="http://www.w3.org/2005/Atom">', "atom"),
    (b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', "rdf"),
    ('<?xml version="1.0" encoding="UTF-16"?><feed xmlns="http://www.w3.org/2005/Atom">'.encode("utf-16"), "atom"),
    (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', None),
    (b"<html><body>rss feed</body></html>", None),
    (b"", None),
])
def test_feed_kind_sniffing(head: bytes, kind: str | None) -> None:
    assert feed_kind(head) == kind


def test_corpus_reader_dispatch_of_feeds(tmp_path: Path) -> None:
    feed = write(tmp_path / "feed.xml", rss_feed([rss_item(0)]))
    sitemap = write(tmp_path / "sitemap.xml", b'<?xml version="1.0"?><urlset></urlset>')
    assert is_feed_file(feed) and not is_feed_file(sitemap) and not is_feed_file(tmp_path / "missing.xml")
    assert corpus_reader(feed) is iter_feed and corpus_reader(sitemap) is iter_feed  # named: E111 if not a feed
    assert corpus_reader(feed, walking=True) is iter_feed and corpus_reader(sitemap, walking=True) is None
    for name in ("a.rss", "a.atom", "a.RSS", "a.rss.gz", "a.atom.gz"):
        assert corpus_reader(Path(name)) is iter_feed


def test_committed_feed_samples() -> None:
    rss = read(SAMPLES / "wikinews.rss")
    assert kinds(rss) == ["RawDocument"] * 3 + ["InputFailure"] + ["RawDocument"] * 2
    assert {d.outlet for d in rss if isinstance(d, RawDocument)} == {"Wikinews"}
    atom = read(SAMPLES / "wikinews.atom")
    assert kinds(atom) == ["RawDocument"] * 5
    rss_texts = [getattr(item, "text", None) for item in rss]
    atom_texts = [getattr(item, "text", None) for item in atom]
    assert atom_texts[:3] == rss_texts[:3] and atom_texts[4] == rss_texts[4]  # the same articles, as RSS and Atom
    assert all(isinstance(d, RawDocument) and d.published and d.url for d in atom)
    broken = read(SAMPLES / "wikinews-broken.rss")
    assert kinds(broken) == ["RawDocument", "RawDocument", "InputFailure"]
    assert isinstance(broken[-1], InputFailure) and broken[-1].error.code == "E111"
    for path in SAMPLES.iterdir():
        assert path.stat().st_size < 50_000, path
