"""Readers per format: each turns one file into a Doc (tools/i18n/document.py).

``read_doc(path)`` picks the reader by suffix and caches the result until the
file changes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from tools.i18n.document import Doc
from tools.i18n.formats.markdown import read_markdown
from tools.i18n.formats.notebook import read_notebook
from tools.i18n.formats.svg import read_svg
from tools.i18n.formats.yaml_data import read_yaml

READERS: dict[str, Callable[[Path], Doc]] = {
    ".md": read_markdown, ".ipynb": read_notebook, ".svg": read_svg, ".yml": read_yaml, ".yaml": read_yaml,
}


@functools.lru_cache(maxsize=256)
def _read_cached(path: Path, mtime_ns: int, size: int) -> Doc:
    return READERS[path.suffix](path)


def read_doc(path: Path) -> Doc:
    """The Doc of a page, notebook, figure or YAML file (cached while the file is unchanged)."""
    stat = path.stat()
    return _read_cached(path, stat.st_mtime_ns, stat.st_size)
