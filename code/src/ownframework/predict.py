"""Classifying a reader's own pictures with a saved network: ``ownframework predict``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ownframework.activations import Softmax
from ownframework.errors import ModelFileError
from ownframework.images import read_grey
from ownframework.network import Net, evaluating
from ownframework.preprocess import SIZE, EmptyImageError, mnist_style

__all__ = ["Guess", "check_model", "probabilities", "top_guesses"]


class Guess(NamedTuple):
    """One of a network's best guesses: the class (its label), its name and its probability."""

    label: int
    name: str
    probability: float


def check_model(net: Net, class_names: Sequence[str]) -> None:
    """ModelFileError unless net maps a 28x28 picture (784 inputs) to one output per class name."""
    weights = [layer.params["W"] for layer in net.layers if "W" in layer.params]
    if not weights or weights[0].shape[0] != SIZE * SIZE:
        found = f"takes {weights[0].shape[0]} inputs" if weights else "has no weight matrix"
        raise ModelFileError(f"the model {found}, but a {SIZE}x{SIZE} picture gives {SIZE * SIZE} inputs: "
                             "it was not trained on MNIST-style images")
    if weights[-1].shape[1] != len(class_names):
        raise ModelFileError(f"the model has {weights[-1].shape[1]} outputs, "
                             f"but the data set has {len(class_names)} classes")


def probabilities(net: Net, inputs: np.ndarray) -> np.ndarray:
    """inputs: (n, 784) -> (n, n_classes) class probabilities; a net that ends in logits gets a softmax."""
    with evaluating(net):
        out = net.forward(inputs.astype(net.dtype, copy=False))
    if not isinstance(net.layers[-1], Softmax):
        out = Softmax().forward(out)
    return out


def top_guesses(net: Net, picture: str | Path, class_names: Sequence[str], k: int = 3) -> list[Guess]:
    """The ``k`` most probable classes for the picture file, best first (MNIST-style preprocessing)."""
    check_model(net, class_names)
    try:
        pixels = mnist_style(read_grey(picture))
    except EmptyImageError as err:
        raise EmptyImageError(f"{picture}: {err}") from None
    probs = probabilities(net, pixels[None, :])[0]
    best = np.argsort(-probs, kind="stable")[:k]
    return [Guess(int(i), class_names[i], float(probs[i])) for i in best]
