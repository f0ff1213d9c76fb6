"""Generated files match their authored sources (tools/sources/): no drift.

``docs/*.ipynb`` is generated from ``tools/sources/notebooks/*.py`` and
``docs/assets/figures/*.svg`` from ``tools/sources/make_figures.py``. Both are
committed; these tests regenerate them in memory and fail when a committed
file differs from what its source produces (someone edited the output, or
the source without running the generator) or does not name its source.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from site_html import ROOT
from tools.sources import make_figures, sync_notebooks

DOCS = ROOT / "docs"


# --------------------------------------------------------------------------- notebooks
@pytest.fixture(scope="module")
def notebooks() -> dict[Path, str]:
    return sync_notebooks.generated()


def test_every_docs_notebook_has_a_source(notebooks):
    assert set(notebooks) == set(DOCS.glob("*.ipynb")), (
        "every docs/*.ipynb is generated: add its source to sync_notebooks.NOTEBOOKS"
    )


def test_notebooks_equal_what_their_sources_produce(notebooks):
    for path, text in notebooks.items():
        assert path.read_text(encoding="utf-8") == text, (
            f"docs/{path.name} differs from its source: edit tools/sources/notebooks/ and run "
            f"`{sync_notebooks.GENERATOR}`, never the .ipynb"
        )


def test_notebooks_name_their_source():
    for path in sorted(DOCS.glob("*.ipynb")):
        metadata = json.loads(path.read_text(encoding="utf-8"))["metadata"]
        source = ROOT / metadata.get("generated_from", "-")
        assert source.is_file() and source.parent == sync_notebooks.SOURCES, f"{path.name}: no generated_from"
        assert metadata.get("generator") == sync_notebooks.GENERATOR


def test_notebooks_have_no_outputs(notebooks):
    for path, text in notebooks.items():
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
        code = [cell for cell in nb.cells if cell.cell_type == "code"]
        assert code and all(not c.outputs and c.execution_count is None for c in code), path.name


def test_update_code_copies_english_code_into_a_translation(tmp_path):
    """The translators' command: English code cells in, translated Markdown and record untouched."""
    translation = tmp_path / "framework.ipynb"
    shutil.copyfile(ROOT / "translations" / "ru" / "framework.ipynb", translation)
    before = nbformat.read(translation, as_version=4)
    changed = nbformat.read(translation, as_version=4)
    first_code = next(cell for cell in changed.cells if cell.cell_type == "code")
    first_code.source = "print('old code')"
    nbformat.write(changed, translation)

    assert sync_notebooks.update_code(translation) == []
    after = nbformat.read(translation, as_version=4)
    english = nbformat.read(DOCS / "framework.ipynb", as_version=4)
    assert [c.source for c in after.cells if c.cell_type == "code"] == [
        c.source for c in english.cells if c.cell_type == "code"
    ]
    assert [c.source for c in after.cells if c.cell_type == "markdown"] == [
        c.source for c in before.cells if c.cell_type == "markdown"
    ]
    assert after.metadata["translation"] == before.metadata["translation"]


def test_update_code_copies_the_tags_of_markdown_cells(tmp_path):
    """The worked solution's Markdown cells carry the tag that folds them on the page; translations get it too."""
    translation = tmp_path / "mnist-lab.ipynb"
    nb = nbformat.read(ROOT / "translations" / "ru" / "mnist-lab.ipynb", as_version=4)
    english = nbformat.read(DOCS / "mnist-lab.ipynb", as_version=4)
    tagged = [i for i, c in enumerate(english.cells) if c.cell_type == "markdown" and c.metadata.get("tags")]
    assert tagged, "the English lab marks its worked solution's Markdown cells"
    for i in tagged:
        nb.cells[i].metadata.pop("tags", None)
    nb.cells[0].metadata["tags"] = ["stray"]
    nbformat.write(nb, translation)
    assert sync_notebooks.update_code(translation) == []
    after = nbformat.read(translation, as_version=4)
    assert [c.metadata.get("tags", []) for c in after.cells] == [c.metadata.get("tags", []) for c in english.cells]
    assert [c.source for c in after.cells if c.cell_type == "markdown"] == [
        c.source for c in nb.cells if c.cell_type == "markdown"
    ]


def test_update_code_refuses_cells_that_do_not_line_up(tmp_path):
    translation = tmp_path / "framework.ipynb"
    nb = nbformat.read(ROOT / "translations" / "ru" / "framework.ipynb", as_version=4)
    del nb.cells[1]
    nbformat.write(nb, translation)
    problems = sync_notebooks.update_code(translation)
    assert len(problems) == 1 and "do not line up" in problems[0]


# --------------------------------------------------------------------------- figures
def test_figures_equal_what_make_figures_draws():
    figures = make_figures.generated()
    assert set(figures) == set((DOCS / "assets" / "figures").glob("*.svg")), (
        "every figure in docs/assets/figures/ is drawn by tools/sources/make_figures.py"
    )
    for path, svg in figures.items():
        assert path.read_bytes() == svg.encode("utf-8"), (
            f"{path.name} differs from what tools/sources/make_figures.py draws: edit the generator and run "
            f"`{make_figures.GENERATOR}`, never the SVG"
        )


def test_figures_name_their_generator_and_are_deterministic():
    first, second = make_figures.generated(), make_figures.generated()
    assert first == second, "make_figures must draw the same bytes every time"
    for path, svg in first.items():
        assert svg.splitlines()[1] == make_figures.ORIGIN, f"{path.name}: no comment naming its generator"
