"""Outlet names from URLs: the registered domain by the public-suffix list.

``https://www.sueddeutsche.de/politik/…`` → ``sueddeutsche.de``, ``https://m.spiegel.de`` →
``spiegel.de``, ``news.bbc.co.uk`` → ``bbc.co.uk``.  The list is the copy bundled inside the
``publicsuffixlist`` package (its ICANN and private sections; a private suffix such as
``blogspot.com`` makes ``x.blogspot.com`` an outlet of its own); nothing is downloaded.

An IP address, a single-label host (``localhost``) and a host that is itself a public suffix
(``co.uk``) have no registered domain: :func:`outlet_from_url` returns None for them.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

_LABEL = re.compile(r"^(?!-)[\w-]{1,63}(?<!-)$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_HOSTLIKE = re.compile(r"^[a-z0-9\u00c0-\uffff.-]+\.[a-z\u00c0-\uffff]{2,}$")  # "www.spiegel.de", not "SZ.de"
MAX_URL = 8192


@lru_cache(maxsize=1)
def _psl() -> PublicSuffixList:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()  # the list bundled in the package: no network


def _clean_host(host: str) -> str | None:
    host = host.strip().rstrip(".").lower()
    if not host or "." not in host:
        return None
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    labels = host.split(".")
    if any(label.startswith("xn--") for label in labels):
        with contextlib.suppress(UnicodeError, ValueError):  # an invalid punycode label: keep the ASCII form
            host = host.encode("ascii").decode("idna").lower()
        labels = host.split(".")
    if not all(_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        return None
    return host


@lru_cache(maxsize=8192)
def registered_domain(host: str) -> str | None:
    """The registered domain of a host name (``news.bbc.co.uk`` → ``bbc.co.uk``), or None."""
    cleaned = _clean_host(host)
    if cleaned is None:
        return None
    result = _psl().privatesuffix(cleaned)
    return str(result) if result else None


def host_of(url: str | None) -> str | None:
    """The host name of a URL (``https://``, ``//`` or scheme-less ``www.x.de/...``), lower case, or None."""
    if not url:
        return None
    text = url.strip()
    if not text or len(text) > MAX_URL or any(ch.isspace() for ch in text):
        return None
    if not _SCHEME.match(text) and not text.startswith("//"):
        if ":" in text.split("/", 1)[0] and not re.match(r"^[^:/]+:\d+(/|$)", text):
            return None  # mailto:..., urn:..., javascript:...
        text = "//" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:  # e.g. an unbalanced "[" of an IPv6 literal
        return None
    return host or None


def outlet_from_url(url: str | None) -> str | None:
    """The outlet of an article URL: its registered domain, or None when there is none."""
    host = host_of(url)
    return registered_domain(host) if host else None


def resolve_outlet(outlet: str | None, url: str | None) -> str | None:
    """The outlet from metadata when given, else the URL's registered domain.

    A metadata outlet that is a lower-case host name (``www.spiegel.de``, as page extractors
    report it) is reduced to its registered domain; any other name (``Süddeutsche Zeitung``,
    ``SZ.de``) is kept as given, with its whitespace collapsed.
    """
    if outlet is not None:
        name = " ".join(outlet.split())
        if name:
            if _HOSTLIKE.match(name):
                return registered_domain(name) or name
            return name
    return outlet_from_url(url)


__all__ = ["host_of", "outlet_from_url", "registered_domain", "resolve_outlet"]
