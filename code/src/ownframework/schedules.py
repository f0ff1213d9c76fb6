"""Learning-rate schedules: callables ``epoch -> lr`` with epochs counted from 0.

fit(..., schedule=CosineLR(0.05, epochs=15)) sets the optimizer's lr before every epoch.
"""

from __future__ import annotations

import math


class StepLR:
    """Multiply the learning rate by gamma every step_size epochs: lr * gamma ** (epoch // step_size)."""

    def __init__(self, lr: float, step_size: int, gamma: float = 0.1) -> None:
        if not lr > 0 or not step_size >= 1 or not gamma > 0:
            raise ValueError(f"StepLR needs lr > 0, step_size >= 1, gamma > 0; got {lr!r}, {step_size!r}, {gamma!r}")
        self.lr, self.step_size, self.gamma = float(lr), int(step_size), float(gamma)

    def __call__(self, epoch: int) -> float:
        return self.lr * self.gamma ** (epoch // self.step_size)

    def __repr__(self) -> str:
        return f"StepLR(lr={self.lr:g}, step_size={self.step_size}, gamma={self.gamma:g})"


class CosineLR:
    """Glide from lr down towards min_lr along half a cosine wave over the given epochs.

    lr(epoch) = min_lr + (lr - min_lr) * (1 + cos(pi * epoch / epochs)) / 2
    """

    def __init__(self, lr: float, epochs: int, min_lr: float = 0.0) -> None:
        if not lr > 0 or not epochs >= 1 or not 0 <= min_lr <= lr:
            raise ValueError(f"CosineLR needs lr > 0, epochs >= 1, 0 <= min_lr <= lr; got {lr}, {epochs}, {min_lr}")
        self.lr, self.epochs, self.min_lr = float(lr), int(epochs), float(min_lr)

    def __call__(self, epoch: int) -> float:
        progress = min(epoch, self.epochs) / self.epochs
        return self.min_lr + (self.lr - self.min_lr) * (1 + math.cos(math.pi * progress)) / 2

    def __repr__(self) -> str:
        return f"CosineLR(lr={self.lr:g}, epochs={self.epochs}, min_lr={self.min_lr:g})"
