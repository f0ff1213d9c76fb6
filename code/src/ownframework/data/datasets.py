"""The MNIST-format data sets the package knows by name, and how to recognise their files.

Each known set has the SHA-256 of its four decompressed IDX files, a cache
folder, public copies to download from, an environment variable naming a local
folder, and English class names (``plots.use_labels`` translates them through
the plot labels listed in ``class_labels``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DATASETS", "FASHION_MNIST", "MNIST", "KnownDataset", "dataset", "identify"]


@dataclass(frozen=True)
class KnownDataset:
    """One known data set: where its files come from and how to check them.

    sha256: IDX file name -> SHA-256 of its decompressed bytes (a dict that callers may
    update, e.g. to accept a subset); class_names: English names of classes 0..9;
    class_labels: the plot-label keys of those names (empty when the names are digits).
    """

    name: str  # as in --dataset and load_dataset(name)
    title: str  # as people write it
    env_var: str
    sha256: dict[str, str]
    mirrors: tuple[str, ...]
    class_names: tuple[str, ...]
    class_labels: tuple[str, ...] = field(default=())

    def cache_dir(self) -> Path:
        """``$XDG_CACHE_HOME/ownframework/<name>``, by default ``~/.cache/ownframework/<name>``."""
        cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return Path(cache_home) / "ownframework" / self.name


MNIST = KnownDataset(
    name="mnist",
    title="MNIST",
    env_var="OWNFRAMEWORK_MNIST_DIR",
    sha256={
        "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    },
    mirrors=(
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    ),
    class_names=tuple(str(digit) for digit in range(10)),
)

FASHION_MNIST = KnownDataset(
    name="fashion-mnist",
    title="Fashion-MNIST",
    env_var="OWNFRAMEWORK_FASHION_MNIST_DIR",
    # The files of Zalando Research's release (MIT licence), decompressed; Debian's
    # dataset-fashion-mnist package ships the same bytes in /usr/share/datasets/fashion-mnist.
    sha256={
        "train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        "train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        "t10k-images-idx3-ubyte": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        "t10k-labels-idx1-ubyte": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    },
    mirrors=(
        "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
        # Plain HTTP: the checksums above, not the connection, vouch for the bytes.
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    ),
    class_names=("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                 "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
    class_labels=("fashion_tshirt", "fashion_trouser", "fashion_pullover", "fashion_dress", "fashion_coat",
                  "fashion_sandal", "fashion_shirt", "fashion_sneaker", "fashion_bag", "fashion_ankle_boot"),
)

DATASETS = {known.name: known for known in (MNIST, FASHION_MNIST)}


def dataset(name: str) -> KnownDataset:
    """The known data set called ``name`` ("mnist", "fashion-mnist"); ValueError for any other."""
    try:
        return DATASETS[name]
    except KeyError:
        raise ValueError(f"unknown data set {name!r}; known: {', '.join(DATASETS)} "
                         "(other IDX files load with verify=False)") from None


def identify(digest: str) -> tuple[KnownDataset, str] | None:
    """The known data set and file name whose decompressed bytes have SHA-256 ``digest``, if any."""
    for known in DATASETS.values():
        for file_name, expected in known.sha256.items():
            if expected == digest:
                return known, file_name
    return None
