"""Linear, Dropout and BatchNorm: shapes, initialisation, modes, and gradients by finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from ownframework.errors import ShapeError
from ownframework.gradcheck import check_layer, numerical_gradient, relative_error
from ownframework.layers import BatchNorm, Dropout, Layer, Linear

TOLERANCE = 1e-6


def test_linear_computes_x_times_w_plus_b(rng):
    layer = Linear(3, 2, seed=0)
    x = rng.standard_normal((4, 3)).astype(np.float32)
    z = layer.forward(x)
    assert z.shape == (4, 2) and z.dtype == np.float32
    np.testing.assert_allclose(z, x @ layer.params["W"] + layer.params["b"], rtol=1e-6)


def test_linear_params_and_grads_have_matching_names_and_shapes(rng):
    layer = Linear(6, 3, seed=0)
    assert set(layer.params) == set(layer.grads) == {"W", "b"}
    assert layer.params["W"].shape == (6, 3) and layer.params["b"].shape == (3,)
    layer.forward(rng.standard_normal((5, 6)).astype(np.float32))
    grad_x = layer.backward(np.ones((5, 3), np.float32))
    assert grad_x is not None and grad_x.shape == (5, 6)
    for name in layer.params:
        assert layer.grads[name].shape == layer.params[name].shape
        assert layer.grads[name].dtype == np.float32


def test_linear_gradients_match_finite_differences(rng):
    errors = check_layer(Linear(5, 4, seed=1), rng.standard_normal((6, 5)))
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < TOLERANCE, errors


def test_linear_xavier_and_he_initialisation_have_the_right_spread():
    xavier = Linear(400, 200, seed=0).params["W"]
    limit = np.sqrt(6 / 600)
    assert np.abs(xavier).max() <= limit
    assert np.std(xavier) == pytest.approx(limit / np.sqrt(3), rel=0.02)  # uniform(-a, a) has std a/sqrt(3)
    he = Linear(400, 200, init="he", seed=0).params["W"]
    assert np.std(he) == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert np.all(Linear(400, 200, seed=0).params["b"] == 0)


def test_linear_seed_makes_weights_repeatable():
    assert np.array_equal(Linear(8, 4, seed=3).params["W"], Linear(8, 4, seed=3).params["W"])
    assert not np.array_equal(Linear(8, 4, seed=3).params["W"], Linear(8, 4, seed=4).params["W"])


def test_linear_dtype_option():
    layer = Linear(3, 2, seed=0, dtype=np.float64)
    assert layer.params["W"].dtype == np.float64 and layer.grads["b"].dtype == np.float64


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    ((0, 3), {}, "in_features must be a positive integer"),
    ((3, 2.5), {}, "out_features must be a positive integer"),
    ((3, 2), {"init": "glorot"}, "unknown init 'glorot'"),
])
def test_linear_rejects_bad_arguments(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        Linear(*args, **kwargs)


def test_linear_can_skip_the_input_gradient(rng):
    layer = Linear(3, 2, seed=0)
    layer.forward(rng.standard_normal((4, 3)).astype(np.float32))
    layer.needs_input_grad = False
    assert layer.backward(np.ones((4, 2), np.float32)) is None
    np.testing.assert_allclose(layer.grads["b"], [4, 4])  # the parameter gradients are still there


def test_linear_repr_shows_its_shape():
    assert repr(Linear(784, 128)) == "Linear(784 -> 128)"


def test_base_layer_requires_forward_and_backward():
    with pytest.raises(NotImplementedError):
        Layer().forward(np.zeros((1, 1)))
    with pytest.raises(NotImplementedError):
        Layer().backward(np.zeros((1, 1)))


def test_dropout_in_training_zeroes_about_p_and_rescales_the_rest(rng):
    layer = Dropout(0.25, seed=0)
    x = np.ones((200, 50), np.float32)
    out = layer.forward(x)
    assert out.dtype == np.float32
    assert set(np.unique(out)) == {0.0, np.float32(1 / 0.75)}
    assert np.mean(out == 0) == pytest.approx(0.25, abs=0.02)
    assert out.mean() == pytest.approx(1.0, abs=0.03)  # inverted dropout keeps the expected value


def test_dropout_backward_uses_the_same_mask(rng):
    layer = Dropout(0.5, seed=1)
    out = layer.forward(np.ones((10, 8), np.float32))
    grad = layer.backward(np.ones((10, 8), np.float32))
    np.testing.assert_array_equal(grad, out)


def test_dropout_gradient_matches_finite_differences_with_a_fixed_mask(rng):
    errors = check_layer(Dropout(0.3, seed=2), rng.standard_normal((5, 6)))
    assert errors["x"] < TOLERANCE


def test_dropout_passes_everything_in_eval_mode(rng):
    layer = Dropout(0.9, seed=0)
    layer.training = False
    x = rng.standard_normal((4, 3)).astype(np.float32)
    assert layer.forward(x) is x
    g = np.ones_like(x)
    assert layer.backward(g) is g


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5])
def test_dropout_rejects_probabilities_outside_0_1(p):
    with pytest.raises(ValueError, match="dropout probability"):
        Dropout(p)


def test_batch_norm_normalises_the_batch_in_training(rng):
    layer = BatchNorm(3)
    x = (rng.standard_normal((64, 3)) * [1, 5, 10] + [0, 3, -7]).astype(np.float32)
    out = layer.forward(x)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=0), 1, atol=1e-3)
    # running averages move 10 % of the way from (0, 1) towards the batch statistics
    np.testing.assert_allclose(layer.buffers["running_mean"], 0.1 * x.mean(axis=0), rtol=1e-5)
    np.testing.assert_allclose(layer.buffers["running_var"], 0.9 + 0.1 * x.var(axis=0, ddof=1), rtol=1e-5)


def test_batch_norm_uses_running_statistics_in_eval(rng):
    layer = BatchNorm(2)
    for _ in range(200):
        layer.forward((rng.standard_normal((32, 2)) * 3 + 5).astype(np.float32))
    layer.training = False
    single = np.array([[5.0, 8.0]], np.float32)
    out = layer.forward(single)
    np.testing.assert_allclose(out, [[0.0, 1.0]], atol=0.15)  # (x - 5) / 3 with learned statistics


@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_gradients_match_finite_differences(rng, training):
    layer = BatchNorm(4)
    layer.params["gamma"] = rng.uniform(0.5, 2, 4).astype(np.float32)
    layer.params["beta"] = rng.standard_normal(4).astype(np.float32)
    layer.buffers["running_var"] = rng.uniform(0.5, 2, 4).astype(np.float32)
    layer.training = training
    errors = check_layer(layer, rng.standard_normal((7, 4)) * 2 + 1)
    assert set(errors) == {"x", "gamma", "beta"}
    assert max(errors.values()) < TOLERANCE, errors


def test_batch_norm_needs_two_examples_to_train():
    with pytest.raises(ShapeError, match="at least 2 examples"):
        BatchNorm(3).forward(np.ones((1, 3), np.float32))


def test_numerical_gradient_of_a_known_function():
    x = np.array([1.0, -2.0, 3.0])
    grad = numerical_gradient(lambda: float(np.sum(x**3)), x)
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-8)
    assert relative_error(grad, 3 * x**2) < 1e-9
