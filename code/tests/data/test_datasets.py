"""Known data sets by name (MNIST, Fashion-MNIST), unchecked IDX folders, and what a wrong checksum says.

Everything runs on small IDX files the tests write; the real Fashion-MNIST files
are used only where Debian's dataset-fashion-mnist package (or
OWNFRAMEWORK_FASHION_MNIST_DIR) provides them.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import http.server
import os
import threading
import warnings
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from ownframework.data import datasets, download, mnist
from ownframework.data.datasets import FASHION_MNIST, MNIST, dataset, identify
from ownframework.data.idx import idx_bytes
from ownframework.data.mnist import (
    DatasetNotFoundError,
    MnistFileError,
    UncheckedDataWarning,
    describe,
    load_dataset,
)

DEBIAN_FASHION = Path("/usr/share/datasets/fashion-mnist")


def small_set(n_train: int = 40, n_test: int = 20, seed: int = 0, classes: int = 10) -> dict[str, bytes]:
    rng = np.random.default_rng(seed)
    return {
        "train-images-idx3-ubyte": idx_bytes(rng.integers(0, 256, (n_train, 28, 28))),
        "train-labels-idx1-ubyte": idx_bytes(np.arange(n_train) % classes),
        "t10k-images-idx3-ubyte": idx_bytes(rng.integers(0, 256, (n_test, 28, 28))),
        "t10k-labels-idx1-ubyte": idx_bytes(np.arange(n_test) % classes),
    }


def write(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / f"{name}.gz").write_bytes(gzip.compress(data))
    return folder


def digests(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


@pytest.fixture(autouse=True)
def no_env(monkeypatch, tmp_path):
    for known in datasets.DATASETS.values():
        monkeypatch.delenv(known.env_var, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def as_fashion(monkeypatch):
    """as_fashion(files): from now on the package takes these bytes for Fashion-MNIST's."""

    def use(files: dict[str, bytes]) -> None:
        for name, digest in digests(files).items():
            monkeypatch.setitem(FASHION_MNIST.sha256, name, digest)

    return use


# --- the table of known data sets --------------------------------------------------------


def test_each_known_data_set_has_its_own_checksums_folder_source_and_variable(tmp_path):
    assert dataset("mnist") is MNIST and dataset("fashion-mnist") is FASHION_MNIST
    assert MNIST.env_var == "OWNFRAMEWORK_MNIST_DIR" and FASHION_MNIST.env_var == "OWNFRAMEWORK_FASHION_MNIST_DIR"
    assert set(MNIST.sha256) == set(FASHION_MNIST.sha256) == set(mnist.FILES.values())
    assert not set(MNIST.sha256.values()) & set(FASHION_MNIST.sha256.values())
    assert not set(MNIST.mirrors) & set(FASHION_MNIST.mirrors)
    assert MNIST.cache_dir() == tmp_path / "cache" / "ownframework" / "mnist"
    assert FASHION_MNIST.cache_dir() == tmp_path / "cache" / "ownframework" / "fashion-mnist"
    assert FASHION_MNIST.class_names[0] == "T-shirt/top" and FASHION_MNIST.class_names[9] == "Ankle boot"
    assert len(FASHION_MNIST.class_labels) == 10
    assert mnist.SHA256 is MNIST.sha256 and MNIST.env_var == mnist.ENV_VAR  # the older names still work


def test_an_unknown_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown data set 'kmnist'; known: mnist, fashion-mnist"):
        load_dataset("kmnist")


def test_identify_knows_every_published_file():
    assert identify(FASHION_MNIST.sha256["t10k-labels-idx1-ubyte"]) == (FASHION_MNIST, "t10k-labels-idx1-ubyte")
    assert identify(MNIST.sha256["train-images-idx3-ubyte"]) == (MNIST, "train-images-idx3-ubyte")
    assert identify("0" * 64) is None


# --- Fashion-MNIST from its own folder, variable or cache ----------------------------------


def test_fashion_mnist_loads_from_its_own_environment_variable(tmp_path, monkeypatch, as_fashion):
    files = small_set()
    as_fashion(files)
    monkeypatch.setenv(MNIST.env_var, str(tmp_path / "nowhere"))  # MNIST's variable is not looked at
    monkeypatch.setenv(FASHION_MNIST.env_var, str(write(tmp_path / "fashion", files)))
    data = load_dataset("fashion-mnist")
    assert data.X_train.shape == (40, 784) and data.y_test.tolist() == [k % 10 for k in range(20)]


def test_a_wrong_checksum_names_the_data_set_the_files_belong_to(tmp_path, as_fashion):
    files = small_set()
    as_fashion(files)  # these bytes are "Fashion-MNIST" now; MNIST's checksums stay the real ones
    with pytest.raises(MnistFileError) as excinfo:
        load_dataset("mnist", write(tmp_path / "f", files))
    message = str(excinfo.value)
    assert "wrong checksum" in message and MNIST.sha256["train-images-idx3-ubyte"] in message
    assert "These are Fashion-MNIST files, not MNIST: use --dataset fashion-mnist" in message
    assert "load_dataset('fashion-mnist')" in message


def test_a_wrong_checksum_of_unknown_bytes_says_how_to_load_them_anyway(tmp_path):
    with pytest.raises(MnistFileError) as excinfo:
        load_dataset("fashion-mnist", write(tmp_path / "f", small_set()))
    message = str(excinfo.value)
    assert "not the original Fashion-MNIST file" in message
    assert "--skip-checksum" in message and "verify=False" in message


def test_a_file_under_another_files_name_is_recognised(tmp_path, as_fashion):
    files = small_set()
    as_fashion(files)
    swapped = dict(files)
    swapped["t10k-labels-idx1-ubyte"] = files["train-labels-idx1-ubyte"]
    with pytest.raises(MnistFileError, match="This is Fashion-MNIST's train-labels-idx1-ubyte, saved under the wrong"):
        load_dataset("fashion-mnist", write(tmp_path / "f", swapped))


# --- any IDX folder, unchecked ---------------------------------------------------------------


def test_unchecked_files_load_and_the_warning_says_what_was_found(tmp_path):
    folder = write(tmp_path / "own", small_set(n_train=50, n_test=10, classes=5))
    with pytest.warns(UncheckedDataWarning) as record:
        data = load_dataset("mnist", folder, verify=False)
    assert data.X_train.shape == (50, 784) and data.X_test.shape == (10, 784)
    message = str(record[0].message)
    assert str(folder) in message and "checksums skipped" in message
    assert "50 training and 10 test images of 28x28 pixels" in message
    assert "5 classes in the training set (labels 0..4, 10 to 10 images per class)" in message
    assert describe(data) in message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"train-images-idx3-ubyte": b"\x1f\x8b\x08\x00not idx"}, "magic number starts with 1f8b0800"),
        ({"t10k-images-idx3-ubyte": idx_bytes(np.zeros((20, 32, 32)))}, r"images are \(32, 32\), expected"),
        ({"t10k-images-idx3-ubyte": idx_bytes(np.zeros((20, 784)))}, "has 2 dimensions, expected 3"),
        ({"train-labels-idx1-ubyte": idx_bytes(np.zeros(39))}, "holds 40 images but train-labels-idx1-ubyte"),
        ({"t10k-labels-idx1-ubyte": idx_bytes(np.full(20, 12))}, r"label 12 found, expected 0\.\.9"),
        ({"t10k-images-idx3-ubyte": idx_bytes(np.zeros((0, 28, 28))),
          "t10k-labels-idx1-ubyte": idx_bytes(np.zeros(0))}, "holds no images"),
        ({"train-images-idx3-ubyte": idx_bytes(np.zeros((40, 28, 28)))[:-10]}, "truncated: header says"),
    ],
)
def test_unchecked_files_still_get_their_format_checked(tmp_path, change, message):
    files = {**small_set(), **change}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UncheckedDataWarning)
        with pytest.raises(MnistFileError, match=message):
            load_dataset("mnist", write(tmp_path / "own", files), verify=False)


# --- downloading --------------------------------------------------------------------------


def test_fashion_mnist_downloads_from_its_own_mirrors_into_its_own_cache(tmp_path, monkeypatch, as_fashion):
    files = small_set()
    as_fashion(files)
    requested = []

    def fake_fetch(url: str, timeout: float = 60.0) -> bytes:
        requested.append(url)
        return gzip.compress(files[url.rsplit("/", 1)[1].removesuffix(".gz")])

    monkeypatch.setattr(download, "fetch_url", fake_fetch)
    data = load_dataset("fashion-mnist")
    assert data.X_train.shape == (40, 784)
    assert all(url.startswith(FASHION_MNIST.mirrors[0]) for url in requested) and len(requested) == 4
    cached = FASHION_MNIST.cache_dir()
    assert sorted(p.name for p in cached.iterdir()) == sorted(f"{name}.gz" for name in files)
    assert not MNIST.cache_dir().exists()


class _Files(http.server.BaseHTTPRequestHandler):
    """Serves the class attribute ``files`` (path -> bytes) and counts requests; 404 otherwise."""

    files: ClassVar[dict[str, bytes]] = {}
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # the name http.server calls
        type(self).requests.append(self.path)
        body = self.files.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, *args: object) -> None:  # keep the test output quiet
        pass


def test_download_over_http_from_a_local_server_with_a_failing_first_mirror(tmp_path, monkeypatch, as_fashion):
    files = small_set(seed=3)
    as_fashion(files)
    _Files.files = {f"/good/{name}.gz": gzip.compress(data) for name, data in files.items()}
    _Files.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Files)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        local = dataclasses.replace(FASHION_MNIST, mirrors=(f"{base}/missing/", f"{base}/good/"))
        monkeypatch.setitem(datasets.DATASETS, "fashion-mnist", local)
        data = load_dataset("fashion-mnist", cache_dir=tmp_path / "dl")
    finally:
        server.shutdown()
        server.server_close()
    assert data.X_test.shape == (20, 784)
    assert len(_Files.requests) == 8 and sum(r.startswith("/missing/") for r in _Files.requests) == 4
    assert sorted(p.name for p in (tmp_path / "dl").iterdir()) == sorted(f"{name}.gz" for name in files)


def test_a_failed_download_names_the_data_set_and_its_variable(tmp_path, monkeypatch):
    def offline(url: str, timeout: float = 60.0) -> bytes:
        raise OSError("network unreachable")

    monkeypatch.setattr(download, "fetch_url", offline)
    with pytest.raises(DatasetNotFoundError) as excinfo:
        load_dataset("fashion-mnist")
    message = str(excinfo.value)
    assert "Fashion-MNIST's train-images-idx3-ubyte.gz" in message and "network unreachable" in message
    assert FASHION_MNIST.env_var in message and all(m in message for m in FASHION_MNIST.mirrors)


# --- the real files, where a package provides them -------------------------------------------


def real_fashion_folder() -> Path | None:
    folder = os.environ.get(FASHION_MNIST.env_var) or (DEBIAN_FASHION if DEBIAN_FASHION.is_dir() else None)
    return Path(folder) if folder else None


@pytest.mark.skipif(real_fashion_folder() is None,
                    reason="install Debian's dataset-fashion-mnist or set OWNFRAMEWORK_FASHION_MNIST_DIR")
def test_the_real_fashion_mnist_files_verify_and_are_told_apart_from_mnist():
    folder = real_fashion_folder()
    data = load_dataset("fashion-mnist", folder)
    assert data.X_train.shape == (60_000, 784) and data.X_test.shape == (10_000, 784)
    assert np.bincount(data.y_train).tolist() == [6000] * 10 and np.bincount(data.y_test).tolist() == [1000] * 10
    with pytest.raises(MnistFileError, match="These are Fashion-MNIST files, not MNIST"):
        load_dataset("mnist", folder)
