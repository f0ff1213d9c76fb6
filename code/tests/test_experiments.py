"""The lab's experiment runner: network construction, optimizers, schedules, runs and tables."""

import csv

import numpy as np
import pytest

from ownframework.activations import ReLU, Sigmoid, Softmax, Tanh
from ownframework.experiments import (
    PLAN,
    Data,
    RunConfig,
    make_schedule,
    mlp,
    results_markdown,
    run_experiments,
    train,
    write_results_csv,
)
from ownframework.layers import Linear
from ownframework.metrics import accuracy


def bars(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """784-pixel images whose class k lights up rows 2k+4..2k+5: separable, but noisy."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 10
    X = rng.random((n, 28, 28), dtype=np.float32) * 0.3
    for k in range(10):
        X[y == k, 2 * k + 4 : 2 * k + 6, 4:24] = 1.0
    return X.reshape(n, 784), y.astype(np.int64)


@pytest.fixture(scope="module")
def data() -> Data:
    X, y = bars(400, 0)
    X_test, y_test = bars(100, 1)
    return Data(X[:300], y[:300], X[300:], y[300:], X_test, y_test)


def test_mlp_builds_linear_layers_with_activations_between_and_softmax_last():
    net = mlp([784, 128, 64, 10], activation_name="tanh", init="he", seed=5)
    kinds = [type(layer) for layer in net.layers]
    assert kinds == [Linear, Tanh, Linear, Tanh, Linear, Softmax]
    assert [layer.params["W"].shape for layer in net.layers if "W" in layer.params] == [(784, 128), (128, 64), (64, 10)]
    same = mlp([784, 128, 64, 10], activation_name="tanh", init="he", seed=5)
    np.testing.assert_array_equal(net.layers[0].params["W"], same.layers[0].params["W"])
    assert [type(layer) for layer in mlp([784, 10]).layers] == [Linear, Softmax]
    assert type(mlp([4, 3, 2], activation_name="sigmoid").layers[1]) is Sigmoid
    assert type(mlp([4, 3, 2]).layers[1]) is ReLU
    assert mlp([4, 3], dtype=np.float64).layers[0].params["W"].dtype == np.float64
    with pytest.raises(ValueError, match="at least input and output"):
        mlp([784])


def test_train_builds_the_optimizer_named_in_the_config(data):
    with pytest.raises(ValueError, match="unknown optimizer 'rmsprop'; choose one of: sgd, momentum, adam"):
        train(RunConfig(hidden=(8,), optimizer="rmsprop", epochs=1), data)


def test_make_schedule_step_and_cosine():
    assert make_schedule("none", 0.1, 15) is None
    step = make_schedule("step", 0.1, 15)
    assert [round(step(e), 6) for e in (0, 4, 5, 10)] == [0.1, 0.1, 0.01, 0.001]
    cosine = make_schedule("cosine", 0.1, 10)
    assert cosine(0) == pytest.approx(0.1) and cosine(9) < 0.01
    with pytest.raises(ValueError, match="unknown schedule"):
        make_schedule("linear", 0.1, 5)


def test_train_learns_the_bars_and_records_every_epoch(data):
    config = RunConfig(hidden=(32,), optimizer="momentum", lr=0.05, epochs=3, batch_size=32)
    net, history = train(config, data)
    assert history.epoch == [1, 2, 3]
    assert history.val_acc[-1] > 0.9
    assert accuracy(net.eval().forward(data.X_test), data.y_test) > 0.9
    assert set(history.max_abs_weight) == {"1", "2"}


def test_train_with_augmentation_runs_every_epoch_on_new_images(data):
    config = RunConfig(hidden=(32,), optimizer="adam", lr=0.003, epochs=4, batch_size=32, schedule="cosine",
                       augment=True, seed=1)
    _, history = train(config, data)
    assert history.epoch == [1, 2, 3, 4]
    schedule = make_schedule("cosine", 0.003, 4)
    np.testing.assert_allclose(history.lr, [schedule(e) for e in range(4)])
    assert all(len(values) == 4 for values in history.max_abs_weight.values())
    _, again = train(config, data)
    assert again.train_loss == history.train_loss  # seeded: the same shifts and rotations
    plain = train(RunConfig(**{**config.__dict__, "augment": False}), data)[1]
    assert plain.train_loss != history.train_loss


BASE = RunConfig(optimizer="momentum", lr=0.05, epochs=2, batch_size=32)


@pytest.fixture(scope="module")
def experiment(data):
    messages: list[str] = []
    return run_experiments(data, BASE, log=messages.append), messages


def test_run_experiments_answers_every_question_and_trains_shared_runs_once(experiment):
    results, messages = experiment
    assert [(r.question, r.name) for r in results] == [(q, n) for q, n, _ in PLAN]
    assert [r.config.hidden for r in results[:3]] == [(), (128,), (128, 64)]
    assert [r.config.activation for r in results[3:]] == ["relu", "tanh", "sigmoid"]
    assert results[3].history is results[2].history  # 784-128-64-10 ReLU answers both questions
    assert sum("same run as" in m for m in messages) == 1
    assert [r.n_parameters for r in results[:3]] == [7850, 101_770, 109_386]
    for r in results:
        assert 0 <= r.test_acc <= 1 and len(r.history.train_loss) == 2


def test_tables_hold_the_measured_numbers(experiment, tmp_path):
    results, _ = experiment
    write_results_csv(results, tmp_path / "results.csv")
    with open(tmp_path / "results.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 6
    for row, result in zip(rows, results, strict=True):
        assert float(row["val_acc"]) == pytest.approx(result.history.val_acc[-1], abs=1e-4)
        assert float(row["test_acc"]) == pytest.approx(result.test_acc, abs=1e-4)
        largest_last = max(values[-1] for values in result.history.max_abs_weight.values())
        assert float(row["max_abs_weight_last_epoch"]) == pytest.approx(largest_last, abs=1e-4)

    markdown = results_markdown(results, BASE, n_train=300)
    assert markdown.startswith("# MNIST lab experiments\n")
    assert "300 training images" in markdown and "2 epochs" in markdown
    assert results_markdown(results, BASE, 300, "Fashion-MNIST").startswith("# Fashion-MNIST lab experiments\n")
    sigmoid = results[5]
    assert f"| sigmoid | 109,386 | {sigmoid.history.train_acc[-1]:.2%} | {sigmoid.history.val_acc[-1]:.2%}" in markdown
    best = max(results[:3], key=lambda r: r.history.val_acc[-1])
    assert f"Best on the validation set: **{best.name}**" in markdown
    assert markdown.count("| 3 layers: 784-128-64-10 |") == 2  # depth table + weight table, not again as ReLU
