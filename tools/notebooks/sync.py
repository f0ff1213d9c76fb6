"""Write docs/*.ipynb from the jupytext sources in this folder.

The sources are jupytext "percent" scripts: easy to review and diff. The
notebooks they produce follow the site's rules: no outputs, no execution
counts, stable cell ids, no jupytext metadata, tags kept (``figure``).

    python tools/notebooks/sync.py            # write docs/framework.ipynb, docs/mnist-lab.ipynb
    python tools/notebooks/sync.py --check    # exit 1 if a notebook is out of date
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale notebooks")
    args = parser.parse_args()
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
