"""The package's exceptions.

Each one subclasses the built-in exception a caller would expect (``ValueError``
for bad input, ``RuntimeError`` for a failed training run), so ``except
ValueError`` keeps working, and all of them subclass ``OwnFrameworkError`` so a
program can catch everything this package raises in one place.
"""

from __future__ import annotations


class OwnFrameworkError(Exception):
    """Base class of every error raised on purpose by ownframework."""


class ShapeError(OwnFrameworkError, ValueError):
    """An array has the wrong shape for the layer, loss or function that received it."""


class NonFiniteError(OwnFrameworkError, ValueError):
    """An input contains NaN or infinity."""


class LabelError(OwnFrameworkError, ValueError):
    """Class labels are not integers, not 1-D, out of range, or do not match the batch."""


class EmptyDataError(OwnFrameworkError, ValueError):
    """A data set or batch has no examples."""


class TrainingDiverged(OwnFrameworkError, RuntimeError):
    """The loss became NaN or infinite during training (usually: learning rate too high)."""


class ModelFileError(OwnFrameworkError, ValueError):
    """A saved model file is not readable: truncated, corrupted, tampered with or inconsistent."""


class DataFileError(OwnFrameworkError, ValueError):
    """A data file is truncated, corrupted or fails its checksum."""
