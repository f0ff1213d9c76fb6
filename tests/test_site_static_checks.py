"""The site's own Python (tools/ and tests/) is lint-clean (ruff) and type-checked (mypy),
as the package in code/ is (code/tests/test_static_checks.py). Configurations:
tools/ruff.toml and tools/mypy.ini."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing_in_tools_and_tests() -> None:
    pytest.importorskip("ruff")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--config", "tools/ruff.toml", "tools", "tests"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_no_errors_in_tools() -> None:
    api = pytest.importorskip("mypy.api")
    stdout, stderr, status = api.run(["--config-file", str(ROOT / "tools" / "mypy.ini"), "--no-incremental",
                                      str(ROOT / "tools")])
    assert status == 0, stdout + stderr


def test_mypy_finds_no_errors_in_tests() -> None:
    api = pytest.importorskip("mypy.api")
    stdout, stderr, status = api.run(["--config-file", str(ROOT / "tools" / "mypy.ini"), "--no-incremental",
                                      "--explicit-package-bases", str(ROOT / "tests")])
    assert status == 0, stdout + stderr
