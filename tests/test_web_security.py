"""Hostile data and hostile requests against `lagebild serve`.

* An article whose text, title, outlet, URL, a quoted speaker's name and an entity id carry ``<script>``,
  ``onerror=`` and ``javascript:`` payloads renders inert in real headless Chromium: no payload runs
  (each would set ``window.__pwned``), no ``javascript:`` link exists, the payloads show as text.
* Injection strings in every query parameter (and in ids in the path) of every page and API endpoint give a
  normal answer or a 4xx, never a 500.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from lagebild.web import create_app
from lagebild.web.data import safe_url
from lagebild.web.markup import Mark, render_spans

from .web_support import HOSTILE_ENTITY, HOSTILE_SPEAKER, chromium, hostile_id, hostile_store, live_server

PARAMETERS = ("q", "date_from", "date_to", "outlet", "entity", "speaker", "place", "event_type", "story", "limit",
              "cursor")
INJECTIONS = (
    "' OR 1=1 --", "\"; DROP TABLE articles; --", "1; SELECT pg_sleep(5)", "<script>alert(1)</script>",
    "\" onmouseover=\"alert(1)", "javascript:alert(1)", "{{7*7}}", "${jndi:ldap://x/a}", "../../../../etc/passwd",
    "NEAR(a b) AND OR NOT", "\"unbalanced", "* ^ : ( ) -", "%00%27", "\u202e\u0000\x7f", "🙂" * 50,
    "x" * 600, "-1", "99999999999999999999999", "1e309", "2017-02-30", "\\", "'", "",
)
PAGES = ("/", "/search", "/stories", "/entities", "/quotes", "/events", "/map", "/api/articles", "/api/stories",
         "/api/entities", "/api/quotes", "/api/events", "/api/timeline", "/api/places", "/api/stats",
         "/api/top-stories", "/api/export/articles.csv", "/api/export/quotes.jsonl", "/api/export/events.csv")
PATHS = ("/articles/{}", "/api/articles/{}", "/entities/{}", "/api/entities/{}", "/stories/{}", "/api/stories/{}")


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return hostile_store(tmp_path_factory)


@pytest.fixture(scope="module")
def client(demo_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(demo_url), raise_server_exceptions=False) as test_client:
        yield test_client


def test_hostile_article_renders_inert_in_chromium(demo_url: str) -> None:
    article_id = hostile_id(demo_url)
    encoded_entity = quote(HOSTILE_ENTITY, safe="")
    paths = [f"/articles/{article_id}", f"/entities/{encoded_entity}", "/", "/search?q=Minister",
             "/search?q=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E", f"/quotes?speaker={quote(HOSTILE_SPEAKER)}",
             "/quotes", "/events", "/map", "/stories",
             "/search?outlet=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E"]
    with live_server(create_app(demo_url)) as base, chromium() as browser:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in paths:
            response = page.goto(base + path)
            assert response is not None and response.status < 500, path
            page.wait_for_load_state("networkidle")
            # everything that reacts to the pointer or focus does (the tip bar writes data-tip as text)
            page.evaluate("document.querySelectorAll('[data-tip]').forEach(e => "
                          "e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))")
            assert page.evaluate("window.__pwned") is None, path
            assert page.locator("a[href^='javascript:' i]").count() == 0, path
            assert page.locator("main script, main img[src='x'], main svg[onload]").count() == 0, path
        page.goto(f"{base}/articles/{article_id}")
        body = page.locator("main").inner_text()
        assert "<script>window.__pwned='script'</script>" in body  # shown as text
        assert "javascript:window.__pwned='url'" in body  # the URL is shown, not linked
        assert page.locator("h1").inner_text().startswith("Titel <script>")
        speaker = page.locator(".q[data-speaker-id]", has_text="einhalten").first
        assert speaker.get_attribute("data-speaker") == HOSTILE_SPEAKER
        speaker.hover()
        assert HOSTILE_SPEAKER in page.locator("#tipbar").inner_text()
        assert page.evaluate("window.__pwned") is None and dialogs == []


def test_hostile_article_json_is_data(client: TestClient, demo_url: str) -> None:
    body = client.get(f"/api/articles/{hostile_id(demo_url)}").json()
    assert body["url"].startswith("javascript:") and "<script>" in body["title"]
    assert client.get(f"/api/articles/{hostile_id(demo_url)}").headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("path", PAGES)
def test_injections_in_every_parameter_never_give_500(client: TestClient, path: str) -> None:
    for injection in INJECTIONS:
        every = client.get(path, params=dict.fromkeys(PARAMETERS, injection))
        assert every.status_code < 500, (path, injection, every.text[:300])
        assert every.status_code in (200, 400, 404, 413, 501), (path, injection)
    for name in PARAMETERS:
        for injection in ("' OR 1=1 --", "<script>alert(1)</script>", "x" * 600, "\"unbalanced", "-1"):
            single = client.get(path, params={name: injection})
            assert single.status_code < 500, (path, name, injection, single.text[:300])


@pytest.mark.parametrize("template", PATHS)
def test_injections_in_path_ids_never_give_500(client: TestClient, template: str) -> None:
    for injection in INJECTIONS:
        if not injection:
            continue
        response = client.get(template.format(quote(injection, safe="")))
        assert response.status_code in (200, 400, 404), (template, injection, response.text[:300])


def test_error_pages_escape_what_they_echo(client: TestClient) -> None:
    response = client.get("/no-such-page-<script>alert(1)</script>")
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.text


def test_urls_become_links_only_when_http() -> None:
    assert safe_url("https://example.org/a") == "https://example.org/a"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "//evil.org",
                "http://a b", None, 3):
        assert safe_url(bad) is None


def test_span_markup_is_built_from_escaped_pieces() -> None:
    text = "<b>A</b> & \"B\" 'C'"
    marks = [Mark(0, 8, 0, "span", "q q1", (("data-tip", "\"><script>x</script>"), ("title", "' onmouseover='x"))),
             Mark(3, 12, 1, "a", "m", (("href", "/entities/x"),), key=("m", 0))]
    html = str(render_spans(text, marks))
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert "<script>" not in html and "onmouseover='" not in html
    # crossing spans are split into properly nested elements
    assert html.count("<a ") == 2 and html.count("</a>") == 2 and html.count("<span") == 1
