"""The MNIST subset the MNIST lab trains on in the reader's browser.

The full training set makes an in-browser epoch of the lab's network far too
slow (NumPy in WebAssembly has no BLAS), so the site serves a subset, written
from the same MNIST files the build reads (``load_mnist()``: the
``OWNFRAMEWORK_MNIST_DIR`` folder or the package's cache, checked byte for byte):

    train-images-idx3-ubyte.gz   the first TRAIN_IMAGES training images, then the
                                 last 10,000 (the lab's validation split, unchanged)
    train-labels-idx1-ubyte.gz   their labels
    t10k-images-idx3-ubyte.gz    the first TEST_IMAGES test images
    t10k-labels-idx1-ubyte.gz    their labels

The lab's own code (``split_validation(..., n_val=10_000)``) then trains on
TRAIN_IMAGES images and validates on the same 10,000 images as the full run.
The files carry their own SHA-256 (of the decompressed bytes), which the
browser hands to ``load_mnist`` (``runner.py: use_mnist_subset``).
TRAIN_IMAGES was measured with ``tools/measure/runner_numbers.py``: one epoch
of the lab's first network in headless Chromium on a 2-core machine.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import numpy as np

TRAIN_IMAGES = 10_000
VALIDATION_IMAGES = 10_000  # the lab's split_validation(n_val=10_000)
TEST_IMAGES = 10_000
VERSION = "1"
NAMES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


def idx_bytes(array: np.ndarray) -> bytes:
    """An IDX file of unsigned bytes: two zero bytes, 0x08, the number of dimensions, the sizes, the values."""
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def subset_arrays() -> dict[str, np.ndarray]:
    """The subset as uint8 images (n, 28, 28) and labels (n,), from the checked MNIST files."""
    from ownframework.data.mnist import load_mnist

    mnist = load_mnist()

    def pixels(images: np.ndarray) -> np.ndarray:  # load_mnist gave k / 255 as float32: k comes back exactly
        exact: np.ndarray = np.rint(images * 255).astype(np.uint8)
        return exact.reshape(len(images), 28, 28)

    train = np.r_[0:TRAIN_IMAGES, len(mnist.X_train) - VALIDATION_IMAGES:len(mnist.X_train)]
    return {
        "train_images": pixels(mnist.X_train[train]),
        "train_labels": mnist.y_train[train].astype(np.uint8),
        "test_images": pixels(mnist.X_test[:TEST_IMAGES]),
        "test_labels": mnist.y_test[:TEST_IMAGES].astype(np.uint8),
    }


def write_subset(cache: Path) -> tuple[Path, dict[str, object]]:
    """Write the four .gz files into a folder of ``cache`` (once per subset definition); (folder, manifest).

    Manifest: ``files`` (name -> bytes), ``sha256`` (IDX name -> SHA-256 of the
    decompressed bytes, as load_mnist checks), ``counts`` (train, val, test).
    """
    key = hashlib.sha256(f"{VERSION}/{TRAIN_IMAGES}/{VALIDATION_IMAGES}/{TEST_IMAGES}".encode()).hexdigest()[:16]
    folder = cache / key
    manifest_path = folder / "manifest.json"
    if manifest_path.is_file():
        manifest: dict[str, object] = json.loads(manifest_path.read_text(encoding="utf-8"))
        return folder, manifest
    folder.mkdir(parents=True, exist_ok=True)
    files, checksums = {}, {}
    for key_name, array in subset_arrays().items():
        data = idx_bytes(array)
        name = NAMES[key_name]
        # mtime=0: the same subset gives the same bytes on every machine
        (folder / f"{name}.gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
        files[f"{name}.gz"] = (folder / f"{name}.gz").stat().st_size
        checksums[name] = hashlib.sha256(data).hexdigest()
    manifest = {"files": files, "sha256": checksums,
                "counts": {"train": TRAIN_IMAGES, "val": VALIDATION_IMAGES, "test": TEST_IMAGES}}
    manifest_path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return folder, manifest
