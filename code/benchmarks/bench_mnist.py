"""Speed and accuracy of ownframework against PyTorch on MNIST, in one process.

    python benchmarks/bench_mnist.py            # the student configuration (seed project)
    python benchmarks/bench_mnist.py --best     # the best configuration of the same shape

Each run measures twice, in two new processes: first as a user's machine runs it
(OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, so OpenBLAS picks its kernel for
this processor), then with the pinning this machine sets, for comparison; a
summary compares the two (see blas_env.py). ``--blas user`` or ``--blas pinned``
runs one of them in this process (``user`` then needs the variables unset already).

Both frameworks train the same 784-128-64-10 network: PyTorch starts from a copy
of ownframework's initial weights, sees the same minibatches in the same order
(epoch e shuffles with seed + e, as ``fit(..., seed=seed + e)`` does), uses the
same optimizer, schedule and (with --best) the same augmented images. Epochs of
the two frameworks alternate, so both see the same machine load. An epoch is
timed as ``fit`` times it: training plus the validation pass.

Prints seconds per epoch for both, their ratio, test accuracy for both, the
achieved GFLOP/s and how far that is from the FLOP bound of this machine
(float32 matrix-multiply peak of NumPy, measured here). A third row times the
same epoch as a bare NumPy loop with no framework at all (no checks, no
classes, plain SGD): the floor that any NumPy framework's epoch stays above.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ownframework import optimizers
from ownframework.data.augment import augment
from ownframework.data.mnist import load_mnist, split_validation
from ownframework.experiments import RunConfig, make_schedule, mlp
from ownframework.losses import CrossEntropy
from ownframework.metrics import accuracy
from ownframework.network import Net
from ownframework.training import fit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from blas_env import blas_description, pinned_here, user_environment

SEED_CONFIG = RunConfig()  # 784-128-64-10, ReLU, Xavier, SGD lr 0.01, batch 64, 15 epochs
# Found by measurement (benchmarks/README.md): same shape, trained better.
BEST_CONFIG = RunConfig(init="he", optimizer="momentum", lr=0.05, schedule="cosine", augment=True)

SIZES = (784, 128, 64, 10)
# Multiply-adds of the three matrix products, 2 FLOP each.
FORWARD_FLOP = 2 * sum(a * b for a, b in itertools.pairwise(SIZES))  # 218,368
# Backward: weight gradients (same cost as forward) + input gradients of layers 2 and 3
# (the first layer's input gradient is not needed).
BACKWARD_FLOP = FORWARD_FLOP + 2 * sum(a * b for a, b in itertools.pairwise(SIZES[1:]))
TRAIN_FLOP_PER_SAMPLE = FORWARD_FLOP + BACKWARD_FLOP  # 454,400


@dataclass
class Run:
    name: str
    seconds: list[float] = field(default_factory=list)
    # CPU seconds of this process per epoch: with one thread, what the epoch would take
    # on an idle core, however busy the machine is (with more threads it adds them up).
    cpu_seconds: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    test_acc: float = float("nan")


def matmul_peak_gflops(n: int = 2048, repeats: int = 7) -> float:
    """Best float32 matrix-multiply speed of NumPy on this machine, in GFLOP/s."""
    rng = np.random.default_rng(0)
    a, b = rng.random((n, n), dtype=np.float32), rng.random((n, n), dtype=np.float32)
    a @ b  # warm up the BLAS threads
    best = min(_timed(lambda: a @ b) for _ in range(repeats))
    return 2 * n**3 / best / 1e9


def _timed(work: object) -> float:
    start = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - start


def constant_lr_noting_start(lr: float, noted: list[float]) -> Callable[[int], float]:
    """fit's schedule for a one-epoch call: always ``lr``, and it notes the CPU clock when called.

    fit calls the schedule right where it starts timing an epoch, after checking the whole
    data set, which a real run of many epochs does only once; so the CPU time counts from here.
    """

    def schedule(_epoch: int) -> float:
        noted.append(time.process_time())
        return lr

    return schedule


def torch_copy(net: Net) -> object:
    """A torch.nn.Sequential with the same layers and the same initial weights as ``net``."""
    import torch

    modules: list[torch.nn.Module] = []
    for layer in net.layers:
        name = type(layer).__name__
        if name == "Linear":
            linear = torch.nn.Linear(*layer.params["W"].shape)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(layer.params["W"].T.copy()))
                linear.bias.copy_(torch.from_numpy(layer.params["b"].copy()))
            modules.append(linear)
        elif name in ("ReLU", "Tanh", "Sigmoid"):
            modules.append(getattr(torch.nn, name)())
        # Softmax is left out: torch's cross_entropy takes logits and applies it itself.
    return torch.nn.Sequential(*modules)


def torch_optimizer(model: object, config: RunConfig) -> object:
    import torch

    params = model.parameters()  # type: ignore[attr-defined]
    if config.optimizer == "adam":
        return torch.optim.Adam(params, lr=config.lr)
    return torch.optim.SGD(params, lr=config.lr, momentum=0.9 if config.optimizer == "momentum" else 0.0)


def torch_epoch(model, optimizer, X, y, X_val, y_val, order, batch_size):  # type: ignore[no-untyped-def]
    """One epoch as fit runs it: minibatches in ``order``, then the validation set in batches of 1000."""
    import torch
    import torch.nn.functional as F  # noqa: N812

    model.train()
    correct = 0
    for start in range(0, len(order), batch_size):
        batch = torch.from_numpy(order[start : start + batch_size])
        logits = model(X[batch])
        loss = F.cross_entropy(logits, y[batch])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        correct += int((logits.argmax(dim=1) == y[batch]).sum())
    model.eval()
    with torch.no_grad():
        val_correct = sum(
            int((model(X_val[s : s + 1000]).argmax(dim=1) == y_val[s : s + 1000]).sum())
            for s in range(0, len(X_val), 1000)
        )
    return val_correct / len(X_val)


def bare_numpy_epoch(weights, biases, X, y, X_val, order, batch_size, lr):  # type: ignore[no-untyped-def]
    """The same epoch (plain SGD, ReLU, softmax + cross-entropy, validation forward) with
    nothing but NumPy calls: the least work a NumPy framework can do for it."""
    W1, W2, W3 = weights
    b1, b2, b3 = biases
    grads = [np.zeros_like(a) for a in (*weights, *biases)]
    gW1, gW2, gW3, gb1, gb2, gb3 = grads
    for start in range(0, len(order), batch_size):
        batch = order[start : start + batch_size]
        x, t = X[batch], y[batch]
        z1 = x @ W1 + b1
        a1 = np.maximum(z1, 0)
        z2 = a1 @ W2 + b2
        a2 = np.maximum(z2, 0)
        z3 = a2 @ W3 + b3
        e = np.exp(z3 - z3.max(axis=1, keepdims=True))
        g = e / e.sum(axis=1, keepdims=True)
        g[np.arange(len(t)), t] -= 1
        g /= len(t)
        np.matmul(a2.T, g, out=gW3)
        np.sum(g, axis=0, out=gb3)
        g = (g @ W3.T) * (z2 > 0)
        np.matmul(a1.T, g, out=gW2)
        np.sum(g, axis=0, out=gb2)
        g = (g @ W2.T) * (z1 > 0)
        np.matmul(x.T, g, out=gW1)
        np.sum(g, axis=0, out=gb1)
        for param, grad in zip((*weights, *biases), grads, strict=True):
            param -= lr * grad
    for start in range(0, len(X_val), 1000):
        a = np.maximum(X_val[start : start + 1000] @ W1 + b1, 0)
        a = np.maximum(a @ W2 + b2, 0)
        _ = a @ W3 + b3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--best", action="store_true", help="the best configuration instead of the seed one")
    parser.add_argument("--epochs", type=int, default=None, help="fewer epochs for a quick look")
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default: 2)")
    parser.add_argument("--no-torch", action="store_true", help="only ownframework")
    parser.add_argument("--data-dir", default=None, help="MNIST folder (default: $OWNFRAMEWORK_MNIST_DIR)")
    parser.add_argument("--blas", choices=("both", "user", "pinned"), default="both",
                        help="both (default): a user's machine's BLAS kernel, then this machine's pinned one, "
                        "each in a new process; user or pinned: one of them, in this process")
    parser.add_argument("--json", type=Path, default=None, help="also write the medians to this file")
    args = parser.parse_args()
    if args.blas == "both":
        return compare_blas_settings(sys.argv[1:])
    if args.blas == "user" and pinned_here():
        parser.error(f"--blas user needs {', '.join(pinned_here())} unset; run with --blas both")

    config = BEST_CONFIG if args.best else SEED_CONFIG
    if args.epochs:
        config = RunConfig(**{**config.__dict__, "epochs": args.epochs})
    mnist = load_mnist(args.data_dir)
    X_train, y_train, X_val, y_val = split_validation(mnist.X_train, mnist.y_train)

    torch = None
    if not args.no_torch:
        import torch

        torch.set_num_threads(args.threads)
        torch.manual_seed(0)

    net = mlp(SIZES, activation_name=config.activation, init=config.init, seed=config.seed)
    linears = [layer for layer in net.layers if layer.params]
    bare_weights = [layer.params["W"].copy() for layer in linears]
    bare_biases = [layer.params["b"].copy() for layer in linears]
    model = torch_copy(net) if torch else None
    optimizer = optimizers.optimizer(config.optimizer, config.lr)
    t_optimizer = torch_optimizer(model, config) if torch else None
    schedule = make_schedule(config.schedule, config.lr, config.epochs)

    print(f"configuration: {config}")
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; numpy {np.__version__}"
          + (f", torch {torch.__version__} with {torch.get_num_threads()} threads" if torch else ""))
    pinning = ", ".join(f"{k}={v}" for k, v in pinned_here().items()) or "none"
    print(f"{blas_description()}; pinning variables: {pinning}", flush=True)

    ours, theirs, bare = Run("ownframework"), Run("PyTorch"), Run("bare NumPy")
    loss = CrossEntropy()
    augment_seconds = []
    for epoch in range(config.epochs):
        X = X_train
        if config.augment:  # the same new images for both, made outside the timed epoch
            start = time.perf_counter()
            X = augment(X_train, seed=config.seed + epoch)
            augment_seconds.append(time.perf_counter() - start)
        lr = schedule(epoch) if schedule else config.lr
        epoch_start: list[float] = []
        history = fit(net, X, y_train, loss=loss, optimizer=optimizer, epochs=1, batch_size=config.batch_size,
                      X_val=X_val, y_val=y_val, schedule=constant_lr_noting_start(lr, epoch_start),
                      seed=config.seed + epoch, progress=False)
        ours.cpu_seconds.append(time.process_time() - epoch_start[0])
        ours.seconds.append(history.seconds[0])
        ours.val_acc.append(history.val_acc[0])
        line = f"epoch {epoch + 1:2d}  ownframework {history.seconds[0]:.2f} s  val {history.val_acc[0]:.2%}"
        if torch:
            order = np.random.default_rng(config.seed + epoch).permutation(len(X))  # the same order as fit's
            for group in t_optimizer.param_groups:  # type: ignore[attr-defined]
                group["lr"] = lr
            tX, ty = torch.from_numpy(X), torch.from_numpy(y_train)
            start, cpu = time.perf_counter(), time.process_time()
            val = torch_epoch(model, t_optimizer, tX, ty, torch.from_numpy(X_val), torch.from_numpy(y_val),
                              order, config.batch_size)
            theirs.seconds.append(time.perf_counter() - start)
            theirs.cpu_seconds.append(time.process_time() - cpu)
            theirs.val_acc.append(val)
            line += f"   PyTorch {theirs.seconds[-1]:.2f} s  val {val:.2%}"
        if epoch < 5:  # the floor needs only a few epochs; its accuracy is not the point
            order = np.random.default_rng(config.seed + epoch).permutation(len(X))
            start, cpu = time.perf_counter(), time.process_time()
            bare_numpy_epoch(bare_weights, bare_biases, X, y_train, X_val, order, config.batch_size, lr)
            bare.seconds.append(time.perf_counter() - start)
            bare.cpu_seconds.append(time.process_time() - cpu)
            line += f"   bare NumPy {bare.seconds[-1]:.2f} s"
        print(line, flush=True)

    net.eval()
    ours.test_acc = accuracy(net.forward(mnist.X_test), mnist.y_test)
    if torch:
        model.eval()  # type: ignore[attr-defined]
        with torch.no_grad():
            logits = model(torch.from_numpy(mnist.X_test))  # type: ignore[operator]
        theirs.test_acc = accuracy(logits.numpy(), mnist.y_test)

    peak = matmul_peak_gflops()
    epoch_flop = len(X_train) * TRAIN_FLOP_PER_SAMPLE + len(X_val) * FORWARD_FLOP
    bound = epoch_flop / (peak * 1e9)
    print()
    print(f"FLOP per training sample: {TRAIN_FLOP_PER_SAMPLE:,} (forward {FORWARD_FLOP:,}); "
          f"60,000 samples: {60_000 * TRAIN_FLOP_PER_SAMPLE / 1e9:.1f} GFLOP")
    print(f"one epoch here: {len(X_train):,} training + {len(X_val):,} validation samples = "
          f"{epoch_flop / 1e9:.1f} GFLOP")
    print(f"NumPy float32 matmul peak on this machine: {peak:.0f} GFLOP/s -> FLOP bound {bound:.3f} s per epoch")
    print()
    print(f"{'':14s} {'s/epoch (median)':>17s} {'s/epoch (mean)':>15s} {'GFLOP/s':>8s} {'x bound':>8s} "
          f"{'final val':>10s} {'test acc':>9s}")
    for run in (ours, theirs, bare) if torch else (ours, bare):
        median = statistics.median(run.seconds)
        accuracies = f"{run.val_acc[-1]:10.2%} {run.test_acc:9.2%}" if run.val_acc else f"{'-':>10s} {'-':>9s}"
        print(f"{run.name:14s} {median:17.3f} {statistics.mean(run.seconds):15.3f} "
              f"{epoch_flop / median / 1e9:8.1f} {median / bound:8.1f} {accuracies}")
    if augment_seconds:
        print(f"(augmenting 50,000 images, not included above: {statistics.median(augment_seconds):.2f} s per epoch)")
    if torch:
        ratio = statistics.median(ours.seconds) / statistics.median(theirs.seconds)
        floor = statistics.median(bare.seconds) / statistics.median(theirs.seconds)
        print(f"\nownframework / PyTorch epoch time: {ratio:.2f}   (bare NumPy loop / PyTorch: {floor:.2f})")
    if args.json:
        runs = (ours, theirs, bare) if torch else (ours, bare)
        medians = {run.name: statistics.median(run.seconds) for run in runs}
        fastest = {run.name: min(run.seconds) for run in runs}
        cpu = {run.name: statistics.median(run.cpu_seconds) for run in runs}
        result = {"blas": blas_description(), "pinning": pinned_here(), "median_seconds": medians,
                  "fastest_seconds": fastest, "cpu_seconds": cpu,
                  "test_accuracy": {"ownframework": ours.test_acc, "PyTorch": theirs.test_acc}}
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


def compare_blas_settings(argv: list[str]) -> int:
    """Run this script as a user's machine would (no pinning), then as pinned here; compare the medians."""
    pinned = pinned_here()
    settings = [("user's machine", "user", user_environment())]
    if pinned:
        settings.append(("pinned as here", "pinned", dict(os.environ)))
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-mnist-") as folder:
        for label, blas, env in settings:
            out = Path(folder) / f"{blas}.json"
            print(f"=== {label} ===", flush=True)
            status = subprocess.call([sys.executable, __file__, *argv, "--blas", blas, "--json", str(out)], env=env)
            if status != 0:
                return status
            results[label] = json.loads(out.read_text(encoding="utf-8"))
            print(flush=True)
    # On a busy machine the fastest epoch is the one least disturbed by other processes,
    # and the CPU time (median) is what a single-threaded epoch costs on an idle core;
    # the median is what a run takes. All three are shown.
    print("=== summary: seconds per epoch ===")
    names = list(next(iter(results.values()))["median_seconds"])
    print(f"{'':16s} {'':8s} " + " ".join(f"{name:>12s}" for name in names)
          + f" {'ours/PyTorch':>13s} {'ours/bare':>10s}")
    for label, result in results.items():
        for kind in ("median", "fastest", "cpu"):
            seconds = result[f"{kind}_seconds"]
            ratio = seconds["ownframework"] / seconds["PyTorch"] if "PyTorch" in seconds else float("nan")
            print(f"{label:16s} {kind:8s} " + " ".join(f"{seconds[name]:12.3f}" for name in names)
                  + f" {ratio:13.2f} {seconds['ownframework'] / seconds['bare NumPy']:10.2f}")
        print(f"{'':16s} {result['blas']}")
    if not pinned:
        print("(this machine pins no BLAS kernel: there is nothing to compare with)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
