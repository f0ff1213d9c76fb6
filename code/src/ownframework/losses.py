"""Losses: CrossEntropy and BinaryCrossEntropy for classification, MSE and MAE for regression.

Interface: ``forward(pred, target) -> float`` (the mean over the batch) and
``backward() -> dL/d(pred)``, an array shaped like ``pred``. The one exception is
CrossEntropy, whose gradient already includes the Softmax before it (see there).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ownframework.activations import LogitsGradient
from ownframework.errors import LabelError, NonFiniteError, ShapeError


class Loss:
    """Base class: forward(pred, target) -> mean loss, backward() -> dL/d(pred)."""

    def forward(self, pred: np.ndarray, target: ArrayLike) -> float:
        raise NotImplementedError

    def backward(self) -> np.ndarray:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def check_labels(target: ArrayLike, batch: int, n_classes: int) -> np.ndarray:
    """Integer class ids, shape (batch,), each in 0..n_classes-1; else a LabelError saying why."""
    labels = np.asarray(target)
    if labels.ndim != 1:
        hint = " (one-hot rows? pass labels.argmax(axis=1))" if labels.ndim == 2 else ""
        raise LabelError(f"labels must be a 1-D array of class ids, shape (batch,); got shape {labels.shape}{hint}")
    if not np.issubdtype(labels.dtype, np.integer):
        raise LabelError(f"labels must be integer class ids 0..{n_classes - 1}; got dtype {labels.dtype}")
    if len(labels) != batch:
        raise LabelError(f"got {len(labels)} labels for a batch of {batch} predictions")
    if batch and (labels.min() < 0 or labels.max() >= n_classes):
        bad = labels[(labels < 0) | (labels >= n_classes)][0]
        raise LabelError(f"label {bad} is out of range: {n_classes} classes need labels 0..{n_classes - 1}")
    return labels


def _check_shape(loss: Loss, pred: np.ndarray) -> np.ndarray:
    pred = np.asarray(pred)
    if pred.ndim not in (1, 2) or len(pred) == 0:
        raise ShapeError(f"{loss!r} expects predictions of shape (batch, outputs); got {pred.shape}")
    return pred


def _check_pred(loss: Loss, pred: np.ndarray) -> np.ndarray:
    pred = _check_shape(loss, pred)
    if not np.isfinite(pred).all():
        raise NonFiniteError(f"{loss!r} got predictions containing NaN or infinity")
    return pred


def _check_probabilities(loss: Loss, pred: np.ndarray) -> np.ndarray:
    pred = _check_shape(loss, pred)
    low, high = pred.min(), pred.max()  # NaN shows up in both
    if np.isnan(low) or np.isnan(high):
        raise NonFiniteError(f"{loss!r} got predictions containing NaN")
    if low < 0 or high > 1 + 1e-6:
        raise ValueError(
            f"{loss!r} expects probabilities in [0, 1], got values from {low:.3g} to {high:.3g}; "
            "does the network end with a Softmax (or Sigmoid) layer?"
        )
    return pred


def _check_softmax_output(loss: Loss, pred: np.ndarray) -> np.ndarray:
    pred = _check_probabilities(loss, pred)
    if pred.ndim != 2 or pred.shape[1] < 2:
        raise ShapeError(f"{loss!r} expects pred of shape (batch, classes >= 2); got {pred.shape}")
    if abs(pred.sum() - len(pred)) > 1e-3 * len(pred):  # each row sums to 1, so all rows to len(pred)
        raise ValueError(f"{loss!r} expects rows of probabilities that sum to 1; does the network end with Softmax?")
    return pred


def _matching_target(loss: Loss, pred: np.ndarray, target: ArrayLike) -> np.ndarray:
    """The target as an array of pred's shape and dtype; a 1-D target fits pred (batch, 1)."""
    values = np.asarray(target)
    if values.ndim == 1 and pred.shape == (len(values), 1):
        values = values.reshape(-1, 1)
    if values.shape != pred.shape:
        raise ShapeError(f"{loss!r}: target of shape {values.shape} does not match predictions of shape {pred.shape}")
    if not np.issubdtype(values.dtype, np.number) or not np.isfinite(values).all():
        raise NonFiniteError(f"{loss!r}: the target must be finite numbers")
    return values.astype(pred.dtype, copy=False)


# --8<-- [start:cross-entropy]
class CrossEntropy(Loss):
    """Cross-entropy of softmax probabilities against integer class labels.

    pred: (batch, classes) from a Softmax layer, target: (batch,) ints in 0..classes-1.
    forward: mean of -log(probability of the true class).
    backward: the gradient with respect to the logits that went into the Softmax.
    """

    def forward(self, pred: np.ndarray, target: ArrayLike) -> float:
        self.p = _check_softmax_output(self, pred)
        self.labels = check_labels(target, len(self.p), self.p.shape[1])
        p_true = self.p[np.arange(len(self.labels)), self.labels]
        tiny = np.finfo(self.p.dtype).tiny  # log(0) would be -inf: a hopeless guess costs ~87 instead
        return float(-np.log(np.maximum(p_true, tiny)).mean())

    def backward(self) -> np.ndarray:
        # Softmax followed by cross-entropy: the gradient wrt the logits is simply (p - onehot) / batch,
        # cheaper than the softmax Jacobian and exact even when p underflows to 0.
        grad = self.p.copy()
        grad[np.arange(len(self.labels)), self.labels] -= 1
        grad /= len(self.labels)
        return grad.view(LogitsGradient)  # so that Softmax.backward passes it on unchanged
# --8<-- [end:cross-entropy]


class BinaryCrossEntropy(Loss):
    """Binary cross-entropy of probabilities (from a Sigmoid) against targets in [0, 1].

    pred: (batch, 1) or (batch,) probabilities of class 1, target: the same number of 0s and 1s.
    forward: mean of -(t log p + (1 - t) log(1 - p)); backward: dL/dpred.
    """

    def forward(self, pred: np.ndarray, target: ArrayLike) -> float:
        pred = _check_probabilities(self, pred)
        self.t = _matching_target(self, pred, target)
        if self.t.min() < 0 or self.t.max() > 1:
            raise LabelError("BinaryCrossEntropy targets must lie in [0, 1] (usually 0 or 1)")
        eps = np.finfo(pred.dtype).eps  # keeps log() and the division in backward finite
        self.p = np.clip(pred, eps, 1 - eps)
        return float(-(self.t * np.log(self.p) + (1 - self.t) * np.log(1 - self.p)).mean())

    def backward(self) -> np.ndarray:
        return (self.p - self.t) / (self.p * (1 - self.p) * self.p.size)


# --8<-- [start:mse]
class MSE(Loss):
    """Mean squared error for regression: mean of (pred - target)^2.

    pred: (batch, outputs), target: the same shape (or (batch,) when there is one output).
    """

    def forward(self, pred: np.ndarray, target: ArrayLike) -> float:
        pred = _check_pred(self, pred)
        self.diff = pred - _matching_target(self, pred, target)
        return float(np.mean(self.diff**2))

    def backward(self) -> np.ndarray:
        return 2 * self.diff / self.diff.size
# --8<-- [end:mse]


# --8<-- [start:mae]
class MAE(Loss):
    """Mean absolute error for regression: mean of |pred - target|; outliers pull less than in MSE.

    pred: (batch, outputs), target: the same shape (or (batch,) when there is one output).
    """

    def forward(self, pred: np.ndarray, target: ArrayLike) -> float:
        pred = _check_pred(self, pred)
        self.diff = pred - _matching_target(self, pred, target)
        return float(np.mean(np.abs(self.diff)))

    def backward(self) -> np.ndarray:
        return np.sign(self.diff) / self.diff.size  # the slope of |d| is -1 or +1 (0 at the kink)
# --8<-- [end:mae]
