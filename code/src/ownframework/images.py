"""Reading a picture file (PNG, JPEG, ...) as grey values, with errors a person can act on.

Needs Pillow (``pip install 'ownframework[images]'``; matplotlib, the ``plots``
extra, brings it too). Only pixel data is read: nothing in a picture file can
run code.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np

from ownframework.errors import DataFileError, OwnFrameworkError
from ownframework.preprocess import grey_from_rgba

__all__ = ["MODES", "ImageFileError", "PillowMissingError", "read_grey"]

#: Pillow modes we read: 1-bit, 8-bit grey or palette, colour, each with or without alpha, 16-bit grey.
MODES = ("1", "L", "LA", "La", "P", "PA", "RGB", "RGBA", "RGBa", "RGBX", "CMYK", "YCbCr",
         "I;16", "I;16L", "I;16B")


class ImageFileError(DataFileError):
    """A file is not a picture we can read: not an image, empty, truncated, or of an unusual mode."""


class PillowMissingError(OwnFrameworkError, ImportError):
    """Reading pictures needs Pillow, which is not installed."""


def _pillow() -> Any:
    try:
        from PIL import Image, ImageOps
    except ImportError:
        raise PillowMissingError("reading pictures needs Pillow: pip install 'ownframework[images]' "
                                 "(or pip install pillow)") from None
    return Image, ImageOps


def read_grey(path: str | Path) -> np.ndarray:
    """The picture at ``path`` as (h, w) float64 grey values in [0, 1]; transparency shows as white.

    Photos are turned upright as their EXIF orientation says. ImageFileError when
    the file is missing, empty, not a picture, truncated, or of a mode not in MODES.
    """
    Image, ImageOps = _pillow()
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        raise ImageFileError(f"{path}: cannot be read: {err.strerror}") from None
    if size == 0:
        raise ImageFileError(f"{path}: the file is empty (0 bytes), not a picture")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)  # refuse, not just warn
            with Image.open(path) as picture:
                picture.load()
                picture = ImageOps.exif_transpose(picture)
    except Image.UnidentifiedImageError:
        raise ImageFileError(f"{path}: not a picture that Pillow can read (PNG, JPEG, ...)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise ImageFileError(f"{path}: too many pixels to be a picture of one digit ({err})") from None
    except (OSError, SyntaxError, ValueError) as err:  # truncated or corrupted data
        raise ImageFileError(f"{path}: the picture is damaged or truncated: {err}") from None
    return _grey(picture, path)


def _grey(picture: Any, path: Path) -> np.ndarray:
    width, height = picture.size
    if width == 0 or height == 0:
        raise ImageFileError(f"{path}: the picture has no pixels ({width}x{height})")
    if picture.mode not in MODES:
        raise ImageFileError(f"{path}: pictures of mode {picture.mode!r} are not supported; "
                             f"save it as an ordinary PNG or JPEG (grey or colour)")
    if picture.mode.startswith("I;16"):  # 16-bit grey: scale to 0..1 ourselves, Pillow would clip
        return np.asarray(picture, dtype=np.float64) / 65535
    if picture.mode == "L":
        return np.asarray(picture, dtype=np.float64) / 255
    return grey_from_rgba(np.asarray(picture.convert("RGBA")))
