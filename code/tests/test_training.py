"""train_epoch and fit: learning on non-linear data, History, progress, divergence, bad data."""

from __future__ import annotations

import csv
import json
import math

import numpy as np
import pytest

from ownframework import network, training
from ownframework.activations import ReLU, Sigmoid, Softmax, Tanh
from ownframework.data import toy
from ownframework.errors import EmptyDataError, LabelError, NonFiniteError, ShapeError, TrainingDiverged
from ownframework.layers import Dropout, Linear
from ownframework.losses import MSE, BinaryCrossEntropy, CrossEntropy
from ownframework.metrics import accuracy
from ownframework.network import Net
from ownframework.optimizers import SGD, Adam
from ownframework.schedules import StepLR
from ownframework.training import History, evaluate, fit, train_epoch


def moons_net(make_mlp, seed=0):
    return make_mlp([2, 16, 16, 2], act=Tanh, seed=seed)


def test_train_epoch_learns_non_linear_data(make_mlp):
    np.random.seed(0)  # noqa: NPY002 - train_epoch shuffles with the legacy global generator, as learners do
    X, y = toy.make_moons(300, noise=0.1, seed=2)
    net, loss = moons_net(make_mlp), CrossEntropy()
    first = train_epoch(net, X, y, loss, batch_size=32, lr=0.5)
    for _ in range(60):
        last = train_epoch(net, X, y, loss, batch_size=32, lr=0.5)
    assert last < first / 5
    assert accuracy(y, net.forward(X)) >= 0.95


def test_fit_reaches_95_percent_on_spirals(make_mlp):
    X, y = toy.make_spirals(300, n_classes=3, noise=0.1, seed=3)
    X_val, y_val = toy.make_spirals(300, n_classes=3, noise=0.1, seed=4)
    net = make_mlp([2, 32, 32, 3], act=ReLU, seed=1)
    history = fit(net, X, y, loss=CrossEntropy(), optimizer=Adam(0.01), epochs=80, batch_size=32,
                  X_val=X_val, y_val=y_val, progress=False)
    assert history.train_acc[-1] >= 0.95
    assert history.val_acc[-1] >= 0.9
    assert evaluate(net, X, y, CrossEntropy())[1] >= 0.95


def test_fit_reduces_mse_on_regression():
    X, y = toy.make_regression_1d(100, noise=0.05, seed=4)
    net = Net().add(Linear(1, 32, seed=0)).add(Tanh()).add(Linear(32, 1, seed=1))
    history = fit(net, X, y, loss=MSE(), optimizer=SGD(0.1, momentum=0.9), epochs=150, batch_size=20,
                  progress=False)
    assert history.train_loss[-1] < history.train_loss[0] / 10
    assert history.train_loss[-1] < 0.03
    assert all(math.isnan(a) for a in history.train_acc + history.val_loss)


def test_fit_with_sigmoid_and_binary_cross_entropy_reports_accuracy():
    X, y = toy.make_linear(200, seed=1)
    net = Net().add(Linear(2, 1, seed=0)).add(Sigmoid())
    history = fit(net, X, y.reshape(-1, 1), loss=BinaryCrossEntropy(), optimizer=SGD(0.5), epochs=30,
                  batch_size=20, progress=False)
    assert history.train_acc[-1] >= 0.95


def test_history_has_one_entry_per_epoch(make_mlp, tmp_path):
    X, y = toy.make_blobs(120, 3, seed=0)
    net = make_mlp([2, 8, 8, 3], act=ReLU)
    history = fit(net, X, y, loss=CrossEntropy(), optimizer=SGD(0.1), epochs=4, batch_size=16,
                  X_val=X[:30], y_val=y[:30], schedule=StepLR(0.1, step_size=2, gamma=0.5), progress=False)
    assert len(history) == 4 and history.epoch == [1, 2, 3, 4]
    assert history.lr == pytest.approx([0.1, 0.1, 0.05, 0.05])
    for name in ("train_loss", "train_acc", "val_loss", "val_acc", "seconds"):
        values = getattr(history, name)
        assert len(values) == 4 and all(np.isfinite(values)), name
    assert all(0 <= a <= 1 for a in history.train_acc + history.val_acc)
    assert list(history.max_abs_weight) == ["1", "2", "3"]
    for number, layer in zip("123", [net.layers[0], net.layers[2], net.layers[4]], strict=True):
        assert history.max_abs_weight[number][-1] == pytest.approx(np.abs(layer.params["W"]).max())

    json.dumps(history.as_dict())  # plain numbers
    history.to_csv(tmp_path / "history.csv")
    with open(tmp_path / "history.csv", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert list(rows[0]) == [*History.COLUMNS, "max_abs_w_1", "max_abs_w_2", "max_abs_w_3"]
    assert len(rows) == 4 and float(rows[3]["val_acc"]) == pytest.approx(history.val_acc[3])


def test_history_leaves_missing_values_empty_in_csv_and_none_in_dicts(tmp_path, make_mlp):
    X, y = toy.make_blobs(60, 2, seed=0)
    history = fit(make_mlp([2, 2]), X, y, loss=CrossEntropy(), optimizer=SGD(0.1), epochs=2, batch_size=16,
                  progress=False)
    assert history.as_dict()["val_loss"] == [None, None]
    history.to_csv(tmp_path / "h.csv")
    with open(tmp_path / "h.csv", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert rows[0]["val_loss"] == "" and rows[0]["train_loss"] != ""


def test_fit_prints_one_line_per_epoch(capsys, make_mlp):
    X, y = toy.make_blobs(60, 2, seed=0)
    fit(make_mlp([2, 2]), X, y, loss=CrossEntropy(), optimizer=SGD(0.1), epochs=3, batch_size=16,
        X_val=X, y_val=y)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("epoch   1  loss ") and "val_acc" in lines[0] and lines[0].endswith("(1/3)")


def test_fit_is_repeatable_with_a_seed(make_mlp):
    X, y = toy.make_moons(100, seed=0)
    runs = [fit(moons_net(make_mlp), X, y, loss=CrossEntropy(), optimizer=SGD(0.3), epochs=3, batch_size=10,
                seed=7, progress=False).train_loss for _ in range(2)]
    assert runs[0] == runs[1]
    other = fit(moons_net(make_mlp), X, y, loss=CrossEntropy(), optimizer=SGD(0.3), epochs=3, batch_size=10,
                seed=8, progress=False).train_loss
    assert other != runs[0]


def test_fit_stops_with_a_clear_error_when_the_loss_becomes_nan():
    X, y = toy.make_regression_1d(50, seed=0)
    net = Net().add(Linear(1, 16, seed=0)).add(ReLU()).add(Linear(16, 1, seed=1))
    expected = (r"diverged in epoch \d+, batch \d+: the loss became (nan|inf)\. The learning rate \(1e\+06\) is "
                r"probably too high: try a smaller one, e\.g\. 100000")
    with pytest.raises(TrainingDiverged, match=expected), np.errstate(over="ignore", invalid="ignore"):
        fit(net, X * 1000, y, loss=MSE(), optimizer=SGD(1e6), epochs=20, batch_size=10, progress=False)


def test_a_softmax_net_that_blows_up_is_reported_as_divergence_not_as_bad_input():
    X, y = toy.make_moons(200, seed=0)
    net = Net().add(Linear(2, 32, seed=0)).add(ReLU()).add(Linear(32, 2, seed=1))
    net.add(Softmax())
    with pytest.raises(TrainingDiverged, match="the loss became nan"), np.errstate(all="ignore"):
        fit(net, X * 1000, y, loss=CrossEntropy(), optimizer=SGD(1e8), epochs=50, batch_size=10, progress=False)


def test_train_epoch_on_empty_data_says_so():
    net = Net().add(Linear(2, 2)).add(Softmax())
    with pytest.raises(EmptyDataError, match="X has no examples"):
        train_epoch(net, np.zeros((0, 2), np.float32), np.zeros(0, np.int64), CrossEntropy(), 4, 0.1)


def test_fit_trains_each_epoch_on_what_transform_returns(make_mlp):
    X, y = toy.make_blobs(40, 2, seed=0)
    seen: list[tuple[int, np.ndarray]] = []

    def shifted(inputs: np.ndarray, epoch: int) -> np.ndarray:
        seen.append((epoch, inputs))
        return inputs + epoch

    history = fit(make_mlp([2, 2]), X, y, loss=CrossEntropy(), optimizer=SGD(0.1), epochs=3, batch_size=8,
                  transform=shifted, progress=False)
    assert [epoch for epoch, _ in seen] == [0, 1, 2] and len(history) == 3
    for _, inputs in seen:
        np.testing.assert_array_equal(inputs, X)  # always the original inputs, not last epoch's
    plain = fit(make_mlp([2, 2]), X, y, loss=CrossEntropy(), optimizer=SGD(0.1), epochs=3, batch_size=8,
                progress=False)
    assert plain.train_loss[0] == history.train_loss[0]  # epoch 0: X + 0, the same data
    assert plain.train_loss[1:] != history.train_loss[1:]


@pytest.mark.parametrize(("transform", "error", "message"), [
    (lambda X, epoch: X[:-1], ShapeError,
     r"transform\(X, epoch\) must keep the shape of X, \(40, 2\); it returned \(39, 2\)"),
    (lambda X, epoch: X * np.nan, NonFiniteError, r"transform\(X, epoch\) contains NaN or infinity in 40 rows"),
])
def test_fit_checks_what_transform_returns(make_mlp, transform, error, message):
    X, y = toy.make_blobs(40, 2, seed=0)
    with pytest.raises(error, match=message):
        fit(make_mlp([2, 2]), X, y, loss=CrossEntropy(), optimizer=SGD(0.1), epochs=1, batch_size=8,
            transform=transform, progress=False)


def test_fit_checks_the_data_once_not_every_batch(make_mlp, monkeypatch):
    calls = {"data": 0, "batch": 0}

    def counting(module, name, key):
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls[key] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counting(training, "_checked_inputs", "data")
    counting(network, "_checked_input", "batch")
    X, y = toy.make_blobs(100, 2, seed=0)
    fit(make_mlp([2, 2]), X, y, loss=CrossEntropy(), optimizer=SGD(0.1), epochs=3, batch_size=10,
        X_val=X[:30], y_val=y[:30], progress=False)
    assert calls == {"data": 2, "batch": 0}  # X and X_val once each; none of the 30 batches or 3 validations


def test_evaluate_uses_eval_mode_and_restores_the_modes(make_mlp):
    X, y = toy.make_blobs(50, 2, seed=0)
    net = Net().add(Linear(2, 8, seed=0)).add(Dropout(0.5, seed=0)).add(Linear(8, 2, seed=1))
    net.add(make_mlp([2, 2]).layers[-1])  # a Softmax
    first = evaluate(net, X, y, CrossEntropy())
    assert evaluate(net, X, y, CrossEntropy()) == first  # no dropout noise
    assert all(layer.training for layer in net.layers)


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"X": np.zeros((0, 2), np.float32), "y": np.zeros(0, np.int64)}, EmptyDataError, "X has no examples"),
    ({"y": np.zeros(7, np.int64)}, ShapeError, "X has 10 examples but y has 7"),
    ({"y": 3}, ShapeError, "X has 10 examples but y has a single value"),
    ({"X": np.zeros((10, 2, 1))}, ShapeError, "X must be 2-D"),
    ({"X": np.full((10, 2), np.nan)}, NonFiniteError, "X contains NaN or infinity in 10 rows"),
    ({"y": np.full(10, 0.5)}, LabelError, "y: labels must be integer class ids"),
    ({"y": np.full(10, 5)}, LabelError, "y: label 5 is out of range: 2 classes need labels 0..1"),
    ({"X_val": np.zeros((3, 2))}, ValueError, "pass both X_val and y_val"),
    ({"X_val": np.zeros((3, 2)), "y_val": np.array([0, 1, 9])}, LabelError, "y_val: label 9 is out of range"),
    ({"epochs": 0}, ValueError, "epochs must be a positive integer"),
    ({"batch_size": 2.5}, ValueError, "batch_size must be a positive integer"),
])
def test_fit_rejects_bad_data_and_settings(make_mlp, kwargs, error, message):
    arguments = {"X": np.zeros((10, 2), np.float32), "y": np.zeros(10, np.int64), "epochs": 1, "batch_size": 4}
    arguments.update(kwargs)
    X, y = arguments.pop("X"), arguments.pop("y")
    with pytest.raises(error, match=message):
        fit(make_mlp([2, 2]), X, y, loss=CrossEntropy(), optimizer=SGD(0.1), progress=False, **arguments)
