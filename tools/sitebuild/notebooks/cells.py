"""Reading notebooks and telling their cells apart: shared by the notebook modules."""

from __future__ import annotations

import logging
from pathlib import Path

import nbformat
from mkdocs.exceptions import PluginError

#: One logger for every notebook module: MkDocs shows it, and --strict counts its warnings.
log = logging.getLogger("mkdocs.sitebuild.notebooks")

#: Code cells with this tag only draw a figure: they are redrawn in every language.
FIGURE_TAG = "figure"


def read_notebook(path: Path) -> nbformat.NotebookNode:
    try:
        nb: nbformat.NotebookNode = nbformat.read(path, as_version=4)
    except Exception as exc:  # malformed JSON, wrong nbformat, ...
        raise PluginError(f"notebooks: cannot read {path}: {exc}") from exc
    return nb


def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def is_figure(cell: nbformat.NotebookNode) -> bool:
    return FIGURE_TAG in cell.get("metadata", {}).get("tags", [])


def first_line(source: str) -> str:
    """The first line of a cell, shortened: how messages name a cell."""
    line = source.strip().splitlines()[0] if source.strip() else "(empty cell)"
    return line if len(line) <= 70 else line[:67] + "..."
