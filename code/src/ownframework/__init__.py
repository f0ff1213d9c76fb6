"""ownframework: a small NumPy neural-network framework, built step by step in the lesson.

    from ownframework import Net, Linear, ReLU, Softmax, CrossEntropy, SGD, fit
    net = Net().add(Linear(784, 128)).add(ReLU()).add(Linear(128, 10)).add(Softmax())
    history = fit(net, X, y, loss=CrossEntropy(), optimizer=SGD(0.01), epochs=15, batch_size=64)

Data sets live in ``ownframework.data`` and plots (needs matplotlib) in ``ownframework.plots``.
"""

from ownframework.activations import ReLU, Sigmoid, Softmax, Tanh, activation
from ownframework.errors import (
    DataFileError,
    EmptyDataError,
    LabelError,
    ModelFileError,
    NonFiniteError,
    OwnFrameworkError,
    ShapeError,
    TrainingDiverged,
)
from ownframework.gradcheck import gradient_check
from ownframework.layers import BatchNorm, Dropout, Layer, Linear
from ownframework.losses import MAE, MSE, BinaryCrossEntropy, CrossEntropy, Loss
from ownframework.metrics import accuracy, classification_report, confusion_matrix
from ownframework.network import Net, evaluating
from ownframework.optimizers import SGD, Adam, Optimizer, optimizer
from ownframework.schedules import CosineLR, StepLR
from ownframework.serialization import load, save
from ownframework.training import History, evaluate, fit, train_epoch

__version__ = "0.1.0"

__all__ = [
    "MAE",
    "MSE",
    "SGD",
    "Adam",
    "BatchNorm",
    "BinaryCrossEntropy",
    "CosineLR",
    "CrossEntropy",
    "DataFileError",
    "Dropout",
    "EmptyDataError",
    "History",
    "LabelError",
    "Layer",
    "Linear",
    "Loss",
    "ModelFileError",
    "Net",
    "NonFiniteError",
    "Optimizer",
    "OwnFrameworkError",
    "ReLU",
    "ShapeError",
    "Sigmoid",
    "Softmax",
    "StepLR",
    "Tanh",
    "TrainingDiverged",
    "__version__",
    "accuracy",
    "activation",
    "classification_report",
    "confusion_matrix",
    "evaluate",
    "evaluating",
    "fit",
    "gradient_check",
    "load",
    "optimizer",
    "save",
    "train_epoch",
]
