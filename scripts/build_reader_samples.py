"""Build the small committed sample files for the corpus readers (WARC, WARC.gz, RSS, Atom).

    .venv/bin/python scripts/build_reader_samples.py

The texts are German Wikinews articles from examples/wikinews.jsonl (CC BY 2.5, see
tests/data/warc/README.md), so the files may be committed.  The output is deterministic
(fixed record ids and dates, gzip without timestamps): running the script again gives the
same bytes.  Writes tests/data/warc/ and tests/data/feeds/; every file stays under 50 KB.
"""

from __future__ import annotations

import io
import json
import re
import uuid
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
WARC_DIR = ROOT / "tests" / "data" / "warc"
FEEDS_DIR = ROOT / "tests" / "data" / "feeds"
ARTICLES = [json.loads(line) for line in (ROOT / "examples" / "wikinews.jsonl").read_text("utf-8").splitlines()]
PICK = [0, 2, 3, 6, 9, 12, 15]  # the articles used (indexes into examples/wikinews.jsonl)
LIMIT = 50_000

LICENCE = """Texts: German Wikinews (https://de.wikinews.org), licensed CC BY 2.5
(https://creativecommons.org/licenses/by/2.5/); the authors are the Wikinews contributors
named in each article's history.  Built by scripts/build_reader_samples.py from
examples/wikinews.jsonl: the page template, feeds and archive records around the texts are
made up for tests.
"""


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?“])\s+(?=[A-ZÄÖÜ„])", text) if s.strip()]


def paragraphs(text: str, per: int = 3) -> list[str]:
    parts = sentences(text)
    return [" ".join(parts[i: i + per]) for i in range(0, len(parts), per)]


def url_of(article: dict[str, Any], host: str = "de.wikinews.org") -> str:
    return f"https://{host}/wiki/{quote(article['title'].replace(' ', '_'))}"


def page(article: dict[str, Any]) -> bytes:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs(article["text"]))
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>{escape(article["title"])} – Wikinews</title>
<meta property="article:published_time" content="{article["published"]}">
<script>var wgPageName = "{escape(article["title"])}";</script></head>
<body><nav><a href="/wiki/Hauptseite">Hauptseite</a> <a href="/wiki/Politik">Politik</a></nav>
<main><article><h1>{escape(article["title"])}</h1>
{body}
</article></main>
<footer>Veröffentlicht am {article["published"]} · Lizenz: CC BY 2.5 · <a href="/wiki/Impressum">Impressum</a></footer>
</body></html>
""".encode()


def when(article: dict[str, Any], hour: int = 12) -> datetime:
    return datetime.fromisoformat(article["published"]).replace(hour=hour, tzinfo=UTC)


class Records:
    """WARC records with fixed ids and dates, so the output is reproducible."""

    def __init__(self, writer: WARCWriter, name: str) -> None:
        self.writer, self.name, self.count = writer, name, 0

    def _headers(self, date: datetime) -> dict[str, str]:
        self.count += 1
        record_id = uuid.uuid5(uuid.NAMESPACE_URL, f"lagebild:{self.name}:{self.count}")
        return {"WARC-Record-ID": f"<urn:uuid:{record_id}>", "WARC-Date": date.strftime("%Y-%m-%dT%H:%M:%SZ")}

    def warcinfo(self) -> None:
        fields = b"software: lagebild scripts/build_reader_samples.py\r\nformat: WARC File Format 1.1\r\n" \
                 b"description: German Wikinews articles (CC BY 2.5) as a crawl\r\n"
        headers = {**self._headers(datetime(2024, 1, 1, tzinfo=UTC)), "WARC-Filename": self.name}
        record = self.writer.create_warc_record("", "warcinfo", payload=io.BytesIO(fields), length=len(fields),
                                                warc_content_type="application/warc-fields",
                                                warc_headers_dict=headers)
        self.writer.write_record(record)

    def request(self, url: str, date: datetime) -> None:
        http = StatusAndHeaders(f"GET {url.split('/', 3)[-1]} HTTP/1.1", [("Host", url.split("/")[2]),
                                                                             ("User-Agent", "lagebild-sample")],
                                is_http_request=True)
        record = self.writer.create_warc_record(url, "request", payload=io.BytesIO(b""), length=0,
                                                http_headers=http, warc_headers_dict=self._headers(date))
        self.writer.write_record(record)

    def response(self, url: str, body: bytes, date: datetime, *, status: str = "200 OK",
                 content_type: str = "text/html; charset=UTF-8", extra: tuple[tuple[str, str], ...] = ()) -> None:
        http = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(body))),
                                         *extra], protocol="HTTP/1.1")
        record = self.writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                                http_headers=http, warc_headers_dict=self._headers(date))
        self.writer.write_record(record)


def crawl(path: Path, articles: list[dict[str, Any]], *, gz: bool, extras: bool) -> bytes:
    out = io.BytesIO()
    records = Records(WARCWriter(out, gzip=gz), path.name)
    records.warcinfo()
    for number, article in enumerate(articles):
        host = "de.m.wikinews.org" if number == 1 else "de.wikinews.org"
        url, date = url_of(article, host), when(article)
        records.request(url, date)
        records.response(url, page(article), date)
        if extras and number == 0:
            png = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
            records.response("https://upload.wikimedia.org/wikinews/logo.png", png, date, content_type="image/png")
            records.response("https://de.wikinews.org/robots.txt", b"User-agent: *\nDisallow: /w/\n", date,
                             content_type="text/plain")
        if extras and number == 2:
            records.response("https://de.wikinews.org/wiki/Alt", b"", date, status="301 Moved Permanently",
                             extra=(("Location", url),))
            records.response("https://de.wikinews.org/wiki/Fehlt", b"<html><body>Nicht gefunden</body></html>",
                             date, status="404 Not Found")
    if extras:  # an HTML response without a body: one per-record failure
        records.response("https://de.wikinews.org/wiki/Leer", b"", when(articles[-1], 13))
    return out.getvalue()


def build_warc() -> list[Path]:
    WARC_DIR.mkdir(parents=True, exist_ok=True)
    five = [ARTICLES[i] for i in PICK[:5]]
    full = crawl(WARC_DIR / "wikinews.warc.gz", five, gz=True, extras=True)
    (WARC_DIR / "wikinews.warc.gz").write_bytes(full)
    (WARC_DIR / "wikinews.warc").write_bytes(crawl(WARC_DIR / "wikinews.warc", five[:2], gz=False, extras=False))
    # cut in the middle of the fifth article's response record (as a download that stopped)
    fifth = url_of(five[4])
    with io.BytesIO(full) as stream:
        iterator = ArchiveIterator(stream)
        spans = [(record.rec_type, record.rec_headers.get_header("WARC-Target-URI"), iterator.get_record_offset(),
                  iterator.get_record_length()) for record in iterator]
    start, length = next((o, n) for kind, uri, o, n in spans if kind == "response" and uri == fifth)
    cut = start + length // 2
    (WARC_DIR / "wikinews-truncated.warc.gz").write_bytes(full[:cut])
    (WARC_DIR / "README.md").write_text(
        "# WARC samples for the corpus readers\n\n"
        "| file | what it is |\n|---|---|\n"
        "| `wikinews.warc.gz` | a crawl of 5 Wikinews articles (one on the mobile host), with request records, "
        "an image, robots.txt, a redirect, a 404 page (all skipped) and one empty HTML response (a per-record "
        "failure); one gzip member per record |\n"
        "| `wikinews.warc` | the first two articles, uncompressed |\n"
        "| `wikinews-truncated.warc.gz` | `wikinews.warc.gz` cut in the middle of the fifth article's record |\n\n"
        + LICENCE, encoding="utf-8")
    return [WARC_DIR / name for name in ("wikinews.warc.gz", "wikinews.warc", "wikinews-truncated.warc.gz")]


def rss(articles: list[dict[str, Any]], *, broken: bool = False) -> bytes:
    items = []
    for number, article in enumerate(articles):
        content = "".join(f"<p>{escape(p)}</p>" for p in paragraphs(article["text"]))
        date = format_datetime(when(article, 7).astimezone(UTC))
        lead = escape(sentences(article["text"])[0])
        text = (f"<description>{lead}</description>\n<content:encoded><![CDATA[{content}]]></content:encoded>"
                if number != 3 else "")  # the fourth item has a title and a link only
        if broken and number == 2:
            text = "<description>Ein <b>kaputter Eintrag</description>"  # not well-formed
        items.append(f"""<item>
<title>{escape(article["title"])}</title>
<link>{escape(url_of(article))}</link>
<guid isPermaLink="true">{escape(url_of(article))}</guid>
<pubDate>{date}</pubDate>
<dc:creator>Wikinews</dc:creator>
{text}
</item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>Wikinews</title>
<link>https://de.wikinews.org/wiki/Hauptseite</link>
<description>Nachrichten von Wikinews, der freien Nachrichtenquelle</description>
<language>de</language>
<atom:link href="https://de.wikinews.org/feed.rss" rel="self" type="application/rss+xml"/>
{chr(10).join(items)}
</channel>
</rss>
""".encode()


def atom(articles: list[dict[str, Any]]) -> bytes:
    entries = []
    for article in articles:
        content = escape("".join(f"<p>{escape(p)}</p>" for p in paragraphs(article["text"])))
        stamp = when(article, 9).strftime("%Y-%m-%dT%H:%M:%S+02:00")
        entries.append(f"""<entry>
<title type="text">{escape(article["title"])}</title>
<link rel="alternate" type="text/html" href="{escape(url_of(article))}"/>
<id>{escape(url_of(article))}</id>
<published>{stamp}</published>
<updated>{stamp}</updated>
<author><name>Wikinews</name></author>
<summary type="text">{escape(sentences(article["text"])[0])}</summary>
<content type="html">{content}</content>
</entry>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
<title>Wikinews – Nachrichten</title>
<link rel="alternate" type="text/html" href="https://de.wikinews.org/wiki/Hauptseite"/>
<link rel="self" href="https://de.wikinews.org/feed.atom"/>
<id>https://de.wikinews.org/feed.atom</id>
<updated>2024-01-01T00:00:00Z</updated>
{chr(10).join(entries)}
</feed>
""".encode()


def build_feeds() -> list[Path]:
    FEEDS_DIR.mkdir(parents=True, exist_ok=True)
    chosen = [ARTICLES[i] for i in PICK[:6]]
    files = {
        "wikinews.rss": rss(chosen),
        "wikinews.atom": atom(chosen[:5]),
        "wikinews-broken.rss": rss(chosen[:4], broken=True),
    }
    for name, data in files.items():
        (FEEDS_DIR / name).write_bytes(data)
    (FEEDS_DIR / "README.md").write_text(
        "# Feed samples for the corpus readers\n\n"
        "| file | what it is |\n|---|---|\n"
        "| `wikinews.rss` | RSS 2.0, 6 items with `content:encoded` and `<description>`; the 4th item has no text "
        "(a per-item failure) |\n"
        "| `wikinews.atom` | Atom 1.0, 5 entries with `<content type=\"html\">` |\n"
        "| `wikinews-broken.rss` | RSS 2.0 that stops being well-formed XML in its 3rd item |\n\n"
        + LICENCE, encoding="utf-8")
    return [FEEDS_DIR / name for name in files]


def main() -> None:
    for path in [*build_warc(), *build_feeds()]:
        size = path.stat().st_size
        assert size < LIMIT, f"{path} has {size:,} bytes, more than {LIMIT:,}"
        print(f"{path.relative_to(ROOT)}: {size:,} bytes")


if __name__ == "__main__":
    main()
