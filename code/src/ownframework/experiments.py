"""The MNIST lab's questions, answered by training networks and measuring.

- How much do a second and a third layer help? (784-10, 784-128-10, 784-128-64-10)
- ReLU, tanh or sigmoid in the hidden layers?
- How does the largest absolute weight of each layer change from epoch to epoch?

``run_experiments`` trains every configuration with the same data, seed and
optimizer, and returns one ``Result`` per run; ``ownframework experiments``
writes them as a CSV and a Markdown table, with plots.
"""

from __future__ import annotations

import csv
import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import DTypeLike

from ownframework.activations import Softmax, activation
from ownframework.data.augment import augment
from ownframework.layers import Linear
from ownframework.losses import CrossEntropy
from ownframework.metrics import accuracy
from ownframework.network import Net, evaluating
from ownframework.optimizers import optimizer
from ownframework.schedules import CosineLR, StepLR
from ownframework.training import History, fit

__all__ = [
    "SCHEDULES",
    "Data",
    "Result",
    "RunConfig",
    "make_schedule",
    "mlp",
    "results_markdown",
    "run_experiments",
    "train",
    "unique_runs",
    "write_results_csv",
]

SCHEDULES = ("none", "step", "cosine")


def mlp(
    sizes: Sequence[int],
    *,
    activation_name: str = "relu",
    init: str = "xavier",
    seed: int = 0,
    dtype: DTypeLike = np.float32,
) -> Net:
    """A multi-layer perceptron for classification, e.g. sizes = [784, 128, 64, 10].

    Linear layers with ``activation_name`` between them and softmax at the end;
    layer i is initialised with seed ``seed + i`` so runs repeat exactly.
    """
    if len(sizes) < 2:
        raise ValueError(f"an MLP needs at least input and output sizes, got {list(sizes)}")
    net = Net()
    n_linear = len(sizes) - 1
    for i, (n_in, n_out) in enumerate(itertools.pairwise(sizes)):
        net.add(Linear(n_in, n_out, init=init, seed=seed + i, dtype=dtype))
        if i < n_linear - 1:
            net.add(activation(activation_name))
    return net.add(Softmax())


def make_schedule(name: str, lr: float, epochs: int) -> Callable[[int], float] | None:
    """"none", "step" (x0.1 after each third of the epochs) or "cosine" (down to 0)."""
    if name == "none":
        return None
    if name == "step":
        return StepLR(lr, step_size=max(1, epochs // 3), gamma=0.1)
    if name == "cosine":
        return CosineLR(lr, epochs=epochs)
    raise ValueError(f"unknown schedule {name!r}; choose one of {', '.join(SCHEDULES)}")


@dataclass(frozen=True)
class Data:
    """Train, validation and test sets: X (n, 784) float, y (n,) int64."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


@dataclass(frozen=True)
class RunConfig:
    """One training run; the defaults are the student project's configuration."""

    hidden: tuple[int, ...] = (128, 64)
    activation: str = "relu"
    init: str = "xavier"
    optimizer: str = "sgd"
    lr: float = 0.01
    schedule: str = "none"
    batch_size: int = 64
    epochs: int = 15
    seed: int = 0
    augment: bool = False

    def sizes(self, n_inputs: int = 784, n_classes: int = 10) -> list[int]:
        return [n_inputs, *self.hidden, n_classes]

    def describe(self) -> str:
        return "-".join(str(s) for s in self.sizes()) + f" {self.activation}"


def train(
    config: RunConfig, data: Data, *, dtype: DTypeLike = np.float32, progress: bool = False
) -> tuple[Net, History]:
    """Build the network that ``config`` describes and train it on ``data``.

    With ``config.augment`` every epoch trains on new randomly shifted and rotated
    copies of the training images (seeded, so a run repeats exactly).
    """
    net = mlp(config.sizes(), activation_name=config.activation, init=config.init, seed=config.seed, dtype=dtype)
    history = fit(
        net, data.X_train, data.y_train, loss=CrossEntropy(), optimizer=optimizer(config.optimizer, config.lr),
        epochs=config.epochs, batch_size=config.batch_size, X_val=data.X_val, y_val=data.y_val,
        schedule=make_schedule(config.schedule, config.lr, config.epochs),
        transform=_augmentation(config.seed) if config.augment else None, seed=config.seed, progress=progress,
    )
    return net, history


def _augmentation(seed: int) -> Callable[[np.ndarray, int], np.ndarray]:
    """fit's transform: new shifted and rotated images in every epoch, the same ones for the same seed."""
    return lambda X, epoch: augment(X, seed=seed + epoch)


@dataclass
class Result:
    """What one run measured; the lists hold one value per epoch."""

    question: str
    name: str
    config: RunConfig
    n_parameters: int
    history: History
    test_acc: float
    seconds: float
    notes: dict[str, str] = field(default_factory=dict)


# The lab's questions: (question, name, changes to the base configuration).
PLAN: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("depth", "1 layer: 784-10", {"hidden": ()}),
    ("depth", "2 layers: 784-128-10", {"hidden": (128,)}),
    ("depth", "3 layers: 784-128-64-10", {"hidden": (128, 64)}),
    ("activation", "ReLU", {"activation": "relu"}),
    ("activation", "tanh", {"activation": "tanh"}),
    ("activation", "sigmoid", {"activation": "sigmoid"}),
)


def run_experiments(
    data: Data,
    base: RunConfig = RunConfig(),
    *,
    dtype: DTypeLike = np.float32,
    log: Callable[[str], None] = print,
) -> list[Result]:
    """Train every configuration of ``PLAN`` (changes to ``base``) and measure it.

    A run whose configuration equals an earlier one (ReLU with 784-128-64-10
    answers both questions) is trained once and reported under both.
    """
    results: list[Result] = []
    done: dict[RunConfig, Result] = {}
    for question, name, changes in PLAN:
        config = RunConfig(**{**base.__dict__, **changes})
        if config in done:
            earlier = done[config]
            results.append(Result(question, name, config, earlier.n_parameters, earlier.history,
                                  earlier.test_acc, earlier.seconds))
            log(f"{question:10s} {name:26s} same run as {earlier.name!r}")
            continue
        start = time.perf_counter()
        net, history = train(config, data, dtype=dtype)
        seconds = time.perf_counter() - start
        with evaluating(net):
            test_acc = float(accuracy(net.forward(data.X_test.astype(dtype)), data.y_test))
        result = Result(question, name, config, net.n_params, history, test_acc, seconds)
        results.append(result)
        done[config] = result
        log(f"{question:10s} {name:26s} validation {history.val_acc[-1]:.2%}  test {test_acc:.2%}  ({seconds:.0f} s)")
    return results


COLUMNS = (
    "question", "run", "parameters", "epochs", "train_loss", "train_acc", "val_loss", "val_acc",
    "test_acc", "max_abs_weight_first_epoch", "max_abs_weight_last_epoch", "seconds",
)


def _row(result: Result) -> dict[str, str]:
    h = result.history
    largest = _largest_per_epoch(h)
    return {
        "question": result.question,
        "run": result.name,
        "parameters": str(result.n_parameters),
        "epochs": str(len(h.train_loss)),
        "train_loss": f"{h.train_loss[-1]:.4f}",
        "train_acc": f"{h.train_acc[-1]:.4f}",
        "val_loss": f"{h.val_loss[-1]:.4f}",
        "val_acc": f"{h.val_acc[-1]:.4f}",
        "test_acc": f"{result.test_acc:.4f}",
        "max_abs_weight_first_epoch": f"{largest[0]:.4f}",
        "max_abs_weight_last_epoch": f"{largest[-1]:.4f}",
        "seconds": f"{result.seconds:.1f}",
    }


def write_results_csv(results: Sequence[Result], path: Path) -> None:
    """One row per run with the final numbers (see ``COLUMNS``)."""
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(_row(r) for r in results)


def unique_runs(results: Sequence[Result]) -> list[Result]:
    """Each trained network once, under the first name it got (3 layers, not ReLU)."""
    first: dict[int, Result] = {}
    for r in results:
        first.setdefault(id(r.history), r)
    return list(first.values())


def _largest_per_epoch(history: History) -> list[float]:
    """The largest |w| over all layers after each epoch."""
    return [max(per_layer) for per_layer in zip(*history.max_abs_weight.values(), strict=True)]


def results_markdown(results: Sequence[Result], base: RunConfig, n_train: int, dataset_title: str = "MNIST") -> str:
    """The results as Markdown tables with one sentence per question, from the measured numbers."""
    lines = [
        f"# {dataset_title} lab experiments",
        "",
        f"Every run: optimizer {base.optimizer} (lr {base.lr}, schedule {base.schedule}), batch {base.batch_size}, "
        f"{base.epochs} epochs, {base.init} initialisation, seed {base.seed}, {n_train:,} training images.",
    ]
    headings = {"depth": "One, two or three layers (ReLU)", "activation": "Hidden activation (784-128-64-10)"}
    header = "| run | parameters | train acc | validation acc | test acc | max abs(w), epoch 1 | last epoch | seconds |"
    for question, heading in headings.items():
        runs = [r for r in results if r.question == question]
        if not runs:
            continue
        lines += ["", f"## {heading}", "", header, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for r in runs:
            h, row = r.history, _row(r)
            lines.append(
                f"| {r.name} | {r.n_parameters:,} | {h.train_acc[-1]:.2%} | {h.val_acc[-1]:.2%} | {r.test_acc:.2%} "
                f"| {row['max_abs_weight_first_epoch']} | {row['max_abs_weight_last_epoch']} | {r.seconds:.0f} |"
            )
        best = max(runs, key=lambda r: r.history.val_acc[-1])
        worst = min(runs, key=lambda r: r.history.val_acc[-1])
        lines += [
            "",
            f"Best on the validation set: **{best.name}** ({best.history.val_acc[-1]:.2%}); "
            f"weakest: {worst.name} ({worst.history.val_acc[-1]:.2%}).",
        ]

    unique = unique_runs(results)
    epochs = len(unique[0].history.train_loss) if unique else 0
    lines += [
        "", "## Largest absolute weight per epoch", "",
        "The largest |w| over all layers after each epoch; `max_weights.png` plots the same numbers.", "",
        "| run | " + " | ".join(str(e) for e in range(1, epochs + 1)) + " |",
        "| --- |" + " ---: |" * epochs,
    ]
    for r in unique:
        lines.append(f"| {r.name} | " + " | ".join(f"{v:.3f}" for v in _largest_per_epoch(r.history)) + " |")
    return "\n".join(lines) + "\n"
