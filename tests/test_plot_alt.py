"""Every notebook plot has its own alt text, in the page's language (issue 10, item 15).

The words live in the ``notebook_plots`` block of ui.yml (English in docs/ui.yml,
translations in translations/<lang>/ui.yml): the id of the code cell that draws
the plot -> what the plot shows. ``notebook.plot_alt`` ("Plot drawn by the code
cell above") is only the fallback for a cell without one; no plot of the built
site may show it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_html import LANGS, ROOT, page_file
from tools.sitebuild import languages
from tools.sitebuild.notebooks.cells import code_cells, is_figure, read_notebook
from tools.sitebuild.notebooks.render import PLOTS_BLOCK, cell_id

NOTEBOOKS = sorted(path.name for path in (ROOT / "docs").glob("*.ipynb"))


def figure_cells() -> dict[str, str]:
    """Cell id -> notebook, for every code cell tagged "figure" (the cells that draw a plot)."""
    found = {}
    for name in NOTEBOOKS:
        for cell in code_cells(read_notebook(ROOT / "docs" / name)):
            if is_figure(cell):
                found[cell["id"]] = name
    return found


def alt_texts(lang: str) -> dict[str, str]:
    block = languages.ui_words(lang, ROOT).get(PLOTS_BLOCK) or {}
    return {str(k): " ".join(str(v).split()) for k, v in block.items()}


def test_the_notebooks_draw_plots() -> None:
    cells = figure_cells()
    assert set(cells.values()) == set(NOTEBOOKS), f"every notebook has figure cells: {cells}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_cell_has_its_own_alt_text(lang: str) -> None:
    cells = figure_cells()
    texts = alt_texts(lang)
    where = languages.ui_path(lang, ROOT).relative_to(ROOT)
    missing = sorted(set(cells) - set(texts))
    assert not missing, f"{where}: {PLOTS_BLOCK} has no alt text for the figure cells {missing}"
    unknown = sorted(set(texts) - set(cells))
    assert not unknown, f"{where}: {PLOTS_BLOCK} names cells that draw no figure: {unknown}"
    generic = " ".join(languages.ui("notebook.plot_alt", lang, ROOT).split())
    for cell, text in texts.items():
        assert text and text != generic, f"{where}: {PLOTS_BLOCK}.{cell} is empty or the generic text"
        assert len(text.split()) >= 8, f"{where}: {PLOTS_BLOCK}.{cell} is too short to say what the plot shows"
    duplicates = {text for text in texts.values() if list(texts.values()).count(text) > 1}
    assert not duplicates, f"{where}: several plots share one alt text: {duplicates}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_built_plots_say_what_they_show(site_dir: Path, lang: str, notebook: str) -> None:
    """In the built page every plot of a notebook cell carries that cell's text, in the page's language."""
    texts = alt_texts(lang)
    generic = " ".join(languages.ui("notebook.plot_alt", lang, ROOT).split())
    soup = BeautifulSoup(page_file(site_dir, lang, notebook).read_text(encoding="utf-8"), "html.parser")
    plots = [img for img in soup.find_all("img") if img.find_parent(class_="jp-OutputArea") is not None]
    expected = [cell for cell, name in figure_cells().items() if name == notebook]
    assert len(plots) >= len(expected), f"{lang}/{notebook}: {len(plots)} plots for {len(expected)} figure cells"
    for img in plots:
        cell = cell_id(img)
        alt = " ".join(str(img.get("alt", "")).split())
        assert alt != generic, f"{lang}/{notebook}: the plot of cell {cell} has only the generic alt text"
        assert cell in texts and alt == texts[cell], (
            f"{lang}/{notebook}: the plot of cell {cell} has alt {alt!r}, not its text in {PLOTS_BLOCK}"
        )
        link = img.find_parent("a", class_="nb-plot")  # the tap-to-enlarge link is named by the image
        assert link is None or not link.get_text(strip=True), f"{lang}/{notebook}: link text beside the plot"
