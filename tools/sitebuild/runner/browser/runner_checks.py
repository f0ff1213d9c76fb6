"""The checks of the framework page's exercises, run on the reader's code in the browser.

``run(name, namespace)`` finds the reader's function ``name`` in the page's
namespace and runs its cases: comparisons with the package's own layers,
losses and optimizers, and numerical (finite-difference) gradients. It stops
at the first failing case and returns one dict per case that ran:

    {"case": "relu_mixed", "ok": True, "total": 3}    (total: the exercise's number of cases)
    {"case": "relu_zero", "ok": False, "expected": "[[0. 1.]]", "got": "[[1. 1.]]"}
    {"case": ..., "ok": False, "expected_shape": "(4, 3)", "got_shape": "(3, 4)"}
    {"case": ..., "ok": False, "error": "ValueError: ..."}
    {"case": "missing", "ok": False, "missing": "relu_backward"}

The page turns these into sentences in its language (ui.yml ``runner.cases``
names each case). The same file runs under CPython in tests/test_runner_checks.py,
with the reference solutions of the notebook and with wrong answers.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

Case = tuple[str, Callable[[Callable[..., Any]], tuple[Any, Any]]]
RTOL, ATOL = 1e-4, 1e-6


class MismatchError(Exception):
    """The reader's answer differs from the expected one; ``detail`` says how."""

    def __init__(self, detail: dict[str, str]) -> None:
        super().__init__(detail)
        self.detail = detail


def show(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=4, suppress_small=True)
    if isinstance(value, tuple):
        return "(" + ", ".join(show(v) for v in value) + ")"
    return repr(value)


def compare(expected: Any, got: Any) -> None:
    """Raise MismatchError unless ``got`` equals ``expected`` (arrays: same shape, close values)."""
    if isinstance(expected, tuple):
        if not isinstance(got, tuple | list) or len(got) != len(expected):
            raise MismatchError({"expected": show(expected), "got": show(got)})
        for e, g in zip(expected, got, strict=True):
            compare(e, g)
        return
    expected = np.asarray(expected)
    try:
        array = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        raise MismatchError({"expected": show(expected), "got": show(got)}) from None
    if array.shape != expected.shape:
        raise MismatchError({"expected_shape": str(expected.shape), "got_shape": str(array.shape)})
    if not np.allclose(array, expected, rtol=RTOL, atol=ATOL):
        raise MismatchError({"expected": show(expected), "got": show(array)})


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences of the scalar function ``f`` at ``x`` (float64)."""
    grad = np.zeros_like(x, dtype=np.float64)
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old + eps
        up = f(x)
        x[index] = old - eps
        down = f(x)
        x[index] = old
        grad[index] = (up - down) / (2 * eps)
    return grad


# --------------------------------------------------------------------------- #
# the exercises: name -> cases; a case gives (expected, what the reader's function returned)
# --------------------------------------------------------------------------- #
def relu_cases() -> Iterator[Case]:
    from ownframework.activations import ReLU

    def package(x: np.ndarray, g: np.ndarray) -> np.ndarray:
        layer = ReLU()
        layer.forward(x)
        return layer.backward(g)

    x1 = np.array([[-2.0, -0.5, 0.5, 3.0], [1.0, -1.0, 2.0, -3.0]])
    g1 = np.array([[1.0, 2.0, 3.0, 4.0], [-1.0, 0.5, 2.0, 1.0]])
    yield "relu_mixed", lambda f: (package(x1, g1), f(x1.copy(), g1.copy()))
    x2 = np.array([[0.0, 1.0, 0.0, -1.0]])
    g2 = np.ones((1, 4))
    yield "relu_zero", lambda f: (package(x2, g2), f(x2.copy(), g2.copy()))
    rng = np.random.default_rng(0)
    x3 = rng.normal(size=(3, 4))
    x3[np.abs(x3) < 0.1] = 0.5  # keep away from the kink at 0
    g3 = rng.normal(size=(3, 4))
    yield "relu_numeric", lambda f: (numerical_gradient(lambda x: float((np.maximum(x, 0) * g3).sum()), x3.copy()),
                                     f(x3.copy(), g3.copy()))


def softmax_cases() -> Iterator[Case]:
    from ownframework.activations import Softmax

    small = np.array([[2.0, 1.0, 0.1], [0.0, 0.0, 0.0], [-1.0, 0.5, 3.0]])
    yield "softmax_small", lambda f: (Softmax().forward(small), f(small.copy()))
    large = np.array([[1000.0, 0.0, -1000.0], [1000.0, 1000.0, 999.0]])
    yield "softmax_large", lambda f: (Softmax().forward(large), f(large.copy()))
    rows = np.random.default_rng(1).normal(scale=5.0, size=(5, 4))
    yield "softmax_rows", lambda f: (np.ones(5), np.asarray(f(rows.copy()), dtype=np.float64).sum(axis=1))


def cross_entropy_cases() -> Iterator[Case]:
    from ownframework.activations import Softmax
    from ownframework.losses import CrossEntropy

    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [0.0, 0.0, 0.0], [1.0, -2.0, 3.0]])
    labels = np.array([0, 1, 2, 2])
    probs = Softmax().forward(logits)

    def package() -> np.ndarray:
        loss = CrossEntropy()
        loss.forward(probs, labels)
        return np.asarray(loss.backward(), dtype=np.float64)

    yield "ce_compare", lambda f: (package(), f(probs.copy(), labels.copy()))

    def loss_of(z: np.ndarray) -> float:
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        return float(-np.log(p[np.arange(len(labels)), labels]).mean())

    yield "ce_numeric", lambda f: (numerical_gradient(loss_of, logits.copy()), f(probs.copy(), labels.copy()))


def linear_cases() -> Iterator[Case]:
    from ownframework.layers import Linear

    rng = np.random.default_rng(2)
    x = rng.normal(size=(4, 3))
    g = rng.normal(size=(4, 2))
    layer = Linear(3, 2, seed=3, dtype=np.float64)
    weights = layer.params["W"].copy()
    layer.forward(x)
    dx = layer.backward(g)
    expected = (layer.grads["W"].copy(), layer.grads["b"].copy(), dx)
    def part(i: int) -> Callable[[Callable[..., Any]], tuple[Any, Any]]:
        return lambda f: (expected[i], _part(f(x.copy(), weights.copy(), g.copy()), i))

    for i, case in enumerate(("linear_dW", "linear_db", "linear_dx")):
        yield case, part(i)


def _part(result: Any, i: int) -> Any:
    if not isinstance(result, tuple | list) or len(result) != 3:
        raise MismatchError({"expected": "(dW, db, dx)", "got": show(result)})
    return result[i]


def momentum_cases() -> Iterator[Case]:
    from ownframework.optimizers import SGD

    w0 = np.array([1.0, -2.0, 0.5])
    grads = [np.array([0.5, -1.0, 2.0]), np.array([0.1, 0.2, -0.3]), np.array([-1.0, 0.0, 1.0])]
    lr, momentum = 0.1, 0.9

    def package(steps: int) -> tuple[np.ndarray, np.ndarray]:
        optimizer = SGD(lr, momentum=momentum)
        w = w0.copy()
        for g in grads[:steps]:
            optimizer._update("w", w, g.copy())
        return w, optimizer.velocity["w"]

    def reader(f: Callable[..., Any], steps: int) -> tuple[Any, Any]:
        w, v = w0.copy(), np.zeros_like(w0)
        for g in grads[:steps]:
            result = f(w, g.copy(), v, lr, momentum)
            if not isinstance(result, tuple | list) or len(result) != 2:
                raise MismatchError({"expected": "(w, v)", "got": show(result)})
            w, v = (np.array(part, dtype=np.float64) for part in result)
        return w, v

    yield "momentum_first", lambda f: (package(1), reader(f, 1))
    yield "momentum_steps", lambda f: (package(3), reader(f, 3))


EXERCISES: dict[str, Callable[[], Iterator[Case]]] = {
    "relu_backward": relu_cases,
    "stable_softmax": softmax_cases,
    "cross_entropy_grad": cross_entropy_cases,
    "linear_backward": linear_cases,
    "momentum_step": momentum_cases,
}


def run(name: str, namespace: dict[str, Any]) -> list[dict[str, Any]]:
    """Check the reader's function ``name``; one dict per case that ran (see the module docstring)."""
    function = namespace.get(name)
    if not callable(function):
        return [{"case": "missing", "ok": False, "missing": name}]
    cases = list(EXERCISES[name]())
    results: list[dict[str, Any]] = []
    for case, make in cases:
        try:
            # overflow warnings of a naive answer: the failed case says what went wrong
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                expected, got = make(function)
            compare(expected, got)
        except MismatchError as mismatch:
            results.append({"case": case, "ok": False, **mismatch.detail})
            break
        except Exception as error:  # the reader's code failed: say how, in Python's words
            results.append({"case": case, "ok": False, "error": f"{type(error).__name__}: {error}"})
            break
        results.append({"case": case, "ok": True})
    return [{**result, "total": len(cases)} for result in results]
