"""Writing files the way a user expects: whole or not at all, with the usual permissions."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["new_file_mode", "write_atomically"]


def new_file_mode() -> int:
    """The permissions open() gives a new file: 0o666 less the umask (usually 0o644)."""
    umask = os.umask(0)  # reading the umask means setting it...
    os.umask(umask)  # ...so set it straight back
    return 0o666 & ~umask


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    An interruption never leaves a half-written file behind, and the file gets
    the permissions of any new file (mkstemp's 0o600 would survive the rename).
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, new_file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
