"""Pictures of training runs and trained networks (needs matplotlib: ``pip install ownframework[plots]``).

Every function returns a new matplotlib ``Figure`` (made with pyplot); nothing
is shown or saved, so the caller decides: ``fig.savefig("curves.png")``,
``plt.show()``, or let a notebook display it. ``plt.close(fig)`` frees it.

Languages: ``use_labels(labels, fonts=("Noto Sans Bengali",))`` writes every
title, axis label and legend of the following figures with ``labels``, a mapping
of the keys in ``ownframework.plot_labels.LABELS`` to translated format strings
(keys it lacks stay English), in the first installed font of ``fonts``, with
DejaVu Sans as fallback for Latin letters and digits; ``use_labels()`` goes back
to English. Matplotlib 3.11 shapes complex scripts (it lays text out with
libraqm/HarfBuzz), so Bengali conjuncts such as ক্ষ and ত্র and Telugu ones such
as శ్రే and క్ష come out right in PNG and in SVG. Older matplotlib versions draw
the characters one by one, unshaped; with those, save Bengali and Telugu figures
as SVG with ``plt.rcParams["svg.fonttype"] = "none"`` so the text stays text and
the browser shapes it.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from numpy.typing import ArrayLike

from ownframework.data.datasets import dataset
from ownframework.network import evaluating
from ownframework.plot_labels import LABELS, checked_labels, translate

__all__ = [
    "FALLBACK_FONT",
    "class_names",
    "compare_histories",
    "confusion_matrix",
    "decision_boundary",
    "first_layer_weights",
    "max_weight_comparison",
    "max_weights",
    "regression_fit",
    "sample_predictions",
    "training_curves",
    "use_labels",
]


class HistoryLike(Protocol):
    """What the plots read from ``ownframework.training.History``: one value per epoch."""

    # read-only properties, so a History with list attributes matches (mutable members are invariant)
    @property
    def train_loss(self) -> Sequence[float]: ...
    @property
    def train_acc(self) -> Sequence[float]: ...
    @property
    def val_loss(self) -> Sequence[float]: ...
    @property
    def val_acc(self) -> Sequence[float]: ...
    @property
    def max_abs_weight(self) -> Mapping[str, Sequence[float]]: ...


class NetLike(Protocol):
    """What the plots need from ``ownframework.network.Net``."""

    @property
    def layers(self) -> Sequence[Any]: ...

    def forward(self, x: np.ndarray) -> np.ndarray: ...


#: Shipped with matplotlib: Latin, Greek and Cyrillic letters, digits and signs, but no Indic scripts.
FALLBACK_FONT = "DejaVu Sans"

_labels: dict[str, str] = {}  # the translated labels in use; English for every key missing here


def use_labels(labels: Mapping[str, str] | None = None, *, fonts: Sequence[str] = ()) -> str:
    """Write the words of all following figures with ``labels``, in the first installed font of ``fonts``.

    labels: label key -> translated format string, e.g. {"epoch": "Эпоха", "layer": "слой {n}"};
    keys it lacks stay English. An unknown key, or a translation whose {fields} differ from
    the English ones, raises ValueError. fonts: font family names to try first, e.g.
    ("Noto Sans Bengali",) for Bengali. use_labels() goes back to English. Returns the font
    family chosen (DejaVu Sans when none of fonts is installed).
    """
    global _labels
    if isinstance(fonts, str):  # one family name, not a sequence of its letters
        fonts = (fonts,)
    checked = checked_labels(labels or {})
    installed = {font.name for font in font_manager.fontManager.ttflist}
    family = next((name for name in fonts if name in installed), FALLBACK_FONT)
    if fonts and family not in fonts:
        warnings.warn(
            f"none of the fonts {', '.join(fonts)} is installed, so labels in their script will show "
            f"empty boxes; using {FALLBACK_FONT}. Install one (Debian/Ubuntu: apt install fonts-noto-core).",
            stacklevel=2,
        )
    # Matplotlib falls back glyph by glyph along this list: DejaVu Sans after the
    # script font supplies Latin letters, digits and the minus sign.
    mpl.rcParams["font.family"] = [family, FALLBACK_FONT] if family != FALLBACK_FONT else [family]
    _labels = checked
    return family


def _new_figure(width: float, height: float) -> Figure:
    # Made through pyplot so that notebooks display it and plt.show() works in scripts;
    # close it with plt.close(fig) when done (the command line does).
    return plt.figure(figsize=(width, height), layout="constrained")


def _(key: str, **values: object) -> str:
    return translate(key, _labels, **values)


def class_names(dataset_name: str) -> list[str]:
    """The class names of a known data set in the labels in use: "fashion-mnist" -> ["T-shirt/top", ...]."""
    known = dataset(dataset_name)
    if not known.class_labels:  # digits are written the same in every language here
        return list(known.class_names)
    return [_(key) for key in known.class_labels]


def _epochs(values: Sequence[float]) -> np.ndarray:
    return np.arange(1, len(values) + 1)


def _has_values(values: Sequence[float] | None) -> bool:
    return values is not None and len(values) > 0 and not np.all(np.isnan(np.asarray(values, dtype=float)))


def training_curves(history: HistoryLike) -> Figure:
    """Loss and accuracy per epoch, training against validation, side by side."""
    fig = _new_figure(10, 4)
    loss_ax, acc_ax = fig.subplots(1, 2)
    for ax, metric, title in ((loss_ax, "loss", "loss_title"), (acc_ax, "acc", "accuracy_title")):
        for split, style in (("train", "-o"), ("val", "-s")):
            values = getattr(history, f"{split}_{metric}")
            if _has_values(values):
                name = _("training") if split == "train" else _("validation")
                ax.plot(_epochs(values), values, style, markersize=4, label=name)
        ax.set_title(_(title))
        ax.set_xlabel(_("epoch"))
        ax.set_ylabel(_("loss") if metric == "loss" else _("accuracy"))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))  # whole epochs, even for one
        ax.grid(alpha=0.3)
        ax.legend()
    return fig


def confusion_matrix(cm: ArrayLike, *, class_names: Sequence[str] | None = None) -> Figure:
    """Heatmap of a confusion matrix; cm: (n_classes, n_classes), rows = true class.

    class_names: tick labels (default 0, 1, ...); with names the axes say "class", not "digit".
    """
    counts = np.asarray(cm)
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1]:
        raise ValueError(f"cm must be a square matrix, got shape {counts.shape}")
    n = len(counts)
    names = list(class_names) if class_names is not None else [str(k) for k in range(n)]
    fig = _new_figure(0.55 * n + 2.5, 0.55 * n + 1.8)
    ax = fig.subplots()
    # A logarithmic colour scale keeps the rare mistakes visible next to the large diagonal.
    image = ax.imshow(counts, cmap="Blues", norm=mpl.colors.LogNorm(vmin=1, vmax=max(counts.max(), 2)))
    threshold = np.sqrt(max(counts.max(), 1))
    for (row, col), value in np.ndenumerate(counts):
        if value:
            color = "white" if value > threshold else "black"
            ax.text(col, row, f"{value:g}", ha="center", va="center", fontsize=8, color=color)
    ax.set_xticks(range(n), names, rotation=90 if class_names is not None else 0)
    ax.set_yticks(range(n), names)
    ax.set_xlabel(_("predicted_class" if class_names is None else "predicted_named_class"))
    ax.set_ylabel(_("true_class" if class_names is None else "true_named_class"))
    ax.set_title(_("confusion_title"))
    fig.colorbar(image, ax=ax, shrink=0.8)
    return fig


def _first_weight_matrix(net_or_weights: NetLike | ArrayLike) -> np.ndarray:
    layers = getattr(net_or_weights, "layers", None)
    if layers is None:
        return np.asarray(net_or_weights)
    for layer in layers:
        params = getattr(layer, "params", {})
        if "W" in params:
            return np.asarray(params["W"])
    raise ValueError("the network has no layer with a weight matrix 'W'")


def first_layer_weights(
    net_or_weights: NetLike | ArrayLike, *, max_units: int = 128, columns: int = 16
) -> Figure:
    """The weights of each first-layer unit drawn as a 28x28 image.

    Accepts a ``Net`` (its first layer with a weight matrix) or the matrix
    itself, W: (784, units) or (units, 784). Each image has its own symmetric
    colour scale, so red is positive and blue negative within that unit.
    """
    W = _first_weight_matrix(net_or_weights)
    if W.ndim != 2 or 784 not in W.shape:
        raise ValueError(f"expected first-layer weights of shape (784, units), got {W.shape}")
    units = W.T if W.shape[0] == 784 else W  # (units, 784)
    units = units[:max_units]
    rows = int(np.ceil(len(units) / columns))
    fig = _new_figure(columns * 0.5, rows * 0.5 + 0.4)
    axes = np.atleast_1d(fig.subplots(rows, columns, squeeze=False)).ravel()
    # 15 colour levels (white in the middle) look the same as 256 but make a PNG half the size.
    cmap = mpl.colormaps["RdBu_r"].resampled(15)
    for ax in axes:
        ax.set_axis_off()
    for ax, unit in zip(axes, units, strict=False):
        limit = np.abs(unit).max() or 1.0
        ax.imshow(unit.reshape(28, 28), cmap=cmap, vmin=-limit, vmax=limit, interpolation="nearest")
    fig.suptitle(_("weights_title"), fontsize=10)
    return fig


def sample_predictions(
    images: ArrayLike,
    labels: ArrayLike,
    predictions: ArrayLike,
    *,
    n_right: int = 10,
    n_wrong: int = 10,
    seed: int = 0,
    class_names: Sequence[str] | None = None,
) -> Figure:
    """A random sample of correctly and wrongly classified images, one row each.

    images: (n, 784); labels: (n,) true classes; predictions: (n, n_classes)
    probabilities (the caption shows the confidence) or (n,) predicted classes;
    class_names: what the captions call class k (default: k itself).
    """
    X, y, out = np.asarray(images), np.asarray(labels), np.asarray(predictions)
    if len(X) != len(y) or len(out) != len(y):
        raise ValueError(f"images, labels and predictions differ in length: {len(X)}, {len(y)}, {len(out)}")
    probs = out if out.ndim == 2 else None
    pred = out.argmax(axis=1) if probs is not None else out.astype(np.int64)
    rng = np.random.default_rng(seed)
    right = np.flatnonzero(pred == y)
    wrong = np.flatnonzero(pred != y)
    groups = [
        ("right", rng.permutation(right)[:n_right]),
        ("wrong", rng.permutation(wrong)[:n_wrong]),
    ]
    groups = [(name, idx) for name, idx in groups if len(idx)]
    name_of = (lambda k: class_names[k]) if class_names is not None else (lambda k: k)
    columns = max(n_right, n_wrong, 1)
    fig = _new_figure(columns * 1.0 + 0.6, len(groups) * 1.35 + 0.5)
    axes = fig.subplots(max(len(groups), 1), columns, squeeze=False)
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
        ax.spines[:].set_visible(False)
    for row, (name, indices) in enumerate(groups):
        axes[row, 0].set_ylabel(_(name), fontsize=11)
        for ax, i in zip(axes[row], indices, strict=False):
            ax.imshow(X[i].reshape(28, 28), cmap="gray_r")
            if name == "right":
                prob = probs[i, pred[i]] if probs is not None else 1.0
                caption = _("prediction_caption", pred=name_of(pred[i]), prob=prob)
                ax.set_title(caption if probs is not None else str(name_of(pred[i])), fontsize=9)
            else:
                ax.set_title(_("wrong_caption", pred=name_of(pred[i]), true=name_of(y[i])), fontsize=9,
                             color="crimson")
                ax.spines[:].set_visible(True)
                ax.spines[:].set_color("crimson")
    fig.suptitle(_("predictions_title"), fontsize=11)
    return fig


def max_weights(history: HistoryLike) -> Figure:
    """The largest absolute weight of every layer after each epoch."""
    fig = _new_figure(6, 4)
    ax = fig.subplots()
    for n, (name, values) in enumerate(history.max_abs_weight.items(), start=1):
        label = _("layer", n=n) if name.isdigit() or not name else name
        ax.plot(_epochs(values), values, "-o", markersize=4, label=label)
    ax.set_xlabel(_("epoch"))
    ax.set_ylabel(_("max_weight"))
    ax.set_title(_("max_weight_title"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))  # whole epochs, even for one
    ax.grid(alpha=0.3)
    ax.legend()
    return fig


def max_weight_comparison(histories: Mapping[str, HistoryLike]) -> Figure:
    """For each run, the largest absolute weight over all its layers after each epoch."""
    fig = _new_figure(6, 4)
    ax = fig.subplots()
    for name, history in histories.items():
        per_layer = np.array([list(values) for values in history.max_abs_weight.values()])
        largest = per_layer.max(axis=0)
        ax.plot(_epochs(largest), largest, "-o", markersize=4, label=name)
    ax.set_xlabel(_("epoch"))
    ax.set_ylabel(_("max_weight"))
    ax.set_title(_("max_weight_all_title"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))  # whole epochs, even for one
    ax.grid(alpha=0.3)
    ax.legend()
    return fig


def _predict_classes(net: NetLike, points: np.ndarray) -> np.ndarray:
    """Class per point with every layer in evaluation mode, then the modes restored."""
    with evaluating(net):
        out = np.asarray(net.forward(points))
    if out.ndim == 2 and out.shape[1] > 1:
        return np.asarray(out.argmax(axis=1), dtype=np.int64)
    return (out.ravel() > 0.5).astype(np.int64)  # one sigmoid output: probability of class 1


def decision_boundary(net: NetLike, X: ArrayLike, y: ArrayLike, *, resolution: int = 200) -> Figure:
    """Colour the plane by the class the network predicts, with the points on top.

    X: (n, 2) points, y: (n,) integer classes. The net maps (m, 2) inputs to
    (m, n_classes) probabilities, or to (m, 1) probabilities of class 1.
    """
    points, classes = np.asarray(X, dtype=np.float32), np.asarray(y)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"decision boundaries need 2-D points, X: (n, 2); got {points.shape}")
    margin = 0.1 * (points.max(axis=0) - points.min(axis=0)) + 1e-3
    low, high = points.min(axis=0) - margin, points.max(axis=0) + margin
    xs, ys = np.linspace(low[0], high[0], resolution), np.linspace(low[1], high[1], resolution)
    grid_x, grid_y = np.meshgrid(xs, ys)
    grid = np.column_stack([grid_x.ravel(), grid_y.ravel()]).astype(np.float32)
    regions = _predict_classes(net, grid).reshape(grid_x.shape)

    n_classes = int(max(classes.max(), regions.max())) + 1
    colours = [mpl.colormaps["tab10"](k % 10) for k in range(n_classes)]
    cmap = mpl.colors.ListedColormap(colours)
    fig = _new_figure(5, 4.5)
    ax = fig.subplots()
    ax.contourf(grid_x, grid_y, regions, levels=np.arange(n_classes + 1) - 0.5, cmap=cmap, alpha=0.25)
    for k in range(n_classes):
        mine = classes == k
        ax.scatter(points[mine, 0], points[mine, 1], s=14, color=colours[k], edgecolors="white",
                   linewidths=0.4, label=_("class", n=k))
    ax.set_title(_("decision_title"))
    ax.set_aspect("equal")
    ax.legend(loc="best", fontsize=8)
    return fig


def regression_fit(
    X: ArrayLike,
    y: ArrayLike,
    fits: Mapping[str, NetLike],
    *,
    truth: Callable[[np.ndarray], np.ndarray] | None = None,
) -> Figure:
    """1-D data as points and the curve each trained network draws through them.

    X: (n, 1), y: (n, 1); fits maps a legend name to a net with one input and
    one output; ``truth`` optionally draws the function the data came from.
    """
    x, target = np.asarray(X, dtype=np.float32).ravel(), np.asarray(y).ravel()
    line = np.linspace(x.min(), x.max(), 300, dtype=np.float32)[:, None]
    fig = _new_figure(6, 4)
    ax = fig.subplots()
    ax.scatter(x, target, s=12, color="0.5", label=_("data"))
    if truth is not None:
        ax.plot(line.ravel(), truth(line).ravel(), "k--", linewidth=1, label="truth")
    for name, net in fits.items():
        ax.plot(line.ravel(), np.asarray(net.forward(line)).ravel(), linewidth=2, label=name)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(_("regression_title"))
    ax.grid(alpha=0.3)
    ax.legend()
    return fig


def compare_histories(
    histories: Mapping[str, HistoryLike], *, metric: str = "val_acc", title: str | None = None
) -> Figure:
    """One curve per run of ``metric`` ("val_acc", "val_loss", "train_acc", "train_loss") per epoch.

    ``title`` is a label key of ``ownframework.plot_labels`` or plain text.
    """
    if metric not in ("val_acc", "val_loss", "train_acc", "train_loss"):
        raise ValueError(f"unknown metric {metric!r}; choose val_acc, val_loss, train_acc or train_loss")
    fig = _new_figure(6, 4)
    ax = fig.subplots()
    for name, history in histories.items():
        values = getattr(history, metric)
        ax.plot(_epochs(values), values, "-o", markersize=4, label=name)
    split = _("training") if metric.startswith("train") else _("validation")
    ax.set_ylabel(f"{_('accuracy') if metric.endswith('acc') else _('loss')} ({split})")
    ax.set_xlabel(_("epoch"))
    if title is not None:
        ax.set_title(_(title) if title in LABELS else title)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))  # whole epochs, even for one
    ax.grid(alpha=0.3)
    ax.legend()
    return fig
