"""A picture of one digit made into an MNIST-style 28x28 input, as the MNIST images were made.

MNIST's digits are light on dark, scaled so that the digit's bounding box
fits a 20x20 box (keeping its proportions) and placed in a 28x28 image so that
its centre of mass is at the centre. ``mnist_style`` does the same to any
picture, dark-on-light or light-on-dark, of any size:

1. make the background dark: when most of the picture's border is light, invert it;
2. stretch the values so the background is 0 and the brightest ink is 1;
3. crop to the bounding box of the ink (values above ``INK``);
4. resize so the longer side is 20 pixels (area averaging, as a scanner would);
5. shift inside 28x28 so the centre of mass lands in the middle.

The draw-a-digit box on the site runs the same steps in JavaScript
(``docs/assets/js/draw-digit.js``) in the same order with the same rounding, so
the two agree to floating-point rounding; change both together.
"""

from __future__ import annotations

import math

import numpy as np

from ownframework.errors import OwnFrameworkError

__all__ = ["BOX", "INK", "SIZE", "EmptyImageError", "grey_from_rgba", "mnist_style"]

SIZE = 28  # the side of an MNIST image
BOX = 20  # the side of the box the digit is scaled into
INK = 0.1  # values above this (after stretching to 0..1) count as ink for the bounding box
MIN_CONTRAST = 0.05  # a picture whose ink is fainter than this is taken as empty


class EmptyImageError(OwnFrameworkError, ValueError):
    """A picture has nothing on it that could be a digit."""


def grey_from_rgba(rgba: np.ndarray) -> np.ndarray:
    """(h, w, 4) uint8 RGBA -> (h, w) float64 grey in [0, 1], transparent parts white.

    Luma weights 0.299, 0.587, 0.114 (ITU-R BT.601, as Pillow's "L" mode); a pixel's
    alpha mixes it with white, so a digit drawn on a transparent background shows.
    """
    values = np.asarray(rgba, dtype=np.float64)
    alpha = values[..., 3] / 255
    luma = (values[..., 0] * 0.299 + values[..., 1] * 0.587 + values[..., 2] * 0.114) / 255
    return luma * alpha + (1 - alpha)


def _round(value: float) -> int:
    """Round half up, as JavaScript's Math.round (NumPy rounds halves to even)."""
    return math.floor(value + 0.5)


def _area_weights(n_in: int, n_out: int) -> np.ndarray:
    """(n_out, n_in): output pixel i averages input [i * n_in / n_out, (i + 1) * n_in / n_out)."""
    edges = np.arange(n_out + 1, dtype=np.float64) * n_in / n_out
    low, high = edges[:-1, None], edges[1:, None]
    pixel = np.arange(n_in, dtype=np.float64)[None, :]
    overlap = np.clip(np.minimum(high, pixel + 1) - np.maximum(low, pixel), 0, None)
    return overlap / (n_in / n_out)


def mnist_style(grey: np.ndarray) -> np.ndarray:
    """(h, w) grey values in [0, 1], any polarity -> (784,) float32, MNIST-style (see the module doc).

    EmptyImageError when the picture holds no ink (a blank or uniform picture).
    """
    image = np.asarray(grey, dtype=np.float64)
    if image.ndim != 2 or image.size == 0:
        raise ValueError(f"expected a 2-D grey image, got shape {image.shape}")
    border = np.concatenate([image[0], image[-1], image[1:-1, 0], image[1:-1, -1]])
    background = float(np.median(border))
    if background > 0.5:  # light paper, dark ink: MNIST is the other way round
        image, background = 1 - image, 1 - background
    contrast = float(image.max()) - background
    if contrast < MIN_CONTRAST:
        raise EmptyImageError(f"the picture is empty: no ink stands out from the background "
                              f"(contrast {max(contrast, 0):.3f}, at least {MIN_CONTRAST} needed)")
    image = np.clip((image - background) / contrast, 0, 1)

    rows, cols = np.nonzero(image > INK)
    image = image[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
    height, width = image.shape
    longer = max(height, width)
    new_height = max(1, _round(height * BOX / longer))
    new_width = max(1, _round(width * BOX / longer))
    patch = _area_weights(height, new_height) @ image @ _area_weights(width, new_width).T

    # Centre of mass, rounded to 1e-6 so that the JavaScript copy, which sums in
    # another order, picks the same whole-pixel shift even at exact halves.
    mass = patch.sum()
    centre_row = _round(float((patch.sum(axis=1) * np.arange(new_height)).sum() / mass) * 1e6) / 1e6
    centre_col = _round(float((patch.sum(axis=0) * np.arange(new_width)).sum() / mass) * 1e6) / 1e6
    middle = SIZE / 2  # where MNIST has it: its centres of mass average (14.0, 14.0)
    top = min(max(_round(middle - centre_row), 0), SIZE - new_height)
    left = min(max(_round(middle - centre_col), 0), SIZE - new_width)
    out = np.zeros((SIZE, SIZE))
    out[top : top + new_height, left : left + new_width] = patch
    return out.astype(np.float32).ravel()
