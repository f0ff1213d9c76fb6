"""Fixtures for the browser tests: the built site on 127.0.0.1, one headless
Chromium for the whole session (Debian's /usr/bin/chromium driven by
Playwright's Python package; no browser is downloaded), and pages that refuse
every request to another host.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .support import ROOT, SCREENSHOTS, Watch, page_path

playwright_api = pytest.importorskip("playwright.sync_api")

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


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory):
    """Base URL (no trailing slash) of the built site, served on 127.0.0.1.

    Builds with `mkdocs build --strict` once per session;
    BROWSER_TEST_SITE_DIR=<dir> tests a site that is already built instead.
    """
    prebuilt = os.environ.get("BROWSER_TEST_SITE_DIR")
    if prebuilt:
        site_dir = Path(prebuilt)
    else:
        site_dir = tmp_path_factory.mktemp("site")
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
            check=False, cwd=ROOT, capture_output=True, text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def open_page(browser, site_url: str, watch: Watch):
    """open_page(lang, page, width=1280, height=900) -> a Playwright page showing that page.

    The test fails at the end if any request left 127.0.0.1, a request to the
    site failed, or a page logged a console error.
    """
    contexts = []

    def open_(lang: str, page: str, *, width: int = 1280, height: int = 900, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        watch.attach(context)
        context.set_default_timeout(10_000)
        tab = context.new_page()
        response = tab.goto(site_url + page_path(lang, page), wait_until="load")
        assert response is not None and response.ok, f"{page_path(lang, page)}: HTTP {response and response.status}"
        return tab

    yield open_
    for context in contexts:
        context.close()
    watch.assert_clean()


@pytest.fixture(scope="session", autouse=True)
def _fresh_screenshots():
    """Start every run with an empty test-artifacts/screenshots/."""
    if SCREENSHOTS.is_dir():
        shutil.rmtree(SCREENSHOTS)
    yield
