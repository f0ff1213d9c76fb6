"""Gradient checks: compare backward() with central differences, in float64.

``gradient_check(net, loss, x, target)`` checks a whole network (every parameter and
the input); ``check_layer`` and ``check_loss`` check one piece. The tests use all
three; the framework page shows the first.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ownframework.layers import Layer
from ownframework.losses import Loss
from ownframework.network import Net


# --8<-- [start:gradient-check]
def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """df/dx by central differences: nudge each entry of x up and down by eps.

    f() reads x (changed in place, then restored); x: any shape, float64.
    """
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        f_plus = f()
        x[i] = original - eps
        f_minus = f()
        x[i] = original
        grad[i] = (f_plus - f_minus) / (2 * eps)  # error shrinks like eps**2
    return grad


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """|a - n| / (|a| + |n|) over the whole array: about 1e-7 or less when a gradient is right."""
    scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return float(np.linalg.norm(analytic - numeric) / scale) if scale > 0 else 0.0


def gradient_check(net: Net, loss: Loss, x: ArrayLike, target: ArrayLike, eps: float = 1e-6) -> GradientCheck:
    """Check every parameter of every layer, and the input, of a float64 copy of net."""
    net = _float64_copy(net)
    for layer in net.layers:
        layer.needs_input_grad = True  # we want dL/dx as well
    x = np.array(x, dtype=np.float64)
    rerun_randomness = _replay_randomness(net)

    def compute_loss() -> float:
        rerun_randomness()  # Dropout must drop the same values every time
        return loss.forward(net.forward(x), target)

    compute_loss()
    grad_x = np.asarray(net.backward(loss.backward()))  # the analytic gradients
    rows = []
    for number, layer in enumerate(net.layers, start=1):
        for name, param in layer.params.items():
            analytic = layer.grads[name].copy()
            numeric = numerical_gradient(compute_loss, param, eps)
            rows.append((f"{type(layer).__name__} #{number}", name, relative_error(analytic, numeric)))
    rows.append(("input", "x", relative_error(grad_x, numerical_gradient(compute_loss, x, eps))))
    return GradientCheck(rows)
# --8<-- [end:gradient-check]


@dataclass
class GradientCheck:
    """The result of gradient_check: one (layer, parameter, relative error) row per array."""

    rows: list[tuple[str, str, float]]
    tolerance: float = 1e-6

    @property
    def max_error(self) -> float:
        return max((error for _, _, error in self.rows), default=0.0)

    @property
    def passed(self) -> bool:
        return self.max_error < self.tolerance

    def __str__(self) -> str:
        width = max((len(layer) for layer, _, _ in self.rows), default=5)
        lines = [f"{'layer':<{width}}  {'array':<6}  relative error"]
        lines += [f"{layer:<{width}}  {name:<6}  {error:.2e}" for layer, name, error in self.rows]
        verdict = "passed" if self.passed else "FAILED"
        lines.append(f"{verdict}: largest relative error {self.max_error:.2e} (tolerance {self.tolerance:.0e})")
        return "\n".join(lines)


def check_layer(layer: Layer, x: ArrayLike, seed: int = 0, eps: float = 1e-6) -> dict[str, float]:
    """Relative errors of one layer's gradients, for "x" and every parameter name.

    Uses the scalar L = sum(forward(x) * R) for a fixed random R, so dL/d(output) = R.
    """
    layer = _float64_copy(layer)
    x = np.array(x, dtype=np.float64)
    rerun_randomness = _replay_randomness(layer)
    upstream = np.random.default_rng(seed).standard_normal(np.shape(layer.forward(x.copy())))

    def compute() -> float:
        rerun_randomness()
        return float(np.sum(layer.forward(x) * upstream))

    compute()
    layer.needs_input_grad = True
    errors = {"x": relative_error(np.asarray(layer.backward(upstream)), numerical_gradient(compute, x, eps))}
    analytic = {name: grad.copy() for name, grad in layer.grads.items()}
    for name, param in layer.params.items():
        errors[name] = relative_error(analytic[name], numerical_gradient(compute, param, eps))
    return errors


def check_loss(loss: Loss, pred: ArrayLike, target: ArrayLike, eps: float = 1e-6) -> float:
    """Relative error of loss.backward() against central differences of loss.forward().

    For losses whose backward() is dL/d(pred). CrossEntropy returns the gradient wrt the
    logits instead: check it together with its Softmax (a Net, or check_layer on both).
    """
    pred = np.array(pred, dtype=np.float64)
    loss.forward(pred, target)
    analytic = np.asarray(loss.backward()).copy()
    numeric = numerical_gradient(lambda: loss.forward(pred, target), pred, eps)
    return relative_error(analytic, numeric)


def _float64_copy(thing: Any) -> Any:
    """A deep copy of a layer or net with every array in float64."""
    thing = copy.deepcopy(thing)
    for layer in thing.layers if isinstance(thing, Net) else [thing]:
        for group in (layer.params, layer.grads, layer.buffers):
            for name, value in group.items():
                group[name] = value.astype(np.float64)
    return thing


def _replay_randomness(thing: Net | Layer) -> Callable[[], None]:
    """A function that rewinds every random generator in thing to its current state."""
    layers = thing.layers if isinstance(thing, Net) else [thing]
    generators: list[np.random.Generator] = []
    for layer in layers:
        generator = getattr(layer, "rng", None)
        if isinstance(generator, np.random.Generator):
            generators.append(generator)
    states = [generator.bit_generator.state for generator in generators]

    def rewind() -> None:
        for generator, state in zip(generators, states, strict=True):
            generator.bit_generator.state = state

    return rewind
