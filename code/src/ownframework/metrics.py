"""Metrics for classifiers: accuracy, confusion matrix, per-class precision/recall/F1.

Predictions may be given as class ids (n,) or as scores/probabilities (n, classes),
which are turned into class ids with argmax ((n, 1) sigmoid outputs: p > 0.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ownframework.errors import EmptyDataError, LabelError, NonFiniteError


def _class_ids(values: ArrayLike, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.size == 0:
        raise EmptyDataError(f"{name} is empty: no examples to score")
    if array.ndim == 2:
        if not np.isfinite(array).all():  # argmax would silently call NaN the largest score
            raise NonFiniteError(f"{name} contains NaN or infinity")
        array = (array[:, 0] > 0.5).astype(np.int64) if array.shape[1] == 1 else array.argmax(axis=1)
    if array.ndim != 1:
        raise LabelError(f"{name} must be class ids (n,) or scores (n, classes); got shape {array.shape}")
    if not np.issubdtype(array.dtype, np.integer):
        raise LabelError(f"{name} must be integer class ids; got dtype {array.dtype}")
    if array.min() < 0:
        raise LabelError(f"{name} contains the negative class id {array.min()}")
    return array


def _pair(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    true, pred = _class_ids(y_true, "y_true"), _class_ids(y_pred, "y_pred")
    if len(true) != len(pred):
        raise LabelError(f"y_true has {len(true)} entries but y_pred has {len(pred)}")
    return true, pred


def accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """The fraction of examples whose predicted class is the true class.

    Either argument may be class ids (n,) or scores (n, classes), so
    accuracy(net.forward(X), y) works as well as accuracy(y, predicted_ids).
    """
    true, pred = _pair(y_true, y_pred)
    return float(np.mean(true == pred))


def confusion_matrix(y_true: ArrayLike, y_pred: ArrayLike, n_classes: int | None = None) -> np.ndarray:
    """counts[t, p] = how many examples of true class t were predicted as class p.

    Returns an int64 array (n_classes, n_classes); the diagonal holds the correct answers.
    """
    true, pred = _pair(y_true, y_pred)
    largest = int(max(true.max(), pred.max()))
    if n_classes is None:
        n_classes = largest + 1
    elif largest >= n_classes:
        raise LabelError(f"class id {largest} found, but n_classes is {n_classes}")
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (true, pred), 1)
    return counts


@dataclass
class ClassificationReport:
    """Per-class precision, recall, F1 and support (number of true examples), plus averages.

    print(report) shows the table; as_dict() gives plain numbers for JSON.
    """

    class_names: list[str]
    precision: np.ndarray
    recall: np.ndarray
    f1: np.ndarray
    support: np.ndarray
    accuracy: float

    @property
    def macro_precision(self) -> float:
        return float(self.precision.mean())

    @property
    def macro_recall(self) -> float:
        return float(self.recall.mean())

    @property
    def macro_f1(self) -> float:
        return float(self.f1.mean())

    def as_dict(self) -> dict[str, Any]:
        classes = {
            name: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
            for name, p, r, f, s in zip(self.class_names, self.precision, self.recall, self.f1, self.support,
                                        strict=True)
        }
        macro = {"precision": self.macro_precision, "recall": self.macro_recall, "f1": self.macro_f1}
        return {"classes": classes, "macro_avg": macro, "accuracy": self.accuracy, "support": int(self.support.sum())}

    def text(self) -> str:
        width = max(12, *(len(name) for name in self.class_names))
        lines = [f"{'':>{width}}  precision  recall  f1-score  support", ""]
        for name, p, r, f, s in zip(self.class_names, self.precision, self.recall, self.f1, self.support,
                                    strict=True):
            lines.append(f"{name:>{width}}  {p:9.4f}  {r:6.4f}  {f:8.4f}  {s:7d}")
        total = int(self.support.sum())
        lines += ["", f"{'accuracy':>{width}}  {'':9}  {'':6}  {self.accuracy:8.4f}  {total:7d}"]
        lines.append(f"{'macro avg':>{width}}  {self.macro_precision:9.4f}  {self.macro_recall:6.4f}  "
                     f"{self.macro_f1:8.4f}  {total:7d}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()


def classification_report(
    y_true: ArrayLike, y_pred: ArrayLike, n_classes: int | None = None, class_names: list[str] | None = None
) -> ClassificationReport:
    """Precision, recall and F1 for every class, read off the confusion matrix.

    precision = correct / predicted as the class, recall = correct / truly in the class,
    F1 = their harmonic mean; 0 where a denominator is 0.
    """
    if n_classes is None and class_names is not None:
        n_classes = len(class_names)
    counts = confusion_matrix(y_true, y_pred, n_classes)
    correct = np.diag(counts).astype(np.float64)
    predicted, actual = counts.sum(axis=0), counts.sum(axis=1)
    precision = np.divide(correct, predicted, out=np.zeros_like(correct), where=predicted > 0)
    recall = np.divide(correct, actual, out=np.zeros_like(correct), where=actual > 0)
    both = precision + recall
    f1 = np.divide(2 * precision * recall, both, out=np.zeros_like(correct), where=both > 0)
    names = class_names if class_names is not None else [str(k) for k in range(len(counts))]
    if len(names) != len(counts):
        raise ValueError(f"{len(names)} class names for {len(counts)} classes")
    return ClassificationReport(list(names), precision, recall, f1, actual, float(correct.sum() / counts.sum()))
