"""``lagebild serve``: the HTTP API (FastAPI, JSON) and the web UI (server-rendered pages) over a store.

>>> from lagebild.web import create_app                      # doctest: +SKIP
>>> app = create_app("demo.db")                               # doctest: +SKIP

See ``docs/web.md``.
"""

from __future__ import annotations

from .app import create_app
from .context import WebLimits

__all__ = ["WebLimits", "create_app"]
