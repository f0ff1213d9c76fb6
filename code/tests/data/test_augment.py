"""Image augmentation: shapes, seeds, and that shifts and rotations do what they say."""

import numpy as np
import pytest

from ownframework.data.augment import augment, random_rotate, random_shift


def digit_like(n: int = 8, seed: int = 0) -> np.ndarray:
    """Random blobs of ink in the middle of 28x28 images, zero background: (n, 28, 28)."""
    rng = np.random.default_rng(seed)
    images = np.zeros((n, 28, 28), dtype=np.float32)
    images[:, 8:20, 9:19] = rng.random((n, 12, 10))
    return images


def shifted(image: np.ndarray, down: int, right: int) -> np.ndarray:
    out = np.zeros_like(image)
    src = image[max(-down, 0) : 28 - max(down, 0), max(-right, 0) : 28 - max(right, 0)]
    out[max(down, 0) : 28 - max(-down, 0), max(right, 0) : 28 - max(-right, 0)] = src
    return out


@pytest.mark.parametrize("shape", [(5, 784), (5, 28, 28)])
def test_augment_keeps_shape_and_returns_float32(shape):
    images = digit_like(5).reshape(shape)
    out = augment(images, seed=0)
    assert out.shape == shape and out.dtype == np.float32


def test_augment_is_reproducible_with_a_seed_and_leaves_the_input_alone():
    images = digit_like()
    before = images.copy()
    np.testing.assert_array_equal(augment(images, seed=1), augment(images, seed=1))
    assert not np.allclose(augment(images, seed=1), augment(images, seed=2))
    np.testing.assert_array_equal(images, before)


def test_zero_shift_and_zero_rotation_is_the_identity():
    images = digit_like()
    np.testing.assert_allclose(augment(images, max_shift=0, max_degrees=0, seed=0), images, atol=1e-6)


def test_random_shift_moves_each_image_by_whole_pixels_within_the_limit():
    images = digit_like(20)
    out = random_shift(images, max_shift=2, seed=0)
    moves = set()
    for original, moved in zip(images, out, strict=True):
        matches = [
            (down, right)
            for down in range(-2, 3)
            for right in range(-2, 3)
            if np.allclose(moved, shifted(original, down, right), atol=1e-6)
        ]
        assert len(matches) == 1
        moves.add(matches[0])
    assert len(moves) > 3  # images really get different shifts


def test_random_rotate_keeps_the_ink_and_its_centre():
    images = digit_like(20)
    out = random_rotate(images, max_degrees=15, seed=0)
    assert not np.allclose(out, images)
    np.testing.assert_allclose(out.sum(axis=(1, 2)), images.sum(axis=(1, 2)), rtol=0.05)
    rows = np.arange(28)[None, :, None]
    centre_before = (images * rows).sum(axis=(1, 2)) / images.sum(axis=(1, 2))
    centre_after = (out * rows).sum(axis=(1, 2)) / out.sum(axis=(1, 2))
    np.testing.assert_allclose(centre_after, centre_before, atol=0.5)


def test_rotation_turns_a_horizontal_bar_by_at_most_the_limit():
    bar = np.zeros((50, 28, 28), dtype=np.float32)
    bar[:, 13:15, 4:24] = 1.0
    out = random_rotate(bar, max_degrees=10, seed=0)
    ys, xs = np.mgrid[0:28, 0:28] - 13.5
    angles = []
    for image in out:
        # Orientation of the ink from its second moments.
        w = image / image.sum()
        cov_xy, cov_xx, cov_yy = (w * xs * ys).sum(), (w * xs * xs).sum(), (w * ys * ys).sum()
        angles.append(np.degrees(0.5 * np.arctan2(2 * cov_xy, cov_xx - cov_yy)))
    assert np.abs(angles).max() <= 10.5
    assert np.abs(angles).max() > 5  # some images really turned


def test_augment_rejects_images_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"\(n, 784\) or \(n, 28, 28\)"):
        augment(np.zeros((3, 100)))
    with pytest.raises(ValueError, match="max_shift"):
        augment(np.zeros((3, 784)), max_shift=-1)


def test_points_outside_the_image_read_as_background():
    from ownframework.data.augment import _warp

    ones = np.ones((3, 28, 28), dtype=np.float32)
    shifts = np.array([[10.5, 0], [-3.5, 0], [0, 30]], dtype=np.float32)  # half-pixel and far-out moves
    out = _warp(ones, np.zeros(3, dtype=np.float32), shifts)
    np.testing.assert_array_equal(out[0, :10], 0)
    np.testing.assert_allclose(out[0, 10], 0.5)
    np.testing.assert_array_equal(out[0, 11:], 1)
    np.testing.assert_array_equal(out[1, -3:], 0)
    np.testing.assert_allclose(out[1, -4], 0.5)
    np.testing.assert_array_equal(out[2], 0)
