"""Check that ownframework is installed and learns - in a minute, without MNIST.

Run it in the virtual environment where you installed requirements.txt:

    python smoke_test.py

It trains a small network on made-up 2-D points (three clusters), checks that
the loss falls and the accuracy is high, saves the trained network, loads it
back and compares the predictions, and draws one plot if matplotlib is
installed. It prints "OK" at the end, or says what went wrong and exits with
status 1.
"""

from __future__ import annotations

import sys
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np


def three_clusters(per_class: int = 100, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points around three centres; X: (300, 2) float32, y: (300,) labels 0, 1, 2."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 2.0], [-1.7, -1.0], [1.7, -1.0]])
    X = np.concatenate([c + 0.5 * rng.standard_normal((per_class, 2)) for c in centres])
    y = np.repeat(np.arange(3), per_class)
    order = rng.permutation(len(y))
    return X[order].astype(np.float32), y[order]


def check(condition: bool, message: str) -> None:
    if not condition:
        print(f"FAILED: {message}")
        sys.exit(1)
    print(f"  ok  {message}")


def main() -> None:
    try:
        print(f"ownframework {version('ownframework')}, numpy {np.__version__}")
    except PackageNotFoundError:
        check(False, "ownframework is installed (run: python -m pip install -r requirements.txt)")

    from ownframework.activations import ReLU, Softmax
    from ownframework.layers import Linear
    from ownframework.losses import CrossEntropy
    from ownframework.metrics import accuracy
    from ownframework.network import Net
    from ownframework.serialization import load, save
    from ownframework.training import train_epoch

    X, y = three_clusters()
    net = Net().add(Linear(2, 16, seed=0)).add(ReLU()).add(Linear(16, 3, seed=1)).add(Softmax())
    loss = CrossEntropy()
    losses = [train_epoch(net, X, y, loss, batch_size=32, lr=0.1) for _ in range(30)]
    check(all(np.isfinite(losses)), "every training loss is a finite number")
    check(losses[-1] < 0.5 * losses[0], f"the loss falls ({losses[0]:.3f} -> {losses[-1]:.3f})")

    net.eval()
    probs = net.forward(X)
    acc = float(accuracy(y, probs.argmax(axis=1)))
    check(acc >= 0.95, f"training accuracy {acc:.1%} is at least 95%")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "net.npz"
        save(net, path)
        again = load(path)
        again.eval()
        check(np.allclose(again.forward(X), probs, atol=1e-6), "a saved and loaded network predicts the same")

    try:
        import matplotlib

        matplotlib.use("Agg")  # no window needed
    except ImportError:
        print("  --  matplotlib is not installed: plots skipped")
    else:
        from ownframework import plots

        figure = plots.decision_boundary(net, X, y)
        check(figure.axes != [], "ownframework.plots draws a decision boundary")

    print("OK")


if __name__ == "__main__":
    main()
