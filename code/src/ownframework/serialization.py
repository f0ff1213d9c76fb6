"""Saving and loading trained networks as .npz archives, safely.

The archive holds one array per parameter (``layer1.W``, ``layer1.b``, ...) and per
buffer, plus ``__meta__``: a JSON string with the architecture (layer types and
constructor arguments) and a SHA-256 of the architecture and all arrays. Nothing is
pickled: files are read with ``allow_pickle=False``, so loading a file cannot run code.
Saving writes a temporary file next to the target and renames it into place, so a
crash or a full disk never leaves a half-written model behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from ownframework.activations import ReLU, Sigmoid, Softmax, Tanh
from ownframework.errors import ModelFileError
from ownframework.files import new_file_mode
from ownframework.layers import BatchNorm, Dropout, Layer, Linear
from ownframework.network import Net

FORMAT = "ownframework.net"
VERSION = 1
LAYER_TYPES: dict[str, type[Layer]] = {
    cls.__name__: cls for cls in (Linear, ReLU, Tanh, Sigmoid, Softmax, Dropout, BatchNorm)
}


def _arrays(net: Net) -> dict[str, np.ndarray]:
    """Every saved array, parameters and buffers, under the net's names for them ("layer1.W", ...)."""
    arrays = {name: param for name, param, _grad in net.parameters()}
    arrays.update(net.buffers())
    return arrays


def _checksum(architecture: list[dict[str, Any]], arrays: dict[str, np.ndarray]) -> str:
    digest = hashlib.sha256(json.dumps(architecture, sort_keys=True).encode())
    for name in sorted(arrays):
        array = np.ascontiguousarray(arrays[name])
        digest.update(f"{name}:{array.dtype.str}:{array.shape}".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def save(net: Net, path: str | Path) -> Path:
    """Write net to path (.npz) atomically; returns the path. Architecture and weights only:
    an optimizer's state is not saved."""
    path = Path(path)
    architecture: list[dict[str, Any]] = [
        {"type": type(layer).__name__, "config": layer.config()} for layer in net.layers
    ]
    unknown = [entry["type"] for entry in architecture if entry["type"] not in LAYER_TYPES]
    if unknown:
        raise ValueError(f"cannot save layers of type {', '.join(unknown)}; known: {', '.join(LAYER_TYPES)}")
    arrays = _arrays(net)
    meta = {"format": FORMAT, "version": VERSION, "layers": architecture,
            "sha256": _checksum(architecture, arrays)}
    contents: dict[str, Any] = {"__meta__": np.array(json.dumps(meta)), **arrays}
    directory = path.parent
    if not directory.is_dir():
        raise FileNotFoundError(f"cannot save the model: directory {directory} does not exist")
    if path.is_dir():
        raise IsADirectoryError(f"cannot save the model: {path} is a directory; name a file such as {path}/model.npz")
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise PermissionError(f"cannot save the model in {directory}: {err.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as file:
            os.chmod(temporary, new_file_mode())  # mkstemp's 0o600 would survive the rename
            np.savez(file, **contents)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)  # atomic: readers see the old file or the new one
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def load(path: str | Path) -> Net:
    """Read a network saved by save(); it comes back in evaluation mode.

    Raises FileNotFoundError for a missing file and ModelFileError for anything that
    is not exactly what save() wrote: not an .npz, truncated, corrupted, tampered with.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"model file {path} does not exist")
    meta, arrays = _read_archive(path)
    net = Net()
    for number, entry in enumerate(meta["layers"], start=1):
        layer = _build_layer(path, number, entry)
        for group in (layer.params, layer.buffers):
            for name, expected in group.items():
                group[name] = _stored_array(path, arrays, f"layer{number}.{name}", expected, layer)
        net.add(layer)
    extra = sorted(set(arrays) - set(_arrays(net)))
    if extra:
        raise ModelFileError(f"{path}: arrays that the architecture does not use: {', '.join(extra)}")
    if _checksum(meta["layers"], arrays) != meta["sha256"]:
        raise ModelFileError(f"{path}: checksum mismatch, the file was modified after it was saved")
    return net.eval()


def _read_archive(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    with open(path, "rb") as file:
        start = file.read(4)
    if start[:1] == b"\x80":  # how pickle.dump (protocol 2 and later) starts a file
        raise ModelFileError(f"{path} is a Python pickle, not an .npz model file; pickles are never loaded, "
                             "because unpickling can run any code")
    if start != b"PK\x03\x04":
        raise ModelFileError(f"{path} is not an .npz model file (no zip archive inside)")
    try:
        with np.load(path, allow_pickle=False) as archive:
            contents = {name: archive[name] for name in archive.files}
    except ValueError as err:
        if "allow_pickle" in str(err):  # numpy's refusal to unpickle an array of Python objects
            raise ModelFileError(f"{path} contains Python objects (pickled arrays), which are never loaded, "
                                 "because unpickling can run any code; save() writes numbers only") from None
        raise ModelFileError(f"{path} is truncated or corrupted: {err}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError) as err:
        raise ModelFileError(f"{path} is truncated or corrupted: {err}") from None
    if "__meta__" not in contents:
        raise ModelFileError(f"{path} has no __meta__ entry: it was not written by ownframework.save")
    try:
        meta = json.loads(str(contents.pop("__meta__")))
    except json.JSONDecodeError as err:
        raise ModelFileError(f"{path}: the metadata is not valid JSON ({err})") from None
    valid = (isinstance(meta, dict) and meta.get("format") == FORMAT and isinstance(meta.get("layers"), list)
             and isinstance(meta.get("sha256"), str))
    if not valid:
        raise ModelFileError(f"{path}: the metadata does not describe an ownframework network")
    if meta.get("version") != VERSION:
        raise ModelFileError(f"{path}: format version {meta.get('version')!r}, this package reads {VERSION}")
    return meta, contents


def _build_layer(path: Path, number: int, entry: Any) -> Layer:
    if not isinstance(entry, dict) or not isinstance(entry.get("config"), dict):
        raise ModelFileError(f"{path}: layer {number} is not described as {{'type': ..., 'config': {{...}}}}")
    kind = entry.get("type")
    if kind not in LAYER_TYPES:
        known = ", ".join(LAYER_TYPES)
        raise ModelFileError(f"{path}: layer {number} has unknown type {kind!r}; known types: {known}")
    try:
        return LAYER_TYPES[kind](**entry["config"])
    except (TypeError, ValueError) as err:
        raise ModelFileError(f"{path}: layer {number} ({kind}) has invalid settings: {err}") from None


def _stored_array(
    path: Path, arrays: dict[str, np.ndarray], key: str, expected: np.ndarray, layer: Layer
) -> np.ndarray:
    if key not in arrays:
        raise ModelFileError(f"{path}: array {key} is missing ({layer!r} needs it)")
    array = arrays[key]
    if array.shape != expected.shape or array.dtype != expected.dtype:
        raise ModelFileError(
            f"{path}: array {key} is {array.dtype}{list(array.shape)}, but {layer!r} needs "
            f"{expected.dtype}{list(expected.shape)}"
        )
    return array
