"""The command line, end to end: synthetic IDX files always, a real MNIST subset when available."""

import csv
import gzip
import hashlib
import json
import os
import stat
import struct
import sys
from pathlib import Path

import numpy as np
import pytest

from ownframework import cli
from ownframework.data import mnist
from ownframework.metrics import accuracy
from ownframework.serialization import load

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PICTURES = ("training_curves.png", "confusion_matrix.png", "first_layer_weights.png", "sample_predictions.png")


def idx_bytes(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(np.uint8).tobytes()


def learnable_digits(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Noisy 28x28 images whose class k is a bright bar on rows 2k+4..2k+5: easy to learn."""
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 10
    images = rng.integers(0, 60, (n, 28, 28))
    for k in range(10):
        images[labels == k, 2 * k + 4 : 2 * k + 6, 4:24] = 250
    return images, labels


@pytest.fixture
def synthetic_mnist(tmp_path, monkeypatch):
    """A folder with four small IDX files (300 train, 100 test), accepted as MNIST by the loader."""
    folder = tmp_path / "mnist"
    folder.mkdir()
    train_images, train_labels = learnable_digits(300, seed=0)
    test_images, test_labels = learnable_digits(100, seed=1)
    files = {
        "train-images-idx3-ubyte": idx_bytes(train_images),
        "train-labels-idx1-ubyte": idx_bytes(train_labels),
        "t10k-images-idx3-ubyte": idx_bytes(test_images),
        "t10k-labels-idx1-ubyte": idx_bytes(test_labels),
    }
    for name, data in files.items():
        (folder / f"{name}.gz").write_bytes(gzip.compress(data))
        monkeypatch.setitem(mnist.SHA256, name, hashlib.sha256(data).hexdigest())
    monkeypatch.delenv(mnist.ENV_VAR, raising=False)
    return folder


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        status = cli.main(argv)
    except SystemExit as exit:
        status = int(exit.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_mnist_command_writes_every_result_file(synthetic_mnist, tmp_path, capsys):
    out_dir = tmp_path / "run"
    argv = ["mnist", "--data-dir", str(synthetic_mnist), "--out", str(out_dir), "--val-size", "50",
            "--hidden", "32", "16", "--optimizer", "momentum", "--lr", "0.05", "--epochs", "3", "--quiet"]
    status, out, _ = run(argv, capsys)
    assert status == 0
    assert "precision" in out and "recall" in out  # the classification report

    with open(out_dir / "training_history.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [row["epoch"] for row in rows] == ["1", "2", "3"]
    assert {"train_loss", "train_acc", "val_loss", "val_acc", "seconds"} <= set(rows[0])
    assert any(name.startswith("max_abs_w_") for name in rows[0])

    metrics = json.loads((out_dir / "metrics.json").read_text())
    assert metrics["config"]["hidden"] == [32, 16] and metrics["config"]["train_size"] == 250
    assert metrics["test_accuracy"] > 0.9  # the bars are easy to tell apart
    cm = np.array(metrics["confusion_matrix"])
    assert cm.shape == (10, 10) and cm.sum() == 100

    net = load(out_dir / "model.npz")
    data = mnist.load_mnist(synthetic_mnist)
    net.eval()
    assert accuracy(net.forward(data.X_test), data.y_test) == pytest.approx(metrics["test_accuracy"])
    assert f"{metrics['test_accuracy']:.2%}" in out

    probe = out_dir / "any-new-file"
    probe.write_bytes(b"")  # gets 0o666 less the umask, as every new file does
    assert stat.S_IMODE((out_dir / "model.npz").stat().st_mode) == stat.S_IMODE(probe.stat().st_mode)


def test_mnist_command_draws_the_pictures(synthetic_mnist, tmp_path, capsys):
    pytest.importorskip("matplotlib", reason="pictures need the optional matplotlib extra")
    out_dir = tmp_path / "run"
    argv = ["mnist", "--data-dir", str(synthetic_mnist), "--out", str(out_dir), "--val-size", "50",
            "--hidden", "16", "--epochs", "1", "--quiet"]
    status, _, err = run(argv, capsys)
    assert status == 0, err
    for picture in PICTURES:
        assert (out_dir / picture).read_bytes()[:8] == PNG_MAGIC


def test_without_matplotlib_the_results_come_without_pictures(synthetic_mnist, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    out_dir = tmp_path / "run"
    argv = ["mnist", "--data-dir", str(synthetic_mnist), "--out", str(out_dir), "--val-size", "50",
            "--hidden", "16", "--epochs", "1", "--quiet"]
    status, _, err = run(argv, capsys)
    assert status == 0, err
    assert "matplotlib is not installed, so no pictures" in err
    assert (out_dir / "model.npz").is_file() and (out_dir / "metrics.json").is_file()
    assert not any((out_dir / picture).exists() for picture in PICTURES)


def test_mnist_command_with_every_option(synthetic_mnist, tmp_path, capsys):
    argv = ["mnist", "--data-dir", str(synthetic_mnist), "--out", str(tmp_path / "o"), "--val-size", "50",
            "--hidden", "20", "--activation", "tanh", "--optimizer", "adam", "--init", "he",
            "--schedule", "cosine", "--augment", "--dtype", "float64", "--batch-size", "32",
            "--epochs", "2", "--seed", "3", "--train-size", "200", "--quiet", "--no-plots"]
    status, _, err = run(argv, capsys)
    assert status == 0, err
    metrics = json.loads((tmp_path / "o" / "metrics.json").read_text())
    config = metrics["config"]
    assert (config["activation"], config["optimizer"], config["lr"]) == ("tanh", "adam", 0.001)
    assert (config["init"], config["schedule"], config["augment"], config["dtype"]) == ("he", "cosine", True, "float64")
    assert config["train_size"] == 200
    assert load(tmp_path / "o" / "model.npz").layers[0].params["W"].dtype == np.float64
    assert not any((tmp_path / "o" / picture).exists() for picture in PICTURES)


def test_the_defaults_are_the_student_configuration():
    args = cli.build_parser().parse_args(["mnist"])
    config = cli._config(args, args.hidden)
    assert config.sizes() == [784, 128, 64, 10]
    assert (config.activation, config.init, config.optimizer, config.lr) == ("relu", "xavier", "sgd", 0.01)
    assert (config.batch_size, config.epochs, config.schedule, config.augment) == (64, 15, "none", False)
    assert args.val_size == 10_000 and args.train_size is None and args.dtype == "float32"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["mnist", "--colour", "red"], "unrecognized arguments: --colour red"),
        (["mnist", "--activation", "swish"], "invalid choice: 'swish'"),
        (["mnist", "--optimizer", "rmsprop"], "invalid choice: 'rmsprop'"),
        (["mnist", "--lr", "-1"], "must be a positive number"),
        (["mnist", "--lr", "fast"], "not a number: 'fast'"),
        (["mnist", "--epochs", "0"], "must be a positive integer"),
        (["mnist", "--hidden", "128", "x"], "not a whole number: 'x'"),
        (["train"], "invalid choice: 'train'"),
        ([], "the following arguments are required"),
    ],
)
def test_bad_options_get_an_argparse_error(argv, message, capsys):
    status, _, err = run(argv, capsys)
    assert status == 2
    assert message in err and "usage: ownframework" in err


def test_an_unwritable_output_folder_fails_before_any_training(tmp_path, monkeypatch, capsys):
    def must_not_load(*args, **kwargs):
        raise AssertionError("data loaded although the output folder is unusable")

    monkeypatch.setattr(cli, "load_dataset", must_not_load)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    status, _, err = run(["mnist", "--out", str(blocker / "run")], capsys)
    assert status == 2
    assert f"cannot write to the output folder {blocker / 'run'}" in err


def test_missing_data_is_a_one_line_error_that_says_what_to_do(tmp_path, capsys):
    status, _, err = run(["mnist", "--data-dir", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")], capsys)
    assert status == 1
    assert "train-images-idx3-ubyte" in err and "OWNFRAMEWORK_MNIST_DIR" in err
    assert "Traceback" not in err


def test_a_diverging_run_is_reported_and_leaves_no_model(synthetic_mnist, tmp_path, capsys):
    out_dir = tmp_path / "o"
    argv = ["mnist", "--data-dir", str(synthetic_mnist), "--out", str(out_dir), "--val-size", "50",
            "--lr", "1e6", "--epochs", "2", "--quiet"]
    status, _, err = run(argv, capsys)
    assert status == 1
    assert "error" in err and ("NaN" in err or "diverged" in err)
    assert not (out_dir / "model.npz").exists()


def test_experiments_command_writes_tables_and_plots(synthetic_mnist, tmp_path, capsys):
    out_dir = tmp_path / "exp"
    argv = ["experiments", "--data-dir", str(synthetic_mnist), "--out", str(out_dir), "--val-size", "50",
            "--epochs", "2", "--optimizer", "momentum", "--lr", "0.05", "--no-plots"]
    status, out, err = run(argv, capsys)
    assert status == 0, err
    with open(out_dir / "results.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["question"], r["run"]) for r in rows] == [
        ("depth", "1 layer: 784-10"),
        ("depth", "2 layers: 784-128-10"),
        ("depth", "3 layers: 784-128-64-10"),
        ("activation", "ReLU"),
        ("activation", "tanh"),
        ("activation", "sigmoid"),
    ]
    assert [int(r["parameters"]) for r in rows[:3]] == [7850, 101770, 109386]
    assert rows[2]["val_acc"] == rows[3]["val_acc"]  # the same run answers both questions
    markdown = (out_dir / "results.md").read_text()
    assert "| 3 layers: 784-128-64-10 | 109,386 |" in markdown and "Best on the validation set" in markdown
    assert "One, two or three layers" in out
    assert not any(out_dir.glob("*.png"))


def test_experiments_command_draws_the_plots(synthetic_mnist, tmp_path, capsys):
    pytest.importorskip("matplotlib", reason="plots need the optional matplotlib extra")
    out_dir = tmp_path / "exp"
    argv = ["experiments", "--data-dir", str(synthetic_mnist), "--out", str(out_dir), "--val-size", "50",
            "--epochs", "1", "--train-size", "100"]
    status, _, err = run(argv, capsys)
    assert status == 0, err
    for picture in ("depth_val_accuracy.png", "activation_val_accuracy.png", "max_weights.png"):
        assert (out_dir / picture).read_bytes()[:8] == PNG_MAGIC


@pytest.mark.skipif(not os.environ.get(mnist.ENV_VAR), reason=f"set {mnist.ENV_VAR} to the real MNIST folder")
def test_mnist_command_on_a_real_subset(tmp_path, capsys):
    out_dir = tmp_path / "real"
    argv = ["mnist", "--out", str(out_dir), "--train-size", "3000", "--epochs", "2", "--optimizer", "momentum",
            "--quiet", "--no-plots"]
    status, _, err = run(argv, capsys)
    assert status == 0, err
    metrics = json.loads((out_dir / "metrics.json").read_text())
    assert metrics["config"]["val_size"] == 10_000 and metrics["config"]["test_size"] == 10_000
    assert metrics["test_accuracy"] > 0.85
    assert Path(out_dir / "model.npz").stat().st_size > 400_000  # 109,386 float32 parameters


# --- other data sets ---------------------------------------------------------------------------


@pytest.fixture
def fashion_folder(synthetic_mnist, monkeypatch):
    """The synthetic files, taken for Fashion-MNIST's (and no longer for MNIST's)."""
    from ownframework.data.datasets import FASHION_MNIST

    for name, digest in list(mnist.SHA256.items()):
        monkeypatch.setitem(FASHION_MNIST.sha256, name, digest)
        monkeypatch.setitem(mnist.SHA256, name, "0" * 64)
    monkeypatch.delenv(FASHION_MNIST.env_var, raising=False)
    return synthetic_mnist


def test_mnist_command_on_fashion_mnist_names_the_classes(fashion_folder, tmp_path, capsys):
    out_dir = tmp_path / "fashion"
    argv = ["mnist", "--dataset", "fashion-mnist", "--data-dir", str(fashion_folder), "--out", str(out_dir),
            "--val-size", "50", "--hidden", "16", "--epochs", "1", "--quiet", "--no-plots"]
    status, out, err = run(argv, capsys)
    assert status == 0, err
    assert "T-shirt/top" in out and "Ankle boot" in out  # the classification report
    assert json.loads((out_dir / "metrics.json").read_text())["config"]["dataset"] == "fashion-mnist"


def test_fashion_mnist_files_given_as_mnist_say_which_option_to_use(fashion_folder, tmp_path, capsys):
    status, _, err = run(["mnist", "--data-dir", str(fashion_folder), "--out", str(tmp_path / "o")], capsys)
    assert status == 1 and "These are Fashion-MNIST files" in err and "--dataset fashion-mnist" in err


def test_skip_checksum_trains_on_any_idx_folder_and_says_what_it_found(fashion_folder, tmp_path, capsys):
    argv = ["mnist", "--skip-checksum", "--data-dir", str(fashion_folder), "--out", str(tmp_path / "own"),
            "--val-size", "50", "--hidden", "16", "--epochs", "1", "--quiet", "--no-plots"]
    status, _, err = run(argv, capsys)
    assert status == 0, err
    assert "note:" in err and "checksums skipped" in err and "300 training and 100 test images" in err


def test_the_fashion_pictures_use_the_class_names(fashion_folder, tmp_path, capsys, monkeypatch):
    pytest.importorskip("matplotlib", reason="pictures need the optional matplotlib extra")
    from ownframework import plots

    drawn = {}
    original = plots.confusion_matrix

    def spy(cm, *, class_names=None):
        drawn["names"] = class_names
        return original(cm, class_names=class_names)

    monkeypatch.setattr(plots, "confusion_matrix", spy)
    argv = ["mnist", "--dataset", "fashion-mnist", "--data-dir", str(fashion_folder), "--out", str(tmp_path / "p"),
            "--val-size", "50", "--hidden", "16", "--epochs", "1", "--quiet"]
    status, _, err = run(argv, capsys)
    assert status == 0, err
    assert drawn["names"][0] == "T-shirt/top" and (tmp_path / "p" / "confusion_matrix.png").is_file()
