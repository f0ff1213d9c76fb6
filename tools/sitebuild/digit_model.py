"""The network behind the draw-a-digit box: trained once at build time, exported for the browser.

The box on the MNIST lab page (``docs/assets/js/draw-digit.js``) classifies the
reader's drawing with a network of the lab's shape, 784-128-64-10 with ReLU and
softmax, trained here with the lab's best configuration (He initialisation, SGD
with momentum 0.9, learning rate 0.05 on a cosine schedule, shifted and rotated
training images) on the same MNIST files the lab reads (``load_mnist()``:
``OWNFRAMEWORK_MNIST_DIR`` or the package's cache, checked byte for byte).

Training takes about half a minute, so the result is cached in
``.cache/digit-model/<key>/`` of this checkout; the key covers the package source (``code/src``),
VERSION, the training configuration and the NumPy version.

What the browser gets (``export``):

    model.json    the layers, where each array lies in weights.bin, the
                  preprocessing constants of ownframework.preprocess, the class
                  names, the SHA-256 of weights.bin and the test accuracy
    weights.bin   every W (in, out) then b of each Linear layer, row-major,
                  little-endian float16: 109,386 parameters in 219 KB

``load_export`` reads the two files back into an ownframework ``Net`` (float32),
which computes exactly the probabilities the browser should show.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
#: The checkout's cache, also for sites built from a copy that links to tools/ (the tests' small sites).
CACHE = ROOT / ".cache" / "digit-model"
VERSION = "1"  # bump when the export format or the training code changes (part of the cache key)
FORMAT = "ownframework-digits"
MODEL_JSON, WEIGHTS_BIN = "model.json", "weights.bin"
WEIGHT_DTYPE = np.dtype("<f2")


class DigitModelError(Exception):
    """The exported model is missing, damaged or not in the expected format."""


def training_config() -> Any:
    """The lab's best configuration, as ``ownframework.experiments.RunConfig``."""
    from ownframework.experiments import RunConfig

    return RunConfig(hidden=(128, 64), init="he", optimizer="momentum", lr=0.05, schedule="cosine",
                     augment=True, epochs=10, seed=0)


def cache_key() -> str:
    """Changes whenever the trained weights could: package source, VERSION, configuration, NumPy."""
    digest = hashlib.sha256(f"{VERSION}\0{np.__version__}\0{training_config()}".encode())
    for path in sorted((ROOT / "code" / "src").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def train() -> tuple[Any, float]:
    """A freshly trained network (ownframework Net) and its accuracy on MNIST's 10,000 test images."""
    from ownframework.data.mnist import load_mnist, split_validation
    from ownframework.experiments import Data
    from ownframework.experiments import train as train_run
    from ownframework.metrics import accuracy
    from ownframework.network import evaluating

    mnist = load_mnist()
    X_train, y_train, X_val, y_val = split_validation(mnist.X_train, mnist.y_train)
    data = Data(X_train, y_train, X_val, y_val, mnist.X_test, mnist.y_test)
    net, _ = train_run(training_config(), data)
    with evaluating(net):
        test_accuracy = float(accuracy(net.forward(mnist.X_test), mnist.y_test))
    return net, test_accuracy


def export(net: Any, test_accuracy: float) -> dict[str, bytes]:
    """model.json and weights.bin (see the module docstring) for a Linear/ReLU/Softmax net."""
    from ownframework.preprocess import BOX, INK, MIN_CONTRAST, SIZE

    layers: list[dict[str, Any]] = []
    chunks: list[np.ndarray] = []
    offset = 0
    for layer in net.layers:
        kind = type(layer).__name__
        if kind == "Linear":
            W, b = layer.params["W"], layer.params["b"]
            entry: dict[str, Any] = {"type": kind, "in": int(W.shape[0]), "out": int(W.shape[1])}
            for name, array in (("W", W), ("b", b)):
                entry[name] = offset
                chunks.append(np.ascontiguousarray(array, dtype=WEIGHT_DTYPE).ravel())
                offset += array.size
            layers.append(entry)
        elif kind in ("ReLU", "Softmax"):
            layers.append({"type": kind})
        else:
            raise DigitModelError(f"the browser's forward pass knows Linear, ReLU and Softmax, not {kind}")
    weights = np.concatenate(chunks).tobytes()
    meta = {
        "format": FORMAT, "version": int(VERSION), "weights": WEIGHTS_BIN, "dtype": "float16",
        "count": offset, "sha256": hashlib.sha256(weights).hexdigest(), "layers": layers,
        "preprocess": {"size": SIZE, "box": BOX, "ink": INK, "min_contrast": MIN_CONTRAST},
        "classes": [str(k) for k in range(10)],
        "trained": {**asdict(training_config()), "test_accuracy": round(test_accuracy, 4)},
    }
    return {MODEL_JSON: json.dumps(meta, indent=1).encode(), WEIGHTS_BIN: weights}


def load_export(model_json: bytes, weights_bin: bytes) -> Any:
    """The ownframework Net (float32, eval mode) that the two exported files describe."""
    from ownframework.activations import ReLU, Softmax
    from ownframework.layers import Linear
    from ownframework.network import Net

    meta = json.loads(model_json)
    if meta.get("format") != FORMAT or meta.get("dtype") != "float16":
        raise DigitModelError(f"not a {FORMAT} float16 model: {meta.get('format')!r}, {meta.get('dtype')!r}")
    if hashlib.sha256(weights_bin).hexdigest() != meta["sha256"]:
        raise DigitModelError(f"{meta['weights']} does not match the SHA-256 in {MODEL_JSON}")
    values = np.frombuffer(weights_bin, dtype=WEIGHT_DTYPE).astype(np.float32)
    net = Net()
    for entry in meta["layers"]:
        if entry["type"] == "Linear":
            n_in, n_out = entry["in"], entry["out"]
            linear = Linear(n_in, n_out)
            linear.params["W"][...] = values[entry["W"] : entry["W"] + n_in * n_out].reshape(n_in, n_out)
            linear.params["b"][...] = values[entry["b"] : entry["b"] + n_out]
            net.add(linear)
        else:
            net.add(ReLU() if entry["type"] == "ReLU" else Softmax())
    return net.eval()


def exported_files(cache_root: Path, log: Any = None) -> Path:
    """The folder holding model.json and weights.bin: from the cache, else trained and exported now."""
    folder = cache_root / cache_key()
    if all((folder / name).is_file() for name in (MODEL_JSON, WEIGHTS_BIN)):
        return folder
    if log is not None:
        log.info("digits: training the draw-a-digit network (cached afterwards, about half a minute)")
    net, test_accuracy = train()
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in export(net, test_accuracy).items():
        temporary = folder / f".{name}.part"
        temporary.write_bytes(data)
        temporary.replace(folder / name)
    for old in cache_root.iterdir():  # keep only the current model
        if old.is_dir() and old != folder:
            for file in old.iterdir():
                file.unlink()
            old.rmdir()
    return folder
