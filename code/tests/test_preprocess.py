"""MNIST-style preprocessing: any size and polarity in, MNIST's own framing out."""

from __future__ import annotations

import os

import numpy as np
import pytest

from ownframework.preprocess import EmptyImageError, grey_from_rgba, mnist_style


def stroke_picture(height: int = 300, width: int = 200, dark_on_light: bool = True) -> np.ndarray:
    """A thick "7" (a bar and a slanted stem) on a plain background, grey values in [0, 1]."""
    rows, cols = np.mgrid[0:height, 0:width] / np.array([height, width])[:, None, None]
    bar = (np.abs(rows - 0.25) < 0.05) & (np.abs(cols - 0.5) < 0.3)
    stem = (np.abs(cols - (0.8 - 0.4 * (rows - 0.25) / 0.55)) < 0.06) & (rows > 0.2) & (rows < 0.8)
    ink = (bar | stem).astype(np.float64)
    return 1 - 0.9 * ink if dark_on_light else 0.1 + 0.85 * ink


def as_image(x: np.ndarray) -> np.ndarray:
    return x.reshape(28, 28)


def test_the_digit_is_scaled_into_20_pixels_and_centred_by_mass():
    out = as_image(mnist_style(stroke_picture()))
    assert out.dtype == np.float32 and out.min() == 0 and out.max() == pytest.approx(1.0)
    rows, cols = np.nonzero(out > 0)
    assert rows.max() - rows.min() + 1 == 20  # the taller side fills the box
    assert cols.max() - cols.min() + 1 < 20  # the narrower one keeps the proportions
    mass = out.sum()
    centre = (out.sum(axis=1) @ np.arange(28) / mass, out.sum(axis=0) @ np.arange(28) / mass)
    assert np.allclose(centre, 14, atol=0.5)


def test_polarity_and_size_do_not_matter():
    reference = mnist_style(stroke_picture())
    for picture in (stroke_picture(dark_on_light=False), stroke_picture(600, 400), stroke_picture(90, 60)):
        assert np.abs(mnist_style(picture) - reference).mean() < 0.02


def test_a_tiny_picture_is_scaled_up():
    picture = np.zeros((5, 3))
    picture[1:4, 1] = 1.0
    out = as_image(mnist_style(picture))
    rows, _ = np.nonzero(out > 0.5)
    assert rows.max() - rows.min() + 1 == 20


@pytest.mark.parametrize("picture", [np.ones((40, 40)), np.zeros((40, 40)), np.full((9, 9), 0.5),
                                     np.full((30, 30), 0.98) + np.eye(30) * 0.01])
def test_a_picture_without_ink_is_an_empty_image_error(picture):
    with pytest.raises(EmptyImageError, match="the picture is empty"):
        mnist_style(picture)


@pytest.mark.parametrize("shape", [(0, 5), (5,), (3, 3, 3)])
def test_not_a_grey_picture_is_a_value_error(shape):
    with pytest.raises(ValueError, match="expected a 2-D grey image"):
        mnist_style(np.zeros(shape))


def test_grey_from_rgba_weights_the_channels_and_shows_transparency_as_white():
    rgba = np.array([[[255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 255], [0, 0, 0, 0], [0, 0, 0, 128]]],
                    dtype=np.uint8)
    grey = grey_from_rgba(rgba)[0]
    np.testing.assert_allclose(grey, [0.299, 0.587, 0.114, 1.0, 1 - 128 / 255])


@pytest.mark.skipif(not os.environ.get("OWNFRAMEWORK_MNIST_DIR"), reason="needs the real MNIST files")
def test_mnist_test_images_come_back_as_they_were():
    """MNIST was made this way: most of its own images (70 % of the first 500) pass through unchanged."""
    from ownframework.data import load_mnist

    images = load_mnist(download=False).X_test[:500].reshape(-1, 28, 28)
    outputs = [mnist_style(image).reshape(28, 28) for image in images]
    unchanged = [np.abs(out - image).max() < 1e-6 for out, image in zip(outputs, images, strict=True)]
    assert np.mean(unchanged) >= 0.65, f"only {np.mean(unchanged):.0%} of MNIST's images come back unchanged"
