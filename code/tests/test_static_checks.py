"""The package is typed (py.typed, mypy --strict per pyproject.toml) and lint-clean (ruff)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # code/


def test_mypy_strict_finds_no_errors() -> None:
    api = pytest.importorskip("mypy.api")
    stdout, stderr, status = api.run(["--config-file", str(PACKAGE_ROOT / "pyproject.toml"),
                                      "--no-incremental", str(PACKAGE_ROOT / "src" / "ownframework")])
    assert status == 0, stdout + stderr


def test_ruff_finds_nothing() -> None:
    pytest.importorskip("ruff")
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "src", "tests", "benchmarks"],
                            cwd=PACKAGE_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_package_says_it_is_typed() -> None:
    assert (PACKAGE_ROOT / "src" / "ownframework" / "py.typed").is_file()
