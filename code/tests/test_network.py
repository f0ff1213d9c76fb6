"""Net: chaining, forward/backward/update, modes, input checks with clear messages, repr."""

from __future__ import annotations

import numpy as np
import pytest

from ownframework.activations import ReLU, Softmax
from ownframework.errors import EmptyDataError, NonFiniteError, ShapeError
from ownframework.gradcheck import gradient_check
from ownframework.layers import BatchNorm, Dropout, Linear
from ownframework.losses import MSE, CrossEntropy
from ownframework.network import Net, evaluating


def test_add_chains_and_keeps_the_order():
    first, second = Linear(2, 3), ReLU()
    net = Net().add(first).add(second)
    assert net.layers == [first, second]


def test_add_rejects_things_that_are_not_layers():
    with pytest.raises(TypeError, match="expects a Layer"):
        Net().add(lambda x: x)


def test_forward_runs_the_layers_in_order(rng, make_mlp):
    net = make_mlp([4, 6, 3])
    x = rng.standard_normal((5, 4)).astype(np.float32)
    expected = x
    for layer in net.layers:
        expected = type(layer).forward(layer, expected)
    np.testing.assert_allclose(net.forward(x), expected, rtol=1e-6)
    np.testing.assert_allclose(net.forward(x).sum(axis=1), 1, rtol=1e-6)


def test_forward_converts_inputs_to_the_network_dtype(make_mlp):
    net = make_mlp([2, 2])
    out = net.forward([[1, 2], [3, 4]])  # a list of ints
    assert out.dtype == np.float32
    assert make_mlp([2, 2], dtype=np.float64).forward(np.ones((1, 2), np.float32)).dtype == np.float64


def test_net_gradients_match_finite_differences(rng, small_classifier):
    x = rng.standard_normal((6, 4))
    report = gradient_check(small_classifier, CrossEntropy(), x, rng.integers(0, 3, 6))
    assert report.passed, str(report)
    assert len(report.rows) == 2 * 2 + 1  # W and b of both Linear layers, and the input


def test_backward_skips_the_input_gradient_of_the_first_layer_only(rng, small_classifier):
    net, loss = small_classifier, CrossEntropy()
    x = rng.standard_normal((3, 4))
    loss.forward(net.forward(x), np.array([0, 1, 2]))
    assert [layer.needs_input_grad for layer in net.layers] == [False, True, True, True]
    assert net.backward(loss.backward()) is None
    net.layers[0].needs_input_grad = True
    loss.forward(net.forward(x), np.array([0, 1, 2]))
    grad_x = net.backward(loss.backward())
    assert grad_x is not None and grad_x.shape == (3, 4)


def test_update_moves_parameters_against_their_gradients(rng):
    net = Net().add(Linear(3, 1, seed=0))
    x, y = rng.standard_normal((20, 3)), rng.standard_normal(20)
    loss = MSE()
    before = loss.forward(net.forward(x), y)
    W_before = net.layers[0].params["W"].copy()
    net.backward(loss.backward())
    net.update(0.1)
    np.testing.assert_allclose(net.layers[0].params["W"], W_before - 0.1 * net.layers[0].grads["W"], rtol=1e-6)
    assert loss.forward(net.forward(x), y) < before


def test_parameters_name_every_array_after_its_layer_with_its_gradient():
    net = Net().add(Linear(2, 4)).add(ReLU()).add(BatchNorm(4)).add(Linear(4, 3))
    named = list(net.parameters())
    assert [name for name, _, _ in named] == ["layer1.W", "layer1.b", "layer3.gamma", "layer3.beta",
                                              "layer4.W", "layer4.b"]
    W, dW = named[0][1], named[0][2]
    assert W is net.layers[0].params["W"] and dW is net.layers[0].grads["W"]  # the arrays, not copies
    assert [name for name, _ in net.buffers()] == ["layer3.running_mean", "layer3.running_var"]
    assert net.n_params == 2 * 4 + 4 + 4 + 4 + 4 * 3 + 3


def test_evaluating_switches_to_eval_mode_and_restores_each_layer_mode():
    net = Net().add(Linear(2, 4)).add(Dropout(0.5)).add(BatchNorm(4))
    net.layers[2].training = False  # a mixed state must come back exactly
    with evaluating(net):
        assert not any(layer.training for layer in net.layers)
    assert [layer.training for layer in net.layers] == [True, True, False]
    with pytest.raises(RuntimeError), evaluating(net):
        raise RuntimeError("a failed evaluation")
    assert [layer.training for layer in net.layers] == [True, True, False]


def test_train_and_eval_switch_every_layer():
    net = Net().add(Linear(2, 4)).add(Dropout(0.5)).add(BatchNorm(4))
    assert net.eval() is net
    assert not any(layer.training for layer in net.layers)
    net.train()
    assert all(layer.training for layer in net.layers)


def test_shape_error_names_the_layer_and_both_shapes(make_mlp):
    net = make_mlp([784, 128, 10])
    with pytest.raises(ShapeError) as error:
        net.forward(np.zeros((64, 783), np.float32))
    assert str(error.value) == "Linear #1 (784 -> 128) expected x of shape (batch, 784), got (64, 783)"
    net = Net().add(Linear(4, 8)).add(ReLU()).add(Linear(7, 2))
    with pytest.raises(ShapeError, match=r"Linear #3 \(7 -> 2\) expected x of shape \(batch, 7\), got \(5, 8\)"):
        net.forward(np.zeros((5, 4)))


@pytest.mark.parametrize(("x", "error", "message"), [
    (np.zeros(4), ShapeError, r"must be 2-D, \(batch, features\); got shape \(4,\) \(one example\? use x.reshape"),
    (np.zeros((2, 2, 4)), ShapeError, "must be 2-D"),
    (np.zeros((0, 4)), EmptyDataError, "no rows"),
    (np.array([[1, 2, 3, np.nan], [0, 0, 0, 0], [np.inf, 0, 0, 0]]), NonFiniteError,
     "NaN or infinity in 2 of 3 rows"),
    ([["a", "b", "c", "d"]], TypeError, "array of numbers"),
])
def test_bad_inputs_get_clear_errors(make_mlp, x, error, message):
    with pytest.raises(error, match=message):
        make_mlp([4, 3]).forward(x)


def test_repr_lists_layers_shapes_and_parameter_counts():
    net = (Net().add(Linear(784, 128)).add(ReLU()).add(Linear(128, 64)).add(ReLU())
           .add(Linear(64, 10)).add(Softmax()))
    text = repr(net)
    assert text.splitlines()[0] == "Net: (batch, 784) -> (batch, 10), 6 layers, 109,386 parameters"
    assert "Linear(784 -> 128)" in text and "100,480" in text and "Softmax()" in text
    assert net.n_params == 109_386 and net.out_features == 10
