"""Activation functions as layers: ReLU, Tanh, Sigmoid and Softmax.

They have no parameters and keep the shape: x: (batch, features) -> same shape.
"""

from __future__ import annotations

import numpy as np

from ownframework.layers import Layer


# --8<-- [start:relu]
class ReLU(Layer):
    """Rectified linear unit: max(x, 0), element by element."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.positive = x > 0
        return np.maximum(x, 0)

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return grad_out * self.positive  # the slope is 1 where x > 0 and 0 elsewhere
# --8<-- [end:relu]


# --8<-- [start:tanh]
class Tanh(Layer):
    """Hyperbolic tangent, squashing every value into (-1, 1)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.y = np.tanh(x)
        return self.y

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return grad_out * (1 - self.y * self.y)  # tanh' = 1 - tanh^2
# --8<-- [end:tanh]


# --8<-- [start:sigmoid]
class Sigmoid(Layer):
    """Logistic function 1 / (1 + e^-x), squashing every value into (0, 1)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        # e^-x overflows for very negative x; e^-|x| never does, so use one form per sign.
        e = np.exp(-np.abs(x))
        self.y = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
        return self.y

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return grad_out * self.y * (1 - self.y)  # sigmoid' = sigmoid * (1 - sigmoid)
# --8<-- [end:sigmoid]


class LogitsGradient(np.ndarray):
    """A gradient already taken with respect to the logits, the input of a Softmax.

    CrossEntropy.backward returns one; Softmax.backward recognises it and passes it on.
    """


# --8<-- [start:softmax]
class Softmax(Layer):
    """Turns every row of scores (logits) into probabilities that sum to 1.

    x: (batch, classes) -> p: (batch, classes)
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        # Subtracting the row maximum leaves p unchanged and keeps exp() from overflowing.
        e = np.exp(x - x.max(axis=1, keepdims=True))
        self.p = e / e.sum(axis=1, keepdims=True)
        return self.p

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        if isinstance(grad_out, LogitsGradient):  # from CrossEntropy: softmax is already included
            return grad_out.view(np.ndarray)
        p = self.p
        # dL/dx_j = p_j * (dL/dp_j - sum_k dL/dp_k * p_k): the softmax Jacobian applied to grad_out
        return p * (grad_out - (grad_out * p).sum(axis=1, keepdims=True))
# --8<-- [end:softmax]


ACTIVATIONS: dict[str, type[Layer]] = {"relu": ReLU, "tanh": Tanh, "sigmoid": Sigmoid}


def activation(name: str) -> Layer:
    """A new activation layer by name: "relu", "tanh" or "sigmoid" (any case)."""
    if not isinstance(name, str) or name.lower() not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of: {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[name.lower()]()
