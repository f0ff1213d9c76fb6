"""The IDX file format of MNIST and its drop-in replacements, read without pickle.

An IDX file is a short header (two zero bytes, a type byte, the number of
dimensions, each dimension as a big-endian uint32) followed by the raw values.
Every MNIST-format data set (MNIST, Fashion-MNIST, KMNIST, a teacher's own set)
is four such files: images (n, 28, 28) and labels (n,) for training and test.
"""

from __future__ import annotations

import numpy as np

from ownframework.errors import DataFileError

__all__ = ["FILES", "MnistFileError", "idx_bytes", "read_idx"]

#: Logical name -> file name (without ``.gz``); the same for every MNIST-format set.
FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


class MnistFileError(DataFileError):
    """An IDX file is truncated, corrupted, not IDX, inconsistent, or fails its checksum."""


def read_idx(data: bytes, *, name: str = "<bytes>", ndim: int | None = None) -> np.ndarray:
    """Parse an IDX file of unsigned bytes (``data`` is already decompressed).

    ``name`` is used in error messages; ``ndim`` is the number of dimensions
    expected. Returns a uint8 array of shape ``dims`` (a view of ``data``).
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


def idx_bytes(array: np.ndarray) -> bytes:
    """Encode a uint8 array as an IDX file (the inverse of read_idx): for tests and subsets."""
    values = np.ascontiguousarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, values.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in values.shape)
    return header + values.tobytes()
