"""Command line: ``ownframework mnist`` trains one network, ``ownframework experiments`` runs the lab,
``ownframework predict`` classifies your own pictures with a saved network.

``ownframework mnist`` with no options trains the student project's network
(784-128-64-10, ReLU, softmax, cross-entropy, Xavier, SGD lr 0.01, batch 64,
15 epochs, 50,000 / 10,000 / 10,000 images) and writes into ``--out``:
training_history.csv, model.npz, metrics.json, training_curves.png,
confusion_matrix.png, first_layer_weights.png and sample_predictions.png.
``--dataset fashion-mnist`` trains on Fashion-MNIST instead; ``--skip-checksum``
loads any other folder of MNIST-format IDX files (the format is still checked).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ownframework.activations import ACTIVATIONS
from ownframework.checks import positive_int
from ownframework.data.datasets import DATASETS, dataset
from ownframework.data.mnist import UncheckedDataWarning, load_dataset, split_validation
from ownframework.errors import OwnFrameworkError
from ownframework.experiments import (
    SCHEDULES,
    Data,
    RunConfig,
    results_markdown,
    run_experiments,
    train,
    unique_runs,
    write_results_csv,
)
from ownframework.layers import INITS
from ownframework.metrics import accuracy, classification_report, confusion_matrix
from ownframework.network import evaluating
from ownframework.optimizers import OPTIMIZERS
from ownframework.predict import check_model, top_guesses
from ownframework.serialization import load, save

__all__ = ["main"]

DTYPES = {"float32": np.float32, "float64": np.float64}


class CommandError(Exception):
    """A problem the user can fix; printed as one line, no traceback."""


def _positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    try:
        return positive_int("the value", value)
    except ValueError as err:  # argparse shows only ArgumentTypeError messages
        raise argparse.ArgumentTypeError(str(err)) from None


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or not np.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def _add_common(parser: argparse.ArgumentParser, *, epochs: int, out: str) -> None:
    parser.add_argument("--activation", choices=tuple(ACTIVATIONS), default="relu",
                        help="hidden-layer activation (default: relu)")
    parser.add_argument("--optimizer", choices=tuple(OPTIMIZERS), default="sgd",
                        help="sgd, momentum (SGD with momentum 0.9) or adam (default: sgd)")
    parser.add_argument("--lr", type=_positive_float, default=None,
                        help="learning rate (default: 0.01; 0.001 with adam)")
    parser.add_argument("--schedule", choices=SCHEDULES, default="none",
                        help="learning-rate schedule: none, step (x0.1 every third of the epochs) or cosine")
    parser.add_argument("--init", choices=INITS, default="xavier",
                        help="weight initialisation (default: xavier)")
    parser.add_argument("--batch-size", type=_positive_int, default=64, help="minibatch size (default: 64)")
    parser.add_argument("--epochs", type=_positive_int, default=epochs, help=f"epochs (default: {epochs})")
    parser.add_argument("--seed", type=int, default=0, help="seed for initialisation and shuffling (default: 0)")
    parser.add_argument("--augment", action="store_true",
                        help="train on randomly shifted and rotated copies of the images")
    parser.add_argument("--dtype", choices=tuple(DTYPES), default="float32", help="floating-point type")
    parser.add_argument("--dataset", choices=tuple(DATASETS), default="mnist",
                        help="the data set: mnist (handwritten digits) or fashion-mnist (clothes, shoes, bags); "
                        "default: mnist")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="folder with the four IDX files (default: $OWNFRAMEWORK_MNIST_DIR or "
                        "$OWNFRAMEWORK_FASHION_MNIST_DIR, else ~/.cache/ownframework/<dataset>, downloaded once)")
    parser.add_argument("--skip-checksum", action="store_true",
                        help="load IDX files of another data set (KMNIST, your own): their format is checked, "
                        "their bytes are not compared with a known data set's checksums")
    parser.add_argument("--no-download", action="store_true", help="never download the data set")
    parser.add_argument("--train-size", type=_positive_int, default=None,
                        help="use only the first N training images (default: all 50,000)")
    parser.add_argument("--val-size", type=_positive_int, default=10_000,
                        help="images kept apart for validation (default: 10,000)")
    parser.add_argument("--out", type=Path, default=Path(out), help=f"output folder (default: {out})")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ownframework",
        description="Train multi-layer perceptrons on MNIST with the ownframework NumPy package.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="{mnist,experiments,predict}")

    mnist = commands.add_parser(
        "mnist", help="train one network and save history, model, metrics and pictures",
        description="Train one MLP on MNIST. The defaults are the student project's configuration.",
    )
    mnist.add_argument("--hidden", type=_positive_int, nargs="*", default=[128, 64], metavar="N",
                       help="hidden layer sizes (default: 128 64; none for a one-layer perceptron)")
    _add_common(mnist, epochs=15, out="runs/mnist")
    mnist.add_argument("--quiet", action="store_true", help="no progress output while training")
    mnist.add_argument("--no-plots", action="store_true", help="skip the four pictures")

    experiments = commands.add_parser(
        "experiments", help="1-, 2-, 3-layer perceptrons; ReLU vs tanh vs sigmoid; max |w| per epoch",
        description="Run the lab's experiments and write results.csv, results.md and plots.",
    )
    _add_common(experiments, epochs=15, out="runs/experiments")
    experiments.add_argument("--no-plots", action="store_true", help="skip the plots")

    predict = commands.add_parser(
        "predict", help="classify your own pictures (PNG, JPEG) with a saved model",
        description="Classify pictures of single digits with a model saved by `ownframework mnist` "
        "(model.npz). Each picture, of any size, dark on light or light on dark, is made MNIST-style: "
        "grey, the digit scaled into a 20x20 box and centred by its mass in 28x28 pixels.",
    )
    predict.add_argument("model", type=Path, help="model file written by ownframework mnist (model.npz)")
    predict.add_argument("images", type=Path, nargs="+", metavar="IMAGE", help="picture files")
    predict.add_argument("--top", type=_positive_int, default=3, help="how many guesses to show (default: 3)")
    predict.add_argument("--dataset", choices=tuple(DATASETS), default="mnist",
                         help="whose class names to print (default: mnist, the digits)")
    return parser


def _prepare_output(folder: Path) -> Path:
    """Create the output folder and prove we can write there, before any training."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as err:
        raise CommandError(f"cannot write to the output folder {folder}: {err.strerror or err}") from None
    return folder


def _load(args: argparse.Namespace) -> Data:
    with warnings.catch_warnings(record=True, category=UncheckedDataWarning) as unchecked:
        mnist = load_dataset(args.dataset, args.data_dir, download=not args.no_download,
                             verify=not args.skip_checksum)
    for warning in unchecked:  # what --skip-checksum found, said once and plainly
        print(f"note: {warning.message}", file=sys.stderr)
    if args.val_size >= len(mnist.X_train):
        raise CommandError(f"--val-size {args.val_size} leaves no training images (the set has {len(mnist.X_train)})")
    X_train, y_train, X_val, y_val = split_validation(mnist.X_train, mnist.y_train, n_val=args.val_size)
    if args.train_size is not None:
        X_train, y_train = X_train[: args.train_size], y_train[: args.train_size]
    dtype = DTYPES[args.dtype]
    return Data(X_train.astype(dtype, copy=False), y_train, X_val.astype(dtype, copy=False), y_val,
                mnist.X_test.astype(dtype, copy=False), mnist.y_test)


def _config(args: argparse.Namespace, hidden: Sequence[int]) -> RunConfig:
    lr = args.lr if args.lr is not None else (0.001 if args.optimizer == "adam" else 0.01)
    return RunConfig(
        hidden=tuple(hidden), activation=args.activation, init=args.init, optimizer=args.optimizer, lr=lr,
        schedule=args.schedule, batch_size=args.batch_size, epochs=args.epochs, seed=args.seed,
        augment=args.augment,
    )


def _plots_module() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only, no window
        from ownframework import plots
    except ImportError:
        print("matplotlib is not installed, so no pictures: pip install 'ownframework[plots]'", file=sys.stderr)
        return None
    return plots


def _save_figure(fig: Any, path: Path) -> None:
    import matplotlib.pyplot as plt

    fig.savefig(path, dpi=110)
    plt.close(fig)


def run_mnist(args: argparse.Namespace) -> int:
    out = _prepare_output(args.out)
    data = _load(args)
    config = _config(args, args.hidden)
    print(f"training {config.describe()} on {len(data.X_train):,} images, validating on {len(data.X_val):,}")
    net, history = train(config, data, dtype=DTYPES[args.dtype], progress=not args.quiet)

    with evaluating(net):
        probs = net.forward(data.X_test)
    predicted = probs.argmax(axis=1)
    test_acc = float(accuracy(probs, data.y_test))
    cm = confusion_matrix(data.y_test, predicted, n_classes=10)
    names = list(dataset(args.dataset).class_names)
    report = classification_report(data.y_test, predicted, class_names=names)

    history.to_csv(out / "training_history.csv")
    save(net, out / "model.npz")
    metrics = {
        "config": {**config.__dict__, "hidden": list(config.hidden), "dtype": args.dtype, "dataset": args.dataset,
                   "train_size": len(data.X_train), "val_size": len(data.X_val), "test_size": len(data.X_test)},
        "test_accuracy": test_acc,
        "final_train_accuracy": history.train_acc[-1],
        "final_val_accuracy": history.val_acc[-1],
        "final_train_loss": history.train_loss[-1],
        "final_val_loss": history.val_loss[-1],
        "seconds_per_epoch": float(np.mean(history.seconds)),
        "confusion_matrix": cm.tolist(),
    }
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")

    plots = None if args.no_plots else _plots_module()
    if plots is not None:
        _save_figure(plots.training_curves(history), out / "training_curves.png")
        digits = args.dataset == "mnist"
        class_names = None if digits else plots.class_names(args.dataset)
        _save_figure(plots.confusion_matrix(cm, class_names=class_names), out / "confusion_matrix.png")
        _save_figure(plots.first_layer_weights(net), out / "first_layer_weights.png")
        _save_figure(plots.sample_predictions(data.X_test, data.y_test, probs, class_names=class_names),
                     out / "sample_predictions.png")

    print(report)
    print(f"test accuracy {test_acc:.2%}; results in {out}")
    return 0


def run_experiments_command(args: argparse.Namespace) -> int:
    out = _prepare_output(args.out)
    data = _load(args)
    base = _config(args, (128, 64))
    print(f"{len(data.X_train):,} training images, {args.epochs} epochs per run")
    results = run_experiments(data, base, dtype=DTYPES[args.dtype])
    write_results_csv(results, out / "results.csv")
    markdown = results_markdown(results, base, len(data.X_train), dataset(args.dataset).title)
    (out / "results.md").write_text(markdown, encoding="utf-8")

    plots = None if args.no_plots else _plots_module()
    if plots is not None:
        for question, title in (("depth", "depth_title"), ("activation", "activation_title")):
            histories = {r.name: r.history for r in results if r.question == question}
            _save_figure(plots.compare_histories(histories, metric="val_acc", title=title),
                         out / f"{question}_val_accuracy.png")
        # A run that answers both questions (3 layers with ReLU) is drawn once.
        unique = {r.name: r.history for r in unique_runs(results)}
        _save_figure(plots.max_weight_comparison(unique), out / "max_weights.png")
    print(markdown)
    return 0


def run_predict(args: argparse.Namespace) -> int:
    """Print the top guesses for each picture; a bad picture is reported and the others still run."""
    net = load(args.model)
    names = dataset(args.dataset).class_names
    check_model(net, names)  # once, before any picture
    failed = 0
    for picture in args.images:
        try:
            guesses = top_guesses(net, picture, names, k=min(args.top, len(names)))
        except OwnFrameworkError as err:
            if not isinstance(err, ValueError | FileNotFoundError):
                raise  # not about this picture (Pillow missing, ...): stop
            print(f"ownframework predict: error: {err}", file=sys.stderr)
            failed += 1
            continue
        print(f"{picture}: " + "   ".join(f"{g.name} {g.probability:6.2%}" for g in guesses), flush=True)
    return 1 if failed else 0


COMMANDS = {"mnist": run_mnist, "experiments": run_experiments_command, "predict": run_predict}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ownframework`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    command = COMMANDS[args.command]
    try:
        # A diverging run ends with a TrainingDiverged message; NumPy's overflow warnings
        # on the way there would only bury it.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            return command(args)
    except CommandError as err:
        parser.exit(2, f"ownframework {args.command}: error: {err}\n")
    except OwnFrameworkError as err:  # bad data files, a diverging run, ...
        parser.exit(1, f"ownframework {args.command}: error: {err}\n")
    except KeyboardInterrupt:
        parser.exit(130, "\ninterrupted\n")


if __name__ == "__main__":
    sys.exit(main())

