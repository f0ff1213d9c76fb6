"""Argument checks shared by the layers, the training loops, the toy data and the command line."""

from __future__ import annotations

import numpy as np


def positive_int(name: str, value: object) -> int:
    """value as an int if it is a whole number of at least 1, else a ValueError that names it.

    True and False are refused although Python counts them as ints: Linear(True, 3) is a mistake.
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)
