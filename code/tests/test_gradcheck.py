"""The gradient checker itself: it passes correct gradients, catches wrong ones, leaves inputs alone."""

from __future__ import annotations

import numpy as np

from ownframework.activations import Softmax, Tanh
from ownframework.gradcheck import check_layer, check_loss, gradient_check, numerical_gradient, relative_error
from ownframework.layers import Dropout, Linear
from ownframework.losses import MSE, CrossEntropy
from ownframework.network import Net


class WrongWeightGradient(Linear):
    """A bug planted on purpose: dL/dW is 50 % too large, everything else is right."""

    def backward(self, grad_out):
        result = super().backward(grad_out)
        self.grads["W"] = self.grads["W"] * 1.5
        return result


def test_numerical_gradient_restores_the_input():
    x = np.array([[0.5, -1.0], [2.0, 3.0]])
    original = x.copy()
    grad = numerical_gradient(lambda: float(np.sum(np.sin(x))), x)
    np.testing.assert_array_equal(x, original)
    np.testing.assert_allclose(grad, np.cos(x), rtol=1e-8)


def test_relative_error_is_scale_free():
    a = np.array([1.0, 2.0, 3.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(a * 1000, a * 1000 * (1 + 1e-6)) < 1e-6
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(a, -a) == 1.0


def test_gradient_check_passes_a_correct_network_and_leaves_it_untouched(rng):
    net = Net().add(Linear(4, 5, seed=7)).add(Tanh()).add(Linear(5, 3, seed=8)).add(Softmax())
    W = net.layers[0].params["W"].copy()
    report = gradient_check(net, CrossEntropy(), rng.standard_normal((6, 4)), rng.integers(0, 3, 6))
    assert report.passed and report.max_error < 1e-6
    assert [(layer, name) for layer, name, _ in report.rows] == [
        ("Linear #1", "W"), ("Linear #1", "b"), ("Linear #3", "W"), ("Linear #3", "b"), ("input", "x")]
    assert str(report).splitlines()[-1].startswith("passed: largest relative error")
    assert net.layers[0].params["W"].dtype == np.float32
    np.testing.assert_array_equal(net.layers[0].params["W"], W)
    assert net.layers[0].needs_input_grad is False


def test_gradient_check_catches_a_wrong_gradient(rng):
    net = Net().add(WrongWeightGradient(3, 2, seed=0))
    report = gradient_check(net, MSE(), rng.standard_normal((4, 3)), rng.standard_normal((4, 2)))
    assert not report.passed
    errors = {name: error for _, name, error in report.rows}
    assert errors["W"] > 0.1 and errors["b"] < 1e-6
    assert "FAILED" in str(report)


def test_check_layer_catches_a_wrong_gradient(rng):
    errors = check_layer(WrongWeightGradient(3, 2, seed=0), rng.standard_normal((4, 3)))
    assert errors["W"] > 0.1 and errors["x"] < 1e-6


def test_gradient_check_replays_dropout_masks(rng):
    net = Net().add(Linear(3, 6, seed=0)).add(Dropout(0.5, seed=1)).add(Linear(6, 2, seed=2))
    report = gradient_check(net, MSE(), rng.standard_normal((5, 3)), rng.standard_normal((5, 2)))
    assert report.passed, str(report)


def test_check_loss(rng):
    assert check_loss(MSE(), rng.standard_normal((3, 2)), rng.standard_normal((3, 2))) < 1e-8
