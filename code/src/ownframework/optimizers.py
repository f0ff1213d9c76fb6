"""Optimizers: they own only the update rule. ``step(net)`` moves every parameter
of the net using the gradient that the last backward pass stored next to it."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ownframework.network import Net


class Optimizer:
    """Base class: ``step(net)`` walks the parameters, a subclass's ``_update`` changes one of them.

    State (velocities, moments) is kept per parameter name ("layer1.W"), so use one optimizer
    per network. ``lr`` may be changed between steps (fit does so for a schedule).
    """

    def __init__(self, lr: float) -> None:
        if not lr > 0:
            raise ValueError(f"the learning rate must be positive, got {lr!r}")
        self.lr = float(lr)

    def step(self, net: Net) -> None:
        """Move every parameter of net, using the gradients of the last backward pass."""
        for name, param, grad in net.parameters():
            self._update(name, param, grad)

    def _update(self, name: str, param: np.ndarray, grad: np.ndarray) -> None:
        """Change param in place (param and grad: the same shape); name keys any state kept between steps."""
        raise NotImplementedError


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
        self.velocity: dict[str, np.ndarray] = {}  # one per parameter name

    def _update(self, name: str, w: np.ndarray, g: np.ndarray) -> None:
        if self.momentum == 0:
            w -= self.lr * g
            return
        if name not in self.velocity:
            self.velocity[name] = np.zeros_like(w)
        v = self.velocity[name]
        v *= self.momentum
        v += g
        w -= self.lr * (g + self.momentum * v if self.nesterov else v)

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr:g}, momentum={self.momentum:g}, nesterov={self.nesterov})"


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
        self.moments: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # (m, v) per parameter name

    def step(self, net: Net) -> None:
        self.t += 1  # once per step, not per parameter: the bias correction depends on it
        super().step(net)

    def _update(self, name: str, w: np.ndarray, g: np.ndarray) -> None:
        if name not in self.moments:
            self.moments[name] = (np.zeros_like(w), np.zeros_like(w))
        m, v = self.moments[name]
        m *= self.beta1
        m += (1 - self.beta1) * g
        v *= self.beta2
        v += (1 - self.beta2) * g * g
        m_hat = m / (1 - self.beta1**self.t)
        v_hat = v / (1 - self.beta2**self.t)
        w -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)

    def __repr__(self) -> str:
        return f"Adam(lr={self.lr:g}, beta1={self.beta1:g}, beta2={self.beta2:g}, eps={self.eps:g})"


#: The optimizers the command line and the experiments know, by name: name -> a function of lr.
OPTIMIZERS: dict[str, Callable[[float], Optimizer]] = {
    "sgd": SGD,
    "momentum": lambda lr: SGD(lr, momentum=0.9),
    "adam": Adam,
}


def optimizer(name: str, lr: float) -> Optimizer:
    """A new optimizer by name (any case): "sgd", "momentum" (SGD with momentum 0.9) or "adam"."""
    if not isinstance(name, str) or name.lower() not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of: {', '.join(OPTIMIZERS)}")
    return OPTIMIZERS[name.lower()](lr)
