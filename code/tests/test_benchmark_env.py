"""The benchmark's BLAS helpers (code/benchmarks/blas_env.py): they describe and copy, never change, the environment."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from blas_env import PINNING_VARIABLES, blas_description, pinned_here, user_environment


def test_the_user_environment_drops_only_the_pinning_variables(monkeypatch):
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Haswell")
    monkeypatch.setenv("OPENBLAS_L2_SIZE", "512")
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
    env = user_environment()
    assert not set(PINNING_VARIABLES) & set(env)
    assert env["OPENBLAS_NUM_THREADS"] == "2" and env["PATH"] == os.environ["PATH"]
    assert pinned_here() == {"OPENBLAS_CORETYPE": "Haswell", "OPENBLAS_L2_SIZE": "512"}
    assert os.environ["OPENBLAS_CORETYPE"] == "Haswell"  # this process keeps its setting


def test_the_blas_description_names_kernel_and_threads():
    text = blas_description()
    assert text.startswith("BLAS:")
    if "unknown" not in text:  # threadpoolctl installed
        assert "kernel" in text and "threads" in text
