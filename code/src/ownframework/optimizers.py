"""Optimizers: they own only the update rule. ``step(net)`` moves every parameter
of every layer using the gradient that the last backward pass stored next to it."""

from __future__ import annotations

import numpy as np

from ownframework.layers import Layer
from ownframework.network import Net


class Optimizer:
    """Base class. ``lr`` may be changed between steps (fit does so for a schedule)."""

    def __init__(self, lr: float) -> None:
        if not lr > 0:
            raise ValueError(f"the learning rate must be positive, got {lr!r}")
        self.lr = float(lr)

    def step(self, net: Net) -> None:
        raise NotImplementedError


# --8<-- [start:sgd]
class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum and Nesterov's look-ahead.

    v = momentum * v + g,  then  w -= lr * v  (Nesterov: w -= lr * (g + momentum * v)).
    """

    def __init__(self, lr: float, momentum: float = 0.0, nesterov: bool = False) -> None:
        super().__init__(lr)
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        if nesterov and momentum == 0:
            raise ValueError("Nesterov momentum needs momentum > 0")
        self.momentum, self.nesterov = float(momentum), nesterov
        self.velocity: dict[tuple[Layer, str], np.ndarray] = {}  # one per parameter

    def step(self, net: Net) -> None:
        for layer in net.layers:
            for name, w in layer.params.items():
                g = layer.grads[name]
                if self.momentum == 0:
                    w -= self.lr * g
                    continue
                v = self.velocity.get((layer, name))
                if v is None:
                    v = self.velocity[layer, name] = np.zeros_like(w)
                v *= self.momentum
                v += g
                w -= self.lr * (g + self.momentum * v if self.nesterov else v)
# --8<-- [end:sgd]

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr:g}, momentum={self.momentum:g}, nesterov={self.nesterov})"


# --8<-- [start:adam]
class Adam(Optimizer):
    """Adam: a running mean of the gradient (m) and of its square (v) per parameter.

    w -= lr * m_hat / (sqrt(v_hat) + eps), where m_hat and v_hat undo the bias of
    starting m and v at zero. Each weight gets its own effective step size.
    """

    def __init__(self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> None:
        super().__init__(lr)
        if not (0 <= beta1 < 1 and 0 <= beta2 < 1):
            raise ValueError(f"beta1 and beta2 must be in [0, 1), got {beta1!r} and {beta2!r}")
        self.beta1, self.beta2, self.eps = float(beta1), float(beta2), float(eps)
        self.t = 0  # steps taken so far
        self.moments: dict[tuple[Layer, str], tuple[np.ndarray, np.ndarray]] = {}

    def step(self, net: Net) -> None:
        self.t += 1
        for layer in net.layers:
            for name, w in layer.params.items():
                g = layer.grads[name]
                if (layer, name) not in self.moments:
                    self.moments[layer, name] = (np.zeros_like(w), np.zeros_like(w))
                m, v = self.moments[layer, name]
                m *= self.beta1
                m += (1 - self.beta1) * g
                v *= self.beta2
                v += (1 - self.beta2) * g * g
                m_hat = m / (1 - self.beta1**self.t)
                v_hat = v / (1 - self.beta2**self.t)
                w -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
# --8<-- [end:adam]

    def __repr__(self) -> str:
        return f"Adam(lr={self.lr:g}, beta1={self.beta1:g}, beta2={self.beta2:g}, eps={self.eps:g})"


OPTIMIZERS: dict[str, type[Optimizer]] = {"sgd": SGD, "adam": Adam}


def optimizer(name: str, lr: float, momentum: float = 0.0) -> Optimizer:
    """An optimizer by name, "sgd" or "adam" (for command lines and experiments)."""
    if not isinstance(name, str) or name.lower() not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of: {', '.join(OPTIMIZERS)}")
    if name.lower() == "adam":
        if momentum:
            raise ValueError("momentum is an SGD option; Adam has its own (beta1)")
        return Adam(lr)
    return SGD(lr, momentum=momentum)
