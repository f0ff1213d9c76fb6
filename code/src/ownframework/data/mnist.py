"""MNIST from the original IDX files, checked byte for byte.

Where the files come from, in this order:

1. the ``data_dir`` argument,
2. the environment variable ``OWNFRAMEWORK_MNIST_DIR``,
3. the cache ``~/.cache/ownframework/mnist``; if files are missing there (and
   ``download=True``), the four ``.gz`` files are downloaded once from a
   public mirror.

A directory may hold the files gzip-compressed (``train-images-idx3-ubyte.gz``)
or plain (``train-images-idx3-ubyte``). Whatever the source, the SHA-256 of
the *decompressed* bytes must match the published values below, so a
truncated, corrupted or different file is refused with an error that names
it. Nothing is unpickled: the IDX format is a short header plus raw bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import urllib.request
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ownframework.errors import DataFileError, OwnFrameworkError

__all__ = [
    "ENV_VAR",
    "FILES",
    "MIRRORS",
    "SHA256",
    "Mnist",
    "MnistFileError",
    "MnistNotFoundError",
    "default_cache_dir",
    "load_mnist",
    "read_idx",
    "split_validation",
]

ENV_VAR = "OWNFRAMEWORK_MNIST_DIR"

#: Logical name -> file name (without ``.gz``).
FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}

#: SHA-256 of the decompressed IDX files of the original MNIST release.
SHA256 = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}

#: Public copies of the four ``.gz`` files, tried in order.
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

_HOW_TO_POINT = (
    "Point ownframework at a folder that holds the four MNIST files "
    "(train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, "
    "t10k-labels-idx1-ubyte, each plain or .gz): pass data_dir=... "
    "(command line: --data-dir ...) or set the environment variable "
    f"{ENV_VAR}=/path/to/folder."
)


class MnistFileError(DataFileError):
    """An MNIST file is truncated, corrupted, not IDX, or fails its checksum."""


class MnistNotFoundError(OwnFrameworkError, FileNotFoundError):
    """The MNIST files are not where we looked and could not be downloaded."""


class Mnist(NamedTuple):
    """The MNIST train and test sets.

    X_train: (60000, 784) float32 in [0, 1], y_train: (60000,) int64 in 0..9,
    X_test: (10000, 784) float32 in [0, 1], y_test: (10000,) int64 in 0..9.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def read_idx(data: bytes, *, name: str = "<bytes>", ndim: int | None = None) -> np.ndarray:
    """Parse an IDX file of unsigned bytes (``data`` is already decompressed).

    Layout: two zero bytes, a type byte (0x08 = uint8), the number of
    dimensions, each dimension as a big-endian uint32, then the values.
    ``name`` is used in error messages. Returns an array of shape ``dims``.
    """
    if len(data) < 4:
        raise MnistFileError(f"{name}: file is {len(data)} bytes, too short for an IDX header")
    zero1, zero2, type_code, n_dims = data[:4]
    if zero1 != 0 or zero2 != 0 or type_code != 0x08:
        raise MnistFileError(
            f"{name}: not an IDX file of unsigned bytes: magic number starts with "
            f"{data[:4].hex()}, expected 000008 followed by the number of dimensions"
        )
    if ndim is not None and n_dims != ndim:
        raise MnistFileError(f"{name}: has {n_dims} dimensions, expected {ndim}")
    header_size = 4 + 4 * n_dims
    if len(data) < header_size:
        raise MnistFileError(f"{name}: truncated inside the header ({len(data)} of {header_size} bytes)")
    dims = tuple(int(d) for d in np.frombuffer(data, dtype=">u4", count=n_dims, offset=4))
    expected = header_size + int(np.prod(dims))
    if len(data) != expected:
        problem = "truncated" if len(data) < expected else "longer than its header says"
        raise MnistFileError(
            f"{name}: {problem}: header says {dims}, so {expected:,} bytes expected, found {len(data):,}"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header_size).reshape(dims)


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/ownframework/mnist``, by default ``~/.cache/ownframework/mnist``."""
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_home) / "ownframework" / "mnist"


def fetch_url(url: str, timeout: float = 60.0) -> bytes:
    """Download ``url`` and return its bytes (the tests replace this function)."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        data: bytes = response.read()
        return data


def _decompress(raw: bytes, name: str) -> bytes:
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as err:
        raise MnistFileError(f"{name}: not a valid gzip file (truncated or corrupted): {err}") from None


def _find(directory: Path, file_name: str) -> Path | None:
    for candidate in (directory / file_name, directory / f"{file_name}.gz"):
        if candidate.is_file():
            return candidate
    return None


def _read_checked(path: Path, file_name: str, ndim: int, checksums: Mapping[str, str]) -> np.ndarray:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise MnistFileError(f"{path}: cannot be read: {err.strerror}") from None
    data = _decompress(raw, str(path)) if path.suffix == ".gz" else raw
    array = read_idx(data, name=str(path), ndim=ndim)
    digest = hashlib.sha256(data).hexdigest()
    if digest != checksums[file_name]:
        raise MnistFileError(
            f"{path}: wrong checksum: the decompressed bytes have SHA-256 {digest}, "
            f"expected {checksums[file_name]}. The file is corrupted or is not the "
            "original MNIST file; delete it and download it again."
        )
    return array


def _download(directory: Path, file_name: str, checksums: Mapping[str, str]) -> None:
    """Fetch ``file_name.gz`` from the first mirror that serves the right bytes."""
    directory.mkdir(parents=True, exist_ok=True)
    failures = []
    for mirror in MIRRORS:
        url = f"{mirror}{file_name}.gz"
        try:
            raw = fetch_url(url)
        except OSError as err:
            failures.append(f"{url}: {err}")
            continue
        try:
            digest = hashlib.sha256(_decompress(raw, url)).hexdigest()
        except MnistFileError as err:
            failures.append(str(err))
            continue
        if digest != checksums[file_name]:
            failures.append(f"{url}: wrong checksum {digest}")
            continue
        # Write to a temporary file in the same folder, then rename: an
        # interrupted download never leaves a half-written file behind.
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{file_name}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(raw)
            os.replace(tmp, directory / f"{file_name}.gz")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return
    raise MnistNotFoundError(
        f"could not download {file_name}.gz into {directory}:\n  "
        + "\n  ".join(failures)
        + f"\n{_HOW_TO_POINT}"
    )


# --8<-- [start:load-mnist]
def load_mnist(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    download: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    checksums: Mapping[str, str] = SHA256,
) -> Mnist:
    """Load MNIST as float32 pixels in [0, 1], one flattened image per row.

    The folder is ``data_dir``, else ``$OWNFRAMEWORK_MNIST_DIR``, else
    ``cache_dir`` (default ``~/.cache/ownframework/mnist``), where missing
    files are downloaded when ``download`` is true. ``checksums`` maps each
    file name to the SHA-256 of its decompressed bytes.

    Returns Mnist(X_train (60000, 784), y_train (60000,), X_test (10000, 784), y_test (10000,)).
    """
    given = data_dir if data_dir is not None else os.environ.get(ENV_VAR) or None
    directory = Path(given if given is not None else cache_dir or default_cache_dir()).expanduser()
    may_download = download and given is None

    arrays = {}
    for key, file_name in FILES.items():
        path = _find(directory, file_name)
        if path is None and may_download:
            _download(directory, file_name, checksums)
            path = _find(directory, file_name)
        if path is None:
            source = "data_dir" if data_dir is not None else ENV_VAR if given else "the cache"
            raise MnistNotFoundError(
                f"{file_name} (or {file_name}.gz) not found in {directory} ({source})"
                + ("" if given else "; downloading is switched off (download=False)")
                + f".\n{_HOW_TO_POINT}"
            )
        ndim = 3 if key.endswith("images") else 1  # images: (n, 28, 28), labels: (n,)
        arrays[key] = _read_checked(path, file_name, ndim, checksums)

    for part in ("train", "test"):
        images, labels = arrays[f"{part}_images"], arrays[f"{part}_labels"]
        images_file, labels_file = FILES[f"{part}_images"], FILES[f"{part}_labels"]
        if images.shape[1:] != (28, 28):
            raise MnistFileError(f"{images_file}: images are {images.shape[1:]}, expected (28, 28)")
        if len(images) != len(labels):
            raise MnistFileError(
                f"{images_file} holds {len(images)} images but {labels_file} holds {len(labels)} labels"
            )
        if labels.size and labels.max() > 9:
            raise MnistFileError(f"{labels_file}: label {labels.max()} found, expected 0..9")

    def pixels(images: np.ndarray) -> np.ndarray:
        return images.reshape(len(images), 28 * 28).astype(np.float32) / np.float32(255)

    return Mnist(
        pixels(arrays["train_images"]),
        arrays["train_labels"].astype(np.int64),
        pixels(arrays["test_images"]),
        arrays["test_labels"].astype(np.int64),
    )
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
