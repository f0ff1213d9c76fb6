"""ReLU, Tanh, Sigmoid, Softmax: values, stability at extreme inputs, gradients, and activation()."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from ownframework.activations import LogitsGradient, ReLU, Sigmoid, Softmax, Tanh, activation
from ownframework.gradcheck import check_layer

TOLERANCE = 1e-6


def test_relu_values_and_slope():
    relu = ReLU()
    x = np.array([[-2.0, -0.5, 0.5, 3.0]], np.float32)
    np.testing.assert_array_equal(relu.forward(x), [[0, 0, 0.5, 3]])
    np.testing.assert_array_equal(relu.backward(np.full_like(x, 2.0)), [[0, 0, 2, 2]])


def test_tanh_and_sigmoid_values():
    x = np.array([[-1.0, 0.0, 2.0]])
    np.testing.assert_allclose(Tanh().forward(x), np.tanh(x))
    np.testing.assert_allclose(Sigmoid().forward(x), 1 / (1 + np.exp(-x)))


@pytest.mark.parametrize("layer_class", [ReLU, Tanh, Sigmoid, Softmax])
def test_activation_gradients_match_finite_differences(rng, layer_class):
    x = rng.standard_normal((5, 4))
    if layer_class is ReLU:
        x[np.abs(x) < 0.05] = 0.5  # keep away from the kink at 0
    errors = check_layer(layer_class(), x)
    assert errors["x"] < TOLERANCE, errors


@pytest.mark.parametrize("layer_class", [ReLU, Tanh, Sigmoid, Softmax])
def test_activations_keep_float32_and_the_shape(rng, layer_class):
    layer = layer_class()
    x = rng.standard_normal((3, 4)).astype(np.float32)
    out = layer.forward(x)
    grad = layer.backward(np.ones_like(out))
    assert out.shape == grad.shape == x.shape
    assert out.dtype == grad.dtype == np.float32


def test_sigmoid_is_stable_for_huge_inputs():
    x = np.array([[-1e4, -100.0, 0.0, 100.0, 1e4]], np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning from exp
        y = Sigmoid().forward(x)
    assert np.all(np.isfinite(y))
    np.testing.assert_allclose(y, [[0, 0, 0.5, 1, 1]], atol=1e-30)


@pytest.mark.parametrize("scale", [1e4, -1e4])
def test_softmax_is_finite_for_logits_of_1e4(scale):
    x = np.array([[scale, 0.0, -scale], [1.0, 1.0, 1.0]], np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = Softmax().forward(x)
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p.sum(axis=1), 1, rtol=1e-6)
    np.testing.assert_allclose(p[1], 1 / 3, rtol=1e-6)
    assert p[0].argmax() == (0 if scale > 0 else 2)


def test_softmax_rows_are_probabilities(rng):
    p = Softmax().forward(rng.standard_normal((10, 7)).astype(np.float32) * 5)
    assert np.all(p > 0)
    np.testing.assert_allclose(p.sum(axis=1), 1, rtol=1e-6)


def test_softmax_passes_a_logits_gradient_through_unchanged(rng):
    softmax = Softmax()
    softmax.forward(rng.standard_normal((3, 4)))
    grad = rng.standard_normal((3, 4))
    out = softmax.backward(grad.view(LogitsGradient))
    assert type(out) is np.ndarray
    np.testing.assert_array_equal(out, grad)
    assert not np.allclose(softmax.backward(grad), grad)  # a plain dL/dp goes through the Jacobian


@pytest.mark.parametrize(("name", "expected"), [("relu", ReLU), ("tanh", Tanh), ("Sigmoid", Sigmoid)])
def test_activation_by_name(name, expected):
    layer = activation(name)
    assert type(layer) is expected
    assert activation(name) is not layer  # a new layer every time


@pytest.mark.parametrize("name", ["softplus", "", 3])
def test_activation_rejects_unknown_names_and_lists_the_valid_ones(name):
    with pytest.raises(ValueError, match=r"unknown activation .*; choose one of: relu, tanh, sigmoid"):
        activation(name)
