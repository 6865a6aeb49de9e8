"""Outlets from URLs: the registered domain by the public-suffix list bundled in ``publicsuffixlist``."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lagebild.outlets import host_of, outlet_from_url, registered_domain, resolve_outlet

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("url", "outlet"), [
    ("https://www.sueddeutsche.de/politik/g20-gipfel-putin-trump-1.3571624", "sueddeutsche.de"),
    ("https://m.spiegel.de", "spiegel.de"),
    ("https://m.spiegel.de/politik/ausland/a-1156483.html", "spiegel.de"),
    ("news.bbc.co.uk", "bbc.co.uk"),
    ("http://news.bbc.co.uk/2/hi/europe/default.stm", "bbc.co.uk"),
    ("https://de.wikinews.org/wiki/Kuipergürtel-Objekt_soll_Komet_werden", "wikinews.org"),
    ("https://www.derstandard.at/story/2000061000000/a", "derstandard.at"),
    ("https://www.nzz.ch/international/a-ld.1305000", "nzz.ch"),
    ("https://www.abc.net.au/news/a", "abc.net.au"),
    ("https://www.general-anzeiger-bonn.de/news/politik/a_aid-1", "general-anzeiger-bonn.de"),
    ("https://WWW.Tagesschau.DE./inland/a.html", "tagesschau.de"),  # case and a trailing root dot
    ("https://www.tagesschau.de:8443/inland", "tagesschau.de"),
    ("https://leser:geheim@www.welt.de/politik/", "welt.de"),
    ("//www.faz.net/aktuell/politik/", "faz.net"),
    ("www.zeit.de/politik/2017-07/a", "zeit.de"),
    ("https://xn--sddeutsche-9db.de/a", "süddeutsche.de"),  # punycode is shown as Unicode
    ("https://www.süddeutsche.de/a", "süddeutsche.de"),
    ("https://stadtblog.blogspot.com/2017/07/a.html", "stadtblog.blogspot.com"),  # a private suffix
    ("https://example.unbekannt/a", "example.unbekannt"),  # unknown TLDs count as public suffixes
    ("ftp://ftp.heise.de/pub/", "heise.de"),
])
def test_outlet_from_url(url: str, outlet: str) -> None:
    assert outlet_from_url(url) == outlet


@pytest.mark.parametrize("url", [
    None, "", "   ", "https://", "http://127.0.0.1/a", "https://[::1]:8080/a", "http://localhost:8080/",
    "https://co.uk/", "https://de/", "mailto:redaktion@taz.de", "javascript:void(0)", "urn:isbn:3-16-148410-0",
    "https://[nicht-geschlossen/", "https://exa mple.de/", "https://-bad-.de/", "https://a..b.de/",
    "https://" + "a" * 70 + ".de/", "https://www.example.de/" + "x" * 10_000,
])
def test_no_outlet_without_a_registered_domain(url: str | None) -> None:
    assert outlet_from_url(url) is None


def test_registered_domain_and_host() -> None:
    assert registered_domain("news.bbc.co.uk") == "bbc.co.uk"
    assert registered_domain("bbc.co.uk") == "bbc.co.uk"
    assert registered_domain("co.uk") is None and registered_domain("192.168.0.1") is None
    assert host_of("https://WWW.Spiegel.de:443/x?y=1#z") == "www.spiegel.de"
    assert host_of("mailto:a@b.de") is None


@pytest.mark.parametrize(("outlet", "url", "expected"), [
    ("Süddeutsche Zeitung", "https://www.sueddeutsche.de/a", "Süddeutsche Zeitung"),  # metadata wins
    ("  DER   SPIEGEL\n", "https://m.spiegel.de/a", "DER SPIEGEL"),
    ("SZ.de", "https://www.sueddeutsche.de/a", "SZ.de"),  # a brand that looks like a domain is kept
    ("www.spiegel.de", None, "spiegel.de"),  # a host name (as extractors report it) is reduced
    ("news.bbc.co.uk", "https://news.bbc.co.uk/a", "bbc.co.uk"),
    (None, "https://m.spiegel.de/a", "spiegel.de"),
    ("", "https://www.faz.net/a", "faz.net"),
    ("   ", "https://www.faz.net/a", "faz.net"),
    (None, None, None),
    (None, "http://localhost/a", None),
])
def test_resolve_outlet(outlet: str | None, url: str | None, expected: str | None) -> None:
    assert resolve_outlet(outlet, url) == expected


def test_the_list_ships_inside_the_package_and_needs_no_network() -> None:
    """Loaded in a fresh interpreter whose every network access raises: the bundled list is used."""
    import publicsuffixlist

    bundled = Path(publicsuffixlist.__file__).parent / "public_suffix_list.dat"
    assert bundled.is_file() and bundled.stat().st_size > 100_000
    script = textwrap.dedent("""
        import sys

        def no_network(event, args):
            if event.startswith(("socket.", "urllib.Request", "http.client")):
                raise RuntimeError(f"network access: {event} {args!r}")

        sys.addaudithook(no_network)
        from lagebild.outlets import outlet_from_url
        print(outlet_from_url("https://www.sueddeutsche.de/politik/a"), outlet_from_url("news.bbc.co.uk"),
              outlet_from_url("https://m.spiegel.de"))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["sueddeutsche.de", "bbc.co.uk", "spiegel.de"]


def test_readers_need_no_network(tmp_path: Path) -> None:
    """The committed WARC and feed samples are read with every network access refused."""
    script = textwrap.dedent(f"""
        import sys

        def no_network(event, args):
            if event.startswith(("socket.", "urllib.Request", "http.client")):
                raise RuntimeError(f"network access: {{event}} {{args!r}}")

        sys.addaudithook(no_network)
        from pathlib import Path
        from lagebild.ingest_feeds import iter_feed
        from lagebild.ingest_warc import iter_warc
        data = Path({str(ROOT / "tests" / "data")!r})
        items = [*iter_warc(data / "warc" / "wikinews.warc.gz", max_bytes=10**7),
                 *iter_feed(data / "feeds" / "wikinews.rss", max_bytes=10**7),
                 *iter_feed(data / "feeds" / "wikinews.atom", max_bytes=10**7)]
        print(sum(1 for i in items if hasattr(i, "text")), sum(1 for i in items if hasattr(i, "error")))
        print([str(i.error) for i in items if hasattr(i, "error") and "network" in str(i.error)])
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.returncode == 0, result.stderr
    counts, network = result.stdout.splitlines()
    assert counts.split() == ["15", "2"] and network == "[]"
