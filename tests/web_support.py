"""Shared pieces of the web tests and the web benchmark: the demo store, a hostile article, a live server, a browser.

``build_demo_store`` analyses the seed article (date 2017-07-08) and the Wikinews examples with the real default
pipeline, then groups them into stories when the corpus layer is installed.  It is slow (about a minute), so
:func:`demo_store` builds it once per test session (cached under pytest's session temp directory, shared by
every web test module), or copies the one ``$LAGEBILD_TEST_WEB_DB`` names.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from lagebild.model import Article, Entity, Mention, Quote
from lagebild.settings import load_settings
from lagebild.store import Store, open_store

from .pgserver import in_ci

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "000_95917e8755466fef.txt"
WIKINEWS = ROOT / "examples" / "wikinews.jsonl"
SEED_DATE = "2017-07-08"
PREBUILT_ENV = "LAGEBILD_TEST_WEB_DB"  # reuse a demo store built before (saves about a minute per session)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

# Payloads that would set window.__pwned if any of them ran (as markup, an event handler or a javascript: link).
SCRIPT = "<script>window.__pwned='script'</script>"
IMG = "<img src=x onerror=\"window.__pwned='img'\">"
QUOTE_BREAK = "\"'><svg onload=window.__pwned='svg'>"
JS_URL = "javascript:window.__pwned='url'"
HOSTILE_TEXT = (f"Berlin {SCRIPT} – Der Minister {IMG} sagte am Montag in Berlin: „Wir {QUOTE_BREAK} werden "
                f"die Waffenruhe einhalten.“ Mehr unter {JS_URL} und am 9. Juli. Angela Merkel erklärte, "
                f"sie sei {SCRIPT} zufrieden.")
HOSTILE_SPEAKER = f"Dr. {SCRIPT}{IMG} Mallory"
HOSTILE_ENTITY = "kb:\"><img src=x onerror=window.__pwned='id'>"


def build_demo_store(url: str, *, corpus: bool = True) -> None:
    """Analyse the seed and the Wikinews examples into the store at ``url``; group stories if possible."""
    from lagebild.batch import run_batch

    settings = load_settings({"db": url, "workers": 1})
    with open_store(url) as store:
        run_batch([str(SEED)], settings, store=store, date=SEED_DATE)
        run_batch([str(WIKINEWS)], settings, store=store)
        if corpus:
            update_stories(store)


def update_stories(store: Store) -> None:
    try:
        from lagebild.corpus.update import update_corpus
    except ImportError:
        return
    update_corpus(store)


def copy_store(source: str, target: str) -> None:
    """Every article of ``source`` into ``target`` (another backend), then its stories."""
    with open_store(source, create=False) as old, open_store(target) as new:
        ids = old.article_ids()
        for first in range(0, len(ids), 50):
            new.save_many(old.get_many(ids[first:first + 50]))
        update_stories(new)


def hostile_article() -> Article:
    """An analysed article whose text, title, outlet, URL, a speaker name and an entity id carry payloads."""
    from lagebild import analyze

    article = analyze(HOSTILE_TEXT, date=SEED_DATE, title=f"Titel {SCRIPT}{IMG}", outlet=f"Outlet {IMG}",
                      url=JS_URL)
    start = article.text.index("Wir")
    end = article.text.index("einhalten.") + len("einhalten.")
    mention_start = article.text.index("Minister")
    mention = Mention(text="Minister", start=mention_start, end=mention_start + len("Minister"), label="PER",
                      entity=HOSTILE_ENTITY, kind="nominal")
    quote = Quote(text=article.text[start:end], start=start, end=end, type="direct", speaker=HOSTILE_ENTITY,
                  speaker_name=HOSTILE_SPEAKER, cue=None)
    return replace(article, mentions=[*article.mentions, mention], quotes=[*article.quotes, quote],
                   entities=[*article.entities, Entity(id=HOSTILE_ENTITY, name=HOSTILE_SPEAKER, label="PER")])


def demo_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo SQLite store of this test session (built on first use, then reused by every module)."""
    folder = tmp_path_factory.getbasetemp() / "web-demo"
    path = folder / "demo.db"
    done = folder / "complete"
    if not done.exists():
        folder.mkdir(exist_ok=True)
        if path.exists():
            path.unlink()
        prebuilt = os.environ.get(PREBUILT_ENV)
        if prebuilt:  # a demo store built before (by this function): copied, so the tests never change it
            _copy_sqlite(prebuilt, path)
        else:
            build_demo_store(str(path))
        done.write_text("ok", encoding="utf-8")
    return str(path)


def _copy_sqlite(source_path: str | Path, target_path: Path) -> None:
    import sqlite3

    source = sqlite3.connect(source_path)
    target = sqlite3.connect(target_path)
    with target:
        source.backup(target)
    source.close()
    target.close()


def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the demo store with :func:`hostile_article` added (the demo itself stays clean for screenshots)."""
    path = tmp_path_factory.getbasetemp() / "web-demo" / "hostile.db"
    if not path.exists():
        _copy_sqlite(demo_store(tmp_path_factory), path)
        with open_store(str(path)) as store:
            store.save(hostile_article())
            update_stories(store)
    return str(path)


def seed_id(url: str) -> str:
    with open_store(url, create=False) as store:
        found = [a for a in store.iter_articles() if a.claimed_source == "Reuters" and a.published == SEED_DATE]
    assert found, "the seed article is not in the demo store"
    return found[0].id


def hostile_id(url: str) -> str:
    with open_store(url, create=False) as store:
        ids = [a.id for a in store.iter_articles() if a.title and "Titel <script>" in a.title]
    assert ids
    return ids[0]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def live_server(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def browser_unavailable(reason: str) -> None:
    """Skip the browser tests outside CI; in CI (``$CI`` set) fail, so that CI never passes by skipping them."""
    message = (f"headless Chromium is not available ({reason}); install it with `apt-get install chromium` and "
               "playwright with `pip install -e '.[dev]'` (no browser download needed)")
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        browser_unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("the playwright package is not installed")
    with sync_playwright() as driver:
        try:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as exc:
            browser_unavailable(f"Chromium did not start: {exc}")
        try:
            yield browser
        finally:
            browser.close()
