"""The same gradients and updates as PyTorch (skipped when torch is not installed)."""

from __future__ import annotations

import numpy as np
import pytest

from ownframework.activations import ReLU, Sigmoid, Softmax, Tanh
from ownframework.layers import BatchNorm, Linear
from ownframework.losses import MAE, MSE, BinaryCrossEntropy, CrossEntropy
from ownframework.network import Net
from ownframework.optimizers import SGD, Adam

torch = pytest.importorskip("torch")
F64 = torch.float64  # everything in double precision, so the comparisons can be tight


def tensor(array: np.ndarray, grad: bool = False):
    return torch.tensor(np.asarray(array, dtype=np.float64), dtype=F64, requires_grad=grad)


def test_linear_matches_torch(rng):
    layer = Linear(5, 3, seed=0, dtype=np.float64)
    x, g = rng.standard_normal((4, 5)), rng.standard_normal((4, 3))
    out = layer.forward(x)
    grad_x = layer.backward(g)
    tx, tW, tb = tensor(x, True), tensor(layer.params["W"], True), tensor(layer.params["b"], True)
    t_out = torch.nn.functional.linear(tx, tW.T, tb)
    t_out.backward(tensor(g))
    np.testing.assert_allclose(out, t_out.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(grad_x, tx.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(layer.grads["W"], tW.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(layer.grads["b"], tb.grad.numpy(), rtol=1e-12)


@pytest.mark.parametrize(("layer", "function"), [
    (ReLU(), torch.relu),
    (Tanh(), torch.tanh),
    (Sigmoid(), torch.sigmoid),
    (Softmax(), lambda t: torch.softmax(t, dim=1)),
])
def test_activations_match_torch(rng, layer, function):
    x, g = rng.standard_normal((6, 4)) * 3, rng.standard_normal((6, 4))
    tx = tensor(x, True)
    t_out = function(tx)
    t_out.backward(tensor(g))
    np.testing.assert_allclose(layer.forward(x), t_out.detach().numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(layer.backward(g), tx.grad.numpy(), rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_matches_torch(rng, training):
    layer = BatchNorm(3, momentum=0.1, eps=1e-5, dtype=np.float64)
    reference = torch.nn.BatchNorm1d(3, momentum=0.1, eps=1e-5, dtype=F64)
    gamma, beta = rng.uniform(0.5, 2, 3), rng.standard_normal(3)
    layer.params["gamma"], layer.params["beta"] = gamma.copy(), beta.copy()
    with torch.no_grad():
        reference.weight.copy_(tensor(gamma))
        reference.bias.copy_(tensor(beta))
    for _ in range(3):  # let the running statistics move
        batch = rng.standard_normal((8, 3)) * 2 + 1
        layer.forward(batch)
        reference(tensor(batch))
    np.testing.assert_allclose(layer.buffers["running_mean"], reference.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(layer.buffers["running_var"], reference.running_var.numpy(), rtol=1e-12)
    layer.training = training
    reference.train(training)
    x, g = rng.standard_normal((8, 3)), rng.standard_normal((8, 3))
    tx = tensor(x, True)
    t_out = reference(tx)
    t_out.backward(tensor(g))
    np.testing.assert_allclose(layer.forward(x), t_out.detach().numpy(), rtol=1e-10)
    np.testing.assert_allclose(layer.backward(g), tx.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(layer.grads["gamma"], reference.weight.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(layer.grads["beta"], reference.bias.grad.numpy(), rtol=1e-10)


@pytest.mark.parametrize("scale", [1.0, 1e4])
def test_softmax_cross_entropy_matches_torch(rng, scale):
    logits, labels = rng.standard_normal((5, 4)) * scale, np.array([0, 3, 1, 1, 2])
    softmax, loss = Softmax(), CrossEntropy()
    value = loss.forward(softmax.forward(logits), labels)
    grad = softmax.backward(loss.backward())
    t_logits = tensor(logits, True)
    t_value = torch.nn.functional.cross_entropy(t_logits, torch.tensor(labels))
    t_value.backward()
    if scale == 1.0:
        assert value == pytest.approx(t_value.item(), rel=1e-12)
    else:  # torch works in log space; we cap -log(p) at -log(smallest float64) ~ 708
        assert np.isfinite(value)
    np.testing.assert_allclose(grad, t_logits.grad.numpy(), rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize(("loss", "function"), [
    (MSE(), torch.nn.functional.mse_loss),
    (MAE(), torch.nn.functional.l1_loss),
    (BinaryCrossEntropy(), torch.nn.functional.binary_cross_entropy),
])
def test_losses_match_torch(rng, loss, function):
    pred, target = rng.uniform(0.05, 0.95, (6, 2)), rng.integers(0, 2, (6, 2)).astype(np.float64)
    value = loss.forward(pred, target)
    grad = loss.backward()
    t_pred = tensor(pred, True)
    t_value = function(t_pred, tensor(target))
    t_value.backward()
    assert value == pytest.approx(t_value.item(), rel=1e-12)
    np.testing.assert_allclose(grad, t_pred.grad.numpy(), rtol=1e-10)


def copy_into_torch(net: Net):
    """A torch.nn.Sequential of Linear and ReLU layers with net's weights."""
    modules = []
    for layer in net.layers:
        if isinstance(layer, Linear):
            module = torch.nn.Linear(layer.in_features, layer.out_features, dtype=F64)
            with torch.no_grad():
                module.weight.copy_(tensor(layer.params["W"].T))
                module.bias.copy_(tensor(layer.params["b"]))
            modules.append(module)
        elif isinstance(layer, ReLU):
            modules.append(torch.nn.ReLU())
    return torch.nn.Sequential(*modules)


@pytest.mark.parametrize(("ours", "theirs"), [
    (lambda: SGD(0.1), lambda p: torch.optim.SGD(p, lr=0.1)),
    (lambda: SGD(0.1, momentum=0.9), lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
    (lambda: SGD(0.1, momentum=0.9, nesterov=True), lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True)),
    (lambda: Adam(0.01), lambda p: torch.optim.Adam(p, lr=0.01)),
])
def test_training_steps_match_torch(rng, ours, theirs):
    net = (Net().add(Linear(4, 8, seed=0, dtype=np.float64)).add(ReLU())
           .add(Linear(8, 3, seed=1, dtype=np.float64)).add(Softmax()))
    model = copy_into_torch(net)
    optimizer, reference = ours(), theirs(model.parameters())
    loss = CrossEntropy()
    for _ in range(4):
        x, y = rng.standard_normal((16, 4)), rng.integers(0, 3, 16)
        value = loss.forward(net.forward(x), y)
        net.backward(loss.backward())
        optimizer.step(net)
        reference.zero_grad()
        t_value = torch.nn.functional.cross_entropy(model(tensor(x)), torch.tensor(y))
        t_value.backward()
        reference.step()
        assert value == pytest.approx(t_value.item(), rel=1e-10)
    np.testing.assert_allclose(net.layers[0].params["W"], model[0].weight.detach().numpy().T, rtol=1e-9)
    np.testing.assert_allclose(net.layers[2].params["b"], model[2].bias.detach().numpy(), rtol=1e-9)
