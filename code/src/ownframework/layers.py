"""Layers with parameters or with a training/evaluation mode: Linear, Dropout, BatchNorm.

Every layer, here and in ``activations.py``, has the interface of ``Layer``.
Arrays are float32 unless a layer is created with another ``dtype``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import DTypeLike

from ownframework.checks import positive_int
from ownframework.errors import ShapeError


# --8<-- [start:layer]
class Layer:
    """One step of a network. Every layer has the same small interface.

    forward(x) takes a batch, x: (batch, features), returns the output and remembers
    what the backward pass will need. backward(grad_out) receives dL/d(output), stores
    dL/d(parameter) in ``grads`` and returns dL/dx for the layer before it.
    """

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}  # trainable arrays, e.g. "W" and "b"
        self.grads: dict[str, np.ndarray] = {}  # their gradients: same names, same shapes
        self.buffers: dict[str, np.ndarray] = {}  # saved with the model but not trained
        self.training = True  # Dropout and BatchNorm behave differently in evaluation
        self.in_features: int | None = None  # the width of x it expects (None: any)
        self.needs_input_grad = True  # False: nothing uses dL/dx, backward may return None

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def backward(self, grad_out: np.ndarray) -> np.ndarray | None:
        raise NotImplementedError

    def config(self) -> dict[str, Any]:
        """The constructor arguments (JSON values) that rebuild this layer."""
        return {}

    def __repr__(self) -> str:
        args = ", ".join(f"{name}={value!r}" for name, value in self.config().items())
        return f"{type(self).__name__}({args})"
# --8<-- [end:layer]


#: The ways Linear can initialise its weights (its init argument).
INITS = ("xavier", "he")


# --8<-- [start:linear]
class Linear(Layer):
    """Fully connected layer: z = x @ W + b.

    x: (batch, in_features) -> z: (batch, out_features)
    W: (in_features, out_features), b: (out_features,)
    init="xavier" (Glorot, the default) or "he" (for ReLU); seed makes it repeatable.
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        *,
        init: str = "xavier",
        seed: int | None = None,
        dtype: DTypeLike = np.float32,
    ) -> None:
        super().__init__()
        self.in_features = positive_int("in_features", in_features)
        self.out_features = positive_int("out_features", out_features)
        self.init = init
        rng = np.random.default_rng(seed)
        shape = (self.in_features, self.out_features)
        # Both keep the spread of the signal about the same from layer to layer.
        if init == "xavier":
            limit = np.sqrt(6 / (self.in_features + self.out_features))
            W = rng.uniform(-limit, limit, size=shape)
        elif init == "he":
            W = rng.normal(0.0, np.sqrt(2 / self.in_features), size=shape)
        else:
            raise ValueError(f"unknown init {init!r}; choose 'xavier' or 'he'")
        self.params = {"W": W.astype(dtype), "b": np.zeros(self.out_features, dtype=dtype)}
        self.grads = {name: np.zeros_like(value) for name, value in self.params.items()}

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.x = x  # the backward pass needs the input
        return x @ self.params["W"] + self.params["b"]

    def backward(self, grad_out: np.ndarray) -> np.ndarray | None:
        # x.T and W.T are views (no copies), and out= reuses the gradient arrays of the last step.
        np.matmul(self.x.T, grad_out, out=self.grads["W"])
        np.sum(grad_out, axis=0, out=self.grads["b"])
        if not self.needs_input_grad:  # the first layer of a Net: skip its largest product
            return None
        return grad_out @ self.params["W"].T

    def config(self) -> dict[str, Any]:
        dtype = np.dtype(self.params["W"].dtype).name
        return {"in_features": self.in_features, "out_features": self.out_features,
                "init": self.init, "dtype": dtype}

    def __repr__(self) -> str:
        return f"Linear({self.in_features} -> {self.out_features})"
# --8<-- [end:linear]


# --8<-- [start:dropout]
class Dropout(Layer):
    """Inverted dropout: while training, zero each value with probability p.

    x: (batch, features) -> same shape. The values that survive are divided by
    1 - p, so the expected output equals x and evaluation simply passes x through.
    """

    def __init__(self, p: float = 0.5, seed: int | None = None) -> None:
        super().__init__()
        if not 0 <= p < 1:
            raise ValueError(f"dropout probability p must be in [0, 1), got {p!r}")
        self.p = float(p)
        self.rng = np.random.default_rng(seed)
        self.mask: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        if not self.training or self.p == 0:
            self.mask = None
            return x
        keep = self.rng.random(x.shape) >= self.p
        self.mask = keep.astype(x.dtype) / (1 - self.p)
        return x * self.mask

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return grad_out if self.mask is None else grad_out * self.mask

    def config(self) -> dict[str, Any]:
        return {"p": self.p}
# --8<-- [end:dropout]


class BatchNorm(Layer):
    """Batch normalisation of 1-D features: y = gamma * (x - mean) / std + beta.

    x: (batch, num_features) -> same shape. Training uses the mean and variance of
    the batch and updates running averages of both; evaluation uses the running
    averages, so an example gets the same output alone as in any batch.
    """

    def __init__(
        self, num_features: int, momentum: float = 0.1, eps: float = 1e-5, dtype: DTypeLike = np.float32
    ) -> None:
        super().__init__()
        self.in_features = positive_int("num_features", num_features)
        self.momentum, self.eps = float(momentum), float(eps)
        self.params = {"gamma": np.ones(num_features, dtype), "beta": np.zeros(num_features, dtype)}
        self.grads = {name: np.zeros_like(value) for name, value in self.params.items()}
        self.buffers = {"running_mean": np.zeros(num_features, dtype), "running_var": np.ones(num_features, dtype)}

    def forward(self, x: np.ndarray) -> np.ndarray:
        if self.training:
            if len(x) < 2:
                raise ShapeError("BatchNorm needs at least 2 examples per batch while training")
            mean, var = x.mean(axis=0), x.var(axis=0)
            unbiased_var = var * len(x) / (len(x) - 1)
            self.buffers["running_mean"] += self.momentum * (mean - self.buffers["running_mean"])
            self.buffers["running_var"] += self.momentum * (unbiased_var - self.buffers["running_var"])
        else:
            mean, var = self.buffers["running_mean"], self.buffers["running_var"]
        self.inv_std = 1 / np.sqrt(var + self.eps)
        self.x_hat = (x - mean) * self.inv_std
        return self.params["gamma"] * self.x_hat + self.params["beta"]

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        self.grads["gamma"] = (grad_out * self.x_hat).sum(axis=0)
        self.grads["beta"] = grad_out.sum(axis=0)
        g = grad_out * self.params["gamma"]  # dL/dx_hat
        if not self.training:
            return g * self.inv_std
        # In training every x also moves the batch mean and variance: two correction terms.
        return self.inv_std * (g - g.mean(axis=0) - self.x_hat * (g * self.x_hat).mean(axis=0))

    def config(self) -> dict[str, Any]:
        dtype = np.dtype(self.params["gamma"].dtype).name
        return {"num_features": self.in_features, "momentum": self.momentum, "eps": self.eps, "dtype": dtype}

    def __repr__(self) -> str:
        return f"BatchNorm({self.in_features})"
