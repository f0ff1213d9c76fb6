"""Small 2-D and 1-D data sets for the lesson, generated with NumPy and a seed.

Every function returns ``(X, y)``: ``X`` is float32, class labels are int64
(``0 .. n_classes - 1``), regression targets are float32. Rows are shuffled,
so minibatches taken in order already mix the classes. The same seed always
gives the same data.
"""

from __future__ import annotations

import numpy as np

from ownframework.checks import positive_int

__all__ = [
    "add_label_noise",
    "make_blobs",
    "make_circles",
    "make_linear",
    "make_moons",
    "make_regression_1d",
    "make_spirals",
]


def _shuffled(
    X: np.ndarray, y: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    order = rng.permutation(len(X))
    return X[order].astype(np.float32), y[order].astype(np.int64)


def make_linear(
    n_samples: int = 200, *, margin: float = 0.1, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two classes that one straight line separates, with a gap of ``2 * margin``.

    Points are uniform in the square [-1, 1]^2; the label says on which side
    of a random line through the centre a point lies. Each point is then moved
    ``margin`` away from the line, so the classes never touch.

    Returns X: (n_samples, 2) float32, y: (n_samples,) int64 in {0, 1}.
    """
    positive_int("n_samples", n_samples)
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0, 2 * np.pi)
    normal = np.array([np.cos(angle), np.sin(angle)])  # unit vector across the line
    X = rng.uniform(-1, 1, size=(n_samples, 2))
    y = (X @ normal > 0).astype(np.int64)
    X += np.outer(np.where(y == 1, margin, -margin), normal)
    return _shuffled(X, y, rng)


def make_blobs(
    n_samples: int = 300,
    n_classes: int = 3,
    *,
    spread: float = 0.5,
    seed: int | None = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Round Gaussian clouds, one per class, with centres on a circle of radius 2.

    ``spread`` is the standard deviation of each cloud: small values give
    well-separated classes, values near 1 make them overlap.

    Returns X: (n_samples, 2) float32, y: (n_samples,) int64 in 0..n_classes-1.
    """
    positive_int("n_samples", n_samples)
    positive_int("n_classes", n_classes)
    if not spread > 0:
        raise ValueError(f"spread must be positive, got {spread}")
    rng = np.random.default_rng(seed)
    y = np.arange(n_samples) % n_classes  # balanced classes
    angles = 2 * np.pi * np.arange(n_classes) / n_classes
    centres = 2 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    X = centres[y] + spread * rng.standard_normal((n_samples, 2))
    return _shuffled(X, y, rng)


def make_moons(
    n_samples: int = 200, *, noise: float = 0.1, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two interlocking half circles: no straight line separates them.

    Class 0 is the upper arc centred at (0, 0), class 1 the lower arc centred
    at (1, 0.5); ``noise`` is the standard deviation added to every coordinate.

    Returns X: (n_samples, 2) float32, y: (n_samples,) int64 in {0, 1}.
    """
    positive_int("n_samples", n_samples)
    rng = np.random.default_rng(seed)
    y = np.arange(n_samples) % 2
    t = rng.uniform(0, np.pi, n_samples)
    upper = np.stack([np.cos(t), np.sin(t)], axis=1)
    lower = np.stack([1 - np.cos(t), 0.5 - np.sin(t)], axis=1)
    X = np.where(y[:, None] == 0, upper, lower)
    X += noise * rng.standard_normal((n_samples, 2))
    return _shuffled(X, y, rng)


def make_circles(
    n_samples: int = 200,
    *,
    noise: float = 0.05,
    factor: float = 0.5,
    seed: int | None = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """A small circle (class 1) inside a large one (class 0).

    The outer circle has radius 1, the inner one radius ``factor`` (0 < factor < 1);
    ``noise`` is the standard deviation added to every coordinate.

    Returns X: (n_samples, 2) float32, y: (n_samples,) int64 in {0, 1}.
    """
    positive_int("n_samples", n_samples)
    if not 0 < factor < 1:
        raise ValueError(f"factor must be between 0 and 1, got {factor}")
    rng = np.random.default_rng(seed)
    y = np.arange(n_samples) % 2
    t = rng.uniform(0, 2 * np.pi, n_samples)
    radius = np.where(y == 1, factor, 1.0)
    X = radius[:, None] * np.stack([np.cos(t), np.sin(t)], axis=1)
    X += noise * rng.standard_normal((n_samples, 2))
    return _shuffled(X, y, rng)


def make_spirals(
    n_samples: int = 300,
    n_classes: int = 3,
    *,
    noise: float = 0.2,
    seed: int | None = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Spiral arms winding out from the centre, one arm per class.

    Along an arm the radius grows from 0 to 1 while the angle turns by 4
    radians; ``noise`` is the standard deviation added to the angle.

    Returns X: (n_samples, 2) float32, y: (n_samples,) int64 in 0..n_classes-1.
    """
    positive_int("n_samples", n_samples)
    positive_int("n_classes", n_classes)
    rng = np.random.default_rng(seed)
    y = np.arange(n_samples) % n_classes
    radius = rng.uniform(0, 1, n_samples)
    angle = 2 * np.pi * y / n_classes + 4 * radius + noise * rng.standard_normal(n_samples)
    X = radius[:, None] * np.stack([np.sin(angle), np.cos(angle)], axis=1)
    return _shuffled(X, y, rng)


def add_label_noise(
    y: np.ndarray,
    fraction: float,
    *,
    n_classes: int | None = None,
    seed: int | None = 0,
) -> np.ndarray:
    """Return a copy of ``y`` in which ``fraction`` of the labels are wrong.

    Exactly ``round(fraction * len(y))`` labels, chosen at random, are
    replaced by a different class (so they are really wrong, not just redrawn).

    y: (n_samples,) integer labels in 0..n_classes-1 (n_classes defaults to max(y) + 1).
    Returns (n_samples,) int64.
    """
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must be between 0 and 1, got {fraction}")
    labels = np.asarray(y)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"y must be a 1-D array of integer labels, got {labels.dtype} {labels.shape}")
    if labels.size == 0:
        return labels.astype(np.int64)
    n_classes = int(labels.max()) + 1 if n_classes is None else n_classes
    if n_classes < 2:
        raise ValueError("label noise needs at least 2 classes")
    if labels.min() < 0 or labels.max() >= n_classes:
        raise ValueError(f"labels must lie in 0..{n_classes - 1}, got {labels.min()}..{labels.max()}")
    rng = np.random.default_rng(seed)
    noisy = labels.astype(np.int64)  # astype copies, y is left untouched
    flipped = rng.choice(len(labels), size=round(fraction * len(labels)), replace=False)
    # Adding 1..n_classes-1 modulo n_classes always lands on another class.
    shift = rng.integers(1, n_classes, size=len(flipped))
    noisy[flipped] = (noisy[flipped] + shift) % n_classes
    return noisy


def make_regression_1d(
    n_samples: int = 100,
    *,
    noise: float = 0.1,
    outliers: float = 0.0,
    seed: int | None = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Noisy samples of the curve y = sin(pi * x) for x in [-1, 1].

    ``noise`` is the standard deviation of Gaussian noise on y. ``outliers`` is
    the fraction of points whose y is moved by +-2 instead: they show why the
    mean absolute error is more robust than the mean squared error.

    Returns X: (n_samples, 1) float32, y: (n_samples, 1) float32.
    """
    positive_int("n_samples", n_samples)
    if not 0 <= outliers <= 1:
        raise ValueError(f"outliers must be between 0 and 1, got {outliers}")
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, n_samples)
    y = np.sin(np.pi * x) + noise * rng.standard_normal(n_samples)
    moved = rng.choice(n_samples, size=round(outliers * n_samples), replace=False)
    y[moved] += rng.choice([-2.0, 2.0], size=len(moved))
    return x[:, None].astype(np.float32), y[:, None].astype(np.float32)
