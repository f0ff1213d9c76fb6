"""Data for the lesson and the lab: toy sets, MNIST and Fashion-MNIST, image augmentation."""

from ownframework.data.augment import augment, random_rotate, random_shift
from ownframework.data.datasets import DATASETS, KnownDataset
from ownframework.data.mnist import (
    DatasetNotFoundError,
    Mnist,
    MnistFileError,
    MnistNotFoundError,
    UncheckedDataWarning,
    describe,
    load_dataset,
    load_mnist,
    split_validation,
)
from ownframework.data.toy import (
    add_label_noise,
    make_blobs,
    make_circles,
    make_linear,
    make_moons,
    make_regression_1d,
    make_spirals,
)

__all__ = [
    "DATASETS",
    "DatasetNotFoundError",
    "KnownDataset",
    "Mnist",
    "MnistFileError",
    "MnistNotFoundError",
    "UncheckedDataWarning",
    "add_label_noise",
    "augment",
    "describe",
    "load_dataset",
    "load_mnist",
    "make_blobs",
    "make_circles",
    "make_linear",
    "make_moons",
    "make_regression_1d",
    "make_spirals",
    "random_rotate",
    "random_shift",
    "split_validation",
]
