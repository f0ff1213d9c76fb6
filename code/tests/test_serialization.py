"""save/load: round trip, atomic writes, and a clear ModelFileError for every kind of bad file."""

from __future__ import annotations

import json
import os
import pickle
import stat
from pathlib import Path

import numpy as np
import pytest

from ownframework import serialization
from ownframework.activations import ReLU, Sigmoid, Softmax, Tanh
from ownframework.errors import ModelFileError
from ownframework.layers import BatchNorm, Dropout, Linear
from ownframework.network import Net
from ownframework.serialization import load, save


@pytest.fixture
def trained_net(rng) -> Net:
    net = (Net().add(Linear(4, 6, seed=0)).add(BatchNorm(6)).add(ReLU()).add(Dropout(0.2, seed=0))
           .add(Linear(6, 5, init="he", seed=1)).add(Tanh()).add(Linear(5, 3, seed=2)).add(Sigmoid())
           .add(Linear(3, 3, seed=3)).add(Softmax()))
    for _ in range(5):  # move weights and BatchNorm statistics away from their initial values
        net.forward(rng.standard_normal((8, 4)))
        for layer in net.layers:
            for param in layer.params.values():
                param += rng.normal(0, 0.1, param.shape).astype(param.dtype)
    return net


@pytest.fixture
def saved(tmp_path, trained_net) -> Path:
    return save(trained_net, tmp_path / "model.npz")


def rewrite(path: Path, change) -> None:
    """Load the archive's entries, let change(meta, arrays) edit them, and write them back."""
    with np.load(path) as archive:
        arrays = {name: archive[name] for name in archive.files}
    meta = json.loads(str(arrays.pop("__meta__")))
    change(meta, arrays)
    np.savez(path, __meta__=np.array(json.dumps(meta)), **arrays)


def test_round_trip_gives_the_same_network(rng, trained_net, saved):
    loaded = load(saved)
    assert [type(layer) for layer in loaded.layers] == [type(layer) for layer in trained_net.layers]
    assert [layer.config() for layer in loaded.layers] == [layer.config() for layer in trained_net.layers]
    assert not any(layer.training for layer in loaded.layers)  # ready for predictions
    for original, copy in zip(trained_net.layers, loaded.layers, strict=True):
        for group in ("params", "buffers"):
            for name, value in getattr(original, group).items():
                np.testing.assert_array_equal(getattr(copy, group)[name], value)
    x = rng.standard_normal((10, 4)).astype(np.float32)
    np.testing.assert_array_equal(loaded.forward(x), trained_net.eval().forward(x))


def test_round_trip_keeps_float64_and_leaves_no_temporary_files(tmp_path):
    net = Net().add(Linear(2, 2, seed=0, dtype=np.float64))
    path = save(net, str(tmp_path / "m.npz"))
    assert load(path).layers[0].params["W"].dtype == np.float64
    assert sorted(os.listdir(tmp_path)) == ["m.npz"]


def test_files_hold_no_pickles(saved):
    with np.load(saved, allow_pickle=False) as archive:
        meta = json.loads(str(archive["__meta__"]))
        assert all(archive[name].dtype != object for name in archive.files)
    assert meta["format"] == "ownframework.net" and meta["layers"][0] == {
        "type": "Linear", "config": {"in_features": 4, "out_features": 6, "init": "xavier", "dtype": "float32"}}


def test_a_failed_save_keeps_the_old_file_and_leaves_no_partial_file(tmp_path, trained_net, monkeypatch):
    path = save(Net().add(Linear(2, 2, seed=0)), tmp_path / "model.npz")
    before = path.read_bytes()

    def broken_savez(file, **arrays):
        file.write(b"PK\x03\x04 half an archive")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(serialization.np, "savez", broken_savez)
    with pytest.raises(OSError, match="No space left"):
        save(trained_net, path)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["model.npz"]


def test_saving_into_a_missing_directory_fails_clearly(tmp_path, trained_net):
    with pytest.raises(FileNotFoundError, match=r"directory .*missing does not exist"):
        save(trained_net, tmp_path / "missing" / "model.npz")
    assert os.listdir(tmp_path) == []


def test_saving_onto_a_directory_fails_clearly_and_leaves_nothing(tmp_path, trained_net):
    (tmp_path / "model.npz").mkdir()
    with pytest.raises(IsADirectoryError, match=r"model.npz is a directory; name a file such as .*model.npz/model.npz"):
        save(trained_net, tmp_path / "model.npz")
    assert os.listdir(tmp_path) == ["model.npz"] and os.listdir(tmp_path / "model.npz") == []


def test_saving_into_an_unwritable_directory_fails_clearly(tmp_path, trained_net, monkeypatch):
    def refuse(**kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(serialization.tempfile, "mkstemp", refuse)
    with pytest.raises(PermissionError, match=r"cannot save the model in .*: Permission denied"):
        save(trained_net, tmp_path / "model.npz")
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write into read-only directories")
def test_saving_into_a_read_only_directory_fails_clearly(tmp_path, trained_net):
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(PermissionError, match="cannot save the model"):
            save(trained_net, tmp_path / "model.npz")
    finally:
        tmp_path.chmod(0o700)


def test_loading_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"model file .*nothing.npz does not exist"):
        load(tmp_path / "nothing.npz")


def test_loading_something_that_is_not_an_npz(tmp_path):
    path = tmp_path / "model.npz"
    path.write_text("these are not weights")
    with pytest.raises(ModelFileError, match=r"is not an \.npz model file"):
        load(path)


def test_loading_a_truncated_file(saved):
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelFileError, match="truncated or corrupted"):
        load(saved)


def test_loading_a_file_with_a_flipped_byte(saved):
    data = bytearray(saved.read_bytes())
    data[len(data) // 3] ^= 0xFF  # inside the stored arrays
    saved.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match=r"truncated or corrupted|checksum mismatch"):
        load(saved)


def test_loading_a_tampered_file(saved):
    def change(meta, arrays):
        arrays["layer1.W"] = arrays["layer1.W"] * 2

    rewrite(saved, change)
    with pytest.raises(ModelFileError, match="checksum mismatch, the file was modified after it was saved"):
        load(saved)


def test_loading_an_npz_from_somewhere_else(tmp_path):
    path = tmp_path / "weights.npz"
    np.savez(path, W=np.ones((2, 2)))
    with pytest.raises(ModelFileError, match="no __meta__ entry"):
        load(path)


def test_loading_pickled_arrays_is_refused(saved):
    def change(meta, arrays):
        arrays["layer1.W"] = np.array([{"not": "numbers"}], dtype=object)

    rewrite(saved, change)
    with pytest.raises(ModelFileError) as error:
        load(saved)
    assert "contains Python objects (pickled arrays), which are never loaded" in str(error.value)
    assert "truncated" not in str(error.value) and "corrupted" not in str(error.value)


def test_loading_a_python_pickle_is_refused_with_the_reason(tmp_path, trained_net):
    path = tmp_path / "model.pkl"
    path.write_bytes(pickle.dumps(trained_net))
    with pytest.raises(ModelFileError, match=r"model.pkl is a Python pickle, not an .npz model file; pickles are"):
        load(path)


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_saved_files_get_the_usual_permissions_for_the_umask(tmp_path, trained_net, umask, mode):
    old = os.umask(umask)
    try:
        path = save(trained_net, tmp_path / "model.npz")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.parametrize(("change", "message"), [
    (lambda meta, arrays: arrays.pop("layer5.b"), r"array layer5.b is missing \(Linear\(6 -> 5\) needs it\)"),
    (lambda meta, arrays: arrays.update({"layer1.W": np.zeros((4, 7), np.float32)}),
     r"array layer1.W is float32\[4, 7\], but Linear\(4 -> 6\) needs float32\[4, 6\]"),
    (lambda meta, arrays: arrays.update({"layer2.running_var": np.ones(6)}),
     r"layer2.running_var is float64\[6\], but BatchNorm\(6\) needs float32\[6\]"),
    (lambda meta, arrays: arrays.update({"layer99.W": np.zeros(1)}), "arrays that the architecture does not use"),
    (lambda meta, arrays: meta["layers"].__setitem__(2, {"type": "Conv2d", "config": {}}),
     "layer 3 has unknown type 'Conv2d'; known types: Linear, ReLU"),
    (lambda meta, arrays: meta["layers"][0]["config"].update({"in_features": -4}),
     r"layer 1 \(Linear\) has invalid settings: in_features must be a positive integer"),
    (lambda meta, arrays: meta["layers"][0]["config"].update({"colour": "red"}),
     r"layer 1 \(Linear\) has invalid settings: .*colour"),
    (lambda meta, arrays: meta["layers"].__setitem__(0, "Linear"), "layer 1 is not described as"),
    (lambda meta, arrays: meta.update({"version": 99}), "format version 99, this package reads 1"),
    (lambda meta, arrays: meta.update({"format": "keras"}), "does not describe an ownframework network"),
])
def test_inconsistent_files_get_clear_errors(saved, change, message):
    rewrite(saved, change)
    with pytest.raises(ModelFileError, match=message):
        load(saved)


def test_metadata_that_is_not_json(saved):
    with np.load(saved) as archive:
        arrays = {name: archive[name] for name in archive.files}
    arrays["__meta__"] = np.array("{not json")
    np.savez(saved, **arrays)
    with pytest.raises(ModelFileError, match="metadata is not valid JSON"):
        load(saved)
