"""Random small shifts and rotations of 28x28 images (data augmentation).

Each image gets its own random shift (whole pixels) and rotation; all images
are warped at once with array operations, no Python loop over images.
A slightly moved or tilted digit is still the same digit, so training on
such copies teaches the network to ignore where exactly the digit sits.
"""

from __future__ import annotations

import numpy as np

__all__ = ["augment", "random_rotate", "random_shift"]

SIDE = 28
CHUNK = 256


def _as_square_images(images: np.ndarray) -> np.ndarray:
    array = np.asarray(images)
    if array.ndim == 2 and array.shape[1] == SIDE * SIDE:
        return array.reshape(-1, SIDE, SIDE).astype(np.float32, copy=False)
    if array.ndim == 3 and array.shape[1:] == (SIDE, SIDE):
        return array.astype(np.float32, copy=False)
    raise ValueError(f"expected images of shape (n, 784) or (n, 28, 28), got {array.shape}")


def _warp(
    images: np.ndarray, angles: np.ndarray, shifts: np.ndarray
) -> np.ndarray:
    """Rotate each image about its centre by ``angles`` (radians), then shift it.

    images: (n, 28, 28), angles: (n,), shifts: (n, 2) as (down, right) pixels.
    Pixels that come from outside the image are 0 (background).
    """
    n = len(images)
    centre = (SIDE - 1) / 2
    rows, cols = np.mgrid[0:SIDE, 0:SIDE].astype(np.float32) - np.float32(centre)
    # Work backwards: for every output pixel, find the input point it comes from
    # (undo the shift, then rotate by -angle), and read it there by bilinear interpolation.
    r = rows[None] - shifts[:, 0, None, None]
    c = cols[None] - shifts[:, 1, None, None]
    cos, sin = np.cos(angles)[:, None, None], np.sin(angles)[:, None, None]
    src_r = cos * r + sin * c + centre
    src_c = -sin * r + cos * c + centre

    r0, c0 = np.floor(src_r), np.floor(src_c)
    wr, wc = src_r - r0, src_c - c0  # how far past the top-left neighbour, 0..1
    # Two rows and columns of zeros around each image. Clipping the top-left neighbour
    # to -2..28 puts any point outside the image onto that zero border.
    side = SIDE + 4
    padded = np.pad(images, ((0, 0), (2, 2), (2, 2))).ravel()
    r0 = np.clip(r0, -2, SIDE).astype(np.intp) + 2
    c0 = np.clip(c0, -2, SIDE).astype(np.intp) + 2
    # Indexing the flattened batch with one integer array is much faster than 3-D fancy indexing.
    top_left = (np.arange(n) * side * side)[:, None, None] + r0 * side + c0
    top = (1 - wc) * padded.take(top_left) + wc * padded.take(top_left + 1)
    bottom = (1 - wc) * padded.take(top_left + side) + wc * padded.take(top_left + side + 1)
    result: np.ndarray = ((1 - wr) * top + wr * bottom).astype(np.float32, copy=False)
    return result


def augment(
    images: np.ndarray,
    *,
    max_shift: int = 2,
    max_degrees: float = 10.0,
    seed: int | np.random.Generator | None = None,
) -> np.ndarray:
    """Return randomly shifted and rotated copies of ``images``.

    Each image moves by a whole number of pixels in -max_shift..max_shift
    (independently down and right) and turns by a uniform random angle in
    [-max_degrees, max_degrees] degrees.

    images: (n, 784) or (n, 28, 28). Returns float32 of the same shape.
    """
    if max_shift < 0 or max_degrees < 0:
        raise ValueError(f"max_shift and max_degrees must be >= 0, got {max_shift} and {max_degrees}")
    square = _as_square_images(images)
    rng = np.random.default_rng(seed)
    n = len(square)
    shifts = rng.integers(-max_shift, max_shift + 1, size=(n, 2)).astype(np.float32)
    angles = np.deg2rad(rng.uniform(-max_degrees, max_degrees, size=n)).astype(np.float32)
    out = np.empty_like(square)
    # Chunks of a few hundred images keep the temporary arrays in the CPU cache (5x faster).
    for start in range(0, n, CHUNK):
        part = slice(start, start + CHUNK)
        out[part] = _warp(square[part], angles[part], shifts[part])
    return out.reshape(np.shape(images))


def random_shift(
    images: np.ndarray, max_shift: int = 2, *, seed: int | np.random.Generator | None = None
) -> np.ndarray:
    """Shift each image by whole pixels only; images: (n, 784) or (n, 28, 28)."""
    return augment(images, max_shift=max_shift, max_degrees=0.0, seed=seed)


def random_rotate(
    images: np.ndarray, max_degrees: float = 10.0, *, seed: int | np.random.Generator | None = None
) -> np.ndarray:
    """Rotate each image about its centre only; images: (n, 784) or (n, 28, 28)."""
    return augment(images, max_shift=0, max_degrees=max_degrees, seed=seed)
