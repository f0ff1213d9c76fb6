"""The MNIST loader on small synthetic IDX files, and on the real files when available."""

import gzip
import hashlib
import os
import struct
from pathlib import Path

import numpy as np
import pytest

from ownframework.data import download, mnist
from ownframework.data.mnist import (
    MnistFileError,
    MnistNotFoundError,
    load_mnist,
    read_idx,
    split_validation,
)


def idx_bytes(array: np.ndarray) -> bytes:
    """Encode a uint8 array in the IDX format (the inverse of read_idx)."""
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(np.uint8).tobytes()


def synthetic_files(n_train: int = 30, n_test: int = 12, seed: int = 0) -> dict[str, bytes]:
    rng = np.random.default_rng(seed)
    return {
        "train-images-idx3-ubyte": idx_bytes(rng.integers(0, 256, (n_train, 28, 28))),
        "train-labels-idx1-ubyte": idx_bytes(np.arange(n_train) % 10),
        "t10k-images-idx3-ubyte": idx_bytes(rng.integers(0, 256, (n_test, 28, 28))),
        "t10k-labels-idx1-ubyte": idx_bytes(np.arange(n_test)[::-1] % 10),
    }


def checksums_of(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


def write(directory: Path, files: dict[str, bytes], *, gz: bool) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        if gz:
            (directory / f"{name}.gz").write_bytes(gzip.compress(data))
        else:
            (directory / name).write_bytes(data)


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(mnist.ENV_VAR, raising=False)


# --- read_idx ---------------------------------------------------------------------------


def test_read_idx_round_trip():
    array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    np.testing.assert_array_equal(read_idx(idx_bytes(array)), array)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x00", "too short for an IDX header"),
        (b"\x1f\x8b\x08\x00" + bytes(20), "magic number starts with 1f8b0800"),
        (bytes([0, 0, 0x0D, 1, 0, 0, 0, 1]) + bytes(4), "not an IDX file of unsigned bytes"),
        (bytes([0, 0, 8, 3, 0, 0, 0, 2]), "truncated inside the header"),
        (
            idx_bytes(np.zeros((2, 28, 28)))[:-100],
            "truncated: header says (2, 28, 28), so 1,584 bytes expected",
        ),
        (idx_bytes(np.zeros((2, 28, 28))) + b"\x00", "longer than its header says"),
    ],
)
def test_read_idx_names_the_file_and_what_was_expected(data, message):
    with pytest.raises(MnistFileError) as excinfo:
        read_idx(data, name="some-file")
    assert "some-file" in str(excinfo.value)
    assert message in str(excinfo.value)


def test_read_idx_checks_the_number_of_dimensions():
    with pytest.raises(MnistFileError, match="has 1 dimensions, expected 3"):
        read_idx(idx_bytes(np.zeros(5)), name="x", ndim=3)


# --- load_mnist on synthetic files ---------------------------------------------------------


@pytest.mark.parametrize("gz", [True, False])
def test_load_mnist_reads_gz_or_plain_files(tmp_path, no_env, gz):
    files = synthetic_files()
    write(tmp_path, files, gz=gz)
    data = load_mnist(tmp_path, checksums=checksums_of(files))
    assert data.X_train.shape == (30, 784) and data.X_train.dtype == np.float32
    assert data.X_test.shape == (12, 784)
    assert data.y_train.dtype == np.int64 and data.y_train.tolist() == [i % 10 for i in range(30)]
    assert data.X_train.min() >= 0.0 and data.X_train.max() <= 1.0
    pixels = read_idx(files["train-images-idx3-ubyte"]).reshape(30, 784)
    np.testing.assert_allclose(data.X_train * 255, pixels, atol=1e-4)


def test_load_mnist_refuses_a_wrong_checksum_and_names_the_file(tmp_path, no_env):
    files = synthetic_files()
    write(tmp_path, files, gz=True)
    expected = checksums_of(files)
    expected["t10k-labels-idx1-ubyte"] = "0" * 64
    with pytest.raises(MnistFileError) as excinfo:
        load_mnist(tmp_path, checksums=expected)
    message = str(excinfo.value)
    assert "t10k-labels-idx1-ubyte.gz" in message and "wrong checksum" in message and "0" * 64 in message


def test_load_mnist_refuses_the_synthetic_files_with_the_real_checksums(tmp_path, no_env):
    write(tmp_path, synthetic_files(), gz=False)
    with pytest.raises(MnistFileError, match="train-images-idx3-ubyte: wrong checksum"):
        load_mnist(tmp_path)


def test_load_mnist_reports_a_truncated_gzip_file(tmp_path, no_env):
    files = synthetic_files()
    write(tmp_path, files, gz=True)
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(MnistFileError, match=r"train-images-idx3-ubyte\.gz: not a valid gzip file"):
        load_mnist(tmp_path, checksums=checksums_of(files))


def test_load_mnist_reports_a_truncated_idx_file(tmp_path, no_env):
    files = synthetic_files()
    files["t10k-images-idx3-ubyte"] = files["t10k-images-idx3-ubyte"][:-784]
    write(tmp_path, files, gz=False)
    with pytest.raises(
        MnistFileError, match=r"t10k-images-idx3-ubyte: truncated: header says \(12, 28, 28\)"
    ):
        load_mnist(tmp_path, checksums=checksums_of(files))


def test_load_mnist_reports_mismatched_counts(tmp_path, no_env):
    files = synthetic_files()
    files["train-labels-idx1-ubyte"] = idx_bytes(np.arange(29) % 10)
    write(tmp_path, files, gz=True)
    with pytest.raises(MnistFileError, match="holds 30 images but train-labels-idx1-ubyte holds 29 labels"):
        load_mnist(tmp_path, checksums=checksums_of(files))


def test_load_mnist_reports_wrong_image_size_and_bad_labels(tmp_path, no_env):
    files = synthetic_files()
    files["t10k-images-idx3-ubyte"] = idx_bytes(np.zeros((12, 20, 20)))
    write(tmp_path, files, gz=True)
    with pytest.raises(MnistFileError, match=r"images are \(20, 20\), expected \(28, 28\)"):
        load_mnist(tmp_path, checksums=checksums_of(files))

    files = synthetic_files()
    files["t10k-labels-idx1-ubyte"] = idx_bytes(np.full(12, 11))
    write(tmp_path, files, gz=True)
    with pytest.raises(MnistFileError, match=r"label 11 found, expected 0\.\.9"):
        load_mnist(tmp_path, checksums=checksums_of(files))


# --- where the files come from --------------------------------------------------------------


def test_the_environment_variable_is_used_and_the_argument_wins(tmp_path, monkeypatch):
    env_files, arg_files = synthetic_files(seed=1), synthetic_files(n_train=20, seed=2)
    write(tmp_path / "env", env_files, gz=True)
    write(tmp_path / "arg", arg_files, gz=True)
    monkeypatch.setenv(mnist.ENV_VAR, str(tmp_path / "env"))
    assert load_mnist(checksums=checksums_of(env_files)).X_train.shape == (30, 784)
    assert load_mnist(tmp_path / "arg", checksums=checksums_of(arg_files)).X_train.shape == (20, 784)


def test_a_given_folder_without_the_files_is_an_error_that_says_what_to_do(tmp_path, monkeypatch):
    def no_network(url: str, timeout: float = 60.0) -> bytes:
        raise AssertionError("must not download into a folder the user named")

    monkeypatch.setattr(download, "fetch_url", no_network)
    monkeypatch.setenv(mnist.ENV_VAR, str(tmp_path))
    with pytest.raises(MnistNotFoundError) as excinfo:
        load_mnist()
    message = str(excinfo.value)
    assert "train-images-idx3-ubyte" in message and str(tmp_path) in message
    assert mnist.ENV_VAR in message and "--data-dir" in message


def test_download_false_with_an_empty_cache_is_a_clear_error(tmp_path, no_env):
    with pytest.raises(MnistNotFoundError, match="downloading is switched off"):
        load_mnist(download=False, cache_dir=tmp_path)


def test_the_default_cache_follows_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert mnist.default_cache_dir() == tmp_path / "ownframework" / "mnist"


def serve(files: dict[str, bytes], monkeypatch, *, broken_mirrors: int = 0) -> list[str]:
    """Replace the network: the first ``broken_mirrors`` mirrors fail, the next serves ``files``."""
    requested: list[str] = []

    def fake_fetch(url: str, timeout: float = 60.0) -> bytes:
        requested.append(url)
        mirror = next(i for i, m in enumerate(mnist.MIRRORS) if url.startswith(m))
        if mirror < broken_mirrors:
            raise OSError("connection refused")
        return gzip.compress(files[url.rsplit("/", 1)[1].removesuffix(".gz")])

    monkeypatch.setattr(download, "fetch_url", fake_fetch)
    return requested


def test_download_fills_the_cache_once_falling_back_to_the_next_mirror(tmp_path, no_env, monkeypatch):
    files = synthetic_files()
    requested = serve(files, monkeypatch, broken_mirrors=1)
    data = load_mnist(cache_dir=tmp_path, checksums=checksums_of(files))
    assert data.X_train.shape == (30, 784)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{name}.gz" for name in files)
    assert len(requested) == 8  # 4 files, first mirror failed each time
    load_mnist(cache_dir=tmp_path, checksums=checksums_of(files))
    assert len(requested) == 8  # second load reads the cache


def test_download_refuses_bytes_with_the_wrong_checksum_and_leaves_nothing(tmp_path, no_env, monkeypatch):
    files = synthetic_files()
    serve(synthetic_files(seed=99), monkeypatch)  # the mirrors serve other bytes
    with pytest.raises(MnistNotFoundError) as excinfo:
        load_mnist(cache_dir=tmp_path, checksums=checksums_of(files))
    assert "wrong checksum" in str(excinfo.value) and "--data-dir" in str(excinfo.value)
    assert list(tmp_path.iterdir()) == []


def test_download_without_network_says_how_to_use_local_files(tmp_path, no_env, monkeypatch):
    serve({}, monkeypatch, broken_mirrors=len(mnist.MIRRORS))
    with pytest.raises(MnistNotFoundError) as excinfo:
        load_mnist(cache_dir=tmp_path)
    message = str(excinfo.value)
    assert "connection refused" in message and mnist.ENV_VAR in message
    assert all(mirror in message for mirror in mnist.MIRRORS)


# --- split -----------------------------------------------------------------------------


def test_split_validation_keeps_the_last_rows_for_validation():
    X = np.arange(20, dtype=np.float32).reshape(10, 2)
    y = np.arange(10)
    _, y_train, X_val, y_val = split_validation(X, y, n_val=3)
    assert y_train.tolist() == list(range(7)) and y_val.tolist() == [7, 8, 9]
    np.testing.assert_array_equal(X_val, X[7:])


@pytest.mark.parametrize("n_val", [0, 10])
def test_split_validation_rejects_impossible_sizes(n_val):
    with pytest.raises(ValueError, match="n_val"):
        split_validation(np.zeros((10, 2)), np.zeros(10), n_val=n_val)


# --- the real files ----------------------------------------------------------------------


@pytest.mark.skipif(
    not os.environ.get(mnist.ENV_VAR), reason=f"set {mnist.ENV_VAR} to the folder with the real MNIST files"
)
def test_the_real_mnist_files_load_and_verify():
    data = load_mnist(download=False)  # checks SHA-256 of all four files
    assert data.X_train.shape == (60_000, 784) and data.X_test.shape == (10_000, 784)
    assert np.bincount(data.y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert data.X_train.min() == 0.0 and data.X_train.max() == 1.0
    X_train, _, X_val, _ = split_validation(data.X_train, data.y_train)
    assert len(X_train) == 50_000 and len(X_val) == 10_000
