"""MNIST and the data sets in its format (Fashion-MNIST, ...), from the original IDX files.

Where the files come from, in this order:

1. the ``data_dir`` argument,
2. the data set's environment variable (``OWNFRAMEWORK_MNIST_DIR``,
   ``OWNFRAMEWORK_FASHION_MNIST_DIR``),
3. its cache ``~/.cache/ownframework/<name>``; if files are missing there (and
   ``download=True``), the four ``.gz`` files are downloaded once from a
   public copy.

A folder may hold the files gzip-compressed (``train-images-idx3-ubyte.gz``)
or plain (``train-images-idx3-ubyte``). The SHA-256 of the *decompressed* bytes
must match the data set's published values, so a truncated, corrupted or
different file is refused with an error that names it (and the known data set
it belongs to, if any). ``verify=False`` loads any other MNIST-format files
(KMNIST, your own) without the checksums; their format is still checked, and a
warning says what was found. Nothing is unpickled: IDX is a header plus raw bytes.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ownframework.data.datasets import DATASETS, MNIST, KnownDataset, dataset, identify
from ownframework.data.download import DatasetNotFoundError, decompress, download_file
from ownframework.data.idx import FILES, MnistFileError, read_idx

__all__ = [
    "DATASETS",
    "ENV_VAR",
    "FILES",
    "MIRRORS",
    "SHA256",
    "DatasetNotFoundError",
    "Mnist",
    "MnistFileError",
    "MnistNotFoundError",
    "UncheckedDataWarning",
    "default_cache_dir",
    "describe",
    "load_dataset",
    "load_mnist",
    "read_idx",
    "split_validation",
]

# MNIST's own names, kept for code written before other data sets were known.
ENV_VAR = MNIST.env_var
SHA256 = MNIST.sha256  # the very dict load_mnist checks against: updating it changes what is accepted
MIRRORS = MNIST.mirrors
MnistNotFoundError = DatasetNotFoundError


class UncheckedDataWarning(UserWarning):
    """Files were loaded with verify=False: the format was checked, the bytes were not."""


class Mnist(NamedTuple):
    """The train and test sets of an MNIST-format data set.

    X_train: (n_train, 784) float32 in [0, 1], y_train: (n_train,) intp in 0..9,
    X_test: (n_test, 784) float32 in [0, 1], y_test: (n_test,) intp in 0..9
    (intp, NumPy's index integer: int64 here, int32 in the browser's 32-bit Python,
    where np.bincount and indexing refuse int64).
    MNIST and Fashion-MNIST have 60,000 training and 10,000 test images.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def default_cache_dir(name: str = "mnist") -> Path:
    """``$XDG_CACHE_HOME/ownframework/<name>``, by default ``~/.cache/ownframework/mnist``."""
    return dataset(name).cache_dir()


def _how_to_point(known: KnownDataset) -> str:
    return (
        f"Point ownframework at a folder that holds the four {known.title} files "
        "(train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, "
        "t10k-labels-idx1-ubyte, each plain or .gz): pass data_dir=... "
        "(command line: --data-dir ...) or set the environment variable "
        f"{known.env_var}=/path/to/folder."
    )


def _find(directory: Path, file_name: str) -> Path | None:
    for candidate in (directory / file_name, directory / f"{file_name}.gz"):
        if candidate.is_file():
            return candidate
    return None


def _wrong_checksum(path: Path, digest: str, expected: str, known: KnownDataset, file_name: str) -> str:
    """The message for a file whose bytes are not the expected ones: what they are instead, if we know."""
    message = f"{path}: wrong checksum: the decompressed bytes have SHA-256 {digest}, expected {expected}. "
    match = identify(digest)
    if match is not None and match[0] is not known:
        other, other_file = match
        message += f"These are {other.title} files"
        message += "" if other_file == file_name else f" (this one is its {other_file})"
        return message + (f", not {known.title}: use --dataset {other.name} "
                          f"(Python: load_dataset({other.name!r})).")
    if match is not None:  # the right data set, the wrong one of its four files
        return message + f"This is {known.title}'s {match[1]}, saved under the wrong name."
    return message + (
        f"The file is corrupted or is not the original {known.title} file; delete it and download it "
        "again. For IDX files of another data set, skip the checksums: --skip-checksum "
        "(Python: verify=False)."
    )


def _read(path: Path, file_name: str, ndim: int, known: KnownDataset,
          checksums: Mapping[str, str] | None) -> np.ndarray:
    """One IDX file as an array; its checksum is compared unless ``checksums`` is None."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise MnistFileError(f"{path}: cannot be read: {err.strerror}") from None
    data = decompress(raw, str(path)) if path.suffix == ".gz" else raw
    array = read_idx(data, name=str(path), ndim=ndim)
    if checksums is not None:
        digest = hashlib.sha256(data).hexdigest()
        if digest != checksums[file_name]:
            raise MnistFileError(_wrong_checksum(path, digest, checksums[file_name], known, file_name))
    return array


def _check_consistent(arrays: Mapping[str, np.ndarray]) -> None:
    """Images are 28x28, each image has a label, labels are 0..9: what the networks here expect."""
    for part in ("train", "test"):
        images, labels = arrays[f"{part}_images"], arrays[f"{part}_labels"]
        images_file, labels_file = FILES[f"{part}_images"], FILES[f"{part}_labels"]
        if images.shape[1:] != (28, 28):
            raise MnistFileError(f"{images_file}: images are {images.shape[1:]}, expected (28, 28)")
        if len(images) != len(labels):
            raise MnistFileError(
                f"{images_file} holds {len(images)} images but {labels_file} holds {len(labels)} labels"
            )
        if len(images) == 0:
            raise MnistFileError(f"{images_file} holds no images")
        if labels.max() > 9:
            raise MnistFileError(f"{labels_file}: label {labels.max()} found, expected 0..9")


def describe(data: Mnist) -> str:
    """One line on what a loaded set holds: sizes, classes, images per class, pixel range."""
    counts = np.bincount(data.y_train, minlength=10)
    present = counts[counts > 0]
    labels = np.flatnonzero(counts)
    return (
        f"{len(data.X_train):,} training and {len(data.X_test):,} test images of 28x28 pixels; "
        f"{len(labels)} classes in the training set (labels {labels.min()}..{labels.max()}, "
        f"{present.min():,} to {present.max():,} images per class); "
        f"pixel values {data.X_train.min() * 255:.0f}..{data.X_train.max() * 255:.0f} of 255"
    )


# --8<-- [start:load-mnist]
def load_dataset(
    name: str = "mnist",
    data_dir: str | os.PathLike[str] | None = None,
    *,
    download: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    checksums: Mapping[str, str] | None = None,
    verify: bool = True,
) -> Mnist:
    """Load an MNIST-format data set as float32 pixels in [0, 1], one flattened image per row.

    name: "mnist" or "fashion-mnist". The folder is ``data_dir``, else the data
    set's environment variable (``OWNFRAMEWORK_MNIST_DIR``, ...), else
    ``cache_dir`` (default ``~/.cache/ownframework/<name>``), where missing files
    are downloaded when ``download`` is true. ``checksums`` maps each file name
    to the SHA-256 of its decompressed bytes (default: the published ones);
    ``verify=False`` skips them for local files, but still checks the format.

    Returns Mnist(X_train (n, 784), y_train (n,), X_test (m, 784), y_test (m,)).
    """
    known = dataset(name)
    expected = known.sha256 if checksums is None else checksums
    given = data_dir if data_dir is not None else os.environ.get(known.env_var) or None
    directory = Path(given if given is not None else cache_dir or known.cache_dir()).expanduser()
    may_download = download and given is None

    arrays = {}
    for key, file_name in FILES.items():
        path = _find(directory, file_name)
        if path is None and may_download:  # downloads are always checked, verify or not
            download_file(directory, file_name, known, expected, _how_to_point(known))
            path = _find(directory, file_name)
        if path is None:
            source = "data_dir" if data_dir is not None else known.env_var if given else "the cache"
            raise DatasetNotFoundError(
                f"{file_name} (or {file_name}.gz) not found in {directory} ({source})"
                + ("" if given else "; downloading is switched off (download=False)")
                + f".\n{_how_to_point(known)}"
            )
        ndim = 3 if key.endswith("images") else 1  # images: (n, 28, 28), labels: (n,)
        arrays[key] = _read(path, file_name, ndim, known, expected if verify else None)
    _check_consistent(arrays)

    def pixels(images: np.ndarray) -> np.ndarray:
        return images.reshape(len(images), 28 * 28).astype(np.float32) / np.float32(255)

    data = Mnist(pixels(arrays["train_images"]), arrays["train_labels"].astype(np.intp),
                 pixels(arrays["test_images"]), arrays["test_labels"].astype(np.intp))
    if not verify:  # say what the unchecked files turned out to hold
        warnings.warn(UncheckedDataWarning(f"{directory}: checksums skipped; found {describe(data)}"),
                      stacklevel=2)
    return data


def load_mnist(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    download: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    checksums: Mapping[str, str] = SHA256,
) -> Mnist:
    """MNIST itself: ``load_dataset("mnist", ...)``, each file checked against ``checksums``."""
    return load_dataset("mnist", data_dir, download=download, cache_dir=cache_dir, checksums=checksums)
# --8<-- [end:load-mnist]


def split_validation(
    X: np.ndarray, y: np.ndarray, n_val: int = 10_000
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Keep the last ``n_val`` rows for validation: the classic 50,000 / 10,000 split.

    No randomness: every run and every reader gets the same split.
    X: (n, features), y: (n,). Returns X_train, y_train, X_val, y_val.
    """
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)}")
    if not 0 < n_val < len(X):
        raise ValueError(f"n_val must be between 1 and {len(X) - 1}, got {n_val}")
    cut = len(X) - n_val
    return X[:cut], y[:cut], X[cut:], y[cut:]

