"""The web UI in a real browser: `lagebild serve`'s application on 127.0.0.1, driven by Debian's headless
Chromium through Playwright, on the demo store (seed + Wikinews, really analysed).

Opens every page (no script errors, no Content-Security-Policy violations), searches, follows links from
an article to an entity to a quote to a story, checks the seed article's highlighted spans, uses the
keyboard, checks the 375 px layout and saves screenshots to docs/screenshots/.  Fails instead of skipping
when $CI is set and no browser is available.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lagebild.web import create_app

from .web_support import ROOT, SEED_DATE, chromium, demo_store, live_server, seed_id

SCREENSHOTS = ROOT / "docs" / "screenshots"
LAWROW = "kb:lawrow-sergej"
LAWROW_HREF = "/entities/kb%3Alawrow-sergej"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return demo_store(tmp_path_factory)


@pytest.fixture(scope="module")
def base(demo_url: str) -> Iterator[str]:
    with live_server(create_app(demo_url)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page at 1280 px that records script errors and console errors (CSP violations are those)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.problems = []
    opened.on("pageerror", lambda error: opened.problems.append(f"pageerror: {error}"))
    opened.on("console", lambda message: opened.problems.append(f"console: {message.text}")
              if message.type == "error" else None)
    yield opened
    context.close()


@pytest.fixture(scope="module")
def seed(demo_url: str) -> str:
    return seed_id(demo_url)


def visit(page: Any, url: str) -> Any:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("networkidle")
    return response


def story_of(base: str, page: Any, seed: str) -> str:
    story: str = page.request.get(f"{base}/api/articles/{seed}").json()["story"]
    assert story
    return story


def test_every_page_opens_without_script_errors(page: Any, base: str, seed: str) -> None:
    story = story_of(base, page, seed)
    paths = ["/", "/search", "/search?q=Waffenruhe", f"/articles/{seed}", "/stories", f"/stories/{story}",
             "/entities", "/entities?q=Lawrow", f"/entities/{LAWROW}", "/quotes", f"/quotes?speaker={LAWROW}",
             "/events", "/events?event_type=agree", "/map", "/analyse", "/api"]
    for path in paths:
        response = visit(page, base + path)
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert page.locator("main h1").count() == 1, path
        assert page.title().endswith("lagebild"), path
        assert not page.locator(".notice:has-text('Nicht verfügbar')").count(), path
    assert page.problems == []


def test_search_with_facets_and_snippets(page: Any, base: str, seed: str) -> None:
    visit(page, base + "/")
    page.fill("#quick-q", "Waffenruhe")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=Waffenruhe")
    hit = page.locator(f"ol.hits a[href='/articles/{seed}']")
    assert hit.count() == 1
    assert page.locator("p.snippet mark").count() >= 1
    page.locator("aside.facets summary", has_text="Datum").click()  # the date facet opens on demand
    page.locator("aside.facets a", has_text=SEED_DATE).first.click()
    page.wait_for_load_state("networkidle")
    assert f"date_from={SEED_DATE}" in page.url
    assert page.locator(f"ol.hits a[href='/articles/{seed}']").count() == 1
    assert page.problems == []


def test_overview_to_article_to_entity_to_quote_to_story(page: Any, base: str, seed: str) -> None:
    # overview -> the seed article: through the volume timeline (a bar is a link to its period) ...
    visit(page, base + "/")
    page.locator("svg.chart a[aria-label^='2017']").first.click()
    page.wait_for_url("**/search?**date_from=2017-**")
    assert page.locator(f"ol.hits a[href='/articles/{seed}']").count() == 1
    # ... or through the search box
    visit(page, base + "/")
    page.fill("#quick-q", "Lawrow")
    page.keyboard.press("Enter")
    page.locator(f"ol.hits a[href='/articles/{seed}']").click()
    page.wait_for_url(f"**/articles/{seed}")
    # article -> Lawrow's page (a highlighted mention in the text)
    page.locator(f"#article-text a[href='{LAWROW_HREF}']").first.click()
    page.wait_for_url(f"**{LAWROW_HREF}")
    assert page.locator("h1").inner_text().startswith("Sergej Lawrow")
    assert page.locator("svg.chart rect").count() >= 1  # mentions over time
    # entity -> a quote of his -> its article -> the story
    quote = page.locator("ul.quotes li", has_text="Cyber").first
    quote.locator(f"a[href='/articles/{seed}']").click()
    page.wait_for_url(f"**/articles/{seed}")
    page.locator("a.story-link").click()
    page.wait_for_url("**/stories/**")
    assert page.locator(f"a[href='/articles/{seed}']").count() >= 1
    assert page.locator(".side-by-side .version").count() >= 1
    assert page.problems == []


def test_seed_article_spans(page: Any, base: str, seed: str) -> None:
    visit(page, f"{base}/articles/{seed}")
    text = page.locator("#article-text")
    lawrow_quotes = text.locator(f".q[data-speaker-id='{LAWROW}']")
    assert lawrow_quotes.count() >= 3
    for index in range(lawrow_quotes.count()):
        quote = lawrow_quotes.nth(index)
        assert quote.get_attribute("data-speaker") == "Sergej Lawrow"
        assert "Sergej Lawrow" in (quote.get_attribute("title") or "")
    assert text.locator(".who", has_text="Sergej Lawrow").count() >= 1  # named, not only coloured
    # hovering shows speaker and cue
    cyber = text.locator(f".q[data-speaker-id='{LAWROW}']", has_text="Arbeitsgruppe für Cyber-Sicherheit").first
    cyber.hover()
    tip = page.locator("#tipbar")
    assert "Sergej Lawrow" in tip.inner_text() and "erklärte" in tip.inner_text()
    # "9. Juli ab 12 Uhr Ortszeit Damaskus": both time expressions carry their normalised values
    assert "9. Juli ab 12 Uhr Ortszeit Damaskus" in text.inner_text()
    day = text.locator("time.tx", has_text="9. Juli")
    hour = text.locator("time.tx", has_text="12 Uhr Ortszeit Damaskus")
    assert day.get_attribute("datetime") == "2017-07-09"
    assert hour.get_attribute("datetime") == "2017-07-09T12:00+03:00"
    assert "2017-07-09T12:00+03:00" in (hour.get_attribute("title") or "")
    page.check("#show-values")
    assert "show-values" in (text.get_attribute("class") or "")
    after = page.evaluate("e => getComputedStyle(e, '::after').content", hour.element_handle())
    assert "2017-07-09T12:00+03:00" in after
    # entities by type, places, events, the claimed source, boilerplate on demand
    assert text.locator("a.m-PER[href]").count() >= 3 and text.locator(".m-LOC").count() >= 2
    assert text.locator(".ev").count() >= 1
    assert page.locator(".claimed-source").first.inner_text() == "Reuters"
    removed = page.locator("details.removed")
    assert not removed.locator("li").first.is_visible()
    removed.locator("summary").click()
    assert removed.locator("li", has_text="Quelle: Reuters").is_visible()
    assert page.problems == []


def test_keyboard_reaches_quotes_and_links(page: Any, base: str, seed: str) -> None:
    visit(page, f"{base}/articles/{seed}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.getAttribute('data-speaker') || ''"))
        if "Sergej Lawrow" in seen:
            break
    assert "Sergej Lawrow" in seen  # quotes are focusable
    assert "Sergej Lawrow" in page.locator("#tipbar").inner_text()  # and their tip shows on focus


def test_map_draws_world_and_places(page: Any, base: str) -> None:
    visit(page, base + "/map")
    page.wait_for_selector("#map[data-ready='true']", timeout=15_000)
    assert page.locator("#map-land path").count() > 100
    assert page.locator("#map-points circle").count() >= 5
    assert page.locator("#places-table td", has_text="Damaskus").count() == 1
    assert page.problems == []


def test_analyse_page_with_the_seed_example(page: Any, base: str) -> None:
    visit(page, base + "/analyse")
    page.click("#use-example")
    assert "Lawrow" in page.input_value("#text")
    page.fill("#date", SEED_DATE)
    page.click("form.analyse button[type=submit]")
    page.wait_for_selector("#article-text", timeout=120_000)
    assert page.locator("#article-text time.tx[datetime='2017-07-09T12:00+03:00']").count() == 1
    assert page.locator("#article-text .q[data-speaker='Sergej Lawrow']").count() >= 1
    assert page.locator(".claimed-source").inner_text() == "Reuters"
    assert page.problems == []


@pytest.mark.parametrize("width", [375, 1280])
def test_readable_at_375_and_1280_px_with_screenshots(browser: Any, base: str, seed: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    shot = context.new_page()
    story = shot.request.get(f"{base}/api/articles/{seed}").json()["story"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = {"overview": "/", "search": "/search?q=Waffenruhe", "article": f"/articles/{seed}",
             "entity": f"/entities/{LAWROW}", "story": f"/stories/{story}", "events": "/events", "map": "/map"}
    try:
        for name, path in pages.items():
            visit(shot, base + path)
            if name == "map":
                shot.wait_for_selector("#map[data-ready='true']", timeout=15_000)
            overflow = shot.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{name} scrolls sideways at {width} px by {overflow} px"
            size = shot.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
            assert size >= 14
            target = Path(SCREENSHOTS / f"{name}-{width}.png")
            shot.screenshot(path=str(target), full_page=width == 375 and name == "overview")
            assert target.stat().st_size > 5_000
    finally:
        context.close()
