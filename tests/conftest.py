"""Shared fixtures of the site tests (tests/).

The site is built ONCE per test session and served ONCE; every test that needs
it asks for one of these session fixtures:

``built_site`` -> site_html.Build
    ``mkdocs build --strict`` of this checkout into a temporary folder:
    ``.site`` (Path of the built site), ``.log`` (everything the build printed),
    ``.root``. The fixture fails the test (with the build log) when the build
    fails. ``TEST_SITE_DIR=/path/to/site`` skips the build and tests that site.
``site_dir`` -> Path
    ``built_site.site``.
``site_url`` -> str
    The built site served on 127.0.0.1 (free port), e.g. ``http://127.0.0.1:41234``,
    without a trailing slash: ``site_url + "/bn/lesson/"``.

Helpers (languages, navigation pages, an HTML scanner, building a small
variant of the site for tests that change sources) are in tests/site_html.py:
``from site_html import LANGS, nav_pages, page_file, scan_html, make_mini_site``.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# The build and translation code are packages of the repository (tools.sitebuild, tools.i18n).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pytest

from site_html import ROOT, Build, build_site


@pytest.fixture(scope="session")
def built_site():
    prebuilt = os.environ.get("TEST_SITE_DIR")
    if prebuilt:
        site = Path(prebuilt).resolve()
        if not (site / "index.html").is_file():
            pytest.fail(f"TEST_SITE_DIR={prebuilt} holds no built site")
        yield Build(ROOT, site, 0, "")
        return
    # not under pytest's basetemp: concurrent pytest sessions prune each other's
    where = Path(tempfile.mkdtemp(prefix="ownframework-site-"))
    try:
        build = build_site(ROOT, where / "site")
        if build.returncode != 0:
            pytest.fail(f"mkdocs build --strict failed:\n{build.log}", pytrace=False)
        yield build
    finally:
        shutil.rmtree(where, ignore_errors=True)


@pytest.fixture(scope="session")
def site_dir(built_site: Build) -> Path:
    return built_site.site


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
