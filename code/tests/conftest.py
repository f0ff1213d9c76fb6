"""Shared fixtures for the package tests."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import numpy as np
import pytest

from ownframework.activations import ReLU, Softmax, Tanh
from ownframework.layers import Linear
from ownframework.network import Net


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(1234)


def mlp(sizes: list[int], act: type = Tanh, seed: int = 0, dtype: type = np.float32, softmax: bool = True) -> Net:
    """Linear layers of the given sizes with an activation between them, Softmax on top."""
    net = Net()
    for i, (n_in, n_out) in enumerate(pairwise(sizes)):
        net.add(Linear(n_in, n_out, seed=seed + i, dtype=dtype))
        if i < len(sizes) - 2:
            net.add(act())
    return net.add(Softmax()) if softmax else net


@pytest.fixture
def make_mlp() -> Callable[..., Net]:
    """The mlp() builder above, for tests (conftest is not imported directly)."""
    return mlp


@pytest.fixture
def small_classifier() -> Net:
    """4 inputs -> 5 hidden (ReLU) -> 3 classes."""
    return mlp([4, 5, 3], act=ReLU)
