"""The built site for tests that read its files (notebook pages, downloads).

``built_site()`` runs ``mkdocs build --strict`` once per test process into a
temporary directory and returns it; ``TEST_SITE_DIR=<dir>`` (or the browser
tests' ``BROWSER_TEST_SITE_DIR``) tests a site that is already built instead.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("en", "ru", "bn", "te")
NOTEBOOKS = ("framework.ipynb", "mnist-lab.ipynb")


def prefix(lang: str) -> str:
    """Folder of a language in the site: '' for English, 'ru/' for Russian."""
    return "" if lang == "en" else f"{lang}/"


def built_site() -> Path:
    prebuilt = os.environ.get("TEST_SITE_DIR") or os.environ.get("BROWSER_TEST_SITE_DIR")
    if prebuilt:
        return Path(prebuilt)
    site = Path(tempfile.gettempdir()) / f"ownframework-test-site-{os.getpid()}"
    if (site / ".build-ok").is_file():
        return site
    shutil.rmtree(site, ignore_errors=True)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode != 0:
        raise AssertionError(f"mkdocs build --strict failed:\n{result.stdout[-4000:]}\n{result.stderr[-8000:]}")
    (site / ".build-ok").write_text("ok")
    atexit.register(shutil.rmtree, site, True)
    return site
