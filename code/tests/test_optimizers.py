"""SGD (plain, momentum, Nesterov) and Adam: the update rules, state per parameter, validation."""

from __future__ import annotations

import numpy as np
import pytest

from ownframework.layers import Linear
from ownframework.network import Net
from ownframework.optimizers import OPTIMIZERS, SGD, Adam, Optimizer, optimizer


def net_with_gradients(seed: int = 0) -> Net:
    """A one-layer net whose gradients are set by hand, in float64 for exact comparisons."""
    net = Net().add(Linear(3, 2, seed=seed, dtype=np.float64))
    rng = np.random.default_rng(seed)
    for name, param in net.layers[0].params.items():
        net.layers[0].grads[name] = rng.standard_normal(param.shape)
    return net


def test_plain_sgd_is_the_same_as_net_update():
    a, b = net_with_gradients(), net_with_gradients()
    SGD(0.1).step(a)
    b.update(0.1)
    for name in a.layers[0].params:
        np.testing.assert_array_equal(a.layers[0].params[name], b.layers[0].params[name])


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_follows_the_formula_over_several_steps(nesterov):
    net = net_with_gradients()
    layer = net.layers[0]
    w = layer.params["W"].copy()
    v = np.zeros_like(w)
    sgd = SGD(0.05, momentum=0.9, nesterov=nesterov)
    for step in range(3):
        g = np.full_like(w, step + 1.0)
        layer.grads["W"] = g.copy()
        sgd.step(net)
        v = 0.9 * v + g
        w -= 0.05 * (g + 0.9 * v if nesterov else v)
        np.testing.assert_allclose(layer.params["W"], w, rtol=1e-12)


def test_adam_first_step_moves_each_weight_by_about_lr():
    net = net_with_gradients()
    before = net.layers[0].params["W"].copy()
    grads = net.layers[0].grads["W"].copy()
    Adam(lr=0.01).step(net)
    # after bias correction m_hat = g and v_hat = g^2, so the step is lr * sign(g)
    np.testing.assert_allclose(before - net.layers[0].params["W"], 0.01 * np.sign(grads), rtol=1e-5)


def test_adam_follows_the_formula_over_several_steps():
    net = net_with_gradients()
    layer = net.layers[0]
    w = layer.params["b"].copy()
    m = v = np.zeros_like(w)
    adam = Adam(lr=0.1, beta1=0.8, beta2=0.9, eps=1e-6)
    for t in range(1, 4):
        g = np.array([0.5, -2.0]) * t
        layer.grads["b"] = g.copy()
        adam.step(net)
        m = 0.8 * m + 0.2 * g
        v = 0.9 * v + 0.1 * g * g
        w = w - 0.1 * (m / (1 - 0.8**t)) / (np.sqrt(v / (1 - 0.9**t)) + 1e-6)
        np.testing.assert_allclose(layer.params["b"], w, rtol=1e-12)


def test_state_is_kept_per_parameter_and_per_layer():
    net = net_with_gradients()
    net.add(Linear(2, 2, seed=1, dtype=np.float64))
    net.layers[1].grads["W"] = np.ones((2, 2))
    sgd, adam = SGD(0.1, momentum=0.5), Adam()
    sgd.step(net)
    adam.step(net)
    assert len(sgd.velocity) == len(adam.moments) == 4


def test_a_changed_learning_rate_is_used_in_the_next_step():
    net = net_with_gradients()
    sgd = SGD(1.0)
    sgd.lr = 0.0001
    before = net.layers[0].params["W"].copy()
    sgd.step(net)
    assert np.abs(net.layers[0].params["W"] - before).max() < 0.001


@pytest.mark.parametrize(("make", "message"), [
    (lambda: SGD(0), "learning rate must be positive"),
    (lambda: SGD(-0.1), "learning rate must be positive"),
    (lambda: SGD(0.1, momentum=1.0), "momentum must be in"),
    (lambda: SGD(0.1, nesterov=True), "Nesterov momentum needs momentum > 0"),
    (lambda: Adam(beta1=1.0), "beta1 and beta2"),
    (lambda: optimizer("rmsprop", 0.1), "unknown optimizer 'rmsprop'; choose one of: sgd, momentum, adam"),
    (lambda: optimizer("momentum", -1.0), "learning rate must be positive"),
])
def test_bad_settings_are_rejected(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_optimizer_by_name_knows_every_name_of_the_table():
    plain, momentum, adam = optimizer("SGD", 0.1), optimizer("momentum", 0.2), optimizer("adam", 0.001)
    assert isinstance(plain, SGD) and plain.momentum == 0 and plain.lr == 0.1
    assert isinstance(momentum, SGD) and momentum.momentum == 0.9 and momentum.lr == 0.2
    assert isinstance(adam, Adam) and adam.lr == 0.001
    assert list(OPTIMIZERS) == ["sgd", "momentum", "adam"]


def test_state_is_named_after_the_parameters():
    net = net_with_gradients()
    sgd, adam = SGD(0.1, momentum=0.5), Adam()
    sgd.step(net)
    adam.step(net)
    assert set(sgd.velocity) == set(adam.moments) == {"layer1.W", "layer1.b"}


class SignSGD(Optimizer):
    """A new rule needs only _update: the base class walks the parameters."""

    def _update(self, name: str, param: np.ndarray, grad: np.ndarray) -> None:
        param -= self.lr * np.sign(grad)


def test_a_subclass_implements_only_the_rule_for_one_parameter():
    net = net_with_gradients()
    net.add(Linear(2, 2, seed=1, dtype=np.float64))
    before = [param.copy() for _, param, _ in net.parameters()]
    signs = [np.sign(grad) for _, _, grad in net.parameters()]
    SignSGD(0.5).step(net)
    for (_, param, _), old, sign in zip(net.parameters(), before, signs, strict=True):
        np.testing.assert_array_equal(param, old - 0.5 * sign)
