"""The toy data sets: shapes, dtypes, seeds and the geometry each one promises."""

import numpy as np
import pytest

from ownframework.data import toy

CLASSIFICATION = [
    (toy.make_linear, {}),
    (toy.make_blobs, {"n_classes": 4}),
    (toy.make_moons, {}),
    (toy.make_circles, {}),
    (toy.make_spirals, {"n_classes": 3}),
]


@pytest.mark.parametrize(("make", "kwargs"), CLASSIFICATION)
def test_classification_sets_have_documented_shapes_and_dtypes(make, kwargs):
    X, y = make(120, **kwargs)
    assert X.shape == (120, 2) and X.dtype == np.float32
    assert y.shape == (120,) and y.dtype == np.int64
    n_classes = kwargs.get("n_classes", 2)
    assert set(np.unique(y)) == set(range(n_classes))
    assert np.isfinite(X).all()


@pytest.mark.parametrize(("make", "kwargs"), CLASSIFICATION)
def test_same_seed_same_data_other_seed_other_data(make, kwargs):
    X1, y1 = make(60, seed=3, **kwargs)
    X2, y2 = make(60, seed=3, **kwargs)
    X3, _ = make(60, seed=4, **kwargs)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize(("make", "kwargs"), CLASSIFICATION)
def test_rows_are_shuffled_so_classes_mix_in_minibatches(make, kwargs):
    _, y = make(200, **kwargs)
    first_batch = y[:20]
    assert len(np.unique(first_batch)) > 1


def test_make_linear_is_separable_by_a_line():
    X, y = toy.make_linear(300, margin=0.1, seed=1)
    # The perceptron algorithm stops making mistakes only on linearly separable data.
    w, b = np.zeros(2), 0.0
    signs = np.where(y == 1, 1.0, -1.0)
    for _ in range(200):
        mistakes = 0
        for x, s in zip(X.astype(np.float64), signs, strict=True):
            if s * (x @ w + b) <= 0:
                w, b, mistakes = w + s * x, b + s, mistakes + 1
        if mistakes == 0:
            break
    assert mistakes == 0


def test_make_linear_keeps_a_gap_between_the_classes():
    X, y = toy.make_linear(400, margin=0.2, seed=2)
    # Distance between the closest pair of points from different classes is at least 2 * margin.
    a, b = X[y == 0].astype(np.float64), X[y == 1].astype(np.float64)
    closest = np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)).min()
    assert closest >= 0.4 - 1e-5


def test_make_blobs_classes_are_balanced_and_centred_on_a_circle():
    X, y = toy.make_blobs(400, n_classes=4, spread=0.1, seed=0)
    assert np.bincount(y).tolist() == [100, 100, 100, 100]
    centres = np.array([X[y == k].mean(axis=0) for k in range(4)])
    np.testing.assert_allclose(np.linalg.norm(centres, axis=1), 2.0, atol=0.05)


def test_make_moons_without_noise_lies_on_two_arcs():
    X, y = toy.make_moons(200, noise=0.0, seed=0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.linalg.norm(upper, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(lower - [1.0, 0.5], axis=1), 1.0, atol=1e-5)
    assert (upper[:, 1] >= 0).all() and (lower[:, 1] <= 0.5).all()


def test_make_circles_without_noise_has_the_two_radii():
    X, y = toy.make_circles(200, noise=0.0, factor=0.3, seed=0)
    radius = np.linalg.norm(X, axis=1)
    np.testing.assert_allclose(radius[y == 0], 1.0, atol=1e-5)
    np.testing.assert_allclose(radius[y == 1], 0.3, atol=1e-5)


def test_make_circles_rejects_a_factor_outside_zero_one():
    with pytest.raises(ValueError, match="factor"):
        toy.make_circles(factor=1.5)


def test_make_spirals_arms_turn_with_the_radius():
    X, y = toy.make_spirals(300, n_classes=3, noise=0.0, seed=0)
    radius = np.linalg.norm(X, axis=1)
    assert radius.max() <= 1.0 + 1e-6
    angle = np.arctan2(X[:, 0], X[:, 1])
    expected = 2 * np.pi * y / 3 + 4 * radius
    # Angles agree modulo a full turn.
    np.testing.assert_allclose(np.cos(angle - expected), 1.0, atol=1e-4)


@pytest.mark.parametrize("bad", [0, -5])
def test_sizes_must_be_positive(bad):
    with pytest.raises(ValueError, match="n_samples"):
        toy.make_moons(bad)


def test_add_label_noise_flips_exactly_the_fraction_to_other_classes():
    y = np.arange(200) % 4
    noisy = toy.add_label_noise(y, 0.25, seed=0)
    assert noisy.dtype == np.int64
    assert (noisy != y).sum() == 50
    assert noisy.min() >= 0 and noisy.max() <= 3
    np.testing.assert_array_equal(y, np.arange(200) % 4)  # input untouched


def test_add_label_noise_zero_fraction_changes_nothing():
    y = np.array([0, 1, 1, 0])
    np.testing.assert_array_equal(toy.add_label_noise(y, 0.0), y)


@pytest.mark.parametrize(
    ("y", "kwargs", "message"),
    [
        (np.array([0, 1]), {"fraction": 1.5}, "fraction"),
        (np.array([0.0, 1.0]), {"fraction": 0.1}, "integer labels"),
        (np.array([0, 3]), {"fraction": 0.1, "n_classes": 2}, "labels must lie"),
        (np.array([0, 0]), {"fraction": 0.5}, "at least 2 classes"),
    ],
)
def test_add_label_noise_rejects_bad_input(y, kwargs, message):
    with pytest.raises(ValueError, match=message):
        toy.add_label_noise(y, **kwargs)


def test_make_regression_1d_follows_the_sine_curve():
    X, y = toy.make_regression_1d(150, noise=0.0, seed=0)
    assert X.shape == (150, 1) and y.shape == (150, 1)
    assert X.dtype == np.float32 and y.dtype == np.float32
    np.testing.assert_allclose(y, np.sin(np.pi * X), atol=1e-5)
    assert X.min() >= -1 and X.max() <= 1


def test_make_regression_1d_outliers_are_far_from_the_curve():
    X, y = toy.make_regression_1d(100, noise=0.0, outliers=0.1, seed=0)
    distance = np.abs(y - np.sin(np.pi * X)).ravel()
    assert (distance > 1.9).sum() == 10
    assert (distance < 1e-5).sum() == 90
