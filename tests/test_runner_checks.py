"""The framework page's exercises, checked under CPython (the browser runs the same checks in Pyodide).

The reference solutions are the notebook's cells tagged ``solution-NAME``
(the build executes them too); each must pass every check of its exercise, and
typical wrong answers must fail with the case, the expected and the given value.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "sitebuild" / "runner" / "browser"))
import runner_checks  # noqa: E402 - served to the browser as a file, not a package module

NOTEBOOK = ROOT / "docs" / "framework.ipynb"


def tagged_cells(prefix: str) -> dict[str, str]:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    found = {}
    for cell in cells:
        for tag in cell.get("metadata", {}).get("tags", []):
            if tag.startswith(prefix):
                found[tag[len(prefix):]] = "".join(cell["source"])
    return found


def define(source: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {"np": np}
    exec(compile(source, "<solution>", "exec"), namespace)  # the notebook's own cells
    return namespace


def test_every_exercise_has_a_solution_and_checks() -> None:
    exercises, solutions = tagged_cells("exercise-"), tagged_cells("solution-")
    assert len(exercises) >= 5
    assert set(exercises) == set(solutions) == set(runner_checks.EXERCISES)


@pytest.mark.parametrize("name", sorted(runner_checks.EXERCISES))
def test_reference_solution_passes(name: str) -> None:
    results = runner_checks.run(name, define(tagged_cells("solution-")[name]))
    assert results and all(r["ok"] for r in results), results
    assert len(results) == results[0]["total"]


@pytest.mark.parametrize("name", sorted(runner_checks.EXERCISES))
def test_the_exercise_as_given_fails_with_its_error(name: str) -> None:
    results = runner_checks.run(name, define(tagged_cells("exercise-")[name]))
    assert not results[-1]["ok"] and results[-1]["error"].startswith("NotImplementedError")


WRONG = {
    "relu_backward": "def relu_backward(x, grad_out):\n    return grad_out * (x >= 0)",
    "stable_softmax": "def stable_softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=1, keepdims=True)",
    "cross_entropy_grad": "def cross_entropy_grad(p, labels):\n    g = p.copy()\n"
                          "    g[np.arange(len(labels)), labels] -= 1\n    return g",
    "linear_backward": "def linear_backward(x, W, g):\n    return x.T @ g, g.mean(axis=0), g @ W.T",
    "momentum_step": "def momentum_step(w, g, v, lr, m):\n    v = m * v + g\n    return w - lr * g, v",
}


@pytest.mark.parametrize("name", sorted(WRONG))
def test_wrong_answer_names_the_case_and_both_values(name: str) -> None:
    results = runner_checks.run(name, define(WRONG[name]))
    failed = results[-1]
    assert not failed["ok"]
    assert failed["case"].split("_")[0] in name.replace("stable_", "").replace("cross_entropy", "ce")
    assert ("expected" in failed and "got" in failed) or ("expected_shape" in failed and "got_shape" in failed)


def test_missing_function_is_reported() -> None:
    assert runner_checks.run("relu_backward", {}) == [{"case": "missing", "ok": False, "missing": "relu_backward"}]


def test_every_case_has_words_in_every_language() -> None:
    from tools.sitebuild import languages

    cases = {case for make in runner_checks.EXERCISES.values() for case, _ in make()}
    for lang in languages.codes():
        words = languages.ui("runner.cases", lang)
        assert cases <= set(words), f"{lang}: no words for {sorted(cases - set(words))}"
