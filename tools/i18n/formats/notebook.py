"""Notebook reader: the Markdown cells as prose, the code cells byte for byte.

Structure items: the nbformat version, every cell (type, id, a Markdown cell's
tags), code cells with their tags, attachments. A stored notebook carries no outputs.
"""

from __future__ import annotations

import json
from pathlib import Path

from tools.i18n.document import Doc
from tools.i18n.formats.markdown import MarkdownReader
from tools.i18n.problems import Loc, Problem, shown


def _cell_source_lines(raw: str) -> list[int | None]:
    """Line (1-based) of each cell's ``"source": [`` in the .ipynb file, if knowable.

    Works for notebooks written by Jupyter/nbformat (sorted keys, one JSON string
    per source line); anything else falls back to "cell N" locations.
    """
    starts: list[int | None] = []
    for k, line in enumerate(raw.split("\n")):
        if line.startswith(' "metadata"'):
            break  # top-level metadata follows the cells (sorted keys)
        stripped = line.strip()
        if stripped.startswith('"source": ['):
            starts.append(k + 1)
        elif stripped.startswith('"source": "'):
            starts.append(None)
    return starts


def read_notebook(path: Path) -> Doc:
    """A notebook: Markdown cells read as Markdown, located by cell and line."""
    doc = Doc(path, "ipynb")
    label = shown(path)
    raw = path.read_text(encoding="utf-8")
    try:
        nb = json.loads(raw)
        cells = nb["cells"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        doc.problems.append(Problem(Loc(label), "parity", f"not a readable notebook: {exc}"))
        return doc
    starts = _cell_source_lines(raw)
    reader = MarkdownReader(doc)
    doc.add("notebook", f"nbformat {nb.get('nbformat')}.{nb.get('nbformat_minor')}", Loc(label, 1))
    for number, cell in enumerate(cells, start=1):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        first = starts[number - 1] if len(starts) == len(cells) else None

        def loc_of(k: int, number: int = number, first: int | None = first) -> Loc:
            if first is None:
                return Loc(label, None, f"cell {number}, line {k + 1}")
            return Loc(label, first + 1 + k, f"cell {number}")

        cell_type = cell.get("cell_type")
        tags = cell.get("metadata", {}).get("tags", [])
        # a Markdown cell's tags count too (``worked-solution`` folds the cell on the page)
        shown_tags = f" tags={tags}" if tags and cell_type != "code" else ""
        doc.add("cell", f"{cell_type} cell id={cell.get('id', '')!r}{shown_tags}", loc_of(0))
        doc.raw_lines.extend((line, loc_of(k)) for k, line in enumerate(source.split("\n")))
        if cell_type == "code":
            tags = cell.get("metadata", {}).get("tags", [])
            doc.add("code_cell", f"tags={tags}\n{source}", loc_of(0))
            if cell.get("outputs") or cell.get("execution_count") is not None:
                doc.problems.append(Problem(loc_of(0), "parity", "code cell has outputs or an execution count; "
                                            "notebooks are stored without outputs"))
        elif cell_type == "markdown":
            reader.read(source.split("\n"), loc_of)
            for name in cell.get("attachments", {}) or {}:
                doc.add("image", f"attachment:{name}", loc_of(0))
    return doc


