"""Fixtures for the browser tests: one headless Chromium for the whole session
(Debian's /usr/bin/chromium driven by Playwright's Python package; no browser
is downloaded) and pages that refuse every request to another host. The built
site served on 127.0.0.1 is tests/conftest.py's session fixture `site_url`
(TEST_SITE_DIR=<dir> tests a site that is already built).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from .support import Watch, page_path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def open_page(browser, site_url: str, watch: Watch):
    """open_page(lang, page, width=1280, height=900, wait_until="load") -> a Playwright page showing that page.

    The test fails at the end if any request left 127.0.0.1, a request to the
    site failed, or a page logged a console error.
    """
    contexts = []

    def open_(lang: str, page: str, *, width: int = 1280, height: int = 900, wait_until: str = "load", **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        watch.attach(context)
        context.set_default_timeout(10_000)
        tab = context.new_page()
        response = tab.goto(site_url + page_path(lang, page), wait_until=wait_until)
        assert response is not None and response.ok, f"{page_path(lang, page)}: HTTP {response and response.status}"
        return tab

    yield open_
    for context in contexts:
        context.close()
    watch.assert_clean()
