"""Write docs/*.ipynb from the jupytext sources in this folder.

The sources are jupytext "percent" scripts: easy to review and diff. The
notebooks they produce follow the site's rules: no outputs, no execution
counts, stable cell ids, no jupytext metadata, tags kept (``figure``).

    python tools/notebooks/sync.py            # write docs/framework.ipynb, docs/mnist-lab.ipynb
    python tools/notebooks/sync.py --check    # exit 1 if a notebook is out of date
    python tools/notebooks/sync.py --update-code translations/ru/framework.ipynb

``--update-code`` is for translators: it copies the English code cells into a
translated notebook whose cells line up with the English ones (same number,
same types), leaving its Markdown cells and its translation record alone.
Code cells must be byte-identical in every language; the Markdown still has to
be checked against the English changes and the record re-stamped by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jupytext
import nbformat

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent.parent / "docs"
NOTEBOOKS = {"framework.py": "framework.ipynb", "mnist_lab.py": "mnist-lab.ipynb"}


def render(source: Path) -> str:
    """Return the notebook JSON for one jupytext source."""
    nb = jupytext.read(source, fmt="py:percent")
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    stem = source.stem.replace("_", "-")
    for index, cell in enumerate(nb.cells):
        cell.id = f"{stem}-{index:02d}"
        tags = cell.metadata.get("tags", [])
        cell.metadata = {"tags": tags} if tags else {}
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def update_code(translation: Path) -> list[str]:
    """Copy the English code cells into ``translation``; return the problems (none: done)."""
    english = nbformat.read(DOCS / translation.name, as_version=4)
    translated = nbformat.read(translation, as_version=4)
    en_types = [cell.cell_type for cell in english.cells]
    tr_types = [cell.cell_type for cell in translated.cells]
    if en_types != tr_types:
        pairs = enumerate(zip(en_types, tr_types))
        first = next((i for i, (a, b) in pairs if a != b), min(len(en_types), len(tr_types)))
        problem = (
            f"{translation}: cells do not line up with docs/{translation.name} "
            f"({len(tr_types)} vs {len(en_types)} cells, first difference at cell {first}); "
            "add or remove Markdown cells as in English first"
        )
        return [problem]
    for en_cell, tr_cell in zip(english.cells, translated.cells):
        tr_cell.id = en_cell.id
        if en_cell.cell_type == "code":
            tr_cell.source = en_cell.source
            tr_cell.metadata = en_cell.metadata
            tr_cell.outputs = []
            tr_cell.execution_count = None
    translation.write_text(nbformat.writes(translated) + "\n", encoding="utf-8")
    return []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale notebooks")
    parser.add_argument("--update-code", nargs="+", type=Path, metavar="NOTEBOOK",
                        help="copy the English code cells into these translated notebooks")
    args = parser.parse_args()
    if args.update_code:
        problems = [problem for path in args.update_code for problem in update_code(path)]
        print("\n".join(problems) or "code cells copied", file=sys.stderr if problems else sys.stdout)
        return 1 if problems else 0
    stale = []
    for source_name, target_name in NOTEBOOKS.items():
        text = render(HERE / source_name)
        target = DOCS / target_name
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        stale.append(target_name)
        if not args.check:
            target.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("out of date:", ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
