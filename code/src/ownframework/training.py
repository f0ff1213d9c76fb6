"""Training loops: ``train_epoch`` as the lesson writes it, ``fit`` for real use."""

from __future__ import annotations

import csv
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ownframework.checks import positive_int
from ownframework.errors import EmptyDataError, LabelError, NonFiniteError, ShapeError, TrainingDiverged
from ownframework.losses import BinaryCrossEntropy, CrossEntropy, Loss, check_labels
from ownframework.network import Net, evaluating
from ownframework.optimizers import Optimizer


# --8<-- [start:train-epoch]
def train_epoch(net: Net, X: np.ndarray, y: np.ndarray, loss: Loss, batch_size: int, lr: float) -> float:
    """One pass over the data in random minibatches: forward, loss, backward, update.

    X: (n, features), y: (n,) class labels or (n, outputs) targets. Returns the mean loss.
    """
    if len(X) == 0:
        raise EmptyDataError("X has no examples")
    order = np.random.permutation(len(X))  # a new random order in every epoch
    total = 0.0
    for start in range(0, len(X), batch_size):
        batch = order[start : start + batch_size]
        pred = net.forward(X[batch])
        total += loss.forward(pred, y[batch]) * len(batch)
        net.backward(loss.backward())
        net.update(lr)
    return total / len(X)
# --8<-- [end:train-epoch]


@dataclass
class History:
    """What ``fit`` measured, one entry per epoch; NaN where a value does not apply.

    train_loss, train_acc: mean loss and accuracy over the epoch's minibatches, measured
        as they were trained on (training mode, weights still changing).
    val_loss, val_acc: on the validation set after the epoch, in evaluation mode.
    Accuracies are fractions in [0, 1]; NaN for regression losses or without validation data.
    max_abs_weight: {"1": [...], "2": [...], ...}: the largest |W| of the 1st, 2nd, ...
        layer that has weights, after each epoch.
    seconds: wall-clock time of the epoch, validation included. lr: the learning rate used.
    """

    epoch: list[int] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    max_abs_weight: dict[str, list[float]] = field(default_factory=dict)

    COLUMNS = ("epoch", "lr", "train_loss", "train_acc", "val_loss", "val_acc", "seconds")

    def __len__(self) -> int:
        return len(self.epoch)

    def as_dict(self) -> dict[str, Any]:
        """Plain lists (NaN as None), ready for json.dump."""
        result: dict[str, Any] = {name: [_none_if_nan(v) for v in getattr(self, name)] for name in self.COLUMNS}
        result["max_abs_weight"] = {layer: list(values) for layer, values in self.max_abs_weight.items()}
        return result

    def to_csv(self, path: str | Path) -> None:
        """One row per epoch. Columns: epoch, lr, train_loss, train_acc, val_loss, val_acc,
        seconds, then max_abs_w_1, max_abs_w_2, ... (see the class docstring); NaN is left empty."""
        layers = list(self.max_abs_weight)
        with open(path, "w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow([*self.COLUMNS, *(f"max_abs_w_{layer}" for layer in layers)])
            for i in range(len(self)):
                row = [getattr(self, name)[i] for name in self.COLUMNS]
                row += [self.max_abs_weight[layer][i] for layer in layers]
                writer.writerow(["" if _none_if_nan(v) is None else v for v in row])

    def line(self, i: int = -1) -> str:
        """Epoch i as one line of text, as fit prints it."""
        parts = [f"epoch {self.epoch[i]:>3}", f"loss {self.train_loss[i]:.4f}"]
        if not math.isnan(self.train_acc[i]):
            parts.append(f"acc {self.train_acc[i]:7.2%}")
        if not math.isnan(self.val_loss[i]):
            parts.append(f"val_loss {self.val_loss[i]:.4f}")
        if not math.isnan(self.val_acc[i]):
            parts.append(f"val_acc {self.val_acc[i]:7.2%}")
        parts += [f"lr {self.lr[i]:.3g}", f"{self.seconds[i]:.2f} s"]
        return "  ".join(parts)


def _none_if_nan(value: float) -> float | None:
    return None if isinstance(value, float) and math.isnan(value) else value


# --8<-- [start:fit]
def fit(
    net: Net,
    X: ArrayLike,
    y: ArrayLike,
    *,
    loss: Loss,
    optimizer: Optimizer,
    epochs: int,
    batch_size: int,
    X_val: ArrayLike | None = None,
    y_val: ArrayLike | None = None,
    schedule: Callable[[int], float] | None = None,
    transform: Callable[[np.ndarray, int], ArrayLike] | None = None,
    seed: int = 0,
    progress: bool = True,
) -> History:
    """Train net on (X, y) for some epochs and return the History of every epoch.

    X: (n, features); y: (n,) integer labels for CrossEntropy, else targets like the output.
    Each epoch visits the data in a new random order (repeatable with seed), lets the
    optimizer update the weights after every minibatch and then measures the validation
    set, if given. transform(X, epoch) -> new X of the same shape, if given, makes the
    inputs of each epoch (epochs count from 0), e.g. randomly shifted images; y stays.
    The data is checked once, here; raises TrainingDiverged as soon as the loss becomes
    NaN or infinite.
    """
    X, y = _checked_data(net, X, y, loss, "X", "y")
    validation = None
    if X_val is not None and y_val is not None:
        validation = _checked_data(net, X_val, y_val, loss, "X_val", "y_val")
    elif X_val is not None or y_val is not None:
        raise ValueError("pass both X_val and y_val, or neither")
    positive_int("epochs", epochs)
    positive_int("batch_size", batch_size)
    rng = np.random.default_rng(seed)
    history = History()
    for epoch in range(1, epochs + 1):
        started = time.perf_counter()
        if schedule is not None:
            optimizer.lr = schedule(epoch - 1)
        X_epoch = X if transform is None else _transformed(net, transform, X, epoch - 1)
        net.train()
        total_loss, correct = 0.0, 0
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start : start + batch_size]
            X_batch, y_batch = X_epoch[batch], y[batch]
            pred = net.forward(X_batch, check=False)  # checked above, all at once
            batch_loss = _batch_loss(loss, pred, y_batch)
            if not math.isfinite(batch_loss):
                raise TrainingDiverged(_diverged_message(epoch, start // batch_size + 1, batch_loss, optimizer))
            total_loss += batch_loss * len(batch)
            correct += _count_correct(loss, pred, y_batch)
            net.backward(loss.backward())
            optimizer.step(net)
        val_loss, val_acc = math.nan, math.nan
        if validation is not None:
            val_loss, val_acc = _evaluate(net, *validation, loss)
        train_acc = correct / len(X) if _is_classifier(loss) else math.nan
        _record(history, net, epoch, optimizer.lr, total_loss / len(X), train_acc, val_loss, val_acc,
                time.perf_counter() - started)
        if progress:
            print(f"{history.line()}  ({epoch}/{epochs})", flush=True)
    return history
# --8<-- [end:fit]


def evaluate(net: Net, X: ArrayLike, y: ArrayLike, loss: Loss, batch_size: int = 1000) -> tuple[float, float]:
    """Mean loss and accuracy (NaN for regression) on (X, y) in evaluation mode.

    The layers' modes are restored afterwards; batches of batch_size keep memory small.
    """
    X, y = _checked_data(net, X, y, loss, "X", "y")
    return _evaluate(net, X, y, loss, positive_int("batch_size", batch_size))


def _evaluate(net: Net, X: np.ndarray, y: np.ndarray, loss: Loss, batch_size: int = 1000) -> tuple[float, float]:
    """evaluate() for data that is already checked (fit's validation set, every epoch)."""
    total_loss, correct = 0.0, 0
    with evaluating(net):
        for start in range(0, len(X), batch_size):
            pred = net.forward(X[start : start + batch_size], check=False)
            target = y[start : start + batch_size]
            total_loss += loss.forward(pred, target) * len(pred)
            correct += _count_correct(loss, pred, target)
    return total_loss / len(X), (correct / len(X) if _is_classifier(loss) else math.nan)


def _transformed(net: Net, transform: Callable[[np.ndarray, int], ArrayLike], X: np.ndarray, epoch: int) -> np.ndarray:
    """transform(X, epoch), checked like X: the labels stay, so the shape must stay too."""
    new = _checked_inputs(net, transform(X, epoch), "transform(X, epoch)")
    if new.shape != X.shape:
        raise ShapeError(f"transform(X, epoch) must keep the shape of X, {X.shape}; it returned {new.shape}")
    return new


def _batch_loss(loss: Loss, pred: np.ndarray, target: np.ndarray) -> float:
    """The loss of one training batch; NaN when the predictions are no longer finite.

    The data was finite, so NaN or infinity in pred means the weights blew up: fit
    reports that as divergence rather than as bad input.
    """
    try:
        return loss.forward(pred, target)
    except NonFiniteError:
        return math.nan


def _is_classifier(loss: Loss) -> bool:
    return isinstance(loss, CrossEntropy | BinaryCrossEntropy)


def _count_correct(loss: Loss, pred: np.ndarray, target: np.ndarray) -> int:
    if isinstance(loss, CrossEntropy):
        return int(np.count_nonzero(pred.argmax(axis=1) == target))
    if isinstance(loss, BinaryCrossEntropy):
        return int(np.count_nonzero((pred.reshape(len(pred), -1) > 0.5) == (target.reshape(len(pred), -1) > 0.5)))
    return 0


def _record(history: History, net: Net, epoch: int, lr: float, train_loss: float, train_acc: float,
            val_loss: float, val_acc: float, seconds: float) -> None:
    history.epoch.append(epoch)
    history.lr.append(float(lr))
    history.train_loss.append(float(train_loss))
    history.train_acc.append(float(train_acc))
    history.val_loss.append(float(val_loss))
    history.val_acc.append(float(val_acc))
    history.seconds.append(float(seconds))
    weight_layers = [layer for layer in net.layers if "W" in layer.params]
    for number, layer in enumerate(weight_layers, start=1):
        largest = float(np.abs(layer.params["W"]).max())
        history.max_abs_weight.setdefault(str(number), []).append(largest)


def _diverged_message(epoch: int, batch: int, value: float, optimizer: Optimizer) -> str:
    return (
        f"training diverged in epoch {epoch}, batch {batch}: the loss became {value}. "
        f"The learning rate ({optimizer.lr:g}) is probably too high: try a smaller one, "
        f"e.g. {optimizer.lr / 10:g}."
    )


def _checked_data(
    net: Net, X: ArrayLike, y: ArrayLike, loss: Loss, x_name: str, y_name: str
) -> tuple[np.ndarray, np.ndarray]:
    """X as a finite 2-D array of the net's dtype and y as an array of as many rows."""
    X = _checked_inputs(net, X, x_name)
    y = np.asarray(y)
    if y.ndim == 0 or len(y) != len(X):
        raise ShapeError(f"{x_name} has {len(X)} examples but {y_name} has {len(y) if y.ndim else 'a single value'}")
    if isinstance(loss, CrossEntropy):
        n_classes = net.out_features or int(y.max(initial=0)) + 1
        try:
            check_labels(y, len(X), n_classes)
        except LabelError as err:
            raise LabelError(f"{y_name}: {err}") from None
    return X, y


def _checked_inputs(net: Net, X: ArrayLike, name: str) -> np.ndarray:
    """X as a 2-D array of the net's dtype with at least one row and only finite numbers."""
    try:
        X = np.asarray(X, dtype=net.dtype)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be an array of numbers: {err}") from None
    if X.ndim != 2:
        raise ShapeError(f"{name} must be 2-D, (examples, features); got shape {X.shape}")
    if len(X) == 0:
        raise EmptyDataError(f"{name} has no examples")
    if not (np.isfinite(X.min()) and np.isfinite(X.max())):  # NaN and inf show up in min or max
        rows = np.flatnonzero(~np.isfinite(X).all(axis=1))
        raise NonFiniteError(f"{name} contains NaN or infinity in {len(rows)} rows (first: row {rows[0]})")
    return X
