"""Write docs/*.ipynb from their authored sources, tools/sources/notebooks/*.py.

The English notebooks are authored as jupytext "percent" scripts: easy to
review and diff. ``docs/*.ipynb`` is generated from them and committed (the
site, the translators and the translation checks read it), so never edit it
by hand: edit the source and run this module. The notebooks it writes follow
the site's rules: no outputs, no execution counts, stable cell ids, no
jupytext metadata, tags kept (``figure``), and the metadata names their origin::

    "generated_from": "tools/sources/notebooks/framework.py",
    "generator": "python -m tools.sources.sync_notebooks"

tests/test_sources.py regenerates every notebook in memory and fails when a
committed one differs (drift). From the repository root::

    python -m tools.sources.sync_notebooks            # write docs/framework.ipynb, docs/mnist-lab.ipynb
    python -m tools.sources.sync_notebooks --check    # exit 1 if a notebook is out of date

Translations are authored files, not generated: ``translations/<lang>/NAME.ipynb``
holds translated Markdown cells, code cells byte-identical to English, and
the record ``metadata.translation = {"source": NAME, "source_sha256": ...}``
(the SHA-256 of ``docs/NAME.ipynb``). Start one with the translation tools'
init command (a copy of ``docs/NAME.ipynb`` with the record); the copied
``generated_from``/``generator`` keys are wrong there but harmless (delete
them; the build drops them from every notebook it publishes). When the
English code changes::

    python -m tools.sources.sync_notebooks --update-code translations/ru/framework.ipynb

copies the English code cells into a translated notebook whose cells line up
with the English ones (same number, same types), and the English tags of its
Markdown cells (``worked-solution`` folds a worked solution on the page; tags are
never translated), leaving the Markdown text and the translation record alone.
The Markdown still has to be checked against the English changes and the record
re-stamped by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jupytext
import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SOURCES = HERE / "notebooks"
DOCS = ROOT / "docs"
#: Authored source (in tools/sources/notebooks/) -> generated notebook (in docs/).
NOTEBOOKS = {"framework.py": "framework.ipynb", "mnist_lab.py": "mnist-lab.ipynb"}
GENERATOR = "python -m tools.sources.sync_notebooks"
#: Notebook metadata that says where a generated notebook comes from.
ORIGIN_KEYS = ("generated_from", "generator")


def render(source: Path) -> str:
    """The notebook JSON for one jupytext source."""
    nb = jupytext.read(source, fmt="py:percent")
    nb.metadata = {
        "generated_from": source.resolve().relative_to(ROOT).as_posix(),
        "generator": GENERATOR,
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
    return str(nbformat.writes(nb)) + "\n"


def generated() -> dict[Path, str]:
    """What every docs/*.ipynb must hold: its path -> the JSON its source produces."""
    return {DOCS / target: render(SOURCES / source) for source, target in NOTEBOOKS.items()}


def update_code(translation: Path) -> list[str]:
    """Copy the English code cells into ``translation``; return the problems (none: done)."""
    english = nbformat.read(DOCS / translation.name, as_version=4)
    translated = nbformat.read(translation, as_version=4)
    en_types = [cell.cell_type for cell in english.cells]
    tr_types = [cell.cell_type for cell in translated.cells]
    if en_types != tr_types:
        pairs = enumerate(zip(en_types, tr_types, strict=False))
        first = next((i for i, (a, b) in pairs if a != b), min(len(en_types), len(tr_types)))
        problem = (
            f"{translation}: cells do not line up with docs/{translation.name} "
            f"({len(tr_types)} vs {len(en_types)} cells, first difference at cell {first}); "
            "add or remove Markdown cells as in English first"
        )
        return [problem]
    for en_cell, tr_cell in zip(english.cells, translated.cells, strict=True):
        tr_cell.id = en_cell.id
        if en_cell.cell_type == "code":
            tr_cell.source = en_cell.source
            tr_cell.metadata = en_cell.metadata
            tr_cell.outputs = []
            tr_cell.execution_count = None
        else:
            tags = en_cell.get("metadata", {}).get("tags", [])
            if tags:
                tr_cell.metadata["tags"] = list(tags)
            else:
                tr_cell.metadata.pop("tags", None)
    translation.write_text(nbformat.writes(translated) + "\n", encoding="utf-8")
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=GENERATOR, description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale notebooks")
    parser.add_argument("--update-code", nargs="+", type=Path, metavar="NOTEBOOK",
                        help="copy the English code cells (and every cell's tags) into these translated notebooks")
    args = parser.parse_args(argv)
    if args.update_code:
        problems = [problem for path in args.update_code for problem in update_code(path)]
        print("\n".join(problems) or "code cells copied", file=sys.stderr if problems else sys.stdout)
        return 1 if problems else 0
    stale = []
    for target, text in generated().items():
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        stale.append(target.name)
        if not args.check:
            target.write_text(text, encoding="utf-8")
    if args.check and stale:
        print(f"out of date: {', '.join(stale)} (run {GENERATOR})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
