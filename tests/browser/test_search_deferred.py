"""Search in a real browser, in every language: the index is not downloaded
with the page (tools/theme/main.html defers it), it is as soon as the
reader opens search, and a word of the page's language then finds its page.

(test_search.py covers search more widely; this one guards the deferral
that tools/measure/page_weight.py relies on. The browser is conftest.py's session one:
two Playwright instances in one process clash.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from site_html import DEFAULT_LANG, LANGS

SCRIPT = {"en": "A-Za-z", "ru": "\u0400-\u04ff", "bn": "\u0980-\u09ff\u200c\u200d", "te": "\u0c00-\u0c7f\u200c\u200d"}


def lesson_word(site_dir: Path, lang: str) -> str:
    """A long word of the lesson's title, in the page's own script when it is translated."""
    prefix = "" if lang == DEFAULT_LANG else f"{lang}/"
    index = json.loads((site_dir / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
    title = next(d["title"] for d in index["docs"] if d["location"] == "lesson/")
    words = re.findall(f"[{SCRIPT[lang]}]{{4,}}", title) or re.findall(r"[A-Za-z]{4,}", title)
    return max(words, key=len)


@pytest.mark.parametrize("lang", LANGS)
def test_search_index_loads_on_demand_and_finds_the_lesson(browser, site_url: str, site_dir: Path, lang: str):
    prefix = "/" if lang == DEFAULT_LANG else f"/{lang}/"
    word = lesson_word(site_dir, lang)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(site_url + prefix, wait_until="load")
        page.wait_for_load_state("networkidle")
        assert not [u for u in requested if "search_index.json" in u], "the search index came with the page"
        query = page.locator("input[data-md-component=search-query]")
        query.click()
        query.fill(word)
        query.dispatch_event("keyup")  # Playwright types non-ASCII without key events
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        index_urls = [u for u in requested if "search_index.json" in u]
        assert index_urls == [f"{site_url}{prefix}search/search_index.json"], index_urls
        links = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
        assert any(f"{prefix}lesson/" in link for link in links), f"{lang}: '{word}' did not find the lesson: {links}"
    finally:
        context.close()
