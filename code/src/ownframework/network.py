"""The network: a chain of layers with the lesson's API (add, forward, backward, update)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

import numpy as np
from numpy.typing import ArrayLike

from ownframework.errors import EmptyDataError, NonFiniteError, ShapeError
from ownframework.layers import Layer


# --8<-- [start:net]
class Net:
    """A chain of layers: the output of each one is the input of the next.

    net = Net().add(Linear(784, 128)).add(ReLU()).add(Linear(128, 10)).add(Softmax())
    forward(x): (batch, 784) -> (batch, 10) probabilities.
    """

    def __init__(self) -> None:
        self.layers: list[Layer] = []

    def add(self, layer: Layer) -> Net:
        if not isinstance(layer, Layer):
            raise TypeError(f"Net.add expects a Layer such as Linear(2, 3) or ReLU(), got {layer!r}")
        layer.needs_input_grad = bool(self.layers)  # no layer before the first needs dL/dx
        self.layers.append(layer)
        return self  # so that calls can be chained

    def forward(self, x: ArrayLike, *, check: bool = True) -> np.ndarray:
        """x: (batch, in_features) -> the output of the last layer.

        x must be 2-D finite numbers; check=False skips that test for data checked before (fit does).
        """
        out = _checked_input(x, self.dtype) if check else np.asarray(x)
        for number, layer in enumerate(self.layers, start=1):
            _check_width(number, layer, out)
            out = layer.forward(out)
        return out

    def backward(self, grad: np.ndarray) -> np.ndarray | None:
        """grad: dL/d(output of the net). Each layer, last to first, stores its gradients
        and passes dL/d(its input) on. Returns dL/d(input of the net), or None when the
        first layer skips it (set net.layers[0].needs_input_grad = True to get it)."""
        grad_in: np.ndarray | None = grad
        for layer in reversed(self.layers):
            if grad_in is None:  # only the first layer may skip: there is no one left
                break
            grad_in = layer.backward(grad_in)
        return grad_in

    def parameters(self) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
        """Every trainable array with its gradient: ("layer1.W", W, dL/dW), ("layer1.b", b, dL/db), ...

        Layers count from 1. update, the optimizers, save and n_params all walk the parameters this way.
        """
        for number, layer in enumerate(self.layers, start=1):
            for name, param in layer.params.items():
                yield f"layer{number}.{name}", param, layer.grads[name]

    def update(self, lr: float) -> None:
        """One step of plain gradient descent: every parameter moves against its gradient."""
        for _name, param, grad in self.parameters():
            param -= lr * grad  # in place: the layer keeps the same array

    def train(self) -> Net:
        """Training mode: Dropout drops, BatchNorm uses batch statistics."""
        for layer in self.layers:
            layer.training = True
        return self

    def eval(self) -> Net:
        """Evaluation mode: Dropout passes everything, BatchNorm uses its running averages."""
        for layer in self.layers:
            layer.training = False
        return self
    # --8<-- [end:net]

    @property
    def dtype(self) -> np.dtype:
        """The dtype of the parameters (float32 unless the layers were built otherwise)."""
        for layer in self.layers:
            for param in layer.params.values():
                return param.dtype
        return np.dtype(np.float32)

    @property
    def out_features(self) -> int | None:
        """The width of the output (None when no layer fixes it)."""
        width = None
        for layer in self.layers:
            if hasattr(layer, "out_features"):
                width = layer.out_features
            elif layer.in_features is not None:
                width = layer.in_features
        return width

    def buffers(self) -> Iterator[tuple[str, np.ndarray]]:
        """Arrays saved with the model but not trained, named like the parameters ("layer2.running_mean")."""
        for number, layer in enumerate(self.layers, start=1):
            for name, buffer in layer.buffers.items():
                yield f"layer{number}.{name}", buffer

    @property
    def n_params(self) -> int:
        """The number of trainable numbers in all layers."""
        return sum(param.size for _name, param, _grad in self.parameters())

    def __repr__(self) -> str:
        first = next((layer.in_features for layer in self.layers if layer.in_features is not None), None)
        shapes = f"(batch, {first or '?'}) -> (batch, {self.out_features or '?'})"
        rows = [("#", "layer", "parameters")]
        for number, layer in enumerate(self.layers, start=1):
            count = sum(param.size for param in layer.params.values())
            rows.append((str(number), repr(layer), f"{count:,}" if count else "-"))
        name_width = max(len(name) for _, name, _ in rows)
        count_width = max(len(count) for _, _, count in rows)
        lines = [f"  {num:>2}  {name:<{name_width}}  {count:>{count_width}}" for num, name, count in rows]
        head = f"Net: {shapes}, {len(self.layers)} layers, {self.n_params:,} parameters"
        return "\n".join([head, *lines])


class HasLayers(Protocol):
    """Anything with a list of layers: a Net, or the Net a learner writes after the lesson."""

    @property
    def layers(self) -> Sequence[Any]: ...


@contextmanager
def evaluating(net: HasLayers) -> Iterator[None]:
    """Run the with-block in evaluation mode, then give every layer back the mode it had.

        with evaluating(net):
            probs = net.forward(X_test)  # no dropout, BatchNorm uses its running averages

    Layers without a ``training`` attribute are left alone.
    """
    modes = [(layer, layer.training) for layer in net.layers if hasattr(layer, "training")]
    for layer, _mode in modes:
        layer.training = False
    try:
        yield
    finally:  # also after an exception: a failed evaluation must not leave dropout switched off
        for layer, mode in modes:
            layer.training = mode


def _checked_input(x: ArrayLike, dtype: np.dtype) -> np.ndarray:
    """x as a 2-D array of the network's dtype, or a clear error."""
    try:
        array = np.asarray(x, dtype=dtype)
    except (TypeError, ValueError) as err:
        raise TypeError(f"the input must be an array of numbers: {err}") from None
    if array.ndim != 2:
        hint = " (one example? use x.reshape(1, -1))" if array.ndim == 1 else ""
        raise ShapeError(f"the input must be 2-D, (batch, features); got shape {array.shape}{hint}")
    if len(array) == 0:
        raise EmptyDataError("the input has no rows (an empty batch)")
    if not np.isfinite(array).all():
        rows = np.flatnonzero(~np.isfinite(array).all(axis=1))
        raise NonFiniteError(
            f"the input contains NaN or infinity in {len(rows)} of {len(array)} rows (first: row {rows[0]})"
        )
    return array


def _check_width(number: int, layer: Layer, x: np.ndarray) -> None:
    expected = layer.in_features
    if expected is not None and x.shape[1] != expected:
        raise ShapeError(
            f"{type(layer).__name__} #{number} ({_describe(layer)}) expected x of shape (batch, {expected}), "
            f"got {x.shape}"
        )


def _describe(layer: Layer) -> str:
    text = repr(layer)
    return text[text.index("(") + 1 : -1] if "(" in text else text
